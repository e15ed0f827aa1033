//! Recording a drug test from the person's file. The file draws the
//! schedule, the counters and the police flags.

use axum::Form;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jindu_store::service::ServiceError;
use jindu_store::service::drug_tests::TestInput;

use super::choices::Pairs;
use super::parse_date;
use crate::error::{WebError, WebResult};
use crate::middleware::Auth;
use crate::state::AppState;

pub async fn record(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(person): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let input = TestInput {
        test_date: parse_date(&f.get("test_date")).ok().flatten(),
        method: f.get("method"),
        setting: f.get("setting"),
        result: f.get("result"),
        substances: f
            .get("substances")
            .split([',', '，', '、'])
            .map(str::to_string)
            .collect(),
        unannounced: f.get("unannounced") == "1",
    };
    let q = match st.ctx.test_record(&a.actor, &person, &input).await {
        Ok(_) => "ok=test_recorded".to_string(),
        Err(ServiceError::Invalid { code, .. }) => format!("terr={code}"),
        Err(ServiceError::Fields(list)) => format!(
            "terr={}",
            list.first().map(|(_, c)| c.as_str()).unwrap_or("generic")
        ),
        Err(e) => return Err(WebError(e)),
    };
    Ok(Redirect::to(&format!("/persons/{person}?{q}#tests")).into_response())
}
