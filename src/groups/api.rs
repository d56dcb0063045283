//! Server functions for working groups: list, one group, create/edit, members, followed
//! wards, plan. Each: authorize → validate → one transaction → audit.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::permissions::{can, can_create, GroupAction, Relation},
    crate::auth::session::require_me,
    crate::auth::Me,
    crate::error::{on_constraints, AppResult},
    crate::i18n::Msg,
    crate::org::api::today_vn,
    crate::server::{audit, input, pool, respond},
    chrono::NaiveDate,
    sqlx::PgPool,
};

/// The caller's relation to each group of a query on `working_groups g`, as three boolean
/// columns: leader today, member today, the group follows the caller's ward today
/// (`is_leader`, `is_member`, `follows_my_ward`, as in [`RelationRow`]). Binds:
/// $2 today, $3 the caller's person (-1 for none), $4 the caller's ward (-1 for none).
/// A ward is "followed" only while the following lasts: a group that stopped following a
/// ward no longer shows that ward's staff anything.
#[cfg(feature = "ssr")]
const RELATION_COLUMNS: &str = "
    EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.person_id = $3 AND m.role = 'leader'
            AND m.active_from <= $2 AND (m.active_to IS NULL OR m.active_to > $2)) AS is_leader,
    EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.person_id = $3
            AND m.active_from <= $2 AND (m.active_to IS NULL OR m.active_to > $2)) AS is_member,
    EXISTS (SELECT 1 FROM group_wards w WHERE w.group_id = g.id AND w.ward_id = $4
            AND w.active_from <= $2 AND (w.active_to IS NULL OR w.active_to > $2)) AS follows_my_ward";

/// The columns of [`RELATION_COLUMNS`].
#[cfg(feature = "ssr")]
#[derive(sqlx::FromRow)]
struct RelationRow {
    is_leader: bool,
    is_member: bool,
    follows_my_ward: bool,
}

#[cfg(feature = "ssr")]
impl RelationRow {
    fn relation(&self) -> Relation {
        Relation { is_leader: self.is_leader, is_member: self.is_member, follows_my_ward: self.follows_my_ward }
    }
}

/// The caller's relation to a group today; NotFound if the group is not in their city.
#[cfg(feature = "ssr")]
pub async fn relation(pool: &PgPool, me: &Me, group_id: i64) -> AppResult<Relation> {
    let row: Option<RelationRow> =
        sqlx::query_as(&format!("SELECT {RELATION_COLUMNS} FROM working_groups g WHERE g.id = $1 AND g.city_id = $5"))
            .bind(group_id)
            .bind(today_vn())
            .bind(me.person_id.unwrap_or(-1))
            .bind(me.ward_scope().unwrap_or(-1))
            .bind(me.city_id)
            .fetch_optional(pool)
            .await?;
    Ok(row.ok_or_else(AppError::not_found)?.relation())
}

/// A row of `list_groups`.
#[cfg(feature = "ssr")]
#[derive(sqlx::FromRow)]
struct ListRow {
    id: i64,
    name: String,
    decision_no: String,
    decision_date: Option<NaiveDate>,
    leader: Option<String>,
    wards: Vec<String>,
    members: i64,
    active: bool,
    #[sqlx(flatten)]
    rel: RelationRow,
}

#[server(endpoint = "groups/list")]
pub async fn list_groups() -> Result<GroupList, AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let today = today_vn();
        // One query for the list and the caller's relation to each group.
        let rows: Vec<ListRow> = sqlx::query_as(&format!(
            "SELECT g.id, g.name, g.decision_no, g.decision_date,
                    (SELECT p.full_name FROM group_members m JOIN people p ON p.id = m.person_id
                      WHERE m.group_id = g.id AND m.role = 'leader' AND m.active_from <= $2
                        AND (m.active_to IS NULL OR m.active_to > $2) LIMIT 1) AS leader,
                    ARRAY(SELECT u.name FROM group_wards w JOIN org_units u ON u.id = w.ward_id
                      WHERE w.group_id = g.id AND w.active_from <= $2 AND (w.active_to IS NULL OR w.active_to > $2)
                      ORDER BY u.code) AS wards,
                    (SELECT count(*) FROM group_members m WHERE m.group_id = g.id AND m.active_from <= $2
                        AND (m.active_to IS NULL OR m.active_to > $2)) AS members,
                    g.active_to IS NULL OR g.active_to >= $2 AS active,
                    {RELATION_COLUMNS}
             FROM working_groups g WHERE g.city_id = $1 ORDER BY g.name"
        ))
        .bind(me.city_id)
        .bind(today)
        .bind(me.person_id.unwrap_or(-1))
        .bind(me.ward_scope().unwrap_or(-1))
        .fetch_all(&pool)
        .await?;
        let mut groups = Vec::new();
        for r in rows {
            if !can(&me, r.rel.relation(), GroupAction::Read) {
                continue;
            }
            let decision = match (r.decision_no.is_empty(), r.decision_date) {
                (false, Some(d)) => format!("{} ngày {}", r.decision_no, crate::ui::fmt_date(d)),
                (false, None) => r.decision_no.clone(),
                _ => String::new(),
            };
            groups.push(GroupRow {
                id: r.id,
                name: r.name,
                decision,
                leader: r.leader,
                wards: r.wards,
                members: r.members,
                active: r.active,
            });
        }
        Ok(GroupList { groups, can_create: can_create(&me), this_month: super::month_key(today) })
    })
    .await
}

#[server(endpoint = "groups/get")]
pub async fn get_group(id: i64) -> Result<GroupDetail, AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let today = today_vn();
        let options = async {
            let standing: Vec<(i64, String)> = sqlx::query!(
                "SELECT id, full_name FROM people WHERE city_id = $1 AND active AND is_standing_member ORDER BY full_name",
                me.city_id,
            )
            .fetch_all(&pool)
            .await?
            .into_iter()
            .map(|r| (r.id, r.full_name))
            .collect();
            let people: Vec<(i64, String)> = sqlx::query!(
                r#"SELECT id, full_name || CASE WHEN position <> '' THEN ' – ' || position ELSE '' END AS "label!"
                 FROM people WHERE city_id = $1 AND active ORDER BY full_name"#,
                me.city_id,
            )
            .fetch_all(&pool)
            .await?
            .into_iter()
            .map(|r| (r.id, r.label))
            .collect();
            let wards: Vec<(i64, String)> = sqlx::query!(
                "SELECT id, name FROM org_units WHERE city_id = $1 AND kind = 'ward' AND active_to IS NULL ORDER BY length(code), code",
                me.city_id,
            )
            .fetch_all(&pool)
            .await?
            .into_iter()
            .map(|r| (r.id, r.name))
            .collect();
            Ok::<_, AppError>((standing, people, wards))
        };
        if id == 0 {
            if !can_create(&me) {
                return Err(AppError::forbidden());
            }
            let (standing, people, ward_options) = options.await?;
            return Ok(GroupDetail {
                can_manage: true,
                can_edit_plan: true,
                standing,
                people,
                ward_options,
                today: Some(today),
                this_month: super::month_key(today),
                ..Default::default()
            });
        }
        let rel = relation(&pool, &me, id).await?;
        if !can(&me, rel, GroupAction::Read) {
            return Err(AppError::forbidden());
        }
        let g = sqlx::query!(
            "SELECT id, name, decision_no, decision_date, active_from, active_to, version FROM working_groups WHERE id = $1",
            id,
        )
        .fetch_one(&pool)
        .await?;
        let members: Vec<MemberRow> = sqlx::query_as!(
            MemberRow,
            r#"SELECT m.id, m.person_id, p.full_name AS name, p.position, m.role AS "role: GroupRole", m.active_from, m.active_to
             FROM group_members m JOIN people p ON p.id = m.person_id WHERE m.group_id = $1
             ORDER BY (m.active_to IS NOT NULL), CASE m.role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, p.full_name"#,
            id,
        )
        .fetch_all(&pool)
        .await?;
        let wards: Vec<FollowRow> = sqlx::query_as!(
            FollowRow,
            "SELECT w.id, w.ward_id, u.name AS ward_name, w.active_from, w.active_to
             FROM group_wards w JOIN org_units u ON u.id = w.ward_id WHERE w.group_id = $1
             ORDER BY (w.active_to IS NOT NULL), u.code",
            id,
        )
        .fetch_all(&pool)
        .await?;
        let plan: Option<String> = sqlx::query_scalar!(
            "SELECT body FROM group_plans WHERE group_id = $1 ORDER BY period_from DESC, id DESC LIMIT 1",
            id,
        )
        .fetch_optional(&pool)
        .await?;
        let leader_id = members
            .iter()
            .find(|m| m.role == GroupRole::Leader && m.active_from <= today && m.active_to.is_none_or(|to| to > today))
            .map(|m| m.person_id);
        let manage = can(&me, rel, GroupAction::Manage);
        let (standing, people, ward_options) = if manage { options.await? } else { Default::default() };
        Ok(GroupDetail {
            id: g.id,
            name: g.name,
            decision_no: g.decision_no,
            decision_date: g.decision_date,
            active_from: Some(g.active_from),
            active_to: g.active_to,
            version: g.version,
            leader_id,
            members,
            wards,
            plan: plan.unwrap_or_default(),
            can_manage: manage,
            can_edit_plan: can(&me, rel, GroupAction::EditPlan),
            standing,
            people,
            ward_options,
            today: Some(today),
            this_month: super::month_key(today),
        })
    })
    .await
}

#[cfg(feature = "ssr")]
async fn check_standing(tx: &mut sqlx::Transaction<'_, sqlx::Postgres>, me: &Me, person: i64) -> AppResult<()> {
    let standing: Option<bool> = sqlx::query_scalar!(
        "SELECT is_standing_member FROM people WHERE id = $1 AND city_id = $2",
        person,
        me.city_id,
    )
    .fetch_optional(&mut **tx)
    .await?;
    match standing {
        Some(true) => Ok(()),
        Some(false) => Err(AppError::field("leader_id", Msg::LeaderNotStanding)),
        None => Err(AppError::field("leader_id", Msg::UnknownPerson)),
    }
}

/// A working group as its form posts it (`save_group`); `id` empty makes a new one.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct GroupForm {
    pub id: Option<String>,
    pub version: Option<String>,
    pub name: String,
    pub decision_no: Option<String>,
    pub decision_date: Option<String>,
    pub active_from: String,
    pub active_to: Option<String>,
    pub leader_id: String,
}

/// Creates (empty `id`) or edits a group. The leader must be a standing committee
/// member; changing the leader ends the old leader's stint today and starts the new one.
#[server(endpoint = "groups/save")]
pub async fn save_group(#[server(flatten)] form: GroupForm) -> Result<i64, AppError> {
    respond(async move {
        let GroupForm { id, version, name, decision_no, decision_date, active_from, active_to, leader_id } = form;
        let me = require_me().await?;
        let id = input::optional_id("id", id.as_deref().unwrap_or(""))?;
        let name = input::required("name", &name, 200)?;
        let decision_no = input::optional("decision_no", decision_no.as_deref().unwrap_or(""), 60)?;
        let decision_date = input::optional_date("decision_date", decision_date.as_deref().unwrap_or(""))?;
        let from = input::date("active_from", &active_from)?;
        let to = input::optional_date("active_to", active_to.as_deref().unwrap_or(""))?;
        if to.is_some_and(|to| to < from) {
            return Err(AppError::field("active_to", Msg::EndBeforeStart));
        }
        let leader = input::optional_id("leader_id", &leader_id)?.ok_or_else(|| AppError::field("leader_id", Msg::Required))?;
        let pool = pool()?;
        let mut tx = pool.begin().await?;
        let constraints = [
            ("group_name_per_city", AppError::field("name", Msg::GroupNameTaken)),
            ("group_dates", AppError::field("active_to", Msg::EndBeforeStart)),
        ];
        let today = today_vn();
        let saved = match id {
            None => {
                if !can_create(&me) {
                    return Err(AppError::forbidden());
                }
                check_standing(&mut tx, &me, leader).await?;
                let gid: i64 = on_constraints(
                    sqlx::query_scalar!(
                        "INSERT INTO working_groups (city_id, name, decision_no, decision_date, active_from, active_to)
                         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                        me.city_id,
                        &name,
                        &decision_no,
                        decision_date,
                        from,
                        to,
                    )
                    .fetch_one(&mut *tx)
                    .await,
                    &constraints,
                )?;
                sqlx::query!(
                    "INSERT INTO group_members (city_id, group_id, person_id, role, active_from) VALUES ($1, $2, $3, 'leader', $4)",
                    me.city_id,
                    gid,
                    leader,
                    from,
                )
                .execute(&mut *tx)
                .await?;
                audit::record(&mut tx, me.city_id, Some(me.account_id), "create", audit::Entity::Group, gid, None).await?;
                gid
            }
            Some(gid) => {
                let rel = relation(&pool, &me, gid).await?;
                if !can(&me, rel, GroupAction::Manage) {
                    return Err(AppError::forbidden());
                }
                let version = input::version(version.as_deref())?;
                let current: i32 = sqlx::query_scalar!("SELECT version FROM working_groups WHERE id = $1 FOR UPDATE", gid)
                    .fetch_one(&mut *tx)
                    .await?;
                if current != version {
                    return Err(AppError::conflict());
                }
                let before = audit::snapshot(&mut tx, audit::Entity::Group, gid).await?;
                on_constraints(
                    sqlx::query!(
                        "UPDATE working_groups SET name = $2, decision_no = $3, decision_date = $4, active_from = $5,
                                active_to = $6, version = version + 1, updated_at = now() WHERE id = $1",
                        gid,
                        &name,
                        &decision_no,
                        decision_date,
                        from,
                        to,
                    )
                    .execute(&mut *tx)
                    .await,
                    &constraints,
                )?;
                let current_leader = sqlx::query!(
                    "SELECT id, person_id, active_from FROM group_members WHERE group_id = $1 AND role = 'leader'
                       AND active_from <= $2 AND (active_to IS NULL OR active_to > $2)",
                    gid,
                    today,
                )
                .fetch_optional(&mut *tx)
                .await?;
                if current_leader.as_ref().map(|l| l.person_id) != Some(leader) {
                    check_standing(&mut tx, &me, leader).await?;
                    if let Some(l) = current_leader {
                        if l.active_from == today {
                            sqlx::query!("DELETE FROM group_members WHERE id = $1", l.id).execute(&mut *tx).await?;
                        } else {
                            sqlx::query!("UPDATE group_members SET active_to = $2 WHERE id = $1", l.id, today)
                                .execute(&mut *tx)
                                .await?;
                        }
                    }
                    // The new leader's ordinary seat, if any, ends where the leadership starts.
                    sqlx::query!(
                        "UPDATE group_members SET active_to = $3 WHERE group_id = $1 AND person_id = $2
                           AND active_from < $3 AND (active_to IS NULL OR active_to > $3)",
                        gid,
                        leader,
                        today,
                    )
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query!(
                        "DELETE FROM group_members WHERE group_id = $1 AND person_id = $2 AND active_from >= $3",
                        gid,
                        leader,
                        today,
                    )
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query!(
                        "INSERT INTO group_members (city_id, group_id, person_id, role, active_from) VALUES ($1, $2, $3, 'leader', $4)",
                        me.city_id,
                        gid,
                        leader,
                        today.max(from),
                    )
                    .execute(&mut *tx)
                    .await?;
                }
                audit::record(&mut tx, me.city_id, Some(me.account_id), "update", audit::Entity::Group, gid, before).await?;
                gid
            }
        };
        tx.commit().await?;
        leptos_axum::redirect(&format!("/groups/{saved}?saved=1"));
        Ok(saved)
    })
    .await
}

/// A member's addition to a group as its form posts it (`add_member`).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct MemberForm {
    #[serde(deserialize_with = "crate::helpers::form_number")]
    pub group_id: i64,
    pub person_id: String,
    pub role: String,
    pub active_from: String,
}

/// Adds a person to a group as deputy or member from a date.
#[server(endpoint = "groups/add-member")]
pub async fn add_member(#[server(flatten)] form: MemberForm) -> Result<(), AppError> {
    respond(async move {
        let MemberForm { group_id, person_id, role, active_from } = form;
        let me = require_me().await?;
        let pool = pool()?;
        if !can(&me, relation(&pool, &me, group_id).await?, GroupAction::Manage) {
            return Err(AppError::forbidden());
        }
        let person = input::optional_id("person_id", &person_id)?.ok_or_else(|| AppError::field("person_id", Msg::Required))?;
        let role = match GroupRole::parse(&role) {
            Some(r @ (GroupRole::Deputy | GroupRole::Member)) => r,
            _ => return Err(AppError::field("role", Msg::UnknownRole)),
        };
        let from = input::date("active_from", &active_from)?;
        let mut tx = pool.begin().await?;
        let known: Option<i64> = sqlx::query_scalar!("SELECT id FROM people WHERE id = $1 AND city_id = $2", person, me.city_id)
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(AppError::field("person_id", Msg::UnknownPerson));
        }
        let id: i64 = on_constraints(
            sqlx::query_scalar!(
                "INSERT INTO group_members (city_id, group_id, person_id, role, active_from) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                me.city_id,
                group_id,
                person,
                role as GroupRole,
                from,
            )
            .fetch_one(&mut *tx)
            .await,
            &[("member_once", AppError::field("person_id", Msg::AlreadyMember))],
        )?;
        audit::record(&mut tx, me.city_id, Some(me.account_id), "add_member", audit::Entity::GroupMember, id, None).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/groups/{group_id}?saved=1"));
        Ok(())
    })
    .await
}

/// Ends a member's stint (they leave the group from `active_to`); the stint stays in history.
#[server(endpoint = "groups/end-member")]
pub async fn end_member(member_id: i64, active_to: String) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let row = sqlx::query!(
            r#"SELECT group_id, active_from, role AS "role: GroupRole" FROM group_members
             WHERE id = $1 AND city_id = $2 AND active_to IS NULL"#,
            member_id,
            me.city_id,
        )
        .fetch_optional(&pool)
        .await?;
        let row = row.ok_or_else(AppError::not_found)?;
        let (group_id, started, role) = (row.group_id, row.active_from, row.role);
        if !can(&me, relation(&pool, &me, group_id).await?, GroupAction::Manage) {
            return Err(AppError::forbidden());
        }
        if role == GroupRole::Leader {
            return Err(AppError::field("active_to", Msg::Forbidden));
        }
        let to = input::date("active_to", &active_to)?;
        if to <= started {
            return Err(AppError::field("active_to", Msg::EndBeforeStart));
        }
        let mut tx = pool.begin().await?;
        let before = audit::snapshot(&mut tx, audit::Entity::GroupMember, member_id).await?;
        sqlx::query!("UPDATE group_members SET active_to = $2 WHERE id = $1", member_id, to).execute(&mut *tx).await?;
        audit::record(&mut tx, me.city_id, Some(me.account_id), "end_member", audit::Entity::GroupMember, member_id, before).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/groups/{group_id}?saved=1"));
        Ok(())
    })
    .await
}

/// The group starts following a ward from a date. A ward is followed by one group at a
/// time: Postgres refuses an overlap (ward_followed_once) and the refusal is shown.
#[server(endpoint = "groups/follow-ward")]
pub async fn follow_ward(group_id: i64, ward_id: String, follow_from: String) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        if !can(&me, relation(&pool, &me, group_id).await?, GroupAction::Manage) {
            return Err(AppError::forbidden());
        }
        let ward = input::optional_id("ward_id", &ward_id)?.ok_or_else(|| AppError::field("ward_id", Msg::NotAWard))?;
        let from = input::date("follow_from", &follow_from)?;
        let mut tx = pool.begin().await?;
        let kind: Option<String> = sqlx::query_scalar!("SELECT kind FROM org_units WHERE id = $1 AND city_id = $2", ward, me.city_id)
            .fetch_optional(&mut *tx)
            .await?;
        if kind.as_deref() != Some("ward") {
            return Err(AppError::field("ward_id", Msg::NotAWard));
        }
        let id: i64 = on_constraints(
            sqlx::query_scalar!(
                "INSERT INTO group_wards (city_id, group_id, ward_id, active_from) VALUES ($1, $2, $3, $4) RETURNING id",
                me.city_id,
                group_id,
                ward,
                from,
            )
            .fetch_one(&mut *tx)
            .await,
            &[("ward_followed_once", AppError::field("ward_id", Msg::WardFollowedByOther))],
        )?;
        audit::record(&mut tx, me.city_id, Some(me.account_id), "follow_ward", audit::Entity::GroupWard, id, None).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/groups/{group_id}?saved=1"));
        Ok(())
    })
    .await
}

/// Saves the group's plan (a new version of the text for the current period).
#[server(endpoint = "groups/plan")]
pub async fn save_plan(group_id: i64, body: String) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        if !can(&me, relation(&pool, &me, group_id).await?, GroupAction::EditPlan) {
            return Err(AppError::forbidden());
        }
        let body = input::optional("plan", &body, 20000)?;
        let today = today_vn();
        let mut tx = pool.begin().await?;
        let id: i64 = sqlx::query_scalar!(
            "INSERT INTO group_plans (city_id, group_id, period_from, period_to, body) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            me.city_id,
            group_id,
            today,
            NaiveDate::from_ymd_opt(chrono::Datelike::year(&today), 12, 31).unwrap_or(today),
            &body,
        )
        .fetch_one(&mut *tx)
        .await?;
        audit::record(&mut tx, me.city_id, Some(me.account_id), "plan", audit::Entity::GroupPlan, id, None).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/groups/{group_id}?saved=1"));
        Ok(())
    })
    .await
}
