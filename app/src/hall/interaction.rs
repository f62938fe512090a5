//! The interaction channel (政民互动, `/interaction`): one page that leads to
//! every part of it — writing a letter, the public letters and their
//! results, the handling figures and the overdue list, suggestion topics,
//! online interviews, every answered public consultation (searchable from
//! here), the ratings boards and tracking.

use crate::{
    i18n::{Lang, Msg},
    ui::{use_prefs, Breadcrumbs, Channel},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The parts of the channel, in the order a person looks for them: path,
/// title, what it offers.
const PARTS: &[(&str, Msg, Msg)] = &[
    ("/letters/new", Msg::IxWriteTitle, Msg::IxWriteAbout),
    ("/letters", Msg::IxLettersTitle, Msg::IxLettersAbout),
    ("/suggestions", Msg::IxSuggestTitle, Msg::IxSuggestAbout),
    ("/interviews", Msg::IxInterviewTitle, Msg::IxInterviewAbout),
    ("/weibo", Msg::WbPostHallTitle, Msg::WbPostIxAbout),
    ("/letters/stats", Msg::IxStatsTitle, Msg::IxStatsAbout),
    ("/ratings", Msg::BoardTitle, Msg::IxRatingsAbout),
    ("/track", Msg::TrackTitle, Msg::IxTrackAbout),
];

#[component]
pub fn InteractionPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Channel::Interaction.title());
    view! {
        <Title text=title/>
        <Breadcrumbs trail=vec![(Channel::Interaction.path().to_string(), title.to_string())]/>
        <h1>{title}</h1>
        <p class="about">{lang.t(Channel::Interaction.about())}</p>
        <ul class="channel-grid">
            {PARTS.iter().map(|(path, name, about)| part(lang, path, *name, *about)).collect_view()}
            <li class="channel-card">
                <h2><a href="/consultations">{lang.t(Msg::ConsultAllTitle)}</a></h2>
                <p>{lang.t(Msg::ConsultAllAbout)}</p>
                <form method="get" action="/consultations" role="search">
                    <label for="ix-consult-q">{lang.t(Msg::ConsultAllSearch)}</label>
                    <input type="search" id="ix-consult-q" name="q" maxlength="64"/>
                    <button type="submit">{lang.t(Msg::SearchButton)}</button>
                </form>
            </li>
        </ul>
    }
}

fn part(lang: Lang, path: &'static str, name: Msg, about: Msg) -> impl IntoView {
    view! {
        <li class="channel-card">
            <h2><a href=path>{lang.t(name)}</a></h2>
            <p>{lang.t(about)}</p>
        </li>
    }
}
