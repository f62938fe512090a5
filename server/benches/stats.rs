//! `make bench-stats`: latency of the statistics dashboards, their API and
//! the supervisor's dashboard over 1,000,000 generated cases (about
//! 5,000,000 tasks and 5,000,000 events) on the 100,000-item generated
//! catalog, through the real hall router on loopback.
//!
//! The private database (DATABASE_URL; the Makefile starts one in
//! target/bench-stats-db) keeps its data between runs: the first run loads
//! the demo catalog and accounts, generates the catalog
//! (`server::generate`) and the cases (`server::generate_cases`, against
//! the real today) — about a quarter of an hour — and later runs reuse
//! them. Then, for each page or API, CLIENTS clients ask one after another
//! for WARMUP, then for SECONDS (env `BENCH_SECONDS`, default 20); every
//! answer must be 200. It prints the table sizes, p50/p95/p99 and the
//! verdict against the 200 ms p95 target, and writes
//! target/bench/stats.json. Timings are reported, never asserted.

use app::accounts::secrets::DataKey;
use serde_json::json;
use sqlx::PgPool;
use std::time::{Duration, Instant};

use crate::common::{client, drive, pct, pool, scalar, serve};

/// Cases to generate (env `BENCH_CASES` for a smaller trial).
const CASES: usize = 1_000_000;
const ITEMS: usize = 100_000;
/// Clients asking at once.
const CLIENTS: usize = 4;
/// The hall's pool: the server's default.
const POOL: u32 = 10;
const WARMUP: Duration = Duration::from_secs(2);
/// The target: 95 % of answers within this.
const TARGET_P95_MS: f64 = 200.0;

/// Demo catalog and accounts, the generated catalog and cases, unless
/// they are there.
async fn prepare(pool: &PgPool, key: &DataKey) {
    server::MIGRATOR.run(pool).await.unwrap();
    server::reference::load(pool).await.unwrap();
    server::demo::load(pool).await.unwrap();
    server::demo::load_accounts(pool, key).await.unwrap();
    let items = scalar(
        pool,
        "select count(*) from service_item where right(code, 4)::int >= 1000",
    )
    .await;
    if items == 0 {
        // `BENCH_ITEMS` for a smaller trial, like `BENCH_CASES`.
        let items = std::env::var("BENCH_ITEMS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(ITEMS);
        eprintln!("generating {items} items (first run only)…");
        let t = Instant::now();
        server::generate::generate(pool, items).await.unwrap();
        eprintln!(
            "generated the catalog in {:.0} s",
            t.elapsed().as_secs_f64()
        );
    }
    let generated = scalar(
        pool,
        "select count(*) from account where username like 'gen.applicant.%'",
    )
    .await;
    if generated == 0 {
        let cases = std::env::var("BENCH_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(CASES);
        eprintln!("generating {cases} cases (first run only)…");
        let t = Instant::now();
        let done =
            server::generate_cases::generate(pool, key, cases, time::OffsetDateTime::now_utc())
                .await
                .unwrap();
        eprintln!(
            "generated {} cases, {} tasks, {} events, {} ratings, {} notices in {:.0} s",
            done.cases,
            done.tasks,
            done.events,
            done.ratings,
            done.notices,
            t.elapsed().as_secs_f64()
        );
    }
}

#[tokio::main]
pub async fn main() {
    // The generators' progress; requests and slow bulk inserts are not
    // logged.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            "warn,sqlx=error,server::generate=info,server::generate_cases=info",
        ))
        .init();
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL (make bench-stats sets it)");
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let setup = pool(&url, 4).await;
    let key = DataKey::parse(&"42".repeat(32)).unwrap();
    prepare(&setup, &key).await;

    // Sizes of what the dashboards stand on.
    let sizes: Vec<(String, i64, i64)> = sqlx::query_as(
        "select c.relname::text, c.reltuples::int8, pg_total_relation_size(c.oid)
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind = 'r'
         order by pg_total_relation_size(c.oid) desc limit 12",
    )
    .fetch_all(&setup)
    .await
    .unwrap();
    let database: i64 = scalar(&setup, "select pg_database_size(current_database())").await;
    println!("tables (rows estimated by ANALYZE, size with indexes and TOAST):");
    for (name, rows, bytes) in &sizes {
        println!(
            "  {name:<24} {rows:>11} rows {:>9.1} MB",
            *bytes as f64 / 1e6
        );
    }
    println!("  database {:.2} GB", database as f64 / 1e9);

    // The mix of what was generated.
    let statuses: Vec<(String, i64)> =
        sqlx::query_as("select status, count(*) from case_file group by 1 order by 1")
            .fetch_all(&setup)
            .await
            .unwrap();
    let mix: (i64, i64, i64, i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from case_file where channel = 'online'),
                (select count(*) from case_task where state in ('ready', 'claimed')),
                (select count(*) from case_task where state in ('ready', 'claimed')
                                                  and due_on < current_date),
                (select count(*) from supplement_notice where answered_on is null),
                (select count(*) from rating),
                (select count(*) from case_task t where t.state in ('done', 'rejected')
                    and t.kind not in ('acceptance', 'result')
                    and (t.finished_at at time zone 'Asia/Shanghai')::date > t.due_on)",
    )
    .fetch_one(&setup)
    .await
    .unwrap();
    println!(
        "cases by status: {statuses:?}; online {}; steps under way {} (overdue {}); \
         open notices {}; ratings {}; steps finished late {}",
        mix.0, mix.1, mix.2, mix.3, mix.4, mix.5
    );

    // The hall as the server builds it, on the real clock.
    let addr: std::net::SocketAddr = "127.0.0.1:0".parse().unwrap();
    let state = crate::common::hall_state(
        pool(&url, POOL).await,
        key.clone(),
        app::clock::Now::real(),
        addr,
    );
    let hall = serve(server::router(state, None)).await;

    // Guangzhou's busiest departments (the dashboards' most read).
    let departments: Vec<i64> = sqlx::query_scalar(
        "select m.department_id from stat_department_month m
         join department d on d.id = m.department_id where d.region_code = 440100
         group by 1 order by sum(m.cases) desc limit 10",
    )
    .fetch_all(&setup)
    .await
    .unwrap();
    assert!(!departments.is_empty(), "no statistics: generation failed?");
    let supervisor: i64 =
        sqlx::query_scalar("select id from account where username = 'supervisor.gz'")
            .fetch_one(&setup)
            .await
            .unwrap();
    let token = app::accounts::store::session::start(&setup, supervisor)
        .await
        .unwrap();
    let public = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .unwrap();
    let signed_in = client(&token);

    let each = |f: &dyn Fn(i64) -> String| departments.iter().map(|&d| f(d)).collect::<Vec<_>>();
    let targets: Vec<(&str, Vec<String>, &reqwest::Client)> = vec![
        (
            "GET /api/v1/stats/regions",
            vec!["/api/v1/stats/regions".into()],
            &public,
        ),
        (
            "GET /api/v1/stats/departments?region=440100",
            vec!["/api/v1/stats/departments?region=440100".into()],
            &public,
        ),
        (
            "GET /api/v1/stats/departments.csv",
            vec!["/api/v1/stats/departments.csv".into()],
            &public,
        ),
        (
            "GET /api/v1/stats/departments/{id}",
            each(&|d| format!("/api/v1/stats/departments/{d}")),
            &public,
        ),
        ("GET /stats", vec!["/stats".into()], &public),
        (
            "GET /stats/regions/440100",
            vec!["/stats/regions/440100".into()],
            &public,
        ),
        (
            "GET /stats/departments/{id}",
            each(&|d| format!("/stats/departments/{d}")),
            &public,
        ),
        (
            "GET /supervision (supervisor.gz)",
            vec!["/supervision".into()],
            &signed_in,
        ),
        (
            "GET /api/v1/supervision/alerts (supervisor.gz)",
            vec!["/api/v1/supervision/alerts".into()],
            &signed_in,
        ),
        (
            "GET /api/v1/ratings/regions",
            vec!["/api/v1/ratings/regions".into()],
            &public,
        ),
        (
            "GET /api/v1/ratings/departments",
            vec!["/api/v1/ratings/departments".into()],
            &public,
        ),
        (
            "GET /api/v1/ratings/departments?region=440100",
            vec!["/api/v1/ratings/departments?region=440100".into()],
            &public,
        ),
        ("GET /ratings", vec!["/ratings".into()], &public),
    ];
    // `BENCH_ONLY=ratings` measures only the targets whose names have it.
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let targets: Vec<_> = targets
        .into_iter()
        .filter(|(name, ..)| name.contains(only.as_str()))
        .collect();
    let cases = scalar(&setup, "select count(*) from case_file").await;
    let tasks = scalar(&setup, "select count(*) from case_task").await;
    let events = scalar(&setup, "select count(*) from case_event").await;
    println!(
        "\nstats: {cases} cases, {tasks} tasks, {events} events; {CLIENTS} clients, pool of {POOL}, \
         {seconds} s per target after {} s warm-up\n",
        WARMUP.as_secs()
    );
    println!(
        "{:<50} {:>7} {:>7} {:>8} {:>8} {:>8}  p95 ≤ {TARGET_P95_MS} ms",
        "target", "answers", "per s", "p50 ms", "p95 ms", "p99 ms"
    );
    let mut report = Vec::new();
    let mut all_met = true;
    for (name, paths, client) in &targets {
        let clients = vec![(*client).clone(); CLIENTS];
        drive(&clients, &hall, paths, WARMUP).await;
        let (mut lat, secs) = drive(&clients, &hall, paths, Duration::from_secs(seconds)).await;
        lat.sort_by(|a, b| a.total_cmp(b));
        let (p50, p95, p99) = (pct(&lat, 0.50), pct(&lat, 0.95), pct(&lat, 0.99));
        let met = p95 <= TARGET_P95_MS;
        all_met &= met;
        println!(
            "{name:<50} {:>7} {:>7.1} {p50:>8.1} {p95:>8.1} {p99:>8.1}  {}",
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
        "\nverdict: {} (p95 ≤ {TARGET_P95_MS} ms on every statistics page and API at {cases} cases)",
        if all_met { "met" } else { "NOT met" }
    );

    // The rating boards' counts from the rollups (what they read) beside a
    // count over every rating (what they read before issue 16), in the
    // store, one after another: the same boards, and how long each takes.
    use app::ratings::store::{department_board_from, region_board_from, Source};
    let ratings = scalar(&setup, "select count(*) from rating").await;
    println!("\nrating boards in the store ({ratings} ratings), 10 runs each:");
    let mut boards = Vec::new();
    for source in [Source::Ratings, Source::Rollups] {
        let (mut cities, mut departments) = (Vec::new(), Vec::new());
        let mut last = None;
        for _ in 0..10 {
            let t = Instant::now();
            let c = region_board_from(&setup, source).await.unwrap();
            cities.push(t.elapsed().as_secs_f64() * 1000.0);
            let t = Instant::now();
            let d = department_board_from(&setup, None, source).await.unwrap();
            departments.push(t.elapsed().as_secs_f64() * 1000.0);
            last = Some((c, d));
        }
        cities.sort_by(|a, b| a.total_cmp(b));
        departments.sort_by(|a, b| a.total_cmp(b));
        println!(
            "  {source:?}: cities median {:.1} ms (max {:.1}), departments median {:.1} ms (max {:.1})",
            pct(&cities, 0.5),
            cities[cities.len() - 1],
            pct(&departments, 0.5),
            departments[departments.len() - 1]
        );
        report.push(json!({
            "target": format!("store: boards from {source:?}"),
            "cities_median_ms": pct(&cities, 0.5), "departments_median_ms": pct(&departments, 0.5),
        }));
        boards.push(last);
    }
    if let [Some(scan), Some(rolled)] = &boards[..] {
        println!(
            "  the same boards from both: {}",
            if scan == rolled { "yes" } else { "NO" }
        );
    }
    std::fs::create_dir_all("target/bench").ok();
    let out = json!({
        "cases": cases, "tasks": tasks, "events": events, "clients": CLIENTS,
        "seconds": seconds, "target_p95_ms": TARGET_P95_MS, "results": report,
        "tables": sizes.iter().map(|(n, r, b)| json!({"table": n, "rows": r, "bytes": b})).collect::<Vec<_>>(),
        "database_bytes": database,
    });
    std::fs::write(
        "target/bench/stats.json",
        serde_json::to_string_pretty(&out).unwrap(),
    )
    .ok();
}
