//! What pages and the API show of reviews (shared by the browser build).

use super::State;
use crate::catalog::Bilingual;
use serde::{Deserialize, Serialize};

/// What a review item is the review of (`review_item.subject`).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = ReviewSubject))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// A disclosure document (`document.review_id`).
    Document,
    /// A microblog post (`weibo_post.review_id`); roles from the account's team.
    WeiboPost,
    /// The answer to a microblog question (`weibo_question.answer_review_id`):
    /// a responder writes it, a reviewer of the team approves it.
    WeiboAnswer,
}

impl Subject {
    pub const ALL: [Subject; 3] = [Subject::Document, Subject::WeiboPost, Subject::WeiboAnswer];

    pub fn code(self) -> &'static str {
        match self {
            Subject::Document => "document",
            Subject::WeiboPost => "weibo_post",
            Subject::WeiboAnswer => "weibo_answer",
        }
    }

    pub fn parse(code: &str) -> Option<Subject> {
        Subject::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One step of an item's log, with who took it (staff see staff names:
/// the log says who wrote and who approved).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = ReviewEvent))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    /// Local time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub from_state: Option<State>,
    pub to_state: State,
    pub reason: Option<String>,
}

/// An item waiting for review, in a reviewer's queue.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = ReviewQueueRow))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub item_id: i64,
    pub subject: Subject,
    pub title: String,
    /// The item's own staff page.
    pub link: String,
    pub department: Bilingual,
    pub author: String,
    /// When it was sent for review, `YYYY-MM-DD HH:MM`.
    pub submitted_at: String,
}
