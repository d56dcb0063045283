//! The reports owed: for every cell meeting that has taken place, every member expected
//! at it (who did not report an absence) owes a report at the end of the 5th working day
//! after it. The Organization Board's inbox lists them (submitted, due soon, overdue by so
//! many working days), a member sees his own on the home page, and a reminder notice goes
//! out on the 3rd working day to whoever has not submitted.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::permissions::{can_open_inbox, reads_all},
    crate::auth::session::require_me,
    crate::error::AppResult,
    crate::helpers::today_vn,
    crate::server::{pool, pool_kept_plans, respond},
    chrono::{DateTime, Duration, NaiveDate, Utc},
    sqlx::PgPool,
};

/// One obligation as `owed` reads it.
#[cfg(feature = "ssr")]
struct OwedRow {
    meeting_id: i64,
    meeting: String,
    ward: String,
    group_name: String,
    person: String,
    held_on: NaiveDate,
    report_id: Option<i64>,
    status: Option<ReportStatus>,
    submitted_at: Option<DateTime<Utc>>,
    person_id: i64,
}

/// The lines owed, with their due dates and lateness by the city's working days.
#[cfg(feature = "ssr")]
#[allow(clippy::too_many_arguments)]
pub async fn owed(
    pool: &PgPool,
    city_id: i64,
    since: NaiveDate,
    until: NaiveDate,
    group: i64,
    ward: i64,
    person: i64,
    leader: i64,
) -> AppResult<Vec<(InboxLine, i64)>> {
    let since_at = crate::helpers::vn_moment(since, chrono::NaiveTime::MIN);
    let until_at = crate::helpers::vn_moment(until, chrono::NaiveTime::MIN);
    // Obligations of meetings in [since, until) that have taken place, filtered: $3 group,
    // $4 ward, $5 person, $6 the leader whose groups alone are shown (-1: all).
    let rows: Vec<OwedRow> = sqlx::query_as!(
        OwedRow,
        r#"
    SELECT m.id AS meeting_id, c.code || ' – ' || c.name AS "meeting!", w.name AS ward, COALESCE(g.name, '') AS "group_name!",
           p.full_name AS person, (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS "held_on!", r.id AS "report_id?",
           r.status AS "status?: ReportStatus", r.submitted_at AS "submitted_at?", e.person_id AS "person_id!"
    FROM meetings m
    JOIN org_units c ON c.id = m.cell_id
    JOIN org_units w ON w.id = m.ward_id
    JOIN meeting_expected e ON e.meeting_id = m.id
    JOIN people p ON p.id = e.person_id
    LEFT JOIN assignments a ON a.cell_id = m.cell_id AND a.month = m.month AND a.person_id = e.assigned_id
    LEFT JOIN working_groups g ON g.id = a.group_id
    LEFT JOIN attendance_reports r ON r.meeting_id = m.id AND r.person_id = e.person_id
    WHERE m.city_id = $1 AND m.cell_id IS NOT NULL AND m.status IN ('planned', 'announced', 'held')
      AND m.starts_at < now() AND m.starts_at >= $2 AND m.starts_at < $7
      AND NOT EXISTS (SELECT 1 FROM meeting_absences ab WHERE ab.meeting_id = m.id AND ab.person_id = e.person_id)
      AND ($3::bigint = -1 OR a.group_id = $3)
      AND ($4::bigint = -1 OR m.ward_id = $4)
      AND ($5::bigint = -1 OR e.person_id = $5)
      AND ($6::bigint = -1 OR a.group_id IN (SELECT group_id FROM group_members WHERE person_id = $6 AND role = 'leader'
                                     AND (active_to IS NULL OR active_to > (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)))
    ORDER BY m.starts_at DESC, p.full_name
    LIMIT 5000"#,
        city_id,
        since_at,
        group,
        ward,
        person,
        leader,
        until_at,
    )
    .fetch_all(pool)
    .await?;
    dated(pool, city_id, rows).await
}

/// The lines one person owes for meetings in [since, until), from his own rows: the
/// meetings he is expected at (`clash::meetings_of_person`), then those meetings' lines.
/// Both statements are keyed by the person and his meetings, so they keep their plans
/// (`pool` is the kept-plans pool); the city-wide `owed` with its optional filters is
/// planned for every call and computed `meeting_expected` for the whole city's months.
#[cfg(feature = "ssr")]
pub async fn owed_by(pool: &PgPool, city_id: i64, person: i64, since: NaiveDate, until: NaiveDate) -> AppResult<Vec<InboxLine>> {
    let since_at = crate::helpers::vn_moment(since, chrono::NaiveTime::MIN);
    let until_at = crate::helpers::vn_moment(until, chrono::NaiveTime::MIN).min(Utc::now());
    let meetings = crate::calendar::clash::meetings_of_person(pool, person, since_at, until_at).await?;
    if meetings.is_empty() {
        return Ok(Vec::new());
    }
    // the same obligations as `owed`, for these meetings and this person (the meetings named
    // on the view too, so that its plan reads their rows, not the whole view)
    let rows: Vec<OwedRow> = sqlx::query_as!(
        OwedRow,
        r#"
    SELECT m.id AS meeting_id, c.code || ' – ' || c.name AS "meeting!", w.name AS ward, COALESCE(g.name, '') AS "group_name!",
           p.full_name AS person, (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS "held_on!", r.id AS "report_id?",
           r.status AS "status?: ReportStatus", r.submitted_at AS "submitted_at?", e.person_id AS "person_id!"
    FROM meetings m
    JOIN org_units c ON c.id = m.cell_id
    JOIN org_units w ON w.id = m.ward_id
    JOIN meeting_expected e ON e.meeting_id = m.id
    JOIN people p ON p.id = e.person_id
    LEFT JOIN assignments a ON a.cell_id = m.cell_id AND a.month = m.month AND a.person_id = e.assigned_id
    LEFT JOIN working_groups g ON g.id = a.group_id
    LEFT JOIN attendance_reports r ON r.meeting_id = m.id AND r.person_id = e.person_id
    WHERE m.id = ANY($1) AND e.meeting_id = ANY($1) AND e.person_id = $2 AND m.city_id = $3
      AND m.cell_id IS NOT NULL AND m.status IN ('planned', 'announced', 'held') AND m.starts_at < now()
      AND NOT EXISTS (SELECT 1 FROM meeting_absences ab WHERE ab.meeting_id = m.id AND ab.person_id = e.person_id)
    ORDER BY m.starts_at DESC
    LIMIT 5000"#,
        &meetings,
        person,
        city_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(dated(pool, city_id, rows).await?.into_iter().map(|(l, _)| l).collect())
}

/// Lines with their due dates and lateness by the city's working days.
#[cfg(feature = "ssr")]
async fn dated(pool: &PgPool, city_id: i64, rows: Vec<OwedRow>) -> AppResult<Vec<(InboxLine, i64)>> {
    let today = today_vn();
    let first = rows.iter().map(|r| r.held_on).min().unwrap_or(today);
    let cal = crate::workdays::api::load_from(pool, city_id, first, today).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let due = super::rule::report_due(&cal, r.held_on);
            let submitted_on = r.submitted_at.map(|t| crate::helpers::in_vietnam(t).date());
            let status = owed_status(r.status);
            let pending = !status.is_some_and(ReportStatus::is_sent);
            let late_by = match (submitted_on, pending) {
                (Some(s), false) => cal.late_by(due, s),
                _ => cal.late_by(due, today),
            };
            let due_soon = pending && late_by == 0 && cal.working_days_between(today, due) <= 2;
            (
                InboxLine {
                    report_id: r.report_id,
                    meeting_id: r.meeting_id,
                    meeting: r.meeting,
                    ward: r.ward,
                    group: r.group_name,
                    person: r.person,
                    held_on: r.held_on,
                    due,
                    status,
                    submitted_at: r.submitted_at.map(crate::helpers::fmt_datetime),
                    late_by,
                    due_soon,
                },
                r.person_id,
            )
        })
        .collect())
}

/// The Organization Board's inbox (and the Standing Committee's, admin's; a group leader
/// sees his groups'). `show`: all, submitted, due_soon, overdue, returned, acknowledged;
/// `month` (yyyy-mm): the meetings of that month, else those of the last three months.
#[server(endpoint = "reports/inbox")]
pub async fn inbox(
    #[server(default)] month: Option<String>,
    #[server(default)] group: Option<String>,
    #[server(default)] ward: Option<String>,
    #[server(default)] member: Option<String>,
    #[server(default)] show: Option<String>,
    #[server(default)] page: Option<String>,
) -> Result<ReportInbox, AppError> {
    respond(async move {
        let me = require_me().await?;
        if !can_open_inbox(&me) {
            return Err(AppError::forbidden());
        }
        let pool = pool()?;
        let id = |v: &Option<String>| v.as_deref().and_then(|s| s.trim().parse::<i64>().ok()).unwrap_or(-1);
        let leader = if reads_all(&me) { -1 } else { me.person_id.unwrap_or(-2) };
        let (since, until) = match month.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => (today_vn() - Duration::days(92), today_vn() + Duration::days(1)),
            Some(s) => {
                let first = NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d")
                    .map_err(|_| AppError::field("month", crate::i18n::Msg::BadMonth))?;
                (first, first.checked_add_months(chrono::Months::new(1)).unwrap_or(first))
            }
        };
        let all = owed(&pool, me.city_id, since, until, id(&group), id(&ward), id(&member), leader).await?;
        let show = show.unwrap_or_default();
        let mut out = ReportInbox { can_configure: super::permissions::can_configure_rating(&me), ..Default::default() };
        for (line, person) in all {
            if !out.members.iter().any(|(p, _)| *p == person) {
                out.members.push((person, line.person.clone()));
            }
            let keep = match show.as_str() {
                "submitted" => line.status == Some(ReportStatus::Submitted),
                "due_soon" => line.due_soon,
                "overdue" => !line.status.is_some_and(ReportStatus::is_sent) && line.late_by > 0,
                "returned" => line.status == Some(ReportStatus::Returned),
                "acknowledged" => line.status == Some(ReportStatus::Acknowledged),
                _ => true,
            };
            if keep {
                out.lines.push(line);
            }
        }
        // one page of lines (the filters' lists stay whole)
        out.total = out.lines.len();
        out.pages = out.total.div_ceil(INBOX_PAGE).max(1);
        out.page = page.as_deref().and_then(|p| p.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, out.pages);
        out.lines = out.lines.split_off(((out.page - 1) * INBOX_PAGE).min(out.total));
        out.lines.truncate(INBOX_PAGE);
        out.members.sort_by(|a, b| a.1.cmp(&b.1));
        out.groups = sqlx::query!(
            "SELECT id, name FROM working_groups WHERE city_id = $1
               AND ($2::bigint = -1 OR id IN (SELECT group_id FROM group_members WHERE person_id = $2 AND role = 'leader'))
             ORDER BY name",
            me.city_id,
            leader,
        )
        .fetch_all(&pool)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
        out.wards = sqlx::query!(
            "SELECT id, name FROM org_units WHERE city_id = $1 AND kind = 'ward' AND active_to IS NULL ORDER BY name",
            me.city_id,
        )
        .fetch_all(&pool)
        .await?
        .into_iter()
        .map(|w| (w.id, w.name))
        .collect();
        Ok(out)
    })
    .await
}

/// The caller's own reports still to do or to be acknowledged, with their deadlines
/// (the home page's card).
#[server(endpoint = "reports/mine")]
pub async fn my_reports() -> Result<Vec<InboxLine>, AppError> {
    respond(async move {
        let me = require_me().await?;
        let Some(person) = me.person_id else {
            return Ok(Vec::new());
        };
        let lines = owed_by(&pool_kept_plans()?, me.city_id, person, today_vn() - Duration::days(92), today_vn() + Duration::days(1)).await?;
        Ok(lines
            .into_iter()
            .filter(|l| l.status != Some(ReportStatus::Acknowledged))
            .collect())
    })
    .await
}

/// Sends the reminder of the 3rd working day after a meeting to every member who has not
/// submitted his report yet (once per meeting and member). Returns how many were sent.
/// Once across servers: a run that finds another under way sends nothing (0).
#[cfg(feature = "ssr")]
pub async fn send_reminders(pool: &PgPool) -> AppResult<usize> {
    Ok(crate::server::jobs::once_across_servers(pool, "report_reminders", send_reminders_now(pool)).await?.unwrap_or(0))
}

#[cfg(feature = "ssr")]
async fn send_reminders_now(pool: &PgPool) -> AppResult<usize> {
    let cities: Vec<i64> = sqlx::query_scalar!("SELECT id FROM org_units WHERE kind = 'city'")
        .fetch_all(pool)
        .await?;
    let today = today_vn();
    let mut sent = 0;
    for city in cities {
        let lines = owed(
            pool,
            city,
            today - Duration::days(40),
            today + Duration::days(1),
            -1,
            -1,
            -1,
            -1,
        )
        .await?;
        let cal =
            crate::workdays::api::load_from(pool, city, today - Duration::days(40), today).await?;
        for (line, person) in lines {
            if line.status.is_some() || cal.add(line.held_on, super::rule::REMINDER_WORKING_DAY) > today {
                continue;
            }
            let mut tx = pool.begin().await?;
            let already: bool = sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM notices WHERE meeting_id = $1 AND person_id = $2 AND kind = 'report_reminder') AS "v!""#,
                line.meeting_id,
                person,
            )
            .fetch_one(&mut *tx)
            .await?;
            if !already {
                crate::calendar::notices::notify_meeting(
                    &mut tx,
                    line.meeting_id,
                    "report_reminder",
                    &[person],
                )
                .await?;
                sent += 1;
            }
            tx.commit().await?;
        }
    }
    Ok(sent)
}
