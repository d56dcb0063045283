//! The October evaluation (seed III.2; DOMAIN rule 8): at the end of October the
//! Organization Board compiles, for every member of every group, the year's cell meetings
//! assigned and attended, absences with their reasons, substitutes, attendance reports on
//! time and late, and the ward committee meetings attended ("đi công tác cơ sở"), and sends
//! each home agency a notice for the annual rating.
//!
//! - `model.rs`: a member's year as the page receives it.
//! - `permissions.rs`: who sees it, who sends the notices.
//! - `api.rs`: the computation and the page's server function.
//! - `export.rs`: the XLSX of the table, the DOCX notice per agency (server only).
//! - `pages.rs`: `/evaluation`.

pub mod api;
#[cfg(feature = "ssr")]
pub mod export;
pub mod model;
pub mod pages;
pub mod permissions;

/// The evaluation's exports (plain routes).
#[cfg(feature = "ssr")]
pub fn routes(pool: &sqlx::PgPool) -> Vec<crate::server::router::PlainRoute> {
    use axum::routing::get;
    let p = || pool.clone();
    vec![
        // the table as XLSX, a notice per home agency as DOCX
        ("/export/evaluation/xlsx", "/export/evaluation/xlsx", get(export::xlsx).with_state(p())),
        ("/export/evaluation/docx", "/export/evaluation/docx", get(export::docx).with_state(p())),
    ]
}
