//! A cell's usual meeting day ("the 5th", "the first Sunday") and the times people type
//! in the month grid ("19:30", "19h30", "7"). Pure functions, tested here.

use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// Which day of a month a cell usually meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Day {
    /// The n-th of the month (clamped to the month's last day).
    OfMonth(u32),
    /// The `week`-th `weekday` of the month (1..4; -1 is the last one). Weekday 1 = Monday … 7 = Sunday.
    Nth { week: i32, weekday: u32 },
}

impl Day {
    /// The day of `month` (its first day) this pattern gives.
    pub fn in_month(self, month: NaiveDate) -> Option<NaiveDate> {
        let first = month.with_day(1)?;
        let last = first.checked_add_months(chrono::Months::new(1))?.pred_opt()?;
        match self {
            Day::OfMonth(d) => first.with_day(d.clamp(1, last.day())),
            Day::Nth { week, weekday } => {
                let wd = weekday_of(weekday)?;
                if week > 0 {
                    let offset = (7 + wd.num_days_from_monday() as i64 - first.weekday().num_days_from_monday() as i64) % 7;
                    let d = first + chrono::Duration::days(offset + 7 * (week as i64 - 1));
                    (d.month() == first.month()).then_some(d)
                } else {
                    let offset = (7 + last.weekday().num_days_from_monday() as i64 - wd.num_days_from_monday() as i64) % 7;
                    Some(last - chrono::Duration::days(offset))
                }
            }
        }
    }

    /// "Ngày 5 hằng tháng", "Chủ nhật tuần 1", "Thứ Bảy tuần cuối".
    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (Day::OfMonth(d), Lang::Vi) => format!("Ngày {d} hằng tháng"),
            (Day::OfMonth(d), Lang::En) => format!("Day {d} of each month"),
            (Day::Nth { week, weekday }, Lang::Vi) => {
                let w = if week < 0 { "cuối".to_string() } else { week.to_string() };
                format!("{} tuần {w}", weekday_name(weekday, lang))
            }
            (Day::Nth { week, weekday }, Lang::En) => {
                let w = match week {
                    1 => "First",
                    2 => "Second",
                    3 => "Third",
                    4 => "Fourth",
                    _ => "Last",
                };
                format!("{w} {}", weekday_name(weekday, lang))
            }
        }
    }

    /// The short form the grid shows and reads back: "5", "CN tuần 1", "T7 tuần cuối".
    pub fn short(self) -> String {
        match self {
            Day::OfMonth(d) => d.to_string(),
            Day::Nth { week, weekday } => {
                let w = if week < 0 { "cuối".to_string() } else { week.to_string() };
                let d = if weekday == 7 { "CN".to_string() } else { format!("T{}", weekday + 1) };
                format!("{d} tuần {w}")
            }
        }
    }
}

fn weekday_of(n: u32) -> Option<Weekday> {
    Some(match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        7 => Weekday::Sun,
        _ => return None,
    })
}

/// "Thứ Hai" … "Chủ nhật" (1 = Monday … 7 = Sunday).
pub fn weekday_name(n: u32, lang: Lang) -> &'static str {
    let vi = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"];
    let en = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    let i = (n.clamp(1, 7) - 1) as usize;
    if lang == Lang::Vi { vi[i] } else { en[i] }
}

/// Short weekday heads of a calendar, Monday first.
pub fn weekday_short(n: u32, lang: Lang) -> &'static str {
    let vi = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"];
    let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let i = (n.clamp(1, 7) - 1) as usize;
    if lang == Lang::Vi { vi[i] } else { en[i] }
}

/// Lower-case without Vietnamese marks (a small table: the browser bundle stays lean).
#[cfg_attr(feature = "ssr", allow(dead_code))]
fn plain(s: &str) -> String {
    const GROUPS: [(&str, char); 7] = [
        ("àáạảãâầấậẩẫăằắặẳẵ", 'a'),
        ("èéẹẻẽêềếệểễ", 'e'),
        ("ìíịỉĩ", 'i'),
        ("òóọỏõôồốộổỗơờớợởỡ", 'o'),
        ("ùúụủũưừứựửữ", 'u'),
        ("ỳýỵỷỹ", 'y'),
        ("đ", 'd'),
    ];
    s.to_lowercase()
        .chars()
        .map(|c| GROUPS.iter().find(|(from, _)| from.contains(c)).map(|(_, to)| *to).unwrap_or(c))
        .collect()
}

/// Reads what a ward officer types as a cell's usual day: "5", "ngày 5", "CN tuần 1",
/// "chủ nhật đầu tiên", "thứ 7 tuần cuối", "T2 tuần 2".
pub fn parse_day(s: &str) -> Option<Day> {
    // The server folds decomposed (NFD) text too; the browser's small table covers composed text.
    #[cfg(feature = "ssr")]
    let p = crate::helpers::fold(s.trim());
    #[cfg(not(feature = "ssr"))]
    let p = plain(s.trim());
    let words: Vec<&str> = p.split(|c: char| c.is_whitespace() || c == ',' || c == '-').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return None;
    }
    let numbers: Vec<u32> = words.iter().filter_map(|w| w.parse().ok()).collect();
    // weekday: "cn", "chu nhat", "t2".."t7", "thu 2".."thu 7", "thu hai".."thu bay"
    let names = ["hai", "ba", "tu", "nam", "sau", "bay"];
    let mut weekday = None;
    let mut used_number = None;
    for (i, w) in words.iter().enumerate() {
        if *w == "cn" || (*w == "chu" && words.get(i + 1) == Some(&"nhat")) {
            weekday = Some(7);
        } else if let Some(n) = w.strip_prefix('t').and_then(|n| n.parse::<u32>().ok()).filter(|n| (2..=7).contains(n)) {
            weekday = Some(n - 1);
        } else if *w == "thu" {
            if let Some(next) = words.get(i + 1) {
                if let Ok(n) = next.parse::<u32>() {
                    if (2..=7).contains(&n) {
                        weekday = Some(n - 1);
                        used_number = Some(i + 1);
                    }
                } else if let Some(k) = names.iter().position(|x| x == next) {
                    weekday = Some(k as u32 + 1);
                }
            }
        }
        if weekday.is_some() {
            break;
        }
    }
    match weekday {
        None => {
            if numbers.len() == 1 && (1..=31).contains(&numbers[0]) {
                Some(Day::OfMonth(numbers[0]))
            } else {
                None
            }
        }
        Some(weekday) => {
            let week = if words.iter().any(|w| *w == "cuoi") {
                -1
            } else if words.iter().any(|w| *w == "dau") {
                1
            } else {
                let rest: Vec<u32> = words
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| Some(*i) != used_number)
                    .filter_map(|(_, w)| w.parse().ok())
                    .collect();
                match rest.as_slice() {
                    [w] if (1..=4).contains(w) => *w as i32,
                    [] => 1,
                    _ => return None,
                }
            };
            Some(Day::Nth { week, weekday })
        }
    }
}

/// A time as people type it: "19:30", "19h30", "19.30", "19h", "7", "0730".
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let t = s.trim().to_lowercase();
    if t.is_empty() {
        return None;
    }
    let (h, m) = if let Some((h, m)) = t.split_once([':', 'h', '.', 'g']) {
        (h.trim(), m.trim().trim_end_matches('p'))
    } else if t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) {
        (&t[..2], &t[2..])
    } else {
        (t.as_str(), "")
    };
    let h: u32 = h.parse().ok()?;
    let m: u32 = if m.is_empty() { 0 } else { m.parse().ok()? };
    NaiveTime::from_hms_opt(h, m, 0)
}

/// A date typed in a month's grid: "5" (the day), "05/11", "05/11/2026" or "2026-11-05".
/// The month gives what the short forms leave out.
pub fn parse_day_in(s: &str, month: NaiveDate) -> Option<NaiveDate> {
    let t = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y")) {
        return Some(d);
    }
    let parts: Vec<&str> = t.split(['/', '.', '-']).collect();
    match parts.as_slice() {
        [d] => month.with_day(d.trim().parse().ok()?),
        [d, m] => NaiveDate::from_ymd_opt(month.year(), m.trim().parse().ok()?, d.trim().parse().ok()?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn usual_days_in_a_month() {
        let nov = d(2026, 11, 1); // a Sunday
        assert_eq!(Day::OfMonth(5).in_month(nov), Some(d(2026, 11, 5)));
        assert_eq!(Day::OfMonth(31).in_month(nov), Some(d(2026, 11, 30)), "clamped to the month");
        assert_eq!(Day::Nth { week: 1, weekday: 7 }.in_month(nov), Some(d(2026, 11, 1)));
        assert_eq!(Day::Nth { week: 2, weekday: 7 }.in_month(nov), Some(d(2026, 11, 8)));
        assert_eq!(Day::Nth { week: 1, weekday: 1 }.in_month(nov), Some(d(2026, 11, 2)));
        assert_eq!(Day::Nth { week: -1, weekday: 6 }.in_month(nov), Some(d(2026, 11, 28)));
        assert_eq!(Day::Nth { week: -1, weekday: 1 }.in_month(nov), Some(d(2026, 11, 30)));
        assert_eq!(Day::Nth { week: 4, weekday: 1 }.in_month(nov), Some(d(2026, 11, 23)));
    }

    #[test]
    fn what_people_type_as_a_usual_day() {
        assert_eq!(parse_day("5"), Some(Day::OfMonth(5)));
        assert_eq!(parse_day("ngày 5"), Some(Day::OfMonth(5)));
        assert_eq!(parse_day("CN tuần 1"), Some(Day::Nth { week: 1, weekday: 7 }));
        assert_eq!(parse_day("Chủ nhật đầu tiên"), Some(Day::Nth { week: 1, weekday: 7 }));
        assert_eq!(parse_day("thứ 7 tuần cuối"), Some(Day::Nth { week: -1, weekday: 6 }));
        assert_eq!(parse_day("Thứ Hai tuần 2"), Some(Day::Nth { week: 2, weekday: 1 }));
        assert_eq!(parse_day("T2 tuần 3"), Some(Day::Nth { week: 3, weekday: 1 }));
        assert_eq!(parse_day("32"), None);
        assert_eq!(parse_day("hôm nào đó"), None);
        for day in [Day::OfMonth(12), Day::Nth { week: -1, weekday: 6 }, Day::Nth { week: 2, weekday: 7 }] {
            assert_eq!(parse_day(&day.short()), Some(day), "{}", day.short());
        }
    }

    #[test]
    fn times_and_dates_as_typed() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_time("19:30"), t(19, 30));
        assert_eq!(parse_time("19h30"), t(19, 30));
        assert_eq!(parse_time("7"), t(7, 0));
        assert_eq!(parse_time("0730"), t(7, 30));
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_time("abc"), None);
        let nov = d(2026, 11, 1);
        assert_eq!(parse_day_in("5", nov), Some(d(2026, 11, 5)));
        assert_eq!(parse_day_in("05/11", nov), Some(d(2026, 11, 5)));
        assert_eq!(parse_day_in("05/12/2026", nov), Some(d(2026, 12, 5)));
        assert_eq!(parse_day_in("31", nov), None);
    }
}
