//! Look-alike names (仿冒账号): a name applied for that a reader could take
//! for a verified account's (or a live application's) goes to an editor of
//! the level above, who sees the pair and how they are alike.
//!
//! - [`name_key`] reduces a name to what a reader tells apart: Unicode
//!   compatibility forms folded (NFKC: full-width letters and digits),
//!   lowercase, spaces, punctuation and middle dots removed, traditional
//!   characters likely in names folded to the simplified ones (廣 → 广),
//!   and the Latin look-alikes 0/O/〇 and 1/l/I folded together. Two live
//!   accounts never share a key (`weibo_account.name_key` is unique among
//!   them): a name with another's key is refused as taken.
//! - [`likeness`] says how a new name is like an existing one:
//!   [`Likeness::Same`] (equal keys), [`Likeness::Homoglyph`] (the keys
//!   differ only in characters that look alike: 州/卅, 己/已/巳, 未/末, 土/士,
//!   日/曰 — kept apart in the key, since 未 and 末 are different words),
//!   [`Likeness::Pinyin`] (read the same without tones: 广州民正, 广洲民政)
//!   and [`Likeness::OneCharacter`] (one character added, removed or
//!   changed, on keys of 3 characters or more: 广州民政局). The first that
//!   holds, in that order: the likeness a reader would fall for first.
//! - [`likeness_in`] adds the naming norms' region: two names each
//!   beginning with its own unit's different region (广州发布, 广东发布) are
//!   different accounts, however close their letters.
//!
//! Pure. The folding tables are plain; the key and the comparison need
//! Unicode normalisation and pinyin, server-side only (`ssr`), so the
//! browser's WASM carries neither table.

use serde::{Deserialize, Serialize};

/// How a new name is like an existing account's.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboLikeness))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Likeness {
    /// The same once spaces, punctuation, case, full-width forms and
    /// traditional characters are set aside (广州 民政, 廣州民政).
    Same,
    /// Characters that look alike in the same places (广卅民政).
    Homoglyph,
    /// One character added, removed or changed (广州民政局).
    OneCharacter,
    /// Read the same, tones aside (广州民正, 广洲民政).
    Pinyin,
}

impl Likeness {
    pub const ALL: [Likeness; 4] = [
        Likeness::Same,
        Likeness::Homoglyph,
        Likeness::OneCharacter,
        Likeness::Pinyin,
    ];

    /// The code stored in `weibo_account.lookalike_how`.
    pub fn code(self) -> &'static str {
        match self {
            Likeness::Same => "same",
            Likeness::Homoglyph => "homoglyph",
            Likeness::OneCharacter => "one_character",
            Likeness::Pinyin => "pinyin",
        }
    }

    pub fn parse(code: &str) -> Option<Likeness> {
        Likeness::ALL.into_iter().find(|l| l.code() == code)
    }

    pub fn msg(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            Likeness::Same => Msg::WbAccLikeSame,
            Likeness::Homoglyph => Msg::WbAccLikeHomoglyph,
            Likeness::OneCharacter => Msg::WbAccLikeOneCharacter,
            Likeness::Pinyin => Msg::WbAccLikePinyin,
        }
    }
}

/// Traditional characters likely in names of Guangdong's regions and units,
/// with their simplified forms (folded in the key).
const TRADITIONAL: &[(char, char)] = &[
    ('廣', '广'),
    ('東', '东'),
    ('門', '门'),
    ('區', '区'),
    ('縣', '县'),
    ('發', '发'),
    ('佈', '布'),
    ('務', '务'),
    ('衛', '卫'),
    ('關', '关'),
    ('稅', '税'),
    ('財', '财'),
    ('農', '农'),
    ('華', '华'),
    ('龍', '龙'),
    ('灣', '湾'),
    ('陽', '阳'),
    ('豐', '丰'),
    ('開', '开'),
    ('興', '兴'),
    ('寧', '宁'),
    ('應', '应'),
    ('環', '环'),
    ('氣', '气'),
    ('醫', '医'),
    ('療', '疗'),
    ('險', '险'),
    ('資', '资'),
    ('勞', '劳'),
    ('動', '动'),
    ('會', '会'),
    ('業', '业'),
    ('導', '导'),
    ('團', '团'),
    ('黨', '党'),
    ('國', '国'),
    ('際', '际'),
    ('鄉', '乡'),
    ('鎮', '镇'),
    ('頭', '头'),
    ('觀', '观'),
    ('書', '书'),
    ('館', '馆'),
    ('圖', '图'),
    ('運', '运'),
    ('輸', '输'),
    ('電', '电'),
    ('視', '视'),
    ('臺', '台'),
    ('檢', '检'),
    ('驗', '验'),
    ('質', '质'),
    ('監', '监'),
    ('規', '规'),
    ('劃', '划'),
    ('計', '计'),
    ('統', '统'),
    ('體', '体'),
    ('學', '学'),
    ('園', '园'),
    ('機', '机'),
    ('場', '场'),
    ('廳', '厅'),
    ('處', '处'),
    ('辦', '办'),
    ('網', '网'),
    ('慶', '庆'),
    ('雲', '云'),
    ('濱', '滨'),
    ('順', '顺'),
    ('禪', '禅'),
    ('從', '从'),
    ('黃', '黄'),
    ('羅', '罗'),
    ('鹽', '盐'),
    ('寶', '宝'),
    ('崗', '岗'),
    ('紅', '红'),
    ('軍', '军'),
    ('總', '总'),
    ('隊', '队'),
    ('報', '报'),
    ('聞', '闻'),
    ('訊', '讯'),
    ('聲', '声'),
    ('優', '优'),
    ('熱', '热'),
    ('線', '线'),
    ('經', '经'),
    ('濟', '济'),
    ('貿', '贸'),
    ('藥', '药'),
    ('護', '护'),
    ('災', '灾'),
    ('車', '车'),
    ('漁', '渔'),
    ('綠', '绿'),
    ('頻', '频'),
    ('聯', '联'),
    ('協', '协'),
    ('論', '论'),
    ('議', '议'),
    ('講', '讲'),
    ('審', '审'),
    ('證', '证'),
    ('認', '认'),
    ('齡', '龄'),
    ('兒', '儿'),
    ('婦', '妇'),
    ('殘', '残'),
    ('職', '职'),
    ('僑', '侨'),
    ('聖', '圣'),
    ('灘', '滩'),
    ('濕', '湿'),
    ('號', '号'),
    ('鐵', '铁'),
    ('飛', '飞'),
];

/// Latin letters and digits a reader takes for one another (after
/// lowercasing): folded in the key.
const LATIN: &[(char, char)] = &[('0', 'o'), ('〇', 'o'), ('1', 'l'), ('i', 'l'), ('|', 'l')];

/// Chinese characters that look alike but are different words: not folded
/// in the key, compared place by place ([`Likeness::Homoglyph`]).
const CONFUSABLE: &[&[char]] = &[
    &['州', '卅', '川'],
    &['己', '已', '巳'],
    &['未', '末'],
    &['土', '士'],
    &['日', '曰'],
    &['人', '入', '八'],
    &['天', '夭'],
    &['干', '千', '于'],
    &['戊', '戌', '戍'],
    &['鸟', '乌'],
    &['王', '玉'],
    &['大', '犬', '太'],
    &['白', '自'],
    &['厂', '广'],
    &['东', '车'],
];

/// The simplified or Latin form a character folds to in the key.
fn fold(c: char) -> char {
    TRADITIONAL
        .iter()
        .chain(LATIN)
        .find(|(from, _)| *from == c)
        .map_or(c, |(_, to)| *to)
}

/// The class of look-alike characters `c` is in, if any.
fn confusable_class(c: char) -> Option<usize> {
    CONFUSABLE.iter().position(|class| class.contains(&c))
}

/// A region's short name as the naming norms compare it: traditional
/// characters and look-alikes folded (廣州 and 广卅 both read 广州 there; the
/// look-alike check then flags them).
pub fn fold_for_region(short: &str) -> String {
    short
        .chars()
        .map(fold)
        .map(|c| confusable_class(c).map_or(c, |k| CONFUSABLE[k][0]))
        .collect()
}

/// Two characters that look alike without being the same.
#[cfg(feature = "ssr")]
fn look_alike(a: char, b: char) -> bool {
    a != b && confusable_class(a).is_some() && confusable_class(a) == confusable_class(b)
}

/// Edits (insert, delete, change) from `a` to `b`, in characters.
#[cfg(feature = "ssr")]
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let change = prev[j] + usize::from(ca != cb);
            cur[j + 1] = change.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(feature = "ssr")]
pub use keyed::{likeness, likeness_in, name_key, pinyin_of};

#[cfg(feature = "ssr")]
mod keyed {
    use super::{fold, levenshtein, look_alike, Likeness};
    use unicode_normalization::UnicodeNormalization;

    /// The name reduced to what a reader tells apart (see the module):
    /// stored in `weibo_account.name_key`, unique among live accounts.
    pub fn name_key(name: &str) -> String {
        name.nfkc()
            .flat_map(char::to_lowercase)
            .filter(|c| c.is_alphanumeric())
            .map(fold)
            .collect()
    }

    /// The key read aloud without tones (广州民政 → guangzhouminzheng);
    /// characters without a reading stay as they are.
    pub fn pinyin_of(key: &str) -> String {
        use pinyin::ToPinyin;
        key.chars()
            .map(|c| match c.to_pinyin() {
                Some(p) => p.plain().to_string(),
                None => c.to_string(),
            })
            .collect()
    }

    /// How the name `new` is like `existing`'s, if a reader could take one
    /// for the other.
    pub fn likeness(new: &str, existing: &str) -> Option<Likeness> {
        let (a, b) = (name_key(new), name_key(existing));
        if a.is_empty() || b.is_empty() {
            return None;
        }
        if a == b {
            return Some(Likeness::Same);
        }
        let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        if ca.len() == cb.len()
            && ca
                .iter()
                .zip(&cb)
                .all(|(x, y)| x == y || look_alike(*x, *y))
        {
            return Some(Likeness::Homoglyph);
        }
        if pinyin_of(&a) == pinyin_of(&b) {
            return Some(Likeness::Pinyin);
        }
        if ca.len().min(cb.len()) >= 3 && levenshtein(&ca, &cb) <= 1 {
            return Some(Likeness::OneCharacter);
        }
        None
    }

    /// [`likeness`] of two accounts' names with their regions' short names:
    /// names beginning each with its own, different region (广州发布 of
    /// 广州市, 广东发布 of 广东省) belong to different accounts however close
    /// their letters; the naming norms see to it that a unit's name begins
    /// with its own region.
    pub fn likeness_in(
        new: &str,
        new_region: &str,
        existing: &str,
        existing_region: &str,
    ) -> Option<Likeness> {
        let own = |name: &str, region: &str| !region.is_empty() && name.trim().starts_with(region);
        if new_region != existing_region && own(new, new_region) && own(existing, existing_region) {
            return None;
        }
        likeness(new, existing)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_key_sets_aside_spaces_punctuation_case_width_and_traditional_forms() {
        assert_eq!(name_key("广州民政"), "广州民政");
        assert_eq!(name_key("广州 民政"), "广州民政");
        assert_eq!(name_key("广州·民政！"), "广州民政");
        assert_eq!(name_key("廣州民政"), "广州民政");
        assert_eq!(name_key("廣東發佈"), "广东发布");
        assert_eq!(name_key("广州ＴＶ"), "广州tv");
        assert_eq!(name_key("广州12345"), name_key("广州l2345"));
        assert_eq!(name_key("GZ0"), name_key("gzO"));
        assert_eq!(name_key("广州〇号"), name_key("广州O号"));
        // Look-alike Chinese characters stay apart: 未 and 末 are words.
        assert_ne!(name_key("广卅民政"), name_key("广州民政"));
        assert!(name_key("广州民政").chars().count() <= 20);
    }

    #[test]
    fn the_pinyin_is_toneless() {
        assert_eq!(pinyin_of("广州民政"), "guangzhouminzheng");
        assert_eq!(pinyin_of("广州民正"), "guangzhouminzheng");
        assert_eq!(pinyin_of("gz1"), "gz1");
    }

    #[test]
    fn levenshtein_counts_single_edits() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(levenshtein(&c("广州民政"), &c("广州民政局")), 1);
        assert_eq!(levenshtein(&c("广州民政"), &c("广民政")), 1);
        assert_eq!(levenshtein(&c("广州民政"), &c("深圳民政")), 2);
        assert_eq!(levenshtein(&c(""), &c("ab")), 2);
    }

    /// Verified real-style names.
    const VERIFIED: &[&str] = &[
        "广州民政",
        "广州公安",
        "广东发布",
        "深圳卫健",
        "珠海发布",
        "佛山人社",
        "广州人社",
        "广州发布",
    ];

    #[test]
    fn confusable_variants_are_caught_and_say_how() {
        for (new, like, how) in [
            // Refused as taken: the key is the same.
            ("廣州民政", "广州民政", Likeness::Same),
            ("广州 民政", "广州民政", Likeness::Same),
            ("广州·公安", "广州公安", Likeness::Same),
            ("廣東發佈", "广东发布", Likeness::Same),
            // Flagged: a look-alike character in place of another.
            ("广卅民政", "广州民政", Likeness::Homoglyph),
            ("广川公安", "广州公安", Likeness::Homoglyph),
            ("厂东发布", "广东发布", Likeness::Homoglyph),
            // Flagged: read the same (and one character apart).
            ("广州民正", "广州民政", Likeness::Pinyin),
            ("广洲民政", "广州民政", Likeness::Pinyin),
            ("深圳卫建", "深圳卫健", Likeness::Pinyin),
            ("珠海发部", "珠海发布", Likeness::Pinyin),
            // Flagged: one character more, fewer or changed. 广州民政局 is
            // the bureau's own full name, and exactly what a fake account
            // of the bureau would take: the verifier decides.
            ("广州民政局", "广州民政", Likeness::OneCharacter),
            ("佛山人社局", "佛山人社", Likeness::OneCharacter),
            ("广州公安厅", "广州公安", Likeness::OneCharacter),
            ("广州人防", "广州人社", Likeness::OneCharacter),
        ] {
            assert_eq!(likeness(new, like), Some(how), "{new} vs {like}");
        }
    }

    #[test]
    fn different_accounts_are_not_flagged() {
        for (new, other) in [
            ("深圳民政", "广州民政"),
            ("广州交警", "广州公安"),
            ("广州卫健", "广州民政"),
            ("珠海海关", "珠海发布"),
            ("佛山发布", "珠海发布"),
            ("广州民政服务", "广州民政"),
            ("越秀发布", "广东发布"),
        ] {
            assert_eq!(likeness(new, other), None, "{new} vs {other}");
        }
        // A key of two characters is too short for one changed to mean much.
        assert_eq!(likeness("民政", "民宗"), None);
    }

    #[test]
    fn each_name_in_its_own_region_is_a_different_account() {
        // 广州 and 广东 are one character apart: as bare names they are
        // alike, as names of units of two regions they are not.
        assert_eq!(
            likeness("广州发布", "广东发布"),
            Some(Likeness::OneCharacter)
        );
        assert_eq!(likeness_in("广州发布", "广州", "广东发布", "广东"), None);
        assert_eq!(likeness_in("广东人社", "广东", "广州人社", "广州"), None);
        // Within one region the likeness stands.
        assert_eq!(
            likeness_in("广州人防", "广州", "广州人社", "广州"),
            Some(Likeness::OneCharacter)
        );
        // A look-alike of the region is not the unit's own region.
        assert_eq!(
            likeness_in("广卅民政", "广州", "广州民政", "广州"),
            Some(Likeness::Homoglyph)
        );
    }

    #[test]
    fn the_corpus_of_verified_names_is_mutually_distinct() {
        for (i, a) in VERIFIED.iter().enumerate() {
            for b in &VERIFIED[i + 1..] {
                let region = |n: &str| n.chars().take(2).collect::<String>();
                assert_eq!(
                    likeness_in(a, &region(a), b, &region(b)),
                    None,
                    "{a} vs {b}"
                );
            }
        }
    }

    #[test]
    fn codes_read_back() {
        for l in Likeness::ALL {
            assert_eq!(Likeness::parse(l.code()), Some(l));
            assert!(l.code().len() <= 40);
        }
    }
}
