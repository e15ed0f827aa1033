//! The work queue (待办), the social worker's landing page.

use askama::Template;
use axum::extract::{Extension, State};
use axum::response::Response;
use jindu_store::service::work_queue::QueueItem;

use super::{Chrome, render};
use crate::error::WebResult;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "queue.html")]
struct QueuePage {
    c: Chrome,
    items: Vec<QueueItem>,
}

pub async fn page(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
) -> WebResult<Response> {
    let items = st.ctx.work_queue(&a.actor).await?;
    let c = Chrome::for_user(&st, &a, &info, "queue.title", "nav.queue", "/queue").await;
    Ok(render(&QueuePage { c, items }))
}
