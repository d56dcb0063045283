//! Server-only plumbing shared by every server function: the pool, the status code of a
//! refusal, the audit log, and small parsing helpers for form input.

pub mod admin;
pub mod audit;
pub mod docx;
pub mod files;
pub mod guard;
pub mod jobs;
pub mod router;

pub use router::{router, router_with};
pub mod input;

use crate::error::{AppError, AppResult};
use leptos::prelude::*;
use sqlx::PgPool;
use std::future::Future;

/// Connects to DATABASE_URL (DB_MAX_CONNECTIONS connections, 20 by default), applies
/// the migrations, and fills again the working-day years no admin has changed where the
/// rules now give other days (`workdays::api::refill_unchanged_years`).
pub async fn connect() -> Result<PgPool, String> {
    let url = std::env::var("DATABASE_URL").map_err(|_| "DATABASE_URL is not set".to_string())?;
    // Every statement planned for its own values: the lists' filters are skewed (one city
    // has thousands of open items, another a handful; a word is in every tenth item or in
    // none), and a cached generic plan chosen for one city reads a hundred times too much
    // for another (`bench recs` measured 105 ms against 3 ms). Planning costs under a ms.
    let options = url
        .parse::<sqlx::postgres::PgConnectOptions>()
        .map_err(|e| format!("DATABASE_URL is not a Postgres URL: {e}"))?
        .options([("plan_cache_mode", "force_custom_plan")]);
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(std::env::var("DB_MAX_CONNECTIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(20))
        .connect_with(options)
        .await
        .map_err(|e| format!("cannot connect to the database: {e}"))?;
    sqlx::migrate!("./migrations").run(&pool).await.map_err(|e| format!("migration failed: {e}"))?;
    let refilled = crate::workdays::api::refill_unchanged_years(&pool)
        .await
        .map_err(|e| format!("filling the working-day calendars again failed: {:?}", e.msg))?;
    if refilled > 0 {
        tracing::info!(years = refilled, "working-day calendars filled again from the current rules");
    }
    Ok(pool)
}

/// The pool, provided to every server function and page render by `main.rs`.
pub fn pool() -> AppResult<PgPool> {
    use_context::<PgPool>().ok_or_else(|| {
        tracing::error!("no database pool in context");
        AppError::internal()
    })
}

/// A second pool on the same database whose connections keep a statement's plan
/// (`plan_cache_mode = auto`, Postgres's default), for the statements that are keyed by one
/// id and read the same way whatever it is: the session behind a request, one meeting and
/// its report panel. `pool()` plans every statement again for its values, which the lists'
/// skewed filters need (see `connect`), but on these pages planning was nearly all of the
/// database's work (`end2end/bench/load.mjs`; a meeting's page ran 21 statements in under
/// 1 ms and planned them in 12 ms).
#[derive(Clone)]
pub struct KeptPlans(pub PgPool);

impl KeptPlans {
    /// Connects lazily, with the options and size of `pool`.
    pub fn beside(pool: &PgPool) -> KeptPlans {
        let options = (*pool.connect_options()).clone().options([("plan_cache_mode", "auto")]);
        KeptPlans(sqlx::postgres::PgPoolOptions::new().max_connections(pool.options().get_max_connections()).connect_lazy_with(options))
    }
}

/// The pool whose plans are kept (`KeptPlans`), provided beside `pool()`.
pub fn pool_kept_plans() -> AppResult<PgPool> {
    use_context::<KeptPlans>().map(|k| k.0).ok_or_else(|| {
        tracing::error!("no kept-plans pool in context");
        AppError::internal()
    })
}

/// Holds, until the transaction ends, the lock of one idempotency key (a phone's
/// `client_key`, a report's period): the same first request sent twice at once waits for
/// the first copy to commit, then finds what it stored and is answered as it was, instead
/// of both inserting and the second failing on a unique key.
pub async fn lock_key(tx: &mut sqlx::PgConnection, key: &str) -> AppResult<()> {
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key).execute(&mut *tx).await?;
    Ok(())
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
                if e.kind == crate::error::ErrorKind::Unavailable {
                    options.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from_static("1"));
                }
            }
        }
    }
    result
}

/// Where a plain form post that failed goes back to: its page, with the error attached.
pub(crate) fn form_post_back(parts: &http::request::Parts, e: &AppError) -> Option<http::HeaderValue> {
    // A page being rendered (GET) that calls a server function is not a form post.
    if parts.method != http::Method::POST {
        return None;
    }
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
    for kv in kept.into_iter().filter(|kv| !kv.starts_with("typed=")) {
        target.push_str(kv);
        target.push('&');
    }
    target.push_str(&format!("err={}&err_fn={}", url_encode(&json), url_encode(parts.uri.path())));
    if let Some(typed) = typed_back(parts) {
        target.push_str(&format!("&typed={}", url_encode(&typed)));
    }
    http::HeaderValue::from_str(&target).ok()
}

/// What the refused plain form had typed, so its page shows it again (`ui::typed_value`):
/// short visible texts only (never a password, a version or a key; the report's parts are
/// kept on the phone by offline.js instead), at most 4 KB in all.
fn typed_back(parts: &http::request::Parts) -> Option<String> {
    let posted = parts.extensions.get::<guard::PostedForm>()?;
    if parts.uri.path().ends_with("/reports/save") {
        return None;
    }
    let mut kept: Vec<(&str, &str)> = Vec::new();
    let mut size = 0;
    for (k, v) in &posted.0 {
        let secret = k.contains("password") || k.contains("key") || k == "version" || k.ends_with("id");
        if secret || v.is_empty() || v.chars().count() > 500 || size + v.len() > 4096 {
            continue;
        }
        size += v.len();
        kept.push((k, v));
    }
    (!kept.is_empty()).then(|| serde_json::to_string(&kept).ok()).flatten()
}

/// Percent-encodes everything but unreserved characters and `/` (a query value).
pub fn url_encode(s: &str) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    const QUERY_VALUE: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~').remove(b'/');
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

/// The request's headers (page render or server function call).
pub fn request_parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

pub fn cookie(parts: &http::request::Parts, name: &str) -> Option<String> {
    header_cookie(&parts.headers, name)
}

/// A cookie's value from request headers (the cookie crate parses them).
pub fn header_cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}
