//! One deadline-alert scan for every work order with a deadline of its own
//! beside the cases' steps (letters, requests for information, microblog
//! questions): for every watched row, the alert of
//! `app::supervision::alert` on the official calendar — yellow within the
//! warning days of its deadline, red once past it. Each alert is recorded
//! once (unique per row, level and deadline: `insert … on conflict do
//! nothing returning`), and only the scan that recorded it sends its
//! messages, in the same transaction, so two servers scanning at once never
//! send a reminder twice. What differs is a [`Watch`]: the rows, the alert
//! table, the kinds, who is told and where the message links.

use app::{
    catalog::Bilingual,
    clock::{self, Calendar},
    error::AppError,
    notifications::{
        store::{send, MailOn, Outgoing},
        Kind, Params,
    },
    supervision::{alert, Alert},
};
use sqlx::PgPool;
use time::Date;

/// What one kind of work order's scan watches.
pub struct Watch {
    /// The rows whose deadline runs: `id, number, title (text or null),
    /// department id, region code, due_on, row(department's names)`.
    pub rows: &'static str,
    /// The alert table and its column naming the row.
    pub table: &'static str,
    pub column: &'static str,
    /// Who is told of a yellow and of a red alert, and as what. The SQL
    /// reads the row from `watched (id, department, region)`.
    pub yellow: (Kind, &'static str),
    pub red: (Kind, &'static str),
    /// The message's link, from the row's number.
    pub link: fn(&str) -> String,
}

/// What one scan did: rows looked at, alerts raised, messages sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    pub watched: usize,
    pub alerts: usize,
    pub notifications: usize,
}

type Watched = (i64, String, Option<String>, i64, i32, Date, Bilingual);

/// Scans every row `watch` watches on `today` and raises its alert, once.
pub async fn scan(
    pool: &PgPool,
    watch: &Watch,
    cal: &Calendar,
    today: Date,
    warn_days: u32,
    mail: Option<&MailOn>,
) -> Result<Report, AppError> {
    let rows: Vec<Watched> = sqlx::query_as(watch.rows).fetch_all(pool).await?;
    let mut report = Report {
        watched: rows.len(),
        ..Report::default()
    };
    for row in rows {
        let Some(level) = alert(cal, row.5, today, &[], warn_days) else {
            continue;
        };
        if let Some(sent) = raise(pool, watch, &row, level, today, mail).await? {
            report.alerts += 1;
            report.notifications += sent;
        }
    }
    Ok(report)
}

async fn raise(
    pool: &PgPool,
    watch: &Watch,
    (id, no, title, department, region, due_on, name): &Watched,
    level: Alert,
    today: Date,
    mail: Option<&MailOn>,
) -> Result<Option<usize>, AppError> {
    let mut tx = pool.begin().await?;
    let (table, column) = (watch.table, watch.column);
    let raised: Option<i64> = sqlx::query_scalar(&format!(
        "insert into {table} ({column}, level, due_on, raised_on) values ($1, $2, $3, $4)
         on conflict ({column}, level, due_on) do nothing returning id"
    ))
    .bind(id)
    .bind(match level {
        Alert::Yellow => "yellow",
        Alert::Red => "red",
    })
    .bind(due_on)
    .bind(today)
    .fetch_optional(&mut *tx)
    .await?;
    if raised.is_none() {
        return Ok(None);
    }
    let (kind, people) = match level {
        Alert::Yellow => watch.yellow,
        Alert::Red => watch.red,
    };
    let people: Vec<i64> = sqlx::query_scalar(&format!(
        "with watched (id, department, region) as (select $1::bigint, $2::bigint, $3::integer)
         {people}"
    ))
    .bind(id)
    .bind(department)
    .bind(region)
    .fetch_all(&mut *tx)
    .await?;
    let params = Params {
        case_no: no.clone(),
        step: title
            .as_ref()
            .map(|t| Bilingual {
                zh: t.clone(),
                en: t.clone(),
            })
            .unwrap_or_default(),
        department: name.clone(),
        due_on: clock::format_date(*due_on),
        ..Params::default()
    };
    let mut sent = 0;
    for recipient in people {
        let out = Outgoing {
            recipient,
            kind,
            params: &params,
            link: Some((watch.link)(no)),
            alert_id: None,
        };
        if send(&mut tx, &out, mail).await?.is_some() {
            sent += 1;
        }
    }
    tx.commit().await?;
    Ok(Some(sent))
}
