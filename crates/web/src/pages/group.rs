//! The group a person belongs to (团伙), drawn: every person joined to them
//! by any chain of links, laid out on the server; persons outside the
//! reader's scope drawn without identity. Too large a group is summarised.

use askama::Template;
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use jindu_domain::enforcement::{CaseStage, CaseType, ObjectKind, TraceKind};
use jindu_domain::register::{DrugType, RegisterStatus};
use jindu_store::service::group_view::{GroupEvent, MAX_DRAWN, PersonGroup};

use super::choices::{Choice, choices};
use super::network_svg::{GroupDrawing, group};
use super::{Chrome, render};
use crate::error::WebResult;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "group.html")]
struct GroupPage {
    c: Chrome,
    id: String,
    g: PersonGroup,
    drawing: GroupDrawing,
    max_drawn: usize,
    object_kinds: Vec<Choice>,
}

impl GroupPage {
    fn case_type(&self, code: &str) -> &'static str {
        CaseType::from_code(code).map_or("", |t| self.c.l.label(t))
    }

    fn stage(&self, code: &str) -> &'static str {
        CaseStage::from_code(code).map_or("", |t| self.c.l.label(t))
    }

    fn status(&self, code: &str) -> &'static str {
        RegisterStatus::from_code(code).map_or("", |s| self.c.l.label(s))
    }

    /// What an event of the timeline says, in the reader's language.
    fn event(&self, e: &GroupEvent) -> String {
        let l = &self.c.l;
        match (e.kind, &e.seizure) {
            ("seizure", Some((kind, quantity))) => {
                let unit = if kind == "precursor" { "kg" } else { "g" };
                let what = DrugType::from_code(&e.label).map_or(e.label.as_str(), |d| l.label(d));
                format!("{what} {quantity} {unit}")
            }
            ("trace_opened", _) => TraceKind::from_code(&e.label)
                .map_or("", |k| l.label(k))
                .to_string(),
            ("trace_closed", _) => l.tf("trace.outcome", &e.label).to_string(),
            _ => e.label.clone(),
        }
    }
}

pub async fn view(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let g = st.ctx.person_group(&a.actor, &id).await?;
    let path = format!("/persons/{id}/group");
    let c = Chrome::for_user(&st, &a, &info, "group.title", "nav.persons", &path).await;
    let drawing = group(&g);
    Ok(render(&GroupPage {
        c,
        id,
        g,
        drawing,
        max_drawn: MAX_DRAWN,
        object_kinds: choices::<ObjectKind>(info.lang, &[]),
    }))
}
