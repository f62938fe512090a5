//! The interview pages — plain HTML forms that work without JavaScript:
//! the list (`/interviews`: live now, upcoming, archive), one interview
//! (`/interviews/{id}`: the transcript, live-updated by an island while
//! on air, the written answers, the ask form), and the department's pages
//! (`/staff/interviews`: scheduling and the questions owed a written
//! answer; `/staff/interviews/{id}`: the live console).

use super::{
    ConsoleView, EntryKind, EntryView, InterviewDetail, InterviewView, Phase, QuestionState,
    QuestionView, RejectReason, StaffView,
};
use crate::{
    accounts::Role,
    error::{set_response_status, AppError},
    i18n::{Lang, Msg},
    ui::{row, signed_in_as, use_prefs, Loaded},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[server(prefix = "/sfn", endpoint = "fetch_interviews")]
pub async fn fetch_interviews() -> Result<Vec<InterviewView>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let cal = crate::clock::store::load(&state.pool).await?;
    super::store::list(&state.pool, &cal, state.now.now(), 200).await
}

/// The interview's page, and a fresh idempotency key for its ask form.
#[server(prefix = "/sfn", endpoint = "fetch_interview")]
pub async fn fetch_interview(id: i64) -> Result<(InterviewDetail, String), AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user();
    let cal = crate::clock::store::load(&state.pool).await?;
    let detail = super::store::detail(&state.pool, &cal, me.as_ref(), id, state.now.now()).await?;
    Ok((detail, uuid::Uuid::new_v4().to_string()))
}

/// The department's page, and a fresh idempotency key for its schedule
/// form.
#[server(prefix = "/sfn", endpoint = "fetch_interview_staff")]
pub async fn fetch_interview_staff() -> Result<(StaffView, String), AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let cal = crate::clock::store::load(&state.pool).await?;
    let view = super::store::staff(&state.pool, &cal, &me, state.now.now()).await?;
    Ok((view, uuid::Uuid::new_v4().to_string()))
}

#[server(prefix = "/sfn", endpoint = "fetch_interview_console")]
pub async fn fetch_interview_console(id: i64) -> Result<ConsoleView, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let cal = crate::clock::store::load(&state.pool).await?;
    super::store::console(&state.pool, &cal, &me, id, state.now.now()).await
}

/// A form refused: the problem and what was typed, shown on the page the
/// form is on.
#[derive(Debug, Clone)]
pub struct InterviewEcho {
    pub error: AppError,
    pub values: Vec<(String, String)>,
}

impl InterviewEcho {
    fn value(&self, name: &str) -> Option<String> {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
}

fn echo_notice(lang: Lang, echo: Option<&InterviewEcho>) -> Option<impl IntoView> {
    echo.map(|e| {
        set_response_status(e.error.status());
        view! { <div class="notice error-summary" role="alert" tabindex="-1"><p>{e.error.message(lang)}</p></div> }
    })
}

fn phase_badge(lang: Lang, phase: Phase) -> impl IntoView {
    let class = match phase {
        Phase::Live => "iv-phase iv-phase-live",
        Phase::Upcoming => "iv-phase iv-phase-upcoming",
        Phase::Ended => "iv-phase iv-phase-ended",
    };
    view! { <span class=class>{lang.t(phase.msg())}</span> }
}

fn id_param() -> i64 {
    use_params_map()
        .with_untracked(|p| p.get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0))
}

/// `/interviews`: live now, upcoming, the archive.
#[component]
pub fn InterviewsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::IvTitle);
    let data = Resource::new(|| (), |_| fetch_interviews());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="about">{lang.t(Msg::IvAbout)}</p>
        <Loaded data view={move |list: Vec<InterviewView>| {
            [(Phase::Live, Msg::IvLiveNow, "iv-live-h"), (Phase::Upcoming, Msg::IvUpcoming, "iv-upcoming-h"), (Phase::Ended, Msg::IvArchive, "iv-archive-h")]
                .into_iter()
                .map(|(phase, heading, hid)| {
                    let mut these: Vec<InterviewView> =
                        list.iter().filter(|i| i.phase == phase).cloned().collect();
                    if phase == Phase::Upcoming {
                        these.reverse();
                    }
                    let items = if these.is_empty() {
                        view! { <p class="hint">{lang.t(Msg::IvNone)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="iv-list">
                                {these.into_iter().map(|i| view! {
                                    <li>
                                        <a href=format!("/interviews/{}", i.id)>{i.title.clone()}</a>
                                        " " {phase_badge(lang, i.phase)}
                                        <p class="hint">{i.guests.clone()} " · " {i.department.get(lang).to_string()}</p>
                                        <p class="hint">{i.starts_at.clone()} " – " {i.ends_at.clone()}</p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    };
                    view! {
                        <section class="space-section" aria-labelledby=hid>
                            <h2 id=hid>{lang.t(heading)}</h2>
                            {items}
                        </section>
                    }
                })
                .collect_view()
        }}/>
    }
}

/// One transcript entry.
fn entry_item(lang: Lang, e: EntryView) -> impl IntoView {
    let class = match e.kind {
        EntryKind::Host => "iv-entry iv-entry-host",
        EntryKind::Answer => "iv-entry iv-entry-answer",
        EntryKind::Note => "iv-entry iv-entry-note",
    };
    let speaker = if e.speaker.is_empty() {
        lang.t(e.kind.msg()).to_string()
    } else {
        e.speaker.clone()
    };
    view! {
        <li class=class id=format!("e-{}", e.seq) data-seq=e.seq>
            <p class="iv-speaker"><span class="iv-seq">{format!("#{}", e.seq)}</span> " " <strong>{speaker}</strong> " " <span class="hint">{e.at.clone()}</span></p>
            {e.question.clone().map(|q| view! {
                <p class="iv-asked">{lang.t(Msg::IvNetizenAsks)} " " {e.asker.clone().unwrap_or_default()} {lang.t(Msg::Colon)} {q}</p>
            })}
            <p class="consult-text">{e.body.clone()}</p>
        </li>
    }
}

fn transcript_list(lang: Lang, entries: Vec<EntryView>) -> impl IntoView {
    view! {
        <ol class="iv-transcript">
            {entries.into_iter().map(|e| entry_item(lang, e)).collect_view()}
        </ol>
    }
}

/// The live transcript: once hydrated, asks every 3 seconds for the
/// entries after the last one on the page and appends them to the list
/// the server rendered (`#iv-transcript-{id}`); without JavaScript the
/// page's refresh link reloads it. It builds the new entries' HTML itself,
/// as `entry_item` renders them, rather than through a reactive view: the
/// WASM stays within its size budget.
#[island]
pub fn LiveTranscript(interview: i64, after: i32, labels: Vec<String>) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        let mut after = after;
        let list = format!("iv-transcript-{interview}");
        loop {
            sleep(3_000).await;
            // The page router swaps pages without unloading: stop once the
            // list has left the page.
            let Some(ol) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&list))
            else {
                return;
            };
            let url = format!("/api/v1/interviews/{interview}/transcript?after={after}");
            let Some(new) = crate::ui::get_json::<Vec<Polled>>(&url).await else {
                continue;
            };
            for e in &new {
                if e.seq > after {
                    let _ = ol.insert_adjacent_html("beforeend", &entry_html(e, &labels));
                    after = e.seq;
                }
            }
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (interview, after, labels);
    view! { <span hidden=true></span> }
}

/// An entry as the live island reads it (a typed struct: small code).
#[cfg(feature = "hydrate")]
#[derive(serde::Deserialize)]
struct Polled {
    seq: i32,
    kind: String,
    speaker: String,
    body: String,
    question: Option<String>,
    asker: Option<String>,
    at: String,
}

#[cfg(feature = "hydrate")]
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The HTML of `entry_item`, for an entry polled; `labels` are the host,
/// answer, note, "asked by" and colon texts in the page's language.
#[cfg(feature = "hydrate")]
fn entry_html(e: &Polled, labels: &[String]) -> String {
    let label = |n: usize| labels.get(n).map_or("", String::as_str);
    let (kind, fallback) = match e.kind.as_str() {
        "host" => ("host", label(0)),
        "answer" => ("answer", label(1)),
        _ => ("note", label(2)),
    };
    let speaker = if e.speaker.is_empty() {
        fallback
    } else {
        &e.speaker
    };
    let asked = e.question.as_deref().map_or(String::new(), |q| {
        format!(
            "<p class=\"iv-asked\">{} {}{}{}</p>",
            escape(label(3)),
            escape(e.asker.as_deref().unwrap_or_default()),
            escape(label(4)),
            escape(q)
        )
    });
    format!(
        "<li class=\"iv-entry iv-entry-{kind}\" id=\"e-{seq}\" data-seq=\"{seq}\"><p class=\"iv-speaker\"><span class=\"iv-seq\">#{seq}</span> <strong>{}</strong> <span class=\"hint\">{}</span></p>{asked}<p class=\"consult-text\">{}</p></li>",
        escape(speaker),
        escape(&e.at),
        escape(&e.body),
        seq = e.seq,
    )
}

/// Waits `ms` milliseconds (a timer promise: gloo-timers' futures are not
/// enabled in this build).
#[cfg(feature = "hydrate")]
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// `/interviews/{id}`: the interview, live or archived.
#[component]
pub fn InterviewPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let echo = use_context::<InterviewEcho>();
    let id = id_param();
    let data = Resource::new(move || id, fetch_interview);
    view! {
        <Loaded data title=lang.t(Msg::IvTitle) not_found=Msg::IvNotFound view={move |(d, key): (InterviewDetail, String)| {
            interview_view(lang, d, echo.clone(), key)
        }}/>
    }
}

fn facts(lang: Lang, i: &InterviewView) -> impl IntoView {
    view! {
        <dl class="facts">
            <div><dt>{lang.t(Msg::IvPhase)}</dt><dd>{phase_badge(lang, i.phase)}</dd></div>
            {row(Msg::IvGuests, i.guests.clone(), lang)}
            {row(Msg::IvDepartment, i.department.get(lang).to_string(), lang)}
            {row(Msg::IvStarts, i.starts_at.clone(), lang)}
            {row(Msg::IvEnds, i.ends_at.clone(), lang)}
            {i.written_due_on.clone().map(|d| row(Msg::IvWrittenDue, d, lang))}
        </dl>
    }
}

fn question_line(lang: Lang, q: &QuestionView) -> impl IntoView {
    view! {
        <span class="hint">
            {lang.t(q.state.msg())}
            {q.reason.map(|r| format!("{}{}", lang.t(Msg::Colon), lang.t(r.msg())))}
            {q.due_on.clone().map(|d| format!(" · {} {d}", lang.t(Msg::IvWrittenDue)))}
        </span>
    }
}

fn interview_view(
    lang: Lang,
    d: InterviewDetail,
    echo: Option<InterviewEcho>,
    key: String,
) -> AnyView {
    let i = d.interview.clone();
    let id = i.id;
    let transcript = match (i.phase, d.transcript.is_empty()) {
        (Phase::Live, _) => {
            let after = d.transcript.last().map_or(0, |e| e.seq);
            let labels = [
                Msg::IvEntryHost,
                Msg::IvEntryAnswer,
                Msg::IvEntryNote,
                Msg::IvNetizenAsks,
                Msg::Colon,
            ]
            .map(|m| lang.t(m).to_string())
            .to_vec();
            view! {
                <ol class="iv-transcript" id=format!("iv-transcript-{id}") aria-live="polite">
                    {d.transcript.clone().into_iter().map(|e| entry_item(lang, e)).collect_view()}
                </ol>
                <LiveTranscript interview=id after=after labels=labels/>
                <p><a href=format!("/interviews/{id}")>{lang.t(Msg::IvRefresh)}</a></p>
            }
            .into_any()
        }
        (_, true) => view! { <p class="hint">{lang.t(Msg::IvNoTranscript)}</p> }.into_any(),
        _ => transcript_list(lang, d.transcript.clone()).into_any(),
    };
    let typed = echo
        .as_ref()
        .and_then(|e| e.value("question"))
        .unwrap_or_default();
    let key = echo
        .as_ref()
        .and_then(|e| e.value("idempotency_key"))
        .filter(|k| !k.is_empty())
        .unwrap_or(key);
    let ask = if d.may_ask {
        view! {
            <section class="space-section" aria-labelledby="iv-ask-h">
                <h2 id="iv-ask-h">{lang.t(Msg::IvAsk)}</h2>
                {echo_notice(lang, echo.as_ref())}
                <form method="post" action=format!("/interviews/{id}/questions") class="form" novalidate=true>
                    <input type="hidden" name="idempotency_key" value=key/>
                    <div class="field">
                        <label for="iv-question">{lang.t(Msg::IvQuestionLabel)}</label>
                        <p class="hint" id="iv-question-hint">{lang.t(Msg::IvQuestionHint)}</p>
                        <textarea id="iv-question" name="question" rows="4" required=true aria-describedby="iv-question-hint">{typed}</textarea>
                    </div>
                    <button type="submit" class="primary">{lang.t(Msg::IvAskSubmit)}</button>
                </form>
            </section>
        }
        .into_any()
    } else if i.phase.takes_questions() && crate::accounts::current_user().is_none() {
        view! { <p><a href=format!("/login?next=/interviews/{id}")>{lang.t(Msg::IvSignInToAsk)}</a></p> }.into_any()
    } else {
        ().into_any()
    };
    let mine = (!d.mine.is_empty()).then(|| {
        view! {
            <section class="space-section" aria-labelledby="iv-mine-h">
                <h2 id="iv-mine-h">{lang.t(Msg::IvMine)}</h2>
                <ul class="iv-list">
                    {d.mine.iter().map(|q| view! {
                        <li id=format!("q-{}", q.id)>
                            <p>{q.question.clone()}</p>
                            {question_line(lang, q)}
                            {q.answer.clone().map(|a| view! { <p class="consult-text">{a}</p> })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    let written = (!d.answered.is_empty()).then(|| {
        view! {
            <section class="space-section" aria-labelledby="iv-written-h">
                <h2 id="iv-written-h">{lang.t(Msg::IvWrittenAnswers)}</h2>
                <dl class="faq-list">
                    {d.answered.iter().map(|q| view! {
                        <div id=format!("q-{}", q.id)>
                            <dt>{q.asker.clone()} {lang.t(Msg::Colon)} {q.question.clone()}</dt>
                            <dd>
                                <p class="consult-text">{q.answer.clone().unwrap_or_default()}</p>
                                <p class="hint">{lang.t(Msg::IvAnsweredAt)} " " {q.answered_at.clone().unwrap_or_default()}</p>
                            </dd>
                        </div>
                    }).collect_view()}
                </dl>
            </section>
        }
    });
    let moderate = d.may_moderate.then(|| {
        view! { <p><a class="action" href=format!("/staff/interviews/{id}")>{lang.t(Msg::IvConsole)}</a></p> }
    });
    view! {
        <Title text=i.title.clone()/>
        <h1>{i.title.clone()}</h1>
        {facts(lang, &i)}
        {(!i.description.is_empty()).then(|| view! { <p class="consult-text">{i.description.clone()}</p> })}
        {moderate}
        {ask}
        {mine}
        <section class="space-section" aria-labelledby="iv-transcript-h">
            <h2 id="iv-transcript-h">{lang.t(Msg::IvTranscript)}</h2>
            {transcript}
        </section>
        {written}
        <p><a href="/interviews">{lang.t(Msg::IvAll)}</a></p>
    }
    .into_any()
}

/// `/staff/interviews`: schedule an interview; the department's
/// interviews; the questions owed a written answer, by due date.
#[component]
pub fn StaffInterviewsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::IvStaffTitle);
    if let Err(refused) = signed_in_as(lang, title, "/staff/interviews", Some(Role::Staff)) {
        return refused;
    }
    let echo = use_context::<InterviewEcho>();
    let data = Resource::new(|| (), |_| fetch_interview_staff());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <Loaded data view={move |(s, key): (StaffView, String)| staff_view(lang, s, key, echo.clone())}/>
    }
    .into_any()
}

fn staff_view(lang: Lang, s: StaffView, key: String, echo: Option<InterviewEcho>) -> impl IntoView {
    let v = |name: &str| {
        echo.as_ref()
            .and_then(|e| e.value(name))
            .unwrap_or_default()
    };
    let key = Some(v("idempotency_key"))
        .filter(|k| !k.is_empty())
        .unwrap_or(key);
    let interviews = if s.interviews.is_empty() {
        view! { <p class="hint">{lang.t(Msg::IvNone)}</p> }.into_any()
    } else {
        view! {
            <ul class="iv-list">
                {s.interviews.iter().map(|i| view! {
                    <li>
                        <a href=format!("/staff/interviews/{}", i.id)>{i.title.clone()}</a>
                        " " {phase_badge(lang, i.phase)}
                        <p class="hint">{i.starts_at.clone()} " – " {i.ends_at.clone()}</p>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let written = if s.written.is_empty() {
        view! { <p class="hint">{lang.t(Msg::IvNoWritten)}</p> }.into_any()
    } else {
        view! {
            <ul class="iv-list">
                {s.written.iter().map(|q| written_form(lang, q)).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <p class="about">{lang.t(Msg::IvStaffAbout)} " " <strong>{s.department.get(lang).to_string()}</strong></p>
        {echo_notice(lang, echo.as_ref())}
        <section class="space-section" aria-labelledby="iv-written-h">
            <h2 id="iv-written-h">{lang.t(Msg::IvOwed)}</h2>
            {written}
        </section>
        <section class="space-section" aria-labelledby="iv-list-h">
            <h2 id="iv-list-h">{lang.t(Msg::IvStaffList)}</h2>
            {interviews}
        </section>
        <section class="space-section" aria-labelledby="iv-new-h">
            <h2 id="iv-new-h">{lang.t(Msg::IvSchedule)}</h2>
            <form method="post" action="/staff/interviews" class="form" novalidate=true>
                <input type="hidden" name="idempotency_key" value=key/>
                <div class="field">
                    <label for="iv-title">{lang.t(Msg::IvTitleLabel)}</label>
                    <input type="text" id="iv-title" name="title" required=true value=v("title")/>
                </div>
                <div class="field">
                    <label for="iv-guests">{lang.t(Msg::IvGuests)}</label>
                    <p class="hint" id="iv-guests-hint">{lang.t(Msg::IvGuestsHint)}</p>
                    <input type="text" id="iv-guests" name="guests" required=true aria-describedby="iv-guests-hint" value=v("guests")/>
                </div>
                <div class="field">
                    <label for="iv-description">{lang.t(Msg::IvDescription)}</label>
                    <textarea id="iv-description" name="description" rows="4">{v("description")}</textarea>
                </div>
                <div class="field">
                    <label for="iv-starts">{lang.t(Msg::IvStarts)}</label>
                    <input type="datetime-local" id="iv-starts" name="starts_at" required=true value=v("starts_at")/>
                </div>
                <div class="field">
                    <label for="iv-ends">{lang.t(Msg::IvEnds)}</label>
                    <input type="datetime-local" id="iv-ends" name="ends_at" required=true value=v("ends_at")/>
                </div>
                <button type="submit" class="primary">{lang.t(Msg::IvScheduleSubmit)}</button>
            </form>
        </section>
    }
}

/// A question owed a written answer, with its answer form.
fn written_form(lang: Lang, q: &QuestionView) -> impl IntoView {
    let field = format!("iv-answer-{}", q.id);
    view! {
        <li id=format!("q-{}", q.id)>
            <p><a href=format!("/interviews/{}", q.interview_id)>{q.interview.clone()}</a></p>
            <p>{q.asker.clone()} {lang.t(Msg::Colon)} {q.question.clone()}</p>
            {question_line(lang, q)}
            <form method="post" action=format!("/staff/interview-questions/{}/answer", q.id) class="form">
                <div class="field">
                    <label for=field.clone()>{lang.t(Msg::IvWrittenLabel)}</label>
                    <textarea id=field name="answer" rows="3" required=true></textarea>
                </div>
                <button type="submit">{lang.t(Msg::IvWrittenSubmit)}</button>
            </form>
        </li>
    }
}

/// `/staff/interviews/{id}`: the live console.
#[component]
pub fn StaffInterviewPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::IvConsole);
    let id = id_param();
    if let Err(refused) = signed_in_as(
        lang,
        title,
        &format!("/staff/interviews/{id}"),
        Some(Role::Staff),
    ) {
        return refused;
    }
    let echo = use_context::<InterviewEcho>();
    let data = Resource::new(move || id, fetch_interview_console);
    view! {
        <Loaded data title not_found=Msg::IvNotFound view={move |c: ConsoleView| console_view(lang, c, echo.clone())}/>
    }
    .into_any()
}

fn console_view(lang: Lang, c: ConsoleView, echo: Option<InterviewEcho>) -> impl IntoView {
    let i = c.interview.clone();
    let id = i.id;
    let live = i.phase == Phase::Live;
    let switch = match i.phase {
        Phase::Upcoming => Some(("start", Msg::IvStart)),
        Phase::Live => Some(("end", Msg::IvEnd)),
        Phase::Ended => None,
    }
    .map(|(action, msg)| {
        view! {
            <form method="post" action=format!("/staff/interviews/{id}/state") class="form-inline">
                <input type="hidden" name="action" value=action/>
                <button type="submit" class="primary">{lang.t(msg)}</button>
            </form>
        }
    });
    let open: Vec<&QuestionView> = c
        .questions
        .iter()
        .filter(|q| matches!(q.state, QuestionState::Pending | QuestionState::Queued))
        .collect();
    let entry_form = live.then(|| {
        let options = open
            .iter()
            .map(|q| view! { <option value=q.id.to_string()>{format!("#{} {}", q.id, excerpt(&q.question))}</option> })
            .collect_view();
        view! {
            <section class="space-section" aria-labelledby="iv-entry-h">
                <h2 id="iv-entry-h">{lang.t(Msg::IvAddEntry)}</h2>
                <form method="post" action=format!("/staff/interviews/{id}/transcript") class="form">
                    <div class="field">
                        <label for="iv-kind">{lang.t(Msg::IvEntryKind)}</label>
                        <select id="iv-kind" name="kind">
                            <option value="host">{lang.t(Msg::IvEntryHost)}</option>
                            <option value="answer">{lang.t(Msg::IvEntryAnswer)}</option>
                            <option value="note">{lang.t(Msg::IvEntryNote)}</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="iv-speaker">{lang.t(Msg::IvSpeaker)}</label>
                        <input type="text" id="iv-speaker" name="speaker"/>
                    </div>
                    <div class="field">
                        <label for="iv-entry-question">{lang.t(Msg::IvAnswersQuestion)}</label>
                        <select id="iv-entry-question" name="question_id">
                            <option value="">"—"</option>
                            {options}
                        </select>
                    </div>
                    <div class="field">
                        <label for="iv-body">{lang.t(Msg::IvEntryBody)}</label>
                        <textarea id="iv-body" name="body" rows="4" required=true></textarea>
                    </div>
                    <button type="submit" class="primary">{lang.t(Msg::IvAddEntrySubmit)}</button>
                </form>
            </section>
        }
    });
    let questions = if c.questions.is_empty() {
        view! { <p class="hint">{lang.t(Msg::IvNoQuestions)}</p> }.into_any()
    } else {
        view! {
            <ul class="iv-list">
                {c.questions.iter().map(|q| question_controls(lang, q, i.phase)).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <Title text=i.title.clone()/>
        <h1>{i.title.clone()}</h1>
        {facts(lang, &i)}
        {echo_notice(lang, echo.as_ref())}
        {switch}
        <p><a href=format!("/interviews/{id}")>{lang.t(Msg::IvPublicPage)}</a> " · " <a href="/staff/interviews">{lang.t(Msg::IvStaffTitle)}</a></p>
        {entry_form}
        <section class="space-section" aria-labelledby="iv-queue-h">
            <h2 id="iv-queue-h">{lang.t(Msg::IvQueue)}</h2>
            {questions}
        </section>
        <section class="space-section" aria-labelledby="iv-transcript-h">
            <h2 id="iv-transcript-h">{lang.t(Msg::IvTranscript)}</h2>
            {transcript_list(lang, c.transcript.clone())}
        </section>
    }
}

fn excerpt(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() > MAX {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    } else {
        text.to_string()
    }
}

/// One question in the console, with the decisions its state allows.
fn question_controls(lang: Lang, q: &QuestionView, phase: Phase) -> impl IntoView {
    let open = matches!(q.state, QuestionState::Pending | QuestionState::Queued);
    let action = format!("/staff/interview-questions/{}/decision", q.id);
    let reason_id = format!("iv-reason-{}", q.id);
    let decisions = open.then(|| {
        let accept = (q.state == QuestionState::Pending && phase != Phase::Ended).then(|| {
            view! { <button type="submit" name="decision" value="accept">{lang.t(Msg::IvAccept)}</button> " " }
        });
        view! {
            <form method="post" action=action.clone() class="form-inline">
                {accept}
                <button type="submit" name="decision" value="defer">{lang.t(Msg::IvDefer)}</button>
            </form>
            <form method="post" action=action class="form-inline">
                <input type="hidden" name="decision" value="reject"/>
                <label for=reason_id.clone()>{lang.t(Msg::IvReason)}</label>
                " "
                <select id=reason_id name="reason">
                    {RejectReason::ALL.into_iter().map(|r| view! { <option value=r.code()>{lang.t(r.msg())}</option> }).collect_view()}
                </select>
                " "
                <button type="submit">{lang.t(Msg::IvReject)}</button>
            </form>
        }
    });
    let written = (q.due_on.is_some() && q.state.awaits_written()).then(|| written_form(lang, q));
    view! {
        <li id=format!("q-{}", q.id)>
            <p><strong>{format!("#{}", q.id)}</strong> " " {q.asker.clone()} {lang.t(Msg::Colon)} {q.question.clone()}</p>
            <p class="hint">{q.asked_at.clone()}</p>
            {question_line(lang, q)}
            {q.answer.clone().map(|a| view! { <p class="consult-text">{a}</p> })}
            {decisions}
            {written.map(|w| view! { <ul class="iv-list">{w}</ul> })}
        </li>
    }
}
