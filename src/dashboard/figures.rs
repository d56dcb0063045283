//! The dashboard's other panels' SQL (recommendations, invitations, the wards' periodic
//! reports) and the filter choices. The attendance figures, their definitions and the
//! rollup are the attendance rule's (`reports::figures`, `reports::rollup`), which the
//! periodic reports read as well.

use super::model::*;
use super::permissions::DashScope;
use crate::error::AppResult;
use crate::recommendations::model::{Domain, RecStatus};
use crate::helpers::next_month;
use chrono::{Datelike, NaiveDate};
use sqlx::PgPool;
use std::collections::BTreeMap;

pub use crate::reports::figures::*;

/// The wards and groups the caller may choose among for the period.
pub async fn choices(pool: &PgPool, city: i64, scope: DashScope, from: NaiveDate, end: NaiveDate) -> AppResult<(Vec<(i64, String)>, Vec<(i64, String)>)> {
    let (all, person) = match scope {
        DashScope::City => (true, -1),
        DashScope::Groups(p) => (false, p),
        DashScope::Ward(_) => (false, -1),
    };
    let groups: Vec<(i64, String)> = sqlx::query!(
        "SELECT g.id, g.name FROM working_groups g
         WHERE g.city_id = $1 AND g.active_from < $3 AND (g.active_to IS NULL OR g.active_to > $2)
           AND ($4 OR g.id IN (SELECT group_id FROM group_members WHERE person_id = $5
                               AND active_from < $3 AND (active_to IS NULL OR active_to > $2)))
         ORDER BY g.name",
        city,
        from,
        end,
        all,
        person,
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|g| (g.id, g.name))
    .collect();
    let seen = DashScope::ward_ids(Some(scope), pool, from, end).await?;
    let wards: Vec<(i64, String)> = sqlx::query!(
        "SELECT w.id, w.name FROM org_units w
         WHERE w.city_id = $1 AND w.kind = 'ward' AND w.active_from < $3 AND (w.active_to IS NULL OR w.active_to > $2)
           AND ($4::bigint[] IS NULL OR w.id = ANY($4))
         ORDER BY w.name",
        city,
        from,
        end,
        seen.as_deref(),
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|w| (w.id, w.name))
    .collect();
    // ward staff see their ward's figures whichever group follows it: no group to choose
    let groups = if matches!(scope, DashScope::Ward(_)) { Vec::new() } else { groups };
    Ok((wards, groups))
}

/// Recommendations raised in the period and earlier ones still open, by status, domain,
/// body and (open ones) age.
pub async fn recommendations(pool: &PgPool, ctx: &Ctx, wards: &Option<Vec<i64>>) -> AppResult<Recs> {
    let rows = sqlx::query!(
        r#"SELECT r.status AS "status: RecStatus", r.domain AS "domain: Domain", r.body_id,
                    CASE WHEN $4 - r.raised_on < 30 THEN 0 WHEN $4 - r.raised_on < 90 THEN 1
                         WHEN $4 - r.raised_on < 365 THEN 2 ELSE 3 END AS "age!",
                    COALESCE(r.status IN ('new', 'forwarded', 'in_progress', 'clarification') AND r.due_on < $4, false) AS "overdue!",
                    count(*) AS "n!"
             FROM recommendations r
             WHERE r.city_id = $1 AND r.deleted_at IS NULL
               AND ((r.raised_on >= $2 AND r.raised_on < $3)
                    OR (r.raised_on < $2 AND r.status IN ('new', 'forwarded', 'in_progress', 'clarification')))
               AND ($5::bigint[] IS NULL OR r.ward_id = ANY($5))
             GROUP BY 1, 2, 3, 4, 5"#,
        ctx.city,
        ctx.from,
        ctx.end,
        ctx.today,
        wards.as_deref(),
    )
    .fetch_all(pool)
    .await?;
    // the bodies' names read by id after counting
    let body_ids: Vec<i64> = rows.iter().filter_map(|r| r.body_id).collect();
    let body_names = crate::reports::rollup::names(pool, crate::reports::rollup::Names::Units, &body_ids).await?;
    let mut recs = Recs { open_ages: vec![0; 4], ..Default::default() };
    let mut domains: BTreeMap<String, RecCounts> = BTreeMap::new();
    let mut bodies: BTreeMap<String, RecCounts> = BTreeMap::new();
    for r in rows {
        // labelled by the domain's code (the page shows its name)
        let domain = r.domain.code();
        let d = domains.entry(domain.to_string()).or_insert_with(|| RecCounts { label: domain.to_string(), ..Default::default() });
        let body = r.body_id.and_then(|id| body_names.get(&id).cloned()).unwrap_or_default();
        let b = bodies.entry(body.clone()).or_insert_with(|| RecCounts { label: body, ..Default::default() });
        for c in [&mut recs.total, d, b] {
            match r.status {
                RecStatus::Answered => c.answered += r.n,
                RecStatus::Closed => c.closed += r.n,
                RecStatus::Refused | RecStatus::Merged => c.other += r.n,
                RecStatus::New | RecStatus::Forwarded | RecStatus::InProgress | RecStatus::Clarification => c.open += r.n,
            }
            if r.overdue {
                c.overdue += r.n;
            }
        }
        if r.status.is_open() {
            recs.open_ages[r.age.clamp(0, 3) as usize] += r.n;
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
    let last = crate::helpers::prev_month(ctx.end).min(ctx.this_month());
    if last < ctx.from {
        return Ok((Invitations::default(), Vec::new()));
    }
    // the wards, the spans groups followed them and the months they invited a group, each
    // read once and matched here (a correlated subquery per ward-month was 10,000 of them)
    let ward_list = sqlx::query!(
        "SELECT id, name FROM org_units WHERE city_id = $1 AND kind = 'ward' AND ($2::bigint[] IS NULL OR id = ANY($2))
         ORDER BY name, id",
        ctx.city,
        wards.as_deref(),
    )
    .fetch_all(pool)
    .await?;
    let ids: Vec<i64> = ward_list.iter().map(|w| w.id).collect();
    let spans = sqlx::query!(
        "SELECT ward_id, active_from, active_to FROM group_wards
         WHERE city_id = $1 AND ward_id = ANY($2) AND ($3::bigint[] IS NULL OR group_id = ANY($3))
           AND active_from < $5 AND (active_to IS NULL OR active_to > $4)",
        ctx.city,
        &ids,
        groups.as_deref(),
        ctx.from,
        next_month(last),
    )
    .fetch_all(pool)
    .await?;
    let invited: std::collections::HashSet<(i64, NaiveDate)> = sqlx::query!(
        "SELECT DISTINCT ward_id, month FROM meetings
         WHERE ward_id = ANY($1) AND kind = 'ward_committee' AND month >= $2 AND month <= $3
           AND invited_at IS NOT NULL AND status <> 'cancelled'",
        &ids,
        ctx.from,
        last,
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.ward_id, r.month))
    .collect();
    let mut followed: BTreeMap<i64, Vec<(NaiveDate, Option<NaiveDate>)>> = BTreeMap::new();
    for s in spans {
        followed.entry(s.ward_id).or_default().push((s.active_from, s.active_to));
    }
    let mut rows: Vec<(i64, String, i64, i64)> = Vec::new();
    for w in ward_list {
        let Some(spans) = followed.get(&w.id) else { continue };
        let (mut due, mut got) = (0, 0);
        let mut m = ctx.from;
        while m <= last {
            let next = next_month(m);
            if spans.iter().any(|(f, t)| *f < next && t.is_none_or(|t| t > m)) {
                due += 1;
                got += i64::from(invited.contains(&(w.id, m)));
            }
            m = next;
        }
        if due > 0 {
            rows.push((w.id, w.name, due, got));
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
