//! Who may do what to the organisation tree. Every org server function asks here first.
//!
//! - Everyone signed in reads the tree of their own city, except responders: a responder
//!   (an official of a state body or party board who answers recommendations) sees their
//!   own body and the units it concerns — for a ward's body (the ward People's Committee)
//!   that ward, its cells and its other bodies — never the city's summary or other wards.
//! - Admin and organization board create and edit wards and bodies, and cells anywhere.
//! - Ward staff create, edit and merge the cells of their own ward (they enter "cell
//!   changes and merges"); not wards.
//! - Only an admin edits the city itself.
//! - Another city's units do not exist for the caller (404).

use super::model::UnitKind;
use crate::auth::{Me, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgAction {
    /// See the tree (what it holds is filtered by `ReadUnit`).
    ReadTree,
    /// See one unit and its history. `ward_id`: the ward it is or belongs to, if any.
    ReadUnit { unit_id: i64, ward_id: Option<i64> },
    /// See the city's figures (wards, cells, merges, people).
    ReadSummary,
    /// Create or edit a unit of this kind under this ward (the ward itself for a ward).
    Edit { kind: UnitKind, ward_id: Option<i64> },
    /// Merge a cell of this ward into another.
    MergeCell { ward_id: i64 },
}

pub fn can(me: &Me, action: OrgAction) -> bool {
    match action {
        OrgAction::ReadTree => true,
        OrgAction::ReadUnit { unit_id, ward_id } => {
            me.role != Role::Responder
                || me.scope_unit_id == Some(unit_id)
                || (ward_id.is_some() && ward_id == me.scope_ward_id)
        }
        OrgAction::ReadSummary => me.role != Role::Responder,
        OrgAction::Edit { kind: UnitKind::City, .. } => me.role == Role::Admin,
        OrgAction::Edit { kind: UnitKind::Cell, ward_id } => {
            me.manages_org() || is_staff_of(me, ward_id)
        }
        OrgAction::Edit { .. } => me.manages_org(),
        OrgAction::MergeCell { ward_id } => me.manages_org() || is_staff_of(me, Some(ward_id)),
    }
}

/// May the caller create or change any unit at all? (Asked first, so a role that may not
/// edit the tree is refused as such, whatever unit its request names.)
pub fn edits_any(me: &Me) -> bool {
    me.manages_org() || me.ward_scope().is_some()
}

/// Ward staff act on their own ward's cells only.
fn is_staff_of(me: &Me, ward_id: Option<i64>) -> bool {
    ward_id.is_some() && me.ward_scope() == ward_id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn me(role: Role, scope: Option<i64>) -> Me {
        Me::test(role, scope)
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
            (Role::StandingCommittee, None, OrgAction::ReadTree, true),
            (Role::StandingCommittee, None, OrgAction::ReadSummary, true),
            (Role::StandingCommittee, None, OrgAction::ReadUnit { unit_id: 5, ward_id: Some(3) }, true),
            (Role::WardStaff, Some(2), OrgAction::ReadUnit { unit_id: 5, ward_id: Some(3) }, true),
            (Role::Responder, Some(9), OrgAction::ReadTree, true),
            (Role::Responder, Some(9), OrgAction::ReadSummary, false),
            (Role::Responder, Some(9), OrgAction::ReadUnit { unit_id: 900, ward_id: Some(1) }, true),
            (Role::Responder, Some(9), OrgAction::ReadUnit { unit_id: 9, ward_id: Some(9) }, true),
            (Role::Responder, Some(9), OrgAction::ReadUnit { unit_id: 50, ward_id: Some(9) }, true),
            (Role::Responder, Some(9), OrgAction::ReadUnit { unit_id: 50, ward_id: Some(8) }, false),
            (Role::Responder, Some(9), OrgAction::ReadUnit { unit_id: 1, ward_id: None }, false),
            (Role::StandingCommittee, None, cell_in(2), false),
            (Role::StandingCommittee, None, ward, false),
            (Role::WardStaff, Some(2), cell_in(2), true),
            (Role::WardStaff, Some(2), cell_in(3), false),
            (Role::WardStaff, Some(2), ward, false),
            (Role::WardStaff, Some(2), OrgAction::MergeCell { ward_id: 2 }, true),
            (Role::WardStaff, Some(2), OrgAction::MergeCell { ward_id: 3 }, false),
            (Role::GroupLeader, None, cell_in(2), false),
            (Role::GroupMember, None, OrgAction::ReadTree, true),
            (Role::GroupMember, None, OrgAction::ReadSummary, true),
            (Role::Responder, Some(9), cell_in(9), false),
            (Role::Responder, Some(9), OrgAction::MergeCell { ward_id: 9 }, false),
        ];
        for (role, scope, action, expected) in cases {
            assert_eq!(can(&me(*role, *scope), *action), *expected, "{role:?} {scope:?} {action:?}");
        }
    }
}
