//! The review report as a DOCX: a plain form post from `/review` (the parts as edited),
//! the tables computed again from the data, the party document's header from the city's
//! settings. Only the Standing Committee, the Organization Board and admin.

use super::model::PARTS;
use crate::auth::session::Caller;
use crate::dashboard::model::Dashboard;
use crate::evaluation::export::{city_names, place_date};
use crate::server::docx::{Doc, Header};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use sqlx::PgPool;

/// The longest part accepted.
const PART_MAX: usize = 20_000;

fn refuse(status: StatusCode, msg: &str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], msg.to_string()).into_response()
}

pub async fn docx(
    State(pool): State<PgPool>,
    Caller(me): Caller,
    form: Result<Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Response {
    // a form too large or unreadable is answered in the app's words, not the framework's
    let form = match form {
        Ok(Form(f)) => f,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, "Báo cáo gửi lên quá lớn; hãy rút gọn các phần rồi tải lại.")
        }
        Err(_) => return refuse(StatusCode::BAD_REQUEST, "Yêu cầu không hợp lệ."),
    };
    if let Some((k, _)) = form.iter().find(|(_, v)| crate::server::guard::has_control_chars(v)) {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, &format!("{k}: {}", crate::i18n::Msg::ControlChars.text(crate::i18n::Lang::Vi)));
    }
    if !super::permissions::can(&me, super::permissions::Action::Write) {
        return refuse(StatusCode::FORBIDDEN, "Bạn không có quyền thực hiện thao tác này.");
    }
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let started = std::time::Instant::now();
    let d = match crate::dashboard::api::compute(&pool, &me, get("from"), get("to"), None, None).await {
        Ok(d) => d,
        Err(e) => return refuse(StatusCode::from_u16(e.kind.status()).unwrap_or(StatusCode::BAD_REQUEST), &e.msg.text(crate::i18n::Lang::Vi)),
    };
    let names = match city_names(&pool, me.city_id).await {
        Ok(n) => n,
        Err(_) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi hệ thống, vui lòng thử lại."),
    };
    // the parts as edited (a part left out keeps its pre-filled text)
    let draft_report = super::draft::draft(&d, &names.1);
    let mut parts = draft_report.parts;
    for p in parts.iter_mut() {
        if let Some(t) = get(&format!("part_{}", p.key)) {
            if t.chars().count() > PART_MAX {
                return refuse(StatusCode::UNPROCESSABLE_ENTITY, &format!("{}: không được dài quá {PART_MAX} ký tự.", p.heading));
            }
            p.text = t.replace("\r\n", "\n");
        }
    }
    let number = get("number").map(|n| n.trim().chars().take(60).collect::<String>()).filter(|n| !n.is_empty()).unwrap_or_else(|| "Số      -BC/TU".into());
    let draft = get("draft").is_some_and(|v| v == "on");
    let text = |key: &str| parts.iter().find(|p| p.key == key).map(|p| p.text.clone()).unwrap_or_default();
    let bytes = document(&d, &names, &draft_report.summary, &number, draft, &text);
    tracing::debug!(ms = started.elapsed().as_millis() as u64, "review report");
    match bytes {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.wordprocessingml.document".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"bao-cao-to-cong-tac-{}-{}.docx\"", d.from, d.to)),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => refuse(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi hệ thống, vui lòng thử lại."),
    }
}

/// The document: header, title, I–III with the parts and the tables, signature.
pub fn document(d: &Dashboard, (superior, city, place): &(String, String, String), summary: &str, number: &str, draft: bool, text: &dyn Fn(&str) -> String) -> Result<Vec<u8>, std::io::Error> {
    let mut doc = Doc::new();
    doc.header(&Header {
        superior: superior.clone(),
        issuer: city.clone(),
        number: number.to_string(),
        place_date: place_date(place, crate::helpers::today_vn()),
        draft,
    });
    doc.title("Báo cáo", summary);
    doc.text(&text("intro"));
    doc.heading("I. KẾT QUẢ CHỈ ĐẠO VÀ TỔ CHỨC THỰC HIỆN");
    for key in PARTS.iter().skip(1).take(5) {
        if *key == "guidance" {
            doc.heading("2. Kết quả đạt được");
        }
        doc.heading(super::draft::heading(key));
        doc.text(&text(key));
        if *key == "attendance" {
            let rows: Vec<Vec<String>> = d
                .attendance
                .by_group
                .iter()
                .map(|g| {
                    let r = d.reports.by_group.iter().find(|r| r.label == g.label).cloned().unwrap_or_default();
                    vec![g.label.clone(), g.expected.to_string(), g.attended.to_string(), g.percent().map(|p| format!("{p}%")).unwrap_or_default(), r.on_time.to_string(), r.late.to_string(), r.missing.to_string()]
                })
                .collect();
            doc.table(&["Tổ công tác", "Lượt phân công", "Đã dự", "Tỷ lệ", "Báo cáo đúng hạn", "Trễ hạn", "Chưa báo cáo"], &rows, &[2471, 1100, 1000, 1000, 1300, 1100, 1100], &[1, 2, 3, 4, 5, 6]);
        }
        if *key == "recommendations" {
            let rows: Vec<Vec<String>> = d
                .recs
                .by_domain
                .iter()
                .map(|c| vec![crate::reports::model::Domain::parse(&c.label).map_or_else(|| c.label.clone(), |d| crate::i18n::text(crate::i18n::Lang::Vi, d.label_key()).to_string()), (c.open + c.answered + c.closed + c.other).to_string(), c.answered.to_string(), c.closed.to_string(), c.open.to_string(), c.overdue.to_string()])
                .collect();
            doc.table(&["Lĩnh vực", "Tổng số", "Đã trả lời", "Đã giải quyết xong", "Đang giải quyết", "Quá hạn"], &rows, &[2571, 1300, 1300, 1400, 1400, 1100], &[1, 2, 3, 4, 5]);
        }
    }
    doc.heading("II. ĐÁNH GIÁ CHUNG");
    doc.heading(super::draft::heading("strengths"));
    doc.text(&text("strengths"));
    doc.heading(super::draft::heading("shortcomings"));
    doc.text(&text("shortcomings"));
    doc.heading("III. NHIỆM VỤ, GIẢI PHÁP");
    doc.text(&text("tasks"));
    doc.text(&text("closing"));
    doc.signature(
        &["- Ban Thường vụ Tỉnh ủy (b/c),".into(), "- Các đồng chí Thành ủy viên,".into(), "- Các Tổ công tác, Đảng ủy các phường,".into(), "- Lưu Văn phòng.".into()],
        &["T/M BAN THƯỜNG VỤ", "BÍ THƯ"],
        "",
    );
    doc.finish()
}
