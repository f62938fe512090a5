//! The demo catalog shipped in `server/seed/catalog/` (format: FORMAT.md
//! there): provincial departments and items, and city templates made into
//! one department and one item for each of the 21 cities.

use super::{
    codes::{DeptCode, ServiceCode, TimeLimits, WorkingDays},
    department::{Department, Unit},
    item::{parse_yuan, Bilingual, Fee, ItemError, Material, ProcessStep, ServiceItem},
    vocab::{Applicant, Group, ItemKind, LifeEvent, OnlineDepth, Stage, Theme},
};
use crate::regions::{Level, Region, RegionCode};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

/// Why the demo catalog cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("{file}: {source}")]
    Json {
        file: String,
        source: serde_json::Error,
    },
    #[error("item {key}: {reason}")]
    Item { key: String, reason: String },
    #[error("department {0}: {1}")]
    Department(String, String),
    #[error("the regions lack the province 440000")]
    NoProvince,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedDepartments {
    province: Vec<SeedDepartment>,
    city_templates: Vec<SeedDepartment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedDepartment {
    code: String,
    name_zh: String,
    name_en: String,
    #[serde(default)]
    units: Vec<SeedUnit>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedUnit {
    name_zh: String,
    name_en: String,
    posts: Vec<SeedText>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedText {
    name_zh: String,
    name_en: String,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Scope {
    Province,
    City,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedMaterial {
    name_zh: String,
    name_en: String,
    required: bool,
    scan_accepted: bool,
    copies: u8,
    #[serde(default)]
    notes_zh: String,
    #[serde(default)]
    notes_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedStep {
    name_zh: String,
    name_en: String,
    unit_zh: String,
    unit_en: String,
    days: u16,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedItem {
    key: String,
    scope: Scope,
    dept: String,
    name_zh: String,
    name_en: String,
    #[serde(default)]
    aliases_zh: Vec<String>,
    #[serde(default)]
    aliases_en: Vec<String>,
    kind: ItemKind,
    applicant: Applicant,
    online_depth: OnlineDepth,
    appointment: bool,
    #[serde(default)]
    themes: Vec<Theme>,
    #[serde(default)]
    life_events: Vec<LifeEvent>,
    #[serde(default)]
    groups: Vec<Group>,
    #[serde(default)]
    stages: Vec<Stage>,
    conditions_zh: Vec<String>,
    conditions_en: Vec<String>,
    materials: Vec<SeedMaterial>,
    basis_zh: Vec<String>,
    basis_en: Vec<String>,
    statutory_days: u16,
    promised_days: u16,
    fee_yuan: Option<String>,
    fee_basis_zh: Option<String>,
    fee_basis_en: Option<String>,
    where_zh: String,
    where_en: String,
    hours_zh: String,
    hours_en: String,
    steps: Vec<SeedStep>,
}

/// The demo catalog: departments (with units and posts) and items.
#[derive(Debug, Default)]
pub struct Catalog {
    pub departments: Vec<Department>,
    pub items: Vec<ServiceItem>,
}

/// A city's names, for the `{city_zh}` / `{city_en}` placeholders.
struct City<'a> {
    code: RegionCode,
    level: Level,
    zh: &'a str,
    en: &'a str,
}

impl City<'_> {
    fn fill(&self, text: &str) -> String {
        text.replace("{city_zh}", self.zh)
            .replace("{city_en}", self.en)
    }
}

fn pair(zh: Vec<String>, en: Vec<String>, what: &str) -> Result<Vec<Bilingual>, String> {
    if zh.len() != en.len() {
        return Err(format!(
            "{what}: {} in Chinese but {} in English",
            zh.len(),
            en.len()
        ));
    }
    Ok(zh
        .into_iter()
        .zip(en)
        .map(|(zh, en)| Bilingual { zh, en })
        .collect())
}

/// Builds the catalog from the department file, the item files (name and
/// text) and the regions. Codes are numbered in file order, so the same
/// files always give the same codes.
pub fn build(
    departments: &str,
    items: &[(&str, &str)],
    regions: &[Region],
) -> Result<Catalog, SeedError> {
    let json = |file: &str, e| SeedError::Json {
        file: file.to_string(),
        source: e,
    };
    let seed: SeedDepartments =
        serde_json::from_str(departments).map_err(|e| json("departments.json", e))?;
    let province = regions
        .iter()
        .find(|r| r.level == Level::Province)
        .ok_or(SeedError::NoProvince)?;
    let province = City {
        code: province.code,
        level: Level::Province,
        zh: &province.name.zh,
        en: &province.name.en,
    };
    let cities: Vec<City> = regions
        .iter()
        .filter(|r| r.level == Level::City)
        .map(|r| City {
            code: r.code,
            level: Level::City,
            zh: &r.name.zh,
            en: &r.name.en,
        })
        .collect();

    let mut depts: BTreeMap<(RegionCode, DeptCode), Department> = BTreeMap::new();
    let mut add_dept = |d: &SeedDepartment, at: &City| -> Result<(), SeedError> {
        let bad = |why: String| SeedError::Department(d.code.clone(), why);
        let code = DeptCode::parse(&d.code).map_err(|e| bad(e.to_string()))?;
        let units = d
            .units
            .iter()
            .map(|u| Unit {
                name: Bilingual::new(at.fill(&u.name_zh), at.fill(&u.name_en)),
                posts: u
                    .posts
                    .iter()
                    .map(|p| Bilingual::new(&p.name_zh, &p.name_en))
                    .collect(),
            })
            .collect();
        let dept = Department {
            region: at.code,
            code: code.clone(),
            name: Bilingual::new(at.fill(&d.name_zh), at.fill(&d.name_en)),
            units,
        };
        if depts.insert((at.code, code), dept).is_some() {
            return Err(bad("listed twice".into()));
        }
        Ok(())
    };
    for d in &seed.province {
        add_dept(d, &province)?;
    }
    for d in &seed.city_templates {
        for city in &cities {
            add_dept(d, city)?;
        }
    }

    let mut catalog = Catalog::default();
    let mut keys = HashSet::new();
    let mut numbers: BTreeMap<(RegionCode, DeptCode), u16> = BTreeMap::new();
    for (file, text) in items {
        let seeds: Vec<SeedItem> = serde_json::from_str(text).map_err(|e| json(file, e))?;
        for seed in seeds {
            if !keys.insert(seed.key.clone()) {
                return Err(SeedError::Item {
                    key: seed.key,
                    reason: "key used twice".into(),
                });
            }
            let places: Vec<&City> = match seed.scope {
                Scope::Province => vec![&province],
                Scope::City => cities.iter().collect(),
            };
            for at in places {
                let item =
                    instantiate(&seed, at, &mut numbers).map_err(|reason| SeedError::Item {
                        key: seed.key.clone(),
                        reason,
                    })?;
                let dept = depts
                    .get_mut(&(item.region, item.dept.clone()))
                    .ok_or_else(|| SeedError::Item {
                        key: seed.key.clone(),
                        reason: format!("no department {} in {}", item.dept.as_str(), item.region),
                    })?;
                for step in &item.steps {
                    dept.unit_mut(&step.unit);
                }
                catalog.items.push(item);
            }
        }
    }
    catalog.departments = depts.into_values().collect();
    Ok(catalog)
}

fn instantiate(
    s: &SeedItem,
    at: &City,
    numbers: &mut BTreeMap<(RegionCode, DeptCode), u16>,
) -> Result<ServiceItem, String> {
    let f = |t: &str| at.fill(t);
    let fv = |v: &[String]| v.iter().map(|t| at.fill(t)).collect::<Vec<_>>();
    let dept = DeptCode::parse(&s.dept).map_err(|e| e.to_string())?;
    let number = numbers.entry((at.code, dept.clone())).or_insert(0);
    *number += 1;
    let code = ServiceCode::new(at.code, dept.clone(), *number).map_err(|e| e.to_string())?;
    let days = |n| WorkingDays::new(n).map_err(|e| e.to_string());
    let fee = match &s.fee_yuan {
        None => Fee::Free,
        Some(yuan) => Fee::Charged {
            fen: parse_yuan(yuan).map_err(|e: ItemError| e.to_string())?,
            basis: Bilingual::new(
                s.fee_basis_zh.as_deref().map(f).unwrap_or_default(),
                s.fee_basis_en.as_deref().map(f).unwrap_or_default(),
            ),
        },
    };
    let item = ServiceItem {
        code,
        key: s.key.clone(),
        region: at.code,
        level: at.level,
        dept,
        name: Bilingual::new(f(&s.name_zh), f(&s.name_en)),
        aliases_zh: fv(&s.aliases_zh),
        aliases_en: fv(&s.aliases_en),
        kind: s.kind,
        applicant: s.applicant,
        online_depth: s.online_depth,
        appointment: s.appointment,
        themes: s.themes.clone(),
        life_events: s.life_events.clone(),
        groups: s.groups.clone(),
        stages: s.stages.clone(),
        conditions: pair(fv(&s.conditions_zh), fv(&s.conditions_en), "conditions")?,
        materials: s
            .materials
            .iter()
            .map(|m| Material {
                name: Bilingual::new(f(&m.name_zh), f(&m.name_en)),
                required: m.required,
                scan_accepted: m.scan_accepted,
                copies: m.copies,
                notes: Bilingual::new(f(&m.notes_zh), f(&m.notes_en)),
            })
            .collect(),
        basis: pair(fv(&s.basis_zh), fv(&s.basis_en), "legal basis")?,
        limits: TimeLimits::new(days(s.statutory_days)?, days(s.promised_days)?)
            .map_err(|e| e.to_string())?,
        fee,
        place: Bilingual::new(f(&s.where_zh), f(&s.where_en)),
        hours: Bilingual::new(f(&s.hours_zh), f(&s.hours_en)),
        steps: s
            .steps
            .iter()
            .map(|st| {
                Ok(ProcessStep {
                    name: Bilingual::new(f(&st.name_zh), f(&st.name_en)),
                    unit: Bilingual::new(f(&st.unit_zh), f(&st.unit_en)),
                    limit: days(st.days)?,
                })
            })
            .collect::<Result<_, String>>()?,
    };
    item.validate().map_err(|e| e.to_string())?;
    Ok(item)
}
