//! The registration and sign-in forms as people fill them in (raw text), and
//! their parsing into checked values, field by field: the same code checks
//! a field as it is typed in the browser and when the form reaches the
//! server.

use super::{
    identity::{
        check_password, CreditCode, CreditCodeError, IdNumber, IdNumberError, MobileNumber,
        MobileNumberError, PasswordError,
    },
    Username,
};
use crate::i18n::{Lang, Msg};
use crate::text::{TextProblem, TextRule};
use serde::{Deserialize, Serialize};

/// The fields of the forms, by their `name` in HTML and JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Username,
    Password,
    RealName,
    IdNumber,
    Mobile,
    EnterpriseName,
    CreditCode,
    LegalRepresentative,
    /// The current password, in a password change.
    OldPassword,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::Username,
        Field::Password,
        Field::RealName,
        Field::IdNumber,
        Field::Mobile,
        Field::EnterpriseName,
        Field::CreditCode,
        Field::LegalRepresentative,
        Field::OldPassword,
    ];

    /// The field whose `name` this is.
    pub fn named(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Field::Username => "username",
            Field::Password => "password",
            Field::RealName => "real_name",
            Field::IdNumber => "id_number",
            Field::Mobile => "mobile",
            Field::EnterpriseName => "enterprise_name",
            Field::CreditCode => "credit_code",
            Field::LegalRepresentative => "legal_representative",
            Field::OldPassword => "old_password",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Field::Username => Msg::FieldUsername,
            Field::Password => Msg::FieldPassword,
            Field::RealName => Msg::FieldRealName,
            Field::IdNumber => Msg::FieldIdNumber,
            Field::Mobile => Msg::FieldMobile,
            Field::EnterpriseName => Msg::FieldEnterpriseName,
            Field::CreditCode => Msg::FieldCreditCode,
            Field::LegalRepresentative => Msg::FieldLegalRepresentative,
            Field::OldPassword => Msg::FieldOldPassword,
        }
    }
}

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", content = "detail", rename_all = "snake_case")]
pub enum Problem {
    Required,
    TooLong {
        max: u16,
    },
    Username,
    Password(PasswordError),
    IdNumber(IdNumberError),
    Mobile(MobileNumberError),
    CreditCode(CreditCodeError),
    /// The username is someone else's.
    UsernameTaken,
    /// This ID number cannot be registered online (it has an account; the
    /// answer does not say so outright, and the holder is told).
    IdNumberNotRegistrable,
    /// An account already exists for this credit code (public by law).
    CreditCodeRegistered,
    /// See [`TextProblem`](crate::text::TextProblem).
    ControlCharacter,
    LineBreak,
    HiddenCharacter,
    /// The current password is not right.
    WrongPassword,
}

impl Problem {
    pub fn msg(self) -> Msg {
        match self {
            Problem::Required => Msg::ProblemRequired,
            Problem::TooLong { .. } => Msg::ProblemTooLong,
            Problem::Username => Msg::ProblemUsername,
            Problem::Password(e) => e.msg(),
            Problem::IdNumber(e) => e.msg(),
            Problem::Mobile(e) => e.msg(),
            Problem::CreditCode(e) => e.msg(),
            Problem::UsernameTaken => Msg::ProblemUsernameTaken,
            Problem::IdNumberNotRegistrable => Msg::ProblemIdNumberNotRegistrable,
            Problem::CreditCodeRegistered => Msg::ProblemCreditCodeRegistered,
            Problem::ControlCharacter => Msg::TextControlCharacter,
            Problem::LineBreak => Msg::TextLineBreak,
            Problem::HiddenCharacter => Msg::TextHiddenCharacter,
            Problem::WrongPassword => Msg::ProblemWrongPassword,
        }
    }

    /// `lang.t(self.msg())`, with each message named where it is chosen:
    /// in the browser a message picked at run time would pull the whole
    /// catalog into the WASM, a constant one only its two texts (the
    /// checked-input island shows these).
    pub fn text(self, lang: Lang) -> &'static str {
        use super::identity::{CreditCodeError as C, IdNumberError as I, PasswordError as P};
        match self {
            Problem::Required => lang.t(Msg::ProblemRequired),
            Problem::TooLong { .. } => lang.t(Msg::ProblemTooLong),
            Problem::Username => lang.t(Msg::ProblemUsername),
            Problem::Password(P::TooShort) => lang.t(Msg::PasswordTooShort),
            Problem::Password(P::TooLong) => lang.t(Msg::PasswordTooLong),
            Problem::Password(P::TooSimple) => lang.t(Msg::PasswordTooSimple),
            Problem::Password(P::ContainsUsername) => lang.t(Msg::PasswordContainsUsername),
            Problem::Password(P::Common) => lang.t(Msg::PasswordCommon),
            Problem::IdNumber(I::Length) => lang.t(Msg::IdLength),
            Problem::IdNumber(I::Characters) => lang.t(Msg::IdCharacters),
            Problem::IdNumber(I::Region) => lang.t(Msg::IdRegion),
            Problem::IdNumber(I::BirthDate) => lang.t(Msg::IdBirthDate),
            Problem::IdNumber(I::Checksum) => lang.t(Msg::IdChecksum),
            Problem::Mobile(_) => lang.t(Msg::MobileInvalid),
            Problem::CreditCode(C::Length) => lang.t(Msg::CreditLength),
            Problem::CreditCode(C::Characters) => lang.t(Msg::CreditCharacters),
            Problem::CreditCode(C::Region) => lang.t(Msg::CreditRegion),
            Problem::CreditCode(C::Checksum) => lang.t(Msg::CreditChecksum),
            Problem::UsernameTaken => lang.t(Msg::ProblemUsernameTaken),
            Problem::IdNumberNotRegistrable => lang.t(Msg::ProblemIdNumberNotRegistrable),
            Problem::CreditCodeRegistered => lang.t(Msg::ProblemCreditCodeRegistered),
            Problem::ControlCharacter => lang.t(Msg::TextControlCharacter),
            Problem::LineBreak => lang.t(Msg::TextLineBreak),
            Problem::HiddenCharacter => lang.t(Msg::TextHiddenCharacter),
            Problem::WrongPassword => lang.t(Msg::ProblemWrongPassword),
        }
    }
}

/// One field's problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    #[serde(flatten)]
    pub problem: Problem,
}

impl FieldError {
    /// The neutral form of this problem, as errors carry it.
    pub fn refusal(&self) -> crate::error::FieldRefusal {
        crate::error::FieldRefusal::new(
            self.field.name(),
            &self.problem,
            crate::i18n::Bilingual::of(self.problem.msg()),
        )
    }
}

impl From<Vec<FieldError>> for crate::error::AppError {
    fn from(fields: Vec<FieldError>) -> Self {
        crate::error::AppError::InvalidFields {
            fields: fields.iter().map(FieldError::refusal).collect(),
        }
    }
}

/// A citizen's registration, as typed.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub real_name: String,
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub mobile: String,
}

/// An enterprise's registration, as typed.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnterpriseForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub enterprise_name: String,
    #[serde(default)]
    pub credit_code: String,
    #[serde(default)]
    pub legal_representative: String,
}

/// A citizen's registration, checked.
#[derive(Debug, Clone)]
pub struct NewCitizen {
    pub username: Username,
    pub password: String,
    pub real_name: String,
    pub id_number: IdNumber,
    pub mobile: MobileNumber,
}

/// An enterprise's registration, checked.
#[derive(Debug, Clone)]
pub struct NewEnterprise {
    pub username: Username,
    pub password: String,
    pub name: String,
    pub credit_code: CreditCode,
    pub legal_representative: String,
}

/// Checks one field's raw text (the browser calls this as a person types;
/// `username` is the username field's text, for the password rule).
pub fn check_field(field: Field, value: &str, username: &str) -> Result<(), Problem> {
    let text = value.trim();
    if text.is_empty() {
        return Err(Problem::Required);
    }
    match field {
        Field::Username => Username::parse(text)
            .map(drop)
            .map_err(|_| Problem::Username),
        // Passwords are taken exactly as typed.
        Field::Password => check_password(value, username.trim()).map_err(Problem::Password),
        Field::IdNumber => IdNumber::parse(text).map(drop).map_err(Problem::IdNumber),
        Field::Mobile => MobileNumber::parse(text).map(drop).map_err(Problem::Mobile),
        Field::CreditCode => CreditCode::parse(text)
            .map(drop)
            .map_err(Problem::CreditCode),
        Field::RealName | Field::LegalRepresentative => {
            PERSON_NAME.parse(text).map(drop).map_err(Problem::from)
        }
        Field::EnterpriseName => ENTERPRISE_NAME.parse(text).map(drop).map_err(Problem::from),
        // Whether it is right only the server can tell.
        Field::OldPassword => Ok(()),
    }
}

/// A person's name (real name, legal representative).
pub const PERSON_NAME: TextRule = TextRule::line(50);
/// An enterprise's registered name.
pub const ENTERPRISE_NAME: TextRule = TextRule::line(100);
/// An official's name as colleagues see it.
pub const DISPLAY_NAME: TextRule = TextRule::line(100);

impl From<TextProblem> for Problem {
    fn from(problem: TextProblem) -> Self {
        match problem {
            TextProblem::Required | TextProblem::TooShort { .. } => Problem::Required,
            TextProblem::TooLong { max } => Problem::TooLong {
                max: u16::try_from(max).unwrap_or(u16::MAX),
            },
            TextProblem::ControlCharacter => Problem::ControlCharacter,
            TextProblem::LineBreak => Problem::LineBreak,
            TextProblem::HiddenCharacter => Problem::HiddenCharacter,
        }
    }
}

/// Collects every field's problem, in form order.
fn check_all(fields: &[(Field, &str)], username: &str) -> Vec<FieldError> {
    fields
        .iter()
        .filter_map(|&(field, value)| {
            check_field(field, value, username)
                .err()
                .map(|problem| FieldError { field, problem })
        })
        .collect()
}

impl CitizenForm {
    pub fn parse(&self) -> Result<NewCitizen, Vec<FieldError>> {
        let errors = check_all(
            &[
                (Field::Username, &self.username),
                (Field::Password, &self.password),
                (Field::RealName, &self.real_name),
                (Field::IdNumber, &self.id_number),
                (Field::Mobile, &self.mobile),
            ],
            &self.username,
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        let checked = (|| {
            Some(NewCitizen {
                username: Username::parse(&self.username).ok()?,
                password: self.password.clone(),
                real_name: self.real_name.trim().to_string(),
                id_number: IdNumber::parse(&self.id_number).ok()?,
                mobile: MobileNumber::parse(&self.mobile).ok()?,
            })
        })();
        Ok(checked.expect("every field was checked"))
    }
}

impl EnterpriseForm {
    pub fn parse(&self) -> Result<NewEnterprise, Vec<FieldError>> {
        let errors = check_all(
            &[
                (Field::Username, &self.username),
                (Field::Password, &self.password),
                (Field::EnterpriseName, &self.enterprise_name),
                (Field::CreditCode, &self.credit_code),
                (Field::LegalRepresentative, &self.legal_representative),
            ],
            &self.username,
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        let checked = (|| {
            Some(NewEnterprise {
                username: Username::parse(&self.username).ok()?,
                password: self.password.clone(),
                name: self.enterprise_name.trim().to_string(),
                credit_code: CreditCode::parse(&self.credit_code).ok()?,
                legal_representative: self.legal_representative.trim().to_string(),
            })
        })();
        Ok(checked.expect("every field was checked"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_texts_are_their_messages() {
        use super::super::identity::{
            CreditCodeError, IdNumberError, MobileNumberError, PasswordError,
        };
        let mut all = vec![
            Problem::Required,
            Problem::TooLong { max: 9 },
            Problem::Username,
            Problem::Mobile(MobileNumberError::Invalid),
            Problem::UsernameTaken,
            Problem::IdNumberNotRegistrable,
            Problem::CreditCodeRegistered,
            Problem::ControlCharacter,
            Problem::LineBreak,
            Problem::HiddenCharacter,
            Problem::WrongPassword,
        ];
        all.extend(
            [
                PasswordError::TooShort,
                PasswordError::TooLong,
                PasswordError::TooSimple,
                PasswordError::ContainsUsername,
                PasswordError::Common,
            ]
            .map(Problem::Password),
        );
        all.extend(
            [
                IdNumberError::Length,
                IdNumberError::Characters,
                IdNumberError::Region,
                IdNumberError::BirthDate,
                IdNumberError::Checksum,
            ]
            .map(Problem::IdNumber),
        );
        all.extend(
            [
                CreditCodeError::Length,
                CreditCodeError::Characters,
                CreditCodeError::Region,
                CreditCodeError::Checksum,
            ]
            .map(Problem::CreditCode),
        );
        for p in all {
            for lang in [Lang::Zh, Lang::En] {
                assert_eq!(p.text(lang), lang.t(p.msg()), "{p:?}");
            }
        }
    }

    fn good_citizen() -> CitizenForm {
        CitizenForm {
            username: "zhang.san".into(),
            password: "Lychee-Harbour-88".into(),
            real_name: "张三".into(),
            id_number: "11010519491231002X".into(),
            mobile: "+86 138 0013 8000".into(),
        }
    }

    #[test]
    fn a_good_citizen_form_parses() {
        let c = good_citizen().parse().unwrap();
        assert_eq!(c.username.as_str(), "zhang.san");
        assert_eq!(c.mobile.as_str(), "13800138000");
        assert_eq!(c.id_number.masked(), "110***********002X");
    }

    #[test]
    fn every_bad_field_is_reported_at_once_in_form_order() {
        let form = CitizenForm {
            username: "x".into(),
            password: "short".into(),
            real_name: "".into(),
            id_number: "11010519491231002Y".into(),
            mobile: "12345".into(),
        };
        let errors = form.parse().unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                Field::Username,
                Field::Password,
                Field::RealName,
                Field::IdNumber,
                Field::Mobile
            ]
        );
        assert_eq!(errors[2].problem, Problem::Required);
        assert_eq!(
            errors[3].problem,
            Problem::IdNumber(IdNumberError::Characters)
        );
    }

    #[test]
    fn the_password_may_not_contain_the_username() {
        let mut form = good_citizen();
        form.password = "Zhang.San-2026!".into();
        assert_eq!(
            form.parse().unwrap_err()[0].problem,
            Problem::Password(PasswordError::ContainsUsername)
        );
    }

    #[test]
    fn enterprise_forms_check_the_credit_code() {
        let mut form = EnterpriseForm {
            username: "lychee-trading".into(),
            password: "Lychee-Harbour-88".into(),
            enterprise_name: "广州荔枝贸易有限公司".into(),
            credit_code: "91350100M000100Y43".into(),
            legal_representative: "李四".into(),
        };
        assert!(form.parse().is_ok());
        form.credit_code = "91350100M000100Y44".into();
        assert_eq!(
            form.parse().unwrap_err()[0],
            FieldError {
                field: Field::CreditCode,
                problem: Problem::CreditCode(CreditCodeError::Checksum)
            }
        );
    }

    #[test]
    fn field_errors_serialise_with_stable_codes() {
        let e = FieldError {
            field: Field::IdNumber,
            problem: Problem::IdNumber(IdNumberError::Checksum),
        };
        assert_eq!(
            serde_json::to_value(e).unwrap(),
            serde_json::json!({"field": "id_number", "problem": "id_number", "detail": "checksum"})
        );
        let long = FieldError {
            field: Field::RealName,
            problem: Problem::TooLong { max: 50 },
        };
        assert_eq!(
            serde_json::to_value(long).unwrap(),
            serde_json::json!({"field": "real_name", "problem": "too_long", "detail": {"max": 50}})
        );
    }
}
