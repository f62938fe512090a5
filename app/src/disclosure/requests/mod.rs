//! Requests for information (依申请公开) in the hall: the pure machine is
//! [`super::request`]; this module holds what the pages and the API show
//! of a request (its row in a list, the request with its log, its answer
//! and the appeal routes), the interface's names of the machine's codes,
//! and the refusals as the hall answers them. `store.rs` holds the queries,
//! `pages.rs` the pages.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use super::request::{ApplicantKind, Delivery, Outcome, Problem, Role, State, Withheld};
use crate::{
    catalog::Bilingual,
    i18n::{Lang, Msg},
    text::TextRule,
    workorder::DeadlineProblem,
};
use serde::{Deserialize, Serialize};

/// A purpose: up to 500 characters (the schema's bound), optional.
pub const PURPOSE_RULE: TextRule = TextRule::lines(500);
/// The body holding information not held here: one line of up to 100.
pub const HOLDER_RULE: TextRule = TextRule::line(100);

/// Whether `no` has a request number's shape (`YS` and 14 digits).
pub fn is_request_no(no: &str) -> bool {
    no.len() == 16 && no.starts_with("YS") && no[2..].bytes().all(|b| b.is_ascii_digit())
}

/// The stable code of a role (as the log stores it).
pub fn role_code(role: Role) -> &'static str {
    match role {
        Role::Applicant => "applicant",
        Role::Office => "office",
        Role::OfficeHead => "office_head",
    }
}

pub fn role_msg(code: &str) -> Msg {
    match code {
        "applicant" => Msg::IrRoleApplicant,
        "office" => Msg::IrRoleOffice,
        "office_head" => Msg::IrRoleOfficeHead,
        _ => Msg::IrRoleSystem,
    }
}

pub fn state_msg(state: State) -> Msg {
    match state {
        State::Received => Msg::IrStateReceived,
        State::Supplementing => Msg::IrStateSupplementing,
        State::Consulting => Msg::IrStateConsulting,
        State::Answered => Msg::IrStateAnswered,
        State::Lapsed => Msg::IrStateLapsed,
        State::Withdrawn => Msg::IrStateWithdrawn,
    }
}

pub fn action_msg(code: &str) -> Msg {
    match code {
        "submit" => Msg::IrActSubmit,
        "ask_supplement" => Msg::IrActAskSupplement,
        "supplement" => Msg::IrActSupplement,
        "lapse" => Msg::IrActLapse,
        "consult" => Msg::IrActConsult,
        "end_consultation" => Msg::IrActEndConsultation,
        "ask_extension" => Msg::IrActAskExtension,
        "approve_extension" => Msg::IrActApproveExtension,
        "refuse_extension" => Msg::IrActRefuseExtension,
        "answer" => Msg::IrActAnswer,
        _ => Msg::IrActWithdraw,
    }
}

pub fn outcome_msg(outcome: Outcome) -> Msg {
    match outcome {
        Outcome::Disclosed => Msg::IrOutDisclosed,
        Outcome::PartlyDisclosed => Msg::IrOutPartlyDisclosed,
        Outcome::NotDisclosed => Msg::IrOutNotDisclosed,
        Outcome::NotHeld => Msg::IrOutNotHeld,
        Outcome::NeedsCreating => Msg::IrOutNeedsCreating,
        Outcome::StillUnclear => Msg::IrOutStillUnclear,
        Outcome::NotARequest => Msg::IrOutNotARequest,
        Outcome::Repeat => Msg::IrOutRepeat,
        Outcome::Publication => Msg::IrOutPublication,
        Outcome::Excessive => Msg::IrOutExcessive,
        Outcome::Confirmation => Msg::IrOutConfirmation,
        Outcome::NoSupplement => Msg::IrOutNoSupplement,
        Outcome::OtherHandling => Msg::IrOutOtherHandling,
    }
}

pub fn withheld_msg(withheld: Withheld) -> Msg {
    match withheld {
        Withheld::StateSecret => Msg::IrWhStateSecret,
        Withheld::LawForbids => Msg::IrWhLawForbids,
        Withheld::Security => Msg::IrWhSecurity,
        Withheld::ThirdPartyRights => Msg::IrWhThirdParty,
        Withheld::InternalAffairs => Msg::IrWhInternal,
        Withheld::ProcessInformation => Msg::IrWhProcess,
        Withheld::EnforcementFile => Msg::IrWhEnforcement,
        Withheld::AdministrativeQuery => Msg::IrWhQuery,
    }
}

pub fn applicant_kind_msg(kind: ApplicantKind) -> Msg {
    match kind {
        ApplicantKind::NaturalPerson => Msg::IrKindNaturalPerson,
        ApplicantKind::Business => Msg::IrKindBusiness,
        ApplicantKind::Research => Msg::IrKindResearch,
        ApplicantKind::SocialOrganisation => Msg::IrKindSocial,
        ApplicantKind::LegalService => Msg::IrKindLegal,
        ApplicantKind::Other => Msg::IrKindOther,
    }
}

pub fn delivery_msg(delivery: Delivery) -> Msg {
    match delivery {
        Delivery::Online => Msg::IrDeliveryOnline,
        Delivery::Post => Msg::IrDeliveryPost,
        Delivery::Collect => Msg::IrDeliveryCollect,
    }
}

/// The interface's text of a refusal.
fn problem_msg(problem: Problem) -> Msg {
    match problem {
        Problem::NotYourTurn => Msg::IrProbNotYourTurn,
        Problem::WrongState => Msg::IrProbWrongState,
        Problem::SupplementWindow => Msg::IrProbSupplementWindow,
        Problem::SupplementNotLate => Msg::IrProbSupplementNotLate,
        Problem::ExtensionPending => Msg::IrProbExtensionPending,
        Problem::NoExtensionAsked => Msg::IrProbNoExtension,
        Problem::ExtensionDays => Msg::IrProbExtensionDays,
        Problem::Deadline { deadline } => match deadline {
            DeadlineProblem::AlreadyExtended => Msg::IrProbExtended,
            DeadlineProblem::PastDeadline => Msg::IrProbPastDeadline,
            DeadlineProblem::OwnApproval => Msg::IrProbOwnApproval,
            DeadlineProblem::ExtensionDays { .. } => Msg::IrProbExtensionDays,
            DeadlineProblem::OutOfRange => Msg::IrProbWrongState,
        },
        Problem::Withheld => Msg::IrProbWithheld,
        Problem::NotAnAnswer => Msg::IrProbNotAnAnswer,
        Problem::Text { .. } => Msg::IrProbText,
    }
}

fn problem_message(problem: Problem, lang: Lang) -> String {
    match problem {
        Problem::Text { text } => format!(
            "{}{}{}",
            lang.t(problem_msg(problem)),
            lang.t(Msg::Colon),
            text.message(lang)
        ),
        _ => lang.t(problem_msg(problem)).to_string(),
    }
}

/// 403 for the wrong person, 409 for a state or a deadline that refuses,
/// 422 for what was typed.
fn problem_status(problem: Problem) -> u16 {
    match problem {
        Problem::NotYourTurn => 403,
        Problem::ExtensionDays
        | Problem::Withheld
        | Problem::NotAnAnswer
        | Problem::Text { .. } => 422,
        Problem::Deadline {
            deadline: DeadlineProblem::ExtensionDays { .. },
        } => 422,
        _ => 409,
    }
}

impl From<Problem> for crate::error::AppError {
    fn from(problem: Problem) -> Self {
        crate::error::AppError::Refused(crate::error::Refusal::new(
            "information_request_refused",
            problem_status(problem),
            &problem,
            Bilingual::each(|lang| problem_message(problem, lang)),
        ))
    }
}

/// Why a new request cannot be taken (besides its texts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum SubmitProblem {
    /// No such department.
    Department,
    /// An applicant kind the account cannot be.
    ApplicantKind,
    /// No such way of delivery.
    Delivery,
}

impl From<SubmitProblem> for crate::error::AppError {
    fn from(problem: SubmitProblem) -> Self {
        let msg = match problem {
            SubmitProblem::Department => Msg::IrProbDepartment,
            SubmitProblem::ApplicantKind => Msg::IrProbApplicantKind,
            SubmitProblem::Delivery => Msg::IrProbDelivery,
        };
        crate::error::AppError::Refused(crate::error::Refusal::new(
            "information_request_refused",
            422,
            &problem,
            Bilingual::each(|lang| lang.t(msg).to_string()),
        ))
    }
}

/// A request in a list (mine, the office's queue).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = InformationRequestRow))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRow {
    pub request_no: String,
    pub department: Bilingual,
    /// The description's first 60 characters.
    pub summary: String,
    pub state: State,
    pub received_on: String,
    /// The answer's deadline (YYYY-MM-DD) as it stands today.
    pub due_on: String,
    /// Working days left until the deadline (negative: overdue by so
    /// many); none once the request is closed.
    pub days_left: Option<i64>,
    /// The clock stands still (a supplement or a third party awaited).
    pub paused: bool,
    /// An extension waits for the office head.
    pub extension_pending: bool,
    pub outcome: Option<Outcome>,
}

/// One entry of a request's log.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = InformationRequestEvent))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    /// YYYY-MM-DD HH:MM, hall time.
    pub at: String,
    pub action: String,
    /// applicant, office, office_head or system.
    pub role: String,
    pub to_state: State,
    pub note: Option<String>,
}

/// One request, as its applicant or its department's staff see it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = InformationRequestView))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub request_no: String,
    pub applicant: String,
    pub applicant_kind: ApplicantKind,
    pub department: Bilingual,
    pub description: String,
    pub purpose: Option<String>,
    pub delivery: Delivery,
    pub state: State,
    pub received_on: String,
    pub due_on: String,
    pub days_left: Option<i64>,
    pub paused: bool,
    pub supplement_due: Option<String>,
    pub consultation_due: Option<String>,
    /// Working days added by the approved extension.
    pub extension_days: Option<u32>,
    /// Working days of an extension waiting for the office head.
    pub extension_pending: Option<u32>,
    pub outcome: Option<Outcome>,
    pub withheld: Option<Withheld>,
    pub holder: Option<String>,
    pub answer: Option<String>,
    pub answered_on: Option<String>,
    /// The last day to apply for administrative review (行政复议, 60 days).
    pub review_by: Option<String>,
    /// The last day to sue (行政诉讼, 6 months).
    pub lawsuit_by: Option<String>,
    pub events: Vec<EventView>,
    pub roles: Vec<Role>,
    /// The steps the reader may take now (action codes).
    pub offered: Vec<String>,
    /// The proactive document made from what was disclosed (its id; for
    /// the department's staff).
    pub proactive: Option<i64>,
    /// The reader, an editor of the department, may make what was
    /// disclosed a proactive document now.
    pub may_make_proactive: bool,
}

/// Working days from `today` to `due` on `cal` (negative when past).
#[cfg(feature = "ssr")]
pub fn days_left(cal: &crate::clock::Calendar, today: time::Date, due: time::Date) -> i64 {
    if due >= today {
        i64::from(cal.working_days_between(today, due, &[]))
    } else {
        -i64::from(cal.working_days_between(due, today, &[]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_numbers_and_every_code_have_names() {
        assert!(is_request_no("YS20260930000001"));
        assert!(!is_request_no("YS2026093000000"));
        assert!(!is_request_no("XJ20260930000001"));
        for o in Outcome::ALL {
            let _ = outcome_msg(o);
        }
        for code in super::super::request::Action::CODES {
            if code != "withdraw" {
                assert_ne!(action_msg(code), Msg::IrActWithdraw, "{code}");
            }
        }
    }
}
