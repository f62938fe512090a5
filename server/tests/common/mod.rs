#![allow(dead_code)] // each test crate uses some of the helpers
//! `TestApp`: the real router on 127.0.0.1:0 over a test database.

use app::state::AppState;
use sqlx::PgPool;
use std::{net::SocketAddr, path::Path};

/// The key sealing personal data in tests (fixed: tests may compare).
pub fn test_data_key() -> app::accounts::secrets::DataKey {
    app::accounts::secrets::DataKey::parse(&"42".repeat(32)).unwrap()
}

/// The hall's clock in HTTP tests: Wednesday 30 September 2026, 10:00 in
/// Guangdong, the day before the National Day holiday.
pub fn test_now() -> time::OffsetDateTime {
    time::macros::datetime!(2026-09-30 10:00 +8)
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
}

impl TestApp {
    /// Loads the reference data into `pool` and serves the whole app on a free port.
    pub async fn spawn(pool: PgPool) -> TestApp {
        server::reference::load(&pool)
            .await
            .expect("reference data loads");
        Self::spawn_without_reference(pool).await
    }

    pub async fn spawn_without_reference(pool: PgPool) -> TestApp {
        Self::spawn_with_site(pool, Path::new("../target/site")).await
    }

    /// Serves the app with its static files from `site_root`.
    pub async fn spawn_with_site(pool: PgPool, site_root: &Path) -> TestApp {
        Self::spawn_with_options(pool, site_root, false).await
    }

    /// Serves the app as if behind a proxy that appends `X-Forwarded-For`.
    pub async fn spawn_behind_proxy(pool: PgPool) -> TestApp {
        server::reference::load(&pool)
            .await
            .expect("reference data loads");
        Self::spawn_with_options(pool, Path::new("../target/site"), true).await
    }

    async fn spawn_with_options(pool: PgPool, site_root: &Path, forwarded_for: bool) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = AppState {
            pool,
            leptos_options: server::leptos_options(site_root, addr),
            secure_cookies: false,
            data_key: test_data_key(),
            now: app::clock::Now::fixed(test_now()),
            objects: app::files::objects::Objects::memory(),
        };
        let router = server::router_with(state, None, forwarded_for);
        tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap()
        });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        TestApp { addr, client }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// This site's origin, as a browser sends it.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
    }

    /// A form POST as the site's own page sends it.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("origin", self.origin())
            .form(form)
            .send()
            .await
            .unwrap()
    }
}
