//! Stored versions of the local-practice settings, append-only.

use time::Date;

use crate::db::{Db, Q, Tx};
use crate::error::StoreResult;

#[derive(Clone, Debug)]
pub struct SettingRow {
    pub key: String,
    pub version: i64,
    /// The value as JSON, in the domain type of its key.
    pub value: String,
    pub source: String,
    pub effective_date: Date,
    pub created_by: Option<String>,
    pub created_at: i64,
}

pub struct NewVersion<'a> {
    pub key: &'a str,
    pub version: i64,
    pub value: String,
    pub source: &'a str,
    pub effective_date: Date,
    pub created_by: Option<i64>,
}

const SELECT: &str = "SELECT s.key, s.version, s.value, s.source, s.effective_date, s.created_at, u.display_name FROM settings s LEFT JOIN users u ON u.id = s.created_by";

fn row(r: &crate::db::Row) -> StoreResult<SettingRow> {
    Ok(SettingRow {
        key: r.text("key")?,
        version: r.i64("version")?,
        value: r.text("value")?,
        source: r.text("source")?,
        effective_date: r.date("effective_date")?,
        created_by: r.opt_text("display_name")?,
        created_at: r.i64("created_at")?,
    })
}

/// Every stored version of every setting, by key and version. The table
/// holds a handful of rows per setting, so one read serves a whole request.
pub async fn all(db: &Db) -> StoreResult<Vec<SettingRow>> {
    db.fetch_all(Q::new(format!("{SELECT} ORDER BY s.key, s.version")))
        .await?
        .iter()
        .map(row)
        .collect()
}

/// The stored versions of one setting, read inside the transaction that
/// appends the next one.
pub async fn of_key_tx(tx: &mut Tx, key: &str) -> StoreResult<Vec<SettingRow>> {
    tx.fetch_all(Q::new(format!("{SELECT} WHERE s.key = $1 ORDER BY s.version")).bind(key))
        .await?
        .iter()
        .map(row)
        .collect()
}

pub async fn insert(tx: &mut Tx, v: NewVersion<'_>, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO settings (key, version, value, source, effective_date, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)")
            .bind(v.key)
            .bind(v.version)
            .bind(v.value)
            .bind(v.source)
            .bind(v.effective_date)
            .bind(v.created_by)
            .bind(now),
    )
    .await?;
    Ok(())
}
