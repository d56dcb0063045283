//! One meeting as every part of the calendar reads it: its columns, who is expected at
//! it, and the caller's relation to its ward (server only). The calendar's server
//! functions, clashes, briefings, notices, the ward's grid and the feeds all start here,
//! so none of them depends on another's module for it.

use super::model::*;
use super::permissions::WardRelation;
use crate::auth::Me;
use crate::error::{AppError, AppResult};
use chrono::{NaiveDate, NaiveDateTime};
use sqlx::PgPool;

/// The caller's relation to a ward over [from, to): NotFound when the ward is not one of
/// the caller's city.
pub async fn ward_relation<'e>(
    db: impl sqlx::PgExecutor<'e>,
    me: &Me,
    ward_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<WardRelation> {
    let follows: Option<bool> = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM tct_followed_wards($3, $4, $5) f WHERE f.ward_id = w.id) AS "v!"
         FROM org_units w WHERE w.id = $1 AND w.city_id = $2 AND w.kind = 'ward'"#,
        ward_id,
        me.city_id,
        me.person_id.unwrap_or(-1),
        from,
        to,
    )
    .fetch_optional(db)
    .await?;
    let follows = follows.ok_or_else(AppError::not_found)?;
    Ok(WardRelation { is_my_ward: me.ward_scope() == Some(ward_id), my_group_follows: follows && me.person_id.is_some() })
}

/// The columns of one meeting as `MeetingItem` reads them, over `meetings m` joined to
/// its ward `w` and cell `c`; $1 is the caller's person (-1 for none). Expected members:
/// the month's assignments of the cell, or, for a ward committee meeting, the members of
/// the group following the ward that day.
pub const ITEM_COLUMNS: &str = "
    m.id, m.kind, m.status, m.cell_id,
    COALESCE(c.code || ' – ' || c.name, w.name) AS title, m.ward_id, w.name AS ward,
    m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS starts, m.ends_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS ends,
    m.place, m.topic, COALESCE(e.names, '{}') AS expected, COALESCE(e.mine, false) AS mine";

pub const EXPECTED_JOIN: &str = "
    LEFT JOIN LATERAL (
        SELECT array_agg(p.full_name ORDER BY p.full_name) AS names, bool_or(p.id = $1) AS mine, array_agg(p.id) AS ids
        FROM people p WHERE p.id IN (
            SELECT COALESCE(s.substitute_id, a.person_id) FROM assignments a
            LEFT JOIN meeting_substitutes s ON s.meeting_id = m.id AND s.person_id = a.person_id
            WHERE m.cell_id IS NOT NULL AND a.cell_id = m.cell_id AND a.month = m.month
            UNION
            SELECT COALESCE(s.substitute_id, gm.person_id) FROM tct_ward_followers(m.ward_id, tct_local_day(m.starts_at)) gm
            LEFT JOIN meeting_substitutes s ON s.meeting_id = m.id AND s.person_id = gm.person_id
            WHERE m.cell_id IS NULL)
    ) e ON true";

/// One meeting as `ITEM_COLUMNS` reads it (times local to Vietnam).
#[derive(sqlx::FromRow)]
pub struct ItemRow {
    id: i64,
    kind: MeetingKind,
    status: MeetingStatus,
    cell_id: Option<i64>,
    title: String,
    ward_id: i64,
    ward: String,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
    place: String,
    topic: String,
    expected: Vec<String>,
    mine: bool,
}

pub fn item(r: ItemRow) -> MeetingItem {
    MeetingItem {
        id: r.id,
        kind: r.kind,
        status: r.status,
        cell_id: r.cell_id,
        title: r.title,
        ward_id: r.ward_id,
        ward: r.ward,
        date: r.starts.date(),
        start: r.starts.format("%H:%M").to_string(),
        end: r.ends.format("%H:%M").to_string(),
        place: r.place,
        topic: r.topic,
        expected: r.expected,
        mine: r.mine,
        clashes: vec![],
    }
}

/// One meeting of the caller's city, with the caller's relation to its ward that day.
pub async fn load_meeting(pool: &PgPool, me: &Me, id: i64) -> AppResult<(MeetingItem, WardRelation)> {
    let row: Option<ItemRow> = sqlx::query_as(&format!(
        "SELECT {ITEM_COLUMNS}
         FROM meetings m JOIN org_units w ON w.id = m.ward_id LEFT JOIN org_units c ON c.id = m.cell_id
         {EXPECTED_JOIN}
         WHERE m.id = $2 AND m.city_id = $3"
    ))
    .bind(me.person_id.unwrap_or(-1))
    .bind(id)
    .bind(me.city_id)
    .fetch_optional(pool)
    .await?;
    let item = item(row.ok_or_else(AppError::not_found)?);
    let rel = ward_relation(pool, me, item.ward_id, item.date, item.date.succ_opt().unwrap_or(item.date)).await?;
    Ok((item, rel))
}

