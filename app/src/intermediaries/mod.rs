//! The intermediary service marketplace (中介服务超市, issue 18):
//! intermediaries (surveying, environmental assessment, drawing review…)
//! register with their qualifications; a project's owner posts a purchase
//! (service type, budget, time limit); one registrant is chosen by a
//! public random draw that anyone can recompute (or directly, with a
//! stated reason); its work is a step of the project's timeline on the
//! working-day clock; the owner rates it once on four dimensions and the
//! ratings are public, ranked as the departments' boards are.
//!
//! ```text
//!   posted ──(an intermediary registers)──▶ registering
//!   posted | registering ──(draw, ≥ 2 qualified registrants)──▶ working
//!   posted | registering ──(draw, < 2)──▶ failed (the reason kept)
//!   (posted as a direct choice) ──▶ working
//!   working ──(the chosen intermediary delivers)──▶ delivered
//!   delivered ──(the owner rates, once)──▶ rated
//! ```
//!
//! Drawn and directly chosen are recorded with the selection (its `how`):
//! the work starts on the day of the selection, so the purchase goes
//! straight on to `working`.
//!
//! The draw ([`draw`]): registration closes [`REGISTRATION_DAYS`] working
//! days after the purchase is posted; the seed is the SHA-256 of three
//! lines — the purchase number, the closing date, the registrants' unified
//! social credit codes sorted and joined by commas — so nothing chosen at
//! the time of the draw can steer it; the first 16 hexadecimal digits of
//! the seed, as a number, modulo the number of registrants give the winner
//! in credit-code order.

#[cfg(feature = "ssr")]
pub mod store;

pub mod pages;

use crate::{
    accounts::identity::{CreditCode, CreditCodeError},
    clock::{format_date, parse_date_within, EARLIEST_TYPED, LATEST_TYPED},
    error::{AppError, FieldRefusal, Refusal},
    i18n::{Bilingual, Lang, Msg},
    ratings::{BoardLine, Comment, RatingProblem, Stars},
    regions::RegionCode,
    text::TextRule,
};
use serde::{Deserialize, Deserializer, Serialize};
use time::Date;

/// Working days after posting during which intermediaries may register.
pub const REGISTRATION_DAYS: u32 = 3;
/// The fewest qualified registrants a draw needs.
pub const MIN_REGISTRANTS: usize = 2;
/// The largest budget: 100,000,000.00 yuan, in fen.
pub const MAX_BUDGET_FEN: i64 = 10_000_000_000;
/// The longest time limit of a service, in working days.
pub const MAX_DEADLINE_DAYS: u32 = 120;

/// An intermediary's name: one line of 2–100 characters.
pub const NAME: TextRule = TextRule::line(100).at_least(2);
/// A qualification certificate's number.
pub const CERTIFICATE: TextRule = TextRule::line(50).at_least(3);
/// The reason for a direct choice.
pub const REASON: TextRule = TextRule::lines(500).at_least(5);

/// A type of intermediary service (中介服务事项).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceType {
    /// 测绘.
    Surveying,
    /// 环评报告编制.
    EnvironmentalImpact,
    /// 施工图审查.
    DrawingReview,
    /// 地质勘察.
    GeologicalSurvey,
    /// 节能评估.
    EnergyAssessment,
    /// 水土保持方案编制.
    SoilWaterConservation,
    /// 交通影响评价.
    TrafficImpact,
    /// 土地勘测定界.
    LandSurvey,
}

impl ServiceType {
    pub const ALL: [ServiceType; 8] = [
        ServiceType::Surveying,
        ServiceType::EnvironmentalImpact,
        ServiceType::DrawingReview,
        ServiceType::GeologicalSurvey,
        ServiceType::EnergyAssessment,
        ServiceType::SoilWaterConservation,
        ServiceType::TrafficImpact,
        ServiceType::LandSurvey,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ServiceType::Surveying => "surveying",
            ServiceType::EnvironmentalImpact => "environmental_impact",
            ServiceType::DrawingReview => "drawing_review",
            ServiceType::GeologicalSurvey => "geological_survey",
            ServiceType::EnergyAssessment => "energy_assessment",
            ServiceType::SoilWaterConservation => "soil_water_conservation",
            ServiceType::TrafficImpact => "traffic_impact",
            ServiceType::LandSurvey => "land_survey",
        }
    }

    pub fn parse(s: &str) -> Option<ServiceType> {
        Self::ALL.into_iter().find(|t| t.code() == s.trim())
    }

    pub fn msg(self) -> Msg {
        match self {
            ServiceType::Surveying => Msg::MktSvcSurveying,
            ServiceType::EnvironmentalImpact => Msg::MktSvcEnvironmental,
            ServiceType::DrawingReview => Msg::MktSvcDrawingReview,
            ServiceType::GeologicalSurvey => Msg::MktSvcGeological,
            ServiceType::EnergyAssessment => Msg::MktSvcEnergy,
            ServiceType::SoilWaterConservation => Msg::MktSvcSoilWater,
            ServiceType::TrafficImpact => Msg::MktSvcTraffic,
            ServiceType::LandSurvey => Msg::MktSvcLandSurvey,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(self.msg())
    }

    /// The label in both languages.
    pub fn name(self) -> Bilingual {
        Bilingual::of(self.msg())
    }
}

/// A qualification's grade (资质等级).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 甲级.
    A,
    /// 乙级.
    B,
    /// 丙级.
    C,
}

impl Grade {
    pub const ALL: [Grade; 3] = [Grade::A, Grade::B, Grade::C];

    pub fn code(self) -> &'static str {
        match self {
            Grade::A => "a",
            Grade::B => "b",
            Grade::C => "c",
        }
    }

    pub fn parse(s: &str) -> Option<Grade> {
        let s = s.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|g| g.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(match self {
            Grade::A => Msg::MktGradeA,
            Grade::B => Msg::MktGradeB,
            Grade::C => Msg::MktGradeC,
        })
    }
}

/// A qualification for one service type, with its certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qualification {
    pub service: ServiceType,
    pub grade: Grade,
    pub certificate: String,
    pub valid_until: Date,
}

impl Qualification {
    /// Whether it qualifies on `day` (valid until that day, inclusive).
    pub fn valid_on(&self, day: Date) -> bool {
        day <= self.valid_until
    }
}

/// Why a field is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum FieldProblem {
    Project,
    Service,
    Budget,
    Deadline,
    How,
    DirectWho,
    Grade,
    Region,
    /// A registration names no qualification.
    NoQualification,
}

impl FieldProblem {
    fn at(self, field: &str) -> FieldRefusal {
        let msg = match self {
            FieldProblem::Project => Msg::MktErrProject,
            FieldProblem::Service => Msg::MktErrService,
            FieldProblem::Budget => Msg::MktErrBudget,
            FieldProblem::Deadline => Msg::MktErrDeadline,
            FieldProblem::How => Msg::MktErrHow,
            FieldProblem::DirectWho => Msg::MktErrDirectWho,
            FieldProblem::Grade => Msg::MktErrGrade,
            FieldProblem::Region => Msg::MktErrRegion,
            FieldProblem::NoQualification => Msg::MktErrNoQualification,
        };
        FieldRefusal::new(field, &self, Bilingual::of(msg))
    }
}

/// A number or a text, read as text (forms send text, JSON clients may
/// send numbers).
fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Int(i64),
        Float(f64),
        Null(()),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::Text(t) => t,
        Raw::Int(n) => n.to_string(),
        Raw::Float(f) => f.to_string(),
        Raw::Null(()) => String::new(),
    })
}

/// An intermediary's registration, as typed.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawIntermediary {
    #[serde(default)]
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    /// The unified social credit code (GB 32100).
    #[serde(default)]
    pub credit_code: String,
    /// The region (GB/T 2260) it is registered in.
    #[serde(default, deserialize_with = "text_or_number")]
    pub region: String,
    #[serde(default)]
    pub qualifications: Vec<RawQualification>,
}

/// A qualification, as typed.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawQualification {
    #[serde(default)]
    pub service: String,
    /// `a` (甲级), `b` (乙级) or `c` (丙级).
    #[serde(default)]
    pub grade: String,
    #[serde(default)]
    pub certificate: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub valid_until: String,
}

/// An intermediary as registered, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIntermediary {
    pub name: Bilingual,
    pub credit_code: CreditCode,
    pub region: RegionCode,
    pub qualifications: Vec<Qualification>,
}

impl RawIntermediary {
    /// Checks every field; every problem at once, each at its field
    /// (`qualifications[1].valid_until`).
    pub fn parse(&self) -> Result<NewIntermediary, AppError> {
        let mut refused = Vec::new();
        let mut name = |raw: &str, field: &str| match NAME.parse(raw) {
            Ok(t) => t.into_string(),
            Err(p) => {
                refused.push(p.at(field));
                String::new()
            }
        };
        let name = Bilingual::new(
            name(&self.name_zh, "name_zh"),
            name(&self.name_en, "name_en"),
        );
        let credit_code = CreditCode::parse(&self.credit_code)
            .map_err(|e| refused.push(credit_refusal(e)))
            .ok();
        let region = RegionCode::parse(self.region.trim())
            .map_err(|_| refused.push(FieldProblem::Region.at("region")))
            .ok();
        let qualifications = self
            .qualifications
            .iter()
            .enumerate()
            .filter_map(|(i, q)| {
                q.check(
                    &format!("qualifications[{i}]."),
                    EARLIEST_TYPED,
                    &mut refused,
                )
            })
            .collect();
        match (credit_code, region) {
            (Some(credit_code), Some(region)) if refused.is_empty() => Ok(NewIntermediary {
                name,
                credit_code,
                region,
                qualifications,
            }),
            _ => Err(AppError::InvalidFields { fields: refused }),
        }
    }
}

impl RawQualification {
    /// Checks one qualification, its problems at its fields (their names
    /// after `prefix`); valid until `from` at the earliest.
    fn check(
        &self,
        prefix: &str,
        from: Date,
        refused: &mut Vec<FieldRefusal>,
    ) -> Option<Qualification> {
        let at = |f: &str| format!("{prefix}{f}");
        let service = ServiceType::parse(&self.service);
        if service.is_none() {
            refused.push(FieldProblem::Service.at(&at("service")));
        }
        let grade = Grade::parse(&self.grade);
        if grade.is_none() {
            refused.push(FieldProblem::Grade.at(&at("grade")));
        }
        let certificate = CERTIFICATE
            .parse(&self.certificate)
            .map_err(|p| refused.push(p.at(&at("certificate"))))
            .ok();
        let valid_until = parse_date_within(&self.valid_until, from, LATEST_TYPED)
            .map_err(|p| refused.push(p.at(&at("valid_until"))))
            .ok();
        Some(Qualification {
            service: service?,
            grade: grade?,
            certificate: certificate?.into_string(),
            valid_until: valid_until?,
        })
    }

    /// A qualification an intermediary adds or renews itself: valid today
    /// or later (an expired one could register for nothing).
    pub fn parse(&self, today: Date) -> Result<Qualification, AppError> {
        let mut refused = Vec::new();
        match self.check("", today, &mut refused) {
            Some(q) if refused.is_empty() => Ok(q),
            _ => Err(AppError::InvalidFields { fields: refused }),
        }
    }
}

/// An enterprise's registration of itself as an intermediary (中介机构入驻):
/// its names, region and qualifications; its credit code is its account's.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawJoin {
    #[serde(default)]
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    /// The region (GB/T 2260) it is registered in.
    #[serde(default, deserialize_with = "text_or_number")]
    pub region: String,
    /// At least one, each valid today or later.
    #[serde(default)]
    pub qualifications: Vec<RawQualification>,
    /// Or the `Idempotency-Key` header.
    #[serde(default)]
    pub idempotency_key: Option<String>,
}

impl RawJoin {
    /// Checks every field as [`RawIntermediary::parse`] does, with the
    /// account's `credit_code`; every qualification valid on `today` or
    /// later, and at least one.
    pub fn parse(&self, credit_code: &str, today: Date) -> Result<NewIntermediary, AppError> {
        let raw = RawIntermediary {
            name_zh: self.name_zh.clone(),
            name_en: self.name_en.clone(),
            credit_code: credit_code.to_string(),
            region: self.region.clone(),
            qualifications: Vec::new(),
        };
        let parsed = raw.parse();
        let mut refused = match &parsed {
            Ok(_) => Vec::new(),
            Err(AppError::InvalidFields { fields }) => fields.clone(),
            Err(_) => return parsed,
        };
        let mut qualifications = Vec::new();
        for (i, q) in self.qualifications.iter().enumerate() {
            qualifications.extend(q.check(&format!("qualifications[{i}]."), today, &mut refused));
        }
        if self.qualifications.is_empty() {
            refused.push(FieldProblem::NoQualification.at("qualifications[0].service"));
        }
        match parsed {
            Ok(mut new) if refused.is_empty() => {
                new.qualifications = qualifications;
                Ok(new)
            }
            _ => Err(AppError::InvalidFields { fields: refused }),
        }
    }
}

fn credit_refusal(e: CreditCodeError) -> FieldRefusal {
    FieldRefusal::new("credit_code", &e, Bilingual::of(e.msg()))
}

/// An amount of yuan with at most two decimals, in fen, from 0.01 to
/// [`MAX_BUDGET_FEN`] (the investment's rule for amounts).
pub fn parse_yuan(raw: &str) -> Option<i64> {
    crate::investment::parse_hundredths(raw, MAX_BUDGET_FEN).filter(|fen| *fen >= 1)
}

/// Fen as yuan with two decimals (`12800.50`).
pub fn yuan(fen: i64) -> String {
    crate::investment::hundredths(fen)
}

/// How the intermediary is selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum How {
    /// A public random draw among the qualified registrants.
    Draw,
    /// Chosen directly (a registered intermediary qualified for the
    /// service), for a stated reason.
    Direct { intermediary: i64, reason: String },
}

/// A purchase as posted (a form or the API's JSON).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawPurchase {
    /// The project's code (项目代码), of a project registered to the caller.
    #[serde(default)]
    pub project: String,
    /// A service type (`surveying`, `environmental_impact`, …).
    #[serde(default)]
    pub service: String,
    /// Yuan, up to two decimals (0.01 to 100,000,000).
    #[serde(default, deserialize_with = "text_or_number")]
    pub budget: String,
    /// The time limit of the work: 1 to 120 working days.
    #[serde(default, deserialize_with = "text_or_number")]
    pub deadline_days: String,
    /// `draw` (the default) or `direct`.
    #[serde(default)]
    pub how: String,
    /// For `direct`: the intermediary's id.
    #[serde(default, deserialize_with = "text_or_number")]
    pub intermediary: String,
    /// For `direct`: why (5–500 characters).
    #[serde(default)]
    pub reason: String,
    /// Or the `Idempotency-Key` header.
    #[serde(default)]
    pub idempotency_key: Option<String>,
}

/// A purchase, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPurchase {
    pub project: crate::investment::code::ProjectCode,
    pub service: ServiceType,
    /// Fen.
    pub budget: i64,
    pub deadline_days: u32,
    pub how: How,
}

impl RawPurchase {
    /// Checks every field; every problem at once, each at its field.
    pub fn parse(&self) -> Result<NewPurchase, AppError> {
        let mut refused = Vec::new();
        let project = crate::investment::code::ProjectCode::parse(&self.project)
            .map_err(|_| refused.push(FieldProblem::Project.at("project")))
            .ok();
        let service = ServiceType::parse(&self.service);
        if service.is_none() {
            refused.push(FieldProblem::Service.at("service"));
        }
        let budget = parse_yuan(&self.budget);
        if budget.is_none() {
            refused.push(FieldProblem::Budget.at("budget"));
        }
        let deadline = self
            .deadline_days
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=MAX_DEADLINE_DAYS).contains(d));
        if deadline.is_none() {
            refused.push(FieldProblem::Deadline.at("deadline_days"));
        }
        let how = match self.how.trim() {
            "" | "draw" => Some(How::Draw),
            "direct" => {
                let who = self
                    .intermediary
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|i| *i > 0);
                if who.is_none() {
                    refused.push(FieldProblem::DirectWho.at("intermediary"));
                }
                let reason = REASON
                    .parse(&self.reason)
                    .map_err(|p| refused.push(p.at("reason")))
                    .ok();
                who.zip(reason).map(|(intermediary, r)| How::Direct {
                    intermediary,
                    reason: r.into_string(),
                })
            }
            _ => {
                refused.push(FieldProblem::How.at("how"));
                None
            }
        };
        match (project, service, budget, deadline, how) {
            (Some(project), Some(service), Some(budget), Some(deadline_days), Some(how))
                if refused.is_empty() =>
            {
                Ok(NewPurchase {
                    project,
                    service,
                    budget,
                    deadline_days,
                    how,
                })
            }
            _ => Err(AppError::InvalidFields { fields: refused }),
        }
    }
}

/// A purchase number (采购编号): `ZJ`, the posting date and a six-digit
/// serial, e.g. `ZJ20260930000012`.
pub fn purchase_no(posted_on: Date, serial: i64) -> String {
    format!("ZJ{}{:06}", format_date(posted_on).replace('-', ""), serial)
}

/// Whether a text has the shape of a purchase number.
pub fn is_purchase_no(text: &str) -> bool {
    text.len() == 16 && text.starts_with("ZJ") && text[2..].bytes().all(|b| b.is_ascii_digit())
}

/// The text the draw's seed is the SHA-256 of: the purchase number, the
/// registration's closing date and the registrants' credit codes, sorted
/// and joined by commas, as three lines (no newline at the end).
pub fn seed_input(no: &str, closes_on: Date, codes: &[String]) -> String {
    let mut codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    codes.sort_unstable();
    codes.dedup();
    format!("{no}\n{}\n{}", format_date(closes_on), codes.join(","))
}

/// The outcome of a draw: what anyone can recompute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn {
    /// The text hashed ([`seed_input`]).
    pub input: String,
    /// Its SHA-256, 64 lowercase hexadecimal digits.
    pub seed: String,
    /// The chosen registrant's credit code.
    pub winner: String,
    /// Its place (from 0) among the registrants in credit-code order.
    pub index: usize,
}

/// The reproducible draw among the registrants' credit codes (their order
/// does not matter): fewer than [`MIN_REGISTRANTS`] fails.
#[cfg(feature = "ssr")]
pub fn draw(no: &str, closes_on: Date, codes: &[String]) -> Result<Drawn, MarketProblem> {
    use sha2::{Digest, Sha256};
    let mut sorted: Vec<String> = codes.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.len() < MIN_REGISTRANTS {
        return Err(MarketProblem::TooFewRegistrants);
    }
    let input = seed_input(no, closes_on, &sorted);
    let digest = Sha256::digest(input.as_bytes());
    let seed: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    let index = (u64::from_be_bytes(first) % sorted.len() as u64) as usize;
    Ok(Drawn {
        input,
        seed,
        winner: sorted[index].clone(),
        index,
    })
}

/// A purchase's state.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = PurchaseState))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Posted,
    Registering,
    Working,
    Delivered,
    Rated,
    Failed,
}

impl State {
    pub const ALL: [State; 6] = [
        State::Posted,
        State::Registering,
        State::Working,
        State::Delivered,
        State::Rated,
        State::Failed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Posted => "posted",
            State::Registering => "registering",
            State::Working => "working",
            State::Delivered => "delivered",
            State::Rated => "rated",
            State::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        Self::ALL.into_iter().find(|t| t.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(match self {
            State::Posted => Msg::MktStatePosted,
            State::Registering => Msg::MktStateRegistering,
            State::Working => Msg::MktStateWorking,
            State::Delivered => Msg::MktStateDelivered,
            State::Rated => Msg::MktStateRated,
            State::Failed => Msg::MktStateFailed,
        })
    }

    /// Registration is open in this state.
    pub fn open(self) -> bool {
        matches!(self, State::Posted | State::Registering)
    }
}

/// The four dimensions of a rating.
pub const DIMENSIONS: [Msg; 4] = [
    Msg::MktDimQuality,
    Msg::MktDimTimeliness,
    Msg::MktDimAttitude,
    Msg::MktDimFee,
];
/// Their names in forms and JSON.
pub const DIMENSION_FIELDS: [&str; 4] = ["quality", "timeliness", "attitude", "fee"];

/// A rating as posted: each dimension 1–5 stars, an optional comment.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingBody {
    #[serde(default, deserialize_with = "text_or_number")]
    pub quality: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub timeliness: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub attitude: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub fee: String,
    #[serde(default)]
    pub comment: String,
}

/// A rating, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    /// Quality, timeliness, attitude, fee.
    pub stars: [Stars; 4],
    pub comment: Comment,
}

impl RatingBody {
    /// Checks the four dimensions and the comment, each at its field.
    pub fn parse(&self) -> Result<Rating, AppError> {
        let mut refused = Vec::new();
        let raw = [&self.quality, &self.timeliness, &self.attitude, &self.fee];
        let mut stars = Vec::new();
        for (text, field) in raw.into_iter().zip(DIMENSION_FIELDS) {
            match Stars::parse(text) {
                Ok(s) => stars.push(s),
                Err(p) => refused.push(FieldRefusal::new(field, &p, Bilingual::of(p.msg()))),
            }
        }
        let comment = Comment::parse(&self.comment)
            .map_err(|p| refused.push(FieldRefusal::new("comment", &p, Bilingual::of(p.msg()))))
            .ok();
        match (<[Stars; 4]>::try_from(stars), comment) {
            (Ok(stars), Some(comment)) if refused.is_empty() => Ok(Rating { stars, comment }),
            _ => Err(AppError::InvalidFields { fields: refused }),
        }
    }
}

/// What a rating counts for on the board: the mean of its four dimensions
/// rounded to the nearest star (x.5 up), so each purchase is one rating of
/// the departments' fair ranking ([`crate::ratings::Tally`]).
pub fn overall(stars: [Stars; 4]) -> Stars {
    let sum: i64 = stars.iter().map(|s| i64::from(s.get())).sum();
    Stars::new((sum + 2) / 4).unwrap_or(Stars::ALL[2])
}

/// Why a marketplace action is refused; nothing changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum MarketProblem {
    /// Fewer than two qualified registrants: the purchase fails (kept as
    /// its failure's reason; a draw that finds it answers the failed
    /// purchase, not an error).
    TooFewRegistrants,
    /// The intermediary holds no valid qualification for the service (422).
    NotQualified,
    /// The account manages no registered intermediary (403).
    NotAnIntermediary,
    /// Only the project's owner may do this (403).
    NotOwner,
    /// Only the chosen intermediary records the delivery (403).
    NotChosen,
    /// Registered for this purchase already (409).
    AlreadyRegistered,
    /// Registration is closed, or the purchase takes none (409).
    RegistrationClosed,
    /// The draw waits for registration to close (409).
    NotYetClosed { closes_on: String },
    /// Not at a stage where this can be done (409).
    WrongState,
    /// Rated already (409).
    AlreadyRated,
    /// The owner's own intermediary may not take part (409).
    OwnIntermediary,
    /// Only an enterprise account registers an intermediary (403).
    EnterpriseOnly,
    /// The account manages an intermediary already (409).
    AlreadyManages,
    /// Another account manages the intermediary of this credit code (409).
    CodeTaken,
}

impl MarketProblem {
    pub fn msg(&self) -> Msg {
        match self {
            MarketProblem::TooFewRegistrants => Msg::MktErrTooFew,
            MarketProblem::NotQualified => Msg::MktErrNotQualified,
            MarketProblem::NotAnIntermediary => Msg::MktErrNotIntermediary,
            MarketProblem::NotOwner => Msg::MktErrNotOwner,
            MarketProblem::NotChosen => Msg::MktErrNotChosen,
            MarketProblem::AlreadyRegistered => Msg::MktErrAlreadyRegistered,
            MarketProblem::RegistrationClosed => Msg::MktErrRegistrationClosed,
            MarketProblem::NotYetClosed { .. } => Msg::MktErrNotYetClosed,
            MarketProblem::WrongState => Msg::MktErrWrongState,
            MarketProblem::AlreadyRated => Msg::MktErrAlreadyRated,
            MarketProblem::OwnIntermediary => Msg::MktErrOwnIntermediary,
            MarketProblem::EnterpriseOnly => Msg::MktErrEnterpriseOnly,
            MarketProblem::AlreadyManages => Msg::MktErrAlreadyManages,
            MarketProblem::CodeTaken => Msg::MktErrCodeTaken,
        }
    }

    fn status(&self) -> u16 {
        match self {
            MarketProblem::NotQualified => 422,
            MarketProblem::NotAnIntermediary
            | MarketProblem::NotOwner
            | MarketProblem::NotChosen
            | MarketProblem::EnterpriseOnly => 403,
            _ => 409,
        }
    }

    /// The refusal's text, with the closing date filled in.
    pub fn text(&self) -> Bilingual {
        match self {
            MarketProblem::NotYetClosed { closes_on } => {
                Bilingual::each(|lang| lang.fill(self.msg(), &[("date", closes_on)]))
            }
            _ => Bilingual::of(self.msg()),
        }
    }
}

impl From<MarketProblem> for AppError {
    fn from(p: MarketProblem) -> AppError {
        AppError::Refused(Refusal::new("market_refused", p.status(), &p, p.text()))
    }
}

impl From<RatingProblem> for MarketProblem {
    fn from(p: RatingProblem) -> MarketProblem {
        match p {
            RatingProblem::AlreadyRated => MarketProblem::AlreadyRated,
            _ => MarketProblem::WrongState,
        }
    }
}

// ---- views --------------------------------------------------------------------

/// A qualification as shown.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualificationView {
    pub service: ServiceType,
    pub service_name: Bilingual,
    pub grade: Grade,
    pub certificate: String,
    /// `YYYY-MM-DD`.
    pub valid_until: String,
    /// Valid today.
    pub valid: bool,
}

/// An intermediary on the marketplace's board: its line of the fair
/// ranking (the departments' boards' rule), its code, region and
/// qualifications, and the average of each rating dimension.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntermediaryView {
    /// Rank, name, region, count, average, score, level, distribution.
    pub board: BoardLine,
    pub credit_code: String,
    pub qualifications: Vec<QualificationView>,
    /// Quality, timeliness, attitude, fee: each one's average (none
    /// without ratings).
    pub dimensions: [Option<f64>; 4],
}

/// One registration for a purchase.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrantView {
    pub intermediary_id: i64,
    pub name: Bilingual,
    pub credit_code: String,
    /// `YYYY-MM-DD`.
    pub registered_on: String,
}

/// How the intermediary was chosen: the draw's seed and how it was made,
/// or the direct choice's reason.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectionView {
    /// `draw` or `direct`.
    pub how: String,
    /// The draw's seed input (three lines) and its SHA-256.
    pub seed_input: Option<String>,
    pub seed: Option<String>,
    /// The direct choice's reason.
    pub reason: Option<String>,
    pub intermediary_id: i64,
    pub intermediary: Bilingual,
    pub credit_code: String,
    /// `YYYY-MM-DD`.
    pub selected_on: String,
}

/// The intermediary's work as a step of the project's timeline, on the
/// working-day clock.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntermediaryStep {
    pub purchase_no: String,
    pub service: ServiceType,
    /// The service type's name.
    pub service_name: Bilingual,
    pub intermediary: Bilingual,
    pub state: State,
    /// `YYYY-MM-DD`.
    pub started_on: String,
    /// `YYYY-MM-DD`: the promised limit's last day.
    pub due_on: String,
    pub delivered_on: Option<String>,
    /// The promised limit, in working days.
    pub promised_days: u32,
    /// Working days used: to the delivery, or to today while working.
    pub used_days: u32,
    /// Delivered after, or still working past, the due day.
    pub late: bool,
}

/// The owner's rating of a purchase.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingView {
    /// Quality, timeliness, attitude, fee.
    pub stars: [Stars; 4],
    /// What it counts for on the board.
    pub overall: Stars,
    pub comment: Option<String>,
    /// `YYYY-MM-DD`.
    pub rated_on: String,
}

/// A purchase as anyone reads it (purchases and their selection are
/// public), with what the viewer may do now.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseView {
    pub no: String,
    pub project_code: String,
    pub project_name: String,
    pub service: ServiceType,
    pub service_name: Bilingual,
    /// Yuan with two decimals.
    pub budget: String,
    pub deadline_days: u32,
    /// `draw` or `direct`.
    pub how: String,
    pub state: State,
    /// Why it failed.
    pub failure: Option<Bilingual>,
    /// `YYYY-MM-DD`.
    pub posted_on: String,
    /// `YYYY-MM-DD`: registration is open through the day before.
    pub registration_closes_on: String,
    pub registrants: Vec<RegistrantView>,
    pub selection: Option<SelectionView>,
    pub step: Option<IntermediaryStep>,
    pub rating: Option<RatingView>,
    /// What the viewer may do now: `register`, `draw`, `deliver`, `rate`.
    pub offered: Vec<String>,
}

/// A purchase of an intermediary's, as its page lists it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseLine {
    pub no: String,
    pub service: ServiceType,
    pub state: State,
    /// `YYYY-MM-DD`.
    pub selected_on: String,
}

/// A project of the viewer's, for the purchase form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyProject {
    pub code: String,
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    const THREE: [&str; 3] = [
        "91440101MA59Q8R3XA",
        "91440106MA5CXXXX1B",
        "91440104MA59AAAA2C",
    ];

    #[test]
    fn the_same_inputs_draw_the_same_winner_whatever_the_order() {
        let day = date!(2026 - 10 - 09);
        let a = draw("ZJ20260930000001", day, &codes(&THREE)).unwrap();
        let mut reversed = codes(&THREE);
        reversed.reverse();
        let b = draw("ZJ20260930000001", day, &reversed).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.seed.len(), 64);
        assert!(THREE.contains(&a.winner.as_str()));
        // The input is what the page shows: three lines, codes sorted.
        let lines: Vec<&str> = a.input.lines().collect();
        assert_eq!(lines[0], "ZJ20260930000001");
        assert_eq!(lines[1], "2026-10-09");
        assert_eq!(
            lines[2],
            "91440101MA59Q8R3XA,91440104MA59AAAA2C,91440106MA5CXXXX1B"
        );
        // The winner is the registrant at the seed's place.
        let mut sorted = codes(&THREE);
        sorted.sort();
        assert_eq!(sorted[a.index], a.winner);
        let n = u64::from_str_radix(&a.seed[..16], 16).unwrap();
        assert_eq!((n % 3) as usize, a.index);
        // A registrant listed twice counts once.
        let mut twice = codes(&THREE);
        twice.push(THREE[0].to_string());
        assert_eq!(draw("ZJ20260930000001", day, &twice).unwrap(), a);
    }

    #[test]
    fn a_known_seed_is_the_sha256_of_its_input() {
        // printf '%s' 'abc' | sha256sum, the standard's own example.
        use sha2::{Digest, Sha256};
        let hex: String = Sha256::digest(b"abc")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn every_registrant_can_win() {
        let day = date!(2026 - 10 - 09);
        let mut won = std::collections::HashSet::new();
        for serial in 1..200 {
            let no = purchase_no(date!(2026 - 09 - 30), serial);
            won.insert(draw(&no, day, &codes(&THREE)).unwrap().winner);
        }
        assert_eq!(won.len(), 3);
        // Another closing day draws anew.
        let other: Vec<String> = (1..50)
            .map(|d| {
                let day = date!(2026 - 10 - 01) + time::Duration::days(d);
                draw("ZJ20260930000001", day, &codes(&THREE))
                    .unwrap()
                    .winner
            })
            .collect();
        assert!(other.iter().any(|w| w != &other[0]));
    }

    #[test]
    fn fewer_than_two_registrants_fail() {
        let day = date!(2026 - 10 - 09);
        assert_eq!(
            draw("ZJ20260930000001", day, &[]),
            Err(MarketProblem::TooFewRegistrants)
        );
        assert_eq!(
            draw("ZJ20260930000001", day, &codes(&THREE[..1])),
            Err(MarketProblem::TooFewRegistrants)
        );
        assert_eq!(
            draw("ZJ20260930000001", day, &codes(&[THREE[0], THREE[0]])),
            Err(MarketProblem::TooFewRegistrants)
        );
        assert!(draw("ZJ20260930000001", day, &codes(&THREE[..2])).is_ok());
        let refused = AppError::from(MarketProblem::TooFewRegistrants);
        assert_eq!(refused.status(), 409);
        assert!(refused.message(Lang::Zh).contains("不足 2 家"));
        assert!(refused.message(Lang::En).contains("Fewer than 2"));
    }

    fn raw() -> RawPurchase {
        RawPurchase {
            project: "2026-440103-07-03-000017".into(),
            service: "environmental_impact".into(),
            budget: "128,000.5".into(),
            deadline_days: "20".into(),
            how: "draw".into(),
            ..RawPurchase::default()
        }
    }

    #[test]
    fn a_purchase_parses() {
        let mut ok = raw();
        let code = crate::investment::code::ProjectCode::new(
            2026,
            RegionCode::parse("440103").unwrap(),
            7,
            3,
            17,
        )
        .unwrap();
        ok.project = code.as_str().to_string();
        let p = ok.parse().unwrap();
        assert_eq!(p.service, ServiceType::EnvironmentalImpact);
        assert_eq!(p.budget, 12_800_050);
        assert_eq!(yuan(p.budget), "128000.50");
        assert_eq!(p.deadline_days, 20);
        assert_eq!(p.how, How::Draw);
        ok.how = "direct".into();
        ok.intermediary = "7".into();
        ok.reason = "抢险救灾工程，须立即开展测绘。".into();
        assert!(matches!(
            ok.parse().unwrap().how,
            How::Direct {
                intermediary: 7,
                ..
            }
        ));
        // JSON numbers are read as the form's texts.
        let json: RawPurchase = serde_json::from_value(serde_json::json!({
            "project": code.as_str(), "service": "surveying", "budget": 5000,
            "deadline_days": 10
        }))
        .unwrap();
        assert_eq!(json.parse().unwrap().budget, 500_000);
    }

    #[test]
    fn every_bad_field_of_a_purchase_is_named() {
        let bad = RawPurchase {
            project: "2026-440103".into(),
            service: "astrology".into(),
            budget: "0".into(),
            deadline_days: "121".into(),
            how: "direct".into(),
            intermediary: "x".into(),
            reason: "急".into(),
            idempotency_key: None,
        };
        let Err(AppError::InvalidFields { fields }) = bad.parse() else {
            panic!("refused")
        };
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            names,
            [
                "project",
                "service",
                "budget",
                "deadline_days",
                "intermediary",
                "reason"
            ]
        );
        let mut how = raw();
        how.how = "lottery".into();
        let Err(AppError::InvalidFields { fields }) = how.parse() else {
            panic!("refused")
        };
        assert!(fields.iter().any(|f| f.field == "how"));
    }

    #[test]
    fn budgets_have_two_decimals_and_bounds() {
        assert_eq!(parse_yuan("0.01"), Some(1));
        assert_eq!(parse_yuan("100000000"), Some(MAX_BUDGET_FEN));
        assert_eq!(parse_yuan("100000000.01"), None);
        assert_eq!(parse_yuan("0"), None);
        assert_eq!(parse_yuan("1.234"), None);
        assert_eq!(parse_yuan("-5"), None);
        assert_eq!(parse_yuan("1e3"), None);
        assert_eq!(parse_yuan("１２"), None);
        assert_eq!(parse_yuan(""), None);
    }

    #[test]
    fn ratings_have_four_dimensions_and_count_as_their_rounded_mean() {
        let body = RatingBody {
            quality: "5".into(),
            timeliness: "4".into(),
            attitude: "4".into(),
            fee: "1".into(),
            comment: " 按时交付 ".into(),
        };
        let r = body.parse().unwrap();
        assert_eq!(r.comment.as_deref(), Some("按时交付"));
        assert_eq!(overall(r.stars).get(), 4, "14 / 4 = 3.5 rounds up");
        let s = |n| Stars::new(n).unwrap();
        assert_eq!(overall([s(3), s(3), s(3), s(4)]).get(), 3);
        assert_eq!(overall([s(1), s(1), s(1), s(1)]).get(), 1);
        assert_eq!(overall([s(5), s(5), s(5), s(5)]).get(), 5);
        let bad = RatingBody {
            quality: "6".into(),
            fee: "".into(),
            ..body
        };
        let Err(AppError::InvalidFields { fields }) = bad.parse() else {
            panic!("refused")
        };
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["quality", "fee"]);
    }

    #[test]
    fn an_intermediary_registers_with_valid_codes_and_qualifications() {
        let raw = RawIntermediary {
            name_zh: "广州示范测绘有限公司".into(),
            name_en: "Guangzhou Demo Surveying Co., Ltd.".into(),
            credit_code: "91440101MA59Q8R3XA".into(),
            region: "440106".into(),
            qualifications: vec![RawQualification {
                service: "surveying".into(),
                grade: "A".into(),
                certificate: "甲测资字44100001".into(),
                valid_until: "2028-12-31".into(),
            }],
        };
        let i = raw.parse().unwrap();
        assert_eq!(i.qualifications[0].grade, Grade::A);
        assert!(i.qualifications[0].valid_on(date!(2028 - 12 - 31)));
        assert!(!i.qualifications[0].valid_on(date!(2029 - 01 - 01)));
        let mut bad = raw.clone();
        bad.credit_code = "91440101MA59Q8R3XB".into();
        bad.qualifications[0].valid_until = "2028-02-30".into();
        bad.qualifications[0].service = "x".into();
        let Err(AppError::InvalidFields { fields }) = bad.parse() else {
            panic!("refused")
        };
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            names,
            [
                "credit_code",
                "qualifications[0].service",
                "qualifications[0].valid_until"
            ]
        );
    }

    #[test]
    fn purchase_numbers_and_labels() {
        let no = purchase_no(date!(2026 - 09 - 30), 12);
        assert_eq!(no, "ZJ20260930000012");
        assert!(is_purchase_no(&no));
        assert!(!is_purchase_no("ZJ2026093000001X"));
        for t in ServiceType::ALL {
            assert_eq!(ServiceType::parse(t.code()), Some(t));
            assert!(t.name().is_complete());
        }
        for s in State::ALL {
            assert_eq!(State::parse(s.code()), Some(s));
        }
        assert_eq!(
            ServiceType::EnvironmentalImpact.label(Lang::Zh),
            "环评报告编制"
        );
    }
}
