//! Statistics over HTTP (政务公开 and the e-supervision API): the 21
//! cities, the departments (as JSON and CSV), a department's posts, a
//! post's months — all read from the rollups — and the alerts of a
//! supervisor's region.

use crate::http::{cache, SignedIn};
use app::{
    clock,
    error::AppError,
    state::AppState,
    supervision::{
        store as stats,
        views::{
            AlertsView, StatLine, StatsView, LICENSING_TARGET, PUBLIC_SERVICE_TARGET, WINDOW_MONTHS,
        },
        Stars, MIN_FINISHED,
    },
};
use axum::{
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Response},
    Json,
};
use serde::Deserialize;
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of statistics, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(cache::public(
            OpenApiRouter::new()
                .routes(routes!(regions))
                .routes(routes!(departments))
                .routes(routes!(departments_csv))
                .routes(routes!(department))
                .routes(routes!(post)),
        ))
        .routes(routes!(alerts))
}

/// How the figures are made, returned with every answer.
fn method() -> serde_json::Value {
    json!({
        "window_months": WINDOW_MONTHS,
        "score": "50 * on_time_rate + 20 * speed + 10 * (1 - supplement_rate) + 20 * (rating_score - 1) / 4",
        "speed": "1 when the working days used are at most those promised, falling linearly to 0 at twice them",
        "rating_score": "(20 * 3 + sum of stars) / (20 + number of ratings), voided ratings left out",
        "stars": {"five": 90, "four": 80, "three": 70, "below_three": "not qualified"},
        "min_finished_steps": MIN_FINISHED,
        "online_targets": {"licensing": LICENSING_TARGET, "public_service": PUBLIC_SERVICE_TARGET},
    })
}

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
pub struct RegionParam {
    pub region: Option<String>,
}

fn city_param(
    params: Result<Query<RegionParam>, axum::extract::rejection::QueryRejection>,
) -> Result<Option<u32>, AppError> {
    let Query(p) = params.map_err(|_| AppError::InvalidParameter {
        name: "region".into(),
    })?;
    match p.region.as_deref().filter(|r| !r.is_empty()) {
        None => Ok(None),
        Some(r) => Ok(Some(
            app::regions::RegionCode::parse(r)
                .map_err(|_| AppError::InvalidRegionCode)?
                .get(),
        )),
    }
}

/// `GET /api/v1/stats/regions`: the 21 cities with their figures, score,
/// stars and rank, the province's own departments, the province's total
/// and months.
#[utoipa::path(
    get,
    path = "/api/v1/stats/regions",
    operation_id = "statistics_regions",
    tag = "statistics",
    responses(
        (status = 200, description = "The cities' figures", body = crate::openapi::RegionStats),
    )
)]
pub async fn regions(State(state): State<AppState>) -> Result<Json<serde_json::Value>, AppError> {
    let view = stats::province(&state.pool, state.now.today()).await?;
    Ok(Json(json!({
        "from": view.from,
        "to": view.to,
        "method": method(),
        "regions": view.lines,
        "province_departments": view.province_departments,
        "total": view.total,
        "trend": view.trend,
    })))
}

/// `GET /api/v1/stats/departments[?region=440100]`: the departments (of a
/// city and its counties; `440000`: the province's own), ranked.
#[utoipa::path(
    get,
    path = "/api/v1/stats/departments",
    operation_id = "statistics_departments",
    tag = "statistics",
    params(RegionParam),
    responses(
        (status = 200, description = "The departments' figures, ranked", body = crate::openapi::DepartmentStats),
        (status = 400, description = "A parameter does not parse (`bad_request`, `invalid_parameter`, `invalid_region_code`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such region (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn departments(
    State(state): State<AppState>,
    params: Result<Query<RegionParam>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<serde_json::Value>, AppError> {
    let city = city_param(params)?;
    let (from, to, lines) = stats::departments(&state.pool, city, state.now.today()).await?;
    Ok(Json(json!({
        "from": from,
        "to": to,
        "method": method(),
        "departments": lines,
    })))
}

/// `GET /api/v1/stats/departments.csv[?region=440100]`: the same as CSV
/// (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese
/// names).
#[utoipa::path(
    get,
    path = "/api/v1/stats/departments.csv",
    operation_id = "statistics_departments_csv",
    tag = "statistics",
    params(RegionParam),
    responses(
        (status = 200, description = "The same as CSV (UTF-8 with a byte-order mark)", content_type = "text/csv", body = String),
        (status = 400, description = "A parameter does not parse (`bad_request`, `invalid_parameter`, `invalid_region_code`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such region (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn departments_csv(
    State(state): State<AppState>,
    params: Result<Query<RegionParam>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let city = city_param(params)?;
    let (from, to, lines) = stats::departments(&state.pool, city, state.now.today()).await?;
    let body = csv_of(&from, &to, &lines)?;
    let name = match city {
        Some(c) => format!("departments-{c}-{to}.csv"),
        None => format!("departments-{to}.csv"),
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

fn rate(r: Option<f64>) -> String {
    r.map(|r| format!("{:.4}", r)).unwrap_or_default()
}

fn stars_code(s: Option<Stars>) -> &'static str {
    match s {
        None => "",
        Some(Stars::NotQualified) => "0",
        Some(Stars::Three) => "3",
        Some(Stars::Four) => "4",
        Some(Stars::Five) => "5",
    }
}

/// The departments' lines as CSV, one header line.
pub fn csv_of(from: &str, to: &str, lines: &[StatLine]) -> Result<Vec<u8>, AppError> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record([
        "from",
        "to",
        "rank",
        "department_id",
        "department_zh",
        "department_en",
        "region_zh",
        "region_en",
        "finished_steps",
        "on_time_steps",
        "on_time_rate",
        "working_days_used",
        "working_days_promised",
        "time_ratio",
        "supplemented_steps",
        "supplement_rate",
        "ratings",
        "rating_average",
        "rating_score",
        "score",
        "stars",
        "licensing_items",
        "licensing_online",
        "licensing_online_rate",
        "licensing_target_met",
        "public_service_items",
        "public_service_online",
        "public_service_online_rate",
        "public_service_target_met",
        "cases",
        "online_cases",
        "online_case_rate",
    ])
    .map_err(AppError::internal)?;
    for l in lines {
        let f = &l.figures;
        let r = &f.record;
        let e = &f.efficiency;
        let o = f.online.unwrap_or_default();
        let met = |m: Option<bool>| m.map(|m| if m { "yes" } else { "no" }).unwrap_or("");
        w.write_record([
            from.to_string(),
            to.to_string(),
            l.rank.map(|n| n.to_string()).unwrap_or_default(),
            l.id.to_string(),
            l.name.zh.clone(),
            l.name.en.clone(),
            l.within.zh.clone(),
            l.within.en.clone(),
            r.finished.to_string(),
            r.on_time.to_string(),
            rate(r.has_data().then_some(e.on_time_rate)),
            r.used_days.to_string(),
            r.promised_days.to_string(),
            rate((r.finished > 0).then_some(e.time_ratio)),
            r.supplemented.to_string(),
            rate((r.finished > 0).then_some(e.supplement_rate)),
            r.ratings.count().to_string(),
            r.ratings
                .average()
                .map(|a| format!("{a:.2}"))
                .unwrap_or_default(),
            format!("{:.3}", e.rating_score),
            format!("{:.1}", e.score),
            stars_code(e.stars).to_string(),
            o.licensing_items.to_string(),
            o.licensing_online.to_string(),
            rate(o.licensing_rate()),
            met(o.licensing_met()).to_string(),
            o.public_items.to_string(),
            o.public_online.to_string(),
            rate(o.public_rate()),
            met(o.public_met()).to_string(),
            o.cases.to_string(),
            o.online_cases.to_string(),
            rate(o.case_rate()),
        ])
        .map_err(AppError::internal)?;
    }
    w.into_inner().map_err(AppError::internal)
}

/// `GET /api/v1/stats/departments/{id}`: a department with its posts and
/// months.
#[utoipa::path(
    get,
    path = "/api/v1/stats/departments/{id}",
    operation_id = "statistics_department",
    tag = "statistics",
    params(("id" = i64, Path, description = "The department's id")),
    responses(
        (status = 200, description = "The department with its posts and months", body = app::supervision::views::StatsView),
        crate::openapi::BadPath,
        (status = 404, description = "No such department (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn department(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<StatsView>, AppError> {
    Ok(Json(
        stats::department(&state.pool, id, state.now.today()).await?,
    ))
}

/// `GET /api/v1/stats/posts/{id}`: a post's figures and months.
#[utoipa::path(
    get,
    path = "/api/v1/stats/posts/{id}",
    operation_id = "statistics_post",
    tag = "statistics",
    params(("id" = i64, Path, description = "The post's id")),
    responses(
        (status = 200, description = "The post with its months", body = app::supervision::views::StatsView),
        crate::openapi::BadPath,
        (status = 404, description = "No such post (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn post(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<StatsView>, AppError> {
    Ok(Json(stats::post(&state.pool, id, state.now.today()).await?))
}

/// `GET /api/v1/supervision/alerts`: the yellow and red alerts of the
/// caller's region (supervisors; administrators see the province); 401
/// signed out, 403 for anyone else.
#[utoipa::path(
    get,
    path = "/api/v1/supervision/alerts",
    operation_id = "statistics_alerts",
    tag = "statistics",
    responses(
        (status = 200, description = "The region's alerts", body = app::supervision::views::AlertsView),
        crate::openapi::RoleRead,
    )
)]
pub async fn alerts(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<AlertsView>, AppError> {
    let region = stats::watched_region(&state.pool, &me).await?;
    let cal = clock::store::load(&state.pool).await?;
    Ok(Json(
        stats::alerts(
            &state.pool,
            &cal,
            region,
            state.now.today(),
            state.warn_days,
        )
        .await?,
    ))
}
