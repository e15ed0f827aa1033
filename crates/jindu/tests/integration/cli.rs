//! The `jindu` binary: init, user management, backup, and `audit verify`
//! catching rows changed, deleted or re-ordered by direct SQL.

use std::path::Path;
use std::process::Command;

use jindu_store::{Db, Q};

use crate::harness::TempDir;

fn jindu(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jindu"))
        .args(args)
        .env("JINDU_LOG", "warn")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// A data dir with `init` and a few accounts (a dozen audit entries).
fn initialised() -> TempDir {
    let dir = TempDir::new();
    let d = dir.0.to_str().unwrap();
    let (code, out) = jindu(&["init", "--data-dir", d, "--admin", "chief"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("chief"), "{out}");
    for (u, role) in [
        ("secadmin", "sec_admin"),
        ("auditor", "audit_admin"),
        ("zhangm", "city_officer"),
    ] {
        let (code, out) = jindu(&[
            "user",
            "add",
            "--data-dir",
            d,
            "--username",
            u,
            "--name",
            "测试",
            "--role",
            role,
            "--org-code",
            "990100",
        ]);
        assert_eq!(code, 0, "{out}");
    }
    let (code, out) = jindu(&["user", "disable", "--data-dir", d, "zhangm"]);
    assert_eq!(code, 0, "{out}");
    dir
}

/// Runs SQL on the database behind the service's back, with the
/// append-only triggers dropped (what an intruder with file access could do).
async fn tamper(dir: &Path, statements: &[&str]) {
    let db = Db::open_sqlite(&dir.join("jindu.db")).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    tx.execute(Q::new("DROP TRIGGER IF EXISTS audit_log_no_update"))
        .await
        .unwrap();
    tx.execute(Q::new("DROP TRIGGER IF EXISTS audit_log_no_delete"))
        .await
        .unwrap();
    for s in statements {
        tx.execute(Q::new(*s)).await.unwrap();
    }
    tx.commit().await.unwrap();
    db.close().await;
}

#[tokio::test]
async fn init_refuses_a_second_run_and_the_append_only_table_refuses_changes() {
    let dir = initialised();
    let d = dir.0.to_str().unwrap();
    let (code, out) = jindu(&["init", "--data-dir", d, "--admin", "other"]);
    assert_ne!(code, 0, "{out}");
    let db = Db::open_sqlite(&dir.0.join("jindu.db")).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let e = tx
        .execute(Q::new("UPDATE audit_log SET reason = 'x' WHERE seq = 1"))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    drop(tx);
    let mut tx = db.begin().await.unwrap();
    assert!(
        tx.execute(Q::new("DELETE FROM audit_log WHERE seq = 1"))
            .await
            .is_err()
    );
    drop(tx);
    db.close().await;
    let (code, out) = jindu(&["audit", "verify", "--data-dir", d]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("intact"));
}

#[tokio::test]
async fn audit_verify_names_the_first_changed_deleted_or_reordered_entry() {
    for (label, statements, bad) in [
        (
            "changed",
            vec!["UPDATE audit_log SET reason = 'edited' WHERE seq = 3"],
            3,
        ),
        ("deleted", vec!["DELETE FROM audit_log WHERE seq = 4"], 4),
        (
            "re-ordered",
            vec![
                "UPDATE audit_log SET seq = -1 WHERE seq = 2",
                "UPDATE audit_log SET seq = 2 WHERE seq = 5",
                "UPDATE audit_log SET seq = 5 WHERE seq = -1",
            ],
            2,
        ),
        (
            "actor rewritten",
            vec!["UPDATE audit_log SET actor_username = 'nobody' WHERE seq = 6"],
            6,
        ),
    ] {
        let dir = initialised();
        let d = dir.0.to_str().unwrap();
        tamper(&dir.0, &statements).await;
        let (code, out) = jindu(&["audit", "verify", "--data-dir", d]);
        assert_eq!(code, 2, "{label}: {out}");
        assert!(
            out.contains(&format!("BROKEN at entry {bad}")),
            "{label}: {out}"
        );
    }
}

#[tokio::test]
async fn a_truncated_tail_is_caught_by_the_signed_checkpoint() {
    let dir = initialised();
    let d = dir.0.to_str().unwrap();
    let (code, out) = jindu(&["audit", "checkpoint", "--data-dir", d]);
    assert_eq!(code, 0, "{out}");
    // Truncating the tail after a checkpoint removes no hash link, but the
    // checkpoint still names the lost entries.
    let n = {
        let db = Db::open_sqlite(&dir.0.join("jindu.db")).await.unwrap();
        let n = db
            .scalar_i64(Q::new("SELECT MAX(seq) FROM audit_log"))
            .await
            .unwrap();
        db.close().await;
        n
    };
    tamper(
        &dir.0,
        &[&format!("DELETE FROM audit_log WHERE seq >= {}", n - 1)],
    )
    .await;
    let (code, out) = jindu(&["audit", "verify", "--data-dir", d]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains(&format!("BROKEN at entry {}", n - 1)), "{out}");
}

#[tokio::test]
async fn backup_writes_a_checked_copy_and_is_audited() {
    let dir = initialised();
    let d = dir.0.to_str().unwrap();
    let target = dir.0.join("copy.db");
    let (code, out) = jindu(&["backup", "--data-dir", d, "--to", target.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(target.exists());
    let copy = Db::open_sqlite(&target).await.unwrap();
    let users = copy
        .scalar_i64(Q::new("SELECT COUNT(*) FROM users"))
        .await
        .unwrap();
    assert_eq!(users, 4);
    copy.close().await;
    let db = Db::open_sqlite(&dir.0.join("jindu.db")).await.unwrap();
    let n = db
        .scalar_i64(Q::new(
            "SELECT COUNT(*) FROM audit_log WHERE event = 'system.backup'",
        ))
        .await
        .unwrap();
    assert_eq!(n, 1);
    db.close().await;
}
