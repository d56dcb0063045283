//! Server start-up and the command line:
//!   to-cong-tac [serve]            migrate and serve (SEED_DEMO=1 also loads the demo city)
//!   to-cong-tac migrate            apply migrations and exit
//!   to-cong-tac seed-demo          migrate, load the demo city if the database is empty
//!   to-cong-tac demo-logins        print the demo accounts
//!   to-cong-tac create-admin USERNAME [CITY NAME]
//!                                  create the first administrator (password from
//!                                  TCT_ADMIN_PASSWORD, or typed on standard input)

use std::net::SocketAddr;

use leptos::prelude::*;
use sqlx::PgPool;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = run(args).await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

use to_cong_tac::server::connect;

async fn run(args: Vec<String>) -> Result<(), String> {
    match args.first().map(String::as_str) {
        None | Some("serve") => {
            let pool = connect().await?;
            if std::env::var("SEED_DEMO").is_ok_and(|v| v == "1") {
                seed(&pool).await?;
            }
            serve(pool).await
        }
        Some("migrate") => connect().await.map(|_| ()),
        Some("seed-demo") => seed(&connect().await?).await,
        Some("demo-logins") => {
            for (user, what) in to_cong_tac::demo::DEMO_LOGINS {
                println!("{user:<10} {what}");
            }
            Ok(())
        }
        Some("create-admin") => {
            let username = args
                .get(1)
                .ok_or("usage: to-cong-tac create-admin USERNAME [CITY NAME]")?;
            let city = args.get(2..).map(|a| a.join(" ")).filter(|s| !s.is_empty());
            let password = match std::env::var("TCT_ADMIN_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    eprint!("Password for {username}: ");
                    let mut line = String::new();
                    std::io::stdin()
                        .read_line(&mut line)
                        .map_err(|e| e.to_string())?;
                    line.trim_end_matches(['\r', '\n']).to_string()
                }
            };
            let pool = connect().await?;
            to_cong_tac::server::admin::create_admin(&pool, username, &password, city.as_deref())
                .await
                .map_err(|e| format!("{:?}", e.msg))?;
            println!("created administrator {username}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other}")),
    }
}

async fn seed(pool: &PgPool) -> Result<(), String> {
    let loaded = to_cong_tac::demo::load_if_empty(pool)
        .await
        .map_err(|e| format!("demo data: {e}"))?;
    if loaded {
        tracing::info!("loaded the demo city");
    } else if to_cong_tac::demo::load_groups_if_missing(pool)
        .await
        .map_err(|e| format!("demo groups: {e}"))?
    {
        tracing::info!("added the working groups to the demo city");
    }
    if to_cong_tac::demo::load_meetings_if_missing(pool)
        .await
        .map_err(|e| format!("demo meetings: {e}"))?
    {
        tracing::info!("added the meeting calendar to the demo city");
    }
    if to_cong_tac::demo::load_reports_if_missing(pool)
        .await
        .map_err(|e| format!("demo reports: {e}"))?
    {
        tracing::info!("added the reports' demo to the demo city");
    }
    if to_cong_tac::demo::load_recommendations_if_missing(pool)
        .await
        .map_err(|e| format!("demo recommendations: {e}"))?
    {
        tracing::info!("added the recommendations' demo to the demo city");
    }
    if to_cong_tac::demo::load_history_if_missing(pool)
        .await
        .map_err(|e| format!("demo history: {e}"))?
    {
        tracing::info!("added ten months of history to the demo city");
    }
    if to_cong_tac::demo::load_periodic_if_missing(pool)
        .await
        .map_err(|e| format!("demo periodic reports: {e}"))?
    {
        tracing::info!("added the periodic reports' demo to the demo city");
    }
    to_cong_tac::demo::analyze(pool).await.map_err(|e| format!("analyze: {e}"))?;
    Ok(())
}

pub async fn serve(pool: PgPool) -> Result<(), String> {
    let conf = get_configuration(None).map_err(|e| e.to_string())?;
    let mut leptos_options = conf.leptos_options;
    // cargo-leptos bakes the output name in at compile time; a binary built by plain
    // cargo (e.g. `cargo test`) would otherwise ask the browser for "/pkg/.js".
    if leptos_options.output_name.is_empty() {
        leptos_options.output_name = "to-cong-tac".into();
    }
    // cargo-leptos writes the bundle's content hashes beside the binary (hash.txt): when it
    // is there, the pages link the hashed file names.
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.to_path_buf()))
    {
        if dir.join(leptos_options.hash_file.as_ref()).exists() {
            leptos_options.hash_files = true;
        }
    }
    let addr = leptos_options.site_addr;
    // Notice e-mails go out through SMTP when it is configured (else they wait in the outbox).
    to_cong_tac::calendar::mailer::spawn(pool.clone());
    to_cong_tac::server::jobs::spawn_reminders(pool.clone());
    // Expired sessions and old failed sign-ins are purged hourly.
    let purge_pool = pool.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            let purge = to_cong_tac::auth::session::purge(&purge_pool);
            match to_cong_tac::server::jobs::once_across_servers(&purge_pool, "purge", purge).await.map(Option::unwrap_or_default) {
                Ok((s, f)) if s + f > 0 => tracing::info!(sessions = s, failures = f, "purged"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e.msg, "purge failed"),
            }
        }
    });
    let app = to_cong_tac::server::router(pool, leptos_options);
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("listening on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| e.to_string())
}
