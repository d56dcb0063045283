//! Periodic reports (seed I.2.3 and III.3; DOMAIN rules 7 and 8): wards report monthly,
//! quarterly and half-yearly to the group that follows them (socio-economic situation,
//! defence and security, party building and the political system, issues that need
//! direction); groups report half-yearly and yearly to the Standing Committee. Which
//! reports are owed is computed, their due date counted on the working-day calendar, the
//! figures pre-filled from the data; reminders before the due date and once missing.
//!
//! - `model.rs`: periods and their keys, states, the form's shapes.
//! - `permissions.rs`: who reads and who writes.
//! - `api.rs`: what is owed, the form, saving and submitting, the reminders.
//! - `pages.rs`: the list and the form (`/periodic`, `/periodic/{ward|group}/{id}/{period}`).

pub mod api;
pub mod model;
pub mod pages;
pub mod permissions;
