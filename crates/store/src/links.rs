//! Typed links between persons, each with its source (the trace task,
//! case … it came from). The analysis graph is loaded from here and kept
//! in step by the writes.

use crate::batch;
use crate::db::{Backend, Db, Q, Tx};
use crate::error::StoreResult;

pub struct NewLink<'a> {
    pub id: String,
    pub from_person: &'a str,
    pub to_person: &'a str,
    pub kind: &'a str,
    pub source_kind: &'a str,
    pub source_id: &'a str,
    pub created_by: Option<i64>,
}

pub async fn insert(tx: &mut Tx, l: NewLink<'_>, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO person_links (id, from_person, to_person, kind, source_kind, source_id, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)")
            .bind(l.id)
            .bind(l.from_person)
            .bind(l.to_person)
            .bind(l.kind)
            .bind(l.source_kind)
            .bind(l.source_id)
            .bind(l.created_by)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// Every link as read for loading the graph, in written order: one text value
/// of `from to kind` lines. One row crosses the driver instead of one a
/// link, and the lines are borrowed, not copied (B8).
pub struct LinkLines(String);

impl LinkLines {
    /// How many links (to size the graph before it is filled).
    #[must_use]
    pub fn count(&self) -> usize {
        self.0.lines().count()
    }

    /// The links as (from, to, kind).
    pub fn iter(&self) -> impl Iterator<Item = StoreResult<(&str, &str, &str)>> {
        self.0.lines().map(|l| {
            let [from, to, kind] = batch::fields(l)?;
            Ok((from, to, kind))
        })
    }
}

/// Every link in written order (on SQLite the order of insertion, on
/// PostgreSQL of creation time, then id), for loading the graph (`jindu serve` reads it
/// before answering, performance.md B8).
pub async fn all(db: &Db) -> StoreResult<LinkLines> {
    let line = "from_person || ' ' || to_person || ' ' || kind";
    let sql = match db.backend() {
        // A table's rowid order is its insertion order, which under
        // SQLite's one writer is the order commits added the links to the
        // loaded graph. The table scan reads in that order unsorted,
        // without the cost of turning a timestamp and an id into text.
        Backend::Sqlite => format!(
            "SELECT string_agg(l, '\n') AS v FROM (SELECT {line} AS l FROM person_links ORDER BY rowid)"
        ),
        Backend::Postgres => {
            format!(
                "SELECT string_agg({line}, '\n' ORDER BY created_at, id) AS v FROM person_links"
            )
        }
    };
    Ok(LinkLines(batch::one_text(db, Q::new(sql)).await?))
}
