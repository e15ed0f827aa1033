//! Assessments and self-reports, stored per person and per measure. The
//! notes arrive here already encrypted by the service.

use time::Date;

use crate::batch::by_keys;
use crate::db::{Db, Q, Tx};
use crate::error::StoreResult;

#[derive(Clone, Debug)]
pub struct AssessmentRow {
    pub id: String,
    pub measure_id: String,
    pub kind: String,
    pub done_date: Date,
    pub conclusion: String,
    pub notes_enc: Option<Vec<u8>>,
    pub recorded_by: Option<String>,
}

pub struct NewAssessment {
    pub id: String,
    pub person_id: String,
    pub measure_id: String,
    pub county_code: String,
    pub org_unit_id: i64,
    pub kind: String,
    pub done_date: Date,
    pub conclusion: String,
    pub notes_enc: Option<Vec<u8>>,
    pub recorded_by: Option<i64>,
}

pub async fn insert(tx: &mut Tx, a: NewAssessment, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO assessments (id, person_id, measure_id, county_code, org_unit_id, kind, done_date, conclusion, notes_enc, recorded_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)")
            .bind(a.id)
            .bind(a.person_id)
            .bind(a.measure_id)
            .bind(a.county_code)
            .bind(a.org_unit_id)
            .bind(a.kind)
            .bind(a.done_date)
            .bind(a.conclusion)
            .bind(a.notes_enc)
            .bind(a.recorded_by)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// A person's assessments and self-reports, newest first (the person is
/// checked by the caller).
pub async fn of_person(db: &Db, person_id: &str) -> StoreResult<Vec<AssessmentRow>> {
    Ok(of_persons(db, &[person_id.to_string()])
        .await?
        .into_iter()
        .map(|(_, a)| a)
        .collect())
}

/// The same for each person.
pub async fn of_persons(db: &Db, ids: &[String]) -> StoreResult<Vec<(String, AssessmentRow)>> {
    let select = "SELECT a.person_id, a.id, a.measure_id, a.kind, a.done_date, a.conclusion, a.notes_enc, u.display_name FROM assessments a LEFT JOIN users u ON u.id = a.recorded_by";
    let order = "ORDER BY a.done_date DESC, a.created_at DESC";
    by_keys(db, select, "a.person_id", "person_id", order, ids, |r| {
        Ok(AssessmentRow {
            id: r.text("id")?,
            measure_id: r.text("measure_id")?,
            kind: r.text("kind")?,
            done_date: r.date("done_date")?,
            conclusion: r.text("conclusion")?,
            notes_enc: r.opt_bytes("notes_enc")?,
            recorded_by: r.opt_text("display_name")?,
        })
    })
    .await
}
