//! The member's capture and report, saved as a draft or submitted (from the page or from
//! the phone's offline queue): the form as it is posted (`ReportForm`), the report's row
//! locked for the save, the keys that make a resent request answer as the first.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::model::*,
    super::api::*,
    crate::auth::session::require_me,
    crate::error::AppResult,
    crate::i18n::Msg,
    crate::server::{audit, input, pool, respond},
    chrono::Utc,
    sqlx::PgConnection,
};

/// The author's report row as a save reads it (locked), with the keys of the last save and
/// submission that changed it.
#[cfg(feature = "ssr")]
#[derive(Clone)]
struct LockedReport {
    id: i64,
    status: ReportStatus,
    version: i32,
    save_key: Option<String>,
    submit_key: Option<String>,
}

/// The author's report row, locked for this transaction, and whether it was made just now.
/// The row is made first when there is none (`ON CONFLICT DO NOTHING`), so that the same
/// first save sent twice at once waits on one row instead of both inserting it: the copy
/// then finds the first one's keys and is answered as it was.
#[cfg(feature = "ssr")]
async fn report_state(
    tx: &mut PgConnection,
    city_id: i64,
    meeting_id: i64,
    person_id: i64,
) -> AppResult<(LockedReport, bool)> {
    let made: Option<i64> = sqlx::query_scalar!(
        "INSERT INTO attendance_reports (city_id, meeting_id, person_id) VALUES ($1, $2, $3)
         ON CONFLICT (meeting_id, person_id) DO NOTHING RETURNING id",
        city_id,
        meeting_id,
        person_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let state = sqlx::query_as!(
        LockedReport,
        r#"SELECT id, status AS "status: ReportStatus", version, save_key::text AS "save_key?", submit_key::text AS "submit_key?"
           FROM attendance_reports WHERE meeting_id = $1 AND person_id = $2 FOR UPDATE"#,
        meeting_id,
        person_id,
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok((state, made.is_some()))
}

/// The member's report as its form posts it: every value as typed, checked by the server
/// (`save_report`). `submit` set sends it; the keys make a resent request answer as the first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ReportForm {
    #[serde(deserialize_with = "crate::helpers::form_number")]
    pub meeting_id: i64,
    pub version: String,
    #[serde(default)]
    pub save_key: Option<String>,
    #[serde(default)]
    pub submit: Option<String>,
    #[serde(default)]
    pub submit_key: Option<String>,
    #[serde(default)]
    pub running_note: Option<String>,
    #[serde(default)]
    pub members_present: Option<String>,
    #[serde(default)]
    pub members_total: Option<String>,
    #[serde(default)]
    pub informed: Option<String>,
    #[serde(default)]
    pub oriented: Option<String>,
    #[serde(default)]
    pub commented: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub information_given: Option<String>,
    #[serde(default)]
    pub orientation: Option<String>,
    #[serde(default)]
    pub contributions: Option<String>,
    #[serde(default)]
    pub ideology: Option<String>,
    #[serde(default)]
    pub complex_issues: Option<String>,
    #[serde(default)]
    pub complex_confidential: Option<String>,
    #[serde(default)]
    pub overall_level: Option<String>,
    #[serde(default)]
    pub ratings: Vec<RatingInput>,
}

/// One criterion's level as the form sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RatingInput {
    pub criterion: String,
    #[serde(default)]
    pub level: Option<String>,
}

/// Saves the member's capture and report as a draft, or submits it (`submit` set). The
/// answer is the report's new version. A save or submission sent again with the same key
/// (the phone retrying after a timeout) is answered with the version it already made.
#[server(endpoint = "reports/save")]
pub async fn save_report(#[server(flatten)] form: ReportForm) -> Result<i32, AppError> {
    respond(async move {
        let ReportForm {
            meeting_id, version, save_key, submit, submit_key, running_note, members_present, members_total,
            informed, oriented, commented, summary, information_given, orientation, contributions, ideology,
            complex_issues, complex_confidential, overall_level, ratings,
        } = form;
        let me = require_me().await?;
        let pool = pool()?;
        let (m, person) = writable(&pool, &me, meeting_id).await?;
        let version = input::version(Some(&version))?;
        let submit = input::checkbox(&submit);
        let save_key = match save_key.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(k) => Some(input::client_key("save_key", k)?),
            None => None,
        };
        let submit_key = match submit_key.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(k) => Some(input::client_key("submit_key", k)?),
            None => None,
        };
        let mut errors: Vec<(String, Msg)> = Vec::new();
        let mut text = |field: &str, v: &Option<String>, max: u32| match input::optional(field, v.as_deref().unwrap_or(""), max) {
            Ok(s) => s,
            Err(e) => {
                errors.push((field.to_string(), e.msg));
                String::new()
            }
        };
        let running_note = text("running_note", &running_note, 20_000);
        let summary = text("summary", &summary, 10_000);
        let information_given = text("information_given", &information_given, 10_000);
        let orientation = text("orientation", &orientation, 10_000);
        let contributions = text("contributions", &contributions, 10_000);
        let ideology = text("ideology", &ideology, 10_000);
        let complex_issues = text("complex_issues", &complex_issues, 10_000);
        let number = |field: &str, v: &Option<String>, errors: &mut Vec<(String, Msg)>| -> Option<i32> {
            let s = v.as_deref().unwrap_or("").trim();
            if s.is_empty() {
                return None;
            }
            match s.parse::<i32>() {
                Ok(n) if (0..=5000).contains(&n) => Some(n),
                _ => {
                    errors.push((field.to_string(), Msg::BadNumber));
                    None
                }
            }
        };
        let present = number("members_present", &members_present, &mut errors);
        // the cell's own count, when the city keeps it, is the total
        let total = m.cell_members.or_else(|| number("members_total", &members_total, &mut errors));
        if let (Some(p), Some(t)) = (present, total) {
            if p > t {
                errors.push(("members_present".into(), Msg::PresentOverTotal(t as u32)));
            }
        }
        let level = |field: &str, v: Option<&str>, errors: &mut Vec<(String, Msg)>| -> Option<i16> {
            let s = v.unwrap_or("").trim();
            if s.is_empty() {
                return None;
            }
            match s.parse::<i16>() {
                Ok(n) if (1..=4).contains(&n) => Some(n),
                _ => {
                    errors.push((field.to_string(), Msg::LevelRange));
                    None
                }
            }
        };
        let overall = level("overall_level", overall_level.as_deref(), &mut errors);
        let criteria: Vec<i64> = sqlx::query_scalar!(
            "SELECT id FROM rating_criteria WHERE city_id = $1 AND active ORDER BY position, id",
            m.city_id,
        )
        .fetch_all(&pool)
        .await?;
        let mut levels: Vec<(i64, i16)> = Vec::new();
        for r in &ratings {
            let Some(id) = r.criterion.trim().parse::<i64>().ok().filter(|id| criteria.contains(id)) else {
                errors.push(("ratings".into(), Msg::UnknownCriterion));
                continue;
            };
            if let Some(l) = level(&format!("rating-{id}"), r.level.as_deref(), &mut errors) {
                levels.retain(|(c, _)| *c != id);
                levels.push((id, l));
            }
        }
        if submit {
            if Utc::now() < m.starts_at {
                errors.push(("submit".into(), Msg::NotYetHeld));
            }
            if summary.is_empty() {
                errors.push(("summary".into(), Msg::Required));
            }
            if present.is_none() && !errors.iter().any(|(f, _)| f == "members_present") {
                errors.push(("members_present".into(), Msg::Required));
            }
            if total.is_none() && !errors.iter().any(|(f, _)| f == "members_total") {
                errors.push(("members_total".into(), Msg::Required));
            }
            if overall.is_none() && !errors.iter().any(|(f, _)| f == "overall_level") {
                errors.push(("overall_level".into(), Msg::Required));
            }
            for id in &criteria {
                let field = format!("rating-{id}");
                if !levels.iter().any(|(c, _)| c == id) && !errors.iter().any(|(f, _)| *f == field) {
                    errors.push((field, Msg::Required));
                }
            }
        }
        let mut tx = pool.begin().await?;
        if absence_of(&mut tx, meeting_id, person).await?.is_some() {
            return Err(AppError::invalid(Msg::ReportedAbsent));
        }
        let (row, made_now) = report_state(&mut tx, m.city_id, meeting_id, person).await?;
        let state = (!made_now).then_some(row.clone());
        // the same request again: answer as the first time
        if let Some(LockedReport { status, version: current, save_key: stored_save, submit_key: stored_submit, .. }) = &state {
            let status = *status;
            let replayed_submit = submit && submit_key.is_some() && *stored_submit == submit_key && status != ReportStatus::Returned;
            let replayed_save = !submit && save_key.is_some() && *stored_save == save_key && status != ReportStatus::Acknowledged;
            if replayed_submit || replayed_save {
                return Ok(*current);
            }
            editable(status)?;
            // a row only the check-in or a recommendation made (never saved) holds nothing a
            // save could overwrite: a phone that has not seen it yet (version 0) may save
            if *current != version && !(version == 0 && stored_save.is_none()) {
                return Err(AppError::conflict());
            }
        } else if version != 0 {
            return Err(AppError::conflict());
        }
        if let Some(e) = AppError::fields(errors) {
            return Err(e);
        }
        let before = match &state {
            Some(r) => audit::snapshot(&mut tx, audit::Entity::Report, r.id).await?,
            None => None,
        };
        let id: i64 = row.id;
        let new_version: i32 = sqlx::query_scalar!(
            "UPDATE attendance_reports SET
                 running_note = $2, members_present = $3, members_total = $4, informed = $5, oriented = $6, commented = $7,
                 summary = $8, information_given = $9, orientation = $10, contributions = $11, ideology = $12,
                 complex_issues = $13, complex_confidential = $14, overall_level = $15, save_key = $16::text::uuid,
                 status = CASE WHEN $17 THEN 'submitted' ELSE status END,
                 submitted_at = CASE WHEN $17 THEN now() ELSE submitted_at END,
                 submit_key = CASE WHEN $17 THEN $18::text::uuid ELSE submit_key END,
                 version = version + 1, updated_at = now()
             WHERE id = $1 RETURNING version",
            id,
            &running_note,
            present.map(|n| n as i16),
            total.map(|n| n as i16),
            input::checkbox(&informed),
            input::checkbox(&oriented),
            input::checkbox(&commented),
            &summary,
            &information_given,
            &orientation,
            &contributions,
            &ideology,
            &complex_issues,
            input::checkbox(&complex_confidential),
            overall,
            save_key.as_deref(),
            submit,
            submit_key.as_deref(),
        )
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query!("DELETE FROM report_ratings WHERE report_id = $1", id).execute(&mut *tx).await?;
        let (ids, lv): (Vec<i64>, Vec<i16>) = levels.into_iter().unzip();
        sqlx::query!(
            "INSERT INTO report_ratings (report_id, criterion_id, level) SELECT $1, c, l FROM unnest($2::bigint[], $3::smallint[]) AS t(c, l)",
            id,
            &ids,
            &lv,
        )
        .execute(&mut *tx)
        .await?;
        audit::record(&mut tx, me.city_id, Some(me.account_id), if submit { "submit" } else { "save" }, audit::Entity::Report, id, before).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/meetings/{meeting_id}?saved=1#report"));
        Ok(new_version)
    })
    .await
}
