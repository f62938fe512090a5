//! `make bench-tracking`: tracking lookups per second at
//! `GET /api/v1/cases/{case_no}?code=…` (the real hall router, every layer),
//! side by side with the floor on this machine: a minimal axum + sqlx
//! handler doing the same indexed queries on the same database (the case by
//! number and query code, then its tracked steps with their department,
//! unit and post) and answering JSON — nothing else.
//!
//! The private database (DATABASE_URL; the Makefile starts one in
//! target/bench-tracking-db) keeps its cases between runs: the first run
//! submits CASES birth-bundle applications through the API. Both servers
//! listen on 127.0.0.1 only and get the same load: CONCURRENCY clients,
//! each asking for the next case in turn, in ROUNDS alternating timed
//! rounds (hall then floor, floor then hall, … after a warm-up of each), so
//! noise on the shared machine hits both alike; it prints each round, both
//! servers' lookups/s with p50/p95/p99 over all rounds, and the ratio
//! hall/floor (over all rounds, and the median and spread of the rounds').
//! Every lookup must answer 200.

use app::accounts::{forms::CitizenForm, secrets::DataKey, store};
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    Json,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sqlx::PgPool;
use std::{
    sync::Arc,
    time::{Duration, Instant},
};
use time::Date;

use crate::common::{answers, client, pct, pool, serve};

/// Cases to look up (made on the first run).
const CASES: usize = 600;
/// Clients asking at once.
const CONCURRENCY: usize = 12;
/// Connections in each server's pool: the server's default
/// (`BANSHI_DB_MAX_CONNECTIONS`).
const POOL: u32 = 10;
const WARMUP: Duration = Duration::from_secs(2);
const ROUND: Duration = Duration::from_secs(3);
/// Timed rounds of each server.
const ROUNDS: usize = 8;

/// The floor's answer: the case and its tracked steps.
#[derive(Serialize)]
struct FloorCase {
    case_no: String,
    service_zh: String,
    service_en: String,
    status: String,
    accepted_on: Date,
    due_on: Date,
    steps: Vec<FloorStep>,
}

#[derive(Serialize)]
struct FloorStep {
    kind: String,
    name_zh: String,
    name_en: String,
    department_zh: String,
    department_en: String,
    unit_zh: String,
    unit_en: String,
    post_zh: String,
    post_en: String,
    state: String,
    started_on: Option<Date>,
    due_on: Option<Date>,
}

#[derive(Deserialize)]
struct Code {
    #[serde(default)]
    code: String,
}

/// The floor: the same two indexed queries the hall makes for a case, and
/// JSON.
async fn floor_track(
    State(pool): State<PgPool>,
    Path(case_no): Path<String>,
    Query(q): Query<Code>,
) -> Result<Json<FloorCase>, StatusCode> {
    type Head = (i64, String, String, String, String, Date, Date);
    let head: Option<Head> = sqlx::query_as(
        "select c.id, c.case_no, coalesce(i.name_zh, b.name_zh), coalesce(i.name_en, b.name_en),
                c.status, c.accepted_on, c.due_on
         from case_file c
         left join service_item i on i.id = c.item_id
         left join bundle b on b.id = c.bundle_id
         where c.case_no = $1 and c.query_code = $2",
    )
    .bind(&case_no)
    .bind(&q.code)
    .fetch_optional(&pool)
    .await
    .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let Some((id, case_no, service_zh, service_en, status, accepted_on, due_on)) = head else {
        return Err(StatusCode::NOT_FOUND);
    };
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<Date>,
        Option<Date>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select t.kind, t.name_zh, t.name_en, d.name_zh, d.name_en, u.name_zh, u.name_en,
                p.name_zh, p.name_en, t.state, t.started_on, t.due_on
         from case_task t join department d on d.id = t.department_id
         join department_unit u on u.id = t.unit_id
         join department_post p on p.id = t.post_id
         where t.case_id = $1 and t.tracking_point order by t.id",
    )
    .bind(id)
    .fetch_all(&pool)
    .await
    .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let steps = rows
        .into_iter()
        .map(
            |(kind, nzh, nen, dzh, den, uzh, uen, pzh, pen, state, started, due)| FloorStep {
                kind,
                name_zh: nzh,
                name_en: nen,
                department_zh: dzh,
                department_en: den,
                unit_zh: uzh,
                unit_en: uen,
                post_zh: pzh,
                post_en: pen,
                state,
                started_on: started,
                due_on: due,
            },
        )
        .collect();
    Ok(Json(FloorCase {
        case_no,
        service_zh,
        service_en,
        status,
        accepted_on,
        due_on,
        steps,
    }))
}

/// Submits birth-bundle applications until there are `CASES` cases.
async fn prepare(pool: &PgPool, key: &DataKey, base: &str) {
    let have: i64 = sqlx::query_scalar("select count(*) from case_file")
        .fetch_one(pool)
        .await
        .unwrap();
    let missing = CASES.saturating_sub(have as usize);
    if missing == 0 {
        return;
    }
    let applicant: Option<i64> =
        sqlx::query_scalar("select id from account where username = 'bench.citizen'")
            .fetch_optional(pool)
            .await
            .unwrap();
    let applicant = match applicant {
        Some(id) => id,
        None => {
            let form = CitizenForm {
                username: "bench.citizen".into(),
                password: "Correct-Horse-9".into(),
                real_name: "张小明".into(),
                id_number: "440106194912310022".into(),
                mobile: "13800138000".into(),
            }
            .parse()
            .unwrap();
            store::register_citizen(pool, key, &form, "bench")
                .await
                .unwrap()
                .id
        }
    };
    let token = store::session::start(pool, applicant).await.unwrap();
    let citizen = client(&token);
    let form: Value = citizen
        .get(format!(
            "{base}/api/v1/applications/form?bundle=440100/birth"
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let answers = answers(&form);
    let uploads = scans(&citizen, base, &form).await;
    eprintln!("submitting {missing} birth-bundle applications (first run only)…");
    let started = Instant::now();
    let mut workers = Vec::new();
    for w in 0..8 {
        let (citizen, base, answers) = (citizen.clone(), base.to_string(), answers.clone());
        let uploads = uploads.clone();
        workers.push(tokio::spawn(async move {
            for _ in (w..missing).step_by(8) {
                let res = citizen
                    .post(format!("{base}/api/v1/applications"))
                    .header("idempotency-key", uuid::Uuid::new_v4().to_string())
                    .json(&json!({"bundle": "440100/birth", "answers": answers, "declaration": true, "uploads": uploads}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
            }
        }));
    }
    for w in workers {
        w.await.unwrap();
    }
    eprintln!("submitted in {:.0} s", started.elapsed().as_secs_f64());
}

/// What one timed run of one server gave.
struct Run {
    lookups: usize,
    secs: f64,
    latencies_ms: Vec<f64>,
}

/// `CONCURRENCY` clients asking `base` for case after case for `length`.
async fn drive(base: &str, cases: &Arc<Vec<(String, String)>>, length: Duration) -> Run {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .unwrap();
    let started = Instant::now();
    let until = started + length;
    let mut workers = Vec::new();
    for w in 0..CONCURRENCY {
        let (client, base, cases) = (client.clone(), base.to_string(), cases.clone());
        workers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            let mut n = w * cases.len() / CONCURRENCY;
            while Instant::now() < until {
                let (no, code) = &cases[n % cases.len()];
                n += 1;
                let t = Instant::now();
                let res = client
                    .get(format!("{base}/{no}?code={code}"))
                    .send()
                    .await
                    .unwrap();
                let status = res.status();
                let body = res.bytes().await.unwrap();
                assert_eq!(
                    status,
                    200,
                    "{base}/{no}: {}",
                    String::from_utf8_lossy(&body)
                );
                mine.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            mine
        }));
    }
    let mut latencies_ms = Vec::new();
    for w in workers {
        latencies_ms.extend(w.await.unwrap());
    }
    Run {
        lookups: latencies_ms.len(),
        secs: started.elapsed().as_secs_f64(),
        latencies_ms,
    }
}

/// Lookups per second over all rounds, and the percentiles of them all.
fn summary(runs: &[Run]) -> (f64, f64, f64, f64) {
    let lookups: usize = runs.iter().map(|r| r.lookups).sum();
    let secs: f64 = runs.iter().map(|r| r.secs).sum();
    let mut all: Vec<f64> = runs
        .iter()
        .flat_map(|r| r.latencies_ms.iter().copied())
        .collect();
    all.sort_by(|a, b| a.total_cmp(b));
    (
        lookups as f64 / secs,
        pct(&all, 0.50),
        pct(&all, 0.95),
        pct(&all, 0.99),
    )
}

#[tokio::main]
pub async fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL (make bench-tracking sets it)");
    let setup = pool(&url, 10).await;
    server::MIGRATOR.run(&setup).await.unwrap();
    server::reference::load(&setup).await.unwrap();
    server::demo::load(&setup).await.unwrap();
    let key = DataKey::parse(&"42".repeat(32)).unwrap();

    // The hall, as the server builds it, with its own pool.
    let hall_pool = pool(&url, POOL).await;
    let addr: std::net::SocketAddr = "127.0.0.1:0".parse().unwrap();
    let state = crate::common::hall_state(
        hall_pool,
        key.clone(),
        app::clock::Now::fixed(time::macros::datetime!(2026-09-30 10:00 +8)),
        addr,
    );
    let hall = serve(server::router(state, None)).await;
    prepare(&setup, &key, &hall).await;

    // The floor, with a pool of the same size.
    let floor = serve(
        axum::Router::new()
            .route("/cases/{case_no}", axum::routing::get(floor_track))
            .with_state(pool(&url, POOL).await),
    )
    .await;

    // Successes are never throttled; a failure left by an earlier run
    // must not count against this one.
    sqlx::query("delete from rate_limit where key like 'track:%'")
        .execute(&setup)
        .await
        .unwrap();
    let cases: Vec<(String, String)> =
        sqlx::query_as("select case_no, query_code from case_file order by id")
            .fetch_all(&setup)
            .await
            .unwrap();
    assert!(cases.len() >= CASES, "{} cases", cases.len());
    let steps: i64 = sqlx::query_scalar("select count(*) from case_task where tracking_point")
        .fetch_one(&setup)
        .await
        .unwrap();
    let cases = Arc::new(cases);
    let hall_api = format!("{hall}/api/v1/cases");
    let floor_api = format!("{floor}/cases");

    // The same case must read the same through both.
    let (no, code) = &cases[0];
    let h: Value = reqwest::get(format!("{hall_api}/{no}?code={code}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let f: Value = reqwest::get(format!("{floor_api}/{no}?code={code}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(h["case_no"], f["case_no"]);
    assert_eq!(
        h["steps"].as_array().unwrap().len(),
        f["steps"].as_array().unwrap().len()
    );

    println!(
        "tracking: {} cases ({:.1} tracked steps each), {CONCURRENCY} clients, pools of {POOL}, \
         {ROUNDS} alternating rounds of {} s each after {} s warm-up",
        cases.len(),
        steps as f64 / cases.len() as f64,
        ROUND.as_secs(),
        WARMUP.as_secs()
    );
    drive(&hall_api, &cases, WARMUP).await;
    drive(&floor_api, &cases, WARMUP).await;
    let (mut halls, mut floors, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        // Alternate which goes first, so a trend in the machine's load
        // hits both alike.
        let (h, f) = if round % 2 == 0 {
            let h = drive(&hall_api, &cases, ROUND).await;
            (h, drive(&floor_api, &cases, ROUND).await)
        } else {
            let f = drive(&floor_api, &cases, ROUND).await;
            (drive(&hall_api, &cases, ROUND).await, f)
        };
        let (hr, fr) = (h.lookups as f64 / h.secs, f.lookups as f64 / f.secs);
        println!(
            "  round {}: hall {hr:.0}/s, floor {fr:.0}/s, ratio {:.2}",
            round + 1,
            hr / fr
        );
        ratios.push(hr / fr);
        halls.push(h);
        floors.push(f);
    }
    let (hr, h50, h95, h99) = summary(&halls);
    let (fr, f50, f95, f99) = summary(&floors);
    println!(
        "hall  (GET /api/v1/cases/{{no}}?code=): {hr:.0} lookups/s, p50 {h50:.2} ms, p95 {h95:.2} ms, p99 {h99:.2} ms"
    );
    println!(
        "floor (axum + sqlx, same 2 queries): {fr:.0} lookups/s, p50 {f50:.2} ms, p95 {f95:.2} ms, p99 {f99:.2} ms"
    );
    ratios.sort_by(|a, b| a.total_cmp(b));
    println!(
        "ratio hall/floor: {:.2} over all rounds; per round median {:.2}, from {:.2} to {:.2} (target ≥ 0.70)",
        hr / fr,
        (ratios[(ROUNDS - 1) / 2] + ratios[ROUNDS / 2]) / 2.0,
        ratios[0],
        ratios[ROUNDS - 1]
    );
}

/// A scan of each required material of `form`, uploaded by `citizen`: a
/// submission's `uploads` (the same scans serve every submission).
async fn scans(citizen: &reqwest::Client, base: &str, form: &Value) -> Value {
    let img = image::RgbImage::from_pixel(8, 8, image::Rgb([200, 30, 30]));
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let png = png.into_inner();
    let mut out = Vec::new();
    for m in form["materials"].as_array().unwrap() {
        if m["required"] != json!(true) {
            continue;
        }
        let up: Value = citizen
            .post(format!("{base}/api/v1/uploads"))
            .header("x-file-name", "scan.png")
            .header("content-type", "image/png")
            .body(png.clone())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        out.push(json!({"id": up["id"], "material": m["key"]}));
    }
    Value::Array(out)
}
