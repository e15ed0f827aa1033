//! The JSON API under `/api/v1`: the same services, authorization and audit
//! as the pages. Sessions come from `POST /api/v1/session` (cookie plus a
//! CSRF token for unsafe calls) or from an API token (`Authorization:
//! Bearer …`, no CSRF needed: nothing ambient).

mod imports;
pub mod indicators;
pub mod leads;
pub mod objects;
pub mod openapi;
pub mod outflow;
pub mod settings;
pub mod strike;
pub mod transfers;

pub use imports::{measures_import, persons_import, tests_import};

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Extension, FromRequest, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jindu_domain::authz::Permission;
use jindu_store::audit::AuditFilter;
use jindu_store::service::auth::LoginMode;
use jindu_store::service::persons::{PersonInput, PersonQuery};
use jindu_store::service::{Page, ServiceError};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::error::status_of;
use crate::middleware::{Auth, ReqInfo, SESSION_COOKIE, set_cookie};
use crate::state::AppState;

/// A JSON body whose rejection (bad JSON, unknown or missing fields) is a
/// problem body in our format, not the framework's plain text.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let request_id = req
            .extensions()
            .get::<ReqInfo>()
            .map(|i| i.request_id.clone())
            .unwrap_or_default();
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rej) => {
                let (code, status) = match &rej {
                    JsonRejection::MissingJsonContentType(_) => {
                        ("unsupported_media_type", StatusCode::UNSUPPORTED_MEDIA_TYPE)
                    }
                    JsonRejection::JsonDataError(_) => {
                        ("invalid_input", StatusCode::UNPROCESSABLE_ENTITY)
                    }
                    _ => ("invalid_json", StatusCode::BAD_REQUEST),
                };
                Err((status, Json(json!({ "error": code, "message": rej.body_text(), "request_id": request_id }))).into_response())
            }
        }
    }
}

/// An error answer of the API (boxed: a response is large).
pub struct ApiError(Box<Response>);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        *self.0
    }
}

/// A service error as a JSON problem response (for handlers outside this
/// module).
pub fn problem_response(info: &ReqInfo, e: ServiceError) -> Response {
    problem(info, e).into_response()
}

/// A service error as a JSON problem, with field errors when there are some.
pub(crate) fn problem(info: &ReqInfo, e: ServiceError) -> ApiError {
    if let ServiceError::Internal(err) = &e {
        tracing::error!(error = %err, request_id = %info.request_id, "internal error");
    }
    let l = info.lang;
    let mut body =
        json!({ "error": e.code(), "message": l.err(&e.code()), "request_id": info.request_id });
    match &e {
        ServiceError::Fields(list) => {
            body["fields"] = list
                .iter()
                .map(|(f, c)| json!({ "field": f, "code": c, "message": l.err(c) }))
                .collect();
        }
        ServiceError::Invalid { field, code } => {
            body["fields"] = json!([{ "field": field, "code": code, "message": l.err(code) }]);
        }
        ServiceError::Conflict {
            existing: Some(id), ..
        } => body["existing"] = json!(format!("/api/v1/persons/{id}")),
        ServiceError::Internal(_) => body["message"] = json!(l.t("err.internal")),
        _ => {}
    }
    ApiError(Box::new((status_of(&e), Json(body)).into_response()))
}

pub(crate) type ApiResult = Result<Response, ApiError>;

pub(crate) fn ok(v: Value) -> ApiResult {
    Ok(Json(v).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionBody {
    username: String,
    password: String,
    #[serde(default)]
    totp: Option<String>,
}

pub async fn session_create(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    ApiJson(b): ApiJson<SessionBody>,
) -> ApiResult {
    if !st.login_limiter.allow(&info.client.addr, st.ctx.now_ms()) {
        return Err(problem(&info, ServiceError::RateLimited));
    }
    let out = st
        .ctx
        .login(
            &b.username,
            &b.password,
            b.totp.as_deref(),
            LoginMode::OneShot,
            &info.client,
        )
        .await
        .map_err(|e| problem(&info, e))?;
    let session = jindu_store::sessions::get(
        &st.ctx.db,
        &jindu_store::crypto::sha256(out.token.as_bytes()),
    )
    .await
    .map_err(|e| problem(&info, e.into()))?
    .ok_or_else(|| problem(&info, ServiceError::Unauthenticated))?;
    let user = jindu_store::users::get(&st.ctx.db, out.user_id)
        .await
        .map_err(|e| problem(&info, e.into()))?;
    let mut resp = (
        StatusCode::CREATED,
        Json(json!({
            "csrf_token": session.csrf_token,
            "user": { "id": user.id, "username": user.username, "display_name": user.display_name, "role": user.role.code() },
            "idle_timeout_minutes": st.ctx.policy.idle_timeout_minutes,
        })),
    )
        .into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, &out.token, None, st.cfg.secure_cookies),
    );
    Ok(resp)
}

pub async fn session_delete(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
) -> ApiResult {
    if let Some(s) = &a.session {
        st.ctx
            .logout(s, &a.actor)
            .await
            .map_err(|e| problem(&info, e))?;
    }
    let mut resp = StatusCode::NO_CONTENT.into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", Some(0), st.cfg.secure_cookies),
    );
    Ok(resp)
}

pub async fn me(Extension(a): Extension<Auth>) -> ApiResult {
    let x = &a.actor;
    ok(json!({
        "id": x.user_id,
        "username": x.username,
        "display_name": x.display_name,
        "role": x.role.code(),
        "permissions": x.role.permissions(),
        "org_unit_id": x.org_unit_id,
        "locale": x.locale,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonListQuery {
    page: Option<i64>,
    per_page: Option<i64>,
    /// Exports only: xlsx (default) or csv.
    format: Option<String>,
    name: Option<String>,
    id_number: Option<String>,
    sex: Option<String>,
    unit: Option<i64>,
    registered_from: Option<time::Date>,
    registered_to: Option<time::Date>,
    status: Option<String>,
    risk_level: Option<String>,
    tag: Option<String>,
    sort: Option<String>,
}

impl PersonListQuery {
    fn filters(&self) -> PersonQuery {
        PersonQuery {
            name: self.name.clone(),
            id_number: self.id_number.clone(),
            sex: self.sex.clone(),
            unit: self.unit,
            registered_from: self.registered_from,
            registered_to: self.registered_to,
            status: self.status.clone(),
            risk_level: self.risk_level.clone(),
            tag: self.tag.clone(),
            sort: self.sort.clone(),
        }
    }
}

pub async fn persons_list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    q: Result<Query<PersonListQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    let Query(q) =
        q.map_err(|_| problem(&info, ServiceError::invalid("query", "invalid_query")))?;
    let page = Page::new(q.page, q.per_page);
    let pq = q.filters();
    let (items, total) = st
        .ctx
        .person_list(&a.actor, &pq, page)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "items": items, "total": total, "page": page.page, "per_page": page.per_page }))
}

/// The list as a masked .xlsx (default) or .csv file; audited.
pub async fn persons_export(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    q: Result<Query<PersonListQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    let Query(q) =
        q.map_err(|_| problem(&info, ServiceError::invalid("query", "invalid_query")))?;
    let pq = q.filters();
    let e = st
        .ctx
        .person_export(&a.actor, &pq, None)
        .await
        .map_err(|e| problem(&info, e))?;
    crate::pages::export::download(info.lang, &e, q.format.as_deref().unwrap_or("xlsx"))
        .map_err(|e| problem(&info, e.0))
}

pub async fn persons_create(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    ApiJson(input): ApiJson<PersonInput>,
) -> ApiResult {
    let id = st
        .ctx
        .person_register(&a.actor, &input)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/persons/{id}"))],
        Json(json!({ "id": id })),
    )
        .into_response())
}

pub async fn persons_get(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> ApiResult {
    let view = st
        .ctx
        .person_view(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(view))
}

/// Changes the register fields; answers with the names of those changed.
pub async fn persons_update(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(u): ApiJson<jindu_store::service::register::RegisterPatch>,
) -> ApiResult {
    let changed = st
        .ctx
        .person_patch_register(&a.actor, &id, &u)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "id": id, "changed": changed }))
}

/// Who created and changed the record, when, and which fields.
pub async fn persons_history(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> ApiResult {
    // Reading the history is reading the record: audited as a view.
    st.ctx
        .person_view(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    let items = st
        .ctx
        .person_history(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "items": items, "total": items.len() }))
}

/// A person's measures with their deadlines and events (audited as a view
/// of the person).
pub async fn measures_list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> ApiResult {
    st.ctx
        .person_view(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    let items = st
        .ctx
        .measures_of(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "items": items, "total": items.len() }))
}

/// Orders a measure; answers with its id and the warnings to weigh.
pub async fn measures_order(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(o): ApiJson<jindu_store::service::measures::MeasureOrder>,
) -> ApiResult {
    let (mid, warnings) = st
        .ctx
        .measure_order(&a.actor, &id, &o)
        .await
        .map_err(|e| problem(&info, e))?;
    let warnings: Vec<serde_json::Value> = warnings
        .iter()
        .map(|w| json!({ "code": w.code(), "message": w.message_zh(), "basis": w.basis() }))
        .collect();
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": mid, "warnings": warnings })),
    )
        .into_response())
}

/// Records an event of a measure (`{"event": "report_in", "on": "2026-11-01", …}`).
pub async fn measures_event(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(ev): ApiJson<jindu_domain::Event>,
) -> ApiResult {
    let view = st
        .ctx
        .measure_record(&a.actor, &id, &ev)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(view))
}

/// A person's tests, schedule, counters and police flags (audited as a
/// view of the person).
pub async fn tests_list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> ApiResult {
    st.ctx
        .person_view(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    let v = st
        .ctx
        .tests_of(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(v))
}

pub async fn tests_record(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(t): ApiJson<jindu_store::service::drug_tests::TestInput>,
) -> ApiResult {
    let tid = st
        .ctx
        .test_record(&a.actor, &id, &t)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((StatusCode::CREATED, Json(json!({ "id": tid }))).into_response())
}

/// A person's leave requests, unreported absences and what counts against
/// JDTL 20 (audited as a view of the person).
pub async fn leave_list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> ApiResult {
    st.ctx
        .person_view(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    let v = st
        .ctx
        .leave_of(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(v))
}

/// Records a written leave report (JDTL 19).
pub async fn leave_request(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<jindu_store::service::leave::LeaveInput>,
) -> ApiResult {
    let lid = st
        .ctx
        .leave_request(&a.actor, &id, &b)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((StatusCode::CREATED, Json(json!({ "id": lid }))).into_response())
}

/// Approves or refuses a request (`{"decision": "approve"|"refuse"}`).
pub async fn leave_decide(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<jindu_store::service::leave::LeaveDecision>,
) -> ApiResult {
    let v = st
        .ctx
        .leave_decide(&a.actor, &id, &b)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(v))
}

pub async fn leave_depart(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<jindu_store::service::leave::LeaveDate>,
) -> ApiResult {
    let v = st
        .ctx
        .leave_depart(&a.actor, &id, &b)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(v))
}

pub async fn leave_return(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<jindu_store::service::leave::LeaveDate>,
) -> ApiResult {
    let v = st
        .ctx
        .leave_return(&a.actor, &id, &b)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(v))
}

/// Records an absence found without any report.
pub async fn absence_record(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<jindu_store::service::leave::AbsenceInput>,
) -> ApiResult {
    let aid = st
        .ctx
        .absence_record(&a.actor, &id, &b)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((StatusCode::CREATED, Json(json!({ "id": aid }))).into_response())
}

/// Records the police's addiction determination (CYRD 4, 6) on a person.
pub async fn addiction_record(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<jindu_store::service::addiction::AddictionInput>,
) -> ApiResult {
    st.ctx
        .person_addiction(&a.actor, &id, &b)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A person's visits (notes included), the next visit due and the
/// lost-contact hint (audited as a view of the person).
pub async fn visits_list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> ApiResult {
    st.ctx
        .person_view(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    let v = st
        .ctx
        .visits_of(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(v))
}

pub async fn visits_record(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(v): ApiJson<jindu_store::service::visits::VisitInput>,
) -> ApiResult {
    let vid = st
        .ctx
        .visit_record(&a.actor, &id, &v)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((StatusCode::CREATED, Json(json!({ "id": vid }))).into_response())
}

/// The person's support plan, `{"plan": null}` when none was set (audited
/// as a view of the person).
pub async fn support_plan_get(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> ApiResult {
    st.ctx
        .person_view(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    let plan = st
        .ctx
        .support_plan_of(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "plan": plan }))
}

/// Sets (creates or replaces) the person's support plan.
pub async fn support_plan_put(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(p): ApiJson<jindu_store::service::support::PlanInput>,
) -> ApiResult {
    let plan = st
        .ctx
        .support_plan_set(&a.actor, &id, &p)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "plan": plan }))
}

/// The person's support records (audited as a view of the person).
pub async fn support_list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> ApiResult {
    st.ctx
        .person_view(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    let items = st
        .ctx
        .support_records_of(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "items": items, "total": items.len() }))
}

pub async fn support_record(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<jindu_store::service::support::SupportInput>,
) -> ApiResult {
    let rid = st
        .ctx
        .support_record(&a.actor, &id, &r)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((StatusCode::CREATED, Json(json!({ "id": rid }))).into_response())
}

/// A person's assessments and self-reports (notes included) with the
/// schedule of the running community measure (audited as a view of the
/// person).
pub async fn assessments_list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> ApiResult {
    st.ctx
        .person_view(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    let v = st
        .ctx
        .assessments_of(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(v))
}

pub async fn assessments_record(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<jindu_store::service::assessments::AssessmentInput>,
) -> ApiResult {
    let aid = st
        .ctx
        .assessment_record(&a.actor, &id, &b)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((StatusCode::CREATED, Json(json!({ "id": aid }))).into_response())
}

/// Records the report of a police flag (JDTL 21).
pub async fn police_report_record(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<jindu_store::service::police_reports::PoliceReportInput>,
) -> ApiResult {
    let rid = st
        .ctx
        .police_report_record(&a.actor, &id, &b)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((StatusCode::CREATED, Json(json!({ "id": rid }))).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    unit: Option<i64>,
}

/// The actor's work queue, optionally narrowed to one unit's items, with
/// the counts per unit below the actor's for supervisors.
pub async fn queue(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Query(q): Query<QueueQuery>,
) -> ApiResult {
    let v = st
        .ctx
        .queue_view(&a.actor, q.unit)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({
        "items": v.items,
        "total": v.items.len(),
        "groups": jindu_store::service::work_queue::QUEUE_GROUPS,
        "by_unit": v.by_unit.as_ref().map(|b| &b.rows),
        "caseload_setting": v.by_unit.and_then(|b| b.caseload),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuspectQuery {
    page: Option<i64>,
    per_page: Option<i64>,
    #[serde(default)]
    pending: bool,
}

pub async fn suspects_list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    q: Result<Query<SuspectQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    let Query(q) =
        q.map_err(|_| problem(&info, ServiceError::invalid("query", "invalid_query")))?;
    let page = Page::new(q.page, q.per_page);
    let (items, total) = st
        .ctx
        .suspect_list(&a.actor, q.pending, page)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "items": items, "total": total, "page": page.page, "per_page": page.per_page }))
}

pub async fn suspects_create(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    ApiJson(input): ApiJson<jindu_store::service::suspects::SuspectInput>,
) -> ApiResult {
    let id = st
        .ctx
        .suspect_create(&a.actor, &input)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

pub async fn suspects_get(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> ApiResult {
    let v = st
        .ctx
        .suspect_get(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(v))
}

pub async fn suspects_result(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<jindu_store::service::suspects::SuspectResult>,
) -> ApiResult {
    st.ctx
        .suspect_result(&a.actor, &id, &r)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "id": id, "result": r.result }))
}

/// Registers a positive suspect: the body gives the residence and the rest
/// of the registration; name and ID number come from the suspect.
pub async fn suspects_register(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PersonInput>,
) -> ApiResult {
    let person = st
        .ctx
        .suspect_register(&a.actor, &id, &input)
        .await
        .map_err(|e| problem(&info, e))?;
    Ok((StatusCode::CREATED, Json(json!({ "id": person }))).into_response())
}

/// The documents of a person's file (metadata; audited as a view).
pub async fn attachments_list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> ApiResult {
    st.ctx
        .person_view(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    let items = st
        .ctx
        .attachments_of(&a.actor, &id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "items": items, "total": items.len() }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevealBody {
    reason: String,
}

pub async fn persons_reveal(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<RevealBody>,
) -> ApiResult {
    let (_, r) = st
        .ctx
        .person_reveal(&a.actor, &id, &b.reason)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!(r))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgQuery {
    parent: Option<i64>,
}

pub async fn org_units(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    q: Result<Query<OrgQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    let Query(q) =
        q.map_err(|_| problem(&info, ServiceError::invalid("query", "invalid_query")))?;
    let items: Vec<Value> = st
        .ctx
        .org_children(&a.actor, q.parent)
        .await
        .map_err(|e| problem(&info, e))?
        .into_iter()
        .map(|(u, n)| json!({ "id": u.id, "parent_id": u.parent_id, "level": u.level, "code": u.code, "name": u.name, "active": u.active, "children": n }))
        .collect();
    ok(json!({ "items": items, "total": items.len() }))
}

pub async fn org_unit(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<i64>,
) -> ApiResult {
    let u = st
        .ctx
        .org_get(&a.actor, id)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(
        json!({ "id": u.id, "parent_id": u.parent_id, "level": u.level, "code": u.code, "name": u.name, "active": u.active }),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    page: Option<i64>,
    per_page: Option<i64>,
    username: Option<String>,
    event: Option<String>,
    object_type: Option<String>,
    object_id: Option<String>,
    from_ms: Option<i64>,
    to_ms: Option<i64>,
}

pub async fn audit(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    q: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    let Query(q) =
        q.map_err(|_| problem(&info, ServiceError::invalid("query", "invalid_query")))?;
    if !a.actor.can(Permission::AuditRead) {
        return Err(problem(&info, ServiceError::Forbidden));
    }
    let page = Page::new(q.page, q.per_page);
    let f = AuditFilter {
        username: q.username,
        event: q.event,
        object_type: q.object_type,
        object_id: q.object_id,
        from_ms: q.from_ms,
        to_ms: q.to_ms,
        // The service applies the actor's scope.
        scope: None,
    };
    let (items, total) = st
        .ctx
        .audit_search(&a.actor, &f, page)
        .await
        .map_err(|e| problem(&info, e))?;
    ok(json!({ "items": items, "total": total, "page": page.page, "per_page": page.per_page }))
}

/// Liveness: the process answers, without touching the database (a
/// supervisor restarts on failure here, and the benchmarks use it as the
/// trivial handler of performance.md). Readiness is `/healthz`.
pub async fn livez() -> &'static str {
    "ok"
}

pub async fn healthz(State(st): State<AppState>) -> Response {
    match st
        .ctx
        .db
        .scalar_i64(jindu_store::Q::new(
            "SELECT COUNT(*) FROM schema_migrations",
        ))
        .await
    {
        Ok(_) => Json(json!({ "status": "ok" })).into_response(),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable" })),
        )
            .into_response(),
    }
}
