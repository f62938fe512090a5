//! Publishing roles over HTTP (administrators): the JSON API (list, grant,
//! revoke) and the page's form, which works without JavaScript and, when
//! refused, answers with the same page and the problem at its field.

use crate::http::{finish, see_other, FormPost, SendBack, SignedIn};
use app::{
    error::AppError,
    review::{
        grants::{grant_or_revoke, Grant, GrantLine},
        grants_store as store,
    },
    state::AppState,
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
    Json,
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(grant, revoke))
        .route("/admin/publishing-roles", post(form_change))
}

/// Administrators only (before anything is read from the request).
fn admin(me: &app::accounts::Me) -> Result<(), AppError> {
    if me.role == app::accounts::Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// `GET /api/v1/admin/publishing-roles` (administrators): every role
/// granted, by region, department, role and account.
#[utoipa::path(
    get,
    path = "/api/v1/admin/publishing-roles",
    operation_id = "publishing_roles",
    tag = "documents",
    responses(
        (status = 200, description = "The roles granted", body = Vec<GrantLine>),
        crate::openapi::RoleRead,
    )
)]
pub async fn list(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<GrantLine>>, AppError> {
    Ok(Json(store::list(&state.pool, &me).await?))
}

/// `PUT /api/v1/admin/publishing-roles/{username}/{region}/{department}/{role}`
/// (administrators): grants the role of the department (its code in the
/// region) to the account, which must be its staff; 200 with the line,
/// whether it was held or not; audited when new.
#[utoipa::path(
    put,
    path = "/api/v1/admin/publishing-roles/{username}/{region}/{department}/{role}",
    operation_id = "publishing_role_grant",
    tag = "documents",
    params(
        ("username" = String, Path, description = "The account, e.g. `editor.gz.mzj`"),
        ("region" = String, Path, description = "The department's region code, e.g. `440100`"),
        ("department" = String, Path, description = "The department's code in the region, e.g. `MZJ`"),
        ("role" = String, Path, description = "`editor`, `reviewer` or `office_head`"),
    ),
    responses(
        (status = 200, description = "Granted", body = GrantLine),
        crate::openapi::RoleWrite,
        (status = 422, description = "Not an account, region, department or role; or the account is not staff of the department (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn grant(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path((username, region, department, role)): Path<(String, String, String, String)>,
) -> Result<Json<GrantLine>, AppError> {
    admin(&me)?;
    let g = Grant::parse(&username, &region, &department, &role)?;
    Ok(Json(store::grant(&state.pool, &me, &g).await?))
}

/// `DELETE /api/v1/admin/publishing-roles/{username}/{region}/{department}/{role}`
/// (administrators): revokes it (204, held or not; audited when held).
#[utoipa::path(
    delete,
    path = "/api/v1/admin/publishing-roles/{username}/{region}/{department}/{role}",
    operation_id = "publishing_role_revoke",
    tag = "documents",
    params(
        ("username" = String, Path, description = "The account"),
        ("region" = String, Path, description = "The department's region code"),
        ("department" = String, Path, description = "The department's code in the region"),
        ("role" = String, Path, description = "`editor`, `reviewer` or `office_head`"),
    ),
    responses(
        (status = 204, description = "Revoked"),
        crate::openapi::RoleAction,
        (status = 422, description = "Not an account, region, department or role; or the account is not staff of the department (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn revoke(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path((username, region, department, role)): Path<(String, String, String, String)>,
) -> Result<StatusCode, AppError> {
    admin(&me)?;
    let g = Grant::parse(&username, &region, &department, &role)?;
    store::revoke(&state.pool, &me, &g).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /admin/publishing-roles` (`username`, `region`, `department`,
/// `role`, `action` = `grant` or `revoke`): back to the page saying what
/// was done, or the page again with what was typed and the problem.
pub async fn form_change(FormPost(state, me, parts, posted, ..): FormPost) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        admin(&me)?;
        let granting = grant_or_revoke(&posted.text("action"))?;
        let g = Grant::parse(
            &posted.text("username"),
            &posted.text("region"),
            &posted.text("department"),
            &posted.text("role"),
        )?;
        if granting {
            store::grant(&state.pool, &me, &g).await.map(|_| "granted")
        } else {
            store::revoke(&state.pool, &me, &g)
                .await
                .map(|()| "revoked")
        }
    }
    .await;
    let answer = outcome.map(|done| see_other(&format!("/admin/publishing-roles?done={done}")));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error)
    })
    .await
}
