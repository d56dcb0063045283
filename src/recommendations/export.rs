//! The list as a file: CSV and XLSX, under the same filters and the same scope as the
//! page (`query.rs`), with Vietnamese headers. Plain GET routes (a link downloads it).

use super::query::{self, Filter};
use crate::auth::session::Caller;
use crate::auth::Me;
use crate::groups::export::spreadsheet_safe;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;
use std::collections::HashMap;

/// At most this many lines in one file.
const MAX_LINES: i64 = 100_000;

pub const HEADERS: [&str; 12] = [
    "Số", "Ngày nêu", "Đảng ủy phường", "Chi bộ", "Nội dung", "Lĩnh vực", "Loại", "Cơ quan giải quyết",
    "Hạn giải quyết", "Trạng thái", "Quá hạn (ngày)", "Số ngày từ khi nêu",
];

fn vi(key: &'static str) -> &'static str {
    crate::i18n::text(crate::i18n::Lang::Vi, key)
}

async fn lines_for(pool: &PgPool, me: Me, params: &HashMap<String, String>) -> Result<Vec<[String; 12]>, Response> {
    let get = |k: &str| params.get(k).map(String::as_str);
    let f = Filter::parse(get("status"), get("ward"), get("group"), get("body"), get("domain"), get("kind"), get("age"), get("overdue"), get("q"))
        .map_err(|_| StatusCode::BAD_REQUEST.into_response())?;
    let today = crate::helpers::today_vn();
    // the app's error, with its status (and Retry-After when the database is away a moment)
    let lines = query::lines(pool, &me, &f, today, MAX_LINES, 0).await.map_err(IntoResponse::into_response)?;
    Ok(lines
        .into_iter()
        .map(|l| {
            [
                l.id.to_string(),
                l.raised_on,
                l.ward,
                l.cell,
                l.content,
                vi(l.domain.label_key()).to_string(),
                vi(l.kind.label_key()).to_string(),
                l.body,
                l.due_on,
                vi(l.status.label_key()).to_string(),
                l.overdue_days.to_string(),
                l.age_days.to_string(),
            ]
        })
        .collect())
}

/// The columns people typed (ward, cell, content, body): the others are the app's own.
const TYPED: [usize; 4] = [2, 3, 4, 7];

pub async fn csv(State(pool): State<PgPool>, Caller(me): Caller, Query(params): Query<HashMap<String, String>>) -> Response {
    let rows = match lines_for(&pool, me, &params).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let mut out = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let written = (|| -> Result<Vec<u8>, csv::Error> {
        out.write_record(HEADERS)?;
        for r in &rows {
            // texts a spreadsheet would run get an apostrophe (CSV only: XLSX cells are strings)
            out.write_record(r.iter().enumerate().map(|(i, v)| if TYPED.contains(&i) { spreadsheet_safe(v) } else { v.clone() }))?;
        }
        out.into_inner().map_err(|e| csv::Error::from(e.into_error()))
    })();
    match written {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"kien-nghi.csv\"".to_string()),
            ],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "csv export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

pub async fn xlsx(State(pool): State<PgPool>, Caller(me): Caller, Query(params): Query<HashMap<String, String>>) -> Response {
    let rows = match lines_for(&pool, me, &params).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    match xlsx_bytes(&rows) {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"kien-nghi.xlsx\"".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "xlsx export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn xlsx_bytes(rows: &[[String; 12]]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Kiến nghị")?;
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(0, 0, "Theo dõi giải quyết kiến nghị", &bold)?;
    for (i, h) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(2, i as u16, *h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 3, c as u16);
            match c {
                0 | 10 | 11 => sheet.write_number(r, c, v.parse::<f64>().unwrap_or(0.0))?,
                _ => sheet.write_string(r, c, v)?,
            };
        }
    }
    for (c, w) in [7.0, 11.0, 22.0, 26.0, 60.0, 16.0, 16.0, 26.0, 12.0, 16.0, 10.0, 10.0].iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    book.save_to_buffer()
}
