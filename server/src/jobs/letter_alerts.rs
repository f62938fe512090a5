//! The deadline monitor's letters scan (issue 19): every letter whose lead
//! department's deadline runs (dispatched or being handled), through the
//! one deadline-alert scan ([`super::deadline_alerts`]): yellow to the
//! department's staff, red to the department's unit heads and the region's
//! hotline centre (staff of its ZWSJJ).

use super::deadline_alerts::{self, Report, Watch};
use app::{clock::Calendar, error::AppError, notifications::store::MailOn, notifications::Kind};
use sqlx::PgPool;
use time::Date;

/// Letters under way, with their lead department.
pub const WATCH: Watch = Watch {
    rows: "select l.id, l.letter_no, l.subject, l.department_id, l.region_code, l.due_on,
             row(d.name_zh, d.name_en)
         from letter l join department d on d.id = l.department_id
         where l.state in ('dispatched', 'handling') and l.due_on is not null
         order by l.due_on, l.id",
    table: "letter_alert",
    column: "letter_id",
    yellow: (
        Kind::LetterDueSoon,
        "select s.account_id from staff s, watched w where s.department_id = w.department
         order by 1",
    ),
    red: (
        Kind::LetterOverdue,
        // The centre: staff of the region's ZWSJJ (CENTRE_DEPARTMENT).
        "select s.account_id from staff s, watched w where s.department_id = w.department and s.unit_head
         union
         select s.account_id from staff s join department d on d.id = s.department_id, watched w
         where d.region_code = w.region and d.code = 'ZWSJJ'
         order by 1",
    ),
    link: |no| format!("/letters/{no}"),
};

/// Scans every letter under way on `today` and raises its alert, once.
pub async fn scan(
    pool: &PgPool,
    cal: &Calendar,
    today: Date,
    warn_days: u32,
    mail: Option<&MailOn>,
) -> Result<Report, AppError> {
    deadline_alerts::scan(pool, &WATCH, cal, today, warn_days, mail).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_red_alert_goes_to_the_centre_department() {
        let centre = app::letters::store::CENTRE_DEPARTMENT;
        assert!(super::WATCH.red.1.contains(&format!("d.code = '{centre}'")));
    }
}
