//! The working-day calendar in the database: a city's years are filled from the rules (or
//! the government's announcement, for the years the app knows) the first time they are
//! needed, and an admin corrects them (add or remove a day, swap a weekday off for a
//! Saturday worked, fill the year again).

use super::lunar::DayKind;
use super::model::*;
use super::{days_for_year, WorkCalendar};
use crate::auth::session::require_me;
use crate::auth::Role;
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::server::{audit, input};
use chrono::{Datelike, NaiveDate, Weekday};
use sqlx::{PgConnection, PgPool};

fn kind_code(k: DayKind) -> &'static str {
    match k {
        DayKind::Holiday => "holiday",
        DayKind::DayOff => "day_off",
        DayKind::WorkedDay => "worked_day",
    }
}

fn kind_from(code: &str) -> Option<DayKind> {
    match code {
        "holiday" => Some(DayKind::Holiday),
        "day_off" => Some(DayKind::DayOff),
        "worked_day" => Some(DayKind::WorkedDay),
        _ => None,
    }
}

/// Fills a city's year from the rules if it has never been filled. Idempotent; two
/// callers at once: the second waits on the first's row and finds it there.
pub async fn ensure_year(tx: &mut PgConnection, city_id: i64, year: i32) -> AppResult<()> {
    if !(1990..=2200).contains(&year) {
        return Err(AppError::invalid(Msg::BadDate));
    }
    let (days, source) = days_for_year(year);
    let inserted = sqlx::query("INSERT INTO calendar_years (city_id, year, filled_from) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(city_id)
        .bind(year as i16)
        .bind(source)
        .execute(&mut *tx)
        .await?;
    if inserted.rows_affected() == 1 {
        insert_days(tx, city_id, &days, source).await?;
    }
    Ok(())
}

async fn insert_days(
    tx: &mut PgConnection,
    city_id: i64,
    days: &[super::lunar::SpecialDay],
    source: &str,
) -> AppResult<()> {
    let mut dates = Vec::new();
    let mut kinds = Vec::new();
    let mut labels = Vec::new();
    for d in days {
        if let Some(date) = NaiveDate::from_ymd_opt(d.ymd.0, d.ymd.1, d.ymd.2) {
            dates.push(date);
            kinds.push(kind_code(d.kind));
            labels.push(d.label);
        }
    }
    sqlx::query(
        "INSERT INTO calendar_days (city_id, day, kind, label, source)
         SELECT $1, d, k, l, $5 FROM unnest($2::date[], $3::text[], $4::text[]) AS t(d, k, l)
         ON CONFLICT (city_id, day) DO NOTHING",
    )
    .bind(city_id)
    .bind(&dates)
    .bind(&kinds)
    .bind(&labels)
    .bind(source)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The city's working-day calendar over [from, to] (years filled on the way).
pub async fn load(
    pool: &PgPool,
    city_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<WorkCalendar> {
    let known: Vec<i16> = sqlx::query_scalar(
        "SELECT year FROM calendar_years WHERE city_id = $1 AND year BETWEEN $2 AND $3",
    )
    .bind(city_id)
    .bind(from.year() as i16)
    .bind(to.year() as i16)
    .fetch_all(pool)
    .await?;
    if (from.year()..=to.year()).any(|y| !known.contains(&(y as i16))) {
        let mut tx = pool.begin().await?;
        for y in from.year()..=to.year() {
            ensure_year(&mut tx, city_id, y).await?;
        }
        tx.commit().await?;
    }
    let rows: Vec<(NaiveDate, String)> = sqlx::query_as(
        "SELECT day, kind FROM calendar_days WHERE city_id = $1 AND day BETWEEN $2 AND $3",
    )
    .bind(city_id)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    Ok(WorkCalendar::new(
        rows.into_iter()
            .filter_map(|(d, k)| kind_from(&k).map(|k| (d, k))),
    ))
}

/// The calendar a report due date needs: from `from` to well past any due date after it.
pub async fn load_from(
    pool: &PgPool,
    city_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<WorkCalendar> {
    load(pool, city_id, from, to + chrono::Duration::days(60)).await
}

async fn year_days(pool: &PgPool, city_id: i64, year: i32) -> AppResult<YearDays> {
    {
        let mut tx = pool.begin().await?;
        ensure_year(&mut tx, city_id, year).await?;
        tx.commit().await?;
    }
    let (version, filled_from): (i32, String) = sqlx::query_as(
        "SELECT version, filled_from FROM calendar_years WHERE city_id = $1 AND year = $2",
    )
    .bind(city_id)
    .bind(year as i16)
    .fetch_one(pool)
    .await?;
    let rows: Vec<(NaiveDate, String, String, String)> = sqlx::query_as(
        "SELECT day, kind, label, source FROM calendar_days WHERE city_id = $1 AND extract(year FROM day) = $2 ORDER BY day",
    )
    .bind(city_id)
    .bind(year as f64)
    .fetch_all(pool)
    .await?;
    let cal = WorkCalendar::new(
        rows.iter()
            .filter_map(|r| kind_from(&r.1).map(|k| (r.0, k))),
    );
    let first =
        NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| AppError::invalid(Msg::BadDate))?;
    let last =
        NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| AppError::invalid(Msg::BadDate))?;
    let working_days = cal.working_days_between(first.pred_opt().unwrap_or(first), last);
    Ok(YearDays {
        year,
        version,
        filled_from,
        days: rows
            .into_iter()
            .map(|(date, kind, label, source)| SpecialDayRow {
                date,
                kind,
                label,
                source,
            })
            .collect(),
        working_days,
        can_edit: false,
    })
}

pub async fn get_year(year: Option<String>) -> AppResult<YearDays> {
    let me = require_me().await?;
    let pool = crate::server::pool()?;
    let year = match year.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => crate::helpers::today_vn().year(),
        Some(s) => s
            .parse::<i32>()
            .ok()
            .filter(|y| (1990..=2200).contains(y))
            .ok_or_else(|| AppError::field("year", Msg::BadDate))?,
    };
    let mut days = year_days(&pool, me.city_id, year).await?;
    days.can_edit = me.role == Role::Admin;
    Ok(days)
}

/// An admin's correction of one year: `set` a day (holiday, day off, Saturday worked),
/// `remove` one, `swap` (a weekday off and the weekend day worked for it, together),
/// `reset` (fill the year from the rules again, dropping the corrections).
#[allow(clippy::too_many_arguments)]
pub async fn change_year(
    year: String,
    version: String,
    action: String,
    date: Option<String>,
    kind: Option<String>,
    worked: Option<String>,
    label: Option<String>,
) -> AppResult<()> {
    let me = require_me().await?;
    if me.role != Role::Admin {
        return Err(AppError::forbidden());
    }
    let pool = crate::server::pool()?;
    let year: i32 = year
        .trim()
        .parse()
        .ok()
        .filter(|y| (1990..=2200).contains(y))
        .ok_or_else(|| AppError::field("year", Msg::BadDate))?;
    let version = input::version(Some(&version))?;
    let label = input::optional("label", label.as_deref().unwrap_or(""), 100)?;
    let in_year = |field: &str, v: &Option<String>| -> AppResult<NaiveDate> {
        let d = input::date(field, v.as_deref().unwrap_or(""))?;
        if d.year() != year {
            return Err(AppError::field(field, Msg::DateOutsideYear));
        }
        Ok(d)
    };
    let weekend = |d: NaiveDate| matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
    let mut tx = pool.begin().await?;
    ensure_year(&mut tx, me.city_id, year).await?;
    let bumped = sqlx::query(
        "UPDATE calendar_years SET version = version + 1, updated_by = $4, updated_at = now() WHERE city_id = $1 AND year = $2 AND version = $3",
    )
    .bind(me.city_id)
    .bind(year as i16)
    .bind(version)
    .bind(me.account_id)
    .execute(&mut *tx)
    .await?;
    if bumped.rows_affected() == 0 {
        return Err(AppError::conflict());
    }
    let upsert = "INSERT INTO calendar_days (city_id, day, kind, label, source) VALUES ($1, $2, $3, $4, 'admin')
                  ON CONFLICT (city_id, day) DO UPDATE SET kind = EXCLUDED.kind, label = EXCLUDED.label, source = 'admin'";
    let change;
    match action.as_str() {
        "set" => {
            let d = in_year("date", &date)?;
            let k = kind
                .as_deref()
                .and_then(kind_from)
                .ok_or_else(|| AppError::field("kind", Msg::UnknownKind))?;
            match k {
                DayKind::WorkedDay if !weekend(d) => {
                    return Err(AppError::field("date", Msg::WorkedDayWeekend))
                }
                DayKind::DayOff if weekend(d) => {
                    return Err(AppError::field("date", Msg::DayOffWeekday))
                }
                _ => {}
            }
            sqlx::query(upsert)
                .bind(me.city_id)
                .bind(d)
                .bind(kind_code(k))
                .bind(&label)
                .execute(&mut *tx)
                .await?;
            change = serde_json::json!({"set": d, "kind": kind_code(k), "label": label});
        }
        "remove" => {
            let d = in_year("date", &date)?;
            let gone = sqlx::query("DELETE FROM calendar_days WHERE city_id = $1 AND day = $2")
                .bind(me.city_id)
                .bind(d)
                .execute(&mut *tx)
                .await?;
            if gone.rows_affected() == 0 {
                return Err(AppError::field("date", Msg::NotASpecialDay));
            }
            change = serde_json::json!({"remove": d});
        }
        "swap" => {
            let off = in_year("date", &date)?;
            let work = in_year("worked", &worked)?;
            if weekend(off) {
                return Err(AppError::field("date", Msg::DayOffWeekday));
            }
            if !weekend(work) {
                return Err(AppError::field("worked", Msg::WorkedDayWeekend));
            }
            let label = if label.is_empty() {
                "Hoán đổi ngày làm việc".to_string()
            } else {
                label
            };
            sqlx::query(upsert)
                .bind(me.city_id)
                .bind(off)
                .bind("day_off")
                .bind(&label)
                .execute(&mut *tx)
                .await?;
            sqlx::query(upsert)
                .bind(me.city_id)
                .bind(work)
                .bind("worked_day")
                .bind(&label)
                .execute(&mut *tx)
                .await?;
            change = serde_json::json!({"swap": {"off": off, "worked": work}, "label": label});
        }
        "reset" => {
            sqlx::query(
                "DELETE FROM calendar_days WHERE city_id = $1 AND extract(year FROM day) = $2",
            )
            .bind(me.city_id)
            .bind(year as f64)
            .execute(&mut *tx)
            .await?;
            let (days, source) = days_for_year(year);
            insert_days(&mut tx, me.city_id, &days, source).await?;
            sqlx::query(
                "UPDATE calendar_years SET filled_from = $3 WHERE city_id = $1 AND year = $2",
            )
            .bind(me.city_id)
            .bind(year as i16)
            .bind(source)
            .execute(&mut *tx)
            .await?;
            change = serde_json::json!({"reset": source});
        }
        _ => return Err(AppError::invalid(Msg::UnknownAction)),
    }
    audit::write(
        &mut tx,
        audit::Entry {
            city_id: me.city_id,
            account_id: Some(me.account_id),
            action: "workdays",
            entity: audit::Entity::WorkdayYear,
            id: year as i64,
            before: None,
            after: Some(change),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/calendar/workdays?year={year}&saved=1"));
    Ok(())
}
