//! Building blocks shared by the tests: org units, users who have passed
//! their first login, actors, and reading back the audit trail.

use jindu_domain::authz::Role;
use jindu_domain::org::OrgLevel;

use super::harness::TestCtx;
use crate::audit::{self, AuditEntry, AuditFilter};
use crate::db::Q;
use crate::org::{self, OrgUnit};
use crate::service::auth::{Client, LoginMode};
use crate::service::{Actor, ServiceError};
use crate::sessions::Stage;
use crate::users;

/// A password every test user ends up with: passes the policy for the
/// usernames used here.
pub const PASSWORD: &str = "Tapestry-Kettle-73#";

pub fn client() -> Client {
    Client {
        addr: "127.0.0.1".into(),
        request_id: "req-test".into(),
    }
}

/// Inserts an org unit through the repository, committed.
pub async fn unit(
    t: &TestCtx,
    parent: Option<&OrgUnit>,
    level: OrgLevel,
    code: &str,
    name: &str,
) -> OrgUnit {
    let mut tx = t.db().begin().await.unwrap();
    let u = org::insert(&mut tx, parent, level, code, name, t.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    u
}

/// The console operator with `role` over the tree rooted at `root`.
pub fn cli(role: Role, root: &OrgUnit) -> Actor {
    Actor::cli(role, &root.path)
}

/// Creates a user through the service (as the security admin at the
/// console); returns the id and the one-time password.
pub async fn new_user(
    t: &TestCtx,
    root: &OrgUnit,
    unit_id: i64,
    username: &str,
    role: Role,
) -> (i64, String) {
    t.ctx
        .user_create(
            &cli(Role::SecAdmin, root),
            username,
            username,
            unit_id,
            role,
        )
        .await
        .unwrap()
}

/// Creates a user and walks the first login: one-time password, then the
/// required change to [`PASSWORD`]. Returns the id, the stage reached
/// (`Full`, or `Enrol` for roles that need a second factor) and the
/// session token.
pub async fn ready_user(
    t: &TestCtx,
    root: &OrgUnit,
    unit_id: i64,
    username: &str,
    role: Role,
) -> (i64, Stage, String) {
    let (id, otp) = new_user(t, root, unit_id, username, role).await;
    let login = t
        .ctx
        .login(username, &otp, None, LoginMode::Interactive, &client())
        .await
        .unwrap();
    assert_eq!(login.stage, Stage::ChangePassword);
    let (_, session) = t
        .ctx
        .resolve_session(&login.token, &client())
        .await
        .unwrap();
    let stage = t
        .ctx
        .change_password(&session, &otp, PASSWORD, &client())
        .await
        .unwrap();
    (id, stage, login.token)
}

/// The acting user as the web layer would resolve it.
pub async fn actor(t: &TestCtx, user_id: i64) -> Actor {
    let u = users::get(t.db(), user_id).await.unwrap();
    t.ctx.actor_for(&u, &client()).await.unwrap()
}

pub async fn audit_count(t: &TestCtx) -> i64 {
    audit::count(t.db()).await.unwrap()
}

/// Every audit entry after `seq`, oldest first.
pub async fn entries_after(t: &TestCtx, seq: i64) -> Vec<AuditEntry> {
    let (mut all, _) = audit::search(t.db(), &AuditFilter::default(), 0, 100_000)
        .await
        .unwrap();
    all.reverse();
    all.retain(|e| e.seq > seq);
    all
}

/// The highest sequence number in the trail (0 when empty).
pub async fn last_seq(t: &TestCtx) -> i64 {
    t.db()
        .scalar_i64(Q::new("SELECT COALESCE(MAX(seq), 0) FROM audit_log"))
        .await
        .unwrap()
}

/// `(event, outcome, reason)` of every entry after `seq`, oldest first.
pub async fn events_after(t: &TestCtx, seq: i64) -> Vec<(String, String, String)> {
    entries_after(t, seq)
        .await
        .into_iter()
        .map(|e| (e.event, e.outcome, e.reason))
        .collect()
}

/// Shorthand for expected audit events.
pub fn ev(event: &str, outcome: &str, reason: &str) -> (String, String, String) {
    (event.into(), outcome.into(), reason.into())
}

/// The code of an `Invalid` error, for asserting exact failures.
pub fn invalid_code(e: &ServiceError) -> Option<&str> {
    match e {
        ServiceError::Invalid { code, .. } => Some(code),
        _ => None,
    }
}
