//! The review report (the seed itself is one, written by hand): for any period, a party
//! document (Hướng dẫn 36-HD/VPTW) in the seed's layout — I. results (the figures and their
//! tables computed from the data: ward guidance and invitations, attendance at cell
//! meetings and reports, the wards' periodic reports, recommendations), II. assessment
//! (strengths; shortcomings pre-filled from the dashboard's findings), III. tasks — with
//! every narrative part editable on the page before the DOCX is made.
//!
//! - `model.rs`: the draft the page edits; `draft.rs`: its pre-filled text.
//! - `api.rs`: the page's server function; `export.rs`: the DOCX (a plain form post).
//! - `pages.rs`: `/review`. Who: the Standing Committee, the Organization Board, admin.

pub mod api;
#[cfg(feature = "ssr")]
pub mod draft;
#[cfg(feature = "ssr")]
pub mod export;
pub mod model;
pub mod pages;
pub mod permissions;

/// The review report's DOCX (a plain route).
#[cfg(feature = "ssr")]
pub fn routes(pool: &sqlx::PgPool) -> Vec<crate::server::router::PlainRoute> {
    use axum::routing::post;
    let p = || pool.clone();
    vec![
        // the parts as edited on /review, posted by a plain form
        ("/export/review/docx", "/export/review/docx", post(export::docx).with_state(p())),
    ]
}
