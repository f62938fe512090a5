//! Requests for information (依申请公开) on the statutory clock of the
//! 政府信息公开条例 (revised 2019), a second work order on the shared shape
//! ([`workorder`]):
//!
//! - the answer is due 20 working days after receipt (art. 33);
//! - one extension of at most 20 working days, approved by the head of the
//!   disclosure office, never by who asked for it (art. 33);
//! - an unclear request: the office asks once, within 7 working days of
//!   receipt, for a supplement (补正, art. 30); the applicant's time is not
//!   counted; without a supplement within [`SUPPLEMENT_DAYS`] the request
//!   lapses (视为放弃);
//! - a third party is consulted in writing and has 15 working days (art.
//!   32); that time is not counted either (art. 33), and it is never longer;
//! - the answer is one of the statute's kinds (art. 36), the rows of the
//!   annual report's table, and states the appeal routes.
//!
//! ```text
//! received ─ask_supplement (≤7 wd, once)─▶ supplementing ─supplement─▶ received
//!    │  ▲                                        └─lapse (applicant late)─▶ lapsed
//!    │  └──────end_consultation────── consulting ◀─consult─┘(from received)
//!    ├─answer─▶ answered            (ask/approve/refuse extension beside)
//!    └─withdraw (applicant, any time before the answer)─▶ withdrawn
//! ```

use crate::{
    clock::{Calendar, Pause},
    text::{TextProblem, TextRule},
    workorder::{self, DeadlineProblem, Machine, OnDay, Transition, WorkAction, WorkState},
};
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

/// Working days to answer, counted from the day after receipt.
pub const ANSWER_DAYS: u32 = 20;
/// The one extension's most working days.
pub const MAX_EXTENSION_DAYS: u32 = 20;
/// A supplement is asked within this many working days of receipt.
pub const SUPPLEMENT_ASK_DAYS: u32 = 7;
/// Working days the applicant has to supplement.
pub const SUPPLEMENT_DAYS: u32 = 15;
/// Working days a consulted third party has.
pub const THIRD_PARTY_DAYS: u32 = 15;
/// Days to apply for administrative review (行政复议) after the answer is
/// known (行政复议法 art. 20: 60 days).
pub const REVIEW_DAYS: u32 = 60;
/// Months to sue (行政诉讼) after the answer is known (行政诉讼法 art. 46).
pub const LAWSUIT_MONTHS: u32 = 6;

/// A description of what is asked: 5–2,000 characters.
pub const DESCRIPTION_RULE: TextRule = TextRule::lines(2000).at_least(5);
/// A purpose, a note, a reason: 1–1,000 characters.
pub const NOTE_RULE: TextRule = TextRule::lines(1000);
/// An answer's text: 2–5,000 characters.
pub const ANSWER_RULE: TextRule = TextRule::lines(5000).at_least(2);

/// Who asks, as the annual report counts them (its columns).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicantKind {
    /// 自然人
    NaturalPerson,
    /// 商业企业
    Business,
    /// 科研机构
    Research,
    /// 社会公益组织
    SocialOrganisation,
    /// 法律服务机构
    LegalService,
    /// 其他
    Other,
}

impl ApplicantKind {
    pub const ALL: [ApplicantKind; 6] = [
        ApplicantKind::NaturalPerson,
        ApplicantKind::Business,
        ApplicantKind::Research,
        ApplicantKind::SocialOrganisation,
        ApplicantKind::LegalService,
        ApplicantKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ApplicantKind::NaturalPerson => "natural_person",
            ApplicantKind::Business => "business",
            ApplicantKind::Research => "research",
            ApplicantKind::SocialOrganisation => "social_organisation",
            ApplicantKind::LegalService => "legal_service",
            ApplicantKind::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<ApplicantKind> {
        ApplicantKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// How the applicant wants the information (获取信息的方式).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Online, in the hall (电子数据).
    Online,
    /// On paper, by post (邮寄).
    Post,
    /// Collected at the office (当面领取).
    Collect,
}

impl Delivery {
    pub const ALL: [Delivery; 3] = [Delivery::Online, Delivery::Post, Delivery::Collect];

    pub fn code(self) -> &'static str {
        match self {
            Delivery::Online => "online",
            Delivery::Post => "post",
            Delivery::Collect => "collect",
        }
    }

    pub fn parse(code: &str) -> Option<Delivery> {
        Delivery::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// Why information is withheld (不予公开), the statute's categories.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Withheld {
    /// 属于国家秘密 (art. 14)
    StateSecret,
    /// 其他法律行政法规禁止公开 (art. 14)
    LawForbids,
    /// 危及"三安全一稳定" (art. 14)
    Security,
    /// 保护第三方合法权益 (art. 15)
    ThirdPartyRights,
    /// 属于三类内部事务信息 (art. 16)
    InternalAffairs,
    /// 属于四类过程性信息 (art. 16)
    ProcessInformation,
    /// 属于行政执法案卷 (art. 16)
    EnforcementFile,
    /// 属于行政查询事项 (art. 36)
    AdministrativeQuery,
}

impl Withheld {
    pub const ALL: [Withheld; 8] = [
        Withheld::StateSecret,
        Withheld::LawForbids,
        Withheld::Security,
        Withheld::ThirdPartyRights,
        Withheld::InternalAffairs,
        Withheld::ProcessInformation,
        Withheld::EnforcementFile,
        Withheld::AdministrativeQuery,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Withheld::StateSecret => "state_secret",
            Withheld::LawForbids => "law_forbids",
            Withheld::Security => "security",
            Withheld::ThirdPartyRights => "third_party_rights",
            Withheld::InternalAffairs => "internal_affairs",
            Withheld::ProcessInformation => "process_information",
            Withheld::EnforcementFile => "enforcement_file",
            Withheld::AdministrativeQuery => "administrative_query",
        }
    }

    pub fn parse(code: &str) -> Option<Withheld> {
        Withheld::ALL.into_iter().find(|w| w.code() == code)
    }
}

/// The kind of answer (art. 36), one row of the annual report's outcomes.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 予以公开
    Disclosed,
    /// 部分公开 (the withheld part's category given)
    PartlyDisclosed,
    /// 不予公开 (its category given)
    NotDisclosed,
    /// 无法提供: 本机关不掌握 (the body holding it named when known: referred)
    NotHeld,
    /// 无法提供: 没有现成信息需要另行制作
    NeedsCreating,
    /// 无法提供: 补正后申请内容仍不明确
    StillUnclear,
    /// 不予处理: 信访举报投诉类申请 (not a request for information)
    NotARequest,
    /// 不予处理: 重复申请
    Repeat,
    /// 不予处理: 要求提供公开出版物
    Publication,
    /// 不予处理: 无正当理由大量反复申请
    Excessive,
    /// 不予处理: 要求行政机关确认或重新出具已获取信息
    Confirmation,
    /// 其他处理: 逾期未按要求补正 (the request lapsed)
    NoSupplement,
    /// 其他处理: 其他 (withdrawn by the applicant)
    OtherHandling,
}

/// The annual report's groups of outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeGroup {
    Disclosed,
    PartlyDisclosed,
    NotDisclosed,
    Unavailable,
    NotProcessed,
    Other,
}

impl Outcome {
    pub const ALL: [Outcome; 13] = [
        Outcome::Disclosed,
        Outcome::PartlyDisclosed,
        Outcome::NotDisclosed,
        Outcome::NotHeld,
        Outcome::NeedsCreating,
        Outcome::StillUnclear,
        Outcome::NotARequest,
        Outcome::Repeat,
        Outcome::Publication,
        Outcome::Excessive,
        Outcome::Confirmation,
        Outcome::NoSupplement,
        Outcome::OtherHandling,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Disclosed => "disclosed",
            Outcome::PartlyDisclosed => "partly_disclosed",
            Outcome::NotDisclosed => "not_disclosed",
            Outcome::NotHeld => "not_held",
            Outcome::NeedsCreating => "needs_creating",
            Outcome::StillUnclear => "still_unclear",
            Outcome::NotARequest => "not_a_request",
            Outcome::Repeat => "repeat",
            Outcome::Publication => "publication",
            Outcome::Excessive => "excessive",
            Outcome::Confirmation => "confirmation",
            Outcome::NoSupplement => "no_supplement",
            Outcome::OtherHandling => "other_handling",
        }
    }

    pub fn parse(code: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.code() == code)
    }

    pub fn group(self) -> OutcomeGroup {
        match self {
            Outcome::Disclosed => OutcomeGroup::Disclosed,
            Outcome::PartlyDisclosed => OutcomeGroup::PartlyDisclosed,
            Outcome::NotDisclosed => OutcomeGroup::NotDisclosed,
            Outcome::NotHeld | Outcome::NeedsCreating | Outcome::StillUnclear => {
                OutcomeGroup::Unavailable
            }
            Outcome::NotARequest
            | Outcome::Repeat
            | Outcome::Publication
            | Outcome::Excessive
            | Outcome::Confirmation => OutcomeGroup::NotProcessed,
            Outcome::NoSupplement | Outcome::OtherHandling => OutcomeGroup::Other,
        }
    }

    /// An answer the office gives (the last two come from the applicant's
    /// silence or withdrawal, not from an answer).
    pub fn answerable(self) -> bool {
        !matches!(self, Outcome::NoSupplement | Outcome::OtherHandling)
    }

    /// The answer refuses something, so the appeal routes matter most
    /// (they are stated on every answer all the same).
    pub fn adverse(self) -> bool {
        self != Outcome::Disclosed
    }
}

/// Where a request stands.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = InformationRequestState))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Received; the office's clock runs (办理中).
    Received,
    /// Waiting for the applicant's supplement (待补正); the clock stops.
    Supplementing,
    /// Waiting for a third party's opinion (征求第三方意见); the clock stops.
    Consulting,
    /// Answered (已答复), with its kind.
    Answered,
    /// The applicant did not supplement in time (视为放弃).
    Lapsed,
    /// The applicant withdrew it (撤回申请).
    Withdrawn,
}

impl State {
    pub const ALL: [State; 6] = [
        State::Received,
        State::Supplementing,
        State::Consulting,
        State::Answered,
        State::Lapsed,
        State::Withdrawn,
    ];

    /// The office's clock is stopped.
    pub fn paused(self) -> bool {
        matches!(self, State::Supplementing | State::Consulting)
    }
}

impl WorkState for State {
    fn code(self) -> &'static str {
        match self {
            State::Received => "received",
            State::Supplementing => "supplementing",
            State::Consulting => "consulting",
            State::Answered => "answered",
            State::Lapsed => "lapsed",
            State::Withdrawn => "withdrawn",
        }
    }

    fn parse(code: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.code() == code)
    }

    fn is_final(self) -> bool {
        matches!(self, State::Answered | State::Lapsed | State::Withdrawn)
    }
}

/// Who acts on a request.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = InformationRequestRole))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Who asked.
    Applicant,
    /// Staff of the department's disclosure office (信息公开工作机构).
    Office,
    /// The head of that office (负责人): approves extensions.
    OfficeHead,
}

/// A step, as posted (`{"action":"answer","outcome":"partly_disclosed",…}`).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = InformationRequestAction))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// The office asks, once, what is missing (补正告知).
    AskSupplement { what: String },
    /// The applicant supplements.
    Supplement { text: String },
    /// The office closes a request whose supplement did not come in time.
    Lapse,
    /// The office consults a third party (征求第三方意见).
    Consult { party: String },
    /// The office records the third party's opinion (or its silence).
    EndConsultation { note: String },
    /// The office asks for the one extension.
    AskExtension { days: u32, reason: String },
    /// The office head approves it (not the one who asked).
    ApproveExtension,
    /// The office head refuses it.
    RefuseExtension { reason: String },
    /// The office answers.
    Answer {
        outcome: Outcome,
        /// Why (a part) is withheld: required for `partly_disclosed` and
        /// `not_disclosed`, refused otherwise.
        #[serde(default)]
        withheld: Option<Withheld>,
        /// The body holding the information, for `not_held` when known.
        #[serde(default)]
        holder: String,
        text: String,
    },
    /// The applicant withdraws the request.
    Withdraw,
}

impl Action {
    pub const CODES: [&'static str; 10] = [
        "ask_supplement",
        "supplement",
        "lapse",
        "consult",
        "end_consultation",
        "ask_extension",
        "approve_extension",
        "refuse_extension",
        "answer",
        "withdraw",
    ];

    pub fn roles(&self) -> &'static [Role] {
        match self {
            Action::Supplement { .. } | Action::Withdraw => &[Role::Applicant],
            Action::ApproveExtension | Action::RefuseExtension { .. } => &[Role::OfficeHead],
            Action::AskSupplement { .. }
            | Action::Lapse
            | Action::Consult { .. }
            | Action::EndConsultation { .. }
            | Action::AskExtension { .. }
            | Action::Answer { .. } => &[Role::Office, Role::OfficeHead],
        }
    }
}

impl WorkAction for Action {
    type Role = Role;

    fn code(&self) -> &'static str {
        match self {
            Action::AskSupplement { .. } => "ask_supplement",
            Action::Supplement { .. } => "supplement",
            Action::Lapse => "lapse",
            Action::Consult { .. } => "consult",
            Action::EndConsultation { .. } => "end_consultation",
            Action::AskExtension { .. } => "ask_extension",
            Action::ApproveExtension => "approve_extension",
            Action::RefuseExtension { .. } => "refuse_extension",
            Action::Answer { .. } => "answer",
            Action::Withdraw => "withdraw",
        }
    }

    fn role(&self) -> Role {
        self.roles()[0]
    }
}

/// Why a request or a step on it is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    #[error("this step is not yours to take")]
    NotYourTurn,
    #[error("this step cannot be taken in the request's present state")]
    WrongState,
    #[error("a supplement is asked once, within 7 working days of receipt")]
    SupplementWindow,
    #[error("the applicant still has time to supplement")]
    SupplementNotLate,
    #[error("an extension is already waiting for the office head")]
    ExtensionPending,
    #[error("no extension has been asked")]
    NoExtensionAsked,
    #[error("an extension adds 1 to 20 working days")]
    ExtensionDays,
    #[error("the extension: {deadline}")]
    Deadline { deadline: DeadlineProblem },
    #[error("say why the information is withheld, and only then")]
    Withheld,
    #[error("this outcome is not an answer")]
    NotAnAnswer,
    #[error("the text: {text}")]
    Text { text: TextProblem },
}

fn text(rule: TextRule, raw: &str) -> Result<String, Problem> {
    rule.parse(raw)
        .map(|t| t.into_string())
        .map_err(|text| Problem::Text { text })
}

/// An extension asked and not yet decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtensionAsked {
    pub days: u32,
    pub by: i64,
}

/// A request as the machine sees it, with who is acting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub state: State,
    pub received_on: Date,
    /// The periods already stopped (supplement, consultation).
    pub pauses: Vec<Pause>,
    /// The day the present stop began (its first uncounted day).
    pub paused_from: Option<Date>,
    /// A supplement has been asked (once only).
    pub supplement_asked: bool,
    /// The applicant's last day to supplement.
    pub supplement_due: Option<Date>,
    /// The third party's last day.
    pub consultation_due: Option<Date>,
    /// Working days added by the approved extension.
    pub extension_days: Option<u32>,
    pub extension_asked: Option<ExtensionAsked>,
    /// The account acting.
    pub actor: i64,
}

impl Seen {
    /// The pauses counted on `today`: those closed and the present one,
    /// which has run until today (a third party's never past its 15 days).
    pub fn pauses_on(&self, today: Date) -> Vec<Pause> {
        let mut out = self.pauses.clone();
        if let (Some(from), true) = (self.paused_from, self.state.paused()) {
            let to = match (self.state, self.consultation_due) {
                (State::Consulting, Some(due)) => today.min(due),
                _ => today,
            };
            if to >= from {
                out.push(Pause { from, to });
            }
        }
        out
    }

    /// The answer's deadline as it stands on `today` (while stopped, it
    /// moves a working day later for each working day stopped).
    pub fn due_on(&self, cal: &Calendar, today: Date) -> Result<Date, DeadlineProblem> {
        workorder::deadline(
            cal,
            self.received_on,
            ANSWER_DAYS + self.extension_days.unwrap_or(0),
            &self.pauses_on(today),
        )
    }
}

/// The day a request is received: the day it is sent if that is a working
/// day, else the next working day (an online request sent on a Sunday is
/// received on Monday).
pub fn received_on(cal: &Calendar, sent_on: Date) -> Date {
    if cal.is_working_day(sent_on) {
        sent_on
    } else {
        cal.add_working_days(sent_on, 1).unwrap_or(sent_on)
    }
}

/// The last days to appeal an answer known on `known_on`: administrative
/// review within 60 days, a lawsuit within 6 months (calendar time).
pub fn appeal_deadlines(known_on: Date) -> (Date, Date) {
    let review = known_on + Duration::days(i64::from(REVIEW_DAYS));
    let (y, m, d) = (known_on.year(), u8::from(known_on.month()), known_on.day());
    let months = u32::from(m) - 1 + LAWSUIT_MONTHS;
    let year = y + (months / 12) as i32;
    let month = time::Month::try_from((months % 12 + 1) as u8).unwrap_or(time::Month::January);
    // The same day of the month, or the month's last day.
    let mut day = d;
    let lawsuit = loop {
        if let Ok(date) = Date::from_calendar_date(year, month, day) {
            break date;
        }
        day -= 1;
    };
    (review, lawsuit)
}

/// What a step changes besides the state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effect {
    /// A stop begins (its first uncounted day).
    pub pause_from: Option<Date>,
    /// The present stop ends (its last uncounted day).
    pub pause_to: Option<Date>,
    pub supplement_due: Option<Date>,
    pub consultation_due: Option<Date>,
    pub extension_asked: Option<u32>,
    /// The approved extension's working days.
    pub extension_days: Option<u32>,
    pub extension_refused: bool,
    pub outcome: Option<Outcome>,
    pub withheld: Option<Withheld>,
    pub holder: Option<String>,
    /// The text kept in the log (what is missing, the answer, a reason…).
    pub note: Option<String>,
    /// The applicant is told.
    pub tell_applicant: bool,
}

/// The information requests' machine.
pub struct Requests;

impl Machine for Requests {
    type Order = Seen;
    type State = State;
    type Role = Role;
    type Action = Action;
    type Effect = Effect;
    type Problem = Problem;

    fn step(
        r: &Seen,
        on: OnDay<'_>,
        roles: &[Role],
        action: &Action,
    ) -> Result<Transition<State, Effect>, Problem> {
        if !action.roles().iter().any(|x| roles.contains(x)) {
            return Err(Problem::NotYourTurn);
        }
        let today = on.today;
        let cal = on.cal;
        let go = |to: State, effect: Effect| {
            Ok(Transition {
                from: r.state,
                to,
                effect,
            })
        };
        let next_day = today.next_day().unwrap_or(today);
        let due = |days: u32| {
            workorder::deadline(cal, today, days, &[])
                .map_err(|deadline| Problem::Deadline { deadline })
        };
        // The present stop's last uncounted day: today (a third party's
        // never past its 15 working days).
        let stop_to = match (r.state, r.consultation_due) {
            (State::Consulting, Some(d)) => today.min(d),
            _ => today,
        };
        use State as S;
        match (r.state, action) {
            (S::Received, Action::AskSupplement { what }) => {
                if r.supplement_asked
                    || !workorder::within_working_days(
                        cal,
                        r.received_on,
                        today,
                        SUPPLEMENT_ASK_DAYS,
                    )
                {
                    return Err(Problem::SupplementWindow);
                }
                go(
                    S::Supplementing,
                    Effect {
                        pause_from: Some(next_day),
                        supplement_due: Some(due(SUPPLEMENT_DAYS)?),
                        note: Some(text(NOTE_RULE, what)?),
                        tell_applicant: true,
                        ..Effect::default()
                    },
                )
            }
            (S::Supplementing, Action::Supplement { text: t }) => go(
                S::Received,
                Effect {
                    pause_to: Some(stop_to),
                    note: Some(text(DESCRIPTION_RULE, t)?),
                    ..Effect::default()
                },
            ),
            (S::Supplementing, Action::Lapse) => {
                if r.supplement_due.is_none_or(|d| today <= d) {
                    return Err(Problem::SupplementNotLate);
                }
                go(
                    S::Lapsed,
                    Effect {
                        pause_to: Some(stop_to),
                        outcome: Some(Outcome::NoSupplement),
                        tell_applicant: true,
                        ..Effect::default()
                    },
                )
            }
            (S::Received, Action::Consult { party }) => go(
                S::Consulting,
                Effect {
                    pause_from: Some(next_day),
                    consultation_due: Some(due(THIRD_PARTY_DAYS)?),
                    note: Some(text(NOTE_RULE, party)?),
                    ..Effect::default()
                },
            ),
            (S::Consulting, Action::EndConsultation { note }) => go(
                S::Received,
                Effect {
                    pause_to: Some(stop_to),
                    note: Some(text(NOTE_RULE, note)?),
                    ..Effect::default()
                },
            ),
            (S::Received | S::Consulting, Action::AskExtension { days, reason }) => {
                if r.extension_asked.is_some() {
                    return Err(Problem::ExtensionPending);
                }
                if *days == 0 || *days > MAX_EXTENSION_DAYS {
                    return Err(Problem::ExtensionDays);
                }
                let due_on = r
                    .due_on(cal, today)
                    .map_err(|deadline| Problem::Deadline { deadline })?;
                workorder::may_ask_extension(due_on, r.extension_days.is_some(), today, *days)
                    .map_err(|deadline| Problem::Deadline { deadline })?;
                go(
                    r.state,
                    Effect {
                        extension_asked: Some(*days),
                        note: Some(text(NOTE_RULE, reason)?),
                        ..Effect::default()
                    },
                )
            }
            (S::Received | S::Consulting | S::Supplementing, Action::ApproveExtension) => {
                let asked = r.extension_asked.ok_or(Problem::NoExtensionAsked)?;
                if asked.by == r.actor {
                    return Err(Problem::Deadline {
                        deadline: DeadlineProblem::OwnApproval,
                    });
                }
                go(
                    r.state,
                    Effect {
                        extension_days: Some(asked.days),
                        tell_applicant: true,
                        ..Effect::default()
                    },
                )
            }
            (
                S::Received | S::Consulting | S::Supplementing,
                Action::RefuseExtension { reason },
            ) => {
                r.extension_asked.ok_or(Problem::NoExtensionAsked)?;
                go(
                    r.state,
                    Effect {
                        extension_refused: true,
                        note: Some(text(NOTE_RULE, reason)?),
                        ..Effect::default()
                    },
                )
            }
            (
                S::Received | S::Consulting,
                Action::Answer {
                    outcome,
                    withheld,
                    holder,
                    text: t,
                },
            ) => {
                if !outcome.answerable() {
                    return Err(Problem::NotAnAnswer);
                }
                let needs_reason =
                    matches!(outcome, Outcome::PartlyDisclosed | Outcome::NotDisclosed);
                if needs_reason != withheld.is_some() {
                    return Err(Problem::Withheld);
                }
                let holder = match outcome {
                    Outcome::NotHeld => TextRule::line(100)
                        .parse_optional(holder)
                        .map_err(|text| Problem::Text { text })?
                        .map(|t| t.into_string()),
                    _ => None,
                };
                go(
                    S::Answered,
                    Effect {
                        pause_to: (r.state == S::Consulting).then_some(stop_to),
                        outcome: Some(*outcome),
                        withheld: *withheld,
                        holder,
                        note: Some(text(ANSWER_RULE, t)?),
                        tell_applicant: true,
                        ..Effect::default()
                    },
                )
            }
            (S::Received | S::Supplementing | S::Consulting, Action::Withdraw) => go(
                S::Withdrawn,
                Effect {
                    pause_to: r.state.paused().then_some(stop_to),
                    outcome: Some(Outcome::OtherHandling),
                    ..Effect::default()
                },
            ),
            _ => Err(Problem::WrongState),
        }
    }

    fn probes(_r: &Seen) -> Vec<Action> {
        let t = || "说明情况。".to_string();
        vec![
            Action::AskSupplement { what: t() },
            Action::Supplement { text: t() },
            Action::Lapse,
            Action::Consult { party: t() },
            Action::EndConsultation { note: t() },
            Action::AskExtension {
                days: 1,
                reason: t(),
            },
            Action::ApproveExtension,
            Action::RefuseExtension { reason: t() },
            Action::Answer {
                outcome: Outcome::Disclosed,
                withheld: None,
                holder: String::new(),
                text: t(),
            },
            Action::Withdraw,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workorder::offered;
    use time::macros::date;

    fn cal() -> Calendar {
        Calendar::from_csv(include_str!("../../../server/seed/calendar.csv")).unwrap()
    }

    fn seen(received_on: Date) -> Seen {
        Seen {
            state: State::Received,
            received_on,
            pauses: vec![],
            paused_from: None,
            supplement_asked: false,
            supplement_due: None,
            consultation_due: None,
            extension_days: None,
            extension_asked: None,
            actor: 1,
        }
    }

    /// Applies a step the way the store does: the new state and the
    /// effect's dates written back.
    fn apply(r: &mut Seen, cal: &Calendar, today: Date, roles: &[Role], a: Action) -> Effect {
        let t = Requests::step(r, OnDay { cal, today }, roles, &a).unwrap();
        if let Some(from) = t.effect.pause_from {
            r.paused_from = Some(from);
        }
        if let Some(to) = t.effect.pause_to {
            if let Some(from) = r.paused_from.take() {
                if to >= from {
                    r.pauses.push(Pause { from, to });
                }
            }
        }
        if let Some(d) = t.effect.supplement_due {
            r.supplement_due = Some(d);
            r.supplement_asked = true;
        }
        if t.effect.consultation_due.is_some() {
            r.consultation_due = t.effect.consultation_due;
        }
        if let Some(days) = t.effect.extension_asked {
            r.extension_asked = Some(ExtensionAsked { days, by: r.actor });
        }
        if let Some(days) = t.effect.extension_days {
            r.extension_days = Some(days);
            r.extension_asked = None;
        }
        if t.effect.extension_refused {
            r.extension_asked = None;
        }
        r.state = t.to;
        t.effect
    }

    const OFFICE: &[Role] = &[Role::Office];
    const HEAD: &[Role] = &[Role::OfficeHead];
    const APPLICANT: &[Role] = &[Role::Applicant];

    #[test]
    fn twenty_working_days_across_the_national_day_holiday() {
        let cal = cal();
        // Received Wednesday 30 September 2026: 1–7 October off, Saturday
        // 10 October worked; the 20th working day is Tuesday 3 November.
        let r = seen(date!(2026 - 09 - 30));
        assert_eq!(
            r.due_on(&cal, date!(2026 - 09 - 30)),
            Ok(date!(2026 - 11 - 03))
        );
        // Sent on Sunday 4 October (holiday): received Thursday 8 October.
        assert_eq!(
            received_on(&cal, date!(2026 - 10 - 04)),
            date!(2026 - 10 - 08)
        );
        assert_eq!(
            received_on(&cal, date!(2026 - 09 - 30)),
            date!(2026 - 09 - 30)
        );
    }

    #[test]
    fn one_extension_of_at_most_twenty_days_approved_by_the_office_head_not_the_asker() {
        let cal = cal();
        let mut r = seen(date!(2026 - 09 - 30));
        let day = date!(2026 - 10 - 20);
        for days in [0, 21] {
            let a = Action::AskExtension {
                days,
                reason: "涉及多个科室".into(),
            };
            assert_eq!(
                Requests::step(
                    &r,
                    OnDay {
                        cal: &cal,
                        today: day
                    },
                    OFFICE,
                    &a
                )
                .map(|t| t.to),
                Err(Problem::ExtensionDays)
            );
        }
        apply(
            &mut r,
            &cal,
            day,
            OFFICE,
            Action::AskExtension {
                days: 20,
                reason: "涉及多个科室".into(),
            },
        );
        // The clerk who asked cannot approve, nor can a clerk without the
        // head's role.
        let on = OnDay {
            cal: &cal,
            today: day,
        };
        assert_eq!(
            Requests::step(&r, on, OFFICE, &Action::ApproveExtension).map(|t| t.to),
            Err(Problem::NotYourTurn)
        );
        assert_eq!(
            Requests::step(&r, on, HEAD, &Action::ApproveExtension).map(|t| t.to),
            Err(Problem::Deadline {
                deadline: DeadlineProblem::OwnApproval
            })
        );
        r.actor = 2;
        let e = apply(&mut r, &cal, day, HEAD, Action::ApproveExtension);
        assert!(e.tell_applicant);
        // 3 November + 20 working days = 1 December.
        assert_eq!(r.due_on(&cal, day), Ok(date!(2026 - 12 - 01)));
        // Once only.
        let again = Action::AskExtension {
            days: 5,
            reason: "再延".into(),
        };
        assert_eq!(
            Requests::step(&r, on, OFFICE, &again).map(|t| t.to),
            Err(Problem::Deadline {
                deadline: DeadlineProblem::AlreadyExtended
            })
        );
        // Never after the deadline.
        let mut late = seen(date!(2026 - 09 - 30));
        late.actor = 3;
        let after = OnDay {
            cal: &cal,
            today: date!(2026 - 11 - 04),
        };
        assert_eq!(
            Requests::step(
                &late,
                after,
                OFFICE,
                &Action::AskExtension {
                    days: 5,
                    reason: "晚了".into()
                }
            )
            .map(|t| t.to),
            Err(Problem::Deadline {
                deadline: DeadlineProblem::PastDeadline
            })
        );
    }

    #[test]
    fn the_supplement_and_the_third_party_are_not_counted() {
        let cal = cal();
        // Received Monday 14 September 2026: due 16 October without stops
        // (20 working days across both holidays, with Sunday 20 September
        // and Saturday 10 October worked).
        let mut r = seen(date!(2026 - 09 - 14));
        assert_eq!(
            r.due_on(&cal, date!(2026 - 09 - 14)),
            Ok(date!(2026 - 10 - 16))
        );
        // Asked on Wednesday 16 September (within 7 working days); the
        // applicant answers on Monday 21 September: 17, 18 and 21
        // September (and Sunday 20, a make-up working day) are not counted.
        apply(
            &mut r,
            &cal,
            date!(2026 - 09 - 16),
            OFFICE,
            Action::AskSupplement {
                what: "请说明文件名称".into(),
            },
        );
        assert_eq!(r.state, State::Supplementing);
        // While stopped, the deadline moves with each working day.
        let d1 = r.due_on(&cal, date!(2026 - 09 - 18)).unwrap();
        let d2 = r.due_on(&cal, date!(2026 - 09 - 21)).unwrap();
        assert!(d2 > d1);
        apply(
            &mut r,
            &cal,
            date!(2026 - 09 - 21),
            APPLICANT,
            Action::Supplement {
                text: "2025年的道路规划文件".into(),
            },
        );
        assert_eq!(r.state, State::Received);
        assert_eq!(
            r.pauses,
            vec![Pause {
                from: date!(2026 - 09 - 17),
                to: date!(2026 - 09 - 21)
            }]
        );
        // Four working days stopped: 16 October + 4 = 22 October.
        assert_eq!(
            r.due_on(&cal, date!(2026 - 09 - 22)),
            Ok(date!(2026 - 10 - 22))
        );
        // A second supplement is not asked.
        let on = OnDay {
            cal: &cal,
            today: date!(2026 - 09 - 22),
        };
        assert_eq!(
            Requests::step(
                &r,
                on,
                OFFICE,
                &Action::AskSupplement {
                    what: "再补".into()
                }
            )
            .map(|t| t.to),
            Err(Problem::SupplementWindow)
        );
        // A third party consulted on 22 September never answers: at most
        // 15 working days are not counted, however late the office ends it.
        apply(
            &mut r,
            &cal,
            date!(2026 - 09 - 22),
            OFFICE,
            Action::Consult {
                party: "某公司".into(),
            },
        );
        assert_eq!(r.consultation_due, Some(date!(2026 - 10 - 20)));
        apply(
            &mut r,
            &cal,
            date!(2026 - 10 - 26),
            OFFICE,
            Action::EndConsultation {
                note: "第三方逾期未提出意见".into(),
            },
        );
        assert_eq!(
            r.pauses.last(),
            Some(&Pause {
                from: date!(2026 - 09 - 23),
                to: date!(2026 - 10 - 20)
            })
        );
        // 22 October + 15 working days = 12 November.
        assert_eq!(
            r.due_on(&cal, date!(2026 - 10 - 26)),
            Ok(date!(2026 - 11 - 12))
        );
    }

    #[test]
    fn a_supplement_is_asked_within_seven_working_days_and_a_late_applicant_lapses() {
        let cal = cal();
        let r = seen(date!(2026 - 09 - 14));
        let ask = Action::AskSupplement {
            what: "请说明".into(),
        };
        // The 7th working day after 14 September is 22 September (Sunday
        // 20 September is worked).
        for (day, ok) in [
            (date!(2026 - 09 - 22), true),
            (date!(2026 - 09 - 23), false),
        ] {
            let res = Requests::step(
                &r,
                OnDay {
                    cal: &cal,
                    today: day,
                },
                OFFICE,
                &ask,
            );
            assert_eq!(res.is_ok(), ok, "{day}");
        }
        let mut r = r;
        apply(&mut r, &cal, date!(2026 - 09 - 14), OFFICE, ask);
        let due = r.supplement_due.unwrap();
        let on_due = OnDay {
            cal: &cal,
            today: due,
        };
        assert_eq!(
            Requests::step(&r, on_due, OFFICE, &Action::Lapse).map(|t| t.to),
            Err(Problem::SupplementNotLate)
        );
        let e = apply(&mut r, &cal, due.next_day().unwrap(), OFFICE, Action::Lapse);
        assert_eq!(r.state, State::Lapsed);
        assert_eq!(e.outcome, Some(Outcome::NoSupplement));
        assert!(r.state.is_final());
    }

    #[test]
    fn an_answer_names_its_kind_and_a_withheld_part_its_reason() {
        let cal = cal();
        let r = seen(date!(2026 - 09 - 14));
        let on = OnDay {
            cal: &cal,
            today: date!(2026 - 09 - 20),
        };
        let answer = |outcome, withheld| Action::Answer {
            outcome,
            withheld,
            holder: String::new(),
            text: "经审查，答复如下。".into(),
        };
        let step = |a: &Action| Requests::step(&r, on, OFFICE, a);
        assert_eq!(
            step(&answer(Outcome::PartlyDisclosed, None)).map(|t| t.to),
            Err(Problem::Withheld)
        );
        assert_eq!(
            step(&answer(Outcome::Disclosed, Some(Withheld::StateSecret))).map(|t| t.to),
            Err(Problem::Withheld)
        );
        assert_eq!(
            step(&answer(Outcome::NoSupplement, None)).map(|t| t.to),
            Err(Problem::NotAnAnswer)
        );
        let t = step(&answer(
            Outcome::PartlyDisclosed,
            Some(Withheld::ThirdPartyRights),
        ))
        .unwrap();
        assert_eq!(t.to, State::Answered);
        assert_eq!(t.effect.withheld, Some(Withheld::ThirdPartyRights));
        assert!(t.effect.tell_applicant);
        // Not this body's: the holder is named.
        let t = step(&Action::Answer {
            outcome: Outcome::NotHeld,
            withheld: None,
            holder: "广州市规划和自然资源局".into(),
            text: "本机关不掌握该信息。".into(),
        })
        .unwrap();
        assert_eq!(t.effect.holder.as_deref(), Some("广州市规划和自然资源局"));
        // Every outcome belongs to one of the report's groups; codes round-trip.
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.code()), Some(o));
            let _ = o.group();
        }
        assert_eq!(Outcome::Repeat.group(), OutcomeGroup::NotProcessed);
        assert_eq!(Outcome::NotHeld.group(), OutcomeGroup::Unavailable);
    }

    #[test]
    fn the_appeal_deadlines_are_sixty_days_and_six_months() {
        assert_eq!(
            appeal_deadlines(date!(2026 - 10 - 28)),
            (date!(2026 - 12 - 27), date!(2027 - 04 - 28))
        );
        // 31 August + 6 months: the last day of February.
        assert_eq!(
            appeal_deadlines(date!(2026 - 08 - 31)).1,
            date!(2027 - 02 - 28)
        );
    }

    #[test]
    fn each_role_is_offered_its_steps() {
        let cal = cal();
        let r = seen(date!(2026 - 09 - 14));
        let on = OnDay {
            cal: &cal,
            today: date!(2026 - 09 - 15),
        };
        assert_eq!(
            offered::<Requests>(&r, on, OFFICE),
            ["ask_supplement", "consult", "ask_extension", "answer"]
        );
        assert_eq!(offered::<Requests>(&r, on, APPLICANT), ["withdraw"]);
        let mut s = r.clone();
        s.state = State::Answered;
        assert!(offered::<Requests>(&s, on, OFFICE).is_empty());
        for a in Requests::probes(&r) {
            assert!(Action::CODES.contains(&a.code()));
        }
    }
}
