//! Elder mode (长辈版 / 关怀版): its switch (a plain form, so it works without
//! JavaScript), the hall tool that search results show for it, and the
//! read-aloud button. The look itself is CSS under `html[data-mode="elder"]`
//! in the stylesheet.

use super::{Mode, Prefs};
use crate::i18n::Msg;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The page being shown, path and query, for a switch to come back to.
fn here() -> Memo<String> {
    let location = use_location();
    Memo::new(move |_| {
        let (path, search) = (location.pathname.get(), location.search.get());
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    })
}

fn prefs() -> Prefs {
    use_context::<Prefs>().unwrap_or_else(Prefs::current)
}

/// Switches between the standard layout and elder mode: a one-button form
/// to `POST /prefs`, which stores the choice and sends the visitor back.
#[component]
pub fn ModeSwitch() -> impl IntoView {
    let prefs = prefs();
    let lang = prefs.lang;
    let other = prefs.mode.other();
    let here = here();
    let label = match other {
        Mode::Elder => Msg::ElderModeOn,
        Mode::Standard => Msg::ElderModeOff,
    };
    view! {
        <form method="post" action="/prefs" class="mode-switch">
            <input type="hidden" name="next" prop:value=move || here.get() value=move || here.get()/>
            <button type="submit" name="mode" value=other.code()>
                {lang.t(label)}
            </button>
        </form>
    }
}

/// Words people search for when they want elder mode.
const ELDER_WORDS: [&str; 13] = [
    "长辈版",
    "关怀版",
    "亲情版",
    "长辈模式",
    "关怀模式",
    "老年版",
    "老人版",
    "大字版",
    "适老化",
    "elder mode",
    "elderly mode",
    "senior mode",
    "large text",
];

/// Whether a search asks for elder mode rather than for a service.
pub fn asks_for_elder_mode(q: &str) -> bool {
    let q: String = q
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    ELDER_WORDS.iter().any(|w| q.contains(w))
}

/// A search result that is a tool of the hall itself: elder mode, with its
/// switch. Shown above the services found when the words ask for it.
#[component]
pub fn HallTool(q: String) -> impl IntoView {
    let lang = prefs().lang;
    asks_for_elder_mode(&q).then(|| {
        view! {
            <section class="hall-tool" aria-labelledby="hall-tool-title">
                <h2 id="hall-tool-title">{lang.t(Msg::ElderModeTitle)}</h2>
                <p>{lang.t(Msg::ElderModeAbout)}</p>
                <ModeSwitch/>
            </section>
        }
    })
}

/// Reads the main text aloud with the browser's speech synthesis, in the
/// page's language. The button stays hidden until the WASM runs and finds
/// `speechSynthesis`, so it never shows where it cannot work.
#[island]
pub fn ReadAloud(lang: String, read: String, stop: String) -> impl IntoView {
    let available = RwSignal::new(false);
    let speaking = RwSignal::new(false);
    Effect::new(move |_| available.set(speech::synth().is_some()));
    let label = {
        let read = read.clone();
        move || {
            if speaking.get() {
                stop.clone()
            } else {
                read.clone()
            }
        }
    };
    let toggle = move |_| {
        if speaking.get_untracked() {
            speech::cancel();
            speaking.set(false);
        } else {
            speaking.set(speech::speak(&lang, &read, move || speaking.set(false)));
        }
    };
    view! {
        <button type="button" class="read-aloud" hidden=move || !available.get() on:click=toggle>
            {label}
        </button>
    }
}

/// The browser half of [`ReadAloud`]; nothing on the server.
mod speech {
    #[cfg(feature = "hydrate")]
    pub fn synth() -> Option<web_sys::SpeechSynthesis> {
        let window = web_sys::window()?;
        js_sys::Reflect::has(&window, &"speechSynthesis".into())
            .ok()
            .filter(|has| *has)?;
        window.speech_synthesis().ok()
    }

    /// Queues the main text, one utterance a line (long utterances stop
    /// early in some browsers); `done` runs when the last one ends.
    #[cfg(feature = "hydrate")]
    pub fn speak(lang: &str, label: &str, done: impl Fn() + 'static) -> bool {
        use wasm_bindgen::JsCast;
        let Some(synth) = synth() else { return false };
        let text = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok())
            .map(|m| m.inner_text())
            .unwrap_or_default();
        let text = text.replacen(label, "", 1);
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let Some(last) = lines.len().checked_sub(1) else {
            return false;
        };
        synth.cancel();
        let tag = if lang == "en" { "en-GB" } else { "zh-CN" };
        let done = std::rc::Rc::new(done);
        for (i, line) in lines.into_iter().enumerate() {
            let Ok(u) = web_sys::SpeechSynthesisUtterance::new_with_text(line) else {
                return false;
            };
            u.set_lang(tag);
            u.set_rate(0.9);
            if i == last {
                let done = done.clone();
                gloo_events::EventListener::once(&u, "end", move |_| (*done)()).forget();
            }
            synth.speak(&u);
        }
        true
    }

    #[cfg(feature = "hydrate")]
    pub fn cancel() {
        if let Some(s) = synth() {
            s.cancel();
        }
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn synth() -> Option<()> {
        None
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn speak(_: &str, _: &str, _: impl Fn() + 'static) -> bool {
        false
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn cancel() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elder_words_find_the_mode() {
        for q in [
            "长辈版",
            "关怀版",
            "亲情版",
            " 打开长辈版 ",
            "Elder  Mode",
            "elderly mode",
            "适老化",
        ] {
            assert!(asks_for_elder_mode(q), "{q:?}");
        }
    }

    #[test]
    fn services_for_older_people_are_not_the_mode() {
        for q in [
            "养老服务",
            "老年人优待证",
            "elderly care",
            "长辈",
            "出生一件事",
            "",
        ] {
            assert!(!asks_for_elder_mode(q), "{q:?}");
        }
    }
}
