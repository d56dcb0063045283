//! The October evaluation against the hand-counted spring of 2025 (`common::spring2025`):
//! per member the meetings assigned, attended, missed with and without a reason, taken by a
//! substitute or as one, the reports on time (Giỗ Tổ, 30/4–2/5), late and missing, the ward
//! committee meetings attended; the XLSX read back by calamine and openpyxl, the notice to
//! an agency read by python-docx (the party document's header, title, table); who may see
//! what.
#![cfg(feature = "ssr")]

use crate::common;
use common::spring2025::{exec, fixture};
use common::TestApp;
use serde_json::Value;
use sqlx::PgPool;

fn member<'a>(e: &'a Value, person: i64) -> &'a Value {
    e["members"].as_array().unwrap().iter().find(|m| m["person_id"] == person).unwrap_or_else(|| panic!("member {person} in {e}"))
}

fn counts(m: &Value) -> [i64; 11] {
    [
        "assigned", "attended", "absent_with_reason", "absent_clash", "absent_without_reason", "substituted", "as_substitute",
        "reports_on_time", "reports_late", "reports_missing", "field_visits",
    ]
    .map(|k| m[k].as_i64().unwrap_or_else(|| panic!("{k} in {m}")))
}

fn python(script: &str, file: &std::path::Path) -> String {
    let pythonpath = std::env::var("ICS_PYTHONPATH").unwrap_or_else(|_| format!("{}/.tools/python", env!("CARGO_MANIFEST_DIR")));
    let out = std::process::Command::new("python3")
        .env("PYTHONPATH", pythonpath)
        .arg("-c")
        .arg(script)
        .arg(file)
        .output()
        .expect("python3 runs (scripts/test installs python-docx and openpyxl)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[sqlx::test(migrations = "./migrations")]
async fn each_member_against_the_hand_count_and_the_files(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let fx = fixture(&app).await;
    // Đạt went to the ward's committee meeting of 28/3 (the group was invited)
    exec(&app, &format!(
        "INSERT INTO meeting_attendance (meeting_id, person_id, city_id, attended)
         SELECT id, 14, 1, true FROM meetings WHERE ward_id = {} AND kind = 'ward_committee' AND starts_at::date = '2025-03-28'",
        fx.p1
    ))
    .await;
    let c = app.login("bantochuc").await;
    let r = app.post("/api/evaluation/table", Some(&c), &[("year", "2025")]).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let e = r.json();
    assert_eq!((e["from"].as_str(), e["to"].as_str()), (Some("01/01/2025"), Some("31/10/2025")));
    // Đạt: M1 (on time), M7 (confirmed absent, no reason, report missing), M3 (on time
    // because of Giỗ Tổ); the committee meeting
    assert_eq!(counts(member(&e, 14)), [3, 2, 0, 0, 1, 0, 0, 2, 0, 1, 1]);
    // Nam: M2 (a clash, reported: no report owed), M6 (late), M4 (Tâm went for him)
    assert_eq!(counts(member(&e, 15)), [3, 1, 1, 1, 0, 1, 0, 0, 1, 0, 0]);
    // Tâm: M4 in Nam's place, reported on 6/5 (due that day: 30/4–2/5 off, 26/4 worked)
    assert_eq!(counts(member(&e, 16)), [0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0]);
    assert_eq!(member(&e, 15)["groups"], "Tổ công tác số 1");
    assert_eq!(e["can_notify"], true);

    // the XLSX: read by calamine here and by openpyxl
    let xlsx = app.get_bytes("/export/evaluation/xlsx?year=2025", Some(&c)).await;
    let dir = std::env::temp_dir().join(format!("tct-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let xpath = dir.join("danh-gia.xlsx");
    std::fs::write(&xpath, &xlsx).unwrap();
    let out = python(
        "import sys, openpyxl\nws = openpyxl.load_workbook(sys.argv[1]).active\n\
         print(ws['A1'].value)\nprint(ws['B4'].value, ws['F4'].value)\n\
         for row in ws.iter_rows(min_row=5, values_only=True):\n    print('|'.join('' if v is None else str(v) for v in row))",
        &xpath,
    );
    assert!(out.starts_with("Kết quả đi công tác cơ sở và dự sinh hoạt chi bộ của thành viên Tổ công tác năm 2025"), "{out}");
    assert!(out.contains("Họ và tên Được phân công dự (buổi)"), "{out}");
    let dat = out.lines().find(|l| l.contains("Lý Quang Đạt")).unwrap_or_else(|| panic!("{out}"));
    assert!(dat.ends_with("|3|2|0|0|1|0|0|2|0|1|1"), "{dat}");
    {
        use calamine::{Reader, Xlsx};
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
        let range = book.worksheet_range("Tổng hợp").unwrap();
        assert_eq!(range.get_value((3, 1)).map(|v| v.to_string()), Some("Họ và tên".into()));
    }

    // the notice to Đạt's agency: a party document python-docx reads
    let agency: i64 = sqlx::query_scalar("SELECT home_unit_id FROM people WHERE id = 14").fetch_one(&app.pool).await.unwrap();
    let docx = app.get_bytes(&format!("/export/evaluation/docx?year=2025&agency={agency}"), Some(&c)).await;
    let dpath = dir.join("thong-bao.docx");
    std::fs::write(&dpath, &docx).unwrap();
    let out = python(
        "import sys, docx\nd = docx.Document(sys.argv[1])\ns = d.sections[0]\n\
         print(round(s.page_width.mm), round(s.page_height.mm), round(s.left_margin.mm), round(s.right_margin.mm))\n\
         h = d.tables[0]\nprint(h.cell(0, 0).paragraphs[0].text, '/', h.cell(0, 0).paragraphs[1].text, '/', h.cell(0, 1).paragraphs[0].text)\n\
         r = h.cell(0, 1).paragraphs[0].runs[0]\nprint(r.bold, r.underline, r.font.size.pt)\n\
         print(h.cell(0, 1).paragraphs[1].text)\n\
         for p in d.paragraphs:\n    if p.text.strip():\n        print('P:', p.text)\n\
         t = d.tables[1]\nfor row in t.rows:\n    print('T:', '|'.join(c.text for c in row.cells))",
        &dpath,
    );
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("210 297 30 20"), "A4, 30 mm left, 20 mm right: {out}");
    assert_eq!(lines.next(), Some("THÀNH ỦY THÀNH PHỐ HÒA GIANG / BAN TỔ CHỨC / ĐẢNG CỘNG SẢN VIỆT NAM"), "{out}");
    assert_eq!(lines.next(), Some("True True 15.0"), "the Party's name: bold, ruled, 15 pt: {out}");
    assert!(lines.next().is_some_and(|l| l.ends_with("ngày 31 tháng 10 năm 2025")), "{out}");
    assert!(out.contains("P: THÔNG BÁO"), "{out}");
    assert!(out.contains("T: TT|Họ và tên, chức vụ|Phân công|Đã dự"), "{out}");
    let row = out.lines().find(|l| l.starts_with("T: ") && l.contains("Lý Quang Đạt")).unwrap_or_else(|| panic!("{out}"));
    assert!(row.ends_with("|3|2|0 (0 trùng lịch)|1|0|2/0/1|1"), "{row}");
    // the notice lists only that agency's members
    let names: Vec<&str> = out.lines().filter(|l| l.starts_with("T: ") && !l.starts_with("T: TT|")).collect();
    let same_agency: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT p.id) FROM people p JOIN group_members gm ON gm.person_id = p.id
         WHERE p.home_unit_id = $1 AND gm.active_from <= '2025-10-31' AND (gm.active_to IS NULL OR gm.active_to > '2025-01-01')",
    )
    .bind(agency)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(names.len() as i64, same_agency, "{out}");
    // rendered by LibreOffice as it will be printed: A4 portrait, the header, the title, Đạt's row
    let (text, pages) = common::render_docx(&docx, "evaluation-notice");
    assert!(!pages.is_empty() && pages.iter().all(|p| common::is_a4_portrait(*p)), "{pages:?}");
    for s in ["ĐẢNG CỘNG SẢN VIỆT NAM", "BAN TỔ CHỨC", "THÔNG BÁO", "Lý Quang Đạt"] {
        assert!(text.contains(s), "{s} in the rendered notice: {text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[sqlx::test(migrations = "./migrations")]
async fn who_sees_the_evaluation(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    fixture(&app).await;
    for (who, status) in [("thuongvu", 200), ("admin", 200), ("totruong", 200), ("thanhvien", 403), ("phuong1", 403), ("ubnd", 403)] {
        let c = app.login(who).await;
        assert_eq!(app.post("/api/evaluation/table", Some(&c), &[("year", "2025")]).await.status, status, "{who}");
        let x = app.get("/export/evaluation/xlsx?year=2025", Some(&c)).await.status;
        assert_eq!(x, status, "xlsx {who}");
    }
    // a group's leader: his group's members only, no notices
    let c = app.login("totruong").await;
    let e = app.post("/api/evaluation/table", Some(&c), &[("year", "2025")]).await.json();
    assert!(e["members"].as_array().unwrap().iter().all(|m| m["groups"].as_str().unwrap().contains("Tổ công tác số 1")), "{e}");
    assert_eq!(e["can_notify"], false);
    let agency: i64 = sqlx::query_scalar("SELECT home_unit_id FROM people WHERE id = 14").fetch_one(&app.pool).await.unwrap();
    assert_eq!(app.get(&format!("/export/evaluation/docx?year=2025&agency={agency}"), Some(&c)).await.status, 403);
    // bad input: a year, an agency with nobody in the list, no agency
    let c = app.login("bantochuc").await;
    let r = app.post("/api/evaluation/table", Some(&c), &[("year", "20x5")]).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.error().1.as_deref(), Some("year"));
    assert_eq!(app.post("/api/evaluation/table", Some(&c), &[("year", "2999")]).await.status, 422);
    assert_eq!(app.get("/export/evaluation/docx?year=2025&agency=999999", Some(&c)).await.status, 404);
    assert_eq!(app.get("/export/evaluation/docx?year=2025&agency=x", Some(&c)).await.status, 400);
    assert_eq!(app.get("/export/evaluation/xlsx?year=abc", Some(&c)).await.status, 422);
    assert_eq!(app.get("/export/evaluation/xlsx?year=2025", None).await.status, 401);
}

/// One attendance rule (`reports::rule`): the dashboard's figures and the October
/// evaluation count the same year alike, member by member summed: assignments, attended
/// (the member or the substitute sent for him), absences with a reason and clashes,
/// substitutes, reports on time, late and missing.
#[sqlx::test(migrations = "./migrations")]
async fn the_dashboard_and_the_evaluation_agree(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let _fx = fixture(&app).await;
    let c = app.login("bantochuc").await;
    let e = app.post("/api/evaluation/table", Some(&c), &[("year", "2025")]).await;
    assert!(e.ok(), "{}", e.body);
    let e = e.json();
    let sum = |k: &str| -> i64 { e["members"].as_array().unwrap().iter().map(|m| m[k].as_i64().unwrap()).sum() };
    let d = app.post("/api/dashboard/data", Some(&c), &[("from", "2025-01"), ("to", "2025-10")]).await;
    assert!(d.ok(), "{}", d.body);
    let d = d.json();
    let a = &d["attendance"];
    let t = &d["reports"]["total"];
    let n = |v: &Value, k: &str| v[k].as_i64().unwrap_or_else(|| panic!("{k} in {v}"));
    assert!(sum("assigned") > 0, "the year has meetings");
    assert_eq!(n(a, "expected"), sum("assigned"), "assigned");
    assert_eq!(n(a, "attended"), sum("attended") + sum("as_substitute"), "attended, substitutes included");
    assert_eq!(n(a, "absent_with_reason"), sum("absent_with_reason"), "absences with a reason");
    assert_eq!(n(a, "absent_clash"), sum("absent_clash"), "clashes");
    assert_eq!(n(a, "substituted"), sum("substituted"), "substituted");
    assert_eq!(
        (n(t, "on_time"), n(t, "late"), n(t, "missing")),
        (sum("reports_on_time"), sum("reports_late"), sum("reports_missing")),
        "reports"
    );
}
