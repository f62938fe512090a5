//! What an operator sees, over a real PostgreSQL: `/metrics` on its own
//! address only, counting requests by route template and status, the
//! pool, the queue and the outbox; `/healthz` naming why the database is
//! down.

use crate::common;
use common::{database, test_data_key, test_now, Seed};

use app::state::AppState;
use serde_json::Value;
use sqlx::PgPool;
use std::net::SocketAddr;

/// The hall as `main` serves it with `BANSHI_METRICS_ADDR` set: the site
/// (counted) and the operators' listener.
struct Observed {
    site: String,
    metrics: String,
}

async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap()
    });
    format!("http://{addr}")
}

async fn observed(pool: PgPool) -> Observed {
    let state = AppState {
        pool: pool.clone(),
        leptos_options: server::leptos_options(
            std::path::Path::new("../target/site"),
            "127.0.0.1:0".parse().unwrap(),
        ),
        secure_cookies: false,
        data_key: test_data_key(),
        now: app::clock::Now::fixed(test_now()),
        objects: app::files::objects::Objects::memory(),
        warn_days: app::supervision::DEFAULT_WARN_DAYS,
    };
    let metrics = server::metrics::Metrics::new();
    let site = server::metrics::track_requests(server::router_with(state, None, false), &metrics);
    Observed {
        site: serve(site).await,
        metrics: serve(server::metrics::router(metrics, pool, None)).await,
    }
}

async fn get(url: String) -> reqwest::Response {
    reqwest::get(url).await.unwrap()
}

/// The value of the sample `line` starts with (its name and labels).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .map(|v| v.trim().parse().unwrap())
}

#[tokio::test]
async fn metrics_are_served_to_operators_only_by_route_template_and_status() {
    let pool = database(Seed::Reference).await;
    let hall = observed(pool.clone()).await;

    // Never on the public site.
    assert_eq!(get(format!("{}/metrics", hall.site)).await.status(), 404);
    // Some traffic: a route with a parameter, failing until throttled.
    for _ in 0..2 {
        assert_eq!(
            get(format!("{}/api/v1/regions", hall.site)).await.status(),
            200
        );
    }
    let mut statuses = Vec::new();
    for _ in 0..22 {
        let res = get(format!(
            "{}/api/v1/cases/440100-20261102-000001?code=nope",
            hall.site
        ))
        .await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 404).count(), 20);
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 2);

    let res = get(format!("{}/metrics", hall.metrics)).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/openmetrics-text"));
    assert_eq!(res.headers()["cache-control"], "no-store");
    let text = res.text().await.unwrap();
    let case = r#"method="GET",route="/api/v1/cases/{case_no}""#;
    for (series, value) in [
        (
            r#"banshi_http_requests_total{method="GET",route="/api/v1/regions",status="200"}"#
                .to_string(),
            2.0,
        ),
        (
            format!("banshi_http_requests_total{{{case},status=\"404\"}}"),
            20.0,
        ),
        (
            format!("banshi_http_requests_total{{{case},status=\"429\"}}"),
            2.0,
        ),
        (
            format!("banshi_http_throttled_requests_total{{{case}}}"),
            2.0,
        ),
        (
            format!("banshi_http_request_duration_seconds_count{{{case}}}"),
            22.0,
        ),
        // The site's 404 for /metrics matched no route.
        (
            r#"banshi_http_requests_total{method="GET",route="(unmatched)",status="404"}"#
                .to_string(),
            1.0,
        ),
        ("banshi_database_up".into(), 1.0),
        ("banshi_db_pool_max".into(), 20.0),
        ("banshi_job_queue_depth".into(), 0.0),
        ("banshi_job_queue_oldest_due_age_seconds".into(), 0.0),
        ("banshi_mail_outbox_pending".into(), 0.0),
        ("banshi_mail_outbox_oldest_age_seconds".into(), 0.0),
        ("banshi_alerts_raised_total".into(), 0.0),
    ] {
        assert_eq!(sample(&text, &series), Some(value), "{series} in\n{text}");
    }
    assert!(sample(&text, "banshi_db_pool_open").unwrap() >= 1.0);
    assert!(sample(&text, "banshi_db_pool_acquire_wait_seconds").unwrap() < 2.0);
    assert!(
        !text.contains("440100-20261102"),
        "no raw path in a label: {text}"
    );

    // A job late by ten minutes and an e-mail waiting for an hour.
    sqlx::query(
        "insert into job (kind, run_at) values ('deadline_scan', now() - interval '10 minutes')",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "insert into mail_outbox (to_address, subject, body, created_at)
         values ('a@example.org', 's', 'b', now() - interval '1 hour')",
    )
    .execute(&pool)
    .await
    .unwrap();
    let text = get(format!("{}/metrics", hall.metrics))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(sample(&text, "banshi_job_queue_depth"), Some(1.0));
    assert!(sample(&text, "banshi_job_queue_oldest_due_age_seconds").unwrap() >= 600.0);
    assert_eq!(sample(&text, "banshi_mail_outbox_pending"), Some(1.0));
    assert!(sample(&text, "banshi_mail_outbox_oldest_age_seconds").unwrap() >= 3600.0);

    // The operators' listener serves nothing else.
    assert_eq!(get(format!("{}/healthz", hall.metrics)).await.status(), 404);
}

/// A pool over `url` that gives up after a second, as in the down tests.
fn pool_at(url: &str) -> PgPool {
    sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(std::time::Duration::from_secs(1))
        .connect_lazy(url)
        .unwrap()
}

async fn reason(pool: PgPool) -> String {
    let app = common::TestApp::spawn_without_reference(pool).await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 503);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["database"], "down");
    body["reason"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn healthz_names_why_the_database_is_down() {
    // Nothing listens: refused (the pool retries a refused connection
    // until its timeout, which alone would say only "timed out"). Port 1
    // (tcpmux) is never served here; a port freed by this test could be
    // taken at once by another test's server in this binary.
    let refused = pool_at("postgres://postgres@127.0.0.1:1/banshi");
    assert_eq!(reason(refused.clone()).await, "connection refused");
    // …and the metrics say so within their own bound.
    let metrics = serve(server::metrics::router(
        server::metrics::Metrics::new(),
        refused,
        None,
    ))
    .await;
    let started = std::time::Instant::now();
    let text = get(format!("{metrics}/metrics"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(sample(&text, "banshi_database_up"), Some(0.0), "{text}");
    assert!(started.elapsed() < std::time::Duration::from_secs(4));

    // PostgreSQL answers with an error: its SQLSTATE and message.
    let real = std::env::var("DATABASE_URL").unwrap();
    let mut opts: sqlx::postgres::PgConnectOptions = real.parse().unwrap();
    opts = opts.database("no_such_database_here");
    let missing = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(std::time::Duration::from_secs(1))
        .connect_lazy_with(opts);
    let why = reason(missing).await;
    assert!(why.starts_with("SQLSTATE 3D000: "), "{why}");
    assert!(why.contains("no_such_database_here"), "{why}");

    // Something accepts the connection and never answers: a time-out.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = silent.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            held.push(socket);
        }
    });
    let hung = pool_at(&format!("postgres://postgres@127.0.0.1:{port}/banshi"));
    let why = reason(hung).await;
    // (This pool gives up after 1 s; the server's after 5, past the 3 s probe.)
    assert!(
        why.starts_with("timed out after ") && why.ends_with(" s"),
        "{why}"
    );
}

#[tokio::test]
async fn the_alerts_the_monitor_raises_are_counted() {
    let pool = database(Seed::Demo).await;
    let key = test_data_key();
    server::demo::load_accounts(&pool, &key).await.unwrap();
    // Saturday 28 November 2026: the demo has late steps then.
    let now = time::macros::datetime!(2026-11-28 10:00 +8);
    server::demo::cases::load(&pool, &key, now).await.unwrap();
    let metrics = server::metrics::Metrics::new();
    let mut worker = server::jobs::Worker::new(
        pool.clone(),
        app::clock::Now::fixed(now),
        1,
        std::time::Duration::from_secs(300),
        std::time::Duration::from_secs(1),
    );
    worker.metrics = Some(metrics.clone());
    worker.round().await.unwrap();
    let raised: i64 = sqlx::query_scalar("select count(*) from step_alert")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(raised > 0);
    let text = metrics.scrape(&pool, None).await;
    assert_eq!(
        sample(&text, "banshi_alerts_raised_total"),
        Some(raised as f64),
        "{text}"
    );
    // Raised once: a second round raises none and counts none.
    worker.round().await.unwrap();
    let text = metrics.scrape(&pool, None).await;
    assert_eq!(
        sample(&text, "banshi_alerts_raised_total"),
        Some(raised as f64)
    );
}
