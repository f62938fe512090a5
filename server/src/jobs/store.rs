//! All of the background work's SQL: the job queue (`job`) and the mail
//! outbox (`mail_outbox`). Both are claimed with `FOR UPDATE SKIP LOCKED`
//! and a lease (`locked_until`), so several servers share them without
//! taking one row twice; a row whose holder died is taken over when its
//! lease ends. What to run, when to retry and how to send stay with the
//! worker ([`super`]) and the mailer ([`super::mailer`]).

use super::Job;
use sqlx::PgPool;
use std::time::Duration;

/// A PostgreSQL interval of `d` (to the millisecond).
fn interval_of(d: Duration) -> String {
    format!("{} milliseconds", d.as_millis())
}

/// Runs `sql`, a failure's update of row `$1` (a job or an outbox
/// message), with the error's first 2,000 characters (`$2`) and the wait
/// before its next attempt (`$3`).
async fn keep_failure(
    pool: &PgPool,
    sql: &'static str,
    id: i64,
    error: &str,
    retry_in: Duration,
) -> Result<(), sqlx::Error> {
    sqlx::query(sql)
        .bind(id)
        .bind(error.chars().take(2000).collect::<String>())
        .bind(interval_of(retry_in))
        .execute(pool)
        .await?;
    Ok(())
}

// ---- the job queue ----

/// Queues a job; with a dedupe key already used, nothing (`None`).
pub async fn enqueue(
    pool: &PgPool,
    kind: &str,
    payload: &serde_json::Value,
    dedupe_key: Option<&str>,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "insert into job (kind, payload, dedupe_key) values ($1, $2::jsonb, $3)
         on conflict (dedupe_key) do nothing returning id",
    )
    .bind(kind)
    .bind(payload.to_string())
    .bind(dedupe_key)
    .fetch_optional(pool)
    .await
}

/// Claims the next due job for `worker`, leased for `lease`: the attempt is
/// counted as it is claimed. Jobs that have had their attempts, are done or
/// given up, or are held by a live lease are passed over.
pub async fn claim(
    pool: &PgPool,
    worker: &str,
    lease: Duration,
) -> Result<Option<Job>, sqlx::Error> {
    let row: Option<(i64, String, String, i32)> = sqlx::query_as(
        "update job set attempts = attempts + 1, locked_by = $1,
                locked_until = now() + $2::interval
         where id = (select id from job
                     where done_at is null and failed_at is null and run_at <= now()
                       and (locked_until is null or locked_until < now())
                       and attempts < max_attempts
                     order by run_at, id
                     for update skip locked
                     limit 1)
         returning id, kind, payload::text, attempts",
    )
    .bind(worker)
    .bind(interval_of(lease))
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id, kind, payload, attempts)| Job {
        id,
        kind,
        payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
        attempts,
    }))
}

/// Marks a job done (its lease and last error cleared).
pub async fn complete(pool: &PgPool, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update job set done_at = now(), locked_until = null, last_error = null where id = $1",
    )
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Records a failure of job `id`: its error kept, run again `retry_in`
/// from now, or given up (`failed_at`) once it has had its attempts.
pub async fn fail(
    pool: &PgPool,
    id: i64,
    error: &str,
    retry_in: Duration,
) -> Result<(), sqlx::Error> {
    let sql = "update job set locked_until = null, last_error = $2,
                      run_at = now() + $3::interval,
                      failed_at = case when attempts >= max_attempts then now() end
               where id = $1";
    keep_failure(pool, sql, id, error, retry_in).await
}

/// Deletes the jobs done more than `keep` ago (with them, the dedupe keys
/// of past slots); how many.
pub async fn purge_done(pool: &PgPool, keep: Duration) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("delete from job where done_at < now() - $1::interval")
            .bind(interval_of(keep))
            .execute(pool)
            .await?
            .rows_affected(),
    )
}

// ---- the mail outbox ----

/// An e-mail claimed from the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMail {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// Counting this one.
    pub attempts: i32,
}

/// Claims up to `batch` unsent messages due now, oldest due first, leased
/// for `lease`; the attempt is counted as each is claimed.
pub async fn claim_mail(
    pool: &PgPool,
    batch: i64,
    lease: Duration,
) -> Result<Vec<OutboxMail>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, i32)> = sqlx::query_as(
        "update mail_outbox set attempts = attempts + 1,
                locked_until = now() + $2::interval
         where id in (select id from mail_outbox
                      where sent_at is null and next_attempt_at <= now()
                        and (locked_until is null or locked_until < now())
                      order by next_attempt_at, id
                      for update skip locked
                      limit $1)
         returning id, to_address, subject, body, attempts",
    )
    .bind(batch)
    .bind(interval_of(lease))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, to, subject, body, attempts)| OutboxMail {
            id,
            to,
            subject,
            body,
            attempts,
        })
        .collect())
}

/// Marks outbox message `id` sent (its lease and last error cleared).
pub async fn mail_sent(pool: &PgPool, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update mail_outbox set sent_at = now(), locked_until = null, last_error = null
         where id = $1",
    )
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Keeps outbox message `id` after a failed attempt: its error recorded,
/// tried again `retry_in` from now.
pub async fn mail_failed(
    pool: &PgPool,
    id: i64,
    error: &str,
    retry_in: Duration,
) -> Result<(), sqlx::Error> {
    let sql = "update mail_outbox set locked_until = null, last_error = $2,
                      next_attempt_at = now() + $3::interval
               where id = $1";
    keep_failure(pool, sql, id, error, retry_in).await
}

// ---- the backlog, for `/metrics` ----

/// The queue and the outbox as an operator watches them.
#[derive(Debug, Clone, Copy, Default, PartialEq, sqlx::FromRow)]
pub struct Backlog {
    /// Jobs neither done nor given up.
    pub jobs: i64,
    /// Seconds the oldest due job has waited since its `run_at` (0: none due).
    pub oldest_due_job_s: f64,
    /// E-mails not yet accepted by the mail server.
    pub mail: i64,
    /// Age in seconds of the oldest of them (0: none).
    pub oldest_mail_s: f64,
}

/// Reads the [`Backlog`] (over the partial indexes of pending rows).
pub async fn backlog(conn: &mut sqlx::PgConnection) -> Result<Backlog, sqlx::Error> {
    sqlx::query_as(
        "select
           (select count(*) from job where done_at is null and failed_at is null) as jobs,
           coalesce((select extract(epoch from now() - min(run_at))::float8 from job
                     where done_at is null and failed_at is null and run_at <= now()), 0)
             as oldest_due_job_s,
           (select count(*) from mail_outbox where sent_at is null) as mail,
           coalesce((select extract(epoch from now() - min(created_at))::float8
                     from mail_outbox where sent_at is null), 0) as oldest_mail_s",
    )
    .fetch_one(conn)
    .await
}
