//! Outflow trafficking (外流贩毒) in the browser: other regions' notices of
//! local people caught trafficking there, with the form to record one
//! (police), and the villages and families they come from.

use askama::Template;
use axum::Form;
use axum::extract::{Extension, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jindu_domain::authz::Permission;
use jindu_domain::enforcement::CaseType;
use jindu_store::service::outflow::{OutflowGroupView, OutflowInput, OutflowView};
use jindu_store::service::{Page, ServiceError};
use serde::Deserialize;

use super::choices::{Choice, Pairs, choices};
use super::pager::Pager;
use super::persons::resolve_unit;
use super::{Chrome, FieldErrors, parse_date, render};
use crate::error::{WebError, WebResult};
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    page: Option<i64>,
    per_page: Option<i64>,
}

#[derive(Template)]
#[template(path = "outflow.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<OutflowView>,
    pager: Pager,
    offences: Vec<Choice>,
    can_create: bool,
    errors: FieldErrors,
    f: Pairs,
    today: String,
}

impl ListPage {
    fn offence(&self, code: &str) -> &'static str {
        CaseType::from_code(code).map_or("", |t| self.c.l.label(t))
    }
}

async fn list_page(
    st: &AppState,
    info: &ReqInfo,
    a: &Auth,
    q: &ListQuery,
    errors: FieldErrors,
    f: Pairs,
) -> WebResult<Response> {
    let page = Page::new(q.page, q.per_page);
    let (rows, total) = st.ctx.outflow_list(&a.actor, page).await?;
    let c = Chrome::for_user(st, a, info, "outflow.title", "nav.outflow", "/outflow").await;
    let offence = f.get("offence");
    Ok(render(&ListPage {
        c,
        rows,
        pager: Pager::new("/outflow", &[], page, total),
        offences: choices::<CaseType>(
            info.lang,
            &[if offence.is_empty() {
                "selling".into()
            } else {
                offence
            }],
        ),
        can_create: a.actor.can(Permission::CaseWrite),
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
    list_page(
        &st,
        &info,
        &a,
        &q,
        FieldErrors::default(),
        Pairs(Vec::new()),
    )
    .await
}

pub async fn create(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let caught = parse_date(&f.get("caught_date"));
    // The village by its code or its exact name, as on the register's form.
    let village = match resolve_unit(&st, &f.get("village"), info.lang).await {
        Ok(Some(id)) => Ok(id),
        Ok(None) => Err(("org_unit_id".to_string(), info.lang.err("field.required"))),
        Err((_, message)) => Err(("org_unit_id".to_string(), message)),
    };
    let result = match (caught, village) {
        (Err(code), _) => Err(ServiceError::invalid("caught_date", code)),
        (_, Err(e)) => {
            return list_page(
                &st,
                &info,
                &a,
                &ListQuery::default(),
                FieldErrors(vec![e]),
                f,
            )
            .await;
        }
        (Ok(caught), Ok(village)) => {
            let input = OutflowInput {
                name: f.get("name"),
                id_number: f.get("id_number"),
                org_unit_id: village,
                caught_region: f.get("caught_region"),
                caught_date: caught,
                offence: f.get("offence"),
                their_case: f.get("their_case"),
            };
            st.ctx.outflow_create(&a.actor, &input).await
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to("/outflow").into_response()),
        Err(e) => match FieldErrors::from_service(info.lang, &e) {
            Some(errors) => list_page(&st, &info, &a, &ListQuery::default(), errors, f).await,
            None => Err(WebError(e)),
        },
    }
}

#[derive(Template)]
#[template(path = "outflow_groups.html")]
struct GroupsPage {
    c: Chrome,
    groups: Vec<OutflowGroupView>,
}

impl GroupsPage {
    fn offence(&self, code: &str) -> &'static str {
        CaseType::from_code(code).map_or("", |t| self.c.l.label(t))
    }

    /// Whether the member at `i` belongs to a family group.
    fn family_of(&self, g: &OutflowGroupView, i: usize) -> bool {
        g.families.iter().any(|f| f.members.contains(&i))
    }
}

pub async fn groups(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
) -> WebResult<Response> {
    let groups = st.ctx.outflow_groups(&a.actor).await?;
    let c = Chrome::for_user(
        &st,
        &a,
        &info,
        "outflow.groups",
        "nav.outflow",
        "/outflow/groups",
    )
    .await;
    Ok(render(&GroupsPage { c, groups }))
}
