//! A recommendation's data as it crosses the wire, and its life as a pure function:
//! which step leads from which status to which.

use serde::{Deserialize, Serialize};

crate::codes! {
    /// What a recommendation is about (the domains of the issue; the next issue routes them).
    pub enum Domain {
        Land = "land" => "rec.domain.land",
        Environment = "environment" => "rec.domain.environment",
        Security = "security" => "rec.domain.security",
        SocialPolicy = "social_policy" => "rec.domain.social_policy",
        PartyBuilding = "party_building" => "rec.domain.party_building",
        Other = "other" => "rec.domain.other",
    }
}

impl Domain {
    /// The kind of an item of this domain when nobody says: party building is a party matter.
    pub fn default_kind(self) -> RecKind {
        if self == Domain::PartyBuilding { RecKind::Party } else { RecKind::State }
    }
}

crate::codes! {
    /// Who answers a recommendation: the state's bodies, or the party's.
    pub enum RecKind {
        State = "state" => "recs.kind.state",
        Party = "party" => "recs.kind.party",
    }
}

crate::codes! {
    /// Where a recommendation came from: a cell meeting, or another channel the
    /// organization board enters it from.
    pub enum Channel {
        Meeting = "meeting" => "recs.channel.meeting",
        Letter = "letter" => "recs.channel.letter",
        Phone = "phone" => "recs.channel.phone",
        Visit = "visit" => "recs.channel.visit",
        Media = "media" => "recs.channel.media",
        Other = "other" => "recs.channel.other",
    }
}

crate::codes! {
    /// A recommendation's status, in the order of the board's columns.
    pub enum RecStatus {
        New = "new" => "recs.status.new",
        Forwarded = "forwarded" => "recs.status.forwarded",
        InProgress = "in_progress" => "recs.status.in_progress",
        Clarification = "clarification" => "recs.status.clarification",
        Answered = "answered" => "recs.status.answered",
        Closed = "closed" => "recs.status.closed",
        Refused = "refused" => "recs.status.refused",
        Merged = "merged" => "recs.status.merged",
    }
}

impl RecStatus {
    /// Still waiting for the body: its due date runs.
    pub fn is_open(self) -> bool {
        OPEN.contains(&self)
    }

    /// Finished: closed, refused or merged; nothing more happens to it.
    pub fn is_finished(self) -> bool {
        matches!(self, RecStatus::Closed | RecStatus::Refused | RecStatus::Merged)
    }

    /// The body may attach files to its answer.
    pub fn takes_files(self) -> bool {
        matches!(self, RecStatus::Forwarded | RecStatus::InProgress | RecStatus::Answered)
    }
}

/// Statuses where the item still waits for the body (due date runs).
pub const OPEN: [RecStatus; 4] = [RecStatus::New, RecStatus::Forwarded, RecStatus::InProgress, RecStatus::Clarification];
/// `OPEN` as SQL writes it.
pub const OPEN_SQL: &str = "('new', 'forwarded', 'in_progress', 'clarification')";

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
    pub fn next(self, current: RecStatus) -> Option<RecStatus> {
        use RecStatus::*;
        let from: &[RecStatus] = match self {
            Step::Forward => &[New, Forwarded, InProgress],
            Step::Start => &[Forwarded],
            Step::Ask => &[Forwarded, InProgress],
            Step::Reply => &[Clarification],
            Step::HandOver => &[Forwarded, InProgress],
            Step::Answer => &[Forwarded, InProgress],
            Step::Close => &[Answered],
            Step::Refuse | Step::Merge | Step::SetBody => &OPEN,
        };
        if !from.contains(&current) {
            return None;
        }
        Some(match self {
            Step::Forward | Step::Reply | Step::HandOver => Forwarded,
            Step::Start => InProgress,
            Step::Ask => Clarification,
            Step::Answer => Answered,
            Step::Close => Closed,
            Step::Refuse => Refused,
            Step::Merge => Merged,
            Step::SetBody => current,
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
    pub status: RecStatus,
    /// The first 300 characters.
    pub content: String,
    pub domain: Domain,
    pub kind: RecKind,
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
    pub counts: Vec<(RecStatus, i64)>,
    pub overdue: i64,
    pub options: RecOptions,
    /// May enter items from other channels.
    pub can_enter: bool,
    /// May forward, set the body, merge (the bulk actions).
    pub can_route: bool,
    /// The board view: the first lines of each status still moving.
    pub board: Vec<(RecStatus, Vec<RecLine>)>,
    /// May change the time limits (admin, organization board).
    pub can_configure: bool,
}

/// One time limit: working days a body has to answer an item of a kind (no body: the
/// city's default for the kind).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeLimit {
    pub id: i64,
    pub kind: RecKind,
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
    pub to_status: RecStatus,
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
    pub status: RecStatus,
    pub content: String,
    pub raised_by: String,
    pub domain: Domain,
    pub kind: RecKind,
    pub channel: Channel,
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
    use RecStatus::*;

    #[test]
    fn the_life_of_a_recommendation() {
        assert_eq!(Step::Forward.next(New), Some(Forwarded));
        assert_eq!(Step::Start.next(Forwarded), Some(InProgress));
        assert_eq!(Step::Answer.next(InProgress), Some(Answered));
        assert_eq!(Step::Answer.next(Forwarded), Some(Answered));
        assert_eq!(Step::Close.next(Answered), Some(Closed));
        assert_eq!(Step::Ask.next(InProgress), Some(Clarification));
        assert_eq!(Step::Reply.next(Clarification), Some(Forwarded));
        assert_eq!(Step::HandOver.next(InProgress), Some(Forwarded));
        assert_eq!(Step::SetBody.next(InProgress), Some(InProgress));
        // refusals of the machine
        assert_eq!(Step::Close.next(Forwarded), None, "closing an unanswered item");
        assert_eq!(Step::Answer.next(New), None, "answering before it was forwarded");
        for done in [Closed, Refused, Merged] {
            for step in Step::ALL {
                assert_eq!(step.next(done), None, "{step:?} after {done}");
            }
        }
        assert_eq!(Step::Merge.next(Answered), None);
        for s in Step::ALL {
            assert_eq!(Step::parse(s.code()), Some(s));
        }
    }

    #[test]
    fn a_status_is_its_code_everywhere_and_an_unknown_code_is_an_error() {
        for s in RecStatus::ALL {
            assert_eq!(RecStatus::parse(s.code()), Some(*s));
            assert_eq!(serde_json::to_string(s).unwrap(), format!("\"{}\"", s.code()));
            assert_eq!(serde_json::from_str::<RecStatus>(&format!("\"{}\"", s.code())).unwrap(), *s);
        }
        assert!(serde_json::from_str::<RecStatus>("\"lost\"").is_err(), "not read as new");
        assert_eq!(RecStatus::parse("lost"), None);
        assert!(OPEN.iter().all(|s| s.is_open() && !s.is_finished()));
        assert_eq!(OPEN_SQL, format!("({})", OPEN.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ")));
    }

    #[test]
    fn a_domain_kind_or_channel_is_its_code_and_an_unknown_one_is_an_error() {
        for d in Domain::ALL {
            assert_eq!(Domain::parse(d.code()), Some(*d));
            assert_eq!(serde_json::to_string(d).unwrap(), format!("\"{}\"", d.code()));
        }
        for k in RecKind::ALL {
            assert_eq!(RecKind::parse(k.code()), Some(*k));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.code()), Some(*c));
        }
        assert!(serde_json::from_str::<Domain>("\"weather\"").is_err(), "not read as other");
        assert_eq!((Domain::parse(""), RecKind::parse("State"), Channel::parse("fax")), (None, None, None));
        assert_eq!(Domain::PartyBuilding.default_kind(), RecKind::Party);
        assert_eq!(Domain::Land.default_kind(), RecKind::State);
    }
}
