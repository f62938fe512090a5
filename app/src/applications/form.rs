//! Application forms generated from each item's field definitions, and the
//! parsing of what was typed into checked answers: the same code checks a
//! field as it is typed in the browser and when the form reaches the
//! server. A bundle (一件事) asks a field shared by several items once and
//! copies the answer into each department's part.

use crate::text::{TextProblem, TextRule};
use crate::{
    accounts::{
        identity::{CreditCode, IdNumber, MobileNumber},
        AccountFacts,
    },
    catalog::Bilingual,
    i18n::{Lang, Msg},
    regions::RegionCode,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

/// What a field holds, and its rules.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldKind {
    Text {
        max_len: u16,
    },
    LongText {
        max_len: u16,
    },
    /// A number from `min` to `max` (whole units); with `places` (1 or 2:
    /// an amount in 万元) it may have that many decimal places.
    Number {
        min: i64,
        max: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<Bilingual>,
        #[serde(default, skip_serializing_if = "is_zero")]
        places: u8,
    },
    Date {
        /// Not after today (a birth date, say).
        #[serde(default)]
        past_only: bool,
    },
    Choice {
        options: Vec<ChoiceOption>,
    },
    /// A Guangdong address: a region (city or county) and the street detail.
    Address,
    IdNumber,
    CreditCode,
    Mobile,
    PersonName,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

/// The most decimal places a number field may have.
pub const MAX_PLACES: u8 = 2;

/// A decimal typed with at most `places` decimal places (thousands
/// separators and spaces ignored; not negative), in units of
/// 10^-`places`: `"1,860.5"` with 2 places is 186050.
pub fn parse_decimal(raw: &str, places: u8) -> Option<i64> {
    let t = raw.replace([',', '，', ' '], "");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 15 || frac.len() > usize::from(places) {
        return None;
    }
    if !digits(whole) || !digits(frac) || (t.contains('.') && frac.is_empty()) {
        return None;
    }
    let scale = 10i64.pow(u32::from(places));
    let frac = format!("{frac:0<width$}", width = usize::from(places));
    let frac: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    whole
        .parse::<i64>()
        .ok()?
        .checked_mul(scale)?
        .checked_add(frac)
}

/// `n` units of 10^-`places` as text with exactly `places` decimals.
pub fn format_decimal(n: i64, places: u8) -> String {
    let scale = 10i64.pow(u32::from(places));
    format!(
        "{}.{:0width$}",
        n / scale,
        n % scale,
        width = usize::from(places)
    )
}

/// One option of a choice.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub value: String,
    pub label: Bilingual,
}

/// What a field asks that the applicant's account already knows: the
/// field is filled from the account instead of being asked again (WCAG
/// 2.2 3.3.7). A form definition says it (`"known": "id_number"`), for the
/// fields about the applicant themselves (a mother's ID number is an ID
/// number too, but not necessarily the applicant's).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Known {
    /// A citizen's real name.
    Name,
    /// A citizen's ID number.
    IdNumber,
    /// A citizen's mobile number.
    Mobile,
    /// An enterprise's name.
    EnterpriseName,
    /// An enterprise's unified social credit code.
    CreditCode,
    /// An enterprise's legal representative.
    LegalRepresentative,
}

impl Known {
    /// Whether a field of `kind` can hold it.
    pub fn fits(self, kind: &FieldKind) -> bool {
        matches!(
            (self, kind),
            (
                Known::Name | Known::LegalRepresentative,
                FieldKind::PersonName
            ) | (Known::IdNumber, FieldKind::IdNumber)
                | (Known::Mobile, FieldKind::Mobile)
                | (Known::EnterpriseName, FieldKind::Text { .. })
                | (Known::CreditCode, FieldKind::CreditCode)
        )
    }

    /// The account's identity (verified when it was opened) is taken from
    /// the account on the server and cannot be changed in the form; the
    /// rest is only a starting value the person may correct.
    pub fn fixed(self) -> bool {
        matches!(self, Known::Name | Known::IdNumber | Known::CreditCode)
    }

    /// The account's value, as it would be typed.
    fn value(self, facts: &AccountFacts) -> Option<String> {
        match self {
            Known::Name => facts.name.clone(),
            Known::IdNumber => facts.id_number.as_ref().map(|id| id.as_str().to_string()),
            Known::Mobile => facts.mobile.clone(),
            Known::EnterpriseName => facts.enterprise_name.clone(),
            Known::CreditCode => facts.credit_code.clone(),
            Known::LegalRepresentative => facts.legal_representative.clone(),
        }
    }

    /// The account's value as the form shows it: the ID number masked.
    fn shown(self, facts: &AccountFacts) -> Option<String> {
        match self {
            Known::IdNumber => facts.id_number.as_ref().map(IdNumber::masked),
            other => other.value(facts),
        }
    }
}

/// What the account fills in a form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefill {
    /// Starting values of the fields the person may still correct.
    pub values: RawAnswers,
    /// The fixed fields, by key, with what they show (ID numbers masked):
    /// no input is rendered for them.
    pub fixed: Vec<(String, String)>,
}

/// What `facts` fills in `fields` (nothing for a field the account does
/// not know, which stays an ordinary question).
pub fn prefill(fields: &[FieldDef], facts: &AccountFacts) -> Prefill {
    let mut out = Prefill::default();
    for f in fields {
        let Some(known) = f.known.filter(|k| k.fits(&f.kind)) else {
            continue;
        };
        if known.fixed() {
            if let Some(shown) = known.shown(facts) {
                out.fixed.push((f.key.clone(), shown));
            }
        } else if let Some(value) = known.value(facts) {
            out.values.insert(f.key.clone(), value);
        }
    }
    out
}

/// The answers as sent with every fixed field's value replaced by the
/// account's: whatever a form post or an API client sends for them is
/// ignored.
pub fn with_fixed(fields: &[FieldDef], raw: &RawAnswers, facts: &AccountFacts) -> RawAnswers {
    let mut out = raw.clone();
    for f in fields {
        let Some(known) = f.known.filter(|k| k.fixed() && k.fits(&f.kind)) else {
            continue;
        };
        if let Some(value) = known.value(facts) {
            out.insert(f.key.clone(), value);
        }
    }
    out
}

/// One field of a form.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    /// The field's name in HTML and JSON; the same key means the same thing
    /// in every form (that is how a bundle asks it once).
    pub key: String,
    pub label: Bilingual,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Bilingual>,
    /// Help for organisations applying (单位申请的…): shown only on forms
    /// that organisations may use, never on an individual-only item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_hint: Option<Bilingual>,
    /// Which fact of the applicant's account this field asks, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known: Option<Known>,
    #[serde(flatten)]
    pub kind: FieldKind,
}

/// The street part of an address field is sent as `<key>.detail`, the
/// region as `<key>.region`.
pub const ADDRESS_REGION: &str = ".region";
pub const ADDRESS_DETAIL: &str = ".detail";

/// Longest street detail of an address.
pub const ADDRESS_MAX: usize = 120;

/// What was typed, by input name.
pub type RawAnswers = BTreeMap<String, String>;

/// A checked answer.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Answer {
    Text(String),
    Number(i64),
    /// A number with decimal places, as text with exactly the field's
    /// places (`"1860.50"`).
    Decimal(String),
    Date(String),
    Choice(String),
    Address {
        region: RegionCode,
        detail: String,
    },
    IdNumber(String),
    CreditCode(String),
    Mobile(String),
}

impl Answer {
    /// The answer as a person reads it on a receipt or a review page;
    /// personal numbers masked.
    pub fn display(&self, field: &FieldDef, lang: Lang) -> String {
        match (self, &field.kind) {
            (Answer::Choice(v), FieldKind::Choice { options }) => options
                .iter()
                .find(|o| &o.value == v)
                .map(|o| o.label.get(lang).to_string())
                .unwrap_or_else(|| v.clone()),
            (Answer::Number(n), FieldKind::Number { unit: Some(u), .. }) => {
                format!("{n} {}", u.get(lang))
            }
            (Answer::Decimal(n), FieldKind::Number { unit: Some(u), .. }) => {
                format!("{n} {}", u.get(lang))
            }
            (Answer::Number(n), _) => n.to_string(),
            (Answer::Decimal(n), _) => n.clone(),
            (Answer::Address { region, detail }, _) => format!("{region} {detail}"),
            (Answer::IdNumber(s), _) => {
                IdNumber::parse(s).map(|id| id.masked()).unwrap_or_default()
            }
            (Answer::Mobile(s), _) => MobileNumber::parse(s)
                .map(|m| m.masked())
                .unwrap_or_default(),
            (Answer::Text(s) | Answer::Date(s) | Answer::Choice(s) | Answer::CreditCode(s), _) => {
                s.clone()
            }
        }
    }
}

/// Checked answers by field key.
pub type Answers = BTreeMap<String, Answer>;

/// What is wrong with one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum AnswerProblem {
    Required,
    TooLong {
        max: u16,
    },
    NotANumber,
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// Not a number with at most `places` decimal places.
    NotADecimal {
        places: u8,
    },
    /// A decimal number outside `min..=max`.
    DecimalOutOfRange {
        min: i64,
        max: i64,
        places: u8,
    },
    Date,
    DateInFuture,
    NotAnOption,
    Region,
    PersonName,
    IdNumber,
    CreditCode,
    Mobile,
    /// See [`TextProblem`](crate::text::TextProblem).
    ControlCharacter,
    LineBreak,
    HiddenCharacter,
    /// A date outside the years 1900 to 2100.
    DateOutOfRange,
}

impl From<TextProblem> for AnswerProblem {
    fn from(problem: TextProblem) -> Self {
        match problem {
            TextProblem::Required | TextProblem::TooShort { .. } => AnswerProblem::Required,
            TextProblem::TooLong { max } => AnswerProblem::TooLong {
                max: u16::try_from(max).unwrap_or(u16::MAX),
            },
            TextProblem::ControlCharacter => AnswerProblem::ControlCharacter,
            TextProblem::LineBreak => AnswerProblem::LineBreak,
            TextProblem::HiddenCharacter => AnswerProblem::HiddenCharacter,
        }
    }
}

impl AnswerProblem {
    pub fn message(self, lang: Lang) -> String {
        // Each message named in its arm: in the browser (the form helper
        // island) a message picked at run time would pull the whole
        // catalog into the WASM.
        match self {
            AnswerProblem::Required => lang.t(Msg::ProblemRequired),
            AnswerProblem::TooLong { max } => {
                return lang.fill(Msg::ProblemTooLongMax, &[("max", &max)])
            }
            AnswerProblem::NotANumber => lang.t(Msg::ProblemNotANumber),
            AnswerProblem::OutOfRange { min, max } => {
                return lang.fill(Msg::ProblemOutOfRange, &[("min", &min), ("max", &max)])
            }
            AnswerProblem::NotADecimal { places } => {
                return lang.fill(Msg::ProblemNotADecimal, &[("places", &places)])
            }
            AnswerProblem::DecimalOutOfRange { min, max, places } => {
                return lang.fill(
                    Msg::ProblemDecimalOutOfRange,
                    &[("min", &min), ("max", &max), ("places", &places)],
                )
            }
            AnswerProblem::Date => lang.t(Msg::ProblemDate),
            AnswerProblem::DateInFuture => lang.t(Msg::ProblemDateInFuture),
            AnswerProblem::NotAnOption => lang.t(Msg::ProblemNotAnOption),
            AnswerProblem::Region => lang.t(Msg::ProblemAddressRegion),
            AnswerProblem::PersonName => lang.t(Msg::ProblemPersonName),
            AnswerProblem::IdNumber => lang.t(Msg::ProblemIdNumberField),
            AnswerProblem::CreditCode => lang.t(Msg::ProblemCreditCodeField),
            AnswerProblem::Mobile => lang.t(Msg::MobileInvalid),
            AnswerProblem::ControlCharacter => lang.t(Msg::TextControlCharacter),
            AnswerProblem::LineBreak => lang.t(Msg::TextLineBreak),
            AnswerProblem::HiddenCharacter => lang.t(Msg::TextHiddenCharacter),
            AnswerProblem::DateOutOfRange => lang.t(Msg::DateOutOfRangeTyped),
        }
        .to_string()
    }
}

/// One answer's problem, at its field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerError {
    pub field: String,
    #[serde(flatten)]
    pub problem: AnswerProblem,
}

impl From<Vec<AnswerError>> for crate::error::AppError {
    fn from(fields: Vec<AnswerError>) -> Self {
        crate::error::AppError::InvalidAnswers {
            fields: fields
                .iter()
                .map(|e| {
                    crate::error::FieldRefusal::new(
                        &e.field,
                        &e.problem,
                        crate::i18n::Bilingual::each(|lang| e.problem.message(lang)),
                    )
                })
                .collect(),
        }
    }
}

/// The refusal of each answer, its message naming the field ("请填写母亲
/// 姓名。", "父亲公民身份号码：请填写有效的…"), so that an error summary or
/// an API client reads which question it is about.
pub fn refusals(fields: &[FieldDef], errors: &[AnswerError]) -> Vec<crate::error::FieldRefusal> {
    errors
        .iter()
        .map(|e| {
            let field = fields.iter().find(|f| f.key == e.field);
            let text = crate::i18n::Bilingual::each(|lang| match field {
                Some(f) => e.problem.message_about(f, lang),
                None => e.problem.message(lang),
            });
            crate::error::FieldRefusal::new(&e.field, &e.problem, text)
        })
        .collect()
}

/// A label inside an English sentence: its first letter lower-case unless
/// it starts an abbreviation ("Mother's name" → "mother's name", "ID" stays).
pub fn label_in_sentence(label: &str, lang: Lang) -> String {
    let mut chars = label.chars();
    match (lang, chars.next(), chars.next()) {
        (Lang::En, Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_string(),
    }
}

impl AnswerProblem {
    /// The message naming the field: "请填写母亲姓名。" for a missing
    /// answer ("请选择…" for a choice), "label：problem" otherwise.
    pub fn message_about(self, field: &FieldDef, lang: Lang) -> String {
        let label = field.label.get(lang);
        match (self, &field.kind) {
            (AnswerProblem::Required, FieldKind::Choice { .. }) => lang.fill(
                Msg::ProblemChooseNamed,
                &[("label", &label_in_sentence(label, lang))],
            ),
            (AnswerProblem::Required, _) => lang.fill(
                Msg::ProblemRequiredNamed,
                &[("label", &label_in_sentence(label, lang))],
            ),
            (problem, _) => lang.fill(
                Msg::ProblemNamed,
                &[("label", &label), ("problem", &problem.message(lang))],
            ),
        }
    }
}

/// What a bundle (一件事) already knows of its form's answers, so that it
/// does not ask: the birth bundle issues the birth certificate itself (its
/// number is not asked) and applies for the newborn (参保人员类别 and 为谁
/// 办理 have one answer; the person applied for is the child).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Given {
    /// Fields answered the same way in every application of the bundle.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fixed: BTreeMap<String, String>,
    /// Fields answered by another field's answer (`beneficiary_name` ←
    /// `child_name`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub copies: BTreeMap<String, String>,
    /// Fields an earlier part of the bundle produces (a certificate number):
    /// neither asked nor answered by the applicant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issued: Vec<String>,
}

impl Given {
    /// Whether the form asks the field `key` (the bundle does not know it).
    pub fn asks(&self, key: &str) -> bool {
        !self.fixed.contains_key(key)
            && !self.copies.contains_key(key)
            && !self.issued.iter().any(|k| k == key)
    }

    /// The fields the applicant answers or the bundle fills: all but the
    /// issued ones.
    pub fn answered(&self, fields: &[FieldDef]) -> Vec<FieldDef> {
        fields
            .iter()
            .filter(|f| !self.issued.contains(&f.key))
            .cloned()
            .collect()
    }

    /// The answers as sent with what the bundle knows filled in on the
    /// server (whatever was sent for those fields is replaced).
    pub fn fill(&self, fields: &[FieldDef], raw: &RawAnswers) -> RawAnswers {
        let mut out = raw.clone();
        for (key, value) in &self.fixed {
            out.insert(key.clone(), value.clone());
        }
        for (key, from) in &self.copies {
            let (Some(to_field), Some(from_field)) = (
                fields.iter().find(|f| &f.key == key),
                fields.iter().find(|f| &f.key == from),
            ) else {
                continue;
            };
            for (to, from) in to_field
                .input_names()
                .into_iter()
                .zip(from_field.input_names())
            {
                match raw.get(&from) {
                    Some(v) => out.insert(to, v.clone()),
                    None => out.remove(&to),
                };
            }
        }
        for key in &self.issued {
            out.remove(key);
        }
        out
    }

    /// Checks a bundle's knowledge against its form: every key a field of
    /// it, each fixed answer valid, each copy from a field of the same kind.
    pub fn check(&self, fields: &[FieldDef]) -> Result<(), String> {
        let field = |k: &str| {
            fields
                .iter()
                .find(|f| f.key == k)
                .ok_or_else(|| format!("no field {k} in the form"))
        };
        for (key, value) in &self.fixed {
            let f = field(key)?;
            let raw: RawAnswers = [(key.clone(), value.clone())].into_iter().collect();
            f.parse(&raw, Date::MAX)
                .map_err(|p| format!("fixed answer of {key}: {p:?}"))?;
        }
        for (key, from) in &self.copies {
            if field(key)?.kind != field(from)?.kind || !self.asks(from) {
                return Err(format!("{key} cannot copy {from}"));
            }
        }
        for key in &self.issued {
            field(key)?;
        }
        Ok(())
    }
}

/// A section of the form: a heading and the keys of its questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub heading: Bilingual,
    pub fields: Vec<String>,
}

/// The form in sections with headings: the applicant first, then the
/// child and the parents (birth forms), then what each part's department
/// asks, under the part's name. `parts` are each part's name and field
/// keys, in order; a field is placed once, in the first section it fits.
pub fn sections(fields: &[FieldDef], parts: &[(Bilingual, Vec<String>)]) -> Vec<Section> {
    const APPLICANT: [&str; 4] = [
        "applicant_",
        "enterprise_",
        "legal_representative",
        "contact_",
    ];
    let topic = |key: &str| -> Option<Msg> {
        if APPLICANT.iter().any(|p| key.starts_with(p)) {
            Some(Msg::SectionApplicant)
        } else if key.starts_with("child_") || key == "birth_place" {
            Some(Msg::SectionChild)
        } else if key.starts_with("mother_") || key.starts_with("father_") {
            Some(Msg::SectionParents)
        } else {
            None
        }
    };
    let mut out: Vec<Section> = Vec::new();
    let mut push =
        |heading: Bilingual, key: &str| match out.iter_mut().find(|s| s.heading == heading) {
            Some(s) => s.fields.push(key.to_string()),
            None => out.push(Section {
                heading,
                fields: vec![key.to_string()],
            }),
        };
    // Topics first, in the order their first field appears.
    for f in fields {
        if let Some(msg) = topic(&f.key) {
            push(Bilingual::of(msg), &f.key);
        }
    }
    for f in fields.iter().filter(|f| topic(&f.key).is_none()) {
        let heading = parts
            .iter()
            .find(|(_, keys)| keys.contains(&f.key))
            .map(|(name, _)| name.clone())
            .unwrap_or_else(|| Bilingual::of(Msg::SectionOther));
        push(heading, &f.key);
    }
    out
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

impl FieldDef {
    /// Checks one field as typed; `Ok(None)` for an optional field left
    /// empty. `today` bounds dates that may not lie in the future.
    pub fn parse(&self, raw: &RawAnswers, today: Date) -> Result<Option<Answer>, AnswerProblem> {
        let get = |suffix: &str| {
            raw.get(&format!("{}{suffix}", self.key))
                .map(|s| s.trim())
                .unwrap_or("")
        };
        if let FieldKind::Address = self.kind {
            let (region, detail) = (get(ADDRESS_REGION), get(ADDRESS_DETAIL));
            if region.is_empty() && detail.is_empty() {
                return if self.required {
                    Err(AnswerProblem::Required)
                } else {
                    Ok(None)
                };
            }
            let region = RegionCode::parse(region)
                .ok()
                .filter(|r| r.get() / 10_000 == 44)
                .ok_or(AnswerProblem::Region)?;
            if detail.is_empty() {
                return Err(AnswerProblem::Required);
            }
            let detail = TextRule::line(ADDRESS_MAX as u32).parse(detail)?;
            return Ok(Some(Answer::Address {
                region,
                detail: detail.into_string(),
            }));
        }
        let value = get("");
        // Every kind of answer is typed text first: a control or hidden
        // character is refused whatever the field.
        if let Err(problem) = crate::text::check_plain(&value.replace(['\r', '\n', '\t'], " ")) {
            return Err(problem.into());
        }
        if value.is_empty() {
            return if self.required {
                Err(AnswerProblem::Required)
            } else {
                Ok(None)
            };
        }
        let answer = match &self.kind {
            FieldKind::Text { max_len } => Answer::Text(
                TextRule::line(u32::from(*max_len))
                    .parse(value)?
                    .into_string(),
            ),
            FieldKind::LongText { max_len } => Answer::Text(
                TextRule::lines(u32::from(*max_len))
                    .parse(value)?
                    .into_string(),
            ),
            FieldKind::Number {
                min, max, places, ..
            } if *places > 0 => {
                let n = parse_decimal(value, *places)
                    .ok_or(AnswerProblem::NotADecimal { places: *places })?;
                let scale = 10i64.pow(u32::from(*places));
                if n < min.saturating_mul(scale) || n > max.saturating_mul(scale) {
                    return Err(AnswerProblem::DecimalOutOfRange {
                        min: *min,
                        max: *max,
                        places: *places,
                    });
                }
                Answer::Decimal(format_decimal(n, *places))
            }
            FieldKind::Number { min, max, .. } => {
                let n: i64 = value
                    .replace([',', '，', ' '], "")
                    .parse()
                    .map_err(|_| AnswerProblem::NotANumber)?;
                if n < *min || n > *max {
                    return Err(AnswerProblem::OutOfRange {
                        min: *min,
                        max: *max,
                    });
                }
                Answer::Number(n)
            }
            FieldKind::Date { past_only } => {
                let date = crate::clock::parse_typed_date(value).map_err(|p| match p {
                    crate::clock::DateProblem::NotADate => AnswerProblem::Date,
                    _ => AnswerProblem::DateOutOfRange,
                })?;
                if *past_only && date > today {
                    return Err(AnswerProblem::DateInFuture);
                }
                Answer::Date(crate::clock::format_date(date))
            }
            FieldKind::Choice { options } => {
                if !options.iter().any(|o| o.value == value) {
                    return Err(AnswerProblem::NotAnOption);
                }
                Answer::Choice(value.to_string())
            }
            FieldKind::PersonName => {
                let ok = chars(value) <= 40
                    && value
                        .chars()
                        .all(|c| c.is_alphabetic() || " ·.-'".contains(c));
                if !ok {
                    return Err(AnswerProblem::PersonName);
                }
                Answer::Text(value.to_string())
            }
            FieldKind::IdNumber => Answer::IdNumber(
                IdNumber::parse(value)
                    .map_err(|_| AnswerProblem::IdNumber)?
                    .as_str()
                    .to_string(),
            ),
            FieldKind::CreditCode => Answer::CreditCode(
                CreditCode::parse(value)
                    .map_err(|_| AnswerProblem::CreditCode)?
                    .as_str()
                    .to_string(),
            ),
            FieldKind::Mobile => Answer::Mobile(
                MobileNumber::parse(value)
                    .map_err(|_| AnswerProblem::Mobile)?
                    .as_str()
                    .to_string(),
            ),
            FieldKind::Address => unreachable!("handled above"),
        };
        Ok(Some(answer))
    }

    /// The input names this field is typed into.
    pub fn input_names(&self) -> Vec<String> {
        match self.kind {
            FieldKind::Address => vec![
                format!("{}{ADDRESS_REGION}", self.key),
                format!("{}{ADDRESS_DETAIL}", self.key),
            ],
            _ => vec![self.key.clone()],
        }
    }
}

/// Checks every field; every problem is reported, at its field.
pub fn parse_answers(
    fields: &[FieldDef],
    raw: &RawAnswers,
    today: Date,
) -> Result<Answers, Vec<AnswerError>> {
    let mut answers = Answers::new();
    let mut errors = Vec::new();
    for f in fields {
        match f.parse(raw, today) {
            Ok(Some(a)) => {
                answers.insert(f.key.clone(), a);
            }
            Ok(None) => {}
            Err(problem) => errors.push(AnswerError {
                field: f.key.clone(),
                problem,
            }),
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// Keeps only the typed values a form knows (a draft never stores stray
/// inputs), each cut to a sane length.
pub fn keep_known(fields: &[FieldDef], raw: &RawAnswers) -> RawAnswers {
    fields
        .iter()
        .flat_map(FieldDef::input_names)
        .filter_map(|name| {
            raw.get(&name)
                .map(|v| (name, v.chars().take(2000).collect::<String>()))
        })
        .collect()
}

/// One form for several items (一表式): each field once, in the order it
/// first appears; a field two items define differently is an error (the
/// field registry gives one meaning per key).
pub fn merge(forms: &[&[FieldDef]]) -> Result<Vec<FieldDef>, String> {
    let mut merged: Vec<FieldDef> = Vec::new();
    for form in forms {
        for f in *form {
            match merged.iter().find(|m| m.key == f.key) {
                Some(m) if m.kind != f.kind || m.label != f.label => {
                    return Err(format!("field {} is defined in two different ways", f.key))
                }
                Some(_) => {}
                None => merged.push(f.clone()),
            }
        }
    }
    Ok(merged)
}

/// The part of the answers a department sees: the fields of its item only.
pub fn part_of(answers: &Answers, fields: &[FieldDef]) -> Answers {
    fields
        .iter()
        .filter_map(|f| answers.get(&f.key).map(|a| (f.key.clone(), a.clone())))
        .collect()
}

/// Checks a form's definitions: keys well formed and unique, limits sane.
pub fn check_definitions(fields: &[FieldDef]) -> Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    for f in fields {
        let key_ok = f.key.len() <= 41
            && f.key.starts_with(|c: char| c.is_ascii_lowercase())
            && f.key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !key_ok || !seen.insert(f.key.as_str()) {
            return Err(format!("field key {:?} is malformed or used twice", f.key));
        }
        if f.label.zh.trim().is_empty() || f.label.en.trim().is_empty() {
            return Err(format!("field {} lacks a label", f.key));
        }
        if let Some(known) = f.known.filter(|k| !k.fits(&f.kind)) {
            return Err(format!("field {}: its kind cannot hold {known:?}", f.key));
        }
        match &f.kind {
            FieldKind::Text { max_len } if !(1..=200).contains(max_len) => {
                return Err(format!("field {}: max_len 1–200", f.key))
            }
            FieldKind::LongText { max_len } if !(1..=2000).contains(max_len) => {
                return Err(format!("field {}: max_len 1–2000", f.key))
            }
            FieldKind::Number { min, max, .. } if min > max => {
                return Err(format!("field {}: min above max", f.key))
            }
            FieldKind::Number { min, places, .. }
                if *places > MAX_PLACES || (*places > 0 && *min < 0) =>
            {
                return Err(format!(
                    "field {}: 0–{MAX_PLACES} places, not negative",
                    f.key
                ))
            }
            FieldKind::Choice { options } if !(2..=12).contains(&options.len()) => {
                return Err(format!("field {}: 2–12 options", f.key))
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn field(key: &str, kind: FieldKind, required: bool) -> FieldDef {
        FieldDef {
            key: key.into(),
            label: Bilingual::new(key, key),
            required,
            hint: None,
            org_hint: None,
            known: None,
            kind,
        }
    }

    fn raw(pairs: &[(&str, &str)]) -> RawAnswers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    const TODAY: Date = date!(2026 - 09 - 30);

    #[test]
    fn every_kind_accepts_real_answers() {
        let fields = vec![
            field("child_name", FieldKind::PersonName, true),
            field(
                "child_birth_date",
                FieldKind::Date { past_only: true },
                true,
            ),
            field(
                "child_sex",
                FieldKind::Choice {
                    options: vec![
                        ChoiceOption {
                            value: "male".into(),
                            label: Bilingual::new("男", "Male"),
                        },
                        ChoiceOption {
                            value: "female".into(),
                            label: Bilingual::new("女", "Female"),
                        },
                    ],
                },
                true,
            ),
            field("mother_id_number", FieldKind::IdNumber, true),
            field("home", FieldKind::Address, true),
            field(
                "amount",
                FieldKind::Number {
                    min: 1,
                    max: 500_000,
                    unit: Some(Bilingual::new("元", "yuan")),
                    places: 0,
                },
                true,
            ),
            field("phone", FieldKind::Mobile, true),
            field("note", FieldKind::LongText { max_len: 200 }, false),
            field("company", FieldKind::CreditCode, false),
        ];
        let answers = parse_answers(
            &fields,
            &raw(&[
                ("child_name", " 陈小明 "),
                ("child_birth_date", "2026-09-28"),
                ("child_sex", "male"),
                ("mother_id_number", "440106199003071231"),
                ("home.region", "440106"),
                ("home.detail", "天河路 100 号"),
                ("amount", "12,000"),
                ("phone", "+86 138 0013 8000"),
            ]),
            TODAY,
        )
        .unwrap();
        assert_eq!(answers["child_name"], Answer::Text("陈小明".into()));
        assert_eq!(answers["amount"], Answer::Number(12_000));
        assert_eq!(answers["phone"], Answer::Mobile("13800138000".into()));
        assert!(!answers.contains_key("note"));
        assert_eq!(
            answers["amount"].display(&fields[5], Lang::Zh),
            "12000 元".to_string()
        );
        assert_eq!(
            answers["mother_id_number"].display(&fields[3], Lang::En),
            "440***********1231"
        );
        assert_eq!(answers["child_sex"].display(&fields[2], Lang::Zh), "男");
    }

    #[test]
    fn text_answers_refuse_control_and_hidden_characters_and_dates_are_bounded() {
        let fields = vec![
            field("name", FieldKind::Text { max_len: 50 }, true),
            field("note", FieldKind::LongText { max_len: 200 }, true),
            field("when", FieldKind::Date { past_only: false }, true),
            field("home", FieldKind::Address, true),
        ];
        let problems = |answers: &[(&str, &str)]| -> Vec<(String, AnswerProblem)> {
            match parse_answers(&fields, &raw(answers), TODAY) {
                Ok(_) => Vec::new(),
                Err(errors) => errors.into_iter().map(|e| (e.field, e.problem)).collect(),
            }
        };
        let got = problems(&[
            ("name", "陈\0小明"),
            ("note", "见\u{202E}附件"),
            ("when", "9999-12-31"),
            ("home.region", "440106"),
            ("home.detail", "天河路\u{1}100 号"),
        ]);
        assert_eq!(
            got,
            vec![
                ("name".to_string(), AnswerProblem::ControlCharacter),
                ("note".to_string(), AnswerProblem::HiddenCharacter),
                ("when".to_string(), AnswerProblem::DateOutOfRange),
                ("home".to_string(), AnswerProblem::ControlCharacter),
            ]
        );
        let got = problems(&[
            ("name", "陈\n小明"),
            ("note", "第一行\r\n\t第二行"),
            ("when", "2036-12-31"),
            ("home.region", "440106"),
            ("home.detail", "天河路 100 号"),
        ]);
        assert_eq!(got, vec![("name".to_string(), AnswerProblem::LineBreak)]);
    }

    #[test]
    fn every_problem_is_reported_at_its_field() {
        let fields = vec![
            field("a", FieldKind::Text { max_len: 4 }, true),
            field(
                "b",
                FieldKind::Number {
                    min: 0,
                    max: 9,
                    unit: None,
                    places: 0,
                },
                true,
            ),
            field("c", FieldKind::Date { past_only: true }, true),
            field("d", FieldKind::IdNumber, true),
            field("e", FieldKind::Address, true),
            field("f", FieldKind::PersonName, true),
            field(
                "g",
                FieldKind::Number {
                    min: 0,
                    max: 9,
                    unit: None,
                    places: 0,
                },
                true,
            ),
            field("h", FieldKind::Date { past_only: false }, true),
            field("i", FieldKind::Address, false),
        ];
        let errors = parse_answers(
            &fields,
            &raw(&[
                ("a", "五个汉字呀"),
                ("b", "ten"),
                ("c", "2026-10-01"),
                ("d", "440106199003071232"),
                ("e.region", "110101"),
                ("e.detail", "x"),
                ("f", "Robert'); DROP"),
                ("g", "10"),
                ("h", "2026-02-30"),
                ("i.detail", "somewhere"),
            ]),
            TODAY,
        )
        .unwrap_err();
        let got: Vec<(&str, AnswerProblem)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.problem))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a", AnswerProblem::TooLong { max: 4 }),
                ("b", AnswerProblem::NotANumber),
                ("c", AnswerProblem::DateInFuture),
                ("d", AnswerProblem::IdNumber),
                ("e", AnswerProblem::Region),
                ("f", AnswerProblem::PersonName),
                ("g", AnswerProblem::OutOfRange { min: 0, max: 9 }),
                ("h", AnswerProblem::Date),
                ("i", AnswerProblem::Region),
            ]
        );
        for (_, p) in got {
            assert!(!p.message(Lang::Zh).is_empty() && !p.message(Lang::En).is_empty());
        }
        let missing = parse_answers(&fields[..1], &raw(&[("a", "  ")]), TODAY).unwrap_err();
        assert_eq!(missing[0].problem, AnswerProblem::Required);
    }

    #[test]
    fn a_bundle_asks_a_shared_field_once_and_each_part_gets_its_copy() {
        let name = field("child_name", FieldKind::PersonName, true);
        let cert = vec![
            name.clone(),
            field("hospital", FieldKind::Text { max_len: 60 }, true),
        ];
        let household = vec![
            field("household_address", FieldKind::Address, true),
            name.clone(),
        ];
        let merged = merge(&[&cert, &household]).unwrap();
        let keys: Vec<&str> = merged.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["child_name", "hospital", "household_address"]);
        let answers = parse_answers(
            &merged,
            &raw(&[
                ("child_name", "陈小明"),
                ("hospital", "广州市妇女儿童医疗中心"),
                ("household_address.region", "440106"),
                ("household_address.detail", "天河路 100 号"),
            ]),
            TODAY,
        )
        .unwrap();
        let part = part_of(&answers, &household);
        assert_eq!(part.len(), 2);
        assert_eq!(part["child_name"], answers["child_name"]);
        assert!(!part.contains_key("hospital"));

        let mut other = name.clone();
        other.kind = FieldKind::Text { max_len: 10 };
        assert!(merge(&[&cert, &[other]]).is_err());
    }

    #[test]
    fn drafts_keep_only_known_inputs() {
        let fields = vec![field("home", FieldKind::Address, false)];
        let kept = keep_known(
            &fields,
            &raw(&[
                ("home.region", "440106"),
                ("evil", "x"),
                ("home.detail", "路"),
            ]),
        );
        assert_eq!(kept.len(), 2);
        assert!(!kept.contains_key("evil"));
    }

    #[test]
    fn malformed_definitions_are_refused() {
        assert!(check_definitions(&[field("Bad", FieldKind::Mobile, true)]).is_err());
        assert!(check_definitions(&[
            field("a", FieldKind::Mobile, true),
            field("a", FieldKind::Mobile, true)
        ])
        .is_err());
        assert!(check_definitions(&[field("a", FieldKind::Text { max_len: 0 }, true)]).is_err());
        assert!(
            check_definitions(&[field("a", FieldKind::Choice { options: vec![] }, true)]).is_err()
        );
        assert!(check_definitions(&[field("ok_1", FieldKind::Text { max_len: 9 }, true)]).is_ok());
    }

    fn known(key: &str, kind: FieldKind, known: Known) -> FieldDef {
        FieldDef {
            known: Some(known),
            ..field(key, kind, true)
        }
    }

    fn citizen() -> AccountFacts {
        AccountFacts {
            name: Some("张小明".into()),
            id_number: Some(IdNumber::parse("440106199003071231").unwrap()),
            mobile: Some("13800138000".into()),
            ..AccountFacts::default()
        }
    }

    #[test]
    fn the_account_fills_the_applicants_fields_by_what_they_ask_not_by_kind() {
        let fields = vec![
            known("applicant_name", FieldKind::PersonName, Known::Name),
            known("applicant_id_number", FieldKind::IdNumber, Known::IdNumber),
            known("applicant_mobile", FieldKind::Mobile, Known::Mobile),
            field("applicant_address", FieldKind::Address, true),
            // Also a name and an ID number, but the mother's.
            field("mother_name", FieldKind::PersonName, true),
            field("mother_id_number", FieldKind::IdNumber, true),
            known(
                "applicant_org_name",
                FieldKind::Text { max_len: 100 },
                Known::EnterpriseName,
            ),
        ];
        let p = prefill(&fields, &citizen());
        assert_eq!(
            p.fixed,
            vec![
                ("applicant_name".to_string(), "张小明".to_string()),
                (
                    "applicant_id_number".to_string(),
                    "440***********1231".to_string()
                ),
            ]
        );
        // Only the mobile is a starting value; the full ID number is in
        // neither list.
        assert_eq!(p.values, raw(&[("applicant_mobile", "13800138000")]));
        assert!(!format!("{p:?}").contains("440106199003071231"));

        // Whatever is sent for a fixed field, the account's value stands;
        // the rest is as typed (a corrected mobile included).
        let sent = raw(&[
            ("applicant_name", "王五"),
            ("applicant_id_number", "11010519491231002X"),
            ("applicant_mobile", "13912345678"),
            ("mother_id_number", "11010519491231002X"),
        ]);
        let fixed = with_fixed(&fields, &sent, &citizen());
        assert_eq!(fixed["applicant_name"], "张小明");
        assert_eq!(fixed["applicant_id_number"], "440106199003071231");
        assert_eq!(fixed["applicant_mobile"], "13912345678");
        assert_eq!(fixed["mother_id_number"], "11010519491231002X");

        // An account that does not know a fact leaves the field asked.
        let enterprise = AccountFacts {
            enterprise_name: Some("广州荔湾示范贸易有限公司".into()),
            credit_code: Some("91440101MA59Q8R3XA".into()),
            legal_representative: Some("李四".into()),
            ..AccountFacts::default()
        };
        let p = prefill(&fields, &enterprise);
        assert!(p.fixed.is_empty());
        assert_eq!(
            p.values,
            raw(&[("applicant_org_name", "广州荔湾示范贸易有限公司")])
        );
        assert_eq!(with_fixed(&fields, &sent, &enterprise), sent);
    }

    #[test]
    fn a_known_fact_must_fit_its_fields_kind() {
        assert!(check_definitions(&[known("a", FieldKind::Mobile, Known::IdNumber)]).is_err());
        assert!(check_definitions(&[known(
            "a",
            FieldKind::Text { max_len: 100 },
            Known::CreditCode
        )])
        .is_err());
        assert!(check_definitions(&[known("a", FieldKind::IdNumber, Known::IdNumber)]).is_ok());
        let json = serde_json::to_value(known("a", FieldKind::IdNumber, Known::IdNumber)).unwrap();
        assert_eq!(json["known"], "id_number");
        assert_eq!(json["kind"], "id_number");
        let plain = serde_json::to_value(field("b", FieldKind::Mobile, true)).unwrap();
        assert!(plain.get("known").is_none());
        let back: FieldDef = serde_json::from_value(json).unwrap();
        assert_eq!(back.known, Some(Known::IdNumber));
    }

    #[test]
    fn a_bundle_does_not_ask_what_it_knows_and_fills_it_in() {
        let choice = FieldKind::Choice {
            options: vec![
                ChoiceOption {
                    value: "newborn".into(),
                    label: Bilingual::new("新生儿", "Newborn"),
                },
                ChoiceOption {
                    value: "adult".into(),
                    label: Bilingual::new("成年人", "Adult"),
                },
            ],
        };
        let fields = vec![
            field("child_name", FieldKind::PersonName, true),
            field("category", choice, true),
            field("beneficiary_name", FieldKind::PersonName, false),
            field("certificate_number", FieldKind::Text { max_len: 20 }, true),
        ];
        let given = Given {
            fixed: [("category".to_string(), "newborn".to_string())].into(),
            copies: [("beneficiary_name".to_string(), "child_name".to_string())].into(),
            issued: vec!["certificate_number".into()],
        };
        given.check(&fields).unwrap();
        let asked: Vec<&str> = fields
            .iter()
            .filter(|f| given.asks(&f.key))
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(asked, ["child_name"]);
        let answered = given.answered(&fields);
        let sent = raw(&[("child_name", "张安安"), ("category", "adult")]);
        let answers = parse_answers(&answered, &given.fill(&answered, &sent), TODAY).unwrap();
        assert_eq!(answers["category"], Answer::Choice("newborn".into()));
        assert_eq!(answers["beneficiary_name"], Answer::Text("张安安".into()));
        assert!(!answers.contains_key("certificate_number"));
        // A fixed answer that is not an option is a broken definition.
        let wrong = Given {
            fixed: [("category".to_string(), "nobody".to_string())].into(),
            ..Given::default()
        };
        assert!(wrong.check(&fields).is_err());
    }

    #[test]
    fn messages_name_their_field_and_sections_group_the_questions() {
        let mut mother = field("mother_name", FieldKind::PersonName, true);
        mother.label = Bilingual::new("母亲姓名", "Mother's name");
        let errors = parse_answers(std::slice::from_ref(&mother), &raw(&[]), TODAY).unwrap_err();
        let refused = refusals(std::slice::from_ref(&mother), &errors);
        assert_eq!(refused[0].text.zh, "请填写母亲姓名。");
        assert_eq!(refused[0].text.en, "Fill in mother's name.");
        let errors = parse_answers(
            std::slice::from_ref(&mother),
            &raw(&[("mother_name", "R2D2")]),
            TODAY,
        )
        .unwrap_err();
        assert_eq!(
            refusals(std::slice::from_ref(&mother), &errors)[0].text.zh,
            format!("母亲姓名：{}", AnswerProblem::PersonName.message(Lang::Zh))
        );
        assert_eq!(label_in_sentence("ID number", Lang::En), "ID number");

        let fields = vec![
            field("applicant_mobile", FieldKind::Mobile, true),
            field("child_name", FieldKind::PersonName, true),
            mother,
            field("card_bank", FieldKind::Text { max_len: 9 }, true),
        ];
        let parts = vec![(
            Bilingual::new("社会保障卡申领", "Social security card"),
            vec!["applicant_mobile".to_string(), "card_bank".to_string()],
        )];
        let got: Vec<(String, Vec<String>)> = sections(&fields, &parts)
            .into_iter()
            .map(|s| (s.heading.zh, s.fields))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "申请人信息".to_string(),
                    vec!["applicant_mobile".to_string()]
                ),
                (
                    "新生儿（子女）信息".to_string(),
                    vec!["child_name".to_string()]
                ),
                ("父母信息".to_string(), vec!["mother_name".to_string()]),
                ("社会保障卡申领".to_string(), vec!["card_bank".to_string()]),
            ]
        );
    }

    #[test]
    fn amounts_take_up_to_their_decimal_places() {
        let amount = field(
            "total",
            FieldKind::Number {
                min: 1,
                max: 100_000_000,
                unit: Some(Bilingual::new("万元", "10,000 yuan")),
                places: 2,
            },
            true,
        );
        let one = |v: &str| amount.parse(&raw(&[("total", v)]), TODAY);
        for (typed, stored) in [
            ("1860.5", "1860.50"),
            ("1,860.05", "1860.05"),
            ("12800", "12800.00"),
            (" 1 ", "1.00"),
        ] {
            assert_eq!(
                one(typed),
                Ok(Some(Answer::Decimal(stored.into()))),
                "{typed}"
            );
        }
        let not = AnswerProblem::NotADecimal { places: 2 };
        for typed in ["1860.555", "12.", ".5", "-3", "1e3", "十万", "1.2.3"] {
            assert_eq!(one(typed), Err(not), "{typed}");
        }
        let range = AnswerProblem::DecimalOutOfRange {
            min: 1,
            max: 100_000_000,
            places: 2,
        };
        assert_eq!(one("0.99"), Err(range));
        assert_eq!(one("100000000.01"), Err(range));
        assert_eq!(one("999999999999999999"), Err(not));
        assert_eq!(
            Answer::Decimal("1860.50".into()).display(&amount, Lang::Zh),
            "1860.50 万元"
        );
        // The messages say what is wanted, in both languages.
        assert!(not.message(Lang::Zh).contains("2 位小数"));
        assert!(not.message(Lang::En).contains("2 decimal places"));
        assert!(range.message(Lang::En).contains("from 1 to 100000000"));
        // Whole numbers stay whole.
        let count = field(
            "n",
            FieldKind::Number {
                min: 0,
                max: 9,
                unit: None,
                places: 0,
            },
            true,
        );
        assert_eq!(
            count.parse(&raw(&[("n", "1.5")]), TODAY),
            Err(AnswerProblem::NotANumber)
        );
        // A field with three places, or negative amounts, is refused.
        let mut wrong = amount.clone();
        wrong.kind = FieldKind::Number {
            min: 0,
            max: 9,
            unit: None,
            places: 3,
        };
        assert!(check_definitions(&[wrong]).is_err());
        assert!(check_definitions(&[amount]).is_ok());
    }
}
