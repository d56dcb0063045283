//! The meeting calendar: cells' monthly meetings and ward committee meetings, the ward's
//! month grid, the calendar views (agenda, week, month) and each meeting's page.

pub mod api;
pub mod briefing;
pub mod clash;
pub mod findings;
pub mod grid;
pub mod ics;
#[cfg(feature = "ssr")]
pub mod mailer;
#[cfg(feature = "ssr")]
pub mod meeting;
pub mod model;
pub mod notices;
pub mod pages;
pub mod pattern;
pub mod permissions;

/// The calendar feeds, busy-time files and briefing files (plain routes).
#[cfg(feature = "ssr")]
pub fn routes(pool: &sqlx::PgPool) -> Vec<crate::server::router::PlainRoute> {
    use axum::routing::{get, post};
    let p = || pool.clone();
    vec![
        // calendar subscriptions: no session, the secret in the URL is the permission
        ("/ics/{file}", "/ics/get", get(ics::serve).with_state(p())),
        // a member's busy times from a calendar file (a plain multipart form, 1 MB at most)
        (
            "/upload/busy-ics",
            "/upload/busy-ics",
            post(clash::upload_ics).layer(axum::extract::DefaultBodyLimit::max(1024 * 1024)).with_state(p()),
        ),
        // a briefing's file: 10 MB at most, served to those who may see the meeting
        ("/upload/meeting-file", "/upload/meeting-file", post(briefing::upload).layer(crate::server::files::upload_limit()).with_state(p())),
        ("/files/{id}", "/files/get", get(briefing::download).with_state(p())),
    ]
}
