//! The staff workbench: the post's queue with deadlines in colour
//! (`/staff/tasks`), and a task (`/staff/tasks/{id}`) with only the
//! department's part of the application, what the other departments have
//! already decided (not checked again), and the actions — plain forms.

use super::{
    desk::{self, ConfirmRefusal, Revealed},
    engine::TaskState,
    views::{QueueRow, TaskView, ToOrganise},
};
use crate::{
    accounts::Role,
    error::{set_response_status, AppError},
    i18n::{Lang, Msg},
    ui::{row, signed_in_as, use_prefs, ActionRefused, Loaded, LoadedList},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[server(prefix = "/sfn", endpoint = "workbench_queue")]
pub async fn workbench_queue() -> Result<Vec<QueueRow>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let post = super::store::staff_post(&state.pool, &me).await?;
    let cal = crate::clock::store::load(&state.pool).await?;
    super::store::queue(&state.pool, &cal, post, state.now.today(), 200).await
}

#[server(prefix = "/sfn", endpoint = "inspections_to_organise")]
pub async fn inspections_to_organise() -> Result<Vec<ToOrganise>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let post = super::store::staff_post(&state.pool, &me).await?;
    super::store::inspections_to_organise(&state.pool, post).await
}

#[server(prefix = "/sfn", endpoint = "task_page_data")]
pub async fn task_page_data(id: i64) -> Result<TaskView, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    super::store::clerk_task(&state.pool, &state.data_key, &me, id, state.now.today()).await
}

/// `/staff/tasks`: the queue of the clerk's post.
#[component]
pub fn WorkbenchPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::WorkbenchTitle);
    if let Err(refused) = signed_in_as(lang, title, "/staff/tasks", Some(Role::Staff)) {
        return refused;
    }
    let rows = Resource::new(|| (), |_| workbench_queue());
    let organise = Resource::new(|| (), |_| inspections_to_organise());
    let decided = use_query_map()
        .with_untracked(|q| desk::decided_message(lang, q.get("decided"), q.get("case")));
    let refused = use_context::<ActionRefused>().map(|refused| {
        set_response_status(refused.0.status());
        view! { <p class="notice error-summary" role="alert">{refused.message(lang)}</p> }
    });
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {refused}
        {decided}
        <p class="about">{lang.t(Msg::WorkbenchAbout)}</p>
        <form method="post" action="/staff/tasks/claim" class="form-inline">
            <button type="submit" class="primary">{lang.t(Msg::WorkbenchClaim)}</button>
        </form>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match organise.await {
                    Ok(list) if !list.is_empty() => organise_view(lang, list).into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
        <LoadedList data=rows empty=Msg::WorkbenchEmpty view=move |rows| queue_table(lang, rows)/>
    }
    .into_any()
}

fn organise_view(lang: Lang, list: Vec<ToOrganise>) -> impl IntoView {
    let items = list
        .into_iter()
        .map(|c| {
            let id = c.case_no.replace('-', "");
            view! {
                <li>
                    <h3>{c.case_no.clone()}</h3>
                    <ul>{c.proposals.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    <form method="post" action=format!("/staff/cases/{}/inspection", c.case_no) class="form">
                        <div class="field">
                            <label for=format!("date-{id}")>{lang.t(Msg::InspectionDate)}</label>
                            <input type="date" id=format!("date-{id}") name="date" required=true/>
                        </div>
                        <div class="field">
                            <label for=format!("place-{id}")>{lang.t(Msg::InspectionPlace)}</label>
                            <input type="text" id=format!("place-{id}") name="place" required=true/>
                        </div>
                        <div class="field">
                            <label for=format!("who-{id}")>{lang.t(Msg::InspectionParticipants)}</label>
                            <textarea id=format!("who-{id}") name="participants" rows="3" required=true></textarea>
                        </div>
                        <button type="submit" class="primary">{lang.t(Msg::InspectionOrganise)}</button>
                    </form>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="space-section" aria-labelledby="organise-h">
            <h2 id="organise-h">{lang.t(Msg::InspectionToOrganise)}</h2>
            <ul class="case-list">{items}</ul>
        </section>
    }
}

fn queue_table(lang: Lang, rows: Vec<QueueRow>) -> impl IntoView {
    let body = rows
        .into_iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row" data-label={lang.t(Msg::CaseNumber)}><a href=format!("/staff/tasks/{}", r.task_id)>{r.case_no.clone()}</a></th>
                    <td data-label={lang.t(Msg::CaseService)}>{r.service.get(lang).to_string()}</td>
                    <td data-label={lang.t(Msg::WorkbenchStep)}>{r.step.get(lang).to_string()}</td>
                    <td data-label={lang.t(Msg::CaseStepDue)}>{r.due_on.clone()}</td>
                    <td data-label={lang.t(Msg::WorkbenchTimeLeft)}><span class=r.urgency.class()>{r.urgency.label(lang)}</span></td>
                    <td data-label={lang.t(Msg::WorkbenchState)}>{if r.mine { lang.t(Msg::WorkbenchMine) } else { lang.t(Msg::WorkbenchReady) }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=lang.t(Msg::WorkbenchTitle)>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{lang.t(Msg::CaseNumber)}</th>
                        <th scope="col">{lang.t(Msg::CaseService)}</th>
                        <th scope="col">{lang.t(Msg::WorkbenchStep)}</th>
                        <th scope="col">{lang.t(Msg::CaseStepDue)}</th>
                        <th scope="col">{lang.t(Msg::WorkbenchTimeLeft)}</th>
                        <th scope="col">{lang.t(Msg::WorkbenchState)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// `/staff/tasks/{id}`: one task.
#[component]
pub fn TaskPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::TaskTitle);
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    if let Err(refused) = signed_in_as(
        lang,
        title,
        &format!("/staff/tasks/{id}"),
        Some(Role::Staff),
    ) {
        return refused;
    }
    let refused = use_context::<ActionRefused>().map(|refused| {
        set_response_status(refused.0.status());
        view! { <p class="notice error-summary" role="alert">{refused.message(lang)}</p> }
    });
    let confirm = use_context::<ConfirmRefusal>();
    let revealed = use_context::<Revealed>();
    let data = Resource::new(
        move || params.with(|p| p.get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0)),
        task_page_data,
    );
    view! {
        {refused}
        <Loaded data title view=move |d| task_view(lang, d, confirm.clone(), revealed.clone())/>
    }
    .into_any()
}

fn task_view(
    lang: Lang,
    mut task: TaskView,
    confirm: Option<ConfirmRefusal>,
    revealed: Option<Revealed>,
) -> impl IntoView {
    let fields = std::mem::take(&mut task.fields);
    let materials = std::mem::take(&mut task.materials);
    let history = std::mem::take(&mut task.history);
    let notices = std::mem::take(&mut task.notices);
    let step = &task.step;
    let title = format!("{} · {}", step.name.get(lang), task.case.case_no);
    let answers = fields
        .iter()
        .filter_map(|f| {
            task.answers.get(&f.key).map(|a| {
                view! {
                    <div>
                        <dt>{f.label.get(lang).to_string()}</dt>
                        <dd>{desk::answer_view(lang, task.task_id, f, a, &task.places, revealed.as_ref())}</dd>
                    </div>
                }
            })
        })
        .collect_view();
    let others = task
        .case
        .steps
        .iter()
        .filter(|s| s.task_id != task.task_id && s.kind != "acceptance" && s.kind != "result")
        .map(|s| {
            view! {
                <tr>
                    <th scope="row" data-label={lang.t(Msg::AccessDepartment)}>{s.department.get(lang).to_string()}</th>
                    <td data-label={lang.t(Msg::WorkbenchStep)}>{s.name.get(lang).to_string()}</td>
                    <td data-label={lang.t(Msg::WorkbenchState)}>{s.state.label(lang)}</td>
                </tr>
            }
        })
        .collect_view();
    let open = matches!(step.state, TaskState::Ready | TaskState::Claimed) && task.can_decide;
    // One decision control; a refusal is confirmed first (the page again,
    // rendered by the server, asks).
    let (confirmation, decision) = match (open, confirm) {
        (true, Some(ConfirmRefusal(reason))) => (
            Some(desk::confirm_refusal(lang, task.task_id, reason).into_any()),
            None,
        ),
        (true, None) => (
            None,
            Some(desk::decision_form(lang, task.task_id, &step.kind).into_any()),
        ),
        (false, _) => (None, None),
    };
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        {confirmation}
        <dl class="facts">
            {row(Msg::CaseService, task.case.service.get(lang).to_string(), lang)}
            {row(Msg::CaseStatus, task.case.status.label(lang).to_string(), lang)}
            {row(Msg::CaseStepDue, step.due_on.clone().unwrap_or_default(), lang)}
            {row(Msg::WorkbenchState, step.state.label(lang).to_string(), lang)}
        </dl>
        {desk::task_notices(lang, notices)}
        <section class="space-section" aria-labelledby="part-h">
            <h2 id="part-h">{lang.t(Msg::TaskPart)}</h2>
            <dl class="facts">{answers}</dl>
            <h3>{lang.t(Msg::ApplyMaterials)}</h3>
            {crate::files::list::files_list(lang, &materials)}
        </section>
        <section class="space-section" aria-labelledby="others-h">
            <h2 id="others-h">{lang.t(Msg::TaskOthers)}</h2>
            <p>{lang.t(Msg::TaskOthersAbout)}</p>
            <div class="table-wrap" tabindex="0" role="region" aria-label=lang.t(Msg::TaskOthersTable)>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{lang.t(Msg::AccessDepartment)}</th>
                            <th scope="col">{lang.t(Msg::WorkbenchStep)}</th>
                            <th scope="col">{lang.t(Msg::WorkbenchState)}</th>
                        </tr>
                    </thead>
                    <tbody>{others}</tbody>
                </table>
            </div>
        </section>
        {desk::history_section(lang, history)}
        {decision}
        <p><a href="/staff/tasks">{lang.t(Msg::WorkbenchTitle)}</a></p>
    }
}
