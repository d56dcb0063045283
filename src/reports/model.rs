//! The attendance report's data as it crosses the wire.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::recommendations::model::{Domain, RecStatus};

crate::codes! {
    /// Why a member cannot attend.
    pub enum AbsenceReason {
        Clash = "clash" => "absence.clash",
        Illness = "illness" => "absence.illness",
        Assignment = "assignment" => "absence.assignment",
        Other = "other" => "absence.other",
    }
}

/// The four-level scale, 1 (weak) … 4 (good).
pub const LEVELS: [i16; 4] = [4, 3, 2, 1];

pub fn level_key(l: i16) -> &'static str {
    match l {
        4 => "level.4",
        3 => "level.3",
        2 => "level.2",
        1 => "level.1",
        _ => "level.none",
    }
}

crate::codes! {
    /// A report's status: written and kept (a draft), sent to the Organization Board
    /// (submitted), read by it (acknowledged), or sent back to be completed (returned).
    pub enum ReportStatus {
        Draft = "draft" => "report.status.draft",
        Submitted = "submitted" => "report.status.submitted",
        Acknowledged = "acknowledged" => "report.status.acknowledged",
        Returned = "returned" => "report.status.returned",
    }
}

impl Default for ReportStatus {
    fn default() -> Self {
        ReportStatus::Draft
    }
}

impl ReportStatus {
    /// Sent: the board has it (submitted, or read). A draft or a returned report is still owed.
    pub fn is_sent(self) -> bool {
        matches!(self, ReportStatus::Submitted | ReportStatus::Acknowledged)
    }
}

/// A report as a list shows it: its status, or None while it is owed (none, or a draft).
pub fn owed_status(s: Option<ReportStatus>) -> Option<ReportStatus> {
    s.filter(|s| *s != ReportStatus::Draft)
}

/// The code a list shows for a report (its badge's class): its status's, or "missing".
pub fn status_code(s: Option<ReportStatus>) -> &'static str {
    s.map(ReportStatus::code).unwrap_or("missing")
}

/// The label of a report a list shows: its status's, or "missing" while it is owed.
pub fn status_key(s: Option<ReportStatus>) -> &'static str {
    s.map(ReportStatus::label_key).unwrap_or("report.status.missing")
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: i64,
    pub name_vi: String,
    pub name_en: String,
}

/// One report, as its author edits it and the Organization Board reads it. The
/// confidential part is empty for a reader who may not see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Report {
    pub id: i64,
    pub meeting_id: i64,
    pub person: String,
    pub status: ReportStatus,
    pub version: i32,
    pub checked_in_at: Option<String>,
    pub running_note: String,
    pub members_present: Option<i32>,
    pub members_total: Option<i32>,
    pub informed: bool,
    pub oriented: bool,
    pub commented: bool,
    pub summary: String,
    pub information_given: String,
    pub orientation: String,
    pub contributions: String,
    pub ideology: String,
    pub complex_issues: String,
    pub complex_confidential: bool,
    /// The confidential part was withheld from this reader.
    pub complex_hidden: bool,
    pub overall_level: Option<i16>,
    /// (criterion id, level)
    pub ratings: Vec<(i64, i16)>,
    pub submitted_at: Option<String>,
    pub reviewed_at: Option<String>,
    pub review_comment: Option<String>,
    pub due: Option<NaiveDate>,
    /// Working days late (submitted after the due date, or still missing after it).
    pub late_by: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub id: i64,
    /// The phone's key for it (so the phone knows the server has it).
    pub key: String,
    pub raised_by: String,
    pub content: String,
    pub domain: Domain,
    pub status: RecStatus,
    /// dd/mm/yyyy of the meeting it was raised at
    pub raised_on: String,
    /// The body responsible, once it has one.
    #[serde(default)]
    pub body: String,
    /// The body's answer, once answered (brought back to the cell).
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub version: i32,
}

/// One expected member's attendance as both sides record it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttendanceLine {
    pub person_id: i64,
    pub name: String,
    /// The member checked in at the meeting (time).
    pub checked_in: Option<String>,
    /// The ward's confirmation from the minutes: Some(true) attended, Some(false) absent.
    pub ward_says: Option<bool>,
    /// The absence the member reported before (its reason).
    pub absence: Option<AbsenceReason>,
    /// None while the report is owed (none yet, or a draft).
    pub report_status: Option<ReportStatus>,
    pub report_id: Option<i64>,
}

impl AttendanceLine {
    /// The two sides disagree (checked in, but the ward says absent; or the reverse).
    pub fn differs(&self) -> bool {
        matches!(self.ward_says, Some(w) if w != self.checked_in.is_some())
    }
}

/// The report panel of a meeting page, for whoever opens it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ReportPanelData {
    pub meeting_id: i64,
    pub is_cell_meeting: bool,
    /// The caller is expected (or the recorded substitute): he checks in and reports.
    pub is_author: bool,
    /// The meeting has started (reports may be submitted).
    pub started: bool,
    /// The meeting is cancelled or postponed.
    pub off: bool,
    pub can_check_in: bool,
    /// The caller may still report an absence (before the start).
    pub can_report_absence: bool,
    /// The absence the caller reported: (reason, note).
    pub my_absence: Option<(AbsenceReason, String)>,
    pub mine: Option<Report>,
    /// A fresh key for this page's submission (a retried one sends it again).
    pub submit_key: String,
    pub criteria: Vec<Criterion>,
    /// The cell's party members (the denominator of "present"), when known.
    pub cell_members: Option<i32>,
    pub due: Option<NaiveDate>,
    /// Recommendations of the cell still open, from earlier meetings.
    pub open_recommendations: Vec<Recommendation>,
    /// Those the caller captured at this meeting.
    pub my_recommendations: Vec<Recommendation>,
    /// Expected members with check-in and the ward's confirmation (ward staff, the
    /// Organization Board, the group leader).
    pub attendance: Vec<AttendanceLine>,
    pub can_confirm: bool,
    /// The caller reviews reports (Organization Board).
    pub can_review: bool,
    /// The caller reads the members' reports of this meeting.
    pub can_read_reports: bool,
}

/// One line of the Organization Board's inbox, or of a member's own list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxLine {
    pub report_id: Option<i64>,
    pub meeting_id: i64,
    pub meeting: String,
    pub ward: String,
    pub group: String,
    pub person: String,
    pub held_on: NaiveDate,
    pub due: NaiveDate,
    /// None while owed (nothing, or a draft); else submitted, returned or acknowledged.
    pub status: Option<ReportStatus>,
    pub submitted_at: Option<String>,
    pub late_by: u32,
    /// due within the next two working days, not submitted
    pub due_soon: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ReportInbox {
    pub lines: Vec<InboxLine>,
    pub groups: Vec<(i64, String)>,
    pub wards: Vec<(i64, String)>,
    pub members: Vec<(i64, String)>,
    /// The caller keeps the rating criteria (a link to their page).
    pub can_configure: bool,
    /// Lines under the filters in all; the page shown (from 1) of `pages`, `INBOX_PAGE` each.
    #[serde(default)]
    pub total: usize,
    #[serde(default)]
    pub page: usize,
    #[serde(default)]
    pub pages: usize,
}

/// Lines on one page of the inbox.
pub const INBOX_PAGE: usize = 50;

// ---------------------------------------------------------------- attendance figures
// Counted by `figures.rs` from the rollup; shown by the dashboard, the periodic reports
// and the review.

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
