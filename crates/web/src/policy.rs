//! Route policies: deny by default. Every route the router serves must be in
//! this table, or the policy middleware refuses it; a test checks the table
//! against the router and calls every route as every role.

use jindu_domain::authz::Permission;
use jindu_store::sessions::Stage;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// Anyone (login page, health check, static files).
    Public,
    /// A session part-way through login, at exactly this stage.
    Partial(Stage),
    /// Any fully signed-in user (their own account, logout).
    Authenticated,
    /// A signed-in user whose role grants the permission; object scope is
    /// checked again by the service.
    Perm(Permission),
}

use Permission::*;
use Policy::*;

/// (method, route pattern as given to the router, policy)
pub const ROUTES: &[(&str, &str, Policy)] = &[
    ("GET", "/healthz", Public),
    ("GET", "/static/{*file}", Public),
    ("GET", "/login", Public),
    ("POST", "/login", Public),
    ("POST", "/lang", Public),
    ("GET", "/login/mfa", Partial(Stage::Mfa)),
    ("POST", "/login/mfa", Partial(Stage::Mfa)),
    ("GET", "/login/enrol", Partial(Stage::Enrol)),
    ("POST", "/login/enrol", Partial(Stage::Enrol)),
    ("GET", "/login/password", Partial(Stage::ChangePassword)),
    ("POST", "/login/password", Partial(Stage::ChangePassword)),
    ("POST", "/logout", Authenticated),
    ("GET", "/", Authenticated),
    ("GET", "/queue", Perm(PersonCreate)),
    ("GET", "/suspects", Perm(PersonRead)),
    ("POST", "/suspects", Perm(PersonCreate)),
    ("GET", "/suspects/{id}", Perm(PersonRead)),
    ("POST", "/suspects/{id}/result", Perm(PersonCreate)),
    ("POST", "/persons/{id}/attachments", Perm(PersonCreate)),
    ("GET", "/attachments/{id}", Perm(PersonRead)),
    ("GET", "/api/v1/persons/{id}/attachments", Perm(PersonRead)),
    (
        "POST",
        "/api/v1/persons/{id}/attachments",
        Perm(PersonCreate),
    ),
    ("GET", "/api/v1/attachments/{id}", Perm(PersonRead)),
    ("GET", "/api/v1/queue", Perm(PersonCreate)),
    ("GET", "/api/v1/suspects", Perm(PersonRead)),
    ("POST", "/api/v1/suspects", Perm(PersonCreate)),
    ("GET", "/api/v1/suspects/{id}", Perm(PersonRead)),
    ("POST", "/api/v1/suspects/{id}/result", Perm(PersonCreate)),
    ("POST", "/api/v1/suspects/{id}/register", Perm(PersonCreate)),
    ("GET", "/account", Authenticated),
    ("POST", "/account/password", Authenticated),
    ("POST", "/account/tokens", Authenticated),
    ("POST", "/account/tokens/{id}/revoke", Authenticated),
    ("GET", "/persons", Perm(PersonRead)),
    ("GET", "/persons/new", Perm(PersonCreate)),
    ("GET", "/persons/export", Perm(PersonRead)),
    ("POST", "/persons/export", Perm(PersonReveal)),
    ("GET", "/persons/import", Perm(PersonCreate)),
    ("POST", "/persons/import", Perm(PersonCreate)),
    ("GET", "/measures/import", Perm(PersonCreate)),
    ("POST", "/measures/import", Perm(PersonCreate)),
    ("GET", "/tests/import", Perm(PersonCreate)),
    ("POST", "/tests/import", Perm(PersonCreate)),
    ("POST", "/persons", Perm(PersonCreate)),
    ("GET", "/persons/{id}", Perm(PersonRead)),
    ("POST", "/persons/{id}/reveal", Perm(PersonReveal)),
    ("POST", "/persons/{id}/control", Perm(PersonCreate)),
    ("POST", "/persons/{id}/measures", Perm(PersonCreate)),
    ("POST", "/measures/{id}/events", Perm(PersonCreate)),
    ("POST", "/persons/{id}/tests", Perm(PersonCreate)),
    ("POST", "/persons/{id}/leave", Perm(PersonCreate)),
    ("POST", "/persons/{id}/absences", Perm(PersonCreate)),
    ("POST", "/leave/{id}/decision", Perm(LeaveDecide)),
    ("POST", "/leave/{id}/departure", Perm(PersonCreate)),
    ("POST", "/leave/{id}/return", Perm(PersonCreate)),
    ("POST", "/persons/{id}/visits", Perm(PersonCreate)),
    ("POST", "/persons/{id}/assessments", Perm(PersonCreate)),
    ("POST", "/persons/{id}/police-reports", Perm(PersonCreate)),
    ("POST", "/persons/{id}/support-plan", Perm(PersonCreate)),
    ("POST", "/persons/{id}/support", Perm(PersonCreate)),
    ("GET", "/orgs", Perm(OrgRead)),
    ("POST", "/orgs", Perm(OrgManage)),
    ("POST", "/orgs/{id}/rename", Perm(OrgManage)),
    ("POST", "/orgs/{id}/move", Perm(OrgManage)),
    ("POST", "/orgs/{id}/active", Perm(OrgManage)),
    ("GET", "/orgs/import", Perm(OrgManage)),
    ("POST", "/orgs/import", Perm(OrgManage)),
    ("GET", "/users", Perm(UserRead)),
    ("GET", "/users/new", Perm(UserManage)),
    ("POST", "/users", Perm(UserManage)),
    ("GET", "/users/{id}", Perm(UserRead)),
    ("POST", "/users/{id}/action", Perm(UserManage)),
    ("POST", "/users/{id}/role", Perm(UserManage)),
    ("POST", "/users/{id}/scopes", Perm(UserManage)),
    ("GET", "/audit", Perm(AuditRead)),
    ("GET", "/api/v1/openapi.json", Public),
    ("POST", "/api/v1/session", Public),
    ("DELETE", "/api/v1/session", Authenticated),
    ("GET", "/api/v1/me", Authenticated),
    ("GET", "/api/v1/persons", Perm(PersonRead)),
    ("POST", "/api/v1/persons", Perm(PersonCreate)),
    ("GET", "/api/v1/persons/export", Perm(PersonRead)),
    ("GET", "/api/v1/persons/{id}", Perm(PersonRead)),
    ("PATCH", "/api/v1/persons/{id}", Perm(PersonCreate)),
    ("GET", "/api/v1/persons/{id}/history", Perm(PersonRead)),
    ("GET", "/api/v1/persons/{id}/measures", Perm(PersonRead)),
    ("POST", "/api/v1/persons/{id}/measures", Perm(PersonCreate)),
    ("POST", "/api/v1/measures/{id}/events", Perm(PersonCreate)),
    ("POST", "/api/v1/measures/import", Perm(PersonCreate)),
    ("POST", "/api/v1/tests/import", Perm(PersonCreate)),
    ("GET", "/api/v1/persons/{id}/tests", Perm(PersonRead)),
    ("POST", "/api/v1/persons/{id}/tests", Perm(PersonCreate)),
    ("GET", "/api/v1/persons/{id}/leave", Perm(PersonRead)),
    ("POST", "/api/v1/persons/{id}/leave", Perm(PersonCreate)),
    ("POST", "/api/v1/persons/{id}/absences", Perm(PersonCreate)),
    ("POST", "/api/v1/leave/{id}/decision", Perm(LeaveDecide)),
    ("POST", "/api/v1/leave/{id}/departure", Perm(PersonCreate)),
    ("POST", "/api/v1/leave/{id}/return", Perm(PersonCreate)),
    ("GET", "/api/v1/persons/{id}/visits", Perm(PersonRead)),
    ("GET", "/api/v1/persons/{id}/assessments", Perm(PersonRead)),
    (
        "POST",
        "/api/v1/persons/{id}/police-reports",
        Perm(PersonCreate),
    ),
    (
        "POST",
        "/api/v1/persons/{id}/assessments",
        Perm(PersonCreate),
    ),
    ("POST", "/api/v1/persons/{id}/visits", Perm(PersonCreate)),
    ("GET", "/api/v1/persons/{id}/support-plan", Perm(PersonRead)),
    (
        "PUT",
        "/api/v1/persons/{id}/support-plan",
        Perm(PersonCreate),
    ),
    ("GET", "/api/v1/persons/{id}/support", Perm(PersonRead)),
    ("POST", "/api/v1/persons/{id}/support", Perm(PersonCreate)),
    ("POST", "/api/v1/persons/{id}/reveal", Perm(PersonReveal)),
    ("GET", "/api/v1/org-units", Perm(OrgRead)),
    ("GET", "/api/v1/org-units/{id}", Perm(OrgRead)),
    ("GET", "/api/v1/audit", Perm(AuditRead)),
];

pub fn lookup(method: &str, pattern: &str) -> Option<Policy> {
    ROUTES
        .iter()
        .find(|(m, p, _)| *m == method && *p == pattern)
        .map(|(_, _, pol)| *pol)
}
