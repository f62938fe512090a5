//! What clients read and send of ratings and rectifications (shared by
//! the server and the browser).

use super::{rectify::RectState, Stars};
use crate::{i18n::Bilingual, workflow::engine::Urgency};
use serde::{Deserialize, Serialize};

/// A rating as posted.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
pub struct NewRating {
    pub task_id: i64,
    pub stars: i64,
    #[serde(default)]
    pub comment: String,
    /// Rate a point the applicant met (a supplement request, a joint
    /// inspection) rather than the step's department (issue 17).
    #[serde(default)]
    pub point: bool,
}

/// A rectification as the people taking part see it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RectView {
    pub id: i64,
    pub state: RectState,
    pub case_no: String,
    pub step: Bilingual,
    pub department: Bilingual,
    pub stars: Stars,
    pub comment: Option<String>,
    pub opened_on: String,
    pub due_on: String,
    pub urgency: Option<Urgency>,
    pub callback_note: Option<String>,
    pub outcome: Option<String>,
    pub appeal_reason: Option<String>,
    pub contest_reason: Option<String>,
    pub decision_note: Option<String>,
    /// The steps the viewer may take now (`call_back`, `resolve`, …).
    pub offered: Vec<String>,
    pub events: Vec<RectEvent>,
}

/// One step of a rectification's history.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RectEvent {
    pub on_day: String,
    pub role: String,
    pub action: String,
    pub to_state: RectState,
    pub note: Option<String>,
}

/// A rectification in a list.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RectLine {
    pub id: i64,
    pub state: RectState,
    pub department: Bilingual,
    pub region: Bilingual,
    pub stars: Stars,
    pub opened_on: String,
    pub due_on: String,
    pub urgency: Option<Urgency>,
    /// What the department did (published once recorded).
    pub outcome: Option<String>,
    pub decision_note: Option<String>,
}

/// One of my ratings (my space).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRating {
    pub case_no: String,
    pub step: Bilingual,
    pub stars: Stars,
    pub rated_on: String,
    pub rectification: Option<i64>,
    pub rectification_state: Option<RectState>,
}
