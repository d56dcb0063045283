//! Who may see a recommendation and take which step (seed I.2.2, III.1, III.3: the member
//! reports through the Organization Board and forwards state matters to the People's
//! Committees and units concerned, which must resolve them).
//!
//! | role                 | sees                                      | steps                                   |
//! |----------------------|-------------------------------------------|-----------------------------------------|
//! | admin                | every item of the city                    | none (keeps bodies, limits, templates)  |
//! | standing committee   | every item of the city                    | none                                    |
//! | organization board   | every item of the city                    | every step; enters items from elsewhere |
//! | group leader         | items of wards his groups follow          | forward, reply, set body, merge, refuse, close |
//! | group member         | items of wards his groups follow, his own | close (the answer brought back)        |
//! | ward staff           | items of their ward                       | none                                    |
//! | responder            | items of the body of their account        | start, ask, hand over, answer, refuse   |
//!
//! Another city's items do not exist for the caller (404).

use super::model::Step;
use crate::auth::{Me, Role};

/// What the caller is to one recommendation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecRelation {
    /// A group the caller sits in follows the item's ward today.
    pub group_follows: bool,
    /// Ward staff of the item's ward.
    pub my_ward: bool,
    /// The responder account of the body responsible.
    pub my_body: bool,
    /// The caller captured it.
    pub raised_by_me: bool,
}

pub fn reads_all(me: &Me) -> bool {
    matches!(me.role, Role::Admin | Role::StandingCommittee | Role::OrganizationBoard)
}

pub fn can_read(me: &Me, rel: RecRelation) -> bool {
    reads_all(me) || rel.group_follows || rel.my_ward || rel.my_body || rel.raised_by_me
}

/// Forward, set the body, merge, reply to a body's question (the routing side).
pub fn can_route(me: &Me, rel: RecRelation) -> bool {
    me.role == Role::OrganizationBoard || (me.role == Role::GroupLeader && rel.group_follows)
}

/// Does the list offer the bulk routing form? (Each item is checked with `can_route`.)
pub fn routes_some(me: &Me) -> bool {
    matches!(me.role, Role::OrganizationBoard | Role::GroupLeader)
}

/// May open the answer templates' page: a responder his body's, the organization board
/// and an admin every body's.
pub fn can_open_templates(me: &Me) -> bool {
    matches!(me.role, Role::Admin | Role::OrganizationBoard | Role::Responder)
}

/// Start, ask, hand over, answer (the body's side). The organization board records a
/// body's step when the body has no account (an answer on paper).
pub fn can_work(me: &Me, rel: RecRelation) -> bool {
    me.role == Role::OrganizationBoard || (me.role == Role::Responder && rel.my_body)
}

pub fn can_step(me: &Me, rel: RecRelation, step: Step) -> bool {
    match step {
        Step::Forward | Step::Reply | Step::SetBody | Step::Merge => can_route(me, rel),
        Step::Start | Step::Ask | Step::HandOver | Step::Answer => can_work(me, rel),
        Step::Refuse => can_route(me, rel) || can_work(me, rel),
        Step::Close => {
            me.role == Role::OrganizationBoard
                || (matches!(me.role, Role::GroupLeader | Role::GroupMember) && rel.group_follows)
        }
    }
}

/// May enter a recommendation that came by another channel (letter, phone, visit, media).
pub fn can_enter(me: &Me) -> bool {
    me.role == Role::OrganizationBoard
}

/// May keep the answer templates of `body` (its responders; the organization board and an
/// admin for every body).
pub fn can_keep_templates(me: &Me, body: i64) -> bool {
    matches!(me.role, Role::Admin | Role::OrganizationBoard)
        || (me.role == Role::Responder && me.scope_unit_id == Some(body))
}

/// May change the time limits (working days per kind and body).
pub fn can_keep_limits(me: &Me) -> bool {
    matches!(me.role, Role::Admin | Role::OrganizationBoard)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_table() {
        let none = RecRelation::default();
        let follows = RecRelation { group_follows: true, ..none };
        let body = RecRelation { my_body: true, ..none };
        let ward = RecRelation { my_ward: true, ..none };
        let me = |r| Me::test(r, None);
        // reading
        assert!(can_read(&me(Role::StandingCommittee), none));
        assert!(can_read(&me(Role::Admin), none));
        assert!(!can_read(&me(Role::Responder), none));
        assert!(can_read(&me(Role::Responder), body));
        assert!(can_read(&me(Role::WardStaff), ward));
        assert!(!can_read(&me(Role::WardStaff), none));
        assert!(can_read(&me(Role::GroupMember), follows));
        assert!(!can_read(&me(Role::GroupMember), none));
        // steps
        assert!(can_step(&me(Role::OrganizationBoard), none, Step::Forward));
        assert!(can_step(&me(Role::GroupLeader), follows, Step::Forward));
        assert!(!can_step(&me(Role::GroupLeader), none, Step::Forward));
        assert!(!can_step(&me(Role::GroupMember), follows, Step::Forward));
        assert!(!can_step(&me(Role::Responder), body, Step::Forward));
        assert!(can_step(&me(Role::Responder), body, Step::Answer));
        assert!(!can_step(&me(Role::Responder), none, Step::Answer), "another body's item");
        assert!(can_step(&me(Role::Responder), body, Step::Refuse));
        assert!(!can_step(&me(Role::Responder), body, Step::Close));
        assert!(can_step(&me(Role::GroupMember), follows, Step::Close));
        assert!(!can_step(&me(Role::GroupMember), none, Step::Close));
        for step in Step::ALL {
            assert!(!can_step(&me(Role::StandingCommittee), follows, step));
            assert!(!can_step(&me(Role::Admin), follows, step));
            assert!(!can_step(&me(Role::WardStaff), ward, step));
        }
        assert!(can_enter(&me(Role::OrganizationBoard)));
        assert!(!can_enter(&me(Role::GroupLeader)));
        // (Me::test gives a responder of ward 7 the body 700)
        assert!(can_keep_templates(&Me::test(Role::Responder, Some(7)), 700));
        assert!(!can_keep_templates(&Me::test(Role::Responder, Some(7)), 800));
    }
}
