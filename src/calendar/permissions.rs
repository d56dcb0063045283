//! Who may see and enter a ward's meetings (Quy chế 06-QC/TU, I.1.2 and II.2: each cell
//! announces its meeting to the ward, the ward tells the members assigned to it and
//! invites the group to its committee meetings).
//!
//! | role                 | see a ward's meetings                         | enter, move, cancel them |
//! |----------------------|-----------------------------------------------|--------------------------|
//! | admin                | every ward of the city                        | yes                      |
//! | organization board   | every ward of the city                        | yes                      |
//! | standing committee   | every ward of the city                        | no                       |
//! | group leader, member | wards a group of theirs follows at that date  | no                       |
//! | ward staff           | their own ward                                | their own ward           |
//! | responder            | nothing                                       | no                       |
//!
//! Another city's meetings do not exist for the caller (404).

use crate::auth::{Me, Role};

/// What the caller is to one ward (looked up from their scope and their groups).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WardRelation {
    /// Ward staff of this ward.
    pub is_my_ward: bool,
    /// A group the caller sits in follows this ward (at the date concerned).
    pub my_group_follows: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingAction {
    /// See the ward's meetings, their briefings and expected members.
    Read,
    /// Enter the month's schedule; postpone, cancel, reschedule, mark held.
    Enter,
}

pub fn can(me: &Me, rel: WardRelation, action: MeetingAction) -> bool {
    match action {
        MeetingAction::Read => reads_all(me) || rel.is_my_ward || rel.my_group_follows,
        MeetingAction::Enter => me.manages_org() || (me.role == Role::WardStaff && rel.is_my_ward),
    }
}

/// Roles that see every ward's meetings.
pub fn reads_all(me: &Me) -> bool {
    matches!(me.role, Role::Admin | Role::OrganizationBoard | Role::StandingCommittee)
}

/// What the caller is to a ward by scope alone (no group looked up): enough to decide
/// `Enter`, which no group gives.
pub fn by_scope(me: &Me, ward_id: i64) -> WardRelation {
    WardRelation { is_my_ward: me.ward_scope() == Some(ward_id), my_group_follows: false }
}

/// Does the caller have meetings of his own (assigned, sent instead, invited with his
/// group), so "mine" is a filter worth offering?
pub fn has_own_meetings(me: &Me) -> bool {
    me.person_id.is_some() && matches!(me.role, Role::GroupLeader | Role::GroupMember)
}

/// May the caller open the calendar at all?
pub fn can_open_calendar(me: &Me) -> bool {
    me.role != Role::Responder
}

#[cfg(test)]
mod tests {
    use super::*;
    use MeetingAction::*;

    #[test]
    fn permission_table() {
        let none = WardRelation::default();
        let mine = WardRelation { is_my_ward: true, ..none };
        let followed = WardRelation { my_group_follows: true, ..none };
        let cases = [
            (Role::Admin, none, Read, true),
            (Role::Admin, none, Enter, true),
            (Role::OrganizationBoard, none, Read, true),
            (Role::OrganizationBoard, none, Enter, true),
            (Role::StandingCommittee, none, Read, true),
            (Role::StandingCommittee, none, Enter, false),
            (Role::GroupLeader, followed, Read, true),
            (Role::GroupLeader, followed, Enter, false),
            (Role::GroupLeader, none, Read, false),
            (Role::GroupMember, followed, Read, true),
            (Role::GroupMember, followed, Enter, false),
            (Role::GroupMember, none, Read, false),
            (Role::WardStaff, mine, Read, true),
            (Role::WardStaff, mine, Enter, true),
            (Role::WardStaff, none, Read, false),
            (Role::WardStaff, none, Enter, false),
            (Role::Responder, none, Read, false),
            (Role::Responder, none, Enter, false),
        ];
        for (role, rel, action, expected) in cases {
            assert_eq!(can(&Me::test(role, Some(1)), rel, action), expected, "{role:?} {rel:?} {action:?}");
        }
        assert!(!can_open_calendar(&Me::test(Role::Responder, Some(1))));
    }
}
