//! A service item (服务事项) with everything its page shows.

use super::{
    codes::{CodeError, DeptCode, ServiceCode, TimeLimits, WorkingDays},
    vocab::{Applicant, Group, ItemKind, LifeEvent, OnlineDepth, Stage, Theme},
};
use crate::regions::{Level, RegionCode};
use serde::{Deserialize, Serialize};

pub use crate::i18n::Bilingual;

/// A required material (所需材料).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Material {
    pub name: Bilingual,
    pub required: bool,
    /// A scan may replace the original (扫描件可替代原件).
    pub scan_accepted: bool,
    /// Paper copies to hand in (0–10).
    pub copies: u8,
    pub notes: Bilingual,
}

/// One step of the item's process outline, owned by a unit.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessStep {
    pub name: Bilingual,
    pub unit: Bilingual,
    pub limit: WorkingDays,
}

/// What applying costs.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Fee {
    Free,
    /// A fee in fen (0.01 yuan), with the document that sets it.
    Charged {
        fen: u32,
        basis: Bilingual,
    },
}

/// Why an item is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItemError {
    #[error(transparent)]
    Code(#[from] CodeError),
    #[error("{0} is missing or lacks a translation")]
    Incomplete(&'static str),
    #[error("the steps take {steps} working days, more than the statutory {statutory}")]
    StepsExceedLimit { steps: u32, statutory: u16 },
    #[error("at most 10 copies of a material")]
    TooManyCopies,
    #[error("an item needs at least one process step")]
    NoSteps,
    #[error("a fee is written in yuan with at most two decimals, e.g. 9.00")]
    Fee,
}

/// A service item as the catalog keeps it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceItem {
    pub code: ServiceCode,
    /// The template it was made from; the same service in every city shares it.
    pub key: String,
    pub region: RegionCode,
    pub level: Level,
    pub dept: DeptCode,
    pub name: Bilingual,
    pub aliases_zh: Vec<String>,
    pub aliases_en: Vec<String>,
    pub kind: ItemKind,
    pub applicant: Applicant,
    pub online_depth: OnlineDepth,
    /// A visit can be booked online (在线预约).
    pub appointment: bool,
    pub themes: Vec<Theme>,
    pub life_events: Vec<LifeEvent>,
    pub groups: Vec<Group>,
    pub stages: Vec<Stage>,
    pub conditions: Vec<Bilingual>,
    pub materials: Vec<Material>,
    pub basis: Vec<Bilingual>,
    pub limits: TimeLimits,
    pub fee: Fee,
    pub place: Bilingual,
    pub hours: Bilingual,
    pub steps: Vec<ProcessStep>,
}

impl ServiceItem {
    /// Checks what the types alone cannot: translations present, the outline
    /// within the statutory limit, sane copies.
    pub fn validate(&self) -> Result<(), ItemError> {
        let complete = |b: &Bilingual, what| {
            b.is_complete()
                .then_some(())
                .ok_or(ItemError::Incomplete(what))
        };
        complete(&self.name, "the name")?;
        complete(&self.place, "the place")?;
        complete(&self.hours, "the opening hours")?;
        self.conditions
            .iter()
            .try_for_each(|c| complete(c, "a condition"))?;
        self.basis
            .iter()
            .try_for_each(|b| complete(b, "a legal basis"))?;
        for m in &self.materials {
            complete(&m.name, "a material's name")?;
            if m.copies > 10 {
                return Err(ItemError::TooManyCopies);
            }
        }
        if self.steps.is_empty() {
            return Err(ItemError::NoSteps);
        }
        for s in &self.steps {
            complete(&s.name, "a step's name")?;
            complete(&s.unit, "a step's unit")?;
        }
        let steps: u32 = self.steps.iter().map(|s| u32::from(s.limit.get())).sum();
        let statutory = self.limits.statutory().get();
        if steps > u32::from(statutory) {
            return Err(ItemError::StepsExceedLimit { steps, statutory });
        }
        if let Fee::Charged { basis, .. } = &self.fee {
            complete(basis, "the fee's basis")?;
        }
        Ok(())
    }
}

/// Parses a fee in yuan (`"9.00"`, `"50"`, `"0.5"`) into fen.
pub fn parse_yuan(s: &str) -> Result<u32, ItemError> {
    let (whole, frac) = s.trim().split_once('.').unwrap_or((s.trim(), ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 2 {
        return Err(ItemError::Fee);
    }
    let whole: u32 = whole.parse().map_err(|_| ItemError::Fee)?;
    let frac: u32 = format!("{frac:0<2}").parse().map_err(|_| ItemError::Fee)?;
    whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(frac))
        .ok_or(ItemError::Fee)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> ServiceItem {
        let d = |n| WorkingDays::new(n).unwrap();
        ServiceItem {
            code: ServiceCode::parse("440100-MZJ-0001").unwrap(),
            key: "marriage-registration".into(),
            region: RegionCode::parse("440100").unwrap(),
            level: Level::City,
            dept: DeptCode::parse("MZJ").unwrap(),
            name: Bilingual::new(
                "内地居民婚姻登记",
                "Marriage registration for mainland residents",
            ),
            aliases_zh: vec!["结婚登记".into()],
            aliases_en: vec!["marriage certificate".into()],
            kind: ItemKind::Confirmation,
            applicant: Applicant::Individual,
            online_depth: OnlineDepth::ApplyOnline,
            appointment: true,
            themes: vec![Theme::MarriageFamily],
            life_events: vec![LifeEvent::Marriage],
            groups: vec![],
            stages: vec![],
            conditions: vec![Bilingual::new("双方自愿", "Both parties consent freely")],
            materials: vec![Material {
                name: Bilingual::new("居民身份证", "Resident identity card"),
                required: true,
                scan_accepted: false,
                copies: 0,
                notes: Bilingual::default(),
            }],
            basis: vec![Bilingual::new(
                "《婚姻登记条例》第四条",
                "Marriage Registration Regulations, art. 4",
            )],
            limits: TimeLimits::new(d(1), d(0)).unwrap(),
            fee: Fee::Free,
            place: Bilingual::new("各区婚姻登记处", "District marriage registries"),
            hours: Bilingual::new("周一至周五", "Monday to Friday"),
            steps: vec![ProcessStep {
                name: Bilingual::new("受理", "Acceptance"),
                unit: Bilingual::new("婚姻登记处", "Marriage Registry"),
                limit: d(0),
            }],
        }
    }

    #[test]
    fn a_complete_item_is_valid() {
        sample().validate().unwrap();
    }

    #[test]
    fn missing_translations_and_long_outlines_are_refused() {
        let mut item = sample();
        item.name.en.clear();
        assert_eq!(item.validate(), Err(ItemError::Incomplete("the name")));
        let mut item = sample();
        item.steps[0].limit = WorkingDays::new(2).unwrap();
        assert_eq!(
            item.validate(),
            Err(ItemError::StepsExceedLimit {
                steps: 2,
                statutory: 1
            })
        );
        let mut item = sample();
        item.steps.clear();
        assert_eq!(item.validate(), Err(ItemError::NoSteps));
        let mut item = sample();
        item.materials[0].copies = 11;
        assert_eq!(item.validate(), Err(ItemError::TooManyCopies));
    }

    #[test]
    fn fees_in_yuan() {
        assert_eq!(parse_yuan("9.00"), Ok(900));
        assert_eq!(parse_yuan("50"), Ok(5000));
        assert_eq!(parse_yuan("0.5"), Ok(50));
        for bad in ["", "9.001", "-1", "a", "9,00", ".5"] {
            assert_eq!(parse_yuan(bad), Err(ItemError::Fee), "{bad:?}");
        }
    }
}
