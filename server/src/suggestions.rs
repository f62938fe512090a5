//! Suggestion collection (建议征集) over HTTP: the JSON API (topics,
//! suggestions, support and follow as idempotent `PUT`/`DELETE`, reports,
//! moderation, selection, the summary, the moderators' queue) and the
//! pages' forms, which work without JavaScript and, when refused, answer
//! with the same page, what was typed and the problem.

use crate::http::{
    cache, finish, idempotency_key, see_other, FormPost, JsonBody, PageAbove, Posted, SendBack,
    SignedIn, Viewer,
};
use app::{
    accounts::Me,
    error::AppError,
    state::AppState,
    suggestions::{
        pages::SugEcho,
        parse_page,
        store::{self, RawTopic},
        Decision, ModerationItem, Sort, SuggestionPage, SuggestionView, TopicSummary, TopicView,
    },
};
use axum::{
    extract::{Path, Query, State},
    http::{request::Parts, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Json,
};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of suggestion collection, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        // Topics, their lists and summaries are the same for everyone.
        .merge(cache::public(
            OpenApiRouter::new()
                .routes(routes!(topics, open_topic))
                .routes(routes!(topic))
                .routes(routes!(suggestions, submit))
                .routes(routes!(summary, write_summary)),
        ))
        .routes(routes!(one, edit))
        .routes(routes!(support, withdraw))
        .routes(routes!(follow, unfollow))
        .routes(routes!(report))
        .routes(routes!(moderation))
        .routes(routes!(selection))
        .routes(routes!(queue))
        .route("/staff/suggestions", post(form_open_topic))
        .route(
            "/staff/suggestions/topics/{id}/summary",
            post(form_write_summary),
        )
        .route("/staff/suggestions/{id}/moderation", post(form_moderate))
        .route("/staff/suggestions/{id}/selection", post(form_select))
        .route("/suggestions/{topic}", post(form_submit))
        .route("/suggestions/{topic}/s/{id}/support", post(form_support))
        .route("/suggestions/{topic}/s/{id}/follow", post(form_follow))
        .route("/suggestions/{topic}/s/{id}/report", post(form_report))
        .route("/suggestions/{topic}/s/{id}/edit", post(form_edit))
}

async fn view(state: &AppState, me: Option<&Me>, id: i64) -> Result<SuggestionView, AppError> {
    let viewer = store::viewer(&state.pool, me).await?;
    store::get(&state.pool, viewer, id, state.now.today()).await
}

/// Which topics: one department's (by id), or all.
#[derive(utoipa::IntoParams, Debug, Deserialize)]
#[into_params(parameter_in = Query)]
pub struct TopicParams {
    pub department: Option<String>,
}

/// `GET /api/v1/topics?department=`: the topics, open ones first (closing
/// soonest first), then upcoming, then closed ones.
#[utoipa::path(
    get,
    path = "/api/v1/topics",
    operation_id = "suggestions_topics",
    tag = "suggestions",
    params(TopicParams),
    responses(
        (status = 200, description = "The topics", body = Vec<app::suggestions::TopicView>),
        crate::openapi::BadQuery,
    )
)]
pub async fn topics(
    State(state): State<AppState>,
    Query(params): Query<TopicParams>,
) -> Result<Json<Vec<TopicView>>, AppError> {
    let department = match params.department.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => Some(d.parse::<i64>().map_err(|_| AppError::InvalidParameter {
            name: "department".into(),
        })?),
    };
    Ok(Json(
        store::topics(&state.pool, department, state.now.today(), 500).await?,
    ))
}

/// A new topic: `{"title","description","kind","opens_on","closes_on"}`
/// (`kind`: `draft_policy`, `plan`, `two_sessions`, `other`; dates
/// `YYYY-MM-DD`) and an idempotency key.
#[derive(utoipa::ToSchema, Debug, Deserialize, Default)]
#[serde(default)]
pub struct TopicBody {
    pub title: String,
    pub description: String,
    pub kind: String,
    pub opens_on: String,
    pub closes_on: String,
    pub idempotency_key: Option<String>,
}

impl TopicBody {
    fn raw(&self) -> RawTopic {
        RawTopic {
            title: self.title.clone(),
            description: self.description.clone(),
            kind: self.kind.clone(),
            opens_on: self.opens_on.clone(),
            closes_on: self.closes_on.clone(),
        }
    }
}

fn created(made: store::Made) -> StatusCode {
    if made.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}

/// `POST /api/v1/topics`: the staff member's department opens a topic;
/// 201 with it, the same key again 200 with the same one. Staff only
/// (403); 422 naming the fields refused (the period opens today or within
/// a year and lasts at most a year).
#[utoipa::path(
    post,
    path = "/api/v1/topics",
    operation_id = "suggestions_open_topic",
    tag = "suggestions",
    request_body = TopicBody,
    responses(
        (status = 201, description = "Opened", body = app::suggestions::TopicView),
        (status = 200, description = "The same key again: the same topic", body = app::suggestions::TopicView),
        crate::openapi::RoleWrite,
        (status = 422, description = "Fields refused (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn open_topic(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    body: Result<JsonBody<TopicBody>, AppError>,
) -> Result<Response, AppError> {
    store::staff_department(&state.pool, &me).await?;
    let JsonBody(body) = body?;
    let key = idempotency_key(Some(&headers), body.idempotency_key.as_deref())?;
    let today = state.now.today();
    let made = store::open_topic(&state.pool, &me, &body.raw(), key, today).await?;
    let topic = store::topic(&state.pool, made.id, today).await?;
    Ok((created(made), Json(topic)).into_response())
}

/// `GET /api/v1/topics/{id}`: one topic.
#[utoipa::path(
    get,
    path = "/api/v1/topics/{id}",
    operation_id = "suggestions_topic",
    tag = "suggestions",
    params(("id" = i64, Path, description = "The topic's id")),
    responses(
        (status = 200, description = "The topic", body = app::suggestions::TopicView),
        crate::openapi::BadPath,
        (status = 404, description = "No such topic (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn topic(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<TopicView>, AppError> {
    Ok(Json(
        store::topic(&state.pool, id, state.now.today()).await?,
    ))
}

/// Which page, in which order.
#[derive(utoipa::IntoParams, Debug, Deserialize)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `support` (most supported first, the default) or `newest`.
    pub sort: Option<String>,
    /// 1 to 1000; 20 a page.
    pub page: Option<String>,
}

/// `GET /api/v1/topics/{id}/suggestions?sort=&page=`: a page of the
/// topic's visible suggestions (authors' names masked); hidden and
/// removed ones are not listed.
#[utoipa::path(
    get,
    path = "/api/v1/topics/{id}/suggestions",
    operation_id = "suggestions_list",
    tag = "suggestions",
    params(("id" = i64, Path, description = "The topic's id"), ListParams),
    responses(
        (status = 200, description = "A page of suggestions", body = app::suggestions::SuggestionPage),
        crate::openapi::BadQuery,
        (status = 404, description = "No such topic (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn suggestions(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(params): Query<ListParams>,
) -> Result<Json<SuggestionPage>, AppError> {
    let sort = Sort::parse(params.sort.as_deref()).ok_or(AppError::InvalidParameter {
        name: "sort".into(),
    })?;
    let page = parse_page(params.page.as_deref()).ok_or(AppError::InvalidParameter {
        name: "page".into(),
    })?;
    // Read as nobody: the answer is the same for everyone (cached).
    Ok(Json(
        store::list(&state.pool, None, id, sort, page, state.now.today()).await?,
    ))
}

/// A suggestion: `{"title","body"}` and an idempotency key.
#[derive(utoipa::ToSchema, Debug, Deserialize, Default)]
#[serde(default)]
pub struct SuggestionBody {
    pub title: String,
    pub body: String,
    pub idempotency_key: Option<String>,
}

/// `POST /api/v1/topics/{id}/suggestions`: a citizen or an enterprise
/// submits a suggestion to an open topic; 201 with it, the same key again
/// 200 with the same one. 403 for other accounts, 409
/// `suggestion_refused` when the topic is not open, 422 for fields.
#[utoipa::path(
    post,
    path = "/api/v1/topics/{id}/suggestions",
    operation_id = "suggestions_submit",
    tag = "suggestions",
    params(("id" = i64, Path, description = "The topic's id")),
    request_body = SuggestionBody,
    responses(
        (status = 201, description = "Submitted", body = app::suggestions::SuggestionView),
        (status = 200, description = "The same key again: the same suggestion", body = app::suggestions::SuggestionView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such topic (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "The topic is not open (`suggestion_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "Fields refused (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    JsonBody(body): JsonBody<SuggestionBody>,
) -> Result<Response, AppError> {
    let key = idempotency_key(Some(&headers), body.idempotency_key.as_deref())?;
    let made = store::submit(
        &state.pool,
        &me,
        id,
        &body.title,
        &body.body,
        key,
        state.now.now(),
        state.now.today(),
    )
    .await?;
    Ok((created(made), Json(view(&state, Some(&me), made.id).await?)).into_response())
}

/// `GET /api/v1/suggestions/{id}`: one suggestion as the caller sees it
/// (whether they support, follow, reported it, may edit it); a hidden
/// one's text only for its author and the department, a removed one's for
/// the department.
#[utoipa::path(
    get,
    path = "/api/v1/suggestions/{id}",
    operation_id = "suggestions_one",
    tag = "suggestions",
    params(("id" = i64, Path, description = "The suggestion's id")),
    responses(
        (status = 200, description = "The suggestion", body = app::suggestions::SuggestionView),
        crate::openapi::BadPath,
        (status = 404, description = "No such suggestion (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Viewer(me): Viewer,
) -> Result<Json<SuggestionView>, AppError> {
    Ok(Json(view(&state, me.as_ref(), id).await?))
}

#[derive(utoipa::ToSchema, Debug, Deserialize, Default)]
#[serde(default)]
pub struct EditBody {
    pub title: String,
    pub body: String,
}

async fn edit_as(
    state: &AppState,
    me: &Me,
    id: i64,
    title: &str,
    body: &str,
) -> Result<(), AppError> {
    let viewer = store::viewer(&state.pool, Some(me))
        .await?
        .ok_or(AppError::Unauthenticated)?;
    store::edit(
        &state.pool,
        viewer,
        id,
        title,
        body,
        state.now.now(),
        state.now.today(),
    )
    .await
}

/// `PATCH /api/v1/suggestions/{id}` with `{"title","body"}`: its author
/// edits it, only until the first support (409 `suggestion_refused`,
/// `edit_frozen`, after it); 403 for anyone else.
#[utoipa::path(
    patch,
    path = "/api/v1/suggestions/{id}",
    operation_id = "suggestions_edit",
    tag = "suggestions",
    params(("id" = i64, Path, description = "The suggestion's id")),
    request_body = EditBody,
    responses(
        (status = 200, description = "Edited", body = app::suggestions::SuggestionView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such suggestion (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Supported already, hidden, or the topic closed (`suggestion_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "Fields refused (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn edit(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
    JsonBody(body): JsonBody<EditBody>,
) -> Result<Json<SuggestionView>, AppError> {
    edit_as(&state, &me, id, &body.title, &body.body).await?;
    Ok(Json(view(&state, Some(&me), id).await?))
}

async fn set_support(state: &AppState, me: &Me, id: i64, on: bool) -> Result<(), AppError> {
    store::support(&state.pool, me, id, on, state.now.now(), state.now.today()).await
}

/// `PUT /api/v1/suggestions/{id}/support`: the caller supports it (once,
/// however often sent) and follows it. Citizens and enterprises (403);
/// 409 `suggestion_refused` for a closed topic, a hidden suggestion, or
/// one's own.
#[utoipa::path(
    put,
    path = "/api/v1/suggestions/{id}/support",
    operation_id = "suggestions_support",
    tag = "suggestions",
    params(("id" = i64, Path, description = "The suggestion's id")),
    responses(
        (status = 200, description = "Supported", body = app::suggestions::SuggestionView),
        crate::openapi::BadPath,
        crate::openapi::RoleAction,
        (status = 404, description = "No such suggestion (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Refused (`suggestion_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn support(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
) -> Result<Json<SuggestionView>, AppError> {
    set_support(&state, &me, id, true).await?;
    Ok(Json(view(&state, Some(&me), id).await?))
}

/// `DELETE /api/v1/suggestions/{id}/support`: withdraws the caller's
/// support (nothing to withdraw: the same answer) while the topic is open.
#[utoipa::path(
    delete,
    path = "/api/v1/suggestions/{id}/support",
    operation_id = "suggestions_withdraw",
    tag = "suggestions",
    params(("id" = i64, Path, description = "The suggestion's id")),
    responses(
        (status = 200, description = "Not supported", body = app::suggestions::SuggestionView),
        crate::openapi::BadPath,
        crate::openapi::SignedOut,
        (status = 404, description = "No such suggestion (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "The topic closed (`suggestion_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn withdraw(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
) -> Result<Json<SuggestionView>, AppError> {
    set_support(&state, &me, id, false).await?;
    Ok(Json(view(&state, Some(&me), id).await?))
}

/// `PUT /api/v1/suggestions/{id}/follow`: the caller follows it (told of
/// its reply); idempotent. 409 for a removed one.
#[utoipa::path(
    put,
    path = "/api/v1/suggestions/{id}/follow",
    operation_id = "suggestions_follow",
    tag = "suggestions",
    params(("id" = i64, Path, description = "The suggestion's id")),
    responses(
        (status = 200, description = "Following", body = app::suggestions::SuggestionView),
        crate::openapi::BadPath,
        crate::openapi::SignedOut,
        crate::openapi::CrossSite,
        (status = 404, description = "No such suggestion (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Removed (`suggestion_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn follow(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
) -> Result<Json<SuggestionView>, AppError> {
    store::follow(&state.pool, &me, id, true).await?;
    Ok(Json(view(&state, Some(&me), id).await?))
}

/// `DELETE /api/v1/suggestions/{id}/follow`: stops following; idempotent.
#[utoipa::path(
    delete,
    path = "/api/v1/suggestions/{id}/follow",
    operation_id = "suggestions_unfollow",
    tag = "suggestions",
    params(("id" = i64, Path, description = "The suggestion's id")),
    responses(
        (status = 200, description = "Not following", body = app::suggestions::SuggestionView),
        crate::openapi::BadPath,
        crate::openapi::SignedOut,
        (status = 404, description = "No such suggestion (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn unfollow(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
) -> Result<Json<SuggestionView>, AppError> {
    store::follow(&state.pool, &me, id, false).await?;
    Ok(Json(view(&state, Some(&me), id).await?))
}

#[derive(utoipa::ToSchema, Debug, Deserialize, Default)]
#[serde(default)]
pub struct ReportBody {
    pub reason: String,
}

/// What a report did.
#[derive(utoipa::ToSchema, Debug, serde::Serialize)]
pub struct Reported {
    /// `visible`, or `hidden` when this report was the third.
    pub state: app::suggestions::Visibility,
}

/// `POST /api/v1/suggestions/{id}/reports` with `{"reason"}`: the caller
/// reports it, once (409 the second time); reports by three different
/// accounts hide it until the department's moderator decides.
#[utoipa::path(
    post,
    path = "/api/v1/suggestions/{id}/reports",
    operation_id = "suggestions_report",
    tag = "suggestions",
    params(("id" = i64, Path, description = "The suggestion's id")),
    request_body = ReportBody,
    responses(
        (status = 201, description = "Reported", body = Reported),
        crate::openapi::SignedInWrite,
        (status = 404, description = "No such suggestion (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Reported already, one's own, hidden or removed (`suggestion_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "No reason (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn report(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
    JsonBody(body): JsonBody<ReportBody>,
) -> Result<Response, AppError> {
    let after = store::report(
        &state.pool,
        &me,
        id,
        &body.reason,
        state.now.now(),
        state.now.today(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Reported { state: after })).into_response())
}

async fn moderate_as(
    state: &AppState,
    me: &Me,
    id: i64,
    decision: &Decision,
) -> Result<(), AppError> {
    let (viewer, _) = store::staff_department(&state.pool, me).await?;
    store::moderate(
        &state.pool,
        viewer,
        id,
        decision,
        state.now.now(),
        state.now.today(),
    )
    .await
    .map(|_| ())
}

/// `POST /api/v1/suggestions/{id}/moderation` with
/// `{"decision":"restore"}` or `{"decision":"remove","reason":"…"}`: staff
/// of the topic's department (403 for others) restore a hidden suggestion
/// or remove one; 409 for a restore of one not hidden or anything on a
/// removed one.
#[utoipa::path(
    post,
    path = "/api/v1/suggestions/{id}/moderation",
    operation_id = "suggestions_moderate",
    tag = "suggestions",
    params(("id" = i64, Path, description = "The suggestion's id")),
    request_body = app::suggestions::Decision,
    responses(
        (status = 200, description = "Decided", body = app::suggestions::SuggestionView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such suggestion (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Refused (`suggestion_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "No reason (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn moderation(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
    JsonBody(decision): JsonBody<Decision>,
) -> Result<Json<SuggestionView>, AppError> {
    moderate_as(&state, &me, id, &decision).await?;
    Ok(Json(view(&state, Some(&me), id).await?))
}

#[derive(utoipa::ToSchema, Debug, Deserialize, Default)]
#[serde(default)]
pub struct SelectionBody {
    pub reply: String,
    pub adopted: bool,
}

async fn select_as(
    state: &AppState,
    me: &Me,
    id: i64,
    reply: &str,
    adopted: bool,
) -> Result<usize, AppError> {
    let (viewer, _) = store::staff_department(&state.pool, me).await?;
    store::select(
        &state.pool,
        viewer,
        id,
        reply,
        adopted,
        state.now.now(),
        state.now.today(),
    )
    .await
}

/// `POST /api/v1/suggestions/{id}/selection` with `{"reply","adopted"}`:
/// staff of the topic's department (403 for others) select the suggestion
/// (精选) with their reply, adopted (采纳) or not; its author, supporters
/// and followers are told once each, however often this is sent (a later
/// call corrects the reply).
#[utoipa::path(
    post,
    path = "/api/v1/suggestions/{id}/selection",
    operation_id = "suggestions_select",
    tag = "suggestions",
    params(("id" = i64, Path, description = "The suggestion's id")),
    request_body = SelectionBody,
    responses(
        (status = 200, description = "Selected", body = app::suggestions::SuggestionView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such suggestion (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Hidden or removed (`suggestion_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "No reply (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn selection(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
    JsonBody(body): JsonBody<SelectionBody>,
) -> Result<Json<SuggestionView>, AppError> {
    select_as(&state, &me, id, &body.reply, body.adopted).await?;
    Ok(Json(view(&state, Some(&me), id).await?))
}

/// `GET /api/v1/topics/{id}/summary`: a closed topic's summary — the
/// numbers counted from the record (suggestions, supporters, supports,
/// selected, adopted), the selected suggestions with their replies and
/// the department's text; 409 before the topic closes.
#[utoipa::path(
    get,
    path = "/api/v1/topics/{id}/summary",
    operation_id = "suggestions_summary",
    tag = "suggestions",
    params(("id" = i64, Path, description = "The topic's id")),
    responses(
        (status = 200, description = "The summary", body = app::suggestions::TopicSummary),
        crate::openapi::BadPath,
        (status = 404, description = "No such topic (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Not closed yet (`suggestion_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn summary(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<TopicSummary>, AppError> {
    Ok(Json(
        store::summary(&state.pool, None, id, state.now.today()).await?,
    ))
}

#[derive(utoipa::ToSchema, Debug, Deserialize, Default)]
#[serde(default)]
pub struct SummaryBody {
    pub summary: String,
}

async fn write_summary_as(state: &AppState, me: &Me, id: i64, text: &str) -> Result<(), AppError> {
    let (viewer, _) = store::staff_department(&state.pool, me).await?;
    store::write_summary(&state.pool, viewer, id, text, state.now.today()).await
}

/// `POST /api/v1/topics/{id}/summary` with `{"summary"}`: the department
/// writes its summary text after the period (409 before; 403 for others).
#[utoipa::path(
    post,
    path = "/api/v1/topics/{id}/summary",
    operation_id = "suggestions_write_summary",
    tag = "suggestions",
    params(("id" = i64, Path, description = "The topic's id")),
    request_body = SummaryBody,
    responses(
        (status = 200, description = "The summary", body = app::suggestions::TopicSummary),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such topic (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Not closed yet (`suggestion_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "No text (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn write_summary(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
    JsonBody(body): JsonBody<SummaryBody>,
) -> Result<Json<TopicSummary>, AppError> {
    write_summary_as(&state, &me, id, &body.summary).await?;
    Ok(Json(
        store::summary(&state.pool, None, id, state.now.today()).await?,
    ))
}

/// `GET /api/v1/staff/moderation`: the staff member's department's hidden
/// suggestions waiting for a decision, with the reports' reasons. Staff
/// only (403).
#[utoipa::path(
    get,
    path = "/api/v1/staff/moderation",
    operation_id = "suggestions_moderation_queue",
    tag = "suggestions",
    responses(
        (status = 200, description = "Hidden suggestions, oldest first", body = Vec<app::suggestions::ModerationItem>),
        crate::openapi::RoleRead,
    )
)]
pub async fn queue(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<ModerationItem>>, AppError> {
    let (viewer, department) = store::staff_department(&state.pool, &me).await?;
    Ok(Json(
        store::moderation_queue(&state.pool, viewer, department, state.now.today()).await?,
    ))
}

// ---- the pages' forms (they work without JavaScript) ------------------------

/// Finishes a form: on to `to`, or `page` again with the form's values
/// and the problem.
async fn done(
    state: &AppState,
    parts: Parts,
    outcome: Result<String, AppError>,
    page: String,
    form: &'static str,
    values: Vec<(String, String)>,
) -> Response {
    let answer = outcome.map(|to| see_other(&to));
    finish(state, parts, answer, |error| {
        SendBack::with(SugEcho {
            form: form.to_string(),
            values,
            error,
        })
        .at(page)
    })
    .await
}

fn values(posted: &Result<Posted, AppError>) -> Vec<(String, String)> {
    posted
        .as_ref()
        .map(|p| p.values.clone())
        .unwrap_or_default()
}

/// `POST /staff/suggestions` (open a topic).
pub async fn form_open_topic(FormPost(state, me, parts, posted, ..): FormPost) -> Response {
    let typed = values(&posted);
    let outcome = async {
        let posted = posted?;
        let key = idempotency_key(None, posted.get("idempotency_key"))?;
        let raw = RawTopic {
            title: posted.text("title"),
            description: posted.text("description"),
            kind: posted.text("kind"),
            opens_on: posted.text("opens_on"),
            closes_on: posted.text("closes_on"),
        };
        store::open_topic(&state.pool, &me, &raw, key, state.now.today()).await?;
        Ok("/staff/suggestions#topics-h".to_string())
    }
    .await;
    done(
        &state,
        parts,
        outcome,
        "/staff/suggestions".into(),
        "topic",
        typed,
    )
    .await
}

/// `POST /staff/suggestions/topics/{id}/summary`.
pub async fn form_write_summary(
    Path(id): Path<i64>,
    FormPost(state, me, parts, posted, ..): FormPost,
) -> Response {
    let typed = values(&posted);
    let outcome = async {
        write_summary_as(&state, &me, id, &posted?.text("summary")).await?;
        Ok(format!("/suggestions/{id}#summary-h"))
    }
    .await;
    done(
        &state,
        parts,
        outcome,
        "/staff/suggestions".into(),
        "summary",
        typed,
    )
    .await
}

/// `POST /staff/suggestions/{id}/moderation` (`decision=restore|remove`,
/// `reason`).
pub async fn form_moderate(
    Path(id): Path<i64>,
    FormPost(state, me, parts, posted, ..): FormPost,
) -> Response {
    let typed = values(&posted);
    let outcome = async {
        let posted = posted?;
        let decision = match posted.get("decision") {
            Some("restore") => Decision::Restore,
            Some("remove") => Decision::Remove {
                reason: posted.text("reason"),
            },
            _ => {
                return Err(AppError::InvalidParameter {
                    name: "decision".into(),
                })
            }
        };
        moderate_as(&state, &me, id, &decision).await?;
        Ok("/staff/suggestions#moderation-h".to_string())
    }
    .await;
    done(
        &state,
        parts,
        outcome,
        "/staff/suggestions".into(),
        "moderation",
        typed,
    )
    .await
}

/// `POST /staff/suggestions/{id}/selection` (`reply`, `adopted=yes`).
pub async fn form_select(
    Path(id): Path<i64>,
    FormPost(state, me, parts, posted, ..): FormPost,
) -> Response {
    let typed = values(&posted);
    let outcome = async {
        let posted = posted?;
        let adopted = posted.get("adopted") == Some("yes");
        select_as(&state, &me, id, &posted.text("reply"), adopted).await?;
        Ok("/staff/suggestions#select-h".to_string())
    }
    .await;
    done(
        &state,
        parts,
        outcome,
        "/staff/suggestions".into(),
        "selection",
        typed,
    )
    .await
}

/// `POST /suggestions/{topic}` (submit): to the new suggestion, or the
/// topic again with what was typed and the same key.
pub async fn form_submit(
    Path(topic): Path<i64>,
    FormPost(state, me, parts, posted, ..): FormPost,
) -> Response {
    let typed = values(&posted);
    let outcome = async {
        let posted = posted?;
        let key = idempotency_key(None, posted.get("idempotency_key"))?;
        let made = store::submit(
            &state.pool,
            &me,
            topic,
            &posted.text("title"),
            &posted.text("body"),
            key,
            state.now.now(),
            state.now.today(),
        )
        .await?;
        Ok(format!("/suggestions/{topic}/s/{}", made.id))
    }
    .await;
    done(
        &state,
        parts,
        outcome,
        format!("/suggestions/{topic}#submit-h"),
        "submit",
        typed,
    )
    .await
}

/// Where a suggestion's small forms go back to: the topic's list when
/// posted from it (`from=topic`), else the suggestion's page.
fn back(posted: &Result<Posted, AppError>, topic: i64, id: i64) -> String {
    match posted.as_ref().ok().and_then(|p| p.get("from")) {
        Some("topic") => format!("/suggestions/{topic}#s-{id}"),
        _ => format!("/suggestions/{topic}/s/{id}"),
    }
}

/// `POST /suggestions/{topic}/s/{id}/support` (`do=support|withdraw`).
pub async fn form_support(
    Path((topic, id)): Path<(i64, i64)>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let to = back(&posted, topic, id);
    let outcome = async {
        let on = posted?.get("do") != Some("withdraw");
        set_support(&state, &me, id, on).await?;
        Ok(to.clone())
    }
    .await;
    done(&state, parts, outcome, to.clone(), "support", Vec::new()).await
}

/// `POST /suggestions/{topic}/s/{id}/follow` (`do=follow|unfollow`).
pub async fn form_follow(
    Path((topic, id)): Path<(i64, i64)>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let to = back(&posted, topic, id);
    let outcome = async {
        let on = posted?.get("do") != Some("unfollow");
        store::follow(&state.pool, &me, id, on).await?;
        Ok(to.clone())
    }
    .await;
    done(&state, parts, outcome, to.clone(), "follow", Vec::new()).await
}

/// `POST /suggestions/{topic}/s/{id}/report` (`reason`).
pub async fn form_report(
    Path((topic, id)): Path<(i64, i64)>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let to = back(&posted, topic, id);
    let typed = values(&posted);
    let outcome = async {
        store::report(
            &state.pool,
            &me,
            id,
            &posted?.text("reason"),
            state.now.now(),
            state.now.today(),
        )
        .await?;
        Ok(to.clone())
    }
    .await;
    done(&state, parts, outcome, to.clone(), "report", typed).await
}

/// `POST /suggestions/{topic}/s/{id}/edit` (`title`, `body`).
pub async fn form_edit(
    Path((topic, id)): Path<(i64, i64)>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let typed = values(&posted);
    let page = format!("/suggestions/{topic}/s/{id}");
    let outcome = async {
        let posted = posted?;
        edit_as(&state, &me, id, &posted.text("title"), &posted.text("body")).await?;
        Ok(page.clone())
    }
    .await;
    done(&state, parts, outcome, page.clone(), "edit", typed).await
}
