//! The `audit_event` table: appending events, reading a person's accesses.

use crate::{
    accounts::audit::{Access, Event},
    catalog::Bilingual,
    error::AppError,
};
use sqlx::PgPool;

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

/// Every staff access to `subject`'s data, newest first (at most `limit`).
pub async fn accesses_to(pool: &PgPool, subject: i64, limit: i64) -> Result<Vec<Access>, AppError> {
    let rows: Vec<(String, Bilingual, Bilingual, Option<String>)> = sqlx::query_as(
        "select to_char(e.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                row(coalesce(d.name_zh, sr.name_zh, ''), coalesce(d.name_en, sr.name_en, '')),
                row(coalesce(p.name_zh, ''), coalesce(p.name_en, '')), e.detail
         from audit_event e
         left join department d on d.id = e.department_id
         left join department_post p on p.id = e.post_id
         left join supervisor sv on e.department_id is null and sv.account_id = e.actor_id
         left join region sr on sr.code = sv.region_code
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
