//! The one error type of the app. It crosses the wire from server functions to the
//! browser, so it is plain serde data: a kind (which decides the HTTP status), a message
//! key (translated by the i18n layer, Vietnamese first) and the form field it belongs to.
//! Internal details are logged on the server and never sent.

use crate::i18n::Msg;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    /// Bad input: a field is empty, too long, refers to something that does not fit.
    Invalid,
    /// Nobody is signed in.
    Unauthenticated,
    /// Signed in, but this role or scope may not do it.
    Forbidden,
    NotFound,
    /// Someone else saved the record since it was read (optimistic versioning).
    Conflict,
    /// Too many failed sign-ins.
    TooManyRequests,
    /// The database cannot be reached for a moment (a restart): 503 with Retry-After.
    Unavailable,
    Internal,
}

impl ErrorKind {
    pub fn status(self) -> u16 {
        match self {
            ErrorKind::Invalid => 422,
            ErrorKind::Unauthenticated => 401,
            ErrorKind::Forbidden => 403,
            ErrorKind::NotFound => 404,
            ErrorKind::Conflict => 409,
            ErrorKind::TooManyRequests => 429,
            ErrorKind::Unavailable => 503,
            ErrorKind::Internal => 500,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("{kind:?}: {msg:?} ({field:?})")]
pub struct AppError {
    pub kind: ErrorKind,
    pub msg: Msg,
    /// The name of the form field that caused it, so the form can show the message
    /// next to that field.
    pub field: Option<String>,
    /// More field errors of the same submission (a grid answers every row's errors at
    /// once, not only the first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<(String, Msg)>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(kind: ErrorKind, msg: Msg) -> Self {
        Self { kind, msg, field: None, also: Vec::new() }
    }
    pub fn field(field: &str, msg: Msg) -> Self {
        Self { kind: ErrorKind::Invalid, msg, field: Some(field.to_string()), also: Vec::new() }
    }
    /// Several field errors at once (the first is the main one); None when there are none.
    pub fn fields(mut errors: Vec<(String, Msg)>) -> Option<Self> {
        if errors.is_empty() {
            return None;
        }
        let (field, msg) = errors.remove(0);
        Some(Self { kind: ErrorKind::Invalid, msg, field: Some(field), also: errors })
    }
    pub fn invalid(msg: Msg) -> Self {
        Self::new(ErrorKind::Invalid, msg)
    }
    pub fn forbidden() -> Self {
        Self::new(ErrorKind::Forbidden, Msg::Forbidden)
    }
    pub fn unauthenticated() -> Self {
        Self::new(ErrorKind::Unauthenticated, Msg::SignInRequired)
    }
    pub fn not_found() -> Self {
        Self::new(ErrorKind::NotFound, Msg::NotFound)
    }
    pub fn conflict() -> Self {
        Self::new(ErrorKind::Conflict, Msg::Conflict)
    }
    pub fn internal() -> Self {
        Self::new(ErrorKind::Internal, Msg::Internal)
    }
    /// The same error said of one item of a selection ("Recommendation #12: …").
    pub fn in_item(self, id: i64) -> Self {
        Self { msg: Msg::InItem(id, Box::new(self.msg)), ..self }
    }
    /// The message for a given field, if this error belongs to it.
    pub fn for_field(&self, name: &str) -> Option<&Msg> {
        if self.field.as_deref() == Some(name) {
            return Some(&self.msg);
        }
        self.also.iter().find(|(f, _)| f == name).map(|(_, m)| m)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // A request the server could not even decode (a missing or malformed form
            // field) is the caller's fault, not the server's.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => {
                // It never reached the function's body, so set the status here.
                #[cfg(feature = "ssr")]
                if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                    options.set_status(http::StatusCode::BAD_REQUEST);
                }
                AppError::invalid(Msg::BadRequest)
            }
            _ => AppError::new(ErrorKind::Internal, Msg::Network),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::RowNotFound = e {
            return AppError::not_found();
        }
        if is_unavailable(&e) {
            tracing::warn!(error = %e, "database unavailable");
            return AppError::new(ErrorKind::Unavailable, Msg::Unavailable);
        }
        tracing::error!(error = %e, "database error");
        AppError::internal()
    }
}

/// An error as a plain route (export, upload, file) answers it: its status (503 with
/// `Retry-After`), and its message in the caller's language: a line of text for a browser,
/// the app's JSON error for a script.
#[cfg(feature = "ssr")]
pub struct Refusal {
    pub err: AppError,
    lang: crate::i18n::Lang,
    html: bool,
}

#[cfg(feature = "ssr")]
impl Refusal {
    pub fn to(parts: &http::request::Parts, err: AppError) -> Self {
        let lang = crate::i18n::Lang::from_code(&crate::server::header_cookie(&parts.headers, "lang").unwrap_or_default());
        let html = parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
        Refusal { err, lang, html }
    }
}

#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for Refusal {
    fn into_response(self) -> axum::response::Response {
        if !self.html {
            return self.err.into_response();
        }
        let status = http::StatusCode::from_u16(self.err.kind.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = (status, [(http::header::CONTENT_TYPE, "text/plain; charset=utf-8")], self.err.msg.text(self.lang)).into_response();
        if self.err.kind == ErrorKind::Unavailable {
            res.headers_mut().insert(http::header::RETRY_AFTER, http::HeaderValue::from_static("1"));
        }
        res
    }
}

/// The app's JSON error with its status (for scripts and the server functions' callers).
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.kind.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let unavailable = self.kind == ErrorKind::Unavailable;
        let mut res = (status, axum::Json(self)).into_response();
        if unavailable {
            res.headers_mut().insert(http::header::RETRY_AFTER, http::HeaderValue::from_static("1"));
        }
        res
    }
}

/// The database is out of reach for a moment (restarting, shutting down, the pool's
/// connections gone): the request may be sent again in a second, unlike a real error.
#[cfg(feature = "ssr")]
pub fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|c| {
            // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, class 08 connection
            matches!(c.as_ref(), "57P01" | "57P02" | "57P03") || c.starts_with("08")
        }),
        _ => false,
    }
}

/// Turns a refusal by a named database constraint into the error given for it (usually
/// a field error), and passes any other error through. Postgres enforces the rule; this
/// only translates its refusal.
#[cfg(feature = "ssr")]
pub fn on_constraints<T>(r: Result<T, sqlx::Error>, map: &[(&str, AppError)]) -> AppResult<T> {
    match r {
        Ok(v) => Ok(v),
        Err(sqlx::Error::Database(db)) => {
            if let Some((_, err)) = map.iter().find(|(name, _)| db.constraint() == Some(*name)) {
                Err(err.clone())
            } else {
                Err(sqlx::Error::Database(db).into())
            }
        }
        Err(e) => Err(e.into()),
    }
}
