//! Link analysis (研判) for the police and the offices that read strike
//! data: the key persons of the network (degree, betweenness, closeness)
//! with the exact background run, and the largest groups with their
//! communities, cases and home villages. Persons outside the reader's
//! scope are counted, never named.

use askama::Template;
use axum::extract::{Extension, State};
use axum::response::{IntoResponse, Redirect, Response};
use jindu_store::service::analysis::{GroupView, KeyPersonsView};

use super::{Chrome, fmt_time, render};
use crate::error::WebResult;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

/// Groups from this size are listed.
const MIN_GROUP: usize = 3;
/// Rows in each table.
const ROWS: usize = 20;

#[derive(Template)]
#[template(path = "analysis.html")]
struct AnalysisPage {
    c: Chrome,
    k: KeyPersonsView,
    groups: Vec<GroupView>,
    min_group: usize,
}

impl AnalysisPage {
    fn percent_done(&self) -> usize {
        (self.k.exact_run.done * 100)
            .checked_div(self.k.exact_run.total)
            .unwrap_or(0)
    }

    fn time(&self, ms: &Option<i64>) -> String {
        ms.map(fmt_time).unwrap_or_default()
    }
}

pub async fn view(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
) -> WebResult<Response> {
    let k = st.ctx.analysis_key_persons(&a.actor, ROWS).await?;
    let groups = st.ctx.analysis_groups(&a.actor, MIN_GROUP, ROWS).await?;
    let c = Chrome::for_user(&st, &a, &info, "analysis.title", "nav.strike", "/analysis").await;
    Ok(render(&AnalysisPage {
        c,
        k,
        groups,
        min_group: MIN_GROUP,
    }))
}

/// Starts the exact run and returns to the page, which shows its progress.
pub async fn exact(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
) -> WebResult<Response> {
    st.ctx.analysis_exact_start(&a.actor).await?;
    Ok(Redirect::to("/analysis").into_response())
}
