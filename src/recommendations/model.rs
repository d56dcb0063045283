//! A recommendation's data as it crosses the wire, and its life as a pure function:
//! which step leads from which status to which.

use serde::{Deserialize, Serialize};

/// What a recommendation is about (the domains of the issue; the next issue routes them).
pub const DOMAINS: [&str; 6] = [
    "land",
    "environment",
    "security",
    "social_policy",
    "party_building",
    "other",
];

pub fn domain_key(d: &str) -> &'static str {
    match d {
        "land" => "rec.domain.land",
        "environment" => "rec.domain.environment",
        "security" => "rec.domain.security",
        "social_policy" => "rec.domain.social_policy",
        "party_building" => "rec.domain.party_building",
        _ => "rec.domain.other",
    }
}

/// Every status, in the order of the board's columns.
pub const STATUSES: [&str; 8] = [
    "new",
    "forwarded",
    "in_progress",
    "clarification",
    "answered",
    "closed",
    "refused",
    "merged",
];
/// Statuses where the item still waits for the body (due date runs).
pub const OPEN: [&str; 4] = ["new", "forwarded", "in_progress", "clarification"];
pub const KINDS: [&str; 2] = ["state", "party"];
pub const CHANNELS: [&str; 6] = ["meeting", "letter", "phone", "visit", "media", "other"];

pub fn status_key(s: &str) -> &'static str {
    match s {
        "new" => "recs.status.new",
        "forwarded" => "recs.status.forwarded",
        "in_progress" => "recs.status.in_progress",
        "clarification" => "recs.status.clarification",
        "answered" => "recs.status.answered",
        "closed" => "recs.status.closed",
        "refused" => "recs.status.refused",
        "merged" => "recs.status.merged",
        _ => "recs.status.new",
    }
}

pub fn kind_key(k: &str) -> &'static str {
    match k {
        "party" => "recs.kind.party",
        _ => "recs.kind.state",
    }
}

pub fn channel_key(c: &str) -> &'static str {
    match c {
        "meeting" => "recs.channel.meeting",
        "letter" => "recs.channel.letter",
        "phone" => "recs.channel.phone",
        "visit" => "recs.channel.visit",
        "media" => "recs.channel.media",
        _ => "recs.channel.other",
    }
}

/// The steps of a recommendation's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// Send it to the body responsible (the organization board or the group leader).
    Forward,
    /// The body starts working on it.
    Start,
    /// The body asks the forwarder for clarification.
    Ask,
    /// The forwarder answers the body's question; it goes back to the body.
    Reply,
    /// The body hands it to another body, with a reason.
    HandOver,
    /// The body answers (text, files).
    Answer,
    /// The answer was brought back to the cell: the member records the reaction.
    Close,
    /// Refused, with a reason.
    Refuse,
    /// Merged into another item raised elsewhere (the same issue).
    Merge,
    /// Set (or change) the body responsible without another step.
    SetBody,
}

impl Step {
    pub const ALL: [Step; 10] = [
        Step::Forward,
        Step::Start,
        Step::Ask,
        Step::Reply,
        Step::HandOver,
        Step::Answer,
        Step::Close,
        Step::Refuse,
        Step::Merge,
        Step::SetBody,
    ];

    /// The name in forms and in `recommendation_steps.action`.
    pub fn code(self) -> &'static str {
        match self {
            Step::Forward => "forward",
            Step::Start => "start",
            Step::Ask => "ask",
            Step::Reply => "reply",
            Step::HandOver => "hand_over",
            Step::Answer => "answer",
            Step::Close => "close",
            Step::Refuse => "refuse",
            Step::Merge => "merge",
            Step::SetBody => "set_body",
        }
    }

    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|a| a.code() == s)
    }

    /// The status it leads to from `current`, or None when it does not apply there.
    pub fn next(self, current: &str) -> Option<&'static str> {
        let from: &[&str] = match self {
            Step::Forward => &["new", "forwarded", "in_progress"],
            Step::Start => &["forwarded"],
            Step::Ask => &["forwarded", "in_progress"],
            Step::Reply => &["clarification"],
            Step::HandOver => &["forwarded", "in_progress"],
            Step::Answer => &["forwarded", "in_progress"],
            Step::Close => &["answered"],
            Step::Refuse | Step::Merge | Step::SetBody => &OPEN,
        };
        if !from.contains(&current) {
            return None;
        }
        Some(match self {
            Step::Forward | Step::Reply | Step::HandOver => "forwarded",
            Step::Start => "in_progress",
            Step::Ask => "clarification",
            Step::Answer => "answered",
            Step::Close => "closed",
            Step::Refuse => "refused",
            Step::Merge => "merged",
            Step::SetBody => STATUSES.into_iter().find(|s| *s == current).unwrap_or("new"),
        })
    }

    /// Whether the step needs a comment (a reason, a question, a reply).
    pub fn needs_comment(self) -> bool {
        matches!(self, Step::Ask | Step::Reply | Step::HandOver | Step::Refuse)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Step::Forward => "recs.step.forward",
            Step::Start => "recs.step.start",
            Step::Ask => "recs.step.ask",
            Step::Reply => "recs.step.reply",
            Step::HandOver => "recs.step.hand_over",
            Step::Answer => "recs.step.answer",
            Step::Close => "recs.step.close",
            Step::Refuse => "recs.step.refuse",
            Step::Merge => "recs.step.merge",
            Step::SetBody => "recs.step.set_body",
        }
    }
}

/// The timeline's label of a step kept in `recommendation_steps` (also the steps that
/// are not actions: raised, absorbed, withdrawn).
pub fn action_key(a: &str) -> &'static str {
    match a {
        "raise" => "recs.action.raise",
        "absorb" => "recs.action.absorb",
        "withdraw" => "recs.action.withdraw",
        other => Step::parse(other).map(Step::label_key).unwrap_or("recs.action.raise"),
    }
}

/// One line of the list (and a card of the board).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecLine {
    pub id: i64,
    /// The version the list read (a bulk step names it).
    pub version: i32,
    pub status: String,
    /// The first 300 characters.
    pub content: String,
    pub domain: String,
    pub kind: String,
    pub ward: String,
    pub cell: String,
    pub body: String,
    /// dd/mm/yyyy
    pub raised_on: String,
    pub due_on: String,
    /// Days past the due date while it is still open (0: not overdue).
    pub overdue_days: i32,
    /// Days since it was raised.
    pub age_days: i32,
}

/// A body that answers recommendations (an org unit of kind ward, state_body, party_board).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyOption {
    pub id: i64,
    pub name: String,
    /// Ended bodies are listed (their items stay) but take no new item.
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RecOptions {
    pub wards: Vec<(i64, String)>,
    pub groups: Vec<(i64, String)>,
    pub bodies: Vec<BodyOption>,
}

/// The list page: one page of lines, the total, the board's counts, the filter choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RecList {
    pub lines: Vec<RecLine>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    /// (status, count) for every status, under the same filters but the status.
    pub counts: Vec<(String, i64)>,
    pub overdue: i64,
    pub options: RecOptions,
    /// May enter items from other channels.
    pub can_enter: bool,
    /// May forward, set the body, merge (the bulk actions).
    pub can_route: bool,
    /// The board view: the first lines of each status still moving.
    pub board: Vec<(String, Vec<RecLine>)>,
    /// May change the time limits (admin, organization board).
    pub can_configure: bool,
}

/// One time limit: working days a body has to answer an item of a kind (no body: the
/// city's default for the kind).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeLimit {
    pub id: i64,
    pub kind: String,
    pub body_id: Option<i64>,
    pub body: String,
    pub working_days: i16,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct LimitList {
    pub limits: Vec<TimeLimit>,
    pub bodies: Vec<BodyOption>,
}

/// What the form for an item from another channel chooses from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EntryOptions {
    pub wards: Vec<(i64, String)>,
    /// (id, ward id, "code – name")
    pub cells: Vec<(i64, i64, String)>,
    pub bodies: Vec<BodyOption>,
    /// A fresh key for the form, so a double submit enters one item.
    pub key: String,
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecStep {
    pub action: String,
    pub to_status: String,
    pub body: String,
    pub comment: String,
    pub who: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecFile {
    pub id: i64,
    pub name: String,
    pub size: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerTemplate {
    pub id: i64,
    pub body_id: i64,
    pub body: String,
    pub title: String,
    pub text: String,
    pub active: bool,
    pub version: i32,
}

/// One recommendation with its timeline and what the caller may do with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecDetail {
    pub id: i64,
    pub version: i32,
    pub status: String,
    pub content: String,
    pub raised_by: String,
    pub domain: String,
    pub kind: String,
    pub channel: String,
    pub ward: String,
    pub cell: String,
    pub meeting_id: Option<i64>,
    pub body_id: Option<i64>,
    pub body: String,
    pub raised_on: String,
    pub due_on: String,
    pub overdue_days: i32,
    pub answer: String,
    pub answered_at: String,
    pub reaction: String,
    pub merged_into: Option<i64>,
    pub steps: Vec<RecStep>,
    /// Items merged into this one (every origin kept).
    pub origins: Vec<RecLine>,
    pub files: Vec<RecFile>,
    /// The steps the caller may take now (codes).
    pub actions: Vec<String>,
    /// Bodies to forward or hand over to (active ones).
    pub bodies: Vec<BodyOption>,
    /// The body's answer templates, when the caller may answer.
    pub templates: Vec<AnswerTemplate>,
    /// May attach files to the answer.
    pub can_attach: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_life_of_a_recommendation() {
        assert_eq!(Step::Forward.next("new"), Some("forwarded"));
        assert_eq!(Step::Start.next("forwarded"), Some("in_progress"));
        assert_eq!(Step::Answer.next("in_progress"), Some("answered"));
        assert_eq!(Step::Answer.next("forwarded"), Some("answered"));
        assert_eq!(Step::Close.next("answered"), Some("closed"));
        assert_eq!(Step::Ask.next("in_progress"), Some("clarification"));
        assert_eq!(Step::Reply.next("clarification"), Some("forwarded"));
        assert_eq!(Step::HandOver.next("in_progress"), Some("forwarded"));
        assert_eq!(Step::SetBody.next("in_progress"), Some("in_progress"));
        // refusals of the machine
        assert_eq!(Step::Close.next("forwarded"), None, "closing an unanswered item");
        assert_eq!(Step::Answer.next("new"), None, "answering before it was forwarded");
        for done in ["closed", "refused", "merged"] {
            for step in Step::ALL {
                assert_eq!(step.next(done), None, "{step:?} after {done}");
            }
        }
        assert_eq!(Step::Merge.next("answered"), None);
        for s in Step::ALL {
            assert_eq!(Step::parse(s.code()), Some(s));
        }
    }
}
