//! Regions: the province, its 21 prefecture-level cities and their
//! districts/counties, with real administrative division codes (GB/T 2260).
//! Every department, item, case and statistic belongs to one.

mod code;
#[cfg(feature = "ssr")]
pub mod store;

pub use code::RegionCode;

/// The province's code (广东省): the root of the tree, the figures' default
/// region; its own departments are in no city.
pub const PROVINCE: u32 = 440000;

use crate::{error::AppError, i18n::Bilingual};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The level of a region in the tree.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = RegionLevel))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The province (省).
    Province,
    /// A prefecture-level city (地级市).
    City,
    /// A district or county (区/县).
    County,
}

impl Level {
    /// Parses the level as written in the reference data and the database.
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "province" => Some(Level::Province),
            "city" => Some(Level::City),
            "county" => Some(Level::County),
            _ => None,
        }
    }

    /// The name used in the reference data and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
        }
    }
}

/// One region with its names in both languages.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    pub code: RegionCode,
    pub parent: Option<RegionCode>,
    pub level: Level,
    pub name: Bilingual,
}

/// A region with its children, as the API serves the tree.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionNode {
    #[serde(flatten)]
    pub region: Region,
    #[cfg_attr(feature = "ssr", schema(no_recursion))]
    pub children: Vec<RegionNode>,
}

/// Why a set of regions is not a valid tree.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionDataError {
    #[error("line {line}: {reason}")]
    Line { line: usize, reason: String },
    #[error("region {code} names parent {parent}, which is not listed before it")]
    MissingParent {
        code: RegionCode,
        parent: RegionCode,
    },
    #[error("region {0} is listed twice")]
    Duplicate(RegionCode),
    #[error("region {code}: a {level} cannot sit under a {parent_level}")]
    WrongLevel {
        code: RegionCode,
        level: &'static str,
        parent_level: &'static str,
    },
}

/// Checks that regions form a proper tree: unique codes, parents listed
/// first, province → city → county.
pub fn check_tree(regions: &[Region]) -> Result<(), RegionDataError> {
    let mut seen = std::collections::HashMap::new();
    for r in regions {
        match (r.level, r.parent.map(|p| seen.get(&p).copied())) {
            (Level::Province, None) => {}
            (_, Some(None)) => {
                return Err(RegionDataError::MissingParent {
                    code: r.code,
                    parent: r.parent.unwrap_or(r.code),
                })
            }
            (level, Some(Some(parent_level)))
                if (level == Level::City && parent_level == Level::Province)
                    || (level == Level::County && parent_level == Level::City) => {}
            (level, parent_level) => {
                return Err(RegionDataError::WrongLevel {
                    code: r.code,
                    level: level.as_str(),
                    parent_level: parent_level.flatten().map_or("nothing", Level::as_str),
                })
            }
        }
        if seen.insert(r.code, r.level).is_some() {
            return Err(RegionDataError::Duplicate(r.code));
        }
    }
    Ok(())
}

/// Builds the nested tree from a flat list whose parents come first.
pub fn build_tree(regions: &[Region]) -> Vec<RegionNode> {
    fn children_of(regions: &[Region], parent: Option<RegionCode>) -> Vec<RegionNode> {
        regions
            .iter()
            .filter(|r| r.parent == parent)
            .map(|r| RegionNode {
                region: r.clone(),
                children: children_of(regions, Some(r.code)),
            })
            .collect()
    }
    children_of(regions, None)
}

/// A city with its districts and counties: (code, name, each county's
/// (code, name)).
pub type CityGroup = (String, Bilingual, Vec<(String, Bilingual)>);

/// The regions a form's select offers: the province, then each city with
/// its districts and counties.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionChoices {
    /// The province: (code, name).
    pub province: Option<(String, Bilingual)>,
    pub cities: Vec<CityGroup>,
}

impl RegionChoices {
    /// The choices of a flat list (parents first): its province, its cities
    /// and their counties.
    pub fn of(all: &[Region]) -> RegionChoices {
        let province = all.iter().find(|r| r.level == Level::Province);
        let cities = all
            .iter()
            .filter(|r| r.level == Level::City && r.parent == province.map(|p| p.code))
            .map(|city| {
                let counties = all
                    .iter()
                    .filter(|r| r.parent == Some(city.code))
                    .map(|r| (r.code.to_string(), r.name.clone()))
                    .collect();
                (city.code.to_string(), city.name.clone(), counties)
            })
            .collect();
        RegionChoices {
            province: province.map(|r| (r.code.to_string(), r.name.clone())),
            cities,
        }
    }
}

/// All regions, parents before children (province, cities by code, counties).
#[server(prefix = "/sfn", endpoint = "regions")]
pub async fn list_regions() -> Result<Vec<Region>, AppError> {
    let state = crate::state::AppState::from_context()?;
    store::all(&state.pool).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(code: u32, parent: Option<u32>, level: Level) -> Region {
        Region {
            code: RegionCode::parse(&code.to_string()).unwrap(),
            parent: parent.map(|p| RegionCode::parse(&p.to_string()).unwrap()),
            level,
            name: Bilingual::new(format!("区{code}"), format!("R{code}")),
        }
    }

    #[test]
    fn a_proper_tree_passes_and_nests() {
        let rs = vec![
            r(440000, None, Level::Province),
            r(440100, Some(440000), Level::City),
            r(440103, Some(440100), Level::County),
            r(440300, Some(440000), Level::City),
        ];
        check_tree(&rs).unwrap();
        let tree = build_tree(&rs);
        assert_eq!(tree.len(), 1);
        assert_eq!(tree[0].children.len(), 2);
        assert_eq!(
            tree[0].children[0].children[0].region.code.to_string(),
            "440103"
        );
    }

    #[test]
    fn orphans_duplicates_and_wrong_levels_are_refused() {
        let orphan = vec![
            r(440000, None, Level::Province),
            r(440103, Some(440100), Level::County),
        ];
        assert!(matches!(
            check_tree(&orphan),
            Err(RegionDataError::MissingParent { .. })
        ));
        let dup = vec![
            r(440000, None, Level::Province),
            r(440000, None, Level::Province),
        ];
        assert!(matches!(
            check_tree(&dup),
            Err(RegionDataError::Duplicate(_))
        ));
        let wrong = vec![
            r(440000, None, Level::Province),
            r(440103, Some(440000), Level::County),
        ];
        assert!(matches!(
            check_tree(&wrong),
            Err(RegionDataError::WrongLevel { .. })
        ));
    }
}
