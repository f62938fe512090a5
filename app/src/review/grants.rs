//! Who publishes for a department (`publishing_role`): administrators grant
//! and revoke the roles of the one review flow — editor (writes), reviewer
//! (publishes what others wrote), head of the disclosure office (approves a
//! request's extension) — to staff of that department, each change in the
//! audit trail (`/admin/publishing-roles`, `grants_store`, `grants_page`).
//! Pure: what a grant says and why one is refused.

use crate::{
    accounts::Username,
    error::{AppError, FieldRefusal},
    i18n::{Bilingual, Msg},
    regions::RegionCode,
};
use serde::{Deserialize, Serialize};

/// A publishing role of a department.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishingRole {
    /// Writes drafts (编辑).
    Editor,
    /// Publishes or returns what others wrote (审核).
    Reviewer,
    /// Head of the disclosure office: approves a request's extension.
    OfficeHead,
}

impl PublishingRole {
    pub const ALL: [PublishingRole; 3] = [
        PublishingRole::Editor,
        PublishingRole::Reviewer,
        PublishingRole::OfficeHead,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PublishingRole::Editor => "editor",
            PublishingRole::Reviewer => "reviewer",
            PublishingRole::OfficeHead => "office_head",
        }
    }

    pub fn parse(code: &str) -> Option<PublishingRole> {
        PublishingRole::ALL
            .into_iter()
            .find(|r| r.code() == code.trim())
    }

    pub fn msg(self) -> Msg {
        match self {
            PublishingRole::Editor => Msg::PubRoleEditor,
            PublishingRole::Reviewer => Msg::PubRoleReviewer,
            PublishingRole::OfficeHead => Msg::PubRoleOfficeHead,
        }
    }
}

/// Why a grant is refused, at its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantProblem {
    /// Not a username.
    Username,
    /// No such account, or not staff of the department.
    NotStaff,
    /// Not a region code.
    Region,
    /// No such department in the region.
    Department,
    /// Not one of the roles.
    Role,
    /// Neither "grant" nor "revoke".
    Action,
}

impl GrantProblem {
    pub fn at(self, field: &str) -> FieldRefusal {
        let msg = match self {
            GrantProblem::Username => Msg::PubRoleErrUsername,
            GrantProblem::NotStaff => Msg::PubRoleErrNotStaff,
            GrantProblem::Region => Msg::PubRoleErrRegion,
            GrantProblem::Department => Msg::PubRoleErrDepartment,
            GrantProblem::Role => Msg::PubRoleErrRole,
            GrantProblem::Action => Msg::PubRoleErrAction,
        };
        FieldRefusal::new(field, &self, Bilingual::of(msg))
    }

    /// The refusal of a request with this one problem.
    pub fn refuse(self, field: &str) -> AppError {
        AppError::InvalidFields {
            fields: vec![self.at(field)],
        }
    }
}

/// A role of a department for an account, as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub username: Username,
    pub region: RegionCode,
    /// The department's code in the region (e.g. `MZJ`).
    pub department: String,
    pub role: PublishingRole,
}

impl Grant {
    /// The fields as typed (a form or a path): every problem at its field.
    pub fn parse(
        username: &str,
        region: &str,
        department: &str,
        role: &str,
    ) -> Result<Grant, AppError> {
        let mut refused = Vec::new();
        let username = Username::parse(username)
            .map_err(|_| refused.push(GrantProblem::Username.at("username")))
            .ok();
        let region = RegionCode::parse(region.trim())
            .map_err(|_| refused.push(GrantProblem::Region.at("region")))
            .ok();
        let code = department.trim().to_ascii_uppercase();
        let department = ((2..=8).contains(&code.len())
            && code.bytes().all(|b| b.is_ascii_uppercase()))
        .then_some(code);
        if department.is_none() {
            refused.push(GrantProblem::Department.at("department"));
        }
        let role = PublishingRole::parse(role);
        if role.is_none() {
            refused.push(GrantProblem::Role.at("role"));
        }
        match (username, region, department, role) {
            (Some(username), Some(region), Some(department), Some(role)) if refused.is_empty() => {
                Ok(Grant {
                    username,
                    region,
                    department,
                    role,
                })
            }
            _ => Err(AppError::InvalidFields { fields: refused }),
        }
    }
}

/// What the form asks: grant or revoke.
pub fn grant_or_revoke(action: &str) -> Result<bool, AppError> {
    match action.trim() {
        "grant" | "" => Ok(true),
        "revoke" => Ok(false),
        _ => Err(GrantProblem::Action.refuse("action")),
    }
}

/// A role held, as listed.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = PublishingRoleLine))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantLine {
    pub username: String,
    pub display_name: String,
    pub region_code: u32,
    /// The department's code in its region.
    pub department_code: String,
    pub department: Bilingual,
    pub role: PublishingRole,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn a_grant_names_an_account_a_department_of_a_region_and_a_role() {
        let g = Grant::parse(" Editor.GZ.mzj ", "440100", "mzj", "reviewer").unwrap();
        assert_eq!(g.username.as_str(), "editor.gz.mzj");
        assert_eq!(g.region.get(), 440100);
        assert_eq!(g.department, "MZJ");
        assert_eq!(g.role, PublishingRole::Reviewer);
        let Err(AppError::InvalidFields { fields }) = Grant::parse("", "44", "民政", "boss")
        else {
            panic!("refused")
        };
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["username", "region", "department", "role"]);
        assert!(fields[3].text.get(Lang::En).contains("editor"));
        for role in PublishingRole::ALL {
            assert_eq!(PublishingRole::parse(role.code()), Some(role));
        }
        assert!(grant_or_revoke("grant").unwrap());
        assert!(!grant_or_revoke("revoke").unwrap());
        assert!(grant_or_revoke("drop").is_err());
    }
}
