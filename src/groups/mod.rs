//! Working groups (who leads, who sits in them, which wards they follow) and the monthly
//! assignment board (who attends which cell's meeting).

pub mod api;
pub mod board;
#[cfg(feature = "ssr")]
pub mod export;
pub mod model;
pub mod pages;
pub mod permissions;

// The months of the board: the shared date helpers.
pub use crate::helpers::{month_key, next_month, parse_month, prev_month};

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn months() {
        let d = parse_month("2026-11").unwrap();
        assert_eq!(month_key(d), "2026-11");
        assert_eq!(month_key(next_month(d)), "2026-12");
        assert_eq!(month_key(next_month(next_month(d))), "2027-01");
        assert_eq!(month_key(prev_month(parse_month("2026-01").unwrap())), "2025-12");
        assert!(parse_month("2026-13").is_none());
        assert!(parse_month("abc").is_none());
    }
}

/// The board's exports (plain routes, `server::router::plain_routes`).
#[cfg(feature = "ssr")]
pub fn routes(pool: &sqlx::PgPool) -> Vec<crate::server::router::PlainRoute> {
    use axum::routing::get;
    let p = || pool.clone();
    vec![
        // the month's board as a spreadsheet
        ("/export/board/{group_id}/{month}/xlsx", "/export/board/xlsx", get(export::xlsx).with_state(p())),
        ("/export/board/{group_id}/{month}/csv", "/export/board/csv", get(export::csv).with_state(p())),
    ]
}
