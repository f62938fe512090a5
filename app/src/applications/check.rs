//! Check your answers (`/apply/check?service=|bundle=`): after the form,
//! every answer and every scan by material, each with a link that goes
//! back to its question, and the declaration (承诺) the applicant agrees to
//! before the application is submitted (`POST /apply/submit`). The
//! answers are the draft the form's "continue" kept; nothing is lost by
//! going back and forth. Also the error summary both pages share.

use super::form::{FieldDef, FieldKind};
use super::materials::{self, MaterialSlot};
use crate::{
    error::{set_response_status, AppError, FieldRefusal},
    i18n::{Bilingual, Lang, Msg},
    ui::{signed_in_as, use_prefs, Loaded},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// The anchor of a field's first control, where an error summary's link
/// goes (a choice's first option, an address's region).
pub fn anchor_of(fields: &[FieldDef], field: &str) -> String {
    match fields.iter().find(|f| f.key == field).map(|f| &f.kind) {
        Some(FieldKind::Choice { options }) => options
            .first()
            .map(|o| format!("{field}-{}", o.value))
            .unwrap_or_else(|| field.to_string()),
        Some(FieldKind::Address) => format!("{field}{}", super::form::ADDRESS_REGION),
        _ => field.to_string(),
    }
}

/// The error summary at the top of a refused form: what is wrong, each a
/// link to its field, its message naming the field. It takes the focus
/// when the page loads (and after the page router's swap).
pub fn error_summary(
    lang: Lang,
    fields: &[FieldDef],
    error: Option<&AppError>,
    errors: &[FieldRefusal],
) -> Option<AnyView> {
    if error.is_none() && errors.is_empty() {
        return None;
    }
    let general = error.map(|err| view! { <p>{err.message(lang)}</p> });
    let items = (!errors.is_empty()).then(|| {
        let items = errors
            .iter()
            .map(|err| {
                let href = format!("#{}", anchor_of(fields, &err.field));
                view! { <li><a href=href>{err.text.get(lang).to_string()}</a></li> }
            })
            .collect_view();
        view! { <p>{lang.t(Msg::ErrInvalidFields)}</p><ul>{items}</ul> }
    });
    Some(
        view! {
            <div class="notice error-summary" role="alert" tabindex="-1" autofocus=true>
                <h2 class="error-summary-title">{lang.t(Msg::ErrorSummaryTitle)}</h2>
                {general}
                {items}
            </div>
        }
        .into_any(),
    )
}

/// One answer as the check page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRow {
    pub label: Bilingual,
    /// As read (personal numbers masked), in both languages.
    pub value: Bilingual,
    /// Where "change" goes on the form; none for what the account fixes.
    pub change: Option<String>,
}

/// A section of answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckSection {
    pub heading: Bilingual,
    pub rows: Vec<CheckRow>,
}

/// What the check page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckView {
    pub target: (String, String),
    pub name: Bilingual,
    /// The form's address (the "change" links go to its anchors).
    pub form: String,
    pub sections: Vec<CheckSection>,
    /// Each material with the names of its scans.
    pub materials: Vec<(MaterialSlot, Vec<String>)>,
    pub idempotency_key: String,
    /// What the kept answers still lack (the form was left unfinished):
    /// then there is nothing to submit yet.
    pub problems: Vec<FieldRefusal>,
    /// No answers kept at all.
    pub missing: bool,
}

#[server(prefix = "/sfn", endpoint = "check_data")]
pub async fn check_data(
    service: Option<String>,
    bundle: Option<String>,
) -> Result<CheckView, AppError> {
    use super::{form, store};
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let (target, key) = super::Target::from_query(&service, &bundle)?;
    let t = store::load(&state.pool, target, &key).await?;
    let (target_name, query) = match target {
        super::Target::Item => (
            "service",
            format!("service={}", crate::catalog::find::encode(&key)),
        ),
        super::Target::Bundle => (
            "bundle",
            format!("bundle={}", crate::catalog::find::encode(&key)),
        ),
    };
    let form_url = format!("/apply?{query}");
    let raw = store::load_draft(&state.pool, &state.data_key, &me, &t).await?;
    let uploads = store::draft_uploads(&state.pool, &me, &t).await?;
    let chosen: Vec<_> = uploads.iter().map(|(c, _)| c.clone()).collect();
    let today = state.now.today();
    let (answers, problems) = match &raw {
        Some(raw) => {
            match store::check(&state.pool, &state.data_key, &me, &t, raw, &chosen, today).await {
                Ok(a) => (a, Vec::new()),
                Err(AppError::InvalidAnswers { fields }) => (Default::default(), fields),
                Err(other) => return Err(other),
            }
        }
        None => (Default::default(), Vec::new()),
    };
    let facts = crate::accounts::store::facts(&state.pool, &state.data_key, &me).await?;
    let fixed: Vec<String> = form::prefill(&t.fields, &facts)
        .fixed
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    // An address shows its region's name, not its code (issue 17).
    let mut region_names = std::collections::HashMap::new();
    for a in answers.values() {
        if let form::Answer::Address { region, .. } = a {
            if let Some(r) = crate::regions::store::get(&state.pool, *region).await? {
                region_names.insert(*region, r.name);
            }
        }
    }
    let asked: Vec<FieldDef> = t
        .fields
        .iter()
        .filter(|f| t.given.asks(&f.key))
        .cloned()
        .collect();
    let sections = form::sections(
        &asked,
        &t.parts
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    p.fields.iter().map(|f| f.key.clone()).collect(),
                )
            })
            .collect::<Vec<_>>(),
    )
    .into_iter()
    .map(|s| CheckSection {
        heading: s.heading,
        rows: s
            .fields
            .iter()
            .filter_map(|k| asked.iter().find(|f| &f.key == k))
            .map(|f| CheckRow {
                label: f.label.clone(),
                value: match answers.get(&f.key) {
                    Some(form::Answer::Address { region, detail }) => {
                        match region_names.get(region) {
                            Some(name) => Bilingual::each(|l| format!("{} {detail}", name.get(l))),
                            None => Bilingual::each(|l| answers[&f.key].display(f, l)),
                        }
                    }
                    Some(a) => Bilingual::each(|l| a.display(f, l)),
                    None => Bilingual::of(Msg::CheckNotGiven),
                },
                change: (!fixed.contains(&f.key))
                    .then(|| format!("{form_url}#{}", anchor_of(&asked, &f.key))),
            })
            .collect(),
    })
    .collect();
    let materials = t
        .materials
        .iter()
        .map(|slot| {
            let names = uploads
                .iter()
                .filter(|(c, _)| c.material == slot.key)
                .map(|(_, n)| n.clone())
                .collect();
            (slot.clone(), names)
        })
        .collect();
    Ok(CheckView {
        target: (target_name.into(), key),
        name: t.name.clone(),
        form: form_url,
        sections,
        materials,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        problems,
        missing: raw.is_none(),
    })
}

/// A refused submission sent back to the check page: each problem at its
/// place (the declaration's check box), the key kept.
#[derive(Debug, Clone, Default)]
pub struct CheckEcho {
    pub errors: Vec<FieldRefusal>,
    pub error: Option<AppError>,
    pub idempotency_key: Option<String>,
}

/// The address of a page of the form (`base?service=…` or
/// `base?bundle=…`), to come back to after signing in.
pub fn own_path(base: &str, query: Memo<leptos_router::params::ParamsMap>) -> String {
    query.with_untracked(|q| {
        let mut p = base.to_string();
        if let Some(s) = q.get("service") {
            p.push_str(&format!("?service={s}"));
        } else if let Some(b) = q.get("bundle") {
            p.push_str(&format!("?bundle={b}"));
        }
        p
    })
}

/// `/apply/check?service=CODE` or `?bundle=REGION/KEY`.
#[component]
pub fn CheckPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::CheckTitle);
    let query = use_query_map();
    let path = own_path("/apply/check", query);
    if let Err(refused) = signed_in_as(lang, title, &path, None) {
        return refused;
    }
    let echo = use_context::<CheckEcho>();
    let data = Resource::new(
        move || query.with(|q| (q.get("service"), q.get("bundle"))),
        |(service, bundle)| check_data(service, bundle),
    );
    view! {
        <Loaded data title view=move |d| check_view(lang, d, echo.clone())/>
    }
    .into_any()
}

fn check_view(lang: Lang, d: CheckView, echo: Option<CheckEcho>) -> AnyView {
    let title = lang.t(Msg::CheckTitle);
    let name = d.name.get(lang).to_string();
    let back = view! { <p><a href=d.form.clone()>{lang.t(Msg::CheckBackToForm)}</a></p> };
    if d.missing || !d.problems.is_empty() {
        set_response_status(if d.missing { 404 } else { 422 });
        let problems = d
            .problems
            .iter()
            .map(|p| view! { <li>{p.text.get(lang).to_string()}</li> })
            .collect_view();
        return view! {
            <Title text=title/>
            <h1>{title}</h1>
            <p class="lead">{name}</p>
            <div class="notice" role="alert">
                <p>{lang.t(Msg::CheckIncomplete)}</p>
                <ul>{problems}</ul>
            </div>
            {back}
        }
        .into_any();
    }
    let (errors, error, key) = match &echo {
        Some(e) => (
            e.errors.clone(),
            e.error.clone(),
            e.idempotency_key
                .clone()
                .unwrap_or(d.idempotency_key.clone()),
        ),
        None => (Vec::new(), None, d.idempotency_key.clone()),
    };
    if let Some(err) = &error {
        set_response_status(err.status());
    } else if !errors.is_empty() {
        set_response_status(422);
    }
    let summary = error_summary(lang, &[], error.as_ref(), &errors);
    let declaration_error = errors
        .iter()
        .find(|e| e.field == "declaration")
        .map(|e| e.text.get(lang).to_string());
    let change_text = lang.t(Msg::CheckChange);
    let change = move |href: Option<String>, what: String| {
        href.map(|href| {
            view! { <a href=href class="change">{change_text}<span class="sr-only">" " {what}</span></a> }
        })
    };
    let sections = d
        .sections
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let id = format!("check-{}", n + 1);
            let rows = s
                .rows
                .iter()
                .map(|r| {
                    let label = r.label.get(lang).to_string();
                    view! {
                        <div class="check-row">
                            <dt>{label.clone()}</dt>
                            <dd>{r.value.get(lang).to_string()}</dd>
                            <dd class="check-change">{change(r.change.clone(), label)}</dd>
                        </div>
                    }
                })
                .collect_view();
            let labelled = id.clone();
            view! {
                <section class="check-section" aria-labelledby=labelled>
                    <h2 id=id>{s.heading.get(lang).to_string()}</h2>
                    <dl class="check-list">{rows}</dl>
                </section>
            }
        })
        .collect_view();
    let materials = d
        .materials
        .iter()
        .map(|(slot, names)| {
            let label = slot.name.get(lang).to_string();
            let shown = if names.is_empty() {
                lang.t(Msg::CheckNoFile).to_string()
            } else {
                names.join(lang.t(Msg::ListSeparator))
            };
            let href = Some(format!("{}#{}", d.form, materials::input_id(&slot.key)));
            view! {
                <div class="check-row">
                    <dt>{label.clone()}</dt>
                    <dd>{shown}</dd>
                    <dd class="check-change">{change(href, label)}</dd>
                </div>
            }
        })
        .collect_view();
    let (target_name, target_value) = d.target.clone();
    view! {
        <Title text=format!("{title} · {name}")/>
        <h1>{title}</h1>
        {summary}
        <p class="lead">{name}</p>
        <p>{lang.t(Msg::CheckAbout)}</p>
        {sections}
        <section class="check-section" aria-labelledby="check-materials">
            <h2 id="check-materials">{lang.t(Msg::ApplyMaterials)}</h2>
            <dl class="check-list">{materials}</dl>
        </section>
        <form method="post" action="/apply/submit" class="form declaration-form">
            <input type="hidden" name=target_name value=target_value/>
            <input type="hidden" name="idempotency_key" value=key/>
            <fieldset class="field declaration" class:invalid=declaration_error.is_some() aria-describedby="declaration-text declaration-error">
                <legend><h2 class="legend-heading">{lang.t(Msg::DeclarationTitle)}</h2></legend>
                <p id="declaration-text">{lang.t(Msg::DeclarationText)}</p>
                <p class="field-error" id="declaration-error" hidden=declaration_error.is_none()>
                    {declaration_error.clone().unwrap_or_default()}
                </p>
                <label class="choice" for="declaration">
                    <input type="checkbox" id="declaration" name="declaration" value="yes"/>
                    {lang.t(Msg::DeclarationAgree)}
                </label>
            </fieldset>
            <button type="submit" class="primary">{lang.t(Msg::ApplySubmit)}</button>
        </form>
        {back}
    }
    .into_any()
}
