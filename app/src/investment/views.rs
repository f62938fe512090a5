//! A project as its pages and the API read it: the public status with its
//! stages and departments' steps, the line of my projects, the stage
//! averages. Plain types (the browser build has them too); the store
//! (`store.rs`) reads them.

use super::{DaysUsed, Industry, ProjectCode, ProjectKind, Stage};
use crate::{catalog::Bilingual, workflow::engine::TaskState};
use serde::{Deserialize, Serialize};

/// A project as everyone may read it (no personal data).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectStatus {
    pub code: ProjectCode,
    pub name: String,
    pub kind: ProjectKind,
    pub industry: Industry,
    pub region_code: String,
    pub region: Bilingual,
    /// 万元.
    pub total_investment: String,
    pub registered_on: String,
    /// Working days used by the stages against the target.
    pub days: DaysUsed,
    pub stages: Vec<StageStatus>,
    /// The intermediaries' work (中介服务) on the project, each with its
    /// own promised limit (not counted in the target).
    pub intermediaries: Vec<crate::intermediaries::IntermediaryStep>,
}

/// Where a stage is.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageState {
    /// Its permits from earlier stages are not all issued.
    NotYet,
    /// It may be applied for.
    Open,
    InReview,
    WaitingForApplicant,
    Completed,
    Rejected,
}

/// One stage of a project.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageStatus {
    pub stage: Stage,
    pub state: StageState,
    /// The stage's bundle in the project's place of handling
    /// (`REGION/KEY`), when there is one.
    pub bundle: Option<String>,
    pub case_no: Option<String>,
    pub accepted_on: Option<String>,
    pub finished_on: Option<String>,
    /// Working days used (pauses for supplements and inspections not
    /// counted) against the stage's limit (its critical path).
    pub days: Option<DaysUsed>,
    pub steps: Vec<StageStep>,
    /// The permits issued in this stage.
    pub permits: Vec<Bilingual>,
}

/// One department's step of a stage.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageStep {
    pub name: Bilingual,
    pub department: Bilingual,
    pub state: TaskState,
    pub started_on: Option<String>,
    pub due_on: Option<String>,
    pub finished_on: Option<String>,
    pub days: DaysUsed,
    pub late: bool,
}

/// One of my projects, as the list shows it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectLine {
    pub code: ProjectCode,
    pub name: String,
    pub kind: ProjectKind,
    pub registered_on: String,
    /// The stage under way or the next to apply for; none when all are
    /// completed.
    pub current: Option<Stage>,
    pub current_state: Option<StageState>,
    pub days: DaysUsed,
}

impl ProjectStatus {
    /// The stage under way, or the first not completed.
    pub fn current(&self) -> Option<&StageStatus> {
        self.stages
            .iter()
            .find(|s| s.state != StageState::Completed)
    }

    pub fn line(&self) -> ProjectLine {
        let current = self.current();
        ProjectLine {
            code: self.code.clone(),
            name: self.name.clone(),
            kind: self.kind,
            registered_on: self.registered_on.clone(),
            current: current.map(|s| s.stage),
            current_state: current.map(|s| s.state),
            days: self.days,
        }
    }
}

/// Average working days of the completed stages, per city, stage and
/// project kind, straight from the record (pauses for supplements and
/// inspections not counted).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageAverage {
    pub city_code: String,
    pub city: Bilingual,
    pub stage: Stage,
    pub kind: ProjectKind,
    pub stages_completed: u32,
    /// One decimal.
    pub average_days: f64,
}
