//! Investment approval (投资审批): projects with their national code, the
//! four stages (国办发〔2019〕11号) — 立项用地规划许可 → 工程建设许可 →
//! 施工许可 → 竣工验收 — each a bundle of several departments' items
//! reviewed in parallel on the working-day clock (a stage's case is an
//! ordinary case of the workflow engine that carries its project), the
//! permits a stage needs from earlier stages, and the project's clock
//! against its region's target.

pub mod code;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;
pub mod targets;
pub mod targets_page;
#[cfg(feature = "ssr")]
pub mod targets_store;
pub mod views;

pub use code::{CodeProblem, ProjectCode};

use crate::{
    catalog::Bilingual,
    error::{AppError, FieldRefusal, Refusal},
    i18n::{Lang, Msg},
    text::TextRule,
};
use serde::{Deserialize, Serialize};

/// The target for a whole project, in working days, where a region sets
/// none (the 2019 reform: at most 120 working days).
pub const DEFAULT_TARGET_DAYS: u16 = 120;

/// Who funds a project, which sets the joint acceptance's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Funding {
    /// 政府投资.
    Government,
    /// 社会投资.
    Social,
}

impl Funding {
    /// The working days of the joint acceptance (联合验收): 8 for
    /// government-funded, 5 for social investment projects.
    pub fn joint_acceptance_days(self) -> u16 {
        match self {
            Funding::Government => 8,
            Funding::Social => 5,
        }
    }
}

/// A project's kind (项目类型): the code's `TT`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectKind {
    /// 审批: a government investment project.
    Approval,
    /// 核准: an enterprise project on the list that needs approval.
    Confirmation,
    /// 备案: every other enterprise project.
    Filing,
}

impl ProjectKind {
    pub const ALL: [ProjectKind; 3] = [
        ProjectKind::Approval,
        ProjectKind::Confirmation,
        ProjectKind::Filing,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProjectKind::Approval => "approval",
            ProjectKind::Confirmation => "confirmation",
            ProjectKind::Filing => "filing",
        }
    }

    pub fn parse(s: &str) -> Option<ProjectKind> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// The code's project type `TT`.
    pub fn type_code(self) -> u8 {
        match self {
            ProjectKind::Approval => 1,
            ProjectKind::Confirmation => 2,
            ProjectKind::Filing => 3,
        }
    }

    pub fn funding(self) -> Funding {
        match self {
            ProjectKind::Approval => Funding::Government,
            _ => Funding::Social,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(match self {
            ProjectKind::Approval => Msg::InvKindApproval,
            ProjectKind::Confirmation => Msg::InvKindConfirmation,
            ProjectKind::Filing => Msg::InvKindFiling,
        })
    }
}

/// A project's industry (所属行业); it names the competent department
/// whose two-digit code is the code's `DD`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Industry {
    Manufacturing,
    Information,
    RealEstate,
    Municipal,
    Transport,
    Water,
    Energy,
    Agriculture,
    Education,
    Health,
    CultureTourism,
    Commerce,
    Other,
}

impl Industry {
    pub const ALL: [Industry; 13] = [
        Industry::Manufacturing,
        Industry::Information,
        Industry::RealEstate,
        Industry::Municipal,
        Industry::Transport,
        Industry::Water,
        Industry::Energy,
        Industry::Agriculture,
        Industry::Education,
        Industry::Health,
        Industry::CultureTourism,
        Industry::Commerce,
        Industry::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Industry::Manufacturing => "manufacturing",
            Industry::Information => "information",
            Industry::RealEstate => "real_estate",
            Industry::Municipal => "municipal",
            Industry::Transport => "transport",
            Industry::Water => "water",
            Industry::Energy => "energy",
            Industry::Agriculture => "agriculture",
            Industry::Education => "education",
            Industry::Health => "health",
            Industry::CultureTourism => "culture_tourism",
            Industry::Commerce => "commerce",
            Industry::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Industry> {
        Self::ALL.into_iter().find(|i| i.code() == s)
    }

    /// The competent department's two-digit code (the code's `DD`): 01
    /// development and reform, 02 industry and IT, 03 housing and
    /// construction, 04 transport, 05 water, 06 energy, 07 agriculture,
    /// 08 education, 09 health, 10 culture and tourism, 11 commerce.
    pub fn department_code(self) -> u8 {
        match self {
            Industry::Manufacturing | Industry::Information => 2,
            Industry::RealEstate | Industry::Municipal => 3,
            Industry::Transport => 4,
            Industry::Water => 5,
            Industry::Energy => 6,
            Industry::Agriculture => 7,
            Industry::Education => 8,
            Industry::Health => 9,
            Industry::CultureTourism => 10,
            Industry::Commerce => 11,
            Industry::Other => 1,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(match self {
            Industry::Manufacturing => Msg::InvIndManufacturing,
            Industry::Information => Msg::InvIndInformation,
            Industry::RealEstate => Msg::InvIndRealEstate,
            Industry::Municipal => Msg::InvIndMunicipal,
            Industry::Transport => Msg::InvIndTransport,
            Industry::Water => Msg::InvIndWater,
            Industry::Energy => Msg::InvIndEnergy,
            Industry::Agriculture => Msg::InvIndAgriculture,
            Industry::Education => Msg::InvIndEducation,
            Industry::Health => Msg::InvIndHealth,
            Industry::CultureTourism => Msg::InvIndCultureTourism,
            Industry::Commerce => Msg::InvIndCommerce,
            Industry::Other => Msg::InvIndOther,
        })
    }
}

/// The four stages of a project (国办发〔2019〕11号).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 立项用地规划许可.
    LandPlanning,
    /// 工程建设许可.
    WorksPermit,
    /// 施工许可.
    ConstructionPermit,
    /// 竣工验收.
    Acceptance,
}

impl Stage {
    pub const ALL: [Stage; 4] = [
        Stage::LandPlanning,
        Stage::WorksPermit,
        Stage::ConstructionPermit,
        Stage::Acceptance,
    ];

    /// 1–4, as stored (`bundle.investment_stage`).
    pub fn number(self) -> i16 {
        match self {
            Stage::LandPlanning => 1,
            Stage::WorksPermit => 2,
            Stage::ConstructionPermit => 3,
            Stage::Acceptance => 4,
        }
    }

    pub fn from_number(n: i16) -> Option<Stage> {
        Self::ALL.into_iter().find(|s| s.number() == n)
    }

    /// The final acceptance is one joint site inspection and one result.
    pub fn is_joint(self) -> bool {
        self == Stage::Acceptance
    }

    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(match self {
            Stage::LandPlanning => Msg::InvStage1,
            Stage::WorksPermit => Msg::InvStage2,
            Stage::ConstructionPermit => Msg::InvStage3,
            Stage::Acceptance => Msg::InvStage4,
        })
    }
}

/// The four stages' critical paths against the target: the days of each
/// stage in order, and whether their sum fits in `target` working days.
pub fn plan_fits(stage_days: &[(Stage, u32)], target: u16) -> Result<u32, PlanProblem> {
    let mut last = None;
    for (stage, _) in stage_days {
        if last.is_some_and(|l| l >= *stage) {
            return Err(PlanProblem::Order);
        }
        last = Some(*stage);
    }
    if stage_days.len() != Stage::ALL.len() {
        return Err(PlanProblem::Missing);
    }
    let total: u32 = stage_days.iter().map(|(_, d)| d).sum();
    if total > u32::from(target) {
        return Err(PlanProblem::OverTarget { total });
    }
    Ok(total)
}

/// What is wrong with a region's stage plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PlanProblem {
    #[error("the stages are not in their order")]
    Order,
    #[error("a stage is missing")]
    Missing,
    #[error("the stages' critical paths take {total} working days, beyond the target")]
    OverTarget { total: u32 },
}

/// A project's name: one line, 2–100 characters.
pub const PROJECT_NAME: TextRule = TextRule::line(100).at_least(2);
/// What is built (建设规模及内容): several lines, up to 1,000 characters.
pub const PROJECT_SCOPE: TextRule = TextRule::lines(1000).at_least(2);
/// The largest total investment, in 万元 (ten billion yuan a thousand
/// times over is beyond any project).
pub const MAX_INVESTMENT_WAN: i64 = 9_999_999_999; // in hundredths of 万元
/// The largest land area in square metres (in hundredths).
pub const MAX_LAND_AREA: i64 = 99_999_999_999;

/// A project as registered, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProject {
    pub name: String,
    pub kind: ProjectKind,
    pub industry: Industry,
    pub region: crate::regions::RegionCode,
    /// 万元, in hundredths.
    pub total_investment: i64,
    /// Square metres, in hundredths.
    pub land_area: i64,
    pub scope: String,
}

/// A registration as typed (a form or the API's JSON).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawProject {
    #[serde(default)]
    pub name: String,
    /// `approval` (审批), `confirmation` (核准) or `filing` (备案).
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub industry: String,
    /// The six-digit region code where it is built.
    #[serde(default)]
    pub region: String,
    /// 万元, up to two decimals.
    #[serde(default)]
    pub total_investment: String,
    /// Square metres, up to two decimals (0 when no new land is used).
    #[serde(default)]
    pub land_area: String,
    #[serde(default)]
    pub scope: String,
}

/// Why a field of a registration is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum FieldProblem {
    Required,
    NotAChoice,
    /// Not a number with at most two decimals, or out of range.
    Amount,
    Region,
}

impl FieldProblem {
    fn at(self, field: &str) -> FieldRefusal {
        let msg = match self {
            FieldProblem::Required => Msg::InvErrRequired,
            FieldProblem::NotAChoice => Msg::InvErrChoice,
            FieldProblem::Amount => Msg::InvErrAmount,
            FieldProblem::Region => Msg::InvErrRegion,
        };
        FieldRefusal::new(field, &self, Bilingual::of(msg))
    }
}

/// A decimal with at most two places, in hundredths, within `0..=max`.
pub fn parse_hundredths(raw: &str, max: i64) -> Option<i64> {
    let t = raw.trim().replace([',', '，'], "");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty()
        || whole.len() > 12
        || frac.len() > 2
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let frac = format!("{frac:0<2}");
    let n = whole.parse::<i64>().ok()? * 100 + frac.parse::<i64>().ok()?;
    (n <= max).then_some(n)
}

/// What a project's registration (赋码登记) answers on its application
/// forms: read from the registration, never asked again (a stage's form
/// shows them fixed; the server fills them at submission, whatever was
/// sent for them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub name: String,
    /// The region where it is built, in full (广东省广州市荔湾区).
    pub location: String,
    /// 万元, in hundredths.
    pub total_investment: i64,
    /// Square metres, in hundredths (0: no new land).
    pub land_area: i64,
    pub scope: String,
}

impl Registration {
    /// The form fields it answers, with their answers as typed. The land
    /// area only when the project uses land (a form's is at least 1 m²);
    /// the industry is not among them (the forms ask the national
    /// classification, GB/T 4754, which the registration does not hold).
    pub fn answers(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![
            ("project_name", self.name.clone()),
            ("project_location", self.location.clone()),
            (
                "project_investment_10k_yuan",
                hundredths(self.total_investment),
            ),
            ("construction_scope", self.scope.clone()),
        ];
        if self.land_area > 0 {
            out.push(("land_area_m2", hundredths(self.land_area)));
        }
        out
    }
}

/// Hundredths as a decimal text (`12.50`).
pub fn hundredths(n: i64) -> String {
    format!("{}.{:02}", n / 100, n % 100)
}

impl RawProject {
    /// Checks every field; every problem at once, each at its field.
    pub fn parse(&self) -> Result<NewProject, AppError> {
        let mut refused = Vec::new();
        let name = match PROJECT_NAME.parse(&self.name) {
            Ok(n) => Some(n.into_string()),
            Err(p) => {
                refused.push(p.at("name"));
                None
            }
        };
        let kind = ProjectKind::parse(self.kind.trim());
        if kind.is_none() {
            refused.push(FieldProblem::NotAChoice.at("kind"));
        }
        let industry = Industry::parse(self.industry.trim());
        if industry.is_none() {
            refused.push(FieldProblem::NotAChoice.at("industry"));
        }
        let region = crate::regions::RegionCode::parse(&self.region).ok();
        if region.is_none() {
            refused.push(FieldProblem::Region.at("region"));
        }
        let total = parse_hundredths(&self.total_investment, MAX_INVESTMENT_WAN).filter(|n| *n > 0);
        if total.is_none() {
            refused.push(FieldProblem::Amount.at("total_investment"));
        }
        let land = if self.land_area.trim().is_empty() {
            Some(0)
        } else {
            parse_hundredths(&self.land_area, MAX_LAND_AREA)
        };
        if land.is_none() {
            refused.push(FieldProblem::Amount.at("land_area"));
        }
        let scope = match PROJECT_SCOPE.parse(&self.scope) {
            Ok(s) => Some(s.into_string()),
            Err(p) => {
                refused.push(p.at("scope"));
                None
            }
        };
        match (name, kind, industry, region, total, land, scope) {
            (
                Some(name),
                Some(kind),
                Some(industry),
                Some(region),
                Some(t),
                Some(l),
                Some(scope),
            ) if refused.is_empty() => Ok(NewProject {
                name,
                kind,
                industry,
                region,
                total_investment: t,
                land_area: l,
                scope,
            }),
            _ => Err(AppError::InvalidFields { fields: refused }),
        }
    }
}

/// Why an investment action is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum InvestmentProblem {
    /// An investment item applied for without a project code (422).
    CodeRequired,
    /// The text is not a project code (400 in the API, 422 in a form).
    BadCode { detail: CodeProblem },
    /// A well-formed code that no project registered (404 / 422).
    Unregistered,
    /// The project is not the applicant's (403).
    NotYourProject,
    /// The project is built outside the stage's region (422).
    OtherRegion,
    /// Permits of earlier stages are not issued yet (409); their names.
    PermitsMissing { items: Vec<Bilingual> },
    /// The stage has an application under way or done (409).
    StageTaken,
}

impl InvestmentProblem {
    pub fn msg(&self) -> Msg {
        match self {
            InvestmentProblem::CodeRequired => Msg::InvErrCodeRequired,
            InvestmentProblem::BadCode { .. } => Msg::InvErrBadCode,
            InvestmentProblem::Unregistered => Msg::InvErrUnregistered,
            InvestmentProblem::NotYourProject => Msg::InvErrNotYours,
            InvestmentProblem::OtherRegion => Msg::InvErrOtherRegion,
            InvestmentProblem::PermitsMissing { .. } => Msg::InvErrPermitsMissing,
            InvestmentProblem::StageTaken => Msg::InvErrStageTaken,
        }
    }

    fn status(&self) -> u16 {
        match self {
            InvestmentProblem::NotYourProject => 403,
            InvestmentProblem::PermitsMissing { .. } | InvestmentProblem::StageTaken => 409,
            _ => 422,
        }
    }

    /// The refusal's text, with the missing permits named.
    pub fn text(&self) -> Bilingual {
        match self {
            InvestmentProblem::PermitsMissing { items } => Bilingual::each(|lang| {
                let names: Vec<String> = items.iter().map(|i| i.get(lang).to_string()).collect();
                let sep = if lang == Lang::Zh { "、" } else { ", " };
                lang.fill(self.msg(), &[("items", &names.join(sep))])
            }),
            _ => Bilingual::of(self.msg()),
        }
    }
}

impl From<InvestmentProblem> for AppError {
    fn from(p: InvestmentProblem) -> AppError {
        AppError::Refused(Refusal::new("investment_refused", p.status(), &p, p.text()))
    }
}

impl From<CodeProblem> for AppError {
    fn from(p: CodeProblem) -> AppError {
        InvestmentProblem::BadCode { detail: p }.into()
    }
}

/// Working days used against a limit, as a bar shows them.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaysUsed {
    pub used: u32,
    pub limit: u32,
}

impl DaysUsed {
    pub fn over(self) -> bool {
        self.used > self.limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawProject {
        RawProject {
            name: "荔湾示范物流仓储中心".into(),
            kind: "filing".into(),
            industry: "commerce".into(),
            region: "440103".into(),
            total_investment: "12,800.5".into(),
            land_area: "23000".into(),
            scope: "新建仓库 3 栋，总建筑面积 4.6 万平方米".into(),
        }
    }

    #[test]
    fn a_registration_parses() {
        let p = raw().parse().unwrap();
        assert_eq!(p.kind, ProjectKind::Filing);
        assert_eq!(p.total_investment, 1_280_050);
        assert_eq!(p.land_area, 2_300_000);
        assert_eq!(hundredths(p.total_investment), "12800.50");
        assert_eq!(p.kind.funding(), Funding::Social);
        assert_eq!(ProjectKind::Approval.funding().joint_acceptance_days(), 8);
        assert_eq!(Funding::Social.joint_acceptance_days(), 5);
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let bad = RawProject {
            name: "x".into(),
            kind: "grant".into(),
            industry: "".into(),
            region: "4401".into(),
            total_investment: "-3".into(),
            land_area: "1.234".into(),
            scope: "\u{202e}evil".into(),
        };
        let Err(AppError::InvalidFields { fields }) = bad.parse() else {
            panic!("refused")
        };
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            names,
            [
                "name",
                "kind",
                "industry",
                "region",
                "total_investment",
                "land_area",
                "scope"
            ]
        );
    }

    #[test]
    fn amounts_have_two_decimals_at_most_and_a_ceiling() {
        assert_eq!(parse_hundredths("0", 100), Some(0));
        assert_eq!(parse_hundredths("1.5", 1000), Some(150));
        assert_eq!(parse_hundredths("1.", 1000), Some(100));
        assert_eq!(parse_hundredths(".5", 1000), None);
        assert_eq!(parse_hundredths("1e3", i64::MAX), None);
        assert_eq!(parse_hundredths("99999999999999", i64::MAX), None);
        assert_eq!(parse_hundredths("11", 1000), None);
        assert_eq!(parse_hundredths("１２", 100_000), None);
    }

    #[test]
    fn codes_of_each_kind_and_industry() {
        for k in ProjectKind::ALL {
            assert_eq!(ProjectKind::parse(k.code()), Some(k));
        }
        for i in Industry::ALL {
            assert_eq!(Industry::parse(i.code()), Some(i));
            assert!((1..=11).contains(&i.department_code()));
        }
        for s in Stage::ALL {
            assert_eq!(Stage::from_number(s.number()), Some(s));
        }
    }

    #[test]
    fn a_plan_is_in_order_complete_and_within_its_target() {
        let plan = [
            (Stage::LandPlanning, 35),
            (Stage::WorksPermit, 30),
            (Stage::ConstructionPermit, 20),
            (Stage::Acceptance, 15),
        ];
        assert_eq!(plan_fits(&plan, 120), Ok(100));
        assert_eq!(
            plan_fits(&plan, 90),
            Err(PlanProblem::OverTarget { total: 100 })
        );
        assert_eq!(plan_fits(&plan[..3], 120), Err(PlanProblem::Missing));
        let mut swapped = plan;
        swapped.swap(1, 2);
        assert_eq!(plan_fits(&swapped, 120), Err(PlanProblem::Order));
    }
}
