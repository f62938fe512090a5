//! Search latency at the JSON API over a 100,000-item catalog.
//!
//! Run with `make bench` (it starts a private PostgreSQL in target/bench-db
//! and sets DATABASE_URL). The first run generates the catalog (minutes);
//! later runs reuse it. Each query is asked 20 times to warm up, then 300
//! times one after another over HTTP on loopback; p50/p95/p99 are printed
//! and written to target/bench/search.json.

use sqlx::{
    postgres::{PgConnectOptions, PgPoolOptions},
    PgPool,
};
use std::{
    str::FromStr,
    time::{Duration, Instant},
};

const ITEMS: i64 = 100_000;
const WARMUP: usize = 20;
const RUNS: usize = 300;
const QUERIES: &[&str] = &[
    "婚",
    "婚姻",
    "营业执照",
    "公积金提取",
    "marriage",
    "passport",
];

async fn bench_pool() -> PgPool {
    let url = std::env::var("DATABASE_URL").expect("run through `make bench` (DATABASE_URL)");
    let admin = PgPool::connect(&url).await.unwrap();
    let exists: bool = sqlx::query_scalar(
        "select exists (select 1 from pg_database where datname = 'banshi_bench')",
    )
    .fetch_one(&admin)
    .await
    .unwrap();
    if !exists {
        sqlx::query("create database banshi_bench")
            .execute(&admin)
            .await
            .unwrap();
    }
    admin.close().await;
    let options = PgConnectOptions::from_str(&url)
        .unwrap()
        .database("banshi_bench");
    PgPoolOptions::new()
        .max_connections(10)
        .connect_with(options)
        .await
        .unwrap()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

#[tokio::main]
pub async fn main() {
    let pool = bench_pool().await;
    server::MIGRATOR.run(&pool).await.unwrap();
    server::reference::load(&pool).await.unwrap();
    let generated: i64 =
        sqlx::query_scalar("select count(*) from service_item where code ~ '-[1-9][0-9]{3}$'")
            .fetch_one(&pool)
            .await
            .unwrap();
    if generated < ITEMS {
        eprintln!("generating {ITEMS} items (first run only)…");
        let started = Instant::now();
        server::generate::generate(&pool, ITEMS as usize)
            .await
            .unwrap();
        eprintln!("generated in {:.0} s", started.elapsed().as_secs_f64());
    }
    // As the server does at start: items indexed by older rules are redone.
    let started = Instant::now();
    let reindexed = app::catalog::store::reindex_stale(&pool).await.unwrap();
    if reindexed > 0 {
        eprintln!(
            "re-indexed {reindexed} items in {:.0} s",
            started.elapsed().as_secs_f64()
        );
        for table in ["service_search", "service_browse"] {
            sqlx::query(&format!("vacuum analyze {table}"))
                .execute(&pool)
                .await
                .unwrap();
        }
    }
    let total: i64 = sqlx::query_scalar("select count(*) from service_item")
        .fetch_one(&pool)
        .await
        .unwrap();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = crate::common::hall_state(
        pool,
        app::accounts::secrets::DataKey::parse(&"42".repeat(32)).unwrap(),
        app::clock::Now::real(),
        addr,
    );
    let router = server::router(state, None);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let client = reqwest::Client::new();

    println!("search latency at GET /api/v1/services?q=… over {total} items ({RUNS} sequential requests each)");
    println!("| query | matches | p50 ms | p95 ms | p99 ms | max ms |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut report = Vec::new();
    for q in QUERIES {
        let url = format!(
            "http://{addr}/api/v1/services?q={}",
            app::catalog::find::encode(q)
        );
        let mut matches = 0;
        for _ in 0..WARMUP {
            let body: serde_json::Value =
                client.get(&url).send().await.unwrap().json().await.unwrap();
            matches = body["total"].as_u64().unwrap();
        }
        let mut times = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let started = Instant::now();
            let res = client.get(&url).send().await.unwrap();
            assert!(res.status().is_success());
            let _ = res.bytes().await.unwrap();
            times.push(started.elapsed());
        }
        times.sort();
        let (p50, p95, p99) = (
            percentile(&times, 0.50),
            percentile(&times, 0.95),
            percentile(&times, 0.99),
        );
        let max = times.last().unwrap().as_secs_f64() * 1000.0;
        println!("| {q} | {matches} | {p50:.2} | {p95:.2} | {p99:.2} | {max:.2} |");
        report.push(serde_json::json!({
            "query": q, "matches": matches, "p50_ms": p50, "p95_ms": p95, "p99_ms": p99, "max_ms": max,
        }));
    }
    // The workspace's target/, whatever directory cargo runs the bench in.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("search.json"),
        serde_json::to_string_pretty(
            &serde_json::json!({"items": total, "runs": RUNS, "queries": report}),
        )
        .unwrap(),
    )
    .unwrap();
}
