//! Accounts, roles and the security base: who a person is (validated the
//! same way in the browser and on the server), how they sign in, and what
//! they may see.

pub mod forms;
pub mod identity;
#[cfg(feature = "ssr")]
pub mod secrets;
#[cfg(feature = "ssr")]
pub mod totp;

use serde::{Deserialize, Serialize};

/// What an account is for. Each account has one role.
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
