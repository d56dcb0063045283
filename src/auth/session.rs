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

fn secure_flag() -> &'static str {
    if std::env::var("COOKIE_SECURE").is_ok_and(|v| v == "1" || v == "true") { "; Secure" } else { "" }
}

pub fn session_cookie(token: &str) -> String {
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        SESSION_DAYS * 86_400,
        secure_flag()
    )
}

pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}", secure_flag())
}

/// Too many recent failures for this username or this address?
pub async fn throttled(pool: &PgPool, username: &str, address: &str) -> AppResult<bool> {
    let (by_user, by_address): (i64, i64) = sqlx::query_as(
        "SELECT
            count(*) FILTER (WHERE lower(username) = lower($1)),
            count(*) FILTER (WHERE address = $2)
         FROM login_failures
         WHERE at > now() - make_interval(mins => $3::int)
           AND (lower(username) = lower($1) OR address = $2)",
    )
    .bind(username)
    .bind(address)
    .bind(FAILURE_WINDOW_MINUTES as i32)
    .fetch_one(pool)
    .await?;
    Ok(by_user >= MAX_FAILURES_PER_USER || by_address >= MAX_FAILURES_PER_ADDRESS)
}

pub async fn record_failure(pool: &PgPool, username: &str, address: &str) -> AppResult<()> {
    sqlx::query("INSERT INTO login_failures (username, address) VALUES ($1, $2)")
        .bind(username.chars().take(100).collect::<String>())
        .bind(address)
        .execute(pool)
        .await?;
    Ok(())
}

/// Checks a username and password. Returns the account id, or BadLogin for every kind of
/// failure (unknown user, wrong password, disabled account) so none can be told apart.
pub async fn authenticate(pool: &PgPool, username: &str, password: &str, address: &str) -> AppResult<i64> {
    if throttled(pool, username, address).await? {
        return Err(AppError::new(ErrorKind::TooManyRequests, Msg::TooManyAttempts));
    }
    let row: Option<(i64, String, bool)> =
        sqlx::query_as("SELECT id, password_hash, disabled FROM accounts WHERE lower(username) = lower($1)")
            .bind(username)
            .fetch_optional(pool)
            .await?;
    // Hash even for an unknown user, so the answer takes as long either way.
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = match &row {
        Some(r) => r.1.clone(),
        None => DUMMY.get_or_init(|| hash_password("not a password 0").unwrap_or_default()).clone(),
    };
    let pw = password.to_string();
    let ok = tokio::task::spawn_blocking(move || verify_password(&pw, &hash))
        .await
        .unwrap_or(false);
    match row {
        Some((id, _, false)) if ok => {
            // A success clears the account's failures.
            sqlx::query("DELETE FROM login_failures WHERE lower(username) = lower($1)")
                .bind(username)
                .execute(pool)
                .await?;
            Ok(id)
        }
        _ => {
            record_failure(pool, username, address).await?;
            Err(AppError { kind: ErrorKind::Unauthenticated, msg: Msg::BadLogin, field: Some("password".into()) })
        }
    }
}

/// Opens a session and returns the cookie token (never stored in clear).
pub async fn open_session(pool: &PgPool, account_id: i64) -> AppResult<String> {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, expires_at)
         VALUES ($1, $2, now() + make_interval(days => $3::int))",
    )
    .bind(token_hash(&token))
    .bind(account_id)
    .bind(SESSION_DAYS as i32)
    .execute(pool)
    .await?;
    Ok(token)
}

pub async fn close_session(pool: &PgPool, token: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(pool)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct MeRow {
    account_id: i64,
    city_id: i64,
    person_id: Option<i64>,
    username: String,
    display_name: String,
    role: String,
    scope_unit_id: Option<i64>,
    scope_unit_name: Option<String>,
}

/// The account behind a session token, if the session is live and the account enabled.
pub async fn me_for_token(pool: &PgPool, token: &str) -> AppResult<Option<Me>> {
    let row: Option<MeRow> = sqlx::query_as(
        "SELECT a.id AS account_id, a.city_id, a.person_id, a.username,
                COALESCE(p.full_name, a.username) AS display_name,
                a.role, a.scope_unit_id, u.name AS scope_unit_name
         FROM sessions s
         JOIN accounts a ON a.id = s.account_id
         LEFT JOIN people p ON p.id = a.person_id
         LEFT JOIN org_units u ON u.id = a.scope_unit_id
         WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT a.disabled",
    )
    .bind(token_hash(token))
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
        })
    }))
}

/// The signed-in account of the current request, if any.
pub async fn current_me() -> AppResult<Option<Me>> {
    let Some(token) = request_parts().and_then(|p| cookie(&p, COOKIE)) else {
        return Ok(None);
    };
    me_for_token(&pool()?, &token).await
}

/// The signed-in account, or a 401. Every server function starts here.
pub async fn require_me() -> AppResult<Me> {
    current_me().await?.ok_or_else(AppError::unauthenticated)
}
