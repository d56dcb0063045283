//! The working-day calendar's data as it crosses the wire.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const KINDS: [&str; 3] = ["holiday", "day_off", "worked_day"];

/// One year's days that differ from the weekly rhythm, as an admin corrects them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct YearDays {
    pub year: i32,
    pub version: i32,
    /// "announced" (the government's notice for that year, which the app knows) or "rules"
    pub filled_from: String,
    pub days: Vec<SpecialDayRow>,
    /// Weekdays off and working days over the year, for the page's summary.
    pub working_days: u32,
    pub can_edit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpecialDayRow {
    pub date: NaiveDate,
    /// holiday, day_off, worked_day
    pub kind: String,
    pub label: String,
    /// rules, announced, admin
    pub source: String,
}

pub fn kind_key(kind: &str) -> &'static str {
    match kind {
        "holiday" => "workdays.kind.holiday",
        "day_off" => "workdays.kind.day_off",
        "worked_day" => "workdays.kind.worked_day",
        _ => "meeting.kind.other",
    }
}
