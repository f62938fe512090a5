//! Applying online (在线申办): forms generated from each item's field
//! definitions, one form for a bundle (一件事), drafts, idempotent
//! submission, case numbers and query codes, the receipt (受理回执).

pub mod after;
pub mod case_files;
pub mod check;
pub mod form;
pub mod materials;
pub mod pages;
pub mod slots;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};
use time::Date;

/// What is applied for: one item, or a bundle of items across departments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Item,
    Bundle,
}

impl Target {
    /// What a form page's query names (`?service=CODE` or
    /// `?bundle=REGION/KEY`, exactly one of them), with its key.
    pub fn from_query(
        service: &Option<String>,
        bundle: &Option<String>,
    ) -> Result<(Target, String), crate::error::AppError> {
        match (service, bundle) {
            (Some(s), None) => Ok((Target::Item, s.clone())),
            (None, Some(b)) => Ok((Target::Bundle, b.clone())),
            _ => Err(crate::error::AppError::InvalidParameter {
                name: "service".into(),
            }),
        }
    }
}

/// A case number (办件编号): region, acceptance date, serial, e.g.
/// `440100-20261008-000123`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CaseNo(String);

impl CaseNo {
    pub fn new(region: i32, accepted_on: Date, serial: i64) -> CaseNo {
        CaseNo(format!(
            "{region:06}-{:04}{:02}{:02}-{:06}",
            accepted_on.year(),
            u8::from(accepted_on.month()),
            accepted_on.day(),
            serial.rem_euclid(1_000_000)
        ))
    }

    /// Parses the printed form (spaces around it ignored).
    pub fn parse(s: &str) -> Option<CaseNo> {
        let s = s.trim();
        let b = s.as_bytes();
        let ok = b.len() == 22
            && b.iter().enumerate().all(|(i, c)| match i {
                6 | 15 => *c == b'-',
                _ => c.is_ascii_digit(),
            });
        ok.then(|| CaseNo(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The letters of a query code: no 0/O, 1/I/L, so it can be read aloud
/// and typed from paper.
pub const QUERY_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A query code (查询码): with the case number, anyone the applicant gives
/// it to can follow the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryCode(String);

impl QueryCode {
    /// Eight random letters (about 40 bits; guessing is also throttled).
    #[cfg(feature = "ssr")]
    pub fn generate() -> Result<QueryCode, crate::error::AppError> {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).map_err(crate::error::AppError::internal)?;
        Ok(QueryCode(
            bytes
                .iter()
                .map(|b| QUERY_ALPHABET[usize::from(*b) % QUERY_ALPHABET.len()] as char)
                .collect(),
        ))
    }

    pub fn parse(s: &str) -> Option<QueryCode> {
        let s = s.trim().to_ascii_uppercase();
        (s.len() == 8 && s.bytes().all(|b| QUERY_ALPHABET.contains(&b))).then_some(QueryCode(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An idempotency key as sent by a form or an API client (a UUID).
pub fn parse_idempotency_key(s: &str) -> Option<String> {
    let s = s.trim().to_ascii_lowercase();
    let b = s.as_bytes();
    let ok = b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        });
    ok.then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn case_numbers_read_region_date_serial() {
        let no = CaseNo::new(440100, date!(2026 - 10 - 08), 123);
        assert_eq!(no.as_str(), "440100-20261008-000123");
        assert_eq!(CaseNo::parse(" 440100-20261008-000123 "), Some(no));
        assert_eq!(
            CaseNo::new(440000, date!(2026 - 01 - 02), 1_000_007).as_str(),
            "440000-20260102-000007"
        );
        for bad in [
            "440100-2026100-000123",
            "440100_20261008_000123",
            "44010a-20261008-000123",
            "",
        ] {
            assert_eq!(CaseNo::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn query_codes_avoid_confusable_letters() {
        assert!(QueryCode::parse("abcd2345").is_some());
        for bad in ["ABCD234O", "ABCD2341", "ABCDEFGI", "ABC", "ABCDEFGHJ"] {
            assert!(QueryCode::parse(bad).is_none(), "{bad}");
        }
        #[cfg(feature = "ssr")]
        for _ in 0..100 {
            let code = QueryCode::generate().unwrap();
            assert!(QueryCode::parse(code.as_str()).is_some());
        }
    }

    #[test]
    fn idempotency_keys_are_uuids() {
        assert_eq!(
            parse_idempotency_key("6F9619FF-8B86-D011-B42D-00C04FC964FF").as_deref(),
            Some("6f9619ff-8b86-d011-b42d-00c04fc964ff")
        );
        assert_eq!(parse_idempotency_key("not-a-uuid"), None);
    }
}
