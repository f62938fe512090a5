//! The home page and the five channels of the hall.

use super::ChosenRegion;
use crate::{
    i18n::Msg,
    ui::{use_prefs, Breadcrumbs, Channel},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The home page: where the visitor is and the five channels.
#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <Title text=""/>
        <section class="hero" aria-labelledby="hero-title">
            <h1 id="hero-title">{lang.t(Msg::SiteName)}</h1>
            <p class="tagline">{lang.t(Msg::SiteTagline)}</p>
            <p class="region-line">
                {lang.t(Msg::CurrentRegion)}{lang.t(Msg::Colon)}<ChosenRegion/>
            </p>
            <crate::prefs::modes::ModeSwitch/>
        </section>
        <section class="channels" aria-labelledby="channels-title">
            <h2 id="channels-title">{lang.t(Msg::ChannelsHeading)}</h2>
            <ul class="channel-grid">
                {Channel::ALL
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li class="channel-card">
                                <h3>
                                    <a href=c.path()>{lang.t(c.title())}</a>
                                </h3>
                                <p>{lang.t(c.about())}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

impl Channel {
    /// The parts of the channel already built, as (path, title).
    pub fn built(self) -> &'static [(&'static str, Msg)] {
        match self {
            Channel::Interaction => &[("/ratings", Msg::BoardTitle), ("/track", Msg::TrackTitle)],
            Channel::Disclosure => &[("/stats", Msg::StatTitle), ("/ratings", Msg::BoardTitle)],
            _ => &[],
        }
    }
}

/// A channel's section: the parts built so far, and plainly what is not.
#[component]
pub fn ChannelPage(channel: Channel) -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(channel.title());
    let built = channel.built();
    view! {
        <Title text=title/>
        <Breadcrumbs trail=vec![(channel.path().to_string(), title.to_string())]/>
        <h1>{title}</h1>
        {(!built.is_empty()).then(|| view! {
            <ul class="channel-grid">
                {built.iter().map(|(path, msg)| view! {
                    <li class="channel-card"><h2><a href=*path>{lang.t(*msg)}</a></h2></li>
                }).collect_view()}
            </ul>
        })}
        <p class="notice" role="status">
            {lang.t(if built.is_empty() { Msg::NotBuiltYet } else { Msg::PartlyBuilt })}
        </p>
        <p>{lang.t(Msg::NotBuiltYetDetail)}</p>
        <p class="about">{lang.t(channel.about())}</p>
        <p>
            <a href="/">{lang.t(Msg::BackHome)}</a>
        </p>
    }
}

/// Any path the hall does not know; answered with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_prefs().lang;
    view! {
        <Title text=lang.t(Msg::NotFoundTitle)/>
        <h1>{lang.t(Msg::NotFoundTitle)}</h1>
        <p>{lang.t(Msg::NotFoundBody)}</p>
        <p>
            <a href="/">{lang.t(Msg::BackHome)}</a>
        </p>
    }
}
