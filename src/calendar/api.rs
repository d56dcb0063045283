//! Server functions of the calendar: the meetings of a period (agenda, week, month, with
//! filters), one meeting, and its changes (announce, postpone, cancel, reschedule, held,
//! invite the group). Each: authorize → validate → one transaction → audit.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::meeting::{item, load_meeting, ItemRow, ITEM_COLUMNS},
    super::permissions::{by_scope, can, can_open_calendar, has_own_meetings, MeetingAction},
    crate::auth::session::require_me,
    crate::auth::visibility::{Period, Reach},
    crate::error::on_constraints,
    crate::helpers::{fmt_datetime, today_vn, vn_moment},
    crate::i18n::Msg,
    crate::server::{audit, input, pool, pool_kept_plans, respond},
    chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc},
};

/// The days a calendar view shows around `date`: the month, or the week (Monday first).
#[cfg(feature = "ssr")]
pub fn period(view: &str, date: NaiveDate) -> (NaiveDate, NaiveDate) {
    match view {
        "week" => {
            let monday = date - chrono::Duration::days(date.weekday().num_days_from_monday() as i64);
            (monday, monday + chrono::Duration::days(6))
        }
        _ => {
            let first = crate::helpers::first_of_month(date);
            let last = crate::helpers::next_month(first).pred_opt().unwrap_or(first);
            (first, last)
        }
    }
}

/// A calendar's view and filters as its page asks for them (`list_meetings`), each optional.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct CalendarListForm {
    #[serde(default)]
    pub view: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub ward: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub mine: Option<String>,
    #[serde(default)]
    pub member: Option<String>,
}

/// The meetings of a period the caller may see, filtered by ward, group, member, kind,
/// or to the caller's own ("mine").
#[server(endpoint = "calendar/list")]
pub async fn list_meetings(#[server(flatten)] form: CalendarListForm) -> Result<CalendarData, AppError> {
    respond(async move {
        let CalendarListForm { view, date, ward, group, kind, mine, member } = form;
        let me = require_me().await?;
        if !can_open_calendar(&me) {
            return Err(AppError::forbidden());
        }
        let view = match view.as_deref().unwrap_or("") {
            "week" => "week",
            "month" => "month",
            _ => "agenda",
        };
        let today = today_vn();
        let date = input::optional_date("date", date.as_deref().unwrap_or(""))?.unwrap_or(today);
        let (from, to) = period(view, date);
        let ward = input::optional_id("ward", ward.as_deref().unwrap_or(""))?.unwrap_or(-1);
        let group = input::optional_id("group", group.as_deref().unwrap_or(""))?.unwrap_or(-1);
        let member = input::optional_id("member", member.as_deref().unwrap_or(""))?.unwrap_or(-1);
        let kind = match kind.as_deref().unwrap_or("") {
            "" => None,
            k => Some(MeetingKind::parse(k).ok_or_else(|| AppError::field("kind", Msg::UnknownKind))?),
        };
        let mine = input::checkbox(&mine);
        let pool = pool()?;
        let kept = pool_kept_plans()?;
        let reach = Reach::of(&me);
        // Built for the filters given (a ward's month reads that ward's meetings only), and
        // the members expected computed for the whole set at once, not meeting by meeting.
        let mut qb = sqlx::QueryBuilder::<sqlx::Postgres>::new("WITH ms AS (SELECT m.* FROM meetings m WHERE m.city_id = ");
        qb.push_bind(me.city_id);
        qb.push(" AND m.starts_at >= (").push_bind(from).push("::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')");
        qb.push(" AND m.starts_at < ((").push_bind(to).push("::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')");
        if ward != -1 {
            qb.push(" AND m.ward_id = ").push_bind(ward);
        }
        if let Some(kind) = kind {
            qb.push(" AND m.kind = ").push_bind(kind);
        }
        // "mine": the caller's own meetings, found from his own rows first (a member's phone
        // asks for them; the statement is then keyed by those meetings and keeps its plan)
        let mine_only = match (mine, me.person_id) {
            (true, Some(person)) => {
                let (from_at, to_at) = (vn_moment(from, NaiveTime::MIN), vn_moment(to + chrono::Duration::days(1), NaiveTime::MIN));
                let ids = super::clash::meetings_of_person(&kept, person, from_at, to_at).await?;
                qb.push(" AND m.id = ANY(").push_bind(ids).push(")");
                true
            }
            _ => false,
        };
        const ON_DAY: &str = "tct_local_day(m.starts_at)";
        if group != -1 {
            qb.push(" AND EXISTS (SELECT 1 FROM group_wards gw WHERE gw.ward_id = m.ward_id AND gw.group_id = ").push_bind(group);
            qb.push(format!(" AND gw.active_from <= {ON_DAY} AND (gw.active_to IS NULL OR gw.active_to > {ON_DAY}))"));
        }
        // the wards the caller sees, each meeting on its own day
        Reach::push_wards(reach, &mut qb, "m.ward_id", Period::RowDay(ON_DAY));
        qb.push(format!(
            "), ep AS (
                SELECT m.id, COALESCE(s.substitute_id, a.person_id) AS person
                FROM ms m JOIN assignments a ON a.cell_id = m.cell_id AND a.month = m.month
                LEFT JOIN meeting_substitutes s ON s.meeting_id = m.id AND s.person_id = a.person_id
                UNION
                SELECT m.id, COALESCE(s.substitute_id, gm.person_id)
                FROM ms m CROSS JOIN LATERAL tct_ward_followers(m.ward_id, {ON_DAY}) gm
                LEFT JOIN meeting_substitutes s ON s.meeting_id = m.id AND s.person_id = gm.person_id
                WHERE m.cell_id IS NULL
            ), e AS (
                SELECT ep.id, array_agg(p.full_name ORDER BY p.full_name) AS names, bool_or(p.id = "
        ));
        qb.push_bind(me.person_id.unwrap_or(-1));
        qb.push(format!(
            ") AS mine, array_agg(p.id) AS ids FROM ep JOIN people p ON p.id = ep.person GROUP BY ep.id)
            SELECT {ITEM_COLUMNS}
            FROM ms m JOIN org_units w ON w.id = m.ward_id LEFT JOIN org_units c ON c.id = m.cell_id
            LEFT JOIN e ON e.id = m.id WHERE true"
        ));
        if mine {
            qb.push(" AND COALESCE(e.mine, false)");
        }
        if member != -1 {
            qb.push(" AND ").push_bind(member).push(" = ANY(COALESCE(e.ids, '{}'))");
        }
        qb.push(" ORDER BY m.starts_at");
        let rows: Vec<ItemRow> = qb.build_query_as().fetch_all(if mine_only { &kept } else { &pool }).await?;
        let mut meetings: Vec<MeetingItem> = rows.into_iter().map(item).collect();
        if !meetings.is_empty() {
            let ids: Vec<i64> = meetings.iter().map(|m| m.id).collect();
            let clashes = super::clash::by_meeting(super::clash::clashes(&kept, &ids).await?);
            for m in meetings.iter_mut() {
                if let Some(list) = clashes.get(&m.id) {
                    m.clashes = list.iter().map(|c| c.name.clone()).collect();
                    m.clashes.dedup();
                }
            }
        }
        meetings.sort_by(|a, b| {
            (a.date, &a.start, &a.ward, crate::helpers::natural_key(&a.title))
                .cmp(&(b.date, &b.start, &b.ward, crate::helpers::natural_key(&b.title)))
        });
        // The filters' choices: the wards and groups the caller may see in the period shown
        // (a past month lists the wards and groups of that month, closed since or not).
        let until = to + chrono::Days::new(1);
        let seen = Reach::ward_ids(reach, &pool, from, until).await?;
        let wards: Vec<(i64, String)> = sqlx::query!(
            "SELECT w.id, w.name FROM org_units w
             WHERE w.city_id = $1 AND w.kind = 'ward'
               AND w.active_from < $4 AND (w.active_to IS NULL OR w.active_to > $3)
               AND ($2::bigint[] IS NULL OR w.id = ANY($2))
             ORDER BY length(w.code), w.code",
            me.city_id,
            seen.as_deref(),
            from,
            until,
        )
        .fetch_all(&pool)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
        let seen_groups = Reach::group_ids(reach, &pool, from, until).await?;
        let groups: Vec<(i64, String)> = sqlx::query!(
            "SELECT g.id, g.name FROM working_groups g
             WHERE g.city_id = $1 AND g.active_from < $4 AND (g.active_to IS NULL OR g.active_to > $3)
               AND ($2::bigint[] IS NULL OR g.id = ANY($2))
             ORDER BY length(g.name), g.name",
            me.city_id,
            seen_groups.as_deref(),
            from,
            until,
        )
        .fetch_all(&pool)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
        let can_enter = wards.iter().filter(|w| can(&me, by_scope(&me, w.0), MeetingAction::Enter)).cloned().collect();
        let has_mine = has_own_meetings(&me);
        // Members to filter by: the chosen group's (if the caller sees it), else the caller's groups'.
        let member_groups: Vec<i64> = if group != -1 {
            groups.iter().filter(|g| g.0 == group).map(|g| g.0).collect()
        } else if has_mine {
            groups.iter().map(|g| g.0).collect()
        } else {
            vec![]
        };
        let members: Vec<(i64, String)> = sqlx::query!(
            "SELECT DISTINCT p.id, p.full_name FROM group_members gm JOIN people p ON p.id = gm.person_id
             WHERE gm.group_id = ANY($1) AND gm.active_to IS NULL ORDER BY p.full_name",
            &member_groups,
        )
        .fetch_all(&pool)
        .await?
        .into_iter()
        .map(|r| (r.id, r.full_name))
        .collect();
        Ok(CalendarData {
            view: view.to_string(),
            from: Some(from),
            to: Some(to),
            today: Some(today),
            meetings,
            wards,
            groups,
            can_enter,
            has_mine,
            members,
        })
    })
    .await
}

/// What `get_meeting` reads of the meeting besides its item.
#[cfg(feature = "ssr")]
struct ExtraRow {
    version: i32,
    status_reason: Option<String>,
    announced_at: Option<DateTime<Utc>>,
    invited_at: Option<DateTime<Utc>>,
    starts_at: DateTime<Utc>,
    month: NaiveDate,
    lead_days: i16,
}

/// One line of a meeting's audit history.
#[cfg(feature = "ssr")]
struct HistoryRow {
    at: DateTime<Utc>,
    who: Option<String>,
    action: String,
    reason: Option<String>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

#[server(endpoint = "meetings/get")]
pub async fn get_meeting(id: i64) -> Result<MeetingDetail, AppError> {
    respond(async move {
        let me = require_me().await?;
        // one meeting's statements, keyed by its id: their plans are kept
        let pool = crate::server::pool_kept_plans()?;
        let (item, rel) = load_meeting(&pool, &me, id).await?;
        if !can(&me, rel, MeetingAction::Read) {
            return Err(AppError::forbidden());
        }
        let x = sqlx::query_as!(
            ExtraRow,
            r#"SELECT m.version, m.status_reason, m.announced_at, m.invited_at, m.starts_at, m.month,
                    COALESCE((SELECT s.announce_lead_days FROM city_settings s WHERE s.city_id = m.city_id), 3::smallint) AS "lead_days!"
             FROM meetings m WHERE m.id = $1"#,
            id,
        )
        .fetch_one(&pool)
        .await?;
        let announced_late = x.announced_at.is_some_and(|a| x.starts_at - a < chrono::Duration::days(x.lead_days as i64));
        let history: Vec<HistoryRow> = sqlx::query_as!(
            HistoryRow,
            r#"SELECT l.at, COALESCE(p.full_name, a.username) AS "who?", l.action, l.reason, l.before, l.after
             FROM audit_log l LEFT JOIN accounts a ON a.id = l.account_id LEFT JOIN people p ON p.id = a.person_id
             WHERE l.entity = 'meeting' AND l.entity_id = $1 ORDER BY l.at, l.id"#,
            id,
        )
        .fetch_all(&pool)
        .await?;
        let when = |v: &Option<serde_json::Value>| {
            v.as_ref()
                .and_then(|v| v.get("starts_at"))
                .and_then(|s| s.as_str())
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                .map(|t| fmt_datetime(t.with_timezone(&Utc)))
        };
        let history = history
            .into_iter()
            .map(|h| {
                let (b, a) = (when(&h.before), when(&h.after));
                let change = match (b, a) {
                    (Some(b), Some(a)) if b != a => format!("{b} → {a}"),
                    (None, Some(a)) => a,
                    _ => String::new(),
                };
                HistoryLine { at: fmt_datetime(h.at), who: h.who.unwrap_or_default(), action: h.action, reason: h.reason, change }
            })
            .collect();
        let can_substitute = super::clash::leads_meeting_group(&pool, &me, id).await?
            && item.status.is_open();
        let mut clash_lines: Vec<ClashLine> = Vec::new();
        for c in super::clash::clashes(&pool, &[id]).await? {
            match clash_lines.iter_mut().find(|l| l.person_id == c.person_id) {
                Some(l) => {
                    l.with.push_str("; ");
                    l.with.push_str(&c.with);
                }
                None => clash_lines.push(ClashLine { person_id: c.person_id, name: c.name, with: c.with, absence: None, substitutes: vec![] }),
            }
        }
        // members who reported an absence and are still expected (nobody sent instead yet):
        // the leader is offered the same substitutes as for a clash
        for super::clash::Absent { person_id, name, reason, note } in super::clash::absent_still_expected(&pool, &me, id).await? {
            match clash_lines.iter_mut().find(|l| l.person_id == person_id) {
                Some(l) => l.absence = Some((reason, note)),
                None => clash_lines.push(ClashLine { person_id, name, with: String::new(), absence: Some((reason, note)), substitutes: vec![] }),
            }
        }
        if can_substitute && !clash_lines.is_empty() {
            let subs = super::clash::substitutes(&pool, &me, id).await?;
            for l in clash_lines.iter_mut() {
                l.substitutes = subs.clone();
            }
        }
        let replaced: Vec<(String, String)> = sqlx::query!(
            "SELECT a.full_name AS person, b.full_name AS substitute FROM meeting_substitutes s
             JOIN people a ON a.id = s.person_id JOIN people b ON b.id = s.substitute_id WHERE s.meeting_id = $1",
            id,
        )
        .fetch_all(&pool)
        .await?
        .into_iter()
        .map(|r| (r.person, r.substitute))
        .collect();
        let briefing = super::briefing::load_briefing(&pool, id).await?;
        Ok(MeetingDetail {
            briefing,
            clashes: clash_lines,
            can_substitute,
            replaced,
            can_edit: can(&me, rel, MeetingAction::Enter),
            month: crate::helpers::month_key(x.month),
            item,
            version: x.version,
            status_reason: x.status_reason,
            announced_at: x.announced_at.map(fmt_datetime),
            invited_at: x.invited_at.map(fmt_datetime),
            announced_late,
            history,
        })
    })
    .await
}

/// A change to one meeting as its form posts it (`change_meeting`): the `action` and what it carries.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct MeetingChangeForm {
    #[serde(deserialize_with = "crate::helpers::form_number")]
    pub id: i64,
    pub version: String,
    pub action: String,
    pub reason: Option<String>,
    pub date: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
}

/// Changes a meeting's status or time: `announce` (tell the members now), `postpone`
/// (no new date yet) and `cancel` (both with a reason), `reschedule` (a new date and time,
/// with a reason), `held` (it took place), `invite` (a ward committee meeting: the group
/// is invited now).
#[server(endpoint = "meetings/change")]
pub async fn change_meeting(#[server(flatten)] form: MeetingChangeForm) -> Result<(), AppError> {
    respond(async move {
        let MeetingChangeForm { id, version, action, reason, date, start, end } = form;
        let me = require_me().await?;
        let pool = pool()?;
        let (item, rel) = load_meeting(&pool, &me, id).await?;
        if !can(&me, rel, MeetingAction::Enter) {
            return Err(AppError::forbidden());
        }
        let version = input::version(Some(&version))?;
        let reason = reason.unwrap_or_default();
        let needs_reason = matches!(action.as_str(), "postpone" | "cancel" | "reschedule");
        let reason = if needs_reason {
            let r = input::required("reason", &reason, 500)?;
            if r.chars().count() < 5 {
                return Err(AppError::field("reason", Msg::ReasonTooShort));
            }
            Some(r)
        } else {
            None
        };
        let status = item.status;
        let allowed = match action.as_str() {
            "announce" => status == MeetingStatus::Planned,
            "postpone" => status.is_open(),
            "cancel" => status.is_open() || status == MeetingStatus::Postponed,
            "reschedule" => status.is_open() || status == MeetingStatus::Postponed,
            "held" => status.is_open(),
            "invite" => item.kind == MeetingKind::WardCommittee && status.is_open(),
            _ => return Err(AppError::field("action", Msg::UnknownAction)),
        };
        if !allowed {
            return Err(AppError::invalid(Msg::StatusNotAllowed));
        }
        let mut tx = pool.begin().await?;
        let before = audit::snapshot(&mut tx, audit::Entity::Meeting, id).await?;
        let current: i32 = sqlx::query_scalar!("SELECT version FROM meetings WHERE id = $1 FOR UPDATE", id)
            .fetch_one(&mut *tx)
            .await?;
        if current != version {
            return Err(AppError::conflict());
        }
        match action.as_str() {
            "announce" => {
                sqlx::query!("UPDATE meetings SET status = 'announced', announced_at = now(), sequence = sequence + 1 WHERE id = $1", id)
                .execute(&mut *tx)
                .await?;
            }
            "postpone" | "cancel" => {
                let new = if action == "postpone" { MeetingStatus::Postponed } else { MeetingStatus::Cancelled };
                sqlx::query!(
                    "UPDATE meetings SET status = $2, status_reason = $3, sequence = sequence + 1 WHERE id = $1",
                    id,
                    new as MeetingStatus,
                    reason.as_deref(),
                )
                .execute(&mut *tx)
                .await?;
            }
            "reschedule" => {
                let day = input::date("date", date.as_deref().unwrap_or(""))?;
                let s = super::pattern::parse_time(start.as_deref().unwrap_or("")).ok_or_else(|| AppError::field("start", Msg::BadTime))?;
                let e = super::pattern::parse_time(end.as_deref().unwrap_or("")).ok_or_else(|| AppError::field("end", Msg::BadTime))?;
                if e <= s {
                    return Err(AppError::field("end", Msg::EndTimeBeforeStart));
                }
                if let Some(cell) = item.cell_id {
                    let active: bool = sqlx::query_scalar!(
                        r#"SELECT active_from <= $2 AND (active_to IS NULL OR active_to > $2) AS "v!" FROM org_units WHERE id = $1"#,
                        cell,
                        day,
                    )
                    .fetch_one(&mut *tx)
                    .await?;
                    if !active {
                        return Err(AppError::field("date", Msg::CellEnded));
                    }
                }
                let month = crate::helpers::first_of_month(day);
                // A postponed meeting moved to a new date is announced again, now.
                on_constraints(
                    sqlx::query!(
                        "UPDATE meetings SET starts_at = $2, ends_at = $3, month = $4, status_reason = $5, sequence = sequence + 1,
                                status = CASE WHEN status = 'postponed' THEN 'announced' ELSE status END,
                                announced_at = CASE WHEN status IN ('postponed', 'announced') THEN now() ELSE announced_at END
                         WHERE id = $1",
                        id,
                        vn_moment(day, s),
                        vn_moment(day, e),
                        month,
                        reason.as_deref(),
                    )
                    .execute(&mut *tx)
                    .await,
                    &[
                        ("cell_meetings_apart", AppError::field("date", Msg::CellMeetingsOverlap)),
                        ("ward_committee_meetings_apart", AppError::field("date", Msg::WardMeetingsOverlap)),
                        ("meeting_times", AppError::field("end", Msg::EndTimeBeforeStart)),
                    ],
                )?;
            }
            "held" => {
                let started: bool = sqlx::query_scalar!(r#"SELECT starts_at <= now() AS "v!" FROM meetings WHERE id = $1"#, id)
                    .fetch_one(&mut *tx)
                    .await?;
                if !started {
                    return Err(AppError::invalid(Msg::NotYetHeld));
                }
                sqlx::query!("UPDATE meetings SET status = 'held' WHERE id = $1", id).execute(&mut *tx).await?;
            }
            _ => {
                sqlx::query!("UPDATE meetings SET invited_at = now() WHERE id = $1", id).execute(&mut *tx).await?;
            }
        }
        sqlx::query!("UPDATE meetings SET version = version + 1, updated_at = now() WHERE id = $1", id)
            .execute(&mut *tx)
            .await?;
        let after = audit::snapshot(&mut tx, audit::Entity::Meeting, id).await?;
        let entry = audit::Entry {
            city_id: me.city_id,
            account_id: Some(me.account_id),
            action: &action,
            entity: audit::Entity::Meeting,
            id,
            before,
            after,
            reason: reason.as_deref(),
        };
        audit::write(&mut tx, entry).await?;
        // Who is concerned hears of it: the members expected (the whole group, invited).
        let notice = match action.as_str() {
            "announce" => Some("new"),
            "postpone" => Some("postponed"),
            "cancel" => Some("cancelled"),
            "reschedule" if item.status != MeetingStatus::Planned => Some("moved"),
            "invite" => Some("invitation"),
            _ => None,
        };
        if let Some(kind) = notice {
            super::notices::notify_meeting(&mut tx, id, kind, &[]).await?;
        }
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{id}?saved=1"));
        Ok(())
    })
    .await
}
