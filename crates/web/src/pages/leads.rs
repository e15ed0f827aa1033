//! Leads (线索) in the browser: the list with the form to record one
//! (police), and a lead's page with its narrative and the next step.

use askama::Template;
use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jindu_domain::authz::Permission;
use jindu_domain::enforcement::{Cooperation, LeadSource, LeadState, Reliability};
use jindu_store::service::leads::{LeadInput, LeadStateInput, LeadView};
use jindu_store::service::{Page, ServiceError};
use serde::Deserialize;

use super::choices::{Choice, Pairs, choices};
use super::pager::Pager;
use super::{Chrome, FieldErrors, parse_date, render};
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

/// A lead with its codes' labels.
pub struct LeadRow {
    pub v: LeadView,
    pub source: &'static str,
    pub reliability: &'static str,
    pub state: &'static str,
    pub cooperation: &'static str,
}

fn labelled(l: Lang, v: LeadView) -> LeadRow {
    LeadRow {
        source: LeadSource::from_code(&v.source).map_or("", |x| l.label(x)),
        reliability: Reliability::from_code(&v.reliability).map_or("", |x| l.label(x)),
        state: LeadState::from_code(&v.state).map_or("", |x| l.label(x)),
        cooperation: Cooperation::from_code(&v.cooperation).map_or("", |x| l.label(x)),
        v,
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    state: String,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[derive(Template)]
#[template(path = "leads.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<LeadRow>,
    pager: Pager,
    states: Vec<Choice>,
    sources: Vec<Choice>,
    reliabilities: Vec<Choice>,
    cooperations: Vec<Choice>,
    can_create: bool,
    errors: FieldErrors,
    f: Pairs,
    today: String,
}

async fn list_page(
    st: &AppState,
    info: &ReqInfo,
    a: &Auth,
    q: &ListQuery,
    errors: FieldErrors,
    f: Pairs,
) -> WebResult<Response> {
    let page = Page::new(q.page, q.per_page);
    let (rows, total) = st.ctx.lead_list(&a.actor, Some(&q.state), page).await?;
    let c = Chrome::for_user(st, a, info, "lead.title", "nav.leads", "/leads").await;
    let pager = Pager::new("/leads", &[("state".into(), q.state.clone())], page, total);
    let l = info.lang;
    Ok(render(&ListPage {
        c,
        rows: rows.into_iter().map(|v| labelled(l, v)).collect(),
        pager,
        states: choices::<LeadState>(l, std::slice::from_ref(&q.state)),
        sources: choices::<LeadSource>(l, &[f.get("source")]),
        reliabilities: choices::<Reliability>(l, &[f.get("reliability")]),
        cooperations: choices::<Cooperation>(l, &[f.get("cooperation")]),
        can_create: a.actor.can(Permission::CaseWrite),
        errors,
        f,
        today: st.ctx.today().to_string(),
    }))
}

pub async fn list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Query(q): Query<ListQuery>,
) -> WebResult<Response> {
    list_page(
        &st,
        &info,
        &a,
        &q,
        FieldErrors::default(),
        Pairs(Vec::new()),
    )
    .await
}

pub async fn create(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let received = parse_date(&f.get("received_date"));
    let due = parse_date(&f.get("due_date"));
    let input = LeadInput {
        source: f.get("source"),
        reliability: f.get("reliability"),
        summary: f.get("summary"),
        content: f.get("content"),
        org_unit_id: None,
        received_date: received.ok().flatten(),
        due_date: due.ok().flatten(),
        assignee_id: None,
        cooperation: Some(f.get("cooperation")),
        partner: f.get("partner"),
    };
    let result = match (received, due) {
        (Err(code), _) => Err(ServiceError::invalid("received_date", code)),
        (_, Err(code)) => Err(ServiceError::invalid("due_date", code)),
        _ => st.ctx.lead_create(&a.actor, &input).await,
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/leads/{id}")).into_response()),
        Err(e) => match FieldErrors::from_service(info.lang, &e) {
            Some(errors) => list_page(&st, &info, &a, &ListQuery::default(), errors, f).await,
            None => Err(WebError(e)),
        },
    }
}

#[derive(Template)]
#[template(path = "lead.html")]
struct LeadPage {
    c: Chrome,
    k: LeadRow,
    next: Vec<Choice>,
    can_edit: bool,
    error: String,
}

#[derive(Deserialize, Default)]
pub struct ViewQuery {
    #[serde(default)]
    err: String,
}

pub async fn view(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Query(q): Query<ViewQuery>,
) -> WebResult<Response> {
    let v = st.ctx.lead_get(&a.actor, &id).await?;
    let c = Chrome::for_user(
        &st,
        &a,
        &info,
        "lead.title",
        "nav.leads",
        &format!("/leads/{id}"),
    )
    .await;
    let l = info.lang;
    let at = LeadState::from_code(&v.state).unwrap_or(LeadState::Dismissed);
    // The states a step may reach (the reason or case is checked on save).
    let next = choices::<LeadState>(l, &[])
        .into_iter()
        .filter(|s| {
            LeadState::from_code(s.code)
                .is_some_and(|to| at.advance(to, "核查后排除", true).is_ok())
        })
        .collect();
    let error = if q.err.is_empty() {
        String::new()
    } else {
        l.err(&q.err).to_string()
    };
    Ok(render(&LeadPage {
        c,
        k: labelled(l, v),
        next,
        can_edit: a.actor.can(Permission::CaseWrite),
        error,
    }))
}

/// The next step: a dismissal's reason, or the number of the case filed
/// (found among the cases the officer can see).
pub async fn state(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    // Out of reach is not found, whatever the form holds.
    st.ctx.lead_get_writable(&a.actor, &id).await?;
    let f = Pairs(pairs);
    let number = f.get("case_number");
    let case_id = if number.trim().is_empty() {
        Ok(None)
    } else {
        st.ctx.case_id_by_number(&a.actor, &number).await.map(Some)
    };
    let result = match case_id {
        Ok(case_id) => {
            let input = LeadStateInput {
                state: f.get("state"),
                reason: Some(f.get("reason")),
                case_id,
            };
            st.ctx.lead_state(&a.actor, &id, &input).await
        }
        Err(e) => Err(e),
    };
    super::back_or_refused(&format!("/leads/{id}"), result)
}
