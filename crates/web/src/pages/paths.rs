//! How a person is connected to another (关联路径): the k shortest paths
//! over links of any kind, the other person named by ID number. The
//! number is posted, not put in the address, so it stays out of logs.

use askama::Template;
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use jindu_store::service::ServiceError;
use jindu_store::service::analysis::{MAX_PATHS, PathStep};

use super::choices::Pairs;
use super::{Chrome, render};
use crate::error::{WebError, WebResult};
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

/// Paths asked for unless the form says otherwise.
const DEFAULT_PATHS: usize = 3;

#[derive(Template)]
#[template(path = "paths.html")]
struct PathsPage {
    c: Chrome,
    id: String,
    name: String,
    k: usize,
    k_choices: Vec<usize>,
    /// `None` before a search.
    paths: Option<Vec<Vec<PathStep>>>,
    error: String,
}

async fn page(
    st: &AppState,
    info: &ReqInfo,
    a: &Auth,
    id: String,
    k: usize,
) -> WebResult<PathsPage> {
    let person = st.ctx.person_paths_form(&a.actor, &id).await?;
    let path = format!("/persons/{id}/paths");
    let c = Chrome::for_user(st, a, info, "paths.title", "nav.persons", &path).await;
    Ok(PathsPage {
        c,
        id,
        name: person,
        k,
        k_choices: (1..=MAX_PATHS).collect(),
        paths: None,
        error: String::new(),
    })
}

pub async fn form(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> WebResult<Response> {
    Ok(render(&page(&st, &info, &a, id, DEFAULT_PATHS).await?))
}

pub async fn search(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let k = f.get("k").parse().unwrap_or(DEFAULT_PATHS);
    let mut p = page(&st, &info, &a, id.clone(), k).await?;
    let found = match st
        .ctx
        .case_person_by_id_number(&a.actor, &f.get("id_number"))
        .await
    {
        Ok(to) => st.ctx.person_paths(&a.actor, &id, &to, k).await,
        Err(e) => Err(e),
    };
    match found {
        Ok(paths) => p.paths = Some(paths),
        Err(ServiceError::Invalid { code, .. }) => {
            p.error = p.c.l.t(&format!("err.{code}")).to_string()
        }
        Err(e) => return Err(WebError(e)),
    }
    Ok(render(&p))
}
