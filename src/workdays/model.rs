//! The working-day calendar's data as it crosses the wire.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::codes! {
    /// What kind of special day a date is, for a body that works Monday to Friday.
    pub enum DayKind {
        /// A statutory holiday (Labour Code): paid day off, whatever the day of the week.
        Holiday = "holiday" => "workdays.kind.holiday",
        /// A weekday off that is not itself a holiday: compensation for a holiday that fell on
        /// a Saturday or Sunday (nghỉ bù), or a bridge day granted by a government swap.
        DayOff = "day_off" => "workdays.kind.day_off",
        /// A Saturday or Sunday worked in exchange for a bridge day (làm bù).
        WorkedDay = "worked_day" => "workdays.kind.worked_day",
    }
}

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
    pub kind: DayKind,
    pub label: String,
    /// rules, announced, admin
    pub source: String,
}
