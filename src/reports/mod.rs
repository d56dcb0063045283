//! At the meeting on a phone, and the attendance report due in 5 working days (seed I.2.2,
//! III.1, III.4): check-in, the capture (running note, recommendations heard, members
//! present, what the member did), the report with the meeting's quality rating, absences,
//! the ward's confirmation of who attended, and the Organization Board's inbox.
//! The phone keeps what is typed while offline (`public/offline.js`) and sends it again
//! with the same keys, so nothing is lost or stored twice.

pub mod absence;
pub mod api;
pub mod attendance;
pub mod capture;
pub mod checkin;
pub mod criteria;
#[cfg(feature = "ssr")]
pub mod figures;
pub mod inbox;
pub mod model;
pub mod pages;
pub mod permissions;
pub mod review;
#[cfg(feature = "ssr")]
pub mod rollup;
#[cfg(feature = "ssr")]
pub mod rule;
pub mod save;
