//! What applicants and clerks read of a case: its steps side by side, the
//! open notice, the log; a clerk's task with only their department's part.

use super::engine::{self, CaseStatus, TaskState};
use crate::applications::form::Answers;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {
    super::store::StaffPost,
    crate::{
        accounts::{audit, secrets::DataKey, Me},
        clock::{format_date, Calendar},
        error::AppError,
    },
    sqlx::PgPool,
    time::Date,
};

/// One step of a case as shown to its applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepView {
    pub task_id: i64,
    pub key: String,
    pub kind: String,
    pub part: Option<i16>,
    pub name_zh: String,
    pub name_en: String,
    pub department_zh: String,
    pub department_en: String,
    pub unit_zh: String,
    pub unit_en: String,
    pub state: TaskState,
    pub started_on: Option<String>,
    pub due_on: Option<String>,
    pub outcome: Option<String>,
    /// The applicant rates the step once it is done (评价点).
    pub evaluation_point: bool,
}

/// The open notice (一次告知): what each department asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub issued_on: String,
    pub lead_unit_zh: String,
    pub lead_unit_en: String,
    /// (department zh, department en, what is asked)
    pub requests: Vec<(String, String, String)>,
}

/// A case as its applicant (or a clerk handling it) sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub case_no: String,
    pub query_code: String,
    pub service_zh: String,
    pub service_en: String,
    pub submitted_at: String,
    pub accepted_on: String,
    pub due_on: String,
    pub status: CaseStatus,
    pub steps: Vec<StepView>,
    pub notice: Option<NoticeView>,
    /// The viewer is the applicant (who rates and answers notices).
    pub mine: bool,
    /// The applicant's ratings of the case's evaluation points.
    pub ratings: Vec<crate::ratings::RatingView>,
}

#[cfg(feature = "ssr")]
type CaseRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    Date,
    Date,
    String,
);

#[cfg(feature = "ssr")]
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
                coalesce(i.name_zh, b.name_zh), coalesce(i.name_en, b.name_en),
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
    let (id, applicant, case_no, query_code, szh, sen, submitted, accepted, due, status) =
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
        audit::record(
            pool,
            audit::Event {
                actor: Some(viewer.id),
                subject: Some(applicant),
                detail: Some(&detail),
                ..audit::Event::new(audit::Action::PersonalDataRead)
            },
        )
        .await?;
    }
    let steps = steps(pool, id).await?;
    let notice = open_notice(pool, id).await?;
    let ratings = crate::ratings::store::ratings_of_case(pool, id).await?;
    let stored = CaseStatus::parse(&status).unwrap_or(CaseStatus::InReview);
    let late = stored == CaseStatus::InReview
        && steps.iter().any(|s| {
            matches!(s.state, TaskState::Ready | TaskState::Claimed)
                && s.due_on
                    .as_deref()
                    .is_some_and(|d| d < format_date(today).as_str())
        });
    Ok((
        id,
        CaseView {
            case_no,
            query_code: if applicant == viewer.id {
                query_code
            } else {
                String::new()
            },
            service_zh: szh,
            service_en: sen,
            submitted_at: submitted,
            accepted_on: format_date(accepted),
            due_on: format_date(due),
            status: if late { CaseStatus::Overdue } else { stored },
            steps,
            notice,
            mine: applicant == viewer.id,
            ratings,
        },
    ))
}

#[cfg(feature = "ssr")]
type StepRow = (
    i64,
    String,
    String,
    Option<i16>,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<Date>,
    Option<Date>,
    Option<String>,
    bool,
);

#[cfg(feature = "ssr")]
async fn steps(pool: &PgPool, case_id: i64) -> Result<Vec<StepView>, AppError> {
    let rows: Vec<StepRow> = sqlx::query_as(
        "select t.id, t.step_key, t.kind, t.part, t.name_zh, t.name_en, d.name_zh, d.name_en,
                u.name_zh, u.name_en, t.state, t.started_on, t.due_on, t.outcome, t.evaluation_point
         from case_task t join department d on d.id = t.department_id
         join department_unit u on u.id = t.unit_id
         where t.case_id = $1 order by t.id",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                task_id,
                key,
                kind,
                part,
                nzh,
                nen,
                dzh,
                den,
                uzh,
                uen,
                state,
                started,
                due,
                outcome,
                evaluation_point,
            )| {
                StepView {
                    task_id,
                    key,
                    kind,
                    part,
                    name_zh: nzh,
                    name_en: nen,
                    department_zh: dzh,
                    department_en: den,
                    unit_zh: uzh,
                    unit_en: uen,
                    state: TaskState::parse(&state).unwrap_or(TaskState::Waiting),
                    started_on: started.map(format_date),
                    due_on: due.map(format_date),
                    outcome,
                    evaluation_point,
                }
            },
        )
        .collect())
}

#[cfg(feature = "ssr")]
async fn open_notice(pool: &PgPool, case_id: i64) -> Result<Option<NoticeView>, AppError> {
    let head: Option<(i64, Date, String, String)> = sqlx::query_as(
        "select n.id, n.issued_on, u.name_zh, u.name_en from supplement_notice n
         join department_unit u on u.id = n.lead_unit_id
         where n.case_id = $1 and n.answered_at is null",
    )
    .bind(case_id)
    .fetch_optional(pool)
    .await?;
    let Some((id, issued, uzh, uen)) = head else {
        return Ok(None);
    };
    let requests: Vec<(String, String, String)> = sqlx::query_as(
        "select d.name_zh, d.name_en, r.what from supplement_request r
         join case_task t on t.id = r.task_id join department d on d.id = t.department_id
         where r.notice_id = $1 order by t.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some(NoticeView {
        issued_on: format_date(issued),
        lead_unit_zh: uzh,
        lead_unit_en: uen,
        requests,
    }))
}

/// A case in a list (my cases).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseLine {
    pub case_no: String,
    pub service_zh: String,
    pub service_en: String,
    pub submitted_at: String,
    pub due_on: String,
    pub status: CaseStatus,
}

#[cfg(feature = "ssr")]
/// The applicant's cases, newest first.
pub async fn my_cases(pool: &PgPool, me: &Me, limit: i64) -> Result<Vec<CaseLine>, AppError> {
    let rows: Vec<(String, String, String, String, Date, String)> = sqlx::query_as(
        "select c.case_no, coalesce(i.name_zh, b.name_zh), coalesce(i.name_en, b.name_en),
                to_char(c.submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                c.due_on, c.status
         from case_file c
         left join service_item i on i.id = c.item_id
         left join bundle b on b.id = c.bundle_id
         where c.applicant_id = $1 order by c.submitted_at desc, c.id desc limit $2",
    )
    .bind(me.id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(case_no, szh, sen, at, due, status)| CaseLine {
            case_no,
            service_zh: szh,
            service_en: sen,
            submitted_at: at,
            due_on: format_date(due),
            status: CaseStatus::parse(&status).unwrap_or(CaseStatus::InReview),
        })
        .collect())
}

/// A clerk's task: the step, the case's other steps (what other
/// departments already accepted is not checked again), and only the
/// answers of the clerk's part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskView {
    pub task_id: i64,
    pub case: CaseView,
    pub step: StepView,
    pub answers: Answers,
    pub urgency: Option<engine::Urgency>,
}

#[cfg(feature = "ssr")]
/// The task `task_id` for a clerk of its post; others get `NotFound`.
pub async fn task_view(
    pool: &PgPool,
    key: &DataKey,
    cal: &Calendar,
    staff: StaffPost,
    me: &Me,
    task_id: i64,
    today: Date,
) -> Result<TaskView, AppError> {
    let row: Option<(String, Option<i16>, i64)> = sqlx::query_as(
        "select c.case_no, t.part, c.id from case_task t join case_file c on c.id = t.case_id
         where t.id = $1 and t.post_id = $2",
    )
    .bind(task_id)
    .bind(staff.post_id)
    .fetch_optional(pool)
    .await?;
    let (case_no, part, case_id) = row.ok_or(AppError::NotFound)?;
    let (_, case) = case_view(pool, me, &case_no, today).await?;
    let step = case
        .steps
        .iter()
        .find(|s| s.task_id == task_id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let sealed: Option<Vec<u8>> = match part {
        Some(p) => {
            sqlx::query_scalar(
                "select answers_sealed from case_part where case_id = $1 and position = $2",
            )
            .bind(case_id)
            .bind(p)
            .fetch_optional(pool)
            .await?
        }
        None => {
            sqlx::query_scalar("select answers_sealed from case_file where id = $1")
                .bind(case_id)
                .fetch_optional(pool)
                .await?
        }
    };
    let answers = match sealed {
        Some(s) => serde_json::from_slice(&key.open(&s).map_err(AppError::internal)?)
            .map_err(AppError::internal)?,
        None => Answers::new(),
    };
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
        answers,
        urgency,
    })
}

/// One row of a post's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub task_id: i64,
    pub case_no: String,
    pub step_zh: String,
    pub step_en: String,
    pub service_zh: String,
    pub service_en: String,
    pub state: TaskState,
    /// Taken by the viewer (others' claimed tasks are not listed).
    pub mine: bool,
    pub due_on: String,
    pub urgency: engine::Urgency,
}
