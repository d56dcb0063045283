//! An absence reported before the meeting; the group's leader is told and may send a
//! substitute.

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::model::*,
    super::api::*,
    crate::auth::session::require_me,
    crate::i18n::Msg,
    crate::server::{audit, input, pool, respond},
    chrono::Utc,
};

/// A member who cannot attend says why, before the meeting (or withdraws it). The group's
/// leader is told, so he can send a substitute.
#[server(endpoint = "reports/absence")]
pub async fn report_absence(
    meeting_id: i64,
    #[server(default)] reason: Option<String>,
    #[server(default)] note: Option<String>,
    #[server(default)] withdraw: Option<String>,
) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let (m, person) = writable(&pool, &me, meeting_id).await?;
        if Utc::now() >= m.starts_at {
            return Err(AppError::invalid(Msg::AbsenceTooLate));
        }
        let withdraw = input::checkbox(&withdraw);
        let note = input::optional("note", note.as_deref().unwrap_or(""), 500)?;
        // the reason given (none when the absence is withdrawn)
        let reason = if withdraw {
            None
        } else {
            let r = AbsenceReason::parse(reason.as_deref().unwrap_or("")).ok_or_else(|| AppError::field("reason", Msg::UnknownReason))?;
            if r == AbsenceReason::Other && note.is_empty() {
                return Err(AppError::field("note", Msg::Required));
            }
            Some(r)
        };
        let mut tx = pool.begin().await?;
        let checked_in: Option<bool> = sqlx::query_scalar!(
            r#"SELECT checked_in_at IS NOT NULL AS "v!" FROM attendance_reports WHERE meeting_id = $1 AND person_id = $2"#,
            meeting_id,
            person,
        )
        .fetch_optional(&mut *tx)
        .await?;
        if !withdraw && checked_in == Some(true) {
            return Err(AppError::invalid(Msg::AbsenceTooLate));
        }
        let after = match reason {
            None => {
                sqlx::query!(
                    "DELETE FROM meeting_absences WHERE meeting_id = $1 AND person_id = $2",
                    meeting_id,
                    person,
                )
                .execute(&mut *tx)
                .await?;
                serde_json::json!({"withdrawn": person})
            }
            Some(reason) => {
                sqlx::query!(
                    "INSERT INTO meeting_absences (meeting_id, person_id, city_id, reason, note, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (meeting_id, person_id) DO UPDATE SET reason = EXCLUDED.reason, note = EXCLUDED.note,
                         recorded_by = EXCLUDED.recorded_by, recorded_at = now()",
                    meeting_id,
                    person,
                    m.city_id,
                    reason as AbsenceReason,
                    &note,
                    me.account_id,
                )
                .execute(&mut *tx)
                .await?;
                // the leaders of the group following the ward that day
                let leaders: Vec<i64> = sqlx::query_scalar!(
                    r#"SELECT DISTINCT gm.person_id AS "v!" FROM meetings m
                     CROSS JOIN LATERAL tct_ward_followers(m.ward_id, tct_local_day(m.starts_at)) gm
                     WHERE m.id = $1 AND gm.role IN ('leader', 'deputy') AND gm.person_id <> $2"#,
                    meeting_id,
                    person,
                )
                .fetch_all(&mut *tx)
                .await?;
                crate::calendar::notices::notify_meeting(&mut tx, meeting_id, "absence", &leaders).await?;
                serde_json::json!({"absent": person, "reason": reason, "note": note})
            }
        };
        audit::write(
            &mut tx,
            audit::Entry {
                city_id: me.city_id,
                account_id: Some(me.account_id),
                action: if withdraw { "absence_withdrawn" } else { "absence" },
                entity: audit::Entity::MeetingAttendance,
                id: meeting_id,
                before: None,
                after: Some(after),
                reason: None,
            },
        )
        .await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{meeting_id}?saved=1#report"));
        Ok(())
    })
    .await
}
