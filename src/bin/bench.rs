//! The server-side benchmark (its own binary, `bench`, run by scripts/bench; not part of
//! the production server): latency and
//! throughput of the org-tree server function under concurrent clients, side by side with
//! a bare axum handler that runs the same SQL in the same process.
//!
//! It needs the demo city (the caller seeds it) and signs in as `bantochuc`. The load
//! generator is a small HTTP/1.1 keep-alive client so that it measures the server, not a
//! client library; every request loop is bounded in count and time and talks to 127.0.0.1.

use to_cong_tac::auth::session::{me_for_token, open_session};
use to_cong_tac::org::api::load_tree;
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

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match to_cong_tac::server::connect().await {
        Ok(pool) => run(pool, &args).await,
        Err(e) => Err(e),
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

async fn run(pool: PgPool, args: &[String]) -> Result<(), String> {
    if args.first().map(String::as_str) == Some("board") {
        return run_board(pool, &args[1..]).await;
    }
    if args.first().map(String::as_str) == Some("recs") {
        return run_recs(pool, &args[1..]).await;
    }
    if args.first().map(String::as_str) == Some("calendar") {
        return run_calendar(pool, &args[1..]).await;
    }
    if args.first().map(String::as_str) == Some("reports") {
        return run_reports(pool, &args[1..]).await;
    }
    if args.first().map(String::as_str) == Some("review") {
        return run_review(pool, &args[1..]).await;
    }
    if args.first().map(String::as_str) == Some("dashboard") {
        return run_dashboard(pool, &args[1..]).await;
    }
    let clients: usize = arg(args, "--clients").unwrap_or(100);
    let seconds: u64 = arg(args, "--seconds").unwrap_or(5);
    to_cong_tac::demo::load_if_empty(&pool).await.map_err(|e| e.to_string())?;
    let account: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE username = 'bantochuc'")
        .fetch_one(&pool)
        .await
        .map_err(|e| format!("the demo account bantochuc is missing: {e}"))?;
    let token = open_session(&pool, account).await.map_err(|e| format!("{e:?}"))?;

    let mut options = LeptosOptions::builder().output_name("to-cong-tac").build();
    options.site_root = "target/site".into();
    let app = to_cong_tac::server::router(pool.clone(), options)
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
    request_with_body(conn, request).await.map(|(status, _)| status)
}

/// Sends one request and returns the status and the body (chunked bodies undecoded:
/// the server functions answer with a length).
pub async fn request_with_body(conn: &mut TcpStream, request: &[u8]) -> Result<(u16, Vec<u8>), String> {
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
    Ok((status, body))
}

// ------------------------------------------------------------------ the national board

/// A national-scale data set, generated once into an empty database: 100 cities of 30
/// wards (3,000), 20 cells a ward (60,000), 10,000 working groups of 6 members (3,000 of
/// them following a ward), and 12 months of assignments (one member per cell a month).
async fn generate_national(pool: &PgPool) -> Result<(), String> {
    let exists: i64 = sqlx::query_scalar("SELECT count(*) FROM working_groups").fetch_one(pool).await.map_err(|e| e.to_string())?;
    if exists > 0 {
        return Ok(());
    }
    println!("generating the national data set (once)...");
    let t = Instant::now();
    let hash = to_cong_tac::auth::session::hash_password("bench2026bench").map_err(|e| format!("{e:?}"))?;
    let statements: Vec<String> = vec![
        // cities point at themselves
        "INSERT INTO org_units (id, city_id, kind, code, name, active_from)
         SELECT g, g, 'city', 'TU' || g, 'Thành ủy ' || g, '2019-07-05' FROM generate_series(1, 100) g".into(),
        "SELECT setval(pg_get_serial_sequence('org_units', 'id'), 100)".into(),
        "INSERT INTO org_units (city_id, parent_id, kind, code, name, active_from)
         SELECT c, c, 'ward', 'P' || w, 'Đảng ủy Phường ' || w, '2019-07-05'
         FROM generate_series(1, 100) c, generate_series(1, 30) w".into(),
        "INSERT INTO org_units (city_id, parent_id, kind, cell_kind, code, name, is_difficult, active_from)
         SELECT w.city_id, w.id, 'cell', 'residential', 'KP' || k, 'Chi bộ Khu phố ' || k, k % 9 = 0, '2019-07-05'
         FROM org_units w, generate_series(1, 20) k WHERE w.kind = 'ward'".into(),
        "INSERT INTO working_groups (city_id, name, active_from)
         SELECT 1 + (g - 1) % 100, 'Tổ công tác ' || g, '2019-07-05' FROM generate_series(1, 10000) g".into(),
        "INSERT INTO people (city_id, full_name, position, is_standing_member)
         SELECT g.city_id, 'Cán bộ ' || g.id || '-' || k, 'Tổ ' || g.id, k = 0
         FROM working_groups g, generate_series(0, 5) k".into(),
        "INSERT INTO group_members (city_id, group_id, person_id, role, active_from)
         SELECT p.city_id, g.id, p.id, CASE WHEN p.is_standing_member THEN 'leader' ELSE 'member' END, '2019-07-05'
         FROM people p JOIN working_groups g ON p.position = 'Tổ ' || g.id".into(),
        // the first 30 groups of each city follow its 30 wards
        "INSERT INTO group_wards (city_id, group_id, ward_id, active_from)
         SELECT w.city_id, g.id, w.id, '2019-07-05'
         FROM (SELECT id, city_id, row_number() OVER (PARTITION BY city_id ORDER BY id) AS n FROM org_units WHERE kind = 'ward') w
         JOIN (SELECT id, city_id, row_number() OVER (PARTITION BY city_id ORDER BY id) AS n FROM working_groups) g
           ON g.city_id = w.city_id AND g.n = w.n".into(),
        // members numbered within their group, so each cell gets one by a join, not a subquery
        "INSERT INTO assignments (city_id, group_id, month, cell_id, person_id)
         SELECT gw.city_id, gw.group_id, m::date, c.id, gm.person_id
         FROM group_wards gw
         JOIN org_units c ON c.parent_id = gw.ward_id AND c.kind = 'cell'
         JOIN (SELECT group_id, person_id, row_number() OVER (PARTITION BY group_id ORDER BY person_id) - 1 AS n
               FROM group_members) gm ON gm.group_id = gw.group_id AND gm.n = c.id % 6
         CROSS JOIN generate_series(date_trunc('month', now()) - interval '11 months', date_trunc('month', now()), interval '1 month') m"
            .into(),
        format!(
            "INSERT INTO accounts (city_id, username, password_hash, role)
             SELECT g, 'bench' || g, '{hash}', 'organization_board' FROM generate_series(1, 100) g"
        ),
        "ANALYZE".into(),
    ];
    // All or nothing: an interrupted generation leaves an empty database to start again.
    let mut tx = pool.begin().await.map_err(|e| e.to_string())?;
    for sql in statements.iter().filter(|s| s.as_str() != "ANALYZE") {
        sqlx::query(sql).execute(&mut *tx).await.map_err(|e| format!("{e}: {}", &sql[..sql.len().min(80)]))?;
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    sqlx::query("ANALYZE").execute(pool).await.map_err(|e| e.to_string())?;
    let counts: (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM org_units WHERE kind = 'ward'), (SELECT count(*) FROM org_units WHERE kind = 'cell'),
                (SELECT count(*) FROM working_groups), (SELECT count(*) FROM assignments)",
    )
    .fetch_one(pool)
    .await
    .map_err(|e| e.to_string())?;
    println!(
        "  {} wards, {} cells, {} groups, {} assignments in {:.0} s",
        counts.0,
        counts.1,
        counts.2,
        counts.3,
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

fn percentiles(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    if v.is_empty() {
        return (0.0, 0.0);
    }
    let p = |q: f64| v[((v.len() as f64 * q) as usize).min(v.len() - 1)].as_secs_f64() * 1000.0;
    (p(0.5), p(0.99))
}

/// Loading one board and saving one assignment through the real server functions, one
/// request at a time, on the national data set.
async fn run_board(pool: PgPool, args: &[String]) -> Result<(), String> {
    let rounds: usize = arg(args, "--rounds").unwrap_or(300);
    generate_national(&pool).await?;
    let mut options = LeptosOptions::builder().output_name("to-cong-tac").build();
    options.site_root = "target/site".into();
    let app = to_cong_tac::server::router(pool.clone(), options);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await;
    });
    // a session per city, and the groups that follow a ward
    let accounts: Vec<(i64, i64)> = sqlx::query_as("SELECT city_id, id FROM accounts WHERE username LIKE 'bench%'")
        .fetch_all(&pool)
        .await
        .map_err(|e| e.to_string())?;
    let mut cookies = std::collections::HashMap::new();
    for (city, account) in accounts {
        let token = open_session(&pool, account).await.map_err(|e| format!("{e:?}"))?;
        cookies.insert(city, format!("tct_session={token}"));
    }
    let groups: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT g.id, g.city_id FROM working_groups g WHERE EXISTS (SELECT 1 FROM group_wards w WHERE w.group_id = g.id) ORDER BY g.id",
    )
    .fetch_all(&pool)
    .await
    .map_err(|e| e.to_string())?;
    let month = (chrono::Utc::now() + chrono::Duration::hours(7)).format("%Y-%m").to_string();
    let mut conn = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let post = |path: &str, cookie: &str, body: String| {
        format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    let (mut loads, mut saves) = (Vec::new(), Vec::new());
    let mut errors = 0;
    // a fixed stride through the groups, so every run measures the same ones
    for i in 0..rounds {
        let (group, city) = groups[(i * 7919) % groups.len()];
        let cookie = &cookies[&city];
        let t = Instant::now();
        let (status, body) = request_with_body(&mut conn, post("/api/board/get", cookie, format!("group_id={group}&month={month}")).as_bytes()).await?;
        loads.push(t.elapsed());
        if status != 200 {
            errors += 1;
            continue;
        }
        let board: serde_json::Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        let version = board["version"].as_i64().unwrap_or(0);
        // someone not yet on the first cell
        let cell = &board["cells"][i % board["cells"].as_array().map_or(1, |c| c.len().max(1))];
        let taken: Vec<i64> = cell["assigned"].as_array().map(|a| a.iter().filter_map(|x| x["person_id"].as_i64()).collect()).unwrap_or_default();
        let Some(person) = board["members"].as_array().and_then(|m| m.iter().filter_map(|x| x["person_id"].as_i64()).find(|p| !taken.contains(p))) else {
            continue;
        };
        let t = Instant::now();
        let (status, _) = request_with_body(
            &mut conn,
            post("/api/board/assign", cookie, format!("group_id={group}&month={month}&cell_id={}&person_id={person}&version={version}", cell["id"])).as_bytes(),
        )
        .await?;
        saves.push(t.elapsed());
        if status != 200 {
            errors += 1;
        }
    }
    let (l50, l99) = percentiles(loads.clone());
    let (s50, s99) = percentiles(saves.clone());
    println!("assignment board on the national data set, one request at a time:");
    println!("  load one board      p50 {l50:>7.2} ms  p99 {l99:>7.2} ms  ({} requests; budget p99 <= 50 ms: {})", loads.len(), if l99 <= 50.0 { "met" } else { "NOT met" });
    println!("  save one assignment p50 {s50:>7.2} ms  p99 {s99:>7.2} ms  ({} requests, {errors} errors)", saves.len());
    Ok(())
}

/// A month of meetings on the national data set: every cell's regular meeting and every
/// ward committee's, next month, so all are still to come and clashes are computed for
/// every one (added once, also to a data set generated before).
async fn generate_meetings(pool: &PgPool) -> Result<(), String> {
    let exists: i64 = sqlx::query_scalar("SELECT count(*) FROM meetings WHERE starts_at > now()").fetch_one(pool).await.map_err(|e| e.to_string())?;
    if exists > 0 {
        return Ok(());
    }
    println!("adding a month of meetings to the national data set (once)...");
    let t = Instant::now();
    let statements = [
        "INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, topic, status, announced_at)
         SELECT c.city_id, c.parent_id, c.id, 'regular', x.m, x.s, x.s + interval '2 hours', 'Nhà văn hóa khu phố', 'Sinh hoạt định kỳ',
                'announced', x.s - interval '5 days'
         FROM org_units c,
              LATERAL (SELECT (date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') + interval '1 month')::date AS m0) mm,
              LATERAL (SELECT ((mm.m0 + (c.id % 27)::int) + time '19:30') AT TIME ZONE 'Asia/Ho_Chi_Minh' AS s, mm.m0 AS m) x
         WHERE c.kind = 'cell'",
        "INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, topic, status, announced_at, invited_at)
         SELECT w.city_id, w.id, NULL, 'ward_committee', x.m, x.s, x.s + interval '150 minutes', 'Hội trường', 'Phiên họp thường kỳ',
                'announced', x.s - interval '5 days', x.s - interval '5 days'
         FROM org_units w,
              LATERAL (SELECT (date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') + interval '1 month')::date AS m0) mm,
              LATERAL (SELECT ((mm.m0 + 2) + time '14:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' AS s, mm.m0 AS m) x
         WHERE w.kind = 'ward'",
        "ANALYZE meetings",
    ];
    for sql in statements {
        sqlx::query(sql).execute(pool).await.map_err(|e| format!("{e}: {}", &sql[..sql.len().min(80)]))?;
    }
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM meetings").fetch_one(pool).await.map_err(|e| e.to_string())?;
    println!("  {n} meetings in {:.0} s", t.elapsed().as_secs_f64());
    Ok(())
}

/// The calendar on the national data set, one request at a time: a ward's month (the
/// grid and the month view), a city's month view, a ward's ICS feed.
async fn run_calendar(pool: PgPool, args: &[String]) -> Result<(), String> {
    let rounds: usize = arg(args, "--rounds").unwrap_or(200);
    generate_national(&pool).await?;
    generate_meetings(&pool).await?;
    let mut options = LeptosOptions::builder().output_name("to-cong-tac").build();
    options.site_root = "target/site".into();
    let app = to_cong_tac::server::router(pool.clone(), options);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await;
    });
    let accounts: Vec<(i64, i64)> = sqlx::query_as("SELECT city_id, id FROM accounts WHERE username LIKE 'bench%'")
        .fetch_all(&pool)
        .await
        .map_err(|e| e.to_string())?;
    let mut cookies = std::collections::HashMap::new();
    for (city, account) in &accounts {
        let token = open_session(&pool, *account).await.map_err(|e| format!("{e:?}"))?;
        cookies.insert(*city, format!("tct_session={token}"));
    }
    let wards: Vec<(i64, i64)> = sqlx::query_as("SELECT id, city_id FROM org_units WHERE kind = 'ward' ORDER BY id")
        .fetch_all(&pool)
        .await
        .map_err(|e| e.to_string())?;
    // a known secret per ward sampled, for its ICS feed
    let mut feeds = std::collections::HashMap::new();
    for i in 0..rounds.min(wards.len()) {
        let (ward, city) = wards[(i * 7919) % wards.len()];
        let token = format!("{:048x}", ward);
        let hash = {
            use sha2::{Digest, Sha256};
            hex::encode(Sha256::digest(token.as_bytes()))
        };
        let account = accounts.iter().find(|a| a.0 == city).map(|a| a.1).unwrap_or(1);
        sqlx::query("INSERT INTO calendar_feeds (city_id, token_hash, ward_id, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
            .bind(city)
            .bind(hash)
            .bind(ward)
            .bind(account)
            .execute(&pool)
            .await
            .map_err(|e| e.to_string())?;
        feeds.insert(ward, token);
    }
    let now = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let next = chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&now), chrono::Datelike::month(&now), 1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .ok_or("date")?;
    let month = next.format("%Y-%m").to_string();
    let first = next.format("%Y-%m-01").to_string();
    let mut conn = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let post = |path: &str, cookie: &str, body: String| {
        format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    let (mut grid, mut ward_view, mut city_view, mut ics) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut errors = 0;
    let mut check = |status: u16| {
        if status != 200 {
            errors += 1;
        }
    };
    for i in 0..rounds {
        let (ward, city) = wards[(i * 7919) % wards.len()];
        let cookie = &cookies[&city];
        let t = Instant::now();
        let (status, _) = request_with_body(&mut conn, post("/api/calendar/ward-month", cookie, format!("ward_id={ward}&month={month}")).as_bytes()).await?;
        grid.push(t.elapsed());
        check(status);
        let t = Instant::now();
        let (status, _) =
            request_with_body(&mut conn, post("/api/calendar/list", cookie, format!("view=month&date={first}&ward={ward}")).as_bytes()).await?;
        ward_view.push(t.elapsed());
        check(status);
        let t = Instant::now();
        let (status, _) = request_with_body(&mut conn, post("/api/calendar/list", cookie, format!("view=month&date={first}")).as_bytes()).await?;
        city_view.push(t.elapsed());
        check(status);
        if let Some(token) = feeds.get(&ward) {
            let t = Instant::now();
            let req = format!("GET /ics/{token}.ics HTTP/1.1\r\nHost: {addr}\r\n\r\n");
            let (status, _) = request_with_body(&mut conn, req.as_bytes()).await?;
            ics.push(t.elapsed());
            check(status);
        }
    }
    println!("meeting calendar on the national data set (next month: meetings of 60,000 cells, all still to come), one request at a time:");
    for (name, v, budget) in [
        ("ward month grid       ", grid, Some(50.0)),
        ("ward month view       ", ward_view, Some(50.0)),
        ("city month view (600) ", city_view, None),
        ("ward ICS feed         ", ics, None),
    ] {
        let n = v.len();
        let (p50, p99) = percentiles(v);
        let verdict = budget.map(|b| format!("; budget p99 <= {b:.0} ms: {}", if p99 <= b { "met" } else { "NOT met" })).unwrap_or_default();
        println!("  {name} p50 {p50:>7.2} ms  p99 {p99:>7.2} ms  ({n} requests{verdict})");
    }
    if errors > 0 {
        println!("  {errors} requests failed");
    }
    Ok(())
}

/// Submitting a report through the real server function, one request at a time, on the
/// demo city: a draft saved, then the complete report submitted, for each of `rounds`
/// meetings of a cell of the bench's own (made afresh every run).
async fn run_reports(pool: PgPool, args: &[String]) -> Result<(), String> {
    let rounds: i64 = arg(args, "--rounds").unwrap_or(300);
    to_cong_tac::demo::load_if_empty(&pool).await.map_err(|e| e.to_string())?;
    let e = |e: sqlx::Error| e.to_string();
    let (account, person, city): (i64, i64, i64) =
        sqlx::query_as("SELECT id, person_id, city_id FROM accounts WHERE username = 'thanhvien'").fetch_one(&pool).await.map_err(e)?;
    let cell: i64 = match sqlx::query_scalar::<_, i64>("SELECT id FROM org_units WHERE code = 'BENCHRPT' AND city_id = $1").bind(city).fetch_optional(&pool).await.map_err(e)? {
        Some(c) => c,
        None => sqlx::query_scalar(
            "INSERT INTO org_units (city_id, parent_id, kind, cell_kind, code, name, active_from, party_members)
             SELECT city_id, id, 'cell', 'residential', 'BENCHRPT', 'Chi bộ đo báo cáo', '2020-01-01', 40
             FROM org_units WHERE city_id = $1 AND kind = 'ward' ORDER BY id LIMIT 1 RETURNING id",
        )
        .bind(city)
        .fetch_one(&pool)
        .await
        .map_err(e)?,
    };
    for sql in [
        "DELETE FROM report_ratings WHERE report_id IN (SELECT r.id FROM attendance_reports r JOIN meetings m ON m.id = r.meeting_id WHERE m.cell_id = $1)",
        "DELETE FROM attendance_reports WHERE meeting_id IN (SELECT id FROM meetings WHERE cell_id = $1)",
        "DELETE FROM meetings WHERE cell_id = $1",
    ] {
        sqlx::query(sql).bind(cell).execute(&pool).await.map_err(e)?;
    }
    let group: i64 = sqlx::query_scalar("SELECT group_id FROM group_members WHERE person_id = $1 ORDER BY id LIMIT 1").bind(person).fetch_one(&pool).await.map_err(e)?;
    // meetings every 3 hours back from now, each with thanhvien assigned for its month
    let meetings: Vec<i64> = sqlx::query_scalar(
        "WITH t AS (SELECT now() - (i * interval '3 hours') - interval '2 hours' AS s FROM generate_series(1, $4) i),
              a AS (INSERT INTO assignments (city_id, group_id, month, cell_id, person_id)
                    SELECT DISTINCT $1::bigint, $5::bigint, date_trunc('month', s AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, $2::bigint, $3::bigint FROM t
                    ON CONFLICT DO NOTHING)
         INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, status)
         SELECT $1, c.parent_id, c.id, 'regular', date_trunc('month', s AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, s, s + interval '1 hour', 'Nhà văn hóa', 'held'
         FROM t, org_units c WHERE c.id = $2 ORDER BY s RETURNING id",
    )
    .bind(city)
    .bind(cell)
    .bind(person)
    .bind(rounds)
    .bind(group)
    .fetch_all(&pool)
    .await
    .map_err(e)?;
    let criteria: Vec<i64> = sqlx::query_scalar("SELECT id FROM rating_criteria WHERE city_id = $1 AND active ORDER BY position").bind(city).fetch_all(&pool).await.map_err(e)?;
    let (addr, cookie) = serve_signed_in(&pool, account).await?;
    let post = |body: String| {
        format!(
            "POST /api/reports/save HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    let mut conn = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let (mut drafts, mut submits) = (Vec::new(), Vec::new());
    let mut errors = 0;
    for (i, m) in meetings.iter().enumerate() {
        let draft = format!("meeting_id={m}&version=0&save_key=00000000-0000-4000-8000-{i:012}&running_note=Ghi+ch%C3%A9p+t%E1%BA%A1i+bu%E1%BB%95i+sinh+ho%E1%BA%A1t&members_present=30");
        let t = Instant::now();
        let (status, body) = request_with_body(&mut conn, post(draft).as_bytes()).await?;
        drafts.push(t.elapsed());
        if status != 200 {
            errors += 1;
            continue;
        }
        let version: i64 = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        let mut full = format!(
            "meeting_id={m}&version={version}&submit=on&submit_key=00000000-0000-4000-9000-{i:012}&summary=Chi+b%E1%BB%99+sinh+ho%E1%BA%A1t+%C4%91%C3%BAng+tr%C3%ACnh+t%E1%BB%B1&members_present=30&overall_level=4&informed=on"
        );
        for (k, c) in criteria.iter().enumerate() {
            full.push_str(&format!("&ratings%5B{k}%5D%5Bcriterion%5D={c}&ratings%5B{k}%5D%5Blevel%5D=4"));
        }
        let t = Instant::now();
        let (status, _) = request_with_body(&mut conn, post(full).as_bytes()).await?;
        submits.push(t.elapsed());
        if status != 200 {
            errors += 1;
        }
    }
    let (d50, d99) = percentiles(drafts.clone());
    let (s50, s99) = percentiles(submits.clone());
    println!("attendance report through /api/reports/save, one request at a time (demo city):");
    println!("  save a draft        p50 {d50:>7.2} ms  p99 {d99:>7.2} ms  ({} requests)", drafts.len());
    println!(
        "  submit the report   p50 {s50:>7.2} ms  p99 {s99:>7.2} ms  ({} requests, {errors} errors; budget p99 <= 30 ms: {})",
        submits.len(),
        if s99 <= 30.0 && errors == 0 { "met" } else { "NOT met" }
    );
    Ok(())
}

// ------------------------------------------------------------------ recommendations

/// Five years of recommendations on the national data set (once): about 2 million, 20,000
/// a city, spread over its wards and cells, over the bodies (every ward's People's
/// Committee and five city departments), most of the old ones closed, the recent ones
/// still moving, some overdue. The timeline rows are not generated (the list does not
/// read them).
async fn generate_recommendations(pool: &PgPool) -> Result<(), String> {
    let exists: i64 = sqlx::query_scalar("SELECT count(*) FROM (SELECT 1 FROM recommendations LIMIT 1) x")
        .fetch_one(pool)
        .await
        .map_err(|e| e.to_string())?;
    if exists > 0 {
        return Ok(());
    }
    println!("adding five years of recommendations to the national data set (once)...");
    let t = Instant::now();
    let statements = [
        "INSERT INTO org_units (city_id, parent_id, kind, code, name, active_from)
         SELECT w.city_id, w.id, 'state_body', 'UBND-' || w.code, 'UBND ' || w.name, '2019-07-05' FROM org_units w WHERE w.kind = 'ward'",
        "INSERT INTO org_units (city_id, parent_id, kind, code, name, active_from)
         SELECT c.id, c.id, 'state_body', d, 'Phòng ' || d, '2019-07-05'
         FROM org_units c, unnest(ARRAY['QLDT', 'TNMT', 'LDTBXH', 'CA', 'VHTT']) d WHERE c.kind = 'city'",
        // 2,000,000: n spreads them over the cells (60,000) and five years of days; the topic
        // goes by n / 60000, so every city has every topic (not tied to the cell's stride)
        "INSERT INTO recommendations (city_id, client_key, ward_id, cell_id, channel, raised_by, content, domain, kind, raised_on,
                                      status, body_id, due_on, forwarded_at, answer, created_at)
         SELECT c.city_id, gen_random_uuid(), c.parent_id, c.id, 'other', 'Đảng viên chi bộ',
                'Kiến nghị số ' || n || ' về ' || (ARRAY['cống thoát nước', 'đèn chiếu sáng', 'an ninh trật tự', 'giấy chứng nhận đất', 'rác thải', 'chính sách xã hội'])[1 + (n / 60000) % 6] || ' của khu phố',
                (ARRAY['environment', 'other', 'security', 'land', 'environment', 'social_policy'])[1 + (n / 60000) % 6], 'state', x.raised,
                x.status,
                CASE WHEN x.status = 'new' THEN NULL WHEN n % 5 = 0 THEN d.id ELSE u.id END,
                CASE WHEN x.status = 'new' THEN NULL ELSE x.raised + 21 END,
                CASE WHEN x.status = 'new' THEN NULL ELSE x.raised + 1 END,
                CASE WHEN x.status IN ('answered', 'closed') THEN 'Đã giải quyết' ELSE '' END,
                x.raised
         FROM generate_series(0, 1999999) n
         JOIN LATERAL (SELECT id, city_id, parent_id FROM org_units WHERE kind = 'cell' AND id = 3101 + ((n::bigint * 7919) % 60000)) c ON true
         JOIN org_units u ON u.parent_id = c.parent_id AND u.kind = 'state_body'
         JOIN org_units d ON d.city_id = c.city_id AND d.parent_id = c.city_id AND d.kind = 'state_body'
                         AND d.code = (ARRAY['QLDT', 'TNMT', 'LDTBXH', 'CA', 'VHTT'])[1 + n % 5]
         CROSS JOIN LATERAL (SELECT (current_date - (n % 1826))::date AS raised) r
         CROSS JOIN LATERAL (SELECT r.raised,
                CASE WHEN r.raised > current_date - 60
                     THEN (ARRAY['new', 'forwarded', 'in_progress', 'clarification', 'answered', 'forwarded'])[1 + n % 6]
                     WHEN n % 50 = 0 THEN 'forwarded' WHEN n % 23 = 0 THEN 'refused' ELSE 'closed' END AS status) x",
    ];
    // All or nothing: an interrupted generation leaves nothing behind to start again.
    let mut tx = pool.begin().await.map_err(|e| e.to_string())?;
    for sql in statements {
        sqlx::query(sql).execute(&mut *tx).await.map_err(|e| format!("{e}: {}", &sql[..sql.len().min(80)]))?;
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    // the visibility map too: the list's counts read the index only
    sqlx::query("VACUUM ANALYZE recommendations").execute(pool).await.map_err(|e| e.to_string())?;
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM recommendations").fetch_one(pool).await.map_err(|e| e.to_string())?;
    println!("  {n} recommendations in {:.0} s", t.elapsed().as_secs_f64());
    Ok(())
}

/// The recommendations' list and board through the real server function, one request at a
/// time, a city's organization board with the filters people use.
async fn run_recs(pool: PgPool, args: &[String]) -> Result<(), String> {
    let rounds: usize = arg(args, "--rounds").unwrap_or(200);
    generate_national(&pool).await?;
    generate_recommendations(&pool).await?;
    let mut options = LeptosOptions::builder().output_name("to-cong-tac").build();
    options.site_root = "target/site".into();
    let app = to_cong_tac::server::router(pool.clone(), options);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await;
    });
    let accounts: Vec<(i64, i64)> = sqlx::query_as("SELECT city_id, id FROM accounts WHERE username LIKE 'bench%' ORDER BY city_id")
        .fetch_all(&pool)
        .await
        .map_err(|e| e.to_string())?;
    let mut cookies = Vec::new();
    for (city, account) in &accounts {
        let token = open_session(&pool, *account).await.map_err(|e| format!("{e:?}"))?;
        let ward: i64 = sqlx::query_scalar("SELECT id FROM org_units WHERE city_id = $1 AND kind = 'ward' ORDER BY id LIMIT 1")
            .bind(city)
            .fetch_one(&pool)
            .await
            .map_err(|e| e.to_string())?;
        let body: i64 = sqlx::query_scalar("SELECT id FROM org_units WHERE parent_id = $1 AND kind = 'state_body'")
            .bind(ward)
            .fetch_one(&pool)
            .await
            .map_err(|e| e.to_string())?;
        cookies.push((format!("tct_session={token}"), ward, body));
    }
    let mut conn = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let post = |cookie: &str, body: String| {
        format!(
            "POST /api/recs/list HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    let filters: [(&str, &dyn Fn(i64, i64) -> String); 7] = [
        ("whole city, newest first", &|_, _| String::new()),
        ("one ward", &|w, _| format!("ward={w}")),
        ("one body, in progress", &|_, b| format!("body={b}&status=in_progress")),
        ("overdue", &|_, _| "overdue=on".to_string()),
        ("domain, older than 1 year, page 5", &|_, _| "domain=land&age=365&page=5".to_string()),
        ("text search", &|_, _| "q=chiếu+sáng".to_string()),
        ("board view", &|_, _| "view=board".to_string()),
    ];
    println!("recommendations on the national data set (2 million, 20,000 a city), /api/recs/list one request at a time:");
    let mut worst = 0.0_f64;
    for (name, f) in filters {
        let mut times = Vec::new();
        let mut errors = 0;
        for i in 0..rounds {
            let (cookie, ward, body) = &cookies[(i * 37) % cookies.len()];
            let t = Instant::now();
            let (status, _) = request_with_body(&mut conn, post(cookie, f(*ward, *body)).as_bytes()).await?;
            times.push(t.elapsed());
            if status != 200 {
                errors += 1;
            }
        }
        let (p50, p99) = percentiles(times);
        if name != "board view" {
            worst = worst.max(p99);
        }
        println!("  {name:<36} p50 {p50:>7.2} ms  p99 {p99:>7.2} ms  ({rounds} requests, {errors} errors)");
    }
    println!("  filtered list, worst p99 {worst:.2} ms (budget <= 100 ms: {})", if worst <= 100.0 { "met" } else { "NOT met" });
    Ok(())
}

// ------------------------------------------------------------------ the review report

/// The real router on a loopback port of its own, and a session cookie for `account`.
async fn serve_signed_in(pool: &PgPool, account: i64) -> Result<(std::net::SocketAddr, String), String> {
    let token = open_session(pool, account).await.map_err(|e| format!("{e:?}"))?;
    let mut options = LeptosOptions::builder().output_name("to-cong-tac").build();
    options.site_root = "target/site".into();
    let app = to_cong_tac::server::router(pool.clone(), options);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await;
    });
    Ok((addr, format!("tct_session={token}")))
}

/// The committee's documents for a city-year of the demo city (its ten months of history
/// loaded): the dashboard's figures for the twelve months, the review report made as a
/// DOCX from the page's form, and the October evaluation's table. Each request through the
/// real router over TCP, timed to the last byte of the answer.
async fn run_review(pool: PgPool, args: &[String]) -> Result<(), String> {
    use chrono::{Datelike, Months};
    let rounds: usize = arg(args, "--rounds").unwrap_or(20);
    to_cong_tac::demo::load_if_empty(&pool).await.map_err(|e| e.to_string())?;
    to_cong_tac::demo::load_history_if_missing(&pool).await.map_err(|e| e.to_string())?;
    to_cong_tac::demo::load_periodic_if_missing(&pool).await.map_err(|e| e.to_string())?;
    let account: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE username = 'bantochuc'").fetch_one(&pool).await.map_err(|e| e.to_string())?;
    let (addr, cookie) = serve_signed_in(&pool, account).await?;
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let this_month = today.with_day(1).ok_or("date")?;
    let from = (this_month - Months::new(12)).format("%Y-%m").to_string();
    let to = (this_month - Months::new(1)).format("%Y-%m").to_string();
    let post = |path: &str, body: String| {
        format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    let cases = [
        ("dashboard data, the city, 12 months", "/api/dashboard/data", format!("from={from}&to={to}"), 100.0),
        ("review report DOCX, the city, 12 months", "/export/review/docx", format!("from={from}&to={to}&draft=on&part_intro=M%E1%BB%9F+%C4%91%E1%BA%A7u"), 1000.0),
        ("October evaluation, every member", "/api/evaluation/table", format!("year={}", today.year()), 1000.0),
    ];
    let mut conn = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    println!("the committee's documents on the demo city with its year of history, one request at a time:");
    for (label, path, body, budget) in cases {
        let mut times = Vec::new();
        let mut errors = 0;
        let mut bytes = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            let (status, answer) = request_with_body(&mut conn, post(path, body.clone()).as_bytes()).await?;
            times.push(t.elapsed());
            bytes = answer.len();
            if status != 200 {
                errors += 1;
            }
        }
        let (p50, p99) = percentiles(times);
        println!(
            "  {label:<42} p50 {p50:>8.2} ms  p99 {p99:>8.2} ms  ({rounds} requests, {errors} errors, {bytes} bytes; budget p99 <= {budget} ms: {})",
            if p99 <= budget && errors == 0 { "met" } else { "NOT met" }
        );
    }
    Ok(())
}

// ------------------------------------------------------------------ the dashboard

/// Five years of cell and ward committee meetings on the national data set (once), and a
/// province: 168 wards of 30 cells (5,040) followed by 168 groups of 6. Every cell meets
/// once a month; its member assigned for the month is expected; 19 reports in 20 are
/// submitted (one in fourteen of them late), one absence in fifty is reported (one in a
/// hundred a clash); one ward committee meeting in nine did not invite the group. The
/// dashboard's rollup triggers are off while the rows are added (there is no rollup yet).
async fn generate_history(pool: &PgPool) -> Result<(), String> {
    let exists: i64 = sqlx::query_scalar("SELECT count(*) FROM org_units WHERE kind = 'city' AND code = 'TINH'")
        .fetch_one(pool)
        .await
        .map_err(|e| e.to_string())?;
    if exists > 0 {
        return Ok(());
    }
    println!("adding a province and five years of meetings and reports to the national data set (once)...");
    let t = Instant::now();
    let hash = to_cong_tac::auth::session::hash_password("bench2026bench").map_err(|e| format!("{e:?}"))?;
    let months = "generate_series(date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') - interval '59 months',
                                  date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh'), interval '1 month')";
    let statements: Vec<String> = vec![
        "ALTER TABLE meetings DISABLE TRIGGER USER".into(),
        "ALTER TABLE assignments DISABLE TRIGGER USER".into(),
        "ALTER TABLE attendance_reports DISABLE TRIGGER USER".into(),
        "ALTER TABLE meeting_absences DISABLE TRIGGER USER".into(),
        "INSERT INTO org_units (id, city_id, kind, code, name, active_from)
         SELECT v, v, 'city', 'TINH', 'Tỉnh ủy', '2019-07-05' FROM nextval(pg_get_serial_sequence('org_units', 'id')) v".into(),
        "INSERT INTO org_units (city_id, parent_id, kind, code, name, active_from)
         SELECT p.id, p.id, 'ward', 'X' || w, 'Đảng ủy xã ' || w, '2019-07-05'
         FROM org_units p, generate_series(1, 168) w WHERE p.kind = 'city' AND p.code = 'TINH'".into(),
        "INSERT INTO org_units (city_id, parent_id, kind, cell_kind, code, name, is_difficult, active_from)
         SELECT w.city_id, w.id, 'cell', 'residential', 'TDP' || k, 'Chi bộ Tổ dân phố ' || k, k % 9 = 0, '2019-07-05'
         FROM org_units w, generate_series(1, 30) k
         WHERE w.kind = 'ward' AND w.city_id = (SELECT id FROM org_units WHERE kind = 'city' AND code = 'TINH')".into(),
        "INSERT INTO working_groups (city_id, name, active_from)
         SELECT p.id, 'Tổ công tác số ' || g, '2019-07-05' FROM org_units p, generate_series(1, 168) g
         WHERE p.kind = 'city' AND p.code = 'TINH'".into(),
        "INSERT INTO people (city_id, full_name, position, is_standing_member)
         SELECT g.city_id, 'Cán bộ ' || g.id || '-' || k, 'Tổ ' || g.id, k = 0
         FROM working_groups g, generate_series(0, 5) k
         WHERE g.city_id = (SELECT id FROM org_units WHERE kind = 'city' AND code = 'TINH')".into(),
        "INSERT INTO group_members (city_id, group_id, person_id, role, active_from)
         SELECT p.city_id, g.id, p.id, CASE WHEN p.is_standing_member THEN 'leader' ELSE 'member' END, '2019-07-05'
         FROM people p JOIN working_groups g ON p.position = 'Tổ ' || g.id
         WHERE g.city_id = (SELECT id FROM org_units WHERE kind = 'city' AND code = 'TINH')".into(),
        "INSERT INTO group_wards (city_id, group_id, ward_id, active_from)
         SELECT w.city_id, g.id, w.id, '2019-07-05'
         FROM (SELECT id, city_id, row_number() OVER (ORDER BY id) AS n FROM org_units
               WHERE kind = 'ward' AND city_id = (SELECT id FROM org_units WHERE kind = 'city' AND code = 'TINH')) w
         JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM working_groups
               WHERE city_id = (SELECT id FROM org_units WHERE kind = 'city' AND code = 'TINH')) g ON g.n = w.n".into(),
        format!(
            "INSERT INTO accounts (city_id, username, password_hash, role)
             SELECT id, 'benchprovince', '{hash}', 'organization_board' FROM org_units WHERE kind = 'city' AND code = 'TINH'"
        ),
        // the planner must know the new rows, or it joins millions of them row by row
        "ANALYZE org_units".into(),
        "ANALYZE group_wards".into(),
        "ANALYZE group_members".into(),
        format!(
            "INSERT INTO assignments (city_id, group_id, month, cell_id, person_id)
             SELECT gw.city_id, gw.group_id, m::date, c.id, gm.person_id
             FROM group_wards gw
             JOIN org_units c ON c.parent_id = gw.ward_id AND c.kind = 'cell'
             JOIN (SELECT group_id, person_id, row_number() OVER (PARTITION BY group_id ORDER BY person_id) - 1 AS n
                   FROM group_members) gm ON gm.group_id = gw.group_id AND gm.n = c.id % 6
             CROSS JOIN {months} m
             ON CONFLICT DO NOTHING"
        ),
        format!(
            "INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, topic, status, announced_at)
             SELECT c.city_id, c.parent_id, c.id, 'regular', m::date, x.s, x.s + interval '2 hours', 'Nhà văn hóa khu phố',
                    'Sinh hoạt định kỳ', 'held', x.s - interval '5 days'
             FROM org_units c CROSS JOIN {months} m
             CROSS JOIN LATERAL (SELECT ((m::date + (c.id % 27)::int) + time '19:30') AT TIME ZONE 'Asia/Ho_Chi_Minh' AS s) x
             WHERE c.kind = 'cell' AND x.s < now() - interval '2 hours'"
        ),
        format!(
            "INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, topic, status, announced_at, invited_at)
             SELECT w.city_id, w.id, NULL, 'ward_committee', m::date, x.s, x.s + interval '150 minutes', 'Hội trường', 'Phiên họp thường kỳ',
                    'held', x.s - interval '5 days', CASE WHEN (w.id + extract(month FROM m)::int) % 9 = 0 THEN NULL ELSE x.s - interval '5 days' END
             FROM org_units w CROSS JOIN {months} m
             CROSS JOIN LATERAL (SELECT ((m::date + 2) + time '14:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' AS s) x
             WHERE w.kind = 'ward' AND x.s < now() - interval '3 hours'"
        ),
        "ANALYZE meetings".into(),
        "ANALYZE assignments".into(),
        "INSERT INTO meeting_absences (meeting_id, person_id, city_id, reason)
         SELECT m.id, a.person_id, m.city_id, CASE WHEN m.id % 100 = 3 THEN 'clash' ELSE 'illness' END
         FROM meetings m JOIN assignments a ON a.cell_id = m.cell_id AND a.month = m.month
         WHERE m.cell_id IS NOT NULL AND m.status = 'held' AND m.id % 50 = 3".into(),
        "INSERT INTO attendance_reports (city_id, meeting_id, person_id, status, checked_in_at, members_present, members_total,
                                         summary, overall_level, submitted_at)
         SELECT m.city_id, m.id, a.person_id, 'submitted', m.starts_at, 20, 25, 'Chi bộ sinh hoạt đúng nội dung.', 1 + (m.id % 4)::int,
                CASE WHEN m.id % 14 = 0 THEN m.starts_at + interval '12 days' ELSE m.starts_at + interval '1 day' END
         FROM meetings m JOIN assignments a ON a.cell_id = m.cell_id AND a.month = m.month
         WHERE m.cell_id IS NOT NULL AND m.status = 'held' AND m.id % 50 <> 3 AND m.id % 20 <> 7
           AND m.starts_at + interval '12 days' < now()
         -- (not NOT EXISTS: the table has no statistics yet, so the planner scanned it whole
         -- for every meeting, reading the rows this very statement had just added)
         ON CONFLICT DO NOTHING".into(),
        "ALTER TABLE meetings ENABLE TRIGGER USER".into(),
        "ALTER TABLE assignments ENABLE TRIGGER USER".into(),
        "ALTER TABLE attendance_reports ENABLE TRIGGER USER".into(),
        "ALTER TABLE meeting_absences ENABLE TRIGGER USER".into(),
    ];
    // All or nothing: an interrupted generation leaves nothing behind to start again.
    let mut tx = pool.begin().await.map_err(|e| e.to_string())?;
    for sql in &statements {
        sqlx::query(sql).execute(&mut *tx).await.map_err(|e| format!("{e}: {}", &sql[..sql.len().min(80)]))?;
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    for table in ["meetings", "assignments", "attendance_reports", "meeting_absences", "org_units"] {
        sqlx::query(&format!("VACUUM ANALYZE {table}")).execute(pool).await.map_err(|e| e.to_string())?;
    }
    let counts: (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM org_units WHERE kind = 'cell'), (SELECT count(*) FROM meetings),
                (SELECT count(*) FROM attendance_reports), (SELECT count(*) FROM assignments)",
    )
    .fetch_one(pool)
    .await
    .map_err(|e| e.to_string())?;
    println!(
        "  {} cells, {} meetings, {} reports, {} assignments in {:.0} s",
        counts.0,
        counts.1,
        counts.2,
        counts.3,
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The dashboard's figures on the national data set through the real server function, one
/// request at a time: a city (600 cells) and the province (5,040 cells), this year and the
/// last five years. The first read of each fills the rollup of its ward-months (timed
/// apart); then a report of five months ago changes, and the next read computes that
/// ward-month again.
async fn run_dashboard(pool: PgPool, args: &[String]) -> Result<(), String> {
    use chrono::{Datelike, Months};
    let rounds: usize = arg(args, "--rounds").unwrap_or(100);
    generate_national(&pool).await?;
    generate_recommendations(&pool).await?;
    generate_history(&pool).await?;
    let account = |name: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM accounts WHERE username = $1")
                .bind(name)
                .fetch_one(&pool)
                .await
                .map_err(|e| e.to_string())
        }
    };
    let (addr, city_cookie) = serve_signed_in(&pool, account("bench1").await?).await?;
    let province_cookie = format!("tct_session={}", open_session(&pool, account("benchprovince").await?).await.map_err(|e| format!("{e:?}"))?);
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let this_month = today.with_day(1).ok_or("date")?;
    let five_years = format!("from={}&to={}", (this_month - Months::new(59)).format("%Y-%m"), this_month.format("%Y-%m"));
    let post = |cookie: &str, body: &str| {
        format!(
            "POST /api/dashboard/data HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    let cases = [
        ("a city (600 cells), this year", &city_cookie, String::new()),
        ("a city, the last five years", &city_cookie, five_years.clone()),
        ("the province (5,040 cells), this year", &province_cookie, String::new()),
        ("the province, the last five years", &province_cookie, five_years.clone()),
    ];
    let mut conn = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    println!("dashboard data on the national data set (5 years of meetings and reports), /api/dashboard/data one request at a time:");
    for (label, cookie, body) in &cases {
        let t = Instant::now();
        let (status, _) = request_with_body(&mut conn, post(cookie, body).as_bytes()).await?;
        let first = t.elapsed().as_secs_f64() * 1000.0;
        let mut times = Vec::new();
        let mut errors = usize::from(status != 200);
        let mut bytes = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            let (status, answer) = request_with_body(&mut conn, post(cookie, body).as_bytes()).await?;
            times.push(t.elapsed());
            bytes = answer.len();
            if status != 200 {
                errors += 1;
            }
        }
        let (p50, p99) = percentiles(times);
        println!(
            "  {label:<40} p50 {p50:>7.2} ms  p99 {p99:>7.2} ms  ({rounds} requests, {errors} errors, {bytes} bytes; first read {first:.0} ms; budget p50 <= 100, p99 <= 300 ms: {})",
            if p50 <= 100.0 && p99 <= 300.0 && errors == 0 { "met" } else { "NOT met" }
        );
    }
    // the review report (DOCX) of the last twelve months, on the same data: a city-year and
    // the province's year
    let (docx_from, docx_to) = ((this_month - Months::new(12)).format("%Y-%m"), (this_month - Months::new(1)).format("%Y-%m"));
    let docx_body = format!("from={docx_from}&to={docx_to}&draft=on");
    let docx_rounds = rounds.clamp(1, 10);
    for (label, cookie) in [("review DOCX, a city, 12 months", &city_cookie), ("review DOCX, the province, 12 months", &province_cookie)] {
        let req = format!(
            "POST /export/review/docx HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{docx_body}",
            docx_body.len()
        );
        let mut times = Vec::new();
        let (mut errors, mut bytes) = (0, 0);
        for _ in 0..docx_rounds {
            let t = Instant::now();
            let (status, answer) = request_with_body(&mut conn, req.as_bytes()).await?;
            times.push(t.elapsed());
            bytes = answer.len();
            // a DOCX is a zip archive
            errors += usize::from(status != 200 || !answer.starts_with(b"PK"));
        }
        let (p50, p99) = percentiles(times);
        println!(
            "  {label:<40} p50 {p50:>7.2} ms  p99 {p99:>7.2} ms  ({docx_rounds} requests, {errors} errors, {bytes} bytes; budget <= 1000 ms: {})",
            if p99 <= 1000.0 && errors == 0 { "met" } else { "NOT met" }
        );
    }
    // each panel alone (the request runs them at once, each on its own connection)
    let province: i64 = sqlx::query_scalar("SELECT id FROM org_units WHERE kind = 'city' AND code = 'TINH'")
        .fetch_one(&pool)
        .await
        .map_err(|e| e.to_string())?;
    let ctx = to_cong_tac::dashboard::figures::Ctx {
        city: province,
        from: this_month - Months::new(59),
        end: this_month + Months::new(1),
        today,
        scope: to_cong_tac::dashboard::permissions::DashScope::City,
        ward: None,
        group: None,
    };
    println!("  each panel alone, the province, five years (median of {rounds}):");
    macro_rules! panel {
        ($label:expr, $call:expr) => {{
            let mut times = Vec::new();
            for _ in 0..rounds {
                let t = Instant::now();
                $call.await.map_err(|e| format!("{e:?}"))?;
                times.push(t.elapsed());
            }
            let (p50, _) = percentiles(times);
            println!("    {:<38} {p50:>7.2} ms", $label);
        }};
    }
    use to_cong_tac::dashboard::{figures, findings};
    panel!("attendance, reports, quality (rollup)", figures::attendance(&pool, &ctx, &None));
    panel!("recommendations", figures::recommendations(&pool, &ctx, &None));
    panel!("invitations", figures::invitations(&pool, &ctx, &None, &None));
    panel!("ward periodic reports", figures::ward_reports(&pool, &ctx, &None));
    panel!("findings: overdue, late announcements", findings::of_wards(&pool, &ctx, &None));
    panel!("findings: after merges", findings::of_merges(&pool, &ctx, &None));
    // a late report of a settled month: its ward-month is stale, the next read computes it
    let changed = sqlx::query(
        "UPDATE attendance_reports SET submitted_at = submitted_at + interval '20 days'
         WHERE id = (SELECT r.id FROM attendance_reports r JOIN meetings m ON m.id = r.meeting_id
                     WHERE m.city_id = (SELECT id FROM org_units WHERE kind = 'city' AND code = 'TINH') AND m.month = $1 LIMIT 1)",
    )
    .bind(this_month - Months::new(5))
    .execute(&pool)
    .await
    .map_err(|e| e.to_string())?
    .rows_affected();
    let t = Instant::now();
    let (status, _) = request_with_body(&mut conn, post(&province_cookie, &five_years).as_bytes()).await?;
    println!(
        "  the province, five years, after {changed} report of five months ago changed: {:.2} ms (status {status}; that ward-month computed again)",
        t.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}
