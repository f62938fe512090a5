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
}

impl Subject {
    pub fn code(self) -> &'static str {
        match self {
            Subject::Document => "document",
        }
    }

    pub fn parse(code: &str) -> Option<Subject> {
        (code == "document").then_some(Subject::Document)
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
