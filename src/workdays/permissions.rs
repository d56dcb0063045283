//! Who sees and who corrects the working-day calendar (holidays, days off, Saturdays
//! worked), on which every report's due date depends: everyone signed in reads it; only
//! an admin corrects a year, since a correction moves every due date of the city.

use crate::auth::{Me, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See a year's days off.
    Read,
    /// Set, remove or swap a day, or fill a year from the rules again.
    Correct,
}

pub fn can(me: &Me, action: Action) -> bool {
    match action {
        Action::Read => true,
        Action::Correct => me.role == Role::Admin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_table() {
        for role in Role::ALL {
            let me = Me::test(role, Some(3));
            assert!(can(&me, Action::Read), "{role:?}");
            assert_eq!(can(&me, Action::Correct), role == Role::Admin, "{role:?}");
        }
    }
}
