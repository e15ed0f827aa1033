//! An object's page (物品/地点): a phone, vehicle, venue or place with every
//! tie the reader may see (the person or case, how, from which record,
//! when), and a count of those outside the reader's jurisdiction. The
//! group drawing's squares and the objects tables link here.

use askama::Template;
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use jindu_domain::enforcement::{ObjectKind, ObjectRole};
use jindu_store::service::objects::ObjectView;

use super::{Chrome, render};
use crate::error::WebResult;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "object.html")]
struct ObjectPage {
    c: Chrome,
    o: ObjectView,
}

/// Where a tie's source record is read: a case or a lead has its page,
/// a trace task is found in the trace list.
fn source_href(kind: &str, id: &str) -> String {
    match kind {
        "case" => format!("/cases/{id}"),
        "lead" => format!("/leads/{id}"),
        _ => "/trace-tasks".to_string(),
    }
}

impl ObjectPage {
    fn source_href(&self, kind: &str, id: &str) -> String {
        source_href(kind, id)
    }
}

pub async fn view(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let o = st.ctx.object_get(&a.actor, &id).await?;
    let path = format!("/objects/{id}");
    let c = Chrome::for_user(&st, &a, &info, "object.title", "nav.cases", &path).await;
    Ok(render(&ObjectPage { c, o }))
}

#[cfg(test)]
mod tests {
    use super::source_href;

    #[test]
    fn each_source_kind_links_to_where_its_record_is_read() {
        assert_eq!(source_href("case", "c1"), "/cases/c1");
        assert_eq!(source_href("lead", "l1"), "/leads/l1");
        assert_eq!(source_href("trace_task", "t1"), "/trace-tasks");
    }
}
