//! The workbench (工作台): the user's jurisdiction, key counts and quick links.

use askama::Template;
use axum::extract::{Extension, State};
use axum::response::{IntoResponse, Response};
use jindu_domain::authz::Permission;

use super::{Chrome, render};
use crate::error::WebResult;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    c: Chrome,
    persons: Option<i64>,
    scope: String,
    links: Vec<(&'static str, &'static str)>,
}

pub async fn home(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
) -> WebResult<Response> {
    // The social worker's landing page is the work queue (issue 3 §6).
    if a.actor.role == jindu_domain::authz::Role::SocialWorker {
        return Ok(axum::response::Redirect::to("/queue").into_response());
    }
    let l = info.lang;
    let persons = if a.actor.can(Permission::PersonRead) {
        Some(st.ctx.person_count(&a.actor).await?)
    } else {
        None
    };
    let mut links = Vec::new();
    for (perm, key, href) in [
        (Permission::PersonCreate, "nav.queue", "/queue"),
        (Permission::PersonRead, "nav.persons", "/persons"),
        (Permission::PersonCreate, "nav.person_new", "/persons/new"),
        (Permission::OrgRead, "nav.orgs", "/orgs"),
        (Permission::UserRead, "nav.users", "/users"),
        (Permission::AuditRead, "nav.audit", "/audit"),
    ] {
        if a.actor.can(perm) {
            links.push((l.t(key), href));
        }
    }
    links.push((l.t("nav.account"), "/account"));
    let c = Chrome::for_user(&st, &a, &info, "home.title", "nav.home", "/").await;
    let scope = c.crumbs.join(" › ");
    Ok(render(&HomePage {
        c,
        persons,
        scope,
        links,
    }))
}
