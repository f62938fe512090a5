//! Investment approval (投资审批) over HTTP: registering a project (the JSON
//! API and the page's form, which works without JavaScript and, when
//! refused, answers with the same page and the problems), a project's
//! public status by its code, the enterprise's projects and the public
//! statistics. Stage applications are ordinary applications
//! (`server/src/applications.rs`) that carry the project code.

mod targets;

use crate::http::{finish, idempotency_key, FormPost, JsonBody, SendBack, SignedIn};
use app::{
    clock,
    error::AppError,
    investment::{
        pages::RegisterEcho,
        store::{self, ProjectLine, ProjectStatus, StageAverage},
        ProjectCode, RawProject,
    },
    state::AppState,
};
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Json,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of investment approval, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(crate::http::cache::public(
            OpenApiRouter::new()
                .routes(routes!(status))
                .routes(routes!(stats))
                .routes(routes!(stats_csv)),
        ))
        .routes(routes!(register))
        .routes(routes!(mine))
        .route("/investment/projects", post(form_register))
        .merge(targets::routes())
}

/// A registration: the project's fields and an idempotency key (or the
/// `Idempotency-Key` header).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct RegisterBody {
    #[serde(flatten)]
    pub project: RawProject,
    #[serde(default)]
    pub idempotency_key: Option<String>,
}

/// A registered project.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegisteredAnswer {
    pub project_code: ProjectCode,
    /// The public status page.
    pub status_url: String,
}

/// `POST /api/v1/investment/projects`: registers a project (赋码) for the
/// signed-in enterprise; 201 with its `project_code`, which never changes.
/// The same key again answers 200 with the same code. 403 for any account
/// but an enterprise (法人, which a government unit also holds); 422 with
/// every refused field at once.
#[utoipa::path(
    post,
    path = "/api/v1/investment/projects",
    operation_id = "investment_register",
    tag = "investment",
    request_body = RegisterBody,
    responses(
        (status = 201, description = "Registered", body = RegisteredAnswer),
        (status = 200, description = "The same key again: the same project", body = RegisteredAnswer),
        crate::openapi::RoleWrite,
        crate::openapi::InvalidFields,
    )
)]
pub async fn register(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    JsonBody(body): JsonBody<RegisterBody>,
) -> Result<Response, AppError> {
    let key = idempotency_key(Some(&headers), body.idempotency_key.as_deref())?;
    if !me.is(app::accounts::Role::Enterprise) {
        return Err(AppError::Forbidden);
    }
    let project = body.project.parse()?;
    let done = store::register(&state.pool, &me, &project, key, state.now.today()).await?;
    let status = if done.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let status_url = format!("/investment/projects/{}", done.code);
    Ok((
        status,
        Json(RegisteredAnswer {
            project_code: done.code,
            status_url,
        }),
    )
        .into_response())
}

/// A code from the path: 400 `invalid_parameter` when it is not one.
fn code_param(raw: &str) -> Result<ProjectCode, AppError> {
    ProjectCode::parse(raw).map_err(|_| AppError::InvalidParameter {
        name: "code".into(),
    })
}

/// `GET /api/v1/investment/projects/{project_code}`: a project's public status —
/// its stages, each department's step and the working days used against
/// each limit and the project's target. No personal data. 400 for a text
/// that is not a project code (format or check character), 404 for a code
/// no project has.
#[utoipa::path(
    get,
    path = "/api/v1/investment/projects/{project_code}",
    operation_id = "investment_project",
    tag = "investment",
    params(("project_code" = String, Path, description = "The project code, e.g. `2026-440103-11-03-000013`")),
    responses(
        (status = 200, description = "The project's status", body = ProjectStatus),
        crate::openapi::BadPath,
        (status = 404, description = "No project has this code (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn status(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<ProjectStatus>, AppError> {
    let code = code_param(&code)?;
    let cal = clock::store::load(&state.pool).await?;
    Ok(Json(
        store::status(&state.pool, &cal, &code, state.now.today()).await?,
    ))
}

/// `GET /api/v1/me/projects`: the signed-in account's projects, newest
/// first, each with its current stage and days against the target.
#[utoipa::path(
    get,
    path = "/api/v1/me/projects",
    operation_id = "investment_mine",
    tag = "investment",
    responses(
        (status = 200, description = "The caller's projects", body = Vec<ProjectLine>),
        crate::openapi::SignedOut,
    )
)]
pub async fn mine(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<ProjectLine>>, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    let projects = store::my_projects(
        &state.pool,
        &cal,
        &me,
        state.now.today(),
        store::MY_PROJECTS,
    )
    .await?;
    Ok(Json(projects.iter().map(ProjectStatus::line).collect()))
}

/// `GET /api/v1/stats/investment`: the average working days of completed
/// stages per city, stage and project kind, straight from the record
/// (pauses for supplements and inspections not counted).
#[utoipa::path(
    get,
    path = "/api/v1/stats/investment",
    operation_id = "investment_stats",
    tag = "investment",
    responses(
        (status = 200, description = "The averages", body = Vec<StageAverage>),
    )
)]
pub async fn stats(State(state): State<AppState>) -> Result<Json<Vec<StageAverage>>, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    Ok(Json(store::stage_averages(&state.pool, &cal).await?))
}

/// `GET /api/v1/stats/investment.csv`: the same as CSV.
#[utoipa::path(
    get,
    path = "/api/v1/stats/investment.csv",
    operation_id = "investment_stats_csv",
    tag = "investment",
    responses(
        (status = 200, description = "The averages as CSV (UTF-8 with a byte-order mark)", content_type = "text/csv", body = String),
    )
)]
pub async fn stats_csv(State(state): State<AppState>) -> Result<Response, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    let lines = store::stage_averages(&state.pool, &cal).await?;
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record([
        "city_code",
        "city_zh",
        "city_en",
        "stage",
        "kind",
        "stages_completed",
        "average_working_days",
    ])
    .map_err(AppError::internal)?;
    for l in &lines {
        w.write_record([
            l.city_code.clone(),
            l.city.zh.clone(),
            l.city.en.clone(),
            l.stage.number().to_string(),
            l.kind.code().to_string(),
            l.stages_completed.to_string(),
            format!("{:.1}", l.average_days),
        ])
        .map_err(AppError::internal)?;
    }
    let body = w.into_inner().map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"investment-stages.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// `POST /investment/projects` (the registration's fields and
/// `idempotency_key`): to the project's receipt, or the registration page
/// again with what was typed and every problem (the same key kept).
pub async fn form_register(FormPost(state, me, parts, posted, ..): FormPost) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let raw = RawProject {
        name: posted.text("name"),
        kind: posted.text("kind"),
        industry: posted.text("industry"),
        region: posted.text("region"),
        total_investment: posted.text("total_investment"),
        land_area: posted.text("land_area"),
        scope: posted.text("scope"),
    };
    let key_text = posted.text("idempotency_key");
    let outcome = async {
        let key = idempotency_key(None, Some(&key_text))?;
        if !me.is(app::accounts::Role::Enterprise) {
            return Err(AppError::Forbidden);
        }
        let project = raw.parse()?;
        store::register(&state.pool, &me, &project, key, state.now.today()).await
    }
    .await;
    let answer = outcome
        .map(|r| crate::http::see_other(&format!("/investment/projects/{}?registered=1", r.code)));
    finish(&state, parts, answer, |error| {
        SendBack::with(RegisterEcho {
            error,
            raw: raw.clone(),
            idempotency_key: app::applications::parse_idempotency_key(&key_text),
        })
        .at("/investment/register".to_string())
    })
    .await
}
