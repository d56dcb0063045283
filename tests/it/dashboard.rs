//! The dashboard's figures against a hand-computed fixture: two months of 2025 in Phường 1
//! (no demo meeting falls in them), with the year's holidays (Giỗ Tổ on Monday 7/4, 30/4
//! and 1/5, the swapped days 26/4 and 2/5) deciding which reports were on time, a
//! substitute, a reported absence, a confirmed no-show, a cancelled meeting, a merged
//! cell whose past still counts; the scope of each role; bad periods refused.
#![cfg(feature = "ssr")]

use crate::common;
use common::TestApp;
use serde_json::Value;
use sqlx::PgPool;

use common::spring2025::{exec, fixture};

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

    // the same two months inside January–June: March and April now come from the rollup
    let long = data(&app, &thuongvu, &[("from", "2025-01"), ("to", "2025-06"), ("ward", &p1)]).await;
    for key in ["expected", "attended", "absent_with_reason", "absent_clash", "substituted", "by_group", "by_ward"] {
        assert_eq!(long["attendance"][key], d1["attendance"][key], "{key}");
    }
    assert_eq!(long["reports"], d1["reports"]);
    assert_eq!(long["quality"], d1["quality"]);
    assert_eq!(kinds(&long, "clashes"), kinds(&d1, "clashes"));
    assert_eq!(kinds(&long, "missing_reports"), kinds(&d1, "missing_reports"));

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

#[sqlx::test(migrations = "./migrations")]
async fn ward_months_are_rolled_up_and_computed_again_when_their_rows_change_or_expire(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let fx = fixture(&app).await;
    let thuongvu = app.login("thuongvu").await;
    let reports = |d: &Value| {
        let t = &d["reports"]["total"];
        (n(t, &["on_time"]), n(t, &["late"]), n(t, &["missing"]))
    };
    let period = [("from", "2025-01"), ("to", "2025-05")];
    let d = data(&app, &thuongvu, &period).await;
    assert_eq!(reports(&d), (3, 1, 1));
    // every ward-month of the period was computed at its version
    let state = |ward: i64, month: &'static str| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_as::<_, (i64, Option<i64>)>("SELECT version, computed_version FROM dashboard_rollup_wards WHERE city_id = 1 AND ward_id = $1 AND month = $2::date")
                .bind(ward)
                .bind(month)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    for month in ["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01", "2025-05-01"] {
        let (v, c) = state(fx.p1, month).await;
        assert_eq!(Some(v), c, "{month}");
    }
    let rolled: i64 = sqlx::query_scalar("SELECT COALESCE(sum(expected), 0) FROM dashboard_rollup WHERE city_id = 1 AND month = '2025-03-01' AND ward_id = $1")
        .bind(fx.p1)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(rolled, 3, "M1, M2, M7");
    // Đạt's missing report of 25/3 comes in late: March of Phường 1 is stale (Phường 2's
    // is not), then computed again
    let p2_march = state(fx.p2, "2025-03-01").await;
    let m7: i64 = sqlx::query_scalar("SELECT id FROM meetings WHERE cell_id = $1 AND starts_at = '2025-03-25 19:30+07'").bind(fx.kp1).fetch_one(&app.pool).await.unwrap();
    common::spring2025::report(&app, m7, 14, Some("2025-04-30 09:00+07"), Some(2)).await;
    let (v, c) = state(fx.p1, "2025-03-01").await;
    assert_ne!(Some(v), c);
    assert_eq!(state(fx.p2, "2025-03-01").await, p2_march);
    let d = data(&app, &thuongvu, &period).await;
    assert_eq!(reports(&d), (3, 2, 0), "{}", d["reports"]);
    assert_eq!(d["quality"], serde_json::json!([0, 2, 2, 1]));
    // the missing report's finding went with it
    assert!(d["findings"].as_array().unwrap().iter().all(|f| f["kind"] != "missing_reports"), "{}", d["findings"]);
    // Saturday 8/3 made a working day: M1's report (Wed 12/3) was due Tue 11/3, so late
    exec(&app, "INSERT INTO calendar_days (city_id, day, kind, label, source) VALUES (1, '2025-03-08', 'worked_day', 'Làm bù', 'admin')
                ON CONFLICT (city_id, day) DO UPDATE SET kind = 'worked_day'").await;
    let d = data(&app, &thuongvu, &period).await;
    assert_eq!(reports(&d), (2, 3, 0), "{}", d["reports"]);
    // a meeting cancelled afterwards no longer counts
    exec(&app, &format!("UPDATE meetings SET status = 'cancelled' WHERE id = {m7}")).await;
    let d = data(&app, &thuongvu, &period).await;
    assert_eq!(n(&d["attendance"], &["expected"]), 5);

    // figures expire by themselves: a meeting starting in two seconds is not counted yet;
    // once it has started it is, without any write in between
    exec(&app, &format!("INSERT INTO assignments (city_id, group_id, month, cell_id, person_id) VALUES (1, 1, '2025-06-01', {}, 14)", fx.kp1)).await;
    let soon: i64 = sqlx::query_scalar(
        "INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, status)
         VALUES (1, $1, $2, 'regular', '2025-06-01', now() + interval '2 seconds', now() + interval '2 hours', 'announced') RETURNING id",
    )
    .bind(fx.p1)
    .bind(fx.kp1)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let june = [("from", "2025-06"), ("to", "2025-06")];
    let d = data(&app, &thuongvu, &june).await;
    assert_eq!(n(&d["attendance"], &["expected"]), 0);
    let until: Option<chrono::DateTime<chrono::Utc>> =
        sqlx::query_scalar("SELECT valid_until FROM dashboard_rollup_wards WHERE city_id = 1 AND ward_id = $1 AND month = '2025-06-01'")
            .bind(fx.p1)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let starts: chrono::DateTime<chrono::Utc> = sqlx::query_scalar("SELECT starts_at FROM meetings WHERE id = $1").bind(soon).fetch_one(&app.pool).await.unwrap();
    assert_eq!(until, Some(starts));
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let d = data(&app, &thuongvu, &june).await;
    assert_eq!(n(&d["attendance"], &["expected"]), 1);
    // its report is pending: the figures expire when it turns missing (after its due day)
    assert_eq!(n(&d["reports"]["total"], &["pending"]), 1);
    let (until, computed): (Option<chrono::DateTime<chrono::Utc>>, Option<i64>) =
        sqlx::query_as("SELECT valid_until, computed_version FROM dashboard_rollup_wards WHERE city_id = 1 AND ward_id = $1 AND month = '2025-06-01'")
            .bind(fx.p1)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(computed.is_some());
    let until = until.expect("a pending report's expiry");
    assert!(until > starts + chrono::Duration::days(5) && until < starts + chrono::Duration::days(30), "{until} {starts}");
}

#[sqlx::test(migrations = "./migrations")]
async fn a_merge_after_which_the_group_attended_less_is_a_finding(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let fx = fixture(&app).await;
    let thuongvu = app.login("thuongvu").await;
    let p1 = fx.p1.to_string();
    // KP2 merges into KP1 on 20/4/2025; KP1 meets on 7/5 and nobody of the group comes
    exec(&app, &format!("UPDATE org_units SET active_to = '2025-04-20', merged_into_id = {} WHERE id = {}", fx.kp1, fx.kp2)).await;
    exec(&app, &format!("INSERT INTO assignments (city_id, group_id, month, cell_id, person_id) VALUES (1, 1, '2025-05-01', {}, 14)", fx.kp1)).await;
    let may = common::spring2025::meeting(&app, fx.p1, fx.kp1, "2025-05-01", "2025-05-07 19:30+07", "held").await;
    let form = [("from", "2025-04"), ("to", "2025-05"), ("ward", p1.as_str())];
    let d = data(&app, &thuongvu, &form).await;
    let merges: Vec<&Value> = d["findings"].as_array().unwrap().iter().filter(|f| f["kind"] == "after_merge").collect();
    assert_eq!(merges.len(), 1, "{}", d["findings"]);
    // before (20/1–19/4): M1, M3, M6 attended of M1, M2, M7, M3, M6; after: 7/5 not attended
    assert!(merges[0]["subject"].as_str().unwrap().contains("KP1"), "{}", merges[0]);
    assert_eq!(merges[0]["evidence"], "20/04/2025: 3/5 (60%) → 0/1 (0%)");
    assert_eq!(merges[0]["href"], format!("/org/{}", fx.kp1));
    // Phường 2's staff do not see it; a period long after the merge has none
    let d2 = data(&app, &app.login("phuong2").await, &[("from", "2025-04"), ("to", "2025-05")]).await;
    assert!(d2["findings"].as_array().unwrap().iter().all(|f| f["kind"] != "after_merge"));
    let later = data(&app, &thuongvu, &[("from", "2025-09"), ("to", "2025-10"), ("ward", p1.as_str())]).await;
    assert!(later["findings"].as_array().unwrap().iter().all(|f| f["kind"] != "after_merge"));
    // Đạt came after all (his report): covered as before, no finding
    common::spring2025::report(&app, may, 14, Some("2025-05-08 09:00+07"), Some(3)).await;
    let d = data(&app, &thuongvu, &form).await;
    assert!(d["findings"].as_array().unwrap().iter().all(|f| f["kind"] != "after_merge"), "{}", d["findings"]);
}
