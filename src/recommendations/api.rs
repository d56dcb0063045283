//! Server functions of the recommendations: the list and board, one item with its
//! timeline, its steps (one at a time or on a selection), an item entered from another
//! channel, the bodies' answer templates. Each: authorize → validate → one transaction
//! (the item locked, its version checked) → step row → audit → notices.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::permissions::{self as perm, RecRelation},
    super::query::{self, Filter},
    crate::auth::session::require_me,
    crate::auth::visibility::{follows, Reach},
    crate::auth::{Me, Role},
    crate::error::AppResult,
    crate::i18n::Msg,
    crate::server::{audit, input, pool, respond},
    chrono::NaiveDate,
    sqlx::{PgConnection, PgPool},
};

/// Lines per page of the list.
pub const PAGE: i64 = 50;

/// The list (and the board's counts) under the filters, in the caller's scope.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "recs/list")]
pub async fn list_recommendations(
    #[server(default)] status: Option<String>,
    #[server(default)] ward: Option<String>,
    #[server(default)] group: Option<String>,
    #[server(default)] body: Option<String>,
    #[server(default)] domain: Option<String>,
    #[server(default)] kind: Option<String>,
    #[server(default)] age: Option<String>,
    #[server(default)] overdue: Option<String>,
    #[server(default)] q: Option<String>,
    #[server(default)] page: Option<String>,
    #[server(default)] view: Option<String>,
) -> Result<RecList, AppError> {
    respond(async move {
        let me = require_me().await?;
        let f = Filter::parse(
            status.as_deref(),
            ward.as_deref(),
            group.as_deref(),
            body.as_deref(),
            domain.as_deref(),
            kind.as_deref(),
            age.as_deref(),
            overdue.as_deref(),
            q.as_deref(),
        )?;
        let page = page.and_then(|p| p.trim().parse::<i64>().ok()).unwrap_or(1).clamp(1, 100_000);
        let pool = pool()?;
        let today = crate::helpers::today_vn();
        // The page's lines, the counts, the board's columns and the filter choices are
        // independent reads: they run side by side (one connection each), so the list
        // waits for the slowest of them, not for their sum.
        let counts_query = async {
            // the board: every status under the other filters
            let mut qb = sqlx::QueryBuilder::new("SELECT r.status, count(*) AS total, count(*) FILTER (WHERE r.due_on < ");
            qb.push_bind(today).push(" AND r.status IN ").push(OPEN_SQL).push(") AS overdue");
            query::push_where(&mut qb, &me, &f, today, false);
            qb.push(" GROUP BY r.status");
            let rows: Vec<StatusCount> = qb.build_query_as().fetch_all(&pool).await?;
            AppResult::Ok(rows)
        };
        let board_query = async {
            if view.as_deref() != Some("board") {
                return AppResult::Ok(Vec::new());
            }
            let mut columns = Vec::new();
            for st in OPEN.into_iter().chain([RecStatus::Answered]) {
                let fs = Filter { status: Some(st), ..f.clone() };
                columns.push((st, query::lines(&pool, &me, &fs, today, 12, 0).await?));
            }
            Ok(columns)
        };
        let (lines, rows, board, options) = tokio::try_join!(
            query::lines(&pool, &me, &f, today, PAGE, (page - 1) * PAGE),
            counts_query,
            board_query,
            options(&pool, &me, today),
        )?;
        let counts: Vec<(RecStatus, i64)> = RecStatus::ALL
            .iter()
            .map(|s| (*s, rows.iter().find(|r| r.status == *s).map(|r| r.total).unwrap_or(0)))
            .collect();
        let total = match f.status {
            Some(s) => counts.iter().find(|c| c.0 == s).map(|c| c.1).unwrap_or(0),
            None => counts.iter().map(|c| c.1).sum(),
        };
        let total = if f.overdue { rows.iter().filter(|r| f.status.is_none_or(|s| s == r.status)).map(|r| r.overdue).sum() } else { total };
        Ok(RecList {
            lines,
            total,
            page,
            pages: ((total + PAGE - 1) / PAGE).max(1),
            overdue: rows.iter().map(|r| r.overdue).sum(),
            counts,
            options,
            can_enter: perm::can_enter(&me),
            can_route: perm::routes_some(&me),
            board,
            can_configure: perm::can_keep_limits(&me),
        })
    })
    .await
}

/// A status's count on the board, and how many of them are overdue.
#[cfg(feature = "ssr")]
#[derive(sqlx::FromRow)]
struct StatusCount {
    status: RecStatus,
    total: i64,
    overdue: i64,
}

/// The filter choices: the wards and groups the caller sees, the city's bodies.
#[cfg(feature = "ssr")]
async fn options(pool: &PgPool, me: &Me, today: NaiveDate) -> AppResult<RecOptions> {
    // a responder's body may be sent items from any ward
    let reach = if me.role == Role::Responder { Some(Reach::City) } else { Reach::of(me) };
    let tomorrow = today + chrono::Days::new(1);
    let seen = Reach::ward_ids(reach, pool, today, tomorrow).await?;
    let wards: Vec<(i64, String)> = sqlx::query!(
        "SELECT id, name FROM org_units WHERE city_id = $1 AND kind = 'ward' AND (active_to IS NULL OR active_to > $2)
           AND ($3::bigint[] IS NULL OR id = ANY($3))
         ORDER BY name",
        me.city_id,
        today,
        seen.as_deref(),
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.id, r.name))
    .collect();
    let seen_groups = Reach::group_ids(reach, pool, today, tomorrow).await?;
    let groups: Vec<(i64, String)> = sqlx::query!(
        "SELECT id, name FROM working_groups WHERE city_id = $1 AND (active_to IS NULL OR active_to > $2)
           AND ($3::bigint[] IS NULL OR id = ANY($3))
         ORDER BY name",
        me.city_id,
        today,
        seen_groups.as_deref(),
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.id, r.name))
    .collect();
    Ok(RecOptions { wards, groups, bodies: bodies(pool, me.city_id, today, false).await? })
}

/// The bodies of a city that answer recommendations: ward committees, People's
/// Committees and departments, party boards (only those still active when `active_only`).
#[cfg(feature = "ssr")]
pub async fn bodies(pool: &PgPool, city: i64, today: NaiveDate, active_only: bool) -> AppResult<Vec<BodyOption>> {
    let rows = sqlx::query_as!(
        BodyOption,
        r#"SELECT id, name, (active_to IS NULL OR active_to > $2) AS "active!" FROM org_units
         WHERE city_id = $1 AND kind IN ('ward', 'state_body', 'party_board')
           AND (NOT $3 OR active_to IS NULL OR active_to > $2)
         ORDER BY CASE kind WHEN 'state_body' THEN 0 WHEN 'ward' THEN 1 ELSE 2 END, parent_id <> city_id, name"#,
        city,
        today,
        active_only,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows)
}

/// The facts of one item the rules need, read (and locked) in the step's transaction.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct Item {
    id: i64,
    version: i32,
    pub(crate) status: RecStatus,
    ward_id: i64,
    body_id: Option<i64>,
    kind: RecKind,
    raised_on: NaiveDate,
    created_by: Option<i64>,
}

#[cfg(feature = "ssr")]
pub(crate) async fn load_item(db: &mut PgConnection, me: &Me, id: i64, lock: bool) -> AppResult<Item> {
    let sql = format!(
        "SELECT id, version, status, ward_id, body_id, kind, raised_on, created_by FROM recommendations
         WHERE id = $1 AND city_id = $2 AND deleted_at IS NULL{}",
        if lock { " FOR UPDATE" } else { "" }
    );
    let row: Option<Item> = sqlx::query_as(&sql).bind(id).bind(me.city_id).fetch_optional(&mut *db).await?;
    row.ok_or_else(AppError::not_found)
}

#[cfg(feature = "ssr")]
pub(crate) async fn relation(db: &mut PgConnection, me: &Me, item: &Item) -> AppResult<RecRelation> {
    let today = crate::helpers::today_vn();
    let follows = matches!(me.role, Role::GroupLeader | Role::GroupMember)
        && follows(&mut *db, me.person_id, item.ward_id, today, today + chrono::Days::new(1)).await?;
    Ok(RecRelation {
        group_follows: follows,
        my_ward: me.role == Role::WardStaff && me.ward_scope() == Some(item.ward_id),
        my_body: me.role == Role::Responder && item.body_id.is_some() && me.scope_unit_id == item.body_id,
        raised_by_me: item.created_by == Some(me.account_id),
    })
}

/// One item with its timeline, origins, files and the steps the caller may take.
#[server(endpoint = "recs/get")]
pub async fn get_recommendation(id: i64) -> Result<RecDetail, AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let mut conn = pool.acquire().await?;
        let item = load_item(&mut conn, &me, id, false).await?;
        let rel = relation(&mut conn, &me, &item).await?;
        drop(conn);
        if !perm::can_read(&me, rel) {
            return Err(AppError::forbidden());
        }
        let today = crate::helpers::today_vn();
        let r = sqlx::query!(
            r#"SELECT r.version, r.status AS "status: RecStatus", r.content, r.raised_by,
                    r.domain AS "domain: Domain", r.kind AS "kind: RecKind", r.channel AS "channel: Channel",
                    (SELECT name FROM org_units WHERE id = r.ward_id) AS "ward!",
                    COALESCE((SELECT code || ' – ' || name FROM org_units WHERE id = r.cell_id), '') AS "cell!",
                    r.meeting_id AS "meeting_id?", r.body_id AS "body_id?",
                    COALESCE((SELECT name FROM org_units WHERE id = r.body_id), '') AS "body!"
             FROM recommendations r WHERE r.id = $1"#,
            id,
        )
        .fetch_one(&pool)
        .await?;
        let r2 = sqlx::query!(
            r#"SELECT raised_on, due_on AS "due_on?", answer, answered_at AS "answered_at?", reaction, merged_into_id AS "merged_into_id?"
             FROM recommendations WHERE id = $1"#,
            id,
        )
        .fetch_one(&pool)
        .await?;
        let steps = sqlx::query!(
            r#"SELECT s.action, s.to_status AS "to_status: RecStatus", COALESCE(b.name, '') AS "body!", s.comment,
                    COALESCE(p.full_name, a.username, '') AS "who!", s.at
             FROM recommendation_steps s LEFT JOIN org_units b ON b.id = s.body_id
             LEFT JOIN accounts a ON a.id = s.account_id LEFT JOIN people p ON p.id = a.person_id
             WHERE s.recommendation_id = $1 ORDER BY s.at, s.id"#,
            id,
        )
        .fetch_all(&pool)
        .await?;
        let origins: Vec<query::LineRow> = sqlx::query_as(&format!(
            "{} FROM recommendations r WHERE r.merged_into_id = $1 ORDER BY r.raised_on, r.id",
            query::LINE_COLUMNS
        ))
        .bind(id)
        .fetch_all(&pool)
        .await?;
        let files = sqlx::query!(
            "SELECT id, file_name, size_bytes FROM recommendation_files WHERE recommendation_id = $1 AND deleted_at IS NULL ORDER BY id",
            id,
        )
        .fetch_all(&pool)
        .await?;
        let actions: Vec<String> = Step::ALL
            .into_iter()
            .filter(|s| s.next(r.status).is_some() && perm::can_step(&me, rel, *s))
            .map(|s| s.code().to_string())
            .collect();
        let may_answer = actions.iter().any(|a| a == "answer");
        let can_attach = perm::can_step(&me, rel, Step::Answer) && r.status.takes_files();
        let templates = match (may_answer, r.body_id) {
            (true, Some(body)) => templates_of(&pool, me.city_id, Some(body), true).await?,
            _ => Vec::new(),
        };
        let overdue_days = match r2.due_on {
            Some(due) if r.status.is_open() && due < today => (today - due).num_days() as i32,
            _ => 0,
        };
        Ok(RecDetail {
            id,
            version: r.version,
            status: r.status,
            content: r.content,
            raised_by: r.raised_by,
            domain: r.domain,
            kind: r.kind,
            channel: r.channel,
            ward: r.ward,
            cell: r.cell,
            meeting_id: r.meeting_id,
            body_id: r.body_id,
            body: r.body,
            raised_on: crate::helpers::fmt_date(r2.raised_on),
            due_on: crate::helpers::fmt_opt_date(r2.due_on),
            overdue_days,
            answer: r2.answer,
            answered_at: r2.answered_at.map(crate::helpers::fmt_datetime).unwrap_or_default(),
            reaction: r2.reaction,
            merged_into: r2.merged_into_id,
            steps: steps
                .into_iter()
                .map(|s| RecStep {
                    action: s.action,
                    to_status: s.to_status,
                    body: s.body,
                    comment: s.comment,
                    who: s.who,
                    at: crate::helpers::fmt_datetime(s.at),
                })
                .collect(),
            origins: origins.into_iter().map(|o| query::line(o, today)).collect(),
            files: files.into_iter().map(|f| RecFile { id: f.id, name: f.file_name, size: f.size_bytes }).collect(),
            can_attach,
            bodies: if actions.is_empty() { Vec::new() } else { bodies(&pool, me.city_id, today, true).await? },
            actions,
            templates,
        })
    })
    .await
}

/// What a step carries besides its name (each step reads the fields it needs).
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Default)]
pub struct StepInput {
    pub body: Option<String>,
    pub due_on: Option<String>,
    pub comment: Option<String>,
    pub answer: Option<String>,
    pub template: Option<String>,
    pub reaction: Option<String>,
    pub into: Option<String>,
}

/// The working days a body has for an item of `kind`: the body's own limit, else the
/// city's for the kind, else 15.
#[cfg(feature = "ssr")]
async fn time_limit(db: &mut PgConnection, city: i64, kind: RecKind, body: i64) -> AppResult<u32> {
    let days: Option<i16> = sqlx::query_scalar!(
        "SELECT working_days FROM recommendation_time_limits WHERE city_id = $1 AND kind = $2 AND (body_id = $3 OR body_id IS NULL)
         ORDER BY body_id NULLS LAST LIMIT 1",
        city,
        kind as RecKind,
        body,
    )
    .fetch_optional(&mut *db)
    .await?;
    Ok(days.unwrap_or(15).max(1) as u32)
}

/// A body an item can be sent to: a ward committee, state body or party board of the
/// city, still active. The message lands on `field`.
#[cfg(feature = "ssr")]
async fn active_body(db: &mut PgConnection, city: i64, field: &str, value: Option<&str>) -> AppResult<i64> {
    let id = input::optional_id(field, value.unwrap_or(""))?.ok_or_else(|| AppError::field(field, Msg::Required))?;
    let row = sqlx::query!(
        r#"SELECT kind, (active_to IS NULL OR active_to > $3) AS "active!" FROM org_units WHERE id = $1 AND city_id = $2"#,
        id,
        city,
        crate::helpers::today_vn(),
    )
    .fetch_optional(&mut *db)
    .await?;
    match row {
        Some(r) if !["ward", "state_body", "party_board"].contains(&r.kind.as_str()) => Err(AppError::field(field, Msg::NotABody)),
        Some(r) if !r.active => Err(AppError::field(field, Msg::BodyDisabled)),
        Some(_) => Ok(id),
        None => Err(AppError::field(field, Msg::NotABody)),
    }
}

/// The due date of an item sent to `body` today: the date given (not before the raise
/// date), or the time limit in working days from today.
#[cfg(feature = "ssr")]
async fn due_date(pool: &PgPool, db: &mut PgConnection, me: &Me, item: &Item, body: i64, given: Option<&str>) -> AppResult<NaiveDate> {
    if let Some(d) = input::optional_date("due_on", given.unwrap_or(""))? {
        if d < item.raised_on {
            return Err(AppError::field("due_on", Msg::DueBeforeRaised));
        }
        return Ok(d);
    }
    let days = time_limit(db, me.city_id, item.kind, body).await?;
    let today = crate::helpers::today_vn();
    let cal = crate::workdays::api::load_from(pool, me.city_id, today, today + chrono::Duration::days(days as i64 * 2 + 30)).await?;
    Ok(cal.add(today, days))
}

/// Takes one step on one item, in the caller's transaction: checks the caller may, the
/// version he read (when given), the status, the step's own fields; writes the item, the
/// step, the audit line and the notices. Returns the item's new version.
#[cfg(feature = "ssr")]
pub async fn take_step(
    pool: &PgPool,
    tx: &mut PgConnection,
    me: &Me,
    id: i64,
    version: Option<i32>,
    step: Step,
    inp: &StepInput,
) -> AppResult<i32> {
    let item = load_item(tx, me, id, true).await?;
    let rel = relation(tx, me, &item).await?;
    if !perm::can_read(me, rel) || !perm::can_step(me, rel, step) {
        return Err(AppError::forbidden());
    }
    if version.is_some_and(|v| v != item.version) {
        return Err(AppError::conflict());
    }
    let Some(next) = step.next(item.status) else {
        return Err(AppError::invalid(match (step, item.status) {
            (Step::Close, s) if s.is_open() => Msg::NotAnswered,
            (_, s) if s.is_finished() => Msg::RecommendationFinished,
            _ => Msg::StepNotNow,
        }));
    };
    let comment = input::optional("comment", inp.comment.as_deref().unwrap_or(""), 5000)?;
    if step.needs_comment() && comment.is_empty() {
        return Err(AppError::field("comment", Msg::ReasonRequired));
    }
    let mut body = item.body_id;
    let mut due: Option<Option<NaiveDate>> = None;
    let mut answer: Option<String> = None;
    let mut reaction: Option<String> = None;
    let mut into: Option<i64> = None;
    match step {
        Step::Forward | Step::SetBody | Step::HandOver => {
            let b = match (step, inp.body.as_deref().map(str::trim).filter(|s| !s.is_empty()), item.body_id) {
                // forwarding an item whose body is already set may leave the body out
                (Step::Forward, None, Some(current)) => current,
                _ => active_body(tx, me.city_id, "body", inp.body.as_deref()).await?,
            };
            if step == Step::HandOver && Some(b) == item.body_id {
                return Err(AppError::field("body", Msg::SameBody));
            }
            body = Some(b);
            // a new due date when the item reaches a body (not when a new one is only prepared)
            if next != RecStatus::New && (step != Step::SetBody || Some(b) != item.body_id) {
                due = Some(Some(due_date(pool, tx, me, &item, b, inp.due_on.as_deref()).await?));
            }
        }
        Step::Answer => {
            let mut text = input::optional("answer", inp.answer.as_deref().unwrap_or(""), 10000)?;
            if text.is_empty() {
                if let Some(t) = input::optional_id("template", inp.template.as_deref().unwrap_or(""))? {
                    text = sqlx::query_scalar!(
                        "SELECT body FROM answer_templates WHERE id = $1 AND city_id = $2 AND body_id = $3 AND active",
                        t,
                        me.city_id,
                        item.body_id.unwrap_or(-1),
                    )
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or_else(|| AppError::field("template", Msg::BadRequest))?;
                }
            }
            if text.is_empty() {
                return Err(AppError::field("answer", Msg::Required));
            }
            answer = Some(text);
        }
        Step::Close => {
            reaction = Some(input::required("reaction", inp.reaction.as_deref().unwrap_or(""), 5000)?);
        }
        Step::Merge => {
            let target = input::optional_id("into", inp.into.as_deref().unwrap_or("").trim_start_matches('#'))?
                .ok_or_else(|| AppError::field("into", Msg::Required))?;
            if target == item.id {
                return Err(AppError::field("into", Msg::RecMergeIntoSelf));
            }
            let t = load_item(tx, me, target, true).await.map_err(|_| AppError::field("into", Msg::NotFound))?;
            let trel = relation(tx, me, &t).await?;
            if !perm::can_read(me, trel) {
                return Err(AppError::field("into", Msg::NotFound));
            }
            if !t.status.is_open() && t.status != RecStatus::Answered {
                return Err(AppError::field("into", Msg::MergeIntoClosed));
            }
            into = Some(target);
        }
        Step::Start | Step::Ask | Step::Reply | Step::Refuse => {}
    }
    let before = audit::snapshot(tx, audit::Entity::Recommendation, id).await?;
    let new_version: i32 = sqlx::query_scalar!(
        "UPDATE recommendations SET status = $2, body_id = $3,
                due_on = CASE WHEN $4 THEN $5 ELSE due_on END,
                forwarded_at = CASE WHEN $2 = 'forwarded' AND status <> 'forwarded' THEN now() ELSE forwarded_at END,
                answer = COALESCE($6, answer),
                answered_at = CASE WHEN $6 IS NOT NULL THEN now() ELSE answered_at END,
                answered_by = CASE WHEN $6 IS NOT NULL THEN $9 ELSE answered_by END,
                reaction = COALESCE($7, reaction),
                closed_at = CASE WHEN $2 = 'closed' THEN now() ELSE closed_at END,
                merged_into_id = COALESCE($8, merged_into_id),
                version = version + 1, updated_at = now()
         WHERE id = $1 RETURNING version",
        id,
        next as RecStatus,
        body,
        due.is_some(),
        due.flatten(),
        answer.as_deref(),
        reaction.as_deref(),
        into,
        me.account_id,
    )
    .fetch_one(&mut *tx)
    .await?;
    let step_comment = match (step, &answer, &reaction) {
        (Step::Answer, Some(a), _) if comment.is_empty() => a.clone(),
        (Step::Close, _, Some(r)) if comment.is_empty() => r.clone(),
        _ => comment.clone(),
    };
    add_step(tx, me, id, step.code(), Some(item.status), Some(next), body, &step_comment).await?;
    audit::record(tx, me.city_id, Some(me.account_id), step.code(), audit::Entity::Recommendation, id, before).await?;
    if let Some(target) = into {
        // the item it joins keeps the origin in its timeline
        add_step(tx, me, target, "absorb", None, None, None, &format!("#{id}")).await?;
        sqlx::query!("UPDATE recommendations SET version = version + 1, updated_at = now() WHERE id = $1", target)
            .execute(&mut *tx)
            .await?;
    }
    notify(tx, me, id, step, body).await?;
    Ok(new_version)
}

/// A row of the timeline. `to` None keeps the item's status as it is now.
#[cfg(feature = "ssr")]
#[allow(clippy::too_many_arguments)]
pub async fn add_step(
    tx: &mut PgConnection,
    me: &Me,
    id: i64,
    action: &str,
    from: Option<RecStatus>,
    to: Option<RecStatus>,
    body: Option<i64>,
    comment: &str,
) -> AppResult<()> {
    sqlx::query!(
        "INSERT INTO recommendation_steps (city_id, recommendation_id, action, from_status, to_status, body_id, comment, account_id)
         SELECT city_id, id, $2, $3, COALESCE($4, status), COALESCE($5, body_id), $6, $7
         FROM recommendations WHERE id = $1",
        id,
        action,
        from as Option<RecStatus>,
        to as Option<RecStatus>,
        body,
        comment,
        me.account_id,
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Notices to those concerned by a step: the body's responders when the item reaches a
/// body; the member who raised it and the organization board when the body moves it;
/// never the one who took the step.
#[cfg(feature = "ssr")]
async fn notify(tx: &mut PgConnection, me: &Me, id: i64, step: Step, body: Option<i64>) -> AppResult<()> {
    let to_body = matches!(step, Step::Forward | Step::HandOver | Step::Reply | Step::SetBody);
    let r = sqlx::query!(
        r#"SELECT 'Kiến nghị #' || id AS "title!", left(content, 200) AS "content!", status AS "status: RecStatus"
           FROM recommendations WHERE id = $1"#,
        id,
    )
    .fetch_one(&mut *tx)
    .await?;
    let (title, content, status): (String, String, RecStatus) = (r.title, r.content, r.status);
    if step == Step::SetBody && status == RecStatus::New {
        return Ok(());
    }
    let kind = format!("rec_{}", step.code());
    let what = crate::i18n::text(crate::i18n::Lang::Vi, crate::calendar::model::notice_key(&kind));
    let args = crate::calendar::model::NoticeArgs { subject: format!("#{id}"), ..Default::default() };
    let subject = format!("{what}: {title}");
    let text = format!("{what}\n{title}: {content}\n\nXem chi tiết: /recommendations/{id}");
    let recipients: Vec<i64> = sqlx::query_scalar!(
        r#"SELECT DISTINCT a.person_id AS "v!" FROM accounts a
         WHERE a.city_id = $1 AND NOT a.disabled AND a.person_id IS NOT NULL AND a.id <> $2
           AND (($3 AND a.role = 'responder' AND a.scope_unit_id = $4)
             OR (NOT $3 AND (a.id = (SELECT created_by FROM recommendations WHERE id = $5) OR a.role = 'organization_board')))"#,
        me.city_id,
        me.account_id,
        to_body,
        body.unwrap_or(-1),
        id,
    )
    .fetch_all(&mut *tx)
    .await?;
    if recipients.is_empty() {
        return Ok(());
    }
    let inserted: Vec<i64> = sqlx::query_scalar!(
        "INSERT INTO notices (city_id, person_id, kind, recommendation_id, title, body, args)
         SELECT $1, p, $2, $3, $4, $5, $7 FROM unnest($6::bigint[]) AS p RETURNING id",
        me.city_id,
        &kind,
        id,
        &subject,
        &text,
        &recipients,
        sqlx::types::Json(&args) as _,
    )
    .fetch_all(&mut *tx)
    .await?;
    crate::calendar::notices::mail_notices(tx, &inserted).await
}

/// One step on one item as its form posts it (`recommendation_step`): the step's `action` and what it carries.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct StepForm {
    #[serde(deserialize_with = "crate::helpers::form_number")]
    pub id: i64,
    pub action: String,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub due_on: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub answer: Option<String>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub reaction: Option<String>,
    #[serde(default)]
    pub into: Option<String>,
    #[serde(default)]
    pub back: Option<String>,
}

/// One step on one item (the item's page, the meeting page's "closed" form). `back` is
/// where a plain form post returns to (the meeting page); else the item's page.
#[server(endpoint = "recs/step")]
pub async fn recommendation_step(#[server(flatten)] form: StepForm) -> Result<i32, AppError> {
    respond(async move {
        let StepForm { id, action, version, body, due_on, comment, answer, template, reaction, into, back } = form;
        let me = require_me().await?;
        let step = Step::parse(action.trim()).ok_or_else(|| AppError::field("action", Msg::BadRequest))?;
        let version = input::version(version.as_deref())?;
        let pool = pool()?;
        let mut tx = pool.begin().await?;
        let inp = StepInput { body, due_on, comment, answer, template, reaction, into };
        let v = take_step(&pool, &mut tx, &me, id, Some(version), step, &inp).await?;
        tx.commit().await?;
        let back = back
            .filter(|b| b.starts_with("/meetings/") && !b.contains("//") && b.len() < 100)
            .unwrap_or_else(|| format!("/recommendations/{id}?saved=1"));
        leptos_axum::redirect(&back);
        Ok(v)
    })
    .await
}

/// One step on a selection of the list (forward, set the body, merge into one item), all
/// or nothing: the first item that cannot take it is named and nothing is saved. Each
/// selected item comes as "id:version" (the version the list showed).
#[server(endpoint = "recs/bulk")]
pub async fn bulk_step(
    action: String,
    #[server(default)] ids: Vec<String>,
    #[server(default)] body: Option<String>,
    #[server(default)] due_on: Option<String>,
    #[server(default)] comment: Option<String>,
    #[server(default)] into: Option<String>,
    #[server(default)] back: Option<String>,
) -> Result<usize, AppError> {
    respond(async move {
        let me = require_me().await?;
        let step = Step::parse(action.trim())
            .filter(|s| matches!(s, Step::Forward | Step::SetBody | Step::Merge))
            .ok_or_else(|| AppError::field("action", Msg::BadRequest))?;
        if ids.is_empty() {
            return Err(AppError::field("ids", Msg::NothingSelected));
        }
        if ids.len() > 500 {
            return Err(AppError::field("ids", Msg::BadRequest));
        }
        let mut picked: Vec<(i64, i32)> = Vec::new();
        for s in &ids {
            let (id, v) = s.split_once(':').unwrap_or((s.as_str(), ""));
            let id = id.trim().parse::<i64>().map_err(|_| AppError::field("ids", Msg::BadRequest))?;
            let v = v.trim().parse::<i32>().map_err(|_| AppError::field("ids", Msg::BadRequest))?;
            if !picked.iter().any(|p| p.0 == id) {
                picked.push((id, v));
            }
        }
        // one lock order for every request, so two selections never wait on each other
        picked.sort();
        let pool = pool()?;
        let mut tx = pool.begin().await?;
        let inp = StepInput { body, due_on, comment, into, ..Default::default() };
        for (id, v) in &picked {
            if step == Step::Merge && inp.into.as_deref().map(|s| s.trim().trim_start_matches('#')) == Some(&id.to_string()) {
                // the item the others join is part of the selection: it stays as it is
                continue;
            }
            take_step(&pool, &mut tx, &me, *id, Some(*v), step, &inp).await.map_err(|e| e.in_item(*id))?;
        }
        tx.commit().await?;
        let back = back
            .filter(|b| b.starts_with("/recommendations") && !b.contains("//") && b.len() < 1000)
            .unwrap_or_else(|| "/recommendations".to_string());
        let sep = if back.contains('?') { '&' } else { '?' };
        leptos_axum::redirect(&format!("{back}{sep}saved=1"));
        Ok(picked.len())
    })
    .await
}

/// A recommendation that came by another channel, as its form posts it (`new_recommendation`).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct NewRecommendationForm {
    #[serde(default)]
    pub ward: Option<String>,
    #[serde(default)]
    pub cell: Option<String>,
    #[serde(default)]
    pub raised_by: Option<String>,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub domain: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub raised_on: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub due_on: Option<String>,
    #[serde(default)]
    pub client_key: Option<String>,
}

/// The organization board enters a recommendation that came by another channel (a letter,
/// a phone call, a visit, the press); with a body, it is forwarded at once.
#[server(endpoint = "recs/new")]
pub async fn new_recommendation(#[server(flatten)] form: NewRecommendationForm) -> Result<i64, AppError> {
    respond(async move {
        let NewRecommendationForm { ward, cell, raised_by, content, domain, kind, channel, raised_on, body, due_on, client_key } = form;
        let me = require_me().await?;
        if !perm::can_enter(&me) {
            return Err(AppError::forbidden());
        }
        let pool = pool()?;
        let today = crate::helpers::today_vn();
        let mut errors: Vec<(String, Msg)> = Vec::new();
        let ward_id = keep(&mut errors, input::optional_id("ward", ward.as_deref().unwrap_or("")))
            .flatten();
        if ward_id.is_none() && !errors.iter().any(|e| e.0 == "ward") {
            errors.push(("ward".into(), Msg::Required));
        }
        let cell_id = keep(&mut errors, input::optional_id("cell", cell.as_deref().unwrap_or(""))).flatten();
        let raised = keep(&mut errors, input::optional("raised_by", raised_by.as_deref().unwrap_or(""), 200)).unwrap_or_default();
        let text = keep(&mut errors, input::required("content", content.as_deref().unwrap_or(""), 5000)).unwrap_or_default();
        let domain = Domain::parse(domain.as_deref().unwrap_or(""));
        if domain.is_none() {
            errors.push(("domain".into(), Msg::UnknownDomain));
        }
        let kind = match kind.as_deref().filter(|k| !k.is_empty()) {
            Some(k) => RecKind::parse(k),
            None => Some(domain.map_or(RecKind::State, Domain::default_kind)),
        };
        if kind.is_none() {
            errors.push(("kind".into(), Msg::BadRequest));
        }
        // a meeting's items come from its report, not from this form
        let channel = Channel::parse(channel.as_deref().unwrap_or("")).filter(|c| *c != Channel::Meeting);
        if channel.is_none() {
            errors.push(("channel".into(), Msg::UnknownChannel));
        }
        let raised_date = match keep(&mut errors, input::date("raised_on", raised_on.as_deref().unwrap_or(""))) {
            Some(d) if d > today => {
                errors.push(("raised_on".into(), Msg::DateInFuture));
                today
            }
            Some(d) => d,
            None => today,
        };
        let key = match client_key.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
            Some(k) => crate::server::input::client_key("client_key", k)?,
            None => crate::server::input::new_key(),
        };
        let mut tx = pool.begin().await?;
        crate::server::lock_key(&mut tx, &format!("recommendation:{key}")).await?;
        // sent before (a double submit): the same answer
        let known = sqlx::query!(r#"SELECT id, created_by AS "created_by?" FROM recommendations WHERE client_key = $1::text::uuid"#, &key)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(k) = known {
            let (id, by): (i64, Option<i64>) = (k.id, k.created_by);
            if by != Some(me.account_id) {
                return Err(AppError::field("client_key", Msg::BadRequest));
            }
            leptos_axum::redirect(&format!("/recommendations/{id}?saved=1"));
            return Ok(id);
        }
        if let Some(w) = ward_id {
            let ok: bool = sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM org_units WHERE id = $1 AND city_id = $2 AND kind = 'ward') AS "v!""#,
                w,
                me.city_id,
            )
            .fetch_one(&mut *tx)
            .await?;
            if !ok {
                errors.push(("ward".into(), Msg::NotFound));
            }
        }
        if let (Some(c), Some(w)) = (cell_id, ward_id) {
            let ok: bool = sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM org_units WHERE id = $1 AND parent_id = $2 AND kind = 'cell') AS "v!""#,
                c,
                w,
            )
            .fetch_one(&mut *tx)
            .await?;
            if !ok {
                errors.push(("cell".into(), Msg::CellNotInWard));
            }
        }
        if let Some(e) = AppError::fields(errors) {
            return Err(e);
        }
        let Some(ward_id) = ward_id else { return Err(AppError::field("ward", Msg::Required)) };
        let Some(domain) = domain else { return Err(AppError::field("domain", Msg::UnknownDomain)) };
        let Some(kind) = kind else { return Err(AppError::field("kind", Msg::BadRequest)) };
        let Some(channel) = channel else { return Err(AppError::field("channel", Msg::UnknownChannel)) };
        let id: i64 = sqlx::query_scalar!(
            "INSERT INTO recommendations (city_id, client_key, ward_id, cell_id, raised_by, content, domain, kind, channel, raised_on, created_by)
             VALUES ($1, $2::text::uuid, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            me.city_id,
            &key,
            ward_id,
            cell_id,
            &raised,
            &text,
            domain as Domain,
            kind as RecKind,
            channel as Channel,
            raised_date,
            me.account_id,
        )
        .fetch_one(&mut *tx)
        .await?;
        add_step(&mut tx, &me, id, "raise", None, Some(RecStatus::New), None, "").await?;
        audit::record(&mut tx, me.city_id, Some(me.account_id), "create", audit::Entity::Recommendation, id, None).await?;
        if body.as_deref().is_some_and(|b| !b.trim().is_empty()) {
            let inp = StepInput { body, due_on, ..Default::default() };
            take_step(&pool, &mut tx, &me, id, None, Step::Forward, &inp).await?;
        }
        tx.commit().await?;
        leptos_axum::redirect(&format!("/recommendations/{id}?saved=1"));
        Ok(id)
    })
    .await
}

/// A field's value, or its message kept with the others (every field is answered at once).
#[cfg(feature = "ssr")]
fn keep<T>(errors: &mut Vec<(String, Msg)>, r: AppResult<T>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push((e.field.clone().unwrap_or_default(), e.msg));
            None
        }
    }
}

/// The choices of the form for an item from another channel.
#[server(endpoint = "recs/new-options")]
pub async fn new_options() -> Result<EntryOptions, AppError> {
    respond(async move {
        let me = require_me().await?;
        if !perm::can_enter(&me) {
            return Err(AppError::forbidden());
        }
        let pool = pool()?;
        let today = crate::helpers::today_vn();
        let wards: Vec<(i64, String)> = sqlx::query!(
            "SELECT id, name FROM org_units WHERE city_id = $1 AND kind = 'ward' AND (active_to IS NULL OR active_to > $2) ORDER BY name",
            me.city_id,
            today,
        )
        .fetch_all(&pool)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
        let cells: Vec<(i64, i64, String)> = sqlx::query!(
            r#"SELECT id, parent_id AS "parent_id!", code || ' – ' || name AS "name!" FROM org_units
             WHERE city_id = $1 AND kind = 'cell' AND (active_to IS NULL OR active_to > $2) ORDER BY parent_id, code"#,
            me.city_id,
            today,
        )
        .fetch_all(&pool)
        .await?
        .into_iter()
        .map(|r| (r.id, r.parent_id, r.name))
        .collect();
        Ok(EntryOptions { wards, cells, bodies: bodies(&pool, me.city_id, today, true).await?, key: crate::server::input::new_key(), today: Some(today) })
    })
    .await
}

/// The answer templates of the bodies the caller keeps (or of one body).
#[cfg(feature = "ssr")]
async fn templates_of(pool: &PgPool, city: i64, body: Option<i64>, active_only: bool) -> AppResult<Vec<AnswerTemplate>> {
    let rows = sqlx::query_as!(
        AnswerTemplate,
        "SELECT t.id, t.body_id, b.name AS body, t.title, t.body AS text, t.active, t.version
         FROM answer_templates t JOIN org_units b ON b.id = t.body_id
         WHERE t.city_id = $1 AND ($2::bigint IS NULL OR t.body_id = $2) AND (t.active OR NOT $3)
         ORDER BY b.name, lower(t.title)",
        city,
        body,
        active_only,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows)
}

/// The templates page: a responder's body's templates; every body's for the organization
/// board and an admin.
#[server(endpoint = "recs/templates")]
pub async fn answer_templates() -> Result<(Vec<AnswerTemplate>, Vec<BodyOption>), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let today = crate::helpers::today_vn();
        match me.role {
            Role::Admin | Role::OrganizationBoard => Ok((
                templates_of(&pool, me.city_id, None, false).await?,
                bodies(&pool, me.city_id, today, true).await?,
            )),
            Role::Responder => {
                let body = me.scope_unit_id.unwrap_or(-1);
                let all = bodies(&pool, me.city_id, today, false).await?;
                Ok((templates_of(&pool, me.city_id, Some(body), false).await?, all.into_iter().filter(|b| b.id == body).collect()))
            }
            _ => Err(AppError::forbidden()),
        }
    })
    .await
}

/// An answer template as its form posts it (`save_template`); `id` empty makes a new one.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct TemplateForm {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub body_id: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub active: Option<String>,
}

/// Adds or changes an answer template (versioned; switched off, never deleted).
#[server(endpoint = "recs/template-save")]
pub async fn save_template(#[server(flatten)] form: TemplateForm) -> Result<i64, AppError> {
    respond(async move {
        let TemplateForm { id, version, body_id, title, text, active } = form;
        let me = require_me().await?;
        if !perm::can_open_templates(&me) {
            return Err(AppError::forbidden());
        }
        let id = input::optional_id("id", id.as_deref().unwrap_or(""))?;
        let pool = pool()?;
        let mut tx = pool.begin().await?;
        let saved = match id {
            None => {
                let body = active_body(&mut tx, me.city_id, "body_id", body_id.as_deref()).await?;
                if !perm::can_keep_templates(&me, body) {
                    return Err(AppError::forbidden());
                }
                let title = input::required("title", title.as_deref().unwrap_or(""), 200)?;
                let text = input::required("text", text.as_deref().unwrap_or(""), 10000)?;
                let new_id: i64 = sqlx::query_scalar!(
                    "INSERT INTO answer_templates (city_id, body_id, title, body) VALUES ($1, $2, $3, $4) RETURNING id",
                    me.city_id,
                    body,
                    &title,
                    &text,
                )
                .fetch_one(&mut *tx)
                .await?;
                audit::record(&mut tx, me.city_id, Some(me.account_id), "create", audit::Entity::AnswerTemplate, new_id, None).await?;
                new_id
            }
            Some(id) => {
                let row = sqlx::query!(
                    "SELECT body_id, version FROM answer_templates WHERE id = $1 AND city_id = $2 FOR UPDATE",
                    id,
                    me.city_id,
                )
                .fetch_optional(&mut *tx)
                .await?;
                let (body, current): (i64, i32) = row.map(|r| (r.body_id, r.version)).ok_or_else(AppError::not_found)?;
                if !perm::can_keep_templates(&me, body) {
                    return Err(AppError::forbidden());
                }
                if input::version(version.as_deref())? != current {
                    return Err(AppError::conflict());
                }
                let title = input::required("title", title.as_deref().unwrap_or(""), 200)?;
                let text = input::required("text", text.as_deref().unwrap_or(""), 10000)?;
                let before = audit::snapshot(&mut tx, audit::Entity::AnswerTemplate, id).await?;
                sqlx::query!(
                    "UPDATE answer_templates SET title = $2, body = $3, active = $4, version = version + 1, updated_at = now() WHERE id = $1",
                    id,
                    &title,
                    &text,
                    input::checkbox(&active),
                )
                .execute(&mut *tx)
                .await?;
                audit::record(&mut tx, me.city_id, Some(me.account_id), "update", audit::Entity::AnswerTemplate, id, before).await?;
                id
            }
        };
        tx.commit().await?;
        leptos_axum::redirect("/recommendations/templates?saved=1");
        Ok(saved)
    })
    .await
}

/// The city's time limits (admin, organization board).
#[server(endpoint = "recs/limits")]
pub async fn time_limits() -> Result<LimitList, AppError> {
    respond(async move {
        let me = require_me().await?;
        if !perm::can_keep_limits(&me) {
            return Err(AppError::forbidden());
        }
        let pool = pool()?;
        let limits = sqlx::query_as!(
            TimeLimit,
            r#"SELECT l.id, l.kind AS "kind: RecKind", l.body_id AS "body_id?", COALESCE(b.name, '') AS "body!", l.working_days, l.version
             FROM recommendation_time_limits l LEFT JOIN org_units b ON b.id = l.body_id
             WHERE l.city_id = $1 ORDER BY l.body_id NULLS FIRST, b.name, l.kind DESC"#,
            me.city_id,
        )
        .fetch_all(&pool)
        .await?;
        Ok(LimitList {
            limits,
            bodies: bodies(&pool, me.city_id, crate::helpers::today_vn(), true).await?,
        })
    })
    .await
}

/// Sets a time limit: a kind's default (no body) or a body's own; an existing one is
/// changed with the version it was read at.
#[server(endpoint = "recs/limit-save")]
pub async fn save_time_limit(
    #[server(default)] id: Option<String>,
    #[server(default)] version: Option<String>,
    #[server(default)] kind: Option<String>,
    #[server(default)] body_id: Option<String>,
    #[server(default)] working_days: Option<String>,
) -> Result<i64, AppError> {
    respond(async move {
        let me = require_me().await?;
        if !perm::can_keep_limits(&me) {
            return Err(AppError::forbidden());
        }
        let days = input::optional_count("working_days", working_days.as_deref().unwrap_or(""), 250)?
            .filter(|d| *d >= 1)
            .ok_or_else(|| AppError::field("working_days", Msg::WorkingDaysRange))?;
        let pool = pool()?;
        let mut tx = pool.begin().await?;
        let saved = match input::optional_id("id", id.as_deref().unwrap_or(""))? {
            Some(id) => {
                let current: Option<i32> =
                    sqlx::query_scalar!(
                        "SELECT version FROM recommendation_time_limits WHERE id = $1 AND city_id = $2 FOR UPDATE",
                        id,
                        me.city_id,
                    )
                    .fetch_optional(&mut *tx)
                    .await?;
                let current = current.ok_or_else(AppError::not_found)?;
                if input::version(version.as_deref())? != current {
                    return Err(AppError::conflict());
                }
                let before = audit::snapshot(&mut tx, audit::Entity::TimeLimit, id).await?;
                sqlx::query!(
                    "UPDATE recommendation_time_limits SET working_days = $2, version = version + 1 WHERE id = $1",
                    id,
                    days as i16,
                )
                .execute(&mut *tx)
                .await?;
                audit::record(&mut tx, me.city_id, Some(me.account_id), "update", audit::Entity::TimeLimit, id, before).await?;
                id
            }
            None => {
                let kind = RecKind::parse(kind.as_deref().unwrap_or("")).ok_or_else(|| AppError::field("kind", Msg::BadRequest))?;
                let body = match body_id.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
                    Some(_) => Some(active_body(&mut tx, me.city_id, "body_id", body_id.as_deref()).await?),
                    None => None,
                };
                let new_id: Option<i64> = sqlx::query_scalar!(
                    "INSERT INTO recommendation_time_limits (city_id, kind, body_id, working_days) VALUES ($1, $2, $3, $4)
                     ON CONFLICT ON CONSTRAINT time_limit_once DO NOTHING RETURNING id",
                    me.city_id,
                    kind as RecKind,
                    body,
                    days as i16,
                )
                .fetch_optional(&mut *tx)
                .await?;
                let new_id = new_id.ok_or_else(|| AppError::field("body_id", Msg::LimitExists))?;
                audit::record(&mut tx, me.city_id, Some(me.account_id), "create", audit::Entity::TimeLimit, new_id, None).await?;
                new_id
            }
        };
        tx.commit().await?;
        leptos_axum::redirect("/recommendations/limits?saved=1");
        Ok(saved)
    })
    .await
}
