//! Accounts, roles and the security base: who a person is (validated the
//! same way in the browser and on the server), how they sign in, and what
//! they may see.

#[cfg(feature = "ssr")]
pub mod audit;
pub mod forms;
pub mod identity;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod secrets;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod throttle;
mod todo_view;
#[cfg(feature = "ssr")]
pub mod totp;

use crate::catalog::Bilingual;

use serde::{Deserialize, Serialize};

/// What an account is for. Each account has one role.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = AccountRole))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A person (个人), real-name.
    Citizen,
    /// A company or organisation (法人), by its unified social credit code.
    Enterprise,
    /// Department staff (窗口人员): a department, unit and post.
    Staff,
    /// Efficiency supervision (监察) of a region.
    Supervisor,
    /// Keeps the catalog.
    Editor,
    /// Creates staff accounts and changes roles.
    Admin,
}

impl Role {
    pub const ALL: &'static [Role] = &[
        Role::Citizen,
        Role::Enterprise,
        Role::Staff,
        Role::Supervisor,
        Role::Editor,
        Role::Admin,
    ];

    /// The stable code (database, API).
    pub fn code(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Enterprise => "enterprise",
            Role::Staff => "staff",
            Role::Supervisor => "supervisor",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.code() == code)
    }

    pub fn msg(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            Role::Citizen => Msg::RoleCitizen,
            Role::Enterprise => Msg::RoleEnterprise,
            Role::Staff => Msg::RoleStaff,
            Role::Supervisor => Msg::RoleSupervisor,
            Role::Editor => Msg::RoleEditor,
            Role::Admin => Msg::RoleAdmin,
        }
    }

    /// Government-side accounts sign in with a second factor (TOTP).
    pub fn needs_second_factor(self) -> bool {
        !matches!(self, Role::Citizen | Role::Enterprise)
    }
}

/// The signed-in account, as pages and the API see it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub display_name: String,
}

impl Me {
    pub fn is(&self, role: Role) -> bool {
        self.role == role
    }
}

/// What an account's holder sees of themselves (`GET /api/v1/me`, my space):
/// personal numbers masked.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Profile {
    Citizen {
        real_name: String,
        id_number: String,
        mobile: String,
        /// Enterprises this person may act for: (name, credit code).
        enterprises: Vec<(String, String)>,
    },
    Enterprise {
        name: String,
        credit_code: String,
        legal_representative: String,
    },
    Staff {
        department: Bilingual,
        unit: Bilingual,
        post: Bilingual,
    },
    Supervisor {
        region: Bilingual,
    },
    Other,
}

/// What the signed-in account already tells about its holder, so that a
/// form never asks it again (WCAG 2.2 3.3.7): a citizen's real name, ID
/// number and mobile, an enterprise's name, credit code and legal
/// representative. Server-side only: the full ID number never leaves the
/// server (it has no `Serialize`; `IdNumber`'s `Debug` masks it).
#[derive(Debug, Clone, Default)]
pub struct AccountFacts {
    pub name: Option<String>,
    pub id_number: Option<identity::IdNumber>,
    pub mobile: Option<String>,
    pub enterprise_name: Option<String>,
    pub credit_code: Option<String>,
    pub legal_representative: Option<String>,
}

/// The signed-in account with its profile.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeView {
    #[serde(flatten)]
    pub me: Me,
    pub profile: Profile,
}

/// The account of the request being served, resolved once from the session
/// cookie by the server's session layer (request extension).
#[derive(Debug, Clone, Default)]
pub struct CurrentUser(pub Option<Me>);

/// The signed-in account of the page or server function being run (always
/// `None` in the browser: pages are rendered on the server).
pub fn current_user() -> Option<Me> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<CurrentUser>().cloned())
            .and_then(|c| c.0)
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// A form sent back to the person who filled it in: what they typed (never
/// passwords) and what is wrong, so that nothing is lost.
#[derive(Debug, Clone, Default)]
pub struct FormEcho {
    pub values: Vec<(String, String)>,
    pub errors: Vec<crate::error::FieldRefusal>,
    pub error: Option<crate::error::AppError>,
}

impl FormEcho {
    pub fn value(&self, name: &str) -> String {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    pub fn problem(&self, field: forms::Field) -> Option<&crate::error::FieldRefusal> {
        self.errors.iter().find(|e| e.field == field.name())
    }

    /// The echo given to the page being rendered, if any.
    pub fn current() -> FormEcho {
        leptos::prelude::use_context::<FormEcho>().unwrap_or_default()
    }
}

/// A citizen as staff see them after looking them up (masked numbers).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenCard {
    pub account_id: i64,
    pub real_name: String,
    pub id_number: String,
    pub mobile: String,
}

/// The usernames people choose: 3–32 of `a-z 0-9 . _ -`, starting with a
/// letter or digit; stored lower-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

/// Why a username cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("a username has 3 to 32 of a-z, 0-9, '.', '_' or '-', starting with a letter or digit")]
pub struct UsernameError;

impl Username {
    pub fn parse(raw: &str) -> Result<Username, UsernameError> {
        let name = raw.trim().to_ascii_lowercase();
        let ok = (3..=32).contains(&name.len())
            && name
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        ok.then_some(Username(name)).ok_or(UsernameError)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = UsernameError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Username::parse(&s)
    }
}

impl From<Username> for String {
    fn from(u: Username) -> String {
        u.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_officials_need_two_factors() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(*r));
        }
        assert!(!Role::Citizen.needs_second_factor());
        assert!(!Role::Enterprise.needs_second_factor());
        for r in [Role::Staff, Role::Supervisor, Role::Editor, Role::Admin] {
            assert!(r.needs_second_factor());
        }
    }

    #[test]
    fn usernames_are_folded_and_checked() {
        assert_eq!(
            Username::parse(" Zhang.San ").unwrap().as_str(),
            "zhang.san"
        );
        for bad in ["ab", "-abc", "zhang san", "张三丰", &"a".repeat(33)] {
            assert_eq!(Username::parse(bad), Err(UsernameError), "{bad}");
        }
    }
}

/// The client's address, as audit records and throttling key it.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

/// An enterprise's pending invitation to act for it, as the invited citizen
/// sees it (my space, `GET /api/v1/me/invitations`).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub id: i64,
    pub enterprise: String,
    pub credit_code: String,
    /// When it was sent: `YYYY-MM-DD HH:MM`, Beijing time.
    pub sent_at: String,
}
