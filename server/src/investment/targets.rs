//! The per-region targets of investment projects over HTTP: the
//! administrators' JSON API (list, set, clear) and the page's form, which
//! works without JavaScript and, when refused, answers with the same page
//! and the problem at its field.

use crate::http::{finish, see_other, FormPost, JsonBody, SendBack, SignedIn};
use app::{
    error::AppError,
    investment::{
        targets::{TargetBody, TargetChange, TargetLine},
        targets_store as store,
    },
    regions::RegionCode,
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

/// The routes of the targets, merged into investment's.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(set, clear))
        .route("/admin/investment-targets", post(form_change))
}

/// A region code from the path: 400 `invalid_parameter` when it is not one.
fn region_param(raw: &str) -> Result<RegionCode, AppError> {
    RegionCode::parse(raw.trim()).map_err(|_| AppError::InvalidParameter {
        name: "region".into(),
    })
}

/// `GET /api/v1/admin/investment-targets` (administrators): the targets
/// regions set, by region code. A region without one takes its parent's,
/// the province without one 120 working days.
#[utoipa::path(
    get,
    path = "/api/v1/admin/investment-targets",
    operation_id = "investment_targets",
    tag = "investment",
    responses(
        (status = 200, description = "The targets set", body = Vec<TargetLine>),
        crate::openapi::RoleRead,
    )
)]
pub async fn list(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<TargetLine>>, AppError> {
    Ok(Json(store::list(&state.pool, &me).await?))
}

/// `PUT /api/v1/admin/investment-targets/{region}` with `{"days"}` (1 to
/// 400 working days, administrators): sets the region's target, recorded
/// in the audit trail. Only projects registered afterwards take it.
#[utoipa::path(
    put,
    path = "/api/v1/admin/investment-targets/{region}",
    operation_id = "investment_target_set",
    tag = "investment",
    params(("region" = String, Path, description = "The region code (GB/T 2260), e.g. `440100`")),
    request_body = TargetBody,
    responses(
        (status = 200, description = "Set", body = TargetLine),
        crate::openapi::RoleWrite,
        (status = 422, description = "Not 1 to 400 working days, or no such region (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn set(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(region): Path<String>,
    body: Result<JsonBody<TargetBody>, AppError>,
) -> Result<Json<TargetLine>, AppError> {
    if me.role != app::accounts::Role::Admin {
        return Err(AppError::Forbidden);
    }
    let region = region_param(&region)?;
    let JsonBody(body) = body?;
    let days = body.parse()?;
    Ok(Json(store::set(&state.pool, &me, region, days).await?))
}

/// `DELETE /api/v1/admin/investment-targets/{region}` (administrators):
/// clears the region's target (204, whether it had one or not), recorded
/// in the audit trail when it had; projects registered afterwards take
/// the target above it.
#[utoipa::path(
    delete,
    path = "/api/v1/admin/investment-targets/{region}",
    operation_id = "investment_target_clear",
    tag = "investment",
    params(("region" = String, Path, description = "The region code (GB/T 2260)")),
    responses(
        (status = 204, description = "Cleared"),
        crate::openapi::RoleAction,
        (status = 400, description = "Not a region code (`invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "No such region (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn clear(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(region): Path<String>,
) -> Result<StatusCode, AppError> {
    if me.role != app::accounts::Role::Admin {
        return Err(AppError::Forbidden);
    }
    store::clear(&state.pool, &me, region_param(&region)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /admin/investment-targets` (`region`, `days`, `action` = `set` or
/// `clear`): back to the page saying what was done, or the page again
/// with what was typed and the problem.
pub async fn form_change(FormPost(state, me, parts, posted, ..): FormPost) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        if me.role != app::accounts::Role::Admin {
            return Err(AppError::Forbidden);
        }
        let change = TargetChange::parse(
            &posted.text("region"),
            &posted.text("days"),
            &posted.text("action"),
        )?;
        match change {
            TargetChange::Set(region, days) => store::set(&state.pool, &me, region, days)
                .await
                .map(|_| "set"),
            TargetChange::Clear(region) => store::clear(&state.pool, &me, region)
                .await
                .map(|()| "cleared"),
        }
    }
    .await;
    let answer = outcome.map(|done| see_other(&format!("/admin/investment-targets?done={done}")));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error)
    })
    .await
}
