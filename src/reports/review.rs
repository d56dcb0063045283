//! The Organization Board reads a meeting's reports, and acknowledges or returns each.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::api::*,
    super::permissions::{can, ReportAction},
    crate::auth::session::require_me,
    crate::i18n::Msg,
    crate::server::{audit, input, pool, respond},
};

/// The reports of a meeting the caller may read (the Organization Board, the Standing
/// Committee, admin, the group's leader), for the meeting page.
#[server(endpoint = "reports/of-meeting")]
pub async fn meeting_report_list(meeting_id: i64) -> Result<Vec<Report>, AppError> {
    respond(async move {
        let me = require_me().await?;
        // one meeting's statements, keyed by its id: their plans are kept
        let pool = crate::server::pool_kept_plans()?;
        let m = meeting_facts(&pool, &me, meeting_id).await?;
        let rel = relation(&pool, &me, &m).await?;
        if !can(&me, rel, ReportAction::Read) {
            return Err(AppError::forbidden());
        }
        let confidential = can(&me, rel, ReportAction::ReadConfidential);
        let ids: Vec<i64> = sqlx::query_scalar!(
            "SELECT r.id FROM attendance_reports r JOIN people p ON p.id = r.person_id
             WHERE r.meeting_id = $1 AND r.status <> 'draft' ORDER BY p.full_name",
            meeting_id,
        )
        .fetch_all(&pool)
        .await?;
        let cal = crate::workdays::api::load_from(&pool, m.city_id, m.day, m.day).await?;
        let due = super::rule::report_due(&cal, m.day);
        let mut out = Vec::new();
        for id in ids {
            let (mut r, submitted) = load_report_at(&pool, id, confidential).await?;
            r.due = Some(due);
            r.late_by = submitted.map(|s| cal.late_by(due, crate::helpers::in_vietnam(s).date())).unwrap_or(0);
            out.push(r);
        }
        Ok(out)
    })
    .await
}

/// A review of a report as its form posts it (`review_report`): `acknowledge` or `return`
/// (with a comment).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct ReviewForm {
    #[serde(deserialize_with = "crate::helpers::form_number")]
    pub report_id: i64,
    pub version: String,
    pub action: String,
    #[serde(default)]
    pub comment: Option<String>,
}

/// The Organization Board acknowledges a submitted report, or returns it with a comment
/// (the member revises and submits again). The member is told either way.
#[server(endpoint = "reports/review")]
pub async fn review_report(#[server(flatten)] form: ReviewForm) -> Result<(), AppError> {
    respond(async move {
        let ReviewForm { report_id, version, action, comment } = form;
        let me = require_me().await?;
        let pool = pool()?;
        let found = sqlx::query!(
            r#"SELECT meeting_id, person_id, status AS "status: ReportStatus" FROM attendance_reports WHERE id = $1 AND city_id = $2"#,
            report_id,
            me.city_id,
        )
        .fetch_optional(&pool)
        .await?
        .ok_or_else(AppError::not_found)?;
        let (meeting_id, person, status) = (found.meeting_id, found.person_id, found.status);
        let m = meeting_facts(&pool, &me, meeting_id).await?;
        let rel = relation(&pool, &me, &m).await?;
        if !can(&me, rel, ReportAction::Review) {
            return Err(AppError::forbidden());
        }
        let version = input::version(Some(&version))?;
        let comment = input::optional("comment", comment.as_deref().unwrap_or(""), 2000)?;
        let new_status = match action.as_str() {
            "acknowledge" => ReportStatus::Acknowledged,
            "return" => {
                if comment.chars().count() < 5 {
                    return Err(AppError::field("comment", Msg::ReasonTooShort));
                }
                ReportStatus::Returned
            }
            _ => return Err(AppError::invalid(Msg::UnknownAction)),
        };
        match status {
            ReportStatus::Submitted => {}
            ReportStatus::Acknowledged => return Err(AppError::invalid(Msg::ReportLocked)),
            ReportStatus::Draft | ReportStatus::Returned => return Err(AppError::invalid(Msg::NotSubmitted)),
        }
        let mut tx = pool.begin().await?;
        let before = audit::snapshot(&mut tx, audit::Entity::Report, report_id).await?;
        let done = sqlx::query!(
            "UPDATE attendance_reports SET status = $3, reviewed_by = $4, reviewed_at = now(), review_comment = NULLIF($5, ''),
                    version = version + 1, updated_at = now()
             WHERE id = $1 AND version = $2 AND status = 'submitted'",
            report_id,
            version,
            new_status as ReportStatus,
            me.account_id,
            &comment,
        )
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(AppError::conflict());
        }
        audit::record(&mut tx, me.city_id, Some(me.account_id), action.as_str(), audit::Entity::Report, report_id, before).await?;
        crate::calendar::notices::notify_meeting(&mut tx, meeting_id, if new_status == ReportStatus::Returned { "report_returned" } else { "report_acknowledged" }, &[person]).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{meeting_id}?saved=1#reports"));
        Ok(())
    })
    .await
}
