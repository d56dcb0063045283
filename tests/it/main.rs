//! Every database test, in one test binary (one link instead of one per file): each module is
//! a feature's tests over the real router and a fresh Postgres database per test.
//! Run one feature's with `cargo test --release --no-default-features --features ssr --test it calendar::`.
#![cfg(feature = "ssr")]

mod common;

mod auth;
mod authz;
mod calendar;
mod calendar_ics;
mod core;
mod dashboard;
mod evaluation;
mod groups;
mod mailer;
mod org;
mod people_accounts;
mod periodic;
mod recommendations;
mod reports;
mod review;
