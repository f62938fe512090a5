//! The requests' pages — plain HTML forms that work without JavaScript: the
//! request form (`/disclosure/requests/new`, a region then its bodies),
//! my requests (`/me/information-requests`), one request with its
//! deadline, log, answer, appeal routes and the forms of the steps its
//! reader may take (`/me/information-requests/{no}` for the applicant,
//! `/staff/information-requests/{no}` for the office), and the office's
//! queue (`/staff/information-requests`).

use super::{
    action_msg, applicant_kind_msg, delivery_msg, outcome_msg, role_msg, state_msg, withheld_msg,
    RequestRow, RequestView,
};
use crate::{
    accounts::Role as AccountRole,
    catalog::Bilingual,
    disclosure::request::{ApplicantKind, Delivery, Outcome, State, Withheld, MAX_EXTENSION_DAYS},
    error::{set_response_status, AppError},
    i18n::{Lang, Msg},
    letters::pages::{echo_error, echo_value},
    ui::{data_table, row, signed_in_as, use_prefs, Loaded},
    workorder::WorkState,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// Guangzhou: the region the form starts from.
pub const DEFAULT_REGION: i32 = 440100;

/// What the request form needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewData {
    pub regions: Vec<(i32, Bilingual)>,
    pub region: i32,
    pub departments: Vec<(i64, Bilingual)>,
    pub idempotency_key: String,
    pub may_request: bool,
    pub enterprise: bool,
}

#[server(prefix = "/sfn", endpoint = "information_request_new_data")]
pub async fn information_request_new_data(region: Option<i32>) -> Result<NewData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let regions = super::store::regions(&state.pool).await?;
    let region = region
        .filter(|r| regions.iter().any(|(c, _)| c == r))
        .unwrap_or(DEFAULT_REGION);
    Ok(NewData {
        departments: super::store::departments(&state.pool, region).await?,
        regions,
        region,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        may_request: matches!(me.role, AccountRole::Citizen | AccountRole::Enterprise),
        enterprise: me.role == AccountRole::Enterprise,
    })
}

#[server(prefix = "/sfn", endpoint = "information_request_data")]
pub async fn information_request_data(no: String) -> Result<RequestView, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let cal = crate::clock::store::load(&state.pool).await?;
    super::store::get(&state.pool, &cal, &me, &no, state.now.today()).await
}

#[server(prefix = "/sfn", endpoint = "my_information_requests")]
pub async fn my_information_requests() -> Result<Vec<RequestRow>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let cal = crate::clock::store::load(&state.pool).await?;
    super::store::mine(&state.pool, &cal, &me, state.now.today()).await
}

#[server(prefix = "/sfn", endpoint = "staff_information_requests")]
pub async fn staff_information_requests() -> Result<Vec<RequestRow>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let cal = crate::clock::store::load(&state.pool).await?;
    super::store::queue(&state.pool, &cal, &me, state.now.today()).await
}

/// `/disclosure/requests/new?region=`: the request form.
#[component]
pub fn NewInformationRequestPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::IrNewTitle);
    if let Err(refused) = signed_in_as(lang, title, "/disclosure/requests/new", None) {
        return refused;
    }
    let query = use_query_map();
    let data = Resource::new(
        move || query.with(|q| q.get("region").and_then(|r| r.parse::<i32>().ok())),
        information_request_new_data,
    );
    view! { <Loaded data title view=move |d| new_view(lang, d)/> }.into_any()
}

fn new_view(lang: Lang, d: NewData) -> AnyView {
    let title = lang.t(Msg::IrNewTitle);
    if !d.may_request {
        set_response_status(403);
        return view! {
            <Title text=title/>
            <h1>{title}</h1>
            <p class="notice" role="alert">{AppError::Forbidden.message(lang)}</p>
        }
        .into_any();
    }
    let key = Some(echo_value("idempotency_key"))
        .filter(|k| !k.is_empty())
        .unwrap_or(d.idempotency_key.clone());
    let department = echo_value("department");
    let delivery = Some(echo_value("delivery"))
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "online".into());
    let kind = echo_value("applicant_kind");
    let regions = d
        .regions
        .iter()
        .map(|(code, name)| {
            view! { <option value=code.to_string() selected=*code == d.region>{name.get(lang).to_string()}</option> }
        })
        .collect_view();
    let region_name = d
        .regions
        .iter()
        .find(|(c, _)| *c == d.region)
        .map(|(_, n)| n.get(lang).to_string())
        .unwrap_or_default();
    let departments = d
        .departments
        .iter()
        .map(|(id, name)| {
            view! { <option value=id.to_string() selected=department == id.to_string()>{name.get(lang).to_string()}</option> }
        })
        .collect_view();
    let deliveries = Delivery::ALL
        .into_iter()
        .map(|m| {
            let id = format!("delivery-{}", m.code());
            view! {
                <label class="choice" for=id.clone()>
                    <input type="radio" id=id.clone() name="delivery" value=m.code() checked=delivery == m.code()/>
                    {lang.t(delivery_msg(m))}
                </label>
            }
        })
        .collect_view();
    // An enterprise says what kind of body it is (the annual report's
    // columns); a citizen is a natural person.
    let kinds = d.enterprise.then(|| {
        let options = ApplicantKind::ALL
            .into_iter()
            .filter(|k| *k != ApplicantKind::NaturalPerson)
            .map(|k| view! { <option value=k.code() selected=kind == k.code()>{lang.t(applicant_kind_msg(k))}</option> })
            .collect_view();
        view! {
            <div class="field">
                <label for="applicant_kind">{lang.t(Msg::IrApplicantKind)}</label>
                <select id="applicant_kind" name="applicant_kind">{options}</select>
            </div>
        }
    });
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="about">{lang.t(Msg::IrNewAbout)}</p>
        {echo_error(lang)}
        <form method="get" action="/disclosure/requests/new" class="form-inline">
            <label for="region">{lang.t(Msg::IrRegionLabel)}</label>
            <select id="region" name="region">{regions}</select>
            <button type="submit">{lang.t(Msg::IrRegionChoose)}</button>
        </form>
        <form method="post" action="/disclosure/requests/new" class="form" novalidate=true>
            <input type="hidden" name="idempotency_key" value=key/>
            <div class="field">
                <label for="department">{format!("{}{}", lang.t(Msg::IrDepartmentLabel), bracketed(lang, &region_name))}</label>
                <select id="department" name="department" required=true>{departments}</select>
            </div>
            {kinds}
            <div class="field">
                <label for="description">{lang.t(Msg::IrDescription)}</label>
                <p class="hint" id="description-hint">{lang.t(Msg::IrDescriptionHint)}</p>
                <textarea id="description" name="description" rows="6" required=true
                    aria-describedby="description-hint">{echo_value("description")}</textarea>
            </div>
            <div class="field">
                <label for="purpose">{lang.t(Msg::IrPurpose)}</label>
                <p class="hint" id="purpose-hint">{lang.t(Msg::IrPurposeHint)}</p>
                <textarea id="purpose" name="purpose" rows="2" aria-describedby="purpose-hint">{echo_value("purpose")}</textarea>
            </div>
            <fieldset class="field">
                <legend>{lang.t(Msg::IrDelivery)}</legend>
                {deliveries}
            </fieldset>
            <button type="submit" class="primary">{lang.t(Msg::IrSubmit)}</button>
        </form>
    }
    .into_any()
}

/// The deadline as a date and the working days left (or overdue).
fn deadline(lang: Lang, due_on: &str, days_left: Option<i64>) -> String {
    let left = match days_left {
        Some(n) if n >= 0 => lang.fill(Msg::DaysLeft, &[("n", &n)]),
        Some(n) => lang.fill(Msg::DaysOverdue, &[("n", &-n)]),
        None => return due_on.to_string(),
    };
    format!("{due_on}{}", bracketed(lang, &left))
}

/// `text` in brackets, as each language writes them.
fn bracketed(lang: Lang, text: &str) -> String {
    lang.fill(Msg::Parenthesised, &[("text", &text)])
}

fn state_badge(lang: Lang, state: State, days_left: Option<i64>) -> impl IntoView {
    let class = match days_left {
        Some(n) if n < 0 => "urgency urgency-red",
        Some(n) if n <= 3 => "urgency urgency-yellow",
        _ => "urgency urgency-green",
    };
    view! { <span class=class>{lang.t(state_msg(state))}</span> }
}

fn rows_table(lang: Lang, caption: Msg, base: &str, rows: Vec<RequestRow>) -> AnyView {
    let cells = rows
        .into_iter()
        .map(|r| {
            let marks = [
                r.paused.then(|| lang.t(Msg::IrPaused).to_string()),
                r.extension_pending
                    .then(|| lang.t(Msg::IrExtensionWaiting).to_string()),
                r.outcome.map(|o| lang.t(outcome_msg(o)).to_string()),
            ]
            .into_iter()
            .flatten()
            .map(|m| view! { <br/><small>{m}</small> })
            .collect_view();
            view! {
                <tr>
                    <td data-label=lang.t(Msg::IrNumber)>
                        <a href=format!("{base}/{}", r.request_no)>{r.request_no.clone()}</a>
                    </td>
                    <td data-label=lang.t(Msg::IrSummary)>{r.summary.clone()}</td>
                    <td data-label=lang.t(Msg::IrDepartmentLabel)>{r.department.get(lang).to_string()}</td>
                    <td data-label=lang.t(Msg::IrReceivedOn)>{r.received_on.clone()}</td>
                    <td data-label=lang.t(Msg::IrDueOn)>{deadline(lang, &r.due_on, r.days_left)}</td>
                    <td data-label=lang.t(Msg::IrState)>{state_badge(lang, r.state, r.days_left)}{marks}</td>
                </tr>
            }
        })
        .collect_view();
    data_table(
        lang,
        caption,
        &[
            Msg::IrNumber,
            Msg::IrSummary,
            Msg::IrDepartmentLabel,
            Msg::IrReceivedOn,
            Msg::IrDueOn,
            Msg::IrState,
        ],
        cells,
    )
}

fn list_view(lang: Lang, caption: Msg, empty: Msg, base: &str, rows: Vec<RequestRow>) -> AnyView {
    if rows.is_empty() {
        view! { <p>{lang.t(empty)}</p> }.into_any()
    } else {
        rows_table(lang, caption, base, rows)
    }
}

/// `/me/information-requests`: the signed-in person's requests.
#[component]
pub fn MyInformationRequestsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::IrMineTitle);
    if let Err(refused) = signed_in_as(lang, title, "/me/information-requests", None) {
        return refused;
    }
    let data = Resource::new(|| (), |_| my_information_requests());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="account-links"><a href="/disclosure/requests/new">{lang.t(Msg::IrNewLink)}</a></p>
        <Loaded data view=move |rows| list_view(lang, Msg::IrMineTitle, Msg::IrMineEmpty, "/me/information-requests", rows)/>
    }
    .into_any()
}

/// `/staff/information-requests`: the department's open requests, due
/// soonest first.
#[component]
pub fn StaffInformationRequestsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::IrQueueTitle);
    if let Err(refused) = signed_in_as(
        lang,
        title,
        "/staff/information-requests",
        Some(AccountRole::Staff),
    ) {
        return refused;
    }
    let data = Resource::new(|| (), |_| staff_information_requests());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <Loaded data view=move |rows| list_view(lang, Msg::IrQueueTitle, Msg::IrQueueEmpty, "/staff/information-requests", rows)/>
    }
    .into_any()
}

/// `/me/information-requests/{no}`: the applicant's request.
#[component]
pub fn MyInformationRequestPage() -> impl IntoView {
    request_page("/me/information-requests", None)
}

/// `/staff/information-requests/{no}`: the office's request.
#[component]
pub fn StaffInformationRequestPage() -> impl IntoView {
    request_page("/staff/information-requests", Some(AccountRole::Staff))
}

fn request_page(base: &'static str, role: Option<AccountRole>) -> AnyView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::IrTitle);
    let params = use_params_map();
    let no = params.with_untracked(|p| p.get("no").unwrap_or_default());
    if let Err(refused) = signed_in_as(lang, title, &format!("{base}/{no}"), role) {
        return refused;
    }
    let submitted = use_query_map().with_untracked(|q| q.get("submitted").is_some());
    let data = Resource::new(
        move || params.with(|p| p.get("no").unwrap_or_default()),
        information_request_data,
    );
    view! {
        <Loaded data title not_found=Msg::IrNotFound view=move |v| request_view(lang, base, submitted, v)/>
    }
    .into_any()
}

fn request_view(lang: Lang, base: &str, submitted: bool, v: RequestView) -> impl IntoView {
    let title = format!(
        "{}{}{}",
        lang.t(Msg::IrTitle),
        lang.t(Msg::Colon),
        v.request_no
    );
    let opt = |label: Msg, value: Option<String>| value.map(|value| row(label, value, lang));
    let submitted = submitted.then(|| {
        let text = lang
            .t(Msg::IrSubmitted)
            .replace("{no}", &v.request_no)
            .replace("{date}", &v.due_on);
        view! { <p class="notice success" role="status">{text}</p> }
    });
    let due = if v.state.is_final() {
        v.due_on.clone()
    } else {
        deadline(lang, &v.due_on, v.days_left)
    };
    let due = match v.extension_days {
        Some(n) => format!("{due} · {}", lang.fill(Msg::IrExtended, &[("n", &n)])),
        None => due,
    };
    let events = v
        .events
        .iter()
        .map(|e| {
            view! {
                <li>
                    <span class="letter-event-at">{e.at.clone()}</span>" "
                    <strong>{lang.t(action_msg(&e.action))}</strong>" · "{lang.t(role_msg(&e.role))}
                    " → "{lang.t(state_msg(e.to_state))}
                    {e.note.clone().map(|n| view! { <p class="letter-note">{n}</p> })}
                </li>
            }
        })
        .collect_view();
    let answer = v.outcome.filter(|_| v.state == State::Answered).map(|o| {
        let review = lang
            .t(Msg::IrAppealReview)
            .replace("{date}", v.review_by.as_deref().unwrap_or_default());
        let lawsuit = lang
            .t(Msg::IrAppealLawsuit)
            .replace("{date}", v.lawsuit_by.as_deref().unwrap_or_default());
        view! {
            <section aria-labelledby="answer-h">
                <h2 id="answer-h">{lang.t(Msg::IrAnswerTitle)}</h2>
                <dl class="facts">
                    {row(Msg::IrOutcome, lang.t(outcome_msg(o)).to_string(), lang)}
                    {opt(Msg::IrWithheld, v.withheld.map(|w| lang.t(withheld_msg(w)).to_string()))}
                    {opt(Msg::IrHolderShown, v.holder.clone())}
                    {opt(Msg::IrAnsweredOn, v.answered_on.clone())}
                </dl>
                {v.answer.clone().map(|a| view! { <p class="letter-reply">{a}</p> })}
            </section>
            <section aria-labelledby="appeal-h">
                <h2 id="appeal-h">{lang.t(Msg::IrAppealTitle)}</h2>
                <p>{review}</p>
                <p>{lawsuit}</p>
            </section>
        }
    });
    let closed_outcome = v
        .outcome
        .filter(|_| v.state != State::Answered)
        .map(|o| row(Msg::IrOutcome, lang.t(outcome_msg(o)).to_string(), lang));
    let forms = (!v.offered.is_empty()).then(|| step_forms(lang, base, &v));
    // 依申请公开转主动公开: what others may need too, made a draft in one
    // click (for the department's editors), or the draft already made.
    let proactive = match (v.proactive, v.may_make_proactive) {
        (Some(id), _) => Some(
            view! {
                <p><a href=format!("/staff/documents/{id}")>{lang.t(Msg::IrProactiveMade)}</a></p>
            }
            .into_any(),
        ),
        (None, true) => Some(
            view! {
                <form method="post" action=format!("{base}/{}/document", v.request_no) class="form">
                    <p class="hint">{lang.t(Msg::IrProactiveHint)}</p>
                    <button type="submit">{lang.t(Msg::IrProactiveMake)}</button>
                </form>
            }
            .into_any(),
        ),
        _ => None,
    };
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        {submitted}
        {echo_error(lang)}
        <p>{state_badge(lang, v.state, v.days_left)}</p>
        <dl class="facts">
            {row(Msg::IrNumber, v.request_no.clone(), lang)}
            {row(Msg::IrDepartmentLabel, v.department.get(lang).to_string(), lang)}
            {row(Msg::IrApplicant, format!("{}{}", v.applicant, bracketed(lang, lang.t(applicant_kind_msg(v.applicant_kind)))), lang)}
            {row(Msg::IrReceivedOn, v.received_on.clone(), lang)}
            {row(Msg::IrDueOn, due, lang)}
            {v.paused.then(|| row(Msg::IrState, lang.t(Msg::IrPaused).to_string(), lang))}
            {opt(Msg::IrSupplementDue, v.supplement_due.clone().filter(|_| v.state == State::Supplementing))}
            {opt(Msg::IrConsultationDue, v.consultation_due.clone())}
            {v.extension_pending.map(|n| row(Msg::IrActAskExtension, lang.fill(Msg::IrExtensionPending, &[("n", &n)]), lang))}
            {row(Msg::IrDelivery, lang.t(delivery_msg(v.delivery)).to_string(), lang)}
            {closed_outcome}
        </dl>
        <section aria-labelledby="description-h">
            <h2 id="description-h">{lang.t(Msg::IrSummary)}</h2>
            <p class="letter-body">{v.description.clone()}</p>
            {v.purpose.clone().map(|p| view! { <p><strong>{lang.t(Msg::IrPurpose)}</strong>" "{p}</p> })}
        </section>
        {answer}
        {proactive}
        {forms}
        <section aria-labelledby="log-h">
            <h2 id="log-h">{lang.t(Msg::IrLog)}</h2>
            <ol class="letter-log">{events}</ol>
        </section>
    }
}

fn step_forms(lang: Lang, base: &str, v: &RequestView) -> AnyView {
    let action = format!("{base}/{}/steps", v.request_no);
    let forms = v
        .offered
        .iter()
        .map(|code| {
            let code = code.as_str();
            let id = |f: &str| format!("{code}-{f}");
            let text = |name: &'static str, label: Msg, rows: &'static str| {
                let fid = id(name);
                view! {
                    <div class="field">
                        <label for=fid.clone()>{lang.t(label)}</label>
                        <textarea id=fid name=name rows=rows required=true>{echo_value(name)}</textarea>
                    </div>
                }
                .into_any()
            };
            let fields = match code {
                "ask_supplement" => text("what", Msg::IrWhat, "3"),
                "supplement" => text("text", Msg::IrSupplementText, "4"),
                "consult" => {
                    let fid = id("party");
                    view! {
                        <div class="field">
                            <label for=fid.clone()>{lang.t(Msg::IrParty)}</label>
                            <input type="text" id=fid name="party" maxlength="200" required=true/>
                        </div>
                    }
                    .into_any()
                }
                "end_consultation" => text("note", Msg::IrNote, "3"),
                "ask_extension" => {
                    let did = id("days");
                    view! {
                        <div class="field">
                            <label for=did.clone()>{lang.t(Msg::IrDays)}</label>
                            <input type="number" id=did name="days" min="1"
                                max=MAX_EXTENSION_DAYS.to_string() value="20"/>
                        </div>
                        {text("reason", Msg::IrNote, "3")}
                    }
                    .into_any()
                }
                "refuse_extension" => text("reason", Msg::IrNote, "3"),
                "answer" => answer_fields(lang, code),
                _ => ().into_any(),
            };
            view! {
                <form method="post" action=action.clone() class="form letter-step">
                    <input type="hidden" name="action" value=code/>
                    {fields}
                    <button type="submit">{lang.t(action_msg(code))}</button>
                </form>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="steps-h" class="letter-steps">
            <h2 id="steps-h">{lang.t(Msg::IrActions)}</h2>
            {forms}
        </section>
    }
    .into_any()
}

fn answer_fields(lang: Lang, code: &str) -> AnyView {
    let id = |f: &str| format!("{code}-{f}");
    let chosen = echo_value("outcome");
    let outcomes = Outcome::ALL
        .into_iter()
        .filter(|o| o.answerable())
        .map(|o| view! { <option value=o.code() selected=chosen == o.code()>{lang.t(outcome_msg(o))}</option> })
        .collect_view();
    let reason = echo_value("withheld");
    let reasons = Withheld::ALL
        .into_iter()
        .map(|w| view! { <option value=w.code() selected=reason == w.code()>{lang.t(withheld_msg(w))}</option> })
        .collect_view();
    let (oid, wid, hid, tid) = (id("outcome"), id("withheld"), id("holder"), id("text"));
    view! {
        <div class="field">
            <label for=oid.clone()>{lang.t(Msg::IrOutcome)}</label>
            <select id=oid name="outcome">{outcomes}</select>
        </div>
        <div class="field">
            <label for=wid.clone()>{lang.t(Msg::IrWithheld)}</label>
            <p class="hint" id=format!("{wid}-hint")>{lang.t(Msg::IrWithheldNone)}</p>
            <select id=wid.clone() name="withheld" aria-describedby=format!("{wid}-hint")>
                <option value="">"—"</option>
                {reasons}
            </select>
        </div>
        <div class="field">
            <label for=hid.clone()>{lang.t(Msg::IrHolder)}</label>
            <input type="text" id=hid name="holder" maxlength="100" value=echo_value("holder")/>
        </div>
        <div class="field">
            <label for=tid.clone()>{lang.t(Msg::IrAnswerText)}</label>
            <textarea id=tid name="text" rows="6" required=true>{echo_value("text")}</textarea>
        </div>
    }
    .into_any()
}
