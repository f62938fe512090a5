//! The government microblog hall (政务微博发布厅, issue 21; DESIGN.md §12):
//! verified accounts of units and of officials' posts with one mark
//! (政务认证), naming norms checked on application and look-alike names
//! flagged for an editor of the level above; each account's team (editors,
//! reviewers, responders); posts through the one review flow (先审后发,
//! `crate::review`); comments, reposts, refutations (辟谣); citizens'
//! questions with an owner and a reply deadline on the working-day clock;
//! a region's hall (`/weibo`), following, Atom and ActivityPub; the daily
//! dormancy finding and an assessment index with its formula published.
//!
//! Pure rules here and in the files without `store`; SQL in each part's
//! `store.rs`; pages in `pages.rs`.
//!
//! | part | what |
//! |------|------|
//! | [`naming`], [`lookalike`] | the naming norms; confusable names |
//! | [`accounts`] | apply, verify or reject, the team, an official's post |
//! | [`posts`] | drafts through review, images, cards, reposts, pins, refutations, comments, likes |
//! | [`hall`] | the region's hall and timeline, an account's page, following, feeds |
//! | [`question`], [`questions`] | the question clock; asking, owner, answer (reviewed), letter |
//! | [`dormancy`], [`assessment`] | 14/90 days without a post; the index and its ranking |
//! | [`view`] | the mark and the account's name as shown everywhere |

pub mod accounts;
pub mod assessment;
pub mod dormancy;
pub mod hall;
pub mod lookalike;
pub mod naming;
pub mod posts;
pub mod question;
pub mod questions;
pub mod view;
