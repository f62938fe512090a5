//! The figures behind the assessment index and the supervisor's watch
//! list, read from the record: the region's verified accounts and, over
//! the window, their posts' counters, their team's comments, their
//! questions and answers.

use super::{
    assess, formula, rank, Activity, Index, Line, Watched, Watchlist, WEIGHTS, WINDOW_DAYS,
};
use crate::{
    catalog::Bilingual,
    clock::format_date,
    error::AppError,
    weibo::{
        dormancy::Dormancy,
        view::{AccountKind, AccountName},
    },
};
use sqlx::PgPool;
use time::{Date, Duration};

/// The accounts of `region` (see [`super::in_region`]) in SQL, over `w`.
const IN_REGION: &str = "w.state = 'verified' and case when $1 % 10000 = 0
        then w.region_code / 10000 = $1 / 10000
        else w.region_code = $1 or w.city_code = $1 end";

/// An account's figures over the window, as read.
#[derive(sqlx::FromRow)]
struct Figures {
    handle: String,
    name: String,
    kind: String,
    capacity: Option<String>,
    followers: i64,
    posts: i64,
    linked: i64,
    reposts: i64,
    likes: i64,
    comments: i64,
    replied: i64,
    questions: i64,
    answered: i64,
    on_time: i64,
    votes: i64,
    helpful: i64,
    open: bool,
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The region's name (404 for a code that is no region).
async fn region_name(pool: &PgPool, region: i32) -> Result<Bilingual, AppError> {
    sqlx::query_scalar("select row(name_zh, name_en) from region where code = $1")
        .bind(region)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// The index of `region` over the 90 days up to `today`, ranked.
pub async fn index(pool: &PgPool, region: i32, today: Date) -> Result<Index, AppError> {
    let region_name = region_name(pool, region).await?;
    let from = today - Duration::days(WINDOW_DAYS);
    let rows: Vec<Figures> = sqlx::query_as(&format!(
        "with p as (
             select p.* from weibo_post p join weibo_account w on w.id = p.weibo_account_id
             where {IN_REGION} and p.public and p.published_at >= $2::date
         )
         select w.handle, w.name, w.kind, w.capacity, w.followers::bigint as followers,
             (select count(*) from p where p.weibo_account_id = w.id) as posts,
             (select count(*) from p where p.weibo_account_id = w.id
                 and p.card_kind in ('service', 'document')) as linked,
             (select coalesce(sum(p.reposts), 0)::bigint from p where p.weibo_account_id = w.id) as reposts,
             (select coalesce(sum(p.likes), 0)::bigint from p where p.weibo_account_id = w.id) as likes,
             (select coalesce(sum(p.comments), 0)::bigint from p where p.weibo_account_id = w.id) as comments,
             (select count(*) from weibo_comment c join p on p.id = c.post_id
                 where p.weibo_account_id = w.id and c.hidden_by is null
                   and c.author_id in (select m.account_id from weibo_member m
                                        where m.weibo_account_id = w.id)) as replied,
             count(q.id) filter (where q.state <> 'converted') as questions,
             count(q.id) filter (where q.state = 'answered') as answered,
             count(q.id) filter (where q.state = 'answered' and q.answered_on_time) as on_time,
             count(q.id) filter (where q.helpful is not null) as votes,
             count(q.id) filter (where q.helpful) as helpful,
             not w.comments_closed as open
         from weibo_account w
         left join weibo_question q on q.weibo_account_id = w.id and q.asked_on >= $2::date
         where {IN_REGION}
         group by w.id order by w.id"
    ))
    .bind(region)
    .bind(from)
    .fetch_all(pool)
    .await?;
    let activity: Vec<Activity> = rows
        .iter()
        .map(|r| Activity {
            followers: count(r.followers),
            posts: count(r.posts),
            linked_posts: count(r.linked),
            reposts: count(r.reposts),
            likes: count(r.likes),
            comments: count(r.comments),
            comments_replied: count(r.replied).min(count(r.comments)),
            questions: count(r.questions),
            answered: count(r.answered),
            answered_on_time: count(r.on_time),
            votes: count(r.votes),
            helpful: count(r.helpful),
            comments_open: r.open,
        })
        .collect();
    let components = assess(&activity);
    let lines = rows
        .into_iter()
        .zip(activity.iter().zip(components))
        .map(|(r, (a, c))| Line {
            rank: 0,
            account: AccountName {
                handle: r.handle,
                name: r.name,
                kind: AccountKind::parse(&r.kind).unwrap_or(AccountKind::Institution),
                capacity: r.capacity,
                verified: true,
            },
            score: (c.score(&WEIGHTS) * 10.0).round() / 10.0,
            components: c,
            posts: a.posts,
            questions: a.questions,
            comments_open: a.comments_open,
        })
        .collect();
    Ok(Index {
        region,
        region_name,
        from: format_date(from),
        to: format_date(today),
        weights: WEIGHTS,
        formula: Bilingual::each(formula),
        lines: rank(lines),
    })
}

type WatchRow = (
    String,
    String,
    String,
    Option<String>,
    String,
    Option<Date>,
    Option<Date>,
    i64,
);

/// The region's dormant accounts and those with overdue questions (worst
/// first), with the counts.
pub async fn watchlist(pool: &PgPool, region: i32, today: Date) -> Result<Watchlist, AppError> {
    let rows: Vec<WatchRow> = sqlx::query_as(&format!(
        "select w.handle, w.name, w.kind, w.capacity, w.dormancy, w.dormancy_since,
             (w.last_post_at at time zone 'Asia/Shanghai')::date,
             (select count(*) from weibo_question q where q.weibo_account_id = w.id
                 and q.state in ('open', 'acknowledged', 'answering') and q.due_on < $2)
         from weibo_account w
         where {IN_REGION}
           and (w.dormancy <> 'active' or exists (select 1 from weibo_question q
                 where q.weibo_account_id = w.id and q.state in ('open', 'acknowledged', 'answering')
                   and q.due_on < $2))
         order by case w.dormancy when 'cleanup' then 0 when 'warning' then 1 else 2 end,
             w.dormancy_since, w.handle
         limit 200"
    ))
    .bind(region)
    .bind(today)
    .fetch_all(pool)
    .await?;
    let accounts: Vec<Watched> = rows
        .into_iter()
        .map(
            |(handle, name, kind, capacity, dormancy, since, last, overdue)| Watched {
                account: AccountName {
                    handle,
                    name,
                    kind: AccountKind::parse(&kind).unwrap_or(AccountKind::Institution),
                    capacity,
                    verified: true,
                },
                dormancy: Dormancy::parse(&dormancy).unwrap_or(Dormancy::Active),
                since: since.map(format_date),
                last_post_on: last.map(format_date),
                overdue_questions: overdue,
            },
        )
        .collect();
    let of = |d: Dormancy| accounts.iter().filter(|a| a.dormancy == d).count() as i64;
    Ok(Watchlist {
        warning: of(Dormancy::Warning),
        cleanup: of(Dormancy::Cleanup),
        with_overdue: accounts.iter().filter(|a| a.overdue_questions > 0).count() as i64,
        overdue_questions: accounts.iter().map(|a| a.overdue_questions).sum(),
        accounts,
    })
}
