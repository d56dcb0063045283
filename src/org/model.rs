//! Shared types of the organisation tree (browser and server).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnitKind {
    City,
    Ward,
    Cell,
    PartyBoard,
    StateBody,
}

impl UnitKind {
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::City => "city",
            UnitKind::Ward => "ward",
            UnitKind::Cell => "cell",
            UnitKind::PartyBoard => "party_board",
            UnitKind::StateBody => "state_body",
        }
    }
    pub fn from_code(s: &str) -> Option<UnitKind> {
        [UnitKind::City, UnitKind::Ward, UnitKind::Cell, UnitKind::PartyBoard, UnitKind::StateBody]
            .into_iter()
            .find(|k| k.code() == s)
    }
    pub fn label_key(self) -> &'static str {
        match self {
            UnitKind::City => "kind.city",
            UnitKind::Ward => "kind.ward",
            UnitKind::Cell => "kind.cell",
            UnitKind::PartyBoard => "kind.party_board",
            UnitKind::StateBody => "kind.state_body",
        }
    }
}

crate::codes! {
    /// A cell's kind: a residential area's (khu dân cư), or another (an agency's, a company's).
    pub enum CellKind {
        Residential = "residential" => "org.residential",
        Other = "other" => "org.not_residential",
    }
}

/// A cell that was merged into another one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Absorbed {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub merged_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellNode {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub residential: bool,
    pub is_difficult: bool,
    pub active_from: NaiveDate,
    pub active_to: Option<NaiveDate>,
    /// The cell that continues this one, if it was merged.
    pub merged_into: Option<(i64, String)>,
    /// The cells this one absorbed.
    pub absorbed: Vec<Absorbed>,
}

impl CellNode {
    pub fn is_active_on(&self, day: NaiveDate) -> bool {
        self.active_from <= day && self.active_to.is_none_or(|to| to > day)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WardNode {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub active_to: Option<NaiveDate>,
    pub cells: Vec<CellNode>,
    pub can_edit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitRow {
    pub id: i64,
    pub kind: UnitKind,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgTree {
    pub city_name: String,
    pub today: NaiveDate,
    pub wards: Vec<WardNode>,
    /// Party boards and state bodies (home agencies, responders).
    pub bodies: Vec<UnitRow>,
    pub can_create_ward: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgSummary {
    pub wards: i64,
    pub active_cells: i64,
    pub difficult_cells: i64,
    /// Cells absorbed by a merge (ever): their past still counts.
    pub merged_cells: i64,
    pub people: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub who: String,
    pub action: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitDetail {
    pub id: i64,
    pub kind: UnitKind,
    pub code: String,
    pub name: String,
    pub residential: bool,
    pub is_difficult: bool,
    pub active_from: NaiveDate,
    pub active_to: Option<NaiveDate>,
    pub note: String,
    /// A cell's party members, when the city keeps it: its reports count those present
    /// against it.
    pub party_members: Option<i32>,
    pub version: i32,
    pub parent: Option<UnitRow>,
    pub merged_into: Option<(i64, String)>,
    pub absorbed: Vec<Absorbed>,
    /// For a ward: its cells.
    pub cells: Vec<CellNode>,
    /// For an active cell: the active cells of the same ward it could be merged into.
    pub merge_targets: Vec<(i64, String)>,
    pub history: Vec<HistoryEntry>,
    pub can_edit: bool,
    pub today: NaiveDate,
}

/// The choices a unit form offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitFormOptions {
    /// Wards the caller may add cells to.
    pub wards: Vec<(i64, String)>,
    /// Whether the caller may create wards, boards and bodies.
    pub can_create_top: bool,
}
