//! The `session` table: starting, resolving and ending sessions (the
//! limits and the cookie are [`crate::accounts::session`]'s).

use crate::{
    accounts::{
        secrets,
        session::{ABSOLUTE_SECS, IDLE_SECS},
        Me, Role,
    },
    error::AppError,
};
use sqlx::PgPool;

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
