//! Jindu's web layer: server-rendered pages (zh-CN default, en) and the JSON
//! API under `/api/v1`, both over the same service layer.
#![forbid(unsafe_code)]

use jindu_store::service::Ctx;

/// Deployment options of the web layer.
#[derive(Clone, Debug, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure` (set when served over TLS, directly or behind a
    /// terminating proxy).
    pub secure_cookies: bool,
}

/// The application router.
pub fn app(ctx: Ctx, cfg: WebConfig) -> axum::Router {
    let _ = (ctx, cfg);
    axum::Router::new()
}

/// Serves until Ctrl-C / SIGTERM.
pub async fn serve(ctx: Ctx, cfg: WebConfig, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let app = app(ctx, cfg).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
