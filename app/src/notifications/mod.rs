//! Notifications (站内消息): the in-app inbox of staff, supervisors and
//! applicants, and the e-mail copy of each message. A message is stored as
//! a kind and its parameters and rendered in the reader's language, so the
//! inbox follows the language switch; an e-mail carries both languages.
//!
//! Who is told about an alert of the deadline monitor is decided here too
//! (pure): a yellow alert reminds the handler, or the whole post while the
//! step is not taken; a red one escalates to the unit's heads, the nearest
//! supervisors up the region tree, and tells the applicant.

#[cfg(feature = "ssr")]
pub mod store;

pub mod case;
pub mod pages;

use crate::{
    i18n::{Bilingual, Lang, Msg},
    supervision::Alert,
};
use serde::{Deserialize, Serialize};

/// What a message is about.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = NotificationKind))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Yellow alert: a step's deadline is near (to its handler or post).
    StepDueSoon,
    /// Red alert: a step is past its deadline (to unit heads and
    /// supervisors: escalation, 督办).
    StepOverdue,
    /// Red alert, told to the applicant: the case is late and has been
    /// escalated.
    CaseEscalated,
    /// An enterprise asks a citizen to act for it (to be accepted or
    /// declined in my space).
    EnterpriseInvitation,
    /// Someone tried to register an account with the holder's ID number.
    RegistrationTried,
    // issue 17, desk
    /// A supervisor's notice (督办) about a late step (to its post's clerks
    /// and its unit's heads).
    SupervisionNotice,
    /// The department answered a notice (to the supervisor who sent it).
    SupervisionReply,
    // issue 17, after: the applicant is told at each event of their case.
    /// The application was received and accepted (受理).
    CaseSubmitted,
    /// A supplement notice (一次告知) asks the applicant for something.
    SupplementRequested,
    /// A department approved its part.
    DepartmentApproved,
    /// A department refused its part (the case ends).
    DepartmentRejected,
    /// The case is complete (办结).
    CaseCompleted,
    /// Please rate the case (好差评), once per department.
    PleaseRate,
    // issue 17, booking: the holder of a booked visit (网上预约).
    /// A visit was booked.
    BookingMade,
    /// A booked visit was moved to another time.
    BookingRescheduled,
    /// A booked visit was cancelled.
    BookingCancelled,
    // issue 18, my enterprise: reminders of the daily job.
    /// The annual report's window opened (1 January).
    AnnualReportOpen,
    /// 1 June and the annual report is not filed.
    AnnualReportJune,
    /// A licence ends within 90 or 30 days.
    LicenceExpiring,
    // issue 18, the intermediary marketplace: what became of a purchase.
    /// The draw selected an intermediary (to the purchase's owner).
    PurchaseSelected,
    /// Fewer than two registrants: the purchase failed (to its owner).
    PurchaseFailed,
    /// The intermediary was chosen, by the draw or directly (to it).
    PurchaseWon,
    /// Another registrant was chosen (to the other registrants).
    PurchaseNotChosen,
    /// The purchase a registrant registered for failed (to it).
    PurchaseFailedRegistrant,
    /// The chosen intermediary delivered: please rate it (to the owner).
    PurchaseDelivered,
    // documents
    /// The reviewer returned an item to its author, with the reason.
    ReviewReturned,
    /// An item was published (to its author).
    ReviewPublished,
    /// A published item was withdrawn, with the reason (to its author).
    ReviewWithdrawn,
    // (end of issue 20, documents)
    // suggestions
    /// Three reports hid a suggestion (to its topic's department's staff).
    SuggestionHidden,
    /// The department selected a suggestion and replied (to its author,
    /// supporters and followers, once each).
    SuggestionReplied,
    // requests
    /// A request for information was received (to its department's staff).
    InformationRequestReceived,
    /// The office asks the applicant to supplement a request (补正).
    InformationRequestSupplement,
    /// The office head approved an extension of a request's deadline.
    InformationRequestExtended,
    /// A request was answered (to its applicant, with the outcome).
    InformationRequestAnswered,
    /// A request lapsed: no supplement came in time (to its applicant).
    InformationRequestLapsed,
    /// Yellow: a request's answer deadline is near (to the department's staff).
    InformationRequestDueSoon,
    /// Red: a request is past its answer deadline (to the department's
    /// disclosure office heads and unit heads).
    InformationRequestOverdue,
    // (end of issue 20, requests)
    // weibo
    /// An account applied for was verified (to whoever applied).
    WeiboAccountVerified,
    /// An account applied for was rejected, with the reason (to whoever applied).
    WeiboAccountRejected,
    /// A question was asked of an account (to its owner in the team).
    WeiboQuestionAsked,
    /// A question was answered (to its asker).
    WeiboQuestionAnswered,
    /// Yellow: a question's reply deadline is near (to its owner and responders).
    WeiboQuestionDueSoon,
    /// Red: a question is past its reply deadline (to the account's reviewers and the unit's heads).
    WeiboQuestionOverdue,
    /// A question became a letter work order (to its asker, with the letter).
    WeiboQuestionConverted,
    // (end of issue 21, weibo)
    // interviews
    /// A question asked in an online interview was answered, live or in
    /// writing (to its asker).
    InterviewAnswered,
    // letters: the writer at each turn, the department's
    // staff and the centre on the deadline.
    /// The centre accepted the letter (to its writer).
    LetterAccepted,
    /// The department replied (to the writer, with a link).
    LetterReplied,
    /// The letter was merged into another (to its writer).
    LetterMerged,
    /// Another writer's letter on the same matter was merged into this one
    /// by the centre (to this letter's writer).
    LetterDuplicateJoined,
    /// The letter is closed (to its writer).
    LetterClosed,
    /// Yellow: a letter's deadline is near (to the department's staff).
    LetterDueSoon,
    /// Red: a letter is past its deadline (to the department's unit
    /// heads and the centre).
    LetterOverdue,
}

impl Kind {
    /// The stable name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::StepDueSoon => "step_due_soon",
            Kind::StepOverdue => "step_overdue",
            Kind::CaseEscalated => "case_escalated",
            Kind::EnterpriseInvitation => "enterprise_invitation",
            Kind::RegistrationTried => "registration_tried",
            // issue 17, desk
            Kind::SupervisionNotice => "supervision_notice",
            Kind::SupervisionReply => "supervision_reply",
            // issue 17, after
            Kind::CaseSubmitted => "case_submitted",
            Kind::SupplementRequested => "supplement_requested",
            Kind::DepartmentApproved => "department_approved",
            Kind::DepartmentRejected => "department_rejected",
            Kind::CaseCompleted => "case_completed",
            Kind::PleaseRate => "please_rate",
            // issue 17, booking
            Kind::BookingMade => "booking_made",
            Kind::BookingRescheduled => "booking_rescheduled",
            Kind::BookingCancelled => "booking_cancelled",
            // issue 18, my enterprise
            Kind::AnnualReportOpen => "annual_report_open",
            Kind::AnnualReportJune => "annual_report_june",
            Kind::LicenceExpiring => "licence_expiring",
            // issue 18, the intermediary marketplace
            Kind::PurchaseSelected => "purchase_selected",
            Kind::PurchaseFailed => "purchase_failed",
            Kind::PurchaseWon => "purchase_won",
            Kind::PurchaseNotChosen => "purchase_not_chosen",
            Kind::PurchaseFailedRegistrant => "purchase_failed_registrant",
            Kind::PurchaseDelivered => "purchase_delivered",
            // documents
            Kind::ReviewReturned => "review_returned",
            Kind::ReviewPublished => "review_published",
            Kind::ReviewWithdrawn => "review_withdrawn",
            // (end of issue 20, documents)
            // suggestions
            Kind::SuggestionHidden => "suggestion_hidden",
            Kind::SuggestionReplied => "suggestion_replied",
            // requests
            Kind::InformationRequestReceived => "information_request_received",
            Kind::InformationRequestSupplement => "information_request_supplement",
            Kind::InformationRequestExtended => "information_request_extended",
            Kind::InformationRequestAnswered => "information_request_answered",
            Kind::InformationRequestLapsed => "information_request_lapsed",
            Kind::InformationRequestDueSoon => "information_request_due_soon",
            Kind::InformationRequestOverdue => "information_request_overdue",
            // (end of issue 20, requests)
            // weibo
            Kind::WeiboAccountVerified => "weibo_account_verified",
            Kind::WeiboAccountRejected => "weibo_account_rejected",
            Kind::WeiboQuestionAsked => "weibo_question_asked",
            Kind::WeiboQuestionAnswered => "weibo_question_answered",
            Kind::WeiboQuestionDueSoon => "weibo_question_due_soon",
            Kind::WeiboQuestionOverdue => "weibo_question_overdue",
            Kind::WeiboQuestionConverted => "weibo_question_converted",
            // (end of issue 21, weibo)
            // interviews
            Kind::InterviewAnswered => "interview_answered",
            // letters
            Kind::LetterAccepted => "letter_accepted",
            Kind::LetterReplied => "letter_replied",
            Kind::LetterMerged => "letter_merged",
            Kind::LetterDuplicateJoined => "letter_duplicate_joined",
            Kind::LetterClosed => "letter_closed",
            Kind::LetterDueSoon => "letter_due_soon",
            Kind::LetterOverdue => "letter_overdue",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        [
            Kind::StepDueSoon,
            Kind::StepOverdue,
            Kind::CaseEscalated,
            Kind::EnterpriseInvitation,
            Kind::RegistrationTried,
            // issue 17, desk
            Kind::SupervisionNotice,
            Kind::SupervisionReply,
            // issue 17, after
            Kind::CaseSubmitted,
            Kind::SupplementRequested,
            Kind::DepartmentApproved,
            Kind::DepartmentRejected,
            Kind::CaseCompleted,
            Kind::PleaseRate,
            // issue 17, booking
            Kind::BookingMade,
            Kind::BookingRescheduled,
            Kind::BookingCancelled,
            // issue 18, my enterprise
            Kind::AnnualReportOpen,
            Kind::AnnualReportJune,
            Kind::LicenceExpiring,
            // issue 18, the intermediary marketplace
            Kind::PurchaseSelected,
            Kind::PurchaseFailed,
            Kind::PurchaseWon,
            Kind::PurchaseNotChosen,
            Kind::PurchaseFailedRegistrant,
            Kind::PurchaseDelivered,
            // documents
            Kind::ReviewReturned,
            Kind::ReviewPublished,
            Kind::ReviewWithdrawn,
            // (end of issue 20, documents)
            // suggestions
            Kind::SuggestionHidden,
            Kind::SuggestionReplied,
            // requests
            Kind::InformationRequestReceived,
            Kind::InformationRequestSupplement,
            Kind::InformationRequestExtended,
            Kind::InformationRequestAnswered,
            Kind::InformationRequestLapsed,
            Kind::InformationRequestDueSoon,
            Kind::InformationRequestOverdue,
            // (end of issue 20, requests)
            // weibo
            Kind::WeiboAccountVerified,
            Kind::WeiboAccountRejected,
            Kind::WeiboQuestionAsked,
            Kind::WeiboQuestionAnswered,
            Kind::WeiboQuestionDueSoon,
            Kind::WeiboQuestionOverdue,
            Kind::WeiboQuestionConverted,
            // (end of issue 21, weibo)
            // interviews
            Kind::InterviewAnswered,
            // letters
            Kind::LetterAccepted,
            Kind::LetterReplied,
            Kind::LetterMerged,
            Kind::LetterDuplicateJoined,
            Kind::LetterClosed,
            Kind::LetterDueSoon,
            Kind::LetterOverdue,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    fn texts(self) -> (Msg, Msg) {
        match self {
            Kind::StepDueSoon => (Msg::NoteDueSoonTitle, Msg::NoteDueSoonBody),
            Kind::StepOverdue => (Msg::NoteOverdueTitle, Msg::NoteOverdueBody),
            Kind::CaseEscalated => (Msg::NoteEscalatedTitle, Msg::NoteEscalatedBody),
            Kind::EnterpriseInvitation => (Msg::NoteInvitationTitle, Msg::NoteInvitationBody),
            Kind::RegistrationTried => (
                Msg::NoteRegistrationTriedTitle,
                Msg::NoteRegistrationTriedBody,
            ),
            // issue 17, desk
            Kind::SupervisionNotice => (Msg::NoteSupervisionTitle, Msg::NoteSupervisionBody),
            Kind::SupervisionReply => (Msg::NoteSupReplyTitle, Msg::NoteSupReplyBody),
            // issue 17, after
            Kind::CaseSubmitted => (Msg::NoteSubmittedTitle, Msg::NoteSubmittedBody),
            Kind::SupplementRequested => (Msg::NoteSupplementTitle, Msg::NoteSupplementBody),
            Kind::DepartmentApproved => (Msg::NoteApprovedTitle, Msg::NoteApprovedBody),
            Kind::DepartmentRejected => (Msg::NoteRejectedTitle, Msg::NoteRejectedBody),
            Kind::CaseCompleted => (Msg::NoteCompletedTitle, Msg::NoteCompletedBody),
            Kind::PleaseRate => (Msg::NotePleaseRateTitle, Msg::NotePleaseRateBody),
            // issue 17, booking
            Kind::BookingMade => (Msg::NoteBookedTitle, Msg::NoteBookedBody),
            Kind::BookingRescheduled => (Msg::NoteRebookedTitle, Msg::NoteRebookedBody),
            Kind::BookingCancelled => (Msg::NoteBookCancelledTitle, Msg::NoteBookCancelledBody),
            // issue 18, my enterprise
            Kind::AnnualReportOpen => (Msg::NoteAnnualOpenTitle, Msg::NoteAnnualOpenBody),
            Kind::AnnualReportJune => (Msg::NoteAnnualJuneTitle, Msg::NoteAnnualJuneBody),
            Kind::LicenceExpiring => (Msg::NoteLicenceTitle, Msg::NoteLicenceBody),
            // issue 18, the intermediary marketplace
            Kind::PurchaseSelected => (Msg::NoteMktSelectedTitle, Msg::NoteMktSelectedBody),
            Kind::PurchaseFailed => (Msg::NoteMktFailedTitle, Msg::NoteMktFailedBody),
            Kind::PurchaseWon => (Msg::NoteMktWonTitle, Msg::NoteMktWonBody),
            Kind::PurchaseNotChosen => (Msg::NoteMktNotChosenTitle, Msg::NoteMktNotChosenBody),
            Kind::PurchaseFailedRegistrant => (
                Msg::NoteMktFailedRegistrantTitle,
                Msg::NoteMktFailedRegistrantBody,
            ),
            Kind::PurchaseDelivered => (Msg::NoteMktDeliveredTitle, Msg::NoteMktDeliveredBody),
            // documents
            Kind::ReviewReturned => (Msg::NoteRevReturnedTitle, Msg::NoteRevReturnedBody),
            Kind::ReviewPublished => (Msg::NoteRevPublishedTitle, Msg::NoteRevPublishedBody),
            Kind::ReviewWithdrawn => (Msg::NoteRevWithdrawnTitle, Msg::NoteRevWithdrawnBody),
            // (end of issue 20, documents)
            // suggestions
            Kind::SuggestionHidden => (Msg::NoteSugHiddenTitle, Msg::NoteSugHiddenBody),
            Kind::SuggestionReplied => (Msg::NoteSugRepliedTitle, Msg::NoteSugRepliedBody),
            // requests
            Kind::InformationRequestReceived => (Msg::NoteIrReceivedTitle, Msg::NoteIrReceivedBody),
            Kind::InformationRequestSupplement => {
                (Msg::NoteIrSupplementTitle, Msg::NoteIrSupplementBody)
            }
            Kind::InformationRequestExtended => (Msg::NoteIrExtendedTitle, Msg::NoteIrExtendedBody),
            Kind::InformationRequestAnswered => (Msg::NoteIrAnsweredTitle, Msg::NoteIrAnsweredBody),
            Kind::InformationRequestLapsed => (Msg::NoteIrLapsedTitle, Msg::NoteIrLapsedBody),
            Kind::InformationRequestDueSoon => (Msg::NoteIrDueSoonTitle, Msg::NoteIrDueSoonBody),
            Kind::InformationRequestOverdue => (Msg::NoteIrOverdueTitle, Msg::NoteIrOverdueBody),
            // (end of issue 20, requests)
            // weibo
            Kind::WeiboAccountVerified => (Msg::NoteWbVerifiedTitle, Msg::NoteWbVerifiedBody),
            Kind::WeiboAccountRejected => (Msg::NoteWbRejectedTitle, Msg::NoteWbRejectedBody),
            Kind::WeiboQuestionAsked => (Msg::NoteWbAskedTitle, Msg::NoteWbAskedBody),
            Kind::WeiboQuestionAnswered => (Msg::NoteWbAnsweredTitle, Msg::NoteWbAnsweredBody),
            Kind::WeiboQuestionDueSoon => (Msg::NoteWbDueSoonTitle, Msg::NoteWbDueSoonBody),
            Kind::WeiboQuestionOverdue => (Msg::NoteWbOverdueTitle, Msg::NoteWbOverdueBody),
            Kind::WeiboQuestionConverted => (Msg::NoteWbConvertedTitle, Msg::NoteWbConvertedBody),
            // (end of issue 21, weibo)
            // interviews
            Kind::InterviewAnswered => (Msg::NoteIvAnsweredTitle, Msg::NoteIvAnsweredBody),
            // letters
            Kind::LetterAccepted => (Msg::NoteLetAcceptedTitle, Msg::NoteLetAcceptedBody),
            Kind::LetterReplied => (Msg::NoteLetRepliedTitle, Msg::NoteLetRepliedBody),
            Kind::LetterMerged => (Msg::NoteLetMergedTitle, Msg::NoteLetMergedBody),
            Kind::LetterDuplicateJoined => (Msg::NoteLetJoinedTitle, Msg::NoteLetJoinedBody),
            Kind::LetterClosed => (Msg::NoteLetClosedTitle, Msg::NoteLetClosedBody),
            Kind::LetterDueSoon => (Msg::NoteLetDueSoonTitle, Msg::NoteLetDueSoonBody),
            Kind::LetterOverdue => (Msg::NoteLetOverdueTitle, Msg::NoteLetOverdueBody),
        }
    }
}

/// The facts a message about a step names (stored as JSON beside the kind).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Params {
    pub case_no: String,
    pub step: Bilingual,
    pub department: Bilingual,
    /// YYYY-MM-DD.
    pub due_on: String,
    /// The enterprise of an invitation (its name).
    #[serde(default)]
    pub enterprise: String,
}

/// A message rendered: its title and body in one language.
pub fn render(kind: Kind, p: &Params, lang: Lang) -> (String, String) {
    let (title, body) = kind.texts();
    let (step, department) = (p.step.get(lang), p.department.get(lang));
    let fill = |text: &str| {
        text.replace("{case_no}", &p.case_no)
            .replace("{step}", step)
            .replace("{department}", department)
            .replace("{due_on}", &p.due_on)
            .replace("{enterprise}", &p.enterprise)
    };
    (fill(lang.t(title)), fill(lang.t(body)))
}

/// The e-mail of a message: both languages, Chinese first, and where to
/// read more (`origin` + link when the public origin is known).
pub fn email(kind: Kind, p: &Params, link: Option<&str>, origin: Option<&str>) -> (String, String) {
    let (zh_title, zh_body) = render(kind, p, Lang::Zh);
    let (en_title, en_body) = render(kind, p, Lang::En);
    let mut body = format!("{zh_body}\n\n{en_body}\n");
    if let (Some(link), Some(origin)) = (link, origin) {
        body.push_str(&format!("\n{origin}{link}\n"));
    }
    body.push_str(&format!(
        "\n-- \n{} · {}\n",
        Lang::Zh.t(Msg::SiteName),
        Lang::En.t(Msg::SiteName)
    ));
    (format!("{zh_title} / {en_title}"), body)
}

/// One message in the inbox, in the reader's language.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub kind: Kind,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    /// When it was sent: `YYYY-MM-DD HH:MM`, Beijing time.
    pub created_at: String,
    pub read: bool,
}

/// Why someone is told about an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Audience {
    /// The clerk who took the step.
    Handler,
    /// A clerk at the step's post (nobody took it yet).
    Post,
    /// A head of the step's unit.
    UnitHead,
    /// A supervisor of the department's region (or the nearest region
    /// above it with one).
    Supervisor,
    /// The applicant of the case.
    Applicant,
}

impl Audience {
    /// The message this audience gets.
    pub fn kind(self) -> Kind {
        match self {
            Audience::Handler | Audience::Post => Kind::StepDueSoon,
            Audience::UnitHead | Audience::Supervisor => Kind::StepOverdue,
            Audience::Applicant => Kind::CaseEscalated,
        }
    }
}

/// Who could be told about an alert on a step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepPeople {
    /// The clerk who took the step, if anyone did.
    pub handler: Option<i64>,
    /// Every clerk at the step's post.
    pub post_staff: Vec<i64>,
    /// The heads of the step's unit.
    pub unit_heads: Vec<i64>,
    /// Supervisors with how far up the region tree from the department's
    /// region they sit (0: the same region, 1: its parent…).
    pub supervisors: Vec<(i64, u32)>,
    pub applicant: i64,
}

/// The supervisors of the nearest region (up the tree from the
/// department's) that has any.
pub fn nearest_supervisors(supervisors: &[(i64, u32)]) -> Vec<i64> {
    let Some(nearest) = supervisors.iter().map(|(_, depth)| *depth).min() else {
        return Vec::new();
    };
    supervisors
        .iter()
        .filter(|(_, depth)| *depth == nearest)
        .map(|(id, _)| *id)
        .collect()
}

/// Who is told about an alert, each account once (the first reason wins:
/// a head who is also the applicant hears it as the head).
pub fn recipients(alert: Alert, people: &StepPeople) -> Vec<(i64, Audience)> {
    let mut out: Vec<(i64, Audience)> = Vec::new();
    let mut add = |id: i64, why: Audience| {
        if !out.iter().any(|(a, _)| *a == id) {
            out.push((id, why));
        }
    };
    match alert {
        Alert::Yellow => match people.handler {
            Some(h) => add(h, Audience::Handler),
            None => people
                .post_staff
                .iter()
                .for_each(|id| add(*id, Audience::Post)),
        },
        Alert::Red => {
            people
                .unit_heads
                .iter()
                .for_each(|id| add(*id, Audience::UnitHead));
            nearest_supervisors(&people.supervisors)
                .into_iter()
                .for_each(|id| add(id, Audience::Supervisor));
            add(people.applicant, Audience::Applicant);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> StepPeople {
        StepPeople {
            handler: None,
            post_staff: vec![11, 12],
            unit_heads: vec![21],
            supervisors: vec![(31, 1), (32, 0), (33, 0), (34, 2)],
            applicant: 41,
        }
    }

    #[test]
    fn yellow_goes_to_the_whole_post_while_nobody_took_the_step() {
        assert_eq!(
            recipients(Alert::Yellow, &people()),
            vec![(11, Audience::Post), (12, Audience::Post)]
        );
    }

    #[test]
    fn yellow_goes_to_the_handler_alone_once_taken() {
        let p = StepPeople {
            handler: Some(12),
            ..people()
        };
        assert_eq!(recipients(Alert::Yellow, &p), vec![(12, Audience::Handler)]);
    }

    #[test]
    fn red_goes_to_heads_the_nearest_supervisors_and_the_applicant() {
        assert_eq!(
            recipients(Alert::Red, &people()),
            vec![
                (21, Audience::UnitHead),
                (32, Audience::Supervisor),
                (33, Audience::Supervisor),
                (41, Audience::Applicant),
            ]
        );
    }

    #[test]
    fn red_without_heads_or_supervisors_still_tells_the_applicant() {
        let p = StepPeople {
            applicant: 7,
            ..StepPeople::default()
        };
        assert_eq!(recipients(Alert::Red, &p), vec![(7, Audience::Applicant)]);
    }

    #[test]
    fn nobody_is_told_twice() {
        let p = StepPeople {
            unit_heads: vec![5, 5],
            supervisors: vec![(5, 0)],
            applicant: 5,
            ..StepPeople::default()
        };
        assert_eq!(recipients(Alert::Red, &p), vec![(5, Audience::UnitHead)]);
    }

    #[test]
    fn supervisors_further_up_count_only_when_none_is_nearer() {
        assert_eq!(nearest_supervisors(&[(1, 2), (2, 1)]), vec![2]);
        assert_eq!(nearest_supervisors(&[]), Vec::<i64>::new());
    }

    #[test]
    fn kinds_round_trip_and_messages_name_the_case_in_both_languages() {
        for k in [
            Kind::StepDueSoon,
            Kind::StepOverdue,
            Kind::CaseEscalated,
            Kind::EnterpriseInvitation,
            Kind::RegistrationTried,
        ] {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::parse("spam"), None);
        let p = Params {
            case_no: "440100-20261008-000001".into(),
            step: Bilingual::new("户籍审核", "Household review"),
            department: Bilingual::new("广州市公安局", "Guangzhou Public Security Bureau"),
            due_on: "2026-10-09".into(),
            ..Params::default()
        };
        for k in [Kind::StepDueSoon, Kind::StepOverdue, Kind::CaseEscalated] {
            for lang in [Lang::Zh, Lang::En] {
                let (title, body) = render(k, &p, lang);
                assert!(
                    !title.contains('{') && !body.contains('{'),
                    "{k:?} {lang:?}"
                );
                assert!(body.contains("440100-20261008-000001"), "{k:?} {lang:?}");
                assert!(body.contains("2026-10-09"), "{k:?} {lang:?}");
            }
        }
        let (_, en) = render(Kind::StepOverdue, &p, Lang::En);
        assert!(en.contains("Household review"));
        let (subject, body) = email(
            Kind::CaseEscalated,
            &p,
            Some("/cases/440100-20261008-000001"),
            Some("https://hall.example.gov.cn"),
        );
        assert!(subject.contains(" / "));
        assert!(body.contains("户籍审核") && body.contains("Household review"));
        assert!(body.contains("https://hall.example.gov.cn/cases/440100-20261008-000001"));
    }

    #[test]
    fn audiences_get_their_message() {
        assert_eq!(Audience::Post.kind(), Kind::StepDueSoon);
        assert_eq!(Audience::Supervisor.kind(), Kind::StepOverdue);
        assert_eq!(Audience::Applicant.kind(), Kind::CaseEscalated);
    }

    #[test]
    fn account_messages_name_the_enterprise_and_leave_no_placeholder() {
        let p = Params {
            enterprise: "广州荔枝贸易有限公司".into(),
            ..Params::default()
        };
        for lang in [Lang::Zh, Lang::En] {
            let (title, body) = render(Kind::EnterpriseInvitation, &p, lang);
            assert!(title.contains("广州荔枝贸易有限公司"), "{lang:?}");
            assert!(!title.contains('{') && !body.contains('{'), "{lang:?}");
            let (title, body) = render(Kind::RegistrationTried, &Params::default(), lang);
            assert!(!title.contains('{') && !body.contains('{'), "{lang:?}");
        }
    }
}
