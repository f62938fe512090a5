//! Documents in the database: drafts written (idempotently) and edited by a
//! department's editors, steps of the shared review flow with publication
//! giving the index number under the counter's lock, the public document
//! and search (the catalog's terms as 4-byte keys, GIN `term_keys @>`,
//! newest first), the
//! staff views, validity marks and the feeds' rows.

use super::{
    check, expected_matches, term_keys, terms, Category, Checked, DocumentView, Draft, File, Found,
    Link, Mark, Problem, Row, StaffView, COUNT_CAP, FEED_SIZE, MAX_PAGE, PAGE_SIZE,
};
use crate::{
    accounts::{audit::Event, store::audit, Me},
    catalog::{search::SearchText, Bilingual},
    clock::{format_date, Calendar},
    disclosure::{IndexNo, InterpretationForm, Kind, Validity},
    error::AppError,
    review::{
        self,
        store::{self as reviews, Told},
        Action, Role,
    },
    workorder::{offered, OnDay, WorkAction, WorkState},
};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use time::{Date, OffsetDateTime};

fn bad(name: &str) -> AppError {
    AppError::InvalidParameter { name: name.into() }
}

/// The departments where `me` is an editor (the new-draft form's choices).
pub async fn editor_departments(
    pool: &PgPool,
    me: &Me,
) -> Result<Vec<(i64, i32, String, Bilingual)>, AppError> {
    reviews::departments_where(pool, me, "editor").await
}

/// A published policy or plan (or any published document, `any_kind`) by
/// its index number: its id.
async fn published_id(
    db: &mut PgConnection,
    index_no: &IndexNo,
    any_kind: bool,
) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "select d.id from document d join review_item r on r.id = d.review_id
         where d.index_no = $1 and r.state = 'published'
           and ($2 or d.kind in ('policy', 'plan'))",
    )
    .bind(index_no.to_string())
    .bind(any_kind)
    .fetch_optional(&mut *db)
    .await?)
}

async fn interprets_id(db: &mut PgConnection, c: &Checked) -> Result<Option<i64>, AppError> {
    match &c.interprets {
        Some(i) => Ok(Some(
            published_id(db, i, false)
                .await?
                .ok_or(Problem::Interprets)?,
        )),
        None => Ok(None),
    }
}

async fn attach(
    tx: &mut Transaction<'_, Postgres>,
    me: &Me,
    document: i64,
    files: &[i64],
) -> Result<(), AppError> {
    for (position, upload) in files.iter().take(10).enumerate() {
        let mine: bool = sqlx::query_scalar(
            "select exists (select 1 from upload where id = $1 and owner_id = $2)",
        )
        .bind(upload)
        .bind(me.id)
        .fetch_one(&mut **tx)
        .await?;
        if !mine {
            return Err(bad("files"));
        }
        sqlx::query(
            "insert into document_file (document_id, upload_id, position) values ($1, $2, $3)
             on conflict do nothing",
        )
        .bind(document)
        .bind(upload)
        .bind(position as i16)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub use crate::review::store::Written;

async fn by_key(
    db: &mut PgConnection,
    me: &Me,
    key: uuid::Uuid,
) -> Result<Option<Written>, AppError> {
    crate::review::store::written_with(db, "document", me, key).await
}

/// Writes a new draft for one of `me`'s departments as editor (403 for
/// anyone who edits nowhere or for another department). The same key
/// always gives the same draft.
pub async fn create(
    pool: &PgPool,
    me: &Me,
    draft: &Draft,
    key: uuid::Uuid,
    now: OffsetDateTime,
    today: Date,
) -> Result<Written, AppError> {
    create_from(pool, me, draft, key, now, today, None).await
}

/// [`create`], for a draft made from the answered request `from_request`
/// (its id) when given: one draft per request, whoever asks for it — a
/// second call (by any editor) gives the first draft.
pub async fn create_from(
    pool: &PgPool,
    me: &Me,
    draft: &Draft,
    key: uuid::Uuid,
    now: OffsetDateTime,
    today: Date,
    from_request: Option<i64>,
) -> Result<Written, AppError> {
    let mut conn = pool.acquire().await?;
    if let Some(w) = by_key(&mut conn, me, key).await? {
        return Ok(w);
    }
    drop(conn);
    let departments = editor_departments(pool, me).await?;
    let (department, region, _, name) = match draft.department {
        Some(id) => departments.into_iter().find(|d| d.0 == id),
        None => departments.into_iter().next(),
    }
    .ok_or(AppError::Forbidden)?;
    let c = check(draft, today)?;
    let mut tx = pool.begin().await?;
    // One author's drafts one at a time, so that a retry finds the first.
    sqlx::query("select pg_advisory_xact_lock(7320, $1::int)")
        .bind((me.id % i64::from(i32::MAX)) as i32)
        .execute(&mut *tx)
        .await?;
    if let Some(w) = by_key(&mut tx, me, key).await? {
        return Ok(w);
    }
    if let Some(request) = from_request {
        // The request's row lock makes one draft of it, whoever clicks.
        sqlx::query("select 1 from information_request where id = $1 for update")
            .bind(request)
            .execute(&mut *tx)
            .await?;
        let made: Option<i64> =
            sqlx::query_scalar("select id from document where from_request_id = $1")
                .bind(request)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(id) = made {
            return Ok(Written { id, created: false });
        }
    }
    let interprets = interprets_id(&mut tx, &c).await?;
    let item = reviews::create(
        &mut tx,
        review::view::Subject::Document,
        department,
        None,
        me,
        now,
    )
    .await?;
    sqlx::query("update review_item set idempotency_key = $2 where id = $1")
        .bind(item)
        .bind(key)
        .execute(&mut *tx)
        .await?;
    let id: i64 = sqlx::query_scalar(
        "insert into document (review_id, department_id, region_code, kind, title, doc_number,
             issuer, category, written_on, body, validity, interprets_id, interpretation_form,
             updated_at, from_request_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning id",
    )
    .bind(item)
    .bind(department)
    .bind(region)
    .bind(c.kind.code())
    .bind(&c.title)
    .bind(&c.doc_number)
    .bind(c.issuer.clone().unwrap_or_else(|| name.zh.clone()))
    .bind(c.category.code())
    .bind(c.written_on)
    .bind(&c.body)
    .bind(c.kind.has_validity().then_some(Validity::Valid.code()))
    .bind(interprets)
    .bind(c.form.map(InterpretationForm::code))
    .bind(now)
    .bind(from_request)
    .fetch_one(&mut *tx)
    .await?;
    attach(&mut tx, me, id, &draft.files).await?;
    tx.commit().await?;
    tracing::info!(document = id, "document draft written");
    Ok(Written { id, created: true })
}

/// The document `id`'s review item id and its department's name.
async fn review_of(db: &mut PgConnection, id: i64) -> Result<(i64, Bilingual, String), AppError> {
    sqlx::query_as(
        "select d.review_id, row(p.name_zh, p.name_en), d.title from document d
         join department p on p.id = d.department_id where d.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *db)
    .await?
    .ok_or(AppError::NotFound)
}

/// Replaces the draft `id`'s text and facts (its editors, only a draft;
/// the kind stays). Logged as an `edit`.
pub async fn update(
    pool: &PgPool,
    me: &Me,
    id: i64,
    draft: &Draft,
    now: OffsetDateTime,
    today: Date,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let (review_id, department, _) = review_of(&mut tx, id).await?;
    let item = reviews::lock(&mut tx, review_id).await?;
    if reviews::roles_on(&mut tx, me, &item).await?.is_empty() {
        return Err(AppError::NotFound);
    }
    if !item.state().editable() {
        return Err(Problem::NotADraft.into());
    }
    let c = check(draft, today)?;
    let kind: String = sqlx::query_scalar("select kind from document where id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if kind != c.kind.code() {
        return Err(Problem::Kind.into());
    }
    let interprets = interprets_id(&mut tx, &c).await?;
    reviews::record_edit(&mut tx, &item, me, None, now).await?;
    sqlx::query(
        "update document set title = $2, doc_number = $3, issuer = $4, category = $5,
             written_on = $6, body = $7, interprets_id = $8, interpretation_form = $9,
             updated_at = $10
         where id = $1",
    )
    .bind(id)
    .bind(&c.title)
    .bind(&c.doc_number)
    .bind(c.issuer.clone().unwrap_or(department.zh))
    .bind(c.category.code())
    .bind(c.written_on)
    .bind(&c.body)
    .bind(interprets)
    .bind(c.form.map(InterpretationForm::code))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    attach(&mut tx, me, id, &draft.files).await?;
    tx.commit().await?;
    Ok(())
}

/// The next index number of `department` for `year`, taken under the
/// counter row's lock (held to the end of the transaction, so concurrent
/// publications get consecutive serials and a rolled-back one gives its
/// serial back).
async fn next_index(
    tx: &mut Transaction<'_, Postgres>,
    department: i64,
    year: i32,
) -> Result<IndexNo, AppError> {
    let serial: Option<i32> = sqlx::query_scalar(
        "insert into document_index_counter as c (department_id, year, last_serial)
         values ($1, $2, 1)
         on conflict (department_id, year) do update set last_serial = c.last_serial + 1
             where c.last_serial < $3
         returning last_serial",
    )
    .bind(department)
    .bind(year as i16)
    .bind(super::super::MAX_SERIAL as i32)
    .fetch_optional(&mut **tx)
    .await?;
    let serial = serial.ok_or(Problem::IndexFull)?;
    let (region, code): (i32, String) =
        sqlx::query_as("select region_code, code from department where id = $1")
            .bind(department)
            .fetch_one(&mut **tx)
            .await?;
    IndexNo::new(region as u32, &code, year, serial as u32)
        .ok_or_else(|| AppError::internal(format!("no index number for department {code}")))
}

/// Takes a review step on document `id` as `me`. Publication gives the
/// index number (a document republished after a withdrawal keeps its
/// own), today's date and the search terms, in the same transaction.
pub async fn take_step(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    id: i64,
    action: &Action,
    now: OffsetDateTime,
    today: Date,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let (review_id, department, title) = review_of(&mut tx, id).await?;
    let item = reviews::lock(&mut tx, review_id).await?;
    let told = Told {
        title: &title,
        link: format!("/staff/documents/{id}"),
    };
    let t = reviews::step(&mut tx, cal, &item, me, action, told, now, today).await?;
    if t.from == review::State::Published && t.to != review::State::Published {
        // Out of the search (and its per-key counts) until published again.
        sqlx::query("update document set term_keys = '{}' where id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    if t.effect.published {
        type Text = (
            Option<String>,
            String,
            Option<String>,
            String,
            String,
            String,
            String,
        );
        let (index_no, title, doc_number, issuer, kind, category, body): Text = sqlx::query_as(
            "select index_no, title, doc_number, issuer, kind, category, body
             from document where id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let kind = Kind::parse(&kind).unwrap_or(Kind::News);
        let category = Category::parse(&category).unwrap_or(Category::Other);
        let keys = term_keys(&terms(
            &title,
            doc_number.as_deref(),
            &issuer,
            &department,
            kind,
            category,
            &body,
        ));
        let index_no = match index_no {
            Some(i) => i,
            None => next_index(&mut tx, item.department_id, today.year())
                .await?
                .to_string(),
        };
        let parsed = IndexNo::parse(&index_no)
            .ok_or_else(|| AppError::internal("stored index number unreadable"))?;
        sqlx::query(
            "update document set index_no = $2, index_year = $3, index_serial = $4,
                 published_on = $5, term_keys = $6, updated_at = $7
             where id = $1",
        )
        .bind(id)
        .bind(&index_no)
        .bind(parsed.year() as i16)
        .bind(parsed.serial() as i32)
        .bind(today)
        .bind(&keys)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(document = id, action = action.code(), "document step");
    Ok(())
}

/// Gives the published documents without search keys theirs (those of a
/// database from before the keys, at start), 500 at a time; how many.
pub async fn index_unkeyed(pool: &PgPool) -> Result<u64, AppError> {
    type Unkeyed = (
        i64,
        String,
        Option<String>,
        String,
        String,
        String,
        String,
        Bilingual,
    );
    let mut done = 0;
    loop {
        let rows: Vec<Unkeyed> = sqlx::query_as(
            "select d.id, d.title, d.doc_number, d.issuer, d.kind, d.category, d.body,
                     row(p.name_zh, p.name_en)
             from document d join department p on p.id = d.department_id
             join review_item r on r.id = d.review_id
             where d.published_on is not null and cardinality(d.term_keys) = 0
                 and r.state = 'published'
             order by d.id limit 500",
        )
        .fetch_all(pool)
        .await?;
        if rows.is_empty() {
            return Ok(done);
        }
        let mut ids = Vec::with_capacity(rows.len());
        let mut keys = Vec::with_capacity(rows.len());
        for (id, title, number, issuer, kind, category, body, department) in rows {
            let kind = Kind::parse(&kind).unwrap_or(Kind::News);
            let category = Category::parse(&category).unwrap_or(Category::Other);
            let k = term_keys(&terms(
                &title,
                number.as_deref(),
                &issuer,
                &department,
                kind,
                category,
                &body,
            ));
            ids.push(id);
            // Postgres arrays of arrays must be rectangular: each row's
            // keys travel as one text literal.
            keys.push(format!(
                "{{{}}}",
                k.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
            ));
        }
        let n = sqlx::query(
            "update document d set term_keys = u.keys::int4[]
             from unnest($1::bigint[], $2::text[]) as u(id, keys) where d.id = u.id",
        )
        .bind(&ids)
        .bind(&keys)
        .execute(pool)
        .await?
        .rows_affected();
        done += n;
    }
}

/// Marks the published policy or plan `id` amended, repealed (by the
/// document `replaced_by`, when given) or valid again: its department's
/// editors and reviewers; logged as an `edit` with the change.
pub async fn mark(
    pool: &PgPool,
    me: &Me,
    id: i64,
    m: &Mark,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let validity = Validity::parse(m.validity.trim()).ok_or(Problem::Validity)?;
    let mut tx = pool.begin().await?;
    let (review_id, _, _) = review_of(&mut tx, id).await?;
    let item = reviews::lock(&mut tx, review_id).await?;
    if reviews::roles_on(&mut tx, me, &item).await?.is_empty() {
        return Err(AppError::NotFound);
    }
    let kind: String = sqlx::query_scalar("select kind from document where id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    let has_validity = Kind::parse(&kind).is_some_and(Kind::has_validity);
    if !has_validity || item.state() != review::State::Published {
        return Err(Problem::Validity.into());
    }
    let replaced_by = match (validity, m.replaced_by.trim()) {
        (Validity::Valid, _) | (_, "") => None,
        (_, text) => {
            let i = IndexNo::parse(text).ok_or(Problem::Replacement)?;
            let other = published_id(&mut tx, &i, true)
                .await?
                .ok_or(Problem::Replacement)?;
            if other == id {
                return Err(Problem::Replacement.into());
            }
            Some((other, i.to_string()))
        }
    };
    if validity == Validity::Amended && replaced_by.is_none() {
        return Err(Problem::Replacement.into());
    }
    let note = match &replaced_by {
        Some((_, no)) => format!("{} → {no}", validity.code()),
        None => validity.code().to_string(),
    };
    reviews::record_edit(&mut tx, &item, me, Some(&note), now).await?;
    sqlx::query(
        "update document set validity = $2, superseded_by = $3, updated_at = $4 where id = $1",
    )
    .bind(id)
    .bind(validity.code())
    .bind(replaced_by.map(|r| r.0))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A document's row as read for a view.
#[derive(sqlx::FromRow)]
struct DocRow {
    id: i64,
    review_id: i64,
    index_no: Option<String>,
    kind: String,
    title: String,
    doc_number: Option<String>,
    issuer: String,
    department_id: i64,
    department: Bilingual,
    region_code: i32,
    region: Bilingual,
    category: String,
    written_on: Date,
    published_on: Option<Date>,
    validity: Option<String>,
    superseded_by: Option<i64>,
    interprets_id: Option<i64>,
    interpretation_form: Option<String>,
    body: String,
}

const DOC: &str = "select d.id, d.review_id, d.index_no, d.kind, d.title, d.doc_number, d.issuer,
        d.department_id,
        (select row(p.name_zh, p.name_en) from department p where p.id = d.department_id) as department,
        d.region_code,
        (select row(g.name_zh, g.name_en) from region g where g.code = d.region_code) as region,
        d.category, d.written_on, d.published_on, d.validity, d.superseded_by, d.interprets_id,
        d.interpretation_form, d.body
    from document d";

async fn link(db: &mut PgConnection, id: i64) -> Result<Option<Link>, AppError> {
    Ok(links(db, "d.id = $1", id).await?.into_iter().next())
}

/// Published documents (by a condition on `d` with `$1`), newest first.
async fn links(db: &mut PgConnection, condition: &str, id: i64) -> Result<Vec<Link>, AppError> {
    let rows: Vec<(String, String, String, Date)> = sqlx::query_as(&format!(
        "select d.index_no, d.title, d.kind, d.published_on from document d
         join review_item r on r.id = d.review_id
         where {condition} and r.state = 'published' and d.index_no is not null
         order by d.published_on desc, d.id desc limit 50"
    ))
    .bind(id)
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(index_no, title, kind, on)| Link {
            index_no,
            title,
            kind: Kind::parse(&kind).unwrap_or(Kind::News),
            published_on: format_date(on),
        })
        .collect())
}

async fn view_of(
    db: &mut PgConnection,
    r: DocRow,
    state: review::State,
    reason: Option<String>,
) -> Result<DocumentView, AppError> {
    let superseded_by = match r.superseded_by {
        Some(s) => link(db, s).await?,
        None => None,
    };
    let interprets = match r.interprets_id {
        Some(i) => link(db, i).await?,
        None => None,
    };
    let replaces = links(db, "d.superseded_by = $1", r.id).await?;
    let interpretations = links(db, "d.interprets_id = $1", r.id).await?;
    let files: Vec<(i64, String)> = sqlx::query_as(
        "select u.id, u.name from document_file f join upload u on u.id = f.upload_id
         where f.document_id = $1 order by f.position, u.id",
    )
    .bind(r.id)
    .fetch_all(&mut *db)
    .await?;
    let withdrawn = (r.index_no.is_some() && state != review::State::Published)
        .then(|| reason.unwrap_or_default());
    Ok(DocumentView {
        id: r.id,
        index_no: r.index_no,
        kind: Kind::parse(&r.kind).unwrap_or(Kind::News),
        title: r.title,
        doc_number: r.doc_number,
        issuer: r.issuer,
        department_id: r.department_id,
        department: r.department,
        region_code: r.region_code,
        region: r.region,
        category: Category::parse(&r.category).unwrap_or(Category::Other),
        written_on: format_date(r.written_on),
        published_on: r.published_on.map(format_date),
        validity: r.validity.as_deref().and_then(Validity::parse),
        superseded_by,
        replaces,
        interprets,
        interpretation_form: r
            .interpretation_form
            .as_deref()
            .and_then(InterpretationForm::parse),
        interpretations,
        body: r.body,
        files: files
            .into_iter()
            .map(|(upload_id, name)| File { upload_id, name })
            .collect(),
        withdrawn,
    })
}

/// The public document with index number `index_no`: published, or
/// withdrawn (then only its facts and the notice with the reason, not its
/// text or files). 404 for anything else.
pub async fn public(pool: &PgPool, index_no: &str) -> Result<DocumentView, AppError> {
    let index_no = IndexNo::parse(index_no).ok_or(AppError::NotFound)?;
    let mut conn = pool.acquire().await?;
    let r: DocRow = sqlx::query_as(&format!("{DOC} where d.index_no = $1"))
        .bind(index_no.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let item = reviews::item(&mut conn, r.review_id).await?;
    let mut v = view_of(&mut conn, r, item.state(), item.reason.clone()).await?;
    if v.withdrawn.is_some() {
        v.body = String::new();
        v.files.clear();
        v.interpretations.clear();
    }
    Ok(v)
}

/// Document `id` for its department's editors and reviewers, with its
/// review, the steps the viewer may take and the log (who wrote, who
/// approved). 404 for anyone else; a read of another's draft is audited.
pub async fn staff(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    id: i64,
    today: Date,
) -> Result<StaffView, AppError> {
    let mut conn = pool.acquire().await?;
    let r: DocRow = sqlx::query_as(&format!("{DOC} where d.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let item = reviews::item(&mut conn, r.review_id).await?;
    let roles = reviews::roles_on(&mut conn, me, &item).await?;
    if roles.is_empty() {
        return Err(AppError::NotFound);
    }
    if item.author_id != me.id {
        let detail = format!("document {id}");
        audit::record(
            &mut *conn,
            Event::personal_read(me.id, item.author_id, &detail),
        )
        .await?;
    }
    let state = item.state();
    let offered: Vec<String> = offered::<review::Review>(&state, OnDay { cal, today }, &roles)
        .into_iter()
        .map(str::to_string)
        .collect();
    let interprets_input = r.interprets_id;
    let document = view_of(&mut conn, r, state, item.reason.clone()).await?;
    let interprets_input = match interprets_input {
        Some(_) => document
            .interprets
            .as_ref()
            .map(|l| l.index_no.clone())
            .unwrap_or_default(),
        None => String::new(),
    };
    let author: String = sqlx::query_scalar("select display_name from account where id = $1")
        .bind(item.author_id)
        .fetch_one(&mut *conn)
        .await?;
    let log = reviews::log(&mut conn, item.id).await?;
    let may_mark = state == review::State::Published
        && document.kind.has_validity()
        && roles
            .iter()
            .any(|r| matches!(r, Role::Editor | Role::Reviewer));
    Ok(StaffView {
        may_edit: state.editable() && roles.contains(&Role::Editor),
        may_mark,
        document,
        interprets_input,
        review_id: item.id,
        state,
        author,
        reason: item.reason,
        roles,
        offered,
        log,
    })
}

type ListRow = (
    i64,
    Option<String>,
    String,
    String,
    Option<String>,
    Bilingual,
    String,
    Option<Date>,
    Option<String>,
    String,
);

fn list_row(r: ListRow) -> Row {
    Row {
        id: r.0,
        index_no: r.1,
        kind: Kind::parse(&r.2).unwrap_or(Kind::News),
        title: r.3,
        doc_number: r.4,
        department: r.5,
        category: Category::parse(&r.6).unwrap_or(Category::Other),
        published_on: r.7.map(format_date),
        validity: r.8.as_deref().and_then(Validity::parse),
        state: <review::State as WorkState>::parse(&r.9).unwrap_or(review::State::Draft),
    }
}

const LIST: &str = "select d.id, d.index_no, d.kind, d.title, d.doc_number,
        (select row(p.name_zh, p.name_en) from department p where p.id = d.department_id),
        d.category, d.published_on, d.validity, r.state
    from document d join review_item r on r.id = d.review_id";

/// What the public search asks for.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub q: Option<SearchText>,
    pub department: Option<i64>,
    pub region: Option<i32>,
    pub kind: Option<Kind>,
    pub category: Option<Category>,
    pub page: i64,
}

/// Expected matches (see [`expected_matches`]) from which a query counts
/// as common (read newest first and stop at the page). Below it, reading
/// the matches' ids and dates from the index is cheaper: at a million
/// documents, 0.8 ms for 519 matches and 4.2 ms for 3,895, where reading
/// newest first took 140 ms and 8.8 ms (warm, psql).
const COMMON_MATCHES: i64 = 5_000;
/// A query expected to be rare reads at most this many matches from the
/// search index (ordering and counting them itself); past it, it is read
/// newest first after all.
const RARE_MATCHES: i64 = 20_000;

/// The public search: published documents with every term of the query
/// (the catalog's terms as keys, GIN `term_keys @>`), of the department, region (and
/// the regions under it), kind and category given, newest first, 20 a
/// page; matches counted up to [`COUNT_CAP`]. Pages past [`MAX_PAGE`]: 400.
pub async fn search(pool: &PgPool, query: &Query) -> Result<Found, AppError> {
    if !(1..=MAX_PAGE).contains(&query.page) {
        return Err(bad("page"));
    }
    // A region means the region and the regions under it; a county alone
    // stays an equality (read in order from its index).
    let (exact, any) = match query.region {
        Some(code) if code as u32 != super::PROVINCE => {
            let codes: Vec<i32> =
                sqlx::query_scalar("select code from region where code = $1 or parent_code = $1")
                    .bind(code)
                    .fetch_all(pool)
                    .await?;
            if codes.len() > 1 {
                (None, Some(codes))
            } else {
                (Some(code), None)
            }
        }
        _ => (None, None),
    };
    // The conditions written out for the values given, so that the planner
    // sees each (a generic plan with `$n is null or …` would not use the
    // indexes).
    let mut conditions = vec![
        "d.published_on is not null".to_string(),
        "r.state = 'published'".to_string(),
    ];
    let mut n = 0;
    let mut next = || {
        n += 1;
        n
    };
    let terms = query.q.as_ref().map(|q| term_keys(q.terms()));
    if terms.is_some() {
        conditions.push(format!("d.term_keys @> ${}::int4[]", next()));
    }
    if query.department.is_some() {
        conditions.push(format!("d.department_id = ${}", next()));
    }
    if exact.is_some() {
        conditions.push(format!("d.region_code = ${}", next()));
    }
    if any.is_some() {
        conditions.push(format!("d.region_code = any(${}::int[])", next()));
    }
    if query.kind.is_some() {
        conditions.push(format!("d.kind = ${}", next()));
    }
    if query.category.is_some() {
        conditions.push(format!("d.category = ${}", next()));
    }
    let limit = next();
    let offset = next();
    let filter = conditions.join(" and ");
    macro_rules! bind_filters {
        ($q:expr) => {{
            let mut q = $q;
            if let Some(t) = &terms {
                q = q.bind(t);
            }
            if let Some(d) = query.department {
                q = q.bind(d);
            }
            if let Some(e) = exact {
                q = q.bind(e);
            }
            if let Some(a) = &any {
                q = q.bind(a);
            }
            if let Some(k) = query.kind {
                q = q.bind(k.code());
            }
            if let Some(c) = query.category {
                q = q.bind(c.code());
            }
            q
        }};
    }
    let sql = format!(
        "{LIST} where {filter} order by d.published_on desc, d.id desc
         limit ${limit} offset ${offset}"
    );
    let count_sql = format!(
        "select count(*) from (select 1 from document d
             join review_item r on r.id = d.review_id where {filter} limit ${limit}) c"
    );
    // Planned with their values every time (`persistent(false)`): a
    // generic plan cannot tell a word in every other document from one in
    // a few and took seconds at a million documents.
    let mut tx = pool.begin().await?;
    let mut common_words = false;
    if let (Some(q), Some(t)) = (&query.q, &terms) {
        // The way is chosen from how many documents hold each key
        // (`document_term_count`, kept by triggers): a query expected to
        // match many reads the newest documents in order and stops at the
        // page; a rare one reads its few matches from the search index
        // (the planner's own estimate for several words at once is too low
        // to choose well); a key in no document matches nothing.
        let documents: f64 = sqlx::query_scalar(
            "select greatest(reltuples, 0)::float8 from pg_class where oid = 'document'::regclass",
        )
        .fetch_one(&mut *tx)
        .await?;
        let count_of: std::collections::HashMap<i32, i64> = sqlx::query_as(
            "select k, coalesce(c.n, 0)::int8 from unnest($1::int4[]) k
             left join document_term_count c on c.key = k",
        )
        .bind(t)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .collect();
        let words: Vec<Vec<i64>> = q
            .words()
            .iter()
            .map(|w| {
                term_keys(w)
                    .iter()
                    .map(|k| count_of.get(k).copied().unwrap_or(0))
                    .collect()
            })
            .collect();
        let expected = expected_matches(documents as i64, &words);
        if expected == 0.0 {
            tx.commit().await?;
            return Ok(Found {
                rows: Vec::new(),
                total: 0,
                more: false,
                page: query.page,
            });
        }
        common_words = expected >= COMMON_MATCHES as f64;
        if !common_words {
            // The matches' ids and dates from the search index alone (only
            // bitmap scans: never the newest-first walk, which for a word
            // in few documents reads them all), ordered and counted here;
            // then the page's rows by id. Keys are only on published
            // documents (withdrawal takes them off), so the review's state
            // needs reading for the page's rows only.
            set_local(
                &mut tx,
                &[
                    "enable_seqscan = off",
                    "enable_indexscan = off",
                    "enable_indexonlyscan = off",
                    "jit = off",
                ],
            )
            .await?;
            let own: Vec<&str> = conditions
                .iter()
                .filter(|c| c.starts_with("d."))
                .map(String::as_str)
                .collect();
            let matches_sql = format!(
                "select d.id, d.published_on from document d where {} limit {}",
                own.join(" and "),
                RARE_MATCHES + 1
            );
            let mut matches: Vec<(i64, Date)> = bind_filters!(sqlx::query_as(&matches_sql))
                .persistent(false)
                .fetch_all(&mut *tx)
                .await?;
            if matches.len() as i64 <= RARE_MATCHES {
                matches.sort_unstable_by_key(|m| std::cmp::Reverse((m.1, m.0)));
                let ids: Vec<i64> = matches
                    .iter()
                    .skip(((query.page - 1) * PAGE_SIZE) as usize)
                    .take(PAGE_SIZE as usize)
                    .map(|m| m.0)
                    .collect();
                let rows: Vec<ListRow> = sqlx::query_as(&format!(
                    "{LIST} where d.id = any($1) and r.state = 'published'
                     order by d.published_on desc, d.id desc"
                ))
                .bind(&ids)
                .fetch_all(&mut *tx)
                .await?;
                tx.commit().await?;
                let total = matches.len() as i64;
                return Ok(Found {
                    rows: rows.into_iter().map(list_row).collect(),
                    total: total.min(COUNT_CAP),
                    more: total > COUNT_CAP,
                    page: query.page,
                });
            }
            // Far more than expected (words that go together): read in
            // order after all.
            common_words = true;
            set_local(
                &mut tx,
                &["enable_indexscan = on", "enable_indexonlyscan = on"],
            )
            .await?;
        }
        // Newest first through the published index, stopping at the page
        // (no bitmap of every match, no sort of them, and no JIT
        // compilation for the plan's pessimistic cost).
        set_local(
            &mut tx,
            &[
                "enable_bitmapscan = off",
                "enable_seqscan = off",
                "enable_sort = off",
                "jit = off",
            ],
        )
        .await?;
    }
    let rows: Vec<ListRow> = bind_filters!(sqlx::query_as(&sql))
        .persistent(false)
        .bind(PAGE_SIZE)
        .bind((query.page - 1) * PAGE_SIZE)
        .fetch_all(&mut *tx)
        .await?;
    // Common words are expected in more documents than the count shows
    // (COMMON_MATCHES > COUNT_CAP): "1,000+", unless the first page was
    // not even full.
    let total: i64 = if common_words && query.page == 1 && (rows.len() as i64) < PAGE_SIZE {
        rows.len() as i64
    } else if common_words {
        COUNT_CAP + 1
    } else {
        bind_filters!(sqlx::query_scalar(&count_sql))
            .persistent(false)
            .bind(COUNT_CAP + 1)
            .fetch_one(&mut *tx)
            .await?
    };
    tx.commit().await?;
    Ok(Found {
        rows: rows.into_iter().map(list_row).collect(),
        total: total.min(COUNT_CAP),
        more: total > COUNT_CAP,
        page: query.page,
    })
}

/// Sets planner settings for the rest of the transaction (`set local`).
async fn set_local(tx: &mut Transaction<'_, Postgres>, settings: &[&str]) -> Result<(), AppError> {
    for setting in settings {
        sqlx::query(&format!("set local {setting}"))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The documents of the departments where `me` edits or reviews: drafts
/// and items in review first, then the latest published (200 at most).
/// 403 for anyone who publishes nowhere.
pub async fn staff_list(pool: &PgPool, me: &Me) -> Result<Vec<Row>, AppError> {
    let departments: Vec<i64> = sqlx::query_scalar(
        "select distinct p.department_id from publishing_role p
         join staff s on s.account_id = p.account_id and s.department_id = p.department_id
         where p.account_id = $1 and p.role in ('editor', 'reviewer')",
    )
    .bind(me.id)
    .fetch_all(pool)
    .await?;
    if departments.is_empty() {
        return Err(AppError::Forbidden);
    }
    let rows: Vec<ListRow> = sqlx::query_as(&format!(
        "{LIST} where r.department_id = any($1)
         order by (r.state = 'published'), r.updated_at desc, r.id desc limit 200"
    ))
    .bind(&departments)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(list_row).collect())
}

/// A feed's entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    pub index_no: String,
    pub title: String,
    pub summary: String,
    pub published_on: Date,
    pub updated_at: OffsetDateTime,
}

/// What a feed is of: a department or a region (and the regions under it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedOf {
    Department(i64),
    Region(i32),
}

/// A feed's title (the department's or region's name) and its latest
/// [`FEED_SIZE`] published documents; 404 for an unknown department or region.
pub async fn feed(pool: &PgPool, of: FeedOf) -> Result<(Bilingual, Vec<FeedEntry>), AppError> {
    let (name, condition, value): (Option<Bilingual>, &str, i64) = match of {
        FeedOf::Department(id) => (
            sqlx::query_scalar("select row(name_zh, name_en) from department where id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?,
            "d.department_id = $1",
            id,
        ),
        FeedOf::Region(code) => (
            sqlx::query_scalar("select row(name_zh, name_en) from region where code = $1")
                .bind(code)
                .fetch_optional(pool)
                .await?,
            "d.region_code in (select code from region where code = $1::int or parent_code = $1::int)",
            i64::from(code),
        ),
    };
    let name = name.ok_or(AppError::NotFound)?;
    let rows: Vec<(String, String, String, Date, OffsetDateTime)> = sqlx::query_as(&format!(
        "select d.index_no, d.title, left(d.body, 200), d.published_on, d.updated_at
         from document d join review_item r on r.id = d.review_id
         where {condition} and d.published_on is not null and r.state = 'published'
         order by d.published_on desc, d.id desc limit $2"
    ))
    .bind(value)
    .bind(FEED_SIZE)
    .fetch_all(pool)
    .await?;
    Ok((
        name,
        rows.into_iter()
            .map(
                |(index_no, title, summary, published_on, updated_at)| FeedEntry {
                    index_no,
                    title,
                    summary,
                    published_on,
                    updated_at,
                },
            )
            .collect(),
    ))
}

/// An attachment of the public document `index_no`: its object key, name
/// and kind code. 404 unless the document is published and has it.
pub async fn public_file(
    pool: &PgPool,
    index_no: &str,
    upload: i64,
) -> Result<(String, String, String), AppError> {
    let index_no = IndexNo::parse(index_no).ok_or(AppError::NotFound)?;
    sqlx::query_as(
        "select u.object_key, u.name, u.kind from document d
         join review_item r on r.id = d.review_id and r.state = 'published'
         join document_file f on f.document_id = d.id
         join upload u on u.id = f.upload_id
         where d.index_no = $1 and u.id = $2",
    )
    .bind(index_no.to_string())
    .bind(upload)
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)
}

/// The departments that have published documents, with their regions
/// (the search form's choices).
pub async fn departments(pool: &PgPool) -> Result<Vec<(i64, i32, Bilingual)>, AppError> {
    Ok(sqlx::query_as(
        "select p.id, p.region_code, row(p.name_zh, p.name_en) from department p
         where exists (select 1 from document_index_counter c where c.department_id = p.id)
         order by p.region_code, p.id limit 500",
    )
    .fetch_all(pool)
    .await?)
}
