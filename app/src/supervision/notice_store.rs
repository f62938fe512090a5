//! Supervision notices (督办) and the supervisor's read-only case view in
//! the database (issue 17). A notice and its inbox messages are written in
//! one transaction; so is an answer and the message to the supervisor.

use super::{
    notice::{NoticeProblem, NoticeView, NOTE, REPLY},
    store::watched_region,
};
use crate::{
    accounts::{Me, Role},
    clock::format_date,
    error::AppError,
    i18n::Bilingual,
    notifications::{
        store::{send, Outgoing},
        Kind, Params,
    },
    workflow::engine::TaskState,
};
use sqlx::PgPool;
use time::Date;

type NoticeRow = (
    i64,
    i64,
    Bilingual,
    Bilingual,
    String,
    Date,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

const NOTICES: &str =
    "select n.id, n.task_id, row(t.name_zh, t.name_en), row(d.name_zh, d.name_en),
        n.note, n.sent_on, s.display_name, n.reply, r.display_name,
        to_char(n.replied_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
    from supervision_notice n
    join case_task t on t.id = n.task_id
    join department d on d.id = t.department_id
    join account s on s.id = n.sent_by
    left join account r on r.id = n.replied_by";

fn notice_view(r: NoticeRow) -> NoticeView {
    let (id, task_id, step, department, note, sent_on, sent_by, reply, replied_by, replied_at) = r;
    NoticeView {
        id,
        task_id,
        step,
        department,
        note,
        sent_on: format_date(sent_on),
        sent_by,
        reply,
        replied_by,
        replied_at,
    }
}

/// The notices about task `task_id`, newest first.
pub async fn of_task(pool: &PgPool, task_id: i64) -> Result<Vec<NoticeView>, AppError> {
    let rows: Vec<NoticeRow> = sqlx::query_as(&format!(
        "{NOTICES} where n.task_id = $1 order by n.id desc limit 50"
    ))
    .bind(task_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(notice_view).collect())
}

/// The notices about case `case_id`, newest first.
pub async fn of_case(pool: &PgPool, case_id: i64) -> Result<Vec<NoticeView>, AppError> {
    let rows: Vec<NoticeRow> = sqlx::query_as(&format!(
        "{NOTICES} where n.case_id = $1 order by n.id desc limit 200"
    ))
    .bind(case_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(notice_view).collect())
}

/// A case `me` supervises: its id and applicant, when a step of it belongs
/// to a department of the region `me` watches. Anyone else: `NotFound`
/// (`Forbidden` for those who are not supervisors).
pub async fn supervised(
    pool: &PgPool,
    me: &Me,
    case_no: &str,
) -> Result<(i64, i64, u32), AppError> {
    let region = watched_region(pool, me).await?;
    let row: Option<(i64, i64)> = sqlx::query_as(
        "select c.id, c.applicant_id from case_file c
         where c.case_no = $1 and exists (
             select 1 from case_task t join department d on d.id = t.department_id
             join region r on r.code = d.region_code
             where t.case_id = c.id and ($2 = 440000 or d.region_code = $2 or r.parent_code = $2))",
    )
    .bind(case_no)
    .bind(region as i32)
    .fetch_optional(pool)
    .await?;
    let (id, applicant) = row.ok_or(AppError::NotFound)?;
    Ok((id, applicant, region))
}

/// A supervisor of the region sends a notice about late step `task_id` of
/// case `case_no`: recorded, and the clerks of its post and the heads of
/// its unit told in their inbox. Not a supervisor: `Forbidden`; not their
/// region's case: `NotFound`; a step not under way past its deadline: 409;
/// no note: 422 at `note`.
pub async fn send_notice(
    pool: &PgPool,
    me: &Me,
    case_no: &str,
    task_id: i64,
    note: &str,
    today: Date,
) -> Result<i64, AppError> {
    let (case_id, _, region) = supervised(pool, me, case_no).await?;
    type Step = (String, Option<Date>, i64, i64, Bilingual, Bilingual);
    let step: Option<Step> = sqlx::query_as(
        "select t.state, t.due_on, t.unit_id, t.post_id, row(t.name_zh, t.name_en),
                row(d.name_zh, d.name_en)
         from case_task t join department d on d.id = t.department_id
         where t.id = $1 and t.case_id = $2",
    )
    .bind(task_id)
    .bind(case_id)
    .fetch_optional(pool)
    .await?;
    let (state, due, unit_id, post_id, step, department) = step.ok_or(AppError::NotFound)?;
    let late = TaskState::parse(&state).is_some_and(|s| s.late_on(due, today));
    if !late {
        return Err(NoticeProblem::NotLate.into());
    }
    let note = NOTE.parse(note).map_err(|p| AppError::InvalidFields {
        fields: vec![p.at("note")],
    })?;
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "insert into supervision_notice (task_id, case_id, sent_by, region_code, note, sent_on)
         values ($1, $2, $3, $4, $5, $6) returning id",
    )
    .bind(task_id)
    .bind(case_id)
    .bind(me.id)
    .bind(region as i32)
    .bind(note.as_str())
    .bind(today)
    .fetch_one(&mut *tx)
    .await?;
    let people: Vec<i64> = sqlx::query_scalar(
        "select distinct account_id from staff
         where post_id = $1 or (unit_id = $2 and unit_head) order by account_id",
    )
    .bind(post_id)
    .bind(unit_id)
    .fetch_all(&mut *tx)
    .await?;
    let params = Params {
        case_no: case_no.to_string(),
        step,
        department,
        due_on: due.map(format_date).unwrap_or_default(),
        ..Params::default()
    };
    for recipient in people {
        send(
            &mut tx,
            &Outgoing {
                recipient,
                kind: Kind::SupervisionNotice,
                params: &params,
                link: Some(format!("/staff/tasks/{task_id}#notice-{id}")),
                alert_id: None,
            },
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The department answers notice `id`, once: a clerk of the step's post or
/// a head of its unit. Its sender is told. Anyone else: `NotFound`; a
/// second answer: 409; no text: 422 at `reply`. Answers the task's id.
pub async fn reply_notice(pool: &PgPool, me: &Me, id: i64, reply: &str) -> Result<i64, AppError> {
    if me.role != Role::Staff {
        return Err(AppError::Forbidden);
    }
    type Row = (
        i64,
        Option<String>,
        i64,
        String,
        Bilingual,
        Bilingual,
        Option<Date>,
    );
    let row: Option<Row> = sqlx::query_as(
        "select n.task_id, n.reply, n.sent_by, c.case_no, row(t.name_zh, t.name_en),
                row(d.name_zh, d.name_en), t.due_on
         from supervision_notice n
         join case_task t on t.id = n.task_id
         join case_file c on c.id = n.case_id
         join department d on d.id = t.department_id
         join staff s on s.account_id = $2
         where n.id = $1 and (s.post_id = t.post_id or (s.unit_head and s.unit_id = t.unit_id))",
    )
    .bind(id)
    .bind(me.id)
    .fetch_optional(pool)
    .await?;
    let (task_id, answered, sender, case_no, step, department, due) =
        row.ok_or(AppError::NotFound)?;
    if answered.is_some() {
        return Err(NoticeProblem::Answered.into());
    }
    let reply = REPLY.parse(reply).map_err(|p| AppError::InvalidFields {
        fields: vec![p.at("reply")],
    })?;
    let mut tx = pool.begin().await?;
    let done: Option<i64> = sqlx::query_scalar(
        "update supervision_notice set reply = $2, replied_by = $3, replied_at = now()
         where id = $1 and reply is null returning id",
    )
    .bind(id)
    .bind(reply.as_str())
    .bind(me.id)
    .fetch_optional(&mut *tx)
    .await?;
    if done.is_none() {
        return Err(NoticeProblem::Answered.into());
    }
    let params = Params {
        case_no: case_no.clone(),
        step,
        department,
        due_on: due.map(format_date).unwrap_or_default(),
        ..Params::default()
    };
    send(
        &mut tx,
        &Outgoing {
            recipient: sender,
            kind: Kind::SupervisionReply,
            params: &params,
            link: Some(format!("/supervision/cases/{case_no}#notice-{id}")),
            alert_id: None,
        },
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(task_id)
}

/// The task a notice is about, for sending a refused answer back to its
/// page.
pub async fn task_of_notice(pool: &PgPool, id: i64) -> Result<Option<i64>, AppError> {
    Ok(
        sqlx::query_scalar("select task_id from supervision_notice where id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}
