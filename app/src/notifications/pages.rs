//! The inbox page (`/inbox`: newest first, unread marked, a "mark read"
//! form per message that works without JavaScript) and the header's link
//! with the unread count.

use super::NotificationView;
use crate::{
    error::AppError,
    i18n::{Lang, Msg},
    ui::{signed_in_as, use_prefs, LoadedList},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// How many messages the inbox shows.
pub const INBOX_PAGE: i64 = 100;

#[server(prefix = "/sfn", endpoint = "inbox_data")]
pub async fn inbox_data() -> Result<Vec<NotificationView>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let lang = crate::prefs::Prefs::current().lang;
    super::store::inbox(&state.pool, me.id, lang, INBOX_PAGE).await
}

#[server(prefix = "/sfn", endpoint = "inbox_unread")]
pub async fn inbox_unread() -> Result<i64, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    super::store::unread(&state.pool, me.id).await
}

/// The header's link to the inbox, with the unread count once known.
#[component]
pub fn InboxLink(lang: Lang) -> impl IntoView {
    let count = Resource::new(|| (), |_| inbox_unread());
    let label = move || {
        Suspend::new(async move {
            match count.await {
                Ok(n) if n > 0 => view! {
                    " " <span class="unread-count">{n} " " {lang.t(Msg::NavInboxUnread)}</span>
                }
                .into_any(),
                _ => ().into_any(),
            }
        })
    };
    view! {
        <a href="/inbox">
            {lang.t(Msg::InboxTitle)}
            <Suspense fallback=|| ()>{label}</Suspense>
        </a>
    }
}

/// `/inbox`: the signed-in account's messages.
#[component]
pub fn InboxPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::InboxTitle);
    if let Err(refused) = signed_in_as(lang, title, "/inbox", None) {
        return refused;
    }
    let list = Resource::new(|| (), |_| inbox_data());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="about">{lang.t(Msg::InboxAbout)}</p>
        <LoadedList data=list empty=Msg::InboxEmpty view={move |list: Vec<NotificationView>| view! {
            <ul class="inbox">{list.into_iter().map(|n| message(lang, n)).collect_view()}</ul>
        }}/>
    }
    .into_any()
}

fn message(lang: Lang, n: NotificationView) -> impl IntoView {
    let heading = format!("note-{}", n.id);
    let labelled_by = heading.clone();
    view! {
        <li class="inbox-message" class:unread=!n.read>
            <article aria-labelledby=labelled_by>
                <h2 id=heading>
                    {(!n.read).then(|| view! { <span class="badge badge-unread">{lang.t(Msg::InboxUnread)}</span> " " })}
                    {n.title}
                </h2>
                <p>{n.body}</p>
                <p class="inbox-meta">
                    {lang.t(Msg::InboxReceived)} {lang.t(Msg::Colon)} {n.created_at}
                    {n.link.map(|l| view! { " · " <a href=l>{lang.t(Msg::InboxOpen)}</a> })}
                </p>
                {(!n.read).then(|| view! {
                    <form method="post" action=format!("/inbox/{}/read", n.id)>
                        <button type="submit" aria-describedby=format!("note-{}", n.id)>{lang.t(Msg::InboxMarkRead)}</button>
                    </form>
                })}
            </article>
        </li>
    }
}
