//! `make bench-documents`: latency of the documents' search (政务公开,
//! issue 20) over 1,000,000 generated published documents, through the
//! real hall router (every layer) on loopback. The target: p95 ≤ 20 ms for
//! one-, two- and four-character Chinese queries (and the lists without a
//! query).
//!
//! The private database (DATABASE_URL; the Makefile starts one in
//! target/bench-documents-db) keeps its data between runs: the first run
//! loads the demo and generates the documents
//! (`server::generate_documents`, `BENCH_DOCUMENTS` for fewer) — several
//! minutes — and later runs reuse them. Then CLIENTS clients
//! (`BENCH_CLIENTS`) ask one after another for a warm-up, then for
//! `BENCH_SECONDS` (default 10) per target; every answer must be 200. It
//! prints the table sizes, p50/p95/p99 and the verdict, and writes
//! target/bench/documents.json. Timings are reported, never asserted.

use crate::common::{hall_state, measure, pool, print_sizes, scalar, serve};
use app::accounts::secrets::DataKey;
use serde_json::json;
use std::time::{Duration, Instant};

const DOCUMENTS: i64 = 1_000_000;
const CLIENTS: usize = 4;
const POOL: u32 = 10;
const WARMUP: Duration = Duration::from_secs(2);
const TARGET_P95_MS: f64 = 20.0;

/// Queries of one, two and four characters: common and rare words of the
/// generated titles and bodies, and one that matches nothing.
const ONE: &[&str] = &["市", "养", "婚", "税", "鑫"];
const TWO: &[&str] = &["养老", "通知", "救助", "电梯", "办法", "鑫鑫"];
/// Two characters in 500 to 5,000 of the generated documents: between the
/// rare words read from the index and the common ones read newest first.
const MIDDLE: &[&str] = &["会退", "记指", "府新", "和信", "新开", "政厅"];
const FOUR: &[&str] = &[
    "最低生活",
    "城市更新",
    "营商环境",
    "婚姻登记",
    "燃气安全",
    "人工智能",
];

#[tokio::main]
pub async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            "warn,sqlx=error,server::generate_documents=info",
        ))
        .init();
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL (make bench-documents sets it)");
    let env = |name: &str| std::env::var(name).ok().and_then(|s| s.parse::<i64>().ok());
    let seconds = env("BENCH_SECONDS").unwrap_or(10) as u64;
    let clients = env("BENCH_CLIENTS").unwrap_or(CLIENTS as i64) as usize;
    let setup = pool(&url, 4).await;
    let key = DataKey::parse(&"42".repeat(32)).unwrap();
    server::MIGRATOR.run(&setup).await.unwrap();
    server::reference::load(&setup).await.unwrap();
    server::demo::load(&setup).await.unwrap();
    let want = env("BENCH_DOCUMENTS").unwrap_or(DOCUMENTS);
    let t = Instant::now();
    let today = time::OffsetDateTime::now_utc().date();
    let added = server::generate_documents::generate_documents(&setup, want, today)
        .await
        .unwrap();
    if added > 0 {
        // Both tables the search reads: with `review_item` unanalysed, the
        // lists without a query were planned from its empty-table
        // statistics (a run at 30,000 documents: 90 ms instead of 5).
        sqlx::query("vacuum analyze document, review_item")
            .execute(&setup)
            .await
            .unwrap();
        eprintln!(
            "generated {added} documents in {:.0} s",
            t.elapsed().as_secs_f64()
        );
    }
    print_sizes(&setup, "document").await;
    let documents = scalar(
        &setup,
        "select count(*) from document where published_on is not null",
    )
    .await;
    let (department, region): (i64, i32) = sqlx::query_as(
        "select department_id, region_code from document where published_on is not null
         group by 1, 2 order by count(*) desc limit 1",
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
    let search = |qs: &[&str]| {
        qs.iter()
            .map(|q| query("/api/v1/documents", &[("q", q)]))
            .collect::<Vec<_>>()
    };
    let targets: Vec<(&str, Vec<String>)> = vec![
        ("GET /api/v1/documents?q= (1 character)", search(ONE)),
        ("GET /api/v1/documents?q= (2 characters)", search(TWO)),
        ("GET /api/v1/documents?q= (4 characters)", search(FOUR)),
        (
            "GET /api/v1/documents?q= (2 characters, 500–5,000 matches)",
            search(MIDDLE),
        ),
        (
            "GET /api/v1/documents?q=养老&department={id}",
            vec![query(
                "/api/v1/documents",
                &[("q", "养老"), ("department", &department.to_string())],
            )],
        ),
        (
            "GET /api/v1/documents?q=通知&region=440100",
            vec![query(
                "/api/v1/documents",
                &[("q", "通知"), ("region", "440100")],
            )],
        ),
        (
            "GET /api/v1/documents?kind=policy&page=1..5",
            (1..=5)
                .map(|p| format!("/api/v1/documents?kind=policy&page={p}"))
                .collect(),
        ),
        (
            "GET /api/v1/documents?region={code}",
            vec![format!("/api/v1/documents?region={region}")],
        ),
        (
            "GET /disclosure/documents?q=养老 (the page)",
            vec![query("/disclosure/documents", &[("q", "养老")])],
        ),
    ];
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    println!(
        "\ndocuments: {documents} published; {clients} clients, pool of {POOL}, \
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
        "\nverdict: {} (p95 ≤ {TARGET_P95_MS} ms at {documents} documents)",
        if all_met { "met" } else { "NOT met" }
    );
    std::fs::create_dir_all("target/bench").ok();
    let out = json!({
        "documents": documents, "clients": clients, "seconds": seconds,
        "target_p95_ms": TARGET_P95_MS, "results": report,
    });
    std::fs::write(
        "target/bench/documents.json",
        serde_json::to_string_pretty(&out).unwrap(),
    )
    .ok();
}

/// `path` with the query `q` (and any more parameters), encoded.
fn query(path: &str, params: &[(&str, &str)]) -> String {
    let u = reqwest::Url::parse_with_params(&format!("http://hall{path}"), params).unwrap();
    format!("{}?{}", u.path(), u.query().unwrap_or_default())
}
