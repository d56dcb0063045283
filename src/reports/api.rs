//! Server functions of the member at the meeting and of his report: the meeting page's
//! report panel, check-in, the capture and report (saved as a draft or submitted, from the
//! page or from the phone's offline queue), recommendations heard, an absence before the
//! meeting, and the ward's confirmation of who attended. Each: authorize → validate → one
//! transaction → audit.
//!
//! A phone that lost the network sends again what it had sent: every save carries a
//! `save_key` and a submission a `submit_key` (and every recommendation its own
//! `client_key`), so a retried request is answered as the first was and stored once.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::permissions::{can, ReportAction, ReportRelation},
    crate::auth::session::require_me,
    crate::auth::Me,
    crate::calendar::permissions::{can as can_meeting, MeetingAction},
    crate::error::AppResult,
    crate::i18n::Msg,
    crate::server::{audit, input, pool, respond},
    chrono::{DateTime, Duration, NaiveDate, Utc},
    sqlx::{PgConnection, PgPool},
};

/// The facts of a meeting the rules here need.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone)]
pub struct MeetingFacts {
    pub id: i64,
    pub city_id: i64,
    pub ward_id: i64,
    pub cell_id: Option<i64>,
    pub status: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// its date in Vietnam
    pub day: NaiveDate,
    pub cell_members: Option<i32>,
}

#[cfg(feature = "ssr")]
impl MeetingFacts {
    pub fn is_off(&self) -> bool {
        matches!(self.status.as_str(), "cancelled" | "postponed")
    }
}

#[cfg(feature = "ssr")]
pub async fn meeting_facts<'e>(
    db: impl sqlx::PgExecutor<'e>,
    me: &Me,
    id: i64,
) -> AppResult<MeetingFacts> {
    let row: Option<(
        i64,
        i64,
        i64,
        Option<i64>,
        String,
        DateTime<Utc>,
        DateTime<Utc>,
        NaiveDate,
        Option<i16>,
    )> = sqlx::query_as(
        "SELECT m.id, m.city_id, m.ward_id, m.cell_id, m.status, m.starts_at, m.ends_at,
                (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, c.party_members
         FROM meetings m LEFT JOIN org_units c ON c.id = m.cell_id
         WHERE m.id = $1 AND m.city_id = $2",
    )
    .bind(id)
    .bind(me.city_id)
    .fetch_optional(db)
    .await?;
    let r = row.ok_or_else(AppError::not_found)?;
    Ok(MeetingFacts {
        id: r.0,
        city_id: r.1,
        ward_id: r.2,
        cell_id: r.3,
        status: r.4,
        starts_at: r.5,
        ends_at: r.6,
        day: r.7,
        cell_members: r.8.map(i32::from),
    })
}

/// The caller's relation to a meeting's reports.
#[cfg(feature = "ssr")]
pub async fn relation(pool: &PgPool, me: &Me, m: &MeetingFacts) -> AppResult<ReportRelation> {
    let is_author = match me.person_id {
        Some(p) => sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM meeting_expected WHERE meeting_id = $1 AND person_id = $2)")
            .bind(m.id)
            .bind(p)
            .fetch_one(pool)
            .await?,
        None => false,
    };
    let leads_group = me.role == crate::auth::Role::GroupLeader
        && crate::calendar::clash::leads_meeting_group(pool, me, m.id).await?;
    Ok(ReportRelation {
        is_author,
        leads_group,
        is_my_ward: me.ward_scope() == Some(m.ward_id),
    })
}

/// The author's report row, when he has one: (id, status, version, save_key, submit_key).
#[cfg(feature = "ssr")]
type ReportState = (i64, String, i32, Option<String>, Option<String>);

/// The author's report row, locked for this transaction, and whether it was made just now.
/// The row is made first when there is none (`ON CONFLICT DO NOTHING`), so that the same
/// first save sent twice at once waits on one row instead of both inserting it: the copy
/// then finds the first one's keys and is answered as it was.
#[cfg(feature = "ssr")]
async fn report_state(
    tx: &mut PgConnection,
    city_id: i64,
    meeting_id: i64,
    person_id: i64,
) -> AppResult<(ReportState, bool)> {
    let made: Option<i64> = sqlx::query_scalar(
        "INSERT INTO attendance_reports (city_id, meeting_id, person_id) VALUES ($1, $2, $3)
         ON CONFLICT (meeting_id, person_id) DO NOTHING RETURNING id",
    )
    .bind(city_id)
    .bind(meeting_id)
    .bind(person_id)
    .fetch_optional(&mut *tx)
    .await?;
    let state: ReportState = sqlx::query_as(
        "SELECT id, status, version, save_key::text, submit_key::text FROM attendance_reports
         WHERE meeting_id = $1 AND person_id = $2 FOR UPDATE",
    )
    .bind(meeting_id)
    .bind(person_id)
    .fetch_one(&mut *tx)
    .await?;
    Ok((state, made.is_some()))
}

#[cfg(feature = "ssr")]
async fn absence_of(
    db: &mut PgConnection,
    meeting_id: i64,
    person_id: i64,
) -> AppResult<Option<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT reason, note FROM meeting_absences WHERE meeting_id = $1 AND person_id = $2",
    )
    .bind(meeting_id)
    .bind(person_id)
    .fetch_optional(&mut *db)
    .await?)
}


/// Checks that the caller may write his report of this meeting now: a cell meeting that
/// is on, at which he is expected and from which he did not report absent.
#[cfg(feature = "ssr")]
async fn writable(pool: &PgPool, me: &Me, meeting_id: i64) -> AppResult<(MeetingFacts, i64)> {
    let m = meeting_facts(pool, me, meeting_id).await?;
    let rel = relation(pool, me, &m).await?;
    let person = me.person_id.ok_or_else(AppError::forbidden)?;
    if !can(me, rel, ReportAction::Write) {
        return Err(AppError::new(
            crate::error::ErrorKind::Forbidden,
            Msg::NotYourMeeting,
        ));
    }
    if m.cell_id.is_none() {
        return Err(AppError::invalid(Msg::NotACellMeeting));
    }
    if m.is_off() {
        return Err(AppError::invalid(Msg::MeetingNotOn));
    }
    Ok((m, person))
}

/// A report (and the capture that goes with it) changes only while it is a draft or
/// returned: submitted, it waits for the Organization Board; acknowledged, it is locked.
#[cfg(feature = "ssr")]
fn editable(status: &str) -> AppResult<()> {
    match status {
        "acknowledged" => Err(AppError::invalid(Msg::ReportLocked)),
        "submitted" => Err(AppError::invalid(Msg::ReportSubmitted)),
        _ => Ok(()),
    }
}

#[cfg(feature = "ssr")]
#[derive(sqlx::FromRow)]
struct ReportRow {
    id: i64,
    meeting_id: i64,
    person: String,
    status: String,
    version: i32,
    checked_in_at: Option<DateTime<Utc>>,
    running_note: String,
    members_present: Option<i16>,
    members_total: Option<i16>,
    informed: bool,
    oriented: bool,
    commented: bool,
    summary: String,
    information_given: String,
    orientation: String,
    contributions: String,
    ideology: String,
    complex_issues: String,
    complex_confidential: bool,
    overall_level: Option<i16>,
    submitted_at: Option<DateTime<Utc>>,
    reviewed_at: Option<DateTime<Utc>>,
    review_comment: Option<String>,
}

#[cfg(feature = "ssr")]
pub async fn load_report(pool: &PgPool, id: i64, show_confidential: bool) -> AppResult<Report> {
    Ok(load_report_at(pool, id, show_confidential).await?.0)
}

/// A report and the moment it was submitted.
#[cfg(feature = "ssr")]
async fn load_report_at(pool: &PgPool, id: i64, show_confidential: bool) -> AppResult<(Report, Option<DateTime<Utc>>)> {
    let r: ReportRow = sqlx::query_as(
        "SELECT r.id, r.meeting_id, p.full_name AS person, r.status, r.version, r.checked_in_at, r.running_note, r.members_present,
                r.members_total, r.informed, r.oriented, r.commented, r.summary, r.information_given, r.orientation,
                r.contributions, r.ideology, r.complex_issues, r.complex_confidential, r.overall_level, r.submitted_at,
                r.reviewed_at, r.review_comment
         FROM attendance_reports r JOIN people p ON p.id = r.person_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await?;
    let ratings: Vec<(i64, i16)> = sqlx::query_as(
        "SELECT criterion_id, level FROM report_ratings WHERE report_id = $1 ORDER BY criterion_id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let hidden = r.complex_confidential && !show_confidential;
    let submitted = r.submitted_at;
    let report = Report {
        id: r.id,
        meeting_id: r.meeting_id,
        person: r.person,
        status: r.status,
        version: r.version,
        checked_in_at: r.checked_in_at.map(|t| {
            crate::helpers::in_vietnam(t)
                .format("%H:%M %d/%m/%Y")
                .to_string()
        }),
        running_note: r.running_note,
        members_present: r.members_present.map(i32::from),
        members_total: r.members_total.map(i32::from),
        informed: r.informed,
        oriented: r.oriented,
        commented: r.commented,
        summary: r.summary,
        information_given: r.information_given,
        orientation: r.orientation,
        contributions: r.contributions,
        ideology: r.ideology,
        complex_issues: if hidden {
            String::new()
        } else {
            r.complex_issues
        },
        complex_confidential: r.complex_confidential,
        complex_hidden: hidden,
        overall_level: r.overall_level,
        ratings,
        submitted_at: r.submitted_at.map(crate::helpers::fmt_datetime),
        reviewed_at: r.reviewed_at.map(crate::helpers::fmt_datetime),
        review_comment: r.review_comment,
        due: None,
        late_by: 0,
    };
    Ok((report, submitted))
}

#[cfg(feature = "ssr")]
type RecRow = (i64, String, String, String, String, NaiveDate, String, String, String, i32);

#[cfg(feature = "ssr")]
fn rec(r: RecRow) -> Recommendation {
    Recommendation {
        id: r.0,
        raised_by: r.1,
        content: r.2,
        domain: r.3,
        status: r.4,
        raised_on: crate::helpers::fmt_date(r.5),
        key: r.6,
        body: r.7,
        answer: r.8,
        version: r.9,
    }
}

/// The report panel of a meeting page.
#[server(endpoint = "reports/meeting")]
pub async fn meeting_reports(meeting_id: i64) -> Result<ReportPanelData, AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let m = meeting_facts(&pool, &me, meeting_id).await?;
        let rel = relation(&pool, &me, &m).await?;
        let ward_rel = crate::calendar::meeting::ward_relation(&pool, &me, m.ward_id, m.day, m.day.succ_opt().unwrap_or(m.day)).await?;
        if !rel.is_author && !can_meeting(&me, ward_rel, MeetingAction::Read) {
            return Err(AppError::forbidden());
        }
        let now = Utc::now();
        let is_cell = m.cell_id.is_some();
        let author = can(&me, rel, ReportAction::Write) && is_cell;
        let mut out = ReportPanelData {
            meeting_id,
            is_cell_meeting: is_cell,
            is_author: author,
            started: now >= m.starts_at,
            off: m.is_off(),
            cell_members: m.cell_members,
            submit_key: input::new_key(),
            ..Default::default()
        };
        if !is_cell {
            return Ok(out);
        }
        let cal = crate::workdays::api::load_from(&pool, m.city_id, m.day, m.day).await?;
        out.due = Some(super::rule::report_due(&cal, m.day));
        out.criteria = sqlx::query_as::<_, (i64, String, String)>(
            "SELECT id, name_vi, name_en FROM rating_criteria WHERE city_id = $1 AND active ORDER BY position, id",
        )
        .bind(m.city_id)
        .fetch_all(&pool)
        .await?
        .into_iter()
        .map(|(id, name_vi, name_en)| Criterion { id, name_vi, name_en })
        .collect();
        out.open_recommendations = sqlx::query_as::<_, RecRow>(
            "SELECT r.id, r.raised_by, r.content, r.domain, r.status, r.raised_on, r.client_key::text,
                    COALESCE((SELECT name FROM org_units WHERE id = r.body_id), ''), r.answer, r.version
             FROM recommendations r LEFT JOIN meetings om ON om.id = r.meeting_id
             WHERE r.cell_id = $1 AND r.deleted_at IS NULL AND r.status NOT IN ('closed', 'refused', 'merged')
               AND (r.meeting_id IS NULL OR r.meeting_id <> $2) AND COALESCE(om.starts_at, r.created_at) < $3
             ORDER BY r.status = 'answered' DESC, r.created_at DESC LIMIT 50",
        )
        .bind(m.cell_id)
        .bind(meeting_id)
        .bind(m.starts_at)
        .fetch_all(&pool)
        .await?
        .into_iter()
        .map(rec)
        .collect();
        if author {
            let person = me.person_id.unwrap_or(-1);
            let mut conn = pool.acquire().await?;
            out.my_absence = absence_of(&mut conn, meeting_id, person).await?;
            drop(conn);
            let report_id: Option<i64> = sqlx::query_scalar("SELECT id FROM attendance_reports WHERE meeting_id = $1 AND person_id = $2")
                .bind(meeting_id)
                .bind(person)
                .fetch_optional(&pool)
                .await?;
            if let Some(id) = report_id {
                let mut r = load_report(&pool, id, true).await?;
                r.due = out.due;
                out.mine = Some(r);
            }
            out.my_recommendations = sqlx::query_as::<_, RecRow>(
                "SELECT r.id, r.raised_by, r.content, r.domain, r.status, $3::date, r.client_key::text, '', '', r.version FROM recommendations r
                 WHERE r.meeting_id = $1 AND r.created_by = $2 AND r.deleted_at IS NULL ORDER BY r.id",
            )
            .bind(meeting_id)
            .bind(me.account_id)
            .bind(m.day)
            .fetch_all(&pool)
            .await?
            .into_iter()
            .map(rec)
            .collect();
            out.can_check_in = !out.off
                && out.my_absence.is_none()
                && now >= m.starts_at - Duration::hours(2)
                && now <= m.ends_at + Duration::hours(6)
                && out.mine.as_ref().is_none_or(|r| r.checked_in_at.is_none());
            out.can_report_absence = !out.off && now < m.starts_at;
        }
        out.can_confirm = can(&me, rel, ReportAction::ConfirmAttendance);
        out.can_review = can(&me, rel, ReportAction::Review);
        out.can_read_reports = can(&me, rel, ReportAction::Read);
        if out.can_confirm || can(&me, rel, ReportAction::Read) {
            out.attendance = attendance_lines(&pool, meeting_id).await?;
        }
        Ok(out)
    })
    .await
}

#[cfg(feature = "ssr")]
async fn attendance_lines(pool: &PgPool, meeting_id: i64) -> AppResult<Vec<AttendanceLine>> {
    let rows: Vec<(
        i64,
        String,
        Option<DateTime<Utc>>,
        Option<bool>,
        Option<String>,
        Option<String>,
        Option<i64>,
    )> = sqlx::query_as(
        "SELECT p.id, p.full_name, r.checked_in_at, a.attended, ab.reason, r.status, r.id
         FROM (SELECT DISTINCT person_id FROM meeting_expected WHERE meeting_id = $1) e
         JOIN people p ON p.id = e.person_id
         LEFT JOIN attendance_reports r ON r.meeting_id = $1 AND r.person_id = p.id
         LEFT JOIN meeting_attendance a ON a.meeting_id = $1 AND a.person_id = p.id
         LEFT JOIN meeting_absences ab ON ab.meeting_id = $1 AND ab.person_id = p.id
         ORDER BY p.full_name",
    )
    .bind(meeting_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AttendanceLine {
            person_id: r.0,
            name: r.1,
            checked_in: r
                .2
                .map(|t| crate::helpers::in_vietnam(t).format("%H:%M").to_string()),
            ward_says: r.3,
            absence: r.4,
            report_status: match r.5.as_deref() {
                None | Some("draft") => "missing".to_string(),
                Some(s) => s.to_string(),
            },
            report_id: r.6,
        })
        .collect())
}

/// The member arrives: his arrival time is kept (the first one, if he taps twice). A
/// phone that was offline sends the moment of the tap (`at`, RFC 3339), which must fall in
/// the check-in window and not in the future.
#[server(endpoint = "reports/check-in")]
pub async fn check_in(
    meeting_id: i64,
    #[server(default)] at: Option<String>,
) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let (m, person) = writable(&pool, &me, meeting_id).await?;
        let now = Utc::now();
        let at = match at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => now,
            Some(s) => DateTime::parse_from_rfc3339(s)
                .map(|t| t.with_timezone(&Utc))
                .ok()
                .filter(|t| *t <= now + Duration::minutes(5))
                .ok_or_else(|| AppError::field("at", Msg::BadTime))?
                .min(now),
        };
        if at < m.starts_at - Duration::hours(2) || at > m.ends_at + Duration::hours(6) {
            return Err(AppError::invalid(Msg::CheckInWindow));
        }
        let mut tx = pool.begin().await?;
        if absence_of(&mut tx, meeting_id, person).await?.is_some() {
            return Err(AppError::invalid(Msg::ReportedAbsent));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO attendance_reports (city_id, meeting_id, person_id, checked_in_at, members_total)
             VALUES ($1, $2, $3, $5, $4)
             ON CONFLICT (meeting_id, person_id) DO UPDATE
                 SET checked_in_at = LEAST(COALESCE(attendance_reports.checked_in_at, $5), $5), updated_at = now()
             RETURNING id",
        )
        .bind(m.city_id)
        .bind(meeting_id)
        .bind(person)
        .bind(m.cell_members.map(|n| n as i16))
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        audit::record(&mut tx, me.city_id, Some(me.account_id), "check_in", audit::Entity::Report, id, None).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{meeting_id}?saved=1#report"));
        Ok(())
    })
    .await
}

/// One criterion's level as the form sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RatingInput {
    pub criterion: String,
    #[serde(default)]
    pub level: Option<String>,
}

use serde::{Deserialize, Serialize};

/// Saves the member's capture and report as a draft, or submits it (`submit` set). The
/// answer is the report's new version. A save or submission sent again with the same key
/// (the phone retrying after a timeout) is answered with the version it already made.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "reports/save")]
pub async fn save_report(
    meeting_id: i64,
    version: String,
    #[server(default)] save_key: Option<String>,
    #[server(default)] submit: Option<String>,
    #[server(default)] submit_key: Option<String>,
    #[server(default)] running_note: Option<String>,
    #[server(default)] members_present: Option<String>,
    #[server(default)] members_total: Option<String>,
    #[server(default)] informed: Option<String>,
    #[server(default)] oriented: Option<String>,
    #[server(default)] commented: Option<String>,
    #[server(default)] summary: Option<String>,
    #[server(default)] information_given: Option<String>,
    #[server(default)] orientation: Option<String>,
    #[server(default)] contributions: Option<String>,
    #[server(default)] ideology: Option<String>,
    #[server(default)] complex_issues: Option<String>,
    #[server(default)] complex_confidential: Option<String>,
    #[server(default)] overall_level: Option<String>,
    #[server(default)] ratings: Vec<RatingInput>,
) -> Result<i32, AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let (m, person) = writable(&pool, &me, meeting_id).await?;
        let version = input::version(Some(&version))?;
        let submit = input::checkbox(&submit);
        let save_key = match save_key.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(k) => Some(input::client_key("save_key", k)?),
            None => None,
        };
        let submit_key = match submit_key.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(k) => Some(input::client_key("submit_key", k)?),
            None => None,
        };
        let mut errors: Vec<(String, Msg)> = Vec::new();
        let mut text = |field: &str, v: &Option<String>, max: u32| match input::optional(field, v.as_deref().unwrap_or(""), max) {
            Ok(s) => s,
            Err(e) => {
                errors.push((field.to_string(), e.msg));
                String::new()
            }
        };
        let running_note = text("running_note", &running_note, 20_000);
        let summary = text("summary", &summary, 10_000);
        let information_given = text("information_given", &information_given, 10_000);
        let orientation = text("orientation", &orientation, 10_000);
        let contributions = text("contributions", &contributions, 10_000);
        let ideology = text("ideology", &ideology, 10_000);
        let complex_issues = text("complex_issues", &complex_issues, 10_000);
        let number = |field: &str, v: &Option<String>, errors: &mut Vec<(String, Msg)>| -> Option<i32> {
            let s = v.as_deref().unwrap_or("").trim();
            if s.is_empty() {
                return None;
            }
            match s.parse::<i32>() {
                Ok(n) if (0..=5000).contains(&n) => Some(n),
                _ => {
                    errors.push((field.to_string(), Msg::BadNumber));
                    None
                }
            }
        };
        let present = number("members_present", &members_present, &mut errors);
        // the cell's own count, when the city keeps it, is the total
        let total = m.cell_members.or_else(|| number("members_total", &members_total, &mut errors));
        if let (Some(p), Some(t)) = (present, total) {
            if p > t {
                errors.push(("members_present".into(), Msg::PresentOverTotal(t as u32)));
            }
        }
        let level = |field: &str, v: Option<&str>, errors: &mut Vec<(String, Msg)>| -> Option<i16> {
            let s = v.unwrap_or("").trim();
            if s.is_empty() {
                return None;
            }
            match s.parse::<i16>() {
                Ok(n) if (1..=4).contains(&n) => Some(n),
                _ => {
                    errors.push((field.to_string(), Msg::LevelRange));
                    None
                }
            }
        };
        let overall = level("overall_level", overall_level.as_deref(), &mut errors);
        let criteria: Vec<i64> = sqlx::query_scalar("SELECT id FROM rating_criteria WHERE city_id = $1 AND active ORDER BY position, id")
            .bind(m.city_id)
            .fetch_all(&pool)
            .await?;
        let mut levels: Vec<(i64, i16)> = Vec::new();
        for r in &ratings {
            let Some(id) = r.criterion.trim().parse::<i64>().ok().filter(|id| criteria.contains(id)) else {
                errors.push(("ratings".into(), Msg::UnknownCriterion));
                continue;
            };
            if let Some(l) = level(&format!("rating-{id}"), r.level.as_deref(), &mut errors) {
                levels.retain(|(c, _)| *c != id);
                levels.push((id, l));
            }
        }
        if submit {
            if Utc::now() < m.starts_at {
                errors.push(("submit".into(), Msg::NotYetHeld));
            }
            if summary.is_empty() {
                errors.push(("summary".into(), Msg::Required));
            }
            if present.is_none() && !errors.iter().any(|(f, _)| f == "members_present") {
                errors.push(("members_present".into(), Msg::Required));
            }
            if total.is_none() && !errors.iter().any(|(f, _)| f == "members_total") {
                errors.push(("members_total".into(), Msg::Required));
            }
            if overall.is_none() && !errors.iter().any(|(f, _)| f == "overall_level") {
                errors.push(("overall_level".into(), Msg::Required));
            }
            for id in &criteria {
                let field = format!("rating-{id}");
                if !levels.iter().any(|(c, _)| c == id) && !errors.iter().any(|(f, _)| *f == field) {
                    errors.push((field, Msg::Required));
                }
            }
        }
        let mut tx = pool.begin().await?;
        if absence_of(&mut tx, meeting_id, person).await?.is_some() {
            return Err(AppError::invalid(Msg::ReportedAbsent));
        }
        let (row, made_now) = report_state(&mut tx, m.city_id, meeting_id, person).await?;
        let state = (!made_now).then_some(row.clone());
        // the same request again: answer as the first time
        if let Some((_, status, current, stored_save, stored_submit)) = &state {
            let replayed_submit = submit && submit_key.is_some() && *stored_submit == submit_key && status != "returned";
            let replayed_save = !submit && save_key.is_some() && *stored_save == save_key && status != "acknowledged";
            if replayed_submit || replayed_save {
                return Ok(*current);
            }
            editable(status)?;
            // a row only the check-in or a recommendation made (never saved) holds nothing a
            // save could overwrite: a phone that has not seen it yet (version 0) may save
            if *current != version && !(version == 0 && stored_save.is_none()) {
                return Err(AppError::conflict());
            }
        } else if version != 0 {
            return Err(AppError::conflict());
        }
        if let Some(e) = AppError::fields(errors) {
            return Err(e);
        }
        let before = match &state {
            Some((id, ..)) => audit::snapshot(&mut tx, audit::Entity::Report, *id).await?,
            None => None,
        };
        let id: i64 = row.0;
        let new_version: i32 = sqlx::query_scalar(
            "UPDATE attendance_reports SET
                 running_note = $2, members_present = $3, members_total = $4, informed = $5, oriented = $6, commented = $7,
                 summary = $8, information_given = $9, orientation = $10, contributions = $11, ideology = $12,
                 complex_issues = $13, complex_confidential = $14, overall_level = $15, save_key = $16::uuid,
                 status = CASE WHEN $17 THEN 'submitted' ELSE status END,
                 submitted_at = CASE WHEN $17 THEN now() ELSE submitted_at END,
                 submit_key = CASE WHEN $17 THEN $18::uuid ELSE submit_key END,
                 version = version + 1, updated_at = now()
             WHERE id = $1 RETURNING version",
        )
        .bind(id)
        .bind(&running_note)
        .bind(present.map(|n| n as i16))
        .bind(total.map(|n| n as i16))
        .bind(input::checkbox(&informed))
        .bind(input::checkbox(&oriented))
        .bind(input::checkbox(&commented))
        .bind(&summary)
        .bind(&information_given)
        .bind(&orientation)
        .bind(&contributions)
        .bind(&ideology)
        .bind(&complex_issues)
        .bind(input::checkbox(&complex_confidential))
        .bind(overall)
        .bind(&save_key)
        .bind(submit)
        .bind(&submit_key)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM report_ratings WHERE report_id = $1").bind(id).execute(&mut *tx).await?;
        let (ids, lv): (Vec<i64>, Vec<i16>) = levels.into_iter().unzip();
        sqlx::query("INSERT INTO report_ratings (report_id, criterion_id, level) SELECT $1, c, l FROM unnest($2::bigint[], $3::smallint[]) AS t(c, l)")
            .bind(id)
            .bind(&ids)
            .bind(&lv)
            .execute(&mut *tx)
            .await?;
        audit::record(&mut tx, me.city_id, Some(me.account_id), if submit { "submit" } else { "save" }, audit::Entity::Report, id, before).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{meeting_id}?saved=1#report"));
        Ok(new_version)
    })
    .await
}

/// A recommendation heard at the meeting. Its `client_key` (made by the phone) makes a
/// capture synced twice one recommendation.
#[server(endpoint = "reports/recommendation")]
pub async fn add_recommendation(
    meeting_id: i64,
    client_key: String,
    #[server(default)] raised_by: Option<String>,
    #[server(default)] content: Option<String>,
    #[server(default)] domain: Option<String>,
) -> Result<i64, AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let (m, person) = writable(&pool, &me, meeting_id).await?;
        let key = input::client_key("client_key", &client_key)?;
        let mut errors = Vec::new();
        let raised_by = input::optional("raised_by", raised_by.as_deref().unwrap_or(""), 200).unwrap_or_else(|e| {
            errors.push(("raised_by".to_string(), e.msg));
            String::new()
        });
        let content = input::required("content", content.as_deref().unwrap_or(""), 5000).unwrap_or_else(|e| {
            errors.push(("content".to_string(), e.msg));
            String::new()
        });
        let domain = domain.unwrap_or_default();
        if !DOMAINS.contains(&domain.as_str()) {
            errors.push(("domain".to_string(), Msg::UnknownDomain));
        }
        let mut tx = pool.begin().await?;
        // the same capture sent twice at once: the copy waits here, then finds the first
        crate::server::lock_key(&mut tx, &format!("recommendation:{key}")).await?;
        // sent before: the same answer
        let known: Option<(i64, i64, Option<i64>)> =
            sqlx::query_as("SELECT id, COALESCE(meeting_id, -1), created_by FROM recommendations WHERE client_key = $1::uuid")
                .bind(&key)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some((id, meeting, by)) = known {
            if meeting == meeting_id && by == Some(me.account_id) {
                return Ok(id);
            }
            return Err(AppError::field("client_key", Msg::BadRequest));
        }
        if let Some(e) = AppError::fields(errors) {
            return Err(e);
        }
        if absence_of(&mut tx, meeting_id, person).await?.is_some() {
            return Err(AppError::invalid(Msg::ReportedAbsent));
        }
        let report: i64 = sqlx::query_scalar(
            "INSERT INTO attendance_reports (city_id, meeting_id, person_id, members_total) VALUES ($1, $2, $3, $4)
             ON CONFLICT (meeting_id, person_id) DO UPDATE SET updated_at = attendance_reports.updated_at RETURNING id",
        )
        .bind(m.city_id)
        .bind(meeting_id)
        .bind(person)
        .bind(m.cell_members.map(|n| n as i16))
        .fetch_one(&mut *tx)
        .await?;
        let status: String = sqlx::query_scalar("SELECT status FROM attendance_reports WHERE id = $1 FOR UPDATE").bind(report).fetch_one(&mut *tx).await?;
        editable(&status)?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO recommendations (city_id, client_key, meeting_id, report_id, ward_id, cell_id, raised_by, content, domain, created_by,
                                          kind, raised_on)
             VALUES ($1, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10,
                     CASE WHEN $9 = 'party_building' THEN 'party' ELSE 'state' END, $11)
             ON CONFLICT (client_key) DO NOTHING RETURNING id",
        )
        .bind(m.city_id)
        .bind(&key)
        .bind(meeting_id)
        .bind(report)
        .bind(m.ward_id)
        .bind(m.cell_id)
        .bind(&raised_by)
        .bind(&content)
        .bind(&domain)
        .bind(me.account_id)
        .bind(m.day)
        .fetch_optional(&mut *tx)
        .await?;
        // the key is locked above, so only another's item can hold it here
        let Some(id) = id else {
            return Err(AppError::field("client_key", Msg::BadRequest));
        };
        crate::recommendations::api::add_step(&mut tx, &me, id, "raise", None, "new", None, "").await?;
        audit::record(&mut tx, me.city_id, Some(me.account_id), "create", audit::Entity::Recommendation, id, None).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{meeting_id}?saved=1#report"));
        Ok(id)
    })
    .await
}

/// A member takes back a recommendation he captured by mistake, while his report is not
/// yet submitted and nobody has taken the recommendation further. Nothing is deleted: it is
/// marked withdrawn (`deleted_at`) and leaves the lists; the audit log keeps it. A second
/// request for the same one (a double tap) is answered as the first.
#[server(endpoint = "reports/recommendation-withdraw")]
pub async fn withdraw_recommendation(meeting_id: i64, id: i64) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let (m, person) = writable(&pool, &me, meeting_id).await?;
        let mut tx = pool.begin().await?;
        let report: Option<String> =
            sqlx::query_scalar("SELECT status FROM attendance_reports WHERE meeting_id = $1 AND person_id = $2 FOR UPDATE")
                .bind(meeting_id)
                .bind(person)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(status) = &report {
            editable(status)?;
        }
        let rec: Option<(Option<i64>, String, bool)> = sqlx::query_as(
            "SELECT created_by, status, deleted_at IS NOT NULL FROM recommendations
             WHERE id = $1 AND meeting_id = $2 AND city_id = $3 FOR UPDATE",
        )
        .bind(id)
        .bind(meeting_id)
        .bind(m.city_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (by, status, withdrawn) = rec.ok_or_else(AppError::not_found)?;
        if by != Some(me.account_id) {
            return Err(AppError::forbidden());
        }
        if !withdrawn {
            if status != "new" {
                return Err(AppError::invalid(Msg::RecommendationTakenUp));
            }
            let before = audit::snapshot(&mut tx, audit::Entity::Recommendation, id).await?;
            sqlx::query("UPDATE recommendations SET deleted_at = now(), version = version + 1, updated_at = now() WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            crate::recommendations::api::add_step(&mut tx, &me, id, "withdraw", Some("new"), "new", None, "").await?;
            audit::record(&mut tx, me.city_id, Some(me.account_id), "withdraw", audit::Entity::Recommendation, id, before).await?;
        }
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{meeting_id}?saved=1#report"));
        Ok(())
    })
    .await
}

/// A member who cannot attend says why, before the meeting (or withdraws it). The group's
/// leader is told, so he can send a substitute.
#[server(endpoint = "reports/absence")]
pub async fn report_absence(
    meeting_id: i64,
    #[server(default)] reason: Option<String>,
    #[server(default)] note: Option<String>,
    #[server(default)] withdraw: Option<String>,
) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let (m, person) = writable(&pool, &me, meeting_id).await?;
        if Utc::now() >= m.starts_at {
            return Err(AppError::invalid(Msg::AbsenceTooLate));
        }
        let withdraw = input::checkbox(&withdraw);
        let reason = reason.unwrap_or_default();
        let note = input::optional("note", note.as_deref().unwrap_or(""), 500)?;
        if !withdraw {
            if !ABSENCE_REASONS.contains(&reason.as_str()) {
                return Err(AppError::field("reason", Msg::UnknownReason));
            }
            if reason == "other" && note.is_empty() {
                return Err(AppError::field("note", Msg::Required));
            }
        }
        let mut tx = pool.begin().await?;
        let checked_in: Option<bool> =
            sqlx::query_scalar("SELECT checked_in_at IS NOT NULL FROM attendance_reports WHERE meeting_id = $1 AND person_id = $2")
                .bind(meeting_id)
                .bind(person)
                .fetch_optional(&mut *tx)
                .await?;
        if !withdraw && checked_in == Some(true) {
            return Err(AppError::invalid(Msg::AbsenceTooLate));
        }
        let after = if withdraw {
            sqlx::query("DELETE FROM meeting_absences WHERE meeting_id = $1 AND person_id = $2").bind(meeting_id).bind(person).execute(&mut *tx).await?;
            serde_json::json!({"withdrawn": person})
        } else {
            sqlx::query(
                "INSERT INTO meeting_absences (meeting_id, person_id, city_id, reason, note, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (meeting_id, person_id) DO UPDATE SET reason = EXCLUDED.reason, note = EXCLUDED.note,
                     recorded_by = EXCLUDED.recorded_by, recorded_at = now()",
            )
            .bind(meeting_id)
            .bind(person)
            .bind(m.city_id)
            .bind(&reason)
            .bind(&note)
            .bind(me.account_id)
            .execute(&mut *tx)
            .await?;
            // the leaders of the group following the ward that day
            let leaders: Vec<i64> = sqlx::query_scalar(
                "SELECT DISTINCT gm.person_id FROM meetings m
                 CROSS JOIN LATERAL tct_ward_followers(m.ward_id, tct_local_day(m.starts_at)) gm
                 WHERE m.id = $1 AND gm.role IN ('leader', 'deputy') AND gm.person_id <> $2",
            )
            .bind(meeting_id)
            .bind(person)
            .fetch_all(&mut *tx)
            .await?;
            crate::calendar::notices::notify_meeting(&mut tx, meeting_id, "absence", &leaders).await?;
            serde_json::json!({"absent": person, "reason": reason, "note": note})
        };
        audit::write(
            &mut tx,
            audit::Entry {
                city_id: me.city_id,
                account_id: Some(me.account_id),
                action: if withdraw { "absence_withdrawn" } else { "absence" },
                entity: audit::Entity::MeetingAttendance,
                id: meeting_id,
                before: None,
                after: Some(after),
                reason: None,
            },
        )
        .await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{meeting_id}?saved=1#report"));
        Ok(())
    })
    .await
}

/// One expected member's line in the ward's confirmation form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AttendanceInput {
    pub person: String,
    #[serde(default)]
    pub attended: Option<String>,
}

/// The ward, from the cell's minutes, confirms who of those expected attended (a line not
/// ticked: absent). Sent again, it replaces the previous confirmation.
#[server(endpoint = "reports/attendance")]
pub async fn confirm_attendance(
    meeting_id: i64,
    #[server(default)] rows: Vec<AttendanceInput>,
) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let m = meeting_facts(&pool, &me, meeting_id).await?;
        let rel = relation(&pool, &me, &m).await?;
        if !can(&me, rel, ReportAction::ConfirmAttendance) {
            return Err(AppError::forbidden());
        }
        if m.is_off() {
            return Err(AppError::invalid(Msg::MeetingNotOn));
        }
        if Utc::now() < m.starts_at {
            return Err(AppError::invalid(Msg::NotYetHeld));
        }
        let expected: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT person_id FROM meeting_expected WHERE meeting_id = $1",
        )
        .bind(meeting_id)
        .fetch_all(&pool)
        .await?;
        let mut people = Vec::new();
        let mut attended = Vec::new();
        for r in &rows {
            let Some(p) = r
                .person
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|p| expected.contains(p))
            else {
                return Err(AppError::invalid(Msg::NotExpected));
            };
            if !people.contains(&p) {
                people.push(p);
                attended.push(input::checkbox(&r.attended));
            }
        }
        let mut tx = pool.begin().await?;
        sqlx::query(
            "INSERT INTO meeting_attendance (meeting_id, person_id, city_id, attended, confirmed_by)
             SELECT $1, p, $2, a, $3 FROM unnest($4::bigint[], $5::bool[]) AS t(p, a)
             ON CONFLICT (meeting_id, person_id) DO UPDATE SET attended = EXCLUDED.attended,
                 confirmed_by = EXCLUDED.confirmed_by, confirmed_at = now()",
        )
        .bind(meeting_id)
        .bind(m.city_id)
        .bind(me.account_id)
        .bind(&people)
        .bind(&attended)
        .execute(&mut *tx)
        .await?;
        let after: Vec<serde_json::Value> = people
            .iter()
            .zip(&attended)
            .map(|(p, a)| serde_json::json!({"person": p, "attended": a}))
            .collect();
        audit::write(
            &mut tx,
            audit::Entry {
                city_id: me.city_id,
                account_id: Some(me.account_id),
                action: "confirm_attendance",
                entity: audit::Entity::MeetingAttendance,
                id: meeting_id,
                before: None,
                after: Some(serde_json::Value::Array(after)),
                reason: None,
            },
        )
        .await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{meeting_id}?saved=1#attendance"));
        Ok(())
    })
    .await
}

/// The reports of a meeting the caller may read (the Organization Board, the Standing
/// Committee, admin, the group's leader), for the meeting page.
#[server(endpoint = "reports/of-meeting")]
pub async fn meeting_report_list(meeting_id: i64) -> Result<Vec<Report>, AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let m = meeting_facts(&pool, &me, meeting_id).await?;
        let rel = relation(&pool, &me, &m).await?;
        if !can(&me, rel, ReportAction::Read) {
            return Err(AppError::forbidden());
        }
        let confidential = can(&me, rel, ReportAction::ReadConfidential);
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT r.id FROM attendance_reports r JOIN people p ON p.id = r.person_id
             WHERE r.meeting_id = $1 AND r.status <> 'draft' ORDER BY p.full_name",
        )
        .bind(meeting_id)
        .fetch_all(&pool)
        .await?;
        let cal = crate::workdays::api::load_from(&pool, m.city_id, m.day, m.day).await?;
        let due = super::rule::report_due(&cal, m.day);
        let mut out = Vec::new();
        for id in ids {
            let (mut r, submitted) = load_report_at(&pool, id, confidential).await?;
            r.due = Some(due);
            r.late_by = submitted.map(|s| cal.late_by(due, crate::helpers::in_vietnam(s).date())).unwrap_or(0);
            out.push(r);
        }
        Ok(out)
    })
    .await
}

/// The Organization Board acknowledges a submitted report, or returns it with a comment
/// (the member revises and submits again). The member is told either way.
#[server(endpoint = "reports/review")]
pub async fn review_report(
    report_id: i64,
    version: String,
    action: String,
    #[server(default)] comment: Option<String>,
) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let found: Option<(i64, i64, String)> =
            sqlx::query_as("SELECT meeting_id, person_id, status FROM attendance_reports WHERE id = $1 AND city_id = $2")
                .bind(report_id)
                .bind(me.city_id)
                .fetch_optional(&pool)
                .await?;
        let (meeting_id, person, status) = found.ok_or_else(AppError::not_found)?;
        let m = meeting_facts(&pool, &me, meeting_id).await?;
        let rel = relation(&pool, &me, &m).await?;
        if !can(&me, rel, ReportAction::Review) {
            return Err(AppError::forbidden());
        }
        let version = input::version(Some(&version))?;
        let comment = input::optional("comment", comment.as_deref().unwrap_or(""), 2000)?;
        let new_status = match action.as_str() {
            "acknowledge" => "acknowledged",
            "return" => {
                if comment.chars().count() < 5 {
                    return Err(AppError::field("comment", Msg::ReasonTooShort));
                }
                "returned"
            }
            _ => return Err(AppError::invalid(Msg::UnknownAction)),
        };
        if status != "submitted" {
            return Err(AppError::invalid(if status == "acknowledged" { Msg::ReportLocked } else { Msg::NotSubmitted }));
        }
        let mut tx = pool.begin().await?;
        let before = audit::snapshot(&mut tx, audit::Entity::Report, report_id).await?;
        let done = sqlx::query(
            "UPDATE attendance_reports SET status = $3, reviewed_by = $4, reviewed_at = now(), review_comment = NULLIF($5, ''),
                    version = version + 1, updated_at = now()
             WHERE id = $1 AND version = $2 AND status = 'submitted'",
        )
        .bind(report_id)
        .bind(version)
        .bind(new_status)
        .bind(me.account_id)
        .bind(&comment)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(AppError::conflict());
        }
        audit::record(&mut tx, me.city_id, Some(me.account_id), action.as_str(), audit::Entity::Report, report_id, before).await?;
        crate::calendar::notices::notify_meeting(&mut tx, meeting_id, if new_status == "returned" { "report_returned" } else { "report_acknowledged" }, &[person]).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{meeting_id}?saved=1#reports"));
        Ok(())
    })
    .await
}
