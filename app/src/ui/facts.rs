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

/// A data table (docs/design-system.md): scrolls in its own region (named
/// apart from the section it is in: "… (table, scrolls sideways)"), its
/// caption for screen readers, a header cell per column; each row's cells
/// carry `data-label`, so below 600 px the rows become cards.
pub fn data_table(lang: Lang, caption: Msg, columns: &[Msg], rows: impl IntoView) -> AnyView {
    let heads = columns
        .iter()
        .map(|c| view! { <th scope="col">{lang.t(*c)}</th> })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region"
            aria-label=lang.fill(Msg::TableOf, &[("name", &lang.t(caption))])>
            <table>
                <caption class="sr-only">{lang.t(caption)}</caption>
                <thead><tr>{heads}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
