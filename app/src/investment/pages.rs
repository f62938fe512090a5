//! The investment pages: the channel (`/investment`), registering a project
//! (`/investment/register`), a project's public status and receipt
//! (`/investment/projects/{code}`, looked up by `/investment/status?code=`),
//! my projects (`/me/projects`) and the statistics (`/investment/stats`).
//! Plain HTML that works without JavaScript; the registration form posts
//! to the server's `POST /investment/projects`.

use super::{
    views::{ProjectStatus, StageAverage, StageState, StageStatus, StageStep},
    DaysUsed, Industry, InvestmentProblem, ProjectKind, RawProject, Stage,
};
use crate::{
    error::{set_response_status, AppError},
    i18n::{Lang, Msg},
    ui::{region_options, row, signed_in_as, use_prefs, Breadcrumbs, Channel, Loaded, LoadedList},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// A registration sent back refused: the problem, what was typed, and the
/// key to keep (a corrected resubmission is still one project).
#[derive(Debug, Clone)]
pub struct RegisterEcho {
    pub error: AppError,
    pub raw: RawProject,
    pub idempotency_key: Option<String>,
}

/// What the registration form needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterPageData {
    /// Only enterprises register projects.
    pub may_register: bool,
    pub regions: crate::regions::RegionChoices,
    pub idempotency_key: String,
}

#[server(prefix = "/sfn", endpoint = "investment_register_data")]
pub async fn investment_register_data() -> Result<RegisterPageData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let all = crate::regions::store::all(&state.pool).await?;
    Ok(RegisterPageData {
        may_register: me.role == crate::accounts::Role::Enterprise,
        regions: crate::regions::RegionChoices::of(&all),
        idempotency_key: uuid::Uuid::new_v4().to_string(),
    })
}

/// A project's page: its public status; whether the viewer owns it (the
/// way to apply for its open stage); with `receipt`, its address and the
/// QR code of it as SVG, made here on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectPageData {
    pub status: ProjectStatus,
    pub mine: bool,
    /// (address, SVG).
    pub qr: Option<(String, String)>,
}

#[server(prefix = "/sfn", endpoint = "investment_project")]
pub async fn investment_project(code: String, receipt: bool) -> Result<ProjectPageData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let code = super::ProjectCode::parse(&code)?;
    let cal = crate::clock::store::load(&state.pool).await?;
    let today = state.now.today();
    let status = super::store::status(&state.pool, &cal, &code, today).await?;
    let mine = match crate::accounts::current_user() {
        Some(me) => super::store::owns(&state.pool, &me, &code).await?,
        None => false,
    };
    let qr = if receipt {
        let url = format!(
            "{}/investment/projects/{}",
            crate::ui::qr::origin(state.secure_cookies),
            status.code.as_str()
        );
        Some((url.clone(), crate::ui::qr::svg(&url)?))
    } else {
        None
    };
    Ok(ProjectPageData { status, mine, qr })
}

#[server(prefix = "/sfn", endpoint = "investment_mine")]
pub async fn investment_mine() -> Result<Vec<ProjectStatus>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let cal = crate::clock::store::load(&state.pool).await?;
    super::store::my_projects(
        &state.pool,
        &cal,
        &me,
        state.now.today(),
        super::store::MY_PROJECTS,
    )
    .await
}

#[server(prefix = "/sfn", endpoint = "investment_stats")]
pub async fn investment_stats() -> Result<Vec<StageAverage>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let cal = crate::clock::store::load(&state.pool).await?;
    super::store::stage_averages(&state.pool, &cal).await
}

fn investment_crumbs(lang: Lang, page: Option<(String, &str)>) -> impl IntoView {
    let mut trail = vec![(
        Channel::Investment.path().to_string(),
        lang.t(Channel::Investment.title()).to_string(),
    )];
    if let Some((href, title)) = page {
        trail.push((href, title.to_string()));
    }
    view! { <Breadcrumbs trail/> }
}

/// What each stage holds, in a sentence.
fn stage_contains(stage: Stage) -> Msg {
    match stage {
        Stage::LandPlanning => Msg::InvStage1About,
        Stage::WorksPermit => Msg::InvStage2About,
        Stage::ConstructionPermit => Msg::InvStage3About,
        Stage::Acceptance => Msg::InvStage4About,
    }
}

/// `/investment`: the channel — what investment approval is here, the ways
/// in (register, my projects, look up a code), the stages and the
/// statistics.
#[component]
pub fn InvestmentPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Channel::Investment.title());
    // A stage found in search or the catalog (`?stage=N`): how it is applied for.
    let found = use_query_map()
        .with_untracked(|q| q.get("stage"))
        .and_then(|n| n.trim().parse::<i16>().ok())
        .and_then(Stage::from_number)
        .map(|s| {
            view! {
                <section class="notice" role="status" aria-labelledby="inv-found-h">
                    <h2 id="inv-found-h">{s.label(lang)}</h2>
                    <p>{lang.fill(Msg::InvStageFound, &[("stage", &s.label(lang))])}</p>
                    <ul>
                        <li><a href="/investment/register">{lang.t(Msg::InvStageHowNew)}</a></li>
                        <li><a href="/me/projects">{lang.t(Msg::InvStageHowMine)}</a></li>
                    </ul>
                </section>
            }
        });
    let stages = Stage::ALL
        .into_iter()
        .map(|s| {
            view! {
                <li id=format!("inv-stage-{}", s.number())>
                    <h3>{s.label(lang)}</h3>
                    <p>{lang.t(stage_contains(s))}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text=title/>
        {investment_crumbs(lang, None)}
        <h1>{title}</h1>
        {found}
        <p class="about">{lang.t(Channel::Investment.about())}</p>
        <ul class="inv-facts">
            <li>{lang.t(Msg::InvAboutParallel)}</li>
            <li>{lang.t(Msg::InvAboutTarget)}</li>
            <li>{lang.t(Msg::InvAboutJoint)}</li>
            <li>
                {lang.t(Msg::InvAboutIntermediaries)} " "
                <a href="/intermediaries">{lang.t(Msg::InvIntermediaries)}</a>
            </li>
        </ul>
        <p class="inv-actions">
            <a class="action primary" href="/investment/register">{lang.t(Msg::InvRegisterTitle)}</a>
            <a class="action" href="/me/projects">{lang.t(Msg::InvMineTitle)}</a>
        </p>
        <section aria-labelledby="inv-lookup-h">
            <h2 id="inv-lookup-h">{lang.t(Msg::InvLookupTitle)}</h2>
            <form method="get" action="/investment/status" class="form inv-lookup">
                <div class="field">
                    <label for="inv-code">{lang.t(Msg::InvCode)}</label>
                    <p class="hint" id="inv-code-hint">{lang.t(Msg::InvLookupHint)}</p>
                    <input type="text" id="inv-code" name="code" autocomplete="off" required=true
                        aria-describedby="inv-code-hint"/>
                </div>
                <button type="submit" class="primary">{lang.t(Msg::InvLookupSubmit)}</button>
            </form>
        </section>
        <section aria-labelledby="inv-stages-h">
            <h2 id="inv-stages-h">{lang.t(Msg::InvStagesTitle)}</h2>
            <ol class="inv-stage-list">{stages}</ol>
        </section>
        <p><a href="/investment/stats">{lang.t(Msg::InvStatsTitle)}</a></p>
    }
}

/// `/investment/status?code=CODE`: the lookup form's answer — to the
/// project's page when the code is one, else the code's problem.
#[component]
pub fn ProjectLookupPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::InvLookupTitle);
    let code = use_query_map().with_untracked(|q| q.get("code").unwrap_or_default());
    let problem = match super::ProjectCode::parse(&code) {
        Ok(code) => {
            let href = format!("/investment/projects/{}", code.as_str());
            crate::error::redirect_page(&href);
            return view! {
                <Title text=title/>
                <h1>{title}</h1>
                <p><a href=href>{lang.t(Msg::InvProjectTitle)}</a></p>
            }
            .into_any();
        }
        Err(detail) => InvestmentProblem::BadCode { detail },
    };
    set_response_status(400);
    view! {
        <Title text=title/>
        {investment_crumbs(lang, Some(("/investment/status".into(), title)))}
        <h1>{title}</h1>
        <p class="notice" role="alert">{problem.text().get(lang).to_string()}</p>
        <form method="get" action="/investment/status" class="form inv-lookup">
            <div class="field">
                <label for="inv-code">{lang.t(Msg::InvCode)}</label>
                <p class="hint" id="inv-code-hint">{lang.t(Msg::InvLookupHint)}</p>
                <input type="text" id="inv-code" name="code" value=code autocomplete="off" required=true
                    aria-invalid="true" aria-describedby="inv-code-hint"/>
            </div>
            <button type="submit" class="primary">{lang.t(Msg::InvLookupSubmit)}</button>
        </form>
    }
    .into_any()
}

/// `/investment/register`: the registration form (赋码登记), for signed-in
/// enterprise accounts; a refused post comes back with what was typed and
/// each problem at its field.
#[component]
pub fn RegisterProjectPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::InvRegisterTitle);
    if let Err(refused) = signed_in_as(lang, title, "/investment/register", None) {
        return refused;
    }
    let echo = use_context::<RegisterEcho>();
    let data = Resource::new(|| (), |_| investment_register_data());
    view! {
        <Loaded data title view=move |d| register_view(lang, d, echo.clone())/>
    }
    .into_any()
}

fn register_view(lang: Lang, d: RegisterPageData, echo: Option<RegisterEcho>) -> AnyView {
    let title = lang.t(Msg::InvRegisterTitle);
    let head = view! {
        <Title text=title/>
        {investment_crumbs(lang, Some(("/investment/register".into(), title)))}
        <h1>{title}</h1>
    };
    if !d.may_register {
        set_response_status(403);
        return view! { {head} <p class="notice" role="alert">{lang.t(Msg::InvEnterpriseOnly)}</p> }
            .into_any();
    }
    let raw = echo.as_ref().map(|e| e.raw.clone()).unwrap_or_default();
    let key = echo
        .as_ref()
        .and_then(|e| e.idempotency_key.clone())
        .unwrap_or(d.idempotency_key.clone());
    let fields = match echo.as_ref().map(|e| &e.error) {
        Some(AppError::InvalidFields { fields }) => fields.clone(),
        _ => Vec::new(),
    };
    let problem = |key: &str| {
        fields
            .iter()
            .find(|f| f.field == key)
            .map(|f| f.text.get(lang).to_string())
    };
    let summary = echo.as_ref().map(|e| {
        set_response_status(e.error.status());
        let general = fields
            .is_empty()
            .then(|| view! { <p>{e.error.message(lang)}</p> });
        let items = (!fields.is_empty()).then(|| {
            let items = fields
                .iter()
                .map(|f| {
                    let href = format!("#inv-{}", f.field);
                    view! { <li><a href=href>{f.text.get(lang).to_string()}</a></li> }
                })
                .collect_view();
            view! { <p>{lang.t(Msg::ErrInvalidFields)}</p><ul>{items}</ul> }
        });
        view! {
            <div class="notice error-summary" role="alert" tabindex="-1" autofocus=true>
                <h2 class="error-summary-title">{lang.t(Msg::ErrorSummaryTitle)}</h2>
                {general}
                {items}
            </div>
        }
    });
    let kinds = ProjectKind::ALL
        .into_iter()
        .map(|k| (k.code().to_string(), k.label(lang).to_string()))
        .collect::<Vec<_>>();
    let industries = Industry::ALL
        .into_iter()
        .map(|i| (i.code().to_string(), i.label(lang).to_string()))
        .collect::<Vec<_>>();
    let region_options = region_options(lang, &d.regions, &raw.region);
    let form = view! {
        <form method="post" action="/investment/projects" class="form inv-register" novalidate=true>
            <input type="hidden" name="idempotency_key" value=key/>
            {text_field(lang, "name", Msg::InvFieldName, None, &raw.name, problem("name"))}
            {select_field(lang, "kind", Msg::InvFieldKind, &kinds, &raw.kind, problem("kind"))}
            {select_field(lang, "industry", Msg::InvFieldIndustry, &industries, &raw.industry, problem("industry"))}
            <div class="field" class:invalid=problem("region").is_some()>
                <label for="inv-region">{lang.t(Msg::InvFieldRegion)}</label>
                <select id="inv-region" name="region" required=true
                    aria-invalid=problem("region").map(|_| "true") aria-describedby="inv-region-error">
                    {region_options}
                </select>
                {field_error_view("region", problem("region"))}
            </div>
            {text_field(lang, "total_investment", Msg::InvFieldInvestment, Some(Msg::InvFieldAmountHint), &raw.total_investment, problem("total_investment"))}
            {text_field(lang, "land_area", Msg::InvFieldLand, Some(Msg::InvFieldLandHint), &raw.land_area, problem("land_area"))}
            <div class="field" class:invalid=problem("scope").is_some()>
                <label for="inv-scope">{lang.t(Msg::InvFieldScope)}</label>
                <textarea id="inv-scope" name="scope" rows="4" required=true
                    aria-invalid=problem("scope").map(|_| "true") aria-describedby="inv-scope-error">
                    {raw.scope.clone()}
                </textarea>
                {field_error_view("scope", problem("scope"))}
            </div>
            <button type="submit" class="primary">{lang.t(Msg::InvRegisterSubmit)}</button>
        </form>
    };
    view! {
        {head}
        {summary}
        <p class="about">{lang.t(Msg::InvRegisterAbout)}</p>
        {form}
    }
    .into_any()
}

fn field_error_view(key: &str, error: Option<String>) -> impl IntoView {
    let hidden = error.is_none();
    view! {
        <p class="field-error" id=format!("inv-{key}-error") role="alert" hidden=hidden>
            {error.unwrap_or_default()}
        </p>
    }
}

fn text_field(
    lang: Lang,
    key: &'static str,
    label: Msg,
    hint: Option<Msg>,
    value: &str,
    error: Option<String>,
) -> impl IntoView {
    let id = format!("inv-{key}");
    let described = match hint {
        Some(_) => format!("inv-{key}-error inv-{key}-hint"),
        None => format!("inv-{key}-error"),
    };
    let numeric = key != "name";
    let invalid = error.is_some();
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id.clone()>{lang.t(label)}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("inv-{key}-hint")>{lang.t(h)}</p> })}
            <input type="text" id=id name=key value=value.to_string()
                inputmode=numeric.then_some("decimal") autocomplete="off"
                required=key != "land_area"
                aria-invalid=invalid.then_some("true") aria-describedby=described/>
            {field_error_view(key, error)}
        </div>
    }
}

fn select_field(
    lang: Lang,
    key: &'static str,
    label: Msg,
    options: &[(String, String)],
    current: &str,
    error: Option<String>,
) -> impl IntoView {
    let id = format!("inv-{key}");
    let invalid = error.is_some();
    let options = options
        .iter()
        .map(|(code, name)| {
            let selected = code == current.trim();
            view! { <option value=code.clone() selected=selected>{name.clone()}</option> }
        })
        .collect_view();
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id.clone()>{lang.t(label)}</label>
            <select id=id name=key required=true aria-invalid=invalid.then_some("true")
                aria-describedby=format!("inv-{key}-error")>
                <option value="">{lang.t(Msg::AddressChoose)}</option>
                {options}
            </select>
            {field_error_view(key, error)}
        </div>
    }
}

/// `/investment/projects/{code}`: the project's public status; with
/// `?registered=1`, its registration receipt on top.
#[component]
pub fn ProjectPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::InvProjectTitle);
    let params = use_params_map();
    let receipt = use_query_map().with_untracked(|q| q.get("registered").as_deref() == Some("1"));
    let data = Resource::new(
        move || params.with(|p| p.get("code").unwrap_or_default()),
        move |code| investment_project(code, receipt),
    );
    view! {
        <Loaded data title not_found=Msg::InvNotFound view=move |d| project_view(lang, d)/>
    }
}

fn project_view(lang: Lang, d: ProjectPageData) -> impl IntoView {
    let title = lang.t(Msg::InvProjectTitle);
    let p = d.status;
    let href = format!("/investment/projects/{}", p.code.as_str());
    let receipt = d.qr.map(|(url, svg)| {
        view! {
            <section class="success-panel inv-receipt" aria-labelledby="inv-receipt-h">
                <h2 id="inv-receipt-h">{lang.t(Msg::InvReceiptTitle)}</h2>
                <p class="inv-code">{p.code.as_str().to_string()}</p>
                <p>{lang.t(Msg::InvReceiptAbout)}</p>
                <figure class="receipt-qr">
                    <div class="qr" role="img" aria-label=lang.t(Msg::InvReceiptQr) inner_html=svg></div>
                    <figcaption>{lang.t(Msg::InvReceiptQr)} " " <a href=url.clone()>{url.clone()}</a></figcaption>
                </figure>
                <crate::applications::after::PrintButton lang=lang/>
            </section>
        }
    });
    view! {
        <Title text=format!("{title} {}", p.code.as_str())/>
        {investment_crumbs(lang, Some((href, title)))}
        <h1>{p.name.clone()}</h1>
        {receipt}
        <dl class="facts">
            {row(Msg::InvCode, p.code.as_str().to_string(), lang)}
            {row(Msg::InvFieldKind, p.kind.label(lang).to_string(), lang)}
            {row(Msg::InvFieldIndustry, p.industry.label(lang).to_string(), lang)}
            {row(Msg::InvFieldRegion, p.region.get(lang).to_string(), lang)}
            {row(Msg::InvTotalInvestment, lang.fill(Msg::InvAmountWan, &[("amount", &p.total_investment)]), lang)}
            {row(Msg::InvRegisteredOn, p.registered_on.clone(), lang)}
        </dl>
        <h2>{lang.t(Msg::InvTimeline)}</h2>
        <ProjectTimeline status=p owner=d.mine/>
    }
}

/// Working days used against a limit: the words, and a meter beside them.
fn days_view(lang: Lang, days: DaysUsed) -> impl IntoView {
    let text = lang.fill(
        Msg::InvDaysUsed,
        &[("used", &days.used), ("n", &days.limit)],
    );
    view! {
        <span class="inv-days" class:over=days.over()>
            <meter min="0" max=days.limit.max(1).to_string() value=days.used.to_string()
                high=days.limit.max(1).to_string() aria-hidden="true"></meter>
            " " {text}
            {days.over().then(|| view! { " " <span class="inv-tag late">{lang.t(Msg::InvOverLimit)}</span> })}
        </span>
    }
}

fn stage_state_label(lang: Lang, state: StageState) -> &'static str {
    lang.t(match state {
        StageState::NotYet => Msg::InvStateNotYet,
        StageState::Open => Msg::InvStateOpen,
        StageState::InReview => Msg::InvStateInReview,
        StageState::WaitingForApplicant => Msg::InvStateWaiting,
        StageState::Completed => Msg::InvStateCompleted,
        StageState::Rejected => Msg::InvStateRejected,
    })
}

fn stage_class(state: StageState) -> &'static str {
    match state {
        StageState::NotYet => "inv-stage not-yet",
        StageState::Open => "inv-stage open",
        StageState::InReview => "inv-stage in-review",
        StageState::WaitingForApplicant => "inv-stage waiting",
        StageState::Completed => "inv-stage completed",
        StageState::Rejected => "inv-stage rejected",
    }
}

fn step_view(lang: Lang, s: &StageStep) -> impl IntoView {
    let dates = [
        (Msg::InvStartedOn, &s.started_on),
        (Msg::CaseStepDue, &s.due_on),
        (Msg::InvFinishedOn, &s.finished_on),
    ]
    .into_iter()
    .filter_map(|(m, d)| {
        d.clone()
            .map(|d| format!("{}{}{d}", lang.t(m), lang.t(Msg::Colon)))
    })
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <li class=s.state.class_on(s.late)>
            <h4>{s.name.get(lang).to_string()}</h4>
            <p>{s.department.get(lang).to_string()}</p>
            <p class="step-state">
                {s.state.label_on(s.late, lang)}
                {s.late.then(|| view! { " " <span class="inv-tag late">{lang.t(Msg::StatusOverdue)}</span> })}
            </p>
            {(!dates.is_empty()).then(|| view! { <p>{dates}</p> })}
            <p>{days_view(lang, s.days)}</p>
        </li>
    }
}

fn stage_view(lang: Lang, code: &str, s: StageStatus, owner: bool) -> impl IntoView {
    let id = format!("inv-stage-{}", s.stage.number());
    let apply = (owner && s.state == StageState::Open)
        .then_some(s.bundle.clone())
        .flatten()
        .map(|bundle| {
            let href = format!("/apply?bundle={bundle}&project={code}");
            view! { <p><a class="action primary" href=href>{lang.t(Msg::InvApplyStage)}</a></p> }
        });
    let facts = [
        s.case_no.clone().map(|c| (Msg::CaseNumber, c)),
        s.accepted_on.clone().map(|d| (Msg::CaseAccepted, d)),
        s.finished_on.clone().map(|d| (Msg::InvFinishedOn, d)),
    ]
    .into_iter()
    .flatten()
    .map(|(m, v)| row(m, v, lang))
    .collect_view();
    let steps = (!s.steps.is_empty()).then(|| {
        let steps = s.steps.iter().map(|st| step_view(lang, st)).collect_view();
        view! {
            <h4 class="sr-only">{lang.t(Msg::InvStepsTitle)}</h4>
            <ul class="steps-grid inv-steps" aria-label=lang.t(Msg::InvStepsTitle)>{steps}</ul>
        }
    });
    let permits = (!s.permits.is_empty()).then(|| {
        let names = s
            .permits
            .iter()
            .map(|p| view! { <li>{p.get(lang).to_string()}</li> })
            .collect_view();
        view! {
            <p class="inv-permits-h"><strong>{lang.t(Msg::InvPermits)}</strong></p>
            <ul class="inv-permits">{names}</ul>
        }
    });
    let labelled = id.clone();
    view! {
        <li class=stage_class(s.state) aria-labelledby=labelled>
            <h3 id=id>{s.stage.label(lang)}</h3>
            <p class="inv-state">{stage_state_label(lang, s.state)}</p>
            {s.days.map(|d| view! { <p>{lang.t(Msg::InvTimeUsed)}{lang.t(Msg::Colon)}{days_view(lang, d)}</p> })}
            <dl class="facts">{facts}</dl>
            {apply}
            {steps}
            {permits}
        </li>
    }
}

/// A project's whole timeline: the days against the target, then each
/// stage with its departments' steps and permits. The project's page and
/// my projects show the same.
#[component]
pub fn ProjectTimeline(status: ProjectStatus, owner: bool) -> impl IntoView {
    let lang = use_prefs().lang;
    let code = status.code.as_str().to_string();
    let stages = status
        .stages
        .into_iter()
        .map(|s| stage_view(lang, &code, s, owner))
        .collect_view();
    let helpers = (!status.intermediaries.is_empty()).then(|| {
        let items = status
            .intermediaries
            .iter()
            .map(|h| {
                let days = DaysUsed {
                    used: h.used_days,
                    limit: h.promised_days,
                };
                view! {
                    <li class="step">
                        <h4><a href=format!("/purchases/{}", h.purchase_no)>{h.service_name.get(lang).to_string()}</a></h4>
                        <p>{h.intermediary.get(lang).to_string()} " · " {h.state.label(lang)}</p>
                        <p>{days_view(lang, days)}
                            {h.late.then(|| view! { " " <span class="inv-tag late">{lang.t(Msg::StatusOverdue)}</span> })}</p>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="inv-helpers-h">
                <h3 id="inv-helpers-h">{lang.t(Msg::InvHelpersHeading)}</h3>
                <p>{lang.t(Msg::InvIntermediariesNote)}</p>
                <ul class="inv-steps">{items}</ul>
            </section>
        }
    });
    view! {
        <p class="inv-total">
            <strong>{lang.t(Msg::InvWholeProject)}{lang.t(Msg::Colon)}</strong>
            {days_view(lang, status.days)}
        </p>
        <ol class="inv-stages">{stages}</ol>
        {helpers}
    }
}

/// `/me/projects`: the signed-in enterprise's projects, each with where it
/// is and its whole timeline.
#[component]
pub fn MyProjectsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::InvMineTitle);
    if let Err(refused) = signed_in_as(lang, title, "/me/projects", None) {
        return refused;
    }
    let data = Resource::new(|| (), |_| investment_mine());
    view! {
        <Title text=title/>
        <Breadcrumbs trail=vec![
            ("/me".to_string(), lang.t(Msg::MySpaceTitle).to_string()),
            ("/me/projects".to_string(), title.to_string()),
        ]/>
        <h1>{title}</h1>
        <p><a class="action primary" href="/investment/register">{lang.t(Msg::InvRegisterTitle)}</a></p>
        <LoadedList data empty=Msg::InvMineEmpty view=move |list| my_projects_view(lang, list)/>
    }
    .into_any()
}

fn my_projects_view(lang: Lang, list: Vec<ProjectStatus>) -> impl IntoView {
    list.into_iter()
        .map(|p| {
            let line = p.line();
            let href = format!("/investment/projects/{}", line.code.as_str());
            let id = format!("inv-p-{}", line.code.as_str());
            let current = match (line.current, line.current_state) {
                (Some(stage), Some(state)) => format!(
                    "{}{}{}",
                    stage.label(lang),
                    lang.t(Msg::Colon),
                    stage_state_label(lang, state)
                ),
                _ => lang.t(Msg::InvAllDone).to_string(),
            };
            let labelled = id.clone();
            view! {
                <section class="space-section inv-project" aria-labelledby=labelled>
                    <h2 id=id><a href=href>{line.name.clone()}</a></h2>
                    <dl class="facts">
                        {row(Msg::InvCode, line.code.as_str().to_string(), lang)}
                        {row(Msg::InvFieldKind, line.kind.label(lang).to_string(), lang)}
                        {row(Msg::InvRegisteredOn, line.registered_on.clone(), lang)}
                        {row(Msg::InvCurrentStage, current, lang)}
                    </dl>
                    <details class="inv-timeline">
                        <summary>{lang.t(Msg::InvTimeline)}</summary>
                        <ProjectTimeline status=p owner=true/>
                    </details>
                </section>
            }
        })
        .collect_view()
}

/// `/investment/stats`: the average working days of completed stages per
/// city, stage and kind.
#[component]
pub fn InvestmentStatsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::InvStatsTitle);
    let data = Resource::new(|| (), |_| investment_stats());
    view! {
        <Title text=title/>
        {investment_crumbs(lang, Some(("/investment/stats".into(), title)))}
        <h1>{title}</h1>
        <p class="about">{lang.t(Msg::InvStatsAbout)}</p>
        <LoadedList data empty=Msg::InvStatsEmpty view=move |list| stats_table(lang, list)/>
        <p><a class="action" href="/api/v1/stats/investment.csv" data-reload="">{lang.t(Msg::InvStatsCsv)}</a></p>
    }
}

fn stats_table(lang: Lang, list: Vec<StageAverage>) -> impl IntoView {
    let rows = list
        .into_iter()
        .map(|a| {
            view! {
                <tr>
                    <th scope="row" data-label=lang.t(Msg::InvStatsCity)>{a.city.get(lang).to_string()}</th>
                    <td data-label=lang.t(Msg::InvStatsStage)>{a.stage.label(lang)}</td>
                    <td data-label=lang.t(Msg::InvFieldKind)>{a.kind.label(lang)}</td>
                    <td data-label=lang.t(Msg::InvStatsCount)>{a.stages_completed}</td>
                    <td data-label=lang.t(Msg::InvStatsAverage)>{format!("{:.1}", a.average_days)}</td>
                </tr>
            }
        })
        .collect_view();
    crate::ui::data_table(
        lang,
        Msg::InvStatsTitle,
        &[
            Msg::InvStatsCity,
            Msg::InvStatsStage,
            Msg::InvFieldKind,
            Msg::InvStatsCount,
            Msg::InvStatsAverage,
        ],
        rows,
    )
}
