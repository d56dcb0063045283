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

/// An admin's correction of a year as its form posts it (`change_workdays`).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct WorkdayChangeForm {
    pub year: String,
    pub version: String,
    pub action: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub worked: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
}

/// An admin's correction of a year (see `api::change_year`).
#[server(endpoint = "workdays/change")]
pub async fn change_workdays(#[server(flatten)] form: WorkdayChangeForm) -> Result<(), AppError> {
    let WorkdayChangeForm { year, version, action, date, kind, worked, label } = form;
    crate::server::respond(super::api::change_year(
        year, version, action, date, kind, worked, label,
    ))
    .await
}
