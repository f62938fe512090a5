//! Notifications in the database: sending one (inside the caller's
//! transaction, with its e-mail queued in the outbox when mail is on and the
//! recipient has an address), reading the inbox, the unread count, and
//! marking a message read; and the people around a step an alert may
//! concern (who of them is told is [`super::recipients`]).

use super::{email, render, Kind, NotificationView, Params, StepPeople};
use crate::{
    error::AppError,
    i18n::Lang,
    supervision::{store::WatchedStep, Alert},
};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};

/// Whether messages also go out by e-mail, and the site's public origin to
/// link them to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailOn {
    /// e.g. `https://hall.example.gov.cn` (no trailing slash).
    pub origin: Option<String>,
}

/// A message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing<'a> {
    pub recipient: i64,
    pub kind: Kind,
    pub params: &'a Params,
    pub link: Option<String>,
    /// The alert it reports (one message per person per alert).
    pub alert_id: Option<i64>,
}

/// Sends a message in `tx`: the inbox row, and with `mail` its e-mail in the
/// outbox when the recipient has an address. `None` when this person already
/// had the message of this alert.
pub async fn send(
    tx: &mut Transaction<'_, Postgres>,
    out: &Outgoing<'_>,
    mail: Option<&MailOn>,
) -> Result<Option<i64>, AppError> {
    let params = serde_json::to_string(out.params).map_err(AppError::internal)?;
    let id: Option<i64> = sqlx::query_scalar(
        "insert into notification (recipient_id, kind, params, link, alert_id)
         values ($1, $2, $3::jsonb, $4, $5)
         on conflict (alert_id, recipient_id) do nothing
         returning id",
    )
    .bind(out.recipient)
    .bind(out.kind.as_str())
    .bind(params)
    .bind(out.link.as_deref())
    .bind(out.alert_id)
    .fetch_optional(&mut **tx)
    .await?;
    let (Some(id), Some(mail)) = (id, mail) else {
        return Ok(id);
    };
    let address: Option<String> = sqlx::query_scalar("select email from account where id = $1")
        .bind(out.recipient)
        .fetch_one(&mut **tx)
        .await?;
    if let Some(to) = address {
        let (subject, body) = email(
            out.kind,
            out.params,
            out.link.as_deref(),
            mail.origin.as_deref(),
        );
        sqlx::query(
            "insert into mail_outbox (notification_id, to_address, subject, body)
             values ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(to)
        .bind(subject)
        .bind(body)
        .execute(&mut **tx)
        .await?;
    }
    Ok(Some(id))
}

/// The newest `limit` messages of an account, in `lang`.
pub async fn inbox(
    pool: &PgPool,
    account: i64,
    lang: Lang,
    limit: i64,
) -> Result<Vec<NotificationView>, AppError> {
    let rows: Vec<(i64, String, String, Option<String>, String, bool)> = sqlx::query_as(
        "select id, kind, params::text, link,
                to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                read_at is not null
         from notification where recipient_id = $1
         order by id desc limit $2",
    )
    .bind(account)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(id, kind, params, link, created_at, read)| {
            let kind = Kind::parse(&kind)
                .ok_or_else(|| AppError::internal(format!("unknown notification kind {kind}")))?;
            let params: Params = serde_json::from_str(&params).map_err(AppError::internal)?;
            let (title, body) = render(kind, &params, lang);
            Ok(NotificationView {
                id,
                kind,
                title,
                body,
                link,
                created_at,
                read,
            })
        })
        .collect()
}

/// How many messages of an account are unread.
pub async fn unread(pool: &PgPool, account: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "select count(*) from notification where recipient_id = $1 and read_at is null",
    )
    .bind(account)
    .fetch_one(pool)
    .await?)
}

/// Marks a message of this account read (again: no change). Someone else's
/// message, or none, is `NotFound`.
pub async fn mark_read(pool: &PgPool, account: i64, id: i64) -> Result<(), AppError> {
    let done: Option<i64> = sqlx::query_scalar(
        "update notification set read_at = coalesce(read_at, now())
         where id = $1 and recipient_id = $2 returning id",
    )
    .bind(id)
    .bind(account)
    .fetch_optional(pool)
    .await?;
    done.map(|_| ()).ok_or(AppError::NotFound)
}

/// The people an alert of `level` on `step` may concern, read in the
/// alert's transaction: its handler and applicant; for a yellow alert the
/// clerks at its post; for a red one the heads of its unit and the
/// supervisors of its department's region and every region above, with how
/// far up they sit (0: the same region).
pub async fn step_people(
    conn: &mut PgConnection,
    step: &WatchedStep,
    level: Alert,
) -> Result<StepPeople, AppError> {
    let mut people = StepPeople {
        handler: step.handler,
        applicant: step.applicant_id,
        ..StepPeople::default()
    };
    match level {
        Alert::Yellow => {
            people.post_staff = sqlx::query_scalar(
                "select account_id from staff where post_id = $1 order by account_id",
            )
            .bind(step.post_id)
            .fetch_all(&mut *conn)
            .await?;
        }
        Alert::Red => {
            people.unit_heads = sqlx::query_scalar(
                "select account_id from staff where unit_id = $1 and unit_head order by account_id",
            )
            .bind(step.unit_id)
            .fetch_all(&mut *conn)
            .await?;
            let supervisors: Vec<(i64, i32)> = sqlx::query_as(
                "with recursive up (code, depth) as (
                     select region_code, 0 from department where id = $1
                     union all
                     select r.parent_code, up.depth + 1 from up join region r on r.code = up.code
                     where r.parent_code is not null
                 )
                 select s.account_id, up.depth from supervisor s join up on up.code = s.region_code
                 order by s.account_id",
            )
            .bind(step.department_id)
            .fetch_all(&mut *conn)
            .await?;
            people.supervisors = supervisors
                .into_iter()
                .map(|(id, depth)| (id, depth.max(0) as u32))
                .collect();
        }
    }
    Ok(people)
}

// ---- issue 17, after: the applicant told at each event of their case ----

/// Where e-mail copies go, by database: set at start-up by a server that
/// has a mail server (`BANSHI_SMTP_URL`); without it messages stay in the
/// inbox. By database because one process may serve several (the tests'
/// servers, each over a database of its own).
static MAIL: std::sync::LazyLock<std::sync::Mutex<Vec<(String, MailOn)>>> =
    std::sync::LazyLock::new(Default::default);

/// Turns e-mail copies of case messages on for the database `pool` reads
/// (the server's start-up; tests).
pub fn set_mail(pool: &PgPool, on: MailOn) {
    let database = pool
        .connect_options()
        .get_database()
        .unwrap_or_default()
        .to_string();
    if let Ok(mut mail) = MAIL.lock() {
        mail.retain(|(d, _)| *d != database);
        mail.push((database, on));
    }
}

/// The e-mail setting of the database `tx` writes, if e-mail is on.
pub async fn mail_of(tx: &mut Transaction<'_, Postgres>) -> Result<Option<MailOn>, AppError> {
    if MAIL.lock().map_or(true, |m| m.is_empty()) {
        return Ok(None);
    }
    let database: String = sqlx::query_scalar("select current_database()::text")
        .fetch_one(&mut **tx)
        .await?;
    Ok(MAIL.lock().ok().and_then(|m| {
        m.iter()
            .find(|(d, _)| *d == database)
            .map(|(_, on)| on.clone())
    }))
}

/// Sends the applicant of the case the messages of what one write
/// changed ([`super::case::messages`]), in the write's transaction.
pub async fn case_moved(
    tx: &mut Transaction<'_, Postgres>,
    case_id: i64,
    case_no: &str,
    applicant: i64,
    due_on: time::Date,
    moved: &super::case::CaseMoved,
) -> Result<(), AppError> {
    let messages = super::case::messages(moved);
    if messages.is_empty() {
        return Ok(());
    }
    let mail = mail_of(tx).await?;
    let service: crate::i18n::Bilingual = sqlx::query_scalar(
        "select row(coalesce(i.name_zh, b.name_zh), coalesce(i.name_en, b.name_en))
         from case_file c left join service_item i on i.id = c.item_id
         left join bundle b on b.id = c.bundle_id where c.id = $1",
    )
    .bind(case_id)
    .fetch_one(&mut **tx)
    .await?;
    for (kind, task) in messages {
        let (step, department) = match task {
            Some(task) => {
                sqlx::query_as(
                    "select row(t.name_zh, t.name_en), row(d.name_zh, d.name_en)
                     from case_task t join department d on d.id = t.department_id where t.id = $1",
                )
                .bind(task)
                .fetch_one(&mut **tx)
                .await?
            }
            None => (service.clone(), crate::i18n::Bilingual::default()),
        };
        let params = Params {
            case_no: case_no.to_string(),
            step,
            department,
            due_on: crate::clock::format_date(due_on),
            enterprise: String::new(),
        };
        let link = match kind {
            Kind::PleaseRate => format!("/cases/{case_no}#rate-h"),
            _ => format!("/cases/{case_no}"),
        };
        send(
            tx,
            &Outgoing {
                recipient: applicant,
                kind,
                params: &params,
                link: Some(link),
                alert_id: None,
            },
            mail.as_ref(),
        )
        .await?;
    }
    Ok(())
}
