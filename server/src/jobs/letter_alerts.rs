//! The deadline monitor's letters scan (issue 19): for every letter whose
//! lead department's deadline runs (dispatched or being handled), the alert
//! of `app::supervision::alert` on the official calendar — yellow within
//! the warning days, red once past the deadline. Each alert is recorded
//! once (`letter_alert`, unique per letter, level and deadline) and only
//! the scan that recorded it sends its messages, in the same transaction:
//! yellow to the department's staff, red to the department's unit heads and
//! the region's hotline centre (staff of its ZWSJJ).

use app::{
    clock::{self, Calendar},
    error::AppError,
    letters::store::CENTRE_DEPARTMENT,
    notifications::{
        store::{send, MailOn, Outgoing},
        Kind, Params,
    },
    supervision::{alert, Alert},
};
use sqlx::PgPool;
use time::Date;

/// What one scan did: letters looked at, alerts raised, messages sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    pub letters: usize,
    pub alerts: usize,
    pub notifications: usize,
}

type Watched = (i64, String, String, i64, i32, Date, app::catalog::Bilingual);

/// Scans every letter under way on `today` and raises its alert, once.
pub async fn scan(
    pool: &PgPool,
    cal: &Calendar,
    today: Date,
    warn_days: u32,
    mail: Option<&MailOn>,
) -> Result<Report, AppError> {
    let letters: Vec<Watched> = sqlx::query_as(
        "select l.id, l.letter_no, l.subject, l.department_id, l.region_code, l.due_on,
             row(d.name_zh, d.name_en)
         from letter l join department d on d.id = l.department_id
         where l.state in ('dispatched', 'handling') and l.due_on is not null
         order by l.due_on, l.id",
    )
    .fetch_all(pool)
    .await?;
    let mut report = Report {
        letters: letters.len(),
        ..Report::default()
    };
    for letter in letters {
        let Some(level) = alert(cal, letter.5, today, &[], warn_days) else {
            continue;
        };
        if let Some(sent) = raise(pool, &letter, level, today, mail).await? {
            report.alerts += 1;
            report.notifications += sent;
        }
    }
    Ok(report)
}

async fn raise(
    pool: &PgPool,
    letter: &Watched,
    level: Alert,
    today: Date,
    mail: Option<&MailOn>,
) -> Result<Option<usize>, AppError> {
    let (id, no, subject, department, region, due_on, name) = letter;
    let mut tx = pool.begin().await?;
    let raised: Option<i64> = sqlx::query_scalar(
        "insert into letter_alert (letter_id, level, due_on, raised_on) values ($1, $2, $3, $4)
         on conflict (letter_id, level, due_on) do nothing returning id",
    )
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
    let (kind, people): (Kind, Vec<i64>) = match level {
        Alert::Yellow => (
            Kind::LetterDueSoon,
            sqlx::query_scalar(
                "select account_id from staff where department_id = $1 order by account_id",
            )
            .bind(department)
            .fetch_all(&mut *tx)
            .await?,
        ),
        Alert::Red => (
            Kind::LetterOverdue,
            sqlx::query_scalar(
                "select s.account_id from staff s where s.department_id = $1 and s.unit_head
                 union
                 select s.account_id from staff s join department d on d.id = s.department_id
                 where d.region_code = $2 and d.code = $3
                 order by 1",
            )
            .bind(department)
            .bind(region)
            .bind(CENTRE_DEPARTMENT)
            .fetch_all(&mut *tx)
            .await?,
        ),
    };
    let params = Params {
        case_no: no.clone(),
        step: app::catalog::Bilingual {
            zh: subject.clone(),
            en: subject.clone(),
        },
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
            link: Some(format!("/letters/{no}")),
            alert_id: None,
        };
        if send(&mut tx, &out, mail).await?.is_some() {
            sent += 1;
        }
    }
    tx.commit().await?;
    Ok(Some(sent))
}
