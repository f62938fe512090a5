//! Free text a person typed: names, questions, answers, reasons, notes,
//! places, search words, file names.
//!
//! Every capability parses such text through one [`TextRule`], so the same
//! characters are refused everywhere (and in the browser, as a person
//! types). Once parsed, a [`Text`] is trimmed, within its length in
//! characters (not bytes: Chinese text), and holds none of these:
//!
//! - **control characters**: NUL and every C0 control (U+0000–U+001F),
//!   DEL (U+007F) and every C1 control (U+0080–U+009F). A multi-line field
//!   keeps tab and line feed and turns CR LF into LF; a lone CR is refused.
//!   A single-line field refuses tab and line breaks too. PostgreSQL cannot
//!   store NUL in text at all; the others break headers, logs and CSV.
//! - **line and paragraph separators** U+2028 and U+2029 (refused as
//!   control characters: they break lines where no one sees a break).
//! - **hidden characters**: the bidirectional embeddings, overrides and
//!   isolates (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F,
//!   U+061C), which make `证明\u{202E}fdp.exe` read as `证明exe.pdf`; the
//!   zero-width space (U+200B), word joiner and invisible operators
//!   (U+2060–U+2064), the deprecated format controls (U+206A–U+206F), the
//!   byte-order mark / zero-width no-break space (U+FEFF), the interlinear
//!   annotation controls (U+FFF9–U+FFFB), the soft hyphen (U+00AD) and the
//!   tag characters (U+E0000–U+E007F): invisible, they let two names that
//!   look the same differ, or carry text no reader sees. The zero-width
//!   joiner and non-joiner (U+200C, U+200D) stay: emoji and some scripts
//!   need them.
//!
//! Pure, no framework: compiled for the server and the browser.

use crate::i18n::{Bilingual, Lang, Msg};
use serde::{Deserialize, Serialize};

/// What is wrong with a text; stable snake_case codes in JSON
/// (`{"problem": "too_long", "detail": {"max": 500}}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", content = "detail", rename_all = "snake_case")]
pub enum TextProblem {
    /// Nothing but spaces where something is needed.
    #[error("required")]
    Required,
    /// Fewer characters than the field needs.
    #[error("at least {min} characters")]
    TooShort { min: u32 },
    /// More characters than the field takes.
    #[error("at most {max} characters")]
    TooLong { max: u32 },
    /// NUL, another C0 or C1 control, DEL, a lone CR or a line separator.
    #[error("a control character")]
    ControlCharacter,
    /// A tab or a line break in a one-line field.
    #[error("a line break in a one-line field")]
    LineBreak,
    /// A bidirectional override or another invisible format character.
    #[error("a hidden character")]
    HiddenCharacter,
}

impl TextProblem {
    /// The problem's sentence in `lang`, with its number filled in.
    pub fn message(self, lang: Lang) -> String {
        match self {
            TextProblem::Required => lang.t(Msg::ProblemRequired).to_string(),
            TextProblem::TooShort { min } => lang.fill(Msg::TextTooShort, &[("min", &min)]),
            TextProblem::TooLong { max } => lang.fill(Msg::ProblemTooLongMax, &[("max", &max)]),
            TextProblem::ControlCharacter => lang.t(Msg::TextControlCharacter).to_string(),
            TextProblem::LineBreak => lang.t(Msg::TextLineBreak).to_string(),
            TextProblem::HiddenCharacter => lang.t(Msg::TextHiddenCharacter).to_string(),
        }
    }

    /// The problem's sentence in both languages.
    pub fn text(self) -> Bilingual {
        Bilingual::each(|lang| self.message(lang))
    }

    /// The field refusal of this problem at `field` (a 422 names it).
    pub fn at(self, field: &str) -> crate::error::FieldRefusal {
        crate::error::FieldRefusal::new(field, &self, self.text())
    }
}

/// One line, or several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// A name, a place, a title: no tab, no line break.
    One,
    /// A question, an answer, a note: tabs and line feeds kept.
    Many,
}

/// The rule of one field: lines, and length in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRule {
    pub lines: Lines,
    pub min: u32,
    pub max: u32,
}

impl TextRule {
    /// One line of at most `max` characters (at least one when required).
    pub const fn line(max: u32) -> TextRule {
        TextRule {
            lines: Lines::One,
            min: 1,
            max,
        }
    }

    /// Several lines of at most `max` characters.
    pub const fn lines(max: u32) -> TextRule {
        TextRule {
            lines: Lines::Many,
            min: 1,
            max,
        }
    }

    /// The same rule needing at least `min` characters.
    pub const fn at_least(self, min: u32) -> TextRule {
        TextRule { min, ..self }
    }

    /// Parses a text that must be there.
    pub fn parse(&self, raw: &str) -> Result<Text, TextProblem> {
        self.parse_optional(raw)?.ok_or(TextProblem::Required)
    }

    /// Parses a text that may be left empty (`None` when it is).
    pub fn parse_optional(&self, raw: &str) -> Result<Option<Text>, TextProblem> {
        let text = self.clean(raw)?;
        if text.is_empty() {
            return Ok(None);
        }
        let n = text.chars().count();
        if n < self.min as usize {
            return Err(TextProblem::TooShort { min: self.min });
        }
        if n > self.max as usize {
            return Err(TextProblem::TooLong { max: self.max });
        }
        Ok(Some(Text(text)))
    }

    /// Trims, normalises CR LF and refuses forbidden characters.
    fn clean(&self, raw: &str) -> Result<String, TextProblem> {
        let trimmed = raw.trim();
        let mut out = String::with_capacity(trimmed.len());
        let mut chars = trimmed.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' if self.lines == Lines::Many && chars.peek() == Some(&'\n') => {}
                '\t' | '\n' | '\r' if self.lines == Lines::One => {
                    return Err(TextProblem::LineBreak)
                }
                '\t' | '\n' => {}
                c if is_control(c) => return Err(TextProblem::ControlCharacter),
                c if is_hidden(c) => return Err(TextProblem::HiddenCharacter),
                _ => {}
            }
            if c != '\r' {
                out.push(c);
            }
        }
        Ok(out)
    }
}

/// A person's name as the public sees it: the first character, the rest
/// as `*` (张小明 → 张**, Li Hua → L******); letters and interviews show
/// writers and askers so.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => {
            let rest = chars.count().max(1);
            format!("{first}{}", "*".repeat(rest))
        }
        None => "*".to_string(),
    }
}

/// Refuses control and hidden characters in `raw` (a query parameter, a
/// search), whatever its length; line breaks and tabs count as controls.
pub fn check_plain(raw: &str) -> Result<(), TextProblem> {
    match raw.chars().find(|&c| is_control(c) || is_hidden(c)) {
        None => Ok(()),
        Some(c) if is_control(c) => Err(TextProblem::ControlCharacter),
        Some(_) => Err(TextProblem::HiddenCharacter),
    }
}

/// C0 and C1 controls, DEL, and the line and paragraph separators.
pub fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Bidirectional controls and invisible format characters (see the module).
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{00AD}'
        | '\u{061C}'
        | '\u{200B}'
        | '\u{200E}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E007F}')
}

/// Text that passed its [`TextRule`]: trimmed, bounded, no control or
/// hidden character.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Text(String);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        text.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: TextRule = TextRule::line(50);
    const NOTE: TextRule = TextRule::lines(500);

    #[test]
    fn ordinary_text_is_trimmed_and_kept() {
        assert_eq!(NAME.parse("  张三  ").unwrap().as_str(), "张三");
        assert_eq!(
            NAME.parse("Zhang San-Li O'Neil").unwrap().as_str(),
            "Zhang San-Li O'Neil"
        );
        assert_eq!(
            NAME.parse("广州市天河区“好味道”餐饮有限公司")
                .unwrap()
                .as_str(),
            "广州市天河区“好味道”餐饮有限公司"
        );
        // Emoji with joiners and variation selectors are not hidden text.
        assert!(NOTE.parse("谢谢 👨\u{200D}👩\u{200D}👧 ❤\u{FE0F}").is_ok());
    }

    #[test]
    fn multi_line_text_keeps_tabs_and_line_feeds_and_folds_crlf() {
        assert_eq!(
            NOTE.parse("第一行\r\n第二行\n\t缩进").unwrap().as_str(),
            "第一行\n第二行\n\t缩进"
        );
    }

    #[test]
    fn one_line_text_refuses_tabs_and_breaks_inside() {
        assert_eq!(NAME.parse("张\n三"), Err(TextProblem::LineBreak));
        assert_eq!(NAME.parse("张\t三"), Err(TextProblem::LineBreak));
        assert_eq!(NAME.parse("张\r\n三"), Err(TextProblem::LineBreak));
        // At the ends they are trimmed like spaces.
        assert_eq!(NAME.parse("张三\r\n").unwrap().as_str(), "张三");
    }

    #[test]
    fn controls_are_refused_anywhere() {
        for bad in [
            "张\0三",
            "\0",
            "a\u{1}b",
            "bell\u{7}",
            "esc\u{1b}[31m",
            "del\u{7f}x",
            "c1\u{85}x",
            "c1\u{9b}x",
            "line\u{2028}sep",
            "para\u{2029}sep",
        ] {
            assert_eq!(
                NOTE.parse(bad),
                Err(TextProblem::ControlCharacter),
                "{bad:?}"
            );
            assert!(NAME.parse(bad).is_err(), "{bad:?}");
        }
        // A lone CR is not a line break in a note.
        assert_eq!(NOTE.parse("a\rb"), Err(TextProblem::ControlCharacter));
    }

    #[test]
    fn bidi_overrides_and_invisible_characters_are_refused() {
        for bad in [
            "证明\u{202E}fdp.exe",
            "a\u{202A}b",
            "a\u{2066}b\u{2069}",
            "a\u{200E}b",
            "a\u{200F}b",
            "a\u{061C}b",
            "zero\u{200B}width",
            "word\u{2060}joiner",
            "bom\u{FEFF}x",
            "soft\u{AD}hyphen",
            "tag\u{E0041}",
            "anno\u{FFF9}x",
        ] {
            assert_eq!(
                NAME.parse(bad),
                Err(TextProblem::HiddenCharacter),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(NAME.parse(&"婚".repeat(50)).is_ok());
        assert_eq!(
            NAME.parse(&"婚".repeat(51)),
            Err(TextProblem::TooLong { max: 50 })
        );
        let question = TextRule::lines(1000).at_least(5);
        assert_eq!(
            question.parse("你好"),
            Err(TextProblem::TooShort { min: 5 })
        );
    }

    #[test]
    fn empty_is_required_or_none() {
        assert_eq!(NAME.parse(" \n "), Err(TextProblem::Required));
        assert_eq!(NAME.parse_optional("   "), Ok(None));
        assert_eq!(
            NAME.parse_optional("\0"),
            Err(TextProblem::ControlCharacter)
        );
    }

    #[test]
    fn plain_checks_query_parameters() {
        assert!(check_plain("婚姻登记 marriage").is_ok());
        assert_eq!(check_plain("\0"), Err(TextProblem::ControlCharacter));
        assert_eq!(check_plain("a\nb"), Err(TextProblem::ControlCharacter));
        assert_eq!(check_plain("a\u{202E}b"), Err(TextProblem::HiddenCharacter));
    }

    #[test]
    fn problems_have_stable_codes_and_both_languages() {
        assert_eq!(
            serde_json::to_value(TextProblem::TooLong { max: 500 }).unwrap(),
            serde_json::json!({"problem": "too_long", "detail": {"max": 500}})
        );
        assert_eq!(
            serde_json::to_value(TextProblem::ControlCharacter).unwrap(),
            serde_json::json!({"problem": "control_character"})
        );
        assert_eq!(
            serde_json::to_value(TextProblem::HiddenCharacter).unwrap(),
            serde_json::json!({"problem": "hidden_character"})
        );
        let t = TextProblem::TooLong { max: 50 }.text();
        assert!(t.zh.contains("50") && t.en.contains("50"));
        let refusal = TextProblem::ControlCharacter.at("real_name");
        assert_eq!(refusal.field, "real_name");
        assert!(!refusal.text.zh.is_empty() && !refusal.text.en.is_empty());
    }
}
