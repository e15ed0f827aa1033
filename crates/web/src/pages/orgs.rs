//! Org-unit administration: browse the tree, add, rename, move, deactivate,
//! and import a division list (CSV) with a dry run.

use askama::Template;
use axum::Form;
use axum::extract::{Extension, Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jindu_domain::authz::Permission;
use jindu_store::org::{self, OrgUnit};
use jindu_store::service::ServiceError;
use jindu_store::service::orgs::{ImportAction, ImportReport};
use serde::Deserialize;

use super::{Chrome, render};
use crate::error::{WebError, WebResult};
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

/// CSV uploads above this are refused before parsing.
const IMPORT_MAX_BYTES: usize = 4 * 1024 * 1024;

#[derive(Deserialize, Default)]
pub struct BrowseQuery {
    parent: Option<i64>,
    #[serde(default)]
    ok: String,
    #[serde(default)]
    err: String,
}

pub struct Row {
    pub u: OrgUnit,
    pub children: i64,
}

#[derive(Template)]
#[template(path = "orgs.html")]
struct OrgsPage {
    c: Chrome,
    parent: Option<OrgUnit>,
    trail: Vec<OrgUnit>,
    rows: Vec<Row>,
    can_manage: bool,
    child_level: String,
    error: String,
}

pub async fn browse(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Query(q): Query<BrowseQuery>,
) -> WebResult<Response> {
    let l = info.lang;
    let parent = match q.parent {
        Some(p) => Some(st.ctx.org_get(&a.actor, p).await?),
        None => None,
    };
    let trail = match &parent {
        Some(p) => st.ctx.org_ancestors(p).await?,
        None => Vec::new(),
    };
    let rows = st
        .ctx
        .org_children(&a.actor, q.parent)
        .await?
        .into_iter()
        .map(|(u, children)| Row { u, children })
        .collect();
    let can_manage = a.actor.can(Permission::OrgManage)
        && parent.as_ref().is_some_and(|p| {
            a.actor
                .authorize(Permission::OrgManage, Some(&p.path))
                .is_ok()
        });
    let child_level = parent
        .as_ref()
        .and_then(|p| p.level.child())
        .map(|lv| l.tf("org.level", lv.code()).to_string())
        .unwrap_or_default();
    let path = match q.parent {
        Some(p) => format!("/orgs?parent={p}"),
        None => "/orgs".into(),
    };
    let c = Chrome::for_user(&st, &a, &info, "org.title", "nav.orgs", &path)
        .await
        .with_flash(Some(q.ok.as_str()));
    let error = if q.err.is_empty() {
        String::new()
    } else {
        l.err(&q.err).to_string()
    };
    Ok(render(&OrgsPage {
        c,
        parent,
        trail,
        rows,
        can_manage,
        child_level,
        error,
    }))
}

/// After a change, back to the parent's page, with a flash or an error code.
fn back(parent: Option<i64>, result: Result<(), ServiceError>) -> WebResult<Response> {
    let base = match parent {
        Some(p) => format!("/orgs?parent={p}&"),
        None => "/orgs?".into(),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("{base}ok=saved")).into_response()),
        Err(ServiceError::Invalid { code, .. }) => {
            Ok(Redirect::to(&format!("{base}err={code}")).into_response())
        }
        Err(e) => Err(WebError(e)),
    }
}

#[derive(Deserialize)]
pub struct CreateForm {
    parent: i64,
    code: String,
    name: String,
}

pub async fn create(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Form(f): Form<CreateForm>,
) -> WebResult<Response> {
    let r = st
        .ctx
        .org_create(&a.actor, f.parent, &f.code, &f.name)
        .await
        .map(|_| ());
    back(Some(f.parent), r)
}

#[derive(Deserialize)]
pub struct RenameForm {
    name: String,
}

async fn parent_of(st: &AppState, id: i64) -> Option<i64> {
    org::get(&st.ctx.db, id)
        .await
        .ok()
        .and_then(|u| u.parent_id)
}

pub async fn rename(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(id): Path<i64>,
    Form(f): Form<RenameForm>,
) -> WebResult<Response> {
    let r = st.ctx.org_rename(&a.actor, id, &f.name).await;
    back(parent_of(&st, id).await, r)
}

#[derive(Deserialize)]
pub struct MoveForm {
    parent_code: String,
}

pub async fn move_unit(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(id): Path<i64>,
    Form(f): Form<MoveForm>,
) -> WebResult<Response> {
    let old_parent = parent_of(&st, id).await;
    let r = match org::by_code(&st.ctx.db, f.parent_code.trim()).await? {
        Some(p) => st.ctx.org_move(&a.actor, id, p.id).await,
        None => Err(ServiceError::invalid("parent", "org.parent_unknown")),
    };
    back(old_parent, r)
}

#[derive(Deserialize)]
pub struct ActiveForm {
    active: String,
}

pub async fn set_active(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(id): Path<i64>,
    Form(f): Form<ActiveForm>,
) -> WebResult<Response> {
    let r = st
        .ctx
        .org_set_active(&a.actor, id, f.active == "1")
        .await
        .map(|_| ());
    back(parent_of(&st, id).await, r)
}

#[derive(Template)]
#[template(path = "org_import.html")]
struct ImportPage {
    c: Chrome,
    report: Option<ImportReport>,
    summary: String,
    error: String,
}

pub async fn import_form(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
) -> Response {
    let c = Chrome::for_user(
        &st,
        &a,
        &info,
        "org.import_title",
        "nav.orgs",
        "/orgs/import",
    )
    .await;
    render(&ImportPage {
        c,
        report: None,
        summary: String::new(),
        error: String::new(),
    })
}

/// Decodes an uploaded CSV: UTF-8 (with or without BOM), else GBK, the
/// encoding Excel and WPS use on Chinese Windows.
fn decode(bytes: &[u8]) -> Option<String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s.to_string()),
        Err(_) => {
            let (text, _, bad) = encoding_rs::GBK.decode(bytes);
            (!bad).then(|| text.into_owned())
        }
    }
}

pub async fn import_submit(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    mut mp: Multipart,
) -> WebResult<Response> {
    let l = info.lang;
    let mut file: Option<Vec<u8>> = None;
    let mut apply = false;
    let mut error = String::new();
    while let Ok(Some(field)) = mp.next_field().await {
        match field.name() {
            Some("file") => match field.bytes().await {
                Ok(b) if b.len() <= IMPORT_MAX_BYTES => file = Some(b.to_vec()),
                _ => error = l.err("import.too_large").to_string(),
            },
            Some("mode") => apply = field.text().await.is_ok_and(|t| t == "apply"),
            _ => {}
        }
    }
    let mut report = None;
    let mut summary = String::new();
    if error.is_empty() {
        match file.as_deref().map(decode) {
            None => error = l.err("import.not_csv").to_string(),
            Some(None) => error = l.err("import.encoding").to_string(),
            Some(Some(text)) => match st.ctx.org_import(&a.actor, &text, apply).await {
                Ok(r) => {
                    summary = l
                        .t("org.summary")
                        .replace(
                            "{c}",
                            &r.count(|x| matches!(x, ImportAction::Create)).to_string(),
                        )
                        .replace(
                            "{r}",
                            &r.count(|x| matches!(x, ImportAction::Rename { .. }))
                                .to_string(),
                        )
                        .replace("{e}", &r.errors().to_string());
                    report = Some(r);
                }
                Err(ServiceError::Invalid { code, .. }) => error = l.err(&code).to_string(),
                Err(e) => return Err(e.into()),
            },
        }
    }
    let c = Chrome::for_user(
        &st,
        &a,
        &info,
        "org.import_title",
        "nav.orgs",
        "/orgs/import",
    )
    .await;
    Ok(render(&ImportPage {
        c,
        report,
        summary,
        error,
    }))
}
