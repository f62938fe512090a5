//! Reading a case for tracking: one statement with the throttle's check,
//! the case, its pauses and the official days around today, then its steps.

use super::timeline::{timeline, Head, Track};
use crate::{
    catalog::Bilingual,
    clock::Calendar,
    error::AppError,
    workflow::engine::{CaseStatus, TaskState},
};
use time::Date;

/// Failed look-ups (unknown case or wrong code) a client may make.
pub const FAILURES_PER_CLIENT: crate::accounts::throttle::Limit =
    crate::accounts::throttle::Limit {
        max: 20,
        window_secs: 15 * 60,
    };

/// The official days (holidays, make-up working days) after `from` up to
/// and including `to`: all that counting working days between the two
/// needs.
async fn calendar_between(pool: &sqlx::PgPool, from: Date, to: Date) -> Result<Calendar, AppError> {
    let (holidays, workdays): (Option<Vec<Date>>, Option<Vec<Date>>) = sqlx::query_as(
        "select array_agg(day) filter (where kind = 'holiday'),
                array_agg(day) filter (where kind = 'workday')
         from calendar_day where day > $1 and day <= $2",
    )
    .bind(from)
    .bind(to)
    .fetch_one(pool)
    .await?;
    Ok(official_days(holidays, workdays))
}

/// A calendar of these days, only for counting (they have no names).
fn official_days(holidays: Option<Vec<Date>>, workdays: Option<Vec<Date>>) -> Calendar {
    use crate::clock::{DayKind, OfficialDay};
    let day = |kind| {
        move |date| OfficialDay {
            date,
            kind,
            name: Bilingual::default(),
        }
    };
    Calendar::new(
        (holidays.into_iter().flatten().map(day(DayKind::Holiday)))
            .chain(workdays.into_iter().flatten().map(day(DayKind::Workday))),
    )
}

/// Official days around today read with the case: a deadline of a step
/// under way within this many days of today needs no further statement.
const CALENDAR_WINDOW_DAYS: i64 = 180;

/// The case's row with what tracking needs besides its steps.
#[derive(sqlx::FromRow)]
struct CaseRow {
    /// Seconds the client must wait (the throttle's check).
    wait: Option<f64>,
    id: Option<i64>,
    case_no: Option<String>,
    service: Option<Bilingual>,
    status: Option<String>,
    accepted_on: Option<Date>,
    due_on: Option<Date>,
    /// Supplement notices, in order.
    issued: Option<Vec<Date>>,
    answered: Option<Vec<Option<Date>>>,
    /// The joint inspection: organised on, held on.
    organised_on: Option<Date>,
    inspection_on: Option<Date>,
    /// Official days within `CALENDAR_WINDOW_DAYS` of today.
    holidays: Option<Vec<Date>>,
    workdays: Option<Vec<Date>>,
}

/// The case `case_no` if `code` is its query code; `NotFound` otherwise
/// (the same for both), throttled per client on failures: a client that
/// has failed too often is refused (429) even with the right code, and
/// successes are never counted.
///
/// Two statements per look-up, as few as the case and its steps need: the
/// throttle's check with the case, its pauses and the official days
/// (holidays, make-up working days) around today; then its tracked steps.
/// Only a deadline further than `CALENDAR_WINDOW_DAYS` from today costs a
/// third (the official days up to it).
pub async fn track(
    pool: &sqlx::PgPool,
    client: &str,
    case_no: &str,
    code: &str,
    today: Date,
) -> Result<Track, AppError> {
    use crate::accounts::store::throttle;
    let key = format!("track:{client}");
    let limit = FAILURES_PER_CLIENT;
    let (Some(no), Some(code)) = (
        crate::applications::CaseNo::parse(case_no),
        crate::applications::QueryCode::parse(code),
    ) else {
        throttle::check_and_hit(pool, &key, limit).await?;
        return Err(AppError::NotFound);
    };
    let window = (
        today - time::Duration::days(CALENDAR_WINDOW_DAYS),
        today + time::Duration::days(CALENDAR_WINDOW_DAYS),
    );
    // The throttle's check is the one `throttle::blocked` makes.
    let row: CaseRow = sqlx::query_as(
        "select (select extract(epoch from window_start + make_interval(secs => $4) - now())::float8
                 from rate_limit
                 where key = $3 and hits >= $5
                   and window_start > now() - make_interval(secs => $4)) as wait,
                c.id, c.case_no,
                case when c.id is not null
                     then row(coalesce(i.name_zh, b.name_zh), coalesce(i.name_en, b.name_en))
                end as service,
                c.status, c.accepted_on, c.due_on,
                (select array_agg(n.issued_on order by n.id) from supplement_notice n
                 where n.case_id = c.id) as issued,
                (select array_agg(n.answered_on order by n.id) from supplement_notice n
                 where n.case_id = c.id) as answered,
                j.organised_on, j.on_date as inspection_on,
                (select array_agg(day) from calendar_day
                 where day > $6 and day <= $7 and kind = 'holiday') as holidays,
                (select array_agg(day) from calendar_day
                 where day > $6 and day <= $7 and kind = 'workday') as workdays
         from (values (1)) as one (x)
         left join case_file c on c.case_no = $1 and c.query_code = $2
         left join service_item i on i.id = c.item_id
         left join bundle b on b.id = c.bundle_id
         left join joint_inspection j on j.case_id = c.id",
    )
    .bind(no.as_str())
    .bind(code.as_str())
    .bind(&key)
    .bind(limit.window_secs as f64)
    .bind(limit.max)
    .bind(window.0)
    .bind(window.1)
    .fetch_one(pool)
    .await?;
    if let Some(wait) = row.wait {
        return Err(AppError::TooManyAttempts {
            retry_after: wait.ceil().max(1.0) as u64,
        });
    }
    let Some(id) = row.id else {
        throttle::hit(pool, &key, limit).await?;
        return Err(AppError::NotFound);
    };
    let null = || AppError::internal("tracking: a null column in the case's row");
    let (case_no, service, status) = (
        row.case_no.ok_or_else(null)?,
        row.service.ok_or_else(null)?,
        row.status.ok_or_else(null)?,
    );
    let (accepted, due) = (
        row.accepted_on.ok_or_else(null)?,
        row.due_on.ok_or_else(null)?,
    );
    let records: Vec<_> = crate::workflow::store::case_steps(pool, id)
        .await?
        .into_iter()
        .filter(|r| r.tracking_point)
        .map(|r| r.record)
        .collect();
    // Working days are counted between today and the deadlines of the
    // steps under way: the window read with the case covers them, or the
    // days up to the furthest are read.
    let (lo, hi) = records
        .iter()
        .filter(|r| matches!(r.state, TaskState::Ready | TaskState::Claimed))
        .filter_map(|r| r.due_on)
        .fold((today, today), |(lo, hi), d| (lo.min(d), hi.max(d)));
    let cal = if window.0 <= lo && hi <= window.1 {
        official_days(row.holidays, row.workdays)
    } else {
        calendar_between(pool, lo, hi).await?
    };
    let answered = row.answered.unwrap_or_default();
    let notices: Vec<(Date, Option<Date>)> = row
        .issued
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(n, from)| (from, answered.get(n).copied().flatten()))
        .collect();
    let inspection = row.organised_on.zip(row.inspection_on);
    Ok(timeline(
        Head {
            case_no,
            service,
            status: CaseStatus::parse(&status).unwrap_or(CaseStatus::InReview),
            accepted_on: accepted,
            due_on: due,
        },
        records,
        &notices,
        inspection,
        &cal,
        today,
    ))
}

/// The applicant's to-dos (issue 17): cases with an open supplement notice,
/// and closed cases with a department not rated yet (a department counts
/// as rated by its rating of the case, or by a rating of one of its steps
/// made before ratings were per case), newest first, supplements first.
pub async fn todos(
    pool: &sqlx::PgPool,
    me: &crate::accounts::Me,
) -> Result<Vec<super::todo::Todo>, AppError> {
    use super::todo::{Todo, TodoKind};
    let rows: Vec<(String, Bilingual, Option<Date>, i64)> = sqlx::query_as(
        "select c.case_no, row(coalesce(i.name_zh, b.name_zh), coalesce(i.name_en, b.name_en)),
                (select max(n.issued_on) from supplement_notice n
                 where n.case_id = c.id and n.answered_at is null),
                case when c.status in ('completed', 'rejected') then
                    (select count(distinct t.department_id) from case_task t
                     where t.case_id = c.id and t.state in ('done', 'rejected')
                       and not exists (select 1 from rating r
                                       where r.case_id = c.id and r.department_id = t.department_id
                                         and r.applicant_id = c.applicant_id and r.unit <> 'point'))
                else 0 end
         from case_file c
         left join service_item i on i.id = c.item_id
         left join bundle b on b.id = c.bundle_id
         where c.applicant_id = $1
           and (c.status = 'waiting_for_applicant' or c.status in ('completed', 'rejected'))
         order by c.submitted_at desc, c.id desc limit 200",
    )
    .bind(me.id)
    .fetch_all(pool)
    .await?;
    let mut todos: Vec<Todo> = rows
        .into_iter()
        .filter_map(|(case_no, service, notice, unrated)| {
            let what = match (notice, unrated) {
                (Some(on), _) => TodoKind::Supplement {
                    issued_on: crate::clock::format_date(on),
                },
                (None, n) if n > 0 => TodoKind::Rate {
                    departments: n as u32,
                },
                _ => return None,
            };
            Some(Todo {
                case_no,
                service,
                what,
            })
        })
        .collect();
    Todo::order(&mut todos);
    Ok(todos)
}
