//! The Standing Committee's dashboard (seed II.2: the shortcomings the data can show): for a
//! period, a ward or a group — attendance at cell meetings, reports on time, late and
//! missing, recommendations by status, domain, body and age, the wards' invitations to
//! their committee meetings, the meetings' quality levels. Readable on a projector from
//! the back of the room ("present" mode cycles through the panels) and on a phone.
//!
//! - `model.rs`: the figures as the page receives them.
//! - `permissions.rs`: whose figures the caller sees.
//! - `figures.rs`: the other panels' SQL (the attendance figures and their rollup are
//!   `reports::figures` and `reports::rollup`); `findings.rs`: the shortcomings.
//! - `api.rs`: the server function; `charts.rs`: the SVG charts; `pages.rs`: the page.

pub mod api;
pub mod charts;
#[cfg(feature = "ssr")]
pub mod figures;
#[cfg(feature = "ssr")]
pub mod findings;
pub mod model;
pub mod pages;
pub mod permissions;
