//! Working groups and the monthly assignment board: each rule, success and refusal.
#![cfg(feature = "ssr")]

use crate::common;
use common::TestApp;
use sqlx::PgPool;

fn this_month() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(7)).format("%Y-%m").to_string()
}

/// Group 1 of the demo (follows P1, led by totruong).
async fn group1(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT id FROM working_groups WHERE name = 'Tổ công tác số 1'").fetch_one(&app.pool).await.unwrap()
}

async fn board(app: &TestApp, cookie: &str, group: i64, month: &str) -> common::Reply {
    app.post("/api/board/get", Some(cookie), &[("group_id", &group.to_string()), ("month", month)]).await
}

#[sqlx::test(migrations = "./migrations")]
async fn the_demo_has_groups_boards_and_gaps(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let (groups, assignments): (i64, i64) =
        sqlx::query_as("SELECT (SELECT count(*) FROM working_groups), (SELECT count(*) FROM assignments)").fetch_one(&app.pool).await.unwrap();
    assert!((8..=12).contains(&groups), "{groups}");
    assert!(assignments > 800, "{assignments}");
    let cookie = app.login("totruong").await;
    let r = board(&app, &cookie, group1(&app).await, &this_month()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let b = r.json();
    assert_eq!(b["can_edit"], true);
    let cells = b["cells"].as_array().unwrap();
    assert!(cells.len() >= 8);
    // difficult cells first
    let first_plain = cells.iter().position(|c| c["is_difficult"] == false).unwrap();
    assert!(cells[first_plain..].iter().all(|c| c["is_difficult"] == false));
    let unassigned = cells.iter().filter(|c| c["assigned"].as_array().unwrap().is_empty()).count();
    assert_eq!(b["unassigned"], unassigned);
}

#[sqlx::test(migrations = "./migrations")]
async fn who_may_read_and_edit_a_board(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let g1 = group1(&app).await;
    let g2: i64 = sqlx::query_scalar("SELECT id FROM working_groups WHERE name = 'Tổ công tác số 2'").fetch_one(&app.pool).await.unwrap();
    let m = this_month();
    for (user, group, status, edit) in [
        ("totruong", g1, 200, true),
        ("thanhvien", g1, 200, false),
        ("bantochuc", g1, 200, true),
        ("thuongvu", g2, 200, false),
        ("phuong1", g1, 200, false),
        ("phuong1", g2, 403, false),
        ("totruong", g2, 403, false),
        ("ubnd", g1, 403, false),
    ] {
        let cookie = app.login(user).await;
        let r = board(&app, &cookie, group, &m).await;
        assert_eq!(r.status, status, "{user} reads group {group}: {}", r.body);
        if status == 200 {
            assert_eq!(r.json()["can_edit"], edit, "{user}");
        }
    }
    // thanhvien cannot assign even by sending the request
    let cookie = app.login("thanhvien").await;
    let b = board(&app, &cookie, g1, &m).await.json();
    let cell = b["cells"][0]["id"].to_string();
    let person = b["members"][0]["person_id"].to_string();
    let v = b["version"].to_string();
    let r = app.post("/api/board/assign", Some(&cookie), &[("group_id", &g1.to_string()), ("month", &m), ("cell_id", &cell), ("person_id", &person), ("version", &v)]).await;
    assert_eq!(r.status, 403);
}

#[sqlx::test(migrations = "./migrations")]
async fn assigning_checks_every_rule_and_the_board_version(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let g1 = group1(&app).await;
    let g = g1.to_string();
    let m = this_month();
    let cookie = app.login("totruong").await;
    let b = board(&app, &cookie, g1, &m).await.json();
    let target = b["cells"].as_array().unwrap().iter().find(|c| c["assigned"].as_array().unwrap().is_empty()).cloned()
        .unwrap_or_else(|| b["cells"][0].clone());
    let cell = target["id"].to_string();
    let member = b["members"].as_array().unwrap().iter().find(|x| target["assigned"].as_array().unwrap().iter().all(|a| a["person_id"] != x["person_id"])).unwrap()["person_id"].to_string();
    let v0 = b["version"].to_string();
    let outsider: i64 = sqlx::query_scalar(
        "SELECT id FROM people WHERE id NOT IN (SELECT person_id FROM group_members WHERE group_id = $1) LIMIT 1",
    )
    .bind(g1)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let other_ward_cell: i64 = sqlx::query_scalar(
        "SELECT c.id FROM org_units c JOIN org_units w ON w.id = c.parent_id WHERE w.code = 'P2' AND c.kind = 'cell' AND c.active_to IS NULL LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let ended_cell: i64 = sqlx::query_scalar(
        "SELECT c.id FROM org_units c WHERE c.parent_id = (SELECT id FROM org_units WHERE code = 'P1') AND c.kind = 'cell' AND c.active_to IS NULL ORDER BY c.id DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    sqlx::query("UPDATE org_units SET active_to = '2024-01-01', active_from = '2019-07-05' WHERE id = $1").bind(ended_cell).execute(&app.pool).await.unwrap();
    let assign = |cell: String, person: String, month: String, version: String| {
        let (g, cookie, app) = (g.clone(), cookie.clone(), &app);
        async move {
            app.post("/api/board/assign", Some(&cookie), &[("group_id", &g), ("month", &month), ("cell_id", &cell), ("person_id", &person), ("version", &version)]).await
        }
    };
    let cases = [
        (cell.clone(), outsider.to_string(), m.clone(), "NotAMember", "person_id"),
        (other_ward_cell.to_string(), member.clone(), m.clone(), "WardNotFollowed", "cell_id"),
        (ended_cell.to_string(), member.clone(), m.clone(), "CellEnded", "cell_id"),
        (cell.clone(), member.clone(), "2010-01".to_string(), "MonthOutsideGroup", "month"),
        (cell.clone(), member.clone(), "2026-13".to_string(), "BadMonth", "month"),
        (cell.clone(), String::new(), m.clone(), "Required", "person_id"),
    ];
    for (c, p, month, msg, field) in cases {
        let r = assign(c, p, month, v0.clone()).await;
        assert_eq!((r.status.as_u16(), r.error()), (422, (msg.to_string(), Some(field.to_string()))), "{msg}");
    }
    let count = |app: &TestApp| {
        let pool = app.pool.clone();
        async move { sqlx::query_scalar::<_, i64>("SELECT count(*) FROM assignments").fetch_one(&pool).await.unwrap() }
    };
    let before = count(&app).await;
    let r = assign(cell.clone(), member.clone(), m.clone(), v0.clone()).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    assert_eq!(count(&app).await, before + 1);
    // the same version again: someone else changed the board meanwhile
    let r = assign(cell.clone(), member.clone(), m.clone(), v0.clone()).await;
    assert_eq!((r.status.as_u16(), r.error().0), (409, "Conflict".to_string()));
    // the current version, same person twice to one cell
    let v1 = board(&app, &cookie, g1, &m).await.json()["version"].to_string();
    let r = assign(cell.clone(), member.clone(), m.clone(), v1.clone()).await;
    assert_eq!((r.status.as_u16(), r.error()), (422, ("AlreadyAssigned".to_string(), Some("person_id".to_string()))));
    assert_eq!(count(&app).await, before + 1, "nothing half-saved");
    // the board version did not move on a refusal
    assert_eq!(board(&app, &cookie, g1, &m).await.json()["version"].to_string(), v1);

    // and the assignment can be removed again
    let b = board(&app, &cookie, g1, &m).await.json();
    let a = b["cells"].as_array().unwrap().iter().find(|c| c["id"].to_string() == cell).unwrap()["assigned"]
        .as_array().unwrap().iter().find(|a| a["person_id"].to_string() == member).unwrap()["id"].to_string();
    let r = app.post("/api/board/unassign", Some(&cookie), &[("group_id", &g), ("month", &m), ("assignment_id", &a), ("version", &v1)]).await;
    assert!(r.ok(), "{}", r.body);
    assert_eq!(count(&app).await, before);
}

#[sqlx::test(migrations = "./migrations")]
async fn copy_last_month_skips_merged_cells_and_departed_members(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let g1 = group1(&app).await;
    let cookie = app.login("bantochuc").await;
    // A fresh month after the demo's twelve.
    let next = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let next = chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&next), chrono::Datelike::month(&next), 1).unwrap()
        .checked_add_months(chrono::Months::new(1)).unwrap();
    let month = next.format("%Y-%m").to_string();
    let prev = (next - chrono::Duration::days(1)).format("%Y-%m-01").to_string();
    let prev_rows: Vec<(i64, i64)> = sqlx::query_as("SELECT cell_id, person_id FROM assignments WHERE group_id = $1 AND month = $2::date")
        .bind(g1).bind(&prev).fetch_all(&app.pool).await.unwrap();
    assert!(!prev_rows.is_empty());
    // one cell merges on the first of the new month; one member leaves then
    let (merged_cell, _) = prev_rows[0];
    let leaving = prev_rows.iter().map(|r| r.1).find(|p| {
        prev_rows.iter().any(|r| r.1 == *p && r.0 != merged_cell)
    }).unwrap();
    let target: i64 = sqlx::query_scalar("SELECT id FROM org_units WHERE parent_id = (SELECT parent_id FROM org_units WHERE id = $1) AND kind = 'cell' AND active_to IS NULL AND id <> $1 LIMIT 1")
        .bind(merged_cell).fetch_one(&app.pool).await.unwrap();
    sqlx::query("UPDATE org_units SET active_to = $2, merged_into_id = $3 WHERE id = $1").bind(merged_cell).bind(next).bind(target).execute(&app.pool).await.unwrap();
    sqlx::query("UPDATE group_members SET active_to = $3 WHERE group_id = $1 AND person_id = $2").bind(g1).bind(leaving).bind(next).execute(&app.pool).await.unwrap();
    let r = app.post("/api/board/copy", Some(&cookie), &[("group_id", &g1.to_string()), ("month", &month), ("version", "0")]).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let copied = r.json().as_u64().unwrap() as usize;
    let expected = prev_rows.iter().filter(|(c, p)| *c != merged_cell && *p != leaving).count();
    assert_eq!(copied, expected);
    let b = board(&app, &cookie, g1, &month).await.json();
    assert!(b["cells"].as_array().unwrap().iter().all(|c| c["id"] != merged_cell), "the merged cell is gone from the new month");
    assert!(b["members"].as_array().unwrap().iter().all(|m| m["person_id"] != leaving));
    // the past month still shows who was assigned to the merged cell
    let old = board(&app, &cookie, g1, &prev[..7]).await.json();
    assert!(old["cells"].as_array().unwrap().iter().any(|c| c["id"] == merged_cell));
}

#[sqlx::test(migrations = "./migrations")]
async fn group_rules_leader_and_ward_following(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("bantochuc").await;
    let plain: i64 = sqlx::query_scalar("SELECT id FROM people WHERE NOT is_standing_member LIMIT 1").fetch_one(&app.pool).await.unwrap();
    let standing: i64 = sqlx::query_scalar("SELECT id FROM people WHERE is_standing_member LIMIT 1").fetch_one(&app.pool).await.unwrap();
    let r = app.post("/api/groups/save", Some(&cookie), &[("name", "Tổ mới"), ("active_from", "2026-01-01"), ("leader_id", &plain.to_string())]).await;
    assert_eq!((r.status.as_u16(), r.error()), (422, ("LeaderNotStanding".into(), Some("leader_id".into()))));
    let r = app.post("/api/groups/save", Some(&cookie), &[("name", "Tổ công tác số 1"), ("active_from", "2026-01-01"), ("leader_id", &standing.to_string())]).await;
    assert_eq!((r.status.as_u16(), r.error()), (422, ("GroupNameTaken".into(), Some("name".into()))));
    let r = app.post("/api/groups/save", Some(&cookie), &[("name", "Tổ mới"), ("active_from", "2026-01-01"), ("active_to", "2025-01-01"), ("leader_id", &standing.to_string())]).await;
    assert_eq!(r.error(), ("EndBeforeStart".into(), Some("active_to".into())));
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM working_groups WHERE name = 'Tổ mới'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 0);
    let r = app.post("/api/groups/save", Some(&cookie), &[("name", "Tổ mới"), ("decision_no", "12-QĐ/TU"), ("active_from", "2026-01-01"), ("leader_id", &standing.to_string())]).await;
    assert!(r.ok(), "{}", r.body);
    let g: i64 = sqlx::query_scalar("SELECT id FROM working_groups WHERE name = 'Tổ mới'").fetch_one(&app.pool).await.unwrap();
    // P1 is followed by group 1 since 2019: overlapping dates are refused
    let p1 = app.unit_id("P1", None).await.to_string();
    let r = app.post("/api/groups/follow-ward", Some(&cookie), &[("group_id", &g.to_string()), ("ward_id", &p1), ("follow_from", "2026-01-01")]).await;
    assert_eq!((r.status.as_u16(), r.error()), (422, ("WardFollowedByOther".into(), Some("ward_id".into()))));
    // once group 1 stops following it, the new group may
    sqlx::query("UPDATE group_wards SET active_to = '2026-01-01' WHERE ward_id = $1").bind(p1.parse::<i64>().unwrap()).execute(&app.pool).await.unwrap();
    let r = app.post("/api/groups/follow-ward", Some(&cookie), &[("group_id", &g.to_string()), ("ward_id", &p1), ("follow_from", "2026-01-01")]).await;
    assert!(r.ok(), "{}", r.body);
    // members: a person once at a time
    let r = app.post("/api/groups/add-member", Some(&cookie), &[("group_id", &g.to_string()), ("person_id", &plain.to_string()), ("role", "member"), ("active_from", "2026-01-01")]).await;
    assert!(r.ok(), "{}", r.body);
    let r = app.post("/api/groups/add-member", Some(&cookie), &[("group_id", &g.to_string()), ("person_id", &plain.to_string()), ("role", "member"), ("active_from", "2026-02-01")]).await;
    assert_eq!(r.error(), ("AlreadyMember".into(), Some("person_id".into())));
    // a group leader cannot touch another group; a member cannot change their own
    let leader = app.login("totruong").await;
    let r = app.post("/api/groups/add-member", Some(&leader), &[("group_id", &g.to_string()), ("person_id", &plain.to_string()), ("role", "member"), ("active_from", "2027-01-01")]).await;
    assert_eq!(r.status, 403);
    let member = app.login("thanhvien").await;
    let g1 = group1(&app).await;
    let r = app.post("/api/groups/plan", Some(&member), &[("group_id", &g1.to_string()), ("body", "x")]).await;
    assert_eq!(r.status, 403);
    let r = app.post("/api/groups/plan", Some(&leader), &[("group_id", &g1.to_string()), ("body", "Kế hoạch mới")]).await;
    assert!(r.ok());
}

#[sqlx::test(migrations = "./migrations")]
async fn the_board_exports_as_csv_and_xlsx(pool: PgPool) {
    use calamine::{Reader, Xlsx};
    let app = TestApp::with_demo(pool).await;
    let g1 = group1(&app).await;
    let m = this_month();
    let cookie = app.login("totruong").await;
    let b = board(&app, &cookie, g1, &m).await.json();
    let lines: usize = b["cells"].as_array().unwrap().iter().map(|c| c["assigned"].as_array().unwrap().len().max(1)).sum();

    let r = app.get(&format!("/export/board/{g1}/{m}/xlsx"), Some(&cookie)).await;
    assert_eq!(r.status, 200);
    let bytes = app.get_bytes(&format!("/export/board/{g1}/{m}/xlsx"), Some(&cookie)).await;
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("a real xlsx");
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[2][1], "Đảng ủy phường");
    let data: Vec<&Vec<String>> = rows.iter().skip(3).filter(|r| !r[0].is_empty()).collect();
    assert_eq!(data.len(), lines);
    let first = &b["cells"][0];
    assert_eq!(data[0][2], first["code"].as_str().unwrap());

    let r = app.get(&format!("/export/board/{g1}/{m}/csv"), Some(&cookie)).await;
    assert_eq!(r.status, 200);
    assert!(r.body.starts_with('\u{feff}'));
    assert_eq!(r.body.trim_end().lines().count(), lines + 1);

    assert_eq!(app.get(&format!("/export/board/{g1}/{m}/csv"), None).await.status, 401);
    let outsider = app.login("ubnd").await;
    assert_eq!(app.get(&format!("/export/board/{g1}/{m}/csv"), Some(&outsider)).await.status, 403);
}

/// A month `back` months before this one (Vietnam time), as "yyyy-mm".
fn month_back(back: u32) -> String {
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let first = chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&today), chrono::Datelike::month(&today), 1).unwrap();
    first.checked_sub_months(chrono::Months::new(back)).unwrap().format("%Y-%m").to_string()
}

#[sqlx::test(migrations = "./migrations")]
async fn a_closed_month_changes_only_after_the_organization_board_reopens_it(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let g1 = group1(&app).await;
    let g = g1.to_string();
    let closed = month_back(2);
    let leader = app.login("totruong").await;
    let btc = app.login("bantochuc").await;
    let b = board(&app, &leader, g1, &closed).await.json();
    assert_eq!((b["closed"].clone(), b["can_edit"].clone(), b["can_reopen"].clone()), (true.into(), false.into(), false.into()));
    let cell = b["cells"][0]["id"].to_string();
    let person = b["members"][1]["person_id"].to_string();
    let v = b["version"].to_string();
    let assign = |cookie: String, v: String| {
        let (app, g, closed, cell, person) = (app.clone(), g.clone(), closed.clone(), cell.clone(), person.clone());
        async move {
            app.post("/api/board/assign", Some(&cookie), &[("group_id", &g), ("month", &closed), ("cell_id", &cell), ("person_id", &person), ("version", &v)]).await
        }
    };
    // the leader's forged request is refused, and so is the organization board's before reopening
    let r = assign(leader.clone(), v.clone()).await;
    assert_eq!((r.status.as_u16(), r.error().0), (403, "BoardClosed".to_string()));
    let b = board(&app, &btc, g1, &closed).await.json();
    assert_eq!((b["can_edit"].clone(), b["can_reopen"].clone()), (false.into(), true.into()));
    let r = assign(btc.clone(), v.clone()).await;
    assert_eq!((r.status.as_u16(), r.error().0), (403, "BoardClosed".to_string()));
    // reopening needs a reason, and the organization board
    let reopen = |cookie: String, month: String, v: String, reason: &'static str| {
        let (app, g) = (app.clone(), g.clone());
        async move { app.post("/api/board/reopen", Some(&cookie), &[("group_id", &g), ("month", &month), ("version", &v), ("reason", reason)]).await }
    };
    let r = reopen(btc.clone(), closed.clone(), v.clone(), "x").await;
    assert_eq!((r.status.as_u16(), r.error()), (422, ("ReasonTooShort".into(), Some("reason".into()))));
    let r = reopen(leader.clone(), closed.clone(), v.clone(), "Bổ sung theo biên bản").await;
    assert_eq!(r.status, 403);
    let r = reopen(btc.clone(), closed.clone(), v.clone(), "Bổ sung theo biên bản").await;
    assert!(r.ok(), "{}", r.body);
    let b = board(&app, &btc, g1, &closed).await.json();
    assert_eq!(b["can_edit"], true);
    assert_eq!(b["reopen_reason"], "Bổ sung theo biên bản");
    assert!(b["reopened_until"].is_string());
    // a change now succeeds and carries the reason into the audit log
    let a = b["cells"].as_array().unwrap().iter().flat_map(|c| c["assigned"].as_array().unwrap().clone()).next().unwrap();
    let r = app
        .post("/api/board/unassign", Some(&btc), &[("group_id", &g), ("month", &closed), ("assignment_id", &a["id"].to_string()), ("version", &b["version"].to_string())])
        .await;
    assert!(r.ok(), "{}", r.body);
    let reasons: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT action, reason FROM audit_log WHERE action IN ('reopen', 'unassign') ORDER BY id").fetch_all(&app.pool).await.unwrap();
    assert_eq!(
        reasons,
        [("reopen".into(), Some("Bổ sung theo biên bản".into())), ("unassign".into(), Some("Bổ sung theo biên bản".into()))]
    );
    // still read-only for the leader
    let b = board(&app, &leader, g1, &closed).await.json();
    assert_eq!(b["can_edit"], false);
    let r = assign(leader.clone(), b["version"].to_string()).await;
    assert_eq!(r.status, 403);
    // this month is open: nothing to reopen
    let now = board(&app, &btc, g1, &this_month()).await.json();
    let r = reopen(btc.clone(), this_month(), now["version"].to_string(), "Bổ sung theo biên bản").await;
    assert_eq!((r.status.as_u16(), r.error()), (422, ("BoardNotClosed".into(), Some("reason".into()))));
}

#[sqlx::test(migrations = "./migrations")]
async fn ward_staff_see_only_their_wards_part_and_only_while_it_is_followed(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let g1 = group1(&app).await;
    let (p1, p2) = (app.unit_id("P1", None).await, app.unit_id("P2", None).await);
    let m = this_month();
    let first = format!("{m}-01");
    // group 2 hands Phường 2 over to group 1 from the first of this month
    sqlx::query("UPDATE group_wards SET active_to = $2::date WHERE ward_id = $1").bind(p2).bind(&first).execute(&app.pool).await.unwrap();
    sqlx::query("INSERT INTO group_wards (city_id, group_id, ward_id, active_from) SELECT city_id, $1, $2, $3::date FROM working_groups WHERE id = $1")
        .bind(g1)
        .bind(p2)
        .bind(&first)
        .execute(&app.pool)
        .await
        .unwrap();
    let btc = app.login("bantochuc").await;
    let b = board(&app, &btc, g1, &m).await.json();
    let p2_cell = b["cells"].as_array().unwrap().iter().find(|c| c["ward"] == "Đảng ủy Phường 2").expect("P2 cells on the board")["id"].to_string();
    let person = b["members"][1]["person_id"].to_string();
    let r = app
        .post("/api/board/assign", Some(&btc), &[("group_id", &g1.to_string()), ("month", &m), ("cell_id", &p2_cell), ("person_id", &person), ("version", &b["version"].to_string())])
        .await;
    assert!(r.ok(), "{}", r.body);
    let loads = |b: &serde_json::Value| b["members"].as_array().unwrap().iter().map(|m| m["load"].as_u64().unwrap()).sum::<u64>();
    let assigned = |b: &serde_json::Value| b["cells"].as_array().unwrap().iter().map(|c| c["assigned"].as_array().unwrap().len() as u64).sum::<u64>();
    let all = board(&app, &btc, g1, &m).await.json();
    assert_eq!(loads(&all), assigned(&all));
    for (user, ward) in [("phuong1", "Đảng ủy Phường 1"), ("phuong2", "Đảng ủy Phường 2")] {
        let cookie = app.login(user).await;
        let b = board(&app, &cookie, g1, &m).await.json();
        assert!(b["cells"].as_array().unwrap().iter().all(|c| c["ward"] == ward), "{user} sees only {ward}");
        assert_eq!(loads(&b), assigned(&b), "{user}: the members' loads count only {ward}'s cells");
        assert!(loads(&b) < loads(&all));
    }
    // group 1 stops following Phường 1 today: its staff no longer see the group
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    sqlx::query("UPDATE group_wards SET active_to = $3 WHERE group_id = $1 AND ward_id = $2").bind(g1).bind(p1).bind(today).execute(&app.pool).await.unwrap();
    let cookie = app.login("phuong1").await;
    assert_eq!(board(&app, &cookie, g1, &m).await.status, 403);
    assert_eq!(app.post("/api/groups/get", Some(&cookie), &[("id", &g1.to_string())]).await.status, 403);
    let list = app.post("/api/groups/list", Some(&cookie), &[]).await.json();
    assert!(list["groups"].as_array().unwrap().iter().all(|g| g["id"] != g1));
}

#[sqlx::test(migrations = "./migrations")]
async fn exports_neutralise_what_a_spreadsheet_would_run(pool: PgPool) {
    use calamine::{Reader, Xlsx};
    let app = TestApp::with_demo(pool).await;
    let g1 = group1(&app).await;
    let m = this_month();
    let cookie = app.login("totruong").await;
    let cell: i64 = board(&app, &cookie, g1, &m).await.json()["cells"][0]["id"].as_i64().unwrap();
    sqlx::query("UPDATE org_units SET name = '=HYPERLINK(\"http://x.invalid\",\"y\")', code = '+1' WHERE id = $1").bind(cell).execute(&app.pool).await.unwrap();
    let csv = app.get(&format!("/export/board/{g1}/{m}/csv"), Some(&cookie)).await.body;
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x.invalid\"\",\"\"y\"\")\""), "{csv}");
    assert!(csv.contains("\"'+1\""));
    let bytes = app.get_bytes(&format!("/export/board/{g1}/{m}/xlsx"), Some(&cookie)).await;
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("a real xlsx");
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let title = sheet.get_value((0, 0)).unwrap().to_string();
    assert!(title.ends_with(&format!("tháng {}/{}", &m[5..], &m[..4])), "{title}");
    let names: Vec<String> = sheet.rows().skip(3).map(|r| r[3].to_string()).collect();
    // XLSX cells are strings, shown as typed (no apostrophe meant for CSV), never formulas
    assert!(names.iter().any(|n| n.starts_with("=HYPERLINK")), "{names:?}");
    let formulas = book.worksheet_formula(&book.sheet_names()[0].clone()).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula in the file");
}
