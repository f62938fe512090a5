//! Throttling kept in PostgreSQL, so every server process shares it: hits
//! per key (an account, a client address) in a fixed window. Sign-in,
//! registration and public lookups go through it. This module holds the
//! limits; `store::throttle` counts the hits.

/// At most `max` hits per `window_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: i32,
    pub window_secs: i64,
}

/// Failed sign-ins per account before it is locked for the window.
pub const LOGIN_FAILURES_PER_ACCOUNT: Limit = Limit {
    max: 5,
    window_secs: 15 * 60,
};
/// Failed sign-ins per client address.
pub const LOGIN_FAILURES_PER_CLIENT: Limit = Limit {
    max: 20,
    window_secs: 15 * 60,
};
/// Registrations (tried, successful or not) per client address.
pub const REGISTRATIONS_PER_CLIENT: Limit = Limit {
    max: 10,
    window_secs: 60 * 60,
};

/// Staff lookups of a person by ID number, per staff account.
pub const LOOKUPS_PER_STAFF: Limit = Limit {
    max: 200,
    window_secs: 60 * 60,
};
