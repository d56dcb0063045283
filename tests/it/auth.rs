//! Sign-in, sessions, sign-out, throttling, and the page guard.
#![cfg(feature = "ssr")]

use crate::common;
use common::TestApp;
use sqlx::PgPool;

#[sqlx::test(migrations = "./migrations")]
async fn sign_in_sets_an_http_only_cookie_and_sign_out_ends_the_session(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let r = app.post("/api/login", None, &[("username", "BanToChuc"), ("password", "demo2026"), ("next", "/org")]).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let set_cookie = r.headers.get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert_eq!(r.location().as_deref(), Some("/org"));
    let cookie = set_cookie.split(';').next().unwrap().to_string();

    let me = app.post("/api/me", Some(&cookie), &[]).await.json();
    assert_eq!(me["username"], "bantochuc");
    assert_eq!(me["role"], "OrganizationBoard");

    // the token is not stored in clear
    let token = cookie.trim_start_matches("tct_session=");
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions WHERE token_hash = $1")
        .bind(token)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);

    let r = app.post("/api/logout", Some(&cookie), &[]).await;
    assert!(r.ok());
    let me = app.post("/api/me", Some(&cookie), &[]).await.json();
    assert!(me.is_null(), "{me}");
}

#[sqlx::test(migrations = "./migrations")]
async fn open_redirects_are_not_followed(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    for next in ["//evil.example", "https://evil.example/", "\\\\evil"] {
        let r = app.post("/api/login", None, &[("username", "admin"), ("password", "demo2026"), ("next", next)]).await;
        assert_eq!(r.location().as_deref(), Some("/"), "{next}");
    }
}

#[sqlx::test(migrations = "./migrations")]
async fn wrong_passwords_are_refused_then_slowed_down(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    for _ in 0..5 {
        let r = app.post("/api/login", None, &[("username", "phuong1"), ("password", "wrong-1")]).await;
        assert_eq!(r.status, 401, "{}", r.body);
        assert_eq!(r.error(), ("BadLogin".into(), Some("password".into())));
    }
    // now even the right password waits
    let r = app.post("/api/login", None, &[("username", "phuong1"), ("password", "demo2026")]).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.error().0, "TooManyAttempts");
    // other accounts are not affected
    assert!(app.post("/api/login", None, &[("username", "phuong2"), ("password", "demo2026")]).await.ok());
    // unknown users get the same answer as wrong passwords
    let r = app.post("/api/login", None, &[("username", "nobody"), ("password", "x")]).await;
    assert_eq!(r.error(), ("BadLogin".into(), Some("password".into())));
    let r = app.post("/api/login", None, &[("username", ""), ("password", "x")]).await;
    assert_eq!((r.status.as_u16(), r.error()), (422, ("Required".into(), Some("username".into()))));
}

#[sqlx::test(migrations = "./migrations")]
async fn disabled_accounts_cannot_sign_in_and_lose_their_sessions(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("phuong2").await;
    sqlx::query("UPDATE accounts SET disabled = true WHERE username = 'phuong2'").execute(&app.pool).await.unwrap();
    assert!(app.post("/api/me", Some(&cookie), &[]).await.json().is_null());
    let r = app.post("/api/login", None, &[("username", "phuong2"), ("password", "demo2026")]).await;
    assert_eq!(r.status, 401);
}

#[sqlx::test(migrations = "./migrations")]
async fn pages_need_a_session(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let r = app.get("/org?q=a", None).await;
    assert!(r.status.is_redirection(), "{}", r.status);
    assert_eq!(r.location().as_deref(), Some("/login?next=/org%3Fq%3Da"));
    let r = app.get("/login", None).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Đăng nhập"), "the sign-in page is Vietnamese");
    let cookie = app.login("thuongvu").await;
    let r = app.get("/org", Some(&cookie)).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Cơ cấu tổ chức"));
    assert!(r.body.contains("Phường 1"), "the tree is rendered on the server");
}

#[sqlx::test(migrations = "./migrations")]
async fn the_language_switch_sets_a_cookie(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let r = app.post("/api/lang", None, &[("lang", "en"), ("back", "/org")]).await;
    assert!(r.headers.get("set-cookie").unwrap().to_str().unwrap().starts_with("lang=en"));
    assert_eq!(r.location().as_deref(), Some("/org"));
    let cookie = app.login("thuongvu").await;
    let r = app.get("/org", Some(&format!("{cookie}; lang=en"))).await;
    assert!(r.body.contains("Organisation"), "English page");
}

#[sqlx::test(migrations = "./migrations")]
async fn create_admin_makes_the_first_city_and_account(pool: PgPool) {
    use to_cong_tac::server::admin::create_admin;
    let e = create_admin(&pool, "root", "short", Some("Thành ủy X")).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("password"));
    let e = create_admin(&pool, "root", "longenough1", None).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("city"), "a first admin needs a city");
    create_admin(&pool, "root", "longenough1", Some("Thành ủy X")).await.unwrap();
    let e = create_admin(&pool, "ROOT", "longenough1", None).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("username"));
    let cities: i64 = sqlx::query_scalar("SELECT count(*) FROM org_units WHERE kind = 'city'").fetch_one(&pool).await.unwrap();
    assert_eq!(cities, 1);
    // the demo city is not loaded over a real one
    assert!(!to_cong_tac::demo::load_if_empty(&pool).await.unwrap());
}

#[sqlx::test(migrations = "./migrations")]
async fn the_demo_city_loads_once(pool: PgPool) {
    assert!(to_cong_tac::demo::load_if_empty(&pool).await.unwrap());
    assert!(!to_cong_tac::demo::load_if_empty(&pool).await.unwrap());
    let (wards, cells, difficult, merged, people, standing): (i64, i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM org_units WHERE kind = 'ward'),
                (SELECT count(*) FROM org_units WHERE kind = 'cell' AND cell_kind = 'residential'),
                (SELECT count(*) FROM org_units WHERE kind = 'cell' AND is_difficult),
                (SELECT count(*) FROM org_units WHERE merged_into_id IS NOT NULL),
                (SELECT count(*) FROM people),
                (SELECT count(*) FROM people WHERE is_standing_member)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!((8..=12).contains(&wards), "{wards}");
    assert!((90..=115).contains(&cells), "{cells}");
    assert!(difficult >= 3, "{difficult}");
    assert!(merged >= 3, "{merged}");
    assert!((60..=80).contains(&people), "{people}");
    assert!((10..=14).contains(&standing), "{standing}");
}

#[sqlx::test(migrations = "./migrations")]
async fn parallel_guesses_cannot_get_past_the_limit(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let mut tries = tokio::task::JoinSet::new();
    for i in 0..20 {
        let app = app.clone();
        tries.spawn(async move {
            let password = format!("wrong-{i}");
            app.post("/api/login", None, &[("username", "phuong1"), ("password", &password)]).await
        });
    }
    let (mut checked, mut refused) = (0, 0);
    while let Some(r) = tries.join_next().await {
        let r = r.expect("task");
        match r.status.as_u16() {
            401 => checked += 1,
            429 => refused += 1,
            other => panic!("unexpected {other}: {}", r.body),
        }
    }
    assert!(checked <= 5, "{checked} parallel guesses reached the password check (limit 5)");
    assert_eq!(checked + refused, 20);
    // and the right password now waits too
    let r = app.post("/api/login", None, &[("username", "phuong1"), ("password", "demo2026")]).await;
    assert_eq!(r.status, 429);
}

#[sqlx::test(migrations = "./migrations")]
async fn expired_sessions_and_old_failures_are_purged(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let old = app.login("phuong1").await;
    let live = app.login("phuong2").await;
    sqlx::query("UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE account_id = (SELECT id FROM accounts WHERE username = 'phuong1')")
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO login_failures (username, address, at) VALUES ('x', 'a', now() - interval '2 days'), ('y', 'a', now())")
        .execute(&app.pool)
        .await
        .unwrap();
    let (sessions, failures) = to_cong_tac::auth::session::purge(&app.pool).await.unwrap();
    assert_eq!((sessions, failures), (1, 1));
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM login_failures").fetch_one(&app.pool).await.unwrap();
    assert_eq!(left, 1, "the recent failure stays");
    assert_eq!(app.post("/api/org/summary", Some(&old), &[]).await.status, 401);
    assert_eq!(app.post("/api/org/summary", Some(&live), &[]).await.status, 200);
}

#[test]
fn the_proxy_appended_address_is_the_right_most() {
    use to_cong_tac::auth::api::forwarded_client;
    assert_eq!(forwarded_client("1.2.3.4, 10.0.0.9").as_deref(), Some("10.0.0.9"));
    assert_eq!(forwarded_client("203.0.113.7").as_deref(), Some("203.0.113.7"));
    assert_eq!(forwarded_client("spoofed, ").as_deref(), None);
}

#[sqlx::test(migrations = "./migrations")]
async fn pages_carry_security_headers(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let r = app.get("/login", None).await;
    assert_eq!(r.status, 200);
    let csp = r.headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self' 'nonce-"), "{csp}");
    let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).unwrap();
    assert!(r.body.contains(&format!("nonce=\"{nonce}\"")), "the inline scripts carry the policy's nonce");
    assert_eq!(r.headers.get("x-content-type-options").unwrap(), "nosniff");
    assert!(r.headers.get("referrer-policy").is_some());
    assert_eq!(r.headers.get("cache-control").unwrap(), "private, no-cache");
}
