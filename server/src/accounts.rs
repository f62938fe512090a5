//! Accounts over HTTP: the session layer (who is asking), the JSON API
//! (`/api/v1/session`, `/api/v1/me`, staff lookups) and the plain HTML forms
//! (sign in, sign out, register), which work without JavaScript and, when
//! something is wrong, answer with the same page showing what was typed and
//! what to correct.

use crate::middleware;
use app::{
    accounts::{
        audit,
        forms::{CitizenForm, EnterpriseForm},
        identity::IdNumber,
        session,
        store::{self, Credentials},
        throttle, CitizenCard, CurrentUser, FormEcho, Me, MeView, Role,
    },
    error::AppError,
    prefs::safe_next,
    state::AppState,
};
use axum::{
    body::Body,
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
    Json,
};
use http::{header, request::Parts, HeaderMap, Method, StatusCode};
use serde::Deserialize;
use std::net::SocketAddr;

pub use app::accounts::ClientAddress;

/// Notes the client's address: the peer's, or behind a trusted proxy the
/// last one in `X-Forwarded-For` (the one the proxy appended).
pub async fn client_layer(
    State(forwarded_for): State<bool>,
    mut req: Request,
    next: Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    let forwarded = forwarded_for
        .then(|| {
            req.headers()
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .last()
                .map(str::trim)
                .and_then(|a| a.parse::<std::net::IpAddr>().ok())
                .map(|a| a.to_string())
        })
        .flatten();
    let address = forwarded.or(peer).unwrap_or_else(|| "unknown".into());
    req.extensions_mut().insert(ClientAddress(address));
    next.run(req).await
}

/// The client's address noted by [`client_layer`].
pub fn client_address(extensions: &http::Extensions) -> String {
    extensions
        .get::<ClientAddress>()
        .map(|c| c.0.clone())
        .unwrap_or_else(|| "unknown".into())
}

fn session_token(headers: &HeaderMap, secure: bool) -> Option<String> {
    session::token_from_cookies(
        headers.get(header::COOKIE).and_then(|v| v.to_str().ok()),
        secure,
    )
}

/// Resolves the session cookie (if any) once per request into
/// [`CurrentUser`]; a cookie for an ended session is removed.
pub async fn session_layer(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    // Static files need no account (and cost no query).
    let path = req.uri().path();
    let is_file = path.starts_with("/pkg/")
        || (!path.starts_with("/api/") && path.rsplit('/').next().is_some_and(|s| s.contains('.')));
    let token = (!is_file)
        .then(|| session_token(req.headers(), state.secure_cookies))
        .flatten();
    let mut stale = false;
    let user = match &token {
        Some(t) => match session::resolve(&state.pool, t).await {
            Ok(Some(me)) => Some(me),
            Ok(None) => {
                stale = true;
                None
            }
            Err(e) => return e.into_response(),
        },
        None => None,
    };
    // Pages for signed-in people send everyone else to sign in first.
    if user.is_none() && req.method() == Method::GET {
        let path = req.uri().path();
        let guarded = ["/me", "/staff", "/admin", "/apply", "/consult"].contains(&path)
            || path.starts_with("/staff/")
            || path.starts_with("/cases/")
            || path.starts_with("/rectifications/");
        if guarded {
            let page = req
                .uri()
                .path_and_query()
                .map(|pq| pq.as_str())
                .unwrap_or(path);
            // A plain path reads as it is; one with a query is encoded.
            let next = if page.contains('?') {
                serde_urlencoded::to_string([("next", page)]).unwrap_or_default()
            } else {
                format!("next={page}")
            };
            let mut res = Redirect::to(&format!("/login?{next}")).into_response();
            if stale {
                res.headers_mut().append(
                    header::SET_COOKIE,
                    session::clear_cookie(state.secure_cookies),
                );
            }
            return res;
        }
    }
    req.extensions_mut().insert(CurrentUser(user));
    let mut res = next.run(req).await;
    if stale && !res.headers().contains_key(header::SET_COOKIE) {
        res.headers_mut().append(
            header::SET_COOKIE,
            session::clear_cookie(state.secure_cookies),
        );
    }
    res
}

pub(crate) fn signed_in(parts: &Parts) -> Result<Me, AppError> {
    current(parts).ok_or(AppError::Unauthenticated)
}

pub(crate) fn json_body<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    serde_json::from_slice(bytes).map_err(|e| AppError::BadRequest {
        detail: e.to_string(),
    })
}

pub(crate) async fn read_body(body: Body) -> Result<bytes::Bytes, AppError> {
    axum::body::to_bytes(body, 64 * 1024)
        .await
        .map_err(|_| AppError::BadRequest {
            detail: "the body is too large or unreadable".into(),
        })
}

fn with_cookie(mut res: Response, cookie: http::HeaderValue) -> Response {
    res.headers_mut().append(header::SET_COOKIE, cookie);
    res
}

/// Ends the session presented with a request, if any (before a new one
/// starts: the session id is renewed at sign-in).
async fn end_presented(state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    if let Some(old) = session_token(headers, state.secure_cookies) {
        session::end(&state.pool, &old).await?;
    }
    Ok(())
}

/// `POST /api/v1/session` with `{"username","password","totp"?}`: 200 with
/// the account and the session cookie; 401 on bad credentials (or a missing
/// or wrong one-time code); 429 with `Retry-After` when throttled.
#[utoipa::path(
    post,
    path = "/api/v1/session",
    operation_id = "session_api_sign_in",
    tag = "session",
    request_body = app::accounts::store::Credentials,
    responses(
        (status = 200, description = "Signed in: the account, and the session cookie", body = app::accounts::MeView),
        (status = 400, description = "A parameter or the body does not parse (`bad_request`, `invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "The request is cross-site (`cross_site_request`)", body = crate::openapi::ErrorBody),
        (status = 401, description = "Wrong username or password, or a missing or wrong one-time code (`invalid_credentials`, `second_factor_required`, `invalid_second_factor`)", body = crate::openapi::ErrorBody),
        (status = 429, description = "Too many attempts (`too_many_attempts`, with `Retry-After`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn api_sign_in(
    State(state): State<AppState>,
    req: Request,
) -> Result<Response, AppError> {
    let (parts, body) = req.into_parts();
    let creds: Credentials = json_body(&read_body(body).await?)?;
    let client = client_address(&parts.extensions);
    let (me, token) = store::sign_in(&state.pool, &state.data_key, &creds, &client).await?;
    end_presented(&state, &parts.headers).await?;
    let view = store::me_view(&state.pool, &me).await?;
    Ok(with_cookie(
        Json(view).into_response(),
        session::set_cookie(&token, state.secure_cookies),
    ))
}

/// `DELETE /api/v1/session`: signs out (204), 401 without a session.
#[utoipa::path(
    delete,
    path = "/api/v1/session",
    operation_id = "session_api_sign_out",
    tag = "session",
    responses(
        (status = 204, description = "Signed out; the cookie is cleared"),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn api_sign_out(
    State(state): State<AppState>,
    req: Request,
) -> Result<Response, AppError> {
    let (parts, _) = req.into_parts();
    let me = signed_in(&parts)?;
    if let Some(token) = session_token(&parts.headers, state.secure_cookies) {
        store::sign_out(&state.pool, &token, Some(&me)).await?;
    }
    Ok(with_cookie(
        StatusCode::NO_CONTENT.into_response(),
        session::clear_cookie(state.secure_cookies),
    ))
}

/// `GET /api/v1/me`: the signed-in account and its profile; 401 without a
/// session.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    operation_id = "session_api_me",
    tag = "session",
    responses(
        (status = 200, description = "The account and its profile", body = app::accounts::MeView),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn api_me(State(state): State<AppState>, req: Request) -> Result<Json<MeView>, AppError> {
    let (parts, _) = req.into_parts();
    let me = signed_in(&parts)?;
    Ok(Json(store::me_view(&state.pool, &me).await?))
}

/// `GET /api/v1/me/accesses`: every staff access to the signed-in person's
/// data.
#[utoipa::path(
    get,
    path = "/api/v1/me/accesses",
    operation_id = "accounts_api_my_accesses",
    tag = "accounts",
    responses(
        (status = 200, description = "Staff reads of the person's data, newest first", body = Vec<app::accounts::audit::Access>),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn api_my_accesses(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<Vec<audit::Access>>, AppError> {
    let (parts, _) = req.into_parts();
    let me = signed_in(&parts)?;
    Ok(Json(audit::accesses_to(&state.pool, me.id, 200).await?))
}

#[derive(utoipa::ToSchema)]
#[derive(Debug, Deserialize)]
pub struct LookupBody {
    pub id_number: String,
}

/// `POST /api/v1/staff/citizen-lookup` with `{"id_number"}` (in the body,
/// never the URL): staff only; the read is audited and shown to the citizen.
#[utoipa::path(
    post,
    path = "/api/v1/staff/citizen-lookup",
    operation_id = "accounts_api_citizen_lookup",
    tag = "accounts",
    request_body = LookupBody,
    responses(
        (status = 200, description = "The citizen, numbers masked", body = app::accounts::CitizenCard),
        (status = 400, description = "A parameter or the body does not parse (`bad_request`, `invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "Cross-site (`cross_site_request`), or not allowed for this account (`forbidden`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "No citizen with this number (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "Not an ID number (`invalid_fields`)", body = crate::openapi::ErrorBody),
        (status = 429, description = "Too many attempts (`too_many_attempts`, with `Retry-After`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn api_citizen_lookup(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<CitizenCard>, AppError> {
    let (parts, body) = req.into_parts();
    let me = signed_in(&parts)?;
    if me.role != Role::Staff {
        return Err(AppError::Forbidden);
    }
    let body: LookupBody = json_body(&read_body(body).await?)?;
    let id = id_number_field(&body.id_number)?;
    let client = client_address(&parts.extensions);
    Ok(Json(look_up(&state, &me, &id, &client).await?))
}

/// `POST /api/v1/accounts/citizens` and `…/enterprises`: registration by
/// JSON (the same checks as the forms): 201 with the account and a session.
pub async fn api_register(
    State(state): State<AppState>,
    req: Request,
) -> Result<Response, AppError> {
    let (parts, body) = req.into_parts();
    let enterprise = parts.uri.path().ends_with("/enterprises");
    let bytes = read_body(body).await?;
    let (me, token) = register(&state, &parts, enterprise, BodyKind::Json, &bytes).await?;
    let view = store::me_view(&state.pool, &me).await?;
    Ok(with_cookie(
        (StatusCode::CREATED, Json(view)).into_response(),
        session::set_cookie(&token, state.secure_cookies),
    ))
}

/// `POST /api/v1/accounts/citizens`: a citizen's registration by JSON.
#[utoipa::path(
    post,
    path = "/api/v1/accounts/citizens",
    operation_id = "accounts_api_register_citizen",
    tag = "accounts",
    request_body = app::accounts::forms::CitizenForm,
    responses(
        (status = 201, description = "Registered and signed in", body = app::accounts::MeView),
        (status = 400, description = "A parameter or the body does not parse (`bad_request`, `invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "The request is cross-site (`cross_site_request`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is refused (`invalid_fields`)", body = crate::openapi::ErrorBody),
        (status = 429, description = "Too many attempts (`too_many_attempts`, with `Retry-After`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn api_register_citizen(
    state: State<AppState>,
    req: Request,
) -> Result<Response, AppError> {
    api_register(state, req).await
}

/// `POST /api/v1/accounts/enterprises`: an enterprise's registration by JSON.
#[utoipa::path(
    post,
    path = "/api/v1/accounts/enterprises",
    operation_id = "accounts_api_register_enterprise",
    tag = "accounts",
    request_body = app::accounts::forms::EnterpriseForm,
    responses(
        (status = 201, description = "Registered and signed in", body = app::accounts::MeView),
        (status = 400, description = "A parameter or the body does not parse (`bad_request`, `invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "The request is cross-site (`cross_site_request`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is refused (`invalid_fields`)", body = crate::openapi::ErrorBody),
        (status = 429, description = "Too many attempts (`too_many_attempts`, with `Retry-After`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn api_register_enterprise(
    state: State<AppState>,
    req: Request,
) -> Result<Response, AppError> {
    api_register(state, req).await
}

/// Renders the page at the request's path again (as a GET) with the form's
/// echo, answering with `status`.
async fn rerender(state: &AppState, parts: Parts, echo: FormEcho, status: StatusCode) -> Response {
    rerender_with(state, parts, echo, (), status).await
}

/// [`rerender`], with one more thing for the page in its context.
pub(crate) async fn rerender_with<T: Clone + Send + Sync + 'static>(
    state: &AppState,
    mut parts: Parts,
    echo: FormEcho,
    extra: T,
    status: StatusCode,
) -> Response {
    use leptos::prelude::provide_context;
    parts.method = Method::GET;
    let options = state.leptos_options.clone();
    let context_state = state.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(context_state.clone());
            provide_context(echo.clone());
            provide_context(extra.clone());
            middleware::provide_csp_nonce();
        },
        move || app::shell(options.clone()),
    );
    let mut res = handler(Request::from_parts(parts, Body::empty()))
        .await
        .into_response();
    *res.status_mut() = status;
    res
}

/// Sends a form back with its problem: field problems at their fields,
/// anything else as the page's error (with `Retry-After` when throttled).
async fn send_back(
    state: &AppState,
    parts: Parts,
    values: Vec<(String, String)>,
    err: AppError,
) -> Response {
    let status = status_of(&err);
    let retry_after = match err {
        AppError::TooManyAttempts { retry_after } => Some(retry_after),
        _ => None,
    };
    let (errors, error) = match err {
        AppError::InvalidFields { fields } => (fields, None),
        other => (Vec::new(), Some(other)),
    };
    let echo = FormEcho {
        values,
        errors,
        error,
    };
    let mut res = rerender(state, parts, echo, status).await;
    if let Some(retry_after) = retry_after {
        res.headers_mut()
            .insert(header::RETRY_AFTER, retry_after.max(1).into());
    }
    res
}

/// An ID number as typed, or the problem at its field.
fn id_number_field(raw: &str) -> Result<IdNumber, AppError> {
    use app::accounts::forms::{Field, FieldError, Problem};
    IdNumber::parse(raw).map_err(|e| {
        AppError::from(vec![FieldError {
            field: Field::IdNumber,
            problem: Problem::IdNumber(e),
        }])
    })
}

/// A staff look-up of a person (throttled per staff account; audited).
async fn look_up(
    state: &AppState,
    me: &Me,
    id: &IdNumber,
    client: &str,
) -> Result<CitizenCard, AppError> {
    if me.role != Role::Staff {
        return Err(AppError::Forbidden);
    }
    throttle::check_and_hit(
        &state.pool,
        &format!("lookup:account:{}", me.id),
        throttle::LOOKUPS_PER_STAFF,
    )
    .await?;
    store::lookup_citizen(&state.pool, &state.data_key, me, id, client).await
}

/// How a request body is written.
#[derive(Debug, Clone, Copy)]
enum BodyKind {
    Json,
    Form,
}

impl BodyKind {
    fn decode<T: serde::de::DeserializeOwned>(self, bytes: &[u8]) -> Result<T, AppError> {
        match self {
            BodyKind::Json => json_body(bytes),
            BodyKind::Form => form_value(bytes),
        }
    }
}

/// Registers a person or an enterprise from a body (throttled per client)
/// and starts their session (ending any presented one): the account and
/// the session's token.
async fn register(
    state: &AppState,
    parts: &Parts,
    enterprise: bool,
    kind: BodyKind,
    bytes: &[u8],
) -> Result<(Me, String), AppError> {
    let client = client_address(&parts.extensions);
    throttle::check_and_hit(
        &state.pool,
        &format!("register:client:{client}"),
        throttle::REGISTRATIONS_PER_CLIENT,
    )
    .await?;
    let me = if enterprise {
        let new = kind
            .decode::<EnterpriseForm>(bytes)?
            .parse()
            .map_err(AppError::from)?;
        store::register_enterprise(&state.pool, &new, &client).await?
    } else {
        let new = kind
            .decode::<CitizenForm>(bytes)?
            .parse()
            .map_err(AppError::from)?;
        store::register_citizen(&state.pool, &state.data_key, &new, &client).await?
    };
    end_presented(state, &parts.headers).await?;
    let token = session::start(&state.pool, me.id).await?;
    Ok((me, token))
}

/// The signed-in account, if any.
/// The account signed in for a request, if any.
pub(crate) fn current_user_of(parts: &Parts) -> Option<Me> {
    current(parts)
}

fn current(parts: &Parts) -> Option<Me> {
    parts
        .extensions
        .get::<CurrentUser>()
        .and_then(|c| c.0.clone())
}

fn status_of(err: &AppError) -> StatusCode {
    StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The form's fields, without the password, for sending the page back.
fn echo_values(pairs: &[(String, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .filter(|(n, _)| n != "password" && n != "totp")
        .cloned()
        .collect()
}

fn form_pairs(bytes: &[u8]) -> Result<Vec<(String, String)>, AppError> {
    serde_urlencoded::from_bytes(bytes).map_err(|e| AppError::BadRequest {
        detail: e.to_string(),
    })
}

fn form_value<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    serde_urlencoded::from_bytes(bytes).map_err(|e| AppError::BadRequest {
        detail: e.to_string(),
    })
}

/// `POST /login` (the sign-in form): to `next` (or my space) with the
/// session cookie, or the form again with the error.
pub async fn form_sign_in(State(state): State<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let result = async {
        let bytes = read_body(body).await?;
        let pairs = form_pairs(&bytes)?;
        let creds: Credentials = form_value(&bytes)?;
        let client = client_address(&parts.extensions);
        let outcome = store::sign_in(&state.pool, &state.data_key, &creds, &client).await;
        Ok::<_, AppError>((pairs, outcome))
    }
    .await;
    match result {
        Ok((pairs, Ok((_, token)))) => {
            if let Err(e) = end_presented(&state, &parts.headers).await {
                return e.into_response();
            }
            let next = pairs
                .iter()
                .find(|(n, _)| n == "next")
                .map(|(_, v)| v.as_str())
                .filter(|v| !v.is_empty())
                .unwrap_or("/me");
            with_cookie(
                Redirect::to(safe_next(Some(next))).into_response(),
                session::set_cookie(&token, state.secure_cookies),
            )
        }
        Ok((pairs, Err(err))) => {
            // The page sent back is the sign-in page for `next`, so that its
            // language and region switches come back to it with `next`.
            let mut parts = parts;
            if let Some(next) = pairs
                .iter()
                .find(|(n, _)| n == "next")
                .map(|(_, v)| safe_next(Some(v)))
                .filter(|v| *v != "/")
            {
                let uri = format!("/login?next={}", app::catalog::find::encode(next));
                if let Ok(uri) = uri.parse() {
                    parts.uri = uri;
                }
            }
            send_back(&state, parts, echo_values(&pairs), err).await
        }
        Err(err) => err.into_response(),
    }
}

/// `POST /logout`: ends the session and goes home.
pub async fn form_sign_out(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let me = current(&parts);
    if let Some(token) = session_token(&parts.headers, state.secure_cookies) {
        if let Err(e) = store::sign_out(&state.pool, &token, me.as_ref()).await {
            return e.into_response();
        }
    }
    with_cookie(
        Redirect::to("/").into_response(),
        session::clear_cookie(state.secure_cookies),
    )
}

/// `POST /register` and `POST /register/enterprise`: the new account's
/// space, signed in; or the form again with every problem at its field.
pub async fn form_register(State(state): State<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let enterprise = parts.uri.path().ends_with("/enterprise");
    let bytes = match read_body(body).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let pairs = match form_pairs(&bytes) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    match register(&state, &parts, enterprise, BodyKind::Form, &bytes).await {
        Ok((_, token)) => with_cookie(
            Redirect::to("/me").into_response(),
            session::set_cookie(&token, state.secure_cookies),
        ),
        Err(err) => send_back(&state, parts, echo_values(&pairs), err).await,
    }
}

fn require(parts: &Parts, role: Role) -> Result<Me, AppError> {
    let me = signed_in(parts)?;
    if me.role == role {
        Ok(me)
    } else {
        Err(AppError::Forbidden)
    }
}

#[derive(utoipa::ToSchema)]
#[derive(Debug, Deserialize)]
pub struct NewOfficialBody {
    pub username: String,
    pub password: String,
    pub display_name: String,
    pub role: Role,
    /// Staff: `440100-MZJ`, with the unit's and post's Chinese names.
    pub department: Option<String>,
    pub unit: Option<String>,
    pub post: Option<String>,
    /// Supervisors: the region they watch.
    pub region: Option<u32>,
}

/// Creates an official's account from what an admin sent (API or form):
/// the account and its new TOTP secret.
async fn create_official_from(
    state: &AppState,
    admin: &Me,
    body: NewOfficialBody,
) -> Result<(Me, String), AppError> {
    use app::accounts::{
        forms::{Field, FieldError, Problem},
        identity::check_password,
        store::{Assignment, NewOfficial},
        Username,
    };
    let mut fields = Vec::new();
    let username = Username::parse(&body.username);
    if username.is_err() {
        fields.push(FieldError {
            field: Field::Username,
            problem: Problem::Username,
        });
    }
    if let Err(e) = check_password(&body.password, &body.username) {
        fields.push(FieldError {
            field: Field::Password,
            problem: Problem::Password(e),
        });
    }
    let display_name = body.display_name.trim();
    if display_name.is_empty() || display_name.chars().count() > 100 {
        fields.push(FieldError {
            field: Field::RealName,
            problem: Problem::Required,
        });
    }
    let (Ok(username), true) = (username, fields.is_empty()) else {
        return Err(AppError::from(fields));
    };
    let bad = |name: &str| AppError::InvalidParameter { name: name.into() };
    let present = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(String::from)
    };
    let assignment = match body.role {
        Role::Staff => {
            let (Some(d), Some(u), Some(p)) = (
                present(&body.department),
                present(&body.unit),
                present(&body.post),
            ) else {
                return Err(bad("department"));
            };
            let (d, u, p) = store::find_post(&state.pool, &d, &u, &p)
                .await?
                .ok_or_else(|| bad("post"))?;
            Assignment::Post(d, u, p)
        }
        Role::Supervisor => {
            let code = body.region.ok_or_else(|| bad("region"))?;
            let code = app::regions::RegionCode::from_u32(code).map_err(|_| bad("region"))?;
            if !app::regions::store::exists(&state.pool, code).await? {
                return Err(AppError::UnknownRegion);
            }
            Assignment::Region(code.get())
        }
        Role::Editor | Role::Admin => Assignment::None,
        Role::Citizen | Role::Enterprise => return Err(bad("role")),
    };
    let official = NewOfficial {
        username,
        password: body.password,
        display_name: display_name.to_string(),
        role: body.role,
        assignment,
        totp_secret: None,
    };
    store::create_official(&state.pool, &state.data_key, official, Some(admin.id)).await
}

/// `POST /api/v1/admin/officials` (admins only): creates a staff,
/// supervisor, editor or admin account; answers 201 with the account, its
/// TOTP secret and the `otpauth://` address, shown this once.
#[utoipa::path(
    post,
    path = "/api/v1/admin/officials",
    operation_id = "accounts_api_create_official",
    tag = "accounts",
    request_body = NewOfficialBody,
    responses(
        (status = 201, description = "The account, its TOTP secret and `otpauth://` address, shown this once", body = crate::openapi::NewOfficial),
        (status = 400, description = "A parameter or the body does not parse (`bad_request`, `invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "Cross-site (`cross_site_request`), or not allowed for this account (`forbidden`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is refused (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn api_create_official(
    State(state): State<AppState>,
    req: Request,
) -> Result<Response, AppError> {
    let (parts, body) = req.into_parts();
    let admin = require(&parts, Role::Admin)?;
    let body: NewOfficialBody = json_body(&read_body(body).await?)?;
    let (me, secret) = create_official_from(&state, &admin, body).await?;
    let uri = app::accounts::totp::provisioning_uri(&secret, &me.username);
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({"account": me, "totp_secret": secret, "otpauth_uri": uri})),
    )
        .into_response())
}

/// `POST /admin/officials` (the admin page's form): the page again showing
/// the new account's TOTP secret and its QR code, once; or the problems.
pub async fn form_create_official(State(state): State<AppState>, req: Request) -> Response {
    use app::accounts::pages::CreatedOfficial;
    let (mut parts, body) = req.into_parts();
    parts.uri = http::Uri::from_static("/admin");
    let Some(admin) = current(&parts) else {
        return Redirect::to("/login?next=/admin").into_response();
    };
    let mut pairs = Vec::new();
    let outcome = async {
        if admin.role != Role::Admin {
            return Err(AppError::Forbidden);
        }
        let bytes = read_body(body).await?;
        pairs = form_pairs(&bytes)?;
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let role = get("role")
            .and_then(|r| Role::parse(&r))
            .ok_or(AppError::InvalidParameter {
                name: "role".into(),
            })?;
        let region = match get("region") {
            Some(r) => Some(r.parse::<u32>().map_err(|_| AppError::InvalidParameter {
                name: "region".into(),
            })?),
            None => None,
        };
        let body = NewOfficialBody {
            username: get("username").unwrap_or_default(),
            password: pairs
                .iter()
                .find(|(n, _)| n == "password")
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
            display_name: get("display_name").unwrap_or_default(),
            role,
            department: get("department"),
            unit: get("unit"),
            post: get("post"),
            region,
        };
        create_official_from(&state, &admin, body).await
    }
    .await;
    match outcome {
        Ok((me, secret)) => {
            let uri = app::accounts::totp::provisioning_uri(&secret, &me.username);
            let qr = qrcode::QrCode::new(uri.as_bytes())
                .map(|code| {
                    code.render::<qrcode::render::svg::Color>()
                        .min_dimensions(200, 200)
                        .build()
                })
                .unwrap_or_default();
            let svg = qr
                .find("<svg")
                .map(|i| qr[i..].to_string())
                .unwrap_or_default();
            let created = CreatedOfficial {
                username: me.username,
                secret,
                uri,
                qr_svg: svg,
            };
            rerender_with(
                &state,
                parts,
                FormEcho::default(),
                Some(created),
                StatusCode::CREATED,
            )
            .await
        }
        Err(err) => send_back(&state, parts, echo_values(&pairs), err).await,
    }
}

#[derive(utoipa::ToSchema)]
#[derive(Debug, Deserialize)]
pub struct RoleBody {
    pub role: Role,
}

/// `PUT /api/v1/admin/accounts/{id}/role` (admins only) with `{"role"}`:
/// 204; recorded in the audit trail.
#[utoipa::path(
    put,
    path = "/api/v1/admin/accounts/{id}/role",
    operation_id = "accounts_api_change_role",
    tag = "accounts",
    params(("id" = i64, Path, description = "The account's id")),
    request_body = RoleBody,
    responses(
        (status = 204, description = "The role changed"),
        (status = 400, description = "A parameter or the body does not parse (`bad_request`, `invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "Cross-site (`cross_site_request`), or not allowed for this account (`forbidden`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such account (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn api_change_role(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<i64>,
    req: Request,
) -> Result<Response, AppError> {
    let (parts, body) = req.into_parts();
    let admin = require(&parts, Role::Admin)?;
    let body: RoleBody = json_body(&read_body(body).await?)?;
    store::change_role(&state.pool, &admin, id, body.role).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(utoipa::ToSchema)]
#[derive(Debug, Deserialize)]
pub struct MemberBody {
    pub username: String,
}

/// `POST /api/v1/enterprise/members` (enterprises only) with
/// `{"username"}` of a citizen: 204; the citizen may act for the enterprise.
#[utoipa::path(
    post,
    path = "/api/v1/enterprise/members",
    operation_id = "accounts_api_add_member",
    tag = "accounts",
    request_body = MemberBody,
    responses(
        (status = 204, description = "The citizen may act for the enterprise"),
        (status = 400, description = "A parameter or the body does not parse (`bad_request`, `invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "Cross-site (`cross_site_request`), or not allowed for this account (`forbidden`)", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such citizen (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is refused (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn api_add_member(
    State(state): State<AppState>,
    req: Request,
) -> Result<Response, AppError> {
    let (parts, body) = req.into_parts();
    let enterprise = require(&parts, Role::Enterprise)?;
    let body: MemberBody = json_body(&read_body(body).await?)?;
    let username =
        app::accounts::Username::parse(&body.username).map_err(|_| AppError::NotFound)?;
    store::add_member(&state.pool, &enterprise, &username).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(utoipa::ToSchema)]
#[derive(Debug, Deserialize)]
pub struct PasswordBody {
    pub old_password: String,
    pub new_password: String,
}

/// `POST /api/v1/me/password` with `{"old_password","new_password"}`: 204;
/// every session of the account ends, this one included.
#[utoipa::path(
    post,
    path = "/api/v1/me/password",
    operation_id = "accounts_api_change_password",
    tag = "accounts",
    request_body = PasswordBody,
    responses(
        (status = 204, description = "Changed; every session of the account ends"),
        (status = 400, description = "A parameter or the body does not parse (`bad_request`, `invalid_parameter`)", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in (`unauthenticated`)", body = crate::openapi::ErrorBody),
        (status = 403, description = "The request is cross-site (`cross_site_request`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is refused (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn api_change_password(
    State(state): State<AppState>,
    req: Request,
) -> Result<Response, AppError> {
    let (parts, body) = req.into_parts();
    let me = signed_in(&parts)?;
    let body: PasswordBody = json_body(&read_body(body).await?)?;
    store::change_password(&state.pool, &me, &body.old_password, &body.new_password).await?;
    Ok(with_cookie(
        StatusCode::NO_CONTENT.into_response(),
        session::clear_cookie(state.secure_cookies),
    ))
}

/// `POST /me/password` (the form in my space): to the sign-in page, signed
/// out everywhere; or my space again with the problem.
pub async fn form_change_password(State(state): State<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let outcome = async {
        let me = signed_in(&parts)?;
        let bytes = read_body(body).await?;
        let form: PasswordBody = form_value(&bytes)?;
        store::change_password(&state.pool, &me, &form.old_password, &form.new_password).await
    }
    .await;
    match outcome {
        Ok(()) => with_cookie(
            Redirect::to("/login?changed=1").into_response(),
            session::clear_cookie(state.secure_cookies),
        ),
        Err(AppError::Unauthenticated) => Redirect::to("/login?next=/me").into_response(),
        Err(err) => {
            let mut parts = parts;
            parts.uri = http::Uri::from_static("/me");
            send_back(&state, parts, Vec::new(), err).await
        }
    }
}

/// `POST /staff/lookup` (the counter desk's form): the desk again with the
/// person found (audited), or with the problem.
pub async fn form_citizen_lookup(State(state): State<AppState>, req: Request) -> Response {
    use app::accounts::pages::LookupOutcome;
    let (mut parts, body) = req.into_parts();
    parts.uri = http::Uri::from_static("/staff");
    let Some(me) = current(&parts) else {
        return Redirect::to("/login?next=/staff").into_response();
    };
    let mut values = Vec::new();
    let outcome = async {
        if me.role != Role::Staff {
            return Err(AppError::Forbidden);
        }
        let pairs = form_pairs(&read_body(body).await?)?;
        let raw = pairs
            .iter()
            .find(|(n, _)| n == "id_number")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        values = vec![("id_number".to_string(), raw.clone())];
        let id = id_number_field(&raw)?;
        let client = client_address(&parts.extensions);
        match look_up(&state, &me, &id, &client).await {
            Ok(card) => Ok(Some(card)),
            Err(AppError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }
    .await;
    match outcome {
        Ok(card) => {
            let (status, values) = match card {
                // The number found is not shown back.
                Some(_) => (StatusCode::OK, Vec::new()),
                None => (StatusCode::NOT_FOUND, values),
            };
            let echo = FormEcho {
                values,
                ..FormEcho::default()
            };
            rerender_with(&state, parts, echo, LookupOutcome(card), status).await
        }
        Err(err) => send_back(&state, parts, values, err).await,
    }
}
