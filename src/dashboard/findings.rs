//! The findings: the shortcomings the seed names (II.2), computed from the same rows as the
//! figures, each with its evidence and a link to the rows behind it.
//!
//! - members who missed at least `MISSED_OF` of their last `LAST_MEETINGS` meetings;
//! - members whose absences were clashes with other engagements;
//! - members with reports missing past their deadline;
//! - wards that did not invite the group to their committee meeting some month;
//! - wards that did not send a periodic report (month, quarter, half-year) by its due date;
//! - wards with recommendations past their due date;
//! - cells whose meetings were announced late;
//! - merged cells whose meetings the group attended less after the merge than before.

use super::figures::{Ctx, Expected, ReportState};
use crate::reports::model::AbsenceReason;
use super::model::*;
use crate::error::AppResult;
use sqlx::PgPool;
use std::collections::BTreeMap;

/// A member is a finding when he missed this many …
pub const MISSED_OF: usize = 2;
/// … of his last this many meetings in the period.
pub const LAST_MEETINGS: usize = 3;

/// A finding's evidence names at most this many dates or periods (its count keeps the total).
pub const EVIDENCE_ITEMS: usize = 6;

fn day(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The first `EVIDENCE_ITEMS` items, then "…" when there are more.
fn listed(items: impl IntoIterator<Item = String>) -> String {
    let mut items = items.into_iter();
    let mut shown: Vec<String> = items.by_ref().take(EVIDENCE_ITEMS).collect();
    if items.next().is_some() {
        shown.push("…".into());
    }
    shown.join(", ")
}

/// The findings about members, from the (meeting, member) rows.
pub fn of_members(rows: &[Expected]) -> Vec<Finding> {
    let mut by_person: BTreeMap<i64, Vec<&Expected>> = BTreeMap::new();
    for r in rows {
        by_person.entry(r.person_id).or_default().push(r);
    }
    let mut out = Vec::new();
    for list in by_person.values_mut() {
        list.sort_by_key(|r| std::cmp::Reverse(r.day));
        let who = |r: &Expected| if r.group.is_empty() { r.person.clone() } else { format!("{} ({})", r.person, r.group) };
        // earlier months' rows are only the exceptions: the last meetings are the recent ones
        let last: Vec<&&Expected> = list.iter().filter(|r| r.recent).take(LAST_MEETINGS).collect();
        let missed: Vec<&&Expected> = last.iter().copied().filter(|r| !r.attended).collect();
        if missed.len() >= MISSED_OF {
            out.push(Finding {
                kind: "absences".into(),
                subject: who(missed[0]),
                evidence: format!("{}/{}: {}", missed.len(), last.len(), missed.iter().map(|r| day(r.day)).collect::<Vec<_>>().join(", ")),
                count: missed.len() as i64,
                href: format!("/meetings/{}", missed[0].meeting_id),
            });
        }
        let clashes: Vec<&&Expected> = list.iter().filter(|r| r.absence == Some(AbsenceReason::Clash)).collect();
        if let Some(first) = clashes.first() {
            out.push(Finding {
                kind: "clashes".into(),
                subject: who(first),
                evidence: listed(clashes.iter().map(|r| day(r.day))),
                count: clashes.len() as i64,
                href: format!("/meetings/{}", first.meeting_id),
            });
        }
        let missing: Vec<&&Expected> = list.iter().filter(|r| r.report == ReportState::Missing).collect();
        if let Some(first) = missing.first() {
            out.push(Finding {
                kind: "missing_reports".into(),
                subject: who(first),
                evidence: listed(missing.iter().map(|r| day(r.day))),
                count: missing.len() as i64,
                href: format!("/calendar/reports?member={}&show=overdue&month={}", first.person_id, first.month.format("%Y-%m")),
            });
        }
    }
    out
}

/// Wards that did not invite the group to their committee meeting some month, from the
/// invitations' rows (ward, name, due, received).
pub fn of_invitations(ctx: &Ctx, inv: &[(i64, String, i64, i64)]) -> Vec<Finding> {
    inv.iter()
        .filter(|(_, _, due, got)| got < due)
        .map(|(id, name, due, got)| Finding {
            kind: "not_invited".into(),
            subject: name.clone(),
            evidence: format!("{got}/{due}"),
            count: due - got,
            href: format!("/calendar/findings?ward={id}&month={}", ctx.from.format("%Y-%m")),
        })
        .collect()
}

/// The findings about wards and cells: overdue recommendations, late announcements (N days
/// ahead, the city's setting).
pub async fn of_wards(pool: &PgPool, ctx: &Ctx, wards: &Option<Vec<i64>>) -> AppResult<Vec<Finding>> {
    let mut out = Vec::new();
    let overdue = sqlx::query!(
        r#"SELECT w.id, w.name, count(*) AS "n!" FROM recommendations r JOIN org_units w ON w.id = r.ward_id
         WHERE r.city_id = $1 AND r.deleted_at IS NULL AND r.status IN ('new', 'forwarded', 'in_progress', 'clarification')
           AND r.due_on < $2 AND ($3::bigint[] IS NULL OR r.ward_id = ANY($3))
         GROUP BY w.id, w.name ORDER BY count(*) DESC, w.name"#,
        ctx.city,
        ctx.today,
        wards.as_deref(),
    )
    .fetch_all(pool)
    .await?;
    out.extend(overdue.into_iter().map(|r| Finding {
        kind: "overdue_recs".into(),
        subject: r.name,
        evidence: r.n.to_string(),
        count: r.n,
        href: format!("/recommendations?overdue=on&ward={}", r.id),
    }));
    // the city's setting bound as a value, so the plan reads the few meetings under it
    let lead: i32 = sqlx::query_scalar!(
        r#"SELECT COALESCE((SELECT announce_lead_days FROM city_settings WHERE city_id = $1), 3)::int AS "v!""#,
        ctx.city,
    )
    .fetch_one(pool)
    .await?;
    let late = sqlx::query!(
        r#"SELECT c.id, c.code || ' – ' || c.name || ', ' || w.name AS "name!", count(*) AS "n!", min(m.month) AS "month!"
         FROM meetings m JOIN org_units c ON c.id = m.cell_id JOIN org_units w ON w.id = m.ward_id
         -- announced less than N days ahead: read by how long ahead (index meetings_announce_lead)
         WHERE m.city_id = $1 AND m.announced_at IS NOT NULL AND m.cell_id IS NOT NULL
           AND m.starts_at - m.announced_at < make_interval(days => $5)
           AND m.month >= $2 AND m.month < $3 AND m.status <> 'cancelled'
           AND ($4::bigint[] IS NULL OR m.ward_id = ANY($4))
         GROUP BY c.id, c.code, c.name, w.name ORDER BY count(*) DESC, w.name, c.code LIMIT 50"#,
        ctx.city,
        ctx.from,
        ctx.end,
        wards.as_deref(),
        lead,
    )
    .fetch_all(pool)
    .await?;
    out.extend(late.into_iter().map(|r| Finding {
        kind: "late_announced".into(),
        subject: r.name,
        evidence: r.n.to_string(),
        count: r.n,
        href: format!("/calendar/findings?month={}", r.month.format("%Y-%m")),
    }));
    Ok(out)
}

/// How far back and on from a merge the meetings are compared (months).
pub const MERGE_WINDOW_MONTHS: i32 = 3;

/// The drop in coverage after merges (seed II.2: "nhất là sau khi các khu phố được sáp
/// nhập"): for each cell that absorbed others on a day from three months before the period
/// to its end, the share of the line's meetings (the absorbed cells' and its own) that a
/// member of the group attended in the three months before the merge against the three
/// months after (within the period and up to today). A finding when the share after is at
/// least 10 points lower, or when no meeting after it was attended.
pub async fn of_merges(pool: &PgPool, ctx: &Ctx, wards: &Option<Vec<i64>>) -> AppResult<Vec<Finding>> {
    let rows = sqlx::query!(
        r#"WITH merges AS (
             SELECT c.merged_into_id AS cell, c.active_to AS day, array_agg(c.id) || c.merged_into_id AS line
             FROM org_units c
             WHERE c.city_id = $1 AND c.kind = 'cell' AND c.merged_into_id IS NOT NULL
               AND c.active_to >= ($2::date - make_interval(months => $5)) AND c.active_to < $3
             GROUP BY c.merged_into_id, c.active_to),
         seen AS (
             SELECT g.cell, g.day, (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= g.day AS after,
                    EXISTS (SELECT 1 FROM meeting_expected e
                            LEFT JOIN meeting_attendance att ON att.meeting_id = e.meeting_id AND att.person_id = e.person_id
                            LEFT JOIN attendance_reports r ON r.meeting_id = e.meeting_id AND r.person_id = e.person_id
                            WHERE e.meeting_id = m.id
                              AND COALESCE(att.attended, r.checked_in_at IS NOT NULL OR r.submitted_at IS NOT NULL)) AS covered
             FROM merges g JOIN meetings m ON m.cell_id = ANY(g.line)
             WHERE m.status IN ('planned', 'announced', 'held') AND m.starts_at < now()
               AND (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= (g.day - make_interval(months => $5))::date
               AND (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date < LEAST((g.day + make_interval(months => $5))::date, $3))
         SELECT s.cell AS "cell!", c.code || ' – ' || c.name || ', ' || w.name AS "name!", s.day AS "day!",
                count(*) FILTER (WHERE NOT s.after) AS "before!", count(*) FILTER (WHERE NOT s.after AND s.covered) AS "covered_before!",
                count(*) FILTER (WHERE s.after) AS "after!", count(*) FILTER (WHERE s.after AND s.covered) AS "covered_after!"
         FROM seen s JOIN org_units c ON c.id = s.cell JOIN org_units w ON w.id = c.parent_id
         WHERE ($4::bigint[] IS NULL OR c.parent_id = ANY($4))
         GROUP BY s.cell, c.code, c.name, w.name, s.day
         ORDER BY w.name, c.code"#,
        ctx.city,
        ctx.from,
        ctx.end,
        wards.as_deref(),
        MERGE_WINDOW_MONTHS,
    )
    .fetch_all(pool)
    .await?;
    let pct = |a: i64, b: i64| if b == 0 { 0 } else { (a * 100 + b / 2) / b };
    Ok(rows
        .into_iter()
        .filter(|r| r.after > 0 && (r.covered_after == 0 || pct(r.covered_after, r.after) + 10 <= pct(r.covered_before, r.before)))
        .map(|r| Finding {
            kind: "after_merge".into(),
            subject: r.name,
            evidence: format!(
                "{}: {}/{} ({}%) → {}/{} ({}%)",
                r.day.format("%d/%m/%Y"),
                r.covered_before,
                r.before,
                pct(r.covered_before, r.before),
                r.covered_after,
                r.after,
                pct(r.covered_after, r.after)
            ),
            count: r.after - r.covered_after,
            href: format!("/org/{}", r.cell),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn row(meeting_id: i64, person_id: i64, d: u32, attended: bool, absence: Option<AbsenceReason>, report: ReportState) -> Expected {
        let day = NaiveDate::from_ymd_opt(2025, 3, d).unwrap();
        Expected {
            meeting_id,
            month: NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
            day,
            person_id,
            person: format!("P{person_id}"),
            ward_id: 1,
            group_id: 1,
            group: "Tổ 1".into(),
            attended,
            absence,
            report,
            recent: true,
        }
    }

    #[test]
    fn two_of_the_last_three_missed_is_a_finding_an_older_miss_is_not() {
        use ReportState::*;
        let rows = vec![
            // P1: missed the 1st (long ago), attended the 10th, missed the 20th and the 25th
            row(1, 1, 1, false, None, Missing),
            row(2, 1, 10, true, None, OnTime),
            row(3, 1, 20, false, Some(AbsenceReason::Clash), NotOwed),
            row(4, 1, 25, false, None, Missing),
            // P2: missed the 1st and the 5th, attended the three after
            row(5, 2, 1, false, None, Missing),
            row(6, 2, 5, false, None, Late),
            row(7, 2, 10, true, None, OnTime),
            row(8, 2, 15, true, None, OnTime),
            row(9, 2, 20, true, None, OnTime),
        ];
        let f = of_members(&rows);
        let of = |kind: &str| f.iter().filter(|x| x.kind == kind).map(|x| (x.subject.clone(), x.count, x.href.clone())).collect::<Vec<_>>();
        assert_eq!(of("absences"), vec![("P1 (Tổ 1)".to_string(), 2, "/meetings/4".to_string())]);
        assert_eq!(of("clashes"), vec![("P1 (Tổ 1)".to_string(), 1, "/meetings/3".to_string())]);
        assert_eq!(of("missing_reports").iter().map(|x| (x.0.as_str(), x.1)).collect::<Vec<_>>(), vec![("P1 (Tổ 1)", 2), ("P2 (Tổ 1)", 1)]);
        assert_eq!(f.iter().find(|x| x.kind == "absences").unwrap().evidence, "2/3: 25/03/2025, 20/03/2025");
    }

    #[test]
    fn evidence_names_the_latest_items_then_an_ellipsis() {
        let rows: Vec<Expected> = (1..=8).map(|d| row(d, 1, d as u32, false, None, ReportState::Missing)).collect();
        let f = of_members(&rows);
        let missing = f.iter().find(|x| x.kind == "missing_reports").unwrap();
        assert_eq!(missing.count, 8);
        assert_eq!(missing.evidence, "08/03/2025, 07/03/2025, 06/03/2025, 05/03/2025, 04/03/2025, 03/03/2025, …");
        let periodic = of_periodic(&[(1, "Phường 1".into(), vec!["2025-01".into(), "2025-02".into()])]);
        assert_eq!(periodic[0].evidence, "2025-02, 2025-01");
        assert_eq!(listed((1..=6).map(|i| i.to_string())), "1, 2, 3, 4, 5, 6");
    }
}

/// Wards whose periodic reports are missing: the periods' keys ("2026-09", "2026-Q3"),
/// the latest first.
pub fn of_periodic(missing: &[(i64, String, Vec<String>)]) -> Vec<Finding> {
    missing
        .iter()
        .map(|(_, name, keys)| Finding {
            kind: "missing_periodic".into(),
            subject: name.clone(),
            evidence: listed(keys.iter().rev().cloned()),
            count: keys.len() as i64,
            href: format!("/periodic?year={}", keys.last().and_then(|k| k.get(..4)).unwrap_or_default()),
        })
        .collect()
}
