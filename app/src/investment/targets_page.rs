//! The targets' page (`/admin/investment-targets`): the targets regions
//! set and the form to set or clear one, for administrators.

use super::targets::TargetLine;
use crate::{
    error::AppError,
    i18n::{Lang, Msg},
    regions::RegionChoices,
    ui::{
        error_summary, field_error, field_problem, region_options, signed_in_as, use_prefs, Loaded,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// What the targets' page needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetsPageData {
    pub lines: Vec<TargetLine>,
    pub regions: RegionChoices,
}

#[server(prefix = "/sfn", endpoint = "investment_targets_data")]
pub async fn investment_targets_data() -> Result<TargetsPageData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let lines = super::targets_store::list(&state.pool, &me).await?;
    let regions = RegionChoices::of(&crate::regions::store::all(&state.pool).await?);
    Ok(TargetsPageData { lines, regions })
}

/// `/admin/investment-targets`: the targets set by region and the form to
/// set or clear one (administrators only); a refused post comes back with
/// what was typed and the problem at its field.
#[component]
pub fn InvestmentTargetsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::InvTargetsTitle);
    if let Err(refused) = signed_in_as(
        lang,
        title,
        "/admin/investment-targets",
        Some(crate::accounts::Role::Admin),
    ) {
        return refused;
    }
    let done = use_query_map().with_untracked(|q| q.get("done"));
    let echo = crate::accounts::FormEcho::current();
    let data = Resource::new(|| (), |_| investment_targets_data());
    view! {
        <Loaded data title view=move |d| targets_view(lang, d, done.clone(), echo.clone())/>
    }
    .into_any()
}

fn targets_view(
    lang: Lang,
    d: TargetsPageData,
    done: Option<String>,
    echo: crate::accounts::FormEcho,
) -> impl IntoView {
    let title = lang.t(Msg::InvTargetsTitle);
    let done = done
        .and_then(|d| match d.as_str() {
            "set" => Some(Msg::InvTargetsDoneSet),
            "cleared" => Some(Msg::InvTargetsDoneCleared),
            _ => None,
        })
        .map(|m| view! { <p class="notice success" role="status">{lang.t(m)}</p> });
    let problem = |name: &str| field_problem(&echo, lang, name);
    let summary = error_summary(lang, &echo, "target");
    let table = if d.lines.is_empty() {
        view! { <p>{lang.t(Msg::InvTargetsNone)}</p> }.into_any()
    } else {
        let rows = d
            .lines
            .iter()
            .map(|l| {
                view! {
                    <tr>
                        <th scope="row" data-label=lang.t(Msg::InvTargetsRegion)>{l.region.get(lang).to_string()}</th>
                        <td data-label=lang.t(Msg::InvTargetsCode)>{l.region_code}</td>
                        <td data-label=lang.t(Msg::InvTargetsDays)>{l.days}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table>
                <caption>{lang.t(Msg::InvTargetsCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{lang.t(Msg::InvTargetsRegion)}</th>
                        <th scope="col">{lang.t(Msg::InvTargetsCode)}</th>
                        <th scope="col">{lang.t(Msg::InvTargetsDays)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let region_problem = problem("region");
    let days_problem = problem("days");
    let field_error = |name: &str, error: Option<String>| field_error("target", name, error);
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {done}
        <p class="about">{lang.t(Msg::InvTargetsAbout)}</p>
        <p class="notice">{lang.t(Msg::InvTargetsOnlyNew)}</p>
        <section aria-labelledby="targets-h">
            <h2 id="targets-h">{lang.t(Msg::InvTargetsCaption)}</h2>
            {table}
        </section>
        <section aria-labelledby="target-form-h">
            <h2 id="target-form-h">{lang.t(Msg::InvTargetsFormTitle)}</h2>
            {summary}
            <form method="post" action="/admin/investment-targets" class="form" novalidate=true>
                <div class="field" class:invalid=region_problem.is_some()>
                    <label for="target-region">{lang.t(Msg::InvTargetsRegion)}</label>
                    <select id="target-region" name="region" required=true
                        aria-invalid=region_problem.as_ref().map(|_| "true") aria-describedby="target-region-error">
                        {region_options(lang, &d.regions, &echo.value("region"))}
                    </select>
                    {field_error("region", region_problem.clone())}
                </div>
                <div class="field" class:invalid=days_problem.is_some()>
                    <label for="target-days">{lang.t(Msg::InvTargetsDays)}</label>
                    <p class="hint" id="target-days-hint">{lang.t(Msg::InvTargetsDaysHint)}</p>
                    <input type="number" id="target-days" name="days" min="1" max="400" inputmode="numeric"
                        value=echo.value("days")
                        aria-invalid=days_problem.as_ref().map(|_| "true")
                        aria-describedby="target-days-error target-days-hint"/>
                    {field_error("days", days_problem.clone())}
                </div>
                <button type="submit" class="primary" name="action" value="set">{lang.t(Msg::InvTargetsSet)}</button>
                " "
                <button type="submit" name="action" value="clear">{lang.t(Msg::InvTargetsClear)}</button>
            </form>
        </section>
        <p><a href="/admin">{lang.t(Msg::AdminTitle)}</a></p>
    }
}
