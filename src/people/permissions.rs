//! Who may see and change people. Contact details are not for responders outside the party.

use crate::auth::{Me, Role};

pub fn can_read(me: &Me) -> bool {
    me.role != Role::Responder
}

pub fn can_edit(me: &Me) -> bool {
    me.manages_org()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_table() {
        for role in Role::ALL {
            let me = Me {
                account_id: 1,
                city_id: 1,
                person_id: None,
                username: "x".into(),
                display_name: "x".into(),
                role,
                scope_unit_id: None,
                scope_unit_name: None,
            };
            assert_eq!(can_read(&me), role != Role::Responder, "{role:?}");
            assert_eq!(can_edit(&me), matches!(role, Role::Admin | Role::OrganizationBoard), "{role:?}");
        }
    }
}
