//! Microblog accounts (issue 21, part 1): a unit's staff apply for the
//! unit's account (for a region's government, its information office; for
//! an official's account, one of the unit's posts and its capacity) with
//! the scan of the approval letter (审批函); the name is checked against
//! the naming norms ([`super::naming`]) and against the live accounts'
//! names ([`super::lookalike`]): a confusable one is `flagged` with the
//! account it is like. An editor of the level above (a verifier: of the
//! province for the province's and cities' accounts, of a city for its
//! counties') verifies or rejects it with a reason; only then is the mark
//! shown. The applicant becomes the first reviewer of the account's team;
//! reviewers add and remove members (staff of the unit) as editors,
//! reviewers and responders. An official's account acts through whoever
//! holds its post, who is always a reviewer of it (derived, never copied:
//! it passes to the successor).
//!
//! ```text
//! apply ──▶ applied ──verify──▶ verified
//!   │          └──reject──▶ rejected
//!   └─(name like another's)─▶ flagged ──verify / reject──▶ …
//! ```
//!
//! This file holds the types and pure rules; `store.rs` the SQL; `pages.rs`
//! the pages.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use super::{
    lookalike::Likeness,
    naming::NameProblem,
    view::{AccountKind, AccountName},
};
use crate::{
    i18n::{Bilingual, Lang, Msg},
    text::{TextProblem, TextRule},
};
use serde::{Deserialize, Serialize};

/// An account's bio (简介): up to 300 characters, several lines.
pub const BIO_RULE: TextRule = TextRule::lines(300);
/// A verifier's reason for a rejection: up to 500 characters.
pub const REASON_RULE: TextRule = TextRule::lines(500);

/// An account's handle (`/weibo/@handle`, `acct:handle@host`): a lowercase
/// letter, then 2–29 lowercase letters, digits or underscores.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Handle(String);

impl Handle {
    pub fn parse(raw: &str) -> Option<Handle> {
        let h = raw.trim();
        let mut bytes = h.bytes();
        let first_ok = bytes.next().is_some_and(|b| b.is_ascii_lowercase());
        let rest_ok = bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        (first_ok && rest_ok && (3..=30).contains(&h.len())).then(|| Handle(h.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An account's state.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboAccountState))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Waiting for a verifier.
    Applied,
    /// Waiting for a verifier, its name confusable with another account's.
    Flagged,
    Verified,
    Rejected,
    Closed,
}

impl State {
    pub const ALL: [State; 5] = [
        State::Applied,
        State::Flagged,
        State::Verified,
        State::Rejected,
        State::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Applied => "applied",
            State::Flagged => "flagged",
            State::Verified => "verified",
            State::Rejected => "rejected",
            State::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Waiting for a verifier's decision.
    pub fn pending(self) -> bool {
        matches!(self, State::Applied | State::Flagged)
    }

    pub fn msg(self) -> Msg {
        match self {
            State::Applied => Msg::WbAccStateApplied,
            State::Flagged => Msg::WbAccStateFlagged,
            State::Verified => Msg::WbAccStateVerified,
            State::Rejected => Msg::WbAccStateRejected,
            State::Closed => Msg::WbAccStateClosed,
        }
    }
}

/// A role in an account's team.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboTeamRole))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamRole {
    /// Writes posts.
    Editor,
    /// Approves posts and answers (not their own); keeps the team.
    Reviewer,
    /// Answers questions.
    Responder,
}

impl TeamRole {
    pub const ALL: [TeamRole; 3] = [TeamRole::Editor, TeamRole::Reviewer, TeamRole::Responder];

    pub fn code(self) -> &'static str {
        match self {
            TeamRole::Editor => "editor",
            TeamRole::Reviewer => "reviewer",
            TeamRole::Responder => "responder",
        }
    }

    pub fn parse(code: &str) -> Option<TeamRole> {
        TeamRole::ALL.into_iter().find(|r| r.code() == code.trim())
    }

    pub fn msg(self) -> Msg {
        match self {
            TeamRole::Editor => Msg::WbAccRoleEditor,
            TeamRole::Reviewer => Msg::WbAccRoleReviewer,
            TeamRole::Responder => Msg::WbAccRoleResponder,
        }
    }
}

/// Why an application, a decision or a change of the team cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    #[error("the handle: a lowercase letter, then 2–29 lowercase letters, digits or _")]
    Handle,
    #[error("choose the kind of account")]
    Kind,
    /// Every problem of the name, and whether the official's rule applies.
    #[error("the name does not follow the naming norms")]
    Name {
        problems: Vec<NameProblem>,
        official: bool,
    },
    #[error("the bio: {text}")]
    Bio { text: TextProblem },
    #[error("the scan of the approval letter is required")]
    Evidence,
    #[error("an official's account names a post of the applicant's unit")]
    Post,
    #[error("only staff of a unit apply for its account")]
    NotStaff,
    #[error("the handle is taken")]
    HandleTaken,
    #[error("the unit has an account already")]
    UnitHasAccount,
    #[error("the post has an account already")]
    PostHasAccount,
    /// The name reads the same as a live account's (its name given).
    #[error("the name is taken by {like}")]
    NameTaken { like: String },
    #[error("a rejection gives the reason")]
    Reason { text: TextProblem },
    #[error("choose verify or reject")]
    Verdict,
    #[error("the account was decided already")]
    Decided,
    #[error("choose a role")]
    Role,
    #[error("members are staff of the account's unit")]
    NotOfUnit,
    #[error("the account's last reviewer stays")]
    LastReviewer,
}

impl Problem {
    pub fn msg(&self) -> Msg {
        match self {
            Problem::Handle => Msg::WbAccProbHandle,
            Problem::Kind => Msg::WbAccProbKind,
            Problem::Name { .. } => Msg::WbAccProbName,
            Problem::Bio { .. } => Msg::WbAccBio,
            Problem::Evidence => Msg::WbAccProbEvidence,
            Problem::Post => Msg::WbAccProbPost,
            Problem::NotStaff => Msg::WbAccProbNotStaff,
            Problem::HandleTaken => Msg::WbAccProbHandleTaken,
            Problem::UnitHasAccount => Msg::WbAccProbUnitHasAccount,
            Problem::PostHasAccount => Msg::WbAccProbPostHasAccount,
            Problem::NameTaken { .. } => Msg::WbAccProbNameTaken,
            Problem::Reason { .. } => Msg::WbAccProbReason,
            Problem::Verdict => Msg::WbAccProbVerdict,
            Problem::Decided => Msg::WbAccProbDecided,
            Problem::Role => Msg::WbAccProbRole,
            Problem::NotOfUnit => Msg::WbAccProbNotOfUnit,
            Problem::LastReviewer => Msg::WbAccProbLastReviewer,
        }
    }

    /// The sentence in `lang`; a name's problems each, then the rule.
    pub fn message(&self, lang: Lang) -> String {
        let sep = lang.t(Msg::Colon);
        match self {
            Problem::Name { problems, official } => {
                let list: Vec<String> = problems.iter().map(|p| p.message(lang)).collect();
                format!(
                    "{}{sep}{}{} {}",
                    lang.t(self.msg()),
                    list.join(lang.t(Msg::Semicolon)),
                    lang.t(Msg::Semicolon).trim_end(),
                    lang.t(super::naming::rule(*official))
                )
            }
            Problem::Bio { text } | Problem::Reason { text } => {
                format!("{}{sep}{}", lang.t(self.msg()), text.message(lang))
            }
            Problem::NameTaken { like } => lang.fill(self.msg(), &[("like", like)]),
            _ => lang.t(self.msg()).to_string(),
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            Problem::NotStaff => 403,
            Problem::HandleTaken
            | Problem::UnitHasAccount
            | Problem::PostHasAccount
            | Problem::NameTaken { .. }
            | Problem::Decided
            | Problem::LastReviewer => 409,
            _ => 422,
        }
    }
}

impl From<Problem> for crate::error::AppError {
    fn from(problem: Problem) -> Self {
        crate::error::AppError::Refused(crate::error::Refusal::new(
            "weibo_account_refused",
            problem.status(),
            &problem,
            Bilingual::each(|lang| problem.message(lang)),
        ))
    }
}

/// An application as typed (the form or the API), every field text.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboAccountApplication))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    /// `^[a-z][a-z0-9_]{2,29}$`, e.g. `gz_minzheng`.
    #[serde(default)]
    pub handle: String,
    /// As shown, e.g. 广州民政; an official's: the capacity (广州市民政局局长).
    #[serde(default)]
    pub name: String,
    /// `institution` or `official`.
    #[serde(default)]
    pub kind: String,
    /// An official's account: the post (`department_post` id) of the
    /// applicant's unit it is bound to.
    #[serde(default)]
    pub post: Option<i64>,
    #[serde(default)]
    pub bio: String,
    /// The scan of the approval letter (审批函): an upload of the applicant's
    /// (`POST /api/v1/uploads`).
    #[serde(default)]
    pub evidence: Option<i64>,
}

/// An application checked for its shape (the naming norms need the unit's
/// region and name: the store checks them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub handle: Handle,
    pub name: String,
    pub kind: AccountKind,
    pub post: Option<i64>,
    pub bio: String,
    pub evidence: i64,
}

/// Checks what was typed, field by field, in the order of the form.
pub fn check(a: &Application) -> Result<Checked, Problem> {
    let handle = Handle::parse(&a.handle).ok_or(Problem::Handle)?;
    let kind = AccountKind::parse(a.kind.trim()).ok_or(Problem::Kind)?;
    let post = match kind {
        AccountKind::Official => Some(a.post.ok_or(Problem::Post)?),
        AccountKind::Institution => None,
    };
    let bio = BIO_RULE
        .parse_optional(&a.bio)
        .map_err(|text| Problem::Bio { text })?
        .map(|t| t.into_string())
        .unwrap_or_default();
    let evidence = a.evidence.ok_or(Problem::Evidence)?;
    Ok(Checked {
        handle,
        name: a.name.trim().to_string(),
        kind,
        post,
        bio,
        evidence,
    })
}

/// A verifier's decision on an account.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboAccountDecision))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// `verify` or `reject`.
    #[serde(default)]
    pub verdict: String,
    /// Required to reject (shown to the applicant).
    #[serde(default)]
    pub reason: String,
}

/// A decision checked: verify, or reject with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Verify,
    Reject { reason: String },
}

impl Decision {
    pub fn check(&self) -> Result<Verdict, Problem> {
        match self.verdict.trim() {
            "verify" => Ok(Verdict::Verify),
            "reject" => Ok(Verdict::Reject {
                reason: REASON_RULE
                    .parse(&self.reason)
                    .map_err(|text| Problem::Reason { text })?
                    .into_string(),
            }),
            _ => Err(Problem::Verdict),
        }
    }
}

/// The level whose verifiers decide an account of a region of `level`
/// (`parent`: the region's parent): the province for the province's and
/// the cities' accounts, the city for its counties'.
pub fn verifying_region(level: crate::regions::Level, parent: Option<u32>) -> u32 {
    match level {
        crate::regions::Level::County => parent.unwrap_or(crate::regions::PROVINCE),
        _ => crate::regions::PROVINCE,
    }
}

/// What an application answers.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboAccountApplied))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    pub id: i64,
    pub handle: String,
    pub state: State,
    /// Flagged: the account the name is like, and how.
    pub lookalike: Option<LikePair>,
    /// False when the key had already made this application (a retry).
    #[serde(skip)]
    pub created: bool,
}

/// The account a flagged name is like, and how.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboLookalike))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LikePair {
    pub of: AccountName,
    pub how: Likeness,
}

/// An account's public facts (its page, a post's byline, the list).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboAccount))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicAccount {
    pub id: i64,
    /// The name as shown, with `verified` (the mark) and the capacity.
    pub account: AccountName,
    pub department_id: i64,
    pub department: Bilingual,
    pub region_code: i32,
    pub region: Bilingual,
    /// The city's hall it belongs to (440000: the province's own).
    pub city_code: i32,
    pub bio: String,
    /// Comments closed (public, and counted against the account).
    pub comments_closed: bool,
    pub followers: i32,
    pub state: State,
    /// `YYYY-MM-DD`, once verified.
    pub verified_on: Option<String>,
}

/// An account waiting in (or decided by) a verifier's queue.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboAccountQueueRow))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub id: i64,
    pub account: AccountName,
    pub department: Bilingual,
    pub region: Bilingual,
    pub state: State,
    /// Local time, `YYYY-MM-DD HH:MM`.
    pub applied_at: String,
    pub applicant: String,
    pub lookalike: Option<LikePair>,
}

/// An account as its verifier (and its applicant) sees it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboAccountReview))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccount {
    pub row: QueueRow,
    pub bio: String,
    /// The approval letter's scan: its upload id and file name
    /// (`/staff/weibo/accounts/{id}/evidence`, an audited read).
    pub evidence: Option<(i64, String)>,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub reason: Option<String>,
    /// The viewer may verify or reject it now.
    pub may_decide: bool,
}

/// A member of an account's team.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboTeamMember))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub account_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: TeamRole,
    /// Who added them (empty for the holder of an official's post).
    pub added_by: String,
    /// Local time, `YYYY-MM-DD HH:MM`.
    pub added_at: String,
    /// The holder of an official account's post: a reviewer by holding it,
    /// not by being added (it passes to the successor).
    pub by_post: bool,
}

/// An account's team as its members see it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboTeam))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub account: AccountName,
    pub department: Bilingual,
    pub members: Vec<Member>,
    /// The viewer keeps the team (a reviewer).
    pub may_change: bool,
    /// Staff of the unit not yet in every role (the add form's choices):
    /// username and display name.
    pub staff: Vec<(String, String)>,
}

/// A member to add or remove.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboTeamChange))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberChange {
    /// The staff member's username.
    #[serde(default)]
    pub username: String,
    /// `editor`, `reviewer` or `responder`.
    #[serde(default)]
    pub role: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regions::Level;

    #[test]
    fn handles_are_lowercase_words() {
        for good in [
            "gz_minzheng",
            "gd_fabu",
            "abc",
            "a23456789012345678901234567890",
        ] {
            assert!(Handle::parse(good).is_some(), "{good}");
        }
        for bad in [
            "ab",
            "1abc",
            "_abc",
            "Gz_mz",
            "gz-mz",
            "gz mz",
            "广州",
            "a234567890123456789012345678901",
        ] {
            assert!(Handle::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn an_application_is_checked_field_by_field() {
        let good = Application {
            handle: "gz_minzheng".into(),
            name: "广州民政".into(),
            kind: "institution".into(),
            post: None,
            bio: "".into(),
            evidence: Some(1),
        };
        let c = check(&good).unwrap();
        assert_eq!(c.kind, AccountKind::Institution);
        assert_eq!(c.post, None);
        let bad = |f: &dyn Fn(&mut Application)| {
            let mut a = good.clone();
            f(&mut a);
            check(&a).unwrap_err()
        };
        assert_eq!(bad(&|a| a.handle = "GZ".into()), Problem::Handle);
        assert_eq!(bad(&|a| a.kind = "person".into()), Problem::Kind);
        assert_eq!(bad(&|a| a.kind = "official".into()), Problem::Post);
        assert_eq!(bad(&|a| a.evidence = None), Problem::Evidence);
        assert!(matches!(
            bad(&|a| a.bio = "x".repeat(301)),
            Problem::Bio { .. }
        ));
    }

    #[test]
    fn a_rejection_needs_a_reason() {
        let d = |verdict: &str, reason: &str| Decision {
            verdict: verdict.into(),
            reason: reason.into(),
        };
        assert_eq!(d("verify", "").check(), Ok(Verdict::Verify));
        assert!(matches!(
            d("reject", "  ").check(),
            Err(Problem::Reason { .. })
        ));
        assert_eq!(
            d("reject", "名称与广州民政混淆").check(),
            Ok(Verdict::Reject {
                reason: "名称与广州民政混淆".into()
            })
        );
        assert_eq!(d("maybe", "").check(), Err(Problem::Verdict));
    }

    #[test]
    fn the_level_above_verifies() {
        assert_eq!(verifying_region(Level::Province, None), 440000);
        assert_eq!(verifying_region(Level::City, Some(440000)), 440000);
        assert_eq!(verifying_region(Level::County, Some(440100)), 440100);
    }

    #[test]
    fn problems_have_sentences_and_statuses() {
        let name = Problem::Name {
            problems: vec![NameProblem::Length],
            official: false,
        };
        assert!(name.message(Lang::Zh).contains("广州民政"));
        assert_eq!(name.status(), 422);
        assert_eq!(Problem::UnitHasAccount.status(), 409);
        assert_eq!(Problem::NotStaff.status(), 403);
        let taken = Problem::NameTaken {
            like: "广州民政".into(),
        };
        assert!(taken.message(Lang::En).contains("广州民政"));
        for s in State::ALL {
            assert_eq!(State::parse(s.code()), Some(s));
        }
        for r in TeamRole::ALL {
            assert_eq!(TeamRole::parse(r.code()), Some(r));
        }
    }
}
