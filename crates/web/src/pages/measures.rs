//! Measures on the person's file: ordering one and recording its events.
//! The page itself (deadlines, timeline) is drawn by the person file.

use axum::Form;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jindu_domain::Event;
use jindu_domain::measures::{EndCause, PauseCause};
use jindu_domain::periods::Period;
use jindu_store::service::ServiceError;
use jindu_store::service::measures::MeasureOrder;
use serde::de::DeserializeOwned;

use super::choices::Pairs;
use super::parse_date;
use crate::error::{WebError, WebResult};
use crate::middleware::Auth;
use crate::state::AppState;

/// Back to the person's measures with a flash or an error code.
fn back(person: &str, outcome: Result<String, ServiceError>) -> WebResult<Response> {
    let q = match outcome {
        Ok(flash) => flash,
        Err(ServiceError::Invalid { code, .. }) | Err(ServiceError::Conflict { code, .. }) => {
            format!("merr={code}")
        }
        Err(e) => return Err(WebError(e)),
    };
    Ok(Redirect::to(&format!("/persons/{person}?{q}#measures")).into_response())
}

fn code<T: DeserializeOwned>(raw: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(raw.to_string())).ok()
}

pub async fn order(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(person): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let outcome = async {
        // Unreadable dates count as missing: the service reports them after
        // checking the person is the actor's to act on.
        let decided_on = parse_date(&f.get("decided_on")).ok().flatten();
        let served_on = parse_date(&f.get("served_on")).ok().flatten();
        let o = MeasureOrder {
            kind: f.get("kind"),
            decided_on,
            served_on,
            term_months: f.get("term_months").parse().ok(),
            after_rehab_refusal: f.get("after_rehab_refusal") == "1",
        };
        let (_, warnings) = st.ctx.measure_order(&a.actor, &person, &o).await?;
        let codes: Vec<&str> = warnings.iter().map(|w| w.code()).collect();
        Ok(if codes.is_empty() {
            "ok=ordered".to_string()
        } else {
            format!("ok=ordered&warn={}", codes.join(","))
        })
    }
    .await;
    back(&person, outcome)
}

/// Builds the domain event from the form; errors are i18n codes.
fn event_from(f: &Pairs) -> Result<Event, ServiceError> {
    let on = parse_date(&f.get("on"))
        .map_err(|c| ServiceError::invalid("on", c))?
        .ok_or_else(|| ServiceError::invalid("on", "field.required"))?;
    let invalid = || ServiceError::invalid("event", "field.invalid_code");
    let text = |k: &str| Some(f.get(k).trim().to_string()).filter(|s| !s.is_empty());
    Ok(match f.get("event").as_str() {
        "report_in" => Event::ReportIn {
            on,
            late_reason: text("late_reason"),
        },
        "deem_refused" => Event::DeemRefused { on },
        "report_refusal_to_police" => Event::ReportRefusalToPolice { on },
        "sign_agreement" => Event::SignAgreement { on },
        "pause" => Event::Pause {
            on,
            cause: code::<PauseCause>(&f.get("pause_cause")).ok_or_else(invalid)?,
        },
        "resume" => Event::Resume { on },
        "complete" => Event::Complete { on },
        "notify_police_of_release" => Event::NotifyPoliceOfRelease { on },
        "escape" => Event::Escape { on },
        "return" => Event::Return {
            on,
            recaptured: f.get("recaptured") == "1",
        },
        "extend" => {
            let months: u32 = f
                .get("extend_months")
                .parse()
                .map_err(|_| ServiceError::invalid("extend_months", "field.required"))?;
            Event::Extend {
                on,
                by: Period::Months(months),
            }
        }
        "early_release" => Event::EarlyRelease { on },
        "file_with_police" => Event::FileWithPolice { on },
        "terminate" => Event::Terminate {
            on,
            cause: code::<EndCause>(&f.get("end_cause")).ok_or_else(invalid)?,
        },
        _ => return Err(invalid()),
    })
}

pub async fn record(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(measure): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    // Scope first: a measure outside it is not found, whatever the form says.
    let person = st.ctx.measure_person(&a.actor, &measure).await?;
    let outcome = match event_from(&f) {
        Ok(ev) => st
            .ctx
            .measure_record(&a.actor, &measure, &ev)
            .await
            .map(|_| "ok=recorded".to_string()),
        Err(e) => Err(e),
    };
    back(&person, outcome)
}
