//! Ratings over HTTP: the applicant rates an evaluation point, the public
//! boards, the published rectifications, and the steps of a rectification
//! for its applicant, its department and the supervisors of its region —
//! as JSON and as plain forms.

use crate::{
    applications::case_no,
    http::{cache, finish, FormPost, JsonBody, PageAbove, Posted, SendBack, SignedIn},
};
use app::{
    clock,
    error::AppError,
    ratings::{
        pages::RatingEcho,
        rectify::RectAction,
        store,
        views::{NewRating, RectLine, RectView},
        BoardLine, RatingView,
    },
    state::AppState,
    ui::ActionRefused,
};
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
    Json,
};
use serde::Deserialize;
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of ratings, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(rate))
        .merge(cache::public(
            OpenApiRouter::new()
                .routes(routes!(departments))
                .routes(routes!(regions))
                .routes(routes!(published)),
        ))
        .routes(routes!(rectification, act))
        .routes(routes!(queue))
        .route("/cases/{case_no}/ratings", post(form_rate))
        .route("/rectifications/{id}", post(form_act))
}

/// `POST /api/v1/cases/{case_no}/ratings` with `{"task_id","stars","comment"}`:
/// 201 with the rating; 200 with the stored one when the same rating is
/// posted again; 409 `rating_refused` (`already_rated`, `not_ratable`);
/// 422 for stars outside 1–5 or a comment too long; 404 for a case that is
/// not the caller's.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{case_no}/ratings",
    operation_id = "ratings_rate",
    tag = "ratings",
    params(("case_no" = String, Path, description = "The case number, e.g. `440100-20261008-000123`")),
    request_body = app::ratings::views::NewRating,
    responses(
        (status = 201, description = "Rated", body = app::ratings::RatingView),
        (status = 200, description = "The same rating again: the stored one", body = app::ratings::RatingView),
        crate::openapi::SignedInWrite,
        (status = 404, description = "No such case of the caller's (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Rated already, or not ratable (`rating_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "Stars outside 1–5 or a text too long (`rating_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn rate(
    State(state): State<AppState>,
    Path(no): Path<String>,
    SignedIn(me): SignedIn,
    new: Result<JsonBody<NewRating>, AppError>,
) -> Result<Response, AppError> {
    let no = case_no(&no)?;
    let JsonBody(new) = new?;
    let cal = clock::store::load(&state.pool).await?;
    let (rating, created) =
        store::rate(&state.pool, &cal, &me, no.as_str(), &new, state.now.today()).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json::<RatingView>(rating)).into_response())
}

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
pub struct BoardParams {
    pub region: Option<String>,
}

/// `GET /api/v1/ratings/departments[?region=440100]`: every rated
/// department (of a region and the regions under it), ranked by the
/// Bayesian score, with count, average, level and distribution.
#[utoipa::path(
    get,
    path = "/api/v1/ratings/departments",
    operation_id = "ratings_departments",
    tag = "ratings",
    params(BoardParams),
    responses(
        (status = 200, description = "Departments ranked by score", body = crate::openapi::RatingBoard),
        (status = 400, description = "Not a region code (`invalid_parameter`, `invalid_region_code`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn departments(
    State(state): State<AppState>,
    params: Result<Query<BoardParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<serde_json::Value>, AppError> {
    let Query(p) = params.map_err(|_| AppError::InvalidParameter {
        name: "region".into(),
    })?;
    let region = match p.region.as_deref().filter(|r| !r.is_empty()) {
        None => None,
        Some(r) => Some(
            app::regions::RegionCode::parse(r)
                .map_err(|_| AppError::InvalidRegionCode)?
                .get() as i32,
        ),
    };
    let lines = store::department_board(&state.pool, region).await?;
    Ok(Json(board(lines)))
}

/// `GET /api/v1/ratings/regions`: the 21 cities ranked the same way.
#[utoipa::path(
    get,
    path = "/api/v1/ratings/regions",
    operation_id = "ratings_regions",
    tag = "ratings",
    responses(
        (status = 200, description = "Cities ranked by score", body = crate::openapi::RatingBoard),
    )
)]
pub async fn regions(State(state): State<AppState>) -> Result<Json<serde_json::Value>, AppError> {
    Ok(Json(board(store::region_board(&state.pool).await?)))
}

fn board(lines: Vec<BoardLine>) -> serde_json::Value {
    json!({
        "formula": format!(
            "score = ({w} * {m} + sum of stars) / ({w} + count)",
            w = app::ratings::PRIOR_WEIGHT,
            m = app::ratings::PRIOR_STARS
        ),
        "prior_weight": app::ratings::PRIOR_WEIGHT,
        "prior_stars": app::ratings::PRIOR_STARS,
        "lines": lines,
    })
}

/// `GET /api/v1/ratings/rectifications`: the published rectifications,
/// newest first (no names, comments or case numbers).
#[utoipa::path(
    get,
    path = "/api/v1/ratings/rectifications",
    operation_id = "ratings_published",
    tag = "ratings",
    responses(
        (status = 200, description = "Published rectifications, newest first", body = Vec<app::ratings::views::RectLine>),
    )
)]
pub async fn published(State(state): State<AppState>) -> Result<Json<Vec<RectLine>>, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    Ok(Json(
        store::published(&state.pool, &cal, state.now.today(), 200).await?,
    ))
}

/// `GET /api/v1/rectifications/{id}`: for its applicant, its department's
/// staff and the supervisors of its region (with the steps each may take);
/// 404 for anyone else.
#[utoipa::path(
    get,
    path = "/api/v1/rectifications/{id}",
    operation_id = "ratings_rectification",
    tag = "ratings",
    params(("id" = i64, Path, description = "The rectification's id")),
    responses(
        (status = 200, description = "The rectification", body = app::ratings::views::RectView),
        crate::openapi::PathSignedIn,
        (status = 404, description = "No such rectification the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn rectification(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
) -> Result<Json<RectView>, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    Ok(Json(
        store::rect_view(&state.pool, &cal, &me, id, state.now.today()).await?,
    ))
}

/// `POST /api/v1/rectifications/{id}` with a step:
/// `{"action":"call_back","note"}`, `{"action":"resolve","outcome"}`,
/// `{"action":"contest","reason"}` (department), `{"action":"accept"}`,
/// `{"action":"appeal","reason"}` (applicant),
/// `{"action":"decide","upheld",“note”}` (supervisor): 200 with the new
/// state; 403 `not_your_turn`, 409 `wrong_state`, 422 for a missing text.
#[utoipa::path(
    post,
    path = "/api/v1/rectifications/{id}",
    operation_id = "ratings_act",
    tag = "ratings",
    params(("id" = i64, Path, description = "The rectification's id")),
    request_body = app::ratings::rectify::RectAction,
    responses(
        (status = 200, description = "The new state", body = crate::openapi::RectStateAnswer),
        crate::openapi::BadBody, crate::openapi::SignedOut,
        (status = 403, description = "Cross-site (`cross_site_request`), or not the caller's turn (`rating_refused`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such rectification the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Not in a state for this step (`rating_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "A text is missing or too long (`rating_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn act(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
    JsonBody(action): JsonBody<RectAction>,
) -> Result<Json<serde_json::Value>, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    let to = store::act(&state.pool, &cal, &me, id, &action, state.now.today()).await?;
    Ok(Json(json!({ "state": to })))
}

/// `GET /api/v1/staff/rectifications`: the department's open
/// rectifications by deadline (staff), or the appeals to decide
/// (supervisors).
#[utoipa::path(
    get,
    path = "/api/v1/staff/rectifications",
    operation_id = "ratings_queue",
    tag = "ratings",
    responses(
        (status = 200, description = "Open rectifications or appeals to decide", body = Vec<app::ratings::views::RectLine>),
        crate::openapi::RoleRead,
    )
)]
pub async fn queue(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<RectLine>>, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    let today = state.now.today();
    Ok(Json(match me.role {
        app::accounts::Role::Supervisor => {
            store::supervisor_queue(&state.pool, &cal, &me, today).await?
        }
        _ => {
            let post = app::workflow::store::staff_post(&state.pool, &me).await?;
            store::department_queue(&state.pool, &cal, post.department_id, today).await?
        }
    }))
}

/// `POST /cases/{case_no}/ratings` (the star widget): back to the case, or
/// the case page with the form and its problem.
pub async fn form_rate(
    Path(no): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let new = NewRating {
        task_id: posted
            .get("task_id")
            .and_then(|t| t.parse().ok())
            .unwrap_or(0),
        stars: posted
            .get("stars")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0),
        comment: posted.text("comment"),
        point: matches!(posted.get("point"), Some("1" | "true")),
    };
    let outcome = async {
        let no = case_no(&no)?;
        let cal = clock::store::load(&state.pool).await?;
        store::rate(&state.pool, &cal, &me, no.as_str(), &new, state.now.today()).await
    }
    .await;
    // A case that is not the person's has no page to show the form on.
    if matches!(outcome, Err(AppError::NotFound)) {
        return AppError::NotFound.into_response();
    }
    let answer = outcome.map(|_| crate::http::see_other(&format!("/cases/{no}#rate-h")));
    finish(&state, parts, answer, |error| {
        SendBack::with(RatingEcho {
            task_id: new.task_id,
            point: new.point,
            stars: Some(new.stars).filter(|s| (1..=5).contains(s)),
            comment: new.comment,
            error,
        })
        .at(format!("/cases/{no}"))
    })
    .await
}

/// A step as the rectification page's forms send it.
fn step_of(posted: &Posted) -> Result<RectAction, AppError> {
    let text = |n: &str| posted.text(n);
    Ok(match posted.get("action").unwrap_or_default() {
        "call_back" => RectAction::CallBack { note: text("note") },
        "resolve" => RectAction::Resolve {
            outcome: text("outcome"),
        },
        "contest" => RectAction::Contest {
            reason: text("reason"),
        },
        "accept" => RectAction::Accept,
        "appeal" => RectAction::Appeal {
            reason: text("reason"),
        },
        "decide" => RectAction::Decide {
            upheld: match posted.get("upheld") {
                Some("true") => true,
                Some("false") => false,
                _ => {
                    return Err(AppError::InvalidParameter {
                        name: "upheld".into(),
                    })
                }
            },
            note: text("note"),
        },
        _ => {
            return Err(AppError::InvalidParameter {
                name: "action".into(),
            })
        }
    })
}

/// `POST /rectifications/{id}` (a step's form): back to the rectification,
/// or the page with the reason the step was refused.
pub async fn form_act(
    Path(id): Path<i64>,
    FormPost(state, me, parts, posted, ..): FormPost,
) -> Response {
    let page = format!("/rectifications/{id}");
    let outcome = async {
        let action = step_of(&posted?)?;
        let cal = clock::store::load(&state.pool).await?;
        store::act(&state.pool, &cal, &me, id, &action, state.now.today()).await
    }
    .await;
    let answer = outcome.map(|_| crate::http::see_other(&page));
    finish(&state, parts, answer, |err| {
        SendBack::with(ActionRefused(err)).at(page.clone())
    })
    .await
}
