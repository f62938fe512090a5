//! My enterprise (我的企业) over HTTP: the JSON view and the annual report
//! recorded as filed, and the page's form (works without JavaScript; when
//! refused, the page again with the problem).

use crate::http::{finish, FormPage, FormPost, JsonBody, SendBack, SignedIn};
use app::{
    enterprise::{pages::ReportEcho, store, AnnualReport, EnterpriseView, FileReportBody},
    error::AppError,
    prefs::DEFAULT_REGION,
    state::AppState,
};
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
    Json,
};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of my enterprise, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(mine))
        .routes(routes!(file_report))
        .route("/me/annual-reports", post(form_file_report))
}

fn default_region() -> u32 {
    DEFAULT_REGION.parse().unwrap_or(440000)
}

/// `GET /api/v1/me/enterprise`: the enterprise's name and credit code,
/// its cases, investment projects, licences with their state, the annual
/// report's status, the reminders sent and the life-cycle services.
/// Enterprise accounts only (403).
#[utoipa::path(
    get,
    path = "/api/v1/me/enterprise",
    operation_id = "enterprise_mine",
    tag = "enterprise",
    responses(
        (status = 200, description = "My enterprise", body = app::enterprise::EnterpriseView),
        crate::openapi::RoleRead,
    )
)]
pub async fn mine(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<EnterpriseView>, AppError> {
    Ok(Json(
        store::view(&state.pool, &me, state.now.today(), default_region()).await?,
    ))
}

/// `POST /api/v1/me/annual-reports` with `{"year","declared":true}`:
/// records the annual report of a year as filed (at the national
/// enterprise credit information publicity system), which stops its
/// reminders. 201 when recorded, 200 when it was already; the report's
/// status either way. Enterprise accounts only (403); 422
/// `annual_report_refused` for a year not due or without the declaration.
#[utoipa::path(
    post,
    path = "/api/v1/me/annual-reports",
    operation_id = "enterprise_file_report",
    tag = "enterprise",
    request_body = app::enterprise::FileReportBody,
    responses(
        (status = 201, description = "Recorded as filed", body = app::enterprise::AnnualReport),
        (status = 200, description = "Recorded before: nothing changed", body = app::enterprise::AnnualReport),
        crate::openapi::RoleWrite,
        (status = 422, description = "Not a year due, or no declaration (`annual_report_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn file_report(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    JsonBody(body): JsonBody<FileReportBody>,
) -> Result<Response, AppError> {
    let today = state.now.today();
    let created = store::file_report(&state.pool, &me, today, &body).await?;
    let status: AnnualReport = store::report_status(&state.pool, &me, today).await?;
    let code = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((code, Json(status)).into_response())
}

/// The annual report's form is on my enterprise's page.
pub struct EnterprisePage;

impl FormPage for EnterprisePage {
    fn page(_: &str) -> String {
        "/me/enterprise".to_string()
    }
}

/// `POST /me/annual-reports` (`year`, `declared`): back to my enterprise,
/// recorded; or the page again with the problem.
pub async fn form_file_report(
    FormPost(state, me, parts, posted, ..): FormPost<EnterprisePage>,
) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let outcome = async {
        let year = posted
            .get("year")
            .and_then(|y| y.trim().parse().ok())
            .ok_or(AppError::InvalidParameter {
                name: "year".into(),
            })?;
        let body = FileReportBody {
            year,
            declared: posted.get("declared") == Some("true"),
        };
        store::file_report(&state.pool, &me, state.now.today(), &body).await
    }
    .await;
    let answer = outcome.map(|_| crate::http::see_other("/me/enterprise?done=filed#ent-annual-h"));
    finish(&state, parts, answer, |error| {
        SendBack::with(ReportEcho(error)).at("/me/enterprise".to_string())
    })
    .await
}
