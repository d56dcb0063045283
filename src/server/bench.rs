//! The server-side benchmark (`to-cong-tac bench`, run by scripts/bench): latency and
//! throughput of the org-tree server function under concurrent clients, side by side with
//! a bare axum handler that runs the same SQL in the same process.
//!
//! It needs the demo city (the caller seeds it) and signs in as `bantochuc`. The load
//! generator is a small HTTP/1.1 keep-alive client so that it measures the server, not a
//! client library; every request loop is bounded in count and time and talks to 127.0.0.1.

use crate::auth::session::{me_for_token, open_session};
use crate::org::api::load_tree;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Json, Router};
use leptos::prelude::LeptosOptions;
use sqlx::PgPool;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub struct Figures {
    pub requests: usize,
    pub errors: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub per_second: f64,
}

/// The bare handler: the same session check and the same SQL as the server function,
/// answered as JSON by plain axum.
async fn bare_tree(State(pool): State<PgPool>, headers: HeaderMap) -> axum::response::Response {
    let token = headers
        .get("cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.split(';').find_map(|kv| kv.trim().strip_prefix("tct_session=")))
        .map(str::to_string);
    let Some(token) = token else { return http::StatusCode::UNAUTHORIZED.into_response() };
    let me = match me_for_token(&pool, &token).await {
        Ok(Some(me)) => me,
        _ => return http::StatusCode::UNAUTHORIZED.into_response(),
    };
    match load_tree(&pool, &me, "", false).await {
        Ok(tree) => Json(tree).into_response(),
        Err(_) => http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

pub async fn run(pool: PgPool, args: &[String]) -> Result<(), String> {
    let clients: usize = arg(args, "--clients").unwrap_or(100);
    let seconds: u64 = arg(args, "--seconds").unwrap_or(5);
    crate::demo::load_if_empty(&pool).await.map_err(|e| e.to_string())?;
    let account: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE username = 'bantochuc'")
        .fetch_one(&pool)
        .await
        .map_err(|e| format!("the demo account bantochuc is missing: {e}"))?;
    let token = open_session(&pool, account).await.map_err(|e| format!("{e:?}"))?;

    let mut options = LeptosOptions::builder().output_name("to-cong-tac").build();
    options.site_root = "target/site".into();
    let app = crate::server::router(pool.clone(), options)
        .merge(Router::new().route("/bench/bare-tree", post(bare_tree)).with_state(pool.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await;
    });

    let cookie = format!("tct_session={token}");
    let server_fn = load(addr, "/api/org/tree", &cookie, clients, seconds).await?;
    let bare = load(addr, "/bench/bare-tree", &cookie, clients, seconds).await?;
    println!("org-tree under {clients} concurrent clients, {seconds} s each:");
    for (name, f) in [("server function /api/org/tree", &server_fn), ("bare axum handler, same SQL", &bare)] {
        println!(
            "  {name:<32} p50 {:>7.2} ms  p99 {:>7.2} ms  {:>8.0} req/s  ({} requests, {} errors)",
            f.p50_ms, f.p99_ms, f.per_second, f.requests, f.errors
        );
    }
    let ratio = server_fn.per_second / bare.per_second.max(f64::EPSILON);
    println!("  throughput ratio server fn / bare: {ratio:.2} (budget >= 0.80: {})", if ratio >= 0.8 { "met" } else { "NOT met" });
    Ok(())
}

fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok())
}

/// `clients` connections, each posting to `path` in a loop for `seconds`.
pub async fn load(
    addr: std::net::SocketAddr,
    path: &str,
    cookie: &str,
    clients: usize,
    seconds: u64,
) -> Result<Figures, String> {
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\nContent-Length: 0\r\n\r\n"
    );
    // Warm up: one request per connection path, not measured.
    let mut warm = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    for _ in 0..20 {
        one_request(&mut warm, request.as_bytes()).await?;
    }
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let request = request.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0usize;
            let Ok(mut conn) = TcpStream::connect(addr).await else { return (lat, 1) };
            // bounded: stops at the deadline, and after 1,000,000 requests in any case
            while Instant::now() < deadline && lat.len() < 1_000_000 {
                let t = Instant::now();
                match one_request(&mut conn, request.as_bytes()).await {
                    Ok(200) => lat.push(t.elapsed()),
                    Ok(_) => errors += 1,
                    Err(_) => {
                        errors += 1;
                        match TcpStream::connect(addr).await {
                            Ok(c) => conn = c,
                            Err(_) => break,
                        }
                    }
                }
            }
            (lat, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (lat, e) = t.await.map_err(|e| e.to_string())?;
        all.extend(lat);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    let pct = |p: f64| {
        if all.is_empty() {
            0.0
        } else {
            all[((all.len() as f64 * p) as usize).min(all.len() - 1)].as_secs_f64() * 1000.0
        }
    };
    Ok(Figures { requests: all.len(), errors, p50_ms: pct(0.50), p99_ms: pct(0.99), per_second: all.len() as f64 / elapsed })
}

/// Sends one request on a keep-alive connection and reads the whole response.
/// Returns the status code.
pub async fn one_request(conn: &mut TcpStream, request: &[u8]) -> Result<u16, String> {
    conn.write_all(request).await.map_err(|e| e.to_string())?;
    let mut buf = Vec::with_capacity(16 * 1024);
    let mut chunk = [0u8; 16 * 1024];
    let header_end = loop {
        let n = conn.read(&mut chunk).await.map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed".into());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        if buf.len() > 1 << 20 {
            return Err("headers too long".into());
        }
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).to_ascii_lowercase();
    let status: u16 = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or("bad status line")?;
    let mut body = buf[header_end..].to_vec();
    if let Some(len) = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        while body.len() < len {
            let n = conn.read(&mut chunk).await.map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("connection closed".into());
            }
            body.extend_from_slice(&chunk[..n]);
        }
    } else if head.contains("transfer-encoding: chunked") {
        while !body.windows(5).any(|w| w == b"0\r\n\r\n") {
            let n = conn.read(&mut chunk).await.map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("connection closed".into());
            }
            body.extend_from_slice(&chunk[..n]);
        }
    }
    Ok(status)
}
