//! Finding items: the filters a person or an API client can give (browse by
//! theme, life event, group, stage, department, region; search by words),
//! parsed from query-string values into types, and the results.

use super::{
    search::SearchText,
    vocab::{Applicant, Group, LifeEvent, OnlineDepth, Stage, Theme},
    Bilingual, DeptCode, ServiceCode, WorkingDays,
};
use crate::{error::AppError, regions::RegionCode};
use serde::{Deserialize, Serialize};

/// Results per page.
pub const PAGE_SIZE: u32 = 20;
/// The last page anyone may ask for (deep paging is not a use case).
pub const MAX_PAGE: u32 = 500;

/// The filters as they arrive in a URL: every value a string, all optional.
#[cfg_attr(
    feature = "ssr",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindParams {
    /// Words to look for in names, aliases and materials.
    pub q: Option<String>,
    /// A region code: items serving it (its own and its parents').
    pub region: Option<String>,
    /// A department code (with `region`).
    pub department: Option<String>,
    /// A theme code.
    pub theme: Option<String>,
    /// A life event code.
    pub life_event: Option<String>,
    /// A special group code.
    pub group: Option<String>,
    /// An enterprise life-cycle stage code.
    pub stage: Option<String>,
    /// `individual` or `enterprise`.
    pub target: Option<String>,
    /// `true`: only items that can be applied for online.
    pub online: Option<String>,
    /// The page, from 1 (20 items a page).
    pub page: Option<String>,
    /// The region whose place of handling (办理地) of each service is shown
    /// first; by default `region`.
    pub place: Option<String>,
}

/// Who is looking: an individual or an enterprise (items for both match either).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Individual,
    Enterprise,
}

impl Target {
    pub const ALL: [Target; 2] = [Target::Individual, Target::Enterprise];

    pub fn code(self) -> &'static str {
        match self {
            Target::Individual => "individual",
            Target::Enterprise => "enterprise",
        }
    }

    pub fn parse(s: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.code() == s)
    }

    /// The applicant value this target means (items for both also match).
    pub fn applicant(self) -> Applicant {
        match self {
            Target::Individual => Applicant::Individual,
            Target::Enterprise => Applicant::Enterprise,
        }
    }
}

/// A department filter: `MZJ` (that department in every region searched) or
/// `440100-MZJ` (one region's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeptFilter {
    pub region: Option<RegionCode>,
    pub code: DeptCode,
}

impl DeptFilter {
    pub fn parse(s: &str) -> Option<DeptFilter> {
        match s.split_once('-') {
            Some((region, code)) => Some(DeptFilter {
                region: Some(RegionCode::parse(region).ok()?),
                code: DeptCode::parse(code).ok()?,
            }),
            None => Some(DeptFilter {
                region: None,
                code: DeptCode::parse(s).ok()?,
            }),
        }
    }

    pub fn to_param(&self) -> String {
        match self.region {
            Some(r) => format!("{r}-{}", self.code.as_str()),
            None => self.code.as_str().to_string(),
        }
    }
}

/// The filters, parsed. Absent filters do not narrow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Find {
    pub q: Option<SearchText>,
    /// Items available in this region: its own, its parents' and its
    /// children's (the province means everything).
    pub region: Option<RegionCode>,
    pub department: Option<DeptFilter>,
    pub theme: Option<Theme>,
    pub life_event: Option<LifeEvent>,
    pub group: Option<Group>,
    pub stage: Option<Stage>,
    pub target: Option<Target>,
    /// Only items that can be applied for online.
    pub online: bool,
    /// 1-based.
    pub page: u32,
    /// The person's region: each result's place of handling (办理地) shown
    /// first is this region's (or its city's, or the province's).
    pub place: Option<RegionCode>,
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn param<T>(
    name: &'static str,
    value: &Option<String>,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<Option<T>, AppError> {
    present(value)
        .map(|s| {
            parse(s).ok_or(AppError::InvalidParameter {
                name: name.to_string(),
            })
        })
        .transpose()
}

impl Find {
    /// Parses URL values; an empty value is the same as an absent one, a bad
    /// one is an error naming the parameter.
    pub fn parse(p: &FindParams) -> Result<Find, AppError> {
        let q = match &p.q {
            Some(q) => {
                SearchText::parse(q).map_err(|_| AppError::InvalidParameter { name: "q".into() })?
            }
            None => None,
        };
        Ok(Find {
            q,
            region: param("region", &p.region, |s| RegionCode::parse(s).ok())?,
            department: param("department", &p.department, DeptFilter::parse)?,
            theme: param("theme", &p.theme, Theme::parse)?,
            life_event: param("life_event", &p.life_event, LifeEvent::parse)?,
            group: param("group", &p.group, Group::parse)?,
            stage: param("stage", &p.stage, Stage::parse)?,
            target: param("target", &p.target, Target::parse)?,
            online: param("online", &p.online, |s| match s {
                "true" | "1" | "on" => Some(true),
                "false" | "0" | "off" => Some(false),
                _ => None,
            })?
            .unwrap_or(false),
            page: param("page", &p.page, |s| {
                s.parse::<u32>().ok().filter(|n| (1..=MAX_PAGE).contains(n))
            })?
            .unwrap_or(1),
            place: param("place", &p.place, |s| RegionCode::parse(s).ok())?,
        })
    }

    /// The region whose place of a service is shown first: the chosen
    /// department's, else the person's, else the region searched.
    pub fn preferred_place(&self) -> Option<RegionCode> {
        self.department
            .as_ref()
            .and_then(|d| d.region)
            .or(self.place)
            .or(self.region)
    }

    /// Back to URL values (pagination and filter links).
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(q) = &self.q {
            out.push(("q", q.as_str().to_string()));
        }
        if let Some(r) = self.region {
            out.push(("region", r.to_string()));
        }
        if let Some(d) = &self.department {
            out.push(("department", d.to_param()));
        }
        if let Some(t) = self.theme {
            out.push(("theme", t.code().to_string()));
        }
        if let Some(t) = self.life_event {
            out.push(("life_event", t.code().to_string()));
        }
        if let Some(t) = self.group {
            out.push(("group", t.code().to_string()));
        }
        if let Some(t) = self.stage {
            out.push(("stage", t.code().to_string()));
        }
        if let Some(t) = self.target {
            out.push(("target", t.code().to_string()));
        }
        if self.online {
            out.push(("online", "true".into()));
        }
        if self.page > 1 {
            out.push(("page", self.page.to_string()));
        }
        // Not `place`: the person's region, which each page knows itself.
        out
    }

    /// `/services/find?…` for these filters.
    pub fn href(&self) -> String {
        let params = self.to_params();
        if params.is_empty() {
            return "/services/find".into();
        }
        let query = params
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        format!("/services/find?{query}")
    }

    /// Whether anything narrows the catalog (a search or a browse filter).
    pub fn is_narrowed(&self) -> bool {
        self.q.is_some()
            || self.department.is_some()
            || self.theme.is_some()
            || self.life_event.is_some()
            || self.group.is_some()
            || self.stage.is_some()
            || self.target.is_some()
            || self.online
    }

    pub fn offset(&self) -> u32 {
        (self.page - 1) * PAGE_SIZE
    }
}

/// Percent-encodes a query-string value (UTF-8, unreserved characters kept).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// One found item, as a result list shows it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemSummary {
    pub code: ServiceCode,
    pub name: Bilingual,
    pub department: Bilingual,
    pub region: Bilingual,
    pub applicant: Applicant,
    pub online_depth: OnlineDepth,
    pub promised_days: WorkingDays,
    /// In a search's results: every place of handling (办理地) of this
    /// service, by region code (this result is one of them, the person's).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<Place>,
}

/// A page of results and how many there are in all.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindResult {
    /// The bundles (一件事) matching, shown before the items (first page only).
    #[serde(default)]
    pub bundles: Vec<BundleResult>,
    /// One per service: the same service in several regions is one result.
    pub items: Vec<ItemSummary>,
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}

impl FindResult {
    pub fn pages(&self) -> u32 {
        (self.total.div_ceil(u64::from(self.page_size)) as u32).clamp(1, MAX_PAGE)
    }
}

/// A vocabulary value with how many items carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count<T> {
    pub value: T,
    pub count: u32,
}

/// A department with how many items it offers.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentCount {
    pub region: RegionCode,
    pub code: DeptCode,
    pub name: Bilingual,
    pub count: u32,
}

impl DepartmentCount {
    pub fn filter(&self) -> DeptFilter {
        DeptFilter {
            region: Some(self.region),
            code: self.code.clone(),
        }
    }
}

/// What the navigator shows for a region: every way in, with counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    pub total: u32,
    pub themes: Vec<Count<Theme>>,
    pub life_events: Vec<Count<LifeEvent>>,
    pub groups: Vec<Count<Group>>,
    pub stages: Vec<Count<Stage>>,
    pub departments: Vec<DepartmentCount>,
}

/// A place of handling (办理地) of a service or a bundle: the region and
/// where to go for it there.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "440100"))]
    pub region: RegionCode,
    pub name: Bilingual,
    /// The page of the service there (`/services/CODE`) or the bundle's
    /// application (`/apply?bundle=REGION/KEY`).
    pub href: String,
}

/// A bundle found: one result for all its regions, its first place the
/// person's.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleResult {
    pub key: String,
    pub name: Bilingual,
    pub summary: Bilingual,
    /// The place shown first (the person's region's, see `need::preferred`).
    pub place: Place,
    /// Every place, by region code.
    pub places: Vec<Place>,
}

/// A suggestion while typing: a bundle or a service, where it leads and
/// the place it is handled (办理地).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub href: String,
    pub name: Bilingual,
    pub region: Bilingual,
    /// A bundle (一件事), not a single service.
    pub bundle: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> FindParams {
        let mut p = FindParams::default();
        for (k, v) in pairs {
            let v = Some(v.to_string());
            match *k {
                "q" => p.q = v,
                "region" => p.region = v,
                "department" => p.department = v,
                "theme" => p.theme = v,
                "life_event" => p.life_event = v,
                "group" => p.group = v,
                "stage" => p.stage = v,
                "target" => p.target = v,
                "online" => p.online = v,
                "page" => p.page = v,
                "place" => p.place = v,
                _ => unreachable!(),
            }
        }
        p
    }

    fn bad(pairs: &[(&str, &str)]) -> String {
        match Find::parse(&params(pairs)) {
            Err(AppError::InvalidParameter { name }) => name,
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn empty_means_everything_page_one() {
        let f = Find::parse(&params(&[("q", " "), ("theme", ""), ("page", "")])).unwrap();
        assert_eq!(
            f,
            Find {
                page: 1,
                ..Find::default()
            }
        );
        assert!(!f.is_narrowed());
        assert_eq!(f.href(), "/services/find");
    }

    #[test]
    fn every_filter_parses_and_round_trips() {
        let f = Find::parse(&params(&[
            ("q", "婚姻 登记"),
            ("region", "440100"),
            ("department", "440100-MZJ"),
            ("theme", "marriage_family"),
            ("life_event", "marriage"),
            ("group", "elderly"),
            ("stage", "establish"),
            ("target", "individual"),
            ("online", "true"),
            ("page", "3"),
        ]))
        .unwrap();
        assert_eq!(f.life_event, Some(LifeEvent::Marriage));
        assert_eq!(f.department.as_ref().unwrap().region.unwrap().get(), 440100);
        assert_eq!(f.offset(), 40);
        let back: Vec<(&str, String)> = f.to_params();
        let again = Find::parse(&params(
            &back
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        ))
        .unwrap();
        assert_eq!(again, f);
        assert!(f
            .href()
            .starts_with("/services/find?q=%E5%A9%9A%E5%A7%BB%20%E7%99%BB%E8%AE%B0&region=440100"));
    }

    #[test]
    fn a_department_code_alone_is_every_region_s() {
        let d = DeptFilter::parse("MZJ").unwrap();
        assert_eq!(d.region, None);
        assert_eq!(d.to_param(), "MZJ");
    }

    #[test]
    fn bad_values_name_their_parameter() {
        assert_eq!(bad(&[("region", "44010")]), "region");
        assert_eq!(bad(&[("department", "mzj")]), "department");
        assert_eq!(bad(&[("department", "4401-MZJ")]), "department");
        assert_eq!(bad(&[("theme", "weddings")]), "theme");
        assert_eq!(bad(&[("life_event", "Marriage")]), "life_event");
        assert_eq!(bad(&[("target", "both")]), "target");
        assert_eq!(bad(&[("online", "yes")]), "online");
        assert_eq!(bad(&[("page", "0")]), "page");
        assert_eq!(bad(&[("page", "-1")]), "page");
        assert_eq!(bad(&[("page", "501")]), "page");
        assert_eq!(bad(&[("q", &"婚".repeat(65))]), "q");
    }

    #[test]
    fn pages_are_at_least_one() {
        let r = |total| FindResult {
            bundles: vec![],
            items: vec![],
            total,
            page: 1,
            page_size: PAGE_SIZE,
        };
        assert_eq!(r(0).pages(), 1);
        assert_eq!(r(20).pages(), 1);
        assert_eq!(r(21).pages(), 2);
    }
}
