//! Sessions in Postgres behind an HttpOnly cookie, argon2 password hashes, and the slow
//! down of repeated failed sign-ins. Server only.

use super::{Me, Role};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::i18n::Msg;
use crate::server::{cookie, pool, request_parts};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

pub const COOKIE: &str = "tct_session";
/// A session lasts two weeks from sign-in.
pub const SESSION_DAYS: i64 = 14;
/// Failed sign-ins counted over this window…
pub const FAILURE_WINDOW_MINUTES: i64 = 15;
/// …refuse further tries for one username past this many,
pub const MAX_FAILURES_PER_USER: i64 = 5;
/// …and for one address past this many (several people may share a ward office's address).
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;

/// The signed-in caller of a plain route (exports, uploads, files), read once per request:
/// an axum extractor, the plain routes' twin of `require_me()`. Without a session the
/// route answers 401; with the database out of reach 503 (never a 401 for that), in the
/// caller's language (`error::Refusal`).
pub struct Caller(pub Me);

/// Who sent this request, read once by the `identify` middleware (`server::router`) into
/// the request's extensions, where the page guard, the `Caller` extractor and
/// `current_me()` (pages and server functions, through the Leptos context's request parts)
/// all find it. Absent when the request was not looked up (a static file) or the database
/// was out of reach: then each reader looks the session up itself and answers 503 on error.
#[derive(Clone, Debug)]
pub struct Identity(pub Option<Me>);

/// The caller of a request: the identity read by the middleware, else a lookup.
pub async fn identify(pool: &PgPool, parts: &http::request::Parts) -> AppResult<Option<Me>> {
    if let Some(Identity(me)) = parts.extensions.get::<Identity>() {
        return Ok(me.clone());
    }
    match crate::server::header_cookie(&parts.headers, COOKIE) {
        Some(token) => me_for_token(pool, &token).await,
        None => Ok(None),
    }
}

impl<S> axum::extract::FromRequestParts<S> for Caller
where
    S: Send + Sync,
    PgPool: axum::extract::FromRef<S>,
{
    type Rejection = crate::error::Refusal;

    async fn from_request_parts(parts: &mut http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        let pool = <PgPool as axum::extract::FromRef<S>>::from_ref(state);
        match identify(&pool, parts).await {
            Ok(Some(me)) => Ok(Caller(me)),
            Ok(None) => Err(crate::error::Refusal::to(parts, AppError::unauthenticated())),
            Err(e) => Err(crate::error::Refusal::to(parts, e)),
        }
    }
}

pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| AppError::internal())
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// A strong-enough password: 8+ characters with letters and digits.
pub fn check_password_strength(field: &str, password: &str) -> AppResult<()> {
    let long = password.chars().count() >= 8 && password.chars().count() <= 200;
    let letters = password.chars().any(|c| c.is_alphabetic());
    let digits = password.chars().any(|c| c.is_ascii_digit());
    if long && letters && digits {
        Ok(())
    } else {
        Err(AppError::field(field, Msg::WeakPassword))
    }
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Is the site served over HTTPS to this request? Yes when COOKIE_SECURE=1 (the site is
/// only ever served over HTTPS), or when a trusted proxy (TRUST_PROXY=1) says the browser
/// spoke HTTPS to it (`X-Forwarded-Proto: https`), or the request itself was HTTPS.
pub fn served_over_https(parts: Option<&http::request::Parts>) -> bool {
    let env_on = |name: &str| std::env::var(name).is_ok_and(|v| v == "1" || v == "true");
    if env_on("COOKIE_SECURE") {
        return true;
    }
    let Some(parts) = parts else { return false };
    if parts.uri.scheme_str() == Some("https") {
        return true;
    }
    env_on("TRUST_PROXY")
        && parts
            .headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

/// The session cookie: HttpOnly, SameSite=Lax, Secure whenever the site is served over
/// HTTPS, for `days` days (0 clears it).
fn session_cookie_for(token: &str, days: i64) -> String {
    cookie::Cookie::build((COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(served_over_https(request_parts().as_ref()))
        .max_age(cookie::time::Duration::days(days))
        .build()
        .to_string()
}

pub fn session_cookie(token: &str) -> String {
    session_cookie_for(token, SESSION_DAYS)
}

pub fn clear_cookie() -> String {
    session_cookie_for("", 0)
}

/// Records a sign-in attempt (as a failure until it succeeds) and tells whether it is
/// over the limit. Recording first and counting after, each in its own statement, makes
/// the check atomic: of N parallel guesses the k-th to be recorded counts at least k, so
/// no more than the limit ever reach the password check.
async fn reserve_attempt(pool: &PgPool, username: &str, address: &str) -> AppResult<bool> {
    let username: String = username.chars().take(100).collect();
    sqlx::query!("INSERT INTO login_failures (username, address) VALUES ($1, $2)", &username, address)
        .execute(pool)
        .await?;
    let r = sqlx::query!(
        r#"SELECT
            count(*) FILTER (WHERE lower(username) = lower($1)) AS "by_user!",
            count(*) FILTER (WHERE address = $2) AS "by_address!"
         FROM login_failures
         WHERE at > now() - make_interval(mins => $3::int)
           AND (lower(username) = lower($1) OR address = $2)"#,
        &username,
        address,
        FAILURE_WINDOW_MINUTES as i32,
    )
    .fetch_one(pool)
    .await?;
    Ok(r.by_user > MAX_FAILURES_PER_USER || r.by_address > MAX_FAILURES_PER_ADDRESS)
}

/// Deletes expired sessions and failed sign-ins older than a day. `serve` runs it hourly.
pub async fn purge(pool: &PgPool) -> AppResult<(u64, u64)> {
    let sessions = sqlx::query!("DELETE FROM sessions WHERE expires_at <= now()").execute(pool).await?.rows_affected();
    let failures = sqlx::query!("DELETE FROM login_failures WHERE at < now() - interval '1 day'")
        .execute(pool)
        .await?
        .rows_affected();
    Ok((sessions, failures))
}

/// Checks a username and password. Returns the account id, or BadLogin for every kind of
/// failure (unknown user, wrong password, disabled account) so none can be told apart.
pub async fn authenticate(pool: &PgPool, username: &str, password: &str, address: &str) -> AppResult<i64> {
    if reserve_attempt(pool, username, address).await? {
        return Err(AppError::new(ErrorKind::TooManyRequests, Msg::TooManyAttempts));
    }
    let row = sqlx::query!("SELECT id, password_hash, disabled FROM accounts WHERE lower(username) = lower($1)", username)
        .fetch_optional(pool)
        .await?;
    // Hash even for an unknown user, so the answer takes as long either way.
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = match &row {
        Some(r) => r.password_hash.clone(),
        None => DUMMY.get_or_init(|| hash_password("not a password 0").unwrap_or_default()).clone(),
    };
    let pw = password.to_string();
    let ok = tokio::task::spawn_blocking(move || verify_password(&pw, &hash))
        .await
        .unwrap_or(false);
    match row {
        Some(r) if !r.disabled && ok => {
            // A success clears the account's failures (this attempt's row with them).
            sqlx::query!("DELETE FROM login_failures WHERE lower(username) = lower($1)", username)
                .execute(pool)
                .await?;
            Ok(r.id)
        }
        // The attempt's row stays: it was a failure.
        _ => Err(AppError { kind: ErrorKind::Unauthenticated, msg: Msg::BadLogin, field: Some("password".into()), also: vec![] }),
    }
}

/// Opens a session and returns the cookie token (never stored in clear).
pub async fn open_session(pool: &PgPool, account_id: i64) -> AppResult<String> {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    sqlx::query!(
        "INSERT INTO sessions (token_hash, account_id, expires_at)
         VALUES ($1, $2, now() + make_interval(days => $3::int))",
        token_hash(&token),
        account_id,
        SESSION_DAYS as i32,
    )
    .execute(pool)
    .await?;
    Ok(token)
}

pub async fn close_session(pool: &PgPool, token: &str) -> AppResult<()> {
    sqlx::query!("DELETE FROM sessions WHERE token_hash = $1", token_hash(token))
        .execute(pool)
        .await?;
    Ok(())
}

struct MeRow {
    account_id: i64,
    city_id: i64,
    person_id: Option<i64>,
    username: String,
    display_name: String,
    role: String,
    scope_unit_id: Option<i64>,
    scope_unit_name: Option<String>,
    scope_ward_id: Option<i64>,
}

/// The account behind a session token, if the session is live and the account enabled.
pub async fn me_for_token(pool: &PgPool, token: &str) -> AppResult<Option<Me>> {
    let row: Option<MeRow> = sqlx::query_as!(
        MeRow,
        r#"SELECT a.id AS account_id, a.city_id, a.person_id, a.username,
                COALESCE(p.full_name, a.username) AS "display_name!",
                a.role, a.scope_unit_id, u.name AS "scope_unit_name?",
                CASE WHEN u.kind = 'ward' THEN u.id WHEN up.kind = 'ward' THEN up.id END AS "scope_ward_id?"
         FROM sessions s
         JOIN accounts a ON a.id = s.account_id
         LEFT JOIN people p ON p.id = a.person_id
         LEFT JOIN org_units u ON u.id = a.scope_unit_id
         LEFT JOIN org_units up ON up.id = u.parent_id
         WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT a.disabled"#,
        token_hash(token),
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|r| {
        Some(Me {
            account_id: r.account_id,
            city_id: r.city_id,
            person_id: r.person_id,
            username: r.username,
            display_name: r.display_name,
            role: Role::from_code(&r.role)?,
            scope_unit_id: r.scope_unit_id,
            scope_unit_name: r.scope_unit_name,
            scope_ward_id: r.scope_ward_id,
        })
    }))
}

/// The signed-in account of the current request, if any.
pub async fn current_me() -> AppResult<Option<Me>> {
    let Some(parts) = request_parts() else {
        return Ok(None);
    };
    if let Some(Identity(me)) = parts.extensions.get::<Identity>() {
        return Ok(me.clone());
    }
    if cookie(&parts, COOKIE).is_none() {
        return Ok(None);
    }
    identify(&pool()?, &parts).await
}

/// The signed-in account, or a 401. Every server function starts here.
pub async fn require_me() -> AppResult<Me> {
    current_me().await?.ok_or_else(AppError::unauthenticated)
}
