//! Strike over the API: cases and their suspects, 双逢双查 trace tasks,
//! and a person's supply chain.

use axum::Json;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use jindu_store::service::case_subjects::SubjectInput;
use jindu_store::service::cases::{CaseInput, CaseQuery, SeizureInput, StageInput, SuspectInput};
use jindu_store::service::trace::{TraceCloseInput, TraceQuery};
use jindu_store::service::{Page, ServiceError};
use serde::Deserialize;
use serde_json::json;

use super::{ApiJson, ApiResult, ok, problem};
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

type QueryResult<T> = Result<Query<T>, axum::extract::rejection::QueryRejection>;

#[derive(Deserialize)]
pub struct CaseListQuery {
    pub stage: Option<String>,
    pub person_id: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

pub async fn cases_list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    q: QueryResult<CaseListQuery>,
) -> ApiResult {
    let Query(q) =
        q.map_err(|_| problem(&info, ServiceError::invalid("query", "invalid_query")))?;
    let page = Page::new(q.page, q.per_page);
    let (items, total) = st
        .ctx
        .case_list(
            &a.actor,
            &CaseQuery {
                stage: q.stage,
                person_id: q.person_id,
            },
            page,
        )
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "items": items, "total": total, "page": page.page, "per_page": page.per_page }))
}

pub async fn cases_create(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    ApiJson(input): ApiJson<CaseInput>,
) -> ApiResult {
    let id = st
        .ctx
        .case_create(&a.actor, &input)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

pub async fn cases_get(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> ApiResult {
    let v = st
        .ctx
        .case_get(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(v))
}

pub async fn cases_suspect(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<SuspectInput>,
) -> ApiResult {
    st.ctx
        .case_add_suspect(&a.actor, &id, &input)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A suspect who is not on the register.
pub async fn cases_subject(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<SubjectInput>,
) -> ApiResult {
    let subject = st
        .ctx
        .case_add_subject(&a.actor, &id, &input)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((StatusCode::CREATED, Json(json!({ "id": subject }))).into_response())
}

pub async fn cases_seizure(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<SeizureInput>,
) -> ApiResult {
    let seizure = st
        .ctx
        .case_seizure(&a.actor, &id, &input)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((StatusCode::CREATED, Json(json!({ "id": seizure }))).into_response())
}

pub async fn cases_stage(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<StageInput>,
) -> ApiResult {
    st.ctx
        .case_stage(&a.actor, &id, &input)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
pub struct TraceListQuery {
    pub kind: Option<String>,
    pub person_id: Option<String>,
    pub case_id: Option<String>,
    pub state: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

pub async fn traces_list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    q: QueryResult<TraceListQuery>,
) -> ApiResult {
    let Query(q) =
        q.map_err(|_| problem(&info, ServiceError::invalid("query", "invalid_query")))?;
    let page = Page::new(q.page, q.per_page);
    let filter = TraceQuery {
        kind: q.kind,
        person_id: q.person_id,
        case_id: q.case_id,
        state: q.state,
    };
    let (items, total) = st
        .ctx
        .trace_list(&a.actor, &filter, page)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "items": items, "total": total, "page": page.page, "per_page": page.per_page }))
}

pub async fn traces_close(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<TraceCloseInput>,
) -> ApiResult {
    let v = st
        .ctx
        .trace_close(&a.actor, &id, &input)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(v))
}

#[derive(Deserialize)]
pub struct ChainQuery {
    /// `up` (suppliers) or `down` (buyers).
    pub direction: Option<String>,
    pub hops: Option<usize>,
}

pub async fn person_chain(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    q: QueryResult<ChainQuery>,
) -> ApiResult {
    let Query(q) =
        q.map_err(|_| problem(&info, ServiceError::invalid("query", "invalid_query")))?;
    let down = match q.direction.as_deref() {
        None | Some("down") => true,
        Some("up") => false,
        Some(_) => {
            return Err(problem(
                &info,
                ServiceError::invalid("direction", "field.invalid_code"),
            ));
        }
    };
    let v = st
        .ctx
        .person_chain(&a.actor, &id, down, q.hops.unwrap_or(3))
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(v))
}

#[derive(Deserialize)]
pub struct GroupsQuery {
    pub min_size: Option<usize>,
    pub limit: Option<usize>,
}

pub async fn groups(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    q: QueryResult<GroupsQuery>,
) -> ApiResult {
    let Query(q) =
        q.map_err(|_| problem(&info, ServiceError::invalid("query", "invalid_query")))?;
    let items = st
        .ctx
        .analysis_groups(&a.actor, q.min_size.unwrap_or(3), q.limit.unwrap_or(20))
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "items": items }))
}

#[derive(Deserialize)]
pub struct KeyPersonsQuery {
    pub limit: Option<usize>,
}

pub async fn key_persons(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    q: QueryResult<KeyPersonsQuery>,
) -> ApiResult {
    let Query(q) =
        q.map_err(|_| problem(&info, ServiceError::invalid("query", "invalid_query")))?;
    let v = st
        .ctx
        .analysis_key_persons(&a.actor, q.limit.unwrap_or(20))
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(v))
}

#[derive(Deserialize)]
pub struct PathQuery {
    pub to: String,
    /// How many paths, shortest first (1 by default).
    pub k: Option<usize>,
}

pub async fn person_path(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    q: QueryResult<PathQuery>,
) -> ApiResult {
    let Query(q) = q.map_err(|_| problem(&info, ServiceError::invalid("to", "field.required")))?;
    let paths = st
        .ctx
        .person_paths(&a.actor, &id, &q.to, q.k.unwrap_or(1))
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "connected": !paths.is_empty(), "paths": paths }))
}

/// Starts the exact key-person run (or reports the one running).
pub async fn exact_start(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
) -> ApiResult {
    let v = st
        .ctx
        .analysis_exact_start(&a.actor)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(v))
}

pub async fn person_group(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> ApiResult {
    let v = st
        .ctx
        .person_group(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(v))
}
