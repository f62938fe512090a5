//! The inbox over HTTP: the signed-in account's messages as JSON, marking
//! one read (JSON and a plain form). Same-origin checked like every POST
//! (`middleware::cross_site_guard`).

use crate::http::{redirect, sign_in_first, SignedIn, Viewer};
use app::{
    error::AppError,
    notifications::{pages::INBOX_PAGE, store, NotificationView},
    prefs::Prefs,
    state::AppState,
};
use axum::{
    extract::{Path, State},
    response::Response,
    routing::{get, post},
    Json, Router,
};
use serde::Serialize;

/// The routes of the inbox, merged into the hall's router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/inbox", get(list))
        .route("/api/v1/inbox/{id}/read", post(read))
        .route("/inbox/{id}/read", post(form_read))
}

/// The inbox as JSON.
#[derive(Debug, Serialize)]
pub struct Inbox {
    pub unread: i64,
    pub items: Vec<NotificationView>,
}

/// `GET /api/v1/inbox`: `{"unread":N,"items":[{"id","kind","title","body",
/// "link","created_at","read"}]}`, newest first (at most 100), in the
/// request's language.
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
pub async fn read(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
) -> Result<Json<serde_json::Value>, AppError> {
    store::mark_read(&state.pool, me.id, id).await?;
    Ok(Json(serde_json::json!({ "id": id, "read": true })))
}

/// `POST /inbox/{id}/read` (the inbox page's button): back to the inbox.
pub async fn form_read(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Viewer(me): Viewer,
) -> Response {
    let Some(me) = me else {
        return sign_in_first("/inbox");
    };
    let outcome = store::mark_read(&state.pool, me.id, id).await;
    redirect(outcome.map(|()| "/inbox".to_string()))
}
