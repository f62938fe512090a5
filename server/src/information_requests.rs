//! Requests for information (依申请公开, issue 20) over HTTP: the JSON API
//! (submitting with an Idempotency-Key, mine, one request, the office's
//! queue, steps) and the pages' forms beside it, which work without
//! JavaScript and show the page again with the problem. Every answer here
//! is personal (`private, no-store`, the default policy).

use crate::http::{
    finish, idempotency_key, FormPost, JsonBody, PageAbove, Posted, SendBack, SignedIn, ThisPage,
};
use app::{
    accounts::Me,
    clock,
    disclosure::{
        request::{Action, Outcome, Withheld},
        requests::{
            store::{self, NewRequest},
            RequestRow, RequestView,
        },
    },
    error::AppError,
    state::AppState,
};
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Json,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of requests for information, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(submit))
        .routes(routes!(one))
        .routes(routes!(mine))
        .routes(routes!(queue))
        .routes(routes!(steps))
        .routes(routes!(make_document))
        .route("/disclosure/requests/new", post(form_submit))
        .route("/me/information-requests/{no}/steps", post(form_step))
        .route("/staff/information-requests/{no}/steps", post(form_step))
        .route(
            "/staff/information-requests/{no}/document",
            post(form_document),
        )
}

fn bad(name: &str) -> AppError {
    AppError::InvalidParameter { name: name.into() }
}

/// A request for information: the body asked (`department`, its id), what
/// information (`description`, 5–2,000 characters), its purpose
/// (optional), how it is to be received (`online`, `post`, `collect`) and,
/// for an enterprise, what kind of body it is (`business` unless
/// `research`, `social_organisation`, `legal_service` or `other`).
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct SubmitBody {
    pub department: Option<i64>,
    #[serde(default)]
    pub applicant_kind: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub delivery: String,
    pub idempotency_key: Option<String>,
}

/// What submitting answers.
#[derive(utoipa::ToSchema, Debug, Serialize)]
pub struct SubmitAnswer {
    pub request_no: String,
    /// The answer's deadline (YYYY-MM-DD): 20 working days after receipt.
    pub due_on: String,
}

/// `POST /api/v1/information-requests`: 201 with the `request_no` and the
/// `due_on`; the same `Idempotency-Key` again answers 200 with the same
/// request. Citizens and enterprises only (403); 422 for what cannot be
/// taken.
#[utoipa::path(
    post,
    path = "/api/v1/information-requests",
    operation_id = "information_requests_submit",
    tag = "information-requests",
    request_body = SubmitBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "A UUID; the same key gives the same request")),
    responses(
        (status = 201, description = "Submitted", body = SubmitAnswer),
        (status = 200, description = "The same key again: the same request", body = SubmitAnswer),
        crate::openapi::RoleWrite,
        (status = 422, description = "Something typed cannot be taken (`information_request_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    JsonBody(body): JsonBody<SubmitBody>,
) -> Result<Response, AppError> {
    let key = idempotency_key(Some(&headers), body.idempotency_key.as_deref())?;
    let new = NewRequest {
        department: body.department,
        applicant_kind: body.applicant_kind,
        description: body.description,
        purpose: body.purpose,
        delivery: body.delivery,
    };
    let cal = clock::store::load(&state.pool).await?;
    let s = store::submit(
        &state.pool,
        &cal,
        &me,
        &new,
        key,
        state.now.now(),
        state.now.today(),
    )
    .await?;
    let status = if s.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(SubmitAnswer {
            request_no: s.request_no,
            due_on: clock::format_date(s.due_on),
        }),
    )
        .into_response())
}

async fn view(state: &AppState, me: &Me, no: &str) -> Result<RequestView, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    store::get(&state.pool, &cal, me, no, state.now.today()).await
}

/// `GET /api/v1/information-requests/{no}`: one request — its deadline
/// and working days left, its log, the answer with the appeal routes'
/// last days, the caller's roles and the steps they may take (`offered`).
/// Its applicant and its department's staff (a staff read is audited);
/// 404 for anyone else.
#[utoipa::path(
    get,
    path = "/api/v1/information-requests/{no}",
    operation_id = "information_requests_one",
    tag = "information-requests",
    params(("no" = String, Path, description = "The request's number (YS…)")),
    responses(
        (status = 200, description = "The request", body = app::disclosure::requests::RequestView),
        crate::openapi::SignedOut,
        (status = 404, description = "No such request the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    Path(no): Path<String>,
    SignedIn(me): SignedIn,
) -> Result<Json<RequestView>, AppError> {
    Ok(Json(view(&state, &me, &no).await?))
}

/// `GET /api/v1/me/information-requests`: the signed-in person's
/// requests, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/me/information-requests",
    operation_id = "information_requests_mine",
    tag = "information-requests",
    responses(
        (status = 200, description = "The person's requests", body = Vec<app::disclosure::requests::RequestRow>),
        crate::openapi::SignedOut,
    )
)]
pub async fn mine(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<RequestRow>>, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    Ok(Json(
        store::mine(&state.pool, &cal, &me, state.now.today()).await?,
    ))
}

/// `GET /api/v1/staff/information-requests`: the open requests of the
/// caller's department, due soonest first (paused ones and extensions
/// waiting for the head marked). Staff only.
#[utoipa::path(
    get,
    path = "/api/v1/staff/information-requests",
    operation_id = "information_requests_queue",
    tag = "information-requests",
    responses(
        (status = 200, description = "The queue", body = Vec<app::disclosure::requests::RequestRow>),
        crate::openapi::RoleRead,
    )
)]
pub async fn queue(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<RequestRow>>, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    Ok(Json(
        store::queue(&state.pool, &cal, &me, state.now.today()).await?,
    ))
}

async fn step_as(state: &AppState, me: &Me, no: &str, action: &Action) -> Result<(), AppError> {
    let cal = clock::store::load(&state.pool).await?;
    store::take_step(
        &state.pool,
        &cal,
        me,
        no,
        action,
        state.now.now(),
        state.now.today(),
    )
    .await
}

/// `POST /api/v1/information-requests/{no}/steps` with
/// `{"action":"ask_supplement","what":"…"}`, `{"action":"ask_extension",
/// "days":20,"reason":"…"}`, `{"action":"approve_extension"}`,
/// `{"action":"answer","outcome":"partly_disclosed","withheld":
/// "third_party_rights","text":"…"}`… (see `InformationRequestAction`):
/// the step as the machine allows it; the request after it. 403 for a
/// step not the caller's (404 when they may not see the request), 409 when
/// the state or the deadline refuses, 422 for what was typed.
#[utoipa::path(
    post,
    path = "/api/v1/information-requests/{no}/steps",
    operation_id = "information_requests_step",
    tag = "information-requests",
    params(("no" = String, Path, description = "The request's number (YS…)")),
    request_body = app::disclosure::request::Action,
    responses(
        (status = 200, description = "The request after the step", body = app::disclosure::requests::RequestView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such request the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "The state or the deadline refuses the step (`information_request_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "A text, an outcome or a reason cannot be taken (`information_request_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn steps(
    State(state): State<AppState>,
    Path(no): Path<String>,
    SignedIn(me): SignedIn,
    JsonBody(action): JsonBody<Action>,
) -> Result<Json<RequestView>, AppError> {
    step_as(&state, &me, &no, &action).await?;
    Ok(Json(view(&state, &me, &no).await?))
}

/// What making a proactive document answers.
#[derive(utoipa::ToSchema, Debug, Serialize)]
pub struct MadeDocument {
    /// The draft's id.
    pub document: i64,
    /// Its staff page, to edit it and send it for review.
    pub staff_page: String,
}

/// `POST /api/v1/information-requests/{no}/document`: makes what was
/// disclosed on the request a proactive document with one click
/// (依申请公开转主动公开) — a draft of the department's with the answer as
/// its text, which then goes through review like any other. One draft per
/// request, whoever asks: 201 the first time, 200 with the same draft
/// after. The department's editors only (403; 404 to anyone who may not
/// see the request as its staff); 409 when nothing was disclosed.
#[utoipa::path(
    post,
    path = "/api/v1/information-requests/{no}/document",
    operation_id = "information_requests_make_document",
    tag = "information-requests",
    params(("no" = String, Path, description = "The request's number (YS…)")),
    responses(
        (status = 201, description = "The draft made", body = MadeDocument),
        (status = 200, description = "Already made: the same draft", body = MadeDocument),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such request the caller may see as its department's staff (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Nothing was disclosed (`information_request_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn make_document(
    State(state): State<AppState>,
    Path(no): Path<String>,
    SignedIn(me): SignedIn,
) -> Result<Response, AppError> {
    let made =
        store::make_proactive(&state.pool, &me, &no, state.now.now(), state.now.today()).await?;
    let (id, status) = if made.created {
        (made.id, StatusCode::CREATED)
    } else {
        (made.id, StatusCode::OK)
    };
    Ok((
        status,
        Json(MadeDocument {
            document: id,
            staff_page: format!("/staff/documents/{id}"),
        }),
    )
        .into_response())
}

// ---- the pages' forms (they work without JavaScript) ------------------------

/// `POST /disclosure/requests/new` (the request form): to the new
/// request's page (its number and due date said), or the form again with
/// what was typed, the problem and the same key.
pub async fn form_submit(FormPost(state, me, parts, posted, ..): FormPost<ThisPage>) -> Response {
    let page = "/disclosure/requests/new".to_string();
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        let key = idempotency_key(None, Some(&posted.text("idempotency_key")))?;
        let department = match posted.get("department").filter(|s| !s.is_empty()) {
            Some(v) => Some(v.trim().parse::<i64>().map_err(|_| bad("department"))?),
            None => None,
        };
        let new = NewRequest {
            department,
            applicant_kind: posted.text("applicant_kind"),
            description: posted.text("description"),
            purpose: posted.text("purpose"),
            delivery: posted.text("delivery"),
        };
        let cal = clock::store::load(&state.pool).await?;
        store::submit(
            &state.pool,
            &cal,
            &me,
            &new,
            key,
            state.now.now(),
            state.now.today(),
        )
        .await
    }
    .await;
    let answer = outcome.map(|s| {
        crate::http::see_other(&format!(
            "/me/information-requests/{}?submitted=1",
            s.request_no
        ))
    });
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at(page.clone())
    })
    .await
}

/// The step a form posts (`action=…` and its fields).
fn action_of(p: &Posted) -> Result<Action, AppError> {
    let text = |n: &str| p.text(n);
    Ok(match p.get("action").unwrap_or_default() {
        "ask_supplement" => Action::AskSupplement { what: text("what") },
        "supplement" => Action::Supplement { text: text("text") },
        "lapse" => Action::Lapse,
        "consult" => Action::Consult {
            party: text("party"),
        },
        "end_consultation" => Action::EndConsultation { note: text("note") },
        "ask_extension" => Action::AskExtension {
            days: p
                .get("days")
                .and_then(|v| v.trim().parse::<u32>().ok())
                .ok_or_else(|| bad("days"))?,
            reason: text("reason"),
        },
        "approve_extension" => Action::ApproveExtension,
        "refuse_extension" => Action::RefuseExtension {
            reason: text("reason"),
        },
        "answer" => Action::Answer {
            outcome: Outcome::parse(p.get("outcome").unwrap_or_default())
                .ok_or_else(|| bad("outcome"))?,
            withheld: match p.get("withheld").filter(|v| !v.is_empty()) {
                Some(code) => Some(Withheld::parse(code).ok_or_else(|| bad("withheld"))?),
                None => None,
            },
            holder: text("holder"),
            text: text("text"),
        },
        "withdraw" => Action::Withdraw,
        _ => return Err(bad("action")),
    })
}

/// `POST /me/information-requests/{no}/steps` and
/// `POST /staff/information-requests/{no}/steps` (a step form on the
/// request's page): back to the request, or its page with the problem and
/// the text kept.
pub async fn form_step(
    Path(no): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let page = match parts.uri.path().rsplit_once('/') {
        Some((above, _)) => above.to_string(),
        None => "/".to_string(),
    };
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        let action = action_of(&posted)?;
        step_as(&state, &me, &no, &action).await
    }
    .await;
    let answer = outcome.map(|()| crate::http::see_other(&page));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at(page.clone())
    })
    .await
}

/// `POST /staff/information-requests/{no}/document` (the button on the
/// request's staff page): to the new draft's staff page, or the request's
/// page with the problem.
pub async fn form_document(
    Path(no): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let page = match parts.uri.path().rsplit_once('/') {
        Some((above, _)) => above.to_string(),
        None => "/".to_string(),
    };
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let answer = store::make_proactive(&state.pool, &me, &no, state.now.now(), state.now.today())
        .await
        .map(|made| crate::http::see_other(&format!("/staff/documents/{}", made.id)));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at(page.clone())
    })
    .await
}
