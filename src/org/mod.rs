//! The organisation tree: the city committee, wards, cells (with merges), party boards
//! and state bodies.

pub mod api;
pub mod model;
pub mod pages;
pub mod permissions;
