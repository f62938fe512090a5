//! Applying online over HTTP: the form of a service or bundle, drafts,
//! submitting (JSON and the plain form, with scans), the applicant's cases,
//! answering a supplement notice, and tracking a case by its query code.

use crate::{
    http::{
        finish, idempotency_key, redirect, FormLimit, FormPost, JsonBody, PageAbove, SendBack,
        SignedIn, FORM_WITH_SCANS_LIMIT,
    },
    session::Client,
    uploads,
};
use app::{
    accounts::Me,
    applications::{
        check::CheckEcho,
        form::{FieldDef, RawAnswers},
        materials::{ChosenUpload, MaterialSlot},
        pages::AnswerEcho,
        store::{self, ApplyTarget, Sent},
        CaseNo, Target,
    },
    catalog::Bilingual,
    clock,
    error::AppError,
    files,
    state::AppState,
    workflow::{
        engine::CaseStatus,
        store as wf,
        views::{CaseLine, CaseView},
    },
};
use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Extension, Json,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of applying, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(submit))
        .routes(routes!(form))
        .routes(routes!(load_draft, save_draft))
        .routes(routes!(track))
        .routes(routes!(my_cases))
        .routes(routes!(my_case))
        .routes(routes!(supplement))
        .route(
            "/apply",
            post(form_apply).layer(Extension(FormLimit(FORM_WITH_SCANS_LIMIT))),
        )
        .route("/apply/submit", post(form_confirm))
        .route(
            "/cases/{case_no}/supplement",
            post(form_supplement).layer(Extension(FormLimit(FORM_WITH_SCANS_LIMIT))),
        )
}

/// What is applied for: `{"service":"440100-WJJ-0002"}` or
/// `{"bundle":"440100/birth"}`. Neither or both is a malformed request
/// (400); a code that names nothing is unknown (404, from the store).
#[derive(utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
pub struct TargetParams {
    pub service: Option<String>,
    pub bundle: Option<String>,
}

impl TargetParams {
    fn split(&self) -> Result<(Target, &str), AppError> {
        let target = match (&self.service, &self.bundle) {
            (Some(s), None) => (Target::Item, s.as_str()),
            (None, Some(b)) => (Target::Bundle, b.as_str()),
            _ => {
                return Err(AppError::InvalidParameter {
                    name: "service".into(),
                })
            }
        };
        // A code is plain: a control character names nothing.
        if app::text::check_plain(target.1).is_err() {
            return Err(AppError::InvalidParameter {
                name: if target.0 == Target::Item {
                    "service"
                } else {
                    "bundle"
                }
                .into(),
            });
        }
        Ok(target)
    }

    pub async fn load(&self, state: &AppState) -> Result<ApplyTarget, AppError> {
        let (target, key) = self.split()?;
        store::load(&state.pool, target, key).await
    }
}

/// A form as a client renders it.
#[derive(utoipa::ToSchema, Debug, Serialize)]
pub struct FormView {
    pub name: Bilingual,
    pub online: bool,
    pub applicant: String,
    /// The questions to ask (what a bundle already knows left out).
    pub fields: Vec<FieldDef>,
    /// One upload slot per material: send a scan of each required one
    /// (`uploads` of the submission, by `key`).
    pub materials: Vec<MaterialSlot>,
    pub parts: Vec<PartView>,
    pub promised_days: i32,
}

#[derive(utoipa::ToSchema, Debug, Serialize)]
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
        crate::openapi::BadQuery,
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
        materials: t.materials.clone(),
        fields: t
            .fields
            .iter()
            .filter(|f| t.given.asks(&f.key))
            .cloned()
            .collect(),
    }))
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct ApplicationBody {
    #[serde(flatten)]
    pub target: TargetParams,
    #[serde(default)]
    pub answers: RawAnswers,
    pub idempotency_key: Option<String>,
    /// The applicant declares the information true (承诺); a submission
    /// without `true` is refused (`invalid_answers`, field `declaration`).
    #[serde(default)]
    pub declaration: bool,
    /// A scan (`POST /api/v1/uploads`) for each material, by the form's
    /// `materials[].key`; a required one missing is refused
    /// (`invalid_answers`, field `scan-<key>`).
    #[serde(default)]
    pub uploads: Vec<ChosenUpload>,
}

/// `POST /api/v1/applications` with the target, `answers` (by input name),
/// `declaration: true`, `uploads` (a scan per material) and an idempotency
/// key (`Idempotency-Key` header or `idempotency_key`): 201 with the case
/// number and query code; the same key again answers 200 with the same
/// case.
#[utoipa::path(
    post,
    path = "/api/v1/applications",
    operation_id = "applications_submit",
    tag = "applications",
    request_body = ApplicationBody,
    responses(
        (status = 201, description = "Submitted", body = crate::openapi::Submitted),
        (status = 200, description = "The same key again: the same case", body = crate::openapi::Submitted),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such service or bundle (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "The service cannot be applied for online (`not_online`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "An answer is refused, a required material has no scan or the declaration is not agreed (`invalid_answers`, each at its field)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    JsonBody(body): JsonBody<ApplicationBody>,
) -> Result<Response, AppError> {
    let key = idempotency_key(Some(&headers), body.idempotency_key.as_deref())?;
    let target = body.target.load(&state).await?;
    let cal = clock::store::load(&state.pool).await?;
    let done = store::submit(
        &state.pool,
        &state.data_key,
        &cal,
        &me,
        &target,
        Sent {
            raw: &body.answers,
            declared: body.declaration,
            uploads: &body.uploads,
            on_paper: false,
        },
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
        crate::openapi::SignedInWrite,
        (status = 404, description = "No such service or bundle (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn save_draft(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    JsonBody(body): JsonBody<ApplicationBody>,
) -> Result<StatusCode, AppError> {
    let target = body.target.load(&state).await?;
    store::save_draft(
        &state.pool,
        &state.data_key,
        &me,
        &target,
        &body.answers,
        None,
    )
    .await?;
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
        crate::openapi::BadQuery, crate::openapi::SignedOut,
        (status = 404, description = "No draft (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn load_draft(
    State(state): State<AppState>,
    Query(params): Query<TargetParams>,
    SignedIn(me): SignedIn,
) -> Result<Json<RawAnswers>, AppError> {
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
        crate::openapi::SignedOut,
    )
)]
pub async fn my_cases(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<CaseLine>>, AppError> {
    Ok(Json(
        wf::my_cases(&state.pool, &me, state.now.today(), 200).await?,
    ))
}

/// A case number from a path: one that cannot be a case's names none (404).
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
        crate::openapi::PathSignedIn,
        (status = 404, description = "No such case of the caller's (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn my_case(
    State(state): State<AppState>,
    Path(no): Path<String>,
    SignedIn(me): SignedIn,
) -> Result<Json<CaseView>, AppError> {
    let no = case_no(&no)?;
    let (_, view) = wf::case_view(&state.pool, &me, no.as_str(), state.now.today()).await?;
    Ok(Json(view))
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
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
        crate::openapi::SignedInWrite,
        (status = 404, description = "No such case of the caller's (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "No open notice (`transition_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "The answer is refused (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn supplement(
    State(state): State<AppState>,
    Path(no): Path<String>,
    SignedIn(me): SignedIn,
    body: Result<JsonBody<SupplementBody>, AppError>,
) -> Result<Json<serde_json::Value>, AppError> {
    let no = case_no(&no)?;
    let JsonBody(body) = body?;
    let (case_id, _) = wf::case_view(&state.pool, &me, no.as_str(), state.now.today()).await?;
    let status = answer_notice(&state, &me, case_id, &body).await?;
    Ok(Json(json!({ "status": status })))
}

/// Answers the open notice of the applicant's case, attaching the
/// applicant's own uploads named (others are left out); the clock resumes.
async fn answer_notice(
    state: &AppState,
    me: &Me,
    case_id: i64,
    body: &SupplementBody,
) -> Result<CaseStatus, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    let status = wf::answer_notice(
        &state.pool,
        &cal,
        me,
        case_id,
        &body.answer,
        state.now.today(),
    )
    .await?;
    files::store::attach(&state.pool, me.id, case_id, &body.uploads).await?;
    Ok(status)
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
        crate::openapi::BadPath, crate::openapi::Throttled,
        (status = 404, description = "No such case, or a wrong query code (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn track(
    State(state): State<AppState>,
    Path(no): Path<String>,
    Query(params): Query<TrackParams>,
    Client(client): Client,
) -> Result<Json<app::tracking::Track>, AppError> {
    Ok(Json(
        app::tracking::track(&state.pool, &client, &no, &params.code, state.now.today()).await?,
    ))
}

// ---- the pages' forms (they work without JavaScript) ------------------------

/// The form's address and the check page's, of a posted target.
fn pages_of(target: &TargetParams) -> (String, String) {
    let query = match (&target.service, &target.bundle) {
        (Some(s), _) => format!("service={}", app::catalog::find::encode(s)),
        (_, Some(b)) => format!("bundle={}", app::catalog::find::encode(b)),
        _ => String::new(),
    };
    if query.is_empty() {
        ("/apply".into(), "/apply/check".into())
    } else {
        (format!("/apply?{query}"), format!("/apply/check?{query}"))
    }
}

/// `POST /apply` (the application form, `multipart/form-data`, "continue"):
/// the answers and the scans by material are checked and kept as the
/// draft, then on to check your answers (`/apply/check`); or the form sent
/// back with each problem at its field, its message naming the field, and
/// nothing lost (answers, the idempotency key, scans already received).
pub async fn form_apply(FormPost(state, me, parts, posted, ..): FormPost) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let target = TargetParams {
        service: posted.get("service").map(str::to_string),
        bundle: posted.get("bundle").map(str::to_string),
    };
    let (page, check_page) = pages_of(&target);
    let raw: RawAnswers = posted
        .values
        .iter()
        .filter(|(n, _)| {
            !matches!(
                n.as_str(),
                "service" | "bundle" | "idempotency_key" | "uploads" | "remove"
            ) && !n.starts_with("upload.")
        })
        .cloned()
        .collect();
    let key_text = posted.text("idempotency_key");
    let mut uploads: Vec<(ChosenUpload, String)> = Vec::new();
    let outcome = async {
        let key = idempotency_key(None, Some(&key_text))?;
        // Sent again after it was submitted (a double click, the back
        // button): the case it made.
        if let Some(done) = store::already(&state.pool, &me, key).await? {
            return Ok(format!("/cases/{}/receipt", done.case_no));
        }
        uploads::by_material(&state, me.id, &posted, &mut uploads).await?;
        let t = target.load(&state).await?;
        if !store::may_apply(&me, &t) {
            return Err(AppError::Forbidden);
        }
        if !t.online {
            return Err(AppError::NotOnline);
        }
        let chosen: Vec<ChosenUpload> = uploads.iter().map(|(c, _)| c.clone()).collect();
        // Kept first, so that nothing typed is lost whatever the check says.
        store::save_draft(&state.pool, &state.data_key, &me, &t, &raw, Some(&chosen)).await?;
        store::check(
            &state.pool,
            &state.data_key,
            &me,
            &t,
            &raw,
            &chosen,
            state.now.today(),
        )
        .await?;
        Ok::<_, AppError>(check_page.clone())
    }
    .await;
    let answer = outcome.map(|to| crate::http::see_other(&to));
    finish(&state, parts, answer, |err| {
        let (errors, error) = match err {
            AppError::InvalidAnswers { fields } => (fields, None),
            other => (Vec::new(), Some(other)),
        };
        SendBack::with(AnswerEcho {
            values: raw,
            errors,
            error,
            idempotency_key: app::applications::parse_idempotency_key(&key_text),
            uploads,
        })
        .at(page)
    })
    .await
}

/// `POST /apply/submit` (check your answers: the declaration and the key):
/// submits the kept draft — answers and scans by material — and goes to
/// the receipt; without the declaration agreed, the check page again with
/// the error at its box. The same key again is the same case.
pub async fn form_confirm(FormPost(state, me, parts, posted, ..): FormPost) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let target = TargetParams {
        service: posted.get("service").map(str::to_string),
        bundle: posted.get("bundle").map(str::to_string),
    };
    let (page, check_page) = pages_of(&target);
    let key_text = posted.text("idempotency_key");
    let declared = posted.get("declaration") == Some("yes");
    let outcome = async {
        let key = idempotency_key(None, Some(&key_text))?;
        if let Some(done) = store::already(&state.pool, &me, key).await? {
            return Ok(format!("/cases/{}/receipt", done.case_no));
        }
        let t = target.load(&state).await?;
        let Some(raw) = store::load_draft(&state.pool, &state.data_key, &me, &t).await? else {
            // Nothing kept (submitted elsewhere, or never filled in): the form.
            return Ok(page.clone());
        };
        let chosen: Vec<ChosenUpload> = store::draft_uploads(&state.pool, &me, &t)
            .await?
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        let cal = clock::store::load(&state.pool).await?;
        let done = store::submit(
            &state.pool,
            &state.data_key,
            &cal,
            &me,
            &t,
            Sent {
                raw: &raw,
                declared,
                uploads: &chosen,
                on_paper: false,
            },
            key,
            state.now.now(),
        )
        .await?;
        Ok::<_, AppError>(format!("/cases/{}/receipt", done.case_no))
    }
    .await;
    let answer = outcome.map(|to| crate::http::see_other(&to));
    finish(&state, parts, answer, |err| {
        let (errors, error) = match err {
            AppError::InvalidAnswers { fields } => (fields, None),
            other => (Vec::new(), Some(other)),
        };
        SendBack::with(CheckEcho {
            errors,
            error,
            idempotency_key: app::applications::parse_idempotency_key(&key_text),
        })
        .at(check_page)
    })
    .await
}

/// `POST /cases/{case_no}/supplement` (the notice's answer, with scans): back
/// to the case, the clock running again.
pub async fn form_supplement(
    Path(no): Path<String>,
    FormPost(state, me, _, posted, ..): FormPost<PageAbove>,
) -> Response {
    let outcome = async {
        let no = case_no(&no)?;
        let posted = posted?;
        // The case is checked to be the applicant's before scans are kept.
        let (case_id, _) = wf::case_view(&state.pool, &me, no.as_str(), state.now.today()).await?;
        // The answer is judged before any scan is kept.
        app::workflow::engine::supplement_answer(&posted.text("answer"))?;
        let mut uploads = uploads::named(&state, me.id, &posted).await?;
        uploads::save_all(&state, me.id, &posted, &mut uploads).await?;
        let body = SupplementBody {
            answer: posted.text("answer"),
            uploads: uploads.iter().map(|(id, _)| *id).collect(),
        };
        answer_notice(&state, &me, case_id, &body).await?;
        Ok(format!("/cases/{}", no.as_str()))
    }
    .await;
    redirect(outcome)
}
