//! The reference API for other systems: `/healthz`, regions, the catalog
//! and its vocabularies, the working-day calendar; and, in test mode only,
//! moving the hall's clock.

use crate::{
    embedded_pg::supervisor::Health,
    http::{cache, JsonBody},
};
use app::{
    catalog::{
        self,
        find::{DepartmentCount, Find, FindParams, FindResult},
        store,
        vocab::{LifeEvent, Theme},
        Bilingual, ItemView, ServiceCode,
    },
    error::AppError,
    regions::{self, build_tree, RegionNode},
    state::AppState,
};
use axum::{
    extract::{rejection::QueryRejection, Path, Query, State},
    http::StatusCode,
    response::IntoResponse,
    routing::get,
    Extension, Json,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::PgPool;
use std::time::Duration;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of the reference API (the `/api/{*rest}` catch-all,
/// [`not_found`], is added by the hall's router after every module's).
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/healthz", get(healthz))
        .merge(cache::public(
            OpenApiRouter::new()
                .routes(routes!(regions))
                .routes(routes!(services))
                .routes(routes!(service))
                .routes(routes!(departments))
                .routes(routes!(themes))
                .routes(routes!(life_events))
                .routes(routes!(calendar_deadline))
                .routes(routes!(calendar_day)),
        ))
        .routes(routes!(set_now))
}

/// `GET /healthz`: 200 `{"status":"ok","database":"ok"}`, or 503
/// `{"status":"unavailable","database":"down","reason"}` naming the cause:
/// the supervisor's word while the embedded cluster is down (`embedded
/// PostgreSQL exited (signal 9, SIGKILL); restarting (attempt 1)`), else
/// what the probe met ([`probe`]).
pub async fn healthz(
    State(state): State<AppState>,
    embedded: Option<Extension<Health>>,
) -> impl IntoResponse {
    let known = || {
        embedded
            .as_ref()
            .and_then(|Extension(health)| health.down_because())
    };
    // While the probe waits, the supervisor may see the cluster die: its
    // word then answers at once.
    let seen_down = async {
        match &embedded {
            Some(Extension(health)) => health.clone().down().await,
            None => std::future::pending().await,
        }
    };
    let failure = match known() {
        Some(cause) => cause,
        None => tokio::select! {
            probed = probe(&state.pool) => match probed {
                Ok(()) => {
                    return (
                        StatusCode::OK,
                        Json(json!({"status": "ok", "database": "ok"})),
                    )
                }
                Err(reason) => known().unwrap_or(reason),
            },
            cause = seen_down => cause,
        },
    };
    tracing::warn!(reason = %failure, "health check failed");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(json!({"status": "unavailable", "database": "down", "reason": failure})),
    )
}

/// How long the health probe waits for the database.
const PROBE_WAIT: Duration = Duration::from_secs(3);

/// Asks the database `select 1` through the pool, within 3 s; a failure
/// in an operator's words: `SQLSTATE 57P03: the database system is
/// starting up`, `connection refused`, `cannot connect: …`, `timed out
/// after 3 s…`.
pub async fn probe(pool: &PgPool) -> Result<(), String> {
    // The one SQL outside a store: a liveness probe of the pool itself,
    // which belongs to no capability.
    let query = sqlx::query_scalar::<_, i32>("select 1").fetch_one(pool);
    let started = std::time::Instant::now();
    match tokio::time::timeout(PROBE_WAIT, query).await {
        Ok(Ok(_)) => Ok(()),
        // The pool retries a refused connection until its acquire timeout,
        // which hides why: ask once more outside the pool.
        Ok(Err(sqlx::Error::PoolTimedOut)) | Err(_) => Err(diagnose(pool, started.elapsed()).await),
        Ok(Err(e)) => Err(describe(&e)),
    }
}

/// A connection error or a database error, in a few words.
fn describe(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(db) => match db.code() {
            Some(code) => format!("SQLSTATE {code}: {}", db.message()),
            None => db.message().to_string(),
        },
        sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "connection refused".into()
        }
        sqlx::Error::Io(io) => format!("cannot connect: {io}"),
        other => other.to_string(),
    }
}

/// After the probe timed out (having waited `waited`): one connection of
/// its own, outside the pool, tells a database that refuses or fails from
/// one that answers while the pool has no connection free.
async fn diagnose(pool: &PgPool, waited: Duration) -> String {
    use sqlx::{ConnectOptions, Connection};
    let secs = waited.as_secs_f64().round();
    let options = pool.connect_options();
    match tokio::time::timeout(Duration::from_secs(1), options.connect()).await {
        Ok(Err(e)) => describe(&e),
        Ok(Ok(conn)) => {
            let _ = conn.close().await;
            let in_use = pool.size() as usize - pool.num_idle();
            format!(
                "timed out after {secs} s: PostgreSQL accepts connections, but the pool \
                 gave none ({in_use} of {} in use)",
                pool.options().get_max_connections()
            )
        }
        Err(_) => format!("timed out after {secs} s"),
    }
}

/// `GET /api/v1/regions`: the region tree, province at the root.
#[utoipa::path(
    get,
    path = "/api/v1/regions",
    operation_id = "catalog_regions",
    tag = "catalog",
    responses(
        (status = 200, description = "The region tree", body = Vec<app::regions::RegionNode>),
    )
)]
pub async fn regions(State(state): State<AppState>) -> Result<Json<Vec<RegionNode>>, AppError> {
    let all = regions::store::all(&state.pool).await?;
    Ok(Json(build_tree(&all)))
}

/// `GET /api/v1/services/{code}`: one service item with its materials,
/// process outline and department.
#[utoipa::path(
    get,
    path = "/api/v1/services/{code}",
    operation_id = "catalog_service",
    tag = "catalog",
    params(("code" = String, Path, description = "The service code, e.g. `440100-MZJ-0001`")),
    responses(
        (status = 200, description = "The item", body = app::catalog::ItemView),
        (status = 400, description = "Not a service code (`invalid_service_code`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such item (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn service(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<ItemView>, AppError> {
    let code = ServiceCode::parse(&code).map_err(|_| AppError::InvalidServiceCode)?;
    catalog::store::item(&state.pool, &code)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, AppError> {
    q.map(|Query(t)| t).map_err(|e| AppError::BadRequest {
        detail: e.body_text(),
    })
}

/// `GET /api/v1/services?q=&region=&department=&theme=&life_event=&group=&stage=&target=&online=&page=`:
/// one page (20) of matching items, best first, and how many match in all.
#[utoipa::path(
    get,
    path = "/api/v1/services",
    operation_id = "catalog_services",
    tag = "catalog",
    params(app::catalog::find::FindParams),
    responses(
        (status = 200, description = "A page of matching items", body = app::catalog::find::FindResult),
        crate::openapi::BadQuery,
    )
)]
pub async fn services(
    State(state): State<AppState>,
    params: Result<Query<FindParams>, QueryRejection>,
) -> Result<Json<FindResult>, AppError> {
    let find = Find::parse(&query(params)?)?;
    Ok(Json(store::find(&state.pool, &find).await?))
}

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Deserialize)]
pub struct RegionParam {
    region: Option<String>,
}

fn region_param(
    q: Result<Query<RegionParam>, QueryRejection>,
) -> Result<Option<app::regions::RegionCode>, AppError> {
    query(q)?
        .region
        .filter(|r| !r.trim().is_empty())
        .map(|r| {
            app::regions::RegionCode::parse(r.trim()).map_err(|_| AppError::InvalidParameter {
                name: "region".into(),
            })
        })
        .transpose()
}

/// `GET /api/v1/departments?region=`: departments with how many items each
/// offers; with a region, those serving it (its own and its parents').
#[utoipa::path(
    get,
    path = "/api/v1/departments",
    operation_id = "catalog_departments",
    tag = "catalog",
    params(RegionParam),
    responses(
        (status = 200, description = "Departments with their item counts", body = Vec<app::catalog::find::DepartmentCount>),
        (status = 400, description = "A parameter does not parse, or the region is unknown (`invalid_parameter`, `unknown_region`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn departments(
    State(state): State<AppState>,
    q: Result<Query<RegionParam>, QueryRejection>,
) -> Result<Json<Vec<DepartmentCount>>, AppError> {
    let region = region_param(q)?;
    if let Some(r) = region {
        if !app::regions::store::exists(&state.pool, r).await? {
            return Err(AppError::UnknownRegion);
        }
    }
    Ok(Json(store::departments(&state.pool, region).await?))
}

/// A vocabulary value as the API lists it.
#[derive(utoipa::ToSchema, Serialize)]
pub struct VocabCount {
    code: &'static str,
    name: Bilingual,
    count: u32,
}

fn vocab_counts<T: Copy + PartialEq>(
    all: &[T],
    counts: &[catalog::find::Count<T>],
    code: fn(T) -> &'static str,
    label: fn(T, app::i18n::Lang) -> &'static str,
) -> Vec<VocabCount> {
    use app::i18n::Lang;
    all.iter()
        .map(|&v| VocabCount {
            code: code(v),
            name: Bilingual::new(label(v, Lang::Zh), label(v, Lang::En)),
            count: counts.iter().find(|c| c.value == v).map_or(0, |c| c.count),
        })
        .collect()
}

/// `GET /api/v1/themes?region=`: every theme with its item count.
#[utoipa::path(
    get,
    path = "/api/v1/themes",
    operation_id = "catalog_themes",
    tag = "catalog",
    params(RegionParam),
    responses(
        (status = 200, description = "Every theme with its item count", body = Vec<VocabCount>),
        crate::openapi::BadQuery,
    )
)]
pub async fn themes(
    State(state): State<AppState>,
    q: Result<Query<RegionParam>, QueryRejection>,
) -> Result<Json<Vec<VocabCount>>, AppError> {
    let facets = store::facets(&state.pool, region_param(q)?).await?;
    Ok(Json(vocab_counts(
        Theme::ALL,
        &facets.themes,
        Theme::code,
        Theme::label,
    )))
}

/// `GET /api/v1/life-events?region=`: every life event with its item count.
#[utoipa::path(
    get,
    path = "/api/v1/life-events",
    operation_id = "catalog_life_events",
    tag = "catalog",
    params(RegionParam),
    responses(
        (status = 200, description = "Every life event with its item count", body = Vec<VocabCount>),
        crate::openapi::BadQuery,
    )
)]
pub async fn life_events(
    State(state): State<AppState>,
    q: Result<Query<RegionParam>, QueryRejection>,
) -> Result<Json<Vec<VocabCount>>, AppError> {
    let facets = store::facets(&state.pool, region_param(q)?).await?;
    Ok(Json(vocab_counts(
        LifeEvent::ALL,
        &facets.life_events,
        LifeEvent::code,
        LifeEvent::label,
    )))
}

/// Any other `/api/…` path: a JSON 404, not an HTML page.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// `GET /api/v1/calendar/{YYYY-MM-DD}`: whether the day is a working day,
/// and the official day's name if it is one (in the asker's language).
#[utoipa::path(
    get,
    path = "/api/v1/calendar/{date}",
    operation_id = "calendar_calendar_day",
    tag = "calendar",
    params(("date" = String, Path, description = "`YYYY-MM-DD`")),
    responses(
        (status = 200, description = "The day", body = crate::openapi::CalendarDay),
        (status = 400, description = "Not a date (`invalid_parameter`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn calendar_day(
    State(state): State<AppState>,
    Path(date): Path<String>,
) -> Result<Json<serde_json::Value>, AppError> {
    use app::clock::{self, DayKind};
    let bad = || AppError::InvalidParameter {
        name: "date".into(),
    };
    let date = clock::parse_typed_date(&date).map_err(|_| bad())?;
    let calendar = clock::store::load(&state.pool).await?;
    let lang = app::prefs::Prefs::current().lang;
    let official = calendar.official(date);
    let kind = match official.map(|d| d.kind) {
        Some(DayKind::Holiday) => "holiday",
        Some(DayKind::Workday) => "make_up_workday",
        None if calendar.is_working_day(date) => "weekday",
        None => "weekend",
    };
    let name = official.map(|d| d.name.get(lang));
    Ok(Json(json!({
        "date": clock::format_date(date),
        "working_day": calendar.is_working_day(date),
        "kind": kind,
        "name": name,
    })))
}

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
pub struct DeadlineQuery {
    pub from: Option<String>,
    pub working_days: Option<String>,
}

/// `GET /api/v1/calendar/deadline?from=YYYY-MM-DD&working_days=N`: the Nth
/// working day after `from` (counting starts the working day after).
#[utoipa::path(
    get,
    path = "/api/v1/calendar/deadline",
    operation_id = "calendar_calendar_deadline",
    tag = "calendar",
    params(DeadlineQuery),
    responses(
        (status = 200, description = "The deadline", body = crate::openapi::Deadline),
        crate::openapi::BadQuery,
    )
)]
pub async fn calendar_deadline(
    State(state): State<AppState>,
    query: Result<Query<DeadlineQuery>, QueryRejection>,
) -> Result<Json<serde_json::Value>, AppError> {
    use app::clock;
    let Query(q) = query.map_err(|e| AppError::BadRequest {
        detail: e.body_text(),
    })?;
    let from = q
        .from
        .as_deref()
        .and_then(|f| clock::parse_typed_date(f).ok())
        .ok_or(AppError::InvalidParameter {
            name: "from".into(),
        })?;
    let n = q
        .working_days
        .as_deref()
        .and_then(|n| n.trim().parse::<u32>().ok())
        .filter(|n| *n <= clock::MAX_WORKING_DAYS)
        .ok_or(AppError::InvalidParameter {
            name: "working_days".into(),
        })?;
    let calendar = clock::store::load(&state.pool).await?;
    let deadline = calendar
        .add_working_days(from, n)
        .map_err(|_| AppError::InvalidParameter {
            name: "working_days".into(),
        })?;
    Ok(Json(json!({
        "from": clock::format_date(from),
        "working_days": n,
        "deadline": clock::format_date(deadline),
    })))
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct NowBody {
    pub now: String,
}

/// `PUT /api/v1/test/now` with `{"now":"2026-10-09T10:00:00+08:00"}`: moves
/// the hall's clock — only in test mode (`BANSHI_FAKE_NOW`); 404 otherwise.
#[utoipa::path(
    put,
    path = "/api/v1/test/now",
    operation_id = "meta_set_now",
    tag = "meta",
    request_body = NowBody,
    responses(
        (status = 204, description = "The clock moved"),
        crate::openapi::PublicWrite,
        (status = 404, description = "Not in test mode (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn set_now(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<NowBody>,
) -> Result<StatusCode, AppError> {
    if !state.now.is_fixed() {
        return Err(AppError::NotFound);
    }
    let at = time::OffsetDateTime::parse(&body.now, &time::format_description::well_known::Rfc3339)
        .map_err(|_| AppError::InvalidParameter { name: "now".into() })?;
    state.now.set(at);
    tracing::warn!(now = %body.now, "test mode: the clock was moved");
    Ok(StatusCode::NO_CONTENT)
}
