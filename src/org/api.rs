//! Server functions of the organisation tree: read the tree, a unit and its history;
//! create and edit units; merge cells. Each one: authorize → validate → one transaction
//! → audit.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::permissions::{can, edits_any, OrgAction},
    crate::auth::session::require_me,
    crate::auth::Me,
    crate::error::{on_constraints, AppResult},
    crate::i18n::Msg,
    crate::server::{audit, input, pool, respond},
    chrono::NaiveDate,
    sqlx::PgPool,
};

pub use crate::helpers::natural_key;
#[cfg(feature = "ssr")]
pub use crate::helpers::today_vn;

#[cfg(feature = "ssr")]
struct UnitDbRow {
    id: i64,
    parent_id: Option<i64>,
    kind: String,
    cell_kind: Option<CellKind>,
    code: String,
    name: String,
    is_difficult: bool,
    active_from: NaiveDate,
    active_to: Option<NaiveDate>,
    merged_into_id: Option<i64>,
}

/// Builds the cell nodes of a set of rows, linking merges both ways.
#[cfg(feature = "ssr")]
fn cell_nodes(rows: &[UnitDbRow]) -> Vec<(Option<i64>, CellNode)> {
    use std::collections::HashMap;
    let names: HashMap<i64, &UnitDbRow> = rows.iter().map(|r| (r.id, r)).collect();
    let mut absorbed: HashMap<i64, Vec<Absorbed>> = HashMap::new();
    for r in rows.iter().filter(|r| r.kind == "cell") {
        if let (Some(target), Some(on)) = (r.merged_into_id, r.active_to) {
            absorbed.entry(target).or_default().push(Absorbed {
                id: r.id,
                code: r.code.clone(),
                name: r.name.clone(),
                merged_on: on,
            });
        }
    }
    let mut cells: Vec<(Option<i64>, CellNode)> = rows
        .iter()
        .filter(|r| r.kind == "cell")
        .map(|r| {
            (
                r.parent_id,
                CellNode {
                    id: r.id,
                    code: r.code.clone(),
                    name: r.name.clone(),
                    residential: r.cell_kind == Some(CellKind::Residential),
                    is_difficult: r.is_difficult,
                    active_from: r.active_from,
                    active_to: r.active_to,
                    merged_into: r
                        .merged_into_id
                        .and_then(|t| names.get(&t).map(|n| (t, n.name.clone()))),
                    absorbed: absorbed.remove(&r.id).unwrap_or_default(),
                },
            )
        })
        .collect();
    cells.sort_by_key(|(_, c)| natural_key(&c.code));
    cells
}

#[cfg(feature = "ssr")]
pub async fn load_tree(pool: &PgPool, me: &Me, q: &str, show_ended: bool) -> AppResult<OrgTree> {
    use crate::helpers::fold;
    let today = today_vn();
    let city_name: String = sqlx::query_scalar!("SELECT name FROM org_units WHERE id = $1", me.city_id)
        .fetch_one(pool)
        .await?;
    let rows: Vec<UnitDbRow> = sqlx::query_as!(
        UnitDbRow,
        r#"SELECT id, parent_id, kind, cell_kind AS "cell_kind: CellKind", code, name, is_difficult, active_from, active_to, merged_into_id
         FROM org_units WHERE city_id = $1 AND kind <> 'city'"#,
        me.city_id,
    )
    .fetch_all(pool)
    .await?;
    let needle = fold(q.trim());
    let matches = |code: &str, name: &str| {
        needle.is_empty() || fold(name).contains(&needle) || fold(code).contains(&needle)
    };
    let cells = cell_nodes(&rows);
    let ward_ids: std::collections::HashSet<i64> = rows.iter().filter(|r| r.kind == "ward").map(|r| r.id).collect();
    let mut wards: Vec<WardNode> = rows
        .iter()
        .filter(|r| r.kind == "ward")
        .filter(|w| can(me, OrgAction::ReadUnit { unit_id: w.id, ward_id: Some(w.id) }))
        .map(|w| {
            let ward_hit = matches(&w.code, &w.name);
            WardNode {
                id: w.id,
                code: w.code.clone(),
                name: w.name.clone(),
                active_to: w.active_to,
                can_edit: can(me, OrgAction::Edit { kind: UnitKind::Cell, ward_id: Some(w.id) }),
                cells: cells
                    .iter()
                    .filter(|(p, c)| {
                        *p == Some(w.id)
                            && (show_ended || c.is_active_on(today) || c.active_from > today)
                            && (ward_hit || matches(&c.code, &c.name))
                    })
                    .map(|(_, c)| c.clone())
                    .collect(),
            }
        })
        .filter(|w| needle.is_empty() || !w.cells.is_empty() || matches(&w.code, &w.name))
        .collect();
    wards.sort_by_key(|w| natural_key(&w.code));
    let mut bodies: Vec<UnitRow> = rows
        .iter()
        .filter(|r| r.kind == "party_board" || r.kind == "state_body")
        .filter(|r| {
            let ward_id = r.parent_id.filter(|p| ward_ids.contains(p));
            can(me, OrgAction::ReadUnit { unit_id: r.id, ward_id })
        })
        .filter(|r| matches(&r.code, &r.name))
        .filter_map(|r| {
            Some(UnitRow { id: r.id, kind: UnitKind::from_code(&r.kind)?, code: r.code.clone(), name: r.name.clone() })
        })
        .collect();
    bodies.sort_by(|a, b| (a.kind.code(), &a.name).cmp(&(b.kind.code(), &b.name)));
    Ok(OrgTree {
        city_name,
        today,
        wards,
        bodies,
        can_create_ward: can(me, OrgAction::Edit { kind: UnitKind::Ward, ward_id: None }),
    })
}

/// The tree of the caller's city: wards → cells (active ones, or all with `ended`),
/// filtered by a search that ignores Vietnamese accents.
#[server(endpoint = "org/tree")]
pub async fn get_org_tree(q: Option<String>, ended: Option<String>) -> Result<OrgTree, AppError> {
    respond(async move {
        let me = require_me().await?;
        if !can(&me, OrgAction::ReadTree) {
            return Err(AppError::forbidden());
        }
        let q = q.unwrap_or_default();
        if q.chars().count() > 100 {
            return Err(AppError::field("q", Msg::TooLong(100)));
        }
        load_tree(&pool()?, &me, &q, input::checkbox(&ended)).await
    })
    .await
}

#[server(endpoint = "org/summary")]
pub async fn get_org_summary() -> Result<OrgSummary, AppError> {
    respond(async move {
        let me = require_me().await?;
        if !can(&me, OrgAction::ReadSummary) {
            return Err(AppError::forbidden());
        }
        Ok(sqlx::query_as!(
            OrgSummary,
            r#"SELECT
                count(*) FILTER (WHERE kind = 'ward' AND (active_to IS NULL OR active_to > $2)) AS "wards!",
                count(*) FILTER (WHERE kind = 'cell' AND active_from <= $2 AND (active_to IS NULL OR active_to > $2)) AS "active_cells!",
                count(*) FILTER (WHERE kind = 'cell' AND is_difficult AND (active_to IS NULL OR active_to > $2)) AS "difficult_cells!",
                count(*) FILTER (WHERE kind = 'cell' AND merged_into_id IS NOT NULL) AS "merged_cells!",
                (SELECT count(*) FROM people WHERE city_id = $1 AND active) AS "people!"
             FROM org_units WHERE city_id = $1"#,
            me.city_id,
            today_vn(),
        )
        .fetch_one(&pool()?)
        .await?)
    })
    .await
}

#[cfg(feature = "ssr")]
struct UnitFull {
    id: i64,
    parent_id: Option<i64>,
    kind: String,
    cell_kind: Option<CellKind>,
    code: String,
    name: String,
    is_difficult: bool,
    active_from: NaiveDate,
    active_to: Option<NaiveDate>,
    merged_into_id: Option<i64>,
    note: String,
    party_members: Option<i16>,
    version: i32,
}

#[cfg(feature = "ssr")]
async fn lock_unit(tx: &mut sqlx::Transaction<'_, sqlx::Postgres>, me: &Me, id: i64) -> AppResult<UnitFull> {
    sqlx::query_as!(
        UnitFull,
        r#"SELECT id, parent_id, kind, cell_kind AS "cell_kind: CellKind", code, name, is_difficult, active_from, active_to,
                merged_into_id, note, party_members, version
         FROM org_units WHERE id = $1 AND city_id = $2 FOR UPDATE"#,
        id,
        me.city_id,
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(AppError::not_found)
}

/// The ward a unit belongs to, for scope checks: a ward is its own, a cell its parent's.
#[cfg(feature = "ssr")]
fn ward_of(kind: &str, id: i64, parent_id: Option<i64>) -> Option<i64> {
    match kind {
        "ward" => Some(id),
        "cell" => parent_id,
        _ => None,
    }
}

#[server(endpoint = "org/unit")]
pub async fn get_unit(id: i64) -> Result<UnitDetail, AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let u: UnitFull = sqlx::query_as!(
            UnitFull,
            r#"SELECT id, parent_id, kind, cell_kind AS "cell_kind: CellKind", code, name, is_difficult, active_from, active_to,
                    merged_into_id, note, party_members, version
             FROM org_units WHERE id = $1 AND city_id = $2"#,
            id,
            me.city_id,
        )
        .fetch_optional(&pool)
        .await?
        .ok_or_else(AppError::not_found)?;
        let parent_kind: Option<String> = match u.parent_id {
            Some(p) => sqlx::query_scalar!("SELECT kind FROM org_units WHERE id = $1", p).fetch_optional(&pool).await?,
            None => None,
        };
        let home_ward = match u.kind.as_str() {
            "ward" => Some(u.id),
            _ => u.parent_id.filter(|_| parent_kind.as_deref() == Some("ward")),
        };
        if !can(&me, OrgAction::ReadUnit { unit_id: u.id, ward_id: home_ward }) {
            return Err(AppError::forbidden());
        }
        let kind = UnitKind::from_code(&u.kind).ok_or_else(AppError::internal)?;
        let parent: Option<UnitRow> = match u.parent_id {
            Some(p) => sqlx::query!("SELECT id, kind, code, name FROM org_units WHERE id = $1", p)
                .fetch_optional(&pool)
                .await?
                .and_then(|r| Some(UnitRow { id: r.id, kind: UnitKind::from_code(&r.kind)?, code: r.code, name: r.name })),
            None => None,
        };
        // The ward's (or the cell's ward's) cells, to show children, merges and targets.
        let ward_id = ward_of(&u.kind, u.id, u.parent_id);
        let siblings: Vec<UnitDbRow> = match ward_id {
            Some(w) => sqlx::query_as!(
                UnitDbRow,
                r#"SELECT id, parent_id, kind, cell_kind AS "cell_kind: CellKind", code, name, is_difficult, active_from, active_to,
                        merged_into_id
                 FROM org_units WHERE parent_id = $1 AND kind = 'cell'"#,
                w,
            )
            .fetch_all(&pool)
            .await?,
            None => vec![],
        };
        let nodes = cell_nodes(&siblings);
        let this = nodes.iter().find(|(_, c)| c.id == u.id).map(|(_, c)| c.clone());
        let today = today_vn();
        let merge_targets = if kind == UnitKind::Cell && u.active_to.is_none() {
            nodes
                .iter()
                .filter(|(_, c)| c.id != u.id && c.active_to.is_none())
                .map(|(_, c)| (c.id, format!("{} – {}", c.code, c.name)))
                .collect()
        } else {
            vec![]
        };
        let cells = if kind == UnitKind::Ward { nodes.iter().map(|(_, c)| c.clone()).collect() } else { vec![] };
        let history = sqlx::query!(
            r#"SELECT l.at, COALESCE(p.full_name, a.username) AS "who?", l.action
             FROM audit_log l
             LEFT JOIN accounts a ON a.id = l.account_id
             LEFT JOIN people p ON p.id = a.person_id
             WHERE l.entity = 'org_unit' AND l.entity_id = $1
             ORDER BY l.at DESC, l.id DESC LIMIT 50"#,
            u.id,
        )
        .fetch_all(&pool)
        .await?;
        let can_edit = match kind {
            UnitKind::Cell => can(&me, OrgAction::Edit { kind, ward_id }),
            _ => can(&me, OrgAction::Edit { kind, ward_id: None }),
        };
        Ok(UnitDetail {
            id: u.id,
            kind,
            code: u.code,
            name: u.name,
            residential: u.cell_kind == Some(CellKind::Residential),
            is_difficult: u.is_difficult,
            active_from: u.active_from,
            active_to: u.active_to,
            note: u.note,
            party_members: u.party_members.map(i32::from),
            version: u.version,
            parent,
            merged_into: this.as_ref().and_then(|c| c.merged_into.clone()),
            absorbed: this.map(|c| c.absorbed).unwrap_or_default(),
            cells,
            merge_targets,
            history: history
                .into_iter()
                .map(|h| HistoryEntry { at: h.at, who: h.who.unwrap_or_else(|| "—".into()), action: h.action })
                .collect(),
            can_edit,
            today,
        })
    })
    .await
}

#[server(endpoint = "org/form-options")]
pub async fn get_unit_form_options() -> Result<UnitFormOptions, AppError> {
    respond(async move {
        let me = require_me().await?;
        let wards = sqlx::query!(
            "SELECT id, code, name FROM org_units
             WHERE city_id = $1 AND kind = 'ward' AND active_to IS NULL",
            me.city_id,
        )
        .fetch_all(&pool()?)
        .await?;
        let mut wards: Vec<_> = wards
            .into_iter()
            .filter(|w| can(&me, OrgAction::Edit { kind: UnitKind::Cell, ward_id: Some(w.id) }))
            .collect();
        wards.sort_by_key(|w| natural_key(&w.code));
        let can_create_top = can(&me, OrgAction::Edit { kind: UnitKind::Ward, ward_id: None });
        if wards.is_empty() && !can_create_top {
            return Err(AppError::forbidden());
        }
        Ok(UnitFormOptions { wards: wards.into_iter().map(|w| (w.id, w.name)).collect(), can_create_top })
    })
    .await
}

/// A ward or cell as its form posts it (`save_unit`); `id` empty makes a new one.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct UnitForm {
    pub id: Option<String>,
    pub version: Option<String>,
    pub kind: String,
    pub parent_id: Option<String>,
    pub code: String,
    pub name: String,
    pub residential: Option<String>,
    pub is_difficult: Option<String>,
    pub active_from: String,
    pub active_to: Option<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub party_members: Option<String>,
}

/// Creates (empty `id`) or updates a unit. A unit's kind and parent are fixed once it
/// exists: a cell changes ward only through a merge, which keeps its history.
#[server(endpoint = "org/save")]
pub async fn save_unit(#[server(flatten)] form: UnitForm) -> Result<i64, AppError> {
    respond(async move {
        let UnitForm { id, version, kind, parent_id, code, name, residential, is_difficult, active_from, active_to, note, party_members } = form;
        let me = require_me().await?;
        if !edits_any(&me) {
            return Err(AppError::forbidden());
        }
        let id = input::optional_id("id", id.as_deref().unwrap_or(""))?;
        let code = input::required("code", &code, 20)?;
        let name = input::required("name", &name, 200)?;
        let note = input::optional("note", note.as_deref().unwrap_or(""), 2000)?;
        let from = input::date("active_from", &active_from)?;
        let to = input::optional_date("active_to", active_to.as_deref().unwrap_or(""))?;
        if to.is_some_and(|to| to < from) {
            return Err(AppError::field("active_to", Msg::EndBeforeStart));
        }
        // a cell's party members (the total its reports count against); "" = not kept
        let members = input::optional_count("party_members", party_members.as_deref().unwrap_or(""), 5000)?;
        let cell_kind = if input::checkbox(&residential) { CellKind::Residential } else { CellKind::Other };
        let difficult = input::checkbox(&is_difficult);
        let pool = pool()?;
        let mut tx = pool.begin().await?;
        let saved_id = match id {
            None => {
                let kind = UnitKind::from_code(&kind)
                    .filter(|k| *k != UnitKind::City)
                    .ok_or_else(|| AppError::field("kind", Msg::BadRequest))?;
                let parent = input::optional_id("parent_id", parent_id.as_deref().unwrap_or(""))?;
                let parent = match kind {
                    UnitKind::Cell => {
                        let p = parent.ok_or_else(|| AppError::field("parent_id", Msg::NotAWard))?;
                        let is_ward: Option<bool> = sqlx::query_scalar!(
                            r#"SELECT kind = 'ward' AND active_to IS NULL AS "v!" FROM org_units WHERE id = $1 AND city_id = $2"#,
                            p,
                            me.city_id,
                        )
                        .fetch_optional(&mut *tx)
                        .await?;
                        if is_ward != Some(true) {
                            return Err(AppError::field("parent_id", Msg::NotAWard));
                        }
                        p
                    }
                    _ => me.city_id,
                };
                let ward_id = (kind == UnitKind::Cell).then_some(parent);
                if !can(&me, OrgAction::Edit { kind, ward_id }) {
                    return Err(AppError::forbidden());
                }
                let new_id: i64 = on_constraints(
                    sqlx::query_scalar!(
                        "INSERT INTO org_units (city_id, parent_id, kind, cell_kind, code, name, is_difficult,
                                                active_from, active_to, note, party_members)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::int) RETURNING id",
                        me.city_id,
                        parent,
                        kind.code(),
                        (kind == UnitKind::Cell).then_some(cell_kind) as Option<CellKind>,
                        &code,
                        &name,
                        difficult && kind == UnitKind::Cell,
                        from,
                        to,
                        &note,
                        members.filter(|_| kind == UnitKind::Cell),
                    )
                    .fetch_one(&mut *tx)
                    .await,
                    &unit_constraints(),
                )?;
                audit::record(&mut tx, me.city_id, Some(me.account_id), "create", audit::Entity::OrgUnit, new_id, None).await?;
                new_id
            }
            Some(id) => {
                let version = input::version(version.as_deref())?;
                let current = lock_unit(&mut tx, &me, id).await?;
                let kind = UnitKind::from_code(&current.kind).ok_or_else(AppError::internal)?;
                let ward_id = ward_of(&current.kind, current.id, current.parent_id);
                let allowed = match kind {
                    UnitKind::Cell => can(&me, OrgAction::Edit { kind, ward_id }),
                    _ => can(&me, OrgAction::Edit { kind, ward_id: None }),
                };
                if !allowed {
                    return Err(AppError::forbidden());
                }
                if current.version != version {
                    return Err(AppError::conflict());
                }
                // A merged cell ended on its merge date; that date is not edited here.
                let to = if current.merged_into_id.is_some() { current.active_to } else { to };
                if to.is_some_and(|to| to < from) {
                    return Err(AppError::field("active_from", Msg::EndBeforeStart));
                }
                let before = audit::snapshot(&mut tx, audit::Entity::OrgUnit, id).await?;
                on_constraints(
                    sqlx::query!(
                        "UPDATE org_units SET code = $2, name = $3, cell_kind = $4, is_difficult = $5,
                                active_from = $6, active_to = $7, note = $8, party_members = $9::int,
                                version = version + 1, updated_at = now()
                         WHERE id = $1",
                        id,
                        &code,
                        &name,
                        current.cell_kind.map(|_| cell_kind) as Option<CellKind>,
                        difficult && kind == UnitKind::Cell,
                        from,
                        to,
                        &note,
                        members.filter(|_| kind == UnitKind::Cell),
                    )
                    .execute(&mut *tx)
                    .await,
                    &unit_constraints(),
                )?;
                audit::record(&mut tx, me.city_id, Some(me.account_id), "update", audit::Entity::OrgUnit, id, before).await?;
                id
            }
        };
        tx.commit().await?;
        leptos_axum::redirect(&format!("/org/{saved_id}?saved=1"));
        Ok(saved_id)
    })
    .await
}

#[cfg(feature = "ssr")]
fn unit_constraints() -> [(&'static str, AppError); 3] {
    [
        ("cell_code_per_ward", AppError::field("code", Msg::CellCodeTaken)),
        ("unit_code_per_city", AppError::field("code", Msg::UnitCodeTaken)),
        ("org_unit_dates", AppError::field("active_to", Msg::EndBeforeStart)),
    ]
}

/// A cell's merge as its form posts it (`merge_cell`): the cell, the cell that continues it, the date.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct MergeForm {
    #[serde(deserialize_with = "crate::helpers::form_number")]
    pub id: i64,
    pub version: String,
    pub target_id: String,
    pub merged_on: String,
}

/// Merges a cell into another active cell of the same ward: the absorbed cell ends on the
/// merge date and points at the cell that continues it. Nothing is deleted, so its past
/// meetings, reports and recommendations stay attributed to it.
#[server(endpoint = "org/merge")]
pub async fn merge_cell(#[server(flatten)] form: MergeForm) -> Result<(), AppError> {
    respond(async move {
        let MergeForm { id, version, target_id, merged_on } = form;
        let me = require_me().await?;
        if !edits_any(&me) {
            return Err(AppError::forbidden());
        }
        let version = input::version(Some(&version))?;
        let target_id = input::optional_id("target_id", &target_id)?
            .ok_or_else(|| AppError::field("target_id", Msg::Required))?;
        let merged_on = input::date("merged_on", &merged_on)?;
        let pool = pool()?;
        let mut tx = pool.begin().await?;
        let source = lock_unit(&mut tx, &me, id).await?;
        if source.kind != "cell" {
            return Err(AppError::not_found());
        }
        let ward = source.parent_id.ok_or_else(AppError::internal)?;
        if !can(&me, OrgAction::MergeCell { ward_id: ward }) {
            return Err(AppError::forbidden());
        }
        if target_id == source.id {
            return Err(AppError::field("target_id", Msg::MergeIntoSelf));
        }
        if source.version != version {
            return Err(AppError::conflict());
        }
        if source.active_to.is_some() {
            return Err(AppError::invalid(Msg::MergeSourceEnded));
        }
        let target = match lock_unit(&mut tx, &me, target_id).await {
            Ok(t) if t.kind == "cell" => t,
            Ok(_) | Err(AppError { kind: crate::error::ErrorKind::NotFound, .. }) => {
                return Err(AppError::field("target_id", Msg::UnknownUnit))
            }
            Err(e) => return Err(e),
        };
        if target.parent_id != source.parent_id {
            return Err(AppError::field("target_id", Msg::MergeOtherWard));
        }
        if target.active_to.is_some_and(|to| to <= merged_on) || target.merged_into_id.is_some() {
            return Err(AppError::field("target_id", Msg::MergeTargetEnded));
        }
        if merged_on <= source.active_from || merged_on < target.active_from {
            return Err(AppError::field("merged_on", Msg::MergeDateOutOfRange));
        }
        let before_source = audit::snapshot(&mut tx, audit::Entity::OrgUnit, source.id).await?;
        sqlx::query!(
            "UPDATE org_units SET active_to = $2, merged_into_id = $3, version = version + 1, updated_at = now()
             WHERE id = $1",
            source.id,
            merged_on,
            target.id,
        )
        .execute(&mut *tx)
        .await?;
        audit::record(&mut tx, me.city_id, Some(me.account_id), "merge", audit::Entity::OrgUnit, source.id, before_source).await?;
        // The continuing cell's record changes too (it now carries the absorbed line).
        let before_target = audit::snapshot(&mut tx, audit::Entity::OrgUnit, target.id).await?;
        sqlx::query!("UPDATE org_units SET version = version + 1, updated_at = now() WHERE id = $1", target.id)
            .execute(&mut *tx)
            .await?;
        audit::record(&mut tx, me.city_id, Some(me.account_id), "absorb", audit::Entity::OrgUnit, target.id, before_target).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/org/{}?saved=1", source.id));
        Ok(())
    })
    .await
}
