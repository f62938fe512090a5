//! Booking a visit (网上预约) over HTTP: the JSON API (a service's offices
//! and free slots; booking, the person's bookings, rescheduling and
//! cancelling) and the pages' forms, which work without JavaScript and,
//! when refused, answer with the same page and the problem.

use crate::http::{finish, idempotency_key, FormPost, JsonBody, SendBack, SignedIn};
use app::{
    booking::{pages::BookEcho, store, BookBody, BookingView, OfficeSlots, RescheduleBody},
    clock,
    error::AppError,
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

/// The routes of bookings, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(offices))
        .routes(routes!(book))
        .routes(routes!(one))
        .routes(routes!(mine))
        .routes(routes!(cancel))
        .routes(routes!(reschedule))
        .routes(routes!(staff_day))
        .route("/book", post(form_book))
        .route("/bookings/{code}/cancel", post(form_cancel))
        .route("/bookings/{code}/reschedule", post(form_reschedule))
}

/// `GET /api/v1/services/{code}/offices`: where a service may be booked —
/// its offices and, for each, the next working days' slots with their free
/// seats (`free: 0` is full). 422 `booking_refused` for a service that
/// takes no bookings.
#[utoipa::path(
    get,
    path = "/api/v1/services/{code}/offices",
    operation_id = "booking_offices",
    tag = "booking",
    params(("code" = String, Path, description = "The service's code, e.g. `440100-MZJ-0001`")),
    responses(
        (status = 200, description = "The offices and their free slots", body = Vec<app::booking::OfficeSlots>),
        crate::openapi::BadPath,
        (status = 404, description = "No such service (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "The service takes no bookings (`booking_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn offices(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<Vec<OfficeSlots>>, AppError> {
    let service = store::bookable(&state.pool, &code).await?;
    let cal = clock::store::load(&state.pool).await?;
    Ok(Json(
        store::office_slots(&state.pool, &cal, &service.item, state.now.today()).await?,
    ))
}

/// `POST /api/v1/bookings` with `{"service","office","slot"}` and an
/// idempotency key (`Idempotency-Key` header or `idempotency_key`): 201
/// with the booking; the same key again answers 200 with the same booking.
/// Citizens and enterprises only (403); 409 `booking_refused` for a full
/// slot or a second live booking of the service; 422 for a time the
/// office does not offer or outside the window.
#[utoipa::path(
    post,
    path = "/api/v1/bookings",
    operation_id = "booking_create",
    tag = "booking",
    request_body = app::booking::BookBody,
    responses(
        (status = 201, description = "Booked", body = app::booking::BookingView),
        (status = 200, description = "The same key again: the same booking", body = app::booking::BookingView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such service (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "The slot is full, or the person has a live booking of the service (`booking_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "Not an offered time, outside the window, or no bookings for this service (`booking_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn book(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    JsonBody(body): JsonBody<BookBody>,
) -> Result<Response, AppError> {
    let key = idempotency_key(Some(&headers), body.idempotency_key.as_deref())?;
    let cal = clock::store::load(&state.pool).await?;
    let now = state.now.now();
    let booked = store::book(
        &state.pool,
        &cal,
        &me,
        &body.service,
        body.office,
        &body.slot,
        &key.to_string(),
        now,
    )
    .await?;
    let status = if booked.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let view = store::get(&state.pool, &me, &booked.code, now).await?;
    Ok((status, Json(view)).into_response())
}

/// `GET /api/v1/bookings/{code}`: one of the person's bookings (404 for
/// anyone else's).
#[utoipa::path(
    get,
    path = "/api/v1/bookings/{code}",
    operation_id = "booking_one",
    tag = "booking",
    params(("code" = String, Path, description = "The booking code")),
    responses(
        (status = 200, description = "The booking", body = app::booking::BookingView),
        crate::openapi::PathSignedIn,
        (status = 404, description = "No such booking of the caller's (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(code): Path<String>,
) -> Result<Json<BookingView>, AppError> {
    Ok(Json(
        store::get(&state.pool, &me, &code, state.now.now()).await?,
    ))
}

/// `GET /api/v1/me/bookings`: the person's bookings, upcoming ones first
/// (soonest first), then the others newest first.
#[utoipa::path(
    get,
    path = "/api/v1/me/bookings",
    operation_id = "booking_mine",
    tag = "booking",
    responses(
        (status = 200, description = "The person's bookings", body = Vec<app::booking::BookingView>),
        crate::openapi::SignedOut,
    )
)]
pub async fn mine(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<BookingView>>, AppError> {
    Ok(Json(store::mine(&state.pool, &me, state.now.now()).await?))
}

/// `POST /api/v1/bookings/{code}/cancel`: cancels the booking and frees
/// its seat; 409 when it is cancelled or past already.
#[utoipa::path(
    post,
    path = "/api/v1/bookings/{code}/cancel",
    operation_id = "booking_cancel",
    tag = "booking",
    params(("code" = String, Path, description = "The booking code")),
    responses(
        (status = 200, description = "Cancelled", body = app::booking::BookingView),
        crate::openapi::RoleAction,
        (status = 404, description = "No such booking of the caller's (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Cancelled or past already (`booking_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn cancel(
    State(state): State<AppState>,
    Path(code): Path<String>,
    SignedIn(me): SignedIn,
) -> Result<Json<BookingView>, AppError> {
    let now = state.now.now();
    store::cancel(&state.pool, &me, &code, now).await?;
    Ok(Json(store::get(&state.pool, &me, &code, now).await?))
}

/// `POST /api/v1/bookings/{code}/reschedule` with `{"office","slot"}`:
/// moves the booking; the new seat is taken before the old one is freed,
/// so a full new slot (409) leaves the booking as it was.
#[utoipa::path(
    post,
    path = "/api/v1/bookings/{code}/reschedule",
    operation_id = "booking_reschedule",
    tag = "booking",
    params(("code" = String, Path, description = "The booking code")),
    request_body = app::booking::RescheduleBody,
    responses(
        (status = 200, description = "Moved", body = app::booking::BookingView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such booking of the caller's (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "The new slot is full, or the booking is cancelled or past (`booking_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "Not an offered time, outside the window, or the same time (`booking_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn reschedule(
    State(state): State<AppState>,
    Path(code): Path<String>,
    SignedIn(me): SignedIn,
    JsonBody(body): JsonBody<RescheduleBody>,
) -> Result<Json<BookingView>, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    let now = state.now.now();
    store::reschedule(&state.pool, &cal, &me, &code, body.office, &body.slot, now).await?;
    Ok(Json(store::get(&state.pool, &me, &code, now).await?))
}

/// Which day of the staff's offices.
#[derive(utoipa::IntoParams, Debug, serde::Deserialize)]
#[into_params(parameter_in = Query)]
pub struct DayParams {
    /// `YYYY-MM-DD` (required).
    pub date: Option<String>,
}

/// `GET /api/v1/staff/bookings?date=YYYY-MM-DD`: the live bookings of the
/// day at the offices of the staff member's department, by time, with the
/// holder's name (each holder's read is recorded in the audit trail,
/// which they see). Staff only (403).
#[utoipa::path(
    get,
    path = "/api/v1/staff/bookings",
    operation_id = "booking_staff_day",
    tag = "booking",
    params(DayParams),
    responses(
        (status = 200, description = "The day's bookings, by time", body = Vec<app::booking::store::DayLine>),
        crate::openapi::BadQuery,
        crate::openapi::RoleRead,
    )
)]
pub async fn staff_day(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Query(params): Query<DayParams>,
) -> Result<Json<Vec<store::DayLine>>, AppError> {
    // Who may read comes first, then what they asked for.
    app::workflow::store::staff_post(&state.pool, &me).await?;
    let date = params
        .date
        .as_deref()
        .and_then(|d| clock::parse_date(d).ok())
        .ok_or(AppError::InvalidParameter {
            name: "date".into(),
        })?;
    Ok(Json(store::day_list(&state.pool, &me, date).await?))
}

// ---- the pages' forms (they work without JavaScript) ------------------------

fn office_of(posted: &crate::http::Posted) -> Result<i64, AppError> {
    posted
        .get("office")
        .and_then(|o| o.trim().parse().ok())
        .ok_or(AppError::InvalidParameter {
            name: "office".into(),
        })
}

/// `POST /book` (`service`, `office`, `slot`, `idempotency_key`): to the
/// booking's receipt, or the booking page again with the problem (the same
/// key kept, so a corrected resubmission is still one booking).
pub async fn form_book(FormPost(state, me, parts, posted, ..): FormPost) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let service = posted.text("service");
    let office = posted.text("office");
    let key_text = posted.text("idempotency_key");
    let page = format!(
        "/book?{}",
        serde_urlencoded::to_string([("service", &service), ("office", &office)])
            .unwrap_or_default()
    );
    let outcome = async {
        let office = office_of(&posted)?;
        let key = idempotency_key(None, Some(&key_text))?;
        let slot = posted.get("slot").ok_or(AppError::InvalidParameter {
            name: "slot".into(),
        })?;
        let cal = clock::store::load(&state.pool).await?;
        store::book(
            &state.pool,
            &cal,
            &me,
            &service,
            office,
            slot,
            &key.to_string(),
            state.now.now(),
        )
        .await
    }
    .await;
    let answer =
        outcome.map(|b| crate::http::see_other(&format!("/bookings/{}?done=booked", b.code)));
    finish(&state, parts, answer, |error| {
        SendBack::with(BookEcho {
            error,
            idempotency_key: app::applications::parse_idempotency_key(&key_text),
        })
        .at(page)
    })
    .await
}

/// `POST /bookings/{code}/cancel`: back to the booking, cancelled.
pub async fn form_cancel(
    Path(code): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost,
) -> Response {
    if let Err(e) = posted {
        return e.into_response();
    }
    let outcome = store::cancel(&state.pool, &me, &code, state.now.now()).await;
    let page = format!("/bookings/{code}");
    let answer = outcome.map(|()| crate::http::see_other(&format!("{page}?done=cancelled")));
    finish(&state, parts, answer, |error| {
        SendBack::with(BookEcho {
            error,
            idempotency_key: None,
        })
        .at(page)
    })
    .await
}

/// `POST /bookings/{code}/reschedule` (`office`, `slot`): to the booking
/// at its new time, or the booking page again with the problem.
pub async fn form_reschedule(
    Path(code): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost,
) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let service = posted.text("service");
    let office = posted.text("office");
    let page = format!(
        "/book?{}",
        serde_urlencoded::to_string([
            ("service", service.as_str()),
            ("office", office.as_str()),
            ("booking", code.as_str())
        ])
        .unwrap_or_default()
    );
    let outcome = async {
        let office = office_of(&posted)?;
        let slot = posted.get("slot").ok_or(AppError::InvalidParameter {
            name: "slot".into(),
        })?;
        let cal = clock::store::load(&state.pool).await?;
        store::reschedule(&state.pool, &cal, &me, &code, office, slot, state.now.now()).await
    }
    .await;
    let answer = outcome.map(|()| crate::http::see_other(&format!("/bookings/{code}?done=moved")));
    finish(&state, parts, answer, |error| {
        SendBack::with(BookEcho {
            error,
            idempotency_key: None,
        })
        .at(page)
    })
    .await
}
