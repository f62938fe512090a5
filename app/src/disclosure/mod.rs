//! Government disclosure (政务公开): the documents departments and regions
//! publish of their own accord (主动公开) with their index numbers (索引号)
//! and validity, the interpretations of policies (政策解读), requests for
//! information (依申请公开, [`request`]) and the annual report generated
//! from the record.
//!
//! Documents go through the shared review flow ([`crate::review`]): an
//! editor writes, a reviewer publishes. This file holds the pure rules
//! (kinds, validity, index numbers).

pub mod documents;
pub mod report;
pub mod report_page;
#[cfg(feature = "ssr")]
pub mod report_store;
pub mod request;
pub mod requests;

use crate::text::TextRule;
use serde::{Deserialize, Serialize};

/// A title: one line of 1–200 characters.
pub const TITLE_RULE: TextRule = TextRule::line(200);
/// A document number (文号) such as 穗府办规〔2026〕3号: up to 60 characters.
pub const DOC_NUMBER_RULE: TextRule = TextRule::line(60);
/// A document's text: up to 100,000 characters.
pub const BODY_RULE: TextRule = TextRule::lines(100_000);

/// What a document is.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = DocumentKind))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 工作动态
    News,
    /// 通知公告
    Notice,
    /// 政策文件
    Policy,
    /// 规划计划
    Plan,
    /// 财政预决算
    Budget,
    /// 新闻发布会 (with its transcript)
    PressConference,
    /// 政策解读: explains one policy or plan (its document and form).
    Interpretation,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::News,
        Kind::Notice,
        Kind::Policy,
        Kind::Plan,
        Kind::Budget,
        Kind::PressConference,
        Kind::Interpretation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::News => "news",
            Kind::Notice => "notice",
            Kind::Policy => "policy",
            Kind::Plan => "plan",
            Kind::Budget => "budget",
            Kind::PressConference => "press_conference",
            Kind::Interpretation => "interpretation",
        }
    }

    pub fn parse(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Documents of this kind have a validity (a policy is in force,
    /// amended or repealed; news is not).
    pub fn has_validity(self) -> bool {
        matches!(self, Kind::Policy | Kind::Plan)
    }
}

/// Whether a policy document is in force (有效性).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    /// 现行有效
    Valid,
    /// 已修改 (by the document linked)
    Amended,
    /// 已废止 (replaced by the document linked, if any)
    Repealed,
}

impl Validity {
    pub const ALL: [Validity; 3] = [Validity::Valid, Validity::Amended, Validity::Repealed];

    pub fn code(self) -> &'static str {
        match self {
            Validity::Valid => "valid",
            Validity::Amended => "amended",
            Validity::Repealed => "repealed",
        }
    }

    pub fn parse(code: &str) -> Option<Validity> {
        Validity::ALL.into_iter().find(|v| v.code() == code)
    }
}

/// How an interpretation explains its document.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterpretationForm {
    /// 文字解读
    Text,
    /// 问答解读
    QuestionsAndAnswers,
    /// 图文解读 (an image with its text)
    Graphic,
}

impl InterpretationForm {
    pub const ALL: [InterpretationForm; 3] = [
        InterpretationForm::Text,
        InterpretationForm::QuestionsAndAnswers,
        InterpretationForm::Graphic,
    ];

    pub fn code(self) -> &'static str {
        match self {
            InterpretationForm::Text => "text",
            InterpretationForm::QuestionsAndAnswers => "questions_and_answers",
            InterpretationForm::Graphic => "graphic",
        }
    }

    pub fn parse(code: &str) -> Option<InterpretationForm> {
        InterpretationForm::ALL
            .into_iter()
            .find(|f| f.code() == code)
    }
}

/// A document's index number (索引号): unique for its department and year,
/// given in order of publication — `440100-MZJ-2026-00012`, the region,
/// the department's code, the year, and the year's serial number (five
/// digits). Written without a slash, so that it is one segment of an
/// address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IndexNo {
    region: u32,
    department: String,
    year: u16,
    serial: u32,
}

/// The most documents a department indexes in one year.
pub const MAX_SERIAL: u32 = 99_999;

impl IndexNo {
    /// The index number `serial` of `year` for the department `department`
    /// of `region`; `None` when a part is out of range.
    pub fn new(region: u32, department: &str, year: i32, serial: u32) -> Option<IndexNo> {
        let ok = (100_000..=999_999).contains(&region)
            && (2..=8).contains(&department.len())
            && department.bytes().all(|b| b.is_ascii_uppercase())
            && (1000..=9999).contains(&year)
            && (1..=MAX_SERIAL).contains(&serial);
        ok.then(|| IndexNo {
            region,
            department: department.to_string(),
            year: year as u16,
            serial,
        })
    }

    pub fn parse(text: &str) -> Option<IndexNo> {
        let mut parts = text.split('-');
        let (Some(region), Some(department), Some(year), Some(serial), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return None;
        };
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(region, 6) || !digits(year, 4) || !digits(serial, 5) {
            return None;
        }
        IndexNo::new(
            region.parse().ok()?,
            department,
            year.parse().ok()?,
            serial.parse().ok()?,
        )
    }

    pub fn region(&self) -> u32 {
        self.region
    }

    pub fn department(&self) -> &str {
        &self.department
    }

    pub fn year(&self) -> i32 {
        i32::from(self.year)
    }

    pub fn serial(&self) -> u32 {
        self.serial
    }
}

impl std::fmt::Display for IndexNo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}-{}-{:04}-{:05}",
            self.region, self.department, self.year, self.serial
        )
    }
}

impl TryFrom<String> for IndexNo {
    type Error = String;

    fn try_from(s: String) -> Result<IndexNo, String> {
        IndexNo::parse(&s).ok_or_else(|| format!("not an index number: {s}"))
    }
}

impl From<IndexNo> for String {
    fn from(i: IndexNo) -> String {
        i.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_number_names_region_department_year_and_serial_and_reads_back() {
        let i = IndexNo::new(440100, "MZJ", 2026, 12).unwrap();
        assert_eq!(i.to_string(), "440100-MZJ-2026-00012");
        assert_eq!(IndexNo::parse("440100-MZJ-2026-00012"), Some(i.clone()));
        assert_eq!(
            (i.region(), i.department(), i.year(), i.serial()),
            (440100, "MZJ", 2026, 12)
        );
        // Serialised as its text.
        assert_eq!(
            serde_json::to_string(&i).unwrap(),
            "\"440100-MZJ-2026-00012\""
        );
        assert_eq!(
            serde_json::from_str::<IndexNo>("\"440100-MZJ-2026-00012\"").unwrap(),
            i
        );
        // In order of publication within a department's year.
        let next = IndexNo::new(440100, "MZJ", 2026, 13).unwrap();
        assert!(i < next);
    }

    #[test]
    fn malformed_index_numbers_are_refused() {
        for bad in [
            "",
            "440100-MZJ-2026-12",
            "440100-MZJ-2026-000012",
            "440100-mzj-2026-00012",
            "440100-MZJ-2026-00000",
            "4401-MZJ-2026-00012",
            "440100-MZJ-2026-00012-1",
            "440100/MZJ/2026/00012",
            "440100-M-2026-00012",
            "440100-MZJ-２０２６-00012",
            "440100-MZJ-2026-0001２",
            "44O100-MZJ-2026-00012",
        ] {
            assert_eq!(IndexNo::parse(bad), None, "{bad}");
        }
        assert_eq!(IndexNo::new(440100, "MZJ", 2026, 100_000), None);
        assert_eq!(IndexNo::new(440100, "MZJ", 2026, 0), None);
        assert!(serde_json::from_str::<IndexNo>("\"x\"").is_err());
    }

    #[test]
    fn codes_read_back_and_only_policies_and_plans_have_a_validity() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.code()), Some(k));
        }
        for v in Validity::ALL {
            assert_eq!(Validity::parse(v.code()), Some(v));
        }
        for f in InterpretationForm::ALL {
            assert_eq!(InterpretationForm::parse(f.code()), Some(f));
        }
        assert!(Kind::Policy.has_validity() && !Kind::News.has_validity());
    }
}
