//! Typed links between persons, each with its source (the trace task,
//! case … it came from). The analysis graph is loaded from here and kept
//! in step by the writes.

use crate::db::{Db, Q, Tx};
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

/// Every link as (from, to, kind), oldest first, for loading the graph.
/// Read unordered and sorted here: the database's sort of the aggregated
/// rows cost as much again as reading them (B8).
pub async fn all(db: &Db) -> StoreResult<Vec<(String, String, String)>> {
    let expr = "created_at || ' ' || id || ' ' || from_person || ' ' || to_person || ' ' || kind";
    let rows = crate::batch::lines(db, expr, "person_links", "").await?;
    let mut links = rows
        .iter()
        .map(|l| {
            let mut parts = l.split(' ');
            let mut next = || parts.next().map(str::to_string);
            match (next(), next(), next(), next(), next()) {
                (Some(at), Some(id), Some(from), Some(to), Some(kind)) => {
                    let at: i64 = at.parse().map_err(|_| bad(l))?;
                    Ok(((at, id), (from, to, kind)))
                }
                _ => Err(bad(l)),
            }
        })
        .collect::<StoreResult<Vec<_>>>()?;
    links.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(links.into_iter().map(|(_, link)| link).collect())
}

fn bad(line: &str) -> crate::error::StoreError {
    crate::error::StoreError::Config(format!("a link read as {line:?}"))
}
