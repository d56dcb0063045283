//! Recommendations tracked to a resolution: every step of the life through the real
//! router (entered, forwarded with a due date in working days, started, answered with a
//! template, closed at the cell), every refusal with its message and nothing half-saved,
//! the responder's scope, bulk steps all or nothing, merges keeping every origin, the
//! meeting page's open items, the exports.
#![cfg(feature = "ssr")]

use crate::common;
use common::{Reply, TestApp};
use sqlx::PgPool;

async fn id(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn status(app: &TestApp, rec: i64) -> String {
    sqlx::query_scalar("SELECT status FROM recommendations WHERE id = $1").bind(rec).fetch_one(&app.pool).await.unwrap()
}

async fn version(app: &TestApp, rec: i64) -> String {
    app.version("recommendations", rec).await.to_string()
}

/// The Organization Board enters an item of Phường 1 (a letter), optionally forwarded.
async fn enter(app: &TestApp, board: &str, text: &str, body: Option<i64>) -> i64 {
    let ward = app.unit_id("P1", None).await.to_string();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let r = app
        .post(
            "/api/recs/new",
            Some(board),
            &[
                ("ward", &ward),
                ("content", text),
                ("domain", "land"),
                ("channel", "letter"),
                ("raised_on", "2026-11-02"),
                ("raised_by", "Bà Nguyễn Thị Lan, tổ dân phố 3"),
                ("body", &body),
            ],
        )
        .await;
    assert!(r.ok(), "enter: {} {}", r.status, r.body);
    r.body.trim().parse::<i64>().unwrap_or_else(|_| id_from_location(&r))
}

fn id_from_location(r: &Reply) -> i64 {
    let loc = r.location().expect("location");
    loc.trim_start_matches("/recommendations/").split('?').next().unwrap().parse().expect("id in location")
}

async fn step(app: &TestApp, who: &str, rec: i64, action: &str, more: &[(&str, &str)]) -> Reply {
    let v = version(app, rec).await;
    let idv = rec.to_string();
    let mut form: Vec<(&str, &str)> = vec![("id", &idv), ("version", &v), ("action", action)];
    form.extend_from_slice(more);
    app.post("/api/recs/step", Some(who), &form).await
}

fn refused(r: &Reply, status: u16, msg: &str, field: Option<&str>) {
    assert_eq!(r.status.as_u16(), status, "{}", r.body);
    let (m, f) = r.error();
    assert_eq!(m, msg, "{}", r.body);
    assert_eq!(f.as_deref(), field, "{}", r.body);
}

#[sqlx::test(migrations = "./migrations")]
async fn a_recommendation_from_entry_to_closing(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let board = app.login("bantochuc").await;
    let ubnd = app.login("ubnd").await;
    let member = app.login("thanhvien").await;
    let ubnd_p1 = app.unit_id("UBND-P1", None).await;

    let rec = enter(&app, &board, "Đường ngõ 12 ngập khi mưa lớn, đề nghị nạo vét cống.", None).await;
    assert_eq!(status(&app, rec).await, "new");
    // not forwarded yet: the ward's People's Committee does not see it
    let r = app.post("/api/recs/get", Some(&ubnd), &[("id", &rec.to_string())]).await;
    assert_eq!(r.status.as_u16(), 403);

    // forwarded: the due date is 15 working days from today (the city's default)
    let r = step(&app, &board, rec, "forward", &[("body", &ubnd_p1.to_string())]).await;
    assert!(r.ok(), "{}", r.body);
    let (due, body): (Option<chrono::NaiveDate>, Option<i64>) =
        sqlx::query_as("SELECT due_on, body_id FROM recommendations WHERE id = $1").bind(rec).fetch_one(&app.pool).await.unwrap();
    assert_eq!(body, Some(ubnd_p1));
    let today = to_cong_tac::helpers::today_vn();
    let cal = to_cong_tac::workdays::WorkCalendar::from_rules([2026, 2027]);
    assert_eq!(due, Some(cal.add(today, 15)));
    // the body's responder is told
    let notices: i64 = id(&app, &format!(
        "SELECT count(*) FROM notices n JOIN accounts a ON a.person_id = n.person_id WHERE a.username = 'ubnd' AND n.recommendation_id = {rec}"
    )).await;
    assert_eq!(notices, 1);

    // the body works on it and answers it
    let list = app.post("/api/recs/list", Some(&ubnd), &[]).await;
    assert!(list.ok());
    assert!(list.json()["lines"].as_array().unwrap().iter().any(|l| l["id"] == rec));
    assert!(step(&app, &ubnd, rec, "start", &[]).await.ok());
    assert_eq!(status(&app, rec).await, "in_progress");
    let r = step(&app, &ubnd, rec, "answer", &[("answer", "UBND phường đã giao Tổ dân phố 3 nạo vét cống trước 15/12.")]).await;
    assert!(r.ok(), "{}", r.body);
    assert_eq!(status(&app, rec).await, "answered");
    // the member who brings the answer back to the cell closes it with the reaction
    let r = step(&app, &member, rec, "close", &[("reaction", "Chi bộ ghi nhận, bà con đồng tình.")]).await;
    assert!(r.ok(), "{}", r.body);
    assert_eq!(status(&app, rec).await, "closed");

    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM recommendation_steps WHERE recommendation_id = $1 ORDER BY at, id")
            .bind(rec)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(actions, ["raise", "forward", "start", "answer", "close"]);
    assert_eq!(app.audit_count("recommendation", rec).await, 5);
    // the timeline as the page reads it
    let d = app.post("/api/recs/get", Some(&board), &[("id", &rec.to_string())]).await.json();
    assert_eq!(d["steps"].as_array().unwrap().len(), 5);
    assert_eq!(d["reaction"], "Chi bộ ghi nhận, bà con đồng tình.");
    assert!(d["actions"].as_array().unwrap().is_empty(), "nothing more to do once closed");
    // the page renders on the server
    let page = app.get(&format!("/recommendations/{rec}"), Some(&board)).await;
    assert!(page.body.contains("nạo vét cống"), "{}", page.status);
}

#[sqlx::test(migrations = "./migrations")]
async fn every_refusal_says_why_and_saves_nothing(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let board = app.login("bantochuc").await;
    let ubnd = app.login("ubnd").await;
    let member = app.login("thanhvien").await;
    let ubnd_p1 = app.unit_id("UBND-P1", None).await;
    let ubnd_p2 = app.unit_id("UBND-P2", None).await;
    // a responder of another body
    sqlx::query(
        "INSERT INTO accounts (city_id, username, password_hash, role, scope_unit_id)
         SELECT city_id, 'ubnd2', password_hash, 'responder', $1 FROM accounts WHERE username = 'ubnd'",
    )
    .bind(ubnd_p2)
    .execute(&app.pool)
    .await
    .unwrap();
    let other_body = app.login("ubnd2").await;

    let rec = enter(&app, &board, "Đèn đường khu phố 2 hỏng.", Some(ubnd_p1)).await;
    assert_eq!(status(&app, rec).await, "forwarded");

    // closing an unanswered item
    refused(&step(&app, &member, rec, "close", &[("reaction", "…")]).await, 422, "NotAnswered", None);
    // an answer from a body that is not responsible
    let r = step(&app, &other_body, rec, "answer", &[("answer", "Không phải việc của chúng tôi")]).await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.body);
    // a member may not forward, a responder may not close
    assert_eq!(step(&app, &member, rec, "forward", &[("body", &ubnd_p2.to_string())]).await.status.as_u16(), 403);
    assert_eq!(step(&app, &ubnd, rec, "close", &[("reaction", "x")]).await.status.as_u16(), 403);
    // an answer with nothing in it
    refused(&step(&app, &ubnd, rec, "answer", &[("answer", "   ")]).await, 422, "Required", Some("answer"));
    // a refusal, a hand-over without a reason; a hand-over to the same body
    refused(&step(&app, &ubnd, rec, "refuse", &[]).await, 422, "ReasonRequired", Some("comment"));
    refused(&step(&app, &ubnd, rec, "hand_over", &[("body", &ubnd_p2.to_string())]).await, 422, "ReasonRequired", Some("comment"));
    refused(
        &step(&app, &ubnd, rec, "hand_over", &[("body", &ubnd_p1.to_string()), ("comment", "Thuộc phường 2")]).await,
        422,
        "SameBody",
        Some("body"),
    );
    // a due date before the raise date (raised 02/11/2026)
    refused(
        &step(&app, &board, rec, "forward", &[("body", &ubnd_p1.to_string()), ("due_on", "01/11/2026")]).await,
        422,
        "DueBeforeRaised",
        Some("due_on"),
    );
    // a forward to a disabled (ended) body, to something that is not a body
    let ended = app.unit_id("TNMT", None).await;
    sqlx::query("UPDATE org_units SET active_to = '2025-07-01' WHERE id = $1").bind(ended).execute(&app.pool).await.unwrap();
    refused(&step(&app, &board, rec, "forward", &[("body", &ended.to_string())]).await, 422, "BodyDisabled", Some("body"));
    let cell = app.unit_id("KP1", Some("P1")).await;
    refused(&step(&app, &board, rec, "forward", &[("body", &cell.to_string())]).await, 422, "NotABody", Some("body"));
    // merging into itself, into a closed one
    refused(&step(&app, &board, rec, "merge", &[("into", &rec.to_string())]).await, 422, "RecMergeIntoSelf", Some("into"));
    let done = enter(&app, &board, "Việc đã xong", Some(ubnd_p1)).await;
    assert!(step(&app, &ubnd, done, "answer", &[("answer", "Đã sửa")]).await.ok());
    assert!(step(&app, &member, done, "close", &[("reaction", "Đồng tình")]).await.ok());
    refused(&step(&app, &board, rec, "merge", &[("into", &done.to_string())]).await, 422, "MergeIntoClosed", Some("into"));
    // nothing after the end
    refused(&step(&app, &board, done, "refuse", &[("comment", "x")]).await, 422, "RecommendationFinished", None);
    // a stale version: someone changed it meanwhile
    let stale = version(&app, rec).await;
    assert!(step(&app, &ubnd, rec, "start", &[]).await.ok());
    let r = app
        .post("/api/recs/step", Some(&ubnd), &[("id", &rec.to_string()), ("version", &stale), ("action", "answer"), ("answer", "x")])
        .await;
    assert_eq!(r.status.as_u16(), 409, "{}", r.body);
    // none of the refusals left a trace: raise, forward, start only
    let steps: i64 = id(&app, &format!("SELECT count(*) FROM recommendation_steps WHERE recommendation_id = {rec}")).await;
    assert_eq!(steps, 3);
    assert_eq!(status(&app, rec).await, "in_progress");
    // bad entries: every field answered at once, nothing saved
    let before: i64 = id(&app, "SELECT count(*) FROM recommendations").await;
    let r = app
        .post("/api/recs/new", Some(&board), &[("ward", ""), ("content", " "), ("domain", "weather"), ("channel", "meeting"), ("raised_on", "31/02/2026")])
        .await;
    assert_eq!(r.status.as_u16(), 422);
    let v = r.json();
    let fields: Vec<String> = std::iter::once(v["field"].as_str().unwrap_or("").to_string())
        .chain(v["also"].as_array().map(|a| a.iter().map(|e| e[0].as_str().unwrap_or("").to_string()).collect::<Vec<_>>()).unwrap_or_default())
        .collect();
    for f in ["ward", "content", "domain", "channel", "raised_on"] {
        assert!(fields.iter().any(|x| x == f), "{f} in {fields:?}");
    }
    assert_eq!(id(&app, "SELECT count(*) FROM recommendations").await, before);
    // and a member may not enter one at all
    assert_eq!(app.post("/api/recs/new", Some(&member), &[("content", "x")]).await.status.as_u16(), 403);
}

#[sqlx::test(migrations = "./migrations")]
async fn clarification_hand_over_and_refusal(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let board = app.login("bantochuc").await;
    let ubnd = app.login("ubnd").await;
    let leader = app.login("totruong").await;
    let ubnd_p1 = app.unit_id("UBND-P1", None).await;
    let city_ubnd = app.unit_id("UBND", None).await;

    let rec = enter(&app, &board, "Xin hỗ trợ hộ nghèo sửa nhà.", None).await;
    // the group's leader forwards it (his group follows Phường 1)
    assert!(step(&app, &leader, rec, "forward", &[("body", &ubnd_p1.to_string())]).await.ok());
    assert!(step(&app, &ubnd, rec, "ask", &[("comment", "Đề nghị cho biết địa chỉ hộ gia đình.")]).await.ok());
    assert_eq!(status(&app, rec).await, "clarification");
    // the body waits: it cannot answer before the reply
    refused(&step(&app, &ubnd, rec, "answer", &[("answer", "x")]).await, 422, "StepNotNow", None);
    assert!(step(&app, &leader, rec, "reply", &[("comment", "Số 14 ngõ 5, khu phố 3.")]).await.ok());
    assert_eq!(status(&app, rec).await, "forwarded");
    // handed to the city's People's Committee, with a reason: ubnd no longer sees it
    assert!(step(&app, &ubnd, rec, "hand_over", &[("body", &city_ubnd.to_string()), ("comment", "Thuộc thẩm quyền thành phố")]).await.ok());
    assert_eq!(status(&app, rec).await, "forwarded");
    assert_eq!(app.post("/api/recs/get", Some(&ubnd), &[("id", &rec.to_string())]).await.status.as_u16(), 403);
    // the organization board records the city's refusal, with the reason
    assert!(step(&app, &board, rec, "refuse", &[("comment", "Không thuộc diện hỗ trợ theo quy định.")]).await.ok());
    assert_eq!(status(&app, rec).await, "refused");
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM recommendation_steps WHERE recommendation_id = $1 ORDER BY at, id")
            .bind(rec)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(actions, ["raise", "forward", "ask", "reply", "hand_over", "refuse"]);
}

#[sqlx::test(migrations = "./migrations")]
async fn bulk_steps_are_all_or_nothing_and_merges_keep_every_origin(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let board = app.login("bantochuc").await;
    let ubnd = app.login("ubnd").await;
    let ubnd_p1 = app.unit_id("UBND-P1", None).await;
    let a = enter(&app, &board, "Rác thải tồn đọng ở chợ.", None).await;
    let b = enter(&app, &board, "Rác thải ở chợ chưa được thu gom.", None).await;
    let c = enter(&app, &board, "Chợ có nhiều rác.", None).await;
    let pick = |id: i64, v: &str| format!("{id}:{v}");
    let (va, vb, vc) = (version(&app, a).await, version(&app, b).await, version(&app, c).await);

    // one stale version in the selection: nothing is forwarded, the item is named
    let r = app
        .post(
            "/api/recs/bulk",
            Some(&board),
            &[("action", "forward"), ("ids[]", &pick(a, &va)), ("ids[]", &pick(b, "99")), ("body", &ubnd_p1.to_string())],
        )
        .await;
    assert_eq!(r.status.as_u16(), 409, "{}", r.body);
    assert!(r.body.contains(&format!("{b}")), "{}", r.body);
    assert_eq!(status(&app, a).await, "new");
    // nothing selected
    refused(&app.post("/api/recs/bulk", Some(&board), &[("action", "forward")]).await, 422, "NothingSelected", Some("ids"));

    // the three forwarded at once
    let r = app
        .post(
            "/api/recs/bulk",
            Some(&board),
            &[("action", "forward"), ("ids[]", &pick(a, &va)), ("ids[]", &pick(b, &vb)), ("ids[]", &pick(c, &vc)), ("body", &ubnd_p1.to_string())],
        )
        .await;
    assert!(r.ok(), "{}", r.body);
    for x in [a, b, c] {
        assert_eq!(status(&app, x).await, "forwarded");
    }
    // b and c merged into a: one item, every origin kept
    let (vb, vc) = (version(&app, b).await, version(&app, c).await);
    let r = app
        .post(
            "/api/recs/bulk",
            Some(&board),
            &[("action", "merge"), ("ids[]", &pick(b, &vb)), ("ids[]", &pick(c, &vc)), ("into", &a.to_string())],
        )
        .await;
    assert!(r.ok(), "{}", r.body);
    assert_eq!(status(&app, b).await, "merged");
    assert_eq!(status(&app, c).await, "merged");
    let d = app.post("/api/recs/get", Some(&ubnd), &[("id", &a.to_string())]).await.json();
    assert_eq!(d["origins"].as_array().unwrap().len(), 2, "{d}");
    let absorbed: i64 = id(&app, &format!("SELECT count(*) FROM recommendation_steps WHERE recommendation_id = {a} AND action = 'absorb'")).await;
    assert_eq!(absorbed, 2);
    // a group member may not act on a selection
    let member = app.login("thanhvien").await;
    let va = version(&app, a).await;
    assert_eq!(
        app.post("/api/recs/bulk", Some(&member), &[("action", "set_body"), ("ids[]", &pick(a, &va)), ("body", &ubnd_p1.to_string())]).await.status.as_u16(),
        403
    );
}

#[sqlx::test(migrations = "./migrations")]
async fn a_responder_sees_only_his_body_and_answers_from_a_template(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let board = app.login("bantochuc").await;
    let ubnd = app.login("ubnd").await;
    let ubnd_p1 = app.unit_id("UBND-P1", None).await;
    let ubnd_p2 = app.unit_id("UBND-P2", None).await;
    let mine = enter(&app, &board, "Vỉa hè bị lấn chiếm.", Some(ubnd_p1)).await;
    let theirs = enter(&app, &board, "Cây xanh đổ chưa dọn.", Some(ubnd_p2)).await;

    let list = app.post("/api/recs/list", Some(&ubnd), &[]).await.json();
    let ids: Vec<i64> = list["lines"].as_array().unwrap().iter().map(|l| l["id"].as_i64().unwrap()).collect();
    assert!(ids.contains(&mine) && !ids.contains(&theirs), "{ids:?}");
    assert_eq!(app.post("/api/recs/get", Some(&ubnd), &[("id", &theirs.to_string())]).await.status.as_u16(), 403);
    // the exports hold the same items
    let csv = String::from_utf8(app.get_bytes("/export/recommendations/csv", Some(&ubnd)).await).unwrap();
    assert!(csv.contains("Vỉa hè bị lấn chiếm") && !csv.contains("Cây xanh đổ"), "{csv}");
    let xlsx = app.get_bytes("/export/recommendations/xlsx?status=forwarded", Some(&board)).await;
    {
        use calamine::{Reader, Xlsx};
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).expect("a real xlsx");
        let sheet = book.worksheet_range_at(0).unwrap().unwrap();
        let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
        assert_eq!(rows[2][4], "Nội dung");
        let data: Vec<&Vec<String>> = rows.iter().skip(3).filter(|r| !r[0].is_empty()).collect();
        assert_eq!(data.len(), 2, "{rows:?}");
        assert!(data.iter().all(|r| r[9] == "Đã chuyển"), "{rows:?}");
        assert!(data.iter().any(|r| r[4] == "Cây xanh đổ chưa dọn." && r[7] == "UBND Phường 2"), "{rows:?}");
    }
    let r = app.get("/export/recommendations/csv?status=nonsense", Some(&board)).await;
    assert_eq!(r.status.as_u16(), 400);

    // a template of his body, and an answer from it
    let r = app
        .post("/api/recs/template-save", Some(&ubnd), &[("body_id", &ubnd_p1.to_string()), ("title", "Đã giao xử lý"), ("text", "UBND phường đã giao bộ phận chuyên môn xử lý.")])
        .await;
    assert!(r.ok(), "{}", r.body);
    let r = app.post("/api/recs/template-save", Some(&ubnd), &[("body_id", &ubnd_p2.to_string()), ("title", "x"), ("text", "y")]).await;
    assert_eq!(r.status.as_u16(), 403, "another body's templates");
    let template = id(&app, "SELECT id FROM answer_templates WHERE title = 'Đã giao xử lý'").await;
    let r = step(&app, &ubnd, mine, "answer", &[("template", &template.to_string())]).await;
    assert!(r.ok(), "{}", r.body);
    let answer: String = sqlx::query_scalar("SELECT answer FROM recommendations WHERE id = $1").bind(mine).fetch_one(&app.pool).await.unwrap();
    assert_eq!(answer, "UBND phường đã giao bộ phận chuyên môn xử lý.");

    // a file with the answer: checked by its bytes, served to those who see the item
    let r = app.upload_with("/upload/recommendation-file", Some(&ubnd), &[("id", &mine.to_string())], "file", "cong-van.pdf", "%PDF-1.4 công văn trả lời").await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let r = app.upload_with("/upload/recommendation-file", Some(&ubnd), &[("id", &mine.to_string())], "file", "virus.pdf", "MZ this is not a pdf").await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.body);
    let d = app.post("/api/recs/get", Some(&board), &[("id", &mine.to_string())]).await.json();
    let file = d["files"][0]["id"].as_i64().expect("one file");
    assert_eq!(d["files"].as_array().unwrap().len(), 1);
    let bytes = app.get_bytes(&format!("/files/rec/{file}"), Some(&board)).await;
    assert!(bytes.starts_with(b"%PDF-1.4"));
    // filters: overdue, body, unknown values refused
    sqlx::query("UPDATE recommendations SET due_on = raised_on WHERE id = $1").bind(theirs).execute(&app.pool).await.unwrap();
    let over = app.post("/api/recs/list", Some(&board), &[("overdue", "on")]).await.json();
    let ids: Vec<i64> = over["lines"].as_array().unwrap().iter().map(|l| l["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [theirs]);
    assert!(over["lines"][0]["overdue_days"].as_i64().unwrap() > 0);
    assert_eq!(app.post("/api/recs/list", Some(&board), &[("kind", "x")]).await.status.as_u16(), 422);
    let by_body = app.post("/api/recs/list", Some(&board), &[("body", &ubnd_p2.to_string())]).await.json();
    assert_eq!(by_body["total"], 1);
}

#[sqlx::test(migrations = "./migrations")]
async fn time_limits_per_kind_and_body(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let board = app.login("bantochuc").await;
    let ubnd_p1 = app.unit_id("UBND-P1", None).await;
    // UBND Phường 1 has 5 working days for state matters
    let r = app.post("/api/recs/limit-save", Some(&board), &[("kind", "state"), ("body_id", &ubnd_p1.to_string()), ("working_days", "5")]).await;
    assert!(r.ok(), "{}", r.body);
    // the same again is refused (change the one in the list), a bad number too
    refused(
        &app.post("/api/recs/limit-save", Some(&board), &[("kind", "state"), ("body_id", &ubnd_p1.to_string()), ("working_days", "7")]).await,
        422,
        "LimitExists",
        Some("body_id"),
    );
    refused(&app.post("/api/recs/limit-save", Some(&board), &[("kind", "state"), ("working_days", "0")]).await, 422, "WorkingDaysRange", Some("working_days"));
    let rec = enter(&app, &board, "Đường hỏng", Some(ubnd_p1)).await;
    let due: chrono::NaiveDate = sqlx::query_scalar("SELECT due_on FROM recommendations WHERE id = $1").bind(rec).fetch_one(&app.pool).await.unwrap();
    let cal = to_cong_tac::workdays::WorkCalendar::from_rules([2026, 2027]);
    assert_eq!(due, cal.add(to_cong_tac::helpers::today_vn(), 5));
    // a party matter keeps the city's default for its kind (10)
    let (id, v): (i64, i32) = sqlx::query_as("SELECT id, version FROM recommendation_time_limits WHERE kind = 'party' AND body_id IS NULL AND city_id = (SELECT city_id FROM accounts WHERE username = 'bantochuc')")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let r = app.post("/api/recs/limit-save", Some(&board), &[("id", &id.to_string()), ("version", &v.to_string()), ("working_days", "12")]).await;
    assert!(r.ok(), "{}", r.body);
    let stale = app.post("/api/recs/limit-save", Some(&board), &[("id", &id.to_string()), ("version", &v.to_string()), ("working_days", "13")]).await;
    assert_eq!(stale.status.as_u16(), 409);
    let member = app.login("thanhvien").await;
    assert_eq!(app.post("/api/recs/limits", Some(&member), &[]).await.status.as_u16(), 403);
}
