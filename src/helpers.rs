//! The small helpers every feature shares: Vietnam's time (today, a moment shown in
//! Vietnam), dates as Vietnamese documents write them, codes ordered as people number
//! them, and accent-insensitive search. One module, so no feature grows its own copy.

use chrono::{DateTime, NaiveDate, Utc};

/// "2026-11" ⇄ the first day of that month (a month as the pages and the board name it).
pub fn parse_month(s: &str) -> Option<chrono::NaiveDate> {
    let (y, m) = s.trim().split_once('-')?;
    chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

pub fn month_key(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

/// A month page's navigation, from its key ("2026-11"): the month as shown ("11/2026") and
/// the keys of the months before and after (all "" when the key is not a month).
pub struct MonthNav {
    pub shown: String,
    pub prev: String,
    pub next: String,
}

pub fn month_nav(key: &str) -> MonthNav {
    let month = parse_month(key);
    MonthNav {
        shown: month.map(|m| m.format("%m/%Y").to_string()).unwrap_or_default(),
        prev: month.map(|m| month_key(prev_month(m))).unwrap_or_default(),
        next: month.map(|m| month_key(next_month(m))).unwrap_or_default(),
    }
}

/// The first day of the month a day is in (a month as the pages and the board name it).
pub fn first_of_month(d: chrono::NaiveDate) -> chrono::NaiveDate {
    chrono::Datelike::with_day(&d, 1).unwrap_or(d)
}

/// The month a page asks for: its key, or this month when none is given (a link without
/// `?month=`); None when the key is not a month.
#[cfg(feature = "ssr")]
pub fn month_or_this(key: &str) -> Option<NaiveDate> {
    if key.trim().is_empty() {
        Some(first_of_month(today_vn()))
    } else {
        parse_month(key)
    }
}

/// The first day of the next month.
pub fn next_month(d: chrono::NaiveDate) -> chrono::NaiveDate {
    d.checked_add_months(chrono::Months::new(1)).unwrap_or(d)
}

pub fn prev_month(d: chrono::NaiveDate) -> chrono::NaiveDate {
    d.checked_sub_months(chrono::Months::new(1)).unwrap_or(d)
}

/// Today in Vietnam (Asia/Ho_Chi_Minh).
#[cfg(feature = "ssr")]
pub fn today_vn() -> NaiveDate {
    Utc::now().with_timezone(&chrono_tz::Asia::Ho_Chi_Minh).date_naive()
}

/// The moment a Vietnamese clock shows `time` on `day` (UTC+7, no daylight saving).
#[cfg(feature = "ssr")]
pub fn vn_moment(day: NaiveDate, time: chrono::NaiveTime) -> DateTime<Utc> {
    use chrono::TimeZone;
    chrono_tz::Asia::Ho_Chi_Minh
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| day.and_time(time).and_utc() - chrono::Duration::hours(7))
}

/// A moment as Vietnam's clocks show it. The server uses the IANA zone (chrono-tz); the
/// browser bundle, which must stay small, uses the zone's offset, UTC+7 without daylight
/// saving since 1975: both render the same text, so hydration agrees.
pub fn in_vietnam(t: DateTime<Utc>) -> chrono::NaiveDateTime {
    #[cfg(feature = "ssr")]
    {
        t.with_timezone(&chrono_tz::Asia::Ho_Chi_Minh).naive_local()
    }
    #[cfg(not(feature = "ssr"))]
    {
        t.naive_utc() + chrono::Duration::hours(7)
    }
}

/// dd/mm/yyyy, as Vietnamese documents write dates.
pub fn fmt_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub fn fmt_opt_date(d: Option<NaiveDate>) -> String {
    d.map(fmt_date).unwrap_or_default()
}

/// dd/mm/yyyy HH:MM in Vietnam's time.
pub fn fmt_datetime(t: DateTime<Utc>) -> String {
    in_vietnam(t).format("%d/%m/%Y %H:%M").to_string()
}

/// Percent-encodes a URL query value (everything but A–Z a–z 0–9 - _ . ~). Small enough
/// for the browser bundle.
pub fn url_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Text made safe to write inside HTML (an element's content or a quoted attribute).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Orders codes as people number them: "KP2" before "KP10".
pub fn natural_key(code: &str) -> (String, u64, String) {
    let prefix: String = code.chars().take_while(|c| !c.is_ascii_digit()).collect();
    let rest = &code[prefix.len()..];
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let n = digits.parse::<u64>().unwrap_or(0);
    (prefix.to_lowercase(), n, rest[digits.len()..].to_string())
}

/// Folds Vietnamese text to plain lower-case letters, so "phuong 1" finds "Phường 1"
/// whether the text came composed (NFC) or decomposed (NFD, as some keyboards and macOS
/// file names send it): decompose, drop the combining marks, đ → d. Server only (the
/// normalization tables would weigh on the browser bundle).
#[cfg(feature = "ssr")]
pub fn fold(s: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(|c| c.to_lowercase())
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order() {
        let mut codes = vec!["KP10", "KP2", "KP1"];
        codes.sort_by_key(|c| natural_key(c));
        assert_eq!(codes, ["KP1", "KP2", "KP10"]);
    }

    #[test]
    fn dates_shown_in_vietnam() {
        let t = DateTime::parse_from_rfc3339("2026-11-29T18:30:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(fmt_datetime(t), "30/11/2026 01:30");
        assert_eq!(fmt_date(NaiveDate::from_ymd_opt(2026, 7, 5).unwrap()), "05/07/2026");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn folds_composed_and_decomposed_vietnamese() {
        assert_eq!(fold("Phường Đông Lễ"), "phuong dong le");
        assert!(fold("Khu phố Hùng Vương").contains(&fold("hung vuong")));
        let decomposed: String = "Phường Đông Lễ".nfd_string();
        assert_eq!(fold(&decomposed), "phuong dong le");
    }

    #[cfg(feature = "ssr")]
    trait Nfd {
        fn nfd_string(&self) -> String;
    }
    #[cfg(feature = "ssr")]
    impl Nfd for str {
        fn nfd_string(&self) -> String {
            use unicode_normalization::UnicodeNormalization;
            self.nfd().collect()
        }
    }
}

/// A number in a form struct a server function takes whole (`#[server(flatten)]`): a posted
/// form carries every value as text, and a flattened struct reads it as text, so the number
/// is parsed here; a JSON caller's number is taken as it is.
pub fn form_number<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr + serde::Deserialize<'de>,
{
    use serde::Deserialize;
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Posted<T> {
        Text(String),
        Number(T),
    }
    match Posted::<T>::deserialize(d)? {
        Posted::Text(s) => s.trim().parse().map_err(|_| serde::de::Error::custom(format!("not a number: {s:?}"))),
        Posted::Number(n) => Ok(n),
    }
}
