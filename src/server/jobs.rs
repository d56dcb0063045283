//! Background jobs (reminders, purges) run once across every server on the database: a
//! server whose turn comes while another is running the same job skips it. Each job also
//! writes what it sends only where it was not sent before, so a skipped or repeated run
//! never sends twice. (The outbox's mail is claimed row by row with SKIP LOCKED instead.)

use crate::error::AppResult;
use sqlx::PgPool;
use std::future::Future;

/// Runs `job` unless another server (or task) is running the job of the same name now, in
/// which case nothing is done and `None` is answered. The lock is a transaction's advisory
/// lock on a connection held for the run: it ends with the run, even if the run fails or
/// is dropped, and a server that dies releases it with its connection.
pub async fn once_across_servers<T>(pool: &PgPool, name: &str, job: impl Future<Output = AppResult<T>>) -> AppResult<Option<T>> {
    let mut lock = pool.begin().await?;
    let mine: bool = sqlx::query_scalar!(r#"SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS "v!""#, format!("job:{name}"))
        .fetch_one(&mut *lock)
        .await?;
    if !mine {
        return Ok(None);
    }
    let result = job.await;
    // nothing was written through this transaction: only the lock ends with it
    lock.rollback().await?;
    result.map(Some)
}

/// Runs the reminders (attendance reports, periodic reports) every 10 minutes in the server
/// (each feature's job runs once across servers by itself).
pub fn spawn_reminders(pool: PgPool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            match crate::reports::inbox::send_reminders(&pool).await {
                Ok(n) if n > 0 => tracing::info!(sent = n, "report reminders"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e.kind, "report reminders failed"),
            }
            match crate::periodic::api::send_reminders(&pool).await {
                Ok(n) if n > 0 => tracing::info!(sent = n, "periodic report reminders"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e.kind, "periodic report reminders failed"),
            }
        }
    });
}
