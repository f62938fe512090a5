//! The `rate_limit` table: hits per key in a fixed window, and when the
//! last one came (the limits and the delay rule are
//! [`crate::accounts::throttle`]'s).

use crate::{
    accounts::throttle::{delay_after, Limit},
    error::AppError,
};
use sqlx::PgPool;

/// Seconds until `key` may try again, when it has used up `limit`.
pub async fn blocked(pool: &PgPool, key: &str, limit: Limit) -> Result<Option<u64>, AppError> {
    let wait: Option<f64> = sqlx::query_scalar(
        "select extract(epoch from window_start + make_interval(secs => $2) - now())::float8
         from rate_limit
         where key = $1 and hits >= $3 and window_start > now() - make_interval(secs => $2)",
    )
    .bind(key)
    .bind(limit.window_secs as f64)
    .bind(limit.max)
    .fetch_optional(pool)
    .await?;
    Ok(wait.map(|s| s.ceil().max(1.0) as u64))
}

/// Seconds until `key` may be tried again under the progressive delay
/// ([`delay_after`] its failures in `limit`'s window, counted from the last).
pub async fn delayed(pool: &PgPool, key: &str, limit: Limit) -> Result<Option<u64>, AppError> {
    let row: Option<(i32, f64)> = sqlx::query_as(
        "select hits, extract(epoch from now() - last_hit)::float8
         from rate_limit
         where key = $1 and window_start > now() - make_interval(secs => $2)",
    )
    .bind(key)
    .bind(limit.window_secs as f64)
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|(hits, since)| {
        let wait = delay_after(hits) as f64 - since;
        (wait > 0.0).then(|| wait.ceil().max(1.0) as u64)
    }))
}

/// Counts one hit for `key`; returns the hits in the current window.
pub async fn hit(pool: &PgPool, key: &str, limit: Limit) -> Result<i32, AppError> {
    let hits: i32 = sqlx::query_scalar(
        "insert into rate_limit as r (key, window_start, hits, last_hit) values ($1, now(), 1, now())
         on conflict (key) do update set
             last_hit = now(),
             hits = case when r.window_start <= now() - make_interval(secs => $2) then 1 else r.hits + 1 end,
             window_start = case when r.window_start <= now() - make_interval(secs => $2)
                                 then now() else r.window_start end
         returning hits",
    )
    .bind(key)
    .bind(limit.window_secs as f64)
    .fetch_one(pool)
    .await?;
    Ok(hits)
}

/// Forgets `key`'s hits (a successful sign-in clears its failures).
pub async fn clear(pool: &PgPool, key: &str) -> Result<(), AppError> {
    sqlx::query("delete from rate_limit where key = $1")
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}

/// Refuses with 429 when `key` has used up `limit`, else counts a hit.
pub async fn check_and_hit(pool: &PgPool, key: &str, limit: Limit) -> Result<(), AppError> {
    if let Some(retry_after) = blocked(pool, key, limit).await? {
        return Err(AppError::TooManyAttempts { retry_after });
    }
    hit(pool, key, limit).await?;
    Ok(())
}

/// Forgets windows that ended long ago (run now and then).
pub async fn sweep(pool: &PgPool) -> Result<u64, AppError> {
    let done = sqlx::query("delete from rate_limit where window_start < now() - interval '1 day'")
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

/// One password guess — a sign-in, or the old password of a password
/// change — for a user name (as typed) from a client address, and the three
/// counters it goes against (the scheme is [`crate::accounts::throttle`]'s).
/// A name without an account is counted exactly like one with an account.
#[derive(Debug, Clone)]
pub struct PasswordGuess {
    client: String,
    name_client: String,
    name: String,
}

impl PasswordGuess {
    pub fn new(username: &str, client: &str) -> PasswordGuess {
        // Names that cannot exist share one key (they are never anyone's).
        let name = crate::accounts::Username::parse(username)
            .map(|u| u.as_str().to_string())
            .unwrap_or_else(|_| "(not a user name)".into());
        PasswordGuess {
            client: format!("login:client:{client}"),
            name_client: format!("login:name-client:{name}|{client}"),
            name: format!("login:name:{name}"),
        }
    }

    /// Refuses (429, with the wait) a guess that must not be checked now.
    pub async fn allowed(&self, pool: &PgPool) -> Result<(), AppError> {
        use crate::accounts::throttle::{
            LOGIN_FAILURES_PER_CLIENT, LOGIN_FAILURES_PER_NAME, LOGIN_FAILURES_PER_NAME_CLIENT,
        };
        let wait = match blocked(pool, &self.client, LOGIN_FAILURES_PER_CLIENT).await? {
            Some(w) => Some(w),
            None => match blocked(pool, &self.name_client, LOGIN_FAILURES_PER_NAME_CLIENT).await? {
                Some(w) => Some(w),
                None => delayed(pool, &self.name, LOGIN_FAILURES_PER_NAME).await?,
            },
        };
        match wait {
            Some(retry_after) => Err(AppError::TooManyAttempts { retry_after }),
            None => Ok(()),
        }
    }

    /// Counts a wrong guess; the wait when this one used up the client's
    /// budget (for this name or for all).
    pub async fn failed(&self, pool: &PgPool) -> Result<Option<u64>, AppError> {
        use crate::accounts::throttle::{
            LOGIN_FAILURES_PER_CLIENT, LOGIN_FAILURES_PER_NAME, LOGIN_FAILURES_PER_NAME_CLIENT,
        };
        hit(pool, &self.client, LOGIN_FAILURES_PER_CLIENT).await?;
        hit(pool, &self.name_client, LOGIN_FAILURES_PER_NAME_CLIENT).await?;
        hit(pool, &self.name, LOGIN_FAILURES_PER_NAME).await?;
        Ok(
            match blocked(pool, &self.name_client, LOGIN_FAILURES_PER_NAME_CLIENT).await? {
                Some(w) => Some(w),
                None => blocked(pool, &self.client, LOGIN_FAILURES_PER_CLIENT).await?,
            },
        )
    }

    /// A right guess clears the name's counters (the client's own stays).
    pub async fn succeeded(&self, pool: &PgPool) -> Result<(), AppError> {
        clear(pool, &self.name_client).await?;
        clear(pool, &self.name).await
    }
}
