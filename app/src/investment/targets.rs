//! The per-region target of investment projects (审批时限目标): the whole
//! process from approval to acceptance in at most so many working days.
//! A project takes its region's target, else its city's, else the
//! province's, else [`super::DEFAULT_TARGET_DAYS`]
//! (`store::target_days`), copied when it is registered: a change applies
//! only to projects registered afterwards. Administrators set and clear
//! the targets (`/admin/investment-targets`), each change audited.

use crate::{
    error::{AppError, FieldRefusal},
    i18n::{Bilingual, Lang, Msg},
    regions::{RegionChoices, RegionCode},
    ui::{region_options, signed_in_as, use_prefs, Loaded},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// The fewest and most working days a region's target may be.
pub const TARGET_DAYS: std::ops::RangeInclusive<u16> = 1..=400;

/// A region's target in working days, 1 to 400.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TargetDays(u16);

impl TargetDays {
    /// A whole number of working days from 1 to 400, as typed (spaces
    /// around it allowed).
    pub fn parse(text: &str) -> Option<TargetDays> {
        let text = text.trim();
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) || text.len() > 3 {
            return None;
        }
        text.parse::<u16>()
            .ok()
            .filter(|d| TARGET_DAYS.contains(d))
            .map(TargetDays)
    }

    pub fn get(self) -> u16 {
        self.0
    }
}

/// Why a target is refused, at its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetProblem {
    /// Not a whole number from 1 to 400.
    Days,
    /// Not a region of the tree.
    Region,
    /// Neither "set" nor "clear".
    Action,
}

impl TargetProblem {
    pub fn at(self, field: &str) -> FieldRefusal {
        let msg = match self {
            TargetProblem::Days => Msg::InvErrTargetDays,
            TargetProblem::Region => Msg::InvErrTargetRegion,
            TargetProblem::Action => Msg::InvErrTargetAction,
        };
        FieldRefusal::new(field, &self, Bilingual::of(msg))
    }
}

/// A target as sent: `{"days": 90}` (a number, or its text from a form).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetBody {
    /// Working days, 1 to 400.
    #[cfg_attr(feature = "ssr", schema(value_type = u16, example = 90))]
    #[serde(default)]
    pub days: serde_json::Value,
}

impl TargetBody {
    /// The days, or the refusal at `days`.
    pub fn parse(&self) -> Result<TargetDays, AppError> {
        let text = match &self.days {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.clone(),
            _ => String::new(),
        };
        TargetDays::parse(&text).ok_or_else(|| AppError::InvalidFields {
            fields: vec![TargetProblem::Days.at("days")],
        })
    }
}

/// What a target's form asks: set `region`'s target to `days`, or clear it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetChange {
    Set(RegionCode, TargetDays),
    Clear(RegionCode),
}

impl TargetChange {
    /// The form's `region`, `days` and `action` (`set` or `clear`): every
    /// problem at its field (the days are not read to clear).
    pub fn parse(region: &str, days: &str, action: &str) -> Result<TargetChange, AppError> {
        let mut refused = Vec::new();
        let region = RegionCode::parse(region.trim())
            .map_err(|_| refused.push(TargetProblem::Region.at("region")))
            .ok();
        let change = match action.trim() {
            "set" | "" => {
                let days = TargetDays::parse(days);
                if days.is_none() {
                    refused.push(TargetProblem::Days.at("days"));
                }
                region.zip(days).map(|(r, d)| TargetChange::Set(r, d))
            }
            "clear" => region.map(TargetChange::Clear),
            _ => {
                refused.push(TargetProblem::Action.at("action"));
                None
            }
        };
        match change {
            Some(c) if refused.is_empty() => Ok(c),
            _ => Err(AppError::InvalidFields { fields: refused }),
        }
    }
}

/// A region's target as listed.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = InvestmentTarget))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetLine {
    /// The region code (GB/T 2260).
    pub region_code: u32,
    pub region: Bilingual,
    /// Working days.
    pub days: u16,
}

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
    let problem = |name: &str| {
        echo.errors
            .iter()
            .find(|e| e.field == name)
            .map(|e| e.text.get(lang).to_string())
    };
    let summary = (echo.error.is_some() || !echo.errors.is_empty()).then(|| {
        let status = echo.error.as_ref().map_or(422, AppError::status);
        crate::error::set_response_status(status);
        let general = echo.error.as_ref().map(|e| view! { <p>{e.message(lang)}</p> });
        let items = echo
            .errors
            .iter()
            .map(|e| view! { <li><a href=format!("#target-{}", e.field)>{e.text.get(lang).to_string()}</a></li> })
            .collect_view();
        view! {
            <div class="notice error-summary" role="alert" tabindex="-1">
                <h2 class="error-summary-title">{lang.t(Msg::ErrorSummaryTitle)}</h2>
                {general}
                <ul>{items}</ul>
            </div>
        }
    });
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
    let field_error = |name: &str, error: Option<String>| {
        let hidden = error.is_none();
        view! {
            <p class="field-error" id=format!("target-{name}-error") role="alert" hidden=hidden>
                {error.unwrap_or_default()}
            </p>
        }
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_whole_days_from_1_to_400() {
        assert_eq!(TargetDays::parse("1").map(TargetDays::get), Some(1));
        assert_eq!(TargetDays::parse(" 90 ").map(TargetDays::get), Some(90));
        assert_eq!(TargetDays::parse("400").map(TargetDays::get), Some(400));
        for bad in [
            "0", "401", "-5", "9.5", "1e2", "", "九十", "１２", "0090", "65536",
        ] {
            assert_eq!(TargetDays::parse(bad), None, "{bad}");
        }
        let body: TargetBody = serde_json::from_str(r#"{"days": 120}"#).unwrap();
        assert_eq!(body.parse().unwrap().get(), 120);
        let body: TargetBody = serde_json::from_str(r#"{"days": 120.5}"#).unwrap();
        assert!(body.parse().is_err());
        let body: TargetBody = serde_json::from_str(r#"{}"#).unwrap();
        assert!(body.parse().is_err());
    }

    #[test]
    fn a_change_sets_or_clears_and_names_every_bad_field() {
        let gz = RegionCode::parse("440100").unwrap();
        assert_eq!(
            TargetChange::parse("440100", "90", "set").unwrap(),
            TargetChange::Set(gz, TargetDays(90))
        );
        assert_eq!(
            TargetChange::parse("440100", "", "clear").unwrap(),
            TargetChange::Clear(gz)
        );
        let Err(AppError::InvalidFields { fields }) = TargetChange::parse("44", "0", "set") else {
            panic!("refused")
        };
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["region", "days"]);
        assert!(fields[1].text.get(Lang::En).contains("1 to 400"));
        assert!(TargetChange::parse("440100", "90", "drop").is_err());
    }
}
