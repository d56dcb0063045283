//! The monthly assignment board of a group: load it, assign a member to a cell, remove
//! an assignment, copy last month. Every change bumps the board's version in the same
//! transaction, so two people editing one board never overwrite each other silently.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::api::relation,
    super::permissions::{can, GroupAction, Relation},
    super::{month_key, next_month, parse_month, prev_month},
    crate::auth::session::require_me,
    crate::auth::Me,
    crate::error::{on_constraints, AppResult},
    crate::i18n::Msg,
    crate::org::api::today_vn,
    crate::server::{audit, input, pool, respond},
    chrono::{DateTime, Datelike, NaiveDate, Utc},
    sqlx::{PgPool, Postgres, Transaction},
};

/// How long a closed month stays open after the organization board reopens it.
#[cfg(feature = "ssr")]
pub const REOPEN_HOURS: i32 = 4;

/// The day a month's board closes: the month is over and its attendance reports are due
/// (`board_close_day` of the next month, a city setting, 10 by default). The board is
/// closed from the day after.
#[cfg(feature = "ssr")]
pub fn closes_on(month: NaiveDate, close_day: u32) -> NaiveDate {
    let next = next_month(month);
    next.with_day(close_day.clamp(1, 28)).unwrap_or(next)
}

/// The day this city's board of `month` closes (its `board_close_day` setting, default 10).
#[cfg(feature = "ssr")]
async fn closing_date<'e>(db: impl sqlx::PgExecutor<'e>, city_id: i64, month: NaiveDate) -> AppResult<NaiveDate> {
    let day: Option<i16> = sqlx::query_scalar!("SELECT board_close_day FROM city_settings WHERE city_id = $1", city_id)
        .fetch_optional(db)
        .await?;
    Ok(closes_on(month, day.map(|d| d as u32).unwrap_or(10)))
}

/// Whether a month's board is closed today, and whether it is reopened right now.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Copy)]
struct Lock {
    closed: bool,
    reopened: bool,
}

#[cfg(feature = "ssr")]
impl Lock {
    fn edit(self) -> GroupAction {
        GroupAction::EditBoard { closed: self.closed, reopened: self.reopened }
    }
}

#[cfg(feature = "ssr")]
fn month_of(field: &str, s: &str) -> AppResult<NaiveDate> {
    parse_month(s).ok_or_else(|| AppError::field(field, Msg::BadMonth))
}

/// Loads a board for a caller who may read it. Cells: the active cells (on any day of
/// the month) of the wards the group follows that month, difficult ones first.
#[cfg(feature = "ssr")]
pub async fn load_board(pool: &PgPool, me: &Me, group_id: i64, month: NaiveDate) -> AppResult<Board> {
    let rel = relation(pool, me, group_id).await?;
    if !can(me, rel, GroupAction::Read) {
        return Err(AppError::forbidden());
    }
    let end = next_month(month);
    let g = sqlx::query!("SELECT name, active_from, active_to FROM working_groups WHERE id = $1", group_id)
        .fetch_one(pool)
        .await?;
    let in_period = g.active_from < end && g.active_to.is_none_or(|to| to >= month);
    let row = sqlx::query!(
        "SELECT version, reopened_until, reopen_reason FROM boards WHERE group_id = $1 AND month = $2",
        group_id,
        month,
    )
    .fetch_optional(pool)
    .await?;
    let (version, reopened_until, reopen_reason) =
        row.map(|r| (r.version, r.reopened_until, r.reopen_reason)).unwrap_or((0, None, None));
    let closes = closing_date(pool, me.city_id, month).await?;
    let reopened_until = reopened_until.filter(|t| *t > Utc::now());
    let lock = Lock { closed: today_vn() > closes, reopened: reopened_until.is_some() };
    // Ward staff see their own ward's part of the board only.
    let ward_filter = me.ward_scope().unwrap_or(-1);
    let cells = sqlx::query!(
        r#"SELECT c.id, c.code, c.name, u.name AS ward, u.code AS ward_code, c.is_difficult,
                ARRAY(SELECT a.code || ' – ' || a.name FROM org_units a WHERE a.merged_into_id = c.id ORDER BY a.code) AS "absorbed!"
         FROM group_wards gw
         JOIN org_units u ON u.id = gw.ward_id
         JOIN org_units c ON c.parent_id = gw.ward_id AND c.kind = 'cell'
         WHERE gw.group_id = $1
           AND gw.active_from < $3 AND (gw.active_to IS NULL OR gw.active_to > $2)
           AND c.active_from < $3 AND (c.active_to IS NULL OR c.active_to > $2)
           AND ($4::bigint = -1 OR gw.ward_id = $4)"#,
        group_id,
        month,
        end,
        ward_filter,
    )
    .fetch_all(pool)
    .await?;
    let assigned = sqlx::query!(
        "SELECT a.id, a.cell_id, a.person_id, p.full_name FROM assignments a JOIN people p ON p.id = a.person_id
         WHERE a.group_id = $1 AND a.month = $2 ORDER BY p.full_name",
        group_id,
        month,
    )
    .fetch_all(pool)
    .await?;
    let members = sqlx::query!(
        r#"SELECT DISTINCT ON (m.person_id) m.person_id, p.full_name, m.role AS "role: GroupRole"
         FROM group_members m JOIN people p ON p.id = m.person_id
         WHERE m.group_id = $1 AND m.active_from < $3 AND (m.active_to IS NULL OR m.active_to > $2)
         ORDER BY m.person_id, m.active_from DESC"#,
        group_id,
        month,
        end,
    )
    .fetch_all(pool)
    .await?;
    // Ward staff see assignments (and so members' loads) of their own ward's cells only.
    let assigned: Vec<_> = assigned.into_iter().filter(|a| cells.iter().any(|c| c.id == a.cell_id)).collect();
    // The same clash marks as the calendar: a member taken at his cell's meeting that month.
    let cell_ids: Vec<i64> = cells.iter().map(|c| c.id).collect();
    let meeting_ids: Vec<i64> = sqlx::query_scalar!("SELECT id FROM meetings WHERE cell_id = ANY($1) AND month = $2", &cell_ids, month)
        .fetch_all(pool)
        .await?;
    let clashes = crate::calendar::clash::clashes(pool, &meeting_ids).await?;
    let clash_of = |cell: i64, person: i64| {
        clashes.iter().find(|c| c.cell_id == Some(cell) && c.person_id == person).map(|c| c.with.clone())
    };
    let mut cells: Vec<BoardCell> = cells
        .into_iter()
        .map(|c| BoardCell {
            id: c.id,
            assigned: assigned
                .iter()
                .filter(|a| a.cell_id == c.id)
                .map(|a| BoardAssignment {
                    id: a.id,
                    person_id: a.person_id,
                    name: a.full_name.clone(),
                    clash: clash_of(c.id, a.person_id),
                })
                .collect(),
            code: c.code,
            name: c.name,
            ward: c.ward,
            is_difficult: c.is_difficult,
            absorbed: c.absorbed,
        })
        .collect();
    cells.sort_by(|a, b| {
        (!a.is_difficult, &a.ward, crate::org::api::natural_key(&a.code))
            .cmp(&(!b.is_difficult, &b.ward, crate::org::api::natural_key(&b.code)))
    });
    let mut members: Vec<BoardMember> = members
        .into_iter()
        .map(|m| BoardMember {
            load: assigned.iter().filter(|a| a.person_id == m.person_id).count(),
            person_id: m.person_id,
            name: m.full_name,
            role: m.role,
        })
        .collect();
    members.sort_by(|a, b| {
        let rank = |r: GroupRole| match r {
            GroupRole::Leader => 0,
            GroupRole::Deputy => 1,
            GroupRole::Member => 2,
        };
        (rank(a.role), &a.name).cmp(&(rank(b.role), &b.name))
    });
    let unassigned = cells.iter().filter(|c| c.assigned.is_empty()).count();
    Ok(Board {
        group_id,
        group_name: g.name,
        month: month_key(month),
        version,
        cells,
        members,
        unassigned,
        can_edit: can(me, rel, lock.edit()) && in_period,
        in_period,
        closed: lock.closed,
        closes_on: closes,
        can_reopen: lock.closed && !lock.reopened && in_period && can(me, rel, GroupAction::ReopenBoard),
        reopened_until: reopened_until.map(|t| crate::helpers::in_vietnam(t).format("%H:%M %d/%m/%Y").to_string()),
        reopen_reason: reopened_until.and(reopen_reason),
    })
}

#[server(endpoint = "board/get")]
pub async fn get_board(group_id: i64, month: String) -> Result<Board, AppError> {
    respond(async move {
        let me = require_me().await?;
        let month = crate::helpers::month_or_this(&month).ok_or_else(|| AppError::field("month", Msg::BadMonth))?;
        // every statement of a board is keyed by its group and month: their plans are kept
        load_board(&crate::server::pool_kept_plans()?, &me, group_id, month).await
    })
    .await
}

/// Claims the board for a change: the caller must name the version they saw, and may
/// change this month (a closed month only once reopened, by the organization board).
/// Returns the reopening's reason, which every change to a closed month carries into the
/// audit log.
#[cfg(feature = "ssr")]
async fn claim_board(
    tx: &mut Transaction<'_, Postgres>,
    me: &Me,
    rel: Relation,
    group_id: i64,
    month: NaiveDate,
    version: &str,
) -> AppResult<Option<String>> {
    let version = input::version(Some(version))?;
    sqlx::query!("INSERT INTO boards (group_id, month, city_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", group_id, month, me.city_id)
        .execute(&mut **tx)
        .await?;
    let claimed = sqlx::query!(
        r#"UPDATE boards SET version = version + 1, updated_at = now() WHERE group_id = $1 AND month = $2 AND version = $3
         RETURNING reopened_until IS NOT NULL AND reopened_until > now() AS "reopened!", reopen_reason"#,
        group_id,
        month,
        version,
    )
    .fetch_optional(&mut **tx)
    .await?;
    let Some(claimed) = claimed else { return Err(AppError::conflict()) };
    let (reopened, reason) = (claimed.reopened, claimed.reopen_reason);
    let lock = Lock { closed: today_vn() > closing_date(&mut **tx, me.city_id, month).await?, reopened };
    if !can(me, rel, lock.edit()) {
        return Err(AppError::new(crate::error::ErrorKind::Forbidden, Msg::BoardClosed));
    }
    Ok(if lock.closed { reason } else { None })
}

/// The checks shared by assigning and copying: is the group active that month, is the
/// person a member that month, is the cell active and in a followed ward that month.
#[cfg(feature = "ssr")]
async fn check_assignment(
    tx: &mut Transaction<'_, Postgres>,
    group_id: i64,
    month: NaiveDate,
    cell_id: i64,
    person_id: i64,
) -> AppResult<()> {
    let end = next_month(month);
    let r = sqlx::query!(
        r#"SELECT
            (SELECT active_from < $3 AND (active_to IS NULL OR active_to >= $2) FROM working_groups WHERE id = $1) AS "in_period!",
            EXISTS (SELECT 1 FROM group_members WHERE group_id = $1 AND person_id = $5
                    AND active_from < $3 AND (active_to IS NULL OR active_to > $2)) AS "member!",
            EXISTS (SELECT 1 FROM org_units c JOIN group_wards gw ON gw.ward_id = c.parent_id
                    WHERE c.id = $4 AND c.kind = 'cell' AND gw.group_id = $1
                      AND gw.active_from < $3 AND (gw.active_to IS NULL OR gw.active_to > $2)) AS "followed!",
            EXISTS (SELECT 1 FROM org_units c WHERE c.id = $4 AND c.kind = 'cell'
                    AND c.active_from < $3 AND (c.active_to IS NULL OR c.active_to > $2)) AS "active!""#,
        group_id,
        month,
        end,
        cell_id,
        person_id,
    )
    .fetch_one(&mut **tx)
    .await?;
    if !r.in_period {
        return Err(AppError::field("month", Msg::MonthOutsideGroup));
    }
    if !r.followed {
        return Err(AppError::field("cell_id", Msg::WardNotFollowed));
    }
    if !r.active {
        return Err(AppError::field("cell_id", Msg::CellEnded));
    }
    if !r.member {
        return Err(AppError::field("person_id", Msg::NotAMember));
    }
    Ok(())
}

/// The caller's relation to the group, if they may edit some of its boards (the open
/// ones, or reopened ones); which month they may change is checked by `claim_board`.
#[cfg(feature = "ssr")]
async fn editor(me: &Me, pool: &PgPool, group_id: i64) -> AppResult<Relation> {
    let rel = relation(pool, me, group_id).await?;
    let open = GroupAction::EditBoard { closed: false, reopened: false };
    if can(me, rel, open) { Ok(rel) } else { Err(AppError::forbidden()) }
}

/// An assignment as the board posts it (`assign`): a member to a cell for the month.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct AssignForm {
    #[serde(deserialize_with = "crate::helpers::form_number")]
    pub group_id: i64,
    pub month: String,
    #[serde(deserialize_with = "crate::helpers::form_number")]
    pub cell_id: i64,
    pub person_id: String,
    pub version: String,
}

#[server(endpoint = "board/assign")]
pub async fn assign(#[server(flatten)] form: AssignForm) -> Result<(), AppError> {
    respond(async move {
        let AssignForm { group_id, month, cell_id, person_id, version } = form;
        let me = require_me().await?;
        let pool = pool()?;
        let rel = editor(&me, &pool, group_id).await?;
        let month = month_of("month", &month)?;
        let person = input::optional_id("person_id", &person_id)?.ok_or_else(|| AppError::field("person_id", Msg::Required))?;
        let mut tx = pool.begin().await?;
        check_assignment(&mut tx, group_id, month, cell_id, person).await?;
        let reason = claim_board(&mut tx, &me, rel, group_id, month, &version).await?;
        let id: i64 = on_constraints(
            sqlx::query_scalar!(
                "INSERT INTO assignments (city_id, group_id, month, cell_id, person_id, created_by)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                me.city_id,
                group_id,
                month,
                cell_id,
                person,
                me.account_id,
            )
            .fetch_one(&mut *tx)
            .await,
            &[("assignment_once", AppError::field("person_id", Msg::AlreadyAssigned))],
        )?;
        let after = audit::snapshot(&mut tx, audit::Entity::Assignment, id).await?;
        let entry = audit::Entry {
            city_id: me.city_id,
            account_id: Some(me.account_id),
            action: "assign",
            entity: audit::Entity::Assignment,
            id,
            before: None,
            after,
            reason: reason.as_deref(),
        };
        audit::write(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}

/// An assignment's removal as the board posts it (`unassign`).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct UnassignForm {
    #[serde(deserialize_with = "crate::helpers::form_number")]
    pub group_id: i64,
    pub month: String,
    #[serde(deserialize_with = "crate::helpers::form_number")]
    pub assignment_id: i64,
    pub version: String,
}

#[server(endpoint = "board/unassign")]
pub async fn unassign(#[server(flatten)] form: UnassignForm) -> Result<(), AppError> {
    respond(async move {
        let UnassignForm { group_id, month, assignment_id, version } = form;
        let me = require_me().await?;
        let pool = pool()?;
        let rel = editor(&me, &pool, group_id).await?;
        let month = month_of("month", &month)?;
        let mut tx = pool.begin().await?;
        let reason = claim_board(&mut tx, &me, rel, group_id, month, &version).await?;
        let before = audit::snapshot(&mut tx, audit::Entity::Assignment, assignment_id).await?;
        let deleted = sqlx::query!("DELETE FROM assignments WHERE id = $1 AND group_id = $2 AND month = $3", assignment_id, group_id, month)
            .execute(&mut *tx)
            .await?;
        if deleted.rows_affected() == 0 {
            return Err(AppError::not_found());
        }
        // The deleted row is kept in the audit log (before-image, no after-image).
        let entry = audit::Entry {
            city_id: me.city_id,
            account_id: Some(me.account_id),
            action: "unassign",
            entity: audit::Entity::Assignment,
            id: assignment_id,
            before,
            after: None,
            reason: reason.as_deref(),
        };
        audit::write(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}

/// Fills the month from the previous one, skipping cells that ended (merged), wards no
/// longer followed and members who left. Returns how many assignments it copied.
#[server(endpoint = "board/copy")]
pub async fn copy_last_month(group_id: i64, month: String, version: String) -> Result<u64, AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let rel = editor(&me, &pool, group_id).await?;
        let month = month_of("month", &month)?;
        let end = next_month(month);
        let mut tx = pool.begin().await?;
        let reason = claim_board(&mut tx, &me, rel, group_id, month, &version).await?;
        let in_period: bool = sqlx::query_scalar!(
            r#"SELECT active_from < $3 AND (active_to IS NULL OR active_to >= $2) AS "v!" FROM working_groups WHERE id = $1"#,
            group_id,
            month,
            end,
        )
        .fetch_one(&mut *tx)
        .await?;
        if !in_period {
            return Err(AppError::field("month", Msg::MonthOutsideGroup));
        }
        let copied = sqlx::query!(
            "INSERT INTO assignments (city_id, group_id, month, cell_id, person_id, created_by)
             SELECT a.city_id, a.group_id, $2, a.cell_id, a.person_id, $5
             FROM assignments a
             JOIN org_units c ON c.id = a.cell_id
             WHERE a.group_id = $1 AND a.month = $4
               AND c.active_from < $3 AND (c.active_to IS NULL OR c.active_to > $2)
               AND EXISTS (SELECT 1 FROM group_wards gw WHERE gw.group_id = $1 AND gw.ward_id = c.parent_id
                           AND gw.active_from < $3 AND (gw.active_to IS NULL OR gw.active_to > $2))
               AND EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = $1 AND m.person_id = a.person_id
                           AND m.active_from < $3 AND (m.active_to IS NULL OR m.active_to > $2))
             ON CONFLICT ON CONSTRAINT assignment_once DO NOTHING",
            group_id,
            month,
            end,
            prev_month(month),
            me.account_id,
        )
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let entry = audit::Entry {
            city_id: me.city_id,
            account_id: Some(me.account_id),
            action: "copy_last_month",
            entity: audit::Entity::Board,
            id: group_id,
            before: None,
            after: Some(serde_json::json!({ "month": month_key(month), "copied": copied })),
            reason: reason.as_deref(),
        };
        audit::write(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(copied)
    })
    .await
}

/// A closed month's reopening as its form posts it (`reopen_board`), with the reason.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct ReopenForm {
    #[serde(deserialize_with = "crate::helpers::form_number")]
    pub group_id: i64,
    pub month: String,
    pub version: String,
    pub reason: String,
}

/// Reopens a closed month's board for changes, for a few hours, with a reason that is
/// kept in the audit log (and carried by every change made while it is reopened). Only
/// the organization board (and admins) may: the month's figures feed the October
/// per-member compilation.
#[server(endpoint = "board/reopen")]
pub async fn reopen_board(#[server(flatten)] form: ReopenForm) -> Result<(), AppError> {
    respond(async move {
        let ReopenForm { group_id, month, version, reason } = form;
        let me = require_me().await?;
        let pool = pool()?;
        if !can(&me, relation(&pool, &me, group_id).await?, GroupAction::ReopenBoard) {
            return Err(AppError::forbidden());
        }
        let month = month_of("month", &month)?;
        let reason = input::required("reason", &reason, 500)?;
        if reason.chars().count() < 5 {
            return Err(AppError::field("reason", Msg::ReasonTooShort));
        }
        let version = input::version(Some(&version))?;
        let mut tx = pool.begin().await?;
        if today_vn() <= closing_date(&mut *tx, me.city_id, month).await? {
            return Err(AppError::field("reason", Msg::BoardNotClosed));
        }
        sqlx::query!(
            "INSERT INTO boards (group_id, month, city_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            group_id,
            month,
            me.city_id,
        )
        .execute(&mut *tx)
        .await?;
        let until: Option<DateTime<Utc>> = sqlx::query_scalar!(
            r#"UPDATE boards SET version = version + 1, updated_at = now(),
                    reopened_until = now() + make_interval(hours => $4), reopened_by = $5, reopen_reason = $6
             WHERE group_id = $1 AND month = $2 AND version = $3 RETURNING reopened_until AS "reopened_until!""#,
            group_id,
            month,
            version,
            REOPEN_HOURS,
            me.account_id,
            &reason,
        )
        .fetch_optional(&mut *tx)
        .await?;
        let Some(until) = until else { return Err(AppError::conflict()) };
        let entry = audit::Entry {
            city_id: me.city_id,
            account_id: Some(me.account_id),
            action: "reopen",
            entity: audit::Entity::Board,
            id: group_id,
            before: None,
            after: Some(serde_json::json!({ "month": month_key(month), "reopened_until": until })),
            reason: Some(&reason),
        };
        audit::write(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}
