//! The questions' pages — plain HTML forms that work without JavaScript:
//! asking an account (`/weibo/@{handle}/ask`), its answered questions with
//! the answer rate (`/weibo/@{handle}/questions`), mine
//! (`/me/weibo/questions`, `/me/weibo/questions/{no}` with the helpful
//! vote), and for the account's team its questions, overdue first
//! (`/staff/weibo/questions`), and one with every step
//! (`/staff/weibo/questions/{no}`).

use super::{AccountQuestions, QuestionRow, QuestionView, StaffQuestionView};
use crate::{
    accounts::Role as AccountRole,
    error::AppError,
    i18n::{Lang, Msg},
    letters::pages::{echo_error, echo_value},
    ui::{data_table, row, signed_in_as, use_prefs, Loaded},
    weibo::{
        question::{Kind, State, COMPLEX_MAX_DAYS},
        view::{AccountLink, AccountName},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// The handle in a path segment `@handle`.
fn handle_of(segment: &str) -> String {
    segment.strip_prefix('@').unwrap_or(segment).to_string()
}

/// What the ask form needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskData {
    pub account: AccountName,
    pub idempotency_key: String,
    pub may_ask: bool,
}

#[server(prefix = "/sfn", endpoint = "weibo_ask_data")]
pub async fn weibo_ask_data(handle: String) -> Result<AskData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let account = super::store::public_list(&state.pool, &handle, state.now.today())
        .await?
        .account;
    Ok(AskData {
        account,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        may_ask: matches!(me.role, AccountRole::Citizen | AccountRole::Enterprise),
    })
}

#[server(prefix = "/sfn", endpoint = "weibo_account_questions")]
pub async fn weibo_account_questions(handle: String) -> Result<AccountQuestions, AppError> {
    let state = crate::state::AppState::from_context()?;
    super::store::public_list(&state.pool, &handle, state.now.today()).await
}

#[server(prefix = "/sfn", endpoint = "my_weibo_questions")]
pub async fn my_weibo_questions() -> Result<Vec<QuestionRow>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    super::store::mine(&state.pool, &me, state.now.today()).await
}

#[server(prefix = "/sfn", endpoint = "my_weibo_question")]
pub async fn my_weibo_question(no: String) -> Result<QuestionView, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    super::store::my_one(&state.pool, &me, &no, state.now.today()).await
}

#[server(prefix = "/sfn", endpoint = "staff_weibo_questions")]
pub async fn staff_weibo_questions() -> Result<Vec<QuestionRow>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    super::store::staff_list(&state.pool, &me, state.now.today()).await
}

#[server(prefix = "/sfn", endpoint = "staff_weibo_question")]
pub async fn staff_weibo_question(no: String) -> Result<StaffQuestionView, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let cal = crate::clock::store::load(&state.pool).await?;
    super::store::staff_one(&state.pool, &cal, &me, &no, state.now.today()).await
}

fn state_text(lang: Lang, state: State, overdue: bool) -> String {
    if overdue {
        format!("{} · {}", lang.t(state.msg()), lang.t(Msg::WbQOverdue))
    } else {
        lang.t(state.msg()).to_string()
    }
}

fn on_time_text(lang: Lang, on_time: Option<bool>) -> Option<&'static str> {
    on_time.map(|t| lang.t(if t { Msg::WbQOnTime } else { Msg::WbQLate }))
}

/// `/weibo/@{handle}/ask`: the question form (signed in).
#[component]
pub fn AskPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::WbQAskTitle);
    let params = use_params_map();
    let at = params.with_untracked(|p| p.get("at").unwrap_or_default());
    if let Err(refused) = signed_in_as(lang, title, &format!("/weibo/{at}/ask"), None) {
        return refused;
    }
    let data = Resource::new(
        move || params.with(|p| handle_of(&p.get("at").unwrap_or_default())),
        weibo_ask_data,
    );
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {echo_error(lang)}
        <Loaded data not_found=Msg::WbQNoAccount view=move |d| ask_view(lang, d)/>
    }
    .into_any()
}

fn ask_view(lang: Lang, d: AskData) -> AnyView {
    let account = view! { <p><AccountLink lang=lang account=d.account.clone()/></p> };
    if !d.may_ask {
        return view! { {account} <p class="notice">{lang.t(Msg::WbQOnlyCitizens)}</p> }.into_any();
    }
    let key = Some(echo_value("idempotency_key"))
        .filter(|k| !k.is_empty())
        .unwrap_or(d.idempotency_key.clone());
    let kind = echo_value("kind");
    let action = format!("/weibo/@{}/ask", d.account.handle);
    view! {
        {account}
        <p class="hint">{lang.t(Msg::WbQAskAbout)}</p>
        <form method="post" action=action class="form wb-ask" novalidate=true>
            <input type="hidden" name="idempotency_key" value=key/>
            <div class="field">
                <label for="wbq-kind">{lang.t(Msg::WbQKind)}</label>
                <select id="wbq-kind" name="kind">
                    {Kind::ASKED.into_iter().map(|k| view! {
                        <option value=k.code() selected=kind == k.code()>{lang.t(k.msg())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="wbq-body">{lang.t(Msg::WbQBody)}</label>
                <textarea id="wbq-body" name="body" rows="6" maxlength="1000" required=true>{echo_value("body")}</textarea>
            </div>
            <button type="submit" class="primary">{lang.t(Msg::WbQAskButton)}</button>
        </form>
    }
    .into_any()
}

/// One answered question as the public sees it.
fn answered_view(lang: Lang, q: &QuestionView) -> AnyView {
    let mark = on_time_text(lang, q.answered_on_time).map(|t| {
        let class = if q.answered_on_time == Some(true) {
            "wb-q-mark wb-q-on-time"
        } else {
            "wb-q-mark wb-q-late"
        };
        view! { <span class=class>{t}</span> }
    });
    view! {
        <article class="wb-q">
            <p class="wb-q-meta">{q.question_no.clone()}" · "{lang.t(q.kind.msg())}" · "{q.asked_on.clone()}</p>
            <p class="wb-q-body">{q.body.clone()}</p>
            {q.answer.clone().map(|a| view! {
                <div class="wb-q-answer">
                    <p><strong>{lang.t(Msg::WbQAnswer)}</strong>" "{q.answered_at.clone().unwrap_or_default()}" "{mark}</p>
                    <p>{a}</p>
                </div>
            })}
        </article>
    }
    .into_any()
}

/// `/weibo/@{handle}/questions`: the account's answered questions.
#[component]
pub fn AccountQuestionsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::WbQPublicTitle);
    let params = use_params_map();
    let data = Resource::new(
        move || params.with(|p| handle_of(&p.get("at").unwrap_or_default())),
        weibo_account_questions,
    );
    view! {
        <Loaded data title not_found=Msg::WbQNoAccount view=move |d| public_view(lang, d)/>
    }
}

fn public_view(lang: Lang, d: AccountQuestions) -> AnyView {
    let heading = format!(
        "{}{}{}",
        d.account.name,
        lang.t(Msg::Colon),
        lang.t(Msg::WbQPublicTitle)
    );
    let rate = d
        .answer_rate
        .map(|r| format!("{r}%"))
        .unwrap_or_else(|| "—".to_string());
    let list = if d.questions.is_empty() {
        view! { <p>{lang.t(Msg::WbQNone)}</p> }.into_any()
    } else {
        d.questions
            .iter()
            .map(|q| answered_view(lang, q))
            .collect_view()
            .into_any()
    };
    view! {
        <Title text=heading.clone()/>
        <h1>{heading}</h1>
        <p><AccountLink lang=lang account=d.account.clone()/></p>
        <dl class="facts">
            {row(Msg::WbQAsked, d.asked.to_string(), lang)}
            {row(Msg::WbQAnsweredCount, d.answered.to_string(), lang)}
            {row(Msg::WbQOnTimeCount, d.on_time.to_string(), lang)}
            {row(Msg::WbQAnswerRate, rate, lang)}
        </dl>
        <p><a href=format!("/weibo/@{}/ask", d.account.handle)>{lang.t(Msg::WbQAskTitle)}</a></p>
        {list}
    }
    .into_any()
}

fn rows_table(lang: Lang, rows: Vec<QuestionRow>, base: &'static str, staff: bool) -> AnyView {
    let mut columns = vec![
        Msg::WbQNo,
        Msg::WbQAccount,
        Msg::WbQKind,
        Msg::WbQState,
        Msg::WbQDueOn,
    ];
    if staff {
        columns.push(Msg::WbQOwner);
    }
    let lines = rows
        .into_iter()
        .map(|r| {
            let href = format!("{base}/{}", r.question_no);
            let state = match on_time_text(lang, r.answered_on_time) {
                Some(t) => format!("{} · {t}", lang.t(r.state.msg())),
                None => state_text(lang, r.state, r.overdue),
            };
            let class = if r.overdue { "wb-q-overdue" } else { "" };
            view! {
                <tr class=class>
                    <td><a href=href>{r.question_no.clone()}</a><br/><span class="hint">{r.excerpt.clone()}</span></td>
                    <td>{r.account.name.clone()}</td>
                    <td>{lang.t(r.kind.msg())}</td>
                    <td>{state}</td>
                    <td>{r.due_on.clone()}</td>
                    {staff.then(|| view! { <td>{r.owner.clone().unwrap_or_else(|| "—".into())}</td> })}
                </tr>
            }
        })
        .collect_view();
    let caption = if staff {
        Msg::WbQStaffTitle
    } else {
        Msg::WbQMyTitle
    };
    data_table(lang, caption, &columns, lines)
}

fn list_view(lang: Lang, rows: Vec<QuestionRow>, base: &'static str, staff: bool) -> AnyView {
    if rows.is_empty() {
        view! { <p>{lang.t(Msg::WbQNone)}</p> }.into_any()
    } else {
        rows_table(lang, rows, base, staff)
    }
}

/// `/me/weibo/questions`: my questions.
#[component]
pub fn MyQuestionsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::WbQMyTitle);
    if let Err(refused) = signed_in_as(lang, title, "/me/weibo/questions", None) {
        return refused;
    }
    let data = Resource::new(|| (), |_| my_weibo_questions());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <Loaded data view=move |rows| list_view(lang, rows, "/me/weibo/questions", false)/>
    }
    .into_any()
}

/// The question's facts, for its asker and its team.
fn question_facts(lang: Lang, q: &QuestionView) -> AnyView {
    view! {
        <p><AccountLink lang=lang account=q.account.clone()/></p>
        <dl class="facts">
            {row(Msg::WbQKind, lang.t(q.kind.msg()).to_string(), lang)}
            {row(Msg::WbQState, state_text(lang, q.state, q.overdue), lang)}
            {row(Msg::WbQAskedOn, q.asked_on.clone(), lang)}
            {row(Msg::WbQAcknowledgeBy, q.acknowledge_by.clone(), lang)}
            {row(Msg::WbQDueOn, q.due_on.clone(), lang)}
        </dl>
        <p class="wb-q-body">{q.body.clone()}</p>
        {q.letter_no.clone().map(|no| view! {
            <p class="notice" role="note">{lang.t(Msg::WbQBecameLetter)}" "<a href=format!("/letters/{no}")>{no.clone()}</a></p>
        })}
    }
    .into_any()
}

/// `/me/weibo/questions/{no}`: my question, its answer and the vote.
#[component]
pub fn MyQuestionPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::WbQTitle);
    let params = use_params_map();
    let no = params.with_untracked(|p| p.get("no").unwrap_or_default());
    if let Err(refused) = signed_in_as(lang, title, &format!("/me/weibo/questions/{no}"), None) {
        return refused;
    }
    let data = Resource::new(
        move || params.with(|p| p.get("no").unwrap_or_default()),
        my_weibo_question,
    );
    view! {
        <Loaded data title not_found=Msg::WbQNotFound view=move |q| my_view(lang, q)/>
    }
    .into_any()
}

fn my_view(lang: Lang, q: QuestionView) -> AnyView {
    let heading = format!(
        "{}{}{}",
        lang.t(Msg::WbQTitle),
        lang.t(Msg::Colon),
        q.question_no
    );
    let vote = (q.state == State::Answered && q.helpful.is_none()).then(|| {
        let action = format!("/me/weibo/questions/{}/helpful", q.question_no);
        view! {
            <form method="post" action=action class="form wb-q-vote">
                <fieldset>
                    <legend>{lang.t(Msg::WbQHelpfulAsk)}</legend>
                    <button type="submit" name="helpful" value="true">{lang.t(Msg::WbQHelpfulYes)}</button>
                    " "
                    <button type="submit" name="helpful" value="false">{lang.t(Msg::WbQHelpfulNo)}</button>
                </fieldset>
            </form>
        }
    });
    let verdict = q.helpful.map(|h| {
        view! { <p>{lang.t(if h { Msg::WbQHelpfulYes } else { Msg::WbQHelpfulNo })}</p> }
    });
    view! {
        <Title text=heading.clone()/>
        <h1>{heading}</h1>
        {echo_error(lang)}
        {question_facts(lang, &q)}
        {(q.state == State::Answered).then(|| answered_view(lang, &q))}
        {vote}
        {verdict}
        <p><a href="/me/weibo/questions">{lang.t(Msg::WbQMyTitle)}</a></p>
    }
    .into_any()
}

/// `/staff/weibo/questions`: the questions of my accounts.
#[component]
pub fn StaffQuestionsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::WbQStaffTitle);
    if let Err(refused) = signed_in_as(
        lang,
        title,
        "/staff/weibo/questions",
        Some(AccountRole::Staff),
    ) {
        return refused;
    }
    let data = Resource::new(|| (), |_| staff_weibo_questions());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="account-links"><a href="/staff/review">{lang.t(Msg::RevQueueTitle)}</a></p>
        <Loaded data view=move |rows| list_view(lang, rows, "/staff/weibo/questions", true)/>
    }
    .into_any()
}

/// `/staff/weibo/questions/{no}`: one question with its steps.
#[component]
pub fn StaffQuestionPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::WbQTitle);
    let params = use_params_map();
    let no = params.with_untracked(|p| p.get("no").unwrap_or_default());
    if let Err(refused) = signed_in_as(
        lang,
        title,
        &format!("/staff/weibo/questions/{no}"),
        Some(AccountRole::Staff),
    ) {
        return refused;
    }
    let data = Resource::new(
        move || params.with(|p| p.get("no").unwrap_or_default()),
        staff_weibo_question,
    );
    view! {
        <Loaded data title not_found=Msg::WbQNotFound view=move |s| staff_view(lang, s)/>
    }
    .into_any()
}

fn step_msg(code: &str) -> Msg {
    match code {
        "acknowledge" => Msg::WbQActAcknowledge,
        "complex" => Msg::WbQActComplex,
        "reassign" => Msg::WbQActReassign,
        "convert" => Msg::WbQActConvert,
        "submit" => Msg::RevActSubmit,
        "recall" => Msg::RevActRecall,
        "return" => Msg::RevActReturn,
        "approve" => Msg::WbQActApprove,
        _ => Msg::WbQActAnswer,
    }
}

fn staff_view(lang: Lang, s: StaffQuestionView) -> AnyView {
    let q = &s.question;
    let no = q.question_no.clone();
    let action = format!("/staff/weibo/questions/{no}/steps");
    let heading = format!("{}{}{}", lang.t(Msg::WbQTitle), lang.t(Msg::Colon), no);
    let form = |code: &str, fields: AnyView| {
        view! {
            <form method="post" action=action.clone() class="form wb-q-step">
                <input type="hidden" name="action" value=code.to_string()/>
                {fields}
                <button type="submit">{lang.t(step_msg(code))}</button>
            </form>
        }
    };
    let steps = s
        .offered
        .iter()
        .chain(s.review_offered.iter())
        .map(|code| {
            let fields = match code.as_str() {
                "complex" => view! {
                    <div class="field">
                        <label for="wbq-days">{lang.t(Msg::WbQComplexDays)}</label>
                        <input type="number" id="wbq-days" name="days" min="1" max=COMPLEX_MAX_DAYS.to_string() value="10" required=true/>
                    </div>
                }
                .into_any(),
                "reassign" => view! {
                    <div class="field">
                        <label for="wbq-to">{lang.t(Msg::WbQReassignTo)}</label>
                        <select id="wbq-to" name="to">
                            {s.responders.iter().map(|r| view! {
                                <option value=r.username.clone()>{format!("{} ({})", r.name, r.open)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                }
                .into_any(),
                "return" => view! {
                    <div class="field">
                        <label for="wbq-reason">{lang.t(Msg::RevReason)}</label>
                        <textarea id="wbq-reason" name="reason" rows="2" required=true maxlength="500"></textarea>
                    </div>
                }
                .into_any(),
                _ => ().into_any(),
            };
            form(code, fields)
        })
        .collect_view();
    let answer_form = s.may_answer.then(|| {
        let text = Some(echo_value("text"))
            .filter(|t| !t.is_empty())
            .or(s.draft.clone())
            .unwrap_or_default();
        view! {
            <section aria-labelledby="wbq-answer-h">
                <h2 id="wbq-answer-h">{lang.t(Msg::WbQAnswerDraft)}</h2>
                <form method="post" action=action.clone() class="form wb-q-answer-form">
                    <input type="hidden" name="action" value="answer"/>
                    <div class="field">
                        <label for="wbq-text">{lang.t(Msg::WbQAnswer)}</label>
                        <textarea id="wbq-text" name="text" rows="6" maxlength="2000" required=true>{text}</textarea>
                    </div>
                    <button type="submit">{lang.t(Msg::WbQActAnswer)}</button>
                </form>
            </section>
        }
    });
    let draft = (!s.may_answer)
        .then(|| s.draft.clone())
        .flatten()
        .filter(|_| q.state != State::Answered)
        .map(|d| view! { <section class="wb-q-answer"><h2>{lang.t(Msg::WbQAnswerDraft)}</h2><p>{d}</p></section> });
    let review = s.review.map(|r| {
        let m = match r {
            crate::review::State::Draft => Msg::RevStateDraft,
            crate::review::State::InReview => Msg::RevStateInReview,
            crate::review::State::Published => Msg::RevStatePublished,
            crate::review::State::Withdrawn => Msg::RevStateWithdrawn,
        };
        view! { <p>{lang.t(Msg::WbQReview)}{lang.t(Msg::Colon)}<strong>{lang.t(m)}</strong></p> }
    });
    let returned = s.returned_reason.clone().map(|r| {
        view! { <p class="notice" role="note">{lang.t(Msg::RevReason)}{lang.t(Msg::Colon)}{r}</p> }
    });
    let log = s
        .log
        .iter()
        .map(|e| view! { <li>{e.at.clone()}" · "{e.actor.clone()}" · "{e.action.clone()}{e.reason.clone().map(|r| format!(" · {r}"))}</li> })
        .collect_view();
    view! {
        <Title text=heading.clone()/>
        <h1>{heading}</h1>
        {echo_error(lang)}
        {question_facts(lang, q)}
        <dl class="facts">
            {row(Msg::WbQAsker, s.asker.clone(), lang)}
            {row(Msg::WbQOwner, s.owner.clone().unwrap_or_else(|| "—".into()), lang)}
        </dl>
        {(q.state == State::Answered).then(|| answered_view(lang, q))}
        {review}
        {returned}
        {draft}
        {(!s.offered.is_empty() || !s.review_offered.is_empty()).then(|| view! {
            <section aria-labelledby="wbq-steps-h">
                <h2 id="wbq-steps-h">{lang.t(Msg::RevSteps)}</h2>
                {steps}
            </section>
        })}
        {answer_form}
        {(!s.log.is_empty()).then(|| view! {
            <section aria-labelledby="wbq-log-h">
                <h2 id="wbq-log-h">{lang.t(Msg::RevLog)}</h2>
                <ol class="letter-log">{log}</ol>
            </section>
        })}
        <p><a href="/staff/weibo/questions">{lang.t(Msg::WbQStaffTitle)}</a></p>
    }
    .into_any()
}
