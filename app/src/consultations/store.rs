//! Consultations in the database: asking (idempotent), reading with the
//! visibility rule, the department's queue, answering once, the FAQ, and
//! the asker's verdict.

use super::{
    deadline, urgency, About, Answer, ConsultationView, FaqEntry, FaqPage, Problem, Question,
    Reach, Status, Subject, Viewer, FAQ_PAGE_SIZE,
};
use crate::{
    accounts::{Me, Role},
    catalog::{
        search::{index_terms, SearchText},
        Bilingual,
    },
    clock::{format_date, Calendar},
    error::AppError,
};
use sqlx::PgPool;
use time::{Date, OffsetDateTime};

/// Finds what a question is about; an unknown item or department is
/// `NotFound`.
pub async fn subject(pool: &PgPool, about: &About) -> Result<Subject, AppError> {
    type Row = (
        Option<i64>,
        Option<String>,
        Option<Bilingual>,
        i64,
        Bilingual,
    );
    let row: Option<Row> =
        match about {
            About::Service(code) => sqlx::query_as(
                "select i.id, i.code, row(i.name_zh, i.name_en), d.id, row(d.name_zh, d.name_en)
                 from service_item i join department d on d.id = i.department_id
                 where i.code = $1",
            )
            .bind(code)
            .fetch_optional(pool)
            .await?,
            About::Department(id) => {
                sqlx::query_as(
                    "select null::bigint, null::text, null::record, d.id, row(d.name_zh, d.name_en)
                 from department d where d.id = $1",
                )
                .bind(id)
                .fetch_optional(pool)
                .await?
            }
        };
    let (item_id, item_code, item, department_id, department) = row.ok_or(AppError::NotFound)?;
    Ok(Subject {
        about: about.clone(),
        item_id,
        item_code,
        item,
        department_id,
        department,
    })
}

/// The account as the visibility rule sees it (staff with their
/// department).
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

/// The signed-in staff member and their department; anyone else is
/// refused (403).
pub async fn staff_viewer(pool: &PgPool, me: &Me) -> Result<(Viewer, i64), AppError> {
    let post = crate::workflow::store::staff_post(pool, me).await?;
    Ok((
        Viewer {
            account_id: me.id,
            staff_department: Some(post.department_id),
        },
        post.department_id,
    ))
}

/// A question taken in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asked {
    pub id: i64,
    /// False when the key had already made this question (a retry).
    pub created: bool,
}

async fn existing(pool: &PgPool, me: &Me, key: uuid::Uuid) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "select id from consultation where asker_id = $1 and idempotency_key = $2",
    )
    .bind(me.id)
    .bind(key)
    .fetch_optional(pool)
    .await?)
}

/// Asks a question. Citizens and enterprises ask (others: 403); the same
/// idempotency key always gives the same question, whatever is sent the
/// second time; the question is parsed only for a new key.
#[allow(clippy::too_many_arguments)]
pub async fn ask(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    about: &About,
    question: &str,
    public: bool,
    key: uuid::Uuid,
    now: OffsetDateTime,
) -> Result<Asked, AppError> {
    if let Some(id) = existing(pool, me, key).await? {
        return Ok(Asked { id, created: false });
    }
    if !matches!(me.role, Role::Citizen | Role::Enterprise) {
        return Err(AppError::Forbidden);
    }
    let subject = subject(pool, about).await?;
    let question = Question::parse(question)?;
    let (asked_on, due_on) = deadline(cal, now);
    let inserted: Option<i64> = sqlx::query_scalar(
        "insert into consultation (asker_id, item_id, department_id, question, public, asked_at,
             asked_on, due_on, idempotency_key)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (asker_id, idempotency_key) do nothing
         returning id",
    )
    .bind(me.id)
    .bind(subject.item_id)
    .bind(subject.department_id)
    .bind(question.as_str())
    .bind(public)
    .bind(now)
    .bind(asked_on)
    .bind(due_on)
    .bind(key)
    .fetch_optional(pool)
    .await?;
    match inserted {
        Some(id) => {
            tracing::info!(consultation = id, "question asked");
            Ok(Asked { id, created: true })
        }
        // Another request with the same key won the race.
        None => existing(pool, me, key)
            .await?
            .map(|id| Asked { id, created: false })
            .ok_or_else(|| AppError::internal("idempotent consultation vanished")),
    }
}

const SELECT: &str = "select c.id, c.asker_id, c.question, c.public, i.code,
        case when i.id is not null then row(i.name_zh, i.name_en) end,
        c.department_id, row(d.name_zh, d.name_en), c.asked_on, c.due_on, c.answer,
        (c.answered_at at time zone 'Asia/Shanghai')::date, c.helpful
    from consultation c join department d on d.id = c.department_id
    left join service_item i on i.id = c.item_id";

type Row = (
    i64,
    i64,
    String,
    bool,
    Option<String>,
    Option<Bilingual>,
    i64,
    Bilingual,
    Date,
    Date,
    Option<String>,
    Option<Date>,
    Option<bool>,
);

fn view_of(
    row: Row,
    cal: &Calendar,
    viewer: Option<Viewer>,
    today: Date,
) -> (Reach, ConsultationView) {
    let (
        id,
        asker_id,
        question,
        public,
        code,
        item,
        department_id,
        department,
        asked_on,
        due_on,
        answer,
        answered_on,
        helpful,
    ) = row;
    let answered = answer.is_some();
    let reach = Reach {
        asker_id,
        department_id,
        public,
        answered,
    };
    let view = ConsultationView {
        id,
        question,
        public,
        item_code: code,
        item,
        department_id,
        department,
        asked_on: format_date(asked_on),
        due_on: format_date(due_on),
        status: Status::of(answered, due_on, today),
        urgency: urgency(cal, answered, due_on, today),
        answer,
        answered_on: answered_on.map(format_date),
        helpful,
        mine: viewer.is_some_and(|v| reach.is_asker(v)),
        answerable: viewer.is_some_and(|v| reach.is_department(v)),
    };
    (reach, view)
}

/// One consultation for `viewer`: `NotFound` when it does not exist or the
/// viewer may not see it (the same answer, so nothing leaks).
pub async fn get(
    pool: &PgPool,
    cal: &Calendar,
    viewer: Option<Viewer>,
    id: i64,
    today: Date,
) -> Result<ConsultationView, AppError> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} where c.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let (reach, view) = view_of(row.ok_or(AppError::NotFound)?, cal, viewer, today);
    if reach.visible_to(viewer) {
        Ok(view)
    } else {
        Err(AppError::NotFound)
    }
}

/// The questions `me` asked, newest first.
pub async fn mine(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    today: Date,
    limit: i64,
) -> Result<Vec<ConsultationView>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} where c.asker_id = $1 order by c.asked_at desc, c.id desc limit $2"
    ))
    .bind(me.id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let viewer = Some(Viewer {
        account_id: me.id,
        staff_department: None,
    });
    Ok(rows
        .into_iter()
        .map(|r| view_of(r, cal, viewer, today).1)
        .collect())
}

/// The department's open questions, most urgent first.
pub async fn queue(
    pool: &PgPool,
    cal: &Calendar,
    viewer: Viewer,
    department_id: i64,
    today: Date,
    limit: i64,
) -> Result<Vec<ConsultationView>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} where c.department_id = $1 and c.answered_at is null
         order by c.due_on, c.id limit $2"
    ))
    .bind(department_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| view_of(r, cal, Some(viewer), today).1)
        .collect())
}

/// The public answered questions about an item or a department, newest
/// answer first; an unknown item or department is `NotFound`.
pub async fn faq(pool: &PgPool, about: &About, limit: i64) -> Result<Vec<FaqEntry>, AppError> {
    let subject = subject(pool, about).await?;
    let filter = match subject.item_id {
        Some(item) => Filter::Item(item),
        None => Filter::Department(subject.department_id),
    };
    public_answers(pool, filter, None, limit, 0).await
}

/// Which answered public questions a list holds.
#[derive(Debug, Clone, Copy)]
enum Filter {
    All,
    Item(i64),
    Department(i64),
}

/// Every answered public question, or those matching `q` (the catalog's
/// terms, so one- and two-character Chinese queries work), newest answer
/// first: page `page` (1-based; the caller bounds it).
pub async fn search(pool: &PgPool, q: Option<&SearchText>, page: u32) -> Result<FaqPage, AppError> {
    let offset = i64::from(page.saturating_sub(1)) * i64::from(FAQ_PAGE_SIZE);
    let tsquery = q.map(SearchText::tsquery);
    let entries = public_answers(
        pool,
        Filter::All,
        tsquery.as_deref(),
        FAQ_PAGE_SIZE.into(),
        offset,
    )
    .await?;
    let total: i64 = sqlx::query_scalar(
        "select count(*) from consultation c
         where c.public and c.answered_at is not null
           and ($1::text is null or c.terms @@ $1::tsquery)",
    )
    .bind(tsquery.as_deref())
    .fetch_one(pool)
    .await?;
    Ok(FaqPage {
        entries,
        total,
        page,
        page_size: FAQ_PAGE_SIZE,
    })
}

async fn public_answers(
    pool: &PgPool,
    filter: Filter,
    tsquery: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<Vec<FaqEntry>, AppError> {
    let (filter, id) = match filter {
        Filter::All => ("true", 0),
        Filter::Item(item) => ("c.item_id = $1", item),
        Filter::Department(d) => ("c.department_id = $1", d),
    };
    type FaqRow = (i64, String, String, Date, Option<String>, Bilingual);
    let rows: Vec<FaqRow> = sqlx::query_as(&format!(
        "select c.id, c.question, c.answer, (c.answered_at at time zone 'Asia/Shanghai')::date,
                    i.code, row(d.name_zh, d.name_en)
             from consultation c join department d on d.id = c.department_id
             left join service_item i on i.id = c.item_id
             where {filter} and c.public and c.answered_at is not null
               and ($4::text is null or c.terms @@ $4::tsquery)
             order by c.answered_at desc, c.id desc limit $2 offset $3"
    ))
    .bind(id)
    .bind(limit)
    .bind(offset)
    .bind(tsquery)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, question, answer, answered_on, item_code, department)| FaqEntry {
                id,
                question,
                answer,
                answered_on: format_date(answered_on),
                item_code,
                department,
            },
        )
        .collect())
}

/// The search terms of a question and its answer.
fn terms_of(question: &str, answer: &str) -> Vec<String> {
    index_terms([question, answer])
}

/// Writes the search terms of answered questions that have none (rows
/// answered before the terms existed, the demo's); how many. Run at start.
pub async fn index_unindexed(pool: &PgPool) -> Result<u64, AppError> {
    let mut done = 0;
    loop {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "select id, question, answer from consultation
             where answered_at is not null and terms is null order by id limit 500",
        )
        .fetch_all(pool)
        .await?;
        if rows.is_empty() {
            return Ok(done);
        }
        for (id, question, answer) in rows {
            sqlx::query("update consultation set terms = array_to_tsvector($2) where id = $1")
                .bind(id)
                .bind(terms_of(&question, &answer))
                .execute(pool)
                .await?;
            done += 1;
        }
    }
}

async fn reach(pool: &PgPool, id: i64) -> Result<Reach, AppError> {
    let row: Option<(i64, i64, bool, bool)> = sqlx::query_as(
        "select asker_id, department_id, public, answered_at is not null from consultation where id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let (asker_id, department_id, public, answered) = row.ok_or(AppError::NotFound)?;
    Ok(Reach {
        asker_id,
        department_id,
        public,
        answered,
    })
}

/// What someone who may not act on a consultation is told: 403 when they
/// can see it anyway (a published one), else the same 404 as for none.
fn refusal(reach: &Reach, viewer: Viewer) -> AppError {
    if reach.visible_to(Some(viewer)) {
        AppError::Forbidden
    } else {
        AppError::NotFound
    }
}

/// The department answers, once (409 the second time); staff of other
/// departments are refused (404 unless the question is published).
pub async fn answer(
    pool: &PgPool,
    viewer: Viewer,
    id: i64,
    answer: &Answer,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let reach = reach(pool, id).await?;
    if !reach.is_department(viewer) {
        return Err(refusal(&reach, viewer));
    }
    let question: Option<String> = sqlx::query_scalar(
        "update consultation set answer = $2, answered_by = $3, answered_at = greatest($4, asked_at)
         where id = $1 and answered_at is null returning question",
    )
    .bind(id)
    .bind(answer.as_str())
    .bind(viewer.account_id)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    let Some(question) = question else {
        return Err(Problem::AlreadyAnswered.into());
    };
    // Searchable at once; a crash before this line leaves the row to the
    // start's `index_unindexed`.
    sqlx::query("update consultation set terms = array_to_tsvector($2) where id = $1")
        .bind(id)
        .bind(terms_of(&question, answer.as_str()))
        .execute(pool)
        .await?;
    tracing::info!(consultation = id, "question answered");
    Ok(())
}

/// The asker says whether the answer helped (and may change their mind);
/// only the asker (others: 403 on a published question, else 404), only
/// once answered (409).
pub async fn mark_helpful(
    pool: &PgPool,
    viewer: Viewer,
    id: i64,
    helpful: bool,
) -> Result<(), AppError> {
    let reach = reach(pool, id).await?;
    if !reach.is_asker(viewer) {
        return Err(refusal(&reach, viewer));
    }
    if !reach.answered {
        return Err(Problem::NotAnswered.into());
    }
    sqlx::query("update consultation set helpful = $2 where id = $1 and answered_at is not null")
        .bind(id)
        .bind(helpful)
        .execute(pool)
        .await?;
    Ok(())
}
