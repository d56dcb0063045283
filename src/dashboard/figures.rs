//! The dashboard's SQL and counting. Every figure comes from the rows the other features
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

use super::model::*;
use super::permissions::DashScope;
use crate::error::AppResult;
use crate::groups::next_month;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
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
        self.today.with_day(1).unwrap_or(self.today)
    }

    /// The groups the caller's figures are of (None: every group).
    pub async fn my_groups(&self, pool: &PgPool) -> AppResult<Option<Vec<i64>>> {
        if let Some(g) = self.group {
            return Ok(Some(vec![g]));
        }
        match self.scope {
            DashScope::Groups(person) => Ok(Some(
                sqlx::query_scalar(
                    "SELECT DISTINCT group_id FROM group_members
                     WHERE city_id = $1 AND person_id = $2 AND active_from < $4 AND (active_to IS NULL OR active_to > $3)",
                )
                .bind(self.city)
                .bind(person)
                .bind(self.from)
                .bind(self.end)
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
                sqlx::query_scalar(
                    "SELECT DISTINCT ward_id FROM group_wards
                     WHERE group_id = ANY($1) AND active_from < $3 AND (active_to IS NULL OR active_to > $2)",
                )
                .bind(gs)
                .bind(self.from)
                .bind(self.end)
                .fetch_all(pool)
                .await?,
            )),
        }
    }
}

/// The wards and groups the caller may choose among for the period.
pub async fn choices(pool: &PgPool, city: i64, scope: DashScope, from: NaiveDate, end: NaiveDate) -> AppResult<(Vec<(i64, String)>, Vec<(i64, String)>)> {
    let (all, person, ward) = match scope {
        DashScope::City => (true, -1, -1),
        DashScope::Groups(p) => (false, p, -1),
        DashScope::Ward(w) => (false, -1, w),
    };
    let groups: Vec<(i64, String)> = sqlx::query_as(
        "SELECT g.id, g.name FROM working_groups g
         WHERE g.city_id = $1 AND g.active_from < $3 AND (g.active_to IS NULL OR g.active_to > $2)
           AND ($4 OR g.id IN (SELECT group_id FROM group_members WHERE person_id = $5
                               AND active_from < $3 AND (active_to IS NULL OR active_to > $2)))
         ORDER BY g.name",
    )
    .bind(city)
    .bind(from)
    .bind(end)
    .bind(all)
    .bind(person)
    .fetch_all(pool)
    .await?;
    let wards: Vec<(i64, String)> = sqlx::query_as(
        "SELECT w.id, w.name FROM org_units w
         WHERE w.city_id = $1 AND w.kind = 'ward' AND w.active_from < $3 AND (w.active_to IS NULL OR w.active_to > $2)
           AND ($4 OR w.id = $6 OR w.id IN (
                SELECT gw.ward_id FROM group_wards gw JOIN group_members gm ON gm.group_id = gw.group_id
                WHERE gm.person_id = $5 AND gw.active_from < $3 AND (gw.active_to IS NULL OR gw.active_to > $2)
                  AND gm.active_from < $3 AND (gm.active_to IS NULL OR gm.active_to > $2)))
         ORDER BY w.name",
    )
    .bind(city)
    .bind(from)
    .bind(end)
    .bind(all)
    .bind(person)
    .bind(ward)
    .fetch_all(pool)
    .await?;
    // ward staff see their ward's figures whichever group follows it: no group to choose
    let groups = if matches!(scope, DashScope::Ward(_)) { Vec::new() } else { groups };
    Ok((wards, groups))
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
    pub absence: Option<String>,
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

pub type ExpectedRow = (
    i64,                    // the meeting
    i64,                    // the member expected
    NaiveDate,              // the meeting's month
    NaiveDate,              // its day in Vietnam
    i64,                    // ward
    Option<i64>,            // group
    bool,                   // a substitute was sent
    Option<bool>,           // attendance confirmed
    Option<String>,         // absence reported, its reason
    bool,                   // checked in
    Option<DateTime<Utc>>,  // report submitted
    Option<i16>,            // the report's overall level
);

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
    Ok(sqlx::query_as(
        "SELECT m.id, e.person_id, m.month, (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, m.ward_id, a.group_id,
                e.person_id <> a.person_id, att.attended, ab.reason,
                r.checked_in_at IS NOT NULL, r.submitted_at, r.overall_level
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
           AND m.starts_at < $6 AND m.month >= $4 AND m.month <= $5",
    )
    .bind(city)
    .bind(wards)
    .bind(months)
    .bind(first)
    .bind(last)
    .bind(before)
    .fetch_all(db)
    .await?)
}

/// Counts the rows into (month, ward, group) buckets, with each row's state as the findings
/// read it. A report is due 5 working days after its meeting (`cal`), missing once `today`
/// is past that.
pub fn count_rows(rows: Vec<ExpectedRow>, cal: &crate::workdays::WorkCalendar, today: NaiveDate) -> (Vec<Bucket>, Vec<Expected>) {
    let mut buckets: BTreeMap<(NaiveDate, i64, i64), Bucket> = BTreeMap::new();
    let mut expected = Vec::with_capacity(rows.len());
    for (meeting_id, person_id, month, day, ward_id, group_id, substituted, confirmed, absence, checked_in, submitted, level) in rows {
        let attended = crate::reports::rule::attended(confirmed, checked_in, submitted.is_some());
        let group_id = group_id.unwrap_or(0);
        let b = buckets.entry((month, ward_id, group_id)).or_insert_with(|| Bucket { month, ward_id, group_id, counts: Counts::default() });
        let c = &mut b.counts;
        c.expected += 1;
        c.attended += i64::from(attended);
        c.substituted += i64::from(substituted);
        if !attended && absence.is_some() {
            c.absent_reason += 1;
            c.absent_clash += i64::from(absence.as_deref() == Some("clash"));
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

/// Recommendations raised in the period and earlier ones still open, by status, domain,
/// body and (open ones) age.
pub async fn recommendations(pool: &PgPool, ctx: &Ctx, wards: &Option<Vec<i64>>) -> AppResult<Recs> {
    let rows: Vec<(String, String, Option<i64>, i32, bool, i64)> = sqlx::query_as(
        "SELECT r.status, r.domain, r.body_id,
                    CASE WHEN $4 - r.raised_on < 30 THEN 0 WHEN $4 - r.raised_on < 90 THEN 1
                         WHEN $4 - r.raised_on < 365 THEN 2 ELSE 3 END AS age,
                    COALESCE(r.status IN ('new', 'forwarded', 'in_progress', 'clarification') AND r.due_on < $4, false) AS overdue,
                    count(*) AS n
             FROM recommendations r
             WHERE r.city_id = $1 AND r.deleted_at IS NULL
               AND ((r.raised_on >= $2 AND r.raised_on < $3)
                    OR (r.raised_on < $2 AND r.status IN ('new', 'forwarded', 'in_progress', 'clarification')))
               AND ($5::bigint[] IS NULL OR r.ward_id = ANY($5))
             GROUP BY 1, 2, 3, 4, 5",
    )
    .bind(ctx.city)
    .bind(ctx.from)
    .bind(ctx.end)
    .bind(ctx.today)
    .bind(wards)
    .fetch_all(pool)
    .await?;
    // the bodies' names read by id after counting
    let body_ids: Vec<i64> = rows.iter().filter_map(|r| r.2).collect();
    let body_names = super::rollup::names(pool, super::rollup::Names::Units, &body_ids).await?;
    let mut recs = Recs { open_ages: vec![0; 4], ..Default::default() };
    let mut domains: BTreeMap<String, RecCounts> = BTreeMap::new();
    let mut bodies: BTreeMap<String, RecCounts> = BTreeMap::new();
    for (status, domain, body, age, overdue, n) in rows {
        let d = domains.entry(domain.clone()).or_insert_with(|| RecCounts { label: domain, ..Default::default() });
        let body = body.and_then(|id| body_names.get(&id).cloned()).unwrap_or_default();
        let b = bodies.entry(body.clone()).or_insert_with(|| RecCounts { label: body, ..Default::default() });
        for c in [&mut recs.total, d, b] {
            match status.as_str() {
                "answered" => c.answered += n,
                "closed" => c.closed += n,
                "refused" | "merged" => c.other += n,
                _ => c.open += n,
            }
            if overdue {
                c.overdue += n;
            }
        }
        if crate::recommendations::model::OPEN.contains(&status.as_str()) {
            recs.open_ages[age.clamp(0, 3) as usize] += n;
        }
    }
    recs.by_domain = domains.into_values().collect();
    // the bodies with the most open items first; items not yet sent to a body have none
    let mut by_body: Vec<RecCounts> = bodies.into_values().collect();
    by_body.sort_by(|a, b| (b.open + b.answered, &a.label).cmp(&(a.open + a.answered, &b.label)));
    recs.by_body = by_body;
    Ok(recs)
}

/// Ward committee invitations received against those due (one a month for each ward a
/// group followed that month), months up to the current one.
pub async fn invitations(pool: &PgPool, ctx: &Ctx, wards: &Option<Vec<i64>>, groups: &Option<Vec<i64>>) -> AppResult<(Invitations, Vec<(i64, String, i64, i64)>)> {
    let last = crate::groups::prev_month(ctx.end).min(ctx.this_month());
    if last < ctx.from {
        return Ok((Invitations::default(), Vec::new()));
    }
    // the wards, the spans groups followed them and the months they invited a group, each
    // read once and matched here (a correlated subquery per ward-month was 10,000 of them)
    let ward_list: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, name FROM org_units WHERE city_id = $1 AND kind = 'ward' AND ($2::bigint[] IS NULL OR id = ANY($2))
         ORDER BY name, id",
    )
    .bind(ctx.city)
    .bind(wards)
    .fetch_all(pool)
    .await?;
    let ids: Vec<i64> = ward_list.iter().map(|w| w.0).collect();
    let spans: Vec<(i64, NaiveDate, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT ward_id, active_from, active_to FROM group_wards
         WHERE city_id = $1 AND ward_id = ANY($2) AND ($3::bigint[] IS NULL OR group_id = ANY($3))
           AND active_from < $5 AND (active_to IS NULL OR active_to > $4)",
    )
    .bind(ctx.city)
    .bind(&ids)
    .bind(groups)
    .bind(ctx.from)
    .bind(next_month(last))
    .fetch_all(pool)
    .await?;
    let invited: std::collections::HashSet<(i64, NaiveDate)> = sqlx::query_as::<_, (i64, NaiveDate)>(
        "SELECT DISTINCT ward_id, month FROM meetings
         WHERE ward_id = ANY($1) AND kind = 'ward_committee' AND month >= $2 AND month <= $3
           AND invited_at IS NOT NULL AND status <> 'cancelled'",
    )
    .bind(&ids)
    .bind(ctx.from)
    .bind(last)
    .fetch_all(pool)
    .await?
    .into_iter()
    .collect();
    let mut followed: BTreeMap<i64, Vec<(NaiveDate, Option<NaiveDate>)>> = BTreeMap::new();
    for (w, f, t) in spans {
        followed.entry(w).or_default().push((f, t));
    }
    let mut rows: Vec<(i64, String, i64, i64)> = Vec::new();
    for (id, name) in ward_list {
        let Some(spans) = followed.get(&id) else { continue };
        let (mut due, mut got) = (0, 0);
        let mut m = ctx.from;
        while m <= last {
            let next = next_month(m);
            if spans.iter().any(|(f, t)| *f < next && t.is_none_or(|t| t > m)) {
                due += 1;
                got += i64::from(invited.contains(&(id, m)));
            }
            m = next;
        }
        if due > 0 {
            rows.push((id, name, due, got));
        }
    }
    let inv = Invitations {
        due: rows.iter().map(|r| r.2).sum(),
        received: rows.iter().map(|r| r.3).sum(),
        by_ward: rows.iter().map(|r| (r.1.clone(), r.2, r.3)).collect(),
    };
    Ok((inv, rows))
}

/// The wards' periodic reports whose period ended in [from, end) (a month, quarter or
/// half-year), of the wards in the caller's figures, by their state today; and the
/// missing ones per ward: (ward id, ward, period keys).
pub async fn ward_reports(pool: &PgPool, ctx: &Ctx, wards: &Option<Vec<i64>>) -> AppResult<(WardReports, Vec<(i64, String, Vec<String>)>)> {
    use crate::periodic::model::{DueCounts, Reporter, State};
    let periods: Vec<_> = (ctx.from.year()..=ctx.end.year())
        .flat_map(crate::periodic::api::periods_of_year)
        .filter(|p| Reporter::Ward.cadences().contains(&p.cadence) && p.end >= ctx.from && p.end < ctx.end)
        .collect();
    let mut total = DueCounts::default();
    let mut by_ward: BTreeMap<(String, i64), (DueCounts, Vec<String>)> = BTreeMap::new();
    for o in crate::periodic::api::owed(pool, ctx.city, &periods, None).await? {
        if o.reporter != Reporter::Ward || wards.as_ref().is_some_and(|ws| !ws.contains(&o.id)) {
            continue;
        }
        let state = o.state(ctx.today);
        if state == State::Open {
            continue;
        }
        total.add(state);
        let e = by_ward.entry((o.name.clone(), o.id)).or_insert_with(|| (DueCounts { label: o.name.clone(), ..Default::default() }, Vec::new()));
        e.0.add(state);
        if state == State::Missing {
            e.1.push(o.period.key());
        }
    }
    let missing = by_ward.iter().filter(|(_, v)| !v.1.is_empty()).map(|((name, id), v)| (*id, name.clone(), v.1.clone())).collect();
    Ok((WardReports { total, by_ward: by_ward.into_values().map(|v| v.0).collect() }, missing))
}
