//! Visits and support (走访帮扶) from the person's file: recording a visit,
//! setting the support plan (一人一策), recording support given. The file
//! draws the section.

use axum::Form;
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use jindu_domain::support::SupportKind;
use jindu_store::service::support::{GoalInput, PlanInput, SupportInput};
use jindu_store::service::visits::VisitInput;

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
    let input = VisitInput {
        visit_date: parse_date(&f.get("visit_date")).ok().flatten(),
        kind: f.get("kind"),
        place: f.get("place"),
        outcome: f.get("outcome"),
        notes: f.get("notes"),
    };
    let outcome = st.ctx.visit_record(&a.actor, &person, &input).await;
    back_to_file(&person, "visits", "verr", "visit_recorded", outcome)
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
    back_to_file(&person, "visits", "verr", "plan_saved", outcome)
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
    back_to_file(&person, "visits", "verr", "support_recorded", outcome)
}
