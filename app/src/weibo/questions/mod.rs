//! Citizens' questions to a microblog account (issue 21): asked by a
//! signed-in citizen (or by @-mentioning the account in a comment:
//! [`store::ask_in`]), owned at once by the team's responder with the
//! fewest open questions, acknowledged, answered through the one review
//! flow (a responder writes, a reviewer of the team publishes, never the
//! writer), marked on time or late on the question clock
//! ([`super::question`]), rated helpful or not by the asker — or turned
//! into a letter work order (the interaction channel) with the link kept
//! both ways. What the pages and the API show lives here; `store.rs` holds
//! the SQL, `pages.rs` the pages.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use super::{
    question::{Kind, Problem, State},
    view::AccountName,
};
use crate::{catalog::Bilingual, review};
use serde::{Deserialize, Serialize};

impl From<Problem> for crate::error::AppError {
    fn from(problem: Problem) -> Self {
        crate::error::AppError::Refused(crate::error::Refusal::new(
            "weibo_question_refused",
            problem.status(),
            &problem,
            Bilingual::each(|lang| problem.message(lang)),
        ))
    }
}

/// A question as asked (`POST /api/v1/weibo/accounts/{handle}/questions`).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboAsk))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ask {
    /// `enquiry` (2 working days), `suggestion` or `complaint` (5).
    pub kind: String,
    /// 1–1,000 characters.
    pub body: String,
}

/// A question taken in.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboAsked))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    /// `WB` and 14 digits.
    pub question_no: String,
    /// YYYY-MM-DD.
    pub due_on: String,
    /// False when the key had already made this question (a retry).
    pub created: bool,
}

/// A question as its asker, its account's team and — once answered —
/// everyone see it (the asker's name never public).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboQuestion))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionView {
    pub question_no: String,
    pub account: AccountName,
    pub kind: Kind,
    pub body: String,
    pub state: State,
    /// YYYY-MM-DD.
    pub asked_on: String,
    pub acknowledge_by: String,
    pub due_on: String,
    /// Overdue today: still waiting past its due day.
    pub overdue: bool,
    /// The approved answer (nothing before a reviewer approved it).
    pub answer: Option<String>,
    /// YYYY-MM-DD HH:MM (hall time).
    pub answered_at: Option<String>,
    pub answered_on_time: Option<bool>,
    pub helpful: Option<bool>,
    /// The letter it became (`XJ…`), for its asker and the team.
    pub letter_no: Option<String>,
}

/// One line of a list of questions.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboQuestionRow))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionRow {
    pub question_no: String,
    pub account: AccountName,
    pub kind: Kind,
    pub state: State,
    /// The first 60 characters.
    pub excerpt: String,
    pub asked_on: String,
    pub due_on: String,
    pub overdue: bool,
    pub answered_on_time: Option<bool>,
    /// The owner's name (staff lists only).
    pub owner: Option<String>,
}

/// An account's public questions: answered ones with their answers, and
/// its answer rate.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboAccountQuestions))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountQuestions {
    pub account: AccountName,
    /// Questions asked (those turned into letters left out), answered,
    /// answered on time.
    pub asked: i64,
    pub answered: i64,
    pub on_time: i64,
    /// answered / asked, 0–100 (one decimal); none before any question.
    pub answer_rate: Option<f64>,
    pub questions: Vec<QuestionView>,
}

/// A responder of the account (a reassignment's choice).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboResponder))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Responder {
    pub username: String,
    pub name: String,
    /// Questions waiting in their hands.
    pub open: i64,
}

/// A question as its account's team sees it, with what the viewer may do.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboStaffQuestion))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffQuestionView {
    pub question: QuestionView,
    /// The asker's name (personal data: the read is audited).
    pub asker: String,
    pub owner: Option<String>,
    pub acknowledged_at: Option<String>,
    /// The answer's text as written (a draft or in review).
    pub draft: Option<String>,
    /// The answer's review state, once a draft exists.
    pub review: Option<review::State>,
    /// Why the reviewer returned it.
    pub returned_reason: Option<String>,
    /// The question's steps the viewer may take (`acknowledge`, `complex`,
    /// `reassign`, `convert`), and whether they may write the answer.
    pub offered: Vec<String>,
    pub may_answer: bool,
    /// The answer's review steps the viewer may take (`submit`, `recall`,
    /// `return`, `publish`).
    pub review_offered: Vec<String>,
    pub responders: Vec<Responder>,
    pub log: Vec<review::view::EventView>,
}

/// A step on a question (`POST /api/v1/staff/weibo/questions/{no}/steps`).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboQuestionStep))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum StepRequest {
    /// The owner acknowledges it (受理).
    Acknowledge,
    /// The owner sets it complex with its deadline, 1–15 working days (once).
    Complex { days: i64 },
    /// A reviewer gives it to another responder (by user name).
    Reassign { to: String },
    /// The owner writes (or rewrites) the answer's draft.
    Answer { text: String },
    /// The writer sends the answer for review.
    Submit,
    /// The writer takes it back before it is reviewed.
    Recall,
    /// A reviewer (not the writer) approves it: the answer is public.
    Approve,
    /// A reviewer returns it, saying why.
    Return { reason: String },
    /// The owner or a reviewer turns it into a letter work order.
    Convert,
}

impl StepRequest {
    pub fn code(&self) -> &'static str {
        match self {
            StepRequest::Acknowledge => "acknowledge",
            StepRequest::Complex { .. } => "complex",
            StepRequest::Reassign { .. } => "reassign",
            StepRequest::Answer { .. } => "answer",
            StepRequest::Submit => "submit",
            StepRequest::Recall => "recall",
            StepRequest::Approve => "approve",
            StepRequest::Return { .. } => "return",
            StepRequest::Convert => "convert",
        }
    }
}

/// The asker's verdict on the answer (`{"helpful": true}`).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboHelpful))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Helpful {
    pub helpful: bool,
}

/// An answer rate in percent with one decimal.
pub fn answer_rate(answered: i64, asked: i64) -> Option<f64> {
    (asked > 0).then(|| (1000.0 * answered as f64 / asked as f64).round() / 10.0)
}

/// The first `n` characters of a text, with an ellipsis when cut.
pub fn excerpt(text: &str, n: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(n).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_excerpts() {
        assert_eq!(answer_rate(0, 0), None);
        assert_eq!(answer_rate(2, 3), Some(66.7));
        assert_eq!(excerpt("低保怎么申请", 4), "低保怎么…");
        assert_eq!(excerpt("低保", 4), "低保");
        let step: StepRequest = serde_json::from_str(r#"{"action":"complex","days":7}"#).unwrap();
        assert_eq!(step, StepRequest::Complex { days: 7 });
        assert_eq!(step.code(), "complex");
    }
}
