//! The home page and the five channels of the hall.

use super::ChosenRegion;
use crate::{
    accounts::Role,
    catalog::{
        find::{Find, ItemSummary},
        vocab::LifeEvent,
        SearchBox,
    },
    error::AppError,
    i18n::{Lang, Msg},
    ui::{use_prefs, Channel, ChannelState},
    workflow::{engine::CaseStatus, views::CaseLine},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// How many open cases the home page lists (the rest are in my space).
#[cfg(feature = "ssr")]
const HOME_CASES: usize = 5;

/// The hot services of a region, as the navigator computes them. The home
/// is the most visited page: the list (views of the last 30 days) is
/// reused for a minute per database and region.
#[server(prefix = "/sfn", endpoint = "home_hot")]
pub async fn home_hot(region: String) -> Result<Vec<ItemSummary>, AppError> {
    use std::{
        sync::Mutex,
        time::{Duration, Instant},
    };
    type Kept = Vec<((String, u32), (Instant, Vec<ItemSummary>))>;
    static KEPT: Mutex<Kept> = Mutex::new(Vec::new());
    const FOR: Duration = Duration::from_secs(60);
    let region =
        crate::regions::RegionCode::parse(&region).map_err(|_| AppError::InvalidRegionCode)?;
    let state = crate::state::AppState::from_context()?;
    let key = (
        state
            .pool
            .connect_options()
            .get_database()
            .unwrap_or_default()
            .to_string(),
        region.get(),
    );
    let lock = || KEPT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, (at, items))) = lock().iter().find(|(k, _)| *k == key) {
        if at.elapsed() < FOR {
            return Ok(items.clone());
        }
    }
    let items =
        crate::catalog::store::hot(&state.pool, Some(region), crate::catalog::HOT_COUNT).await?;
    let mut kept = lock();
    kept.retain(|(k, (at, _))| *k != key && at.elapsed() < FOR);
    kept.push((key, (Instant::now(), items.clone())));
    Ok(items)
}

/// The signed-in person's open cases, newest first (none signed out).
#[server(prefix = "/sfn", endpoint = "home_cases")]
pub async fn home_cases() -> Result<Vec<CaseLine>, AppError> {
    let Some(me) = crate::accounts::current_user() else {
        return Ok(Vec::new());
    };
    let state = crate::state::AppState::from_context()?;
    let cases = crate::workflow::store::my_cases(&state.pool, &me, state.now.today(), 100).await?;
    Ok(cases
        .into_iter()
        .filter(|c| next_step(c.status).is_some())
        .take(HOME_CASES)
        .collect())
}

/// What the applicant does next on a case in `status`; `None` once the
/// case is closed.
fn next_step(status: CaseStatus) -> Option<Msg> {
    match status {
        CaseStatus::WaitingForApplicant => Some(Msg::HomeNextWaiting),
        CaseStatus::InReview => Some(Msg::HomeNextInReview),
        CaseStatus::Overdue => Some(Msg::HomeNextOverdue),
        CaseStatus::Rejected | CaseStatus::Completed => None,
    }
}

/// The home page, starting from the need: search with suggestions, the
/// person's open cases, tracking by case number, hot services and life
/// events on the first screen; the five channels below. Each section has
/// its `home-*` class (elder mode simplifies the home with them).
#[component]
pub fn HomePage() -> impl IntoView {
    let prefs = use_prefs();
    let lang = prefs.lang;
    let hot = Resource::new(move || prefs.region.to_string(), home_hot);
    let mine = crate::accounts::current_user()
        .filter(|me| matches!(me.role, Role::Citizen | Role::Enterprise))
        .map(|_| Resource::new(|| (), |_| home_cases()));
    view! {
        <Title text=""/>
        <div class="home-top">
            <section class="hero home-search" aria-labelledby="hero-title">
                <h1 id="hero-title">{lang.t(Msg::SiteName)}</h1>
                <p class="tagline">{lang.t(Msg::SiteTagline)}</p>
                <p class="region-line">
                    {lang.t(Msg::CurrentRegion)}{lang.t(Msg::Colon)}<ChosenRegion/>
                </p>
                <SearchBox value=String::new() keep=Vec::new()/>
                <crate::prefs::modes::ModeSwitch/>
            </section>
            {mine.map(|cases| view! { <HomeMine cases/> })}
            <HomeTrack lang/>
            <section class="home-hot" aria-labelledby="home-hot-title">
                <h2 id="home-hot-title">{lang.t(Msg::HotServices)}</h2>
                <Suspense fallback=move || view! { <p>{lang.t(Msg::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        match hot.await {
                            Ok(items) if !items.is_empty() => hot_list(lang, items).into_any(),
                            _ => view! { <p class="hint">{lang.t(Msg::HotServicesNone)}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <HomeEvents lang/>
        </div>
        <section class="channels home-channels" aria-labelledby="channels-title">
            <h2 id="channels-title">{lang.t(Msg::ChannelsHeading)}</h2>
            <ul class="channel-grid">
                {Channel::ALL
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li class={if c.state() == ChannelState::Later { "channel-card channel-later" } else { "channel-card" }}>
                                <h3>
                                    <a href=c.path()>{lang.t(c.title())}</a>
                                </h3>
                                {c.state().tag().map(|m| view! { <p class="channel-state">{lang.t(m)}</p> })}
                                <p>{lang.t(c.about())}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

fn hot_list(lang: Lang, items: Vec<ItemSummary>) -> impl IntoView {
    view! {
        <ol class="hot-list">
            {items
                .into_iter()
                .map(|i| view! {
                    <li>
                        <a href=format!("/services/{}", i.code)>{i.name.get(lang).to_string()}</a>
                        <span class="hint">" · "{i.region.get(lang).to_string()}</span>
                    </li>
                })
                .collect_view()}
        </ol>
    }
}

/// The life events, each a link to its services (the navigator's browse
/// links), and the way to every other.
#[component]
fn HomeEvents(lang: Lang) -> impl IntoView {
    let links = LifeEvent::ALL
        .iter()
        .map(|&event| {
            let href = Find {
                page: 1,
                life_event: Some(event),
                ..Find::default()
            }
            .href();
            view! { <li><a href=href>{event.label(lang)}</a></li> }
        })
        .collect_view();
    view! {
        <section class="home-events" aria-labelledby="home-events-title">
            <h2 id="home-events-title">{lang.t(Msg::ByLifeEvent)}</h2>
            <ul class="event-grid">{links}</ul>
            <p><a href=Channel::Services.path()>{lang.t(Msg::HomeAllServices)}</a></p>
        </section>
    }
}

/// Tracking a case by its number and query code: a GET form to `/track`.
#[component]
fn HomeTrack(lang: Lang) -> impl IntoView {
    view! {
        <section class="home-track" aria-labelledby="home-track-title">
            <h2 id="home-track-title">{lang.t(Msg::TrackTitle)}</h2>
            <p class="hint" id="home-track-help">{lang.t(Msg::HomeTrackHint)}</p>
            <form method="get" action="/track" class="form track-form">
                <div class="field">
                    <label for="home-case-no">{lang.t(Msg::CaseNumber)}</label>
                    <input
                        type="text"
                        id="home-case-no"
                        name="case_no"
                        autocomplete="off"
                        required=true
                        aria-describedby="home-track-help"
                    />
                </div>
                <div class="field">
                    <label for="home-code">{lang.t(Msg::QueryCode)}</label>
                    <input type="text" id="home-code" name="code" autocomplete="off" required=true/>
                </div>
                <button type="submit" class="primary">{lang.t(Msg::TrackSubmit)}</button>
            </form>
        </section>
    }
}

/// The signed-in person's open cases, each with what comes next.
#[component]
fn HomeMine(cases: Resource<Result<Vec<CaseLine>, AppError>>) -> impl IntoView {
    let lang = use_prefs().lang;
    let body = move || {
        Suspend::new(async move {
            match cases.await {
                Ok(list) if list.is_empty() => {
                    view! { <p>{lang.t(Msg::HomeMineEmpty)}</p> }.into_any()
                }
                Ok(list) => view! {
                    <ul class="case-list home-cases">
                        {list.into_iter().map(|c| {
                            let next = next_step(c.status)
                                .map(|m| lang.fill(m, &[("due", &c.due_on)]))
                                .unwrap_or_default();
                            view! {
                                <li>
                                    <a href=format!("/cases/{}", c.case_no)>{c.service.get(lang).to_string()}</a>
                                    <span class="hint">" · "{c.case_no.clone()}" · "{c.status.label(lang)}</span>
                                    <br/>
                                    <strong>{lang.t(Msg::HomeNextLabel)}{lang.t(Msg::Colon)}</strong>{next}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
                Err(e) => view! { <p class="notice" role="alert">{e.message(lang)}</p> }.into_any(),
            }
        })
    };
    view! {
        <section class="home-mine" aria-labelledby="home-mine-title">
            <h2 id="home-mine-title">{lang.t(Msg::HomeMineTitle)}</h2>
            <Suspense fallback=move || view! { <p>{lang.t(Msg::Loading)}</p> }>{body}</Suspense>
            <p><a href="/me">{lang.t(Msg::HomeMineAll)}</a></p>
        </section>
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
