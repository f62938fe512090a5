//! The audit trail (`audit_event`, append-only by a trigger): sign-ins,
//! failures, locks, role changes and every read of a person's data by staff.

use crate::{catalog::Bilingual, error::AppError};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Login,
    LoginFailed,
    AccountLocked,
    Logout,
    PasswordChanged,
    AccountCreated,
    RoleChanged,
    PersonalDataRead,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Action::Login => "login",
            Action::LoginFailed => "login_failed",
            Action::AccountLocked => "account_locked",
            Action::Logout => "logout",
            Action::PasswordChanged => "password_changed",
            Action::AccountCreated => "account_created",
            Action::RoleChanged => "role_changed",
            Action::PersonalDataRead => "personal_data_read",
        }
    }
}

/// One event: who did it, whose account or data it concerns.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    pub action: Action,
    pub actor: Option<i64>,
    pub subject: Option<i64>,
    pub client: Option<&'a str>,
    pub detail: Option<&'a str>,
}

impl<'a> Event<'a> {
    pub fn new(action: Action) -> Self {
        Event {
            action,
            actor: None,
            subject: None,
            client: None,
            detail: None,
        }
    }
}

/// Appends an event; a staff actor's department and post are recorded as
/// they are now.
pub async fn record<'e>(db: impl sqlx::PgExecutor<'e>, e: Event<'_>) -> Result<(), AppError> {
    sqlx::query(
        "insert into audit_event (action, actor_id, subject_id, department_id, post_id, client, detail)
         select $1, $2, $3, s.department_id, s.post_id, $4, $5
         from (select 1) one left join staff s on s.account_id = $2",
    )
    .bind(e.action.code())
    .bind(e.actor)
    .bind(e.subject)
    .bind(e.client)
    .bind(e.detail)
    .execute(db)
    .await?;
    Ok(())
}

/// One staff access to a person's data, as the person sees it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    /// Local time (China Standard Time), `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub department: Bilingual,
    pub post: Bilingual,
    pub what: String,
}

/// Every staff access to `subject`'s data, newest first (at most `limit`).
pub async fn accesses_to(pool: &PgPool, subject: i64, limit: i64) -> Result<Vec<Access>, AppError> {
    let rows: Vec<(String, Bilingual, Bilingual, Option<String>)> = sqlx::query_as(
        "select to_char(e.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                row(coalesce(d.name_zh, ''), coalesce(d.name_en, '')),
                row(coalesce(p.name_zh, ''), coalesce(p.name_en, '')), e.detail
         from audit_event e
         left join department d on d.id = e.department_id
         left join department_post p on p.id = e.post_id
         where e.subject_id = $1 and e.action = 'personal_data_read'
         order by e.at desc, e.id desc limit $2",
    )
    .bind(subject)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, department, post, what)| Access {
            at,
            department,
            post,
            what: what.unwrap_or_default(),
        })
        .collect())
}
