//! Outflow notices (外流贩毒通报): local people caught trafficking in other
//! regions, held at their home village.

use time::Date;

use crate::db::{Db, Q, Row, Tx};
use crate::error::StoreResult;
use crate::scope::push_scope;

#[derive(Clone, Debug)]
pub struct OutflowRow {
    pub id: String,
    pub org_unit_id: i64,
    /// The home village's name and path.
    pub village: String,
    pub org_path: String,
    pub name: String,
    pub family_name: String,
    pub birth_date: Date,
    pub caught_region: String,
    pub caught_date: Date,
    pub offence: String,
    pub their_case: String,
    pub person_id: Option<String>,
}

const SELECT: &str = "SELECT n.id, n.org_unit_id, o.name AS village, o.path, n.name, n.family_name, n.birth_date, \
n.caught_region, n.caught_date, n.offence, n.their_case, n.person_id FROM outflow_notices n JOIN org_units o ON o.id = n.org_unit_id";

impl OutflowRow {
    fn from_row(r: &Row) -> StoreResult<OutflowRow> {
        Ok(OutflowRow {
            id: r.text("id")?,
            org_unit_id: r.i64("org_unit_id")?,
            village: r.text("village")?,
            org_path: r.text("path")?,
            name: r.text("name")?,
            family_name: r.text("family_name")?,
            birth_date: r.date("birth_date")?,
            caught_region: r.text("caught_region")?,
            caught_date: r.date("caught_date")?,
            offence: r.text("offence")?,
            their_case: r.text("their_case")?,
            person_id: r.opt_text("person_id")?,
        })
    }
}

pub struct NewOutflow<'a> {
    pub id: &'a str,
    pub county_code: &'a str,
    pub org_unit_id: i64,
    pub name: &'a str,
    pub family_name: &'a str,
    pub id_number_enc: Vec<u8>,
    pub id_number_bidx: Vec<u8>,
    pub birth_date: Date,
    pub caught_region: &'a str,
    pub caught_date: Date,
    pub offence: &'a str,
    pub their_case: &'a str,
    pub person_id: Option<&'a str>,
    pub created_by: Option<i64>,
}

pub async fn insert(tx: &mut Tx, n: NewOutflow<'_>, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO outflow_notices (id, county_code, org_unit_id, name, family_name, id_number_enc, id_number_bidx, birth_date, caught_region, caught_date, offence, their_case, person_id, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)")
            .bind(n.id)
            .bind(n.county_code)
            .bind(n.org_unit_id)
            .bind(n.name)
            .bind(n.family_name)
            .bind(n.id_number_enc)
            .bind(n.id_number_bidx)
            .bind(n.birth_date)
            .bind(n.caught_region)
            .bind(n.caught_date)
            .bind(n.offence)
            .bind(n.their_case)
            .bind(n.person_id)
            .bind(n.created_by)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// A page of notices in scope, the latest caught first, and the count.
pub async fn list(
    db: &Db,
    scope: &[String],
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<OutflowRow>, i64)> {
    let scoped = |select: &str| {
        let mut q = Q::new(format!("{select} WHERE 1=1"));
        push_scope(&mut q, "o.path", scope);
        q
    };
    let total = db
        .scalar_i64(scoped(
            "SELECT COUNT(*) FROM outflow_notices n JOIN org_units o ON o.id = n.org_unit_id",
        ))
        .await?;
    let mut q = scoped(SELECT);
    q.push_sql(" ORDER BY n.caught_date DESC, n.id");
    q.and(" LIMIT $?", limit);
    q.and(" OFFSET $?", offset);
    let rows = db
        .fetch_all(q)
        .await?
        .iter()
        .map(OutflowRow::from_row)
        .collect::<StoreResult<_>>()?;
    Ok((rows, total))
}

/// Every notice in scope, by village, for the groups.
pub async fn all_in_scope(db: &Db, scope: &[String]) -> StoreResult<Vec<OutflowRow>> {
    let mut q = Q::new(format!("{SELECT} WHERE 1=1"));
    push_scope(&mut q, "o.path", scope);
    q.push_sql(" ORDER BY n.org_unit_id, n.caught_date, n.id");
    db.fetch_all(q)
        .await?
        .iter()
        .map(OutflowRow::from_row)
        .collect()
}

/// What the statistics count of a notice: its village, day caught and
/// person on the register, if any.
pub async fn counting_tx(
    tx: &mut Tx,
    id: &str,
) -> StoreResult<Option<(i64, Date, Option<String>)>> {
    tx.fetch_optional(
        Q::new("SELECT org_unit_id, caught_date, person_id FROM outflow_notices WHERE id = $1")
            .bind(id),
    )
    .await?
    .map(|r| {
        Ok((
            r.i64("org_unit_id")?,
            r.date("caught_date")?,
            r.opt_text("person_id")?,
        ))
    })
    .transpose()
}
