//! The ward's briefing before a meeting (seed I.1.2): its situation note — socio-economic,
//! defence and security, party building, the neighbourhood's issues — and files (PDF,
//! DOCX, JPG, PNG; 10 MB each). Files are kept in Postgres with the rest of the data (one
//! backup holds everything; a file and its record are saved together or not at all), and
//! served only to those who may see the meeting.

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::api::load_meeting,
    super::model::*,
    super::permissions::{can, MeetingAction},
    crate::auth::session::require_me,
    crate::auth::Me,
    crate::error::AppResult,
    crate::i18n::Msg,
    crate::server::{audit, input, pool, respond},
    chrono::{DateTime, Utc},
    sqlx::PgPool,
};

/// The largest file a ward may attach.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// The kind of a file from its first bytes (never from the name the browser sent):
/// (content type, extension), or None for a type that is refused.
pub fn sniff(bytes: &[u8], name: &str) -> Option<(&'static str, &'static str)> {
    let lower = name.to_lowercase();
    if bytes.starts_with(b"%PDF-") {
        Some(("application/pdf", "pdf"))
    } else if bytes.starts_with(b"PK\x03\x04") && lower.ends_with(".docx") {
        Some(("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(("image/png", "png"))
    } else {
        None
    }
}

/// The briefing of a meeting and its files, for a caller who may see the meeting.
#[cfg(feature = "ssr")]
pub async fn load_briefing(pool: &PgPool, meeting_id: i64) -> AppResult<Briefing> {
    let note: Option<(String, String, String, String, i32, Option<DateTime<Utc>>)> = sqlx::query_as(
        "SELECT socio_economic, defence_security, party_building, local_issues, version, updated_at FROM briefings WHERE meeting_id = $1",
    )
    .bind(meeting_id)
    .fetch_optional(pool)
    .await?;
    let files: Vec<(i64, String, i32, DateTime<Utc>)> = sqlx::query_as(
        "SELECT id, file_name, size_bytes, uploaded_at FROM meeting_files WHERE meeting_id = $1 AND deleted_at IS NULL ORDER BY id",
    )
    .bind(meeting_id)
    .fetch_all(pool)
    .await?;
    let (socio_economic, defence_security, party_building, local_issues, version, updated) = note.unwrap_or_default();
    Ok(Briefing {
        socio_economic,
        defence_security,
        party_building,
        local_issues,
        version,
        updated_at: updated.map(crate::helpers::fmt_datetime),
        files: files
            .into_iter()
            .map(|f| BriefingFile { id: f.0, name: f.1, size: f.2 as i64, at: crate::helpers::fmt_datetime(f.3) })
            .collect(),
    })
}

/// Saves the situation note (optimistic versioning: `version` is the one read, 0 when
/// there was none). The members expected at the meeting are told.
#[server(endpoint = "meetings/briefing")]
pub async fn save_briefing(
    meeting_id: i64,
    version: String,
    socio_economic: Option<String>,
    defence_security: Option<String>,
    party_building: Option<String>,
    local_issues: Option<String>,
) -> Result<(), AppError> {
    respond(async move {
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
            sqlx::query(
                "INSERT INTO briefings (meeting_id, city_id, socio_economic, defence_security, party_building, local_issues, updated_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (meeting_id) DO NOTHING",
            )
            .bind(meeting_id)
            .bind(me.city_id)
            .bind(&socio)
            .bind(&defence)
            .bind(&party)
            .bind(&issues)
            .bind(me.account_id)
            .execute(&mut *tx)
            .await?
        } else {
            sqlx::query(
                "UPDATE briefings SET socio_economic = $3, defence_security = $4, party_building = $5, local_issues = $6,
                        updated_by = $7, updated_at = now(), version = version + 1
                 WHERE meeting_id = $1 AND version = $2",
            )
            .bind(meeting_id)
            .bind(version)
            .bind(&socio)
            .bind(&defence)
            .bind(&party)
            .bind(&issues)
            .bind(me.account_id)
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
        let meeting: Option<i64> = sqlx::query_scalar("SELECT meeting_id FROM meeting_files WHERE id = $1 AND city_id = $2 AND deleted_at IS NULL")
            .bind(id)
            .bind(me.city_id)
            .fetch_optional(&pool)
            .await?;
        let meeting = meeting.ok_or_else(AppError::not_found)?;
        let (_, rel) = load_meeting(&pool, &me, meeting).await?;
        if !can(&me, rel, MeetingAction::Enter) {
            return Err(AppError::forbidden());
        }
        let mut tx = pool.begin().await?;
        sqlx::query("UPDATE meeting_files SET deleted_at = now(), deleted_by = $2 WHERE id = $1").bind(id).bind(me.account_id).execute(&mut *tx).await?;
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

/// The signed-in account of a plain (non-server-function) request.
#[cfg(feature = "ssr")]
async fn me_of(pool: &PgPool, headers: &axum::http::HeaderMap) -> Option<Me> {
    let token = crate::server::header_cookie(headers, crate::auth::session::COOKIE)?;
    crate::auth::session::me_for_token(pool, &token).await.ok().flatten()
}

/// POST /upload/meeting-file (multipart: meeting_id, file). A plain form: the browser is
/// sent back to the meeting's page with the outcome; a script gets the status.
#[cfg(feature = "ssr")]
pub async fn upload(
    axum::extract::State(pool): axum::extract::State<PgPool>,
    headers: axum::http::HeaderMap,
    mut multipart: axum::extract::Multipart,
) -> axum::response::Response {
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Redirect};
    let Some(me) = me_of(&pool, &headers).await else { return StatusCode::UNAUTHORIZED.into_response() };
    let html = headers.get(axum::http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    let mut meeting: Option<i64> = None;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut too_large = false;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("meeting_id") => meeting = field.text().await.ok().and_then(|t| t.trim().parse().ok()),
                Some("file") => {
                    let name = field.file_name().unwrap_or("tep").to_string();
                    match field.bytes().await {
                        Ok(b) => file = Some((name, b.to_vec())),
                        Err(_) => too_large = true,
                    }
                }
                _ => {}
            },
            Ok(None) => break,
            Err(_) => {
                too_large = true;
                break;
            }
        }
    }
    let Some(meeting) = meeting else { return (StatusCode::BAD_REQUEST, axum::Json(AppError::invalid(Msg::BadRequest))).into_response() };
    let answer = |result: Result<(), AppError>| {
        let to = match &result {
            Ok(()) => format!("/meetings/{meeting}?saved=1"),
            Err(e) => format!("/meetings/{meeting}?file_err={}", crate::server::url_encode(&serde_json::to_string(&e.msg).unwrap_or_default())),
        };
        match (html, result) {
            (true, _) => Redirect::to(&to).into_response(),
            (false, Ok(())) => StatusCode::OK.into_response(),
            (false, Err(e)) => (StatusCode::from_u16(e.kind.status()).unwrap_or(StatusCode::BAD_REQUEST), axum::Json(e)).into_response(),
        }
    };
    let allowed = match load_meeting(&pool, &me, meeting).await {
        Ok((_, rel)) => can(&me, rel, MeetingAction::Enter),
        Err(e) => return answer(Err(e)),
    };
    if !allowed {
        return answer(Err(AppError::forbidden()));
    }
    if too_large {
        return answer(Err(AppError::field("file", Msg::FileTooLarge)));
    }
    let Some((name, bytes)) = file.filter(|f| !f.1.is_empty()) else { return answer(Err(AppError::field("file", Msg::Required))) };
    if bytes.len() > MAX_FILE_BYTES {
        return answer(Err(AppError::field("file", Msg::FileTooLarge)));
    }
    let Some((content_type, ext)) = sniff(&bytes, &name) else { return answer(Err(AppError::field("file", Msg::FileType))) };
    // the name as shown: its last path part, without control characters, with the right extension
    let base: String = name.rsplit(['/', '\\']).next().unwrap_or("tep").chars().filter(|c| !c.is_control()).take(120).collect();
    let stem = base.rsplit_once('.').map(|(s, _)| s.to_string()).unwrap_or(base);
    let shown = format!("{}.{ext}", if stem.trim().is_empty() { "tep" } else { stem.trim() });
    let digest = {
        use sha2::{Digest, Sha256};
        hex::encode(Sha256::digest(&bytes))
    };
    let saved: AppResult<()> = async {
        let mut tx = pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO meeting_files (city_id, meeting_id, file_name, content_type, size_bytes, sha256, data, uploaded_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(me.city_id)
        .bind(meeting)
        .bind(&shown)
        .bind(content_type)
        .bind(bytes.len() as i32)
        .bind(&digest)
        .bind(&bytes)
        .bind(me.account_id)
        .fetch_one(&mut *tx)
        .await?;
        let entry = audit::Entry {
            city_id: me.city_id,
            account_id: Some(me.account_id),
            action: "attach_file",
            entity: audit::Entity::Meeting,
            id: meeting,
            before: None,
            after: Some(serde_json::json!({ "file_id": id, "name": shown, "bytes": bytes.len(), "sha256": digest })),
            reason: None,
        };
        audit::write(&mut tx, entry).await?;
        super::notices::notify_meeting(&mut tx, meeting, "briefing", &[]).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    answer(saved)
}

/// GET /files/{id}: a briefing file, to those who may see its meeting. Sent as a download
/// (images and PDF inline), never sniffed or run by the browser.
#[cfg(feature = "ssr")]
pub async fn download(
    axum::extract::State(pool): axum::extract::State<PgPool>,
    axum::extract::Path(id): axum::extract::Path<String>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    let Some(me) = me_of(&pool, &headers).await else { return StatusCode::UNAUTHORIZED.into_response() };
    let Ok(id) = id.parse::<i64>() else { return StatusCode::NOT_FOUND.into_response() };
    let row: Result<Option<(i64, String, String, Vec<u8>)>, sqlx::Error> = sqlx::query_as(
        "SELECT meeting_id, file_name, content_type, data FROM meeting_files WHERE id = $1 AND city_id = $2 AND deleted_at IS NULL",
    )
    .bind(id)
    .bind(me.city_id)
    .fetch_optional(&pool)
    .await;
    let Ok(Some((meeting, name, content_type, data))) = row else { return StatusCode::NOT_FOUND.into_response() };
    match load_meeting(&pool, &me, meeting).await {
        Ok((_, rel)) if can(&me, rel, MeetingAction::Read) => {}
        Ok(_) => return StatusCode::FORBIDDEN.into_response(),
        Err(e) => return StatusCode::from_u16(e.kind.status()).unwrap_or(StatusCode::NOT_FOUND).into_response(),
    }
    let inline = content_type.starts_with("image/") || content_type == "application/pdf";
    let ascii: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
    let disposition = format!(
        "{}; filename=\"{ascii}\"; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        crate::helpers::url_component(&name)
    );
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'".to_string()),
        ],
        data,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_kinds_come_from_their_bytes() {
        assert_eq!(sniff(b"%PDF-1.7 ...", "a.pdf").unwrap().1, "pdf");
        assert_eq!(sniff(b"%PDF-1.7 ...", "a.exe").unwrap().1, "pdf", "the bytes decide, and the name gets .pdf");
        assert_eq!(sniff(b"PK\x03\x04....", "bao-cao.docx").unwrap().1, "docx");
        assert!(sniff(b"PK\x03\x04....", "virus.zip").is_none());
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0], "anh.jpg").unwrap().1, "jpg");
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...", "anh.png").unwrap().1, "png");
        assert!(sniff(b"MZ\x90\x00", "a.pdf").is_none());
        assert!(sniff(b"<html>", "a.png").is_none());
    }
}
