//! Ratings and rectifications in PostgreSQL: rating a point once (the
//! schema's `unique (task_id, applicant_id)`), opening a rectification for
//! a bad rating in the same transaction, its steps under a row lock with
//! the pure machine of `rectify`, the boards and the public list.

use super::{
    line, rank,
    rectify::{self, Rect, RectAction, RectState, Role, RECTIFY_DAYS},
    views::{MyRating, NewRating, RectEvent, RectLine, RectView},
    BoardLine, Comment, RatingProblem, RatingView, Stars, Tally,
};
use crate::{
    accounts::Me,
    clock::{format_date, Calendar},
    error::AppError,
    i18n::Bilingual,
    workflow::engine,
};
use sqlx::{PgPool, Postgres, Transaction};
use time::Date;

/// Rates a department of the applicant's closed case `case_no` once (一次
/// 一评: `new.task_id` one of its finished evaluation points, or the step
/// the case page offers), or, with `new.point`, a point they met (a
/// supplement request, a joint inspection): [`super::unit::may_rate`].
/// The same rating posted again returns the stored one (`false`); a
/// different one for what is rated already is refused (the schema keeps
/// one per department and case). A rating of 1–2 stars opens a
/// rectification for the department in the same transaction.
pub async fn rate(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    case_no: &str,
    new: &NewRating,
    today: Date,
) -> Result<(RatingView, bool), AppError> {
    let stars = Stars::new(new.stars)?;
    let comment = Comment::parse(&new.comment)?;
    let row: Option<(i64, i64, i32, String)> = sqlx::query_as(
        "select c.id, c.applicant_id, c.region_code, c.status from case_file c where c.case_no = $1",
    )
    .bind(case_no)
    .fetch_optional(pool)
    .await?;
    let (case_id, applicant, region, status) = row.ok_or(AppError::NotFound)?;
    if applicant != me.id {
        return Err(AppError::NotFound);
    }
    let steps = rating_steps(pool, case_id).await?;
    let closed = matches!(status.as_str(), "completed" | "rejected");
    if !super::unit::may_rate(&steps, closed, new.task_id, new.point) {
        return Err(RatingProblem::NotRatable.into());
    }
    let unit = if new.point { "point" } else { "department" };
    let mut tx = pool.begin().await?;
    let department: i64 = sqlx::query_scalar(
        "select department_id from case_task where id = $1 and case_id = $2 for update",
    )
    .bind(new.task_id)
    .bind(case_id)
    .fetch_one(&mut *tx)
    .await?;
    // A department rated before ratings were per case keeps that rating.
    let earlier: Option<i64> = if new.point {
        None
    } else {
        sqlx::query_scalar(
            "select id from rating where case_id = $1 and department_id = $2
               and applicant_id = $3 and unit = 'step' order by id limit 1",
        )
        .bind(case_id)
        .bind(department)
        .bind(me.id)
        .fetch_optional(&mut *tx)
        .await?
    };
    let id: Option<i64> =
        match earlier {
            Some(_) => None,
            None => sqlx::query_scalar(
                "insert into rating (case_id, task_id, applicant_id, department_id, region_code,
                     stars, comment, rated_on, unit)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                 on conflict do nothing returning id",
            )
            .bind(case_id)
            .bind(new.task_id)
            .bind(me.id)
            .bind(department)
            .bind(region)
            .bind(stars.get() as i16)
            .bind(comment.as_deref())
            .bind(today)
            .bind(unit)
            .fetch_optional(&mut *tx)
            .await?,
        };
    let Some(id) = id else {
        let existing: Option<i64> = match earlier {
            Some(e) => Some(e),
            None if new.point => sqlx::query_scalar(
                "select id from rating where task_id = $1 and applicant_id = $2 and unit = 'point'",
            )
            .bind(new.task_id)
            .bind(me.id)
            .fetch_optional(&mut *tx)
            .await?,
            None => {
                sqlx::query_scalar(
                    "select id from rating where case_id = $1 and department_id = $2
                       and applicant_id = $3 and unit = 'department'",
                )
                .bind(case_id)
                .bind(department)
                .bind(me.id)
                .fetch_optional(&mut *tx)
                .await?
            }
        };
        let existing = match existing {
            Some(e) => rating_by_id(&mut tx, e).await?,
            None => None,
        }
        .ok_or(AppError::NotFound)?;
        return if existing.stars == stars && existing.comment.as_deref() == comment.as_deref() {
            Ok((existing, false))
        } else {
            Err(RatingProblem::AlreadyRated.into())
        };
    };
    crate::supervision::store::rating(&mut tx, new.task_id, stars.get(), today, false).await?;
    if stars.is_bad() {
        let due = cal
            .add_working_days(today, RECTIFY_DAYS)
            .map_err(AppError::internal)?;
        let rect: i64 = sqlx::query_scalar(
            "insert into rectification (rating_id, department_id, region_code, state, opened_on, due_on)
             values ($1, $2, $3, 'open', $4, $5) returning id",
        )
        .bind(id)
        .bind(department)
        .bind(region)
        .bind(today)
        .bind(due)
        .fetch_one(&mut *tx)
        .await?;
        rect_event(
            &mut tx,
            rect,
            today,
            None,
            "system",
            "opened",
            None,
            RectState::Open,
            None,
        )
        .await?;
    }
    let view = rating_by_id(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok((view, true))
}

/// The steps of a case as the rating rule reads them (states, departments,
/// evaluation points, the points the applicant met).
async fn rating_steps(
    pool: &PgPool,
    case_id: i64,
) -> Result<Vec<crate::workflow::views::StepView>, AppError> {
    type Row = (
        i64,
        String,
        String,
        Bilingual,
        Bilingual,
        String,
        bool,
        bool,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select t.id, t.step_key, t.kind, row(t.name_zh, t.name_en), row(d.name_zh, d.name_en),
                t.state, t.evaluation_point,
                (t.kind = 'joint_inspection'
                 or exists (select 1 from supplement_request r where r.task_id = t.id))
         from case_task t join department d on d.id = t.department_id
         where t.case_id = $1 order by t.id",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(task_id, key, kind, name, department, state, evaluation_point, experienced)| {
                crate::workflow::views::StepView {
                    task_id,
                    key,
                    kind,
                    part: None,
                    name,
                    department,
                    unit: Bilingual::default(),
                    state: engine::TaskState::parse(&state).unwrap_or(engine::TaskState::Waiting),
                    started_on: None,
                    due_on: None,
                    outcome: None,
                    evaluation_point,
                    late: false,
                    experienced,
                }
            },
        )
        .collect())
}

type RatingRow = (
    i64,
    i64,
    i16,
    Option<String>,
    Date,
    bool,
    Option<i64>,
    String,
);

fn rating_view((id, task_id, stars, comment, on, excluded, rect, unit): RatingRow) -> RatingView {
    RatingView {
        id,
        task_id,
        stars: Stars::new(stars as i64).unwrap_or(Stars::ALL[2]),
        comment,
        rated_on: format_date(on),
        excluded,
        rectification: rect,
        point: unit == "point",
    }
}

async fn rating_by_id(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
) -> Result<Option<RatingView>, AppError> {
    let row: Option<RatingRow> = sqlx::query_as(
        "select r.id, r.task_id, r.stars, r.comment, r.rated_on, r.excluded, x.id, r.unit
         from rating r left join rectification x on x.rating_id = r.id
         where r.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(rating_view))
}

/// The ratings of a case (for its page).
pub async fn ratings_of_case(pool: &PgPool, case_id: i64) -> Result<Vec<RatingView>, AppError> {
    let rows: Vec<RatingRow> = sqlx::query_as(
        "select r.id, r.task_id, r.stars, r.comment, r.rated_on, r.excluded, x.id, r.unit
         from rating r left join rectification x on x.rating_id = r.id
         where r.case_id = $1 order by r.task_id, r.id",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(rating_view).collect())
}

#[allow(clippy::too_many_arguments)]
async fn rect_event(
    tx: &mut Transaction<'_, Postgres>,
    rect: i64,
    on_day: Date,
    actor: Option<i64>,
    role: &str,
    action: &str,
    from: Option<RectState>,
    to: RectState,
    note: Option<&str>,
) -> Result<(), AppError> {
    sqlx::query(
        "insert into rectification_event (rectification_id, on_day, actor_id, role, action, from_state, to_state, note)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(rect)
    .bind(on_day)
    .bind(actor)
    .bind(role)
    .bind(action)
    .bind(from.map(RectState::code))
    .bind(to.code())
    .bind(note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Ratings per star for each department (or region), malicious ones left
/// out: rows of (id, stars, count) ordered by id.
async fn tallies(pool: &PgPool, sql: &str) -> Result<Vec<(i64, Tally)>, AppError> {
    let rows: Vec<(i64, i16, i64)> = sqlx::query_as(sql).fetch_all(pool).await?;
    let mut out: Vec<(i64, Tally)> = Vec::new();
    for (id, stars, n) in rows {
        let Ok(s) = Stars::new(stars as i64) else {
            continue;
        };
        match out.last_mut() {
            Some((last, t)) if *last == id => t.add(s, n as u64),
            _ => {
                let mut t = Tally::default();
                t.add(s, n as u64);
                out.push((id, t));
            }
        }
    }
    Ok(out)
}

/// Ratings per star summed from the monthly rollup (`stat_post_month`,
/// kept by the transaction that rates or voids a rating): rows of (id,
/// stars_1, …, stars_5), ordered by id.
async fn rolled_up(pool: &PgPool, sql: &str) -> Result<Vec<(i64, Tally)>, AppError> {
    type Row = (i64, i64, i64, i64, i64, i64);
    let rows: Vec<Row> = sqlx::query_as(sql).fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(id, s1, s2, s3, s4, s5)| {
            let mut t = Tally::default();
            for (stars, n) in (1..=5).zip([s1, s2, s3, s4, s5]) {
                if let (Ok(s), Ok(n)) = (Stars::new(stars), u64::try_from(n)) {
                    if n > 0 {
                        t.add(s, n);
                    }
                }
            }
            (id, t)
        })
        .filter(|(_, t)| t.count() > 0)
        .collect())
}

/// The sums of the five star columns of `stat_post_month` as `s`.
const STAR_SUMS: &str = "sum(s.stars_1)::int8, sum(s.stars_2)::int8, sum(s.stars_3)::int8,
     sum(s.stars_4)::int8, sum(s.stars_5)::int8";

/// Where a board's counts come from: the rollups (what the boards show),
/// or a count over every rating (the reference the rollups must equal;
/// tests and audits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Rollups,
    Ratings,
}

/// Each department's ratings per star.
async fn department_tallies(pool: &PgPool, source: Source) -> Result<Vec<(i64, Tally)>, AppError> {
    match source {
        Source::Rollups => {
            rolled_up(
                pool,
                &format!(
                    "select s.department_id, {STAR_SUMS} from stat_post_month s
                     group by s.department_id order by s.department_id"
                ),
            )
            .await
        }
        Source::Ratings => {
            tallies(
                pool,
                "select department_id, stars, count(*) from rating where not excluded
                 group by department_id, stars order by department_id, stars",
            )
            .await
        }
    }
}

/// Each city's ratings per star (its own and its counties' cases).
///
/// The rollups count a rating under the post that was rated, whose
/// department is of the case's region (`workflow::store::resolve_tasks`
/// finds every step's post in the case's region), so the department's
/// region is the case's.
async fn city_tallies(pool: &PgPool, source: Source) -> Result<Vec<(i64, Tally)>, AppError> {
    match source {
        Source::Rollups => {
            rolled_up(
                pool,
                &format!(
                    "select (case when g.level = 'county' then g.parent_code else g.code end)::bigint,
                            {STAR_SUMS}
                     from stat_post_month s
                     join department d on d.id = s.department_id
                     join region g on g.code = d.region_code
                     where g.level <> 'province'
                     group by 1 order by 1"
                ),
            )
            .await
        }
        Source::Ratings => {
            tallies(
                pool,
                "select (case when g.level = 'county' then g.parent_code else g.code end)::bigint as city,
                        r.stars, count(*)
                 from rating r join region g on g.code = r.region_code
                 where not r.excluded and g.level <> 'province'
                 group by 1, 2 order by 1, 2",
            )
            .await
        }
    }
}

/// The departments' board: every department with ratings (of a region and
/// the regions under it when `region` is given), ranked.
pub async fn department_board(
    pool: &PgPool,
    region: Option<i32>,
) -> Result<Vec<BoardLine>, AppError> {
    department_board_from(pool, region, Source::Rollups).await
}

/// [`department_board`], its counts from `source`.
pub async fn department_board_from(
    pool: &PgPool,
    region: Option<i32>,
    source: Source,
) -> Result<Vec<BoardLine>, AppError> {
    let counts = department_tallies(pool, source).await?;
    let names: Vec<(i64, Bilingual, Bilingual)> = sqlx::query_as(
        "select d.id, row(d.name_zh, d.name_en), row(r.name_zh, r.name_en)
         from department d join region r on r.code = d.region_code
         where d.id = any($1)
           and ($2::int is null or d.region_code = $2 or r.parent_code = $2
                or r.parent_code in (select code from region where parent_code = $2))",
    )
    .bind(counts.iter().map(|(id, _)| *id).collect::<Vec<_>>())
    .bind(region)
    .fetch_all(pool)
    .await?;
    let tally_of: std::collections::HashMap<i64, Tally> = counts.into_iter().collect();
    let lines = names
        .into_iter()
        .filter_map(|(id, name, region)| {
            let tally = *tally_of.get(&id)?;
            let mut l = line(id, name, tally);
            l.region = Some(region);
            Some(l)
        })
        .collect();
    Ok(rank(lines))
}

/// The cities' board: all 21 cities, each with the ratings of cases of the
/// city and its counties, ranked (cities without ratings last).
pub async fn region_board(pool: &PgPool) -> Result<Vec<BoardLine>, AppError> {
    region_board_from(pool, Source::Rollups).await
}

/// [`region_board`], its counts from `source`.
pub async fn region_board_from(pool: &PgPool, source: Source) -> Result<Vec<BoardLine>, AppError> {
    let counts = city_tallies(pool, source).await?;
    let cities: Vec<(i32, Bilingual)> = sqlx::query_as(
        "select code, row(name_zh, name_en) from region where level = 'city' order by code",
    )
    .fetch_all(pool)
    .await?;
    Ok(rank(
        cities
            .into_iter()
            .map(|(code, name)| {
                let tally = counts
                    .iter()
                    .find(|(c, _)| *c == code as i64)
                    .map(|(_, t)| *t)
                    .unwrap_or_default();
                line(code as i64, name, tally)
            })
            .collect(),
    ))
}

/// Who `me` is for a rectification: its applicant, staff of its
/// department, a supervisor of its region (or a region above).
async fn roles(pool: &PgPool, me: &Me, rect: i64) -> Result<Vec<Role>, AppError> {
    let row: Option<(bool, bool, bool)> = sqlx::query_as(
        "select r.applicant_id = $2,
                exists (select 1 from staff s where s.account_id = $2 and s.department_id = x.department_id),
                exists (select 1 from supervisor s join region g on g.code = x.region_code
                        where s.account_id = $2
                          and (s.region_code = g.code or s.region_code = g.parent_code
                               or s.region_code = (select parent_code from region p where p.code = g.parent_code)))
         from rectification x join rating r on r.id = x.rating_id where x.id = $1",
    )
    .bind(rect)
    .bind(me.id)
    .fetch_optional(pool)
    .await?;
    let (applicant, department, supervisor) = row.ok_or(AppError::NotFound)?;
    let mut out = Vec::new();
    if applicant {
        out.push(Role::Applicant);
    }
    if department && me.role == crate::accounts::Role::Staff {
        out.push(Role::Department);
    }
    if supervisor && me.role == crate::accounts::Role::Supervisor {
        out.push(Role::Supervisor);
    }
    Ok(out)
}

type RectRow = (
    String,
    String,
    Bilingual,
    Bilingual,
    i16,
    Option<String>,
    Date,
    Date,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The rectification `id` for its applicant, its department's staff and
/// the supervisors of its region; `NotFound` for anyone else.
pub async fn rect_view(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    id: i64,
    today: Date,
) -> Result<RectView, AppError> {
    let roles = roles(pool, me, id).await?;
    if roles.is_empty() {
        return Err(AppError::NotFound);
    }
    let row: RectRow = sqlx::query_as(
        "select x.state, c.case_no, row(t.name_zh, t.name_en), row(d.name_zh, d.name_en),
                r.stars, r.comment, x.opened_on, x.due_on, x.callback_note, x.outcome, x.appeal_reason, x.contest_reason,
                x.decision_note
         from rectification x join rating r on r.id = x.rating_id
         join case_file c on c.id = r.case_id join case_task t on t.id = r.task_id
         join department d on d.id = x.department_id where x.id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await?;
    let (
        state,
        case_no,
        step,
        department,
        stars,
        comment,
        opened,
        due,
        cb,
        outcome,
        appeal,
        contest,
        decision,
    ) = row;
    let state = RectState::parse(&state).unwrap_or(RectState::Open);
    let events: Vec<(Date, String, String, String, Option<String>)> = sqlx::query_as(
        "select on_day, role, action, to_state, note from rectification_event
         where rectification_id = $1 order by id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let r = Rect {
        state,
        called_back: cb.is_some(),
    };
    Ok(RectView {
        id,
        state,
        case_no,
        step,
        department,
        stars: Stars::new(stars as i64).unwrap_or(Stars::ALL[0]),
        comment,
        opened_on: format_date(opened),
        due_on: format_date(due),
        urgency: state
            .is_departments_turn()
            .then(|| engine::urgency(cal, due, today, &[])),
        callback_note: cb,
        outcome,
        appeal_reason: appeal,
        contest_reason: contest,
        decision_note: decision,
        offered: rectify::offered(r, &roles)
            .into_iter()
            .map(str::to_string)
            .collect(),
        events: events
            .into_iter()
            .map(|(on, role, action, to, note)| RectEvent {
                on_day: format_date(on),
                role,
                action,
                to_state: RectState::parse(&to).unwrap_or(RectState::Open),
                note,
            })
            .collect(),
    })
}

/// Takes a step of the rectification `id` as `me` (one at a time: the row
/// is locked); returns the new state.
pub async fn act(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    id: i64,
    action: &RectAction,
    today: Date,
) -> Result<RectState, AppError> {
    let roles = roles(pool, me, id).await?;
    if roles.is_empty() {
        return Err(AppError::NotFound);
    }
    let mut tx = pool.begin().await?;
    let (state, called_back, rating_id): (String, bool, i64) = sqlx::query_as(
        "select state, callback_at is not null, rating_id from rectification where id = $1 for update",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let from = RectState::parse(&state).unwrap_or(RectState::Open);
    let step = rectify::step(
        Rect {
            state: from,
            called_back,
        },
        &roles,
        action,
    )?;
    let text = step.text.as_ref().map(|t| t.as_str());
    let column = match action {
        RectAction::CallBack { .. } => Some("callback_note = $3, callback_at = now()"),
        RectAction::Resolve { .. } => Some("outcome = $3, resolved_at = now()"),
        RectAction::Contest { .. } => Some("contest_reason = $3"),
        RectAction::Appeal { .. } => Some("appeal_reason = $3"),
        RectAction::Decide { .. } => Some("decision_note = $3, decided_by = $4"),
        RectAction::Accept => None,
    };
    let due = if step.reopens {
        Some(
            cal.add_working_days(today, RECTIFY_DAYS)
                .map_err(AppError::internal)?,
        )
    } else {
        None
    };
    let sql = format!(
        "update rectification set state = $2{}{}{} where id = $1",
        column.map(|c| format!(", {c}")).unwrap_or_default(),
        if step.to.is_final() {
            ", closed_at = now()"
        } else {
            ""
        },
        if due.is_some() { ", due_on = $5" } else { "" },
    );
    sqlx::query(&sql)
        .bind(id)
        .bind(step.to.code())
        .bind(text)
        .bind(me.id)
        .bind(due)
        .execute(&mut *tx)
        .await?;
    if step.excludes_rating {
        let voided: Option<(i64, i16, Date)> = sqlx::query_as(
            "update rating set excluded = true where id = $1 and not excluded
             returning task_id, stars, rated_on",
        )
        .bind(rating_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((task, stars, rated_on)) = voided {
            let stars = u8::try_from(stars).map_err(AppError::internal)?;
            crate::supervision::store::rating(&mut tx, task, stars, rated_on, true).await?;
        }
    }
    rect_event(
        &mut tx,
        id,
        today,
        Some(me.id),
        action.role().code(),
        action.code(),
        Some(from),
        step.to,
        text,
    )
    .await?;
    tx.commit().await?;
    Ok(step.to)
}

type LineRow = (
    i64,
    String,
    Bilingual,
    Bilingual,
    i16,
    Date,
    Date,
    Option<String>,
    Option<String>,
);

const LINE_SELECT: &str =
    "select x.id, x.state, row(d.name_zh, d.name_en), row(g.name_zh, g.name_en), r.stars,
        x.opened_on, x.due_on, x.outcome, x.decision_note
     from rectification x join rating r on r.id = x.rating_id
     join department d on d.id = x.department_id join region g on g.code = x.region_code";

fn rect_lines(rows: Vec<LineRow>, cal: &Calendar, today: Date) -> Vec<RectLine> {
    rows.into_iter()
        .map(
            |(id, state, department, region, stars, opened, due, outcome, decision)| {
                let state = RectState::parse(&state).unwrap_or(RectState::Open);
                RectLine {
                    id,
                    state,
                    department,
                    region,
                    stars: Stars::new(stars as i64).unwrap_or(Stars::ALL[0]),
                    opened_on: format_date(opened),
                    due_on: format_date(due),
                    urgency: state
                        .is_departments_turn()
                        .then(|| engine::urgency(cal, due, today, &[])),
                    outcome,
                    decision_note: decision,
                }
            },
        )
        .collect()
}

/// The department's rectifications still open, by deadline, then the
/// others awaiting someone else.
pub async fn department_queue(
    pool: &PgPool,
    cal: &Calendar,
    department_id: i64,
    today: Date,
) -> Result<Vec<RectLine>, AppError> {
    let rows: Vec<LineRow> = sqlx::query_as(&format!(
        "{LINE_SELECT} where x.department_id = $1 and x.closed_at is null
         order by (x.state in ('open', 'called_back')) desc, x.due_on, x.id limit 200"
    ))
    .bind(department_id)
    .fetch_all(pool)
    .await?;
    Ok(rect_lines(rows, cal, today))
}

/// The appeals a supervisor decides: those of the supervisor's region and
/// the regions under it.
pub async fn supervisor_queue(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    today: Date,
) -> Result<Vec<RectLine>, AppError> {
    if me.role != crate::accounts::Role::Supervisor {
        return Err(AppError::Forbidden);
    }
    let rows: Vec<LineRow> = sqlx::query_as(&format!(
        "{LINE_SELECT} join supervisor s on s.account_id = $1
         where x.state in ('appealed', 'contested')
           and (s.region_code = g.code or s.region_code = g.parent_code
                or s.region_code = (select parent_code from region p where p.code = g.parent_code))
         order by x.opened_on, x.id limit 200"
    ))
    .bind(me.id)
    .fetch_all(pool)
    .await?;
    Ok(rect_lines(rows, cal, today))
}

/// The published list (整改公示): every rectification, newest first, with
/// the department, the stars, the state and, once recorded, the outcome and
/// the supervisor's decision; no names, comments or case numbers.
pub async fn published(
    pool: &PgPool,
    cal: &Calendar,
    today: Date,
    limit: i64,
) -> Result<Vec<RectLine>, AppError> {
    let rows: Vec<LineRow> = sqlx::query_as(&format!(
        "{LINE_SELECT} order by x.opened_on desc, x.id desc limit $1"
    ))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rect_lines(rows, cal, today))
}

/// The applicant's ratings, newest first, with their rectification's state.
pub async fn my_ratings(pool: &PgPool, me: &Me, limit: i64) -> Result<Vec<MyRating>, AppError> {
    type Row = (String, Bilingual, i16, Date, Option<i64>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "select c.case_no, row(t.name_zh, t.name_en), r.stars, r.rated_on, x.id, x.state
         from rating r join case_file c on c.id = r.case_id join case_task t on t.id = r.task_id
         left join rectification x on x.rating_id = r.id
         where r.applicant_id = $1 order by r.rated_at desc, r.id desc limit $2",
    )
    .bind(me.id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(case_no, step, stars, on, rect, state)| MyRating {
            case_no,
            step,
            stars: Stars::new(stars as i64).unwrap_or(Stars::ALL[0]),
            rated_on: format_date(on),
            rectification: rect,
            rectification_state: state.as_deref().and_then(RectState::parse),
        })
        .collect())
}
