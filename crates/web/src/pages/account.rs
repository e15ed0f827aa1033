//! The user's own account: language, password change, API tokens.

use askama::Template;
use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jindu_store::service::ServiceError;
use jindu_store::tokens::ApiToken;
use serde::Deserialize;

use super::login::{PasswordForm, change_password};
use super::{Chrome, FieldErrors, fmt_time, render};
use crate::error::{WebError, WebResult};
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

pub struct TokenRow {
    pub t: ApiToken,
    pub created: String,
    pub expires: String,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    c: Chrome,
    username: String,
    role: &'static str,
    tokens: Vec<TokenRow>,
    new_token: String,
    token_error: String,
    pw_errors: FieldErrors,
}

#[derive(Deserialize, Default)]
pub struct AccountQuery {
    #[serde(default)]
    ok: String,
}

async fn page(
    st: &AppState,
    info: &ReqInfo,
    a: &Auth,
    new_token: String,
    token_error: String,
    pw_errors: FieldErrors,
    flash: &str,
) -> WebResult<Response> {
    let tokens = st
        .ctx
        .api_tokens(&a.actor)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            created: fmt_time(t.created_at),
            expires: t.expires_at.map(fmt_time).unwrap_or_default(),
            t,
        })
        .collect();
    let c = Chrome::for_user(st, a, info, "account.title", "nav.account", "/account")
        .await
        .with_flash(Some(flash));
    Ok(render(&AccountPage {
        c,
        username: a.actor.username.clone(),
        role: info.lang.tf("role", a.actor.role.code()),
        tokens,
        new_token,
        token_error,
        pw_errors,
    }))
}

pub async fn show(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Query(q): Query<AccountQuery>,
) -> WebResult<Response> {
    page(
        &st,
        &info,
        &a,
        String::new(),
        String::new(),
        FieldErrors::default(),
        &q.ok,
    )
    .await
}

pub async fn password(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Form(f): Form<PasswordForm>,
) -> WebResult<Response> {
    let Some(session) = &a.session else {
        return Err(WebError(ServiceError::Forbidden));
    };
    match change_password(&st, &info, session, &f).await {
        Ok(_) => Ok(Redirect::to("/account?ok=password").into_response()),
        Err(errors) => page(&st, &info, &a, String::new(), String::new(), errors, "").await,
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    name: String,
    #[serde(default)]
    days: String,
    password: String,
}

pub async fn create_token(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Form(f): Form<TokenForm>,
) -> WebResult<Response> {
    let days = f.days.trim().parse::<i64>().ok();
    match st
        .ctx
        .create_api_token(&a.actor, &f.name, &f.password, days)
        .await
    {
        Ok(token) => {
            page(
                &st,
                &info,
                &a,
                token,
                String::new(),
                FieldErrors::default(),
                "",
            )
            .await
        }
        Err(ServiceError::Invalid { code, .. }) => {
            page(
                &st,
                &info,
                &a,
                String::new(),
                info.lang.err(&code).to_string(),
                FieldErrors::default(),
                "",
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn revoke_token(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    st.ctx.revoke_api_token(&a.actor, id).await?;
    Ok(Redirect::to("/account?ok=saved").into_response())
}
