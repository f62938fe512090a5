//! The inbox over HTTP: the signed-in account's messages as JSON, marking
//! one read (JSON and a plain form). Same-origin checked like every POST
//! (`middleware::cross_site_guard`).

use crate::http::{redirect, FormPage, FormPost, SignedIn};
use app::{
    error::AppError,
    notifications::{pages::INBOX_PAGE, store, NotificationView},
    prefs::Prefs,
    state::AppState,
};
use axum::{
    extract::{Path, State},
    response::Response,
    routing::post,
    Json,
};
use serde::Serialize;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of the inbox, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(read))
        .route("/inbox/{id}/read", post(form_read))
}

/// The inbox as JSON.
#[derive(utoipa::ToSchema, Debug, Serialize)]
pub struct Inbox {
    pub unread: i64,
    pub items: Vec<NotificationView>,
}

/// `GET /api/v1/inbox`: `{"unread":N,"items":[{"id","kind","title","body",
/// "link","created_at","read"}]}`, newest first (at most 100), in the
/// request's language.
#[utoipa::path(
    get,
    path = "/api/v1/inbox",
    operation_id = "inbox_list",
    tag = "inbox",
    responses(
        (status = 200, description = "The inbox, newest first", body = Inbox),
        crate::openapi::SignedOut,
    )
)]
pub async fn list(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Inbox>, AppError> {
    let lang = Prefs::current().lang;
    Ok(Json(Inbox {
        unread: store::unread(&state.pool, me.id).await?,
        items: store::inbox(&state.pool, me.id, lang, INBOX_PAGE).await?,
    }))
}

/// `POST /api/v1/inbox/{id}/read`: 200 `{"id","read":true}`; 404 for a
/// message that is not the caller's.
#[utoipa::path(
    post,
    path = "/api/v1/inbox/{id}/read",
    operation_id = "inbox_read",
    tag = "inbox",
    params(("id" = i64, Path, description = "The message's id")),
    responses(
        (status = 200, description = "Marked read", body = crate::openapi::MarkedRead),
        crate::openapi::PathSignedIn, crate::openapi::CrossSite,
        (status = 404, description = "No such message of the caller's (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn read(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
) -> Result<Json<serde_json::Value>, AppError> {
    store::mark_read(&state.pool, me.id, id).await?;
    Ok(Json(serde_json::json!({ "id": id, "read": true })))
}

/// The inbox's buttons are on the inbox page.
pub struct InboxPage;

impl FormPage for InboxPage {
    fn page(_: &str) -> String {
        "/inbox".to_string()
    }
}

/// `POST /inbox/{id}/read` (the inbox page's button): back to the inbox.
pub async fn form_read(
    Path(id): Path<i64>,
    FormPost(state, me, ..): FormPost<InboxPage>,
) -> Response {
    let outcome = store::mark_read(&state.pool, me.id, id).await;
    redirect(outcome.map(|()| "/inbox".to_string()))
}
