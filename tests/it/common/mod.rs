//! Drives the real application (router, server functions, Postgres) over HTTP in-process:
//! what the browser sends, the status it gets back, and what is in the database after.
#![allow(dead_code)]

pub mod spring2025;

use axum::body::Body;
use http::{Request, StatusCode};
use leptos::prelude::LeptosOptions;
use serde_json::Value;
use sqlx::PgPool;
use tower::ServiceExt;

#[derive(Clone)]
pub struct TestApp {
    pub pool: PgPool,
    /// The pool whose plans are kept (`server::KeptPlans`), beside `pool`.
    pub kept: PgPool,
    pub router: axum::Router,
}

pub struct Reply {
    pub status: StatusCode,
    pub body: String,
    pub headers: http::HeaderMap,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
    /// The error's message key and field, as the browser would read them.
    pub fn error(&self) -> (String, Option<String>) {
        let v = self.json();
        let msg = match &v["msg"] {
            Value::String(s) => s.clone(),
            Value::Object(o) => o.keys().next().cloned().unwrap_or_default(),
            other => other.to_string(),
        };
        (msg, v["field"].as_str().map(str::to_string))
    }
    pub fn ok(&self) -> bool {
        self.status.is_success() || self.status.is_redirection()
    }
    pub fn location(&self) -> Option<String> {
        self.headers.get("location").and_then(|v| v.to_str().ok()).map(str::to_string)
    }
}

impl TestApp {
    /// The demo city in a fresh database.
    pub async fn with_demo(pool: PgPool) -> TestApp {
        assert!(to_cong_tac::demo::load_if_empty(&pool).await.expect("demo data loads"));
        let options = LeptosOptions::builder().output_name("to-cong-tac").build();
        let kept = to_cong_tac::server::KeptPlans::beside(&pool);
        TestApp { router: to_cong_tac::server::router_with(pool.clone(), kept.clone(), options), kept: kept.0, pool }
    }

    pub async fn post(&self, path: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Reply {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut req = Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json");
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        self.send(req.body(Body::from(body)).expect("request")).await
    }

    /// A multipart form with one file, as a browser's plain upload form sends it.
    pub async fn upload(&self, path: &str, cookie: Option<&str>, field: &str, file_name: &str, content: &str) -> Reply {
        self.upload_with(path, cookie, &[], field, file_name, content).await
    }

    /// A multipart form with text fields and one file.
    pub async fn upload_with(&self, path: &str, cookie: Option<&str>, fields: &[(&str, &str)], field: &str, file_name: &str, content: &str) -> Reply {
        let boundary = "----tct-test-boundary";
        let mut body = String::new();
        for (k, v) in fields {
            body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"));
        }
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n{content}\r\n--{boundary}--\r\n"
        ));
        let mut req = Request::post(path)
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .header("accept", "application/json");
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        self.send(req.body(Body::from(body)).expect("request")).await
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut req = Request::get(path).header("accept", "text/html");
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        self.send(req.body(Body::empty()).expect("request")).await
    }

    pub async fn get_bytes(&self, path: &str, cookie: Option<&str>) -> Vec<u8> {
        let mut req = Request::get(path);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let res = self.router.clone().oneshot(req.body(Body::empty()).expect("request")).await.expect("router answers");
        axum::body::to_bytes(res.into_body(), 64 * 1024 * 1024).await.expect("body").to_vec()
    }

    /// A form post whose answer is a file: its status and bytes.
    pub async fn post_bytes(&self, path: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> (StatusCode, Vec<u8>) {
        let body = form.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&");
        let mut req = Request::post(path).header("content-type", "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let res = self.router.clone().oneshot(req.body(Body::from(body)).expect("request")).await.expect("router answers");
        let status = res.status();
        (status, axum::body::to_bytes(res.into_body(), 64 * 1024 * 1024).await.expect("body").to_vec())
    }

    pub async fn raw(&self, req: Request<Body>) -> Reply {
        self.send(req).await
    }

    async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.expect("router answers");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024).await.expect("body");
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).to_string() }
    }

    /// Signs in and returns the session cookie ("tct_session=…").
    pub async fn login(&self, username: &str) -> String {
        let r = self.post("/api/login", None, &[("username", username), ("password", "demo2026")]).await;
        assert!(r.ok(), "login {username}: {} {}", r.status, r.body);
        r.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("tct_session="))
            .and_then(|c| c.split(';').next())
            .map(str::to_string)
            .expect("session cookie")
    }

    pub async fn unit_id(&self, code: &str, ward_code: Option<&str>) -> i64 {
        match ward_code {
            Some(w) => sqlx::query_scalar(
                "SELECT c.id FROM org_units c JOIN org_units w ON w.id = c.parent_id
                 WHERE c.kind = 'cell' AND c.code = $1 AND w.code = $2",
            )
            .bind(code)
            .bind(w)
            .fetch_one(&self.pool)
            .await
            .expect("cell exists"),
            None => sqlx::query_scalar("SELECT id FROM org_units WHERE kind <> 'cell' AND code = $1")
                .bind(code)
                .fetch_one(&self.pool)
                .await
                .expect("unit exists"),
        }
    }

    pub async fn version(&self, table: &str, id: i64) -> i32 {
        sqlx::query_scalar(&format!("SELECT version FROM {table} WHERE id = $1"))
            .bind(id)
            .fetch_one(&self.pool)
            .await
            .expect("row exists")
    }

    pub async fn audit_count(&self, entity: &str, id: i64) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE entity = $1 AND entity_id = $2")
            .bind(entity)
            .bind(id)
            .fetch_one(&self.pool)
            .await
            .expect("count")
    }
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Renders a DOCX as a person would see it: LibreOffice (headless) makes the PDF, poppler's
/// pdftoppm its pages as PNG and pdftotext its text, all left in `target/docx-render/<name>/`
/// to look at. Returns the text (layout kept) and each page's size in pixels (50 dpi).
pub fn render_docx(docx: &[u8], name: &str) -> (String, Vec<(u32, u32)>) {
    use std::process::Command;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/docx-render").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join(format!("{name}.docx"));
    std::fs::write(&src, docx).unwrap();
    // a profile of its own: tests run at once, and LibreOffice locks its profile
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let out = Command::new("soffice")
        .args(["--headless", "--norestore", &profile, "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&src)
        .output()
        .expect("LibreOffice's soffice (./scripts/test installs it)");
    let pdf = dir.join(format!("{name}.pdf"));
    assert!(out.status.success() && pdf.exists(), "soffice: {} {}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let out = Command::new("pdftoppm").args(["-png", "-r", "50"]).arg(&pdf).arg(dir.join("page")).output().expect("poppler's pdftoppm");
    assert!(out.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&out.stderr));
    let out = Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-").output().expect("poppler's pdftotext");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "png"))
        .collect();
    pages.sort();
    let sizes = pages
        .iter()
        .map(|p| {
            // the PNG's IHDR: width and height, big-endian, at bytes 16 and 20
            let b = std::fs::read(p).unwrap();
            assert!(b.len() > 24 && b.starts_with(b"\x89PNG"), "{p:?} is not a PNG");
            (u32::from_be_bytes([b[16], b[17], b[18], b[19]]), u32::from_be_bytes([b[20], b[21], b[22], b[23]]))
        })
        .collect();
    let _ = std::fs::remove_dir_all(dir.join("profile"));
    (text, sizes)
}

/// An A4 portrait page at 50 dpi: 414 × 585 pixels, give or take a pixel's rounding.
pub fn is_a4_portrait((w, h): (u32, u32)) -> bool {
    (413..=414).contains(&w) && (584..=585).contains(&h)
}
