//! Extractors: the account a request comes from, and JSON bodies.

use crate::middleware::SameOrigin;
use app::{
    accounts::{CurrentUser, Me},
    error::AppError,
};
use axum::{
    body::{Body, Bytes},
    extract::{FromRequest, FromRequestParts, Request},
};
use http::{request::Parts, Extensions, HeaderMap};
use serde::de::DeserializeOwned;

/// The largest JSON or urlencoded body read: every action's fields fit
/// with room to spare; files come as multipart or raw bodies instead.
pub const JSON_LIMIT: usize = 64 * 1024;

/// The account the request's session belongs to (resolved once by
/// `session::session_layer`); answers 401 when there is none.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Me);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        Viewer::of(parts)
            .0
            .map(SignedIn)
            .ok_or(AppError::Unauthenticated)
    }
}

/// The account the request's session belongs to, if any: for forms, which
/// send a signed-out person to sign in rather than answer 401, and for
/// reads that anyone may make.
#[derive(Debug, Clone)]
pub struct Viewer(pub Option<Me>);

impl Viewer {
    /// The viewer noted in a request's extensions.
    pub fn of(parts: &Parts) -> Viewer {
        Viewer(
            parts
                .extensions
                .get::<CurrentUser>()
                .and_then(|c| c.0.clone()),
        )
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Viewer::of(parts))
    }
}

/// Refuses a request that did not pass the same-origin rule
/// (`middleware::cross_site_guard` marks those that did): bodies are read
/// only from those.
pub(super) fn same_origin(extensions: &Extensions) -> Result<(), AppError> {
    match extensions.get::<SameOrigin>() {
        Some(SameOrigin) => Ok(()),
        None => Err(AppError::CrossSiteRequest),
    }
}

/// Reads a whole body of at most [`JSON_LIMIT`] bytes.
pub async fn read_body(body: Body) -> Result<Bytes, AppError> {
    axum::body::to_bytes(body, JSON_LIMIT)
        .await
        .map_err(|_| AppError::BadRequest {
            detail: "the body is too large or unreadable".into(),
        })
}

/// A JSON body: at most [`JSON_LIMIT`] bytes, from a request that passed
/// the same-origin rule (`middleware::cross_site_guard` marks those; a
/// route mounted outside it cannot take a body); a body that is not the
/// expected JSON is a 400 `bad_request`, whatever its content type (other
/// systems send JSON without one).
///
/// Take it as `Result<JsonBody<T>, AppError>` where the handler's own
/// checks (role, post) must answer first.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, _: &S) -> Result<Self, AppError> {
        same_origin(req.extensions())?;
        let bytes = read_body(req.into_body()).await?;
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| AppError::BadRequest {
                detail: e.to_string(),
            })
    }
}

/// The idempotency key of a submission: the `Idempotency-Key` header when
/// there is one, else the body's field; a UUID, or a 400 naming
/// `idempotency_key`. Forms pass no headers: their key is a hidden field.
pub fn idempotency_key(
    headers: Option<&HeaderMap>,
    field: Option<&str>,
) -> Result<uuid::Uuid, AppError> {
    headers
        .and_then(|h| h.get("idempotency-key"))
        .and_then(|v| v.to_str().ok())
        .or(field)
        .and_then(app::applications::parse_idempotency_key)
        .and_then(|k| uuid::Uuid::parse_str(&k).ok())
        .ok_or(AppError::InvalidParameter {
            name: "idempotency_key".into(),
        })
}
