//! Requests for information in the database: submitting one (idempotent),
//! reading one (its applicant, its department's staff — audited), taking a
//! step under `select … for update` with the pure machine
//! ([`Requests`]) deciding on the working-day clock, and the lists (mine,
//! the office's queue).

use super::{
    days_left, is_request_no, role_code, EventView, RequestRow, RequestView, SubmitProblem,
    PURPOSE_RULE,
};
use crate::{
    accounts::{audit::Event, store::audit, Me, Role as AccountRole},
    catalog::Bilingual,
    clock::{format_date, Calendar, Pause},
    disclosure::request::{
        self, Action, ApplicantKind, Delivery, ExtensionAsked, Outcome, Problem, Requests, Role,
        Seen, State, Withheld, DESCRIPTION_RULE,
    },
    error::AppError,
    letters::store::staff_of,
    notifications::{
        store::{mail_of, send, Outgoing},
        Kind as NoteKind, Params,
    },
    workorder::{offered, Machine, OnDay, WorkAction, WorkState},
};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use time::{Date, OffsetDateTime};

/// A request as typed.
#[derive(Debug, Clone, Default)]
pub struct NewRequest {
    pub department: Option<i64>,
    /// Empty: the account's kind (a citizen a natural person, an
    /// enterprise a business); an enterprise may say it is a research
    /// body, a social organisation, a legal service or other.
    pub applicant_kind: String,
    pub description: String,
    pub purpose: String,
    pub delivery: String,
}

/// A request taken in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub request_no: String,
    pub due_on: Date,
    /// False when the key had already made this request (a retry).
    pub created: bool,
}

fn applicant_kind(me: &Me, chosen: &str) -> Result<ApplicantKind, AppError> {
    match me.role {
        AccountRole::Citizen => match chosen {
            "" | "natural_person" => Ok(ApplicantKind::NaturalPerson),
            _ => Err(SubmitProblem::ApplicantKind.into()),
        },
        AccountRole::Enterprise => match ApplicantKind::parse(chosen) {
            _ if chosen.is_empty() => Ok(ApplicantKind::Business),
            Some(ApplicantKind::NaturalPerson) | None => Err(SubmitProblem::ApplicantKind.into()),
            Some(kind) => Ok(kind),
        },
        _ => Err(AppError::Forbidden),
    }
}

async fn existing(
    db: &mut PgConnection,
    me: &Me,
    key: uuid::Uuid,
) -> Result<Option<Submitted>, AppError> {
    let row: Option<(String, Date)> = sqlx::query_as(
        "select request_no, due_on from information_request
         where applicant_id = $1 and idempotency_key = $2",
    )
    .bind(me.id)
    .bind(key)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(request_no, due_on)| Submitted {
        request_no,
        due_on,
        created: false,
    }))
}

/// The link of a request for whom it is told to.
fn link(no: &str, staff: bool) -> String {
    if staff {
        format!("/staff/information-requests/{no}")
    } else {
        format!("/me/information-requests/{no}")
    }
}

#[allow(clippy::too_many_arguments)]
async fn tell(
    tx: &mut Transaction<'_, Postgres>,
    recipient: i64,
    kind: NoteKind,
    no: &str,
    summary: &str,
    department: Bilingual,
    due_on: Date,
    staff: bool,
) -> Result<(), AppError> {
    let mail = mail_of(tx).await?;
    let params = Params {
        case_no: no.to_string(),
        step: Bilingual {
            zh: summary.to_string(),
            en: summary.to_string(),
        },
        department,
        due_on: format_date(due_on),
        ..Params::default()
    };
    let out = Outgoing {
        recipient,
        kind,
        params: &params,
        link: Some(link(no, staff)),
        alert_id: None,
    };
    send(tx, &out, mail.as_ref()).await?;
    Ok(())
}

fn summary(description: &str) -> String {
    let mut s: String = description.chars().take(60).collect();
    if description.chars().count() > 60 {
        s.push('…');
    }
    s
}

/// Submits a request. Citizens and enterprises (others: 403); the same key
/// always gives the same request. It is received on the day it is sent,
/// or on the next working day when sent on a day off;
/// the answer is due 20 working days later. The department's staff are told.
pub async fn submit(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    new: &NewRequest,
    key: uuid::Uuid,
    now: OffsetDateTime,
    today: Date,
) -> Result<Submitted, AppError> {
    if let Some(s) = existing(&mut *pool.acquire().await?, me, key).await? {
        return Ok(s);
    }
    let kind = applicant_kind(me, new.applicant_kind.trim())?;
    let description = DESCRIPTION_RULE
        .parse(&new.description)
        .map_err(|text| Problem::Text { text })?
        .into_string();
    let purpose = PURPOSE_RULE
        .parse_optional(&new.purpose)
        .map_err(|text| Problem::Text { text })?
        .map(|t| t.into_string());
    let delivery = Delivery::parse(new.delivery.trim()).ok_or(SubmitProblem::Delivery)?;
    let department = new.department.ok_or(SubmitProblem::Department)?;
    let found: Option<(i32, Bilingual)> =
        sqlx::query_as("select region_code, row(name_zh, name_en) from department where id = $1")
            .bind(department)
            .fetch_optional(pool)
            .await?;
    let (region, department_name) = found.ok_or(SubmitProblem::Department)?;
    // Received the day it is sent, or the next working day after a day off.
    let received_on = request::received_on(cal, today);
    let due_on = fresh(received_on, me.id)
        .due_on(cal, received_on)
        .map_err(|deadline| Problem::Deadline { deadline })?;
    let mut tx = pool.begin().await?;
    let inserted: Option<(i64, String)> = sqlx::query_as(
        "insert into information_request (request_no, applicant_id, idempotency_key, applicant_kind,
             department_id, region_code, description, purpose, delivery, received_at, received_on, due_on)
         values ('YS' || to_char($10::date, 'YYYYMMDD')
                  || lpad((nextval('information_request_no_seq') % 1000000)::text, 6, '0'),
             $1, $2, $3, $4, $5, $6, $7, $8, $9, $11, $12)
         on conflict (applicant_id, idempotency_key) do nothing
         returning id, request_no",
    )
    .bind(me.id)
    .bind(key)
    .bind(kind.code())
    .bind(department)
    .bind(region)
    .bind(&description)
    .bind(&purpose)
    .bind(delivery.code())
    .bind(now)
    .bind(today)
    .bind(received_on)
    .bind(due_on)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id, request_no)) = inserted else {
        drop(tx);
        return existing(&mut *pool.acquire().await?, me, key)
            .await?
            .ok_or_else(|| AppError::internal("idempotent request vanished"));
    };
    event(
        &mut tx,
        id,
        now,
        today,
        Some(me.id),
        "applicant",
        "submit",
        None,
        State::Received,
        None,
    )
    .await?;
    // The office is told: every staff member of the department.
    let staff: Vec<i64> = sqlx::query_scalar(
        "select account_id from staff where department_id = $1 order by account_id limit 50",
    )
    .bind(department)
    .fetch_all(&mut *tx)
    .await?;
    for person in staff {
        tell(
            &mut tx,
            person,
            NoteKind::InformationRequestReceived,
            &request_no,
            &summary(&description),
            department_name.clone(),
            due_on,
            true,
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(request = id, "information request submitted");
    Ok(Submitted {
        request_no,
        due_on,
        created: true,
    })
}

fn fresh(received_on: Date, actor: i64) -> Seen {
    Seen {
        state: State::Received,
        received_on,
        pauses: Vec::new(),
        paused_from: None,
        supplement_asked: false,
        supplement_due: None,
        consultation_due: None,
        extension_days: None,
        extension_asked: None,
        actor,
    }
}

#[allow(clippy::too_many_arguments)]
async fn event(
    tx: &mut Transaction<'_, Postgres>,
    request: i64,
    at: OffsetDateTime,
    on: Date,
    actor: Option<i64>,
    role: &str,
    action: &str,
    from: Option<State>,
    to: State,
    note: Option<&str>,
) -> Result<(), AppError> {
    sqlx::query(
        "insert into information_request_event (request_id, at, on_day, actor_id, role, action,
             from_state, to_state, note)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(request)
    .bind(at)
    .bind(on)
    .bind(actor)
    .bind(role)
    .bind(action)
    .bind(from.map(|s| s.code()))
    .bind(to.code())
    .bind(note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A request's row, as the machine and the views need it.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Row {
    id: i64,
    request_no: String,
    applicant_id: i64,
    applicant_kind: String,
    department_id: i64,
    description: String,
    purpose: Option<String>,
    delivery: String,
    state: String,
    received_on: Date,
    due_on: Date,
    paused_from: Option<Date>,
    supplement_asked: bool,
    supplement_due: Option<Date>,
    consultation_due: Option<Date>,
    extension_days: Option<i32>,
    extension_asked_days: Option<i32>,
    extension_asked_by: Option<i64>,
    outcome: Option<String>,
    withheld: Option<String>,
    holder: Option<String>,
    answer: Option<String>,
    answered_on: Option<Date>,
}

const ROW: &str = "select id, request_no, applicant_id, applicant_kind, department_id, description,
        purpose, delivery, state, received_on, due_on, paused_from, supplement_asked, supplement_due,
        consultation_due, extension_days, extension_asked_days, extension_asked_by, outcome, withheld,
        holder, answer, answered_on
    from information_request";

impl Row {
    fn state(&self) -> State {
        State::parse(&self.state).unwrap_or(State::Received)
    }

    fn seen(&self, pauses: Vec<Pause>, actor: i64) -> Seen {
        Seen {
            state: self.state(),
            received_on: self.received_on,
            pauses,
            paused_from: self.paused_from,
            supplement_asked: self.supplement_asked,
            supplement_due: self.supplement_due,
            consultation_due: self.consultation_due,
            extension_days: self.extension_days.and_then(|d| u32::try_from(d).ok()),
            extension_asked: match (self.extension_asked_days, self.extension_asked_by) {
                (Some(days), Some(by)) => Some(ExtensionAsked {
                    days: u32::try_from(days).unwrap_or(1),
                    by,
                }),
                _ => None,
            },
            actor,
        }
    }
}

async fn pauses(db: &mut PgConnection, request: i64) -> Result<Vec<Pause>, AppError> {
    let rows: Vec<(Date, Date)> = sqlx::query_as(
        "select from_on, to_on from information_request_pause where request_id = $1 order by from_on",
    )
    .bind(request)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(from, to)| Pause { from, to })
        .collect())
}

/// The roles `me` holds on a request: its applicant; staff of its
/// department (the disclosure office); and the office head (publishing
/// role `office_head` for that department).
async fn roles_on(db: &mut PgConnection, me: &Me, row: &Row) -> Result<Vec<Role>, AppError> {
    let mut roles = Vec::new();
    if row.applicant_id == me.id {
        roles.push(Role::Applicant);
    }
    if me.role == AccountRole::Staff {
        let (staff, head): (bool, bool) = sqlx::query_as(
            "select exists (select 1 from staff where account_id = $1 and department_id = $2),
                    exists (select 1 from publishing_role
                            where account_id = $1 and department_id = $2 and role = 'office_head')",
        )
        .bind(me.id)
        .bind(row.department_id)
        .fetch_one(&mut *db)
        .await?;
        if staff {
            roles.push(Role::Office);
        }
        if head {
            roles.push(Role::OfficeHead);
        }
    }
    Ok(roles)
}

/// One request for its applicant or its department's staff (a staff read
/// is audited); 404 for anyone else.
pub async fn get(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    no: &str,
    today: Date,
) -> Result<RequestView, AppError> {
    if !is_request_no(no) {
        return Err(AppError::NotFound);
    }
    let mut conn = pool.acquire().await?;
    let row: Row = sqlx::query_as(&format!("{ROW} where request_no = $1"))
        .bind(no)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let roles = roles_on(&mut conn, me, &row).await?;
    if roles.is_empty() {
        return Err(AppError::NotFound);
    }
    if roles.iter().any(|r| *r != Role::Applicant) {
        let detail = format!("information request {}", row.request_no);
        audit::record(
            &mut *conn,
            Event::personal_read(me.id, row.applicant_id, &detail),
        )
        .await?;
    }
    let seen = row.seen(pauses(&mut conn, row.id).await?, me.id);
    let state = row.state();
    let due_on = if state.is_final() {
        row.due_on
    } else {
        seen.due_on(cal, today).unwrap_or(row.due_on)
    };
    let offered: Vec<String> = offered::<Requests>(&seen, OnDay { cal, today }, &roles)
        .into_iter()
        .map(str::to_string)
        .collect();
    let (applicant, department): (String, Bilingual) = sqlx::query_as(
        "select a.display_name, row(d.name_zh, d.name_en) from information_request r
         join account a on a.id = r.applicant_id join department d on d.id = r.department_id
         where r.id = $1",
    )
    .bind(row.id)
    .fetch_one(&mut *conn)
    .await?;
    let events: Vec<(String, String, String, String, Option<String>)> = sqlx::query_as(
        "select to_char(at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), action, role,
             to_state, note
         from information_request_event where request_id = $1 order by id",
    )
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    let events = events
        .into_iter()
        .map(|(at, action, role, to, note)| EventView {
            at,
            action,
            role,
            to_state: State::parse(&to).unwrap_or(State::Received),
            note,
        })
        .collect();
    let appeal = row.answered_on.map(request::appeal_deadlines);
    // The proactive document made from it, and whether the reader (an
    // editor of the department) may make one now.
    let (proactive, editor): (Option<i64>, bool) = if roles.contains(&Role::Office) {
        sqlx::query_as(
            "select (select id from document where from_request_id = $1),
                    exists (select 1 from publishing_role
                            where account_id = $2 and department_id = $3 and role = 'editor')",
        )
        .bind(row.id)
        .bind(me.id)
        .bind(row.department_id)
        .fetch_one(&mut *conn)
        .await?
    } else {
        (None, false)
    };
    let outcome = row.outcome.as_deref().and_then(Outcome::parse);
    Ok(RequestView {
        request_no: row.request_no.clone(),
        applicant,
        applicant_kind: ApplicantKind::parse(&row.applicant_kind)
            .unwrap_or(ApplicantKind::NaturalPerson),
        department,
        description: row.description.clone(),
        purpose: row.purpose.clone(),
        delivery: Delivery::parse(&row.delivery).unwrap_or(Delivery::Online),
        state,
        received_on: format_date(row.received_on),
        due_on: format_date(due_on),
        days_left: (!state.is_final()).then(|| days_left(cal, today, due_on)),
        paused: state.paused(),
        supplement_due: row.supplement_due.map(format_date),
        consultation_due: row
            .consultation_due
            .filter(|_| state == State::Consulting)
            .map(format_date),
        extension_days: seen.extension_days,
        extension_pending: seen.extension_asked.map(|a| a.days),
        outcome,
        withheld: row.withheld.as_deref().and_then(Withheld::parse),
        holder: row.holder.clone(),
        answer: row.answer.clone(),
        answered_on: row.answered_on.map(format_date),
        review_by: appeal.map(|(review, _)| format_date(review)),
        lawsuit_by: appeal.map(|(_, lawsuit)| format_date(lawsuit)),
        events,
        roles,
        offered,
        proactive,
        may_make_proactive: editor && proactive.is_none() && disclosed_something(outcome),
    })
}

/// The answer disclosed something that others may need too.
fn disclosed_something(outcome: Option<Outcome>) -> bool {
    matches!(outcome, Some(Outcome::Disclosed | Outcome::PartlyDisclosed))
}

/// Makes the information disclosed on the request `no` a proactive
/// document with one click (依申请公开转主动公开): a draft of the
/// department's, by `me` (an editor of it), with the answer as its text,
/// which then goes through review like any other; one draft per request,
/// whoever clicks (the draft, and whether this call made it). 404 for a request `me` may not see
/// as its department's staff, 403 for staff who are not editors, 409 when
/// nothing was disclosed.
pub async fn make_proactive(
    pool: &PgPool,
    me: &Me,
    no: &str,
    now: OffsetDateTime,
    today: Date,
) -> Result<crate::disclosure::documents::store::Written, AppError> {
    if !is_request_no(no) {
        return Err(AppError::NotFound);
    }
    let mut conn = pool.acquire().await?;
    let row: Row = sqlx::query_as(&format!("{ROW} where request_no = $1"))
        .bind(no)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    if !roles_on(&mut conn, me, &row).await?.contains(&Role::Office) {
        return Err(AppError::NotFound);
    }
    drop(conn);
    let outcome = row.outcome.as_deref().and_then(Outcome::parse);
    let (Some(answer), Some(answered_on), true) = (
        row.answer.clone(),
        row.answered_on,
        disclosed_something(outcome),
    ) else {
        return Err(Problem::WrongState.into());
    };
    let first_line = row.description.lines().next().unwrap_or_default().trim();
    let title: String = first_line.chars().take(80).collect();
    let draft = crate::disclosure::documents::Draft {
        department: Some(row.department_id),
        kind: crate::disclosure::Kind::Notice.code().to_string(),
        title,
        doc_number: String::new(),
        issuer: String::new(),
        category: crate::disclosure::documents::Category::Comprehensive
            .code()
            .to_string(),
        written_on: format_date(answered_on),
        body: answer,
        interprets: String::new(),
        interpretation_form: String::new(),
        files: Vec::new(),
    };
    // One key per request (and editor): a retry gives the same draft.
    let key = uuid::Uuid::from_u64_pair(0x4953_5052_4f41_4354, row.id as u64);
    let written = crate::disclosure::documents::store::create_from(
        pool,
        me,
        &draft,
        key,
        now,
        today,
        Some(row.id),
    )
    .await?;
    Ok(written)
}

/// Takes `action` on a request as `me` on `today`: the request is locked,
/// the machine decides, the row, its pauses and its log are written and
/// the applicant told — in one transaction. 404 for a request `me` may not
/// see.
pub async fn take_step(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    no: &str,
    action: &Action,
    now: OffsetDateTime,
    today: Date,
) -> Result<(), AppError> {
    if !is_request_no(no) {
        return Err(AppError::NotFound);
    }
    let mut tx = pool.begin().await?;
    let row: Row = sqlx::query_as(&format!("{ROW} where request_no = $1 for update"))
        .bind(no)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let roles = roles_on(&mut tx, me, &row).await?;
    if roles.is_empty() {
        return Err(AppError::NotFound);
    }
    let mut seen = row.seen(pauses(&mut tx, row.id).await?, me.id);
    let t = Requests::step(&seen, OnDay { cal, today }, &roles, action)?;
    let e = &t.effect;
    let role = action
        .roles()
        .iter()
        .copied()
        .find(|r| roles.contains(r))
        .unwrap_or(Role::Office);
    // What the step changes, applied to the machine's view first: the new
    // deadline is the machine's count over it.
    if let Some(from) = e.pause_from {
        seen.paused_from = Some(from);
    }
    if let Some(to) = e.pause_to {
        if let Some(from) = seen.paused_from.take() {
            if to >= from {
                let reason = if row.state() == State::Consulting {
                    "consultation"
                } else {
                    "supplement"
                };
                sqlx::query(
                    "insert into information_request_pause (request_id, from_on, to_on, reason)
                     values ($1, $2, $3, $4) on conflict do nothing",
                )
                .bind(row.id)
                .bind(from)
                .bind(to)
                .bind(reason)
                .execute(&mut *tx)
                .await?;
                seen.pauses.push(Pause { from, to });
            }
        }
    }
    if !t.to.paused() {
        seen.paused_from = None;
    }
    if let Some(d) = e.supplement_due {
        seen.supplement_due = Some(d);
        seen.supplement_asked = true;
    }
    if e.consultation_due.is_some() {
        seen.consultation_due = e.consultation_due;
    }
    if let Some(days) = e.extension_asked {
        seen.extension_asked = Some(ExtensionAsked { days, by: me.id });
    }
    if let Some(days) = e.extension_days {
        seen.extension_days = Some(days);
        seen.extension_asked = None;
    }
    if e.extension_refused {
        seen.extension_asked = None;
    }
    seen.state = t.to;
    let due_on = seen
        .due_on(cal, today)
        .map_err(|deadline| Problem::Deadline { deadline })?;
    let answered = t.to == State::Answered;
    let answer = if answered { e.note.clone() } else { None };
    sqlx::query(
        "update information_request set state = $2, due_on = $3, paused_from = $4,
             supplement_asked = $5, supplement_due = $6, consultation_due = $7, extension_days = $8,
             extension_asked_days = $9, extension_asked_by = $10,
             outcome = coalesce($11, outcome), withheld = coalesce($12, withheld),
             holder = coalesce($13, holder), answer = coalesce($14, answer),
             answered_on = case when $15 then $16::date else answered_on end,
             closed_on = case when $17 then $16::date else closed_on end
         where id = $1",
    )
    .bind(row.id)
    .bind(t.to.code())
    .bind(due_on)
    .bind(seen.paused_from)
    .bind(seen.supplement_asked)
    .bind(seen.supplement_due)
    .bind(seen.consultation_due)
    .bind(seen.extension_days.map(|d| d as i32))
    .bind(seen.extension_asked.map(|a| a.days as i32))
    .bind(seen.extension_asked.map(|a| a.by))
    .bind(e.outcome.map(|o| o.code()))
    .bind(e.withheld.map(|w| w.code()))
    .bind(&e.holder)
    .bind(&answer)
    .bind(answered)
    .bind(today)
    .bind(t.to.is_final())
    .execute(&mut *tx)
    .await?;
    let note = match (action, &e.note) {
        (Action::AskExtension { days, .. }, Some(n)) => Some(format!("{days}: {n}")),
        (_, Some(n)) => Some(n.clone()),
        _ => None,
    };
    event(
        &mut tx,
        row.id,
        now,
        today,
        Some(me.id),
        role_code(role),
        action.code(),
        Some(t.from),
        t.to,
        note.as_deref(),
    )
    .await?;
    let kind = match action {
        Action::AskSupplement { .. } => Some(NoteKind::InformationRequestSupplement),
        Action::ApproveExtension => Some(NoteKind::InformationRequestExtended),
        Action::Answer { .. } => Some(NoteKind::InformationRequestAnswered),
        Action::Lapse => Some(NoteKind::InformationRequestLapsed),
        _ => None,
    };
    if let (Some(kind), true, true) = (kind, e.tell_applicant, row.applicant_id != me.id) {
        let department: Bilingual =
            sqlx::query_scalar("select row(name_zh, name_en) from department where id = $1")
                .bind(row.department_id)
                .fetch_one(&mut *tx)
                .await?;
        let due = match action {
            Action::AskSupplement { .. } => seen.supplement_due.unwrap_or(due_on),
            _ => due_on,
        };
        tell(
            &mut tx,
            row.applicant_id,
            kind,
            &row.request_no,
            &summary(&row.description),
            department,
            due,
            false,
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(
        request = row.id,
        action = action.code(),
        to = t.to.code(),
        "information request step"
    );
    Ok(())
}

type ListRow = (
    String,
    Bilingual,
    String,
    String,
    Date,
    Date,
    bool,
    Option<String>,
);

const LIST: &str = "select r.request_no, row(d.name_zh, d.name_en), r.description, r.state,
        r.received_on, r.due_on, r.extension_asked_days is not null, r.outcome
    from information_request r join department d on d.id = r.department_id";

fn list_row(cal: &Calendar, r: ListRow, today: Date) -> RequestRow {
    let state = State::parse(&r.3).unwrap_or(State::Received);
    RequestRow {
        request_no: r.0,
        department: r.1,
        summary: summary(&r.2),
        state,
        received_on: format_date(r.4),
        due_on: format_date(r.5),
        days_left: (!state.is_final()).then(|| days_left(cal, today, r.5)),
        paused: state.paused(),
        extension_pending: r.6,
        outcome: r.7.as_deref().and_then(Outcome::parse),
    }
}

/// The signed-in person's requests, newest first.
pub async fn mine(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    today: Date,
) -> Result<Vec<RequestRow>, AppError> {
    let rows: Vec<ListRow> = sqlx::query_as(&format!(
        "{LIST} where r.applicant_id = $1 order by r.id desc limit 200"
    ))
    .bind(me.id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| list_row(cal, r, today)).collect())
}

/// The open requests of the staff member's department, due soonest first.
/// 403 for anyone not staff.
pub async fn queue(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    today: Date,
) -> Result<Vec<RequestRow>, AppError> {
    let staff = staff_of(pool, me).await?.ok_or(AppError::Forbidden)?;
    let rows: Vec<ListRow> = sqlx::query_as(&format!(
        "{LIST} where r.department_id = $1 and r.state in ('received', 'supplementing', 'consulting')
         order by r.due_on, r.id limit 500"
    ))
    .bind(staff.department_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| list_row(cal, r, today)).collect())
}

/// The regions with departments (the form's first choice).
pub async fn regions(pool: &PgPool) -> Result<Vec<(i32, Bilingual)>, AppError> {
    Ok(sqlx::query_as(
        "select r.code, row(r.name_zh, r.name_en) from region r
         where exists (select 1 from department d where d.region_code = r.code)
         order by r.code",
    )
    .fetch_all(pool)
    .await?)
}

/// The departments of a region (the form's second choice).
pub async fn departments(pool: &PgPool, region: i32) -> Result<Vec<(i64, Bilingual)>, AppError> {
    Ok(sqlx::query_as(
        "select id, row(name_zh, name_en) from department where region_code = $1
         order by id limit 200",
    )
    .bind(region)
    .fetch_all(pool)
    .await?)
}
