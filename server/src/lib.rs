//! The Banshi server: settings, the database (embedded or external),
//! migrations, reference data, routes and layers.
//!
//! Every HTTP module (by capability) exposes `routes()`, and all read and
//! write requests pass through the one HTTP layer in [`http`]. What the
//! hall answers, by path:
//! - `/api/v1/…`: the JSON API for other systems (anything else under
//!   `/api/` is a JSON 404);
//! - `/sfn/…`: the pages' server functions, every one under this single
//!   prefix (`#[server(prefix = "/sfn", …)]`), so they never mix with the
//!   versioned API;
//! - plain HTML form posts (`/login`, `/apply`, `/consult`, …) that work
//!   without JavaScript, and the pages themselves, rendered by Leptos.

pub mod accounts;
pub mod api;
pub mod applications;
pub mod booking;
pub mod consultations;
pub mod demo;
pub mod desk;
pub mod disclosure_report;
pub mod embedded_pg;
pub mod enterprise;
pub mod generate;
pub mod generate_cases;
pub mod generate_documents;
pub mod generate_letters;
pub mod generate_projects;
pub mod generate_weibo;
pub mod http;
pub mod inbox;
pub mod intermediaries;
// requests
pub mod information_requests;
// (end of issue 20, requests)
// interviews
pub mod interviews;
pub mod investment;
pub mod jobs;
pub mod letter_stats;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod publishing_roles;
pub mod pwa;
pub mod ratings;
pub mod reference;
pub mod rng;
pub mod session;
pub mod settings;
pub mod stats;
pub mod uploads;
pub mod weibo;
pub mod workbench;
// documents
pub mod documents;
// (end of issue 20, documents)
// suggestions
pub mod suggestions;
// letters
pub mod letters;

use app::{
    prefs::handler::{kiosk_off, kiosk_on, set_prefs},
    shell,
    state::AppState,
    App,
};
use axum::{
    routing::{any, get, post},
    Router,
};
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use middleware::SiteOrigin;
use std::path::Path;
use tower_http::compression::CompressionLayer;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The migrations, embedded in the binary and run at start.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Leptos options for the site under `site_root`. Hashed file names are used
/// when cargo-leptos left its `hash.txt` beside the binary.
pub fn leptos_options(site_root: &Path, site_addr: std::net::SocketAddr) -> LeptosOptions {
    let hashed = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").exists()))
        .unwrap_or(false);
    LeptosOptions::builder()
        .output_name("banshi")
        .site_root(site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(site_addr)
        .hash_files(hashed)
        .build()
}

/// The page routes, generated once per process. Generating them runs the
/// app with resource loading suppressed by a process-wide flag, so a page
/// rendered elsewhere in the process at that moment would wait forever for
/// its data (leptos-rs/leptos#4773); several routers in one process (the
/// tests build one per test) must therefore share one generation.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Every module's routes: the JSON API and the forms. Each `/api/v1` route
/// is added with `utoipa_axum::routes!`, which routes a handler and adds
/// its `#[utoipa::path]` to the document together, so [`openapi::document`]
/// describes exactly what is routed.
pub fn routes() -> OpenApiRouter<AppState> {
    use utoipa::OpenApi;
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(openapi::openapi_json))
        .merge(api::routes())
        .merge(session::routes())
        .merge(accounts::routes())
        .merge(applications::routes())
        .merge(workbench::routes())
        .merge(desk::routes())
        .merge(uploads::routes())
        .merge(ratings::routes())
        .merge(stats::routes())
        .merge(inbox::routes())
        .merge(consultations::routes())
        .merge(booking::routes())
        .merge(investment::routes())
        .merge(enterprise::routes())
        .merge(intermediaries::routes())
        .merge(pwa::routes())
        // documents
        .merge(documents::routes())
        // (end of issue 20, documents)
        // suggestions
        .merge(suggestions::routes())
        // requests
        .merge(information_requests::routes())
        // (end of issue 20, requests)
        // interviews
        .merge(interviews::routes())
        // letters
        .merge(letters::routes())
        .merge(letter_stats::routes())
        .merge(disclosure_report::routes())
        .merge(publishing_roles::routes())
        .merge(weibo::routes())
}

/// The whole application: API, preference switches, server functions and
/// pages, static files, and the layers every response passes through.
pub fn router(state: AppState, public_origin: Option<String>) -> Router {
    router_with(state, public_origin, false)
}

/// [`router`], and whether the client's address is the last one in
/// `X-Forwarded-For` (behind a reverse proxy that appends it; the server
/// must then be reachable only through the proxy).
pub fn router_with(state: AppState, public_origin: Option<String>, forwarded_for: bool) -> Router {
    let options = state.leptos_options.clone();
    let hsts = public_origin
        .as_deref()
        .is_some_and(|o| o.starts_with("https://"));
    let site = SiteOrigin {
        public: public_origin.map(Into::into),
    };
    let pages = route_list();
    Router::from(routes())
        .route("/api/{*rest}", any(api::not_found))
        .route("/prefs", post(set_prefs))
        .route("/kiosk", get(kiosk_on))
        .route("/kiosk/off", get(kiosk_off))
        .leptos_routes_with_context(&state, pages, middleware::provide_csp_nonce, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(middleware::provide_csp_nonce, shell))
        .layer(axum::middleware::from_fn(middleware::server_fn_status))
        .layer(axum::middleware::from_fn(middleware::api_refusals_as_json))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            session::session_layer,
        ))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            site,
            middleware::cross_site_guard,
        ))
        .layer(axum::middleware::from_fn_with_state(
            hsts,
            middleware::security_headers,
        ))
        .layer(axum::middleware::from_fn(middleware::request_context))
        .layer(axum::middleware::from_fn_with_state(
            forwarded_for,
            session::client_layer,
        ))
        .with_state(state)
}
