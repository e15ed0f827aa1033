//! Transfers of a measure to another township (JDTL 22), from the sending
//! office's record to the receiving office's report-in.

use time::Date;

use crate::db::{Db, Q, Tx};
use crate::error::{StoreError, StoreResult};
use crate::scope::push_scope;

/// A transferred measure as the receiving office sees it before receipt.
#[derive(Clone, Debug)]
pub struct Incoming {
    pub measure_id: String,
    pub person_id: String,
    pub person_name: String,
    pub kind: String,
    pub snapshot: String,
    pub from_unit: String,
    pub from_unit_id: i64,
    pub to_unit_id: i64,
    pub to_path: String,
    /// The report deadline at the new place, kept as the measure's next
    /// deadline.
    pub deadline: Option<Date>,
}

const SELECT: &str = "SELECT m.id, m.person_id, p.name, m.kind, m.snapshot, f.name AS from_name, f.id AS from_id, t.id AS to_id, t.path AS to_path, m.next_deadline_date \
FROM measures m JOIN persons p ON p.id = m.person_id JOIN org_units f ON f.id = m.org_unit_id JOIN org_units t ON t.id = m.transfer_to_unit_id";

fn incoming(r: &crate::db::Row) -> StoreResult<Incoming> {
    Ok(Incoming {
        measure_id: r.text("id")?,
        person_id: r.text("person_id")?,
        person_name: r.text("name")?,
        kind: r.text("kind")?,
        snapshot: r.text("snapshot")?,
        from_unit: r.text("from_name")?,
        from_unit_id: r.i64("from_id")?,
        to_unit_id: r.i64("to_id")?,
        to_path: r.text("to_path")?,
        deadline: r.opt_date("next_deadline_date")?,
    })
}

/// Open measures on their way to a unit inside `scope`, by deadline.
pub async fn incoming_in_scope(
    db: &Db,
    scope: &[String],
    limit: i64,
) -> StoreResult<Vec<Incoming>> {
    let mut q = Q::new(format!("{SELECT} WHERE m.closed = $1"));
    let _ = q.push_arg(false);
    push_scope(&mut q, "t.path", scope);
    q.and(" ORDER BY m.next_deadline_date LIMIT $?", limit);
    db.fetch_all(q).await?.iter().map(incoming).collect()
}

/// One incoming measure, only if its destination lies inside `scope`.
pub async fn incoming_one(db: &Db, scope: &[String], measure_id: &str) -> StoreResult<Incoming> {
    let mut q = Q::new(format!("{SELECT} WHERE m.id = $1 AND m.closed = $2"));
    let _ = q.push_arg(measure_id);
    let _ = q.push_arg(false);
    push_scope(&mut q, "t.path", scope);
    let r = db.fetch_optional(q).await?.ok_or(StoreError::NotFound)?;
    incoming(&r)
}

/// Marks the measure as on its way to `to_unit_id`.
pub async fn set_destination(tx: &mut Tx, measure_id: &str, to_unit_id: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("UPDATE measures SET transfer_to_unit_id = $1 WHERE id = $2")
            .bind(to_unit_id)
            .bind(measure_id),
    )
    .await?;
    Ok(())
}

/// The person reported at the new place: the measure and the person now
/// belong to the receiving unit. Records written before (tests, visits …)
/// keep the unit that made them.
pub struct Receipt<'a> {
    pub measure_id: &'a str,
    pub person_id: &'a str,
    pub county_code: &'a str,
    /// The village (社区/村) of the new residence.
    pub residence_unit_id: i64,
    pub grid_id: Option<i64>,
    /// The grid if given, else the village: the unit the person belongs to.
    pub owner_id: i64,
}

pub async fn receive(tx: &mut Tx, r: Receipt<'_>, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("UPDATE measures SET org_unit_id = $1, county_code = $2, transfer_to_unit_id = NULL, updated_at = $3 WHERE id = $4")
            .bind(r.owner_id)
            .bind(r.county_code)
            .bind(now)
            .bind(r.measure_id),
    )
    .await?;
    // The new township assigns its own worker.
    tx.execute(
        Q::new(format!("UPDATE persons SET org_unit_id = $1, county_unit_id = {}, county_code = $2, residence_unit_id = $3, residence_grid_id = $4, assigned_worker_id = NULL, updated_at = $5 WHERE id = $6", crate::persons::county_of("$1")))
            .bind(r.owner_id)
            .bind(r.county_code)
            .bind(r.residence_unit_id)
            .bind(r.grid_id)
            .bind(now)
            .bind(r.person_id),
    )
    .await?;
    Ok(())
}
