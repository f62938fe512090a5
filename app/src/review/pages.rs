//! The reviewer's queue (`/staff/review`): one page for everything waiting
//! for review in the departments where the viewer is a reviewer, each
//! linking to its own staff page.

use super::view::QueueRow;
use crate::{
    accounts::Role as AccountRole,
    error::AppError,
    i18n::{Lang, Msg},
    ui::{data_table, signed_in_as, use_prefs, LoadedList},
};
use leptos::prelude::*;
use leptos_meta::Title;

#[server(prefix = "/sfn", endpoint = "review_queue")]
pub async fn review_queue() -> Result<Vec<QueueRow>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    super::store::queue(&state.pool, &me).await
}

/// `/staff/review`: the items waiting for the viewer's review.
#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::RevQueueTitle);
    if let Err(refused) = signed_in_as(lang, title, "/staff/review", Some(AccountRole::Staff)) {
        return refused;
    }
    let data = Resource::new(|| (), |_| review_queue());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="about">{lang.t(Msg::RevQueueAbout)}</p>
        <LoadedList data empty=Msg::RevQueueEmpty view=move |rows| queue_table(lang, rows)/>
    }
    .into_any()
}

fn queue_table(lang: Lang, rows: Vec<QueueRow>) -> AnyView {
    let cells = rows
        .into_iter()
        .map(|r| {
            let subject = match r.subject {
                super::view::Subject::Document => lang.t(Msg::RevSubjectDocument),
                super::view::Subject::WeiboPost => lang.t(Msg::RevSubjectWeiboPost),
                super::view::Subject::WeiboAnswer => lang.t(Msg::RevSubjectWeiboAnswer),
            };
            view! {
                <tr>
                    <td data-label=lang.t(Msg::DocTitle)><a href=r.link.clone()>{r.title.clone()}</a></td>
                    <td data-label=lang.t(Msg::RevSubject)>{subject}</td>
                    <td data-label=lang.t(Msg::DocDepartment)>{r.department.get(lang).to_string()}</td>
                    <td data-label=lang.t(Msg::DocAuthor)>{r.author.clone()}</td>
                    <td data-label=lang.t(Msg::RevSubmittedAt)>{r.submitted_at.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    data_table(
        lang,
        Msg::RevQueueTitle,
        &[
            Msg::DocTitle,
            Msg::RevSubject,
            Msg::DocDepartment,
            Msg::DocAuthor,
            Msg::RevSubmittedAt,
        ],
        cells,
    )
}
