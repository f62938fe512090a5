//! The Banshi server: settings, the database (embedded or external),
//! migrations, reference data, routes and layers.

pub mod accounts;
pub mod api;
pub mod applications;
pub mod consultations;
pub mod demo;
pub mod embedded_pg;
pub mod generate;
pub mod generate_cases;
pub mod inbox;
pub mod jobs;
pub mod middleware;
pub mod openapi;
pub mod ratings;
pub mod reference;
pub mod rng;
pub mod settings;
pub mod stats;

use app::{prefs::handler::set_prefs, shell, state::AppState, App};
use axum::{
    routing::{any, get, post},
    Router,
};
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use middleware::SiteOrigin;
use std::path::Path;
use tower_http::compression::CompressionLayer;
use utoipa_axum::{router::OpenApiRouter, router::UtoipaMethodRouterExt, routes};

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

/// The routes of the JSON API and the forms. Every `/api/v1` route is
/// added with `utoipa_axum::routes!`, which routes a handler and adds its
/// `#[utoipa::path]` to the document together, so [`openapi::document`]
/// describes exactly what is routed.
pub fn routes() -> OpenApiRouter<AppState> {
    use utoipa::OpenApi;
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(openapi::openapi_json))
        .routes(routes!(api::regions))
        .routes(routes!(api::services))
        .routes(routes!(api::service))
        .routes(routes!(api::departments))
        .routes(routes!(api::themes))
        .routes(routes!(api::life_events))
        .routes(routes!(api::calendar_deadline))
        .routes(routes!(api::calendar_day))
        .routes(routes!(accounts::api_sign_in, accounts::api_sign_out))
        .routes(routes!(accounts::api_me))
        .routes(routes!(accounts::api_my_accesses))
        .routes(routes!(accounts::api_citizen_lookup))
        .routes(routes!(accounts::api_change_password))
        .routes(routes!(accounts::api_create_official))
        .routes(routes!(accounts::api_change_role))
        .routes(routes!(accounts::api_add_member))
        .routes(routes!(accounts::api_register_citizen))
        .routes(routes!(accounts::api_register_enterprise))
        .routes(routes!(applications::submit))
        .routes(routes!(applications::form))
        .routes(routes!(applications::load_draft, applications::save_draft))
        .routes(routes!(applications::track))
        .routes(routes!(applications::my_cases))
        .routes(routes!(applications::my_case))
        .routes(routes!(applications::supplement))
        .routes(routes!(applications::queue))
        .routes(routes!(applications::claim))
        .routes(routes!(applications::inspection))
        .routes(routes!(applications::task, applications::act))
        .routes(
            routes!(applications::upload)
                .layer(axum::extract::DefaultBodyLimit::max(11 * 1024 * 1024)),
        )
        .routes(routes!(applications::download))
        .routes(routes!(applications::set_now))
        .merge(ratings::routes())
        .merge(stats::routes())
        .merge(inbox::routes())
        .routes(routes!(consultations::list, consultations::ask))
        .routes(routes!(consultations::one))
        .routes(routes!(consultations::helpful))
        .routes(routes!(consultations::mine))
        .routes(routes!(consultations::queue))
        .routes(routes!(consultations::answer))
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
        .route("/healthz", get(api::healthz))
        .route("/api/{*rest}", any(api::not_found))
        .route("/prefs", post(set_prefs))
        .route("/login", post(accounts::form_sign_in))
        .route("/logout", post(accounts::form_sign_out))
        .route("/me/password", post(accounts::form_change_password))
        .route("/staff/lookup", post(accounts::form_citizen_lookup))
        .route("/admin/officials", post(accounts::form_create_official))
        .route("/register", post(accounts::form_register))
        .route("/register/enterprise", post(accounts::form_register))
        .route(
            "/apply",
            post(applications::form_apply)
                .layer(axum::extract::DefaultBodyLimit::max(60 * 1024 * 1024)),
        )
        .route(
            "/cases/{case_no}/supplement",
            post(applications::form_supplement)
                .layer(axum::extract::DefaultBodyLimit::max(60 * 1024 * 1024)),
        )
        .route("/staff/tasks/claim", post(applications::form_claim))
        .route("/staff/tasks/{id}", post(applications::form_act))
        .route(
            "/staff/cases/{case_no}/inspection",
            post(applications::form_inspection),
        )
        .route("/consult", post(consultations::form_ask))
        .route(
            "/consultations/{id}/helpful",
            post(consultations::form_helpful),
        )
        .route(
            "/staff/consultations/{id}",
            post(consultations::form_answer),
        )
        .leptos_routes_with_context(&state, pages, middleware::provide_csp_nonce, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(middleware::provide_csp_nonce, shell))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            accounts::session_layer,
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
            accounts::client_layer,
        ))
        .with_state(state)
}
