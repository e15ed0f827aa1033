//! Embedded migrations, run at start. The two backends have one file each per
//! version with the same name; a test checks the resulting schemas match.

use crate::db::{Backend, Db, Q};
use crate::error::StoreResult;
use crate::now_ms;

/// (version, SQLite script, PostgreSQL script), in order.
const MIGRATIONS: &[(&str, &str, &str)] = &[
    (
        "0001_spine",
        include_str!("../migrations/sqlite/0001_spine.sql"),
        include_str!("../migrations/postgres/0001_spine.sql"),
    ),
    (
        "0002_register",
        include_str!("../migrations/sqlite/0002_register.sql"),
        include_str!("../migrations/postgres/0002_register.sql"),
    ),
    (
        "0003_measures",
        include_str!("../migrations/sqlite/0003_measures.sql"),
        include_str!("../migrations/postgres/0003_measures.sql"),
    ),
    (
        "0004_drug_tests",
        include_str!("../migrations/sqlite/0004_drug_tests.sql"),
        include_str!("../migrations/postgres/0004_drug_tests.sql"),
    ),
    (
        "0005_visits",
        include_str!("../migrations/sqlite/0005_visits.sql"),
        include_str!("../migrations/postgres/0005_visits.sql"),
    ),
    (
        "0006_leave",
        include_str!("../migrations/sqlite/0006_leave.sql"),
        include_str!("../migrations/postgres/0006_leave.sql"),
    ),
    (
        "0007_suspects",
        include_str!("../migrations/sqlite/0007_suspects.sql"),
        include_str!("../migrations/postgres/0007_suspects.sql"),
    ),
    (
        "0008_attachments",
        include_str!("../migrations/sqlite/0008_attachments.sql"),
        include_str!("../migrations/postgres/0008_attachments.sql"),
    ),
    (
        "0009_abstinence",
        include_str!("../migrations/sqlite/0009_abstinence.sql"),
        include_str!("../migrations/postgres/0009_abstinence.sql"),
    ),
    (
        "0010_assessments",
        include_str!("../migrations/sqlite/0010_assessments.sql"),
        include_str!("../migrations/postgres/0010_assessments.sql"),
    ),
    (
        "0011_police_reports",
        include_str!("../migrations/sqlite/0011_police_reports.sql"),
        include_str!("../migrations/postgres/0011_police_reports.sql"),
    ),
    (
        "0012_settings",
        include_str!("../migrations/sqlite/0012_settings.sql"),
        include_str!("../migrations/postgres/0012_settings.sql"),
    ),
    (
        "0013_transfers",
        include_str!("../migrations/sqlite/0013_transfers.sql"),
        include_str!("../migrations/postgres/0013_transfers.sql"),
    ),
    (
        "0014_indicators",
        include_str!("../migrations/sqlite/0014_indicators.sql"),
        include_str!("../migrations/postgres/0014_indicators.sql"),
    ),
    (
        "0015_read_paths",
        include_str!("../migrations/sqlite/0015_read_paths.sql"),
        include_str!("../migrations/postgres/0015_read_paths.sql"),
    ),
    (
        "0016_addiction",
        include_str!("../migrations/sqlite/0016_addiction.sql"),
        include_str!("../migrations/postgres/0016_addiction.sql"),
    ),
    (
        "0017_snapshots",
        include_str!("../migrations/sqlite/0017_snapshots.sql"),
        include_str!("../migrations/postgres/0017_snapshots.sql"),
    ),
    (
        "0018_person_order_unit",
        include_str!("../migrations/sqlite/0018_person_order_unit.sql"),
        include_str!("../migrations/postgres/0018_person_order_unit.sql"),
    ),
    (
        "0019_person_county",
        include_str!("../migrations/sqlite/0019_person_county.sql"),
        include_str!("../migrations/postgres/0019_person_county.sql"),
    ),
    (
        "0020_strike",
        include_str!("../migrations/sqlite/0020_strike.sql"),
        include_str!("../migrations/postgres/0020_strike.sql"),
    ),
    (
        "0021_strike_statistics",
        include_str!("../migrations/sqlite/0021_strike_statistics.sql"),
        include_str!("../migrations/postgres/0021_strike_statistics.sql"),
    ),
    (
        "0022_outflow",
        include_str!("../migrations/sqlite/0022_outflow.sql"),
        include_str!("../migrations/postgres/0022_outflow.sql"),
    ),
    (
        "0023_case_subjects",
        include_str!("../migrations/sqlite/0023_case_subjects.sql"),
        include_str!("../migrations/postgres/0023_case_subjects.sql"),
    ),
    (
        "0024_pole_objects",
        include_str!("../migrations/sqlite/0024_pole_objects.sql"),
        include_str!("../migrations/postgres/0024_pole_objects.sql"),
    ),
];

/// Every migration this build knows, in order.
pub fn known_versions() -> Vec<&'static str> {
    MIGRATIONS.iter().map(|(v, _, _)| *v).collect()
}

/// Applies every migration not yet recorded; returns the versions applied.
pub async fn migrate(db: &Db) -> StoreResult<Vec<&'static str>> {
    db.run_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)",
    )
    .await?;
    // Read once: every start-up passes here (performance.md B8).
    let done: std::collections::HashSet<String> = db
        .fetch_all(Q::new("SELECT version FROM schema_migrations"))
        .await?
        .iter()
        .map(|r| r.text("version"))
        .collect::<StoreResult<_>>()?;
    let mut applied = Vec::new();
    for (version, sqlite, pg) in MIGRATIONS {
        if done.contains(*version) {
            continue;
        }
        // The script and its record commit together: a failed migration
        // leaves the schema as it was.
        let mut tx = db.begin().await?;
        tx.run_script(match db.backend() {
            Backend::Sqlite => sqlite,
            Backend::Postgres => pg,
        })
        .await?;
        tx.execute(
            Q::new("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)")
                .bind(*version)
                .bind(now_ms()),
        )
        .await?;
        tx.commit().await?;
        applied.push(*version);
    }
    Ok(applied)
}
