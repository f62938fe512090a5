//! `make bench-services`: pages per second of the navigator (`GET
//! /services`) at 16 connections, with the home page (`GET /`) beside it
//! for comparison, from the release server binary on this machine.
//!
//! The server under test is the real binary (`BENCH_SERVER`, the Makefile
//! gives `target/release/server`) in a process of its own, on the private
//! database (DATABASE_URL; the Makefile starts one in
//! target/bench-services-db) with the demo catalog (`BANSHI_DEMO_DATA=1`,
//! loaded on its first start), listening on 127.0.0.1 only. The load
//! client is this process: one thread, CONNECTIONS keep-alive connections
//! (one client each), each asking for the page again as soon as the last
//! answer has been read — a closed loop like `oha -c 16`. Client and
//! server share the machine's 2 cores, as any load tool here would. After
//! a WARMUP, each page is asked for SECONDS (env `BENCH_SECONDS`, default
//! 15); every answer must be 200. It prints pages/s and p50/p95/p99, the
//! verdict against the target (/services ≥ 1,000 pages/s with p99 ≤ 50 ms)
//! and writes target/bench/services.json. Timings are reported, never
//! asserted.

use crate::common::{drive, pct};
use serde_json::json;
use std::{
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

/// Connections asking at once.
const CONNECTIONS: usize = 16;
const WARMUP: Duration = Duration::from_secs(3);
const TARGET_PER_SECOND: f64 = 1000.0;
const TARGET_P99_MS: f64 = 50.0;

/// The server process, stopped when the bench ends however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

// One thread for the load: the server process gets what is left of the
// two cores.
#[tokio::main(flavor = "current_thread")]
pub async fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL (make bench-services sets it)");
    let binary = std::env::var("BENCH_SERVER").expect("BENCH_SERVER: the server binary to measure");
    let site = std::env::var("BENCH_SITE_ROOT").unwrap_or_else(|_| "target/site".into());
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    let port = free_port();
    let data_dir =
        std::env::temp_dir().join(format!("banshi-bench-services-{}", std::process::id()));
    std::fs::create_dir_all(&data_dir).unwrap();
    let _server = Server(
        Command::new(&binary)
            .env("DATABASE_URL", &url)
            .env("BANSHI_DATA_KEY", "42".repeat(32))
            .env("BANSHI_DEMO_DATA", "1")
            .env("BANSHI_DATA_DIR", &data_dir)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", &site)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{binary}: {e}")),
    );
    let base = format!("http://127.0.0.1:{port}");
    // The first start loads the demo catalog: wait for it.
    let probe = reqwest::Client::new();
    let ready = Instant::now();
    loop {
        if let Ok(res) = probe.get(format!("{base}/services")).send().await {
            if res.status() == 200 {
                break;
            }
        }
        assert!(
            ready.elapsed() < Duration::from_secs(600),
            "the server did not answer within 10 minutes"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let clients: Vec<reqwest::Client> = (0..CONNECTIONS)
        .map(|_| {
            reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .build()
                .unwrap()
        })
        .collect();
    println!(
        "\nservices: the release server ({binary}) on 127.0.0.1, {CONNECTIONS} connections from one \
         client thread, {seconds} s per page after {} s warm-up\n",
        WARMUP.as_secs()
    );
    println!(
        "{:<16} {:>8} {:>9} {:>8} {:>8} {:>8}",
        "page", "answers", "pages/s", "p50 ms", "p95 ms", "p99 ms"
    );
    let mut report = Vec::new();
    let mut verdict = None;
    for path in ["/services", "/"] {
        let page = [path.to_string()];
        drive(&clients, &base, &page, WARMUP).await;
        let (mut lat, secs) = drive(&clients, &base, &page, Duration::from_secs(seconds)).await;
        lat.sort_by(|a, b| a.total_cmp(b));
        let (p50, p95, p99) = (pct(&lat, 0.50), pct(&lat, 0.95), pct(&lat, 0.99));
        let rate = lat.len() as f64 / secs;
        println!(
            "{path:<16} {:>8} {rate:>9.1} {p50:>8.2} {p95:>8.2} {p99:>8.2}",
            lat.len()
        );
        if path == "/services" {
            verdict = Some(rate >= TARGET_PER_SECOND && p99 <= TARGET_P99_MS);
        }
        report.push(json!({
            "page": path, "answers": lat.len(), "per_second": rate,
            "p50_ms": p50, "p95_ms": p95, "p99_ms": p99,
        }));
    }
    let met = verdict.unwrap_or(false);
    println!(
        "\nverdict: {} (/services ≥ {TARGET_PER_SECOND} pages/s with p99 ≤ {TARGET_P99_MS} ms)",
        if met { "met" } else { "NOT met" }
    );
    std::fs::create_dir_all("target/bench").ok();
    std::fs::write(
        "target/bench/services.json",
        serde_json::to_string_pretty(&json!({
            "connections": CONNECTIONS, "seconds": seconds, "results": report, "met": met,
        }))
        .unwrap(),
    )
    .ok();
    let _ = std::fs::remove_dir_all(&data_dir);
}
