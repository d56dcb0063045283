//! Who writes the review report (`/review` and its DOCX): the Standing Committee (it
//! issues it), the Organization Board (it drafts it) and admin. Nobody else reads it: its
//! findings name wards and members across the city.

use crate::auth::{Me, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Open the page, edit the parts, make the DOCX.
    Write,
}

pub fn can(me: &Me, action: Action) -> bool {
    match action {
        Action::Write => matches!(me.role, Role::Admin | Role::StandingCommittee | Role::OrganizationBoard),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_table() {
        for role in Role::ALL {
            let writes = matches!(role, Role::Admin | Role::StandingCommittee | Role::OrganizationBoard);
            assert_eq!(can(&Me::test(role, Some(3)), Action::Write), writes, "{role:?}");
        }
    }
}
