//! Codes and limits of the catalog, parsed once and valid everywhere.

use crate::regions::RegionCode;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a text is not a valid catalog code or limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("a department code is 2 to 8 capital letters")]
    Department,
    #[error("a service code is region-DEPARTMENT-number, e.g. 440100-MZJ-0001")]
    Service,
    #[error("a time limit is a whole number of working days from 0 to 365")]
    WorkingDays,
    #[error("the promised time limit cannot exceed the statutory one")]
    PromiseExceedsLaw,
}

/// A department's short code within its region (e.g. `MZJ` 民政局).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(value_type = String, examples("MZJ")))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DeptCode(String);

impl DeptCode {
    /// Parses 2–8 ASCII capital letters.
    pub fn parse(s: &str) -> Result<Self, CodeError> {
        let ok = (2..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase());
        ok.then(|| DeptCode(s.to_string()))
            .ok_or(CodeError::Department)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A service item's code: its region, its department and a number, e.g.
/// `440100-MZJ-0001` (the marriage registration of Guangzhou).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ServiceCode {
    region: RegionCode,
    dept: DeptCode,
    number: u16,
}

/// In the API a service code is its text, `440100-MZJ-0001`.
#[cfg(feature = "ssr")]
impl utoipa::PartialSchema for ServiceCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[0-9]{6}-[A-Z]{2,8}-[0-9]{4}$"))
            .examples(["440100-MZJ-0001"])
            .into()
    }
}

#[cfg(feature = "ssr")]
impl utoipa::ToSchema for ServiceCode {}

impl ServiceCode {
    /// Builds a code from its parts; the number is 1–9999.
    pub fn new(region: RegionCode, dept: DeptCode, number: u16) -> Result<Self, CodeError> {
        (1..=9999)
            .contains(&number)
            .then_some(ServiceCode {
                region,
                dept,
                number,
            })
            .ok_or(CodeError::Service)
    }

    /// Parses `RRRRRR-DEPT-NNNN`.
    pub fn parse(s: &str) -> Result<Self, CodeError> {
        let mut parts = s.trim().split('-');
        let (Some(region), Some(dept), Some(number), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(CodeError::Service);
        };
        let region = RegionCode::parse(region).map_err(|_| CodeError::Service)?;
        let dept = DeptCode::parse(dept).map_err(|_| CodeError::Service)?;
        if number.len() != 4 || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeError::Service);
        }
        let number = number.parse().map_err(|_| CodeError::Service)?;
        Self::new(region, dept, number)
    }

    pub fn region(&self) -> RegionCode {
        self.region
    }

    pub fn dept(&self) -> &DeptCode {
        &self.dept
    }
}

impl fmt::Display for ServiceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{:04}", self.region, self.dept.0, self.number)
    }
}

impl TryFrom<String> for ServiceCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, CodeError> {
        Self::parse(&s)
    }
}

impl From<ServiceCode> for String {
    fn from(c: ServiceCode) -> String {
        c.to_string()
    }
}

impl TryFrom<String> for DeptCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, CodeError> {
        Self::parse(&s)
    }
}

impl From<DeptCode> for String {
    fn from(c: DeptCode) -> String {
        c.0
    }
}

/// A number of working days (工作日), 0 meaning on the spot (即办).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(value_type = u16, maximum = 365))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub struct WorkingDays(u16);

impl WorkingDays {
    /// The longest limit the catalog accepts.
    pub const MAX: u16 = 365;

    pub fn new(days: u16) -> Result<Self, CodeError> {
        (days <= Self::MAX)
            .then_some(WorkingDays(days))
            .ok_or(CodeError::WorkingDays)
    }

    /// Parses a whole number of days written in decimal.
    pub fn parse(s: &str) -> Result<Self, CodeError> {
        s.trim()
            .parse::<u16>()
            .map_err(|_| CodeError::WorkingDays)
            .and_then(Self::new)
    }

    pub fn get(self) -> u16 {
        self.0
    }
}

impl TryFrom<u16> for WorkingDays {
    type Error = CodeError;
    fn try_from(d: u16) -> Result<Self, CodeError> {
        Self::new(d)
    }
}

impl From<WorkingDays> for u16 {
    fn from(d: WorkingDays) -> u16 {
        d.0
    }
}

/// The statutory (法定) and promised (承诺) time limits of an item; the
/// promise never exceeds the law.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeLimits {
    statutory: WorkingDays,
    promised: WorkingDays,
}

impl TimeLimits {
    pub fn new(statutory: WorkingDays, promised: WorkingDays) -> Result<Self, CodeError> {
        (promised <= statutory)
            .then_some(TimeLimits {
                statutory,
                promised,
            })
            .ok_or(CodeError::PromiseExceedsLaw)
    }

    pub fn statutory(self) -> WorkingDays {
        self.statutory
    }

    pub fn promised(self) -> WorkingDays {
        self.promised
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn department_codes() {
        assert_eq!(DeptCode::parse("MZJ").unwrap().as_str(), "MZJ");
        assert!(DeptCode::parse("SCJGJ").is_ok());
        for bad in ["", "M", "mzj", "MZJ1", "ABCDEFGHI", "MZ J"] {
            assert_eq!(DeptCode::parse(bad), Err(CodeError::Department), "{bad:?}");
        }
    }

    #[test]
    fn service_codes_round_trip() {
        let c = ServiceCode::parse("440100-MZJ-0001").unwrap();
        assert_eq!(c.to_string(), "440100-MZJ-0001");
        assert_eq!(c.region().to_string(), "440100");
        assert_eq!(c.dept().as_str(), "MZJ");
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"440100-MZJ-0001\"");
        for bad in [
            "440100-MZJ-0000",
            "440100-MZJ-1",
            "440100-mzj-0001",
            "44010-MZJ-0001",
            "440100-MZJ-0001-1",
            "440100MZJ0001",
            "990000-MZJ-0001",
        ] {
            assert_eq!(ServiceCode::parse(bad), Err(CodeError::Service), "{bad:?}");
        }
    }

    #[test]
    fn limits() {
        assert_eq!(WorkingDays::parse("20").unwrap().get(), 20);
        assert_eq!(WorkingDays::parse("0").unwrap().get(), 0);
        for bad in ["-1", "366", "1.5", "", "二十"] {
            assert_eq!(
                WorkingDays::parse(bad),
                Err(CodeError::WorkingDays),
                "{bad:?}"
            );
        }
        let d = |n| WorkingDays::new(n).unwrap();
        let l = TimeLimits::new(d(20), d(10)).unwrap();
        assert_eq!((l.statutory().get(), l.promised().get()), (20, 10));
        assert!(TimeLimits::new(d(20), d(20)).is_ok());
        assert_eq!(
            TimeLimits::new(d(10), d(20)),
            Err(CodeError::PromiseExceedsLaw)
        );
    }
}
