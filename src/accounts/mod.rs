//! Accounts: who can sign in, with which role and scope.

pub mod api;
pub mod model;
pub mod pages;
pub mod permissions;
