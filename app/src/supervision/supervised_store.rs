//! The supervisor's read-only case view in the database (issue 17): the
//! read recorded in the audit trail, the steps, the notices, the history.

use super::{
    notice_store::{of_case, supervised},
    supervised::SupervisedCase,
};
use crate::{
    accounts::{audit, Me},
    clock::format_date,
    error::AppError,
    i18n::Bilingual,
};
use sqlx::PgPool;
use time::Date;

/// How the audit trail's `detail` of a supervisor reading a case begins;
/// the case number follows.
pub const SUPERVISION_READ: &str = "supervision ";

/// Case `case_no` as a supervisor of its region reads it (read only; the
/// read is recorded in the audit trail, which its applicant sees).
pub async fn supervised_case(
    pool: &PgPool,
    me: &Me,
    case_no: &str,
    today: Date,
) -> Result<SupervisedCase, AppError> {
    let (case_id, applicant, _) = supervised(pool, me, case_no).await?;
    let detail = format!("{SUPERVISION_READ}{case_no}");
    crate::accounts::store::audit::record(
        pool,
        audit::Event::personal_read(me.id, applicant, &detail),
    )
    .await?;
    let (service, submitted_at, due): (Bilingual, String, Date) = sqlx::query_as(
        "select row(coalesce(i.name_zh, b.name_zh), coalesce(i.name_en, b.name_en)),
                to_char(c.submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), c.due_on
         from case_file c
         left join service_item i on i.id = c.item_id
         left join bundle b on b.id = c.bundle_id
         where c.id = $1",
    )
    .bind(case_id)
    .fetch_one(pool)
    .await?;
    let steps = crate::workflow::store::steps(pool, case_id, today).await?;
    let late = steps.iter().filter(|s| s.late).map(|s| s.task_id).collect();
    Ok(SupervisedCase {
        case_no: case_no.to_string(),
        service,
        submitted_at,
        due_on: format_date(due),
        steps,
        late,
        notices: of_case(pool, case_id).await?,
        history: crate::workflow::desk_store::history(pool, case_id).await?,
    })
}
