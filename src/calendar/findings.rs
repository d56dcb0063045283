//! The calendar's findings for the Standing Committee (seed II.2 names them as the main
//! shortcomings): meetings announced fewer than N days before they start (N a city
//! setting, 3 by default), active cells with no meeting announced for the month, and ward
//! committee meetings to which the group was not invited. The dashboard of a later issue
//! reads the same function.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_me,
    crate::auth::visibility::Reach,
    crate::auth::Me,
    crate::error::AppResult,
    crate::helpers::{month_key, next_month, parse_month},
    crate::helpers::today_vn,
    crate::i18n::Msg,
    crate::server::{pool, respond},
    chrono::{DateTime, NaiveDate, NaiveDateTime, Utc},
    sqlx::PgPool,
};

/// A meeting announced late: its title, ward, local start, when it was announced and when it starts.
#[cfg(feature = "ssr")]
struct LateRow {
    id: i64,
    title: String,
    ward: String,
    local_start: NaiveDateTime,
    announced_at: DateTime<Utc>,
    starts_at: DateTime<Utc>,
}

/// A residential cell with nothing announced for the month.
#[cfg(feature = "ssr")]
struct MissingRow {
    id: i64,
    code: String,
    name: String,
    ward: String,
}

/// The findings of a month for the wards the caller may see (one ward when `ward` is set).
#[cfg(feature = "ssr")]
pub async fn month_findings(pool: &PgPool, me: &Me, month: NaiveDate, ward: Option<i64>) -> AppResult<Findings> {
    let end = next_month(month);
    // the wards the caller sees that month
    let seen = Reach::ward_ids(Reach::of(me), pool, month, end).await?;
    let wards: Vec<i64> = sqlx::query_scalar!(
        "SELECT w.id FROM org_units w
         WHERE w.city_id = $1 AND w.kind = 'ward' AND ($2::bigint IS NULL OR w.id = $2)
           AND ($3::bigint[] IS NULL OR w.id = ANY($3))",
        me.city_id,
        ward,
        seen.as_deref(),
    )
    .fetch_all(pool)
    .await?;
    let lead: i16 = sqlx::query_scalar!(
        r#"SELECT COALESCE((SELECT announce_lead_days FROM city_settings WHERE city_id = $1), 3::smallint) AS "v!""#,
        me.city_id,
    )
    .fetch_one(pool)
    .await?;
    let late: Vec<LateRow> = sqlx::query_as!(
        LateRow,
        r#"SELECT m.id, COALESCE(c.code || ' – ' || c.name, w.name) AS "title!", w.name AS ward,
                m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS "local_start!", m.announced_at AS "announced_at!", m.starts_at
         FROM meetings m JOIN org_units w ON w.id = m.ward_id LEFT JOIN org_units c ON c.id = m.cell_id
         WHERE m.ward_id = ANY($1) AND m.month = $2 AND m.announced_at IS NOT NULL
           AND m.announced_at > m.starts_at - make_interval(days => $3)
           AND m.status <> 'cancelled'
         ORDER BY m.starts_at"#,
        &wards,
        month,
        lead as i32,
    )
    .fetch_all(pool)
    .await?;
    // A cell counts as "nothing announced" once the month has begun (before, the ward still has time).
    let missing: Vec<MissingRow> = if today_vn() >= month {
        sqlx::query_as!(
            MissingRow,
            "SELECT c.id, c.code, c.name, w.name AS ward FROM org_units c JOIN org_units w ON w.id = c.parent_id
             WHERE c.parent_id = ANY($1) AND c.kind = 'cell' AND c.cell_kind = 'residential'
               AND c.active_from < $3 AND (c.active_to IS NULL OR c.active_to >= $3)
               AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.cell_id = c.id AND m.month = $2
                               AND m.announced_at IS NOT NULL AND m.status <> 'cancelled')
             ORDER BY w.code, c.code",
            &wards,
            month,
            end,
        )
        .fetch_all(pool)
        .await?
    } else {
        vec![]
    };
    let uninvited = sqlx::query!(
        r#"SELECT m.id, w.name, m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS "local_start!"
         FROM meetings m JOIN org_units w ON w.id = m.ward_id
         WHERE m.ward_id = ANY($1) AND m.month = $2 AND m.kind = 'ward_committee' AND m.invited_at IS NULL
           AND m.status <> 'cancelled'
         ORDER BY m.starts_at"#,
        &wards,
        month,
    )
    .fetch_all(pool)
    .await?;
    let mut missing: Vec<FindingLine> = missing
        .into_iter()
        .map(|r| FindingLine {
            meeting_id: None,
            cell_id: Some(r.id),
            title: format!("{} – {}", r.code, r.name),
            ward: r.ward,
            detail: String::new(),
            hours_ahead: None,
        })
        .collect();
    missing.sort_by(|a, b| (&a.ward, crate::helpers::natural_key(&a.title)).cmp(&(&b.ward, crate::helpers::natural_key(&b.title))));
    Ok(Findings {
        month: month_key(month),
        lead_days: lead as i32,
        late: late
            .into_iter()
            .map(|r| {
                let hours = (r.starts_at - r.announced_at).num_hours().max(0);
                FindingLine {
                    meeting_id: Some(r.id),
                    cell_id: None,
                    title: r.title,
                    ward: r.ward,
                    detail: r.local_start.format("%H:%M %d/%m").to_string(),
                    hours_ahead: Some(hours),
                }
            })
            .collect(),
        missing,
        uninvited: uninvited
            .into_iter()
            .map(|r| FindingLine {
                meeting_id: Some(r.id),
                cell_id: None,
                title: r.name.clone(),
                ward: r.name,
                detail: r.local_start.format("%H:%M %d/%m").to_string(),
                hours_ahead: None,
            })
            .collect(),
        can_set: me.manages_org(),
    })
}

/// Sets the city's N (0–30 days): an announcement fewer than N days before is late.
#[server(endpoint = "calendar/lead-days")]
pub async fn set_lead_days(days: String) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        if !me.manages_org() {
            return Err(AppError::forbidden());
        }
        let days: i16 = days.trim().parse().ok().filter(|d| (0..=30).contains(d)).ok_or_else(|| AppError::field("days", Msg::LeadDaysRange))?;
        let pool = pool()?;
        let mut tx = pool.begin().await?;
        let before: Option<i16> = sqlx::query_scalar!("SELECT announce_lead_days FROM city_settings WHERE city_id = $1", me.city_id)
            .fetch_optional(&mut *tx)
            .await?;
        sqlx::query!(
            "INSERT INTO city_settings (city_id, announce_lead_days) VALUES ($1, $2)
             ON CONFLICT (city_id) DO UPDATE SET announce_lead_days = $2, updated_at = now()",
            me.city_id,
            days,
        )
        .execute(&mut *tx)
        .await?;
        let entry = crate::server::audit::Entry {
            city_id: me.city_id,
            account_id: Some(me.account_id),
            action: "announce_lead_days",
            entity: crate::server::audit::Entity::City,
            id: me.city_id,
            before: Some(serde_json::json!({ "announce_lead_days": before.unwrap_or(3) })),
            after: Some(serde_json::json!({ "announce_lead_days": days })),
            reason: None,
        };
        crate::server::audit::write(&mut tx, entry).await?;
        tx.commit().await?;
        leptos_axum::redirect("/calendar/findings?saved=1");
        Ok(())
    })
    .await
}

#[server(endpoint = "calendar/findings")]
pub async fn get_findings(month: Option<String>, ward: Option<String>) -> Result<Findings, AppError> {
    respond(async move {
        let me = require_me().await?;
        if !super::permissions::can_open_calendar(&me) {
            return Err(AppError::forbidden());
        }
        let month = match month.as_deref().unwrap_or("").trim() {
            "" => crate::helpers::parse_month(&month_key(today_vn())).unwrap_or_else(today_vn),
            m => parse_month(m).ok_or_else(|| AppError::field("month", Msg::BadMonth))?,
        };
        let ward = crate::server::input::optional_id("ward", ward.as_deref().unwrap_or(""))?;
        month_findings(&pool()?, &me, month, ward).await
    })
    .await
}
