//! The working-day calendar's server functions (the page `/calendar/workdays`).

use super::model::YearDays;
use crate::error::AppError;
use leptos::prelude::*;

/// A year's special days (every signed-in account of the city reads them: due dates
/// depend on them).
#[server(endpoint = "workdays/year")]
pub async fn workdays_year(#[server(default)] year: Option<String>) -> Result<YearDays, AppError> {
    crate::server::respond(super::api::get_year(year)).await
}

/// An admin's correction of a year (see `api::change_year`).
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "workdays/change")]
pub async fn change_workdays(
    year: String,
    version: String,
    action: String,
    #[server(default)] date: Option<String>,
    #[server(default)] kind: Option<String>,
    #[server(default)] worked: Option<String>,
    #[server(default)] label: Option<String>,
) -> Result<(), AppError> {
    crate::server::respond(super::api::change_year(
        year, version, action, date, kind, worked, label,
    ))
    .await
}
