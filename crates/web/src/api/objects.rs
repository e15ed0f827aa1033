//! Objects and locations of the relation graph (POLE) over the API.

use axum::Json;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use jindu_store::service::objects::{CaseObjectInput, TieInput};
use serde_json::json;

use super::{ApiJson, ApiResult, ok, problem};
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

/// The objects tied to a person, with the ties the reader may see.
pub async fn of_person(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> ApiResult {
    let items = st
        .ctx
        .person_objects(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "items": items }))
}

/// Ties a person to an object (recorded first if new).
pub async fn tie_person(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<TieInput>,
) -> ApiResult {
    let object = st
        .ctx
        .person_tie_object(&a.actor, &id, &input)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((StatusCode::CREATED, Json(json!({ "object_id": object }))).into_response())
}

/// Ties an object to a case, as used in the offence.
pub async fn tie_case(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CaseObjectInput>,
) -> ApiResult {
    let object = st
        .ctx
        .case_tie_object(&a.actor, &id, &input)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((StatusCode::CREATED, Json(json!({ "object_id": object }))).into_response())
}

/// One object with its ties the reader may see.
pub async fn get(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> ApiResult {
    let view = st
        .ctx
        .object_get(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(view))
}
