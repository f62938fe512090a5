//! Interviews in the database: scheduling (idempotent), the public list
//! and page, asking (idempotent), the moderator's decisions, the
//! append-only transcript, start and end, written answers (the asker told
//! in the inbox) and the department's views.

use super::{
    end_of, format_time, mask_name, step, ConsoleView, Decision, EntryKind, EntryView,
    InterviewDetail, InterviewView, NewInterview, Phase, Problem, QuestionState, QuestionView,
    RejectReason, StaffView, Switch,
};
use crate::{
    accounts::{Me, Role},
    catalog::Bilingual,
    clock::{format_date, Calendar, HALL_OFFSET},
    error::AppError,
    notifications::{
        store::{mail_of, send, Outgoing},
        Kind, Params,
    },
};
use sqlx::{PgPool, Postgres, Transaction};
use time::OffsetDateTime;

/// The department the signed-in staff member moderates for; anyone else
/// is refused (403).
pub async fn staff_department(pool: &PgPool, me: &Me) -> Result<i64, AppError> {
    Ok(crate::workflow::store::staff_post(pool, me)
        .await?
        .department_id)
}

/// An interview as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Row {
    id: i64,
    title: String,
    guests: String,
    description: String,
    department_id: i64,
    department: Bilingual,
    starts_at: OffsetDateTime,
    ends_at: OffsetDateTime,
    started_at: Option<OffsetDateTime>,
    ended_at: Option<OffsetDateTime>,
}

impl Row {
    fn phase(&self, now: OffsetDateTime) -> Phase {
        Phase::of(
            self.starts_at,
            self.ends_at,
            self.started_at,
            self.ended_at,
            now,
        )
    }

    fn view(&self, cal: &Calendar, now: OffsetDateTime) -> InterviewView {
        let phase = self.phase(now);
        InterviewView {
            id: self.id,
            title: self.title.clone(),
            guests: self.guests.clone(),
            description: self.description.clone(),
            department_id: self.department_id,
            department: self.department.clone(),
            starts_at: format_time(self.starts_at),
            ends_at: format_time(self.ends_at),
            phase,
            written_due_on: (phase == Phase::Ended)
                .then(|| format_date(super::written_due(cal, end_of(self.ends_at, self.ended_at)))),
        }
    }
}

const SELECT: &str = "select i.id, i.title, i.guests, i.description, i.department_id,
        row(d.name_zh, d.name_en) as department, i.starts_at, i.ends_at, i.started_at, i.ended_at
    from interview i join department d on d.id = i.department_id";

async fn row(pool: &PgPool, id: i64) -> Result<Row, AppError> {
    sqlx::query_as::<_, Row>(&format!("{SELECT} where i.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// Made, or found again by its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Made {
    pub id: i64,
    pub created: bool,
}

/// The department's staff schedule an interview; the same key gives the
/// same interview.
pub async fn schedule(
    pool: &PgPool,
    me: &Me,
    new: &NewInterview,
    key: uuid::Uuid,
    now: OffsetDateTime,
) -> Result<Made, AppError> {
    let department = staff_department(pool, me).await?;
    let existing = || async {
        sqlx::query_scalar::<_, i64>(
            "select id from interview where created_by = $1 and idempotency_key = $2",
        )
        .bind(me.id)
        .bind(key)
        .fetch_optional(pool)
        .await
    };
    if let Some(id) = existing().await? {
        return Ok(Made { id, created: false });
    }
    let id: Option<i64> = sqlx::query_scalar(
        "insert into interview (department_id, title, guests, description, starts_at, ends_at,
             created_by, created_at, idempotency_key)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (created_by, idempotency_key) do nothing returning id",
    )
    .bind(department)
    .bind(&new.title)
    .bind(&new.guests)
    .bind(&new.description)
    .bind(new.starts_at)
    .bind(new.ends_at)
    .bind(me.id)
    .bind(now)
    .bind(key)
    .fetch_optional(pool)
    .await?;
    match id {
        Some(id) => {
            tracing::info!(interview = id, "interview scheduled");
            Ok(Made { id, created: true })
        }
        None => existing()
            .await?
            .map(|id| Made { id, created: false })
            .ok_or_else(|| AppError::internal("idempotent interview vanished")),
    }
}

/// Every interview, the latest scheduled first (the pages group them by
/// phase).
pub async fn list(
    pool: &PgPool,
    cal: &Calendar,
    now: OffsetDateTime,
    limit: i64,
) -> Result<Vec<InterviewView>, AppError> {
    let rows = sqlx::query_as::<_, Row>(&format!(
        "{SELECT} order by i.starts_at desc, i.id desc limit $1"
    ))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(|r| r.view(cal, now)).collect())
}

/// One interview's view.
pub async fn one(
    pool: &PgPool,
    cal: &Calendar,
    id: i64,
    now: OffsetDateTime,
) -> Result<InterviewView, AppError> {
    Ok(row(pool, id).await?.view(cal, now))
}

type EntryRow = (
    i32,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    OffsetDateTime,
);

fn entry_of(r: EntryRow) -> EntryView {
    let (seq, kind, speaker, body, question, asker, at) = r;
    let at = at.to_offset(HALL_OFFSET);
    EntryView {
        seq,
        kind: EntryKind::parse(&kind).unwrap_or(EntryKind::Note),
        speaker,
        body,
        question,
        asker: asker.as_deref().map(mask_name),
        at: format!("{:02}:{:02}", at.hour(), at.minute()),
    }
}

/// The transcript entries after `after`, in order (404 for no such
/// interview).
pub async fn transcript(pool: &PgPool, id: i64, after: i32) -> Result<Vec<EntryView>, AppError> {
    let exists: bool = sqlx::query_scalar("select exists (select 1 from interview where id = $1)")
        .bind(id)
        .fetch_one(pool)
        .await?;
    if !exists {
        return Err(AppError::NotFound);
    }
    let rows: Vec<EntryRow> = sqlx::query_as(
        "select e.seq, e.kind, e.speaker, e.body, q.question, a.display_name, e.added_at
         from interview_entry e
         left join interview_question q on q.id = e.question_id
         left join account a on a.id = q.asker_id
         where e.interview_id = $1 and e.seq > $2 order by e.seq limit 1000",
    )
    .bind(id)
    .bind(after)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(entry_of).collect())
}

const QSELECT: &str =
    "select q.id, q.interview_id, i.title, a.display_name, q.question, q.asked_at,
        q.state, q.reject_reason, q.answer, q.answered_at, q.asker_id, i.ends_at, i.ended_at,
        i.starts_at, i.started_at
    from interview_question q join interview i on i.id = q.interview_id
    join account a on a.id = q.asker_id";

#[derive(Debug, Clone, sqlx::FromRow)]
struct QRow {
    id: i64,
    interview_id: i64,
    title: String,
    display_name: String,
    question: String,
    asked_at: OffsetDateTime,
    state: String,
    reject_reason: Option<String>,
    answer: Option<String>,
    answered_at: Option<OffsetDateTime>,
    asker_id: i64,
    ends_at: OffsetDateTime,
    ended_at: Option<OffsetDateTime>,
    starts_at: OffsetDateTime,
    started_at: Option<OffsetDateTime>,
}

impl QRow {
    fn state(&self) -> QuestionState {
        QuestionState::parse(&self.state).unwrap_or(QuestionState::Pending)
    }

    fn phase(&self, now: OffsetDateTime) -> Phase {
        Phase::of(
            self.starts_at,
            self.ends_at,
            self.started_at,
            self.ended_at,
            now,
        )
    }

    fn view(&self, cal: &Calendar, viewer: Option<i64>, now: OffsetDateTime) -> QuestionView {
        let state = self.state();
        // A deferred question is due from the (scheduled, until it ends)
        // end; any question still owed once the interview is over too.
        let owed = state == QuestionState::Deferred
            || (state.awaits_written() && self.phase(now) == Phase::Ended);
        QuestionView {
            id: self.id,
            interview_id: self.interview_id,
            interview: self.title.clone(),
            asker: mask_name(&self.display_name),
            question: self.question.clone(),
            asked_at: format_time(self.asked_at),
            state,
            reason: self.reject_reason.as_deref().and_then(RejectReason::parse),
            due_on: owed
                .then(|| format_date(super::written_due(cal, end_of(self.ends_at, self.ended_at)))),
            answer: self.answer.clone(),
            answered_at: self.answered_at.map(format_time),
            mine: viewer == Some(self.asker_id),
        }
    }
}

async fn question_row(pool: &PgPool, id: i64) -> Result<QRow, AppError> {
    sqlx::query_as::<_, QRow>(&format!("{QSELECT} where q.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// One question as `viewer` sees it.
pub async fn question(
    pool: &PgPool,
    cal: &Calendar,
    viewer: Option<i64>,
    id: i64,
    now: OffsetDateTime,
) -> Result<QuestionView, AppError> {
    Ok(question_row(pool, id).await?.view(cal, viewer, now))
}

/// The interview's page for `me` (anyone may read it).
pub async fn detail(
    pool: &PgPool,
    cal: &Calendar,
    me: Option<&Me>,
    id: i64,
    now: OffsetDateTime,
) -> Result<InterviewDetail, AppError> {
    let row = row(pool, id).await?;
    let interview = row.view(cal, now);
    let transcript = transcript(pool, id, 0).await?;
    let viewer = me.map(|m| m.id);
    let answered: Vec<QRow> = sqlx::query_as(&format!(
        "{QSELECT} where q.interview_id = $1 and q.state = 'answered_written'
         order by q.answered_at, q.id"
    ))
    .bind(id)
    .fetch_all(pool)
    .await?;
    let mine: Vec<QRow> = match viewer {
        Some(v) => {
            sqlx::query_as(&format!(
                "{QSELECT} where q.interview_id = $1 and q.asker_id = $2 order by q.asked_at, q.id"
            ))
            .bind(id)
            .bind(v)
            .fetch_all(pool)
            .await?
        }
        None => Vec::new(),
    };
    let may_moderate = match me {
        Some(me) if me.role == Role::Staff => staff_department(pool, me)
            .await
            .is_ok_and(|d| d == row.department_id),
        _ => false,
    };
    Ok(InterviewDetail {
        may_ask: interview.phase.takes_questions()
            && me.is_some_and(|m| matches!(m.role, Role::Citizen | Role::Enterprise)),
        may_moderate,
        interview,
        transcript,
        answered: answered.iter().map(|q| q.view(cal, viewer, now)).collect(),
        mine: mine.iter().map(|q| q.view(cal, viewer, now)).collect(),
    })
}

/// A signed-in citizen or enterprise asks (others: 403), before or during
/// the interview (409 after); the same key gives the same question,
/// whatever is sent the second time.
pub async fn ask(
    pool: &PgPool,
    me: &Me,
    interview: i64,
    text: &str,
    key: uuid::Uuid,
    now: OffsetDateTime,
) -> Result<Made, AppError> {
    let existing = || async {
        sqlx::query_scalar::<_, i64>(
            "select id from interview_question where asker_id = $1 and idempotency_key = $2",
        )
        .bind(me.id)
        .bind(key)
        .fetch_optional(pool)
        .await
    };
    if let Some(id) = existing().await? {
        return Ok(Made { id, created: false });
    }
    if !matches!(me.role, Role::Citizen | Role::Enterprise) {
        return Err(AppError::Forbidden);
    }
    let row = row(pool, interview).await?;
    if !row.phase(now).takes_questions() {
        return Err(Problem::Closed.into());
    }
    let question = super::parse_question(text)?;
    let id: Option<i64> = sqlx::query_scalar(
        "insert into interview_question (interview_id, asker_id, question, asked_at, idempotency_key)
         values ($1, $2, $3, $4, $5)
         on conflict (asker_id, idempotency_key) do nothing returning id",
    )
    .bind(interview)
    .bind(me.id)
    .bind(&question)
    .bind(now)
    .bind(key)
    .fetch_optional(pool)
    .await?;
    match id {
        Some(id) => Ok(Made { id, created: true }),
        None => existing()
            .await?
            .map(|id| Made { id, created: false })
            .ok_or_else(|| AppError::internal("idempotent question vanished")),
    }
}

/// Refuses anyone but staff of the interview's department (403).
async fn moderator_of(pool: &PgPool, me: &Me, department_id: i64) -> Result<(), AppError> {
    if staff_department(pool, me).await? == department_id {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn department_of(pool: &PgPool, interview: i64) -> Result<i64, AppError> {
    sqlx::query_scalar("select department_id from interview where id = $1")
        .bind(interview)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// Moves a question from the state it was read in (409 when another
/// request moved it first).
async fn move_question(
    tx: &mut Transaction<'_, Postgres>,
    q: &QRow,
    to: QuestionState,
    reason: Option<RejectReason>,
    answer: Option<&str>,
    me: &Me,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let answered = to.answered().then_some(now);
    let done = sqlx::query(
        "update interview_question set state = $3, reject_reason = $4, answer = $5,
             answered_at = $6, decided_by = $7, decided_at = $8
         where id = $1 and state = $2",
    )
    .bind(q.id)
    .bind(&q.state)
    .bind(to.code())
    .bind(reason.map(RejectReason::code))
    .bind(answer)
    .bind(answered)
    .bind(me.id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Problem::WrongState.into());
    }
    Ok(())
}

/// Tells the asker their question was answered (once: the answer is one
/// state change).
async fn tell_asker(
    tx: &mut Transaction<'_, Postgres>,
    q: &QRow,
    department: &Bilingual,
) -> Result<(), AppError> {
    let params = Params {
        case_no: format!("#{}", q.id),
        step: Bilingual::new(q.title.clone(), q.title.clone()),
        department: department.clone(),
        ..Params::default()
    };
    let mail = mail_of(tx).await?;
    send(
        tx,
        &Outgoing {
            recipient: q.asker_id,
            kind: Kind::InterviewAnswered,
            params: &params,
            link: Some(format!("/interviews/{}#q-{}", q.interview_id, q.id)),
            alert_id: None,
        },
        mail.as_ref(),
    )
    .await?;
    Ok(())
}

/// The moderator accepts, rejects (with a reason) or defers a question.
pub async fn decide(
    pool: &PgPool,
    me: &Me,
    id: i64,
    decision: Decision,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let q = question_row(pool, id).await?;
    moderator_of(pool, me, department_of(pool, q.interview_id).await?).await?;
    if matches!(decision, Decision::AnswerLive | Decision::AnswerWritten) {
        return Err(Problem::UnknownDecision.into());
    }
    let to = step(q.state(), q.phase(now), decision)?;
    let reason = match decision {
        Decision::Reject(r) => Some(r),
        _ => None,
    };
    let mut tx = pool.begin().await?;
    move_question(&mut tx, &q, to, reason, None, me, now).await?;
    tx.commit().await?;
    tracing::info!(
        question = id,
        state = to.code(),
        "interview question decided"
    );
    Ok(())
}

/// The department answers a question in writing (a deferred one, or any
/// still owed an answer once the interview is over); the asker is told.
pub async fn answer_written(
    pool: &PgPool,
    me: &Me,
    id: i64,
    text: &str,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let q = question_row(pool, id).await?;
    let interview = row(pool, q.interview_id).await?;
    moderator_of(pool, me, interview.department_id).await?;
    let to = step(q.state(), q.phase(now), Decision::AnswerWritten)?;
    let answer = super::parse_body(text)?;
    let mut tx = pool.begin().await?;
    move_question(&mut tx, &q, to, None, Some(&answer), me, now).await?;
    tell_asker(&mut tx, &q, &interview.department).await?;
    tx.commit().await?;
    tracing::info!(question = id, "interview question answered in writing");
    Ok(())
}

/// A transcript entry as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub kind: EntryKind,
    pub speaker: String,
    pub body: String,
    pub question: Option<i64>,
}

/// The moderator appends an entry while the interview is live (409
/// otherwise); an answer names a question of this interview, which is then
/// answered live and its asker told.
pub async fn add_entry(
    pool: &PgPool,
    me: &Me,
    interview: i64,
    entry: &NewEntry,
    now: OffsetDateTime,
) -> Result<EntryView, AppError> {
    let row = row(pool, interview).await?;
    moderator_of(pool, me, row.department_id).await?;
    if row.phase(now) != Phase::Live {
        return Err(Problem::NotLive.into());
    }
    let body = super::parse_body(&entry.body)?;
    let speaker = if entry.speaker.trim().is_empty() {
        String::new()
    } else {
        super::bounded(&entry.speaker, 1, 100)?
    };
    let question = match (entry.kind, entry.question) {
        (EntryKind::Answer, Some(qid)) => {
            let q = question_row(pool, qid)
                .await
                .map_err(|_| Problem::QuestionRequired)?;
            if q.interview_id != interview {
                return Err(Problem::QuestionRequired.into());
            }
            Some(q)
        }
        (EntryKind::Answer, None) => return Err(Problem::QuestionRequired.into()),
        _ => None,
    };
    let mut tx = pool.begin().await?;
    // One writer at a time per interview: the sequence has no gaps.
    sqlx::query("select id from interview where id = $1 for update")
        .bind(interview)
        .execute(&mut *tx)
        .await?;
    if let Some(q) = &question {
        let to = step(q.state(), Phase::Live, Decision::AnswerLive)?;
        move_question(&mut tx, q, to, None, None, me, now).await?;
        tell_asker(&mut tx, q, &row.department).await?;
    }
    let seq: i32 = sqlx::query_scalar(
        "insert into interview_entry (interview_id, seq, kind, speaker, body, question_id, added_by, added_at)
         select $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7
         from interview_entry where interview_id = $1
         returning seq",
    )
    .bind(interview)
    .bind(entry.kind.code())
    .bind(&speaker)
    .bind(&body)
    .bind(question.as_ref().map(|q| q.id))
    .bind(me.id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    transcript(pool, interview, seq - 1)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::internal("transcript entry vanished"))
}

/// The moderator starts an upcoming interview or ends a live one (409
/// otherwise).
pub async fn switch(
    pool: &PgPool,
    me: &Me,
    interview: i64,
    switch: Switch,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let row = row(pool, interview).await?;
    moderator_of(pool, me, row.department_id).await?;
    if !switch.allowed(row.phase(now)) {
        return Err(Problem::WrongSwitch.into());
    }
    let sql = match switch {
        // Started by hand: live from now (the schedule no longer decides).
        Switch::Start => "update interview set started_at = $2 where id = $1 and ended_at is null",
        // Ended by hand: a start is recorded too when the schedule made it
        // live.
        Switch::End => {
            "update interview set ended_at = $2, started_at = coalesce(started_at, least(starts_at, $2))
             where id = $1 and ended_at is null"
        }
    };
    sqlx::query(sql)
        .bind(interview)
        .bind(now)
        .execute(pool)
        .await?;
    tracing::info!(interview, ?switch, "interview switched");
    Ok(())
}

/// The moderator's console of one interview: every question, pending
/// first, then the queue, then the rest.
pub async fn console(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    interview: i64,
    now: OffsetDateTime,
) -> Result<ConsoleView, AppError> {
    let row = row(pool, interview).await?;
    moderator_of(pool, me, row.department_id).await?;
    let questions: Vec<QRow> = sqlx::query_as(&format!(
        "{QSELECT} where q.interview_id = $1
         order by case q.state when 'pending' then 0 when 'queued' then 1 when 'deferred' then 2 else 3 end,
                  q.asked_at, q.id limit 1000"
    ))
    .bind(interview)
    .fetch_all(pool)
    .await?;
    Ok(ConsoleView {
        interview: row.view(cal, now),
        questions: questions
            .iter()
            .map(|q| q.view(cal, Some(me.id), now))
            .collect(),
        transcript: transcript(pool, interview, 0).await?,
    })
}

/// The department's interviews and every question owed a written answer,
/// by due date (the earliest end first).
pub async fn staff(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    now: OffsetDateTime,
) -> Result<StaffView, AppError> {
    let department_id = staff_department(pool, me).await?;
    let department: Bilingual =
        sqlx::query_scalar("select row(name_zh, name_en) from department where id = $1")
            .bind(department_id)
            .fetch_one(pool)
            .await?;
    let rows = sqlx::query_as::<_, Row>(&format!(
        "{SELECT} where i.department_id = $1 order by i.starts_at desc, i.id desc limit 200"
    ))
    .bind(department_id)
    .fetch_all(pool)
    .await?;
    let owed: Vec<QRow> = sqlx::query_as(&format!(
        "{QSELECT} where i.department_id = $1 and q.state in ('pending', 'queued', 'deferred')
         order by coalesce(i.ended_at, i.ends_at), q.asked_at, q.id limit 1000"
    ))
    .bind(department_id)
    .fetch_all(pool)
    .await?;
    Ok(StaffView {
        department,
        interviews: rows.iter().map(|r| r.view(cal, now)).collect(),
        written: owed
            .iter()
            .map(|q| q.view(cal, None, now))
            .filter(|q| q.due_on.is_some())
            .collect(),
    })
}
