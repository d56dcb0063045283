//! The review report's draft for the page: the dashboard's figures for the period (the
//! whole city), written out, the shortcomings from its findings.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{auth::session::require_me, server::{pool, respond}};

/// The draft for months `from`..`to` ("YYYY-MM"; by default January to this month).
#[server(endpoint = "review/draft")]
pub async fn review_draft(#[server(default)] from: Option<String>, #[server(default)] to: Option<String>) -> Result<DraftReport, AppError> {
    respond(async move {
        let me = require_me().await?;
        if !super::permissions::can(&me, super::permissions::Action::Write) {
            return Err(AppError::forbidden());
        }
        let pool = pool()?;
        let d = crate::dashboard::api::compute(&pool, &me, from, to, None, None).await?;
        let city: String = sqlx::query_scalar!("SELECT name FROM org_units WHERE id = $1", me.city_id).fetch_one(&pool).await?;
        Ok(super::draft::draft(&d, &city))
    })
    .await
}
