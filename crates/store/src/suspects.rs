//! Strong suspects (重嫌必检) and their test results.

use time::Date;

use crate::db::{Db, Q, Row, Tx};
use crate::error::{StoreError, StoreResult};
use crate::scope::push_scope;

#[derive(Clone, Debug)]
pub struct SuspectRow {
    pub id: String,
    pub org_unit_id: i64,
    pub org_name: String,
    pub org_path: String,
    pub name: String,
    pub id_number_enc: Vec<u8>,
    pub circumstances_enc: Option<Vec<u8>>,
    pub found_date: Date,
    pub test_date: Option<Date>,
    pub result: String,
    pub evidence: String,
    pub person_id: Option<String>,
    pub created_at: i64,
}

const SELECT: &str = "SELECT s.id, s.org_unit_id, o.name AS org_name, o.path AS org_path, s.name, s.id_number_enc, s.circumstances_enc, \
s.found_date, s.test_date, s.result, s.evidence, s.person_id, s.created_at FROM suspects s JOIN org_units o ON o.id = s.org_unit_id";

impl SuspectRow {
    fn from_row(r: &Row) -> StoreResult<SuspectRow> {
        Ok(SuspectRow {
            id: r.text("id")?,
            org_unit_id: r.i64("org_unit_id")?,
            org_name: r.text("org_name")?,
            org_path: r.text("org_path")?,
            name: r.text("name")?,
            id_number_enc: r.bytes("id_number_enc")?,
            circumstances_enc: r.opt_bytes("circumstances_enc")?,
            found_date: r.date("found_date")?,
            test_date: r.opt_date("test_date")?,
            result: r.text("result")?,
            evidence: r.text("evidence")?,
            person_id: r.opt_text("person_id")?,
            created_at: r.i64("created_at")?,
        })
    }
}

pub struct NewSuspect {
    pub id: String,
    pub county_code: String,
    pub org_unit_id: i64,
    pub name: String,
    pub id_number_enc: Vec<u8>,
    pub id_number_bidx: Vec<u8>,
    pub circumstances_enc: Option<Vec<u8>>,
    pub found_date: Date,
    pub created_by: Option<i64>,
}

pub async fn insert(tx: &mut Tx, s: NewSuspect, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO suspects (id, county_code, org_unit_id, name, id_number_enc, id_number_bidx, circumstances_enc, found_date, result, evidence, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'pending','',$9,$10,$10)")
            .bind(s.id)
            .bind(s.county_code)
            .bind(s.org_unit_id)
            .bind(s.name)
            .bind(s.id_number_enc)
            .bind(s.id_number_bidx)
            .bind(s.circumstances_enc)
            .bind(s.found_date)
            .bind(s.created_by)
            .bind(now),
    )
    .await?;
    Ok(())
}

pub async fn get(db: &Db, scope: &[String], id: &str) -> StoreResult<SuspectRow> {
    let mut q = Q::new(format!("{SELECT} WHERE s.id = $1"));
    let _ = q.push_arg(id);
    push_scope(&mut q, "o.path", scope);
    let r = db.fetch_optional(q).await?.ok_or(StoreError::NotFound)?;
    SuspectRow::from_row(&r)
}

/// Suspects in scope, newest first; `pending_only` for the open ones.
pub async fn list(
    db: &Db,
    scope: &[String],
    pending_only: bool,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<SuspectRow>, i64)> {
    let build = |select: &str| {
        let mut q = Q::new(format!("{select} WHERE 1=1"));
        push_scope(&mut q, "o.path", scope);
        if pending_only {
            q.push_sql(" AND s.result = 'pending'");
        }
        q
    };
    let total = db
        .scalar_i64(build(
            "SELECT COUNT(*) FROM suspects s JOIN org_units o ON o.id = s.org_unit_id",
        ))
        .await?;
    let mut q = build(SELECT);
    q.push_sql(" ORDER BY s.found_date DESC, s.created_at DESC");
    q.and(" LIMIT $?", limit);
    q.and(" OFFSET $?", offset);
    let rows = db.fetch_all(q).await?;
    Ok((
        rows.iter()
            .map(SuspectRow::from_row)
            .collect::<StoreResult<_>>()?,
        total,
    ))
}

pub async fn set_result(
    tx: &mut Tx,
    id: &str,
    test_date: Date,
    result: &str,
    evidence: &str,
    now: i64,
) -> StoreResult<()> {
    tx.execute(
        Q::new("UPDATE suspects SET test_date = $1, result = $2, evidence = $3, updated_at = $4 WHERE id = $5")
            .bind(test_date)
            .bind(result)
            .bind(evidence)
            .bind(now)
            .bind(id),
    )
    .await?;
    Ok(())
}

pub async fn link_person(tx: &mut Tx, id: &str, person_id: &str, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("UPDATE suspects SET person_id = $1, updated_at = $2 WHERE id = $3")
            .bind(person_id)
            .bind(now)
            .bind(id),
    )
    .await?;
    Ok(())
}
