//! My enterprise in the database: the view (its cases through the
//! workflow's store, its investment projects, licences, annual reports,
//! reminders and the life-cycle bundles), recording an annual report as
//! filed, adding a licence, and the daily reminders — each enterprise in
//! one transaction, each reminder recorded once in `enterprise_reminder`
//! (`on conflict do nothing returning`) before its message is sent, so two
//! servers running the job at once never send one twice.

use super::{
    annual_report, check_filing, due_reminders, licence_state, AnnualReport, EnterpriseView,
    FileReportBody, HeldLicence, LicenceView, LifecycleService, ProjectLine, Reminder,
    ReminderKind, ReminderLine, LIFECYCLE_BUNDLES,
};
use crate::{
    accounts::{Me, Role},
    clock::format_date,
    error::AppError,
    i18n::{Bilingual, Lang, Msg},
    notifications::{
        store::{send, MailOn, Outgoing},
        Kind, Params,
    },
};
use sqlx::{PgPool, Postgres, Transaction};
use time::Date;

/// The enterprise of an enterprise account: its name, credit code and
/// founding date (the business licence's date, else the account's).
/// Anyone else: 403.
async fn enterprise_of(pool: &PgPool, me: &Me) -> Result<(String, String, Date), AppError> {
    if me.role != Role::Enterprise {
        return Err(AppError::Forbidden);
    }
    sqlx::query_as(
        "select e.name, e.credit_code,
                coalesce((select l.issued_on from licence l
                          where l.account_id = e.account_id and l.kind = 'business_licence'),
                         (a.created_at at time zone 'Asia/Shanghai')::date)
         from enterprise e join account a on a.id = e.account_id
         where e.account_id = $1",
    )
    .bind(me.id)
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::Forbidden)
}

/// id, name (zh, en), number, department (zh, en), issued on, valid until,
/// the case's number.
type LicenceRow = (
    i64,
    String,
    String,
    String,
    Bilingual,
    Date,
    Option<Date>,
    Option<String>,
);

async fn licences(pool: &PgPool, account: i64) -> Result<Vec<LicenceRow>, AppError> {
    Ok(sqlx::query_as(
        "select l.id, l.name_zh, l.name_en, l.number, row(d.name_zh, d.name_en),
                l.issued_on, l.valid_until, c.case_no
         from licence l
         join department d on d.id = l.department_id
         left join case_file c on c.id = l.case_id
         where l.account_id = $1
         order by l.kind = 'business_licence' desc, l.valid_until nulls first, l.id",
    )
    .bind(account)
    .fetch_all(pool)
    .await?)
}

async fn filed(pool: &PgPool, account: i64) -> Result<Vec<(i32, Date)>, AppError> {
    Ok(sqlx::query_as(
        "select year, filed_on from annual_report where account_id = $1 order by year",
    )
    .bind(account)
    .fetch_all(pool)
    .await?)
}

async fn projects(pool: &PgPool, account: i64) -> Result<Vec<ProjectLine>, AppError> {
    let rows: Vec<(String, String, String, Date)> = sqlx::query_as(
        "select code, name, kind, registered_on from investment_project
         where owner_id = $1 order by registered_on desc, id desc limit 50",
    )
    .bind(account)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(code, name, kind, on)| ProjectLine {
            link: format!("/investment/projects/{code}"),
            code,
            name,
            kind,
            registered_on: format_date(on),
        })
        .collect())
}

/// kind, key, sent on, the licence's name (zh, en) for a licence's.
type ReminderRow = (String, String, Date, Option<String>, Option<String>);

async fn reminders(pool: &PgPool, account: i64) -> Result<Vec<ReminderLine>, AppError> {
    let rows: Vec<ReminderRow> = sqlx::query_as(
        "select r.kind, r.key, r.sent_on, l.name_zh, l.name_en
         from enterprise_reminder r
         left join licence l on r.kind like 'licence%'
              and l.id = split_part(r.key, ':', 1)::bigint
         where r.account_id = $1
         order by r.sent_on desc, r.id desc limit 50",
    )
    .bind(account)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(kind, key, on, zh, en)| {
            let kind = ReminderKind::parse(&kind)?;
            let about = match (zh, en) {
                (Some(zh), Some(en)) => Bilingual::new(zh, en),
                _ => {
                    Bilingual::each(|lang: Lang| lang.fill(Msg::EntReminderYear, &[("year", &key)]))
                }
            };
            Some(ReminderLine {
                kind,
                about,
                sent_on: format_date(on),
            })
        })
        .collect())
}

/// The life-cycle bundles, each from the catalog of `region` (else its
/// city, else the first region that has it); a bundle the catalog lacks
/// is listed without a link.
async fn services(pool: &PgPool, region: u32) -> Result<Vec<LifecycleService>, AppError> {
    let keys: Vec<&str> = LIFECYCLE_BUNDLES.iter().map(|(_, k)| *k).collect();
    let rows: Vec<(String, i32, Bilingual)> = sqlx::query_as(
        "select b.key, b.region_code, row(b.name_zh, b.name_en) from bundle b
         where b.key = any($1)
         order by b.key, b.region_code = $2 desc,
                  b.region_code = (select parent_code from region where code = $2) desc,
                  b.region_code",
    )
    .bind(&keys)
    .bind(region as i32)
    .fetch_all(pool)
    .await?;
    Ok(LIFECYCLE_BUNDLES
        .iter()
        .map(|(stage, key)| {
            let found = rows.iter().find(|(k, ..)| k == key);
            LifecycleService {
                stage: *stage,
                key: key.to_string(),
                name: found.map(|(.., name)| name.clone()),
                link: found.map(|(k, r, _)| format!("/apply?bundle={r}/{k}")),
            }
        })
        .collect())
}

/// My enterprise on `today` (enterprise accounts only: 403), with the
/// life-cycle services of `region`.
pub async fn view(
    pool: &PgPool,
    me: &Me,
    today: Date,
    region: u32,
) -> Result<EnterpriseView, AppError> {
    let (name, credit_code, founded) = enterprise_of(pool, me).await?;
    let licences = licences(pool, me.id)
        .await?
        .into_iter()
        .map(
            |(_, zh, en, number, department, issued, until, case_no)| LicenceView {
                name: Bilingual::new(zh, en),
                number,
                department,
                issued_on: format_date(issued),
                valid_until: until.map(format_date),
                state: licence_state(until, today),
                case_no,
            },
        )
        .collect();
    Ok(EnterpriseView {
        name,
        credit_code,
        founded_on: format_date(founded),
        cases: crate::workflow::store::my_cases(pool, me, today, 50).await?,
        projects: projects(pool, me.id).await?,
        licences,
        annual_report: annual_report(today, founded.year(), &filed(pool, me.id).await?),
        reminders: reminders(pool, me.id).await?,
        services: services(pool, region).await?,
    })
}

/// Records the annual report of `body.year` as filed on `today`
/// (enterprise accounts only). Filing a year again changes nothing:
/// `false` then, `true` when this call recorded it.
pub async fn file_report(
    pool: &PgPool,
    me: &Me,
    today: Date,
    body: &FileReportBody,
) -> Result<bool, AppError> {
    let (.., founded) = enterprise_of(pool, me).await?;
    check_filing(today, founded.year(), body.year, body.declared)?;
    let done: Option<i32> = sqlx::query_scalar(
        "insert into annual_report (account_id, year, filed_on) values ($1, $2, $3)
         on conflict (account_id, year) do nothing returning year",
    )
    .bind(me.id)
    .bind(body.year)
    .bind(today)
    .fetch_optional(pool)
    .await?;
    Ok(done.is_some())
}

/// The annual report status of an enterprise account on `today`.
pub async fn report_status(pool: &PgPool, me: &Me, today: Date) -> Result<AnnualReport, AppError> {
    let (.., founded) = enterprise_of(pool, me).await?;
    Ok(annual_report(
        today,
        founded.year(),
        &filed(pool, me.id).await?,
    ))
}

/// A licence to record (demo data, tests; the hall's own issuing cases
/// would call this too).
pub struct NewLicence<'a> {
    pub account_id: i64,
    /// The business licence (营业执照): its date is the founding date.
    pub business: bool,
    pub name: Bilingual,
    pub number: &'a str,
    pub department_id: i64,
    pub issued_on: Date,
    pub valid_until: Option<Date>,
    pub case_id: Option<i64>,
}

/// Records a licence; the same department and number again updates its
/// dates (a renewal). Its id.
pub async fn add_licence(pool: &PgPool, l: &NewLicence<'_>) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "insert into licence (account_id, kind, name_zh, name_en, number, department_id,
                              issued_on, valid_until, case_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (department_id, number) do update
            set issued_on = excluded.issued_on, valid_until = excluded.valid_until
         returning id",
    )
    .bind(l.account_id)
    .bind(if l.business {
        "business_licence"
    } else {
        "permit"
    })
    .bind(&l.name.zh)
    .bind(&l.name.en)
    .bind(l.number)
    .bind(l.department_id)
    .bind(l.issued_on)
    .bind(l.valid_until)
    .bind(l.case_id)
    .fetch_one(pool)
    .await?)
}

/// What one run of the reminders did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReminderReport {
    /// Enterprises looked at.
    pub enterprises: usize,
    /// Reminders this run sent (not those another server sent first).
    pub sent: usize,
}

/// Sends the reminders due on `today` to every enterprise: the daily job.
pub async fn send_reminders(
    pool: &PgPool,
    today: Date,
    mail: Option<&MailOn>,
) -> Result<ReminderReport, AppError> {
    let accounts: Vec<i64> = sqlx::query_scalar("select account_id from enterprise order by 1")
        .fetch_all(pool)
        .await?;
    let mut report = ReminderReport {
        enterprises: accounts.len(),
        ..ReminderReport::default()
    };
    for account in accounts {
        report.sent += remind_account(pool, account, today, mail).await?;
    }
    Ok(report)
}

/// One enterprise's reminders due on `today`, in one transaction: each
/// recorded, then sent only if this transaction recorded it. How many it
/// sent.
pub async fn remind_account(
    pool: &PgPool,
    account: i64,
    today: Date,
    mail: Option<&MailOn>,
) -> Result<usize, AppError> {
    let mut tx = pool.begin().await?;
    let (name, founded): (String, Date) = sqlx::query_as(
        "select e.name,
                coalesce((select l.issued_on from licence l
                          where l.account_id = e.account_id and l.kind = 'business_licence'),
                         (a.created_at at time zone 'Asia/Shanghai')::date)
         from enterprise e join account a on a.id = e.account_id
         where e.account_id = $1",
    )
    .bind(account)
    .fetch_one(&mut *tx)
    .await?;
    let held: Vec<(i64, Option<Date>)> =
        sqlx::query_as("select id, valid_until from licence where account_id = $1")
            .bind(account)
            .fetch_all(&mut *tx)
            .await?;
    let held: Vec<HeldLicence> = held
        .into_iter()
        .map(|(id, valid_until)| HeldLicence { id, valid_until })
        .collect();
    let years: Vec<i32> =
        sqlx::query_scalar("select year from annual_report where account_id = $1")
            .bind(account)
            .fetch_all(&mut *tx)
            .await?;
    let sent: Vec<(String, String)> =
        sqlx::query_as("select kind, key from enterprise_reminder where account_id = $1")
            .bind(account)
            .fetch_all(&mut *tx)
            .await?;
    let sent: Vec<(ReminderKind, String)> = sent
        .into_iter()
        .filter_map(|(k, key)| ReminderKind::parse(&k).map(|k| (k, key)))
        .collect();
    let due = due_reminders(today, founded.year(), &held, &years, &sent);
    let mut count = 0;
    for reminder in &due {
        if record(&mut tx, account, reminder, today).await? {
            tell(&mut tx, account, &name, reminder, mail).await?;
            count += 1;
        }
    }
    tx.commit().await?;
    Ok(count)
}

/// Records a reminder as sent; `false` when it was (by another server).
async fn record(
    tx: &mut Transaction<'_, Postgres>,
    account: i64,
    r: &Reminder,
    today: Date,
) -> Result<bool, AppError> {
    let id: Option<i64> = sqlx::query_scalar(
        "insert into enterprise_reminder (account_id, kind, key, sent_on) values ($1, $2, $3, $4)
         on conflict (account_id, kind, key) do nothing returning id",
    )
    .bind(account)
    .bind(r.kind.as_str())
    .bind(&r.key)
    .bind(today)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(id.is_some())
}

/// The inbox message (and its e-mail) of a reminder.
async fn tell(
    tx: &mut Transaction<'_, Postgres>,
    account: i64,
    enterprise: &str,
    r: &Reminder,
    mail: Option<&MailOn>,
) -> Result<(), AppError> {
    let (kind, params) = match r.licence {
        Some(id) => {
            let (name, number, department): (Bilingual, String, Bilingual) = sqlx::query_as(
                "select row(l.name_zh, l.name_en), l.number, row(d.name_zh, d.name_en)
                 from licence l join department d on d.id = l.department_id where l.id = $1",
            )
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
            (
                Kind::LicenceExpiring,
                Params {
                    case_no: number,
                    step: name,
                    department,
                    due_on: format_date(r.due_on),
                    enterprise: enterprise.to_string(),
                },
            )
        }
        None => (
            match r.kind {
                ReminderKind::AnnualReportJune => Kind::AnnualReportJune,
                _ => Kind::AnnualReportOpen,
            },
            Params {
                case_no: r.key.clone(),
                due_on: format_date(r.due_on),
                enterprise: enterprise.to_string(),
                ..Params::default()
            },
        ),
    };
    send(
        tx,
        &Outgoing {
            recipient: account,
            kind,
            params: &params,
            link: Some("/me/enterprise".into()),
            alert_id: None,
        },
        mail,
    )
    .await?;
    Ok(())
}
