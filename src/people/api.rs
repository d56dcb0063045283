//! Server functions for people: list with search, one person, create or edit.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::permissions::{can_edit, can_read},
    crate::auth::session::require_me,
    crate::error::AppResult,
    crate::i18n::Msg,
    crate::server::{audit, input, pool, respond},
};

#[server(endpoint = "people/list")]
pub async fn list_people(q: Option<String>) -> Result<PeopleList, AppError> {
    respond(async move {
        let me = require_me().await?;
        if !can_read(&me) {
            return Err(AppError::forbidden());
        }
        let q = input::optional("q", q.as_deref().unwrap_or(""), 100)?;
        let rows: Vec<PersonRow> = sqlx::query_as!(
            PersonRow,
            r#"SELECT p.id, p.full_name, p.position, u.name AS "home_unit?", p.is_standing_member, p.is_committee_member,
                    p.phone, p.active
             FROM people p LEFT JOIN org_units u ON u.id = p.home_unit_id
             WHERE p.city_id = $1
             ORDER BY p.is_standing_member DESC, p.is_committee_member DESC, p.full_name"#,
            me.city_id,
        )
        .fetch_all(&pool()?)
        .await?;
        let needle = crate::helpers::fold(&q);
        let people = rows
            .into_iter()
            .filter(|r| {
                needle.is_empty()
                    || crate::helpers::fold(&r.full_name).contains(&needle)
                    || crate::helpers::fold(&r.position).contains(&needle)
                    || r.home_unit.as_deref().is_some_and(|u| crate::helpers::fold(u).contains(&needle))
            })
            .collect();
        Ok(PeopleList { people, can_edit: can_edit(&me) })
    })
    .await
}

#[cfg(feature = "ssr")]
async fn unit_options(pool: &sqlx::PgPool, city_id: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(sqlx::query!(
        "SELECT id, name FROM org_units
         WHERE city_id = $1 AND kind IN ('city', 'party_board', 'state_body', 'ward') AND active_to IS NULL
         ORDER BY CASE kind WHEN 'city' THEN 0 WHEN 'party_board' THEN 1 WHEN 'state_body' THEN 2 ELSE 3 END, name",
        city_id,
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.id, r.name))
    .collect())
}

/// One person (id 0: an empty form for a new one).
#[server(endpoint = "people/get")]
pub async fn get_person(id: i64) -> Result<PersonDetail, AppError> {
    respond(async move {
        let me = require_me().await?;
        if !can_read(&me) || (id == 0 && !can_edit(&me)) {
            return Err(AppError::forbidden());
        }
        let pool = pool()?;
        let unit_options = unit_options(&pool, me.city_id).await?;
        if id == 0 {
            return Ok(PersonDetail { active: true, unit_options, can_edit: true, ..Default::default() });
        }
        let r = sqlx::query!(
            r#"SELECT p.id, p.full_name, p.position, p.home_unit_id, u.name AS "home_unit?", p.is_standing_member,
                    p.is_committee_member, p.phone, p.email, p.active, p.version
             FROM people p LEFT JOIN org_units u ON u.id = p.home_unit_id
             WHERE p.id = $1 AND p.city_id = $2"#,
            id,
            me.city_id,
        )
        .fetch_optional(&pool)
        .await?
        .ok_or_else(AppError::not_found)?;
        Ok(PersonDetail {
            id: r.id,
            full_name: r.full_name,
            position: r.position,
            home_unit_id: r.home_unit_id,
            home_unit: r.home_unit,
            is_standing_member: r.is_standing_member,
            is_committee_member: r.is_committee_member,
            phone: r.phone,
            email: r.email,
            active: r.active,
            version: r.version,
            unit_options,
            can_edit: can_edit(&me),
        })
    })
    .await
}

/// A person as the form posts it (`save_person`); `id` empty makes a new one.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct PersonForm {
    pub id: Option<String>,
    pub version: Option<String>,
    pub full_name: String,
    pub position: Option<String>,
    pub home_unit_id: Option<String>,
    pub is_standing_member: Option<String>,
    pub is_committee_member: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub active: Option<String>,
}

#[server(endpoint = "people/save")]
pub async fn save_person(#[server(flatten)] form: PersonForm) -> Result<i64, AppError> {
    respond(async move {
        let PersonForm { id, version, full_name, position, home_unit_id, is_standing_member, is_committee_member, phone, email, active } = form;
        let me = require_me().await?;
        if !can_edit(&me) {
            return Err(AppError::forbidden());
        }
        let id = input::optional_id("id", id.as_deref().unwrap_or(""))?;
        let full_name = input::required("full_name", &full_name, 120)?;
        let position = input::optional("position", position.as_deref().unwrap_or(""), 200)?;
        let home = input::optional_id("home_unit_id", home_unit_id.as_deref().unwrap_or(""))?;
        let phone = input::phone("phone", phone.as_deref().unwrap_or(""))?;
        let email = input::email("email", email.as_deref().unwrap_or(""))?;
        let standing = input::checkbox(&is_standing_member);
        let committee = input::checkbox(&is_committee_member) || standing;
        let pool = pool()?;
        let mut tx = pool.begin().await?;
        if let Some(h) = home {
            let ok: Option<bool> = sqlx::query_scalar!(
                r#"SELECT kind IN ('city', 'party_board', 'state_body', 'ward') AS "v!" FROM org_units WHERE id = $1 AND city_id = $2"#,
                h,
                me.city_id,
            )
            .fetch_optional(&mut *tx)
            .await?;
            if ok != Some(true) {
                return Err(AppError::field("home_unit_id", Msg::UnknownUnit));
            }
        }
        let saved = match id {
            None => {
                let new_id: i64 = sqlx::query_scalar!(
                    "INSERT INTO people (city_id, full_name, position, home_unit_id, is_standing_member,
                                         is_committee_member, phone, email, active)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true) RETURNING id",
                    me.city_id,
                    &full_name,
                    &position,
                    home,
                    standing,
                    committee,
                    &phone,
                    &email,
                )
                .fetch_one(&mut *tx)
                .await?;
                audit::record(&mut tx, me.city_id, Some(me.account_id), "create", audit::Entity::Person, new_id, None).await?;
                new_id
            }
            Some(id) => {
                let version = input::version(version.as_deref())?;
                let current: i32 = sqlx::query_scalar!(
                    "SELECT version FROM people WHERE id = $1 AND city_id = $2 FOR UPDATE",
                    id,
                    me.city_id,
                )
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(AppError::not_found)?;
                if current != version {
                    return Err(AppError::conflict());
                }
                let before = audit::snapshot(&mut tx, audit::Entity::Person, id).await?;
                let updated = sqlx::query!(
                    "UPDATE people SET full_name = $3, position = $4, home_unit_id = $5, is_standing_member = $6,
                            is_committee_member = $7, phone = $8, email = $9, active = $10,
                            version = version + 1, updated_at = now()
                     WHERE id = $1 AND city_id = $11 AND version = $2",
                    id,
                    version,
                    &full_name,
                    &position,
                    home,
                    standing,
                    committee,
                    &phone,
                    &email,
                    input::checkbox(&active),
                    me.city_id,
                )
                .execute(&mut *tx)
                .await?;
                if updated.rows_affected() == 0 {
                    return Err(AppError::conflict());
                }
                audit::record(&mut tx, me.city_id, Some(me.account_id), "update", audit::Entity::Person, id, before).await?;
                id
            }
        };
        tx.commit().await?;
        leptos_axum::redirect(&format!("/people/{saved}?saved=1"));
        Ok(saved)
    })
    .await
}
