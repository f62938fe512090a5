//! Microblog questions in the database: asking (idempotent, numbered, an
//! owner at once), the team's steps on the locked row (the pure rules of
//! [`crate::weibo::question`] deciding, the answer's review through
//! [`crate::review::store`]), turning a question into a letter (through
//! the letters' own submission), the asker's verdict and the lists.

use super::{
    answer_rate, excerpt, AccountQuestions, Ask, Asked, QuestionRow, QuestionView, Responder,
    StaffQuestionView, StepRequest,
};
use crate::{
    accounts::{audit::Event, store::audit, Me, Role as AccountRole},
    catalog::Bilingual,
    clock::{format_date, Calendar},
    disclosure::request::received_on,
    error::AppError,
    letters::{
        self,
        store::{submit as submit_letter, NewLetter},
    },
    notifications::{
        store::{mail_of, send, Outgoing},
        Kind as NoteKind, Params,
    },
    review::{
        self,
        store::{self as reviews, Told},
        view::Subject,
    },
    weibo::{
        question::{
            allowed, clock, complex_due, offered, on_time, overdue, parse_answer, parse_body,
            parse_kind, Kind, Problem, Role, State, Step,
        },
        view::{AccountKind, AccountName},
    },
    workorder::OnDay,
};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use time::{Date, OffsetDateTime};

/// A question's row with its account.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Row {
    id: i64,
    question_no: String,
    weibo_account_id: i64,
    asker_id: i64,
    kind: String,
    body: String,
    state: String,
    owner_id: Option<i64>,
    asked_on: Date,
    acknowledge_by: Date,
    acknowledged_at: Option<String>,
    due_on: Date,
    answer: Option<String>,
    answer_review_id: Option<i64>,
    answered_at: Option<String>,
    answered_on_time: Option<bool>,
    helpful: Option<bool>,
    idempotency_key: uuid::Uuid,
    handle: String,
    name: String,
    account_kind: String,
    capacity: Option<String>,
    verified: bool,
    department_id: i64,
    letter_no: Option<String>,
}

const ROW: &str = "select q.id, q.question_no, q.weibo_account_id, q.asker_id, q.kind, q.body,
        q.state, q.owner_id, q.asked_on, q.acknowledge_by,
        to_char(q.acknowledged_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as acknowledged_at,
        q.due_on, q.answer, q.answer_review_id,
        to_char(q.answered_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as answered_at,
        q.answered_on_time, q.helpful, q.idempotency_key, w.handle, w.name,
        w.kind as account_kind, w.capacity, w.state = 'verified' as verified, w.department_id,
        (select l.letter_no from letter l where l.id = q.letter_id) as letter_no
    from weibo_question q join weibo_account w on w.id = q.weibo_account_id";

impl Row {
    fn state(&self) -> State {
        State::parse(&self.state).unwrap_or(State::Open)
    }

    fn kind(&self) -> Kind {
        Kind::parse(&self.kind).unwrap_or(Kind::Enquiry)
    }

    fn account(&self) -> AccountName {
        AccountName {
            handle: self.handle.clone(),
            name: self.name.clone(),
            kind: AccountKind::parse(&self.account_kind).unwrap_or(AccountKind::Institution),
            capacity: self.capacity.clone(),
            verified: self.verified,
        }
    }

    /// The view; the answer only once approved, the letter only for
    /// `insider`s (the asker, the team).
    fn view(&self, today: Date, insider: bool) -> QuestionView {
        let state = self.state();
        QuestionView {
            question_no: self.question_no.clone(),
            account: self.account(),
            kind: self.kind(),
            body: self.body.clone(),
            state,
            asked_on: format_date(self.asked_on),
            acknowledge_by: format_date(self.acknowledge_by),
            due_on: format_date(self.due_on),
            overdue: overdue(state, self.due_on, today),
            answer: self.answer.clone().filter(|_| state == State::Answered),
            answered_at: self.answered_at.clone(),
            answered_on_time: self.answered_on_time,
            helpful: self.helpful,
            letter_no: self.letter_no.clone().filter(|_| insider),
        }
    }

    fn line(&self, today: Date, owner: Option<String>) -> QuestionRow {
        let state = self.state();
        QuestionRow {
            question_no: self.question_no.clone(),
            account: self.account(),
            kind: self.kind(),
            state,
            excerpt: excerpt(&self.body, 60),
            asked_on: format_date(self.asked_on),
            due_on: format_date(self.due_on),
            overdue: overdue(state, self.due_on, today),
            answered_on_time: self.answered_on_time,
            owner,
        }
    }
}

/// Tells `recipient` of `kind` about question `no` of the account `name`.
#[allow(clippy::too_many_arguments)]
async fn tell(
    tx: &mut Transaction<'_, Postgres>,
    recipient: i64,
    kind: NoteKind,
    case_no: &str,
    name: &str,
    due_on: Date,
    link: String,
) -> Result<(), AppError> {
    let mail = mail_of(tx).await?;
    let params = Params {
        case_no: case_no.to_string(),
        step: Bilingual {
            zh: name.to_string(),
            en: name.to_string(),
        },
        due_on: format_date(due_on),
        ..Params::default()
    };
    let out = Outgoing {
        recipient,
        kind,
        params: &params,
        link: Some(link),
        alert_id: None,
    };
    send(tx, &out, mail.as_ref()).await?;
    Ok(())
}

fn staff_link(no: &str) -> String {
    format!("/staff/weibo/questions/{no}")
}

fn my_link(no: &str) -> String {
    format!("/me/weibo/questions/{no}")
}

/// The team's members holding `role` on the account (still staff of its
/// unit), with their questions waiting, fewest first, then lowest id.
async fn team(
    db: &mut PgConnection,
    account: i64,
    role: &str,
) -> Result<Vec<(i64, String, String, i64)>, AppError> {
    Ok(sqlx::query_as(
        "select a.id, a.username, a.display_name,
             (select count(*) from weibo_question q where q.weibo_account_id = m.weibo_account_id
                and q.owner_id = a.id and q.state in ('open', 'acknowledged', 'answering'))
         from weibo_member m join weibo_account w on w.id = m.weibo_account_id
         join staff s on s.account_id = m.account_id and s.department_id = w.department_id
         join account a on a.id = m.account_id
         where m.weibo_account_id = $1 and m.role = $2
         order by 4, a.id",
    )
    .bind(account)
    .bind(role)
    .fetch_all(&mut *db)
    .await?)
}

async fn existing(
    db: &mut PgConnection,
    asker: i64,
    key: uuid::Uuid,
) -> Result<Option<Asked>, AppError> {
    let row: Option<(String, Date)> = sqlx::query_as(
        "select question_no, due_on from weibo_question where asker_id = $1 and idempotency_key = $2",
    )
    .bind(asker)
    .bind(key)
    .fetch_optional(&mut *db)
    .await?;
    Ok(row.map(|(question_no, due_on)| Asked {
        question_no,
        due_on: format_date(due_on),
        created: false,
    }))
}

/// Asks the verified account `account` a question as `me` in `tx` (the
/// page's form, the API, or an @-mention in a comment on `via_post`):
/// citizens and enterprises ask (403 otherwise); the same key always gives
/// the same question; its owner is the account's responder with the
/// fewest questions waiting (ties: the lowest id), told at once (without
/// a responder, the reviewers are told, to assign one).
#[allow(clippy::too_many_arguments)]
pub async fn ask_in(
    tx: &mut Transaction<'_, Postgres>,
    cal: &Calendar,
    me: &Me,
    account: i64,
    ask: &Ask,
    key: uuid::Uuid,
    via_post: Option<i64>,
    now: OffsetDateTime,
) -> Result<Asked, AppError> {
    if let Some(a) = existing(tx, me.id, key).await? {
        return Ok(a);
    }
    if !matches!(me.role, AccountRole::Citizen | AccountRole::Enterprise) {
        return Err(AppError::Forbidden);
    }
    let kind = parse_kind(&ask.kind)?;
    let body = parse_body(&ask.body)?;
    let name: String =
        sqlx::query_scalar("select name from weibo_account where id = $1 and state = 'verified'")
            .bind(account)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(AppError::NotFound)?;
    let c = clock(cal, now, kind).map_err(|_| AppError::internal("question clock out of range"))?;
    let owner = team(tx, account, "responder").await?.first().map(|t| t.0);
    let inserted: Option<String> = sqlx::query_scalar(
        "insert into weibo_question (question_no, weibo_account_id, asker_id, idempotency_key, kind,
             body, via_post_id, owner_id, asked_at, asked_on, acknowledge_by, due_on)
         values ('WB' || to_char($8::date, 'YYYYMMDD')
                     || lpad((nextval('weibo_question_no_seq') % 1000000)::text, 6, '0'),
             $1, $2, $3, $4, $5, $6, $7, $9, $8, $10, $11)
         on conflict (asker_id, idempotency_key) do nothing
         returning question_no",
    )
    .bind(account)
    .bind(me.id)
    .bind(key)
    .bind(kind.code())
    .bind(&body)
    .bind(via_post)
    .bind(owner)
    .bind(c.asked_on)
    .bind(now)
    .bind(c.acknowledge_by)
    .bind(c.due_on)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(no) = inserted else {
        return existing(tx, me.id, key)
            .await?
            .ok_or_else(|| AppError::internal("idempotent question vanished"));
    };
    let told: Vec<i64> = match owner {
        Some(o) => vec![o],
        None => team(tx, account, "reviewer")
            .await?
            .into_iter()
            .map(|t| t.0)
            .collect(),
    };
    for who in told {
        tell(
            tx,
            who,
            NoteKind::WeiboQuestionAsked,
            &no,
            &name,
            c.due_on,
            staff_link(&no),
        )
        .await?;
    }
    tracing::info!(question = %no, "microblog question asked");
    Ok(Asked {
        question_no: no,
        due_on: format_date(c.due_on),
        created: true,
    })
}

/// The id of the verified account `handle` (404 for any other).
async fn account_id(db: &mut PgConnection, handle: &str) -> Result<i64, AppError> {
    let handle = handle.strip_prefix('@').unwrap_or(handle);
    sqlx::query_scalar("select id from weibo_account where handle = $1 and state = 'verified'")
        .bind(handle)
        .fetch_optional(&mut *db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Asks the account `handle` a question (see [`ask_in`]).
pub async fn ask(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    handle: &str,
    ask: &Ask,
    key: uuid::Uuid,
    now: OffsetDateTime,
) -> Result<Asked, AppError> {
    let mut tx = pool.begin().await?;
    let account = account_id(&mut tx, handle).await?;
    let asked = ask_in(&mut tx, cal, me, account, ask, key, None, now).await?;
    tx.commit().await?;
    Ok(asked)
}

async fn row_by_no(db: &mut PgConnection, no: &str, lock: bool) -> Result<Row, AppError> {
    if !crate::weibo::question::is_question_no(no) {
        return Err(AppError::NotFound);
    }
    let sql = if lock {
        format!("{ROW} where q.question_no = $1 for update of q")
    } else {
        format!("{ROW} where q.question_no = $1")
    };
    sqlx::query_as(&sql)
        .bind(no)
        .fetch_optional(&mut *db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The roles `me` holds on a question: from the account's team (still
/// staff of its unit), and its owner while a responder.
async fn roles_on(db: &mut PgConnection, me: &Me, q: &Row) -> Result<Vec<Role>, AppError> {
    let codes: Vec<String> = sqlx::query_scalar(
        "select m.role from weibo_member m join weibo_account w on w.id = m.weibo_account_id
         join staff s on s.account_id = m.account_id and s.department_id = w.department_id
         where m.account_id = $1 and m.weibo_account_id = $2",
    )
    .bind(me.id)
    .bind(q.weibo_account_id)
    .fetch_all(&mut *db)
    .await?;
    let mut roles = Vec::new();
    if codes.iter().any(|c| c == "responder") {
        if q.owner_id == Some(me.id) {
            roles.push(Role::Owner);
        }
        roles.push(Role::Responder);
    }
    if codes.iter().any(|c| c == "reviewer") {
        roles.push(Role::Reviewer);
    }
    Ok(roles)
}

/// The review action of a step (none for the question's own steps).
fn review_action(step: &StepRequest) -> Option<review::Action> {
    Some(match step {
        StepRequest::Submit => review::Action::Submit,
        StepRequest::Recall => review::Action::Recall,
        StepRequest::Approve => review::Action::Publish,
        StepRequest::Return { reason } => review::Action::Return {
            reason: reason.clone(),
        },
        _ => return None,
    })
}

/// Takes `step` on question `no` as `me` (see [`StepRequest`]). 404 for
/// anyone outside the account's team; 403 / 409 / 422 as the rules say.
/// Turning a question into a letter again changes nothing (idempotent).
pub async fn take_step(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    no: &str,
    step: &StepRequest,
    now: OffsetDateTime,
    today: Date,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let q = row_by_no(&mut tx, no, true).await?;
    let roles = roles_on(&mut tx, me, &q).await?;
    if roles.is_empty() {
        return Err(AppError::NotFound);
    }
    let (state, kind) = (q.state(), q.kind());
    match step {
        StepRequest::Acknowledge => {
            allowed(state, kind, &roles, Step::Acknowledge)?;
            sqlx::query(
                "update weibo_question set state = 'acknowledged', acknowledged_at = $2 where id = $1",
            )
            .bind(q.id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        StepRequest::Complex { days } => {
            allowed(state, kind, &roles, Step::Complex)?;
            let due = complex_due(cal, received_on(cal, q.asked_on), *days)?;
            sqlx::query(
                "update weibo_question set kind = 'complex', due_on = greatest($2, acknowledge_by),
                     state = 'acknowledged', acknowledged_at = coalesce(acknowledged_at, $3)
                 where id = $1",
            )
            .bind(q.id)
            .bind(due)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        StepRequest::Reassign { to } => {
            allowed(state, kind, &roles, Step::Reassign)?;
            let to = to.trim();
            let responder = team(&mut tx, q.weibo_account_id, "responder")
                .await?
                .into_iter()
                .find(|t| t.1 == to)
                .ok_or(Problem::Owner)?;
            sqlx::query("update weibo_question set owner_id = $2 where id = $1")
                .bind(q.id)
                .bind(responder.0)
                .execute(&mut *tx)
                .await?;
            if q.owner_id != Some(responder.0) {
                tell(
                    &mut tx,
                    responder.0,
                    NoteKind::WeiboQuestionAsked,
                    &q.question_no,
                    &q.name,
                    q.due_on,
                    staff_link(&q.question_no),
                )
                .await?;
            }
        }
        StepRequest::Answer { text } => {
            allowed(state, kind, &roles, Step::Answer)?;
            let text = parse_answer(text)?;
            match q.answer_review_id {
                None => {
                    let item = reviews::create(
                        &mut tx,
                        Subject::WeiboAnswer,
                        q.department_id,
                        Some(q.weibo_account_id),
                        me,
                        now,
                    )
                    .await?;
                    sqlx::query(
                        "update weibo_question set answer = $2, answer_review_id = $3,
                             state = 'answering', acknowledged_at = coalesce(acknowledged_at, $4)
                         where id = $1",
                    )
                    .bind(q.id)
                    .bind(&text)
                    .bind(item)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                Some(review_id) => {
                    let item = reviews::lock(&mut tx, review_id).await?;
                    reviews::record_edit(&mut tx, &item, me, None, now).await?;
                    sqlx::query(
                        "update weibo_question set answer = $2, state = 'answering' where id = $1",
                    )
                    .bind(q.id)
                    .bind(&text)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        StepRequest::Convert => {
            if state == State::Converted {
                return Ok(());
            }
            allowed(state, kind, &roles, Step::Convert)?;
            drop(tx);
            return convert(pool, &q, now, today).await;
        }
        StepRequest::Submit
        | StepRequest::Recall
        | StepRequest::Approve
        | StepRequest::Return { .. } => {
            let action = review_action(step).ok_or(Problem::WrongState)?;
            let review_id = q.answer_review_id.ok_or(Problem::WrongState)?;
            if !state.waiting() {
                return Err(Problem::WrongState.into());
            }
            let item = reviews::lock(&mut tx, review_id).await?;
            let told = Told {
                title: &q.question_no,
                link: staff_link(&q.question_no),
            };
            let t = reviews::step(&mut tx, cal, &item, me, &action, told, now, today).await?;
            if t.effect.published {
                let in_time = on_time(q.due_on, now);
                sqlx::query(
                    "update weibo_question set state = 'answered', answered_at = $2,
                         answered_on_time = $3 where id = $1",
                )
                .bind(q.id)
                .bind(now)
                .bind(in_time)
                .execute(&mut *tx)
                .await?;
                tell(
                    &mut tx,
                    q.asker_id,
                    NoteKind::WeiboQuestionAnswered,
                    &q.question_no,
                    &q.name,
                    q.due_on,
                    my_link(&q.question_no),
                )
                .await?;
            }
        }
    }
    tx.commit().await?;
    tracing::info!(question = %no, step = step.code(), "microblog question step");
    Ok(())
}

/// Turns question `q` into a letter work order written by its asker to the
/// account's unit (the letters' own submission and rules: the question's
/// key makes it once), then links it and tells the asker.
async fn convert(pool: &PgPool, q: &Row, now: OffsetDateTime, today: Date) -> Result<(), AppError> {
    let asker: (i64, String, String, String) =
        sqlx::query_as("select id, username, role, display_name from account where id = $1")
            .bind(q.asker_id)
            .fetch_one(pool)
            .await?;
    let writer = Me {
        id: asker.0,
        username: asker.1,
        role: AccountRole::parse(&asker.2).unwrap_or(AccountRole::Citizen),
        display_name: asker.3,
    };
    let first_line = q.body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let new = NewLetter {
        addressee: letters::Addressee::Department.code().to_string(),
        department: Some(q.department_id),
        region: None,
        kind: q.kind().letter_kind().code().to_string(),
        subject: format!("{}：{}", q.name, excerpt(first_line.trim(), 30)),
        body: format!(
            "{}\n\n（来自政务微博“{}”的提问 {} / From the microblog question {}）",
            q.body, q.name, q.question_no, q.question_no
        ),
        public: false,
        files: Vec::new(),
    };
    let written = submit_letter(pool, &writer, &new, q.idempotency_key, now, today).await?;
    let mut tx = pool.begin().await?;
    let again = row_by_no(&mut tx, &q.question_no, true).await?;
    if again.state() == State::Converted {
        return Ok(());
    }
    if !again.state().waiting() {
        return Err(Problem::WrongState.into());
    }
    sqlx::query(
        "update weibo_question set state = 'converted',
             letter_id = (select id from letter where letter_no = $2)
         where id = $1",
    )
    .bind(q.id)
    .bind(&written.letter_no)
    .execute(&mut *tx)
    .await?;
    tell(
        &mut tx,
        q.asker_id,
        NoteKind::WeiboQuestionConverted,
        &written.letter_no,
        &q.name,
        q.due_on,
        format!("/letters/{}", written.letter_no),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(question = %q.question_no, letter = %written.letter_no, "microblog question became a letter");
    Ok(())
}

/// The asker's verdict on the answer, once (409 after that or before the
/// answer; 404 for anyone but the asker).
pub async fn vote(pool: &PgPool, me: &Me, no: &str, helpful: bool) -> Result<(), AppError> {
    let mut conn = pool.acquire().await?;
    let q = row_by_no(&mut conn, no, false).await?;
    if q.asker_id != me.id {
        return Err(AppError::NotFound);
    }
    let done = sqlx::query(
        "update weibo_question set helpful = $2
         where id = $1 and state = 'answered' and helpful is null",
    )
    .bind(q.id)
    .bind(helpful)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(if q.state() == State::Answered {
            Problem::Helpful
        } else {
            Problem::WrongState
        }
        .into());
    }
    Ok(())
}

/// The account `handle`'s answered questions (newest first, 50) and its
/// answer rate.
pub async fn public_list(
    pool: &PgPool,
    handle: &str,
    today: Date,
) -> Result<AccountQuestions, AppError> {
    let mut conn = pool.acquire().await?;
    let id = account_id(&mut conn, handle).await?;
    let (asked, answered, on_time): (i64, i64, i64) = sqlx::query_as(
        "select count(*) filter (where state <> 'converted'),
             count(*) filter (where state = 'answered'),
             count(*) filter (where state = 'answered' and answered_on_time)
         from weibo_question where weibo_account_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{ROW} where q.weibo_account_id = $1 and q.state = 'answered'
         order by q.answered_at desc, q.id desc limit 50"
    ))
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let account: AccountName = match rows.first() {
        Some(r) => r.account(),
        None => {
            let (handle, name, kind, capacity): (String, String, String, Option<String>) =
                sqlx::query_as(
                    "select handle, name, kind, capacity from weibo_account where id = $1",
                )
                .bind(id)
                .fetch_one(&mut *conn)
                .await?;
            AccountName {
                handle,
                name,
                kind: AccountKind::parse(&kind).unwrap_or(AccountKind::Institution),
                capacity,
                verified: true,
            }
        }
    };
    Ok(AccountQuestions {
        account,
        asked,
        answered,
        on_time,
        answer_rate: answer_rate(answered, asked),
        questions: rows.iter().map(|r| r.view(today, false)).collect(),
    })
}

/// `me`'s questions, newest first.
pub async fn mine(pool: &PgPool, me: &Me, today: Date) -> Result<Vec<QuestionRow>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{ROW} where q.asker_id = $1 order by q.asked_at desc, q.id desc limit 200"
    ))
    .bind(me.id)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(|r| r.line(today, None)).collect())
}

/// One of `me`'s questions (404 for anyone but its asker).
pub async fn my_one(
    pool: &PgPool,
    me: &Me,
    no: &str,
    today: Date,
) -> Result<QuestionView, AppError> {
    let mut conn = pool.acquire().await?;
    let q = row_by_no(&mut conn, no, false).await?;
    if q.asker_id != me.id {
        return Err(AppError::NotFound);
    }
    Ok(q.view(today, true))
}

/// The questions of the accounts where `me` is in the team: those waiting
/// first, overdue first (by deadline), then the others newest first (403
/// for anyone in no team).
pub async fn staff_list(pool: &PgPool, me: &Me, today: Date) -> Result<Vec<QuestionRow>, AppError> {
    let member: bool = sqlx::query_scalar(
        "select exists (select 1 from weibo_member m join weibo_account w on w.id = m.weibo_account_id
             join staff s on s.account_id = m.account_id and s.department_id = w.department_id
             where m.account_id = $1)",
    )
    .bind(me.id)
    .fetch_one(pool)
    .await?;
    if !member {
        return Err(AppError::Forbidden);
    }
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{ROW} where q.weibo_account_id in (select weibo_account_id from weibo_member where account_id = $1)
         order by q.state in ('open', 'acknowledged', 'answering') desc, q.due_on, q.asked_at desc, q.id
         limit 300"
    ))
    .bind(me.id)
    .fetch_all(pool)
    .await?;
    let owners: Vec<(i64, String)> =
        sqlx::query_as("select id, display_name from account where id = any($1)")
            .bind(rows.iter().filter_map(|r| r.owner_id).collect::<Vec<_>>())
            .fetch_all(pool)
            .await?;
    let name_of =
        |id: Option<i64>| id.and_then(|id| owners.iter().find(|o| o.0 == id).map(|o| o.1.clone()));
    Ok(rows
        .iter()
        .map(|r| r.line(today, name_of(r.owner_id)))
        .collect())
}

/// One question for its account's team, with what `me` may do (404 for
/// anyone else). The read of the asker's question is audited.
pub async fn staff_one(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    no: &str,
    today: Date,
) -> Result<StaffQuestionView, AppError> {
    let mut conn = pool.acquire().await?;
    let q = row_by_no(&mut conn, no, false).await?;
    let roles = roles_on(&mut conn, me, &q).await?;
    if roles.is_empty() {
        return Err(AppError::NotFound);
    }
    let detail = format!("weibo question {}", q.question_no);
    audit::record(&mut *conn, Event::personal_read(me.id, q.asker_id, &detail)).await?;
    let (state, kind) = (q.state(), q.kind());
    let names: (String, Option<String>) = sqlx::query_as(
        "select a.display_name, (select o.display_name from account o where o.id = $2)
         from account a where a.id = $1",
    )
    .bind(q.asker_id)
    .bind(q.owner_id)
    .fetch_one(&mut *conn)
    .await?;
    let (review, returned_reason, review_offered, log, draft_editable) = match q.answer_review_id {
        Some(id) => {
            let item = reviews::item(&mut conn, id).await?;
            let review_roles = reviews::roles_on(&mut conn, me, &item).await?;
            let rstate = item.state();
            let offered: Vec<String> = if state.waiting() {
                crate::workorder::offered::<review::Review>(
                    &rstate,
                    OnDay { cal, today },
                    &review_roles,
                )
                .into_iter()
                .filter(|c| ["submit", "recall", "return", "publish"].contains(c))
                .map(|c| match c {
                    "publish" => "approve".to_string(),
                    other => other.to_string(),
                })
                .collect()
            } else {
                Vec::new()
            };
            let log = reviews::log(&mut conn, id).await?;
            let reason = item
                .reason
                .clone()
                .filter(|_| rstate == review::State::Draft);
            (Some(rstate), reason, offered, log, rstate.editable())
        }
        None => (None, None, Vec::new(), Vec::new(), true),
    };
    let responders = if roles.contains(&Role::Reviewer) && state.waiting() {
        team(&mut conn, q.weibo_account_id, "responder")
            .await?
            .into_iter()
            .map(|(_, username, name, open)| Responder {
                username,
                name,
                open,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(StaffQuestionView {
        question: q.view(today, true),
        asker: names.0,
        owner: names.1,
        acknowledged_at: q.acknowledged_at.clone(),
        draft: q.answer.clone(),
        review,
        returned_reason,
        offered: offered(state, kind, &roles)
            .into_iter()
            .map(str::to_string)
            .collect(),
        may_answer: draft_editable && allowed(state, kind, &roles, Step::Answer).is_ok(),
        review_offered,
        responders,
        log,
    })
}

/// The question a letter came from (its number), for the letter's pages.
pub async fn of_letter(pool: &PgPool, letter_no: &str) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar(
        "select q.question_no from weibo_question q join letter l on l.id = q.letter_id
         where l.letter_no = $1",
    )
    .bind(letter_no)
    .fetch_optional(pool)
    .await?)
}
