//! Leave (请假外出) from the person's file: recording a written report, the
//! officer's decision, the departure and return, and an absence found
//! without a report. The section itself is drawn by the person file.

use axum::Form;
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use jindu_store::service::ServiceError;
use jindu_store::service::leave::{AbsenceInput, LeaveDate, LeaveDecision, LeaveInput};

use super::back_to_file;
use super::choices::Pairs;
use super::parse_date;
use crate::error::WebResult;
use crate::middleware::Auth;
use crate::state::AppState;

/// The date fields of a form, or the i18n code of the first unreadable one.
fn dates<const N: usize>(
    f: &Pairs,
    names: [&str; N],
) -> Result<[Option<time::Date>; N], ServiceError> {
    let mut out = [None; N];
    for (slot, name) in out.iter_mut().zip(names) {
        *slot = parse_date(&f.get(name)).map_err(|c| ServiceError::invalid(name, c))?;
    }
    Ok(out)
}

pub async fn request(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(person): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let outcome = match dates(&f, ["from", "to", "requested_on"]) {
        Ok([from, to, requested_on]) => {
            let input = LeaveInput {
                from,
                to,
                destination: f.get("destination"),
                reason: f.get("reason"),
                requested_on,
            };
            st.ctx.leave_request(&a.actor, &person, &input).await
        }
        // Scope first: an unreadable date is reported only on a person
        // the actor may see.
        Err(e) => st.ctx.leave_of(&a.actor, &person).await.and(Err(e)),
    };
    back_to_file(&person, "leave", "lerr", "leave_requested", outcome)
}

pub async fn absence(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(person): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let outcome = match dates(&f, ["from", "to"]) {
        Ok([from, to]) => {
            st.ctx
                .absence_record(&a.actor, &person, &AbsenceInput { from, to })
                .await
        }
        Err(e) => st.ctx.leave_of(&a.actor, &person).await.and(Err(e)),
    };
    back_to_file(&person, "leave", "lerr", "absence_recorded", outcome)
}

pub async fn decide(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    // Scope first: a request outside it is not found, whatever the form says.
    let person = st.ctx.leave_person(&a.actor, &id).await?;
    let outcome = match dates(&f, ["on"]) {
        Ok([on]) => {
            let d = LeaveDecision {
                decision: f.get("decision"),
                on,
            };
            st.ctx.leave_decide(&a.actor, &id, &d).await.map(|_| ())
        }
        Err(e) => Err(e),
    };
    back_to_file(&person, "leave", "lerr", "leave_decided", outcome)
}

pub async fn depart(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let person = st.ctx.leave_person(&a.actor, &id).await?;
    let outcome = match dates(&f, ["on"]) {
        Ok([on]) => st
            .ctx
            .leave_depart(&a.actor, &id, &LeaveDate { on })
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    back_to_file(&person, "leave", "lerr", "leave_departed", outcome)
}

pub async fn come_back(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let person = st.ctx.leave_person(&a.actor, &id).await?;
    let outcome = match dates(&f, ["on"]) {
        Ok([on]) => st
            .ctx
            .leave_return(&a.actor, &id, &LeaveDate { on })
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    back_to_file(&person, "leave", "lerr", "leave_returned", outcome)
}
