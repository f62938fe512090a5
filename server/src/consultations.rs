//! Consultations (网上咨询) over HTTP: the JSON API (the public FAQ,
//! asking, my questions, the asker's verdict, the department's queue and
//! its answers) and the pages' forms, which work without JavaScript and,
//! when something is wrong, answer with the same page showing what was
//! typed and what to correct.

use crate::http::{
    cache, finish, idempotency_key, sign_in_first, FormPost, JsonBody, PageAbove, Posted, SendBack,
    SignedIn, Viewer,
};
use app::{
    accounts::Me,
    clock,
    consultations::{
        pages::{AnswerEcho, AskEcho},
        store, About, Answer, ConsultationView, FaqEntry,
    },
    error::AppError,
    state::AppState,
};
use axum::{
    extract::{Path, Query, State},
    http::{request::Parts, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Json,
};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of consultations, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        // The answered public questions (GET) are the same for everyone.
        .merge(cache::public(
            OpenApiRouter::new().routes(routes!(list, ask)),
        ))
        .routes(routes!(one))
        .routes(routes!(helpful))
        .routes(routes!(mine))
        .routes(routes!(queue))
        .routes(routes!(answer))
        .route("/consult", post(form_ask))
        .route("/consultations/{id}/helpful", post(form_helpful))
        .route("/staff/consultations/{id}", post(form_answer))
}

/// Which public questions: `public=true` (or absent) and `service=CODE` or
/// `department=ID`; with neither, every answered public question, or those
/// matching `q`, 20 a page (`page`, 1–500).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
pub struct ListParams {
    pub public: Option<String>,
    pub service: Option<String>,
    pub department: Option<String>,
    /// Words to find in the question or its answer (one Chinese character
    /// is enough); only without `service` and `department`.
    pub q: Option<String>,
    /// 1-based; only without `service` and `department`.
    pub page: Option<String>,
}

/// `GET /api/v1/consultations?public=true&service=CODE` (or
/// `department=ID`): the public answered questions, newest answer first.
/// Only public ones are ever listed here: `public=false` is a 400 (a
/// person's own questions are at `/api/v1/me/consultations`, a
/// department's open ones at `/api/v1/staff/consultations`).
#[utoipa::path(
    get,
    path = "/api/v1/consultations",
    operation_id = "consultations_list",
    tag = "consultations",
    params(ListParams),
    responses(
        (status = 200, description = "Public answered questions, newest answer first", body = Vec<app::consultations::FaqEntry>),
        crate::openapi::BadQuery,
        (status = 404, description = "No such service or department (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Query(params): Query<ListParams>,
) -> Result<Json<Vec<FaqEntry>>, AppError> {
    if !matches!(params.public.as_deref(), None | Some("true")) {
        return Err(AppError::InvalidParameter {
            name: "public".into(),
        });
    }
    if params.service.is_none() && params.department.is_none() {
        let (q, page) = app::consultations::search_query(
            params.q.as_deref().unwrap_or(""),
            params.page.as_deref().unwrap_or(""),
        )
        .map_err(|name| AppError::InvalidParameter { name: name.into() })?;
        let found = store::search(&state.pool, q.as_ref(), page).await?;
        return Ok(Json(found.entries));
    }
    let about = About::from_params(params.service.as_deref(), params.department.as_deref()).ok_or(
        AppError::InvalidParameter {
            name: if params.department.is_some() && params.service.is_none() {
                "department".into()
            } else {
                "service".into()
            },
        },
    )?;
    Ok(Json(store::faq(&state.pool, &about, 200).await?))
}

/// A new question: `{"service"|"department","question","public"}` and an
/// idempotency key (`Idempotency-Key` header or `idempotency_key`).
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct AskBody {
    pub service: Option<String>,
    pub department: Option<i64>,
    #[serde(default)]
    pub question: String,
    /// Private unless asked for.
    #[serde(default)]
    pub public: bool,
    pub idempotency_key: Option<String>,
}

async fn view(state: &AppState, me: Option<&Me>, id: i64) -> Result<ConsultationView, AppError> {
    let viewer = store::viewer(&state.pool, me).await?;
    let cal = clock::store::load(&state.pool).await?;
    store::get(&state.pool, &cal, viewer, id, state.now.today()).await
}

/// `POST /api/v1/consultations`: 201 with the question as its asker sees
/// it (id, status, `due_on`…); the same key again answers 200 with the
/// same question. Citizens and enterprises only (403); 422 with a
/// translated message for a question too short or too long.
#[utoipa::path(
    post,
    path = "/api/v1/consultations",
    operation_id = "consultations_ask",
    tag = "consultations",
    request_body = AskBody,
    responses(
        (status = 201, description = "Asked", body = app::consultations::ConsultationView),
        (status = 200, description = "The same key again: the same question", body = app::consultations::ConsultationView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such service or department (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "The question is too short or too long (`consultation_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn ask(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    JsonBody(body): JsonBody<AskBody>,
) -> Result<Response, AppError> {
    let key = idempotency_key(Some(&headers), body.idempotency_key.as_deref())?;
    let about = match (body.service, body.department) {
        (Some(s), None) if app::text::check_plain(&s).is_ok() => About::Service(s),
        (None, Some(d)) => About::Department(d),
        _ => {
            return Err(AppError::InvalidParameter {
                name: "service".into(),
            })
        }
    };
    let cal = clock::store::load(&state.pool).await?;
    let asked = store::ask(
        &state.pool,
        &cal,
        &me,
        &about,
        &body.question,
        body.public,
        key,
        state.now.now(),
    )
    .await?;
    let status = if asked.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(view(&state, Some(&me), asked.id).await?)).into_response())
}

/// `GET /api/v1/consultations/{id}`: one question for whoever may see it
/// (a published one: anyone; else its asker and the department's staff);
/// 404 for anyone else.
#[utoipa::path(
    get,
    path = "/api/v1/consultations/{id}",
    operation_id = "consultations_one",
    tag = "consultations",
    params(("id" = i64, Path, description = "The question's id")),
    responses(
        (status = 200, description = "The question", body = app::consultations::ConsultationView),
        crate::openapi::BadPath,
        (status = 404, description = "No such question the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Viewer(me): Viewer,
) -> Result<Json<ConsultationView>, AppError> {
    Ok(Json(view(&state, me.as_ref(), id).await?))
}

/// `GET /api/v1/me/consultations`: the signed-in person's questions,
/// newest first.
#[utoipa::path(
    get,
    path = "/api/v1/me/consultations",
    operation_id = "consultations_mine",
    tag = "consultations",
    responses(
        (status = 200, description = "The person's questions, newest first", body = Vec<app::consultations::ConsultationView>),
        crate::openapi::SignedOut,
    )
)]
pub async fn mine(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<ConsultationView>>, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    Ok(Json(
        store::mine(&state.pool, &cal, &me, state.now.today(), 200).await?,
    ))
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct HelpfulBody {
    pub helpful: bool,
}

/// `POST /api/v1/consultations/{id}/helpful` with `{"helpful":true}`: the
/// asker's verdict on the answer (may be changed); 409 before the answer;
/// 403 for anyone else who can see the question, else 404.
#[utoipa::path(
    post,
    path = "/api/v1/consultations/{id}/helpful",
    operation_id = "consultations_helpful",
    tag = "consultations",
    params(("id" = i64, Path, description = "The question's id")),
    request_body = HelpfulBody,
    responses(
        (status = 200, description = "The question with the verdict", body = app::consultations::ConsultationView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such question the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Not answered yet (`consultation_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn helpful(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
    JsonBody(body): JsonBody<HelpfulBody>,
) -> Result<Json<ConsultationView>, AppError> {
    mark_helpful(&state, &me, id, body.helpful).await?;
    Ok(Json(view(&state, Some(&me), id).await?))
}

async fn mark_helpful(state: &AppState, me: &Me, id: i64, helpful: bool) -> Result<(), AppError> {
    let viewer = store::viewer(&state.pool, Some(me))
        .await?
        .ok_or(AppError::Unauthenticated)?;
    store::mark_helpful(&state.pool, viewer, id, helpful).await
}

/// `GET /api/v1/staff/consultations`: the staff member's department's open
/// questions, most urgent first, with `urgency` (green, yellow, red) and
/// `status` (`overdue` past the deadline). Staff only (403).
#[utoipa::path(
    get,
    path = "/api/v1/staff/consultations",
    operation_id = "consultations_queue",
    tag = "consultations",
    responses(
        (status = 200, description = "The department's open questions, most urgent first", body = Vec<app::consultations::ConsultationView>),
        crate::openapi::RoleRead,
    )
)]
pub async fn queue(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<ConsultationView>>, AppError> {
    let (viewer, department) = store::staff_viewer(&state.pool, &me).await?;
    let cal = clock::store::load(&state.pool).await?;
    Ok(Json(
        store::queue(
            &state.pool,
            &cal,
            viewer,
            department,
            state.now.today(),
            200,
        )
        .await?,
    ))
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct AnswerBody {
    #[serde(default)]
    pub answer: String,
}

async fn answer_as(state: &AppState, me: &Me, id: i64, text: &str) -> Result<(), AppError> {
    let (viewer, _) = store::staff_viewer(&state.pool, me).await?;
    let answer = Answer::parse(text)?;
    store::answer(&state.pool, viewer, id, &answer, state.now.now()).await
}

/// `POST /api/v1/staff/consultations/{id}/answer` with `{"answer":"…"}`:
/// the department answers, once (409 the second time); 403 for anyone not
/// staff; staff of another department get 404 (403 for a question already
/// published); 422 for an answer too short or too long.
#[utoipa::path(
    post,
    path = "/api/v1/staff/consultations/{id}/answer",
    operation_id = "consultations_answer",
    tag = "consultations",
    params(("id" = i64, Path, description = "The question's id")),
    request_body = AnswerBody,
    responses(
        (status = 200, description = "Answered", body = app::consultations::ConsultationView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such question of the department's (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Answered already (`consultation_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "The answer is too short or too long (`consultation_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn answer(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
    JsonBody(body): JsonBody<AnswerBody>,
) -> Result<Json<ConsultationView>, AppError> {
    answer_as(&state, &me, id, &body.answer).await?;
    Ok(Json(view(&state, Some(&me), id).await?))
}

// ---- the pages' forms (they work without JavaScript) ------------------------

/// `POST /consult` (the ask form): to the new question's page, or the
/// form again with the problem, the text kept and the same key (so a
/// corrected resubmission is still one question).
pub async fn form_ask(
    State(state): State<AppState>,
    Viewer(me): Viewer,
    parts: Parts,
    posted: Result<Posted, AppError>,
) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let about = About::from_params(posted.get("service"), posted.get("department"));
    let page = match &about {
        Some(a) => format!("/consult?{}", a.query()),
        None => "/consult".to_string(),
    };
    let Some(me) = me else {
        return sign_in_first(&page);
    };
    let question = posted.text("question");
    let public = posted.get("public") != Some("false");
    let key_text = posted.text("idempotency_key");
    let outcome = async {
        let about = about.clone().ok_or(AppError::NotFound)?;
        let key = idempotency_key(None, Some(&key_text))?;
        let cal = clock::store::load(&state.pool).await?;
        store::ask(
            &state.pool,
            &cal,
            &me,
            &about,
            &question,
            public,
            key,
            state.now.now(),
        )
        .await
    }
    .await;
    let answer =
        outcome.map(|asked| crate::http::see_other(&format!("/consultations/{}", asked.id)));
    finish(&state, parts, answer, |error| {
        SendBack::with(AskEcho {
            question,
            public,
            idempotency_key: app::applications::parse_idempotency_key(&key_text),
            error,
        })
        .at(page)
    })
    .await
}

/// `POST /consultations/{id}/helpful` (`helpful=yes|no`): back to the
/// question, or its page with the refusal.
pub async fn form_helpful(
    Path(id): Path<i64>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let page = format!("/consultations/{id}");
    let outcome = async {
        let helpful = match posted?.get("helpful") {
            Some("yes" | "true") => true,
            Some("no" | "false") => false,
            _ => {
                return Err(AppError::InvalidParameter {
                    name: "helpful".into(),
                })
            }
        };
        mark_helpful(&state, &me, id, helpful).await
    }
    .await;
    let answer = outcome.map(|()| crate::http::see_other(&page));
    finish(&state, parts, answer, |error| {
        let answer = String::new();
        SendBack::with(AnswerEcho { answer, error }).at(page.clone())
    })
    .await
}

/// `POST /staff/consultations/{id}` (the answer form): back to the queue,
/// or the question's page with the problem and the answer kept.
pub async fn form_answer(
    Path(id): Path<i64>,
    FormPost(state, me, parts, posted, ..): FormPost,
) -> Response {
    let page = format!("/staff/consultations/{id}");
    let text = match posted {
        Ok(p) => p.text("answer"),
        Err(e) => return e.into_response(),
    };
    let outcome = answer_as(&state, &me, id, &text).await;
    let answer = outcome.map(|()| crate::http::see_other("/staff/consultations"));
    finish(&state, parts, answer, |error| {
        SendBack::with(AnswerEcho {
            answer: text,
            error,
        })
        .at(page)
    })
    .await
}
