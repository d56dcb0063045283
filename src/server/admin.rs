//! Creating the first administrator of a real deployment (the `create-admin` command).

use crate::auth::session::{check_password_strength, hash_password};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use sqlx::PgPool;

/// Creates an administrator. When the database has no city yet, creates the city
/// committee too, named `city` (required then).
pub async fn create_admin(pool: &PgPool, username: &str, password: &str, city: Option<&str>) -> AppResult<i64> {
    let username = username.trim().to_lowercase();
    if !(3..=40).contains(&username.len())
        || !username.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c))
    {
        return Err(AppError::field("username", Msg::UsernameFormat));
    }
    check_password_strength("password", password)?;
    let hash = hash_password(password)?;
    let mut tx = pool.begin().await?;
    let existing: Option<i64> = sqlx::query_scalar!("SELECT id FROM org_units WHERE kind = 'city' ORDER BY id LIMIT 1")
        .fetch_optional(&mut *tx)
        .await?;
    let city_id = match existing {
        Some(id) => id,
        None => {
            let name = city.map(str::trim).filter(|c| !c.is_empty()).ok_or_else(|| AppError::field("city", Msg::Required))?;
            let id: i64 = sqlx::query_scalar!(r#"SELECT nextval(pg_get_serial_sequence('org_units', 'id')) AS "v!""#)
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query!(
                "INSERT INTO org_units (id, city_id, parent_id, kind, code, name, active_from)
                 VALUES ($1, $1, NULL, 'city', 'TU', $2, CURRENT_DATE)",
                id,
                name,
            )
            .execute(&mut *tx)
            .await?;
            id
        }
    };
    let id: i64 = crate::error::on_constraints(
        sqlx::query_scalar!(
            "INSERT INTO accounts (city_id, username, password_hash, role) VALUES ($1, $2, $3, 'admin') RETURNING id",
            city_id,
            &username,
            &hash,
        )
        .fetch_one(&mut *tx)
        .await,
        &[("account_username", AppError::field("username", Msg::UsernameTaken))],
    )?;
    crate::server::audit::record(&mut tx, city_id, None, "create", crate::server::audit::Entity::Account, id, None).await?;
    tx.commit().await?;
    Ok(id)
}
