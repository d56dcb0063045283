//! Periodic reports as the pages receive them, and the periods themselves: a month, a
//! quarter, a half-year or a year, named by a key the URLs carry ("2026-10", "2026-Q3",
//! "2026-H1", "2026").

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Cadence {
    Month,
    Quarter,
    Half,
    Year,
}

impl Cadence {
    pub fn key(self) -> &'static str {
        match self {
            Cadence::Month => "month",
            Cadence::Quarter => "quarter",
            Cadence::Half => "half",
            Cadence::Year => "year",
        }
    }

    pub fn parse(s: &str) -> Option<Cadence> {
        Some(match s {
            "month" => Cadence::Month,
            "quarter" => Cadence::Quarter,
            "half" => Cadence::Half,
            "year" => Cadence::Year,
            _ => return None,
        })
    }

    fn months(self) -> u32 {
        match self {
            Cadence::Month => 1,
            Cadence::Quarter => 3,
            Cadence::Half => 6,
            Cadence::Year => 12,
        }
    }
}

/// Who reports: a ward to the group that follows it, a group to the Standing Committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Reporter {
    Ward,
    Group,
}

impl Reporter {
    pub fn key(self) -> &'static str {
        match self {
            Reporter::Ward => "ward",
            Reporter::Group => "group",
        }
    }

    pub fn parse(s: &str) -> Option<Reporter> {
        match s {
            "ward" => Some(Reporter::Ward),
            "group" => Some(Reporter::Group),
            _ => None,
        }
    }

    /// The periods this reporter owes (seed I.2.3: wards monthly, quarterly, half-yearly;
    /// III.3: groups half-yearly and at the year's end).
    pub fn cadences(self) -> &'static [Cadence] {
        match self {
            Reporter::Ward => &[Cadence::Month, Cadence::Quarter, Cadence::Half],
            Reporter::Group => &[Cadence::Half, Cadence::Year],
        }
    }

    /// The narrative sections, in the form's order. The last one may stay empty.
    pub fn sections(self) -> &'static [&'static str] {
        match self {
            // seed I.2.3: socio-economic situation, defence and security, party building
            // and the political system, the issues that need the committee's direction
            Reporter::Ward => &["socio_economic", "defence_security", "party_building", "issues"],
            Reporter::Group => &["results", "shortcomings", "proposals"],
        }
    }

    /// The figures, in the form's order, pre-filled from the data.
    pub fn figures(self) -> &'static [&'static str] {
        match self {
            Reporter::Ward => &[
                "cell_meetings",
                "member_expected",
                "member_attended",
                "recs_raised",
                "recs_resolved",
                "committee_meetings",
                "group_invited",
            ],
            Reporter::Group => &[
                "wards",
                "member_expected",
                "member_attended",
                "reports_on_time",
                "reports_late",
                "reports_missing",
                "recs_raised",
                "recs_resolved",
                "ward_reports_received",
                "ward_reports_due",
            ],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Period {
    pub cadence: Cadence,
    pub start: NaiveDate,
    /// The last day, included.
    pub end: NaiveDate,
}

impl Period {
    /// The period of `cadence` numbered `n` (1-based) in `year`.
    pub fn nth(cadence: Cadence, year: i32, n: u32) -> Option<Period> {
        let months = cadence.months();
        if n == 0 || n * months > 12 {
            return None;
        }
        let first = (n - 1) * months + 1;
        let start = NaiveDate::from_ymd_opt(year, first, 1)?;
        let next = if first + months > 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, first + months, 1)?
        };
        Some(Period { cadence, start, end: next.pred_opt()? })
    }

    /// Every period of `cadence` in `year`.
    pub fn of_year(cadence: Cadence, year: i32) -> Vec<Period> {
        (1..=12 / cadence.months()).filter_map(|n| Period::nth(cadence, year, n)).collect()
    }

    fn number(&self) -> u32 {
        (self.start.month() - 1) / self.cadence.months() + 1
    }

    /// "2026-10", "2026-Q3", "2026-H1", "2026".
    pub fn key(&self) -> String {
        let y = self.start.year();
        match self.cadence {
            Cadence::Month => format!("{y}-{:02}", self.start.month()),
            Cadence::Quarter => format!("{y}-Q{}", self.number()),
            Cadence::Half => format!("{y}-H{}", self.number()),
            Cadence::Year => format!("{y}"),
        }
    }

    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        let (y, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s, None),
        };
        if y.len() != 4 {
            return None;
        }
        let year: i32 = y.parse().ok().filter(|y| (1990..=2200).contains(y))?;
        let (cadence, n) = match rest {
            None => (Cadence::Year, 1),
            Some(r) if r.starts_with('Q') => (Cadence::Quarter, r[1..].parse().ok()?),
            Some(r) if r.starts_with('H') => (Cadence::Half, r[1..].parse().ok()?),
            Some(r) if r.len() == 2 => (Cadence::Month, r.parse().ok()?),
            _ => return None,
        };
        Period::nth(cadence, year, n)
    }

    /// "Tháng 10/2026", "Quý III/2026", "6 tháng đầu năm 2026", "Năm 2026" (or English).
    pub fn label(&self, en: bool) -> String {
        let y = self.start.year();
        let n = self.number();
        let roman = ["I", "II", "III", "IV"][(n as usize - 1).min(3)];
        match (self.cadence, en) {
            (Cadence::Month, false) => format!("Tháng {}/{y}", self.start.month()),
            (Cadence::Month, true) => self.start.format("%B %Y").to_string(),
            (Cadence::Quarter, false) => format!("Quý {roman}/{y}"),
            (Cadence::Quarter, true) => format!("Q{n} {y}"),
            (Cadence::Half, false) if n == 1 => format!("6 tháng đầu năm {y}"),
            (Cadence::Half, false) => format!("6 tháng cuối năm {y}"),
            (Cadence::Half, true) if n == 1 => format!("First half of {y}"),
            (Cadence::Half, true) => format!("Second half of {y}"),
            (Cadence::Year, false) => format!("Năm {y}"),
            (Cadence::Year, true) => format!("Year {y}"),
        }
    }
}

/// A report's state today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum State {
    /// The period is not over: the report may be written already.
    Open,
    /// The period is over, not submitted yet, not yet past its due date.
    Due,
    OnTime,
    Late,
    /// Not submitted and past its due date.
    Missing,
}

impl State {
    pub fn key(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Due => "due",
            State::OnTime => "on_time",
            State::Late => "late",
            State::Missing => "missing",
        }
    }

    /// The state of a report of a period ending `end`, due `due` (end of that day),
    /// submitted on `submitted` (a day in Vietnam), seen on `today`.
    pub fn of(end: NaiveDate, due: NaiveDate, submitted: Option<NaiveDate>, today: NaiveDate) -> State {
        match submitted {
            Some(d) if d <= due => State::OnTime,
            Some(_) => State::Late,
            None if today > due => State::Missing,
            None if today > end => State::Due,
            None => State::Open,
        }
    }
}

/// One report owed, in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueLine {
    pub reporter: Reporter,
    pub reporter_id: i64,
    pub reporter_name: String,
    /// Whom it goes to: the group that follows the ward, or the Standing Committee.
    pub to: String,
    pub period: String,
    pub period_label: String,
    pub due_on: String,
    pub state: State,
    /// A draft is saved (not submitted).
    pub drafted: bool,
    pub submitted_at: Option<String>,
}

impl DueLine {
    pub fn href(&self) -> String {
        format!("/periodic/{}/{}/{}", self.reporter.key(), self.reporter_id, self.period)
    }
}

/// Received against due: counts of the lines by state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueCounts {
    pub label: String,
    /// Periods over (on time + late + missing + due).
    pub due: i64,
    pub on_time: i64,
    pub late: i64,
    pub missing: i64,
}

impl DueCounts {
    pub fn add(&mut self, s: State) {
        match s {
            State::Open => return,
            State::OnTime => self.on_time += 1,
            State::Late => self.late += 1,
            State::Missing => self.missing += 1,
            State::Due => {}
        }
        self.due += 1;
    }

    pub fn received(&self) -> i64 {
        self.on_time + self.late
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueList {
    pub year: i32,
    pub lines: Vec<DueLine>,
    pub total: DueCounts,
    /// The wards and groups whose reports the caller may write (their ids and kind).
    pub writes: Vec<(Reporter, i64)>,
}

/// One figure of the form: the value kept (or the data's, before the first save) and
/// the data's value beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub key: String,
    pub value: i64,
    pub computed: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub key: String,
    pub text: String,
}

crate::codes! {
    /// A periodic report's status: kept to be finished (a draft), or sent (submitted: final).
    pub enum PeriodicStatus {
        Draft = "draft" => "report.status.draft",
        Submitted = "submitted" => "report.status.submitted",
    }
}

/// [`ReportPage::status`] on the wire: its status's code, or "new" while nothing is saved.
mod status_or_new {
    use super::PeriodicStatus;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(s: &Option<PeriodicStatus>, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(s.map_or("new", PeriodicStatus::code))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PeriodicStatus>, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        match &*s {
            "new" => Ok(None),
            code => PeriodicStatus::parse(code)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom(format!("unknown PeriodicStatus {code:?}"))),
        }
    }
}

/// A report's page: its header, figures, sections and whether the caller may write it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportPage {
    pub line: DueLine,
    /// Its status, or None while nothing is saved (sent as "new").
    #[serde(with = "status_or_new")]
    pub status: Option<PeriodicStatus>,
    pub figures: Vec<Figure>,
    pub sections: Vec<Section>,
    pub version: i32,
    /// The key a submission carries (a double submit is one submission).
    pub submit_key: String,
    pub can_write: bool,
    pub submitted_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FigureInput {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SectionInput {
    pub key: String,
    #[serde(default)]
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_and_their_keys() {
        let q3 = Period::parse("2026-Q3").unwrap();
        assert_eq!((q3.start.to_string(), q3.end.to_string()), ("2026-07-01".into(), "2026-09-30".into()));
        assert_eq!(q3.key(), "2026-Q3");
        assert_eq!(q3.label(false), "Quý III/2026");
        let h2 = Period::parse("2026-H2").unwrap();
        assert_eq!(h2.end.to_string(), "2026-12-31");
        assert_eq!(h2.label(false), "6 tháng cuối năm 2026");
        let feb = Period::parse("2028-02").unwrap();
        assert_eq!(feb.end.to_string(), "2028-02-29");
        assert_eq!(Period::parse("2026").unwrap().end.to_string(), "2026-12-31");
        for bad in ["2026-13", "2026-Q5", "2026-H3", "2026-Q0", "26-01", "2026-1", "abc", "", "2026-", "9999", "2026-Qx"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(Period::of_year(Cadence::Month, 2026).len(), 12);
        assert_eq!(Period::of_year(Cadence::Quarter, 2026).len(), 4);
        for p in Period::of_year(Cadence::Quarter, 2026) {
            assert_eq!(Period::parse(&p.key()), Some(p));
        }
    }

    #[test]
    fn states() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let (end, due) = (d("2025-03-31"), d("2025-04-08"));
        assert_eq!(State::of(end, due, None, d("2025-03-20")), State::Open);
        assert_eq!(State::of(end, due, None, d("2025-04-08")), State::Due);
        assert_eq!(State::of(end, due, None, d("2025-04-09")), State::Missing);
        assert_eq!(State::of(end, due, Some(d("2025-04-08")), d("2025-05-01")), State::OnTime);
        assert_eq!(State::of(end, due, Some(d("2025-04-09")), d("2025-05-01")), State::Late);
    }
}
