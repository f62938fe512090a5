//! The OpenAPI 3.1 document of the JSON API, served at
//! `GET /api/v1/openapi.json`.
//!
//! It is generated, not written: every `/api/v1` handler carries a
//! `#[utoipa::path]` with its method, path, parameters, body, answers and
//! tag, and its module routes it with `utoipa_axum::routes!`, which adds the
//! route and its documentation together. [`crate::routes`] merges the
//! modules; the router serves what it routes and [`document`] describes
//! the same routes, so a handler cannot be routed without being documented.

use axum::{response::IntoResponse, Json};
use http::header;
use std::{collections::BTreeMap, sync::OnceLock};
use utoipa::{
    openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder},
    OpenApi, ToSchema,
};

/// The document's fixed parts: what the API is, its tags (one per
/// capability) and the error body every route shares.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Banshi",
        description = "The JSON API of Banshi (办事), an online government service hall: \
            the service catalog and calendar, accounts and sessions, applications and their \
            tracking, the staff workbench, uploads, ratings and rectification, statistics and \
            supervision, the inbox and consultations.\n\n\
            Sessions are cookies (`banshi_session`), set by `POST /api/v1/session`. A request \
            that changes state must come from the site itself (`Origin` or `Referer`) or be one \
            no HTML form can send (a JSON body, `DELETE`); anything else answers \
            403 `cross_site_request`. Every error answers with the `Error` body; its `code` is \
            stable. Texts come in the language of the `banshi_lang` cookie, else English when \
            `Accept-Language` starts with `en`, else zh-CN. Any route may also answer 500 \
            `internal` (with a request id) or 503 `database_unavailable`."
    ),
    tags(
        (name = "catalog", description = "Service items, departments, themes, life events and regions"),
        (name = "calendar", description = "Working days and deadlines on the official calendar"),
        (name = "session", description = "Signing in and out, the signed-in account"),
        (name = "accounts", description = "Registration, officials, roles and enterprise members"),
        (name = "applications", description = "Forms, drafts, submission and the applicant's cases"),
        (name = "tracking", description = "Public case tracking by case number and query code"),
        (name = "workbench", description = "The staff queue, tasks and their actions"),
        (name = "uploads", description = "Scans of materials"),
        (name = "ratings", description = "Ratings of steps, boards and rectification"),
        (name = "statistics", description = "Statistics and the supervisors' alerts"),
        (name = "inbox", description = "Notifications of the signed-in account"),
        (name = "consultations", description = "Questions to departments and the public FAQ"),
        (name = "booking", description = "Booking a visit (网上预约): offices, free slots, bookings"),
        (name = "investment", description = "Investment approval (投资审批): projects and their codes, stages, statistics"),
        (name = "enterprise", description = "My enterprise (我的企业): licences, annual reports, reminders, life-cycle services"),
        (name = "intermediaries", description = "The intermediary service marketplace (中介服务超市): intermediaries ranked by service type, purchases, the reproducible draw, delivery and ratings"),
        // documents
        (name = "documents", description = "Government disclosure (政务公开): documents with their index numbers, validity and interpretations, searched in Chinese and English; drafts, the review flow (先审后发) and the reviewer's queue"),
        // (end of issue 20, documents)
        // suggestions
        (name = "suggestions", description = "Suggestion collection (建议征集): topics, suggestions, support, follow, reports, moderation, selection and summaries"),
        // requests
        (name = "information-requests", description = "Requests for information (依申请公开) on the statutory clock: submitting, my requests, one request, the office's queue and steps"),
        // (end of issue 20, requests)
        // interviews
        (name = "interviews", description = "Online interviews (在线访谈): the schedule, questions and the moderator's queue, the live transcript, written answers"),
        // letters
        (name = "letters", description = "Letters (留言/诉求) handled as work orders: writing, the public list, the staff queue, steps and time limits"),
        (name = "weibo-accounts", description = "The microblog hall (政务微博发布厅): applying for an account, naming norms and look-alikes, verification by the level above, the account's team"),
        (name = "weibo-posts", description = "Microblog posts through the review flow (先审后发), comments, likes, reposts, refutations, following, the halls' timelines"),
        (name = "weibo-questions", description = "Questions to microblog accounts: the owner, the reply deadline on the working-day clock, reviewed answers, becoming a letter; the assessment index"),
        (name = "meta", description = "This document"),
    ),
    components(schemas(ErrorBody))
)]
pub struct ApiDoc;

/// The body of every error answer (`AppError::to_json`).
#[derive(ToSchema)]
#[schema(as = Error)]
#[allow(dead_code)] // a schema: the answer is built by `AppError::to_json`
pub struct ErrorBody {
    error: ErrorDetail,
}

/// What went wrong.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ErrorDetail {
    /// The stable snake_case code clients match on: `not_found`,
    /// `bad_request`, `invalid_parameter`, `unauthenticated`, `forbidden`,
    /// `cross_site_request`, `invalid_fields`, `transition_refused`, …
    #[schema(examples("not_found"))]
    code: String,
    /// A sentence for a person, in the request's language.
    message: String,
    /// `internal` only: the id under which the server logged the failure.
    #[schema(nullable = false)]
    request_id: Option<String>,
    /// `too_many_attempts` only: seconds to wait (also in `Retry-After`).
    #[schema(nullable = false)]
    retry_after: Option<u64>,
    /// `invalid_fields` and `invalid_answers`: each refused field.
    #[schema(nullable = false)]
    fields: Option<Vec<FieldProblem>>,
    /// A capability's refusal (`transition_refused`, `upload_refused`,
    /// `rating_refused`, `consultation_refused`): the problem, a snake_case
    /// string or an object with `problem` and details.
    #[schema(nullable = false, value_type = Object)]
    problem: Option<serde_json::Value>,
}

/// One refused field.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct FieldProblem {
    /// The field's name, as in the request.
    field: String,
    /// The problem's stable snake_case code.
    problem: String,
    /// Details of the problem (limits and the like), when it has any.
    #[schema(nullable = false, value_type = Object)]
    detail: Option<serde_json::Value>,
    /// A sentence for a person, in the request's language.
    message: String,
}

// ---- error answers many routes share -----------------------------------------
//
// A handler names a set in its `responses(...)` (`responses((status = 200,
// …), SignedInWrite, (status = 404, …))`) rather than repeating the lines;
// each answer has the `Error` body.

const BAD_QUERY: (u16, &str) = (
    400,
    "A parameter does not parse (`bad_request`, `invalid_parameter`)",
);
const BAD_PATH: (u16, &str) = (400, "The path's parameter does not parse");
const BAD_BODY: (u16, &str) = (
    400,
    "A parameter or the body does not parse (`bad_request`, `invalid_parameter`)",
);
const SIGNED_OUT: (u16, &str) = (401, "Not signed in (`unauthenticated`)");
const CROSS_SITE: (u16, &str) = (403, "The request is cross-site (`cross_site_request`)");
const CROSS_SITE_OR_FORBIDDEN: (u16, &str) = (
    403,
    "Cross-site (`cross_site_request`), or not allowed for this account (`forbidden`)",
);
const FORBIDDEN: (u16, &str) = (403, "Not allowed for this account (`forbidden`)");
const INVALID_FIELDS: (u16, &str) = (422, "A field is refused (`invalid_fields`)");
const THROTTLED: (u16, &str) = (
    429,
    "Too many attempts (`too_many_attempts`, with `Retry-After`)",
);

/// Declares sets of error answers (`utoipa::IntoResponses`).
macro_rules! error_answers {
    ($($(#[$doc:meta])* $name:ident = [$($answer:ident),+];)+) => {$(
        $(#[$doc])*
        pub struct $name;

        impl utoipa::IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                error_responses(&[$($answer),+])
            }
        }
    )+};
}

/// Answers with the `Error` body, by status.
fn error_responses(answers: &[(u16, &str)]) -> BTreeMap<String, RefOr<Response>> {
    answers
        .iter()
        .map(|&(status, description)| {
            let body = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Error")))
                .build();
            let answer = ResponseBuilder::new()
                .description(description)
                .content("application/json", body)
                .build();
            (status.to_string(), answer.into())
        })
        .collect()
}

error_answers! {
    /// 400: a query parameter does not parse.
    BadQuery = [BAD_QUERY];
    /// 400: a path parameter does not parse.
    BadPath = [BAD_PATH];
    /// 400: the body does not parse.
    BadBody = [BAD_BODY];
    /// 401: not signed in.
    SignedOut = [SIGNED_OUT];
    /// 403: not allowed for this account.
    Forbidden = [FORBIDDEN];
    /// 403: not from the site itself.
    CrossSite = [CROSS_SITE];
    /// 422: a field is refused.
    InvalidFields = [INVALID_FIELDS];
    /// 429: throttled.
    Throttled = [THROTTLED];
    /// 400, 401: a read by path for any signed-in account.
    PathSignedIn = [BAD_PATH, SIGNED_OUT];
    /// 401, 403: a read for some roles only.
    RoleRead = [SIGNED_OUT, FORBIDDEN];
    /// 400, 403: a write anyone may send.
    PublicWrite = [BAD_BODY, CROSS_SITE];
    /// 400, 401, 403: a write any signed-in account may send.
    SignedInWrite = [BAD_BODY, SIGNED_OUT, CROSS_SITE];
    /// 401, 403: an action with no body, for some roles only.
    RoleAction = [SIGNED_OUT, CROSS_SITE_OR_FORBIDDEN];
    /// 400, 401, 403: a write for some roles only.
    RoleWrite = [BAD_BODY, SIGNED_OUT, CROSS_SITE_OR_FORBIDDEN];
}

/// The document, built once from the routes [`crate::routes`] serves.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(|| crate::routes().into_openapi())
}

/// This document as JSON.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document of this API", content_type = "application/json", body = Object),
    )
)]
pub async fn openapi_json() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, crate::http::cache::PUBLIC)],
        Json(document()),
    )
}

// ---- answers built with `json!` in the handlers, described here ------------

/// Whether a day is a working day (`GET /api/v1/calendar/{date}`).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CalendarDay {
    /// `YYYY-MM-DD`.
    date: String,
    working_day: bool,
    /// `weekday`, `weekend`, `holiday` or `make_up_workday` (调休上班).
    kind: String,
    /// The official day's name, in the request's language.
    name: Option<String>,
}

/// The Nth working day after a date (`GET /api/v1/calendar/deadline`).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Deadline {
    /// `YYYY-MM-DD`.
    from: String,
    working_days: u32,
    /// `YYYY-MM-DD`.
    deadline: String,
}

/// A new official's account, with its one-time-password secret shown once.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct NewOfficial {
    account: app::accounts::Me,
    totp_secret: String,
    /// `otpauth://…`, for an authenticator app's QR code.
    otpauth_uri: String,
}

/// A submitted application.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Submitted {
    /// The case number (办件编号), e.g. `440100-20261008-000123`.
    case_no: String,
    /// The code anyone tracking the case needs.
    query_code: String,
    /// The receipt page.
    receipt: String,
}

/// A case's overall status after an action.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CaseStatusAnswer {
    status: app::workflow::engine::CaseStatus,
}

/// The task just claimed.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Claimed {
    task_id: i64,
}

/// A stored scan.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Uploaded {
    id: i64,
    /// The cleaned file name.
    name: String,
    /// `pdf`, `jpeg` or `png`, judged by content.
    kind: String,
    bytes: u64,
}

/// A rectification's state after a step.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct RectStateAnswer {
    state: app::ratings::rectify::RectState,
}

/// A ratings board: the ranking and how the score is computed.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct RatingBoard {
    /// The Bayesian score's formula, in words.
    formula: String,
    prior_weight: f64,
    prior_stars: f64,
    lines: Vec<app::ratings::BoardLine>,
}

/// The province's statistics by city (`GET /api/v1/stats/regions`).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct RegionStats {
    /// The window's first month, `YYYY-MM`.
    from: String,
    /// The window's last month, `YYYY-MM`.
    to: String,
    /// How the figures, score and stars are computed.
    #[schema(value_type = Object)]
    method: serde_json::Value,
    regions: Vec<app::supervision::views::StatLine>,
    province_departments: Option<app::supervision::views::StatLine>,
    total: app::supervision::views::Figures,
    trend: Vec<app::supervision::views::MonthPoint>,
}

/// Departments' statistics, ranked (`GET /api/v1/stats/departments`).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct DepartmentStats {
    from: String,
    to: String,
    #[schema(value_type = Object)]
    method: serde_json::Value,
    departments: Vec<app::supervision::views::StatLine>,
}

/// A message marked read.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct MarkedRead {
    id: i64,
    read: bool,
}
