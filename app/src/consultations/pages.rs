//! The consultation pages — plain HTML forms that work without JavaScript:
//! the ask form (`/consult?service=CODE` or `?department=ID`), one
//! consultation (`/consultations/{id}`: question, status, deadline, answer,
//! and the asker's "was this helpful?"), the department's queue
//! (`/staff/consultations`) and the answer form
//! (`/staff/consultations/{id}`); and the parts other pages show: the
//! item's FAQ and "my consultations".

use super::{ConsultationView, FaqEntry, Status, Subject};
use crate::{
    accounts::Role,
    error::{set_response_status, AppError},
    i18n::{Lang, Msg},
    ui::{row, signed_in_as, use_prefs, Loaded, LoadedList},
    workflow::engine::Urgency,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// What the ask form needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskFormData {
    pub subject: Subject,
    pub idempotency_key: String,
    /// Citizens and enterprises ask; officials do not.
    pub may_ask: bool,
}

#[server(prefix = "/sfn", endpoint = "consult_form_data")]
pub async fn consult_form_data(
    service: Option<String>,
    department: Option<String>,
) -> Result<AskFormData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let about = super::About::from_params(service.as_deref(), department.as_deref())
        .ok_or(AppError::NotFound)?;
    let subject = super::store::subject(&state.pool, &about).await?;
    Ok(AskFormData {
        subject,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        may_ask: matches!(me.role, Role::Citizen | Role::Enterprise),
    })
}

#[server(prefix = "/sfn", endpoint = "consultation_data")]
pub async fn consultation_data(id: i64) -> Result<ConsultationView, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user();
    let viewer = super::store::viewer(&state.pool, me.as_ref()).await?;
    let cal = crate::clock::store::load(&state.pool).await?;
    super::store::get(&state.pool, &cal, viewer, id, state.now.today()).await
}

#[server(prefix = "/sfn", endpoint = "consult_staff_queue")]
pub async fn consult_staff_queue() -> Result<Vec<ConsultationView>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let (viewer, department) = super::store::staff_viewer(&state.pool, &me).await?;
    let cal = crate::clock::store::load(&state.pool).await?;
    super::store::queue(
        &state.pool,
        &cal,
        viewer,
        department,
        state.now.today(),
        200,
    )
    .await
}

#[server(prefix = "/sfn", endpoint = "consult_faq")]
pub async fn consult_faq(code: String) -> Result<Vec<FaqEntry>, AppError> {
    let state = crate::state::AppState::from_context()?;
    super::store::faq(&state.pool, &super::About::Service(code), 50).await
}

#[server(prefix = "/sfn", endpoint = "my_consultations")]
pub async fn my_consultations() -> Result<Vec<ConsultationView>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let cal = crate::clock::store::load(&state.pool).await?;
    super::store::mine(&state.pool, &cal, &me, state.now.today(), 100).await
}

/// A question sent back by the server: what was typed, the key to keep
/// (so a corrected resubmission is still one question) and the problem.
#[derive(Debug, Clone)]
pub struct AskEcho {
    pub question: String,
    pub public: bool,
    pub idempotency_key: Option<String>,
    pub error: AppError,
}

/// An answer (or a verdict) refused, sent back to the consultation's page
/// with what was typed.
#[derive(Debug, Clone)]
pub struct AnswerEcho {
    pub answer: String,
    pub error: AppError,
}

/// What a question is about, as a line: the item (linked) or "general".
fn subject_line(
    lang: Lang,
    code: Option<&str>,
    item: Option<&crate::catalog::Bilingual>,
) -> AnyView {
    match (code, item) {
        (Some(code), Some(item)) => {
            view! { <a href=format!("/services/{code}")>{item.get(lang).to_string()}</a> }
                .into_any()
        }
        _ => lang.t(Msg::ConsultGeneral).into_any(),
    }
}

fn urgency_badge(lang: Lang, u: Option<Urgency>, status: Status) -> impl IntoView {
    let (class, text) = match (u, status) {
        (_, Status::Answered) => ("urgency urgency-green", lang.t(Msg::ConsultStatusAnswered)),
        (Some(Urgency::Red), _) | (None, Status::Overdue) => {
            ("urgency urgency-red", lang.t(Msg::ConsultStatusOverdue))
        }
        (Some(Urgency::Yellow), _) => ("urgency urgency-yellow", lang.t(Msg::UrgencyYellow)),
        _ => ("urgency urgency-green", lang.t(Msg::UrgencyGreen)),
    };
    view! { <span class=class>{text}</span> }
}

/// Where a question stands, in words (待答复, 已超期未答复, 已答复), coloured by
/// the time left.
fn status_badge(lang: Lang, u: Option<Urgency>, status: Status) -> impl IntoView {
    let class = match (u, status) {
        (_, Status::Answered) | (Some(Urgency::Green), _) => "urgency urgency-green",
        (Some(Urgency::Yellow), _) => "urgency urgency-yellow",
        _ => "urgency urgency-red",
    };
    view! { <span class=class>{lang.t(status.msg())}</span> }
}

/// `/consult?service=CODE` or `/consult?department=ID`: the ask form.
#[component]
pub fn ConsultPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::ConsultAskTitle);
    let query = use_query_map();
    let (service, department) = query.with_untracked(|q| (q.get("service"), q.get("department")));
    let about = super::About::from_params(service.as_deref(), department.as_deref());
    let path = match &about {
        Some(a) => format!("/consult?{}", a.query()),
        None => "/consult".to_string(),
    };
    if let Err(refused) = signed_in_as(lang, title, &path, None) {
        return refused;
    }
    if about.is_none() {
        set_response_status(404);
        return view! {
            <Title text=title/>
            <h1>{title}</h1>
            <p class="notice" role="alert">{lang.t(Msg::ConsultNoSubject)}</p>
        }
        .into_any();
    }
    let echo = use_context::<AskEcho>();
    let data = Resource::new(
        move || (service.clone(), department.clone()),
        |(s, d)| consult_form_data(s, d),
    );
    view! {
        <Loaded data title view=move |d| ask_view(lang, d, echo.clone())/>
    }
    .into_any()
}

fn ask_view(lang: Lang, d: AskFormData, echo: Option<AskEcho>) -> impl IntoView {
    let title = lang.t(Msg::ConsultAskTitle);
    let s = &d.subject;
    let heading = match &s.item {
        Some(item) => format!("{title}{}{}", lang.t(Msg::Colon), item.get(lang)),
        None => format!("{title}{}{}", lang.t(Msg::Colon), s.department.get(lang)),
    };
    if !d.may_ask {
        set_response_status(403);
        return view! {
            <Title text=heading.clone()/>
            <h1>{heading}</h1>
            <p class="notice" role="alert">{AppError::Forbidden.message(lang)}</p>
        }
        .into_any();
    }
    let (hidden_name, hidden_value) = match &s.about {
        super::About::Service(code) => ("service", code.clone()),
        super::About::Department(id) => ("department", id.to_string()),
    };
    let key = echo
        .as_ref()
        .and_then(|e| e.idempotency_key.clone())
        .unwrap_or(d.idempotency_key.clone());
    let text = echo
        .as_ref()
        .map(|e| e.question.clone())
        .unwrap_or_default();
    let public = echo.as_ref().is_none_or(|e| e.public);
    // A problem with the question is shown at the field; any other at the top.
    let (field_error, general) = match echo.as_ref().map(|e| &e.error) {
        Some(e @ AppError::Refused(r)) if r.kind == "consultation_refused" => {
            (Some(e.message(lang)), None)
        }
        Some(e) => (None, Some(e.message(lang))),
        None => (None, None),
    };
    if let Some(e) = echo.as_ref() {
        set_response_status(e.error.status());
    }
    let summary = (field_error.is_some() || general.is_some()).then(|| {
        let item = field_error.clone().map(|m| {
            view! {
                <p>{lang.t(Msg::ErrInvalidFields)}</p>
                <ul><li><a href="#question">{lang.t(Msg::ConsultQuestionLabel)} {lang.t(Msg::Colon)} {m}</a></li></ul>
            }
        });
        view! { <div class="notice error-summary" role="alert" tabindex="-1">{general.clone().map(|g| view! { <p>{g}</p> })}{item}</div> }
    });
    let invalid = field_error.is_some();
    view! {
        <Title text=heading.clone()/>
        <h1>{heading}</h1>
        <dl class="facts">
            {s.item.as_ref().map(|item| row(Msg::ConsultItem, item.get(lang).to_string(), lang))}
            {row(Msg::ConsultDepartment, s.department.get(lang).to_string(), lang)}
        </dl>
        <p class="about">{lang.t(Msg::ConsultAskAbout)}</p>
        {summary}
        <form method="post" action="/consult" class="form" novalidate=true>
            <input type="hidden" name=hidden_name value=hidden_value/>
            <input type="hidden" name="idempotency_key" value=key/>
            <div class="field" class:invalid=invalid>
                <label for="question">{lang.t(Msg::ConsultQuestionLabel)}</label>
                <p class="hint" id="question-hint">{lang.t(Msg::ConsultQuestionHint)}</p>
                <p class="field-error" id="question-error" hidden=field_error.is_none()>
                    {field_error.clone().unwrap_or_default()}
                </p>
                <textarea
                    id="question"
                    name="question"
                    rows="6"
                    required=true
                    aria-describedby="question-hint question-error"
                    aria-invalid=invalid.then_some("true")
                >
                    {text}
                </textarea>
            </div>
            <fieldset class="field">
                <legend>{lang.t(Msg::ConsultVisibility)}</legend>
                <label class="choice" for="public-yes">
                    <input type="radio" id="public-yes" name="public" value="true" checked=public/>
                    {lang.t(Msg::ConsultPublicChoice)}
                </label>
                <label class="choice" for="public-no">
                    <input type="radio" id="public-no" name="public" value="false" checked=!public/>
                    {lang.t(Msg::ConsultPrivateChoice)}
                </label>
            </fieldset>
            <button type="submit" class="primary">{lang.t(Msg::ConsultSubmit)}</button>
        </form>
    }
    .into_any()
}

/// `/consultations/{id}`: one consultation, for whoever may see it (404
/// for anyone else, the same as for none).
#[component]
pub fn ConsultationPage() -> impl IntoView {
    let lang = use_prefs().lang;
    consultation_page(lang, None)
}

/// `/staff/consultations/{id}`: the same, with the answer form, for staff
/// of the department.
#[component]
pub fn StaffConsultationPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let title = lang.t(Msg::ConsultTitle);
    if let Err(refused) = signed_in_as(
        lang,
        title,
        &format!("/staff/consultations/{id}"),
        Some(Role::Staff),
    ) {
        return refused;
    }
    consultation_page(lang, Some("/staff/consultations"))
}

fn consultation_page(lang: Lang, back: Option<&'static str>) -> AnyView {
    let title = lang.t(Msg::ConsultTitle);
    let params = use_params_map();
    let echo = use_context::<AnswerEcho>();
    let data = Resource::new(
        move || params.with(|p| p.get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0)),
        consultation_data,
    );
    view! {
        <Loaded
            data
            title
            not_found=Msg::ConsultNotFound
            view=move |v| consultation_view(lang, v, echo.clone(), back)
        />
    }
    .into_any()
}

fn consultation_view(
    lang: Lang,
    v: ConsultationView,
    echo: Option<AnswerEcho>,
    back: Option<&'static str>,
) -> impl IntoView {
    let title = format!("{} #{}", lang.t(Msg::ConsultTitle), v.id);
    let refused = echo.as_ref().map(|e| {
        set_response_status(e.error.status());
        view! { <div class="notice error-summary" role="alert" tabindex="-1"><p>{e.error.message(lang)}</p></div> }
    });
    let answered = v.status == Status::Answered;
    let action = format!("/consultations/{}", v.id);
    let answer_form = (v.answerable && !answered).then(|| {
        let typed = echo.as_ref().map(|e| e.answer.clone()).unwrap_or_default();
        let invalid = echo.is_some();
        view! {
            <section class="space-section" aria-labelledby="answer-h">
                <h2 id="answer-h">{lang.t(Msg::ConsultAnswer)}</h2>
                <form method="post" action=format!("/staff/consultations/{}", v.id) class="form" novalidate=true>
                    <div class="field" class:invalid=invalid>
                        <label for="answer">{lang.t(Msg::ConsultAnswerLabel)}</label>
                        <p class="hint" id="answer-hint">{lang.t(Msg::ConsultAnswerHint)}</p>
                        <textarea
                            id="answer"
                            name="answer"
                            rows="8"
                            required=true
                            aria-describedby="answer-hint"
                            aria-invalid=invalid.then_some("true")
                        >
                            {typed}
                        </textarea>
                    </div>
                    <button type="submit" class="primary">{lang.t(Msg::ConsultAnswerSubmit)}</button>
                </form>
            </section>
        }
    });
    let verdict = |h: bool| {
        lang.t(if h {
            Msg::ConsultHelpfulYes
        } else {
            Msg::ConsultHelpfulNo
        })
    };
    let helpful_form = (v.mine && answered).then(|| {
        view! {
            <section class="space-section" aria-labelledby="helpful-h">
                <h2 id="helpful-h">{lang.t(Msg::ConsultHelpfulQuestion)}</h2>
                {v.helpful.map(|h| view! { <p>{lang.t(Msg::ConsultHelpfulGiven)} {lang.t(Msg::Colon)} <strong>{verdict(h)}</strong></p> })}
                <form method="post" action=format!("{action}/helpful") class="form-inline">
                    <button type="submit" name="helpful" value="yes">{verdict(true)}</button>
                    " "
                    <button type="submit" name="helpful" value="no">{verdict(false)}</button>
                </form>
            </section>
        }
    });
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        {refused}
        <dl class="facts">
            <div><dt>{lang.t(Msg::ConsultItem)}</dt><dd>{subject_line(lang, v.item_code.as_deref(), v.item.as_ref())}</dd></div>
            {row(Msg::ConsultDepartment, v.department.get(lang).to_string(), lang)}
            <div><dt>{lang.t(Msg::ConsultStatus)}</dt><dd>{status_badge(lang, v.urgency, v.status)}</dd></div>
            {row(Msg::ConsultAskedOn, v.asked_on.clone(), lang)}
            {row(Msg::ConsultDueOn, v.due_on.clone(), lang)}
            {v.answered_on.clone().map(|d| row(Msg::ConsultAnsweredOn, d, lang))}
            {row(Msg::ConsultVisibility, lang.t(if v.public { Msg::ConsultPublic } else { Msg::ConsultPrivate }).to_string(), lang)}
        </dl>
        <section class="space-section" aria-labelledby="question-h">
            <h2 id="question-h">{lang.t(Msg::ConsultQuestion)}</h2>
            <p class="consult-text">{v.question.clone()}</p>
        </section>
        {v.answer.clone().map(|a| view! {
            <section class="space-section" aria-labelledby="answer-text-h">
                <h2 id="answer-text-h">{lang.t(Msg::ConsultAnswer)}</h2>
                <p class="consult-text">{a}</p>
            </section>
        })}
        {answer_form}
        {helpful_form}
        {back.map(|b| view! { <p><a href=b>{lang.t(Msg::ConsultStaffTitle)}</a></p> })}
    }
}

/// `/staff/consultations`: the department's open questions by deadline,
/// overdue ones flagged.
#[component]
pub fn StaffConsultationsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::ConsultStaffTitle);
    if let Err(refused) = signed_in_as(lang, title, "/staff/consultations", Some(Role::Staff)) {
        return refused;
    }
    let rows = Resource::new(|| (), |_| consult_staff_queue());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="about">{lang.t(Msg::ConsultStaffAbout)}</p>
        <LoadedList data=rows empty=Msg::ConsultStaffEmpty view=move |rows| queue_table(lang, rows)/>
    }
    .into_any()
}

/// The first characters of a question, for a list.
fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() > MAX {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    } else {
        text.to_string()
    }
}

fn queue_table(lang: Lang, rows: Vec<ConsultationView>) -> impl IntoView {
    let body = rows
        .into_iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row" data-label={lang.t(Msg::ConsultQuestion)}><a href=format!("/staff/consultations/{}", r.id)>{excerpt(&r.question)}</a></th>
                    <td data-label={lang.t(Msg::ConsultItem)}>{subject_line(lang, r.item_code.as_deref(), r.item.as_ref())}</td>
                    <td data-label={lang.t(Msg::ConsultAskedOn)}>{r.asked_on.clone()}</td>
                    <td data-label={lang.t(Msg::ConsultDueOn)}>{r.due_on.clone()}</td>
                    <td data-label={lang.t(Msg::WorkbenchTimeLeft)}>{urgency_badge(lang, r.urgency, r.status)}</td>
                    <td data-label={lang.t(Msg::ConsultVisibility)}>{lang.t(if r.public { Msg::ConsultPublic } else { Msg::ConsultPrivate })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=lang.t(Msg::ConsultStaffTitle)>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{lang.t(Msg::ConsultQuestion)}</th>
                        <th scope="col">{lang.t(Msg::ConsultItem)}</th>
                        <th scope="col">{lang.t(Msg::ConsultAskedOn)}</th>
                        <th scope="col">{lang.t(Msg::ConsultDueOn)}</th>
                        <th scope="col">{lang.t(Msg::WorkbenchTimeLeft)}</th>
                        <th scope="col">{lang.t(Msg::ConsultVisibility)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// The item page's FAQ: its public answered questions, and the way to ask.
#[component]
pub fn ItemFaq(code: String, lang: Lang) -> impl IntoView {
    let ask = format!("/consult?service={}", crate::catalog::find::encode(&code));
    let faq = Resource::new(move || code.clone(), consult_faq);
    view! {
        <section aria-labelledby="faq-title" class="faq">
            <h2 id="faq-title">{lang.t(Msg::ConsultFaqTitle)}</h2>
            <LoadedList data=faq empty=Msg::ConsultFaqEmpty view={move |list: Vec<FaqEntry>| view! {
                <dl class="faq-list">
                    {list.into_iter().map(|f| view! {
                        <div>
                            <dt><a href=format!("/consultations/{}", f.id)>{f.question}</a></dt>
                            <dd>
                                <p class="consult-text">{f.answer}</p>
                                <p class="hint">{lang.t(Msg::ConsultAnsweredOn)} " " {f.answered_on}</p>
                            </dd>
                        </div>
                    }).collect_view()}
                </dl>
            }}/>
            <p><a class="action" href=ask>{lang.t(Msg::ConsultAskLink)}</a></p>
        </section>
    }
}

/// My space's "my consultations".
#[component]
pub fn MyConsultations(lang: Lang) -> impl IntoView {
    let list = Resource::new(|| (), |_| my_consultations());
    view! {
        <section class="space-section" aria-labelledby="consult-h">
            <h2 id="consult-h">{lang.t(Msg::MyConsultations)}</h2>
            <LoadedList data=list empty=Msg::ConsultMineEmpty view={move |list: Vec<ConsultationView>| view! {
                <ul class="case-list">
                    {list.into_iter().map(|c| view! {
                        <li>
                            <a href=format!("/consultations/{}", c.id)>{excerpt(&c.question)}</a>
                            " · " {c.item.as_ref().map(|i| i.get(lang).to_string()).unwrap_or_else(|| c.department.get(lang).to_string())}
                            " · " {status_badge(lang, c.urgency, c.status)}
                            " · " {lang.t(Msg::ConsultDueOn)} " " {c.due_on.clone()}
                        </li>
                    }).collect_view()}
                </ul>
            }}/>
        </section>
    }
}

#[server(prefix = "/sfn", endpoint = "consult_search")]
pub async fn consult_search(q: String, page: String) -> Result<super::FaqPage, AppError> {
    let (q, page) = super::search_query(&q, &page)
        .map_err(|name| AppError::InvalidParameter { name: name.into() })?;
    let state = crate::state::AppState::from_context()?;
    super::store::search(&state.pool, q.as_ref(), page).await
}

/// Every answered public question (`/consultations?q=…&page=…`), newest
/// answer first, searchable by any word of the question or the answer —
/// not only per item or department. A plain GET form.
#[component]
pub fn PublicQuestionsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let query = use_query_map();
    let q = query.with_untracked(|m| m.get("q").unwrap_or_default());
    let page = query.with_untracked(|m| m.get("page").unwrap_or_default());
    let title = lang.t(Msg::ConsultAllTitle);
    let data = Resource::new(
        move || (q.clone(), page.clone()),
        |(q, page)| consult_search(q, page),
    );
    let typed = query.with_untracked(|m| m.get("q").unwrap_or_default());
    view! {
        <Title text=title/>
        <crate::ui::Breadcrumbs trail=vec![
            ("/interaction".to_string(), lang.t(Msg::ChannelInteraction).to_string()),
            ("/consultations".to_string(), title.to_string()),
        ]/>
        <h1>{title}</h1>
        <p>{lang.t(Msg::ConsultAllAbout)}</p>
        <form method="get" action="/consultations" class="search-form" role="search">
            <label for="consult-q">{lang.t(Msg::ConsultAllSearch)}</label>
            <input type="search" id="consult-q" name="q" value=typed.clone() maxlength="64"/>
            <button type="submit">{lang.t(Msg::SearchButton)}</button>
        </form>
        <Loaded data view=move |found: super::FaqPage| public_questions(lang, &typed, found)/>
    }
}

fn public_questions(lang: Lang, q: &str, found: super::FaqPage) -> impl IntoView {
    let pages = ((found.total.max(0) as u64).div_ceil(u64::from(found.page_size)))
        .min(u64::from(super::FAQ_MAX_PAGE)) as u32;
    let link = {
        let q = crate::catalog::find::encode(q);
        move |page: u32| format!("/consultations?q={q}&page={page}")
    };
    let count = lang.fill(Msg::ConsultAllCount, &[("n", &found.total)]);
    let page = found.page;
    view! {
        <p class="result-count" role="status">{count}</p>
        {if found.entries.is_empty() {
            view! { <p>{lang.t(Msg::ConsultFaqEmpty)}</p> }.into_any()
        } else {
            view! {
                <dl class="faq-list">
                    {found.entries.into_iter().map(|f| {
                        let about = f.item_code.clone().map(|code| view! {
                            " · "<a href=format!("/services/{code}")>{code.clone()}</a>
                        });
                        view! {
                            <div>
                                <dt><a href=format!("/consultations/{}", f.id)>{f.question}</a></dt>
                                <dd>
                                    <p class="consult-text">{f.answer}</p>
                                    <p class="hint">
                                        {f.department.get(lang).to_string()}{about}" · "
                                        {lang.t(Msg::ConsultAnsweredOn)}" "{f.answered_on}
                                    </p>
                                </dd>
                            </div>
                        }
                    }).collect_view()}
                </dl>
            }.into_any()
        }}
        {(pages > 1).then(|| view! {
            <nav class="pagination" aria-label=lang.t(Msg::Pagination)>
                {(page > 1).then(|| view! { <a rel="prev" href=link(page - 1)>{lang.t(Msg::PrevPage)}</a> })}
                <span>{page}" / "{pages}</span>
                {(page < pages).then(|| view! { <a rel="next" href=link(page + 1)>{lang.t(Msg::NextPage)}</a> })}
            </nav>
        })}
    }
}
