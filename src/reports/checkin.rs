//! Check-in: the member arrives at the meeting (on time, or later from the phone's
//! offline queue with the moment he tapped).

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::api::*,
    crate::auth::session::require_me,
    crate::i18n::Msg,
    crate::server::{audit, pool, respond},
    chrono::{DateTime, Duration, Utc},
};

/// The member arrives: his arrival time is kept (the first one, if he taps twice). A
/// phone that was offline sends the moment of the tap (`at`, RFC 3339), which must fall in
/// the check-in window and not in the future.
#[server(endpoint = "reports/check-in")]
pub async fn check_in(
    meeting_id: i64,
    #[server(default)] at: Option<String>,
) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let (m, person) = writable(&pool, &me, meeting_id).await?;
        let now = Utc::now();
        let at = match at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => now,
            Some(s) => DateTime::parse_from_rfc3339(s)
                .map(|t| t.with_timezone(&Utc))
                .ok()
                .filter(|t| *t <= now + Duration::minutes(5))
                .ok_or_else(|| AppError::field("at", Msg::BadTime))?
                .min(now),
        };
        if at < m.starts_at - Duration::hours(2) || at > m.ends_at + Duration::hours(6) {
            return Err(AppError::invalid(Msg::CheckInWindow));
        }
        let mut tx = pool.begin().await?;
        if absence_of(&mut tx, meeting_id, person).await?.is_some() {
            return Err(AppError::invalid(Msg::ReportedAbsent));
        }
        let id: i64 = sqlx::query_scalar!(
            "INSERT INTO attendance_reports (city_id, meeting_id, person_id, checked_in_at, members_total)
             VALUES ($1, $2, $3, $5, $4)
             ON CONFLICT (meeting_id, person_id) DO UPDATE
                 SET checked_in_at = LEAST(COALESCE(attendance_reports.checked_in_at, $5), $5), updated_at = now()
             RETURNING id",
            m.city_id,
            meeting_id,
            person,
            m.cell_members.map(|n| n as i16),
            at,
        )
        .fetch_one(&mut *tx)
        .await?;
        audit::record(&mut tx, me.city_id, Some(me.account_id), "check_in", audit::Entity::Report, id, None).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{meeting_id}?saved=1#report"));
        Ok(())
    })
    .await
}
