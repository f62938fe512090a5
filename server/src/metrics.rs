//! `GET /metrics` for operators, in the Prometheus text format (OpenMetrics
//! 1.0, which Prometheus scrapes natively). It is served on its own
//! address, `BANSHI_METRICS_ADDR` (off unless set; meant for loopback or a
//! private network), never by the public site: the hall's router has no
//! `/metrics` (it answers 404), so no proxy rule or forgotten header can
//! expose it.
//!
//! What it tells:
//! - HTTP requests by method, route and status, and their latency, each
//!   labelled by the matched route template (`/api/v1/cases/{id}`, never
//!   the raw path: bounded label values, no personal data in them);
//!   requests that matched no route are `(unmatched)`;
//! - throttled requests (answered 429) by route;
//! - the database pool: open, idle and in-use connections, its size, and
//!   how long the scrape itself waited for a connection (sqlx counts no
//!   waiters: a wait near the acquire timeout means requests queue);
//! - the job queue's depth and how long its oldest due job has waited, the
//!   mail outbox's backlog and its oldest message's age (read from
//!   PostgreSQL at scrape time, bounded by a timeout; kept from the last
//!   good scrape while `banshi_database_up` is 0);
//! - alerts raised by this server's deadline monitor;
//! - restarts of the embedded PostgreSQL.
//!
//! Each server has its own registry (no global state), so a test's
//! numbers are its own.

use crate::embedded_pg::supervisor::Health;
use axum::{
    extract::{MatchedPath, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use http::{header, Method, StatusCode};
use prometheus_client::{
    encoding::{text::encode, EncodeLabelSet},
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{exponential_buckets, Histogram},
    },
    registry::{Registry, Unit},
};
use sqlx::PgPool;
use std::{
    sync::{atomic::AtomicU64, Arc},
    time::{Duration, Instant},
};

/// The route label of a request that matched no route (static files,
/// unknown paths).
pub const UNMATCHED: &str = "(unmatched)";

/// How long a scrape waits for the database.
const SCRAPE_WAIT: Duration = Duration::from_secs(2);

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: &'static str,
    route: String,
}

type Seconds = Gauge<f64, AtomicU64>;

/// One server's metrics.
#[derive(Clone)]
pub struct Metrics(Arc<Inner>);

struct Inner {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    throttled: Family<RouteLabels, Counter>,
    alerts: Counter,
    database_up: Gauge,
    pool_open: Gauge,
    pool_idle: Gauge,
    pool_in_use: Gauge,
    pool_max: Gauge,
    pool_acquire_wait: Seconds,
    jobs: Gauge,
    oldest_job: Seconds,
    mail: Gauge,
    oldest_mail: Seconds,
    pg_restarts: Counter,
}

fn latency_histogram() -> Histogram {
    // 5 ms to about 10 s.
    Histogram::new(exponential_buckets(0.005, 2.0, 12))
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut r = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        r.register(
            "banshi_http_requests",
            "HTTP requests answered, by method, matched route and status",
            requests.clone(),
        );
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        r.register_with_unit(
            "banshi_http_request_duration",
            "Time to answer (until the response head), by method and matched route",
            Unit::Seconds,
            latency.clone(),
        );
        let throttled = Family::<RouteLabels, Counter>::default();
        r.register(
            "banshi_http_throttled_requests",
            "Requests refused as too many (429), by method and matched route",
            throttled.clone(),
        );
        let alerts = Counter::default();
        r.register(
            "banshi_alerts_raised",
            "Deadline alerts (yellow and red) raised by this server's monitor",
            alerts.clone(),
        );
        let gauge = |r: &mut Registry, name: &str, help: &str| {
            let g = Gauge::default();
            r.register(name, help, g.clone());
            g
        };
        let seconds = |r: &mut Registry, name: &str, help: &str| {
            let g = Seconds::default();
            r.register_with_unit(name, help, Unit::Seconds, g.clone());
            g
        };
        let database_up = gauge(
            &mut r,
            "banshi_database_up",
            "1 when the last scrape read the database, else 0",
        );
        let pool_open = gauge(&mut r, "banshi_db_pool_open", "Open pool connections");
        let pool_idle = gauge(&mut r, "banshi_db_pool_idle", "Idle pool connections");
        let pool_in_use = gauge(
            &mut r,
            "banshi_db_pool_in_use",
            "Pool connections in use by requests and jobs",
        );
        let pool_max = gauge(&mut r, "banshi_db_pool_max", "The pool's size limit");
        let pool_acquire_wait = seconds(
            &mut r,
            "banshi_db_pool_acquire_wait",
            "How long this scrape waited for a pool connection (near the timeout: requests queue)",
        );
        let jobs = gauge(
            &mut r,
            "banshi_job_queue_depth",
            "Jobs not yet done nor given up (due or waiting for a retry)",
        );
        let oldest_job = seconds(
            &mut r,
            "banshi_job_queue_oldest_due_age",
            "How long the oldest due job has waited since it was due (0: none due)",
        );
        let mail = gauge(
            &mut r,
            "banshi_mail_outbox_pending",
            "E-mails not yet accepted by the mail server",
        );
        let oldest_mail = seconds(
            &mut r,
            "banshi_mail_outbox_oldest_age",
            "Age of the oldest e-mail not yet accepted (0: none)",
        );
        let pg_restarts = Counter::default();
        r.register(
            "banshi_embedded_postgres_restarts",
            "Restarts of the embedded PostgreSQL by its supervisor",
            pg_restarts.clone(),
        );
        Metrics(Arc::new(Inner {
            registry: r,
            requests,
            latency,
            throttled,
            alerts,
            database_up,
            pool_open,
            pool_idle,
            pool_in_use,
            pool_max,
            pool_acquire_wait,
            jobs,
            oldest_job,
            mail,
            oldest_mail,
            pg_restarts,
        }))
    }

    /// Counts one answered request.
    fn observe(&self, method: &'static str, route: String, status: StatusCode, took: Duration) {
        let m = &self.0;
        let labels = RouteLabels { method, route };
        m.latency.get_or_create(&labels).observe(took.as_secs_f64());
        if status == StatusCode::TOO_MANY_REQUESTS {
            m.throttled.get_or_create(&labels).inc();
        }
        m.requests
            .get_or_create(&RequestLabels {
                method,
                route: labels.route,
                status: status.as_u16(),
            })
            .inc();
    }

    /// Counts alerts the deadline monitor raised.
    pub fn alerts_raised(&self, n: u64) {
        self.0.alerts.inc_by(n);
    }

    /// Reads the pool, the database's backlogs and the embedded cluster's
    /// supervisor, and writes every metric out.
    pub async fn scrape(&self, pool: &PgPool, embedded: Option<&Health>) -> String {
        let m = &self.0;
        let open = pool.size() as i64;
        let idle = pool.num_idle() as i64;
        m.pool_open.set(open);
        m.pool_idle.set(idle);
        m.pool_in_use.set((open - idle).max(0));
        m.pool_max
            .set(i64::from(pool.options().get_max_connections()));
        if let Some(health) = embedded {
            let restarts = health.status().restarts;
            m.pg_restarts
                .inc_by(restarts.saturating_sub(m.pg_restarts.get()));
        }
        let started = Instant::now();
        let read = tokio::time::timeout(SCRAPE_WAIT, async {
            let mut conn = pool.acquire().await?;
            let waited = started.elapsed();
            let backlog = crate::jobs::store::backlog(&mut conn).await?;
            Ok::<_, sqlx::Error>((waited, backlog))
        })
        .await;
        match read {
            Ok(Ok((waited, backlog))) => {
                m.database_up.set(1);
                m.pool_acquire_wait.set(waited.as_secs_f64());
                m.jobs.set(backlog.jobs);
                m.oldest_job.set(backlog.oldest_due_job_s);
                m.mail.set(backlog.mail);
                m.oldest_mail.set(backlog.oldest_mail_s);
            }
            Ok(Err(_)) | Err(_) => {
                m.database_up.set(0);
                m.pool_acquire_wait.set(started.elapsed().as_secs_f64());
            }
        }
        let mut out = String::new();
        if let Err(e) = encode(&mut out, &m.registry) {
            tracing::warn!(error = %e, "encoding the metrics failed");
        }
        out
    }
}

/// A method as a label: the standard ones by name, any other as `other`
/// (a client may send any token; labels stay bounded).
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The layer counting every request of `router` (applied to its routes and
/// fallback, where the matched route is known).
pub fn track_requests(router: Router, metrics: &Metrics) -> Router {
    router.layer(axum::middleware::from_fn_with_state(metrics.clone(), track))
}

async fn track(State(metrics): State<Metrics>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| UNMATCHED.to_owned());
    let method = method_label(req.method());
    let started = Instant::now();
    let res = next.run(req).await;
    metrics.observe(method, route, res.status(), started.elapsed());
    res
}

#[derive(Clone)]
struct Scrape {
    metrics: Metrics,
    pool: PgPool,
    embedded: Option<Health>,
}

/// The operators' router: `GET /metrics` only (anything else is 404).
pub fn router(metrics: Metrics, pool: PgPool, embedded: Option<Health>) -> Router {
    Router::new()
        .route("/metrics", get(serve_metrics))
        .with_state(Scrape {
            metrics,
            pool,
            embedded,
        })
}

async fn serve_metrics(State(s): State<Scrape>) -> impl IntoResponse {
    let body = s.metrics.scrape(&s.pool, s.embedded.as_ref()).await;
    (
        [
            (
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_by_route_template_and_status() {
        let m = Metrics::new();
        let route = "/api/v1/cases/{id}".to_string();
        m.observe(
            "GET",
            route.clone(),
            StatusCode::OK,
            Duration::from_millis(3),
        );
        m.observe(
            "GET",
            route.clone(),
            StatusCode::OK,
            Duration::from_millis(30),
        );
        m.observe("POST", route, StatusCode::TOO_MANY_REQUESTS, Duration::ZERO);
        let mut out = String::new();
        encode(&mut out, &m.0.registry).unwrap();
        assert!(out.contains(
            r#"banshi_http_requests_total{method="GET",route="/api/v1/cases/{id}",status="200"} 2"#
        ), "{out}");
        assert!(out.contains(
            r#"banshi_http_throttled_requests_total{method="POST",route="/api/v1/cases/{id}"} 1"#
        ), "{out}");
        assert!(out.contains(
            r#"banshi_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/v1/cases/{id}"} 1"#
        ), "{out}");
        assert!(out.ends_with("# EOF\n"));
    }

    #[test]
    fn unusual_methods_share_one_label() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::from_bytes(b"BREW").unwrap()), "other");
    }
}
