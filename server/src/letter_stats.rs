//! Letters' public accountability over HTTP: the figures per region and
//! department (`GET /api/v1/stats/letters`) and the overdue list (通报,
//! `GET /api/v1/stats/letters/overdue`). Public, the same for everyone, so
//! cacheable like the other statistics.

use crate::http::cache;
use app::{
    clock,
    error::AppError,
    letters::{
        stats::{LetterStats, OverduePage, StatsQuery},
        stats_page::overdue_page,
        stats_store,
    },
    state::AppState,
};
use axum::{
    extract::{Query, State},
    Json,
};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of the letters' statistics, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(cache::public(
        OpenApiRouter::new()
            .routes(routes!(figures))
            .routes(routes!(overdue)),
    ))
}

/// Which figures: a region (default the province, `440000`) and everything
/// under it, optionally one lead department and one year of receipt.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
pub struct FiguresParams {
    /// A region code (`440100`); default the province.
    pub region: Option<String>,
    /// A department's id: its letters only.
    pub department: Option<String>,
    /// The year letters were received (2000–2100); default all.
    pub year: Option<String>,
}

type Params<T> = Result<Query<T>, axum::extract::rejection::QueryRejection>;

/// `GET /api/v1/stats/letters?region=&department=&year=`: letters received,
/// replied to, replied to on time (the first reply by the deadline),
/// followed up, satisfied at the last follow-up and reopened — the region's
/// total, each lead department's, each region's just below. Straight from
/// the record (a rollup a trigger keeps with every change of a letter).
#[utoipa::path(
    get,
    path = "/api/v1/stats/letters",
    operation_id = "statistics_letters",
    tag = "statistics",
    params(FiguresParams),
    responses(
        (status = 200, description = "The letters' figures", body = LetterStats),
        crate::openapi::BadQuery,
        (status = 404, description = "No such region or department (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn figures(
    State(state): State<AppState>,
    params: Params<FiguresParams>,
) -> Result<Json<LetterStats>, AppError> {
    let Query(p) = params.map_err(|e| AppError::BadRequest {
        detail: e.body_text(),
    })?;
    let q = StatsQuery::parse(
        p.region.as_deref(),
        p.department.as_deref(),
        p.year.as_deref(),
    )?;
    Ok(Json(stats_store::stats(&state.pool, &q).await?))
}

/// Which page of the overdue list, of which region.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
pub struct OverdueParams {
    /// A region code (`440100`); default the province.
    pub region: Option<String>,
    /// 1-based, 50 letters a page, at most 200.
    pub page: Option<String>,
}

/// `GET /api/v1/stats/letters/overdue?region=&page=`: the letters more than
/// 5 working days past their deadline and not replied to, longest overdue
/// first (通报). A private letter shows no subject.
#[utoipa::path(
    get,
    path = "/api/v1/stats/letters/overdue",
    operation_id = "statistics_letters_overdue",
    tag = "statistics",
    params(OverdueParams),
    responses(
        (status = 200, description = "The overdue letters", body = OverduePage),
        crate::openapi::BadQuery,
        (status = 404, description = "No such region (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn overdue(
    State(state): State<AppState>,
    params: Params<OverdueParams>,
) -> Result<Json<OverduePage>, AppError> {
    let Query(p) = params.map_err(|e| AppError::BadRequest {
        detail: e.body_text(),
    })?;
    let q = StatsQuery::parse(p.region.as_deref(), None, None)?;
    let page = overdue_page(p.page.as_deref())?;
    let cal = clock::store::load(&state.pool).await?;
    Ok(Json(
        stats_store::overdue(&state.pool, &cal, state.now.today(), q.region, page).await?,
    ))
}
