//! Online interviews (在线访谈) over HTTP: the JSON API (the list, one
//! interview, asking, the transcript and its polling, the moderator's
//! decisions, written answers, start and end, the department's view) and
//! the pages' forms, which work without JavaScript and, when refused,
//! answer with the same page and the problem.

use crate::http::{
    cache, finish, idempotency_key, see_other, FormPost, JsonBody, PageAbove, Posted, SendBack,
    SignedIn, Viewer,
};
use app::{
    accounts::Me,
    clock,
    error::AppError,
    interviews::{
        pages::InterviewEcho,
        store::{self, NewEntry},
        Decision, EntryKind, EntryView, InterviewDetail, InterviewView, QuestionView, RawInterview,
        StaffView, Switch,
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
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of interviews, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        // The list is the same for everyone (its GET is cacheable); the
        // transcript is polled while live, so it is never stored.
        .merge(cache::public(
            OpenApiRouter::new().routes(routes!(list, schedule)),
        ))
        .routes(routes!(one))
        .routes(routes!(ask))
        .routes(routes!(transcript, add_entry))
        .routes(routes!(decide))
        .routes(routes!(answer))
        .routes(routes!(switch))
        .routes(routes!(staff))
        .route("/interviews/{id}/questions", post(form_ask))
        .route("/staff/interviews", post(form_schedule))
        .route("/staff/interviews/{id}/state", post(form_switch))
        .route("/staff/interviews/{id}/transcript", post(form_entry))
        .route(
            "/staff/interview-questions/{id}/decision",
            post(form_decide),
        )
        .route("/staff/interview-questions/{id}/answer", post(form_answer))
}

async fn cal(state: &AppState) -> Result<std::sync::Arc<clock::Calendar>, AppError> {
    clock::store::load(&state.pool).await
}

/// `GET /api/v1/interviews`: every interview, the latest first, with its
/// phase (`upcoming`, `live`, `ended`).
#[utoipa::path(
    get,
    path = "/api/v1/interviews",
    operation_id = "interviews_list",
    tag = "interviews",
    responses(
        (status = 200, description = "The interviews, the latest first", body = Vec<app::interviews::InterviewView>),
    )
)]
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<InterviewView>>, AppError> {
    let cal = cal(&state).await?;
    Ok(Json(
        store::list(&state.pool, &cal, state.now.now(), 200).await?,
    ))
}

/// `POST /api/v1/interviews` with an `Idempotency-Key`: the staff member's
/// department schedules an interview (`title`, `guests`, `description`,
/// `starts_at`, `ends_at`); 201, or 200 with the same interview for the
/// same key. Staff only (403); 422 for what cannot be used.
#[utoipa::path(
    post,
    path = "/api/v1/interviews",
    operation_id = "interviews_schedule",
    tag = "interviews",
    request_body = app::interviews::RawInterview,
    responses(
        (status = 201, description = "Scheduled", body = app::interviews::InterviewView),
        (status = 200, description = "The same key again: the same interview", body = app::interviews::InterviewView),
        crate::openapi::RoleWrite,
        (status = 422, description = "A field cannot be used (`interview_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn schedule(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    body: Result<JsonBody<RawInterview>, AppError>,
) -> Result<Response, AppError> {
    store::staff_department(&state.pool, &me).await?;
    let JsonBody(raw) = body?;
    let key = idempotency_key(Some(&headers), raw.idempotency_key.as_deref())?;
    let new = raw.parse()?;
    let made = store::schedule(&state.pool, &me, &new, key, state.now.now()).await?;
    let cal = cal(&state).await?;
    let view = store::one(&state.pool, &cal, made.id, state.now.now()).await?;
    let status = if made.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(view)).into_response())
}

/// `GET /api/v1/interviews/{id}`: the interview, its transcript, its
/// written answers and, for a signed-in person, their own questions.
#[utoipa::path(
    get,
    path = "/api/v1/interviews/{id}",
    operation_id = "interviews_one",
    tag = "interviews",
    params(("id" = i64, Path, description = "The interview's id")),
    responses(
        (status = 200, description = "The interview", body = app::interviews::InterviewDetail),
        crate::openapi::BadPath,
        (status = 404, description = "No such interview (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Viewer(me): Viewer,
) -> Result<Json<InterviewDetail>, AppError> {
    let cal = cal(&state).await?;
    Ok(Json(
        store::detail(&state.pool, &cal, me.as_ref(), id, state.now.now()).await?,
    ))
}

/// A question: `{"question"}` and an idempotency key.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct AskBody {
    #[serde(default)]
    pub question: String,
    pub idempotency_key: Option<String>,
}

/// `POST /api/v1/interviews/{id}/questions` with an `Idempotency-Key`: a
/// citizen or enterprise asks before or during the interview (409 after);
/// 201, or 200 with the same question for the same key.
#[utoipa::path(
    post,
    path = "/api/v1/interviews/{id}/questions",
    operation_id = "interviews_ask",
    tag = "interviews",
    params(("id" = i64, Path, description = "The interview's id")),
    request_body = AskBody,
    responses(
        (status = 201, description = "Asked", body = app::interviews::QuestionView),
        (status = 200, description = "The same key again: the same question", body = app::interviews::QuestionView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such interview (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "The interview is over (`interview_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "The question is too short or too long (`interview_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn ask(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    JsonBody(body): JsonBody<AskBody>,
) -> Result<Response, AppError> {
    let key = idempotency_key(Some(&headers), body.idempotency_key.as_deref())?;
    let made = store::ask(&state.pool, &me, id, &body.question, key, state.now.now()).await?;
    let cal = cal(&state).await?;
    let view = store::question(&state.pool, &cal, Some(me.id), made.id, state.now.now()).await?;
    let status = if made.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(view)).into_response())
}

/// After which entry.
#[derive(utoipa::IntoParams, Debug, Deserialize)]
#[into_params(parameter_in = Query)]
pub struct AfterParams {
    /// The last sequence number already shown (0 or absent: from the
    /// start).
    pub after: Option<String>,
}

/// `GET /api/v1/interviews/{id}/transcript?after=SEQ`: the transcript
/// entries after `SEQ`, in order (the live page polls this).
#[utoipa::path(
    get,
    path = "/api/v1/interviews/{id}/transcript",
    operation_id = "interviews_transcript",
    tag = "interviews",
    params(("id" = i64, Path, description = "The interview's id"), AfterParams),
    responses(
        (status = 200, description = "The entries after `after`, in order", body = Vec<app::interviews::EntryView>),
        crate::openapi::BadQuery,
        (status = 404, description = "No such interview (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn transcript(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(params): Query<AfterParams>,
) -> Result<Json<Vec<EntryView>>, AppError> {
    let after = match params.after.as_deref().map(str::trim) {
        None | Some("") => 0,
        Some(a) => a
            .parse::<i32>()
            .ok()
            .filter(|a| *a >= 0)
            .ok_or(AppError::InvalidParameter {
                name: "after".into(),
            })?,
    };
    Ok(Json(store::transcript(&state.pool, id, after).await?))
}

/// A transcript entry: `kind` (`host`, `answer`, `note`), `speaker`,
/// `body`, and for an answer the `question_id` it answers.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct EntryBody {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub speaker: String,
    #[serde(default)]
    pub body: String,
    pub question_id: Option<i64>,
}

fn entry_of(
    kind: &str,
    speaker: String,
    body: String,
    question: Option<i64>,
) -> Result<NewEntry, AppError> {
    let kind = EntryKind::parse(kind).ok_or(AppError::InvalidParameter {
        name: "kind".into(),
    })?;
    Ok(NewEntry {
        kind,
        speaker,
        body,
        question: if kind == EntryKind::Answer {
            question
        } else {
            None
        },
    })
}

/// `POST /api/v1/interviews/{id}/transcript`: the moderator appends an
/// entry while the interview is live (409 otherwise); an answer marks its
/// question answered live and tells the asker. Staff of the owning
/// department only (403).
#[utoipa::path(
    post,
    path = "/api/v1/interviews/{id}/transcript",
    operation_id = "interviews_add_entry",
    tag = "interviews",
    params(("id" = i64, Path, description = "The interview's id")),
    request_body = EntryBody,
    responses(
        (status = 201, description = "Appended", body = app::interviews::EntryView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such interview (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Not live, or the question already handled (`interview_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "The text cannot be used (`interview_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn add_entry(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
    body: Result<JsonBody<EntryBody>, AppError>,
) -> Result<Response, AppError> {
    store::staff_department(&state.pool, &me).await?;
    let JsonBody(body) = body?;
    let entry = entry_of(&body.kind, body.speaker, body.body, body.question_id)?;
    let added = store::add_entry(&state.pool, &me, id, &entry, state.now.now()).await?;
    Ok((StatusCode::CREATED, Json(added)).into_response())
}

/// A decision: `accept`, `reject` (with `reason`: `off_topic`, `abusive`,
/// `duplicate`, `personal_case`) or `defer`.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct DecisionBody {
    #[serde(default)]
    pub decision: String,
    pub reason: Option<String>,
}

async fn question_view(state: &AppState, me: &Me, id: i64) -> Result<Json<QuestionView>, AppError> {
    let cal = cal(state).await?;
    Ok(Json(
        store::question(&state.pool, &cal, Some(me.id), id, state.now.now()).await?,
    ))
}

/// `POST /api/v1/interview-questions/{id}/decision`: the moderator accepts
/// a question for the live interview, rejects it with a reason, or defers
/// it to a written answer. Staff of the owning department only (403); 409
/// when the question's state does not allow it.
#[utoipa::path(
    post,
    path = "/api/v1/interview-questions/{id}/decision",
    operation_id = "interviews_decide",
    tag = "interviews",
    params(("id" = i64, Path, description = "The question's id")),
    request_body = DecisionBody,
    responses(
        (status = 200, description = "Decided", body = app::interviews::QuestionView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such question (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Not in a state for this (`interview_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "Unknown decision or missing reason (`interview_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn decide(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
    body: Result<JsonBody<DecisionBody>, AppError>,
) -> Result<Json<QuestionView>, AppError> {
    store::staff_department(&state.pool, &me).await?;
    let JsonBody(body) = body?;
    let decision = Decision::parse(&body.decision, body.reason.as_deref())?;
    store::decide(&state.pool, &me, id, decision, state.now.now()).await?;
    question_view(&state, &me, id).await
}

/// A written answer.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct AnswerBody {
    #[serde(default)]
    pub answer: String,
}

/// `POST /api/v1/interview-questions/{id}/answer`: the department's
/// written answer to a deferred question, or to one still owed an answer
/// after the interview; the asker is told in the inbox, once. Staff of the
/// owning department only (403); 409 otherwise.
#[utoipa::path(
    post,
    path = "/api/v1/interview-questions/{id}/answer",
    operation_id = "interviews_answer",
    tag = "interviews",
    params(("id" = i64, Path, description = "The question's id")),
    request_body = AnswerBody,
    responses(
        (status = 200, description = "Answered", body = app::interviews::QuestionView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such question (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Not owed a written answer (`interview_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "The answer cannot be used (`interview_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn answer(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
    body: Result<JsonBody<AnswerBody>, AppError>,
) -> Result<Json<QuestionView>, AppError> {
    store::staff_department(&state.pool, &me).await?;
    let JsonBody(body) = body?;
    store::answer_written(&state.pool, &me, id, &body.answer, state.now.now()).await?;
    question_view(&state, &me, id).await
}

/// `{"action": "start" | "end"}`.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct SwitchBody {
    #[serde(default)]
    pub action: String,
}

/// `POST /api/v1/interviews/{id}/state`: the moderator starts an upcoming
/// interview or ends a live one (409 otherwise). Staff of the owning
/// department only (403).
#[utoipa::path(
    post,
    path = "/api/v1/interviews/{id}/state",
    operation_id = "interviews_switch",
    tag = "interviews",
    params(("id" = i64, Path, description = "The interview's id")),
    request_body = SwitchBody,
    responses(
        (status = 200, description = "Started or ended", body = app::interviews::InterviewView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such interview (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Cannot be started or ended now (`interview_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn switch(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
    body: Result<JsonBody<SwitchBody>, AppError>,
) -> Result<Json<InterviewView>, AppError> {
    store::staff_department(&state.pool, &me).await?;
    let JsonBody(body) = body?;
    let action = Switch::parse(&body.action).ok_or(AppError::InvalidParameter {
        name: "action".into(),
    })?;
    store::switch(&state.pool, &me, id, action, state.now.now()).await?;
    let cal = cal(&state).await?;
    Ok(Json(
        store::one(&state.pool, &cal, id, state.now.now()).await?,
    ))
}

/// `GET /api/v1/staff/interviews`: the staff member's department's
/// interviews and the questions owed a written answer, by due date. Staff
/// only (403).
#[utoipa::path(
    get,
    path = "/api/v1/staff/interviews",
    operation_id = "interviews_staff",
    tag = "interviews",
    responses(
        (status = 200, description = "The department's interviews and questions owed a written answer", body = app::interviews::StaffView),
        crate::openapi::RoleRead,
    )
)]
pub async fn staff(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<StaffView>, AppError> {
    let cal = cal(&state).await?;
    Ok(Json(
        store::staff(&state.pool, &cal, &me, state.now.now()).await?,
    ))
}

// ---- the pages' forms (they work without JavaScript) ------------------------

/// Finishes a form: to `done`, or `page` again with the problem and what
/// was typed.
async fn on_page(
    state: AppState,
    parts: axum::http::request::Parts,
    outcome: Result<String, AppError>,
    page: String,
    values: Vec<(String, String)>,
) -> Response {
    let answer = outcome.map(|to| see_other(&to));
    finish(&state, parts, answer, |error| {
        SendBack::with(InterviewEcho { error, values }).at(page)
    })
    .await
}

fn values(posted: &Posted) -> Vec<(String, String)> {
    posted.values.clone()
}

/// `POST /interviews/{id}/questions` (`question`, `idempotency_key`).
pub async fn form_ask(
    Path(id): Path<i64>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let outcome = async {
        let key = idempotency_key(None, Some(&posted.text("idempotency_key")))?;
        store::ask(
            &state.pool,
            &me,
            id,
            &posted.text("question"),
            key,
            state.now.now(),
        )
        .await
    }
    .await
    .map(|made| format!("/interviews/{id}#q-{}", made.id));
    on_page(
        state,
        parts,
        outcome,
        format!("/interviews/{id}"),
        values(&posted),
    )
    .await
}

/// `POST /staff/interviews` (the schedule form).
pub async fn form_schedule(FormPost(state, me, parts, posted, ..): FormPost) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let outcome = async {
        let raw: RawInterview = posted.decode()?;
        let key = idempotency_key(None, raw.idempotency_key.as_deref())?;
        store::staff_department(&state.pool, &me).await?;
        let new = raw.parse()?;
        store::schedule(&state.pool, &me, &new, key, state.now.now()).await
    }
    .await
    .map(|made| format!("/staff/interviews/{}", made.id));
    on_page(
        state,
        parts,
        outcome,
        "/staff/interviews".into(),
        values(&posted),
    )
    .await
}

/// `POST /staff/interviews/{id}/state` (`action=start|end`).
pub async fn form_switch(
    Path(id): Path<i64>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let page = format!("/staff/interviews/{id}");
    let outcome = async {
        let action = Switch::parse(&posted.text("action")).ok_or(AppError::InvalidParameter {
            name: "action".into(),
        })?;
        store::switch(&state.pool, &me, id, action, state.now.now()).await
    }
    .await
    .map(|()| page.clone());
    on_page(state, parts, outcome, page, Vec::new()).await
}

/// `POST /staff/interviews/{id}/transcript` (`kind`, `speaker`,
/// `question_id`, `body`).
pub async fn form_entry(
    Path(id): Path<i64>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let page = format!("/staff/interviews/{id}");
    let outcome = async {
        let question = match posted.get("question_id").map(str::trim) {
            None | Some("") => None,
            Some(q) => Some(q.parse::<i64>().map_err(|_| AppError::InvalidParameter {
                name: "question_id".into(),
            })?),
        };
        let entry = entry_of(
            &posted.text("kind"),
            posted.text("speaker"),
            posted.text("body"),
            question,
        )?;
        store::add_entry(&state.pool, &me, id, &entry, state.now.now()).await
    }
    .await
    .map(|e| format!("{page}#e-{}", e.seq));
    on_page(state, parts, outcome, page, values(&posted)).await
}

async fn interview_of_question(state: &AppState, id: i64) -> Option<i64> {
    sqlx::query_scalar("select interview_id from interview_question where id = $1")
        .bind(id)
        .fetch_optional(&state.pool)
        .await
        .ok()
        .flatten()
}

/// `POST /staff/interview-questions/{id}/decision` (`decision`, `reason`):
/// back to the console.
pub async fn form_decide(
    Path(id): Path<i64>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let page = match interview_of_question(&state, id).await {
        Some(i) => format!("/staff/interviews/{i}"),
        None => "/staff/interviews".to_string(),
    };
    let outcome = async {
        let decision = Decision::parse(&posted.text("decision"), posted.get("reason"))?;
        store::decide(&state.pool, &me, id, decision, state.now.now()).await
    }
    .await
    .map(|()| format!("{page}#q-{id}"));
    on_page(state, parts, outcome, page, Vec::new()).await
}

/// `POST /staff/interview-questions/{id}/answer` (`answer`): back to the
/// department's page.
pub async fn form_answer(
    Path(id): Path<i64>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let outcome = store::answer_written(
        &state.pool,
        &me,
        id,
        &posted.text("answer"),
        state.now.now(),
    )
    .await
    .map(|()| "/staff/interviews".to_string());
    on_page(
        state,
        parts,
        outcome,
        "/staff/interviews".into(),
        Vec::new(),
    )
    .await
}
