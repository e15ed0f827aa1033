//! Server-rendered pages. Each page is an askama template whose struct holds
//! a [`Chrome`] (the frame: top bar, breadcrumbs, navigation) and its own data.

pub mod account;
pub mod analysis;
pub mod assessments;
pub mod attachments;
pub mod audit;
pub mod cases;
pub mod charts;
pub mod choices;
pub mod dashboard;
pub mod error;
pub mod export;
pub mod group;
pub mod home;
pub mod import;
pub mod leads;
pub mod leave;
pub mod login;
pub mod measure_import;
pub mod measures;
pub mod network;
pub mod network_svg;
pub mod objects;
pub mod orgs;
pub mod outflow;
pub mod pager;
pub mod paths;
pub mod person_file;
pub mod person_import;
pub mod persons;
pub mod queue;
pub mod report;
pub mod settings;
pub mod suspects;
pub mod test_import;
pub mod tests;
pub mod timeline;
pub mod traces;
pub mod transfers;
pub mod users;
pub mod visits;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use jindu_domain::authz::Permission;
use jindu_store::org;

use crate::i18n::Lang;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

pub struct UserBar {
    pub name: String,
    pub role: &'static str,
}

pub struct NavItem {
    pub label: &'static str,
    pub href: &'static str,
    pub active: bool,
}

pub struct NavGroup {
    pub title: &'static str,
    pub items: Vec<NavItem>,
}

/// The page frame shared by every page.
pub struct Chrome {
    pub l: Lang,
    pub title: String,
    pub user: Option<UserBar>,
    /// The org unit of the signed-in user, from the city down.
    pub crumbs: Vec<String>,
    pub nav: Vec<NavGroup>,
    pub csrf: String,
    /// Where the language switch returns to.
    pub path: String,
    pub flash: Option<&'static str>,
}

/// The navigation, grouped by the pillars of the speech; only modules that
/// exist and that the role may use are shown.
fn nav(l: Lang, auth: &Auth, active: &str) -> Vec<NavGroup> {
    let a = &auth.actor;
    let item = |key: &'static str, href: &'static str| NavItem {
        label: l.t(key),
        href,
        active: key == active,
    };
    let mut home = vec![item("nav.home", "/")];
    if a.can(Permission::DashboardRead) {
        home.push(item("nav.dashboard", "/dashboard"));
        home.push(item("nav.report", "/reports/monthly"));
    }
    let mut groups = vec![NavGroup {
        title: l.t("nav.home"),
        items: home,
    }];
    if a.can(Permission::PersonRead) {
        let mut items = Vec::new();
        if a.can(Permission::PersonCreate) {
            items.push(item("nav.queue", "/queue"));
        }
        items.push(item("nav.persons", "/persons"));
        items.push(item("nav.settings", "/settings"));
        if a.can(Permission::PersonCreate) {
            items.push(item("nav.person_new", "/persons/new"));
            items.push(item("nav.suspects", "/suspects"));
        }
        groups.push(NavGroup {
            title: l.t("nav.people"),
            items,
        });
    }
    if a.can(Permission::CaseRead) {
        groups.push(NavGroup {
            title: l.t("nav.strike"),
            items: vec![
                item("nav.cases", "/cases"),
                item("nav.traces", "/trace-tasks"),
                item("nav.leads", "/leads"),
                item("nav.outflow", "/outflow"),
                item("nav.analysis", "/analysis"),
            ],
        });
    }
    let mut sys = Vec::new();
    if a.can(Permission::OrgRead) {
        sys.push(item("nav.orgs", "/orgs"));
    }
    if a.can(Permission::UserRead) {
        sys.push(item("nav.users", "/users"));
    }
    if a.can(Permission::AuditRead) {
        sys.push(item("nav.audit", "/audit"));
    }
    sys.push(item("nav.account", "/account"));
    groups.push(NavGroup {
        title: l.t("nav.system"),
        items: sys,
    });
    groups
}

impl Chrome {
    /// The frame for a signed-in user.
    pub async fn for_user(
        st: &AppState,
        auth: &Auth,
        info: &ReqInfo,
        title_key: &str,
        active: &str,
        path: &str,
    ) -> Chrome {
        let l = info.lang;
        let ids = jindu_store::org::path_ids(&auth.actor.org_path);
        let crumbs = org::many(&st.ctx.db, &ids)
            .await
            .map(|units| units.into_iter().map(|u| u.name).collect())
            .unwrap_or_default();
        Chrome {
            l,
            title: l.t(title_key).to_string(),
            user: Some(UserBar {
                name: auth.actor.display_name.clone(),
                role: l.t(&format!("role.{}", auth.actor.role.code())),
            }),
            crumbs,
            nav: nav(l, auth, active),
            csrf: auth
                .session
                .as_ref()
                .map(|s| s.csrf_token.clone())
                .unwrap_or_default(),
            path: path.to_string(),
            flash: None,
        }
    }

    /// The frame for pages before sign-in is complete.
    pub fn anonymous(l: Lang, title_key: &str, csrf: &str, path: &str) -> Chrome {
        Chrome {
            l,
            title: l.t(title_key).to_string(),
            user: None,
            crumbs: Vec::new(),
            nav: Vec::new(),
            csrf: csrf.to_string(),
            path: path.to_string(),
            flash: None,
        }
    }

    pub fn with_flash(mut self, flash: Option<&str>) -> Chrome {
        self.flash = match flash {
            Some("saved") => Some(self.l.t("common.saved")),
            Some("created") => Some(self.l.t("person.created")),
            Some("done") => Some(self.l.t("user.done")),
            Some("password") => Some(self.l.t("account.password_changed")),
            Some("imported") => Some(self.l.t("org.import_applied")),
            Some("updated") => Some(self.l.t("person.updated")),
            Some("unchanged") => Some(self.l.t("person.unchanged")),
            Some("ordered") => Some(self.l.t("measure.ordered")),
            Some("recorded") => Some(self.l.t("measure.recorded")),
            Some("test_recorded") => Some(self.l.t("test.recorded")),
            Some("leave_requested") => Some(self.l.t("leave.requested")),
            Some("leave_decided") => Some(self.l.t("leave.decided")),
            Some("leave_departed") => Some(self.l.t("leave.departed_flash")),
            Some("leave_returned") => Some(self.l.t("leave.returned_flash")),
            Some("absence_recorded") => Some(self.l.t("leave.absence_recorded")),
            Some("visit_recorded") => Some(self.l.t("visit.recorded")),
            Some("assessment_recorded") => Some(self.l.t("assessment.recorded")),
            Some("police_reported") => Some(self.l.t("police_report.recorded")),
            Some("addiction_recorded") => Some(self.l.t("person.addiction_recorded")),
            Some("plan_saved") => Some(self.l.t("support.plan_saved")),
            Some("support_recorded") => Some(self.l.t("support.recorded")),
            Some("setting_saved") => Some(self.l.t("setting.saved")),
            Some("transferred") => Some(self.l.t("transfer.recorded")),
            Some("received") => Some(self.l.t("transfer.received")),
            _ => None,
        };
        self
    }
}

/// Renders a template to a response (500 if rendering fails).
pub fn render<T: Template>(t: &T) -> Response {
    render_status(StatusCode::OK, t)
}

pub fn render_status<T: Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            crate::error::mark(StatusCode::INTERNAL_SERVER_ERROR, "internal")
        }
    }
}

/// Formats a UTC millisecond timestamp in China Standard Time.
pub fn fmt_time(ms: i64) -> String {
    let secs = ms.div_euclid(1000) + 8 * 3600;
    match time::OffsetDateTime::from_unix_timestamp(secs) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            t.year(),
            t.month() as u8,
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => String::new(),
    }
}

/// Back to a section of the person's file after a form: `ok=<flash>` on
/// success, else `<err_param>=<code>` of the first refusal for the section
/// to show inline; any other error renders as an error page.
pub fn back_to_file<T>(
    person: &str,
    section: &str,
    err_param: &str,
    flash: &str,
    outcome: Result<T, jindu_store::service::ServiceError>,
) -> crate::error::WebResult<Response> {
    use jindu_store::service::ServiceError as E;
    let q = match outcome {
        Ok(_) => format!("ok={flash}"),
        Err(E::Invalid { code, .. } | E::Conflict { code, .. }) => format!("{err_param}={code}"),
        Err(E::Fields(list)) => format!(
            "{err_param}={}",
            list.first().map(|(_, c)| c.as_str()).unwrap_or("generic")
        ),
        Err(e) => return Err(crate::error::WebError(e)),
    };
    Ok(axum::response::Redirect::to(&format!("/persons/{person}?{q}#{section}")).into_response())
}

/// Parses an optional YYYY-MM-DD form field; the error is its i18n code.
pub fn parse_date(s: &str) -> Result<Option<time::Date>, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, fmt)
        .map(Some)
        .map_err(|_| "date.invalid")
}

/// Form errors keyed by field, looked up by templates.
#[derive(Default)]
pub struct FieldErrors(pub Vec<(String, &'static str)>);

impl FieldErrors {
    pub fn get(&self, field: &str) -> &str {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| *m)
            .unwrap_or("")
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|(f, _)| f == field)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn from_service(l: Lang, e: &jindu_store::service::ServiceError) -> Option<FieldErrors> {
        use jindu_store::service::ServiceError as E;
        match e {
            E::Invalid { field, code } => Some(FieldErrors(vec![(field.clone(), l.err(code))])),
            E::Fields(list) => Some(FieldErrors(
                list.iter().map(|(f, c)| (f.clone(), l.err(c))).collect(),
            )),
            _ => None,
        }
    }
}

/// Back to `path` after a form's write, or to `path?err=code` when the
/// service refused it (invalid or conflicting); other errors are errors.
pub fn back_or_refused(
    path: &str,
    r: Result<(), jindu_store::service::ServiceError>,
) -> crate::error::WebResult<axum::response::Response> {
    use axum::response::{IntoResponse, Redirect};
    use jindu_store::service::ServiceError as E;
    match r {
        Ok(()) => Ok(Redirect::to(path).into_response()),
        Err(E::Invalid { code, .. }) | Err(E::Conflict { code, .. }) => {
            Ok(Redirect::to(&format!("{path}?err={code}")).into_response())
        }
        // A form of several fields: the first refusal is shown.
        Err(E::Fields(fields)) if !fields.is_empty() => {
            let code = &fields[0].1;
            Ok(Redirect::to(&format!("{path}?err={code}")).into_response())
        }
        Err(e) => Err(crate::error::WebError(e)),
    }
}
