//! Busy times and clashes. A member enters the times he is taken (or uploads an .ics file
//! of them); a meeting clashes for a member expected at it when it overlaps one of those
//! times or another meeting he is expected at. The calendar, the meeting page and the
//! assignment board flag it, and propose substitutes: other members of the group that
//! follows the ward, free at that time, fewest assignments that month first. The leader
//! accepts one in a click; the substitute is then the one expected at that meeting.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::meeting::load_meeting,
    crate::auth::session::require_me,
    crate::auth::Me,
    crate::error::{on_constraints, AppResult},
    crate::helpers::vn_moment,
    crate::i18n::Msg,
    crate::server::{audit, input, pool, respond},
    chrono::{DateTime, NaiveDate, NaiveDateTime, Utc},
    sqlx::PgPool,
    std::collections::HashMap,
};

/// (meeting, person) pairs of who is expected at the live meetings that start in
/// [$2, $3) of city $1: the month's assignments of the cell (a substitute in place of the
/// member he replaces), or the members of the group following the ward that day.
#[cfg(feature = "ssr")]
pub const EXPECTED_PAIRS: &str = "
    SELECT m.id, m.starts_at, m.ends_at, COALESCE(s.substitute_id, a.person_id) AS person
    FROM meetings m
    JOIN assignments a ON a.cell_id = m.cell_id AND a.month = m.month
    LEFT JOIN meeting_substitutes s ON s.meeting_id = m.id AND s.person_id = a.person_id
    WHERE m.city_id = $1 AND m.starts_at >= $2 AND m.starts_at < $3 AND m.status IN ('planned', 'announced', 'held')
    UNION
    SELECT m.id, m.starts_at, m.ends_at, COALESCE(s.substitute_id, gm.person_id)
    FROM meetings m
    CROSS JOIN LATERAL tct_ward_followers(m.ward_id, tct_local_day(m.starts_at)) gm
    LEFT JOIN meeting_substitutes s ON s.meeting_id = m.id AND s.person_id = gm.person_id
    WHERE m.city_id = $1 AND m.cell_id IS NULL AND m.starts_at >= $2 AND m.starts_at < $3
      AND m.status IN ('planned', 'announced', 'held')";

/// A member expected at a meeting that overlaps something else of his.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Clash {
    pub meeting_id: i64,
    /// The cell whose meeting it is (None: a ward committee meeting).
    pub cell_id: Option<i64>,
    pub person_id: i64,
    pub name: String,
    /// What it overlaps: another meeting (its title) or a busy time (its note).
    pub with: String,
}

/// (meeting, person) pairs of who is expected at the meetings whose ids are in $1 and that
/// are still to come (a clash matters while someone can still be sent instead; a meeting
/// held or cancelled carries no flag).
#[cfg(feature = "ssr")]
const EXPECTED_AT: &str = "
    SELECT m.id, m.starts_at, m.ends_at, m.cell_id, COALESCE(s.substitute_id, a.person_id) AS person
    FROM meetings m
    JOIN assignments a ON a.cell_id = m.cell_id AND a.month = m.month
    LEFT JOIN meeting_substitutes s ON s.meeting_id = m.id AND s.person_id = a.person_id
    WHERE m.id = ANY($1) AND m.status IN ('planned', 'announced') AND m.starts_at > now()
    UNION
    SELECT m.id, m.starts_at, m.ends_at, m.cell_id, COALESCE(s.substitute_id, gm.person_id)
    FROM meetings m
    CROSS JOIN LATERAL tct_ward_followers(m.ward_id, tct_local_day(m.starts_at)) gm
    LEFT JOIN meeting_substitutes s ON s.meeting_id = m.id AND s.person_id = gm.person_id
    WHERE m.id = ANY($1) AND m.cell_id IS NULL AND m.status IN ('planned', 'announced') AND m.starts_at > now()";

/// Every clash of the given meetings. The work follows the meetings asked about and the
/// people expected at them (their other meetings are found from their own assignments,
/// substitutions and groups), never a whole city's month.
#[cfg(feature = "ssr")]
pub async fn clashes(pool: &PgPool, meeting_ids: &[i64]) -> AppResult<Vec<Clash>> {
    if meeting_ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(sqlx::query_as::<_, Clash>(&format!(
        "WITH e1 AS ({EXPECTED_AT}),
              persons AS (SELECT DISTINCT person FROM e1),
              months AS (SELECT DISTINCT m.month FROM meetings m WHERE m.id = ANY($1)),
              e2 AS (
                  -- the cells they are assigned to, those months
                  SELECT m.id, m.starts_at, m.ends_at, COALESCE(s.substitute_id, a.person_id) AS person
                  FROM assignments a
                  JOIN meetings m ON m.cell_id = a.cell_id AND m.month = a.month
                  LEFT JOIN meeting_substitutes s ON s.meeting_id = m.id AND s.person_id = a.person_id
                  WHERE a.person_id IN (SELECT person FROM persons) AND a.month IN (SELECT month FROM months)
                    AND m.status IN ('planned', 'announced', 'held')
                  UNION
                  -- the meetings they go to instead of someone
                  SELECT m.id, m.starts_at, m.ends_at, s.substitute_id
                  FROM meeting_substitutes s JOIN meetings m ON m.id = s.meeting_id
                  WHERE s.substitute_id IN (SELECT person FROM persons) AND m.month IN (SELECT month FROM months)
                    AND m.status IN ('planned', 'announced', 'held')
                  UNION
                  -- the ward committee meetings of the wards their groups follow
                  SELECT m.id, m.starts_at, m.ends_at, COALESCE(s.substitute_id, gm.person_id)
                  FROM meetings m
                  CROSS JOIN LATERAL tct_ward_followers(m.ward_id, tct_local_day(m.starts_at)) gm
                  LEFT JOIN meeting_substitutes s ON s.meeting_id = m.id AND s.person_id = gm.person_id
                  WHERE m.cell_id IS NULL AND m.month IN (SELECT month FROM months)
                    AND m.status IN ('planned', 'announced', 'held')
                    AND gm.person_id IN (SELECT person FROM persons))
         SELECT e1.id AS meeting_id, e1.cell_id, e1.person AS person_id, p.full_name AS name,
                COALESCE(c.code || ' – ' || c.name, w.name) || ' ' || to_char(m2.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'HH24:MI DD/MM')
                AS \"with\"
         FROM e1
         JOIN e2 ON e2.person = e1.person AND e2.id <> e1.id
              AND tstzrange(e1.starts_at, e1.ends_at) && tstzrange(e2.starts_at, e2.ends_at)
         JOIN meetings m2 ON m2.id = e2.id JOIN org_units w ON w.id = m2.ward_id LEFT JOIN org_units c ON c.id = m2.cell_id
         JOIN people p ON p.id = e1.person
         UNION ALL
         SELECT e1.id, e1.cell_id, e1.person, p.full_name,
                COALESCE(NULLIF(b.note, ''), 'Bận') || ' ' || to_char(b.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'HH24:MI DD/MM')
         FROM e1
         JOIN busy_times b ON b.person_id = e1.person AND tstzrange(e1.starts_at, e1.ends_at) && tstzrange(b.starts_at, b.ends_at)
         JOIN people p ON p.id = e1.person"
    ))
    .bind(meeting_ids)
    .fetch_all(pool)
    .await?)
}

/// The meetings a person is expected at that start in [from, to): his cells' (unless
/// someone went instead), those he goes to instead of someone, his groups' ward committee
/// meetings. From his own rows, so it costs the same in a city of any size.
#[cfg(feature = "ssr")]
pub async fn meetings_of_person(pool: &PgPool, person: i64, from: DateTime<Utc>, to: DateTime<Utc>) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT m.id AS "id!" FROM assignments a JOIN meetings m ON m.cell_id = a.cell_id AND m.month = a.month
         WHERE a.person_id = $1 AND m.starts_at >= $2 AND m.starts_at < $3
           AND NOT EXISTS (SELECT 1 FROM meeting_substitutes s WHERE s.meeting_id = m.id AND s.person_id = $1)
         UNION
         SELECT m.id FROM meeting_substitutes s JOIN meetings m ON m.id = s.meeting_id
         WHERE s.substitute_id = $1 AND m.starts_at >= $2 AND m.starts_at < $3
         UNION
         SELECT m.id FROM meetings m
         WHERE m.cell_id IS NULL AND m.starts_at >= $2 AND m.starts_at < $3
           AND m.ward_id IN (SELECT ward_id FROM tct_followed_wards($1, tct_local_day(m.starts_at), tct_local_day(m.starts_at) + 1))
           AND NOT EXISTS (SELECT 1 FROM meeting_substitutes s WHERE s.meeting_id = m.id AND s.person_id = $1)"#,
        person,
        from,
        to,
    )
    .fetch_all(pool)
    .await?)
}

/// Clashes grouped by meeting: (person, name, what it overlaps).
#[cfg(feature = "ssr")]
pub fn by_meeting(list: Vec<Clash>) -> HashMap<i64, Vec<Clash>> {
    let mut map: HashMap<i64, Vec<Clash>> = HashMap::new();
    for c in list {
        map.entry(c.meeting_id).or_default().push(c);
    }
    map
}

/// A member who could go instead, and his assignments that month.
#[cfg(feature = "ssr")]
#[derive(sqlx::FromRow)]
struct SubstituteRow {
    id: i64,
    full_name: String,
    load: i64,
}

/// Who could go instead of `person` to a meeting: members of the group following the
/// ward that day, not expected at it already, with no busy time or other meeting then;
/// fewest assignments that month first.
#[cfg(feature = "ssr")]
pub async fn substitutes(pool: &PgPool, me: &Me, meeting_id: i64) -> AppResult<Vec<Substitute>> {
    let rows: Vec<SubstituteRow> = sqlx::query_as(&format!(
        "WITH m AS (SELECT * FROM meetings WHERE id = $4),
              em AS ({EXPECTED_PAIRS})
         SELECT p.id, p.full_name,
                (SELECT count(*) FROM assignments a WHERE a.person_id = p.id AND a.month = (SELECT month FROM m)) AS load
         FROM m CROSS JOIN LATERAL tct_ward_followers(m.ward_id, tct_local_day(m.starts_at)) gm
         JOIN people p ON p.id = gm.person_id AND p.active
         WHERE NOT EXISTS (SELECT 1 FROM em WHERE em.id = $4 AND em.person = p.id)
           AND NOT EXISTS (SELECT 1 FROM em, m WHERE em.person = p.id AND em.id <> m.id
                           AND tstzrange(em.starts_at, em.ends_at) && tstzrange(m.starts_at, m.ends_at))
           AND NOT EXISTS (SELECT 1 FROM busy_times b, m WHERE b.person_id = p.id
                           AND tstzrange(b.starts_at, b.ends_at) && tstzrange(m.starts_at, m.ends_at))
         ORDER BY 3, p.full_name
         LIMIT 5"
    ))
    .bind(me.city_id)
    .bind(Utc::now() - chrono::Duration::days(400))
    .bind(Utc::now() + chrono::Duration::days(400))
    .bind(meeting_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| Substitute { person_id: r.id, name: r.full_name, load: r.load }).collect())
}

/// A member's reported absence from a meeting.
#[cfg(feature = "ssr")]
#[derive(sqlx::FromRow)]
pub struct Absent {
    pub person_id: i64,
    pub name: String,
    pub reason: crate::reports::model::AbsenceReason,
    pub note: String,
}

/// Members who reported an absence from this meeting (still to come) and are still the
/// ones expected, nobody having been sent instead.
#[cfg(feature = "ssr")]
pub async fn absent_still_expected(pool: &PgPool, me: &Me, meeting_id: i64) -> AppResult<Vec<Absent>> {
    Ok(sqlx::query_as(&format!(
        "WITH em AS ({EXPECTED_PAIRS})
         SELECT ab.person_id, p.full_name AS name, ab.reason, ab.note
         FROM meeting_absences ab
         JOIN meetings m ON m.id = ab.meeting_id
         JOIN people p ON p.id = ab.person_id
         WHERE ab.meeting_id = $4 AND m.status IN ('planned', 'announced') AND m.starts_at > now()
           AND EXISTS (SELECT 1 FROM em WHERE em.id = $4 AND em.person = ab.person_id)
         ORDER BY p.full_name"
    ))
    .bind(me.city_id)
    .bind(Utc::now() - chrono::Duration::days(400))
    .bind(Utc::now() + chrono::Duration::days(400))
    .bind(meeting_id)
    .fetch_all(pool)
    .await?)
}

/// May the caller choose substitutes for this meeting? The leader of the group following
/// the ward that day, and the organization board (admin).
#[cfg(feature = "ssr")]
pub async fn leads_meeting_group(pool: &PgPool, me: &Me, meeting_id: i64) -> AppResult<bool> {
    if me.manages_org() {
        return Ok(true);
    }
    let Some(person) = me.person_id else { return Ok(false) };
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM meetings m
                        CROSS JOIN LATERAL tct_ward_followers(m.ward_id, tct_local_day(m.starts_at)) gm
                        WHERE m.id = $1 AND gm.role = 'leader' AND gm.person_id = $2) AS "v!""#,
        meeting_id,
        person,
    )
    .fetch_one(pool)
    .await?)
}

/// The leader sends `substitute_id` to the meeting instead of `person_id` (who clashes, or
/// reported an absence).
#[server(endpoint = "meetings/substitute")]
pub async fn accept_substitute(meeting_id: i64, person_id: i64, substitute_id: i64) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let (item, _) = load_meeting(&pool, &me, meeting_id).await?;
        if !leads_meeting_group(&pool, &me, meeting_id).await? {
            return Err(AppError::forbidden());
        }
        if !item.status.is_open() {
            return Err(AppError::invalid(Msg::StatusNotAllowed));
        }
        // The one replaced must be expected at it; the substitute must be one proposed.
        let expected: bool = sqlx::query_scalar(&format!(
            "WITH em AS ({EXPECTED_PAIRS}) SELECT EXISTS (SELECT 1 FROM em WHERE id = $4 AND person = $5)"
        ))
        .bind(me.city_id)
        .bind(Utc::now() - chrono::Duration::days(400))
        .bind(Utc::now() + chrono::Duration::days(400))
        .bind(meeting_id)
        .bind(person_id)
        .fetch_one(&pool)
        .await?;
        if !expected {
            return Err(AppError::field("person_id", Msg::NotExpected));
        }
        if !substitutes(&pool, &me, meeting_id).await?.iter().any(|s| s.person_id == substitute_id) {
            return Err(AppError::field("substitute_id", Msg::NotFree));
        }
        let mut tx = pool.begin().await?;
        // If the one replaced is himself a substitute, the original member is the key.
        let original: i64 = sqlx::query_scalar!(
            r#"SELECT COALESCE((SELECT person_id FROM meeting_substitutes WHERE meeting_id = $1 AND substitute_id = $2), $2) AS "v!""#,
            meeting_id,
            person_id,
        )
        .fetch_one(&mut *tx)
        .await?;
        on_constraints(
            sqlx::query!(
                "INSERT INTO meeting_substitutes (meeting_id, person_id, substitute_id, city_id, accepted_by)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (meeting_id, person_id) DO UPDATE SET substitute_id = $3, accepted_by = $5, accepted_at = now()",
                meeting_id,
                original,
                substitute_id,
                me.city_id,
                me.account_id,
            )
            .execute(&mut *tx)
            .await,
            &[("substitute_not_self", AppError::field("substitute_id", Msg::NotFree))],
        )?;
        sqlx::query!("UPDATE meetings SET sequence = sequence + 1, version = version + 1, updated_at = now() WHERE id = $1", meeting_id)
            .execute(&mut *tx)
            .await?;
        let entry = audit::Entry {
            city_id: me.city_id,
            account_id: Some(me.account_id),
            action: "substitute",
            entity: audit::Entity::Meeting,
            id: meeting_id,
            before: Some(serde_json::json!({ "person_id": person_id })),
            after: Some(serde_json::json!({ "person_id": substitute_id })),
            reason: None,
        };
        audit::write(&mut tx, entry).await?;
        super::notices::notify_meeting(&mut tx, meeting_id, "substitute", &[person_id, substitute_id]).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{meeting_id}?saved=1"));
        Ok(())
    })
    .await
}

// ---------------------------------------------------------------- busy times

/// The caller's busy times from today on.
#[server(endpoint = "busy/list")]
pub async fn list_busy() -> Result<Vec<BusyTime>, AppError> {
    respond(async move {
        let me = require_me().await?;
        let Some(person) = me.person_id.filter(|_| super::permissions::can_open_calendar(&me)) else {
            return Err(AppError::forbidden());
        };
        let rows = sqlx::query!(
            r#"SELECT id, starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS "starts!", ends_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS "ends!",
                    note, source
             FROM busy_times WHERE person_id = $1 AND ends_at > now() - interval '1 day' ORDER BY starts_at LIMIT 500"#,
            person,
        )
        .fetch_all(&pool()?)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| BusyTime {
                id: r.id,
                date: r.starts.date(),
                start: r.starts.format("%H:%M").to_string(),
                end_date: r.ends.date(),
                end: r.ends.format("%H:%M").to_string(),
                note: r.note,
                from_file: r.source == "ics",
            })
            .collect())
    })
    .await
}

/// A busy time as its form posts it (`add_busy`).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct BusyForm {
    pub date: String,
    pub start: String,
    pub end: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// Adds a busy time of the caller's: a day, a start and an end (the end may be the next
/// day's when it is earlier than the start), a note.
#[server(endpoint = "busy/add")]
pub async fn add_busy(#[server(flatten)] form: BusyForm) -> Result<(), AppError> {
    respond(async move {
        let BusyForm { date, start, end, note } = form;
        let me = require_me().await?;
        let Some(person) = me.person_id.filter(|_| super::permissions::can_open_calendar(&me)) else {
            return Err(AppError::forbidden());
        };
        let day = input::date("date", &date)?;
        let s = super::pattern::parse_time(&start).ok_or_else(|| AppError::field("start", Msg::BadTime))?;
        let e = super::pattern::parse_time(&end).ok_or_else(|| AppError::field("end", Msg::BadTime))?;
        if e <= s {
            return Err(AppError::field("end", Msg::EndTimeBeforeStart));
        }
        let note = input::optional("note", note.as_deref().unwrap_or(""), 200)?;
        let pool = pool()?;
        let mut tx = pool.begin().await?;
        let id: i64 = sqlx::query_scalar!(
            "INSERT INTO busy_times (city_id, person_id, starts_at, ends_at, note, source, created_by)
             VALUES ($1, $2, $3, $4, $5, 'typed', $6) RETURNING id",
            me.city_id,
            person,
            vn_moment(day, s),
            vn_moment(day, e),
            &note,
            me.account_id,
        )
        .fetch_one(&mut *tx)
        .await?;
        audit::record(&mut tx, me.city_id, Some(me.account_id), "create", audit::Entity::BusyTime, id, None).await?;
        tx.commit().await?;
        leptos_axum::redirect("/calendar/busy?saved=1");
        Ok(())
    })
    .await
}

#[server(endpoint = "busy/delete")]
pub async fn delete_busy(id: i64) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let mut tx = pool.begin().await?;
        let owner = sqlx::query!("SELECT person_id, city_id FROM busy_times WHERE id = $1 FOR UPDATE", id)
            .fetch_optional(&mut *tx)
            .await?;
        match owner {
            Some(o) if o.city_id != me.city_id => return Err(AppError::not_found()),
            None => return Err(AppError::not_found()),
            Some(o) if Some(o.person_id) != me.person_id => return Err(AppError::forbidden()),
            _ => {}
        }
        let before = audit::snapshot(&mut tx, audit::Entity::BusyTime, id).await?;
        sqlx::query!("DELETE FROM busy_times WHERE id = $1", id).execute(&mut *tx).await?;
        audit::record(&mut tx, me.city_id, Some(me.account_id), "delete", audit::Entity::BusyTime, id, before).await?;
        tx.commit().await?;
        leptos_axum::redirect("/calendar/busy?saved=1");
        Ok(())
    })
    .await
}

/// A busy time read from a calendar file: start, end, note, the event's UID.
#[cfg(feature = "ssr")]
pub type IcsBusy = (DateTime<Utc>, DateTime<Utc>, String, String);

/// The busy times of an uploaded calendar file: every VEVENT's DTSTART–DTEND (a day
/// without a time is the whole day), in its TZID, in UTC ("Z"), or in Vietnam's time
/// when it names none. Cancelled and transparent (free) events are skipped. A recurring
/// event (RRULE, less its EXDATEs) is every occurrence from yesterday to 400 days ahead.
#[cfg(feature = "ssr")]
pub fn busy_from_ics(text: &str) -> Result<Vec<IcsBusy>, Msg> {
    let now = Utc::now();
    busy_from_ics_between(text, now - chrono::Duration::days(1), now + chrono::Duration::days(400))
}

/// The occurrences of a recurring event that start in [from, to], each as long as the
/// first (the `rrule` crate expands RFC 5545's rules). A rule it cannot read counts the
/// event once, as before it was understood.
#[cfg(feature = "ssr")]
fn occurrences(dtstart: &(String, String), rrule: &str, exdates: &[(String, String)], from: DateTime<Utc>, to: DateTime<Utc>) -> Option<Vec<DateTime<Utc>>> {
    // a start without a zone is Vietnam's time, as for a single event
    let params = if dtstart.0.contains("TZID=") || dtstart.1.ends_with('Z') || dtstart.0.contains("VALUE=DATE") {
        dtstart.0.clone()
    } else {
        format!("{}{}TZID=Asia/Ho_Chi_Minh", dtstart.0, if dtstart.0.is_empty() { "" } else { ";" })
    };
    let head = |name: &str, p: &str, v: &str| if p.is_empty() { format!("{name}:{v}") } else { format!("{name};{p}:{v}") };
    let mut spec = format!("{}\nRRULE:{rrule}", head("DTSTART", &params, &dtstart.1));
    for (p, v) in exdates {
        let p = if p.contains("TZID=") || v.ends_with('Z') || p.contains("VALUE=DATE") || p.is_empty() && params.contains("TZID=") && !v.ends_with('Z') {
            if p.is_empty() { params.clone() } else { p.clone() }
        } else {
            p.clone()
        };
        spec.push('\n');
        spec.push_str(&head("EXDATE", &p, v));
    }
    let set: rrule::RRuleSet = spec.parse().ok()?;
    let zone = |t: DateTime<Utc>| t.with_timezone(&rrule::Tz::UTC);
    let found = set.after(zone(from)).before(zone(to)).all(1000);
    Some(found.dates.into_iter().map(|d| d.with_timezone(&Utc)).collect())
}

/// [`busy_from_ics`] with the window of a recurring event's occurrences given.
#[cfg(feature = "ssr")]
pub fn busy_from_ics_between(text: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<IcsBusy>, Msg> {
    // unfold continuation lines (RFC 5545 §3.1)
    let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "").replace("\n\t", "");
    if !unfolded.trim_start_matches('\u{feff}').trim_start().starts_with("BEGIN:VCALENDAR") {
        return Err(Msg::NotACalendar);
    }
    let mut out = Vec::new();
    let mut ev: Option<HashMap<String, (String, String)>> = None;
    let mut exdates: Vec<(String, String)> = Vec::new();
    for raw in unfolded.lines() {
        let l = raw.trim_end_matches('\r');
        if l == "BEGIN:VEVENT" {
            ev = Some(HashMap::new());
            exdates.clear();
        } else if l == "END:VEVENT" {
            if let Some(e) = ev.take() {
                if e.get("STATUS").is_some_and(|s| s.1 == "CANCELLED") || e.get("TRANSP").is_some_and(|s| s.1 == "TRANSPARENT") {
                    continue;
                }
                let Some(start) = e.get("DTSTART").and_then(|(p, v)| ics_moment(p, v)) else { return Err(Msg::NotACalendar) };
                let end = e
                    .get("DTEND")
                    .and_then(|(p, v)| ics_moment(p, v))
                    .unwrap_or(start + chrono::Duration::hours(if e["DTSTART"].0.contains("VALUE=DATE") { 24 } else { 1 }));
                if end <= start {
                    continue;
                }
                let summary: String = e.get("SUMMARY").map(|s| unescape(&s.1)).unwrap_or_default().chars().take(200).collect();
                let uid: String = e.get("UID").map(|s| s.1.clone()).unwrap_or_default().chars().take(300).collect();
                let starts = match e.get("RRULE") {
                    Some((_, rule)) => occurrences(&e["DTSTART"], rule, &exdates, from, to).unwrap_or_else(|| vec![start]),
                    None => vec![start],
                };
                for s in starts {
                    out.push((s, s + (end - start), summary.clone(), uid.clone()));
                }
                if out.len() > 2000 {
                    return Err(Msg::FileTooLarge);
                }
            }
        } else if let Some(e) = ev.as_mut() {
            if let Some((name_params, value)) = l.split_once(':') {
                let (name, params) = name_params.split_once(';').unwrap_or((name_params, ""));
                let name = name.to_ascii_uppercase();
                if name == "EXDATE" {
                    // several lines, each maybe a list
                    exdates.extend(value.split(',').map(|v| (params.to_string(), v.trim().to_string())));
                } else {
                    e.insert(name, (params.to_string(), value.to_string()));
                }
            }
        }
    }
    Ok(out)
}

#[cfg(feature = "ssr")]
fn unescape(s: &str) -> String {
    s.replace("\\n", " ").replace("\\N", " ").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
}

#[cfg(feature = "ssr")]
fn ics_moment(params: &str, value: &str) -> Option<DateTime<Utc>> {
    use chrono::TimeZone;
    let v = value.trim();
    if params.contains("VALUE=DATE") && !params.contains("VALUE=DATE-TIME") || v.len() == 8 {
        let d = NaiveDate::parse_from_str(v, "%Y%m%d").ok()?;
        return Some(vn_moment(d, chrono::NaiveTime::MIN));
    }
    if let Some(utc) = v.strip_suffix('Z') {
        return NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok().map(|t| t.and_utc());
    }
    let local = NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").ok()?;
    let tz = params
        .split(';')
        .find_map(|p| p.strip_prefix("TZID="))
        .and_then(|z| z.trim_matches('"').parse::<chrono_tz::Tz>().ok())
        .unwrap_or(chrono_tz::Asia::Ho_Chi_Minh);
    tz.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc))
}

/// POST /upload/busy-ics (multipart, field "file"): the caller's busy times from a calendar
/// file, replacing those of an earlier upload. A plain form, so it works before the wasm;
/// it answers by sending the browser back to the busy-times page with the outcome.
#[cfg(feature = "ssr")]
pub async fn upload_ics(
    axum::extract::State(pool): axum::extract::State<PgPool>,
    crate::auth::session::Caller(me): crate::auth::session::Caller,
    headers: axum::http::HeaderMap,
    mut multipart: axum::extract::Multipart,
) -> axum::response::Response {
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Redirect};
    let Some(person) = me.person_id.filter(|_| super::permissions::can_open_calendar(&me)) else {
        return StatusCode::FORBIDDEN.into_response();
    };
    let back = |msg: Option<Msg>, status: StatusCode| {
        let to = match msg {
            Some(ref m) => format!("/calendar/busy?upload_err={}", crate::server::url_encode(&serde_json::to_string(&m).unwrap_or_default())),
            None => "/calendar/busy?saved=1".to_string(),
        };
        // A browser's plain form follows the redirect; a script sees the status.
        if headers.get(axum::http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html")) {
            Redirect::to(&to).into_response()
        } else {
            (status, axum::Json(AppError::field("file", msg.unwrap_or(Msg::Saved)))).into_response()
        }
    };
    let mut data = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => match field.bytes().await {
                Ok(b) => data = b.to_vec(),
                Err(_) => return back(Some(Msg::FileTooLarge), StatusCode::PAYLOAD_TOO_LARGE),
            },
            Ok(Some(_)) => continue,
            Ok(None) => break,
            Err(_) => return back(Some(Msg::BadRequest), StatusCode::BAD_REQUEST),
        }
    }
    if data.is_empty() {
        return back(Some(Msg::Required), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let Ok(text) = String::from_utf8(data) else { return back(Some(Msg::NotACalendar), StatusCode::UNPROCESSABLE_ENTITY) };
    let events = match busy_from_ics(&text) {
        Ok(e) => e,
        Err(m) => return back(Some(m), StatusCode::UNPROCESSABLE_ENTITY),
    };
    let saved: AppResult<()> = async {
        let mut tx = pool.begin().await?;
        sqlx::query!("DELETE FROM busy_times WHERE person_id = $1 AND source = 'ics'", person).execute(&mut *tx).await?;
        for (s, e, note, uid) in &events {
            sqlx::query!(
                "INSERT INTO busy_times (city_id, person_id, starts_at, ends_at, note, source, ics_uid, created_by)
                 VALUES ($1, $2, $3, $4, $5, 'ics', $6, $7)",
                me.city_id,
                person,
                s,
                e,
                note,
                uid,
                me.account_id,
            )
            .execute(&mut *tx)
            .await?;
        }
        let entry = audit::Entry {
            city_id: me.city_id,
            account_id: Some(me.account_id),
            action: "upload_ics",
            entity: audit::Entity::Person,
            id: person,
            before: None,
            after: Some(serde_json::json!({ "busy_times": events.len() })),
            reason: None,
        };
        audit::write(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    match saved {
        Ok(()) => back(None, StatusCode::OK),
        Err(e) => back(Some(e.msg), StatusCode::from_u16(e.kind.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)),
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::helpers::fmt_datetime;

    #[test]
    fn busy_times_from_a_calendar_file() {
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Họp giao ban\\, Sở\r\nDTSTART;TZID=Asia/Ho_Chi_Minh:20261205T190000\r\nDTEND;TZID=Asia/Ho_Chi_Minh:20261205T2\r\n 10000\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART:20261206T010000Z\r\nDTEND:20261206T020000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:c\r\nDTSTART;VALUE=DATE:20261207\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:d\r\nSTATUS:CANCELLED\r\nDTSTART:20261208T010000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let b = busy_from_ics(ics).unwrap();
        assert_eq!(b.len(), 3);
        assert_eq!(fmt_datetime(b[0].0), "05/12/2026 19:00");
        assert_eq!(fmt_datetime(b[0].1), "05/12/2026 21:00");
        assert_eq!(b[0].2, "Họp giao ban, Sở");
        assert_eq!(fmt_datetime(b[1].0), "06/12/2026 08:00");
        assert_eq!(fmt_datetime(b[2].0), "07/12/2026 00:00");
        assert_eq!(fmt_datetime(b[2].1), "08/12/2026 00:00");
        assert_eq!(busy_from_ics("hello").unwrap_err(), Msg::NotACalendar);
    }

    #[test]
    fn a_weekly_busy_time_is_every_week() {
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:w\r\nSUMMARY:Giao ban\r\n\
                   DTSTART;TZID=Asia/Ho_Chi_Minh:20270104T080000\r\nDTEND;TZID=Asia/Ho_Chi_Minh:20270104T100000\r\n\
                   RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=6\r\nEXDATE;TZID=Asia/Ho_Chi_Minh:20270118T080000\r\nEND:VEVENT\r\n\
                   BEGIN:VEVENT\r\nUID:m\r\nDTSTART:20270105T190000\r\nDTEND:20270105T200000\r\nRRULE:FREQ=MONTHLY;UNTIL=20270601T000000Z\r\nEND:VEVENT\r\n\
                   END:VCALENDAR\r\n";
        let day = |y, m, d| vn_moment(NaiveDate::from_ymd_opt(y, m, d).unwrap(), chrono::NaiveTime::MIN);
        let b = busy_from_ics_between(ics, day(2027, 1, 1), day(2027, 12, 31)).unwrap();
        let weekly: Vec<String> = b.iter().filter(|x| x.3 == "w").map(|x| fmt_datetime(x.0)).collect();
        // six Mondays less the one taken out
        assert_eq!(weekly, ["04/01/2027 08:00", "11/01/2027 08:00", "25/01/2027 08:00", "01/02/2027 08:00", "08/02/2027 08:00"]);
        assert!(b.iter().filter(|x| x.3 == "w").all(|x| x.1 - x.0 == chrono::Duration::hours(2)));
        // a floating time is Vietnam's; monthly until June: January to May
        let monthly: Vec<String> = b.iter().filter(|x| x.3 == "m").map(|x| fmt_datetime(x.0)).collect();
        assert_eq!(monthly.len(), 5, "{monthly:?}");
        assert_eq!(monthly[0], "05/01/2027 19:00");
        // only the window's occurrences
        let b = busy_from_ics_between(ics, day(2027, 1, 10), day(2027, 1, 31)).unwrap();
        assert_eq!(b.iter().filter(|x| x.3 == "w").count(), 2);
    }
}
