//! Suggestion collection (建议征集): a department opens a topic (a draft
//! policy, a plan, "two sessions" proposals) for a period; signed-in
//! citizens and enterprises submit suggestions and support them, one
//! support per account; an author may edit until the first support;
//! three reports by different accounts hide a suggestion until a moderator
//! of the department restores or removes it; the department selects
//! suggestions (精选) with an official reply, told once to everyone who
//! supported or followed them, and may mark them adopted (采纳); after the
//! period a summary counts what the record holds.
//!
//! ```text
//!            3 reports (distinct accounts, this round)
//!  visible ───────────────────────────────────────────▶ hidden
//!     ▲  │                                               │  │
//!     │  └──────────── remove (moderator) ───────┐       │  │
//!     └───────────── restore (new round) ────────┼───────┘  │
//!                                                ▼          │
//!                                            removed ◀──────┘ remove
//! ```
//!
//! This file holds the pure rules; `store.rs` the queries, `pages.rs` the
//! pages.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::{catalog::Bilingual, i18n::Msg, text::TextRule};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use time::Date;

/// Reports by this many different accounts hide a suggestion.
pub const HIDE_AT: usize = 3;
/// The longest period a topic may stay open, and how far ahead it may open.
pub const MAX_PERIOD_DAYS: i64 = 366;
/// Suggestions per page of a topic's list.
pub const PAGE_SIZE: i64 = 20;
/// The last page anyone may ask for (a larger number is a 400).
pub const MAX_PAGE: i64 = 1000;

pub const TOPIC_TITLE: TextRule = TextRule::line(100).at_least(2);
pub const TOPIC_DESCRIPTION: TextRule = TextRule::lines(5000).at_least(2);
pub const SUMMARY_TEXT: TextRule = TextRule::lines(5000).at_least(2);
pub const TITLE: TextRule = TextRule::line(60).at_least(4);
pub const BODY: TextRule = TextRule::lines(3000).at_least(10);
pub const REASON: TextRule = TextRule::lines(500).at_least(2);
pub const REPLY: TextRule = TextRule::lines(3000).at_least(2);

/// Why an action on a topic or a suggestion is refused
/// (`suggestion_refused`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// Suggestions are taken, and supported, only while the topic is open.
    #[error("the topic is not open for suggestions")]
    TopicNotOpen,
    /// Someone supported the suggestion: its text stays as supported.
    #[error("the suggestion has been supported and can no longer be edited")]
    EditFrozen,
    /// A hidden or removed suggestion takes no support, report or selection.
    #[error("the suggestion is hidden or removed")]
    NotVisible,
    /// Nobody supports or reports their own suggestion.
    #[error("this is your own suggestion")]
    OwnSuggestion,
    /// An account reports a suggestion once.
    #[error("you have already reported this suggestion")]
    AlreadyReported,
    /// Only a hidden suggestion can be restored.
    #[error("the suggestion is not hidden")]
    NotHidden,
    /// A removed suggestion stays removed.
    #[error("the suggestion has been removed")]
    Removed,
    /// The summary is written after the period.
    #[error("the topic has not closed yet")]
    TopicNotClosed,
    /// Adopted (采纳) only with a reply (精选).
    #[error("only a selected suggestion can be adopted")]
    AdoptedNeedsSelection,
}

impl Problem {
    pub fn msg(self) -> Msg {
        match self {
            Problem::TopicNotOpen => Msg::SugProblemNotOpen,
            Problem::EditFrozen => Msg::SugProblemEditFrozen,
            Problem::NotVisible => Msg::SugProblemNotVisible,
            Problem::OwnSuggestion => Msg::SugProblemOwn,
            Problem::AlreadyReported => Msg::SugProblemReported,
            Problem::NotHidden => Msg::SugProblemNotHidden,
            Problem::Removed => Msg::SugProblemRemoved,
            Problem::TopicNotClosed => Msg::SugProblemNotClosed,
            Problem::AdoptedNeedsSelection => Msg::SugProblemAdopted,
        }
    }

    /// Every problem is a state that refuses: 409.
    pub fn status(self) -> u16 {
        409
    }
}

impl From<Problem> for crate::error::AppError {
    fn from(problem: Problem) -> Self {
        crate::error::AppError::Refused(crate::error::Refusal::new(
            "suggestion_refused",
            problem.status(),
            &problem,
            crate::i18n::Bilingual::each(|lang| lang.t(problem.msg()).to_string()),
        ))
    }
}

/// The text problems of a form, each at its field (a 422 names them).
pub fn fields(problems: Vec<crate::error::FieldRefusal>) -> crate::error::AppError {
    crate::error::AppError::InvalidFields { fields: problems }
}

/// Parses `raw` by `rule`, noting a problem at `field`.
pub fn parse_field(
    rule: TextRule,
    raw: &str,
    field: &str,
    problems: &mut Vec<crate::error::FieldRefusal>,
) -> String {
    match rule.parse(raw) {
        Ok(t) => t.into_string(),
        Err(p) => {
            problems.push(p.at(field));
            String::new()
        }
    }
}

/// What a topic asks about.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = TopicKind))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TopicKind {
    /// A draft policy (政策草案).
    DraftPolicy,
    /// A plan (规划).
    Plan,
    /// Proposals for the "two sessions" (两会建议).
    TwoSessions,
    Other,
}

impl TopicKind {
    pub const ALL: [TopicKind; 4] = [
        TopicKind::DraftPolicy,
        TopicKind::Plan,
        TopicKind::TwoSessions,
        TopicKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TopicKind::DraftPolicy => "draft_policy",
            TopicKind::Plan => "plan",
            TopicKind::TwoSessions => "two_sessions",
            TopicKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<TopicKind> {
        TopicKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn msg(self) -> Msg {
        match self {
            TopicKind::DraftPolicy => Msg::SugKindDraftPolicy,
            TopicKind::Plan => Msg::SugKindPlan,
            TopicKind::TwoSessions => Msg::SugKindTwoSessions,
            TopicKind::Other => Msg::SugKindOther,
        }
    }
}

/// Where a topic stands, from its dates and today.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TopicState {
    Upcoming,
    Open,
    Closed,
}

impl TopicState {
    /// Open from `opens_on` to `closes_on`, both included.
    pub fn of(opens_on: Date, closes_on: Date, today: Date) -> TopicState {
        if today < opens_on {
            TopicState::Upcoming
        } else if today <= closes_on {
            TopicState::Open
        } else {
            TopicState::Closed
        }
    }

    pub fn msg(self) -> Msg {
        match self {
            TopicState::Upcoming => Msg::SugStateUpcoming,
            TopicState::Open => Msg::SugStateOpen,
            TopicState::Closed => Msg::SugStateClosed,
        }
    }

    /// Suggestions are submitted and supported only while open.
    pub fn takes_suggestions(self) -> Result<(), Problem> {
        match self {
            TopicState::Open => Ok(()),
            _ => Err(Problem::TopicNotOpen),
        }
    }
}

/// A topic's period as typed: it opens today or within a year, and lasts
/// one day to a year. Problems at `opens_on` and `closes_on`.
pub fn parse_period(
    opens_on: &str,
    closes_on: &str,
    today: Date,
) -> Result<(Date, Date), Vec<crate::error::FieldRefusal>> {
    use crate::clock::parse_date_within;
    let far = |d: Date| d.saturating_add(time::Duration::days(MAX_PERIOD_DAYS));
    let opens = parse_date_within(opens_on.trim(), today, far(today));
    let closes = match &opens {
        Ok(o) => parse_date_within(closes_on.trim(), *o, far(*o)),
        Err(_) => parse_date_within(closes_on.trim(), today, far(far(today))),
    };
    match (opens, closes) {
        (Ok(o), Ok(c)) => Ok((o, c)),
        (o, c) => Err(o
            .err()
            .map(|p| p.at("opens_on"))
            .into_iter()
            .chain(c.err().map(|p| p.at("closes_on")))
            .collect()),
    }
}

/// A suggestion's visibility.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = SuggestionState))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Visible,
    /// Hidden by reports, pending a moderator's decision.
    Hidden,
    /// Removed by a moderator, with a reason.
    Removed,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Visible => "visible",
            Visibility::Hidden => "hidden",
            Visibility::Removed => "removed",
        }
    }

    pub fn parse(s: &str) -> Option<Visibility> {
        [Visibility::Visible, Visibility::Hidden, Visibility::Removed]
            .into_iter()
            .find(|v| v.as_str() == s)
    }

    /// Supports, reports and selection take only a visible suggestion.
    pub fn must_be_visible(self) -> Result<(), Problem> {
        match self {
            Visibility::Visible => Ok(()),
            _ => Err(Problem::NotVisible),
        }
    }
}

/// May the author edit? Only before the first support (ever: a support
/// withdrawn does not reopen the text), and only while it is visible and
/// the topic open.
pub fn may_edit(
    ever_supported: bool,
    visibility: Visibility,
    topic: TopicState,
) -> Result<(), Problem> {
    visibility.must_be_visible()?;
    topic.takes_suggestions()?;
    if ever_supported {
        return Err(Problem::EditFrozen);
    }
    Ok(())
}

/// May `account` support (or report) the suggestion of `author`?
pub fn may_support(
    account: i64,
    author: i64,
    visibility: Visibility,
    topic: TopicState,
) -> Result<(), Problem> {
    visibility.must_be_visible()?;
    topic.takes_suggestions()?;
    if account == author {
        return Err(Problem::OwnSuggestion);
    }
    Ok(())
}

/// The visibility after a report, given the distinct accounts that have
/// reported it in this round (the new one included): hidden at
/// [`HIDE_AT`]; a hidden or removed one stays as it is.
pub fn after_report(visibility: Visibility, distinct_reporters: usize) -> Visibility {
    match visibility {
        Visibility::Visible if distinct_reporters >= HIDE_AT => Visibility::Hidden,
        other => other,
    }
}

/// The distinct accounts among reports (account ids), for [`after_report`].
pub fn distinct(accounts: &[i64]) -> usize {
    accounts.iter().collect::<HashSet<_>>().len()
}

/// A moderator's decision on a suggestion.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    /// Visible again; reports start a new round.
    Restore,
    /// Removed for good, with the reason shown in its place.
    Remove { reason: String },
}

/// The visibility after a moderator's decision.
pub fn moderate(visibility: Visibility, decision: &Decision) -> Result<Visibility, Problem> {
    match (visibility, decision) {
        (Visibility::Removed, _) => Err(Problem::Removed),
        (Visibility::Hidden, Decision::Restore) => Ok(Visibility::Visible),
        (Visibility::Visible, Decision::Restore) => Err(Problem::NotHidden),
        (_, Decision::Remove { .. }) => Ok(Visibility::Removed),
    }
}

/// Who is asking: the account and, for staff, their department.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    pub account_id: i64,
    pub staff_department: Option<i64>,
}

impl Viewer {
    /// Staff of the department that owns the topic (moderates, selects).
    pub fn moderates(&self, department_id: i64) -> bool {
        self.staff_department == Some(department_id)
    }
}

/// The order of a topic's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Most supported first (then newest).
    #[default]
    Support,
    Newest,
}

impl Sort {
    pub fn parse(s: Option<&str>) -> Option<Sort> {
        match s.map(str::trim) {
            None | Some("") | Some("support") => Some(Sort::Support),
            Some("newest") => Some(Sort::Newest),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Support => "support",
            Sort::Newest => "newest",
        }
    }
}

/// A page number from a query: 1 when absent, `None` (a 400) when not a
/// number from 1 to [`MAX_PAGE`].
pub fn parse_page(s: Option<&str>) -> Option<i64> {
    match s.map(str::trim) {
        None | Some("") => Some(1),
        Some(s) => s.parse().ok().filter(|p| (1..=MAX_PAGE).contains(p)),
    }
}

/// A name as public pages show it: its first character and two stars
/// (张小明 → 张**, 广州荔湾示范贸易有限公司 → 广**).
pub fn mask_name(name: &str) -> String {
    match name.trim().chars().next() {
        Some(first) => format!("{first}**"),
        None => "**".to_string(),
    }
}

/// One suggestion as the summary counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub visibility: Visibility,
    pub selected: bool,
    pub adopted: bool,
    /// The accounts that support it.
    pub supporters: Vec<i64>,
}

/// A topic's numbers, counted from the record: removed suggestions do not
/// count; a person who supported several is one supporter.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Tally {
    pub suggestions: u64,
    pub supporters: u64,
    pub supports: u64,
    pub selected: u64,
    pub adopted: u64,
}

pub fn tally(items: &[Counted]) -> Tally {
    let kept: Vec<&Counted> = items
        .iter()
        .filter(|c| c.visibility != Visibility::Removed)
        .collect();
    let people: HashSet<i64> = kept
        .iter()
        .flat_map(|c| c.supporters.iter().copied())
        .collect();
    Tally {
        suggestions: kept.len() as u64,
        supporters: people.len() as u64,
        supports: kept.iter().map(|c| c.supporters.len() as u64).sum(),
        selected: kept.iter().filter(|c| c.selected).count() as u64,
        adopted: kept.iter().filter(|c| c.adopted).count() as u64,
    }
}

/// A topic as everyone sees it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicView {
    pub id: i64,
    pub department_id: i64,
    pub department: Bilingual,
    pub title: String,
    pub description: String,
    pub kind: TopicKind,
    /// `YYYY-MM-DD`, both included.
    pub opens_on: String,
    pub closes_on: String,
    pub state: TopicState,
    /// Visible and hidden suggestions (removed ones do not count).
    pub suggestions: i64,
    /// The department's summary text, once written (after the period).
    pub summary: Option<String>,
}

/// A suggestion for one viewer: the text is withheld from everyone but
/// its author and the department while it is hidden, and from all once
/// removed.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionView {
    pub id: i64,
    pub topic_id: i64,
    pub title: Option<String>,
    pub body: Option<String>,
    /// The author's name, masked (张**).
    pub author: String,
    /// `YYYY-MM-DD`.
    pub submitted_on: String,
    pub edited: bool,
    pub supports: i64,
    pub state: Visibility,
    pub removed_reason: Option<String>,
    /// Selected (精选) with the department's reply.
    pub selected: bool,
    pub reply: Option<String>,
    pub replied_on: Option<String>,
    pub adopted: bool,
    /// The viewer wrote it.
    pub mine: bool,
    /// The viewer supports it, follows it, has reported it.
    pub supported: bool,
    pub following: bool,
    pub reported: bool,
    /// The viewer may edit it now (its author, before the first support).
    pub editable: bool,
    /// The viewer is staff of the topic's department (moderates, selects).
    pub moderator: bool,
}

/// A page of a topic's suggestions.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionPage {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
    pub items: Vec<SuggestionView>,
}

/// A topic's summary after the period.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicSummary {
    pub topic: TopicView,
    pub tally: Tally,
    /// The selected suggestions with their replies, adopted ones first.
    pub selected: Vec<SuggestionView>,
}

/// A report as the moderators see it (not who made it).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    pub reason: String,
    /// `YYYY-MM-DD`.
    pub reported_on: String,
}

/// A hidden suggestion waiting for a moderator.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationItem {
    pub topic_title: String,
    pub suggestion: SuggestionView,
    pub reports: Vec<ReportView>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use time::macros::date;

    #[test]
    fn a_topic_is_open_from_its_first_to_its_last_day() {
        let (o, c) = (date!(2026 - 11 - 02), date!(2026 - 11 - 30));
        assert_eq!(
            TopicState::of(o, c, date!(2026 - 11 - 01)),
            TopicState::Upcoming
        );
        assert_eq!(TopicState::of(o, c, o), TopicState::Open);
        assert_eq!(
            TopicState::of(o, c, date!(2026 - 11 - 15)),
            TopicState::Open
        );
        assert_eq!(TopicState::of(o, c, c), TopicState::Open);
        assert_eq!(
            TopicState::of(o, c, date!(2026 - 12 - 01)),
            TopicState::Closed
        );
        // A one-day topic.
        assert_eq!(TopicState::of(o, o, o), TopicState::Open);
        assert_eq!(TopicState::Open.takes_suggestions(), Ok(()));
        assert_eq!(
            TopicState::Closed.takes_suggestions(),
            Err(Problem::TopicNotOpen)
        );
        assert_eq!(
            TopicState::Upcoming.takes_suggestions(),
            Err(Problem::TopicNotOpen)
        );
    }

    #[test]
    fn a_period_opens_within_a_year_and_lasts_at_most_a_year() {
        let today = date!(2026 - 12 - 07);
        assert_eq!(
            parse_period("2026-12-07", "2027-01-06", today),
            Ok((today, date!(2027 - 01 - 06)))
        );
        assert_eq!(
            parse_period(" 2026-12-10 ", "2026-12-10", today),
            Ok((date!(2026 - 12 - 10), date!(2026 - 12 - 10)))
        );
        let fields = |r: Result<(Date, Date), Vec<crate::error::FieldRefusal>>| {
            r.unwrap_err()
                .into_iter()
                .map(|f| f.field)
                .collect::<Vec<_>>()
        };
        // Opening in the past, closing before opening, too long, not dates.
        assert_eq!(
            fields(parse_period("2026-12-06", "2026-12-20", today)),
            ["opens_on"]
        );
        assert_eq!(
            fields(parse_period("2026-12-10", "2026-12-09", today)),
            ["closes_on"]
        );
        assert_eq!(
            fields(parse_period("2026-12-10", "2027-12-12", today)),
            ["closes_on"]
        );
        assert_eq!(
            fields(parse_period("2028-01-01", "2028-01-02", today)),
            ["opens_on"]
        );
        assert_eq!(
            fields(parse_period("x", "", today)),
            ["opens_on", "closes_on"]
        );
    }

    #[test]
    fn an_author_edits_only_until_the_first_support() {
        use TopicState::*;
        use Visibility::*;
        assert_eq!(may_edit(false, Visible, Open), Ok(()));
        assert_eq!(may_edit(true, Visible, Open), Err(Problem::EditFrozen));
        assert_eq!(may_edit(false, Hidden, Open), Err(Problem::NotVisible));
        assert_eq!(may_edit(false, Removed, Open), Err(Problem::NotVisible));
        assert_eq!(may_edit(false, Visible, Closed), Err(Problem::TopicNotOpen));
        // The refusal says why, in both languages.
        let zh = Lang::Zh.t(Problem::EditFrozen.msg());
        let en = Lang::En.t(Problem::EditFrozen.msg());
        assert!(zh.contains("支持"), "{zh}");
        assert!(en.contains("support"), "{en}");
    }

    #[test]
    fn supports_need_an_open_topic_a_visible_suggestion_and_another_account() {
        use TopicState::*;
        use Visibility::*;
        assert_eq!(may_support(2, 1, Visible, Open), Ok(()));
        assert_eq!(
            may_support(1, 1, Visible, Open),
            Err(Problem::OwnSuggestion)
        );
        assert_eq!(
            may_support(2, 1, Visible, Closed),
            Err(Problem::TopicNotOpen)
        );
        assert_eq!(
            may_support(2, 1, Visible, Upcoming),
            Err(Problem::TopicNotOpen)
        );
        assert_eq!(may_support(2, 1, Hidden, Open), Err(Problem::NotVisible));
    }

    #[test]
    fn three_distinct_reporters_hide_a_suggestion() {
        use Visibility::*;
        assert_eq!(after_report(Visible, distinct(&[7])), Visible);
        assert_eq!(after_report(Visible, distinct(&[7, 8])), Visible);
        assert_eq!(after_report(Visible, distinct(&[7, 8, 9])), Hidden);
        // The same account three times is one reporter.
        assert_eq!(after_report(Visible, distinct(&[7, 7, 7])), Visible);
        assert_eq!(after_report(Visible, distinct(&[7, 8, 7, 8])), Visible);
        assert_eq!(after_report(Visible, distinct(&[7, 8, 9, 10])), Hidden);
        assert_eq!(after_report(Removed, 5), Removed);
        assert_eq!(after_report(Hidden, 1), Hidden);
    }

    #[test]
    fn moderators_restore_hidden_ones_and_remove_any_not_removed() {
        use Visibility::*;
        let remove = Decision::Remove {
            reason: "广告".into(),
        };
        assert_eq!(moderate(Hidden, &Decision::Restore), Ok(Visible));
        assert_eq!(moderate(Hidden, &remove), Ok(Removed));
        assert_eq!(moderate(Visible, &remove), Ok(Removed));
        assert_eq!(
            moderate(Visible, &Decision::Restore),
            Err(Problem::NotHidden)
        );
        assert_eq!(moderate(Removed, &remove), Err(Problem::Removed));
        assert_eq!(moderate(Removed, &Decision::Restore), Err(Problem::Removed));
    }

    #[test]
    fn the_summary_counts_the_record() {
        let c = |v, selected, adopted, supporters: &[i64]| Counted {
            visibility: v,
            selected,
            adopted,
            supporters: supporters.to_vec(),
        };
        let items = [
            c(Visibility::Visible, true, true, &[1, 2, 3]),
            c(Visibility::Visible, true, false, &[2, 3, 4]),
            c(Visibility::Visible, false, false, &[]),
            c(Visibility::Hidden, false, false, &[5]),
            // Removed: neither it nor its supports count.
            c(Visibility::Removed, false, false, &[6, 7]),
        ];
        assert_eq!(
            tally(&items),
            Tally {
                suggestions: 4,
                supporters: 5,
                supports: 7,
                selected: 2,
                adopted: 1,
            }
        );
        assert_eq!(tally(&[]), Tally::default());
    }

    #[test]
    fn names_are_masked_after_their_first_character() {
        assert_eq!(mask_name("张小明"), "张**");
        assert_eq!(mask_name("李四"), "李**");
        assert_eq!(mask_name("广州荔湾示范贸易有限公司"), "广**");
        assert_eq!(mask_name(" Wang Fang"), "W**");
        assert_eq!(mask_name(""), "**");
    }

    #[test]
    fn kinds_sorts_and_pages_parse() {
        for k in TopicKind::ALL {
            assert_eq!(TopicKind::parse(k.as_str()), Some(k));
            assert_ne!(Lang::Zh.t(k.msg()), Lang::En.t(k.msg()));
        }
        assert_eq!(TopicKind::parse("policy"), None);
        assert_eq!(Sort::parse(None), Some(Sort::Support));
        assert_eq!(Sort::parse(Some("newest")), Some(Sort::Newest));
        assert_eq!(Sort::parse(Some("oldest")), None);
        assert_eq!(parse_page(None), Some(1));
        assert_eq!(parse_page(Some("3")), Some(3));
        assert_eq!(parse_page(Some("0")), None);
        assert_eq!(parse_page(Some("1001")), None);
        assert_eq!(parse_page(Some("99999999999999999999")), None);
        assert_eq!(parse_page(Some("-1")), None);
        for v in [Visibility::Visible, Visibility::Hidden, Visibility::Removed] {
            assert_eq!(Visibility::parse(v.as_str()), Some(v));
        }
    }

    #[test]
    fn problems_are_conflicts_translated_both_ways() {
        for p in [
            Problem::TopicNotOpen,
            Problem::EditFrozen,
            Problem::NotVisible,
            Problem::OwnSuggestion,
            Problem::AlreadyReported,
            Problem::NotHidden,
            Problem::Removed,
            Problem::TopicNotClosed,
            Problem::AdoptedNeedsSelection,
        ] {
            assert_eq!(p.status(), 409);
            assert_ne!(Lang::Zh.t(p.msg()), Lang::En.t(p.msg()), "{p:?}");
        }
    }
}
