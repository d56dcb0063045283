//! The October evaluation as files: the full table as XLSX, and the notice to one home
//! agency as a party document (DOCX, Hướng dẫn 36-HD/VPTW). Plain GET routes (a link
//! downloads it), the same session and scope as the page.

use super::api::compute;
use super::model::{Evaluation, MemberYear};
use crate::auth::session::Caller;
use crate::auth::Me;
use crate::server::docx::{Doc, Header, Look};
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;
use std::collections::HashMap;

pub const HEADERS: [&str; 16] = [
    "STT", "Họ và tên", "Chức vụ", "Cơ quan công tác", "Tổ công tác", "Được phân công dự (buổi)", "Đã dự", "Vắng có lý do",
    "Trong đó: trùng lịch", "Vắng không lý do", "Cử người dự thay", "Dự thay thành viên khác", "Báo cáo đúng hạn",
    "Báo cáo trễ hạn", "Chưa báo cáo", "Dự họp Đảng ủy phường",
];

fn status(code: u16) -> Response {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response()
}


async fn evaluation_for(pool: &PgPool, me: Me, params: &HashMap<String, String>) -> Result<(Me, Evaluation), Response> {
    let e = compute(pool, &me, params.get("year").map(String::as_str)).await.map_err(|e| status(e.kind.status()))?;
    Ok((me, e))
}

fn numbers(m: &MemberYear) -> [i64; 11] {
    [
        m.assigned,
        m.attended,
        m.absent_with_reason,
        m.absent_clash,
        m.absent_without_reason,
        m.substituted,
        m.as_substitute,
        m.reports_on_time,
        m.reports_late,
        m.reports_missing,
        m.field_visits,
    ]
}

pub async fn xlsx(State(pool): State<PgPool>, Caller(me): Caller, Query(params): Query<HashMap<String, String>>) -> Response {
    let (_, e) = match evaluation_for(&pool, me, &params).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match xlsx_bytes(&e) {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"danh-gia-thanh-vien-{}.xlsx\"", e.year)),
            ],
            bytes,
        )
            .into_response(),
        Err(err) => {
            tracing::error!(error = %err, "xlsx export failed");
            status(500)
        }
    }
}

fn xlsx_bytes(e: &Evaluation) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Tổng hợp")?;
    let bold = Format::new().set_bold();
    let head = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_border(rust_xlsxwriter::FormatBorder::Thin);
    let cell = Format::new().set_border(rust_xlsxwriter::FormatBorder::Thin);
    sheet.write_string_with_format(0, 0, format!("Kết quả đi công tác cơ sở và dự sinh hoạt chi bộ của thành viên Tổ công tác năm {}", e.year), &bold)?;
    sheet.write_string(1, 0, format!("Từ ngày {} đến ngày {}", e.from, e.to))?;
    for (i, h) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(3, i as u16, *h, &head)?;
    }
    for (r, m) in e.members.iter().enumerate() {
        let r = r as u32 + 4;
        sheet.write_number_with_format(r, 0, (r - 3) as f64, &cell)?;
        for (c, v) in [&m.name, &m.position, &m.agency, &m.groups].iter().enumerate() {
            sheet.write_string_with_format(r, c as u16 + 1, v.as_str(), &cell)?;
        }
        for (c, v) in numbers(m).iter().enumerate() {
            sheet.write_number_with_format(r, c as u16 + 5, *v as f64, &cell)?;
        }
    }
    for (c, w) in [5.0, 24.0, 28.0, 28.0, 22.0].iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    for c in 5..16u16 {
        sheet.set_column_width(c, 11.0)?;
    }
    sheet.set_row_height(3, 48)?;
    book.save_to_buffer()
}

/// The city's names for the document's header: (the superior body, the city committee,
/// the place for the date line). Settings a city keeps; the city's own name otherwise.
pub async fn city_names(pool: &PgPool, city: i64) -> Result<(String, String, String), sqlx::Error> {
    let r = sqlx::query!(
        r#"SELECT u.name, s.superior_body AS "superior_body?", s.place_name AS "place_name?"
           FROM org_units u LEFT JOIN city_settings s ON s.city_id = u.id WHERE u.id = $1"#,
        city,
    )
    .fetch_one(pool)
    .await?;
    let (name, superior, place) = (r.name, r.superior_body, r.place_name);
    let place = place.filter(|p| !p.trim().is_empty()).unwrap_or_else(|| {
        name.trim_start_matches("Thành ủy ").trim_start_matches("Thành phố ").to_string()
    });
    let superior = superior.filter(|s| !s.trim().is_empty()).unwrap_or_else(|| "Đảng bộ tỉnh ……".to_string());
    Ok((superior, name, place))
}

/// "Hòa Giang, ngày 31 tháng 10 năm 2026".
pub fn place_date(place: &str, d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{place}, ngày {:02} tháng {} năm {}", d.day(), d.month(), d.year())
}

pub async fn docx(State(pool): State<PgPool>, Caller(me): Caller, Query(params): Query<HashMap<String, String>>) -> Response {
    let (me, e) = match evaluation_for(&pool, me, &params).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !e.can_notify {
        return status(403);
    }
    let Some(agency) = params.get("agency").and_then(|a| a.trim().parse::<i64>().ok()) else { return status(400) };
    let Some((_, agency_name, _)) = e.agencies.iter().find(|a| a.0 == agency).cloned() else { return status(404) };
    let names = match city_names(&pool, me.city_id).await {
        Ok(n) => n,
        Err(_) => return status(500),
    };
    match notice(&e, agency, &agency_name, &names) {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.wordprocessingml.document".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"thong-bao-ket-qua-{}-{agency}.docx\"", e.year)),
            ],
            bytes,
        )
            .into_response(),
        Err(err) => {
            tracing::error!(error = %err, "docx export failed");
            status(500)
        }
    }
}

/// The notice to one agency: its members' results, for their annual rating (seed III.2).
pub fn notice(e: &Evaluation, agency: i64, agency_name: &str, (_superior, city, place): &(String, String, String)) -> Result<Vec<u8>, std::io::Error> {
    let to = chrono::NaiveDate::parse_from_str(&e.to, "%d/%m/%Y").unwrap_or_default();
    let mut doc = Doc::new();
    doc.header(&Header {
        superior: city.clone(),
        issuer: "Ban Tổ chức".into(),
        number: "Số      -TB/BTCTU".into(),
        place_date: place_date(place, to),
        draft: false,
    });
    doc.title("Thông báo", &format!("Kết quả đi công tác cơ sở và dự sinh hoạt chi bộ của thành viên Tổ công tác năm {}", e.year));
    doc.runs(&[("Kính gửi: ", Look::BODY), (agency_name, Look::BOLD)], crate::server::docx::Align::Center);
    doc.text(&format!(
        "Thực hiện Quy chế về hoạt động của các Tổ công tác của Ban Thường vụ {city}, Ban Tổ chức tổng hợp, thông báo kết quả đi công tác cơ sở và dự sinh hoạt chi bộ từ ngày {} đến ngày {} của các đồng chí là thành viên Tổ công tác công tác tại cơ quan, đơn vị như sau:",
        e.from, e.to
    ));
    let rows: Vec<Vec<String>> = e
        .members
        .iter()
        .filter(|m| m.agency_id == Some(agency))
        .enumerate()
        .map(|(i, m)| {
            vec![
                (i + 1).to_string(),
                format!("{}\n{}", m.name, m.position).replace('\n', " – "),
                m.assigned.to_string(),
                m.attended.to_string(),
                format!("{} ({} trùng lịch)", m.absent_with_reason, m.absent_clash),
                m.absent_without_reason.to_string(),
                m.substituted.to_string(),
                format!("{}/{}/{}", m.reports_on_time, m.reports_late, m.reports_missing),
                m.field_visits.to_string(),
            ]
        })
        .collect();
    doc.table(
        &["TT", "Họ và tên, chức vụ", "Phân công", "Đã dự", "Vắng có lý do", "Vắng không lý do", "Cử dự thay", "Báo cáo đúng hạn/trễ/chưa", "Dự họp ĐU phường"],
        &rows,
        &[450, 2300, 850, 750, 1150, 900, 850, 1000, 821],
        &[0, 2, 3, 4, 5, 6, 7, 8],
    );
    doc.text(&format!(
        "Đề nghị {agency_name} lấy kết quả trên làm một trong những căn cứ đánh giá, xếp loại mức độ hoàn thành nhiệm vụ năm {} đối với các đồng chí nêu trên.",
        e.year
    ));
    doc.signature(
        &["- Như trên,".into(), format!("- Thường trực {city} (b/c),"), "- Lưu BTC.".into()],
        &["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"],
        "",
    );
    doc.finish()
}
