//! At the meeting and the attendance report: check-in, the capture and the report with
//! each rule it checks, replays stored once, absences and substitutes, the ward's
//! confirmation, the Organization Board's review and inbox (late by working days across
//! Tết), the reminder of the 3rd working day, the confidential part, the working-day
//! calendar an admin corrects, and the years no admin changed filled again with 24/11.
#![cfg(feature = "ssr")]

use crate::common;
use common::{Reply, TestApp};
use serde_json::Value;
use sqlx::PgPool;

/// A cell of Phường 1 with thanhvien and a second member assigned this month, 30 party
/// members, and a meeting of it starting `starts` (SQL) for two hours.
struct Setup {
    cell: i64,
    meeting: i64,
    thanhvien: i64,
    other: i64,
}

async fn setup(app: &TestApp, starts: &str) -> Setup {
    let q = |s: String| async move {
        sqlx::query_scalar::<_, i64>(&s)
            .fetch_one(&app.pool)
            .await
            .unwrap_or_else(|e| panic!("{s}: {e}"))
    };
    let thanhvien = q("SELECT person_id FROM accounts WHERE username = 'thanhvien'".into()).await;
    let cell = q("INSERT INTO org_units (city_id, parent_id, kind, cell_kind, code, name, active_from, party_members)
                  SELECT w.city_id, w.id, 'cell', 'residential', 'RPT', 'Chi bộ Khu phố báo cáo', '2020-01-01', 30
                  FROM org_units w WHERE w.kind = 'ward' AND w.code = 'P1' RETURNING id".into())
    .await;
    let other = q("INSERT INTO people (city_id, full_name) SELECT city_id, 'Trần Văn Dự' FROM org_units WHERE id = (SELECT city_id FROM accounts WHERE username = 'admin') RETURNING id".into()).await;
    for p in [thanhvien, other] {
        q(format!(
            "INSERT INTO assignments (city_id, group_id, month, cell_id, person_id)
             SELECT g.city_id, g.id, date_trunc('month', ({starts}) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, {cell}, {p}
             FROM working_groups g WHERE g.name = 'Tổ công tác số 1' RETURNING id"
        ))
        .await;
    }
    let meeting = new_meeting(app, cell, starts).await;
    Setup {
        cell,
        meeting,
        thanhvien,
        other,
    }
}

/// A meeting of the cell; its members are assigned for its month too.
async fn new_meeting(app: &TestApp, cell: i64, starts: &str) -> i64 {
    sqlx::query(&format!(
        "INSERT INTO assignments (city_id, group_id, month, cell_id, person_id)
         SELECT DISTINCT ON (person_id) city_id, group_id, date_trunc('month', ({starts}) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, cell_id, person_id
         FROM assignments WHERE cell_id = {cell} ON CONFLICT DO NOTHING"
    ))
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query_scalar(&format!(
        "INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, status)
         SELECT c.city_id, c.parent_id, c.id, 'regular', date_trunc('month', ({starts}) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
                {starts}, {starts} + interval '2 hours', 'Nhà văn hóa', 'announced'
         FROM org_units c WHERE c.id = {cell} RETURNING id"
    ))
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

async fn save(app: &TestApp, cookie: &str, meeting: i64, extra: &[(&str, &str)]) -> Reply {
    let version: Option<i32> = sqlx::query_scalar("SELECT r.version FROM attendance_reports r JOIN accounts a ON a.person_id = r.person_id WHERE r.meeting_id = $1 AND a.username = 'thanhvien'")
        .bind(meeting)
        .fetch_optional(&app.pool)
        .await
        .unwrap();
    let m = meeting.to_string();
    let v = version.unwrap_or(0).to_string();
    let mut form: Vec<(&str, &str)> = vec![("meeting_id", &m), ("version", &v)];
    form.extend_from_slice(extra);
    app.post("/api/reports/save", Some(cookie), &form).await
}

async fn criteria(app: &TestApp) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM rating_criteria WHERE city_id = (SELECT city_id FROM accounts WHERE username = 'admin') ORDER BY position")
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

/// A complete report as the form sends it: every criterion rated `level`.
fn complete(crit: &[i64], level: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![
        (
            "summary".into(),
            "Chi bộ sinh hoạt đúng trình tự, 24/30 đảng viên dự.".into(),
        ),
        ("members_present".into(), "24".into()),
        ("overall_level".into(), "3".into()),
        ("informed".into(), "on".into()),
        (
            "complex_issues".into(),
            "Tranh chấp đất đai kéo dài ở tổ 5".into(),
        ),
        ("complex_confidential".into(), "on".into()),
    ];
    for (i, c) in crit.iter().enumerate() {
        f.push((format!("ratings[{i}][criterion]"), c.to_string()));
        f.push((format!("ratings[{i}][level]"), level.into()));
    }
    f
}

fn pairs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

#[sqlx::test(migrations = "./migrations")]
async fn check_in_capture_and_submit_once(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let s = setup(&app, "now() - interval '30 minutes'").await;
    let me = app.login("thanhvien").await;
    let m = s.meeting.to_string();

    // check in twice: the first time is kept
    assert!(app
        .post("/api/reports/check-in", Some(&me), &[("meeting_id", &m)])
        .await
        .ok());
    let first: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT checked_in_at FROM attendance_reports WHERE meeting_id = $1")
            .bind(s.meeting)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(app
        .post("/api/reports/check-in", Some(&me), &[("meeting_id", &m)])
        .await
        .ok());
    let again: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT checked_in_at FROM attendance_reports WHERE meeting_id = $1")
            .bind(s.meeting)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(first, again);

    // two recommendations; the second sent twice (a retry) is stored once
    for (key, content) in [
        (
            "11111111-1111-4111-8111-111111111111",
            "Đề nghị lắp đèn đường hẻm 12",
        ),
        (
            "22222222-2222-4222-8222-222222222222",
            "Phản ánh rác thải ở kênh",
        ),
        (
            "22222222-2222-4222-8222-222222222222",
            "Phản ánh rác thải ở kênh",
        ),
    ] {
        let r = app
            .post(
                "/api/reports/recommendation",
                Some(&me),
                &[
                    ("meeting_id", &m),
                    ("client_key", key),
                    ("content", content),
                    ("domain", "environment"),
                    ("raised_by", "Bà Lan, tổ 3"),
                ],
            )
            .await;
        assert!(r.ok(), "{}", r.body);
    }
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT count(*) FROM recommendations WHERE meeting_id = {}",
                s.meeting
            )
        )
        .await,
        2
    );
    let bad = app
        .post(
            "/api/reports/recommendation",
            Some(&me),
            &[
                ("meeting_id", &m),
                ("client_key", "33333333-3333-4333-8333-333333333333"),
                ("content", "x"),
                ("domain", "weather"),
            ],
        )
        .await;
    assert_eq!(
        (bad.status.as_u16(), bad.error().1.as_deref()),
        (422, Some("domain"))
    );

    // one captured by mistake is withdrawn (twice: a double tap), not deleted; nobody else may
    let r = app
        .post(
            "/api/reports/recommendation",
            Some(&me),
            &[("meeting_id", &m), ("client_key", "55555555-5555-4555-8555-555555555555"), ("content", "Nhập nhầm"), ("domain", "other")],
        )
        .await;
    assert!(r.ok(), "{}", r.body);
    let mistaken = count(&app, "SELECT id FROM recommendations WHERE client_key = '55555555-5555-4555-8555-555555555555'").await.to_string();
    let board = app.login("bantochuc").await;
    let r = app
        .post("/api/reports/recommendation-withdraw", Some(&board), &[("meeting_id", &m), ("id", &mistaken)])
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    for _ in 0..2 {
        let r = app
            .post("/api/reports/recommendation-withdraw", Some(&me), &[("meeting_id", &m), ("id", &mistaken)])
            .await;
        assert!(r.ok(), "{} {}", r.status, r.body);
    }
    assert_eq!(count(&app, &format!("SELECT count(*) FROM recommendations WHERE meeting_id = {} AND deleted_at IS NULL", s.meeting)).await, 2);
    assert_eq!(count(&app, &format!("SELECT count(*) FROM recommendations WHERE id = {mistaken}")).await, 1);
    assert_eq!(app.audit_count("recommendation", mistaken.parse().unwrap()).await, 2);
    let panel = app.post("/api/reports/meeting", Some(&me), &[("meeting_id", &m)]).await.json();
    assert_eq!(panel["my_recommendations"].as_array().unwrap().len(), 2);
    let r = app
        .post("/api/reports/recommendation-withdraw", Some(&me), &[("meeting_id", &m), ("id", "999999999")])
        .await;
    assert_eq!(r.status, 404, "{}", r.body);

    // a draft, then a save retried with the same key: answered with the same version
    let note = [
        ("running_note", "Ý kiến về đường hẻm"),
        ("save_key", "44444444-4444-4444-8444-444444444444"),
    ];
    let v1 = save(&app, &me, s.meeting, &note).await;
    assert!(v1.ok(), "{}", v1.body);
    let m2 = m.clone();
    let replay = app
        .post(
            "/api/reports/save",
            Some(&me),
            &[
                ("meeting_id", &m2),
                ("version", "0"),
                ("running_note", "Ý kiến về đường hẻm"),
                ("save_key", "44444444-4444-4444-8444-444444444444"),
            ],
        )
        .await;
    assert_eq!(
        replay.json(),
        v1.json(),
        "a retried save is answered as the first"
    );

    // submit: incomplete → every missing part at once, nothing saved
    let incomplete = save(
        &app,
        &me,
        s.meeting,
        &[
            ("submit", "on"),
            ("submit_key", "55555555-5555-4555-8555-555555555555"),
        ],
    )
    .await;
    assert_eq!(incomplete.status.as_u16(), 422);
    let e = incomplete.json();
    let fields: Vec<String> = std::iter::once(e["field"].as_str().unwrap().to_string())
        .chain(
            e["also"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p[0].as_str().unwrap().to_string()),
        )
        .collect();
    assert!(
        fields.contains(&"summary".to_string()) && fields.contains(&"overall_level".to_string()),
        "{fields:?}"
    );
    assert_eq!(count(&app, &format!("SELECT count(*) FROM attendance_reports WHERE meeting_id = {} AND status = 'draft'", s.meeting)).await, 1);

    // bad input: present over the cell's members, a level outside the scale, text over the limit
    let crit = criteria(&app).await;
    let mut f = complete(&crit, "3");
    f.iter_mut().find(|p| p.0 == "members_present").unwrap().1 = "31".into();
    let r = save(&app, &me, s.meeting, &pairs(&f)).await;
    assert_eq!(
        (r.status.as_u16(), r.error().1.as_deref()),
        (422, Some("members_present"))
    );
    let f = complete(&crit, "5");
    let r = save(&app, &me, s.meeting, &pairs(&f)).await;
    assert_eq!(r.status.as_u16(), 422);
    assert_eq!(r.error().1, Some(format!("rating-{}", crit[0])));
    let long = "a".repeat(10_001);
    let r = save(&app, &me, s.meeting, &[("summary", &long)]).await;
    assert_eq!(
        (r.status.as_u16(), r.error().1.as_deref()),
        (422, Some("summary"))
    );

    // the complete report, submitted; sent again with the same key: stored once
    let mut f = complete(&crit, "4");
    f.push(("submit".into(), "on".into()));
    f.push((
        "submit_key".into(),
        "66666666-6666-4666-8666-666666666666".into(),
    ));
    let r = save(&app, &me, s.meeting, &pairs(&f)).await;
    assert!(r.ok(), "{}", r.body);
    let mut stale = f.clone();
    stale.insert(0, ("version".into(), "1".into()));
    stale.insert(0, ("meeting_id".into(), m.clone()));
    let again = app
        .post("/api/reports/save", Some(&me), &pairs(&stale))
        .await;
    assert_eq!(
        again.json(),
        r.json(),
        "a replayed submission is answered as the first"
    );
    let report: i64 = sqlx::query_scalar("SELECT id FROM attendance_reports WHERE meeting_id = $1")
        .bind(s.meeting)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count(&app, &format!("SELECT count(*) FROM audit_log WHERE entity = 'attendance_report' AND entity_id = {report} AND action = 'submit'")).await, 1);
    assert_eq!(
        count(
            &app,
            &format!("SELECT count(*) FROM report_ratings WHERE report_id = {report}")
        )
        .await,
        crit.len() as i64
    );
    // the confidential part never reaches the log
    assert_eq!(count(&app, "SELECT count(*) FROM audit_log WHERE before::text LIKE '%Tranh chấp%' OR after::text LIKE '%Tranh chấp%'").await, 0);

    // submitted: no more edits
    let r = save(&app, &me, s.meeting, &[("running_note", "sửa")]).await;
    assert_eq!(r.status.as_u16(), 422);
    let r = app
        .post(
            "/api/reports/recommendation",
            Some(&me),
            &[
                ("meeting_id", &m),
                ("client_key", "77777777-7777-4777-8777-777777777777"),
                ("content", "muộn"),
                ("domain", "other"),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 422);

    // the board returns it with a comment; the member revises and submits again; acknowledged, it is locked
    let board = app.login("bantochuc").await;
    let version = app.version("attendance_reports", report).await.to_string();
    let r = app
        .post(
            "/api/reports/review",
            Some(&board),
            &[
                ("report_id", &report.to_string()),
                ("version", &version),
                ("action", "return"),
                ("comment", ""),
            ],
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.error().1.as_deref()),
        (422, Some("comment"))
    );
    let r = app
        .post(
            "/api/reports/review",
            Some(&board),
            &[
                ("report_id", &report.to_string()),
                ("version", &version),
                ("action", "return"),
                ("comment", "Bổ sung tình hình tư tưởng"),
            ],
        )
        .await;
    assert!(r.ok(), "{}", r.body);
    let mut f = complete(&crit, "4");
    f.push(("ideology".into(), "Nhân dân đồng tình".into()));
    f.push(("submit".into(), "on".into()));
    f.push((
        "submit_key".into(),
        "88888888-8888-4888-8888-888888888888".into(),
    ));
    assert!(save(&app, &me, s.meeting, &pairs(&f)).await.ok());
    let version = app.version("attendance_reports", report).await.to_string();
    assert!(app
        .post(
            "/api/reports/review",
            Some(&board),
            &[
                ("report_id", &report.to_string()),
                ("version", &version),
                ("action", "acknowledge")
            ]
        )
        .await
        .ok());
    let r = save(&app, &me, s.meeting, &[("running_note", "sửa")]).await;
    assert_eq!(r.status.as_u16(), 422);
    assert_eq!(r.json()["msg"], Value::from("ReportLocked"));
    assert_eq!(count(&app, &format!("SELECT count(*) FROM notices WHERE meeting_id = {} AND kind IN ('report_returned', 'report_acknowledged')", s.meeting)).await, 2);

    // the confidential part: the board and the standing committee read it; the leader does not
    let list = |who: &'static str| {
        let m = m.clone();
        let app = &app;
        async move {
            let c = app.login(who).await;
            app.post("/api/reports/of-meeting", Some(&c), &[("meeting_id", &m)])
                .await
                .json()
        }
    };
    assert_eq!(
        list("thuongvu").await[0]["complex_issues"],
        Value::from("Tranh chấp đất đai kéo dài ở tổ 5")
    );
    let leader = list("totruong").await;
    assert_eq!(leader[0]["complex_issues"], Value::from(""));
    assert_eq!(leader[0]["complex_hidden"], Value::from(true));
    let _ = s.cell;
}

#[sqlx::test(migrations = "./migrations")]
async fn who_may_report_and_when(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let s = setup(&app, "now() + interval '3 days'").await;
    let me = app.login("thanhvien").await;
    let m = s.meeting.to_string();
    // too early to check in or to submit; an absence before the start is fine
    let r = app
        .post("/api/reports/check-in", Some(&me), &[("meeting_id", &m)])
        .await;
    assert_eq!(r.status.as_u16(), 422);
    let r = app
        .post(
            "/api/reports/absence",
            Some(&me),
            &[("meeting_id", &m), ("reason", "other")],
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.error().1.as_deref()),
        (422, Some("note")),
        "another reason needs its note"
    );
    let r = app
        .post(
            "/api/reports/absence",
            Some(&me),
            &[("meeting_id", &m), ("reason", "illness")],
        )
        .await;
    assert!(r.ok(), "{}", r.body);
    // the leader is told
    assert!(
        count(
            &app,
            &format!(
                "SELECT count(*) FROM notices WHERE meeting_id = {} AND kind = 'absence'",
                s.meeting
            )
        )
        .await
            >= 1
    );
    let r = save(&app, &me, s.meeting, &[("running_note", "x")]).await;
    assert_eq!(
        (r.status.as_u16(), r.json()["msg"].clone()),
        (422, Value::from("ReportedAbsent"))
    );
    // the leader sends himself instead: he may report now, thanhvien no longer
    sqlx::query("INSERT INTO meeting_substitutes (meeting_id, person_id, substitute_id, city_id) SELECT $1, $2, a.person_id, a.city_id FROM accounts a WHERE a.username = 'totruong'")
        .bind(s.meeting)
        .bind(s.thanhvien)
        .execute(&app.pool)
        .await
        .unwrap();
    let leader = app.login("totruong").await;
    let r = app
        .post(
            "/api/reports/save",
            Some(&leader),
            &[
                ("meeting_id", &m),
                ("version", "0"),
                ("running_note", "Dự thay"),
            ],
        )
        .await;
    assert!(r.ok(), "the substitute reports: {}", r.body);
    let r = save(&app, &me, s.meeting, &[("running_note", "x")]).await;
    assert_eq!(r.status.as_u16(), 403, "replaced: {}", r.body);

    // a meeting under way: cancelled → no check-in; not expected → refused
    let now = new_meeting(&app, s.cell, "now() - interval '5 days'").await;
    sqlx::query("UPDATE meetings SET status = 'cancelled' WHERE id = $1")
        .bind(now)
        .execute(&app.pool)
        .await
        .unwrap();
    let r = app
        .post(
            "/api/reports/check-in",
            Some(&me),
            &[("meeting_id", &now.to_string())],
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.json()["msg"].clone()),
        (422, Value::from("MeetingNotOn"))
    );
    let running = new_meeting(&app, s.cell, "now() - interval '1 hour'").await;
    let r = app
        .post(
            "/api/reports/check-in",
            Some(&leader),
            &[("meeting_id", &running.to_string())],
        )
        .await;
    assert_eq!(r.status.as_u16(), 403, "not expected: {}", r.body);
    // a check-in sent later by a phone that was offline keeps the moment of the tap
    let tapped = (chrono::Utc::now() - chrono::Duration::minutes(40)).to_rfc3339();
    assert!(app
        .post(
            "/api/reports/check-in",
            Some(&me),
            &[("meeting_id", &running.to_string()), ("at", &tapped)]
        )
        .await
        .ok());
    let at: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT checked_in_at FROM attendance_reports WHERE meeting_id = $1")
            .bind(running)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!((chrono::Utc::now() - at).num_minutes() >= 39);
    let r = app
        .post(
            "/api/reports/check-in",
            Some(&me),
            &[
                ("meeting_id", &running.to_string()),
                ("at", "2099-01-01T00:00:00Z"),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 422, "a moment in the future");

    // the ward confirms from the minutes: thanhvien absent although he checked in
    let ward = app.login("phuong1").await;
    let r = app
        .post(
            "/api/reports/attendance",
            Some(&ward),
            &[
                ("meeting_id", &running.to_string()),
                ("rows[0][person]", &s.thanhvien.to_string()),
                ("rows[1][person]", &s.other.to_string()),
                ("rows[1][attended]", "on"),
            ],
        )
        .await;
    assert!(r.ok(), "{}", r.body);
    let panel = app
        .post(
            "/api/reports/meeting",
            Some(&ward),
            &[("meeting_id", &running.to_string())],
        )
        .await
        .json();
    let lines = panel["attendance"].as_array().unwrap();
    let tv = lines
        .iter()
        .find(|l| l["person_id"] == Value::from(s.thanhvien))
        .unwrap();
    assert_eq!(tv["ward_says"], Value::from(false));
    assert!(
        tv["checked_in"].is_string(),
        "both sides are shown, and they differ"
    );
    let r = app
        .post(
            "/api/reports/attendance",
            Some(&ward),
            &[
                ("meeting_id", &running.to_string()),
                ("rows[0][person]", "999999"),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 422, "someone not expected");
}

/// A report due across Tết 2026 (off 14–22/02): the meeting of Thursday 12/02 is due on
/// Thursday 26/02; submitted on Monday 02/03 it is two working days late. A report still
/// missing on the 3rd working day gets one reminder.
#[sqlx::test(migrations = "./migrations")]
async fn due_in_five_working_days_across_tet(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let s = setup(&app, "timestamptz '2026-02-12 19:30+07'").await;
    sqlx::query(
        "INSERT INTO attendance_reports (city_id, meeting_id, person_id, status, summary, submitted_at)
         SELECT city_id, id, $2, 'submitted', 'Tóm tắt', timestamptz '2026-03-02 09:00+07' FROM meetings WHERE id = $1",
    )
    .bind(s.meeting)
    .bind(s.thanhvien)
    .execute(&app.pool)
    .await
    .unwrap();
    let board = app.login("bantochuc").await;
    let inbox = app
        .post("/api/reports/inbox", Some(&board), &[("month", "2026-02")])
        .await
        .json();
    let lines = inbox["lines"].as_array().unwrap();
    let mine = lines
        .iter()
        .find(|l| l["meeting_id"] == Value::from(s.meeting) && l["report_id"].is_i64())
        .expect("the report is listed");
    assert_eq!(mine["due"], Value::from("2026-02-26"));
    assert_eq!(mine["late_by"], Value::from(2));
    assert_eq!(mine["status"], Value::from("submitted"));
    let missing = lines
        .iter()
        .find(|l| l["meeting_id"] == Value::from(s.meeting) && l["report_id"].is_null())
        .expect("the other member's report is missing");
    assert!(missing["status"].is_null(), "owed: no status yet (shown as missing)");
    assert!(
        missing["late_by"].as_u64().unwrap() > 100,
        "still missing, months of working days late"
    );
    let r = app
        .post("/api/reports/inbox", Some(&board), &[("month", "2026-13")])
        .await;
    assert_eq!(
        (r.status.as_u16(), r.error().1.as_deref()),
        (422, Some("month"))
    );

    // the reminder of the 3rd working day: once
    let recent = new_meeting(&app, s.cell, "now() - interval '10 days'").await;
    let sent = to_cong_tac::reports::inbox::send_reminders(&app.pool)
        .await
        .unwrap();
    assert!(
        sent >= 2,
        "both members of the recent meeting are reminded ({sent})"
    );
    assert_eq!(count(&app, &format!("SELECT count(*) FROM notices WHERE meeting_id = {recent} AND kind = 'report_reminder'")).await, 2);
    to_cong_tac::reports::inbox::send_reminders(&app.pool)
        .await
        .unwrap();
    assert_eq!(count(&app, &format!("SELECT count(*) FROM notices WHERE meeting_id = {recent} AND kind = 'report_reminder'")).await, 2, "once");
}

#[sqlx::test(migrations = "./migrations")]
async fn an_admin_corrects_the_working_day_calendar(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let admin = app.login("admin").await;
    let year = app
        .post("/api/workdays/year", Some(&admin), &[("year", "2026")])
        .await
        .json();
    assert_eq!(year["filled_from"], Value::from("announced"));
    let days: Vec<&str> = year["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    for d in [
        "2026-01-01",
        "2026-02-16",
        "2026-02-20",
        "2026-04-26",
        "2026-04-30",
        "2026-05-01",
        "2026-09-02",
    ] {
        assert!(days.contains(&d), "{d} is in 2026's list: {days:?}");
    }
    let version = year["version"].to_string();
    let change =
        |action: &'static str, extra: Vec<(&'static str, &'static str)>, version: String| {
            let admin = admin.clone();
            let app = &app;
            async move {
                let mut f = vec![("year", "2026"), ("action", action)];
                f.extend(extra);
                let mut f: Vec<(&str, &str)> = f;
                f.push(("version", &version));
                app.post("/api/workdays/change", Some(&admin), &f).await
            }
        };
    // a Saturday worked must be a weekend day; a day off a weekday
    let r = change(
        "set",
        vec![("date", "2026-06-03"), ("kind", "worked_day")],
        version.clone(),
    )
    .await;
    assert_eq!(
        (r.status.as_u16(), r.error().1.as_deref()),
        (422, Some("date"))
    );
    let r = change(
        "swap",
        vec![
            ("date", "2026-06-05"),
            ("worked", "2026-06-13"),
            ("label", "Hoán đổi"),
        ],
        version.clone(),
    )
    .await;
    assert!(r.ok(), "{}", r.body);
    // the old version is stale now
    let r = change("remove", vec![("date", "2026-06-05")], version.clone()).await;
    assert_eq!(r.status.as_u16(), 409);
    let y = app
        .post("/api/workdays/year", Some(&admin), &[("year", "2026")])
        .await
        .json();
    let kinds: Vec<(String, String)> = y["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().to_string(),
                d["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        kinds.contains(&("2026-06-05".into(), "day_off".into()))
            && kinds.contains(&("2026-06-13".into(), "worked_day".into()))
    );
    let r = change("reset", vec![], y["version"].to_string()).await;
    assert!(r.ok(), "{}", r.body);
    let y = app
        .post("/api/workdays/year", Some(&admin), &[("year", "2026")])
        .await
        .json();
    assert!(!y["days"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["date"] == Value::from("2026-06-05")));
    assert_eq!(y["working_days"], year["working_days"]);
    // not an admin
    let board = app.login("bantochuc").await;
    let r = app
        .post(
            "/api/workdays/change",
            Some(&board),
            &[("year", "2026"), ("version", "1"), ("action", "reset")],
        )
        .await;
    assert_eq!(r.status.as_u16(), 403);
}

/// 24/11 (Ngày Văn hóa Việt Nam) from 2026: the years a city had filled before the rule
/// (24/11 and its compensation day deleted, as the old rules gave them) get it at start-up
/// (`refill_unchanged_years`), once; a year an admin changed is left as he made it.
#[sqlx::test(migrations = "./migrations")]
async fn the_culture_day_fills_again_the_years_no_admin_changed(pool: PgPool) {
    use to_cong_tac::workdays::api::refill_unchanged_years;
    let app = TestApp::with_demo(pool).await;
    let admin = app.login("admin").await;
    let city: i64 = sqlx::query_scalar("SELECT city_id FROM accounts WHERE username = 'admin'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let year = |y: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            app.post("/api/workdays/year", Some(&admin), &[("year", y)])
                .await
                .json()
        }
    };
    let days_of = |v: &Value| -> Vec<(String, String, String, String)> {
        v["days"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["date"].as_str().unwrap().to_string(),
                    d["kind"].as_str().unwrap().to_string(),
                    d["label"].as_str().unwrap().to_string(),
                    d["source"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // filled now: 24/11/2026 (Tuesday) is off; 24/11/2029 (Saturday) made up on Monday 26/11
    let y2026 = year("2026").await;
    assert_eq!(y2026["filled_from"], Value::from("announced"));
    let day = |d: &str, kind: &str, source: &str| {
        let label = if kind == "holiday" {
            "Ngày Văn hóa Việt Nam"
        } else {
            "Nghỉ bù"
        };
        (
            d.to_string(),
            kind.to_string(),
            label.to_string(),
            source.to_string(),
        )
    };
    assert!(days_of(&y2026).contains(&day("2026-11-24", "holiday", "announced")));
    let y2029 = year("2029").await;
    assert!(days_of(&y2029).contains(&day("2029-11-24", "holiday", "rules")));
    assert!(days_of(&y2029).contains(&day("2029-11-26", "day_off", "rules")));
    let y2030 = year("2030").await;
    assert_eq!(
        refill_unchanged_years(&app.pool).await.unwrap(),
        0,
        "the years filled by this version are left alone"
    );

    // as the rules before 24/11 filled them
    sqlx::query(
        "DELETE FROM calendar_days WHERE city_id = $1
         AND day IN ('2026-11-24', '2029-11-24', '2029-11-26', '2030-11-24', '2030-11-25')",
    )
    .bind(city)
    .execute(&app.pool)
    .await
    .unwrap();
    let old2026 = year("2026").await;
    assert_eq!(
        old2026["working_days"].as_u64().unwrap(),
        y2026["working_days"].as_u64().unwrap() + 1
    );
    // an admin changes 2030: a day off on Tuesday 31/12
    let r = app
        .post(
            "/api/workdays/change",
            Some(&admin),
            &[
                ("year", "2030"),
                ("version", &y2030["version"].to_string()),
                ("action", "set"),
                ("date", "2030-12-31"),
                ("kind", "day_off"),
                ("label", "Nghỉ cuối năm"),
            ],
        )
        .await;
    assert!(r.ok(), "{}", r.body);
    let edited2030 = year("2030").await;

    // the server starts: 2026 and 2029 are filled again, 2030 is the admin's
    assert_eq!(refill_unchanged_years(&app.pool).await.unwrap(), 2);
    let new2026 = year("2026").await;
    assert_eq!(days_of(&new2026), days_of(&y2026));
    assert_eq!(new2026["working_days"], y2026["working_days"]);
    assert_eq!(
        new2026["version"],
        Value::from(1),
        "still a year no admin changed"
    );
    assert_eq!(new2026["filled_from"], Value::from("announced"));
    assert_eq!(days_of(&year("2029").await), days_of(&y2029));
    let after2030 = year("2030").await;
    assert_eq!(days_of(&after2030), days_of(&edited2030));
    assert!(!days_of(&after2030).iter().any(|d| d.0 == "2030-11-24"));
    assert!(days_of(&after2030)
        .iter()
        .any(|d| d.0 == "2030-12-31" && d.3 == "admin"));
    let refills: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE entity = 'workday_year' AND account_id IS NULL AND city_id = $1",
    )
    .bind(city)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(refills, 2, "each year filled again is in the audit log");

    // once: a second start-up (or a second server) finds nothing to do
    assert_eq!(refill_unchanged_years(&app.pool).await.unwrap(), 0);
    let (a, b) = tokio::join!(
        refill_unchanged_years(&app.pool),
        refill_unchanged_years(&app.pool)
    );
    assert_eq!((a.unwrap(), b.unwrap()), (0, 0));
    assert_eq!(days_of(&year("2026").await), days_of(&y2026));
}

#[sqlx::test(migrations = "./migrations")]
async fn the_organization_board_keeps_the_rating_criteria(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let s = setup(&app, "now() - interval '30 minutes'").await;
    let board = app.login("bantochuc").await;
    let member = app.login("thanhvien").await;
    let panel_criteria = |cookie: String| {
        let app = &app;
        async move {
            let panel = app
                .post("/api/reports/meeting", Some(&cookie), &[("meeting_id", &s.meeting.to_string())])
                .await
                .json();
            panel["criteria"].as_array().unwrap().iter().map(|c| c["name_vi"].as_str().unwrap_or_default().to_string()).collect::<Vec<_>>()
        }
    };
    assert_eq!(panel_criteria(member.clone()).await.len(), 5);

    // a new one: its English name is the Vietnamese one when left empty
    let r = app
        .post("/api/reports/criterion-save", Some(&board), &[("name_vi", "Tinh thần tự phê bình và phê bình")])
        .await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let (id, en, active): (i64, String, bool) = sqlx::query_as(
        "SELECT id, name_en, active FROM rating_criteria WHERE name_vi = 'Tinh thần tự phê bình và phê bình'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(en, "Tinh thần tự phê bình và phê bình");
    assert!(active);
    assert_eq!(app.audit_count("rating_criterion", id).await, 1);
    assert_eq!(panel_criteria(member.clone()).await.len(), 6);

    // switched off: new reports no longer ask for it; a stale version is a conflict
    let id_s = id.to_string();
    let r = app
        .post("/api/reports/criterion-save", Some(&board), &[("id", &id_s), ("version", "1"), ("name_vi", "Tự phê bình")])
        .await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    assert_eq!(panel_criteria(member.clone()).await.len(), 5);
    let r = app
        .post("/api/reports/criterion-save", Some(&board), &[("id", &id_s), ("version", "1"), ("name_vi", "Khác"), ("active", "on")])
        .await;
    assert_eq!(r.status, 409, "{}", r.body);

    // bad input, next to its field; nothing saved
    let long = "x".repeat(101);
    for (form, msg, field) in [
        (vec![("name_vi", "  ")], "Required", "name_vi"),
        (vec![("name_vi", long.as_str())], "TooLong", "name_vi"),
        (vec![("name_vi", "Mới"), ("position", "-1")], "BadNumber", "position"),
    ] {
        let r = app.post("/api/reports/criterion-save", Some(&board), &form).await;
        assert_eq!(r.status, 422, "{form:?}: {}", r.body);
        assert_eq!(r.error(), (msg.to_string(), Some(field.to_string())));
    }
    assert_eq!(count(&app, "SELECT count(*) FROM rating_criteria WHERE name_vi = 'Mới'").await, 0);

    // the last criterion in use stays
    let ids: Vec<(i64, i32)> = sqlx::query_as(
        "SELECT id, version FROM rating_criteria WHERE active AND city_id = (SELECT city_id FROM accounts WHERE username = 'admin') ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    for (i, (id, v)) in ids.iter().enumerate() {
        let (id, v) = (id.to_string(), v.to_string());
        let r = app
            .post("/api/reports/criterion-save", Some(&board), &[("id", &id), ("version", &v), ("name_vi", "Tiêu chí")])
            .await;
        if i + 1 < ids.len() {
            assert!(r.ok(), "{} {}", r.status, r.body);
        } else {
            assert_eq!(r.status, 422, "{}", r.body);
            assert_eq!(r.error(), ("LastCriterion".to_string(), Some("active".to_string())));
        }
    }

    // the Standing Committee reads the ratings but does not keep the list
    let thuongvu = app.login("thuongvu").await;
    let r = app.post("/api/reports/criterion-save", Some(&thuongvu), &[("name_vi", "Khác")]).await;
    assert_eq!(r.status, 403);
}

/// A member's own list (the home page's card, read from his own rows with kept plans) is
/// exactly the inbox's lines of that member (read city-wide), for every member of the demo
/// city, with a substitute sent to a past meeting and an absence reported at another.
#[sqlx::test(migrations = "./migrations")]
async fn a_members_own_list_is_the_inbox_of_that_member(pool: PgPool) {
    use to_cong_tac::reports::inbox::{owed, owed_by};
    let app = TestApp::with_demo(pool).await;
    let city: i64 = sqlx::query_scalar("SELECT city_id FROM accounts WHERE username = 'thanhvien'").fetch_one(&app.pool).await.unwrap();
    // two past cell meetings with assignments: the first one's member is replaced by a
    // member of another cell's assignment, the second one's reports an absence
    let pairs: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT m.id, a.person_id FROM meetings m JOIN assignments a ON a.cell_id = m.cell_id AND a.month = m.month
         WHERE m.city_id = $1 AND m.starts_at < now() - interval '3 days' AND m.starts_at > now() - interval '60 days'
           AND m.status IN ('planned', 'announced', 'held')
           AND NOT EXISTS (SELECT 1 FROM meeting_substitutes s WHERE s.meeting_id = m.id)
           AND NOT EXISTS (SELECT 1 FROM meeting_absences ab WHERE ab.meeting_id = m.id)
         ORDER BY m.starts_at DESC, a.person_id LIMIT 40",
    )
    .bind(city)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let (m1, replaced) = pairs[0];
    let at_m1: Vec<i64> = pairs.iter().filter(|p| p.0 == m1).map(|p| p.1).collect();
    let substitute = pairs.iter().map(|p| p.1).find(|p| !at_m1.contains(p)).expect("a member of another meeting");
    let (m2, absent) = *pairs.iter().find(|p| p.0 != m1).expect("another meeting");
    sqlx::query("INSERT INTO meeting_substitutes (meeting_id, person_id, substitute_id, city_id) VALUES ($1, $2, $3, $4)")
        .bind(m1)
        .bind(replaced)
        .bind(substitute)
        .bind(city)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO meeting_absences (meeting_id, person_id, reason, city_id) VALUES ($1, $2, 'illness', $3)")
        .bind(m2)
        .bind(absent)
        .bind(city)
        .execute(&app.pool)
        .await
        .unwrap();
    let today = to_cong_tac::helpers::today_vn();
    let (since, until) = (today - chrono::Duration::days(92), today + chrono::Duration::days(1));
    let all = owed(&app.pool, city, since, until, -1, -1, -1, -1).await.unwrap();
    assert!(all.len() > 50, "the demo city owes reports: {}", all.len());
    let people: Vec<i64> = sqlx::query_scalar("SELECT id FROM people WHERE city_id = $1").bind(city).fetch_all(&app.pool).await.unwrap();
    let key = |l: &to_cong_tac::reports::model::InboxLine| (l.meeting_id, l.person.clone());
    let mut seen = 0;
    for person in people {
        let mut city_wide: Vec<_> = all.iter().filter(|(_, p)| *p == person).map(|(l, _)| l.clone()).collect();
        let mut own = owed_by(&app.kept, city, person, since, until).await.unwrap();
        city_wide.sort_by_key(key);
        own.sort_by_key(key);
        assert_eq!(own, city_wide, "person {person}");
        seen += own.len();
    }
    assert_eq!(seen, all.len(), "every line is someone's");
    // the substitute owes the report of the meeting he went to, the member replaced does not
    let lines = |p: i64| all.iter().filter(move |(_, q)| *q == p).map(|(l, _)| l.meeting_id).collect::<Vec<_>>();
    assert!(lines(substitute).contains(&m1) && !lines(replaced).contains(&m1));
    assert!(!lines(absent).contains(&m2), "an absence owes no report");
}
