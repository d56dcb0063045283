//! Files given with an answer (the body's written reply, a decision): attached by those who
//! may answer the item, while it is with the body or answered; served to those who may see
//! it. Plain routes (a multipart form, a download link). Server only.

use super::api::{load_item, relation};
use super::model::Step;
use super::permissions as perm;
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::server::audit;
use crate::auth::session::Caller;
use crate::server::files::{answer, serve, wants_html, Upload};
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;

/// POST /upload/recommendation-file (multipart: id, file).
pub async fn upload(State(pool): State<PgPool>, Caller(me): Caller, headers: HeaderMap, multipart: Multipart) -> Response {
    let html = wants_html(&headers);
    let up = Upload::read(multipart).await;
    let Some(id) = up.id("id") else { return (StatusCode::BAD_REQUEST, axum::Json(AppError::invalid(Msg::BadRequest))).into_response() };
    let page = format!("/recommendations/{id}");
    let saved: AppResult<()> = async {
        let mut tx = pool.begin().await?;
        let item = load_item(&mut tx, &me, id, true).await?;
        let rel = relation(&mut tx, &me, &item).await?;
        if !perm::can_read(&me, rel) || !perm::can_step(&me, rel, Step::Answer) {
            return Err(AppError::forbidden());
        }
        if !item.status.takes_files() {
            return Err(AppError::invalid(Msg::StepNotNow));
        }
        let file = up.checked()?;
        let file_id: i64 = sqlx::query_scalar!(
            "INSERT INTO recommendation_files (city_id, recommendation_id, file_name, content_type, size_bytes, sha256, data, uploaded_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            me.city_id,
            id,
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
            entity: audit::Entity::Recommendation,
            id,
            before: None,
            after: Some(serde_json::json!({ "file_id": file_id, "name": file.name, "bytes": file.bytes.len(), "sha256": file.sha256 })),
            reason: None,
        };
        audit::write(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    answer(html, &page, saved)
}

/// GET /files/rec/{id}: a file of an answer, to those who may see the item.
pub async fn download(State(pool): State<PgPool>, Caller(me): Caller, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else { return StatusCode::NOT_FOUND.into_response() };
    let found: AppResult<Response> = async {
        let row = sqlx::query!(
            "SELECT recommendation_id, file_name, content_type, data FROM recommendation_files
             WHERE id = $1 AND city_id = $2 AND deleted_at IS NULL",
            id,
            me.city_id,
        )
        .fetch_optional(&pool)
        .await?;
        let r = row.ok_or_else(AppError::not_found)?;
        let (rec, name, content_type, data): (i64, String, String, Vec<u8>) = (r.recommendation_id, r.file_name, r.content_type, r.data);
        let mut conn = pool.acquire().await?;
        let item = load_item(&mut conn, &me, rec, false).await?;
        if !perm::can_read(&me, relation(&mut conn, &me, &item).await?) {
            return Err(AppError::forbidden());
        }
        Ok(serve(&name, content_type, data))
    }
    .await;
    found.unwrap_or_else(|e| StatusCode::from_u16(e.kind.status()).unwrap_or(StatusCode::NOT_FOUND).into_response())
}
