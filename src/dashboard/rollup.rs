//! The attendance figures of settled months, rolled up (migration 0012). A month is settled
//! once every report of it is past its due date: two months back and earlier (5 working
//! days after a meeting is at most three weeks, even across Tết). Its counts per (ward,
//! group) and its members' clashes and missing reports are computed once, by the same
//! counting as the live figures (`figures::count_rows`), and kept; a change to a row they
//! came from (a meeting, an assignment, a substitute, an absence, the ward's confirmation,
//! a report, the working-day calendar) marks the month stale through triggers, and the next
//! read computes it again. The two latest months of a period are always counted live.

use super::figures::{count_rows, expected_rows, Bucket, Counts, Ctx, Expected, ReportState};
use crate::error::AppResult;
use crate::groups::{next_month, prev_month};
use chrono::NaiveDate;
use sqlx::PgPool;
use std::collections::BTreeMap;

/// The first month counted live: the second to last of the period, and never later than
/// last month (earlier months are settled).
pub fn live_from(ctx: &Ctx) -> NaiveDate {
    let cap = ctx.end.min(next_month(ctx.this_month()));
    prev_month(prev_month(cap)).max(ctx.from)
}

/// Computes the city's settled months in [from, end) that are not fresh. One computation at
/// a time per city (an advisory lock), and each month's row is locked before its rows are
/// read, so a change committed meanwhile marks it stale again rather than being lost.
pub async fn ensure(pool: &PgPool, city: i64, (from, end): (NaiveDate, NaiveDate)) -> AppResult<()> {
    let months = stale_months(pool, city, (from, end)).await?;
    let (Some(first), Some(last)) = (months.first().copied(), months.last().copied()) else {
        return Ok(());
    };
    // the calendar before the transaction: filling a year writes calendar days, whose
    // trigger would wait for the month rows this transaction locks
    let cal = crate::workdays::api::load_from(pool, city, first, next_month(last)).await?;
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock(7260612, $1::int)").bind((city % i64::from(i32::MAX)) as i32).execute(&mut *tx).await?;
    // computed meanwhile by another request, or (outside the calendar loaded) next time
    let mut months = stale_months(&mut *tx, city, (from, end)).await?;
    months.retain(|m| *m >= first && *m <= last);
    if months.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO dashboard_rollup_months (city_id, month, fresh, computed_at) SELECT $1, m, true, now() FROM unnest($2::date[]) m
         ON CONFLICT (city_id, month) DO UPDATE SET fresh = true, computed_at = now()",
    )
    .bind(city)
    .bind(&months)
    .execute(&mut *tx)
    .await?;
    let rows = expected_rows(&mut *tx, city, (first, next_month(last)), Some(&months), None, &None).await?;
    // every settled month's reports are past due: "today" only has to be after them all
    let today = crate::helpers::today_vn();
    let (buckets, expected) = count_rows(rows, &cal, today);
    sqlx::query("DELETE FROM dashboard_rollup WHERE city_id = $1 AND month = ANY($2)").bind(city).bind(&months).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM dashboard_rollup_members WHERE city_id = $1 AND month = ANY($2)").bind(city).bind(&months).execute(&mut *tx).await?;
    let col = |f: fn(&Counts) -> i64| buckets.iter().map(|b| f(&b.counts) as i32).collect::<Vec<i32>>();
    let levels: Vec<String> = buckets.iter().map(|b| format!("{{{}}}", b.counts.levels.map(|l| l.to_string()).join(","))).collect();
    sqlx::query(
        "INSERT INTO dashboard_rollup (city_id, month, ward_id, group_id, expected, attended, substituted, absent_reason, absent_clash,
                                       on_time, late, missing, pending, levels)
         SELECT $1, a, b, c, d, e, f, g, h, i, j, k, l, lv::int[]
         FROM unnest($2::date[], $3::bigint[], $4::bigint[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[],
                     $10::int[], $11::int[], $12::int[], $13::int[], $14::text[]) AS x(a, b, c, d, e, f, g, h, i, j, k, l, lv)",
    )
    .bind(city)
    .bind(buckets.iter().map(|b| b.month).collect::<Vec<_>>())
    .bind(buckets.iter().map(|b| b.ward_id).collect::<Vec<_>>())
    .bind(buckets.iter().map(|b| b.group_id).collect::<Vec<_>>())
    .bind(col(|c| c.expected))
    .bind(col(|c| c.attended))
    .bind(col(|c| c.substituted))
    .bind(col(|c| c.absent_reason))
    .bind(col(|c| c.absent_clash))
    .bind(col(|c| c.on_time))
    .bind(col(|c| c.late))
    .bind(col(|c| c.missing))
    .bind(col(|c| c.pending))
    .bind(&levels)
    .execute(&mut *tx)
    .await?;
    // the members' exceptions: clashes and missing reports, per (month, member, ward, group)
    type Key = (NaiveDate, i64, i64, i64);
    let mut members: BTreeMap<Key, (Vec<i64>, Vec<NaiveDate>, Vec<i64>, Vec<NaiveDate>)> = BTreeMap::new();
    for e in &expected {
        let clash = e.absence.as_deref() == Some("clash") && !e.attended;
        let missing = e.report == ReportState::Missing;
        if !clash && !missing {
            continue;
        }
        let x = members.entry((e.month, e.person_id, e.ward_id, e.group_id)).or_default();
        if clash {
            x.0.push(e.meeting_id);
            x.1.push(e.day);
        }
        if missing {
            x.2.push(e.meeting_id);
            x.3.push(e.day);
        }
    }
    for ((month, person, ward, group), (cm, cd, mm, md)) in members {
        sqlx::query(
            "INSERT INTO dashboard_rollup_members (city_id, month, person_id, ward_id, group_id, clash_meetings, clash_days, missing_meetings, missing_days)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(city)
        .bind(month)
        .bind(person)
        .bind(ward)
        .bind(group)
        .bind(cm)
        .bind(cd)
        .bind(mm)
        .bind(md)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The city's months in [from, end) without a fresh rollup.
async fn stale_months<'e, E: sqlx::PgExecutor<'e>>(db: E, city: i64, (from, end): (NaiveDate, NaiveDate)) -> AppResult<Vec<NaiveDate>> {
    Ok(sqlx::query_scalar(
        "SELECT m::date FROM generate_series($2::date, $3::date - 1, interval '1 month') m
         WHERE NOT EXISTS (SELECT 1 FROM dashboard_rollup_months r WHERE r.city_id = $1 AND r.month = m::date AND r.fresh)
         ORDER BY 1",
    )
    .bind(city)
    .bind(from)
    .bind(end)
    .fetch_all(db)
    .await?)
}

/// The settled months [from, end) of the city, in a ward and of groups when given: their
/// (month, ward, group) counts, and their members' clashes and missing reports as rows for
/// the findings (marked settled).
pub async fn read(pool: &PgPool, city: i64, (from, end): (NaiveDate, NaiveDate), ward: Option<i64>, groups: &Option<Vec<i64>>) -> AppResult<(Vec<Bucket>, Vec<Expected>)> {
    ensure(pool, city, (from, end)).await?;
    type Row = (NaiveDate, i64, String, i64, Option<String>, i32, i32, i32, i32, i32, i32, i32, i32, i32, Vec<i32>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.month, r.ward_id, w.name, r.group_id, g.name, r.expected, r.attended, r.substituted, r.absent_reason, r.absent_clash,
                r.on_time, r.late, r.missing, r.pending, r.levels
         FROM dashboard_rollup r JOIN org_units w ON w.id = r.ward_id LEFT JOIN working_groups g ON g.id = r.group_id
         WHERE r.city_id = $1 AND r.month >= $2 AND r.month < $3
           AND ($4::bigint IS NULL OR r.ward_id = $4) AND ($5::bigint[] IS NULL OR r.group_id = ANY($5))",
    )
    .bind(city)
    .bind(from)
    .bind(end)
    .bind(ward)
    .bind(groups)
    .fetch_all(pool)
    .await?;
    let buckets = rows
        .into_iter()
        .map(|(month, ward_id, ward, group_id, group, e, a, s, ar, ac, ot, l, m, p, levels)| {
            let level = |i: usize| i64::from(levels.get(i).copied().unwrap_or(0));
            Bucket {
                month,
                ward_id,
                ward,
                group_id,
                group: group.unwrap_or_default(),
                counts: Counts {
                    expected: e.into(),
                    attended: a.into(),
                    substituted: s.into(),
                    absent_reason: ar.into(),
                    absent_clash: ac.into(),
                    on_time: ot.into(),
                    late: l.into(),
                    missing: m.into(),
                    pending: p.into(),
                    levels: [level(0), level(1), level(2), level(3)],
                },
            }
        })
        .collect();
    type MemberRow = (NaiveDate, i64, String, i64, i64, Option<String>, Vec<i64>, Vec<NaiveDate>, Vec<i64>, Vec<NaiveDate>);
    let members: Vec<MemberRow> = sqlx::query_as(
        "SELECT x.month, x.person_id, p.full_name, x.ward_id, x.group_id, g.name, x.clash_meetings, x.clash_days, x.missing_meetings, x.missing_days
         FROM dashboard_rollup_members x JOIN people p ON p.id = x.person_id LEFT JOIN working_groups g ON g.id = x.group_id
         WHERE x.city_id = $1 AND x.month >= $2 AND x.month < $3
           AND ($4::bigint IS NULL OR x.ward_id = $4) AND ($5::bigint[] IS NULL OR x.group_id = ANY($5))",
    )
    .bind(city)
    .bind(from)
    .bind(end)
    .bind(ward)
    .bind(groups)
    .fetch_all(pool)
    .await?;
    let mut expected = Vec::new();
    for (month, person_id, person, ward_id, group_id, group, cm, cd, mm, md) in members {
        let group = group.unwrap_or_default();
        let row = |meeting_id: i64, day: NaiveDate, clash: bool| Expected {
            meeting_id,
            month,
            day,
            person_id,
            person: person.clone(),
            group: group.clone(),
            attended: !clash,
            absence: clash.then(|| "clash".to_string()),
            report: if clash { ReportState::NotOwed } else { ReportState::Missing },
            settled: true,
            ward_id,
            group_id,
        };
        expected.extend(cm.into_iter().zip(cd).map(|(m, d)| row(m, d, true)));
        expected.extend(mm.into_iter().zip(md).map(|(m, d)| row(m, d, false)));
    }
    Ok((buckets, expected))
}
