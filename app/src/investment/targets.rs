//! The per-region target of investment projects (审批时限目标): the whole
//! process from approval to acceptance in at most so many working days.
//! A project takes its region's target, else its city's, else the
//! province's, else [`super::DEFAULT_TARGET_DAYS`]
//! (`store::target_days`), copied when it is registered: a change applies
//! only to projects registered afterwards. Administrators set and clear
//! the targets (`/admin/investment-targets`, `targets_page`), each change
//! audited.

use crate::{
    error::{AppError, FieldRefusal},
    i18n::{Bilingual, Msg},
    regions::RegionCode,
};
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

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
