//! The working-day calendar in the database: a city's years are filled from the rules (or
//! the government's announcement, for the years the app knows) the first time they are
//! needed, and an admin corrects them (add or remove a day, swap a weekday off for a
//! Saturday worked, fill the year again). When the rules change (24/11 from 2026), the
//! stored years no admin has changed are filled again at start-up.

use super::lunar;
use super::model::*;
use super::{days_for_year, WorkCalendar};
use crate::auth::session::require_me;
use super::permissions::{can, Action};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::server::{audit, input};
use chrono::{Datelike, NaiveDate, Weekday};
use sqlx::{PgConnection, PgPool};
use std::collections::{BTreeSet, HashMap};

/// Fills a city's year from the rules if it has never been filled. Idempotent; two
/// callers at once: the second waits on the first's row and finds it there.
pub async fn ensure_year(tx: &mut PgConnection, city_id: i64, year: i32) -> AppResult<()> {
    if !(1990..=2200).contains(&year) {
        return Err(AppError::invalid(Msg::BadDate));
    }
    let (days, source) = days_for_year(year);
    let inserted = sqlx::query!(
        "INSERT INTO calendar_years (city_id, year, filled_from) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        city_id,
        year as i16,
        source,
    )
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
            kinds.push(d.kind);
            labels.push(d.label);
        }
    }
    sqlx::query!(
        "INSERT INTO calendar_days (city_id, day, kind, label, source)
         SELECT $1, d, k, l, $5 FROM unnest($2::date[], $3::text[], $4::text[]) AS t(d, k, l)
         ON CONFLICT (city_id, day) DO NOTHING",
        city_id,
        &dates,
        &kinds as &[DayKind],
        &labels as &[&str],
        source,
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The advisory lock held by the start-up that fills years again ("workdays" in ASCII; no
/// other lock of the app uses this number).
const REFILL_LOCK: i64 = 0x776f_726b_6461_7973;

/// The first year whose rules changed after cities had years stored: 2026, when 24/11 came
/// in ([`lunar::VAN_HOA_FROM`]). Earlier years are history (due dates and lateness already
/// counted on them) and are never filled again. Should 24/11 move to a later year, keep
/// this at 2026 so the stored 2026 loses it again.
const REFILL_FROM: i16 = 2026;

/// A stored day of a year `refill_unchanged_years` may fill again.
struct StoredDay {
    city_id: i64,
    day: NaiveDate,
    kind: DayKind,
    label: String,
    source: String,
}

/// Fills again, from the current rules and announcements ([`days_for_year`]), the stored
/// years from [`REFILL_FROM`] on that no admin has changed, where their days differ from
/// what the app gives now; returns how many city-years changed. Run at start-up, after the
/// migrations (`server::connect`).
///
/// A year no admin has changed is one still at `version` 1 (each admin change, a "reset"
/// included, adds 1 first) with no day of source 'admin': its days are what an earlier
/// version of the rules gave when the year was first needed. A year an admin changed is
/// left as it is; he fills it again himself ("reset") to take the new rules.
///
/// One transaction under an advisory lock: servers starting together fill once, the others
/// wait and then find the years equal. The years' rows are locked (FOR UPDATE): an admin's
/// change, which bumps the version before it touches a day, either waits for the refill or
/// has already taken its year out of it. Only the differing days are deleted or inserted
/// (the dashboard's triggers on `calendar_days` mark only their months), so a second run
/// changes nothing; each year filled again is in the audit log, with no account.
pub async fn refill_unchanged_years(pool: &PgPool) -> AppResult<u64> {
    let mut tx = pool.begin().await?;
    sqlx::query!("SELECT pg_advisory_xact_lock($1)", REFILL_LOCK)
        .execute(&mut *tx)
        .await?;
    let years = sqlx::query!(
        "SELECT city_id, year FROM calendar_years WHERE version = 1 AND year >= $1
         ORDER BY city_id, year FOR UPDATE",
        REFILL_FROM,
    )
    .fetch_all(&mut *tx)
    .await?;
    if years.is_empty() {
        tx.commit().await?;
        return Ok(0);
    }
    let rows: Vec<StoredDay> = sqlx::query_as!(
        StoredDay,
        r#"SELECT d.city_id, d.day, d.kind AS "kind: DayKind", d.label, d.source
         FROM calendar_years y
         JOIN calendar_days d ON d.city_id = y.city_id
              AND d.day BETWEEN make_date(y.year::int, 1, 1) AND make_date(y.year::int, 12, 31)
         WHERE y.version = 1 AND y.year >= $1"#,
        REFILL_FROM,
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut stored: HashMap<(i64, i32), Vec<StoredDay>> = HashMap::new();
    for r in rows {
        stored
            .entry((r.city_id, r.day.year()))
            .or_default()
            .push(r);
    }
    let mut rules: HashMap<i32, (Vec<lunar::SpecialDay>, &'static str)> = HashMap::new();
    let mut changed = 0u64;
    for y in years {
        let (city_id, year) = (y.city_id, i32::from(y.year));
        let (days, source) = {
            let entry = rules.entry(year).or_insert_with(|| days_for_year(year));
            (entry.0.clone(), entry.1)
        };
        let have = stored.remove(&(city_id, year)).unwrap_or_default();
        if have.iter().any(|r| r.source == "admin") {
            continue;
        }
        let date_of = |d: &lunar::SpecialDay| NaiveDate::from_ymd_opt(d.ymd.0, d.ymd.1, d.ymd.2);
        let want: BTreeSet<(NaiveDate, &str, &str, &str)> = days
            .iter()
            .filter_map(|d| date_of(d).map(|date| (date, d.kind.code(), d.label, source)))
            .collect();
        let had: BTreeSet<(NaiveDate, &str, &str, &str)> = have
            .iter()
            .map(|r| (r.day, r.kind.code(), r.label.as_str(), r.source.as_str()))
            .collect();
        if had == want {
            continue;
        }
        let removed: Vec<NaiveDate> = had.difference(&want).map(|r| r.0).collect();
        let added: Vec<lunar::SpecialDay> = days
            .iter()
            .filter(|&d| {
                date_of(d)
                    .is_some_and(|date| !had.contains(&(date, d.kind.code(), d.label, source)))
            })
            .cloned()
            .collect();
        if !removed.is_empty() {
            sqlx::query!("DELETE FROM calendar_days WHERE city_id = $1 AND day = ANY($2)", city_id, &removed)
                .execute(&mut *tx)
                .await?;
        }
        insert_days(&mut tx, city_id, &added, source).await?;
        sqlx::query!(
            "UPDATE calendar_years SET filled_from = $3 WHERE city_id = $1 AND year = $2 AND filled_from <> $3",
            city_id,
            year as i16,
            source,
        )
        .execute(&mut *tx)
        .await?;
        let added_dates: Vec<NaiveDate> = added.iter().filter_map(date_of).collect();
        audit::write(
            &mut tx,
            audit::Entry {
                city_id,
                account_id: None,
                action: "workdays",
                entity: audit::Entity::WorkdayYear,
                id: year as i64,
                before: None,
                after: Some(serde_json::json!({
                    "refill": source,
                    "added": added_dates,
                    "removed": removed,
                })),
                reason: None,
            },
        )
        .await?;
        changed += 1;
    }
    tx.commit().await?;
    Ok(changed)
}

/// The city's working-day calendar over [from, to] (years filled on the way).
pub async fn load(
    pool: &PgPool,
    city_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<WorkCalendar> {
    let known: Vec<i16> = sqlx::query_scalar!(
        "SELECT year FROM calendar_years WHERE city_id = $1 AND year BETWEEN $2 AND $3",
        city_id,
        from.year() as i16,
        to.year() as i16,
    )
    .fetch_all(pool)
    .await?;
    if (from.year()..=to.year()).any(|y| !known.contains(&(y as i16))) {
        let mut tx = pool.begin().await?;
        for y in from.year()..=to.year() {
            ensure_year(&mut tx, city_id, y).await?;
        }
        tx.commit().await?;
    }
    let rows = sqlx::query!(
        r#"SELECT day, kind AS "kind: DayKind" FROM calendar_days WHERE city_id = $1 AND day BETWEEN $2 AND $3"#,
        city_id,
        from,
        to,
    )
    .fetch_all(pool)
    .await?;
    Ok(WorkCalendar::new(rows.into_iter().map(|r| (r.day, r.kind))))
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
    let y = sqlx::query!(
        "SELECT version, filled_from FROM calendar_years WHERE city_id = $1 AND year = $2",
        city_id,
        year as i16,
    )
    .fetch_one(pool)
    .await?;
    let days: Vec<SpecialDayRow> = sqlx::query_as!(
        SpecialDayRow,
        r#"SELECT day AS date, kind AS "kind: DayKind", label, source FROM calendar_days
           WHERE city_id = $1 AND extract(year FROM day) = $2 ORDER BY day"#,
        city_id,
        year as f64,
    )
    .fetch_all(pool)
    .await?;
    let cal = WorkCalendar::new(days.iter().map(|r| (r.date, r.kind)));
    let first =
        NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| AppError::invalid(Msg::BadDate))?;
    let last =
        NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| AppError::invalid(Msg::BadDate))?;
    let working_days = cal.working_days_between(first.pred_opt().unwrap_or(first), last);
    Ok(YearDays {
        year,
        version: y.version,
        filled_from: y.filled_from,
        days,
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
    days.can_edit = can(&me, Action::Correct);
    Ok(days)
}

/// Sets one day of a city's calendar as an admin's correction (added, or replacing it).
async fn set_day(tx: &mut PgConnection, city_id: i64, day: NaiveDate, kind: DayKind, label: &str) -> AppResult<()> {
    sqlx::query!(
        "INSERT INTO calendar_days (city_id, day, kind, label, source) VALUES ($1, $2, $3, $4, 'admin')
         ON CONFLICT (city_id, day) DO UPDATE SET kind = EXCLUDED.kind, label = EXCLUDED.label, source = 'admin'",
        city_id,
        day,
        kind as DayKind,
        label,
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
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
    if !can(&me, Action::Correct) {
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
    let bumped = sqlx::query!(
        "UPDATE calendar_years SET version = version + 1, updated_by = $4, updated_at = now() WHERE city_id = $1 AND year = $2 AND version = $3",
        me.city_id,
        year as i16,
        version,
        me.account_id,
    )
    .execute(&mut *tx)
    .await?;
    if bumped.rows_affected() == 0 {
        return Err(AppError::conflict());
    }
    let change;
    match action.as_str() {
        "set" => {
            let d = in_year("date", &date)?;
            let k = kind
                .as_deref()
                .and_then(DayKind::parse)
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
            set_day(&mut tx, me.city_id, d, k, &label).await?;
            change = serde_json::json!({"set": d, "kind": k.code(), "label": label});
        }
        "remove" => {
            let d = in_year("date", &date)?;
            let gone = sqlx::query!("DELETE FROM calendar_days WHERE city_id = $1 AND day = $2", me.city_id, d)
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
            set_day(&mut tx, me.city_id, off, DayKind::DayOff, &label).await?;
            set_day(&mut tx, me.city_id, work, DayKind::WorkedDay, &label).await?;
            change = serde_json::json!({"swap": {"off": off, "worked": work}, "label": label});
        }
        "reset" => {
            sqlx::query!("DELETE FROM calendar_days WHERE city_id = $1 AND extract(year FROM day) = $2", me.city_id, year as f64)
            .execute(&mut *tx)
            .await?;
            let (days, source) = days_for_year(year);
            insert_days(&mut tx, me.city_id, &days, source).await?;
            sqlx::query!("UPDATE calendar_years SET filled_from = $3 WHERE city_id = $1 AND year = $2", me.city_id, year as i16, source)
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
