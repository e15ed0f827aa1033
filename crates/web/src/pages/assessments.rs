//! Recording an assessment or self-report from the person's file; the file
//! draws the section.

use axum::Form;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jindu_store::service::ServiceError;
use jindu_store::service::assessments::AssessmentInput;

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
    let input = AssessmentInput {
        done_date: parse_date(&f.get("done_date")).ok().flatten(),
        kind: f.get("kind"),
        conclusion: f.get("conclusion"),
        notes: f.get("notes"),
    };
    let q = match st.ctx.assessment_record(&a.actor, &person, &input).await {
        Ok(_) => "ok=assessment_recorded".to_string(),
        Err(ServiceError::Invalid { code, .. }) => format!("serr={code}"),
        Err(ServiceError::Fields(list)) => format!(
            "serr={}",
            list.first().map(|(_, c)| c.as_str()).unwrap_or("generic")
        ),
        Err(e) => return Err(WebError(e)),
    };
    Ok(Redirect::to(&format!("/persons/{person}?{q}#assessments")).into_response())
}
