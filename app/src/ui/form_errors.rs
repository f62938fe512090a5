//! A refused form as it comes back without JavaScript (the echo of what was
//! typed and why it was refused): the summary at the form's top, each
//! problem linking to its field, and each field's own error line. A
//! page's fields have the ids `{prefix}-{field}`.

use crate::{
    accounts::FormEcho,
    error::AppError,
    i18n::{Lang, Msg},
};
use leptos::prelude::*;

/// The text of `field`'s problem in the echo, if it has one.
pub fn field_problem(echo: &FormEcho, lang: Lang, field: &str) -> Option<String> {
    echo.errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.text.get(lang).to_string())
}

/// The summary of a refused form (none when nothing was refused); it sets
/// the page's status: the error's, or 422 for problems with fields.
pub fn error_summary(lang: Lang, echo: &FormEcho, prefix: &'static str) -> Option<impl IntoView> {
    (echo.error.is_some() || !echo.errors.is_empty()).then(|| {
        let status = echo.error.as_ref().map_or(422, AppError::status);
        crate::error::set_response_status(status);
        let general = echo.error.as_ref().map(|e| view! { <p>{e.message(lang)}</p> });
        let items = echo
            .errors
            .iter()
            .map(|e| view! { <li><a href=format!("#{prefix}-{}", e.field)>{e.text.get(lang).to_string()}</a></li> })
            .collect_view();
        view! {
            <div class="notice error-summary" role="alert" tabindex="-1">
                <h2 class="error-summary-title">{lang.t(Msg::ErrorSummaryTitle)}</h2>
                {general}
                <ul>{items}</ul>
            </div>
        }
    })
}

/// A field's error line (`{prefix}-{name}-error`, named by the field's
/// `aria-describedby`), hidden when the field has no problem.
pub fn field_error(prefix: &str, name: &str, error: Option<String>) -> impl IntoView {
    let hidden = error.is_none();
    view! {
        <p class="field-error" id=format!("{prefix}-{name}-error") role="alert" hidden=hidden>
            {error.unwrap_or_default()}
        </p>
    }
}
