//! Files people attach (a briefing's, a body's answer's): read from a plain multipart
//! form, their kind checked from their bytes (never from the name sent), kept in Postgres
//! with their record (one backup holds everything), and served as downloads the browser
//! never sniffs or runs.

use crate::auth::Me;
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use sqlx::PgPool;

/// The largest file one may attach.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// The kind of a file from its first bytes: (content type, extension), or None for a type
/// that is refused (PDF, DOCX, JPG, PNG are taken).
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

/// The signed-in account of a plain (non-server-function) request.
pub async fn me_of(pool: &PgPool, headers: &HeaderMap) -> Option<Me> {
    let token = crate::server::header_cookie(headers, crate::auth::session::COOKIE)?;
    crate::auth::session::me_for_token(pool, &token).await.ok().flatten()
}

/// Whether the caller is a browser's plain form (it is sent back to a page) or a script
/// (it gets the status).
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"))
}

/// What a multipart form sent: its text fields and its one file (named `file`).
#[derive(Default)]
pub struct Upload {
    fields: Vec<(String, String)>,
    file: Option<(String, Vec<u8>)>,
    too_large: bool,
}

/// A file that passed the checks, ready to be stored.
pub struct Checked {
    /// The name as shown: its last path part, without control characters, with the
    /// extension of its kind.
    pub name: String,
    pub content_type: &'static str,
    pub sha256: String,
    pub bytes: Vec<u8>,
}

impl Upload {
    pub async fn read(mut multipart: axum::extract::Multipart) -> Upload {
        let mut up = Upload::default();
        loop {
            match multipart.next_field().await {
                Ok(Some(field)) => match field.name().map(str::to_string) {
                    Some(n) if n == "file" => {
                        let name = field.file_name().unwrap_or("tep").to_string();
                        match field.bytes().await {
                            Ok(b) => up.file = Some((name, b.to_vec())),
                            Err(_) => up.too_large = true,
                        }
                    }
                    Some(n) => {
                        if let Ok(t) = field.text().await {
                            up.fields.push((n, t));
                        }
                    }
                    None => {}
                },
                Ok(None) => break,
                Err(_) => {
                    up.too_large = true;
                    break;
                }
            }
        }
        up
    }

    /// A text field, as an id.
    pub fn id(&self, name: &str) -> Option<i64> {
        self.fields.iter().find(|(n, _)| n == name).and_then(|(_, v)| v.trim().parse().ok())
    }

    /// The file, checked: present, within the size, of a kind that is taken.
    pub fn checked(self) -> AppResult<Checked> {
        if self.too_large {
            return Err(AppError::field("file", Msg::FileTooLarge));
        }
        let Some((name, bytes)) = self.file.filter(|f| !f.1.is_empty()) else {
            return Err(AppError::field("file", Msg::Required));
        };
        if bytes.len() > MAX_FILE_BYTES {
            return Err(AppError::field("file", Msg::FileTooLarge));
        }
        let Some((content_type, ext)) = sniff(&bytes, &name) else {
            return Err(AppError::field("file", Msg::FileType));
        };
        let base: String = name.rsplit(['/', '\\']).next().unwrap_or("tep").chars().filter(|c| !c.is_control()).take(120).collect();
        let stem = base.rsplit_once('.').map(|(s, _)| s.to_string()).unwrap_or(base);
        let shown = format!("{}.{ext}", if stem.trim().is_empty() { "tep" } else { stem.trim() });
        let sha256 = {
            use sha2::{Digest, Sha256};
            hex::encode(Sha256::digest(&bytes))
        };
        Ok(Checked { name: shown, content_type, sha256, bytes })
    }
}

/// The answer to an upload: a browser goes to `page` (with `saved=1`, or the error in
/// `file_err`); a script gets the status (and the error as JSON).
pub fn answer(html: bool, page: &str, result: AppResult<()>) -> Response {
    let sep = if page.contains('?') { '&' } else { '?' };
    match (html, result) {
        (true, Ok(())) => Redirect::to(&format!("{page}{sep}saved=1")).into_response(),
        (true, Err(e)) => Redirect::to(&format!(
            "{page}{sep}file_err={}",
            crate::server::url_encode(&serde_json::to_string(&e.msg).unwrap_or_default())
        ))
        .into_response(),
        (false, Ok(())) => StatusCode::OK.into_response(),
        (false, Err(e)) => (StatusCode::from_u16(e.kind.status()).unwrap_or(StatusCode::BAD_REQUEST), axum::Json(e)).into_response(),
    }
}

/// A stored file sent back: images and PDF inline, the rest as a download; never cached
/// by shared caches, sandboxed.
pub fn serve(name: &str, content_type: String, data: Vec<u8>) -> Response {
    let inline = content_type.starts_with("image/") || content_type == "application/pdf";
    let ascii: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
    let disposition = format!(
        "{}; filename=\"{ascii}\"; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        crate::helpers::url_component(name)
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
