//! The work queue (待办), the social worker's landing page. Supervisors
//! (township, county and city offices) also see the counts per unit below
//! theirs, each a link to that unit's items, and the list is paged.

use askama::Template;
use axum::extract::{Extension, Query, State};
use axum::response::Response;
use jindu_store::service::Page;
use jindu_store::service::work_queue::{QUEUE_GROUPS, QueueByUnit, QueueItem, QueueView};
use serde::Deserialize;

use super::pager::Pager;
use super::{Chrome, render};
use crate::error::WebResult;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct QueueQuery {
    unit: Option<i64>,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[derive(Template)]
#[template(path = "queue.html")]
struct QueuePage {
    c: Chrome,
    items: Vec<QueueItem>,
    offset: i64,
    pager: Pager,
    by_unit: Option<QueueByUnit>,
    groups: &'static [&'static str],
    /// The unit the list is narrowed to, with a link back to all.
    unit_name: Option<String>,
}

impl QueuePage {
    fn detail_label(&self, code: &str) -> String {
        self.c
            .l
            .code_label::<jindu_domain::assessments::AssessmentKind>(code)
    }
}

pub async fn page(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Query(q): Query<QueueQuery>,
) -> WebResult<Response> {
    let QueueView {
        items,
        by_unit,
        unit_name,
    } = st.ctx.queue_view(&a.actor, q.unit).await?;
    let page = Page::new(q.page, Some(q.per_page.unwrap_or(50)));
    let params = [(
        "unit".to_string(),
        q.unit.map(|u| u.to_string()).unwrap_or_default(),
    )];
    let pager = Pager::new("/queue", &params, page, items.len() as i64);
    let items = items
        .into_iter()
        .skip(page.offset() as usize)
        .take(page.per_page as usize)
        .collect();
    let c = Chrome::for_user(&st, &a, &info, "queue.title", "nav.queue", "/queue").await;
    Ok(render(&QueuePage {
        c,
        items,
        offset: page.offset(),
        pager,
        by_unit,
        groups: &QUEUE_GROUPS,
        unit_name,
    }))
}
