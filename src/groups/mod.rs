//! Working groups (who leads, who sits in them, which wards they follow) and the monthly
//! assignment board (who attends which cell's meeting).

pub mod api;
pub mod board;
#[cfg(feature = "ssr")]
pub mod export;
pub mod model;
pub mod pages;
pub mod permissions;

/// "2026-11" ⇄ the first day of that month.
pub fn parse_month(s: &str) -> Option<chrono::NaiveDate> {
    let (y, m) = s.trim().split_once('-')?;
    chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

pub fn month_key(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

/// The first day of the next month.
pub fn next_month(d: chrono::NaiveDate) -> chrono::NaiveDate {
    d.checked_add_months(chrono::Months::new(1)).unwrap_or(d)
}

pub fn prev_month(d: chrono::NaiveDate) -> chrono::NaiveDate {
    d.checked_sub_months(chrono::Months::new(1)).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn months() {
        let d = parse_month("2026-11").unwrap();
        assert_eq!(month_key(d), "2026-11");
        assert_eq!(month_key(next_month(d)), "2026-12");
        assert_eq!(month_key(next_month(next_month(d))), "2027-01");
        assert_eq!(month_key(prev_month(parse_month("2026-01").unwrap())), "2025-12");
        assert!(parse_month("2026-13").is_none());
        assert!(parse_month("abc").is_none());
    }
}
