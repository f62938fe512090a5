//! What the benches share: a database pool, the hall served on loopback, a
//! client with a session, answers for a form, a closed-loop load of GET
//! requests, its percentiles and a table of targets measured against a p95.
#![allow(dead_code)] // each bench uses some of it

use serde_json::{json, Value};
use sqlx::{postgres::PgPoolOptions, PgPool};
use std::time::{Duration, Instant};

/// A pool of `max` connections to `url` that waits up to a minute for one.
pub async fn pool(url: &str, max: u32) -> PgPool {
    PgPoolOptions::new()
        .max_connections(max)
        .acquire_timeout(Duration::from_secs(60))
        .connect(url)
        .await
        .unwrap()
}

/// The hall's state for a bench: its pool, data key and clock; the site
/// under target/site; files in memory.
pub fn hall_state(
    pool: PgPool,
    data_key: app::accounts::secrets::DataKey,
    now: app::clock::Now,
    addr: std::net::SocketAddr,
) -> app::state::AppState {
    app::state::AppState {
        pool,
        leptos_options: server::leptos_options(std::path::Path::new("target/site"), addr),
        secure_cookies: false,
        data_key,
        now,
        objects: app::files::objects::Objects::memory(),
        warn_days: app::supervision::DEFAULT_WARN_DAYS,
    }
}

/// One number from the database.
pub async fn scalar(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

/// Serves `router` on a free loopback port; its base address.
pub async fn serve(router: axum::Router) -> String {
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

/// Each target (a name and the paths asked in turn) measured with
/// `clients` clients for `warmup` and then `length`; prints a line per
/// target against `target_ms` at p95 and returns the lines as JSON and
/// whether every target was met. `only` keeps the targets whose name
/// contains it.
pub async fn measure(
    base: &str,
    targets: &[(&str, Vec<String>)],
    clients: usize,
    warmup: Duration,
    length: Duration,
    target_ms: f64,
    only: &str,
) -> (Vec<Value>, bool) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()
        .unwrap();
    println!(
        "{:<58} {:>7} {:>7} {:>8} {:>8} {:>8}  p95 ≤ {target_ms} ms",
        "target", "answers", "per s", "p50 ms", "p95 ms", "p99 ms"
    );
    let mut report = Vec::new();
    let mut all_met = true;
    for (name, paths) in targets.iter().filter(|(n, _)| n.contains(only)) {
        let cs = vec![client.clone(); clients];
        drive(&cs, base, paths, warmup).await;
        let (mut lat, secs) = drive(&cs, base, paths, length).await;
        lat.sort_by(|a, b| a.total_cmp(b));
        let (p50, p95, p99) = (pct(&lat, 0.50), pct(&lat, 0.95), pct(&lat, 0.99));
        let met = p95 <= target_ms;
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
    (report, all_met)
}

/// The public tables whose name starts with `prefix`: rows (as ANALYZE
/// estimated them) and size with indexes, printed.
pub async fn print_sizes(pool: &PgPool, prefix: &str) {
    let sizes: Vec<(String, i64, i64)> = sqlx::query_as(
        "select c.relname::text, c.reltuples::int8, pg_total_relation_size(c.oid)
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind = 'r' and c.relname like $1 || '%'
         order by pg_total_relation_size(c.oid) desc",
    )
    .bind(prefix)
    .fetch_all(pool)
    .await
    .unwrap();
    println!("tables (rows estimated by ANALYZE, size with indexes):");
    for (name, rows, bytes) in &sizes {
        println!(
            "  {name:<24} {rows:>11} rows {:>9.1} MB",
            *bytes as f64 / 1e6
        );
    }
}

/// A client sending the session cookie `token`.
pub fn client(token: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", format!("banshi_session={token}").parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

/// An answer for every field of the form, of the kind the field asks for.
pub fn answers(form: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for f in form["fields"].as_array().into_iter().flatten() {
        let key = f["key"].as_str().unwrap_or_default();
        match f["kind"].as_str().unwrap_or_default() {
            "address" => {
                out.insert(format!("{key}.region"), json!("440106"));
                out.insert(format!("{key}.detail"), json!("天河路 100 号"));
            }
            "choice" => {
                out.insert(key.into(), f["options"][0]["value"].clone());
            }
            kind => {
                let v = match kind {
                    "id_number" => "440106199003071231",
                    "mobile" => "13800138000",
                    "person_name" => "张小明",
                    "date" => "2026-09-20",
                    "credit_code" => "91440101MA59Q8R3XA",
                    "number" => "1",
                    _ => "Q440100",
                };
                out.insert(key.into(), json!(v));
            }
        }
    }
    Value::Object(out)
}

/// One worker per client, each asking for `paths` in turn (worker `w`
/// starting at the `w`-th) under `base` again as soon as the last answer
/// was read, for `length`; every answer must be 200. The latencies in
/// milliseconds, unsorted, and the seconds it took.
pub async fn drive(
    clients: &[reqwest::Client],
    base: &str,
    paths: &[String],
    length: Duration,
) -> (Vec<f64>, f64) {
    let started = Instant::now();
    let until = started + length;
    let mut workers = Vec::new();
    for (w, client) in clients.iter().enumerate() {
        let (client, base, paths) = (client.clone(), base.to_string(), paths.to_vec());
        workers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            let mut n = w;
            while Instant::now() < until {
                let path = &paths[n % paths.len()];
                n += 1;
                let t = Instant::now();
                let res = client.get(format!("{base}{path}")).send().await.unwrap();
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

/// The `p` quantile of sorted latencies.
pub fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}
