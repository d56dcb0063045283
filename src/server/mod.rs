//! Server-only plumbing shared by every server function: the pool, the status code of a
//! refusal, the audit log, and small parsing helpers for form input.

pub mod admin;
pub mod audit;
pub mod bench;
pub mod router;

pub use router::router;
pub mod input;

use crate::error::{AppError, AppResult};
use leptos::prelude::*;
use sqlx::PgPool;
use std::future::Future;

/// The pool, provided to every server function and page render by `main.rs`.
pub fn pool() -> AppResult<PgPool> {
    use_context::<PgPool>().ok_or_else(|| {
        tracing::error!("no database pool in context");
        AppError::internal()
    })
}

/// Runs a server function's body and, when it fails, answers with the HTTP status that
/// matches the error's kind (a refusal is a 4xx, never a 200 or a 500).
///
/// A plain HTML form post (before the wasm has loaded, `Accept: text/html`) is sent back
/// to the page it came from instead, with the error in the query (`err`, `err_fn`), so
/// the page renders the message next to the field, as the hydrated form would.
pub async fn respond<T>(body: impl Future<Output = AppResult<T>>) -> AppResult<T> {
    let options = use_context::<leptos_axum::ResponseOptions>();
    let parts = request_parts();
    let result = body.await;
    if let (Err(e), Some(options)) = (&result, options) {
        match parts.as_ref().and_then(|p| form_post_back(p, e)) {
            Some(location) => {
                options.set_status(http::StatusCode::SEE_OTHER);
                options.insert_header(http::header::LOCATION, location);
            }
            None => {
                if let Ok(status) = http::StatusCode::from_u16(e.kind.status()) {
                    options.set_status(status);
                }
            }
        }
    }
    result
}

/// Where a plain form post that failed goes back to: its page, with the error attached.
fn form_post_back(parts: &http::request::Parts, e: &AppError) -> Option<http::HeaderValue> {
    let accepts_html = parts
        .headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if !accepts_html {
        return None;
    }
    let referer = parts.headers.get(http::header::REFERER)?.to_str().ok()?;
    // Only a path on this site: drop scheme and host.
    let path = match referer.split_once("://") {
        Some((_, rest)) => rest.find('/').map(|i| &rest[i..]).unwrap_or("/"),
        None => referer,
    };
    if !path.starts_with('/') || path.starts_with("//") {
        return None;
    }
    let (base, query) = path.split_once('?').unwrap_or((path, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("err=") && !kv.starts_with("err_fn=") && !kv.starts_with("saved="))
        .collect();
    let json = serde_json::to_string(e).ok()?;
    let mut target = format!("{base}?");
    for kv in kept {
        target.push_str(kv);
        target.push('&');
    }
    target.push_str(&format!("err={}&err_fn={}", url_encode(&json), url_encode(parts.uri.path())));
    http::HeaderValue::from_str(&target).ok()
}

/// Percent-encodes everything but unreserved characters.
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The request's headers (page render or server function call).
pub fn request_parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

pub fn cookie(parts: &http::request::Parts, name: &str) -> Option<String> {
    header_cookie(&parts.headers, name)
}

/// A cookie's value from request headers.
pub fn header_cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}
