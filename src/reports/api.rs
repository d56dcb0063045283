//! What the member at the meeting and his report stand on: the meeting's facts and the
//! caller's relation to it, who may write, a report as it is read, and the meeting page's
//! report panel. Each step has its file: check-in (`checkin.rs`), the capture and report
//! (`save.rs`), recommendations heard (`capture.rs`), an absence before the meeting
//! (`absence.rs`), the ward's confirmation of who attended (`attendance.rs`), the
//! Organization Board's reading (`review.rs`). Each: authorize → validate → one
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
    crate::calendar::model::MeetingStatus,
    crate::calendar::permissions::{can as can_meeting, MeetingAction},
    crate::error::AppResult,
    crate::i18n::Msg,
    crate::server::{input, respond},
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
    pub status: MeetingStatus,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// its date in Vietnam
    pub day: NaiveDate,
    pub cell_members: Option<i32>,
}

#[cfg(feature = "ssr")]
impl MeetingFacts {
    pub fn is_off(&self) -> bool {
        self.status.is_off()
    }
}

#[cfg(feature = "ssr")]
pub async fn meeting_facts<'e>(
    db: impl sqlx::PgExecutor<'e>,
    me: &Me,
    id: i64,
) -> AppResult<MeetingFacts> {
    let r = sqlx::query!(
        r#"SELECT m.id, m.city_id, m.ward_id, m.cell_id, m.status AS "status: MeetingStatus", m.starts_at, m.ends_at,
                  (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS "day!", c.party_members AS "party_members?"
           FROM meetings m LEFT JOIN org_units c ON c.id = m.cell_id
           WHERE m.id = $1 AND m.city_id = $2"#,
        id,
        me.city_id,
    )
    .fetch_optional(db)
    .await?
    .ok_or_else(AppError::not_found)?;
    Ok(MeetingFacts {
        id: r.id,
        city_id: r.city_id,
        ward_id: r.ward_id,
        cell_id: r.cell_id,
        status: r.status,
        starts_at: r.starts_at,
        ends_at: r.ends_at,
        day: r.day,
        cell_members: r.party_members.map(i32::from),
    })
}

/// The caller's relation to a meeting's reports.
#[cfg(feature = "ssr")]
pub async fn relation(pool: &PgPool, me: &Me, m: &MeetingFacts) -> AppResult<ReportRelation> {
    let is_author = match me.person_id {
        Some(p) => sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM meeting_expected WHERE meeting_id = $1 AND person_id = $2) AS "v!""#,
            m.id,
            p,
        )
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

#[cfg(feature = "ssr")]
pub(super) async fn absence_of(
    db: &mut PgConnection,
    meeting_id: i64,
    person_id: i64,
) -> AppResult<Option<(AbsenceReason, String)>> {
    Ok(sqlx::query!(
        r#"SELECT reason AS "reason: AbsenceReason", note FROM meeting_absences WHERE meeting_id = $1 AND person_id = $2"#,
        meeting_id,
        person_id,
    )
    .fetch_optional(&mut *db)
    .await?
    .map(|a| (a.reason, a.note)))
}


/// Checks that the caller may write his report of this meeting now: a cell meeting that
/// is on, at which he is expected and from which he did not report absent.
#[cfg(feature = "ssr")]
pub(super) async fn writable(pool: &PgPool, me: &Me, meeting_id: i64) -> AppResult<(MeetingFacts, i64)> {
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
pub(super) fn editable(status: ReportStatus) -> AppResult<()> {
    match status {
        ReportStatus::Acknowledged => Err(AppError::invalid(Msg::ReportLocked)),
        ReportStatus::Submitted => Err(AppError::invalid(Msg::ReportSubmitted)),
        ReportStatus::Draft | ReportStatus::Returned => Ok(()),
    }
}

#[cfg(feature = "ssr")]
struct ReportRow {
    id: i64,
    meeting_id: i64,
    person: String,
    status: ReportStatus,
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
pub(super) async fn load_report_at(pool: &PgPool, id: i64, show_confidential: bool) -> AppResult<(Report, Option<DateTime<Utc>>)> {
    let r = sqlx::query_as!(
        ReportRow,
        r#"SELECT r.id, r.meeting_id, p.full_name AS person, r.status AS "status: ReportStatus", r.version, r.checked_in_at,
                  r.running_note, r.members_present, r.members_total, r.informed, r.oriented, r.commented, r.summary,
                  r.information_given, r.orientation, r.contributions, r.ideology, r.complex_issues, r.complex_confidential,
                  r.overall_level, r.submitted_at, r.reviewed_at, r.review_comment
           FROM attendance_reports r JOIN people p ON p.id = r.person_id WHERE r.id = $1"#,
        id,
    )
    .fetch_one(pool)
    .await?;
    let ratings: Vec<(i64, i16)> = sqlx::query!(
        "SELECT criterion_id, level FROM report_ratings WHERE report_id = $1 ORDER BY criterion_id",
        id,
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.criterion_id, r.level))
    .collect();
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

/// A recommendation as the report panel reads it.
#[cfg(feature = "ssr")]
pub(super) struct RecRow {
    id: i64,
    raised_by: String,
    content: String,
    domain: Domain,
    status: RecStatus,
    raised_on: NaiveDate,
    key: String,
    body: String,
    answer: String,
    version: i32,
}

#[cfg(feature = "ssr")]
pub(super) fn rec(r: RecRow) -> Recommendation {
    Recommendation {
        id: r.id,
        raised_by: r.raised_by,
        content: r.content,
        domain: r.domain,
        status: r.status,
        raised_on: crate::helpers::fmt_date(r.raised_on),
        key: r.key,
        body: r.body,
        answer: r.answer,
        version: r.version,
    }
}

/// The report panel of a meeting page.
#[server(endpoint = "reports/meeting")]
pub async fn meeting_reports(meeting_id: i64) -> Result<ReportPanelData, AppError> {
    respond(async move {
        let me = require_me().await?;
        // one meeting's statements, keyed by its id: their plans are kept
        let pool = crate::server::pool_kept_plans()?;
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
        out.criteria = sqlx::query_as!(
            Criterion,
            "SELECT id, name_vi, name_en FROM rating_criteria WHERE city_id = $1 AND active ORDER BY position, id",
            m.city_id,
        )
        .fetch_all(&pool)
        .await?;
        out.open_recommendations = sqlx::query_as!(
            RecRow,
            r#"SELECT r.id, r.raised_by, r.content, r.domain AS "domain: Domain", r.status AS "status: RecStatus", r.raised_on,
                    r.client_key::text AS "key!",
                    COALESCE((SELECT name FROM org_units WHERE id = r.body_id), '') AS "body!", r.answer, r.version
             FROM recommendations r LEFT JOIN meetings om ON om.id = r.meeting_id
             WHERE r.cell_id = $1 AND r.deleted_at IS NULL AND r.status NOT IN ('closed', 'refused', 'merged')
               AND (r.meeting_id IS NULL OR r.meeting_id <> $2) AND COALESCE(om.starts_at, r.created_at) < $3
             ORDER BY r.status = 'answered' DESC, r.created_at DESC LIMIT 50"#,
            m.cell_id,
            meeting_id,
            m.starts_at,
        )
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
            let report_id: Option<i64> = sqlx::query_scalar!(
                "SELECT id FROM attendance_reports WHERE meeting_id = $1 AND person_id = $2",
                meeting_id,
                person,
            )
            .fetch_optional(&pool)
            .await?;
            if let Some(id) = report_id {
                let mut r = load_report(&pool, id, true).await?;
                r.due = out.due;
                out.mine = Some(r);
            }
            out.my_recommendations = sqlx::query_as!(
                RecRow,
                r#"SELECT r.id, r.raised_by, r.content, r.domain AS "domain: Domain", r.status AS "status: RecStatus",
                        $3::date AS "raised_on!", r.client_key::text AS "key!", '' AS "body!", '' AS "answer!", r.version FROM recommendations r
                 WHERE r.meeting_id = $1 AND r.created_by = $2 AND r.deleted_at IS NULL ORDER BY r.id"#,
                meeting_id,
                me.account_id,
                m.day,
            )
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
    let rows = sqlx::query!(
        r#"SELECT p.id, p.full_name, r.checked_in_at AS "checked_in_at?", a.attended AS "attended?",
                  ab.reason AS "reason?: AbsenceReason", r.status AS "status?: ReportStatus", r.id AS "report_id?"
           FROM (SELECT DISTINCT person_id FROM meeting_expected WHERE meeting_id = $1) e
           JOIN people p ON p.id = e.person_id
           LEFT JOIN attendance_reports r ON r.meeting_id = $1 AND r.person_id = p.id
           LEFT JOIN meeting_attendance a ON a.meeting_id = $1 AND a.person_id = p.id
           LEFT JOIN meeting_absences ab ON ab.meeting_id = $1 AND ab.person_id = p.id
           ORDER BY p.full_name"#,
        meeting_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AttendanceLine {
            person_id: r.id,
            name: r.full_name,
            checked_in: r.checked_in_at.map(|t| crate::helpers::in_vietnam(t).format("%H:%M").to_string()),
            ward_says: r.attended,
            absence: r.reason,
            report_status: owed_status(r.status),
            report_id: r.report_id,
        })
        .collect())
}
