//! Objects and locations of the relation graph (POLE) and their ties to
//! persons and cases.

use time::Date;

use crate::batch::by_keys;
use crate::db::{Db, Q, Row, Tx};
use crate::error::{StoreError, StoreResult};

pub struct NewObject<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub label_enc: Vec<u8>,
    pub label_bidx: Vec<u8>,
    pub org_unit_id: i64,
    pub created_by: Option<i64>,
}

/// The object of a kind with this label's blind index, if recorded.
pub async fn find_tx(tx: &mut Tx, kind: &str, bidx: &[u8]) -> StoreResult<Option<String>> {
    tx.fetch_optional(
        Q::new("SELECT id FROM pole_objects WHERE kind = $1 AND label_bidx = $2")
            .bind(kind)
            .bind(bidx.to_vec()),
    )
    .await?
    .map(|r| r.text("id"))
    .transpose()
}

pub async fn insert_tx(tx: &mut Tx, o: NewObject<'_>, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO pole_objects (id, kind, label_enc, label_bidx, org_unit_id, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)")
            .bind(o.id)
            .bind(o.kind)
            .bind(o.label_enc)
            .bind(o.label_bidx)
            .bind(o.org_unit_id)
            .bind(o.created_by)
            .bind(now),
    )
    .await
    .map(|_| ())
}

/// A person or a case tied to an object (exactly one of the two).
pub struct NewTie<'a> {
    pub id: &'a str,
    pub object_id: &'a str,
    pub person_id: Option<&'a str>,
    pub case_id: Option<&'a str>,
    pub role: &'a str,
    pub source_kind: &'a str,
    pub source_id: &'a str,
    pub on_date: Date,
    pub created_by: Option<i64>,
}

/// Records a tie; the same tie from the same source twice is a conflict.
pub async fn tie_tx(tx: &mut Tx, t: NewTie<'_>, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO pole_links (id, object_id, person_id, case_id, role, source_kind, source_id, on_date, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)")
            .bind(t.id)
            .bind(t.object_id)
            .bind(t.person_id)
            .bind(t.case_id)
            .bind(t.role)
            .bind(t.source_kind)
            .bind(t.source_id)
            .bind(t.on_date)
            .bind(t.created_by)
            .bind(now),
    )
    .await
    .map(|_| ())
    .map_err(|e| match e {
        e if e.is_unique_violation() => StoreError::Conflict("object.tied_twice".into()),
        e => e,
    })
}

/// An object as stored, its label still sealed.
#[derive(Clone, Debug)]
pub struct ObjectRow {
    pub id: String,
    pub kind: String,
    pub label_enc: Vec<u8>,
}

/// A tie as stored.
#[derive(Clone, Debug)]
pub struct TieRow {
    pub object_id: String,
    pub person_id: Option<String>,
    pub case_id: Option<String>,
    pub role: String,
    pub source_kind: String,
    pub source_id: String,
    pub on_date: Date,
}

const TIES: &str =
    "SELECT object_id, person_id, case_id, role, source_kind, source_id, on_date FROM pole_links";
const TIE_ORDER: &str = "ORDER BY on_date DESC, id";

fn tie(r: &Row) -> StoreResult<TieRow> {
    Ok(TieRow {
        object_id: r.text("object_id")?,
        person_id: r.opt_text("person_id")?,
        case_id: r.opt_text("case_id")?,
        role: r.text("role")?,
        source_kind: r.text("source_kind")?,
        source_id: r.text("source_id")?,
        on_date: r.date("on_date")?,
    })
}

/// Whose ties to read.
#[derive(Clone, Copy, Debug)]
pub enum TiesOf {
    Persons,
    Cases,
    Objects,
}

/// The ties of these persons, cases or objects, latest first.
pub async fn ties_of(db: &Db, of: TiesOf, ids: &[String]) -> StoreResult<Vec<TieRow>> {
    let key = match of {
        TiesOf::Persons => "person_id",
        TiesOf::Cases => "case_id",
        TiesOf::Objects => "object_id",
    };
    Ok(by_keys(db, TIES, key, "object_id", TIE_ORDER, ids, tie)
        .await?
        .into_iter()
        .map(|(_, t)| t)
        .collect())
}

/// These objects, in no particular order.
pub async fn get_many(db: &Db, ids: &[String]) -> StoreResult<Vec<ObjectRow>> {
    let select = "SELECT id, kind, label_enc FROM pole_objects";
    Ok(by_keys(db, select, "id", "id", "", ids, |r| {
        Ok(ObjectRow {
            id: r.text("id")?,
            kind: r.text("kind")?,
            label_enc: r.bytes("label_enc")?,
        })
    })
    .await?
    .into_iter()
    .map(|(_, o)| o)
    .collect())
}
