//! Private calendar subscriptions (RFC 5545): a member's own meetings or a ward's
//! schedule, at a URL that carries a random secret, so Google, Apple and Outlook calendars
//! keep them in sync. Each meeting keeps its UID across updates; its SEQUENCE goes up with
//! every change of time, place or status; a cancelled meeting stays in the feed as
//! STATUS:CANCELLED, so calendars remove it.

use super::model::Feeds;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::meeting::ward_relation,
    super::model::{FeedInfo, MeetingKind, MeetingStatus},
    super::permissions::{can, MeetingAction},
    crate::auth::session::require_me,
    crate::helpers::today_vn,
    crate::i18n::Msg,
    crate::server::{audit, input, pool, respond},
    chrono::{DateTime, NaiveDateTime, Utc},
    sha2::{Digest, Sha256},
    sqlx::PgPool,
};

#[cfg(feature = "ssr")]
fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The caller's feeds (their own, and those of the ward they may enter), never the secrets.
/// The address calendars reach this site at: PUBLIC_URL when set, else the request's host.
#[cfg(feature = "ssr")]
pub fn public_base(headers: &axum::http::HeaderMap) -> String {
    if let Ok(url) = std::env::var("PUBLIC_URL") {
        return url.trim_end_matches('/').to_string();
    }
    let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = if crate::auth::session::served_over_https(None) { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// The caller's subscriptions, never their secrets, and the site's address (to show a new
/// one's full URL).
#[server(endpoint = "ics/list")]
pub async fn list_feeds() -> Result<Feeds, AppError> {
    respond(async move {
        let me = require_me().await?;
        if !super::permissions::can_open_calendar(&me) {
            return Err(AppError::forbidden());
        }
        let pool = pool()?;
        let rows = sqlx::query!(
            r#"SELECT f.id, f.ward_id, w.name AS "ward?", f.created_at, f.last_used_at
             FROM calendar_feeds f LEFT JOIN org_units w ON w.id = f.ward_id
             WHERE f.city_id = $1 AND f.revoked_at IS NULL AND f.created_by = $2
             ORDER BY f.created_at DESC"#,
            me.city_id,
            me.account_id,
        )
        .fetch_all(&pool)
        .await?;
        let feeds = rows
            .into_iter()
            .map(|r| FeedInfo {
                id: r.id,
                ward_id: r.ward_id,
                ward: r.ward,
                created_at: crate::helpers::fmt_datetime(r.created_at),
                last_used_at: r.last_used_at.map(crate::helpers::fmt_datetime),
            })
            .collect();
        // a ward's feed: for those who enter its meetings
        let wards: Vec<(i64, String)> = sqlx::query!(
            "SELECT id, name FROM org_units WHERE city_id = $1 AND kind = 'ward' AND active_to IS NULL ORDER BY length(code), code",
            me.city_id,
        )
        .fetch_all(&pool)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .filter(|w| super::permissions::can(&me, super::permissions::by_scope(&me, w.0), super::permissions::MeetingAction::Enter))
        .collect();
        let base = crate::server::request_parts().map(|p| public_base(&p.headers)).unwrap_or_default();
        Ok(Feeds { feeds, wards, own: me.person_id.is_some(), base })
    })
    .await
}

/// Makes a new subscription URL: the caller's own meetings (no ward) or a ward's schedule
/// (its staff, admin, organization board). A new one replaces (revokes) the caller's
/// previous one of the same subject. The secret is shown this once.
#[server(endpoint = "ics/create")]
pub async fn create_feed(ward_id: Option<String>) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let ward = input::optional_id("ward_id", ward_id.as_deref().unwrap_or(""))?;
        let person = match ward {
            Some(w) => {
                let today = today_vn();
                let rel = ward_relation(&pool, &me, w, today, today.succ_opt().unwrap_or(today)).await?;
                if !can(&me, rel, MeetingAction::Enter) {
                    return Err(AppError::forbidden());
                }
                None
            }
            None => match me.person_id {
                Some(p) if super::permissions::can_open_calendar(&me) => Some(p),
                _ => return Err(AppError::forbidden()),
            },
        };
        let token = {
            use rand::RngCore;
            let mut bytes = [0u8; 24];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            hex::encode(bytes)
        };
        let mut tx = pool.begin().await?;
        sqlx::query!(
            "UPDATE calendar_feeds SET revoked_at = now()
             WHERE created_by = $1 AND revoked_at IS NULL AND ward_id IS NOT DISTINCT FROM $2 AND person_id IS NOT DISTINCT FROM $3",
            me.account_id,
            ward,
            person,
        )
        .execute(&mut *tx)
        .await?;
        let id: i64 = sqlx::query_scalar!(
            "INSERT INTO calendar_feeds (city_id, token_hash, person_id, ward_id, created_by) VALUES ($1, $2, $3, $4, $5)
             RETURNING id",
            me.city_id,
            hash(&token),
            person,
            ward,
            me.account_id,
        )
        .fetch_one(&mut *tx)
        .await?;
        audit::record(&mut tx, me.city_id, Some(me.account_id), "create", audit::Entity::CalendarFeed, id, None).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/calendar/subscribe?new={token}"));
        Ok(())
    })
    .await
}

/// Stops a subscription URL at once (its calendars get "gone" from then on).
#[server(endpoint = "ics/revoke")]
pub async fn revoke_feed(id: i64) -> Result<(), AppError> {
    respond(async move {
        let me = require_me().await?;
        let pool = pool()?;
        let mut tx = pool.begin().await?;
        let owner: Option<i64> = sqlx::query_scalar!(
            "SELECT created_by FROM calendar_feeds WHERE id = $1 AND city_id = $2 FOR UPDATE",
            id,
            me.city_id,
        )
        .fetch_optional(&mut *tx)
        .await?;
        match owner {
            None => return Err(AppError::not_found()),
            Some(o) if o != me.account_id && !me.manages_org() => return Err(AppError::forbidden()),
            _ => {}
        }
        let before = audit::snapshot(&mut tx, audit::Entity::CalendarFeed, id).await?;
        sqlx::query!("UPDATE calendar_feeds SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1", id)
            .execute(&mut *tx)
            .await?;
        audit::record(&mut tx, me.city_id, Some(me.account_id), "revoke", audit::Entity::CalendarFeed, id, before).await?;
        tx.commit().await?;
        leptos_axum::redirect("/calendar/subscribe?revoked=1");
        Ok(())
    })
    .await
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
#[cfg(feature = "ssr")]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets, never inside a UTF-8 character (§3.1).
#[cfg(feature = "ssr")]
pub fn line(out: &mut String, s: &str) {
    let mut width = 0;
    for c in s.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// One meeting as the feed lists it.
#[cfg(feature = "ssr")]
#[derive(sqlx::FromRow)]
pub struct Event {
    pub id: i64,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub title: String,
    pub ward: String,
    pub place: String,
    pub topic: String,
    pub status: MeetingStatus,
    pub kind: MeetingKind,
    pub sequence: i32,
    pub updated: DateTime<Utc>,
    pub expected: Vec<String>,
}

/// The calendar file. Times are local to Asia/Ho_Chi_Minh with its VTIMEZONE (UTC+7 all
/// year), so every client shows them as the ward wrote them.
#[cfg(feature = "ssr")]
pub fn calendar(name: &str, events: &[Event], base_url: &str) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//To cong tac//Lich sinh hoat//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        line(&mut out, l);
    }
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    line(&mut out, "X-WR-TIMEZONE:Asia/Ho_Chi_Minh");
    line(&mut out, "REFRESH-INTERVAL;VALUE=DURATION:PT1H");
    line(&mut out, "X-PUBLISHED-TTL:PT1H");
    for l in [
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Ho_Chi_Minh",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0700",
        "TZOFFSETTO:+0700",
        "TZNAME:ICT",
        "END:STANDARD",
        "END:VTIMEZONE",
    ] {
        line(&mut out, l);
    }
    let kind_name = |k: MeetingKind| match k {
        MeetingKind::Thematic => "Sinh hoạt chuyên đề",
        MeetingKind::Extraordinary => "Sinh hoạt bất thường",
        MeetingKind::WardCommittee => "Phiên họp Đảng ủy phường",
        MeetingKind::Regular => "Sinh hoạt chi bộ",
    };
    for e in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:meeting-{}@to-cong-tac", e.id));
        line(&mut out, &format!("DTSTAMP:{}", e.updated.format("%Y%m%dT%H%M%SZ")));
        line(&mut out, &format!("LAST-MODIFIED:{}", e.updated.format("%Y%m%dT%H%M%SZ")));
        line(&mut out, &format!("SEQUENCE:{}", e.sequence));
        line(&mut out, &format!("DTSTART;TZID=Asia/Ho_Chi_Minh:{}", e.starts.format("%Y%m%dT%H%M%S")));
        line(&mut out, &format!("DTEND;TZID=Asia/Ho_Chi_Minh:{}", e.ends.format("%Y%m%dT%H%M%S")));
        let prefix = match e.status {
            MeetingStatus::Postponed => "[Hoãn] ",
            MeetingStatus::Cancelled => "[Hủy] ",
            _ => "",
        };
        line(&mut out, &format!("SUMMARY:{}", escape(&format!("{prefix}{} – {}", kind_name(e.kind), e.title))));
        if !e.place.is_empty() {
            line(&mut out, &format!("LOCATION:{}", escape(&format!("{}, {}", e.place, e.ward))));
        }
        let mut description = String::new();
        if !e.topic.is_empty() {
            description.push_str(&e.topic);
            description.push('\n');
        }
        if !e.expected.is_empty() {
            description.push_str(&format!("Dự: {}\n", e.expected.join(", ")));
        }
        description.push_str(&format!("{base_url}/meetings/{}", e.id));
        line(&mut out, &format!("DESCRIPTION:{}", escape(&description)));
        line(&mut out, &format!("URL:{base_url}/meetings/{}", e.id));
        line(
            &mut out,
            match e.status {
                MeetingStatus::Cancelled => "STATUS:CANCELLED",
                MeetingStatus::Planned | MeetingStatus::Postponed => "STATUS:TENTATIVE",
                _ => "STATUS:CONFIRMED",
            },
        );
        line(&mut out, "TRANSP:OPAQUE");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// What a feed URL answers: the calendar, or why not (unknown 404, revoked 410).
#[cfg(feature = "ssr")]
pub enum Feed {
    Calendar(String),
    Unknown,
    Revoked,
}

/// A feed as stored: its owner (a person, or a ward), whether it is revoked, and whose calendar it is.
#[cfg(feature = "ssr")]
struct FeedRow {
    id: i64,
    city_id: i64,
    person_id: Option<i64>,
    ward_id: Option<i64>,
    revoked: bool,
    subject: Option<String>,
}

/// The feed for a secret: the member's meetings, or the ward's, from three months back to
/// a year ahead.
#[cfg(feature = "ssr")]
pub async fn feed(pool: &PgPool, token: &str, base_url: &str) -> Result<Feed, AppError> {
    let row: Option<FeedRow> = sqlx::query_as!(
        FeedRow,
        r#"SELECT f.id, f.city_id, f.person_id, f.ward_id, f.revoked_at IS NOT NULL AS "revoked!",
                COALESCE(p.full_name, w.name) AS "subject?"
         FROM calendar_feeds f LEFT JOIN people p ON p.id = f.person_id LEFT JOIN org_units w ON w.id = f.ward_id
         WHERE f.token_hash = $1"#,
        hash(token),
    )
    .fetch_optional(pool)
    .await?;
    let Some(FeedRow { id, city_id: city, person_id: person, ward_id: ward, revoked, subject }) = row else { return Ok(Feed::Unknown) };
    if revoked {
        return Ok(Feed::Revoked);
    }
    // last use, at most once an hour (calendars poll often)
    sqlx::query!(
        "UPDATE calendar_feeds SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 hour')",
        id,
    )
    .execute(pool)
    .await?;
    let (from, to) = (Utc::now() - chrono::Duration::days(92), Utc::now() + chrono::Duration::days(366));
    // A member's meetings are found from his own rows; a ward's by the ward.
    let ids: Vec<i64> = match person {
        Some(p) => super::clash::meetings_of_person(pool, p, from, to).await?,
        None => vec![],
    };
    let events: Vec<Event> = sqlx::query_as(&format!(
        "SELECT m.id, m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS starts, m.ends_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS ends,
                COALESCE(c.code || ' – ' || c.name, w.name) AS title, w.name AS ward, m.place, m.topic, m.status, m.kind, m.sequence,
                m.updated_at AS updated, COALESCE(e.names, '{{}}') AS expected
         FROM meetings m JOIN org_units w ON w.id = m.ward_id LEFT JOIN org_units c ON c.id = m.cell_id
         {}
         WHERE m.city_id = $2 AND m.starts_at > $5 AND m.starts_at < $6
           AND (($3::bigint IS NOT NULL AND m.ward_id = $3) OR ($3::bigint IS NULL AND m.id = ANY($4)))
         ORDER BY m.starts_at",
        super::meeting::EXPECTED_JOIN
    ))
    .bind(-1_i64)
    .bind(city)
    .bind(ward)
    .bind(&ids)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    let name = format!("Lịch sinh hoạt – {}", subject.unwrap_or_default());
    Ok(Feed::Calendar(calendar(&name, &events, base_url)))
}

/// GET /ics/{token}.ics — no session: the secret in the URL is the permission.
#[cfg(feature = "ssr")]
pub async fn serve(
    axum::extract::State(pool): axum::extract::State<PgPool>,
    axum::extract::Path(file): axum::extract::Path<String>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    if token.len() != 48 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return (StatusCode::NOT_FOUND, "Không tìm thấy lịch.").into_response();
    }
    let base = public_base(&headers);
    match feed(&pool, token, &base).await {
        Ok(Feed::Calendar(body)) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CACHE_CONTROL, "private, max-age=300"),
                (header::CONTENT_DISPOSITION, "inline; filename=\"lich-sinh-hoat.ics\""),
            ],
            body,
        )
            .into_response(),
        Ok(Feed::Unknown) => (StatusCode::NOT_FOUND, "Không tìm thấy lịch.").into_response(),
        Ok(Feed::Revoked) => (StatusCode::GONE, Msg::FeedRevoked.text(crate::i18n::Lang::Vi)).into_response(),
        Err(e) => StatusCode::from_u16(e.kind.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets_without_splitting_a_letter() {
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "Sinh hoạt chi bộ khu phố Hùng Vương ".repeat(5)));
        for l in out.split("\r\n") {
            assert!(l.len() <= 75, "{l}");
        }
        let unfolded = out.replace("\r\n ", "");
        assert!(unfolded.starts_with("SUMMARY:Sinh hoạt"));
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
