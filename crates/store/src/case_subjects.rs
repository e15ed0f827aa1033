//! Suspects of a case who are not on the register (非在册涉案人员).

use time::Date;

use crate::db::{Db, Q, Tx};
use crate::error::{StoreError, StoreResult};

pub struct NewSubject<'a> {
    pub id: &'a str,
    pub case_id: &'a str,
    pub name: &'a str,
    pub id_number_enc: Vec<u8>,
    pub id_number_bidx: Vec<u8>,
    pub birth_date: Date,
    pub role: &'a str,
    pub created_by: Option<i64>,
}

/// Adds one; the same ID number twice on a case is a conflict.
pub async fn insert(tx: &mut Tx, s: NewSubject<'_>, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO case_subjects (id, case_id, name, id_number_enc, id_number_bidx, birth_date, role, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)")
            .bind(s.id)
            .bind(s.case_id)
            .bind(s.name)
            .bind(s.id_number_enc)
            .bind(s.id_number_bidx)
            .bind(s.birth_date)
            .bind(s.role)
            .bind(s.created_by)
            .bind(now),
    )
    .await
    .map(|_| ())
    .map_err(|e| match e {
        e if e.is_unique_violation() => StoreError::Conflict("case.suspect_twice".into()),
        e => e,
    })
}

/// A suspect off the register as a case lists them.
#[derive(Clone, Debug)]
pub struct SubjectRow {
    pub id: String,
    pub name: String,
    pub birth_date: Date,
    pub role: String,
}

/// The case's suspects off the register, in the order they were added.
pub async fn of_case(db: &Db, case_id: &str) -> StoreResult<Vec<SubjectRow>> {
    rows(db.fetch_all(subjects_q(case_id)).await?)
}

/// As [`of_case`], inside a writing transaction.
pub async fn of_case_tx(tx: &mut Tx, case_id: &str) -> StoreResult<Vec<SubjectRow>> {
    rows(tx.fetch_all(subjects_q(case_id)).await?)
}

fn subjects_q(case_id: &str) -> Q {
    Q::new("SELECT id, name, birth_date, role FROM case_subjects WHERE case_id = $1 ORDER BY created_at, id")
        .bind(case_id)
}

fn rows(rows: Vec<crate::db::Row>) -> StoreResult<Vec<SubjectRow>> {
    rows.iter()
        .map(|r| {
            Ok(SubjectRow {
                id: r.text("id")?,
                name: r.text("name")?,
                birth_date: r.date("birth_date")?,
                role: r.text("role")?,
            })
        })
        .collect()
}
