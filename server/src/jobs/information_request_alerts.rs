//! The deadline monitor's requests scan (issue 20): every request for
//! information whose clock runs (received, not stopped for a supplement or
//! a third party), through the one deadline-alert scan
//! ([`super::deadline_alerts`]): yellow to the department's staff, red to
//! its disclosure office heads (publishing role `office_head`) and unit
//! heads.

use super::deadline_alerts::{self, Report, Watch};
use app::{clock::Calendar, error::AppError, notifications::store::MailOn, notifications::Kind};
use sqlx::PgPool;
use time::Date;

/// Requests whose clock runs.
pub const WATCH: Watch = Watch {
    rows: "select r.id, r.request_no, null::text, r.department_id, d.region_code, r.due_on,
             row(d.name_zh, d.name_en)
         from information_request r join department d on d.id = r.department_id
         where r.state = 'received'
         order by r.due_on, r.id",
    table: "information_request_alert",
    column: "request_id",
    yellow: (
        Kind::InformationRequestDueSoon,
        "select s.account_id from staff s, watched w where s.department_id = w.department
         order by 1",
    ),
    red: (
        Kind::InformationRequestOverdue,
        "select p.account_id from publishing_role p, watched w
         where p.department_id = w.department and p.role = 'office_head'
         union
         select s.account_id from staff s, watched w where s.department_id = w.department and s.unit_head
         order by 1",
    ),
    link: |no| format!("/staff/information-requests/{no}"),
};

/// Scans every request whose clock runs on `today` and raises its alert, once.
pub async fn scan(
    pool: &PgPool,
    cal: &Calendar,
    today: Date,
    warn_days: u32,
    mail: Option<&MailOn>,
) -> Result<Report, AppError> {
    deadline_alerts::scan(pool, &WATCH, cal, today, warn_days, mail).await
}
