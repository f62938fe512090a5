//! The national investment project code (投资项目代码), GB/T 40058-2021:
//! `YYYY-RRRRRR-DD-TT-NNNNNC`, 24 characters — the year of registration,
//! the region (GB/T 2260), a two-digit department (sector) code, the
//! project type, a five-digit serial and one check character.
//!
//! The check character: ISO/IEC 7064 MOD 11-2 over the 19 digits (the
//! hyphens do not count), the same rule as the resident identity number
//! (GB 11643): `0`–`9` or `X`. The standard's own text is not available
//! here; MOD 11-2 catches every single wrong digit and every swap of two
//! neighbouring digits, and clerks already know it from ID numbers.

use crate::regions::RegionCode;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A project code, checked.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(value_type = String, pattern = "^[0-9]{4}-[0-9]{6}-[0-9]{2}-[0-9]{2}-[0-9]{5}[0-9X]$", examples("2026-440103-02-03-000017")))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProjectCode(String);

/// Why a text is not a project code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum CodeProblem {
    /// Not 24 characters in the groups 4-6-2-2-6 of digits.
    #[error("a project code has the form YYYY-RRRRRR-DD-TT-NNNNNC")]
    Format,
    /// A year before 2000 or after 2099.
    #[error("the year of a project code is 2000–2099")]
    Year,
    /// The region is not a GB/T 2260 code.
    #[error("the region of a project code is a six-digit region code")]
    Region,
    /// Not one of the project types 01–03.
    #[error("the project type is 01 (审批), 02 (核准) or 03 (备案)")]
    Type,
    /// The serial is 00000.
    #[error("the serial of a project code starts at 00001")]
    Serial,
    /// The check character does not match.
    #[error("the check character does not match: a character is mistyped")]
    Check,
}

/// The ISO/IEC 7064 MOD 11-2 check character of `digits`.
pub fn check_char(digits: &[u8]) -> char {
    let mut sum = 0u32;
    let mut weight = 2u32; // 2^1 for the digit just before the check
    for (i, d) in digits.iter().rev().enumerate() {
        if i > 0 {
            weight = weight * 2 % 11;
        }
        sum += u32::from(*d) * weight;
    }
    match (12 - sum % 11) % 11 {
        10 => 'X',
        c => char::from(b'0' + c as u8),
    }
}

impl ProjectCode {
    /// Parses a code as typed: spaces around are ignored, `x` is `X`.
    pub fn parse(text: &str) -> Result<ProjectCode, CodeProblem> {
        let t = text.trim().to_ascii_uppercase();
        let b = t.as_bytes();
        let shape = b.len() == 24
            && [4, 11, 14, 17].iter().all(|&i| b[i] == b'-')
            && b.iter().enumerate().all(|(i, c)| {
                [4, 11, 14, 17].contains(&i) || c.is_ascii_digit() || (i == 23 && *c == b'X')
            });
        if !shape {
            return Err(CodeProblem::Format);
        }
        let year: u16 = t[0..4].parse().map_err(|_| CodeProblem::Format)?;
        if !(2000..=2099).contains(&year) {
            return Err(CodeProblem::Year);
        }
        RegionCode::parse(&t[5..11]).map_err(|_| CodeProblem::Region)?;
        if !matches!(&t[15..17], "01" | "02" | "03") {
            return Err(CodeProblem::Type);
        }
        if &t[18..23] == "00000" {
            return Err(CodeProblem::Serial);
        }
        let digits: Vec<u8> = b[..23]
            .iter()
            .filter(|c| c.is_ascii_digit())
            .map(|c| c - b'0')
            .collect();
        if char::from(b[23]) != check_char(&digits) {
            return Err(CodeProblem::Check);
        }
        Ok(ProjectCode(t))
    }

    /// The code of a new project; `serial` is 1–99,999.
    pub fn new(
        year: u16,
        region: RegionCode,
        department: u8,
        kind_code: u8,
        serial: u32,
    ) -> Option<ProjectCode> {
        if !(2000..=2099).contains(&year)
            || department > 99
            || !(1..=3).contains(&kind_code)
            || !(1..=99_999).contains(&serial)
        {
            return None;
        }
        let body = format!("{year:04}-{region}-{department:02}-{kind_code:02}-{serial:05}");
        let digits: Vec<u8> = body
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|c| c - b'0')
            .collect();
        Some(ProjectCode(format!("{body}{}", check_char(&digits))))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code's first four segments, the key of its serial counter.
    pub fn prefix(&self) -> &str {
        &self.0[..17]
    }

    /// The region the project was registered in.
    pub fn region(&self) -> RegionCode {
        RegionCode::parse(&self.0[5..11]).expect("checked by parse")
    }
}

impl fmt::Display for ProjectCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ProjectCode {
    type Error = CodeProblem;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        ProjectCode::parse(&s)
    }
}

impl From<ProjectCode> for String {
    fn from(c: ProjectCode) -> String {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    #[test]
    fn the_check_character_is_the_id_numbers_rule() {
        // The GB 11643 example 11010519491231002X: MOD 11-2 over 17 digits.
        let digits: Vec<u8> = "11010519491231002".bytes().map(|c| c - b'0').collect();
        assert_eq!(check_char(&digits), 'X');
        let digits: Vec<u8> = "44010619900101123".bytes().map(|c| c - b'0').collect();
        // The same as the ID number's weights and table.
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let sum: u32 = digits
            .iter()
            .zip(weights)
            .map(|(d, w)| u32::from(*d) * w)
            .sum();
        let table = b"10X98765432";
        assert_eq!(check_char(&digits), char::from(table[(sum % 11) as usize]));
    }

    #[test]
    fn a_new_code_parses_and_keeps_its_parts() {
        let c = ProjectCode::new(2026, region("440103"), 2, 3, 17).unwrap();
        assert_eq!(c.as_str().len(), 24);
        assert!(c.as_str().starts_with("2026-440103-02-03-00017"));
        assert_eq!(ProjectCode::parse(c.as_str()), Ok(c.clone()));
        assert_eq!(c.prefix(), "2026-440103-02-03");
        assert_eq!(c.region(), region("440103"));
        let lower = c.as_str().to_ascii_lowercase();
        assert_eq!(ProjectCode::parse(&format!("  {lower} ")), Ok(c));
    }

    #[test]
    fn every_single_wrong_digit_and_every_swap_is_caught() {
        let c = ProjectCode::new(2026, region("440106"), 11, 2, 4321).unwrap();
        let s = c.as_str().as_bytes().to_vec();
        for i in (0..23).filter(|i| ![4, 11, 14, 17].contains(i)) {
            for d in b'0'..=b'9' {
                if d == s[i] {
                    continue;
                }
                let mut t = s.clone();
                t[i] = d;
                let typed = String::from_utf8(t).unwrap();
                assert!(ProjectCode::parse(&typed).is_err(), "{typed}");
            }
        }
        let digits: Vec<usize> = (0..23).filter(|i| ![4, 11, 14, 17].contains(i)).collect();
        for w in digits.windows(2) {
            let (a, b) = (w[0], w[1]);
            if s[a] == s[b] || b != a + 1 {
                continue;
            }
            let mut t = s.clone();
            t.swap(a, b);
            let typed = String::from_utf8(t).unwrap();
            assert!(ProjectCode::parse(&typed).is_err(), "{typed}");
        }
    }

    #[test]
    fn malformed_codes_say_what_is_wrong() {
        let ok = ProjectCode::new(2026, region("440100"), 1, 1, 1).unwrap();
        let s = ok.as_str();
        assert_eq!(ProjectCode::parse(""), Err(CodeProblem::Format));
        assert_eq!(ProjectCode::parse(&s[..23]), Err(CodeProblem::Format));
        assert_eq!(
            ProjectCode::parse(&s.replace('-', "_")),
            Err(CodeProblem::Format)
        );
        assert_eq!(
            ProjectCode::parse("1999-440100-01-01-00001X"),
            Err(CodeProblem::Year)
        );
        assert_eq!(
            ProjectCode::parse("2026-990100-01-01-00001X"),
            Err(CodeProblem::Region)
        );
        assert_eq!(
            ProjectCode::parse("2026-440100-01-04-00001X"),
            Err(CodeProblem::Type)
        );
        assert_eq!(
            ProjectCode::parse("2026-440100-01-01-000000"),
            Err(CodeProblem::Serial)
        );
        let last = s.as_bytes()[23];
        let wrong = if last == b'0' { '1' } else { '0' };
        assert_eq!(
            ProjectCode::parse(&format!("{}{wrong}", &s[..23])),
            Err(CodeProblem::Check)
        );
        // Full-width digits and other scripts are not digits.
        assert_eq!(
            ProjectCode::parse("２０２６-440100-01-01-00001X"),
            Err(CodeProblem::Format)
        );
        assert!(ProjectCode::new(2026, region("440100"), 1, 4, 1).is_none());
        assert!(ProjectCode::new(2026, region("440100"), 1, 1, 100_000).is_none());
        assert!(ProjectCode::new(2026, region("440100"), 1, 1, 0).is_none());
    }

    #[test]
    fn every_region_of_the_tree_makes_valid_codes() {
        let csv = include_str!("../../../server/seed/guangdong-regions.csv");
        let mut n = 0;
        for line in csv.lines().skip(1) {
            let code = line.split(',').next().unwrap();
            let r = region(code);
            for kind in 1..=3 {
                for serial in [1, 9, 10, 12_345, 99_999] {
                    let c = ProjectCode::new(2026, r, 3, kind, serial).unwrap();
                    assert_eq!(ProjectCode::parse(c.as_str()), Ok(c.clone()));
                    assert_eq!(c.region(), r);
                }
            }
            n += 1;
        }
        assert_eq!(n, csv.lines().count() - 1);
        assert!(n >= 22, "the province and its 21 cities at least: {n}");
    }
}
