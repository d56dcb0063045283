//! The dashboard's figures as the page receives them (server and browser share them).

use serde::{Deserialize, Serialize};

/// Expected against attended, for one month, group or ward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub label: String,
    pub expected: i64,
    pub attended: i64,
}

impl Rate {
    /// Whole percent, rounded; None when nothing was expected.
    pub fn percent(&self) -> Option<i64> {
        (self.expected > 0).then(|| (self.attended * 100 + self.expected / 2) / self.expected)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    /// (meeting, member expected) pairs of cell meetings that took place in the period.
    pub expected: i64,
    pub attended: i64,
    /// Of those not attended: absences the member reported beforehand, with a reason.
    pub absent_with_reason: i64,
    /// Of those reported absences: the reason was a clash with another engagement.
    pub absent_clash: i64,
    /// Taken by a substitute the leader sent.
    pub substituted: i64,
    pub by_month: Vec<Rate>,
    pub by_group: Vec<Rate>,
    pub by_ward: Vec<Rate>,
}

/// Reports owed (members expected who did not report an absence), by their state today.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportCounts {
    pub label: String,
    pub on_time: i64,
    pub late: i64,
    pub missing: i64,
    /// Not submitted, not yet due.
    pub pending: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reports {
    pub total: ReportCounts,
    pub by_group: Vec<ReportCounts>,
}

/// Recommendations by state, for one domain or body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecCounts {
    pub label: String,
    /// new, forwarded, in progress, clarification
    pub open: i64,
    pub answered: i64,
    pub closed: i64,
    /// refused or merged into another
    pub other: i64,
    /// open and past the due date
    pub overdue: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recs {
    pub total: RecCounts,
    pub by_domain: Vec<RecCounts>,
    pub by_body: Vec<RecCounts>,
    /// Open items by age: under 30 days, 30–89, 90–364, a year or more.
    pub open_ages: Vec<i64>,
}

/// Ward committee invitations: one due per followed ward and month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitations {
    pub due: i64,
    pub received: i64,
    /// (ward, due, received)
    pub by_ward: Vec<(String, i64, i64)>,
}

/// The wards' periodic reports (monthly, quarterly, half-yearly) whose period ended in
/// the dashboard's period: received (on time, late) against due.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WardReports {
    pub total: crate::periodic::model::DueCounts,
    pub by_ward: Vec<crate::periodic::model::DueCounts>,
}

/// A shortcoming the data shows (seed II.2), with its evidence and a link to the rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// absences, clashes, missing_reports, not_invited, missing_periodic, overdue_recs, late_announced
    pub kind: String,
    /// The member (and group), ward or cell.
    pub subject: String,
    /// The figures or dates behind it.
    pub evidence: String,
    pub count: i64,
    pub href: String,
}

/// The kinds of findings in the order the page lists them, with their label keys.
pub const FINDING_KINDS: [(&str, &str); 8] = [
    ("absences", "finding.absences"),
    ("missing_reports", "finding.missing_reports"),
    ("clashes", "finding.clashes"),
    ("not_invited", "finding.not_invited"),
    ("missing_periodic", "finding.missing_periodic"),
    ("overdue_recs", "finding.overdue_recs"),
    ("late_announced", "finding.late_announced"),
    ("after_merge", "finding.after_merge"),
];

/// The page's choices and the figures under them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The period, months "YYYY-MM", both included.
    pub from: String,
    pub to: String,
    pub ward: Option<i64>,
    pub group: Option<i64>,
    pub wards: Vec<(i64, String)>,
    pub groups: Vec<(i64, String)>,
    pub attendance: Attendance,
    pub reports: Reports,
    pub recs: Recs,
    pub invitations: Invitations,
    #[serde(default)]
    pub ward_reports: WardReports,
    /// Submitted reports by the meeting's overall level 1 (weak) … 4 (good); index 0 = 1.
    pub quality: Vec<i64>,
    pub findings: Vec<Finding>,
    /// When the figures were computed (Vietnam time, "HH:MM:SS").
    pub computed_at: String,
}

/// The panels of present mode, in their order.
pub const PANELS: [&str; 5] = ["attendance", "reports", "recs", "wards", "findings"];

/// The age buckets' label keys, in `Recs::open_ages` order.
pub const AGE_KEYS: [&str; 4] = ["dash.age_30", "dash.age_90", "dash.age_365", "dash.age_more"];
