//! The dashboard and the records behind each figure over the API.

use axum::extract::{Extension, Path, Query, State};
use jindu_domain::indicators::IndicatorCode;
use jindu_store::service::ServiceError;
use serde::Deserialize;
use serde_json::json;

use super::{ApiResult, ok, problem};
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

/// Every indicator of the caller's analysis scope: year to date, the last
/// 12 months, the units below, the forecast.
pub async fn dashboard(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
) -> ApiResult {
    let d = st
        .ctx
        .dashboard(&a.actor)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(d))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembersQuery {
    unit: Option<i64>,
    from: Option<String>,
    to: Option<String>,
}

/// The records counted in an indicator (masked persons), with whether each
/// is in the numerator.
pub async fn members(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(code): Path<String>,
    Query(q): Query<MembersQuery>,
) -> ApiResult {
    let code =
        IndicatorCode::from_code(&code).ok_or_else(|| problem(&info, ServiceError::NotFound))?;
    let (from, to) = crate::pages::dashboard::period(&st, q.from.as_deref(), q.to.as_deref())
        .map_err(|e| problem(&info, e.0))?;
    let rows = st
        .ctx
        .indicator_drill(&a.actor, code, q.unit, from, to)
        .await
        .map_err(|e| problem(&info, e))?;
    let num = rows.iter().filter(|r| r.numerator).count();
    ok(json!({
        "indicator": code.code(),
        "from": from.to_string(),
        "to": to.to_string(),
        "numerator": num,
        "denominator": rows.len(),
        "items": rows,
    }))
}
