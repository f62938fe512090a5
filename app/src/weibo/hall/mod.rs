//! A region's microblog hall (发布厅, issue 21): `/weibo` for the province
//! and `/weibo/r/{city_code}` for a city — the verified accounts of the
//! region and below with the mark, the merged timeline of their public
//! posts (newest first, keyset pages), today's questions and the answer
//! rate; the refutations (`/weibo/refutations`); an account's page
//! (`/weibo/@{handle}`: the pinned post, its posts, comments open or
//! closed, followers, `rel="me"` links to its ActivityPub actor and Atom
//! feed); a post's page with its comments; following and the personal
//! timeline (`/me/weibo`).
//!
//! Types here; SQL in [`store`]; pages in [`pages`].

#[cfg(feature = "ssr")]
pub mod store;

pub mod pages;

use crate::{
    i18n::Bilingual,
    weibo::{
        posts::{CommentView, PostView, Timeline},
        view::AccountName,
    },
};
use serde::{Deserialize, Serialize};

/// The province whose hall `/weibo` is.
pub const PROVINCE: i32 = 440000;

/// An account in a hall's list.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboHallAccount))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallAccount {
    pub account: AccountName,
    pub followers: i32,
    pub comments_closed: bool,
}

/// Today's questions to the hall's accounts and how many of the last 30
/// days' were answered.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboHallQuestions))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questions {
    pub today: i64,
    /// Asked in the last 30 days.
    pub asked: i64,
    /// Of those, answered.
    pub answered: i64,
}

impl Questions {
    /// The answer rate in whole percent, none when nothing was asked.
    pub fn rate(&self) -> Option<i64> {
        (self.asked > 0).then(|| (self.answered * 100 + self.asked / 2) / self.asked)
    }
}

/// A region's hall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallView {
    pub region_code: i32,
    pub region: Bilingual,
    /// The cities with verified accounts (their halls).
    pub cities: Vec<(i32, Bilingual)>,
    pub accounts: Vec<HallAccount>,
    pub questions: Questions,
    pub timeline: Timeline,
}

/// An account's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPage {
    pub account: AccountName,
    pub bio: String,
    pub region: Bilingual,
    pub city_code: i32,
    pub followers: i32,
    pub comments_closed: bool,
    pub pinned: Option<PostView>,
    pub timeline: Timeline,
    /// Whether the viewer follows it (None when signed out).
    pub following: Option<bool>,
}

/// A post's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostPage {
    pub post: PostView,
    pub comments_closed: bool,
    pub comments: Vec<CommentView>,
    /// Whether the viewer likes it (None when signed out).
    pub liked: Option<bool>,
    /// A fresh key for the comment form.
    pub idempotency_key: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_rate_rounds_and_needs_a_question() {
        let q = |asked, answered| Questions {
            today: 0,
            asked,
            answered,
        };
        assert_eq!(q(0, 0).rate(), None);
        assert_eq!(q(3, 2).rate(), Some(67));
        assert_eq!(q(8, 8).rate(), Some(100));
    }
}
