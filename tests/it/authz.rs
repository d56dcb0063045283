//! The authorization matrix: every registered server function and every export route ×
//! every role (and a caller of another city) × the object it acts on (in the caller's
//! scope, out of it, in another city) → allowed, or refused with its status. Called
//! through the real router with real sessions.
//!
//! The test fails when a server function is registered that the table does not list: a
//! new feature adds its rows here in the same commit. A second city ("KAPPA") with its own
//! ward, cells, body, group and account lives beside the demo city, and no answer to a
//! first-city account ever contains any of it (nor the other way round).
#![cfg(feature = "ssr")]

use crate::common;
use common::{Reply, TestApp};
use sqlx::PgPool;
use std::collections::BTreeSet;

/// Who calls: nobody signed in, the demo accounts, and the organization board of city 2.
const CALLERS: [&str; 9] = [
    "-",
    "admin",
    "thuongvu",
    "bantochuc",
    "phuong1",
    "ubnd",
    "totruong",
    "thanhvien",
    "kappa",
];

/// What the call acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// In the demo callers' scope: Phường 1, its cells, Tổ công tác số 1 (followed by
    /// phuong1's ward, led by totruong, thanhvien a member), UBND Phường 1's ward.
    Own,
    /// Out of that scope, same city: Phường 2, Tổ công tác số 2, another account or person.
    Other,
    /// The second city's ward, cell, group, account, person.
    City2,
}

/// One row per server function or route: the expected answer per caller (in CALLERS'
/// order) for each target. "ok" is a success (2xx, or a 3xx a form post gets), a number
/// is the refusal's status, "" means the target does not apply to this function.
struct Row {
    path: &'static str,
    own: &'static str,
    other: &'static str,
    city2: &'static str,
}

#[rustfmt::skip]
const TABLE: &[Row] = &[
    //                                          -    admin thuongvu bantochuc phuong1 ubnd totruong thanhvien kappa
    // auth: open to everyone (sign-in itself, the language, who am I)
    Row { path: "/api/me",                  own: "ok  ok  ok  ok  ok  ok  ok  ok  ok",  other: "", city2: "" },
    Row { path: "/api/login",               own: "ok  ok  ok  ok  ok  ok  ok  ok  ok",  other: "", city2: "" },
    Row { path: "/api/logout",              own: "ok  ok  ok  ok  ok  ok  ok  ok  ok",  other: "", city2: "" },
    Row { path: "/api/lang",                own: "ok  ok  ok  ok  ok  ok  ok  ok  ok",  other: "", city2: "" },
    // the organisation tree
    Row { path: "/api/org/tree",            own: "401 ok  ok  ok  ok  ok  ok  ok  ok",  other: "", city2: "" },
    Row { path: "/api/org/summary",         own: "401 ok  ok  ok  ok  403 ok  ok  ok",  other: "", city2: "" },
    Row { path: "/api/org/unit",            own: "401 ok  ok  ok  ok  ok  ok  ok  404",
                                            other: "401 ok  ok  ok  ok  403 ok  ok  404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/org/form-options",    own: "401 ok  403 ok  ok  403 403 403 ok",  other: "", city2: "" },
    Row { path: "/api/org/save",            own: "401 ok  403 ok  ok  403 403 403 422",
                                            other: "401 ok  403 ok  403 403 403 403 422",
                                            city2: "401 422 403 422 422 403 403 403 ok" },
    Row { path: "/api/org/merge",           own: "401 ok  403 ok  ok  403 403 403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 403 404 404 403 403 403 ok" },
    // accounts: admin and organization board (an administrator's account: admin only)
    Row { path: "/api/accounts/list",       own: "401 ok  403 ok  403 403 403 403 ok",  other: "", city2: "" },
    Row { path: "/api/accounts/get",        own: "401 ok  403 ok  403 403 403 403 404",
                                            other: "401 ok  403 403 403 403 403 403 404",
                                            city2: "401 404 403 404 403 403 403 403 ok" },
    Row { path: "/api/accounts/save",       own: "401 ok  403 ok  403 403 403 403 422",
                                            other: "401 ok  403 422 403 403 403 403 422",
                                            city2: "401 422 403 422 403 403 403 403 ok" },
    // people: everyone but responders reads; admin and organization board edit
    Row { path: "/api/people/list",         own: "401 ok  ok  ok  ok  403 ok  ok  ok",  other: "", city2: "" },
    Row { path: "/api/people/get",          own: "401 ok  ok  ok  ok  403 ok  ok  404",
                                            other: "", 
                                            city2: "401 404 404 404 404 403 404 404 ok" },
    Row { path: "/api/people/save",         own: "401 ok  403 ok  403 403 403 403 404",
                                            other: "", 
                                            city2: "401 404 403 404 403 403 403 403 ok" },
    // working groups: the Standing Committee decides (admin, organization board manage);
    // the leader plans and assigns; members, ward staff of a followed ward read
    Row { path: "/api/groups/list",         own: "401 ok  ok  ok  ok  ok  ok  ok  ok",  other: "", city2: "" },
    Row { path: "/api/groups/get",          own: "401 ok  ok  ok  ok  403 ok  ok  404",
                                            other: "401 ok  ok  ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/groups/save",         own: "401 ok  403 ok  403 403 403 403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/groups/add-member",   own: "401 ok  403 ok  403 403 403 403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/groups/end-member",   own: "401 ok  403 ok  403 403 403 403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/groups/follow-ward",  own: "401 ok  403 ok  403 403 403 403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/groups/plan",         own: "401 ok  403 ok  403 403 ok  403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    // the monthly board (this month: open)
    Row { path: "/api/board/get",           own: "401 ok  ok  ok  ok  403 ok  ok  404",
                                            other: "401 ok  ok  ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/board/assign",        own: "401 ok  403 ok  403 403 ok  403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/board/unassign",      own: "401 ok  403 ok  403 403 ok  403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/board/copy",          own: "401 ok  403 ok  403 403 ok  403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    // a closed month (two months ago): reopened by the organization board only
    Row { path: "/api/board/reopen",        own: "401 ok  403 ok  403 403 403 403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    // the meeting calendar: who reads a ward's meetings; the ward (and admin, organization
    // board) enters them
    Row { path: "/api/calendar/list",       own: "401 ok  ok  ok  ok  403 ok  ok  ok",  other: "", city2: "" },
    Row { path: "/api/calendar/ward-month", own: "401 ok  ok  ok  ok  403 ok  ok  404",
                                            other: "401 ok  ok  ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/calendar/save-month", own: "401 ok  403 ok  ok  403 403 403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/meetings/get",        own: "401 ok  ok  ok  ok  403 ok  ok  404",
                                            other: "401 ok  ok  ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/meetings/change",     own: "401 ok  403 ok  ok  403 403 403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    // clashes: the group's leader (and the organization board) sends a substitute
    Row { path: "/api/meetings/substitute", own: "401 ok  403 ok  403 403 ok  403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    // briefings: the ward (and admin, organization board) writes them; files go to those
    // who may see the meeting
    Row { path: "/api/meetings/briefing",   own: "401 ok  403 ok  ok  403 403 403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/meetings/delete-file", own: "401 ok  403 ok  ok  403 403 403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/upload/meeting-file",     own: "401 ok  403 ok  ok  403 403 403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/files/get",               own: "401 ok  ok  ok  ok  403 ok  ok  404",
                                            other: "401 ok  ok  ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/calendar/findings",   own: "401 ok  ok  ok  ok  403 ok  ok  ok",  other: "", city2: "" },
    Row { path: "/api/calendar/lead-days",  own: "401 ok  403 ok  403 403 403 403 ok",  other: "", city2: "" },
    // busy times: one's own (an account with a person, who may open the calendar)
    Row { path: "/api/busy/list",           own: "401 403 ok  ok  ok  403 ok  ok  403", other: "", city2: "" },
    Row { path: "/api/busy/add",            own: "401 403 ok  ok  ok  403 ok  ok  403", other: "", city2: "" },
    Row { path: "/api/busy/delete",         own: "401 403 403 403 403 403 403 ok  404",
                                            other: "",
                                            city2: "401 404 404 404 404 404 404 404 403" },
    Row { path: "/upload/busy-ics",         own: "401 403 ok  ok  ok  403 ok  ok  403", other: "", city2: "" },
    // notices: one's own inbox; the outbox for those who manage the city
    Row { path: "/api/notices/list",        own: "401 ok  ok  ok  ok  ok  ok  ok  ok",  other: "", city2: "" },
    Row { path: "/api/notices/read",        own: "401 ok  ok  ok  ok  ok  ok  ok  ok",  other: "", city2: "" },
    Row { path: "/api/notices/outbox",      own: "401 ok  403 ok  403 403 403 403 ok",  other: "", city2: "" },
    // calendar subscriptions: one's own meetings (group members), a ward's schedule (whoever
    // enters it); a link is revoked by whoever made it, or the organization board
    Row { path: "/api/ics/list",            own: "401 ok  ok  ok  ok  403 ok  ok  ok",  other: "", city2: "" },
    Row { path: "/api/ics/create",          own: "401 ok  403 ok  ok  403 403 403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    // a feed: the secret in its address is the permission, whoever asks (own: phuong1's
    // feed of Phường 1; other: a secret nobody was given; city2: kappa's feed)
    Row { path: "/ics/get",                 own: "ok  ok  ok  ok  ok  ok  ok  ok  ok",
                                            other: "404 404 404 404 404 404 404 404 404",
                                            city2: "ok  ok  ok  ok  ok  ok  ok  ok  ok" },
    Row { path: "/api/ics/revoke",          own: "401 ok  403 ok  ok  403 403 403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    // attendance reports: the member expected writes his own (check-in, capture, report,
    // absence); the ward confirms who attended; the organization board reads and reviews;
    // the standing committee and admin read; the group's leader reads his group's
    Row { path: "/api/reports/meeting",     own: "401 ok  ok  ok  ok  403 ok  ok  404",
                                            other: "401 ok  ok  ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/reports/check-in",    own: "401 403 403 403 403 403 403 ok  404",
                                            other: "401 403 403 403 403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 403" },
    Row { path: "/api/reports/save",        own: "401 403 403 403 403 403 403 ok  404",
                                            other: "401 403 403 403 403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 403" },
    Row { path: "/api/reports/recommendation", own: "401 403 403 403 403 403 403 ok  404",
                                            other: "401 403 403 403 403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 403" },
    Row { path: "/api/reports/recommendation-withdraw", own: "401 403 403 403 403 403 403 ok  404",
                                            other: "401 403 403 403 403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 403" },
    Row { path: "/api/reports/absence",     own: "401 403 403 403 403 403 403 ok  404",
                                            other: "401 403 403 403 403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 403" },
    Row { path: "/api/reports/attendance",  own: "401 ok  403 ok  ok  403 403 403 404",
                                            other: "401 ok  403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/reports/of-meeting",  own: "401 ok  ok  ok  403 403 ok  403 404",
                                            other: "401 ok  ok  ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/reports/review",      own: "401 403 403 ok  403 403 403 403 404",
                                            other: "401 403 403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/reports/inbox",       own: "401 ok  ok  ok  403 403 ok  403 ok",  other: "", city2: "" },
    Row { path: "/api/reports/mine",        own: "401 ok  ok  ok  ok  ok  ok  ok  ok",  other: "", city2: "" },
    // the rating criteria: the organization board and an admin keep their city's
    Row { path: "/api/reports/criteria",    own: "401 ok  403 ok  403 403 403 403 ok",  other: "", city2: "" },
    Row { path: "/api/reports/criterion-save", own: "401 ok  403 ok  403 403 403 403 404",
                                            other: "",
                                            city2: "401 404 403 404 403 403 403 403 ok" },
    // the working-day calendar: everyone reads (due dates depend on it); admin corrects
    Row { path: "/api/workdays/year",       own: "401 ok  ok  ok  ok  ok  ok  ok  ok",  other: "", city2: "" },
    Row { path: "/api/workdays/change",     own: "401 ok  403 403 403 403 403 403 403", other: "", city2: "" },
    // the dashboard: the city's figures for the board, the standing committee and admin;
    // a leader's groups, ward staff's ward; a ward outside them is refused
    Row { path: "/api/dashboard/data",      own: "401 ok  ok  ok  ok  403 ok  403 403",
                                            other: "401 ok  ok  ok  403 403 403 403 403",
                                            city2: "401 403 403 403 403 403 403 403 ok" },
    // periodic reports: everyone but a responder lists what is owed in their scope; a ward's
    // report is read by the city's leadership, the ward's staff and the following group,
    // and written by the ward's staff only
    Row { path: "/api/periodic/list",       own: "401 ok  ok  ok  ok  403 ok  ok  ok",  other: "", city2: "" },
    Row { path: "/api/periodic/form",       own: "401 ok  ok  ok  ok  403 ok  ok  404",
                                            other: "401 ok  ok  ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/periodic/save",       own: "401 403 403 403 ok  403 403 403 404",
                                            other: "401 403 403 403 403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 403" },
    // the October evaluation: the city's leadership and the organization board all members,
    // a group's leader his groups'; the notices to the agencies: not the leader
    Row { path: "/api/evaluation/table",    own: "401 ok  ok  ok  403 403 ok  403 ok",  other: "", city2: "" },
    Row { path: "/export/evaluation/xlsx",  own: "401 ok  ok  ok  403 403 ok  403 ok",  other: "", city2: "" },
    Row { path: "/export/evaluation/docx",  own: "401 ok  ok  ok  403 403 403 403 404",
                                            other: "401 ok  ok  ok  403 403 403 403 404", city2: "" },
    // the review report: the standing committee, the organization board, admin
    Row { path: "/api/review/draft",        own: "401 ok  ok  ok  403 403 403 403 ok",  other: "", city2: "" },
    Row { path: "/export/review/docx",      own: "401 ok  ok  ok  403 403 403 403 ok",  other: "", city2: "" },
    // recommendations: everyone signed in lists what their scope holds; the organization
    // board and the group's leader route; the body's responder works; members close
    Row { path: "/api/recs/list",           own: "401 ok  ok  ok  ok  ok  ok  ok  ok",  other: "", city2: "" },
    Row { path: "/api/recs/get",            own: "401 ok  ok  ok  ok  ok  ok  ok  404",
                                            other: "401 ok  ok  ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/recs/step",           own: "401 403 403 ok  403 403 ok  403 404",
                                            other: "401 403 403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/recs/bulk",           own: "401 403 403 ok  403 403 ok  403 404",
                                            other: "401 403 403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/api/recs/new",            own: "401 403 403 ok  403 403 403 403 422",
                                            other: "401 403 403 ok  403 403 403 403 422",
                                            city2: "401 403 403 422 403 403 403 403 ok" },
    Row { path: "/api/recs/new-options",    own: "401 403 403 ok  403 403 403 403 ok",  other: "", city2: "" },
    Row { path: "/api/recs/templates",      own: "401 ok  403 ok  403 ok  403 403 ok",  other: "", city2: "" },
    Row { path: "/api/recs/template-save",  own: "401 ok  403 ok  403 ok  403 403 422",
                                            other: "401 ok  403 ok  403 403 403 403 422",
                                            city2: "401 422 403 422 403 422 403 403 ok" },
    Row { path: "/api/recs/limits",         own: "401 ok  403 ok  403 403 403 403 ok",  other: "", city2: "" },
    Row { path: "/api/recs/limit-save",     own: "401 ok  403 ok  403 403 403 403 404",
                                            other: "",
                                            city2: "401 404 403 404 403 403 403 403 ok" },
    Row { path: "/upload/recommendation-file", own: "401 403 403 ok  403 ok  403 403 404",
                                            other: "401 403 403 ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/files/rec/get",           own: "401 ok  ok  ok  ok  ok  ok  ok  404",
                                            other: "401 ok  ok  ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/export/recommendations/csv",  own: "401 ok  ok  ok  ok  ok  ok  ok  ok", other: "", city2: "" },
    Row { path: "/export/recommendations/xlsx", own: "401 ok  ok  ok  ok  ok  ok  ok  ok", other: "", city2: "" },
    // export routes (GET): whoever reads the board
    Row { path: "/export/board/xlsx",       own: "401 ok  ok  ok  ok  403 ok  ok  404",
                                            other: "401 ok  ok  ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
    Row { path: "/export/board/csv",        own: "401 ok  ok  ok  ok  403 ok  ok  404",
                                            other: "401 ok  ok  ok  403 403 403 403 404",
                                            city2: "401 404 404 404 404 404 404 404 ok" },
];

/// Ids of the objects the rows act on.
struct Fx {
    ward1: i64,
    ward2: i64,
    ward_k: i64,
    cell1: i64,
    cell2: i64,
    cell_k: i64,
    group1: i64,
    group2: i64,
    group_k: i64,
    person1: i64,
    person_k: i64,
    account1: i64,
    account_admin: i64,
    account_k: i64,
    /// Meetings of a cell of each target made for the report rows: one under way now (the
    /// caller's check-in window), one next week (absences); and a submitted report at the
    /// one under way, by another member, for the review row.
    now: [i64; 3],
    future: [i64; 3],
    review: [i64; 3],
    /// A recommendation per target, forwarded to the ward's People's Committee.
    recs: [i64; 3],
    /// Those committees.
    bodies: [i64; 3],
}

fn month_offset(back: i32) -> String {
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let first = chrono::NaiveDate::from_ymd_opt(
        chrono::Datelike::year(&today),
        chrono::Datelike::month(&today),
        1,
    )
    .unwrap();
    let m = if back >= 0 {
        first.checked_sub_months(chrono::Months::new(back as u32))
    } else {
        first.checked_add_months(chrono::Months::new(back.unsigned_abs()))
    };
    m.unwrap().format("%Y-%m").to_string()
}

async fn id(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The second city: KAPPA, with a ward, two cells, a ward People's Committee, people, a
/// group following the ward with this month's assignments, spare wards, an account.
async fn second_city(app: &TestApp) {
    // The city row points at itself: take its id first.
    let k: i64 = id(app, "SELECT nextval('org_units_id_seq')").await;
    sqlx::query(
        "INSERT INTO org_units (id, city_id, parent_id, kind, code, name, active_from)
         VALUES ($1, $1, NULL, 'city', 'TU-K', 'Thành ủy KAPPA', '2019-01-01')",
    )
    .bind(k)
    .execute(&app.pool)
    .await
    .expect("city 2");
    let hash: String =
        sqlx::query_scalar("SELECT password_hash FROM accounts WHERE username = 'bantochuc'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let stmts = [
        format!("INSERT INTO org_units (city_id, parent_id, kind, code, name, active_from) VALUES ({k}, {k}, 'ward', 'PK', 'Đảng ủy Phường KAPPA', '2019-01-01')"),
        format!("INSERT INTO org_units (city_id, parent_id, kind, code, name, active_from) VALUES ({k}, {k}, 'ward', 'PK2', 'Đảng ủy Phường KAPPA hai', '2019-01-01')"),
        format!("INSERT INTO org_units (city_id, parent_id, kind, code, name, active_from) VALUES ({k}, {k}, 'ward', 'PK3', 'Đảng ủy Phường KAPPA ba', '2019-01-01')"),
        format!("INSERT INTO org_units (city_id, parent_id, kind, cell_kind, code, name, active_from)
                 SELECT {k}, id, 'cell', 'residential', 'KP' || n, 'Chi bộ KAPPA ' || n, '2019-01-01' FROM org_units, generate_series(1, 2) n
                 WHERE code = 'PK'"),
        format!("INSERT INTO org_units (city_id, parent_id, kind, code, name, active_from) SELECT {k}, id, 'state_body', 'UBND-PK', 'UBND KAPPA', '2019-01-01' FROM org_units WHERE code = 'PK'"),
        format!("INSERT INTO people (city_id, full_name, is_standing_member, is_committee_member) VALUES ({k}, 'Trưởng KAPPA', true, true)"),
        format!("INSERT INTO people (city_id, full_name) SELECT {k}, 'Thành viên KAPPA ' || n FROM generate_series(1, 6) n"),
        format!("INSERT INTO working_groups (city_id, name, active_from) VALUES ({k}, 'Tổ KAPPA', '2019-07-05')"),
        format!("INSERT INTO working_groups (city_id, name, active_from) VALUES ({k}, 'Tổ KAPPA hai', '2019-07-05')"),
        format!("INSERT INTO group_wards (city_id, group_id, ward_id, active_from)
                 SELECT {k}, g.id, w.id, '2019-07-05' FROM working_groups g, org_units w WHERE g.name = 'Tổ KAPPA' AND w.code = 'PK'"),
        format!("INSERT INTO group_members (city_id, group_id, person_id, role, active_from)
                 SELECT {k}, g.id, p.id, CASE WHEN p.is_standing_member THEN 'leader' ELSE 'member' END, '2019-07-05'
                 FROM working_groups g, people p WHERE g.name = 'Tổ KAPPA' AND p.city_id = {k}"),
        format!("INSERT INTO people (city_id, full_name) SELECT {k}, 'Cán bộ KAPPA ' || n FROM generate_series(1, 6) n"),
        format!("INSERT INTO assignments (city_id, group_id, month, cell_id, person_id)
                 SELECT {k}, g.id, date_trunc('month', now() + interval '7 hours')::date, c.id, p.id
                 FROM working_groups g, org_units c, people p
                 WHERE g.name = 'Tổ KAPPA' AND c.code LIKE 'KP%' AND c.city_id = {k} AND p.full_name LIKE 'Thành viên KAPPA%'"),
        format!("INSERT INTO accounts (city_id, username, password_hash, role) VALUES ({k}, 'kappa', '{hash}', 'organization_board')"),
        format!("INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, status)
                 SELECT {k}, c.parent_id, c.id, 'regular', date_trunc('month', now() + interval '7 hours')::date,
                        date_trunc('month', now() + interval '7 hours') + interval '12 hours',
                        date_trunc('month', now() + interval '7 hours') + interval '14 hours', 'Nhà văn hóa KAPPA', 'announced'
                 FROM org_units c WHERE c.city_id = {k} AND c.code = 'KP1'"),
        // Spare wards of city 1 for follow-ward rows (a ward is followed by one group at a time).
        "INSERT INTO org_units (city_id, parent_id, kind, code, name, active_from)
         SELECT c.id, c.id, 'ward', 'SPARE' || n, 'Đảng ủy phường dự phòng ' || n, '2019-01-01'
         FROM org_units c, generate_series(1, 6) n WHERE c.kind = 'city' AND c.code = 'TU'".to_string(),
    ];
    for s in stmts {
        sqlx::query(&s)
            .execute(&app.pool)
            .await
            .unwrap_or_else(|e| panic!("{s}: {e}"));
    }
}

/// A cell per target (Phường 1 with thanhvien and a second member assigned, Phường 2 with
/// two members of group 2, the KAPPA ward with two KAPPA members), each with a meeting
/// under way and one next week, and a submitted report by the second member.
async fn report_fixtures(app: &TestApp) -> ([i64; 3], [i64; 3], [i64; 3]) {
    let mut now = [0; 3];
    let mut future = [0; 3];
    let mut review = [0; 3];
    let targets = [
        ("P1", "Tổ công tác số 1", "(SELECT person_id FROM accounts WHERE username = 'thanhvien')"),
        ("P2", "Tổ công tác số 2", "(SELECT gm.person_id FROM group_members gm JOIN working_groups g ON g.id = gm.group_id WHERE g.name = 'Tổ công tác số 2' AND gm.role = 'member' ORDER BY gm.person_id LIMIT 1)"),
        ("PK", "Tổ KAPPA", "(SELECT id FROM people WHERE full_name = 'Thành viên KAPPA 1')"),
    ];
    for (i, (ward, group, member)) in targets.iter().enumerate() {
        let q = |s: String| async move {
            sqlx::query_scalar::<_, i64>(&s)
                .fetch_one(&app.pool)
                .await
                .unwrap_or_else(|e| panic!("{s}: {e}"))
        };
        let cell = q(format!(
            "INSERT INTO org_units (city_id, parent_id, kind, cell_kind, code, name, active_from, party_members)
             SELECT w.city_id, w.id, 'cell', 'residential', 'AUTHZ', 'Chi bộ kiểm thử báo cáo', '2020-01-01', 30
             FROM org_units w WHERE w.kind = 'ward' AND w.code = '{ward}' RETURNING id"
        ))
        .await;
        let reporter = q(format!(
            "INSERT INTO people (city_id, full_name) SELECT city_id, 'Người báo cáo kiểm thử' FROM org_units WHERE id = {cell} RETURNING id"
        ))
        .await;
        for person in [member.to_string(), reporter.to_string()] {
            q(format!(
                "INSERT INTO assignments (city_id, group_id, month, cell_id, person_id)
                 SELECT g.city_id, g.id, date_trunc('month', now() + interval '7 hours')::date, {cell}, {person}
                 FROM working_groups g WHERE g.name = '{group}' RETURNING id"
            ))
            .await;
        }
        let meeting = |starts: &'static str| {
            format!(
                "INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, status)
                 SELECT c.city_id, c.parent_id, c.id, 'regular', date_trunc('month', now() + interval '7 hours')::date,
                        {starts}, {starts} + interval '2 hours', 'Nhà văn hóa', 'announced'
                 FROM org_units c WHERE c.id = {cell} RETURNING id"
            )
        };
        now[i] = q(meeting("now() - interval '1 hour'")).await;
        // next week, but in this month's board (the month of the meeting is this month)
        future[i] = q(meeting("now() + interval '2 days'")).await;
        review[i] = q(format!(
            "INSERT INTO attendance_reports (city_id, meeting_id, person_id, status, summary, submitted_at)
             SELECT city_id, id, {reporter}, 'submitted', 'Tóm tắt', now() FROM meetings WHERE id = {} RETURNING id",
            now[i]
        ))
        .await;
    }
    (now, future, review)
}

async fn fixture(app: &TestApp) -> Fx {
    second_city(app).await;
    let (now, future, review) = report_fixtures(app).await;
    let mut recs = [0; 3];
    let mut bodies = [0; 3];
    for (i, ward) in ["P1", "P2", "PK"].iter().enumerate() {
        bodies[i] = id(app, &format!("SELECT id FROM org_units WHERE code = 'UBND-{ward}'")).await;
        recs[i] = id(app, &format!(
            "INSERT INTO recommendations (city_id, client_key, ward_id, channel, content, domain, status, body_id, due_on, raised_on)
             SELECT w.city_id, gen_random_uuid(), w.id, 'letter', 'Kiến nghị kiểm thử', 'land', 'forwarded', {}, current_date + 10, current_date
             FROM org_units w WHERE w.kind = 'ward' AND w.code = '{ward}' RETURNING id",
            bodies[i]
        )).await;
    }
    Fx {
        recs,
        bodies,
        ward1: app.unit_id("P1", None).await,
        ward2: app.unit_id("P2", None).await,
        ward_k: id(app, "SELECT id FROM org_units WHERE code = 'PK'").await,
        cell1: id(app, "SELECT c.id FROM org_units c JOIN org_units w ON w.id = c.parent_id WHERE w.code = 'P1' AND c.kind = 'cell' AND c.active_to IS NULL ORDER BY c.id LIMIT 1").await,
        cell2: id(app, "SELECT c.id FROM org_units c JOIN org_units w ON w.id = c.parent_id WHERE w.code = 'P2' AND c.kind = 'cell' AND c.active_to IS NULL ORDER BY c.id LIMIT 1").await,
        cell_k: id(app, "SELECT id FROM org_units WHERE code = 'KP1' AND name = 'Chi bộ KAPPA 1'").await,
        group1: id(app, "SELECT id FROM working_groups WHERE name = 'Tổ công tác số 1'").await,
        group2: id(app, "SELECT id FROM working_groups WHERE name = 'Tổ công tác số 2'").await,
        group_k: id(app, "SELECT id FROM working_groups WHERE name = 'Tổ KAPPA'").await,
        person1: id(app, "SELECT person_id FROM accounts WHERE username = 'thanhvien'").await,
        person_k: id(app, "SELECT id FROM people WHERE full_name = 'Thành viên KAPPA 1'").await,
        account1: id(app, "SELECT id FROM accounts WHERE username = 'thanhvien'").await,
        account_admin: id(app, "SELECT id FROM accounts WHERE username = 'admin'").await,
        account_k: id(app, "SELECT id FROM accounts WHERE username = 'kappa'").await,
        now,
        future,
        review,
    }
}

type Form = Vec<(String, String)>;

fn form(pairs: &[(&str, String)]) -> Form {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// A valid request of `path` acting on `target`; `n` makes names unique. It reads the
/// database for current versions and free ids, so an allowed write succeeds every time.
async fn args(app: &TestApp, fx: &Fx, path: &str, target: Target, n: usize) -> Form {
    let pick = |own: i64, other: i64, k: i64| match target {
        Target::Own => own,
        Target::Other => other,
        Target::City2 => k,
    };
    let ward = pick(fx.ward1, fx.ward2, fx.ward_k);
    let group = pick(fx.group1, fx.group2, fx.group_k);
    let t = pick(0, 1, 2) as usize;
    let this_month = month_offset(0);
    let board_version = |month: String| async move {
        let v: Option<i32> = sqlx::query_scalar(
            "SELECT version FROM boards WHERE group_id = $1 AND month = ($2 || '-01')::date",
        )
        .bind(group)
        .bind(&month)
        .fetch_optional(&app.pool)
        .await
        .unwrap();
        v.unwrap_or(0).to_string()
    };
    match path {
        "/api/me" | "/api/logout" => vec![],
        "/api/login" => form(&[
            ("username", "thuongvu".into()),
            ("password", "demo2026".into()),
        ]),
        "/api/lang" => form(&[("lang", "en".into()), ("back", "/".into())]),
        "/api/org/tree" => form(&[("q", String::new())]),
        "/api/org/summary"
        | "/api/org/form-options"
        | "/api/accounts/list"
        | "/api/groups/list" => vec![],
        "/api/org/unit" => form(&[("id", pick(fx.cell1, fx.cell2, fx.cell_k).to_string())]),
        "/api/org/save" => form(&[
            ("kind", "cell".into()),
            ("parent_id", ward.to_string()),
            ("code", format!("AZ{n}")),
            ("name", format!("Chi bộ kiểm thử {n}")),
            ("residential", "on".into()),
            ("active_from", "2020-01-01".into()),
        ]),
        "/api/org/merge" => {
            let city: i64 = sqlx::query_scalar("SELECT city_id FROM org_units WHERE id = $1")
                .bind(ward)
                .fetch_one(&app.pool)
                .await
                .unwrap();
            let mut ids = vec![];
            for k in 0..2 {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO org_units (city_id, parent_id, kind, cell_kind, code, name, active_from)
                     VALUES ($1, $2, 'cell', 'residential', $3, $4, '2020-01-01') RETURNING id",
                )
                .bind(city)
                .bind(ward)
                .bind(format!("MZ{n}-{k}"))
                .bind(format!("Chi bộ gộp {n}-{k}"))
                .fetch_one(&app.pool)
                .await
                .unwrap();
                ids.push(id);
            }
            form(&[
                ("id", ids[0].to_string()),
                ("version", "1".into()),
                ("target_id", ids[1].to_string()),
                ("merged_on", "2025-07-01".into()),
            ])
        }
        "/api/accounts/get" => form(&[(
            "id",
            pick(fx.account1, fx.account_admin, fx.account_k).to_string(),
        )]),
        "/api/accounts/save" => {
            // Own and City2: a new ward staff account of that city's ward; Other: a new administrator.
            let role = if target == Target::Other {
                "admin"
            } else {
                "ward_staff"
            };
            form(&[
                ("username", format!("user{n}")),
                ("password", "Matkhau2026x".into()),
                ("role", role.into()),
                ("ward_id", ward.to_string()),
            ])
        }
        "/api/people/list" => form(&[("q", String::new())]),
        "/api/people/get" => form(&[("id", pick(fx.person1, 0, fx.person_k).to_string())]),
        "/api/people/save" => {
            let person = pick(fx.person1, 0, fx.person_k);
            let v = app.version("people", person).await;
            let name: String = sqlx::query_scalar("SELECT full_name FROM people WHERE id = $1")
                .bind(person)
                .fetch_one(&app.pool)
                .await
                .unwrap();
            form(&[
                ("id", person.to_string()),
                ("version", v.to_string()),
                ("full_name", name),
                ("active", "on".into()),
            ])
        }
        "/api/groups/get" => form(&[("id", group.to_string())]),
        "/api/groups/save" => {
            let (name, from, version, leader): (String, chrono::NaiveDate, i32, i64) = sqlx::query_as(
                "SELECT g.name, g.active_from, g.version, m.person_id FROM working_groups g
                 JOIN group_members m ON m.group_id = g.id AND m.role = 'leader' AND m.active_to IS NULL WHERE g.id = $1",
            )
            .bind(group)
            .fetch_one(&app.pool)
            .await
            .unwrap();
            form(&[
                ("id", group.to_string()),
                ("version", version.to_string()),
                ("name", name),
                ("active_from", from.to_string()),
                ("leader_id", leader.to_string()),
            ])
        }
        "/api/groups/add-member" => {
            let person: i64 = sqlx::query_scalar(
                "SELECT p.id FROM people p JOIN working_groups g ON g.city_id = p.city_id AND g.id = $1
                 WHERE NOT EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.person_id = p.id)
                 ORDER BY p.id LIMIT 1",
            )
            .bind(group)
            .fetch_one(&app.pool)
            .await
            .unwrap();
            form(&[
                ("group_id", group.to_string()),
                ("person_id", person.to_string()),
                ("role", "member".into()),
                ("active_from", "2026-01-01".into()),
            ])
        }
        "/api/groups/end-member" => {
            let member: i64 = sqlx::query_scalar(
                "SELECT id FROM group_members WHERE group_id = $1 AND role = 'member' AND active_to IS NULL
                   AND person_id <> (SELECT person_id FROM accounts WHERE username = 'thanhvien')
                 ORDER BY id LIMIT 1",
            )
            .bind(group)
            .fetch_one(&app.pool)
            .await
            .unwrap();
            form(&[
                ("member_id", member.to_string()),
                ("active_to", "2099-01-01".into()),
            ])
        }
        "/api/groups/follow-ward" => {
            let spare: i64 = sqlx::query_scalar(
                "SELECT w.id FROM org_units w JOIN working_groups g ON g.id = $1 AND g.city_id = w.city_id
                 WHERE w.kind = 'ward' AND NOT EXISTS (SELECT 1 FROM group_wards gw WHERE gw.ward_id = w.id)
                 ORDER BY w.id LIMIT 1",
            )
            .bind(group)
            .fetch_one(&app.pool)
            .await
            .unwrap();
            form(&[
                ("group_id", group.to_string()),
                ("ward_id", spare.to_string()),
                ("follow_from", "01/01/2026".into()),
            ])
        }
        "/api/groups/plan" => form(&[
            ("group_id", group.to_string()),
            ("body", format!("Kế hoạch {n}")),
        ]),
        "/api/board/get" => form(&[("group_id", group.to_string()), ("month", this_month)]),
        "/api/board/assign" => {
            let (cell, person): (i64, i64) = sqlx::query_as(
                "SELECT c.id, m.person_id FROM group_wards gw
                 JOIN org_units c ON c.parent_id = gw.ward_id AND c.kind = 'cell' AND c.active_to IS NULL
                 JOIN group_members m ON m.group_id = gw.group_id AND m.active_to IS NULL
                 WHERE gw.group_id = $1 AND gw.active_to IS NULL
                   AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.cell_id = c.id AND a.person_id = m.person_id
                                   AND a.month = ($2 || '-01')::date)
                 ORDER BY c.id, m.person_id LIMIT 1",
            )
            .bind(group)
            .bind(&this_month)
            .fetch_one(&app.pool)
            .await
            .unwrap();
            let v = board_version(this_month.clone()).await;
            form(&[
                ("group_id", group.to_string()),
                ("month", this_month),
                ("cell_id", cell.to_string()),
                ("person_id", person.to_string()),
                ("version", v),
            ])
        }
        "/api/board/unassign" => {
            let a: i64 = sqlx::query_scalar("SELECT id FROM assignments WHERE group_id = $1 AND month = ($2 || '-01')::date ORDER BY id LIMIT 1")
                .bind(group)
                .bind(&this_month)
                .fetch_one(&app.pool)
                .await
                .unwrap();
            let v = board_version(this_month.clone()).await;
            form(&[
                ("group_id", group.to_string()),
                ("month", this_month),
                ("assignment_id", a.to_string()),
                ("version", v),
            ])
        }
        "/api/board/copy" => {
            let v = board_version(this_month.clone()).await;
            form(&[
                ("group_id", group.to_string()),
                ("month", this_month),
                ("version", v),
            ])
        }
        "/api/board/reopen" => {
            let closed = month_offset(2);
            let v = board_version(closed.clone()).await;
            form(&[
                ("group_id", group.to_string()),
                ("month", closed),
                ("version", v),
                ("reason", "Bổ sung người dự thay".into()),
            ])
        }
        "/api/calendar/list" => form(&[("view", "month".into())]),
        "/api/calendar/ward-month" => {
            form(&[("ward_id", ward.to_string()), ("month", month_offset(-1))])
        }
        "/api/calendar/save-month" => {
            // A meeting of the ward's first cell next month, on a day of its own.
            let cell: i64 = sqlx::query_scalar("SELECT id FROM org_units WHERE parent_id = $1 AND kind = 'cell' AND active_to IS NULL ORDER BY id LIMIT 1")
                .bind(ward)
                .fetch_one(&app.pool)
                .await
                .unwrap();
            form(&[
                ("ward_id", ward.to_string()),
                ("month", month_offset(-1)),
                ("rows[0][cell_id]", cell.to_string()),
                ("rows[0][date]", (1 + n % 28).to_string()),
                ("rows[0][start]", "07:00".into()),
                ("rows[0][end]", "08:00".into()),
                ("rows[0][place]", "Nhà văn hóa".into()),
                ("rows[0][kind]", "extraordinary".into()),
            ])
        }
        "/api/meetings/get" => {
            let m: i64 = sqlx::query_scalar(
                "SELECT id FROM meetings WHERE ward_id = $1 ORDER BY id LIMIT 1",
            )
            .bind(ward)
            .fetch_one(&app.pool)
            .await
            .unwrap();
            form(&[("id", m.to_string())])
        }
        "/api/meetings/change" => {
            // A planned meeting of its own (next month, afternoon), postponed with a reason.
            let m: i64 = sqlx::query_scalar(
                "INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, status)
                 SELECT c.city_id, c.parent_id, c.id, 'extraordinary', date_trunc('month', now() + interval '7 hours' + interval '1 month')::date,
                        date_trunc('month', now() + interval '7 hours' + interval '1 month') + make_interval(days => $2 % 28, hours => 6),
                        date_trunc('month', now() + interval '7 hours' + interval '1 month') + make_interval(days => $2 % 28, hours => 7), 'planned'
                 FROM org_units c WHERE c.parent_id = $1 AND c.kind = 'cell' AND c.active_to IS NULL ORDER BY c.id LIMIT 1 RETURNING id",
            )
            .bind(ward)
            .bind(n as i32)
            .fetch_one(&app.pool)
            .await
            .unwrap();
            form(&[
                ("id", m.to_string()),
                ("version", "1".into()),
                ("action", "postpone".into()),
                ("reason", "Trùng lịch họp khác".into()),
            ])
        }
        "/api/ics/list"
        | "/api/busy/list"
        | "/api/notices/list"
        | "/api/notices/read"
        | "/api/notices/outbox"
        | "/upload/busy-ics" => vec![],
        "/api/calendar/findings" => form(&[("month", month_offset(0))]),
        "/api/calendar/lead-days" => form(&[("days", "3".into())]),
        "/api/meetings/briefing" => {
            let m: i64 = sqlx::query_scalar(
                "SELECT id FROM meetings WHERE ward_id = $1 ORDER BY id LIMIT 1",
            )
            .bind(ward)
            .fetch_one(&app.pool)
            .await
            .unwrap();
            let v: Option<i32> =
                sqlx::query_scalar("SELECT version FROM briefings WHERE meeting_id = $1")
                    .bind(m)
                    .fetch_optional(&app.pool)
                    .await
                    .unwrap();
            form(&[
                ("meeting_id", m.to_string()),
                ("version", v.unwrap_or(0).to_string()),
                ("local_issues", format!("Tình hình {n}")),
            ])
        }
        "/api/meetings/delete-file" | "/upload/meeting-file" | "/files/get" => {
            let m: i64 = sqlx::query_scalar(
                "SELECT id FROM meetings WHERE ward_id = $1 ORDER BY id LIMIT 1",
            )
            .bind(ward)
            .fetch_one(&app.pool)
            .await
            .unwrap();
            let f: i64 = sqlx::query_scalar(
                "INSERT INTO meeting_files (city_id, meeting_id, file_name, content_type, size_bytes, sha256, data)
                 SELECT city_id, id, 'bao-cao.pdf', 'application/pdf', 9, 'x', '%PDF-1.4 '::bytea FROM meetings WHERE id = $1 RETURNING id",
            )
            .bind(m)
            .fetch_one(&app.pool)
            .await
            .unwrap();
            form(&[("id", f.to_string()), ("meeting_id", m.to_string())])
        }
        "/api/busy/add" => form(&[
            ("date", "2099-01-05".into()),
            ("start", "08:00".into()),
            ("end", "09:00".into()),
            ("note", "Họp cơ quan".into()),
        ]),
        "/api/busy/delete" => {
            let owner = if target == Target::City2 {
                fx.person_k
            } else {
                fx.person1
            };
            let busy: i64 = sqlx::query_scalar(
                "INSERT INTO busy_times (city_id, person_id, starts_at, ends_at) SELECT city_id, id, now(), now() + interval '1 hour'
                 FROM people WHERE id = $1 RETURNING id",
            )
            .bind(owner)
            .fetch_one(&app.pool)
            .await
            .unwrap();
            form(&[("id", busy.to_string())])
        }
        "/api/meetings/substitute" => {
            // A meeting next month (afternoon, a day of its own) of the ward's first cell, a
            // member assigned to it, another member free to go instead.
            let (meeting, city, month, cell): (i64, i64, chrono::NaiveDate, i64) = sqlx::query_as(
                "INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, status)
                 SELECT c.city_id, c.parent_id, c.id, 'extraordinary', date_trunc('month', now() + interval '7 hours' + interval '1 month')::date,
                        date_trunc('month', now() + interval '7 hours' + interval '1 month') + make_interval(days => $2 % 28, hours => 8),
                        date_trunc('month', now() + interval '7 hours' + interval '1 month') + make_interval(days => $2 % 28, hours => 9), 'announced'
                 FROM org_units c WHERE c.parent_id = $1 AND c.kind = 'cell' AND c.active_to IS NULL ORDER BY c.id LIMIT 1
                 RETURNING id, city_id, month, cell_id",
            )
            .bind(ward)
            .bind(n as i32)
            .fetch_one(&app.pool)
            .await
            .unwrap();
            let members: Vec<i64> = sqlx::query_scalar(
                "SELECT gm.person_id FROM group_members gm JOIN group_wards gw ON gw.group_id = gm.group_id
                 WHERE gw.ward_id = $1 AND gw.active_to IS NULL AND gm.active_to IS NULL AND gm.role <> 'leader' ORDER BY gm.person_id",
            )
            .bind(ward)
            .fetch_all(&app.pool)
            .await
            .unwrap();
            sqlx::query(
                "INSERT INTO assignments (city_id, group_id, month, cell_id, person_id)
                 SELECT $1, gw.group_id, $2, $3, $4 FROM group_wards gw WHERE gw.ward_id = $5 AND gw.active_to IS NULL
                 ON CONFLICT DO NOTHING",
            )
            .bind(city)
            .bind(month)
            .bind(cell)
            .bind(members[0])
            .bind(ward)
            .execute(&app.pool)
            .await
            .unwrap();
            form(&[
                ("meeting_id", meeting.to_string()),
                ("person_id", members[0].to_string()),
                ("substitute_id", members[members.len() - 1].to_string()),
            ])
        }
        "/api/ics/create" | "/ics/get" => form(&[("ward_id", ward.to_string())]),
        "/api/ics/revoke" => {
            let maker = match target {
                Target::Own => "phuong1",
                Target::Other => "bantochuc",
                Target::City2 => "kappa",
            };
            let feed: i64 = sqlx::query_scalar(
                "INSERT INTO calendar_feeds (city_id, token_hash, ward_id, created_by)
                 SELECT a.city_id, md5(random()::text), $1, a.id FROM accounts a WHERE a.username = $2 RETURNING id",
            )
            .bind(ward)
            .bind(maker)
            .fetch_one(&app.pool)
            .await
            .unwrap();
            form(&[("id", feed.to_string())])
        }
        "/api/dashboard/data" => form(&[("ward", ward.to_string())]),
        "/api/periodic/list" | "/api/evaluation/table" | "/export/evaluation/xlsx" => vec![],
        "/api/review/draft" => form(&[("from", "2025-01".into()), ("to", "2025-12".into())]),
        "/export/review/docx" => form(&[("from", "2025-01".into()), ("to", "2025-12".into()), ("part_intro", "Mở đầu.".into()), ("draft", "on".into())]),
        "/export/evaluation/docx" => {
            let agency: i64 = sqlx::query_scalar(
                "SELECT p.home_unit_id FROM group_members gm JOIN people p ON p.id = gm.person_id
                 WHERE gm.group_id = $1 AND p.home_unit_id IS NOT NULL ORDER BY p.id LIMIT 1",
            )
            .bind(group)
            .fetch_one(&app.pool)
            .await
            .unwrap();
            form(&[("agency", agency.to_string())])
        }
        "/api/periodic/form" => form(&[("reporter", "ward".into()), ("id", ward.to_string()), ("period", month_offset(1))]),
        "/api/periodic/save" => {
            let period = month_offset(1);
            let v: Option<i32> = sqlx::query_scalar(
                "SELECT version FROM periodic_reports WHERE ward_id = $1 AND cadence = 'month' AND period_start = ($2 || '-01')::date",
            )
            .bind(ward)
            .bind(&period)
            .fetch_optional(&app.pool)
            .await
            .unwrap();
            form(&[
                ("reporter", "ward".into()),
                ("id", ward.to_string()),
                ("period", period),
                ("version", v.unwrap_or(0).to_string()),
                ("sections[0][key]", "socio_economic".into()),
                ("sections[0][text]", "Ổn định.".into()),
            ])
        }
        "/api/recs/list" | "/api/recs/new-options" | "/api/recs/templates" | "/api/recs/limits" => vec![],
        "/api/recs/limit-save" => {
            let (id, v): (i64, i32) = sqlx::query_as(
                "SELECT l.id, l.version FROM recommendation_time_limits l JOIN org_units w ON w.city_id = l.city_id
                 WHERE w.id = $1 AND l.kind = 'state' AND l.body_id IS NULL",
            )
            .bind(ward)
            .fetch_one(&app.pool)
            .await
            .unwrap();
            form(&[("id", id.to_string()), ("version", v.to_string()), ("working_days", "15".into())])
        }
        "/export/recommendations/csv" | "/export/recommendations/xlsx" => vec![],
        "/upload/recommendation-file" => form(&[("id", fx.recs[t].to_string())]),
        "/files/rec/get" => {
            let file: i64 = sqlx::query_scalar(
                "INSERT INTO recommendation_files (city_id, recommendation_id, file_name, content_type, size_bytes, sha256, data)
                 SELECT city_id, id, 'tra-loi.pdf', 'application/pdf', 9, 'x', '%PDF-1.4 '::bytea FROM recommendations WHERE id = $1 RETURNING id",
            )
            .bind(fx.recs[t])
            .fetch_one(&app.pool)
            .await
            .unwrap();
            form(&[("id", file.to_string())])
        }
        "/api/recs/get" => form(&[("id", fx.recs[t].to_string())]),
        // setting the body it has: allowed every time, changes nothing but the version
        "/api/recs/step" => form(&[
            ("id", fx.recs[t].to_string()),
            ("version", app.version("recommendations", fx.recs[t]).await.to_string()),
            ("action", "set_body".into()),
            ("body", fx.bodies[t].to_string()),
        ]),
        "/api/recs/bulk" => form(&[
            ("action", "set_body".into()),
            ("ids[]", format!("{}:{}", fx.recs[t], app.version("recommendations", fx.recs[t]).await)),
            ("body", fx.bodies[t].to_string()),
        ]),
        "/api/recs/new" => form(&[
            ("ward", ward.to_string()),
            ("content", format!("Kiến nghị qua đơn thư {n}")),
            ("domain", "security".into()),
            ("channel", "letter".into()),
            ("raised_on", "2026-01-05".into()),
        ]),
        "/api/recs/template-save" => form(&[
            ("body_id", fx.bodies[t].to_string()),
            ("title", format!("Mẫu {n}")),
            ("text", "Đã tiếp nhận và giao xử lý.".into()),
        ]),
        "/export/board/xlsx" | "/export/board/csv" => vec![],
        "/api/reports/meeting" | "/api/reports/check-in" | "/api/reports/of-meeting" => {
            form(&[("meeting_id", fx.now[t].to_string())])
        }
        "/api/reports/save" => {
            let v: Option<i32> = sqlx::query_scalar(
                "SELECT version FROM attendance_reports WHERE meeting_id = $1 AND person_id = $2",
            )
            .bind(fx.now[t])
            .bind(fx.person1)
            .fetch_optional(&app.pool)
            .await
            .unwrap();
            form(&[
                ("meeting_id", fx.now[t].to_string()),
                ("version", v.unwrap_or(0).to_string()),
                ("running_note", format!("Ghi chép {n}")),
                ("members_present", "20".into()),
            ])
        }
        "/api/reports/recommendation" => form(&[
            ("meeting_id", fx.now[t].to_string()),
            ("client_key", format!("00000000-0000-4000-8000-{n:012}")),
            ("content", format!("Đề nghị sửa đường {n}")),
            ("domain", "environment".into()),
        ]),
        "/api/reports/recommendation-withdraw" => {
            // thanhvien's own, new, in the meeting; his report there back to a draft
            sqlx::query(
                "UPDATE attendance_reports SET status = 'draft' WHERE meeting_id = $1
                   AND person_id = (SELECT person_id FROM accounts WHERE username = 'thanhvien')",
            )
            .bind(fx.now[t])
            .execute(&app.pool)
            .await
            .unwrap();
            let rec: i64 = sqlx::query_scalar(
                "INSERT INTO recommendations (city_id, client_key, meeting_id, ward_id, cell_id, content, domain, created_by)
                 SELECT m.city_id, gen_random_uuid(), m.id, m.ward_id, m.cell_id, 'Nhập nhầm', 'other',
                        (SELECT id FROM accounts WHERE username = 'thanhvien')
                 FROM meetings m WHERE m.id = $1 RETURNING id",
            )
            .bind(fx.now[t])
            .fetch_one(&app.pool)
            .await
            .unwrap();
            form(&[("meeting_id", fx.now[t].to_string()), ("id", rec.to_string())])
        }
        "/api/reports/absence" => form(&[
            ("meeting_id", fx.future[t].to_string()),
            ("reason", "illness".into()),
        ]),
        "/api/reports/attendance" => {
            let person: i64 = sqlx::query_scalar("SELECT person_id FROM meeting_expected WHERE meeting_id = $1 ORDER BY person_id LIMIT 1")
                .bind(fx.now[t])
                .fetch_one(&app.pool)
                .await
                .unwrap();
            form(&[
                ("meeting_id", fx.now[t].to_string()),
                ("rows[0][person]", person.to_string()),
                ("rows[0][attended]", "on".into()),
            ])
        }
        "/api/reports/review" => {
            // submitted again before every call, so an allowed review succeeds each time
            let v: i32 = sqlx::query_scalar("UPDATE attendance_reports SET status = 'submitted' WHERE id = $1 RETURNING version")
                .bind(fx.review[t])
                .fetch_one(&app.pool)
                .await
                .unwrap();
            form(&[
                ("report_id", fx.review[t].to_string()),
                ("version", v.to_string()),
                ("action", "return".into()),
                ("comment", "Bổ sung số liệu".into()),
            ])
        }
        "/api/reports/inbox" | "/api/reports/mine" => vec![],
        "/api/reports/criteria" => vec![],
        "/api/reports/criterion-save" => {
            let city_of = if target == Target::City2 { "kappa" } else { "admin" };
            let (id, v): (i64, i32) = sqlx::query_as(
                "SELECT c.id, c.version FROM rating_criteria c JOIN accounts a ON a.city_id = c.city_id
                 WHERE a.username = $1 AND c.code = 'preparation'",
            )
            .bind(city_of)
            .fetch_one(&app.pool)
            .await
            .unwrap();
            form(&[
                ("id", id.to_string()),
                ("version", v.to_string()),
                ("name_vi", format!("Công tác chuẩn bị {n}")),
                ("active", "on".into()),
            ])
        }
        "/api/workdays/year" => form(&[("year", "2031".into())]),
        "/api/workdays/change" => {
            let v: Option<i32> = sqlx::query_scalar("SELECT version FROM calendar_years WHERE year = 2031 AND city_id = (SELECT city_id FROM accounts WHERE username = 'admin')")
                .fetch_optional(&app.pool)
                .await
                .unwrap();
            form(&[
                ("year", "2031".into()),
                ("version", v.unwrap_or(1).to_string()),
                ("action", "set".into()),
                ("date", "2031-06-02".into()),
                ("kind", "day_off".into()),
                ("label", "Nghỉ bù".into()),
            ])
        }
        other => panic!("no arguments written for {other}: add them with its rows"),
    }
}

async fn call(
    app: &TestApp,
    fx: &Fx,
    path: &str,
    target: Target,
    cookie: Option<&str>,
    n: usize,
) -> Reply {
    let a = args(app, fx, path, target, n).await;
    if let Some(ext) = path.strip_prefix("/export/board/") {
        let group = match target {
            Target::Own => fx.group1,
            Target::Other => fx.group2,
            Target::City2 => fx.group_k,
        };
        return app
            .get(
                &format!("/export/board/{group}/{}/{ext}", month_offset(0)),
                cookie,
            )
            .await;
    }
    if path == "/upload/recommendation-file" {
        let id = &a.iter().find(|(k, _)| k == "id").unwrap().1;
        return app.upload_with(path, cookie, &[("id", id)], "file", "tra-loi.pdf", "%PDF-1.4 trả lời").await;
    }
    if path == "/files/rec/get" {
        let id = &a.iter().find(|(k, _)| k == "id").unwrap().1;
        return app.get(&format!("/files/rec/{id}"), cookie).await;
    }
    if path.starts_with("/export/recommendations/") {
        return app.get(path, cookie).await;
    }
    if path.starts_with("/export/evaluation/") {
        let query: Vec<String> = a.iter().map(|(k, v)| format!("{k}={v}")).collect();
        return app.get(&format!("{path}?{}", query.join("&")), cookie).await;
    }
    if path == "/upload/meeting-file" {
        let meeting = &a.iter().find(|(k, _)| k == "meeting_id").unwrap().1;
        return app
            .upload_with(
                path,
                cookie,
                &[("meeting_id", meeting)],
                "file",
                "bao-cao.pdf",
                "%PDF-1.4 tình hình",
            )
            .await;
    }
    if path == "/ics/get" {
        let maker = match target {
            Target::Own => Some("phuong1"),
            Target::Other => None,
            Target::City2 => Some("kappa"),
        };
        let feed = match maker {
            Some(user) => {
                let c = app.login(user).await;
                let r = app.post("/api/ics/create", Some(&c), &a.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>()).await;
                let location = r.location().unwrap_or_else(|| panic!("a feed made: {} {}", r.status, r.body));
                format!("/ics/{}.ics", location.split("new=").nth(1).unwrap())
            }
            None => "/ics/0000000000000000000000000000000000000000000.ics".to_string(),
        };
        return app.get(&feed, cookie).await;
    }
    if path == "/files/get" {
        let id = &a.iter().find(|(k, _)| k == "id").unwrap().1;
        return app.get(&format!("/files/{id}"), cookie).await;
    }
    if path == "/upload/busy-ics" {
        return app.upload(path, cookie, "file", "lich.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20990105T010000Z\r\nDTEND:20990105T020000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").await;
    }
    let pairs: Vec<(&str, &str)> = a.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post(path, cookie, &pairs).await
}

/// Every server function the app registers, as its path.
fn registered() -> BTreeSet<String> {
    leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect()
}

#[sqlx::test(migrations = "./migrations")]
async fn every_server_function_and_route_answers_each_role_as_the_table_says(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let fx = fixture(&app).await;

    // The table lists every registered server function, and nothing that is not one.
    let listed: BTreeSet<String> = TABLE
        .iter()
        .map(|r| r.path.to_string())
        .filter(|p| p.starts_with("/api/"))
        .collect();
    let registered = registered();
    let missing: Vec<_> = registered.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "server functions without rows in the authorization matrix: {missing:?}"
    );
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(
        stale.is_empty(),
        "rows for server functions that do not exist: {stale:?}"
    );
    // and every plain route (exports, uploads, files, feeds) has its rows too
    let rows: BTreeSet<&str> = TABLE.iter().map(|r| r.path).collect();
    let routes = to_cong_tac::server::router::plain_routes(&app.pool);
    let unlisted: Vec<&str> = routes.iter().map(|r| r.1).filter(|name| !rows.contains(name)).collect();
    assert!(unlisted.is_empty(), "plain routes without rows in the authorization matrix: {unlisted:?}");
    let plain: BTreeSet<&str> = routes.iter().map(|r| r.1).collect();
    let stale: Vec<&&str> = rows.iter().filter(|p| !p.starts_with("/api/") && !plain.contains(**p)).collect();
    assert!(stale.is_empty(), "rows for routes that do not exist: {stale:?}");

    let mut cookies = vec![None];
    for user in &CALLERS[1..] {
        cookies.push(Some(app.login(user).await));
    }

    let mut failures = vec![];
    let mut n = 0;
    for row in TABLE {
        for (target, expected) in [
            (Target::Own, row.own),
            (Target::Other, row.other),
            (Target::City2, row.city2),
        ] {
            if expected.is_empty() {
                continue;
            }
            let expected: Vec<&str> = expected.split_whitespace().collect();
            assert_eq!(
                expected.len(),
                CALLERS.len(),
                "{} {target:?}: one answer per caller",
                row.path
            );
            for (i, caller) in CALLERS.iter().enumerate() {
                n += 1;
                // Signing out ends the session: give that row a session of its own.
                let own_session = if row.path == "/api/logout" && i > 0 {
                    Some(app.login(caller).await)
                } else {
                    None
                };
                let cookie = own_session.as_deref().or(cookies[i].as_deref());
                let r = call(&app, &fx, row.path, target, cookie, n).await;
                let got = if r.ok() {
                    "ok".to_string()
                } else {
                    r.status.as_u16().to_string()
                };
                if got != expected[i] {
                    failures.push(format!(
                        "{} {target:?} as {caller}: expected {}, got {got} {}",
                        row.path,
                        expected[i],
                        r.body.chars().take(160).collect::<String>()
                    ));
                }
                // Nothing of one city reaches the other's accounts (a feed's secret is its
                // own permission: whoever holds it reads that feed).
                let leak = match *caller {
                    _ if row.path == "/ics/get" => None,
                    "kappa" => ["Hòa Giang", "hoagiang", "Đảng ủy Phường 1"]
                        .iter()
                        .find(|m| r.body.contains(*m)),
                    "-" => None,
                    _ => ["KAPPA"].iter().find(|m| r.body.contains(*m)),
                };
                if let Some(m) = leak {
                    failures.push(format!(
                        "{} {target:?} as {caller}: the answer contains {m:?} of the other city",
                        row.path
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} calls differ from the matrix:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A responder sees their body and its ward, not the city's other wards.
#[sqlx::test(migrations = "./migrations")]
async fn a_responder_sees_only_the_units_its_body_concerns(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("ubnd").await;
    let tree = app
        .post("/api/org/tree", Some(&cookie), &[("q", "")])
        .await
        .json();
    let wards: Vec<&str> = tree["wards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(wards, ["P1"]);
    let bodies: Vec<&str> = tree["bodies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["code"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["UBND-P1"]);
    let home = app.get("/", Some(&cookie)).await;
    assert_eq!(home.status, 200, "the home page renders for a responder");
    assert!(
        !home.body.contains("aria-label=\"summary\""),
        "no city figures for a responder"
    );
}

/// Every server function answers a malformed body with a 4xx and a readable message,
/// never a 5xx: not UTF-8, broken percent-encoding, over the size limit, wrong types,
/// nothing at all.
#[sqlx::test(migrations = "./migrations")]
async fn every_server_function_refuses_malformed_bodies(pool: PgPool) {
    use axum::body::Body;
    let app = TestApp::with_demo(pool).await;
    let fx = fixture(&app).await;
    let cookie = app.login("bantochuc").await;
    let raw = |path: &str, body: Vec<u8>| {
        http::Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .header("cookie", cookie.as_str())
            .body(Body::from(body))
            .expect("request")
    };
    let mut failures = vec![];
    for path in registered() {
        let readable = |r: &Reply| !r.error().0.is_empty();
        for (what, body, status) in [
            ("not UTF-8", b"id=\xff\xfe&month=\xc3".to_vec(), 400),
            ("bad percent-encoding", b"id=%zz&month=%E0%A4".to_vec(), 400),
            (
                "over 1 MB",
                format!("body={}", "a".repeat(1_100_000)).into_bytes(),
                413,
            ),
        ] {
            let r = app.raw(raw(&path, body)).await;
            if r.status.as_u16() != status || !readable(&r) {
                failures.push(format!(
                    "{path} {what}: {} {}",
                    r.status,
                    r.body.chars().take(120).collect::<String>()
                ));
            }
        }
        // Wrong types: every number of a valid request replaced by a word.
        let valid = args(&app, &fx, &path, Target::Own, 0).await;
        let has_number = valid.iter().any(|(_, v)| v.parse::<i64>().is_ok());
        let wrong: Vec<String> = valid
            .iter()
            .map(|(k, v)| format!("{k}={}", if v.parse::<i64>().is_ok() { "abc" } else { "x" }))
            .collect();
        for (what, body) in [("wrong types", wrong.join("&")), ("empty", String::new())] {
            let r = app.raw(raw(&path, body.into_bytes())).await;
            let bad = r.status.is_server_error()
                || (what == "wrong types" && has_number && !r.status.is_client_error());
            if bad || (r.status.is_client_error() && !readable(&r)) {
                failures.push(format!(
                    "{path} {what}: {} {}",
                    r.status,
                    r.body.chars().take(120).collect::<String>()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "malformed bodies answered wrongly:\n{}",
        failures.join("\n")
    );
}

/// Every text parameter of every server function, sent a NUL byte, 100 KB of text, and
/// decomposed (NFD) Vietnamese: the NUL is refused next to its field (422), the others are
/// taken or refused with a 4xx and a readable message, never a 5xx.
#[sqlx::test(migrations = "./migrations")]
async fn every_text_parameter_takes_nul_long_and_decomposed_text(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let fx = fixture(&app).await;
    let cookie = app.login("bantochuc").await;
    let long = "a".repeat(100_000);
    let nfd = "Phu\u{31b}o\u{31b}\u{300}ng ngâ\u{323}p";
    let mut failures = vec![];
    let mut sent = 0;
    for path in registered() {
        let valid = args(&app, &fx, &path, Target::Own, 0).await;
        for (i, (k, v)) in valid.iter().enumerate() {
            if v.parse::<i64>().is_ok() {
                continue;
            }
            for (what, text) in [("NUL", format!("{v}\u{0}")), ("100 KB", long.clone()), ("NFD", nfd.to_string())] {
                let mut form = valid.clone();
                form[i].1 = text;
                let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                let r = app.post(&path, Some(&cookie), &pairs).await;
                sent += 1;
                let readable = !r.ok() && !r.error().0.is_empty();
                let wrong = match what {
                    "NUL" => {
                        let field = if k.contains('[') { None } else { Some(k.clone()) };
                        r.status != 422 || r.error() != ("ControlChars".to_string(), field)
                    }
                    _ => r.status.is_server_error() || (r.status.is_client_error() && !readable),
                };
                if wrong {
                    failures.push(format!("{path} {k} {what}: {} {}", r.status, r.body.chars().take(160).collect::<String>()));
                }
            }
        }
    }
    assert!(sent > 100, "{sent} requests");
    assert!(failures.is_empty(), "text parameters answered wrongly:\n{}", failures.join("\n"));
}

/// A cross-site form post is refused before it reaches the server function.
#[sqlx::test(migrations = "./migrations")]
async fn a_post_from_another_site_is_refused(pool: PgPool) {
    use axum::body::Body;
    let app = TestApp::with_demo(pool).await;
    let cookie = app.login("bantochuc").await;
    let req = |origin: &str| {
        http::Request::post("/api/groups/plan")
            .header("host", "tct.example.vn")
            .header("origin", origin)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", cookie.as_str())
            .body(Body::from("group_id=1&body=x"))
            .expect("request")
    };
    let r = app.raw(req("https://evil.example.com")).await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.error().0, "CrossSite");
    let r = app.raw(req("https://tct.example.vn")).await;
    assert_ne!(r.status, 403, "same site passes: {}", r.body);
}
