//! The local-practice settings over the API: read by anyone on the register,
//! amended by the city office (domain.md §4).

use axum::Json;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use jindu_domain::setting_values::SettingValue;
use jindu_domain::settings::SettingKey;
use jindu_store::service::ServiceError;
use jindu_store::service::settings::NewSetting;
use serde::Deserialize;
use serde_json::{Value, json};
use time::Date;

use super::{ApiJson, ApiResult, ok, problem};
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

/// Every setting with its versions; each version's `value` is tagged with
/// its key.
pub async fn list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
) -> ApiResult {
    let items = st
        .ctx
        .settings_view(&a.actor)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "items": items }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmendBody {
    /// The value in the key's own shape (as in `value.value` of the list).
    value: Value,
    source: String,
    effective_from: Date,
}

/// Puts a new version in force; 201 with its number.
pub async fn amend(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(key): Path<String>,
    ApiJson(b): ApiJson<AmendBody>,
) -> ApiResult {
    let key = SettingKey::from_code(&key).ok_or_else(|| problem(&info, ServiceError::NotFound))?;
    let value: SettingValue =
        serde_json::from_value(json!({ "key": key.code(), "value": b.value })).map_err(|_| {
            problem(
                &info,
                ServiceError::invalid("value", "setting.invalid_value"),
            )
        })?;
    let version = st
        .ctx
        .amend_setting(
            &a.actor,
            NewSetting {
                value,
                source: b.source,
                effective_from: b.effective_from,
            },
        )
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "key": key.code(), "version": version })),
    )
        .into_response())
}
