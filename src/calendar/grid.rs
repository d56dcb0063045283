//! A ward's month at once: one row per active cell (its meeting, or its usual pattern
//! prefilled), the ward committee's meeting, and extra rows; saved in one transaction,
//! with every row's errors answered together.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::meeting::ward_relation,
    super::notices::notify_meeting,
    super::pattern::{parse_day, parse_day_in, parse_time, Day},
    super::permissions::{can, MeetingAction},
    crate::auth::session::require_me,
    crate::error::AppResult,
    crate::helpers::{month_key, next_month, parse_month},
    crate::helpers::{natural_key, vn_moment},
    crate::i18n::Msg,
    crate::server::{audit, input, pool, respond},
    chrono::{NaiveDate, NaiveDateTime, NaiveTime},
    std::collections::HashMap,
};

#[cfg(feature = "ssr")]
fn month_of(s: &str) -> AppResult<NaiveDate> {
    parse_month(s).ok_or_else(|| AppError::field("month", Msg::BadMonth))
}

/// A cell of the ward that is active on some day of the month.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone)]
struct Cell {
    id: i64,
    code: String,
    name: String,
    from: NaiveDate,
    to: Option<NaiveDate>,
}

#[cfg(feature = "ssr")]
impl Cell {
    fn active_on(&self, d: NaiveDate) -> bool {
        self.from <= d && self.to.is_none_or(|to| to > d)
    }
}

#[cfg(feature = "ssr")]
async fn cells_of<'e>(db: impl sqlx::PgExecutor<'e>, ward: i64, month: NaiveDate) -> AppResult<Vec<Cell>> {
    let mut cells: Vec<Cell> = sqlx::query_as!(
        Cell,
        r#"SELECT id, code, name, active_from AS "from", active_to AS "to" FROM org_units
         WHERE parent_id = $1 AND kind = 'cell' AND active_from < $3 AND (active_to IS NULL OR active_to > $2)"#,
        ward,
        month,
        next_month(month),
    )
    .fetch_all(db)
    .await?;
    cells.sort_by_key(|c| natural_key(&c.code));
    Ok(cells)
}

/// A usual pattern as stored: the day, the times, the place.
#[cfg(feature = "ssr")]
type Rule = (Day, NaiveTime, NaiveTime, String);

#[cfg(feature = "ssr")]
async fn rules_of<'e>(db: impl sqlx::PgExecutor<'e>, ward: i64) -> AppResult<HashMap<i64, Rule>> {
    let rows = sqlx::query!(
        "SELECT r.cell_id, r.day_of_month, r.week_of_month, r.weekday, r.starts, r.ends, r.place
         FROM cell_meeting_rules r JOIN org_units c ON c.id = r.cell_id WHERE c.parent_id = $1",
        ward,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let day = match (r.day_of_month, r.week_of_month, r.weekday) {
                (Some(d), _, _) => Day::OfMonth(d as u32),
                (None, Some(w), Some(wd)) => Day::Nth { week: w as i32, weekday: wd as u32 },
                _ => return None,
            };
            Some((r.cell_id, (day, r.starts, r.ends, r.place)))
        })
        .collect())
}

/// A saved meeting of the ward's month, its times in Vietnam's time.
#[cfg(feature = "ssr")]
struct MonthMeeting {
    id: i64,
    version: i32,
    cell_id: Option<i64>,
    kind: MeetingKind,
    status: MeetingStatus,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
    place: String,
    topic: String,
    invited: bool,
}

#[server(endpoint = "calendar/ward-month")]
pub async fn ward_month(ward_id: i64, month: String) -> Result<MonthGrid, AppError> {
    respond(async move {
        let me = require_me().await?;
        let month = crate::helpers::month_or_this(&month).ok_or_else(|| AppError::field("month", Msg::BadMonth))?;
        let end = next_month(month);
        let pool = pool()?;
        let rel = ward_relation(&pool, &me, ward_id, month, end).await?;
        if !can(&me, rel, MeetingAction::Read) {
            return Err(AppError::forbidden());
        }
        let ward_name: String = sqlx::query_scalar!("SELECT name FROM org_units WHERE id = $1", ward_id).fetch_one(&pool).await?;
        let cells = cells_of(&pool, ward_id, month).await?;
        let rules = rules_of(&pool, ward_id).await?;
        let meetings: Vec<MonthMeeting> = sqlx::query_as!(
            MonthMeeting,
            r#"SELECT id, version, cell_id, kind AS "kind: MeetingKind", status AS "status: MeetingStatus",
                    starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS "starts!",
                    ends_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS "ends!", place, topic, invited_at IS NOT NULL AS "invited!"
             FROM meetings WHERE ward_id = $1 AND month = $2 ORDER BY starts_at"#,
            ward_id,
            month,
        )
        .fetch_all(&pool)
        .await?;
        let saved_row = |m: &MonthMeeting, cell: Option<&Cell>, rule: Option<&Rule>| GridRow {
            meeting_id: Some(m.id),
            version: m.version,
            cell_id: m.cell_id,
            cell_code: cell.map(|c| c.code.clone()).unwrap_or_default(),
            cell_name: cell.map(|c| c.name.clone()).unwrap_or_else(|| ward_name.clone()),
            usual: rule.map(|r| r.0.short()).unwrap_or_default(),
            usual_day: rule.map(|r| r.0),
            date: m.starts.format("%d/%m").to_string(),
            start: m.starts.format("%H:%M").to_string(),
            end: m.ends.format("%H:%M").to_string(),
            kind: m.kind,
            status: Some(m.status),
            place: m.place.clone(),
            topic: m.topic.clone(),
            prefilled: false,
            locked: m.status.is_off(),
            invited: m.invited,
        };
        let mut rows = Vec::new();
        for c in &cells {
            let rule = rules.get(&c.id);
            let mut any = false;
            for m in meetings.iter().filter(|m| m.cell_id == Some(c.id)) {
                rows.push(saved_row(m, Some(c), rule));
                any = true;
            }
            if !any {
                let mut row = GridRow {
                    cell_id: Some(c.id),
                    cell_code: c.code.clone(),
                    cell_name: c.name.clone(),
                    kind: MeetingKind::Regular,
                    ..Default::default()
                };
                if let Some((day, s, e, place)) = rule {
                    row.usual = day.short();
                    row.usual_day = Some(*day);
                    if let Some(d) = day.in_month(month).filter(|d| c.active_on(*d)) {
                        row.date = d.format("%d/%m").to_string();
                        row.start = s.format("%H:%M").to_string();
                        row.end = e.format("%H:%M").to_string();
                        row.place = place.clone();
                        row.prefilled = true;
                    }
                }
                rows.push(row);
            }
        }
        // Meetings of cells that are no longer listed (ended before the month's end still are).
        let committee: Vec<&MonthMeeting> = meetings.iter().filter(|m| m.cell_id.is_none()).collect();
        for m in &committee {
            rows.push(saved_row(m, None, None));
        }
        if committee.is_empty() {
            rows.push(GridRow { cell_name: ward_name.clone(), kind: MeetingKind::WardCommittee, ..Default::default() });
        }
        Ok(MonthGrid {
            ward_id,
            ward_name,
            month: month_key(month),
            rows,
            can_edit: can(&me, rel, MeetingAction::Enter),
            cells: cells.iter().map(|c| (c.id, format!("{} – {}", c.code, c.name))).collect(),
        })
    })
    .await
}

/// One row read and checked, ready to save.
#[cfg(feature = "ssr")]
struct Checked {
    meeting_id: Option<i64>,
    version: i32,
    cell_id: Option<i64>,
    kind: MeetingKind,
    day: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
    place: String,
    topic: String,
    invite: bool,
}

/// A meeting of the month as saved, locked while the month is saved.
#[cfg(feature = "ssr")]
struct Existing {
    id: i64,
    version: i32,
    cell_id: Option<i64>,
    status: MeetingStatus,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
    place: String,
    topic: String,
    kind: MeetingKind,
}

/// Saves a ward's month: new meetings, changed ones, the cells' usual patterns. With
/// `announce` ticked, the month's planned meetings are announced to the members now.
/// Nothing is saved unless every row is right; every row's errors come back at once.
#[server(endpoint = "calendar/save-month")]
pub async fn save_month(ward_id: i64, month: String, #[server(default)] rows: Vec<GridInput>, announce: Option<String>) -> Result<usize, AppError> {
    respond(async move {
        let me = require_me().await?;
        let month = month_of(&month)?;
        let end_of_month = next_month(month);
        let pool = pool()?;
        let rel = ward_relation(&pool, &me, ward_id, month, end_of_month).await?;
        if !can(&me, rel, MeetingAction::Enter) {
            return Err(AppError::forbidden());
        }
        if rows.len() > 500 {
            return Err(AppError::invalid(Msg::BadRequest));
        }
        let announce = input::checkbox(&announce);
        let mut tx = pool.begin().await?;
        // The month's meetings are this ward's: lock them while the month is saved.
        let existing: Vec<Existing> = sqlx::query_as!(
            Existing,
            r#"SELECT id, version, cell_id, status AS "status: MeetingStatus", starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS "starts!",
                    ends_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS "ends!", place, topic, kind AS "kind: MeetingKind"
             FROM meetings WHERE ward_id = $1 AND month = $2 FOR UPDATE"#,
            ward_id,
            month,
        )
        .fetch_all(&mut *tx)
        .await?;
        let cells = cells_of(&mut *tx, ward_id, month).await?;
        let rules = rules_of(&mut *tx, ward_id).await?;
        let mut errors: Vec<(String, Msg)> = Vec::new();
        let mut checked: Vec<(usize, Checked)> = Vec::new();
        let mut new_rules: Vec<(i64, Day, NaiveTime, NaiveTime, String)> = Vec::new();
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        for (i, r) in rows.iter().enumerate() {
            let f = |name: &str| format!("rows.{i}.{name}");
            let mut err = |name: &str, m: Msg| errors.push((f(name), m));
            let meeting_id = match input::optional_id("id", &text(&r.meeting_id)) {
                Ok(v) => v,
                Err(_) => return Err(AppError::invalid(Msg::BadRequest)),
            };
            let old = match meeting_id {
                Some(id) => match existing.iter().find(|m| m.id == id) {
                    Some(m) => Some(m),
                    None => return Err(AppError::not_found()),
                },
                None => None,
            };
            let kind = {
                let k = text(&r.kind);
                let k = if k.trim().is_empty() { Some(old.map_or(MeetingKind::Regular, |o| o.kind)) } else { MeetingKind::parse(k.trim()) };
                let Some(k) = k else {
                    err("kind", Msg::UnknownKind);
                    continue;
                };
                k
            };
            let cell = if kind == MeetingKind::WardCommittee {
                None
            } else {
                let id = match input::optional_id("cell", &text(&r.cell_id)) {
                    Ok(Some(id)) => id,
                    Ok(None) => {
                        // an extra row left empty: nothing to save
                        if text(&r.date).trim().is_empty() && meeting_id.is_none() {
                            continue;
                        }
                        err("cell_id", Msg::Required);
                        continue;
                    }
                    Err(_) => {
                        err("cell_id", Msg::CellNotInWard);
                        continue;
                    }
                };
                match cells.iter().find(|c| c.id == id) {
                    Some(c) => Some(c),
                    None => {
                        err("cell_id", Msg::CellNotInWard);
                        continue;
                    }
                }
            };
            let place = match input::optional(&f("place"), &text(&r.place), 300) {
                Ok(p) => p,
                Err(e) => {
                    errors.push((f("place"), e.msg));
                    continue;
                }
            };
            let start_t = parse_time(&text(&r.start));
            let end_t = parse_time(&text(&r.end));
            // The cell's usual pattern, when typed or changed.
            if let Some(c) = cell {
                let usual = text(&r.usual);
                let before = rules.get(&c.id).map(|r| r.0.short()).unwrap_or_default();
                if !usual.trim().is_empty() && usual.trim() != before {
                    match (parse_day(&usual), start_t, end_t) {
                        (None, _, _) => err("usual", Msg::BadPattern),
                        (Some(day), Some(s), Some(e)) if e > s => new_rules.push((c.id, day, s, e, place.clone())),
                        (Some(_), _, _) => err("start", Msg::BadTime),
                    }
                }
            }
            let date_text = text(&r.date);
            if date_text.trim().is_empty() {
                if meeting_id.is_some() {
                    err("date", Msg::KeepDateOrCancel);
                }
                continue;
            }
            let Some(day) = parse_day_in(&date_text, month) else {
                err("date", Msg::BadDate);
                continue;
            };
            if day < month || day >= end_of_month {
                err("date", Msg::DateOutsideMonth);
                continue;
            }
            let (Some(start), Some(end)) = (start_t, end_t) else {
                if start_t.is_none() {
                    err("start", Msg::BadTime);
                }
                if end_t.is_none() {
                    err("end", Msg::BadTime);
                }
                continue;
            };
            if end <= start {
                err("end", Msg::EndTimeBeforeStart);
                continue;
            }
            if let Some(c) = cell {
                if !c.active_on(day) {
                    err("cell_id", Msg::CellEnded);
                    continue;
                }
            }
            let topic = match input::optional("topic", &text(&r.topic), 2000) {
                Ok(t) => t,
                Err(e) => {
                    err("topic", e.msg);
                    continue;
                }
            };
            if kind == MeetingKind::Thematic && topic.is_empty() {
                err("topic", Msg::ThemeRequired);
                continue;
            }
            let version = match old {
                Some(_) => match input::version(r.version.as_deref()) {
                    Ok(v) => v,
                    Err(_) => return Err(AppError::invalid(Msg::BadRequest)),
                },
                None => 0,
            };
            if let Some(o) = old {
                if o.version != version {
                    err("date", Msg::Conflict);
                    continue;
                }
                let moved = o.starts != day.and_time(start) || o.ends != day.and_time(end);
                let changed = moved || o.place != place || o.topic != topic || o.kind != kind || o.cell_id != cell.map(|c| c.id);
                if o.status.is_off() && changed {
                    err("date", Msg::MeetingLocked);
                    continue;
                }
                if matches!(o.status, MeetingStatus::Announced | MeetingStatus::Held) && moved {
                    err("date", Msg::UseReschedule);
                    continue;
                }
            }
            let invite = input::checkbox(&r.invite);
            checked.push((i, Checked { meeting_id, version, cell_id: cell.map(|c| c.id), kind, day, start, end, place, topic, invite }));
        }
        // Two meetings of one cell (or two ward committee meetings) at once, within the
        // month being entered or against a saved meeting the grid does not carry.
        let live = |status: MeetingStatus| matches!(status, MeetingStatus::Planned | MeetingStatus::Announced | MeetingStatus::Held);
        for (a, (i, x)) in checked.iter().enumerate() {
            let (xs, xe) = (x.day.and_time(x.start), x.day.and_time(x.end));
            let clash_in_grid = checked[..a].iter().any(|(_, y)| {
                y.cell_id == x.cell_id && y.day.and_time(y.start) < xe && xs < y.day.and_time(y.end)
            });
            let clash_saved = existing.iter().any(|m| {
                live(m.status)
                    && m.cell_id == x.cell_id
                    && Some(m.id) != x.meeting_id
                    && !checked.iter().any(|(_, y)| y.meeting_id == Some(m.id))
                    && m.starts < xe
                    && xs < m.ends
            });
            if clash_in_grid || clash_saved {
                let msg = if x.cell_id.is_some() { Msg::CellMeetingsOverlap } else { Msg::WardMeetingsOverlap };
                errors.push((format!("rows.{i}.start"), msg));
            }
        }
        // Meetings of other months of the same cell (a date typed near the month's edge
        // is refused above, so only this month's can clash) — the database checks anyway.
        if let Some(e) = AppError::fields(errors) {
            return Err(e);
        }
        let mut saved = 0;
        for (i, x) in &checked {
            let starts = vn_moment(x.day, x.start);
            let ends = vn_moment(x.day, x.end);
            let constraint_error = |r: Result<sqlx::postgres::PgQueryResult, sqlx::Error>| {
                crate::error::on_constraints(
                    r,
                    &[
                        ("cell_meetings_apart", AppError::field(&format!("rows.{i}.start"), Msg::CellMeetingsOverlap)),
                        ("ward_committee_meetings_apart", AppError::field(&format!("rows.{i}.start"), Msg::WardMeetingsOverlap)),
                    ],
                )
            };
            match x.meeting_id {
                None => {
                    let id: i64 = sqlx::query_scalar!(r#"SELECT nextval(pg_get_serial_sequence('meetings', 'id')) AS "v!""#)
                        .fetch_one(&mut *tx)
                        .await?;
                    constraint_error(
                        sqlx::query!(
                            "INSERT INTO meetings (id, city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, topic,
                                                   status, announced_at, invited_at, created_by)
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
                                     CASE WHEN $11 THEN 'announced' ELSE 'planned' END,
                                     CASE WHEN $11 THEN now() END, CASE WHEN $12 THEN now() END, $13)",
                            id,
                            me.city_id,
                            ward_id,
                            x.cell_id,
                            x.kind as MeetingKind,
                            month,
                            starts,
                            ends,
                            &x.place,
                            &x.topic,
                            announce,
                            x.invite && x.kind == MeetingKind::WardCommittee,
                            me.account_id,
                        )
                        .execute(&mut *tx)
                        .await,
                    )?;
                    audit::record(&mut tx, me.city_id, Some(me.account_id), "create", audit::Entity::Meeting, id, None).await?;
                    if announce {
                        notify_meeting(&mut tx, id, if x.kind == MeetingKind::WardCommittee && x.invite { "invitation" } else { "new" }, &[]).await?;
                    }
                    saved += 1;
                }
                Some(id) => {
                    let before = audit::snapshot(&mut tx, audit::Entity::Meeting, id).await?;
                    let r = constraint_error(
                        sqlx::query!(
                            "UPDATE meetings SET cell_id = $2, kind = $3, starts_at = $4, ends_at = $5, place = $6, topic = $7,
                                    status = CASE WHEN $8 AND status = 'planned' THEN 'announced' ELSE status END,
                                    announced_at = CASE WHEN $8 AND status = 'planned' THEN now() ELSE announced_at END,
                                    invited_at = CASE WHEN $9 AND kind = 'ward_committee' THEN COALESCE(invited_at, now()) ELSE invited_at END,
                                    sequence = sequence + 1, version = version + 1, updated_at = now()
                             WHERE id = $1 AND version = $10
                               AND (cell_id IS DISTINCT FROM $2 OR kind <> $3 OR starts_at <> $4 OR ends_at <> $5 OR place <> $6
                                    OR topic <> $7 OR ($8 AND status = 'planned') OR ($9 AND kind = 'ward_committee' AND invited_at IS NULL))",
                            id,
                            x.cell_id,
                            x.kind as MeetingKind,
                            starts,
                            ends,
                            &x.place,
                            &x.topic,
                            announce,
                            x.invite,
                            x.version,
                        )
                        .execute(&mut *tx)
                        .await,
                    )?;
                    if r.rows_affected() > 0 {
                        audit::record(&mut tx, me.city_id, Some(me.account_id), "update", audit::Entity::Meeting, id, before).await?;
                        saved += 1;
                    }
                }
            }
        }
        for (cell, day, s, e, place) in &new_rules {
            let (dom, week, wd) = match day {
                Day::OfMonth(d) => (Some(*d as i16), None, None),
                Day::Nth { week, weekday } => (None, Some(*week as i16), Some(*weekday as i16)),
            };
            sqlx::query!(
                "INSERT INTO cell_meeting_rules (cell_id, city_id, day_of_month, week_of_month, weekday, starts, ends, place)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (cell_id) DO UPDATE SET day_of_month = $3, week_of_month = $4, weekday = $5, starts = $6, ends = $7,
                        place = $8, version = cell_meeting_rules.version + 1, updated_at = now()",
                cell,
                me.city_id,
                dom,
                week,
                wd,
                s,
                e,
                place,
            )
            .execute(&mut *tx)
            .await?;
            let entry = audit::Entry {
                city_id: me.city_id,
                account_id: Some(me.account_id),
                action: "usual_pattern",
                entity: audit::Entity::OrgUnit,
                id: *cell,
                before: None,
                after: Some(serde_json::json!({ "usual": day.short(), "starts": s.to_string(), "ends": e.to_string(), "place": place })),
                reason: None,
            };
            audit::write(&mut tx, entry).await?;
        }
        // Announcing: the month's other planned meetings too (those the grid did not change).
        if announce {
            let ids: Vec<i64> = sqlx::query_scalar!(
                "UPDATE meetings SET status = 'announced', announced_at = now(), sequence = sequence + 1, version = version + 1, updated_at = now()
                 WHERE ward_id = $1 AND month = $2 AND status = 'planned' RETURNING id",
                ward_id,
                month,
            )
            .fetch_all(&mut *tx)
            .await?;
            for id in ids {
                audit::record(&mut tx, me.city_id, Some(me.account_id), "announce", audit::Entity::Meeting, id, None).await?;
                notify_meeting(&mut tx, id, "new", &[]).await?;
                saved += 1;
            }
        }
        tx.commit().await?;
        leptos_axum::redirect(&format!("/calendar/ward/{ward_id}?month={}&saved={saved}", month_key(month)));
        Ok(saved)
    })
    .await
}
