//! Who may see and change a working group and its boards (Quy chế 06-QC/TU, section III.1:
//! the Standing Committee decides a group's existence, composition and the wards it
//! follows, on the Organization Board's proposal; the group's leader plans and assigns
//! the members to cells).
//!
//! | role                 | read                               | group, members, wards | plan, open boards | closed boards        |
//! |----------------------|------------------------------------|-----------------------|-------------------|----------------------|
//! | admin                | every group of the city            | yes                   | yes               | reopen with a reason |
//! | organization board   | every group of the city            | yes                   | yes               | reopen with a reason |
//! | standing committee   | every group of the city            | no                    | no                | no                   |
//! | group leader (today) | their group                        | no                    | yes               | read only            |
//! | deputy, member       | their group                        | no                    | no                | no                   |
//! | ward staff           | groups following their ward today; | no                    | no                | no                   |
//! |                      | of a board only their ward's cells |                       |                   |                      |
//! | responder            | nothing                            | no                    | no                | no                   |
//!
//! Another city's groups do not exist for the caller (404).

use crate::auth::{Me, Role};

/// What the caller is to one group today (looked up from memberships and followed wards).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Relation {
    pub is_leader: bool,
    pub is_member: bool,
    /// The group follows the caller's ward today (ward staff).
    pub follows_my_ward: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupAction {
    /// See the group, its plan and its boards.
    Read,
    /// Create or edit a group (name, decision, dates, leader), add or end members, set
    /// the wards it follows.
    Manage,
    /// Write the group's plan.
    EditPlan,
    /// Change a month's assignments. `closed`: the month is over and its reports are due;
    /// `reopened`: the organization board has reopened it with a reason.
    EditBoard { closed: bool, reopened: bool },
    /// Reopen a closed month's board for changes (a reason is required).
    ReopenBoard,
}

pub fn can(me: &Me, rel: Relation, action: GroupAction) -> bool {
    match action {
        GroupAction::Read => reads_all(me) || rel.is_member || (me.role == Role::WardStaff && rel.follows_my_ward),
        GroupAction::Manage | GroupAction::ReopenBoard => me.manages_org(),
        GroupAction::EditPlan => me.manages_org() || rel.is_leader,
        GroupAction::EditBoard { closed: false, .. } => me.manages_org() || rel.is_leader,
        GroupAction::EditBoard { closed: true, reopened } => me.manages_org() && reopened,
    }
}

/// Roles that read every group of their city.
fn reads_all(me: &Me) -> bool {
    matches!(me.role, Role::Admin | Role::OrganizationBoard | Role::StandingCommittee)
}

/// May the caller create a group?
pub fn can_create(me: &Me) -> bool {
    me.manages_org()
}

#[cfg(test)]
mod tests {
    use super::*;
    use GroupAction::*;

    /// role × relation × action, as a table.
    #[test]
    fn permission_table() {
        let me = |role| Me::test(role, None);
        let none = Relation::default();
        let leader = Relation { is_leader: true, is_member: true, ..none };
        let member = Relation { is_member: true, ..none };
        let ward = Relation { follows_my_ward: true, ..none };
        let open = EditBoard { closed: false, reopened: false };
        let closed = EditBoard { closed: true, reopened: false };
        let reopened = EditBoard { closed: true, reopened: true };
        let cases = [
            (Role::OrganizationBoard, none, [Read, Manage, EditPlan, open, reopened, ReopenBoard], true),
            (Role::OrganizationBoard, none, [closed; 6], false),
            (Role::Admin, none, [Read, Manage, EditPlan, open, reopened, ReopenBoard], true),
            (Role::StandingCommittee, none, [Read; 6], true),
            (Role::StandingCommittee, none, [Manage, EditPlan, open, closed, reopened, ReopenBoard], false),
            (Role::GroupLeader, leader, [Read, EditPlan, open, Read, Read, Read], true),
            (Role::GroupLeader, leader, [Manage, closed, reopened, ReopenBoard, Manage, Manage], false),
            (Role::GroupLeader, none, [Read, Manage, EditPlan, open, closed, ReopenBoard], false),
            (Role::GroupMember, member, [Read; 6], true),
            (Role::GroupMember, member, [Manage, EditPlan, open, closed, reopened, ReopenBoard], false),
            (Role::GroupMember, none, [Read; 6], false),
            (Role::WardStaff, ward, [Read; 6], true),
            (Role::WardStaff, ward, [Manage, EditPlan, open, closed, reopened, ReopenBoard], false),
            (Role::WardStaff, none, [Read; 6], false),
            (Role::Responder, none, [Read, Manage, EditPlan, open, closed, ReopenBoard], false),
        ];
        for (role, rel, actions, expected) in cases {
            for action in actions {
                assert_eq!(can(&me(role), rel, action), expected, "{role:?} {rel:?} {action:?}");
            }
        }
    }
}
