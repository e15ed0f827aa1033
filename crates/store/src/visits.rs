//! Visits (走访), stored per person (and per measure when one was running).
//! The notes arrive here already encrypted by the service.

use time::Date;

use crate::batch::by_keys;
use crate::db::{Db, Q, Tx};
use crate::error::StoreResult;

#[derive(Clone, Debug)]
pub struct VisitRow {
    pub id: String,
    pub measure_id: Option<String>,
    pub visit_date: Date,
    pub kind: String,
    pub place: String,
    pub outcome: String,
    pub notes_enc: Option<Vec<u8>>,
    pub visited_by: Option<String>,
}

pub struct NewVisit {
    pub id: String,
    pub person_id: String,
    pub measure_id: Option<String>,
    pub county_code: String,
    pub org_unit_id: i64,
    pub visit_date: Date,
    pub kind: String,
    pub place: String,
    pub outcome: String,
    pub notes_enc: Option<Vec<u8>>,
    pub visited_by: Option<i64>,
}

pub async fn insert(tx: &mut Tx, v: NewVisit, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO visits (id, person_id, measure_id, county_code, org_unit_id, visit_date, kind, place, outcome, notes_enc, visited_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)")
            .bind(v.id)
            .bind(v.person_id)
            .bind(v.measure_id)
            .bind(v.county_code)
            .bind(v.org_unit_id)
            .bind(v.visit_date)
            .bind(v.kind)
            .bind(v.place)
            .bind(v.outcome)
            .bind(v.notes_enc)
            .bind(v.visited_by)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// A person's visits, newest first (the person is checked by the caller).
pub async fn of_person(db: &Db, person_id: &str) -> StoreResult<Vec<VisitRow>> {
    let rows = db
        .fetch_all(
            Q::new("SELECT v.id, v.measure_id, v.visit_date, v.kind, v.place, v.outcome, v.notes_enc, u.display_name FROM visits v LEFT JOIN users u ON u.id = v.visited_by WHERE v.person_id = $1 ORDER BY v.visit_date DESC, v.created_at DESC")
                .bind(person_id),
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(VisitRow {
                id: r.text("id")?,
                measure_id: r.opt_text("measure_id")?,
                visit_date: r.date("visit_date")?,
                kind: r.text("kind")?,
                place: r.text("place")?,
                outcome: r.text("outcome")?,
                notes_enc: r.opt_bytes("notes_enc")?,
                visited_by: r.opt_text("display_name")?,
            })
        })
        .collect()
}

/// What the visit cadence needs of each person's visits: (date, kind,
/// outcome), without the notes.
pub async fn cadence_of_persons(
    db: &Db,
    ids: &[String],
) -> StoreResult<Vec<(String, (Date, String, String))>> {
    let select = "SELECT v.person_id, v.visit_date, v.kind, v.outcome FROM visits v";
    by_keys(db, select, "v.person_id", "person_id", "", ids, |r| {
        Ok((r.date("visit_date")?, r.text("kind")?, r.text("outcome")?))
    })
    .await
}
