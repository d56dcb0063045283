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
pub mod model;
pub mod notices;
pub mod pages;
pub mod pattern;
pub mod permissions;
