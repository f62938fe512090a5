//! The OpenAPI 3.1 document of the JSON API, served at
//! `GET /api/v1/openapi.json`.
//!
//! It is generated, not written: every `/api/v1` handler carries a
//! `#[utoipa::path]` with its method, path, parameters, body, answers and
//! tag, and its module routes it with `utoipa_axum::routes!`, which adds the
//! route and its documentation together. [`crate::api_routes`] merges the
//! modules; the router serves what it routes and [`document`] describes
//! the same routes, so a handler cannot be routed without being documented.

use axum::{response::IntoResponse, Json};
use http::header;
use std::sync::OnceLock;
use utoipa::{OpenApi, ToSchema};

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
            stable. Texts come in the language of the `lang` cookie or `Accept-Language` \
            (zh-CN by default)."
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

/// The document, built once from the routes [`crate::api_routes`] serves.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(|| crate::api_routes().into_openapi())
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
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(document()),
    )
}
