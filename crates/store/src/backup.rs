//! Online backup of the SQLite database (`jindu backup`): a consistent copy
//! with `VACUUM INTO`, then checks on the copy before anyone relies on it.
//! PostgreSQL is backed up with its own tools (docs/operations.md).

use std::path::Path;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use crate::db::{Db, Q};
use crate::error::{StoreError, StoreResult};

/// Writes a consistent, compacted copy of the live SQLite database to
/// `dest`, which must not exist yet. Runs on the write connection, so the
/// copy is one snapshot between two writes.
pub async fn vacuum_into(db: &Db, dest: &Path) -> StoreResult<()> {
    let Db::Sqlite { write, .. } = db else {
        return Err(StoreError::Config(
            "VACUUM INTO is SQLite only; back up PostgreSQL with pg_dump or pg_basebackup".into(),
        ));
    };
    let dest = dest
        .to_str()
        .ok_or_else(|| StoreError::Config("backup path is not valid UTF-8".into()))?
        .to_string();
    sqlx::query("VACUUM INTO $1")
        .bind(dest)
        .execute(write)
        .await?;
    Ok(())
}

/// Opens a backup copy read-only and immutable (nothing is written to it,
/// not even a WAL), for checking. Both pools of the returned [`Db`] are
/// read-only: use it for reads only.
pub async fn open_copy(path: &Path) -> StoreResult<Db> {
    if !path.is_file() {
        return Err(StoreError::Config(format!(
            "no backup file at {}",
            path.display()
        )));
    }
    let opts = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await?;
    Ok(Db::Sqlite {
        write: pool.clone(),
        read: pool,
    })
}

/// `PRAGMA integrity_check` (SQLite): `"ok"` when the file is sound,
/// otherwise SQLite's first problems, one per line.
pub async fn integrity_check(db: &Db) -> StoreResult<String> {
    let rows = db.fetch_all(Q::new("PRAGMA integrity_check")).await?;
    let lines = rows
        .iter()
        .map(|r| r.text("integrity_check"))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(lines.join("\n"))
}
