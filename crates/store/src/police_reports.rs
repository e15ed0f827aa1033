//! Reports to the police (JDTL 21), one per flag of a measure.

use time::Date;

use crate::batch::by_keys;
use crate::db::{Db, Q, Tx};
use crate::error::StoreResult;

#[derive(Clone, Debug)]
pub struct ReportRow {
    pub id: String,
    pub reason: String,
    pub raised_date: Date,
    pub reported_date: Date,
    pub police_unit: String,
    pub recorded_by: Option<String>,
}

pub struct NewReport {
    pub id: String,
    pub person_id: String,
    pub measure_id: String,
    pub county_code: String,
    pub org_unit_id: i64,
    pub reason: String,
    pub raised_date: Date,
    pub reported_date: Date,
    pub police_unit: String,
    pub recorded_by: Option<i64>,
}

pub async fn insert(tx: &mut Tx, r: NewReport, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO police_reports (id, person_id, measure_id, county_code, org_unit_id, reason, raised_date, reported_date, police_unit, recorded_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)")
            .bind(r.id)
            .bind(r.person_id)
            .bind(r.measure_id)
            .bind(r.county_code)
            .bind(r.org_unit_id)
            .bind(r.reason)
            .bind(r.raised_date)
            .bind(r.reported_date)
            .bind(r.police_unit)
            .bind(r.recorded_by)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// The reports made for a measure, in the order of their flags.
pub async fn of_measure(db: &Db, measure_id: &str) -> StoreResult<Vec<ReportRow>> {
    Ok(of_measures(db, &[measure_id.to_string()])
        .await?
        .into_iter()
        .map(|(_, r)| r)
        .collect())
}

/// The reports of each measure, in the order of their flags.
pub async fn of_measures(db: &Db, ids: &[String]) -> StoreResult<Vec<(String, ReportRow)>> {
    let select = "SELECT r.measure_id, r.id, r.reason, r.raised_date, r.reported_date, r.police_unit, u.display_name FROM police_reports r LEFT JOIN users u ON u.id = r.recorded_by";
    let order = "ORDER BY r.raised_date, r.reason";
    by_keys(db, select, "r.measure_id", "measure_id", order, ids, |r| {
        Ok(ReportRow {
            id: r.text("id")?,
            reason: r.text("reason")?,
            raised_date: r.date("raised_date")?,
            reported_date: r.date("reported_date")?,
            police_unit: r.text("police_unit")?,
            recorded_by: r.opt_text("display_name")?,
        })
    })
    .await
}
