//! Server-side sessions in PostgreSQL (every server process shares them).
//! The cookie carries a random token; the table keeps only its SHA-256.
//! A session ends after 30 idle minutes or 12 hours in all, at sign-out, and
//! everywhere at once when the password changes. This module holds the
//! limits and the cookie; the table is read and written by
//! `store::session`.

use http::HeaderValue;

/// How long a session may stay unused.
pub const IDLE_SECS: i64 = 30 * 60;
/// How long a session lasts at most.
pub const ABSOLUTE_SECS: i64 = 12 * 3600;

/// The cookie's name: with the `__Host-` prefix over HTTPS (the browser then
/// insists on `Secure`, `Path=/` and no `Domain`).
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-banshi_session"
    } else {
        "banshi_session"
    }
}

/// The session token in a `Cookie` header, if any.
pub fn token_from_cookies(cookie_header: Option<&str>, secure: bool) -> Option<String> {
    let name = cookie_name(secure);
    cookie_header?.split(';').find_map(|pair| {
        let (n, v) = pair.split_once('=')?;
        (n.trim() == name && !v.trim().is_empty()).then(|| v.trim().to_string())
    })
}

/// `Set-Cookie` for a new session.
pub fn set_cookie(token: &str, secure: bool) -> HeaderValue {
    let secure_attr = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={token}; Path=/; Max-Age={ABSOLUTE_SECS}; HttpOnly; SameSite=Lax{secure_attr}",
        cookie_name(secure)
    ))
    .expect("a base64url token is a valid header value")
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(secure: bool) -> HeaderValue {
    let secure_attr = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure_attr}",
        cookie_name(secure)
    ))
    .expect("a valid header value")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_found_among_others() {
        let header = "banshi_lang=en; banshi_session=abc123; other=1";
        assert_eq!(
            token_from_cookies(Some(header), false).as_deref(),
            Some("abc123")
        );
        assert_eq!(token_from_cookies(Some(header), true), None);
        assert_eq!(
            token_from_cookies(Some("__Host-banshi_session=xyz"), true).as_deref(),
            Some("xyz")
        );
        assert_eq!(token_from_cookies(Some("banshi_session="), false), None);
        assert_eq!(token_from_cookies(None, false), None);
    }

    #[test]
    fn cookies_are_http_only_and_secure_over_https() {
        let c = set_cookie("tok", true);
        let c = c.to_str().unwrap();
        assert!(c.starts_with("__Host-banshi_session=tok; Path=/;"));
        for attr in ["HttpOnly", "SameSite=Lax", "Secure"] {
            assert!(c.contains(attr), "{c}");
        }
        assert!(!set_cookie("tok", false)
            .to_str()
            .unwrap()
            .contains("Secure"));
        assert!(clear_cookie(false).to_str().unwrap().contains("Max-Age=0"));
    }
}
