//! The question clock (issue 21): a citizen's question to a microblog
//! account is acknowledged within 1 working day and answered within 2
//! (an enquiry), 5 (a suggestion or a complaint) or the days its owner
//! sets for a complex one (up to 15, once), counted on the official
//! calendar (`crate::clock`: holidays and make-up working days) from the
//! day it is received — the day asked, or the next working day for a
//! question asked on a day off, as a request for information is received
//! (`crate::disclosure::request::received_on`). It is answered on time iff
//! the approved answer is published on or before the due day. Pure.

use crate::{
    clock::{Calendar, HALL_OFFSET},
    disclosure::request::received_on,
    i18n::Msg,
    text::{TextProblem, TextRule},
    workorder::{deadline, DeadlineProblem},
};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// A question's text: 1–1,000 characters.
pub const BODY_RULE: TextRule = TextRule::lines(1000);
/// An answer's text: 1–2,000 characters.
pub const ANSWER_RULE: TextRule = TextRule::lines(2000);
/// Working days to acknowledge a question.
pub const ACKNOWLEDGE_DAYS: u32 = 1;
/// The longest deadline of a complex question, in working days.
pub const COMPLEX_MAX_DAYS: u32 = 15;

/// What a question is: its reply deadline follows.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboQuestionKind))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 咨询: 2 working days.
    Enquiry,
    /// 建议: 5.
    Suggestion,
    /// 投诉: 5.
    Complaint,
    /// 复杂: the owner sets up to 15 (never asked as such).
    Complex,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Enquiry,
        Kind::Suggestion,
        Kind::Complaint,
        Kind::Complex,
    ];
    /// What a citizen may choose when asking.
    pub const ASKED: [Kind; 3] = [Kind::Enquiry, Kind::Suggestion, Kind::Complaint];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Enquiry => "enquiry",
            Kind::Suggestion => "suggestion",
            Kind::Complaint => "complaint",
            Kind::Complex => "complex",
        }
    }

    pub fn parse(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The reply deadline in working days (a complex question's is set).
    pub fn reply_days(self) -> Option<u32> {
        match self {
            Kind::Enquiry => Some(2),
            Kind::Suggestion | Kind::Complaint => Some(5),
            Kind::Complex => None,
        }
    }

    /// The letter kind it becomes when turned into a letter work order.
    pub fn letter_kind(self) -> crate::letters::Kind {
        match self {
            Kind::Complaint => crate::letters::Kind::Complaint,
            Kind::Suggestion => crate::letters::Kind::Suggestion,
            Kind::Enquiry | Kind::Complex => crate::letters::Kind::Help,
        }
    }

    pub fn msg(self) -> Msg {
        match self {
            Kind::Enquiry => Msg::WbQKindEnquiry,
            Kind::Suggestion => Msg::WbQKindSuggestion,
            Kind::Complaint => Msg::WbQKindComplaint,
            Kind::Complex => Msg::WbQKindComplex,
        }
    }
}

/// Where a question stands.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboQuestionState))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Asked, with an owner, not yet acknowledged (待受理).
    Open,
    /// Acknowledged by its owner (已受理).
    Acknowledged,
    /// An answer is being written or reviewed (答复中).
    Answering,
    /// The answer was approved and is public (已答复).
    Answered,
    /// Became a letter work order (已转诉求).
    Converted,
}

impl State {
    pub const ALL: [State; 5] = [
        State::Open,
        State::Acknowledged,
        State::Answering,
        State::Answered,
        State::Converted,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Acknowledged => "acknowledged",
            State::Answering => "answering",
            State::Answered => "answered",
            State::Converted => "converted",
        }
    }

    pub fn parse(code: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Still waiting for its answer (its deadline runs).
    pub fn waiting(self) -> bool {
        matches!(self, State::Open | State::Acknowledged | State::Answering)
    }

    pub fn msg(self) -> Msg {
        match self {
            State::Open => Msg::WbQStateOpen,
            State::Acknowledged => Msg::WbQStateAcknowledged,
            State::Answering => Msg::WbQStateAnswering,
            State::Answered => Msg::WbQStateAnswered,
            State::Converted => Msg::WbQStateConverted,
        }
    }
}

/// A question's dates on the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// The day it was asked (hall time).
    pub asked_on: Date,
    /// The day it counts from: the day asked, or the next working day.
    pub received_on: Date,
    pub acknowledge_by: Date,
    pub due_on: Date,
}

/// The hall's day of an instant.
pub fn hall_day(at: OffsetDateTime) -> Date {
    at.to_offset(HALL_OFFSET).date()
}

/// The clock of a question of `kind` asked at `at` (a complex question's
/// deadline is the longest until its owner sets it).
pub fn clock(cal: &Calendar, at: OffsetDateTime, kind: Kind) -> Result<Clock, DeadlineProblem> {
    let asked_on = hall_day(at);
    let received = received_on(cal, asked_on);
    let days = kind.reply_days().unwrap_or(COMPLEX_MAX_DAYS);
    Ok(Clock {
        asked_on,
        received_on: received,
        acknowledge_by: deadline(cal, received, ACKNOWLEDGE_DAYS, &[])?,
        due_on: deadline(cal, received, days, &[])?,
    })
}

/// Why a question's step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    #[error("the kind of question is not one of enquiry, suggestion, complaint")]
    Kind,
    #[error("the question: {text}")]
    Body { text: TextProblem },
    #[error("the answer: {text}")]
    Answer { text: TextProblem },
    #[error("a complex question's deadline is 1 to 15 working days")]
    ComplexDays,
    #[error("this step is not yours to take")]
    NotYourTurn,
    #[error("this step cannot be taken in the question's present state")]
    WrongState,
    #[error("the new owner must be a responder of the account")]
    Owner,
    #[error("the helpfulness of an answer is given once, by the asker")]
    Helpful,
}

impl Problem {
    pub fn msg(self) -> Msg {
        match self {
            Problem::Kind => Msg::WbQProbKind,
            Problem::Body { .. } => Msg::WbQBody,
            Problem::Answer { .. } => Msg::WbQAnswer,
            Problem::ComplexDays => Msg::WbQProbComplexDays,
            Problem::NotYourTurn => Msg::RevProbNotYourTurn,
            Problem::WrongState => Msg::WbQProbWrongState,
            Problem::Owner => Msg::WbQProbOwner,
            Problem::Helpful => Msg::WbQProbHelpful,
        }
    }

    pub fn message(self, lang: crate::i18n::Lang) -> String {
        match self {
            Problem::Body { text } | Problem::Answer { text } => format!(
                "{}{}{}",
                lang.t(self.msg()),
                lang.t(Msg::Colon),
                text.message(lang)
            ),
            _ => lang.t(self.msg()).to_string(),
        }
    }

    /// 403 for a step not the caller's, 409 for one the state refuses, 422
    /// for a value that cannot be taken.
    pub fn status(self) -> u16 {
        match self {
            Problem::NotYourTurn => 403,
            Problem::WrongState | Problem::Helpful => 409,
            _ => 422,
        }
    }
}

/// The question's kind as a citizen chooses it (not complex).
pub fn parse_kind(code: &str) -> Result<Kind, Problem> {
    Kind::parse(code.trim())
        .filter(|k| Kind::ASKED.contains(k))
        .ok_or(Problem::Kind)
}

pub fn parse_body(raw: &str) -> Result<String, Problem> {
    BODY_RULE
        .parse(raw)
        .map(|t| t.into_string())
        .map_err(|text| Problem::Body { text })
}

pub fn parse_answer(raw: &str) -> Result<String, Problem> {
    ANSWER_RULE
        .parse(raw)
        .map(|t| t.into_string())
        .map_err(|text| Problem::Answer { text })
}

/// A complex question's deadline: `days` (1–15) working days from the day
/// it was received.
pub fn complex_due(cal: &Calendar, received_on: Date, days: i64) -> Result<Date, Problem> {
    let days = u32::try_from(days)
        .ok()
        .filter(|d| (1..=COMPLEX_MAX_DAYS).contains(d))
        .ok_or(Problem::ComplexDays)?;
    deadline(cal, received_on, days, &[]).map_err(|_| Problem::ComplexDays)
}

/// Answered on time: the approved answer published (hall time) on or
/// before the due day.
pub fn on_time(due_on: Date, published_at: OffsetDateTime) -> bool {
    hall_day(published_at) <= due_on
}

/// Overdue on `today`: still waiting past its due day.
pub fn overdue(state: State, due_on: Date, today: Date) -> bool {
    state.waiting() && due_on < today
}

/// Who acts on a question (one person may be several).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The responder it is assigned to.
    Owner,
    /// A responder of the account's team.
    Responder,
    /// A reviewer of the account's team.
    Reviewer,
}

/// A step on a question, besides the answer's review steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Acknowledge,
    /// Set complex with its deadline (once).
    Complex,
    Reassign,
    /// Write or change the answer's draft.
    Answer,
    Convert,
}

/// Whether `roles` may take `step` on a question of `kind` in `state`.
pub fn allowed(state: State, kind: Kind, roles: &[Role], step: Step) -> Result<(), Problem> {
    let who: &[Role] = match step {
        Step::Acknowledge | Step::Complex | Step::Answer => &[Role::Owner],
        Step::Reassign => &[Role::Reviewer],
        Step::Convert => &[Role::Owner, Role::Reviewer],
    };
    if !who.iter().any(|r| roles.contains(r)) {
        return Err(Problem::NotYourTurn);
    }
    let fits = match step {
        Step::Acknowledge => state == State::Open,
        Step::Complex => {
            kind != Kind::Complex && matches!(state, State::Open | State::Acknowledged)
        }
        Step::Reassign | Step::Answer | Step::Convert => state.waiting(),
    };
    if fits {
        Ok(())
    } else {
        Err(Problem::WrongState)
    }
}

/// The steps `roles` may take now, by code (the pages' buttons).
pub fn offered(state: State, kind: Kind, roles: &[Role]) -> Vec<&'static str> {
    [
        (Step::Acknowledge, "acknowledge"),
        (Step::Complex, "complex"),
        (Step::Reassign, "reassign"),
        (Step::Convert, "convert"),
    ]
    .into_iter()
    .filter(|(s, _)| allowed(state, kind, roles, *s).is_ok())
    .map(|(_, c)| c)
    .collect()
}

/// A question's number: `WB`, the day asked (YYYYMMDD) and 6 digits.
pub fn is_question_no(no: &str) -> bool {
    no.len() == 16 && no.starts_with("WB") && no[2..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn cal() -> Calendar {
        Calendar::from_csv(include_str!("../../../server/seed/calendar.csv")).unwrap()
    }

    #[test]
    fn deadlines_by_kind_across_the_national_day_holiday() {
        let cal = cal();
        // Wednesday 30 September 2026, 10:00 in the hall: 1–7 October off,
        // Saturday 10 October worked.
        let at = datetime!(2026-09-30 10:00 +08:00);
        let enquiry = clock(&cal, at, Kind::Enquiry).unwrap();
        assert_eq!(enquiry.received_on, date!(2026 - 09 - 30));
        assert_eq!(enquiry.acknowledge_by, date!(2026 - 10 - 08));
        assert_eq!(enquiry.due_on, date!(2026 - 10 - 09));
        // 8, 9, 10 (the make-up Saturday), 12, 13.
        let complaint = clock(&cal, at, Kind::Complaint).unwrap();
        assert_eq!(complaint.due_on, date!(2026 - 10 - 13));
        assert_eq!(
            clock(&cal, at, Kind::Suggestion).unwrap().due_on,
            complaint.due_on
        );
    }

    #[test]
    fn a_question_asked_on_a_day_off_counts_from_the_next_working_day() {
        let cal = cal();
        // Sunday 4 October (holiday), late at night UTC is still the 4th
        // in the hall.
        let c = clock(&cal, datetime!(2026-10-04 15:00 UTC), Kind::Enquiry).unwrap();
        assert_eq!(c.asked_on, date!(2026 - 10 - 04));
        assert_eq!(c.received_on, date!(2026 - 10 - 08));
        assert_eq!(c.acknowledge_by, date!(2026 - 10 - 09));
        // 9, then the make-up Saturday 10.
        assert_eq!(c.due_on, date!(2026 - 10 - 10));
        // 23:30 UTC on the 7th is the 8th in the hall (a working day).
        let c = clock(&cal, datetime!(2026-10-07 23:30 UTC), Kind::Enquiry).unwrap();
        assert_eq!(c.received_on, date!(2026 - 10 - 08));
    }

    #[test]
    fn a_complex_deadline_is_one_to_fifteen_working_days() {
        let cal = cal();
        let from = date!(2026 - 09 - 30);
        assert_eq!(complex_due(&cal, from, 0), Err(Problem::ComplexDays));
        assert_eq!(complex_due(&cal, from, 16), Err(Problem::ComplexDays));
        assert_eq!(complex_due(&cal, from, -1), Err(Problem::ComplexDays));
        // 8, 9, 10, 12–16, 19–23, 26, 27: the 15th is 27 October.
        assert_eq!(complex_due(&cal, from, 15), Ok(date!(2026 - 10 - 27)));
        assert_eq!(complex_due(&cal, from, 1), Ok(date!(2026 - 10 - 08)));
    }

    #[test]
    fn on_time_is_published_on_or_before_the_due_day_in_hall_time() {
        let due = date!(2026 - 10 - 09);
        assert!(on_time(due, datetime!(2026-10-09 23:59 +08:00)));
        assert!(on_time(due, datetime!(2026-10-09 15:59 UTC)));
        assert!(!on_time(due, datetime!(2026-10-09 16:00 UTC)));
        assert!(!on_time(due, datetime!(2026-10-10 09:00 +08:00)));
        assert!(overdue(State::Open, due, date!(2026 - 10 - 10)));
        assert!(!overdue(State::Open, due, due));
        assert!(!overdue(State::Answered, due, date!(2026 - 10 - 10)));
        assert!(!overdue(State::Converted, due, date!(2026 - 10 - 10)));
    }

    #[test]
    fn steps_belong_to_the_owner_or_the_reviewers_and_complex_is_set_once() {
        use Role::*;
        let s = State::Open;
        assert_eq!(
            allowed(s, Kind::Enquiry, &[Responder], Step::Acknowledge),
            Err(Problem::NotYourTurn)
        );
        assert!(allowed(s, Kind::Enquiry, &[Owner, Responder], Step::Acknowledge).is_ok());
        assert_eq!(
            allowed(
                State::Acknowledged,
                Kind::Enquiry,
                &[Owner],
                Step::Acknowledge
            ),
            Err(Problem::WrongState)
        );
        assert!(allowed(State::Acknowledged, Kind::Enquiry, &[Owner], Step::Complex).is_ok());
        assert_eq!(
            allowed(State::Acknowledged, Kind::Complex, &[Owner], Step::Complex),
            Err(Problem::WrongState)
        );
        assert_eq!(
            allowed(s, Kind::Enquiry, &[Owner], Step::Reassign),
            Err(Problem::NotYourTurn)
        );
        assert!(allowed(s, Kind::Enquiry, &[Reviewer], Step::Reassign).is_ok());
        assert!(allowed(s, Kind::Enquiry, &[Reviewer], Step::Convert).is_ok());
        assert_eq!(
            allowed(State::Converted, Kind::Enquiry, &[Owner], Step::Convert),
            Err(Problem::WrongState)
        );
        assert_eq!(
            allowed(State::Answered, Kind::Enquiry, &[Owner], Step::Answer),
            Err(Problem::WrongState)
        );
        assert_eq!(
            offered(State::Open, Kind::Enquiry, &[Owner]),
            vec!["acknowledge", "complex", "convert"]
        );
        assert!(offered(State::Answered, Kind::Enquiry, &[Owner, Reviewer]).is_empty());
    }

    #[test]
    fn kinds_and_numbers_parse_strictly() {
        assert_eq!(parse_kind("enquiry"), Ok(Kind::Enquiry));
        assert_eq!(parse_kind("complex"), Err(Problem::Kind));
        assert_eq!(parse_kind(""), Err(Problem::Kind));
        assert!(parse_body("").is_err());
        assert!(parse_body(&"问".repeat(1001)).is_err());
        assert_eq!(parse_body(" 低保怎么申请？ ").unwrap(), "低保怎么申请？");
        assert!(is_question_no("WB20261008000001"));
        assert!(!is_question_no("WB2026100800000"));
        assert!(!is_question_no("XJ20261008000001"));
        assert_eq!(
            Kind::Complaint.letter_kind(),
            crate::letters::Kind::Complaint
        );
        assert_eq!(Kind::Enquiry.letter_kind(), crate::letters::Kind::Help);
    }
}
