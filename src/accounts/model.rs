use crate::auth::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: i64,
    pub username: String,
    pub person: Option<String>,
    pub role: Role,
    pub scope: Option<String>,
    pub disabled: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AccountDetail {
    /// 0 for a new account.
    pub id: i64,
    pub username: String,
    pub person_id: Option<i64>,
    pub role: Option<Role>,
    pub scope_unit_id: Option<i64>,
    pub disabled: bool,
    pub version: i32,
    pub people: Vec<(i64, String)>,
    /// Wards (for ward staff) and bodies (for responders).
    pub wards: Vec<(i64, String)>,
    pub bodies: Vec<(i64, String)>,
    /// The roles the caller may grant.
    pub roles: Vec<Role>,
}
