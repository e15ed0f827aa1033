//! The audit log is append-only at database level on both backends: no
//! statement can change or remove an entry, whoever runs it.

use super::fixtures::{audit_count, entries_after};
use super::harness::{TestCtx, each_backend};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::db::{Backend, Q};

/// Runs `sql` in its own transaction and returns the error text; panics
/// when the statement succeeds.
async fn refused(t: &TestCtx, sql: &'static str) -> String {
    let mut tx = t.db().begin().await.unwrap();
    match tx.execute(Q::new(sql)).await {
        Ok(n) => panic!("{:?}: `{sql}` was allowed ({n} rows)", t.backend),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn audit_log_rejects_update_delete_truncate_and_replace() {
    each_backend(async |t| {
        let actor = AuditActor {
            username: "someone".into(),
            ..Default::default()
        };
        for i in 0..3 {
            t.ctx.audit_only(&actor, AuditEvent::new("test.event", "thing", i)).await.unwrap();
        }
        let before = entries_after(t, 0).await;
        assert_eq!(before.len(), 3);

        let mut attempts = vec![
            "UPDATE audit_log SET reason = 'covered up' WHERE seq = 1",
            "UPDATE audit_log SET at = at + 1",
            "DELETE FROM audit_log WHERE seq = 2",
            "DELETE FROM audit_log",
        ];
        match t.backend {
            Backend::Sqlite => {
                // REPLACE deletes the old row without firing delete triggers
                // (recursive_triggers is off), so it needs its own guard.
                attempts.push(
                    "INSERT OR REPLACE INTO audit_log SELECT seq, at, actor_user_id, actor_username, actor_role, actor_org_unit_id, client_addr, request_id, event, object_type, object_id, outcome, 'covered up', details, prev_hash, hash FROM audit_log WHERE seq = 1",
                );
                attempts.push(
                    "INSERT INTO audit_log SELECT * FROM audit_log WHERE seq = 1 ON CONFLICT (seq) DO UPDATE SET reason = 'covered up'",
                );
            }
            Backend::Postgres => {
                attempts.push("TRUNCATE audit_log");
                attempts.push(
                    "INSERT INTO audit_log SELECT * FROM audit_log WHERE seq = 1 ON CONFLICT (seq) DO UPDATE SET reason = 'covered up'",
                );
            }
        }
        for sql in attempts {
            let err = refused(t, sql).await;
            assert!(err.contains("append-only"), "{:?}: `{sql}` failed for another reason: {err}", t.backend);
        }

        let after = entries_after(t, 0).await;
        assert_eq!(audit_count(t).await, 3);
        let hashes = |v: &[audit::AuditEntry]| v.iter().map(|e| (e.seq, e.reason.clone(), e.hash.clone())).collect::<Vec<_>>();
        assert_eq!(hashes(&after), hashes(&before));
        assert!(audit::verify(t.db(), &t.ctx.keys).await.unwrap().ok());
    })
    .await;
}
