//! The daily microblog dormancy finding (issue 21): every verified
//! account's days without a post (from its last post, or its verification
//! for one that never posted) give its finding (`app::weibo::dormancy`:
//! 14 days a warning, 90 the clean-up list), stored with the day it began.
//! Idempotent: a second run of the day changes nothing.

use app::{
    error::AppError,
    weibo::dormancy::{dormancy, since, Dormancy},
};
use sqlx::PgPool;
use time::{Date, OffsetDateTime};

/// What one run did: accounts looked at, findings changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    pub accounts: usize,
    pub changed: usize,
}

type Row = (
    i64,
    Option<OffsetDateTime>,
    OffsetDateTime,
    String,
    Option<Date>,
);

/// Marks every verified account's finding on `today`.
pub async fn mark(pool: &PgPool, today: Date) -> Result<Report, AppError> {
    let rows: Vec<Row> = sqlx::query_as(
        "select id, last_post_at, coalesce(decided_at, applied_at), dormancy, dormancy_since
         from weibo_account where state = 'verified' order by id",
    )
    .fetch_all(pool)
    .await?;
    let mut report = Report {
        accounts: rows.len(),
        ..Report::default()
    };
    for (id, last_post, verified, before, before_since) in rows {
        let from = app::weibo::question::hall_day(last_post.unwrap_or(verified));
        let before = Dormancy::parse(&before).unwrap_or(Dormancy::Active);
        let now = dormancy(from, today);
        let began = since(before, before_since, now, today);
        if now == before && began == before_since {
            continue;
        }
        sqlx::query("update weibo_account set dormancy = $2, dormancy_since = $3 where id = $1")
            .bind(id)
            .bind(now.code())
            .bind(began)
            .execute(pool)
            .await?;
        report.changed += 1;
    }
    Ok(report)
}
