//! Change of execution place (JDTL 22) over the API.

use axum::Json;
use axum::extract::{Extension, Path, State};
use jindu_store::service::transfers::{ReceiveInput, TransferInput};
use serde_json::json;

use super::{ApiJson, ApiResult, ok, problem};
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

/// The sending office records the transfer; answers the measure.
pub async fn transfer(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<TransferInput>,
) -> ApiResult {
    let m = st
        .ctx
        .measure_transfer(&a.actor, &id, &b)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok(axum::response::IntoResponse::into_response(Json(m)))
}

/// Measures on their way to a township in the caller's capture scope.
pub async fn incoming(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
) -> ApiResult {
    let items: Vec<_> = st
        .ctx
        .transfers_incoming(&a.actor)
        .await
        .map_err(|e| problem(&info, e))?
        .into_iter()
        .map(|t| {
            json!({
                "measure_id": t.measure_id,
                "person_name": t.person_name,
                "kind": t.kind,
                "from_unit": t.from_unit,
                "deadline": t.deadline,
            })
        })
        .collect();
    ok(json!({ "items": items }))
}

/// One incoming measure (masked).
pub async fn view(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> ApiResult {
    let t = st
        .ctx
        .transfer_view(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(t))
}

/// The receiving office records the report at the new place; answers the
/// person's id, now in its scope.
pub async fn receive(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ReceiveInput>,
) -> ApiResult {
    let person = st
        .ctx
        .transfer_receive(&a.actor, &id, &b)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "person_id": person }))
}
