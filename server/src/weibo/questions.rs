//! Microblog questions over HTTP (issue 21): the JSON API (asking with an
//! Idempotency-Key, an account's answered questions, mine, the helpful
//! vote, the team's list, one question and its steps, the assessment
//! index) and the pages' forms beside them, which work without JavaScript
//! and show the page again with the problem.

use crate::http::{
    cache, finish, idempotency_key, FormPost, JsonBody, PageAbove, Posted, SendBack, SignedIn,
    ThisPage,
};
use app::{
    accounts::Me,
    clock,
    error::AppError,
    state::AppState,
    weibo::{
        assessment::{store as assessment, Index},
        questions::{
            store, AccountQuestions, Ask, Asked, Helpful, QuestionRow, QuestionView,
            StaffQuestionView, StepRequest,
        },
    },
};
use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Json,
};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of questions and the index, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(cache::public(
            OpenApiRouter::new()
                .routes(routes!(account_questions, ask))
                .routes(routes!(index)),
        ))
        .routes(routes!(mine))
        .routes(routes!(my_one))
        .routes(routes!(helpful))
        .routes(routes!(staff_list))
        .routes(routes!(staff_one))
        .routes(routes!(steps))
        .route("/weibo/{at}/ask", post(form_ask))
        .route("/me/weibo/questions/{no}/helpful", post(form_helpful))
        .route("/staff/weibo/questions/{no}/steps", post(form_step))
}

fn bad(name: &str) -> AppError {
    AppError::InvalidParameter { name: name.into() }
}

/// `GET /api/v1/weibo/accounts/{handle}/questions`: the account's answered
/// questions (newest 50) with their answers and on-time marks, and its
/// answer rate. 404 for an account not verified.
#[utoipa::path(
    get,
    path = "/api/v1/weibo/accounts/{handle}/questions",
    operation_id = "weibo_account_questions",
    tag = "weibo-questions",
    params(("handle" = String, Path, description = "The account's handle (`gz_minzheng`)")),
    responses(
        (status = 200, description = "The account's answered questions", body = app::weibo::questions::AccountQuestions),
        (status = 404, description = "No such verified account (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn account_questions(
    State(state): State<AppState>,
    Path(handle): Path<String>,
) -> Result<Json<AccountQuestions>, AppError> {
    Ok(Json(
        store::public_list(&state.pool, &handle, state.now.today()).await?,
    ))
}

/// `POST /api/v1/weibo/accounts/{handle}/questions` with an
/// `Idempotency-Key`: a citizen's (or an enterprise's) question; 201, or
/// 200 with the same question for the same key. It gets an owner in the
/// account's team and a reply deadline on the working-day clock.
#[utoipa::path(
    post,
    path = "/api/v1/weibo/accounts/{handle}/questions",
    operation_id = "weibo_ask",
    tag = "weibo-questions",
    params(
        ("handle" = String, Path, description = "The account's handle"),
        ("Idempotency-Key" = String, Header, description = "A UUID: the same key gives the same question"),
    ),
    request_body = app::weibo::questions::Ask,
    responses(
        (status = 201, description = "The question", body = app::weibo::questions::Asked),
        (status = 200, description = "The same key again: the same question", body = app::weibo::questions::Asked),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such verified account (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "The kind or the text cannot be taken (`weibo_question_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn ask(
    State(state): State<AppState>,
    Path(handle): Path<String>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    JsonBody(question): JsonBody<Ask>,
) -> Result<Response, AppError> {
    let key = idempotency_key(Some(&headers), None)?;
    let asked = ask_as(&state, &me, &handle, &question, key).await?;
    let status = if asked.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(asked)).into_response())
}

async fn ask_as(
    state: &AppState,
    me: &Me,
    handle: &str,
    question: &Ask,
    key: uuid::Uuid,
) -> Result<Asked, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    store::ask(
        &state.pool,
        &cal,
        me,
        handle,
        question,
        key,
        state.now.now(),
    )
    .await
}

/// `GET /api/v1/me/weibo/questions`: my questions, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/me/weibo/questions",
    operation_id = "weibo_my_questions",
    tag = "weibo-questions",
    responses(
        (status = 200, description = "My questions", body = Vec<app::weibo::questions::QuestionRow>),
        crate::openapi::SignedOut,
    )
)]
pub async fn mine(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<QuestionRow>>, AppError> {
    Ok(Json(
        store::mine(&state.pool, &me, state.now.today()).await?,
    ))
}

/// `GET /api/v1/me/weibo/questions/{no}`: one of my questions, with the
/// answer once approved and the letter it became.
#[utoipa::path(
    get,
    path = "/api/v1/me/weibo/questions/{no}",
    operation_id = "weibo_my_question",
    tag = "weibo-questions",
    params(("no" = String, Path, description = "The question's number (`WB20261208000001`)")),
    responses(
        (status = 200, description = "The question", body = app::weibo::questions::QuestionView),
        crate::openapi::SignedOut,
        (status = 404, description = "No such question of mine (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn my_one(
    State(state): State<AppState>,
    Path(no): Path<String>,
    SignedIn(me): SignedIn,
) -> Result<Json<QuestionView>, AppError> {
    Ok(Json(
        store::my_one(&state.pool, &me, &no, state.now.today()).await?,
    ))
}

/// `POST /api/v1/me/weibo/questions/{no}/helpful` with `{"helpful":true}`:
/// the asker's verdict on the answer, once (409 after that, or before the
/// answer).
#[utoipa::path(
    post,
    path = "/api/v1/me/weibo/questions/{no}/helpful",
    operation_id = "weibo_helpful",
    tag = "weibo-questions",
    params(("no" = String, Path, description = "The question's number")),
    request_body = app::weibo::questions::Helpful,
    responses(
        (status = 200, description = "The question after the vote", body = app::weibo::questions::QuestionView),
        crate::openapi::SignedInWrite,
        (status = 404, description = "No such question of mine (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Voted before, or not answered yet (`weibo_question_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn helpful(
    State(state): State<AppState>,
    Path(no): Path<String>,
    SignedIn(me): SignedIn,
    JsonBody(vote): JsonBody<Helpful>,
) -> Result<Json<QuestionView>, AppError> {
    store::vote(&state.pool, &me, &no, vote.helpful).await?;
    Ok(Json(
        store::my_one(&state.pool, &me, &no, state.now.today()).await?,
    ))
}

/// `GET /api/v1/staff/weibo/questions`: the questions of the accounts
/// where I am in the team, those waiting first by deadline (overdue
/// first). 403 for anyone in no team.
#[utoipa::path(
    get,
    path = "/api/v1/staff/weibo/questions",
    operation_id = "weibo_staff_questions",
    tag = "weibo-questions",
    responses(
        (status = 200, description = "The questions", body = Vec<app::weibo::questions::QuestionRow>),
        crate::openapi::RoleRead,
    )
)]
pub async fn staff_list(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<QuestionRow>>, AppError> {
    Ok(Json(
        store::staff_list(&state.pool, &me, state.now.today()).await?,
    ))
}

async fn staff_view(state: &AppState, me: &Me, no: &str) -> Result<StaffQuestionView, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    store::staff_one(&state.pool, &cal, me, no, state.now.today()).await
}

/// `GET /api/v1/staff/weibo/questions/{no}`: a question for its account's
/// team, with the steps the caller may take (the read is audited).
#[utoipa::path(
    get,
    path = "/api/v1/staff/weibo/questions/{no}",
    operation_id = "weibo_staff_question",
    tag = "weibo-questions",
    params(("no" = String, Path, description = "The question's number")),
    responses(
        (status = 200, description = "The question", body = app::weibo::questions::StaffQuestionView),
        crate::openapi::SignedOut,
        (status = 404, description = "No such question of my accounts (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn staff_one(
    State(state): State<AppState>,
    Path(no): Path<String>,
    SignedIn(me): SignedIn,
) -> Result<Json<StaffQuestionView>, AppError> {
    Ok(Json(staff_view(&state, &me, &no).await?))
}

async fn step_as(state: &AppState, me: &Me, no: &str, step: &StepRequest) -> Result<(), AppError> {
    let cal = clock::store::load(&state.pool).await?;
    store::take_step(
        &state.pool,
        &cal,
        me,
        no,
        step,
        state.now.now(),
        state.now.today(),
    )
    .await
}

/// `POST /api/v1/staff/weibo/questions/{no}/steps` with
/// `{"action":"acknowledge"}`, `{"action":"complex","days":10}`,
/// `{"action":"reassign","to":"staff.gz.mzj"}`,
/// `{"action":"answer","text":"…"}`, `{"action":"submit"}`,
/// `{"action":"approve"}`, `{"action":"return","reason":"…"}` or
/// `{"action":"convert"}`: the owner acknowledges, sets complex (once) and
/// writes the answer; a reviewer of the team (never the writer) approves
/// it, which makes it public; the owner or a reviewer turns it into a
/// letter (again: the same letter).
#[utoipa::path(
    post,
    path = "/api/v1/staff/weibo/questions/{no}/steps",
    operation_id = "weibo_question_step",
    tag = "weibo-questions",
    params(("no" = String, Path, description = "The question's number")),
    request_body = app::weibo::questions::StepRequest,
    responses(
        (status = 200, description = "The question after the step", body = app::weibo::questions::StaffQuestionView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such question of my accounts (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "The state refuses the step (`weibo_question_refused`, `review_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "A value cannot be taken (`weibo_question_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn steps(
    State(state): State<AppState>,
    Path(no): Path<String>,
    SignedIn(me): SignedIn,
    JsonBody(step): JsonBody<StepRequest>,
) -> Result<Json<StaffQuestionView>, AppError> {
    step_as(&state, &me, &no, &step).await?;
    Ok(Json(staff_view(&state, &me, &no).await?))
}

/// Which region: `region=CODE` (default Guangzhou, 440100).
#[derive(utoipa::IntoParams, Debug, Deserialize)]
#[into_params(parameter_in = Query)]
pub struct IndexParams {
    pub region: Option<String>,
}

/// `GET /api/v1/weibo/index?region=440100`: the assessment index of the
/// region's verified accounts over the last 90 days — each account's four
/// components (0–100), score and rank — with the weights and the formula.
#[utoipa::path(
    get,
    path = "/api/v1/weibo/index",
    operation_id = "weibo_index",
    tag = "weibo-questions",
    params(IndexParams),
    responses(
        (status = 200, description = "The index, ranked", body = app::weibo::assessment::Index),
        crate::openapi::BadQuery,
        (status = 404, description = "No such region (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn index(
    State(state): State<AppState>,
    Query(p): Query<IndexParams>,
) -> Result<Json<Index>, AppError> {
    let region = match p.region.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => r
            .parse::<i32>()
            .ok()
            .filter(|c| (100000..1000000).contains(c))
            .ok_or_else(|| bad("region"))?,
        None => app::weibo::assessment::pages::DEFAULT_REGION,
    };
    Ok(Json(
        assessment::index(&state.pool, region, state.now.today()).await?,
    ))
}

// ---- the pages' forms (they work without JavaScript) ------------------------

/// `POST /weibo/@{handle}/ask` (the question form): to my question's
/// page, or the form again with what was typed, the problem and the key.
pub async fn form_ask(
    Path(at): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<ThisPage>,
) -> Response {
    let page = format!("/weibo/{at}/ask");
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        let key = idempotency_key(None, Some(&posted.text("idempotency_key")))?;
        let question = Ask {
            kind: posted.text("kind"),
            body: posted.text("body"),
        };
        ask_as(&state, &me, &at, &question, key).await
    }
    .await;
    let answer =
        outcome.map(|a| crate::http::see_other(&format!("/me/weibo/questions/{}", a.question_no)));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at(page.clone())
    })
    .await
}

/// `POST /me/weibo/questions/{no}/helpful`: back to my question.
pub async fn form_helpful(
    Path(no): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let page = format!("/me/weibo/questions/{no}");
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        let helpful = match posted.get("helpful").unwrap_or_default() {
            "true" => true,
            "false" => false,
            _ => return Err(bad("helpful")),
        };
        store::vote(&state.pool, &me, &no, helpful).await
    }
    .await;
    let answer = outcome.map(|()| crate::http::see_other(&page));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at(page.clone())
    })
    .await
}

/// The step a form posts (`action=…`, `days`, `to`, `text`, `reason`).
fn step_of(p: &Posted) -> Result<StepRequest, AppError> {
    Ok(match p.get("action").unwrap_or_default() {
        "acknowledge" => StepRequest::Acknowledge,
        "complex" => StepRequest::Complex {
            days: p.text("days").trim().parse().map_err(|_| bad("days"))?,
        },
        "reassign" => StepRequest::Reassign { to: p.text("to") },
        "answer" => StepRequest::Answer {
            text: p.text("text"),
        },
        "submit" => StepRequest::Submit,
        "recall" => StepRequest::Recall,
        "approve" => StepRequest::Approve,
        "return" => StepRequest::Return {
            reason: p.text("reason"),
        },
        "convert" => StepRequest::Convert,
        _ => return Err(bad("action")),
    })
}

/// `POST /staff/weibo/questions/{no}/steps`: back to the question.
pub async fn form_step(
    Path(no): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let page = format!("/staff/weibo/questions/{no}");
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        let step = step_of(&posted)?;
        step_as(&state, &me, &no, &step).await
    }
    .await;
    let answer = outcome.map(|()| crate::http::see_other(&page));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at(page.clone())
    })
    .await
}
