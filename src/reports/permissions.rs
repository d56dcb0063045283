//! Who may do what with attendance reports (Quy chế 06-QC/TU, I.2.2 and III.4: the member
//! who attended reports within 5 working days to the Standing Committee through the
//! Organization Board).
//!
//! | role                 | write a report              | read reports                    | the confidential part | acknowledge, return | confirm attendance |
//! |----------------------|-----------------------------|---------------------------------|-----------------------|---------------------|--------------------|
//! | the author           | his own, until acknowledged | his own                         | his own               | no                  | no                 |
//! | organization board   | no                          | the city's                      | yes                   | yes                 | yes                |
//! | standing committee   | no                          | the city's                      | yes                   | no                  | no                 |
//! | admin                | no                          | the city's                      | no                    | no                  | yes                |
//! | group leader         | no                          | his groups' meetings            | no                    | no                  | no                 |
//! | ward staff           | no                          | no (sees who checked in)        | no                    | no                  | their own ward     |
//! | member, responder    | no                          | no                              | no                    | no                  | no                 |
//!
//! The author is a member expected at the meeting (the month's board, or the group for a
//! ward committee meeting) or the substitute recorded for one. Another city's reports do
//! not exist for the caller (404).

use crate::auth::{Me, Role};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportRelation {
    /// The caller is expected at the meeting (or its recorded substitute).
    pub is_author: bool,
    /// The caller leads a group whose member is expected at it.
    pub leads_group: bool,
    /// Ward staff of the meeting's ward.
    pub is_my_ward: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportAction {
    /// Check in, capture, write and submit one's own report; report an absence.
    Write,
    /// Read others' reports of the meeting.
    Read,
    /// Read the confidential part of others' reports.
    ReadConfidential,
    /// Acknowledge or return a submitted report.
    Review,
    /// Confirm from the minutes who attended.
    ConfirmAttendance,
}

pub fn can(me: &Me, rel: ReportRelation, action: ReportAction) -> bool {
    use ReportAction::*;
    match action {
        Write => rel.is_author && me.person_id.is_some(),
        Read => reads_all(me) || (me.role == Role::GroupLeader && rel.leads_group),
        ReadConfidential => matches!(me.role, Role::OrganizationBoard | Role::StandingCommittee),
        Review => me.role == Role::OrganizationBoard,
        ConfirmAttendance => {
            matches!(me.role, Role::Admin | Role::OrganizationBoard)
                || (me.role == Role::WardStaff && rel.is_my_ward)
        }
    }
}

/// Roles that read every report of the city (the inbox).
pub fn reads_all(me: &Me) -> bool {
    matches!(
        me.role,
        Role::Admin | Role::OrganizationBoard | Role::StandingCommittee
    )
}

/// Who keeps the city's rating criteria (`/calendar/criteria`): the Organization Board,
/// which reads the ratings, and an admin.
pub fn can_configure_rating(me: &Me) -> bool {
    matches!(me.role, Role::Admin | Role::OrganizationBoard)
}

/// Who opens the reports inbox: all of the city's (above) or a group leader's groups.
pub fn can_open_inbox(me: &Me) -> bool {
    reads_all(me) || me.role == Role::GroupLeader
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportAction::*;

    #[test]
    fn permission_table() {
        let none = ReportRelation::default();
        let author = ReportRelation {
            is_author: true,
            ..none
        };
        let leads = ReportRelation {
            leads_group: true,
            ..none
        };
        let ward = ReportRelation {
            is_my_ward: true,
            ..none
        };
        let cases = [
            (Role::GroupMember, author, Write, true),
            (Role::GroupMember, none, Write, false),
            (Role::GroupMember, author, Read, false),
            (Role::GroupLeader, author, Write, true),
            (Role::GroupLeader, leads, Read, true),
            (Role::GroupLeader, none, Read, false),
            (Role::GroupLeader, leads, ReadConfidential, false),
            (Role::OrganizationBoard, none, Read, true),
            (Role::OrganizationBoard, none, ReadConfidential, true),
            (Role::OrganizationBoard, none, Review, true),
            (Role::OrganizationBoard, none, ConfirmAttendance, true),
            (Role::StandingCommittee, none, Read, true),
            (Role::StandingCommittee, none, ReadConfidential, true),
            (Role::StandingCommittee, none, Review, false),
            (Role::Admin, none, Read, true),
            (Role::Admin, none, ReadConfidential, false),
            (Role::Admin, none, Review, false),
            (Role::WardStaff, ward, ConfirmAttendance, true),
            (Role::WardStaff, none, ConfirmAttendance, false),
            (Role::WardStaff, ward, Read, false),
            (Role::Responder, none, Read, false),
            (Role::Responder, none, ConfirmAttendance, false),
        ];
        for (role, rel, action, expected) in cases {
            assert_eq!(
                can(&Me::test(role, Some(1)), rel, action),
                expected,
                "{role:?} {rel:?} {action:?}"
            );
        }
    }
}
