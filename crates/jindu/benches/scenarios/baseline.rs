//! The baselines run outside our binary: the `sqlite3` command-line shell
//! on the same database file (or a scratch file beside it).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Runs SQL in the `sqlite3` shell; answers its output and the wall time
/// in seconds (the shell's start-up, a few milliseconds, included).
pub fn sqlite3(db: &Path, sql: &str) -> (f64, String) {
    shell(db, &[], sql)
}

/// The seconds one run of `sql` (a statement ending in `;`) takes inside
/// the `sqlite3` shell, its start-up left out: a shell running it `runs`
/// more times, less one running it once, over `runs`. Results go to
/// /dev/null (the shell still forms every row).
pub fn sqlite3_own(db: &Path, sql: &str, runs: usize) -> f64 {
    let quiet = ["-cmd", ".output /dev/null"];
    let wall = |n: usize| shell(db, &quiet, &sql.repeat(n)).0;
    ((wall(runs + 1) - wall(1)) / runs as f64).max(0.0)
}

fn shell(db: &Path, options: &[&str], sql: &str) -> (f64, String) {
    let t = Instant::now();
    let out = Command::new("sqlite3")
        .args(options)
        .arg(db)
        .arg(sql)
        .output()
        .unwrap_or_else(|e| panic!("sqlite3 (apt-get install sqlite3): {e}"));
    let secs = t.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "sqlite3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (secs, String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Rows of `sqlite3` output, split on `|`.
pub fn rows(db: &Path, sql: &str) -> Vec<Vec<String>> {
    sqlite3(db, sql)
        .1
        .lines()
        .map(|l| l.split('|').map(str::to_string).collect())
        .collect()
}
