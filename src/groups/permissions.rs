//! Who may see and change a working group and its boards.
//! Organization board and admins manage every group; the group's current leader edits
//! their own group; its members read it; ward staff read the boards of the group that
//! follows their ward; the standing committee reads all.

use crate::auth::{Me, Role};

/// What the caller is to one group (looked up from memberships and followed wards).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Relation {
    pub is_leader: bool,
    pub is_member: bool,
    /// The group follows the caller's ward (ward staff).
    pub follows_my_ward: bool,
}

pub fn can_create(me: &Me) -> bool {
    me.manages_org()
}

pub fn can_read(me: &Me, rel: Relation) -> bool {
    matches!(me.role, Role::Admin | Role::OrganizationBoard | Role::StandingCommittee)
        || rel.is_leader
        || rel.is_member
        || (me.role == Role::WardStaff && rel.follows_my_ward)
}

pub fn can_edit(me: &Me, rel: Relation) -> bool {
    me.manages_org() || rel.is_leader
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_table() {
        let me = |role| Me {
            account_id: 1,
            city_id: 1,
            person_id: Some(1),
            username: "x".into(),
            display_name: "x".into(),
            role,
            scope_unit_id: None,
            scope_unit_name: None,
        };
        let none = Relation::default();
        let leader = Relation { is_leader: true, is_member: true, ..none };
        let member = Relation { is_member: true, ..none };
        let ward = Relation { follows_my_ward: true, ..none };
        let cases = [
            (Role::OrganizationBoard, none, true, true),
            (Role::Admin, none, true, true),
            (Role::StandingCommittee, none, true, false),
            (Role::GroupLeader, leader, true, true),
            (Role::GroupLeader, none, false, false),
            (Role::GroupMember, member, true, false),
            (Role::GroupMember, none, false, false),
            (Role::WardStaff, ward, true, false),
            (Role::WardStaff, none, false, false),
            (Role::Responder, none, false, false),
        ];
        for (role, rel, read, edit) in cases {
            assert_eq!(can_read(&me(role), rel), read, "{role:?} {rel:?} read");
            assert_eq!(can_edit(&me(role), rel), edit, "{role:?} {rel:?} edit");
        }
    }
}
