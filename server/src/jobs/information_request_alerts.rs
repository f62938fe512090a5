//! The deadline monitor's requests scan (issue 20): for every request for
//! information whose clock runs (received, not stopped for a supplement or
//! a third party), the alert of `app::supervision::alert` on the official
//! calendar — yellow within the warning days of its answer deadline, red
//! once past it. Each alert is recorded once (`information_request_alert`,
//! unique per request, level and deadline) and only the scan that recorded
//! it sends its messages, in the same transaction: yellow to the
//! department's staff, red to its disclosure office heads (publishing role
//! `office_head`) and unit heads.

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

/// What one scan did: requests looked at, alerts raised, messages sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    pub requests: usize,
    pub alerts: usize,
    pub notifications: usize,
}

type Watched = (i64, String, i64, Date, Bilingual);

/// Scans every request whose clock runs on `today` and raises its alert, once.
pub async fn scan(
    pool: &PgPool,
    cal: &Calendar,
    today: Date,
    warn_days: u32,
    mail: Option<&MailOn>,
) -> Result<Report, AppError> {
    let requests: Vec<Watched> = sqlx::query_as(
        "select r.id, r.request_no, r.department_id, r.due_on, row(d.name_zh, d.name_en)
         from information_request r join department d on d.id = r.department_id
         where r.state = 'received'
         order by r.due_on, r.id",
    )
    .fetch_all(pool)
    .await?;
    let mut report = Report {
        requests: requests.len(),
        ..Report::default()
    };
    for request in requests {
        let Some(level) = alert(cal, request.3, today, &[], warn_days) else {
            continue;
        };
        if let Some(sent) = raise(pool, &request, level, today, mail).await? {
            report.alerts += 1;
            report.notifications += sent;
        }
    }
    Ok(report)
}

async fn raise(
    pool: &PgPool,
    (id, no, department, due_on, name): &Watched,
    level: Alert,
    today: Date,
    mail: Option<&MailOn>,
) -> Result<Option<usize>, AppError> {
    let mut tx = pool.begin().await?;
    let raised: Option<i64> = sqlx::query_scalar(
        "insert into information_request_alert (request_id, level, due_on, raised_on)
         values ($1, $2, $3, $4)
         on conflict (request_id, level, due_on) do nothing returning id",
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
            Kind::InformationRequestDueSoon,
            sqlx::query_scalar(
                "select account_id from staff where department_id = $1 order by account_id",
            )
            .bind(department)
            .fetch_all(&mut *tx)
            .await?,
        ),
        Alert::Red => (
            Kind::InformationRequestOverdue,
            sqlx::query_scalar(
                "select account_id from publishing_role where department_id = $1 and role = 'office_head'
                 union
                 select account_id from staff where department_id = $1 and unit_head
                 order by 1",
            )
            .bind(department)
            .fetch_all(&mut *tx)
            .await?,
        ),
    };
    let params = Params {
        case_no: no.clone(),
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
            link: Some(format!("/staff/information-requests/{no}")),
            alert_id: None,
        };
        if send(&mut tx, &out, mail).await?.is_some() {
            sent += 1;
        }
    }
    tx.commit().await?;
    Ok(Some(sent))
}
