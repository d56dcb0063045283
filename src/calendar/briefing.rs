//! The ward's briefing before a meeting (seed I.1.2): its situation note — socio-economic,
//! defence and security, party building, the neighbourhood's issues — and files (PDF,
//! DOCX, JPG, PNG; 10 MB each). Files are kept in Postgres with the rest of the data (one
//! backup holds everything; a file and its record are saved together or not at all), and
//! served only to those who may see the meeting.

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::meeting::load_meeting,
    super::model::*,
    super::permissions::{can, MeetingAction},
    crate::auth::session::require_me,
    crate::error::AppResult,
    crate::i18n::Msg,
    crate::server::{audit, input, pool, respond},
    chrono::{DateTime, Utc},
    sqlx::PgPool,
};

#[cfg(feature = "ssr")]
pub use crate::server::files::MAX_FILE_BYTES;

/// A meeting's situation note as stored (all empty, version 0, when there is none yet).
#[cfg(feature = "ssr")]
#[derive(Default)]
struct NoteRow {
    socio_economic: String,
    defence_security: String,
    party_building: String,
    local_issues: String,
    version: i32,
    updated_at: Option<DateTime<Utc>>,
}

/// The briefing of a meeting and its files, for a caller who may see the meeting.
#[cfg(feature = "ssr")]
pub async fn load_briefing(pool: &PgPool, meeting_id: i64) -> AppResult<Briefing> {
    let note: Option<NoteRow> = sqlx::query_as!(
        NoteRow,
        r#"SELECT socio_economic, defence_security, party_building, local_issues, version, updated_at AS "updated_at?"
           FROM briefings WHERE meeting_id = $1"#,
        meeting_id,
    )
    .fetch_optional(pool)
    .await?;
    let files = sqlx::query!(
        "SELECT id, file_name, size_bytes, uploaded_at FROM meeting_files WHERE meeting_id = $1 AND deleted_at IS NULL ORDER BY id",
        meeting_id,
    )
    .fetch_all(pool)
    .await?;
    let note = note.unwrap_or_default();
    Ok(Briefing {
        socio_economic: note.socio_economic,
        defence_security: note.defence_security,
        party_building: note.party_building,
        local_issues: note.local_issues,
        version: note.version,
        updated_at: note.updated_at.map(crate::helpers::fmt_datetime),
        files: files
            .into_iter()
            .map(|f| BriefingFile {
                id: f.id,
                name: f.file_name,
                size: f.size_bytes as i64,
                at: crate::helpers::fmt_datetime(f.uploaded_at),
            })
            .collect(),
    })
}

/// A meeting's briefing note as its form posts it (`save_briefing`).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct BriefingForm {
    #[serde(deserialize_with = "crate::helpers::form_number")]
    pub meeting_id: i64,
    pub version: String,
    pub socio_economic: Option<String>,
    pub defence_security: Option<String>,
    pub party_building: Option<String>,
    pub local_issues: Option<String>,
}

/// Saves the situation note (optimistic versioning: `version` is the one read, 0 when
/// there was none). The members expected at the meeting are told.
#[server(endpoint = "meetings/briefing")]
pub async fn save_briefing(#[server(flatten)] form: BriefingForm) -> Result<(), AppError> {
    respond(async move {
        let BriefingForm { meeting_id, version, socio_economic, defence_security, party_building, local_issues } = form;
        let me = require_me().await?;
        let pool = pool()?;
        let (_, rel) = load_meeting(&pool, &me, meeting_id).await?;
        if !can(&me, rel, MeetingAction::Enter) {
            return Err(AppError::forbidden());
        }
        let version = input::version(Some(&version))?;
        let text = |field: &str, v: &Option<String>| input::optional(field, v.as_deref().unwrap_or(""), 10_000);
        let socio = text("socio_economic", &socio_economic)?;
        let defence = text("defence_security", &defence_security)?;
        let party = text("party_building", &party_building)?;
        let issues = text("local_issues", &local_issues)?;
        let mut tx = pool.begin().await?;
        let before = audit::snapshot(&mut tx, audit::Entity::Briefing, meeting_id).await?;
        let saved = if version == 0 {
            sqlx::query!(
                "INSERT INTO briefings (meeting_id, city_id, socio_economic, defence_security, party_building, local_issues, updated_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (meeting_id) DO NOTHING",
                meeting_id,
                me.city_id,
                &socio,
                &defence,
                &party,
                &issues,
                me.account_id,
            )
            .execute(&mut *tx)
            .await?
        } else {
            sqlx::query!(
                "UPDATE briefings SET socio_economic = $3, defence_security = $4, party_building = $5, local_issues = $6,
                        updated_by = $7, updated_at = now(), version = version + 1
                 WHERE meeting_id = $1 AND version = $2",
                meeting_id,
                version,
                &socio,
                &defence,
                &party,
                &issues,
                me.account_id,
            )
            .execute(&mut *tx)
            .await?
        };
        if saved.rows_affected() == 0 {
            return Err(AppError::conflict());
        }
        audit::record(&mut tx, me.city_id, Some(me.account_id), "briefing", audit::Entity::Briefing, meeting_id, before).await?;
        super::notices::notify_meeting(&mut tx, meeting_id, "briefing", &[]).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{meeting_id}?saved=1"));
        Ok(())
    })
    .await
}

/// Removes a file from the briefing (kept in the database, no longer listed or served).
#[server(endpoint = "meetings/delete-file")]
pub async fn delete_file(id: i64) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let meeting: Option<i64> = sqlx::query_scalar!(
            "SELECT meeting_id FROM meeting_files WHERE id = $1 AND city_id = $2 AND deleted_at IS NULL",
            id,
            me.city_id,
        )
        .fetch_optional(&pool)
        .await?;
        let meeting = meeting.ok_or_else(AppError::not_found)?;
        let (_, rel) = load_meeting(&pool, &me, meeting).await?;
        if !can(&me, rel, MeetingAction::Enter) {
            return Err(AppError::forbidden());
        }
        let mut tx = pool.begin().await?;
        sqlx::query!(
            "UPDATE meeting_files SET deleted_at = now(), deleted_by = $2 WHERE id = $1",
            id,
            me.account_id,
        ).execute(&mut *tx).await?;
        let entry = audit::Entry {
            city_id: me.city_id,
            account_id: Some(me.account_id),
            action: "delete_file",
            entity: audit::Entity::Meeting,
            id: meeting,
            before: Some(serde_json::json!({ "file_id": id })),
            after: None,
            reason: None,
        };
        audit::write(&mut tx, entry).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{meeting}?saved=1"));
        Ok(())
    })
    .await
}

/// POST /upload/meeting-file (multipart: meeting_id, file). A plain form: the browser is
/// sent back to the meeting's page with the outcome; a script gets the status.
#[cfg(feature = "ssr")]
pub async fn upload(
    axum::extract::State(pool): axum::extract::State<PgPool>,
    crate::auth::session::Caller(me): crate::auth::session::Caller,
    headers: axum::http::HeaderMap,
    multipart: axum::extract::Multipart,
) -> axum::response::Response {
    use crate::server::files::{answer, wants_html, Upload};
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    let html = wants_html(&headers);
    let up = Upload::read(multipart).await;
    let Some(meeting) = up.id("meeting_id") else { return (StatusCode::BAD_REQUEST, axum::Json(AppError::invalid(Msg::BadRequest))).into_response() };
    let page = format!("/meetings/{meeting}");
    let allowed = match load_meeting(&pool, &me, meeting).await {
        Ok((_, rel)) => can(&me, rel, MeetingAction::Enter),
        Err(e) => return answer(html, &page, Err(e)),
    };
    if !allowed {
        return answer(html, &page, Err(AppError::forbidden()));
    }
    let file = match up.checked() {
        Ok(f) => f,
        Err(e) => return answer(html, &page, Err(e)),
    };
    let saved: AppResult<()> = async {
        let mut tx = pool.begin().await?;
        let id: i64 = sqlx::query_scalar!(
            "INSERT INTO meeting_files (city_id, meeting_id, file_name, content_type, size_bytes, sha256, data, uploaded_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            me.city_id,
            meeting,
            &file.name,
            file.content_type,
            file.bytes.len() as i32,
            &file.sha256,
            &file.bytes,
            me.account_id,
        )
        .fetch_one(&mut *tx)
        .await?;
        let entry = audit::Entry {
            city_id: me.city_id,
            account_id: Some(me.account_id),
            action: "attach_file",
            entity: audit::Entity::Meeting,
            id: meeting,
            before: None,
            after: Some(serde_json::json!({ "file_id": id, "name": file.name, "bytes": file.bytes.len(), "sha256": file.sha256 })),
            reason: None,
        };
        audit::write(&mut tx, entry).await?;
        super::notices::notify_meeting(&mut tx, meeting, "briefing", &[]).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    answer(html, &page, saved)
}

/// GET /files/{id}: a briefing file, to those who may see its meeting.
#[cfg(feature = "ssr")]
pub async fn download(
    axum::extract::State(pool): axum::extract::State<PgPool>,
    crate::auth::session::Caller(me): crate::auth::session::Caller,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> axum::response::Response {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    let Ok(id) = id.parse::<i64>() else { return StatusCode::NOT_FOUND.into_response() };
    let row = sqlx::query!(
        "SELECT meeting_id, file_name, content_type, data FROM meeting_files WHERE id = $1 AND city_id = $2 AND deleted_at IS NULL",
        id,
        me.city_id,
    )
    .fetch_optional(&pool)
    .await;
    let Ok(Some(file)) = row else { return StatusCode::NOT_FOUND.into_response() };
    match load_meeting(&pool, &me, file.meeting_id).await {
        Ok((_, rel)) if can(&me, rel, MeetingAction::Read) => crate::server::files::serve(&file.file_name, file.content_type, file.data),
        Ok(_) => StatusCode::FORBIDDEN.into_response(),
        Err(e) => StatusCode::from_u16(e.kind.status()).unwrap_or(StatusCode::NOT_FOUND).into_response(),
    }
}

