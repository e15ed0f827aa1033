//! Leads (线索) over the API.

use axum::Json;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use jindu_store::service::leads::{LeadInput, LeadStateInput};
use jindu_store::service::{Page, ServiceError};
use serde::Deserialize;
use serde_json::json;

use super::{ApiJson, ApiResult, ok, problem};
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct LeadQuery {
    pub state: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

pub async fn list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    q: Result<Query<LeadQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    let Query(q) =
        q.map_err(|_| problem(&info, ServiceError::invalid("query", "invalid_query")))?;
    let page = Page::new(q.page, q.per_page);
    let (items, total) = st
        .ctx
        .lead_list(&a.actor, q.state.as_deref(), page)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "items": items, "total": total, "page": page.page, "per_page": page.per_page }))
}

pub async fn create(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    ApiJson(input): ApiJson<LeadInput>,
) -> ApiResult {
    let id = st
        .ctx
        .lead_create(&a.actor, &input)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

pub async fn get(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> ApiResult {
    let v = st
        .ctx
        .lead_get(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(v))
}

pub async fn state(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<LeadStateInput>,
) -> ApiResult {
    st.ctx
        .lead_state(&a.actor, &id, &input)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
