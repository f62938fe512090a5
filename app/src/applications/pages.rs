//! The applicant's pages: the application form (`/apply?service=` or
//! `/apply?bundle=`), the receipt (受理回执, `/cases/{no}/receipt`) and the
//! case (`/cases/{no}`: every department's step side by side, the notice and
//! its answer). Plain HTML forms that work without JavaScript; once
//! hydrated, the form checks each answer as it is given (the same code as
//! the server), saves a draft, and uploads scans with a progress bar.

use super::form::{FieldDef, FieldKind, RawAnswers, Section, ADDRESS_DETAIL, ADDRESS_REGION};
use super::materials::{ChosenUpload, MaterialSlot};
#[cfg(feature = "hydrate")]
use super::slots::upload;
use super::slots::UploadedFile;
use crate::{
    catalog::Bilingual,
    error::{set_response_status, AppError},
    i18n::{Lang, Msg},
    ui::{row, signed_in_as, use_prefs, Loaded},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// One department's part of an application, as the form shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartInfo {
    pub item_code: String,
    pub name: Bilingual,
    pub department: Bilingual,
    pub materials: Vec<Bilingual>,
}

/// What the application form needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyFormData {
    /// `("service", code)` or `("bundle", "440100/birth")`.
    pub target: (String, String),
    pub name: Bilingual,
    pub online: bool,
    pub may_apply: bool,
    pub promised_days: i32,
    pub parts: Vec<PartInfo>,
    pub fields: Vec<FieldDef>,
    pub idempotency_key: String,
    /// The saved draft over what the account fills in.
    pub draft: RawAnswers,
    /// Fields the account fixes (its identity), by key, with what they
    /// show: the ID number masked; the full number never comes here.
    pub fixed: Vec<(String, String)>,
    /// Fields the account filled in that the person may still correct.
    pub prefilled: Vec<String>,
    /// Fields the project's registration answers (the form's project code
    /// is one of the applicant's projects), by key, as typed: shown, not
    /// asked; the server fills them in again at submission.
    pub from_project: Vec<(String, String)>,
    /// Guangdong's cities, each with its districts and counties, for
    /// address fields: (code, name, [(code, name)]).
    pub regions: Vec<RegionGroup>,
    /// Who may apply: `individual`, `enterprise` or `both` (hints for
    /// organisations are shown only where they may apply).
    pub applicant: String,
    /// The questions in sections with headings.
    pub sections: Vec<Section>,
    /// One upload slot per material.
    pub materials: Vec<MaterialSlot>,
    /// The scans already chosen (kept with the draft), with their names.
    pub uploads: Vec<(ChosenUpload, String)>,
}

/// A city and its districts and counties: (code, name).
pub type RegionGroup = (String, Bilingual, Vec<(String, Bilingual)>);

#[server(prefix = "/sfn", endpoint = "apply_data")]
pub async fn apply_data(
    service: Option<String>,
    bundle: Option<String>,
    project: Option<String>,
) -> Result<ApplyFormData, AppError> {
    use super::store;
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let (target, key) = super::Target::from_query(&service, &bundle)?;
    let mut t = store::load(&state.pool, target, &key).await?;
    // Questions the bundle already knows are not asked.
    t.fields.retain(|f| t.given.asks(&f.key));
    let facts = crate::accounts::store::facts(&state.pool, &state.data_key, &me).await?;
    let known = super::form::prefill(&t.fields, &facts);
    let from_project = store::from_project(&state.pool, &me, &t.fields, project.as_deref()).await?;
    let prefilled = known.values.keys().cloned().collect();
    let mut draft = known.values;
    draft.extend(
        store::load_draft(&state.pool, &state.data_key, &me, &t)
            .await?
            .unwrap_or_default(),
    );
    let all = crate::regions::store::all(&state.pool).await?;
    let regions = all
        .iter()
        .filter(|r| r.level == crate::regions::Level::City && r.code.get() / 10_000 == 44)
        .map(|city| {
            let districts = all
                .iter()
                .filter(|r| r.parent == Some(city.code))
                .map(|r| (r.code.to_string(), r.name.clone()))
                .collect();
            (city.code.to_string(), city.name.clone(), districts)
        })
        .collect();
    let uploads = store::draft_uploads(&state.pool, &me, &t).await?;
    let sections = super::form::sections(
        &t.fields,
        &t.parts
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    p.fields.iter().map(|f| f.key.clone()).collect(),
                )
            })
            .collect::<Vec<_>>(),
    );
    Ok(ApplyFormData {
        target: match target {
            super::Target::Item => ("service".into(), key),
            super::Target::Bundle => ("bundle".into(), key),
        },
        name: t.name.clone(),
        online: t.online,
        may_apply: store::may_apply(&me, &t),
        promised_days: t.promised_days,
        parts: t
            .parts
            .iter()
            .map(|p| PartInfo {
                item_code: p.item_code.clone(),
                name: p.name.clone(),
                department: p.department.clone(),
                materials: p.materials.clone(),
            })
            .collect(),
        fields: t.fields,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        draft,
        fixed: known.fixed,
        prefilled,
        from_project,
        regions,
        applicant: t.applicant.clone(),
        sections,
        materials: t.materials.clone(),
        uploads,
    })
}

/// A submission sent back by the server: what was typed, each problem at
/// its field, the key to keep (so a corrected resubmission is still one
/// case) and the scans already received.
#[derive(Debug, Clone, Default)]
pub struct AnswerEcho {
    pub values: RawAnswers,
    pub errors: Vec<crate::error::FieldRefusal>,
    pub error: Option<AppError>,
    pub idempotency_key: Option<String>,
    /// The scans received, by material, with their names.
    pub uploads: Vec<(ChosenUpload, String)>,
}

impl AnswerEcho {
    pub fn current() -> Option<AnswerEcho> {
        use_context::<AnswerEcho>()
    }
}

fn field_error(lang: Lang, echo: &Option<AnswerEcho>, key: &str) -> Option<String> {
    echo.as_ref()?
        .errors
        .iter()
        .find(|e| e.field == key)
        .map(|e| e.text.get(lang).to_string())
}

/// A field the account (or the project's registration, `from`) fixes:
/// what it holds, shown (an ID number masked), with no input — the server
/// takes the value from the account or the registration.
fn fixed_field(lang: Lang, f: &FieldDef, shown: &str, from: Msg) -> AnyView {
    let label_id = format!("{}-label", f.key);
    let labelled_by = label_id.clone();
    view! {
        <div class="field known-field" role="group" aria-labelledby=labelled_by data-field=f.key.clone()>
            <span class="label" id=label_id>{f.label.get(lang).to_string()}</span>
            <p class="known-value">{shown.to_string()}</p>
            <p class="hint">{lang.t(from)}</p>
        </div>
    }
    .into_any()
}

/// One field of the form, by its kind; `prefilled` when the account
/// filled it in.
fn answer_field(
    lang: Lang,
    f: &FieldDef,
    values: &RawAnswers,
    error: Option<String>,
    regions: &[RegionGroup],
    prefilled: bool,
    organisations: bool,
) -> AnyView {
    let key = f.key.clone();
    let label = f.label.get(lang).to_string();
    let error_id = format!("{key}-error");
    let hint_id = format!("{key}-hint");
    // Help for organisations only where organisations may apply.
    let own_hint = match (&f.hint, f.org_hint.as_ref().filter(|_| organisations)) {
        (Some(h), Some(o)) => Some(Bilingual::each(|l| {
            format!("{}{}{}", h.get(l), l.t(Msg::Semicolon), o.get(l))
        })),
        (h, o) => h.clone().or_else(|| o.cloned()),
    };
    let hint = match (&own_hint, prefilled) {
        (Some(h), true) => Some(format!(
            "{}{}{}",
            h.get(lang),
            lang.t(Msg::Semicolon),
            lang.t(Msg::KnownPrefilled)
        )),
        (Some(h), false) => Some(h.get(lang).to_string()),
        (None, true) => Some(lang.t(Msg::KnownPrefilled).to_string()),
        (None, false) => None,
    };
    let described = {
        let mut ids = vec![error_id.clone()];
        if hint.is_some() {
            ids.push(hint_id.clone());
        }
        ids.join(" ")
    };
    let invalid = error.is_some().then_some("true");
    let required = f.required;
    let value = |name: &str| values.get(name).cloned().unwrap_or_default();
    let error_view = view! {
        <p class="field-error" id=error_id.clone() role="alert" hidden=error.is_none()>
            {error.clone().unwrap_or_default()}
        </p>
    };
    let hint_view = hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> });
    let optional =
        (!required).then(|| view! { <span class="optional">{lang.t(Msg::FieldOptional)}</span> });
    match &f.kind {
        FieldKind::Choice { options } => {
            let current = value(&key);
            let radios = options
                .iter()
                .map(|o| {
                    let id = format!("{key}-{}", o.value);
                    view! {
                        <label class="choice" for=id.clone()>
                            <input
                                type="radio"
                                id=id.clone()
                                name=key.clone()
                                value=o.value.clone()
                                checked=current == o.value
                                required=required
                            />
                            {o.label.get(lang).to_string()}
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="field" class:invalid=invalid.is_some() aria-describedby=described data-field=key.clone()>
                    <legend>{label} {optional}</legend>
                    {hint_view}
                    {radios}
                    {error_view}
                </fieldset>
            }
            .into_any()
        }
        FieldKind::Address => {
            let region_name = format!("{key}{ADDRESS_REGION}");
            let detail_name = format!("{key}{ADDRESS_DETAIL}");
            let current = value(&region_name);
            // City → district: each city an option group of its districts
            // and counties (the city itself where none is listed).
            let options = regions
                .iter()
                .map(|(city, city_name, districts)| {
                    let choices: Vec<(String, String)> = if districts.is_empty() {
                        vec![(city.clone(), city_name.get(lang).to_string())]
                    } else {
                        districts
                            .iter()
                            .map(|(code, name)| (code.clone(), name.get(lang).to_string()))
                            .collect()
                    };
                    view! {
                        <optgroup label=city_name.get(lang).to_string()>
                            {choices.into_iter().map(|(code, name)| {
                                let selected = code == current;
                                view! { <option value=code selected=selected>{name}</option> }
                            }).collect_view()}
                        </optgroup>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="field address" class:invalid=invalid.is_some() aria-describedby=described data-field=key.clone()>
                    <legend>{label} {optional}</legend>
                    {hint_view}
                    <label for=region_name.clone()>{lang.t(Msg::AddressRegion)}</label>
                    <select id=region_name.clone() name=region_name.clone() required=required aria-invalid=invalid>
                        <option value="">{lang.t(Msg::AddressChoose)}</option>
                        {options}
                    </select>
                    <label for=detail_name.clone()>{lang.t(Msg::AddressDetail)}</label>
                    <input
                        type="text"
                        id=detail_name.clone()
                        name=detail_name.clone()
                        value=value(&detail_name)
                        autocomplete="street-address"
                        required=required
                        aria-invalid=invalid
                    />
                    {error_view}
                </fieldset>
            }
            .into_any()
        }
        kind => {
            let (input_type, inputmode, autocomplete) = match kind {
                FieldKind::Date { .. } => ("date", None, Some("off")),
                // Decimal places need the keypad with the decimal point.
                FieldKind::Number { places: 0, .. } => ("text", Some("numeric"), Some("off")),
                FieldKind::Number { .. } => ("text", Some("decimal"), Some("off")),
                FieldKind::Mobile => ("tel", Some("tel"), Some("tel")),
                FieldKind::PersonName => ("text", None, Some("off")),
                _ => ("text", None, Some("off")),
            };
            let unit = match kind {
                FieldKind::Number { unit: Some(u), .. } => Some(u.get(lang).to_string()),
                _ => None,
            };
            let control = if matches!(kind, FieldKind::LongText { .. }) {
                view! {
                    <textarea
                        id=key.clone()
                        name=key.clone()
                        rows="4"
                        required=required
                        aria-invalid=invalid
                        aria-describedby=described.clone()
                    >
                        {value(&key)}
                    </textarea>
                }
                .into_any()
            } else {
                view! {
                    <input
                        type=input_type
                        id=key.clone()
                        name=key.clone()
                        value=value(&key)
                        inputmode=inputmode
                        autocomplete=autocomplete
                        required=required
                        aria-invalid=invalid
                        aria-describedby=described.clone()
                    />
                }
                .into_any()
            };
            view! {
                <div class="field" class:invalid=invalid.is_some() data-field=key.clone()>
                    <label for=key.clone()>{label} {unit.map(|u| lang.fill(Msg::Parenthesised, &[("text", &u)]))} {optional}</label>
                    {hint_view}
                    {control}
                    {error_view}
                </div>
            }
            .into_any()
        }
    }
}

/// `/apply?service=CODE` or `/apply?bundle=REGION/KEY`: the form.
#[component]
pub fn ApplyPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::ApplyTitle);
    let query = use_query_map();
    let path = super::check::own_path("/apply", query);
    if let Err(refused) = signed_in_as(lang, title, &path, None) {
        return refused;
    }
    let echo = AnswerEcho::current();
    // `&project=CODE` (an investment project's stage), or the code sent
    // back with the form's problems: the code's field starts filled in, and
    // what the project's registration knows is shown, not asked.
    let project = echo
        .as_ref()
        .and_then(|e| e.values.get(PROJECT_CODE_FIELD).cloned())
        .filter(|c| !c.trim().is_empty())
        .or_else(|| query.with_untracked(|q| q.get("project")));
    let code = project.clone();
    let data = Resource::new(
        move || query.with(|q| (q.get("service"), q.get("bundle"), code.clone())),
        |(service, bundle, project)| apply_data(service, bundle, project),
    );
    view! {
        <Loaded data title view=move |d| apply_view(lang, d, echo.clone(), project.clone())/>
    }
    .into_any()
}

/// The field of an investment item that takes the project's code.
const PROJECT_CODE_FIELD: &str = "project_code";

fn apply_view(
    lang: Lang,
    d: ApplyFormData,
    echo: Option<AnswerEcho>,
    project: Option<String>,
) -> impl IntoView {
    let name = d.name.get(lang).to_string();
    let heading = format!("{}{}{name}", lang.t(Msg::ApplyTitle), lang.t(Msg::Colon));
    if !d.online || !d.may_apply {
        set_response_status(if d.online { 403 } else { 409 });
        let why = if d.online {
            AppError::Forbidden.message(lang)
        } else {
            AppError::NotOnline.message(lang)
        };
        return view! {
            <Title text=heading.clone()/>
            <h1>{heading}</h1>
            <p class="notice" role="alert">{why}</p>
        }
        .into_any();
    }
    let values = echo.as_ref().map(|e| e.values.clone()).unwrap_or_else(|| {
        let mut values = d.draft.clone();
        if let Some(code) = project.filter(|_| d.fields.iter().any(|f| f.key == PROJECT_CODE_FIELD))
        {
            values.insert(PROJECT_CODE_FIELD.to_string(), code);
        }
        values
    });
    let key = echo
        .as_ref()
        .and_then(|e| e.idempotency_key.clone())
        .unwrap_or(d.idempotency_key.clone());
    let summary = echo.as_ref().and_then(|e| {
        if let Some(err) = &e.error {
            set_response_status(err.status());
        } else if !e.errors.is_empty() {
            set_response_status(422);
        }
        super::check::error_summary(lang, &d.fields, e.error.as_ref(), &e.errors)
    });
    let bundle = d.parts.len() > 1;
    let parts = d
        .parts
        .iter()
        .map(|p| {
            view! {
                <li>
                    <strong>{p.department.get(lang).to_string()}</strong>
                    {lang.t(Msg::Colon)} <a href=format!("/services/{}", p.item_code)>{p.name.get(lang).to_string()}</a>
                </li>
            }
        })
        .collect_view();
    let uploaded = echo
        .as_ref()
        .map(|e| e.uploads.clone())
        .unwrap_or_else(|| d.uploads.clone());
    let organisations = d.applicant != "individual";
    let from_project = |f: &FieldDef| {
        let (_, typed) = d.from_project.iter().find(|(k, _)| *k == f.key)?;
        let raw: RawAnswers = [(f.key.clone(), typed.clone())].into_iter().collect();
        Some(match f.parse(&raw, time::Date::MAX) {
            Ok(Some(answer)) => answer.display(f, lang),
            _ => typed.clone(),
        })
    };
    let field_view =
        |f: &FieldDef| match (d.fixed.iter().find(|(k, _)| *k == f.key), from_project(f)) {
            (Some((_, shown)), _) => fixed_field(lang, f, shown, Msg::KnownFromAccount),
            (None, Some(shown)) => fixed_field(lang, f, &shown, Msg::KnownFromProject),
            (None, None) => answer_field(
                lang,
                f,
                &values,
                field_error(lang, &echo, &f.key),
                &d.regions,
                d.prefilled.contains(&f.key),
                organisations,
            ),
        };
    let sections = d
        .sections
        .iter()
        .enumerate()
        .map(|(n, section)| {
            let id = format!("section-{}", n + 1);
            let fields = section
                .fields
                .iter()
                .filter_map(|k| d.fields.iter().find(|f| &f.key == k))
                .map(field_view)
                .collect_view();
            let labelled = id.clone();
            view! {
                <section class="form-section" aria-labelledby=labelled>
                    <h2 id=id>{section.heading.get(lang).to_string()}</h2>
                    {fields}
                </section>
            }
        })
        .collect_view();
    let slots = super::slots::slots_view(
        lang,
        &d.materials,
        &uploaded,
        echo.as_ref().map(|e| e.errors.as_slice()).unwrap_or(&[]),
    );
    let known_about =
        (!d.fixed.is_empty() || !d.prefilled.is_empty() || !d.from_project.is_empty())
            .then(|| view! { <p class="hint known-about">{lang.t(Msg::KnownAbout)}</p> });
    let (target_name, target_value) = d.target.clone();
    let fields_json = serde_json::to_string(&d.fields).unwrap_or_default();
    view! {
        <Title text=heading.clone()/>
        <h1>{heading}</h1>
        {summary}
        {bundle.then(|| view! {
            <section class="space-section" aria-labelledby="parts-h">
                <h2 id="parts-h">{lang.t(Msg::ApplyBundleParts)}</h2>
                <p>{lang.t(Msg::ApplyBundleAbout)}</p>
                <ol>{parts}</ol>
            </section>
        })}
        <p class="about">{lang.t(Msg::ApplyAbout)}</p>
        {known_about}
        <crate::applications::pages::FormHelper
            fields_json=fields_json
            target_name=target_name.clone()
            target_value=target_value.clone()
            lang=lang
        >
            <form method="post" action="/apply" enctype="multipart/form-data" class="form apply-form" novalidate=true>
                <input type="hidden" name=target_name value=target_value/>
                <input type="hidden" name="idempotency_key" value=key/>
                {sections}
                {slots}
                <p class="hint">{lang.t(Msg::ApplyPromise)} " " {crate::ui::working_days(lang, u32::try_from(d.promised_days).unwrap_or(0))}</p>
                <p class="hint">{lang.t(Msg::ApplyContinueAbout)}</p>
                <button type="submit" class="primary">{lang.t(Msg::ApplyContinue)}</button>
            </form>
        </crate::applications::pages::FormHelper>
    }
    .into_any()
}

/// Once hydrated: checks an answer as soon as it is given (the same parser
/// as the server) and keeps a draft on the server after every change.
#[island]
pub fn FormHelper(
    fields_json: String,
    target_name: String,
    target_value: String,
    lang: Lang,
    children: Children,
) -> impl IntoView {
    let fields: Vec<FieldDef> = serde_json::from_str::<Vec<FieldWire>>(&fields_json)
        .map(|wire| wire.into_iter().filter_map(FieldWire::into_def).collect())
        .unwrap_or_default();
    let saved = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("form").ok().flatten())
                .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            let raw = form_values(&form);
            let name = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.get_attribute("name"))
                .unwrap_or_default();
            let key = name.split('.').next().unwrap_or_default().to_string();
            if let Some(f) = fields.iter().find(|f| f.key == key) {
                let today = today();
                let problem = f.parse(&raw, today).err().map(|p| p.message(lang));
                show_problem(&key, problem);
            }
            save_draft(&target_name, &target_value, &raw, saved);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, &fields, &target_name, &target_value);
    };
    view! {
        <div on:change=on_change>
            {children()}
            <p class="hint" role="status">{move || saved.get().then(|| lang.t(Msg::DraftSaved))}</p>
        </div>
    }
}

/// A form field as the form helper reads it from the same JSON the server
/// writes for [`FieldDef`] (`{"key", "required", "kind", …rules}`), but as
/// one flat struct: `FieldDef`'s flattened, internally tagged kind would be
/// read through serde's buffering `Content` machinery, about 5 KB of the
/// compressed WASM for this one island. Labels are not needed to check.
#[derive(Deserialize)]
struct FieldWire {
    key: String,
    required: bool,
    kind: String,
    max_len: Option<u16>,
    min: Option<i64>,
    max: Option<i64>,
    #[serde(default)]
    past_only: bool,
    #[serde(default)]
    places: u8,
    options: Option<Vec<super::form::ChoiceOption>>,
}

impl FieldWire {
    /// The field, if its kind is one this helper knows (others are left to
    /// the server's check).
    fn into_def(self) -> Option<FieldDef> {
        let kind = match self.kind.as_str() {
            "text" => FieldKind::Text {
                max_len: self.max_len?,
            },
            "long_text" => FieldKind::LongText {
                max_len: self.max_len?,
            },
            "number" => FieldKind::Number {
                min: self.min?,
                max: self.max?,
                unit: None,
                places: self.places,
            },
            "date" => FieldKind::Date {
                past_only: self.past_only,
            },
            "choice" => FieldKind::Choice {
                options: self.options?,
            },
            "address" => FieldKind::Address,
            "id_number" => FieldKind::IdNumber,
            "credit_code" => FieldKind::CreditCode,
            "mobile" => FieldKind::Mobile,
            "person_name" => FieldKind::PersonName,
            _ => return None,
        };
        Some(FieldDef {
            key: self.key,
            label: Bilingual::default(),
            required: self.required,
            hint: None,
            org_hint: None,
            known: None,
            kind,
        })
    }
}

#[cfg(feature = "hydrate")]
fn form_values(form: &web_sys::HtmlFormElement) -> RawAnswers {
    use wasm_bindgen::JsCast;
    let mut raw = RawAnswers::new();
    let elements = form.elements();
    for i in 0..elements.length() {
        let Some(el) = elements.item(i) else { continue };
        if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
            let kind = input.type_();
            if kind == "file"
                || kind == "hidden"
                || ((kind == "radio" || kind == "checkbox") && !input.checked())
            {
                continue;
            }
            raw.insert(input.name(), input.value());
        } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
            raw.insert(select.name(), select.value());
        } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            raw.insert(area.name(), area.value());
        }
    }
    raw
}

#[cfg(feature = "hydrate")]
fn today() -> time::Date {
    let now = js_sys::Date::new_0();
    time::Date::from_calendar_date(
        now.get_full_year() as i32,
        time::Month::try_from(now.get_month() as u8 + 1).unwrap_or(time::Month::January),
        now.get_date() as u8,
    )
    .unwrap_or(time::Date::MIN)
}

#[cfg(feature = "hydrate")]
fn show_problem(key: &str, problem: Option<String>) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(p) = doc.get_element_by_id(&format!("{key}-error")) {
        p.set_text_content(problem.as_deref());
        let _ = if problem.is_some() {
            p.remove_attribute("hidden")
        } else {
            p.set_attribute("hidden", "")
        };
    }
    if let Ok(Some(wrap)) = doc.query_selector(&format!("[data-field=\"{key}\"]")) {
        let _ = wrap
            .class_list()
            .toggle_with_force("invalid", problem.is_some());
    }
}

#[cfg(feature = "hydrate")]
fn save_draft(target_name: &str, target_value: &str, raw: &RawAnswers, saved: RwSignal<bool>) {
    // Written out rather than built as a `serde_json::Value` (smaller WASM).
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let body = format!(
        "{{{}:{},\"answers\":{}}}",
        quoted(target_name),
        quoted(target_value),
        serde_json::to_string(raw).unwrap_or_default()
    );
    leptos::task::spawn_local(async move {
        let init = web_sys::RequestInit::new();
        init.set_method("PUT");
        init.set_body(&wasm_bindgen::JsValue::from_str(&body));
        let headers = web_sys::Headers::new().ok();
        if let Some(h) = &headers {
            let _ = h.set("content-type", "application/json");
            init.set_headers(h);
        }
        let Some(window) = web_sys::window() else {
            return;
        };
        let done = wasm_bindgen_futures::JsFuture::from(
            window.fetch_with_str_and_init("/api/v1/applications/draft", &init),
        )
        .await;
        saved.set(done.is_ok());
    });
}

/// The case as its applicant (or a clerk handling it) sees it.
#[server(prefix = "/sfn", endpoint = "case_data")]
pub async fn case_data(case_no: String) -> Result<crate::workflow::views::CaseView, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let no = super::CaseNo::parse(&case_no).ok_or(AppError::NotFound)?;
    let (_, view) =
        crate::workflow::store::case_view(&state.pool, &me, no.as_str(), state.now.today()).await?;
    Ok(view)
}

/// The tracking address of a case (for its owner's receipt) and its QR
/// code as SVG, made on the server.
#[server(prefix = "/sfn", endpoint = "receipt_qr")]
pub async fn receipt_qr(case_no: String) -> Result<(String, String), AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let no = super::CaseNo::parse(&case_no).ok_or(AppError::NotFound)?;
    let (_, view) =
        crate::workflow::store::case_view(&state.pool, &me, no.as_str(), state.now.today()).await?;
    if view.query_code.is_empty() {
        return Err(AppError::NotFound);
    }
    let url = format!(
        "{}/track?case_no={}&code={}",
        crate::ui::qr::origin(state.secure_cookies),
        view.case_no,
        view.query_code
    );
    let svg = crate::ui::qr::svg(&url)?;
    Ok((url, svg))
}

fn with_case(
    lang: Lang,
    title: &'static str,
    path_of: fn(&str) -> String,
    render: impl Fn(Lang, crate::workflow::views::CaseView) -> AnyView + Copy + Send + Sync + 'static,
) -> AnyView {
    let params = use_params_map();
    let no = params.with_untracked(|p| p.get("case_no").unwrap_or_default());
    if let Err(refused) = signed_in_as(lang, title, &path_of(&no), None) {
        return refused;
    }
    let data = Resource::new(
        move || params.with(|p| p.get("case_no").unwrap_or_default()),
        case_data,
    );
    view! {
        <Loaded data title not_found=Msg::CaseNotFound view=move |c| render(lang, c)/>
    }
    .into_any()
}

/// `/cases/{no}/receipt`: the printable acceptance receipt (受理回执).
#[component]
pub fn ReceiptPage() -> impl IntoView {
    let lang = use_prefs().lang;
    with_case(
        lang,
        lang.t(Msg::ReceiptTitle),
        |no| format!("/cases/{no}/receipt"),
        receipt_view,
    )
}

fn receipt_view(lang: Lang, c: crate::workflow::views::CaseView) -> AnyView {
    let title = lang.t(Msg::ReceiptTitle);
    let service = c.service.get(lang).to_string();
    let departments = c
        .steps
        .iter()
        .filter(|s| s.kind == "review")
        .map(|s| {
            view! {
                <li>
                    <strong>{s.department.get(lang).to_string()}</strong>
                    " · " {s.unit.get(lang).to_string()}
                    {s.due_on.clone().map(|d| view! { " · " {lang.t(Msg::CaseStepDue)} {lang.t(Msg::Colon)} {d} })}
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text=format!("{title} {}", c.case_no)/>
        <article class="receipt">
            <h1>{title}</h1>
            {super::after::next_steps(lang, &c)}
            <super::after::PrintButton lang=lang/>
            <dl class="facts">
                {row(Msg::CaseNumber, c.case_no.clone(), lang)}
                {row(Msg::QueryCode, c.query_code.clone(), lang)}
                {row(Msg::CaseService, service, lang)}
                {row(Msg::CaseSubmitted, c.submitted_at.clone(), lang)}
                {row(Msg::CaseAccepted, c.accepted_on.clone(), lang)}
                {row(Msg::CasePromised, crate::ui::working_days(lang, c.promised_days), lang)}
                {row(Msg::CaseDue, c.due_on.clone(), lang)}
            </dl>
            <h2>{lang.t(Msg::ReceiptDepartments)}</h2>
            <ul class="receipt-departments">{departments}</ul>
            <p>{lang.t(Msg::ReceiptNote)}</p>
            <ReceiptQr case_no=c.case_no.clone() lang=lang/>
            <p class="no-print"><a href=format!("/cases/{}", c.case_no)>{lang.t(Msg::CaseOpen)}</a></p>
        </article>
    }
    .into_any()
}

/// The receipt's QR code to the tracking page, with the address in words.
#[component]
fn ReceiptQr(case_no: String, lang: Lang) -> impl IntoView {
    let qr = Resource::new(move || case_no.clone(), receipt_qr);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                qr.await.ok().map(|(url, svg)| view! {
                    <figure class="receipt-qr">
                        <div class="qr" role="img" aria-label=lang.t(Msg::ReceiptQr) inner_html=svg></div>
                        <figcaption>{lang.t(Msg::ReceiptQr)} " " <a href=url.clone()>{url.clone()}</a></figcaption>
                    </figure>
                })
            })}
        </Suspense>
    }
}

/// `/cases/{no}`: the case — every department's step side by side, the
/// notice and its answer.
///
/// `rating` renders the rating of the case's finished steps; the router
/// fills it in, so that application pages import no other capability's
/// pages.
#[component]
pub fn CasePage(rating: fn(Lang, &crate::workflow::views::CaseView) -> AnyView) -> impl IntoView {
    let lang = use_prefs().lang;
    with_case(
        lang,
        lang.t(Msg::CaseTitle),
        |no| format!("/cases/{no}"),
        move |lang, c| case_view(lang, c, rating),
    )
}

fn step_card(lang: Lang, s: &crate::workflow::views::StepView) -> impl IntoView {
    view! {
        <li class=s.state.class_on(s.late)>
            <h3>{s.name.get(lang).to_string()}</h3>
            <p>{s.department.get(lang).to_string()} " · " {s.unit.get(lang).to_string()}</p>
            <p class="step-state">{s.state.label_on(s.late, lang)}</p>
            {s.due_on.clone().map(|d| view! { <p>{lang.t(Msg::CaseStepDue)} {lang.t(Msg::Colon)} {d}</p> })}
        </li>
    }
}

fn case_view(
    lang: Lang,
    c: crate::workflow::views::CaseView,
    rating: fn(Lang, &crate::workflow::views::CaseView) -> AnyView,
) -> AnyView {
    let title = format!("{} {}", lang.t(Msg::CaseTitle), c.case_no);
    let service = c.service.get(lang).to_string();
    let reviews: Vec<_> = c.steps.iter().filter(|s| s.kind == "review").collect();
    let later: Vec<_> = c
        .steps
        .iter()
        .filter(|s| !matches!(s.kind.as_str(), "review" | "acceptance"))
        .collect();
    let notice = c.notice.clone().map(|n| {
        let lead = n.lead_unit.get(lang).to_string();
        let requests = n
            .requests
            .iter()
            .map(|(department, what)| {
                view! { <li><strong>{department.get(lang).to_string()}</strong> {lang.t(Msg::Colon)} {what.clone()}</li> }
            })
            .collect_view();
        view! {
            <section class="notice-box" aria-labelledby="notice-h">
                <h2 id="notice-h">{lang.t(Msg::NoticeTitle)}</h2>
                <p>{lang.t(Msg::NoticeFrom)} " " {lead} " · " {n.issued_on.clone()}</p>
                <ul>{requests}</ul>
                <p>{lang.t(Msg::NoticePaused)}</p>
                <form method="post" action=format!("/cases/{}/supplement", c.case_no) enctype="multipart/form-data" class="form">
                    <div class="field">
                        <label for="answer">{lang.t(Msg::NoticeAnswer)}</label>
                        <textarea id="answer" name="answer" rows="3"></textarea>
                    </div>
                    <div class="field">
                        <label for="scan">{lang.t(Msg::UploadLabel)}</label>
                        <p class="hint" id="scan-hint">{lang.t(Msg::UploadHint)}</p>
                        <crate::applications::pages::ScanUpload lang=lang/>
                    </div>
                    <button type="submit" class="primary">{lang.t(Msg::NoticeSubmit)}</button>
                </form>
            </section>
        }
    });
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        <dl class="facts">
            {row(Msg::CaseService, service, lang)}
            {row(Msg::CaseStatus, c.status.label(lang).to_string(), lang)}
            {row(Msg::CaseAccepted, c.accepted_on.clone(), lang)}
            {row(Msg::CaseDue, c.due_on.clone(), lang)}
        </dl>
        {notice}
        {super::after::for_applicant(lang, &c)}
        <section aria-labelledby="parallel-h">
            <h2 id="parallel-h">{lang.t(Msg::CaseParallel)}</h2>
            <ul class="branches">{reviews.iter().map(|s| step_card(lang, s)).collect_view()}</ul>
        </section>
        <section aria-labelledby="after-h">
            <h2 id="after-h">{lang.t(Msg::CaseAfter)}</h2>
            <ol class="steps">{later.iter().map(|s| step_card(lang, s)).collect_view()}</ol>
        </section>
        <super::case_files::CaseFiles case_no=c.case_no.clone() lang=lang/>
        {rating(lang, &c)}
        <p><a href=format!("/cases/{}/receipt", c.case_no)>{lang.t(Msg::ReceiptTitle)}</a></p>
    }
    .into_any()
}

/// A file input that, once hydrated, uploads the chosen scan at once with a
/// progress bar and leaves only its id for the form; without JavaScript the
/// file travels with the form.
#[island]
pub fn ScanUpload(lang: Lang) -> impl IntoView {
    // Whole percents: formatting a float would bring Rust's float
    // printing into the WASM.
    let progress = RwSignal::new(None::<u32>);
    let uploaded = RwSignal::new(Vec::<UploadedFile>::new());
    let problem = RwSignal::new(None::<String>);
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            upload(file, input, progress, uploaded, problem, lang);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, lang);
    };
    view! {
        <input
            type="file"
            id="scan"
            name="scan"
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            aria-describedby="scan-hint"
            on:change=on_change
        />
        {move || progress.get().map(|p| view! {
            <progress max="100" value=p.to_string() aria-label=lang.t(Msg::UploadProgress)>{format!("{p}%")}</progress>
        })}
        <ul class="uploaded">
            {move || uploaded.get().into_iter().map(|f| view! {
                <li>{f.name} " ✓"<input type="hidden" name="uploads" value=f.id/></li>
            }).collect_view()}
        </ul>
        <p class="field-error" role="alert" hidden=move || problem.get().is_none()>{move || problem.get().unwrap_or_default()}</p>
    }
}

#[cfg(test)]
mod wire_tests {
    use super::*;
    use crate::applications::form::ChoiceOption;

    /// The form helper reads back every kind of field the server writes,
    /// with the same rules (labels aside).
    #[test]
    fn the_form_helper_reads_every_field_kind() {
        let label = |s: &str| Bilingual {
            zh: s.into(),
            en: s.into(),
        };
        let kinds = [
            FieldKind::Text { max_len: 50 },
            FieldKind::LongText { max_len: 2000 },
            FieldKind::Number {
                min: 1,
                max: 9,
                unit: Some(label("人")),
                places: 0,
            },
            FieldKind::Number {
                min: 1,
                max: 9,
                unit: Some(label("万元")),
                places: 2,
            },
            FieldKind::Date { past_only: true },
            FieldKind::Date { past_only: false },
            FieldKind::Choice {
                options: vec![ChoiceOption {
                    value: "a".into(),
                    label: label("甲"),
                }],
            },
            FieldKind::Address,
            FieldKind::IdNumber,
            FieldKind::CreditCode,
            FieldKind::Mobile,
            FieldKind::PersonName,
        ];
        for (i, kind) in kinds.into_iter().enumerate() {
            let def = FieldDef {
                key: format!("f{i}"),
                label: label("字段"),
                required: i % 2 == 0,
                hint: Some(label("提示")),
                org_hint: None,
                known: None,
                kind,
            };
            let json = serde_json::to_string(&vec![def.clone()]).unwrap();
            let read: Vec<FieldWire> = serde_json::from_str(&json).unwrap();
            let back = read
                .into_iter()
                .next()
                .and_then(FieldWire::into_def)
                .unwrap();
            let mut expected = def;
            expected.label = Bilingual::default();
            expected.hint = None;
            if let FieldKind::Number { unit, .. } = &mut expected.kind {
                *unit = None;
            }
            assert_eq!(back, expected);
        }
    }

    /// Help for organisations is shown only where organisations may apply.
    #[test]
    fn hints_for_organisations_only_where_they_may_apply() {
        let field = FieldDef {
            key: "applicant_id_number".into(),
            label: Bilingual::new("申请人公民身份号码", "Applicant's ID number"),
            required: true,
            hint: Some(Bilingual::new("18位居民身份证号码", "18-digit number")),
            org_hint: Some(Bilingual::new(
                "单位申请的，填写经办人的号码",
                "for organisations",
            )),
            known: None,
            kind: FieldKind::IdNumber,
        };
        let html = |organisations: bool| {
            let owner = leptos::prelude::Owner::new();
            owner.with(|| {
                answer_field(
                    Lang::Zh,
                    &field,
                    &RawAnswers::new(),
                    None,
                    &[],
                    false,
                    organisations,
                )
                .to_html()
            })
        };
        let individual = html(false);
        assert!(individual.contains("18位居民身份证号码") && !individual.contains("单位申请的"));
        assert!(html(true).contains("18位居民身份证号码；单位申请的，填写经办人的号码"));
    }
}
