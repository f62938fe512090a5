//! Background work in PostgreSQL, safe with several servers: every server
//! runs one worker ([`spawn`]) that, each poll,
//!
//! 1. enqueues the deadline scan for the current time slot — the slot is the
//!    job's dedupe key, so however many servers tick, one scan is queued per
//!    `BANSHI_JOB_INTERVAL` — and the enterprise reminders of the hall's
//!    day (keyed by the date: one a day);
//! 2. runs due jobs: each is claimed with `FOR UPDATE SKIP LOCKED` and
//!    leased (`locked_until`; a job whose worker died is taken over when the
//!    lease ends), retried with exponential backoff when it fails, given up
//!    after `max_attempts`, marked done when it succeeds;
//! 3. sends pending e-mail from the outbox ([`mailer`]) when SMTP is
//!    configured.
//!
//! The jobs: `deadline_scan` ([`monitor`]), `enterprise_reminders`
//! (`app::enterprise::store::send_reminders`: the annual report and
//! licence renewals, each reminder recorded once, so a second run of the
//! day sends nothing) and `weibo_dormancy` ([`weibo_dormancy`]: the
//! microblog accounts' daily finding). The queue's and the outbox's
//! SQL is in [`store`].

// The one deadline-alert scan of letters, requests and questions.
pub mod deadline_alerts;
// requests
pub mod information_request_alerts;
// (end of issue 20, requests)
// letters
pub mod letter_alerts;
pub mod mailer;
pub mod monitor;
pub mod store;
// questions
pub mod weibo_dormancy;
pub mod weibo_question_alerts;
// (end of issue 21, questions)

pub use store::{claim, complete, enqueue, purge_done};

use app::{clock::Now, notifications::store::MailOn};
use sqlx::PgPool;
use std::time::Duration;
use time::OffsetDateTime;
use tokio::{sync::watch, task::JoinHandle};

/// The deadline monitor's job kind.
pub const DEADLINE_SCAN: &str = "deadline_scan";

/// The daily enterprise reminders' job kind.
pub const ENTERPRISE_REMINDERS: &str = "enterprise_reminders";

/// How long a worker holds a job before another may take it over.
pub const JOB_LEASE: Duration = Duration::from_secs(5 * 60);

/// Done jobs are kept this long (they hold the dedupe keys of past slots).
pub const KEEP_DONE: Duration = Duration::from_secs(7 * 24 * 3600);

/// A claimed job.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: serde_json::Value,
    /// Counting this one.
    pub attempts: i32,
}

/// The wait before retry number `attempts + 1` after `attempts` failures:
/// 10 s, 20 s, 40 s… doubling, at most an hour.
pub fn backoff(attempts: u32) -> Duration {
    const FIRST: u64 = 10;
    const MOST: u64 = 3600;
    let shift = attempts.saturating_sub(1).min(20);
    Duration::from_secs(FIRST.saturating_mul(1 << shift).min(MOST))
}

/// The dedupe key of a periodic job in the slot of `interval` holding `at`.
pub fn slot_key(kind: &str, at: OffsetDateTime, interval: Duration) -> String {
    let secs = interval.as_secs().max(1) as i64;
    format!("{kind}:{}", at.unix_timestamp().div_euclid(secs))
}

/// Queues the deadline scan of the slot holding `at`; `true` when this call
/// queued it (another server may have first).
pub async fn tick(
    pool: &PgPool,
    at: OffsetDateTime,
    interval: Duration,
) -> Result<bool, sqlx::Error> {
    let key = slot_key(DEADLINE_SCAN, at, interval);
    Ok(
        enqueue(pool, DEADLINE_SCAN, &serde_json::json!({}), Some(&key))
            .await?
            .is_some(),
    )
}

/// The daily microblog dormancy finding's job kind (issue 21).
pub const WEIBO_DORMANCY: &str = "weibo_dormancy";

/// Queues the enterprise reminders and the microblog dormancy finding of
/// the hall's day `today` (their payload and dedupe key); `true` when this
/// call queued the reminders.
pub async fn tick_daily(pool: &PgPool, today: time::Date) -> Result<bool, sqlx::Error> {
    let day = app::clock::format_date(today);
    // questions
    let dormancy = format!("{WEIBO_DORMANCY}:{day}");
    enqueue(
        pool,
        WEIBO_DORMANCY,
        &serde_json::json!({ "date": day }),
        Some(&dormancy),
    )
    .await?;
    // (end of issue 21, questions)
    let key = format!("{ENTERPRISE_REMINDERS}:{day}");
    Ok(enqueue(
        pool,
        ENTERPRISE_REMINDERS,
        &serde_json::json!({ "date": day }),
        Some(&key),
    )
    .await?
    .is_some())
}

/// Records a failure: retried after [`backoff`], or given up once it has
/// had its attempts.
pub async fn fail(pool: &PgPool, job: &Job, error: &str) -> Result<(), sqlx::Error> {
    store::fail(pool, job.id, error, backoff(job.attempts.max(0) as u32)).await
}

/// What a worker needs.
#[derive(Clone)]
pub struct Worker {
    pub pool: PgPool,
    /// The hall's clock: the scan's "today".
    pub now: Now,
    pub warn_days: u32,
    /// E-mail: the mailer, and what messages link to.
    pub mail: Option<(mailer::Mailer, MailOn)>,
    pub interval: Duration,
    pub poll: Duration,
    /// Names this worker in `job.locked_by`.
    pub id: String,
    /// Where the alerts it raises are counted (`/metrics`), when served.
    pub metrics: Option<crate::metrics::Metrics>,
}

impl Worker {
    /// A worker named after this process.
    pub fn new(pool: PgPool, now: Now, warn_days: u32, interval: Duration, poll: Duration) -> Self {
        Worker {
            pool,
            now,
            warn_days,
            mail: None,
            interval,
            poll,
            id: format!("{}-{}", std::process::id(), app::error::random_hex::<4>()),
            metrics: None,
        }
    }

    /// Runs one job.
    async fn run(&self, job: &Job) -> Result<(), String> {
        match job.kind.as_str() {
            DEADLINE_SCAN => {
                let report = monitor::scan(
                    &self.pool,
                    self.now.today(),
                    self.warn_days,
                    self.mail.as_ref().map(|(_, on)| on),
                )
                .await
                .map_err(|e| e.to_string())?;
                if let Some(metrics) = &self.metrics {
                    metrics.alerts_raised(report.alerts as u64);
                }
                if report.alerts > 0 {
                    tracing::info!(
                        alerts = report.alerts,
                        notifications = report.notifications,
                        "deadline monitor raised alerts"
                    );
                }
                Ok(())
            }
            ENTERPRISE_REMINDERS => {
                // The day the job was queued for (a late run keeps it).
                let today = job.payload["date"]
                    .as_str()
                    .and_then(|d| app::clock::parse_date(d).ok())
                    .unwrap_or_else(|| self.now.today());
                let report = app::enterprise::store::send_reminders(
                    &self.pool,
                    today,
                    self.mail.as_ref().map(|(_, on)| on),
                )
                .await
                .map_err(|e| e.to_string())?;
                if report.sent > 0 {
                    tracing::info!(
                        enterprises = report.enterprises,
                        sent = report.sent,
                        "enterprise reminders sent"
                    );
                }
                Ok(())
            }
            // questions
            WEIBO_DORMANCY => {
                let today = job.payload["date"]
                    .as_str()
                    .and_then(|d| app::clock::parse_date(d).ok())
                    .unwrap_or_else(|| self.now.today());
                let report = weibo_dormancy::mark(&self.pool, today)
                    .await
                    .map_err(|e| e.to_string())?;
                if report.changed > 0 {
                    tracing::info!(
                        accounts = report.accounts,
                        changed = report.changed,
                        "microblog dormancy marked"
                    );
                }
                Ok(())
            }
            // (end of issue 21, questions)
            other => Err(format!("unknown job kind {other:?}")),
        }
    }

    /// Runs due jobs until none is left; how many ran.
    pub async fn work(&self) -> Result<usize, sqlx::Error> {
        let mut ran = 0;
        while let Some(job) = claim(&self.pool, &self.id, JOB_LEASE).await? {
            ran += 1;
            match self.run(&job).await {
                Ok(()) => complete(&self.pool, job.id).await?,
                Err(e) => {
                    tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, error = %e, "job failed");
                    fail(&self.pool, &job, &e).await?;
                }
            }
        }
        Ok(ran)
    }

    /// One round: tick, run due jobs, send pending e-mail, drop old done
    /// jobs.
    pub async fn round(&self) -> Result<(), sqlx::Error> {
        tick(&self.pool, OffsetDateTime::now_utc(), self.interval).await?;
        tick_daily(&self.pool, self.now.today()).await?;
        self.work().await?;
        if let Some((mailer, _)) = &self.mail {
            let sent = mailer::drain(&self.pool, mailer, 50).await?;
            if sent.sent + sent.failed > 0 {
                tracing::info!(sent = sent.sent, failed = sent.failed, "mail outbox");
            }
        }
        purge_done(&self.pool, KEEP_DONE).await?;
        Ok(())
    }
}

/// Runs `worker` every `poll` until `stop` turns true (or its sender is
/// dropped); a round under way finishes first.
pub fn spawn(worker: Worker, mut stop: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if *stop.borrow() {
                break;
            }
            if let Err(e) = worker.round().await {
                tracing::warn!(error = %e, "background work failed; retrying next round");
            }
            tokio::select! {
                _ = tokio::time::sleep(worker.poll) => {}
                changed = stop.changed() => if changed.is_err() { break },
            }
        }
        tracing::info!("background worker stopped");
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_ten_seconds_up_to_an_hour() {
        assert_eq!(backoff(0), Duration::from_secs(10));
        assert_eq!(backoff(1), Duration::from_secs(10));
        assert_eq!(backoff(2), Duration::from_secs(20));
        assert_eq!(backoff(3), Duration::from_secs(40));
        assert_eq!(backoff(9), Duration::from_secs(2560));
        assert_eq!(backoff(10), Duration::from_secs(3600));
        assert_eq!(backoff(u32::MAX), Duration::from_secs(3600));
        for n in 1..40 {
            assert!(backoff(n + 1) >= backoff(n));
        }
    }

    #[test]
    fn one_key_per_slot() {
        let five = Duration::from_secs(300);
        let a = time::macros::datetime!(2026-10-08 09:00:00 UTC);
        assert_eq!(
            slot_key("deadline_scan", a, five),
            slot_key("deadline_scan", a + time::Duration::seconds(299), five)
        );
        assert_ne!(
            slot_key("deadline_scan", a, five),
            slot_key("deadline_scan", a + time::Duration::seconds(300), five)
        );
        assert!(slot_key("deadline_scan", a, five).starts_with("deadline_scan:"));
    }
}
