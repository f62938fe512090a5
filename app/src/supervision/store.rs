//! Keeping the rollups up to date: the workflow, ratings and applications
//! stores call these inside their own transactions, so a statistic never
//! disagrees with the record it comes from.

use super::{
    counts,
    rollup::{PostCounts, Rollup},
    step_share,
};
use crate::{
    clock::{Calendar, Pause},
    error::AppError,
    workflow::engine::{Task, TaskState},
};
use sqlx::PgConnection;
use time::Date;

/// Adds `r` to the rollups (upserts in key order). Additions that take
/// something out (a voided rating) update the existing rows: a new row
/// may not start below zero.
pub async fn write(conn: &mut PgConnection, r: &Rollup) -> Result<(), AppError> {
    let (ups, downs): (Vec<_>, Vec<_>) = r.posts.iter().partition(|(_, c)| {
        [
            c.finished,
            c.on_time,
            c.used_days,
            c.promised_days,
            c.supplemented,
        ]
        .into_iter()
        .chain(c.stars)
        .all(|v| v >= 0)
    });
    write_posts(conn, &ups, false).await?;
    write_posts(conn, &downs, true).await?;
    if !r.departments.is_empty() {
        let (mut month, mut department, mut cases, mut online) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for ((m, d), c) in &r.departments {
            month.push(*m);
            department.push(*d);
            cases.push(c.cases);
            online.push(c.online_cases);
        }
        sqlx::query(
            "insert into stat_department_month as s (month, department_id, cases, online_cases)
             select * from unnest($1::date[], $2::int8[], $3::int8[], $4::int8[])
             on conflict (month, department_id) do update set
                 cases = s.cases + excluded.cases,
                 online_cases = s.online_cases + excluded.online_cases",
        )
        .bind(month)
        .bind(department)
        .bind(cases)
        .bind(online)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

type PostEntry<'a> = (&'a (Date, i64), &'a PostCounts);

async fn write_posts(
    conn: &mut PgConnection,
    entries: &[PostEntry<'_>],
    existing: bool,
) -> Result<(), AppError> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut month = Vec::with_capacity(entries.len());
    let mut post = Vec::with_capacity(entries.len());
    let mut cols: [Vec<i64>; 10] = Default::default();
    for ((m, p), c) in entries {
        month.push(*m);
        post.push(*p);
        let values = [
            c.finished,
            c.on_time,
            c.used_days,
            c.promised_days,
            c.supplemented,
            c.stars[0],
            c.stars[1],
            c.stars[2],
            c.stars[3],
            c.stars[4],
        ];
        for (col, v) in cols.iter_mut().zip(values) {
            col.push(v);
        }
    }
    const VALUES: &str = "unnest($1::date[], $2::int8[], $3::int8[], $4::int8[], $5::int8[],
             $6::int8[], $7::int8[], $8::int8[], $9::int8[], $10::int8[], $11::int8[], $12::int8[])
         as v(month, post, finished, on_time, used, promised, supplemented, s1, s2, s3, s4, s5)";
    const ADD: &str = "finished = s.finished + {v}finished,
             on_time = s.on_time + {v}on_time,
             used_days = s.used_days + {v}used,
             promised_days = s.promised_days + {v}promised,
             supplemented = s.supplemented + {v}supplemented,
             stars_1 = s.stars_1 + {v}s1,
             stars_2 = s.stars_2 + {v}s2,
             stars_3 = s.stars_3 + {v}s3,
             stars_4 = s.stars_4 + {v}s4,
             stars_5 = s.stars_5 + {v}s5";
    let sql = if existing {
        format!(
            "update stat_post_month s set {} from {VALUES}
             where s.month = v.month and s.post_id = v.post",
            ADD.replace("{v}", "v.")
        )
    } else {
        format!(
            "insert into stat_post_month as s (month, post_id, unit_id, department_id, finished,
                 on_time, used_days, promised_days, supplemented, stars_1, stars_2, stars_3,
                 stars_4, stars_5)
             select v.month, v.post, p.unit_id, u.department_id, v.finished, v.on_time, v.used,
                    v.promised, v.supplemented, v.s1, v.s2, v.s3, v.s4, v.s5
             from {VALUES}
             join department_post p on p.id = v.post
             join department_unit u on u.id = p.unit_id
             order by v.month, v.post
             on conflict (month, post_id) do update set {}",
            ADD.replace("{v}finished", "excluded.finished")
                .replace("{v}on_time", "excluded.on_time")
                .replace("{v}used", "excluded.used_days")
                .replace("{v}promised", "excluded.promised_days")
                .replace("{v}supplemented", "excluded.supplemented")
                .replace("{v}s1", "excluded.stars_1")
                .replace("{v}s2", "excluded.stars_2")
                .replace("{v}s3", "excluded.stars_3")
                .replace("{v}s4", "excluded.stars_4")
                .replace("{v}s5", "excluded.stars_5")
        )
    };
    let [finished, on_time, used, promised, supplemented, s1, s2, s3, s4, s5] = cols;
    let done = sqlx::query(&sql)
        .bind(month)
        .bind(post)
        .bind(finished)
        .bind(on_time)
        .bind(used)
        .bind(promised)
        .bind(supplemented)
        .bind(s1)
        .bind(s2)
        .bind(s3)
        .bind(s4)
        .bind(s5)
        .execute(&mut *conn)
        .await?;
    if existing && done.rows_affected() != entries.len() as u64 {
        return Err(AppError::internal(
            "taking out of a statistics month that has nothing to take",
        ));
    }
    Ok(())
}

/// Adds the steps that `after` finishes (done or rejected, not before) on
/// `today` to their posts' records. `before` and `after` are the case's
/// tasks before and after the change, in the same order.
pub async fn steps_finished(
    conn: &mut PgConnection,
    cal: &Calendar,
    before: &[Task],
    after: &[Task],
    pauses: &[Pause],
    today: Date,
) -> Result<(), AppError> {
    let finished: Vec<&Task> = before
        .iter()
        .zip(after)
        .filter(|(old, new)| counts(new.kind) && is_finished(new.state) && !is_finished(old.state))
        .map(|(_, new)| new)
        .collect();
    if finished.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = finished.iter().map(|t| t.id).collect();
    let asked: Vec<i64> = sqlx::query_scalar(
        "select distinct task_id from supplement_request where task_id = any($1)",
    )
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?;
    let mut r = Rollup::default();
    for t in finished {
        let started = t.started_on.unwrap_or(today);
        let due = t.due_on.unwrap_or(today);
        let share = step_share(
            cal,
            started,
            due,
            t.limit_days,
            today,
            pauses,
            asked.contains(&t.id),
        );
        r.step(today, t.post_id, share);
    }
    write(conn, &r).await
}

fn is_finished(state: TaskState) -> bool {
    matches!(state, TaskState::Done | TaskState::Rejected)
}

/// Adds a rating of the step `task_id` (or takes a voided one out again).
pub async fn rating(
    conn: &mut PgConnection,
    task_id: i64,
    stars: u8,
    rated_on: Date,
    voided: bool,
) -> Result<(), AppError> {
    let post: i64 = sqlx::query_scalar("select post_id from case_task where id = $1")
        .bind(task_id)
        .fetch_one(&mut *conn)
        .await?;
    let mut r = Rollup::default();
    r.rating(rated_on, post, stars, voided);
    write(conn, &r).await
}

/// Adds a case taken in on `day` to the months of its parts' departments.
pub async fn case_taken_in(
    conn: &mut PgConnection,
    case_id: i64,
    day: Date,
) -> Result<(), AppError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "select distinct p.department_id, c.channel
         from case_part p join case_file c on c.id = p.case_id
         where p.case_id = $1",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut r = Rollup::default();
    for (department, channel) in rows {
        r.case(day, department, channel == "online");
    }
    write(conn, &r).await
}
