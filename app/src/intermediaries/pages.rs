//! The marketplace's pages — server-rendered, plain HTML forms that work
//! without JavaScript: `/intermediaries[?service=…]` (the board by service
//! type, ranked fairly, and the form to post a purchase for a project's
//! owner), `/intermediaries/{id}` (an intermediary: qualifications,
//! ratings, purchases) and `/purchases/{no}` (a purchase: registrants, the
//! draw with its seed and how to recompute it, the work step, the owner's
//! rating) and `/me/intermediary` (an enterprise registers its
//! organisation as an intermediary, then adds or renews its
//! qualifications).

use super::{
    Grade, IntermediaryView, MyProject, PurchaseLine, PurchaseView, QualificationView, ServiceType,
    State, DIMENSIONS, DIMENSION_FIELDS, MAX_DEADLINE_DAYS,
};
use crate::{
    error::{set_response_status, AppError},
    i18n::{Lang, Msg},
    ratings::{Stars, PRIOR_STARS, PRIOR_WEIGHT},
    regions::RegionChoices,
    ui::{region_options, row, signed_in_as, use_prefs, working_days, Loaded},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// What the marketplace page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketPageData {
    pub service: Option<ServiceType>,
    pub lines: Vec<IntermediaryView>,
    /// The signed-in viewer's projects (the purchase form is theirs).
    pub projects: Vec<MyProject>,
    pub idempotency_key: String,
}

#[server(prefix = "/sfn", endpoint = "market_data")]
pub async fn market_data(service: Option<String>) -> Result<MarketPageData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let service = match service.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(ServiceType::parse(s).ok_or(AppError::InvalidParameter {
            name: "service".into(),
        })?),
    };
    let today = state.now.today();
    let projects = match crate::accounts::current_user() {
        Some(me) => super::store::my_projects(&state.pool, &me).await?,
        None => Vec::new(),
    };
    Ok(MarketPageData {
        service,
        lines: super::store::list(&state.pool, service, today).await?,
        projects,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
    })
}

/// An intermediary and the purchases it was chosen for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntermediaryPageData {
    pub intermediary: IntermediaryView,
    pub purchases: Vec<PurchaseLine>,
}

#[server(prefix = "/sfn", endpoint = "intermediary_data")]
pub async fn intermediary_data(id: i64) -> Result<IntermediaryPageData, AppError> {
    let state = crate::state::AppState::from_context()?;
    Ok(IntermediaryPageData {
        intermediary: super::store::one(&state.pool, id, state.now.today()).await?,
        purchases: super::store::purchases_of(&state.pool, id).await?,
    })
}

#[server(prefix = "/sfn", endpoint = "purchase_data")]
pub async fn purchase_data(no: String) -> Result<PurchaseView, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user();
    super::store::get(&state.pool, me.as_ref(), &no, state.now.today()).await
}

/// A marketplace form sent back refused: the problem and what was typed.
#[derive(Debug, Clone)]
pub struct MarketEcho {
    pub error: AppError,
    pub values: Vec<(String, String)>,
}

impl MarketEcho {
    fn value(&self, name: &str) -> Option<String> {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
}

/// The refusal above a form: its message and each refused field's.
fn refusal_view(lang: Lang, echo: &Option<MarketEcho>) -> Option<AnyView> {
    let echo = echo.as_ref()?;
    let fields = match &echo.error {
        AppError::InvalidFields { fields } => fields.clone(),
        _ => Vec::new(),
    };
    Some(
        view! {
            <div class="error-summary" role="alert" tabindex="-1">
                <p>{echo.error.message(lang)}</p>
                {(!fields.is_empty()).then(|| view! {
                    <ul>
                        {fields.into_iter().map(|f| view! {
                            <li><a href=format!("#mkt-{}", plain_field(&f.field).replace(['[', ']', '.'], "-"))>{f.text.get(lang).to_string()}</a></li>
                        }).collect_view()}
                    </ul>
                })}
            </div>
        }
        .into_any(),
    )
}

/// The input a refused field is at: a registration's first
/// qualification's fields are the form's plain `service`, `grade`…
fn plain_field(field: &str) -> &str {
    field.strip_prefix("qualifications[0].").unwrap_or(field)
}

fn dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "—".into())
}

/// `/intermediaries[?service=…]`: the board by service type.
#[component]
pub fn MarketPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::MktTitle);
    let service = use_query_map().with_untracked(|q| q.get("service"));
    let echo = use_context::<MarketEcho>();
    let data = Resource::new(move || service.clone(), market_data);
    let formula = lang.fill(
        Msg::BoardFormulaText,
        &[
            ("w", &format!("{PRIOR_WEIGHT:.0}")),
            ("s", &format!("{PRIOR_STARS:.0}")),
        ],
    );
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="about">{lang.t(Msg::MktAbout)}</p>
        <p><a href="/me/intermediary">{lang.t(Msg::MktJoinLink)}</a></p>
        <Loaded data title view=move |d| market_view(lang, d, formula.clone(), echo.clone())/>
    }
}

fn market_view(
    lang: Lang,
    d: MarketPageData,
    formula: String,
    echo: Option<MarketEcho>,
) -> impl IntoView {
    let options = ServiceType::ALL
        .into_iter()
        .map(|t| view! { <option value=t.code() selected=d.service == Some(t)>{t.label(lang)}</option> })
        .collect_view();
    let body = d
        .lines
        .iter()
        .map(|i| {
            let b = &i.board;
            let quals = i
                .qualifications
                .iter()
                .filter(|q| q.valid && d.service.is_none_or(|s| s == q.service))
                .map(|q| format!("{} {}", q.service.label(lang), q.grade.label(lang)))
                .collect::<Vec<_>>()
                .join(if lang == Lang::Zh { "、" } else { "; " });
            view! {
                <tr>
                    <td data-label={lang.t(Msg::BoardRank)}>{dash(b.rank.map(|r| r.to_string()))}</td>
                    <th scope="row" data-label={lang.t(Msg::MktColName)}>
                        <a href=format!("/intermediaries/{}", b.id)>{b.name.get(lang).to_string()}</a>
                    </th>
                    <td data-label={lang.t(Msg::BoardRegion)}>{b.region.as_ref().map(|r| r.get(lang).to_string()).unwrap_or_default()}</td>
                    <td data-label={lang.t(Msg::MktColQualifications)}>{quals}</td>
                    <td data-label={lang.t(Msg::BoardCount)}>{b.count}</td>
                    <td data-label={lang.t(Msg::BoardAverage)}>{dash(b.average.map(|a| format!("{a:.2}")))}</td>
                    <td data-label={lang.t(Msg::BoardScore)}>{format!("{:.3}", b.score)}</td>
                    <td data-label={lang.t(Msg::BoardLevel)}>{b.level.map(|v| v.label(lang)).unwrap_or("—")}</td>
                </tr>
            }
        })
        .collect_view();
    let table = if d.lines.is_empty() {
        view! { <p class="notice" role="status">{lang.t(Msg::MktNone)}</p> }.into_any()
    } else {
        view! {
            <table>
                <caption>{lang.t(Msg::MktBoardCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{lang.t(Msg::BoardRank)}</th>
                        <th scope="col">{lang.t(Msg::MktColName)}</th>
                        <th scope="col">{lang.t(Msg::BoardRegion)}</th>
                        <th scope="col">{lang.t(Msg::MktColQualifications)}</th>
                        <th scope="col">{lang.t(Msg::BoardCount)}</th>
                        <th scope="col">{lang.t(Msg::BoardAverage)}</th>
                        <th scope="col">{lang.t(Msg::BoardScore)}</th>
                        <th scope="col">{lang.t(Msg::BoardLevel)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        }
        .into_any()
    };
    let post = (!d.projects.is_empty()).then(|| post_form(lang, &d, echo));
    view! {
        <form method="get" action="/intermediaries" class="mkt-filter">
            <label for="mkt-service">{lang.t(Msg::MktFilterService)}</label>
            <select id="mkt-service" name="service">
                <option value="" selected=d.service.is_none()>{lang.t(Msg::MktAllServices)}</option>
                {options}
            </select>
            <button type="submit">{lang.t(Msg::MktShow)}</button>
        </form>
        <section class="board" aria-labelledby="mkt-board-h">
            <h2 id="mkt-board-h">{d.service.map(|s| s.label(lang)).unwrap_or(lang.t(Msg::MktBoardCaption))}</h2>
            {table}
            <p class="hint">{lang.t(Msg::MktRankNote)} " " {formula}</p>
        </section>
        {post}
    }
}

fn post_form(lang: Lang, d: &MarketPageData, echo: Option<MarketEcho>) -> impl IntoView {
    let value = |name: &str| {
        echo.as_ref()
            .and_then(|e| e.value(name))
            .unwrap_or_default()
    };
    let key = echo
        .as_ref()
        .and_then(|e| e.value("idempotency_key"))
        .unwrap_or(d.idempotency_key.clone());
    let chosen_project = value("project");
    let projects = d
        .projects
        .iter()
        .map(|p| {
            let label = format!("{} {}", p.code, p.name);
            view! { <option value=p.code.clone() selected=chosen_project == p.code>{label}</option> }
        })
        .collect_view();
    let chosen_service = value("service");
    let wanted = d
        .service
        .map(|s| s.code().to_string())
        .unwrap_or(chosen_service);
    let services = ServiceType::ALL
        .into_iter()
        .map(|t| view! { <option value=t.code() selected=wanted == t.code()>{t.label(lang)}</option> })
        .collect_view();
    let direct = value("how") == "direct";
    let chosen_who = value("intermediary");
    let who = d
        .lines
        .iter()
        .map(|i| {
            let id = i.board.id.to_string();
            view! { <option value=id.clone() selected=chosen_who == id>{i.board.name.get(lang).to_string()}</option> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="mkt-post-h">
            <h2 id="mkt-post-h">{lang.t(Msg::MktPostTitle)}</h2>
            <p>{lang.t(Msg::MktPostAbout)}</p>
            {refusal_view(lang, &echo)}
            <form method="post" action="/purchases" class="mkt-post">
                <input type="hidden" name="idempotency_key" value=key/>
                <label for="mkt-project">{lang.t(Msg::MktProject)}</label>
                <select id="mkt-project" name="project" required=true>{projects}</select>
                <label for="mkt-service-post">{lang.t(Msg::MktFilterService)}</label>
                <select id="mkt-service-post" name="service" required=true>{services}</select>
                <label for="mkt-budget">{lang.t(Msg::MktBudgetField)}</label>
                <input id="mkt-budget" name="budget" inputmode="decimal" required=true value=value("budget")/>
                <label for="mkt-deadline_days">{lang.t(Msg::MktDeadlineField)}</label>
                <input id="mkt-deadline_days" name="deadline_days" type="number" min="1"
                    max=MAX_DEADLINE_DAYS.to_string() required=true value=value("deadline_days")/>
                <fieldset>
                    <legend id="mkt-how">{lang.t(Msg::MktHow)}</legend>
                    <input type="radio" name="how" id="mkt-how-draw" value="draw" checked=!direct/>
                    <label for="mkt-how-draw">{lang.t(Msg::MktHowDraw)}</label>
                    <input type="radio" name="how" id="mkt-how-direct" value="direct" checked=direct/>
                    <label for="mkt-how-direct">{lang.t(Msg::MktHowDirect)}</label>
                </fieldset>
                <label for="mkt-intermediary">{lang.t(Msg::MktDirectWho)}</label>
                <select id="mkt-intermediary" name="intermediary">
                    <option value="">{lang.t(Msg::MktChooseOne)}</option>
                    {who}
                </select>
                <label for="mkt-reason">{lang.t(Msg::MktReason)}</label>
                <textarea id="mkt-reason" name="reason" rows="3" maxlength="500">{value("reason")}</textarea>
                <button type="submit" class="primary">{lang.t(Msg::MktPostSubmit)}</button>
            </form>
        </section>
    }
}

/// `/intermediaries/{id}`: an intermediary's qualifications and ratings.
#[component]
pub fn IntermediaryPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::MktIntermediaryTitle);
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|i| i.parse::<i64>().ok()));
    let data = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => intermediary_data(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Loaded data title not_found=Msg::MktIntermediaryNotFound view=move |d| intermediary_view(lang, d)/>
    }
}

fn intermediary_view(lang: Lang, d: IntermediaryPageData) -> impl IntoView {
    let i = d.intermediary;
    let name = i.board.name.get(lang).to_string();
    let b = i.board.clone();
    let dims = DIMENSIONS
        .into_iter()
        .zip(i.dimensions)
        .map(|(m, v)| row(m, dash(v.map(|a| format!("{a:.2}"))), lang))
        .collect_view();
    let purchases = d
        .purchases
        .iter()
        .map(|p| {
            view! {
                <li>
                    <a href=format!("/purchases/{}", p.no)>{p.no.clone()}</a>
                    " · " {p.service.label(lang)} " · " {p.state.label(lang)} " · " {p.selected_on.clone()}
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text=name.clone()/>
        <h1>{name}</h1>
        <dl class="facts">
            {row(Msg::MktCreditCode, i.credit_code.clone(), lang)}
            {row(Msg::MktRegion, b.region.as_ref().map(|r| r.get(lang).to_string()).unwrap_or_default(), lang)}
            {row(Msg::BoardRank, dash(b.rank.map(|r| r.to_string())), lang)}
            {row(Msg::BoardCount, b.count.to_string(), lang)}
            {row(Msg::BoardScore, format!("{:.3}", b.score), lang)}
            {row(Msg::BoardLevel, b.level.map(|v| v.label(lang)).unwrap_or("—").to_string(), lang)}
        </dl>
        <section aria-labelledby="mkt-quals-h">
            <h2 id="mkt-quals-h">{lang.t(Msg::MktQualifications)}</h2>
            {quals_table(lang, &i.qualifications)}
        </section>
        <section aria-labelledby="mkt-ratings-h">
            <h2 id="mkt-ratings-h">{lang.t(Msg::MktRatings)}</h2>
            {if b.count == 0 {
                view! { <p>{lang.t(Msg::MktNoRatings)}</p> }.into_any()
            } else {
                view! {
                    <h3>{lang.t(Msg::MktDimensionsCaption)}</h3>
                    <dl class="facts">{dims}</dl>
                }
                .into_any()
            }}
        </section>
        {(!d.purchases.is_empty()).then(|| view! {
            <section aria-labelledby="mkt-purchases-h">
                <h2 id="mkt-purchases-h">{lang.t(Msg::MktPurchasesOf)}</h2>
                <ul class="case-list">{purchases}</ul>
            </section>
        })}
        <p><a href="/intermediaries">{lang.t(Msg::MktTitle)}</a></p>
    }
}

/// The qualifications of an intermediary: service, grade, certificate and
/// the last valid day (marked when past).
fn quals_table(lang: Lang, quals: &[QualificationView]) -> impl IntoView {
    let rows = quals
        .iter()
        .map(|q| {
            let until = if q.valid {
                q.valid_until.clone()
            } else {
                format!("{} ({})", q.valid_until, lang.t(Msg::MktExpired))
            };
            view! {
                <tr>
                    <th scope="row" data-label={lang.t(Msg::MktFilterService)}>
                        <a href=format!("/intermediaries?service={}", q.service.code())>{q.service.label(lang)}</a>
                    </th>
                    <td data-label={lang.t(Msg::MktGrade)}>{q.grade.label(lang)}</td>
                    <td data-label={lang.t(Msg::MktCertificate)}>{q.certificate.clone()}</td>
                    <td data-label={lang.t(Msg::MktValidUntil)}>{until}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table>
            <caption>{lang.t(Msg::MktQualifications)}</caption>
            <thead>
                <tr>
                    <th scope="col">{lang.t(Msg::MktFilterService)}</th>
                    <th scope="col">{lang.t(Msg::MktGrade)}</th>
                    <th scope="col">{lang.t(Msg::MktCertificate)}</th>
                    <th scope="col">{lang.t(Msg::MktValidUntil)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

// ---- my intermediary: registering, qualifications ----------------------------

/// What `/me/intermediary` needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MinePageData {
    /// An enterprise account's name and credit code; none for any other
    /// account (only enterprises register).
    pub enterprise: Option<(String, String)>,
    /// The intermediary the account manages.
    pub managed: Option<IntermediaryView>,
    /// For the registration form.
    pub regions: RegionChoices,
    pub idempotency_key: String,
}

#[server(prefix = "/sfn", endpoint = "my_intermediary_data")]
pub async fn my_intermediary_data() -> Result<MinePageData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let enterprise = match me.role {
        crate::accounts::Role::Enterprise => super::store::enterprise_of(&state.pool, &me).await?,
        _ => None,
    };
    let managed = match super::store::managed_by(&state.pool, &me).await? {
        Some(id) => Some(super::store::one(&state.pool, id, state.now.today()).await?),
        None => None,
    };
    let regions = match (&enterprise, &managed) {
        (Some(_), None) => RegionChoices::of(&crate::regions::store::all(&state.pool).await?),
        _ => RegionChoices::default(),
    };
    Ok(MinePageData {
        enterprise,
        managed,
        regions,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
    })
}

/// `/me/intermediary`: an enterprise registers its organisation as an
/// intermediary (中介机构入驻); once it manages one, its qualifications
/// and the form to add or renew one. Refused posts come back with what was
/// typed and each problem at its field.
#[component]
pub fn MyIntermediaryPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::MktMineTitle);
    if let Err(refused) = signed_in_as(lang, title, "/me/intermediary", None) {
        return refused;
    }
    let done = use_query_map().with_untracked(|q| q.get("done"));
    let echo = use_context::<MarketEcho>();
    let data = Resource::new(|| (), |_| my_intermediary_data());
    view! {
        <Loaded data title view=move |d| mine_view(lang, d, done.clone(), echo.clone())/>
    }
    .into_any()
}

fn mine_view(
    lang: Lang,
    d: MinePageData,
    done: Option<String>,
    echo: Option<MarketEcho>,
) -> AnyView {
    let done = done
        .and_then(|d| match d.as_str() {
            "joined" => Some(Msg::MktDoneJoined),
            "qualified" => Some(Msg::MktDoneQualified),
            _ => None,
        })
        .map(|m| view! { <p class="notice success" role="status">{lang.t(m)}</p> });
    if let Some(echo) = &echo {
        set_response_status(echo.error.status());
    }
    let key = echo
        .as_ref()
        .and_then(|e| e.value("idempotency_key"))
        .unwrap_or(d.idempotency_key.clone());
    let value = |name: &str| {
        echo.as_ref()
            .and_then(|e| e.value(name))
            .unwrap_or_default()
    };
    let problem = |name: &str| -> Option<String> {
        match &echo.as_ref()?.error {
            AppError::InvalidFields { fields } => fields
                .iter()
                .find(|f| plain_field(&f.field) == name)
                .map(|f| f.text.get(lang).to_string()),
            _ => None,
        }
    };
    let qualification = view! {
        {select_field(lang, "service", Msg::MktFilterService,
            ServiceType::ALL.iter().map(|t| (t.code(), t.label(lang))).collect(),
            &value("service"), problem("service"))}
        {select_field(lang, "grade", Msg::MktGrade,
            Grade::ALL.iter().map(|g| (g.code(), g.label(lang))).collect(),
            &value("grade"), problem("grade"))}
        {input_field(lang, "certificate", Msg::MktCertificate, "text", &value("certificate"), problem("certificate"))}
        {input_field(lang, "valid_until", Msg::MktValidUntil, "date", &value("valid_until"), problem("valid_until"))}
    };
    let refusal = refusal_view(lang, &echo);
    if let Some(i) = d.managed {
        let title = lang.t(Msg::MktMineTitle);
        let name = i.board.name.get(lang).to_string();
        let region = i
            .board
            .region
            .as_ref()
            .map(|r| r.get(lang).to_string())
            .unwrap_or_default();
        return view! {
            <Title text=title/>
            <h1>{title}</h1>
            {done}
            <dl class="facts">
                {row(Msg::MktColName, name, lang)}
                {row(Msg::MktCreditCode, i.credit_code.clone(), lang)}
                {row(Msg::MktRegion, region, lang)}
            </dl>
            <p><a href=format!("/intermediaries/{}", i.board.id)>{lang.t(Msg::MktViewPublic)}</a></p>
            <section aria-labelledby="mkt-quals-h">
                <h2 id="mkt-quals-h">{lang.t(Msg::MktQualifications)}</h2>
                {quals_table(lang, &i.qualifications)}
            </section>
            <section aria-labelledby="mkt-qual-h">
                <h2 id="mkt-qual-h">{lang.t(Msg::MktQualTitle)}</h2>
                <p>{lang.t(Msg::MktQualAbout)}</p>
                {refusal}
                <form method="post" action="/me/intermediary/qualifications" class="form" novalidate=true>
                    {qualification}
                    <button type="submit" class="primary">{lang.t(Msg::MktQualSubmit)}</button>
                </form>
            </section>
            <p><a href="/intermediaries">{lang.t(Msg::MktTitle)}</a></p>
        }
        .into_any();
    }
    let title = lang.t(Msg::MktJoinTitle);
    let Some((enterprise, credit_code)) = d.enterprise else {
        set_response_status(403);
        return view! {
            <Title text=title/>
            <h1>{title}</h1>
            <p class="notice" role="alert">{lang.t(Msg::MktErrEnterpriseOnly)}</p>
        }
        .into_any();
    };
    let name_zh = echo
        .as_ref()
        .and_then(|e| e.value("name_zh"))
        .unwrap_or(enterprise);
    let regions = region_options(lang, &d.regions, &value("region"));
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="about">{lang.t(Msg::MktJoinAbout)}</p>
        {refusal}
        <form method="post" action="/me/intermediary" class="form" novalidate=true>
            <input type="hidden" name="idempotency_key" value=key/>
            <dl class="facts">{row(Msg::MktCreditCode, credit_code, lang)}</dl>
            {input_field(lang, "name_zh", Msg::MktNameZh, "text", &name_zh, problem("name_zh"))}
            {input_field(lang, "name_en", Msg::MktNameEn, "text", &value("name_en"), problem("name_en"))}
            <div class="field" class:invalid=problem("region").is_some()>
                <label for="mkt-region">{lang.t(Msg::MktRegion)}</label>
                <select id="mkt-region" name="region" required=true
                    aria-invalid=problem("region").map(|_| "true") aria-describedby="mkt-region-error">
                    {regions}
                </select>
                {field_error("region", problem("region"))}
            </div>
            <fieldset>
                <legend>{lang.t(Msg::MktFirstQualification)}</legend>
                {qualification}
            </fieldset>
            <button type="submit" class="primary">{lang.t(Msg::MktJoinSubmit)}</button>
        </form>
        <p><a href="/intermediaries">{lang.t(Msg::MktTitle)}</a></p>
    }
    .into_any()
}

/// A field's problem, under its input (hidden while there is none).
fn field_error(name: &str, error: Option<String>) -> impl IntoView {
    let hidden = error.is_none();
    view! {
        <p class="field-error" id=format!("mkt-{name}-error") role="alert" hidden=hidden>
            {error.unwrap_or_default()}
        </p>
    }
}

fn input_field(
    lang: Lang,
    name: &'static str,
    label: Msg,
    kind: &'static str,
    value: &str,
    error: Option<String>,
) -> impl IntoView {
    let invalid = error.is_some();
    view! {
        <div class="field" class:invalid=invalid>
            <label for=format!("mkt-{name}")>{lang.t(label)}</label>
            <input type=kind id=format!("mkt-{name}") name=name value=value.to_string()
                required=true autocomplete="off"
                aria-invalid=invalid.then_some("true") aria-describedby=format!("mkt-{name}-error")/>
            {field_error(name, error)}
        </div>
    }
}

fn select_field(
    lang: Lang,
    name: &'static str,
    label: Msg,
    options: Vec<(&'static str, &'static str)>,
    current: &str,
    error: Option<String>,
) -> impl IntoView {
    let invalid = error.is_some();
    let current = current.trim().to_ascii_lowercase();
    let options = options
        .into_iter()
        .map(|(code, text)| view! { <option value=code selected=current == code>{text}</option> })
        .collect_view();
    view! {
        <div class="field" class:invalid=invalid>
            <label for=format!("mkt-{name}")>{lang.t(label)}</label>
            <select id=format!("mkt-{name}") name=name required=true
                aria-invalid=invalid.then_some("true") aria-describedby=format!("mkt-{name}-error")>
                <option value="">{lang.t(Msg::MktChooseOne)}</option>
                {options}
            </select>
            {field_error(name, error)}
        </div>
    }
}

/// `/purchases/{no}`: a purchase, its draw and its step.
#[component]
pub fn PurchasePage() -> impl IntoView {
    let lang = use_prefs().lang;
    let no = use_params_map().with_untracked(|p| p.get("no").unwrap_or_default());
    let done = use_query_map().with_untracked(|q| q.get("done"));
    let echo = use_context::<MarketEcho>();
    let title = lang.t(Msg::MktTitle);
    let data = Resource::new(move || no.clone(), purchase_data);
    view! {
        <Loaded data title not_found=Msg::MktPurchaseNotFound view=move |p| purchase_view(lang, p, done.clone(), echo.clone())/>
    }
}

fn stars_line(lang: Lang, s: Stars) -> String {
    lang.fill(
        Msg::StarsText,
        &[("n", &s.get()), ("label", &s.label(lang))],
    )
}

fn purchase_view(
    lang: Lang,
    p: PurchaseView,
    done: Option<String>,
    echo: Option<MarketEcho>,
) -> impl IntoView {
    let heading = lang.fill(Msg::MktPurchaseTitle, &[("no", &p.no)]);
    let done = done
        .and_then(|d| match d.as_str() {
            "posted" => Some(Msg::MktDonePosted),
            "registered" => Some(Msg::MktDoneRegistered),
            "drawn" => Some(Msg::MktDoneDrawn),
            "delivered" => Some(Msg::MktDoneDelivered),
            "rated" => Some(Msg::MktDoneRated),
            _ => None,
        })
        .map(|m| view! { <p class="notice success" role="status">{lang.t(m)}</p> });
    let how = if p.how == "direct" {
        Msg::MktHowDirect
    } else {
        Msg::MktHowDraw
    };
    let failure = p.failure.as_ref().map(|f| {
        view! { <p class="notice" role="status"><strong>{lang.t(Msg::MktFailure)}</strong> " " {f.get(lang).to_string()}</p> }
    });
    let registrants = if p.registrants.is_empty() {
        view! { <p>{lang.t(Msg::MktNoRegistrants)}</p> }.into_any()
    } else {
        let rows = p
            .registrants
            .iter()
            .map(|r| {
                view! {
                    <tr>
                        <th scope="row" data-label={lang.t(Msg::MktColName)}>
                            <a href=format!("/intermediaries/{}", r.intermediary_id)>{r.name.get(lang).to_string()}</a>
                        </th>
                        <td data-label={lang.t(Msg::MktCreditCode)}>{r.credit_code.clone()}</td>
                        <td data-label={lang.t(Msg::MktRegisteredOn)}>{r.registered_on.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table>
                <caption>{lang.t(Msg::MktRegistrants)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{lang.t(Msg::MktColName)}</th>
                        <th scope="col">{lang.t(Msg::MktCreditCode)}</th>
                        <th scope="col">{lang.t(Msg::MktRegisteredOn)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let selection = p.selection.clone().map(|s| {
        let chosen = view! { <a href=format!("/intermediaries/{}", s.intermediary_id)>{s.intermediary.get(lang).to_string()}</a> };
        view! {
            <section aria-labelledby="mkt-selection-h">
                <h2 id="mkt-selection-h">{lang.t(Msg::MktSelection)}</h2>
                <dl class="facts">
                    <div><dt>{lang.t(Msg::MktChosen)}</dt><dd>{chosen}</dd></div>
                    {row(Msg::MktCreditCode, s.credit_code.clone(), lang)}
                    {row(Msg::MktSelectedOn, s.selected_on.clone(), lang)}
                    {s.reason.clone().map(|r| row(Msg::MktReason, r, lang))}
                    {s.seed.clone().map(|seed| row(Msg::MktSeed, seed, lang))}
                </dl>
                {s.seed_input.clone().map(|input| view! {
                    <h3>{lang.t(Msg::MktSeedInput)}</h3>
                    <pre class="mkt-seed">{input}</pre>
                })}
            </section>
        }
    });
    let step = p.step.clone().map(|s| {
        let used = lang.fill(Msg::MktDaysUsed, &[("n", &s.used_days)]);
        view! {
            <section aria-labelledby="mkt-step-h">
                <h2 id="mkt-step-h">{lang.t(Msg::MktStep)}</h2>
                <dl class="facts">
                    {row(Msg::MktStartedOn, s.started_on.clone(), lang)}
                    {row(Msg::MktDeadline, working_days(lang, s.promised_days), lang)}
                    {row(Msg::MktDueOn, s.due_on.clone(), lang)}
                    {row(Msg::MktDeliveredOn, dash(s.delivered_on.clone()), lang)}
                    {row(Msg::MktUsed, used, lang)}
                </dl>
                {s.late.then(|| view! { <p class="notice" role="status">{lang.t(Msg::MktLate)}</p> })}
            </section>
        }
    });
    let rating = p.rating.clone().map(|r| {
        let dims = DIMENSIONS
            .into_iter()
            .zip(r.stars)
            .map(|(m, s)| row(m, stars_line(lang, s), lang))
            .collect_view();
        view! {
            <section aria-labelledby="mkt-rating-h">
                <h2 id="mkt-rating-h">{lang.t(Msg::MktOwnerRating)}</h2>
                <dl class="facts">
                    {dims}
                    {row(Msg::MktOverall, stars_line(lang, r.overall), lang)}
                    {r.comment.clone().map(|c| row(Msg::MktComment, c, lang))}
                </dl>
            </section>
        }
    });
    let offered = |a: &str| p.offered.iter().any(|o| o == a);
    let base = format!("/purchases/{}", p.no);
    let register = offered("register").then(|| {
        view! {
            <form method="post" action=format!("{base}/register")>
                <button type="submit" class="primary">{lang.t(Msg::MktRegisterSubmit)}</button>
            </form>
        }
    });
    let draw = offered("draw").then(|| {
        view! {
            <form method="post" action=format!("{base}/draw")>
                <button type="submit" class="primary">{lang.t(Msg::MktDrawSubmit)}</button>
            </form>
        }
    });
    let deliver = offered("deliver").then(|| {
        view! {
            <form method="post" action=format!("{base}/deliver")>
                <button type="submit" class="primary">{lang.t(Msg::MktDeliverSubmit)}</button>
            </form>
        }
    });
    let rate = offered("rate").then(|| rate_form(lang, &base, &echo));
    let refusal = if offered("rate") {
        None
    } else {
        refusal_view(lang, &echo)
    };
    view! {
        <Title text=heading.clone()/>
        <h1>{heading}</h1>
        {done}
        {refusal}
        <dl class="facts">
            {row(Msg::MktPurchaseNo, p.no.clone(), lang)}
            {row(Msg::MktProject, p.project_name.clone(), lang)}
            {row(Msg::MktProjectCode, p.project_code.clone(), lang)}
            {row(Msg::MktFilterService, p.service.label(lang).to_string(), lang)}
            {row(Msg::MktBudget, lang.fill(Msg::MktBudgetValue, &[("amount", &p.budget)]), lang)}
            {row(Msg::MktDeadline, working_days(lang, p.deadline_days), lang)}
            {row(Msg::MktHow, lang.t(how).to_string(), lang)}
            {row(Msg::MktState, p.state.label(lang).to_string(), lang)}
            {row(Msg::MktPostedOn, p.posted_on.clone(), lang)}
            {(p.how == "draw").then(|| row(Msg::MktClosesOn, p.registration_closes_on.clone(), lang))}
        </dl>
        {failure}
        {register}
        {draw}
        {(p.how == "draw").then(|| view! {
            <section aria-labelledby="mkt-registrants-h">
                <h2 id="mkt-registrants-h">{lang.t(Msg::MktRegistrants)}</h2>
                {registrants}
            </section>
        })}
        {selection}
        {(p.how == "draw" && p.state != State::Failed).then(|| view! {
            <section aria-labelledby="mkt-recompute-h">
                <h2 id="mkt-recompute-h">{lang.t(Msg::MktHowToRecompute)}</h2>
                <p>{lang.t(Msg::MktRecomputeText)}</p>
            </section>
        })}
        {step}
        {deliver}
        {rating}
        {rate}
        <p><a href="/intermediaries">{lang.t(Msg::MktTitle)}</a></p>
    }
}

fn rate_form(lang: Lang, base: &str, echo: &Option<MarketEcho>) -> impl IntoView {
    let value = |name: &str| {
        echo.as_ref()
            .and_then(|e| e.value(name))
            .unwrap_or_default()
    };
    let dims = DIMENSIONS
        .into_iter()
        .zip(DIMENSION_FIELDS)
        .map(|(m, field)| {
            let chosen = value(field);
            let stars = Stars::ALL
                .into_iter()
                .map(|s| {
                    let n = s.get();
                    let id = format!("mkt-{field}-{n}");
                    view! {
                        <input type="radio" name=field id=id.clone() value=n.to_string()
                            required=true checked=chosen == n.to_string()/>
                        <label for=id>{stars_line(lang, s)}</label>
                    }
                })
                .collect_view();
            view! {
                <fieldset id=format!("mkt-{field}")>
                    <legend>{lang.t(m)}</legend>
                    {stars}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="mkt-rate-h">
            <h2 id="mkt-rate-h">{lang.t(Msg::MktRateTitle)}</h2>
            {refusal_view(lang, echo)}
            <form method="post" action=format!("{base}/rate") class="mkt-rate">
                {dims}
                <label for="mkt-comment">{lang.t(Msg::MktComment)}</label>
                <textarea id="mkt-comment" name="comment" rows="3" maxlength="500">{value("comment")}</textarea>
                <button type="submit" class="primary">{lang.t(Msg::MktRateSubmit)}</button>
            </form>
        </section>
    }
}
