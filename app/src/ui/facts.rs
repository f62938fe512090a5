//! Facts shown as a definition list (`<dl class="facts">`).

use crate::i18n::{Lang, Msg};
use leptos::prelude::*;

/// One fact: its label and its value.
pub fn row(label: Msg, value: String, lang: Lang) -> impl IntoView {
    view! {
        <div>
            <dt>{lang.t(label)}</dt>
            <dd>{value}</dd>
        </div>
    }
}
