//! The intermediary service marketplace (中介服务超市) over HTTP: the JSON
//! API (the ranked intermediaries by service type; an enterprise
//! registering as an intermediary and its qualifications; purchases,
//! registering, the draw, the delivery and the owner's rating) and the
//! pages' forms,
//! which work without JavaScript and, when refused, answer with the same
//! page, what was typed and the problem.

use crate::http::{
    finish, idempotency_key, see_other, FormPage, FormPost, JsonBody, PageAbove, Posted, SendBack,
    SignedIn, Viewer,
};
use app::{
    accounts::Me,
    clock,
    error::AppError,
    intermediaries::{
        pages::MarketEcho, store, IntermediaryView, PurchaseView, RatingBody, RawJoin, RawPurchase,
        RawQualification, ServiceType,
    },
    state::AppState,
};
use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Json,
};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of the marketplace, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, join))
        .routes(routes!(qualify))
        .routes(routes!(create))
        .routes(routes!(one))
        .routes(routes!(register))
        .routes(routes!(draw))
        .routes(routes!(deliver))
        .routes(routes!(rate))
        .route("/me/intermediary", post(form_join))
        .route("/me/intermediary/qualifications", post(form_qualify))
        .route("/purchases", post(form_post))
        .route("/purchases/{no}/register", post(form_register))
        .route("/purchases/{no}/draw", post(form_draw))
        .route("/purchases/{no}/deliver", post(form_deliver))
        .route("/purchases/{no}/rate", post(form_rate))
}

/// Which service type.
#[derive(utoipa::IntoParams, Debug, serde::Deserialize)]
#[into_params(parameter_in = Query)]
pub struct ServiceParams {
    /// A service type (`surveying`, `environmental_impact`,
    /// `drawing_review`, `geological_survey`, `energy_assessment`,
    /// `soil_water_conservation`, `traffic_impact`, `land_survey`); all
    /// intermediaries without it.
    pub service: Option<String>,
}

/// `GET /api/v1/intermediaries?service=`: the registered intermediaries,
/// ranked fairly by their ratings (the departments' boards' rule); with a
/// service type, only those with a valid qualification for it, ranked by
/// the ratings of that service's purchases.
#[utoipa::path(
    get,
    path = "/api/v1/intermediaries",
    operation_id = "intermediaries_list",
    tag = "intermediaries",
    params(ServiceParams),
    responses(
        (status = 200, description = "The intermediaries, best ranked first", body = Vec<app::intermediaries::IntermediaryView>),
        crate::openapi::BadQuery,
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Query(params): Query<ServiceParams>,
) -> Result<Json<Vec<IntermediaryView>>, AppError> {
    let service = match params.service.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(ServiceType::parse(s).ok_or(AppError::InvalidParameter {
            name: "service".into(),
        })?),
    };
    Ok(Json(
        store::list(&state.pool, service, state.now.today()).await?,
    ))
}

/// `POST /api/v1/intermediaries` with `{"name_zh","name_en","region",
/// "qualifications":[{"service","grade","certificate","valid_until"}]}`
/// and an idempotency key: the signed-in enterprise registers its
/// organisation as an intermediary (中介机构入驻) under its own credit
/// code; 201 with the intermediary, the same key again 200 with the same
/// one. Each qualification must be valid today or later.
#[utoipa::path(
    post,
    path = "/api/v1/intermediaries",
    operation_id = "intermediary_join",
    tag = "intermediaries",
    request_body = app::intermediaries::RawJoin,
    responses(
        (status = 201, description = "Registered", body = app::intermediaries::IntermediaryView),
        (status = 200, description = "The same key again: the same intermediary", body = app::intermediaries::IntermediaryView),
        crate::openapi::SignedInWrite,
        (status = 403, description = "Not an enterprise account (`market_refused`, `enterprise_only`), or cross-site", body = crate::openapi::ErrorBody),
        (status = 409, description = "The account manages an intermediary already (`already_manages`), or another account manages this credit code's (`code_taken`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is refused (`invalid_fields`, e.g. `qualifications[0].valid_until`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn join(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    JsonBody(body): JsonBody<RawJoin>,
) -> Result<Response, AppError> {
    let key = idempotency_key(Some(&headers), body.idempotency_key.as_deref())?;
    let today = state.now.today();
    let joined = store::join(&state.pool, &me, &body, key, today).await?;
    let status = if joined.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let view = store::one(&state.pool, joined.id, today).await?;
    Ok((status, Json(view)).into_response())
}

/// `POST /api/v1/intermediaries/{id}/qualifications` with `{"service",
/// "grade","certificate","valid_until"}`: the intermediary the caller
/// manages adds a qualification, or renews it (the same service again
/// replaces its grade, certificate and date); valid today or later.
#[utoipa::path(
    post,
    path = "/api/v1/intermediaries/{id}/qualifications",
    operation_id = "intermediary_qualify",
    tag = "intermediaries",
    params(("id" = i64, Path, description = "The intermediary's id")),
    request_body = app::intermediaries::RawQualification,
    responses(
        (status = 200, description = "Saved: the intermediary", body = app::intermediaries::IntermediaryView),
        crate::openapi::SignedInWrite,
        (status = 403, description = "The caller manages no intermediary, or not this one (`market_refused`, `not_an_intermediary`), or cross-site", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is refused (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn qualify(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<RawQualification>,
) -> Result<Json<IntermediaryView>, AppError> {
    let today = state.now.today();
    let id = store::qualify(&state.pool, &me, Some(id), &body, today).await?;
    Ok(Json(store::one(&state.pool, id, today).await?))
}

async fn view(state: &AppState, me: Option<&Me>, no: &str) -> Result<PurchaseView, AppError> {
    store::get(&state.pool, me, no, state.now.today()).await
}

/// `POST /api/v1/purchases` with `{"project","service","budget",
/// "deadline_days","how","intermediary","reason"}` and an idempotency key:
/// 201 with the purchase (a direct choice starts the work at once); the
/// same key again answers 200 with the same purchase. 403 `market_refused`
/// for another owner's project; 422 with the refused fields.
#[utoipa::path(
    post,
    path = "/api/v1/purchases",
    operation_id = "purchase_create",
    tag = "intermediaries",
    request_body = app::intermediaries::RawPurchase,
    responses(
        (status = 201, description = "Posted", body = app::intermediaries::PurchaseView),
        (status = 200, description = "The same key again: the same purchase", body = app::intermediaries::PurchaseView),
        crate::openapi::SignedInWrite,
        (status = 403, description = "Another owner's project (`market_refused`, `not_owner`), or cross-site", body = crate::openapi::ErrorBody),
        (status = 409, description = "The owner's own intermediary chosen directly (`market_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is refused (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    JsonBody(body): JsonBody<RawPurchase>,
) -> Result<Response, AppError> {
    let key = idempotency_key(Some(&headers), body.idempotency_key.as_deref())?;
    let new = body.parse()?;
    let cal = clock::store::load(&state.pool).await?;
    let posted = store::post(&state.pool, &cal, &me, &new, key, state.now.today()).await?;
    let status = if posted.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(view(&state, Some(&me), &posted.no).await?)).into_response())
}

/// `GET /api/v1/purchases/{no}`: a purchase, public — its registrants, the
/// selection (the draw's seed input and seed, or the direct choice's
/// reason), the work step and the rating — and `offered`, what the caller
/// may do now.
#[utoipa::path(
    get,
    path = "/api/v1/purchases/{no}",
    operation_id = "purchase_one",
    tag = "intermediaries",
    params(("no" = String, Path, description = "The purchase number, e.g. `ZJ20260930000001`")),
    responses(
        (status = 200, description = "The purchase", body = app::intermediaries::PurchaseView),
        (status = 404, description = "No such purchase (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    Viewer(me): Viewer,
    Path(no): Path<String>,
) -> Result<Json<PurchaseView>, AppError> {
    Ok(Json(view(&state, me.as_ref(), &no).await?))
}

/// `POST /api/v1/purchases/{no}/registrations`: the intermediary the
/// caller manages registers for the purchase (while registration is open,
/// with a valid qualification for its service).
#[utoipa::path(
    post,
    path = "/api/v1/purchases/{no}/registrations",
    operation_id = "purchase_register",
    tag = "intermediaries",
    params(("no" = String, Path, description = "The purchase number")),
    responses(
        (status = 200, description = "Registered", body = app::intermediaries::PurchaseView),
        crate::openapi::RoleAction,
        (status = 404, description = "No such purchase (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Registered already, registration closed, or the owner's own intermediary (`market_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "No valid qualification for the service (`market_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn register(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(no): Path<String>,
) -> Result<Json<PurchaseView>, AppError> {
    store::register(&state.pool, &me, &no, state.now.today()).await?;
    Ok(Json(view(&state, Some(&me), &no).await?))
}

/// `POST /api/v1/purchases/{no}/draw`: the owner closes registration and
/// draws (from the closing day on). With fewer than two qualified
/// registrants the purchase fails (200, `state: failed`, `failure` says
/// why); otherwise the winner's work starts.
#[utoipa::path(
    post,
    path = "/api/v1/purchases/{no}/draw",
    operation_id = "purchase_draw",
    tag = "intermediaries",
    params(("no" = String, Path, description = "The purchase number")),
    responses(
        (status = 200, description = "Drawn, or failed for too few registrants", body = app::intermediaries::PurchaseView),
        crate::openapi::RoleAction,
        (status = 404, description = "No such purchase (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Registration not closed yet, or not at this stage (`market_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn draw(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(no): Path<String>,
) -> Result<Json<PurchaseView>, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    store::draw(&state.pool, &cal, &me, &no, state.now.today()).await?;
    Ok(Json(view(&state, Some(&me), &no).await?))
}

/// `POST /api/v1/purchases/{no}/delivery`: the chosen intermediary records
/// that the work is delivered (today).
#[utoipa::path(
    post,
    path = "/api/v1/purchases/{no}/delivery",
    operation_id = "purchase_deliver",
    tag = "intermediaries",
    params(("no" = String, Path, description = "The purchase number")),
    responses(
        (status = 200, description = "Delivered", body = app::intermediaries::PurchaseView),
        crate::openapi::RoleAction,
        (status = 404, description = "No such purchase (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Not in progress (`market_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn deliver(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(no): Path<String>,
) -> Result<Json<PurchaseView>, AppError> {
    store::deliver(&state.pool, &me, &no, state.now.today()).await?;
    Ok(Json(view(&state, Some(&me), &no).await?))
}

/// `POST /api/v1/purchases/{no}/rating` with `{"quality","timeliness",
/// "attitude","fee"}` (1–5 each) and an optional `comment`: the owner
/// rates the delivered service, once; the rating is public.
#[utoipa::path(
    post,
    path = "/api/v1/purchases/{no}/rating",
    operation_id = "purchase_rate",
    tag = "intermediaries",
    params(("no" = String, Path, description = "The purchase number")),
    request_body = app::intermediaries::RatingBody,
    responses(
        (status = 200, description = "Rated", body = app::intermediaries::PurchaseView),
        crate::openapi::SignedInWrite,
        (status = 403, description = "Not the owner (`market_refused`, `not_owner`), or cross-site", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such purchase (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Rated already, or not delivered (`market_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "A dimension is not 1–5 stars, or the comment is refused (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn rate(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(no): Path<String>,
    JsonBody(body): JsonBody<RatingBody>,
) -> Result<Json<PurchaseView>, AppError> {
    store::rate(&state.pool, &me, &no, &body, state.now.today()).await?;
    Ok(Json(view(&state, Some(&me), &no).await?))
}

// ---- the pages' forms (they work without JavaScript) ------------------------

/// The purchase form is on the marketplace's page.
pub struct MarketForm;

impl FormPage for MarketForm {
    fn page(_: &str) -> String {
        "/intermediaries".to_string()
    }
}

/// A qualification as the plain forms send it.
fn qualification_of(posted: &Posted) -> RawQualification {
    RawQualification {
        service: posted.text("service"),
        grade: posted.text("grade"),
        certificate: posted.text("certificate"),
        valid_until: posted.text("valid_until"),
    }
}

/// `POST /me/intermediary` (names, region, one qualification and the
/// key): to the page with the intermediary, or the form again with what
/// was typed and each problem at its field.
pub async fn form_join(FormPost(state, me, parts, posted, ..): FormPost) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        let raw = RawJoin {
            name_zh: posted.text("name_zh"),
            name_en: posted.text("name_en"),
            region: posted.text("region"),
            qualifications: vec![qualification_of(&posted)],
            idempotency_key: None,
        };
        let key = idempotency_key(None, Some(&posted.text("idempotency_key")))?;
        store::join(&state.pool, &me, &raw, key, state.now.today()).await
    }
    .await;
    let answer = outcome.map(|_| see_other("/me/intermediary?done=joined"));
    finish(&state, parts, answer, |error| {
        SendBack::with(MarketEcho { error, values })
    })
    .await
}

/// `POST /me/intermediary/qualifications` (`service`, `grade`,
/// `certificate`, `valid_until`): back to the page, or the page again with
/// the problems.
pub async fn form_qualify(FormPost(state, me, parts, posted, ..): FormPost<PageAbove>) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let raw = qualification_of(&posted);
    let outcome = store::qualify(&state.pool, &me, None, &raw, state.now.today()).await;
    let answer = outcome.map(|_| see_other("/me/intermediary?done=qualified"));
    finish(&state, parts, answer, |error| {
        SendBack::with(MarketEcho { error, values }).at("/me/intermediary".to_string())
    })
    .await
}

/// `POST /purchases`: to the new purchase, or the marketplace page again
/// with what was typed and the problems (the same key kept, so a corrected
/// resubmission is still one purchase).
pub async fn form_post(FormPost(state, me, parts, posted, ..): FormPost<MarketForm>) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let service = posted.text("service");
    let outcome = async {
        let raw: RawPurchase = posted.decode()?;
        let key = idempotency_key(None, raw.idempotency_key.as_deref())?;
        let new = raw.parse()?;
        let cal = clock::store::load(&state.pool).await?;
        store::post(&state.pool, &cal, &me, &new, key, state.now.today()).await
    }
    .await;
    let page = match ServiceType::parse(&service) {
        Some(s) => format!("/intermediaries?service={}", s.code()),
        None => "/intermediaries".to_string(),
    };
    let answer = outcome.map(|p| see_other(&format!("/purchases/{}?done=posted", p.no)));
    finish(&state, parts, answer, |error| {
        SendBack::with(MarketEcho { error, values }).at(page)
    })
    .await
}

/// Finishes an action on a purchase's page: back to it with `done`, or
/// the page again with the problem.
async fn on_purchase(
    state: AppState,
    parts: axum::http::request::Parts,
    no: &str,
    outcome: Result<(), AppError>,
    done: &str,
    values: Vec<(String, String)>,
) -> Response {
    let page = format!("/purchases/{no}");
    let answer = outcome.map(|()| see_other(&format!("{page}?done={done}")));
    finish(&state, parts, answer, |error| {
        SendBack::with(MarketEcho { error, values }).at(page)
    })
    .await
}

/// `POST /purchases/{no}/register`.
pub async fn form_register(
    Path(no): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    if let Err(e) = posted {
        return e.into_response();
    }
    let outcome = store::register(&state.pool, &me, &no, state.now.today()).await;
    on_purchase(state, parts, &no, outcome, "registered", Vec::new()).await
}

/// `POST /purchases/{no}/draw`.
pub async fn form_draw(
    Path(no): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    if let Err(e) = posted {
        return e.into_response();
    }
    let outcome = async {
        let cal = clock::store::load(&state.pool).await?;
        store::draw(&state.pool, &cal, &me, &no, state.now.today()).await
    }
    .await;
    on_purchase(state, parts, &no, outcome, "drawn", Vec::new()).await
}

/// `POST /purchases/{no}/deliver`.
pub async fn form_deliver(
    Path(no): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    if let Err(e) = posted {
        return e.into_response();
    }
    let outcome = store::deliver(&state.pool, &me, &no, state.now.today()).await;
    on_purchase(state, parts, &no, outcome, "delivered", Vec::new()).await
}

/// `POST /purchases/{no}/rate` (`quality`, `timeliness`, `attitude`, `fee`,
/// `comment`).
pub async fn form_rate(
    Path(no): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        let body: RatingBody = posted.decode()?;
        store::rate(&state.pool, &me, &no, &body, state.now.today()).await
    }
    .await;
    on_purchase(state, parts, &no, outcome, "rated", values).await
}
