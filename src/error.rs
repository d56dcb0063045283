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
        tracing::error!(error = %e, "database error");
        AppError::internal()
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
