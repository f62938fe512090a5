//! Cases moving through their process: each step of the definition is a
//! task owned by a post; an action on a task changes its state, and the
//! case follows — the next steps start when all the steps before them are
//! done, a rejection ends the case, supplement requests of several
//! departments become one notice to the applicant (一次告知) that pauses
//! the clock. Pure: the store loads a case, asks here, writes the result.

use crate::{
    clock::{Calendar, ClockError, Pause},
    i18n::{Bilingual, Lang, Msg},
    text::{TextProblem, TextRule},
};
use serde::{Deserialize, Serialize};
use time::Date;

use super::definition::StepKind;

/// A step of a case as stored: what it is, who handles it, where it
/// stands (public tracking's timeline is made of these).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRecord {
    pub kind: String,
    pub name: Bilingual,
    pub department: Bilingual,
    pub unit: Bilingual,
    pub post: Bilingual,
    pub state: TaskState,
    pub started_on: Option<Date>,
    pub due_on: Option<Date>,
}

/// Where a task stands.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// Steps before it are not done yet.
    Waiting,
    /// In its post's queue.
    Ready,
    /// Taken by a clerk of its post.
    Claimed,
    Done,
    Rejected,
    /// Waiting for the applicant to supply something.
    Supplement,
    /// The case ended before this step was reached.
    Cancelled,
}

impl TaskState {
    /// The state as the applicant and the clerk read it (ready and claimed
    /// are both "being handled" to them).
    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(match self {
            TaskState::Waiting => Msg::TaskWaiting,
            TaskState::Ready | TaskState::Claimed => Msg::TaskWorking,
            TaskState::Done => Msg::TaskDone,
            TaskState::Rejected => Msg::TaskRejected,
            TaskState::Supplement => Msg::TaskSupplement,
            TaskState::Cancelled => Msg::TaskCancelled,
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            TaskState::Waiting => "waiting",
            TaskState::Ready => "ready",
            TaskState::Claimed => "claimed",
            TaskState::Done => "done",
            TaskState::Rejected => "rejected",
            TaskState::Supplement => "supplement",
            TaskState::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<TaskState> {
        use TaskState::*;
        [
            Waiting, Ready, Claimed, Done, Rejected, Supplement, Cancelled,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// The one rule for a late step (issue 17): under way (ready or
    /// claimed) and past its deadline on `today`. The case page, my space
    /// and public tracking all use it, with [`CaseStatus::on_day`].
    pub fn late_on(self, due_on: Option<Date>, today: Date) -> bool {
        matches!(self, TaskState::Ready | TaskState::Claimed) && due_on.is_some_and(|d| d < today)
    }

    /// The state in words, a late step saying so (已超期) instead of
    /// "in progress".
    pub fn label_on(self, late: bool, lang: Lang) -> &'static str {
        if late {
            lang.t(Msg::StatusOverdue)
        } else {
            self.label(lang)
        }
    }

    /// The CSS class of a step card: `step-late` for a late step.
    pub fn class_on(self, late: bool) -> String {
        if late {
            "step step-late".to_string()
        } else {
            format!("step step-{}", self.code())
        }
    }

    /// Work is going on or may still happen.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            TaskState::Waiting | TaskState::Ready | TaskState::Claimed | TaskState::Supplement
        )
    }
}

/// A case's task as the engine sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: i64,
    pub key: String,
    pub kind: StepKind,
    /// The post whose clerks do it.
    pub post_id: i64,
    /// Keys of the steps that lead to it.
    pub after: Vec<String>,
    pub limit_days: u16,
    pub state: TaskState,
    pub claimed_by: Option<i64>,
    pub started_on: Option<Date>,
    pub due_on: Option<Date>,
}

/// Who acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub account_id: i64,
    pub post_id: i64,
}

/// What a clerk does with a task.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = TaskAction))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    Claim,
    Release,
    Approve {
        #[serde(default)]
        note: String,
    },
    Reject {
        reason: String,
    },
    RequestSupplement {
        what: String,
    },
    ProposeInspection {
        note: String,
    },
    Issue {
        certificate_no: String,
    },
}

impl Action {
    pub fn code(&self) -> &'static str {
        match self {
            Action::Claim => "claim",
            Action::Release => "release",
            Action::Approve { .. } => "approve",
            Action::Reject { .. } => "reject",
            Action::RequestSupplement { .. } => "request_supplement",
            Action::ProposeInspection { .. } => "propose_inspection",
            Action::Issue { .. } => "issue",
        }
    }
}

/// The longest reason, note or request text.
pub const MAX_TEXT: usize = 500;

/// A reason, note or request: several lines of at most [`MAX_TEXT`].
pub const STAFF_TEXT: TextRule = TextRule::lines(MAX_TEXT as u32);
/// A certificate number: one line.
pub const CERTIFICATE_NO: TextRule = TextRule::line(MAX_TEXT as u32);
/// The applicant's answer to a supplement notice (may be empty: the scans
/// may say it all).
pub const SUPPLEMENT_ANSWER: TextRule = TextRule::lines(2000);
/// Where a joint site inspection takes place.
pub const INSPECTION_PLACE: TextRule = TextRule::line(200);
/// One participant of a joint site inspection.
pub const PARTICIPANT: TextRule = TextRule::line(100);
/// The most participants a joint site inspection lists.
pub const MAX_PARTICIPANTS: usize = 20;

/// The applicant's answer to a supplement notice, parsed; a refusal names
/// the `answer` field.
pub fn supplement_answer(raw: &str) -> Result<String, crate::error::AppError> {
    match SUPPLEMENT_ANSWER.parse_optional(raw) {
        Ok(text) => Ok(text.map(String::from).unwrap_or_default()),
        Err(problem) => Err(crate::error::AppError::InvalidFields {
            fields: vec![problem.at("answer")],
        }),
    }
}

/// Why an action is refused; nothing changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum TransitionProblem {
    #[error("the task belongs to another post")]
    NotYourPost,
    #[error("another clerk has taken the task")]
    ClaimedByOther,
    #[error("the task is not waiting for this action")]
    WrongState,
    #[error("this kind of step does not allow the action")]
    WrongStep,
    #[error("a reason is required")]
    ReasonRequired,
    #[error("the text is too long")]
    TooLong,
    #[error("a certificate number is required")]
    CertificateRequired,
    #[error("the case is waiting for the applicant")]
    CasePaused,
    #[error("the joint inspection has been organised already")]
    InspectionExists,
    #[error("only the lead unit organises the joint inspection")]
    NotLeadUnit,
    /// The text holds NUL or another control character.
    #[error("the text holds a control character")]
    ControlCharacter,
    /// A line break in a one-line text (a certificate number).
    #[error("the text takes one line")]
    LineBreak,
    /// The text holds a direction override or another hidden character.
    #[error("the text holds a hidden character")]
    HiddenCharacter,
}

impl TransitionProblem {
    pub fn msg(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            TransitionProblem::NotYourPost => Msg::TransNotYourPost,
            TransitionProblem::ClaimedByOther => Msg::TransClaimedByOther,
            TransitionProblem::WrongState => Msg::TransWrongState,
            TransitionProblem::WrongStep => Msg::TransWrongStep,
            TransitionProblem::ReasonRequired => Msg::TransReasonRequired,
            TransitionProblem::TooLong => Msg::TransTooLong,
            TransitionProblem::CertificateRequired => Msg::TransCertificateRequired,
            TransitionProblem::CasePaused => Msg::TransCasePaused,
            TransitionProblem::InspectionExists => Msg::TransInspectionExists,
            TransitionProblem::NotLeadUnit => Msg::TransNotLeadUnit,
            TransitionProblem::ControlCharacter => Msg::TextControlCharacter,
            TransitionProblem::LineBreak => Msg::TextLineBreak,
            TransitionProblem::HiddenCharacter => Msg::TextHiddenCharacter,
        }
    }

    /// 422 for text that cannot be used, 409 for a state that refuses.
    pub fn status(self) -> u16 {
        match self {
            TransitionProblem::ControlCharacter
            | TransitionProblem::LineBreak
            | TransitionProblem::HiddenCharacter => 422,
            _ => 409,
        }
    }
}

impl From<TextProblem> for TransitionProblem {
    fn from(problem: TextProblem) -> Self {
        match problem {
            TextProblem::Required | TextProblem::TooShort { .. } => {
                TransitionProblem::ReasonRequired
            }
            TextProblem::TooLong { .. } => TransitionProblem::TooLong,
            TextProblem::ControlCharacter => TransitionProblem::ControlCharacter,
            TextProblem::LineBreak => TransitionProblem::LineBreak,
            TextProblem::HiddenCharacter => TransitionProblem::HiddenCharacter,
        }
    }
}

impl From<TransitionProblem> for crate::error::AppError {
    fn from(problem: TransitionProblem) -> Self {
        crate::error::AppError::Refused(crate::error::Refusal::new(
            "transition_refused",
            problem.status(),
            &problem,
            crate::i18n::Bilingual::of(problem.msg()),
        ))
    }
}

/// A state change to record in the case's event log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub task_key: String,
    pub from: TaskState,
    pub to: TaskState,
    /// `None` when the engine itself moved the task (a step starting, the
    /// result, a cancellation).
    pub by_actor: bool,
}

/// What happens to the case as a whole after an action.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    pub changes: Vec<Change>,
    /// Every open branch now waits for the applicant: issue one notice
    /// gathering these tasks' requests.
    pub notice_for: Vec<String>,
}

/// A case: its tasks, the pauses so far, whether a notice is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub tasks: Vec<Task>,
    pub pauses: Vec<Pause>,
    pub notice_open: bool,
}

/// Whether `task` is a follow-up after the result (a commitment's later
/// verification): not the result, and no step waits for it. It stays in
/// its post's queue with its own deadline after the case completes; its
/// rejection ends nothing but itself (the permit it verifies is revoked).
pub fn is_follow_up(tasks: &[Task], task: &Task) -> bool {
    task.kind != StepKind::Result && !tasks.iter().any(|t| t.after.contains(&task.key))
}

fn text_ok(s: &str, required: bool) -> Result<(), TransitionProblem> {
    let parsed = match required {
        true => STAFF_TEXT.parse(s).map(drop),
        false => STAFF_TEXT.parse_optional(s).map(drop),
    };
    Ok(parsed?)
}

impl Case {
    fn index(&self, key: &str) -> Option<usize> {
        self.tasks.iter().position(|t| t.key == key)
    }

    fn set(&mut self, i: usize, to: TaskState, by_actor: bool, out: &mut Outcome) {
        let from = self.tasks[i].state;
        if from != to {
            self.tasks[i].state = to;
            out.changes.push(Change {
                task_key: self.tasks[i].key.clone(),
                from,
                to,
                by_actor,
            });
        }
    }

    /// The deadline of a step starting on `start` (its limit counted from
    /// the next working day, skipping the pauses).
    pub fn due(&self, cal: &Calendar, start: Date, limit: u16) -> Date {
        cal.add_working_days_pausing(start, u32::from(limit), &self.pauses)
            .unwrap_or(start)
    }

    fn start(&mut self, i: usize, cal: &Calendar, today: Date, out: &mut Outcome) {
        let limit = self.tasks[i].limit_days;
        let due = self.due(cal, today, limit);
        let t = &mut self.tasks[i];
        t.started_on = Some(today);
        t.due_on = Some(due);
        if t.kind == StepKind::Result {
            self.set(i, TaskState::Done, false, out);
        } else {
            self.set(i, TaskState::Ready, false, out);
        }
    }

    /// Starts every waiting step whose predecessors are all done (the
    /// result finishes at once); repeats until nothing more starts.
    pub fn advance(&mut self, cal: &Calendar, today: Date, out: &mut Outcome) {
        loop {
            let ready: Vec<usize> = (0..self.tasks.len())
                .filter(|&i| {
                    self.tasks[i].state == TaskState::Waiting
                        && self.tasks[i].after.iter().all(|k| {
                            self.index(k)
                                .is_some_and(|j| self.tasks[j].state == TaskState::Done)
                        })
                })
                .collect();
            if ready.is_empty() {
                break;
            }
            for i in ready {
                self.start(i, cal, today, out);
            }
        }
    }

    /// A new case accepted on `accepted_on`: the acceptance step is done
    /// (online acceptance), the steps after it start.
    pub fn accept(&mut self, cal: &Calendar, accepted_on: Date) -> Outcome {
        let mut out = Outcome::default();
        for i in 0..self.tasks.len() {
            if self.tasks[i].kind == StepKind::Acceptance {
                self.tasks[i].started_on = Some(accepted_on);
                self.tasks[i].due_on = Some(accepted_on);
                self.set(i, TaskState::Done, false, &mut out);
            }
        }
        self.advance(cal, accepted_on, &mut out);
        out
    }

    /// Applies a clerk's action to the task `key`.
    pub fn act(
        &mut self,
        cal: &Calendar,
        today: Date,
        key: &str,
        actor: Actor,
        action: &Action,
    ) -> Result<Outcome, TransitionProblem> {
        let i = self.index(key).ok_or(TransitionProblem::WrongState)?;
        let task = &self.tasks[i];
        if task.post_id != actor.post_id {
            return Err(TransitionProblem::NotYourPost);
        }
        if task.state == TaskState::Claimed && task.claimed_by != Some(actor.account_id) {
            return Err(TransitionProblem::ClaimedByOther);
        }
        let mine = matches!(task.state, TaskState::Ready | TaskState::Claimed);
        if !mine {
            return Err(if self.notice_open && task.state == TaskState::Supplement {
                TransitionProblem::CasePaused
            } else {
                TransitionProblem::WrongState
            });
        }
        let kind = task.kind;
        let mut out = Outcome::default();
        match action {
            Action::Claim => {
                if task.state == TaskState::Claimed {
                    return Err(TransitionProblem::WrongState);
                }
                self.tasks[i].claimed_by = Some(actor.account_id);
                self.set(i, TaskState::Claimed, true, &mut out);
            }
            Action::Release => {
                if task.state != TaskState::Claimed {
                    return Err(TransitionProblem::WrongState);
                }
                self.tasks[i].claimed_by = None;
                self.set(i, TaskState::Ready, true, &mut out);
            }
            Action::Approve { note } => {
                text_ok(note, false)?;
                if !matches!(
                    kind,
                    StepKind::Review | StepKind::Decision | StepKind::JointInspection
                ) {
                    return Err(TransitionProblem::WrongStep);
                }
                self.finish(i, actor, TaskState::Done, &mut out);
                self.advance(cal, today, &mut out);
            }
            Action::Issue { certificate_no } => {
                if kind != StepKind::Issuance {
                    return Err(TransitionProblem::WrongStep);
                }
                if certificate_no.trim().is_empty() {
                    return Err(TransitionProblem::CertificateRequired);
                }
                CERTIFICATE_NO.parse(certificate_no)?;
                self.finish(i, actor, TaskState::Done, &mut out);
                self.advance(cal, today, &mut out);
            }
            Action::Reject { reason } => {
                text_ok(reason, true)?;
                if !matches!(kind, StepKind::Review | StepKind::Decision) {
                    return Err(TransitionProblem::WrongStep);
                }
                let follow_up = is_follow_up(&self.tasks, &self.tasks[i]);
                self.finish(i, actor, TaskState::Rejected, &mut out);
                // A follow-up's rejection ends nothing but itself.
                for j in (0..self.tasks.len()).filter(|_| !follow_up) {
                    if self.tasks[j].state.is_open() {
                        self.set(j, TaskState::Cancelled, false, &mut out);
                    }
                }
            }
            Action::RequestSupplement { what } => {
                text_ok(what, true)?;
                if kind != StepKind::Review {
                    return Err(TransitionProblem::WrongStep);
                }
                self.finish(i, actor, TaskState::Supplement, &mut out);
            }
            Action::ProposeInspection { note } => {
                text_ok(note, true)?;
                if kind != StepKind::Review {
                    return Err(TransitionProblem::WrongStep);
                }
            }
        }
        out.notice_for = self.notice_due();
        Ok(out)
    }

    fn finish(&mut self, i: usize, actor: Actor, to: TaskState, out: &mut Outcome) {
        self.tasks[i].claimed_by = Some(actor.account_id);
        self.set(i, to, true, out);
    }

    /// When no branch is still being worked on and some wait for the
    /// applicant, their requests go out together as one notice.
    fn notice_due(&self) -> Vec<String> {
        if self.notice_open {
            return Vec::new();
        }
        // A follow-up under way does not hold the notice back.
        let working = self.tasks.iter().any(|t| {
            matches!(t.state, TaskState::Ready | TaskState::Claimed)
                && !is_follow_up(&self.tasks, t)
        });
        if working {
            return Vec::new();
        }
        self.tasks
            .iter()
            .filter(|t| t.state == TaskState::Supplement)
            .map(|t| t.key.clone())
            .collect()
    }

    /// The applicant answered the notice on `today`: the pause from the
    /// notice's day to today is added, the waiting tasks return to their
    /// queues with deadlines moved by the paused working days.
    pub fn resume(
        &mut self,
        cal: &Calendar,
        paused_from: Date,
        today: Date,
    ) -> Result<Outcome, ClockError> {
        let mut out = Outcome::default();
        self.pause(
            cal,
            Pause {
                from: paused_from,
                to: today,
            },
        )?;
        self.notice_open = false;
        for i in 0..self.tasks.len() {
            if self.tasks[i].state == TaskState::Supplement {
                self.tasks[i].claimed_by = None;
                self.set(i, TaskState::Ready, false, &mut out);
            }
        }
        Ok(out)
    }

    /// Adds a period that does not count (a supplement, a joint site
    /// inspection, a statutory exclusion) and moves the deadlines of the
    /// steps under way by the working days it covers. A deadline the
    /// calendar cannot reach is an error and changes nothing.
    pub fn pause(&mut self, cal: &Calendar, pause: Pause) -> Result<(), ClockError> {
        let mut pauses = self.pauses.clone();
        pauses.push(pause);
        let mut moved = Vec::new();
        for (i, t) in self.tasks.iter().enumerate() {
            if t.state.is_open() && t.state != TaskState::Waiting {
                if let Some(start) = t.started_on {
                    let due =
                        cal.add_working_days_pausing(start, u32::from(t.limit_days), &pauses)?;
                    moved.push((i, due));
                }
            }
        }
        self.pauses = pauses;
        for (i, due) in moved {
            self.tasks[i].due_on = Some(due);
        }
        Ok(())
    }
}

/// The case as the applicant and supervisors see it, derived from its
/// branches.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Departments are working on it, on time.
    InReview,
    /// A notice asks the applicant for something (the clock is paused).
    WaitingForApplicant,
    /// A step is past its deadline.
    Overdue,
    Rejected,
    Completed,
}

impl CaseStatus {
    /// The status in words.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(match self {
            CaseStatus::InReview => Msg::StatusInReview,
            CaseStatus::WaitingForApplicant => Msg::StatusWaiting,
            CaseStatus::Overdue => Msg::StatusOverdue,
            CaseStatus::Rejected => Msg::StatusRejected,
            CaseStatus::Completed => Msg::StatusCompleted,
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            CaseStatus::InReview => "in_review",
            CaseStatus::WaitingForApplicant => "waiting_for_applicant",
            CaseStatus::Overdue => "overdue",
            CaseStatus::Rejected => "rejected",
            CaseStatus::Completed => "completed",
        }
    }

    pub fn parse(code: &str) -> Option<CaseStatus> {
        use CaseStatus::*;
        [InReview, WaitingForApplicant, Overdue, Rejected, Completed]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// The status shown on a day: a stored "in review" is overdue when an
    /// open step is past its deadline (`late_step`); stored statuses leave
    /// "overdue" out because it depends on the day.
    pub fn on_day(self, late_step: bool) -> CaseStatus {
        match self {
            CaseStatus::InReview if late_step => CaseStatus::Overdue,
            s => s,
        }
    }

    /// Stored statuses leave out "overdue", which depends on the day.
    pub fn stored(self) -> CaseStatus {
        match self {
            CaseStatus::Overdue => CaseStatus::InReview,
            s => s,
        }
    }
}

/// The overall status: any rejection ends the case (a follow-up's
/// rejection aside); the result done completes it, follow-ups still open
/// or not; an open notice means the applicant is awaited (deadlines
/// paused); otherwise overdue when any open step is past its deadline on
/// `today`.
pub fn overall(tasks: &[Task], notice_open: bool, today: Date) -> CaseStatus {
    if tasks
        .iter()
        .any(|t| t.state == TaskState::Rejected && !is_follow_up(tasks, t))
    {
        return CaseStatus::Rejected;
    }
    if tasks
        .iter()
        .any(|t| t.kind == StepKind::Result && t.state == TaskState::Done)
    {
        return CaseStatus::Completed;
    }
    if notice_open {
        return CaseStatus::WaitingForApplicant;
    }
    let late = tasks.iter().any(|t| t.state.late_on(t.due_on, today));
    if late {
        CaseStatus::Overdue
    } else {
        CaseStatus::InReview
    }
}

/// How much time a task has left, for the queue's colours.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// More than one working day left.
    Green,
    /// Due today or on the next working day.
    Yellow,
    /// Past its deadline.
    Red,
}

impl Urgency {
    /// The time left in words (the colour alone must not carry it).
    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(match self {
            Urgency::Green => Msg::UrgencyGreen,
            Urgency::Yellow => Msg::UrgencyYellow,
            Urgency::Red => Msg::UrgencyRed,
        })
    }

    /// The CSS classes of its badge.
    pub fn class(self) -> &'static str {
        match self {
            Urgency::Green => "urgency urgency-green",
            Urgency::Yellow => "urgency urgency-yellow",
            Urgency::Red => "urgency urgency-red",
        }
    }
}

/// The urgency of a deadline seen on `today`: the supervision alert it
/// raises with the default warning (one working day).
pub fn urgency(cal: &Calendar, due: Date, today: Date, pauses: &[Pause]) -> Urgency {
    use crate::supervision::{alert, Alert, DEFAULT_WARN_DAYS};
    match alert(cal, due, today, pauses, DEFAULT_WARN_DAYS) {
        Some(Alert::Red) => Urgency::Red,
        Some(Alert::Yellow) => Urgency::Yellow,
        None => Urgency::Green,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    /// The official calendar the server ships (2026: National Day 1–7
    /// October, make-up working Saturday 10 October).
    fn calendar() -> Calendar {
        Calendar::from_csv(include_str!("../../../server/seed/calendar.csv")).unwrap()
    }

    fn task(id: i64, key: &str, kind: StepKind, post: i64, after: &[&str], days: u16) -> Task {
        Task {
            id,
            key: key.into(),
            kind,
            post_id: post,
            after: after.iter().map(|s| s.to_string()).collect(),
            limit_days: days,
            state: TaskState::Waiting,
            claimed_by: None,
            started_on: None,
            due_on: None,
        }
    }

    /// The birth bundle: acceptance, four reviews at once, four issuances
    /// in order, the result. Posts 10..13 review, 20..23 issue.
    fn birth() -> Case {
        use StepKind::*;
        let mut tasks = vec![task(1, "accept", Acceptance, 1, &[], 0)];
        let reviews = ["p1-review", "p2-review", "p3-review", "p4-review"];
        for (n, r) in reviews.iter().enumerate() {
            tasks.push(task(
                10 + n as i64,
                r,
                Review,
                10 + n as i64,
                &["accept"],
                2,
            ));
        }
        tasks.push(task(20, "p1-issue", Issuance, 20, &reviews, 1));
        tasks.push(task(21, "p2-issue", Issuance, 21, &["p1-issue"], 1));
        tasks.push(task(22, "p3-issue", Issuance, 22, &["p2-issue"], 1));
        tasks.push(task(23, "p4-issue", Issuance, 23, &["p3-issue"], 1));
        tasks.push(task(30, "result", Result, 1, &["p4-issue"], 0));
        Case {
            tasks,
            pauses: vec![],
            notice_open: false,
        }
    }

    fn clerk(post: i64) -> Actor {
        Actor {
            account_id: 100 + post,
            post_id: post,
        }
    }

    fn state(case: &Case, key: &str) -> TaskState {
        case.tasks.iter().find(|t| t.key == key).unwrap().state
    }

    fn due(case: &Case, key: &str) -> Date {
        case.tasks
            .iter()
            .find(|t| t.key == key)
            .unwrap()
            .due_on
            .unwrap()
    }

    fn approve() -> Action {
        Action::Approve {
            note: String::new(),
        }
    }

    #[test]
    fn acceptance_starts_every_review_at_once_with_deadlines_across_the_holiday() {
        let cal = calendar();
        let mut case = birth();
        // Accepted on Wednesday 30 September: the two working days from the
        // next working day skip the National Day holiday (1–7 October):
        // Thursday 8 and Friday 9 October.
        let out = case.accept(&cal, date!(2026 - 09 - 30));
        assert_eq!(state(&case, "accept"), TaskState::Done);
        for n in 1..=4 {
            let key = format!("p{n}-review");
            assert_eq!(state(&case, &key), TaskState::Ready);
            assert_eq!(due(&case, &key), date!(2026 - 10 - 09));
        }
        assert_eq!(state(&case, "p1-issue"), TaskState::Waiting);
        assert_eq!(out.changes.len(), 5);
        assert_eq!(
            overall(&case.tasks, false, date!(2026 - 10 - 09)),
            CaseStatus::InReview
        );
        assert_eq!(
            overall(&case.tasks, false, date!(2026 - 10 - 12)),
            CaseStatus::Overdue
        );
    }

    #[test]
    fn the_issuances_wait_for_every_review_then_follow_the_legal_order() {
        let cal = calendar();
        let mut case = birth();
        let today = date!(2026 - 09 - 30);
        case.accept(&cal, today);
        for n in 0..3 {
            case.act(
                &cal,
                today,
                &format!("p{}-review", n + 1),
                clerk(10 + n),
                &approve(),
            )
            .unwrap();
        }
        assert_eq!(state(&case, "p1-issue"), TaskState::Waiting);
        case.act(&cal, today, "p4-review", clerk(13), &approve())
            .unwrap();
        assert_eq!(state(&case, "p1-issue"), TaskState::Ready);
        assert_eq!(state(&case, "p2-issue"), TaskState::Waiting);
        // Issuing needs a certificate number; reviews cannot issue.
        let issue = |no: &str| Action::Issue {
            certificate_no: no.into(),
        };
        assert_eq!(
            case.act(&cal, today, "p1-issue", clerk(20), &issue(" ")),
            Err(TransitionProblem::CertificateRequired)
        );
        for n in 0..4 {
            case.act(
                &cal,
                today,
                &format!("p{}-issue", n + 1),
                clerk(20 + n),
                &issue("Q440100"),
            )
            .unwrap();
        }
        assert_eq!(state(&case, "result"), TaskState::Done);
        assert_eq!(
            overall(&case.tasks, false, date!(2027 - 01 - 01)),
            CaseStatus::Completed
        );
    }

    #[test]
    fn illegal_transitions_change_nothing() {
        let cal = calendar();
        let mut case = birth();
        let today = date!(2026 - 09 - 30);
        case.accept(&cal, today);
        let before = case.clone();
        // Another department's task.
        assert_eq!(
            case.act(&cal, today, "p1-review", clerk(11), &approve()),
            Err(TransitionProblem::NotYourPost)
        );
        // A task not started yet.
        assert_eq!(
            case.act(&cal, today, "p1-issue", clerk(20), &approve()),
            Err(TransitionProblem::WrongState)
        );
        // Rejecting without a reason; approving an issuance.
        assert_eq!(
            case.act(
                &cal,
                today,
                "p1-review",
                clerk(10),
                &Action::Reject {
                    reason: "  ".into()
                }
            ),
            Err(TransitionProblem::ReasonRequired)
        );
        assert_eq!(case, before);
        // Claimed by one clerk, another of the same post cannot act.
        case.act(&cal, today, "p1-review", clerk(10), &Action::Claim)
            .unwrap();
        let other = Actor {
            account_id: 999,
            post_id: 10,
        };
        assert_eq!(
            case.act(&cal, today, "p1-review", other, &approve()),
            Err(TransitionProblem::ClaimedByOther)
        );
        case.act(&cal, today, "p1-review", clerk(10), &approve())
            .unwrap();
        // Approving twice.
        assert_eq!(
            case.act(&cal, today, "p1-review", clerk(10), &approve()),
            Err(TransitionProblem::WrongState)
        );
    }

    #[test]
    fn a_rejection_ends_the_case() {
        let cal = calendar();
        let mut case = birth();
        let today = date!(2026 - 09 - 30);
        case.accept(&cal, today);
        let out = case
            .act(
                &cal,
                today,
                "p2-review",
                clerk(11),
                &Action::Reject {
                    reason: "户籍地址不符".into(),
                },
            )
            .unwrap();
        assert_eq!(state(&case, "p1-review"), TaskState::Cancelled);
        assert_eq!(state(&case, "p4-issue"), TaskState::Cancelled);
        assert!(out
            .changes
            .iter()
            .any(|c| c.task_key == "p2-review" && c.by_actor));
        assert_eq!(overall(&case.tasks, false, today), CaseStatus::Rejected);
    }

    #[test]
    fn supplements_of_several_departments_make_one_notice_that_pauses_the_clock() {
        let cal = calendar();
        let mut case = birth();
        let today = date!(2026 - 09 - 28);
        case.accept(&cal, today);
        assert_eq!(due(&case, "p2-review"), date!(2026 - 09 - 30));
        let ask = |w: &str| Action::RequestSupplement { what: w.into() };
        let out = case
            .act(&cal, today, "p2-review", clerk(11), &ask("户口簿首页"))
            .unwrap();
        assert!(out.notice_for.is_empty(), "others still reviewing");
        case.act(&cal, today, "p1-review", clerk(10), &approve())
            .unwrap();
        let out = case
            .act(&cal, today, "p3-review", clerk(12), &ask("参保人照片"))
            .unwrap();
        assert!(out.notice_for.is_empty());
        let out = case
            .act(&cal, today, "p4-review", clerk(13), &approve())
            .unwrap();
        // The last department decided: the two requests go out together.
        assert_eq!(out.notice_for, ["p2-review", "p3-review"]);
        case.notice_open = true;
        assert_eq!(
            overall(&case.tasks, true, date!(2026 - 12 - 01)),
            CaseStatus::WaitingForApplicant
        );
        // While paused, the task cannot be acted on.
        assert_eq!(
            case.act(&cal, today, "p2-review", clerk(11), &approve()),
            Err(TransitionProblem::CasePaused)
        );
        // The applicant answers on Tuesday 29 September: 28 and 29 do not
        // count, the two days run on 30 September and 8 October.
        case.resume(&cal, today, date!(2026 - 09 - 29)).unwrap();
        assert_eq!(state(&case, "p2-review"), TaskState::Ready);
        assert_eq!(due(&case, "p2-review"), date!(2026 - 10 - 08));
        assert_eq!(state(&case, "p1-issue"), TaskState::Waiting);
        case.act(&cal, today, "p2-review", clerk(11), &approve())
            .unwrap();
        case.act(&cal, today, "p3-review", clerk(12), &approve())
            .unwrap();
        assert_eq!(state(&case, "p1-issue"), TaskState::Ready);
    }

    #[test]
    fn an_inspection_pause_moves_the_deadlines_of_steps_under_way_only() {
        let cal = calendar();
        let mut case = birth();
        let today = date!(2026 - 09 - 28);
        case.accept(&cal, today);
        assert_eq!(due(&case, "p1-review"), date!(2026 - 09 - 30));
        // The inspection is organised on the 28th for the 29th: neither day
        // counts; the two working days become 30 September and 8 October.
        case.pause(
            &cal,
            Pause {
                from: today,
                to: date!(2026 - 09 - 29),
            },
        )
        .unwrap();
        assert_eq!(due(&case, "p1-review"), date!(2026 - 10 - 08));
        assert!(case
            .tasks
            .iter()
            .find(|t| t.key == "p1-issue")
            .unwrap()
            .due_on
            .is_none());
    }

    #[test]
    fn a_pause_the_calendar_cannot_count_changes_nothing() {
        let cal = calendar();
        let mut case = birth();
        let today = date!(2026 - 09 - 28);
        case.accept(&cal, today);
        let before = case.clone();
        let far = Pause {
            from: today,
            to: date!(9999 - 12 - 31),
        };
        assert_eq!(case.pause(&cal, far), Err(ClockError::OutOfRange));
        assert_eq!(case, before);
    }

    #[test]
    fn staff_texts_refuse_control_and_hidden_characters() {
        let cal = calendar();
        let mut case = birth();
        let today = date!(2026 - 09 - 28);
        case.accept(&cal, today);
        let reject = |reason: &str| Action::Reject {
            reason: reason.into(),
        };
        for (reason, problem) in [
            ("材料\0不全", TransitionProblem::ControlCharacter),
            ("材料\u{202E}不全", TransitionProblem::HiddenCharacter),
            ("  ", TransitionProblem::ReasonRequired),
        ] {
            assert_eq!(
                case.act(&cal, today, "p1-review", clerk(10), &reject(reason)),
                Err(problem),
                "{reason:?}"
            );
        }
        let refused = crate::error::AppError::from(TransitionProblem::ControlCharacter);
        assert_eq!(refused.status(), 422);
        // Lines and tabs in a reason are fine.
        assert!(case
            .act(
                &cal,
                today,
                "p1-review",
                clerk(10),
                &reject("一、材料不全\r\n二、\t照片模糊")
            )
            .is_ok());
    }

    #[test]
    fn urgency_colours_follow_working_days() {
        let cal = calendar();
        // Due Thursday 8 October, seen on 30 September: one working day left
        // (the holiday does not count); Friday 9 October leaves two.
        assert_eq!(
            urgency(&cal, date!(2026 - 10 - 08), date!(2026 - 09 - 30), &[]),
            Urgency::Yellow
        );
        assert_eq!(
            urgency(&cal, date!(2026 - 10 - 09), date!(2026 - 09 - 30), &[]),
            Urgency::Green
        );
        assert_eq!(
            urgency(&cal, date!(2026 - 10 - 12), date!(2026 - 09 - 30), &[]),
            Urgency::Green
        );
        assert_eq!(
            urgency(&cal, date!(2026 - 09 - 29), date!(2026 - 09 - 30), &[]),
            Urgency::Red
        );
        assert_eq!(
            urgency(&cal, date!(2026 - 09 - 30), date!(2026 - 09 - 30), &[]),
            Urgency::Yellow
        );
    }

    #[test]
    fn codes_round_trip() {
        for s in [
            TaskState::Waiting,
            TaskState::Ready,
            TaskState::Claimed,
            TaskState::Done,
            TaskState::Rejected,
            TaskState::Supplement,
            TaskState::Cancelled,
        ] {
            assert_eq!(TaskState::parse(s.code()), Some(s));
        }
        for s in [
            CaseStatus::InReview,
            CaseStatus::WaitingForApplicant,
            CaseStatus::Overdue,
            CaseStatus::Rejected,
            CaseStatus::Completed,
        ] {
            assert_eq!(CaseStatus::parse(s.code()), Some(s));
        }
    }

    /// A stage with one part reviewed and issued, and a permit issued on
    /// commitment whose verification (post 40, 20 days) is a follow-up.
    fn stage_with_commitment() -> Case {
        use StepKind::*;
        Case {
            tasks: vec![
                task(1, "accept", Acceptance, 1, &[], 0),
                task(10, "p1-review", Review, 10, &["accept"], 2),
                task(20, "p1-issue", Issuance, 20, &["p1-review"], 1),
                task(40, "p2-verify", Decision, 40, &["accept"], 20),
                task(30, "result", Result, 1, &["p1-issue"], 0),
            ],
            pauses: vec![],
            notice_open: false,
        }
    }

    #[test]
    fn a_follow_up_neither_holds_the_case_nor_ends_it() {
        let cal = calendar();
        let mut case = stage_with_commitment();
        let today = date!(2026 - 09 - 28);
        case.accept(&cal, today);
        assert!(is_follow_up(&case.tasks, &case.tasks[3]));
        assert!(!is_follow_up(&case.tasks, &case.tasks[1]));
        assert_eq!(state(&case, "p2-verify"), TaskState::Ready);
        // A supplement request goes out though the verification is under way.
        let out = case
            .act(
                &cal,
                today,
                "p1-review",
                clerk(10),
                &Action::RequestSupplement {
                    what: "可研报告".into(),
                },
            )
            .unwrap();
        assert_eq!(out.notice_for, ["p1-review"]);
        case.resume(&cal, today, today).unwrap();
        case.act(&cal, today, "p1-review", clerk(10), &approve())
            .unwrap();
        case.act(
            &cal,
            today,
            "p1-issue",
            clerk(20),
            &Action::Issue {
                certificate_no: "FG-1".into(),
            },
        )
        .unwrap();
        // Complete while the verification is still open.
        assert_eq!(state(&case, "result"), TaskState::Done);
        assert_eq!(state(&case, "p2-verify"), TaskState::Ready);
        assert_eq!(overall(&case.tasks, false, today), CaseStatus::Completed);
        // Its rejection ends nothing else: the case stays completed.
        let out = case
            .act(
                &cal,
                today,
                "p2-verify",
                clerk(40),
                &Action::Reject {
                    reason: "承诺内容与实际不符".into(),
                },
            )
            .unwrap();
        assert_eq!(out.changes.len(), 1);
        assert_eq!(state(&case, "p2-verify"), TaskState::Rejected);
        assert_eq!(overall(&case.tasks, false, today), CaseStatus::Completed);
        // A verification cannot ask the applicant for more.
        let mut fresh = stage_with_commitment();
        fresh.accept(&cal, today);
        assert_eq!(
            fresh.act(
                &cal,
                today,
                "p2-verify",
                clerk(40),
                &Action::RequestSupplement { what: "x".into() }
            ),
            Err(TransitionProblem::WrongStep)
        );
    }
}
