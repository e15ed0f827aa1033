//! Strong suspects (重嫌必检): the list with the form to record one, and a
//! suspect's page with the test result and the step to registration.

use askama::Template;
use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jindu_domain::authz::Permission;
use jindu_store::service::suspects::{SuspectInput, SuspectResult, SuspectView};
use jindu_store::service::{Page, ServiceError};
use serde::Deserialize;

use super::choices::Pairs;
use super::pager::Pager;
use super::{Chrome, FieldErrors, parse_date, render};
use crate::error::{WebError, WebResult};
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pending: String,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[derive(Template)]
#[template(path = "suspects.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<SuspectView>,
    pager: Pager,
    pending: bool,
    can_create: bool,
    errors: FieldErrors,
    f: Vec<(String, String)>,
    today: String,
}

impl ListPage {
    fn value(&self, key: &str) -> String {
        self.f
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

async fn list_page(
    st: &AppState,
    info: &ReqInfo,
    a: &Auth,
    q: &ListQuery,
    errors: FieldErrors,
    f: Vec<(String, String)>,
) -> WebResult<Response> {
    let page = Page::new(q.page, q.per_page);
    let pending = q.pending == "1";
    let (rows, total) = st.ctx.suspect_list(&a.actor, pending, page).await?;
    let c = Chrome::for_user(st, a, info, "suspect.title", "nav.suspects", "/suspects").await;
    let pager = Pager::new(
        "/suspects",
        &[("pending".into(), q.pending.clone())],
        page,
        total,
    );
    Ok(render(&ListPage {
        c,
        rows,
        pager,
        pending,
        can_create: a.actor.can(Permission::PersonCreate),
        errors,
        f,
        today: st.ctx.today().to_string(),
    }))
}

pub async fn list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Query(q): Query<ListQuery>,
) -> WebResult<Response> {
    list_page(&st, &info, &a, &q, FieldErrors::default(), Vec::new()).await
}

pub async fn create(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let input = SuspectInput {
        name: f.get("name"),
        id_number: f.get("id_number"),
        unit_id: None,
        found_date: parse_date(&f.get("found_date")).ok().flatten(),
        circumstances: f.get("circumstances"),
    };
    match st.ctx.suspect_create(&a.actor, &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/suspects/{id}")).into_response()),
        Err(e) => match FieldErrors::from_service(info.lang, &e) {
            Some(errors) => list_page(&st, &info, &a, &ListQuery::default(), errors, f.0).await,
            None => Err(WebError(e)),
        },
    }
}

#[derive(Template)]
#[template(path = "suspect.html")]
struct SuspectPage {
    c: Chrome,
    s: SuspectView,
    can_edit: bool,
    error: String,
    today: String,
}

#[derive(Deserialize, Default)]
pub struct ViewQuery {
    #[serde(default)]
    err: String,
}

pub async fn view(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Query(q): Query<ViewQuery>,
) -> WebResult<Response> {
    let s = st.ctx.suspect_get(&a.actor, &id).await?;
    let c = Chrome::for_user(
        &st,
        &a,
        &info,
        "suspect.title",
        "nav.suspects",
        &format!("/suspects/{id}"),
    )
    .await;
    let error = if q.err.is_empty() {
        String::new()
    } else {
        info.lang.err(&q.err).to_string()
    };
    Ok(render(&SuspectPage {
        c,
        s,
        can_edit: a.actor.can(Permission::PersonCreate),
        error,
        today: st.ctx.today().to_string(),
    }))
}

pub async fn result(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let r = SuspectResult {
        test_date: parse_date(&f.get("test_date")).ok().flatten(),
        result: f.get("result"),
        evidence: f.get("evidence"),
    };
    match st.ctx.suspect_result(&a.actor, &id, &r).await {
        Ok(()) => Ok(Redirect::to(&format!("/suspects/{id}")).into_response()),
        Err(ServiceError::Invalid { code, .. }) => {
            Ok(Redirect::to(&format!("/suspects/{id}?err={code}")).into_response())
        }
        Err(e) => Err(WebError(e)),
    }
}
