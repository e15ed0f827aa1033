//! Outflow trafficking (外流贩毒) over the API: notices and the villages
//! and families they come from.

use axum::Json;
use axum::extract::{Extension, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use jindu_store::service::outflow::OutflowInput;
use jindu_store::service::{Page, ServiceError};
use serde::Deserialize;
use serde_json::json;

use super::{ApiJson, ApiResult, ok, problem};
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct OutflowQuery {
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

pub async fn list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    q: Result<Query<OutflowQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    let Query(q) =
        q.map_err(|_| problem(&info, ServiceError::invalid("query", "invalid_query")))?;
    let page = Page::new(q.page, q.per_page);
    let (items, total) = st
        .ctx
        .outflow_list(&a.actor, page)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "items": items, "total": total, "page": page.page, "per_page": page.per_page }))
}

pub async fn create(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    ApiJson(input): ApiJson<OutflowInput>,
) -> ApiResult {
    let id = st
        .ctx
        .outflow_create(&a.actor, &input)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

pub async fn groups(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
) -> ApiResult {
    let items = st
        .ctx
        .outflow_groups(&a.actor)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "items": items }))
}
