//! One caching policy for every answer, applied by
//! `middleware::security_headers`: nothing may be kept by a shared cache
//! unless it is the same for everyone, and nothing personal is stored at all.
//!
//! - hashed files under `/pkg/`: a year, immutable;
//! - other static files (`/favicon.svg`): a day;
//! - answers of routes declared [`public`] (catalog, calendar, regions,
//!   public boards and statistics, the OpenAPI document): five minutes in
//!   any cache — they read no cookie;
//! - pages: `private, no-store` for a visitor with a session (they show the
//!   person), `private, no-cache` with `Vary: Cookie` for others;
//! - everything else — personal JSON, server functions, form answers,
//!   errors, redirects — `private, no-store`;
//! - a page fetched by the page router (`Islands-Router: true`) lacks the
//!   document's scripts, so it is never stored either: `private, no-store`,
//!   and every page answer varies on that header as on `Cookie`.

use axum::{
    extract::Request,
    http::{header, HeaderValue, Method},
    middleware::Next,
    response::Response,
};
use utoipa_axum::router::OpenApiRouter;

/// Files named by their content's hash.
pub const HASHED: &str = "public, max-age=31536000, immutable";
/// Other static files.
pub const STATIC: &str = "public, max-age=86400";
/// Answers that are the same for everyone.
pub const PUBLIC: &str = "public, max-age=300";
/// Pages of a visitor without a session: kept by the browser, checked again.
pub const ANONYMOUS_PAGE: &str = "private, no-cache";
/// Everything personal, and anything not known to be public.
pub const PERSONAL: &str = "private, no-store";

/// What the policy needs to know of an answer.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    pub path: &'a str,
    /// A 2xx status.
    pub ok: bool,
    pub html: bool,
    /// The request carried a session cookie.
    pub with_session: bool,
    /// The request is the page router's fetch (`Islands-Router: true`):
    /// the answer is a page without its scripts, swapped into another.
    pub routed: bool,
}

/// The request header of the page router's fetches (`app/src/hall/router.js`).
pub const ROUTER_HEADER: &str = "islands-router";

/// The `Cache-Control` of an answer that did not set its own.
pub fn policy(a: Answer<'_>) -> &'static str {
    if !a.ok || a.routed {
        PERSONAL
    } else if a.path.starts_with("/pkg/") {
        HASHED
    } else if a.html {
        if a.with_session {
            PERSONAL
        } else {
            ANONYMOUS_PAGE
        }
    } else if is_static_file(a.path) {
        STATIC
    } else {
        PERSONAL
    }
}

/// A file of `public/`: a name with an extension outside the API and the
/// server functions.
fn is_static_file(path: &str) -> bool {
    !path.starts_with("/api/")
        && !path.starts_with("/sfn/")
        && path
            .rsplit('/')
            .next()
            .is_some_and(|name| name.contains('.'))
}

/// Declares every route of `router` public: its successful reads are the
/// same for everyone and may be cached anywhere for five minutes.
pub fn public<S>(router: OpenApiRouter<S>) -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    router.route_layer(axum::middleware::from_fn(mark_public))
}

async fn mark_public(req: Request, next: Next) -> Response {
    let read = matches!(*req.method(), Method::GET | Method::HEAD);
    let mut res = next.run(req).await;
    if read && res.status().is_success() {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(PUBLIC));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(path: &str, ok: bool, html: bool, with_session: bool) -> &'static str {
        policy(Answer {
            path,
            ok,
            html,
            with_session,
            routed: false,
        })
    }

    #[test]
    fn nothing_personal_is_stored_and_only_files_are_shared() {
        assert_eq!(answer("/pkg/banshi.abc.wasm", true, false, true), HASHED);
        assert_eq!(answer("/favicon.svg", true, false, false), STATIC);
        assert_eq!(answer("/me", true, true, true), PERSONAL);
        assert_eq!(answer("/admin", true, true, true), PERSONAL);
        assert_eq!(answer("/", true, true, false), ANONYMOUS_PAGE);
        assert_eq!(answer("/api/v1/me", true, false, true), PERSONAL);
        assert_eq!(
            answer("/api/v1/stats/departments.csv", true, false, true),
            PERSONAL
        );
        assert_eq!(answer("/sfn/get_case.json", true, false, true), PERSONAL);
        assert_eq!(answer("/healthz", true, false, false), PERSONAL);
        assert_eq!(answer("/pkg/missing.js", false, false, false), PERSONAL);
        assert_eq!(answer("/favicon.svg", false, true, false), PERSONAL);
    }

    #[test]
    fn router_fetches_are_never_stored() {
        for with_session in [false, true] {
            let a = Answer {
                path: "/services",
                ok: true,
                html: true,
                with_session,
                routed: true,
            };
            assert_eq!(policy(a), PERSONAL);
        }
    }
}
