//! Reading many records in one go: those of many persons (or measures)
//! for the work queue, one query per chunk of keys instead of one per
//! person, with chunks small enough for every backend's limit on bound
//! parameters; and a whole small table as one value.

use std::collections::HashMap;

use crate::db::{Db, Q, Row};
use crate::error::StoreResult;

/// Keys bound per query (SQLite allows 32,766 parameters, PostgreSQL 65,535).
const CHUNK: usize = 500;

/// Runs `{select} WHERE {key_col} IN (…) {order}` over `keys` and answers
/// each mapped row with its key, read from the column named `key_name`.
pub async fn by_keys<T>(
    db: &Db,
    select: &str,
    key_col: &str,
    key_name: &str,
    order: &str,
    keys: &[String],
    map: impl Fn(&Row) -> StoreResult<T>,
) -> StoreResult<Vec<(String, T)>> {
    let mut out = Vec::new();
    for chunk in keys.chunks(CHUNK) {
        let mut q = Q::new(format!("{select} WHERE {key_col} IN ("));
        for (i, k) in chunk.iter().enumerate() {
            let n = q.push_arg(k.as_str());
            q.push_sql(&format!("{}${n}", if i == 0 { "" } else { "," }));
        }
        q.push_sql(&format!(") {order}"));
        for r in db.fetch_all(q).await? {
            out.push((r.text(key_name)?, map(&r)?));
        }
    }
    Ok(out)
}

/// The rows of each key, in the order they were read.
pub fn group<T>(rows: Vec<(String, T)>) -> HashMap<String, Vec<T>> {
    let mut m: HashMap<String, Vec<T>> = HashMap::new();
    for (k, v) in rows {
        m.entry(k).or_default().push(v);
    }
    m
}

/// `expr` of every row of `from`, in no particular order, as one text
/// value of lines (none for an empty table): one row crosses the driver
/// instead of thousands (on SQLite each row is a hop between threads,
/// which cost three times the query itself when the link graph was read
/// row by row at start-up, performance.md B8). The reader borrows its lines instead of copying
/// them. `expr` must not yield a line break.
pub async fn text(db: &Db, expr: &str, from: &str) -> StoreResult<Option<String>> {
    // string_agg is PostgreSQL's and, since 3.44, SQLite's too.
    let sql = format!("SELECT string_agg({expr}, '\n') AS v FROM {from}");
    db.fetch_one(Q::new(sql)).await?.opt_text("v")
}
