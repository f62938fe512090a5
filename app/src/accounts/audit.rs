//! The audit trail (`audit_event`, append-only by a trigger): sign-ins,
//! failures, locks, role changes and every read of a person's data by staff.
//! `store::audit` appends and reads them.

use crate::catalog::Bilingual;
use serde::{Deserialize, Serialize};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Login,
    LoginFailed,
    /// Recorded no more (since issue 15 no account is locked: see
    /// `accounts::throttle`); earlier rows keep it.
    AccountLocked,
    Logout,
    PasswordChanged,
    AccountCreated,
    RoleChanged,
    PersonalDataRead,
    /// An administrator changed a setting (a region's investment target);
    /// what, from and to, in the detail.
    SettingChanged,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Action::Login => "login",
            Action::LoginFailed => "login_failed",
            Action::AccountLocked => "account_locked",
            Action::Logout => "logout",
            Action::PasswordChanged => "password_changed",
            Action::AccountCreated => "account_created",
            Action::RoleChanged => "role_changed",
            Action::PersonalDataRead => "personal_data_read",
            Action::SettingChanged => "setting_changed",
        }
    }
}

/// One event: who did it, whose account or data it concerns.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    pub action: Action,
    pub actor: Option<i64>,
    pub subject: Option<i64>,
    pub client: Option<&'a str>,
    pub detail: Option<&'a str>,
}

impl<'a> Event<'a> {
    pub fn new(action: Action) -> Self {
        Event {
            action,
            actor: None,
            subject: None,
            client: None,
            detail: None,
        }
    }

    /// A staff member's (`actor`'s) read of `subject`'s personal data: what
    /// was read is `detail` (shown to the person under "who accessed my
    /// data").
    pub fn personal_read(actor: i64, subject: i64, detail: &'a str) -> Self {
        Event {
            actor: Some(actor),
            subject: Some(subject),
            detail: Some(detail),
            ..Event::new(Action::PersonalDataRead)
        }
    }
}

/// How the `detail` of a staff read of a person's uploaded file begins; the
/// file's name follows (`file 户口簿.png`).
pub const FILE_READ: &str = "file ";

/// One staff access to a person's data, as the person sees it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    /// Local time (China Standard Time), `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub department: Bilingual,
    pub post: Bilingual,
    pub what: String,
}
