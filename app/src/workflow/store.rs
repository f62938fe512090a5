//! Cases in the database: a case's tasks loaded under a lock, handed to the
//! engine, the changes written back with one event per transition (the log
//! is the truth), supplement notices issued and answered; each post's
//! queue, and claiming from it safely under concurrency.

use super::{
    definition::{StepKind, ValidProcess},
    engine::{self, Action, Actor, Case, CaseStatus, Outcome, StepRecord, Task, TaskState},
    views::{CaseLine, CaseView, NoticeView, QueueRow, StepView, TaskView, ToOrganise},
};
use crate::{
    accounts::{audit, secrets::DataKey, Me, Role},
    clock::{format_date, Calendar, Pause},
    error::AppError,
    i18n::Bilingual,
};

use sqlx::{postgres::PgRow, PgPool, Postgres, Row, Transaction};
use time::Date;

/// A staff member at their post, as the workflow needs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffPost {
    pub account_id: i64,
    pub department_id: i64,
    pub unit_id: i64,
    pub post_id: i64,
}

impl StaffPost {
    pub fn actor(&self) -> Actor {
        Actor {
            account_id: self.account_id,
            post_id: self.post_id,
        }
    }
}

/// The signed-in staff member's post; anyone else is refused.
pub async fn staff_post(pool: &PgPool, me: &Me) -> Result<StaffPost, AppError> {
    if me.role != Role::Staff {
        return Err(AppError::Forbidden);
    }
    let row: Option<(i64, i64, i64)> =
        sqlx::query_as("select department_id, unit_id, post_id from staff where account_id = $1")
            .bind(me.id)
            .fetch_optional(pool)
            .await?;
    let (department_id, unit_id, post_id) = row.ok_or(AppError::Forbidden)?;
    Ok(StaffPost {
        account_id: me.id,
        department_id,
        unit_id,
        post_id,
    })
}

/// One step of a new case with its owner resolved to ids.
#[derive(Debug, Clone)]
pub struct NewTask {
    pub key: String,
    pub kind: StepKind,
    pub part: Option<i16>,
    pub after: Vec<String>,
    pub name: Bilingual,
    pub department_id: i64,
    pub unit_id: i64,
    pub post_id: i64,
    pub limit_days: i16,
    pub tracking_point: bool,
    pub evaluation_point: bool,
}

/// Resolves a valid definition's owners (department code, unit and post
/// names) to ids in `region`.
pub async fn resolve_tasks(
    tx: &mut Transaction<'_, Postgres>,
    region: i32,
    process: &ValidProcess,
) -> Result<Vec<NewTask>, AppError> {
    let def = process.def();
    let mut tasks = Vec::with_capacity(def.steps.len());
    for step in &def.steps {
        let ids: Option<(i64, i64, i64)> = sqlx::query_as(
            "select d.id, u.id, p.id
             from department d
             join department_unit u on u.department_id = d.id
             join department_post p on p.unit_id = u.id
             where d.region_code = $1 and d.code = $2 and u.name_zh = $3 and p.name_zh = $4",
        )
        .bind(region)
        .bind(&step.owner.department)
        .bind(&step.owner.unit)
        .bind(&step.owner.post)
        .fetch_optional(&mut **tx)
        .await?;
        let (department_id, unit_id, post_id) = ids.ok_or_else(|| {
            AppError::internal(format!(
                "definition names an unknown post: {:?} in region {region}",
                step.owner
            ))
        })?;
        tasks.push(NewTask {
            key: step.key.clone(),
            kind: step.kind,
            part: super::outline::part_of_step(&step.key).map(|p| p as i16),
            after: def
                .edges
                .iter()
                .filter(|(_, to)| *to == step.key)
                .map(|(from, _)| from.clone())
                .collect(),
            name: step.name.clone(),
            department_id,
            unit_id,
            post_id,
            limit_days: step.limit_days as i16,
            tracking_point: step.tracking_point,
            evaluation_point: step.evaluation_point,
        });
    }
    Ok(tasks)
}

pub fn kind_code(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Acceptance => "acceptance",
        StepKind::Review => "review",
        StepKind::JointInspection => "joint_inspection",
        StepKind::Decision => "decision",
        StepKind::Issuance => "issuance",
        StepKind::Result => "result",
    }
}

fn parse_kind(code: &str) -> Result<StepKind, AppError> {
    use StepKind::*;
    [
        Acceptance,
        Review,
        JointInspection,
        Decision,
        Issuance,
        Result,
    ]
    .into_iter()
    .find(|k| kind_code(*k) == code)
    .ok_or_else(|| AppError::internal(format!("unknown step kind {code}")))
}

/// Inserts a new case's tasks (all waiting) and returns them as the engine
/// sees them.
pub async fn insert_tasks(
    tx: &mut Transaction<'_, Postgres>,
    case_id: i64,
    tasks: &[NewTask],
) -> Result<Vec<Task>, AppError> {
    let mut out = Vec::with_capacity(tasks.len());
    for t in tasks {
        let id: i64 = sqlx::query_scalar(
            "insert into case_task (case_id, step_key, kind, part, after_keys, name_zh, name_en,
                 department_id, unit_id, post_id, limit_days, tracking_point, evaluation_point, state)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'waiting')
             returning id",
        )
        .bind(case_id)
        .bind(&t.key)
        .bind(kind_code(t.kind))
        .bind(t.part)
        .bind(&t.after)
        .bind(&t.name.zh)
        .bind(&t.name.en)
        .bind(t.department_id)
        .bind(t.unit_id)
        .bind(t.post_id)
        .bind(t.limit_days)
        .bind(t.tracking_point)
        .bind(t.evaluation_point)
        .fetch_one(&mut **tx)
        .await?;
        out.push(Task {
            id,
            key: t.key.clone(),
            kind: t.kind,
            post_id: t.post_id,
            after: t.after.clone(),
            limit_days: t.limit_days.max(0) as u16,
            state: TaskState::Waiting,
            claimed_by: None,
            started_on: None,
            due_on: None,
        });
    }
    Ok(out)
}

/// A case row locked for an action, with its engine view.
pub struct Locked {
    pub case_id: i64,
    pub case_no: String,
    pub applicant_id: i64,
    pub accepted_on: Date,
    pub critical_days: i32,
    pub lead_unit_id: i64,
    pub case: Case,
    /// The open notice and its day, if any.
    pub notice: Option<(i64, Date)>,
}

type TaskRow = (
    i64,
    String,
    String,
    i64,
    Vec<String>,
    i16,
    String,
    Option<i64>,
    Option<Date>,
    Option<Date>,
);

/// Locks the case (every action on one case is serialised by this row
/// lock) and loads its tasks and pauses.
pub async fn lock_case(
    tx: &mut Transaction<'_, Postgres>,
    case_id: i64,
) -> Result<Locked, AppError> {
    let row: Option<(String, i64, Date, i32, i64)> = sqlx::query_as(
        "select c.case_no, c.applicant_id, c.accepted_on, d.critical_days,
                coalesce((select t.unit_id from case_task t
                          where t.case_id = c.id and t.kind = 'acceptance' limit 1), 0)
         from case_file c join process_definition d on d.id = c.definition_id
         where c.id = $1 for update of c",
    )
    .bind(case_id)
    .fetch_optional(&mut **tx)
    .await?;
    let (case_no, applicant_id, accepted_on, critical_days, lead_unit_id) =
        row.ok_or(AppError::NotFound)?;
    let rows: Vec<TaskRow> = sqlx::query_as(
        "select id, step_key, kind, post_id, after_keys, limit_days, state, claimed_by,
                started_on, due_on
         from case_task where case_id = $1 order by id for update",
    )
    .bind(case_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut tasks = Vec::with_capacity(rows.len());
    for (id, key, kind, post_id, after, limit, state, claimed_by, started_on, due_on) in rows {
        tasks.push(Task {
            id,
            key,
            kind: parse_kind(&kind)?,
            post_id,
            after,
            limit_days: limit.max(0) as u16,
            state: TaskState::parse(&state)
                .ok_or_else(|| AppError::internal(format!("unknown task state {state}")))?,
            claimed_by,
            started_on,
            due_on,
        });
    }
    let notices: Vec<(i64, Date, Option<Date>)> = sqlx::query_as(
        "select id, issued_on, answered_on from supplement_notice where case_id = $1 order by id",
    )
    .bind(case_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut pauses: Vec<Pause> = notices
        .iter()
        .filter_map(|(_, from, to)| to.map(|to| Pause { from: *from, to }))
        .collect();
    let inspection: Option<(Date, Date)> =
        sqlx::query_as("select organised_on, on_date from joint_inspection where case_id = $1")
            .bind(case_id)
            .fetch_optional(&mut **tx)
            .await?;
    pauses.extend(inspection.map(|(from, to)| Pause { from, to }));
    let notice = notices
        .iter()
        .find(|(_, _, to)| to.is_none())
        .map(|(id, from, _)| (*id, *from));
    Ok(Locked {
        case_id,
        case_no,
        applicant_id,
        accepted_on,
        critical_days,
        lead_unit_id,
        case: Case {
            tasks,
            pauses,
            notice_open: notice.is_some(),
        },
        notice,
    })
}

/// Who an event is recorded for.
#[derive(Debug, Clone, Copy, Default)]
pub struct EventActor {
    pub account_id: Option<i64>,
    pub department_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub post_id: Option<i64>,
}

impl From<StaffPost> for EventActor {
    fn from(s: StaffPost) -> Self {
        EventActor {
            account_id: Some(s.account_id),
            department_id: Some(s.department_id),
            unit_id: Some(s.unit_id),
            post_id: Some(s.post_id),
        }
    }
}

/// Appends one event to the case's log.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    tx: &mut Transaction<'_, Postgres>,
    case_id: i64,
    task_id: Option<i64>,
    on_day: Date,
    actor: EventActor,
    action: &str,
    transition: Option<(TaskState, TaskState)>,
    detail: Option<&str>,
) -> Result<(), AppError> {
    sqlx::query(
        "insert into case_event (case_id, task_id, on_day, actor_id, department_id, unit_id, post_id,
             action, from_state, to_state, detail)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(case_id)
    .bind(task_id)
    .bind(on_day)
    .bind(actor.account_id)
    .bind(actor.department_id)
    .bind(actor.unit_id)
    .bind(actor.post_id)
    .bind(action)
    .bind(transition.map(|(f, _)| f.code()))
    .bind(transition.map(|(_, t)| t.code()))
    .bind(detail)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes what the engine changed: task rows, one event per transition,
/// a notice when one is due, the case's status and deadline.
#[allow(clippy::too_many_arguments)]
pub async fn write_outcome(
    tx: &mut Transaction<'_, Postgres>,
    cal: &Calendar,
    locked: &Locked,
    before: &[Task],
    out: &Outcome,
    today: Date,
    actor: EventActor,
    action: Option<&Action>,
) -> Result<CaseStatus, AppError> {
    let case = &locked.case;
    for (old, new) in before.iter().zip(&case.tasks) {
        if old != new {
            let finished = matches!(
                new.state,
                TaskState::Done | TaskState::Rejected | TaskState::Cancelled
            );
            sqlx::query(
                "update case_task set state = $2, claimed_by = $3, started_on = $4, due_on = $5,
                     finished_at = case when $6 then coalesce(finished_at, now()) else null end
                 where id = $1",
            )
            .bind(new.id)
            .bind(new.state.code())
            .bind(new.claimed_by)
            .bind(new.started_on)
            .bind(new.due_on)
            .bind(finished)
            .execute(&mut **tx)
            .await?;
        }
    }
    crate::supervision::store::steps_finished(tx, cal, before, &case.tasks, &case.pauses, today)
        .await?;
    for change in &out.changes {
        let task = case
            .tasks
            .iter()
            .find(|t| t.key == change.task_key)
            .ok_or_else(|| AppError::internal("change for an unknown task"))?;
        let (name, who, detail) = match (change.by_actor, action) {
            (true, Some(a)) => (a.code(), actor, action_detail(a)),
            _ => {
                let name = match (change.from, change.to) {
                    (_, TaskState::Cancelled) => "cancelled",
                    (TaskState::Supplement, TaskState::Ready) => "supplemented",
                    (_, TaskState::Done) if task.kind == StepKind::Result => "completed",
                    (_, TaskState::Done) if task.kind == StepKind::Acceptance => "accepted",
                    _ => "started",
                };
                (name, EventActor::default(), None)
            }
        };
        if change.by_actor && change.to == TaskState::Done || change.to == TaskState::Rejected {
            if let Some(text) = detail {
                sqlx::query("update case_task set outcome = $2 where id = $1")
                    .bind(task.id)
                    .bind(text)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        record(
            tx,
            locked.case_id,
            Some(task.id),
            today,
            who,
            name,
            Some((change.from, change.to)),
            detail,
        )
        .await?;
    }
    if !out.notice_for.is_empty() {
        let notice: i64 = sqlx::query_scalar(
            "insert into supplement_notice (case_id, issued_on, lead_unit_id) values ($1, $2, $3)
             returning id",
        )
        .bind(locked.case_id)
        .bind(today)
        .bind(locked.lead_unit_id)
        .fetch_one(&mut **tx)
        .await?;
        sqlx::query(
            "update supplement_request set notice_id = $2
             where notice_id is null and task_id in (select id from case_task where case_id = $1)",
        )
        .bind(locked.case_id)
        .bind(notice)
        .execute(&mut **tx)
        .await?;
        let lead = EventActor {
            unit_id: Some(locked.lead_unit_id),
            ..EventActor::default()
        };
        record(
            tx,
            locked.case_id,
            None,
            today,
            lead,
            "notice_issued",
            None,
            Some(&out.notice_for.join(",")),
        )
        .await?;
    }
    let notice_open = case.notice_open || !out.notice_for.is_empty();
    let status = engine::overall(&case.tasks, notice_open, today).stored();
    let due = cal
        .add_working_days_pausing(
            locked.accepted_on,
            locked.critical_days.max(0) as u32,
            &case.pauses,
        )
        // Typed dates are bounded before they pause a case: a deadline the
        // calendar cannot reach is a fault, not a date to fall back to.
        .map_err(AppError::internal)?;
    sqlx::query(
        "update case_file set status = $2, due_on = $3,
             closed_at = case when $2 in ('rejected', 'completed') then coalesce(closed_at, now()) else null end
         where id = $1",
    )
    .bind(locked.case_id)
    .bind(status.code())
    .bind(due)
    .execute(&mut **tx)
    .await?;
    // issue 17: the applicant is told what happened (in this transaction).
    let moved = crate::notifications::case::CaseMoved {
        changes: out
            .changes
            .iter()
            .filter_map(|c| {
                let t = case.tasks.iter().find(|t| t.key == c.task_key)?;
                Some(crate::notifications::case::StepChange {
                    task_id: t.id,
                    kind: t.kind,
                    to: c.to,
                    by_actor: c.by_actor,
                })
            })
            .collect(),
        notice_issued: !out.notice_for.is_empty(),
        // Closed before: completed or rejected (a follow-up's rejection
        // closes nothing).
        closed_before: matches!(
            engine::overall(before, false, today),
            CaseStatus::Completed | CaseStatus::Rejected
        ),
        status,
    };
    crate::notifications::store::case_moved(
        tx,
        locked.case_id,
        &locked.case_no,
        locked.applicant_id,
        due,
        &moved,
    )
    .await?;
    Ok(status)
}

fn action_detail(a: &Action) -> Option<&str> {
    match a {
        Action::Approve { note } if !note.trim().is_empty() => Some(note.trim()),
        Action::Reject { reason } => Some(reason.trim()),
        Action::RequestSupplement { what } => Some(what.trim()),
        Action::ProposeInspection { note } => Some(note.trim()),
        Action::Issue { certificate_no } => Some(certificate_no.trim()),
        _ => None,
    }
}

/// A clerk's action on a task, all or nothing.
pub async fn act(
    pool: &PgPool,
    cal: &Calendar,
    staff: StaffPost,
    task_id: i64,
    action: &Action,
    today: Date,
) -> Result<CaseStatus, AppError> {
    let mut tx = pool.begin().await?;
    let case_id: Option<i64> = sqlx::query_scalar("select case_id from case_task where id = $1")
        .bind(task_id)
        .fetch_optional(&mut *tx)
        .await?;
    let case_id = case_id.ok_or(AppError::NotFound)?;
    let mut locked = lock_case(&mut tx, case_id).await?;
    let before = locked.case.tasks.clone();
    let key = before
        .iter()
        .find(|t| t.id == task_id)
        .map(|t| t.key.clone())
        .ok_or(AppError::NotFound)?;
    let out = locked
        .case
        .act(cal, today, &key, staff.actor(), action)
        .map_err(AppError::from)?;
    if let Action::RequestSupplement { what } = action {
        sqlx::query("insert into supplement_request (task_id, what) values ($1, $2)")
            .bind(task_id)
            .bind(what.trim())
            .execute(&mut *tx)
            .await?;
    }
    if let Action::ProposeInspection { note } = action {
        record(
            &mut tx,
            case_id,
            Some(task_id),
            today,
            staff.into(),
            "propose_inspection",
            None,
            Some(note.trim()),
        )
        .await?;
    }
    let status = write_outcome(
        &mut tx,
        cal,
        &locked,
        &before,
        &out,
        today,
        staff.into(),
        Some(action),
    )
    .await?;
    tx.commit().await?;
    Ok(status)
}

/// Takes the most urgent ready task of the clerk's post; two clerks never
/// get the same one (rows being claimed by others are skipped, not waited
/// for). `None` when the queue is empty.
pub async fn claim_next(
    pool: &PgPool,
    staff: StaffPost,
    today: Date,
) -> Result<Option<i64>, AppError> {
    let mut tx = pool.begin().await?;
    let claimed: Option<(i64, i64)> = sqlx::query_as(
        "update case_task set state = 'claimed', claimed_by = $2
         where id = (select t.id from case_task t
                     where t.post_id = $1 and t.state = 'ready'
                       and not exists (select 1 from supplement_notice n
                                       where n.case_id = t.case_id and n.answered_at is null)
                     order by t.due_on, t.id
                     for update skip locked limit 1)
         returning id, case_id",
    )
    .bind(staff.post_id)
    .bind(staff.account_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((task, case)) = claimed {
        record(
            &mut tx,
            case,
            Some(task),
            today,
            staff.into(),
            "claim",
            Some((TaskState::Ready, TaskState::Claimed)),
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(claimed.map(|(task, _)| task))
}

/// The clerk's queue: ready tasks of the post and those the clerk took, by
/// deadline.
pub async fn queue(
    pool: &PgPool,
    cal: &Calendar,
    staff: StaffPost,
    today: Date,
    limit: i64,
) -> Result<Vec<QueueRow>, AppError> {
    type Row = (i64, String, Bilingual, Bilingual, String, Option<i64>, Date);
    let rows: Vec<Row> = sqlx::query_as(
        "select t.id, c.case_no, row(t.name_zh, t.name_en),
                row(coalesce(i.name_zh, b.name_zh), coalesce(i.name_en, b.name_en)),
                t.state, t.claimed_by, t.due_on
         from case_task t
         join case_file c on c.id = t.case_id
         left join service_item i on i.id = c.item_id
         left join bundle b on b.id = c.bundle_id
         where t.post_id = $1 and (t.state = 'ready' or (t.state = 'claimed' and t.claimed_by = $2))
         order by t.due_on, t.id
         limit $3",
    )
    .bind(staff.post_id)
    .bind(staff.account_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(task_id, case_no, step, service, state, by, due)| QueueRow {
                task_id,
                case_no,
                step,
                service,
                state: TaskState::parse(&state).unwrap_or(TaskState::Ready),
                mine: by == Some(staff.account_id),
                due_on: crate::clock::format_date(due),
                urgency: engine::urgency(cal, due, today, &[]),
            },
        )
        .collect())
}

/// The applicant answers the open notice: the clock resumes, the waiting
/// departments get their tasks back.
pub async fn answer_notice(
    pool: &PgPool,
    cal: &Calendar,
    applicant: &Me,
    case_id: i64,
    answer: &str,
    today: Date,
) -> Result<CaseStatus, AppError> {
    let answer = engine::supplement_answer(answer)?;
    let mut tx = pool.begin().await?;
    let mut locked = lock_case(&mut tx, case_id).await?;
    if locked.applicant_id != applicant.id {
        return Err(AppError::NotFound);
    }
    let (notice_id, issued_on) = locked
        .notice
        .ok_or(AppError::from(engine::TransitionProblem::WrongState))?;
    let before = locked.case.tasks.clone();
    let answered_on = today.max(issued_on);
    let out = locked
        .case
        .resume(cal, issued_on, answered_on)
        .map_err(AppError::internal)?;
    sqlx::query(
        "update supplement_notice set answered_at = now(), answered_on = $2, answer = $3 where id = $1",
    )
    .bind(notice_id)
    .bind(answered_on)
    .bind(&answer)
    .execute(&mut *tx)
    .await?;
    let who = EventActor {
        account_id: Some(applicant.id),
        ..EventActor::default()
    };
    let status = write_outcome(&mut tx, cal, &locked, &before, &out, today, who, None).await?;
    tx.commit().await?;
    Ok(status)
}

/// A joint site inspection as the lead unit organises it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Inspection {
    /// `YYYY-MM-DD`, a working day from today on.
    pub date: String,
    pub place: String,
    pub participants: Vec<String>,
}

impl Inspection {
    /// The day (a working day from `today` to
    /// [`INSPECTION_MAX_WORKING_DAYS`](crate::clock::INSPECTION_MAX_WORKING_DAYS)
    /// working days on), the place and the participants, or every field's
    /// problem (422 `invalid_fields`).
    pub fn parse(
        &self,
        cal: &Calendar,
        today: Date,
    ) -> Result<(Date, String, Vec<String>), AppError> {
        let mut fields = Vec::new();
        let on = crate::clock::parse_inspection_day(cal, &self.date, today)
            .map_err(|p| fields.push(p.at("date")))
            .ok();
        let place = engine::INSPECTION_PLACE
            .parse(&self.place)
            .map_err(|p| fields.push(p.at("place")))
            .ok();
        let mut participants = Vec::new();
        for raw in &self.participants {
            match engine::PARTICIPANT.parse_optional(raw) {
                Ok(Some(p)) => participants.push(p.into_string()),
                Ok(None) => {}
                Err(p) => {
                    fields.push(p.at("participants"));
                    break;
                }
            }
        }
        if fields.iter().all(|f| f.field != "participants") {
            if participants.is_empty() {
                fields.push(crate::text::TextProblem::Required.at("participants"));
            } else if participants.len() > engine::MAX_PARTICIPANTS {
                let max = engine::MAX_PARTICIPANTS as u32;
                fields.push(crate::text::TextProblem::TooLong { max }.at("participants"));
            }
        }
        match (on, place) {
            (Some(on), Some(place)) if fields.is_empty() => {
                Ok((on, place.into_string(), participants))
            }
            _ => Err(AppError::InvalidFields { fields }),
        }
    }
}

/// The lead unit organises the case's joint site inspection (会商/现场查看),
/// once: the clock is paused from today to the inspection day, moving the
/// deadlines of the steps under way.
pub async fn organise_inspection(
    pool: &PgPool,
    cal: &Calendar,
    staff: StaffPost,
    case_no: &str,
    inspection: &Inspection,
    today: Date,
) -> Result<(), AppError> {
    let (on, place, participants) = inspection.parse(cal, today)?;
    let mut tx = pool.begin().await?;
    let case_id: Option<i64> = sqlx::query_scalar("select id from case_file where case_no = $1")
        .bind(case_no)
        .fetch_optional(&mut *tx)
        .await?;
    let case_id = case_id.ok_or(AppError::NotFound)?;
    let mut locked = lock_case(&mut tx, case_id).await?;
    if locked.lead_unit_id != staff.unit_id {
        let handles = locked.case.tasks.iter().any(|t| t.post_id == staff.post_id);
        return Err(if handles {
            AppError::from(engine::TransitionProblem::NotLeadUnit)
        } else {
            AppError::NotFound
        });
    }
    let open = locked.case.tasks.iter().any(|t| t.state.is_open());
    if !open {
        return Err(AppError::from(engine::TransitionProblem::WrongState));
    }
    let inserted = sqlx::query(
        "insert into joint_inspection (case_id, on_date, place, participants, organised_by, organised_on)
         values ($1, $2, $3, $4, $5, $6) on conflict (case_id) do nothing",
    )
    .bind(case_id)
    .bind(on)
    .bind(&place)
    .bind(&participants)
    .bind(staff.account_id)
    .bind(today)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AppError::from(engine::TransitionProblem::InspectionExists));
    }
    let before = locked.case.tasks.clone();
    // The day is bounded, so the calendar reaches it; were it not, the
    // error rolls the transaction back and nothing changes.
    locked
        .case
        .pause(
            cal,
            Pause {
                from: today,
                to: on,
            },
        )
        .map_err(|_| AppError::InvalidFields {
            fields: vec![crate::clock::DateProblem::NotADate.at("date")],
        })?;
    let detail = format!(
        "{} · {} · {}",
        crate::clock::format_date(on),
        place,
        participants.join("、")
    );
    record(
        &mut tx,
        case_id,
        None,
        today,
        staff.into(),
        "inspection_organised",
        None,
        Some(&detail),
    )
    .await?;
    write_outcome(
        &mut tx,
        cal,
        &locked,
        &before,
        &Outcome::default(),
        today,
        staff.into(),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---- what applicants and clerks read of a case (views.rs types) ----

type CaseRow = (
    i64,
    i64,
    String,
    String,
    Bilingual,
    String,
    Date,
    Date,
    String,
);

/// The case `case_no` if `viewer` may see it: its applicant, or staff of a
/// department with a step in it (the read is then audited). Anyone else
/// gets `NotFound`, the same as for a case that does not exist.
pub async fn case_view(
    pool: &PgPool,
    viewer: &Me,
    case_no: &str,
    today: Date,
) -> Result<(i64, CaseView), AppError> {
    let row: Option<CaseRow> = sqlx::query_as(
        "select c.id, c.applicant_id, c.case_no, c.query_code,
                row(coalesce(i.name_zh, b.name_zh), coalesce(i.name_en, b.name_en)),
                to_char(c.submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                c.accepted_on, c.due_on, c.status
         from case_file c
         left join service_item i on i.id = c.item_id
         left join bundle b on b.id = c.bundle_id
         where c.case_no = $1",
    )
    .bind(case_no)
    .fetch_optional(pool)
    .await?;
    let (id, applicant, case_no, query_code, service, submitted, accepted, due, status) =
        row.ok_or(AppError::NotFound)?;
    if applicant != viewer.id {
        let handles: bool = sqlx::query_scalar(
            "select exists (select 1 from case_task t join staff s on s.department_id = t.department_id
                            where t.case_id = $1 and s.account_id = $2)",
        )
        .bind(id)
        .bind(viewer.id)
        .fetch_one(pool)
        .await?;
        if !handles {
            return Err(AppError::NotFound);
        }
        let detail = format!("case {case_no}");
        crate::accounts::store::audit::record(
            pool,
            audit::Event::personal_read(viewer.id, applicant, &detail),
        )
        .await?;
    }
    let steps = steps(pool, id, today).await?;
    let notice = open_notice(pool, id).await?;
    let ratings = crate::ratings::store::ratings_of_case(pool, id).await?;
    let late = steps.iter().any(|s| s.late);
    let promised_days: i32 = sqlx::query_scalar(
        "select d.critical_days from case_file c join process_definition d on d.id = c.definition_id
         where c.id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await?;
    Ok((
        id,
        CaseView {
            case_no,
            query_code: if applicant == viewer.id {
                query_code
            } else {
                String::new()
            },
            service,
            submitted_at: submitted,
            accepted_on: format_date(accepted),
            due_on: format_date(due),
            promised_days: promised_days.max(0) as u32,
            status: CaseStatus::parse(&status)
                .unwrap_or(CaseStatus::InReview)
                .on_day(late),
            steps,
            notice,
            mine: applicant == viewer.id,
            ratings,
        },
    ))
}

/// One step of a case as stored, with the names of its department, unit
/// and post: the one read of a case's steps, for the applicant's case view
/// and for public tracking (which keeps its tracking points).
#[derive(Debug)]
pub struct StepRow {
    pub id: i64,
    pub step_key: String,
    pub department_id: i64,
    pub post_id: i64,
    pub part: Option<i16>,
    pub outcome: Option<String>,
    pub evaluation_point: bool,
    /// Shown in public tracking.
    pub tracking_point: bool,
    /// It asked the applicant for supplements, or is a joint inspection.
    pub experienced: bool,
    pub record: StepRecord,
}

impl<'r> sqlx::FromRow<'r, PgRow> for StepRow {
    fn from_row(row: &'r PgRow) -> Result<Self, sqlx::Error> {
        let state: String = row.try_get("state")?;
        Ok(StepRow {
            id: row.try_get("id")?,
            step_key: row.try_get("step_key")?,
            department_id: row.try_get("department_id")?,
            post_id: row.try_get("post_id")?,
            part: row.try_get("part")?,
            outcome: row.try_get("outcome")?,
            evaluation_point: row.try_get("evaluation_point")?,
            tracking_point: row.try_get("tracking_point")?,
            experienced: row.try_get("experienced")?,
            record: StepRecord {
                kind: row.try_get("kind")?,
                name: row.try_get("name")?,
                department: row.try_get("department")?,
                unit: row.try_get("unit")?,
                post: row.try_get("post")?,
                state: TaskState::parse(&state).unwrap_or(TaskState::Waiting),
                started_on: row.try_get("started_on")?,
                due_on: row.try_get("due_on")?,
            },
        })
    }
}

/// Every step of case `case_id`, in the order they were created.
pub async fn case_steps(pool: &PgPool, case_id: i64) -> Result<Vec<StepRow>, AppError> {
    Ok(sqlx::query_as(
        "select t.id, t.step_key, t.department_id, t.post_id, t.kind, t.part,
                row(t.name_zh, t.name_en) as name,
                row(d.name_zh, d.name_en) as department, row(u.name_zh, u.name_en) as unit,
                row(p.name_zh, p.name_en) as post,
                t.state, t.started_on, t.due_on, t.outcome, t.evaluation_point, t.tracking_point,
                (t.kind = 'joint_inspection'
                 or exists (select 1 from supplement_request r where r.task_id = t.id)) as experienced
         from case_task t join department d on d.id = t.department_id
         join department_unit u on u.id = t.unit_id
         join department_post p on p.id = t.post_id
         where t.case_id = $1 order by t.id",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await?)
}

/// The steps of case `case_id` as its applicant reads them on `today`
/// (late ones marked by [`TaskState::late_on`]).
pub async fn steps(pool: &PgPool, case_id: i64, today: Date) -> Result<Vec<StepView>, AppError> {
    Ok(case_steps(pool, case_id)
        .await?
        .into_iter()
        .map(|row| {
            let r = row.record;
            StepView {
                late: r.state.late_on(r.due_on, today),
                experienced: row.experienced,
                task_id: row.id,
                key: row.step_key,
                kind: r.kind,
                part: row.part,
                name: r.name,
                department: r.department,
                unit: r.unit,
                state: r.state,
                started_on: r.started_on.map(format_date),
                due_on: r.due_on.map(format_date),
                outcome: row.outcome,
                evaluation_point: row.evaluation_point,
            }
        })
        .collect())
}

async fn open_notice(pool: &PgPool, case_id: i64) -> Result<Option<NoticeView>, AppError> {
    let head: Option<(i64, Date, Bilingual)> = sqlx::query_as(
        "select n.id, n.issued_on, row(u.name_zh, u.name_en) from supplement_notice n
         join department_unit u on u.id = n.lead_unit_id
         where n.case_id = $1 and n.answered_at is null",
    )
    .bind(case_id)
    .fetch_optional(pool)
    .await?;
    let Some((id, issued, lead_unit)) = head else {
        return Ok(None);
    };
    let requests: Vec<(Bilingual, String)> = sqlx::query_as(
        "select row(d.name_zh, d.name_en), r.what from supplement_request r
         join case_task t on t.id = r.task_id join department d on d.id = t.department_id
         where r.notice_id = $1 order by t.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some(NoticeView {
        issued_on: format_date(issued),
        lead_unit,
        requests,
    }))
}

/// The applicant's cases, newest first.
/// The applicant's cases, newest first, each with its status on `today`
/// (overdue when an open step is past its deadline, as the case page says).
pub async fn my_cases(
    pool: &PgPool,
    me: &Me,
    today: Date,
    limit: i64,
) -> Result<Vec<CaseLine>, AppError> {
    let rows: Vec<(String, Bilingual, String, Date, String, bool)> = sqlx::query_as(
        "select c.case_no, row(coalesce(i.name_zh, b.name_zh), coalesce(i.name_en, b.name_en)),
                to_char(c.submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                c.due_on, c.status,
                exists (select 1 from case_task t
                        where t.case_id = c.id and t.state in ('ready', 'claimed')
                          and t.due_on < $3)
         from case_file c
         left join service_item i on i.id = c.item_id
         left join bundle b on b.id = c.bundle_id
         where c.applicant_id = $1 order by c.submitted_at desc, c.id desc limit $2",
    )
    .bind(me.id)
    .bind(limit)
    .bind(today)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(case_no, service, at, due, status, late)| CaseLine {
            case_no,
            service,
            submitted_at: at,
            due_on: format_date(due),
            status: CaseStatus::parse(&status)
                .unwrap_or(CaseStatus::InReview)
                .on_day(late),
        })
        .collect())
}

/// Task `task_id` as the signed-in clerk `me` reads it at their post, on
/// the official calendar (see [`task_view`]); anyone else is refused.
pub async fn clerk_task(
    pool: &PgPool,
    key: &DataKey,
    me: &Me,
    task_id: i64,
    today: Date,
) -> Result<TaskView, AppError> {
    let post = staff_post(pool, me).await?;
    let cal = crate::clock::store::load(pool).await?;
    task_view(pool, key, &cal, post, me, task_id, today).await
}

/// Cases whose joint inspection the post's unit (their lead unit) is asked
/// to organise: proposed, not organised yet.
pub async fn inspections_to_organise(
    pool: &PgPool,
    staff: StaffPost,
) -> Result<Vec<ToOrganise>, AppError> {
    let rows: Vec<(String, Vec<String>)> = sqlx::query_as(
        "select c.case_no, array_agg(coalesce(e.detail, '') order by e.id)
         from case_file c
         join case_task a on a.case_id = c.id and a.kind = 'acceptance' and a.unit_id = $1
         join case_event e on e.case_id = c.id and e.action = 'propose_inspection'
         where c.closed_at is null and not exists (select 1 from joint_inspection j where j.case_id = c.id)
         group by c.id, c.case_no order by c.id limit 50",
    )
    .bind(staff.unit_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(case_no, proposals)| ToOrganise { case_no, proposals })
        .collect())
}

/// The task `task_id` for a clerk of its post, with its part's form fields
/// and the case's scans; others get `NotFound`.
pub async fn task_view(
    pool: &PgPool,
    key: &DataKey,
    cal: &Calendar,
    staff: StaffPost,
    me: &Me,
    task_id: i64,
    today: Date,
) -> Result<TaskView, AppError> {
    // The clerks of the task's post, and (issue 17) the heads of its unit,
    // who answer supervision notices about it; only the post decides.
    let row: Option<(String, Option<i16>, i64, bool)> = sqlx::query_as(
        "select c.case_no, t.part, c.id, t.post_id = $2 from case_task t
         join case_file c on c.id = t.case_id
         where t.id = $1 and (t.post_id = $2 or exists (
             select 1 from staff s where s.account_id = $3 and s.unit_head and s.unit_id = t.unit_id))",
    )
    .bind(task_id)
    .bind(staff.post_id)
    .bind(staff.account_id)
    .fetch_optional(pool)
    .await?;
    let (case_no, part, case_id, can_decide) = row.ok_or(AppError::NotFound)?;
    let (_, case) = case_view(pool, me, &case_no, today).await?;
    let step = case
        .steps
        .iter()
        .find(|s| s.task_id == task_id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let answers = super::desk_store::part_answers(pool, key, case_id, part).await?;
    let urgency = step
        .due_on
        .as_deref()
        .and_then(|d| crate::clock::parse_date(d).ok())
        .filter(|_| matches!(step.state, TaskState::Ready | TaskState::Claimed))
        .map(|due| engine::urgency(cal, due, today, &[]));
    Ok(TaskView {
        task_id,
        case,
        step,
        urgency,
        fields: super::desk_store::part_fields(pool, case_id, part).await?,
        materials: crate::files::store::case_files(pool, case_id).await?,
        // issue 17, desk
        places: super::desk_store::places(pool, &answers).await?,
        history: super::desk_store::history(pool, case_id).await?,
        notices: crate::supervision::notice_store::of_task(pool, task_id).await?,
        can_decide,
        answers,
    })
}
