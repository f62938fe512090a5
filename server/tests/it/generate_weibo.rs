//! The microblog generator (`make bench-weibo`) is honest at a small scale:
//! as many verified accounts and public posts as asked, one account per
//! unit (numbered offices added where units run out), every post with a
//! review item published by someone other than its author, spread over
//! two years with the busiest accounts posting most, the timeline indexes
//! rebuilt, and a second run adds nothing.

use crate::common;
use common::{database, test_now, Seed};

use sqlx::PgPool;

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[tokio::test]
async fn generated_accounts_and_posts_keep_the_rules() {
    let pool = database(Seed::Demo).await;
    let units = count(&pool, "select count(*) from department").await;
    let accounts = units + 40;
    let now = test_now();
    let (added_accounts, added_posts) =
        server::generate_weibo::generate_weibo(&pool, accounts, 3_000, now)
            .await
            .unwrap();
    assert_eq!(
        count(
            &pool,
            "select count(*) from weibo_account where state = 'verified'"
        )
        .await,
        accounts
    );
    assert!(added_accounts <= accounts);
    assert_eq!(added_posts, 3_000);
    // One account per unit: the numbered offices made up the difference.
    assert_eq!(
        count(&pool, "select count(*) from department").await,
        accounts.max(units)
    );
    assert_eq!(
        count(
            &pool,
            "select count(*) from (select department_id from weibo_account
             group by 1 having count(*) > 1) d"
        )
        .await,
        0
    );
    // Every post public, through a published review item of its account
    // whose reviewer is not its author, within two years before now.
    assert_eq!(
        count(
            &pool,
            "select count(*) from weibo_post p join review_item r on r.id = p.review_id
             where p.public and r.state = 'published' and r.subject = 'weibo_post'
               and r.weibo_account_id = p.weibo_account_id and r.reviewer_id <> r.author_id
               and r.published_at = p.published_at"
        )
        .await,
        3_000
    );
    let (oldest, newest): (time::OffsetDateTime, time::OffsetDateTime) =
        sqlx::query_as("select min(published_at), max(published_at) from weibo_post")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(newest <= now && newest > now - time::Duration::days(1));
    assert!(oldest >= now - time::Duration::days(731));
    // A city's posts are its own accounts' (the city code copied).
    assert_eq!(
        count(
            &pool,
            "select count(*) from weibo_post p join weibo_account w on w.id = p.weibo_account_id
             where p.city_code <> w.city_code"
        )
        .await,
        0
    );
    assert!(
        count(
            &pool,
            "select count(*) from weibo_post where city_code = 440100"
        )
        .await
            > 0
    );
    // Skewed: the busiest tenth of the accounts that posted wrote more than
    // a third of the posts.
    let top_share = count(
        &pool,
        "with c as (select count(*) as n from weibo_post group by weibo_account_id),
              r as (select n, ntile(10) over (order by n desc) as t from c)
         select (100 * sum(n) filter (where t = 1) / sum(n))::bigint from r",
    )
    .await;
    assert!(top_share > 33, "{top_share}");
    assert!(
        count(
            &pool,
            "select count(*) from weibo_post where refutes is not null"
        )
        .await
            >= 50
    );
    assert_eq!(
        count(
            &pool,
            "select count(*) from weibo_account w where last_post_at is distinct from
             (select max(published_at) from weibo_post p where p.weibo_account_id = w.id)
             and exists (select 1 from weibo_post p where p.weibo_account_id = w.id)"
        )
        .await,
        0
    );
    for index in [
        "weibo_post_all_idx",
        "weibo_post_city_idx",
        "weibo_post_account_idx",
        "weibo_post_refutes_idx",
    ] {
        assert_eq!(
            count(
                &pool,
                &format!("select count(*) from pg_indexes where indexname = '{index}'")
            )
            .await,
            1,
            "{index}"
        );
    }
    // Again: nothing to add.
    assert_eq!(
        server::generate_weibo::generate_weibo(&pool, accounts, 3_000, now)
            .await
            .unwrap(),
        (0, 0)
    );
}
