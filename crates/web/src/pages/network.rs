//! A person's supply network (关系网络) for the police and the offices
//! that read strike data: the up-line and down-line drawn and listed, the
//! person's cases and traces. Persons outside the reader's scope are
//! counted, never named.

use askama::Template;
use axum::extract::{Extension, Path, Query, State};
use axum::response::Response;
use jindu_domain::enforcement::TraceKind;
use jindu_store::service::Page;
use jindu_store::service::cases::CaseQuery;
use jindu_store::service::links::{ChainView, MAX_HOPS};
use jindu_store::service::trace::{TraceQuery, TraceView};
use serde::Deserialize;

use super::cases::{CaseRow, labelled};
use super::network_svg::{Network, layout};
use super::{Chrome, render};
use crate::error::WebResult;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct NetworkQuery {
    hops: Option<usize>,
}

#[derive(Template)]
#[template(path = "network.html")]
struct NetworkPage {
    c: Chrome,
    id: String,
    hops: usize,
    hop_choices: Vec<usize>,
    up: ChainView,
    down: ChainView,
    net: Network,
    cases: Vec<CaseRow>,
    traces: Vec<TraceView>,
}

impl NetworkPage {
    fn chains(&self) -> [(&'static str, &ChainView); 2] {
        [("network.up", &self.up), ("network.down", &self.down)]
    }

    fn kind_label(&self, code: &str) -> &'static str {
        TraceKind::from_code(code).map_or("", |k| self.c.l.label(k))
    }
}

pub async fn view(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Query(q): Query<NetworkQuery>,
) -> WebResult<Response> {
    let hops = q.hops.unwrap_or(2).clamp(1, MAX_HOPS);
    let up = st.ctx.person_chain(&a.actor, &id, false, hops).await?;
    let down = st.ctx.person_chain(&a.actor, &id, true, hops).await?;
    let tq = TraceQuery {
        person_id: Some(id.clone()),
        ..Default::default()
    };
    let (traces, _) = st
        .ctx
        .trace_list(&a.actor, &tq, Page::new(Some(1), Some(100)))
        .await?;
    let cq = CaseQuery {
        stage: None,
        person_id: Some(id.clone()),
    };
    let (cases, _) = st
        .ctx
        .case_list(&a.actor, &cq, Page::new(Some(1), Some(100)))
        .await?;
    let path = format!("/persons/{id}/network");
    let c = Chrome::for_user(&st, &a, &info, "network.title", "nav.persons", &path).await;
    let l = info.lang;
    let net = layout((&id, &up.person_name), &up.persons, &down.persons);
    Ok(render(&NetworkPage {
        c,
        id,
        hops,
        hop_choices: (1..=MAX_HOPS).collect(),
        net,
        up,
        down,
        cases: cases.into_iter().map(|v| labelled(l, v)).collect(),
        traces,
    }))
}
