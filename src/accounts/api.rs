//! Server functions for accounts: list, one account, create or edit.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::permissions::{can_grant, can_manage, grantable},
    crate::auth::session::{check_password_strength, hash_password, require_me},
    crate::auth::Role,
    crate::error::{on_constraints, AppResult},
    crate::i18n::Msg,
    crate::server::{audit, input, pool, respond},
};

#[server(endpoint = "accounts/list")]
pub async fn list_accounts() -> Result<Vec<AccountRow>, AppError> {
    respond(async move {
        let me = require_me().await?;
        if !can_manage(&me) {
            return Err(AppError::forbidden());
        }
        let rows = sqlx::query!(
            r#"SELECT a.id, a.username, p.full_name AS "person?", a.role, u.name AS "scope?", a.disabled
             FROM accounts a
             LEFT JOIN people p ON p.id = a.person_id
             LEFT JOIN org_units u ON u.id = a.scope_unit_id
             WHERE a.city_id = $1 ORDER BY a.username"#,
            me.city_id,
        )
        .fetch_all(&pool()?)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                Some(AccountRow {
                    id: r.id,
                    username: r.username,
                    person: r.person,
                    role: Role::from_code(&r.role)?,
                    scope: r.scope,
                    disabled: r.disabled,
                })
            })
            .collect())
    })
    .await
}

#[cfg(feature = "ssr")]
async fn options(pool: &sqlx::PgPool, city_id: i64, kinds: &[&str]) -> AppResult<Vec<(i64, String)>> {
    Ok(sqlx::query!(
        "SELECT id, name FROM org_units WHERE city_id = $1 AND kind = ANY($2) AND active_to IS NULL ORDER BY name",
        city_id,
        &kinds.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.id, r.name))
    .collect())
}

/// One account (id 0: an empty form for a new one), with the form's choices.
#[server(endpoint = "accounts/get")]
pub async fn get_account(id: i64) -> Result<AccountDetail, AppError> {
    respond(async move {
        let me = require_me().await?;
        if !can_manage(&me) {
            return Err(AppError::forbidden());
        }
        let pool = pool()?;
        let mut detail = if id == 0 {
            AccountDetail::default()
        } else {
            let r = sqlx::query!(
                "SELECT id, username, person_id, role, scope_unit_id, disabled, version
                 FROM accounts WHERE id = $1 AND city_id = $2",
                id,
                me.city_id,
            )
            .fetch_optional(&pool)
            .await?
            .ok_or_else(AppError::not_found)?;
            let role = Role::from_code(&r.role);
            if !role.is_some_and(|role| can_grant(&me, role)) {
                return Err(AppError::forbidden());
            }
            AccountDetail {
                id: r.id,
                username: r.username,
                person_id: r.person_id,
                role,
                scope_unit_id: r.scope_unit_id,
                disabled: r.disabled,
                version: r.version,
                ..Default::default()
            }
        };
        detail.people = sqlx::query!("SELECT id, full_name FROM people WHERE city_id = $1 AND active ORDER BY full_name", me.city_id)
            .fetch_all(&pool)
            .await?
            .into_iter()
            .map(|r| (r.id, r.full_name))
            .collect();
        detail.wards = options(&pool, me.city_id, &["ward"]).await?;
        detail.bodies = options(&pool, me.city_id, &["state_body", "party_board"]).await?;
        detail.roles = grantable(&me);
        Ok(detail)
    })
    .await
}

/// An account as the form posts it (`save_account`); `id` empty makes a new one.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct AccountForm {
    pub id: Option<String>,
    pub version: Option<String>,
    pub username: String,
    pub password: Option<String>,
    pub person_id: Option<String>,
    pub role: String,
    pub ward_id: Option<String>,
    pub body_id: Option<String>,
    pub disabled: Option<String>,
}

#[server(endpoint = "accounts/save")]
pub async fn save_account(#[server(flatten)] form: AccountForm) -> Result<i64, AppError> {
    respond(async move {
        let AccountForm { id, version, username, password, person_id, role, ward_id, body_id, disabled } = form;
        let me = require_me().await?;
        if !can_manage(&me) {
            return Err(AppError::forbidden());
        }
        let id = input::optional_id("id", id.as_deref().unwrap_or(""))?;
        let username = username.trim().to_lowercase();
        if username.is_empty() {
            return Err(AppError::field("username", Msg::Required));
        }
        if !(3..=40).contains(&username.len())
            || !username.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c))
        {
            return Err(AppError::field("username", Msg::UsernameFormat));
        }
        let password = password.unwrap_or_default();
        if id.is_none() || !password.is_empty() {
            if password.is_empty() {
                return Err(AppError::field("password", Msg::Required));
            }
            check_password_strength("password", &password)?;
            if password.to_lowercase().contains(&username) {
                return Err(AppError::field("password", Msg::WeakPassword));
            }
        }
        let role = Role::from_code(role.trim()).ok_or_else(|| AppError::field("role", Msg::UnknownRole))?;
        if !can_grant(&me, role) {
            return Err(AppError::field("role", Msg::CannotGrantAdmin));
        }
        let person = input::optional_id("person_id", person_id.as_deref().unwrap_or(""))?;
        let disabled = input::checkbox(&disabled);
        let pool = pool()?;
        let mut tx = pool.begin().await?;
        // The scope field that matters depends on the role.
        let scope = match role {
            Role::WardStaff => {
                let w = input::optional_id("ward_id", ward_id.as_deref().unwrap_or(""))?
                    .ok_or_else(|| AppError::field("ward_id", Msg::ScopeMustBeWard))?;
                let kind: Option<String> = sqlx::query_scalar!("SELECT kind FROM org_units WHERE id = $1 AND city_id = $2", w, me.city_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                if kind.as_deref() != Some("ward") {
                    return Err(AppError::field("ward_id", Msg::ScopeMustBeWard));
                }
                Some(w)
            }
            Role::Responder => {
                let b = input::optional_id("body_id", body_id.as_deref().unwrap_or(""))?
                    .ok_or_else(|| AppError::field("body_id", Msg::ScopeMustBeBody))?;
                let kind: Option<String> = sqlx::query_scalar!("SELECT kind FROM org_units WHERE id = $1 AND city_id = $2", b, me.city_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                if !matches!(kind.as_deref(), Some("state_body" | "party_board")) {
                    return Err(AppError::field("body_id", Msg::ScopeMustBeBody));
                }
                Some(b)
            }
            _ => None,
        };
        if let Some(p) = person {
            let exists: Option<i64> = sqlx::query_scalar!("SELECT id FROM people WHERE id = $1 AND city_id = $2", p, me.city_id)
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                return Err(AppError::field("person_id", Msg::UnknownPerson));
            }
        }
        let hash = if password.is_empty() {
            None
        } else {
            let pw = password.clone();
            Some(tokio::task::spawn_blocking(move || hash_password(&pw)).await.map_err(|_| AppError::internal())??)
        };
        let constraints = [("account_username", AppError::field("username", Msg::UsernameTaken))];
        let saved = match id {
            None => {
                let new_id: i64 = on_constraints(
                    sqlx::query_scalar!(
                        "INSERT INTO accounts (city_id, username, password_hash, person_id, role, scope_unit_id, disabled)
                         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                        me.city_id,
                        &username,
                        hash.as_deref().unwrap_or_default(),
                        person,
                        role.code(),
                        scope,
                        disabled,
                    )
                    .fetch_one(&mut *tx)
                    .await,
                    &constraints,
                )?;
                audit::record(&mut tx, me.city_id, Some(me.account_id), "create", audit::Entity::Account, new_id, None).await?;
                new_id
            }
            Some(id) => {
                let version = input::version(version.as_deref())?;
                let current = sqlx::query!("SELECT version, role FROM accounts WHERE id = $1 AND city_id = $2 FOR UPDATE", id, me.city_id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or_else(AppError::not_found)?;
                if !Role::from_code(&current.role).is_some_and(|r| can_grant(&me, r)) {
                    return Err(AppError::forbidden());
                }
                if current.version != version {
                    return Err(AppError::conflict());
                }
                if id == me.account_id && (disabled || role != me.role) {
                    // Nobody locks themselves out by accident.
                    return Err(AppError::field("role", Msg::Forbidden));
                }
                let before = audit::snapshot(&mut tx, audit::Entity::Account, id).await?;
                on_constraints(
                    sqlx::query!(
                        "UPDATE accounts SET username = $2, password_hash = COALESCE($3, password_hash), person_id = $4,
                                role = $5, scope_unit_id = $6, disabled = $7, version = version + 1, updated_at = now()
                         WHERE id = $1",
                        id,
                        &username,
                        hash.as_deref(),
                        person,
                        role.code(),
                        scope,
                        disabled,
                    )
                    .execute(&mut *tx)
                    .await,
                    &constraints,
                )?;
                if hash.is_some() || disabled {
                    // A new password or a disabled account ends every open session.
                    sqlx::query!("DELETE FROM sessions WHERE account_id = $1", id).execute(&mut *tx).await?;
                }
                audit::record(&mut tx, me.city_id, Some(me.account_id), "update", audit::Entity::Account, id, before).await?;
                id
            }
        };
        tx.commit().await?;
        leptos_axum::redirect(&format!("/accounts/{saved}?saved=1"));
        Ok(saved)
    })
    .await
}
