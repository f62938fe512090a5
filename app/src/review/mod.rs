//! One review flow for everything a unit publishes (DESIGN.md: "one review
//! flow draft → review → published"): disclosure documents now, microblog
//! posts next. Nothing reaches the public without a second person (先审后发):
//! an editor writes a draft and submits it; a reviewer of the unit publishes
//! it or returns it with the reason; whoever wrote it never publishes it.
//! A published item may be withdrawn by a reviewer, with the reason (the
//! public then sees that it was withdrawn, not a silent gap), and redrafted.
//!
//! ```text
//! draft ─submit─▶ in_review ─publish (a reviewer, not the author)─▶ published
//!   ▲  ◀─recall──────┘   │                                             │
//!   ├──return (reason)───┘                                     withdraw (reason)
//!   └────────────────────redraft──────────── withdrawn ◀──────────────┘
//! ```
//!
//! The machine is a [`workorder::Machine`] without a deadline, so pages ask
//! [`workorder::offered`] which steps to show. Pure: no database.

pub mod grants;
pub mod grants_page;
#[cfg(feature = "ssr")]
pub mod grants_store;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;
pub mod view;

use crate::{
    text::{TextProblem, TextRule},
    workorder::{Machine, OnDay, Transition, WorkAction, WorkState},
};
use serde::{Deserialize, Serialize};

/// A reason (a return, a withdrawal): 1–500 characters.
pub const REASON_RULE: TextRule = TextRule::lines(500);

/// Where an item stands in its review.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = ReviewState))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Being written (草稿); only the unit's editors see it.
    Draft,
    /// Waiting for a reviewer (待审核).
    InReview,
    /// Public (已发布).
    Published,
    /// Taken down after publication (已撤回), with the reason.
    Withdrawn,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Draft,
        State::InReview,
        State::Published,
        State::Withdrawn,
    ];

    /// The text may still be changed (only a draft: what the reviewer saw
    /// is what is published).
    pub fn editable(self) -> bool {
        self == State::Draft
    }

    /// Everyone may read it.
    pub fn public(self) -> bool {
        self == State::Published
    }
}

impl WorkState for State {
    fn code(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::InReview => "in_review",
            State::Published => "published",
            State::Withdrawn => "withdrawn",
        }
    }

    fn parse(code: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Nothing is final: a withdrawn item may be redrafted.
    fn is_final(self) -> bool {
        false
    }
}

/// Who acts in a review. One person may hold several (an editor who is also
/// a reviewer); [`Role::Author`] is added for the one who wrote the item.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = ReviewRole))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Wrote this item.
    Author,
    /// An editor of the unit (编辑).
    Editor,
    /// A reviewer of the unit (审核).
    Reviewer,
}

/// A step, as posted (`{"action":"return","reason":"…"}`).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = ReviewAction))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// An editor sends the draft for review (送审).
    Submit,
    /// An editor takes it back before it is reviewed (撤回修改).
    Recall,
    /// A reviewer sends it back to be changed (退回), saying why.
    Return { reason: String },
    /// A reviewer who did not write it publishes it (审核发布).
    Publish,
    /// A reviewer takes a published item down (撤稿), saying why.
    Withdraw { reason: String },
    /// An editor makes a withdrawn item a draft again, to correct it.
    Redraft,
}

impl Action {
    pub const CODES: [&'static str; 6] = [
        "submit", "recall", "return", "publish", "withdraw", "redraft",
    ];

    /// The step a form posts: its code (`action`) and the reason typed
    /// (kept by the steps that say why); `None` for an unknown code.
    pub fn from_form(code: &str, reason: String) -> Option<Action> {
        Some(match code {
            "submit" => Action::Submit,
            "recall" => Action::Recall,
            "return" => Action::Return { reason },
            "publish" => Action::Publish,
            "withdraw" => Action::Withdraw { reason },
            "redraft" => Action::Redraft,
            _ => return None,
        })
    }

    /// Who may take it.
    pub fn roles(&self) -> &'static [Role] {
        match self {
            Action::Submit | Action::Recall | Action::Redraft => &[Role::Editor, Role::Author],
            Action::Return { .. } | Action::Publish | Action::Withdraw { .. } => &[Role::Reviewer],
        }
    }
}

impl WorkAction for Action {
    type Role = Role;

    fn code(&self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Recall => "recall",
            Action::Return { .. } => "return",
            Action::Publish => "publish",
            Action::Withdraw { .. } => "withdraw",
            Action::Redraft => "redraft",
        }
    }

    fn role(&self) -> Role {
        self.roles()[0]
    }
}

/// Why a review step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    #[error("this step is not yours to take")]
    NotYourTurn,
    #[error("this step cannot be taken in the item's present state")]
    WrongState,
    /// 先审后发: a second person publishes.
    #[error("what you wrote is published by another reviewer")]
    OwnWork,
    #[error("the reason: {text}")]
    Reason { text: TextProblem },
}

/// What a step changes besides the state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effect {
    /// The reason given (a return, a withdrawal), kept in the log.
    pub reason: Option<String>,
    /// The item becomes public now (its publication time is set).
    pub published: bool,
    /// The author is told (a return, a publication, a withdrawal).
    pub tell_author: bool,
}

/// The review flow.
pub struct Review;

impl Machine for Review {
    type Order = State;
    type State = State;
    type Role = Role;
    type Action = Action;
    type Effect = Effect;
    type Problem = Problem;

    fn step(
        state: &State,
        _on: OnDay<'_>,
        roles: &[Role],
        action: &Action,
    ) -> Result<Transition<State, Effect>, Problem> {
        if !action.roles().iter().any(|r| roles.contains(r)) {
            return Err(Problem::NotYourTurn);
        }
        let go = |to: State, effect: Effect| {
            Ok(Transition {
                from: *state,
                to,
                effect,
            })
        };
        let reason = |raw: &str| {
            REASON_RULE
                .parse(raw)
                .map(|t| Some(t.into_string()))
                .map_err(|text| Problem::Reason { text })
        };
        use State as S;
        match (*state, action) {
            (S::Draft, Action::Submit) => go(S::InReview, Effect::default()),
            (S::InReview, Action::Recall) => go(S::Draft, Effect::default()),
            (S::InReview, Action::Return { reason: r }) => go(
                S::Draft,
                Effect {
                    reason: reason(r)?,
                    tell_author: true,
                    ..Effect::default()
                },
            ),
            (S::InReview, Action::Publish) => {
                if roles.contains(&Role::Author) {
                    return Err(Problem::OwnWork);
                }
                go(
                    S::Published,
                    Effect {
                        published: true,
                        tell_author: true,
                        ..Effect::default()
                    },
                )
            }
            (S::Published, Action::Withdraw { reason: r }) => go(
                S::Withdrawn,
                Effect {
                    reason: reason(r)?,
                    tell_author: true,
                    ..Effect::default()
                },
            ),
            (S::Withdrawn, Action::Redraft) => go(S::Draft, Effect::default()),
            _ => Err(Problem::WrongState),
        }
    }

    fn probes(_state: &State) -> Vec<Action> {
        let reason = || "-".to_string();
        vec![
            Action::Submit,
            Action::Recall,
            Action::Return { reason: reason() },
            Action::Publish,
            Action::Withdraw { reason: reason() },
            Action::Redraft,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{clock::Calendar, workorder::offered};
    use time::macros::date;

    fn on(cal: &Calendar) -> OnDay<'_> {
        OnDay {
            cal,
            today: date!(2026 - 09 - 30),
        }
    }

    fn step(state: State, roles: &[Role], action: Action) -> Result<State, Problem> {
        let cal = Calendar::default();
        Review::step(&state, on(&cal), roles, &action).map(|t| t.to)
    }

    const AUTHOR: &[Role] = &[Role::Author, Role::Editor];
    const EDITOR: &[Role] = &[Role::Editor];
    const REVIEWER: &[Role] = &[Role::Reviewer];
    const AUTHOR_REVIEWER: &[Role] = &[Role::Author, Role::Editor, Role::Reviewer];

    #[test]
    fn a_draft_is_published_only_after_a_second_person_reviews_it() {
        let s = step(State::Draft, AUTHOR, Action::Submit).unwrap();
        assert_eq!(s, State::InReview);
        // The author cannot publish, even holding the reviewer's role.
        assert_eq!(
            step(s, AUTHOR_REVIEWER, Action::Publish),
            Err(Problem::OwnWork)
        );
        assert_eq!(step(s, EDITOR, Action::Publish), Err(Problem::NotYourTurn));
        assert_eq!(step(s, REVIEWER, Action::Publish), Ok(State::Published));
        // A draft is never published straight away.
        assert_eq!(
            step(State::Draft, REVIEWER, Action::Publish),
            Err(Problem::WrongState)
        );
    }

    #[test]
    fn a_return_and_a_withdrawal_say_why_and_tell_the_author() {
        let cal = Calendar::default();
        let t = Review::step(
            &State::InReview,
            on(&cal),
            REVIEWER,
            &Action::Return {
                reason: "文号有误".into(),
            },
        )
        .unwrap();
        assert_eq!(t.to, State::Draft);
        assert_eq!(t.effect.reason.as_deref(), Some("文号有误"));
        assert!(t.effect.tell_author && !t.effect.published);
        assert_eq!(
            step(
                State::InReview,
                REVIEWER,
                Action::Return {
                    reason: "  ".into()
                }
            ),
            Err(Problem::Reason {
                text: TextProblem::Required
            })
        );
        let t = Review::step(
            &State::Published,
            on(&cal),
            REVIEWER,
            &Action::Withdraw {
                reason: "附件错误".into(),
            },
        )
        .unwrap();
        assert_eq!(t.to, State::Withdrawn);
        assert!(t.effect.tell_author);
        // Withdrawn, it may be redrafted by an editor, not by the reviewer alone.
        assert_eq!(
            step(State::Withdrawn, EDITOR, Action::Redraft),
            Ok(State::Draft)
        );
        assert_eq!(
            step(State::Withdrawn, REVIEWER, Action::Redraft),
            Err(Problem::NotYourTurn)
        );
    }

    #[test]
    fn only_a_draft_is_edited_and_only_a_published_item_is_public() {
        assert!(State::Draft.editable());
        for s in [State::InReview, State::Published, State::Withdrawn] {
            assert!(!s.editable(), "{s:?}");
        }
        assert!(State::Published.public());
        assert!(!State::Withdrawn.public() && !State::InReview.public());
        for s in State::ALL {
            assert_eq!(State::parse(s.code()), Some(s));
        }
    }

    #[test]
    fn each_role_is_offered_its_steps() {
        let cal = Calendar::default();
        let o = |s: State, roles: &[Role]| offered::<Review>(&s, on(&cal), roles);
        assert_eq!(o(State::Draft, AUTHOR), ["submit"]);
        assert_eq!(o(State::InReview, AUTHOR), ["recall"]);
        assert_eq!(o(State::InReview, REVIEWER), ["return", "publish"]);
        assert_eq!(o(State::InReview, AUTHOR_REVIEWER), ["recall", "return"]);
        assert_eq!(o(State::Published, REVIEWER), ["withdraw"]);
        assert_eq!(o(State::Published, AUTHOR), Vec::<&str>::new());
        assert_eq!(o(State::Withdrawn, EDITOR), ["redraft"]);
        // Every code is a real action's.
        for a in Review::probes(&State::Draft) {
            assert!(Action::CODES.contains(&a.code()));
        }
    }

    #[test]
    fn a_form_posts_each_step_by_its_code() {
        for code in Action::CODES {
            let a = Action::from_form(code, "理由".into()).unwrap();
            assert_eq!(a.code(), code);
        }
        assert_eq!(
            Action::from_form("return", "缺少文号".into()),
            Some(Action::Return {
                reason: "缺少文号".into()
            })
        );
        assert_eq!(
            Action::from_form("publish", "x".into()),
            Some(Action::Publish)
        );
        assert_eq!(Action::from_form("approve", String::new()), None);
    }
}
