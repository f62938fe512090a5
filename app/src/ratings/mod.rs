//! Ratings (好差评 / 星级评定): the applicant rates each evaluation point of
//! a case 1–5 stars with an optional comment; 3 stars is qualified (合格),
//! 4 good (良好), 5 excellent (优秀). A rating of 1–2 opens a rectification
//! for the department (`rectify`). Public boards rank departments and
//! cities fairly: a Bayesian average pulls small samples towards a neutral
//! prior, so two five-star ratings do not top two thousand averaging 4.8.

pub mod rectify;
pub mod unit;

#[cfg(feature = "ssr")]
pub mod store;

pub mod pages;
pub mod views;

use crate::i18n::{Bilingual, Lang, Msg};
use serde::{Deserialize, Serialize};

/// A number of stars, 1 to 5.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(value_type = i64, minimum = 1, maximum = 5))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Stars(u8);

impl Stars {
    pub const ALL: [Stars; 5] = [Stars(1), Stars(2), Stars(3), Stars(4), Stars(5)];

    pub fn new(n: i64) -> Result<Stars, RatingProblem> {
        match n {
            1..=5 => Ok(Stars(n as u8)),
            _ => Err(RatingProblem::InvalidStars),
        }
    }

    /// Parses a form value ("1" … "5").
    pub fn parse(text: &str) -> Result<Stars, RatingProblem> {
        text.trim()
            .parse::<i64>()
            .map_err(|_| RatingProblem::InvalidStars)
            .and_then(Stars::new)
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// 1–2 stars open a rectification.
    pub fn is_bad(self) -> bool {
        self.0 <= 2
    }

    /// 非常不满意 … 非常满意.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(match self.0 {
            1 => Msg::Stars1,
            2 => Msg::Stars2,
            3 => Msg::Stars3,
            4 => Msg::Stars4,
            _ => Msg::Stars5,
        })
    }
}

impl TryFrom<i64> for Stars {
    type Error = RatingProblem;
    fn try_from(n: i64) -> Result<Stars, RatingProblem> {
        Stars::new(n)
    }
}

impl From<Stars> for i64 {
    fn from(s: Stars) -> i64 {
        s.0 as i64
    }
}

/// The longest comment, note, outcome or reason.
pub const MAX_TEXT: usize = 500;

/// A comment, note, outcome or reason: lines of at most [`MAX_TEXT`].
pub const RATING_TEXT: crate::text::TextRule = crate::text::TextRule::lines(MAX_TEXT as u32);

/// An optional comment: trimmed, at most 500 characters, no control
/// characters but line breaks and tabs, no hidden ones (the shared
/// [`TextRule`](crate::text::TextRule)).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Comment(Option<String>);

impl Comment {
    pub fn parse(text: &str) -> Result<Comment, RatingProblem> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(Comment(None));
        }
        Text::parse(t).map(|t| Comment(Some(t.0)))
    }

    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

/// A required text (a call-back note, an outcome, a reason): 1–500
/// characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text(String);

impl Text {
    pub fn parse(text: &str) -> Result<Text, RatingProblem> {
        use crate::text::TextProblem as P;
        RATING_TEXT
            .parse(text)
            .map(|t| Text(t.into_string()))
            .map_err(|problem| match problem {
                P::Required | P::TooShort { .. } => RatingProblem::TextRequired,
                P::TooLong { .. } => RatingProblem::TextTooLong,
                P::ControlCharacter | P::LineBreak => RatingProblem::ControlCharacter,
                P::HiddenCharacter => RatingProblem::HiddenCharacter,
            })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a rating or a rectification step is refused; nothing changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum RatingProblem {
    #[error("stars must be 1 to 5")]
    InvalidStars,
    #[error("a text is required")]
    TextRequired,
    #[error("the text is too long")]
    TextTooLong,
    #[error("this step cannot be rated (yet)")]
    NotRatable,
    #[error("this step has been rated already")]
    AlreadyRated,
    #[error("the rectification is not waiting for this")]
    WrongState,
    #[error("this step is for someone else")]
    NotYourTurn,
    /// NUL or another control character in a text: refused, not filtered,
    /// so what is stored is what the person saw.
    #[error("the text holds a control character")]
    ControlCharacter,
    #[error("the text holds a hidden character")]
    HiddenCharacter,
}

impl RatingProblem {
    pub fn status(self) -> u16 {
        match self {
            RatingProblem::InvalidStars
            | RatingProblem::TextRequired
            | RatingProblem::TextTooLong
            | RatingProblem::ControlCharacter
            | RatingProblem::HiddenCharacter => 422,
            RatingProblem::NotYourTurn => 403,
            _ => 409,
        }
    }

    pub fn msg(self) -> Msg {
        match self {
            RatingProblem::InvalidStars => Msg::RateInvalidStars,
            RatingProblem::TextRequired => Msg::RateTextRequired,
            RatingProblem::TextTooLong => Msg::RateTextTooLong,
            RatingProblem::NotRatable => Msg::RateNotRatable,
            RatingProblem::AlreadyRated => Msg::RateAlreadyRated,
            RatingProblem::WrongState => Msg::RectWrongState,
            RatingProblem::NotYourTurn => Msg::RectNotYourTurn,
            RatingProblem::ControlCharacter => Msg::TextControlCharacter,
            RatingProblem::HiddenCharacter => Msg::TextHiddenCharacter,
        }
    }
}

impl From<RatingProblem> for crate::error::AppError {
    fn from(problem: RatingProblem) -> Self {
        crate::error::AppError::Refused(crate::error::Refusal::new(
            "rating_refused",
            problem.status(),
            &problem,
            Bilingual::of(problem.msg()),
        ))
    }
}

/// A qualification level (三星合格、四星良好、五星优秀).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = RatingLevel))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    NotQualified,
    Qualified,
    Good,
    Excellent,
}

impl Level {
    /// The level of an average of stars: the nearest whole star (x.5 up),
    /// 3 qualified, 4 good, 5 excellent, below 3 not qualified.
    pub fn of_average(avg: f64) -> Level {
        if avg >= 4.5 {
            Level::Excellent
        } else if avg >= 3.5 {
            Level::Good
        } else if avg >= 2.5 {
            Level::Qualified
        } else {
            Level::NotQualified
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(match self {
            Level::NotQualified => Msg::LevelNotQualified,
            Level::Qualified => Msg::LevelQualified,
            Level::Good => Msg::LevelGood,
            Level::Excellent => Msg::LevelExcellent,
        })
    }
}

/// The neutral prior of the fair ranking: every board starts with this many
/// imaginary ratings …
pub const PRIOR_WEIGHT: f64 = 20.0;
/// … of this many stars (qualified).
pub const PRIOR_STARS: f64 = 3.0;

/// How many ratings of each star a department or city has.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tally {
    /// `counts[0]` one-star ratings … `counts[4]` five-star ratings.
    pub counts: [u64; 5],
}

impl Tally {
    pub fn add(&mut self, stars: Stars, n: u64) {
        self.counts[(stars.get() - 1) as usize] += n;
    }

    pub fn count(&self) -> u64 {
        self.counts.iter().sum()
    }

    pub fn sum(&self) -> u64 {
        self.counts
            .iter()
            .enumerate()
            .map(|(i, n)| (i as u64 + 1) * n)
            .sum()
    }

    /// The plain average, none without ratings.
    pub fn average(&self) -> Option<f64> {
        let n = self.count();
        (n > 0).then(|| self.sum() as f64 / n as f64)
    }

    /// The ranking score: (20 × 3 + Σ stars) / (20 + n) — the average
    /// pulled towards three stars, strongly for a few ratings and hardly at
    /// all for thousands.
    pub fn score(&self) -> f64 {
        (PRIOR_WEIGHT * PRIOR_STARS + self.sum() as f64) / (PRIOR_WEIGHT + self.count() as f64)
    }

    /// The level of the ranking score (issue 17: one measure for level and
    /// rank, so a better-ranked line never shows a lower level); none
    /// without ratings.
    pub fn level(&self) -> Option<Level> {
        (self.count() > 0).then(|| Level::of_average(self.score()))
    }
}

/// One line of a public board.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardLine {
    /// 1 for the best score; lines without ratings are not ranked.
    pub rank: Option<u32>,
    /// A department id or a region code.
    pub id: i64,
    pub name: Bilingual,
    /// The region a department belongs to (for departments).
    pub region: Option<Bilingual>,
    pub count: u64,
    pub average: Option<f64>,
    pub score: f64,
    pub level: Option<Level>,
    /// Ratings of 1 … 5 stars.
    pub distribution: [u64; 5],
}

/// Ranks lines by their score (best first; ties by more ratings, then by
/// name), lines without ratings last and unranked.
pub fn rank(mut lines: Vec<BoardLine>) -> Vec<BoardLine> {
    lines.sort_by(|a, b| {
        (b.count > 0)
            .cmp(&(a.count > 0))
            .then(b.score.total_cmp(&a.score))
            .then(b.count.cmp(&a.count))
            .then(a.name.zh.cmp(&b.name.zh))
    });
    let mut next = 1;
    for l in lines.iter_mut() {
        if l.count > 0 {
            l.rank = Some(next);
            next += 1;
        } else {
            l.rank = None;
        }
    }
    lines
}

/// A line for a board from its tally.
pub fn line(id: i64, name: Bilingual, tally: Tally) -> BoardLine {
    BoardLine {
        rank: None,
        id,
        name,
        region: None,
        count: tally.count(),
        average: tally.average().map(|a| (a * 100.0).round() / 100.0),
        score: (tally.score() * 1000.0).round() / 1000.0,
        level: tally.level(),
        distribution: tally.counts,
    }
}

/// A rating as its applicant and the department see it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingView {
    pub id: i64,
    pub task_id: i64,
    pub stars: Stars,
    pub comment: Option<String>,
    pub rated_on: String,
    pub excluded: bool,
    pub rectification: Option<i64>,
    /// A point the applicant met, rated besides its department (issue 17);
    /// otherwise the department's rating of the case.
    #[serde(default)]
    pub point: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(counts: [u64; 5]) -> Tally {
        Tally { counts }
    }

    /// 2,000 ratings averaging 4.8: 1,600 fives and 400 fours.
    fn big() -> Tally {
        tally([0, 0, 0, 400, 1600])
    }

    #[test]
    fn stars_are_one_to_five() {
        assert_eq!(Stars::parse("3").map(Stars::get), Ok(3));
        for bad in ["0", "6", "", "x", "-1", "3.5"] {
            assert_eq!(Stars::parse(bad), Err(RatingProblem::InvalidStars), "{bad}");
        }
        assert!(Stars::new(2).unwrap().is_bad());
        assert!(!Stars::new(3).unwrap().is_bad());
        let s: Result<Stars, _> = serde_json::from_str("7");
        assert!(s.is_err());
        assert_eq!(serde_json::to_string(&Stars(4)).unwrap(), "4");
    }

    #[test]
    fn comments_and_texts() {
        assert_eq!(Comment::parse("   ").unwrap().as_deref(), None);
        assert_eq!(Comment::parse(" 很好 ").unwrap().as_deref(), Some("很好"));
        assert_eq!(
            Comment::parse(&"字".repeat(501)),
            Err(RatingProblem::TextTooLong)
        );
        assert_eq!(Text::parse(" "), Err(RatingProblem::TextRequired));
        // Control and hidden characters are refused, not silently dropped.
        assert_eq!(
            Text::parse("a\u{7}b\nc"),
            Err(RatingProblem::ControlCharacter)
        );
        assert_eq!(
            Comment::parse("好\0评"),
            Err(RatingProblem::ControlCharacter)
        );
        assert_eq!(
            Comment::parse("差\u{202E}评"),
            Err(RatingProblem::HiddenCharacter)
        );
        assert_eq!(
            Text::parse("第一\r\n第二\t三").unwrap().as_str(),
            "第一\n第二\t三"
        );
    }

    #[test]
    fn levels_round_to_the_nearest_star() {
        assert_eq!(Level::of_average(5.0), Level::Excellent);
        assert_eq!(Level::of_average(4.5), Level::Excellent);
        assert_eq!(Level::of_average(4.49), Level::Good);
        assert_eq!(Level::of_average(3.5), Level::Good);
        assert_eq!(Level::of_average(3.0), Level::Qualified);
        assert_eq!(Level::of_average(2.5), Level::Qualified);
        assert_eq!(Level::of_average(2.49), Level::NotQualified);
        assert_eq!(tally([0; 5]).level(), None);
    }

    #[test]
    fn tallies_count_sum_and_average() {
        let t = big();
        assert_eq!(t.count(), 2000);
        assert_eq!(t.sum(), 9600);
        assert_eq!(t.average(), Some(4.8));
        assert_eq!(tally([0; 5]).average(), None);
        assert_eq!(tally([0; 5]).score(), PRIOR_STARS);
        // (20 × 3 + 9600) / 2020
        assert!((t.score() - 9660.0 / 2020.0).abs() < 1e-12);
    }

    #[test]
    fn two_five_star_ratings_do_not_top_two_thousand_averaging_4_8() {
        let small = line(1, Bilingual::new("小", "Small"), tally([0, 0, 0, 0, 2]));
        let large = line(2, Bilingual::new("大", "Large"), big());
        let ranked = rank(vec![small, large]);
        assert_eq!(ranked[0].id, 2);
        assert_eq!(ranked[0].rank, Some(1));
        assert_eq!(ranked[1].rank, Some(2));
        // The small sample shows its plain average; its level comes from
        // the score, like its rank, so it is never above a line ranked
        // before it.
        assert_eq!(ranked[1].average, Some(5.0));
        assert_eq!(ranked[1].level, Some(Level::Qualified));
        assert_eq!(ranked[0].level, Some(Level::Excellent));
        assert!(ranked[0].level >= ranked[1].level);
    }

    #[test]
    fn perfect_small_samples_never_beat_the_large_one() {
        // Up to 163 perfect ratings the prior keeps a department under one
        // with 2,000 averaging 4.8: (60 + 5n) / (20 + n) < 9660 / 2020.
        for n in 1..=163u64 {
            assert!(tally([0, 0, 0, 0, n]).score() < big().score(), "n = {n}");
        }
        // Enough evidence wins in the end.
        assert!(tally([0, 0, 0, 0, 164]).score() > big().score());
    }

    #[test]
    fn unrated_lines_come_last_unranked_and_ties_favour_more_ratings() {
        let none = line(3, Bilingual::new("无", "None"), tally([0; 5]));
        let a = line(4, Bilingual::new("甲", "A"), tally([0, 0, 10, 0, 0]));
        let b = line(5, Bilingual::new("乙", "B"), tally([0, 0, 20, 0, 0]));
        let ranked = rank(vec![none, a, b]);
        assert_eq!(
            ranked.iter().map(|l| (l.id, l.rank)).collect::<Vec<_>>(),
            vec![(5, Some(1)), (4, Some(2)), (3, None)]
        );
    }

    #[test]
    fn a_bad_rating_pulls_a_department_down_more_when_it_has_few() {
        let few = tally([1, 0, 0, 0, 4]);
        let many = tally([1, 0, 0, 0, 400]);
        assert!(few.score() < many.score());
        // (60 + 21) / 25 = 3.24: qualified, the level of its score.
        assert_eq!(few.level(), Some(Level::Qualified));
    }
}
