//! Sends the outbox through SMTP when the server is configured for it (SMTP_HOST set).
//! Settings, from the environment only (never the repository):
//!   SMTP_HOST, SMTP_PORT (587), SMTP_TLS (starttls | tls | none; starttls by default),
//!   SMTP_USERNAME, SMTP_PASSWORD (optional), SMTP_FROM (the sender address),
//!   PUBLIC_URL (the site's address, to make the links in messages absolute).
//! Without SMTP_HOST the messages stay in the outbox, which administrators see at
//! /calendar/outbox. A message that fails is tried again later, five times at most; its
//! last error is kept beside it. Passwords never reach a log.

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::Body;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::PgPool;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tls {
    StartTls,
    Wrapper,
    None,
}

#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    pub credentials: Option<(String, String)>,
    pub from: String,
    pub public_url: String,
}

impl std::fmt::Debug for SmtpConfig {
    // the password is never printed
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SmtpConfig {{ host: {}, port: {}, tls: {:?}, from: {} }}", self.host, self.port, self.tls, self.from)
    }
}

impl SmtpConfig {
    /// The settings in the environment, or None when SMTP_HOST is not set.
    pub fn from_env() -> Option<SmtpConfig> {
        let host = std::env::var("SMTP_HOST").ok().filter(|h| !h.trim().is_empty())?;
        let tls = match std::env::var("SMTP_TLS").unwrap_or_default().to_lowercase().as_str() {
            "tls" | "ssl" | "wrapper" => Tls::Wrapper,
            "none" | "plain" => Tls::None,
            _ => Tls::StartTls,
        };
        let default_port = match tls {
            Tls::Wrapper => 465,
            Tls::StartTls => 587,
            Tls::None => 25,
        };
        let credentials = match (std::env::var("SMTP_USERNAME"), std::env::var("SMTP_PASSWORD")) {
            (Ok(u), Ok(p)) if !u.is_empty() => Some((u, p)),
            _ => None,
        };
        Some(SmtpConfig {
            port: std::env::var("SMTP_PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(default_port),
            from: std::env::var("SMTP_FROM").unwrap_or_else(|_| format!("to-cong-tac@{host}")),
            public_url: std::env::var("PUBLIC_URL").unwrap_or_default().trim_end_matches('/').to_string(),
            host,
            tls,
            credentials,
        })
    }

    fn transport(&self) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
        let mut builder = match self.tls {
            Tls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host),
            Tls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&self.host).map_err(|e| e.to_string())?,
            Tls::Wrapper => AsyncSmtpTransport::<Tokio1Executor>::relay(&self.host).map_err(|e| e.to_string())?,
        }
        .port(self.port)
        .timeout(Some(std::time::Duration::from_secs(20)));
        if let Some((user, password)) = &self.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(builder.build())
    }
}

/// A message waiting in the outbox.
struct Waiting {
    id: i64,
    to_address: String,
    subject: String,
    body: String,
}

/// One pass over the waiting messages (50 at most): sends each, marks it sent, or counts
/// the attempt and keeps the error. Returns how many were sent.
pub async fn send_waiting(pool: &PgPool, config: &SmtpConfig) -> Result<usize, String> {
    let mailer = config.transport()?;
    let mut tx = pool.begin().await.map_err(|e| e.to_string())?;
    // SKIP LOCKED: two servers never send the same message twice.
    let waiting: Vec<Waiting> = sqlx::query_as!(
        Waiting,
        "SELECT id, to_address, subject, body FROM outbox WHERE sent_at IS NULL AND attempts < 5
         ORDER BY id LIMIT 50 FOR UPDATE SKIP LOCKED",
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(|e| e.to_string())?;
    let mut sent = 0;
    for Waiting { id, to_address: to, subject, body } in waiting {
        let body = body.replace("Xem chi tiết: /", &format!("Xem chi tiết: {}/", config.public_url));
        let result = async {
            let message = Message::builder()
                .from(config.from.parse().map_err(|e| format!("from: {e}"))?)
                .to(to.parse().map_err(|e| format!("to: {e}"))?)
                .subject(subject)
                .header(ContentType::TEXT_PLAIN)
                // quoted-printable: readable by every mail server, links stay as they are
                .body(Body::new_with_encoding(body, ContentTransferEncoding::QuotedPrintable).map_err(|_| "encoding".to_string())?)
                .map_err(|e| e.to_string())?;
            mailer.send(message).await.map(|_| ()).map_err(|e| e.to_string())
        }
        .await;
        match result {
            Ok(()) => {
                sent += 1;
                sqlx::query!("UPDATE outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1", id)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| e.to_string())?;
            }
            Err(e) => {
                tracing::warn!(outbox_id = id, error = %e, "an e-mail could not be sent");
                sqlx::query!(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1",
                    id,
                    e.chars().take(500).collect::<String>(),
                )
                .execute(&mut *tx)
                .await
                .map_err(|e| e.to_string())?;
            }
        }
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(sent)
}

/// Sends the outbox every 30 seconds while the server runs, when SMTP is configured.
pub fn spawn(pool: PgPool) {
    let Some(config) = SmtpConfig::from_env() else {
        tracing::info!("SMTP_HOST is not set: notice e-mails stay in the outbox (/calendar/outbox)");
        return;
    };
    tracing::info!(host = %config.host, port = config.port, "sending notice e-mails through SMTP");
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
        loop {
            tick.tick().await;
            if let Err(e) = send_waiting(&pool, &config).await {
                tracing::warn!(error = %e, "the outbox could not be sent");
            }
        }
    });
}
