//! The microblog hall at scale (issue 21): with 10,000 verified accounts
//! and 10,000,000 public posts (generated on the first run by
//! `server::generate_weibo`, then kept in target/bench-weibo-db), a region
//! hall's timeline and an account's page must answer in p95 ≤ 50 ms.
//! Measured through the real router: the province's and a city's timeline
//! (first page and a page deep in the past, by the cursor the API gives),
//! the busiest and a quiet account's posts, the refutations, and the pages
//! themselves. `BENCH_ACCOUNTS`, `BENCH_POSTS`, `BENCH_SECONDS`,
//! `BENCH_CLIENTS` and `BENCH_ONLY` (a substring of a target's name)
//! change the run.

use crate::common::{hall_state, measure, pool, print_sizes, scalar, serve};
use app::accounts::secrets::DataKey;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const ACCOUNTS: i64 = 10_000;
const POSTS: i64 = 10_000_000;
const CLIENTS: usize = 4;
const POOL: u32 = 10;
const WARMUP: Duration = Duration::from_secs(2);
const TARGET_P95_MS: f64 = 50.0;

#[tokio::main]
pub async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            "warn,sqlx=error,server::generate_weibo=info",
        ))
        .init();
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL (make bench-weibo sets it)");
    let env = |name: &str| std::env::var(name).ok().and_then(|s| s.parse::<i64>().ok());
    let seconds = env("BENCH_SECONDS").unwrap_or(10) as u64;
    let clients = env("BENCH_CLIENTS").unwrap_or(CLIENTS as i64) as usize;
    let setup = pool(&url, 4).await;
    let key = DataKey::parse(&"42".repeat(32)).unwrap();
    server::MIGRATOR.run(&setup).await.unwrap();
    server::reference::load(&setup).await.unwrap();
    server::demo::load(&setup).await.unwrap();
    let t = Instant::now();
    let now = time::OffsetDateTime::now_utc();
    let (accounts, posts) = server::generate_weibo::generate_weibo(
        &setup,
        env("BENCH_ACCOUNTS").unwrap_or(ACCOUNTS),
        env("BENCH_POSTS").unwrap_or(POSTS),
        now,
    )
    .await
    .unwrap();
    if accounts + posts > 0 {
        for table in ["weibo_post", "weibo_account", "review_item"] {
            sqlx::query(&format!("vacuum analyze {table}"))
                .execute(&setup)
                .await
                .unwrap();
        }
        eprintln!(
            "generated {accounts} accounts and {posts} posts in {:.0} s",
            t.elapsed().as_secs_f64()
        );
    }
    print_sizes(&setup, "weibo_").await;
    let total_posts = scalar(&setup, "select count(*) from weibo_post where public").await;
    let total_accounts = scalar(
        &setup,
        "select count(*) from weibo_account where state = 'verified'",
    )
    .await;
    let (busiest, quiet): (String, String) = sqlx::query_as(
        "with c as (select weibo_account_id, count(*) as n from weibo_post group by 1)
         select (select w.handle from c join weibo_account w on w.id = c.weibo_account_id
                 order by n desc limit 1),
                (select w.handle from c join weibo_account w on w.id = c.weibo_account_id
                 order by n, w.id limit 1)",
    )
    .fetch_one(&setup)
    .await
    .unwrap();

    let state = hall_state(
        pool(&url, POOL).await,
        key,
        app::clock::Now::real(),
        "127.0.0.1:0".parse().unwrap(),
    );
    let hall = serve(server::router(state, None)).await;
    // A page deep in the past: follow the API's cursor (`next`, the
    // following page's `before=`) 20 pages back.
    let client = reqwest::Client::new();
    let first = "/api/v1/weibo/timeline?region=440100";
    let mut deep = first.to_string();
    for _ in 0..20 {
        let page: Value = client
            .get(format!("{hall}{deep}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap_or(Value::Null);
        match page["next"].as_str() {
            Some(next) => deep = format!("{first}&before={next}"),
            None => break,
        }
    }
    let targets: Vec<(&str, Vec<String>)> = vec![
        (
            "GET /api/v1/weibo/timeline (the province's hall)",
            vec!["/api/v1/weibo/timeline".into()],
        ),
        (
            "GET /api/v1/weibo/timeline?region=440100 (Guangzhou's hall)",
            vec!["/api/v1/weibo/timeline?region=440100".into()],
        ),
        (
            "GET /api/v1/weibo/timeline?region=440100, 20 pages back",
            vec![deep],
        ),
        (
            "GET /api/v1/weibo/accounts/{busiest}/posts",
            vec![format!("/api/v1/weibo/accounts/{busiest}/posts")],
        ),
        (
            "GET /api/v1/weibo/accounts/{quietest}/posts",
            vec![format!("/api/v1/weibo/accounts/{quiet}/posts")],
        ),
        (
            "GET /weibo/r/440100 (the hall's page)",
            vec!["/weibo/r/440100".into()],
        ),
        (
            "GET /weibo/@{busiest} (the account's page)",
            vec![format!("/weibo/@{busiest}")],
        ),
        ("GET /weibo/refutations", vec!["/weibo/refutations".into()]),
    ];
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    println!(
        "\nweibo: {total_accounts} verified accounts, {total_posts} public posts; {clients} clients, \
         pool of {POOL}, {seconds} s per target after {} s warm-up\n",
        WARMUP.as_secs()
    );
    let (report, all_met) = measure(
        &hall,
        &targets,
        clients,
        WARMUP,
        Duration::from_secs(seconds),
        TARGET_P95_MS,
        &only,
    )
    .await;
    println!(
        "\nverdict: {} (p95 ≤ {TARGET_P95_MS} ms at {total_posts} posts)",
        if all_met { "met" } else { "NOT met" }
    );
    std::fs::create_dir_all("target/bench").ok();
    let out = json!({
        "accounts": total_accounts, "posts": total_posts, "clients": clients,
        "seconds": seconds, "target_p95_ms": TARGET_P95_MS, "results": report,
    });
    std::fs::write(
        "target/bench/weibo.json",
        serde_json::to_string_pretty(&out).unwrap(),
    )
    .ok();
}
