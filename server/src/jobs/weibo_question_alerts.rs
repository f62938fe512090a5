//! The deadline monitor's microblog questions scan (issue 21): every
//! question still waiting for its answer, through the one deadline-alert
//! scan ([`super::deadline_alerts`]): yellow to its owner and the account's
//! responders, red to the account's reviewers and the unit's heads; once
//! per question, level and deadline (`weibo_question_alert`).

use super::deadline_alerts::{self, Report, Watch};
use app::{clock::Calendar, error::AppError, notifications::store::MailOn, notifications::Kind};
use sqlx::PgPool;
use time::Date;

/// Questions waiting for their answer, with their account's unit.
pub const WATCH: Watch = Watch {
    rows: "select q.id, q.question_no, w.name, w.department_id, w.region_code, q.due_on,
             row(d.name_zh, d.name_en)
         from weibo_question q join weibo_account w on w.id = q.weibo_account_id
         join department d on d.id = w.department_id
         where q.state in ('open', 'acknowledged', 'answering')
         order by q.due_on, q.id",
    table: "weibo_question_alert",
    column: "question_id",
    yellow: (
        Kind::WeiboQuestionDueSoon,
        "select q.owner_id from weibo_question q, watched w where q.id = w.id and q.owner_id is not null
         union
         select m.account_id from weibo_member m join weibo_question q on q.weibo_account_id = m.weibo_account_id
         join staff s on s.account_id = m.account_id, watched w
         where q.id = w.id and m.role = 'responder' and s.department_id = w.department
         order by 1",
    ),
    red: (
        Kind::WeiboQuestionOverdue,
        "select m.account_id from weibo_member m join weibo_question q on q.weibo_account_id = m.weibo_account_id
         join staff s on s.account_id = m.account_id, watched w
         where q.id = w.id and m.role = 'reviewer' and s.department_id = w.department
         union
         select s.account_id from staff s, watched w where s.department_id = w.department and s.unit_head
         order by 1",
    ),
    link: |no| format!("/staff/weibo/questions/{no}"),
};

/// Scans every waiting question on `today` and raises its alert, once.
pub async fn scan(
    pool: &PgPool,
    cal: &Calendar,
    today: Date,
    warn_days: u32,
    mail: Option<&MailOn>,
) -> Result<Report, AppError> {
    deadline_alerts::scan(pool, &WATCH, cal, today, warn_days, mail).await
}
