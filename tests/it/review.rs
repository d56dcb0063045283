//! The review report of the hand-counted spring of 2025 (`common::spring2025`): the draft's
//! figures written out and its shortcomings from the findings; the DOCX made from an edited
//! draft, read by python-docx: the party document's header (the city's superior body and
//! place from its settings), "BÁO CÁO", sections I–III in the seed's order, the edited
//! text, the attendance table; rendered by LibreOffice to PDF and PNG pages (left in
//! target/docx-render/ to look at); who may make it; bad input.
#![cfg(feature = "ssr")]

use crate::common;
use common::spring2025::{exec, fixture};
use common::TestApp;
use sqlx::PgPool;

#[sqlx::test(migrations = "./migrations")]
async fn the_draft_and_the_document(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    fixture(&app).await;
    exec(&app, "INSERT INTO city_settings (city_id, superior_body, place_name) VALUES (1, 'Đảng bộ tỉnh Hòa Giang', 'Hòa Giang')
                ON CONFLICT (city_id) DO UPDATE SET superior_body = EXCLUDED.superior_body, place_name = EXCLUDED.place_name").await;
    let c = app.login("bantochuc").await;
    let r = app.post("/api/review/draft", Some(&c), &[("from", "2025-03"), ("to", "2025-04")]).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let d = r.json();
    let part = |k: &str| d["parts"].as_array().unwrap().iter().find(|p| p["key"] == k).unwrap()["text"].as_str().unwrap().to_string();
    // the hand count: 6 expected, 4 attended; 3 on time, 1 late, 1 missing
    assert!(part("attendance").contains("dự 6 lượt sinh hoạt chi bộ, đã dự 4 lượt (đạt 66,7%)"), "{}", part("attendance"));
    assert!(part("attendance").contains("3 báo cáo đúng hạn, 1 trễ hạn, 1 chưa báo cáo"), "{}", part("attendance"));
    assert!(part("shortcomings").contains("Nguyễn Văn Nam (Tổ công tác số 1)"), "the clash: {}", part("shortcomings"));
    assert!(part("shortcomings").contains("chưa mời Tổ công tác dự họp"), "{}", part("shortcomings"));

    let edited = "Phần mở đầu do Ban Tổ chức sửa lại.";
    let (status, docx) = app
        .post_bytes("/export/review/docx", Some(&c), &[("from", "2025-03"), ("to", "2025-04"), ("number", "Số 45-BC/TU"), ("draft", "on"), ("part_intro", edited)])
        .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&docx));
    let dir = std::env::temp_dir().join(format!("tct-review-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bao-cao.docx");
    std::fs::write(&path, &docx).unwrap();
    let pythonpath = std::env::var("ICS_PYTHONPATH").unwrap_or_else(|_| format!("{}/.tools/python", env!("CARGO_MANIFEST_DIR")));
    let out = std::process::Command::new("python3")
        .env("PYTHONPATH", pythonpath)
        .arg("-c")
        .arg(
            "import sys, docx\nd = docx.Document(sys.argv[1])\nh = d.tables[0]\n\
             print(' / '.join(p.text for p in h.cell(0, 0).paragraphs))\nprint(' / '.join(p.text for p in h.cell(0, 1).paragraphs))\n\
             for p in d.paragraphs:\n    if p.text.strip():\n        print('P:', p.text)\n\
             for row in d.tables[1].rows:\n    print('T:', '|'.join(c.text for c in row.cells))\n\
             print('FONT:', d.styles.element.xpath('//w:rFonts/@w:ascii')[0])",
        )
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = String::from_utf8(out.stdout).unwrap();
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("ĐẢNG BỘ TỈNH HÒA GIANG / THÀNH ỦY THÀNH PHỐ HÒA GIANG / * / Số 45-BC/TU"), "{out}");
    assert!(lines.next().is_some_and(|l| l.starts_with("ĐẢNG CỘNG SẢN VIỆT NAM / Hòa Giang, ngày ") && l.ends_with(" / DỰ THẢO")), "{out}");
    let paragraphs: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("P: ")).collect();
    let at = |s: &str| paragraphs.iter().position(|p| p.starts_with(s)).unwrap_or_else(|| panic!("{s} in {out}"));
    assert!(at("BÁO CÁO") < at(edited));
    assert!(at(edited) < at("I. KẾT QUẢ CHỈ ĐẠO"));
    assert!(at("I. KẾT QUẢ CHỈ ĐẠO") < at("2.2. Việc tham gia dự sinh hoạt"));
    assert!(at("2.2. Việc tham gia dự sinh hoạt") < at("II. ĐÁNH GIÁ CHUNG"));
    assert!(at("II. ĐÁNH GIÁ CHUNG") < at("2. Hạn chế, nguyên nhân"));
    assert!(at("2. Hạn chế, nguyên nhân") < at("III. NHIỆM VỤ, GIẢI PHÁP"));
    assert!(out.contains("T: Tổ công tác số 1|6|4|67%|3|1|1"), "{out}");
    assert!(out.contains("FONT: Times New Roman"), "{out}");
    // rendered by LibreOffice as the committee will print it: A4 portrait pages, the header,
    // "DỰ THẢO", the title and the edited opening on the first page, section III further on
    let (text, pages) = common::render_docx(&docx, "review-report");
    assert!(pages.len() >= 2 && pages.iter().all(|p| common::is_a4_portrait(*p)), "{pages:?}");
    let first_page = text.split('\u{c}').next().unwrap_or_default();
    for s in ["ĐẢNG CỘNG SẢN VIỆT NAM", "DỰ THẢO", "BÁO CÁO", edited] {
        assert!(first_page.contains(s), "{s} on the first page: {first_page}");
    }
    assert!(text.contains("III. NHIỆM VỤ, GIẢI PHÁP"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[sqlx::test(migrations = "./migrations")]
async fn who_makes_it_and_bad_input(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    for (who, status) in [("thuongvu", 200), ("admin", 200), ("totruong", 403), ("phuong1", 403), ("thanhvien", 403), ("ubnd", 403)] {
        let c = app.login(who).await;
        assert_eq!(app.post("/api/review/draft", Some(&c), &[]).await.status, status, "{who}");
        assert_eq!(app.post("/export/review/docx", Some(&c), &[("from", "2026-01")]).await.status, status, "{who}");
    }
    assert_eq!(app.post("/export/review/docx", None, &[]).await.status, 401);
    let c = app.login("bantochuc").await;
    let r = app.post("/api/review/draft", Some(&c), &[("from", "2026-13")]).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.error().1.as_deref(), Some("from"));
    assert_eq!(app.post("/export/review/docx", Some(&c), &[("from", "2026-05"), ("to", "2026-01")]).await.status, 422);
    let long = "x".repeat(20_001);
    assert_eq!(app.post("/export/review/docx", Some(&c), &[("part_tasks", long.as_str())]).await.status, 422);
}
