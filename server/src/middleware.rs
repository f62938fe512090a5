//! Layers every response passes through: request id and tracing span,
//! security headers, the cross-site check, cache lifetimes.

use app::{
    error::{AppError, RequestId},
    prefs::Prefs,
};
use axum::{
    extract::{MatchedPath, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{header, HeaderMap, HeaderValue, Method};
use std::{sync::Arc, time::Instant};
use tracing::Instrument;

/// Gives the request an id (kept from `x-request-id` when it is sane),
/// opens a span named by the matched route (never the raw path: it may hold
/// personal data), and logs the outcome.
pub async fn request_context(mut req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            (8..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        .map(|v| RequestId(v.to_string()))
        .unwrap_or_else(RequestId::generate);
    req.extensions_mut().insert(id.clone());
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "(fallback)".into());
    let span =
        tracing::info_span!("request", method = %req.method(), route = %route, request_id = %id.0);
    let prefs = Prefs::from_headers(
        req.headers()
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok()),
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let started = Instant::now();
    let header_id = HeaderValue::from_str(&id.0).ok();
    async move {
        let mut res = id.scope(prefs.scope(next.run(req))).await;
        tracing::info!(
            status = res.status().as_u16(),
            ms = started.elapsed().as_millis() as u64,
            "served"
        );
        if let Some(v) = header_id {
            res.headers_mut().insert("x-request-id", v);
        }
        res
    }
    .instrument(span)
    .await
}

/// The origins whose state-changing requests are accepted.
#[derive(Debug, Clone, Default)]
pub struct SiteOrigin {
    /// `BANSHI_PUBLIC_ORIGIN`, when set: the one origin accepted (a
    /// TLS-terminating proxy in front needs it, since this server then
    /// cannot see the scheme people use).
    pub public: Option<Arc<str>>,
}

/// An origin as compared: scheme, lower-cased host and port (the scheme's
/// default port when none is written).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Origin {
    scheme: &'static str,
    host: String,
    port: u16,
}

/// `scheme://host[:port]` (anything after it, as in a `Referer`, ignored)
/// → its [`Origin`]; `None` for other schemes, user info or a bad port.
fn origin_of(text: &str) -> Option<Origin> {
    let (scheme, rest) = if let Some(rest) = text.strip_prefix("https://") {
        ("https", rest)
    } else {
        ("http", text.strip_prefix("http://")?)
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    authority_origin(scheme, authority)
}

/// `host[:port]` under `scheme` → its [`Origin`].
fn authority_origin(scheme: &'static str, authority: &str) -> Option<Origin> {
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    // An IPv6 literal keeps its brackets; the port follows the last colon
    // after them.
    let split = match authority.rfind(']') {
        Some(end) => authority[end..].find(':').map(|i| end + i),
        None => authority.rfind(':'),
    };
    let (host, port) = match split {
        Some(i) => (&authority[..i], authority[i + 1..].parse::<u16>().ok()?),
        None => (authority, if scheme == "https" { 443 } else { 80 }),
    };
    (!host.is_empty()).then(|| Origin {
        scheme,
        host: host.to_ascii_lowercase(),
        port,
    })
}

/// Whether a state-changing request comes from this site's own pages: its
/// `Origin` (or, lacking one, its `Referer`) is this site's origin, scheme
/// included. That is `BANSHI_PUBLIC_ORIGIN` when it is set; otherwise the
/// server serves plain HTTP itself, so it is `http://` and the `Host`
/// header (`https://` + the host is refused: that page is not this site).
pub fn same_site(headers: &HeaderMap, site: &SiteOrigin) -> bool {
    let get = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let Some(claimed) = get(header::ORIGIN)
        .filter(|o| *o != "null")
        .or_else(|| get(header::REFERER))
        .and_then(origin_of)
    else {
        return false;
    };
    let own = match site.public.as_deref() {
        Some(public) => origin_of(public),
        None => get(header::HOST).and_then(|host| authority_origin("http", host)),
    };
    own.is_some_and(|own| own == claimed)
}

/// Whether a request without `Origin` or `Referer` is one no browser page
/// could send across sites: a body of a type an HTML form cannot send (JSON,
/// a PDF or image upload…) or `DELETE` (browsers ask first, by CORS
/// preflight, which this site never grants). Other systems calling the API
/// send such requests without either header.
pub fn api_client(method: &Method, headers: &HeaderMap) -> bool {
    if headers.contains_key(header::ORIGIN) || headers.contains_key(header::REFERER) {
        return false;
    }
    let preflighted = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .is_some_and(|v| {
            !matches!(
                v.as_str(),
                "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
            )
        });
    preflighted || *method == Method::DELETE
}

/// Marks a state-changing request that passed [`cross_site_guard`]; the
/// body extractors (`http::JsonBody`, `http::Posted`) read only those, so a
/// route mounted outside the guard cannot take a body.
#[derive(Debug, Clone, Copy)]
pub struct SameOrigin;

/// Answers 403 to a state-changing request (server functions included) that
/// does not come from this site.
pub async fn cross_site_guard(
    State(site): State<SiteOrigin>,
    mut req: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *req.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    if safe {
        next.run(req).await
    } else if same_site(req.headers(), &site) || api_client(req.method(), req.headers()) {
        req.extensions_mut().insert(SameOrigin);
        next.run(req).await
    } else {
        tracing::warn!(method = %req.method(), "cross-site request refused");
        AppError::CrossSiteRequest.into_response()
    }
}

/// The script nonce of one response's Content-Security-Policy; Leptos puts
/// it on the hydration and resource scripts it writes into the page.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

impl CspNonce {
    /// 128 random bits, hex-encoded (hex digits are valid base64 characters).
    pub fn generate() -> Self {
        CspNonce(app::error::random_hex::<16>())
    }

    /// The policy for HTML pages: scripts only from this site or carrying
    /// this nonce, WASM allowed to compile, no inline styles, no framing.
    pub fn policy(&self) -> String {
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            self.0
        )
    }
}

/// Provides the request's nonce to Leptos (called in every render's context,
/// after Leptos provided its own), so the scripts in the page carry the
/// nonce that the response's policy names.
pub fn provide_csp_nonce() {
    use leptos::prelude::{provide_context, use_context};
    if let Some(nonce) = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned())
    {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}

/// Server functions answer every error as 500 (Leptos's server-function
/// response knows no other status). Their error body is an [`AppError`]:
/// give the answer that error's own status — 401 signed out, 404 not found,
/// 400 bad arguments, 503 database down — so that clients and logs see
/// what happened and only real failures are 500s.
pub async fn server_fn_status(req: Request, next: Next) -> Response {
    let sfn = req.uri().path().starts_with("/sfn/");
    let res = next.run(req).await;
    if !sfn || res.status() != http::StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // An error body is a few hundred bytes; anything larger is passed on.
    const ERROR_LIMIT: usize = 64 * 1024;
    let Ok(bytes) = axum::body::to_bytes(body, ERROR_LIMIT).await else {
        return (parts.status, "").into_response();
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = http::StatusCode::from_u16(err.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// The JSON API answers every refusal with its JSON error, also the ones
/// axum gives before a handler runs — a path parameter that does not parse
/// (`/api/v1/cases/9223372036854775808`), a method the route lacks, a body
/// of the wrong media type — which are plain text or empty. The status and
/// `Allow` are kept; the body becomes the error the API documents.
pub async fn api_refusals_as_json(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    let status = res.status();
    let json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !api || !status.is_client_error() || json {
        return res;
    }
    let (parts, body) = res.into_parts();
    // axum's refusals are a line of text; a longer body is cut, not kept.
    const DETAIL_LIMIT: usize = 4 * 1024;
    let detail = axum::body::to_bytes(body, DETAIL_LIMIT)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let err = match status {
        http::StatusCode::NOT_FOUND => AppError::NotFound,
        http::StatusCode::METHOD_NOT_ALLOWED => AppError::MethodNotAllowed,
        http::StatusCode::UNAUTHORIZED => AppError::Unauthenticated,
        http::StatusCode::FORBIDDEN => AppError::Forbidden,
        _ => AppError::BadRequest { detail },
    };
    let mut answer = err.into_response();
    *answer.status_mut() = status;
    if let Some(allow) = parts.headers.get(header::ALLOW) {
        answer.headers_mut().insert(header::ALLOW, allow.clone());
    }
    answer
}

/// Security and caching headers on every response. HTML pages get a policy
/// with this response's script nonce; everything else gets a closed one.
pub async fn security_headers(State(hsts): State<bool>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let with_session = [true, false].into_iter().any(|secure| {
        app::accounts::session::token_from_cookies(
            req.headers()
                .get(header::COOKIE)
                .and_then(|v| v.to_str().ok()),
            secure,
        )
        .is_some()
    });
    let routed = req
        .headers()
        .get(crate::http::cache::ROUTER_HEADER)
        .is_some_and(|v| v.as_bytes() == b"true");
    let nonce = CspNonce::generate();
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let ok = res.status().is_success();
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let h = res.headers_mut();
    if is_html {
        if let Ok(policy) = HeaderValue::from_str(&nonce.policy()) {
            h.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    let mut set = |name: header::HeaderName, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    set(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        header::HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=()",
    );
    set(
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    if hsts {
        set(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    let cache = crate::http::cache::policy(crate::http::cache::Answer {
        path: &path,
        ok,
        html: is_html,
        with_session,
        routed,
    });
    set(header::CACHE_CONTROL, cache);
    if is_html {
        // A page differs by session and by whether the page router asked
        // for it (then without the document's scripts: `app::hall`).
        h.append(header::VARY, HeaderValue::from_static("Cookie"));
        h.append(
            header::VARY,
            HeaderValue::from_static(crate::http::cache::ROUTER_HEADER),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn own_origin_passes() {
        let site = SiteOrigin::default();
        assert!(same_site(
            &headers(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://127.0.0.1:3000")
            ]),
            &site
        ));
        assert!(same_site(
            &headers(&[
                ("host", "127.0.0.1:3000"),
                ("referer", "http://127.0.0.1:3000/services?x=1")
            ]),
            &site
        ));
    }

    #[test]
    fn other_origins_and_missing_ones_are_refused() {
        let site = SiteOrigin::default();
        for h in [
            headers(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://evil.example"),
            ]),
            headers(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://127.0.0.1:3001"),
            ]),
            headers(&[("host", "127.0.0.1:3000"), ("origin", "null")]),
            headers(&[
                ("host", "127.0.0.1:3000"),
                ("referer", "http://127.0.0.1:3000@evil.example/"),
            ]),
            headers(&[("host", "127.0.0.1:3000")]),
            headers(&[("origin", "http://127.0.0.1:3000")]),
        ] {
            assert!(!same_site(&h, &site), "{h:?}");
        }
    }

    #[test]
    fn the_public_origin_passes_behind_a_proxy() {
        let site = SiteOrigin {
            public: Some("https://hall.example".into()),
        };
        for origin in [
            "https://hall.example",
            "https://HALL.example:443",
            "https://hall.example/",
        ] {
            let mut h = headers(&[("host", "10.0.0.5:3000")]);
            h.insert("origin", HeaderValue::from_str(origin).unwrap());
            assert!(same_site(&h, &site), "{origin}");
        }
        assert!(same_site(
            &headers(&[
                ("host", "10.0.0.5:3000"),
                ("referer", "https://hall.example/me?x=1")
            ]),
            &site
        ));
    }

    #[test]
    fn only_the_exact_public_origin_passes_when_it_is_set() {
        let site = SiteOrigin {
            public: Some("https://hall.example".into()),
        };
        for origin in [
            "http://hall.example",
            "https://hall.example:8443",
            "https://evil.example",
            // The proxy's upstream address is not the public origin.
            "http://10.0.0.5:3000",
        ] {
            let mut h = headers(&[("host", "10.0.0.5:3000")]);
            h.insert("origin", HeaderValue::from_str(origin).unwrap());
            assert!(!same_site(&h, &site), "{origin}");
        }
        // Nor does a Host header naming the public host help a wrong scheme.
        assert!(!same_site(
            &headers(&[("host", "hall.example"), ("origin", "http://hall.example")]),
            &site
        ));
    }

    #[test]
    fn without_a_public_origin_the_scheme_is_http_and_ports_are_normalised() {
        let site = SiteOrigin::default();
        assert!(!same_site(
            &headers(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "https://127.0.0.1:3000")
            ]),
            &site
        ));
        assert!(same_site(
            &headers(&[
                ("host", "hall.example"),
                ("origin", "http://hall.example:80")
            ]),
            &site
        ));
        assert!(same_site(
            &headers(&[
                ("host", "hall.example:80"),
                ("origin", "http://hall.example")
            ]),
            &site
        ));
        assert!(!same_site(
            &headers(&[("host", "hall.example"), ("origin", "https://hall.example")]),
            &site
        ));
        assert!(same_site(
            &headers(&[("host", "[::1]:3000"), ("origin", "http://[::1]:3000")]),
            &site
        ));
        assert!(!same_site(
            &headers(&[("host", "[::1]:3000"), ("origin", "http://[::1]:3001")]),
            &site
        ));
    }
}
