//! The quality rating's criteria (a report rates the meeting on each, on a four-level
//! scale): a city's list, which the Organization Board or an admin keeps at
//! `/calendar/criteria`. A criterion is never deleted, since reports keep their ratings on
//! it: it is switched off, and new reports no longer ask for it. Model, server functions
//! and page together, the feature being this small.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::permissions::can_configure_rating,
    crate::auth::session::require_me,
    crate::i18n::Msg,
    crate::server::{audit, input, pool, respond},
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionRow {
    pub id: i64,
    pub name_vi: String,
    pub name_en: String,
    pub position: i32,
    pub active: bool,
    pub version: i32,
    /// Ratings given on it so far.
    pub used: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriteriaList {
    pub items: Vec<CriterionRow>,
}

/// The city's criteria, in their order (those switched off too).
#[server(endpoint = "reports/criteria")]
pub async fn rating_criteria() -> Result<CriteriaList, AppError> {
    respond(async move {
        let me = require_me().await?;
        if !can_configure_rating(&me) {
            return Err(AppError::forbidden());
        }
        let items = sqlx::query!(
            r#"SELECT c.id, c.name_vi, c.name_en, c.position, c.active, c.version,
                    (SELECT count(*) FROM report_ratings r WHERE r.criterion_id = c.id) AS "used!"
             FROM rating_criteria c WHERE c.city_id = $1 ORDER BY c.position, c.id"#,
            me.city_id,
        )
        .fetch_all(&pool()?)
        .await?;
        Ok(CriteriaList {
            items: items
                .into_iter()
                .map(|r| CriterionRow {
                    id: r.id,
                    name_vi: r.name_vi,
                    name_en: r.name_en,
                    position: i32::from(r.position),
                    active: r.active,
                    version: r.version,
                    used: r.used,
                })
                .collect(),
        })
    })
    .await
}

/// A rating criterion as its form posts it (`save_criterion`); `id` empty makes a new one.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct CriterionForm {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    pub name_vi: String,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(default)]
    pub position: Option<String>,
    #[serde(default)]
    pub active: Option<String>,
}

/// Adds a criterion (no `id`) or changes one: its names, its place in the list, whether
/// new reports rate it. The last criterion in use cannot be switched off.
#[server(endpoint = "reports/criterion-save")]
pub async fn save_criterion(#[server(flatten)] form: CriterionForm) -> Result<(), AppError> {
    respond(async move {
        let CriterionForm { id, version, name_vi, name_en, position, active } = form;
        let me = require_me().await?;
        if !can_configure_rating(&me) {
            return Err(AppError::forbidden());
        }
        let id = input::optional_id("id", id.as_deref().unwrap_or(""))?;
        let name_vi = input::required("name_vi", &name_vi, 100)?;
        let name_en = input::optional("name_en", name_en.as_deref().unwrap_or(""), 100)?;
        let name_en = if name_en.is_empty() { name_vi.clone() } else { name_en };
        let position = input::optional_count("position", position.as_deref().unwrap_or(""), 99)?;
        let active = input::checkbox(&active);
        let pool = pool()?;
        let mut tx = pool.begin().await?;
        // one change at a time per city (the last-in-use rule reads the others)
        sqlx::query!("SELECT id FROM org_units WHERE id = $1 FOR UPDATE", me.city_id).fetch_optional(&mut *tx).await?;
        let saved = match id {
            None => {
                // how many the city has (the new code) and where the list ends (its place)
                let counted = sqlx::query!(
                    r#"SELECT count(*) AS "n!", COALESCE(max(position), 0)::int + 1 AS "next!" FROM rating_criteria WHERE city_id = $1"#,
                    me.city_id,
                )
                .fetch_one(&mut *tx)
                .await?;
                let position = position.unwrap_or(counted.next.min(99));
                let new_id: i64 = sqlx::query_scalar!(
                    "INSERT INTO rating_criteria (city_id, code, name_vi, name_en, position, active)
                     VALUES ($1, $2, $3, $4, $5, true) RETURNING id",
                    me.city_id,
                    new_code(counted.n),
                    &name_vi,
                    &name_en,
                    position as i16,
                )
                .fetch_one(&mut *tx)
                .await?;
                audit::record(&mut tx, me.city_id, Some(me.account_id), "create", audit::Entity::RatingCriterion, new_id, None).await?;
                new_id
            }
            Some(id) => {
                let version = input::version(version.as_deref())?;
                let current = sqlx::query!(
                    "SELECT version, position FROM rating_criteria WHERE id = $1 AND city_id = $2 FOR UPDATE",
                    id,
                    me.city_id,
                )
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(AppError::not_found)?;
                if current.version != version {
                    return Err(AppError::conflict());
                }
                if !active {
                    let others: i64 = sqlx::query_scalar!(
                        r#"SELECT count(*) AS "v!" FROM rating_criteria WHERE city_id = $1 AND active AND id <> $2"#,
                        me.city_id,
                        id,
                    )
                    .fetch_one(&mut *tx)
                    .await?;
                    if others == 0 {
                        return Err(AppError::field("active", Msg::LastCriterion));
                    }
                }
                let before = audit::snapshot(&mut tx, audit::Entity::RatingCriterion, id).await?;
                sqlx::query!(
                    "UPDATE rating_criteria SET name_vi = $2, name_en = $3, position = $4, active = $5,
                            version = version + 1
                     WHERE id = $1",
                    id,
                    &name_vi,
                    &name_en,
                    position.map(|p| p as i16).unwrap_or(current.position),
                    active,
                )
                .execute(&mut *tx)
                .await?;
                audit::record(&mut tx, me.city_id, Some(me.account_id), "update", audit::Entity::RatingCriterion, id, before).await?;
                id
            }
        };
        tx.commit().await?;
        leptos_axum::redirect(&format!("/calendar/criteria?saved={saved}"));
        Ok(())
    })
    .await
}

/// A new criterion's code (lower-case letters, as the table's check wants): `extra_` and
/// the city's count of criteria written in letters (a, b, …, z, ba, …).
#[cfg(feature = "ssr")]
fn new_code(n: i64) -> String {
    let mut n = n.max(0) as u64;
    let mut letters = Vec::new();
    loop {
        letters.push(b'a' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    letters.reverse();
    format!("extra_{}", String::from_utf8(letters).unwrap_or_default())
}

// ---------------------------------------------------------------- the page

use crate::i18n::{text, use_lang};
use crate::t;
use crate::ui::*;
use leptos_router::hooks::use_query_map;

/// `/calendar/criteria`, the city's rating criteria (one of the calendar's desk pages,
/// `app::CalendarDeskRoute`).
#[component]
pub fn CriteriaPage() -> impl IntoView {
    let query = use_query_map();
    let saved = Signal::derive(move || query.with(|q| q.get("saved").is_some()));
    let data = Resource::new(|| (), |_| rating_criteria());
    view! {
        <nav class="crumbs"><a href="/calendar/reports">{t!("inbox_reports.title")}</a></nav>
        <h1>{t!("criteria.title")}</h1>
        <p class="hint">{t!("criteria.hint")}</p>
        <Saved show=saved/>
        <Loaded resource=data render=move |l| view! { <CriteriaView l/> }/>
    }
}

#[component]
fn CriteriaView(l: CriteriaList) -> impl IntoView {
    view! {
        <ul class="criteria" data-test="criteria">
            {l.items.into_iter().map(|c| view! { <CriterionForm c/> }).collect_view()}
        </ul>
        <NewCriterion/>
    }
}

/// One criterion, its own form (so a message lands next to its own field).
#[component]
fn CriterionForm(c: CriterionRow) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveCriterion>::new();
    let err = action_error(save);
    let pending = save.pending().into();
    view! {
        <li class=if c.active { "panel" } else { "panel off" } data-test="criterion" data-id=c.id.to_string()>
            <ActionForm action=save attr:class="stack">
                <input type="hidden" name="id" value=c.id.to_string()/>
                <input type="hidden" name="version" value=c.version.to_string()/>
                <div class="row">
                    <TextField label="criteria.name_vi" name="name_vi" value=c.name_vi.clone() err required=true maxlength=100/>
                    <TextField label="criteria.name_en" name="name_en" value=c.name_en.clone() err maxlength=100/>
                    <TextField label="criteria.position" name="position" kind="number" value=c.position.to_string() err/>
                </div>
                <CheckField label="criteria.active" name="active" checked=c.active/>
                <FieldError err field="active"/>
                <p class="muted">{c.used} " " {move || text(lang.get(), "criteria.used")}</p>
                <FormError err/>
                <SubmitButton label="form.save" pending/>
            </ActionForm>
        </li>
    }
}

#[component]
fn NewCriterion() -> impl IntoView {
    let save = ServerAction::<SaveCriterion>::new();
    let err = action_error(save);
    let pending = save.pending().into();
    view! {
        <section class="panel">
            <h2>{t!("criteria.new")}</h2>
            <ActionForm action=save attr:class="stack" attr:data-test="new-criterion">
                <div class="row">
                    <TextField label="criteria.name_vi" name="name_vi" err required=true maxlength=100/>
                    <TextField label="criteria.name_en" name="name_en" err maxlength=100/>
                </div>
                <FormError err/>
                <SubmitButton label="criteria.add" pending/>
            </ActionForm>
        </section>
    }
}
