//! The attendance figures: the SQL and the counting behind the dashboard's attendance,
//! reports and quality panels, the periodic reports' figures and the review's. Every figure comes from the rows the other features
//! keep (assignments, meetings, attendance, absences, reports, recommendations), so a
//! merged cell's past meetings still count: they keep their cell and ward.
//!
//! Definitions (the page says them too):
//! - *expected*: a member on the month's board for a cell (or the substitute sent for
//!   him) at a cell meeting that took place in the period (not postponed or cancelled);
//! - *attended*: the attendance confirmed by the board or the ward, or else the member's
//!   check-in or report;
//! - a report is owed by every member expected who did not report an absence; it is due
//!   at the end of the 5th working day after the meeting (the city's working-day calendar);
//!   *on time* if submitted by then, *late* if after, *missing* if not submitted and due;
//! - *recommendations*: those raised in the period, and earlier ones still open;
//! - *invitations*: one ward committee meeting with the group invited is due for each month
//!   and ward a group followed.

use super::model::{AbsenceReason, Attendance, Rate, ReportCounts, Reports};
use crate::auth::visibility::Reach as DashScope;
use crate::error::AppResult;
use crate::helpers::next_month;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use std::collections::BTreeMap;

/// What the figures are of: the city, the period [from, end), the caller's scope and the
/// filters already checked against it.
pub struct Ctx {
    pub city: i64,
    pub from: NaiveDate,
    /// The first day after the period.
    pub end: NaiveDate,
    pub today: NaiveDate,
    pub scope: DashScope,
    pub ward: Option<i64>,
    pub group: Option<i64>,
}

impl Ctx {
    /// The first day of the current month.
    pub fn this_month(&self) -> NaiveDate {
        crate::helpers::first_of_month(self.today)
    }

    /// The groups the caller's figures are of (None: every group).
    pub async fn my_groups(&self, pool: &PgPool) -> AppResult<Option<Vec<i64>>> {
        if let Some(g) = self.group {
            return Ok(Some(vec![g]));
        }
        match self.scope {
            DashScope::Groups(person) => Ok(Some(
                sqlx::query_scalar!(
                    "SELECT DISTINCT group_id FROM group_members
                     WHERE city_id = $1 AND person_id = $2 AND active_from < $4 AND (active_to IS NULL OR active_to > $3)",
                    self.city,
                    person,
                    self.from,
                    self.end,
                )
                .fetch_all(pool)
                .await?,
            )),
            _ => Ok(None),
        }
    }

    /// The wards the caller's figures are of (None: every ward of the city).
    pub async fn my_wards(&self, pool: &PgPool, groups: &Option<Vec<i64>>) -> AppResult<Option<Vec<i64>>> {
        if let Some(w) = self.ward {
            return Ok(Some(vec![w]));
        }
        if let DashScope::Ward(w) = self.scope {
            return Ok(Some(vec![w]));
        }
        match groups {
            None => Ok(None),
            Some(gs) => Ok(Some(
                sqlx::query_scalar!(
                    "SELECT DISTINCT ward_id FROM group_wards
                     WHERE group_id = ANY($1) AND active_from < $3 AND (active_to IS NULL OR active_to > $2)",
                    gs,
                    self.from,
                    self.end,
                )
                .fetch_all(pool)
                .await?,
            )),
        }
    }
}

pub use crate::reports::rule::{report_state, ReportState};

/// One (meeting, member expected) pair, as the findings read it.
#[derive(Debug, Clone)]
pub struct Expected {
    pub meeting_id: i64,
    pub month: NaiveDate,
    pub day: NaiveDate,
    pub person_id: i64,
    pub person: String,
    pub ward_id: i64,
    pub group_id: i64,
    pub group: String,
    pub attended: bool,
    pub absence: Option<AbsenceReason>,
    pub report: ReportState,
    /// In the last months of the period (`rollup::RECENT_MONTHS`): counts among a member's
    /// last meetings. Earlier rows are only his clashes and missing reports.
    pub recent: bool,
}

/// The counts of one (month, ward, group): what the rollup keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub expected: i64,
    pub attended: i64,
    pub substituted: i64,
    pub absent_reason: i64,
    pub absent_clash: i64,
    pub on_time: i64,
    pub late: i64,
    pub missing: i64,
    pub pending: i64,
    /// Reports submitted at quality level 1 … 4.
    pub levels: [i64; 4],
}

/// A (month, ward, group) with its counts, as the rollup keeps it; group_id 0 when the
/// member was on no board.
#[derive(Debug, Clone)]
pub struct Bucket {
    pub month: NaiveDate,
    pub ward_id: i64,
    pub group_id: i64,
    pub counts: Counts,
}

/// One (meeting, member expected) row as `expected_rows` reads it.
pub struct ExpectedRow {
    pub meeting_id: i64,
    /// The member expected.
    pub person_id: i64,
    /// The meeting's month.
    pub month: NaiveDate,
    /// Its day in Vietnam.
    pub day: NaiveDate,
    pub ward_id: i64,
    pub group_id: Option<i64>,
    /// A substitute was sent.
    pub substituted: bool,
    /// Attendance confirmed.
    pub confirmed: Option<bool>,
    /// Absence reported, its reason.
    pub absence: Option<AbsenceReason>,
    pub checked_in: bool,
    /// Report submitted.
    pub submitted: Option<DateTime<Utc>>,
    /// The report's overall level.
    pub level: Option<i16>,
}

/// The (meeting, member expected) rows of the city's cell meetings that took place before
/// `before` (not postponed or cancelled) in the given (ward, month) pairs. Ids only: the
/// names are joined when the rollup is read (joined here to thousands of rows, they turned
/// the plan into hash joins over whole tables).
pub async fn expected_rows<'e, E: sqlx::PgExecutor<'e>>(
    db: E,
    city: i64,
    (wards, months): (&[i64], &[NaiveDate]),
    before: DateTime<Utc>,
) -> AppResult<Vec<ExpectedRow>> {
    let (Some(first), Some(last)) = (months.iter().min(), months.iter().max()) else {
        return Ok(Vec::new());
    };
    Ok(sqlx::query_as!(
        ExpectedRow,
        r#"SELECT m.id AS meeting_id, e.person_id AS "person_id!", m.month, (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS "day!",
                m.ward_id, a.group_id AS "group_id?", e.person_id <> a.person_id AS "substituted!", att.attended AS "confirmed?",
                ab.reason AS "absence?: AbsenceReason", r.checked_in_at IS NOT NULL AS "checked_in!", r.submitted_at AS "submitted?",
                r.overall_level AS "level?"
         FROM meetings m
         JOIN unnest($2::bigint[], $3::date[]) AS sw(ward_id, month) ON sw.ward_id = m.ward_id AND sw.month = m.month
         -- who is expected at a cell meeting (the view meeting_expected's first branch,
         -- written out: joined to many meetings, the view is computed whole)
         JOIN assignments a ON a.cell_id = m.cell_id AND a.month = m.month
         LEFT JOIN meeting_substitutes s ON s.meeting_id = m.id AND s.person_id = a.person_id
         CROSS JOIN LATERAL (SELECT COALESCE(s.substitute_id, a.person_id) AS person_id) e
         LEFT JOIN meeting_attendance att ON att.meeting_id = m.id AND att.person_id = e.person_id
         LEFT JOIN meeting_absences ab ON ab.meeting_id = m.id AND ab.person_id = e.person_id
         LEFT JOIN attendance_reports r ON r.meeting_id = m.id AND r.person_id = e.person_id
         WHERE m.city_id = $1 AND m.cell_id IS NOT NULL AND m.status IN ('planned', 'announced', 'held')
           AND m.starts_at < $6 AND m.month >= $4 AND m.month <= $5"#,
        city,
        wards,
        months,
        first,
        last,
        before,
    )
    .fetch_all(db)
    .await?)
}

/// Counts the rows into (month, ward, group) buckets, with each row's state as the findings
/// read it. A report is due 5 working days after its meeting (`cal`), missing once `today`
/// is past that.
pub fn count_rows(rows: Vec<ExpectedRow>, cal: &crate::workdays::WorkCalendar, today: NaiveDate) -> (Vec<Bucket>, Vec<Expected>) {
    let mut buckets: BTreeMap<(NaiveDate, i64, i64), Bucket> = BTreeMap::new();
    let mut expected = Vec::with_capacity(rows.len());
    for row in rows {
        let ExpectedRow {
            meeting_id, person_id, month, day, ward_id, group_id, substituted, confirmed, absence, checked_in, submitted, level,
        } = row;
        let attended = crate::reports::rule::attended(confirmed, checked_in, submitted.is_some());
        let group_id = group_id.unwrap_or(0);
        let b = buckets.entry((month, ward_id, group_id)).or_insert_with(|| Bucket { month, ward_id, group_id, counts: Counts::default() });
        let c = &mut b.counts;
        c.expected += 1;
        c.attended += i64::from(attended);
        c.substituted += i64::from(substituted);
        if !attended && absence.is_some() {
            c.absent_reason += 1;
            c.absent_clash += i64::from(absence == Some(AbsenceReason::Clash));
        }
        let report = if absence.is_some() {
            ReportState::NotOwed
        } else {
            let state = report_state(submitted, crate::reports::rule::report_due(cal, day), today);
            match state {
                ReportState::OnTime => c.on_time += 1,
                ReportState::Late => c.late += 1,
                ReportState::Missing => c.missing += 1,
                _ => c.pending += 1,
            }
            state
        };
        if let (Some(_), Some(l)) = (submitted, level) {
            if (1..=4).contains(&l) {
                c.levels[(l - 1) as usize] += 1;
            }
        }
        expected.push(Expected {
            meeting_id,
            month,
            day,
            person_id,
            person: String::new(),
            ward_id,
            group_id,
            group: String::new(),
            attended,
            absence,
            report,
            recent: true,
        });
    }
    (buckets.into_values().collect(), expected)
}


/// Attendance, reports owed and quality levels, from the rollup of the period's ward-months.
pub async fn attendance(pool: &PgPool, ctx: &Ctx, groups: &Option<Vec<i64>>) -> AppResult<(Attendance, Reports, Vec<i64>, Vec<Expected>)> {
    // a ward chosen, or ward staff's own (their only choice)
    let ward = match ctx.scope {
        DashScope::Ward(w) => Some(w),
        _ => ctx.ward,
    };
    // every month of the period up to this one, from the rollup (computed again where stale)
    let end = ctx.end.min(next_month(ctx.this_month()));
    let (sums, expected) = if ctx.from < end {
        super::rollup::read(pool, ctx.city, (ctx.from, end), ward, groups).await?
    } else {
        Default::default()
    };

    let mut att = Attendance::default();
    let mut months: BTreeMap<NaiveDate, (i64, i64)> = BTreeMap::new();
    let mut m = ctx.from;
    while m < ctx.end && m <= ctx.this_month() {
        months.insert(m, (0, 0));
        m = next_month(m);
    }
    let mut reports = Reports::default();
    let mut quality = vec![0_i64; 4];
    for (month, c) in &sums.by_month {
        att.expected += c.expected;
        att.attended += c.attended;
        att.substituted += c.substituted;
        att.absent_with_reason += c.absent_reason;
        att.absent_clash += c.absent_clash;
        let e = months.entry(*month).or_insert((0, 0));
        e.0 += c.expected;
        e.1 += c.attended;
        reports.total.on_time += c.on_time;
        reports.total.late += c.late;
        reports.total.missing += c.missing;
        reports.total.pending += c.pending;
        for (q, n) in quality.iter_mut().zip(c.levels) {
            *q += n;
        }
    }
    // wards and groups that share a name are shown as one
    let mut by_ward: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for (name, c) in &sums.by_ward {
        let e = by_ward.entry(name.clone()).or_insert((0, 0));
        e.0 += c.expected;
        e.1 += c.attended;
    }
    let mut by_group: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut report_groups: BTreeMap<String, ReportCounts> = BTreeMap::new();
    for (name, c) in &sums.by_group {
        let e = by_group.entry(name.clone()).or_insert((0, 0));
        e.0 += c.expected;
        e.1 += c.attended;
        if c.on_time + c.late + c.missing + c.pending > 0 {
            let g = report_groups.entry(name.clone()).or_insert_with(|| ReportCounts { label: name.clone(), ..Default::default() });
            g.on_time += c.on_time;
            g.late += c.late;
            g.missing += c.missing;
            g.pending += c.pending;
        }
    }
    // "Tổ 2" before "Tổ 10"
    let rates = |m: BTreeMap<String, (i64, i64)>| {
        let mut v: Vec<Rate> = m.into_iter().map(|(label, (expected, attended))| Rate { label, expected, attended }).collect();
        v.sort_by_cached_key(|r| crate::helpers::natural_key(&r.label));
        v
    };
    att.by_month = months
        .into_iter()
        .map(|(m, (expected, attended))| Rate { label: m.format("%m/%y").to_string(), expected, attended })
        .collect();
    att.by_group = rates(by_group);
    att.by_ward = rates(by_ward);
    reports.by_group = report_groups.into_values().collect();
    reports.by_group.sort_by_cached_key(|c| crate::helpers::natural_key(&c.label));
    Ok((att, reports, quality, expected))
}

