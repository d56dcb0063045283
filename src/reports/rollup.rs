//! The attendance figures, rolled up per (ward, month) (migrations 0012, 0014). Each
//! ward-month's counts per group and its members' meetings are computed by the counting of
//! `figures::count_rows` and kept. A change to a row they came from (a meeting, an
//! assignment, a substitute, an absence, the ward's confirmation, a report, the working-day
//! calendar) bumps the ward-month's version through triggers; figures also expire by
//! themselves when the ward-month's next meeting starts or a pending report turns missing
//! at midnight. A read computes again only the ward-months that are not fresh, so a
//! province's dashboard reads a few thousand kept rows instead of counting every (meeting,
//! member) pair of the period.
//!
//! Concurrency: one computation per city at a time (an advisory lock). The versions are
//! read before the rows, and a ward-month is marked computed only at the version read, so a
//! change committed meanwhile leaves it stale for the next read, never lost. Marking skips
//! rows a writer holds (it is bumping them), so a computation never waits for a writer.

use super::figures::{count_rows, expected_rows, Bucket, Counts, Expected, ReportState};
use super::model::AbsenceReason;
use crate::error::AppResult;
use crate::helpers::next_month;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use std::collections::{BTreeMap, HashMap};

/// A member's last meetings (for "missed 2 of the last 3") are looked for in this many
/// last months of the period.
pub const RECENT_MONTHS: u32 = 3;

/// The first month of the period's last `RECENT_MONTHS` ([from, end) months).
pub fn recent_from((from, end): (NaiveDate, NaiveDate)) -> NaiveDate {
    (end - chrono::Months::new(RECENT_MONTHS)).max(from)
}

/// A ward-month that is not fresh, with its version.
struct Stale {
    ward_id: i64,
    month: NaiveDate,
    version: i64,
}

/// The city's ward-months in [from, end) (of `ward` when given) that are not fresh, with
/// their versions.
async fn stale<'e, E: sqlx::PgExecutor<'e>>(db: E, city: i64, (from, end): (NaiveDate, NaiveDate), ward: Option<i64>) -> AppResult<Vec<Stale>> {
    Ok(sqlx::query_as!(
        Stale,
        "SELECT ward_id, month, version FROM dashboard_rollup_wards
         WHERE city_id = $1 AND month >= $2 AND month < $3 AND ($4::bigint IS NULL OR ward_id = $4)
           AND (computed_version IS DISTINCT FROM version OR valid_until <= now())
         ORDER BY month, ward_id",
        city,
        from,
        end,
        ward,
    )
    .fetch_all(db)
    .await?)
}

/// Computes again the city's ward-months in [from, end) (of `ward` when given) that are
/// not fresh.
pub async fn ensure(pool: &PgPool, city: i64, (from, end): (NaiveDate, NaiveDate), ward: Option<i64>) -> AppResult<()> {
    // a row for every ward-month of the period (never computed: stale); every ward of the
    // city, merged ones included (a meeting keeps its ward), whatever its dates say. Counted
    // first, with the stale ones, in one query: once they are all there and fresh (most
    // reads), nothing more is read or written
    let n = sqlx::query!(
        r#"SELECT (SELECT count(*) FROM dashboard_rollup_wards r WHERE r.city_id = $1 AND r.month >= $2 AND r.month < $3
                   AND ($4::bigint IS NULL OR r.ward_id = $4)
                   AND r.ward_id IN (SELECT id FROM org_units WHERE city_id = $1 AND kind = 'ward')) AS "rows!",
                (SELECT count(*) FROM org_units w WHERE w.city_id = $1 AND w.kind = 'ward' AND ($4::bigint IS NULL OR w.id = $4)) AS "wards!",
                (SELECT count(*) FROM generate_series($2::date, $3::date - 1, interval '1 month')) AS "months!",
                (SELECT count(*) FROM dashboard_rollup_wards r WHERE r.city_id = $1 AND r.month >= $2 AND r.month < $3
                   AND ($4::bigint IS NULL OR r.ward_id = $4)
                   AND (r.computed_version IS DISTINCT FROM r.version OR r.valid_until <= now())) AS "stale_now!""#,
        city,
        from,
        end,
        ward,
    )
    .fetch_one(pool)
    .await?;
    if n.rows != n.wards * n.months {
        insert_missing(pool, city, (from, end), ward).await?;
    } else if n.stale_now == 0 {
        return Ok(());
    }
    let first = stale(pool, city, (from, end), ward).await?;
    let (Some(lo), Some(hi)) = (first.first().map(|s| s.month), first.last().map(|s| s.month)) else {
        return Ok(());
    };
    // the calendar filled beforehand: filling a year writes calendar days, whose trigger
    // bumps the ward-months this computation reads
    crate::workdays::api::load_from(pool, city, lo, next_month(hi)).await?;
    let mut tx = pool.begin().await?;
    sqlx::query!("SELECT pg_advisory_xact_lock(7260612, $1::int)", (city % i64::from(i32::MAX)) as i32).execute(&mut *tx).await?;
    // computed meanwhile by another request; the versions before the rows
    let todo = stale(&mut *tx, city, (from, end), ward).await?;
    if todo.is_empty() {
        return Ok(());
    }
    let (Some(lo), Some(hi)) = (todo.iter().map(|s| s.month).min(), todo.iter().map(|s| s.month).max()) else {
        return Ok(());
    };
    let cal = crate::workdays::api::load_from(pool, city, lo, next_month(hi)).await?;
    let wards: Vec<i64> = todo.iter().map(|s| s.ward_id).collect();
    let months: Vec<NaiveDate> = todo.iter().map(|s| s.month).collect();
    let now = Utc::now();
    let today = crate::helpers::today_vn();
    let rows = expected_rows(&mut *tx, city, (&wards, &months), now).await?;
    let (buckets, expected) = count_rows(rows, &cal, today);
    // when the figures expire by themselves: the ward-month's next meeting starts, or a
    // pending report turns missing (the day after its due day, at midnight in Vietnam)
    let mut valid_until: BTreeMap<(i64, NaiveDate), DateTime<Utc>> = sqlx::query!(
        r#"SELECT m.ward_id, m.month, min(m.starts_at) AS "starts_at!" FROM meetings m
         JOIN unnest($2::bigint[], $3::date[]) AS sw(ward_id, month) ON sw.ward_id = m.ward_id AND sw.month = m.month
         WHERE m.city_id = $1 AND m.cell_id IS NOT NULL AND m.status IN ('planned', 'announced', 'held') AND m.starts_at >= $4
         GROUP BY 1, 2"#,
        city,
        &wards,
        &months,
        now,
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|r| ((r.ward_id, r.month), r.starts_at))
    .collect();
    for e in expected.iter().filter(|e| e.report == ReportState::Pending) {
        let turns_missing = crate::helpers::vn_moment(crate::reports::rule::report_due(&cal, e.day) + chrono::Days::new(1), chrono::NaiveTime::MIN);
        valid_until.entry((e.ward_id, e.month)).and_modify(|t| *t = (*t).min(turns_missing)).or_insert(turns_missing);
    }
    sqlx::query!(
        "DELETE FROM dashboard_rollup r USING unnest($2::bigint[], $3::date[]) AS sw(ward_id, month) WHERE r.city_id = $1 AND r.ward_id = sw.ward_id AND r.month = sw.month",
        city,
        &wards,
        &months,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM dashboard_rollup_members r USING unnest($2::bigint[], $3::date[]) AS sw(ward_id, month) WHERE r.city_id = $1 AND r.ward_id = sw.ward_id AND r.month = sw.month",
        city,
        &wards,
        &months,
    )
    .execute(&mut *tx)
    .await?;
    insert_buckets(&mut tx, city, &buckets).await?;
    insert_members(&mut tx, city, &expected).await?;
    // computed at the versions read; rows a writer holds are skipped (stale again anyway)
    let versions: Vec<i64> = todo.iter().map(|s| s.version).collect();
    let until: Vec<Option<DateTime<Utc>>> = todo.iter().map(|s| valid_until.get(&(s.ward_id, s.month)).copied()).collect();
    sqlx::query!(
        "UPDATE dashboard_rollup_wards r SET computed_version = x.v, valid_until = x.u, computed_at = now()
         FROM unnest($2::bigint[], $3::date[], $4::bigint[], $5::timestamptz[]) AS x(ward_id, month, v, u)
         WHERE r.city_id = $1 AND r.ward_id = x.ward_id AND r.month = x.month AND r.version = x.v
           AND (r.city_id, r.month, r.ward_id) IN (
               SELECT l.city_id, l.month, l.ward_id FROM dashboard_rollup_wards l
               JOIN unnest($2::bigint[], $3::date[]) AS y(ward_id, month) ON l.ward_id = y.ward_id AND l.month = y.month
               WHERE l.city_id = $1 FOR UPDATE OF l SKIP LOCKED)",
        city,
        &wards,
        &months,
        &versions,
        &until as &[Option<DateTime<Utc>>],
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The rows of the ward-months of the period that have none (never computed: stale).
async fn insert_missing(pool: &PgPool, city: i64, (from, end): (NaiveDate, NaiveDate), ward: Option<i64>) -> AppResult<()> {
    sqlx::query!(
        "INSERT INTO dashboard_rollup_wards (city_id, month, ward_id)
         SELECT $1, mo.m::date, w.id
         FROM generate_series($2::date, $3::date - 1, interval '1 month') AS mo(m)
         JOIN org_units w ON w.city_id = $1 AND w.kind = 'ward' AND ($4::bigint IS NULL OR w.id = $4)
         WHERE NOT EXISTS (SELECT 1 FROM dashboard_rollup_wards r WHERE r.city_id = $1 AND r.month = mo.m::date AND r.ward_id = w.id)
         ORDER BY 2, 3
         ON CONFLICT DO NOTHING",
        city,
        from,
        end,
        ward,
    )
    .execute(pool)
    .await?;
    Ok(())
}

async fn insert_buckets(tx: &mut sqlx::PgConnection, city: i64, buckets: &[Bucket]) -> AppResult<()> {
    let col = |f: fn(&Counts) -> i64| buckets.iter().map(|b| f(&b.counts) as i32).collect::<Vec<i32>>();
    let levels: Vec<String> = buckets.iter().map(|b| format!("{{{}}}", b.counts.levels.map(|l| l.to_string()).join(","))).collect();
    sqlx::query!(
        "INSERT INTO dashboard_rollup (city_id, month, ward_id, group_id, expected, attended, substituted, absent_reason, absent_clash,
                                       on_time, late, missing, pending, levels)
         SELECT $1, a, b, c, d, e, f, g, h, i, j, k, l, lv::int[]
         FROM unnest($2::date[], $3::bigint[], $4::bigint[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[],
                     $10::int[], $11::int[], $12::int[], $13::int[], $14::text[]) AS x(a, b, c, d, e, f, g, h, i, j, k, l, lv)",
        city,
        &buckets.iter().map(|b| b.month).collect::<Vec<_>>(),
        &buckets.iter().map(|b| b.ward_id).collect::<Vec<_>>(),
        &buckets.iter().map(|b| b.group_id).collect::<Vec<_>>(),
        &col(|c| c.expected),
        &col(|c| c.attended),
        &col(|c| c.substituted),
        &col(|c| c.absent_reason),
        &col(|c| c.absent_clash),
        &col(|c| c.on_time),
        &col(|c| c.late),
        &col(|c| c.missing),
        &col(|c| c.pending),
        &levels,
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Each member's meetings of a (month, ward, group), in one statement (arrays of arrays
/// travel as their text form).
async fn insert_members(tx: &mut sqlx::PgConnection, city: i64, expected: &[Expected]) -> AppResult<()> {
    type Key = (NaiveDate, i64, i64, i64);
    let mut members: BTreeMap<Key, Vec<&Expected>> = BTreeMap::new();
    for e in expected {
        members.entry((e.month, e.ward_id, e.group_id, e.person_id)).or_default().push(e);
    }
    let arr = |items: Vec<String>| format!("{{{}}}", items.join(","));
    let flag = |b: bool| if b { "t".to_string() } else { "f".to_string() };
    let mut cols: [Vec<String>; 5] = Default::default();
    let (mut month, mut ward, mut group, mut person, mut missed) = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for ((m, w, g, p), list) in &members {
        month.push(*m);
        ward.push(*w);
        group.push(*g);
        person.push(*p);
        missed.push(list.iter().filter(|e| !e.attended).count() as i32);
        cols[0].push(arr(list.iter().map(|e| e.meeting_id.to_string()).collect()));
        cols[1].push(arr(list.iter().map(|e| e.day.to_string()).collect()));
        cols[2].push(arr(list.iter().map(|e| flag(e.attended)).collect()));
        cols[3].push(arr(list.iter().map(|e| flag(is_clash(e))).collect()));
        cols[4].push(arr(list.iter().map(|e| flag(e.report == ReportState::Missing)).collect()));
    }
    sqlx::query!(
        "INSERT INTO dashboard_rollup_members (city_id, month, ward_id, group_id, person_id, meetings, days, attended, clash, missing, missed, exceptional)
         SELECT $1, a, b, c, d, e::bigint[], f::date[], g::boolean[], h::boolean[], i::boolean[], j,
                true = ANY(h::boolean[] || i::boolean[])
         FROM unnest($2::date[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::int[])
              AS x(a, b, c, d, e, f, g, h, i, j)",
        city,
        &month,
        &ward,
        &group,
        &person,
        &cols[0],
        &cols[1],
        &cols[2],
        &cols[3],
        &cols[4],
        &missed,
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A meeting missed because of a clash with another engagement.
fn is_clash(e: &Expected) -> bool {
    e.absence == Some(AbsenceReason::Clash) && !e.attended
}

/// The counts of a period summed by month, by ward and by group (names filled).
#[derive(Debug, Default)]
pub struct Sums {
    pub by_month: Vec<(NaiveDate, Counts)>,
    /// (ward, its counts), by ward id (two wards may share a name).
    pub by_ward: Vec<(String, Counts)>,
    /// (group, its counts), by group id; "" for members on no board.
    pub by_group: Vec<(String, Counts)>,
}

/// Whose names `names` reads.
#[derive(Debug, Clone, Copy)]
pub enum Names {
    /// Wards, cells, bodies (org_units).
    Units,
    Groups,
    People,
}

/// The names of the ids given, read by id after counting: joined to the rows that get
/// counted, a name table was hashed whole (a province's 71,809 org_units).
pub async fn names(pool: &PgPool, kind: Names, ids: &[i64]) -> AppResult<HashMap<i64, String>> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    struct Named {
        id: i64,
        name: String,
    }
    let rows: Vec<Named> = match kind {
        Names::Units => sqlx::query_as!(Named, "SELECT id, name FROM org_units WHERE id = ANY($1)", &ids).fetch_all(pool).await?,
        Names::Groups => sqlx::query_as!(Named, "SELECT id, name FROM working_groups WHERE id = ANY($1)", &ids).fetch_all(pool).await?,
        Names::People => sqlx::query_as!(Named, "SELECT id, full_name AS name FROM people WHERE id = ANY($1)", &ids).fetch_all(pool).await?,
    };
    Ok(rows.into_iter().map(|r| (r.id, r.name)).collect())
}

/// The months [from, end) of the city, in a ward and of groups when given (computed again
/// where stale): their counts summed by month, ward and group (in SQL: a province's five
/// years are 10,000 kept rows), and the members' meetings the findings read — the clashes
/// and missing reports of the whole period, and every meeting of the last `RECENT_MONTHS`
/// months of those who missed one then (marked recent).
pub async fn read(pool: &PgPool, city: i64, (from, end): (NaiveDate, NaiveDate), ward: Option<i64>, groups: &Option<Vec<i64>>) -> AppResult<(Sums, Vec<Expected>)> {
    ensure(pool, city, (from, end), ward).await?;
    struct Row {
        tag: String,
        month: Option<NaiveDate>,
        id: Option<i64>,
        expected: i64,
        attended: i64,
        substituted: i64,
        absent_reason: i64,
        absent_clash: i64,
        on_time: i64,
        late: i64,
        missing: i64,
        pending: i64,
        levels: Vec<i64>,
    }
    let rows: Vec<Row> = sqlx::query_as!(
        Row,
        r#"SELECT CASE WHEN GROUPING(r.month) = 0 THEN 'm' WHEN GROUPING(r.ward_id) = 0 THEN 'w' ELSE 'g' END AS "tag!",
                r.month AS "month?", COALESCE(r.ward_id, r.group_id) AS "id?",
                sum(r.expected)::bigint AS "expected!", sum(r.attended)::bigint AS "attended!",
                sum(r.substituted)::bigint AS "substituted!", sum(r.absent_reason)::bigint AS "absent_reason!",
                sum(r.absent_clash)::bigint AS "absent_clash!", sum(r.on_time)::bigint AS "on_time!", sum(r.late)::bigint AS "late!",
                sum(r.missing)::bigint AS "missing!", sum(r.pending)::bigint AS "pending!",
                ARRAY[COALESCE(sum(r.levels[1]), 0), COALESCE(sum(r.levels[2]), 0),
                      COALESCE(sum(r.levels[3]), 0), COALESCE(sum(r.levels[4]), 0)]::bigint[] AS "levels!"
         FROM dashboard_rollup r
         WHERE r.city_id = $1 AND r.month >= $2 AND r.month < $3
           AND ($4::bigint IS NULL OR r.ward_id = $4) AND ($5::bigint[] IS NULL OR r.group_id = ANY($5))
         GROUP BY GROUPING SETS ((r.month), (r.ward_id), (r.group_id))"#,
        city,
        from,
        end,
        ward,
        groups.as_deref(),
    )
    .fetch_all(pool)
    .await?;
    let mut by_month = Vec::new();
    let mut by_ward = Vec::new();
    let mut by_group = Vec::new();
    for r in rows {
        let level = |i: usize| r.levels.get(i).copied().unwrap_or(0);
        let counts = Counts {
            expected: r.expected,
            attended: r.attended,
            substituted: r.substituted,
            absent_reason: r.absent_reason,
            absent_clash: r.absent_clash,
            on_time: r.on_time,
            late: r.late,
            missing: r.missing,
            pending: r.pending,
            levels: [level(0), level(1), level(2), level(3)],
        };
        match (r.tag.as_str(), r.month, r.id) {
            ("m", Some(month), _) => by_month.push((month, counts)),
            ("w", _, Some(id)) => by_ward.push((id, counts)),
            ("g", _, Some(id)) => by_group.push((id, counts)),
            _ => {}
        }
    }
    let ward_ids: Vec<i64> = by_ward.iter().map(|w| w.0).collect();
    let wards = names(pool, Names::Units, &ward_ids).await?;

    let recent = recent_from((from, end));
    struct MemberRow {
        month: NaiveDate,
        person_id: i64,
        ward_id: i64,
        group_id: i64,
        meetings: Vec<i64>,
        days: Vec<NaiveDate>,
        attended: Vec<bool>,
        clash: Vec<bool>,
        missing: Vec<bool>,
    }
    let members: Vec<MemberRow> = sqlx::query_as!(
        MemberRow,
        r#"SELECT x.month AS "month!", x.person_id AS "person_id!", x.ward_id AS "ward_id!", x.group_id AS "group_id!",
                x.meetings AS "meetings!", x.days AS "days!", x.attended AS "attended!", x.clash AS "clash!", x.missing AS "missing!"
         FROM dashboard_rollup_members x
         WHERE x.city_id = $1 AND x.month >= $2 AND x.month < $6 AND x.exceptional
           AND ($4::bigint IS NULL OR x.ward_id = $4) AND ($5::bigint[] IS NULL OR x.group_id = ANY($5))
         UNION ALL
         SELECT x.month, x.person_id, x.ward_id, x.group_id, x.meetings, x.days, x.attended, x.clash, x.missing
         FROM dashboard_rollup_members x
         WHERE x.city_id = $1 AND x.month >= $6 AND x.month < $3
           AND ($4::bigint IS NULL OR x.ward_id = $4) AND ($5::bigint[] IS NULL OR x.group_id = ANY($5))
           AND (x.exceptional OR x.person_id IN (
                SELECT y.person_id FROM dashboard_rollup_members y
                WHERE y.city_id = $1 AND y.month >= $6 AND y.month < $3 AND y.missed > 0
                  AND ($4::bigint IS NULL OR y.ward_id = $4) AND ($5::bigint[] IS NULL OR y.group_id = ANY($5))))"#,
        city,
        from,
        end,
        ward,
        groups.as_deref(),
        recent,
    )
    .fetch_all(pool)
    .await?;
    let person_ids: Vec<i64> = members.iter().map(|m| m.person_id).collect();
    let mut group_ids: Vec<i64> = members.iter().map(|m| m.group_id).collect();
    group_ids.extend(by_group.iter().map(|g| g.0));
    let (people, group_names) = tokio::try_join!(names(pool, Names::People, &person_ids), names(pool, Names::Groups, &group_ids))?;
    let name = |map: &HashMap<i64, String>, id: i64| map.get(&id).cloned().unwrap_or_default();
    let mut expected = Vec::new();
    for MemberRow { month, person_id, ward_id, group_id, meetings, days, attended, clash, missing } in members {
        let person = name(&people, person_id);
        let group = name(&group_names, group_id);
        let is_recent = month >= recent;
        for (i, (meeting_id, day)) in meetings.into_iter().zip(days).enumerate() {
            let flag = |v: &[bool]| v.get(i).copied().unwrap_or(false);
            let (clash, missing) = (flag(&clash), flag(&missing));
            // earlier months: only the exceptions
            if !is_recent && !clash && !missing {
                continue;
            }
            expected.push(Expected {
                meeting_id,
                month,
                day,
                person_id,
                person: person.clone(),
                ward_id,
                group_id,
                group: group.clone(),
                attended: flag(&attended),
                absence: clash.then_some(AbsenceReason::Clash),
                report: if missing { ReportState::Missing } else { ReportState::NotOwed },
                recent: is_recent,
            });
        }
    }
    by_month.sort_by_key(|m| m.0);
    let sums = Sums {
        by_month,
        by_ward: by_ward.into_iter().map(|(id, c)| (name(&wards, id), c)).collect(),
        by_group: by_group.into_iter().map(|(id, c)| (name(&group_names, id), c)).collect(),
    };
    Ok((sums, expected))
}
