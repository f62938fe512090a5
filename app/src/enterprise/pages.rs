//! `/me/enterprise` (我的企业): the enterprise's name and credit code, its
//! cases, investment projects, licences with their state, the annual
//! report with the form that records it filed, the reminders sent, and the
//! life-cycle services. Server-rendered; the form works without
//! JavaScript.

use super::{AnnualReport, EnterpriseView, LicenceView, CREDIT_PUBLICITY_URL};
use crate::{
    accounts::Role,
    error::{set_response_status, AppError},
    i18n::{Lang, Msg},
    ui::{row, signed_in_as, use_prefs, Breadcrumbs, Loaded},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[server(prefix = "/sfn", endpoint = "enterprise_data")]
pub async fn enterprise_data(region: u32) -> Result<EnterpriseView, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    super::store::view(&state.pool, &me, state.now.today(), region).await
}

/// The annual report form sent back refused.
#[derive(Debug, Clone)]
pub struct ReportEcho(pub AppError);

/// `/me/enterprise`.
#[component]
pub fn EnterprisePage() -> impl IntoView {
    let prefs = use_prefs();
    let lang = prefs.lang;
    let title = lang.t(Msg::EntTitle);
    let me = match signed_in_as(lang, title, "/me/enterprise", None) {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let crumbs = vec![
        ("/me".to_string(), lang.t(Msg::MySpaceTitle).to_string()),
        ("/me/enterprise".to_string(), title.to_string()),
    ];
    if me.role != Role::Enterprise {
        set_response_status(403);
        return view! {
            <Title text=title/>
            <Breadcrumbs trail=crumbs/>
            <h1>{title}</h1>
            <p class="notice" role="alert">{lang.t(Msg::EntOnlyEnterprise)}</p>
            <p><a class="action" href="/me">{lang.t(Msg::MySpaceTitle)}</a></p>
        }
        .into_any();
    }
    let done = use_query_map().with_untracked(|q| q.get("done")) == Some("filed".into());
    let echo = use_context::<ReportEcho>();
    let region = prefs.region.get();
    let data = Resource::new(move || region, enterprise_data);
    view! {
        <Title text=title/>
        <Breadcrumbs trail=crumbs/>
        <h1>{title}</h1>
        <p class="about">{lang.t(Msg::EntIntro)}</p>
        <Loaded data view=move |v| enterprise_view(lang, v, done, echo.clone())/>
    }
    .into_any()
}

fn enterprise_view(
    lang: Lang,
    v: EnterpriseView,
    done: bool,
    echo: Option<ReportEcho>,
) -> impl IntoView {
    view! {
        <section class="space-section" aria-labelledby="ent-facts-h">
            <h2 id="ent-facts-h">{lang.t(Msg::MyEnterprise)}</h2>
            <dl class="facts">
                {row(Msg::FieldEnterpriseName, v.name.clone(), lang)}
                {row(Msg::FieldCreditCode, v.credit_code.clone(), lang)}
                {row(Msg::EntFoundedOn, v.founded_on.clone(), lang)}
            </dl>
        </section>
        {licences_view(lang, &v.licences)}
        {annual_view(lang, &v.annual_report, done, echo)}
        {reminders_view(lang, &v)}
        {cases_view(lang, &v)}
        {projects_view(lang, &v)}
        {services_view(lang, &v)}
    }
}

fn licence_row(lang: Lang, l: &LicenceView) -> impl IntoView {
    let until = l
        .valid_until
        .clone()
        .unwrap_or_else(|| lang.t(Msg::EntOpenEnded).to_string());
    let name = match &l.case_no {
        Some(no) => {
            view! { <a href=format!("/cases/{no}")>{l.name.get(lang).to_string()}</a> }.into_any()
        }
        None => l.name.get(lang).to_string().into_any(),
    };
    view! {
        <tr>
            <th scope="row" data-label=lang.t(Msg::EntLicenceName)>{name}</th>
            <td data-label=lang.t(Msg::EntLicenceNumber)>{l.number.clone()}</td>
            <td data-label=lang.t(Msg::EntLicenceDept)>{l.department.get(lang).to_string()}</td>
            <td data-label=lang.t(Msg::EntLicenceIssued)>{l.issued_on.clone()}</td>
            <td data-label=lang.t(Msg::EntLicenceUntil)>{until}</td>
            <td data-label=lang.t(Msg::EntLicenceState)>
                <span class=l.state.class()>{l.state.label(lang)}</span>
            </td>
        </tr>
    }
}

fn licences_view(lang: Lang, licences: &[LicenceView]) -> impl IntoView {
    let body = if licences.is_empty() {
        view! { <p>{lang.t(Msg::EntLicencesEmpty)}</p> }.into_any()
    } else {
        let rows = licences.iter().map(|l| licence_row(lang, l)).collect_view();
        view! {
            <div class="table-wrap" tabindex="0" role="region"
                aria-label=lang.fill(Msg::EntTableOf, &[("name", &lang.t(Msg::EntLicences))])>
                <table>
                    <caption class="sr-only">{lang.t(Msg::EntLicences)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{lang.t(Msg::EntLicenceName)}</th>
                            <th scope="col">{lang.t(Msg::EntLicenceNumber)}</th>
                            <th scope="col">{lang.t(Msg::EntLicenceDept)}</th>
                            <th scope="col">{lang.t(Msg::EntLicenceIssued)}</th>
                            <th scope="col">{lang.t(Msg::EntLicenceUntil)}</th>
                            <th scope="col">{lang.t(Msg::EntLicenceState)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="space-section" aria-labelledby="ent-licences-h">
            <h2 id="ent-licences-h">{lang.t(Msg::EntLicences)}</h2>
            {body}
        </section>
    }
}

fn annual_view(
    lang: Lang,
    report: &AnnualReport,
    done: bool,
    echo: Option<ReportEcho>,
) -> impl IntoView {
    let status = match report {
        AnnualReport::NotYet {
            first_year,
            opens_on,
        } => lang.fill(
            Msg::EntAnnualNotYet,
            &[("year", first_year), ("date", opens_on)],
        ),
        AnnualReport::Due { year, due_on } => {
            lang.fill(Msg::EntAnnualDue, &[("year", year), ("date", due_on)])
        }
        AnnualReport::Filed { year, filed_on } => {
            lang.fill(Msg::EntAnnualFiled, &[("year", year), ("date", filed_on)])
        }
        AnnualReport::Overdue { year, due_on } => {
            lang.fill(Msg::EntAnnualOverdue, &[("year", year), ("date", due_on)])
        }
    };
    let done = done.then(|| {
        view! { <p class="notice success" role="status">{lang.t(Msg::EntAnnualDone)}</p> }
    });
    let error = echo.map(|ReportEcho(e)| {
        set_response_status(e.status());
        view! { <p class="notice error-summary" role="alert" id="ent-annual-error">{e.message(lang)}</p> }
    });
    let form = report.year_to_file().map(|year| {
        view! {
            <form method="post" action="/me/annual-reports" class="ent-annual-form">
                <input type="hidden" name="year" value=year.to_string()/>
                <dl class="facts">{row(Msg::EntAnnualYear, year.to_string(), lang)}</dl>
                <p>
                    <input type="checkbox" id="ent-declared" name="declared" value="true" required=true/>
                    " "
                    <label for="ent-declared">{lang.t(Msg::EntAnnualDeclare)}</label>
                </p>
                <button type="submit" class="primary">{lang.t(Msg::EntAnnualSubmit)}</button>
            </form>
        }
    });
    let state_class = match report {
        AnnualReport::Due { .. } | AnnualReport::Overdue { .. } => "notice",
        _ => "",
    };
    view! {
        <section class="space-section" aria-labelledby="ent-annual-h">
            <h2 id="ent-annual-h">{lang.t(Msg::EntAnnualTitle)}</h2>
            {done}
            {error}
            <p class=state_class>{status}</p>
            <p>
                {lang.t(Msg::EntAnnualWhere)} " "
                <a href=CREDIT_PUBLICITY_URL rel="external noopener">{lang.t(Msg::EntAnnualSystem)}</a>
            </p>
            {form}
        </section>
    }
}

fn reminders_view(lang: Lang, v: &EnterpriseView) -> impl IntoView {
    let body = if v.reminders.is_empty() {
        view! { <p>{lang.t(Msg::EntRemindersEmpty)}</p> }.into_any()
    } else {
        let rows = v
            .reminders
            .iter()
            .map(|r| {
                view! {
                    <tr>
                        <td data-label=lang.t(Msg::EntReminderSent)>{r.sent_on.clone()}</td>
                        <td data-label=lang.t(Msg::EntReminderWhat)>{r.kind.label(lang)}</td>
                        <td data-label=lang.t(Msg::EntReminderAbout)>{r.about.get(lang).to_string()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0" role="region"
                aria-label=lang.fill(Msg::EntTableOf, &[("name", &lang.t(Msg::EntReminders))])>
                <table>
                    <caption class="sr-only">{lang.t(Msg::EntReminders)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{lang.t(Msg::EntReminderSent)}</th>
                            <th scope="col">{lang.t(Msg::EntReminderWhat)}</th>
                            <th scope="col">{lang.t(Msg::EntReminderAbout)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p><a href="/inbox">{lang.t(Msg::InboxTitle)}</a></p>
        }
        .into_any()
    };
    view! {
        <section class="space-section" aria-labelledby="ent-reminders-h">
            <h2 id="ent-reminders-h">{lang.t(Msg::EntReminders)}</h2>
            {body}
        </section>
    }
}

fn cases_view(lang: Lang, v: &EnterpriseView) -> impl IntoView {
    let body = if v.cases.is_empty() {
        view! { <p>{lang.t(Msg::EntCasesEmpty)}</p> }.into_any()
    } else {
        let rows = v
            .cases
            .iter()
            .map(|c| {
                view! {
                    <tr>
                        <th scope="row" data-label=lang.t(Msg::EntCaseNo)>
                            <a href=format!("/cases/{}", c.case_no)>{c.case_no.clone()}</a>
                        </th>
                        <td data-label=lang.t(Msg::EntCaseService)>{c.service.get(lang).to_string()}</td>
                        <td data-label=lang.t(Msg::CaseStatus)>{c.status.label(lang)}</td>
                        <td data-label=lang.t(Msg::EntCaseDueOn)>{c.due_on.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0" role="region"
                aria-label=lang.fill(Msg::EntTableOf, &[("name", &lang.t(Msg::EntCases))])>
                <table>
                    <caption class="sr-only">{lang.t(Msg::EntCases)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{lang.t(Msg::EntCaseNo)}</th>
                            <th scope="col">{lang.t(Msg::EntCaseService)}</th>
                            <th scope="col">{lang.t(Msg::CaseStatus)}</th>
                            <th scope="col">{lang.t(Msg::EntCaseDueOn)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="space-section" aria-labelledby="ent-cases-h">
            <h2 id="ent-cases-h">{lang.t(Msg::EntCases)}</h2>
            {body}
        </section>
    }
}

fn projects_view(lang: Lang, v: &EnterpriseView) -> impl IntoView {
    let body = if v.projects.is_empty() {
        view! { <p>{lang.t(Msg::EntProjectsEmpty)}</p> }.into_any()
    } else {
        let rows = v
            .projects
            .iter()
            .map(|p| {
                let kind = crate::investment::ProjectKind::parse(&p.kind)
                    .map(|k| k.label(lang).to_string())
                    .unwrap_or_default();
                view! {
                    <tr>
                        <th scope="row" data-label=lang.t(Msg::EntProjectName)>
                            <a href=p.link.clone()>{p.name.clone()}</a>
                        </th>
                        <td data-label=lang.t(Msg::EntProjectCode)>{p.code.clone()}</td>
                        <td data-label=lang.t(Msg::EntProjectKind)>{kind}</td>
                        <td data-label=lang.t(Msg::EntProjectRegistered)>{p.registered_on.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0" role="region"
                aria-label=lang.fill(Msg::EntTableOf, &[("name", &lang.t(Msg::EntProjects))])>
                <table>
                    <caption class="sr-only">{lang.t(Msg::EntProjects)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{lang.t(Msg::EntProjectName)}</th>
                            <th scope="col">{lang.t(Msg::EntProjectCode)}</th>
                            <th scope="col">{lang.t(Msg::EntProjectKind)}</th>
                            <th scope="col">{lang.t(Msg::EntProjectRegistered)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="space-section" aria-labelledby="ent-projects-h">
            <h2 id="ent-projects-h">{lang.t(Msg::EntProjects)}</h2>
            {body}
        </section>
    }
}

fn services_view(lang: Lang, v: &EnterpriseView) -> impl IntoView {
    use crate::catalog::vocab::Stage;
    let items = Stage::ALL
        .iter()
        .map(|stage| {
            let service = v.services.iter().find(|s| s.stage == *stage);
            let what = match service.map(|s| (&s.name, &s.link)) {
                None => lang.t(Msg::EntOperateNote).into_any(),
                Some((Some(name), Some(link))) => view! {
                    {name.get(lang).to_string()} " "
                    <a class="action primary" href=link.clone()>{lang.t(Msg::EntServiceApply)}</a>
                }
                .into_any(),
                Some(_) => view! { <span class="action">{lang.t(Msg::EntServiceMissing)}</span> }
                    .into_any(),
            };
            view! {
                <li>
                    <strong>{stage.label(lang)}</strong> " · " {what}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="space-section" aria-labelledby="ent-services-h">
            <h2 id="ent-services-h">{lang.t(Msg::EntServices)}</h2>
            <ul class="ent-lifecycle">{items}</ul>
        </section>
    }
}
