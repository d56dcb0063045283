//! Periodic reports' server functions and SQL: which reports are owed (computed from the
//! wards the groups follow and the groups themselves, so nothing has to be created ahead),
//! their due dates on the working-day calendar, the form pre-filled from the data, saving
//! and submitting, and the reminders.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::permissions::{can_list, can_read, can_write, Relation},
    crate::auth::{session::require_me, Me},
    crate::auth::visibility::Reach as DashScope,
    crate::reports::figures::Ctx,
    crate::error::AppResult,
    crate::i18n::Msg,
    crate::server::{audit, input, pool, respond},
    chrono::{DateTime, Datelike, NaiveDate, Utc},
    sqlx::PgPool,
    std::collections::BTreeMap,
};

/// The longest narrative section kept.
pub const SECTION_MAX: u32 = 20_000;
/// The largest figure accepted.
pub const FIGURE_MAX: i64 = 10_000_000;

/// One report owed, with its row when one was saved.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone)]
pub struct Owed {
    pub reporter: Reporter,
    pub id: i64,
    pub name: String,
    /// The groups that followed the ward in the period (the group itself for a group).
    pub groups: Vec<i64>,
    pub to: String,
    pub period: Period,
    pub due: NaiveDate,
    pub row_id: Option<i64>,
    pub status: Option<PeriodicStatus>,
    pub submitted_at: Option<DateTime<Utc>>,
}

#[cfg(feature = "ssr")]
impl Owed {
    pub fn state(&self, today: NaiveDate) -> State {
        let submitted = self.submitted_at.map(|t| crate::helpers::in_vietnam(t).date());
        State::of(self.period.end, self.due, submitted, today)
    }

    pub fn line(&self, today: NaiveDate) -> DueLine {
        DueLine {
            reporter: self.reporter,
            reporter_id: self.id,
            reporter_name: self.name.clone(),
            to: self.to.clone(),
            period: self.period.key(),
            period_label: self.period.label(false),
            due_on: crate::helpers::fmt_date(self.due),
            state: self.state(today),
            drafted: self.status == Some(PeriodicStatus::Draft),
            submitted_at: self.submitted_at.map(crate::helpers::fmt_datetime),
        }
    }
}

/// A report owed before its due date is worked out: a ward's (matched here) or a group's (read).
#[cfg(feature = "ssr")]
struct OwedRow {
    id: i64,
    name: String,
    groups: Vec<i64>,
    to: String,
    cadence: String,
    start: NaiveDate,
    end: NaiveDate,
    row_id: Option<i64>,
    status: Option<PeriodicStatus>,
    submitted_at: Option<DateTime<Utc>>,
}

/// A ward that may owe reports.
#[cfg(feature = "ssr")]
struct WardRow {
    id: i64,
    name: String,
    active_from: NaiveDate,
    active_to: Option<NaiveDate>,
}

/// A group that followed a ward, and when.
#[cfg(feature = "ssr")]
struct Follower {
    ward_id: i64,
    group_id: i64,
    name: String,
    active_from: NaiveDate,
    active_to: Option<NaiveDate>,
}

/// A ward's report saved.
#[cfg(feature = "ssr")]
struct Saved {
    ward_id: i64,
    cadence: String,
    period_start: NaiveDate,
    id: i64,
    status: PeriodicStatus,
    submitted_at: Option<DateTime<Utc>>,
}

/// Every report owed in `city` for the periods given (`reporters`' cadences only), with
/// their due dates; `only` narrows to one reporter.
#[cfg(feature = "ssr")]
pub async fn owed(pool: &PgPool, city: i64, periods: &[Period], only: Option<(Reporter, i64)>) -> AppResult<Vec<Owed>> {
    if periods.is_empty() {
        return Ok(Vec::new());
    }
    let cadences: Vec<&str> = periods.iter().map(|p| p.cadence.key()).collect();
    let starts: Vec<NaiveDate> = periods.iter().map(|p| p.start).collect();
    let ends: Vec<NaiveDate> = periods.iter().map(|p| p.end).collect();
    let (ward, group) = match only {
        Some((Reporter::Ward, id)) => (Some(id), Some(-1)),
        Some((Reporter::Group, id)) => (Some(-1), Some(id)),
        None => (None, None),
    };
    // a ward owes its reports when a group followed it during the period and it still
    // exists at the period's end (a merged ward's successor reports). The wards, their
    // followers and the reports saved are each read once and matched to the periods here
    // (a province's five years are 15,000 ward-periods: joined and grouped in SQL, they
    // were the dashboard's slowest panel)
    let ward_periods: Vec<&Period> = periods.iter().filter(|p| Reporter::Ward.cadences().contains(&p.cadence)).collect();
    let mut wards: Vec<OwedRow> = Vec::new();
    if ward != Some(-1) && !ward_periods.is_empty() {
        let ward_list: Vec<WardRow> = sqlx::query_as!(
            WardRow,
            "SELECT id, name, active_from, active_to FROM org_units
             WHERE city_id = $1 AND kind = 'ward' AND ($2::bigint IS NULL OR id = $2)",
            city,
            ward,
        )
        .fetch_all(pool)
        .await?;
        // the groups that followed each ward, by name
        let followers: Vec<Follower> = sqlx::query_as!(
            Follower,
            "SELECT gw.ward_id, gw.group_id, g.name, gw.active_from, gw.active_to
             FROM group_wards gw JOIN working_groups g ON g.id = gw.group_id
             WHERE gw.city_id = $1 AND ($2::bigint IS NULL OR gw.ward_id = $2)
             ORDER BY g.name, gw.group_id",
            city,
            ward,
        )
        .fetch_all(pool)
        .await?;
        let ward_starts: Vec<NaiveDate> = ward_periods.iter().map(|p| p.start).collect();
        let saved: Vec<Saved> = sqlx::query_as!(
            Saved,
            r#"SELECT ward_id AS "ward_id!", cadence, period_start, id, status AS "status: PeriodicStatus", submitted_at
             FROM periodic_reports
             WHERE city_id = $1 AND ward_id IS NOT NULL AND ($2::bigint IS NULL OR ward_id = $2) AND period_start = ANY($3)"#,
            city,
            ward,
            &ward_starts,
        )
        .fetch_all(pool)
        .await?;
        let saved: std::collections::HashMap<(i64, String, NaiveDate), Saved> =
            saved.into_iter().map(|r| ((r.ward_id, r.cadence.clone(), r.period_start), r)).collect();
        let mut by_ward: std::collections::HashMap<i64, Vec<&Follower>> = std::collections::HashMap::new();
        for f in &followers {
            by_ward.entry(f.ward_id).or_default().push(f);
        }
        for p in &ward_periods {
            let (s, e) = (p.start, p.end);
            for WardRow { id, name, active_from: from, active_to: to } in &ward_list {
                if *from > e || to.is_some_and(|t| t <= e) {
                    continue;
                }
                let during: Vec<&&Follower> = by_ward
                    .get(id)
                    .map(|v| v.iter().filter(|f| f.active_from <= e && f.active_to.is_none_or(|t| t > s)).collect())
                    .unwrap_or_default();
                if during.is_empty() {
                    continue;
                }
                let mut ids: Vec<i64> = during.iter().map(|f| f.group_id).collect();
                ids.sort_unstable();
                ids.dedup();
                let mut names: Vec<&str> = Vec::new();
                for f in &during {
                    if !names.contains(&f.name.as_str()) {
                        names.push(&f.name);
                    }
                }
                let row = saved.get(&(*id, p.cadence.key().to_string(), s));
                wards.push(OwedRow {
                    id: *id,
                    name: name.clone(),
                    groups: ids,
                    to: names.join(", "),
                    cadence: p.cadence.key().to_string(),
                    start: s,
                    end: e,
                    row_id: row.map(|r| r.id),
                    status: row.map(|r| r.status),
                    submitted_at: row.and_then(|r| r.submitted_at),
                });
            }
        }
    }
    let groups: Vec<OwedRow> = sqlx::query_as!(
        OwedRow,
        r#"WITH p AS (SELECT * FROM unnest($2::text[], $3::date[], $4::date[]) AS p(cadence, s, e)
                    WHERE cadence IN ('half', 'year'))
         SELECT g.id, g.name, ARRAY[g.id] AS "groups!", '' AS "to!", p.cadence AS "cadence!", p.s AS "start!", p.e AS "end!",
                r.id AS "row_id?", r.status AS "status?: PeriodicStatus", r.submitted_at AS "submitted_at?"
         FROM p
         JOIN working_groups g ON g.city_id = $1 AND g.active_from <= p.e AND (g.active_to IS NULL OR g.active_to > p.e)
         LEFT JOIN periodic_reports r ON r.city_id = $1 AND r.group_id = g.id AND r.cadence = p.cadence AND r.period_start = p.s
         WHERE ($5::bigint IS NULL OR g.id = $5)"#,
        city,
        &cadences as &[&str],
        &starts,
        &ends,
        group,
    )
    .fetch_all(pool)
    .await?;
    let days = sqlx::query!(
        r#"SELECT COALESCE((SELECT ward_report_days FROM city_settings WHERE city_id = $1), 5::smallint) AS "ward!",
                COALESCE((SELECT group_report_days FROM city_settings WHERE city_id = $1), 10::smallint) AS "group!""#,
        city,
    )
    .fetch_one(pool)
    .await?;
    let (ward_days, group_days): (i16, i16) = (days.ward, days.group);
    let first = starts.iter().min().copied().unwrap_or_default();
    let last = ends.iter().max().copied().unwrap_or_default();
    let cal = crate::workdays::api::load_from(pool, city, first, last).await?;
    let mut out = Vec::with_capacity(wards.len() + groups.len());
    for (reporter, rows, days) in [(Reporter::Ward, wards, ward_days), (Reporter::Group, groups, group_days)] {
        for r in rows {
            let Some(cadence) = Cadence::parse(&r.cadence) else { continue };
            let period = Period { cadence, start: r.start, end: r.end };
            out.push(Owed {
                reporter,
                id: r.id,
                name: r.name,
                groups: r.groups,
                to: r.to,
                period,
                due: cal.add(period.end, days.max(1) as u32),
                row_id: r.row_id,
                status: r.status,
                submitted_at: r.submitted_at,
            });
        }
    }
    out.sort_by(|a, b| (a.period.end, a.period.cadence, a.reporter, &a.name, a.id).cmp(&(b.period.end, b.period.cadence, b.reporter, &b.name, b.id)));
    Ok(out)
}

/// One of the caller's group seats.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone)]
pub struct Seat {
    pub group_id: i64,
    /// He leads the group.
    pub leads: bool,
    pub active_from: NaiveDate,
    /// Exclusive.
    pub active_to: Option<NaiveDate>,
}

/// The caller's group seats.
#[cfg(feature = "ssr")]
pub async fn seats(pool: &PgPool, me: &Me) -> AppResult<Vec<Seat>> {
    let Some(person) = me.person_id else { return Ok(Vec::new()) };
    Ok(sqlx::query_as!(
        Seat,
        r#"SELECT group_id, role = 'leader' AS "leads!", active_from, active_to FROM group_members WHERE city_id = $1 AND person_id = $2"#,
        me.city_id,
        person,
    )
    .fetch_all(pool)
    .await?)
}

/// The caller's relation to a report owed.
#[cfg(feature = "ssr")]
pub fn relation(me: &Me, seats: &[Seat], o: &Owed) -> Relation {
    let in_period = |s: &Seat| {
        o.groups.contains(&s.group_id) && s.active_from <= o.period.end && s.active_to.is_none_or(|t| t > o.period.start)
    };
    Relation {
        my_ward: o.reporter == Reporter::Ward && me.ward_scope() == Some(o.id),
        leads: seats.iter().any(|s| in_period(s) && s.leads),
        member: seats.iter().any(in_period),
    }
}

#[cfg(feature = "ssr")]
fn parse_year(year: Option<&str>, today: NaiveDate) -> AppResult<i32> {
    match year.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(today.year()),
        Some(s) => s.parse::<i32>().ok().filter(|y| (1990..=2200).contains(y)).ok_or_else(|| AppError::field("year", Msg::BadPeriod)),
    }
}

/// Every period of `year` a reporter may owe.
#[cfg(feature = "ssr")]
pub fn periods_of_year(year: i32) -> Vec<Period> {
    [Cadence::Month, Cadence::Quarter, Cadence::Half, Cadence::Year]
        .into_iter()
        .flat_map(|c| Period::of_year(c, year))
        .collect()
}

/// The reports owed in a year that the caller may read: a ward's staff their ward's, a
/// group's members their group's and the wards it follows, the city's leadership all.
#[server(endpoint = "periodic/list")]
pub async fn periodic_list(#[server(default)] year: Option<String>) -> Result<DueList, AppError> {
    respond(async move {
        let me = require_me().await?;
        if !can_list(&me) {
            return Err(AppError::forbidden());
        }
        let today = crate::helpers::today_vn();
        let year = parse_year(year.as_deref(), today)?;
        let pool = pool()?;
        let all = owed(&pool, me.city_id, &periods_of_year(year), None).await?;
        let seats = seats(&pool, &me).await?;
        let mut list = DueList { year, ..Default::default() };
        // periods that have begun (the months ahead are not owed yet)
        for o in all.iter().filter(|o| o.period.start <= today) {
            let rel = relation(&me, &seats, o);
            if !can_read(&me, rel) {
                continue;
            }
            if can_write(&me, o.reporter, rel) && !list.writes.contains(&(o.reporter, o.id)) {
                list.writes.push((o.reporter, o.id));
            }
            let line = o.line(today);
            list.total.add(line.state);
            list.lines.push(line);
        }
        Ok(list)
    })
    .await
}

/// The report owed by a reporter for a period, in the caller's city: 404 when it is not
/// owed there (another city's ward, a cadence the reporter does not owe), 403 when the
/// caller may not read it.
#[cfg(feature = "ssr")]
async fn one(pool: &PgPool, me: &Me, reporter: &str, id: &str, period: &str) -> AppResult<(Owed, Relation)> {
    let reporter = Reporter::parse(reporter.trim()).ok_or_else(AppError::not_found)?;
    let id: i64 = id.trim().parse().map_err(|_| AppError::not_found())?;
    let period = Period::parse(period).ok_or_else(AppError::not_found)?;
    if !reporter.cadences().contains(&period.cadence) {
        return Err(AppError::not_found());
    }
    let owed = owed(pool, me.city_id, &[period], Some((reporter, id))).await?;
    let o = owed.into_iter().next().ok_or_else(AppError::not_found)?;
    let rel = relation(me, &seats(pool, me).await?, &o);
    if !can_read(me, rel) {
        return Err(AppError::forbidden());
    }
    Ok((o, rel))
}

/// The figures the data gives for a report (the form's pre-filled values).
#[cfg(feature = "ssr")]
pub async fn computed(pool: &PgPool, city: i64, o: &Owed, today: NaiveDate) -> AppResult<BTreeMap<String, i64>> {
    let end = o.period.end.succ_opt().unwrap_or(o.period.end);
    let (s, e) = (o.period.start, o.period.end);
    let mut f: BTreeMap<String, i64> = BTreeMap::new();
    let recs = |wards: Vec<i64>| async move {
        sqlx::query!(
            r#"SELECT count(*) AS "raised!", count(*) FILTER (WHERE status IN ('answered', 'closed')) AS "resolved!" FROM recommendations
             WHERE city_id = $1 AND deleted_at IS NULL AND ward_id = ANY($2) AND raised_on BETWEEN $3 AND $4"#,
            city,
            &wards,
            s,
            e,
        )
        .fetch_one(pool)
        .await
        .map(|r| (r.raised, r.resolved))
    };
    match o.reporter {
        Reporter::Ward => {
            let ctx = Ctx { city, from: s, end, today, scope: DashScope::City, ward: Some(o.id), group: None };
            let (att, ..) = crate::reports::figures::attendance(pool, &ctx, &None).await?;
            let m = sqlx::query!(
                r#"SELECT count(*) FILTER (WHERE cell_id IS NOT NULL) AS "cells!",
                        count(*) FILTER (WHERE kind = 'ward_committee') AS "committee!",
                        count(*) FILTER (WHERE kind = 'ward_committee' AND invited_at IS NOT NULL) AS "invited!"
                 FROM meetings WHERE city_id = $1 AND ward_id = $2 AND status IN ('planned', 'announced', 'held')
                   AND starts_at < now() AND (starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date BETWEEN $3 AND $4"#,
                city,
                o.id,
                s,
                e,
            )
            .fetch_one(pool)
            .await?;
            let (cells, committee, invited): (i64, i64, i64) = (m.cells, m.committee, m.invited);
            let (raised, resolved) = recs(vec![o.id]).await?;
            for (k, v) in [
                ("cell_meetings", cells),
                ("member_expected", att.expected),
                ("member_attended", att.attended),
                ("recs_raised", raised),
                ("recs_resolved", resolved),
                ("committee_meetings", committee),
                ("group_invited", invited),
            ] {
                f.insert(k.into(), v);
            }
        }
        Reporter::Group => {
            let ctx = Ctx { city, from: s, end, today, scope: DashScope::City, ward: None, group: Some(o.id) };
            let groups = Some(vec![o.id]);
            let (att, reports, ..) = crate::reports::figures::attendance(pool, &ctx, &groups).await?;
            let wards = ctx.my_wards(pool, &groups).await?.unwrap_or_default();
            let (raised, resolved) = recs(wards.clone()).await?;
            // the ward reports due in the group's period, from the wards it followed
            let mut ward_periods = Vec::new();
            for c in Reporter::Ward.cadences() {
                ward_periods.extend(periods_of_year(s.year()).into_iter().filter(|p| p.cadence == *c && p.start >= s && p.end <= e));
            }
            let mut received = 0;
            let mut due = 0;
            for w in owed(pool, city, &ward_periods, None).await? {
                if !w.groups.contains(&o.id) {
                    continue;
                }
                let st = w.state(today);
                if st != State::Open {
                    due += 1;
                }
                if matches!(st, State::OnTime | State::Late) {
                    received += 1;
                }
            }
            for (k, v) in [
                ("wards", wards.len() as i64),
                ("member_expected", att.expected),
                ("member_attended", att.attended),
                ("reports_on_time", reports.total.on_time),
                ("reports_late", reports.total.late),
                ("reports_missing", reports.total.missing),
                ("recs_raised", raised),
                ("recs_resolved", resolved),
                ("ward_reports_received", received),
                ("ward_reports_due", due),
            ] {
                f.insert(k.into(), v);
            }
        }
    }
    Ok(f)
}

/// A report's page: the saved report, or a new one pre-filled from the data.
#[server(endpoint = "periodic/form")]
pub async fn periodic_form(reporter: String, id: String, period: String) -> Result<ReportPage, AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let today = crate::helpers::today_vn();
        let (o, rel) = one(&pool, &me, &reporter, &id, &period).await?;
        let computed = computed(&pool, me.city_id, &o, today).await?;
        let row = match o.row_id {
            Some(rid) => sqlx::query!(
                r#"SELECT r.status AS "status: PeriodicStatus", r.figures, r.sections, r.version,
                        COALESCE(p.full_name, a.username) AS "submitted_by?"
                 FROM periodic_reports r LEFT JOIN accounts a ON a.id = r.submitted_by LEFT JOIN people p ON p.id = a.person_id
                 WHERE r.id = $1"#,
                rid,
            )
            .fetch_optional(&pool)
            .await?,
            None => None,
        };
        let (status, kept_f, kept_s, version, by) = match row {
            Some(r) => (Some(r.status), Some(r.figures), Some(r.sections), r.version, r.submitted_by),
            None => (None, None, None, 0, None),
        };
        let figures = o
            .reporter
            .figures()
            .iter()
            .map(|k| {
                let c = computed.get(*k).copied().unwrap_or(0);
                let value = kept_f.as_ref().and_then(|f| f.get(*k)).and_then(|v| v.as_i64()).unwrap_or(c);
                Figure { key: k.to_string(), value, computed: c }
            })
            .collect();
        let sections = o
            .reporter
            .sections()
            .iter()
            .map(|k| Section {
                key: k.to_string(),
                text: kept_s.as_ref().and_then(|s| s.get(*k)).and_then(|v| v.as_str()).unwrap_or("").to_string(),
            })
            .collect();
        Ok(ReportPage {
            line: o.line(today),
            can_write: can_write(&me, o.reporter, rel) && status != Some(PeriodicStatus::Submitted),
            status,
            figures,
            sections,
            version,
            submit_key: crate::server::input::new_key(),
            submitted_by: by,
        })
    })
    .await
}

/// A periodic report as its form posts it (`periodic_save`): the rows come indexed,
/// `figures[0][key]`, `figures[0][value]`, `sections[0][key]`, `sections[0][text]`.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct PeriodicSaveForm {
    pub reporter: String,
    pub id: String,
    pub period: String,
    pub version: String,
    #[serde(default)]
    pub submit: Option<String>,
    #[serde(default)]
    pub submit_key: Option<String>,
    #[serde(default)]
    pub figures: Vec<FigureInput>,
    #[serde(default)]
    pub sections: Vec<SectionInput>,
}

/// Saves a report as a draft, or submits it (then it is final). The figures and sections
/// are checked all at once, each error next to its field; a stale version is a conflict;
/// the same submission sent twice is submitted once.
#[server(endpoint = "periodic/save")]
pub async fn periodic_save(#[server(flatten)] form: PeriodicSaveForm) -> Result<i32, AppError> {
    respond(async move {
        let PeriodicSaveForm { reporter, id, period, version, submit, submit_key, figures, sections } = form;
        let me = require_me().await?;
        let pool = pool()?;
        let (o, rel) = one(&pool, &me, &reporter, &id, &period).await?;
        if !can_write(&me, o.reporter, rel) {
            return Err(AppError::forbidden());
        }
        let version = input::version(Some(&version))?;
        let submit = input::checkbox(&submit);
        let submit_key = match submit_key.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(k) => Some(crate::server::input::client_key("submit_key", k)?),
            None => None,
        };
        let mut errors: Vec<(String, Msg)> = Vec::new();
        let mut f = serde_json::Map::new();
        for input in &figures {
            let key = input.key.trim();
            if !o.reporter.figures().contains(&key) {
                return Err(AppError::invalid(Msg::BadRequest));
            }
            let v = input.value.trim();
            if v.is_empty() {
                if submit {
                    errors.push((format!("figure-{key}"), Msg::Required));
                }
                continue;
            }
            match v.parse::<i64>() {
                Ok(n) if (0..=FIGURE_MAX).contains(&n) => {
                    f.insert(key.to_string(), n.into());
                }
                _ => errors.push((format!("figure-{key}"), Msg::BadNumber)),
            }
        }
        let mut s = serde_json::Map::new();
        for input in &sections {
            let key = input.key.trim();
            if !o.reporter.sections().contains(&key) {
                return Err(AppError::invalid(Msg::BadRequest));
            }
            match input::optional(&format!("section-{key}"), &input.text, SECTION_MAX) {
                Ok(t) => {
                    s.insert(key.to_string(), t.into());
                }
                Err(e) => errors.push((format!("section-{key}"), e.msg)),
            }
        }
        if submit {
            // every section but the last (issues, proposals: may be none) is required
            let required = &o.reporter.sections()[..o.reporter.sections().len() - 1];
            for k in required {
                let field = format!("section-{k}");
                let empty = s.get(*k).and_then(|v| v.as_str()).is_none_or(|t| t.is_empty());
                if empty && !errors.iter().any(|(x, _)| *x == field) {
                    errors.push((field, Msg::Required));
                }
            }
            for k in o.reporter.figures() {
                let field = format!("figure-{k}");
                if !f.contains_key(*k) && !errors.iter().any(|(x, _)| *x == field) {
                    errors.push((field, Msg::Required));
                }
            }
        }
        let mut tx = pool.begin().await?;
        let (ward, group) = match o.reporter {
            Reporter::Ward => (Some(o.id), None),
            Reporter::Group => (None, Some(o.id)),
        };
        // One writer at a time per report, even before its row exists (the same first
        // submission sent twice at once: the copy waits, then finds the first's key).
        crate::server::lock_key(&mut tx, &format!("periodic:{}:{}:{}:{}", me.city_id, o.reporter.key(), o.id, o.period.key())).await?;
        // the row, locked
        let state = sqlx::query!(
            r#"SELECT id, status AS "status: PeriodicStatus", version, submit_key::text AS "submit_key?" FROM periodic_reports
             WHERE city_id = $1 AND COALESCE(ward_id, 0) = COALESCE($2::bigint, 0) AND COALESCE(group_id, 0) = COALESCE($3::bigint, 0)
               AND cadence = $4 AND period_start = $5 FOR UPDATE"#,
            me.city_id,
            ward,
            group,
            o.period.cadence.key(),
            o.period.start,
        )
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(st) = &state {
            let (status, current, key): (PeriodicStatus, &i32, &Option<String>) = (st.status, &st.version, &st.submit_key);
            // the same submission again: answer as the first time
            if status == PeriodicStatus::Submitted && submit && submit_key.is_some() && *key == submit_key {
                leptos_axum::redirect(&format!("/periodic/{}/{}/{}?saved={current}", o.reporter.key(), o.id, o.period.key()));
                return Ok(*current);
            }
            if status == PeriodicStatus::Submitted {
                return Err(AppError::invalid(Msg::ReportFinal));
            }
            if *current != version {
                return Err(AppError::conflict());
            }
        } else if version != 0 {
            return Err(AppError::conflict());
        }
        if let Some(e) = AppError::fields(errors) {
            return Err(e);
        }
        let before = match &state {
            Some(st) => audit::snapshot(&mut tx, audit::Entity::PeriodicReport, st.id).await?,
            None => None,
        };
        let saved = sqlx::query!(
            "INSERT INTO periodic_reports (city_id, ward_id, group_id, cadence, period_start, period_end, figures, sections,
                                           status, submitted_at, submitted_by, submit_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
                     CASE WHEN $9 THEN 'submitted' ELSE 'draft' END, CASE WHEN $9 THEN now() END,
                     CASE WHEN $9 THEN $10::bigint END, CASE WHEN $9 THEN $11::text::uuid END)
             ON CONFLICT (city_id, COALESCE(ward_id, 0), COALESCE(group_id, 0), cadence, period_start) DO UPDATE SET
                 figures = EXCLUDED.figures, sections = EXCLUDED.sections, status = EXCLUDED.status,
                 submitted_at = EXCLUDED.submitted_at, submitted_by = EXCLUDED.submitted_by, submit_key = EXCLUDED.submit_key,
                 version = periodic_reports.version + 1, updated_at = now()
             RETURNING id, version",
            me.city_id,
            ward,
            group,
            o.period.cadence.key(),
            o.period.start,
            o.period.end,
            serde_json::Value::Object(f),
            serde_json::Value::Object(s),
            submit,
            me.account_id,
            submit_key.as_deref(),
        )
        .fetch_one(&mut *tx)
        .await?;
        let (rid, new_version): (i64, i32) = (saved.id, saved.version);
        audit::record(&mut tx, me.city_id, Some(me.account_id), if submit { "submit" } else { "save" }, audit::Entity::PeriodicReport, rid, before).await?;
        tx.commit().await?;
        // the version in the address: every save is a new address, so the page reloads its data
        leptos_axum::redirect(&format!("/periodic/{}/{}/{}?saved={new_version}", o.reporter.key(), o.id, o.period.key()));
        Ok(new_version)
    })
    .await
}

/// Reminds the reporters of a report due within 2 working days (once), and, once it is
/// missing, them and whom it goes to (the group's leader; the Organization Board for a
/// group's report). Returns how many notices were written.
/// Once across servers: a run that finds another under way sends nothing (0).
#[cfg(feature = "ssr")]
pub async fn send_reminders(pool: &PgPool) -> AppResult<usize> {
    Ok(crate::server::jobs::once_across_servers(pool, "periodic_reminders", send_reminders_now(pool)).await?.unwrap_or(0))
}

#[cfg(feature = "ssr")]
async fn send_reminders_now(pool: &PgPool) -> AppResult<usize> {
    let cities: Vec<i64> = sqlx::query_scalar!("SELECT id FROM org_units WHERE kind = 'city'").fetch_all(pool).await?;
    let today = crate::helpers::today_vn();
    let mut sent = 0;
    for city in cities {
        // the periods that ended in the last four months (a missing report is reminded once)
        let periods: Vec<Period> = [today.year() - 1, today.year()]
            .into_iter()
            .flat_map(periods_of_year)
            .filter(|p| p.end < today && p.end + chrono::Duration::days(120) >= today)
            .collect();
        let cal = crate::workdays::api::load_from(pool, city, today - chrono::Duration::days(150), today).await?;
        for o in owed(pool, city, &periods, None).await? {
            let state = o.state(today);
            let kind = match state {
                State::Due if cal.add(today, 2) >= o.due => "periodic_reminder",
                State::Missing => "periodic_missing",
                _ => continue,
            };
            let link = format!("/periodic/{}/{}/{}", o.reporter.key(), o.id, o.period.key());
            let mut tx = pool.begin().await?;
            // the reporters: the ward's staff, or the group's leader; once missing, the
            // ward's group leaders, or the Organization Board, as well
            let to: Vec<i64> = sqlx::query_scalar!(
                r#"SELECT DISTINCT person AS "v!" FROM (
                     SELECT a.person_id AS person FROM accounts a
                     WHERE $1 = 'ward' AND a.role = 'ward_staff' AND a.scope_unit_id = $2 AND NOT a.disabled
                     UNION ALL
                     SELECT gm.person_id FROM group_members gm
                     WHERE gm.group_id = ANY($3) AND gm.role = 'leader' AND gm.active_from <= $5 AND (gm.active_to IS NULL OR gm.active_to > $5)
                       AND ($1 = 'group' OR $4 = 'periodic_missing')
                     UNION ALL
                     SELECT a.person_id FROM accounts a
                     WHERE $1 = 'group' AND $4 = 'periodic_missing' AND a.city_id = $6 AND a.role = 'organization_board' AND NOT a.disabled
                 ) t
                 WHERE person IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.link = $7 AND n.kind = $4 AND n.person_id = t.person)"#,
                o.reporter.key(),
                o.id,
                &o.groups,
                kind,
                today,
                city,
                &link,
            )
            .fetch_all(&mut *tx)
            .await?;
            if to.is_empty() {
                continue;
            }
            let what = crate::i18n::text(crate::i18n::Lang::Vi, crate::calendar::model::notice_key(kind));
            let title = format!("{what}: {} – {} (hạn {})", o.name, o.period.label(false), crate::helpers::fmt_date(o.due));
            let args = crate::calendar::model::NoticeArgs {
                subject: format!("{} – {}", o.name, o.period.label(false)),
                subject_en: Some(format!("{} – {}", o.name, o.period.label(true))),
                due: Some(crate::helpers::fmt_date(o.due)),
            };
            let body = format!("{title}\n\nXem và nhập báo cáo: {link}");
            let ids: Vec<i64> = sqlx::query_scalar!(
                "INSERT INTO notices (city_id, person_id, kind, title, body, link, args)
                 SELECT $1, p, $2, $3, $4, $5, $7 FROM unnest($6::bigint[]) AS p RETURNING id",
                city,
                kind,
                &title,
                &body,
                &link,
                &to,
                sqlx::types::Json(&args) as _,
            )
            .fetch_all(&mut *tx)
            .await?;
            crate::calendar::notices::mail_notices(&mut tx, &ids).await?;
            tx.commit().await?;
            sent += ids.len();
        }
    }
    Ok(sent)
}
