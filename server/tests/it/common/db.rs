//! Test databases copied from templates: each test binary migrates and
//! loads the reference data and the demo catalog once, into a template
//! database, and every test gets its own copy of it (`CREATE DATABASE …
//! TEMPLATE …` copies files, which is far quicker than loading the demo
//! catalog again). The server's `with-db` mode provides `DATABASE_URL`.

use sqlx::{
    postgres::{PgConnectOptions, PgPoolOptions},
    ConnectOptions, Connection, PgConnection, PgPool,
};
use std::{
    str::FromStr,
    sync::atomic::{AtomicU32, Ordering},
};

/// What a test database holds besides the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// The schema only (the test loads what it needs).
    Schema,
    /// The regions and the holiday calendar.
    Reference,
    /// The reference data, the demo catalog, forms, bundles and processes.
    Demo,
}

impl Seed {
    fn name(self) -> &'static str {
        match self {
            Seed::Schema => "schema",
            Seed::Reference => "reference",
            Seed::Demo => "demo",
        }
    }
}

/// A new database of its own for one test, holding `seed`.
pub async fn database(seed: Seed) -> PgPool {
    // The server's warnings and errors (an internal error's cause) appear
    // beside a failing test's output.
    let _ = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .with_test_writer()
        .try_init();
    let url = std::env::var("DATABASE_URL")
        .expect("DATABASE_URL (run the tests under `server with-db`, see the Makefile)");
    let base = PgConnectOptions::from_str(&url).expect("DATABASE_URL parses");
    let mut admin = base
        .connect()
        .await
        .expect("the test PostgreSQL accepts connections");
    let template = template(&mut admin, &base, seed).await;
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "test_{}_{}_{}",
        binary_key(),
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    sqlx::raw_sql(&format!(
        r#"create database "{name}" template "{template}""#
    ))
    .execute(&mut admin)
    .await
    .unwrap_or_else(|e| panic!("copying {template}: {e}"));
    admin.close().await.ok();
    PgPoolOptions::new()
        .max_connections(20)
        .connect_with(base.database(&name))
        .await
        .expect("the test database accepts connections")
}

/// The template holding `seed` for this test binary, made on first use
/// (an advisory lock keeps two tests from making it at once).
async fn template(admin: &mut PgConnection, base: &PgConnectOptions, seed: Seed) -> String {
    let name = format!("template_{}_{}", seed.name(), binary_key());
    sqlx::query("select pg_advisory_lock(hashtext($1))")
        .bind(&name)
        .execute(&mut *admin)
        .await
        .expect("advisory lock");
    let exists: bool =
        sqlx::query_scalar("select exists (select 1 from pg_database where datname = $1)")
            .bind(&name)
            .fetch_one(&mut *admin)
            .await
            .expect("pg_database");
    if !exists {
        // Made under a temporary name and renamed when complete, so that a
        // test binary killed halfway leaves no half-loaded template.
        let building = format!("{name}_building");
        for sql in [
            format!(r#"drop database if exists "{building}""#),
            format!(r#"create database "{building}""#),
        ] {
            sqlx::raw_sql(&sql)
                .execute(&mut *admin)
                .await
                .expect("create the template");
        }
        let pool = PgPoolOptions::new()
            .max_connections(4)
            .connect_with(base.clone().database(&building))
            .await
            .expect("connect to the template");
        server::MIGRATOR.run(&pool).await.expect("migrations run");
        if seed != Seed::Schema {
            server::reference::load(&pool)
                .await
                .expect("reference data loads");
        }
        if seed == Seed::Demo {
            server::demo::load(&pool)
                .await
                .expect("demo catalog and processes load");
        }
        pool.close().await;
        // A closed connection's backend ends a moment after the client has
        // gone: until it has, PostgreSQL refuses the rename (55006, "being
        // accessed by other users"). Try again for a few seconds.
        let rename = format!(r#"alter database "{building}" rename to "{name}""#);
        let mut tries = 0;
        loop {
            match sqlx::raw_sql(&rename).execute(&mut *admin).await {
                Ok(_) => break,
                Err(sqlx::Error::Database(e))
                    if e.code().as_deref() == Some("55006") && tries < 200 =>
                {
                    tries += 1;
                    // On a loaded machine a backend may linger: end it
                    // (the pool is closed; nothing of it is still in use).
                    let _ = sqlx::query(
                        "select pg_terminate_backend(pid) from pg_stat_activity
                         where datname = $1 and pid <> pg_backend_pid()",
                    )
                    .bind(&building)
                    .execute(&mut *admin)
                    .await;
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                Err(e) => panic!("rename the template: {e}"),
            }
        }
    }
    sqlx::query("select pg_advisory_unlock(hashtext($1))")
        .bind(&name)
        .execute(&mut *admin)
        .await
        .expect("advisory unlock");
    name
}

/// Names this build of this test binary: a rebuilt binary (new code, new
/// migrations, new seed data) makes new templates rather than reuse stale
/// ones. Read once: the binary may be replaced by a build while it runs.
fn binary_key() -> &'static str {
    static KEY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    KEY.get_or_init(|| {
        let exe = std::env::current_exe().unwrap_or_default();
        let (len, modified) = std::fs::metadata(&exe).map_or((0, 0), |meta| {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            (meta.len(), modified)
        });
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let id = format!("{}:{len}:{modified}:{}", exe.display(), std::process::id());
        for byte in id.bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3);
        }
        format!("{hash:016x}")
    })
}
