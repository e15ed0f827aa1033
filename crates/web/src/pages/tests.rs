//! Recording a drug test, and the report of a police flag, from the
//! person's file. The file draws the schedule, the counters and the flags.

use axum::Form;
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use jindu_store::service::drug_tests::TestInput;
use jindu_store::service::police_reports::PoliceReportInput;

use super::back_to_file;
use super::choices::Pairs;
use super::parse_date;
use crate::error::WebResult;
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
    back_to_file(&person, "tests", "terr", "test_recorded", outcome)
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
    back_to_file(&person, "tests", "terr", "police_reported", outcome)
}
