//! `make bench-workflow`: submissions per second through
//! `POST /api/v1/applications` (the birth bundle: 4 departments, 10 tasks,
//! sealed answers, the event log), then 8 clerks of one post claiming
//! concurrently from one queue (`POST /api/v1/staff/tasks/claim`) until it
//! is empty — checking no task is claimed twice. Runs on loopback against
//! the database in `DATABASE_URL` (the Makefile starts a private one),
//! emptied of cases first.

use app::accounts::{
    forms::CitizenForm,
    secrets::DataKey,
    store::{self, session, Assignment, NewOfficial},
    Role, Username,
};
use serde_json::{json, Value};
use sqlx::postgres::PgPoolOptions;
use std::time::Instant;

const SUBMISSIONS: usize = 400;
const CONCURRENCY: usize = 8;
const CLERKS: usize = 8;

use crate::common::{answers, client};

#[tokio::main]
pub async fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL (make bench-workflow sets it)");
    let pool = PgPoolOptions::new()
        .max_connections(20)
        .connect(&url)
        .await
        .unwrap();
    server::MIGRATOR.run(&pool).await.unwrap();
    server::reference::load(&pool).await.unwrap();
    server::demo::load(&pool).await.unwrap();
    let key = DataKey::parse(&"42".repeat(32)).unwrap();
    sqlx::query(
        "truncate case_file, case_part, case_task, case_material, supplement_notice,
                  supplement_request, joint_inspection, application_draft cascade",
    )
    .execute(&pool)
    .await
    .ok();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = crate::common::hall_state(
        pool.clone(),
        key.clone(),
        app::clock::Now::fixed(time::macros::datetime!(2026-09-30 10:00 +8)),
        addr,
    );
    let router = server::router(state, None);
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap()
    });
    let base = format!("http://{addr}");

    // The applicant (made once; the bench database is kept between runs).
    let applicant: Option<i64> =
        sqlx::query_scalar("select id from account where username = 'bench.citizen'")
            .fetch_optional(&pool)
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
            store::register_citizen(&pool, &key, &form, "bench")
                .await
                .unwrap()
                .id
        }
    };
    let citizen = client(&session::start(&pool, applicant).await.unwrap());

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
    let uploads = scans(&citizen, &base, &form).await;
    let started = Instant::now();
    let mut latencies = Vec::with_capacity(SUBMISSIONS);
    let per_worker = SUBMISSIONS / CONCURRENCY;
    let mut workers = Vec::new();
    for w in 0..CONCURRENCY {
        let (citizen, base, answers) = (citizen.clone(), base.clone(), answers.clone());
        let uploads = uploads.clone();
        workers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            for n in 0..per_worker {
                let key = uuid::Uuid::new_v4();
                let t = Instant::now();
                let res = citizen
                    .post(format!("{base}/api/v1/applications"))
                    .header("idempotency-key", key.to_string())
                    .json(&json!({"bundle": "440100/birth", "answers": answers, "declaration": true, "uploads": uploads}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(
                    res.status(),
                    201,
                    "worker {w} #{n}: {}",
                    res.text().await.unwrap()
                );
                mine.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            mine
        }));
    }
    for w in workers {
        latencies.extend(w.await.unwrap());
    }
    let secs = started.elapsed().as_secs_f64();
    latencies.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "submissions: {SUBMISSIONS} birth-bundle applications, {CONCURRENCY} at a time: {:.1}/s, p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms",
        SUBMISSIONS as f64 / secs,
        pct(0.50),
        pct(0.95),
        pct(0.99)
    );

    // Eight clerks of the post reviewing the first part, all claiming at once.
    let (d, u, p): (i64, i64, i64) = sqlx::query_as(
        "select department_id, unit_id, post_id from case_task where step_key = 'p1-review' limit 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let mut clerks = Vec::new();
    for n in 0..CLERKS {
        let name = format!("bench.clerk.{n}");
        let id: Option<i64> = sqlx::query_scalar("select id from account where username = $1")
            .bind(&name)
            .fetch_optional(&pool)
            .await
            .unwrap();
        let id = match id {
            Some(id) => id,
            None => {
                store::create_official(
                    &pool,
                    &key,
                    NewOfficial {
                        username: Username::parse(&name).unwrap(),
                        password: "Correct-Horse-9".into(),
                        display_name: name.clone(),
                        role: Role::Staff,
                        assignment: Assignment::Post(d, u, p),
                        totp_secret: Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".into()),
                    },
                    None,
                )
                .await
                .unwrap()
                .0
                .id
            }
        };
        clerks.push(client(&session::start(&pool, id).await.unwrap()));
    }
    let started = Instant::now();
    let mut runs = Vec::new();
    for c in clerks {
        let base = base.clone();
        runs.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let res = c
                    .post(format!("{base}/api/v1/staff/tasks/claim"))
                    .json(&json!({}))
                    .send()
                    .await
                    .unwrap();
                if res.status() == 204 {
                    break;
                }
                assert_eq!(res.status(), 200);
                let v: Value = res.json().await.unwrap();
                mine.push(v["task_id"].as_i64().unwrap());
            }
            mine
        }));
    }
    let mut claimed = Vec::new();
    let mut per_clerk = Vec::new();
    for r in runs {
        let mine = r.await.unwrap();
        per_clerk.push(mine.len());
        claimed.extend(mine);
    }
    let secs = started.elapsed().as_secs_f64();
    let unique: std::collections::BTreeSet<i64> = claimed.iter().copied().collect();
    assert_eq!(unique.len(), claimed.len(), "a task was claimed twice");
    assert_eq!(claimed.len(), SUBMISSIONS, "every task claimed");
    println!(
        "claiming: {CLERKS} clerks emptied a queue of {} tasks in {:.2} s: {:.0} claims/s, none twice; per clerk {:?}",
        claimed.len(),
        secs,
        claimed.len() as f64 / secs,
        per_clerk
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
