use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonRow {
    pub id: i64,
    pub full_name: String,
    pub position: String,
    pub home_unit: Option<String>,
    pub is_standing_member: bool,
    pub is_committee_member: bool,
    pub phone: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeopleList {
    pub people: Vec<PersonRow>,
    pub can_edit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PersonDetail {
    /// 0 for a new person.
    pub id: i64,
    pub full_name: String,
    pub position: String,
    pub home_unit_id: Option<i64>,
    pub home_unit: Option<String>,
    pub is_standing_member: bool,
    pub is_committee_member: bool,
    pub phone: String,
    pub email: String,
    pub active: bool,
    pub version: i32,
    /// Units that can be a home agency (party boards, state bodies, wards).
    pub unit_options: Vec<(i64, String)>,
    pub can_edit: bool,
}
