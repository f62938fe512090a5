//! Microblog accounts over HTTP (issue 21): applying with an
//! Idempotency-Key, the verified accounts of a region, one account, the
//! verifier's queue and decisions, the evidence (an audited read), the
//! team, granting verifiers; and the no-JS pages' forms beside them, which
//! show the page again with the problem.

use crate::http::{
    finish, idempotency_key, see_other, FormLimit, FormPost, JsonBody, PageAbove, Posted, SendBack,
    SignedIn, ThisPage, FORM_WITH_SCANS_LIMIT,
};
use app::{
    accounts::Me,
    error::AppError,
    state::AppState,
    weibo::accounts::{
        store, Application, Applied, Decision, MemberChange, PublicAccount, QueueRow, StaffAccount,
        State, Team,
    },
};
use axum::{
    extract::{Path, Query, State as Extract},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Extension, Json,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of accounts, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(crate::http::cache::public(
            OpenApiRouter::new()
                .routes(routes!(list))
                .routes(routes!(one)),
        ))
        .routes(routes!(apply))
        .routes(routes!(queue))
        .routes(routes!(staff_one))
        .routes(routes!(decide))
        .routes(routes!(members, add_member, remove_member))
        .routes(routes!(grant_verifier))
        .route(
            "/weibo/apply",
            post(form_apply).layer(Extension(FormLimit(FORM_WITH_SCANS_LIMIT))),
        )
        .route("/staff/weibo/accounts/{id}/evidence", get(evidence))
        .route("/staff/weibo/accounts/{id}/decision", post(form_decide))
        .route("/staff/weibo/team/{handle}", post(form_add_member))
        .route(
            "/staff/weibo/team/{handle}/remove",
            post(form_remove_member),
        )
        .route("/staff/weibo/accounts/verifiers", post(form_grant_verifier))
}

fn id_of(text: &str) -> Result<i64, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

/// Which accounts: `region=CODE` (the region and the regions under it;
/// every one for 440000 or none).
#[derive(utoipa::IntoParams, Debug, Deserialize)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    pub region: Option<String>,
}

/// `GET /api/v1/weibo/accounts?region=`: the verified accounts of the
/// region and below, each with its mark (`account.verified`), by city and
/// name.
#[utoipa::path(
    get,
    path = "/api/v1/weibo/accounts",
    operation_id = "weibo_accounts_list",
    tag = "weibo-accounts",
    params(ListParams),
    responses(
        (status = 200, description = "The verified accounts", body = Vec<app::weibo::accounts::PublicAccount>),
        crate::openapi::BadQuery,
    )
)]
pub async fn list(
    Extract(state): Extract<AppState>,
    Query(p): Query<ListParams>,
) -> Result<Json<Vec<PublicAccount>>, AppError> {
    let region = match p.region.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => Some(
            app::regions::RegionCode::parse(r)
                .map_err(|_| AppError::InvalidParameter {
                    name: "region".into(),
                })?
                .get(),
        ),
        None => None,
    };
    Ok(Json(store::list(&state.pool, region).await?))
}

/// `GET /api/v1/weibo/accounts/{handle}`: the account's public
/// facts; the mark (`account.verified`) only once verified. 404 for a
/// rejected or closed one and for none.
#[utoipa::path(
    get,
    path = "/api/v1/weibo/accounts/{handle}",
    operation_id = "weibo_accounts_one",
    tag = "weibo-accounts",
    params(("handle" = String, Path, description = "The handle (`gz_minzheng`)")),
    responses(
        (status = 200, description = "The account", body = app::weibo::accounts::PublicAccount),
        (status = 404, description = "No such account (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn one(
    Extract(state): Extract<AppState>,
    Path(handle): Path<String>,
) -> Result<Json<PublicAccount>, AppError> {
    store::by_handle(&state.pool, &handle)
        .await?
        .filter(|a| matches!(a.state, State::Applied | State::Flagged | State::Verified))
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// `POST /api/v1/weibo/accounts` with an `Idempotency-Key`: applies for
/// the caller's unit's account (or an official's account of one of its
/// posts) with the approval letter's scan (an upload of the caller's). 201
/// `applied`, or `flagged` with the account the name is like; 200 with the
/// same application for the same key.
#[utoipa::path(
    post,
    path = "/api/v1/weibo/accounts",
    operation_id = "weibo_accounts_apply",
    tag = "weibo-accounts",
    request_body = app::weibo::accounts::Application,
    params(("Idempotency-Key" = String, Header, description = "A UUID: the same key gives the same application")),
    responses(
        (status = 201, description = "Applied for (`applied`, or `flagged` with the look-alike)", body = app::weibo::accounts::Applied),
        (status = 200, description = "The same key again: the same application", body = app::weibo::accounts::Applied),
        crate::openapi::RoleWrite,
        (status = 409, description = "The unit or post has an account, the handle is taken, or the name reads the same as a live account's (`weibo_account_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is refused; a name against the naming norms with every problem and the rule (`weibo_account_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn apply(
    Extract(state): Extract<AppState>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    JsonBody(application): JsonBody<Application>,
) -> Result<Response, AppError> {
    let key = idempotency_key(Some(&headers), None)?;
    let applied = store::apply(&state.pool, &me, &application, key, state.now.now()).await?;
    let status = if applied.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(applied)).into_response())
}

/// `GET /api/v1/staff/weibo/accounts`: the accounts waiting for the
/// caller's verification, flagged ones first with the account each is
/// like; 403 for anyone who verifies nothing.
#[utoipa::path(
    get,
    path = "/api/v1/staff/weibo/accounts",
    operation_id = "weibo_accounts_queue",
    tag = "weibo-accounts",
    responses(
        (status = 200, description = "The queue", body = Vec<app::weibo::accounts::QueueRow>),
        crate::openapi::RoleRead,
    )
)]
pub async fn queue(
    Extract(state): Extract<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<QueueRow>>, AppError> {
    Ok(Json(store::queue(&state.pool, &me).await?))
}

/// `GET /api/v1/staff/weibo/accounts/{account}` (an id): the account as its
/// verifiers and its applicant see it; 404 for anyone else.
#[utoipa::path(
    get,
    path = "/api/v1/staff/weibo/accounts/{account}",
    operation_id = "weibo_accounts_staff_one",
    tag = "weibo-accounts",
    params(("account" = i64, Path, description = "The account's id")),
    responses(
        (status = 200, description = "The account and its evidence", body = app::weibo::accounts::StaffAccount),
        crate::openapi::SignedOut,
        (status = 404, description = "No such account the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn staff_one(
    Extract(state): Extract<AppState>,
    Path(account): Path<String>,
    SignedIn(me): SignedIn,
) -> Result<Json<StaffAccount>, AppError> {
    Ok(Json(
        store::staff_one(&state.pool, &me, id_of(&account)?).await?,
    ))
}

/// What a decision answers.
#[derive(utoipa::ToSchema, Debug, Serialize)]
#[schema(as = WeiboAccountDecided)]
pub struct Decided {
    pub state: State,
}

/// `POST /api/v1/staff/weibo/accounts/{account}/decision` with
/// `{"verdict":"verify"}` or `{"verdict":"reject","reason":"…"}`: a
/// verifier of the account's level (403 for anyone else, the applicant
/// too) decides; 409 once decided, 422 for a rejection without a reason.
#[utoipa::path(
    post,
    path = "/api/v1/staff/weibo/accounts/{account}/decision",
    operation_id = "weibo_accounts_decide",
    tag = "weibo-accounts",
    params(("account" = i64, Path, description = "The account's id")),
    request_body = app::weibo::accounts::Decision,
    responses(
        (status = 200, description = "The account's state after it", body = Decided),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such account (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Decided already (`weibo_account_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "No verdict, or a rejection without a reason (`weibo_account_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn decide(
    Extract(state): Extract<AppState>,
    Path(account): Path<String>,
    SignedIn(me): SignedIn,
    JsonBody(decision): JsonBody<Decision>,
) -> Result<Json<Decided>, AppError> {
    let state = store::decide(
        &state.pool,
        &me,
        id_of(&account)?,
        &decision,
        state.now.now(),
    )
    .await?;
    Ok(Json(Decided { state }))
}

/// `GET /api/v1/staff/weibo/accounts/{account}/members` (a handle): the
/// verified account's team, for its unit's staff (404 for anyone else).
#[utoipa::path(
    get,
    path = "/api/v1/staff/weibo/accounts/{account}/members",
    operation_id = "weibo_accounts_members",
    tag = "weibo-accounts",
    params(("account" = String, Path, description = "The account's handle")),
    responses(
        (status = 200, description = "The team", body = app::weibo::accounts::Team),
        crate::openapi::SignedOut,
        (status = 404, description = "No such account the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn members(
    Extract(state): Extract<AppState>,
    Path(account): Path<String>,
    SignedIn(me): SignedIn,
) -> Result<Json<Team>, AppError> {
    Ok(Json(store::team(&state.pool, &me, &account).await?))
}

/// `POST /api/v1/staff/weibo/accounts/{account}/members` with
/// `{"username":"…","role":"editor"}`: a reviewer of the account adds a
/// staff member of its unit (403 for anyone else, 422 for someone not of
/// the unit). The team after it.
#[utoipa::path(
    post,
    path = "/api/v1/staff/weibo/accounts/{account}/members",
    operation_id = "weibo_accounts_add_member",
    tag = "weibo-accounts",
    params(("account" = String, Path, description = "The account's handle")),
    request_body = app::weibo::accounts::MemberChange,
    responses(
        (status = 200, description = "The team after it", body = app::weibo::accounts::Team),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such account (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "No such role, or not staff of the unit (`weibo_account_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn add_member(
    Extract(state): Extract<AppState>,
    Path(account): Path<String>,
    SignedIn(me): SignedIn,
    JsonBody(change): JsonBody<MemberChange>,
) -> Result<Json<Team>, AppError> {
    store::add_member(&state.pool, &me, &account, &change, state.now.now()).await?;
    Ok(Json(store::team(&state.pool, &me, &account).await?))
}

/// `DELETE /api/v1/staff/weibo/accounts/{account}/members` with
/// `{"username":"…","role":"editor"}`: a reviewer removes a member's role
/// (the last reviewer stays: 409). The team after it.
#[utoipa::path(
    delete,
    path = "/api/v1/staff/weibo/accounts/{account}/members",
    operation_id = "weibo_accounts_remove_member",
    tag = "weibo-accounts",
    params(("account" = String, Path, description = "The account's handle")),
    request_body = app::weibo::accounts::MemberChange,
    responses(
        (status = 200, description = "The team after it", body = app::weibo::accounts::Team),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such account or member (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "The last reviewer (`weibo_account_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "No such role (`weibo_account_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn remove_member(
    Extract(state): Extract<AppState>,
    Path(account): Path<String>,
    SignedIn(me): SignedIn,
    JsonBody(change): JsonBody<MemberChange>,
) -> Result<Json<Team>, AppError> {
    store::remove_member(&state.pool, &me, &account, &change, state.now.now()).await?;
    Ok(Json(store::team(&state.pool, &me, &account).await?))
}

/// A verifier to make.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
#[schema(as = WeiboVerifierGrant)]
pub struct Grant {
    /// The account's username.
    pub username: String,
    /// 440000 (the province's and the cities' accounts) or a city's code
    /// (its counties' accounts).
    pub region: u32,
}

/// `POST /api/v1/admin/weibo/verifiers` with `{"username","region"}`: the
/// administrator makes an account a verifier of a region's accounts.
#[utoipa::path(
    post,
    path = "/api/v1/admin/weibo/verifiers",
    operation_id = "weibo_verifiers_grant",
    tag = "weibo-accounts",
    request_body = Grant,
    responses(
        (status = 204, description = "Granted (or held already)"),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such account (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn grant_verifier(
    Extract(state): Extract<AppState>,
    SignedIn(me): SignedIn,
    JsonBody(grant): JsonBody<Grant>,
) -> Result<StatusCode, AppError> {
    grant_to(&state, &me, &grant).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn grant_to(state: &AppState, me: &Me, grant: &Grant) -> Result<(), AppError> {
    if me.role != app::accounts::Role::Admin {
        return Err(AppError::Forbidden);
    }
    let username =
        app::accounts::Username::parse(&grant.username).map_err(|_| AppError::NotFound)?;
    let account = app::accounts::store::by_username(&state.pool, &username)
        .await?
        .ok_or(AppError::NotFound)?;
    store::grant_verifier(&state.pool, me, account.id, grant.region, state.now.now()).await
}

/// `POST /staff/weibo/accounts/verifiers` (the administrator's form on the
/// queue's page): back to it.
pub async fn form_grant_verifier(
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let page = "/staff/weibo/accounts".to_string();
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        let grant = Grant {
            username: posted.text("username").trim().to_string(),
            region: posted.text("region").trim().parse().map_err(|_| {
                AppError::InvalidParameter {
                    name: "region".into(),
                }
            })?,
        };
        grant_to(&state, &me, &grant).await
    }
    .await;
    let answer = outcome.map(|()| see_other(&page));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at(page.clone())
    })
    .await
}

/// `GET /staff/weibo/accounts/{id}/evidence`: the approval letter's scan,
/// for the account's verifiers (an audited read) and its applicant.
pub async fn evidence(
    Extract(state): Extract<AppState>,
    Path(id): Path<String>,
    SignedIn(me): SignedIn,
) -> Result<Response, AppError> {
    let scan = store::evidence(&state.pool, &state.objects, &me, id_of(&id)?).await?;
    Ok(crate::uploads::attachment_response(scan))
}

// ---- the pages' forms (they work without JavaScript) ------------------------

async fn application_of(state: &AppState, me: &Me, p: &Posted) -> Result<Application, AppError> {
    let evidence = match p
        .files
        .iter()
        .find(|f| f.input == "evidence" && !f.bytes.is_empty())
    {
        Some(f) => Some(
            app::files::store::save(&state.pool, &state.objects, me.id, &f.name, f.bytes.clone())
                .await?
                .id,
        ),
        None => p.get("evidence_id").and_then(|v| v.trim().parse().ok()),
    };
    Ok(Application {
        handle: p.text("handle"),
        name: p.text("name"),
        kind: p.text("kind"),
        post: match p.get("post").map(str::trim).filter(|s| !s.is_empty()) {
            Some(v) => Some(v.parse().map_err(|_| AppError::InvalidParameter {
                name: "post".into(),
            })?),
            None => None,
        },
        bio: p.text("bio"),
        evidence,
    })
}

/// `POST /weibo/apply` (the application form): to the application's page,
/// or the form again with what was typed, the problem and the same key.
pub async fn form_apply(FormPost(state, me, parts, posted, ..): FormPost<ThisPage>) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        let key = idempotency_key(None, Some(&posted.text("idempotency_key")))?;
        let application = application_of(&state, &me, &posted).await?;
        store::apply(&state.pool, &me, &application, key, state.now.now()).await
    }
    .await;
    let answer = outcome.map(|a: Applied| see_other(&format!("/staff/weibo/accounts/{}", a.id)));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at("/weibo/apply".to_string())
    })
    .await
}

/// `POST /staff/weibo/accounts/{id}/decision`: back to the account.
pub async fn form_decide(
    Path(id): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let page = format!("/staff/weibo/accounts/{id}");
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        let decision = Decision {
            verdict: posted.text("verdict"),
            reason: posted.text("reason"),
        };
        store::decide(&state.pool, &me, id_of(&id)?, &decision, state.now.now()).await
    }
    .await;
    let answer = outcome.map(|_| see_other(&page));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at(page.clone())
    })
    .await
}

fn change_of(p: &Posted) -> MemberChange {
    MemberChange {
        username: p.text("username"),
        role: p.text("role"),
    }
}

/// Adds (`add`) or removes a member as the team page's forms post it:
/// back to the team, or the page again with the problem.
async fn form_team(
    handle: String,
    (state, me, parts): (AppState, Me, axum::http::request::Parts),
    posted: Result<Posted, AppError>,
    add: bool,
) -> Response {
    let page = format!("/staff/weibo/team/{handle}");
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let change = change_of(&posted);
    let outcome = if add {
        store::add_member(&state.pool, &me, &handle, &change, state.now.now()).await
    } else {
        store::remove_member(&state.pool, &me, &handle, &change, state.now.now()).await
    };
    let answer = outcome.map(|()| see_other(&page));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at(page.clone())
    })
    .await
}

/// `POST /staff/weibo/team/{handle}` (add a member): back to the team.
pub async fn form_add_member(
    Path(handle): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<ThisPage>,
) -> Response {
    form_team(handle, (state, me, parts), posted, true).await
}

/// `POST /staff/weibo/team/{handle}/remove`: back to the team.
pub async fn form_remove_member(
    Path(handle): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    form_team(handle, (state, me, parts), posted, false).await
}
