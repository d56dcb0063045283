//! The dashboard's server function: the figures for a period, a ward or a group, in the
//! caller's scope. The page polls it while shown, so it only reads.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::figures::{self, Ctx},
    super::permissions::scope,
    crate::auth::session::require_me,
    crate::helpers::{next_month, parse_month},
    crate::i18n::Msg,
    crate::server::{pool, respond},
    chrono::Datelike,
};

/// The longest period the dashboard computes at once (ten years).
pub const MAX_MONTHS: i32 = 120;

/// The figures. `from` and `to` are months "YYYY-MM", both included (by default January of
/// this year to this month); `ward` and `group` narrow them, within the caller's scope.
#[server(endpoint = "dashboard/data")]
pub async fn dashboard_data(
    #[server(default)] from: Option<String>,
    #[server(default)] to: Option<String>,
    #[server(default)] ward: Option<String>,
    #[server(default)] group: Option<String>,
) -> Result<Dashboard, AppError> {
    respond(async move {
        let me = require_me().await?;
        // planned for their values: with kept plans `bench dashboard` read a city's five
        // years in 116 ms against 44 ms planned for the values (national data set)
        compute(&pool()?, &me, from, to, ward, group).await
    })
    .await
}

/// The dashboard's figures for the caller (also the review report's).
#[cfg(feature = "ssr")]
pub async fn compute(
    pool: &sqlx::PgPool,
    me: &crate::auth::Me,
    from: Option<String>,
    to: Option<String>,
    ward: Option<String>,
    group: Option<String>,
) -> crate::error::AppResult<Dashboard> {
    let scope = scope(me).ok_or_else(AppError::forbidden)?;
    let today = crate::helpers::today_vn();
    let this_month = crate::helpers::first_of_month(today);
    let month = |field: &str, v: Option<&str>, default| match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => parse_month(s).filter(|m| (1990..=2200).contains(&m.year())).ok_or_else(|| AppError::field(field, Msg::BadMonth)),
    };
    let january = chrono::NaiveDate::from_ymd_opt(this_month.year(), 1, 1).ok_or_else(AppError::internal)?;
    let from = month("from", from.as_deref(), january)?;
    let to = month("to", to.as_deref(), this_month)?;
    if to < from {
        return Err(AppError::field("to", Msg::MonthsOutOfOrder));
    }
    let span = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if span >= MAX_MONTHS {
        return Err(AppError::field("from", Msg::PeriodTooLong));
    }
    let end = next_month(to);
    let id = |field: &str, v: Option<&str>| match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse::<i64>().map(Some).map_err(|_| AppError::field(field, Msg::BadRequest)),
    };
    let ward = id("ward", ward.as_deref())?;
    let group = id("group", group.as_deref())?;
    let (wards, groups) = figures::choices(pool, me.city_id, scope, from, end).await?;
    // a ward or group outside the caller's figures is refused, not emptied
    if ward.is_some_and(|w| !wards.iter().any(|x| x.0 == w)) || group.is_some_and(|g| !groups.iter().any(|x| x.0 == g)) {
        return Err(AppError::forbidden());
    }
    let ctx = Ctx { city: me.city_id, from, end, today, scope, ward, group };
    let my_groups = ctx.my_groups(pool).await?;
    // the wards the figures are of: the ward chosen or ward staff's own, else those the
    // groups followed (a leader's, or the group chosen); None: the whole city
    let my_wards = ctx.my_wards(pool, &my_groups).await?;
    // every panel and finding at once, each on its own connection
    let ((attendance, reports, quality, expected), recs, (invitations, inv_rows), (ward_reports, missing_periodic), of_wards, of_merges) = tokio::try_join!(
        figures::attendance(pool, &ctx, &my_groups),
        figures::recommendations(pool, &ctx, &my_wards),
        figures::invitations(pool, &ctx, &my_wards, &my_groups),
        figures::ward_reports(pool, &ctx, &my_wards),
        super::findings::of_wards(pool, &ctx, &my_wards),
        super::findings::of_merges(pool, &ctx, &my_wards),
    )?;
    let mut findings = super::findings::of_members(&expected);
    findings.extend(super::findings::of_invitations(&ctx, &inv_rows));
    findings.extend(of_wards);
    findings.extend(super::findings::of_periodic(&missing_periodic));
    findings.extend(of_merges);
    let (findings, finding_totals) = cap_findings(findings);
    Ok(Dashboard {
        from: from.format("%Y-%m").to_string(),
        to: to.format("%Y-%m").to_string(),
        ward,
        group,
        wards,
        groups,
        attendance,
        reports,
        recs,
        invitations,
        ward_reports,
        quality,
        findings,
        finding_totals,
        computed_at: crate::helpers::in_vietnam(chrono::Utc::now()).format("%H:%M:%S").to_string(),
    })
}
