//! Kiosk mode (自助终端): a hall's or a village's self-service terminal.
//!
//! A terminal is marked by the kiosk cookie (set by opening `/kiosk`) or,
//! for a server that serves only terminals, by `BANSHI_KIOSK=1`. On a
//! terminal the page carries `data-kiosk` on `<html>` (large targets, no
//! links leaving the hall, in the stylesheet) and [`KioskTimer`]: after
//! `idle` seconds without a touch it shows a countdown of `countdown`
//! seconds that the person can cancel; at its end the browser forgets the
//! person (local and session storage, the service worker's personal
//! caches) and posts `/kiosk/reset`, which ends the session and clears every
//! cookie but the kiosk marker and the region, then shows the start page.

use leptos::prelude::*;

/// How this server treats terminals (the `BANSHI_KIOSK*` settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terminal {
    /// `BANSHI_KIOSK=1`: every visitor is at a terminal.
    pub always: bool,
    /// `BANSHI_KIOSK_IDLE_SECONDS` (default 90): quiet time before the countdown.
    pub idle_secs: u32,
    /// `BANSHI_KIOSK_COUNTDOWN_SECONDS` (default 30): the countdown's length.
    pub countdown_secs: u32,
}

impl Default for Terminal {
    fn default() -> Self {
        Terminal {
            always: false,
            idle_secs: 90,
            countdown_secs: 30,
        }
    }
}

#[cfg(feature = "ssr")]
static TERMINAL: std::sync::OnceLock<Terminal> = std::sync::OnceLock::new();

/// Sets the terminal settings for this process, once, at start.
#[cfg(feature = "ssr")]
pub fn configure(terminal: Terminal) {
    let _ = TERMINAL.set(terminal);
}

/// The terminal settings of this process (the defaults if never configured).
#[cfg(feature = "ssr")]
pub fn terminal() -> Terminal {
    TERMINAL.get().copied().unwrap_or_default()
}

/// The idle watch of a terminal. `text` holds `{n}`, the seconds left.
/// Without JavaScript nothing runs: a terminal needs it for the reset.
#[island]
pub fn KioskTimer(
    idle: u32,
    countdown: u32,
    title: String,
    text: String,
    resume: String,
    end_now: String,
) -> impl IntoView {
    // None: someone is using the terminal; Some(n): n seconds to the reset.
    let left = RwSignal::new(None::<u32>);
    let form = NodeRef::<leptos::html::Form>::new();
    let resume_button = NodeRef::<leptos::html::Button>::new();
    #[cfg(feature = "hydrate")]
    {
        let watch = std::rc::Rc::new(watch::Watch::new(idle, countdown, left));
        watch.listen();
        Effect::new(move |_| match left.get() {
            None => watch.resume(),
            Some(0) => watch::forget_the_person(form),
            Some(n) if n == countdown => {
                if let Some(b) = resume_button.get_untracked() {
                    let _ = b.focus();
                }
            }
            Some(_) => {}
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (idle, countdown);
    view! {
        <div
            class="kiosk-countdown"
            role="alertdialog"
            aria-modal="true"
            aria-labelledby="kiosk-countdown-title"
            aria-describedby="kiosk-countdown-text"
            hidden=move || left.get().is_none()
        >
            <div class="kiosk-countdown-box">
                <h2 id="kiosk-countdown-title">{title}</h2>
                <p id="kiosk-countdown-text">
                    {move || {
                        let n = left.get().unwrap_or(0).to_string();
                        crate::i18n::plural(&text, &n).replace("{n}", &n)
                    }}
                </p>
                <button
                    type="button"
                    class="kiosk-resume"
                    node_ref=resume_button
                    on:click=move |_| left.set(None)
                >
                    {resume}
                </button>
                <button type="button" class="kiosk-end" on:click=move |_| left.set(Some(0))>
                    {end_now}
                </button>
            </div>
        </div>
        <form id="kiosk-reset" method="post" action="/kiosk/reset" node_ref=form hidden></form>
    }
}

/// The browser half of [`KioskTimer`].
#[cfg(feature = "hydrate")]
mod watch {
    use gloo_events::{EventListener, EventListenerOptions};
    use gloo_timers::callback::{Interval, Timeout};
    use leptos::prelude::*;
    use std::{cell::RefCell, rc::Rc};

    /// What counts as someone using the terminal.
    const ACTIVITY: [&str; 6] = [
        "pointerdown",
        "keydown",
        "touchstart",
        "wheel",
        "scroll",
        "input",
    ];

    pub struct Watch {
        idle: u32,
        countdown: u32,
        left: RwSignal<Option<u32>>,
        idle_timer: RefCell<Option<Timeout>>,
        tick: RefCell<Option<Interval>>,
    }

    impl Watch {
        pub fn new(idle: u32, countdown: u32, left: RwSignal<Option<u32>>) -> Watch {
            Watch {
                idle,
                countdown,
                left,
                idle_timer: RefCell::new(None),
                tick: RefCell::new(None),
            }
        }

        /// Any activity while nobody is being counted down restarts the
        /// idle time; during the countdown only its buttons count.
        pub fn listen(self: &Rc<Self>) {
            let Some(window) = web_sys::window() else {
                return;
            };
            for event in ACTIVITY {
                let me = self.clone();
                EventListener::new_with_options(
                    &window,
                    event,
                    // Passive, and in the capture phase: no page can stop it.
                    EventListenerOptions::run_in_capture_phase(),
                    move |_| {
                        // (`try_`: the island may be gone, its listeners not.)
                        if me.left.try_get_untracked() == Some(None) {
                            me.arm();
                        }
                    },
                )
                .forget();
            }
        }

        /// Someone is here: stop any countdown and start the idle time again.
        pub fn resume(self: &Rc<Self>) {
            self.tick.borrow_mut().take();
            self.arm();
        }

        fn arm(self: &Rc<Self>) {
            let me = self.clone();
            let timer = Timeout::new(self.idle.saturating_mul(1000), move || me.count_down());
            *self.idle_timer.borrow_mut() = Some(timer);
        }

        fn count_down(self: &Rc<Self>) {
            if self.left.try_set(Some(self.countdown)).is_some() {
                return;
            }
            let left = self.left;
            let tick = Interval::new(1000, move || {
                if let Some(n) = left.try_get_untracked().flatten().filter(|n| *n > 0) {
                    let _ = left.try_set(Some(n - 1));
                }
            });
            *self.tick.borrow_mut() = Some(tick);
        }
    }

    /// Forgets the person in the browser, then posts the reset form (the
    /// session cookie is HttpOnly: only the server can end it). Storage is
    /// cleared through web-sys rather than gloo-storage, whose `clear`
    /// panics where storage is unavailable: the reset must still reach the
    /// server.
    pub fn forget_the_person(form: NodeRef<leptos::html::Form>) {
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Ok(Some(s)) = window.local_storage() {
            let _ = s.clear();
        }
        if let Ok(Some(s)) = window.session_storage() {
            let _ = s.clear();
        }
        let navigator = window.navigator();
        if js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
            if let Some(worker) = navigator.service_worker().controller() {
                let message = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&message, &"type".into(), &"clear-personal".into());
                let _ = worker.post_message(&message);
            }
        }
        let caches = window.caches().ok();
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(caches) = caches {
                delete_personal_caches(&caches).await;
            }
            if let Some(form) = form.get_untracked() {
                let _ = form.submit();
            }
        });
    }

    /// Deletes the caches whose names start with `banshi-personal`.
    async fn delete_personal_caches(caches: &web_sys::CacheStorage) {
        use wasm_bindgen_futures::JsFuture;
        let Ok(names) = JsFuture::from(caches.keys()).await else {
            return;
        };
        for name in js_sys::Array::from(&names).iter() {
            let personal = name
                .as_string()
                .is_some_and(|n| n.starts_with("banshi-personal"));
            if personal {
                let _ = JsFuture::from(caches.delete(&name.as_string().unwrap_or_default())).await;
            }
        }
    }
}
