//! The JSON API of applying online and of the staff workbench:
//! applications and drafts, the applicant's cases and supplement answers,
//! uploads of scanned materials, each post's queue, claiming and acting on
//! tasks; and, in test mode only, moving the hall's clock.

use crate::accounts::{json_body, signed_in};
use app::{
    applications::{
        self,
        form::{FieldDef, RawAnswers},
        store::{self, ApplyTarget},
        CaseNo, Target,
    },
    catalog::Bilingual,
    clock,
    error::AppError,
    files::{self, objects},
    state::AppState,
    workflow::{
        engine::{Action, CaseStatus},
        store as wf,
        views::{CaseLine, CaseView, QueueRow, TaskView},
    },
};
use axum::{
    body::Body,
    extract::{Path, Query, Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// What is applied for: `{"service":"440100-WJJ-0002"}` or
/// `{"bundle":"440100/birth"}`.
#[derive(utoipa::ToSchema)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
pub struct TargetParams {
    pub service: Option<String>,
    pub bundle: Option<String>,
}

impl TargetParams {
    fn split(&self) -> Result<(Target, &str), AppError> {
        match (&self.service, &self.bundle) {
            (Some(s), None) => Ok((Target::Item, s.as_str())),
            (None, Some(b)) => Ok((Target::Bundle, b.as_str())),
            _ => Err(AppError::InvalidParameter {
                name: "service".into(),
            }),
        }
    }

    pub async fn load(&self, state: &AppState) -> Result<ApplyTarget, AppError> {
        let (target, key) = self.split()?;
        store::load(&state.pool, target, key).await
    }
}

/// A form as a client renders it.
#[derive(utoipa::ToSchema)]
#[derive(Debug, Serialize)]
pub struct FormView {
    pub name: Bilingual,
    pub online: bool,
    pub applicant: String,
    pub fields: Vec<FieldDef>,
    pub parts: Vec<PartView>,
    pub promised_days: i32,
}

#[derive(utoipa::ToSchema)]
#[derive(Debug, Serialize)]
pub struct PartView {
    pub item_code: String,
    pub name: Bilingual,
    pub department: Bilingual,
    pub fields: Vec<String>,
    pub materials: Vec<Bilingual>,
}

/// `GET /api/v1/applications/form?service=|bundle=`: the fields to fill in
/// (each once), and which department needs which.
#[utoipa::path(
    get,
    path = "/api/v1/applications/form",
    operation_id = "applications_form",
    tag = "applications",
    params(TargetParams),
    responses(
        (status = 200, description = "The form", body = FormView),
        (status = 400, description = "A parameter does not parse (`bad_request`, `invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such service or bundle (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn form(
    State(state): State<AppState>,
    Query(params): Query<TargetParams>,
) -> Result<Json<FormView>, AppError> {
    let t = params.load(&state).await?;
    Ok(Json(FormView {
        name: t.name.clone(),
        online: t.online,
        applicant: t.applicant.clone(),
        promised_days: t.promised_days,
        parts: t
            .parts
            .iter()
            .map(|p| PartView {
                item_code: p.item_code.clone(),
                name: p.name.clone(),
                department: p.department.clone(),
                fields: p.fields.iter().map(|f| f.key.clone()).collect(),
                materials: p.materials.clone(),
            })
            .collect(),
        fields: t.fields,
    }))
}

#[derive(utoipa::ToSchema)]
#[derive(Debug, Deserialize)]
pub struct ApplicationBody {
    #[serde(flatten)]
    pub target: TargetParams,
    #[serde(default)]
    pub answers: RawAnswers,
    pub idempotency_key: Option<String>,
}

fn idempotency(headers: &HeaderMap, body: Option<&str>) -> Result<uuid::Uuid, AppError> {
    let raw = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .or(body)
        .ok_or(AppError::InvalidParameter {
            name: "idempotency_key".into(),
        })?;
    applications::parse_idempotency_key(raw)
        .and_then(|k| uuid::Uuid::parse_str(&k).ok())
        .ok_or(AppError::InvalidParameter {
            name: "idempotency_key".into(),
        })
}

/// `POST /api/v1/applications` with the target, `answers` (by input name)
/// and an idempotency key (`Idempotency-Key` header or `idempotency_key`):
/// 201 with the case number and query code; the same key again answers 200
/// with the same case.
#[utoipa::path(
    post,
    path = "/api/v1/applications",
    operation_id = "applications_submit",
    tag = "applications",
    request_body = ApplicationBody,
    responses(
        (status = 201, description = "Submitted", body = crate::openapi::Submitted),
        (status = 200, description = "The same key again: the same case", body = crate::openapi::Submitted),
        (status = 400, description = "A parameter or the body does not parse (`bad_request`, `invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "Cross-site (`cross_site_request`), or not allowed for this account (`forbidden`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such service or bundle (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "The service cannot be applied for online (`not_online`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "An answer is refused (`invalid_answers`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn submit(State(state): State<AppState>, req: Request) -> Result<Response, AppError> {
    let (parts, body) = req.into_parts();
    let me = signed_in(&parts)?;
    let bytes = crate::accounts::read_body(body).await?;
    let body: ApplicationBody = json_body(&bytes)?;
    let key = idempotency(&parts.headers, body.idempotency_key.as_deref())?;
    let target = body.target.load(&state).await?;
    let cal = clock::store::load(&state.pool).await?;
    let done = store::submit(
        &state.pool,
        &state.data_key,
        &cal,
        &me,
        &target,
        &body.answers,
        key,
        state.now.now(),
    )
    .await?;
    let status = if done.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(json!({
            "case_no": done.case_no,
            "query_code": done.query_code,
            "receipt": format!("/cases/{}/receipt", done.case_no),
        })),
    )
        .into_response())
}

/// `PUT /api/v1/applications/draft`: keeps what was typed so far.
#[utoipa::path(
    put,
    path = "/api/v1/applications/draft",
    operation_id = "applications_save_draft",
    tag = "applications",
    request_body = ApplicationBody,
    responses(
        (status = 204, description = "Kept"),
        (status = 400, description = "A parameter or the body does not parse (`bad_request`, `invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "The request is cross-site (`cross_site_request`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such service or bundle (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn save_draft(
    State(state): State<AppState>,
    req: Request,
) -> Result<StatusCode, AppError> {
    let (parts, body) = req.into_parts();
    let me = signed_in(&parts)?;
    let bytes = crate::accounts::read_body(body).await?;
    let body: ApplicationBody = json_body(&bytes)?;
    let target = body.target.load(&state).await?;
    store::save_draft(&state.pool, &state.data_key, &me, &target, &body.answers).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/applications/draft?service=|bundle=`: the saved draft (404
/// when there is none).
#[utoipa::path(
    get,
    path = "/api/v1/applications/draft",
    operation_id = "applications_load_draft",
    tag = "applications",
    params(TargetParams),
    responses(
        (status = 200, description = "What was typed, by input name", body = std::collections::BTreeMap<String, String>),
        (status = 400, description = "A parameter does not parse (`bad_request`, `invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "No draft (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn load_draft(
    State(state): State<AppState>,
    Query(params): Query<TargetParams>,
    req: Request,
) -> Result<Json<RawAnswers>, AppError> {
    let me = signed_in(&req.into_parts().0)?;
    let target = params.load(&state).await?;
    store::load_draft(&state.pool, &state.data_key, &me, &target)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// `GET /api/v1/me/cases`: the signed-in applicant's cases.
#[utoipa::path(
    get,
    path = "/api/v1/me/cases",
    operation_id = "applications_my_cases",
    tag = "applications",
    responses(
        (status = 200, description = "The applicant's cases", body = Vec<app::workflow::views::CaseLine>),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn my_cases(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<Vec<CaseLine>>, AppError> {
    let me = signed_in(&req.into_parts().0)?;
    Ok(Json(wf::my_cases(&state.pool, &me, 200).await?))
}

pub(crate) fn case_no(raw: &str) -> Result<CaseNo, AppError> {
    CaseNo::parse(raw).ok_or(AppError::NotFound)
}

/// `GET /api/v1/me/cases/{case_no}`: one case with every step, for its
/// applicant or the staff handling it; 404 for anyone else.
#[utoipa::path(
    get,
    path = "/api/v1/me/cases/{case_no}",
    operation_id = "applications_my_case",
    tag = "applications",
    params(("case_no" = String, Path, description = "The case number, e.g. `440100-20261008-000123`")),
    responses(
        (status = 200, description = "The case with every step", body = app::workflow::views::CaseView),
        (status = 400, description = "The path's parameter does not parse", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such case of the caller's (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn my_case(
    State(state): State<AppState>,
    Path(no): Path<String>,
    req: Request,
) -> Result<Json<CaseView>, AppError> {
    let me = signed_in(&req.into_parts().0)?;
    let no = case_no(&no)?;
    let (_, view) = wf::case_view(&state.pool, &me, no.as_str(), state.now.today()).await?;
    Ok(Json(view))
}

#[derive(utoipa::ToSchema)]
#[derive(Debug, Deserialize)]
pub struct SupplementBody {
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub uploads: Vec<i64>,
}

/// `POST /api/v1/me/cases/{case_no}/supplement` with `{"answer","uploads"}`:
/// answers the open notice; the clock resumes.
#[utoipa::path(
    post,
    path = "/api/v1/me/cases/{case_no}/supplement",
    operation_id = "applications_supplement",
    tag = "applications",
    params(("case_no" = String, Path, description = "The case number, e.g. `440100-20261008-000123`")),
    request_body = SupplementBody,
    responses(
        (status = 200, description = "Answered; the case's status", body = crate::openapi::CaseStatusAnswer),
        (status = 400, description = "A parameter or the body does not parse (`bad_request`, `invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "The request is cross-site (`cross_site_request`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such case of the caller's (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "No open notice (`transition_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "The answer is refused (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn supplement(
    State(state): State<AppState>,
    Path(no): Path<String>,
    req: Request,
) -> Result<Json<serde_json::Value>, AppError> {
    let (parts, body) = req.into_parts();
    let me = signed_in(&parts)?;
    let no = case_no(&no)?;
    let bytes = crate::accounts::read_body(body).await?;
    let body: SupplementBody = json_body(&bytes)?;
    let (case_id, _) = wf::case_view(&state.pool, &me, no.as_str(), state.now.today()).await?;
    let cal = clock::store::load(&state.pool).await?;
    let status = answer_notice(&state, &cal, &me, case_id, &body).await?;
    Ok(Json(json!({ "status": status })))
}

async fn answer_notice(
    state: &AppState,
    cal: &clock::Calendar,
    me: &app::accounts::Me,
    case_id: i64,
    body: &SupplementBody,
) -> Result<CaseStatus, AppError> {
    let status = wf::answer_notice(
        &state.pool,
        cal,
        me,
        case_id,
        &body.answer,
        state.now.today(),
    )
    .await?;
    for upload in &body.uploads {
        let attached = sqlx::query(
            "insert into case_material (case_id, upload_id, position, material)
             select $1, u.id, 1, u.name from upload u where u.id = $2 and u.owner_id = $3
             on conflict do nothing",
        )
        .bind(case_id)
        .bind(upload)
        .bind(me.id)
        .execute(&state.pool)
        .await?;
        if attached.rows_affected() == 0 {
            tracing::debug!(upload, "supplement upload not the applicant's; ignored");
        }
    }
    Ok(status)
}

async fn staff(
    state: &AppState,
    req: Request,
) -> Result<(app::accounts::Me, wf::StaffPost), AppError> {
    let me = signed_in(&req.into_parts().0)?;
    let post = wf::staff_post(&state.pool, &me).await?;
    Ok((me, post))
}

/// `GET /api/v1/staff/tasks`: the clerk's queue (ready tasks of the post and
/// the clerk's own), most urgent first, with colours for time left.
#[utoipa::path(
    get,
    path = "/api/v1/staff/tasks",
    operation_id = "workbench_queue",
    tag = "workbench",
    responses(
        (status = 200, description = "The queue, most urgent first", body = Vec<app::workflow::views::QueueRow>),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "Not allowed for this account (`forbidden`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn queue(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<Vec<QueueRow>>, AppError> {
    let (_, post) = staff(&state, req).await?;
    let cal = clock::store::load(&state.pool).await?;
    Ok(Json(
        wf::queue(&state.pool, &cal, post, state.now.today(), 200).await?,
    ))
}

/// `POST /api/v1/staff/tasks/claim`: takes the most urgent ready task of the
/// post (200 `{"task_id"}`), or 204 when the queue is empty.
#[utoipa::path(
    post,
    path = "/api/v1/staff/tasks/claim",
    operation_id = "workbench_claim",
    tag = "workbench",
    responses(
        (status = 200, description = "The task taken", body = crate::openapi::Claimed),
        (status = 204, description = "The queue is empty"),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "Cross-site (`cross_site_request`), or not allowed for this account (`forbidden`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn claim(State(state): State<AppState>, req: Request) -> Result<Response, AppError> {
    let (_, post) = staff(&state, req).await?;
    Ok(
        match wf::claim_next(&state.pool, post, state.now.today()).await? {
            Some(task) => Json(json!({ "task_id": task })).into_response(),
            None => StatusCode::NO_CONTENT.into_response(),
        },
    )
}

/// `GET /api/v1/staff/tasks/{id}`: the task with its part of the answers
/// (the read is audited); 404 for another post's task.
#[utoipa::path(
    get,
    path = "/api/v1/staff/tasks/{id}",
    operation_id = "workbench_task",
    tag = "workbench",
    params(("id" = i64, Path, description = "The task's id")),
    responses(
        (status = 200, description = "The task", body = app::workflow::views::TaskView),
        (status = 400, description = "The path's parameter does not parse", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "Not allowed for this account (`forbidden`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such task of the post's (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn task(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    req: Request,
) -> Result<Json<TaskView>, AppError> {
    let (me, post) = staff(&state, req).await?;
    let cal = clock::store::load(&state.pool).await?;
    Ok(Json(
        wf::task_view(
            &state.pool,
            &state.data_key,
            &cal,
            post,
            &me,
            id,
            state.now.today(),
        )
        .await?,
    ))
}

/// `POST /api/v1/staff/tasks/{id}` with an action (`{"action":"approve"}`,
/// `{"action":"reject","reason"}`, `{"action":"request_supplement","what"}`,
/// `{"action":"issue","certificate_no"}`, `claim`, `release`,
/// `propose_inspection`): 200 with the case's status, or 409 naming why
/// the action is refused (nothing changes).
#[utoipa::path(
    post,
    path = "/api/v1/staff/tasks/{id}",
    operation_id = "workbench_act",
    tag = "workbench",
    params(("id" = i64, Path, description = "The task's id")),
    request_body = app::workflow::engine::Action,
    responses(
        (status = 200, description = "Done; the case's status", body = crate::openapi::CaseStatusAnswer),
        (status = 400, description = "A parameter or the body does not parse (`bad_request`, `invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "Cross-site (`cross_site_request`), or not allowed for this account (`forbidden`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such task of the post's (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "The action is refused (`transition_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn act(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    req: Request,
) -> Result<Json<serde_json::Value>, AppError> {
    let (parts, body) = req.into_parts();
    let me = signed_in(&parts)?;
    let post = wf::staff_post(&state.pool, &me).await?;
    let bytes = crate::accounts::read_body(body).await?;
    let action: Action = json_body(&bytes)?;
    let cal = clock::store::load(&state.pool).await?;
    let status = wf::act(&state.pool, &cal, post, id, &action, state.now.today()).await?;
    Ok(Json(json!({ "status": status })))
}

/// `POST /api/v1/uploads` with the file as the body and its name in
/// `X-File-Name` (percent-encoded UTF-8): 201 `{"id","name","kind","bytes"}`.
/// The type is judged by content; size and quota are checked.
#[utoipa::path(
    post,
    path = "/api/v1/uploads",
    operation_id = "uploads_upload",
    tag = "uploads",
    request_body(content = String, content_type = "application/octet-stream", description = "The file; its name in `X-File-Name` (percent-encoded UTF-8)"),
    responses(
        (status = 201, description = "Stored", body = crate::openapi::Uploaded),
        (status = 400, description = "A parameter or the body does not parse (`bad_request`, `invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "The request is cross-site (`cross_site_request`)", body = crate::openapi::ErrorBody),
        (status = 413, description = "Too large, or over the quota (`upload_refused`)", body = crate::openapi::ErrorBody),
        (status = 415, description = "Not a PDF, JPEG or PNG (`upload_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "Empty, or no usable name (`upload_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn upload(State(state): State<AppState>, req: Request) -> Result<Response, AppError> {
    let (parts, body) = req.into_parts();
    let me = signed_in(&parts)?;
    let limit = files::Limits::default().max_file_bytes;
    let raw_name = parts
        .headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(body, limit as usize + 1)
        .await
        .map_err(|_| AppError::from(files::UploadProblem::TooLarge { limit_bytes: limit }))?;
    let scan = store_scan(&state, me.id, &raw_name, bytes).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": scan.id, "name": scan.name, "kind": scan.kind.code(), "bytes": scan.bytes })),
    )
        .into_response())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `GET /api/v1/uploads/{id}`: the file, to its owner and to staff of a
/// department handling a case it is attached to; 404 for anyone else.
#[utoipa::path(
    get,
    path = "/api/v1/uploads/{id}",
    operation_id = "uploads_download",
    tag = "uploads",
    params(("id" = i64, Path, description = "The upload's id")),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream", body = String),
        (status = 400, description = "The path's parameter does not parse", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such file the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    req: Request,
) -> Result<Response, AppError> {
    let me = signed_in(&req.into_parts().0)?;
    let row: Option<(String, String, String)> = sqlx::query_as(
        "select u.object_key, u.name, u.kind from upload u
         where u.id = $1 and (u.owner_id = $2 or exists (
             select 1 from case_material m join case_task t on t.case_id = m.case_id
             join staff s on s.department_id = t.department_id
             where m.upload_id = u.id and s.account_id = $2))",
    )
    .bind(id)
    .bind(me.id)
    .fetch_optional(&state.pool)
    .await?;
    let (key, name, kind) = row.ok_or(AppError::NotFound)?;
    let bytes = state.objects.get(&key).await.map_err(AppError::internal)?;
    let mime = files::ScanKind::from_code(&kind)
        .ok_or_else(|| AppError::internal(format!("unknown upload kind {kind}")))?
        .mime();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let mut res = Body::from(bytes).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename*=UTF-8''{encoded}")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}

/// `POST /api/v1/staff/cases/{case_no}/inspection` with
/// `{"date","place","participants":[…]}`: the lead unit organises the
/// joint site inspection, once (409 the second time; 409 for another
/// department's clerk; 404 for a clerk with no part in the case).
#[utoipa::path(
    post,
    path = "/api/v1/staff/cases/{case_no}/inspection",
    operation_id = "workbench_inspection",
    tag = "workbench",
    params(("case_no" = String, Path, description = "The case number, e.g. `440100-20261008-000123`")),
    request_body = app::workflow::store::Inspection,
    responses(
        (status = 204, description = "Organised"),
        (status = 400, description = "A parameter or the body does not parse (`bad_request`, `invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "Cross-site (`cross_site_request`), or not allowed for this account (`forbidden`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "No part in the case (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Organised already, or not the lead unit (`transition_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is refused (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn inspection(
    State(state): State<AppState>,
    Path(no): Path<String>,
    req: Request,
) -> Result<StatusCode, AppError> {
    let (parts, body) = req.into_parts();
    let me = signed_in(&parts)?;
    let post = wf::staff_post(&state.pool, &me).await?;
    let no = case_no(&no)?;
    let bytes = crate::accounts::read_body(body).await?;
    let inspection: wf::Inspection = json_body(&bytes)?;
    let cal = clock::store::load(&state.pool).await?;
    wf::organise_inspection(
        &state.pool,
        &cal,
        post,
        no.as_str(),
        &inspection,
        state.now.today(),
    )
    .await?;
    Ok(StatusCode::CREATED)
}

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
pub struct TrackParams {
    #[serde(default)]
    pub code: String,
}

/// `GET /api/v1/cases/{case_no}?code={query_code}`: the case's progress for
/// anyone with its query code; an unknown case and a wrong code are the
/// same 404; repeated failures from one client are refused (429).
#[utoipa::path(
    get,
    path = "/api/v1/cases/{case_no}",
    operation_id = "tracking_track",
    tag = "tracking",
    params(("case_no" = String, Path, description = "The case number, e.g. `440100-20261008-000123`"), TrackParams),
    responses(
        (status = 200, description = "The case's progress", body = app::tracking::Track),
        (status = 400, description = "The path's parameter does not parse", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such case, or a wrong query code (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 429, description = "Too many attempts (`too_many_attempts`, with `Retry-After`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn track(
    State(state): State<AppState>,
    Path(no): Path<String>,
    Query(params): Query<TrackParams>,
    req: Request,
) -> Result<Json<app::tracking::Track>, AppError> {
    let client = crate::accounts::client_address(req.extensions());
    Ok(Json(
        app::tracking::track(&state.pool, &client, &no, &params.code, state.now.today()).await?,
    ))
}

#[derive(utoipa::ToSchema)]
#[derive(Debug, Deserialize)]
pub struct NowBody {
    pub now: String,
}

/// `PUT /api/v1/test/now` with `{"now":"2026-10-09T10:00:00+08:00"}`: moves
/// the hall's clock — only in test mode (`BANSHI_FAKE_NOW`); 404 otherwise.
#[utoipa::path(
    put,
    path = "/api/v1/test/now",
    operation_id = "meta_set_now",
    tag = "meta",
    request_body = NowBody,
    responses(
        (status = 204, description = "The clock moved"),
        (status = 400, description = "A parameter or the body does not parse (`bad_request`, `invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "The request is cross-site (`cross_site_request`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "Not in test mode (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 415, description = "Not JSON", body = crate::openapi::ErrorBody),
        (status = 422, description = "Not the expected JSON", body = crate::openapi::ErrorBody),
    )
)]
pub async fn set_now(
    State(state): State<AppState>,
    Json(body): Json<NowBody>,
) -> Result<StatusCode, AppError> {
    if !state.now.is_fixed() {
        return Err(AppError::NotFound);
    }
    let at = time::OffsetDateTime::parse(&body.now, &time::format_description::well_known::Rfc3339)
        .map_err(|_| AppError::InvalidParameter { name: "now".into() })?;
    state.now.set(at);
    tracing::warn!(now = %body.now, "test mode: the clock was moved");
    Ok(StatusCode::NO_CONTENT)
}

// ---- the pages' forms (they work without JavaScript) ------------------------

/// A posted form: text values by name and the files chosen.
pub(crate) struct Posted {
    values: Vec<(String, String)>,
    files: Vec<(String, bytes::Bytes)>,
}

impl Posted {
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.values
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads a form sent as `multipart/form-data` (with files) or urlencoded.
pub(crate) async fn read_form(headers: &HeaderMap, body: Body) -> Result<Posted, AppError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    if !content_type.starts_with("multipart/form-data") {
        let bytes = crate::accounts::read_body(body).await?;
        let values: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&bytes).map_err(|e| AppError::BadRequest {
                detail: e.to_string(),
            })?;
        return Ok(Posted {
            values,
            files: Vec::new(),
        });
    }
    let boundary = multer::parse_boundary(&content_type).map_err(|e| AppError::BadRequest {
        detail: e.to_string(),
    })?;
    let mut multipart = multer::Multipart::new(body.into_data_stream(), boundary);
    let limit = files::Limits::default().max_file_bytes as usize;
    let mut posted = Posted {
        values: Vec::new(),
        files: Vec::new(),
    };
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest {
            detail: e.to_string(),
        })?
    {
        let name = field.name().unwrap_or_default().to_string();
        match field.file_name().map(str::to_string) {
            Some(file_name) => {
                let mut data = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|e| AppError::BadRequest {
                    detail: e.to_string(),
                })? {
                    if data.len() + chunk.len() > limit + 1 {
                        return Err(AppError::from(files::UploadProblem::TooLarge {
                            limit_bytes: limit as u64,
                        }));
                    }
                    data.extend_from_slice(&chunk);
                }
                // A file input left empty still sends a nameless, empty part.
                if !(file_name.is_empty() && data.is_empty()) {
                    posted.files.push((file_name, bytes::Bytes::from(data)));
                }
            }
            None => {
                let text = field.text().await.map_err(|e| AppError::BadRequest {
                    detail: e.to_string(),
                })?;
                posted.values.push((name, text));
            }
        }
    }
    Ok(posted)
}

/// A scan stored for its owner.
struct StoredScan {
    id: i64,
    name: String,
    kind: files::ScanKind,
    bytes: i64,
}

/// Stores one uploaded scan for `owner` (checked by name, content, size,
/// quota): the API's upload and the forms' file inputs alike.
async fn store_scan(
    state: &AppState,
    owner: i64,
    name: &str,
    bytes: bytes::Bytes,
) -> Result<StoredScan, AppError> {
    let limits = files::Limits::default();
    let name = files::clean_name(name).map_err(AppError::from)?;
    let used: i64 = sqlx::query_scalar(
        "select coalesce(sum(bytes), 0)::bigint from upload where owner_id = $1",
    )
    .bind(owner)
    .fetch_one(&state.pool)
    .await?;
    let head = &bytes[..bytes.len().min(files::SNIFF_LEN)];
    let kind = files::check(bytes.len() as u64, head, used.max(0) as u64, &limits)
        .map_err(AppError::from)?;
    let key = objects::new_key().map_err(AppError::internal)?;
    let len = bytes.len() as i64;
    state
        .objects
        .put(&key, bytes)
        .await
        .map_err(AppError::internal)?;
    let id: i64 = sqlx::query_scalar(
        "insert into upload (owner_id, object_key, name, kind, bytes) values ($1, $2, $3, $4, $5) returning id",
    )
    .bind(owner)
    .bind(&key)
    .bind(&name)
    .bind(kind.code())
    .bind(len)
    .fetch_one(&state.pool)
    .await?;
    Ok(StoredScan {
        id,
        name,
        kind,
        bytes: len,
    })
}

/// The uploads named in the form that belong to `owner`, with their names.
async fn own_uploads(
    state: &AppState,
    owner: i64,
    posted: &Posted,
) -> Result<Vec<(i64, String)>, AppError> {
    let ids: Vec<i64> = posted
        .all("uploads")
        .filter_map(|v| v.parse().ok())
        .collect();
    Ok(sqlx::query_as(
        "select id, name from upload where owner_id = $1 and id = any($2) order by id",
    )
    .bind(owner)
    .bind(&ids)
    .fetch_all(&state.pool)
    .await?)
}

async fn attach(state: &AppState, case_id: i64, uploads: &[(i64, String)]) -> Result<(), AppError> {
    for (id, name) in uploads {
        sqlx::query(
            "insert into case_material (case_id, upload_id, position, material) values ($1, $2, 1, $3)
             on conflict do nothing",
        )
        .bind(case_id)
        .bind(id)
        .bind(name)
        .execute(&state.pool)
        .await?;
    }
    Ok(())
}

/// `POST /apply` (the application form, `multipart/form-data`): to the
/// receipt, or the form sent back with each problem at its field and
/// nothing lost (answers, the idempotency key, scans already received).
pub async fn form_apply(State(state): State<AppState>, req: Request) -> Response {
    use app::applications::pages::AnswerEcho;
    let (mut parts, body) = req.into_parts();
    let Some(me) = crate::accounts::current_user_of(&parts) else {
        return axum::response::Redirect::to("/login?next=/apply").into_response();
    };
    let posted = match read_form(&parts.headers, body).await {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let target = TargetParams {
        service: posted.get("service").map(str::to_string),
        bundle: posted.get("bundle").map(str::to_string),
    };
    let page = match (&target.service, &target.bundle) {
        (Some(s), _) => format!("/apply?service={}", app::catalog::find::encode(s)),
        (_, Some(b)) => format!("/apply?bundle={}", app::catalog::find::encode(b)),
        _ => "/apply".to_string(),
    };
    if let Ok(uri) = page.parse() {
        parts.uri = uri;
    }
    let raw: RawAnswers = posted
        .values
        .iter()
        .filter(|(n, _)| {
            !matches!(
                n.as_str(),
                "service" | "bundle" | "idempotency_key" | "uploads"
            )
        })
        .cloned()
        .collect();
    let key_text = posted
        .get("idempotency_key")
        .unwrap_or_default()
        .to_string();
    let mut uploads = match own_uploads(&state, me.id, &posted).await {
        Ok(u) => u,
        Err(e) => return e.into_response(),
    };
    let outcome = async {
        for (name, bytes) in posted.files.iter().cloned() {
            let scan = store_scan(&state, me.id, &name, bytes).await?;
            uploads.push((scan.id, scan.name));
        }
        let key = idempotency(&HeaderMap::new(), Some(&key_text))?;
        let t = target.load(&state).await?;
        let cal = clock::store::load(&state.pool).await?;
        let done = store::submit(
            &state.pool,
            &state.data_key,
            &cal,
            &me,
            &t,
            &raw,
            key,
            state.now.now(),
        )
        .await?;
        attach(&state, done.case_id, &uploads).await?;
        Ok::<_, AppError>(done)
    }
    .await;
    match outcome {
        Ok(done) => axum::response::Redirect::to(&format!("/cases/{}/receipt", done.case_no))
            .into_response(),
        Err(err) => {
            let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::BAD_REQUEST);
            let (errors, error) = match err {
                AppError::InvalidAnswers { fields } => (fields, None),
                other => (Vec::new(), Some(other)),
            };
            let echo = AnswerEcho {
                values: raw,
                errors,
                error,
                idempotency_key: app::applications::parse_idempotency_key(&key_text),
                uploads,
            };
            crate::accounts::rerender_with(
                &state,
                parts,
                app::accounts::FormEcho::default(),
                echo,
                status,
            )
            .await
        }
    }
}

/// `POST /cases/{case_no}/supplement` (the notice's answer, with scans): back
/// to the case, the clock running again.
pub async fn form_supplement(
    State(state): State<AppState>,
    Path(no): Path<String>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let Some(me) = crate::accounts::current_user_of(&parts) else {
        return axum::response::Redirect::to("/login").into_response();
    };
    let outcome = async {
        let no = case_no(&no)?;
        let posted = read_form(&parts.headers, body).await?;
        let (case_id, _) = wf::case_view(&state.pool, &me, no.as_str(), state.now.today()).await?;
        let mut uploads = own_uploads(&state, me.id, &posted).await?;
        for (name, bytes) in posted.files.iter().cloned() {
            let scan = store_scan(&state, me.id, &name, bytes).await?;
            uploads.push((scan.id, scan.name));
        }
        let body = SupplementBody {
            answer: posted.get("answer").unwrap_or_default().to_string(),
            uploads: uploads.iter().map(|(id, _)| *id).collect(),
        };
        let cal = clock::store::load(&state.pool).await?;
        answer_notice(&state, &cal, &me, case_id, &body).await?;
        Ok::<_, AppError>(no)
    }
    .await;
    match outcome {
        Ok(no) => axum::response::Redirect::to(&format!("/cases/{}", no.as_str())).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /staff/tasks/claim`: to the task taken, or back to the queue.
pub async fn form_claim(State(state): State<AppState>, req: Request) -> Response {
    let me = match crate::accounts::current_user_of(&req.into_parts().0) {
        Some(me) => me,
        None => return axum::response::Redirect::to("/login?next=/staff/tasks").into_response(),
    };
    let outcome = async {
        let post = wf::staff_post(&state.pool, &me).await?;
        wf::claim_next(&state.pool, post, state.now.today()).await
    }
    .await;
    match outcome {
        Ok(Some(task)) => {
            axum::response::Redirect::to(&format!("/staff/tasks/{task}")).into_response()
        }
        Ok(None) => axum::response::Redirect::to("/staff/tasks").into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /staff/tasks/{id}` (an action form): back to the queue, or the task
/// page with the reason the action was refused.
pub async fn form_act(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    req: Request,
) -> Response {
    let (mut parts, body) = req.into_parts();
    let Some(me) = crate::accounts::current_user_of(&parts) else {
        return axum::response::Redirect::to("/login?next=/staff/tasks").into_response();
    };
    let outcome = async {
        let post = wf::staff_post(&state.pool, &me).await?;
        let posted = read_form(&parts.headers, body).await?;
        let text = |n: &str| posted.get(n).unwrap_or_default().to_string();
        let action = match posted.get("action").unwrap_or_default() {
            "approve" => Action::Approve { note: text("note") },
            "reject" => Action::Reject {
                reason: text("reason"),
            },
            "request_supplement" => Action::RequestSupplement { what: text("what") },
            "issue" => Action::Issue {
                certificate_no: text("certificate_no"),
            },
            "propose_inspection" => Action::ProposeInspection { note: text("note") },
            "claim" => Action::Claim,
            "release" => Action::Release,
            _ => {
                return Err(AppError::InvalidParameter {
                    name: "action".into(),
                })
            }
        };
        let cal = clock::store::load(&state.pool).await?;
        wf::act(&state.pool, &cal, post, id, &action, state.now.today()).await
    }
    .await;
    match outcome {
        Ok(_) => axum::response::Redirect::to("/staff/tasks").into_response(),
        Err(err) => {
            let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::BAD_REQUEST);
            if let Ok(uri) = format!("/staff/tasks/{id}").parse() {
                parts.uri = uri;
            }
            crate::accounts::rerender_with(
                &state,
                parts,
                app::accounts::FormEcho::default(),
                app::workflow::pages::ActionRefused(err),
                status,
            )
            .await
        }
    }
}

/// `POST /staff/cases/{case_no}/inspection` (the lead unit's form): back to
/// the workbench, or the refusal.
pub async fn form_inspection(
    State(state): State<AppState>,
    Path(no): Path<String>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let Some(me) = crate::accounts::current_user_of(&parts) else {
        return axum::response::Redirect::to("/login?next=/staff/tasks").into_response();
    };
    let outcome = async {
        let post = wf::staff_post(&state.pool, &me).await?;
        let no = case_no(&no)?;
        let posted = read_form(&parts.headers, body).await?;
        let inspection = wf::Inspection {
            date: posted.get("date").unwrap_or_default().to_string(),
            place: posted.get("place").unwrap_or_default().to_string(),
            participants: posted
                .get("participants")
                .unwrap_or_default()
                .lines()
                .map(str::to_string)
                .collect(),
        };
        let cal = clock::store::load(&state.pool).await?;
        wf::organise_inspection(
            &state.pool,
            &cal,
            post,
            no.as_str(),
            &inspection,
            state.now.today(),
        )
        .await
    }
    .await;
    match outcome {
        Ok(()) => axum::response::Redirect::to("/staff/tasks").into_response(),
        Err(err) => {
            let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::BAD_REQUEST);
            let mut parts = parts;
            parts.uri = http::Uri::from_static("/staff/tasks");
            crate::accounts::rerender_with(
                &state,
                parts,
                app::accounts::FormEcho::default(),
                app::workflow::pages::ActionRefused(err),
                status,
            )
            .await
        }
    }
}
