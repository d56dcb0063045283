use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::codes! {
    /// A member's role in a working group: its leader (one at a time), a deputy, a member.
    pub enum GroupRole {
        Leader = "leader" => "groups.leader",
        Deputy = "deputy" => "groups.deputy",
        Member = "member" => "groups.member",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRow {
    pub id: i64,
    pub name: String,
    pub decision: String,
    pub leader: Option<String>,
    pub wards: Vec<String>,
    pub members: i64,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupList {
    pub groups: Vec<GroupRow>,
    pub can_create: bool,
    pub this_month: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub position: String,
    pub role: GroupRole,
    pub active_from: NaiveDate,
    pub active_to: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowRow {
    pub id: i64,
    pub ward_id: i64,
    pub ward_name: String,
    pub active_from: NaiveDate,
    pub active_to: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GroupDetail {
    /// 0 for a new group.
    pub id: i64,
    pub name: String,
    pub decision_no: String,
    pub decision_date: Option<NaiveDate>,
    pub active_from: Option<NaiveDate>,
    pub active_to: Option<NaiveDate>,
    pub version: i32,
    pub leader_id: Option<i64>,
    pub members: Vec<MemberRow>,
    pub wards: Vec<FollowRow>,
    pub plan: String,
    /// May change the group itself, its members and its wards (admin, organization board).
    pub can_manage: bool,
    /// May write the plan (and edit the open boards): the leader, admin, organization board.
    pub can_edit_plan: bool,
    /// Standing committee members (leader candidates).
    pub standing: Vec<(i64, String)>,
    pub people: Vec<(i64, String)>,
    pub ward_options: Vec<(i64, String)>,
    pub today: Option<NaiveDate>,
    pub this_month: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardAssignment {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    /// At that month's meeting of the cell he is taken (busy, or another meeting): what.
    #[serde(default)]
    pub clash: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardCell {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub ward: String,
    pub is_difficult: bool,
    /// Codes and names of the cells it absorbed in merges.
    pub absorbed: Vec<String>,
    pub assigned: Vec<BoardAssignment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardMember {
    pub person_id: i64,
    pub name: String,
    pub role: GroupRole,
    /// Cells assigned to this member this month.
    pub load: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub group_id: i64,
    pub group_name: String,
    pub month: String,
    pub version: i32,
    pub cells: Vec<BoardCell>,
    pub members: Vec<BoardMember>,
    pub unassigned: usize,
    pub can_edit: bool,
    pub in_period: bool,
    /// The month is over and its reports are due: only the organization board may change
    /// it, after reopening it with a reason.
    pub closed: bool,
    /// The last day changes were open to the group's leader.
    pub closes_on: NaiveDate,
    pub can_reopen: bool,
    /// Reopened right now: until when (Vietnam time, "HH:MM dd/mm/yyyy") and why.
    pub reopened_until: Option<String>,
    pub reopen_reason: Option<String>,
}
