//! The axum application: pages, server functions, static files, the sign-in guard for
//! pages, and compression. Built here (not in main.rs) so tests and the benchmark run the
//! very same app.

use crate::app::{shell, App};
use crate::auth::session::{me_for_token, COOKIE};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use sqlx::PgPool;
use tower_http::compression::CompressionLayer;

pub fn router(pool: PgPool, leptos_options: LeptosOptions) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let pool = pool.clone();
        move || provide_context(pool.clone())
    };
    let server_fn_context = context.clone();
    Router::new()
        .leptos_routes_with_context(&leptos_options, routes, context, {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        // Pages other than /login need a session; server functions check for themselves.
        .route_layer(middleware::from_fn_with_state(pool.clone(), require_session))
        .route_service(
            "/export/board/{group_id}/{month}/xlsx",
            axum::routing::get(crate::groups::export::xlsx).with_state(pool.clone()),
        )
        .route_service(
            "/export/board/{group_id}/{month}/csv",
            axum::routing::get(crate::groups::export::csv).with_state(pool.clone()),
        )
        .route(
            "/api/{*fn_name}",
            post(move |req: Request<Body>| handle_server_fns_with_context(server_fn_context.clone(), req)),
        )
        .fallback(leptos_axum::file_and_error_handler(shell))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .with_state(leptos_options)
}

async fn require_session(State(pool): State<PgPool>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    // Server functions check the session themselves and answer 401 with a message.
    if path == "/login" || path.starts_with("/api/") || path.starts_with("/pkg/") || path.starts_with("/export/") {
        return next.run(req).await;
    }
    let token = crate::server::header_cookie(req.headers(), COOKIE);
    let signed_in = match token {
        Some(t) => matches!(me_for_token(&pool, &t).await, Ok(Some(_))),
        None => false,
    };
    if signed_in {
        next.run(req).await
    } else {
        let target = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let next_param: String = crate::server::url_encode(target);
        Redirect::to(&format!("/login?next={next_param}")).into_response()
    }
}
