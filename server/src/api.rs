//! The JSON API for other systems: `/healthz` and `/api/v1/…`.

use app::{
    catalog::{self, ItemView, ServiceCode},
    error::AppError,
    regions::{build_tree, queries, RegionNode},
    state::AppState,
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::IntoResponse,
    Json,
};
use serde_json::json;
use std::time::Duration;

/// `GET /healthz`: 200 `{"status":"ok","database":"ok"}`, or 503 with the reason.
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let probe = sqlx::query_scalar::<_, i32>("select 1").fetch_one(&state.pool);
    let failure = match tokio::time::timeout(Duration::from_secs(3), probe).await {
        Ok(Ok(_)) => {
            return (
                StatusCode::OK,
                Json(json!({"status": "ok", "database": "ok"})),
            )
        }
        Ok(Err(e)) => e.to_string(),
        Err(_) => "no answer within 3 s".to_string(),
    };
    tracing::warn!(reason = %failure, "health check failed");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(json!({"status": "unavailable", "database": "down", "reason": failure})),
    )
}

/// `GET /api/v1/regions`: the region tree, province at the root.
pub async fn regions(State(state): State<AppState>) -> Result<Json<Vec<RegionNode>>, AppError> {
    let all = queries::all(&state.pool).await?;
    Ok(Json(build_tree(&all)))
}

/// `GET /api/v1/services/{code}`: one service item with its materials,
/// process outline and department.
pub async fn service(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<ItemView>, AppError> {
    let code = ServiceCode::parse(&code).map_err(|_| AppError::InvalidServiceCode)?;
    catalog::queries::item(&state.pool, &code)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// Any other `/api/…` path: a JSON 404, not an HTML page.
pub async fn not_found() -> AppError {
    AppError::NotFound
}
