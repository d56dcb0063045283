//! Who may do what to the organisation tree. Every org server function asks here first.

use super::model::UnitKind;
use crate::auth::{Me, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgAction {
    /// See the tree, a unit and its history.
    Read,
    /// Create or edit a unit of this kind under this ward (the ward itself for a ward).
    Edit { kind: UnitKind, ward_id: Option<i64> },
    /// Merge a cell of this ward into another.
    MergeCell { ward_id: i64 },
}

pub fn can(me: &Me, action: OrgAction) -> bool {
    match action {
        OrgAction::Read => true,
        OrgAction::Edit { kind: UnitKind::City, .. } => me.role == Role::Admin,
        OrgAction::Edit { kind: UnitKind::Cell, ward_id } => {
            me.manages_org() || is_staff_of(me, ward_id)
        }
        OrgAction::Edit { .. } => me.manages_org(),
        OrgAction::MergeCell { ward_id } => me.manages_org() || is_staff_of(me, Some(ward_id)),
    }
}

/// Ward staff act on their own ward's cells only.
fn is_staff_of(me: &Me, ward_id: Option<i64>) -> bool {
    ward_id.is_some() && me.ward_scope() == ward_id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn me(role: Role, scope: Option<i64>) -> Me {
        Me {
            account_id: 1,
            city_id: 1,
            person_id: None,
            username: "x".into(),
            display_name: "x".into(),
            role,
            scope_unit_id: scope,
            scope_unit_name: None,
        }
    }

    /// role × scope × action, as a table.
    #[test]
    fn permission_table() {
        let cell_in = |w| OrgAction::Edit { kind: UnitKind::Cell, ward_id: Some(w) };
        let ward = OrgAction::Edit { kind: UnitKind::Ward, ward_id: None };
        let cases: &[(Role, Option<i64>, OrgAction, bool)] = &[
            (Role::Admin, None, ward, true),
            (Role::Admin, None, cell_in(2), true),
            (Role::OrganizationBoard, None, ward, true),
            (Role::OrganizationBoard, None, cell_in(2), true),
            (Role::OrganizationBoard, None, OrgAction::MergeCell { ward_id: 2 }, true),
            (Role::StandingCommittee, None, OrgAction::Read, true),
            (Role::StandingCommittee, None, cell_in(2), false),
            (Role::StandingCommittee, None, ward, false),
            (Role::WardStaff, Some(2), cell_in(2), true),
            (Role::WardStaff, Some(2), cell_in(3), false),
            (Role::WardStaff, Some(2), ward, false),
            (Role::WardStaff, Some(2), OrgAction::MergeCell { ward_id: 2 }, true),
            (Role::WardStaff, Some(2), OrgAction::MergeCell { ward_id: 3 }, false),
            (Role::GroupLeader, None, cell_in(2), false),
            (Role::GroupMember, None, OrgAction::Read, true),
            (Role::Responder, Some(9), cell_in(9), false),
            (Role::Responder, Some(9), OrgAction::MergeCell { ward_id: 9 }, false),
        ];
        for (role, scope, action, expected) in cases {
            assert_eq!(can(&me(*role, *scope), *action), *expected, "{role:?} {scope:?} {action:?}");
        }
    }
}
