//! What several capabilities' pages share: the preferences of the page, the
//! signed-in check, fact rows, breadcrumbs and the channels they start
//! from, and the load-then-show pattern. It sits below every capability's
//! pages and imports none of them (only capability types and `i18n`), so
//! pages can use it without importing each other.

mod access;
mod facts;
mod loaded;
mod nav;

pub use access::{signed_in_as, ActionRefused};
pub use facts::row;
pub use loaded::{Loaded, LoadedList};
pub use nav::{Breadcrumbs, Channel};

use crate::prefs::Prefs;
use leptos::prelude::*;

/// The preferences of the page being rendered.
pub fn use_prefs() -> Prefs {
    use_context::<Prefs>().unwrap_or_else(Prefs::current)
}
