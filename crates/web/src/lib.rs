//! Jindu's web layer: server-rendered pages (zh-CN default, en) and the JSON
//! API under `/api/v1`, both over the same service layer.
#![forbid(unsafe_code)]
// The OpenAPI document is one `json!` literal, deeper than the default.
#![recursion_limit = "256"]

pub mod api;
pub mod error;
pub mod i18n;
pub mod middleware;
pub mod pages;
pub mod policy;
mod rate_limit;
pub mod sheets;
pub mod state;
mod static_files;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use jindu_store::service::Ctx;

use crate::pages::{
    account, analysis, assessments, attachments, audit, cases, dashboard, export, group, home,
    leads, leave, login, measure_import, measures, network, objects, orgs, outflow, paths,
    person_file, person_import, persons, queue, report, settings, suspects, test_import, tests,
    traces, transfers, users, visits,
};
use crate::state::AppState;

/// Deployment options of the web layer.
#[derive(Clone, Debug, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure` and send HSTS (set when served over TLS,
    /// directly or behind a terminating proxy).
    pub secure_cookies: bool,
}

/// Request bodies larger than this are refused, except on the uploads.
const BODY_LIMIT: usize = 5 * 1024 * 1024;
/// Uploads (documents, spreadsheets) are checked at 10 MB by their
/// handlers, which answer with the field's error; the body may be that plus
/// the multipart framing and the other fields.
const UPLOAD_LIMIT: usize = 10 * 1024 * 1024 + 64 * 1024;

/// The application router. Every route here must have an entry in
/// [`policy::ROUTES`]; the policy layer refuses any that does not.
pub fn app(ctx: Ctx, cfg: WebConfig) -> Router {
    let st = AppState {
        ctx,
        cfg,
        login_limiter: Arc::new(rate_limit::RateLimiter::new(30, 60_000)),
    };
    Router::new()
        .route("/healthz", get(api::healthz))
        .route("/livez", get(api::livez))
        .route("/static/{*file}", get(static_files::serve))
        .route("/login", get(login::login_form).post(login::login_submit))
        .route("/lang", post(login::set_lang))
        .route("/login/mfa", get(login::mfa_form).post(login::mfa_submit))
        .route(
            "/login/enrol",
            get(login::enrol_form).post(login::enrol_submit),
        )
        .route(
            "/login/password",
            get(login::password_form).post(login::password_submit),
        )
        .route("/logout", post(login::logout))
        .route("/", get(home::home))
        .route("/queue", get(queue::page))
        .route("/dashboard", get(dashboard::page))
        .route("/reports/monthly", get(report::page))
        .route("/reports/monthly.xlsx", get(report::xlsx))
        .route("/dashboard/{code}", get(dashboard::drill))
        .route("/api/v1/dashboard", get(api::indicators::dashboard))
        .route(
            "/api/v1/indicators/{code}/members",
            get(api::indicators::members),
        )
        .route("/settings", get(settings::list))
        .route("/settings/{key}", get(settings::edit).post(settings::amend))
        .route("/api/v1/settings", get(api::settings::list))
        .route("/api/v1/settings/{key}", post(api::settings::amend))
        .route("/measures/{id}/transfer", post(transfers::transfer))
        .route("/transfers/{id}", get(transfers::view))
        .route("/transfers/{id}/receive", post(transfers::receive))
        .route(
            "/api/v1/measures/{id}/transfer",
            post(api::transfers::transfer),
        )
        .route("/api/v1/transfers", get(api::transfers::incoming))
        .route("/api/v1/transfers/{id}", get(api::transfers::view))
        .route(
            "/api/v1/transfers/{id}/receive",
            post(api::transfers::receive),
        )
        .route("/persons/{id}/network", get(network::view))
        .route("/persons/{id}/group", get(group::view))
        .route("/persons/{id}/objects", post(network::tie_object))
        .route("/cases/{id}/objects", post(cases::tie_object))
        .route("/objects/{id}", get(objects::view))
        .route("/persons/{id}/paths", get(paths::form).post(paths::search))
        .route("/analysis", get(analysis::view))
        .route("/outflow", get(outflow::list).post(outflow::create))
        .route("/outflow/groups", get(outflow::groups))
        .route("/analysis/exact", post(analysis::exact))
        .route("/cases", get(cases::list).post(cases::create))
        .route("/cases/{id}", get(cases::view))
        .route("/cases/{id}/suspects", post(cases::suspect))
        .route("/cases/{id}/seizures", post(cases::seizure))
        .route("/cases/{id}/stage", post(cases::stage))
        .route("/leads", get(leads::list).post(leads::create))
        .route("/leads/{id}", get(leads::view))
        .route("/leads/{id}/state", post(leads::state))
        .route("/trace-tasks", get(traces::list))
        .route("/trace-tasks/{id}/close", post(traces::close))
        .route("/suspects", get(suspects::list).post(suspects::create))
        .route("/suspects/{id}", get(suspects::view))
        .route("/suspects/{id}/result", post(suspects::result))
        .route(
            "/persons/{id}/attachments",
            post(attachments::upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/attachments/{id}", get(attachments::download))
        .route(
            "/api/v1/persons/{id}/attachments",
            get(api::attachments_list)
                .post(attachments::upload_api)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/api/v1/attachments/{id}", get(attachments::download))
        .route("/api/v1/queue", get(api::queue))
        .route(
            "/api/v1/suspects",
            get(api::suspects_list).post(api::suspects_create),
        )
        .route(
            "/api/v1/cases",
            get(api::strike::cases_list).post(api::strike::cases_create),
        )
        .route("/api/v1/cases/{id}", get(api::strike::cases_get))
        .route(
            "/api/v1/cases/{id}/suspects",
            post(api::strike::cases_suspect),
        )
        .route(
            "/api/v1/cases/{id}/subjects",
            post(api::strike::cases_subject),
        )
        .route("/api/v1/cases/{id}/stage", post(api::strike::cases_stage))
        .route(
            "/api/v1/cases/{id}/seizures",
            post(api::strike::cases_seizure),
        )
        .route(
            "/api/v1/leads",
            get(api::leads::list).post(api::leads::create),
        )
        .route("/api/v1/leads/{id}", get(api::leads::get))
        .route("/api/v1/leads/{id}/state", post(api::leads::state))
        .route("/api/v1/trace-tasks", get(api::strike::traces_list))
        .route(
            "/api/v1/trace-tasks/{id}/close",
            post(api::strike::traces_close),
        )
        .route(
            "/api/v1/persons/{id}/objects",
            get(api::objects::of_person).post(api::objects::tie_person),
        )
        .route("/api/v1/cases/{id}/objects", post(api::objects::tie_case))
        .route("/api/v1/objects/{id}", get(api::objects::get))
        .route("/api/v1/persons/{id}/chain", get(api::strike::person_chain))
        .route("/api/v1/persons/{id}/path", get(api::strike::person_path))
        .route("/api/v1/persons/{id}/group", get(api::strike::person_group))
        .route("/api/v1/analysis/groups", get(api::strike::groups))
        .route(
            "/api/v1/analysis/key-persons",
            get(api::strike::key_persons),
        )
        .route(
            "/api/v1/outflow",
            get(api::outflow::list).post(api::outflow::create),
        )
        .route("/api/v1/outflow/groups", get(api::outflow::groups))
        .route(
            "/api/v1/analysis/key-persons/exact",
            post(api::strike::exact_start),
        )
        .route("/api/v1/suspects/{id}", get(api::suspects_get))
        .route("/api/v1/suspects/{id}/result", post(api::suspects_result))
        .route(
            "/api/v1/suspects/{id}/register",
            post(api::suspects_register),
        )
        .route("/account", get(account::show))
        .route("/account/password", post(account::password))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
        .route("/persons", get(persons::list).post(persons::create))
        .route("/persons/new", get(persons::new_form))
        .route(
            "/persons/export",
            get(export::masked).post(export::unmasked),
        )
        .route(
            "/persons/import",
            get(person_import::form)
                .post(person_import::submit)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/measures/import",
            get(measure_import::form)
                .post(measure_import::submit)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/tests/import",
            get(test_import::form)
                .post(test_import::submit)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/persons/{id}", get(person_file::view))
        .route("/persons/{id}/reveal", post(person_file::reveal))
        .route("/persons/{id}/control", post(person_file::update_control))
        .route("/persons/{id}/addiction", post(person_file::addiction))
        .route("/persons/{id}/measures", post(measures::order))
        .route("/persons/{id}/tests", post(tests::record))
        .route("/persons/{id}/police-reports", post(tests::report))
        .route("/persons/{id}/visits", post(visits::record))
        .route("/persons/{id}/assessments", post(assessments::record))
        .route("/persons/{id}/support-plan", post(visits::set_plan))
        .route("/persons/{id}/support", post(visits::record_support))
        .route("/measures/{id}/events", post(measures::record))
        .route("/persons/{id}/leave", post(leave::request))
        .route("/persons/{id}/absences", post(leave::absence))
        .route("/leave/{id}/decision", post(leave::decide))
        .route("/leave/{id}/departure", post(leave::depart))
        .route("/leave/{id}/return", post(leave::come_back))
        .route("/orgs", get(orgs::browse).post(orgs::create))
        .route("/orgs/{id}/rename", post(orgs::rename))
        .route("/orgs/{id}/move", post(orgs::move_unit))
        .route("/orgs/{id}/active", post(orgs::set_active))
        .route(
            "/orgs/import",
            get(orgs::import_form).post(orgs::import_submit),
        )
        .route("/users", get(users::list).post(users::create))
        .route("/users/new", get(users::new_form))
        .route("/users/{id}", get(users::view))
        .route("/users/{id}/action", post(users::action))
        .route("/users/{id}/role", post(users::set_role))
        .route("/users/{id}/scopes", post(users::set_scopes))
        .route("/audit", get(audit::page))
        .route("/api/v1/openapi.json", get(api::openapi::serve))
        .route(
            "/api/v1/session",
            post(api::session_create).delete(api::session_delete),
        )
        .route("/api/v1/me", get(api::me))
        .route(
            "/api/v1/persons",
            get(api::persons_list).post(api::persons_create),
        )
        .route("/api/v1/persons/export", get(api::persons_export))
        .route(
            "/api/v1/persons/{id}",
            get(api::persons_get).patch(api::persons_update),
        )
        .route("/api/v1/persons/{id}/history", get(api::persons_history))
        .route(
            "/api/v1/persons/{id}/addiction",
            post(api::addiction_record),
        )
        .route(
            "/api/v1/persons/{id}/measures",
            get(api::measures_list).post(api::measures_order),
        )
        .route("/api/v1/measures/{id}/events", post(api::measures_event))
        .route(
            "/api/v1/persons/import",
            post(api::persons_import).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/api/v1/measures/import",
            post(api::measures_import).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/api/v1/tests/import",
            post(api::tests_import).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/api/v1/persons/{id}/tests",
            get(api::tests_list).post(api::tests_record),
        )
        .route(
            "/api/v1/persons/{id}/leave",
            get(api::leave_list).post(api::leave_request),
        )
        .route("/api/v1/persons/{id}/absences", post(api::absence_record))
        .route("/api/v1/leave/{id}/decision", post(api::leave_decide))
        .route("/api/v1/leave/{id}/departure", post(api::leave_depart))
        .route("/api/v1/leave/{id}/return", post(api::leave_return))
        .route(
            "/api/v1/persons/{id}/police-reports",
            post(api::police_report_record),
        )
        .route(
            "/api/v1/persons/{id}/assessments",
            get(api::assessments_list).post(api::assessments_record),
        )
        .route(
            "/api/v1/persons/{id}/visits",
            get(api::visits_list).post(api::visits_record),
        )
        .route(
            "/api/v1/persons/{id}/support-plan",
            get(api::support_plan_get).put(api::support_plan_put),
        )
        .route(
            "/api/v1/persons/{id}/support",
            get(api::support_list).post(api::support_record),
        )
        .route("/api/v1/persons/{id}/reveal", post(api::persons_reveal))
        .route("/api/v1/org-units", get(api::org_units))
        .route("/api/v1/org-units/{id}", get(api::org_unit))
        .route("/api/v1/audit", get(api::audit))
        .route_layer(from_fn(middleware::enforce_policy))
        .fallback(fallback)
        .layer(from_fn_with_state(st.clone(), middleware::csrf))
        .layer(from_fn_with_state(st.clone(), middleware::authenticate))
        .layer(from_fn_with_state(st.clone(), middleware::request_info))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(on_panic))
        .with_state(st)
}

async fn fallback() -> axum::response::Response {
    error::mark(axum::http::StatusCode::NOT_FOUND, "not_found")
}

/// A panic in a handler answers 500 and the process keeps serving.
fn on_panic(_: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    tracing::error!("handler panicked");
    error::mark(axum::http::StatusCode::INTERNAL_SERVER_ERROR, "internal")
}

/// Serves until Ctrl-C or SIGTERM (a service manager's stop), finishing the
/// requests in flight.
pub async fn serve(
    ctx: Ctx,
    cfg: WebConfig,
    listener: tokio::net::TcpListener,
) -> std::io::Result<()> {
    let app = app(ctx, cfg).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(t) => t,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
