//! One way to finish a form post: success goes on, a refusal renders the
//! same page again (as a GET) with what was typed and the error's status,
//! so no JavaScript is needed to keep a person's input.

use crate::middleware;
use app::{accounts::FormEcho, error::AppError, state::AppState};
use axum::{
    body::Body,
    extract::Request,
    response::{IntoResponse, Redirect, Response},
};
use http::{header, request::Parts, Method, StatusCode};

/// The status an error is answered with (every code an error names is a
/// valid one; should one not be, it is the server's fault: 500).
pub fn status_of(err: &AppError) -> StatusCode {
    StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// To the sign-in page, coming back to `next` afterwards. A plain path
/// reads as it is; one with a query is encoded.
pub fn sign_in_first(next: &str) -> Response {
    let next = if next.contains('?') {
        serde_urlencoded::to_string([("next", next)]).unwrap_or_default()
    } else {
        format!("next={next}")
    };
    see_other(&format!("/login?{next}")).into_response()
}

/// Renders the page at the request's path again (as a GET) with the form's
/// echo and one more thing for the page in its context, answering with
/// `status`.
pub async fn rerender_with<T: Clone + Send + Sync + 'static>(
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

/// How a refused form is shown again: on which page, with what was typed.
pub struct SendBack<E> {
    page: Option<String>,
    echo: FormEcho,
    extra: E,
}

impl SendBack<()> {
    /// The form's fields as typed, problems of fields at their fields and
    /// anything else as the page's error.
    pub fn fields(values: Vec<(String, String)>, err: AppError) -> SendBack<()> {
        let (errors, error) = match err {
            AppError::InvalidFields { fields } => (fields, None),
            other => (Vec::new(), Some(other)),
        };
        SendBack {
            page: None,
            echo: FormEcho {
                values,
                errors,
                error,
            },
            extra: (),
        }
    }
}

impl<E> SendBack<E> {
    /// What the page shows of the refused form (its own echo type).
    pub fn with(extra: E) -> SendBack<E> {
        SendBack {
            page: None,
            echo: FormEcho::default(),
            extra,
        }
    }

    /// The page to show again, when it is not the path posted to.
    pub fn at(mut self, page: impl Into<Option<String>>) -> SendBack<E> {
        self.page = page.into();
        self
    }
}

/// Sends a form back refused: the page again with the error's status (and
/// `Retry-After` when throttled).
pub async fn refuse<E: Clone + Send + Sync + 'static>(
    state: &AppState,
    mut parts: Parts,
    err: AppError,
    refused: impl FnOnce(AppError) -> SendBack<E>,
) -> Response {
    let status = status_of(&err);
    let retry_after = match err {
        AppError::TooManyAttempts { retry_after } => Some(retry_after),
        _ => None,
    };
    let refusal = refused(err);
    if let Some(uri) = refusal.page.and_then(|p| p.parse().ok()) {
        parts.uri = uri;
    }
    let mut res = rerender_with(state, parts, refusal.echo, refusal.extra, status).await;
    if let Some(retry_after) = retry_after {
        res.headers_mut()
            .insert(header::RETRY_AFTER, retry_after.max(1).into());
    }
    res
}

/// Finishes a form post: the action's answer (usually a redirect), or the
/// refusal.
pub async fn finish<R: IntoResponse, E: Clone + Send + Sync + 'static>(
    state: &AppState,
    parts: Parts,
    answer: Result<R, AppError>,
    refused: impl FnOnce(AppError) -> SendBack<E>,
) -> Response {
    match answer {
        Ok(answer) => answer.into_response(),
        Err(err) => refuse(state, parts, err, refused).await,
    }
}

/// A 303 to `to`. Paths may hold what a person typed or a decoded URL
/// segment (a newline, a bidi override): every byte that may not stand in a
/// `Location` header as it is (controls, spaces, non-ASCII) is
/// percent-encoded, so building the header cannot fail.
pub fn see_other(to: &str) -> Redirect {
    let mut location = String::with_capacity(to.len());
    for byte in to.bytes() {
        if byte.is_ascii_graphic() {
            location.push(char::from(byte));
        } else {
            location.push_str(&format!("%{byte:02X}"));
        }
    }
    Redirect::to(&location)
}

/// Ends a form post that has no page to show again when refused: to where
/// the action leads, or the error as the API answers it.
pub fn redirect(outcome: Result<String, AppError>) -> Response {
    match outcome {
        Ok(to) => see_other(&to).into_response(),
        Err(err) => err.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redirect_to_odd_bytes_is_percent_encoded() {
        let res = see_other("/cases/\n\u{202e}a b/ratings#rate-h").into_response();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            res.headers()[axum::http::header::LOCATION],
            "/cases/%0A%E2%80%AEa%20b/ratings#rate-h"
        );
        let res = sign_in_first("/cases/\r\nSet-Cookie: x=1");
        assert!(res.headers().get(axum::http::header::SET_COOKIE).is_none());
        assert!(res.headers()[axum::http::header::LOCATION]
            .as_bytes()
            .iter()
            .all(u8::is_ascii_graphic));
    }
}
