//! The October evaluation as the page receives it: one line per member of a group.

use serde::{Deserialize, Serialize};

/// A member's year to date (seed III.2: "đi công tác cơ sở và dự sinh hoạt chi bộ").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberYear {
    pub person_id: i64,
    pub name: String,
    pub position: String,
    /// The home agency that receives the notice (`people.home_unit_id`).
    pub agency_id: Option<i64>,
    pub agency: String,
    /// The groups he belonged to in the period.
    pub groups: String,
    /// Cell meetings he was assigned to (on the month's board) that took place.
    pub assigned: i64,
    /// Of those, attended himself.
    pub attended: i64,
    /// Absent, having reported the absence with a reason (clash, illness, assignment, other).
    pub absent_with_reason: i64,
    /// Of those, because of a clash with another engagement.
    pub absent_clash: i64,
    /// Absent without having reported it.
    pub absent_without_reason: i64,
    /// A substitute went in his place.
    pub substituted: i64,
    /// He went in another member's place (not counted in `assigned`).
    pub as_substitute: i64,
    /// Attendance reports (his own meetings and those he took as a substitute).
    pub reports_on_time: i64,
    pub reports_late: i64,
    pub reports_missing: i64,
    /// Ward committee meetings of the wards his group follows that he attended
    /// ("đi công tác cơ sở").
    pub field_visits: i64,
}

impl MemberYear {
    /// Whole percent of the meetings assigned that he attended (or sent a substitute to).
    pub fn percent(&self) -> Option<i64> {
        (self.assigned > 0).then(|| ((self.attended + self.substituted) * 100 + self.assigned / 2) / self.assigned)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub year: i32,
    /// The period, dd/mm/yyyy: 1 January to 31 October (or today, before then).
    pub from: String,
    pub to: String,
    pub members: Vec<MemberYear>,
    /// The home agencies with members in the list: (id, name, members).
    pub agencies: Vec<(i64, String, usize)>,
    /// The caller may download the notices to the agencies.
    pub can_notify: bool,
}
