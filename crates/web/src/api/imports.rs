//! Imports of persons, measures and drug tests through the API: the same upload as
//! the import page (multipart `file`, `mode` = `dry` — the default — or
//! `apply`, and `map_<field>` to choose a column by its header), answered
//! with the report: every bad row's line, field, code and message, and
//! whether anything was written (only when no row has an error).

use axum::Json;
use axum::extract::{Extension, Multipart, State};
use axum::response::{IntoResponse, Response};
use jindu_store::service::ServiceError;
use serde_json::json;

use crate::api::problem_response;
use crate::middleware::{Auth, ReqInfo};
use crate::pages::import::{self, Columns, Kind};
use crate::state::AppState;

pub async fn persons_import(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    mp: Multipart,
) -> Response {
    run(&st, &info, &a, Kind::Persons, mp).await
}

pub async fn measures_import(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    mp: Multipart,
) -> Response {
    run(&st, &info, &a, Kind::Measures, mp).await
}

pub async fn tests_import(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    mp: Multipart,
) -> Response {
    run(&st, &info, &a, Kind::Tests, mp).await
}

async fn run(st: &AppState, info: &ReqInfo, a: &Auth, kind: Kind, mp: Multipart) -> Response {
    let mut up = import::read_upload(mp).await;
    let table = match import::open(&mut up).await {
        Ok(t) => t,
        Err(code) => return problem_response(info, ServiceError::invalid("file", code)),
    };
    let cols = Columns::map(kind, &table, &up.chosen);
    if let Some(field) = cols.missing(kind) {
        return problem_response(info, ServiceError::invalid(field, "import.mapping"));
    }
    match import::run(st, &a.actor, kind, &table, &cols, up.apply).await {
        Ok(r) => {
            let l = info.lang;
            let errors: Vec<_> = r
                .errors
                .iter()
                .map(|e| json!({ "line": e.line, "field": e.field, "code": e.code, "message": l.err(&e.code) }))
                .collect();
            Json(
                json!({ "rows": r.rows, "valid": r.valid, "applied": r.applied, "errors": errors }),
            )
            .into_response()
        }
        Err(e) => problem_response(info, e),
    }
}
