//! The clerk's desk and supervision notices over HTTP (issue 17), as the
//! pages' plain forms: the audited reveal of a full ID number on the task
//! page, a supervisor's notice (督办) about a late step, the department's
//! answer.

use crate::http::{finish, rerender_with, see_other, FormPage, FormPost, PageAbove, SendBack};
use app::{
    accounts::FormEcho,
    error::AppError,
    state::AppState,
    supervision::notice_store,
    ui::ActionRefused,
    workflow::{desk::Revealed, desk_store},
};
use axum::{extract::Path, http::StatusCode, response::Response, routing::post};
use utoipa_axum::router::OpenApiRouter;

/// The routes, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/staff/tasks/{id}/reveal", post(form_reveal))
        .route("/supervision/cases/{case_no}/notices", post(form_notice))
        .route("/staff/notices/{id}/reply", post(form_reply))
}

/// `POST /staff/tasks/{id}/reveal` (`field`, `reason`): the task page again
/// with that ID number in full, once the reveal is recorded in the audit
/// trail (never cached: the page is personal); refused, the task page with
/// the reason.
pub async fn form_reveal(
    Path(id): Path<i64>,
    FormPost(state, me, mut parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let outcome = match posted {
        Ok(p) => {
            let field = p.text("field");
            desk_store::reveal(
                &state.pool,
                &state.data_key,
                &me,
                id,
                &field,
                &p.text("reason"),
            )
            .await
            .map(|number| Revealed { field, number })
        }
        Err(e) => Err(e),
    };
    let page = format!("/staff/tasks/{id}");
    match outcome {
        Ok(revealed) => {
            if let Ok(uri) = page.parse() {
                parts.uri = uri;
            }
            let mut res =
                rerender_with(&state, parts, FormEcho::default(), revealed, StatusCode::OK).await;
            res.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            res
        }
        Err(err) => {
            finish(&state, parts, Err::<Response, _>(err), |err| {
                SendBack::with(ActionRefused(err)).at(page)
            })
            .await
        }
    }
}

/// A supervision notice is posted from the case's page.
pub struct CasePage;

impl FormPage for CasePage {
    fn page(posted_to: &str) -> String {
        PageAbove::page(posted_to)
    }
}

/// `POST /supervision/cases/{case_no}/notices` (`task_id`, `note`): back to
/// the case with "sent", or the case page with the refusal.
pub async fn form_notice(
    Path(case_no): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<CasePage>,
) -> Response {
    let outcome = async {
        let p = posted?;
        let task: i64 =
            p.text("task_id")
                .trim()
                .parse()
                .map_err(|_| AppError::InvalidParameter {
                    name: "task_id".into(),
                })?;
        notice_store::send_notice(
            &state.pool,
            &me,
            &case_no,
            task,
            &p.text("note"),
            state.now.today(),
        )
        .await
    }
    .await;
    let page = format!("/supervision/cases/{case_no}");
    let answer = outcome.map(|id| see_other(&format!("{page}?sent=1#notice-{id}")));
    finish(&state, parts, answer, |err| {
        SendBack::with(ActionRefused(err)).at(page)
    })
    .await
}

/// `POST /staff/notices/{id}/reply` (`reply`): back to the task page at the
/// notice, or the task page with the refusal.
pub async fn form_reply(
    Path(id): Path<i64>,
    FormPost(state, me, parts, posted, ..): FormPost<crate::workbench::Queue>,
) -> Response {
    let outcome = match posted {
        Ok(p) => notice_store::reply_notice(&state.pool, &me, id, &p.text("reply")).await,
        Err(e) => Err(e),
    };
    let page = match &outcome {
        Ok(task) => Some(*task),
        Err(_) => notice_store::task_of_notice(&state.pool, id)
            .await
            .ok()
            .flatten(),
    }
    .map(|task| format!("/staff/tasks/{task}"))
    .unwrap_or_else(|| "/staff/tasks".to_string());
    let answer = outcome.map(|_| see_other(&format!("{page}#notice-{id}")));
    finish(&state, parts, answer, |err| {
        SendBack::with(ActionRefused(err)).at(page)
    })
    .await
}
