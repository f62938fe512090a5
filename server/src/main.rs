//! `server`: runs the hall. `server with-db -- CMD…` instead starts a private
//! PostgreSQL cluster, runs CMD with `DATABASE_URL` pointing at it, and stops
//! the cluster (the test harness uses it).

use app::state::AppState;
use server::{
    embedded_pg::{
        supervisor::{Health, Policy, State},
        EmbeddedPostgres,
    },
    settings::Settings,
};
use sqlx::postgres::PgPoolOptions;
use std::{process::ExitCode, time::Duration};
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None | Some("serve") => serve(),
        Some("with-db") => with_db(&args[1..]),
        Some("generate-catalog") => generate_catalog(&args[1..]),
        Some("generate-cases") => generate_cases(&args[1..]),
        Some("generate-projects") => generate_projects(&args[1..]),
        Some(other) => Err(format!(
            "unknown command {other:?}; use `serve`, `generate-catalog [--items N]`, `generate-cases [--cases N]`, `generate-projects [--projects N]` or `with-db -- CMD…`"
        )),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            tracing::error!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn settings() -> Result<Settings, String> {
    Settings::from_env().map_err(|e| e.to_string())
}

/// The embedded cluster (started when no `DATABASE_URL` is set) and the URL.
fn open_database(settings: &Settings) -> Result<(Option<EmbeddedPostgres>, String), String> {
    let embedded = match &settings.database_url {
        Some(_) => None,
        None => {
            tracing::info!(data_dir = %settings.data_dir.display(), "starting the embedded PostgreSQL");
            Some(
                EmbeddedPostgres::start(&settings.data_dir, settings.pg_bin_dir.as_deref())
                    .map_err(|e| e.to_string())?,
            )
        }
    };
    let url = match (&settings.database_url, &embedded) {
        (Some(url), _) => url.expose().to_string(),
        (None, Some(pg)) => pg.database_url(server::embedded_pg::DATABASE),
        (None, None) => unreachable!("one of the two is set above"),
    };
    Ok((embedded, url))
}

/// Runs `work` on a runtime, then stops the embedded cluster if there is one.
fn on_database<F: std::future::Future<Output = Result<(), String>>>(
    settings: Settings,
    work: impl FnOnce(Settings, String) -> F,
) -> Result<ExitCode, String> {
    let (embedded, url) = open_database(&settings)?;
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let done = runtime.block_on(work(settings, url));
    drop(runtime);
    if let Some(pg) = embedded {
        tracing::info!("stopping the embedded PostgreSQL");
        pg.stop().map_err(|e| e.to_string())?;
    }
    done.map(|()| ExitCode::SUCCESS)
}

/// Serves the hall until SIGINT or SIGTERM. The embedded cluster, if
/// any, is supervised: restarted when it dies, and when it cannot be kept
/// running the server exits non-zero so that its own supervisor restarts it.
fn serve() -> Result<ExitCode, String> {
    let settings = settings()?;
    let (embedded, url) = open_database(&settings)?;
    let supervisor = match embedded {
        Some(pg) => Some(pg.supervise(Policy::default()).map_err(|e| e.to_string())?),
        None => None,
    };
    let health = supervisor.as_ref().map(|s| s.health());
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let done = runtime.block_on(run(settings, url, health));
    drop(runtime);
    let stopped = match supervisor {
        Some(s) => {
            tracing::info!("stopping the embedded PostgreSQL");
            s.stop().map_err(|e| e.to_string())
        }
        None => Ok(()),
    };
    done?;
    stopped.map(|()| ExitCode::SUCCESS)
}

/// `generate-catalog [--items N]`: adds N (default 100,000) generated items
/// for benchmarks to the database (`DATABASE_URL` or the embedded one).
fn generate_catalog(args: &[String]) -> Result<ExitCode, String> {
    let count = match args {
        [] => 100_000,
        [flag, n] if flag == "--items" => n
            .parse::<usize>()
            .map_err(|_| format!("--items wants a number, not {n:?}"))?,
        _ => return Err("usage: server generate-catalog [--items N]".into()),
    };
    on_database(settings()?, move |settings, url| async move {
        let pool = prepare(&settings, &url).await?;
        server::generate::generate(&pool, count)
            .await
            .map_err(|e| format!("generating the catalog failed: {e}"))?;
        tracing::info!(items = count, "generated");
        Ok(())
    })
}

/// `generate-cases [--cases N]`: adds N (default 1,000,000) generated cases
/// over the generated catalog, with their tasks, events, ratings and
/// statistics, for benchmarks (`server/src/generate_cases.rs`).
fn generate_cases(args: &[String]) -> Result<ExitCode, String> {
    let count = match args {
        [] => 1_000_000,
        [flag, n] if flag == "--cases" => n
            .parse::<usize>()
            .map_err(|_| format!("--cases wants a number, not {n:?}"))?,
        _ => return Err("usage: server generate-cases [--cases N]".into()),
    };
    on_database(settings()?, move |settings, url| async move {
        let pool = prepare(&settings, &url).await?;
        let key = settings.data_key().map_err(|e| e.to_string())?;
        let started = std::time::Instant::now();
        let done = server::generate_cases::generate(&pool, &key, count, settings.now().now())
            .await
            .map_err(|e| format!("generating cases failed: {e}"))?;
        tracing::info!(
            cases = done.cases,
            tasks = done.tasks,
            events = done.events,
            ratings = done.ratings,
            notices = done.notices,
            seconds = started.elapsed().as_secs(),
            "generated"
        );
        Ok(())
    })
}

/// `generate-projects [--projects N]`: adds N (default 100,000) generated
/// investment projects with their stage cases, for benchmarks
/// (`server/src/generate_projects.rs`); loads the demo catalog first (the
/// stage bundles).
fn generate_projects(args: &[String]) -> Result<ExitCode, String> {
    let count = match args {
        [] => 100_000,
        [flag, n] if flag == "--projects" => n
            .parse::<usize>()
            .map_err(|_| format!("--projects wants a number, not {n:?}"))?,
        _ => return Err("usage: server generate-projects [--projects N]".into()),
    };
    on_database(settings()?, move |settings, url| async move {
        let pool = prepare(&settings, &url).await?;
        server::demo::load(&pool)
            .await
            .map_err(|e| format!("loading the demo catalog failed: {e}"))?;
        let key = settings.data_key().map_err(|e| e.to_string())?;
        let started = std::time::Instant::now();
        let done = server::generate_projects::generate(&pool, &key, count, settings.now().now())
            .await
            .map_err(|e| format!("generating projects failed: {e}"))?;
        tracing::info!(
            projects = done.projects,
            owners = done.owners,
            by_stage = ?done.by_stage,
            completed = done.completed,
            cases = done.cases.cases,
            tasks = done.cases.tasks,
            events = done.cases.events,
            seconds = started.elapsed().as_secs(),
            "generated"
        );
        Ok(())
    })
}

/// Connects, migrates and loads the reference data.
async fn prepare(settings: &Settings, url: &str) -> Result<sqlx::PgPool, String> {
    let pool = PgPoolOptions::new()
        .max_connections(settings.db_max_connections)
        .acquire_timeout(Duration::from_secs(5))
        // After the database restarted, an idle connection to the old one
        // fails this test and is replaced: the pool recovers by itself.
        .test_before_acquire(true)
        .connect(url)
        .await
        .map_err(|e| format!("cannot connect to PostgreSQL: {e}"))?;
    server::MIGRATOR
        .run(&pool)
        .await
        .map_err(|e| format!("migrations failed: {e}"))?;
    server::reference::load(&pool)
        .await
        .map_err(|e| format!("loading reference data failed: {e}"))?;
    Ok(pool)
}

async fn run(settings: Settings, url: String, embedded: Option<Health>) -> Result<(), String> {
    let pool = prepare(&settings, &url).await?;
    let data_key = settings.data_key().map_err(|e| e.to_string())?;
    if settings.demo_data {
        server::demo::load(&pool)
            .await
            .map_err(|e| format!("loading demo data failed: {e}"))?;
        server::demo::load_accounts(&pool, &data_key)
            .await
            .map_err(|e| format!("creating the demo accounts failed: {e}"))?;
        server::demo::cases::load(&pool, &data_key, settings.now().now())
            .await
            .map_err(|e| format!("creating the demo cases failed: {e}"))?;
        server::demo::projects::load(&pool, &data_key, settings.now().now())
            .await
            .map_err(|e| format!("creating the demo projects failed: {e}"))?;
        server::demo::load_consultations(&pool, settings.now().now())
            .await
            .map_err(|e| format!("adding the demo consultations failed: {e}"))?;
        server::demo::load_notification_people(&pool, &data_key)
            .await
            .map_err(|e| format!("adding the demo unit head and e-mail addresses failed: {e}"))?;
        server::demo::load_enterprise(&pool, settings.now().now())
            .await
            .map_err(|e| format!("adding the demo enterprise's licences failed: {e}"))?;
        server::demo::load_intermediaries(&pool, settings.now().now())
            .await
            .map_err(|e| format!("adding the demo intermediary marketplace failed: {e}"))?;
        // documents
        server::demo::documents::load(&pool, settings.now().now())
            .await
            .map_err(|e| format!("adding the demo documents failed: {e}"))?;
        // (end of issue 20, documents)
        // suggestions
        server::demo::load_suggestions(&pool, &data_key, settings.now().now())
            .await
            .map_err(|e| format!("adding the demo suggestion topics failed: {e}"))?;
        // requests
        server::demo::information_requests::load(&pool, &data_key, settings.now().now())
            .await
            .map_err(|e| format!("adding the demo requests for information failed: {e}"))?;
        // (end of issue 20, requests)
        // interviews
        server::demo::interviews::load(&pool, settings.now().now())
            .await
            .map_err(|e| format!("adding the demo interviews failed: {e}"))?;
        // letters
        server::demo::load_letters(&pool, settings.now().now())
            .await
            .map_err(|e| format!("adding the demo letters failed: {e}"))?;
        // accounts
        let objects = settings.objects().map_err(|e| e.to_string())?;
        server::demo::weibo_accounts::load(&pool, &data_key, &objects, settings.now().now())
            .await
            .map_err(|e| format!("adding the demo microblog accounts failed: {e}"))?;
        // (end of issue 21, accounts)
        // posts
        server::demo::weibo_posts::load(&pool, settings.now().now())
            .await
            .map_err(|e| format!("adding the demo microblog posts failed: {e}"))?;
        // (end of issue 21, posts)
        // questions
        server::demo::weibo_questions::load(&pool, settings.now().now())
            .await
            .map_err(|e| format!("adding the demo microblog questions failed: {e}"))?;
        // (end of issue 21, questions)
    }
    let reindexed = app::catalog::store::reindex_stale(&pool)
        .await
        .map_err(|e| format!("re-indexing the catalog failed: {e}"))?;
    if reindexed > 0 {
        tracing::info!(items = reindexed, "re-indexed items for search");
    }
    let indexed = app::consultations::store::index_unindexed(&pool)
        .await
        .map_err(|e| format!("indexing the answered consultations failed: {e}"))?;
    if indexed > 0 {
        tracing::info!(
            questions = indexed,
            "indexed answered consultations for search"
        );
    }

    let keyed = app::disclosure::documents::store::index_unkeyed(&pool)
        .await
        .map_err(|e| format!("indexing the published documents failed: {e}"))?;
    if keyed > 0 {
        tracing::info!(
            documents = keyed,
            "gave published documents their search keys"
        );
    }

    app::prefs::kiosk::configure(settings.kiosk);
    app::hall::footer::configure(settings.site_footer.clone());
    let state = AppState {
        pool: pool.clone(),
        leptos_options: server::leptos_options(&settings.site_root, settings.site_addr),
        secure_cookies: settings.secure_cookies(),
        data_key,
        now: settings.now(),
        objects: settings.objects().map_err(|e| e.to_string())?,
        warn_days: settings.warn_days,
    };
    if settings.fake_now.is_some() {
        tracing::warn!("test mode: the clock is fixed by BANSHI_FAKE_NOW");
    }
    // The worker reads the hall's clock (moved in test mode with the site's).
    let mut worker = background_worker(&settings, pool.clone(), state.now.clone())?;
    let mut app = server::router_with(
        state,
        settings.public_origin.clone(),
        settings.forwarded_for,
    );
    if let Some(health) = &embedded {
        app = app.layer(axum::Extension(health.clone()));
    }
    if let Some(addr) = settings.metrics_addr {
        let metrics = server::metrics::Metrics::new();
        app = server::metrics::track_requests(app, &metrics);
        worker.metrics = Some(metrics.clone());
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr} (BANSHI_METRICS_ADDR): {e}"))?;
        let operators = server::metrics::router(metrics, pool.clone(), embedded.clone());
        tracing::info!("metrics for operators on http://{addr}/metrics");
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, operators).await {
                tracing::error!(error = %e, "the metrics listener stopped");
            }
        });
    }
    tokio::spawn(sweep_expired(pool.clone()));
    let (stop_worker, stop) = tokio::sync::watch::channel(false);
    let worker = server::jobs::spawn(worker, stop);
    let listener = tokio::net::TcpListener::bind(settings.site_addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", settings.site_addr))?;
    tracing::info!("Banshi is serving on http://{}", settings.site_addr);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal(embedded.clone()))
    .await
    .map_err(|e| e.to_string())?;
    // Let a job or an e-mail under way finish before the pool closes.
    let _ = stop_worker.send(true);
    if let Err(e) = worker.await {
        tracing::warn!(error = %e, "the background worker ended badly");
    }
    pool.close().await;
    match embedded.map(|h| h.status().state) {
        Some(State::GaveUp { cause }) => Err(format!(
            "{cause}; the embedded PostgreSQL could not be kept running: exiting so that \
             the server's supervisor (systemd, Docker…) restarts it"
        )),
        _ => Ok(()),
    }
}

/// The deadline monitor and mailer of this server (every server runs one;
/// the queue in PostgreSQL shares the work).
fn background_worker(
    settings: &Settings,
    pool: sqlx::PgPool,
    now: app::clock::Now,
) -> Result<server::jobs::Worker, String> {
    let mut worker = server::jobs::Worker::new(
        pool.clone(),
        now,
        settings.warn_days,
        settings.job_interval,
        settings.job_poll,
    );
    if let Some(url) = &settings.smtp_url {
        let mailer = server::jobs::mailer::Mailer::new(url, &settings.mail_from)
            .map_err(|e| format!("setting BANSHI_MAIL_FROM: {e}"))?;
        let on = app::notifications::store::MailOn {
            origin: settings.public_origin.clone(),
        };
        // Case messages (issue 17) are sent by requests: their e-mail too.
        app::notifications::store::set_mail(&pool, on.clone());
        worker.mail = Some((mailer, on));
        tracing::info!(host = %url.host, port = url.port, "notifications are also sent by e-mail");
    }
    tracing::info!(
        interval_s = settings.job_interval.as_secs(),
        warn_days = settings.warn_days,
        "deadline monitor on"
    );
    Ok(worker)
}

/// Every 15 minutes, removes ended sessions and old throttling windows
/// (they are refused or ignored anyway; this keeps the tables small). Safe
/// with several servers: each delete is idempotent.
async fn sweep_expired(pool: sqlx::PgPool) {
    let mut every = tokio::time::interval(Duration::from_secs(15 * 60));
    loop {
        every.tick().await;
        let sessions = app::accounts::store::session::sweep(&pool).await;
        let windows = app::accounts::store::throttle::sweep(&pool).await;
        match (sessions, windows) {
            (Ok(s), Ok(w)) if s + w > 0 => {
                tracing::info!(
                    sessions = s,
                    windows = w,
                    "swept expired sessions and windows"
                )
            }
            (Ok(_), Ok(_)) => {}
            (Err(e), _) | (_, Err(e)) => {
                tracing::warn!(error = %e, "sweeping expired sessions failed")
            }
        }
    }
}

/// Until SIGINT, SIGTERM, or the embedded cluster's supervisor gives up.
async fn shutdown_signal(embedded: Option<Health>) {
    let gave_up = async {
        match embedded {
            Some(health) => {
                let cause = health.gave_up().await;
                tracing::error!(%cause, "the embedded PostgreSQL is gone for good; stopping");
            }
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = signalled() => {}
        _ = gave_up => {}
    }
}

async fn signalled() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).ok();
    let term = async {
        match term.as_mut() {
            Some(s) => {
                s.recv().await;
            }
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term => {}
    }
    tracing::info!("shutting down");
}

/// `with-db [--data-dir DIR] -- CMD…`: runs CMD against a private cluster.
fn with_db(args: &[String]) -> Result<ExitCode, String> {
    let (opts, cmd) = match args.iter().position(|a| a == "--") {
        Some(i) => (&args[..i], &args[i + 1..]),
        None => return Err("usage: server with-db [--data-dir DIR] -- CMD…".into()),
    };
    let dir = match opts {
        [flag, dir] if flag == "--data-dir" => dir.clone(),
        [] => "target/test-db".into(),
        _ => return Err("usage: server with-db [--data-dir DIR] -- CMD…".into()),
    };
    let (program, rest) = cmd.split_first().ok_or("no command given after --")?;
    let settings = settings()?;
    let pg = EmbeddedPostgres::start(dir.as_ref(), settings.pg_bin_dir.as_deref())
        .map_err(|e| e.to_string())?;
    let status = std::process::Command::new(program)
        .args(rest)
        .env("DATABASE_URL", pg.database_url("postgres"))
        .status();
    pg.stop().map_err(|e| e.to_string())?;
    let status = status.map_err(|e| format!("cannot run {program}: {e}"))?;
    Ok(ExitCode::from(
        status.code().unwrap_or(1).clamp(0, 255) as u8
    ))
}
