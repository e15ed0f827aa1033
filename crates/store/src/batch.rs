//! Reading many records in one go: those of many persons (or measures)
//! for the work queue, one query per chunk of keys instead of one per
//! person, with chunks small enough for every backend's limit on bound
//! parameters; and a whole small table as one value.

use std::collections::HashMap;

use crate::db::{Db, Q, Row};
use crate::error::{StoreError, StoreResult};

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
/// value of lines (empty for an empty table). `expr` must not yield a line
/// break.
pub async fn text(db: &Db, expr: &str, from: &str) -> StoreResult<String> {
    // string_agg is PostgreSQL's and, since 3.44, SQLite's too.
    one_text(
        db,
        Q::new(format!("SELECT string_agg({expr}, '\n') AS v FROM {from}")),
    )
    .await
}

/// The text value `v` of a query that aggregates many rows into lines
/// (empty when there were none): one row crosses the driver instead of
/// thousands (on SQLite each row is a hop between threads, which cost
/// three times the query itself when the link graph was read row by row
/// at start-up, performance.md B8). The reader borrows its lines instead
/// of copying them.
pub async fn one_text(db: &Db, q: Q) -> StoreResult<String> {
    Ok(db.fetch_one(q).await?.opt_text("v")?.unwrap_or_default())
}

/// The `N` space-separated fields of one such line, exactly.
pub fn fields<const N: usize>(line: &str) -> StoreResult<[&str; N]> {
    let parts: Vec<&str> = line.split(' ').collect();
    parts
        .try_into()
        .map_err(|_| StoreError::Config(format!("a line read as {line:?}")))
}

#[cfg(test)]
mod tests {
    use super::fields;

    #[test]
    fn a_line_has_exactly_its_fields() {
        assert_eq!(fields::<3>("a b supplied").unwrap(), ["a", "b", "supplied"]);
        assert!(fields::<3>("a b").is_err());
        assert!(fields::<3>("a b supplied extra").is_err());
    }
}
