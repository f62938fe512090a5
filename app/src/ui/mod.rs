//! What several capabilities' pages share: the preferences of the page, the
//! signed-in check, fact rows, breadcrumbs and the channels they start
//! from, and the load-then-show pattern. It sits below every capability's
//! pages and imports none of them (only capability types and `i18n`), so
//! pages can use it without importing each other.

mod access;
mod days;
mod facts;
mod form_errors;
mod loaded;
mod nav;
#[cfg(feature = "ssr")]
pub mod qr;
mod regions;

pub use access::{signed_in_as, ActionRefused};
pub use days::working_days;
pub use facts::{data_table, row};
pub use form_errors::{error_summary, field_error, field_problem};
pub use loaded::{Loaded, LoadedList};
pub use nav::{Breadcrumbs, Channel, ChannelState};
pub use regions::region_options;

use crate::prefs::Prefs;
use leptos::prelude::*;

/// The preferences of the page being rendered.
pub fn use_prefs() -> Prefs {
    use_context::<Prefs>().unwrap_or_else(Prefs::current)
}

/// In the browser: GETs `url` (same origin) and reads its JSON answer as
/// `T`; `None` on any failure. Islands read what they need with a small
/// typed struct (extra fields ignored) rather than through a server
/// function's client or `serde_json::Value`: both add much to the WASM.
#[cfg(feature = "hydrate")]
pub async fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> Option<T> {
    use wasm_bindgen::JsCast;
    let window = web_sys::window()?;
    let resp = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url))
        .await
        .ok()?;
    let resp: web_sys::Response = resp.unchecked_into();
    if !resp.ok() {
        return None;
    }
    let text = wasm_bindgen_futures::JsFuture::from(resp.text().ok()?)
        .await
        .ok()?;
    serde_json::from_str(&text.as_string()?).ok()
}
