//! The ward's confirmation, from the cell's minutes, of who of those expected attended.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::api::*,
    super::permissions::{can, ReportAction},
    crate::auth::session::require_me,
    crate::i18n::Msg,
    crate::server::{audit, input, pool, respond},
    chrono::Utc,
};

/// One expected member's line in the ward's confirmation form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AttendanceInput {
    pub person: String,
    #[serde(default)]
    pub attended: Option<String>,
}

/// The ward, from the cell's minutes, confirms who of those expected attended (a line not
/// ticked: absent). Sent again, it replaces the previous confirmation.
#[server(endpoint = "reports/attendance")]
pub async fn confirm_attendance(
    meeting_id: i64,
    #[server(default)] rows: Vec<AttendanceInput>,
) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let m = meeting_facts(&pool, &me, meeting_id).await?;
        let rel = relation(&pool, &me, &m).await?;
        if !can(&me, rel, ReportAction::ConfirmAttendance) {
            return Err(AppError::forbidden());
        }
        if m.is_off() {
            return Err(AppError::invalid(Msg::MeetingNotOn));
        }
        if Utc::now() < m.starts_at {
            return Err(AppError::invalid(Msg::NotYetHeld));
        }
        let expected: Vec<i64> = sqlx::query_scalar!(
            r#"SELECT DISTINCT person_id AS "v!" FROM meeting_expected WHERE meeting_id = $1"#,
            meeting_id,
        )
        .fetch_all(&pool)
        .await?;
        let mut people = Vec::new();
        let mut attended = Vec::new();
        for r in &rows {
            let Some(p) = r
                .person
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|p| expected.contains(p))
            else {
                return Err(AppError::invalid(Msg::NotExpected));
            };
            if !people.contains(&p) {
                people.push(p);
                attended.push(input::checkbox(&r.attended));
            }
        }
        let mut tx = pool.begin().await?;
        sqlx::query!(
            "INSERT INTO meeting_attendance (meeting_id, person_id, city_id, attended, confirmed_by)
             SELECT $1, p, $2, a, $3 FROM unnest($4::bigint[], $5::bool[]) AS t(p, a)
             ON CONFLICT (meeting_id, person_id) DO UPDATE SET attended = EXCLUDED.attended,
                 confirmed_by = EXCLUDED.confirmed_by, confirmed_at = now()",
            meeting_id,
            m.city_id,
            me.account_id,
            &people,
            &attended,
        )
        .execute(&mut *tx)
        .await?;
        let after: Vec<serde_json::Value> = people
            .iter()
            .zip(&attended)
            .map(|(p, a)| serde_json::json!({"person": p, "attended": a}))
            .collect();
        audit::write(
            &mut tx,
            audit::Entry {
                city_id: me.city_id,
                account_id: Some(me.account_id),
                action: "confirm_attendance",
                entity: audit::Entity::MeetingAttendance,
                id: meeting_id,
                before: None,
                after: Some(serde_json::Value::Array(after)),
                reason: None,
            },
        )
        .await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{meeting_id}?saved=1#attendance"));
        Ok(())
    })
    .await
}
