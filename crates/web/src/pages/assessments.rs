//! Recording an assessment or self-report from the person's file; the file
//! draws the section.

use axum::Form;
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use jindu_store::service::assessments::AssessmentInput;

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
    let input = AssessmentInput {
        done_date: parse_date(&f.get("done_date")).ok().flatten(),
        kind: f.get("kind"),
        conclusion: f.get("conclusion"),
        notes: f.get("notes"),
    };
    let outcome = st.ctx.assessment_record(&a.actor, &person, &input).await;
    back_to_file(
        &person,
        "assessments",
        "serr",
        "assessment_recorded",
        outcome,
    )
}
