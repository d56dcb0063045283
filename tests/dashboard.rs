//! The dashboard's figures against a hand-computed fixture: two months of 2025 in Phường 1
//! (no demo meeting falls in them), with the year's holidays (Giỗ Tổ on Monday 7/4, 30/4
//! and 1/5, the swapped days 26/4 and 2/5) deciding which reports were on time, a
//! substitute, a reported absence, a confirmed no-show, a cancelled meeting, a merged
//! cell whose past still counts; the scope of each role; bad periods refused.
#![cfg(feature = "ssr")]

mod common;
use common::TestApp;
use serde_json::Value;
use sqlx::PgPool;

struct Fx {
    p1: i64,
    p2: i64,
    kp1: i64,
    kp2: i64,
}

async fn exec(app: &TestApp, sql: &str) {
    sqlx::query(sql).execute(&app.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn meeting(app: &TestApp, ward: i64, cell: i64, month: &str, starts: &str, status: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, status)
         VALUES (1, $1, $2, 'regular', $3::date, $4::timestamptz, $4::timestamptz + interval '90 minutes', $5) RETURNING id",
    )
    .bind(ward)
    .bind(cell)
    .bind(month)
    .bind(starts)
    .bind(status)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

async fn report(app: &TestApp, m: i64, person: i64, submitted: Option<&str>, level: Option<i16>) {
    sqlx::query(
        "INSERT INTO attendance_reports (city_id, meeting_id, person_id, status, submitted_at, overall_level, checked_in_at)
         VALUES (1, $1, $2, CASE WHEN $3::timestamptz IS NULL THEN 'draft' ELSE 'submitted' END, $3::timestamptz, $4, $3::timestamptz)",
    )
    .bind(m)
    .bind(person)
    .bind(submitted)
    .bind(level)
    .execute(&app.pool)
    .await
    .unwrap();
}

/// Group 1 (follows Phường 1): Lý Quang Đạt (14) and Nguyễn Văn Nam (15) on the board,
/// Lê Thị Tâm (16) sent once as a substitute.
async fn fixture(app: &TestApp) -> Fx {
    let p1 = app.unit_id("P1", None).await;
    let p2 = app.unit_id("P2", None).await;
    let kp1 = app.unit_id("KP1", Some("P1")).await;
    let kp2 = app.unit_id("KP2", Some("P1")).await;
    let kp3 = app.unit_id("KP3", Some("P1")).await;
    for (month, cell, person) in [("2025-03-01", kp1, 14), ("2025-03-01", kp2, 15), ("2025-04-01", kp1, 14), ("2025-04-01", kp2, 15), ("2025-04-01", kp3, 15)] {
        exec(app, &format!("INSERT INTO assignments (city_id, group_id, month, cell_id, person_id) VALUES (1, 1, '{month}', {cell}, {person})")).await;
    }
    // M1 Wed 5/3: attended, report on the 5th working day (Wed 12/3): on time
    let m1 = meeting(app, p1, kp1, "2025-03-01", "2025-03-05 19:30+07", "held").await;
    report(app, m1, 14, Some("2025-03-12 21:00+07"), Some(4)).await;
    // M2 Mon 10/3: Nam said beforehand he had a clash: absent with a reason, no report owed
    let m2 = meeting(app, p1, kp2, "2025-03-01", "2025-03-10 19:30+07", "held").await;
    exec(app, &format!("INSERT INTO meeting_absences (meeting_id, person_id, city_id, reason) VALUES ({m2}, 15, 1, 'clash')")).await;
    // cancelled: not counted
    meeting(app, p1, kp2, "2025-03-01", "2025-03-20 19:30+07", "cancelled").await;
    // M7 Tue 25/3: the board confirmed Đạt did not come; no report: missing
    let m7 = meeting(app, p1, kp1, "2025-03-01", "2025-03-25 19:30+07", "held").await;
    exec(app, &format!("INSERT INTO meeting_attendance (meeting_id, person_id, city_id, attended) VALUES ({m7}, 14, 1, false)")).await;
    // M3 Wed 2/4: report Thu 10/4, on time only because Mon 7/4 (Giỗ Tổ) is a holiday
    let m3 = meeting(app, p1, kp1, "2025-04-01", "2025-04-02 19:30+07", "held").await;
    report(app, m3, 14, Some("2025-04-10 20:00+07"), Some(3)).await;
    // M6 Tue 15/4: confirmed present, report Fri 25/4, due Tue 22/4: late
    let m6 = meeting(app, p1, kp2, "2025-04-01", "2025-04-15 19:30+07", "held").await;
    exec(app, &format!("INSERT INTO meeting_attendance (meeting_id, person_id, city_id, attended) VALUES ({m6}, 15, 1, true)")).await;
    report(app, m6, 15, Some("2025-04-25 08:00+07"), Some(3)).await;
    // M4 Fri 25/4: Tâm substitutes for Nam; Sat 26/4 is worked, 30/4, 1/5 and 2/5 are off:
    // due Tue 6/5, reported then: on time (five weekdays would have made it late)
    let m4 = meeting(app, p1, kp3, "2025-04-01", "2025-04-25 19:30+07", "held").await;
    exec(app, &format!("INSERT INTO meeting_substitutes (meeting_id, person_id, substitute_id, city_id) VALUES ({m4}, 15, 16, 1)")).await;
    report(app, m4, 16, Some("2025-05-06 22:00+07"), Some(2)).await;
    // the ward invited the group to its committee meeting in March, not in April
    exec(app, &format!(
        "INSERT INTO meetings (city_id, ward_id, kind, month, starts_at, ends_at, status, invited_at)
         VALUES (1, {p1}, 'ward_committee', '2025-03-01', '2025-03-28 08:00+07', '2025-03-28 10:00+07', 'held', '2025-03-20 08:00+07')"
    ))
    .await;
    // recommendations: in the period, earlier and still open, earlier and closed, another ward
    for (ward, raised, status, due) in [
        (p1, "2025-03-05", "closed", "2025-03-30"),
        (p1, "2025-04-02", "forwarded", "2025-04-20"),
        (p1, "2024-12-01", "in_progress", "2024-12-20"),
        (p1, "2024-11-01", "closed", "2024-11-20"),
        (p2, "2025-03-10", "new", ""),
    ] {
        let due = if due.is_empty() { "NULL".to_string() } else { format!("'{due}'") };
        exec(app, &format!(
            "INSERT INTO recommendations (city_id, client_key, ward_id, channel, content, domain, kind, raised_on, status, due_on)
             VALUES (1, gen_random_uuid(), {ward}, 'letter', 'Kiến nghị', 'land', 'state', '{raised}', '{status}', {due})"
        ))
        .await;
    }
    Fx { p1, p2, kp1, kp2 }
}

async fn data(app: &TestApp, who: &str, form: &[(&str, &str)]) -> Value {
    let r = app.post("/api/dashboard/data", Some(who), form).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.body);
    r.json()
}

fn n(v: &Value, path: &[&str]) -> i64 {
    let mut x = v;
    for p in path {
        x = &x[*p];
    }
    x.as_i64().unwrap_or_else(|| panic!("{path:?} in {v}"))
}

fn period() -> [(&'static str, &'static str); 2] {
    [("from", "2025-03"), ("to", "2025-04")]
}

#[sqlx::test(migrations = "./migrations")]
async fn figures_against_the_hand_count(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let fx = fixture(&app).await;
    let thuongvu = app.login("thuongvu").await;
    let d = data(&app, &thuongvu, &period()).await;
    let a = &d["attendance"];
    // expected: M1, M2, M7 (Đạt, Nam, Đạt), M3, M6, M4 (Đạt, Nam, Tâm)
    assert_eq!((n(a, &["expected"]), n(a, &["attended"])), (6, 4), "{a}");
    assert_eq!((n(a, &["absent_with_reason"]), n(a, &["absent_clash"]), n(a, &["substituted"])), (1, 1, 1));
    let months: Vec<(String, i64, i64)> = a["by_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["label"].as_str().unwrap().to_string(), n(r, &["expected"]), n(r, &["attended"])))
        .collect();
    assert_eq!(months, vec![("03/25".to_string(), 3, 1), ("04/25".to_string(), 3, 3)]);
    assert_eq!(a["by_group"][0]["label"], "Tổ công tác số 1");
    assert_eq!(a["by_ward"].as_array().unwrap().len(), 1);
    let t = &d["reports"]["total"];
    assert_eq!(
        (n(t, &["on_time"]), n(t, &["late"]), n(t, &["missing"]), n(t, &["pending"])),
        (3, 1, 1, 0),
        "M1, M3 (Giỗ Tổ), M4 (30/4–2/5) on time; M6 late; M7 missing: {t}"
    );
    assert_eq!(d["quality"], serde_json::json!([0, 1, 2, 1]));
    // recommendations: the two of the period and the earlier one still open, of both wards
    let r = &d["recs"]["total"];
    assert_eq!((n(r, &["open"]), n(r, &["closed"]), n(r, &["overdue"])), (3, 1, 2), "{r}");
    assert_eq!(d["recs"]["open_ages"], serde_json::json!([0, 0, 0, 3]));

    // Phường 1 alone: the same meetings, its own items, one invitation of two months due
    let p1 = fx.p1.to_string();
    let d1 = data(&app, &thuongvu, &[("from", "2025-03"), ("to", "2025-04"), ("ward", &p1)]).await;
    assert_eq!(n(&d1["attendance"], &["expected"]), 6);
    assert_eq!(n(&d1["recs"]["total"], &["open"]), 2);
    assert_eq!((n(&d1["invitations"], &["due"]), n(&d1["invitations"], &["received"])), (2, 1));
    // the findings: Nam's clash, Đạt's missing report, the month without an invitation,
    // the overdue items; nobody missed two of his last three meetings
    let kinds = |d: &Value, kind: &str| -> Vec<String> {
        d["findings"].as_array().unwrap().iter().filter(|f| f["kind"] == kind).map(|f| f["subject"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(kinds(&d1, "clashes"), vec!["Nguyễn Văn Nam (Tổ công tác số 1)"]);
    assert_eq!(kinds(&d1, "missing_reports"), vec!["Lý Quang Đạt (Tổ công tác số 1)"]);
    assert!(kinds(&d1, "absences").is_empty(), "{}", d1["findings"]);
    assert_eq!(kinds(&d1, "not_invited"), vec!["Đảng ủy Phường 1"]);
    assert_eq!(kinds(&d1, "overdue_recs"), vec!["Đảng ủy Phường 1"]);
    // Phường 2: no meeting of the fixture
    let p2 = fx.p2.to_string();
    let d2 = data(&app, &thuongvu, &[("from", "2025-03"), ("to", "2025-04"), ("ward", &p2)]).await;
    assert_eq!(n(&d2["attendance"], &["expected"]), 0);
    assert_eq!(n(&d2["recs"]["total"], &["open"]), 1);

    // KP2 merges into KP1 on 20/4: its meetings of March and April still count, in its ward
    exec(&app, &format!("UPDATE org_units SET active_to = '2025-04-20', merged_into_id = {} WHERE id = {}", fx.kp1, fx.kp2)).await;
    let after = data(&app, &thuongvu, &[("from", "2025-03"), ("to", "2025-04"), ("ward", &p1)]).await;
    assert_eq!(after["attendance"], d1["attendance"]);
    assert_eq!(after["reports"], d1["reports"]);
}

#[sqlx::test(migrations = "./migrations")]
async fn each_role_sees_its_own_figures(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let fx = fixture(&app).await;
    let p2 = fx.p2.to_string();
    // the leader of group 1 and the staff of Phường 1: the fixture is theirs
    let leader = app.login("totruong").await;
    let d = data(&app, &leader, &period()).await;
    assert_eq!(n(&d["attendance"], &["expected"]), 6);
    assert_eq!(n(&d["recs"]["total"], &["open"]), 2, "only the wards his groups follow");
    assert!(d["groups"].as_array().unwrap().iter().all(|g| g[1] == "Tổ công tác số 1"), "{}", d["groups"]);
    let r = app.post("/api/dashboard/data", Some(&leader), &[("from", "2025-03"), ("to", "2025-04"), ("ward", &p2)]).await;
    assert_eq!(r.status.as_u16(), 403, "a ward his groups do not follow: {}", r.body);
    let r = app.post("/api/dashboard/data", Some(&leader), &[("group", "2")]).await;
    assert_eq!(r.status.as_u16(), 403, "another group: {}", r.body);

    let ward = app.login("phuong1").await;
    let d = data(&app, &ward, &period()).await;
    assert_eq!(n(&d["attendance"], &["expected"]), 6);
    assert_eq!(n(&d["recs"]["total"], &["open"]), 2);
    assert_eq!(d["wards"].as_array().unwrap().len(), 1);
    let r = app.post("/api/dashboard/data", Some(&ward), &[("ward", &p2)]).await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.body);

    // Phường 2's staff: none of it
    let ward2 = app.login("phuong2").await;
    let d = data(&app, &ward2, &period()).await;
    assert_eq!(n(&d["attendance"], &["expected"]), 0);
    assert_eq!(n(&d["recs"]["total"], &["open"]), 1);

    for who in ["thanhvien", "ubnd"] {
        let c = app.login(who).await;
        let r = app.post("/api/dashboard/data", Some(&c), &period()).await;
        assert_eq!(r.status.as_u16(), 403, "{who}: {}", r.body);
    }
    let r = app.post("/api/dashboard/data", None, &period()).await;
    assert_eq!(r.status.as_u16(), 401, "{}", r.body);
}

#[sqlx::test(migrations = "./migrations")]
async fn bad_periods_are_refused_on_their_field(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let c = app.login("bantochuc").await;
    for (form, status, msg, field) in [
        (vec![("from", "2025-13")], 422, "BadMonth", "from"),
        (vec![("from", "tháng ba")], 422, "BadMonth", "from"),
        (vec![("from", "2025-05"), ("to", "2025-03")], 422, "MonthsOutOfOrder", "to"),
        (vec![("from", "2000-01"), ("to", "2025-03")], 422, "PeriodTooLong", "from"),
        (vec![("ward", "abc")], 422, "BadRequest", "ward"),
        (vec![("ward", "999999")], 403, "Forbidden", ""),
    ] {
        let r = app.post("/api/dashboard/data", Some(&c), &form).await;
        assert_eq!(r.status.as_u16(), status, "{form:?}: {}", r.body);
        let (m, f) = r.error();
        assert_eq!(m, msg, "{form:?}: {}", r.body);
        assert_eq!(f.unwrap_or_default(), field, "{form:?}");
    }
    // the page itself renders on the server for the board
    let page = app.get("/dashboard", Some(&c)).await;
    assert_eq!(page.status.as_u16(), 200);
    assert!(page.body.contains("data-test=\"dashboard\""), "{}", &page.body[..page.body.len().min(400)]);
}
