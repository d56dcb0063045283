//! Files people attach (a briefing's, a body's answer's): read from a plain multipart
//! form, their kind checked from their bytes (never from the name sent), kept in Postgres
//! with their record (one backup holds everything), and served as downloads the browser
//! never sniffs or runs.

use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

/// The largest file one may attach.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// The kind of a file from its first bytes: (content type, extension), or None for a type
/// that is refused (PDF, DOCX, JPG, PNG are taken).
pub fn sniff(bytes: &[u8], _name: &str) -> Option<(&'static str, &'static str)> {
    // by the bytes alone (the `infer` crate's signatures): a ZIP named .docx is no Word
    // document, a PDF named .docx is a PDF
    if infer::archive::is_pdf(bytes) {
        Some(("application/pdf", "pdf"))
    } else if is_word_document(bytes) {
        Some(("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"))
    } else if infer::image::is_jpeg(bytes) {
        Some(("image/jpeg", "jpg"))
    } else if infer::image::is_png(bytes) {
        Some(("image/png", "png"))
    } else {
        None
    }
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
    /// The form could not be read (a broken part header, a file name that is not text).
    unreadable: bool,
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
                        if crate::server::guard::has_control_chars(&name) || name.contains('\u{FFFD}') {
                            up.unreadable = true;
                            break;
                        }
                        match field.bytes().await {
                            Ok(b) => up.file = Some((name, b.to_vec())),
                            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => up.too_large = true,
                            Err(_) => up.unreadable = true,
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
                Err(e) => {
                    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                        up.too_large = true;
                    } else {
                        up.unreadable = true;
                    }
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
        if self.unreadable {
            return Err(AppError::field("file", Msg::BadFileName));
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

/// A Word document (OOXML): a ZIP whose parts are a Word document's, its content types and
/// its main part `word/document.xml` (any other ZIP renamed .docx is not one).
fn is_word_document(bytes: &[u8]) -> bool {
    if !infer::archive::is_zip(bytes) {
        return false;
    }
    match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(archive) => {
            archive.index_for_name("[Content_Types].xml").is_some() && archive.index_for_name("word/document.xml").is_some()
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_kinds_come_from_their_bytes() {
        assert_eq!(sniff(b"%PDF-1.7 ...", "a.pdf").unwrap().1, "pdf");
        assert_eq!(sniff(b"%PDF-1.7 ...", "a.exe").unwrap().1, "pdf", "the bytes decide, and the name gets .pdf");
        assert!(sniff(b"PK\x03\x04....", "bao-cao.docx").is_none(), "a ZIP named .docx is no Word document");
        assert!(sniff(b"PK\x03\x04....", "virus.zip").is_none());
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0], "anh.jpg").unwrap().1, "jpg");
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...", "anh.png").unwrap().1, "png");
        assert!(sniff(b"MZ\x90\x00", "a.pdf").is_none());
        assert!(sniff(b"<html>", "a.png").is_none());
    }

    fn zip(entries: &[&str]) -> Vec<u8> {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for e in entries {
            w.start_file(*e, zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(b"<x/>").unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn kinds_from_the_bytes() {
        assert_eq!(sniff(b"%PDF-1.4 x", "a.docx").map(|k| k.1), Some("pdf"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0], "a.pdf").map(|k| k.1), Some("jpg"));
        assert_eq!(sniff(b"MZ\x90\x00", "a.pdf"), None);
        // a Word document: its parts say so
        let docx = zip(&["[Content_Types].xml", "_rels/.rels", "word/document.xml"]);
        assert_eq!(sniff(&docx, "bao-cao.docx").map(|k| k.1), Some("docx"));
        // any other ZIP named .docx is refused
        assert_eq!(sniff(&zip(&["a.txt"]), "bao-cao.docx"), None);
    }
}

/// The body limit of a route that takes one uploaded file (`MAX_FILE_BYTES` and the form
/// around it).
pub fn upload_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(MAX_FILE_BYTES + 64 * 1024)
}
