//! The Vietnamese lunar calendar and Vietnam's public holidays, with nothing but `std`.
//!
//! **Calendar.** Solar↔lunar conversion by the astronomical method that Hồ Ngọc Đức
//! published for the Vietnamese calendar, after Jean Meeus (*Astronomical Algorithms*):
//! a lunar month starts on the local day of a new moon; month 11 is the month that holds
//! the winter solstice; a year (month 11 to the next month 11) of 13 months gets a leap
//! month, the first month after month 11 in which the sun enters no new 30° sector (no
//! major solar term), and the leap month repeats the number of the month before it.
//! New moons use Meeus' full series (ch. 49) with ΔT, the sun's apparent longitude his
//! 0.01° formula (ch. 25); Hồ Ngọc Đức's short new-moon formula errs by minutes and puts
//! seven month starts of 2072–2199 (among them Tết 2175 and 2199) on the wrong side of
//! midnight.
//!
//! Days are counted in Vietnam's time zone, UTC+7, from lunar year 1968 on: that time zone
//! is the whole difference from the Chinese calendar (UTC+8) in years such as 1985 (Tết
//! 21/1 in Vietnam, 20/2 in China), 2007 (17/2 against 18/2) or 2030 (2/2 against 3/2).
//! Before that Vietnam followed the calendar reckoned at UTC+8; the reform of 8/8/1967
//! moved it to UTC+7 from Tết Mậu Thân (29/1/1968 instead of 30/1). [`solar_to_lunar`]
//! and [`lunar_to_solar`] follow that history; [`solar_to_lunar_tz`] and
//! [`lunar_to_solar_tz`] compute at one fixed time zone.
//!
//! Checked month by month for 1900–2199 against an independent computation with the
//! PyEphem ephemeris (same rules and time zones): identical. Against Hồ Ngọc Đức's
//! published month tables (amlich-hnd.js): identical for 1929–2199 but for one month
//! start, 7/5/2054 in his tables, 8/5 here and in PyEphem (the new moon falls seconds
//! after local midnight, below what ΔT can be known for 2054); before 1929 China reckoned
//! at Beijing's meridian with older rules, and five month starts of 1906–1925 differ from
//! his tables by a day.
//!
//! **Holidays.** For the civil service and public bodies (a Monday-to-Friday week):
//! [`rule_days`] is what the Labour Code gives (2012 code up to 2020, 2019 code
//! art. 111–112 from 2021), with the Ngày Văn hóa Việt Nam (24/11) from 2026 that the
//! Politburo chose as a paid day off (see [`rule_days`]); [`announced_days`] is what the
//! government actually announced for 2019–2026 (Tết placement, swapped days, Saturdays
//! worked in exchange).

use std::collections::BTreeSet;
use std::f64::consts::PI;

use DayKind::{DayOff, Holiday, WorkedDay};

/// Vietnam's time zone, in hours east of UTC: the calendar's meridian since 1968.
const VN_TZ: f64 = 7.0;
/// The meridian of the calendar Vietnam followed before (Beijing time, UTC+8).
const OLD_TZ: f64 = 8.0;
/// The first lunar year reckoned at UTC+7 (the calendar reform of 8/8/1967) …
const REFORM_LUNAR_YEAR: i32 = 1968;
/// … which began on 29/1/1968 (30/1/1968 in the old reckoning).
const REFORM_TET: (i32, u32, u32) = (1968, 1, 29);

// ---------------------------------------------------------------------------------------
// Julian day numbers (proleptic Gregorian calendar)
// ---------------------------------------------------------------------------------------

/// The Julian day number of a Gregorian date (2000-01-01 is 2451545).
pub fn jd_from_ymd(y: i32, m: u32, d: u32) -> i64 {
    let (y, m, d) = (y as i64, m as i64, d as i64);
    let a = (14 - m).div_euclid(12);
    let yy = y + 4800 - a;
    let mm = m + 12 * a - 3;
    d + (153 * mm + 2).div_euclid(5) + 365 * yy + yy.div_euclid(4) - yy.div_euclid(100)
        + yy.div_euclid(400)
        - 32045
}

/// The Gregorian date of a Julian day number.
pub fn ymd_from_jd(jd: i64) -> (i32, u32, u32) {
    let a = jd + 32044;
    let b = (4 * a + 3).div_euclid(146097);
    let c = a - (146097 * b).div_euclid(4);
    let d = (4 * c + 3).div_euclid(1461);
    let e = c - (1461 * d).div_euclid(4);
    let m = (5 * e + 2).div_euclid(153);
    let day = e - (153 * m + 2).div_euclid(5) + 1;
    let month = m + 3 - 12 * m.div_euclid(10);
    let year = b * 100 + d - 4800 + m.div_euclid(10);
    (year as i32, month as u32, day as u32)
}

/// Day of the week of a Julian day number: 0 = Sunday, 1 = Monday … 6 = Saturday.
fn weekday(jd: i64) -> u32 {
    (jd + 1).rem_euclid(7) as u32
}

fn is_weekend(jd: i64) -> bool {
    matches!(weekday(jd), 0 | 6)
}

fn jd_of(ymd: (i32, u32, u32)) -> i64 {
    jd_from_ymd(ymd.0, ymd.1, ymd.2)
}

// ---------------------------------------------------------------------------------------
// Astronomy (Meeus, as simplified by Hồ Ngọc Đức)
// ---------------------------------------------------------------------------------------

/// The mean synodic month, in days.
const SYNODIC: f64 = 29.530588853;
/// The Julian day (UT) of the new moon that the lunation count `k` starts from (1900-01-01).
const NEW_MOON_EPOCH: f64 = 2415021.076998695;
/// Meeus counts lunations from the new moon of 2000-01-06; ours from 1900-01-01.
const MEEUS_K_OFFSET: i64 = 1237;

/// ΔT = TT − UT in seconds for the decimal year `y`: the polynomials of Espenak & Meeus
/// (NASA, 2006) from 1800 on, with their long-term parabola after 2150.
fn delta_t_seconds(y: f64) -> f64 {
    if y < 1860.0 {
        let t = y - 1800.0;
        13.72 - 0.332447 * t + 0.0068612 * t.powi(2) + 0.0041116 * t.powi(3)
            - 0.00037436 * t.powi(4)
            + 0.0000121272 * t.powi(5)
            - 0.0000001699 * t.powi(6)
            + 0.000000000875 * t.powi(7)
    } else if y < 1900.0 {
        let t = y - 1860.0;
        7.62 + 0.5737 * t - 0.251754 * t.powi(2) + 0.01680668 * t.powi(3) - 0.0004473624 * t.powi(4)
            + t.powi(5) / 233174.0
    } else if y < 1920.0 {
        let t = y - 1900.0;
        -2.79 + 1.494119 * t - 0.0598939 * t.powi(2) + 0.0061966 * t.powi(3) - 0.000197 * t.powi(4)
    } else if y < 1941.0 {
        let t = y - 1920.0;
        21.20 + 0.84493 * t - 0.076100 * t.powi(2) + 0.0020936 * t.powi(3)
    } else if y < 1961.0 {
        let t = y - 1950.0;
        29.07 + 0.407 * t - t.powi(2) / 233.0 + t.powi(3) / 2547.0
    } else if y < 1986.0 {
        let t = y - 1975.0;
        45.45 + 1.067 * t - t.powi(2) / 260.0 - t.powi(3) / 718.0
    } else if y < 2005.0 {
        let t = y - 2000.0;
        63.86 + 0.3345 * t - 0.060374 * t.powi(2)
            + 0.0017275 * t.powi(3)
            + 0.000651814 * t.powi(4)
            + 0.00002373599 * t.powi(5)
    } else if y < 2050.0 {
        let t = y - 2000.0;
        62.92 + 0.32217 * t + 0.005589 * t.powi(2)
    } else {
        let u = (y - 1820.0) / 100.0;
        let parabola = -20.0 + 32.0 * u * u;
        if y < 2150.0 {
            parabola - 0.5628 * (2150.0 - y)
        } else {
            parabola
        }
    }
}

/// ΔT in days at the Julian day `jd`.
fn delta_t(jd: f64) -> f64 {
    delta_t_seconds(2000.0 + (jd - 2451545.0) / 365.25) / 86400.0
}

/// The moment (Julian day, UT) of the `k`-th new moon after the one of 1900-01-01: Meeus,
/// *Astronomical Algorithms*, ch. 49 (all periodic terms and the 14 planetary arguments;
/// within about 15 s of modern lunar theory over 1900–2050).
fn new_moon(k: i64) -> f64 {
    let k = (k - MEEUS_K_OFFSET) as f64;
    let t = k / 1236.85; // Julian centuries from J2000
    let (t2, t3, t4) = (t * t, t * t * t, t * t * t * t);
    let dr = PI / 180.0;
    let jde =
        2451550.09766 + 29.530588861 * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;
    let e = 1.0 - 0.002516 * t - 0.0000074 * t2;
    // Sun's mean anomaly, moon's mean anomaly, moon's argument of latitude, longitude of
    // the ascending node.
    let m = (2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3) * dr;
    let mp =
        (201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4) * dr;
    let f =
        (160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4) * dr;
    let om = (124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3) * dr;
    let terms = [
        (-0.40720, mp),
        (0.17241 * e, m),
        (0.01608, 2.0 * mp),
        (0.01039, 2.0 * f),
        (0.00739 * e, mp - m),
        (-0.00514 * e, mp + m),
        (0.00208 * e * e, 2.0 * m),
        (-0.00111, mp - 2.0 * f),
        (-0.00057, mp + 2.0 * f),
        (0.00056 * e, 2.0 * mp + m),
        (-0.00042, 3.0 * mp),
        (0.00042 * e, m + 2.0 * f),
        (0.00038 * e, m - 2.0 * f),
        (-0.00024 * e, 2.0 * mp - m),
        (-0.00017, om),
        (-0.00007, mp + 2.0 * m),
        (0.00004, 2.0 * mp - 2.0 * f),
        (0.00004, 3.0 * m),
        (0.00003, mp + m - 2.0 * f),
        (0.00003, 2.0 * mp + 2.0 * f),
        (-0.00003, mp + m + 2.0 * f),
        (0.00003, mp - m + 2.0 * f),
        (-0.00002, mp - m - 2.0 * f),
        (-0.00002, 3.0 * mp + m),
        (0.00002, 4.0 * mp),
    ];
    let planetary = [
        (0.000325, 299.77 + 0.107408 * k - 0.009173 * t2),
        (0.000165, 251.88 + 0.016321 * k),
        (0.000164, 251.83 + 26.651886 * k),
        (0.000126, 349.42 + 36.412478 * k),
        (0.000110, 84.66 + 18.206239 * k),
        (0.000062, 141.74 + 53.303771 * k),
        (0.000060, 207.14 + 2.453732 * k),
        (0.000056, 154.84 + 7.306860 * k),
        (0.000047, 34.52 + 27.261239 * k),
        (0.000042, 207.19 + 0.121824 * k),
        (0.000040, 291.34 + 1.844379 * k),
        (0.000037, 161.72 + 24.198154 * k),
        (0.000035, 239.56 + 25.513099 * k),
        (0.000023, 331.55 + 3.592518 * k),
    ];
    let periodic: f64 = terms.iter().map(|&(c, arg)| c * arg.sin()).sum();
    let additional: f64 = planetary.iter().map(|&(c, arg)| c * (arg * dr).sin()).sum();
    let tt = jde + periodic + additional;
    tt - delta_t(tt)
}

/// The local day number (Julian day number) on which the `k`-th new moon falls.
fn new_moon_day(k: i64, tz: f64) -> i64 {
    (new_moon(k) + 0.5 + tz / 24.0).floor() as i64
}

/// The sun's apparent longitude, in radians in [0, 2π), at the moment `jd` (Julian day,
/// UT): Meeus ch. 25, low accuracy (0.01°), with nutation and aberration.
fn sun_longitude(jd: f64) -> f64 {
    let t = (jd + delta_t(jd) - 2451545.0) / 36525.0; // Julian centuries (TT) from J2000
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
    let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    let mut c = (1.914600 - 0.004817 * t - 0.000014 * t2) * (dr * m).sin();
    c += (0.019993 - 0.000101 * t) * (dr * 2.0 * m).sin() + 0.000290 * (dr * 3.0 * m).sin();
    let omega = 125.04 - 1934.136 * t;
    let lambda = (l0 + c - 0.00569 - 0.00478 * (omega * dr).sin()) * dr;
    lambda - 2.0 * PI * (lambda / (2.0 * PI)).floor()
}

/// The 30° sector (0..=11; 0 = from the March equinox) that the sun is in at the start
/// (local midnight) of the local day `day`.
fn sun_sector(day: i64, tz: f64) -> i64 {
    (sun_longitude(day as f64 - 0.5 - tz / 24.0) / PI * 6.0).floor() as i64
}

/// The first day of lunar month 11 of year `yy`: the month that holds the winter solstice
/// of Gregorian year `yy`.
fn lunar_month_11(yy: i32, tz: f64) -> i64 {
    let off = jd_from_ymd(yy, 12, 31) as f64 - 2415021.0;
    let k = (off / SYNODIC).floor() as i64;
    let nm = new_moon_day(k, tz);
    // Sector 9 starts at 270°, the solstice: if it was already reached, it is in the
    // month before.
    if sun_sector(nm, tz) >= 9 {
        new_moon_day(k - 1, tz)
    } else {
        nm
    }
}

/// The lunation count `k` of the month that starts on `day`.
fn lunation_of(day: i64) -> i64 {
    ((day as f64 - NEW_MOON_EPOCH) / SYNODIC + 0.5).floor() as i64
}

/// In a 13-month year starting with month 11 on day `a11`: how many months after month 11
/// the leap month comes (1 = right after month 11).
fn leap_month_offset(a11: i64, tz: f64) -> i64 {
    let k = lunation_of(a11);
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i, tz), tz);
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i, tz), tz);
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}

// ---------------------------------------------------------------------------------------
// Conversion
// ---------------------------------------------------------------------------------------

/// A date of the Vietnamese lunar calendar. `year` is the Gregorian number of the year in
/// which that lunar year starts (lunar 12/2024 can fall in January 2025); `leap` marks the
/// leap (intercalary) month, which comes after the ordinary month of the same number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LunarDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub leap: bool,
}

/// The lunar date of a Gregorian date in the lunisolar calendar reckoned at the time zone
/// `tz` (hours east of UTC: 7.0 for Vietnam since 1968, 8.0 for China), whatever the year.
pub fn solar_to_lunar_tz(y: i32, m: u32, d: u32, tz: f64) -> LunarDate {
    let day_number = jd_from_ymd(y, m, d);
    // The mean lunation gives a first guess; true new moons stray from it by up to about
    // 14 hours, so step until new_moon_day(k) <= day_number < new_moon_day(k + 1).
    // (Hồ Ngọc Đức's published code only steps back once and returns day 0 on days such
    // as 7/5/2054.)
    let mut k = ((day_number as f64 - NEW_MOON_EPOCH) / SYNODIC).floor() as i64;
    while new_moon_day(k + 1, tz) <= day_number {
        k += 1;
    }
    while new_moon_day(k, tz) > day_number {
        k -= 1;
    }
    let month_start = new_moon_day(k, tz);
    let mut a11 = lunar_month_11(y, tz);
    let mut b11 = a11;
    let mut lunar_year;
    if a11 >= month_start {
        lunar_year = y;
        a11 = lunar_month_11(y - 1, tz);
    } else {
        lunar_year = y + 1;
        b11 = lunar_month_11(y + 1, tz);
    }
    let lunar_day = (day_number - month_start + 1) as u32;
    let diff = ((month_start - a11) as f64 / 29.0).floor() as i64;
    let mut leap = false;
    let mut lunar_month = diff + 11;
    if b11 - a11 > 365 {
        let leap_diff = leap_month_offset(a11, tz);
        if diff >= leap_diff {
            lunar_month = diff + 10;
            if diff == leap_diff {
                leap = true;
            }
        }
    }
    if lunar_month > 12 {
        lunar_month -= 12;
    }
    if lunar_month >= 11 && diff < 4 {
        lunar_year -= 1;
    }
    LunarDate {
        year: lunar_year,
        month: lunar_month as u32,
        day: lunar_day,
        leap,
    }
}

/// The Gregorian date of a lunar date in the calendar reckoned at the time zone `tz`,
/// whatever the year; `None` when that lunar date does not exist there.
pub fn lunar_to_solar_tz(l: LunarDate, tz: f64) -> Option<(i32, u32, u32)> {
    if !(1..=12).contains(&l.month) || !(1..=30).contains(&l.day) {
        return None;
    }
    let (a11, b11) = if l.month < 11 {
        (lunar_month_11(l.year - 1, tz), lunar_month_11(l.year, tz))
    } else {
        (lunar_month_11(l.year, tz), lunar_month_11(l.year + 1, tz))
    };
    let k = lunation_of(a11);
    let mut off = l.month as i64 - 11;
    if off < 0 {
        off += 12;
    }
    if b11 - a11 > 365 {
        let leap_off = leap_month_offset(a11, tz);
        let mut leap_month = leap_off - 2;
        if leap_month < 0 {
            leap_month += 12;
        }
        if l.leap && l.month as i64 != leap_month {
            return None;
        }
        if l.leap || off >= leap_off {
            off += 1;
        }
    } else if l.leap {
        return None; // a 12-month year has no leap month
    }
    let start = new_moon_day(k + off, tz);
    let next = new_moon_day(k + off + 1, tz);
    if l.day as i64 > next - start {
        return None; // day 30 of a 29-day month
    }
    Some(ymd_from_jd(start + l.day as i64 - 1))
}

/// The Vietnamese lunar date of a Gregorian date (UTC+7 from Tết 1968, UTC+8 before).
pub fn solar_to_lunar(y: i32, m: u32, d: u32) -> LunarDate {
    let (ry, rm, rd) = REFORM_TET;
    let tz = if jd_from_ymd(y, m, d) < jd_from_ymd(ry, rm, rd) {
        OLD_TZ
    } else {
        VN_TZ
    };
    solar_to_lunar_tz(y, m, d, tz)
}

/// The Gregorian date of a Vietnamese lunar date; `None` when that lunar date does not
/// exist (day 30 of a 29-day month, a leap month the year does not have, month or day
/// out of range).
pub fn lunar_to_solar(l: LunarDate) -> Option<(i32, u32, u32)> {
    let tz = if l.year < REFORM_LUNAR_YEAR {
        OLD_TZ
    } else {
        VN_TZ
    };
    let ymd = lunar_to_solar_tz(l, tz)?;
    // Month 12 of 1967 ends at Tết 1968 of the new reckoning: check the way back.
    (solar_to_lunar(ymd.0, ymd.1, ymd.2) == l).then_some(ymd)
}

// ---------------------------------------------------------------------------------------
// Holidays
// ---------------------------------------------------------------------------------------

/// What kind of special day a date is (declared with its codes beside the calendar's data).
pub use super::model::DayKind;

/// One special day: its Gregorian date, kind and Vietnamese label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecialDay {
    pub ymd: (i32, u32, u32),
    pub kind: DayKind,
    pub label: &'static str,
}

const TET_DUONG_LICH: &str = "Tết Dương lịch";
const TET_NGUYEN_DAN: &str = "Tết Nguyên Đán";
const GIO_TO: &str = "Giỗ Tổ Hùng Vương";
const CHIEN_THANG: &str = "Ngày Chiến thắng";
const LAO_DONG: &str = "Ngày Quốc tế Lao động";
const QUOC_KHANH: &str = "Quốc khánh";
const VAN_HOA: &str = "Ngày Văn hóa Việt Nam";
/// The first year of the Ngày Văn hóa Việt Nam (24/11) as a day off (see [`rule_days`]).
pub const VAN_HOA_FROM: i32 = 2026;
/// Compensation for a holiday that fell on a Saturday or Sunday.
const NGHI_BU: &str = "Nghỉ bù";
/// A working day given off by a government swap (hoán đổi ngày làm việc).
const NGHI_HOAN_DOI: &str = "Nghỉ hoán đổi";
/// The weekend day worked in exchange for it.
const LAM_BU: &str = "Làm bù";

/// The holidays of `year` by the Labour Code (and the Ngày Văn hóa Việt Nam from 2026,
/// below), without the government's yearly placements and swaps, plus a compensation day
/// (`DayOff`, "Nghỉ bù") on the next working day for each holiday that falls on a
/// Saturday or Sunday (2012 code art. 115(3); 2019 code art. 111(3)). Sorted by date.
///
/// - 1/1; Tết: 5 days, placed by default on the last day of the lunar year and lunar
///   1–4 Giêng (the Prime Minister decides the real placement each year, see
///   [`announced_days`]); Giỗ Tổ Hùng Vương 10/3 lunar; 30/4; 1/5; 2/9.
/// - From 2021 (2019 code art. 112) 2/9 comes with one adjacent day, 1/9 or 3/9, that the
///   government picks each year. Rule used here, which matches every choice of 2021–2026:
///   3/9 when 2/9 is a Monday (1/9 would be a Sunday) or a Thursday (3/9 is then a Friday,
///   making a four-day weekend); 1/9 otherwise.
/// - The 2012 code (5 days of Tết) took effect in May 2013; earlier years are computed
///   with it all the same.
/// - From 2026, 24/11, Ngày Văn hóa Việt Nam: Nghị quyết 80-NQ/TW of the Politburo
///   (7/1/2026, on developing Vietnamese culture) "thống nhất chọn ngày 24/11 hằng năm là
///   'Ngày Văn hóa Việt Nam', với chủ trương là ngày nghỉ, người lao động được hưởng nguyên
///   lương"; Nghị quyết 30/NQ-CP (the Government's action programme for it, February 2026)
///   tasks the amendment of art. 112(1) of the Labour Code to make it a paid holiday. Like
///   the other holidays, on a Saturday or Sunday it is made up on the next working day
///   (art. 111(3)); python-holidays (0.109) counts it the same way, from 2026.
pub fn rule_days(year: i32) -> Vec<SpecialDay> {
    let mut holidays: Vec<(i64, &'static str)> = vec![(jd_from_ymd(year, 1, 1), TET_DUONG_LICH)];
    let tet = LunarDate {
        year,
        month: 1,
        day: 1,
        leap: false,
    };
    if let Some(ymd) = lunar_to_solar(tet) {
        let first = jd_of(ymd);
        holidays.extend((first - 1..=first + 3).map(|jd| (jd, TET_NGUYEN_DAN)));
    }
    let hung_kings = LunarDate {
        year,
        month: 3,
        day: 10,
        leap: false,
    };
    if let Some(ymd) = lunar_to_solar(hung_kings) {
        holidays.push((jd_of(ymd), GIO_TO));
    }
    holidays.push((jd_from_ymd(year, 4, 30), CHIEN_THANG));
    holidays.push((jd_from_ymd(year, 5, 1), LAO_DONG));
    let national_day = jd_from_ymd(year, 9, 2);
    holidays.push((national_day, QUOC_KHANH));
    if year >= 2021 {
        let adjacent = match weekday(national_day) {
            1 | 4 => national_day + 1,
            _ => national_day - 1,
        };
        holidays.push((adjacent, QUOC_KHANH));
    }
    if year >= VAN_HOA_FROM {
        holidays.push((jd_from_ymd(year, 11, 24), VAN_HOA));
    }
    holidays.sort();
    holidays.dedup_by_key(|h| h.0);

    let mut taken: BTreeSet<i64> = holidays.iter().map(|h| h.0).collect();
    let mut days: Vec<(i64, DayKind, &'static str)> = holidays
        .iter()
        .map(|&(jd, label)| (jd, DayKind::Holiday, label))
        .collect();
    for &(jd, _) in &holidays {
        if is_weekend(jd) {
            let mut next = jd + 1;
            while is_weekend(next) || taken.contains(&next) {
                next += 1;
            }
            taken.insert(next);
            days.push((next, DayKind::DayOff, NGHI_BU));
        }
    }
    days.sort_by_key(|d| d.0);
    days.into_iter()
        .map(|(jd, kind, label)| SpecialDay {
            ymd: ymd_from_jd(jd),
            kind,
            label,
        })
        .collect()
}

const fn day(y: i32, m: u32, d: u32, kind: DayKind, label: &'static str) -> SpecialDay {
    SpecialDay {
        ymd: (y, m, d),
        kind,
        label,
    }
}

// Each table lists the special days dated in that calendar year, as announced for civil
// servants and public employees (Monday–Friday week). Saturdays and Sundays that are
// simply off are not listed; holidays are listed whatever the day of the week.

// 2019 — Thông báo 3238/TB-LĐTBXH (2018), on the Prime Minister's approval: Tết Dương
// lịch off 31/12/2018 (Mon, swapped) to 1/1/2019, worked Sat 5/1/2019; Tết Âm lịch
// 4/2 (30 Chạp) to 8/2 (mùng 4), 2/2–10/2 with weekends; 30/4–1/5 off from Mon 29/4
// (swapped), worked Sat 4/5. Giỗ Tổ (Sun 14/4, off Mon 15/4) and 2/9 (Mon) by the
// Labour Code. The bridge day 31/12/2018 falls in 2018 and so is not in this table.
const ANNOUNCED_2019: &[SpecialDay] = &[
    day(2019, 1, 1, Holiday, TET_DUONG_LICH),
    day(2019, 1, 5, WorkedDay, LAM_BU),
    day(2019, 2, 4, Holiday, TET_NGUYEN_DAN),
    day(2019, 2, 5, Holiday, TET_NGUYEN_DAN),
    day(2019, 2, 6, Holiday, TET_NGUYEN_DAN),
    day(2019, 2, 7, Holiday, TET_NGUYEN_DAN),
    day(2019, 2, 8, Holiday, TET_NGUYEN_DAN),
    day(2019, 4, 14, Holiday, GIO_TO),
    day(2019, 4, 15, DayOff, NGHI_BU),
    day(2019, 4, 29, DayOff, NGHI_HOAN_DOI),
    day(2019, 4, 30, Holiday, CHIEN_THANG),
    day(2019, 5, 1, Holiday, LAO_DONG),
    day(2019, 5, 4, WorkedDay, LAM_BU),
    day(2019, 9, 2, Holiday, QUOC_KHANH),
];

// 2020 — Tết: Thông báo 4544/TB-LĐTBXH of 25/10/2019: off Thu 23/1 (29 Chạp) to Wed 29/1
// (mùng 5); the 5 Tết days are 23/1–27/1 ("2 days before, 3 after"), mùng 1–2 fell on
// Sat/Sun so 28/1 and 29/1 are compensation days. The rest by the Labour Code 2012,
// no swap: 1/1 (Wed), Giỗ Tổ 2/4 (Thu), 30/4–1/5 (Thu–Fri), 2/9 (Wed, one day).
const ANNOUNCED_2020: &[SpecialDay] = &[
    day(2020, 1, 1, Holiday, TET_DUONG_LICH),
    day(2020, 1, 23, Holiday, TET_NGUYEN_DAN),
    day(2020, 1, 24, Holiday, TET_NGUYEN_DAN),
    day(2020, 1, 25, Holiday, TET_NGUYEN_DAN),
    day(2020, 1, 26, Holiday, TET_NGUYEN_DAN),
    day(2020, 1, 27, Holiday, TET_NGUYEN_DAN),
    day(2020, 1, 28, DayOff, NGHI_BU),
    day(2020, 1, 29, DayOff, NGHI_BU),
    day(2020, 4, 2, Holiday, GIO_TO),
    day(2020, 4, 30, Holiday, CHIEN_THANG),
    day(2020, 5, 1, Holiday, LAO_DONG),
    day(2020, 9, 2, Holiday, QUOC_KHANH),
];

// 2021 — Bộ LĐ-TB&XH notice of December 2020 (number not found; reported by Hà Nội Mới,
// VietNamNet, SGGP 9/12/2020): Tết off Wed 10/2 (29 Chạp) to Tue 16/2 (mùng 5), the Tết
// days 10/2–14/2 with compensation 15/2 and 16/2 for mùng 2–3 on Sat/Sun; Quốc khánh
// Thu 2/9 + Fri 3/9. By the Labour Code 2019: 1/1 (Fri), Giỗ Tổ 21/4 (Wed), 30/4 (Fri)
// and 1/5 (Sat) with compensation Mon 3/5.
const ANNOUNCED_2021: &[SpecialDay] = &[
    day(2021, 1, 1, Holiday, TET_DUONG_LICH),
    day(2021, 2, 10, Holiday, TET_NGUYEN_DAN),
    day(2021, 2, 11, Holiday, TET_NGUYEN_DAN),
    day(2021, 2, 12, Holiday, TET_NGUYEN_DAN),
    day(2021, 2, 13, Holiday, TET_NGUYEN_DAN),
    day(2021, 2, 14, Holiday, TET_NGUYEN_DAN),
    day(2021, 2, 15, DayOff, NGHI_BU),
    day(2021, 2, 16, DayOff, NGHI_BU),
    day(2021, 4, 21, Holiday, GIO_TO),
    day(2021, 4, 30, Holiday, CHIEN_THANG),
    day(2021, 5, 1, Holiday, LAO_DONG),
    day(2021, 5, 3, DayOff, NGHI_BU),
    day(2021, 9, 2, Holiday, QUOC_KHANH),
    day(2021, 9, 3, Holiday, QUOC_KHANH),
];

// 2022 — Công văn 245/VPCP-KGVX (Văn phòng Chính phủ, 11/1/2022): Tết Mon 31/1 (29 Chạp)
// to Fri 4/2 (mùng 4), 29/1–6/2 with weekends; Quốc khánh Thu 1/9 + Fri 2/9. By the
// Labour Code: 1/1 (Sat) with compensation Mon 3/1; Giỗ Tổ 10/4 (Sun), compensation
// Mon 11/4; 30/4 (Sat) and 1/5 (Sun), compensation Mon 2/5 and Tue 3/5.
const ANNOUNCED_2022: &[SpecialDay] = &[
    day(2022, 1, 1, Holiday, TET_DUONG_LICH),
    day(2022, 1, 3, DayOff, NGHI_BU),
    day(2022, 1, 31, Holiday, TET_NGUYEN_DAN),
    day(2022, 2, 1, Holiday, TET_NGUYEN_DAN),
    day(2022, 2, 2, Holiday, TET_NGUYEN_DAN),
    day(2022, 2, 3, Holiday, TET_NGUYEN_DAN),
    day(2022, 2, 4, Holiday, TET_NGUYEN_DAN),
    day(2022, 4, 10, Holiday, GIO_TO),
    day(2022, 4, 11, DayOff, NGHI_BU),
    day(2022, 4, 30, Holiday, CHIEN_THANG),
    day(2022, 5, 1, Holiday, LAO_DONG),
    day(2022, 5, 2, DayOff, NGHI_BU),
    day(2022, 5, 3, DayOff, NGHI_BU),
    day(2022, 9, 1, Holiday, QUOC_KHANH),
    day(2022, 9, 2, Holiday, QUOC_KHANH),
];

// 2023 — Công văn 8056/VPCP-KGVX of 1/12/2022: Tết Fri 20/1 (29 Chạp) to Thu 26/1
// (mùng 5), the Tết days 20/1–24/1 with compensation 25/1 and 26/1 for 30 Chạp and mùng 1
// on Sat/Sun; Quốc khánh Fri 1/9 + Sat 2/9, compensation Mon 4/9 (off 1/9–4/9). By the
// Labour Code: 1/1 (Sun), compensation Mon 2/1; Giỗ Tổ 29/4 (Sat), 30/4 (Sun), 1/5 (Mon),
// compensation Tue 2/5 and Wed 3/5 (off 29/4–3/5).
const ANNOUNCED_2023: &[SpecialDay] = &[
    day(2023, 1, 1, Holiday, TET_DUONG_LICH),
    day(2023, 1, 2, DayOff, NGHI_BU),
    day(2023, 1, 20, Holiday, TET_NGUYEN_DAN),
    day(2023, 1, 21, Holiday, TET_NGUYEN_DAN),
    day(2023, 1, 22, Holiday, TET_NGUYEN_DAN),
    day(2023, 1, 23, Holiday, TET_NGUYEN_DAN),
    day(2023, 1, 24, Holiday, TET_NGUYEN_DAN),
    day(2023, 1, 25, DayOff, NGHI_BU),
    day(2023, 1, 26, DayOff, NGHI_BU),
    day(2023, 4, 29, Holiday, GIO_TO),
    day(2023, 4, 30, Holiday, CHIEN_THANG),
    day(2023, 5, 1, Holiday, LAO_DONG),
    day(2023, 5, 2, DayOff, NGHI_BU),
    day(2023, 5, 3, DayOff, NGHI_BU),
    day(2023, 9, 1, Holiday, QUOC_KHANH),
    day(2023, 9, 2, Holiday, QUOC_KHANH),
    day(2023, 9, 4, DayOff, NGHI_BU),
];

// 2024 — Công văn 8662/VPCP-KGVX of 3/11/2023: Tết Thu 8/2 (29 Chạp) to Wed 14/2 (mùng 5),
// "5 days of Tết and 2 compensation days": Tết days 8/2–12/2, compensation 13/2 and 14/2;
// Quốc khánh Mon 2/9 + Tue 3/9 (off 31/8–3/9). Công văn 2450/VPCP-KGVX of 12/4/2024:
// Mon 29/4 swapped with Sat 4/5 (off 27/4–1/5). By the Labour Code: 1/1 (Mon), Giỗ Tổ
// 18/4 (Thu).
const ANNOUNCED_2024: &[SpecialDay] = &[
    day(2024, 1, 1, Holiday, TET_DUONG_LICH),
    day(2024, 2, 8, Holiday, TET_NGUYEN_DAN),
    day(2024, 2, 9, Holiday, TET_NGUYEN_DAN),
    day(2024, 2, 10, Holiday, TET_NGUYEN_DAN),
    day(2024, 2, 11, Holiday, TET_NGUYEN_DAN),
    day(2024, 2, 12, Holiday, TET_NGUYEN_DAN),
    day(2024, 2, 13, DayOff, NGHI_BU),
    day(2024, 2, 14, DayOff, NGHI_BU),
    day(2024, 4, 18, Holiday, GIO_TO),
    day(2024, 4, 29, DayOff, NGHI_HOAN_DOI),
    day(2024, 4, 30, Holiday, CHIEN_THANG),
    day(2024, 5, 1, Holiday, LAO_DONG),
    day(2024, 5, 4, WorkedDay, LAM_BU),
    day(2024, 9, 2, Holiday, QUOC_KHANH),
    day(2024, 9, 3, Holiday, QUOC_KHANH),
];

// 2025 — Công văn 8726/VPCP-KGVX of 26/11/2024 and Thông báo 6150/TB-BLĐTBXH of 3/12/2024:
// Tết off Sat 25/1 (26 Chạp) to Sun 2/2 (mùng 5), "5 days of Tết and 4 weekly rest
// days": Tết days Mon 27/1–Fri 31/1 (the year had no 30 Chạp); Fri 2/5 swapped with
// Sat 26/4 (off 30/4–4/5); Quốc khánh Mon 1/9 + Tue 2/9 (off 30/8–2/9). By the Labour
// Code: 1/1 (Wed), Giỗ Tổ 7/4 (Mon).
const ANNOUNCED_2025: &[SpecialDay] = &[
    day(2025, 1, 1, Holiday, TET_DUONG_LICH),
    day(2025, 1, 27, Holiday, TET_NGUYEN_DAN),
    day(2025, 1, 28, Holiday, TET_NGUYEN_DAN),
    day(2025, 1, 29, Holiday, TET_NGUYEN_DAN),
    day(2025, 1, 30, Holiday, TET_NGUYEN_DAN),
    day(2025, 1, 31, Holiday, TET_NGUYEN_DAN),
    day(2025, 4, 7, Holiday, GIO_TO),
    day(2025, 4, 26, WorkedDay, LAM_BU),
    day(2025, 4, 30, Holiday, CHIEN_THANG),
    day(2025, 5, 1, Holiday, LAO_DONG),
    day(2025, 5, 2, DayOff, NGHI_HOAN_DOI),
    day(2025, 9, 1, Holiday, QUOC_KHANH),
    day(2025, 9, 2, Holiday, QUOC_KHANH),
];

// 2026 — Công văn 12729/VPCP-KGVX of 25/12/2025: Tết Dương lịch off Thu 1/1 to Sun 4/1,
// Fri 2/1 swapped with Sat 10/1. Thông báo 9441/TB-BNV (Bộ Nội vụ) of 16/10/2025: Tết
// Mon 16/2 (29 Chạp) to Fri 20/2 (mùng 4), 14/2–22/2 with weekends; Quốc khánh Tue 1/9 +
// Wed 2/9, Mon 31/8 swapped with Sat 22/8 (off 29/8–2/9). By the Labour Code: Giỗ Tổ 26/4
// (Sun), compensation Mon 27/4; 30/4–1/5 (Thu–Fri), no swap. Ngày Văn hóa Việt Nam Tue
// 24/11: Nghị quyết 80-NQ/TW of the Politburo (7/1/2026) chose 24/11 as a day off with full
// pay from 2026; Nghị quyết 30/NQ-CP (Government, February 2026) tasks the amendment of
// art. 112(1) of the Labour Code to match (no notice of its own found; python-holidays
// 0.109 lists it for 2026).
const ANNOUNCED_2026: &[SpecialDay] = &[
    day(2026, 1, 1, Holiday, TET_DUONG_LICH),
    day(2026, 1, 2, DayOff, NGHI_HOAN_DOI),
    day(2026, 1, 10, WorkedDay, LAM_BU),
    day(2026, 2, 16, Holiday, TET_NGUYEN_DAN),
    day(2026, 2, 17, Holiday, TET_NGUYEN_DAN),
    day(2026, 2, 18, Holiday, TET_NGUYEN_DAN),
    day(2026, 2, 19, Holiday, TET_NGUYEN_DAN),
    day(2026, 2, 20, Holiday, TET_NGUYEN_DAN),
    day(2026, 4, 26, Holiday, GIO_TO),
    day(2026, 4, 27, DayOff, NGHI_BU),
    day(2026, 4, 30, Holiday, CHIEN_THANG),
    day(2026, 5, 1, Holiday, LAO_DONG),
    day(2026, 8, 22, WorkedDay, LAM_BU),
    day(2026, 8, 31, DayOff, NGHI_HOAN_DOI),
    day(2026, 9, 1, Holiday, QUOC_KHANH),
    day(2026, 9, 2, Holiday, QUOC_KHANH),
    day(2026, 11, 24, Holiday, VAN_HOA),
];

/// The special days of `year` as the government announced them for civil servants and
/// public employees (Monday–Friday week), for 2019–2026; `None` for other years (use
/// [`rule_days`] there). Complete for the year: holidays, compensation days, bridge days
/// and the weekend days worked in exchange, dated in `year` only (so the bridge day
/// 31/12/2018 of Tết Dương lịch 2019 is in no table), sorted by date.
pub fn announced_days(year: i32) -> Option<Vec<SpecialDay>> {
    let table = match year {
        2019 => ANNOUNCED_2019,
        2020 => ANNOUNCED_2020,
        2021 => ANNOUNCED_2021,
        2022 => ANNOUNCED_2022,
        2023 => ANNOUNCED_2023,
        2024 => ANNOUNCED_2024,
        2025 => ANNOUNCED_2025,
        2026 => ANNOUNCED_2026,
        _ => return None,
    };
    Some(table.to_vec())
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn lunar(year: i32, month: u32, day: u32, leap: bool) -> LunarDate {
        LunarDate {
            year,
            month,
            day,
            leap,
        }
    }

    #[test]
    fn julian_day_numbers() {
        assert_eq!(jd_from_ymd(2000, 1, 1), 2451545);
        assert_eq!(jd_from_ymd(1900, 1, 1), 2415021);
        assert_eq!(jd_from_ymd(1582, 10, 15), 2299161);
        assert_eq!(ymd_from_jd(2451545), (2000, 1, 1));
        assert_eq!(ymd_from_jd(2460311), (2024, 1, 1));
        assert_eq!(weekday(jd_from_ymd(2024, 2, 10)), 6); // Saturday
        assert_eq!(weekday(jd_from_ymd(2025, 9, 2)), 2); // Tuesday
        for jd in jd_from_ymd(1800, 1, 1)..jd_from_ymd(2300, 1, 1) {
            let (y, m, d) = ymd_from_jd(jd);
            assert_eq!(jd_from_ymd(y, m, d), jd);
        }
    }

    /// Lunar 1/1 (Tết Nguyên Đán) in Vietnam, 1985–2030.
    #[rustfmt::skip]
    const TET: &[(i32, u32, u32)] = &[
        (1985, 1, 21), (1986, 2, 9), (1987, 1, 29), (1988, 2, 17), (1989, 2, 6),
        (1990, 1, 27), (1991, 2, 15), (1992, 2, 4), (1993, 1, 23), (1994, 2, 10),
        (1995, 1, 31), (1996, 2, 19), (1997, 2, 7), (1998, 1, 28), (1999, 2, 16),
        (2000, 2, 5), (2001, 1, 24), (2002, 2, 12), (2003, 2, 1), (2004, 1, 22),
        (2005, 2, 9), (2006, 1, 29), (2007, 2, 17), (2008, 2, 7), (2009, 1, 26),
        (2010, 2, 14), (2011, 2, 3), (2012, 1, 23), (2013, 2, 10), (2014, 1, 31),
        (2015, 2, 19), (2016, 2, 8), (2017, 1, 28), (2018, 2, 16), (2019, 2, 5),
        (2020, 1, 25), (2021, 2, 12), (2022, 2, 1), (2023, 1, 22), (2024, 2, 10),
        (2025, 1, 29), (2026, 2, 17), (2027, 2, 6), (2028, 1, 26), (2029, 2, 13),
        (2030, 2, 2),
    ];

    #[test]
    fn tet_1985_to_2030() {
        assert_eq!(TET.len(), 2030 - 1985 + 1);
        for &(y, m, d) in TET {
            assert_eq!(
                lunar_to_solar(lunar(y, 1, 1, false)),
                Some((y, m, d)),
                "Tết {y}"
            );
            assert_eq!(
                solar_to_lunar(y, m, d),
                lunar(y, 1, 1, false),
                "{d}/{m}/{y}"
            );
            // The day before is the last day of the previous lunar year's month 12.
            let (ey, em, ed) = ymd_from_jd(jd_from_ymd(y, m, d) - 1);
            let eve = solar_to_lunar(ey, em, ed);
            assert_eq!(
                (eve.year, eve.month, eve.leap),
                (y - 1, 12, false),
                "eve of Tết {y}"
            );
            assert!(eve.day == 29 || eve.day == 30);
        }
    }

    #[test]
    fn vietnam_differs_from_china_by_time_zone() {
        // The same computation at UTC+8 gives the Chinese dates.
        for (year, vn, cn) in [
            (1985, (1985, 1, 21), (1985, 2, 20)),
            (2007, (2007, 2, 17), (2007, 2, 18)),
            (2030, (2030, 2, 2), (2030, 2, 3)),
        ] {
            assert_eq!(lunar_to_solar(lunar(year, 1, 1, false)), Some(vn));
            assert_eq!(lunar_to_solar_tz(lunar(year, 1, 1, false), 7.0), Some(vn));
            assert_eq!(lunar_to_solar_tz(lunar(year, 1, 1, false), 8.0), Some(cn));
        }
        // The winter solstice of 1984 came at 23:23 on 21/12 at UTC+7, 00:23 on 22/12 at
        // UTC+8, the day of a new moon: month 11 began on 23/11/1984 in Vietnam (leap month
        // 2 of 1985 then), on 22/12/1984 in China (after a leap month 10).
        assert_eq!(solar_to_lunar(1984, 11, 23), lunar(1984, 11, 1, false));
        assert_eq!(
            solar_to_lunar_tz(1984, 11, 23, 8.0),
            lunar(1984, 10, 1, true)
        );
        assert_eq!(solar_to_lunar(1985, 2, 20), lunar(1985, 2, 1, false));
        assert_eq!(
            solar_to_lunar_tz(1985, 2, 20, 8.0),
            lunar(1985, 1, 1, false)
        );
    }

    #[test]
    fn calendar_reform_of_1967() {
        // Tết Mậu Thân: 29/1/1968 in the new reckoning (UTC+7), 30/1 in the old (UTC+8).
        assert_eq!(
            lunar_to_solar(lunar(1968, 1, 1, false)),
            Some((1968, 1, 29))
        );
        assert_eq!(
            lunar_to_solar_tz(lunar(1968, 1, 1, false), 8.0),
            Some((1968, 1, 30))
        );
        let eve = solar_to_lunar(1968, 1, 28);
        assert_eq!((eve.year, eve.month, eve.leap), (1967, 12, false));
        assert_eq!(
            lunar_to_solar(lunar(1967, 12, eve.day, false)),
            Some((1968, 1, 28))
        );
        assert_eq!(lunar_to_solar(lunar(1967, 12, eve.day + 1, false)), None);
        // Before the reform Vietnam followed the UTC+8 reckoning: Tết Ất Tỵ was 2/2/1965
        // (1/2 at UTC+7), month 11 of 1967 began on 2/12/1967 (1/12 at UTC+7).
        assert_eq!(lunar_to_solar(lunar(1965, 1, 1, false)), Some((1965, 2, 2)));
        assert_eq!(
            lunar_to_solar_tz(lunar(1965, 1, 1, false), 7.0),
            Some((1965, 2, 1))
        );
        assert_eq!(solar_to_lunar(1967, 12, 2), lunar(1967, 11, 1, false));
        assert_eq!(
            solar_to_lunar_tz(1967, 12, 1, 7.0),
            lunar(1967, 11, 1, false)
        );
    }

    /// New moons within a few minutes of local midnight, where a short new-moon formula
    /// (Hồ Ngọc Đức's amlich.js) lands on the next day; these dates agree with his
    /// published tables and with the PyEphem ephemeris.
    #[test]
    fn new_moons_close_to_midnight() {
        assert_eq!(
            lunar_to_solar(lunar(2072, 11, 1, false)),
            Some((2072, 12, 9))
        );
        assert_eq!(
            lunar_to_solar(lunar(2077, 10, 1, false)),
            Some((2077, 11, 15))
        );
        assert_eq!(lunar_to_solar(lunar(2130, 4, 1, false)), Some((2130, 5, 7)));
        assert_eq!(
            lunar_to_solar(lunar(2150, 5, 1, false)),
            Some((2150, 5, 26))
        );
        assert_eq!(
            lunar_to_solar(lunar(2159, 4, 1, false)),
            Some((2159, 5, 17))
        );
        assert_eq!(
            lunar_to_solar(lunar(2175, 1, 1, false)),
            Some((2175, 1, 22))
        );
        assert_eq!(
            lunar_to_solar(lunar(2199, 1, 1, false)),
            Some((2199, 1, 26))
        );
        // 7/5/2054 in Hồ Ngọc Đức's tables: the new moon comes seconds after midnight.
        assert_eq!(lunar_to_solar(lunar(2054, 4, 1, false)), Some((2054, 5, 8)));
    }

    /// (lunar year, leap month, Gregorian date of its 1st day)
    const LEAP_MONTHS: &[(i32, u32, (i32, u32, u32))] = &[
        (2001, 4, (2001, 5, 23)),
        (2004, 2, (2004, 3, 21)),
        (2006, 7, (2006, 8, 24)),
        (2009, 5, (2009, 6, 23)),
        (2012, 4, (2012, 5, 21)),
        (2014, 9, (2014, 10, 24)),
        (2017, 6, (2017, 7, 23)),
        (2020, 4, (2020, 5, 23)),
        (2023, 2, (2023, 3, 22)),
        (2025, 6, (2025, 7, 25)),
        (2028, 5, (2028, 6, 23)),
        (2033, 11, (2033, 12, 22)),
    ];

    #[test]
    fn leap_months() {
        for &(year, month, first) in LEAP_MONTHS {
            let l = lunar(year, month, 1, true);
            assert_eq!(lunar_to_solar(l), Some(first), "leap {month}/{year}");
            assert_eq!(solar_to_lunar(first.0, first.1, first.2), l);
            // No other month of that year is leap.
            for other in (1..=12).filter(|&m| m != month) {
                assert_eq!(
                    lunar_to_solar(lunar(year, other, 1, true)),
                    None,
                    "{other}/{year}"
                );
            }
        }
        // Years without a leap month.
        for year in [2019, 2021, 2022, 2024, 2026] {
            for month in 1..=12 {
                assert_eq!(
                    lunar_to_solar(lunar(year, month, 1, true)),
                    None,
                    "{month}/{year}"
                );
            }
        }
    }

    #[test]
    fn days_that_do_not_exist() {
        // Tháng Chạp Giáp Thìn (2024) has 29 days: there was no 30 Tết before Tết 2025.
        assert_eq!(
            lunar_to_solar(lunar(2024, 12, 29, false)),
            Some((2025, 1, 28))
        );
        assert_eq!(lunar_to_solar(lunar(2024, 12, 30, false)), None);
        assert_eq!(
            lunar_to_solar(lunar(2023, 12, 30, false)),
            Some((2024, 2, 9))
        );
        assert_eq!(lunar_to_solar(lunar(2024, 13, 1, false)), None);
        assert_eq!(lunar_to_solar(lunar(2024, 1, 0, false)), None);
        assert_eq!(lunar_to_solar(lunar(2024, 1, 31, false)), None);
    }

    /// The lunar dates the notices give for the first and last days of each Tết break
    /// ("tức ngày 29 tháng Chạp năm Kỷ Hợi đến hết ngày mùng 5 tháng Giêng năm Canh Tý").
    #[test]
    fn tet_breaks_as_the_notices_name_them() {
        #[rustfmt::skip]
        let named = [
            ((2019, 2, 2), (2018, 12, 28)), ((2019, 2, 4), (2018, 12, 30)),
            ((2019, 2, 8), (2019, 1, 4)), ((2019, 2, 10), (2019, 1, 6)),
            ((2020, 1, 23), (2019, 12, 29)), ((2020, 1, 29), (2020, 1, 5)),
            ((2021, 2, 10), (2020, 12, 29)), ((2021, 2, 16), (2021, 1, 5)),
            ((2022, 1, 29), (2021, 12, 27)), ((2022, 1, 31), (2021, 12, 29)),
            ((2022, 2, 4), (2022, 1, 4)), ((2022, 2, 6), (2022, 1, 6)),
            ((2023, 1, 20), (2022, 12, 29)), ((2023, 1, 26), (2023, 1, 5)),
            ((2024, 2, 8), (2023, 12, 29)), ((2024, 2, 14), (2024, 1, 5)),
            ((2025, 1, 25), (2024, 12, 26)), ((2025, 2, 2), (2025, 1, 5)),
            ((2026, 2, 14), (2025, 12, 27)), ((2026, 2, 16), (2025, 12, 29)),
            ((2026, 2, 20), (2026, 1, 4)), ((2026, 2, 22), (2026, 1, 6)),
        ];
        for ((y, m, d), (ly, lm, ld)) in named {
            assert_eq!(
                solar_to_lunar(y, m, d),
                lunar(ly, lm, ld, false),
                "{d}/{m}/{y}"
            );
        }
        // "Tết Âm lịch năm nay ... không có 30 tháng Chạp" (2025); 2019 had one.
        assert_eq!(lunar_to_solar(lunar(2024, 12, 30, false)), None);
        assert_eq!(
            lunar_to_solar(lunar(2018, 12, 30, false)),
            Some((2019, 2, 4))
        );
    }

    #[test]
    fn hung_kings_day_2019_to_2026() {
        let expected = [
            (2019, 4, 14),
            (2020, 4, 2),
            (2021, 4, 21),
            (2022, 4, 10),
            (2023, 4, 29),
            (2024, 4, 18),
            (2025, 4, 7),
            (2026, 4, 26),
        ];
        for (y, m, d) in expected {
            assert_eq!(lunar_to_solar(lunar(y, 3, 10, false)), Some((y, m, d)));
            assert_eq!(solar_to_lunar(y, m, d), lunar(y, 3, 10, false));
        }
    }

    /// Every day from 1900 to 2199: solar → lunar → solar gives the date back, lunar days
    /// run 1, 2, … and restart at 1 after day 29 or 30, months follow each other with one
    /// leap month in a 13-month year, and every lunar year has 12 or 13 months.
    #[test]
    fn round_trip_and_continuity_1900_2199() {
        let first = jd_from_ymd(1900, 1, 31); // lunar 1/1/1900
        let last = jd_from_ymd(2199, 12, 31);
        let mut prev = solar_to_lunar(1900, 1, 30);
        assert_eq!((prev.year, prev.month, prev.day), (1899, 12, 30));
        let mut months_in_year = 0;
        let mut leaps_in_year = 0;
        for jd in first..=last {
            let (y, m, d) = ymd_from_jd(jd);
            let l = solar_to_lunar(y, m, d);
            assert_eq!(lunar_to_solar(l), Some((y, m, d)), "{d}/{m}/{y} → {l:?}");
            if l.day == 1 {
                assert!(prev.day == 29 || prev.day == 30, "{prev:?} then {l:?}");
                months_in_year += 1;
                if l.leap {
                    leaps_in_year += 1;
                    assert_eq!(
                        (l.year, l.month),
                        (prev.year, prev.month),
                        "leap after {prev:?}"
                    );
                    assert!(!prev.leap);
                } else if l.month == 1 {
                    assert_eq!((prev.year, prev.month), (l.year - 1, 12));
                    if l.year > 1900 {
                        assert!(
                            months_in_year == 13 && leaps_in_year == 0
                                || months_in_year == 14 && leaps_in_year == 1,
                            "lunar year {} has {} months",
                            l.year - 1,
                            months_in_year - 1
                        );
                    }
                    months_in_year = 1;
                    leaps_in_year = 0;
                } else {
                    assert_eq!(
                        (l.year, l.month),
                        (prev.year, prev.month + 1),
                        "{prev:?} then {l:?}"
                    );
                }
            } else {
                assert_eq!(
                    (l.year, l.month, l.leap, l.day),
                    (prev.year, prev.month, prev.leap, prev.day + 1)
                );
            }
            prev = l;
        }
    }

    // --- Official holiday periods ------------------------------------------------------

    /// The periods as the announcements state them: "nghỉ từ A đến hết B" (off from A
    /// through B, weekends included) and "làm bù thứ Bảy C" (Saturday C worked). Written
    /// from the notices independently of the tables above.
    #[rustfmt::skip]
    const OFFICIAL: &[(i32, &[&str])] = &[
        (2019, &[
            "Tết Dương lịch: nghỉ từ 29/12/2018 đến hết 01/01/2019; làm bù thứ Bảy 05/01/2019",
            "Tết Âm lịch: nghỉ từ 02/02/2019 đến hết 10/02/2019",
            "Giỗ Tổ Hùng Vương: nghỉ từ 13/04/2019 đến hết 15/04/2019",
            "30/4–1/5: nghỉ từ 27/04/2019 đến hết 01/05/2019; làm bù thứ Bảy 04/05/2019",
            "Quốc khánh: nghỉ từ 31/08/2019 đến hết 02/09/2019",
        ]),
        (2020, &[
            "Tết Dương lịch: nghỉ từ 01/01/2020 đến hết 01/01/2020",
            "Tết Âm lịch: nghỉ từ 23/01/2020 đến hết 29/01/2020",
            "Giỗ Tổ Hùng Vương: nghỉ từ 02/04/2020 đến hết 02/04/2020",
            "30/4–1/5: nghỉ từ 30/04/2020 đến hết 03/05/2020",
            "Quốc khánh: nghỉ từ 02/09/2020 đến hết 02/09/2020",
        ]),
        (2021, &[
            "Tết Dương lịch: nghỉ từ 01/01/2021 đến hết 03/01/2021",
            "Tết Âm lịch: nghỉ từ 10/02/2021 đến hết 16/02/2021",
            "Giỗ Tổ Hùng Vương: nghỉ từ 21/04/2021 đến hết 21/04/2021",
            "30/4–1/5: nghỉ từ 30/04/2021 đến hết 03/05/2021",
            "Quốc khánh: nghỉ từ 02/09/2021 đến hết 05/09/2021",
        ]),
        (2022, &[
            "Tết Dương lịch: nghỉ từ 01/01/2022 đến hết 03/01/2022",
            "Tết Âm lịch: nghỉ từ 29/01/2022 đến hết 06/02/2022",
            "Giỗ Tổ Hùng Vương: nghỉ từ 09/04/2022 đến hết 11/04/2022",
            "30/4–1/5: nghỉ từ 30/04/2022 đến hết 03/05/2022",
            "Quốc khánh: nghỉ từ 01/09/2022 đến hết 04/09/2022",
        ]),
        (2023, &[
            "Tết Dương lịch: nghỉ từ 31/12/2022 đến hết 02/01/2023",
            "Tết Âm lịch: nghỉ từ 20/01/2023 đến hết 26/01/2023",
            "Giỗ Tổ Hùng Vương, 30/4–1/5: nghỉ từ 29/04/2023 đến hết 03/05/2023",
            "Quốc khánh: nghỉ từ 01/09/2023 đến hết 04/09/2023",
        ]),
        (2024, &[
            "Tết Dương lịch: nghỉ từ 30/12/2023 đến hết 01/01/2024",
            "Tết Âm lịch: nghỉ từ 08/02/2024 đến hết 14/02/2024",
            "Giỗ Tổ Hùng Vương: nghỉ từ 18/04/2024 đến hết 18/04/2024",
            "30/4–1/5: nghỉ từ 27/04/2024 đến hết 01/05/2024; làm bù thứ Bảy 04/05/2024",
            "Quốc khánh: nghỉ từ 31/08/2024 đến hết 03/09/2024",
        ]),
        (2025, &[
            "Tết Dương lịch: nghỉ từ 01/01/2025 đến hết 01/01/2025",
            "Tết Âm lịch: nghỉ từ 25/01/2025 đến hết 02/02/2025",
            "Giỗ Tổ Hùng Vương: nghỉ từ 05/04/2025 đến hết 07/04/2025",
            "30/4–1/5: nghỉ từ 30/04/2025 đến hết 04/05/2025; làm bù thứ Bảy 26/04/2025",
            "Quốc khánh: nghỉ từ 30/08/2025 đến hết 02/09/2025",
        ]),
        (2026, &[
            "Tết Dương lịch: nghỉ từ 01/01/2026 đến hết 04/01/2026; làm bù thứ Bảy 10/01/2026",
            "Tết Âm lịch: nghỉ từ 14/02/2026 đến hết 22/02/2026",
            "Giỗ Tổ Hùng Vương: nghỉ từ 25/04/2026 đến hết 27/04/2026",
            "30/4–1/5: nghỉ từ 30/04/2026 đến hết 03/05/2026",
            "Quốc khánh: nghỉ từ 29/08/2026 đến hết 02/09/2026; làm bù thứ Bảy 22/08/2026",
            // Nghị quyết 80-NQ/TW (no notice of its own)
            "Ngày Văn hóa Việt Nam: nghỉ từ 24/11/2026 đến hết 24/11/2026",
        ]),
    ];

    /// The date "dd/mm/yyyy" that starts `s`.
    fn parse_date(s: &str) -> i64 {
        let mut it = s
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty());
        let d: u32 = it.next().unwrap().parse().unwrap();
        let m: u32 = it.next().unwrap().parse().unwrap();
        let y: i32 = it.next().unwrap().parse().unwrap();
        jd_from_ymd(y, m, d)
    }

    /// The date that follows `marker` in `s`.
    fn date_after(s: &str, marker: &str) -> Option<i64> {
        s.find(marker).map(|i| parse_date(&s[i + marker.len()..]))
    }

    fn year_days(year: i32) -> std::ops::RangeInclusive<i64> {
        jd_from_ymd(year, 1, 1)..=jd_from_ymd(year, 12, 31)
    }

    /// (days off, weekend days worked) of `year` by the announcements, weekends included.
    fn official_sets(year: i32, periods: &[&str]) -> (BTreeSet<i64>, BTreeSet<i64>) {
        let mut off: BTreeSet<i64> = year_days(year).filter(|&jd| is_weekend(jd)).collect();
        let mut worked = BTreeSet::new();
        for p in periods {
            let from = date_after(p, "nghỉ từ ").expect(p);
            let to = date_after(p, "đến hết ").expect(p);
            assert!(from <= to && to - from < 10, "{p}");
            off.extend((from..=to).filter(|jd| year_days(year).contains(jd)));
            if let Some(w) = date_after(p, "làm bù thứ Bảy ") {
                assert_eq!(weekday(w), 6, "{p}");
                worked.insert(w);
            }
        }
        for w in &worked {
            off.remove(w);
        }
        (off, worked)
    }

    /// (days off, weekend days worked) of `year` from a special-day list, weekends included.
    fn computed_sets(year: i32, days: &[SpecialDay]) -> (BTreeSet<i64>, BTreeSet<i64>) {
        let mut off: BTreeSet<i64> = year_days(year).filter(|&jd| is_weekend(jd)).collect();
        let mut worked = BTreeSet::new();
        for s in days {
            let jd = jd_of(s.ymd);
            match s.kind {
                DayKind::Holiday | DayKind::DayOff => {
                    off.insert(jd);
                }
                DayKind::WorkedDay => {
                    worked.insert(jd);
                }
            }
        }
        for w in &worked {
            off.remove(w);
        }
        (off, worked)
    }

    fn show(set: &BTreeSet<i64>) -> Vec<(i32, u32, u32)> {
        set.iter().map(|&jd| ymd_from_jd(jd)).collect()
    }

    /// How many holidays a year has: 10 under the 2012 code (to 2020), 11 under the 2019
    /// code, 12 with the Ngày Văn hóa Việt Nam from 2026.
    fn statutory_count(year: i32) -> usize {
        if year <= 2020 {
            10
        } else if year < VAN_HOA_FROM {
            11
        } else {
            12
        }
    }

    #[test]
    fn announced_days_match_the_official_periods() {
        assert_eq!(OFFICIAL.len(), 8);
        for &(year, periods) in OFFICIAL {
            let days = announced_days(year).expect("announced");
            let (off, worked) = official_sets(year, periods);
            let (c_off, c_worked) = computed_sets(year, &days);
            let only_official: BTreeSet<i64> = off.difference(&c_off).copied().collect();
            let only_table: BTreeSet<i64> = c_off.difference(&off).copied().collect();
            assert!(
                only_official.is_empty() && only_table.is_empty(),
                "{year}: off only in the notices {:?}, only in the table {:?}",
                show(&only_official),
                show(&only_table)
            );
            assert_eq!(show(&worked), show(&c_worked), "{year}: worked days");
        }
        assert_eq!(announced_days(2018), None);
        assert_eq!(announced_days(2027), None);
    }

    #[test]
    fn announced_tables_are_well_formed() {
        for year in 2019..=2026 {
            let days = announced_days(year).unwrap();
            let holidays: Vec<_> = days.iter().filter(|d| d.kind == DayKind::Holiday).collect();
            // Statutory count: 10 days under the 2012 code, 11 under the 2019 code, 12 with
            // the Ngày Văn hóa Việt Nam from 2026.
            assert_eq!(holidays.len(), statutory_count(year), "{year}");
            assert_eq!(
                holidays
                    .iter()
                    .filter(|d| d.label == TET_NGUYEN_DAN)
                    .count(),
                5
            );
            let mut prev = 0;
            for d in &days {
                let jd = jd_of(d.ymd);
                assert_eq!(d.ymd.0, year, "{d:?}");
                assert!(jd > prev, "{year}: not sorted or repeated at {d:?}");
                prev = jd;
                match d.kind {
                    DayKind::DayOff => assert!(!is_weekend(jd), "{d:?} is a weekend day"),
                    DayKind::WorkedDay => assert!(is_weekend(jd), "{d:?} is a weekday"),
                    DayKind::Holiday => {}
                }
            }
            // The 5 Tết days are consecutive and hold lunar 1/1.
            let tet: Vec<i64> = holidays
                .iter()
                .filter(|d| d.label == TET_NGUYEN_DAN)
                .map(|d| jd_of(d.ymd))
                .collect();
            assert_eq!(tet[4] - tet[0], 4);
            let new_year = jd_of(lunar_to_solar(lunar(year, 1, 1, false)).unwrap());
            assert!(tet.contains(&new_year), "{year}");
            // Fixed-date holidays and Giỗ Tổ are where the law puts them.
            let hung = lunar_to_solar(lunar(year, 3, 10, false)).unwrap();
            let mut fixed = vec![
                ((year, 1, 1), TET_DUONG_LICH),
                (hung, GIO_TO),
                ((year, 4, 30), CHIEN_THANG),
                ((year, 5, 1), LAO_DONG),
                ((year, 9, 2), QUOC_KHANH),
            ];
            if year >= VAN_HOA_FROM {
                fixed.push(((year, 11, 24), VAN_HOA));
            }
            for (ymd, label) in fixed {
                assert!(
                    holidays.iter().any(|d| d.ymd == ymd && d.label == label),
                    "{year} {label}"
                );
            }
            // Every weekend-day holiday is made up for by a weekday off.
            let weekend_holidays = holidays.iter().filter(|d| is_weekend(jd_of(d.ymd))).count();
            let days_off = days.iter().filter(|d| d.kind == DayKind::DayOff).count();
            let worked = days.iter().filter(|d| d.kind == DayKind::WorkedDay).count();
            // 2019: the day off swapped for Sat 5/1/2019 was 31/12/2018.
            let bridged_from_last_year = if year == 2019 { 1 } else { 0 };
            assert_eq!(
                days_off + bridged_from_last_year,
                weekend_holidays + worked,
                "{year}"
            );
        }
    }

    #[test]
    fn statutory_holidays_are_off_in_the_official_calendar() {
        for &(year, periods) in OFFICIAL {
            let (off, _) = official_sets(year, periods);
            for d in rule_days(year)
                .iter()
                .filter(|d| d.kind == DayKind::Holiday)
            {
                assert!(off.contains(&jd_of(d.ymd)), "{year}: {d:?} is not off");
            }
        }
    }

    #[test]
    fn rules() {
        for year in 1990..=2100 {
            let days = rule_days(year);
            let holidays = days.iter().filter(|d| d.kind == DayKind::Holiday).count();
            assert_eq!(holidays, statutory_count(year), "{year}");
            let weekend = days
                .iter()
                .filter(|d| d.kind == DayKind::Holiday && is_weekend(jd_of(d.ymd)))
                .count();
            let comp: Vec<_> = days.iter().filter(|d| d.kind == DayKind::DayOff).collect();
            assert_eq!(comp.len(), weekend, "{year}");
            assert!(comp
                .iter()
                .all(|d| !is_weekend(jd_of(d.ymd)) && d.label == NGHI_BU));
            assert!(days
                .iter()
                .all(|d| d.kind != DayKind::WorkedDay && d.ymd.0 == year));
            assert!(
                days.windows(2).all(|w| jd_of(w[0].ymd) < jd_of(w[1].ymd)),
                "{year}"
            );
        }
        // Where no decision moved anything, the rules give the announced days: all of 2022;
        // 2020, 2021 and 2023 apart from the Tết placement (mid-January to February).
        assert_eq!(rule_days(2022), announced_days(2022).unwrap());
        let outside_tet = |d: &SpecialDay| !(d.ymd.1 == 2 || d.ymd.1 == 1 && d.ymd.2 >= 15);
        for year in [2020, 2021, 2023] {
            let rules: Vec<_> = rule_days(year).into_iter().filter(outside_tet).collect();
            let announced: Vec<_> = announced_days(year)
                .unwrap()
                .into_iter()
                .filter(outside_tet)
                .collect();
            assert_eq!(rules, announced, "{year}");
        }
        // Tết 2020 by the rules: 30 Chạp (24/1) + mùng 1–4, mùng 1–2 on Sat/Sun.
        let tet2020: Vec<_> = rule_days(2020)
            .into_iter()
            .filter(|d| d.ymd.1 == 1 && d.ymd.2 > 1)
            .map(|d| (d.ymd.2, d.kind))
            .collect();
        assert_eq!(
            tet2020,
            vec![
                (24, Holiday),
                (25, Holiday),
                (26, Holiday),
                (27, Holiday),
                (28, Holiday),
                (29, DayOff),
                (30, DayOff)
            ]
        );
        // 2/9 alone up to 2020; with 1/9 or 3/9 from 2021.
        let national = |y: i32| -> Vec<(u32, u32)> {
            rule_days(y)
                .into_iter()
                .filter(|d| d.label == QUOC_KHANH)
                .map(|d| (d.ymd.1, d.ymd.2))
                .collect()
        };
        assert_eq!(national(2020), vec![(9, 2)]);
        assert_eq!(national(2021), vec![(9, 2), (9, 3)]);
        assert_eq!(national(2022), vec![(9, 1), (9, 2)]);
        assert_eq!(national(2024), vec![(9, 2), (9, 3)]);
        assert_eq!(national(2025), vec![(9, 1), (9, 2)]);
        assert_eq!(national(2026), vec![(9, 1), (9, 2)]);
        // 2/9/2029 is a Sunday: 1/9 (Sat) is the adjacent day, both made up on Mon–Tue.
        let y2029: Vec<_> = rule_days(2029)
            .into_iter()
            .filter(|d| d.ymd.1 == 9)
            .map(|d| (d.ymd.2, d.kind))
            .collect();
        assert_eq!(
            y2029,
            vec![(1, Holiday), (2, Holiday), (3, DayOff), (4, DayOff)]
        );
    }

    /// 24/11, Ngày Văn hóa Việt Nam (Nghị quyết 80-NQ/TW), is a holiday from 2026, made up
    /// on the next working day when it falls on a weekend, as python-holidays 0.109 has it.
    #[test]
    fn culture_day_from_2026() {
        let november = |y: i32| -> Vec<(u32, DayKind, &'static str)> {
            rule_days(y)
                .into_iter()
                .filter(|d| d.ymd.1 == 11)
                .map(|d| (d.ymd.2, d.kind, d.label))
                .collect()
        };
        assert_eq!(VAN_HOA_FROM, 2026);
        assert!(november(2025).is_empty());
        assert!(!announced_days(2025).unwrap().iter().any(|d| d.ymd.1 == 11));
        // Tuesday 24/11/2026, in the rules and in the announced year
        assert_eq!(weekday(jd_from_ymd(2026, 11, 24)), 2);
        assert_eq!(november(2026), vec![(24, Holiday, VAN_HOA)]);
        let announced: Vec<_> = announced_days(2026)
            .unwrap()
            .into_iter()
            .filter(|d| d.ymd.1 == 11)
            .collect();
        assert_eq!(announced, vec![day(2026, 11, 24, Holiday, VAN_HOA)]);
        // Saturday 24/11/2029: made up on Monday 26/11; Sunday 24/11/2030: on Monday 25/11
        assert_eq!(weekday(jd_from_ymd(2029, 11, 24)), 6);
        assert_eq!(
            november(2029),
            vec![(24, Holiday, VAN_HOA), (26, DayOff, NGHI_BU)]
        );
        assert_eq!(weekday(jd_from_ymd(2030, 11, 24)), 0);
        assert_eq!(
            november(2030),
            vec![(24, Holiday, VAN_HOA), (25, DayOff, NGHI_BU)]
        );
        // as working days
        let cal = crate::workdays::WorkCalendar::from_rules([2025, 2026, 2029]);
        let d = |y: i32, m: u32, day: u32| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(
            cal.is_working(d(2025, 11, 24)),
            "Monday 24/11/2025 is worked"
        );
        assert!(
            !cal.is_working(d(2026, 11, 24)),
            "Tuesday 24/11/2026 is off"
        );
        assert!(cal.is_working(d(2026, 11, 23)) && cal.is_working(d(2026, 11, 25)));
        assert!(
            !cal.is_working(d(2029, 11, 26)),
            "Monday 26/11/2029 makes up for it"
        );
        assert!(cal.is_working(d(2029, 11, 27)));
        // a meeting on Friday 20/11/2026: due on the 5th working day, 24/11 skipped
        assert_eq!(cal.add(d(2026, 11, 20), 5), d(2026, 11, 30));
    }
}
