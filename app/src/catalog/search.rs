//! Search over the catalog: how text becomes index terms and a query becomes
//! the terms it must match. Pure, shared by the indexer and the query.
//!
//! PostgreSQL's trigram index cannot serve one- and two-character Chinese
//! queries (婚, 社保), so items carry their own terms in a GIN-indexed array:
//! - Chinese (and other CJK) text gives every character and every pair of
//!   neighbouring characters (婚姻登记 → 婚 姻 登 记 婚姻 姻登 登记);
//! - words in Latin letters or digits give every prefix, lower-cased
//!   (Passport → p pa pas … passport), so partial words match.
//!
//! A query matches an item when the item has all the query's terms: a CJK
//! run of one character asks for that character, a longer run for its pairs
//! (营业执照 → 营业 业执 执照); a word asks for itself as a prefix.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Bumped whenever the terms change; stale items are re-indexed at start.
pub const TERMS_VERSION: i16 = 2;

/// Word prefixes longer than this are not indexed; longer query words are
/// cut to it (a 16-letter prefix identifies a word well enough).
const MAX_PREFIX: usize = 16;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 64;

/// Full-width forms to ASCII, the ideographic space to a space, lower case.
pub fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Han ideographs (with extension A and compatibility forms), kana, Hangul.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F
        | 0x3040..=0x30FF | 0xAC00..=0xD7AF)
}

#[derive(Debug, PartialEq, Eq)]
enum Run {
    Cjk(Vec<char>),
    Word(String),
}

/// Splits normalised text into CJK runs and words; everything else separates.
fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut current: Option<Run> = None;
    for c in normalise(text).chars() {
        let cjk = is_cjk(c);
        let word = !cjk && c.is_alphanumeric();
        match (&mut current, cjk, word) {
            (Some(Run::Cjk(chars)), true, _) => chars.push(c),
            (Some(Run::Word(w)), _, true) => w.push(c),
            _ => {
                out.extend(current.take());
                current = if cjk {
                    Some(Run::Cjk(vec![c]))
                } else if word {
                    Some(Run::Word(c.to_string()))
                } else {
                    None
                };
            }
        }
    }
    out.extend(current);
    out
}

fn prefix(word: &str, chars: usize) -> String {
    word.chars().take(chars).collect()
}

/// The index terms of some texts (an item's names, or all its searchable text).
pub fn index_terms<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut terms = BTreeSet::new();
    for text in texts {
        for run in runs(text) {
            match run {
                Run::Cjk(chars) => {
                    terms.extend(chars.iter().map(char::to_string));
                    terms.extend(chars.windows(2).map(|w| w.iter().collect::<String>()));
                }
                Run::Word(w) => {
                    let n = w.chars().count().min(MAX_PREFIX);
                    terms.extend((1..=n).map(|k| prefix(&w, k)));
                }
            }
        }
    }
    terms.into_iter().collect()
}

/// An item's terms: those of its names and aliases (name matches rank
/// first), and those of everything searchable (names, aliases, conditions,
/// materials) in both languages.
pub fn item_terms(item: &super::ServiceItem) -> (Vec<String>, Vec<String>) {
    let names: Vec<&str> = [item.name.zh.as_str(), item.name.en.as_str()]
        .into_iter()
        .chain(item.aliases_zh.iter().map(String::as_str))
        .chain(item.aliases_en.iter().map(String::as_str))
        .collect();
    let all = names
        .iter()
        .copied()
        .chain(
            item.conditions
                .iter()
                .flat_map(|c| [c.zh.as_str(), c.en.as_str()]),
        )
        .chain(
            item.materials
                .iter()
                .flat_map(|m| [m.name.zh.as_str(), m.name.en.as_str()]),
        );
    let mut all = index_terms(all);
    all.extend(facet_terms(item));
    (index_terms(names.iter().copied()), all)
}

/// The lexeme an item carries for a value of a browsing vocabulary
/// (`theme:marriage`), so that browsing filters and words share one index.
/// No query's words give one: their terms are letters, digits or CJK only.
pub fn facet_term(kind: FacetKind, code: &str) -> String {
    format!("{}:{code}", kind.prefix())
}

/// The browsing vocabularies an item is filed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetKind {
    Theme,
    LifeEvent,
    Group,
    Stage,
}

impl FacetKind {
    fn prefix(self) -> &'static str {
        match self {
            FacetKind::Theme => "theme",
            FacetKind::LifeEvent => "life_event",
            FacetKind::Group => "group",
            FacetKind::Stage => "stage",
        }
    }
}

fn facet_terms(item: &super::ServiceItem) -> impl Iterator<Item = String> + '_ {
    let theme = item
        .themes
        .iter()
        .map(|v| facet_term(FacetKind::Theme, v.code()));
    let event = item
        .life_events
        .iter()
        .map(|v| facet_term(FacetKind::LifeEvent, v.code()));
    let group = item
        .groups
        .iter()
        .map(|v| facet_term(FacetKind::Group, v.code()));
    let stage = item
        .stages
        .iter()
        .map(|v| facet_term(FacetKind::Stage, v.code()));
    theme.chain(event).chain(group).chain(stage)
}

/// A PostgreSQL `tsquery` text requiring every one of `terms` (quoted).
pub fn all_of<'a>(terms: impl IntoIterator<Item = &'a str>) -> String {
    terms
        .into_iter()
        .map(|t| format!("'{}'", t.replace('\\', "\\\\").replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// A search query, parsed: the terms an item must have, and the text as typed
/// (trimmed), for showing back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchText {
    text: String,
    terms: Vec<String>,
    /// Texts searched besides the typed one (the synonym list's rewrites,
    /// normalised) with their terms: an item matching any of them matches.
    #[serde(default)]
    also: Vec<(String, Vec<String>)>,
}

/// Why a query cannot be searched for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SearchTextError {
    #[error("the query is longer than {MAX_QUERY_CHARS} characters")]
    TooLong,
    /// A control or hidden character (the shared text rule's list).
    #[error("the query holds a control or hidden character")]
    Unusable,
}

impl SearchText {
    /// Parses what a person typed. Blank text or text with nothing to search
    /// for (only punctuation) is `None`: browsing, not searching.
    pub fn parse(raw: &str) -> Result<Option<SearchText>, SearchTextError> {
        let text = raw.trim();
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(SearchTextError::TooLong);
        }
        if crate::text::check_plain(text).is_err() {
            return Err(SearchTextError::Unusable);
        }
        let terms = query_terms(text);
        if terms.is_empty() {
            return Ok(None);
        }
        Ok(Some(SearchText {
            text: text.to_string(),
            terms,
            also: Vec::new(),
        }))
    }

    /// The same query, also searching the synonym list's rewrites of it
    /// (生孩子 → 出生).
    pub fn with_synonyms(mut self, synonyms: &Synonyms) -> SearchText {
        self.also = synonyms
            .rewrite(&self.text)
            .into_iter()
            .map(|t| {
                let terms = query_terms(&t);
                (t, terms)
            })
            .filter(|(_, terms)| !terms.is_empty())
            .collect();
        self
    }

    /// The terms of each text searched: the typed one's first.
    pub fn alternatives(&self) -> impl Iterator<Item = &[String]> {
        std::iter::once(self.terms.as_slice()).chain(self.also.iter().map(|(_, t)| t.as_slice()))
    }

    /// Each text searched, normalised: the typed one first.
    pub fn texts(&self) -> Vec<String> {
        std::iter::once(normalise(&self.text))
            .chain(self.also.iter().map(|(t, _)| t.clone()))
            .collect()
    }

    /// The terms as a PostgreSQL `tsquery` text: every term of one of the
    /// texts searched, quoted, and-ed; the texts or-ed.
    pub fn tsquery(&self) -> String {
        if self.also.is_empty() {
            return all_of(self.terms.iter().map(String::as_str));
        }
        self.alternatives()
            .map(|terms| format!("({})", all_of(terms.iter().map(String::as_str))))
            .collect::<Vec<_>>()
            .join(" | ")
    }

    /// [`Self::tsquery`] and every one of `more` (browsing lexemes).
    pub fn tsquery_and(&self, more: &[String]) -> String {
        if more.is_empty() {
            return self.tsquery();
        }
        format!(
            "({}) & {}",
            self.tsquery(),
            all_of(more.iter().map(String::as_str))
        )
    }
}

/// The terms a query text asks for (see the module's documentation).
fn query_terms(text: &str) -> Vec<String> {
    let terms: BTreeSet<String> = word_terms(text).into_iter().flatten().collect();
    terms.into_iter().collect()
}

/// The terms a query text asks for, word by word (a run of Chinese
/// characters or a Latin word): a lone character, a run's overlapping
/// pairs, a word's prefix.
fn word_terms(text: &str) -> Vec<Vec<String>> {
    runs(text)
        .into_iter()
        .map(|run| match run {
            Run::Cjk(chars) if chars.len() == 1 => vec![chars[0].to_string()],
            Run::Cjk(chars) => chars
                .windows(2)
                .map(|w| w.iter().collect::<String>())
                .collect(),
            Run::Word(w) => vec![prefix(&w, MAX_PREFIX)],
        })
        .collect()
}

impl SearchText {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The terms of the typed text: an item with all of them matches.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// The typed text's terms word by word (a word's terms mostly occur
    /// together; different words need not): for estimating how many match.
    pub fn words(&self) -> Vec<Vec<String>> {
        word_terms(&self.text)
    }
}

// ---- the synonym list (issue 17) ----------------------------------------------

/// At most this many rewritten texts are searched besides the typed one.
const MAX_ALTERNATIVES: usize = 4;

/// One group of the synonym list as the file holds it: the catalog's word
/// and the words people type for it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SynonymGroup {
    pub word: String,
    pub synonyms: Vec<String>,
}

/// Why a synonym list is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SynonymError {
    #[error("synonyms.json: {0}")]
    Json(String),
    #[error("synonym {0:?}: blank, or nothing a search could match")]
    Blank(String),
    #[error("synonym {0:?} is listed twice")]
    Twice(String),
    #[error("synonym {0:?} is its own word")]
    Itself(String),
}

/// The synonym list: `(colloquial word, catalog's word)`, normalised,
/// longest colloquial word first (生小孩 is tried before 小孩).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synonyms(Vec<(String, String)>);

impl Synonyms {
    /// Parses `synonyms.json`: an array of `{ "word", "synonyms": [...] }`.
    pub fn parse_json(text: &str) -> Result<Synonyms, SynonymError> {
        let groups: Vec<SynonymGroup> =
            serde_json::from_str(text).map_err(|e| SynonymError::Json(e.to_string()))?;
        let pairs = groups
            .into_iter()
            .flat_map(|g| {
                let word = g.word;
                g.synonyms.into_iter().map(move |s| (s, word.clone()))
            })
            .collect::<Vec<_>>();
        Synonyms::new(pairs)
    }

    /// From `(colloquial word, catalog's word)` pairs, checked: no blank
    /// word, no word listed twice, none its own synonym.
    pub fn new(pairs: Vec<(String, String)>) -> Result<Synonyms, SynonymError> {
        let mut out: Vec<(String, String)> = Vec::with_capacity(pairs.len());
        for (word, canonical) in pairs {
            let (w, c) = (normalise(word.trim()), normalise(canonical.trim()));
            let searchable = |t: &str| matches!(SearchText::parse(t), Ok(Some(_)));
            if !searchable(&w) || !searchable(&c) {
                return Err(SynonymError::Blank(word));
            }
            if w == c {
                return Err(SynonymError::Itself(word));
            }
            if out.iter().any(|(x, _)| *x == w) {
                return Err(SynonymError::Twice(word));
            }
            out.push((w, c));
        }
        out.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.0.cmp(&b.0))
        });
        Ok(Synonyms(out))
    }

    /// The pairs, as stored: `(colloquial word, catalog's word)`.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// The texts to search besides `text` (normalised): `text` with each
    /// colloquial word it holds replaced by its catalog word, and with all
    /// of them replaced; at most [`MAX_ALTERNATIVES`].
    pub fn rewrite(&self, text: &str) -> Vec<String> {
        let text = normalise(text);
        let mut out: Vec<String> = Vec::new();
        let mut all = text.clone();
        for (word, canonical) in &self.0 {
            if text.contains(word.as_str()) {
                out.push(text.replace(word.as_str(), canonical));
            }
            if all.contains(word.as_str()) {
                all = all.replace(word.as_str(), canonical);
            }
        }
        out.push(all);
        let mut unique: Vec<String> = Vec::new();
        for t in out {
            if t != text && !unique.contains(&t) {
                unique.push(t);
            }
        }
        unique.truncate(MAX_ALTERNATIVES);
        unique
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(q: &str) -> Vec<String> {
        SearchText::parse(q).unwrap().unwrap().terms().to_vec()
    }

    #[test]
    fn full_width_and_case_are_folded() {
        assert_eq!(normalise("ＡＢＣ１２３　Ｘ"), "abc123 x");
        assert_eq!(normalise("Passport"), "passport");
    }

    #[test]
    fn one_chinese_character_is_its_own_term() {
        assert_eq!(terms("婚"), vec!["婚"]);
        assert_eq!(terms(" 婚 "), vec!["婚"]);
    }

    #[test]
    fn longer_chinese_runs_become_pairs() {
        assert_eq!(terms("社保"), vec!["社保"]);
        assert_eq!(terms("营业执照"), vec!["业执", "执照", "营业"]);
        assert_eq!(terms("公积金提取"), vec!["公积", "提取", "积金", "金提"]);
    }

    #[test]
    fn punctuation_and_spaces_separate_runs() {
        assert_eq!(terms("婚姻，登记"), vec!["婚姻", "登记"]);
        assert_eq!(terms("港澳 通行证"), vec!["港澳", "行证", "通行"]);
    }

    #[test]
    fn english_words_are_lower_cased_and_mixed_text_splits() {
        assert_eq!(terms("Marriage"), vec!["marriage"]);
        assert_eq!(terms("HK通行证"), vec!["hk", "行证", "通行"]);
        assert_eq!(terms("Ｐａｓｓｐｏｒｔ"), vec!["passport"]);
    }

    #[test]
    fn long_words_are_cut_to_the_indexed_prefix() {
        let t = terms("internationalisation");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].chars().count(), MAX_PREFIX);
        assert!("internationalisation".starts_with(&t[0]));
    }

    #[test]
    fn the_tsquery_quotes_and_ands_every_term() {
        let q = SearchText::parse("婚姻 marriage").unwrap().unwrap();
        assert_eq!(q.tsquery(), "'marriage' & '婚姻'");
    }

    #[test]
    fn blank_or_punctuation_only_is_browsing() {
        assert_eq!(SearchText::parse("").unwrap(), None);
        assert_eq!(SearchText::parse("  ，。!? ").unwrap(), None);
    }

    #[test]
    fn overlong_queries_are_refused() {
        let long = "婚".repeat(MAX_QUERY_CHARS + 1);
        assert_eq!(SearchText::parse(&long), Err(SearchTextError::TooLong));
        assert!(SearchText::parse(&"婚".repeat(MAX_QUERY_CHARS)).is_ok());
        for bad in ["婚姻\0", "\0", "mar\u{202E}riage", "婚\n姻", "\u{1b}[2J"] {
            assert_eq!(
                SearchText::parse(bad),
                Err(SearchTextError::Unusable),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn index_has_characters_pairs_and_prefixes() {
        let t = index_terms(["婚姻登记", "Marriage registration"]);
        for want in [
            "婚", "婚姻", "姻登", "登记", "记", "m", "ma", "marriage", "reg",
        ] {
            assert!(t.iter().any(|x| x == want), "missing {want}");
        }
        assert!(!t.iter().any(|x| x == "婚登"));
    }

    #[test]
    fn every_query_term_of_indexed_text_is_in_its_index() {
        // Whatever part of an item's text is typed, the item matches.
        let text = "内地居民婚姻登记（结婚） Marriage Registration for Mainland Residents";
        let index = index_terms([text]);
        for q in [
            "婚",
            "婚姻",
            "婚姻登记",
            "内地居民",
            "结婚",
            "marr",
            "Registration",
            "MAINLAND res",
        ] {
            for t in terms(q) {
                assert!(index.contains(&t), "{q}: {t} not indexed");
            }
        }
    }

    #[test]
    fn browsing_terms_never_meet_the_words_of_a_query() {
        let theme = facet_term(FacetKind::Theme, "marriage");
        assert_eq!(theme, "theme:marriage");
        assert_eq!(
            facet_term(FacetKind::LifeEvent, "birth"),
            "life_event:birth"
        );
        // Typing the lexeme itself asks for its words, not for the filter.
        let typed = terms("theme:marriage");
        assert!(!typed.contains(&theme), "{typed:?}");
        assert!(typed.iter().all(|t| !t.contains(':')));
    }

    #[test]
    fn a_tsquery_quotes_every_term() {
        assert_eq!(all_of(["婚", "theme:marriage"]), "'婚' & 'theme:marriage'");
        assert_eq!(all_of(["it's", r"a\b"]), r"'it''s' & 'a\\b'");
        assert_eq!(all_of([]), "");
    }
}
