//! The calendar's data as it crosses the wire.

use super::pattern::Day;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::codes! {
    /// A meeting's kind: a cell's monthly meeting, its thematic or extraordinary one, or
    /// the ward committee's meeting (the group is invited).
    pub enum MeetingKind {
        Regular = "regular" => "meeting.kind.regular",
        Thematic = "thematic" => "meeting.kind.thematic",
        Extraordinary = "extraordinary" => "meeting.kind.extraordinary",
        WardCommittee = "ward_committee" => "meeting.kind.ward_committee",
    }
}

/// A cell's row of the grid with nothing saved yet is its regular meeting.
impl Default for MeetingKind {
    fn default() -> Self {
        MeetingKind::Regular
    }
}

crate::codes! {
    /// A meeting's status: entered (planned), told to the members (announced), taken
    /// place (held), put off without a new date (postponed), or called off (cancelled).
    pub enum MeetingStatus {
        Planned = "planned" => "meeting.status.planned",
        Announced = "announced" => "meeting.status.announced",
        Held = "held" => "meeting.status.held",
        Postponed = "postponed" => "meeting.status.postponed",
        Cancelled = "cancelled" => "meeting.status.cancelled",
    }
}

impl MeetingStatus {
    /// Still ahead and not put off: planned or announced.
    pub fn is_open(self) -> bool {
        matches!(self, MeetingStatus::Planned | MeetingStatus::Announced)
    }

    /// Put off or called off: postponed or cancelled.
    pub fn is_off(self) -> bool {
        matches!(self, MeetingStatus::Postponed | MeetingStatus::Cancelled)
    }
}

/// One meeting as the calendar views show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingItem {
    pub id: i64,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    pub cell_id: Option<i64>,
    /// "KP3 – Chi bộ Khu phố 3", or the ward committee's name for its meetings.
    pub title: String,
    pub ward_id: i64,
    pub ward: String,
    pub date: NaiveDate,
    /// "19:30"
    pub start: String,
    pub end: String,
    pub place: String,
    pub topic: String,
    /// Who is expected: the month's assignment board (cell meetings), the group (ward
    /// committee meetings).
    pub expected: Vec<String>,
    /// The signed-in member is expected at it.
    pub mine: bool,
    /// Expected members who are taken at that time (another meeting, a busy time).
    pub clashes: Vec<String>,
}

/// A calendar page's data: the meetings of the period and the filters' choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CalendarData {
    /// "agenda", "week" or "month".
    pub view: String,
    pub from: Option<NaiveDate>,
    /// The last day shown.
    pub to: Option<NaiveDate>,
    pub today: Option<NaiveDate>,
    pub meetings: Vec<MeetingItem>,
    pub wards: Vec<(i64, String)>,
    pub groups: Vec<(i64, String)>,
    /// Wards whose month grid the caller may fill in.
    pub can_enter: Vec<(i64, String)>,
    /// The caller is a member of a group (the "My meetings" filter means something).
    pub has_mine: bool,
    /// Members to filter by: the chosen group's, or the caller's groups'.
    pub members: Vec<(i64, String)>,
}

/// One row of a ward's month grid: a cell's meeting (or the cell's prefilled usual one),
/// or a ward committee meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GridRow {
    pub meeting_id: Option<i64>,
    pub version: i32,
    /// None: a ward committee meeting.
    pub cell_id: Option<i64>,
    pub cell_code: String,
    pub cell_name: String,
    /// The cell's usual day, as the grid shows it ("5", "CN tuần 1").
    pub usual: String,
    pub usual_day: Option<Day>,
    /// "05/11", empty when nothing is planned.
    pub date: String,
    pub start: String,
    pub end: String,
    pub place: String,
    pub kind: MeetingKind,
    pub topic: String,
    /// None: nothing saved yet.
    pub status: Option<MeetingStatus>,
    /// The values come from the cell's usual pattern, not from a saved meeting.
    pub prefilled: bool,
    /// Postponed or cancelled: changed on the meeting's own page, not in the grid.
    pub locked: bool,
    pub invited: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MonthGrid {
    pub ward_id: i64,
    pub ward_name: String,
    /// "2026-11"
    pub month: String,
    pub rows: Vec<GridRow>,
    pub can_edit: bool,
    /// Active cells of the ward that month (for the extra rows' cell choice).
    pub cells: Vec<(i64, String)>,
}

/// What the grid sends back for one row. Every value is text as typed; the server reads
/// and checks it and answers errors by row (`rows.N.field`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GridInput {
    #[serde(default)]
    pub meeting_id: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub cell_id: Option<String>,
    #[serde(default)]
    pub usual: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default)]
    pub invite: Option<String>,
}

/// One meeting in full: the calendar's item, plus what its page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingDetail {
    pub item: MeetingItem,
    pub version: i32,
    pub status_reason: Option<String>,
    pub announced_at: Option<String>,
    pub invited_at: Option<String>,
    /// Announced fewer than the city's N days before it starts.
    pub announced_late: bool,
    pub can_edit: bool,
    pub month: String,
    pub history: Vec<HistoryLine>,
    pub clashes: Vec<ClashLine>,
    /// The caller chooses substitutes (the group's leader, the organization board).
    pub can_substitute: bool,
    /// "B dự thay A"
    pub replaced: Vec<(String, String)>,
    pub briefing: Briefing,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryLine {
    pub at: String,
    pub who: String,
    pub action: String,
    pub reason: Option<String>,
    /// "05/11/2026 19:30 → 07/11/2026 19:30"
    pub change: String,
}

/// A calendar subscription of the caller (its secret is never shown again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedInfo {
    pub id: i64,
    /// None: the caller's own meetings.
    pub ward_id: Option<i64>,
    pub ward: Option<String>,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Feeds {
    pub feeds: Vec<FeedInfo>,
    /// Wards whose schedule the caller may subscribe to.
    pub wards: Vec<(i64, String)>,
    /// The caller is a person with meetings of their own.
    pub own: bool,
    /// "https://host" – to show a new subscription's full URL.
    pub base: String,
}

/// A member who could go instead, and how many cells he already attends that month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Substitute {
    pub person_id: i64,
    pub name: String,
    pub load: i64,
}

/// A member expected at a meeting who is taken at that time, and who could go instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClashLine {
    pub person_id: i64,
    pub name: String,
    /// What it overlaps: another meeting, or a busy time ("" for an absence alone).
    pub with: String,
    /// The absence he reported before the meeting, if any: (reason, note).
    #[serde(default)]
    pub absence: Option<(crate::reports::model::AbsenceReason, String)>,
    pub substitutes: Vec<Substitute>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BusyTime {
    pub id: i64,
    pub date: NaiveDate,
    pub start: String,
    pub end_date: NaiveDate,
    pub end: String,
    pub note: String,
    pub from_file: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub id: i64,
    pub kind: String,
    pub meeting_id: Option<i64>,
    /// A notice about a recommendation links to its page.
    #[serde(default)]
    pub recommendation_id: Option<i64>,
    /// Any other page the notice is about (a periodic report's form).
    #[serde(default)]
    pub link: Option<String>,
    /// The text written when it was sent (Vietnamese): shown for notices sent before
    /// notices carried their arguments.
    pub title: String,
    /// What it says, rendered when read in the reader's language (`Notice::text`).
    #[serde(default)]
    pub args: Option<NoticeArgs>,
    pub at: String,
    pub read: bool,
}

/// A notice is stored as its kind and these arguments, and rendered from the catalogue
/// when read, so the English switch translates the inbox. The subject is data (a cell's
/// name and a time, an item's number, a report's name and period), not prose.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NoticeArgs {
    #[serde(default)]
    pub subject: String,
    /// The subject in English where it has words of its own (a period's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_en: Option<String>,
    /// A deadline, dd/mm/yyyy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
}

/// The catalogue key of a notice's kind.
pub fn notice_key(kind: &str) -> &'static str {
    match kind {
        "new" => "notice.new",
        "moved" => "notice.moved",
        "postponed" => "notice.postponed",
        "cancelled" => "notice.cancelled",
        "invitation" => "notice.invitation",
        "substitute" => "notice.substitute",
        "briefing" => "notice.briefing",
        "absence" => "notice.absence",
        "report_reminder" => "notice.report_reminder",
        "report_acknowledged" => "notice.report_acknowledged",
        "report_returned" => "notice.report_returned",
        "rec_forward" | "rec_set_body" => "notice.rec_forward",
        "rec_hand_over" => "notice.rec_hand_over",
        "rec_reply" => "notice.rec_reply",
        "rec_start" => "notice.rec_start",
        "rec_ask" => "notice.rec_ask",
        "rec_answer" => "notice.rec_answer",
        "rec_close" => "notice.rec_close",
        "rec_refuse" => "notice.rec_refuse",
        "rec_merge" => "notice.rec_merge",
        "periodic_reminder" => "notice.periodic_reminder",
        "periodic_missing" => "notice.periodic_missing",
        _ => "notice.changed",
    }
}

impl Notice {
    /// The line the inbox shows, in `lang`.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{text, Lang};
        let Some(a) = &self.args else { return self.title.clone() };
        let subject = match (lang, &a.subject_en) {
            (Lang::En, Some(en)) => en,
            _ => &a.subject,
        };
        let mut line = format!("{}: {subject}", text(lang, notice_key(&self.kind)));
        if let Some(due) = &a.due {
            line.push_str(&format!(" ({} {due})", text(lang, "notice.due")));
        }
        line
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Inbox {
    pub unread: usize,
    pub notices: Vec<Notice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxLine {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub at: String,
    pub sent_at: Option<String>,
    pub error: Option<String>,
}

/// A finding of the calendar: a meeting (announced late, a committee meeting without the
/// group invited) or a cell (nothing announced for the month).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingLine {
    pub meeting_id: Option<i64>,
    pub cell_id: Option<i64>,
    pub title: String,
    pub ward: String,
    /// When it meets ("19:30 05/12"), if a meeting.
    pub detail: String,
    /// How many hours before it starts it was announced (late announcements).
    pub hours_ahead: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Findings {
    pub month: String,
    /// N: announced fewer than N days before is late.
    pub lead_days: i32,
    pub late: Vec<FindingLine>,
    pub missing: Vec<FindingLine>,
    pub uninvited: Vec<FindingLine>,
    /// The caller may change N (admin, organization board).
    pub can_set: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefingFile {
    pub id: i64,
    pub name: String,
    pub size: i64,
    pub at: String,
}

/// The ward's situation note before a meeting, and its files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Briefing {
    pub socio_economic: String,
    pub defence_security: String,
    pub party_building: String,
    pub local_issues: String,
    /// 0: none written yet.
    pub version: i32,
    pub updated_at: Option<String>,
    pub files: Vec<BriefingFile>,
}
