//! The list's SQL: the caller's scope and the filters, shared by the list, the board's
//! counts and the exports, so every way in shows the same items. Server only.

use super::model::*;
use super::permissions::reads_all;
use crate::auth::visibility::{Period, Reach};
use crate::auth::{Me, Role};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use chrono::NaiveDate;
use sqlx::{PgPool, Postgres, QueryBuilder};

/// The filters as the list page's form (a GET form) and the export links send them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub status: Option<RecStatus>,
    pub ward: Option<i64>,
    pub group: Option<i64>,
    pub body: Option<i64>,
    pub domain: Option<Domain>,
    pub kind: Option<RecKind>,
    /// Raised at least this many days ago.
    pub older_than: Option<i32>,
    pub overdue: bool,
    pub q: Option<String>,
}

fn id_of(field: &str, v: Option<&str>) -> AppResult<Option<i64>> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse::<i64>().map(Some).map_err(|_| AppError::field(field, Msg::BadRequest)),
    }
}

fn code_of<T>(field: &str, v: Option<&str>, parse: fn(&str) -> Option<T>) -> AppResult<Option<T>> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => parse(s).map(Some).ok_or_else(|| AppError::field(field, Msg::BadRequest)),
    }
}

impl Filter {
    /// Reads the filters; an unknown value is a 4xx on its field.
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        status: Option<&str>,
        ward: Option<&str>,
        group: Option<&str>,
        body: Option<&str>,
        domain: Option<&str>,
        kind: Option<&str>,
        age: Option<&str>,
        overdue: Option<&str>,
        q: Option<&str>,
    ) -> AppResult<Filter> {
        let older_than = match age.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(
                s.parse::<i32>()
                    .ok()
                    .filter(|d| (0..=3650).contains(d))
                    .ok_or_else(|| AppError::field("age", Msg::BadRequest))?,
            ),
        };
        let q = q.map(str::trim).filter(|s| !s.is_empty()).map(|s| s.chars().take(100).collect());
        Ok(Filter {
            status: match status.map(str::trim).filter(|s| !s.is_empty()) {
                None => None,
                Some(s) => Some(RecStatus::parse(s).ok_or_else(|| AppError::field("status", Msg::BadRequest))?),
            },
            ward: id_of("ward", ward)?,
            group: id_of("group", group)?,
            body: id_of("body", body)?,
            domain: code_of("domain", domain, Domain::parse)?,
            kind: code_of("kind", kind, RecKind::parse)?,
            older_than,
            overdue: matches!(overdue.map(str::trim), Some("on" | "1" | "true")),
            q,
        })
    }

    /// The query string of these filters (the export links, the pages).
    pub fn query_string(&self) -> String {
        let mut parts = Vec::new();
        let mut add = |k: &str, v: String| parts.push(format!("{k}={}", crate::helpers::url_component(&v)));
        if let Some(v) = self.status { add("status", v.code().to_string()); }
        if let Some(v) = self.ward { add("ward", v.to_string()); }
        if let Some(v) = self.group { add("group", v.to_string()); }
        if let Some(v) = self.body { add("body", v.to_string()); }
        if let Some(v) = self.domain { add("domain", v.code().to_string()); }
        if let Some(v) = self.kind { add("kind", v.code().to_string()); }
        if let Some(v) = self.older_than { add("age", v.to_string()); }
        if self.overdue { add("overdue", "on".into()); }
        if let Some(v) = &self.q { add("q", v.clone()); }
        parts.join("&")
    }
}

/// `FROM recommendations r WHERE` the caller's scope and the filters (the status filter
/// too unless `with_status` is false: the board counts every status).
pub fn push_where<'a>(qb: &mut QueryBuilder<'a, Postgres>, me: &Me, f: &'a Filter, today: NaiveDate, with_status: bool) {
    qb.push(" FROM recommendations r WHERE r.deleted_at IS NULL AND r.city_id = ").push_bind(me.city_id);
    if !reads_all(me) {
        match me.role {
            Role::Responder => {
                qb.push(" AND r.body_id = ").push_bind(me.scope_unit_id.unwrap_or(-1));
            }
            Role::WardStaff => {
                qb.push(" AND r.ward_id = ").push_bind(me.ward_scope().unwrap_or(-1));
            }
            _ => {
                // what he raised, and the items of the wards his groups follow today
                qb.push(" AND (r.created_by = ").push_bind(me.account_id).push(" OR ");
                Reach::push_seen(Reach::of(me), qb, "r.ward_id", Period::Dates(today, today + chrono::Days::new(1)));
                qb.push(")");
            }
        }
    }
    if with_status {
        if let Some(s) = &f.status {
            qb.push(" AND r.status = ").push_bind(*s);
        }
    }
    if let Some(w) = f.ward {
        qb.push(" AND r.ward_id = ").push_bind(w);
    }
    if let Some(g) = f.group {
        qb.push(" AND r.ward_id IN (SELECT ward_id FROM group_wards WHERE group_id = ")
            .push_bind(g)
            .push(" AND (active_to IS NULL OR active_to > ")
            .push_bind(today)
            .push("))");
    }
    if let Some(b) = f.body {
        qb.push(" AND r.body_id = ").push_bind(b);
    }
    if let Some(d) = f.domain {
        qb.push(" AND r.domain = ").push_bind(d);
    }
    if let Some(k) = f.kind {
        qb.push(" AND r.kind = ").push_bind(k);
    }
    if let Some(days) = f.older_than {
        qb.push(" AND r.raised_on <= ").push_bind(today - chrono::Duration::days(days as i64));
    }
    if f.overdue {
        qb.push(" AND r.status IN ").push(OPEN_SQL).push(" AND r.due_on < ")
            .push_bind(today);
    }
    if let Some(q) = &f.q {
        // folded as the stored text is (accents, đ, case, NFC or NFD): "duong ngap" finds "Đường ngập"
        qb.push(" AND r.content_folded LIKE '%' || tct_fold(")
            .push_bind(q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
            .push(") || '%'");
    }
}

/// The columns of a list line over `recommendations r`.
pub const LINE_COLUMNS: &str = "SELECT r.id, r.version, r.status, left(r.content, 300) AS content, r.domain, r.kind,
        (SELECT name FROM org_units WHERE id = r.ward_id) AS ward,
        COALESCE((SELECT code || ' – ' || name FROM org_units WHERE id = r.cell_id), '') AS cell,
        COALESCE((SELECT name FROM org_units WHERE id = r.body_id), '') AS body,
        r.raised_on, r.due_on";

/// One list line as `LINE_COLUMNS` reads it.
#[derive(sqlx::FromRow)]
pub struct LineRow {
    id: i64,
    version: i32,
    status: RecStatus,
    content: String,
    domain: Domain,
    kind: RecKind,
    ward: String,
    cell: String,
    body: String,
    raised_on: NaiveDate,
    due_on: Option<NaiveDate>,
}

pub fn line(r: LineRow, today: NaiveDate) -> RecLine {
    let overdue_days = match r.due_on {
        Some(due) if r.status.is_open() && due < today => (today - due).num_days() as i32,
        _ => 0,
    };
    RecLine {
        id: r.id,
        version: r.version,
        status: r.status,
        content: r.content,
        domain: r.domain,
        kind: r.kind,
        ward: r.ward,
        cell: r.cell,
        body: r.body,
        raised_on: crate::helpers::fmt_date(r.raised_on),
        due_on: crate::helpers::fmt_opt_date(r.due_on),
        overdue_days,
        age_days: (today - r.raised_on).num_days().max(0) as i32,
    }
}

/// Lines under the filters, newest first: `limit` from `offset`.
pub async fn lines(pool: &PgPool, me: &Me, f: &Filter, today: NaiveDate, limit: i64, offset: i64) -> AppResult<Vec<RecLine>> {
    let mut qb = QueryBuilder::new(LINE_COLUMNS);
    push_where(&mut qb, me, f, today, true);
    qb.push(" ORDER BY r.raised_on DESC, r.id DESC LIMIT ").push_bind(limit).push(" OFFSET ").push_bind(offset);
    let rows: Vec<LineRow> = qb.build_query_as().fetch_all(pool).await?;
    Ok(rows.into_iter().map(|r| line(r, today)).collect())
}
