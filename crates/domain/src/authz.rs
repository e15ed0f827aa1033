//! Roles, permissions and the one deny-by-default authorization decision.
//!
//! Scopes follow the DHIS2 model: a *capture* scope (where a user may write), a
//! *search* scope (where they may look people up) and an *analysis* scope (what
//! their dashboards cover). Each scope is a set of org units, held as their
//! materialised paths so "this unit and everything below" is a prefix test.

use serde::{Deserialize, Serialize};

/// A role. One role per user: the three administrators of 三权分立
/// (system, security, audit) must be separate people, which one role per
/// account makes structural rather than a matter of discipline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    SysAdmin,
    SecAdmin,
    AuditAdmin,
    CityOfficer,
    CountyOfficer,
    TownshipOfficer,
    SocialWorker,
    PoliceOfficer,
    Leader,
}

/// What an actor may do. Each permission names the scope it is checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Browse the org-unit tree.
    OrgRead,
    /// Add, rename, move, deactivate and import org units.
    OrgManage,
    /// List and view users.
    UserRead,
    /// Create users, change roles and scopes, reset passwords, end sessions.
    UserManage,
    /// Search the audit trail.
    AuditRead,
    /// List, search and view persons on the register (masked).
    PersonRead,
    /// Register persons.
    PersonCreate,
    /// See a full ID number, phone or address, with a reason.
    PersonReveal,
    /// Approve or refuse a leave request (JDTL 19). An officer's decision,
    /// never the social worker's who files the request: the worker records
    /// the written report, the township office (or a county or city office
    /// above it) decides.
    LeaveDecide,
    /// Dashboards and indicators.
    DashboardRead,
    /// Put a new version of a local-practice setting in force (domain.md
    /// §4). The settings apply city-wide, so the grant also needs a capture
    /// scope over the whole tree.
    SettingsManage,
    /// Read drug cases, trace tasks, links between persons and their
    /// analysis (strike, 以打为主).
    CaseRead,
    /// Record cases and their suspects, close trace tasks and link persons:
    /// police work.
    CaseWrite,
}

/// Which of the user's scopes a permission is checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    Capture,
    Search,
    Analysis,
}

impl ScopeKind {
    pub const ALL: [ScopeKind; 3] = [ScopeKind::Capture, ScopeKind::Search, ScopeKind::Analysis];

    pub fn code(self) -> &'static str {
        match self {
            ScopeKind::Capture => "capture",
            ScopeKind::Search => "search",
            ScopeKind::Analysis => "analysis",
        }
    }

    pub fn from_code(code: &str) -> Option<ScopeKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl Permission {
    pub fn scope_kind(self) -> ScopeKind {
        match self {
            Permission::OrgManage
            | Permission::PersonCreate
            | Permission::UserManage
            | Permission::LeaveDecide
            | Permission::SettingsManage
            | Permission::CaseWrite => ScopeKind::Capture,
            Permission::DashboardRead => ScopeKind::Analysis,
            Permission::OrgRead
            | Permission::UserRead
            | Permission::AuditRead
            | Permission::PersonRead
            | Permission::PersonReveal
            | Permission::CaseRead => ScopeKind::Search,
        }
    }
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::SysAdmin,
        Role::SecAdmin,
        Role::AuditAdmin,
        Role::CityOfficer,
        Role::CountyOfficer,
        Role::TownshipOfficer,
        Role::SocialWorker,
        Role::PoliceOfficer,
        Role::Leader,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::SysAdmin => "sys_admin",
            Role::SecAdmin => "sec_admin",
            Role::AuditAdmin => "audit_admin",
            Role::CityOfficer => "city_officer",
            Role::CountyOfficer => "county_officer",
            Role::TownshipOfficer => "township_officer",
            Role::SocialWorker => "social_worker",
            Role::PoliceOfficer => "police_officer",
            Role::Leader => "leader",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The three administrators must use a second factor (security.md, 等保 level 3).
    pub fn is_admin(self) -> bool {
        matches!(self, Role::SysAdmin | Role::SecAdmin | Role::AuditAdmin)
    }

    pub fn requires_totp(self) -> bool {
        self.is_admin()
    }

    /// The grant table. The administrators see no personal data (三权分立):
    /// the system admin runs the structure, the security admin the accounts,
    /// the audit admin reads the trail and nothing else. Leaders read dashboards
    /// and drill-down lists, always masked.
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::SysAdmin => &[OrgRead, OrgManage],
            Role::SecAdmin => &[OrgRead, UserRead, UserManage],
            Role::AuditAdmin => &[OrgRead, AuditRead],
            Role::CityOfficer => &[
                OrgRead,
                PersonRead,
                PersonCreate,
                PersonReveal,
                LeaveDecide,
                DashboardRead,
                SettingsManage,
                CaseRead,
            ],
            Role::CountyOfficer => &[
                OrgRead,
                PersonRead,
                PersonCreate,
                PersonReveal,
                LeaveDecide,
                DashboardRead,
                CaseRead,
            ],
            Role::TownshipOfficer => {
                &[OrgRead, PersonRead, PersonCreate, PersonReveal, LeaveDecide]
            }
            Role::SocialWorker => &[OrgRead, PersonRead, PersonCreate, PersonReveal],
            // Social workers see no intelligence; the police work cases.
            Role::PoliceOfficer => &[
                OrgRead,
                PersonRead,
                PersonCreate,
                PersonReveal,
                CaseRead,
                CaseWrite,
            ],
            Role::Leader => &[OrgRead, PersonRead, DashboardRead],
        }
    }

    pub fn has(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }
}

/// True when `path` is the scope unit itself or lies below it. Paths are
/// materialised as `/1/12/140/`, so a plain prefix test on a path that ends
/// in `/` never confuses unit 12 with unit 120.
pub fn path_within(path: &str, scope_path: &str) -> bool {
    scope_path.ends_with('/') && path.starts_with(scope_path)
}

/// The half-open range `[lo, hi)` of paths at or below `scope_path`, for an
/// indexed range scan instead of `LIKE` (which neither backend indexes under
/// every collation). `/` sorts just before `0`, so replacing the final `/`
/// with `0` gives the first string past the subtree.
pub fn path_range(scope_path: &str) -> (String, String) {
    let mut hi = scope_path.trim_end_matches('/').to_string();
    hi.push('0');
    (scope_path.to_string(), hi)
}

/// An actor's three scopes, as materialised paths of org units.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scopes {
    pub capture: Vec<String>,
    pub search: Vec<String>,
    pub analysis: Vec<String>,
}

impl Scopes {
    pub fn of(&self, kind: ScopeKind) -> &[String] {
        match kind {
            ScopeKind::Capture => &self.capture,
            ScopeKind::Search => &self.search,
            ScopeKind::Analysis => &self.analysis,
        }
    }

    pub fn contains(&self, kind: ScopeKind, path: &str) -> bool {
        self.of(kind).iter().any(|s| path_within(path, s))
    }
}

/// Why access was refused. An object outside the actor's scope is reported as
/// not found, so ids cannot be probed for existence (security.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denied {
    Forbidden,
    NotFound,
}

/// The single authorization decision: deny unless the role grants the
/// permission AND (when the object lives in an org unit) that unit lies in the
/// scope the permission is checked against.
pub fn authorize(
    role: Role,
    scopes: &Scopes,
    permission: Permission,
    object_path: Option<&str>,
) -> Result<(), Denied> {
    if !role.has(permission) {
        return Err(Denied::Forbidden);
    }
    match object_path {
        None => Ok(()),
        Some(path) if scopes.contains(permission.scope_kind(), path) => Ok(()),
        Some(_) => Err(Denied::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn county_scopes() -> Scopes {
        let p = vec!["/1/2/".to_string()];
        Scopes {
            capture: p.clone(),
            search: p.clone(),
            analysis: p,
        }
    }

    #[test]
    fn prefix_respects_segment_boundaries() {
        assert!(path_within("/1/2/", "/1/2/"));
        assert!(path_within("/1/2/30/", "/1/2/"));
        assert!(!path_within("/1/20/", "/1/2/"));
        assert!(!path_within("/1/", "/1/2/"));
    }

    #[test]
    fn admins_see_no_person_data() {
        for role in [Role::SysAdmin, Role::SecAdmin, Role::AuditAdmin] {
            assert!(!role.has(Permission::PersonRead), "{role:?}");
            assert!(role.requires_totp());
        }
        assert!(!Role::AuditAdmin.has(Permission::OrgManage));
        assert!(!Role::Leader.has(Permission::PersonReveal));
        assert!(!Role::Leader.has(Permission::PersonCreate));
    }

    #[test]
    fn only_officers_decide_leave() {
        for role in Role::ALL {
            let officer = matches!(
                role,
                Role::CityOfficer | Role::CountyOfficer | Role::TownshipOfficer
            );
            assert_eq!(role.has(Permission::LeaveDecide), officer, "{role:?}");
        }
        assert_eq!(Permission::LeaveDecide.scope_kind(), ScopeKind::Capture);
    }

    #[test]
    fn out_of_scope_is_not_found_and_missing_grant_is_forbidden() {
        let s = county_scopes();
        assert_eq!(
            authorize(
                Role::CountyOfficer,
                &s,
                Permission::PersonRead,
                Some("/1/2/9/")
            ),
            Ok(())
        );
        assert_eq!(
            authorize(
                Role::CountyOfficer,
                &s,
                Permission::PersonRead,
                Some("/1/3/9/")
            ),
            Err(Denied::NotFound)
        );
        assert_eq!(
            authorize(
                Role::AuditAdmin,
                &s,
                Permission::PersonRead,
                Some("/1/2/9/")
            ),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(
                Role::Leader,
                &Scopes::default(),
                Permission::DashboardRead,
                Some("/1/")
            ),
            Err(Denied::NotFound)
        );
    }

    #[test]
    fn role_codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        for k in ScopeKind::ALL {
            assert_eq!(ScopeKind::from_code(k.code()), Some(k));
        }
    }

    proptest! {
        #[test]
        fn range_matches_prefix(ids in proptest::collection::vec(1u32..200, 1..5),
                                other in proptest::collection::vec(1u32..200, 1..6)) {
            let scope = format!("/{}/", ids.iter().map(u32::to_string).collect::<Vec<_>>().join("/"));
            let path = format!("/{}/", other.iter().map(u32::to_string).collect::<Vec<_>>().join("/"));
            let (lo, hi) = path_range(&scope);
            let in_range = path.as_str() >= lo.as_str() && path.as_str() < hi.as_str();
            prop_assert_eq!(in_range, path_within(&path, &scope));
        }
    }
}
