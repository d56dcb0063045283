//! Who may do what with periodic reports (seed I.2.3: wards report to the group that
//! follows them; III.3: groups report to the Standing Committee through the Organization
//! Board).
//!
//! | role                                          | read                                              | write (save, submit)          |
//! |-----------------------------------------------|---------------------------------------------------|-------------------------------|
//! | standing committee, organization board, admin | every report of the city                          | no                            |
//! | group leader, group member                    | their groups' and the wards they follow (in the period) | a leader: his group's   |
//! | ward staff                                    | their ward's                                      | their ward's                  |
//! | responder                                     | none (403)                                        | no                            |
//!
//! Another city's reporters do not exist for the caller (404). A submitted report is final.

use super::model::Reporter;
use crate::auth::{Me, Role};

/// The caller's relation to one reporter in one period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Relation {
    /// Ward staff of the reporting ward.
    pub my_ward: bool,
    /// The caller leads the reporting group, or the group that follows the ward.
    pub leads: bool,
    /// The caller belongs to that group (led or not).
    pub member: bool,
}

/// Who opens the list at all.
pub fn can_list(me: &Me) -> bool {
    me.role != Role::Responder
}

/// Roles that read every report of the city.
pub fn reads_all(me: &Me) -> bool {
    matches!(me.role, Role::Admin | Role::StandingCommittee | Role::OrganizationBoard)
}

pub fn can_read(me: &Me, rel: Relation) -> bool {
    match me.role {
        Role::Admin | Role::StandingCommittee | Role::OrganizationBoard => true,
        Role::GroupLeader | Role::GroupMember => rel.member || rel.leads,
        Role::WardStaff => rel.my_ward,
        Role::Responder => false,
    }
}

pub fn can_write(me: &Me, reporter: Reporter, rel: Relation) -> bool {
    match reporter {
        Reporter::Ward => me.role == Role::WardStaff && rel.my_ward,
        Reporter::Group => me.role == Role::GroupLeader && rel.leads,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_writes_and_reads() {
        let mine = Relation { my_ward: true, ..Default::default() };
        let led = Relation { leads: true, member: true, ..Default::default() };
        let member = Relation { member: true, ..Default::default() };
        let none = Relation::default();
        let staff = Me::test(Role::WardStaff, Some(7));
        assert!(can_write(&staff, Reporter::Ward, mine));
        assert!(!can_write(&staff, Reporter::Ward, none));
        assert!(!can_read(&staff, none));
        let leader = Me::test(Role::GroupLeader, None);
        assert!(can_write(&leader, Reporter::Group, led));
        assert!(!can_write(&leader, Reporter::Ward, led));
        assert!(can_read(&leader, led));
        assert!(!can_read(&leader, none));
        let m = Me::test(Role::GroupMember, None);
        assert!(can_read(&m, member));
        assert!(!can_write(&m, Reporter::Group, member));
        for r in [Role::StandingCommittee, Role::OrganizationBoard, Role::Admin] {
            let me = Me::test(r, None);
            assert!(can_read(&me, none));
            assert!(!can_write(&me, Reporter::Ward, led) && !can_write(&me, Reporter::Group, led));
        }
        let resp = Me::test(Role::Responder, Some(7));
        assert!(!can_list(&resp) && !can_read(&resp, mine));
    }
}
