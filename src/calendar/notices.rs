//! Notices: every change that concerns a member (a meeting announced, moved, postponed,
//! cancelled; an invitation; a substitute) lands in his in-app inbox, and, when he has an
//! e-mail address, as a message in the outbox. The outbox is sent through SMTP when the
//! server is configured for it (SMTP_* settings in the environment); otherwise the
//! messages wait there, visible to administrators.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_me,
    crate::error::AppResult,
    crate::server::{pool, respond},
    chrono::{DateTime, NaiveDateTime, Utc},
    sqlx::PgConnection,
};

/// A meeting as its notice tells it, and who is expected at it.
#[cfg(feature = "ssr")]
#[derive(sqlx::FromRow)]
struct NoticeMeeting {
    city_id: i64,
    title: String,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
    place: String,
    ward: String,
    ids: Vec<i64>,
}

/// Writes a notice about a meeting to `persons`, or, when none are given, to everyone
/// expected at it; and an e-mail to the outbox for those with an address. In the caller's
/// transaction, so a change and its notices are saved together or not at all.
#[cfg(feature = "ssr")]
pub async fn notify_meeting(
    tx: &mut PgConnection,
    meeting_id: i64,
    kind: &str,
    persons: &[i64],
) -> AppResult<()> {
    let NoticeMeeting { city_id: city, title, starts, ends, place, ward, ids } =
        sqlx::query_as(&format!(
            "SELECT m.city_id, COALESCE(c.code || ' – ' || c.name, w.name) AS title,
                    m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS starts, m.ends_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS ends, m.place,
                    w.name AS ward, COALESCE(e.ids, '{{}}') AS ids
             FROM meetings m JOIN org_units w ON w.id = m.ward_id LEFT JOIN org_units c ON c.id = m.cell_id
             {}
             WHERE m.id = $2",
            super::meeting::EXPECTED_JOIN
        ))
        .bind(-1_i64)
        .bind(meeting_id)
        .fetch_one(&mut *tx)
        .await?;
    let recipients: Vec<i64> = if persons.is_empty() {
        ids
    } else {
        persons.to_vec()
    };
    if recipients.is_empty() {
        return Ok(());
    }
    let what = crate::i18n::text(crate::i18n::Lang::Vi, notice_key(kind));
    let when = format!(
        "{}–{} ngày {}",
        starts.format("%H:%M"),
        ends.format("%H:%M"),
        starts.format("%d/%m/%Y")
    );
    let subject = format!("{what}: {title}, {when}");
    // kept as its kind and arguments, rendered when read in the reader's language
    let args = NoticeArgs {
        subject: format!("{title}, {}–{} {}", starts.format("%H:%M"), ends.format("%H:%M"), starts.format("%d/%m/%Y")),
        ..Default::default()
    };
    let body = format!(
        "{what}\n{title} ({ward})\nThời gian: {when}\nĐịa điểm: {}\n\nXem chi tiết: /meetings/{meeting_id}",
        if place.is_empty() { "chưa có" } else { &place }
    );
    let inserted: Vec<i64> = sqlx::query_scalar!(
        "INSERT INTO notices (city_id, person_id, kind, meeting_id, title, body, args)
         SELECT $1, p, $2, $3, $4, $5, $7 FROM unnest($6::bigint[]) AS p RETURNING id",
        city,
        kind,
        meeting_id,
        &subject,
        &body,
        &recipients,
        sqlx::types::Json(&args) as _,
    )
    .fetch_all(&mut *tx)
    .await?;
    mail_notices(tx, &inserted).await
}

/// Puts the notices `ids` in the outbox as e-mails, for their people who have an address
/// (every kind of notice: meetings, recommendations), in the caller's transaction.
#[cfg(feature = "ssr")]
pub async fn mail_notices(tx: &mut PgConnection, ids: &[i64]) -> AppResult<()> {
    sqlx::query!(
        "INSERT INTO outbox (city_id, notice_id, to_address, subject, body)
         SELECT n.city_id, n.id, p.email, n.title, n.body FROM notices n JOIN people p ON p.id = n.person_id
         WHERE n.id = ANY($1) AND p.email <> ''",
        ids,
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A notice as stored.
#[cfg(feature = "ssr")]
struct NoticeRow {
    id: i64,
    kind: String,
    meeting_id: Option<i64>,
    title: String,
    created_at: DateTime<Utc>,
    read: bool,
    recommendation_id: Option<i64>,
    link: Option<String>,
    args: Option<sqlx::types::Json<NoticeArgs>>,
}

/// The caller's notices, newest first, and how many are unread.
#[server(endpoint = "notices/list")]
pub async fn list_notices() -> Result<Inbox, AppError> {
    respond(async move {
        let me = require_me().await?;
        let Some(person) = me.person_id else {
            return Ok(Inbox::default());
        };
        let pool = pool()?;
        let rows: Vec<NoticeRow> = sqlx::query_as!(
            NoticeRow,
            r#"SELECT id, kind, meeting_id, title, created_at, read_at IS NOT NULL AS "read!", recommendation_id, link,
                      args AS "args: sqlx::types::Json<NoticeArgs>"
             FROM notices
             WHERE person_id = $1 AND city_id = $2 ORDER BY created_at DESC, id DESC LIMIT 100"#,
            person,
            me.city_id,
        )
        .fetch_all(&pool)
        .await?;
        let unread = rows.iter().filter(|r| !r.read).count();
        Ok(Inbox {
            unread,
            notices: rows
                .into_iter()
                .map(|r| Notice {
                    id: r.id,
                    kind: r.kind,
                    meeting_id: r.meeting_id,
                    recommendation_id: r.recommendation_id,
                    link: r.link.filter(|l| l.starts_with('/')),
                    title: r.title,
                    args: r.args.map(|j| j.0),
                    at: crate::helpers::fmt_datetime(r.created_at),
                    read: r.read,
                })
                .collect(),
        })
    })
    .await
}

/// Marks the caller's notices read (all of them).
#[server(endpoint = "notices/read")]
pub async fn mark_read() -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        if let Some(person) = me.person_id {
            sqlx::query!("UPDATE notices SET read_at = now() WHERE person_id = $1 AND city_id = $2 AND read_at IS NULL", person, me.city_id)
                .execute(&pool()?)
                .await?;
        }
        leptos_axum::redirect("/calendar/inbox");
        Ok(())
    })
    .await
}

/// The outbox of the caller's city (administrators and the organization board): what was
/// sent, what waits, and why a message failed.
#[server(endpoint = "notices/outbox")]
pub async fn list_outbox() -> Result<Vec<OutboxLine>, AppError> {
    respond(async move {
        let me = require_me().await?;
        if !me.manages_org() {
            return Err(AppError::forbidden());
        }
        let rows = sqlx::query!(
            "SELECT id, to_address, subject, created_at, sent_at, last_error FROM outbox
             WHERE city_id = $1 ORDER BY created_at DESC, id DESC LIMIT 200",
            me.city_id,
        )
        .fetch_all(&pool()?)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| OutboxLine {
                id: r.id,
                to: r.to_address,
                subject: r.subject,
                at: crate::helpers::fmt_datetime(r.created_at),
                sent_at: r.sent_at.map(crate::helpers::fmt_datetime),
                error: r.last_error,
            })
            .collect())
    })
    .await
}
