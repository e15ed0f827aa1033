//! Recording a drug test, and the report of a police flag, from the
//! person's file. The file draws the schedule, the counters and the flags.

use axum::Form;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jindu_store::service::ServiceError;
use jindu_store::service::drug_tests::TestInput;
use jindu_store::service::police_reports::PoliceReportInput;

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
    let outcome = st.ctx.test_record(&a.actor, &person, &input).await;
    back(&person, outcome, "test_recorded")
}

/// Records that a flag was reported to the police (JDTL 21).
pub async fn report(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(person): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let input = PoliceReportInput {
        reason: f.get("reason"),
        raised_on: parse_date(&f.get("raised_on")).ok().flatten(),
        reported_on: parse_date(&f.get("reported_on")).ok().flatten(),
        police_unit: f.get("police_unit"),
    };
    let outcome = st.ctx.police_report_record(&a.actor, &person, &input).await;
    back(&person, outcome, "police_reported")
}

/// Back to the section with a flash or the first error code.
fn back<T>(person: &str, outcome: Result<T, ServiceError>, flash: &str) -> WebResult<Response> {
    let q = match outcome {
        Ok(_) => format!("ok={flash}"),
        Err(ServiceError::Invalid { code, .. }) => format!("terr={code}"),
        Err(ServiceError::Fields(list)) => format!(
            "terr={}",
            list.first().map(|(_, c)| c.as_str()).unwrap_or("generic")
        ),
        Err(e) => return Err(WebError(e)),
    };
    Ok(Redirect::to(&format!("/persons/{person}?{q}#tests")).into_response())
}
