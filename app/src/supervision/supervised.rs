//! A case as a supervisor reads it (issue 17): the type the read-only case
//! page and its store share.

use super::notice::NoticeView;
use crate::{
    i18n::Bilingual,
    workflow::{desk::HistoryLine, views::StepView},
};
use serde::{Deserialize, Serialize};

/// A case as a supervisor reads it (read only): its steps with the late
/// ones marked, the notices sent about it and their answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisedCase {
    pub case_no: String,
    pub service: Bilingual,
    pub submitted_at: String,
    pub due_on: String,
    pub steps: Vec<StepView>,
    /// Task ids of the steps under way past their deadline.
    pub late: Vec<i64>,
    pub notices: Vec<NoticeView>,
    pub history: Vec<HistoryLine>,
}
