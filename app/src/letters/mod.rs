//! Letters (留言/诉求) handled as work orders, the 12345 way: a signed-in
//! person writes to a department, a leader's mailbox (领导信箱) or the
//! hotline centre; the centre of the region (its 政务服务和数据管理局)
//! accepts (受理) and dispatches (派单) it to a lead department with
//! co-handlers; the department may return a misrouted order within one
//! working day, takes it (签收), replies (答复) by a deadline on the
//! working-day clock (one extension, approved by the centre); the writer or
//! the centre follows up (回访) from the next working day; an unsatisfied
//! writer may reopen once; the centre closes.
//!
//! ```text
//! submitted ─accept─▶ accepted ─dispatch─▶ dispatched ─take─▶ handling ─reply─▶ replied
//!   │  │                 │  ▲  │                │                 ▲   │            │
//!   │  └decline/merge┐   │  └──┼──return (≤1 wd)┘                 │   └extension   follow_up
//!   │                ▼   │     │                                  │                ├ satisfied ─▶ resolved
//!   └──────▶ not_responsible / merged     forward (thanks) ─▶ resolved            └ not ─▶ unsatisfied
//!                                                                 └──reopen (writer, once)──┘ │
//!                                                               close (centre) ─▶ resolved / closed_unresolved
//! ```
//!
//! Thanks letters (感谢) are not dispatched: once accepted, the centre
//! forwards them to the department thanked and they are resolved at once.
//!
//! This file holds the pure rules (the machine, the texts as parsed values,
//! duplicates, masking); `store.rs` the queries; `pages.rs` the pages.

pub mod pages;
pub mod stats;
pub mod stats_page;
#[cfg(feature = "ssr")]
pub mod stats_store;
#[cfg(feature = "ssr")]
pub mod store;

use crate::{
    i18n::{Bilingual, Lang, Msg},
    text::{TextProblem, TextRule},
    workorder::{self, DeadlineProblem, Machine, OnDay, Transition, WorkAction, WorkState},
};
use serde::{Deserialize, Serialize};
use time::Date;

/// Days a duplicate is looked for: the same writer and subject within a week.
pub const DUPLICATE_DAYS: i64 = 7;
/// The most co-handlers of one letter.
pub const MAX_COHANDLERS: usize = 5;
/// A subject: one line of 1–60 characters.
pub const SUBJECT_RULE: TextRule = TextRule::line(60);
/// A letter's text: 1–3,000 characters.
pub const BODY_RULE: TextRule = TextRule::lines(3000);
/// A reply: 2–3,000 characters.
pub const REPLY_RULE: TextRule = TextRule::lines(3000).at_least(2);
/// A reason or a note: 1–1,000 characters.
pub const NOTE_RULE: TextRule = TextRule::lines(1000);
/// A public list page holds this many letters; pages beyond the last are empty.
pub const PAGE_SIZE: i64 = 20;
/// The last page a public list answers (deeper pages: 400).
pub const MAX_PAGE: i64 = 500;

/// Whom a letter is written to.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Addressee {
    /// A department of a region.
    Department,
    /// The leader's mailbox (领导信箱) of a city or province.
    Leader,
    /// The hotline centre (12345).
    Centre,
}

impl Addressee {
    pub const ALL: [Addressee; 3] = [Addressee::Department, Addressee::Leader, Addressee::Centre];

    pub fn code(self) -> &'static str {
        match self {
            Addressee::Department => "department",
            Addressee::Leader => "leader",
            Addressee::Centre => "centre",
        }
    }

    pub fn parse(code: &str) -> Option<Addressee> {
        Addressee::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn msg(self) -> Msg {
        match self {
            Addressee::Department => Msg::LetAddrDepartment,
            Addressee::Leader => Msg::LetAddrLeader,
            Addressee::Centre => Msg::LetAddrCentre,
        }
    }
}

/// What kind of letter it is (诉求类型).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = LetterKind))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 咨询
    Enquiry,
    /// 求助
    Help,
    /// 投诉
    Complaint,
    /// 建议
    Suggestion,
    /// 感谢
    Thanks,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Enquiry,
        Kind::Help,
        Kind::Complaint,
        Kind::Suggestion,
        Kind::Thanks,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Enquiry => "enquiry",
            Kind::Help => "help",
            Kind::Complaint => "complaint",
            Kind::Suggestion => "suggestion",
            Kind::Thanks => "thanks",
        }
    }

    pub fn parse(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The default time limit in working days (the centre may change it).
    pub fn default_days(self) -> u32 {
        match self {
            Kind::Enquiry | Kind::Help | Kind::Thanks => 3,
            Kind::Complaint | Kind::Suggestion => 13,
        }
    }

    pub fn msg(self) -> Msg {
        match self {
            Kind::Enquiry => Msg::LetKindEnquiry,
            Kind::Help => Msg::LetKindHelp,
            Kind::Complaint => Msg::LetKindComplaint,
            Kind::Suggestion => Msg::LetKindSuggestion,
            Kind::Thanks => Msg::LetKindThanks,
        }
    }
}

/// A time limit as the centre sets it: 1 to 60 working days.
pub fn parse_limit(days: i64) -> Result<u32, Problem> {
    u32::try_from(days)
        .ok()
        .filter(|d| (1..=60).contains(d))
        .ok_or(Problem::LimitDays)
}

/// Where a letter stands.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = LetterState))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Written, waiting for the centre (待受理).
    Submitted,
    /// Accepted by the centre (已受理), to be dispatched.
    Accepted,
    /// Dispatched to the lead department (已派单), not yet taken.
    Dispatched,
    /// Taken by the department (办理中).
    Handling,
    /// Replied (已答复), waiting for the follow-up.
    Replied,
    /// The writer is not satisfied (不满意).
    Unsatisfied,
    /// Finished, resolved (办结).
    Resolved,
    /// Closed without being resolved.
    ClosedUnresolved,
    /// Not the government's responsibility (不属于受理范围), with a reason.
    NotResponsible,
    /// Merged into another letter (重复件).
    Merged,
}

impl State {
    pub const ALL: [State; 10] = [
        State::Submitted,
        State::Accepted,
        State::Dispatched,
        State::Handling,
        State::Replied,
        State::Unsatisfied,
        State::Resolved,
        State::ClosedUnresolved,
        State::NotResponsible,
        State::Merged,
    ];

    pub fn msg(self) -> Msg {
        match self {
            State::Submitted => Msg::LetStateSubmitted,
            State::Accepted => Msg::LetStateAccepted,
            State::Dispatched => Msg::LetStateDispatched,
            State::Handling => Msg::LetStateHandling,
            State::Replied => Msg::LetStateReplied,
            State::Unsatisfied => Msg::LetStateUnsatisfied,
            State::Resolved => Msg::LetStateResolved,
            State::ClosedUnresolved => Msg::LetStateClosedUnresolved,
            State::NotResponsible => Msg::LetStateNotResponsible,
            State::Merged => Msg::LetStateMerged,
        }
    }

    /// The department's deadline runs.
    pub fn deadline_runs(self) -> bool {
        matches!(self, State::Dispatched | State::Handling)
    }
}

impl WorkState for State {
    fn code(self) -> &'static str {
        match self {
            State::Submitted => "submitted",
            State::Accepted => "accepted",
            State::Dispatched => "dispatched",
            State::Handling => "handling",
            State::Replied => "replied",
            State::Unsatisfied => "unsatisfied",
            State::Resolved => "resolved",
            State::ClosedUnresolved => "closed_unresolved",
            State::NotResponsible => "not_responsible",
            State::Merged => "merged",
        }
    }

    fn parse(code: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.code() == code)
    }

    fn is_final(self) -> bool {
        matches!(
            self,
            State::Resolved | State::ClosedUnresolved | State::NotResponsible | State::Merged
        )
    }
}

/// Who acts on a letter.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = LetterRole))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The person who wrote it.
    Writer,
    /// A clerk of the region's hotline centre (staff of its ZWSJJ).
    Centre,
    /// Staff of the lead department.
    Department,
    /// Staff of a co-handling department.
    Cohandler,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Writer => "writer",
            Role::Centre => "centre",
            Role::Department => "department",
            Role::Cohandler => "cohandler",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        [
            Role::Writer,
            Role::Centre,
            Role::Department,
            Role::Cohandler,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }

    pub fn msg(self) -> Msg {
        match self {
            Role::Writer => Msg::LetRoleWriter,
            Role::Centre => Msg::LetRoleCentre,
            Role::Department => Msg::LetRoleDepartment,
            Role::Cohandler => Msg::LetRoleCohandler,
        }
    }
}

/// A step, as posted (`{"action":"dispatch","department":12,"cohandlers":[]}`).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = LetterAction))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// The centre accepts it (受理).
    Accept,
    /// The centre declines it: not the government's responsibility.
    Decline { reason: String },
    /// The centre merges it into another letter (`into`: its number).
    Merge { into: String },
    /// The centre dispatches it to a lead department and co-handlers.
    Dispatch {
        department: i64,
        #[serde(default)]
        cohandlers: Vec<i64>,
    },
    /// The centre forwards a thanks letter to the department thanked.
    Forward { department: i64 },
    /// The lead department returns a misrouted order (within 1 working day).
    Return { reason: String },
    /// The lead department takes it (签收).
    Take,
    /// A co-handler adds its opinion (the lead department replies).
    Opinion { text: String },
    /// The lead department replies (答复).
    Reply { text: String },
    /// The lead department asks for more time, once, before the deadline.
    RequestExtension { days: u32, reason: String },
    /// The centre approves the extension asked.
    ApproveExtension,
    /// The centre refuses it.
    RefuseExtension { reason: String },
    /// The follow-up (回访), by the writer or the centre.
    FollowUp {
        satisfied: bool,
        #[serde(default)]
        note: String,
    },
    /// The unsatisfied writer reopens it, once.
    Reopen { reason: String },
    /// The centre closes an unsatisfied letter.
    Close { resolved: bool, note: String },
}

impl Action {
    /// Every action's code, in the order the machine is probed.
    pub const CODES: [&'static str; 15] = [
        "accept",
        "decline",
        "merge",
        "dispatch",
        "forward",
        "return",
        "take",
        "opinion",
        "reply",
        "request_extension",
        "approve_extension",
        "refuse_extension",
        "follow_up",
        "reopen",
        "close",
    ];

    /// Who may take it.
    pub fn roles(&self) -> &'static [Role] {
        match self {
            Action::Accept
            | Action::Decline { .. }
            | Action::Merge { .. }
            | Action::Dispatch { .. }
            | Action::Forward { .. }
            | Action::ApproveExtension
            | Action::RefuseExtension { .. }
            | Action::Close { .. } => &[Role::Centre],
            Action::Return { .. }
            | Action::Take
            | Action::Reply { .. }
            | Action::RequestExtension { .. } => &[Role::Department],
            Action::Opinion { .. } => &[Role::Cohandler],
            Action::FollowUp { .. } => &[Role::Writer, Role::Centre],
            Action::Reopen { .. } => &[Role::Writer],
        }
    }

    pub fn msg_of(code: &str) -> Msg {
        match code {
            "submit" => Msg::LetActSubmit,
            "accept" => Msg::LetActAccept,
            "decline" => Msg::LetActDecline,
            "merge" => Msg::LetActMerge,
            "dispatch" => Msg::LetActDispatch,
            "forward" => Msg::LetActForward,
            "return" => Msg::LetActReturn,
            "take" => Msg::LetActTake,
            "opinion" => Msg::LetActOpinion,
            "reply" => Msg::LetActReply,
            "request_extension" => Msg::LetActRequestExtension,
            "approve_extension" => Msg::LetActApproveExtension,
            "refuse_extension" => Msg::LetActRefuseExtension,
            "follow_up" => Msg::LetActFollowUp,
            "reopen" => Msg::LetActReopen,
            _ => Msg::LetActClose,
        }
    }
}

impl WorkAction for Action {
    type Role = Role;

    fn code(&self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::Decline { .. } => "decline",
            Action::Merge { .. } => "merge",
            Action::Dispatch { .. } => "dispatch",
            Action::Forward { .. } => "forward",
            Action::Return { .. } => "return",
            Action::Take => "take",
            Action::Opinion { .. } => "opinion",
            Action::Reply { .. } => "reply",
            Action::RequestExtension { .. } => "request_extension",
            Action::ApproveExtension => "approve_extension",
            Action::RefuseExtension { .. } => "refuse_extension",
            Action::FollowUp { .. } => "follow_up",
            Action::Reopen { .. } => "reopen",
            Action::Close { .. } => "close",
        }
    }

    /// The first role that may take it (see [`Action::roles`] for all).
    fn role(&self) -> Role {
        self.roles()[0]
    }
}

/// Why a letter or a step on it is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    #[error("this step is not yours to take")]
    NotYourTurn,
    #[error("this step cannot be taken in the letter's present state")]
    WrongState,
    #[error("a misrouted letter is returned within 1 working day of its dispatch")]
    ReturnWindowPassed,
    #[error("a letter is reopened once")]
    AlreadyReopened,
    #[error("the follow-up is made from the next working day after the reply")]
    FollowUpTooEarly,
    #[error("no extension has been asked")]
    NoExtensionAsked,
    #[error("an extension is waiting for the centre")]
    ExtensionPending,
    #[error("the extension: {deadline}")]
    Deadline { deadline: DeadlineProblem },
    #[error("thanks letters are forwarded, other letters dispatched")]
    ThanksAreForwarded,
    #[error("the lead department cannot also be a co-handler")]
    Cohandlers,
    #[error("a letter cannot be merged into itself or into a merged letter")]
    MergeTarget,
    #[error("a time limit is 1 to 60 working days")]
    LimitDays,
    #[error("the subject: {text}")]
    Subject { text: TextProblem },
    #[error("the text: {text}")]
    Body { text: TextProblem },
    #[error("the reply: {text}")]
    ReplyText { text: TextProblem },
    #[error("the reason or note: {text}")]
    Note { text: TextProblem },
    #[error("choose whom the letter is to")]
    Addressee,
    #[error("choose the kind of letter")]
    Kind,
    #[error("choose a department of the region")]
    Department,
}

impl Problem {
    pub fn msg(self) -> Msg {
        match self {
            Problem::NotYourTurn => Msg::LetProbNotYourTurn,
            Problem::WrongState => Msg::LetProbWrongState,
            Problem::ReturnWindowPassed => Msg::LetProbReturnWindow,
            Problem::AlreadyReopened => Msg::LetProbReopened,
            Problem::FollowUpTooEarly => Msg::LetProbFollowUpEarly,
            Problem::NoExtensionAsked => Msg::LetProbNoExtension,
            Problem::ExtensionPending => Msg::LetProbExtensionPending,
            Problem::Deadline { deadline } => match deadline {
                DeadlineProblem::AlreadyExtended => Msg::LetProbExtended,
                DeadlineProblem::PastDeadline => Msg::LetProbPastDeadline,
                DeadlineProblem::OwnApproval => Msg::LetProbOwnApproval,
                DeadlineProblem::ExtensionDays { .. } => Msg::LetProbExtensionDays,
                DeadlineProblem::OutOfRange => Msg::LetProbWrongState,
            },
            Problem::ThanksAreForwarded => Msg::LetProbThanks,
            Problem::Cohandlers => Msg::LetProbCohandlers,
            Problem::MergeTarget => Msg::LetProbMergeTarget,
            Problem::LimitDays => Msg::LetProbLimitDays,
            Problem::Subject { .. } => Msg::LetSubject,
            Problem::Body { .. } => Msg::LetBody,
            Problem::ReplyText { .. } => Msg::LetActReply,
            Problem::Note { .. } => Msg::LetNote,
            Problem::Addressee => Msg::LetProbAddressee,
            Problem::Kind => Msg::LetProbKind,
            Problem::Department => Msg::LetProbDepartment,
        }
    }

    /// The translated message.
    pub fn message(self, lang: Lang) -> String {
        match self {
            Problem::Subject { text }
            | Problem::Body { text }
            | Problem::ReplyText { text }
            | Problem::Note { text } => {
                format!(
                    "{}{}{}",
                    lang.t(self.msg()),
                    lang.t(Msg::Colon),
                    text.message(lang)
                )
            }
            _ => lang.t(self.msg()).to_string(),
        }
    }

    /// 403 for the wrong person, 409 for a state that refuses, 422 for what
    /// was typed.
    pub fn status(self) -> u16 {
        match self {
            Problem::NotYourTurn => 403,
            Problem::WrongState
            | Problem::ReturnWindowPassed
            | Problem::AlreadyReopened
            | Problem::FollowUpTooEarly
            | Problem::NoExtensionAsked
            | Problem::ExtensionPending
            | Problem::ThanksAreForwarded => 409,
            Problem::Deadline { deadline } => match deadline {
                DeadlineProblem::ExtensionDays { .. } => 422,
                _ => 409,
            },
            _ => 422,
        }
    }
}

impl From<Problem> for crate::error::AppError {
    fn from(problem: Problem) -> Self {
        crate::error::AppError::Refused(crate::error::Refusal::new(
            "letter_refused",
            problem.status(),
            &problem,
            Bilingual::each(|lang| problem.message(lang)),
        ))
    }
}

/// A subject, parsed: one line, 1–60 characters.
pub fn parse_subject(raw: &str) -> Result<String, Problem> {
    SUBJECT_RULE
        .parse(raw)
        .map(|t| t.into_string())
        .map_err(|text| Problem::Subject { text })
}

/// A letter's text, parsed: 1–3,000 characters.
pub fn parse_body(raw: &str) -> Result<String, Problem> {
    BODY_RULE
        .parse(raw)
        .map(|t| t.into_string())
        .map_err(|text| Problem::Body { text })
}

fn note(raw: &str) -> Result<String, Problem> {
    NOTE_RULE
        .parse(raw)
        .map(|t| t.into_string())
        .map_err(|text| Problem::Note { text })
}

fn optional_note(raw: &str) -> Result<Option<String>, Problem> {
    NOTE_RULE
        .parse_optional(raw)
        .map(|t| t.map(|t| t.into_string()))
        .map_err(|text| Problem::Note { text })
}

/// A subject as duplicates are compared: lower case, without spaces and
/// punctuation (“小区噪音扰民！” and “小区 噪音扰民” are the same subject).
pub fn normalise_subject(subject: &str) -> String {
    subject
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a new letter with `subject`, received on `today`, duplicates an
/// earlier one of the same writer (`earlier_subject`, received on
/// `earlier_on`, now in `earlier_state`): the same normalised subject
/// within [`DUPLICATE_DAYS`] days, and the earlier one not itself merged.
pub fn is_duplicate(
    subject: &str,
    today: Date,
    earlier_subject: &str,
    earlier_on: Date,
    earlier_state: State,
) -> bool {
    earlier_state != State::Merged
        && earlier_on <= today
        && (today - earlier_on).whole_days() <= DUPLICATE_DAYS
        && !normalise_subject(subject).is_empty()
        && normalise_subject(subject) == normalise_subject(earlier_subject)
}

/// Whether `no` has a letter number's shape (`XJ` and 14 digits); anything
/// else is no letter (404) without asking the database.
pub fn is_letter_no(no: &str) -> bool {
    no.len() == 16 && no.starts_with("XJ") && no[2..].bytes().all(|b| b.is_ascii_digit())
}

/// A name as the public sees it (the shared rule of `crate::text`).
pub use crate::text::mask_name;

/// The parts of a letter the machine needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub state: State,
    pub kind: Kind,
    /// The time limit of its kind, in working days.
    pub limit_days: u32,
    /// The lead department, once dispatched.
    pub department_id: Option<i64>,
    pub dispatched_on: Option<Date>,
    pub due_on: Option<Date>,
    /// The deadline was extended (the one extension used).
    pub extended: bool,
    /// An extension was asked once (approved, refused or pending).
    pub extension_asked: bool,
    /// The extension waiting for the centre: its days and who asked.
    pub extension_pending: Option<(u32, i64)>,
    pub replied_on: Option<Date>,
    pub reopened: bool,
}

/// A letter as one person acting on it sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub letter: Letter,
    /// The account acting.
    pub actor: i64,
}

/// Whom the writer is told about a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tell {
    Accepted,
    Replied,
    Merged,
    Closed,
}

/// What a step changes besides the state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Effect {
    /// The text stored with the step's event (reason, note, reply, opinion).
    pub note: Option<String>,
    /// The lead department and co-handlers, dispatched on `today` with
    /// this deadline.
    pub dispatch: Option<(i64, Vec<i64>, Date)>,
    /// Forwarded (thanks) to this department.
    pub forward_to: Option<i64>,
    /// The dispatch undone (a return).
    pub returned: bool,
    /// A new deadline (reopen, approved extension).
    pub due_on: Option<Date>,
    /// An extension of these days asked, by the actor.
    pub ask_extension: Option<u32>,
    /// The pending extension answered (approved when `extended`).
    pub extension_answered: bool,
    pub extended: bool,
    /// A reply given today.
    pub replied: bool,
    /// Closed today (a final state).
    pub closed: bool,
    /// The follow-up's verdict.
    pub satisfied: Option<bool>,
    pub reopened: bool,
    /// Merged into the letter of this number.
    pub merged_into: Option<String>,
    pub tell: Option<Tell>,
}

/// The letters machine (see the diagram above).
pub struct Letters;

fn needs(roles: &[Role], action: &Action) -> Result<(), Problem> {
    if action.roles().iter().any(|r| roles.contains(r)) {
        Ok(())
    } else {
        Err(Problem::NotYourTurn)
    }
}

impl Machine for Letters {
    type Order = Seen;
    type State = State;
    type Role = Role;
    type Action = Action;
    type Effect = Effect;
    type Problem = Problem;

    fn step(
        seen: &Seen,
        on: OnDay<'_>,
        roles: &[Role],
        action: &Action,
    ) -> Result<Transition<State, Effect>, Problem> {
        needs(roles, action)?;
        let l = &seen.letter;
        let today = on.today;
        let go = |to: State, effect: Effect| {
            Ok(Transition {
                from: l.state,
                to,
                effect,
            })
        };
        let deadline = |start: Date| {
            workorder::deadline(on.cal, start, l.limit_days, &[])
                .map_err(|deadline| Problem::Deadline { deadline })
        };
        use State as S;
        match (l.state, action) {
            (S::Submitted, Action::Accept) => go(
                S::Accepted,
                Effect {
                    tell: Some(Tell::Accepted),
                    ..Effect::default()
                },
            ),
            (S::Submitted | S::Accepted, Action::Decline { reason }) => go(
                S::NotResponsible,
                Effect {
                    note: Some(note(reason)?),
                    closed: true,
                    tell: Some(Tell::Closed),
                    ..Effect::default()
                },
            ),
            (S::Submitted | S::Accepted, Action::Merge { into }) => {
                if into.trim().is_empty() {
                    return Err(Problem::MergeTarget);
                }
                go(
                    S::Merged,
                    Effect {
                        merged_into: Some(into.trim().to_string()),
                        closed: true,
                        tell: Some(Tell::Merged),
                        ..Effect::default()
                    },
                )
            }
            (
                S::Accepted,
                Action::Dispatch {
                    department,
                    cohandlers,
                },
            ) => {
                if l.kind == Kind::Thanks {
                    return Err(Problem::ThanksAreForwarded);
                }
                let mut co: Vec<i64> = Vec::new();
                for c in cohandlers {
                    if c == department {
                        return Err(Problem::Cohandlers);
                    }
                    if !co.contains(c) {
                        co.push(*c);
                    }
                }
                if co.len() > MAX_COHANDLERS {
                    return Err(Problem::Cohandlers);
                }
                let due = deadline(today)?;
                go(
                    S::Dispatched,
                    Effect {
                        dispatch: Some((*department, co, due)),
                        due_on: Some(due),
                        ..Effect::default()
                    },
                )
            }
            (S::Accepted, Action::Forward { department }) => {
                if l.kind != Kind::Thanks {
                    return Err(Problem::ThanksAreForwarded);
                }
                go(
                    S::Resolved,
                    Effect {
                        forward_to: Some(*department),
                        closed: true,
                        tell: Some(Tell::Closed),
                        ..Effect::default()
                    },
                )
            }
            (S::Dispatched, Action::Return { reason }) => {
                let dispatched = l.dispatched_on.ok_or(Problem::WrongState)?;
                if !workorder::within_working_days(on.cal, dispatched, today, 1) {
                    return Err(Problem::ReturnWindowPassed);
                }
                go(
                    S::Accepted,
                    Effect {
                        note: Some(note(reason)?),
                        returned: true,
                        ..Effect::default()
                    },
                )
            }
            (S::Dispatched, Action::Take) => go(S::Handling, Effect::default()),
            (S::Dispatched | S::Handling, Action::Opinion { text }) => go(
                l.state,
                Effect {
                    note: Some(note(text)?),
                    ..Effect::default()
                },
            ),
            (S::Handling, Action::Reply { text }) => {
                let text = REPLY_RULE
                    .parse(text)
                    .map_err(|text| Problem::ReplyText { text })?;
                go(
                    S::Replied,
                    Effect {
                        note: Some(text.into_string()),
                        replied: true,
                        extension_answered: l.extension_pending.is_some(),
                        tell: Some(Tell::Replied),
                        ..Effect::default()
                    },
                )
            }
            (S::Handling, Action::RequestExtension { days, reason }) => {
                if l.extension_pending.is_some() {
                    return Err(Problem::ExtensionPending);
                }
                let due = l.due_on.ok_or(Problem::WrongState)?;
                workorder::may_ask_extension(due, l.extended || l.extension_asked, today, *days)
                    .map_err(|deadline| Problem::Deadline { deadline })?;
                go(
                    S::Handling,
                    Effect {
                        note: Some(note(reason)?),
                        ask_extension: Some(*days),
                        ..Effect::default()
                    },
                )
            }
            (S::Handling, Action::ApproveExtension) => {
                let (days, asker) = l.extension_pending.ok_or(Problem::NoExtensionAsked)?;
                let due = l.due_on.ok_or(Problem::WrongState)?;
                let new_due = workorder::approve_extension(on.cal, due, days, asker, seen.actor)
                    .map_err(|deadline| Problem::Deadline { deadline })?;
                go(
                    S::Handling,
                    Effect {
                        due_on: Some(new_due),
                        extension_answered: true,
                        extended: true,
                        ..Effect::default()
                    },
                )
            }
            (S::Handling, Action::RefuseExtension { reason }) => {
                if l.extension_pending.is_none() {
                    return Err(Problem::NoExtensionAsked);
                }
                go(
                    S::Handling,
                    Effect {
                        note: Some(note(reason)?),
                        extension_answered: true,
                        ..Effect::default()
                    },
                )
            }
            (S::Replied, Action::FollowUp { satisfied, note }) => {
                let replied = l.replied_on.ok_or(Problem::WrongState)?;
                if !workorder::from_next_working_day(on.cal, replied, today) {
                    return Err(Problem::FollowUpTooEarly);
                }
                let note = optional_note(note)?;
                if *satisfied {
                    go(
                        S::Resolved,
                        Effect {
                            note,
                            satisfied: Some(true),
                            closed: true,
                            tell: Some(Tell::Closed),
                            ..Effect::default()
                        },
                    )
                } else {
                    go(
                        S::Unsatisfied,
                        Effect {
                            note,
                            satisfied: Some(false),
                            ..Effect::default()
                        },
                    )
                }
            }
            (S::Unsatisfied, Action::Reopen { reason }) => {
                if l.reopened {
                    return Err(Problem::AlreadyReopened);
                }
                let due = deadline(today)?;
                go(
                    S::Handling,
                    Effect {
                        note: Some(note(reason)?),
                        due_on: Some(due),
                        reopened: true,
                        ..Effect::default()
                    },
                )
            }
            (
                S::Unsatisfied,
                Action::Close {
                    resolved,
                    note: text,
                },
            ) => go(
                if *resolved {
                    S::Resolved
                } else {
                    S::ClosedUnresolved
                },
                Effect {
                    note: Some(note(text)?),
                    closed: true,
                    tell: Some(Tell::Closed),
                    ..Effect::default()
                },
            ),
            _ => Err(Problem::WrongState),
        }
    }

    fn probes(seen: &Seen) -> Vec<Action> {
        let x = || "x".to_string();
        vec![
            Action::Accept,
            Action::Decline { reason: x() },
            Action::Merge { into: x() },
            Action::Dispatch {
                department: seen.letter.department_id.unwrap_or(0) + 1,
                cohandlers: Vec::new(),
            },
            Action::Forward { department: 1 },
            Action::Return { reason: x() },
            Action::Take,
            Action::Opinion { text: x() },
            Action::Reply { text: "xx".into() },
            Action::RequestExtension {
                days: 1,
                reason: x(),
            },
            Action::ApproveExtension,
            Action::RefuseExtension { reason: x() },
            Action::FollowUp {
                satisfied: true,
                note: String::new(),
            },
            Action::Reopen { reason: x() },
            Action::Close {
                resolved: true,
                note: x(),
            },
        ]
    }
}

/// The actions `roles` may take on `seen` on `on` (the forms a page shows).
pub fn offered(seen: &Seen, on: OnDay<'_>, roles: &[Role]) -> Vec<&'static str> {
    workorder::offered::<Letters>(seen, on, roles)
}

/// Takes `action` on `seen` (the store applies the transition).
pub fn step(
    seen: &Seen,
    on: OnDay<'_>,
    roles: &[Role],
    action: &Action,
) -> Result<Transition<State, Effect>, Problem> {
    Letters::step(seen, on, roles, action)
}

// ---- views ------------------------------------------------------------------

/// One event of a letter's log, as shown (never a staff member's name).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = LetterEvent))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    /// Local time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub action: String,
    pub role: Role,
    pub from_state: Option<State>,
    pub to_state: State,
    pub department: Option<crate::catalog::Bilingual>,
    pub note: Option<String>,
}

/// A letter as its reader may see it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterView {
    pub letter_no: String,
    pub addressee: Addressee,
    pub kind: Kind,
    pub region_code: i32,
    pub region: crate::catalog::Bilingual,
    pub addressed_department: Option<crate::catalog::Bilingual>,
    pub subject: String,
    pub body: String,
    pub public: bool,
    pub state: State,
    /// The writer's name: in full for the writer and the staff handling
    /// it, masked for everyone else.
    pub writer: String,
    pub department_id: Option<i64>,
    pub department: Option<crate::catalog::Bilingual>,
    pub cohandlers: Vec<crate::catalog::Bilingual>,
    /// `YYYY-MM-DD`
    pub received_on: String,
    pub dispatched_on: Option<String>,
    pub due_on: Option<String>,
    pub extended: bool,
    /// Days of the extension waiting for the centre.
    pub extension_pending: Option<u32>,
    pub replied_on: Option<String>,
    pub replied_on_time: Option<bool>,
    pub closed_on: Option<String>,
    pub satisfied: Option<bool>,
    pub reopened: bool,
    pub merged_into: Option<String>,
    /// The microblog question it came from (issue 21), for the writer and
    /// the staff handling it: its number and where they read it.
    #[serde(default)]
    pub from_question: Option<FromQuestion>,
    pub returned_count: i32,
    /// The latest reply.
    pub reply: Option<String>,
    /// Scans attached (the writer and handling staff only).
    pub files: Vec<LetterFile>,
    pub events: Vec<EventView>,
    /// The viewer's roles on it.
    pub roles: Vec<Role>,
    /// The steps the viewer may take now.
    pub offered: Vec<String>,
}

/// The microblog question a letter came from.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FromQuestion {
    /// `WQ…`
    pub question_no: String,
    /// The account asked (its name as shown).
    pub account: String,
    /// The question's page for this reader: the asker's own, or the
    /// account team's.
    pub link: String,
}

/// A scan attached to a letter.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = LetterFile))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterFile {
    pub upload_id: i64,
    pub name: String,
}

/// A letter in a list (public, mine, a queue).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterRow {
    pub letter_no: String,
    pub kind: Kind,
    pub subject: String,
    pub state: State,
    pub region: crate::catalog::Bilingual,
    pub department: Option<crate::catalog::Bilingual>,
    pub received_on: String,
    pub due_on: Option<String>,
    pub replied_on: Option<String>,
    /// Past its deadline and not replied.
    pub overdue: bool,
    /// In a queue: an extension waits for the centre.
    pub extension_pending: bool,
}

/// The time limit of a kind.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limit {
    pub kind: Kind,
    pub days: u32,
}

#[cfg(test)]
mod tests;
