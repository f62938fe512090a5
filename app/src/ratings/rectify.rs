//! Rectification (整改) of a bad rating, as a pure state machine.
//!
//! ```text
//! open ──call back (department)──▶ called_back ──resolve (department)──▶ resolved
//!   │                                  │                                 │   │
//!   └──contest (department)──┬─────────┘          accept (applicant) ◀───┘   └──▶ appealed (applicant)
//!                            ▼                        ▼                              │
//!                        contested ──decide (supervisor)──▶ voided (malicious:     decide (supervisor):
//!                            │                              the rating no           upheld → open again,
//!                            └── not malicious → open /     longer counts)          with a new deadline;
//!                                called_back as before                              dismissed → closed
//! ```
//!
//! The department calls the applicant back before it records an outcome;
//! the applicant accepts the outcome or appeals to a supervisor of the
//! region; the department may appeal a malicious rating to the same
//! supervisor. Every step needs its text (note, outcome or reason) except
//! accepting.

use super::{RatingProblem, Text};
use serde::{Deserialize, Serialize};

/// Working days a department has to rectify (from the next working day).
pub const RECTIFY_DAYS: u32 = 5;

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RectState {
    Open,
    CalledBack,
    Resolved,
    Accepted,
    Appealed,
    Contested,
    Voided,
    Closed,
}

impl RectState {
    pub const ALL: [RectState; 8] = [
        RectState::Open,
        RectState::CalledBack,
        RectState::Resolved,
        RectState::Accepted,
        RectState::Appealed,
        RectState::Contested,
        RectState::Voided,
        RectState::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RectState::Open => "open",
            RectState::CalledBack => "called_back",
            RectState::Resolved => "resolved",
            RectState::Accepted => "accepted",
            RectState::Appealed => "appealed",
            RectState::Contested => "contested",
            RectState::Voided => "voided",
            RectState::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<RectState> {
        RectState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Finished: nothing more happens.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            RectState::Accepted | RectState::Voided | RectState::Closed
        )
    }

    /// The department still has to act (its deadline runs).
    pub fn is_departments_turn(self) -> bool {
        matches!(self, RectState::Open | RectState::CalledBack)
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        use crate::i18n::Msg;
        lang.t(match self {
            RectState::Open => Msg::RectOpen,
            RectState::CalledBack => Msg::RectCalledBack,
            RectState::Resolved => Msg::RectResolved,
            RectState::Accepted => Msg::RectAccepted,
            RectState::Appealed => Msg::RectAppealed,
            RectState::Contested => Msg::RectContested,
            RectState::Voided => Msg::RectVoided,
            RectState::Closed => Msg::RectClosed,
        })
    }
}

/// Who acts on a rectification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Department,
    Applicant,
    Supervisor,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Department => "department",
            Role::Applicant => "applicant",
            Role::Supervisor => "supervisor",
        }
    }
}

/// A step, as posted (`{"action":"call_back","note":"…"}`).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum RectAction {
    /// The department records its call-back to the applicant.
    CallBack { note: String },
    /// The department records what it did.
    Resolve { outcome: String },
    /// The department appeals a malicious rating.
    Contest { reason: String },
    /// The applicant accepts the outcome.
    Accept,
    /// The applicant appeals the outcome.
    Appeal { reason: String },
    /// The supervisor decides an appeal: `upheld` is true when the
    /// appellant is right (the outcome is not enough / the rating is
    /// malicious).
    Decide { upheld: bool, note: String },
}

impl RectAction {
    pub fn code(&self) -> &'static str {
        match self {
            RectAction::CallBack { .. } => "call_back",
            RectAction::Resolve { .. } => "resolve",
            RectAction::Contest { .. } => "contest",
            RectAction::Accept => "accept",
            RectAction::Appeal { .. } => "appeal",
            RectAction::Decide { .. } => "decide",
        }
    }

    /// Who may take this step.
    pub fn role(&self) -> Role {
        match self {
            RectAction::CallBack { .. }
            | RectAction::Resolve { .. }
            | RectAction::Contest { .. } => Role::Department,
            RectAction::Accept | RectAction::Appeal { .. } => Role::Applicant,
            RectAction::Decide { .. } => Role::Supervisor,
        }
    }
}

/// The parts of a rectification the machine needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub state: RectState,
    /// A call-back has been recorded.
    pub called_back: bool,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub to: RectState,
    /// The text to store with it (note, outcome or reason).
    pub text: Option<Text>,
    /// The department's deadline starts again (an upheld appeal).
    pub reopens: bool,
    /// The rating no longer counts (a malicious rating).
    pub excludes_rating: bool,
}

/// The step `action` by someone acting as one of `roles` takes from `r`, or
/// why it is refused.
pub fn step(r: Rect, roles: &[Role], action: &RectAction) -> Result<Step, RatingProblem> {
    if !roles.contains(&action.role()) {
        return Err(RatingProblem::NotYourTurn);
    }
    let plain = |to, text| Step {
        to,
        text,
        reopens: false,
        excludes_rating: false,
    };
    use RectState as S;
    match (r.state, action) {
        (S::Open, RectAction::CallBack { note }) => {
            Ok(plain(S::CalledBack, Some(Text::parse(note)?)))
        }
        (S::CalledBack, RectAction::Resolve { outcome }) => {
            Ok(plain(S::Resolved, Some(Text::parse(outcome)?)))
        }
        (S::Open | S::CalledBack, RectAction::Contest { reason }) => {
            Ok(plain(S::Contested, Some(Text::parse(reason)?)))
        }
        (S::Resolved, RectAction::Accept) => Ok(plain(S::Accepted, None)),
        (S::Resolved, RectAction::Appeal { reason }) => {
            Ok(plain(S::Appealed, Some(Text::parse(reason)?)))
        }
        (S::Appealed, RectAction::Decide { upheld, note }) => {
            let text = Some(Text::parse(note)?);
            Ok(if *upheld {
                Step {
                    to: S::Open,
                    text,
                    reopens: true,
                    excludes_rating: false,
                }
            } else {
                plain(S::Closed, text)
            })
        }
        (S::Contested, RectAction::Decide { upheld, note }) => {
            let text = Some(Text::parse(note)?);
            Ok(if *upheld {
                Step {
                    to: S::Voided,
                    text,
                    reopens: false,
                    excludes_rating: true,
                }
            } else {
                plain(
                    if r.called_back {
                        S::CalledBack
                    } else {
                        S::Open
                    },
                    text,
                )
            })
        }
        _ => Err(RatingProblem::WrongState),
    }
}

/// The steps `roles` may take from `r` (for the forms a page shows).
pub fn offered(r: Rect, roles: &[Role]) -> Vec<&'static str> {
    let probes = [
        RectAction::CallBack { note: "x".into() },
        RectAction::Resolve {
            outcome: "x".into(),
        },
        RectAction::Contest { reason: "x".into() },
        RectAction::Accept,
        RectAction::Appeal { reason: "x".into() },
        RectAction::Decide {
            upheld: true,
            note: "x".into(),
        },
    ];
    probes
        .iter()
        .filter(|a| step(r, roles, a).is_ok())
        .map(RectAction::code)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use RectState as S;

    fn at(state: RectState, called_back: bool) -> Rect {
        Rect { state, called_back }
    }
    const DEPT: &[Role] = &[Role::Department];
    const APPLICANT: &[Role] = &[Role::Applicant];
    const SUPERVISOR: &[Role] = &[Role::Supervisor];

    fn call_back() -> RectAction {
        RectAction::CallBack {
            note: "电话回访，已致歉".into(),
        }
    }
    fn resolve() -> RectAction {
        RectAction::Resolve {
            outcome: "已补发证件并培训窗口人员".into(),
        }
    }

    #[test]
    fn the_whole_path_call_back_resolve_accept() {
        let s = step(at(S::Open, false), DEPT, &call_back()).unwrap();
        assert_eq!(s.to, S::CalledBack);
        let s = step(at(S::CalledBack, true), DEPT, &resolve()).unwrap();
        assert_eq!(s.to, S::Resolved);
        assert_eq!(s.text.unwrap().as_str(), "已补发证件并培训窗口人员");
        let s = step(at(S::Resolved, true), APPLICANT, &RectAction::Accept).unwrap();
        assert_eq!(s.to, S::Accepted);
        assert!(S::Accepted.is_final());
    }

    #[test]
    fn no_outcome_before_the_call_back() {
        assert_eq!(
            step(at(S::Open, false), DEPT, &resolve()),
            Err(RatingProblem::WrongState)
        );
    }

    #[test]
    fn each_step_belongs_to_one_role() {
        assert_eq!(
            step(at(S::Open, false), APPLICANT, &call_back()),
            Err(RatingProblem::NotYourTurn)
        );
        assert_eq!(
            step(at(S::Resolved, true), DEPT, &RectAction::Accept),
            Err(RatingProblem::NotYourTurn)
        );
        let decide = RectAction::Decide {
            upheld: true,
            note: "x".into(),
        };
        assert_eq!(
            step(at(S::Appealed, true), DEPT, &decide),
            Err(RatingProblem::NotYourTurn)
        );
        // Someone with two roles (a supervisor who is also staff) may take
        // either's steps.
        assert!(step(
            at(S::Appealed, true),
            &[Role::Department, Role::Supervisor],
            &decide
        )
        .is_ok());
    }

    #[test]
    fn texts_are_required() {
        assert_eq!(
            step(
                at(S::Open, false),
                DEPT,
                &RectAction::CallBack { note: " ".into() }
            ),
            Err(RatingProblem::TextRequired)
        );
        assert_eq!(
            step(
                at(S::Resolved, true),
                APPLICANT,
                &RectAction::Appeal {
                    reason: "x".repeat(501)
                }
            ),
            Err(RatingProblem::TextTooLong)
        );
    }

    #[test]
    fn an_upheld_appeal_reopens_and_a_dismissed_one_closes() {
        let appeal = RectAction::Appeal {
            reason: "问题没有解决".into(),
        };
        assert_eq!(
            step(at(S::Resolved, true), APPLICANT, &appeal).unwrap().to,
            S::Appealed
        );
        let upheld = step(
            at(S::Appealed, true),
            SUPERVISOR,
            &RectAction::Decide {
                upheld: true,
                note: "请重新整改".into(),
            },
        )
        .unwrap();
        assert_eq!(
            (upheld.to, upheld.reopens, upheld.excludes_rating),
            (S::Open, true, false)
        );
        let dismissed = step(
            at(S::Appealed, true),
            SUPERVISOR,
            &RectAction::Decide {
                upheld: false,
                note: "整改到位".into(),
            },
        )
        .unwrap();
        assert_eq!(dismissed.to, S::Closed);
        assert!(S::Closed.is_final());
    }

    #[test]
    fn a_malicious_rating_is_voided_otherwise_the_department_goes_on() {
        let contest = RectAction::Contest {
            reason: "评价与办件无关，系恶意差评".into(),
        };
        assert_eq!(
            step(at(S::CalledBack, true), DEPT, &contest).unwrap().to,
            S::Contested
        );
        let yes = RectAction::Decide {
            upheld: true,
            note: "属实".into(),
        };
        let no = RectAction::Decide {
            upheld: false,
            note: "不属实".into(),
        };
        let voided = step(at(S::Contested, true), SUPERVISOR, &yes).unwrap();
        assert_eq!((voided.to, voided.excludes_rating), (S::Voided, true));
        assert_eq!(
            step(at(S::Contested, true), SUPERVISOR, &no).unwrap().to,
            S::CalledBack
        );
        assert_eq!(
            step(at(S::Contested, false), SUPERVISOR, &no).unwrap().to,
            S::Open
        );
        // Not twice, and not once resolved.
        assert_eq!(
            step(at(S::Contested, false), DEPT, &contest),
            Err(RatingProblem::WrongState)
        );
        assert_eq!(
            step(at(S::Resolved, true), DEPT, &contest),
            Err(RatingProblem::WrongState)
        );
    }

    #[test]
    fn nothing_happens_after_the_end() {
        for s in [S::Accepted, S::Voided, S::Closed] {
            for roles in [DEPT, APPLICANT, SUPERVISOR] {
                assert!(offered(at(s, true), roles).is_empty(), "{s:?}");
            }
        }
    }

    #[test]
    fn the_forms_offered_follow_the_machine() {
        assert_eq!(
            offered(at(S::Open, false), DEPT),
            vec!["call_back", "contest"]
        );
        assert_eq!(
            offered(at(S::CalledBack, true), DEPT),
            vec!["resolve", "contest"]
        );
        assert_eq!(
            offered(at(S::Resolved, true), APPLICANT),
            vec!["accept", "appeal"]
        );
        assert_eq!(offered(at(S::Appealed, true), SUPERVISOR), vec!["decide"]);
        assert!(offered(at(S::Open, false), APPLICANT).is_empty());
        for s in RectState::ALL {
            assert_eq!(RectState::parse(s.code()), Some(s));
        }
    }
}
