//! The meeting calendar: the ward's month grid, each rule it checks, the changes of a
//! meeting and their history, who sees what.
#![cfg(feature = "ssr")]

use crate::common;
use common::{Reply, TestApp};
use serde_json::Value;
use sqlx::PgPool;

fn month(offset: i32) -> chrono::NaiveDate {
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let first = chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&today), chrono::Datelike::month(&today), 1).unwrap();
    if offset >= 0 {
        first.checked_add_months(chrono::Months::new(offset as u32)).unwrap()
    } else {
        first.checked_sub_months(chrono::Months::new((-offset) as u32)).unwrap()
    }
}

fn key(m: chrono::NaiveDate) -> String {
    m.format("%Y-%m").to_string()
}

async fn grid(app: &TestApp, cookie: &str, ward: i64, m: &str) -> Reply {
    app.post("/api/calendar/ward-month", Some(cookie), &[("ward_id", &ward.to_string()), ("month", m)]).await
}

/// The grid's rows as a form, as the page would send them back unchanged.
fn as_form(grid: &Value) -> Vec<(String, String)> {
    let mut form = vec![("ward_id".to_string(), grid["ward_id"].to_string()), ("month".to_string(), grid["month"].as_str().unwrap().to_string())];
    for (i, r) in grid["rows"].as_array().unwrap().iter().enumerate() {
        let mut put = |k: &str, v: String| form.push((format!("rows[{i}][{k}]"), v));
        if let Some(id) = r["meeting_id"].as_i64() {
            put("meeting_id", id.to_string());
            put("version", r["version"].to_string());
        }
        if let Some(c) = r["cell_id"].as_i64() {
            put("cell_id", c.to_string());
        }
        for k in ["usual", "date", "start", "end", "place", "kind", "topic"] {
            put(k, r[k].as_str().unwrap_or("").to_string());
        }
    }
    form
}

async fn send(app: &TestApp, cookie: &str, form: &[(String, String)]) -> Reply {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post("/api/calendar/save-month", Some(cookie), &pairs).await
}

fn set(form: &mut [(String, String)], name: &str, value: &str) {
    let f = form.iter_mut().find(|(k, _)| k == name).unwrap_or_else(|| panic!("no field {name}"));
    f.1 = value.to_string();
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

#[sqlx::test(migrations = "./migrations")]
async fn the_demo_city_has_a_calendar_and_members_see_their_meetings(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    assert!(count(&app, "SELECT count(*) FROM meetings").await > 100);
    assert!(count(&app, "SELECT count(*) FROM cell_meeting_rules").await > 50);
    let cookie = app.login("thanhvien").await;
    let this = month(0).to_string();
    let prev = month(-1).to_string();
    let mut mine = 0;
    for date in [&this, &prev] {
        let r = app.post("/api/calendar/list", Some(&cookie), &[("view", "month"), ("date", date), ("mine", "1")]).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let list = r.json()["meetings"].as_array().unwrap().clone();
        assert!(list.iter().all(|m| m["mine"] == true));
        mine += list.len();
    }
    assert!(mine > 0, "thanhvien attends meetings");
    // A member sees only the wards his group follows: P1.
    let all = app.post("/api/calendar/list", Some(&cookie), &[("view", "month"), ("date", &this)]).await.json();
    assert!(all["meetings"].as_array().unwrap().iter().all(|m| m["ward"] == "Đảng ủy Phường 1"));
    // Ward staff: their ward; a responder: nothing.
    let p1 = app.login("phuong1").await;
    let list = app.post("/api/calendar/list", Some(&p1), &[("view", "month"), ("date", &this)]).await.json();
    assert!(!list["meetings"].as_array().unwrap().is_empty());
    assert!(list["meetings"].as_array().unwrap().iter().all(|m| m["ward"] == "Đảng ủy Phường 1"));
    let ubnd = app.login("ubnd").await;
    assert_eq!(app.post("/api/calendar/list", Some(&ubnd), &[]).await.status, 403);
    // The Standing Committee sees the city, filtered by kind.
    let tv = app.login("thuongvu").await;
    let list = app.post("/api/calendar/list", Some(&tv), &[("view", "month"), ("date", &this), ("kind", "ward_committee")]).await.json();
    let committee = list["meetings"].as_array().unwrap();
    assert!(committee.len() >= 8 && committee.iter().all(|m| m["kind"] == "ward_committee"));
    assert!(committee.iter().all(|m| !m["expected"].as_array().unwrap().is_empty()), "the whole group is expected");
    let bad = app.post("/api/calendar/list", Some(&tv), &[("kind", "party")]).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.error(), ("UnknownKind".to_string(), Some("kind".to_string())));
}

/// The ward's month grid opened without a month (a link to `/calendar/ward/{id}`) is this
/// month's, on the page and from the server function; a month that is not one is still a 422.
#[sqlx::test(migrations = "./migrations")]
async fn the_ward_grid_without_a_month_opens_this_month(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let ward = app.unit_id("P1", None).await;
    let cookie = app.login("phuong1").await;
    let g = grid(&app, &cookie, ward, "").await;
    assert_eq!(g.status, 200, "{}", g.body);
    assert_eq!(g.json()["month"], key(month(0)));
    let page = app.get(&format!("/calendar/ward/{ward}"), Some(&cookie)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains(&format!("name=\"month\" value=\"{}\"", key(month(0)))), "the page's form is this month's");
    let bad = grid(&app, &cookie, ward, "2026-13").await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    // the same for a group's assignment board, the other month page a link may open bare
    let leader = app.login("totruong").await;
    let board = app.post("/api/board/get", Some(&leader), &[("group_id", "1"), ("month", "")]).await;
    assert_eq!(board.status, 200, "{}", board.body);
    assert_eq!(board.json()["month"], key(month(0)));
}

#[sqlx::test(migrations = "./migrations")]
async fn a_ward_enters_its_month_in_one_go_from_the_usual_patterns(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let ward = app.unit_id("P1", None).await;
    let cookie = app.login("phuong1").await;
    let next = key(month(1));
    let g = grid(&app, &cookie, ward, &next).await;
    assert_eq!(g.status, 200, "{}", g.body);
    let g = g.json();
    assert_eq!(g["can_edit"], true);
    let rows = g["rows"].as_array().unwrap();
    let cells = count(&app, &format!(
        "SELECT count(*) FROM org_units WHERE parent_id = {ward} AND kind = 'cell' AND active_to IS NULL"
    )).await;
    assert_eq!(rows.iter().filter(|r| r["cell_id"].is_i64()).count() as i64, cells, "a row per active cell");
    assert!(rows.iter().filter(|r| r["cell_id"].is_i64()).all(|r| r["prefilled"] == true && !r["date"].as_str().unwrap().is_empty()));
    assert_eq!(rows.last().unwrap()["kind"], "ward_committee");

    // Saved as it was prefilled, plus the ward committee's meeting with the group invited.
    let mut form = as_form(&g);
    let last = rows.len() - 1;
    set(&mut form, &format!("rows[{last}][date]"), "3");
    set(&mut form, &format!("rows[{last}][start]"), "14h");
    set(&mut form, &format!("rows[{last}][end]"), "16:30");
    form.push((format!("rows[{last}][invite]"), "on".into()));
    form.push(("announce".into(), "on".into()));
    let r = send(&app, &cookie, &form).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let saved = count(&app, &format!(
        "SELECT count(*) FROM meetings WHERE ward_id = {ward} AND month = '{}' AND status = 'announced' AND announced_at IS NOT NULL",
        month(1)
    )).await;
    assert_eq!(saved, cells + 1);
    assert_eq!(count(&app, &format!("SELECT count(*) FROM meetings WHERE ward_id = {ward} AND month = '{}' AND invited_at IS NOT NULL", month(1))).await, 1);
    assert_eq!(count(&app, &format!("SELECT count(*) FROM audit_log l JOIN meetings m ON m.id = l.entity_id AND l.entity = 'meeting' WHERE m.ward_id = {ward} AND m.month = '{}'", month(1))).await, cells + 1);
    // Times are Vietnam's: 14:00 in Hanoi is 07:00 UTC.
    let hour: f64 = sqlx::query_scalar(&format!("SELECT extract(hour FROM starts_at AT TIME ZONE 'UTC')::float8 FROM meetings WHERE ward_id = {ward} AND kind = 'ward_committee' AND month = '{}'", month(1)))
        .fetch_one(&app.pool).await.unwrap();
    assert_eq!(hour, 7.0);

    // Saving the same grid again changes nothing (no new meetings, no new history).
    let again = grid(&app, &cookie, ward, &next).await.json();
    assert!(again["rows"].as_array().unwrap().iter().all(|r| r["meeting_id"].is_i64()));
    let r = send(&app, &cookie, &as_form(&again)).await;
    assert!(r.ok(), "{}", r.body);
    assert_eq!(count(&app, &format!("SELECT count(*) FROM meetings WHERE ward_id = {ward} AND month = '{}'", month(1))).await, cells + 1);

    // A new usual day typed in a row becomes the cell's pattern.
    let cell = again["rows"][0]["cell_id"].as_i64().unwrap();
    let mut form = as_form(&again);
    set(&mut form, "rows[0][usual]", "CN tuần cuối");
    let r = send(&app, &cookie, &form).await;
    assert!(r.ok(), "{}", r.body);
    let rule: (Option<i16>, Option<i16>, Option<i16>) = sqlx::query_as("SELECT day_of_month, week_of_month, weekday FROM cell_meeting_rules WHERE cell_id = $1")
        .bind(cell).fetch_one(&app.pool).await.unwrap();
    assert_eq!(rule, (None, Some(-1), Some(7)));

    // Another ward's grid is not phuong1's to read or write.
    let p2 = app.unit_id("P2", None).await;
    assert_eq!(grid(&app, &cookie, p2, &next).await.status, 403);
    let g2 = grid(&app, &app.login("bantochuc").await, p2, &next).await.json();
    let r = send(&app, &cookie, &as_form(&g2)).await;
    assert_eq!(r.status, 403);
}

#[sqlx::test(migrations = "./migrations")]
async fn every_bad_row_is_answered_at_once_and_nothing_is_saved(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let ward = app.unit_id("P1", None).await;
    let cookie = app.login("phuong1").await;
    let next = key(month(1));
    let g = grid(&app, &cookie, ward, &next).await.json();
    let before = count(&app, "SELECT count(*) FROM meetings").await;
    let mut form = as_form(&g);
    set(&mut form, "rows[0][start]", "21:00");
    set(&mut form, "rows[0][end]", "19:00"); // end before start
    set(&mut form, "rows[1][date]", &month(2).format("%d/%m/%Y").to_string()); // outside the month
    set(&mut form, "rows[2][kind]", "party"); // unknown kind
    set(&mut form, "rows[3][kind]", "thematic"); // a theme is required
    set(&mut form, "rows[3][topic]", "");
    set(&mut form, "rows[4][start]", "7 giờ tối"); // not a time
    set(&mut form, "rows[5][usual]", "hôm nào đó"); // not a usual day
    // rows 6 and 7: the same cell twice at the same time
    let cell6 = g["rows"][6]["cell_id"].as_i64().unwrap().to_string();
    set(&mut form, "rows[7][cell_id]", &cell6);
    let (d6, s6, e6) = (g["rows"][6]["date"].as_str().unwrap(), g["rows"][6]["start"].as_str().unwrap(), g["rows"][6]["end"].as_str().unwrap());
    set(&mut form, "rows[7][date]", d6);
    set(&mut form, "rows[7][start]", s6);
    set(&mut form, "rows[7][end]", e6);
    // an extra row: a cell of another ward
    let other_cell = app.unit_id("KP1", Some("P2")).await;
    let n = g["rows"].as_array().unwrap().len();
    for (k, v) in [("cell_id", other_cell.to_string()), ("date", "10".into()), ("start", "19:00".into()), ("end", "20:00".into())] {
        form.push((format!("rows[{n}][{k}]"), v));
    }
    let r = send(&app, &cookie, &form).await;
    assert_eq!(r.status, 422, "{}", r.body);
    let e = r.json();
    let mut errors: Vec<(String, String)> = vec![(e["field"].as_str().unwrap().to_string(), msg(&e["msg"]))];
    for a in e["also"].as_array().unwrap() {
        errors.push((a[0].as_str().unwrap().to_string(), msg(&a[1])));
    }
    let expect = [
        ("rows.0.end", "EndTimeBeforeStart"),
        ("rows.1.date", "DateOutsideMonth"),
        ("rows.2.kind", "UnknownKind"),
        ("rows.3.topic", "ThemeRequired"),
        ("rows.4.start", "BadTime"),
        ("rows.5.usual", "BadPattern"),
        ("rows.7.start", "CellMeetingsOverlap"),
    ];
    for (field, m) in expect {
        assert!(errors.contains(&(field.to_string(), m.to_string())), "{field} {m} in {errors:?}");
    }
    assert!(errors.contains(&(format!("rows.{n}.cell_id"), "CellNotInWard".to_string())), "{errors:?}");
    assert_eq!(count(&app, "SELECT count(*) FROM meetings").await, before, "nothing saved");
    assert_eq!(count(&app, "SELECT count(*) FROM cell_meeting_rules WHERE version > 1").await, 0, "no pattern saved");
}

fn msg(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(o) => o.keys().next().cloned().unwrap_or_default(),
        other => other.to_string(),
    }
}

#[sqlx::test(migrations = "./migrations")]
async fn a_cell_that_ended_and_a_clash_with_a_saved_meeting_are_refused(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("bantochuc").await;
    // A merged cell (ended 01/7/2025) cannot meet in a later month.
    let (ended, ward): (i64, i64) = sqlx::query_as("SELECT id, parent_id FROM org_units WHERE kind = 'cell' AND merged_into_id IS NOT NULL LIMIT 1")
        .fetch_one(&app.pool).await.unwrap();
    let next = key(month(1));
    let row = |cell: i64, date: &str, start: &str, end: &str| {
        vec![
            ("ward_id".to_string(), ward.to_string()),
            ("month".to_string(), next.clone()),
            ("rows[0][cell_id]".to_string(), cell.to_string()),
            ("rows[0][date]".to_string(), date.to_string()),
            ("rows[0][start]".to_string(), start.to_string()),
            ("rows[0][end]".to_string(), end.to_string()),
        ]
    };
    let r = send(&app, &cookie, &row(ended, "10", "19:00", "20:00")).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.error().1.as_deref(), Some("rows.0.cell_id"));
    // A live cell: saved once, then a second meeting overlapping it is refused.
    let cell: i64 = sqlx::query_scalar("SELECT id FROM org_units WHERE parent_id = $1 AND kind = 'cell' AND active_to IS NULL ORDER BY id LIMIT 1")
        .bind(ward).fetch_one(&app.pool).await.unwrap();
    assert!(send(&app, &cookie, &row(cell, "10", "19:00", "21:00")).await.ok());
    let r = send(&app, &cookie, &row(cell, "10", "20:00", "22:00")).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.error(), ("CellMeetingsOverlap".to_string(), Some("rows.0.start".to_string())));
    // Right after it is fine.
    assert!(send(&app, &cookie, &row(cell, "10", "21:00", "22:00")).await.ok());
}

#[sqlx::test(migrations = "./migrations")]
async fn meetings_are_postponed_cancelled_and_moved_with_a_reason_and_a_history(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let ward = app.unit_id("P1", None).await;
    let cookie = app.login("phuong1").await;
    let next = key(month(1));
    let g = grid(&app, &cookie, ward, &next).await.json();
    let mut form = as_form(&g);
    form.push(("announce".into(), "on".into()));
    assert!(send(&app, &cookie, &form).await.ok());
    let id: i64 = sqlx::query_scalar("SELECT id FROM meetings WHERE ward_id = $1 AND month = $2 AND cell_id IS NOT NULL ORDER BY id LIMIT 1")
        .bind(ward).bind(month(1)).fetch_one(&app.pool).await.unwrap();
    let change = |action: &'static str, reason: &'static str, extra: Vec<(&'static str, String)>| {
        let app = app.clone();
        let cookie = cookie.clone();
        async move {
            let v = app.version("meetings", id).await.to_string();
            let mut f: Vec<(&str, String)> = vec![("id", id.to_string()), ("version", v), ("action", action.to_string()), ("reason", reason.to_string())];
            f.extend(extra);
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post("/api/meetings/change", Some(&cookie), &pairs).await
        }
    };
    // A reason is required to postpone.
    let r = change("postpone", "", vec![]).await;
    assert_eq!(r.error(), ("Required".to_string(), Some("reason".to_string())));
    let r = change("postpone", "abc", vec![]).await;
    assert_eq!(r.error(), ("ReasonTooShort".to_string(), Some("reason".to_string())));
    let seq0: i32 = sqlx::query_scalar("SELECT sequence FROM meetings WHERE id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    assert!(change("postpone", "Trùng lịch bầu cử khu phố", vec![]).await.ok());
    // Moved to a new date: announced again, SEQUENCE bumped, end before start refused.
    let day = month(1).with_day0(20).unwrap().format("%d/%m/%Y").to_string();
    let r = change("reschedule", "Dời sang ngày mới", vec![("date", day.clone()), ("start", "20:00".into()), ("end", "19:00".into())]).await;
    assert_eq!(r.error(), ("EndTimeBeforeStart".to_string(), Some("end".to_string())));
    assert!(change("reschedule", "Dời sang ngày mới", vec![("date", day.clone()), ("start", "19:00".into()), ("end", "21:00".into())]).await.ok());
    let (status, seq): (String, i32) = sqlx::query_as("SELECT status, sequence FROM meetings WHERE id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    assert_eq!(status, "announced");
    assert_eq!(seq, seq0 + 2);
    // A stale version is a conflict, and nothing changes.
    let r = app.post("/api/meetings/change", Some(&cookie), &[("id", &id.to_string()), ("version", "1"), ("action", "cancel"), ("reason", "Không đủ số lượng")]).await;
    assert_eq!(r.status, 409);
    // Not yet held: cannot be marked held.
    let r = change("held", "", vec![]).await;
    assert_eq!(r.error().0, "NotYetHeld");
    assert!(change("cancel", "Thiên tai, bão số 9", vec![]).await.ok());
    let r = change("announce", "", vec![]).await;
    assert_eq!(r.error().0, "StatusNotAllowed");
    // The history: created, postponed, moved, cancelled, with reasons.
    let m = app.post("/api/meetings/get", Some(&cookie), &[("id", &id.to_string())]).await.json();
    let actions: Vec<&str> = m["history"].as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "postpone", "reschedule", "cancel"]);
    assert_eq!(m["history"][1]["reason"], "Trùng lịch bầu cử khu phố");
    assert!(m["history"][2]["change"].as_str().unwrap().contains("→"));
    assert_eq!(m["status_reason"], "Thiên tai, bão số 9");
    // The grid no longer lets the cancelled meeting be edited.
    let g = grid(&app, &cookie, ward, &next).await.json();
    let row = g["rows"].as_array().unwrap().iter().find(|r| r["meeting_id"] == id).unwrap();
    assert_eq!(row["locked"], true);
    // A member reads it but may not change it.
    let tv = app.login("thanhvien").await;
    assert_eq!(app.post("/api/meetings/get", Some(&tv), &[("id", &id.to_string())]).await.status, 200);
    let r = app.post("/api/meetings/change", Some(&tv), &[("id", &id.to_string()), ("version", "9"), ("action", "held")]).await;
    assert_eq!(r.status, 403);
}

#[sqlx::test(migrations = "./migrations")]
async fn an_announced_meeting_is_moved_by_rescheduling_not_in_the_grid(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let ward = app.unit_id("P1", None).await;
    let cookie = app.login("phuong1").await;
    let next = key(month(1));
    let g = grid(&app, &cookie, ward, &next).await.json();
    let mut form = as_form(&g);
    form.push(("announce".into(), "on".into()));
    assert!(send(&app, &cookie, &form).await.ok());
    let g = grid(&app, &cookie, ward, &next).await.json();
    let mut form = as_form(&g);
    set(&mut form, "rows[0][start]", "06:00");
    set(&mut form, "rows[0][place]", "Hội trường mới");
    let r = send(&app, &cookie, &form).await;
    assert_eq!(r.error(), ("UseReschedule".to_string(), Some("rows.0.date".to_string())));
    // Its place alone may change in the grid.
    let mut form = as_form(&g);
    set(&mut form, "rows[0][place]", "Hội trường mới");
    assert!(send(&app, &cookie, &form).await.ok());
    let place: String = sqlx::query_scalar("SELECT place FROM meetings WHERE id = $1").bind(g["rows"][0]["meeting_id"].as_i64().unwrap()).fetch_one(&app.pool).await.unwrap();
    assert_eq!(place, "Hội trường mới");
}

trait Day0 {
    fn with_day0(self, d: u32) -> Option<chrono::NaiveDate>;
}
impl Day0 for chrono::NaiveDate {
    fn with_day0(self, d: u32) -> Option<chrono::NaiveDate> {
        chrono::Datelike::with_day0(&self, d)
    }
}

/// A member taken at his cell's meeting (a busy time, or another meeting he is expected
/// at): the calendar and the board flag it, the leader sends a free member instead, both
/// hear of it.
#[sqlx::test(migrations = "./migrations")]
async fn a_clash_is_flagged_and_the_leader_sends_a_substitute(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let ward = app.unit_id("P1", None).await;
    let p1 = app.login("phuong1").await;
    let next = key(month(1));
    // next month: the board copied from this month, the ward's month entered and announced
    let leader = app.login("totruong").await;
    let group: i64 = sqlx::query_scalar("SELECT id FROM working_groups WHERE name = 'Tổ công tác số 1'").fetch_one(&app.pool).await.unwrap();
    let r = app.post("/api/board/copy", Some(&leader), &[("group_id", &group.to_string()), ("month", &next), ("version", "0")]).await;
    assert!(r.ok(), "{}", r.body);
    let g = grid(&app, &p1, ward, &next).await.json();
    let mut form = as_form(&g);
    form.push(("announce".into(), "on".into()));
    assert!(send(&app, &p1, &form).await.ok());
    // thanhvien's first meeting next month
    let member = app.login("thanhvien").await;
    let person: i64 = sqlx::query_scalar("SELECT person_id FROM accounts WHERE username = 'thanhvien'").fetch_one(&app.pool).await.unwrap();
    let notices = app.post("/api/notices/list", Some(&member), &[]).await.json();
    assert!(notices["unread"].as_u64().unwrap() > 0, "announced meetings reach the members' inbox: {notices}");
    let list = app.post("/api/calendar/list", Some(&member), &[("view", "month"), ("date", &month(1).to_string()), ("mine", "1")]).await.json();
    let mine = list["meetings"].as_array().unwrap();
    assert!(!mine.is_empty(), "thanhvien attends next month");
    let m = &mine[0];
    let id = m["id"].as_i64().unwrap();
    assert!(m["clashes"].as_array().unwrap().is_empty());
    // He enters a busy time over it.
    let day = chrono::NaiveDate::parse_from_str(m["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    let r = app.post("/api/busy/add", Some(&member), &[("date", &day.format("%d/%m/%Y").to_string()), ("start", m["start"].as_str().unwrap()), ("end", m["end"].as_str().unwrap()), ("note", "Họp Sở")]).await;
    assert!(r.ok(), "{}", r.body);
    let r = app.post("/api/busy/add", Some(&member), &[("date", "05/12/2099"), ("start", "10:00"), ("end", "09:00")]).await;
    assert_eq!(r.error(), ("EndTimeBeforeStart".to_string(), Some("end".to_string())));
    // The calendar, the board and the meeting page flag it.
    let list = app.post("/api/calendar/list", Some(&leader), &[("view", "month"), ("date", &month(1).to_string())]).await.json();
    let flagged = list["meetings"].as_array().unwrap().iter().find(|x| x["id"] == id).unwrap().clone();
    assert_eq!(flagged["clashes"].as_array().unwrap().len(), 1, "{flagged}");
    let board = app.post("/api/board/get", Some(&leader), &[("group_id", &group.to_string()), ("month", &next)]).await.json();
    let chip = board["cells"].as_array().unwrap().iter().flat_map(|c| c["assigned"].as_array().unwrap().clone())
        .find(|a| a["person_id"] == person && !a["clash"].is_null());
    assert!(chip.is_some(), "the board marks the clash");
    let detail = app.post("/api/meetings/get", Some(&leader), &[("id", &id.to_string())]).await.json();
    assert_eq!(detail["can_substitute"], true);
    let line = &detail["clashes"][0];
    assert_eq!(line["person_id"], person);
    assert!(line["with"].as_str().unwrap().contains("Họp Sở"));
    let subs = line["substitutes"].as_array().unwrap();
    assert!(!subs.is_empty());
    // fewest assignments first
    let loads: Vec<i64> = subs.iter().map(|s| s["load"].as_i64().unwrap()).collect();
    assert!(loads.windows(2).all(|w| w[0] <= w[1]), "{loads:?}");
    let sub = subs[0]["person_id"].as_i64().unwrap();
    // a member may not choose; the leader does, in one click
    let form = [("meeting_id", id.to_string()), ("person_id", person.to_string()), ("substitute_id", sub.to_string())];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.post("/api/meetings/substitute", Some(&member), &pairs).await.status, 403);
    let r = app.post("/api/meetings/substitute", Some(&leader), &pairs).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let detail = app.post("/api/meetings/get", Some(&leader), &[("id", &id.to_string())]).await.json();
    assert!(detail["clashes"].as_array().unwrap().is_empty(), "no clash once replaced: {}", detail["clashes"]);
    assert_eq!(detail["replaced"].as_array().unwrap().len(), 1);
    let sub_name: String = sqlx::query_scalar("SELECT full_name FROM people WHERE id = $1").bind(sub).fetch_one(&app.pool).await.unwrap();
    assert!(detail["item"]["expected"].as_array().unwrap().iter().any(|n| n == sub_name.as_str()));
    let heard: i64 = sqlx::query_scalar("SELECT count(*) FROM notices WHERE meeting_id = $1 AND kind = 'substitute' AND person_id IN ($2, $3)")
        .bind(id).bind(person).bind(sub).fetch_one(&app.pool).await.unwrap();
    assert_eq!(heard, 2);
    // Someone not free (the member replaced, now busy) cannot be sent back.
    let form = [("meeting_id", id.to_string()), ("person_id", sub.to_string()), ("substitute_id", person.to_string())];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.post("/api/meetings/substitute", Some(&leader), &pairs).await;
    assert_eq!(r.error(), ("NotFree".to_string(), Some("substitute_id".to_string())));
}

#[sqlx::test(migrations = "./migrations")]
async fn busy_times_come_from_an_uploaded_calendar_file(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let member = app.login("thanhvien").await;
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Tiếp công dân\r\nDTSTART;TZID=Asia/Ho_Chi_Minh:20991205T080000\r\nDTEND;TZID=Asia/Ho_Chi_Minh:20991205T113000\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20991206\r\nDTEND;VALUE=DATE:20991207\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let r = app.upload("/upload/busy-ics", Some(&member), "file", "lich.ics", ics).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let list = app.post("/api/busy/list", Some(&member), &[]).await.json();
    let items = list.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["start"], "08:00");
    assert_eq!(items[0]["note"], "Tiếp công dân");
    // a second upload replaces the first; typed ones stay
    assert!(app.post("/api/busy/add", Some(&member), &[("date", "01/12/2099"), ("start", "14:00"), ("end", "15:00")]).await.ok());
    let one = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:3\r\nDTSTART:20991210T010000Z\r\nDTEND:20991210T020000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    assert_eq!(app.upload("/upload/busy-ics", Some(&member), "file", "lich.ics", one).await.status, 200);
    assert_eq!(app.post("/api/busy/list", Some(&member), &[]).await.json().as_array().unwrap().len(), 2);
    // not a calendar: refused with a message, nothing changed
    let r = app.upload("/upload/busy-ics", Some(&member), "file", "x.ics", "hello").await;
    assert_eq!(r.status, 422);
    assert_eq!(r.error().0, "NotACalendar");
    assert_eq!(app.post("/api/busy/list", Some(&member), &[]).await.json().as_array().unwrap().len(), 2);
    // over 1 MB: refused
    let big = format!("BEGIN:VCALENDAR\r\nX-PAD:{}\r\nEND:VCALENDAR\r\n", "a".repeat(1_100_000));
    let r = app.upload("/upload/busy-ics", Some(&member), "file", "big.ics", &big).await;
    assert!(r.status.is_client_error(), "{}", r.status);
    // a busy time is deleted by its owner only
    let id = app.post("/api/busy/list", Some(&member), &[]).await.json()[0]["id"].as_i64().unwrap();
    let other = app.login("totruong").await;
    assert_eq!(app.post("/api/busy/delete", Some(&other), &[("id", &id.to_string())]).await.status, 403);
    assert!(app.post("/api/busy/delete", Some(&member), &[("id", &id.to_string())]).await.ok());
}

#[sqlx::test(migrations = "./migrations")]
async fn a_briefing_and_its_files_reach_only_those_who_see_the_meeting(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let ward = app.unit_id("P1", None).await;
    let p1 = app.login("phuong1").await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM meetings WHERE ward_id = $1 AND cell_id IS NOT NULL ORDER BY starts_at DESC LIMIT 1")
        .bind(ward).fetch_one(&app.pool).await.unwrap();
    let r = app.post("/api/meetings/briefing", Some(&p1), &[("meeting_id", &id.to_string()), ("version", "0"),
        ("socio_economic", "Thu ngân sách đạt 92% kế hoạch"), ("local_issues", "Ngập úng đường Lê Lợi sau mưa")]).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    // the same version again: someone saved meanwhile
    let r = app.post("/api/meetings/briefing", Some(&p1), &[("meeting_id", &id.to_string()), ("version", "0"), ("local_issues", "x")]).await;
    assert_eq!(r.status, 409);
    let too_long = "a".repeat(10_001);
    let r = app.post("/api/meetings/briefing", Some(&p1), &[("meeting_id", &id.to_string()), ("version", "1"), ("party_building", &too_long)]).await;
    assert_eq!(r.error(), ("TooLong".to_string(), Some("party_building".to_string())));
    // files: a PDF is kept; an executable, a file over 10 MB are refused
    let r = app.upload_with("/upload/meeting-file", Some(&p1), &[("meeting_id", &id.to_string())], "file", "tinh-hinh.pdf", "%PDF-1.4 nội dung").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app.upload_with("/upload/meeting-file", Some(&p1), &[("meeting_id", &id.to_string())], "file", "a.pdf", "MZ not a pdf").await;
    assert_eq!(r.error(), ("FileType".to_string(), Some("file".to_string())));
    let big = format!("%PDF-{}", "a".repeat(10 * 1024 * 1024 + 10));
    let r = app.upload_with("/upload/meeting-file", Some(&p1), &[("meeting_id", &id.to_string())], "file", "big.pdf", &big).await;
    assert!(r.status.is_client_error(), "{}", r.status);
    let detail = app.post("/api/meetings/get", Some(&p1), &[("id", &id.to_string())]).await.json();
    assert_eq!(detail["briefing"]["local_issues"], "Ngập úng đường Lê Lợi sau mưa");
    let files = detail["briefing"]["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    let file = files[0]["id"].as_i64().unwrap();
    // the members expected were told
    let told: i64 = sqlx::query_scalar("SELECT count(*) FROM notices WHERE meeting_id = $1 AND kind = 'briefing'").bind(id).fetch_one(&app.pool).await.unwrap();
    assert!(told > 0);
    // served to the group's member, refused to another ward's staff and to nobody signed in
    let member = app.login("thanhvien").await;
    let r = app.get(&format!("/files/{file}"), Some(&member)).await;
    assert_eq!(r.status, 200);
    assert!(r.body.starts_with("%PDF-1.4"));
    assert_eq!(r.headers["content-type"], "application/pdf");
    let p2 = app.login("phuong2").await;
    assert_eq!(app.get(&format!("/files/{file}"), Some(&p2)).await.status, 403);
    assert_eq!(app.get(&format!("/files/{file}"), None).await.status, 401);
    // nor may another ward's staff attach to it
    let r = app.upload_with("/upload/meeting-file", Some(&p2), &[("meeting_id", &id.to_string())], "file", "x.pdf", "%PDF-1.4").await;
    assert_eq!(r.status, 403);
    // removed: no longer listed nor served
    assert!(app.post("/api/meetings/delete-file", Some(&p1), &[("id", &file.to_string())]).await.ok());
    assert_eq!(app.get(&format!("/files/{file}"), Some(&member)).await.status, 404);
}

#[sqlx::test(migrations = "./migrations")]
async fn findings_of_the_month_late_missing_uninvited(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let tv = app.login("thuongvu").await;
    let this = key(month(0));
    // Late announcements are looked for in last month, whose meetings are all past: early on
    // the 1st, this month's have not been announced yet, late or not.
    let last = key(month(-1));
    let f = app.post("/api/calendar/findings", Some(&tv), &[("month", &last)]).await.json();
    // The demo announces one cell in six a day ahead, leaves one in thirteen unannounced this
    // month, and does not invite the group to a third of this month's ward committee meetings.
    let late = f["late"].as_array().unwrap().len() as i64;
    let expected_late: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM meetings WHERE month = $1 AND announced_at > starts_at - interval '3 days' AND status <> 'cancelled'",
    )
    .bind(month(-1)).fetch_one(&app.pool).await.unwrap();
    assert!(late > 0);
    assert_eq!(late, expected_late);
    let f = app.post("/api/calendar/findings", Some(&tv), &[("month", &this)]).await.json();
    assert!(!f["missing"].as_array().unwrap().is_empty());
    assert!(!f["uninvited"].as_array().unwrap().is_empty());
    // N is a setting: with N = 0 nothing is late
    sqlx::query("INSERT INTO city_settings (city_id, announce_lead_days) SELECT city_id, 0 FROM accounts WHERE username = 'thuongvu'")
        .execute(&app.pool).await.unwrap();
    let f = app.post("/api/calendar/findings", Some(&tv), &[("month", &last)]).await.json();
    assert_eq!(f["late"].as_array().unwrap().len(), 0);
    // ward staff see their own ward's findings only
    let p1 = app.login("phuong1").await;
    let f = app.post("/api/calendar/findings", Some(&p1), &[("month", &this)]).await.json();
    let wards: std::collections::BTreeSet<&str> = ["late", "missing", "uninvited"].iter()
        .flat_map(|k| f[*k].as_array().unwrap().iter().map(|l| l["ward"].as_str().unwrap()))
        .collect();
    assert!(wards.iter().all(|w| *w == "Đảng ủy Phường 1"), "{wards:?}");
}
