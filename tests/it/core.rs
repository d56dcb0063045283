//! The shared core every feature stands on, tried from outside: text shown as text in every
//! text box, the input layer (control characters, decomposed text), the same first save
//! sent several times at once, the folded text search, background jobs run once across
//! servers, a substitute offered for an absence.
#![cfg(feature = "ssr")]

use crate::common::TestApp;
use sqlx::PgPool;

const INJECTED: &str = "Ghi chú </textarea><b>x</b> & <i>y</i>";

/// The Organization Board's form for an item from another channel, with `extra` fields.
fn rec_form<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f: Vec<(&str, &str)> = vec![("domain", "environment"), ("channel", "letter"), ("raised_on", "2026-01-05")];
    f.extend_from_slice(extra);
    f
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A meeting of a new cell of Phường 1 starting `starts` (SQL), thanhvien assigned to it.
async fn meeting_of_thanhvien(app: &TestApp, starts: &str) -> i64 {
    // a cell of its own, so no demo meeting is at the same time
    let cell = scalar(
        app,
        "INSERT INTO org_units (city_id, parent_id, kind, cell_kind, code, name, active_from, party_members)
         SELECT w.city_id, w.id, 'cell', 'residential', 'CORE' || (SELECT count(*) FROM org_units), 'Chi bộ Khu phố lõi', '2020-01-01', 30
         FROM org_units w WHERE w.kind = 'ward' AND w.code = 'P1' RETURNING id",
    )
    .await;
    let person = scalar(app, "SELECT person_id FROM accounts WHERE username = 'thanhvien'").await;
    sqlx::query(&format!(
        "INSERT INTO assignments (city_id, group_id, month, cell_id, person_id)
         SELECT g.city_id, g.id, date_trunc('month', ({starts}) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, {cell}, {person}
         FROM working_groups g WHERE g.name = 'Tổ công tác số 1' ON CONFLICT DO NOTHING"
    ))
    .execute(&app.pool)
    .await
    .unwrap();
    scalar(
        app,
        &format!(
            "INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, status)
             SELECT c.city_id, c.parent_id, c.id, 'regular', date_trunc('month', ({starts}) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
                    {starts}, {starts} + interval '2 hours', 'Nhà văn hóa', 'announced'
             FROM org_units c WHERE c.id = {cell} RETURNING id"
        ),
    )
    .await
}

/// Defect 1: what was typed into a text box comes back as text, never as live HTML.
#[sqlx::test(migrations = "./migrations")]
async fn every_textarea_shows_what_was_typed_as_text(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let meeting = meeting_of_thanhvien(&app, "now() - interval '30 minutes'").await;
    let ward = scalar(&app, "SELECT id FROM org_units WHERE kind = 'ward' AND code = 'P1'").await;
    let group = scalar(&app, "SELECT id FROM working_groups WHERE name = 'Tổ công tác số 1'").await;
    let person = scalar(&app, "SELECT person_id FROM accounts WHERE username = 'thanhvien'").await;
    let body = scalar(&app, "SELECT scope_unit_id FROM accounts WHERE username = 'ubnd'").await;
    for sql in [
        format!("UPDATE org_units SET note = $1 WHERE id = {ward}"),
        format!("INSERT INTO briefings (meeting_id, city_id, socio_economic) SELECT id, city_id, $1 FROM meetings WHERE id = {meeting}"),
        format!(
            "INSERT INTO attendance_reports (city_id, meeting_id, person_id, running_note, summary)
             SELECT city_id, id, {person}, $1, $1 FROM meetings WHERE id = {meeting}"
        ),
        format!("INSERT INTO answer_templates (city_id, body_id, title, body) SELECT city_id, id, 'Mẫu', $1 FROM org_units WHERE id = {body}"),
        format!(
            "INSERT INTO group_plans (city_id, group_id, period_from, period_to, body)
             SELECT city_id, id, date_trunc('year', now())::date, (date_trunc('year', now()) + interval '1 year - 1 day')::date, $1
             FROM working_groups WHERE id = {group}"
        ),
        // a ward's name is in the review report's pre-filled findings
        "UPDATE org_units SET name = 'Phường 2 </textarea><b>x</b>' WHERE kind = 'ward' AND code = 'P2'".to_string(),
    ] {
        sqlx::query(&sql).bind(INJECTED).execute(&app.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    let pages = [
        ("bantochuc", format!("/org/{ward}")),
        ("phuong1", format!("/meetings/{meeting}")),
        ("thanhvien", format!("/meetings/{meeting}")),
        ("ubnd", "/recommendations/templates".to_string()),
        ("totruong", format!("/groups/{group}")),
        ("thuongvu", "/review".to_string()),
    ];
    let mut escaped_seen = 0;
    for (user, path) in pages {
        let cookie = app.login(user).await;
        let page = app.get(&path, Some(&cookie)).await;
        assert_eq!(page.status, 200, "{user} {path}");
        assert!(!page.body.contains("<b>x</b>"), "{user} {path}: a live <b> element in the page");
        assert!(!page.body.contains("<i>y</i>"), "{user} {path}: a live <i> element in the page");
        if page.body.contains("&lt;/textarea&gt;&lt;b&gt;x&lt;/b&gt;") {
            escaped_seen += 1;
        }
    }
    assert!(escaped_seen >= 5, "the typed text is in the text boxes, escaped ({escaped_seen} pages)");
}

/// Defect 2: a control character in any text field is refused next to the field (422),
/// never a 500; decomposed text is stored composed.
#[sqlx::test(migrations = "./migrations")]
async fn control_characters_are_refused_and_decomposed_text_is_composed(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("bantochuc").await;
    let ward = scalar(&app, "SELECT id FROM org_units WHERE kind = 'ward' AND code = 'P1'").await.to_string();
    for (path, form, field) in [
        ("/api/recs/new", rec_form(&[("content", "Đường\u{0}ngập"), ("raised_by", "Ông A"), ("ward", ward.as_str())]), "content"),
        ("/api/recs/new", rec_form(&[("content", "Đường ngập"), ("raised_by", "Ông\u{0}A"), ("ward", ward.as_str())]), "raised_by"),
        ("/api/recs/list", vec![("q", "ngập\u{0}")], "q"),
        ("/api/busy/add", vec![("date", "2099-01-05"), ("start", "08:00"), ("end", "09:00"), ("note", "họp\u{7}")], "note"),
    ] {
        let r = app.post(path, Some(&cookie), &form).await;
        assert_eq!(r.status, 422, "{path}: {}", r.body);
        assert_eq!(r.error(), ("ControlChars".to_string(), Some(field.to_string())), "{path}");
    }
    // a page's query too (a filtered list, an export)
    let r = app.get("/recommendations?q=a%00b", Some(&cookie)).await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r = app.get("/export/recommendations/csv?q=a%00b", Some(&cookie)).await;
    assert_eq!(r.status, 422, "{}", r.body);
    // a plain form post goes back to its page with the message for the field
    let req = http::Request::post("/api/recs/new")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("referer", "http://localhost/recommendations/new")
        .header("cookie", cookie.as_str())
        .body(axum::body::Body::from("content=a%00b&ward=1"))
        .unwrap();
    let r = app.raw(req).await;
    assert_eq!(r.status, 303);
    let to = r.location().unwrap();
    assert!(to.starts_with("/recommendations/new?err=") && to.contains("ControlChars"), "{to}");
    // tab and line breaks are text
    let r = app
        .post("/api/recs/new", Some(&cookie), &rec_form(&[("content", "Dòng 1\r\n\tDòng 2"), ("raised_by", "Ông A"), ("ward", &ward)]))
        .await;
    assert!(r.ok(), "{}", r.body);
    // decomposed (NFD) text is stored composed (NFC)
    let nfd = "Phu\u{31b}o\u{31b}\u{300}ng ngâ\u{323}p";
    let r = app.post("/api/recs/new", Some(&cookie), &rec_form(&[("content", nfd), ("raised_by", "Ông B"), ("ward", &ward)])).await;
    assert!(r.ok(), "{}", r.body);
    let stored: String = sqlx::query_scalar("SELECT content FROM recommendations WHERE raised_by = 'Ông B'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, "Phường ngập");
}

/// Defect 3: the same first save, submission or capture sent several times at once (a
/// phone resending while its first request still runs) is stored once, and every copy is
/// answered as the first.
#[sqlx::test(migrations = "./migrations")]
async fn the_same_first_save_sent_at_once_is_stored_once(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let meeting = meeting_of_thanhvien(&app, "now() - interval '30 minutes'").await;
    let cookie = app.login("thanhvien").await;
    let m = meeting.to_string();
    let copies = |form: Vec<(String, String)>, path: &'static str| {
        let app = app.clone();
        let cookie = cookie.clone();
        (0..6)
            .map(|_| {
                let (app, cookie, form) = (app.clone(), cookie.clone(), form.clone());
                tokio::spawn(async move {
                    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    app.post(path, Some(&cookie), &pairs).await
                })
            })
            .collect::<Vec<_>>()
    };
    let save: Vec<(String, String)> = vec![
        ("meeting_id".into(), m.clone()),
        ("version".into(), "0".into()),
        ("running_note".into(), "Ý kiến về đường hẻm".into()),
        ("save_key".into(), "55555555-5555-4555-8555-555555555555".into()),
    ];
    let mut answers = vec![];
    for h in copies(save, "/api/reports/save") {
        let r = h.await.unwrap();
        assert!(r.ok(), "every copy is answered as the first: {} {}", r.status, r.body);
        answers.push(r.json());
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    assert_eq!(scalar(&app, &format!("SELECT count(*) FROM attendance_reports WHERE meeting_id = {meeting}")).await, 1);
    assert_eq!(
        scalar(&app, &format!("SELECT count(*) FROM audit_log WHERE entity = 'attendance_report' AND entity_id = (SELECT id FROM attendance_reports WHERE meeting_id = {meeting})")).await,
        1,
        "saved once"
    );

    // a recommendation heard at the meeting, its capture sent six times at once
    let capture: Vec<(String, String)> = vec![
        ("meeting_id".into(), m.clone()),
        ("client_key".into(), "66666666-6666-4666-8666-666666666666".into()),
        ("raised_by".into(), "Bà C".into()),
        ("content".into(), "Đèn đường hỏng".into()),
        ("domain".into(), "environment".into()),
    ];
    for h in copies(capture, "/api/reports/recommendation") {
        let r = h.await.unwrap();
        assert!(r.ok(), "{} {}", r.status, r.body);
    }
    assert_eq!(scalar(&app, "SELECT count(*) FROM recommendations WHERE client_key = '66666666-6666-4666-8666-666666666666'").await, 1);

    // an item entered by the Organization Board, the same form posted six times at once
    let board = app.login("bantochuc").await;
    let ward = scalar(&app, "SELECT id FROM org_units WHERE kind = 'ward' AND code = 'P1'").await.to_string();
    let handles: Vec<_> = (0..6)
        .map(|_| {
            let (app, board, ward) = (app.clone(), board.clone(), ward.clone());
            tokio::spawn(async move {
                app.post(
                    "/api/recs/new",
                    Some(&board),
                    &rec_form(&[
                        ("client_key", "77777777-7777-4777-8777-777777777777"),
                        ("content", "Thư bạn đọc về rác thải"),
                        ("raised_by", "Ông D"),
                        ("ward", &ward),
                    ]),
                )
                .await
            })
        })
        .collect();
    for h in handles {
        let r = h.await.unwrap();
        assert!(r.ok(), "{} {}", r.status, r.body);
    }
    assert_eq!(scalar(&app, "SELECT count(*) FROM recommendations WHERE client_key = '77777777-7777-4777-8777-777777777777'").await, 1);
}

/// Defect 4: the recommendations' search folds accents, đ, case and decomposed text, on
/// what is stored and on what is typed, with the same function as Rust's `fold`.
#[sqlx::test(migrations = "./migrations")]
async fn the_text_search_folds_accents_and_decomposed_text(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("bantochuc").await;
    let ward = scalar(&app, "SELECT id FROM org_units WHERE kind = 'ward' AND code = 'P1'").await.to_string();
    let r = app
        .post("/api/recs/new", Some(&cookie), &rec_form(&[("content", "Ngõ Quỳnh Đình ngập khi mưa lớn"), ("raised_by", "Ông E"), ("ward", &ward)]))
        .await;
    assert!(r.ok(), "{}", r.body);
    // stored decomposed behind the input layer's back: still found
    let decomposed = "Co\u{302}\u{301}ng thoa\u{301}t nu\u{31b}o\u{31b}\u{301}c NGO\u{303} QUY\u{300}NH ĐI\u{300}NH";
    sqlx::query(
        "INSERT INTO recommendations (city_id, client_key, ward_id, raised_by, content, domain, kind, channel, raised_on)
         SELECT city_id, gen_random_uuid(), id, 'Bà F', $1, 'environment', 'state', 'letter', current_date FROM org_units WHERE id = $2",
    )
    .bind(decomposed)
    .bind(ward.parse::<i64>().unwrap())
    .execute(&app.pool)
    .await
    .unwrap();
    for (q, expected) in [
        ("ngo quynh dinh ngap", 1),
        ("NGÕ QUỲNH", 2),
        ("Quy\u{300}nh đình", 2),
        ("cong thoat", 1),
        ("thoát nước ngõ", 1),
        ("quynh%", 0),
    ] {
        let r = app.post("/api/recs/list", Some(&cookie), &[("q", q)]).await;
        assert!(r.ok(), "{q}: {}", r.body);
        let total = r.json()["total"].as_i64().unwrap_or(-1);
        assert_eq!(total, expected, "{q}: {}", r.body.chars().take(300).collect::<String>());
    }
    // the database's folding and Rust's are one
    for s in ["Phường Đông Lễ", "ĐƯỜNG Hùng Vương", "Khu phố Ỷ Lan", "Nguyễn Thị Ánh", "Phu\u{31b}o\u{31b}\u{300}ng"] {
        let db: String = sqlx::query_scalar("SELECT tct_fold($1)").bind(s).fetch_one(&app.pool).await.unwrap();
        assert_eq!(db, to_cong_tac::helpers::fold(s), "{s}");
    }
}

/// Defect 5: two servers on one database send a reminder once: the jobs run once across
/// them, even started together.
#[sqlx::test(migrations = "./migrations")]
async fn reminders_are_sent_once_by_two_servers_started_together(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    // a meeting of five working days ago or more, thanhvien's report not submitted
    let meeting = meeting_of_thanhvien(&app, "now() - interval '14 days'").await;
    sqlx::query("UPDATE meetings SET status = 'held' WHERE id = $1").bind(meeting).execute(&app.pool).await.unwrap();
    // a second server: its own pool on the same database
    let options = app.pool.connect_options();
    let other = sqlx::postgres::PgPoolOptions::new().max_connections(5).connect_with((*options).clone()).await.unwrap();
    let (a, b, c, d) = tokio::join!(
        to_cong_tac::reports::inbox::send_reminders(&app.pool),
        to_cong_tac::reports::inbox::send_reminders(&other),
        to_cong_tac::periodic::api::send_reminders(&app.pool),
        to_cong_tac::periodic::api::send_reminders(&other),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    c.unwrap();
    d.unwrap();
    let sent = scalar(
        &app,
        &format!(
            "SELECT count(*) FROM notices WHERE meeting_id = {meeting} AND kind = 'report_reminder'
               AND person_id = (SELECT person_id FROM accounts WHERE username = 'thanhvien')"
        ),
    )
    .await;
    assert_eq!(sent, 1, "one reminder (the two runs sent {a} and {b})");
    // and no periodic reminder twice to anyone
    let doubled = scalar(&app, "SELECT count(*) FROM (SELECT 1 FROM notices WHERE kind LIKE 'periodic%' GROUP BY person_id, kind, link HAVING count(*) > 1) t").await;
    assert_eq!(doubled, 0);
    // a later run sends nothing more
    assert_eq!(to_cong_tac::reports::inbox::send_reminders(&other).await.unwrap(), 0);
}

/// Defect 6: a member who reports an absence is offered a substitute on the meeting page,
/// as a clash is, and the leader sends one.
#[sqlx::test(migrations = "./migrations")]
async fn an_absence_is_offered_a_substitute(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let meeting = meeting_of_thanhvien(&app, "now() + interval '3 days'").await;
    let m = meeting.to_string();
    let member = app.login("thanhvien").await;
    let r = app.post("/api/reports/absence", Some(&member), &[("meeting_id", &m), ("reason", "illness"), ("note", "Sốt")]).await;
    assert!(r.ok(), "{}", r.body);
    let leader = app.login("totruong").await;
    let page = app.get(&format!("/meetings/{meeting}"), Some(&leader)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("data-test=\"absence-line\""), "the absence is listed for a substitute");
    let detail = app.post("/api/meetings/get", Some(&leader), &[("id", &m)]).await.json();
    let line = detail["clashes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["absence"].is_array())
        .cloned()
        .expect("a line for the absence");
    let substitute = line["substitutes"][0]["person_id"].as_i64().expect("a substitute offered");
    let person = line["person_id"].as_i64().unwrap();
    let r = app
        .post(
            "/api/meetings/substitute",
            Some(&leader),
            &[("meeting_id", &m), ("person_id", &person.to_string()), ("substitute_id", &substitute.to_string())],
        )
        .await;
    assert!(r.ok(), "{}", r.body);
    let sent = scalar(&app, &format!("SELECT substitute_id FROM meeting_substitutes WHERE meeting_id = {meeting}")).await;
    assert_eq!(sent, substitute);
    // once replaced, nobody is asked for any more
    let detail = app.post("/api/meetings/get", Some(&leader), &[("id", &m)]).await.json();
    assert!(detail["clashes"].as_array().unwrap().iter().all(|l| !l["absence"].is_array()), "{detail}");
}

/// The not-found page is a way in too: a signed-in user's 404 shows his own frame.
#[sqlx::test(migrations = "./migrations")]
async fn a_signed_in_users_not_found_page_keeps_his_frame(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("thanhvien").await;
    let r = app.get("/no/such/page", Some(&cookie)).await;
    assert_eq!(r.status, 404);
    assert!(r.body.contains("data-test=\"logout\""), "the signed-in frame: {}", r.body.chars().take(400).collect::<String>());
}

/// A plain form refused before the wasm has loaded goes back to its page with the message
/// and what was typed (a refused reschedule keeps its date and times).
#[sqlx::test(migrations = "./migrations")]
async fn a_refused_plain_form_keeps_what_was_typed(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let meeting = meeting_of_thanhvien(&app, "now() + interval '5 days'").await;
    let version = scalar(&app, &format!("SELECT version::bigint FROM meetings WHERE id = {meeting}")).await;
    let cookie = app.login("phuong1").await;
    let body = format!("id={meeting}&version={version}&action=reschedule&reason=M%C6%B0a+b%C3%A3o&date=20%2F01%2F2099&start=19%3A30&end=18%3A00");
    let req = http::Request::post("/api/meetings/change")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("referer", format!("http://localhost/meetings/{meeting}"))
        .header("cookie", cookie.as_str())
        .body(axum::body::Body::from(body))
        .unwrap();
    let r = app.raw(req).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let back = r.location().unwrap();
    assert!(back.contains("EndTimeBeforeStart"), "the end time is refused as a time: {back}");
    let page = app.get(&back, Some(&cookie)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Giờ kết thúc phải sau giờ bắt đầu"), "the message next to the field");
    for typed in ["value=\"20/01/2099\"", "value=\"19:30\"", "value=\"18:00\"", "value=\"Mưa bão\""] {
        assert!(page.body.contains(typed), "{typed} kept on the page");
    }
}

/// Notices are stored as their kind and arguments and rendered when read: the inbox is in
/// the reader's language (the English switch translates it), and what the data names (a
/// cell, a time) stays as it was written.
#[sqlx::test(migrations = "./migrations")]
async fn the_inbox_is_in_the_readers_language(pool: PgPool) {
    use to_cong_tac::i18n::Lang;
    let app = TestApp::with_demo(pool).await;
    let meeting = meeting_of_thanhvien(&app, "now() + interval '3 days'").await;
    let staff = app.login("phuong1").await;
    let version = app.version("meetings", meeting).await.to_string();
    let id = meeting.to_string();
    let r = app
        .post("/api/meetings/change", Some(&staff), &[("id", &id), ("version", &version), ("action", "postpone"), ("reason", "Trùng lịch họp khu phố")])
        .await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let member = app.login("thanhvien").await;
    let r = app.post("/api/notices/list", Some(&member), &[]).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let inbox: to_cong_tac::calendar::model::Inbox = serde_json::from_value(r.json()).unwrap();
    let n = inbox.notices.iter().find(|n| n.meeting_id == Some(meeting)).expect("a notice of the postponement");
    assert_eq!(n.kind, "postponed");
    let (vi, en) = (n.text(Lang::Vi), n.text(Lang::En));
    assert!(vi.starts_with("Hoãn sinh hoạt: ") && vi.contains("Chi bộ Khu phố lõi"), "{vi}");
    assert!(en.starts_with("Meeting postponed: ") && en.contains("Chi bộ Khu phố lõi"), "{en}");
    // the page, in each language
    let page = app.get("/calendar/inbox", Some(&format!("{member}; lang=en"))).await;
    assert!(page.body.contains("Meeting postponed: "), "English inbox: {}", page.body);
    let page = app.get("/calendar/inbox", Some(&member)).await;
    assert!(page.body.contains("Hoãn sinh hoạt: "), "Vietnamese inbox");
}

/// One visibility rule: a group member sees a ward's meetings on the days his group follows
/// it (`tct_followed_wards`), not the days before it started or after it ended.
#[sqlx::test(migrations = "./migrations")]
async fn a_member_sees_a_ward_only_while_his_group_follows_it(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let ward = scalar(
        &app,
        "INSERT INTO org_units (city_id, parent_id, kind, code, name, active_from)
         SELECT city_id, parent_id, 'ward', 'PV', 'Phường Thử', '2019-01-01' FROM org_units WHERE kind = 'ward' AND code = 'P1' RETURNING id",
    )
    .await;
    let cell = scalar(
        &app,
        &format!(
            "INSERT INTO org_units (city_id, parent_id, kind, cell_kind, code, name, active_from, party_members)
             SELECT city_id, id, 'cell', 'residential', 'PV1', 'Chi bộ Thử', '2019-01-01', 20 FROM org_units WHERE id = {ward} RETURNING id"
        ),
    )
    .await;
    sqlx::query(&format!(
        "INSERT INTO group_wards (city_id, group_id, ward_id, active_from, active_to)
         SELECT city_id, id, {ward}, '2026-03-10', '2026-03-20' FROM working_groups WHERE name = 'Tổ công tác số 1'"
    ))
    .execute(&app.pool)
    .await
    .unwrap();
    let mut ids = Vec::new();
    for day in ["2026-03-05", "2026-03-12", "2026-03-25"] {
        ids.push(
            scalar(
                &app,
                &format!(
                    "INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, status)
                     SELECT city_id, {ward}, {cell}, 'regular', '2026-03-01', '{day} 19:00+07', '{day} 21:00+07', 'Nhà văn hóa', 'planned'
                     FROM org_units WHERE id = {cell} RETURNING id"
                ),
            )
            .await,
        );
    }
    let member = app.login("thanhvien").await;
    let r = app.post("/api/calendar/list", Some(&member), &[("view", "month"), ("date", "2026-03-01")]).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let seen: Vec<i64> = r.json()["meetings"].as_array().unwrap().iter().filter_map(|m| m["id"].as_i64()).collect();
    assert!(!seen.contains(&ids[0]), "before the group followed the ward");
    assert!(seen.contains(&ids[1]), "while it followed it");
    assert!(!seen.contains(&ids[2]), "after it stopped");
    // the meeting itself, asked for directly
    for (id, open) in [(ids[0], false), (ids[1], true), (ids[2], false)] {
        let r = app.post("/api/meetings/get", Some(&member), &[("id", &id.to_string())]).await;
        assert_eq!(r.ok(), open, "meeting {id}: {} {}", r.status, r.body);
    }
    // ward staff of another ward see none of them; the Organization Board all
    let other = app.login("phuong1").await;
    let r = app.post("/api/calendar/list", Some(&other), &[("view", "month"), ("date", "2026-03-01")]).await;
    let seen: Vec<i64> = r.json()["meetings"].as_array().unwrap().iter().filter_map(|m| m["id"].as_i64()).collect();
    assert!(ids.iter().all(|id| !seen.contains(id)), "another ward's staff");
    let board = app.login("bantochuc").await;
    let r = app.post("/api/calendar/list", Some(&board), &[("view", "month"), ("date", "2026-03-01")]).await;
    let seen: Vec<i64> = r.json()["meetings"].as_array().unwrap().iter().filter_map(|m| m["id"].as_i64()).collect();
    assert!(ids.iter().all(|id| seen.contains(id)), "the Organization Board");
}

/// Static SQL is checked at compile time: no query in the application passes a string
/// literal to a runtime `sqlx::query*` function (use `sqlx::query!`, `query_as!` or
/// `query_scalar!`, so the schema describes it when it is built). SQL made at run time
/// (`format!`, `QueryBuilder`) stays a runtime query; the tools in `src/bin` are not the app.
#[test]
fn static_sql_is_checked_at_compile_time() {
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "bin") {
                    files(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    files(&root.join("src"), &mut all);
    let mut unchecked = Vec::new();
    for path in all {
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, _) in text.match_indices("sqlx::query") {
            let rest = text[at + "sqlx::query".len()..].trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '_');
            if rest.starts_with('!') {
                continue;
            }
            // skip a turbofish, then the opening parenthesis and blanks
            let rest = match rest.strip_prefix("::<") {
                Some(r) => {
                    let mut depth = 1;
                    let end = r.find(|c: char| {
                        depth += match c {
                            '<' => 1,
                            '>' => -1,
                            _ => 0,
                        };
                        depth == 0
                    });
                    end.map_or("", |i| &r[i + 1..])
                }
                None => rest,
            };
            let Some(arg) = rest.strip_prefix('(') else { continue };
            let arg = arg.trim_start();
            if arg.starts_with('"') || arg.starts_with("r\"") || arg.starts_with("r#\"") {
                let line = text[..at].lines().count();
                unchecked.push(format!("{}:{line}", path.strip_prefix(root).unwrap().display()));
            }
        }
    }
    assert!(unchecked.is_empty(), "static SQL run unchecked (use the query macros): {unchecked:#?}");
}

/// The SQL checked at compile time is checked against `.sqlx/`, the cache
/// `scripts/sqlx-prepare` wrote: every query kept there must still be described the same
/// (columns, their types and nullability, parameters) by the schema the migrations make
/// today, or the cache is stale and must be prepared again.
#[sqlx::test(migrations = "./migrations")]
async fn the_sql_cache_is_current(pool: PgPool) {
    use sqlx::Executor;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".sqlx");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect(".sqlx/ is committed") {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let kept: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let sql = kept["query"].as_str().expect("a query");
        let now = (&pool).describe(sql).await.unwrap_or_else(|e| panic!("{}: {e}\n{sql}", path.display()));
        assert_eq!(
            serde_json::to_value(&now).unwrap(),
            kept["describe"],
            "{} is stale: run scripts/sqlx-prepare and commit .sqlx/\n{sql}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 3, "the checked queries are in the cache ({checked})");
}

/// The database out of reach (restarting, or the pool gone) is not a signed-out user nor a
/// server error: a signed-in page, a server function and an export each answer 503 with
/// `Retry-After`, never the login page or a 500.
#[sqlx::test(migrations = "./migrations")]
async fn the_database_out_of_reach_answers_503_everywhere(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let me = app.login("bantochuc").await;
    app.pool.close().await;
    app.kept.close().await;
    for (what, reply) in [
        ("a page", app.get("/calendar", Some(&me)).await),
        ("a server function", app.post("/api/reports/inbox", Some(&me), &[]).await),
        ("an export", app.get("/export/recommendations/csv", Some(&me)).await),
    ] {
        assert_eq!(reply.status.as_u16(), 503, "{what}: {}", reply.body);
        assert_eq!(reply.headers.get("retry-after").and_then(|v| v.to_str().ok()), Some("1"), "{what}");
        assert!(reply.location().is_none(), "{what} is not sent to the login page");
    }
}

/// A hydrated page names its language's texts, and the server sends that file: every key
/// with its text in that language, brotli-compressed when the browser takes it (and, as the
/// bundle, kept for good when the build names files by their content); a document page
/// names none, and an old name is not found.
#[sqlx::test(migrations = "./migrations")]
async fn a_hydrated_page_names_its_texts_and_the_server_sends_them(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("bantochuc").await;
    for (lang, sample) in [("vi", "Cơ cấu tổ chức"), ("en", "Organisation")] {
        let page = app.get("/dashboard", Some(&format!("{cookie}; lang={lang}"))).await;
        let url = page.body.split("<meta name=\"tct-text\" content=\"").nth(1).and_then(|s| s.split('"').next()).expect("the page names its texts");
        assert!(url.starts_with(&format!("/pkg/text/{lang}-")) && url.ends_with(".txt"), "{url}");
        assert!(page.body.contains(&format!("<link rel=\"preload\" href=\"{url}\" as=\"fetch\" crossorigin=\"anonymous\"")), "preloaded");

        let plain = app.raw(axum::http::Request::get(url).body(axum::body::Body::empty()).unwrap()).await;
        assert_eq!(plain.status, 200);
        assert!(plain.body.contains(&format!("org.title\u{1}{sample}\u{1}")), "{lang}: org.title");
        assert!(plain.body.contains("msg.conflict\u{1}"), "the messages are in it");

        let req = axum::http::Request::get(url).header("accept-encoding", "gzip, br;q=1").body(axum::body::Body::empty()).unwrap();
        let res = tower::ServiceExt::oneshot(app.router.clone(), req).await.unwrap();
        assert_eq!(res.headers()["content-encoding"], "br");
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut brotli::Decompressor::new(&bytes[..], 4096), &mut text).unwrap();
        assert_eq!(text, plain.body, "the same file, compressed");
        assert!(bytes.len() * 3 < text.len(), "compressed at the best level: {} of {}", bytes.len(), text.len());
    }
    assert_eq!(app.get("/pkg/text/vi-0000000000000000.txt", None).await.status, 404);
    let login = app.get("/login", None).await;
    assert!(!login.body.contains("tct-text"), "a document page loads no texts");
}
