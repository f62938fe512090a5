//! `make bench-investment`: latency of an investment project's public
//! status and of an enterprise's "my projects" (issue 18) over 100,000
//! generated projects, through the real hall router (every layer) on
//! loopback. The target: p95 ≤ 50 ms for each.
//!
//! The private database (DATABASE_URL; the Makefile starts one in
//! target/bench-investment-db) keeps its data between runs: the first run
//! loads the demo catalog (the four stage bundles of every city) and
//! generates the projects with their owners and stage cases
//! (`server::generate_projects`, against the real today; `BENCH_PROJECTS`
//! for fewer); later runs reuse them. Then CLIENTS clients ask, one
//! request after another, for random projects' `GET
//! /api/v1/investment/projects/{code}` and `/investment/projects/{code}`,
//! and, signed in as random owners (sessions made directly as the tests
//! make them), `GET /api/v1/me/projects` and `/me/projects` — plus the
//! API for the owners with 100 projects alone, the heaviest answer. Each
//! target gets a warm-up, then ROUNDS rounds of `BENCH_SECONDS` (default
//! 5) taken in turn with the others; every answer must be 200. It prints
//! each round's answers per second, each target's p50/p95/p99 over all
//! rounds and the verdict, and writes target/bench/investment.json.
//! Timings are reported, never asserted.

use app::accounts::secrets::DataKey;
use serde_json::json;
use server::rng::Rng;
use sqlx::PgPool;
use std::time::{Duration, Instant};

use crate::common::{pct, pool, scalar, serve};

/// Projects to generate (env `BENCH_PROJECTS` for a smaller trial).
const PROJECTS: usize = 100_000;
/// Clients asking at once (env `BENCH_CLIENTS`: 1 shows an answer's own
/// cost, without the others' share of the cores).
fn clients() -> usize {
    std::env::var("BENCH_CLIENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(8)
}
/// The hall's pool: the server's default.
const POOL: u32 = 10;
const WARMUP: Duration = Duration::from_secs(2);
/// Timed rounds of each target (taken in turn with the others).
const ROUNDS: usize = 3;
/// Random projects and owners asked for.
const CODES: usize = 2_000;
const OWNERS: usize = 1_000;
/// The target: 95 % of answers within this.
const TARGET_P95_MS: f64 = 50.0;

/// The demo catalog and the generated projects, unless they are there.
async fn prepare(pool: &PgPool, key: &DataKey) {
    server::MIGRATOR.run(pool).await.unwrap();
    server::reference::load(pool).await.unwrap();
    server::demo::load(pool).await.unwrap();
    let owners = scalar(
        pool,
        "select count(*) from account where username like 'gen.enterprise.%'",
    )
    .await;
    if owners == 0 {
        let projects = std::env::var("BENCH_PROJECTS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(PROJECTS);
        eprintln!("generating {projects} projects (first run only)…");
        let t = Instant::now();
        let done = server::generate_projects::generate(
            pool,
            key,
            projects,
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
        eprintln!(
            "generated {} projects of {} owners (furthest stage with a case, none to 4: {:?}; \
             all four completed {}; rejected stages {}): {} cases, {} tasks, {} events, \
             {} ratings in {:.0} s",
            done.projects,
            done.owners,
            done.by_stage,
            done.completed,
            done.rejected,
            done.cases.cases,
            done.cases.tasks,
            done.cases.events,
            done.cases.ratings,
            t.elapsed().as_secs_f64()
        );
    }
}

/// A request: its path, and the session it is sent with.
type Request = (String, Option<String>);

/// CLIENTS workers, each sending `requests` in turn (worker `w` starting
/// at its share) under `base` as soon as the last answer was read, for
/// `length`; every answer must be 200. The latencies in milliseconds and
/// the seconds it took.
async fn drive(
    client: &reqwest::Client,
    base: &str,
    requests: &[Request],
    length: Duration,
) -> (Vec<f64>, f64) {
    let started = Instant::now();
    let until = started + length;
    let mut workers = Vec::new();
    for w in 0..clients() {
        let (client, base, requests) = (client.clone(), base.to_string(), requests.to_vec());
        workers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            let mut n = w * requests.len() / clients();
            while Instant::now() < until {
                let (path, token) = &requests[n % requests.len()];
                n += 1;
                let t = Instant::now();
                let mut req = client.get(format!("{base}{path}"));
                if let Some(token) = token {
                    req = req.header("cookie", format!("banshi_session={token}"));
                }
                let res = req.send().await.unwrap();
                let status = res.status();
                let body = res.bytes().await.unwrap();
                assert_eq!(
                    status,
                    200,
                    "{path}: {}",
                    String::from_utf8_lossy(&body[..body.len().min(500)])
                );
                mine.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            mine
        }));
    }
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await.unwrap());
    }
    (all, started.elapsed().as_secs_f64())
}

#[tokio::main]
pub async fn main() {
    // The generators' progress; requests are not logged.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            "warn,sqlx=error,server::generate_projects=info",
        ))
        .init();
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL (make bench-investment sets it)");
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let setup = pool(&url, 4).await;
    let key = DataKey::parse(&"42".repeat(32)).unwrap();
    prepare(&setup, &key).await;

    // What was generated.
    let projects = scalar(&setup, "select count(*) from investment_project").await;
    let owners = scalar(
        &setup,
        "select count(distinct owner_id) from investment_project",
    )
    .await;
    let cases: Vec<(String, i64)> = sqlx::query_as(
        "select status, count(*) from case_file where project_id is not null group by 1 order by 1",
    )
    .fetch_all(&setup)
    .await
    .unwrap();
    let tasks = scalar(
        &setup,
        "select count(*) from case_task t join case_file c on c.id = t.case_id
         where c.project_id is not null",
    )
    .await;
    let database = scalar(&setup, "select pg_database_size(current_database())").await;
    println!(
        "investment: {projects} projects of {owners} owners; stage cases by status {cases:?}; \
         {tasks} tasks of stage cases; database {:.2} GB",
        database as f64 / 1e9
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

    // Random projects; random owners, and the big ones apart.
    let mut rng = Rng::new(0xB3_1C4);
    let codes: Vec<String> = sqlx::query_scalar("select code from investment_project order by id")
        .fetch_all(&setup)
        .await
        .unwrap();
    let codes: Vec<String> = (0..CODES)
        .map(|_| codes[rng.below(codes.len() as u64) as usize].clone())
        .collect();
    let by_owner: Vec<(i64, i64)> =
        sqlx::query_as("select owner_id, count(*) from investment_project group by 1 order by 1")
            .fetch_all(&setup)
            .await
            .unwrap();
    let big: Vec<i64> = by_owner.iter().filter(|o| o.1 >= 50).map(|o| o.0).collect();
    let sampled: Vec<i64> = (0..OWNERS)
        .map(|_| by_owner[rng.below(by_owner.len() as u64) as usize].0)
        .collect();
    let mut tokens = std::collections::HashMap::new();
    for &o in sampled.iter().chain(&big) {
        if let std::collections::hash_map::Entry::Vacant(e) = tokens.entry(o) {
            e.insert(
                app::accounts::store::session::start(&setup, o)
                    .await
                    .unwrap(),
            );
        }
    }
    let public = |f: &dyn Fn(&str) -> String| -> Vec<Request> {
        codes.iter().map(|c| (f(c), None)).collect()
    };
    let signed = |who: &[i64], path: &str| -> Vec<Request> {
        who.iter()
            .map(|o| (path.to_string(), Some(tokens[o].clone())))
            .collect()
    };
    let mut targets: Vec<(String, Vec<Request>)> = vec![
        (
            "GET /api/v1/investment/projects/{code}".into(),
            public(&|c| format!("/api/v1/investment/projects/{c}")),
        ),
        (
            "GET /investment/projects/{code}".into(),
            public(&|c| format!("/investment/projects/{c}")),
        ),
        (
            "GET /api/v1/me/projects".into(),
            signed(&sampled, "/api/v1/me/projects"),
        ),
        ("GET /me/projects".into(), signed(&sampled, "/me/projects")),
    ];
    if !big.is_empty() {
        targets.push((
            format!("GET /api/v1/me/projects ({} owners of 100)", big.len()),
            signed(&big, "/api/v1/me/projects"),
        ));
    }
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients())
        .build()
        .unwrap();
    println!(
        "{} clients, pool of {POOL}, {} random projects, {} random owners; \
         {ROUNDS} rounds of {seconds} s per target after {} s warm-up\n",
        clients(),
        codes.len(),
        sampled.len(),
        WARMUP.as_secs()
    );
    for (_, requests) in &targets {
        drive(&client, &hall, requests, WARMUP).await;
    }
    let mut results: Vec<(Vec<f64>, f64)> = vec![(Vec::new(), 0.0); targets.len()];
    for round in 0..ROUNDS {
        let mut line = format!("  round {}:", round + 1);
        for (t, (_, requests)) in targets.iter().enumerate() {
            let (lat, secs) = drive(&client, &hall, requests, Duration::from_secs(seconds)).await;
            line.push_str(&format!(" {:.0}/s", lat.len() as f64 / secs));
            results[t].0.extend(lat);
            results[t].1 += secs;
        }
        println!("{line}");
    }
    println!(
        "\n{:<52} {:>7} {:>7} {:>8} {:>8} {:>8}  p95 ≤ {TARGET_P95_MS} ms",
        "target", "answers", "per s", "p50 ms", "p95 ms", "p99 ms"
    );
    let mut report = Vec::new();
    let mut all_met = true;
    for ((name, _), (mut lat, secs)) in targets.iter().zip(results) {
        lat.sort_by(|a, b| a.total_cmp(b));
        let (p50, p95, p99) = (pct(&lat, 0.50), pct(&lat, 0.95), pct(&lat, 0.99));
        let met = p95 <= TARGET_P95_MS;
        all_met &= met;
        println!(
            "{name:<52} {:>7} {:>7.1} {p50:>8.1} {p95:>8.1} {p99:>8.1}  {}",
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
        "\nverdict: {} (p95 ≤ {TARGET_P95_MS} ms for the status and my projects at {projects} projects)",
        if all_met { "met" } else { "NOT met" }
    );
    std::fs::create_dir_all("target/bench").ok();
    let out = json!({
        "projects": projects, "owners": owners, "clients": clients(), "rounds": ROUNDS,
        "seconds": seconds, "target_p95_ms": TARGET_P95_MS, "results": report,
        "database_bytes": database,
    });
    std::fs::write(
        "target/bench/investment.json",
        serde_json::to_string_pretty(&out).unwrap(),
    )
    .ok();
}
