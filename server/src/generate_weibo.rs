//! A load of microblog accounts and posts (政务微博发布厅, issue 21) for
//! `make bench-weibo`: [`generate_weibo`] adds verified institution
//! accounts until there are A (default 10,000) — one per unit, as the rule
//! is, so units are added where the province has too few (numbered offices
//! of every city and county) — and public posts until there are P (default
//! 10,000,000), published over the two years before `now`.
//!
//! Posting is skewed as it is in real halls: a fifth of the posts are the
//! busiest 1 % of accounts', the quietest post a few times a month. Bodies are put
//! together from real-style fragments; one post in fifty refutes a rumour
//! (辟谣). Every post has its review item, published by a reviewer who is
//! not its author, as the review flow would leave it.
//!
//! All in SQL, 250,000 posts a statement, with the timeline indexes
//! dropped on an empty table and built once at the end. The same A, P and
//! `now` give the same rows (`setseed`).

use app::{accounts::secrets::dummy_password_hash, error::AppError};
use sqlx::PgPool;
use time::OffsetDateTime;

const BATCH: i64 = 250_000;

/// The timeline indexes, dropped while an empty table is loaded.
const TIMELINE_INDEXES: &[&str] = &[
    "weibo_post_all_idx",
    "weibo_post_city_idx",
    "weibo_post_account_idx",
    "weibo_post_refutes_idx",
];

const OPENINGS: &[&str] = &[
    "【权威发布】",
    "【便民提示】",
    "【政策解读】",
    "【办事指南】",
    "【工作动态】",
    "【天气预警】",
    "【交通提示】",
    "【招聘公告】",
    "【公示】",
    "【提醒】",
];

const TOPICS: &[&str] = &[
    "我市最低生活保障标准自下月起提高，符合条件的家庭可通过网上办事大厅申请。",
    "婚姻登记处节假日期间照常开放，请提前在网上预约办理时段。",
    "新版社保卡申领全程网办，最快当天即可领卡。",
    "今日起，高龄津贴发放对象扩大至八十周岁以上户籍老年人。",
    "受强降雨影响，部分路段临时封闭，请绕行并注意安全。",
    "住房公积金提取业务可在手机上办理，无需到窗口。",
    "全市长者饭堂新增二十个网点，欢迎附近老年人就餐。",
    "企业开办一日办结，营业执照、印章、发票一次领取。",
    "防范电信网络诈骗：不轻信陌生来电，不向陌生账户转账。",
    "义务教育阶段学校招生报名将于下周开始，请家长留意报名时间。",
    "城市更新项目征求意见，欢迎市民通过政民互动栏目提出建议。",
    "残疾人两项补贴申请材料精简，可全程网上办理。",
    "燃气安全检查进社区，请配合入户检查。",
    "户籍业务“跨省通办”再扩围，异地办事不用来回跑。",
    "就业创业补贴申领指南发布，符合条件的可在线申请。",
    "依申请公开可在网上提交，答复期限为二十个工作日。",
];

const CLOSINGS: &[&str] = &[
    "详情请查看办事指南。",
    "如有疑问可在评论区留言或向本账号提问。",
    "转发扩散，让更多人知道！",
    "办事请认准政务认证账号。",
    "",
    "咨询电话：12345。",
];

/// Adds accounts until there are `accounts` verified ones and posts until
/// there are `posts` public ones; (accounts added, posts added).
pub async fn generate_weibo(
    pool: &PgPool,
    accounts: i64,
    posts: i64,
    now: OffsetDateTime,
) -> Result<(i64, i64), AppError> {
    for name in ["gen.weibo.editor", "gen.weibo.reviewer"] {
        // Staff never signed in as (a dummy password; a placeholder where
        // the sealed TOTP secret goes, which staff accounts must have).
        sqlx::query(
            "insert into account (username, role, display_name, password_hash, totp_secret)
             values ($1, 'staff', $1, $2, '\\x00') on conflict (username) do nothing",
        )
        .bind(name)
        .bind(dummy_password_hash())
        .execute(pool)
        .await?;
    }
    let (author, reviewer): (i64, i64) = sqlx::query_as(
        "select (select id from account where username = 'gen.weibo.editor'),
                (select id from account where username = 'gen.weibo.reviewer')",
    )
    .fetch_one(pool)
    .await?;
    let added_accounts = add_accounts(pool, accounts, author, reviewer, now).await?;
    let added_posts = add_posts(pool, posts, author, reviewer, now).await?;
    Ok((added_accounts, added_posts))
}

/// Units without an account get one, and numbered offices are added to the
/// regions (round the province's cities and counties) until there are
/// `want` verified accounts.
async fn add_accounts(
    pool: &PgPool,
    want: i64,
    author: i64,
    reviewer: i64,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    let have: i64 =
        sqlx::query_scalar("select count(*) from weibo_account where state = 'verified'")
            .fetch_one(pool)
            .await?;
    if have >= want {
        return Ok(0);
    }
    let free: i64 = sqlx::query_scalar(
        "select count(*) from department d where not exists
             (select 1 from weibo_account w where w.department_id = d.id and w.kind = 'institution'
              and w.state in ('applied', 'flagged', 'verified'))",
    )
    .fetch_one(pool)
    .await?;
    let missing = want - have - free;
    if missing > 0 {
        // Numbered offices (codes WAAAA…), spread round the regions.
        sqlx::query(
            "with regions as (
                 select code, name_zh, name_en, row_number() over (order by code) - 1 as i,
                        count(*) over () as n
                 from region),
             made as (
                 select g, r.code, r.name_zh, r.name_en
                 from generate_series(0, $1 - 1) g
                 join regions r on r.i = g % r.n)
             insert into department (region_code, code, name_zh, name_en)
             select code,
                    'W' || chr((65 + (g / 17576) % 26)::int) || chr((65 + (g / 676) % 26)::int)
                        || chr((65 + (g / 26) % 26)::int) || chr((65 + g % 26)::int),
                    name_zh || '第' || (g + 1) || '办公室',
                    name_en || ' Office ' || (g + 1)
             from made
             on conflict (region_code, code) do nothing",
        )
        .bind(missing)
        .execute(pool)
        .await?;
    }
    // One verified account for each unit without one, until there are enough.
    let added = sqlx::query(
        "with free as (
             select d.id, d.region_code, d.name_zh,
                    case when d.region_code = 440000 then 440000
                         when d.region_code % 100 = 0 then d.region_code
                         else d.region_code / 100 * 100 end as city
             from department d where not exists
                 (select 1 from weibo_account w where w.department_id = d.id
                  and w.kind = 'institution' and w.state in ('applied', 'flagged', 'verified'))
             order by d.id limit $1)
         insert into weibo_account (handle, name, name_key, kind, department_id, region_code,
             city_code, bio, state, applied_by, applied_at, idempotency_key, decided_by,
             decided_at, followers)
         select 'gen_' || f.id, left('政务' || f.id, 20), left('政务' || f.id, 20), 'institution',
                f.id, f.region_code, f.city, left(f.name_zh || '的政务微博。', 300), 'verified', $2,
                $4 - interval '800 days', md5('weibo-gen-' || f.id)::uuid, $3,
                $4 - interval '799 days', (f.id * 7919) % 50000
         from free f",
    )
    .bind(want - have)
    .bind(author)
    .bind(reviewer)
    .bind(now)
    .execute(pool)
    .await?
    .rows_affected() as i64;
    Ok(added)
}

/// Adds public posts until there are `want`.
async fn add_posts(
    pool: &PgPool,
    want: i64,
    author: i64,
    reviewer: i64,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    let have: i64 = sqlx::query_scalar("select count(*) from weibo_post")
        .fetch_one(pool)
        .await?;
    if have >= want {
        return Ok(0);
    }
    let mut dropped = Vec::new();
    if have == 0 {
        for name in TIMELINE_INDEXES {
            let def: Option<String> =
                sqlx::query_scalar("select indexdef from pg_indexes where indexname = $1")
                    .bind(name)
                    .fetch_optional(pool)
                    .await?;
            if let Some(def) = def {
                sqlx::query(&format!("drop index if exists {name}"))
                    .execute(pool)
                    .await?;
                dropped.push(def);
            }
        }
    }
    let accounts: Vec<(i64, i64, i32)> = sqlx::query_as(
        "select id, department_id, city_code from weibo_account where state = 'verified'
         order by id",
    )
    .fetch_all(pool)
    .await?;
    if accounts.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i64> = accounts.iter().map(|a| a.0).collect();
    let departments: Vec<i64> = accounts.iter().map(|a| a.1).collect();
    let cities: Vec<i32> = accounts.iter().map(|a| a.2).collect();
    let openings: Vec<&str> = OPENINGS.to_vec();
    let topics: Vec<&str> = TOPICS.to_vec();
    let closings: Vec<&str> = CLOSINGS.to_vec();
    // Two years, the oldest first: post g of `want` is published at
    // now - (want - g) * span / want.
    let span_seconds: f64 = 730.0 * 86_400.0;
    let mut from = have;
    while from < want {
        let to = (from + BATCH).min(want);
        let mut tx = pool.begin().await?;
        sqlx::query("select setseed($1)")
            .bind((from % 1000) as f64 / 1000.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "with rows as (
                 select g,
                        -- Skewed: the cube of a uniform number favours the
                        -- first places, and the places are shuffled over
                        -- the accounts (a prime stride).
                        1 + (floor(power(random(), 3) * $4)::bigint * 7919) % $4 as pick,
                        $6 - make_interval(secs => ($2 - g) * $5 / $2) as at,
                        nextval(pg_get_serial_sequence('review_item', 'id')) as item
                 from generate_series($1, $3 - 1) g),
             chosen as (
                 select r.*, ($7::bigint[])[r.pick] as account, ($8::bigint[])[r.pick] as department,
                        ($9::int[])[r.pick] as city
                 from rows r),
             items as (
                 insert into review_item (id, subject, department_id, weibo_account_id, author_id,
                                          state, reviewer_id, published_at, updated_at)
                 overriding system value
                 select item, 'weibo_post', department, account, $10, 'published', $11, at, at
                 from chosen)
             insert into weibo_post (weibo_account_id, review_id, city_code, body, refutes, public,
                                     published_at, reposts, likes, comments, created_at)
             select account, item, city,
                    ($12::text[])[1 + g % array_length($12::text[], 1)]
                        || ($13::text[])[1 + (g / 11) % array_length($13::text[], 1)]
                        || ($14::text[])[1 + (g / 7) % array_length($14::text[], 1)],
                    case when g % 50 = 0 then '网传“'
                        || ($13::text[])[1 + (g / 13) % array_length($13::text[], 1)]
                        || '”系谣言' end,
                    true, at, (g * 31) % 40, (g * 17) % 200, (g * 13) % 30,
                    at - interval '2 hours'
             from chosen",
        )
        .bind(from)
        .bind(want)
        .bind(to)
        .bind(ids.len() as i64)
        .bind(span_seconds)
        .bind(now)
        .bind(&ids)
        .bind(&departments)
        .bind(&cities)
        .bind(author)
        .bind(reviewer)
        .bind(&openings)
        .bind(&topics)
        .bind(&closings)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        from = to;
        if from % 1_000_000 < BATCH {
            tracing::info!(posts = from, "posts generated");
        }
    }
    sqlx::query(
        "update weibo_account w set last_post_at = p.last
         from (select weibo_account_id, max(published_at) as last from weibo_post
               group by 1) p
         where p.weibo_account_id = w.id",
    )
    .execute(pool)
    .await?;
    if !dropped.is_empty() {
        tracing::info!("building the timeline indexes");
        let mut c = pool.acquire().await?;
        sqlx::query("set maintenance_work_mem = '1GB'")
            .execute(&mut *c)
            .await?;
        for def in dropped {
            sqlx::query(&def).execute(&mut *c).await?;
        }
    }
    Ok(want - have)
}
