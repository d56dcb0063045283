//! The working-day calendar: which days count when a report is "due within 5 working
//! days" (seed I.2.2). Monday to Friday are working days except Vietnam's public holidays
//! (New Year, Tết by the lunar calendar, Hùng Kings' day, 30/4, 1/5, 2/9 and its adjacent
//! day, 24/11 from 2026) and the days off the government grants in exchange for a Saturday
//! worked.
//!
//! `lunar.rs` converts dates and gives the holiday rules; each city keeps its own list
//! per year (`calendar_days`), filled from the rules the first time a year is needed and
//! corrected by an admin after (`api.rs`, page `/calendar/workdays`); the years no admin
//! has changed are filled again at start-up when the rules change
//! (`api::refill_unchanged_years`).

#[cfg(feature = "ssr")]
pub mod api;
pub mod fns;
pub mod lunar;
pub mod model;
pub mod pages;
pub mod permissions;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::HashMap;

pub use lunar::DayKind;

/// A year's special days as the app first fills them: the government's announcement for
/// the years the app knows, the rules otherwise; and which of the two it was.
pub fn days_for_year(year: i32) -> (Vec<lunar::SpecialDay>, &'static str) {
    match lunar::announced_days(year) {
        Some(days) => (days, "announced"),
        None => (lunar::rule_days(year), "rules"),
    }
}

/// The days of some span that differ from the weekly rhythm.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    special: HashMap<NaiveDate, DayKind>,
}

impl WorkCalendar {
    pub fn new(days: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> Self {
        Self {
            special: days.into_iter().collect(),
        }
    }

    /// The rules alone for the given years (no database): the tests' and the fallback's.
    pub fn from_rules(years: impl IntoIterator<Item = i32>) -> Self {
        Self::new(
            years
                .into_iter()
                .flat_map(|y| days_for_year(y).0)
                .filter_map(|d| {
                    NaiveDate::from_ymd_opt(d.ymd.0, d.ymd.1, d.ymd.2).map(|date| (date, d.kind))
                }),
        )
    }

    pub fn is_working(&self, d: NaiveDate) -> bool {
        match self.special.get(&d) {
            Some(DayKind::Holiday | DayKind::DayOff) => false,
            Some(DayKind::WorkedDay) => true,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The `n`-th working day after `d` (`d` itself not counted): a report of a meeting on
    /// `d` is due at the end of `add(d, 5)`.
    pub fn add(&self, d: NaiveDate, n: u32) -> NaiveDate {
        let mut day = d;
        let mut left = n;
        // A year has fewer than 20 consecutive days off; the bound keeps a corrupt list
        // (every day off) from looping for ever.
        let mut guard = 0;
        while left > 0 && guard < 3660 {
            day += Duration::days(1);
            guard += 1;
            if self.is_working(day) {
                left -= 1;
            }
        }
        day
    }

    /// How many working days late something due at the end of `due` is on `on`: the
    /// working days in (due, on], where a day off on which it came counts as the next
    /// working day (it reached the office then). 0 when not late.
    pub fn late_by(&self, due: NaiveDate, on: NaiveDate) -> u32 {
        if on <= due {
            return 0;
        }
        self.working_days_between(due, on) + u32::from(!self.is_working(on))
    }

    /// Working days from `from` to `to`, `from` excluded: 0 when `to` <= `from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut n = 0;
        let mut day = from;
        while day < to {
            day += Duration::days(1);
            if self.is_working(day) {
                n += 1;
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn plain_weeks() {
        let cal = WorkCalendar::default();
        // a Monday meeting: due on Monday next week
        assert_eq!(cal.add(d(2026, 11, 2), 5), d(2026, 11, 9));
        // a Friday meeting: due the next Friday
        assert_eq!(cal.add(d(2026, 11, 6), 5), d(2026, 11, 13));
        // a Sunday meeting: due on Friday
        assert_eq!(cal.add(d(2026, 11, 8), 5), d(2026, 11, 13));
        assert_eq!(cal.late_by(d(2026, 11, 13), d(2026, 11, 13)), 0);
        assert_eq!(
            cal.late_by(d(2026, 11, 13), d(2026, 11, 14)),
            1,
            "a Saturday counts as Monday"
        );
        assert_eq!(cal.late_by(d(2026, 11, 13), d(2026, 11, 16)), 1);
        assert_eq!(cal.late_by(d(2026, 11, 13), d(2026, 11, 18)), 3);
    }

    #[test]
    fn across_tet_2025() {
        // Tết Ất Tỵ: off from Saturday 25/1 to Sunday 2/2/2025.
        let cal = WorkCalendar::from_rules([2025]);
        let off = WorkCalendar::new(
            lunar::announced_days(2025)
                .unwrap()
                .into_iter()
                .map(|s| (d(s.ymd.0, s.ymd.1, s.ymd.2), s.kind)),
        );
        for day in 27..=31 {
            assert!(!off.is_working(d(2025, 1, day)), "{day}/1/2025 is Tết");
        }
        // a meeting on Wednesday 22/1: 23, 24 (Thu, Fri), then 3, 4, 5 February
        assert_eq!(off.add(d(2025, 1, 22), 5), d(2025, 2, 5));
        // submitted on Friday 7/2: two working days late
        assert_eq!(off.late_by(d(2025, 2, 5), d(2025, 2, 7)), 2);
        let _ = cal;
    }
}
