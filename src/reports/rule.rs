//! The attendance rule, one for every feature that counts it (the meeting page, the
//! Organization Board's inbox and reminders, the dashboard and its rollup, the October
//! evaluation): who *attended* a meeting, when a member's report is *due*, and what became
//! of a report *owed*. Change it here and every count changes with it.

use chrono::{DateTime, NaiveDate, Utc};

/// A member's attendance report is due at the end of the 5th working day after the meeting
/// (Quy chế 06-QC/TU, III.4).
pub const REPORT_WORKING_DAYS: u32 = 5;

/// The reminder goes out on this working day after the meeting when the report is still owed.
pub const REMINDER_WORKING_DAY: u32 = 3;

/// Attended: the attendance the board or the ward confirmed wins; without it, the member's
/// check-in or his submitted report says he was there.
pub fn attended(confirmed: Option<bool>, checked_in: bool, submitted: bool) -> bool {
    confirmed.unwrap_or(checked_in || submitted)
}

/// A report is owed by whoever went to the meeting: the member expected unless he reported
/// an absence beforehand, or the substitute sent in his place.
pub fn owes_report(went_instead: bool, reported_absent: bool) -> bool {
    went_instead || !reported_absent
}

/// The day a report of a meeting held on `held_on` is due, on the city's working days.
pub fn report_due(cal: &crate::workdays::WorkCalendar, held_on: NaiveDate) -> NaiveDate {
    cal.add(held_on, REPORT_WORKING_DAYS)
}

/// What became of a report owed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportState {
    /// The member reported an absence beforehand.
    NotOwed,
    OnTime,
    Late,
    Missing,
    Pending,
}

/// A report owed, submitted or not, against its due day (the end of it, in Vietnam).
pub fn report_state(submitted: Option<DateTime<Utc>>, due: NaiveDate, today: NaiveDate) -> ReportState {
    match submitted {
        Some(t) if crate::helpers::in_vietnam(t).date() <= due => ReportState::OnTime,
        Some(_) => ReportState::Late,
        None if today > due => ReportState::Missing,
        None => ReportState::Pending,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attended_confirmed_first() {
        assert!(attended(None, true, false));
        assert!(attended(None, false, true));
        assert!(!attended(None, false, false));
        assert!(!attended(Some(false), true, true), "the ward's 'not there' wins over a check-in");
        assert!(attended(Some(true), false, false));
    }

    #[test]
    fn report_states() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let at = |m, day, h| crate::helpers::vn_moment(d(m, day), chrono::NaiveTime::from_hms_opt(h, 0, 0).unwrap());
        assert_eq!(report_state(Some(at(11, 9, 23)), d(11, 9), d(11, 20)), ReportState::OnTime);
        assert_eq!(report_state(Some(at(11, 10, 0)), d(11, 9), d(11, 20)), ReportState::Late);
        assert_eq!(report_state(None, d(11, 9), d(11, 9)), ReportState::Pending);
        assert_eq!(report_state(None, d(11, 9), d(11, 10)), ReportState::Missing);
        assert!(owes_report(true, true) && owes_report(false, false) && !owes_report(false, true));
    }
}
