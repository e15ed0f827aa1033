//! `jindu backup --to FILE`.
//!
//! SQLite: a consistent online copy with `VACUUM INTO`, then checked before
//! it is trusted: `PRAGMA integrity_check` and the full audit-chain
//! verification run on the copy. PostgreSQL: `pg_dump` (custom format) when
//! it is on the PATH, checked with `pg_restore --list`; otherwise the
//! documented procedure is printed and the command fails.
//!
//! Either way the key file is not in the backup: it is backed up
//! separately, and a backup is useless without it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jindu_domain::authz::Role;
use jindu_store::audit::{self, AuditEvent};
use jindu_store::backup;
use jindu_store::crypto::Keys;
use jindu_store::service::{Actor, Ctx};
use serde_json::json;

use crate::cli::BackupArgs;
use crate::failure::{CliResult, Context as _, Failure};
use crate::open::{self, Location, Target};

pub async fn run(args: BackupArgs) -> CliResult<ExitCode> {
    let target = Target::resolve(&args.db)?;
    if args.to.exists() {
        return Err(Failure::new(format!(
            "{} already exists: refusing to overwrite a backup",
            args.to.display()
        )));
    }
    let ctx = target.open_existing().await?;
    let result = match &target.location {
        Location::Sqlite(file) => sqlite(&ctx, file, &args.to).await,
        Location::Postgres(url) => postgres(&ctx, url, &args.to).await,
    };
    ctx.db.close().await;
    result?;
    println!(
        "Not in the backup: the key file {} — back it up separately (offline); the backup cannot be read without it.",
        Keys::key_file(&target.key_dir).display()
    );
    Ok(ExitCode::SUCCESS)
}

async fn audit_backup(ctx: &Ctx, details: serde_json::Value) -> CliResult<()> {
    let root = open::root_unit(&ctx.db).await?;
    let actor = Actor::cli(Role::SysAdmin, &root.path);
    ctx.audit_only(
        &actor.audit(),
        AuditEvent::new("system.backup", "database", "").details(details),
    )
    .await?;
    // Cover the backup's own entry with a signed checkpoint too.
    audit::write_checkpoint(&ctx.db, &ctx.keys, ctx.now_ms()).await?;
    Ok(())
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn human(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / MIB)
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

async fn sqlite(ctx: &Ctx, live: &Path, to: &Path) -> CliResult<()> {
    // A checkpoint first, so the copy's chain is checked against a signed
    // statement of everything in it.
    audit::write_checkpoint(&ctx.db, &ctx.keys, ctx.now_ms()).await?;
    let started = std::time::Instant::now();
    backup::vacuum_into(&ctx.db, to)
        .await
        .context(|| format!("cannot write {}", to.display()))?;
    open::restrict_file(to)?;

    let copy = backup::open_copy(to).await?;
    let integrity = backup::integrity_check(&copy).await;
    let verified = audit::verify(&copy, &ctx.keys).await;
    copy.close().await;
    let integrity = integrity?;
    if integrity != "ok" {
        return Err(Failure::new(format!(
            "the copy {} fails PRAGMA integrity_check: {integrity}",
            to.display()
        )));
    }
    let report = verified?;
    if let Some((seq, reason)) = &report.first_bad {
        return Err(Failure {
            message: format!("the copy's audit chain is broken at entry {seq}: {reason}"),
            code: super::audit::EXIT_TAMPERED,
        });
    }

    let wal = PathBuf::from(format!("{}-wal", live.display()));
    let (live_size, wal_size, copy_size) = (file_size(live), file_size(&wal), file_size(to));
    audit_backup(
        ctx,
        json!({ "method": "vacuum_into", "bytes": copy_size, "audit_entries": report.entries, "integrity": "ok" }),
    )
    .await?;
    println!("Backup written: {}", to.display());
    println!(
        "  live database: {} ({} + {} WAL)",
        human(live_size + wal_size),
        human(live_size),
        human(wal_size)
    );
    println!(
        "  backup copy:   {} ({} bytes), in {} ms",
        human(copy_size),
        copy_size,
        started.elapsed().as_millis()
    );
    println!("  integrity_check: ok");
    println!(
        "  audit chain in the copy: intact ({} entries, {} signed checkpoints)",
        report.entries, report.checkpoints
    );
    Ok(())
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

const PG_PROCEDURE: &str = "\
PostgreSQL is backed up with its own tools (docs/operations.md):
  logical, any time:   pg_dump --format=custom --file=FILE --dbname=URL
                       (check it: pg_restore --list FILE; restore: pg_restore --dbname=URL FILE)
  physical + PITR:     pg_basebackup -D DIR -Ft -z -X stream, with WAL archiving (archive_mode=on)
                       for point-in-time recovery; or the streaming replica of a 等保 level-3 setup.";

async fn postgres(ctx: &Ctx, url: &str, to: &Path) -> CliResult<()> {
    let Some(pg_dump) = on_path("pg_dump") else {
        println!("{PG_PROCEDURE}");
        return Err(Failure::new(
            "pg_dump is not on the PATH: install the PostgreSQL client tools",
        ));
    };
    let started = std::time::Instant::now();
    // The URL is passed as an argument; prefer a password file (~/.pgpass)
    // over a password in the URL on shared machines.
    // (A console command: blocking on the child is fine.)
    let status = std::process::Command::new(&pg_dump)
        .arg("--format=custom")
        .arg(format!("--file={}", to.display()))
        .arg(format!("--dbname={url}"))
        .status()
        .context(|| format!("cannot run {}", pg_dump.display()))?;
    if !status.success() {
        return Err(Failure::new(format!("pg_dump failed ({status})")));
    }
    open::restrict_file(to)?;
    let listed = match on_path("pg_restore") {
        Some(pg_restore) => {
            let out = std::process::Command::new(pg_restore)
                .arg("--list")
                .arg(to)
                .output()
                .context(|| "cannot run pg_restore".to_string())?;
            if !out.status.success() {
                return Err(Failure::new(format!(
                    "pg_restore --list cannot read the dump: {}",
                    String::from_utf8_lossy(&out.stderr)
                )));
            }
            Some(
                String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .filter(|l| !l.starts_with(';'))
                    .count(),
            )
        }
        None => None,
    };
    let size = file_size(to);
    audit_backup(ctx, json!({ "method": "pg_dump", "bytes": size })).await?;
    println!("Backup written with pg_dump: {}", to.display());
    println!(
        "  dump: {} ({} bytes), in {} ms",
        human(size),
        size,
        started.elapsed().as_millis()
    );
    match listed {
        Some(n) => println!("  pg_restore --list: readable, {n} entries"),
        None => println!("  (pg_restore not found: the dump was not checked)"),
    }
    println!(
        "For point-in-time recovery use pg_basebackup with WAL archiving (docs/operations.md)."
    );
    Ok(())
}
