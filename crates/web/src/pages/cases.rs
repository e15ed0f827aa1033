//! Drug cases (以打为主) in the browser: the list with the form to record
//! one (police), and a case's page with its suspects, seizures, stage and
//! trace tasks.

use askama::Template;
use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jindu_domain::authz::Permission;
use jindu_domain::enforcement::{
    CaseStage, CaseType, ObjectKind, ObjectRole, SeizureKind, SuspectRole,
};
use jindu_domain::register::DrugType;
use jindu_store::service::case_subjects::SubjectInput;
use jindu_store::service::cases::{
    CaseInput, CaseQuery, CaseView, SeizureInput, StageInput, SuspectInput,
};
use jindu_store::service::objects::{CaseObjectInput, ObjectView};
use jindu_store::service::trace::{TraceQuery, TraceView};
use jindu_store::service::{Page, ServiceError};
use serde::Deserialize;

use super::choices::{Choice, Pairs, choices};
use super::pager::Pager;
use super::{Chrome, FieldErrors, parse_date, render};
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

/// A case with its codes' labels for the templates.
pub struct CaseRow {
    pub v: CaseView,
    pub type_label: &'static str,
    pub stage_label: &'static str,
}

pub fn labelled(l: Lang, v: CaseView) -> CaseRow {
    CaseRow {
        type_label: CaseType::from_code(&v.case_type).map_or("", |t| l.label(t)),
        stage_label: CaseStage::from_code(&v.stage).map_or("", |s| l.label(s)),
        v,
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    stage: String,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[derive(Template)]
#[template(path = "cases.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<CaseRow>,
    pager: Pager,
    stages: Vec<Choice>,
    types: Vec<Choice>,
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
    let cq = CaseQuery {
        stage: Some(q.stage.clone()),
        person_id: None,
    };
    let (rows, total) = st.ctx.case_list(&a.actor, &cq, page).await?;
    let c = Chrome::for_user(st, a, info, "case.title", "nav.cases", "/cases").await;
    let pager = Pager::new("/cases", &[("stage".into(), q.stage.clone())], page, total);
    let l = info.lang;
    Ok(render(&ListPage {
        c,
        rows: rows.into_iter().map(|v| labelled(l, v)).collect(),
        pager,
        stages: choices::<CaseStage>(l, std::slice::from_ref(&q.stage)),
        types: choices::<CaseType>(l, &[f.get("case_type")]),
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

/// Records a case at the officer's own unit; the suspects are added on
/// the case's page.
pub async fn create(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let accepted = parse_date(&f.get("accepted_date"));
    let input = CaseInput {
        number: f.get("number"),
        case_type: f.get("case_type"),
        title: f.get("title"),
        org_unit_id: a.actor.org_unit_id.unwrap_or_default(),
        accepted_date: accepted.ok().flatten(),
        place: f.get("place"),
        handling_unit: f.get("handling_unit"),
        campaigns: f
            .get("campaigns")
            .split([',', '，', ' '])
            .filter(|t| !t.trim().is_empty())
            .map(str::to_string)
            .collect(),
        organised_crime: f.get("organised_crime") == "1",
        suspects: Vec::new(),
    };
    let result = match accepted {
        Err(code) => Err(ServiceError::invalid("accepted_date", code)),
        Ok(_) => st.ctx.case_create(&a.actor, &input).await,
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/cases/{id}")).into_response()),
        Err(e) => match FieldErrors::from_service(info.lang, &e) {
            Some(errors) => list_page(&st, &info, &a, &ListQuery::default(), errors, f).await,
            None => Err(WebError(e)),
        },
    }
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    c: Chrome,
    k: CaseRow,
    roles: Vec<(&'static str, &'static str)>,
    role_labels: Vec<(String, &'static str)>,
    drugs: Vec<Choice>,
    kinds: Vec<Choice>,
    later_stages: Vec<Choice>,
    traces: Vec<TraceView>,
    objects: Vec<ObjectView>,
    object_kinds: Vec<Choice>,
    can_edit: bool,
    error: String,
    today: String,
}

impl CasePage {
    fn role(&self, code: &str) -> &'static str {
        self.role_labels
            .iter()
            .find(|(c, _)| c == code)
            .map_or("", |(_, l)| l)
    }

    fn substance(&self, kind: &str, code: &str) -> String {
        match (kind, DrugType::from_code(code)) {
            ("drug", Some(d)) => self.c.l.label(d).to_string(),
            _ => code.to_string(),
        }
    }
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
    let v = st.ctx.case_get(&a.actor, &id).await?;
    let tq = TraceQuery {
        case_id: Some(id.clone()),
        ..Default::default()
    };
    let (traces, _) = st
        .ctx
        .trace_list(&a.actor, &tq, Page::new(Some(1), Some(100)))
        .await?;
    let objects = st.ctx.case_objects(&a.actor, &id).await?;
    let c = Chrome::for_user(
        &st,
        &a,
        &info,
        "case.title",
        "nav.cases",
        &format!("/cases/{id}"),
    )
    .await;
    let l = info.lang;
    let stage = CaseStage::from_code(&v.stage).unwrap_or(CaseStage::Closed);
    let later_stages = choices::<CaseStage>(l, &[])
        .into_iter()
        .filter(|s| CaseStage::from_code(s.code).is_some_and(|to| stage.advance(to).is_ok()))
        .collect();
    let error = if q.err.is_empty() {
        String::new()
    } else {
        l.err(&q.err).to_string()
    };
    Ok(render(&CasePage {
        roles: SuspectRole::ALL
            .iter()
            .map(|r| (r.code(), l.label(*r)))
            .collect(),
        role_labels: SuspectRole::ALL
            .iter()
            .map(|r| (r.code().to_string(), l.label(*r)))
            .collect(),
        drugs: choices::<DrugType>(l, &[]),
        kinds: choices::<SeizureKind>(l, &[]),
        later_stages,
        traces,
        objects,
        object_kinds: choices::<ObjectKind>(l, &[]),
        can_edit: a.actor.can(Permission::CaseWrite),
        k: labelled(l, v),
        c,
        error,
        today: st.ctx.today().to_string(),
    }))
}

/// Back to the case, with the refusal's code.
fn back(id: &str, r: Result<(), ServiceError>) -> WebResult<Response> {
    super::back_or_refused(&format!("/cases/{id}"), r)
}

/// Ties a phone, vehicle, venue or place to the case.
pub async fn tie_object(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let r = match parse_date(&f.get("on_date")) {
        Err(code) => Err(ServiceError::invalid("on_date", code)),
        Ok(on_date) => {
            let input = CaseObjectInput {
                kind: f.get("kind"),
                label: f.get("label"),
                on_date,
            };
            st.ctx
                .case_tie_object(&a.actor, &id, &input)
                .await
                .map(|_| ())
        }
    };
    back(&id, r)
}

/// Adds a suspect named by ID number.
pub async fn suspect(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    st.ctx.case_writable(&a.actor, &id).await?;
    let f = Pairs(pairs);
    let r = match st
        .ctx
        .case_person_by_id_number(&a.actor, &f.get("id_number"))
        .await
    {
        Ok(person) => {
            let s = SuspectInput {
                person_id: person,
                role: f.get("role"),
            };
            st.ctx.case_add_suspect(&a.actor, &id, &s).await
        }
        // Not on the register: with a name, a suspect off the register.
        Err(ServiceError::Invalid { code, .. })
            if code == "case.unknown_person" && !f.get("name").trim().is_empty() =>
        {
            let s = SubjectInput {
                name: f.get("name"),
                id_number: f.get("id_number"),
                role: f.get("role"),
            };
            st.ctx.case_add_subject(&a.actor, &id, &s).await.map(|_| ())
        }
        Err(e) => Err(e),
    };
    back(&id, r)
}

pub async fn seizure(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    st.ctx.case_writable(&a.actor, &id).await?;
    let f = Pairs(pairs);
    let kind = f.get("kind");
    let substance = if kind == "drug" {
        f.get("drug")
    } else {
        f.get("precursor")
    };
    let r = match (
        f.get("quantity").trim().parse::<f64>(),
        parse_date(&f.get("seized_date")),
    ) {
        (Err(_), _) => Err(ServiceError::invalid("quantity", "seizure.quantity")),
        (_, Err(code)) => Err(ServiceError::invalid("seized_date", code)),
        (Ok(quantity), Ok(on)) => {
            let input = SeizureInput {
                kind,
                substance,
                quantity,
                seized_date: on,
                place: f.get("place"),
            };
            st.ctx.case_seizure(&a.actor, &id, &input).await.map(|_| ())
        }
    };
    back(&id, r)
}

pub async fn stage(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    st.ctx.case_writable(&a.actor, &id).await?;
    let f = Pairs(pairs);
    let r = match parse_date(&f.get("on")) {
        Err(code) => Err(ServiceError::invalid("on", code)),
        Ok(on) => {
            let input = StageInput {
                stage: f.get("stage"),
                on,
            };
            st.ctx.case_stage(&a.actor, &id, &input).await
        }
    };
    back(&id, r)
}
