//! Change of execution place (JDTL 22): the sending office's transfer form
//! on the person's file, and the receiving office's page for a person it
//! expects, where it records the report at the new place.

use askama::Template;
use axum::Form;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jindu_store::service::ServiceError;
use jindu_store::service::transfers::{IncomingView, ReceiveInput, TransferInput};

use super::choices::Pairs;
use super::{Chrome, FieldErrors, parse_date, render};
use crate::error::{WebError, WebResult};
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

/// The sending office records the transfer from the measure on the file.
pub async fn transfer(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(measure): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let person = st.ctx.measure_person(&a.actor, &measure).await?;
    let outcome = match parse_date(&f.get("on")) {
        Ok(on) => st
            .ctx
            .measure_transfer(
                &a.actor,
                &measure,
                &TransferInput {
                    on,
                    to_unit: f.get("to_unit"),
                },
            )
            .await
            .map(|_| ()),
        Err(code) => Err(ServiceError::invalid("on", code)),
    };
    super::back_to_file(&person, "measures", "merr", "transferred", outcome)
}

#[derive(Template)]
#[template(path = "transfer.html")]
struct TransferPage {
    c: Chrome,
    t: IncomingView,
    kind: String,
    today: String,
    unit: String,
    errors: FieldErrors,
}

async fn page(
    st: &AppState,
    info: &ReqInfo,
    a: &Auth,
    measure: &str,
    form: Option<(String, ServiceError)>,
) -> WebResult<Response> {
    let l = info.lang;
    let t = st.ctx.transfer_view(&a.actor, measure).await?;
    let path = format!("/transfers/{measure}");
    let c = Chrome::for_user(st, a, info, "transfer.title", "nav.queue", &path).await;
    let (unit, errors) = match form {
        Some((unit, e)) => (unit, FieldErrors::from_service(l, &e).ok_or(WebError(e))?),
        None => (String::new(), FieldErrors::default()),
    };
    Ok(render(&TransferPage {
        c,
        kind: l.tf("measure.kind", &t.kind).to_string(),
        today: st.ctx.today().to_string(),
        t,
        unit,
        errors,
    }))
}

pub async fn view(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(measure): Path<String>,
) -> WebResult<Response> {
    page(&st, &info, &a, &measure, None).await
}

/// The receiving office records the report at the new place; the person
/// then opens in its scope.
pub async fn receive(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(measure): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let unit = f.get("unit");
    let outcome = match parse_date(&f.get("on")) {
        Ok(on) => {
            st.ctx
                .transfer_receive(
                    &a.actor,
                    &measure,
                    &ReceiveInput {
                        on,
                        unit: unit.clone(),
                    },
                )
                .await
        }
        Err(code) => Err(ServiceError::invalid("on", code)),
    };
    match outcome {
        Ok(person) => {
            Ok(Redirect::to(&format!("/persons/{person}?ok=received#measures")).into_response())
        }
        Err(e @ (ServiceError::Invalid { .. } | ServiceError::Fields(_))) => {
            page(&st, &info, &a, &measure, Some((unit, e))).await
        }
        Err(e) => Err(WebError(e)),
    }
}
