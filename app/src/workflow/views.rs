//! What applicants and clerks read of a case: its steps side by side, the
//! open notice, the log; a clerk's task with only their department's part.

use super::engine::{self, CaseStatus, TaskState};
use crate::{
    applications::form::{Answers, FieldDef},
    i18n::Bilingual,
};
use serde::{Deserialize, Serialize};

/// One step of a case as shown to its applicant.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepView {
    pub task_id: i64,
    pub key: String,
    pub kind: String,
    pub part: Option<i16>,
    pub name: Bilingual,
    pub department: Bilingual,
    pub unit: Bilingual,
    pub state: TaskState,
    pub started_on: Option<String>,
    pub due_on: Option<String>,
    pub outcome: Option<String>,
    /// The applicant rates the step once it is done (评价点).
    pub evaluation_point: bool,
    /// Under way and past its deadline today ([`TaskState::late_on`]).
    #[serde(default)]
    pub late: bool,
    /// The applicant met this step themselves: it asked them for
    /// supplements, or it is a joint inspection (an evaluation point they
    /// may rate besides the department).
    #[serde(default)]
    pub experienced: bool,
}

/// The open notice (一次告知): what each department asks for.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub issued_on: String,
    pub lead_unit: Bilingual,
    /// (department, what is asked)
    pub requests: Vec<(Bilingual, String)>,
}

/// A case as its applicant (or a clerk handling it) sees it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub case_no: String,
    pub query_code: String,
    pub service: Bilingual,
    pub submitted_at: String,
    pub accepted_on: String,
    pub due_on: String,
    /// The promised time limit in working days (0: on the spot, 即办).
    #[serde(default)]
    pub promised_days: u32,
    pub status: CaseStatus,
    pub steps: Vec<StepView>,
    pub notice: Option<NoticeView>,
    /// The viewer is the applicant (who rates and answers notices).
    pub mine: bool,
    /// The applicant's ratings of the case's evaluation points.
    pub ratings: Vec<crate::ratings::RatingView>,
}

/// A case in a list (my cases).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseLine {
    pub case_no: String,
    pub service: Bilingual,
    pub submitted_at: String,
    pub due_on: String,
    pub status: CaseStatus,
}

/// A clerk's task: the step, the case's other steps (what other
/// departments already accepted is not checked again), and only the
/// answers of the clerk's part.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskView {
    pub task_id: i64,
    pub case: CaseView,
    pub step: StepView,
    pub answers: Answers,
    pub urgency: Option<engine::Urgency>,
    /// The part's form fields (labels and kinds of the answers), each key
    /// once.
    pub fields: Vec<FieldDef>,
    /// The case's files, each labelled by its material.
    pub materials: Vec<crate::files::list::CaseFile>,
    // issue 17, desk
    /// The full names of the regions in the answers' addresses.
    #[serde(default)]
    pub places: Vec<super::desk::Place>,
    /// The case's history, oldest first.
    #[serde(default)]
    pub history: Vec<super::desk::HistoryLine>,
    /// The supervision notices (督办) about this task.
    #[serde(default)]
    pub notices: Vec<crate::supervision::notice::NoticeView>,
    /// The viewer is at the task's post (only they decide; a head of its
    /// unit reads it and answers notices).
    #[serde(default)]
    pub can_decide: bool,
}

/// A case whose joint inspection the clerk's unit (its lead unit) is asked
/// to organise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToOrganise {
    pub case_no: String,
    pub proposals: Vec<String>,
}

/// One row of a post's queue.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub task_id: i64,
    pub case_no: String,
    pub step: Bilingual,
    pub service: Bilingual,
    pub state: TaskState,
    /// Taken by the viewer (others' claimed tasks are not listed).
    pub mine: bool,
    pub due_on: String,
    pub urgency: engine::Urgency,
}
