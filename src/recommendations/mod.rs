//! Recommendations tracked from the meeting to a resolution (DOMAIN rule 6; seed II.2,
//! III.1, III.3): born in a member's report at a cell meeting (or entered by the
//! Organization Board from another channel), forwarded to the body responsible with a due
//! date in working days, worked on and answered by the body's responder accounts, brought
//! back to the cell and closed — or refused, or merged with the same issue raised
//! elsewhere. Every step is kept (`recommendation_steps`); nothing is deleted.
//!
//! - `model.rs`: the wire types and the life of an item (`Step::next`).
//! - `permissions.rs`: who sees which items and takes which step.
//! - `query.rs`: the list's scope and filters (list, board, exports share it).
//! - `api.rs`: the server functions; `export.rs`: CSV and XLSX; `pages.rs`: the pages.

pub mod api;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod files;
pub mod model;
pub mod pages;
pub mod permissions;
#[cfg(feature = "ssr")]
pub mod query;

/// The list's exports and the answers' files (plain routes).
#[cfg(feature = "ssr")]
pub fn routes(pool: &sqlx::PgPool) -> Vec<crate::server::router::PlainRoute> {
    use axum::routing::{get, post};
    let p = || pool.clone();
    vec![
        // the list under the same filters as the page
        ("/export/recommendations/csv", "/export/recommendations/csv", get(export::csv).with_state(p())),
        ("/export/recommendations/xlsx", "/export/recommendations/xlsx", get(export::xlsx).with_state(p())),
        // a file of a body's answer: 10 MB at most, served to those who may see the item
        (
            "/upload/recommendation-file",
            "/upload/recommendation-file",
            post(files::upload).layer(crate::server::files::upload_limit()).with_state(p()),
        ),
        ("/files/rec/{id}", "/files/rec/get", get(files::download).with_state(p())),
    ]
}
