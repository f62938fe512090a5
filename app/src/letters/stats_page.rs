//! The letters' figures and overdue list page (`/letters/stats?region=…&
//! year=…&page=…`), linked from the interaction and disclosure channels: a
//! GET form (region, year), the region's totals, a line per lead
//! department and per region below, and the public list (通报) of letters
//! more than five working days late.

use super::stats::{
    LetterFigures, LetterStatLine, LetterStats, OverduePage, LISTED_AFTER, OVERDUE_MAX_PAGE,
};
use crate::{
    error::AppError,
    i18n::{Lang, Msg},
    regions::RegionChoices,
    supervision::pages::percent,
    ui::{region_options, use_prefs, Breadcrumbs, Loaded},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// What the page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LetterStatsPageData {
    pub stats: LetterStats,
    pub overdue: OverduePage,
    pub regions: RegionChoices,
}

/// The overdue list's page from the query string, or which is wrong.
pub fn overdue_page(page: Option<&str>) -> Result<u32, AppError> {
    match page.map(str::trim).filter(|p| !p.is_empty()) {
        None => Ok(1),
        Some(p) => p
            .parse::<u32>()
            .ok()
            .filter(|p| (1..=OVERDUE_MAX_PAGE).contains(p))
            .ok_or(AppError::InvalidParameter {
                name: "page".into(),
            }),
    }
}

#[server(prefix = "/sfn", endpoint = "letter_stats_data")]
pub async fn letter_stats_data(
    region: String,
    year: String,
    page: String,
) -> Result<LetterStatsPageData, AppError> {
    let q = super::stats::StatsQuery::parse(Some(&region), None, Some(&year))?;
    let page = overdue_page(Some(&page))?;
    let state = crate::state::AppState::from_context()?;
    let cal = crate::clock::store::load(&state.pool).await?;
    let stats = super::stats_store::stats(&state.pool, &q).await?;
    let overdue =
        super::stats_store::overdue(&state.pool, &cal, state.now.today(), q.region, page).await?;
    let regions = RegionChoices::of(&crate::regions::store::all(&state.pool).await?);
    Ok(LetterStatsPageData {
        stats,
        overdue,
        regions,
    })
}

#[component]
pub fn LetterStatsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let query = use_query_map();
    let get = move |k: &str| query.with_untracked(|m| m.get(k).unwrap_or_default());
    let (region, year, page) = (get("region"), get("year"), get("page"));
    let title = lang.t(Msg::IxStatsTitle);
    let data = Resource::new(
        move || (region.clone(), year.clone(), page.clone()),
        |(r, y, p)| letter_stats_data(r, y, p),
    );
    view! {
        <Title text=title/>
        <Breadcrumbs trail=vec![
            ("/interaction".to_string(), lang.t(Msg::ChannelInteraction).to_string()),
            ("/letters/stats".to_string(), title.to_string()),
        ]/>
        <h1>{title}</h1>
        <p>{lang.t(Msg::LsAbout)}</p>
        <Loaded data title view=move |d| stats_view(lang, d)/>
    }
}

fn stats_view(lang: Lang, d: LetterStatsPageData) -> impl IntoView {
    let s = d.stats;
    let year = s.year.map(|y| y.to_string()).unwrap_or_default();
    let region_code = s.region_code.to_string();
    let scope = match s.year {
        Some(y) => lang.fill(
            Msg::LsScopeYear,
            &[("region", &s.region.get(lang)), ("year", &y)],
        ),
        None => lang.fill(Msg::LsScopeAll, &[("region", &s.region.get(lang))]),
    };
    view! {
        <form method="get" action="/letters/stats" class="filters">
            <div class="field">
                <label for="ls-region">{lang.t(Msg::StatColCity)}</label>
                <select id="ls-region" name="region">{region_options(lang, &d.regions, &region_code)}</select>
            </div>
            <div class="field">
                <label for="ls-year">{lang.t(Msg::LsYear)}</label>
                <input type="text" inputmode="numeric" id="ls-year" name="year" value=year maxlength="4"
                    aria-describedby="ls-year-hint"/>
                <p class="hint" id="ls-year-hint">{lang.t(Msg::LsYearHint)}</p>
            </div>
            <button type="submit">{lang.t(Msg::FilterApply)}</button>
        </form>
        <h2>{scope}</h2>
        {figures_table(lang, lang.t(Msg::LsTotal), vec![LetterStatLine {
            id: 0,
            name: s.region.clone(),
            figures: s.total,
        }], None)}
        {(!s.departments.is_empty()).then(|| view! {
            <h2>{lang.t(Msg::LsByDepartment)}</h2>
            {figures_table(lang, lang.t(Msg::StatColDepartment), s.departments, None)}
        })}
        {(!s.regions.is_empty()).then(|| view! {
            <h2>{lang.t(Msg::LsByRegion)}</h2>
            {figures_table(lang, lang.t(Msg::StatColCity), s.regions, Some(s.year))}
        })}
        {overdue_view(lang, d.overdue)}
    }
}

fn cell(n: i64, rate: Option<f64>) -> String {
    match rate {
        Some(_) => format!("{n} ({})", percent(rate)),
        None => n.to_string(),
    }
}

/// A table of figures; `link_year` makes each line's name a link to its
/// region's page (for the regions below).
fn figures_table(
    lang: Lang,
    head: &'static str,
    lines: Vec<LetterStatLine>,
    link_year: Option<Option<i32>>,
) -> impl IntoView {
    let rows = lines
        .into_iter()
        .map(|l| {
            let f: LetterFigures = l.figures;
            let name = l.name.get(lang).to_string();
            let name = match link_year {
                Some(year) => {
                    let year = year.map(|y| format!("&year={y}")).unwrap_or_default();
                    view! { <a href=format!("/letters/stats?region={}{year}", l.id)>{name}</a> }
                        .into_any()
                }
                None => view! { {name} }.into_any(),
            };
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td>{f.received}</td>
                    <td>{cell(f.replied, f.reply_rate())}</td>
                    <td>{cell(f.replied_on_time, f.on_time_rate())}</td>
                    <td>{cell(f.satisfied, f.satisfaction_rate())}" / "{f.followed_up}</td>
                    <td>{f.reopened}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=head>
            <table class="stat-table">
                <thead><tr>
                    <th scope="col">{head}</th>
                    <th scope="col">{lang.t(Msg::LsColReceived)}</th>
                    <th scope="col">{lang.t(Msg::LsColReplied)}</th>
                    <th scope="col">{lang.t(Msg::LsColOnTime)}</th>
                    <th scope="col">{lang.t(Msg::LsColSatisfied)}</th>
                    <th scope="col">{lang.t(Msg::LsColReopened)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn overdue_view(lang: Lang, o: OverduePage) -> impl IntoView {
    let pages = ((o.total.max(0) as u64).div_ceil(u64::from(o.page_size)))
        .min(u64::from(OVERDUE_MAX_PAGE)) as u32;
    let region = o.region_code;
    let link = move |p: u32| format!("/letters/stats?region={region}&page={p}#overdue");
    let page = o.page;
    let intro = lang.fill(
        Msg::LsOverdueAbout,
        &[
            ("days", &LISTED_AFTER),
            ("date", &o.due_on_or_before),
            ("count", &o.total),
        ],
    );
    let rows = o
        .letters
        .into_iter()
        .map(|l| {
            let no = match &l.subject {
                Some(_) => view! { <a href=format!("/letters/{}", l.letter_no)>{l.letter_no.clone()}</a> }.into_any(),
                None => view! { {l.letter_no.clone()} }.into_any(),
            };
            view! {
                <tr>
                    <th scope="row">{no}</th>
                    <td>{super::Kind::parse(&l.kind).map(|k| lang.t(k.msg())).unwrap_or_default()}</td>
                    <td>{l.subject.unwrap_or_else(|| lang.t(Msg::LsPrivateSubject).to_string())}</td>
                    <td>{l.department.get(lang).to_string()}</td>
                    <td>{l.region.get(lang).to_string()}</td>
                    <td>{l.received_on}</td>
                    <td>{l.due_on}</td>
                    <td>{lang.fill(Msg::LsOverdueDays, &[("n", &l.overdue_days)])}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="letter-overdue">
            <h2 id="overdue">{lang.t(Msg::LsOverdueTitle)}</h2>
            <p>{intro}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label=lang.t(Msg::LsOverdueTitle)>
                <table class="stat-table">
                    <thead><tr>
                        <th scope="col">{lang.t(Msg::LsColNo)}</th>
                        <th scope="col">{lang.t(Msg::LsColKind)}</th>
                        <th scope="col">{lang.t(Msg::LsColSubject)}</th>
                        <th scope="col">{lang.t(Msg::StatColDepartment)}</th>
                        <th scope="col">{lang.t(Msg::StatColCity)}</th>
                        <th scope="col">{lang.t(Msg::LsColReceivedOn)}</th>
                        <th scope="col">{lang.t(Msg::StatColDue)}</th>
                        <th scope="col">{lang.t(Msg::LsColOverdue)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {(pages > 1).then(|| view! {
                <nav class="pagination" aria-label=lang.t(Msg::Pagination)>
                    {(page > 1).then(|| view! { <a rel="prev" href=link(page - 1)>{lang.t(Msg::PrevPage)}</a> })}
                    <span>{page}" / "{pages}</span>
                    {(page < pages).then(|| view! { <a rel="next" href=link(page + 1)>{lang.t(Msg::NextPage)}</a> })}
                </nav>
            })}
        </div>
    }
}
