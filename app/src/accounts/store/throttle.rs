//! The `rate_limit` table: hits per key in a fixed window (the limits are
//! [`crate::accounts::throttle`]'s).

use crate::{accounts::throttle::Limit, error::AppError};
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

/// Counts one hit for `key`; returns the hits in the current window.
pub async fn hit(pool: &PgPool, key: &str, limit: Limit) -> Result<i32, AppError> {
    let hits: i32 = sqlx::query_scalar(
        "insert into rate_limit as r (key, window_start, hits) values ($1, now(), 1)
         on conflict (key) do update set
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
