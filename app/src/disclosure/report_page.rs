//! The annual disclosure report's page (`/disclosure/report?region=…&
//! department=…&year=…`): a GET form (region, department, year), the three
//! tables of the statutory template counted from the record, and the same
//! as CSV.

use super::{
    report::{AnnualReport, ChallengeLine, Row},
    request::{ApplicantKind, Outcome, Withheld},
    requests::{applicant_kind_msg, outcome_msg, withheld_msg},
};
use crate::{
    error::AppError,
    i18n::{Bilingual, Lang, Msg},
    regions::RegionChoices,
    ui::{region_options, use_prefs, Breadcrumbs, Loaded},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// A department to choose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentChoice {
    pub id: i64,
    pub name: Bilingual,
}

/// What the page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportPageData {
    pub report: AnnualReport,
    pub regions: RegionChoices,
    /// The departments of the report's region, to choose one.
    pub departments: Vec<DepartmentChoice>,
}

#[server(prefix = "/sfn", endpoint = "annual_report_data")]
pub async fn annual_report_data(
    region: String,
    department: String,
    year: String,
) -> Result<ReportPageData, AppError> {
    let q = crate::letters::stats::StatsQuery::parse(Some(&region), Some(&department), None)?;
    let state = crate::state::AppState::from_context()?;
    let year = super::report::report_year(Some(&year), state.now.today().year())?;
    let report =
        super::report_store::annual_report(&state.pool, q.region, q.department, year).await?;
    let departments = sqlx::query_as::<_, (i64, Bilingual)>(
        "select id, row(name_zh, name_en) from department where region_code = $1 order by name_zh",
    )
    .bind(report.scope.region_code as i32)
    .fetch_all(&state.pool)
    .await?
    .into_iter()
    .map(|(id, name)| DepartmentChoice { id, name })
    .collect();
    let regions = RegionChoices::of(&crate::regions::store::all(&state.pool).await?);
    Ok(ReportPageData {
        report,
        regions,
        departments,
    })
}

#[component]
pub fn AnnualReportPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let query = use_query_map();
    let get = move |k: &str| query.with_untracked(|m| m.get(k).unwrap_or_default());
    let (region, department, year) = (get("region"), get("department"), get("year"));
    let title = lang.t(Msg::RptTitle);
    let data = Resource::new(
        move || (region.clone(), department.clone(), year.clone()),
        |(r, d, y)| annual_report_data(r, d, y),
    );
    view! {
        <Title text=title/>
        <Breadcrumbs trail=vec![
            ("/disclosure".to_string(), lang.t(Msg::ChannelDisclosure).to_string()),
            ("/disclosure/report".to_string(), title.to_string()),
        ]/>
        <h1>{title}</h1>
        <p>{lang.t(Msg::RptAbout)}</p>
        <Loaded data title view=move |d| report_view(lang, d)/>
    }
}

fn report_view(lang: Lang, d: ReportPageData) -> impl IntoView {
    let r = d.report;
    let region_code = r.scope.region_code.to_string();
    let chosen = r.scope.department.as_ref().map(|d| d.id);
    let whose = match &r.scope.department {
        Some(dep) => dep.name.get(lang).to_string(),
        None => r.scope.region.get(lang).to_string(),
    };
    let heading = lang.fill(Msg::RptHeading, &[("name", &whose), ("year", &r.year)]);
    let csv = match chosen {
        Some(id) => format!(
            "/api/v1/disclosure/annual-report.csv?department={id}&year={}",
            r.year
        ),
        None => format!(
            "/api/v1/disclosure/annual-report.csv?region={}&year={}",
            r.scope.region_code, r.year
        ),
    };
    let departments = d
        .departments
        .into_iter()
        .map(|c| {
            view! { <option value=c.id.to_string() selected=Some(c.id) == chosen>{c.name.get(lang).to_string()}</option> }
        })
        .collect_view();
    view! {
        <form method="get" action="/disclosure/report" class="filters">
            <div class="field">
                <label for="rpt-region">{lang.t(Msg::StatColCity)}</label>
                <select id="rpt-region" name="region">{region_options(lang, &d.regions, &region_code)}</select>
            </div>
            <div class="field">
                <label for="rpt-department">{lang.t(Msg::StatColDepartment)}</label>
                <select id="rpt-department" name="department" aria-describedby="rpt-department-hint">
                    <option value="" selected=chosen.is_none()>{lang.t(Msg::RptWholeRegion)}</option>
                    {departments}
                </select>
                <p class="hint" id="rpt-department-hint">{lang.t(Msg::RptDepartmentHint)}</p>
            </div>
            <div class="field">
                <label for="rpt-year">{lang.t(Msg::LsYear)}</label>
                <input type="text" inputmode="numeric" id="rpt-year" name="year" value=r.year.to_string() maxlength="4"/>
            </div>
            <button type="submit">{lang.t(Msg::FilterApply)}</button>
        </form>
        <h2>{heading}</h2>
        <p><a href=csv download="">{lang.t(Msg::RptCsv)}</a></p>
        {proactive_view(lang, &r)}
        {requests_view(lang, &r)}
        {challenges_view(lang, &r)}
    }
}

/// A table in a scrolling region, with its caption.
fn table(caption: String, head: AnyView, body: AnyView) -> impl IntoView {
    let label = caption.clone();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=label>
            <table class="stat-table">
                <caption>{caption}</caption>
                <thead>{head}</thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

fn proactive_view(lang: Lang, r: &AnnualReport) -> impl IntoView {
    let p = &r.proactive;
    let line = |name: String, n: u32| view! { <tr><th scope="row">{name}</th><td>{n}</td></tr> };
    let mut rows = vec![line(lang.t(Msg::RptPublished).to_string(), p.published).into_any()];
    for l in &p.by_kind {
        let name = super::Kind::parse(&l.code)
            .map(|k| lang.t(super::documents::kind_msg(k)).to_string())
            .unwrap_or_else(|| l.code.clone());
        rows.push(line(format!("— {name}"), l.count).into_any());
    }
    for l in &p.by_category {
        let name = super::documents::Category::parse(&l.code)
            .map(|c| c.name(lang).to_string())
            .unwrap_or_else(|| l.code.clone());
        rows.push(line(format!("{}：{name}", lang.t(Msg::RptCategory)), l.count).into_any());
    }
    rows.push(line(lang.t(Msg::RptInForce).to_string(), p.in_force).into_any());
    rows.push(line(lang.t(Msg::RptSuperseded).to_string(), p.superseded).into_any());
    table(
        lang.t(Msg::RptProactive).to_string(),
        view! { <tr><th scope="col">{lang.t(Msg::RptItem)}</th><th scope="col">{lang.t(Msg::RptCount)}</th></tr> }
            .into_any(),
        rows.collect_view().into_any(),
    )
}

fn requests_view(lang: Lang, r: &AnnualReport) -> impl IntoView {
    let t = &r.requests;
    let line = |name: String, row: &Row| {
        let cells = row
            .counts
            .iter()
            .map(|n| view! { <td>{*n}</td> })
            .collect_view();
        view! { <tr><th scope="row">{name}</th>{cells}<td>{row.total}</td></tr> }.into_any()
    };
    let mut rows = vec![
        line(lang.t(Msg::RptReceived).to_string(), &t.received),
        line(lang.t(Msg::RptCarriedIn).to_string(), &t.carried_in),
    ];
    for o in &t.outcomes {
        let name = Outcome::parse(&o.code)
            .map(|o| lang.t(outcome_msg(o)).to_string())
            .unwrap_or_else(|| o.code.clone());
        rows.push(line(name, &o.row));
        if o.code == Outcome::NotDisclosed.code() {
            for w in &t.not_disclosed_by_reason {
                let name = Withheld::parse(&w.code)
                    .map(|w| lang.t(withheld_msg(w)).to_string())
                    .unwrap_or_else(|| w.code.clone());
                rows.push(line(format!("— {name}"), &w.row));
            }
        }
    }
    rows.push(line(lang.t(Msg::RptFinished).to_string(), &t.finished));
    rows.push(line(lang.t(Msg::RptCarriedOut).to_string(), &t.carried_out));
    let kinds = ApplicantKind::ALL
        .iter()
        .map(|k| view! { <th scope="col">{lang.t(applicant_kind_msg(*k))}</th> })
        .collect_view();
    table(
        lang.t(Msg::RptRequests).to_string(),
        view! { <tr><th scope="col">{lang.t(Msg::RptItem)}</th>{kinds}<th scope="col">{lang.t(Msg::RptTotal)}</th></tr> }
            .into_any(),
        rows.collect_view().into_any(),
    )
}

fn challenges_view(lang: Lang, r: &AnnualReport) -> impl IntoView {
    let line = |name: &'static str, c: ChallengeLine| {
        view! {
            <tr>
                <th scope="row">{name}</th>
                <td>{c.upheld}</td><td>{c.corrected}</td><td>{c.other}</td><td>{c.pending}</td><td>{c.total}</td>
            </tr>
        }
    };
    table(
        lang.t(Msg::RptChallenges).to_string(),
        view! {
            <tr>
                <th scope="col">{lang.t(Msg::RptItem)}</th>
                <th scope="col">{lang.t(Msg::RptUpheld)}</th>
                <th scope="col">{lang.t(Msg::RptCorrected)}</th>
                <th scope="col">{lang.t(Msg::RptOther)}</th>
                <th scope="col">{lang.t(Msg::RptPending)}</th>
                <th scope="col">{lang.t(Msg::RptTotal)}</th>
            </tr>
        }
        .into_any(),
        view! {
            {line(lang.t(Msg::RptReview), r.challenges.review)}
            {line(lang.t(Msg::RptLawsuit), r.challenges.lawsuit)}
        }
        .into_any(),
    )
}
