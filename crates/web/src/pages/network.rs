//! A person's supply network (关系网络) for the police and the offices
//! that read strike data: the up-line and down-line drawn and listed, the
//! person's cases and traces. Persons outside the reader's scope are
//! counted, never named.

use askama::Template;
use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::response::Response;
use jindu_domain::authz::Permission;
use jindu_domain::enforcement::{ObjectKind, ObjectRole, TraceKind};
use jindu_store::service::cases::CaseQuery;
use jindu_store::service::links::{ChainView, MAX_HOPS};
use jindu_store::service::objects::{ObjectView, TieInput};
use jindu_store::service::trace::{TraceQuery, TraceView};
use jindu_store::service::{Page, ServiceError};
use serde::Deserialize;

use super::cases::{CaseRow, labelled};
use super::choices::{Choice, Pairs, choices};
use super::network_svg::{Network, layout};
use super::{Chrome, parse_date, render};
use crate::error::WebResult;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct NetworkQuery {
    hops: Option<usize>,
    #[serde(default)]
    err: String,
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
    objects: Vec<ObjectView>,
    object_kinds: Vec<Choice>,
    object_roles: Vec<Choice>,
    /// The records a tie may come from: the person's cases and traces.
    sources: Vec<(String, String)>,
    can_edit: bool,
    error: String,
    today: String,
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
    let objects = st.ctx.person_objects(&a.actor, &id).await?;
    let path = format!("/persons/{id}/network");
    let c = Chrome::for_user(&st, &a, &info, "network.title", "nav.persons", &path).await;
    let l = info.lang;
    let net = layout((&id, &up.person_name), &up.persons, &down.persons);
    let mut sources: Vec<(String, String)> = cases
        .iter()
        .map(|k| {
            (
                format!("case:{}", k.id),
                format!("{} {}", l.t("object.source_case"), k.number),
            )
        })
        .collect();
    sources.extend(traces.iter().map(|t| {
        let kind = TraceKind::from_code(&t.kind).map_or("", |k| l.label(k));
        (
            format!("trace_task:{}", t.id),
            format!("{kind} {}", t.opened_date),
        )
    }));
    let error = if q.err.is_empty() {
        String::new()
    } else {
        l.err(&q.err).to_string()
    };
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
        objects,
        object_kinds: choices::<ObjectKind>(l, &[]),
        // A person is never "used in a case"; a case's tie is that one.
        object_roles: choices::<ObjectRole>(l, &[])
            .into_iter()
            .filter(|c| c.code != ObjectRole::UsedInCase.code())
            .collect(),
        sources,
        can_edit: a.actor.can(Permission::CaseWrite),
        error,
        today: st.ctx.today().to_string(),
    }))
}

/// Ties the person to a phone, vehicle, venue or place, from one of their
/// cases or traces (`source` is `kind:id`).
pub async fn tie_object(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let source = f.get("source");
    let (source_kind, source_id) = source.split_once(':').unwrap_or_default();
    let r = match parse_date(&f.get("on_date")) {
        Err(code) => Err(ServiceError::invalid("on_date", code)),
        Ok(on_date) => {
            let input = TieInput {
                kind: f.get("kind"),
                label: f.get("label"),
                role: f.get("role"),
                source_kind: source_kind.to_string(),
                source_id: source_id.to_string(),
                on_date,
            };
            st.ctx
                .person_tie_object(&a.actor, &id, &input)
                .await
                .map(|_| ())
        }
    };
    super::back_or_refused(&format!("/persons/{id}/network"), r)
}
