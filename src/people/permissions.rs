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
            let me = Me::test(role, None);
            assert_eq!(can_read(&me), role != Role::Responder, "{role:?}");
            assert_eq!(can_edit(&me), matches!(role, Role::Admin | Role::OrganizationBoard), "{role:?}");
        }
    }
}
