//! The recommendations heard at the meeting, noted on the phone (each with its own
//! `client_key`) and withdrawn while nobody has taken them up.

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::model::*,
    super::api::*,
    crate::auth::session::require_me,
    crate::i18n::Msg,
    crate::server::{audit, input, pool, respond},
};

/// A recommendation heard at the meeting. Its `client_key` (made by the phone) makes a
/// capture synced twice one recommendation.
#[server(endpoint = "reports/recommendation")]
pub async fn add_recommendation(
    meeting_id: i64,
    client_key: String,
    #[server(default)] raised_by: Option<String>,
    #[server(default)] content: Option<String>,
    #[server(default)] domain: Option<String>,
) -> Result<i64, AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let (m, person) = writable(&pool, &me, meeting_id).await?;
        let key = input::client_key("client_key", &client_key)?;
        let mut errors = Vec::new();
        let raised_by = input::optional("raised_by", raised_by.as_deref().unwrap_or(""), 200).unwrap_or_else(|e| {
            errors.push(("raised_by".to_string(), e.msg));
            String::new()
        });
        let content = input::required("content", content.as_deref().unwrap_or(""), 5000).unwrap_or_else(|e| {
            errors.push(("content".to_string(), e.msg));
            String::new()
        });
        let domain = Domain::parse(domain.as_deref().unwrap_or(""));
        if domain.is_none() {
            errors.push(("domain".to_string(), Msg::UnknownDomain));
        }
        let mut tx = pool.begin().await?;
        // the same capture sent twice at once: the copy waits here, then finds the first
        crate::server::lock_key(&mut tx, &format!("recommendation:{key}")).await?;
        // sent before: the same answer
        let known = sqlx::query!(
            r#"SELECT id, COALESCE(meeting_id, -1) AS "meeting_id!", created_by FROM recommendations WHERE client_key = $1::text::uuid"#,
            &key,
        )
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(k) = known {
            if k.meeting_id == meeting_id && k.created_by == Some(me.account_id) {
                return Ok(k.id);
            }
            return Err(AppError::field("client_key", Msg::BadRequest));
        }
        if let Some(e) = AppError::fields(errors) {
            return Err(e);
        }
        let Some(domain) = domain else { return Err(AppError::field("domain", Msg::UnknownDomain)) };
        if absence_of(&mut tx, meeting_id, person).await?.is_some() {
            return Err(AppError::invalid(Msg::ReportedAbsent));
        }
        let report: i64 = sqlx::query_scalar!(
            "INSERT INTO attendance_reports (city_id, meeting_id, person_id, members_total) VALUES ($1, $2, $3, $4)
             ON CONFLICT (meeting_id, person_id) DO UPDATE SET updated_at = attendance_reports.updated_at RETURNING id",
            m.city_id,
            meeting_id,
            person,
            m.cell_members.map(|n| n as i16),
        )
        .fetch_one(&mut *tx)
        .await?;
        let status: ReportStatus = sqlx::query_scalar!(
            r#"SELECT status AS "status: ReportStatus" FROM attendance_reports WHERE id = $1 FOR UPDATE"#,
            report,
        ).fetch_one(&mut *tx).await?;
        editable(status)?;
        let id: Option<i64> = sqlx::query_scalar!(
            "INSERT INTO recommendations (city_id, client_key, meeting_id, report_id, ward_id, cell_id, raised_by, content, domain, created_by,
                                          kind, raised_on)
             VALUES ($1, $2::text::uuid, $3, $4, $5, $6, $7, $8, $9, $10,
                     CASE WHEN $9 = 'party_building' THEN 'party' ELSE 'state' END, $11)
             ON CONFLICT (client_key) DO NOTHING RETURNING id",
            m.city_id,
            &key,
            meeting_id,
            report,
            m.ward_id,
            m.cell_id,
            &raised_by,
            &content,
            domain as Domain,
            me.account_id,
            m.day,
        )
        .fetch_optional(&mut *tx)
        .await?;
        // the key is locked above, so only another's item can hold it here
        let Some(id) = id else {
            return Err(AppError::field("client_key", Msg::BadRequest));
        };
        crate::recommendations::api::add_step(&mut tx, &me, id, "raise", None, Some(RecStatus::New), None, "").await?;
        audit::record(&mut tx, me.city_id, Some(me.account_id), "create", audit::Entity::Recommendation, id, None).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{meeting_id}?saved=1#report"));
        Ok(id)
    })
    .await
}

/// A member takes back a recommendation he captured by mistake, while his report is not
/// yet submitted and nobody has taken the recommendation further. Nothing is deleted: it is
/// marked withdrawn (`deleted_at`) and leaves the lists; the audit log keeps it. A second
/// request for the same one (a double tap) is answered as the first.
#[server(endpoint = "reports/recommendation-withdraw")]
pub async fn withdraw_recommendation(meeting_id: i64, id: i64) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let (m, person) = writable(&pool, &me, meeting_id).await?;
        let mut tx = pool.begin().await?;
        let report: Option<ReportStatus> =
            sqlx::query_scalar!(
                r#"SELECT status AS "status: ReportStatus" FROM attendance_reports WHERE meeting_id = $1 AND person_id = $2 FOR UPDATE"#,
                meeting_id,
                person,
            )
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(status) = report {
            editable(status)?;
        }
        let rec = sqlx::query!(
            r#"SELECT created_by, status AS "status: RecStatus", deleted_at IS NOT NULL AS "withdrawn!"
               FROM recommendations WHERE id = $1 AND meeting_id = $2 AND city_id = $3 FOR UPDATE"#,
            id,
            meeting_id,
            m.city_id,
        )
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(AppError::not_found)?;
        let (by, status, withdrawn) = (rec.created_by, rec.status, rec.withdrawn);
        if by != Some(me.account_id) {
            return Err(AppError::forbidden());
        }
        if !withdrawn {
            if status != RecStatus::New {
                return Err(AppError::invalid(Msg::RecommendationTakenUp));
            }
            let before = audit::snapshot(&mut tx, audit::Entity::Recommendation, id).await?;
            sqlx::query!("UPDATE recommendations SET deleted_at = now(), version = version + 1, updated_at = now() WHERE id = $1", id)
                .execute(&mut *tx)
                .await?;
            crate::recommendations::api::add_step(&mut tx, &me, id, "withdraw", Some(RecStatus::New), Some(RecStatus::New), None, "").await?;
            audit::record(&mut tx, me.city_id, Some(me.account_id), "withdraw", audit::Entity::Recommendation, id, before).await?;
        }
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{meeting_id}?saved=1#report"));
        Ok(())
    })
    .await
}
