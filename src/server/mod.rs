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

/// Runs a server function's body and, when it fails, sets the HTTP status that matches
/// the error's kind (a refusal is a 4xx, never a 200 or a 500).
pub async fn respond<T>(body: impl Future<Output = AppResult<T>>) -> AppResult<T> {
    let options = use_context::<leptos_axum::ResponseOptions>();
    let result = body.await;
    if let (Err(e), Some(options)) = (&result, options) {
        if let Ok(status) = http::StatusCode::from_u16(e.kind.status()) {
            options.set_status(status);
        }
    }
    result
}

/// The request's headers (page render or server function call).
pub fn request_parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

pub fn cookie(parts: &http::request::Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}
