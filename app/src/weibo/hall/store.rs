//! The halls in the database: a region's verified accounts, its question
//! figures (a small count over `weibo_question`), an account's page,
//! following (`weibo_follow`, `followers` kept in the same transaction),
//! a post's page. The timelines themselves are `posts::store::timeline`.

use super::{AccountPage, HallAccount, HallView, PostPage, Questions, PROVINCE};
use crate::{
    accounts::Me,
    error::AppError,
    i18n::Bilingual,
    weibo::{
        posts::{
            store::{self as posts, Scope},
            Cursor,
        },
        view::{AccountKind, AccountName},
    },
};
use sqlx::PgPool;
use time::{Date, OffsetDateTime};

/// The hall of region `code`: the province's (every account) or a city's;
/// 404 for another region.
pub async fn scope_of(pool: &PgPool, code: i32) -> Result<(Scope, Bilingual), AppError> {
    let region: Option<(String, Bilingual)> =
        sqlx::query_as("select level, row(name_zh, name_en) from region where code = $1")
            .bind(code)
            .fetch_optional(pool)
            .await?;
    match region {
        Some((_, name)) if code == PROVINCE => Ok((Scope::All, name)),
        Some((level, name)) if level == "city" && code / 10000 == PROVINCE / 10000 => {
            Ok((Scope::City(code), name))
        }
        _ => Err(AppError::NotFound),
    }
}

type AccountSqlRow = (String, String, String, Option<String>, i32, bool);

/// The region `code`'s hall, its timeline's page before `before`.
pub async fn hall(
    pool: &PgPool,
    code: i32,
    before: Option<Cursor>,
    today: Date,
) -> Result<HallView, AppError> {
    let (scope, region) = scope_of(pool, code).await?;
    let city = match scope {
        Scope::City(c) => Some(c),
        _ => None,
    };
    let accounts: Vec<AccountSqlRow> = sqlx::query_as(
        "select handle, name, kind, capacity, followers, comments_closed from weibo_account
         where state = 'verified' and ($1::int is null or city_code = $1)
         order by city_code, kind, name limit 500",
    )
    .bind(city)
    .fetch_all(pool)
    .await?;
    let (today_n, asked, answered): (i64, i64, i64) = sqlx::query_as(
        "select count(*) filter (where q.asked_on = $2), count(*),
             count(*) filter (where q.state = 'answered')
         from weibo_question q join weibo_account w on w.id = q.weibo_account_id
         where w.state = 'verified' and ($1::int is null or w.city_code = $1)
           and q.asked_on > $2 - 30",
    )
    .bind(city)
    .bind(today)
    .fetch_one(pool)
    .await?;
    let cities: Vec<(i32, Bilingual)> = sqlx::query_as(
        "select r.code, row(r.name_zh, r.name_en) from region r
         where r.level = 'city' and exists (select 1 from weibo_account w
             where w.city_code = r.code and w.state = 'verified')
         order by r.code",
    )
    .fetch_all(pool)
    .await?;
    Ok(HallView {
        region_code: code,
        region,
        cities,
        accounts: accounts
            .into_iter()
            .map(
                |(handle, name, kind, capacity, followers, closed)| HallAccount {
                    account: AccountName {
                        handle,
                        name,
                        kind: AccountKind::parse(&kind).unwrap_or(AccountKind::Institution),
                        capacity,
                        verified: true,
                    },
                    followers,
                    comments_closed: closed,
                },
            )
            .collect(),
        questions: Questions {
            today: today_n,
            asked,
            answered,
        },
        timeline: posts::timeline(pool, scope, before).await?,
    })
}

type PageSqlRow = (
    i64,
    String,
    String,
    Option<String>,
    String,
    Bilingual,
    i32,
    i32,
    bool,
    Option<i64>,
);

/// The verified account `handle`'s page (404 for anything else).
pub async fn account_page(
    pool: &PgPool,
    handle: &str,
    viewer: Option<&Me>,
    before: Option<Cursor>,
) -> Result<AccountPage, AppError> {
    let row: Option<PageSqlRow> = sqlx::query_as(
        "select w.id, w.name, w.kind, w.capacity, w.bio, row(r.name_zh, r.name_en),
             w.city_code, w.followers, w.comments_closed, w.pinned_post_id
         from weibo_account w join region r on r.code = w.region_code
         where w.handle = $1 and w.state = 'verified'",
    )
    .bind(handle)
    .fetch_optional(pool)
    .await?;
    let (id, name, kind, capacity, bio, region, city_code, followers, closed, pinned) =
        row.ok_or(AppError::NotFound)?;
    let pinned = match pinned.filter(|_| before.is_none()) {
        Some(p) => posts::public_post(pool, Some(handle), p).await.ok(),
        None => None,
    };
    let following = match viewer {
        Some(me) => Some(
            sqlx::query_scalar(
                "select exists (select 1 from weibo_follow
                     where account_id = $1 and weibo_account_id = $2)",
            )
            .bind(me.id)
            .bind(id)
            .fetch_one(pool)
            .await?,
        ),
        None => None,
    };
    Ok(AccountPage {
        account: AccountName {
            handle: handle.to_string(),
            name,
            kind: AccountKind::parse(&kind).unwrap_or(AccountKind::Institution),
            capacity,
            verified: true,
        },
        bio,
        region,
        city_code,
        followers,
        comments_closed: closed,
        pinned,
        timeline: posts::timeline(pool, Scope::Account(id), before).await?,
        following,
    })
}

/// The public post `id` of `handle` with its first comments.
pub async fn post_page(
    pool: &PgPool,
    handle: &str,
    id: i64,
    viewer: Option<&Me>,
) -> Result<PostPage, AppError> {
    let post = posts::public_post(pool, Some(handle), id).await?;
    let closed: bool =
        sqlx::query_scalar("select comments_closed from weibo_account where handle = $1")
            .bind(handle)
            .fetch_one(pool)
            .await?;
    let liked = match viewer {
        Some(me) => Some(posts::likes(pool, me, id).await?),
        None => None,
    };
    Ok(PostPage {
        comments: posts::comments(pool, id, 0).await?,
        post,
        comments_closed: closed,
        liked,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
    })
}

/// `me` follows the verified account `handle` (`on`) or stops; its
/// followers after it. Following twice changes nothing.
pub async fn follow(
    pool: &PgPool,
    me: &Me,
    handle: &str,
    on: bool,
    now: OffsetDateTime,
) -> Result<i32, AppError> {
    let mut tx = pool.begin().await?;
    let account: i64 = sqlx::query_scalar(
        "select id from weibo_account where handle = $1 and state = 'verified' for update",
    )
    .bind(handle)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let changed = if on {
        sqlx::query(
            "insert into weibo_follow (account_id, weibo_account_id, at) values ($1, $2, $3)
             on conflict do nothing",
        )
        .bind(me.id)
        .bind(account)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
    } else {
        sqlx::query("delete from weibo_follow where account_id = $1 and weibo_account_id = $2")
            .bind(me.id)
            .bind(account)
            .execute(&mut *tx)
            .await?
            .rows_affected()
    };
    let delta: i32 = match (changed, on) {
        (0, _) => 0,
        (_, true) => 1,
        (_, false) => -1,
    };
    let followers: i32 = sqlx::query_scalar(
        "update weibo_account set followers = greatest(followers + $2, 0) where id = $1
         returning followers",
    )
    .bind(account)
    .bind(delta)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(followers)
}

/// The accounts `me` follows.
pub async fn followed(pool: &PgPool, me: &Me) -> Result<Vec<AccountName>, AppError> {
    let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "select w.handle, w.name, w.kind, w.capacity from weibo_follow f
         join weibo_account w on w.id = f.weibo_account_id
         where f.account_id = $1 and w.state = 'verified' order by w.name limit 500",
    )
    .bind(me.id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(handle, name, kind, capacity)| AccountName {
            handle,
            name,
            kind: AccountKind::parse(&kind).unwrap_or(AccountKind::Institution),
            capacity,
            verified: true,
        })
        .collect())
}

/// The account `handle` as the ActivityPub actor and feeds show it (only
/// a verified one): its id, name, kind, capacity and bio.
pub async fn actor(pool: &PgPool, handle: &str) -> Result<(i64, AccountName, String), AppError> {
    let row: Option<(i64, String, String, Option<String>, String)> = sqlx::query_as(
        "select id, name, kind, capacity, bio from weibo_account
         where handle = $1 and state = 'verified'",
    )
    .bind(handle)
    .fetch_optional(pool)
    .await?;
    let (id, name, kind, capacity, bio) = row.ok_or(AppError::NotFound)?;
    Ok((
        id,
        AccountName {
            handle: handle.to_string(),
            name,
            kind: AccountKind::parse(&kind).unwrap_or(AccountKind::Institution),
            capacity,
            verified: true,
        },
        bio,
    ))
}

/// The public posts of the account `id`, counted (its outbox's size).
pub async fn public_count(pool: &PgPool, id: i64) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar(
            "select count(*) from weibo_post where weibo_account_id = $1 and public",
        )
        .bind(id)
        .fetch_one(pool)
        .await?,
    )
}
