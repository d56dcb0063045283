//! Calendar subscriptions: the feed is read by an independent library (Python's
//! icalendar), keeps each meeting's UID across changes, bumps SEQUENCE, marks cancelled
//! meetings, uses Vietnam's time; a revoked link answers "gone".
#![cfg(feature = "ssr")]

use crate::common;
use common::TestApp;
use serde_json::Value;
use sqlx::PgPool;

/// The feed as the icalendar library reads it.
fn parse(ics: &str) -> Value {
    let dir = std::env::temp_dir().join(format!("tct-ics-{}-{}", std::process::id(), rand_suffix()));
    std::fs::write(&dir, ics).unwrap();
    let pythonpath = std::env::var("ICS_PYTHONPATH").unwrap_or_else(|_| format!("{}/.tools/python", env!("CARGO_MANIFEST_DIR")));
    let out = std::process::Command::new("python3")
        .arg(format!("{}/tests/tools/ics_check.py", env!("CARGO_MANIFEST_DIR")))
        .arg(&dir)
        .env("PYTHONPATH", pythonpath)
        .output()
        .expect("python3 runs (scripts/test installs icalendar)");
    let _ = std::fs::remove_file(&dir);
    assert!(out.status.success(), "icalendar could not read the feed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn rand_suffix() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64
}

/// Makes a feed as `user` (a ward's when `ward` is given) and returns its path.
async fn make_feed(app: &TestApp, cookie: &str, ward: Option<i64>) -> String {
    let w = ward.map(|w| w.to_string()).unwrap_or_default();
    let r = app.post("/api/ics/create", Some(cookie), &[("ward_id", &w)]).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let location = r.location().expect("redirects to the page that shows the link once");
    let token = location.split("new=").nth(1).unwrap().to_string();
    format!("/ics/{token}.ics")
}

#[sqlx::test(migrations = "./migrations")]
async fn a_ward_feed_follows_every_change_and_stops_when_revoked(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let ward = app.unit_id("P1", None).await;
    let cookie = app.login("phuong1").await;
    let path = make_feed(&app, &cookie, Some(ward)).await;
    let r = app.get(&path, None).await;
    assert_eq!(r.status, 200);
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("text/calendar"));
    assert!(r.body.contains("\r\n"), "CRLF line ends");
    let cal = parse(&r.body);
    assert_eq!(cal["version"], "2.0");
    assert_eq!(cal["timezones"][0], "Asia/Ho_Chi_Minh");
    let events = cal["events"].as_array().unwrap();
    let in_db: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM meetings WHERE ward_id = $1 AND starts_at > now() - interval '92 days' AND starts_at < now() + interval '366 days'",
    )
    .bind(ward).fetch_one(&app.pool).await.unwrap();
    assert_eq!(events.len() as i64, in_db);
    assert!(events.iter().all(|e| e["start"].as_str().unwrap().ends_with("+07:00")), "Vietnam's time");

    // One meeting moved, then cancelled: same UID, higher SEQUENCE, STATUS:CANCELLED.
    let (id, version, starts): (i64, i32, chrono::DateTime<chrono::Utc>) = sqlx::query_as(
        "SELECT id, version, starts_at FROM meetings WHERE ward_id = $1 AND cell_id IS NOT NULL ORDER BY starts_at DESC LIMIT 1",
    )
    .bind(ward).fetch_one(&app.pool).await.unwrap();
    let uid = format!("meeting-{id}@to-cong-tac");
    let before = events.iter().find(|e| e["uid"] == uid.as_str()).expect("the meeting is in the feed").clone();
    let day = (starts + chrono::Duration::hours(7) + chrono::Duration::days(1)).format("%d/%m/%Y").to_string();
    sqlx::query("UPDATE meetings SET status = 'announced' WHERE id = $1 AND status = 'held'").bind(id).execute(&app.pool).await.unwrap();
    let r = app.post("/api/meetings/change", Some(&cookie), &[
        ("id", &id.to_string()), ("version", &version.to_string()), ("action", "reschedule"),
        ("reason", "Trùng lịch tiếp xúc cử tri"), ("date", &day), ("start", "18:00"), ("end", "20:00"),
    ]).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let moved = parse(&app.get(&path, None).await.body);
    let after = moved["events"].as_array().unwrap().iter().find(|e| e["uid"] == uid.as_str()).unwrap().clone();
    assert!(after["sequence"].as_i64() > before["sequence"].as_i64());
    assert!(after["start"].as_str().unwrap().ends_with("T18:00:00+07:00"), "{after}");
    let r = app.post("/api/meetings/change", Some(&cookie), &[
        ("id", &id.to_string()), ("version", &(version + 1).to_string()), ("action", "cancel"), ("reason", "Mưa bão, ngập úng"),
    ]).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let cancelled = parse(&app.get(&path, None).await.body);
    let ev = cancelled["events"].as_array().unwrap().iter().find(|e| e["uid"] == uid.as_str()).unwrap().clone();
    assert_eq!(ev["status"], "CANCELLED");
    assert!(ev["sequence"].as_i64() > after["sequence"].as_i64());

    // Revoked: "gone", with a message; an unknown or malformed secret: not found.
    let list = app.post("/api/ics/list", Some(&cookie), &[]).await.json();
    let feed = list["feeds"][0]["id"].as_i64().unwrap();
    assert!(app.post("/api/ics/revoke", Some(&cookie), &[("id", &feed.to_string())]).await.ok());
    let r = app.get(&path, None).await;
    assert_eq!(r.status, 410);
    assert!(r.body.contains("thu hồi"));
    assert_eq!(app.get(&format!("/ics/{}.ics", "0".repeat(48)), None).await.status, 404);
    assert_eq!(app.get("/ics/../../etc/passwd", None).await.status, 404);
    // The secret never reaches the audit log.
    let leaked: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE after::text LIKE '%token%' OR before::text LIKE '%token%'")
        .fetch_one(&app.pool).await.unwrap();
    assert_eq!(leaked, 0);
}

#[sqlx::test(migrations = "./migrations")]
async fn a_member_feed_lists_his_meetings_and_a_new_link_replaces_the_old(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("thanhvien").await;
    let first = make_feed(&app, &cookie, None).await;
    let cal = parse(&app.get(&first, None).await.body);
    let events = cal["events"].as_array().unwrap();
    assert!(!events.is_empty());
    let person: i64 = sqlx::query_scalar("SELECT person_id FROM accounts WHERE username = 'thanhvien'").fetch_one(&app.pool).await.unwrap();
    // every event is one he is expected at
    for e in events {
        let id: i64 = e["uid"].as_str().unwrap().trim_start_matches("meeting-").trim_end_matches("@to-cong-tac").parse().unwrap();
        let his: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM meetings m JOIN assignments a ON a.cell_id = m.cell_id AND a.month = m.month
                            WHERE m.id = $1 AND a.person_id = $2)
                 OR EXISTS (SELECT 1 FROM meetings m JOIN group_wards gw ON gw.ward_id = m.ward_id
                            JOIN group_members gm ON gm.group_id = gw.group_id WHERE m.id = $1 AND m.cell_id IS NULL AND gm.person_id = $2)",
        )
        .bind(id).bind(person).fetch_one(&app.pool).await.unwrap();
        assert!(his, "event {id} is not his");
    }
    let second = make_feed(&app, &cookie, None).await;
    assert_ne!(first, second);
    assert_eq!(app.get(&first, None).await.status, 410, "the old link stops");
    assert_eq!(app.get(&second, None).await.status, 200);
    // Ward feeds are for those who enter the ward's schedule.
    let p2 = app.unit_id("P2", None).await;
    let r = app.post("/api/ics/create", Some(&cookie), &[("ward_id", &p2.to_string())]).await;
    assert_eq!(r.status, 403);
    let p1 = app.login("phuong1").await;
    let r = app.post("/api/ics/create", Some(&p1), &[("ward_id", &p2.to_string())]).await;
    assert_eq!(r.status, 403);
    // and revoking someone else's link is refused
    let list = app.post("/api/ics/list", Some(&cookie), &[]).await.json();
    let mine = list["feeds"][0]["id"].as_i64().unwrap();
    assert_eq!(app.post("/api/ics/revoke", Some(&p1), &[("id", &mine.to_string())]).await.status, 403);
}
