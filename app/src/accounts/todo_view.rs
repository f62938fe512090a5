//! My space's first section (issue 17): 需要您处理 — what waits for the
//! applicant, each with the link to do it; "nothing to do" when empty.

use crate::{
    i18n::{Lang, Msg},
    tracking::todo::Todo,
};
use leptos::prelude::*;

/// The to-do section of my space.
pub fn todos_view(lang: Lang, todos: &[Todo]) -> AnyView {
    let body = if todos.is_empty() {
        view! { <p>{lang.t(Msg::TodoNone)}</p> }.into_any()
    } else {
        let items = todos
            .iter()
            .map(|t| {
                view! {
                    <li class="todo">
                        <span class="todo-tag">{t.label(lang)}</span>
                        <a href=t.link()>{t.case_no.clone()} " · " {t.service.get(lang).to_string()}</a>
                        <span class="todo-detail">{t.detail(lang)}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="todo-list">{items}</ul> }.into_any()
    };
    view! {
        <section class="space-section todo-box" aria-labelledby="todo-h">
            <h2 id="todo-h">{lang.t(Msg::TodoTitle)}</h2>
            {body}
        </section>
    }
    .into_any()
}
