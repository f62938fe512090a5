//! Who a person or an enterprise is: the resident identity number, the
//! unified social credit code, the mobile number and the password rules.
//!
//! Pure checks with no I/O and no clock, so the browser gives instant form
//! feedback with exactly the rules the server enforces.

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};
use std::fmt;

// ---------------------------------------------------------------------------
// Resident identity number (公民身份号码, GB 11643-1999)
// ---------------------------------------------------------------------------

/// A resident identity number (公民身份号码, GB 11643-1999): 18 characters
/// with a valid region, birth date and check character.
///
/// `Debug` and `Display` show only the masked form so the number cannot reach
/// a log by accident; [`IdNumber::as_str`] gives the full number on purpose.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdNumber(String);

/// Why a text is not a resident identity number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdNumberError {
    #[error("an ID number has 18 characters")]
    Length,
    #[error("an ID number is 17 digits followed by a digit or X")]
    Characters,
    #[error("the first two digits of an ID number are not a province code")]
    Region,
    #[error("characters 7 to 14 of an ID number are not a real birth date")]
    BirthDate,
    #[error("the check character of the ID number does not match")]
    Checksum,
}

impl IdNumberError {
    /// The translated message to show the person.
    pub fn msg(self) -> Msg {
        match self {
            IdNumberError::Length => Msg::IdLength,
            IdNumberError::Characters => Msg::IdCharacters,
            IdNumberError::Region => Msg::IdRegion,
            IdNumberError::BirthDate => Msg::IdBirthDate,
            IdNumberError::Checksum => Msg::IdChecksum,
        }
    }
}

/// The ISO 7064 MOD 11-2 weights of the first 17 digits.
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder of the weighted sum mod 11.
const ID_CHECK: &[u8; 11] = b"10X98765432";

impl IdNumber {
    /// Parses an ID number, trimming surrounding whitespace and accepting a
    /// lower-case `x`. Checks, in order: length, characters, province,
    /// birth date (1900–2099, a real calendar day) and check character.
    pub fn parse(s: &str) -> Result<Self, IdNumberError> {
        let s = s.trim().to_ascii_uppercase();
        if s.chars().count() != 18 {
            return Err(IdNumberError::Length);
        }
        let b = s.as_bytes();
        let (body, last) = (&b[..17], b[17]);
        if !body.iter().all(u8::is_ascii_digit) || !(last.is_ascii_digit() || last == b'X') {
            return Err(IdNumberError::Characters);
        }
        if !is_province(decimal(&b[..2]) as u8) {
            return Err(IdNumberError::Region);
        }
        let (y, m, d) = (decimal(&b[6..10]), decimal(&b[10..12]), decimal(&b[12..14]));
        if !(1900..=2099).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in(y, m) {
            return Err(IdNumberError::BirthDate);
        }
        let sum: u32 = body
            .iter()
            .zip(ID_WEIGHTS)
            .map(|(c, w)| u32::from(c - b'0') * w)
            .sum();
        if ID_CHECK[(sum % 11) as usize] != last {
            return Err(IdNumberError::Checksum);
        }
        Ok(IdNumber(s))
    }

    /// The full 18-character number, for when its owner needs it (storage,
    /// the owner's own profile). Never log it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The birth date as (year, month, day).
    pub fn birth_date(&self) -> (u16, u8, u8) {
        let b = self.0.as_bytes();
        (
            decimal(&b[6..10]) as u16,
            decimal(&b[10..12]) as u8,
            decimal(&b[12..14]) as u8,
        )
    }

    /// The six-digit administrative division code of the place of first
    /// registration (the number's first six digits).
    pub fn region_prefix(&self) -> &str {
        &self.0[..6]
    }

    /// The first 3 and last 4 characters with 11 `*` between,
    /// e.g. `440***********1234`.
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.0[..3], "*".repeat(11), &self.0[14..])
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IdNumber").field(&self.masked()).finish()
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl TryFrom<String> for IdNumber {
    type Error = IdNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<IdNumber> for String {
    fn from(id: IdNumber) -> String {
        id.0
    }
}

/// Whether two digits are a province-level code (省级行政区划代码), including
/// Taiwan (71), Hong Kong (81) and Macao (82).
fn is_province(code: u8) -> bool {
    matches!(
        code,
        11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82
    )
}

/// The value of ASCII digits already checked to be digits.
fn decimal(digits: &[u8]) -> u32 {
    digits
        .iter()
        .fold(0, |n, c| n * 10 + u32::from(c.wrapping_sub(b'0')))
}

/// The number of days in a month of the Gregorian calendar.
fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 => {
            let leap =
                year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
            if leap {
                29
            } else {
                28
            }
        }
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// ---------------------------------------------------------------------------
// Unified social credit code (统一社会信用代码, GB 32100-2015)
// ---------------------------------------------------------------------------

/// A unified social credit code (统一社会信用代码, GB 32100-2015) of an
/// enterprise or other organisation: 18 characters with a valid check
/// character. Not personal data, so it prints in full.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CreditCode(String);

/// Why a text is not a unified social credit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreditCodeError {
    #[error("a unified social credit code has 18 characters")]
    Length,
    #[error("a unified social credit code has only digits and capital letters other than I, O, S, V and Z")]
    Characters,
    #[error("characters 3 to 8 of a unified social credit code are a six-digit region code")]
    Region,
    #[error("the check character of the unified social credit code does not match")]
    Checksum,
}

impl CreditCodeError {
    /// The translated message to show the person.
    pub fn msg(self) -> Msg {
        match self {
            CreditCodeError::Length => Msg::CreditLength,
            CreditCodeError::Characters => Msg::CreditCharacters,
            CreditCodeError::Region => Msg::CreditRegion,
            CreditCodeError::Checksum => Msg::CreditChecksum,
        }
    }
}

/// The 31 characters of the code; a character's value is its index.
const CREDIT_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// The weights of the first 17 characters (3^i mod 31).
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

impl CreditCode {
    /// Parses a code, trimming surrounding whitespace and upper-casing.
    /// Checks, in order: length, characters, region digits, check character.
    pub fn parse(s: &str) -> Result<Self, CreditCodeError> {
        let s = s.trim().to_ascii_uppercase();
        if s.chars().count() != 18 {
            return Err(CreditCodeError::Length);
        }
        let mut values = [0u32; 18];
        for (v, c) in values.iter_mut().zip(s.bytes()) {
            *v = CREDIT_ALPHABET
                .iter()
                .position(|&a| a == c)
                .ok_or(CreditCodeError::Characters)? as u32;
        }
        if !s.as_bytes()[2..8].iter().all(u8::is_ascii_digit) {
            return Err(CreditCodeError::Region);
        }
        let sum: u32 = values[..17]
            .iter()
            .zip(CREDIT_WEIGHTS)
            .map(|(v, w)| v * w)
            .sum();
        if (31 - sum % 31) % 31 != values[17] {
            return Err(CreditCodeError::Checksum);
        }
        Ok(CreditCode(s))
    }

    /// The 18-character code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CreditCode {
    type Error = CreditCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<CreditCode> for String {
    fn from(c: CreditCode) -> String {
        c.0
    }
}

// ---------------------------------------------------------------------------
// Mobile number (手机号码)
// ---------------------------------------------------------------------------

/// A mainland Chinese mobile number (手机号码): 11 digits starting `13`–`19`.
/// `Debug` and `Display` show only the masked form.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MobileNumber(String);

/// Why a text is not a mainland mobile number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MobileNumberError {
    #[error("a mobile number has 11 digits starting with 13 to 19")]
    Invalid,
}

impl MobileNumberError {
    /// The translated message to show the person.
    pub fn msg(self) -> Msg {
        match self {
            MobileNumberError::Invalid => Msg::MobileInvalid,
        }
    }
}

impl MobileNumber {
    /// Parses a number as people write it: spaces and hyphens are ignored,
    /// and a `+86` or `86` country prefix is dropped.
    pub fn parse(s: &str) -> Result<Self, MobileNumberError> {
        let compact: String = s
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        let digits = match compact.strip_prefix("+86") {
            Some(rest) => rest,
            // An 11-digit number starts with 1, so a leading 86 on a 13-digit
            // text can only be the country code.
            None if compact.len() == 13 => compact.strip_prefix("86").unwrap_or(&compact),
            None => &compact,
        };
        let b = digits.as_bytes();
        let ok = b.len() == 11
            && b.iter().all(u8::is_ascii_digit)
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1]);
        ok.then(|| MobileNumber(digits.to_string()))
            .ok_or(MobileNumberError::Invalid)
    }

    /// The 11 digits, without prefix or separators.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first 3 and last 4 digits with `****` between, e.g. `138****5678`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Debug for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("MobileNumber").field(&self.masked()).finish()
    }
}

impl fmt::Display for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl TryFrom<String> for MobileNumber {
    type Error = MobileNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<MobileNumber> for String {
    fn from(m: MobileNumber) -> String {
        m.0
    }
}

// ---------------------------------------------------------------------------
// Password rules
// ---------------------------------------------------------------------------

/// The fewest characters a password may have.
pub const PASSWORD_MIN_CHARS: usize = 10;
/// The most characters a password may have.
pub const PASSWORD_MAX_CHARS: usize = 128;

/// Why a password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordError {
    #[error("a password needs at least 10 characters")]
    TooShort,
    #[error("a password may have at most 128 characters")]
    TooLong,
    #[error("a password needs at least three of: lower-case, upper-case, digits, other symbols")]
    TooSimple,
    #[error("a password must not contain the user name")]
    ContainsUsername,
    #[error("this is one of the most common passwords")]
    Common,
}

impl PasswordError {
    /// The translated message to show the person.
    pub fn msg(self) -> Msg {
        match self {
            PasswordError::TooShort => Msg::PasswordTooShort,
            PasswordError::TooLong => Msg::PasswordTooLong,
            PasswordError::TooSimple => Msg::PasswordTooSimple,
            PasswordError::ContainsUsername => Msg::PasswordContainsUsername,
            PasswordError::Common => Msg::PasswordCommon,
        }
    }
}

/// Widely used passwords that the other rules would let through (each has
/// 10+ characters and 3+ classes); compared ignoring ASCII case.
const COMMON_PASSWORDS: &[&str] = &[
    "Password123!",
    "Password@123",
    "Password1234",
    "Password2024!",
    "Password2025!",
    "Passw0rd!23",
    "Passw0rd123",
    "P@ssw0rd123",
    "P@ssw0rd2024",
    "P@ssw0rd2025",
    "Qwerty123456!",
    "Qwerty@12345",
    "Qwer1234!@#$",
    "1qaz@WSX3edc",
    "1qaz!QAZ2wsx",
    "Admin@123456",
    "Admin@12345",
    "Admin123456",
    "Root@123456",
    "Test@123456",
    "Welcome@123",
    "Welcome123!",
    "Abc@12345678",
    "Abc123456789",
    "Aa123456789",
    "Iloveyou123!",
    "Woaini1314!",
    "Huawei@123",
    "Changeme123!",
];

/// Checks a new password against the hall's rules and returns the first one
/// it breaks, in this order: length (10–128 characters), at least three of
/// the four character classes, not containing the user name (when that has
/// 3+ characters, ignoring case), not a well-known common password.
pub fn check_password(password: &str, username: &str) -> Result<(), PasswordError> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        return Err(PasswordError::TooShort);
    }
    if chars > PASSWORD_MAX_CHARS {
        return Err(PasswordError::TooLong);
    }
    let (mut lower, mut upper, mut digit, mut other) = (false, false, false, false);
    for c in password.chars() {
        if c.is_lowercase() {
            lower = true;
        } else if c.is_uppercase() {
            upper = true;
        } else if c.is_ascii_digit() {
            digit = true;
        } else {
            other = true;
        }
    }
    if [lower, upper, digit, other]
        .into_iter()
        .filter(|&x| x)
        .count()
        < 3
    {
        return Err(PasswordError::TooSimple);
    }
    let username = username.trim();
    if username.chars().count() >= 3 && password.to_lowercase().contains(&username.to_lowercase()) {
        return Err(PasswordError::ContainsUsername);
    }
    if COMMON_PASSWORDS
        .iter()
        .any(|common| common.eq_ignore_ascii_case(password))
    {
        return Err(PasswordError::Common);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// GB 11643 check character, computed independently of `IdNumber`.
    fn id_check(first17: &str) -> char {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let sum: u32 = first17
            .chars()
            .zip(weights)
            .map(|(c, w)| c.to_digit(10).unwrap() * w)
            .sum();
        "10X98765432".chars().nth((sum % 11) as usize).unwrap()
    }

    /// A valid ID number from its first 17 digits.
    fn id(first17: &str) -> String {
        assert_eq!(first17.len(), 17);
        format!("{first17}{}", id_check(first17))
    }

    /// GB 32100 check character, computed independently of `CreditCode`.
    fn credit_check(first17: &str) -> char {
        let alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        let sum: usize = first17
            .chars()
            .enumerate()
            .map(|(i, c)| alphabet.find(c).unwrap() * 3usize.pow(i as u32) % 31)
            .sum();
        alphabet.chars().nth((31 - sum % 31) % 31).unwrap()
    }

    fn credit(first17: &str) -> String {
        assert_eq!(first17.len(), 17);
        format!("{first17}{}", credit_check(first17))
    }

    // --- IdNumber ---

    #[test]
    fn the_standards_own_example_parses() {
        // GB 11643-1999, annex: a man born 1949-12-31 in Chaoyang, Beijing.
        let n = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(n.as_str(), "11010519491231002X");
        assert_eq!(n.birth_date(), (1949, 12, 31));
        assert_eq!(n.region_prefix(), "110105");
        assert_eq!(id_check("11010519491231002"), 'X');
    }

    #[test]
    fn computed_numbers_parse() {
        for first17 in [
            "44010619900101123",
            "44030520000229004",
            "32010219851130567",
            "81000019700615001",
            "65010120991231999",
            "53010119000101000",
        ] {
            let s = id(first17);
            let n = IdNumber::parse(&s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
            assert_eq!(n.as_str(), s);
        }
    }

    #[test]
    fn a_changed_digit_breaks_the_checksum() {
        let good = id("44010619900101123");
        assert!(IdNumber::parse(&good).is_ok());
        // Change the sequence digit (position 15) and keep the old check.
        let mut bad = good.clone().into_bytes();
        bad[14] = if bad[14] == b'9' { b'8' } else { bad[14] + 1 };
        let bad = String::from_utf8(bad).unwrap();
        assert_eq!(IdNumber::parse(&bad), Err(IdNumberError::Checksum));
        // Every wrong check character is refused.
        for c in "0123456789X"
            .chars()
            .filter(|&c| c != id_check(&good[..17]))
        {
            let s = format!("{}{c}", &good[..17]);
            assert_eq!(IdNumber::parse(&s), Err(IdNumberError::Checksum), "{s}");
        }
        assert_eq!(
            IdNumber::parse("110105194912310021"),
            Err(IdNumberError::Checksum)
        );
    }

    #[test]
    fn lower_case_x_and_whitespace_are_accepted() {
        let n = IdNumber::parse("  11010519491231002x\n").unwrap();
        assert_eq!(n.as_str(), "11010519491231002X");
    }

    #[test]
    fn length_and_characters_are_checked_first() {
        for s in [
            "",
            "1101051949123100",
            "11010519491231002X0",
            "110105 19491231002X",
        ] {
            assert_eq!(IdNumber::parse(s), Err(IdNumberError::Length), "{s:?}");
        }
        for s in [
            "1101051949123100XX",
            "X10105194912310020",
            "11010519491231002Y",
            "11010519491231002-",
            "１10105194912310020",
        ] {
            assert_eq!(IdNumber::parse(s), Err(IdNumberError::Characters), "{s:?}");
        }
    }

    #[test]
    fn region_must_be_a_province() {
        for prefix in [
            "99", "00", "10", "16", "20", "24", "38", "47", "55", "60", "66", "72", "80", "83",
        ] {
            let s = id(&format!("{prefix}010519491231002"));
            assert_eq!(IdNumber::parse(&s), Err(IdNumberError::Region), "{s}");
        }
        for prefix in [
            "11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65", "71", "81",
            "82",
        ] {
            let s = id(&format!("{prefix}010519491231002"));
            assert!(IdNumber::parse(&s).is_ok(), "{s}");
        }
    }

    #[test]
    fn birth_dates_follow_the_gregorian_calendar() {
        let date = |ymd: &str| IdNumber::parse(&id(&format!("440106{ymd}123")));
        // Leap years: divisible by 4, except centuries not divisible by 400.
        assert!(date("20000229").is_ok());
        assert!(date("19960229").is_ok());
        assert!(date("20240229").is_ok());
        assert_eq!(date("19000229"), Err(IdNumberError::BirthDate));
        assert_eq!(date("20230229"), Err(IdNumberError::BirthDate));
        assert_eq!(date("20000230"), Err(IdNumberError::BirthDate));
        // Month lengths.
        assert!(date("19900131").is_ok());
        assert!(date("19900430").is_ok());
        assert_eq!(date("19900431"), Err(IdNumberError::BirthDate));
        assert_eq!(date("19901131"), Err(IdNumberError::BirthDate));
        assert_eq!(date("19901232"), Err(IdNumberError::BirthDate));
        assert_eq!(date("19900001"), Err(IdNumberError::BirthDate));
        assert_eq!(date("19901301"), Err(IdNumberError::BirthDate));
        assert_eq!(date("19900100"), Err(IdNumberError::BirthDate));
        // Years 1900–2099 only.
        assert!(date("19000101").is_ok());
        assert!(date("20991231").is_ok());
        assert_eq!(date("18991231"), Err(IdNumberError::BirthDate));
        assert_eq!(date("21000101"), Err(IdNumberError::BirthDate));
        assert_eq!(
            IdNumber::parse(&id("44010620000229123"))
                .unwrap()
                .birth_date(),
            (2000, 2, 29)
        );
    }

    #[test]
    fn id_numbers_are_masked_in_debug_and_display() {
        let s = id("44010619900101123");
        let n = IdNumber::parse(&s).unwrap();
        let masked = format!("440***********{}", &s[14..]);
        assert_eq!(n.masked(), masked);
        assert_eq!(n.masked().chars().count(), 18);
        assert_eq!(n.to_string(), masked);
        let debug = format!("{n:?}");
        assert!(!debug.contains(&s), "{debug}");
        assert!(!debug.contains("19900101"), "{debug}");
        assert!(debug.contains(&masked), "{debug}");
        let pretty = format!("{:#?}", Some(&n));
        assert!(!pretty.contains(&s), "{pretty}");
    }

    #[test]
    fn id_serde_is_the_plain_string_and_validates() {
        let n = IdNumber::parse("11010519491231002X").unwrap();
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, "\"11010519491231002X\"");
        assert_eq!(serde_json::from_str::<IdNumber>(&json).unwrap(), n);
        assert_eq!(
            serde_json::from_str::<IdNumber>("\"11010519491231002x\"").unwrap(),
            n
        );
        assert!(serde_json::from_str::<IdNumber>("\"110105194912310021\"").is_err());
        assert!(serde_json::from_str::<IdNumber>("\"\"").is_err());
    }

    // --- CreditCode ---

    #[test]
    fn a_published_credit_code_parses() {
        // Verified by hand: values 9,1,3,5,0,1,0,0,M=21,0,0,0,1,0,0,Y=30,4
        // times the weights sum to 1640; 1640 mod 31 = 28; 31 − 28 = 3 → '3'.
        let c = CreditCode::parse("91350100M000100Y43").unwrap();
        assert_eq!(c.as_str(), "91350100M000100Y43");
        assert_eq!(credit_check("91350100M000100Y4"), '3');
    }

    #[test]
    fn computed_credit_codes_parse() {
        for first17 in [
            "91440101MA5CXXXX0",
            "12440000000000000",
            "52440300MJL000001",
            "93440106MA9UPQRT1",
            "Y1110000000000000",
        ] {
            let s = credit(first17);
            let c = CreditCode::parse(&s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
            assert_eq!(c.as_str(), s);
        }
    }

    #[test]
    fn the_check_character_can_be_zero() {
        // Find a code whose weighted sum is a multiple of 31 (check value
        // 31 → 0) and make sure it is accepted with '0'.
        let found = (0..1000)
            .map(|n| format!("91440101MA{n:07}"))
            .find(|s| credit_check(s) == '0')
            .unwrap();
        assert!(CreditCode::parse(&format!("{found}0")).is_ok());
        assert_eq!(
            CreditCode::parse(&format!("{found}1")),
            Err(CreditCodeError::Checksum)
        );
    }

    #[test]
    fn credit_codes_are_trimmed_and_upper_cased() {
        let c = CreditCode::parse(" 91350100m000100y43 ").unwrap();
        assert_eq!(c.as_str(), "91350100M000100Y43");
        assert_eq!(c.to_string(), "91350100M000100Y43");
        assert_eq!(format!("{c:?}"), "CreditCode(\"91350100M000100Y43\")");
    }

    #[test]
    fn credit_code_errors() {
        assert_eq!(CreditCode::parse(""), Err(CreditCodeError::Length));
        assert_eq!(
            CreditCode::parse("91350100M000100Y4"),
            Err(CreditCodeError::Length)
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y433"),
            Err(CreditCodeError::Length)
        );
        for bad in ['I', 'O', 'S', 'V', 'Z', '-', '*', '中'] {
            let s = format!("91350100{bad}000100Y43");
            assert_eq!(
                CreditCode::parse(&s),
                Err(CreditCodeError::Characters),
                "{s}"
            );
        }
        assert_eq!(
            CreditCode::parse(&credit("913501A0M000100Y4")),
            Err(CreditCodeError::Region)
        );
        assert_eq!(
            CreditCode::parse(&credit("91M50100M000100Y4")),
            Err(CreditCodeError::Region)
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y44"),
            Err(CreditCodeError::Checksum)
        );
        assert_eq!(
            CreditCode::parse("91350100M000200Y43"),
            Err(CreditCodeError::Checksum)
        );
    }

    #[test]
    fn credit_serde_is_the_plain_string_and_validates() {
        let c = CreditCode::parse("91350100M000100Y43").unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, "\"91350100M000100Y43\"");
        assert_eq!(serde_json::from_str::<CreditCode>(&json).unwrap(), c);
        assert!(serde_json::from_str::<CreditCode>("\"91350100M000100Y44\"").is_err());
    }

    // --- MobileNumber ---

    #[test]
    fn mobile_numbers_as_people_write_them() {
        for s in [
            "+86 138-0013-8000",
            "13800138000",
            "138 0013 8000",
            "8613800138000",
            "+8613800138000",
            " 138-0013-8000 ",
        ] {
            let m = MobileNumber::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e:?}"));
            assert_eq!(m.as_str(), "13800138000");
        }
        for second in '3'..='9' {
            assert!(MobileNumber::parse(&format!("1{second}912345678")).is_ok());
        }
    }

    #[test]
    fn invalid_mobile_numbers() {
        for s in [
            "12345678901",
            "11012345678",
            "23800138000",
            "1380013800",
            "138001380000",
            "+85 13800138000",
            "86 1380013800",
            "1380013800a",
            "+8612345678901",
            "",
            "１3800138000",
        ] {
            assert_eq!(
                MobileNumber::parse(s),
                Err(MobileNumberError::Invalid),
                "{s:?}"
            );
        }
    }

    #[test]
    fn mobile_numbers_are_masked() {
        let m = MobileNumber::parse("138 1234 5678").unwrap();
        assert_eq!(m.masked(), "138****5678");
        assert_eq!(m.to_string(), "138****5678");
        let debug = format!("{m:?}");
        assert!(!debug.contains("13812345678"), "{debug}");
        assert!(debug.contains("138****5678"), "{debug}");
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, "\"13812345678\"");
        assert_eq!(serde_json::from_str::<MobileNumber>(&json).unwrap(), m);
        assert!(serde_json::from_str::<MobileNumber>("\"12345678901\"").is_err());
    }

    // --- Passwords ---

    #[test]
    fn a_good_password_passes() {
        assert_eq!(check_password("Banyan-Tree-42", "zhangsan"), Ok(()));
        assert_eq!(check_password("correct horse battery 7", "li"), Ok(()));
        assert_eq!(check_password("木棉花开Spring2024", "wangwu"), Ok(()));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert_eq!(
            check_password("Ab1!Ab1!A", "u"),
            Err(PasswordError::TooShort)
        );
        assert_eq!(check_password("Ab1!Ab1!Ab", "u"), Ok(()));
        // Nine Chinese characters are 27 bytes but still too short.
        assert_eq!(
            check_password("广州天a1B体育中", "u"),
            Err(PasswordError::TooShort)
        );
        let max = format!("Ab1!{}", "x".repeat(124));
        assert_eq!(check_password(&max, "u"), Ok(()));
        let over = format!("Ab1!{}", "x".repeat(125));
        assert_eq!(check_password(&over, "u"), Err(PasswordError::TooLong));
    }

    #[test]
    fn three_of_four_classes_are_needed() {
        for s in [
            "abcdefghijkl",
            "ABCDEFGHIJKL",
            "123456789012",
            "abcdefgh1234",
            "ABCDEFGH!!!!",
            "abcdEFGHijkl",
        ] {
            assert_eq!(check_password(s, "u"), Err(PasswordError::TooSimple), "{s}");
        }
        for s in [
            "abcdEFGH1234",
            "abcdefgh12!!",
            "ABCDEFGH12!!",
            "abcdEFGH!!!!",
        ] {
            assert_eq!(check_password(s, "u"), Ok(()), "{s}");
        }
    }

    #[test]
    fn the_username_must_not_appear() {
        assert_eq!(
            check_password("xZhangSan#2024", "zhangsan"),
            Err(PasswordError::ContainsUsername)
        );
        assert_eq!(
            check_password("my-LEE-pass-9", " Lee "),
            Err(PasswordError::ContainsUsername)
        );
        // Short user names are not checked: they would match too much.
        assert_eq!(check_password("my-Li-pass-99", "li"), Ok(()));
        assert_eq!(check_password("my-Li-pass-99", ""), Ok(()));
    }

    #[test]
    fn common_passwords_are_refused_whatever_the_case() {
        assert!(COMMON_PASSWORDS.len() >= 20);
        for p in COMMON_PASSWORDS {
            assert_eq!(
                check_password(p, "someone"),
                Err(PasswordError::Common),
                "{p}"
            );
            let flipped: String = p
                .chars()
                .map(|c| {
                    if c.is_ascii_lowercase() {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect();
            // Flipping case keeps the classes, so only the list can refuse it.
            assert_eq!(
                check_password(&flipped, "someone"),
                Err(PasswordError::Common),
                "{flipped}"
            );
        }
        assert_eq!(
            check_password("PASSWORD123!", "u"),
            Err(PasswordError::Common)
        );
        assert_eq!(
            check_password("p@ssw0rd2024", "u"),
            Err(PasswordError::Common)
        );
    }

    #[test]
    fn rules_are_reported_in_order() {
        // Short and simple: length first.
        assert_eq!(check_password("abc", "abc"), Err(PasswordError::TooShort));
        // Simple and containing the user name: simplicity first.
        assert_eq!(
            check_password("adminadmin12", "admin"),
            Err(PasswordError::TooSimple)
        );
        // Common and containing the user name: the user name first.
        assert_eq!(
            check_password("Admin@123456", "admin"),
            Err(PasswordError::ContainsUsername)
        );
    }

    // --- Messages ---

    #[test]
    fn every_error_has_a_distinct_message() {
        let msgs = [
            IdNumberError::Length.msg(),
            IdNumberError::Characters.msg(),
            IdNumberError::Region.msg(),
            IdNumberError::BirthDate.msg(),
            IdNumberError::Checksum.msg(),
            CreditCodeError::Length.msg(),
            CreditCodeError::Characters.msg(),
            CreditCodeError::Region.msg(),
            CreditCodeError::Checksum.msg(),
            MobileNumberError::Invalid.msg(),
            PasswordError::TooShort.msg(),
            PasswordError::TooLong.msg(),
            PasswordError::TooSimple.msg(),
            PasswordError::ContainsUsername.msg(),
            PasswordError::Common.msg(),
        ];
        for (i, a) in msgs.iter().enumerate() {
            assert!(msgs[i + 1..].iter().all(|b| b != a), "{a:?} repeated");
        }
    }

    #[test]
    fn errors_serialize_as_snake_case_codes() {
        assert_eq!(
            serde_json::to_string(&IdNumberError::BirthDate).unwrap(),
            "\"birth_date\""
        );
        assert_eq!(
            serde_json::to_string(&PasswordError::ContainsUsername).unwrap(),
            "\"contains_username\""
        );
        assert_eq!(
            serde_json::from_str::<CreditCodeError>("\"checksum\"").unwrap(),
            CreditCodeError::Checksum
        );
    }
}
