//! Posts in the database: drafts written (idempotently) and edited by an
//! account's editors, the review flow's steps with publication setting
//! `public`, `published_at` and the account's `last_post_at` in the same
//! transaction (withdrawal clears `public` and the pin), pins, the
//! timelines read by keyset on the `weibo_post_*_idx` indexes, comments,
//! likes and public images.
//!
//! What the public sees is always `p.public and w.state = 'verified'`:
//! nothing before approval, nothing of an account no longer verified.

use super::{
    check, excerpt, Card, CardKind, Checked, CommentView, Cursor, Image, PostView, Problem,
    Reposted, StaffRow, StaffView, TeamAccount, Timeline, COMMENTS_PAGE, COMMENTS_PER_HOUR,
    COMMENT_RULE, HIDE_RULE, PAGE_SIZE,
};
use crate::{
    accounts::Me,
    clock::{Calendar, HALL_OFFSET},
    error::AppError,
    review::{
        self,
        store::{self as reviews, Owner, Told},
        view::Subject,
        Action, Role,
    },
    text::mask_name,
    weibo::view::{AccountKind, AccountName},
    workorder::{offered, OnDay, WorkState},
};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use std::collections::HashMap;
use time::{Date, OffsetDateTime};

/// Local time `YYYY-MM-DD HH:MM` (the hall's offset).
pub fn local(at: OffsetDateTime) -> String {
    let at = at.to_offset(HALL_OFFSET);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute()
    )
}

/// RFC 3339.
pub fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn name_of(
    handle: String,
    name: String,
    kind: &str,
    capacity: Option<String>,
    verified: bool,
) -> AccountName {
    AccountName {
        handle,
        name,
        kind: AccountKind::parse(kind).unwrap_or(AccountKind::Institution),
        capacity,
        verified,
    }
}

/// A verified account by its handle: id, department, city.
pub async fn verified_account(
    db: &mut PgConnection,
    handle: &str,
) -> Result<Option<(i64, i64, i32)>, AppError> {
    Ok(sqlx::query_as(
        "select id, department_id, city_code from weibo_account
         where handle = $1 and state = 'verified'",
    )
    .bind(handle)
    .fetch_optional(&mut *db)
    .await?)
}

/// The roles `me` holds in the team of account `account` for posts.
async fn team_roles(db: &mut PgConnection, me: &Me, account: i64) -> Result<Vec<Role>, AppError> {
    reviews::roles_of(
        db,
        me.id,
        Owner::Weibo {
            account,
            subject: Subject::WeiboPost,
        },
    )
    .await
}

/// Refuses anyone but a reviewer of the account's team (404: to anyone
/// else the moderation of an account is nothing to see).
async fn must_review(db: &mut PgConnection, me: &Me, account: i64) -> Result<(), AppError> {
    if team_roles(db, me, account).await?.contains(&Role::Reviewer) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The title of the card `(kind, reference)` when it exists and is public.
async fn card_title(
    db: &mut PgConnection,
    kind: CardKind,
    reference: &str,
) -> Result<Option<String>, AppError> {
    let titles = card_titles(db, kind, &[reference.to_string()]).await?;
    Ok(titles.get(reference).cloned())
}

async fn card_titles(
    db: &mut PgConnection,
    kind: CardKind,
    refs: &[String],
) -> Result<HashMap<String, String>, AppError> {
    let sql = match kind {
        CardKind::Service => "select code, name_zh from service_item where code = any($1)",
        CardKind::Document => {
            "select d.index_no, d.title from document d join review_item r on r.id = d.review_id
             where d.index_no = any($1) and r.state = 'published'"
        }
        CardKind::Letter => {
            "select letter_no, subject from letter
             where letter_no = any($1) and public and state not in ('submitted', 'merged')"
        }
    };
    let rows: Vec<(String, String)> = sqlx::query_as(sql).bind(refs).fetch_all(&mut *db).await?;
    Ok(rows.into_iter().collect())
}

/// The draft's references checked: the card exists and is public, the
/// reposted post is another account's public post, the images are the
/// writer's JPEG or PNG uploads.
async fn check_refs(
    db: &mut PgConnection,
    me: &Me,
    account: i64,
    c: &Checked,
) -> Result<(), AppError> {
    if let Some((kind, reference)) = &c.card {
        if card_title(db, *kind, reference).await?.is_none() {
            return Err(Problem::CardRef.into());
        }
    }
    if let Some(of) = c.repost_of {
        let other: Option<i64> = sqlx::query_scalar(
            "select p.weibo_account_id from weibo_post p
             join weibo_account w on w.id = p.weibo_account_id
             where p.id = $1 and p.public and w.state = 'verified'",
        )
        .bind(of)
        .fetch_optional(&mut *db)
        .await?;
        if other.is_none_or(|a| a == account) {
            return Err(Problem::Repost.into());
        }
    }
    for (upload, _) in &c.images {
        let ok: bool = sqlx::query_scalar(
            "select exists (select 1 from upload
                 where id = $1 and owner_id = $2 and kind in ('jpeg', 'png'))",
        )
        .bind(upload)
        .bind(me.id)
        .fetch_one(&mut *db)
        .await?;
        if !ok {
            return Err(Problem::Image.into());
        }
    }
    Ok(())
}

async fn put_images(
    tx: &mut Transaction<'_, Postgres>,
    post: i64,
    images: &[(i64, String)],
) -> Result<(), AppError> {
    sqlx::query("delete from weibo_post_image where post_id = $1")
        .bind(post)
        .execute(&mut **tx)
        .await?;
    for (position, (upload, alt)) in images.iter().enumerate() {
        sqlx::query(
            "insert into weibo_post_image (post_id, position, upload_id, alt)
             values ($1, $2, $3, $4)",
        )
        .bind(post)
        .bind(position as i16)
        .bind(upload)
        .bind(alt)
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
    crate::review::store::written_with(db, "weibo_post", me, key).await
}

/// Writes a new draft for the verified account `draft.account` as one of
/// its editors (403 otherwise). The same key always gives the same draft.
pub async fn create(
    pool: &PgPool,
    me: &Me,
    draft: &super::Draft,
    key: uuid::Uuid,
    now: OffsetDateTime,
) -> Result<Written, AppError> {
    let mut tx = pool.begin().await?;
    // One author's drafts one at a time, so that a retry finds the first.
    sqlx::query("select pg_advisory_xact_lock(7321, $1::int)")
        .bind((me.id % i64::from(i32::MAX)) as i32)
        .execute(&mut *tx)
        .await?;
    if let Some(w) = by_key(&mut tx, me, key).await? {
        return Ok(w);
    }
    let (account, department, city) = verified_account(&mut tx, draft.account.trim())
        .await?
        .ok_or(Problem::Account)?;
    let c = check(draft)?;
    check_refs(&mut tx, me, account, &c).await?;
    let item = reviews::create(
        &mut tx,
        Subject::WeiboPost,
        department,
        Some(account),
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
        "insert into weibo_post (weibo_account_id, review_id, city_code, body, repost_of,
             card_kind, card_ref, refutes, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id",
    )
    .bind(account)
    .bind(item)
    .bind(city)
    .bind(&c.body)
    .bind(c.repost_of)
    .bind(c.card.as_ref().map(|(k, _)| k.code()))
    .bind(c.card.as_ref().map(|(_, r)| r.as_str()))
    .bind(&c.refutes)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    put_images(&mut tx, id, &c.images).await?;
    tx.commit().await?;
    tracing::info!(post = id, "weibo post draft written");
    Ok(Written { id, created: true })
}

/// The post `id`'s review item, account and first words.
async fn review_of(db: &mut PgConnection, id: i64) -> Result<(i64, i64, String), AppError> {
    sqlx::query_as(
        "select review_id, weibo_account_id, left(body, 40) from weibo_post where id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *db)
    .await?
    .ok_or(AppError::NotFound)
}

/// Replaces the draft `id` (its account's editors, only a draft; the
/// account stays). Logged as an `edit`.
pub async fn update(
    pool: &PgPool,
    me: &Me,
    id: i64,
    draft: &super::Draft,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let (review_id, account, _) = review_of(&mut tx, id).await?;
    let item = reviews::lock(&mut tx, review_id).await?;
    if reviews::roles_on(&mut tx, me, &item).await?.is_empty() {
        return Err(AppError::NotFound);
    }
    if !item.state().editable() {
        return Err(Problem::NotADraft.into());
    }
    let c = check(draft)?;
    check_refs(&mut tx, me, account, &c).await?;
    reviews::record_edit(&mut tx, &item, me, None, now).await?;
    sqlx::query(
        "update weibo_post set body = $2, repost_of = $3, card_kind = $4, card_ref = $5,
             refutes = $6
         where id = $1",
    )
    .bind(id)
    .bind(&c.body)
    .bind(c.repost_of)
    .bind(c.card.as_ref().map(|(k, _)| k.code()))
    .bind(c.card.as_ref().map(|(_, r)| r.as_str()))
    .bind(&c.refutes)
    .execute(&mut *tx)
    .await?;
    put_images(&mut tx, id, &c.images).await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a review step on post `id` as `me`. Publication makes it public
/// now (and the account's last post now, and one more repost of what it
/// reposts); withdrawal hides it everywhere and unpins it; both in the
/// step's transaction.
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
    let (review_id, account, title) = review_of(&mut tx, id).await?;
    let item = reviews::lock(&mut tx, review_id).await?;
    let told = Told {
        title: &title,
        link: format!("/staff/weibo/posts/{id}"),
    };
    let t = reviews::step(&mut tx, cal, &item, me, action, told, now, today).await?;
    let repost_change = if t.effect.published {
        sqlx::query("update weibo_post set public = true, published_at = $2 where id = $1")
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "update weibo_account set last_post_at = greatest(coalesce(last_post_at, $2), $2)
             where id = $1",
        )
        .bind(account)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        1
    } else if t.to == review::State::Withdrawn {
        sqlx::query("update weibo_post set public = false where id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("update weibo_account set pinned_post_id = null where pinned_post_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        -1
    } else {
        0
    };
    if repost_change != 0 {
        sqlx::query(
            "update weibo_post o set reposts = greatest(o.reposts + $2, 0)
             from weibo_post p where p.id = $1 and o.id = p.repost_of",
        )
        .bind(id)
        .bind(repost_change)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(post = id, action = action_code(action), "weibo post step");
    Ok(())
}

fn action_code(action: &Action) -> &'static str {
    use crate::workorder::WorkAction;
    action.code()
}

/// Pins the public post `id` on its account's page (`pin`), or unpins it;
/// the account's reviewers. Logged in the post's review log.
pub async fn pin(
    pool: &PgPool,
    me: &Me,
    id: i64,
    pin: bool,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let (review_id, account, _) = review_of(&mut tx, id).await?;
    let item = reviews::lock(&mut tx, review_id).await?;
    must_review(&mut tx, me, account).await?;
    if item.state() != review::State::Published {
        return Err(Problem::NotPublic.into());
    }
    sqlx::query("select 1 from weibo_account where id = $1 for update")
        .bind(account)
        .execute(&mut *tx)
        .await?;
    if pin {
        sqlx::query("update weibo_account set pinned_post_id = $2 where id = $1")
            .bind(account)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    } else {
        sqlx::query(
            "update weibo_account set pinned_post_id = null where id = $1 and pinned_post_id = $2",
        )
        .bind(account)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    let note = if pin { "置顶" } else { "取消置顶" };
    reviews::record_edit(&mut tx, &item, me, Some(note), now).await?;
    tx.commit().await?;
    Ok(())
}

/// Opens or closes the comments of the account `handle` (its reviewers).
pub async fn set_comments_closed(
    pool: &PgPool,
    me: &Me,
    handle: &str,
    closed: bool,
) -> Result<(), AppError> {
    let mut conn = pool.acquire().await?;
    let (account, _, _) = verified_account(&mut conn, handle)
        .await?
        .ok_or(AppError::NotFound)?;
    must_review(&mut conn, me, account).await?;
    sqlx::query("update weibo_account set comments_closed = $2 where id = $1")
        .bind(account)
        .bind(closed)
        .execute(&mut *conn)
        .await?;
    tracing::info!(account, closed, "weibo comments open or closed");
    Ok(())
}

// ---- reading posts ------------------------------------------------------------

#[derive(sqlx::FromRow)]
struct PostRow {
    id: i64,
    handle: String,
    name: String,
    kind: String,
    capacity: Option<String>,
    verified: bool,
    body: String,
    card_kind: Option<String>,
    card_ref: Option<String>,
    repost_of: Option<i64>,
    refutes: Option<String>,
    public: bool,
    published_at: Option<OffsetDateTime>,
    reposts: i32,
    likes: i32,
    comments: i32,
    pinned: bool,
}

const POST: &str = "select p.id, w.handle, w.name, w.kind, w.capacity,
        w.state = 'verified' as verified, p.body, p.card_kind, p.card_ref, p.repost_of,
        p.refutes, p.public, p.published_at, p.reposts, p.likes, p.comments,
        coalesce(w.pinned_post_id = p.id, false) as pinned
    from weibo_post p join weibo_account w on w.id = p.weibo_account_id";

/// What the public may see of a post.
const VISIBLE: &str = "p.public and w.state = 'verified'";

/// The rows as shown: their images, cards' titles and reposted posts
/// read for the whole page at once.
async fn views(db: &mut PgConnection, rows: Vec<PostRow>) -> Result<Vec<PostView>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let images: Vec<(i64, i16, i64, String)> = sqlx::query_as(
        "select post_id, position, upload_id, alt from weibo_post_image
         where post_id = any($1) order by post_id, position",
    )
    .bind(&ids)
    .fetch_all(&mut *db)
    .await?;
    let mut titles: HashMap<(CardKind, String), String> = HashMap::new();
    for kind in CardKind::ALL {
        let refs: Vec<String> = rows
            .iter()
            .filter(|r| r.card_kind.as_deref() == Some(kind.code()))
            .filter_map(|r| r.card_ref.clone())
            .collect();
        if !refs.is_empty() {
            for (r, t) in card_titles(db, kind, &refs).await? {
                titles.insert((kind, r), t);
            }
        }
    }
    let reposted_ids: Vec<i64> = rows.iter().filter_map(|r| r.repost_of).collect();
    let reposted: Vec<(i64, String, String, String, Option<String>, String)> =
        if reposted_ids.is_empty() {
            Vec::new()
        } else {
            sqlx::query_as(&format!(
                "select p.id, w.handle, w.name, w.kind, w.capacity, p.body
                 from weibo_post p join weibo_account w on w.id = p.weibo_account_id
                 where p.id = any($1) and {VISIBLE}"
            ))
            .bind(&reposted_ids)
            .fetch_all(&mut *db)
            .await?
        };
    Ok(rows
        .into_iter()
        .map(|r| {
            let href = format!("/weibo/@{}/{}", r.handle, r.id);
            let card = match (r.card_kind.as_deref().and_then(CardKind::parse), r.card_ref) {
                (Some(kind), Some(reference)) => Some(Card {
                    kind,
                    title: titles
                        .get(&(kind, reference.clone()))
                        .cloned()
                        .unwrap_or_default(),
                    href: kind.href(&reference),
                    reference,
                }),
                _ => None,
            };
            let repost = r.repost_of.and_then(|of| {
                reposted.iter().find(|x| x.0 == of).map(
                    |(id, handle, name, kind, capacity, body)| Reposted {
                        id: *id,
                        href: format!("/weibo/@{handle}/{id}"),
                        account: name_of(
                            handle.clone(),
                            name.clone(),
                            kind,
                            capacity.clone(),
                            true,
                        ),
                        excerpt: excerpt(body, 140),
                    },
                )
            });
            PostView {
                id: r.id,
                images: images
                    .iter()
                    .filter(|i| i.0 == r.id)
                    .map(|(_, position, upload, alt)| Image {
                        upload_id: *upload,
                        url: format!("{href}/images/{position}"),
                        alt: alt.clone(),
                    })
                    .collect(),
                account: name_of(r.handle, r.name, &r.kind, r.capacity, r.verified),
                body: r.body,
                card,
                repost,
                repost_of: r.repost_of,
                refutes: r.refutes,
                public: r.public,
                published_at: r.published_at.map(local).unwrap_or_default(),
                published: r.published_at.map(rfc3339).unwrap_or_default(),
                reposts: r.reposts,
                likes: r.likes,
                comments: r.comments,
                pinned: r.pinned,
                href,
            }
        })
        .collect())
}

/// The public post `id` of the account `handle` (404 for anything else:
/// a draft, a post in review, a withdrawn one, another account's).
pub async fn public_post(
    pool: &PgPool,
    handle: Option<&str>,
    id: i64,
) -> Result<PostView, AppError> {
    let mut conn = pool.acquire().await?;
    let row: Option<PostRow> = sqlx::query_as(&format!(
        "{POST} where p.id = $1 and ($2::text is null or w.handle = $2) and {VISIBLE}"
    ))
    .bind(id)
    .bind(handle)
    .fetch_optional(&mut *conn)
    .await?;
    let row = row.ok_or(AppError::NotFound)?;
    Ok(views(&mut conn, vec![row]).await?.remove(0))
}

/// Which posts a timeline gathers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The province's hall: every verified account's.
    All,
    /// A city's hall: its accounts' and its counties' (`city_code`).
    City(i32),
    /// One account's page.
    Account(i64),
    /// The refutations (辟谣) of every account.
    Refutations,
    /// The accounts a person follows.
    Following(i64),
}

/// A page of public posts of `scope` before `before`, newest first, read
/// by keyset on the matching index (no offset, no count).
pub async fn timeline(
    pool: &PgPool,
    scope: Scope,
    before: Option<Cursor>,
) -> Result<Timeline, AppError> {
    let (condition, param) = match scope {
        Scope::All => ("", None),
        Scope::City(code) => (" and p.city_code = $1::int", Some(i64::from(code))),
        Scope::Account(id) => (" and p.weibo_account_id = $1", Some(id)),
        Scope::Refutations => (" and p.refutes is not null", None),
        Scope::Following(me) => (
            " and p.weibo_account_id in
                 (select f.weibo_account_id from weibo_follow f where f.account_id = $1)",
            Some(me),
        ),
    };
    let n = if param.is_some() { 2 } else { 1 };
    let keyset = if before.is_some() {
        format!(" and (p.published_at, p.id) < (${n}, ${})", n + 1)
    } else {
        String::new()
    };
    let sql = format!(
        "{POST} where {VISIBLE}{condition}{keyset}
         order by p.published_at desc, p.id desc limit {}",
        PAGE_SIZE + 1
    );
    let mut q = sqlx::query_as::<_, PostRow>(&sql);
    if let Some(p) = param {
        q = q.bind(p);
    }
    if let Some(c) = before {
        let at = OffsetDateTime::from_unix_timestamp_nanos(i128::from(c.at_micros) * 1000)
            .map_err(|_| AppError::InvalidParameter {
                name: "before".into(),
            })?;
        q = q.bind(at).bind(c.id);
    }
    let mut conn = pool.acquire().await?;
    let mut rows = q.fetch_all(&mut *conn).await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let next = rows
        .last()
        .filter(|_| more)
        .and_then(|r| r.published_at.map(|at| (at, r.id)))
        .map(|(at, id)| {
            Cursor {
                at_micros: (at.unix_timestamp_nanos() / 1000) as i64,
                id,
            }
            .to_string()
        });
    Ok(Timeline {
        posts: views(&mut conn, rows).await?,
        next,
    })
}

/// The public posts' newest `n` of `scope` (the feeds).
pub async fn latest(pool: &PgPool, scope: Scope, n: usize) -> Result<Vec<PostView>, AppError> {
    let mut t = timeline(pool, scope, None).await?;
    t.posts.truncate(n);
    Ok(t.posts)
}

/// A public image of a public post: its object key and kind.
pub async fn public_image(
    pool: &PgPool,
    handle: &str,
    post: i64,
    position: i16,
) -> Result<(String, String), AppError> {
    sqlx::query_as(&format!(
        "select u.object_key, u.kind from weibo_post_image i
         join weibo_post p on p.id = i.post_id
         join weibo_account w on w.id = p.weibo_account_id
         join upload u on u.id = i.upload_id
         where w.handle = $1 and p.id = $2 and i.position = $3 and {VISIBLE}"
    ))
    .bind(handle)
    .bind(post)
    .bind(position)
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)
}

// ---- staff --------------------------------------------------------------------

/// The post `id` with its review for its team (404 for anyone else).
pub async fn staff(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    id: i64,
    today: Date,
) -> Result<StaffView, AppError> {
    let mut conn = pool.acquire().await?;
    let row: PostRow = sqlx::query_as(&format!("{POST} where p.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let (review_id, account, _) = review_of(&mut conn, id).await?;
    let item = reviews::item(&mut conn, review_id).await?;
    let roles = reviews::roles_on(&mut conn, me, &item).await?;
    if roles.is_empty() {
        return Err(AppError::NotFound);
    }
    let state = item.state();
    let offered: Vec<String> = offered::<review::Review>(&state, OnDay { cal, today }, &roles)
        .into_iter()
        .map(str::to_string)
        .collect();
    let (author, approver, comments_closed): (String, Option<String>, bool) = sqlx::query_as(
        "select a.display_name, v.display_name, w.comments_closed
         from review_item r join account a on a.id = r.author_id
         left join account v on v.id = r.reviewer_id
         join weibo_account w on w.id = $2
         where r.id = $1",
    )
    .bind(item.id)
    .bind(account)
    .fetch_one(&mut *conn)
    .await?;
    let card_kind = row.card_kind.clone().unwrap_or_default();
    let card_ref = row.card_ref.clone().unwrap_or_default();
    let post = views(&mut conn, vec![row]).await?.remove(0);
    let log = reviews::log(&mut conn, item.id).await?;
    let comment_list = comments_of(&mut conn, id, 0).await?;
    Ok(StaffView {
        post,
        state,
        author,
        approver,
        reason: item.reason.clone(),
        offered,
        may_edit: state.editable() && roles.contains(&Role::Editor),
        may_moderate: roles.contains(&Role::Reviewer),
        comments_closed,
        card_kind,
        card_ref,
        log,
        comment_list,
    })
}

type TeamSqlRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    bool,
    bool,
    Vec<String>,
);

/// The accounts where `me` is a member, each with its drafts, posts in
/// review and latest public posts (403 for anyone in no team).
pub async fn team(pool: &PgPool, me: &Me) -> Result<Vec<TeamAccount>, AppError> {
    let accounts: Vec<TeamSqlRow> = sqlx::query_as(
        "select w.id, w.handle, w.name, w.kind, w.capacity, w.state = 'verified',
             w.comments_closed, array_agg(m.role order by m.role)
         from weibo_member m join weibo_account w on w.id = m.weibo_account_id
         join staff s on s.account_id = m.account_id and s.department_id = w.department_id
         where m.account_id = $1
         group by w.id order by w.name",
    )
    .bind(me.id)
    .fetch_all(pool)
    .await?;
    if accounts.is_empty() {
        return Err(AppError::Forbidden);
    }
    let ids: Vec<i64> = accounts.iter().map(|a| a.0).collect();
    let rows: Vec<(i64, i64, String, String, String, OffsetDateTime)> = sqlx::query_as(
        "(select p.weibo_account_id, p.id, p.body, r.state, a.display_name, r.updated_at
          from weibo_post p join review_item r on r.id = p.review_id
          join account a on a.id = r.author_id
          where p.weibo_account_id = any($1) and r.state in ('draft', 'in_review')
          order by r.updated_at desc limit 200)
         union all
         (select p.weibo_account_id, p.id, p.body, r.state, a.display_name, r.updated_at
          from unnest($1::bigint[]) as t(account)
          cross join lateral (select * from weibo_post q where q.weibo_account_id = t.account
              and q.public order by q.published_at desc, q.id desc limit 10) p
          join review_item r on r.id = p.review_id
          join account a on a.id = r.author_id)",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    Ok(accounts
        .into_iter()
        .map(
            |(id, handle, name, kind, capacity, verified, closed, roles)| {
                let of = |state: review::State| -> Vec<StaffRow> {
                    rows.iter()
                        .filter(|r| r.0 == id && review::State::parse(&r.3) == Some(state))
                        .map(|r| StaffRow {
                            id: r.1,
                            excerpt: excerpt(&r.2, 60),
                            state,
                            author: r.4.clone(),
                            updated_at: local(r.5),
                        })
                        .collect()
                };
                TeamAccount {
                    account: name_of(handle, name, &kind, capacity, verified),
                    roles,
                    comments_closed: closed,
                    drafts: of(review::State::Draft),
                    in_review: of(review::State::InReview),
                    latest: of(review::State::Published),
                }
            },
        )
        .collect())
}

// ---- comments and likes --------------------------------------------------------

type CommentSqlRow = (i64, String, String, bool, Option<String>, OffsetDateTime);

async fn comments_of(
    db: &mut PgConnection,
    post: i64,
    after: i64,
) -> Result<Vec<CommentView>, AppError> {
    let rows: Vec<CommentSqlRow> = sqlx::query_as(
        "select c.id, a.display_name, c.body, c.hidden_by is not null, c.hidden_reason,
             c.created_at
         from weibo_comment c join account a on a.id = c.author_id
         where c.post_id = $1 and c.id > $2 order by c.id limit $3",
    )
    .bind(post)
    .bind(after)
    .bind(COMMENTS_PAGE)
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, author, body, hidden, reason, at)| CommentView {
            id,
            author: mask_name(&author),
            body: (!hidden).then_some(body),
            hidden,
            hidden_reason: reason,
            at: local(at),
        })
        .collect())
}

/// The public post `id`: its account (id, comments closed), or 404.
async fn visible(db: &mut PgConnection, id: i64, lock: bool) -> Result<(i64, bool), AppError> {
    let sql = format!(
        "select w.id, w.comments_closed from weibo_post p
         join weibo_account w on w.id = p.weibo_account_id
         where p.id = $1 and {VISIBLE}{}",
        if lock { " for update of p" } else { "" }
    );
    sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(&mut *db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The comments of the public post `id` after the comment `after`, oldest
/// first, 50 at most.
pub async fn comments(pool: &PgPool, id: i64, after: i64) -> Result<Vec<CommentView>, AppError> {
    let mut conn = pool.acquire().await?;
    visible(&mut conn, id, false).await?;
    comments_of(&mut conn, id, after).await
}

/// `me` comments on the public post `id` (409 when its account closed
/// comments; 429 past 30 comments in an hour). The same key gives the
/// same comment: its id and whether it is new.
pub async fn comment(
    pool: &PgPool,
    me: &Me,
    id: i64,
    body: &str,
    key: uuid::Uuid,
    now: OffsetDateTime,
) -> Result<(i64, bool), AppError> {
    let mut tx = pool.begin().await?;
    let made: Option<i64> = sqlx::query_scalar(
        "select id from weibo_comment where author_id = $1 and idempotency_key = $2",
    )
    .bind(me.id)
    .bind(key)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(c) = made {
        return Ok((c, false));
    }
    let (_, closed) = visible(&mut tx, id, true).await?;
    if closed {
        return Err(Problem::CommentsClosed.into());
    }
    let body = COMMENT_RULE
        .parse(body)
        .map_err(|text| Problem::Comment { text })?;
    let recent: i64 = sqlx::query_scalar(
        "select count(*) from weibo_comment where author_id = $1 and created_at > $2",
    )
    .bind(me.id)
    .bind(now - time::Duration::hours(1))
    .fetch_one(&mut *tx)
    .await?;
    if recent >= COMMENTS_PER_HOUR {
        return Err(Problem::TooManyComments.into());
    }
    let c: Option<i64> = sqlx::query_scalar(
        "insert into weibo_comment (post_id, author_id, body, created_at, idempotency_key)
         values ($1, $2, $3, $4, $5) on conflict (author_id, idempotency_key) do nothing
         returning id",
    )
    .bind(id)
    .bind(me.id)
    .bind(body.as_str())
    .bind(now)
    .bind(key)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(c) = c else {
        return Err(AppError::internal("comment key taken concurrently"));
    };
    sqlx::query("update weibo_post set comments = comments + 1 where id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    // A citizen's or enterprise's comment naming a verified account
    // (`@handle`) asks it a question: an enquiry on the clock with an owner,
    // linked to the post, asked once however often the comment is sent
    // (its key is the comment's, turned).
    if let Some(handle) = super::mention(body.as_str()) {
        let asker = matches!(
            me.role,
            crate::accounts::Role::Citizen | crate::accounts::Role::Enterprise
        );
        let account: Option<i64> = sqlx::query_scalar(
            "select id from weibo_account where handle = $1 and state = 'verified'",
        )
        .bind(&handle)
        .fetch_optional(&mut *tx)
        .await?;
        if let (true, Some(account)) = (asker, account) {
            let cal = crate::clock::store::load(pool).await?;
            let ask = crate::weibo::questions::Ask {
                kind: "enquiry".into(),
                body: body.as_str().to_string(),
            };
            let question_key = uuid::Uuid::from_u128(key.as_u128() ^ MENTION_KEY);
            crate::weibo::questions::store::ask_in(
                &mut tx,
                &cal,
                me,
                account,
                &ask,
                question_key,
                Some(id),
                now,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok((c, true))
}

/// Turns a comment's key into the key of the question its mention asks.
const MENTION_KEY: u128 = 0x6d65_6e74_696f_6e5f_7175_6573_7469_6f6e;

/// Hides the comment `comment` with `reason` (the post's account's
/// reviewers); hiding it again changes nothing. The post's id.
pub async fn hide(
    pool: &PgPool,
    me: &Me,
    comment: i64,
    reason: &str,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let (post, account): (i64, i64) = sqlx::query_as(
        "select p.id, p.weibo_account_id from weibo_comment c
         join weibo_post p on p.id = c.post_id where c.id = $1 for update of c",
    )
    .bind(comment)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    must_review(&mut tx, me, account).await?;
    let reason = HIDE_RULE
        .parse(reason)
        .map_err(|text| Problem::HideReason { text })?;
    sqlx::query(
        "update weibo_comment set hidden_by = $2, hidden_at = $3, hidden_reason = $4
         where id = $1 and hidden_by is null",
    )
    .bind(comment)
    .bind(me.id)
    .bind(now)
    .bind(reason.as_str())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(comment, "weibo comment hidden");
    Ok(post)
}

/// `me` likes the public post `id` (`on`) or takes the like back; the
/// likes after it.
pub async fn like(
    pool: &PgPool,
    me: &Me,
    id: i64,
    on: bool,
    now: OffsetDateTime,
) -> Result<i32, AppError> {
    let mut tx = pool.begin().await?;
    visible(&mut tx, id, true).await?;
    let changed = if on {
        sqlx::query(
            "insert into weibo_like (post_id, account_id, at) values ($1, $2, $3)
             on conflict do nothing",
        )
        .bind(id)
        .bind(me.id)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
    } else {
        sqlx::query("delete from weibo_like where post_id = $1 and account_id = $2")
            .bind(id)
            .bind(me.id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
    };
    let delta = if changed == 0 {
        0
    } else if on {
        1
    } else {
        -1
    };
    let likes: i32 = sqlx::query_scalar(
        "update weibo_post set likes = greatest(likes + $2, 0) where id = $1 returning likes",
    )
    .bind(id)
    .bind(delta)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(likes)
}

/// Whether `me` likes the post `id`.
pub async fn likes(pool: &PgPool, me: &Me, id: i64) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from weibo_like where post_id = $1 and account_id = $2)",
    )
    .bind(id)
    .bind(me.id)
    .fetch_one(pool)
    .await?)
}

/// The post a comment is on (its id), for the moderation form's page.
pub async fn post_of_comment(pool: &PgPool, comment: i64) -> Result<i64, AppError> {
    sqlx::query_scalar("select post_id from weibo_comment where id = $1")
        .bind(comment)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)
}
