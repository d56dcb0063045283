//! Whose figures the dashboard shows (issue: the standing committee and the organization
//! board see all; group leaders their groups; ward staff their ward).
//!
//! | role                                        | figures of                                        |
//! |---------------------------------------------|---------------------------------------------------|
//! | standing committee, organization board, admin | the whole city                                  |
//! | group leader                                | the groups he belongs to (their cells' meetings, the wards they follow) |
//! | ward staff                                  | their ward                                        |
//! | group member, responder                     | none (403)                                        |
//!
//! A ward or group filter outside the caller's figures is refused (403), not emptied.

use crate::auth::{Me, Role};
/// The dashboard's figures are of the caller's reach (`auth::visibility`).
pub use crate::auth::visibility::Reach as DashScope;

/// The caller's reach, for the roles that have figures (a group member has none).
pub fn scope(me: &Me) -> Option<DashScope> {
    match me.role {
        Role::GroupMember | Role::Responder => None,
        _ => DashScope::of(me),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_sees_which_figures() {
        assert_eq!(scope(&Me::test(Role::StandingCommittee, None)), Some(DashScope::City));
        assert_eq!(scope(&Me::test(Role::OrganizationBoard, None)), Some(DashScope::City));
        assert_eq!(scope(&Me::test(Role::Admin, None)), Some(DashScope::City));
        assert_eq!(scope(&Me::test(Role::GroupLeader, None)), Some(DashScope::Groups(1)));
        assert_eq!(scope(&Me::test(Role::WardStaff, Some(7))), Some(DashScope::Ward(7)));
        assert_eq!(scope(&Me::test(Role::GroupMember, None)), None);
        assert_eq!(scope(&Me::test(Role::Responder, Some(7))), None);
    }
}
