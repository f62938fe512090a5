//! Documents published of a department's own accord (主动公开): news,
//! notices, policies and plans with their validity, budgets, press
//! conferences and the interpretations of policies (政策解读). Editors
//! write drafts; they are published only through the review flow
//! ([`crate::review`]), and publication gives the index number (索引号).
//!
//! This file holds the shared types and pure rules (the subject
//! categories, what is typed, the search terms); `store.rs` the queries;
//! `pages.rs` the pages.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use super::{InterpretationForm, Kind, Validity, BODY_RULE, DOC_NUMBER_RULE, TITLE_RULE};
use crate::{
    catalog::Bilingual,
    i18n::{Lang, Msg},
    review::{self, view::EventView},
    text::{TextProblem, TextRule},
};
use serde::{Deserialize, Serialize};

/// An issuing body as printed: one line of 1–100 characters.
pub const ISSUER_RULE: TextRule = TextRule::line(100);
/// A search page holds this many documents.
pub const PAGE_SIZE: i64 = 20;
/// The last page a search answers.
pub const MAX_PAGE: i64 = 50;
/// Matches are counted up to this many ("1,000+" beyond): an exact count
/// of a common character over a million documents is not worth its time.
pub const COUNT_CAP: i64 = 1000;
/// The body's first this many characters are indexed (a long document is
/// found by its title, number, issuer and opening, not by its 80th page).
pub const BODY_INDEX_CHARS: usize = 3000;
/// The most terms a document carries (the title's, number's and issuer's
/// always; the body's up to this bound).
pub const MAX_TERMS: usize = 4000;
/// The province: a search of it is a search of everything.
pub const PROVINCE: u32 = 440000;
/// A feed holds the latest this many documents.
pub const FEED_SIZE: i64 = 50;

/// The national subject categories of government information (主题分类).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = DocumentCategory))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Comprehensive,
    EconomyStateAssets,
    FinanceAudit,
    LandEnergy,
    AgricultureForestryWater,
    IndustryTransport,
    CommerceCustomsTourism,
    MarketSafety,
    ConstructionEnvironment,
    ScienceEducation,
    CultureMedia,
    HealthSports,
    PopulationWomenChildren,
    LabourPersonnel,
    SecurityJustice,
    CivilAffairsRelief,
    EthnicReligious,
    ForeignAffairs,
    HongKongMacaoTaiwan,
    Defence,
    Other,
}

impl Category {
    pub const ALL: [Category; 21] = [
        Category::Comprehensive,
        Category::EconomyStateAssets,
        Category::FinanceAudit,
        Category::LandEnergy,
        Category::AgricultureForestryWater,
        Category::IndustryTransport,
        Category::CommerceCustomsTourism,
        Category::MarketSafety,
        Category::ConstructionEnvironment,
        Category::ScienceEducation,
        Category::CultureMedia,
        Category::HealthSports,
        Category::PopulationWomenChildren,
        Category::LabourPersonnel,
        Category::SecurityJustice,
        Category::CivilAffairsRelief,
        Category::EthnicReligious,
        Category::ForeignAffairs,
        Category::HongKongMacaoTaiwan,
        Category::Defence,
        Category::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::Comprehensive => "comprehensive",
            Category::EconomyStateAssets => "economy_state_assets",
            Category::FinanceAudit => "finance_audit",
            Category::LandEnergy => "land_energy",
            Category::AgricultureForestryWater => "agriculture_forestry_water",
            Category::IndustryTransport => "industry_transport",
            Category::CommerceCustomsTourism => "commerce_customs_tourism",
            Category::MarketSafety => "market_safety",
            Category::ConstructionEnvironment => "construction_environment",
            Category::ScienceEducation => "science_education",
            Category::CultureMedia => "culture_media",
            Category::HealthSports => "health_sports",
            Category::PopulationWomenChildren => "population_women_children",
            Category::LabourPersonnel => "labour_personnel",
            Category::SecurityJustice => "security_justice",
            Category::CivilAffairsRelief => "civil_affairs_relief",
            Category::EthnicReligious => "ethnic_religious",
            Category::ForeignAffairs => "foreign_affairs",
            Category::HongKongMacaoTaiwan => "hong_kong_macao_taiwan",
            Category::Defence => "defence",
            Category::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The category's name: Chinese as the national list writes it, English.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Category::Comprehensive => ("综合政务", "General government affairs"),
            Category::EconomyStateAssets => (
                "国民经济管理、国有资产监管",
                "Economic management and state-owned assets",
            ),
            Category::FinanceAudit => ("财政、金融、审计", "Finance, banking and audit"),
            Category::LandEnergy => ("国土资源、能源", "Land resources and energy"),
            Category::AgricultureForestryWater => {
                ("农业、林业、水利", "Agriculture, forestry and water")
            }
            Category::IndustryTransport => ("工业、交通", "Industry and transport"),
            Category::CommerceCustomsTourism => {
                ("商贸、海关、旅游", "Commerce, customs and tourism")
            }
            Category::MarketSafety => (
                "市场监管、安全生产监管",
                "Market regulation and work safety",
            ),
            Category::ConstructionEnvironment => (
                "城乡建设、环境保护",
                "Urban and rural construction, environment",
            ),
            Category::ScienceEducation => ("科技、教育", "Science and education"),
            Category::CultureMedia => (
                "文化、广电、新闻出版",
                "Culture, broadcasting and publishing",
            ),
            Category::HealthSports => ("卫生、体育", "Health and sports"),
            Category::PopulationWomenChildren => (
                "人口与计划生育、妇女儿童工作",
                "Population, family planning, women and children",
            ),
            Category::LabourPersonnel => ("劳动、人事、监察", "Labour, personnel and supervision"),
            Category::SecurityJustice => ("公安、安全、司法", "Public security and justice"),
            Category::CivilAffairsRelief => (
                "民政、扶贫、救灾",
                "Civil affairs, poverty and disaster relief",
            ),
            Category::EthnicReligious => ("民族、宗教", "Ethnic and religious affairs"),
            Category::ForeignAffairs => ("对外事务", "Foreign affairs"),
            Category::HongKongMacaoTaiwan => (
                "港澳台侨工作",
                "Hong Kong, Macao, Taiwan and overseas Chinese",
            ),
            Category::Defence => ("国防", "National defence"),
            Category::Other => ("其他", "Other"),
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        let (zh, en) = self.names();
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// The message naming a kind.
pub fn kind_msg(kind: Kind) -> Msg {
    match kind {
        Kind::News => Msg::DocKindNews,
        Kind::Notice => Msg::DocKindNotice,
        Kind::Policy => Msg::DocKindPolicy,
        Kind::Plan => Msg::DocKindPlan,
        Kind::Budget => Msg::DocKindBudget,
        Kind::PressConference => Msg::DocKindPress,
        Kind::Interpretation => Msg::DocKindInterpretation,
    }
}

pub fn validity_msg(v: Validity) -> Msg {
    match v {
        Validity::Valid => Msg::DocValid,
        Validity::Amended => Msg::DocAmended,
        Validity::Repealed => Msg::DocRepealed,
    }
}

pub fn form_msg(f: InterpretationForm) -> Msg {
    match f {
        InterpretationForm::Text => Msg::DocFormText,
        InterpretationForm::QuestionsAndAnswers => Msg::DocFormQa,
        InterpretationForm::Graphic => Msg::DocFormGraphic,
    }
}

/// The message of a review step's code (the log, the step buttons).
pub fn action_msg(code: &str) -> Msg {
    match code {
        "create" => Msg::RevActCreate,
        "edit" => Msg::RevActEdit,
        "submit" => Msg::RevActSubmit,
        "recall" => Msg::RevActRecall,
        "return" => Msg::RevActReturn,
        "publish" => Msg::RevActPublish,
        "withdraw" => Msg::RevActWithdraw,
        _ => Msg::RevActRedraft,
    }
}

pub fn state_msg(s: review::State) -> Msg {
    match s {
        review::State::Draft => Msg::RevStateDraft,
        review::State::InReview => Msg::RevStateInReview,
        review::State::Published => Msg::RevStatePublished,
        review::State::Withdrawn => Msg::RevStateWithdrawn,
    }
}

/// Why a document (or a change of one) cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    #[error("choose the kind of document")]
    Kind,
    #[error("choose a subject category")]
    Category,
    #[error("the title: {text}")]
    Title { text: TextProblem },
    #[error("the document number: {text}")]
    DocNumber { text: TextProblem },
    #[error("the issuing body: {text}")]
    Issuer { text: TextProblem },
    #[error("the text: {text}")]
    Body { text: TextProblem },
    #[error("the date written (YYYY-MM-DD, not after today)")]
    WrittenOn,
    #[error("an interpretation names a published policy or plan by its index number")]
    Interprets,
    #[error("choose the interpretation's form")]
    Form,
    #[error("the replacing document: a published document, by its index number")]
    Replacement,
    #[error("only a published policy or plan has a validity to change")]
    Validity,
    #[error("only a draft is changed")]
    NotADraft,
    #[error("the department's index numbers for the year are used up")]
    IndexFull,
}

impl Problem {
    pub fn msg(self) -> Msg {
        match self {
            Problem::Kind => Msg::DocProbKind,
            Problem::Category => Msg::DocProbCategory,
            Problem::Title { .. } => Msg::DocTitle,
            Problem::DocNumber { .. } => Msg::DocNumber,
            Problem::Issuer { .. } => Msg::DocIssuer,
            Problem::Body { .. } => Msg::DocBody,
            Problem::WrittenOn => Msg::DocProbWrittenOn,
            Problem::Interprets => Msg::DocProbInterprets,
            Problem::Form => Msg::DocProbForm,
            Problem::Replacement => Msg::DocProbReplacement,
            Problem::Validity => Msg::DocProbValidity,
            Problem::NotADraft => Msg::DocProbNotADraft,
            Problem::IndexFull => Msg::DocProbIndexFull,
        }
    }

    pub fn message(self, lang: Lang) -> String {
        match self {
            Problem::Title { text }
            | Problem::DocNumber { text }
            | Problem::Issuer { text }
            | Problem::Body { text } => format!(
                "{}{}{}",
                lang.t(self.msg()),
                lang.t(Msg::Colon),
                text.message(lang)
            ),
            _ => lang.t(self.msg()).to_string(),
        }
    }

    pub fn status(self) -> u16 {
        match self {
            Problem::NotADraft | Problem::Validity | Problem::IndexFull => 409,
            _ => 422,
        }
    }
}

impl From<Problem> for crate::error::AppError {
    fn from(problem: Problem) -> Self {
        crate::error::AppError::Refused(crate::error::Refusal::new(
            "document_refused",
            problem.status(),
            &problem,
            Bilingual::each(|lang| problem.message(lang)),
        ))
    }
}

/// A draft as typed (the form or the API), every field text.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = DocumentDraft))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The department it is of (one of the editor's; the first when absent).
    #[serde(default)]
    pub department: Option<i64>,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    /// 文号, optional.
    #[serde(default)]
    pub doc_number: String,
    /// 发文机关; the department's name when blank.
    #[serde(default)]
    pub issuer: String,
    #[serde(default)]
    pub category: String,
    /// `YYYY-MM-DD`, not after today.
    #[serde(default)]
    pub written_on: String,
    #[serde(default)]
    pub body: String,
    /// An interpretation's document, by index number.
    #[serde(default)]
    pub interprets: String,
    /// An interpretation's form (`text`, `questions_and_answers`, `graphic`).
    #[serde(default)]
    pub interpretation_form: String,
    /// Uploads of the editor's to attach (PDF, JPEG, PNG).
    #[serde(default)]
    pub files: Vec<i64>,
}

/// A draft checked: what is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub kind: Kind,
    pub title: String,
    pub doc_number: Option<String>,
    pub issuer: Option<String>,
    pub category: Category,
    pub written_on: time::Date,
    pub body: String,
    /// The index number of the document interpreted (an interpretation).
    pub interprets: Option<super::IndexNo>,
    pub form: Option<InterpretationForm>,
}

/// Checks what was typed, with `today` the latest date written.
pub fn check(d: &Draft, today: time::Date) -> Result<Checked, Problem> {
    let kind = Kind::parse(d.kind.trim()).ok_or(Problem::Kind)?;
    let title = TITLE_RULE
        .parse(&d.title)
        .map_err(|text| Problem::Title { text })?
        .into_string();
    let doc_number = DOC_NUMBER_RULE
        .parse_optional(&d.doc_number)
        .map_err(|text| Problem::DocNumber { text })?
        .map(|t| t.into_string());
    let issuer = ISSUER_RULE
        .parse_optional(&d.issuer)
        .map_err(|text| Problem::Issuer { text })?
        .map(|t| t.into_string());
    let category = Category::parse(d.category.trim()).ok_or(Problem::Category)?;
    let written_on = crate::clock::parse_date(d.written_on.trim())
        .ok()
        .filter(|w| *w <= today && w.year() >= 1949)
        .ok_or(Problem::WrittenOn)?;
    let body = BODY_RULE
        .parse(&d.body)
        .map_err(|text| Problem::Body { text })?
        .into_string();
    let (interprets, form) = if kind == Kind::Interpretation {
        let i = super::IndexNo::parse(d.interprets.trim()).ok_or(Problem::Interprets)?;
        let f = InterpretationForm::parse(d.interpretation_form.trim()).ok_or(Problem::Form)?;
        (Some(i), Some(f))
    } else {
        (None, None)
    };
    Ok(Checked {
        kind,
        title,
        doc_number,
        issuer,
        category,
        written_on,
        body,
        interprets,
        form,
    })
}

/// A document's search terms: the catalog's index terms
/// ([`crate::catalog::search::index_terms`]) of its title, number, issuer,
/// department and the names of its kind and category (so that English
/// words such as "policy" or "civil" find Chinese documents), then of the
/// body's first [`BODY_INDEX_CHARS`] characters, deduplicated, at most
/// [`MAX_TERMS`] (the body's are the ones left out).
pub fn terms(
    title: &str,
    doc_number: Option<&str>,
    issuer: &str,
    department: &Bilingual,
    kind: Kind,
    category: Category,
    body: &str,
) -> Vec<String> {
    use crate::catalog::search::index_terms;
    let (cat_zh, cat_en) = category.names();
    let (kind_zh, kind_en) = kind_msg(kind).texts();
    let head = index_terms([
        title,
        doc_number.unwrap_or(""),
        issuer,
        department.zh.as_str(),
        department.en.as_str(),
        kind_zh,
        kind_en,
        cat_zh,
        cat_en,
    ]);
    let opening: String = body.chars().take(BODY_INDEX_CHARS).collect();
    let mut seen: std::collections::BTreeSet<String> = head.iter().cloned().collect();
    let mut out = head;
    for t in index_terms([opening.as_str()]) {
        if out.len() >= MAX_TERMS {
            break;
        }
        if seen.insert(t.clone()) {
            out.push(t);
        }
    }
    out.truncate(MAX_TERMS);
    out
}

/// How many of `documents` a query is expected to match, from how many
/// documents hold each of its terms (`words`: the counts of each word's
/// terms, see `SearchText::words`). A word's terms (its overlapping pairs)
/// mostly occur together, so a word is taken to be in as many documents
/// as its rarest term; different words are taken as independent. 0 when
/// a term is in none: nothing can match.
pub fn expected_matches(documents: i64, words: &[Vec<i64>]) -> f64 {
    let total = words
        .iter()
        .flatten()
        .copied()
        .fold(documents, i64::max)
        .max(1) as f64;
    words.iter().fold(total, |e, word| {
        let rarest = word.iter().copied().min().unwrap_or(0).max(0) as f64;
        e * rarest / total
    })
}

/// The search keys of `terms` as the index keeps them: each term's 32-bit
/// FNV-1a hash of its UTF-8 bytes, sorted and deduplicated. Four bytes a
/// term keep a document's keys inline and uncompressed, which is what
/// makes a common word fast to check row by row (see `store::search`).
/// Two different terms may share a key (about one pair in four billion):
/// a search may then, very rarely, list a document without the word.
pub fn term_keys(terms: &[String]) -> Vec<i32> {
    let mut keys: Vec<i32> = terms.iter().map(|t| term_key(t)).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// One term's key (32-bit FNV-1a).
pub fn term_key(term: &str) -> i32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h as i32
}

/// A document named in another's page (its replacement, an interpretation).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = DocumentLink))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub index_no: String,
    pub title: String,
    pub kind: Kind,
    pub published_on: String,
}

/// An attachment, downloadable by anyone once the document is public.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = DocumentFile))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct File {
    pub upload_id: i64,
    pub name: String,
}

/// A document in a list.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = DocumentRow))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub id: i64,
    /// Set once published.
    pub index_no: Option<String>,
    pub kind: Kind,
    pub title: String,
    pub doc_number: Option<String>,
    pub department: Bilingual,
    pub category: Category,
    pub published_on: Option<String>,
    pub validity: Option<Validity>,
    /// Its review's state (staff lists; `published` in public ones).
    pub state: review::State,
}

/// A page of search results.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = DocumentSearch))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    pub rows: Vec<Row>,
    /// Matches counted up to [`COUNT_CAP`] + 1.
    pub total: i64,
    /// More than [`COUNT_CAP`] match ("1,000+").
    pub more: bool,
    pub page: i64,
}

/// A document as its reader sees it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = Document))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentView {
    pub id: i64,
    pub index_no: Option<String>,
    pub kind: Kind,
    pub title: String,
    pub doc_number: Option<String>,
    pub issuer: String,
    pub department_id: i64,
    pub department: Bilingual,
    pub region_code: i32,
    pub region: Bilingual,
    pub category: Category,
    /// `YYYY-MM-DD`
    pub written_on: String,
    pub published_on: Option<String>,
    pub validity: Option<Validity>,
    /// The document that amends or replaces it.
    pub superseded_by: Option<Link>,
    /// The documents it amends or replaces.
    pub replaces: Vec<Link>,
    /// An interpretation's document and form.
    pub interprets: Option<Link>,
    pub interpretation_form: Option<InterpretationForm>,
    /// The interpretations of this document.
    pub interpretations: Vec<Link>,
    /// Empty when withdrawn (the public sees the notice, not the text).
    pub body: String,
    pub files: Vec<File>,
    /// Withdrawn after publication, with the reason (已撤回).
    pub withdrawn: Option<String>,
}

/// A document as its department's editors and reviewers see it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = StaffDocument))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub document: DocumentView,
    /// The draft's fields as stored (the edit form).
    pub interprets_input: String,
    pub review_id: i64,
    pub state: review::State,
    pub author: String,
    /// The latest return or withdrawal reason.
    pub reason: Option<String>,
    /// The viewer's roles on it.
    pub roles: Vec<review::Role>,
    /// The review steps the viewer may take now.
    pub offered: Vec<String>,
    /// The draft may be edited by the viewer.
    pub may_edit: bool,
    /// The viewer may mark this published policy amended or repealed.
    pub may_mark: bool,
    pub log: Vec<EventView>,
}

/// A policy marked amended or repealed, with the replacing document.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = DocumentValidityChange))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// `amended`, `repealed` (or `valid` again).
    pub validity: String,
    /// The replacing or amending document's index number (optional for a
    /// repeal without replacement).
    #[serde(default)]
    pub replaced_by: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn category_codes_read_back_and_fit_the_schema() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.code()), Some(c));
            let code = c.code();
            assert!((2..=40).contains(&code.len()));
            assert!(code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            let (zh, en) = c.names();
            assert!(!zh.is_empty() && !en.is_empty());
        }
        assert_eq!(Category::parse("Comprehensive"), None);
        assert_eq!(
            serde_json::to_string(&Category::CivilAffairsRelief).unwrap(),
            "\"civil_affairs_relief\""
        );
        assert_eq!(Kind::parse("interpretation"), Some(Kind::Interpretation));
    }

    fn dept() -> Bilingual {
        Bilingual {
            zh: "广州市民政局".into(),
            en: "Guangzhou Civil Affairs Bureau".into(),
        }
    }

    #[test]
    fn expected_matches_take_a_words_rarest_term_and_multiply_words() {
        // One word: its rarest pair.
        assert_eq!(
            expected_matches(1_000_000, &[vec![16_672, 50_000, 16_700]]),
            16_672.0
        );
        // A term in no document: nothing.
        assert_eq!(expected_matches(1_000_000, &[vec![16_672, 0]]), 0.0);
        assert_eq!(expected_matches(1_000_000, &[vec![500_000], vec![0]]), 0.0);
        // Two words, independent: 10 % of 1 % of a million.
        assert_eq!(
            expected_matches(1_000_000, &[vec![100_000], vec![10_000]]),
            1_000.0
        );
        // Stale totals never make a term rarer than its own count says.
        assert_eq!(expected_matches(0, &[vec![5]]), 5.0);
        assert_eq!(expected_matches(-1, &[vec![5], vec![5]]), 5.0);
        // No words: everything.
        assert_eq!(expected_matches(7, &[]), 7.0);
    }

    #[test]
    fn term_keys_are_fnv1a_sorted_and_unique() {
        // FNV-1a's published test vectors.
        assert_eq!(term_key(""), 0x811c_9dc5_u32 as i32);
        assert_eq!(term_key("a"), 0xe40c_292c_u32 as i32);
        assert_eq!(term_key("foobar"), 0xbf9c_f968_u32 as i32);
        let keys = term_keys(&["低保".into(), "低".into(), "低保".into(), "保".into()]);
        assert_eq!(keys.len(), 3);
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert!(keys.contains(&term_key("低保")));
    }

    #[test]
    fn terms_are_deduplicated_bounded_and_name_kind_and_category_in_both_languages() {
        let t = terms(
            "关于印发《广州市最低生活保障办法》的通知",
            Some("穗民规字〔2025〕3号"),
            "广州市民政局",
            &dept(),
            Kind::Policy,
            Category::CivilAffairsRelief,
            "低保低保低保",
        );
        let set: std::collections::BTreeSet<_> = t.iter().collect();
        assert_eq!(set.len(), t.len(), "no duplicates");
        for want in ["低保", "保障", "民", "policy", "civil", "政策", "穗民"] {
            assert!(t.iter().any(|x| x == want), "{want}");
        }
        // A very long body is indexed by its opening, within the bound.
        let long: String = (0..60_000)
            .map(|i| char::from_u32(0x4e00 + (i * 7919 % 20000) as u32).unwrap())
            .collect();
        let t = terms(
            "标题",
            None,
            "x",
            &dept(),
            Kind::News,
            Category::Other,
            &long,
        );
        assert!(t.len() <= MAX_TERMS);
        assert!(t.iter().any(|x| x == "标题"));
        let late: String = long.chars().skip(50_000).take(2).collect();
        let early: String = long.chars().take(2).collect();
        assert!(t.contains(&early));
        assert!(
            !t.contains(&late)
                || long
                    .chars()
                    .take(BODY_INDEX_CHARS)
                    .collect::<String>()
                    .contains(&late)
        );
    }

    #[test]
    fn a_draft_is_checked_field_by_field() {
        let today = date!(2026 - 12 - 07);
        let good = Draft {
            kind: "policy".into(),
            title: "广州市最低生活保障办法".into(),
            doc_number: " ".into(),
            category: "civil_affairs_relief".into(),
            written_on: "2026-12-01".into(),
            body: "第一条".into(),
            ..Draft::default()
        };
        let c = check(&good, today).unwrap();
        assert_eq!(c.doc_number, None);
        assert_eq!(c.kind, Kind::Policy);
        let bad = |f: &dyn Fn(&mut Draft)| {
            let mut d = good.clone();
            f(&mut d);
            check(&d, today).unwrap_err()
        };
        assert_eq!(bad(&|d| d.kind = "memo".into()), Problem::Kind);
        assert_eq!(bad(&|d| d.category = "x".into()), Problem::Category);
        assert_eq!(
            bad(&|d| d.written_on = "2026-12-08".into()),
            Problem::WrittenOn
        );
        assert!(matches!(
            bad(&|d| d.title = " ".into()),
            Problem::Title { .. }
        ));
        assert_eq!(
            bad(&|d| {
                d.kind = "interpretation".into();
                d.interprets = "440100-MZJ-2026-00001".into();
            }),
            Problem::Form
        );
        assert_eq!(
            bad(&|d| d.kind = "interpretation".into()),
            Problem::Interprets
        );
    }
}
