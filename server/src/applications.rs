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
        store::{self as wf, QueueRow},
        views::{self, CaseLine, CaseView, TaskView},
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
#[derive(Debug, Serialize)]
pub struct FormView {
    pub name: Bilingual,
    pub online: bool,
    pub applicant: String,
    pub fields: Vec<FieldDef>,
    pub parts: Vec<PartView>,
    pub promised_days: i32,
}

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
pub async fn submit(State(state): State<AppState>, req: Request) -> Result<Response, AppError> {
    let (parts, body) = req.into_parts();
    let me = signed_in(&parts)?;
    let bytes = crate::accounts::read_body(body).await?;
    let body: ApplicationBody = json_body(&bytes)?;
    let key = idempotency(&parts.headers, body.idempotency_key.as_deref())?;
    let target = body.target.load(&state).await?;
    let cal = clock::queries::load(&state.pool).await?;
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
pub async fn my_cases(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<Vec<CaseLine>>, AppError> {
    let me = signed_in(&req.into_parts().0)?;
    Ok(Json(views::my_cases(&state.pool, &me, 200).await?))
}

fn case_no(raw: &str) -> Result<CaseNo, AppError> {
    CaseNo::parse(raw).ok_or(AppError::NotFound)
}

/// `GET /api/v1/me/cases/{case_no}`: one case with every step, for its
/// applicant or the staff handling it; 404 for anyone else.
pub async fn my_case(
    State(state): State<AppState>,
    Path(no): Path<String>,
    req: Request,
) -> Result<Json<CaseView>, AppError> {
    let me = signed_in(&req.into_parts().0)?;
    let no = case_no(&no)?;
    let (_, view) = views::case_view(&state.pool, &me, no.as_str(), state.now.today()).await?;
    Ok(Json(view))
}

#[derive(Debug, Deserialize)]
pub struct SupplementBody {
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub uploads: Vec<i64>,
}

/// `POST /api/v1/me/cases/{case_no}/supplement` with `{"answer","uploads"}`:
/// answers the open notice; the clock resumes.
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
    let (case_id, _) = views::case_view(&state.pool, &me, no.as_str(), state.now.today()).await?;
    let cal = clock::queries::load(&state.pool).await?;
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
pub async fn queue(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<Vec<QueueRow>>, AppError> {
    let (_, post) = staff(&state, req).await?;
    let cal = clock::queries::load(&state.pool).await?;
    Ok(Json(
        wf::queue(&state.pool, &cal, post, state.now.today(), 200).await?,
    ))
}

/// `POST /api/v1/staff/tasks/claim`: takes the most urgent ready task of the
/// post (200 `{"task_id"}`), or 204 when the queue is empty.
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
pub async fn task(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    req: Request,
) -> Result<Json<TaskView>, AppError> {
    let (me, post) = staff(&state, req).await?;
    let cal = clock::queries::load(&state.pool).await?;
    Ok(Json(
        views::task_view(
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
    let cal = clock::queries::load(&state.pool).await?;
    let status = wf::act(&state.pool, &cal, post, id, &action, state.now.today()).await?;
    Ok(Json(json!({ "status": status })))
}

/// `POST /api/v1/uploads` with the file as the body and its name in
/// `X-File-Name` (percent-encoded UTF-8): 201 `{"id","name","kind","bytes"}`.
/// The type is judged by content; size and quota are checked.
pub async fn upload(State(state): State<AppState>, req: Request) -> Result<Response, AppError> {
    let (parts, body) = req.into_parts();
    let me = signed_in(&parts)?;
    let limits = files::Limits::default();
    let raw_name = parts
        .headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .unwrap_or_default();
    let name = files::clean_name(&raw_name).map_err(|problem| AppError::Upload { problem })?;
    let bytes = axum::body::to_bytes(body, limits.max_file_bytes as usize + 1)
        .await
        .map_err(|_| AppError::Upload {
            problem: files::UploadProblem::TooLarge {
                limit_bytes: limits.max_file_bytes,
            },
        })?;
    let used: i64 = sqlx::query_scalar(
        "select coalesce(sum(bytes), 0)::bigint from upload where owner_id = $1",
    )
    .bind(me.id)
    .fetch_one(&state.pool)
    .await?;
    let head = &bytes[..bytes.len().min(files::SNIFF_LEN)];
    let kind = files::check(bytes.len() as u64, head, used.max(0) as u64, &limits)
        .map_err(|problem| AppError::Upload { problem })?;
    let key = objects::new_key().map_err(AppError::internal)?;
    let len = bytes.len() as i64;
    state
        .objects
        .put(&key, bytes)
        .await
        .map_err(AppError::internal)?;
    let kind_code = match kind {
        files::ScanKind::Pdf => "pdf",
        files::ScanKind::Jpeg => "jpeg",
        files::ScanKind::Png => "png",
    };
    let id: i64 = sqlx::query_scalar(
        "insert into upload (owner_id, object_key, name, kind, bytes) values ($1, $2, $3, $4, $5) returning id",
    )
    .bind(me.id)
    .bind(&key)
    .bind(&name)
    .bind(kind_code)
    .bind(len)
    .fetch_one(&state.pool)
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": id, "name": name, "kind": kind_code, "bytes": len })),
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
    let mime = match kind.as_str() {
        "pdf" => "application/pdf",
        "jpeg" => "image/jpeg",
        _ => "image/png",
    };
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

#[derive(Debug, Deserialize)]
pub struct NowBody {
    pub now: String,
}

/// `PUT /api/v1/test/now` with `{"now":"2026-10-09T10:00:00+08:00"}`: moves
/// the hall's clock — only in test mode (`BANSHI_FAKE_NOW`); 404 otherwise.
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
