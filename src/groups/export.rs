//! The month's board as a file: XLSX (for the Organization Board's spreadsheets) and CSV,
//! with Vietnamese headers. Plain GET routes, so a link downloads it; the same session and
//! the same permission check as the board page.

use super::board::load_board;
use super::parse_month;
use crate::auth::session::Caller;
use crate::auth::Me;
use crate::error::{AppError, ErrorKind};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;

/// A text a spreadsheet program would run as a formula (it starts with =, +, -, @, or a
/// tab or carriage return before one) gets a leading apostrophe in a CSV file, so it is
/// shown, never run. (An XLSX cell written as a string is never a formula: it is left as
/// typed.)
pub fn spreadsheet_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() }
}

/// One line per cell and assigned member (a cell with nobody assigned has one line too),
/// as typed: the CSV writer makes the texts spreadsheet-safe, the XLSX one writes strings.
pub fn rows(board: &super::model::Board) -> Vec<[String; 6]> {
    let mut out = Vec::new();
    for (i, c) in board.cells.iter().enumerate() {
        let difficult = if c.is_difficult { "x" } else { "" }.to_string();
        let (ward, code, name) = (c.ward.clone(), c.code.clone(), c.name.clone());
        if c.assigned.is_empty() {
            out.push([(i + 1).to_string(), ward.clone(), code.clone(), name.clone(), difficult.clone(), String::new()]);
        }
        for a in &c.assigned {
            out.push([(i + 1).to_string(), ward.clone(), code.clone(), name.clone(), difficult.clone(), a.name.clone()]);
        }
    }
    out
}

/// "2026-11" as the app shows it: "11/2026".
fn month_shown(month: &str) -> String {
    super::parse_month(month).map(|m| m.format("%m/%Y").to_string()).unwrap_or_else(|| month.to_string())
}

pub const HEADERS: [&str; 6] = ["STT", "Đảng ủy phường", "Mã chi bộ", "Chi bộ", "Khó khăn, phức tạp", "Thành viên dự sinh hoạt"];

fn status(e: &AppError) -> StatusCode {
    StatusCode::from_u16(e.kind.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

async fn board_for(pool: &PgPool, me: Me, group_id: i64, month: &str) -> Result<super::model::Board, Response> {
    let Some(month) = parse_month(month) else { return Err(StatusCode::BAD_REQUEST.into_response()) };
    load_board(pool, &me, group_id, month).await.map_err(|e| status(&e).into_response())
}

fn file_name(board: &super::model::Board, ext: &str) -> String {
    // ASCII in the header; the Vietnamese name is in the sheet itself.
    format!("phan-cong-to-{}-{}.{ext}", board.group_id, board.month)
}

pub async fn csv(State(pool): State<PgPool>, Caller(me): Caller, Path((group_id, month)): Path<(i64, String)>) -> Response {
    let board = match board_for(&pool, me, group_id, &month).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let body = match csv_bytes(&board) {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "csv export failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", file_name(&board, "csv"))),
        ],
        body,
    )
        .into_response()
}

/// The board as CSV: a BOM (so spreadsheet programs read the Vietnamese letters as
/// UTF-8), every field quoted, CRLF line ends.
pub fn csv_bytes(board: &super::model::Board) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(HEADERS)?;
    for r in rows(board) {
        out.write_record(r.iter().map(|v| spreadsheet_safe(v)))?;
    }
    out.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

pub fn xlsx_bytes(board: &super::model::Board) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let month = month_shown(&board.month);
    sheet.set_name(format!("Tháng {}", month.replace('/', "-")))?;
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(0, 0, format!("Bảng phân công dự sinh hoạt chi bộ – {} – tháng {month}", board.group_name), &bold)?;
    for (i, h) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(2, i as u16, *h, &bold)?;
    }
    for (r, row) in rows(board).iter().enumerate() {
        // Texts are written as strings, never formulas, and shown as typed.
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 3, c as u16);
            if c == 0 {
                sheet.write_number(r, c, v.parse::<f64>().unwrap_or(0.0))?;
            } else {
                sheet.write_string(r, c, v)?;
            }
        }
    }
    for (c, w) in [6.0, 28.0, 12.0, 32.0, 12.0, 32.0].iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    book.save_to_buffer()
}

pub async fn xlsx(State(pool): State<PgPool>, Caller(me): Caller, Path((group_id, month)): Path<(i64, String)>) -> Response {
    let board = match board_for(&pool, me, group_id, &month).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    match xlsx_bytes(&board) {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", file_name(&board, "xlsx"))),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "xlsx export failed");
            status(&AppError::new(ErrorKind::Internal, crate::i18n::Msg::Internal)).into_response()
        }
    }
}
