//! Who is asking: the client's address and the session layers every
//! request passes through, signing in and out (JSON and the plain forms)
//! and the signed-in account.

use crate::http::{finish, sign_in_first, JsonBody, Posted, SendBack, SignedIn, Viewer};
use app::{
    accounts::{
        session,
        store::{self, Credentials},
        CurrentUser, MeView,
    },
    error::AppError,
    prefs::safe_next,
    state::AppState,
};
use axum::{
    extract::{ConnectInfo, FromRequestParts, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::post,
    Json,
};
use http::{header, request::Parts, HeaderMap, HeaderValue, Method, StatusCode};
use std::net::SocketAddr;
use utoipa_axum::{router::OpenApiRouter, routes};

pub use app::accounts::ClientAddress;

/// The routes of signing in and out and of the signed-in account.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_sign_in, api_sign_out))
        .routes(routes!(api_me))
        .route("/login", post(form_sign_in))
        .route("/logout", post(form_sign_out))
        .route("/kiosk/reset", post(kiosk_reset))
}

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

/// The client's address noted by [`client_layer`] ("unknown" outside it):
/// throttles and audit records key on it.
#[derive(Debug, Clone)]
pub struct Client(pub String);

impl Client {
    /// The address noted in a request's extensions.
    pub fn of(extensions: &http::Extensions) -> Client {
        Client(
            extensions
                .get::<ClientAddress>()
                .map(|c| c.0.clone())
                .unwrap_or_else(|| "unknown".into()),
        )
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Client::of(&parts.extensions))
    }
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
        Some(t) => match store::session::resolve(&state.pool, t).await {
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
        let guarded = [
            "/me",
            "/staff",
            "/admin",
            "/apply",
            "/apply/check",
            "/consult",
        ]
        .contains(&path)
            || path.starts_with("/staff/")
            || path.starts_with("/cases/")
            || path.starts_with("/rectifications/");
        if guarded {
            let page = req
                .uri()
                .path_and_query()
                .map(|pq| pq.as_str())
                .unwrap_or(path);
            let mut res = sign_in_first(page);
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

/// `res` setting (or clearing) the session cookie.
fn with_cookie(res: impl IntoResponse, cookie: HeaderValue) -> Response {
    let mut res = res.into_response();
    res.headers_mut().append(header::SET_COOKIE, cookie);
    res
}

/// `res` with the cookie of a new session (`token`).
pub(crate) fn cookie_set(res: impl IntoResponse, token: &str, secure: bool) -> Response {
    with_cookie(res, session::set_cookie(token, secure))
}

/// `res` with the session cookie cleared (signed out).
pub(crate) fn cookie_cleared(res: impl IntoResponse, secure: bool) -> Response {
    with_cookie(res, session::clear_cookie(secure))
}

/// Ends the session presented with a request, if any (before a new one
/// starts: the session id is renewed at sign-in).
pub(crate) async fn end_presented(state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    if let Some(old) = session_token(headers, state.secure_cookies) {
        store::session::end(&state.pool, &old).await?;
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
        crate::openapi::PublicWrite, crate::openapi::Throttled,
        (status = 401, description = "Wrong username or password, or a missing or wrong one-time code (`invalid_credentials`, `second_factor_required`, `invalid_second_factor`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn api_sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    Client(client): Client,
    JsonBody(creds): JsonBody<Credentials>,
) -> Result<Response, AppError> {
    let (me, token) = store::sign_in(&state.pool, &state.data_key, &creds, &client).await?;
    end_presented(&state, &headers).await?;
    let view = store::me_view(&state.pool, &me).await?;
    Ok(cookie_set(Json(view), &token, state.secure_cookies))
}

/// `DELETE /api/v1/session`: signs out (204), 401 without a session.
#[utoipa::path(
    delete,
    path = "/api/v1/session",
    operation_id = "session_api_sign_out",
    tag = "session",
    responses(
        (status = 204, description = "Signed out; the cookie is cleared"),
        crate::openapi::SignedOut,
    )
)]
pub async fn api_sign_out(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    end_session(&state, Some(&me), &headers).await?;
    Ok(cookie_cleared(StatusCode::NO_CONTENT, state.secure_cookies))
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
        crate::openapi::SignedOut,
    )
)]
pub async fn api_me(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<MeView>, AppError> {
    Ok(Json(store::me_view(&state.pool, &me).await?))
}

/// `POST /login` (the sign-in form): to `next` (or my space) with the
/// session cookie, or the form again with the error.
pub async fn form_sign_in(
    State(state): State<AppState>,
    parts: Parts,
    Client(client): Client,
    posted: Result<Posted, AppError>,
) -> Response {
    let (posted, creds) = match posted.and_then(|p| p.decode::<Credentials>().map(|c| (p, c))) {
        Ok(read) => read,
        Err(e) => return e.into_response(),
    };
    let outcome = store::sign_in(&state.pool, &state.data_key, &creds, &client).await;
    if outcome.is_ok() {
        if let Err(e) = end_presented(&state, &parts.headers).await {
            return e.into_response();
        }
    }
    let next = posted.get("next").filter(|v| !v.is_empty());
    // The page sent back is the sign-in page for `next`, so that its
    // language and region switches come back to it with `next`.
    let page = next.map(|v| safe_next(Some(v))).filter(|v| *v != "/");
    let page = page.map(|next| format!("/login?next={}", app::catalog::find::encode(next)));
    let to = safe_next(Some(next.unwrap_or("/me"))).to_string();
    let secure = state.secure_cookies;
    let answer = outcome.map(|(_, token)| cookie_set(crate::http::see_other(&to), &token, secure));
    finish(&state, parts, answer, |err| {
        SendBack::fields(posted.without_secrets(), err).at(page)
    })
    .await
}

/// `POST /kiosk/reset`: a self-service terminal's reset after its idle
/// countdown (the page has cleared its storage first). Ends the session
/// and removes every cookie but the terminal's marker and region, then
/// shows the start page. Same-origin only, like every post.
pub async fn kiosk_reset(
    State(state): State<AppState>,
    Viewer(me): Viewer,
    headers: HeaderMap,
) -> Response {
    use app::prefs::handler::{cookies_to_clear, removal};
    if let Err(e) = end_session(&state, me.as_ref(), &headers).await {
        return e.into_response();
    }
    let mut res = crate::http::see_other("/").into_response();
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok());
    for name in cookies_to_clear(cookies) {
        match removal(&name, state.secure_cookies) {
            Ok(c) => {
                res.headers_mut().append(header::SET_COOKIE, c);
            }
            Err(e) => return e.into_response(),
        }
    }
    res
}

/// `POST /logout`: ends the session and goes home.
pub async fn form_sign_out(
    State(state): State<AppState>,
    Viewer(me): Viewer,
    headers: HeaderMap,
) -> Response {
    if let Err(e) = end_session(&state, me.as_ref(), &headers).await {
        return e.into_response();
    }
    cookie_cleared(crate::http::see_other("/"), state.secure_cookies)
}

/// Ends the session the request's cookie names, if any.
async fn end_session(
    state: &AppState,
    me: Option<&app::accounts::Me>,
    headers: &HeaderMap,
) -> Result<(), AppError> {
    match session_token(headers, state.secure_cookies) {
        Some(token) => store::sign_out(&state.pool, &token, me).await,
        None => Ok(()),
    }
}
