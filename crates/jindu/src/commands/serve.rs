//! `jindu serve`: open, migrate, run upkeep every minute, serve HTTP.

use std::process::ExitCode;
use std::time::Duration;

use jindu_store::service::Ctx;
use jindu_web::WebConfig;

use crate::cli::ServeArgs;
use crate::failure::{CliResult, Context as _};
use crate::open::{self, Target};

/// How often the server writes an audit checkpoint and purges sessions.
const MAINTENANCE_EVERY: Duration = Duration::from_secs(60);

pub async fn run(args: ServeArgs) -> CliResult<ExitCode> {
    let target = Target::resolve(&args.db)?;
    let ctx = target.open_existing().await?;
    if open::user_count(&ctx.db).await? == 0 {
        tracing::warn!("no user accounts yet: create the first administrator with `jindu init`");
    }
    let cfg = WebConfig {
        secure_cookies: args.secure_cookies,
    };
    let listener = bind(&args.listen).await?;
    serve(ctx, cfg, listener).await?;
    Ok(ExitCode::SUCCESS)
}

/// Binds the listening socket, with a clear error when it cannot.
pub async fn bind(listen: &str) -> CliResult<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(listen)
        .await
        .context(|| format!("cannot listen on {listen}"))
}

/// Serves until Ctrl-C, with the upkeep job running beside.
pub async fn serve(ctx: Ctx, cfg: WebConfig, listener: tokio::net::TcpListener) -> CliResult<()> {
    let addr = listener.local_addr()?;
    tracing::info!(%addr, "serving");
    // The link graph is loaded before the first request is answered (the
    // socket is bound already, so early requests wait in its backlog).
    let started = std::time::Instant::now();
    let links = ctx.links_warm().await?;
    tracing::info!(
        links,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "link graph loaded"
    );
    let upkeep = tokio::spawn(maintenance_loop(ctx.clone()));
    let result = jindu_web::serve(ctx.clone(), cfg, listener).await;
    upkeep.abort();
    // A last checkpoint covers everything written up to shutdown.
    if let Err(e) = ctx.maintenance().await {
        tracing::warn!(error = %e, "final maintenance failed");
    }
    ctx.db.close().await;
    tracing::info!("stopped");
    result.context(|| "server error".to_string())
}

async fn maintenance_loop(ctx: Ctx) {
    let mut every = tokio::time::interval(MAINTENANCE_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Err(e) = ctx.maintenance().await {
            tracing::warn!(error = %e, "maintenance failed");
        }
    }
}
