//! `make bench-letters`: latency of the public letter list and of the
//! letters' statistics over 1,000,000 generated letters (issue 19), through
//! the real hall router (every layer) on loopback. The target: p95 ≤ 100 ms
//! for each.
//!
//! The private database (DATABASE_URL; the Makefile starts one in
//! target/bench-letters-db) keeps its data between runs: the first run
//! loads the demo catalog and generates the letters
//! (`server::generate_letters`, `BENCH_LETTERS` for fewer) — a few minutes
//! — and later runs reuse them. Then CLIENTS clients (`BENCH_CLIENTS`) ask
//! one after another for WARMUP, then for `BENCH_SECONDS` (default 10) per
//! target; every answer must be 200. It prints the table sizes, p50/p95/p99
//! and the verdict, and writes target/bench/letters.json. Timings are
//! reported, never asserted.

use crate::common::{drive, pct};
use app::{accounts::secrets::DataKey, state::AppState};
use serde_json::json;
use sqlx::{postgres::PgPoolOptions, PgPool};
use std::time::{Duration, Instant};

const LETTERS: i64 = 1_000_000;
const CLIENTS: usize = 4;
const POOL: u32 = 10;
const WARMUP: Duration = Duration::from_secs(2);
const TARGET_P95_MS: f64 = 100.0;

async fn pool(url: &str, max: u32) -> PgPool {
    PgPoolOptions::new()
        .max_connections(max)
        .acquire_timeout(Duration::from_secs(60))
        .connect(url)
        .await
        .unwrap()
}

async fn scalar(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap()
    });
    format!("http://{addr}")
}

#[tokio::main]
pub async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            "warn,sqlx=error,server::generate_letters=info",
        ))
        .init();
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL (make bench-letters sets it)");
    let env = |name: &str| std::env::var(name).ok().and_then(|s| s.parse::<i64>().ok());
    let seconds = env("BENCH_SECONDS").unwrap_or(10) as u64;
    let clients = env("BENCH_CLIENTS").unwrap_or(CLIENTS as i64) as usize;
    let setup = pool(&url, 4).await;
    let key = DataKey::parse(&"42".repeat(32)).unwrap();
    server::MIGRATOR.run(&setup).await.unwrap();
    server::reference::load(&setup).await.unwrap();
    server::demo::load(&setup).await.unwrap();
    let want = env("BENCH_LETTERS").unwrap_or(LETTERS);
    let t = Instant::now();
    let today = time::OffsetDateTime::now_utc().date();
    let added = server::generate_letters::generate_letters(&setup, want, today)
        .await
        .unwrap();
    if added > 0 {
        sqlx::query("analyze").execute(&setup).await.unwrap();
        eprintln!(
            "generated {added} letters in {:.0} s",
            t.elapsed().as_secs_f64()
        );
    }

    let sizes: Vec<(String, i64, i64)> = sqlx::query_as(
        "select c.relname::text, c.reltuples::int8, pg_total_relation_size(c.oid)
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind = 'r' and c.relname like 'letter%'
         order by pg_total_relation_size(c.oid) desc",
    )
    .fetch_all(&setup)
    .await
    .unwrap();
    println!("tables (rows estimated by ANALYZE, size with indexes):");
    for (name, rows, bytes) in &sizes {
        println!(
            "  {name:<24} {rows:>11} rows {:>9.1} MB",
            *bytes as f64 / 1e6
        );
    }
    let letters = scalar(&setup, "select count(*) from letter").await;
    let public = scalar(&setup, "select count(*) from letter where public").await;

    // Guangzhou's busiest departments.
    let departments: Vec<i64> = sqlx::query_scalar(
        "select s.department_id from letter_stat_month s
         join department d on d.id = s.department_id where d.region_code = 440100
         group by 1 order by sum(s.received) desc limit 10",
    )
    .fetch_all(&setup)
    .await
    .unwrap();
    assert!(!departments.is_empty(), "no letters: generation failed?");

    let state = AppState {
        pool: pool(&url, POOL).await,
        leptos_options: server::leptos_options(
            std::path::Path::new("target/site"),
            "127.0.0.1:0".parse().unwrap(),
        ),
        secure_cookies: false,
        data_key: key,
        now: app::clock::Now::real(),
        objects: app::files::objects::Objects::memory(),
        warn_days: app::supervision::DEFAULT_WARN_DAYS,
    };
    let hall = serve(server::router(state, None)).await;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()
        .unwrap();
    let each = |f: &dyn Fn(i64) -> String| departments.iter().map(|&d| f(d)).collect::<Vec<_>>();
    let pages = |f: &dyn Fn(u32) -> String| (1..=10).map(f).collect::<Vec<_>>();
    let targets: Vec<(&str, Vec<String>)> = vec![
        (
            "GET /api/v1/letters?public=true&page=1..10",
            pages(&|p| format!("/api/v1/letters?public=true&page={p}")),
        ),
        (
            "GET /api/v1/letters?public=true&department={id}",
            each(&|d| format!("/api/v1/letters?public=true&department={d}")),
        ),
        (
            "GET /api/v1/letters?public=true&region=440100&page=1..10",
            pages(&|p| format!("/api/v1/letters?public=true&region=440100&page={p}")),
        ),
        ("GET /letters (the page)", vec!["/letters".into()]),
        (
            "GET /api/v1/stats/letters (province)",
            vec!["/api/v1/stats/letters".into()],
        ),
        (
            "GET /api/v1/stats/letters?region=440100",
            vec!["/api/v1/stats/letters?region=440100".into()],
        ),
        (
            "GET /api/v1/stats/letters?region=440100&year=…",
            vec![format!(
                "/api/v1/stats/letters?region=440100&year={}",
                today.year()
            )],
        ),
        (
            "GET /api/v1/stats/letters?department={id}",
            each(&|d| format!("/api/v1/stats/letters?region=440100&department={d}")),
        ),
        (
            "GET /api/v1/stats/letters/overdue?region=440100",
            vec!["/api/v1/stats/letters/overdue?region=440100".into()],
        ),
        (
            "GET /letters/stats?region=440100 (the page)",
            vec!["/letters/stats?region=440100".into()],
        ),
    ];
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    println!(
        "\nletters: {letters} ({public} public); {clients} clients, pool of {POOL}, \
         {seconds} s per target after {} s warm-up\n",
        WARMUP.as_secs()
    );
    println!(
        "{:<58} {:>7} {:>7} {:>8} {:>8} {:>8}  p95 ≤ {TARGET_P95_MS} ms",
        "target", "answers", "per s", "p50 ms", "p95 ms", "p99 ms"
    );
    let mut report = Vec::new();
    let mut all_met = true;
    for (name, paths) in targets.iter().filter(|(n, _)| n.contains(only.as_str())) {
        let cs = vec![client.clone(); clients];
        drive(&cs, &hall, paths, WARMUP).await;
        let (mut lat, secs) = drive(&cs, &hall, paths, Duration::from_secs(seconds)).await;
        lat.sort_by(|a, b| a.total_cmp(b));
        let (p50, p95, p99) = (pct(&lat, 0.50), pct(&lat, 0.95), pct(&lat, 0.99));
        let met = p95 <= TARGET_P95_MS;
        all_met &= met;
        println!(
            "{name:<58} {:>7} {:>7.1} {p50:>8.1} {p95:>8.1} {p99:>8.1}  {}",
            lat.len(),
            lat.len() as f64 / secs,
            if met { "met" } else { "MISSED" }
        );
        report.push(json!({
            "target": name, "answers": lat.len(), "per_second": lat.len() as f64 / secs,
            "p50_ms": p50, "p95_ms": p95, "p99_ms": p99, "met": met,
        }));
    }
    println!(
        "\nverdict: {} (p95 ≤ {TARGET_P95_MS} ms at {letters} letters)",
        if all_met { "met" } else { "NOT met" }
    );
    std::fs::create_dir_all("target/bench").ok();
    let out = json!({
        "letters": letters, "public": public, "clients": clients, "seconds": seconds,
        "target_p95_ms": TARGET_P95_MS, "results": report,
    });
    std::fs::write(
        "target/bench/letters.json",
        serde_json::to_string_pretty(&out).unwrap(),
    )
    .ok();
}
