//! The embedded default as a person uses it: the real `server` binary on its
//! own PostgreSQL, restarted cleanly, killed with SIGKILL, run twice at once.

use nix::{sys::signal, unistd::Pid};
use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

const BIN: &str = env!("CARGO_BIN_EXE_server");

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn server(data: &Path, port: u16) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_remove("DATABASE_URL")
        .env("BANSHI_DATA_DIR", data)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "info");
    cmd
}

struct Running {
    child: Child,
    port: u16,
}

impl Running {
    fn start(data: &Path) -> Running {
        Self::start_with(server(data, free_port()))
    }

    fn start_with(mut cmd: Command) -> Running {
        let port: u16 = cmd
            .get_envs()
            .find(|(k, _)| *k == "LEPTOS_SITE_ADDR")
            .and_then(|(_, v)| v?.to_str()?.rsplit(':').next()?.parse().ok())
            .unwrap();
        if cmd.get_envs().all(|(k, _)| k != "BANSHI_TEST_LOG") {
            cmd.stdout(Stdio::null()).stderr(Stdio::inherit());
        }
        let child = cmd.spawn().unwrap();
        let mut running = Running { child, port };
        running.wait_healthy();
        running
    }

    fn wait_healthy(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        let rt = tokio::runtime::Runtime::new().unwrap();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("server exited early: {status}");
            }
            let ok = rt.block_on(async {
                reqwest::get(format!("http://127.0.0.1:{}/healthz", self.port))
                    .await
                    .map(|r| r.status() == 200)
                    .unwrap_or(false)
            });
            if ok {
                return;
            }
            assert!(Instant::now() < deadline, "server not healthy in time");
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn signal(&mut self, sig: signal::Signal) -> std::process::ExitStatus {
        signal::kill(Pid::from_raw(self.child.id() as i32), sig).unwrap();
        self.child.wait().unwrap()
    }
}

impl Drop for Running {
    // A failed assertion must not leave a server (and its PostgreSQL) behind.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = signal::kill(
                Pid::from_raw(self.child.id() as i32),
                signal::Signal::SIGTERM,
            );
            let _ = self.child.wait();
        }
    }
}

fn url(data: &Path) -> String {
    format!(
        "postgres://postgres@localhost:5432/banshi?host={}",
        data.canonicalize().unwrap().join("run").display()
    )
}

fn sql<T: Send + 'static>(data: &Path, f: impl AsyncFnOnce(sqlx::PgPool) -> T) -> T {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let pool = sqlx::PgPool::connect(&url(data)).await.unwrap();
        let out = f(pool.clone()).await;
        pool.close().await;
        out
    })
}

fn marker(data: &Path) -> Vec<String> {
    sql(data, async |pool| {
        sqlx::query_scalar("select note from restart_marker order by id")
            .fetch_all(&pool)
            .await
            .unwrap()
    })
}

fn add_marker(data: &Path, note: &str) {
    let note = note.to_string();
    sql(data, async move |pool| {
        sqlx::query("create table if not exists restart_marker (id serial primary key, note text)")
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query("insert into restart_marker (note) values ($1)")
            .bind(note)
            .execute(&pool)
            .await
            .unwrap();
    })
}

fn postmaster_pid(data: &Path) -> Option<i32> {
    std::fs::read_to_string(data.join("pg/postmaster.pid"))
        .ok()?
        .lines()
        .next()?
        .trim()
        .parse()
        .ok()
}

#[test]
fn the_embedded_database_survives_restarts_crashes_and_refuses_a_second_server() {
    let dir = tempfile::tempdir().unwrap();
    let data: PathBuf = dir.path().join("data");

    // First run: the cluster is created, migrated and loaded.
    let mut first = Running::start(&data);
    assert!(data.join("pg/PG_VERSION").exists());
    let regions: i64 = sql(&data, async |pool| {
        sqlx::query_scalar("select count(*) from region")
            .fetch_one(&pool)
            .await
            .unwrap()
    });
    assert_eq!(regions, 62);
    // Nothing listens on TCP: PostgreSQL has only its socket.
    let listen: String = sql(&data, async |pool| {
        sqlx::query_scalar("show listen_addresses")
            .fetch_one(&pool)
            .await
            .unwrap()
    });
    assert_eq!(listen, "");
    add_marker(&data, "before restart");

    // A second server on the same data directory fails with a clear message.
    let out = server(&data, free_port()).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("already in use by another Banshi server"),
        "{stderr}"
    );
    assert!(
        postmaster_pid(&data).is_some(),
        "the first server's database is untouched"
    );

    // SIGTERM: a clean stop, PostgreSQL included.
    let status = first.signal(signal::Signal::SIGTERM);
    assert!(status.success(), "{status}");
    assert!(postmaster_pid(&data).is_none(), "PostgreSQL was stopped");

    // Second run: the data is still there.
    let mut second = Running::start(&data);
    assert_eq!(marker(&data), ["before restart"]);
    add_marker(&data, "before sigkill");

    // SIGKILL leaves PostgreSQL orphaned; the next server takes it over.
    second.signal(signal::Signal::SIGKILL);
    let orphan = postmaster_pid(&data).expect("PostgreSQL outlives a killed server");
    let mut third = Running::start(&data);
    assert_eq!(marker(&data), ["before restart", "before sigkill"]);
    assert_ne!(
        postmaster_pid(&data),
        Some(orphan),
        "the orphan was replaced"
    );

    // Both killed: a stale postmaster.pid is recovered from.
    let pg = postmaster_pid(&data).unwrap();
    third.signal(signal::Signal::SIGKILL);
    signal::kill(Pid::from_raw(pg), signal::Signal::SIGKILL).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        data.join("pg/postmaster.pid").exists(),
        "a stale pid file is left"
    );
    let mut fourth = Running::start(&data);
    assert_eq!(marker(&data), ["before restart", "before sigkill"]);
    assert!(fourth.signal(signal::Signal::SIGINT).success());
    assert!(postmaster_pid(&data).is_none());
}

/// Personal numbers never reach the logs: a whole session of registering,
/// failing, signing in and a staff look-up, logged at debug level, is
/// searched for them.
#[test]
fn personal_numbers_never_reach_the_logs() {
    use app::accounts::totp;
    let dir = tempfile::tempdir().unwrap();
    let data: PathBuf = dir.path().join("data");
    let log_path = dir.path().join("server.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let port = free_port();
    let mut cmd = server(&data, port);
    cmd.env("RUST_LOG", "debug")
        .env("BANSHI_TEST_LOG", "1")
        .stdout(log.try_clone().unwrap())
        .stderr(log);
    let mut running = Running::start_with(cmd);
    const ID: &str = "440303198807150039";
    const BAD_ID: &str = "440303198807150038";
    const MOBILE: &str = "13987654321";
    const PASSWORD: &str = "Mango-Lantern-4471";
    let base = format!("http://127.0.0.1:{port}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let citizen = |id: &str| {
            serde_json::json!({"username": "log.test", "password": PASSWORD, "real_name": "李雷",
                               "id_number": id, "mobile": MOBILE})
        };
        let res = client.post(format!("{base}/api/v1/accounts/citizens")).json(&citizen(BAD_ID)).send().await.unwrap();
        assert_eq!(res.status(), 422);
        let res = client.post(format!("{base}/api/v1/accounts/citizens")).json(&citizen(ID)).send().await.unwrap();
        assert_eq!(res.status(), 201);
        // The no-JavaScript form, failing and echoing the number back.
        let res = reqwest::Client::new()
            .post(format!("{base}/register"))
            .header("origin", &base)
            .form(&[("real_name", "李雷"), ("id_number", ID), ("mobile", MOBILE), ("username", "log.test2"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "the ID number is registered already");
        let res = client.get(format!("{base}/me")).send().await.unwrap();
        assert_eq!(res.status(), 200);
        // A demo clerk looks the person up.
        let clerk = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        let code = totp::code_at("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", now).unwrap();
        let res = clerk
            .post(format!("{base}/api/v1/session"))
            .json(&serde_json::json!({"username": "staff.gz.mzj", "password": "Banshi-Demo-2026", "totp": code}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let res = clerk
            .post(format!("{base}/api/v1/staff/citizen-lookup"))
            .json(&serde_json::json!({"id_number": ID}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let res = client.get(format!("{base}/api/v1/me/accesses")).send().await.unwrap();
        let accesses: serde_json::Value = res.json().await.unwrap();
        assert_eq!(accesses[0]["department"]["zh"], "广州市民政局");
    });
    assert!(running.signal(signal::Signal::SIGTERM).success());
    let logged = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        logged.contains("served"),
        "the log was written: {}",
        &logged[..logged.len().min(500)]
    );
    for secret in [ID, BAD_ID, MOBILE, PASSWORD, "440106199003071231"] {
        assert!(!logged.contains(secret), "{secret} is in the log");
    }
}
