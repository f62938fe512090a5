//! The staff workbench over HTTP: each post's queue, claiming and acting on
//! tasks, reading a task, and the lead unit's joint site inspection — as
//! JSON and as the workbench pages' plain forms.

use crate::{
    applications::case_no,
    http::{
        finish, redirect, rerender_with, FormPage, FormPost, JsonBody, Posted, SendBack, SignedIn,
    },
};
use app::{
    accounts::Me,
    clock,
    error::AppError,
    state::AppState,
    ui::ActionRefused,
    workflow::{
        desk::{ConfirmRefusal, Decision},
        desk_store,
        engine::Action,
        store as wf,
        views::{QueueRow, TaskView},
    },
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
    Json,
};
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of the workbench, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(queue))
        .routes(routes!(claim))
        .routes(routes!(inspection))
        .routes(routes!(task, act))
        .route("/staff/tasks/claim", post(form_claim))
        .route("/staff/tasks/{id}", post(form_act))
        .route("/staff/cases/{case_no}/inspection", post(form_inspection))
}

/// `GET /api/v1/staff/tasks`: the clerk's queue (ready tasks of the post and
/// the clerk's own), most urgent first, with colours for time left.
#[utoipa::path(
    get,
    path = "/api/v1/staff/tasks",
    operation_id = "workbench_queue",
    tag = "workbench",
    responses(
        (status = 200, description = "The queue, most urgent first", body = Vec<app::workflow::views::QueueRow>),
        crate::openapi::RoleRead,
    )
)]
pub async fn queue(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<QueueRow>>, AppError> {
    let post = wf::staff_post(&state.pool, &me).await?;
    let cal = clock::store::load(&state.pool).await?;
    Ok(Json(
        wf::queue(&state.pool, &cal, post, state.now.today(), 200).await?,
    ))
}

/// Claims the most urgent ready task of the clerk's post, if any.
async fn claim_next(state: &AppState, me: &Me) -> Result<Option<i64>, AppError> {
    let post = wf::staff_post(&state.pool, me).await?;
    wf::claim_next(&state.pool, post, state.now.today()).await
}

/// `POST /api/v1/staff/tasks/claim`: takes the most urgent ready task of the
/// post (200 `{"task_id"}`), or 204 when the queue is empty.
#[utoipa::path(
    post,
    path = "/api/v1/staff/tasks/claim",
    operation_id = "workbench_claim",
    tag = "workbench",
    responses(
        (status = 200, description = "The task taken", body = crate::openapi::Claimed),
        (status = 204, description = "The queue is empty"),
        crate::openapi::RoleAction,
    )
)]
pub async fn claim(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Response, AppError> {
    Ok(match claim_next(&state, &me).await? {
        Some(task) => Json(json!({ "task_id": task })).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

/// `GET /api/v1/staff/tasks/{id}`: the task with its part of the answers
/// (the read is audited), the part's form fields (to label the answers)
/// and the case's scans; 404 for another post's task.
#[utoipa::path(
    get,
    path = "/api/v1/staff/tasks/{id}",
    operation_id = "workbench_task",
    tag = "workbench",
    params(("id" = i64, Path, description = "The task's id")),
    responses(
        (status = 200, description = "The task", body = app::workflow::views::TaskView),
        crate::openapi::RoleRead, crate::openapi::BadPath,
        (status = 404, description = "No such task of the post's (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn task(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
) -> Result<Json<TaskView>, AppError> {
    let today = state.now.today();
    Ok(Json(
        wf::clerk_task(&state.pool, &state.data_key, &me, id, today).await?,
    ))
}

/// Acts on task `id` as the clerk's post; the body is judged after the
/// clerk's post is known.
async fn act_on(
    state: &AppState,
    me: &Me,
    id: i64,
    action: impl FnOnce() -> Result<Action, AppError>,
) -> Result<app::workflow::engine::CaseStatus, AppError> {
    let post = wf::staff_post(&state.pool, me).await?;
    let action = action()?;
    let cal = clock::store::load(&state.pool).await?;
    wf::act(&state.pool, &cal, post, id, &action, state.now.today()).await
}

/// `POST /api/v1/staff/tasks/{id}` with an action (`{"action":"approve"}`,
/// `{"action":"reject","reason"}`, `{"action":"request_supplement","what"}`,
/// `{"action":"issue","certificate_no"}`, `claim`, `release`,
/// `propose_inspection`): 200 with the case's status, or 409 naming why
/// the action is refused (nothing changes).
#[utoipa::path(
    post,
    path = "/api/v1/staff/tasks/{id}",
    operation_id = "workbench_act",
    tag = "workbench",
    params(("id" = i64, Path, description = "The task's id")),
    request_body = app::workflow::engine::Action,
    responses(
        (status = 200, description = "Done; the case's status", body = crate::openapi::CaseStatusAnswer),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such task of the post's (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "The action is refused (`transition_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "A text with a control or hidden character (`transition_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn act(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
    body: Result<JsonBody<Action>, AppError>,
) -> Result<Json<serde_json::Value>, AppError> {
    let status = act_on(&state, &me, id, || body.map(|JsonBody(a)| a)).await?;
    Ok(Json(json!({ "status": status })))
}

/// Organises the joint site inspection of case `no` as the clerk's post
/// (the lead unit's, once); the body is judged after the post and the case
/// number.
async fn organise(
    state: &AppState,
    me: &Me,
    no: &str,
    inspection: impl FnOnce() -> Result<wf::Inspection, AppError>,
) -> Result<(), AppError> {
    let post = wf::staff_post(&state.pool, me).await?;
    let no = case_no(no)?;
    let inspection = inspection()?;
    let cal = clock::store::load(&state.pool).await?;
    wf::organise_inspection(
        &state.pool,
        &cal,
        post,
        no.as_str(),
        &inspection,
        state.now.today(),
    )
    .await
}

/// `POST /api/v1/staff/cases/{case_no}/inspection` with
/// `{"date","place","participants":[…]}`: the lead unit organises the
/// joint site inspection, once (409 the second time; 409 for another
/// department's clerk; 404 for a clerk with no part in the case).
#[utoipa::path(
    post,
    path = "/api/v1/staff/cases/{case_no}/inspection",
    operation_id = "workbench_inspection",
    tag = "workbench",
    params(("case_no" = String, Path, description = "The case number, e.g. `440100-20261008-000123`")),
    request_body = app::workflow::store::Inspection,
    responses(
        (status = 204, description = "Organised"),
        crate::openapi::RoleWrite, crate::openapi::InvalidFields,
        (status = 404, description = "No part in the case (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Organised already, or not the lead unit (`transition_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn inspection(
    State(state): State<AppState>,
    Path(no): Path<String>,
    SignedIn(me): SignedIn,
    body: Result<JsonBody<wf::Inspection>, AppError>,
) -> Result<StatusCode, AppError> {
    organise(&state, &me, &no, || body.map(|JsonBody(i)| i)).await?;
    Ok(StatusCode::CREATED)
}

// ---- the pages' forms (they work without JavaScript) ------------------------

/// The workbench's forms are on the queue's page and the task pages: a
/// signed-out clerk signs in and comes back to the queue.
pub struct Queue;

impl FormPage for Queue {
    fn page(_: &str) -> String {
        "/staff/tasks".to_string()
    }
}

/// `POST /staff/tasks/claim`: to the task taken, or back to the queue.
pub async fn form_claim(FormPost(state, me, ..): FormPost<Queue>) -> Response {
    let outcome = claim_next(&state, &me).await;
    redirect(outcome.map(|task| match task {
        Some(task) => format!("/staff/tasks/{task}"),
        None => "/staff/tasks".to_string(),
    }))
}

/// An action as the task page's forms send it: the one decision control
/// sends the choice (`action`) and one `note` standing for the decision's
/// text; the older names (`reason`, `what`, `certificate_no`) are read when
/// `note` is empty.
fn action_of(posted: &Posted) -> Result<Action, AppError> {
    let text = |n: &str| posted.text(n);
    let note_or = |other: &str| {
        let note = posted.text("note");
        if note.trim().is_empty() {
            posted.text(other)
        } else {
            note
        }
    };
    Ok(match posted.get("action").unwrap_or_default() {
        "approve" => Action::Approve { note: text("note") },
        "reject" => Action::Reject {
            reason: note_or("reason"),
        },
        "request_supplement" => Action::RequestSupplement {
            what: note_or("what"),
        },
        "issue" => Action::Issue {
            certificate_no: note_or("certificate_no"),
        },
        "propose_inspection" => Action::ProposeInspection { note: text("note") },
        "claim" => Action::Claim,
        "release" => Action::Release,
        _ => {
            return Err(AppError::InvalidParameter {
                name: "action".into(),
            })
        }
    })
}

/// Whether a refusal of task `id` with `reason` is to be confirmed first:
/// a reason the engine takes, on an open task of the clerk's post. Anything
/// else goes on to the engine, which says what is wrong.
async fn to_confirm(state: &AppState, me: &Me, id: i64, reason: &str) -> Result<bool, AppError> {
    if app::workflow::engine::STAFF_TEXT.parse(reason).is_err() {
        return Ok(false);
    }
    let post = wf::staff_post(&state.pool, me).await?;
    Ok(sqlx::query_scalar(
        "select exists (select 1 from case_task
                        where id = $1 and post_id = $2 and state in ('ready', 'claimed'))",
    )
    .bind(id)
    .bind(post.post_id)
    .fetch_one(&state.pool)
    .await?)
}

/// `POST /staff/tasks/{id}` (the task page's decision): a refusal not yet
/// confirmed shows the task page again asking to confirm it (200, nothing
/// changes); a decision made goes to the queue with its message
/// (`?decided=approve&case=…`); a refused one comes back to the task page
/// with the reason.
pub async fn form_act(
    Path(id): Path<i64>,
    FormPost(state, me, parts, posted, ..): FormPost<Queue>,
) -> Response {
    if let Ok(p) = &posted {
        if p.get("action") == Some("reject") && p.get("confirmed") != Some("yes") {
            let reason = action_of(p)
                .map(|a| match a {
                    Action::Reject { reason } => reason,
                    _ => String::new(),
                })
                .unwrap_or_default();
            match to_confirm(&state, &me, id, &reason).await {
                Ok(true) => {
                    let reason = reason.trim().to_string();
                    return rerender_with(
                        &state,
                        parts,
                        app::accounts::FormEcho::default(),
                        ConfirmRefusal(reason),
                        StatusCode::OK,
                    )
                    .await;
                }
                Ok(false) => {}
                Err(err) => {
                    return finish(&state, parts, Err::<Response, _>(err), |err| {
                        SendBack::with(ActionRefused(err)).at(format!("/staff/tasks/{id}"))
                    })
                    .await
                }
            }
        }
    }
    let decision = posted
        .as_ref()
        .ok()
        .and_then(|p| p.get("action"))
        .and_then(Decision::parse);
    let outcome = act_on(&state, &me, id, || action_of(&posted?)).await;
    let answer = match outcome {
        Ok(_) => match decision {
            Some(d) => desk_store::case_no_of_task(&state.pool, id)
                .await
                .map(|case| {
                    let case = case.unwrap_or_default();
                    crate::http::see_other(&format!(
                        "/staff/tasks?decided={}&case={case}",
                        d.code()
                    ))
                }),
            None => Ok(crate::http::see_other("/staff/tasks")),
        },
        Err(e) => Err(e),
    };
    finish(&state, parts, answer, |err| {
        SendBack::with(ActionRefused(err)).at(format!("/staff/tasks/{id}"))
    })
    .await
}

/// `POST /staff/cases/{case_no}/inspection` (the lead unit's form): back to
/// the workbench, or the refusal.
pub async fn form_inspection(
    Path(no): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<Queue>,
) -> Response {
    let outcome = organise(&state, &me, &no, || {
        let posted = posted?;
        Ok(wf::Inspection {
            date: posted.text("date"),
            place: posted.text("place"),
            participants: posted
                .text("participants")
                .lines()
                .map(str::to_string)
                .collect(),
        })
    })
    .await;
    let answer = outcome.map(|()| crate::http::see_other("/staff/tasks"));
    finish(&state, parts, answer, |err| {
        SendBack::with(ActionRefused(err)).at("/staff/tasks".to_string())
    })
    .await
}
