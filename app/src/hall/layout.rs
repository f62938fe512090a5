//! The frame of every page.

use super::Regions;
use crate::{
    i18n::{Lang, Msg},
    prefs::{
        kiosk::KioskTimer,
        modes::{ModeSwitch, ReadAloud},
        Mode,
    },
    regions::{Level, Region, RegionCode},
    ui::{use_prefs, Channel, ChannelState},
};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Skip link, header (brand, search, menu: the switches, the account and
/// the main navigation), main, footer; on a terminal its idle watch.
///
/// On phones the header is one row (brand, search, menu) and the menu
/// folds away. Without JavaScript the menu button is a link to the menu
/// (`#site-menu`), which CSS shows while it is the URL's target, and a
/// "close" link inside goes on to the content: plain links that every
/// browser and screen reader knows, with focus moved by the browser. A
/// `<details>` would need its contents duplicated for the desktop header.
/// With JavaScript the island [`MenuButton`] shows a button with
/// `aria-expanded` in the link's place.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let prefs = use_prefs();
    let lang = prefs.lang;
    let location = use_location();
    let here = Memo::new(move |_| {
        let (path, search) = (location.pathname.get(), location.search.get());
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    });
    let elder = prefs.mode == Mode::Elder;

    view! {
        <a class="skip-link" href="#main">
            {lang.t(Msg::SkipToContent)}
        </a>
        <header class="site-header">
            <div class="topbar">
                <a class="brand" href="/">
                    <span class="emblem" aria-hidden="true">"办"</span>
                    <span class="brand-name">{lang.t(Msg::SiteName)}</span>
                </a>
                <a class="header-search" href="/services/find">
                    <svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
                        <circle cx="10" cy="10" r="6.5" fill="none" stroke="currentColor" stroke-width="2.5"/>
                        <path d="M15 15l6 6" stroke="currentColor" stroke-width="2.5" stroke-linecap="round"/>
                    </svg>
                    <span>{lang.t(Msg::HeaderSearch)}</span>
                </a>
                <a class="menu-toggle menu-link" href="#site-menu">
                    {lang.t(Msg::Menu)}
                </a>
                <MenuButton label=lang.t(Msg::Menu).to_string()/>
                <div id="site-menu" class="site-menu">
                    <div class="prefs">
                        <RegionSwitch here/>
                        <LanguageSwitch lang here/>
                        <ModeSwitch/>
                        <AccountLinks lang here/>
                    </div>
                    <nav id="main-nav" class="main-nav" aria-label=lang.t(Msg::MainNav)>
                        <ul>
                            <NavLink href="/" label=lang.t(Msg::Home) here/>
                            {Channel::ALL
                                .into_iter()
                                .map(|c| view! {
                                    <NavLink href=c.path() label=lang.t(c.title()) here later=(c.state() == ChannelState::Later).then(|| lang.t(Msg::ChannelLater))/>
                                })
                                .collect_view()}
                        </ul>
                        <StaffLinks lang here/>
                    </nav>
                    <a class="menu-close" href="#main">{lang.t(Msg::MenuClose)}</a>
                </div>
            </div>
        </header>
        <main id="main" tabindex="-1">
            {elder.then(|| view! {
                <ReadAloud
                    lang=lang.tag().to_string()
                    read=lang.t(Msg::ReadAloud).to_string()
                    stop=lang.t(Msg::ReadAloudStop).to_string()
                />
            })}
            {children()}
        </main>
        <super::footer::Footer lang/>
        {kiosk_timer(prefs.kiosk, lang)}
    }
}

/// A terminal's idle watch, timed by the server's settings.
fn kiosk_timer(kiosk: bool, lang: Lang) -> Option<impl IntoView> {
    #[cfg(feature = "ssr")]
    let terminal = crate::prefs::kiosk::terminal();
    #[cfg(not(feature = "ssr"))]
    let terminal = crate::prefs::kiosk::Terminal::default();
    kiosk.then(|| {
        view! {
            <KioskTimer
                idle=terminal.idle_secs
                countdown=terminal.countdown_secs
                title=lang.t(Msg::KioskIdleTitle).to_string()
                text=lang.t(Msg::KioskIdleText).to_string()
                resume=lang.t(Msg::KioskResume).to_string()
                end_now=lang.t(Msg::KioskEndNow).to_string()
            />
        }
    })
}

/// The menu's button on phones, hidden until the WASM runs; it then
/// replaces the link to the menu that works without JavaScript (see
/// [`Layout`]) and folds the menu open and shut. Hidden by CSS on wider
/// screens, where the menu is always shown.
#[island]
fn MenuButton(label: String) -> impl IntoView {
    let hydrated = RwSignal::new(false);
    let open = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    // The island stays when the page router swaps the page: a chosen link
    // folds the menu away as a new page would.
    #[cfg(feature = "hydrate")]
    let _ = window_event_listener_untyped("banshi:navigated", move |_| open.set(false));
    Effect::new(move |_| {
        let open = open.get();
        #[cfg(feature = "hydrate")]
        {
            if let Some(menu) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("site-menu"))
            {
                let _ = menu.class_list().toggle_with_force("open", open);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = open;
    });
    view! {
        <button
            type="button"
            class="menu-toggle"
            hidden=move || !hydrated.get()
            aria-expanded=move || open.get().to_string()
            aria-controls="site-menu"
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {label}
        </button>
    }
}

#[component]
fn NavLink(
    href: &'static str,
    label: &'static str,
    here: Memo<String>,
    /// For a channel not built yet: its "coming later" words, beside the name.
    #[prop(optional_no_strip)]
    later: Option<&'static str>,
) -> impl IntoView {
    let current = move || {
        let path = here.get();
        let path = path.split('?').next().unwrap_or("/");
        (path == href || (href != "/" && path.starts_with(&format!("{href}/")))).then_some("page")
    };
    view! {
        <li>
            <a href=href aria-current=current>
                {label}
                {later.map(|l| view! { <span class="soon">{l}</span> })}
            </a>
        </li>
    }
}

/// The tools of staff and supervisors (issue 17): in the bar of the main
/// sections, so that the header's top row keeps to one line at 1280 px.
#[component]
fn StaffLinks(lang: Lang, here: Memo<String>) -> impl IntoView {
    use crate::accounts::Role;
    let role = crate::accounts::current_user().map(|me| me.role);
    let staff = role == Some(Role::Staff);
    let rectifications = matches!(role, Some(Role::Staff | Role::Supervisor));
    (staff || rectifications).then(|| {
        view! {
            <ul class="staff-links">
                {staff.then(|| view! {
                    <NavLink href="/staff/tasks" label=lang.t(Msg::WorkbenchTitle) here/>
                    <NavLink href="/staff" label=lang.t(Msg::NavStaffDesk) here/>
                    <NavLink href="/staff/letters" label=lang.t(Msg::LetQueueTitle) here/>
                })}
                {rectifications.then(|| view! {
                    <NavLink href="/staff/rectifications" label=lang.t(Msg::RectListTitle) here/>
                })}
            </ul>
        }
    })
}

/// Sign in and register, or the signed-in account's space and sign-out.
#[component]
fn AccountLinks(lang: Lang, here: Memo<String>) -> impl IntoView {
    match crate::accounts::current_user() {
        Some(me) => view! {
            <div class="account-links">
                {(me.role == crate::accounts::Role::Admin)
                    .then(|| view! { <a href="/admin">{lang.t(Msg::NavAdmin)}</a> })}
                <crate::notifications::pages::InboxLink lang/>
                <a href="/me" title=lang.t(Msg::NavMySpace)>
                    {lang.t(Msg::NavMySpace)} " · " {me.display_name}
                </a>
                <form method="post" action="/logout">
                    <button type="submit">{lang.t(Msg::NavLogout)}</button>
                </form>
            </div>
        }
        .into_any(),
        None => {
            let login = move || {
                let here = here.get();
                if here.starts_with("/login") || here.starts_with("/register") {
                    "/login".to_string()
                } else {
                    format!("/login?next={}", crate::catalog::find::encode(&here))
                }
            };
            view! {
                <div class="account-links">
                    <a href=login>{lang.t(Msg::NavLogin)}</a>
                    <a href="/register">{lang.t(Msg::NavRegister)}</a>
                </div>
            }
            .into_any()
        }
    }
}

/// Switches to the other language: a one-button form that works without
/// JavaScript; the server stores the choice and sends the visitor back.
#[component]
fn LanguageSwitch(lang: Lang, here: Memo<String>) -> impl IntoView {
    let other = lang.other();
    view! {
        <form method="post" action="/prefs" class="lang-switch">
            <input type="hidden" name="next" prop:value=move || here.get() value=move || here.get()/>
            <button type="submit" name="lang" value=other.tag() lang=other.tag()>
                {lang.t(Msg::SwitchToOther)}
            </button>
        </form>
    }
}

/// Chooses the province, a city (its branch hall) or a district/county.
#[component]
fn RegionSwitch(here: Memo<String>) -> impl IntoView {
    let prefs = use_prefs();
    let lang = prefs.lang;
    let regions = expect_context::<Regions>().0;
    let body = move || {
        Suspend::new(async move {
            match regions.await {
                Ok(list) => view! {
                    <form method="post" action="/prefs" class="region-switch">
                        <input
                            type="hidden"
                            name="next"
                            prop:value=move || here.get()
                            value=move || here.get()
                        />
                        <label for="region-select">{lang.t(Msg::CurrentRegion)}</label>
                        <select id="region-select" name="region">
                            {region_options(&list, prefs.region, lang)}
                        </select>
                        <button type="submit">{lang.t(Msg::SwitchRegion)}</button>
                    </form>
                }
                .into_any(),
                Err(_) => view! { <p class="region-switch">{lang.t(Msg::RegionsUnavailable)}</p> }
                    .into_any(),
            }
        })
    };
    view! { <Suspense fallback=move || view! { <span>{lang.t(Msg::Loading)}</span> }>{body}</Suspense> }
}

/// The province first, then one group per city: the whole city, then its
/// districts and counties.
fn region_options(list: &[Region], chosen: RegionCode, lang: Lang) -> impl IntoView {
    let option = move |r: &Region, label: String| {
        view! {
            <option value=r.code.to_string() selected=r.code == chosen>
                {label}
            </option>
        }
    };
    let province = list
        .iter()
        .filter(|r| r.level == Level::Province)
        .map(|r| option(r, r.name.get(lang).to_string()))
        .collect_view();
    let cities = list
        .iter()
        .filter(|r| r.level == Level::City)
        .map(|city| {
            let whole = lang.fill(Msg::WholeCityOf, &[("city", &city.name.get(lang))]);
            let counties = list
                .iter()
                .filter(|r| r.parent == Some(city.code))
                .map(|r| option(r, r.name.get(lang).to_string()))
                .collect_view();
            view! {
                <optgroup label=city.name.get(lang).to_string()>
                    {option(city, whole)}
                    {counties}
                </optgroup>
            }
        })
        .collect_view();
    (province, cities)
}
