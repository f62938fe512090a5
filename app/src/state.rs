//! What every server function and handler shares: the pool and the options.

use crate::error::AppError;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::PgPool;

/// The server's shared state, given to axum handlers as state and to server
/// functions through the Leptos context.
#[derive(Clone, Debug)]
pub struct AppState {
    pub pool: PgPool,
    pub leptos_options: LeptosOptions,
    /// Whether the site is served over HTTPS (cookies get `Secure`).
    pub secure_cookies: bool,
    /// Seals personal data at rest and keys its blind index.
    pub data_key: crate::accounts::secrets::DataKey,
    /// The hall's clock (fixed in test mode, so journeys have set dates).
    pub now: crate::clock::Now,
    /// Where uploaded scans are kept.
    pub objects: crate::files::objects::Objects,
    /// Working days before a deadline that raise a yellow alert
    /// (`BANSHI_WARN_DAYS`): the same for the monitor and the dashboard.
    pub warn_days: u32,
}

impl AppState {
    /// The state provided to the running server function or page render.
    pub fn from_context() -> Result<Self, AppError> {
        leptos::prelude::use_context::<AppState>()
            .ok_or_else(|| AppError::internal("AppState missing from context"))
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
