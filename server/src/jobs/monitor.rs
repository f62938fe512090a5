//! The deadline monitor (电子监察): for every step under way, the alert of
//! `app::supervision::alert` on the official calendar — yellow within
//! `BANSHI_WARN_DAYS` working days of its deadline, red once past it. Each
//! alert is recorded once (`step_alert`, unique per step, level and
//! deadline: `insert … on conflict do nothing returning`), and only the
//! scan that recorded it sends its messages, in the same transaction — so
//! two servers scanning at once never send a reminder twice. Who is told is
//! `app::notifications::recipients`.

use app::{
    clock,
    error::AppError,
    i18n::Bilingual,
    notifications::{
        recipients,
        store::{send, MailOn, Outgoing},
        Audience, Params, StepPeople,
    },
    supervision::{alert, Alert},
};
use sqlx::PgPool;
use time::Date;

/// What one scan did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Steps looked at.
    pub steps: usize,
    /// Alerts this scan raised (not those another scan raised first).
    pub alerts: usize,
    pub notifications: usize,
}

fn level_name(a: Alert) -> &'static str {
    match a {
        Alert::Yellow => "yellow",
        Alert::Red => "red",
    }
}

type StepRow = (
    i64,         // task id
    i64,         // case id
    Date,        // due on
    String,      // state
    Option<i64>, // claimed by
    i64,         // post
    i64,         // unit
    i64,         // department
    Bilingual,   // step name
    String,      // case no
    String,      // query code
    i64,         // applicant
    Bilingual,   // department
);

/// Scans every step under way on `today` and raises its alert, once.
pub async fn scan(
    pool: &PgPool,
    today: Date,
    warn_days: u32,
    mail: Option<&MailOn>,
) -> Result<Report, AppError> {
    let cal = clock::store::load(pool).await?;
    // Steps with their red alert raised need nothing more.
    let steps: Vec<StepRow> = sqlx::query_as(
        "select t.id, t.case_id, t.due_on, t.state, t.claimed_by, t.post_id, t.unit_id,
                t.department_id, row(t.name_zh, t.name_en), c.case_no, c.query_code,
                c.applicant_id, row(d.name_zh, d.name_en)
         from case_task t
         join case_file c on c.id = t.case_id
         join department d on d.id = t.department_id
         where t.state in ('ready', 'claimed') and t.due_on is not null
           and not exists (select 1 from step_alert a
                           where a.task_id = t.id and a.level = 'red' and a.due_on = t.due_on)
         order by t.due_on, t.id",
    )
    .fetch_all(pool)
    .await?;
    let mut report = Report {
        steps: steps.len(),
        ..Report::default()
    };
    let cases: Vec<i64> = steps.iter().map(|s| s.1).collect();
    let by_case = app::supervision::store::pauses_of(pool, &cases).await?;
    for step in steps {
        let case_pauses = by_case.get(&step.1).map(Vec::as_slice).unwrap_or(&[]);
        let Some(level) = alert(&cal, step.2, today, case_pauses, warn_days) else {
            continue;
        };
        if let Some(sent) = raise(pool, &step, level, today, mail).await? {
            report.alerts += 1;
            report.notifications += sent;
        }
    }
    Ok(report)
}

/// Records the alert and sends its messages in one transaction; `None` when
/// it was raised before (by this or another server).
async fn raise(
    pool: &PgPool,
    step: &StepRow,
    level: Alert,
    today: Date,
    mail: Option<&MailOn>,
) -> Result<Option<usize>, AppError> {
    let (task, _, due_on, state, claimed_by, post, unit, department, ..) = step;
    let mut tx = pool.begin().await?;
    let alert_id: Option<i64> = sqlx::query_scalar(
        "insert into step_alert (task_id, level, due_on, raised_on) values ($1, $2, $3, $4)
         on conflict (task_id, level, due_on) do nothing returning id",
    )
    .bind(task)
    .bind(level_name(level))
    .bind(due_on)
    .bind(today)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(alert_id) = alert_id else {
        return Ok(None);
    };
    let mut people = StepPeople {
        handler: claimed_by.filter(|_| state == "claimed"),
        applicant: step.11,
        ..StepPeople::default()
    };
    match level {
        Alert::Yellow => {
            people.post_staff = sqlx::query_scalar(
                "select account_id from staff where post_id = $1 order by account_id",
            )
            .bind(post)
            .fetch_all(&mut *tx)
            .await?;
        }
        Alert::Red => {
            people.unit_heads = sqlx::query_scalar(
                "select account_id from staff where unit_id = $1 and unit_head order by account_id",
            )
            .bind(unit)
            .fetch_all(&mut *tx)
            .await?;
            let supervisors: Vec<(i64, i32)> = sqlx::query_as(
                "with recursive up (code, depth) as (
                     select region_code, 0 from department where id = $1
                     union all
                     select r.parent_code, up.depth + 1 from up join region r on r.code = up.code
                     where r.parent_code is not null
                 )
                 select s.account_id, up.depth from supervisor s join up on up.code = s.region_code
                 order by s.account_id",
            )
            .bind(department)
            .fetch_all(&mut *tx)
            .await?;
            people.supervisors = supervisors
                .into_iter()
                .map(|(id, depth)| (id, depth.max(0) as u32))
                .collect();
        }
    }
    let params = Params {
        case_no: step.9.clone(),
        step: step.8.clone(),
        department: step.12.clone(),
        due_on: clock::format_date(*due_on),
    };
    let mut sent = 0;
    for (recipient, why) in recipients(level, &people) {
        let link = match why {
            Audience::Handler | Audience::Post => format!("/staff/tasks/{task}"),
            // The dashboard lists the region's alerts with their posts.
            Audience::Supervisor => "/supervision".to_string(),
            Audience::UnitHead => format!("/track?case_no={}&code={}", step.9, step.10),
            Audience::Applicant => format!("/cases/{}", step.9),
        };
        let out = Outgoing {
            recipient,
            kind: why.kind(),
            params: &params,
            link: Some(link),
            alert_id: Some(alert_id),
        };
        if send(&mut tx, &out, mail).await?.is_some() {
            sent += 1;
        }
    }
    tx.commit().await?;
    Ok(Some(sent))
}
