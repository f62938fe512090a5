//! `/supervision/cases/{case_no}` (issue 17): a case as a supervisor of its
//! region reads it from an alert — read only, the read audited — with its
//! late steps marked, a supervision notice (督办) to send about each, and
//! the notices sent with the department's answers.

use super::supervised::SupervisedCase;
use crate::{
    error::{set_response_status, AppError},
    i18n::{Lang, Msg},
    ui::{row, signed_in_as, use_prefs, ActionRefused, Breadcrumbs, Loaded},
    workflow::desk::{history_section, notice_item},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[server(prefix = "/sfn", endpoint = "supervised_case")]
pub async fn supervised_case_data(case_no: String) -> Result<SupervisedCase, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    super::supervised_store::supervised_case(&state.pool, &me, &case_no, state.now.today()).await
}

/// The page.
#[component]
pub fn SupervisedCasePage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::ChannelSupervision);
    let params = use_params_map();
    let case_no = params.with_untracked(|p| p.get("case_no").unwrap_or_default());
    if let Err(refused) = signed_in_as(lang, title, &format!("/supervision/cases/{case_no}"), None)
    {
        return refused;
    }
    let sent = use_query_map().with_untracked(|q| q.get("sent").is_some());
    let refused = use_context::<ActionRefused>().map(|refused| {
        set_response_status(refused.0.status());
        view! { <p class="notice error-summary" role="alert">{refused.message(lang)}</p> }
    });
    let data = Resource::new(
        move || params.with(|p| p.get("case_no").unwrap_or_default()),
        supervised_case_data,
    );
    view! {
        {refused}
        {sent.then(|| view! { <p class="notice desk-done" role="status">{lang.t(Msg::SupNoticeSent)}</p> })}
        <Loaded data title view=move |c| case_view(lang, c)/>
    }
    .into_any()
}

fn case_view(lang: Lang, c: SupervisedCase) -> impl IntoView {
    let title = lang.fill(Msg::SupCaseTitle, &[("case", &c.case_no)]);
    let case_no = c.case_no.clone();
    let steps = c
        .steps
        .iter()
        .filter(|s| s.kind != "acceptance" && s.kind != "result")
        .map(|s| {
            let late = c.late.contains(&s.task_id);
            let state = if late {
                view! { <span class="alert-badge urgency-red">{lang.t(Msg::SupLate)}</span> }
                    .into_any()
            } else {
                view! { {s.state.label(lang)} }.into_any()
            };
            view! {
                <tr id=format!("step-{}", s.task_id)>
                    <th scope="row" data-label={lang.t(Msg::AccessDepartment)}>{s.department.get(lang).to_string()}</th>
                    <td data-label={lang.t(Msg::WorkbenchStep)}>{s.name.get(lang).to_string()}</td>
                    <td data-label={lang.t(Msg::CaseStepDue)}>{s.due_on.clone().unwrap_or_default()}</td>
                    <td data-label={lang.t(Msg::WorkbenchState)}>{state}</td>
                </tr>
            }
        })
        .collect_view();
    let forms = c
        .steps
        .iter()
        .filter(|s| c.late.contains(&s.task_id))
        .map(|s| {
            let id = format!("note-{}", s.task_id);
            view! {
                <form method="post" action=format!("/supervision/cases/{case_no}/notices") class="form sup-send">
                    <input type="hidden" name="task_id" value=s.task_id.to_string()/>
                    <h3>{lang.fill(Msg::SupNoticeOf, &[("step", &format!("{} · {}", s.department.get(lang), s.name.get(lang)))])}</h3>
                    <div class="field">
                        <label for=id.clone()>{lang.t(Msg::SupNoticeNote)}</label>
                        <textarea id=id name="note" rows="3" required=true maxlength="500"></textarea>
                    </div>
                    <button type="submit" class="primary">{lang.t(Msg::SupNoticeSend)}</button>
                </form>
            }
        })
        .collect_view();
    let notices = if c.notices.is_empty() {
        view! { <p>{lang.t(Msg::SupNoticesNone)}</p> }.into_any()
    } else {
        view! {
            <ul class="sup-list">
                {c.notices.into_iter().map(|n| notice_item(lang, n, false)).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <Title text=title.clone()/>
        <Breadcrumbs trail=vec![
            ("/supervision".to_string(), lang.t(Msg::ChannelSupervision).to_string()),
            (format!("/supervision/cases/{}", c.case_no), c.case_no.clone()),
        ]/>
        <h1>{title}</h1>
        <p class="about">{lang.t(Msg::SupCaseAbout)}</p>
        <dl class="facts">
            {row(Msg::CaseService, c.service.get(lang).to_string(), lang)}
            {row(Msg::CaseStepDue, c.due_on.clone(), lang)}
        </dl>
        <section class="space-section" aria-labelledby="steps-h">
            <h2 id="steps-h">{lang.t(Msg::SupSteps)}</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-label=lang.t(Msg::SupStepsTable)>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{lang.t(Msg::AccessDepartment)}</th>
                            <th scope="col">{lang.t(Msg::WorkbenchStep)}</th>
                            <th scope="col">{lang.t(Msg::CaseStepDue)}</th>
                            <th scope="col">{lang.t(Msg::WorkbenchState)}</th>
                        </tr>
                    </thead>
                    <tbody>{steps}</tbody>
                </table>
            </div>
            {forms}
        </section>
        <section class="space-section" aria-labelledby="sup-notices-h">
            <h2 id="sup-notices-h">{lang.t(Msg::SupNotices)}</h2>
            {notices}
        </section>
        {history_section(lang, c.history)}
    }
}
