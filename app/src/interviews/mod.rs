//! Online interviews (在线访谈): a department schedules an interview with
//! its officials; signed-in people submit questions before and during it;
//! the department's moderator decides which are answered live, rejects
//! some with a reason, or defers them to a written answer; the transcript
//! grows entry by entry while the interview is live; questions not answered
//! live get a written answer within five working days of its end on the
//! official clock.
//!
//! This file holds the pure rules (the phase from the times, the question's
//! transitions, the written answer's due date, the texts as parsed values);
//! `store.rs` the queries, `pages.rs` the pages.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::{
    catalog::Bilingual,
    clock::{Calendar, HALL_OFFSET},
    i18n::{Lang, Msg},
    text::{Text, TextProblem, TextRule},
};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime, PrimitiveDateTime};

/// Working days the department has to answer in writing the questions not
/// answered live, counted from the day the interview ends.
pub const WRITTEN_ANSWER_WORKING_DAYS: u32 = 5;

/// Where an interview stands.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = InterviewPhase))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Scheduled, not begun (questions may be submitted).
    Upcoming,
    /// On air: the transcript grows, questions may still be submitted.
    Live,
    /// Over (the archive): the transcript is complete.
    Ended,
}

impl Phase {
    /// The phase from the schedule and the moderator's explicit start and
    /// end: an explicit end ends it; an explicit start makes it live until
    /// the moderator ends it (an interview may overrun); otherwise the
    /// scheduled times decide.
    pub fn of(
        starts_at: OffsetDateTime,
        ends_at: OffsetDateTime,
        started_at: Option<OffsetDateTime>,
        ended_at: Option<OffsetDateTime>,
        now: OffsetDateTime,
    ) -> Phase {
        if ended_at.is_some() {
            Phase::Ended
        } else if started_at.is_some() {
            Phase::Live
        } else if now >= ends_at {
            Phase::Ended
        } else if now >= starts_at {
            Phase::Live
        } else {
            Phase::Upcoming
        }
    }

    pub fn msg(self) -> Msg {
        match self {
            Phase::Upcoming => Msg::IvPhaseUpcoming,
            Phase::Live => Msg::IvPhaseLive,
            Phase::Ended => Msg::IvPhaseEnded,
        }
    }

    /// Questions are taken before and during the interview.
    pub fn takes_questions(self) -> bool {
        self != Phase::Ended
    }
}

/// The moment an interview ended: the moderator's end, else its scheduled
/// end.
pub fn end_of(ends_at: OffsetDateTime, ended_at: Option<OffsetDateTime>) -> OffsetDateTime {
    ended_at.unwrap_or(ends_at)
}

/// The day a written answer is due: five working days after the day the
/// interview ended (Guangdong time), on the official calendar.
pub fn written_due(cal: &Calendar, ended: OffsetDateTime) -> Date {
    let day = ended.to_offset(HALL_OFFSET).date();
    cal.add_working_days(day, WRITTEN_ANSWER_WORKING_DAYS)
        .unwrap_or(day)
}

/// The moderator's start or end of an interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Switch {
    Start,
    End,
}

impl Switch {
    pub fn parse(s: &str) -> Option<Switch> {
        match s {
            "start" => Some(Switch::Start),
            "end" => Some(Switch::End),
            _ => None,
        }
    }

    /// Start only an upcoming interview, end only a live one.
    pub fn allowed(self, phase: Phase) -> bool {
        matches!(
            (self, phase),
            (Switch::Start, Phase::Upcoming) | (Switch::End, Phase::Live)
        )
    }
}

/// Where a question stands.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = InterviewQuestionState))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionState {
    /// Submitted, waiting for the moderator.
    Pending,
    /// Accepted for the live interview (in the queue).
    Queued,
    /// Answered live (a transcript entry answers it).
    AnsweredLive,
    /// Rejected, with a reason.
    Rejected,
    /// Deferred to a written answer.
    Deferred,
    /// Answered in writing.
    AnsweredWritten,
}

impl QuestionState {
    pub fn code(self) -> &'static str {
        match self {
            QuestionState::Pending => "pending",
            QuestionState::Queued => "queued",
            QuestionState::AnsweredLive => "answered_live",
            QuestionState::Rejected => "rejected",
            QuestionState::Deferred => "deferred",
            QuestionState::AnsweredWritten => "answered_written",
        }
    }

    pub fn parse(s: &str) -> Option<QuestionState> {
        [
            QuestionState::Pending,
            QuestionState::Queued,
            QuestionState::AnsweredLive,
            QuestionState::Rejected,
            QuestionState::Deferred,
            QuestionState::AnsweredWritten,
        ]
        .into_iter()
        .find(|q| q.code() == s)
    }

    pub fn msg(self) -> Msg {
        match self {
            QuestionState::Pending => Msg::IvQPending,
            QuestionState::Queued => Msg::IvQQueued,
            QuestionState::AnsweredLive => Msg::IvQAnsweredLive,
            QuestionState::Rejected => Msg::IvQRejected,
            QuestionState::Deferred => Msg::IvQDeferred,
            QuestionState::AnsweredWritten => Msg::IvQAnsweredWritten,
        }
    }

    /// Answered, live or in writing.
    pub fn answered(self) -> bool {
        matches!(
            self,
            QuestionState::AnsweredLive | QuestionState::AnsweredWritten
        )
    }

    /// Still owed an answer once the interview is over: what was not
    /// answered live nor rejected waits for a written answer.
    pub fn awaits_written(self) -> bool {
        matches!(
            self,
            QuestionState::Pending | QuestionState::Queued | QuestionState::Deferred
        )
    }
}

/// Why a question is rejected.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = InterviewRejectReason))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    OffTopic,
    Abusive,
    Duplicate,
    /// A personal case: write a letter instead.
    PersonalCase,
}

impl RejectReason {
    pub const ALL: [RejectReason; 4] = [
        RejectReason::OffTopic,
        RejectReason::Abusive,
        RejectReason::Duplicate,
        RejectReason::PersonalCase,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RejectReason::OffTopic => "off_topic",
            RejectReason::Abusive => "abusive",
            RejectReason::Duplicate => "duplicate",
            RejectReason::PersonalCase => "personal_case",
        }
    }

    pub fn parse(s: &str) -> Option<RejectReason> {
        RejectReason::ALL.into_iter().find(|r| r.code() == s)
    }

    pub fn msg(self) -> Msg {
        match self {
            RejectReason::OffTopic => Msg::IvReasonOffTopic,
            RejectReason::Abusive => Msg::IvReasonAbusive,
            RejectReason::Duplicate => Msg::IvReasonDuplicate,
            RejectReason::PersonalCase => Msg::IvReasonPersonalCase,
        }
    }
}

/// What the moderator (or the official, answering) does with a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Accept for the live interview.
    Accept,
    Reject(RejectReason),
    /// Defer to a written answer.
    Defer,
    /// Answered live (by a transcript entry).
    AnswerLive,
    /// Answered in writing.
    AnswerWritten,
}

impl Decision {
    /// The decision a form or the API names (`accept`, `reject` with a
    /// reason, `defer`).
    pub fn parse(decision: &str, reason: Option<&str>) -> Result<Decision, Problem> {
        match decision {
            "accept" => Ok(Decision::Accept),
            "defer" => Ok(Decision::Defer),
            "reject" => reason
                .and_then(RejectReason::parse)
                .map(Decision::Reject)
                .ok_or(Problem::ReasonRequired),
            _ => Err(Problem::UnknownDecision),
        }
    }
}

/// The question's next state after `decision` in an interview in `phase`,
/// or why not. Pending and queued questions may be accepted (before the
/// end), rejected or deferred; only a live interview answers live; a
/// written answer goes to a deferred question, or to any question still
/// owed an answer once the interview is over. Rejected and answered
/// questions are final.
pub fn step(
    state: QuestionState,
    phase: Phase,
    decision: Decision,
) -> Result<QuestionState, Problem> {
    use QuestionState as S;
    let open = matches!(state, S::Pending | S::Queued);
    match decision {
        Decision::Accept if state == S::Pending && phase != Phase::Ended => Ok(S::Queued),
        Decision::Reject(_) if open => Ok(S::Rejected),
        Decision::Defer if open => Ok(S::Deferred),
        Decision::AnswerLive if open && phase == Phase::Live => Ok(S::AnsweredLive),
        Decision::AnswerLive if open => Err(Problem::NotLive),
        Decision::AnswerWritten if state == S::Deferred || (open && phase == Phase::Ended) => {
            Ok(S::AnsweredWritten)
        }
        _ => Err(Problem::WrongState),
    }
}

/// What a transcript entry is.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = TranscriptEntryKind))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// The host's remarks (主持人).
    Host,
    /// An official's answer to a question.
    Answer,
    /// A moderator's note (e.g. "the interview resumes").
    Note,
}

impl EntryKind {
    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Host => "host",
            EntryKind::Answer => "answer",
            EntryKind::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<EntryKind> {
        [EntryKind::Host, EntryKind::Answer, EntryKind::Note]
            .into_iter()
            .find(|k| k.code() == s)
    }

    pub fn msg(self) -> Msg {
        match self {
            EntryKind::Host => Msg::IvEntryHost,
            EntryKind::Answer => Msg::IvEntryAnswer,
            EntryKind::Note => Msg::IvEntryNote,
        }
    }
}

/// Why an interview action is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    #[error("the text is too short (at least {min} characters)")]
    TooShort { min: u16 },
    #[error("the text is too long (at most {max} characters)")]
    TooLong { max: u16 },
    #[error("the text holds an unusable character")]
    Unusable,
    #[error("the interview must end after it starts")]
    EndsBeforeStart,
    #[error("a date and time is not valid")]
    BadTime,
    #[error("the interview is over: no more questions")]
    Closed,
    #[error("the interview is not live")]
    NotLive,
    #[error("the question is not in a state for this")]
    WrongState,
    #[error("a rejection needs its reason")]
    ReasonRequired,
    #[error("unknown decision")]
    UnknownDecision,
    #[error("the interview cannot be started or ended now")]
    WrongSwitch,
    #[error("an answer names a question of this interview")]
    QuestionRequired,
}

impl Problem {
    pub fn msg(self) -> Msg {
        match self {
            Problem::TooShort { .. } => Msg::IvProblemShort,
            Problem::TooLong { .. } => Msg::IvProblemLong,
            Problem::Unusable => Msg::TextControlCharacter,
            Problem::EndsBeforeStart => Msg::IvProblemEndsBeforeStart,
            Problem::BadTime => Msg::IvProblemBadTime,
            Problem::Closed => Msg::IvProblemClosed,
            Problem::NotLive => Msg::IvProblemNotLive,
            Problem::WrongState => Msg::IvProblemWrongState,
            Problem::ReasonRequired => Msg::IvProblemReason,
            Problem::UnknownDecision => Msg::IvProblemDecision,
            Problem::WrongSwitch => Msg::IvProblemSwitch,
            Problem::QuestionRequired => Msg::IvProblemQuestion,
        }
    }

    pub fn message(self, lang: Lang) -> String {
        match self {
            Problem::TooShort { min: n } | Problem::TooLong { max: n } => {
                lang.fill(self.msg(), &[("n", &n)])
            }
            _ => lang.t(self.msg()).to_string(),
        }
    }

    /// 422 for unusable input, 409 for a state that refuses.
    pub fn status(self) -> u16 {
        match self {
            Problem::Closed | Problem::NotLive | Problem::WrongState | Problem::WrongSwitch => 409,
            _ => 422,
        }
    }
}

impl From<Problem> for crate::error::AppError {
    fn from(problem: Problem) -> Self {
        crate::error::AppError::Refused(crate::error::Refusal::new(
            "interview_refused",
            problem.status(),
            &problem,
            crate::i18n::Bilingual::each(|lang| problem.message(lang)),
        ))
    }
}

/// A text with bounds: trimmed, `min`–`max` characters, no control
/// characters.
pub fn bounded(raw: &str, min: u16, max: u16) -> Result<String, Problem> {
    TextRule::lines(u32::from(max))
        .at_least(u32::from(min))
        .parse(raw)
        .map(Text::into_string)
        .map_err(|problem| match problem {
            TextProblem::Required | TextProblem::TooShort { .. } => Problem::TooShort { min },
            TextProblem::TooLong { .. } => Problem::TooLong { max },
            _ => Problem::Unusable,
        })
}

/// A question: 5–1,000 characters.
pub fn parse_question(raw: &str) -> Result<String, Problem> {
    bounded(raw, 5, 1000)
}

/// An answer or a transcript entry: 2–4,000 characters.
pub fn parse_body(raw: &str) -> Result<String, Problem> {
    bounded(raw, 2, 4000)
}

/// A time as a `datetime-local` input sends it (`2026-12-20T10:00`, hall
/// time), or with an offset (RFC 3339).
pub fn parse_time(raw: &str) -> Result<OffsetDateTime, Problem> {
    let raw = raw.trim();
    if let Ok(t) = OffsetDateTime::parse(raw, &time::format_description::well_known::Rfc3339) {
        return Ok(t);
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let fmt_s = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    PrimitiveDateTime::parse(raw, &fmt)
        .or_else(|_| PrimitiveDateTime::parse(raw, &fmt_s))
        .map(|t| t.assume_offset(HALL_OFFSET))
        .map_err(|_| Problem::BadTime)
}

/// `YYYY-MM-DD HH:MM` in hall time.
pub fn format_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(HALL_OFFSET);
    format!(
        "{} {:02}:{:02}",
        crate::clock::format_date(t.date()),
        t.hour(),
        t.minute()
    )
}

/// A new interview as parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInterview {
    pub title: String,
    pub guests: String,
    pub description: String,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
}

/// An interview as typed (forms and the API).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawInterview {
    #[serde(default)]
    pub title: String,
    /// The officials interviewed, with their capacity (张三 局长).
    #[serde(default)]
    pub guests: String,
    #[serde(default)]
    pub description: String,
    /// `2026-12-20T10:00` (Guangdong time) or RFC 3339.
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    pub idempotency_key: Option<String>,
}

impl RawInterview {
    pub fn parse(&self) -> Result<NewInterview, Problem> {
        let starts_at = parse_time(&self.starts_at)?;
        let ends_at = parse_time(&self.ends_at)?;
        if ends_at <= starts_at {
            return Err(Problem::EndsBeforeStart);
        }
        Ok(NewInterview {
            title: bounded(&self.title, 2, 200)?,
            guests: bounded(&self.guests, 2, 300)?,
            description: TextRule::lines(4000)
                .parse_optional(&self.description)
                .map_err(|p| match p {
                    TextProblem::TooLong { .. } => Problem::TooLong { max: 4000 },
                    _ => Problem::Unusable,
                })?
                .map(Text::into_string)
                .unwrap_or_default(),
            starts_at,
            ends_at,
        })
    }
}

/// A name as the public sees it (the shared rule of `crate::text`).
pub use crate::text::mask_name;

/// An interview as listed and shown.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewView {
    pub id: i64,
    pub title: String,
    pub guests: String,
    pub description: String,
    pub department_id: i64,
    pub department: Bilingual,
    /// `YYYY-MM-DD HH:MM`, Guangdong time.
    pub starts_at: String,
    pub ends_at: String,
    pub phase: Phase,
    /// The day written answers are due (once the interview is over).
    pub written_due_on: Option<String>,
}

/// One transcript entry.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryView {
    pub seq: i32,
    pub kind: EntryKind,
    /// Who speaks (the host, the official's name and capacity).
    pub speaker: String,
    pub body: String,
    /// The question an answer answers, and who asked it (masked).
    pub question: Option<String>,
    pub asker: Option<String>,
    /// `HH:MM`, Guangdong time.
    pub at: String,
}

/// A question as the public, its asker and the moderator see it (the
/// asker's name masked for everyone).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: i64,
    pub interview_id: i64,
    pub interview: String,
    pub asker: String,
    pub question: String,
    pub asked_at: String,
    pub state: QuestionState,
    pub reason: Option<RejectReason>,
    /// The written answer's due day (questions owed one, once the
    /// interview is over or the question deferred).
    pub due_on: Option<String>,
    pub answer: Option<String>,
    pub answered_at: Option<String>,
    /// The viewer asked it.
    pub mine: bool,
}

/// An interview's page: the interview, its transcript, the answered
/// questions (live and written), the viewer's own questions, and what the
/// viewer may do.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewDetail {
    pub interview: InterviewView,
    pub transcript: Vec<EntryView>,
    pub answered: Vec<QuestionView>,
    pub mine: Vec<QuestionView>,
    /// Signed in as a citizen or enterprise, and questions are taken.
    pub may_ask: bool,
    /// Staff of the owning department.
    pub may_moderate: bool,
}

/// The moderator's view of one interview: the interview, every question
/// (pending first) and the transcript.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleView {
    pub interview: InterviewView,
    pub questions: Vec<QuestionView>,
    pub transcript: Vec<EntryView>,
}

/// The department's interviews and the questions owed a written answer,
/// by due date.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub department: Bilingual,
    pub interviews: Vec<InterviewView>,
    pub written: Vec<QuestionView>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn official() -> Calendar {
        Calendar::from_csv(include_str!("../../../server/seed/calendar.csv")).unwrap()
    }

    const STARTS: OffsetDateTime = datetime!(2026-12-20 10:00 +8);
    const ENDS: OffsetDateTime = datetime!(2026-12-20 11:30 +8);

    #[test]
    fn the_phase_follows_the_times_unless_the_moderator_acts() {
        let phase = |started, ended, now| Phase::of(STARTS, ENDS, started, ended, now);
        assert_eq!(
            phase(None, None, datetime!(2026-12-20 09:59 +8)),
            Phase::Upcoming
        );
        assert_eq!(phase(None, None, STARTS), Phase::Live);
        assert_eq!(
            phase(None, None, datetime!(2026-12-20 11:29 +8)),
            Phase::Live
        );
        assert_eq!(phase(None, None, ENDS), Phase::Ended);
        // Started early: live before the scheduled start.
        let early = Some(datetime!(2026-12-20 09:50 +8));
        assert_eq!(
            phase(early, None, datetime!(2026-12-20 09:55 +8)),
            Phase::Live
        );
        // Overrunning: live after the scheduled end until ended.
        assert_eq!(
            phase(early, None, datetime!(2026-12-20 12:00 +8)),
            Phase::Live
        );
        // Ended early: over, whatever the schedule says.
        let ended = Some(datetime!(2026-12-20 11:00 +8));
        assert_eq!(
            phase(early, ended, datetime!(2026-12-20 11:05 +8)),
            Phase::Ended
        );
        assert!(Phase::Upcoming.takes_questions() && Phase::Live.takes_questions());
        assert!(!Phase::Ended.takes_questions());
    }

    #[test]
    fn the_moderator_starts_upcoming_and_ends_live_interviews() {
        assert!(Switch::Start.allowed(Phase::Upcoming));
        assert!(!Switch::Start.allowed(Phase::Live));
        assert!(!Switch::Start.allowed(Phase::Ended));
        assert!(Switch::End.allowed(Phase::Live));
        assert!(!Switch::End.allowed(Phase::Upcoming));
        assert!(!Switch::End.allowed(Phase::Ended));
        assert_eq!(Switch::parse("start"), Some(Switch::Start));
        assert_eq!(Switch::parse("pause"), None);
    }

    #[test]
    fn question_decisions_follow_the_queue() {
        use Decision as D;
        use QuestionState as S;
        let reject = D::Reject(RejectReason::OffTopic);
        // Pending: everything but a written answer before the end.
        assert_eq!(step(S::Pending, Phase::Upcoming, D::Accept), Ok(S::Queued));
        assert_eq!(step(S::Pending, Phase::Live, D::Accept), Ok(S::Queued));
        assert_eq!(
            step(S::Pending, Phase::Ended, D::Accept),
            Err(Problem::WrongState)
        );
        assert_eq!(step(S::Pending, Phase::Live, reject), Ok(S::Rejected));
        assert_eq!(step(S::Pending, Phase::Upcoming, D::Defer), Ok(S::Deferred));
        assert_eq!(
            step(S::Pending, Phase::Live, D::AnswerLive),
            Ok(S::AnsweredLive)
        );
        assert_eq!(
            step(S::Pending, Phase::Upcoming, D::AnswerLive),
            Err(Problem::NotLive)
        );
        assert_eq!(
            step(S::Pending, Phase::Live, D::AnswerWritten),
            Err(Problem::WrongState)
        );
        assert_eq!(
            step(S::Pending, Phase::Ended, D::AnswerWritten),
            Ok(S::AnsweredWritten)
        );
        // Queued: answered live, or dropped.
        assert_eq!(
            step(S::Queued, Phase::Live, D::AnswerLive),
            Ok(S::AnsweredLive)
        );
        assert_eq!(
            step(S::Queued, Phase::Live, D::Accept),
            Err(Problem::WrongState)
        );
        assert_eq!(step(S::Queued, Phase::Live, reject), Ok(S::Rejected));
        assert_eq!(step(S::Queued, Phase::Live, D::Defer), Ok(S::Deferred));
        assert_eq!(
            step(S::Queued, Phase::Ended, D::AnswerWritten),
            Ok(S::AnsweredWritten)
        );
        // Deferred: only a written answer, at any time.
        assert_eq!(
            step(S::Deferred, Phase::Live, D::AnswerWritten),
            Ok(S::AnsweredWritten)
        );
        assert_eq!(
            step(S::Deferred, Phase::Ended, D::AnswerWritten),
            Ok(S::AnsweredWritten)
        );
        for d in [D::Accept, reject, D::Defer, D::AnswerLive] {
            assert!(step(S::Deferred, Phase::Live, d).is_err(), "{d:?}");
        }
        // Rejected and answered are final.
        for s in [S::Rejected, S::AnsweredLive, S::AnsweredWritten] {
            for d in [D::Accept, reject, D::Defer, D::AnswerLive, D::AnswerWritten] {
                for p in [Phase::Upcoming, Phase::Live, Phase::Ended] {
                    assert!(step(s, p, d).is_err(), "{s:?} {p:?} {d:?}");
                }
            }
        }
    }

    #[test]
    fn decisions_are_parsed_with_their_reasons() {
        assert_eq!(Decision::parse("accept", None), Ok(Decision::Accept));
        assert_eq!(
            Decision::parse("defer", Some("abusive")),
            Ok(Decision::Defer)
        );
        assert_eq!(
            Decision::parse("reject", Some("personal_case")),
            Ok(Decision::Reject(RejectReason::PersonalCase))
        );
        assert_eq!(
            Decision::parse("reject", None),
            Err(Problem::ReasonRequired)
        );
        assert_eq!(
            Decision::parse("reject", Some("rude")),
            Err(Problem::ReasonRequired)
        );
        assert_eq!(
            Decision::parse("answer", None),
            Err(Problem::UnknownDecision)
        );
        for r in RejectReason::ALL {
            assert_eq!(RejectReason::parse(r.code()), Some(r));
        }
        for s in [
            "pending",
            "queued",
            "answered_live",
            "rejected",
            "deferred",
            "answered_written",
        ] {
            assert_eq!(QuestionState::parse(s).map(QuestionState::code), Some(s));
        }
    }

    #[test]
    fn what_is_not_answered_live_awaits_a_written_answer() {
        use QuestionState as S;
        assert!(S::Pending.awaits_written() && S::Queued.awaits_written());
        assert!(S::Deferred.awaits_written());
        for s in [S::Rejected, S::AnsweredLive, S::AnsweredWritten] {
            assert!(!s.awaits_written(), "{s:?}");
        }
        assert!(S::AnsweredLive.answered() && S::AnsweredWritten.answered());
    }

    #[test]
    fn written_answers_are_due_five_working_days_after_the_end_across_holidays() {
        let cal = official();
        // Ends on Wednesday 30 September 2026: the National Day holiday
        // (1–7 October) does not count, the make-up Saturday 10 October
        // does.
        assert_eq!(
            written_due(&cal, datetime!(2026-09-30 16:00 +8)),
            date!(2026 - 10 - 13)
        );
        // Late in the evening (hall time), still that day.
        assert_eq!(
            written_due(&cal, datetime!(2026-09-30 14:00 UTC)),
            date!(2026 - 10 - 13)
        );
        // A Friday: the weekend does not count.
        assert_eq!(
            written_due(&cal, datetime!(2026-11-27 11:00 +8)),
            date!(2026 - 12 - 04)
        );
        assert_eq!(end_of(ENDS, None), ENDS);
        let early = datetime!(2026-12-20 11:00 +8);
        assert_eq!(end_of(ENDS, Some(early)), early);
    }

    #[test]
    fn interviews_are_parsed_with_hall_times() {
        let raw = RawInterview {
            title: " 就业与社会保险政策在线访谈 ".into(),
            guests: "王建国（广州市人力资源和社会保障局 局长）".into(),
            description: String::new(),
            starts_at: "2026-12-20T10:00".into(),
            ends_at: "2026-12-20T11:30".into(),
            idempotency_key: None,
        };
        let new = raw.parse().unwrap();
        assert_eq!(new.title, "就业与社会保险政策在线访谈");
        assert_eq!(new.starts_at, STARTS);
        assert_eq!(new.ends_at, ENDS);
        assert_eq!(format_time(new.starts_at), "2026-12-20 10:00");
        assert_eq!(
            format_time(datetime!(2026-12-20 02:00 UTC)),
            "2026-12-20 10:00"
        );
        let swapped = RawInterview {
            starts_at: raw.ends_at.clone(),
            ends_at: raw.starts_at.clone(),
            ..raw.clone()
        };
        assert_eq!(swapped.parse(), Err(Problem::EndsBeforeStart));
        let bad = RawInterview {
            starts_at: "tomorrow".into(),
            ..raw.clone()
        };
        assert_eq!(bad.parse(), Err(Problem::BadTime));
        let untitled = RawInterview {
            title: " ".into(),
            ..raw
        };
        assert_eq!(untitled.parse(), Err(Problem::TooShort { min: 2 }));
        assert_eq!(
            parse_time("2026-12-20T02:00:00Z"),
            Ok(datetime!(2026-12-20 02:00 UTC))
        );
    }

    #[test]
    fn texts_are_bounded_and_problems_translated() {
        assert!(parse_question("社保断缴怎么办？").is_ok());
        assert_eq!(
            parse_question("怎么办？"),
            Err(Problem::TooShort { min: 5 })
        );
        assert_eq!(
            parse_question(&"问".repeat(1001)),
            Err(Problem::TooLong { max: 1000 })
        );
        assert_eq!(parse_question("bad\u{0}text here"), Err(Problem::Unusable));
        let p = Problem::TooShort { min: 5 };
        assert!(p.message(Lang::Zh).contains('5') && p.message(Lang::En).contains('5'));
        assert_eq!(p.status(), 422);
        assert_eq!(Problem::WrongState.status(), 409);
        assert_ne!(
            Problem::Closed.message(Lang::Zh),
            Problem::Closed.message(Lang::En)
        );
    }

    #[test]
    fn names_are_masked() {
        assert_eq!(mask_name("张小明"), "张**");
        assert_eq!(mask_name("李华"), "李*");
        assert_eq!(mask_name("王"), "王*");
        assert_eq!(mask_name(" Li Hua "), "L*****");
        assert_eq!(mask_name(""), "*");
    }
}
