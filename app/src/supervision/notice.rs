//! Supervision notices (督办): a supervisor of the region sends one about a
//! late step; the department — the clerks of the step's post and the heads
//! of its unit — reads it in the inbox and on the task page and answers it
//! once; the supervisor reads the answer on the case.
//!
//! ```text
//!   sent ──(the department answers)──▶ answered
//! ```
//!
//! Pure: the texts' rules, what may be refused and why, the views.

use crate::{
    error::{AppError, Refusal},
    i18n::{Bilingual, Msg},
    text::TextRule,
};
use serde::{Deserialize, Serialize};

/// The supervisor's note: several lines, at most 500 characters.
pub const NOTE: TextRule = TextRule::lines(500);
/// The department's answer: several lines, at most 1,000 characters.
pub const REPLY: TextRule = TextRule::lines(1000);

/// Why a notice or an answer is refused (409).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum NoticeProblem {
    /// The step is not under way and past its deadline.
    NotLate,
    /// The notice has an answer already.
    Answered,
}

impl From<NoticeProblem> for AppError {
    fn from(p: NoticeProblem) -> AppError {
        let msg = match p {
            NoticeProblem::NotLate => Msg::SupNoticeNotLate,
            NoticeProblem::Answered => Msg::SupReplyTwice,
        };
        AppError::Refused(Refusal::new(
            "supervision_refused",
            409,
            &p,
            Bilingual::of(msg),
        ))
    }
}

/// One notice as the supervisor and the department read it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub id: i64,
    pub task_id: i64,
    pub step: Bilingual,
    pub department: Bilingual,
    pub note: String,
    /// `YYYY-MM-DD`.
    pub sent_on: String,
    pub sent_by: String,
    pub reply: Option<String>,
    pub replied_by: Option<String>,
    /// `YYYY-MM-DD HH:MM`, Beijing time.
    pub replied_at: Option<String>,
}
