//! Dormancy (僵尸号, issue 21): an account with no post for 14 days gets a
//! warning (yellow: the 2019 inspection fails an account not updated in 2
//! weeks), for 90 days it goes on the clean-up list (red: 3 months without
//! an update). Counted from the last post, or from the verification for
//! an account that never posted. Accounts with unanswered overdue
//! questions are found apart (they count in the same section of the
//! supervisor's dashboard). The daily job (the server's
//! `jobs::weibo_dormancy`) keeps
//! `weibo_account.dormancy` and the day the finding began. Pure here.

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};
use time::Date;

/// Days without a post before the warning.
pub const WARNING_DAYS: i64 = 14;
/// Days without a post before the clean-up list.
pub const CLEANUP_DAYS: i64 = 90;

/// An account's finding.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboDormancy))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dormancy {
    Active,
    /// No post for 14 days (yellow).
    Warning,
    /// No post for 90 days (red): the clean-up list.
    Cleanup,
}

impl Dormancy {
    pub const ALL: [Dormancy; 3] = [Dormancy::Active, Dormancy::Warning, Dormancy::Cleanup];

    pub fn code(self) -> &'static str {
        match self {
            Dormancy::Active => "active",
            Dormancy::Warning => "warning",
            Dormancy::Cleanup => "cleanup",
        }
    }

    pub fn parse(code: &str) -> Option<Dormancy> {
        Dormancy::ALL.into_iter().find(|d| d.code() == code)
    }

    pub fn msg(self) -> Msg {
        match self {
            Dormancy::Active => Msg::WbQDormActive,
            Dormancy::Warning => Msg::WbQDormWarning,
            Dormancy::Cleanup => Msg::WbQDormCleanup,
        }
    }
}

/// The finding on `today` for an account whose last post (or, never
/// having posted, whose verification) was on `since`.
pub fn dormancy(since: Date, today: Date) -> Dormancy {
    let idle = (today - since).whole_days();
    if idle >= CLEANUP_DAYS {
        Dormancy::Cleanup
    } else if idle >= WARNING_DAYS {
        Dormancy::Warning
    } else {
        Dormancy::Active
    }
}

/// The day the finding began: kept while the finding stays the same, today
/// when it changes, none while active.
pub fn since(
    before: Dormancy,
    before_since: Option<Date>,
    now: Dormancy,
    today: Date,
) -> Option<Date> {
    match now {
        Dormancy::Active => None,
        _ if now == before => before_since.or(Some(today)),
        _ => Some(today),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::{macros::date, Duration};

    #[test]
    fn fourteen_days_warn_and_ninety_put_on_the_cleanup_list() {
        let today = date!(2026 - 12 - 14);
        let ago = |d: i64| today - Duration::days(d);
        assert_eq!(dormancy(today, today), Dormancy::Active);
        assert_eq!(dormancy(ago(13), today), Dormancy::Active);
        assert_eq!(dormancy(ago(14), today), Dormancy::Warning);
        assert_eq!(dormancy(ago(89), today), Dormancy::Warning);
        assert_eq!(dormancy(ago(90), today), Dormancy::Cleanup);
        assert_eq!(dormancy(ago(100), today), Dormancy::Cleanup);
        // A post "in the future" (a clock skew) is active.
        assert_eq!(dormancy(today + Duration::days(1), today), Dormancy::Active);
    }

    #[test]
    fn the_day_a_finding_began_is_kept_until_it_changes() {
        let (d1, d2) = (date!(2026 - 12 - 01), date!(2026 - 12 - 14));
        use Dormancy::*;
        assert_eq!(since(Warning, Some(d1), Warning, d2), Some(d1));
        assert_eq!(since(Active, None, Warning, d2), Some(d2));
        assert_eq!(since(Warning, Some(d1), Cleanup, d2), Some(d2));
        assert_eq!(since(Cleanup, Some(d1), Active, d2), None);
        assert_eq!(Dormancy::parse("cleanup"), Some(Cleanup));
    }
}
