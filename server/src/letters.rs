//! Letters (留言/诉求) over HTTP: the JSON API (writing with an
//! Idempotency-Key, the public list, one letter, mine, the staff queue,
//! steps, the time limits) and the pages' forms beside it, which work
//! without JavaScript and show the page again with the problem.

use crate::http::{
    cache, finish, idempotency_key, sign_in_first, FormLimit, FormPost, JsonBody, PageAbove,
    Posted, SendBack, SignedIn, Viewer, FORM_WITH_SCANS_LIMIT,
};
use app::{
    accounts::Me,
    clock,
    error::AppError,
    letters::{
        store::{self, NewLetter},
        Action, LetterRow, LetterView, Limit,
    },
    state::AppState,
};
use axum::{
    extract::{Path, Query, State},
    http::{request::Parts, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Extension, Json,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of letters, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        // The public list (GET) is the same for everyone.
        .merge(cache::public(
            OpenApiRouter::new().routes(routes!(list, write)),
        ))
        .routes(routes!(limits, set_limits))
        .routes(routes!(one))
        .routes(routes!(mine))
        .routes(routes!(queue))
        .routes(routes!(steps))
        .route(
            "/letters/new",
            post(form_write).layer(Extension(FormLimit(FORM_WITH_SCANS_LIMIT))),
        )
        .route("/letters/{no}/steps", post(form_step))
        .route("/staff/letters/limits", post(form_limits))
}

fn bad(name: &str) -> AppError {
    AppError::InvalidParameter { name: name.into() }
}

/// Which public letters: `public=true` (or absent), `department=ID`,
/// `region=CODE` (the region and the regions under it), `page=1..=500` (20 a page).
#[derive(utoipa::IntoParams, Debug, Deserialize)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    pub public: Option<String>,
    pub department: Option<String>,
    pub region: Option<String>,
    pub page: Option<String>,
}

/// The parsed filters of the public list.
pub fn parse_filters(p: &ListParams) -> Result<(Option<i64>, Option<i32>, i64), AppError> {
    if !matches!(p.public.as_deref(), None | Some("true")) {
        return Err(bad("public"));
    }
    let department = match p.department.as_deref().filter(|s| !s.is_empty()) {
        Some(d) => Some(d.parse::<i64>().map_err(|_| bad("department"))?),
        None => None,
    };
    let region = match p.region.as_deref().filter(|s| !s.is_empty()) {
        Some(r) => Some(r.parse::<i32>().map_err(|_| bad("region"))?),
        None => None,
    };
    let page = match p.page.as_deref().filter(|s| !s.is_empty()) {
        Some(n) => n.parse::<i64>().map_err(|_| bad("page"))?,
        None => 1,
    };
    Ok((department, region, page))
}

/// `GET /api/v1/letters?public=true&department=&region=&page=`: public
/// letters past the centre's acceptance, newest first, 20 a page. Only
/// public ones are listed here (`public=false` is a 400; a writer's own
/// are at `/api/v1/me/letters`).
#[utoipa::path(
    get,
    path = "/api/v1/letters",
    operation_id = "letters_list",
    tag = "letters",
    params(ListParams),
    responses(
        (status = 200, description = "Public letters, newest first", body = Vec<app::letters::LetterRow>),
        crate::openapi::BadQuery,
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Query(params): Query<ListParams>,
) -> Result<Json<Vec<LetterRow>>, AppError> {
    let (department, region, page) = parse_filters(&params)?;
    Ok(Json(
        store::public_list(&state.pool, department, region, page, state.now.today()).await?,
    ))
}

/// A new letter: whom it is to (`department` with its id, or `leader` /
/// `centre` with a region), its kind, subject, text, whether public,
/// uploads to attach, and an idempotency key (`Idempotency-Key` header or
/// `idempotency_key`).
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct WriteBody {
    #[serde(default)]
    pub addressee: String,
    pub department: Option<i64>,
    pub region: Option<i32>,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub public: bool,
    #[serde(default)]
    pub files: Vec<i64>,
    pub idempotency_key: Option<String>,
}

/// What writing answers.
#[derive(utoipa::ToSchema, Debug, Serialize)]
pub struct WriteAnswer {
    pub letter_no: String,
    /// The writer's earlier letter it was merged into (a duplicate).
    pub merged_into: Option<String>,
}

/// `POST /api/v1/letters`: 201 with the `letter_no`; the same key again
/// answers 200 with the same letter. A letter with the subject of one the
/// writer sent within 7 days is merged into it at once (`merged_into`).
/// Citizens and enterprises only (403); 422 for what cannot be taken.
#[utoipa::path(
    post,
    path = "/api/v1/letters",
    operation_id = "letters_write",
    tag = "letters",
    request_body = WriteBody,
    responses(
        (status = 201, description = "Written", body = WriteAnswer),
        (status = 200, description = "The same key again: the same letter", body = WriteAnswer),
        crate::openapi::RoleWrite,
        (status = 422, description = "Something typed cannot be taken (`letter_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn write(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    JsonBody(body): JsonBody<WriteBody>,
) -> Result<Response, AppError> {
    let key = idempotency_key(Some(&headers), body.idempotency_key.as_deref())?;
    let new = NewLetter {
        addressee: body.addressee,
        department: body.department,
        region: body.region,
        kind: body.kind,
        subject: body.subject,
        body: body.body,
        public: body.public,
        files: body.files,
    };
    let w = store::submit(
        &state.pool,
        &me,
        &new,
        key,
        state.now.now(),
        state.now.today(),
    )
    .await?;
    let status = if w.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(WriteAnswer {
            letter_no: w.letter_no,
            merged_into: w.merged_into,
        }),
    )
        .into_response())
}

async fn view(state: &AppState, me: Option<&Me>, no: &str) -> Result<LetterView, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    store::get(&state.pool, &cal, me, no, state.now.today()).await
}

/// `GET /api/v1/letters/{no}`: one letter, its log and reply, the caller's
/// roles on it and the steps they may take (`offered`). Its writer and the
/// staff handling it always; anyone when public (the name masked, no
/// scans); 404 for anyone else.
#[utoipa::path(
    get,
    path = "/api/v1/letters/{no}",
    operation_id = "letters_one",
    tag = "letters",
    params(("no" = String, Path, description = "The letter's number (XJ…)")),
    responses(
        (status = 200, description = "The letter", body = app::letters::LetterView),
        (status = 404, description = "No such letter the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    Path(no): Path<String>,
    Viewer(me): Viewer,
) -> Result<Json<LetterView>, AppError> {
    Ok(Json(view(&state, me.as_ref(), &no).await?))
}

/// `GET /api/v1/me/letters`: the signed-in person's letters, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/me/letters",
    operation_id = "letters_mine",
    tag = "letters",
    responses(
        (status = 200, description = "The person's letters", body = Vec<app::letters::LetterRow>),
        crate::openapi::SignedOut,
    )
)]
pub async fn mine(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<LetterRow>>, AppError> {
    Ok(Json(
        store::mine(&state.pool, &me, state.now.today()).await?,
    ))
}

/// `GET /api/v1/staff/letters`: the caller's queue — a centre clerk's
/// region's letters to accept, dispatch, decide on or follow up, and the
/// department's dispatched and handled letters by due date. Staff only.
#[utoipa::path(
    get,
    path = "/api/v1/staff/letters",
    operation_id = "letters_queue",
    tag = "letters",
    responses(
        (status = 200, description = "The queue", body = Vec<app::letters::LetterRow>),
        crate::openapi::RoleRead,
    )
)]
pub async fn queue(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<LetterRow>>, AppError> {
    Ok(Json(
        store::queue(&state.pool, &me, state.now.today()).await?,
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

/// `POST /api/v1/letters/{no}/steps` with `{"action":"accept"}`,
/// `{"action":"dispatch","department":ID,"cohandlers":[ID]}`,
/// `{"action":"reply","text":"…"}`… (see `LetterAction`): the step, as the
/// machine allows it; the letter after it. 403 for a step not the caller's
/// (404 when they may not see the letter), 409 when the state refuses.
#[utoipa::path(
    post,
    path = "/api/v1/letters/{no}/steps",
    operation_id = "letters_step",
    tag = "letters",
    params(("no" = String, Path, description = "The letter's number (XJ…)")),
    request_body = app::letters::Action,
    responses(
        (status = 200, description = "The letter after the step", body = app::letters::LetterView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such letter the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "The letter's state refuses the step (`letter_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "A text or a department cannot be taken (`letter_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn steps(
    State(state): State<AppState>,
    Path(no): Path<String>,
    SignedIn(me): SignedIn,
    JsonBody(action): JsonBody<Action>,
) -> Result<Json<LetterView>, AppError> {
    step_as(&state, &me, &no, &action).await?;
    Ok(Json(view(&state, Some(&me), &no).await?))
}

/// `GET /api/v1/letters/limits`: the time limit of each kind, in working days.
#[utoipa::path(
    get,
    path = "/api/v1/letters/limits",
    operation_id = "letters_limits",
    tag = "letters",
    responses((status = 200, description = "The limits", body = Vec<app::letters::Limit>))
)]
pub async fn limits(State(state): State<AppState>) -> Result<Json<Vec<Limit>>, AppError> {
    Ok(Json(store::limits(&state.pool).await?))
}

/// The limits to set: `[{"kind":"complaint","days":10}]`.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct LimitBody {
    pub kind: String,
    pub days: i64,
}

/// `PUT /api/v1/letters/limits`: sets the limits given (1–60 working days;
/// new dispatches use them); a hotline centre's clerks only (403).
#[utoipa::path(
    put,
    path = "/api/v1/letters/limits",
    operation_id = "letters_set_limits",
    tag = "letters",
    request_body = Vec<LimitBody>,
    responses(
        (status = 200, description = "The limits now", body = Vec<app::letters::Limit>),
        crate::openapi::RoleWrite,
        (status = 422, description = "A limit out of range (`letter_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn set_limits(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    JsonBody(body): JsonBody<Vec<LimitBody>>,
) -> Result<Json<Vec<Limit>>, AppError> {
    if body.len() > 10 {
        return Err(bad("limits"));
    }
    let set: Vec<(String, i64)> = body.into_iter().map(|l| (l.kind, l.days)).collect();
    Ok(Json(store::set_limits(&state.pool, &me, &set).await?))
}

// ---- the pages' forms (they work without JavaScript) ------------------------

/// `POST /letters/new` (the write form): to the new letter's page, or the
/// form again with what was typed, the problem and the same key.
pub async fn form_write(
    State(state): State<AppState>,
    Viewer(me): Viewer,
    parts: Parts,
    posted: Result<Posted, AppError>,
) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let Some(me) = me else {
        return sign_in_first("/letters/new");
    };
    let values = posted.values.clone();
    let outcome = async {
        let key = idempotency_key(None, Some(&posted.text("idempotency_key")))?;
        let number = |name: &str| -> Result<Option<i64>, AppError> {
            match posted.get(name).filter(|s| !s.is_empty()) {
                Some(v) => v.parse().map(Some).map_err(|_| bad(name)),
                None => Ok(None),
            }
        };
        let addressee = posted.text("addressee");
        // Scans chosen in the form: checked and stored like every upload.
        let mut files = Vec::new();
        for f in posted
            .files
            .iter()
            .filter(|f| f.input == "scans" && !f.bytes.is_empty())
            .take(5)
        {
            let stored = app::files::store::save(
                &state.pool,
                &state.objects,
                me.id,
                &f.name,
                f.bytes.clone(),
            )
            .await?;
            files.push(stored.id);
        }
        let new = NewLetter {
            department: if addressee == "department" {
                number("department")?
            } else {
                None
            },
            region: number("region")?.and_then(|r| i32::try_from(r).ok()),
            addressee,
            kind: posted.text("kind"),
            subject: posted.text("subject"),
            body: posted.text("body"),
            public: posted.get("public") == Some("true"),
            files,
        };
        store::submit(
            &state.pool,
            &me,
            &new,
            key,
            state.now.now(),
            state.now.today(),
        )
        .await
    }
    .await;
    let answer = outcome.map(|w| crate::http::see_other(&format!("/letters/{}", w.letter_no)));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at("/letters/new".to_string())
    })
    .await
}

/// The step a form posts (`action=…` and its fields).
fn action_of(p: &Posted) -> Result<Action, AppError> {
    let text = |n: &str| p.text(n);
    let number = |n: &str| -> Result<i64, AppError> {
        p.get(n)
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| bad(n))
    };
    let yes = |n: &str| matches!(p.get(n), Some("true" | "yes"));
    Ok(match p.get("action").unwrap_or_default() {
        "accept" => Action::Accept,
        "decline" => Action::Decline {
            reason: text("note"),
        },
        "merge" => Action::Merge { into: text("into") },
        "dispatch" => Action::Dispatch {
            department: number("department")?,
            cohandlers: p
                .all("cohandlers")
                .filter_map(|v| v.parse().ok())
                .take(20)
                .collect(),
        },
        "forward" => Action::Forward {
            department: number("department")?,
        },
        "return" => Action::Return {
            reason: text("note"),
        },
        "take" => Action::Take,
        "opinion" => Action::Opinion { text: text("note") },
        "reply" => Action::Reply { text: text("note") },
        "request_extension" => Action::RequestExtension {
            days: u32::try_from(number("days")?).map_err(|_| bad("days"))?,
            reason: text("note"),
        },
        "approve_extension" => Action::ApproveExtension,
        "refuse_extension" => Action::RefuseExtension {
            reason: text("note"),
        },
        "follow_up" => Action::FollowUp {
            satisfied: yes("satisfied"),
            note: text("note"),
        },
        "reopen" => Action::Reopen {
            reason: text("note"),
        },
        "close" => Action::Close {
            resolved: yes("resolved"),
            note: text("note"),
        },
        _ => return Err(bad("action")),
    })
}

/// `POST /letters/{no}/steps` (a step form on the letter's page): back to
/// the letter, or its page with the problem and the text kept.
pub async fn form_step(
    Path(no): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let page = format!("/letters/{no}");
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

/// `POST /staff/letters/limits` (the centre's limits form): back to the
/// queue, or the queue with the problem.
pub async fn form_limits(FormPost(state, me, parts, posted, ..): FormPost<PageAbove>) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        let mut set = Vec::new();
        for kind in app::letters::Kind::ALL {
            if let Some(v) = posted.get(kind.code()) {
                let days = v
                    .trim()
                    .parse::<i64>()
                    .map_err(|_| app::letters::Problem::LimitDays)?;
                set.push((kind.code().to_string(), days));
            }
        }
        store::set_limits(&state.pool, &me, &set).await
    }
    .await;
    let answer = outcome.map(|_| crate::http::see_other("/staff/letters"));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at("/staff/letters".to_string())
    })
    .await
}
