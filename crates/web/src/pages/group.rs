//! The group a person belongs to (团伙), drawn: every person joined to them
//! by any chain of links, laid out on the server; persons outside the
//! reader's scope drawn without identity. Too large a group is summarised.

use askama::Template;
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use jindu_store::service::analysis::{MAX_DRAWN, PersonGroup};

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
    }))
}
