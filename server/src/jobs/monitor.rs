//! The deadline monitor (电子监察): for every step under way, the alert of
//! `app::supervision::alert` on the official calendar — yellow within
//! `BANSHI_WARN_DAYS` working days of its deadline, red once past it. Each
//! alert is recorded once (`step_alert`, unique per step, level and
//! deadline: `insert … on conflict do nothing returning`), and only the
//! scan that recorded it sends its messages, in the same transaction — so
//! two servers scanning at once never send a reminder twice. Who is told is
//! `app::notifications::recipients`. This file only orchestrates: the
//! steps, the alerts and the people are read and written by the
//! supervision and notifications stores.

use app::{
    clock,
    error::AppError,
    notifications::{
        recipients,
        store::{send, step_people, MailOn, Outgoing},
        Audience, Params,
    },
    supervision::{
        alert,
        store::{pauses_of, raise_alert, watched_steps, WatchedStep},
        Alert,
    },
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

/// Scans every step under way on `today` and raises its alert, once.
pub async fn scan(
    pool: &PgPool,
    today: Date,
    warn_days: u32,
    mail: Option<&MailOn>,
) -> Result<Report, AppError> {
    let cal = clock::store::load(pool).await?;
    let steps = watched_steps(pool).await?;
    let mut report = Report {
        steps: steps.len(),
        ..Report::default()
    };
    let cases: Vec<i64> = steps.iter().map(|s| s.case_id).collect();
    let by_case = pauses_of(pool, &cases).await?;
    for step in steps {
        let case_pauses = by_case.get(&step.case_id).map(Vec::as_slice).unwrap_or(&[]);
        let Some(level) = alert(&cal, step.due_on, today, case_pauses, warn_days) else {
            continue;
        };
        if let Some(sent) = raise(pool, &step, level, today, mail).await? {
            report.alerts += 1;
            report.notifications += sent;
        }
    }
    // letters: the letters whose deadline runs, on the same clock.
    let letters = super::letter_alerts::scan(pool, &cal, today, warn_days, mail).await?;
    report.alerts += letters.alerts;
    report.notifications += letters.notifications;
    // requests: the requests for information whose clock runs.
    let requests =
        super::information_request_alerts::scan(pool, &cal, today, warn_days, mail).await?;
    report.alerts += requests.alerts;
    report.notifications += requests.notifications;
    // (end of issue 20, requests)
    // questions: microblog questions waiting for their answer.
    let questions = super::weibo_question_alerts::scan(pool, &cal, today, warn_days, mail).await?;
    report.alerts += questions.alerts;
    report.notifications += questions.notifications;
    // (end of issue 21, questions)
    Ok(report)
}

/// Records the alert and sends its messages in one transaction; `None` when
/// it was raised before (by this or another server).
async fn raise(
    pool: &PgPool,
    step: &WatchedStep,
    level: Alert,
    today: Date,
    mail: Option<&MailOn>,
) -> Result<Option<usize>, AppError> {
    let mut tx = pool.begin().await?;
    let Some(alert_id) = raise_alert(&mut tx, step, level, today).await? else {
        return Ok(None);
    };
    let people = step_people(&mut tx, step, level).await?;
    let params = Params {
        case_no: step.case_no.clone(),
        step: step.name.clone(),
        department: step.department.clone(),
        due_on: clock::format_date(step.due_on),
        ..Params::default()
    };
    let mut sent = 0;
    for (recipient, why) in recipients(level, &people) {
        let link = match why {
            Audience::Handler | Audience::Post => format!("/staff/tasks/{}", step.task_id),
            // The case as supervisors read it, at the late step, where a
            // 督办 is sent (issue 17).
            Audience::Supervisor => {
                format!("/supervision/cases/{}#step-{}", step.case_no, step.task_id)
            }
            Audience::UnitHead => {
                format!("/track?case_no={}&code={}", step.case_no, step.query_code)
            }
            Audience::Applicant => format!("/cases/{}", step.case_no),
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
