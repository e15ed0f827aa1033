//! Account administration for the security admin: list, create, role,
//! scopes, disable/enable, password and second-factor reset, end sessions.

use askama::Template;
use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jindu_domain::authz::{Permission, Role, ScopeKind};
use jindu_store::org::{self, OrgUnit};
use jindu_store::service::{Page, ServiceError};
use jindu_store::users::User;
use serde::Deserialize;

use super::pager::Pager;
use super::{Chrome, FieldErrors, fmt_time, render};
use crate::error::{WebError, WebResult};
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[derive(Template)]
#[template(path = "users_list.html")]
struct ListPage {
    c: Chrome,
    q: String,
    rows: Vec<User>,
    pager: Pager,
    offset: i64,
    now: i64,
    can_manage: bool,
}

pub async fn list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Query(q): Query<ListQuery>,
) -> WebResult<Response> {
    let page = Page::new(q.page, q.per_page);
    let (rows, total) = st.ctx.user_list(&a.actor, q.q.trim(), page).await?;
    let c = Chrome::for_user(&st, &a, &info, "user.title", "nav.users", "/users").await;
    let pager = Pager::new("/users", &[("q".into(), q.q.clone())], page, total);
    Ok(render(&ListPage {
        c,
        q: q.q,
        rows,
        pager,
        offset: page.offset(),
        now: st.ctx.now_ms(),
        can_manage: a.actor.can(Permission::UserManage),
    }))
}

#[derive(Deserialize, Default, Clone)]
pub struct NewForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    org_code: String,
}

#[derive(Template)]
#[template(path = "user_new.html")]
struct NewPage {
    c: Chrome,
    f: NewForm,
    roles: Vec<(&'static str, &'static str)>,
    errors: FieldErrors,
}

fn roles(l: crate::i18n::Lang) -> Vec<(&'static str, &'static str)> {
    Role::ALL
        .iter()
        .map(|r| (r.code(), l.tf("role", r.code())))
        .collect()
}

pub async fn new_form(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
) -> Response {
    let c = Chrome::for_user(&st, &a, &info, "user.new_title", "nav.users", "/users/new").await;
    render(&NewPage {
        c,
        f: NewForm::default(),
        roles: roles(info.lang),
        errors: FieldErrors::default(),
    })
}

#[derive(Template)]
#[template(path = "user_view.html")]
struct ViewPage {
    c: Chrome,
    u: User,
    roles: Vec<(&'static str, &'static str)>,
    scopes: Vec<ScopeRow>,
    actions: Vec<(&'static str, &'static str)>,
    password_changed: String,
    one_time_password: String,
    error: String,
    now: i64,
    is_self: bool,
}

/// What the account page shows: a plain view (itself the audited event),
/// or the result of an audited change (a one-time password or an error).
enum Show {
    View,
    AfterChange { password: String, error: String },
}

async fn view_page(
    st: &AppState,
    info: &ReqInfo,
    a: &Auth,
    id: i64,
    show: Show,
) -> WebResult<Response> {
    let l = info.lang;
    let (u, one_time_password, error, flash) = match show {
        Show::View => (
            st.ctx.user_get(&a.actor, id).await?,
            String::new(),
            String::new(),
            "",
        ),
        Show::AfterChange { password, error } => {
            let flash = if error.is_empty() { "done" } else { "" };
            (
                st.ctx.user_reload(&a.actor, id).await?,
                password,
                error,
                flash,
            )
        }
    };
    let sc = st.ctx.user_scopes(&a.actor, id).await?;
    let mut scopes = Vec::new();
    for kind in ScopeKind::ALL {
        let ids: Vec<i64> = sc
            .of(kind)
            .iter()
            .filter_map(|p| org::path_ids(p).last().copied())
            .collect();
        let units: Vec<OrgUnit> = org::many(&st.ctx.db, &ids).await?;
        let codes = units
            .iter()
            .map(|u| u.code.clone())
            .collect::<Vec<_>>()
            .join(",");
        let names = units
            .iter()
            .map(|u| u.name.clone())
            .collect::<Vec<_>>()
            .join("、");
        scopes.push(ScopeRow {
            kind: kind.code(),
            label: l.tf("user.scope", kind.code()),
            codes,
            names,
        });
    }
    let c = Chrome::for_user(
        st,
        a,
        info,
        "user.title",
        "nav.users",
        &format!("/users/{id}"),
    )
    .await
    .with_flash(Some(flash));
    Ok(render(&ViewPage {
        c,
        is_self: a.actor.user_id == Some(u.id),
        password_changed: fmt_time(u.password_changed_at),
        actions: vec![
            ("reset_password", l.t("user.reset_password")),
            ("reset_mfa", l.t("user.reset_mfa")),
            ("end_sessions", l.t("user.end_sessions")),
        ],
        u,
        roles: roles(l),
        scopes,
        one_time_password,
        error,
        now: st.ctx.now_ms(),
    }))
}

pub async fn create(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Form(f): Form<NewForm>,
) -> WebResult<Response> {
    let l = info.lang;
    let result = match (
        Role::from_code(&f.role),
        org::by_code(&st.ctx.db, f.org_code.trim()).await?,
    ) {
        (None, _) => Err(ServiceError::invalid("role", "role.unknown")),
        (_, None) => Err(ServiceError::invalid("org_code", "org.unknown")),
        (Some(role), Some(unit)) => st
            .ctx
            .user_create(&a.actor, &f.username, &f.display_name, unit.id, role)
            .await
            .map_err(|e| match e {
                ServiceError::Invalid { field, code } if field == "org_unit" => {
                    ServiceError::Invalid {
                        field: "org_code".into(),
                        code,
                    }
                }
                e => e,
            }),
    };
    match result {
        Ok((id, password)) => {
            view_page(
                &st,
                &info,
                &a,
                id,
                Show::AfterChange {
                    password,
                    error: String::new(),
                },
            )
            .await
        }
        Err(e) => match FieldErrors::from_service(l, &e) {
            Some(errors) => {
                let c =
                    Chrome::for_user(&st, &a, &info, "user.new_title", "nav.users", "/users/new")
                        .await;
                Ok(render(&NewPage {
                    c,
                    f,
                    roles: roles(l),
                    errors,
                }))
            }
            None => Err(WebError(e)),
        },
    }
}

pub async fn view(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    view_page(&st, &info, &a, id, Show::View).await
}

#[derive(Deserialize)]
pub struct ActionForm {
    action: String,
}

pub async fn action(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<i64>,
    Form(f): Form<ActionForm>,
) -> WebResult<Response> {
    let actor = &a.actor;
    let result = match f.action.as_str() {
        "disable" => st
            .ctx
            .user_set_disabled(actor, id, true)
            .await
            .map(|_| String::new()),
        "enable" => st
            .ctx
            .user_set_disabled(actor, id, false)
            .await
            .map(|_| String::new()),
        "reset_password" => st.ctx.user_reset_password(actor, id).await,
        "reset_mfa" => st
            .ctx
            .user_reset_mfa(actor, id)
            .await
            .map(|_| String::new()),
        "end_sessions" => st
            .ctx
            .user_end_sessions(actor, id)
            .await
            .map(|_| String::new()),
        _ => Err(ServiceError::invalid("action", "generic")),
    };
    finish(&st, &info, &a, id, result).await
}

async fn finish(
    st: &AppState,
    info: &ReqInfo,
    a: &Auth,
    id: i64,
    result: Result<String, ServiceError>,
) -> WebResult<Response> {
    match result {
        Ok(pw) if !pw.is_empty() => {
            view_page(
                st,
                info,
                a,
                id,
                Show::AfterChange {
                    password: pw,
                    error: String::new(),
                },
            )
            .await
        }
        Ok(_) => Ok(Redirect::to(&format!("/users/{id}?ok=done")).into_response()),
        Err(ServiceError::Invalid { code, .. }) => {
            view_page(
                st,
                info,
                a,
                id,
                Show::AfterChange {
                    password: String::new(),
                    error: info.lang.err(&code).to_string(),
                },
            )
            .await
        }
        Err(e) => Err(WebError(e)),
    }
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn set_role(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<i64>,
    Form(f): Form<RoleForm>,
) -> WebResult<Response> {
    let result = match Role::from_code(&f.role) {
        Some(r) => st
            .ctx
            .user_set_role(&a.actor, id, r)
            .await
            .map(|_| String::new()),
        None => Err(ServiceError::invalid("role", "role.unknown")),
    };
    finish(&st, &info, &a, id, result).await
}

#[derive(Deserialize)]
pub struct ScopeForm {
    kind: String,
    codes: String,
}

pub async fn set_scopes(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<i64>,
    Form(f): Form<ScopeForm>,
) -> WebResult<Response> {
    let Some(kind) = ScopeKind::from_code(&f.kind) else {
        return finish(
            &st,
            &info,
            &a,
            id,
            Err(ServiceError::invalid("kind", "generic")),
        )
        .await;
    };
    let mut ids = Vec::new();
    for code in f
        .codes
        .split([',', '，', ' ', '\n'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        match org::by_code(&st.ctx.db, code).await? {
            Some(u) => ids.push(u.id),
            None => {
                return finish(
                    &st,
                    &info,
                    &a,
                    id,
                    Err(ServiceError::invalid("units", "org.unknown")),
                )
                .await;
            }
        }
    }
    let result = st
        .ctx
        .user_set_scope(&a.actor, id, kind, &ids)
        .await
        .map(|_| String::new());
    finish(&st, &info, &a, id, result).await
}

pub struct ScopeRow {
    kind: &'static str,
    label: &'static str,
    codes: String,
    names: String,
}
