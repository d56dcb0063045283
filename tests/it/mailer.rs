//! Notice e-mails: with SMTP configured, the outbox is sent through a real SMTP exchange
//! (lettre talking to a small SMTP server here); a failure is kept beside the message.
#![cfg(feature = "ssr")]

use crate::common;
use common::TestApp;
use sqlx::PgPool;
use std::sync::{Arc, Mutex};
use to_cong_tac::calendar::mailer::{send_waiting, SmtpConfig, Tls};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// A minimal SMTP server: accepts every message and keeps what it was sent.
async fn smtp_sink() -> (u16, Arc<Mutex<String>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let log = Arc::new(Mutex::new(String::new()));
    let kept = log.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else { return };
            let log = kept.clone();
            tokio::spawn(async move {
                let (r, mut w) = socket.into_split();
                let mut lines = BufReader::new(r).lines();
                let _ = w.write_all(b"220 sink ESMTP\r\n").await;
                let mut data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    log.lock().unwrap().push_str(&format!("{line}\n"));
                    let reply: &[u8] = if data {
                        if line == "." {
                            data = false;
                            b"250 queued\r\n"
                        } else {
                            continue;
                        }
                    } else {
                        let upper = line.to_uppercase();
                        if upper.starts_with("EHLO") {
                            b"250-sink\r\n250 8BITMIME\r\n"
                        } else if upper.starts_with("DATA") {
                            data = true;
                            b"354 go ahead\r\n"
                        } else if upper.starts_with("QUIT") {
                            let _ = w.write_all(b"221 bye\r\n").await;
                            return;
                        } else {
                            b"250 ok\r\n"
                        }
                    };
                    let _ = w.write_all(reply).await;
                }
            });
        }
    });
    (port, log)
}

fn config(port: u16) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        tls: Tls::None,
        credentials: None,
        from: "to-cong-tac@example.vn".into(),
        public_url: "https://tct.example.vn".into(),
    }
}

#[sqlx::test(migrations = "./migrations")]
async fn the_outbox_is_sent_through_smtp_and_a_failure_is_kept(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    // thanhvien has an address; a meeting of his is announced
    sqlx::query("UPDATE people SET email = 'thanhvien@example.vn' WHERE id = (SELECT person_id FROM accounts WHERE username = 'thanhvien')")
        .execute(&app.pool).await.unwrap();
    let leader = app.login("totruong").await;
    let group: i64 = sqlx::query_scalar("SELECT id FROM working_groups WHERE name = 'Tổ công tác số 1'").fetch_one(&app.pool).await.unwrap();
    let next = (chrono::Utc::now() + chrono::Duration::hours(7) + chrono::Duration::days(31)).format("%Y-%m").to_string();
    // the board of a month ahead (copied), then the ward's whole month announced
    let mut copied = false;
    for m in [next.clone()] {
        let r = app.post("/api/board/copy", Some(&leader), &[("group_id", &group.to_string()), ("month", &m), ("version", "0")]).await;
        copied |= r.ok();
    }
    assert!(copied);
    let ward = app.unit_id("P1", None).await;
    let p1 = app.login("phuong1").await;
    let g = app.post("/api/calendar/ward-month", Some(&p1), &[("ward_id", &ward.to_string()), ("month", &next)]).await.json();
    let mut form: Vec<(String, String)> = vec![("ward_id".into(), ward.to_string()), ("month".into(), next.clone()), ("announce".into(), "on".into())];
    for (i, r) in g["rows"].as_array().unwrap().iter().enumerate() {
        if let Some(c) = r["cell_id"].as_i64() {
            for (k, v) in [("cell_id", c.to_string()), ("date", r["date"].as_str().unwrap().into()), ("start", r["start"].as_str().unwrap().into()),
                           ("end", r["end"].as_str().unwrap().into()), ("place", r["place"].as_str().unwrap().into())] {
                form.push((format!("rows[{i}][{k}]"), v));
            }
        }
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert!(app.post("/api/calendar/save-month", Some(&p1), &pairs).await.ok());
    let waiting: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE to_address = 'thanhvien@example.vn' AND sent_at IS NULL")
        .fetch_one(&app.pool).await.unwrap();
    assert!(waiting > 0, "his notices wait in the outbox");
    // the outbox page is for those who manage the city
    let outbox = app.post("/api/notices/outbox", Some(&app.login("bantochuc").await), &[]).await;
    assert!(outbox.body.contains("thanhvien@example.vn"));

    // SMTP down: nothing sent, the attempt and the error kept
    let closed = { let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap(); l.local_addr().unwrap().port() };
    assert_eq!(send_waiting(&app.pool, &config(closed)).await.unwrap(), 0);
    let (attempts, error): (i32, Option<String>) = sqlx::query_as("SELECT attempts, last_error FROM outbox ORDER BY id LIMIT 1").fetch_one(&app.pool).await.unwrap();
    assert_eq!(attempts, 1);
    assert!(error.is_some());

    // SMTP up: every message goes (his and the other members'), with an absolute link
    let all: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetch_one(&app.pool).await.unwrap();
    assert!(all >= waiting && all <= 50);
    let (port, log) = smtp_sink().await;
    let sent = send_waiting(&app.pool, &config(port)).await.unwrap();
    assert_eq!(sent as i64, all);
    let log = log.lock().unwrap().clone();
    assert!(log.contains("RCPT TO:<thanhvien@example.vn>"), "{log}");
    assert!(log.contains("https://tct.example.vn/meetings/"), "{log}");
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetch_one(&app.pool).await.unwrap();
    assert_eq!(left, 0);
}
