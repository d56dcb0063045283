//! People: the officials who lead and sit in working groups, and whose home agency
//! receives their yearly notice.

pub mod api;
pub mod model;
pub mod pages;
pub mod permissions;
