//! Visits and support (走访帮扶) from the person's file: recording a visit,
//! setting the support plan (一人一策), recording support given. The file
//! draws the section.

use axum::Form;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jindu_domain::support::SupportKind;
use jindu_store::service::ServiceError;
use jindu_store::service::support::{GoalInput, PlanInput, SupportInput};
use jindu_store::service::visits::VisitInput;

use super::choices::Pairs;
use super::parse_date;
use crate::error::{WebError, WebResult};
use crate::middleware::Auth;
use crate::state::AppState;

/// Back to the section with a flash or the first error code.
fn back<T>(person: &str, outcome: Result<T, ServiceError>, flash: &str) -> WebResult<Response> {
    let q = match outcome {
        Ok(_) => format!("ok={flash}"),
        Err(ServiceError::Invalid { code, .. }) => format!("verr={code}"),
        Err(ServiceError::Fields(list)) => format!(
            "verr={}",
            list.first().map(|(_, c)| c.as_str()).unwrap_or("generic")
        ),
        Err(e) => return Err(WebError(e)),
    };
    Ok(Redirect::to(&format!("/persons/{person}?{q}#visits")).into_response())
}

pub async fn record(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(person): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let input = VisitInput {
        visit_date: parse_date(&f.get("visit_date")).ok().flatten(),
        kind: f.get("kind"),
        place: f.get("place"),
        outcome: f.get("outcome"),
        notes: f.get("notes"),
    };
    let outcome = st.ctx.visit_record(&a.actor, &person, &input).await;
    back(&person, outcome, "visit_recorded")
}

/// The plan form: `poverty_relief`, and per kind `goal_<kind>` and the
/// checkboxes `sub_<kind>`; a kind with neither is not in the plan.
pub async fn set_plan(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(person): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let goals = SupportKind::ALL
        .iter()
        .map(|k| GoalInput {
            kind: k.code().to_string(),
            sub_kinds: f.all(&format!("sub_{}", k.code())),
            goal: f.get(&format!("goal_{}", k.code())),
        })
        .filter(|g| !g.goal.trim().is_empty() || !g.sub_kinds.is_empty())
        .collect();
    let input = PlanInput {
        poverty_relief: f.get("poverty_relief") == "1",
        goals,
    };
    let outcome = st.ctx.support_plan_set(&a.actor, &person, &input).await;
    back(&person, outcome, "plan_saved")
}

pub async fn record_support(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(person): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let input = SupportInput {
        support_date: parse_date(&f.get("support_date")).ok().flatten(),
        kind: f.get("kind"),
        sub_kind: f.get("sub_kind"),
        provider: f.get("provider"),
        outcome: f.get("outcome"),
    };
    let outcome = st.ctx.support_record(&a.actor, &person, &input).await;
    back(&person, outcome, "support_recorded")
}
