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

use crate::common::{measure, pool, print_sizes, scalar, serve};
use app::accounts::secrets::DataKey;
use serde_json::json;
use std::time::{Duration, Instant};

const LETTERS: i64 = 1_000_000;
const CLIENTS: usize = 4;
const POOL: u32 = 10;
const WARMUP: Duration = Duration::from_secs(2);
const TARGET_P95_MS: f64 = 100.0;

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

    print_sizes(&setup, "letter").await;
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

    let state = crate::common::hall_state(
        pool(&url, POOL).await,
        key,
        app::clock::Now::real(),
        "127.0.0.1:0".parse().unwrap(),
    );
    let hall = serve(server::router(state, None)).await;
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
