//! Who sees the October evaluation (seed III.2: the Organization Board compiles it at the
//! end of October and sends each member's results to his agency).
//!
//! | role                                          | the table, the XLSX          | the notices to the agencies (DOCX) |
//! |-----------------------------------------------|------------------------------|------------------------------------|
//! | organization board, standing committee, admin | every group's members        | yes                                |
//! | group leader                                  | his groups' members          | no                                 |
//! | ward staff, member, responder                 | no (403)                     | no                                 |

use crate::auth::{Me, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    City,
    /// The groups this person leads or belongs to.
    Groups(i64),
}

pub fn scope(me: &Me) -> Option<Scope> {
    match me.role {
        Role::Admin | Role::StandingCommittee | Role::OrganizationBoard => Some(Scope::City),
        Role::GroupLeader => me.person_id.map(Scope::Groups),
        Role::WardStaff | Role::GroupMember | Role::Responder => None,
    }
}

pub fn can_notify(me: &Me) -> bool {
    matches!(me.role, Role::Admin | Role::StandingCommittee | Role::OrganizationBoard)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_sees_the_evaluation() {
        assert_eq!(scope(&Me::test(Role::OrganizationBoard, None)), Some(Scope::City));
        assert_eq!(scope(&Me::test(Role::GroupLeader, None)), Some(Scope::Groups(1)));
        assert_eq!(scope(&Me::test(Role::GroupMember, None)), None);
        assert_eq!(scope(&Me::test(Role::WardStaff, Some(3))), None);
        assert!(can_notify(&Me::test(Role::StandingCommittee, None)));
        assert!(!can_notify(&Me::test(Role::GroupLeader, None)));
    }
}
