//! The October evaluation's computation and server function: per member of every group,
//! for 1 January to 31 October (or to today, before then), the cell meetings assigned,
//! attended, missed with and without a reason, taken by a substitute, the meetings he took
//! for another member, his attendance reports on time, late and missing (the working-day
//! calendar), and the ward committee meetings he attended.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::permissions::{can_notify, scope, Scope},
    crate::auth::{session::require_me, Me},
    crate::error::AppResult,
    crate::i18n::Msg,
    crate::reports::model::AbsenceReason,
    crate::server::{pool, respond},
    chrono::{DateTime, Datelike, NaiveDate, Utc},
    sqlx::PgPool,
    std::collections::HashMap,
};

/// The period of a year's evaluation: 1 January to 31 October, or to `today` before then.
#[cfg(feature = "ssr")]
pub fn period(year: i32, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let from = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let to = NaiveDate::from_ymd_opt(year, 10, 31)?.min(today);
    (to >= from).then_some((from, to))
}

/// The year asked for ("" = this year), or a field error.
#[cfg(feature = "ssr")]
pub fn parse_year(year: Option<&str>, today: NaiveDate) -> AppResult<(i32, NaiveDate, NaiveDate)> {
    let y = match year.map(str::trim).filter(|s| !s.is_empty()) {
        None => today.year(),
        Some(s) => s.parse::<i32>().ok().filter(|y| (1990..=2200).contains(y)).ok_or_else(|| AppError::field("year", Msg::BadPeriod))?,
    };
    let (from, to) = period(y, today).ok_or_else(|| AppError::field("year", Msg::BadPeriod))?;
    Ok((y, from, to))
}

/// A member as `compute` reads him.
#[cfg(feature = "ssr")]
struct PersonRow {
    id: i64,
    name: String,
    position: String,
    agency_id: Option<i64>,
    agency: String,
    groups: String,
}

/// One expected attendance of a meeting that took place, as `compute` reads it.
#[cfg(feature = "ssr")]
struct Row {
    is_cell: bool,
    day: NaiveDate,
    person: i64,
    assigned: i64,
    confirmed: Option<bool>,
    absence: Option<AbsenceReason>,
    checked_in: bool,
    submitted: Option<DateTime<Utc>>,
}

/// The evaluation of `year` for the caller (his scope), computed from the rows.
#[cfg(feature = "ssr")]
pub async fn compute(pool: &PgPool, me: &Me, year: Option<&str>) -> AppResult<Evaluation> {
    let scope = scope(me).ok_or_else(AppError::forbidden)?;
    let today = crate::helpers::today_vn();
    let (year, from, to) = parse_year(year, today)?;
    let city = me.city_id;
    let groups: Option<Vec<i64>> = match scope {
        Scope::City => None,
        Scope::Groups(person) => Some(
            sqlx::query_scalar!(
                "SELECT DISTINCT group_id FROM group_members WHERE city_id = $1 AND person_id = $2
                   AND active_from <= $4 AND (active_to IS NULL OR active_to > $3)",
                city,
                person,
                from,
                to,
            )
            .fetch_all(pool)
            .await?,
        ),
    };
    let people: Vec<PersonRow> = sqlx::query_as!(
        PersonRow,
        r#"SELECT p.id, p.full_name AS name, p.position, p.home_unit_id AS "agency_id?", COALESCE(u.name, '') AS "agency!",
                  string_agg(DISTINCT g.name, ', ') AS "groups!"
         FROM group_members gm JOIN people p ON p.id = gm.person_id JOIN working_groups g ON g.id = gm.group_id
         LEFT JOIN org_units u ON u.id = p.home_unit_id
         WHERE gm.city_id = $1 AND gm.active_from <= $3 AND (gm.active_to IS NULL OR gm.active_to > $2)
           AND ($4::bigint[] IS NULL OR gm.group_id = ANY($4))
         GROUP BY p.id, p.full_name, p.position, p.home_unit_id, u.name
         ORDER BY min(g.name), p.full_name, p.id"#,
        city,
        from,
        to,
        groups.as_deref(),
    )
    .fetch_all(pool)
    .await?;
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    let rows: Vec<Row> = sqlx::query_as!(
        Row,
        r#"SELECT m.cell_id IS NOT NULL AS "is_cell!", (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS "day!",
                e.person_id AS "person!", e.assigned_id AS "assigned!", att.attended AS "confirmed?",
                ab.reason AS "absence?: AbsenceReason",
                r.checked_in_at IS NOT NULL AS "checked_in!", r.submitted_at AS "submitted?"
         FROM meetings m
         JOIN meeting_expected e ON e.meeting_id = m.id
         LEFT JOIN meeting_attendance att ON att.meeting_id = m.id AND att.person_id = e.person_id
         LEFT JOIN meeting_absences ab ON ab.meeting_id = m.id AND ab.person_id = e.assigned_id
         LEFT JOIN attendance_reports r ON r.meeting_id = m.id AND r.person_id = e.person_id
         WHERE m.city_id = $1 AND m.status IN ('planned', 'announced', 'held') AND m.starts_at < now()
           AND m.starts_at >= $2 AND m.starts_at < $3
           AND (m.cell_id IS NOT NULL OR m.kind = 'ward_committee')
           AND (e.person_id = ANY($4) OR e.assigned_id = ANY($4))"#,
        city,
        // the year's days in Vietnam as moments: the planner knows how many meetings fall
        // between two moments (not between two days of an expression), and joins the
        // reports accordingly (21 ms → 7 ms on the demo city)
        crate::helpers::vn_moment(from, chrono::NaiveTime::MIN),
        crate::helpers::vn_moment(to.succ_opt().unwrap_or(to), chrono::NaiveTime::MIN),
        &ids,
    )
    .fetch_all(pool)
    .await?;
    let cal = crate::workdays::api::load_from(pool, city, from, to).await?;
    let mut by: HashMap<i64, MemberYear> = people
        .into_iter()
        .map(|PersonRow { id, name, position, agency_id, agency, groups }| {
            (id, MemberYear { person_id: id, name, position, agency_id, agency, groups, ..Default::default() })
        })
        .collect();
    for Row { is_cell, day, person, assigned, confirmed, absence, checked_in, submitted } in rows {
        let attended = crate::reports::rule::attended(confirmed, checked_in, submitted.is_some());
        if !is_cell {
            if attended {
                if let Some(m) = by.get_mut(&person) {
                    m.field_visits += 1;
                }
            }
            continue;
        }
        // the report owed by whoever went (not by a member who said he could not)
        let owes = crate::reports::rule::owes_report(person != assigned, absence.is_some());
        if person == assigned {
            if let Some(m) = by.get_mut(&person) {
                m.assigned += 1;
                if attended {
                    m.attended += 1;
                } else if let Some(reason) = absence {
                    m.absent_with_reason += 1;
                    m.absent_clash += i64::from(reason == AbsenceReason::Clash);
                } else {
                    m.absent_without_reason += 1;
                }
            }
        } else {
            if let Some(m) = by.get_mut(&assigned) {
                m.assigned += 1;
                m.substituted += 1;
            }
            if let Some(m) = by.get_mut(&person) {
                m.as_substitute += i64::from(attended);
            }
        }
        if owes {
            if let Some(m) = by.get_mut(&person) {
                use crate::reports::rule::{report_due, report_state, ReportState};
                match report_state(submitted, report_due(&cal, day), today) {
                    ReportState::OnTime => m.reports_on_time += 1,
                    ReportState::Late => m.reports_late += 1,
                    ReportState::Missing => m.reports_missing += 1,
                    ReportState::Pending | ReportState::NotOwed => {}
                }
            }
        }
    }
    let members: Vec<MemberYear> = ids.iter().filter_map(|id| by.remove(id)).collect();
    let mut agencies: Vec<(i64, String, usize)> = Vec::new();
    for m in &members {
        if let Some(a) = m.agency_id {
            match agencies.iter_mut().find(|x| x.0 == a) {
                Some(x) => x.2 += 1,
                None => agencies.push((a, m.agency.clone(), 1)),
            }
        }
    }
    agencies.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(Evaluation {
        year,
        from: crate::helpers::fmt_date(from),
        to: crate::helpers::fmt_date(to),
        members,
        agencies,
        can_notify: can_notify(me),
    })
}

/// The evaluation for the page.
#[server(endpoint = "evaluation/table")]
pub async fn evaluation_table(#[server(default)] year: Option<String>) -> Result<Evaluation, AppError> {
    respond(async move {
        let me = require_me().await?;
        // planned for its values: the plan kept for the year's rows read twice as much
        // under load (13 ms of database CPU a page against 7)
        compute(&pool()?, &me, year.as_deref()).await
    })
    .await
}
