//! Who may see a page, and a refused action sent back to it.

use crate::{
    accounts::{current_user, Me, Role},
    error::{set_response_status, AppError},
    i18n::{Lang, Msg},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The page at `path` for a signed-in account (of `role`, when given):
/// the account, or what to show instead — the way to sign in (the server
/// redirects there before rendering), or a 403.
pub fn signed_in_as(
    lang: Lang,
    title: &'static str,
    path: &str,
    role: Option<Role>,
) -> Result<Me, AnyView> {
    let refusal = match current_user() {
        Some(me) if role.is_none_or(|r| me.role == r) => return Ok(me),
        Some(_) => {
            set_response_status(403);
            view! { <p class="notice" role="alert">{AppError::Forbidden.message(lang)}</p> }
                .into_any()
        }
        None => {
            let login = format!("/login?next={path}");
            crate::error::redirect_page(&login);
            view! {
                <p class="notice">
                    {lang.t(Msg::ErrUnauthenticated)} " " <a href=login>{lang.t(Msg::NavLogin)}</a>
                </p>
            }
            .into_any()
        }
    };
    Err(view! {
        <Title text=title/>
        <h1>{title}</h1>
        {refusal}
    }
    .into_any())
}

/// The refusal of a form post, put in the context of the page rendered
/// again (the task page, a rectification), which shows it above the form.
#[derive(Debug, Clone)]
pub struct ActionRefused(pub AppError);

impl ActionRefused {
    /// The refusal as the page says it: the error's message and, for
    /// refused fields, each field's own problem (no JavaScript needed to
    /// learn which character or date was wrong).
    pub fn message(&self, lang: Lang) -> String {
        match &self.0 {
            AppError::InvalidFields { fields } | AppError::InvalidAnswers { fields } => {
                fields.iter().fold(self.0.message(lang), |text, f| {
                    format!(
                        "{text} {}{}{}",
                        f.field,
                        lang.t(Msg::Colon),
                        f.text.get(lang)
                    )
                })
            }
            other => other.message(lang),
        }
    }
}
