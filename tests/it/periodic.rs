//! Periodic reports against hand-computed due dates: Phường 1's reports of 2025 (Giỗ Tổ on
//! Monday 7/4 puts March's due date on Tuesday 8/4; 30/4, 1/5 and the swapped 2/5 put
//! April's on Friday 9/5), Tổ công tác số 1's half-year report (10 working days: 14/7); the
//! form pre-filled from the data; draft, conflict, bad input all at once, submission and a
//! double submit; the scope of each role; the dashboard's received-against-due and its
//! finding; the reminders sent once.
#![cfg(feature = "ssr")]

use crate::common;
use common::spring2025::exec;
use common::TestApp;
use serde_json::Value;
use sqlx::PgPool;


async fn list(app: &TestApp, who: &str, year: &str) -> Value {
    let c = app.login(who).await;
    let r = app.post("/api/periodic/list", Some(&c), &[("year", year)]).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    r.json()
}

fn line<'a>(d: &'a Value, reporter: &str, period: &str) -> &'a Value {
    d["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["reporter_name"] == reporter && l["period"] == period)
        .unwrap_or_else(|| panic!("no line {reporter} {period}"))
}

async fn group1(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT id FROM working_groups WHERE name = 'Tổ công tác số 1'").fetch_one(&app.pool).await.unwrap()
}

#[sqlx::test]
async fn owed_reports_and_their_due_dates(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let d = list(&app, "phuong1", "2025").await;
    let lines = d["lines"].as_array().unwrap();
    // the ward's staff see their ward's 12 months, 4 quarters and 2 halves, nothing else
    assert_eq!(lines.len(), 18, "{lines:?}");
    assert!(lines.iter().all(|l| l["reporter_name"] == "Đảng ủy Phường 1"));
    assert_eq!(line(&d, "Đảng ủy Phường 1", "2025-03")["due_on"], "08/04/2025");
    assert_eq!(line(&d, "Đảng ủy Phường 1", "2025-Q1")["due_on"], "08/04/2025");
    assert_eq!(line(&d, "Đảng ủy Phường 1", "2025-04")["due_on"], "09/05/2025");
    assert_eq!(line(&d, "Đảng ủy Phường 1", "2025-03")["state"], "Missing");
    assert_eq!(line(&d, "Đảng ủy Phường 1", "2025-03")["to"], "Tổ công tác số 1");
    assert_eq!(d["total"]["due"], 18);
    assert_eq!(d["total"]["missing"], 18);
    let p1 = app.unit_id("P1", None).await;
    assert!(d["writes"].as_array().unwrap().contains(&serde_json::json!(["Ward", p1])));
    // the group's leader: his group's half-year and year reports (10 working days) and the
    // reports of the wards it follows; the Standing Committee: every ward and group
    let t = list(&app, "totruong", "2025").await;
    assert_eq!(line(&t, "Tổ công tác số 1", "2025-H1")["due_on"], "14/07/2025");
    assert!(line(&t, "Đảng ủy Phường 1", "2025-Q2")["reporter_id"] == p1);
    assert!(!t["lines"].as_array().unwrap().iter().any(|l| l["reporter_name"] == "Đảng ủy Phường 2"));
    let s = list(&app, "thuongvu", "2025").await;
    line(&s, "Đảng ủy Phường 2", "2025-H2");
    line(&s, "Tổ công tác số 2", "2025");
    assert!(s["writes"].as_array().unwrap().is_empty());
    // a city's working-day settings move the due date
    exec(&app, "INSERT INTO city_settings (city_id, ward_report_days) VALUES (1, 1) ON CONFLICT (city_id) DO UPDATE SET ward_report_days = 1").await;
    let d = list(&app, "phuong1", "2025").await;
    assert_eq!(line(&d, "Đảng ủy Phường 1", "2025-03")["due_on"], "01/04/2025");
    // a bad year is answered on its field; a responder has no list
    let c = app.login("phuong1").await;
    let r = app.post("/api/periodic/list", Some(&c), &[("year", "20x5")]).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.error().1.as_deref(), Some("year"));
    let c = app.login("ubnd").await;
    assert_eq!(app.post("/api/periodic/list", Some(&c), &[]).await.status, 403);
}

#[sqlx::test]
async fn the_form_prefilled_saved_and_submitted(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let p1 = app.unit_id("P1", None).await;
    let id = p1.to_string();
    // March 2025 in Phường 1: two recommendations raised (one answered), a ward committee
    // meeting with the group invited, another without
    for status in ["answered", "forwarded"] {
        exec(&app, &format!(
            "INSERT INTO recommendations (city_id, client_key, ward_id, channel, content, domain, kind, raised_on, status)
             VALUES (1, gen_random_uuid(), {p1}, 'letter', 'Kiến nghị', 'land', 'state', '2025-03-10', '{status}')"
        ))
        .await;
    }
    for (day, invited) in [("2025-03-05", "now()"), ("2025-03-20", "NULL")] {
        exec(&app, &format!(
            "INSERT INTO meetings (city_id, ward_id, kind, month, starts_at, ends_at, status, invited_at)
             VALUES (1, {p1}, 'ward_committee', '2025-03-01', '{day} 08:00+07', '{day} 10:00+07', 'held', {invited})"
        ))
        .await;
    }
    let c = app.login("phuong1").await;
    let form = |c: String| {
        let app = &app;
        let id = id.clone();
        async move {
            let r = app.post("/api/periodic/form", Some(&c), &[("reporter", "ward"), ("id", &id), ("period", "2025-03")]).await;
            assert!(r.ok(), "{} {}", r.status, r.body);
            r.json()
        }
    };
    let f = form(c.clone()).await;
    assert_eq!(f["status"], "new");
    assert_eq!(f["can_write"], true);
    let fig = |f: &Value, k: &str| -> (i64, i64) {
        let x = f["figures"].as_array().unwrap().iter().find(|x| x["key"] == k).unwrap();
        (x["value"].as_i64().unwrap(), x["computed"].as_i64().unwrap())
    };
    assert_eq!(fig(&f, "recs_raised"), (2, 2));
    assert_eq!(fig(&f, "recs_resolved"), (1, 1));
    assert_eq!(fig(&f, "committee_meetings"), (2, 2));
    assert_eq!(fig(&f, "group_invited"), (1, 1));
    assert_eq!(f["sections"].as_array().unwrap().len(), 4);

    let base = [("reporter", "ward"), ("id", id.as_str()), ("period", "2025-03")];
    let with = |extra: &[(&'static str, &'static str)]| -> Vec<(&str, &str)> { base.iter().copied().chain(extra.iter().copied()).collect() };
    // a draft with a corrected figure
    let r = app.post("/api/periodic/save", Some(&c), &with(&[
        ("version", "0"),
        ("figures[0][key]", "recs_raised"), ("figures[0][value]", "3"),
        ("sections[0][key]", "socio_economic"), ("sections[0][text]", "Ổn định."),
    ])).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let f = form(c.clone()).await;
    assert_eq!((f["status"].as_str(), f["version"].as_i64()), (Some("draft"), Some(1)));
    assert_eq!(fig(&f, "recs_raised"), (3, 2));
    assert_eq!(f["sections"][0]["text"], "Ổn định.");
    // a stale version
    let r = app.post("/api/periodic/save", Some(&c), &with(&[("version", "0")])).await;
    assert_eq!(r.status, 409);
    // a submission with every bad field answered at once, nothing saved
    let r = app.post("/api/periodic/save", Some(&c), &with(&[
        ("version", "1"), ("submit", "on"),
        ("figures[0][key]", "recs_raised"), ("figures[0][value]", "ba"),
        ("figures[1][key]", "cell_meetings"), ("figures[1][value]", "-1"),
        ("sections[0][key]", "socio_economic"), ("sections[0][text]", "Ổn định."),
        ("sections[1][key]", "defence_security"), ("sections[1][text]", "  "),
    ])).await;
    assert_eq!(r.status, 422, "{}", r.body);
    // the first error is the field's, the others come with it
    assert_eq!(r.error().1.as_deref(), Some("figure-recs_raised"));
    for f in ["figure-cell_meetings", "section-defence_security", "section-party_building"] {
        assert!(r.body.contains(&format!("\"{f}\"")), "{f}: {}", r.body);
    }
    assert!(!r.body.contains("section-issues"), "the last section may stay empty: {}", r.body);
    // an unknown figure is a bad request
    let r = app.post("/api/periodic/save", Some(&c), &with(&[("version", "1"), ("figures[0][key]", "x"), ("figures[0][value]", "1")])).await;
    assert_eq!(r.status, 422);
    let rid: i64 = sqlx::query_scalar("SELECT id FROM periodic_reports WHERE ward_id = $1").bind(p1).fetch_one(&app.pool).await.unwrap();
    assert_eq!(app.version("periodic_reports", rid).await, 1);
    // the submission, twice with the same key: one submission
    let key = "6f1c0c56-2b7e-4c43-9d0a-3f4d1b2a9e10";
    let mut full = vec![("version", "1"), ("submit", "on"), ("submit_key", key)];
    let figures: Vec<(String, String)> = f["figures"].as_array().unwrap().iter().enumerate()
        .flat_map(|(i, x)| [(format!("figures[{i}][key]"), x["key"].as_str().unwrap().to_string()), (format!("figures[{i}][value]"), x["value"].to_string())])
        .collect();
    let sections: Vec<(String, String)> = ["socio_economic", "defence_security", "party_building", "issues"].iter().enumerate()
        .flat_map(|(i, k)| [(format!("sections[{i}][key]"), k.to_string()), (format!("sections[{i}][text]"), if *k == "issues" { String::new() } else { format!("Nội dung {k}") })])
        .collect();
    for (k, v) in figures.iter().chain(sections.iter()) {
        full.push((k.as_str(), v.as_str()));
    }
    let mut args: Vec<(&str, &str)> = base.to_vec();
    args.extend(full.iter().copied());
    let r = app.post("/api/periodic/save", Some(&c), &args).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let r = app.post("/api/periodic/save", Some(&c), &args).await;
    assert!(r.ok(), "the same submission again: {} {}", r.status, r.body);
    let submits: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE entity = 'periodic_report' AND entity_id = $1 AND action = 'submit'")
        .bind(rid)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(submits, 1);
    let f = form(c.clone()).await;
    assert_eq!((f["status"].as_str(), f["can_write"].as_bool()), (Some("submitted"), Some(false)));
    // submitted long after 8/4/2025: late
    assert_eq!(f["line"]["state"], "Late");
    assert_eq!(fig(&f, "recs_raised"), (3, 2));
    // a submitted report is final
    let r = app.post("/api/periodic/save", Some(&c), &with(&[("version", "2")])).await;
    assert_eq!(r.status, 422, "{}", r.body);
    // the group reads it; the leader sees it received
    let t = list(&app, "totruong", "2025").await;
    assert_eq!(line(&t, "Đảng ủy Phường 1", "2025-03")["state"], "Late");
}

#[sqlx::test]
async fn who_reads_and_who_writes(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let p1 = app.unit_id("P1", None).await.to_string();
    let g1 = group1(&app).await.to_string();
    let ward_form = [("reporter", "ward"), ("id", p1.as_str()), ("period", "2025-06")];
    for (who, status) in [("phuong2", 403), ("ubnd", 403), ("thanhvien", 200), ("totruong", 200), ("bantochuc", 200)] {
        let c = app.login(who).await;
        assert_eq!(app.post("/api/periodic/form", Some(&c), &ward_form).await.status, status, "{who}");
    }
    let save = [("reporter", "ward"), ("id", p1.as_str()), ("period", "2025-06"), ("version", "0")];
    for who in ["thanhvien", "totruong", "bantochuc", "thuongvu", "admin"] {
        let c = app.login(who).await;
        assert_eq!(app.post("/api/periodic/save", Some(&c), &save).await.status, 403, "{who}");
    }
    // the group's report: its leader writes, a member reads, ward staff do not
    let group_save = [("reporter", "group"), ("id", g1.as_str()), ("period", "2025-H1"), ("version", "0")];
    let c = app.login("totruong").await;
    let r = app.post("/api/periodic/save", Some(&c), &group_save).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let c = app.login("thanhvien").await;
    assert_eq!(app.post("/api/periodic/save", Some(&c), &group_save).await.status, 403);
    let c = app.login("phuong1").await;
    assert_eq!(app.post("/api/periodic/form", Some(&c), &[("reporter", "group"), ("id", g1.as_str()), ("period", "2025-H1")]).await.status, 403);
    // periods and reporters that are not owed: not found
    for (reporter, id, period) in [
        ("ward", p1.as_str(), "2025-Q5"),
        ("ward", p1.as_str(), "2025"),
        ("group", g1.as_str(), "2025-03"),
        ("cell", p1.as_str(), "2025-03"),
        ("ward", "abc", "2025-03"),
        ("ward", "999999", "2025-03"),
    ] {
        let r = app.post("/api/periodic/form", Some(&c), &[("reporter", reporter), ("id", id), ("period", period)]).await;
        assert_eq!(r.status, 404, "{reporter} {id} {period}");
    }
}

#[sqlx::test]
async fn the_dashboard_counts_them_and_the_reminders_go_once(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let p1 = app.unit_id("P1", None).await;
    // Q1 2025 in on the due day (Vietnam time), March the morning after, April never
    exec(&app, &format!(
        "INSERT INTO periodic_reports (city_id, ward_id, cadence, period_start, period_end, status, submitted_at)
         VALUES (1, {p1}, 'quarter', '2025-01-01', '2025-03-31', 'submitted', '2025-04-08 23:00+07'),
                (1, {p1}, 'month', '2025-03-01', '2025-03-31', 'submitted', '2025-04-09 08:00+07')"
    ))
    .await;
    let c = app.login("thuongvu").await;
    let ward = p1.to_string();
    let r = app.post("/api/dashboard/data", Some(&c), &[("from", "2025-03"), ("to", "2025-04"), ("ward", &ward)]).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let d = r.json();
    let t = &d["ward_reports"]["total"];
    assert_eq!((t["due"].as_i64(), t["on_time"].as_i64(), t["late"].as_i64(), t["missing"].as_i64()), (Some(3), Some(1), Some(1), Some(1)), "{t}");
    let f: Vec<&Value> = d["findings"].as_array().unwrap().iter().filter(|f| f["kind"] == "missing_periodic").collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["subject"], "Đảng ủy Phường 1");
    assert_eq!(f[0]["evidence"], "2025-04");

    // the reminders: reports of the last months are missing in the demo; sent once
    let n1 = to_cong_tac::periodic::api::send_reminders(&app.pool).await.unwrap();
    assert!(n1 > 0);
    let n2 = to_cong_tac::periodic::api::send_reminders(&app.pool).await.unwrap();
    assert_eq!(n2, 0);
    let link: Option<String> = sqlx::query_scalar(
        "SELECT n.link FROM notices n JOIN accounts a ON a.person_id = n.person_id
         WHERE a.username = 'phuong1' AND n.kind = 'periodic_missing' LIMIT 1",
    )
    .fetch_optional(&app.pool)
    .await
    .unwrap()
    .flatten();
    let link = link.expect("phuong1 reminded");
    assert!(link.starts_with(&format!("/periodic/ward/{p1}/")), "{link}");
    let c = app.login("phuong1").await;
    let inbox = app.post("/api/notices/list", Some(&c), &[]).await.json();
    assert!(inbox["notices"].as_array().unwrap().iter().any(|n| n["link"] == link.as_str()));
    // and the page it links to opens
    let r = app.get(&link, Some(&c)).await;
    assert_eq!(r.status, 200);
}
