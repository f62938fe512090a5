//! `/track`: the look-up form and a case's timeline, refreshed once
//! hydrated when a step changes.

use super::{lanes, StepTrack, Track};
use crate::{
    error::AppError,
    i18n::{Lang, Msg},
    ui::{row, use_prefs, Loaded},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[server(prefix = "/sfn", endpoint = "track_case")]
pub async fn track_case(case_no: String, code: String) -> Result<Track, AppError> {
    let state = crate::state::AppState::from_context()?;
    let client = use_context::<http::request::Parts>()
        .and_then(|p| {
            p.extensions
                .get::<crate::accounts::ClientAddress>()
                .map(|c| c.0.clone())
        })
        .unwrap_or_else(|| "unknown".into());
    super::track(&state.pool, &client, &case_no, &code, state.now.today()).await
}

fn days_left(lang: Lang, d: i32) -> String {
    match d {
        d if d < 0 => lang.fill(Msg::DaysOverdue, &[("n", &-d)]),
        0 => lang.t(Msg::DaysDueToday).to_string(),
        d => lang.fill(Msg::DaysLeft, &[("n", &d)]),
    }
}

fn step_card(lang: Lang, s: &StepTrack) -> impl IntoView {
    view! {
        <li class=s.state.class_on(s.late)>
            <h3>{s.name.get(lang).to_string()}</h3>
            <p>{s.department.get(lang).to_string()} " · " {s.unit.get(lang).to_string()} " · " {s.post.get(lang).to_string()}</p>
            <p class="step-state">{s.state.label_on(s.late, lang)}</p>
            {s.started_on.clone().map(|d| view! { <p>{lang.t(Msg::TrackStarted)} {lang.t(Msg::Colon)} {d}</p> })}
            {s.due_on.clone().map(|d| view! { <p>{lang.t(Msg::CaseStepDue)} {lang.t(Msg::Colon)} {d}</p> })}
            {s.working_days_left.map(|d| view! { <p class="days-left">{days_left(lang, d)}</p> })}
        </li>
    }
}

/// The timeline of a case: the parallel branches side by side, then the
/// steps after them, and the pauses.
pub fn track_view(lang: Lang, t: &Track) -> impl IntoView {
    let [before, reviews, after] = lanes(t);
    let pauses = (!t.pauses.is_empty()).then(|| {
        view! {
            <section aria-labelledby="pauses-h">
                <h2 id="pauses-h">{lang.t(Msg::TrackPauses)}</h2>
                <ul>
                    {t.pauses.iter().map(|p| view! {
                        <li>{p.reason.get(lang).to_string()} {lang.t(Msg::Colon)} {p.from.clone()} " – " {p.to.clone().unwrap_or_else(|| lang.t(Msg::TrackOngoing).to_string())}</li>
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    view! {
        <dl class="facts">
            {row(Msg::CaseNumber, t.case_no.clone(), lang)}
            {row(Msg::CaseService, t.service.get(lang).to_string(), lang)}
            {row(Msg::CaseStatus, t.status.label(lang).to_string(), lang)}
            {row(Msg::CaseAccepted, t.accepted_on.clone(), lang)}
            {row(Msg::CaseDue, t.due_on.clone(), lang)}
        </dl>
        <section aria-labelledby="accept-h">
            <h2 id="accept-h">{lang.t(Msg::TrackAcceptance)}</h2>
            <ol class="steps">{before.iter().map(|s| step_card(lang, s)).collect_view()}</ol>
        </section>
        <section aria-labelledby="parallel-h">
            <h2 id="parallel-h">{lang.t(Msg::CaseParallel)}</h2>
            <ul class="branches">{reviews.iter().map(|s| step_card(lang, s)).collect_view()}</ul>
        </section>
        <section aria-labelledby="after-h">
            <h2 id="after-h">{lang.t(Msg::CaseAfter)}</h2>
            <ol class="steps">{after.iter().map(|s| step_card(lang, s)).collect_view()}</ol>
        </section>
        {pauses}
    }
}

/// `/track?case_no=&code=`: the form, and the case once both are given.
#[component]
pub fn TrackPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::TrackTitle);
    let query = use_query_map();
    let (case_no, code) = query.with_untracked(|q| {
        (
            q.get("case_no").unwrap_or_default(),
            q.get("code").unwrap_or_default(),
        )
    });
    let asked = !case_no.trim().is_empty() || !code.trim().is_empty();
    let data = Resource::new(
        move || {
            query.with(|q| {
                (
                    q.get("case_no").unwrap_or_default(),
                    q.get("code").unwrap_or_default(),
                )
            })
        },
        |(no, code)| async move {
            if no.trim().is_empty() && code.trim().is_empty() {
                Ok(None)
            } else {
                track_case(no, code).await.map(Some)
            }
        },
    );
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <form method="get" action="/track" class="form">
            <div class="field">
                <label for="case_no">{lang.t(Msg::CaseNumber)}</label>
                <input type="text" id="case_no" name="case_no" value=case_no.clone() autocomplete="off" required=true/>
            </div>
            <div class="field">
                <label for="code">{lang.t(Msg::QueryCode)}</label>
                <input type="text" id="code" name="code" value=code.clone() autocomplete="off" required=true/>
            </div>
            <button type="submit" class="primary">{lang.t(Msg::TrackSubmit)}</button>
        </form>
        {asked.then(|| view! {
            <Loaded data not_found=Msg::TrackNotFound view={move |t: Option<Track>| t.map(|t| view! {
                <LiveRefresh case_no=t.case_no.clone() code=code_of(&query) fingerprint=t.fingerprint.clone() lang=lang/>
                {track_view(lang, &t)}
            })}/>
        })}
    }
}

fn code_of(query: &Memo<leptos_router::params::ParamsMap>) -> String {
    query.with_untracked(|q| q.get("code").unwrap_or_default())
}

/// Once hydrated, asks every 10 seconds whether a step changed and, if one
/// did, shows the new state (reloads the page).
#[island]
pub fn LiveRefresh(
    case_no: String,
    code: String,
    fingerprint: String,
    lang: Lang,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let url = format!(
            "/api/v1/cases/{}?code={}",
            js_sys::encode_uri_component(&case_no),
            js_sys::encode_uri_component(&code)
        );
        // The page router swaps pages without unloading: the loop ends when
        // its case's tracking view has left the page.
        let mine = format!(
            "[data-live-refresh=\"{}\"]",
            case_no.replace(['"', '\\'], "")
        );
        leptos::task::spawn_local(async move {
            loop {
                gloo_sleep(10_000).await;
                let Some(window) = web_sys::window() else {
                    return;
                };
                let shown = window
                    .document()
                    .and_then(|d| d.query_selector(&mine).ok().flatten())
                    .is_some();
                if !shown {
                    return;
                }
                let Some(body) = crate::ui::get_json::<Fingerprint>(&url).await else {
                    continue;
                };
                if body.fingerprint.is_some_and(|f| f != fingerprint) {
                    let _ = window.location().reload();
                    return;
                }
            }
        });
    }
    let marker = case_no.clone();
    #[cfg(not(feature = "hydrate"))]
    let _ = (case_no, code, fingerprint);
    view! { <p class="hint" data-live-refresh=marker>{lang.t(Msg::TrackLive)}</p> }
}

/// The part of the case's JSON answer the live refresh reads (a typed
/// struct: `serde_json::Value` would bring its whole parser into the WASM).
#[cfg(feature = "hydrate")]
#[derive(serde::Deserialize)]
struct Fingerprint {
    fingerprint: Option<String>,
}

#[cfg(feature = "hydrate")]
async fn gloo_sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_left_in_words() {
        assert_eq!(days_left(Lang::Zh, -2), "已超期 2 个工作日");
        assert_eq!(days_left(Lang::En, 3), "3 working days left");
    }
}
