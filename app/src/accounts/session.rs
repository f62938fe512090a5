//! Server-side sessions in PostgreSQL (every server process shares them).
//! The cookie carries a random token; the table keeps only its SHA-256.
//! A session ends after 30 idle minutes or 12 hours in all, at sign-out, and
//! everywhere at once when the password changes.

use super::{secrets, Me, Role};
use crate::error::AppError;
use http::HeaderValue;
use sqlx::PgPool;

pub const IDLE_SECS: i64 = 30 * 60;
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

/// Starts a session for an account; returns the token for the cookie.
pub async fn start(pool: &PgPool, account: i64) -> Result<String, AppError> {
    let token = secrets::new_token();
    sqlx::query(
        "insert into session (token_hash, account_id, idle_limit, expires_at)
         values ($1, $2, make_interval(secs => $3), now() + make_interval(secs => $4))",
    )
    .bind(secrets::token_hash(&token))
    .bind(account)
    .bind(IDLE_SECS as f64)
    .bind(ABSOLUTE_SECS as f64)
    .execute(pool)
    .await?;
    Ok(token)
}

/// The account of a live session (and notes that it was used: at most one
/// write a minute per session).
pub async fn resolve(pool: &PgPool, token: &str) -> Result<Option<Me>, AppError> {
    let row: Option<(i64, String, String, String)> = sqlx::query_as(
        "with live as (
             select account_id, last_seen from session
             where token_hash = $1 and expires_at > now() and last_seen > now() - idle_limit),
         touched as (
             update session set last_seen = now()
             where token_hash = $1 and last_seen < now() - interval '1 minute'
               and exists (select 1 from live))
         select a.id, a.username, a.role, a.display_name from live join account a on a.id = live.account_id",
    )
    .bind(secrets::token_hash(token))
    .fetch_optional(pool)
    .await?;
    row.map(|(id, username, role, display_name)| {
        Ok(Me {
            id,
            username,
            role: Role::parse(&role).ok_or_else(|| AppError::internal(format!("role {role}")))?,
            display_name,
        })
    })
    .transpose()
}

/// Ends one session.
pub async fn end(pool: &PgPool, token: &str) -> Result<(), AppError> {
    sqlx::query("delete from session where token_hash = $1")
        .bind(secrets::token_hash(token))
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends every session of an account (after a password change).
pub async fn end_all<'e>(db: impl sqlx::PgExecutor<'e>, account: i64) -> Result<(), AppError> {
    sqlx::query("delete from session where account_id = $1")
        .bind(account)
        .execute(db)
        .await?;
    Ok(())
}

/// Removes sessions past their limits (run now and then; expired sessions
/// are refused whether or not they are removed).
pub async fn sweep(pool: &PgPool) -> Result<u64, AppError> {
    let done = sqlx::query(
        "delete from session where expires_at <= now() or last_seen <= now() - idle_limit",
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
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
