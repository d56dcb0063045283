//! The axum application: pages, server functions, static files, the sign-in guard for
//! pages, and compression. Built here (not in main.rs) so tests and the benchmark run the
//! very same app.

use crate::app::{shell, App};
use crate::auth::session::{me_for_token, Identity, COOKIE};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{post, MethodRouter};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use sqlx::PgPool;
use http::{header, HeaderValue};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::timeout::RequestBodyTimeoutLayer;

/// How long a request's body may take to arrive (`BODY_TIMEOUT_SECS`, 60 by default).
static BODY_TIMEOUT_SECS_DEFAULT: u64 = 60;

pub fn router(pool: PgPool, leptos_options: LeptosOptions) -> Router {
    let kept = super::KeptPlans::beside(&pool);
    router_with(pool, kept, leptos_options)
}

/// The app on `pool` and, for the statements whose plans are kept, `kept` (beside it).
pub fn router_with(pool: PgPool, kept: super::KeptPlans, leptos_options: LeptosOptions) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let (pool, kept) = (pool.clone(), kept.clone());
        move || {
            provide_context(pool.clone());
            provide_context(kept.clone());
        }
    };
    let server_fn_context = context.clone();
    let not_found_context = context.clone();
    let mut app = Router::new()
        .leptos_routes_with_context(&leptos_options, routes, context, {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        // Pages other than /login need a session; server functions check for themselves.
        .route_layer(middleware::from_fn_with_state(kept.0.clone(), require_session));
    for (path, _, route) in plain_routes(&pool) {
        app = app.route_service(path, route);
    }
    app
        .route(
            "/api/{*fn_name}",
            post(move |req: Request<Body>| handle_server_fns_with_context(server_fn_context.clone(), req)),
        )
        .nest_service("/pkg", bundle(&leptos_options))
        // The not-found page is a way in too: it renders with the pool, so a signed-in
        // user's 404 shows his own frame.
        .fallback(leptos_axum::file_and_error_handler_with_context(not_found_context, shell))
        // Server functions are routed by leptos_routes (one route each) and by /api/{*fn_name}:
        // the guard stands in front of both.
        // The caller, read once per request (after the input guard has let it through)
        .layer(middleware::from_fn_with_state(kept.0.clone(), identify))
        .layer(middleware::from_fn(super::guard::api_guard))
        // A client that takes forever to send its body (a slow-loris) is cut off: a phone
        // on a weak network sends a form in seconds, an upload of 10 MB in well under this.
        .layer(RequestBodyTimeoutLayer::new(std::time::Duration::from_secs(
            std::env::var("BODY_TIMEOUT_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(BODY_TIMEOUT_SECS_DEFAULT),
        )))
        .layer(middleware::from_fn(super::guard::security_headers))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .with_state(leptos_options)
}

/// A plain route: its path, the name its rows have in the authorization matrix, and its
/// handler (with its state and limits).
pub type PlainRoute = (&'static str, &'static str, MethodRouter);

/// The plain routes (exports, uploads, files, calendar feeds), each feature's own
/// (`routes()` in its `mod.rs`), each with the name its rows have in the authorization
/// matrix (`tests/it/authz.rs`), which fails for a route that has none. The caller is read
/// by the `auth::session::Caller` extractor (a feed's secret is its own permission).
pub fn plain_routes(pool: &PgPool) -> Vec<PlainRoute> {
    [
        crate::groups::routes(pool),
        crate::recommendations::routes(pool),
        crate::evaluation::routes(pool),
        crate::review::routes(pool),
        crate::calendar::routes(pool),
    ]
    .concat()
}

async fn require_session(State(pool): State<PgPool>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    // Server functions check the session themselves and answer 401 with a message.
    if path == "/login" || path.starts_with("/api/") || path.starts_with("/pkg/") || path.starts_with("/export/")
        || path.starts_with("/ics/") || path.starts_with("/files/") || path.starts_with("/upload/") {
        return next.run(req).await;
    }
    let signed_in = match req.extensions().get::<Identity>() {
        Some(Identity(me)) => me.is_some(),
        None => match crate::server::header_cookie(req.headers(), COOKIE) {
            // The database out of reach is not a signed-out user: 503, try again, not the login page.
            Some(t) => match me_for_token(&pool, &t).await {
                Ok(me) => me.is_some(),
                Err(e) => {
                    let (parts, _) = req.into_parts();
                    return crate::error::Refusal::to(&parts, e).into_response();
                }
            },
            None => false,
        },
    };
    if signed_in {
        next.run(req).await
    } else {
        let target = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let next_param: String = crate::server::url_encode(target);
        Redirect::to(&format!("/login?next={next_param}")).into_response()
    }
}

/// The one way in: the session cookie is read once per request and its account put in
/// the request's extensions (`Identity`), where the page guard, the plain routes'
/// `Caller`, and `require_me()` in pages and server functions find it. Static files (the
/// bundle, `public/`) are not looked up. A database out of reach leaves it unset, and the
/// reader that needs it answers 503.
async fn identify(State(pool): State<PgPool>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let last = path.rsplit('/').next().unwrap_or("");
    let is_static = path.starts_with("/pkg/") || last.contains('.');
    if !is_static {
        let found = match crate::server::header_cookie(req.headers(), COOKIE) {
            Some(token) => me_for_token(&pool, &token).await.map(Identity),
            None => Ok(Identity(None)),
        };
        if let Ok(identity) = found {
            req.extensions_mut().insert(identity);
        }
    }
    next.run(req).await
}

/// The browser bundle (`/pkg`): the brotli or gzip file cargo-leptos compressed at build
/// time when the browser takes it, cached for a year as immutable when the names carry
/// their content's hash (a new build has new names), else revalidated on every use.
fn bundle(options: &LeptosOptions) -> Router {
    let dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let immutable = options.hash_files;
    Router::new()
        .route("/text/{file}", axum::routing::get(browser_text))
        .fallback_service(ServeDir::new(dir).precompressed_br().precompressed_gzip())
        .layer(middleware::from_fn(move |req: Request, next: Next| async move {
            let mut res = next.run(req).await;
            let cache = if immutable && res.status().is_success() { "public, max-age=31536000, immutable" } else { "no-cache" };
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            res.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            res
        }))
}

/// A language's texts for a hydrated page's browser (`/pkg/text/vi-HASH.txt`, see
/// `i18n::catalogue`): part of the bundle, named by its content, and like the bundle
/// compressed once at brotli's best level (on the fly it would be a sixth larger).
async fn browser_text(axum::extract::Path(file): axum::extract::Path<String>, headers: http::HeaderMap) -> Response {
    use crate::i18n::Lang;
    static BROTLI: std::sync::LazyLock<[Vec<u8>; 2]> = std::sync::LazyLock::new(|| {
        [Lang::Vi, Lang::En].map(|lang| {
            let mut w = brotli::CompressorWriter::new(Vec::new(), 4096, 11, 22);
            // writing to a Vec cannot fail
            let _ = std::io::Write::write_all(&mut w, crate::i18n::browser_file(lang).1.as_bytes());
            w.into_inner()
        })
    });
    let Some(lang) = [Lang::Vi, Lang::En].into_iter().find(|l| crate::i18n::browser_file(*l).0 == file) else {
        return http::StatusCode::NOT_FOUND.into_response();
    };
    let text = (header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    let takes_br = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|e| e.split(';').next().is_some_and(|c| c.trim().eq_ignore_ascii_case("br")));
    if takes_br {
        let br = (header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        ([text, br], BROTLI[lang as usize].clone()).into_response()
    } else {
        ([text], crate::i18n::browser_file(lang).1.as_str()).into_response()
    }
}
