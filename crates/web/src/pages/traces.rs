//! 双逢双查 in the browser: the trace tasks of the officer's jurisdiction,
//! open ones by deadline first, each closed with the supplier's ID number
//! or the reason none was found.

use askama::Template;
use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::response::Response;
use jindu_domain::authz::Permission;
use jindu_domain::enforcement::TraceKind;
use jindu_store::service::Page;
use jindu_store::service::trace::{TraceCloseInput, TraceQuery, TraceView};
use serde::Deserialize;

use super::choices::{Choice, Pairs, choices};
use super::pager::Pager;
use super::{Chrome, render};
use crate::error::WebResult;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    kind: String,
    /// `open` (the default), `closed` or `all`.
    #[serde(default)]
    state: String,
    #[serde(default)]
    err: String,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[derive(Template)]
#[template(path = "traces.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<TraceView>,
    pager: Pager,
    kinds: Vec<Choice>,
    state: String,
    can_close: bool,
    error: String,
}

impl ListPage {
    fn kind_label(&self, code: &str) -> &'static str {
        TraceKind::from_code(code).map_or("", |k| self.c.l.label(k))
    }
}

pub async fn list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Query(q): Query<ListQuery>,
) -> WebResult<Response> {
    let page = Page::new(q.page, q.per_page);
    let state = if q.state.is_empty() {
        "open".to_string()
    } else {
        q.state.clone()
    };
    let tq = TraceQuery {
        kind: Some(q.kind.clone()),
        state: (state != "all").then(|| state.clone()),
        ..Default::default()
    };
    let (rows, total) = st.ctx.trace_list(&a.actor, &tq, page).await?;
    let c = Chrome::for_user(&st, &a, &info, "trace.title", "nav.traces", "/trace-tasks").await;
    let pager = Pager::new(
        "/trace-tasks",
        &[
            ("kind".into(), q.kind.clone()),
            ("state".into(), state.clone()),
        ],
        page,
        total,
    );
    let error = if q.err.is_empty() {
        String::new()
    } else {
        info.lang.err(&q.err).to_string()
    };
    Ok(render(&ListPage {
        c,
        rows,
        pager,
        kinds: choices::<TraceKind>(info.lang, std::slice::from_ref(&q.kind)),
        state,
        can_close: a.actor.can(Permission::CaseWrite),
        error,
    }))
}

/// Closes a task with the supplier's ID number, or the reason.
pub async fn close(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let id_number = f.get("supplier_id_number");
    let supplier = if id_number.trim().is_empty() {
        Ok(None)
    } else {
        st.ctx
            .case_person_by_id_number(&a.actor, &id_number)
            .await
            .map(Some)
    };
    let r = match supplier {
        Ok(supplier_id) => {
            let input = TraceCloseInput {
                supplier_id,
                reason: Some(f.get("reason")),
            };
            st.ctx.trace_close(&a.actor, &id, &input).await.map(|_| ())
        }
        Err(e) => Err(e),
    };
    super::back_or_refused("/trace-tasks", r)
}
