//! Who may manage accounts: administrators all of them; the organization board every
//! account except administrators'.

use crate::auth::{Me, Role};

pub fn can_manage(me: &Me) -> bool {
    me.manages_org()
}

/// May `me` give (or edit an account holding) this role?
pub fn can_grant(me: &Me, role: Role) -> bool {
    match role {
        Role::Admin => me.is_admin(),
        _ => can_manage(me),
    }
}

pub fn grantable(me: &Me) -> Vec<Role> {
    Role::ALL.into_iter().filter(|r| can_grant(me, *r)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_table() {
        let me = |role| Me::test(role, None);
        assert!(can_grant(&me(Role::Admin), Role::Admin));
        assert!(!can_grant(&me(Role::OrganizationBoard), Role::Admin));
        assert!(can_grant(&me(Role::OrganizationBoard), Role::WardStaff));
        for role in [Role::StandingCommittee, Role::GroupLeader, Role::GroupMember, Role::WardStaff, Role::Responder] {
            assert!(!can_manage(&me(role)), "{role:?}");
            assert!(grantable(&me(role)).is_empty(), "{role:?}");
        }
    }
}
