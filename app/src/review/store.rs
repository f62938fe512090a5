//! The review flow in the database, once for everything a unit publishes:
//! an item is created with its subject (a document now, a microblog post
//! next), each step is taken on the locked row with the pure machine
//! ([`super::Review`]) deciding, recorded in `review_event`, and the author
//! told of a return, a publication or a withdrawal. Who holds which role
//! comes from `publishing_role` of the item's department, or, for a
//! microblog's post or answer, from the account's team (`weibo_member`:
//! editors write posts, responders write answers, reviewers approve both);
//! whoever wrote the item also holds [`Role::Author`].
//!
//! The subject's own effects of a step (a document's index number on
//! publication) are the caller's, in the same transaction: [`step`] takes
//! the transaction and returns the transition.

use super::{
    view::{EventView, QueueRow, Subject},
    Action, Problem, Role, State,
};
use crate::{
    accounts::Me,
    catalog::Bilingual,
    clock::Calendar,
    error::{AppError, Refusal},
    i18n::{Lang, Msg},
    notifications::{
        store::{mail_of, send, Outgoing},
        Kind as NoteKind, Params,
    },
    workorder::{Machine, OnDay, Transition, WorkAction, WorkState},
};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use time::{Date, OffsetDateTime};

/// A draft written through the review flow (a document, a post).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub id: i64,
    /// False when the key had already made this draft (a retry).
    pub created: bool,
}

/// The draft `me` already wrote with `key` (a retry), as the id of its
/// row in `table`: the subject's own table, naming its item `review_id`.
pub async fn written_with(
    db: &mut PgConnection,
    table: &'static str,
    me: &Me,
    key: uuid::Uuid,
) -> Result<Option<Written>, AppError> {
    let id: Option<i64> = sqlx::query_scalar(&format!(
        "select s.id from review_item r join {table} s on s.review_id = r.id
         where r.author_id = $1 and r.idempotency_key = $2"
    ))
    .bind(me.id)
    .bind(key)
    .fetch_optional(&mut *db)
    .await?;
    Ok(id.map(|id| Written { id, created: false }))
}

impl Problem {
    pub fn msg(self) -> Msg {
        match self {
            Problem::NotYourTurn => Msg::RevProbNotYourTurn,
            Problem::WrongState => Msg::RevProbWrongState,
            Problem::OwnWork => Msg::RevProbOwnWork,
            Problem::Reason { .. } => Msg::RevReason,
        }
    }

    pub fn message(self, lang: Lang) -> String {
        match self {
            Problem::Reason { text } => format!(
                "{}{}{}",
                lang.t(self.msg()),
                lang.t(Msg::Colon),
                text.message(lang)
            ),
            _ => lang.t(self.msg()).to_string(),
        }
    }

    /// 403 for a step not the caller's (their own work included), 409 for
    /// one the state refuses, 422 for a reason that cannot be taken.
    pub fn status(self) -> u16 {
        match self {
            Problem::NotYourTurn | Problem::OwnWork => 403,
            Problem::WrongState => 409,
            Problem::Reason { .. } => 422,
        }
    }
}

impl From<Problem> for AppError {
    fn from(problem: Problem) -> Self {
        AppError::Refused(Refusal::new(
            "review_refused",
            problem.status(),
            &problem,
            Bilingual::each(|lang| problem.message(lang)),
        ))
    }
}

/// A review item as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Item {
    pub id: i64,
    pub subject: String,
    pub department_id: i64,
    /// A microblog's post or answer: the account whose team reviews it.
    pub weibo_account_id: Option<i64>,
    pub author_id: i64,
    pub state: String,
    pub reviewer_id: Option<i64>,
    pub published_at: Option<OffsetDateTime>,
    pub reason: Option<String>,
}

impl Item {
    pub fn state(&self) -> State {
        State::parse(&self.state).unwrap_or(State::Draft)
    }

    /// Whose roles review it.
    pub fn owner(&self) -> Owner {
        match (Subject::parse(&self.subject), self.weibo_account_id) {
            (Some(subject @ (Subject::WeiboPost | Subject::WeiboAnswer)), Some(account)) => {
                Owner::Weibo { account, subject }
            }
            _ => Owner::Department(self.department_id),
        }
    }
}

/// Whose roles review an item: a department's publishing roles, or a
/// microblog account's team (for a post or an answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Department(i64),
    Weibo { account: i64, subject: Subject },
}

const ITEM: &str =
    "select id, subject, department_id, weibo_account_id, author_id, state, reviewer_id,
        published_at, reason
    from review_item";

/// The publishing roles `account` holds in `department` (editor, reviewer).
pub async fn roles_in(
    db: &mut PgConnection,
    account: i64,
    department: i64,
) -> Result<Vec<Role>, AppError> {
    let codes: Vec<String> = sqlx::query_scalar(
        "select p.role from publishing_role p
         join staff s on s.account_id = p.account_id and s.department_id = p.department_id
         where p.account_id = $1 and p.department_id = $2 order by p.role",
    )
    .bind(account)
    .bind(department)
    .fetch_all(&mut *db)
    .await?;
    Ok(codes
        .iter()
        .filter_map(|c| match c.as_str() {
            "editor" => Some(Role::Editor),
            "reviewer" => Some(Role::Reviewer),
            _ => None,
        })
        .collect())
}

/// The roles `account` holds for `owner`: a department's publishing roles,
/// or a microblog account's team (a member who is still staff of the
/// account's unit): editors write posts, responders write answers, and
/// reviewers approve both.
pub async fn roles_of(
    db: &mut PgConnection,
    account: i64,
    owner: Owner,
) -> Result<Vec<Role>, AppError> {
    let (weibo_account, subject) = match owner {
        Owner::Department(department) => return roles_in(db, account, department).await,
        Owner::Weibo { account, subject } => (account, subject),
    };
    // accounts: the holder of an official account's post is a
    // reviewer of it by holding the post (derived, so it passes to the
    // successor).
    let codes: Vec<String> = sqlx::query_scalar(
        "select m.role from weibo_member m
         join weibo_account w on w.id = m.weibo_account_id
         join staff s on s.account_id = m.account_id and s.department_id = w.department_id
         where m.account_id = $1 and m.weibo_account_id = $2
         union
         select 'reviewer' from weibo_account w
         join staff s on s.post_id = w.post_id and s.department_id = w.department_id
         where s.account_id = $1 and w.id = $2 and w.kind = 'official'
         order by 1",
    )
    // (end of issue 21, accounts)
    .bind(account)
    .bind(weibo_account)
    .fetch_all(&mut *db)
    .await?;
    let writer = if subject == Subject::WeiboAnswer {
        "responder"
    } else {
        "editor"
    };
    Ok(codes
        .iter()
        .filter_map(|c| match c.as_str() {
            c if c == writer => Some(Role::Editor),
            "reviewer" => Some(Role::Reviewer),
            _ => None,
        })
        .collect())
}

/// The roles `me` holds on `item`: the department's publishing roles, and
/// [`Role::Author`] for whoever wrote it (while still an editor there).
pub async fn roles_on(db: &mut PgConnection, me: &Me, item: &Item) -> Result<Vec<Role>, AppError> {
    let mut roles = roles_of(db, me.id, item.owner()).await?;
    if item.author_id == me.id && roles.contains(&Role::Editor) {
        roles.insert(0, Role::Author);
    }
    Ok(roles)
}

/// The departments where `me` holds `role` ("editor" or "reviewer"), with
/// their region and names.
pub async fn departments_where(
    pool: &PgPool,
    me: &Me,
    role: &str,
) -> Result<Vec<(i64, i32, String, Bilingual)>, AppError> {
    Ok(sqlx::query_as(
        "select d.id, d.region_code, d.code, row(d.name_zh, d.name_en) from publishing_role p
         join department d on d.id = p.department_id
         join staff s on s.account_id = p.account_id and s.department_id = p.department_id
         where p.account_id = $1 and p.role = $2 order by d.id",
    )
    .bind(me.id)
    .bind(role)
    .fetch_all(pool)
    .await?)
}

#[allow(clippy::too_many_arguments)]
async fn event(
    tx: &mut PgConnection,
    item: i64,
    at: OffsetDateTime,
    actor: i64,
    action: &str,
    from: Option<State>,
    to: State,
    reason: Option<&str>,
) -> Result<(), AppError> {
    sqlx::query(
        "insert into review_event (item_id, at, actor_id, action, from_state, to_state, reason)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(item)
    .bind(at)
    .bind(actor)
    .bind(action)
    .bind(from.map(|s| s.code()))
    .bind(to.code())
    .bind(reason)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A new draft of `subject` for `department` by `me`, who must be one of
/// its writers (403): an editor of the department, or for a microblog's
/// post or answer (`weibo_account` given) an editor or responder of the
/// account's team. Logged as `create`.
pub async fn create(
    tx: &mut Transaction<'_, Postgres>,
    subject: Subject,
    department: i64,
    weibo_account: Option<i64>,
    me: &Me,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    let owner = match weibo_account {
        Some(account) => Owner::Weibo { account, subject },
        None => Owner::Department(department),
    };
    if !roles_of(tx, me.id, owner).await?.contains(&Role::Editor) {
        return Err(AppError::Forbidden);
    }
    let id: i64 = sqlx::query_scalar(
        "insert into review_item (subject, department_id, weibo_account_id, author_id, updated_at)
         values ($1, $2, $3, $4, $5) returning id",
    )
    .bind(subject.code())
    .bind(department)
    .bind(weibo_account)
    .bind(me.id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    event(tx, id, now, me.id, "create", None, State::Draft, None).await?;
    Ok(id)
}

/// The item `id`, locked for this transaction.
pub async fn lock(tx: &mut Transaction<'_, Postgres>, id: i64) -> Result<Item, AppError> {
    sqlx::query_as(&format!("{ITEM} where id = $1 for update"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(AppError::NotFound)
}

/// The item `id`.
pub async fn item(db: &mut PgConnection, id: i64) -> Result<Item, AppError> {
    sqlx::query_as(&format!("{ITEM} where id = $1"))
        .bind(id)
        .fetch_optional(&mut *db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Records a change of the locked `item` that is not a step: an edit of
/// its draft (only a draft, only by an editor of its department), or of a
/// published item's facts such as a policy's validity (a reviewer's or an
/// editor's), with its note. 403 / 409 otherwise.
pub async fn record_edit(
    tx: &mut Transaction<'_, Postgres>,
    item: &Item,
    me: &Me,
    note: Option<&str>,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let roles = roles_on(tx, me, item).await?;
    let state = item.state();
    let allowed = match state {
        State::Draft => roles.contains(&Role::Editor),
        State::Published => roles.contains(&Role::Editor) || roles.contains(&Role::Reviewer),
        _ => false,
    };
    if roles.is_empty() {
        return Err(AppError::NotFound);
    }
    if !allowed {
        return Err(if state == State::Draft {
            Problem::NotYourTurn
        } else {
            Problem::WrongState
        }
        .into());
    }
    sqlx::query("update review_item set updated_at = $2 where id = $1")
        .bind(item.id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    event(tx, item.id, now, me.id, "edit", Some(state), state, note).await
}

/// What a subject tells the author about its item: its title and link.
pub struct Told<'a> {
    pub title: &'a str,
    pub link: String,
}

/// Takes `action` on the locked `item` as `me`: the machine decides with
/// `me`'s roles, the row is updated (the reviewer and time on publication,
/// the reason kept), the step logged and the author told. 404 when `me`
/// holds no role on it. The caller commits.
#[allow(clippy::too_many_arguments)]
pub async fn step(
    tx: &mut Transaction<'_, Postgres>,
    cal: &Calendar,
    item: &Item,
    me: &Me,
    action: &Action,
    told: Told<'_>,
    now: OffsetDateTime,
    today: Date,
) -> Result<Transition<State, super::Effect>, AppError> {
    let roles = roles_on(tx, me, item).await?;
    if roles.is_empty() {
        return Err(AppError::NotFound);
    }
    let t = super::Review::step(&item.state(), OnDay { cal, today }, &roles, action)?;
    let e = &t.effect;
    sqlx::query(
        "update review_item set state = $2, updated_at = $3,
             reviewer_id = case when $4 then $5 else reviewer_id end,
             published_at = case when $4 then $3 else published_at end,
             reason = coalesce($6, reason)
         where id = $1",
    )
    .bind(item.id)
    .bind(t.to.code())
    .bind(now)
    .bind(e.published)
    .bind(me.id)
    .bind(e.reason.as_deref())
    .execute(&mut **tx)
    .await?;
    event(
        tx,
        item.id,
        now,
        me.id,
        action.code(),
        Some(t.from),
        t.to,
        e.reason.as_deref(),
    )
    .await?;
    if e.tell_author && item.author_id != me.id {
        let kind = match t.to {
            State::Published => NoteKind::ReviewPublished,
            State::Withdrawn => NoteKind::ReviewWithdrawn,
            _ => NoteKind::ReviewReturned,
        };
        let mail = mail_of(tx).await?;
        let params = Params {
            case_no: e.reason.clone().unwrap_or_default(),
            step: Bilingual {
                zh: told.title.to_string(),
                en: told.title.to_string(),
            },
            ..Params::default()
        };
        let out = Outgoing {
            recipient: item.author_id,
            kind,
            params: &params,
            link: Some(told.link),
            alert_id: None,
        };
        send(tx, &out, mail.as_ref()).await?;
    }
    Ok(t)
}

type LogRow = (
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
);

/// The log of item `id`, oldest first.
pub async fn log(db: &mut PgConnection, id: i64) -> Result<Vec<EventView>, AppError> {
    let rows: Vec<LogRow> = sqlx::query_as(
        "select to_char(e.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                 a.display_name, e.action, e.from_state, e.to_state, e.reason
             from review_event e join account a on a.id = e.actor_id
             where e.item_id = $1 order by e.id",
    )
    .bind(id)
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, actor, action, from, to, reason)| EventView {
            at,
            actor,
            action,
            from_state: from.as_deref().and_then(State::parse),
            to_state: State::parse(&to).unwrap_or(State::Draft),
            reason,
        })
        .collect())
}

type QueueSqlRow = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Bilingual,
    String,
    String,
);

/// The items in review where `me` is a reviewer (of a department's
/// documents, or of a microblog account's posts and answers), oldest first
/// (403 for anyone who reviews nowhere).
pub async fn queue(pool: &PgPool, me: &Me) -> Result<Vec<QueueRow>, AppError> {
    let departments: Vec<i64> = departments_where(pool, me, "reviewer")
        .await?
        .into_iter()
        .map(|d| d.0)
        .collect();
    let accounts: Vec<i64> = sqlx::query_scalar(
        "select m.weibo_account_id from weibo_member m
         join weibo_account w on w.id = m.weibo_account_id
         join staff s on s.account_id = m.account_id and s.department_id = w.department_id
         where m.account_id = $1 and m.role = 'reviewer'",
    )
    .bind(me.id)
    .fetch_all(pool)
    .await?;
    if departments.is_empty() && accounts.is_empty() {
        return Err(AppError::Forbidden);
    }
    let rows: Vec<QueueSqlRow> = sqlx::query_as(
        "select r.id, r.subject,
                 coalesce(doc.title, left(p.body, 40), left(q.body, 40)),
                 coalesce(doc.id::text, p.id::text, q.question_no),
                 row(d.name_zh, d.name_en), a.display_name,
                 to_char(r.updated_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
             from review_item r join department d on d.id = r.department_id
             join account a on a.id = r.author_id
             left join document doc on doc.review_id = r.id
             left join weibo_post p on p.review_id = r.id
             left join weibo_question q on q.answer_review_id = r.id
             where r.state = 'in_review'
               and ((r.weibo_account_id is null and r.department_id = any($1))
                    or r.weibo_account_id = any($2))
             order by r.updated_at, r.id limit 500",
    )
    .bind(&departments)
    .bind(&accounts)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(item_id, subject, title, key, department, author, at)| {
            let subject = Subject::parse(&subject)?;
            let key = key?;
            let link = match subject {
                Subject::Document => format!("/staff/documents/{key}"),
                Subject::WeiboPost => format!("/staff/weibo/posts/{key}"),
                Subject::WeiboAnswer => format!("/staff/weibo/questions/{key}"),
            };
            Some(QueueRow {
                item_id,
                subject,
                title: title.unwrap_or_default(),
                link,
                department,
                author,
                submitted_at: at,
            })
        })
        .collect())
}
