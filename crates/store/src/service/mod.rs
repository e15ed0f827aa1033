//! The service layer: every business operation takes the acting user, checks
//! authorization with the one `authorize` of the domain crate, runs its
//! repository calls with the actor's scope, and writes its audit entry in the
//! same transaction. Handlers and CLI commands call only these functions.

mod abstinence;
pub mod addiction;
pub mod analysis;
pub mod assessments;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod case_subjects;
pub mod cases;
mod clock;
pub mod drug_tests;
mod error;
pub mod exact_run;
mod group_audit;
pub mod group_view;
pub mod import;
pub mod indicators;
pub mod leads;
pub mod leave;
pub mod link_names;
pub mod links;
pub mod measure_import;
pub mod measures;
pub mod objects;
pub mod orgs;
pub mod outflow;
mod passwords;
pub mod person_export;
pub mod person_import;
pub mod persons;
pub mod police_reports;
pub mod rebuild;
pub mod register;
pub mod settings;
pub mod strike_indicators;
pub mod support;
pub mod suspects;
pub mod test_import;
pub mod trace;
pub mod transfers;
pub mod unit_cache;
pub mod users;
mod violations;
pub mod visits;
pub mod work_queue;

use std::sync::Arc;

use jindu_domain::authz::{self, Denied, Permission, Role, Scopes};

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{ServiceError, ServiceResult};
pub use passwords::{hash_password, verify_password};

use crate::audit::{AuditActor, AuditEvent};
use crate::crypto::Keys;
use crate::db::{Db, Tx};
pub use group_audit::GroupAudit;

/// Security settings (security.md), configurable per deployment.
#[derive(Clone, Debug)]
pub struct Policy {
    pub lockout_threshold: i64,
    pub lockout_minutes: i64,
    pub idle_timeout_minutes: i64,
    pub absolute_timeout_hours: i64,
    /// 0 disables expiry.
    pub password_max_age_days: i64,
    /// Require TOTP of every role, not only the three administrators.
    pub totp_for_all: bool,
    /// Reveals of protected fields allowed per user per hour.
    pub reveals_per_hour: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            lockout_threshold: 5,
            lockout_minutes: 15,
            idle_timeout_minutes: 15,
            absolute_timeout_hours: 8,
            password_max_age_days: 90,
            totp_for_all: false,
            reveals_per_hour: 30,
        }
    }
}

/// Everything a service needs: the database, the keys, the clock, the policy.
#[derive(Clone)]
pub struct Ctx {
    pub db: Db,
    pub keys: Arc<Keys>,
    pub clock: Arc<dyn Clock>,
    pub policy: Policy,
    /// Statutory holidays and make-up working days, for deadlines of acts
    /// (民法典 Art 203).
    pub calendar: Arc<jindu_domain::HolidayCalendar>,
    /// Where entries without a change of their own are group-committed.
    pub group_audit: GroupAudit,
    /// The links between persons as the analysis graph (loaded on first use).
    pub links: links::LinkCache,
    /// On in the copy an indicator rebuild works with: members are
    /// buffered and written many at a time, the sums recounted at the end.
    pub rebuilding: rebuild::Rebuilding,
}

impl Ctx {
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Today's calendar date in China Standard Time (UTC+8, no DST), the
    /// date in which legal events are recorded.
    pub fn today(&self) -> time::Date {
        let secs = self.now_ms().div_euclid(1000) + 8 * 3600;
        time::OffsetDateTime::from_unix_timestamp(secs)
            .map(|t| t.date())
            .unwrap_or(time::Date::MIN)
    }

    /// Appends the audit entry and commits, so the change and its record
    /// land together or not at all.
    pub async fn commit_audited(
        &self,
        mut tx: Tx,
        actor: &AuditActor,
        ev: AuditEvent,
    ) -> ServiceResult<()> {
        crate::audit::append(&mut tx, actor, &ev, self.now_ms()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An audit entry on its own (failed logins, denied attempts, reads),
    /// committed before this returns, with others that arrive meanwhile.
    pub async fn audit_only(&self, actor: &AuditActor, ev: AuditEvent) -> ServiceResult<()> {
        self.group_audit
            .append(&self.db, &self.clock, actor, ev)
            .await?;
        Ok(())
    }
}

/// The acting user of a request, resolved from the session or API token.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub org_unit_id: Option<i64>,
    pub org_path: String,
    pub scopes: Scopes,
    pub client_addr: String,
    pub request_id: String,
    pub locale: String,
}

impl Actor {
    /// The operator at the server's console (`jindu` CLI): acts with the
    /// given role over the whole tree, and is audited as `cli`.
    pub fn cli(role: Role, root_path: &str) -> Actor {
        let all = vec![root_path.to_string()];
        Actor {
            user_id: None,
            username: "cli".into(),
            display_name: "cli".into(),
            role,
            org_unit_id: None,
            org_path: root_path.to_string(),
            scopes: Scopes {
                capture: all.clone(),
                search: all.clone(),
                analysis: all,
            },
            client_addr: "console".into(),
            request_id: String::new(),
            locale: "zh".into(),
        }
    }

    pub fn audit(&self) -> AuditActor {
        AuditActor {
            user_id: self.user_id,
            username: self.username.clone(),
            role: self.role.code().to_string(),
            org_unit_id: self.org_unit_id,
            client_addr: self.client_addr.clone(),
            request_id: self.request_id.clone(),
        }
    }

    /// The one authorization check, mapped to service errors: lacking the
    /// grant is 403, an object outside the scope is 404.
    pub fn authorize(
        &self,
        permission: Permission,
        object_path: Option<&str>,
    ) -> ServiceResult<()> {
        authz::authorize(self.role, &self.scopes, permission, object_path).map_err(|d| match d {
            Denied::Forbidden => ServiceError::Forbidden,
            Denied::NotFound => ServiceError::NotFound,
        })
    }

    pub fn can(&self, permission: Permission) -> bool {
        self.role.has(permission)
    }

    pub fn scope(&self, permission: Permission) -> &[String] {
        self.scopes.of(permission.scope_kind())
    }
}

/// A page request, bounded so no request can ask for everything at once.
#[derive(Clone, Copy, Debug)]
pub struct Page {
    pub page: i64,
    pub per_page: i64,
}

impl Page {
    pub const SIZES: [i64; 4] = [10, 20, 50, 100];

    pub fn new(page: Option<i64>, per_page: Option<i64>) -> Page {
        Page {
            page: page.unwrap_or(1).max(1),
            per_page: per_page.unwrap_or(20).clamp(1, 100),
        }
    }
    pub fn offset(&self) -> i64 {
        (self.page - 1).saturating_mul(self.per_page)
    }
}

impl Ctx {
    /// Periodic upkeep, run by the server every minute and by the CLI:
    /// writes a signed audit checkpoint when there are new entries and
    /// removes sessions past their idle or absolute timeout.
    pub async fn maintenance(&self) -> ServiceResult<()> {
        let now = self.now_ms();
        crate::audit::write_checkpoint(&self.db, &self.keys, now).await?;
        let mut tx = self.db.begin().await?;
        crate::sessions::purge_expired(
            &mut tx,
            now - self.policy.idle_timeout_minutes * 60_000,
            now - self.policy.absolute_timeout_hours * 3_600_000,
        )
        .await?;
        tx.commit().await?;
        self.indicators_snapshot_due().await?;
        Ok(())
    }
}
