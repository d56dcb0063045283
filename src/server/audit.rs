//! The audit log: every change writes who, when, what entity, and the row before and
//! after as JSON, in the same transaction as the change.

use crate::error::AppResult;
use serde_json::Value;
use sqlx::PgConnection;

/// The tables the audit log knows, and the columns it must never copy.
#[derive(Debug, Clone, Copy)]
pub enum Entity {
    OrgUnit,
    Person,
    Account,
    Group,
    GroupMember,
    GroupWard,
    GroupPlan,
    Assignment,
    /// A group's month (entity id: the group's; the month is in the after-image).
    Board,
    /// A city committee as a whole (the demo's seeding).
    City,
    Meeting,
    CalendarFeed,
    BusyTime,
    /// A meeting's briefing (entity id: the meeting's).
    Briefing,
    /// A city's working-day calendar for one year (entity id: the year).
    WorkdayYear,
    /// A member's attendance report (its confidential part never enters the log).
    Report,
    Recommendation,
    /// One of a city's rating criteria.
    RatingCriterion,
    /// A body's answer template for recommendations.
    AnswerTemplate,
    /// A time limit for answering recommendations.
    TimeLimit,
    /// A member's absence from a meeting, or the ward's confirmation of who attended
    /// (entity id: the meeting's; the change gives its own after-image).
    MeetingAttendance,
    /// A ward's or a group's periodic report.
    PeriodicReport,
}

impl Entity {
    fn name(self) -> &'static str {
        match self {
            Entity::OrgUnit => "org_unit",
            Entity::Person => "person",
            Entity::Account => "account",
            Entity::Group => "working_group",
            Entity::GroupMember => "group_member",
            Entity::GroupWard => "group_ward",
            Entity::GroupPlan => "group_plan",
            Entity::Assignment => "assignment",
            Entity::Board => "board",
            Entity::City => "city",
            Entity::Meeting => "meeting",
            Entity::CalendarFeed => "calendar_feed",
            Entity::BusyTime => "busy_time",
            Entity::Briefing => "briefing",
            Entity::WorkdayYear => "workday_year",
            Entity::Report => "attendance_report",
            Entity::Recommendation => "recommendation",
            Entity::RatingCriterion => "rating_criterion",
            Entity::AnswerTemplate => "answer_template",
            Entity::TimeLimit => "recommendation_time_limit",
            Entity::MeetingAttendance => "meeting_attendance",
            Entity::PeriodicReport => "periodic_report",
        }
    }
    /// The row as JSON. Password hashes never leave the accounts table.
    fn snapshot_sql(self) -> &'static str {
        match self {
            Entity::OrgUnit => "SELECT to_jsonb(t) FROM org_units t WHERE id = $1",
            Entity::Person => "SELECT to_jsonb(t) FROM people t WHERE id = $1",
            Entity::Account => "SELECT to_jsonb(t) - 'password_hash' FROM accounts t WHERE id = $1",
            Entity::Group => "SELECT to_jsonb(t) FROM working_groups t WHERE id = $1",
            Entity::GroupMember => "SELECT to_jsonb(t) FROM group_members t WHERE id = $1",
            Entity::GroupWard => "SELECT to_jsonb(t) FROM group_wards t WHERE id = $1",
            Entity::GroupPlan => "SELECT to_jsonb(t) FROM group_plans t WHERE id = $1",
            Entity::Assignment => "SELECT to_jsonb(t) FROM assignments t WHERE id = $1",
            // A board has no id of its own: its changes give their after-image themselves.
            Entity::Board => "SELECT NULL::jsonb WHERE $1 IS NULL",
            Entity::City => "SELECT to_jsonb(t) FROM org_units t WHERE id = $1",
            Entity::Meeting => "SELECT to_jsonb(t) FROM meetings t WHERE id = $1",
            // the secret's hash stays in its table
            Entity::CalendarFeed => "SELECT to_jsonb(t) - 'token_hash' FROM calendar_feeds t WHERE id = $1",
            Entity::BusyTime => "SELECT to_jsonb(t) FROM busy_times t WHERE id = $1",
            Entity::Briefing => "SELECT to_jsonb(t) FROM briefings t WHERE meeting_id = $1",
            Entity::WorkdayYear | Entity::MeetingAttendance => "SELECT NULL::jsonb WHERE $1 IS NULL",
            // complex issues may be confidential: the log keeps only whether it was written
            Entity::Report => "SELECT to_jsonb(t) - 'complex_issues' || jsonb_build_object('complex_issues_written', t.complex_issues <> '')
                               FROM attendance_reports t WHERE id = $1",
            Entity::Recommendation => "SELECT to_jsonb(t) FROM recommendations t WHERE id = $1",
            Entity::RatingCriterion => "SELECT to_jsonb(t) FROM rating_criteria t WHERE id = $1",
            Entity::AnswerTemplate => "SELECT to_jsonb(t) FROM answer_templates t WHERE id = $1",
            Entity::TimeLimit => "SELECT to_jsonb(t) FROM recommendation_time_limits t WHERE id = $1",
            Entity::PeriodicReport => "SELECT to_jsonb(t) FROM periodic_reports t WHERE id = $1",
        }
    }
}

pub async fn snapshot(tx: &mut PgConnection, entity: Entity, id: i64) -> AppResult<Option<Value>> {
    Ok(
        sqlx::query_scalar::<_, Option<Value>>(entity.snapshot_sql())
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .flatten(),
    )
}

/// Records one change. `before` is the snapshot taken before the change (None for a
/// creation); the after-image is read here, inside the same transaction (None after a
/// deletion, so the deleted row survives as the before-image).
pub async fn record(
    tx: &mut PgConnection,
    city_id: i64,
    account_id: Option<i64>,
    action: &str,
    entity: Entity,
    id: i64,
    before: Option<Value>,
) -> AppResult<()> {
    let after = snapshot(tx, entity, id).await?;
    write(
        tx,
        Entry {
            city_id,
            account_id,
            action,
            entity,
            id,
            before,
            after,
            reason: None,
        },
    )
    .await
}

/// One row of the audit log, for changes that give their own after-image or a reason.
pub struct Entry<'a> {
    pub city_id: i64,
    pub account_id: Option<i64>,
    pub action: &'a str,
    pub entity: Entity,
    pub id: i64,
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// Why, when a rule asks for a reason (a change to a closed month's board).
    pub reason: Option<&'a str>,
}

/// The one place that writes the audit log.
pub async fn write(tx: &mut PgConnection, e: Entry<'_>) -> AppResult<()> {
    sqlx::query!(
        "INSERT INTO audit_log (city_id, account_id, action, entity, entity_id, before, after, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        e.city_id,
        e.account_id,
        e.action,
        e.entity.name(),
        e.id,
        e.before,
        e.after,
        e.reason,
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}
