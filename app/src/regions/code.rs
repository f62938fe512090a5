use serde::{Deserialize, Serialize};
use std::fmt;

/// An administrative division code (行政区划代码, GB/T 2260): six digits,
/// two each for province, prefecture and county.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(value_type = String, pattern = "^[0-9]{6}$", examples("440100")))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(u32);

/// Why a text is not a region code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a region code is six digits: a province (11–82), then prefecture and county")]
pub struct InvalidRegionCode;

impl RegionCode {
    /// Parses six ASCII digits whose first two name a province (11–82).
    pub fn parse(s: &str) -> Result<Self, InvalidRegionCode> {
        let s = s.trim();
        if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(InvalidRegionCode);
        }
        let n: u32 = s.parse().map_err(|_| InvalidRegionCode)?;
        if !(110000..=829999).contains(&n) {
            return Err(InvalidRegionCode);
        }
        Ok(RegionCode(n))
    }

    /// The code as a number, as stored in the database.
    pub fn get(self) -> u32 {
        self.0
    }

    /// Builds a code from a stored number, checking it as `parse` does.
    pub fn from_u32(n: u32) -> Result<Self, InvalidRegionCode> {
        Self::parse(&format!("{n:06}"))
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

impl TryFrom<String> for RegionCode {
    type Error = InvalidRegionCode;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<RegionCode> for String {
    fn from(c: RegionCode) -> String {
        c.to_string()
    }
}

impl From<InvalidRegionCode> for crate::error::AppError {
    fn from(_: InvalidRegionCode) -> Self {
        crate::error::AppError::InvalidRegionCode
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_codes_parse() {
        for s in ["440000", "440100", "440103", "445300", "110101", "820000"] {
            assert_eq!(RegionCode::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn malformed_codes_are_refused() {
        for s in [
            "",
            "44010",
            "4401000",
            "44010a",
            "000000",
            "990000",
            "4401 3",
            "+44010",
            "４４０１００",
        ] {
            assert_eq!(RegionCode::parse(s), Err(InvalidRegionCode), "{s:?}");
        }
    }

    #[test]
    fn serde_uses_the_six_digit_string() {
        let c = RegionCode::parse("440100").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"440100\"");
        assert!(serde_json::from_str::<RegionCode>("\"12\"").is_err());
    }
}
