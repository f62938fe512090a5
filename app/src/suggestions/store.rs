//! Suggestion collection in the database: topics opened by a department,
//! suggestions (idempotent), supports and follows (a primary key each, the
//! support count kept in step in the same transaction), reports that hide
//! at three distinct accounts, the moderators' decisions, selection with a
//! reply told once per person, and the summary counted from the record.
//!
//! Every write that depends on a suggestion's state locks its row first
//! (`for update`): an edit and a first support cannot pass each other, nor
//! two reports, nor two selections.

use super::{
    after_report, may_edit, may_support, moderate as decide, parse_field, tally, Counted, Decision,
    ModerationItem, Problem, ReportView, Sort, SuggestionPage, SuggestionView, TopicKind,
    TopicState, TopicSummary, TopicView, Viewer, Visibility, BODY, PAGE_SIZE, REASON, REPLY,
    SUMMARY_TEXT, TITLE, TOPIC_DESCRIPTION, TOPIC_TITLE,
};
use crate::{
    accounts::{Me, Role},
    catalog::Bilingual,
    clock::format_date,
    error::AppError,
    notifications::{
        store::{mail_of, send, Outgoing},
        Kind, Params,
    },
};
use sqlx::{PgPool, Postgres, Transaction};
use time::{Date, OffsetDateTime};

/// The account as the rules see it (staff with their department).
pub async fn viewer(pool: &PgPool, me: Option<&Me>) -> Result<Option<Viewer>, AppError> {
    let Some(me) = me else { return Ok(None) };
    let staff_department = if me.role == Role::Staff {
        sqlx::query_scalar("select department_id from staff where account_id = $1")
            .bind(me.id)
            .fetch_optional(pool)
            .await?
    } else {
        None
    };
    Ok(Some(Viewer {
        account_id: me.id,
        staff_department,
    }))
}

/// The signed-in staff member's department; anyone else is refused (403).
pub async fn staff_department(pool: &PgPool, me: &Me) -> Result<(Viewer, i64), AppError> {
    let post = crate::workflow::store::staff_post(pool, me).await?;
    Ok((
        Viewer {
            account_id: me.id,
            staff_department: Some(post.department_id),
        },
        post.department_id,
    ))
}

/// A topic as typed in the form or the API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawTopic {
    pub title: String,
    pub description: String,
    pub kind: String,
    pub opens_on: String,
    pub closes_on: String,
}

/// Something made: its id, and false when the key had made it already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Made {
    pub id: i64,
    pub created: bool,
}

/// What an idempotency key made already (`table`, by `by`: fixed names).
async fn existing_key(
    pool: &PgPool,
    table: &'static str,
    by: &'static str,
    account: i64,
    key: uuid::Uuid,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "select id from {table} where {by} = $1 and idempotency_key = $2"
    ))
    .bind(account)
    .bind(key)
    .fetch_optional(pool)
    .await
}

/// The department opens a topic (staff only: 403); the same key again
/// gives the same topic.
pub async fn open_topic(
    pool: &PgPool,
    me: &Me,
    raw: &RawTopic,
    key: uuid::Uuid,
    today: Date,
) -> Result<Made, AppError> {
    let (_, department) = staff_department(pool, me).await?;
    let existing = || existing_key(pool, "suggestion_topic", "created_by", me.id, key);
    if let Some(id) = existing().await? {
        return Ok(Made { id, created: false });
    }
    let mut problems = Vec::new();
    let title = parse_field(TOPIC_TITLE, &raw.title, "title", &mut problems);
    let description = parse_field(
        TOPIC_DESCRIPTION,
        &raw.description,
        "description",
        &mut problems,
    );
    let kind = TopicKind::parse(raw.kind.trim());
    if kind.is_none() {
        problems.push(crate::text::TextProblem::Required.at("kind"));
    }
    let period = super::parse_period(&raw.opens_on, &raw.closes_on, today)
        .map_err(|p| problems.extend(p))
        .ok();
    let (Some(kind), Some((opens_on, closes_on)), true) = (kind, period, problems.is_empty())
    else {
        return Err(super::fields(problems));
    };
    let id: Option<i64> = sqlx::query_scalar(
        "insert into suggestion_topic (department_id, title, description, kind, opens_on, closes_on,
             created_by, idempotency_key)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (created_by, idempotency_key) do nothing returning id",
    )
    .bind(department)
    .bind(&title)
    .bind(&description)
    .bind(kind.as_str())
    .bind(opens_on)
    .bind(closes_on)
    .bind(me.id)
    .bind(key)
    .fetch_optional(pool)
    .await?;
    match id {
        Some(id) => {
            tracing::info!(topic = id, "suggestion topic opened");
            Ok(Made { id, created: true })
        }
        None => existing()
            .await?
            .map(|id| Made { id, created: false })
            .ok_or_else(|| AppError::internal("idempotent topic vanished")),
    }
}

const TOPIC_SELECT: &str = "select t.id, t.department_id, row(d.name_zh, d.name_en), t.title,
        t.description, t.kind, t.opens_on, t.closes_on, t.summary,
        (select count(*) from suggestion s where s.topic_id = t.id and s.state <> 'removed')
    from suggestion_topic t join department d on d.id = t.department_id";

type TopicRow = (
    i64,
    i64,
    Bilingual,
    String,
    String,
    String,
    Date,
    Date,
    Option<String>,
    i64,
);

fn topic_of(row: TopicRow, today: Date) -> Result<TopicView, AppError> {
    let (id, department_id, department, title, description, kind, opens, closes, summary, n) = row;
    Ok(TopicView {
        id,
        department_id,
        department,
        title,
        description,
        kind: TopicKind::parse(&kind)
            .ok_or_else(|| AppError::internal(format!("unknown topic kind {kind}")))?,
        opens_on: format_date(opens),
        closes_on: format_date(closes),
        state: TopicState::of(opens, closes, today),
        suggestions: n,
        summary,
    })
}

/// Every topic (of one department, when given): open ones first (closing
/// soonest first), then upcoming, then closed ones, newest first.
pub async fn topics(
    pool: &PgPool,
    department: Option<i64>,
    today: Date,
    limit: i64,
) -> Result<Vec<TopicView>, AppError> {
    let rows: Vec<TopicRow> = sqlx::query_as(&format!(
        "{TOPIC_SELECT} where ($1::bigint is null or t.department_id = $1)
         order by case when t.closes_on < $2 then 2 when t.opens_on > $2 then 1 else 0 end,
             case when t.closes_on < $2 then null else t.closes_on end,
             t.closes_on desc, t.id desc
         limit $3"
    ))
    .bind(department)
    .bind(today)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(|r| topic_of(r, today)).collect()
}

/// One topic; `NotFound` when there is none.
pub async fn topic(pool: &PgPool, id: i64, today: Date) -> Result<TopicView, AppError> {
    let row: Option<TopicRow> = sqlx::query_as(&format!("{TOPIC_SELECT} where t.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    topic_of(row.ok_or(AppError::NotFound)?, today)
}

/// A signed-in citizen or enterprise (others: 403) submits a suggestion to
/// an open topic (409 otherwise); the same key again gives the same one.
#[allow(clippy::too_many_arguments)]
pub async fn submit(
    pool: &PgPool,
    me: &Me,
    topic_id: i64,
    title: &str,
    body: &str,
    key: uuid::Uuid,
    now: OffsetDateTime,
    today: Date,
) -> Result<Made, AppError> {
    let existing = || existing_key(pool, "suggestion", "author_id", me.id, key);
    if let Some(id) = existing().await? {
        return Ok(Made { id, created: false });
    }
    if !matches!(me.role, Role::Citizen | Role::Enterprise) {
        return Err(AppError::Forbidden);
    }
    topic(pool, topic_id, today)
        .await?
        .state
        .takes_suggestions()?;
    let mut problems = Vec::new();
    let title = parse_field(TITLE, title, "title", &mut problems);
    let body = parse_field(BODY, body, "body", &mut problems);
    if !problems.is_empty() {
        return Err(super::fields(problems));
    }
    let id: Option<i64> = sqlx::query_scalar(
        "insert into suggestion (topic_id, author_id, title, body, created_at, idempotency_key)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (author_id, idempotency_key) do nothing returning id",
    )
    .bind(topic_id)
    .bind(me.id)
    .bind(&title)
    .bind(&body)
    .bind(now)
    .bind(key)
    .fetch_optional(pool)
    .await?;
    match id {
        Some(id) => {
            tracing::info!(suggestion = id, "suggestion submitted");
            Ok(Made { id, created: true })
        }
        None => existing()
            .await?
            .map(|id| Made { id, created: false })
            .ok_or_else(|| AppError::internal("idempotent suggestion vanished")),
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    topic_id: i64,
    title: String,
    body: String,
    author_name: String,
    submitted_on: Date,
    edited: bool,
    supports: i32,
    state: String,
    removed_reason: Option<String>,
    reply: Option<String>,
    replied_on: Option<Date>,
    adopted: bool,
    author_id: i64,
    ever_supported: bool,
    department_id: i64,
    opens_on: Date,
    closes_on: Date,
    supported: bool,
    following: bool,
    reported: bool,
}

/// `$1` is the viewer's account (0 for none).
const SELECT: &str = "select s.id, s.topic_id, s.title, s.body, a.display_name as author_name,
        (s.created_at at time zone 'Asia/Shanghai')::date as submitted_on,
        s.edited_at is not null as edited, s.support_count as supports, s.state, s.removed_reason,
        s.reply, (s.selected_at at time zone 'Asia/Shanghai')::date as replied_on, s.adopted,
        s.author_id, s.first_supported_at is not null as ever_supported, t.department_id,
        t.opens_on, t.closes_on,
        exists (select 1 from suggestion_support x where x.suggestion_id = s.id and x.account_id = $1) as supported,
        exists (select 1 from suggestion_follow x where x.suggestion_id = s.id and x.account_id = $1) as following,
        exists (select 1 from suggestion_report x where x.suggestion_id = s.id and x.account_id = $1) as reported
    from suggestion s join suggestion_topic t on t.id = s.topic_id
    join account a on a.id = s.author_id";

fn view_of(row: Row, viewer: Option<Viewer>, today: Date) -> Result<SuggestionView, AppError> {
    let state = Visibility::parse(&row.state)
        .ok_or_else(|| AppError::internal(format!("unknown suggestion state {}", row.state)))?;
    let mine = viewer.is_some_and(|v| v.account_id == row.author_id);
    let moderator = viewer.is_some_and(|v| v.moderates(row.department_id));
    let topic = TopicState::of(row.opens_on, row.closes_on, today);
    // Hidden: its author and the moderators still read it; removed: only
    // the moderators (the reason stands in its place).
    let readable = match state {
        Visibility::Visible => true,
        Visibility::Hidden => mine || moderator,
        Visibility::Removed => moderator,
    };
    Ok(SuggestionView {
        id: row.id,
        topic_id: row.topic_id,
        title: readable.then_some(row.title),
        body: readable.then_some(row.body),
        author: super::mask_name(&row.author_name),
        submitted_on: format_date(row.submitted_on),
        edited: row.edited,
        supports: i64::from(row.supports),
        state,
        removed_reason: row.removed_reason,
        selected: row.reply.is_some(),
        reply: row.reply,
        replied_on: row.replied_on.map(format_date),
        adopted: row.adopted,
        mine,
        supported: row.supported,
        following: row.following,
        reported: row.reported,
        editable: mine && may_edit(row.ever_supported, state, topic).is_ok(),
        moderator,
    })
}

fn account(viewer: Option<Viewer>) -> i64 {
    viewer.map_or(0, |v| v.account_id)
}

/// One suggestion for `viewer`; `NotFound` when there is none.
pub async fn get(
    pool: &PgPool,
    viewer: Option<Viewer>,
    id: i64,
    today: Date,
) -> Result<SuggestionView, AppError> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} where s.id = $2"))
        .bind(account(viewer))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    view_of(row.ok_or(AppError::NotFound)?, viewer, today)
}

/// A page of a topic's visible suggestions, most supported or newest
/// first; `NotFound` for no such topic.
pub async fn list(
    pool: &PgPool,
    viewer: Option<Viewer>,
    topic_id: i64,
    sort: Sort,
    page: i64,
    today: Date,
) -> Result<SuggestionPage, AppError> {
    topic(pool, topic_id, today).await?;
    let total: i64 = sqlx::query_scalar(
        "select count(*) from suggestion where topic_id = $1 and state = 'visible'",
    )
    .bind(topic_id)
    .fetch_one(pool)
    .await?;
    let order = match sort {
        Sort::Support => "s.support_count desc, s.id desc",
        Sort::Newest => "s.id desc",
    };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} where s.topic_id = $2 and s.state = 'visible' order by {order} limit $3 offset $4"
    ))
    .bind(account(viewer))
    .bind(topic_id)
    .bind(PAGE_SIZE)
    .bind((page - 1) * PAGE_SIZE)
    .fetch_all(pool)
    .await?;
    Ok(SuggestionPage {
        page,
        pages: ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1),
        total,
        items: rows
            .into_iter()
            .map(|r| view_of(r, viewer, today))
            .collect::<Result<_, _>>()?,
    })
}

/// The facts of a suggestion the rules need, read under its row lock.
struct Locked {
    author_id: i64,
    state: Visibility,
    ever_supported: bool,
    report_round: i32,
    department_id: i64,
    topic: TopicState,
}

async fn lock(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    today: Date,
) -> Result<Locked, AppError> {
    let row: Option<(i64, String, bool, i32, i64, Date, Date)> = sqlx::query_as(
        "select s.author_id, s.state, s.first_supported_at is not null, s.report_round,
                t.department_id, t.opens_on, t.closes_on
         from suggestion s join suggestion_topic t on t.id = s.topic_id
         where s.id = $1 for update of s",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let (author_id, state, ever_supported, report_round, department_id, opens, closes) =
        row.ok_or(AppError::NotFound)?;
    Ok(Locked {
        author_id,
        state: Visibility::parse(&state)
            .ok_or_else(|| AppError::internal(format!("unknown suggestion state {state}")))?,
        ever_supported,
        report_round,
        department_id,
        topic: TopicState::of(opens, closes, today),
    })
}

/// The author edits the title and text, only before the first support
/// (409 `edit_frozen` after it); anyone else: 403.
pub async fn edit(
    pool: &PgPool,
    viewer: Viewer,
    id: i64,
    title: &str,
    body: &str,
    now: OffsetDateTime,
    today: Date,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let s = lock(&mut tx, id, today).await?;
    if s.author_id != viewer.account_id {
        return Err(AppError::Forbidden);
    }
    may_edit(s.ever_supported, s.state, s.topic)?;
    let mut problems = Vec::new();
    let title = parse_field(TITLE, title, "title", &mut problems);
    let body = parse_field(BODY, body, "body", &mut problems);
    if !problems.is_empty() {
        return Err(super::fields(problems));
    }
    sqlx::query("update suggestion set title = $2, body = $3, edited_at = $4 where id = $1")
        .bind(id)
        .bind(&title)
        .bind(&body)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Supports (`on`) or withdraws a support, idempotently either way.
/// Supporting takes a citizen or an enterprise (others: 403), an open
/// topic, a visible suggestion and someone other than its author (409);
/// it follows the suggestion too. A withdrawal needs the topic open.
pub async fn support(
    pool: &PgPool,
    me: &Me,
    id: i64,
    on: bool,
    now: OffsetDateTime,
    today: Date,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let s = lock(&mut tx, id, today).await?;
    if !on {
        s.topic.takes_suggestions()?;
        let gone = sqlx::query(
            "delete from suggestion_support where suggestion_id = $1 and account_id = $2",
        )
        .bind(id)
        .bind(me.id)
        .execute(&mut *tx)
        .await?;
        if gone.rows_affected() > 0 {
            sqlx::query("update suggestion set support_count = support_count - 1 where id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        return Ok(());
    }
    if !matches!(me.role, Role::Citizen | Role::Enterprise) {
        return Err(AppError::Forbidden);
    }
    may_support(me.id, s.author_id, s.state, s.topic)?;
    let added = sqlx::query(
        "insert into suggestion_support (suggestion_id, account_id, created_at) values ($1, $2, $3)
         on conflict do nothing",
    )
    .bind(id)
    .bind(me.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if added.rows_affected() > 0 {
        sqlx::query(
            "update suggestion set support_count = support_count + 1,
                 first_supported_at = coalesce(first_supported_at, greatest($2, created_at))
             where id = $1",
        )
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "insert into suggestion_follow (suggestion_id, account_id) values ($1, $2)
             on conflict do nothing",
        )
        .bind(id)
        .bind(me.id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Follows (`on`) or stops following, idempotently; following takes a
/// suggestion not removed (409).
pub async fn follow(pool: &PgPool, me: &Me, id: i64, on: bool) -> Result<(), AppError> {
    let state: Option<String> = sqlx::query_scalar("select state from suggestion where id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let state = state.ok_or(AppError::NotFound)?;
    if on {
        if state == Visibility::Removed.as_str() {
            return Err(Problem::Removed.into());
        }
        sqlx::query(
            "insert into suggestion_follow (suggestion_id, account_id) values ($1, $2)
             on conflict do nothing",
        )
        .bind(id)
        .bind(me.id)
        .execute(pool)
        .await?;
    } else {
        sqlx::query("delete from suggestion_follow where suggestion_id = $1 and account_id = $2")
            .bind(id)
            .bind(me.id)
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// The staff of a department, to be told of a hidden suggestion.
async fn department_staff(
    tx: &mut Transaction<'_, Postgres>,
    department: i64,
) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "select account_id from staff where department_id = $1 order by account_id",
    )
    .bind(department)
    .fetch_all(&mut **tx)
    .await?)
}

/// Tells each of `people` once per (suggestion, kind, round): the notice
/// key is taken first, and only a key newly taken sends a message.
async fn tell(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    people: &[i64],
    kind: Kind,
    round: i32,
    link: &str,
) -> Result<usize, AppError> {
    let newly: Vec<i64> = sqlx::query_scalar(
        "insert into suggestion_notice (suggestion_id, account_id, kind, round)
         select $1, p, $3, $4 from unnest($2::bigint[]) p
         on conflict do nothing returning account_id",
    )
    .bind(id)
    .bind(people)
    .bind(kind.as_str())
    .bind(round)
    .fetch_all(&mut **tx)
    .await?;
    if newly.is_empty() {
        return Ok(0);
    }
    let (title, topic, department): (String, String, Bilingual) = sqlx::query_as(
        "select s.title, t.title, row(d.name_zh, d.name_en) from suggestion s
         join suggestion_topic t on t.id = s.topic_id join department d on d.id = t.department_id
         where s.id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    let params = Params {
        case_no: title,
        step: crate::i18n::Bilingual::new(topic.clone(), topic),
        department,
        due_on: String::new(),
        enterprise: String::new(),
    };
    let mail = mail_of(tx).await?;
    for recipient in &newly {
        send(
            tx,
            &Outgoing {
                recipient: *recipient,
                kind,
                params: &params,
                link: Some(link.to_string()),
                alert_id: None,
            },
            mail.as_ref(),
        )
        .await?;
    }
    Ok(newly.len())
}

/// A signed-in account reports a suggestion, once (409 the second time),
/// not its own (409); reports by [`super::HIDE_AT`] different accounts
/// since the last restore hide it, and the department's staff are told.
/// The visibility after the report.
pub async fn report(
    pool: &PgPool,
    me: &Me,
    id: i64,
    reason: &str,
    now: OffsetDateTime,
    today: Date,
) -> Result<Visibility, AppError> {
    let reason = REASON
        .parse(reason)
        .map_err(|p| super::fields(vec![p.at("reason")]))?;
    let mut tx = pool.begin().await?;
    let s = lock(&mut tx, id, today).await?;
    s.state.must_be_visible()?;
    if s.author_id == me.id {
        return Err(Problem::OwnSuggestion.into());
    }
    let added = sqlx::query(
        "insert into suggestion_report (suggestion_id, account_id, round, reason, created_at)
         values ($1, $2, $3, $4, $5) on conflict do nothing",
    )
    .bind(id)
    .bind(me.id)
    .bind(s.report_round)
    .bind(reason.as_str())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if added.rows_affected() == 0 {
        return Err(Problem::AlreadyReported.into());
    }
    let reporters: Vec<i64> = sqlx::query_scalar(
        "select account_id from suggestion_report where suggestion_id = $1 and round = $2",
    )
    .bind(id)
    .bind(s.report_round)
    .fetch_all(&mut *tx)
    .await?;
    let after = after_report(s.state, super::distinct(&reporters));
    if after == Visibility::Hidden {
        sqlx::query("update suggestion set state = 'hidden' where id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "insert into suggestion_moderation (suggestion_id, action, at) values ($1, 'hidden', $2)",
        )
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let staff = department_staff(&mut tx, s.department_id).await?;
        tell(
            &mut tx,
            id,
            &staff,
            Kind::SuggestionHidden,
            s.report_round,
            "/staff/suggestions#moderation-h",
        )
        .await?;
        tracing::info!(suggestion = id, "suggestion hidden by reports");
    }
    tx.commit().await?;
    Ok(after)
}

/// A moderator (staff of the topic's department; others 403) restores a
/// hidden suggestion (reports start a new round) or removes one with a
/// reason.
pub async fn moderate(
    pool: &PgPool,
    viewer: Viewer,
    id: i64,
    decision: &Decision,
    now: OffsetDateTime,
    today: Date,
) -> Result<Visibility, AppError> {
    let reason = match decision {
        Decision::Remove { reason } => Some(
            REASON
                .parse(reason)
                .map_err(|p| super::fields(vec![p.at("reason")]))?
                .into_string(),
        ),
        Decision::Restore => None,
    };
    let mut tx = pool.begin().await?;
    let s = lock(&mut tx, id, today).await?;
    if !viewer.moderates(s.department_id) {
        return Err(AppError::Forbidden);
    }
    let after = decide(s.state, decision)?;
    let action = match after {
        Visibility::Visible => {
            sqlx::query(
                "update suggestion set state = 'visible', report_round = report_round + 1 where id = $1",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
            "restored"
        }
        _ => {
            sqlx::query(
                "update suggestion set state = 'removed', removed_reason = $2 where id = $1",
            )
            .bind(id)
            .bind(reason.as_deref())
            .execute(&mut *tx)
            .await?;
            "removed"
        }
    };
    sqlx::query(
        "insert into suggestion_moderation (suggestion_id, action, reason, by_account, at)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(action)
    .bind(reason.as_deref())
    .bind(viewer.account_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(suggestion = id, action, "suggestion moderated");
    Ok(after)
}

/// The department selects a visible suggestion (精选) with its reply and
/// says whether it is adopted (采纳); it may correct the reply later. Its
/// author, supporters and followers are told once each, however often
/// this is called. The number of people newly told.
pub async fn select(
    pool: &PgPool,
    viewer: Viewer,
    id: i64,
    reply: &str,
    adopted: bool,
    now: OffsetDateTime,
    today: Date,
) -> Result<usize, AppError> {
    let reply = REPLY
        .parse(reply)
        .map_err(|p| super::fields(vec![p.at("reply")]))?;
    let mut tx = pool.begin().await?;
    let s = lock(&mut tx, id, today).await?;
    if !viewer.moderates(s.department_id) {
        return Err(AppError::Forbidden);
    }
    s.state.must_be_visible()?;
    sqlx::query(
        "update suggestion set reply = $2, adopted = $3, replied_by = $4,
             selected_at = coalesce(selected_at, greatest($5, created_at))
         where id = $1",
    )
    .bind(id)
    .bind(reply.as_str())
    .bind(adopted)
    .bind(viewer.account_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let people: Vec<i64> = sqlx::query_scalar(
        "select author_id from suggestion where id = $1
         union select account_id from suggestion_support where suggestion_id = $1
         union select account_id from suggestion_follow where suggestion_id = $1",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let topic: i64 = sqlx::query_scalar("select topic_id from suggestion where id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    let told = tell(
        &mut tx,
        id,
        &people,
        Kind::SuggestionReplied,
        0,
        &format!("/suggestions/{topic}/s/{id}#reply-h"),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(suggestion = id, told, "suggestion selected");
    Ok(told)
}

/// A closed topic's summary (409 before it closes): the numbers counted
/// from the record and the selected suggestions with their replies.
pub async fn summary(
    pool: &PgPool,
    viewer: Option<Viewer>,
    topic_id: i64,
    today: Date,
) -> Result<TopicSummary, AppError> {
    let topic = topic(pool, topic_id, today).await?;
    if topic.state != TopicState::Closed {
        return Err(Problem::TopicNotClosed.into());
    }
    /// State, selected, adopted, supporters.
    type CountedRow = (String, bool, bool, Option<Vec<i64>>);
    let rows: Vec<CountedRow> = sqlx::query_as(
        "select s.state, s.reply is not null, s.adopted,
                (select array_agg(x.account_id) from suggestion_support x where x.suggestion_id = s.id)
         from suggestion s where s.topic_id = $1",
    )
    .bind(topic_id)
    .fetch_all(pool)
    .await?;
    let counted: Vec<Counted> = rows
        .into_iter()
        .map(|(state, selected, adopted, supporters)| Counted {
            visibility: Visibility::parse(&state).unwrap_or(Visibility::Removed),
            selected,
            adopted,
            supporters: supporters.unwrap_or_default(),
        })
        .collect();
    let selected: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} where s.topic_id = $2 and s.reply is not null and s.state <> 'removed'
         order by s.adopted desc, s.support_count desc, s.id limit 200"
    ))
    .bind(account(viewer))
    .bind(topic_id)
    .fetch_all(pool)
    .await?;
    Ok(TopicSummary {
        topic,
        tally: tally(&counted),
        selected: selected
            .into_iter()
            .map(|r| view_of(r, viewer, today))
            .collect::<Result<_, _>>()?,
    })
}

/// The department writes (or rewrites) its summary text after the period
/// (409 before): staff of the topic's department only (403).
pub async fn write_summary(
    pool: &PgPool,
    viewer: Viewer,
    topic_id: i64,
    text: &str,
    today: Date,
) -> Result<(), AppError> {
    let topic = topic(pool, topic_id, today).await?;
    if !viewer.moderates(topic.department_id) {
        return Err(AppError::Forbidden);
    }
    if topic.state != TopicState::Closed {
        return Err(Problem::TopicNotClosed.into());
    }
    let text = SUMMARY_TEXT
        .parse(text)
        .map_err(|p| super::fields(vec![p.at("summary")]))?;
    sqlx::query("update suggestion_topic set summary = $2 where id = $1")
        .bind(topic_id)
        .bind(text.as_str())
        .execute(pool)
        .await?;
    Ok(())
}

/// The department's hidden suggestions waiting for a decision, oldest
/// hidden first, with the reports of their round (not who made them).
pub async fn moderation_queue(
    pool: &PgPool,
    viewer: Viewer,
    department: i64,
    today: Date,
) -> Result<Vec<ModerationItem>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} where t.department_id = $2 and s.state = 'hidden' order by s.id limit 200"
    ))
    .bind(viewer.account_id)
    .bind(department)
    .fetch_all(pool)
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let (id, topic_id) = (row.id, row.topic_id);
        let topic_title: String =
            sqlx::query_scalar("select title from suggestion_topic where id = $1")
                .bind(topic_id)
                .fetch_one(pool)
                .await?;
        let reports: Vec<(String, Date)> = sqlx::query_as(
            "select r.reason, (r.created_at at time zone 'Asia/Shanghai')::date
             from suggestion_report r join suggestion s on s.id = r.suggestion_id
             where r.suggestion_id = $1 and r.round = s.report_round order by r.created_at",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        items.push(ModerationItem {
            topic_title,
            suggestion: view_of(row, Some(viewer), today)?,
            reports: reports
                .into_iter()
                .map(|(reason, on)| ReportView {
                    reason,
                    reported_on: format_date(on),
                })
                .collect(),
        });
    }
    Ok(items)
}

/// The department's selectable suggestions: visible ones of its topics,
/// not yet selected, most supported first (the staff page's select forms).
pub async fn selectable(
    pool: &PgPool,
    viewer: Viewer,
    department: i64,
    today: Date,
) -> Result<Vec<SuggestionView>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} where t.department_id = $2 and s.state = 'visible'
         order by (s.reply is null) desc, s.support_count desc, s.id desc limit 50"
    ))
    .bind(viewer.account_id)
    .bind(department)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| view_of(r, Some(viewer), today))
        .collect()
}
