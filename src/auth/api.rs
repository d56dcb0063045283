//! Sign-in, sign-out, who am I, and the language switch.

use super::Me;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::server::{pool, request_parts, respond};

/// The signed-in account, or None. Pages use it to decide what to show; server
/// functions check for themselves.
#[server(endpoint = "me")]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    respond(super::session::current_me()).await
}

#[cfg(feature = "ssr")]
async fn client_address() -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    if std::env::var("TRUST_PROXY").is_ok_and(|v| v == "1") {
        if let Some(fwd) = request_parts()
            .and_then(|p| p.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()).map(str::to_string))
        {
            if let Some(address) = forwarded_client(&fwd) {
                return address;
            }
        }
    }
    leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|_| "unknown".to_string())
}

/// The client's address in an X-Forwarded-For header set by a trusted proxy: the
/// right-most entry, the one that proxy appended. Entries left of it were sent by the
/// client and could be anything (a guesser would rotate them to dodge the limit).
pub fn forwarded_client(header: &str) -> Option<String> {
    header.rsplit(',').next().map(str::trim).filter(|a| !a.is_empty()).map(|a| a.chars().take(100).collect())
}

/// Only same-site paths are followed after sign-in (no open redirect).
pub fn safe_next(next: &str) -> String {
    // Visible ASCII only: it becomes a Location header, which must never fail to build.
    let visible = next.bytes().all(|b| (0x21..0x7f).contains(&b));
    if visible && next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_string()
    } else {
        "/".to_string()
    }
}

#[server(endpoint = "login")]
pub async fn login(username: String, password: String, next: Option<String>) -> Result<(), AppError> {
    respond(async move {
        use crate::i18n::Msg;
        let username = username.trim().to_lowercase();
        if username.is_empty() {
            return Err(AppError::field("username", Msg::Required));
        }
        if password.is_empty() {
            return Err(AppError::field("password", Msg::Required));
        }
        let pool = pool()?;
        let address = client_address().await;
        let account_id = super::session::authenticate(&pool, &username, &password, &address).await?;
        let token = super::session::open_session(&pool, account_id).await?;
        let options = expect_context::<leptos_axum::ResponseOptions>();
        if let Ok(v) = http::HeaderValue::from_str(&super::session::session_cookie(&token)) {
            options.append_header(http::header::SET_COOKIE, v);
        }
        leptos_axum::redirect(&safe_next(next.as_deref().unwrap_or("/")));
        Ok(())
    })
    .await
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    respond(async move {
        use super::session::{clear_cookie, close_session, COOKIE};
        if let Some(token) = request_parts().and_then(|p| crate::server::cookie(&p, COOKIE)) {
            close_session(&pool()?, &token).await?;
        }
        let options = expect_context::<leptos_axum::ResponseOptions>();
        if let Ok(v) = http::HeaderValue::from_str(&clear_cookie()) {
            options.append_header(http::header::SET_COOKIE, v);
        }
        leptos_axum::redirect("/login");
        Ok(())
    })
    .await
}

/// Switches the interface language (a cookie, so the server renders it too).
#[server(endpoint = "lang")]
pub async fn set_language(lang: String, back: Option<String>) -> Result<(), AppError> {
    let lang = crate::i18n::Lang::from_code(&lang);
    let options = expect_context::<leptos_axum::ResponseOptions>();
    let cookie = cookie::Cookie::build(("lang", lang.code()))
        .path("/")
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::days(365))
        .build()
        .to_string();
    if let Ok(v) = http::HeaderValue::from_str(&cookie) {
        options.append_header(http::header::SET_COOKIE, v);
    }
    leptos_axum::redirect(&safe_next(back.as_deref().unwrap_or("/")));
    Ok(())
}
