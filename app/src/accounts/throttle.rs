//! Throttling kept in PostgreSQL, so every server process shares it: hits
//! per key (a user name and client address, a user name alone, a client
//! address…) in a fixed window. Sign-in, password changes, registration,
//! enterprise invitations and staff look-ups go through it. This module
//! holds the limits and the sign-in delay rule (pure); `store::throttle`
//! counts the hits.
//!
//! # Why sign-in has no account lock
//!
//! A lock per account ("5 failures lock the account for 15 minutes") lets
//! anyone lock anyone out, an official included, with 5 requests. Instead
//! sign-in failures are counted three ways, all keyed by the user name as
//! typed (so a name without an account is throttled exactly like one with
//! an account, and the answers cannot tell them apart):
//!
//! 1. per user name *and* client address ([`LOGIN_FAILURES_PER_NAME_CLIENT`]):
//!    5 failures stop that client from trying that name for 15 minutes. This
//!    is the "lock", but only the guesser is locked: the owner signing in
//!    from another address is not affected at all;
//! 2. per client address ([`LOGIN_FAILURES_PER_CLIENT`]): 20 failures over
//!    any names stop that client for 15 minutes (one client guessing many
//!    names);
//! 3. per user name from anywhere ([`LOGIN_FAILURES_PER_NAME`] and
//!    [`delay_after`]): after 10 failures in 15 minutes, each further
//!    failure doubles a wait (1 s, 2 s, 4 s … at most [`MAX_DELAY_SECS`])
//!    before the next attempt on that name is even checked, answered 429
//!    with `Retry-After`. This slows guessing spread over many addresses to
//!    about one try a minute without ever shutting the owner out for longer
//!    than a minute at a time.
//!
//! A successful sign-in clears the name's counters (1 and 3) for that
//! client and name; the client's own count (2) stays, so that a client
//! cannot guess on and reset its budget by signing in to an account of its
//! own. The check of the old password in a password change counts in the
//! same places (it is the same guess).

/// At most `max` hits per `window_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: i32,
    pub window_secs: i64,
}

/// Failed sign-ins per user name from one client address, before that
/// client may not try that name again for the window.
pub const LOGIN_FAILURES_PER_NAME_CLIENT: Limit = Limit {
    max: 5,
    window_secs: 15 * 60,
};
/// Failed sign-ins per client address, over every name.
pub const LOGIN_FAILURES_PER_CLIENT: Limit = Limit {
    max: 20,
    window_secs: 15 * 60,
};
/// Failed sign-ins per user name from anywhere: the first `max` are free,
/// each further one adds a wait ([`delay_after`]).
pub const LOGIN_FAILURES_PER_NAME: Limit = Limit {
    max: 10,
    window_secs: 15 * 60,
};
/// The longest wait between two checked attempts on one user name.
pub const MAX_DELAY_SECS: u64 = 60;

/// The wait, in seconds, before the next attempt on a user name that has
/// failed `failures` times in the window (from any address): none for the
/// first [`LOGIN_FAILURES_PER_NAME`]`.max`, then 1, 2, 4 … seconds, at most
/// [`MAX_DELAY_SECS`].
pub fn delay_after(failures: i32) -> u64 {
    let over = failures - LOGIN_FAILURES_PER_NAME.max;
    if over <= 0 {
        return 0;
    }
    // 2^(over-1), without overflowing for large counts.
    let exp = (over - 1).min(16) as u32;
    (1u64 << exp).min(MAX_DELAY_SECS)
}

/// Registrations (tried, successful or not) per client address.
pub const REGISTRATIONS_PER_CLIENT: Limit = Limit {
    max: 10,
    window_secs: 60 * 60,
};

/// Registrations tried with one ID number (its blind index) that already
/// has an account; each one is told to the holder.
pub const REGISTRATIONS_PER_ID_NUMBER: Limit = Limit {
    max: 3,
    window_secs: 24 * 60 * 60,
};

/// Enterprise membership invitations sent per enterprise account.
pub const INVITATIONS_PER_ENTERPRISE: Limit = Limit {
    max: 20,
    window_secs: 60 * 60,
};

/// Staff lookups of a person by ID number, per staff account.
pub const LOOKUPS_PER_STAFF: Limit = Limit {
    max: 200,
    window_secs: 60 * 60,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_starts_after_the_free_failures_and_doubles_to_a_cap() {
        for n in [0, 1, 5, 9, 10] {
            assert_eq!(delay_after(n), 0, "{n}");
        }
        assert_eq!(delay_after(11), 1);
        assert_eq!(delay_after(12), 2);
        assert_eq!(delay_after(13), 4);
        assert_eq!(delay_after(16), 32);
        assert_eq!(delay_after(17), MAX_DELAY_SECS);
        assert_eq!(delay_after(10_000), MAX_DELAY_SECS);
        assert_eq!(delay_after(i32::MAX), MAX_DELAY_SECS);
    }

    #[test]
    fn a_stranger_from_one_address_never_reaches_the_delay() {
        // The owner is unaffected by one stranger: the pair limit stops the
        // stranger long before the name-wide delay begins.
        assert!(
            delay_after(LOGIN_FAILURES_PER_NAME_CLIENT.max) == 0,
            "one address alone cannot slow the owner"
        );
    }
}
