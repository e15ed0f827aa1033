//! Shared state of the web layer.

use std::sync::Arc;

use jindu_store::service::Ctx;

use crate::WebConfig;
use crate::rate_limit::RateLimiter;

#[derive(Clone)]
pub struct AppState {
    pub ctx: Ctx,
    pub cfg: WebConfig,
    /// Login attempts per client address (security.md: per-IP rate limit).
    pub login_limiter: Arc<RateLimiter>,
}
