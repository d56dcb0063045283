//! Parsing and checking what a form sent. Every check names the field it belongs to so
//! the message lands next to it.

use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use chrono::NaiveDate;

/// A required text: trimmed, not empty, at most `max` characters.
pub fn required(field: &str, value: &str, max: u32) -> AppResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::field(field, Msg::Required));
    }
    optional(field, v, max)
}

/// An optional text: trimmed, at most `max` characters.
pub fn optional(field: &str, value: &str, max: u32) -> AppResult<String> {
    let v = value.trim();
    if v.chars().count() > max as usize {
        return Err(AppError::field(field, Msg::TooLong(max)));
    }
    Ok(v.to_string())
}

/// A date as a browser's date input sends it (yyyy-mm-dd) or as people write it (dd/mm/yyyy).
pub fn date(field: &str, value: &str) -> AppResult<NaiveDate> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::field(field, Msg::Required));
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(v, "%d/%m/%Y"))
        .map_err(|_| AppError::field(field, Msg::BadDate))
}

pub fn optional_date(field: &str, value: &str) -> AppResult<Option<NaiveDate>> {
    if value.trim().is_empty() { Ok(None) } else { date(field, value).map(Some) }
}

/// The record version a form read (hidden field), for optimistic versioning.
pub fn version(value: Option<&str>) -> AppResult<i32> {
    value.unwrap_or("").trim().parse().map_err(|_| AppError::invalid(Msg::BadRequest))
}

/// An optional whole number from 0 to `max` ("" means none).
pub fn optional_count(field: &str, value: &str, max: i32) -> AppResult<Option<i32>> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    match v.parse::<i32>() {
        Ok(n) if (0..=max).contains(&n) => Ok(Some(n)),
        _ => Err(AppError::field(field, Msg::BadNumber)),
    }
}

/// A checkbox: present ("on", "true") when ticked, absent otherwise.
pub fn checkbox(value: &Option<String>) -> bool {
    matches!(value.as_deref(), Some("on" | "true" | "1" | "yes"))
}

/// An optional id from a select ("" means none).
pub fn optional_id(field: &str, value: &str) -> AppResult<Option<i64>> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse::<i64>().map(Some).map_err(|_| AppError::field(field, Msg::BadRequest))
}

pub fn email(field: &str, value: &str) -> AppResult<String> {
    let v = optional(field, value, 200)?;
    if !v.is_empty() {
        let ok = v.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
        }) && !v.contains(char::is_whitespace);
        if !ok {
            return Err(AppError::field(field, Msg::BadEmail));
        }
    }
    Ok(v)
}

pub fn phone(field: &str, value: &str) -> AppResult<String> {
    let v = value.trim();
    if v.chars().count() > 20 || !v.chars().all(|c| c.is_ascii_digit() || " +-.()".contains(c)) {
        return Err(AppError::field(field, Msg::BadPhone));
    }
    Ok(v.to_string())
}

/// A key the phone generated (a UUID): checked, so the database is never handed junk.
pub fn client_key(field: &str, v: &str) -> AppResult<String> {
    let v = v.trim().to_ascii_lowercase();
    let ok = v.len() == 36
        && v.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    if ok {
        Ok(v)
    } else {
        Err(AppError::field(field, Msg::BadRequest))
    }
}

/// A new random key (UUID v4 form), handed to a page for its submission.
pub fn new_key() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 7, 5).unwrap();
        assert_eq!(date("d", "2026-07-05").unwrap(), d);
        assert_eq!(date("d", "05/07/2026").unwrap(), d);
        assert_eq!(date("d", "31/02/2026").unwrap_err().msg, Msg::BadDate);
        assert_eq!(date("d", " ").unwrap_err().msg, Msg::Required);
    }

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(required("n", "  Khu phố 1 ", 10).unwrap(), "Khu phố 1");
        assert_eq!(required("n", "   ", 10).unwrap_err().field.as_deref(), Some("n"));
        // counted in characters, not bytes: Vietnamese letters are several bytes each
        assert!(required("n", "Đường Hùng", 10).is_ok());
        assert_eq!(required("n", "Đường Hùng Vương", 10).unwrap_err().msg, Msg::TooLong(10));
    }

    #[test]
    fn emails_and_phones() {
        assert!(email("e", "").is_ok());
        assert!(email("e", "a@b.vn").is_ok());
        assert!(email("e", "a@b").is_err());
        assert!(email("e", "a b@c.vn").is_err());
        assert!(phone("p", "0912 345 678").is_ok());
        assert!(phone("p", "abc").is_err());
    }
}
