//! The naming norms of government microblog accounts (账号命名规范),
//! checked when an account is applied for, with the rule shown on the form.
//!
//! An institution's account is named region + unit + function — 广东发布,
//! 广州民政, 广州公安, 越秀发布, 深圳卫健: 2–20 characters of Chinese
//! characters, Latin letters and digits (a middle dot `·` may join words),
//! beginning with the short name of the unit's region (广东, 广州, 越秀: the
//! region's name without 省/市/区/县/自治县), with no personal-nickname
//! markers (小X, X哥, X姐, 君, 酱, 宝宝, laughter such as 哈哈) and nothing
//! that imitates the mark of verification (官方, 认证, a trailing V). An
//! official's account is named by the holder's capacity (广州市民政局局长):
//! it names the unit in full and then the post.
//!
//! Pure: the same checks run wherever a name is typed.

use crate::i18n::{Bilingual, Lang, Msg};
use serde::{Deserialize, Serialize};

/// The fewest characters of a name.
pub const NAME_MIN: usize = 2;
/// The most characters of a name (the schema's bound too).
pub const NAME_MAX: usize = 20;

/// The middle dot allowed between words (U+00B7).
pub const MIDDLE_DOT: char = '·';

/// Endings of a region's name that its short name leaves out, longest first.
const REGION_SUFFIXES: [&str; 5] = ["自治县", "省", "市", "区", "县"];

/// Words of a person's nickname: an institution is not a person.
const NICKNAME_WORDS: [&str; 20] = [
    "小编",
    "小助手",
    "小秘书",
    "小管家",
    "小可爱",
    "宝宝",
    "哥",
    "姐",
    "妹",
    "叔",
    "君",
    "酱",
    "喵",
    "萌",
    "侠",
    "哒",
    "呀",
    "啦",
    "哦",
    "嘛",
];

/// Characters that, doubled, are laughter or baby talk (哈哈, 嘻嘻, 萌萌).
const DOUBLED_NICKNAME: [char; 12] = [
    '哈', '嘻', '呵', '嘿', '啦', '哒', '萌', '乐', '宝', '喵', '咪', '亲',
];

/// Words that imitate the mark of verification, which only the hall gives.
const MARK_WORDS: [&str; 4] = ["政务认证", "认证", "官方", "加v"];

/// Why a name does not follow the norms; stable snake_case codes in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum NameProblem {
    /// Fewer than 2 or more than 20 characters.
    #[error("2 to 20 characters")]
    Length,
    /// A space, punctuation, an emoji or another character not allowed.
    #[error("Chinese characters, Latin letters and digits only")]
    Characters { found: String },
    /// An institution's name does not begin with its region's short name.
    #[error("begins with the region's short name {region}")]
    Region { region: String },
    /// A personal nickname's word or laughter in an institution's name.
    #[error("a nickname's word: {found}")]
    Nickname { found: String },
    /// A word imitating the mark of verification.
    #[error("imitates the mark: {found}")]
    Mark { found: String },
    /// An official's account does not name the unit (then the post).
    #[error("names the unit {unit} and then the post")]
    Unit { unit: String },
}

impl NameProblem {
    pub fn msg(&self) -> Msg {
        match self {
            NameProblem::Length => Msg::WbAccProbLength,
            NameProblem::Characters { .. } => Msg::WbAccProbCharacters,
            NameProblem::Region { .. } => Msg::WbAccProbRegion,
            NameProblem::Nickname { .. } => Msg::WbAccProbNickname,
            NameProblem::Mark { .. } => Msg::WbAccProbMark,
            NameProblem::Unit { .. } => Msg::WbAccProbUnit,
        }
    }

    /// The problem's sentence in `lang`, with what was found.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            NameProblem::Length => lang.fill(
                Msg::WbAccProbLength,
                &[("min", &NAME_MIN), ("max", &NAME_MAX)],
            ),
            NameProblem::Characters { found } => {
                lang.fill(Msg::WbAccProbCharacters, &[("found", found)])
            }
            NameProblem::Region { region } => {
                lang.fill(Msg::WbAccProbRegion, &[("region", region)])
            }
            NameProblem::Nickname { found } => {
                lang.fill(Msg::WbAccProbNickname, &[("found", found)])
            }
            NameProblem::Mark { found } => lang.fill(Msg::WbAccProbMark, &[("found", found)]),
            NameProblem::Unit { unit } => lang.fill(Msg::WbAccProbUnit, &[("unit", unit)]),
        }
    }

    pub fn text(&self) -> Bilingual {
        Bilingual::each(|lang| self.message(lang))
    }
}

/// The rule as the form shows it, for an institution's or an official's
/// account.
pub fn rule(official: bool) -> Msg {
    if official {
        Msg::WbAccRuleOfficial
    } else {
        Msg::WbAccRuleInstitution
    }
}

/// A region's short name: its name without 省/市/区/县/自治县
/// (广东省 → 广东, 广州市 → 广州, 越秀区 → 越秀, 南澳县 → 南澳).
pub fn region_short(region_name: &str) -> &str {
    let name = region_name.trim();
    for suffix in REGION_SUFFIXES {
        if let Some(short) = name.strip_suffix(suffix) {
            if short.chars().count() >= 2 {
                return short;
            }
        }
    }
    name
}

/// A character a name may hold: a Chinese character (the unified
/// ideographs and extension A), a Latin letter, a digit, the middle dot.
pub fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == MIDDLE_DOT
        || ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// The problems of shape every account's name may have: length,
/// characters, a word imitating the mark.
fn shape(name: &str) -> Vec<NameProblem> {
    let mut problems = Vec::new();
    let n = name.chars().count();
    if !(NAME_MIN..=NAME_MAX).contains(&n) {
        problems.push(NameProblem::Length);
    }
    let bad: String = name
        .chars()
        .filter(|c| !allowed(*c))
        .fold(String::new(), |mut s, c| {
            if !s.contains(c) && s.chars().count() < 5 {
                s.push(c);
            }
            s
        });
    if !bad.is_empty() {
        problems.push(NameProblem::Characters { found: bad });
    }
    if name.starts_with(MIDDLE_DOT) || name.ends_with(MIDDLE_DOT) || name.contains("··") {
        problems.push(NameProblem::Characters {
            found: MIDDLE_DOT.to_string(),
        });
    }
    let lower = name.to_lowercase();
    if let Some(found) = MARK_WORDS.iter().find(|w| lower.contains(*w)) {
        problems.push(NameProblem::Mark {
            found: found.to_string(),
        });
    } else {
        // A V standing alone at the end (广州民政V), not a word's last letter.
        let mut rev = name.chars().rev();
        if matches!(rev.next(), Some('V' | 'v'))
            && !rev.next().is_some_and(|c| c.is_ascii_alphabetic())
        {
            problems.push(NameProblem::Mark { found: "V".into() });
        }
    }
    problems
}

/// The nickname's word or laughter in `rest` (the name after its region).
fn nickname(rest: &str) -> Option<String> {
    if rest.starts_with('小') && rest.chars().count() >= 2 {
        return Some(rest.chars().take(2).collect());
    }
    if let Some(w) = NICKNAME_WORDS.iter().find(|w| rest.contains(*w)) {
        return Some(w.to_string());
    }
    let chars: Vec<char> = rest.chars().collect();
    for w in chars.windows(2) {
        if w[0] == w[1] && DOUBLED_NICKNAME.contains(&w[0]) {
            return Some(w.iter().collect());
        }
    }
    for w in chars.windows(3) {
        if w[0] == w[1] && w[1] == w[2] {
            return Some(w.iter().collect());
        }
    }
    None
}

/// Does `name` begin with `short`, allowing the traditional form or a
/// look-alike of it (廣州, 广卅)? Such a name is then the look-alike check's
/// to flag ([`super::lookalike`]), which shows the verifier the pair.
fn begins_with_region(name: &str, short: &str) -> Option<usize> {
    let n = short.chars().count();
    let head: String = name.chars().take(n).collect();
    (head == short
        || super::lookalike::fold_for_region(&head) == super::lookalike::fold_for_region(short))
    .then_some(n)
}

/// Checks an institution's account name (`region_name`: its unit's region,
/// 广州市). Every problem found, none when it follows the norms.
pub fn check_institution(name: &str, region_name: &str) -> Vec<NameProblem> {
    let name = name.trim();
    let mut problems = shape(name);
    let short = region_short(region_name);
    let rest: String = match begins_with_region(name, short) {
        Some(n) => name.chars().skip(n).collect(),
        None => {
            problems.push(NameProblem::Region {
                region: short.to_string(),
            });
            name.to_string()
        }
    };
    if let Some(found) = nickname(&rest) {
        problems.push(NameProblem::Nickname { found });
    }
    problems
}

/// Checks an official's account name, the holder's capacity
/// (广州市民政局局长): it names the unit (`unit_name`, 广州市民政局) and
/// then the post. Every problem found.
pub fn check_official(name: &str, unit_name: &str) -> Vec<NameProblem> {
    let name = name.trim();
    let mut problems = shape(name);
    let unit = unit_name.trim();
    let names_unit = name
        .find(unit)
        .is_some_and(|at| name[at + unit.len()..].chars().count() >= 2);
    if !names_unit {
        problems.push(NameProblem::Unit {
            unit: unit.to_string(),
        });
    }
    if let Some(found) = nickname(name.strip_prefix(unit).unwrap_or(name)) {
        problems.push(NameProblem::Nickname { found });
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_short_names_leave_out_the_level() {
        assert_eq!(region_short("广东省"), "广东");
        assert_eq!(region_short("广州市"), "广州");
        assert_eq!(region_short("越秀区"), "越秀");
        assert_eq!(region_short("南澳县"), "南澳");
        assert_eq!(region_short("连南瑶族自治县"), "连南瑶族");
        assert_eq!(region_short(" 深圳市 "), "深圳");
    }

    /// Real-style names of institutions, with their region.
    const GOOD: &[(&str, &str)] = &[
        ("广东发布", "广东省"),
        ("广州民政", "广州市"),
        ("广州公安", "广州市"),
        ("越秀发布", "越秀区"),
        ("深圳卫健", "深圳市"),
        ("珠海发布", "珠海市"),
        ("佛山人社", "佛山市"),
        ("珠海海关", "珠海市"),
        ("广东中小企业", "广东省"),
        ("广州12345", "广州市"),
        ("广州市民政局", "广州市"),
        ("东莞·发布", "东莞市"),
        ("广州交警", "广州市"),
        ("南澳发布", "南澳县"),
    ];

    #[test]
    fn real_style_institution_names_follow_the_norms() {
        for (name, region) in GOOD {
            assert_eq!(check_institution(name, region), vec![], "{name}");
        }
    }

    fn problems(name: &str, region: &str) -> Vec<NameProblem> {
        check_institution(name, region)
    }

    #[test]
    fn institution_names_against_the_norms_are_refused_with_why() {
        assert!(problems("广", "广州市").contains(&NameProblem::Length));
        assert!(
            problems("广州民政广州民政广州民政广州民政广州民政1", "广州市")
                .contains(&NameProblem::Length)
        );
        for (name, found) in [
            ("广州 民政", " "),
            ("广州民政！", "！"),
            ("广州民政😀", "😀"),
            ("广州-民政", "-"),
        ] {
            assert!(
                problems(name, "广州市").contains(&NameProblem::Characters {
                    found: found.into()
                }),
                "{name}: {:?}",
                problems(name, "广州市")
            );
        }
        assert!(matches!(
            problems("·广州民政", "广州市")[..],
            [NameProblem::Characters { .. }, ..]
        ));
        assert_eq!(
            problems("民政广州", "广州市"),
            vec![NameProblem::Region {
                region: "广州".into()
            }]
        );
        // A city's unit does not name itself after the province.
        assert_eq!(
            problems("广东民政", "广州市"),
            vec![NameProblem::Region {
                region: "广州".into()
            }]
        );
        for (name, found) in [
            ("广州小民", "小民"),
            ("广州民政哥", "哥"),
            ("广州公安姐", "姐"),
            ("广州民政君", "君"),
            ("广州民政酱", "酱"),
            ("广州民政宝宝", "宝宝"),
            ("广州哈哈民政", "哈哈"),
            ("广州民政小编", "小编"),
            ("广州发发发", "发发发"),
        ] {
            assert!(
                problems(name, "广州市").contains(&NameProblem::Nickname {
                    found: found.into()
                }),
                "{name}: {:?}",
                problems(name, "广州市")
            );
        }
        for (name, found) in [
            ("广州民政官方", "官方"),
            ("广州民政认证", "认证"),
            ("广州政务认证", "政务认证"),
            ("广州民政V", "V"),
            ("广州民政v", "V"),
            ("广州民政加V", "加v"),
        ] {
            assert!(
                problems(name, "广州市").contains(&NameProblem::Mark {
                    found: found.into()
                }),
                "{name}: {:?}",
                problems(name, "广州市")
            );
        }
        // A word ending in V is a word (广州TV is not the mark).
        assert_eq!(problems("广州TV", "广州市"), vec![]);
    }

    #[test]
    fn a_look_alike_region_passes_here_and_is_flagged_as_a_look_alike() {
        // The traditional form and a look-alike of the region begin the
        // name as far as the norms go; lookalike.rs flags them.
        assert_eq!(problems("廣州民政", "广州市"), vec![]);
        assert_eq!(problems("广卅民政", "广州市"), vec![]);
        assert!(!problems("深圳民政", "广州市").is_empty());
    }

    #[test]
    fn an_official_names_the_unit_then_the_post() {
        assert_eq!(check_official("广州市民政局局长", "广州市民政局"), vec![]);
        assert_eq!(
            check_official("广东省人民政府新闻办公室主任", "广东省人民政府新闻办公室"),
            vec![]
        );
        assert_eq!(
            check_official("民政局长", "广州市民政局"),
            vec![NameProblem::Unit {
                unit: "广州市民政局".into()
            }]
        );
        assert_eq!(
            check_official("广州市民政局", "广州市民政局"),
            vec![NameProblem::Unit {
                unit: "广州市民政局".into()
            }]
        );
        assert!(
            check_official("广州市民政局局长哥", "广州市民政局").contains(&NameProblem::Nickname {
                found: "哥".into()
            })
        );
        assert!(check_official("广州市民政局局长V", "广州市民政局")
            .contains(&NameProblem::Mark { found: "V".into() }));
    }

    #[test]
    fn every_problem_has_a_sentence_in_both_languages() {
        for p in [
            NameProblem::Length,
            NameProblem::Characters { found: "!".into() },
            NameProblem::Region {
                region: "广州".into(),
            },
            NameProblem::Nickname {
                found: "哥".into()
            },
            NameProblem::Mark {
                found: "官方".into(),
            },
            NameProblem::Unit {
                unit: "广州市民政局".into(),
            },
        ] {
            for lang in [Lang::Zh, Lang::En] {
                let m = p.message(lang);
                assert!(!m.is_empty() && !m.contains('{'), "{m}");
            }
        }
        assert!(Lang::Zh.t(rule(false)).contains("广州民政"));
        assert!(Lang::Zh.t(rule(true)).contains("局长"));
    }
}
