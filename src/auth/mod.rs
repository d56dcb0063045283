//! Who is signed in, their role and their scope. The types here are shared by browser
//! and server; sessions and password checks are in `session.rs` (server only).

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod session;
pub mod visibility;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Admin,
    StandingCommittee,
    OrganizationBoard,
    GroupLeader,
    GroupMember,
    WardStaff,
    Responder,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::StandingCommittee,
        Role::OrganizationBoard,
        Role::GroupLeader,
        Role::GroupMember,
        Role::WardStaff,
        Role::Responder,
    ];

    /// The name stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::StandingCommittee => "standing_committee",
            Role::OrganizationBoard => "organization_board",
            Role::GroupLeader => "group_leader",
            Role::GroupMember => "group_member",
            Role::WardStaff => "ward_staff",
            Role::Responder => "responder",
        }
    }

    pub fn from_code(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }

    /// The i18n key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Admin => "role.admin",
            Role::StandingCommittee => "role.standing_committee",
            Role::OrganizationBoard => "role.organization_board",
            Role::GroupLeader => "role.group_leader",
            Role::GroupMember => "role.group_member",
            Role::WardStaff => "role.ward_staff",
            Role::Responder => "role.responder",
        }
    }

    /// Roles whose account is tied to one unit (`scope_unit_id`).
    pub fn needs_scope(self) -> bool {
        matches!(self, Role::WardStaff | Role::Responder)
    }
}

/// The signed-in account as the pages see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub account_id: i64,
    pub city_id: i64,
    /// The person behind the account, if any: group leadership and membership go by it.
    pub person_id: Option<i64>,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub scope_unit_id: Option<i64>,
    pub scope_unit_name: Option<String>,
    /// The ward the account's unit belongs to: ward staff's own ward; a responder's body's
    /// ward when the body is a ward's (the ward People's Committee), else None.
    pub scope_ward_id: Option<i64>,
}

impl Me {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
    /// Admin and organization board manage the organisation: wards, cells, people, accounts.
    pub fn manages_org(&self) -> bool {
        matches!(self.role, Role::Admin | Role::OrganizationBoard)
    }
    /// The ward this account is confined to, if it is ward staff.
    pub fn ward_scope(&self) -> Option<i64> {
        (self.role == Role::WardStaff).then_some(self.scope_unit_id).flatten()
    }

    /// An account for permission tables in unit tests: city 1, person 1, this role and scope
    /// (a scope is taken as a ward for ward staff and as a body of that ward for responders).
    #[cfg(test)]
    pub fn test(role: Role, scope: Option<i64>) -> Me {
        Me {
            account_id: 1,
            city_id: 1,
            person_id: Some(1),
            username: "x".into(),
            display_name: "x".into(),
            role,
            scope_unit_id: scope.map(|s| if role == Role::Responder { s * 100 } else { s }),
            scope_unit_name: None,
            scope_ward_id: scope.filter(|_| role.needs_scope()),
        }
    }
}
