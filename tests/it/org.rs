//! The organisation tree's server functions: success and refusal paths.
#![cfg(feature = "ssr")]

use crate::common;
use common::TestApp;
use sqlx::PgPool;

/// Two active cells of a ward, by code.
async fn two_active_cells(app: &TestApp, ward: &str) -> (i64, i64) {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT c.id FROM org_units c JOIN org_units w ON w.id = c.parent_id
         WHERE c.kind = 'cell' AND w.code = $1 AND c.active_to IS NULL ORDER BY c.id LIMIT 2",
    )
    .bind(ward)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    (ids[0], ids[1])
}

#[sqlx::test(migrations = "./migrations")]
async fn tree_needs_sign_in_and_lists_wards(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let r = app.post("/api/org/tree", None, &[]).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.error().0, "SignInRequired");

    let cookie = app.login("thuongvu").await;
    let r = app.post("/api/org/tree", Some(&cookie), &[]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let wards = r.json()["wards"].as_array().unwrap().len();
    assert!(wards >= 8, "demo city has about 10 wards, got {wards}");
    // standing committee reads everything but edits nothing
    assert_eq!(r.json()["can_create_ward"], false);
}

#[sqlx::test(migrations = "./migrations")]
async fn tree_search_ignores_accents(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("bantochuc").await;
    let all = app.post("/api/org/tree", Some(&cookie), &[]).await.json();
    let first_cell = all["wards"][0]["cells"][0]["name"].as_str().unwrap().to_string();
    let folded = to_cong_tac::helpers::fold(&first_cell);
    let r = app.post("/api/org/tree", Some(&cookie), &[("q", &folded)]).await;
    let names: Vec<String> = r.json()["wards"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["cells"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()))
        .collect();
    assert!(names.contains(&first_cell), "{folded} finds {first_cell}: {names:?}");
    let long = "x".repeat(101);
    let r = app.post("/api/org/tree", Some(&cookie), &[("q", &long)]).await;
    assert_eq!(r.status, 422);
}

#[sqlx::test(migrations = "./migrations")]
async fn organization_board_creates_and_edits_a_cell(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("bantochuc").await;
    let ward = app.unit_id("P3", None).await;
    let ward_s = ward.to_string();
    let r = app
        .post(
            "/api/org/save",
            Some(&cookie),
            &[("kind", "cell"), ("parent_id", &ward_s), ("code", "KP99"), ("name", "Chi bộ Khu phố 99"),
              ("residential", "on"), ("is_difficult", "on"), ("active_from", "2026-01-01"), ("party_members", "37")],
        )
        .await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let id = app.unit_id("KP99", Some("P3")).await;
    assert_eq!(r.location().as_deref(), Some(format!("/org/{id}?saved=1").as_str()));
    assert_eq!(app.audit_count("org_unit", id).await, 1);
    let members: Option<i16> = sqlx::query_scalar("SELECT party_members FROM org_units WHERE id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    assert_eq!(members, Some(37));

    // edit with the version read
    let id_s = id.to_string();
    let r = app
        .post(
            "/api/org/save",
            Some(&cookie),
            &[("id", &id_s), ("version", "1"), ("kind", "cell"), ("code", "KP99"), ("name", "Chi bộ KP 99 mới"),
              ("residential", "on"), ("active_from", "01/01/2026")],
        )
        .await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    assert_eq!(app.version("org_units", id).await, 2);
    assert_eq!(app.audit_count("org_unit", id).await, 2);
    let (name, difficult, members): (String, bool, Option<i16>) =
        sqlx::query_as("SELECT name, is_difficult, party_members FROM org_units WHERE id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    assert_eq!(name, "Chi bộ KP 99 mới");
    assert!(!difficult);
    // the form sends the cell's party members each time; left empty, the city does not keep it
    assert_eq!(members, None);
}

#[sqlx::test(migrations = "./migrations")]
async fn bad_cell_input_is_refused_next_to_the_field_and_nothing_is_saved(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("bantochuc").await;
    let ward = app.unit_id("P1", None).await.to_string();
    let existing: String = sqlx::query_scalar(
        "SELECT c.code FROM org_units c WHERE c.parent_id = $1 AND c.kind = 'cell' LIMIT 1",
    )
    .bind(ward.parse::<i64>().unwrap())
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM org_units").fetch_one(&app.pool).await.unwrap();
    let long = "x".repeat(201);
    let existing_lower = existing.to_lowercase();
    let cases: Vec<(Vec<(&str, &str)>, &str, &str)> = vec![
        (vec![("name", "")], "Required", "name"),
        (vec![("name", "   ")], "Required", "name"),
        (vec![("name", &long)], "TooLong", "name"),
        (vec![("code", "")], "Required", "code"),
        (vec![("code", &existing)], "CellCodeTaken", "code"),
        (vec![("code", &existing_lower)], "CellCodeTaken", "code"),
        (vec![("active_to", "2025-01-01")], "EndBeforeStart", "active_to"),
        (vec![("active_from", "31/02/2026")], "BadDate", "active_from"),
        (vec![("parent_id", "")], "NotAWard", "parent_id"),
        (vec![("party_members", "-3")], "BadNumber", "party_members"),
        (vec![("party_members", "5001")], "BadNumber", "party_members"),
        (vec![("party_members", "mười")], "BadNumber", "party_members"),
    ];
    for (overrides, msg, field) in cases {
        let mut form: Vec<(&str, &str)> = vec![
            ("kind", "cell"), ("parent_id", &ward), ("code", "KP77"), ("name", "Chi bộ thử"), ("active_from", "2026-01-01"),
        ];
        for (k, v) in &overrides {
            form.retain(|(fk, _)| fk != k);
            form.push((k, v));
        }
        let r = app.post("/api/org/save", Some(&cookie), &form).await;
        assert_eq!(r.status, 422, "{overrides:?}: {}", r.body);
        assert_eq!(r.error(), (msg.to_string(), Some(field.to_string())), "{overrides:?}");
    }
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM org_units").fetch_one(&app.pool).await.unwrap();
    assert_eq!(before, after);
}

#[sqlx::test(migrations = "./migrations")]
async fn ward_staff_edit_only_their_own_ward(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("phuong1").await;
    let (own, _) = two_active_cells(&app, "P1").await;
    let (other, _) = two_active_cells(&app, "P2").await;
    let (app, cookie) = (&app, &cookie);
    let edit = |id: i64| async move {
        let id_s = id.to_string();
        let (code, version): (String, i32) =
            sqlx::query_as("SELECT code, version FROM org_units WHERE id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
        let v = version.to_string();
        app.post(
            "/api/org/save",
            Some(cookie),
            &[("id", &id_s), ("version", &v), ("kind", "cell"), ("code", &code), ("name", "Tên mới"), ("active_from", "2019-07-05")],
        )
        .await
    };
    let r = edit(own).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let r = edit(other).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.error().0, "Forbidden");
    let name: String = sqlx::query_scalar("SELECT name FROM org_units WHERE id = $1").bind(other).fetch_one(&app.pool).await.unwrap();
    assert_ne!(name, "Tên mới");

    // nor create a cell in another ward, nor a ward
    let p2 = app.unit_id("P2", None).await.to_string();
    let r = app
        .post("/api/org/save", Some(cookie), &[("kind", "cell"), ("parent_id", &p2), ("code", "KP88"), ("name", "X"), ("active_from", "2026-01-01")])
        .await;
    assert_eq!(r.status, 403);
    let r = app
        .post("/api/org/save", Some(cookie), &[("kind", "ward"), ("code", "P99"), ("name", "Phường mới"), ("active_from", "2026-01-01")])
        .await;
    assert_eq!(r.status, 403);
}

#[sqlx::test(migrations = "./migrations")]
async fn other_roles_cannot_edit(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let (cell, _) = two_active_cells(&app, "P1").await;
    let id = cell.to_string();
    for user in ["thuongvu", "ubnd"] {
        let cookie = app.login(user).await;
        let r = app
            .post("/api/org/save", Some(&cookie), &[("id", &id), ("version", "1"), ("kind", "cell"), ("code", "KPX"), ("name", "X"), ("active_from", "2019-07-05")])
            .await;
        assert_eq!(r.status, 403, "{user}");
        let r = app.post("/api/org/merge", Some(&cookie), &[("id", &id), ("version", "1"), ("target_id", "1"), ("merged_on", "2026-01-01")]).await;
        assert_eq!(r.status, 403, "{user}");
    }
}

#[sqlx::test(migrations = "./migrations")]
async fn a_second_save_of_the_same_version_is_a_conflict(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let a = app.login("bantochuc").await;
    let b = app.login("admin").await;
    let (cell, _) = two_active_cells(&app, "P1").await;
    let (id, code) = (cell.to_string(), sqlx::query_scalar::<_, String>("SELECT code FROM org_units WHERE id = $1").bind(cell).fetch_one(&app.pool).await.unwrap());
    let v = app.version("org_units", cell).await.to_string();
    let form = |name: &'static str| {
        vec![("id", id.clone()), ("version", v.clone()), ("kind", "cell".into()), ("code", code.clone()), ("name", name.to_string()), ("active_from", "2019-07-05".into())]
    };
    let fa = form("Tên của A");
    let fb = form("Tên của B");
    let r = app.post("/api/org/save", Some(&a), &fa.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert!(r.ok());
    let r = app.post("/api/org/save", Some(&b), &fb.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(r.status, 409);
    assert_eq!(r.error().0, "Conflict");
    let name: String = sqlx::query_scalar("SELECT name FROM org_units WHERE id = $1").bind(cell).fetch_one(&app.pool).await.unwrap();
    assert_eq!(name, "Tên của A");
}

#[sqlx::test(migrations = "./migrations")]
async fn merging_keeps_history_and_refuses_bad_merges(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("bantochuc").await;
    let (a, b) = two_active_cells(&app, "P4").await;
    let (other_ward_cell, _) = two_active_cells(&app, "P5").await;
    let (a_s, b_s, o_s) = (a.to_string(), b.to_string(), other_ward_cell.to_string());
    let va = app.version("org_units", a).await.to_string();
    let merge = |target: &str, on: &str| {
        let (a_s, va, target, on, cookie) = (a_s.clone(), va.clone(), target.to_string(), on.to_string(), cookie.clone());
        let app = &app;
        async move {
            app.post("/api/org/merge", Some(&cookie), &[("id", &a_s), ("version", &va), ("target_id", &target), ("merged_on", &on)]).await
        }
    };
    let r = merge(&a_s, "2026-01-01").await;
    assert_eq!((r.status.as_u16(), r.error()), (422, ("MergeIntoSelf".into(), Some("target_id".into()))));
    let r = merge(&o_s, "2026-01-01").await;
    assert_eq!((r.status.as_u16(), r.error()), (422, ("MergeOtherWard".into(), Some("target_id".into()))));
    let r = merge(&b_s, "2010-01-01").await;
    assert_eq!((r.status.as_u16(), r.error()), (422, ("MergeDateOutOfRange".into(), Some("merged_on".into()))));
    let r = merge(&b_s, "").await;
    assert_eq!(r.status, 422);

    // an ended cell cannot receive a merge
    let ended: i64 = sqlx::query_scalar(
        "SELECT id FROM org_units WHERE parent_id = (SELECT parent_id FROM org_units WHERE id = $1)
           AND kind = 'cell' AND id NOT IN ($1, $2) AND active_to IS NULL LIMIT 1",
    )
    .bind(a)
    .bind(b)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    sqlx::query("UPDATE org_units SET active_to = '2025-12-31' WHERE id = $1").bind(ended).execute(&app.pool).await.unwrap();
    let r = merge(&ended.to_string(), "2026-01-01").await;
    assert_eq!((r.status.as_u16(), r.error()), (422, ("MergeTargetEnded".into(), Some("target_id".into()))));
    assert_eq!(app.version("org_units", a).await.to_string(), va, "nothing saved by refusals");

    // the real merge
    let r = merge(&b_s, "2026-01-01").await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let (to, into): (Option<chrono::NaiveDate>, Option<i64>) =
        sqlx::query_as("SELECT active_to, merged_into_id FROM org_units WHERE id = $1").bind(a).fetch_one(&app.pool).await.unwrap();
    assert_eq!(to, chrono::NaiveDate::from_ymd_opt(2026, 1, 1));
    assert_eq!(into, Some(b));
    let continuing: i64 = sqlx::query_scalar("SELECT continuing_unit($1)").bind(a).fetch_one(&app.pool).await.unwrap();
    assert_eq!(continuing, b);

    // the unit pages show both sides, with history
    let r = app.post("/api/org/unit", Some(&cookie), &[("id", &b_s)]).await;
    let absorbed = r.json()["absorbed"].as_array().unwrap().clone();
    assert!(absorbed.iter().any(|x| x["id"] == a), "{absorbed:?}");
    assert!(r.json()["history"].as_array().unwrap().iter().any(|h| h["action"] == "absorb"));
    let r = app.post("/api/org/unit", Some(&cookie), &[("id", &a_s)]).await;
    assert_eq!(r.json()["merged_into"][0], b);
    assert!(r.json()["history"].as_array().unwrap().iter().any(|h| h["action"] == "merge"));

    // merging it again: it has ended
    let va2 = app.version("org_units", a).await.to_string();
    let r = app.post("/api/org/merge", Some(&cookie), &[("id", &a_s), ("version", &va2), ("target_id", &b_s), ("merged_on", "2026-02-01")]).await;
    assert_eq!((r.status.as_u16(), r.error().0), (422, "MergeSourceEnded".into()));

    // the tree hides it unless asked, and shows it under the continuing cell
    let tree = app.post("/api/org/tree", Some(&cookie), &[]).await.json();
    let cells: Vec<&serde_json::Value> = tree["wards"].as_array().unwrap().iter().flat_map(|w| w["cells"].as_array().unwrap()).collect();
    assert!(!cells.iter().any(|c| c["id"] == a));
    let tree = app.post("/api/org/tree", Some(&cookie), &[("ended", "1")]).await.json();
    let cells: Vec<&serde_json::Value> = tree["wards"].as_array().unwrap().iter().flat_map(|w| w["cells"].as_array().unwrap()).collect();
    assert!(cells.iter().any(|c| c["id"] == a));
}

#[sqlx::test(migrations = "./migrations")]
async fn ward_staff_merge_only_in_their_ward(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("phuong1").await;
    let (a, b) = two_active_cells(&app, "P2").await;
    let r = app.post("/api/org/merge", Some(&cookie), &[("id", &a.to_string()), ("version", "1"), ("target_id", &b.to_string()), ("merged_on", "2026-01-01")]).await;
    assert_eq!(r.status, 403);
    let (a, b) = two_active_cells(&app, "P1").await;
    let v = app.version("org_units", a).await.to_string();
    let r = app.post("/api/org/merge", Some(&cookie), &[("id", &a.to_string()), ("version", &v), ("target_id", &b.to_string()), ("merged_on", "2026-01-01")]).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
}

#[sqlx::test(migrations = "./migrations")]
async fn units_of_another_city_are_not_found(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("bantochuc").await;
    let r = app.post("/api/org/unit", Some(&cookie), &[("id", "999999")]).await;
    assert_eq!(r.status, 404);
    let r = app.post("/api/org/unit", Some(&cookie), &[("id", "abc")]).await;
    assert!(r.status.is_client_error(), "{}", r.status);
}

/// Before the wasm has loaded, a form is a plain HTML post: a refusal sends the browser
/// back to the form's page with the error, which the page then shows next to the field.
#[sqlx::test(migrations = "./migrations")]
async fn a_plain_form_post_comes_back_with_the_error(pool: PgPool) {
    use axum::body::Body;
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("bantochuc").await;
    let ward = app.unit_id("P1", None).await;
    let existing: String = sqlx::query_scalar("SELECT code FROM org_units WHERE parent_id = $1 AND kind = 'cell' LIMIT 1")
        .bind(ward)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let body = format!("kind=cell&parent_id={ward}&code={existing}&name=Th%E1%BB%AD&active_from=2026-01-01");
    let req = http::Request::post("/api/org/save")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", format!("http://127.0.0.1:3000/org/new?kind=cell&parent={ward}"))
        .header("cookie", &cookie)
        .body(Body::from(body))
        .unwrap();
    let r = app.raw(req).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let location = r.location().unwrap();
    assert!(location.starts_with(&format!("/org/new?kind=cell&parent={ward}&err=")), "{location}");
    let page = app.get(&location, Some(&cookie)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Mã chi bộ đã tồn tại trong phường này."), "the message is on the page");
    assert!(page.body.contains("code-error"), "next to the code field");
}
