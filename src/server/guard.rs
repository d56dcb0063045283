//! What every request passes before it reaches a page or a server function: a refusal of
//! cross-site posts, a size limit and a well-formedness check of server function bodies,
//! and the security headers of every response. Refusals are the app's JSON error (the
//! browser shows its message) with a 4xx status.

use crate::error::{AppError, ErrorKind};
use crate::i18n::Msg;
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap, HeaderValue, Method, StatusCode};

/// The largest body a server function accepts (uploads, when they come, get routes of
/// their own with their own limit).
pub const MAX_BODY: usize = 1024 * 1024;

fn refuse(status: StatusCode, msg: Msg) -> Response {
    let kind = if status == StatusCode::FORBIDDEN { ErrorKind::Forbidden } else { ErrorKind::Invalid };
    let body = serde_json::to_string(&AppError::new(kind, msg)).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// The host (and port) a URL names: "https://a.b:8/x" → "a.b:8".
fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// A state-changing request sent by a page of another site (cross-site request forgery):
/// its Origin (or, without one, its Referer) names another host than the one it was sent
/// to (the Host header, or the URI's authority under HTTP/2). A request with neither
/// (a script, curl) is not a browser's cross-site post.
pub fn is_cross_site(headers: &HeaderMap, authority: Option<&str>) -> bool {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).or(authority);
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match (source, host) {
        (Some(src), Some(host)) => url_host(src).is_none_or(|h| !h.eq_ignore_ascii_case(host)),
        // "Origin: null" (a sandboxed frame, a file://) is never this site.
        (Some(src), None) => src == "null",
        (None, _) => false,
    }
}

/// Is this form body well formed: UTF-8, and every `%` followed by two hex digits whose
/// decoded bytes are UTF-8 too? (The server function decoder is lenient and would turn a
/// broken body into replacement characters instead of refusing it.)
pub fn well_formed_form(body: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(body) else { return false };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: u8| b.is_ascii_hexdigit();
            if i + 2 >= bytes.len() || !(hex(bytes[i + 1]) && hex(bytes[i + 2])) {
                return false;
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    percent_encoding::percent_decode_str(text).decode_utf8().is_ok()
}

/// A form's or a query's pairs, decoded (`+` is a space). The text must be well formed
/// (see [`well_formed_form`]); a pair that does not decode is left out.
pub fn form_pairs(text: &str) -> Vec<(&str, String)> {
    text.split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            let v = v.replace('+', " ");
            let v = percent_encoding::percent_decode_str(&v).decode_utf8_lossy().into_owned();
            (k, v)
        })
        .collect()
}

/// The name a form field is known by on its page: `note`, or `sections[2][text]` for a
/// list's item (decoded).
fn field_name(raw_key: &str) -> String {
    percent_encoding::percent_decode_str(&raw_key.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// A control character in typed text: every one but tab and line breaks (a textarea sends
/// CR LF). NUL would make Postgres refuse the row (a 500), the others are never typed.
pub fn has_control_chars(v: &str) -> bool {
    v.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// The input layer every form and query passes, whichever way it comes in (a server
/// function, a plain form post, a page's or an export's query): a value holding a control
/// character is refused with a 422 on its field; text typed decomposed (NFD, as some
/// keyboards send it) is stored composed (NFC), so it is found and compared as typed.
/// Answers the field at fault, or the body again with its values composed when one was not.
pub fn check_form(text: &str) -> Result<Option<String>, String> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    let pairs = form_pairs(text);
    if let Some((k, _)) = pairs.iter().find(|(k, v)| has_control_chars(v) || has_control_chars(&field_name(k))) {
        return Err(field_name(k));
    }
    if pairs.iter().all(|(_, v)| is_nfc_quick(v.chars()) == IsNormalized::Yes) {
        return Ok(None);
    }
    let body: Vec<String> = pairs
        .iter()
        .map(|(k, v)| {
            let composed: String = v.nfc().collect();
            format!("{k}={}", percent_encoding::utf8_percent_encode(&composed, percent_encoding::NON_ALPHANUMERIC))
        })
        .collect();
    Ok(Some(body.join("&")))
}

/// What a plain form post sent (decoded), kept in the request for the refusal's way back.
#[derive(Clone, Debug)]
pub struct PostedForm(pub Vec<(String, String)>);

fn accepts_html(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
}

/// The refusal of a value with control characters: next to its field (a field of a list's
/// item, `a[0][b]`, is answered for the form as a whole); a plain form post goes back to
/// its page with the message, as a server function's refusal does.
fn refuse_control_chars(parts: &http::request::Parts, field: String) -> Response {
    let e = if field.contains('[') {
        AppError::invalid(Msg::ControlChars)
    } else {
        AppError::field(&field, Msg::ControlChars)
    };
    if parts.method == Method::POST {
        if let Some(location) = super::form_post_back(parts, &e) {
            return (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response();
        }
    }
    let accepts_html = parts
        .headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if accepts_html {
        // a page or an export asked with such a query: a page that says why
        let lang = crate::i18n::Lang::from_code(&super::header_cookie(&parts.headers, "lang").unwrap_or_default());
        let body = format!(
            "<!DOCTYPE html><html lang=\"{}\"><meta charset=\"utf-8\"><title>422</title><p role=\"alert\">{}</p><p><a href=\"/\">↩</a></p></html>",
            if lang == crate::i18n::Lang::En { "en" } else { "vi" },
            crate::helpers::escape_html(&e.msg.text(lang)),
        );
        return (StatusCode::UNPROCESSABLE_ENTITY, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
    }
    let body = serde_json::to_string(&e).unwrap_or_default();
    (StatusCode::UNPROCESSABLE_ENTITY, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Every state-changing request (POST: the server functions, `/api/…`) comes from this
/// site; a server function's body is at most `MAX_BODY` bytes and a well-formed form; no
/// form or query holds a control character (see [`check_form`]).
pub async fn api_guard(req: Request, next: Next) -> Response {
    let authority = req.uri().authority().map(|a| a.as_str());
    if req.method() != Method::GET && req.method() != Method::HEAD && is_cross_site(req.headers(), authority) {
        return refuse(StatusCode::FORBIDDEN, Msg::CrossSite);
    }
    // every query (pages, exports, files): refused when it holds control characters
    if let Some(query) = req.uri().query() {
        if let Err(field) = check_form(query) {
            let (parts, _) = req.into_parts();
            return refuse_control_chars(&parts, field);
        }
    }
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, Msg::BodyTooLarge);
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        // over the limit, or cut off by the body timeout (see `router`)
        Err(e) if e.to_string().contains("length limit") => return refuse(StatusCode::PAYLOAD_TOO_LARGE, Msg::BodyTooLarge),
        Err(_) => return refuse(StatusCode::REQUEST_TIMEOUT, Msg::Network),
    };
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if is_form && !well_formed_form(&bytes) {
        return refuse(StatusCode::BAD_REQUEST, Msg::BadRequest);
    }
    let mut parts = parts;
    if is_form {
        // well formed, so UTF-8
        let body = match check_form(std::str::from_utf8(&bytes).unwrap_or_default()) {
            Err(field) => return refuse_control_chars(&parts, field),
            Ok(Some(composed)) => axum::body::Bytes::from(composed),
            Ok(None) => bytes,
        };
        // a plain form post: what was typed goes back with a refusal (see `form_post_back`)
        if accepts_html(&parts.headers) {
            let text = std::str::from_utf8(&body).unwrap_or_default();
            let typed = form_pairs(text).into_iter().map(|(k, v)| (field_name(k), v)).collect();
            parts.extensions.insert(PostedForm(typed));
        }
        return next.run(Request::from_parts(parts, Body::from(body))).await;
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// Headers every response carries. (The page's Content-Security-Policy, which needs the
/// page's nonce, is set by the shell.)
pub async fn security_headers(req: Request, next: Next) -> Response {
    let is_pkg = req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !is_pkg && !h.contains_key(header::CACHE_CONTROL) {
        // Pages and answers hold one person's data: never kept by a shared cache, always
        // asked afresh.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    }
    res
}

/// The Content-Security-Policy of a page: scripts and wasm from this site only, the inline
/// hydration scripts by their nonce, no framing.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_well_formed_or_not() {
        assert!(well_formed_form(b""));
        assert!(well_formed_form(b"a=1&b=Ph%C6%B0%E1%BB%9Dng+1"));
        assert!(!well_formed_form(b"a=%zz"));
        assert!(!well_formed_form(b"a=%4"));
        assert!(!well_formed_form(b"a=%"));
        assert!(!well_formed_form(b"a=%FF%FE"));
        assert!(!well_formed_form(&[b'a', b'=', 0xff, 0xfe]));
    }

    #[test]
    fn control_characters_and_decomposed_text() {
        assert_eq!(check_form("a=1&note=ghi+ch%C3%BA%0D%0Ab%09c"), Ok(None), "tab and line breaks are text");
        assert_eq!(check_form("a=1&note=x%00y"), Err("note".into()));
        assert_eq!(check_form("sections%5B0%5D%5Btext%5D=%1B"), Err("sections[0][text]".into()));
        assert_eq!(check_form("q=%C2%85"), Err("q".into()), "C1 controls too");
        // "Phường" decomposed (u + horn, o + horn + grave) comes out composed
        let nfd = "q=Phu%CC%9Bo%CC%9B%CC%80ng&id=1";
        let composed = check_form(nfd).unwrap().expect("rewritten");
        let pairs = form_pairs(&composed);
        assert_eq!(pairs[0], ("q", "Phường".to_string()));
        assert_eq!(pairs[1], ("id", "1".to_string()));
    }

    #[test]
    fn cross_site() {
        let h = |pairs: &[(&'static str, &'static str)]| {
            let mut m = HeaderMap::new();
            for (k, v) in pairs {
                m.insert(*k, HeaderValue::from_static(v));
            }
            m
        };
        assert!(!is_cross_site(&h(&[("host", "a.vn")]), None));
        assert!(!is_cross_site(&h(&[("host", "a.vn"), ("origin", "https://a.vn")]), None));
        assert!(is_cross_site(&h(&[("host", "a.vn"), ("origin", "https://evil.vn")]), None));
        assert!(is_cross_site(&h(&[("host", "a.vn"), ("origin", "null")]), None));
        assert!(is_cross_site(&h(&[("host", "a.vn"), ("referer", "https://evil.vn/x")]), None));
        assert!(!is_cross_site(&h(&[("host", "127.0.0.1:3000"), ("referer", "http://127.0.0.1:3000/org?x=1")]), None));
        assert!(is_cross_site(&h(&[("origin", "https://evil.vn")]), Some("a.vn")), "HTTP/2: the authority");
    }
}
