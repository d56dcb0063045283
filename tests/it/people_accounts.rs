//! People and accounts: who may read and change them, and what bad input gets.
#![cfg(feature = "ssr")]

use crate::common;
use common::TestApp;
use sqlx::PgPool;

#[sqlx::test(migrations = "./migrations")]
async fn people_are_read_by_officials_but_not_responders(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    for user in ["thuongvu", "bantochuc", "phuong1"] {
        let cookie = app.login(user).await;
        let r = app.post("/api/people/list", Some(&cookie), &[]).await;
        assert_eq!(r.status, 200, "{user}");
        assert!(r.json()["people"].as_array().unwrap().len() >= 60);
    }
    let cookie = app.login("ubnd").await;
    assert_eq!(app.post("/api/people/list", Some(&cookie), &[]).await.status, 403);
    assert_eq!(app.post("/api/people/get", Some(&cookie), &[("id", "1")]).await.status, 403);
}

#[sqlx::test(migrations = "./migrations")]
async fn people_are_created_and_edited_by_the_organization_board(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("bantochuc").await;
    let r = app
        .post("/api/people/save", Some(&cookie), &[("full_name", "Nguyễn Thị Test"), ("position", "Chuyên viên"), ("phone", "0912 000 111"), ("email", "test@hoagiang.dcs.vn")])
        .await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let id: i64 = sqlx::query_scalar("SELECT id FROM people WHERE full_name = 'Nguyễn Thị Test'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(app.audit_count("person", id).await, 1);
    let id_s = id.to_string();

    for (field, value, msg) in [
        ("full_name", "", "Required"),
        ("email", "not-an-email", "BadEmail"),
        ("phone", "call me", "BadPhone"),
        ("home_unit_id", "999999", "UnknownUnit"),
    ] {
        let mut form = vec![("id", id_s.as_str()), ("version", "1"), ("full_name", "Nguyễn Thị Test")];
        form.retain(|(k, _)| *k != field);
        form.push((field, value));
        let r = app.post("/api/people/save", Some(&cookie), &form).await;
        assert_eq!((r.status.as_u16(), r.error()), (422, (msg.to_string(), Some(field.to_string()))), "{field}");
    }
    assert_eq!(app.version("people", id).await, 1, "nothing saved");

    let r = app.post("/api/people/save", Some(&cookie), &[("id", &id_s), ("version", "1"), ("full_name", "Nguyễn Thị Mới"), ("active", "on")]).await;
    assert!(r.ok());
    let r = app.post("/api/people/save", Some(&cookie), &[("id", &id_s), ("version", "1"), ("full_name", "Lần hai"), ("active", "on")]).await;
    assert_eq!(r.status, 409);

    for user in ["thuongvu", "phuong1"] {
        let c = app.login(user).await;
        let r = app.post("/api/people/save", Some(&c), &[("full_name", "Không được")]).await;
        assert_eq!(r.status, 403, "{user}");
    }
}

#[sqlx::test(migrations = "./migrations")]
async fn accounts_refuse_bad_input(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("bantochuc").await;
    let p1 = app.unit_id("P1", None).await.to_string();
    let ubnd = app.unit_id("UBND-P1", None).await.to_string();
    let cases: &[(&[(&str, &str)], &str, &str)] = &[
        (&[("username", "phuong1")], "UsernameTaken", "username"),
        (&[("username", "PHUONG1")], "UsernameTaken", "username"),
        (&[("username", "a")], "UsernameFormat", "username"),
        (&[("username", "có dấu")], "UsernameFormat", "username"),
        (&[("password", "short1")], "WeakPassword", "password"),
        (&[("password", "onlyletters")], "WeakPassword", "password"),
        (&[("password", "")], "Required", "password"),
        (&[("role", "admin")], "CannotGrantAdmin", "role"),
        (&[("role", "king")], "UnknownRole", "role"),
        (&[("role", "ward_staff"), ("ward_id", "")], "ScopeMustBeWard", "ward_id"),
        (&[("role", "ward_staff"), ("ward_id", &ubnd)], "ScopeMustBeWard", "ward_id"),
        (&[("role", "responder"), ("body_id", &p1)], "ScopeMustBeBody", "body_id"),
        (&[("person_id", "999999")], "UnknownPerson", "person_id"),
    ];
    for (overrides, msg, field) in cases {
        let mut form: Vec<(&str, &str)> =
            vec![("username", "moi.tao"), ("password", "matkhau2026"), ("role", "ward_staff"), ("ward_id", &p1)];
        for (k, v) in overrides.iter() {
            form.retain(|(fk, _)| fk != k);
            form.push((k, v));
        }
        let r = app.post("/api/accounts/save", Some(&cookie), &form).await;
        assert_eq!((r.status.as_u16(), r.error()), (422, (msg.to_string(), Some(field.to_string()))), "{overrides:?}");
    }
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM accounts WHERE username = 'moi.tao'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 0);

    let r = app
        .post("/api/accounts/save", Some(&cookie), &[("username", "moi.tao"), ("password", "matkhau2026"), ("role", "responder"), ("body_id", &ubnd)])
        .await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    // the audit log never holds the password hash
    let after: serde_json::Value = sqlx::query_scalar(
        "SELECT after FROM audit_log WHERE entity = 'account' AND entity_id = (SELECT id FROM accounts WHERE username = 'moi.tao')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(after.get("password_hash").is_none(), "{after}");
    assert_eq!(after["role"], "responder");
    let r = app.post("/api/login", None, &[("username", "moi.tao"), ("password", "matkhau2026")]).await;
    assert!(r.ok(), "the new account signs in: {}", r.body);
}

#[sqlx::test(migrations = "./migrations")]
async fn only_admins_touch_admin_accounts(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let admin_id: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE username = 'admin'").fetch_one(&app.pool).await.unwrap();
    let board = app.login("bantochuc").await;
    let r = app.post("/api/accounts/get", Some(&board), &[("id", &admin_id.to_string())]).await;
    assert_eq!(r.status, 403);
    let r = app
        .post("/api/accounts/save", Some(&board), &[("id", &admin_id.to_string()), ("version", "1"), ("username", "admin"), ("role", "admin")])
        .await;
    assert!(r.status.is_client_error());
    let admin = app.login("admin").await;
    let r = app
        .post("/api/accounts/save", Some(&admin), &[("username", "admin2"), ("password", "matkhau2026"), ("role", "admin")])
        .await;
    assert!(r.ok(), "{}", r.body);
    for user in ["thuongvu", "phuong1", "ubnd"] {
        let c = app.login(user).await;
        assert_eq!(app.post("/api/accounts/list", Some(&c), &[]).await.status, 403, "{user}");
    }
}

#[sqlx::test(migrations = "./migrations")]
async fn a_new_password_ends_open_sessions(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let victim = app.login("phuong2").await;
    let board = app.login("bantochuc").await;
    let (id, version): (i64, i32) = sqlx::query_as("SELECT id, version FROM accounts WHERE username = 'phuong2'").fetch_one(&app.pool).await.unwrap();
    let p2 = app.unit_id("P2", None).await.to_string();
    let r = app
        .post(
            "/api/accounts/save",
            Some(&board),
            &[("id", &id.to_string()), ("version", &version.to_string()), ("username", "phuong2"), ("password", "matkhaumoi2027"), ("role", "ward_staff"), ("ward_id", &p2)],
        )
        .await;
    assert!(r.ok(), "{}", r.body);
    assert!(app.post("/api/me", Some(&victim), &[]).await.json().is_null());
}
