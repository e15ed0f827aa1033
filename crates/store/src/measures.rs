//! Measures and their events. The domain's `Measure` is kept as a JSON
//! snapshot (rebuilt by applying each event through the state machine), with
//! its state and next open deadline as columns for queries.

use time::Date;

use crate::db::{Db, Q, Row, Tx};
use crate::error::{StoreError, StoreResult};
use crate::scope::push_scope;

#[derive(Clone, Debug)]
pub struct MeasureRow {
    pub id: String,
    pub person_id: String,
    pub org_path: String,
    pub kind: String,
    pub state: String,
    pub decision_date: Date,
    pub snapshot: String,
    pub closed: bool,
    pub next_deadline_date: Option<Date>,
    pub created_at: i64,
}

const SELECT: &str = "SELECT m.id, m.person_id, o.path AS org_path, m.kind, m.state, m.decision_date, m.snapshot, m.closed, m.next_deadline_date, m.created_at \
FROM measures m JOIN org_units o ON o.id = m.org_unit_id";

impl MeasureRow {
    fn from_row(r: &Row) -> StoreResult<MeasureRow> {
        Ok(MeasureRow {
            id: r.text("id")?,
            person_id: r.text("person_id")?,
            org_path: r.text("org_path")?,
            kind: r.text("kind")?,
            state: r.text("state")?,
            decision_date: r.date("decision_date")?,
            snapshot: r.text("snapshot")?,
            closed: r.bool("closed")?,
            next_deadline_date: r.opt_date("next_deadline_date")?,
            created_at: r.i64("created_at")?,
        })
    }
}

pub struct NewMeasure {
    pub id: String,
    pub person_id: String,
    pub county_code: String,
    pub org_unit_id: i64,
    pub kind: String,
    pub state: String,
    pub decision_date: Date,
    pub served_date: Option<Date>,
    pub term_months: Option<i64>,
    pub early_release_bar: Option<String>,
    pub snapshot: String,
    pub closed: bool,
    pub next_deadline_date: Option<Date>,
    pub created_by: Option<i64>,
}

pub async fn insert(tx: &mut Tx, m: NewMeasure, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO measures (id, person_id, county_code, org_unit_id, kind, state, decision_date, served_date, term_months, early_release_bar, snapshot, closed, next_deadline_date, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$15)")
            .bind(m.id)
            .bind(m.person_id)
            .bind(m.county_code)
            .bind(m.org_unit_id)
            .bind(m.kind)
            .bind(m.state)
            .bind(m.decision_date)
            .bind(m.served_date)
            .bind(m.term_months)
            .bind(m.early_release_bar)
            .bind(m.snapshot)
            .bind(m.closed)
            .bind(m.next_deadline_date)
            .bind(m.created_by)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// One measure, only if its unit lies inside the scope.
pub async fn get(db: &Db, scope: &[String], id: &str) -> StoreResult<MeasureRow> {
    let mut q = Q::new(format!("{SELECT} WHERE m.id = $1"));
    let _ = q.push_arg(id);
    push_scope(&mut q, "o.path", scope);
    let r = db.fetch_optional(q).await?.ok_or(StoreError::NotFound)?;
    MeasureRow::from_row(&r)
}

/// One measure whatever its unit: for a caller that checked access
/// another way (the receiving office of a transfer, on its destination).
pub async fn by_id(db: &Db, id: &str) -> StoreResult<MeasureRow> {
    let r = db
        .fetch_optional(Q::new(format!("{SELECT} WHERE m.id = $1")).bind(id))
        .await?
        .ok_or(StoreError::NotFound)?;
    MeasureRow::from_row(&r)
}

/// A person's measures, newest first (the person is checked by the caller).
pub async fn of_person(db: &Db, person_id: &str) -> StoreResult<Vec<MeasureRow>> {
    let rows = db
        .fetch_all(
            Q::new(format!(
                "{SELECT} WHERE m.person_id = $1 ORDER BY m.decision_date DESC, m.created_at DESC"
            ))
            .bind(person_id),
        )
        .await?;
    rows.iter().map(MeasureRow::from_row).collect()
}

/// As [`of_person`], inside a write.
pub async fn of_person_in(tx: &mut Tx, person_id: &str) -> StoreResult<Vec<MeasureRow>> {
    let rows = tx
        .fetch_all(
            Q::new(format!(
                "{SELECT} WHERE m.person_id = $1 ORDER BY m.decision_date DESC, m.created_at DESC"
            ))
            .bind(person_id),
        )
        .await?;
    rows.iter().map(MeasureRow::from_row).collect()
}

/// Appends an event and stores the new snapshot in the same transaction.
pub struct EventWrite<'a> {
    pub measure_id: &'a str,
    pub code: &'a str,
    pub on: Date,
    pub payload: String,
    pub state: &'a str,
    pub snapshot: String,
    pub closed: bool,
    pub next_deadline_date: Option<Date>,
    pub recorded_by: Option<i64>,
}

pub async fn append_event(tx: &mut Tx, w: EventWrite<'_>, now: i64) -> StoreResult<i64> {
    let seq = tx
        .scalar_i64(
            Q::new("SELECT COALESCE(MAX(seq), 0) + 1 FROM measure_events WHERE measure_id = $1")
                .bind(w.measure_id),
        )
        .await?;
    tx.execute(
        Q::new("INSERT INTO measure_events (measure_id, seq, code, on_date, payload, recorded_by, recorded_at) VALUES ($1,$2,$3,$4,$5,$6,$7)")
            .bind(w.measure_id)
            .bind(seq)
            .bind(w.code)
            .bind(w.on)
            .bind(w.payload)
            .bind(w.recorded_by)
            .bind(now),
    )
    .await?;
    tx.execute(
        Q::new("UPDATE measures SET state = $1, snapshot = $2, closed = $3, next_deadline_date = $4, updated_at = $5 WHERE id = $6")
            .bind(w.state)
            .bind(w.snapshot)
            .bind(w.closed)
            .bind(w.next_deadline_date)
            .bind(now)
            .bind(w.measure_id),
    )
    .await?;
    Ok(seq)
}

#[derive(Clone, Debug)]
pub struct EventRow {
    pub seq: i64,
    pub code: String,
    pub on: Date,
    pub payload: String,
    pub recorded_at: i64,
    pub recorded_by: Option<String>,
}

pub async fn events(db: &Db, measure_id: &str) -> StoreResult<Vec<EventRow>> {
    let rows = db
        .fetch_all(
            Q::new("SELECT e.seq, e.code, e.on_date, e.payload, e.recorded_at, u.display_name FROM measure_events e LEFT JOIN users u ON u.id = e.recorded_by WHERE e.measure_id = $1 ORDER BY e.seq")
                .bind(measure_id),
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(EventRow {
                seq: r.i64("seq")?,
                code: r.text("code")?,
                on: r.date("on_date")?,
                payload: r.text("payload")?,
                recorded_at: r.i64("recorded_at")?,
                recorded_by: r.opt_text("display_name")?,
            })
        })
        .collect()
}

/// Any open measure of the person (one measure runs at a time).
pub async fn open_of_person(tx: &mut Tx, person_id: &str) -> StoreResult<Option<String>> {
    let r = tx
        .fetch_optional(
            Q::new("SELECT id FROM measures WHERE person_id = $1 AND closed = $2")
                .bind(person_id)
                .bind(false),
        )
        .await?;
    r.map(|r| r.text("id")).transpose()
}

pub async fn set_person_status(
    tx: &mut Tx,
    person_id: &str,
    status: &str,
    now: i64,
) -> StoreResult<()> {
    tx.execute(
        Q::new("UPDATE persons SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(status)
            .bind(now)
            .bind(person_id),
    )
    .await?;
    Ok(())
}

/// An open measure in scope with its person's name, for the work queue.
pub struct OpenMeasure {
    pub id: String,
    pub person_id: String,
    pub person_name: String,
    /// The person's register status (a lost-contact hint is moot when the
    /// status already says so).
    pub person_status: String,
    pub snapshot: String,
    /// The measure's unit, for the supervisor's counts.
    pub org_path: String,
}

/// Open measures in the scope, by next deadline (indexed), at most `limit`.
pub async fn open_in_scope(db: &Db, scope: &[String], limit: i64) -> StoreResult<Vec<OpenMeasure>> {
    let mut q = Q::new(
        "SELECT m.id, m.person_id, p.name, p.status, m.snapshot, o.path FROM measures m JOIN persons p ON p.id = m.person_id \
         JOIN org_units o ON o.id = m.org_unit_id WHERE m.closed = $1",
    );
    let _ = q.push_arg(false);
    push_scope(&mut q, "o.path", scope);
    q.and(" ORDER BY m.next_deadline_date LIMIT $?", limit);
    let rows = db.fetch_all(q).await?;
    rows.iter()
        .map(|r| {
            Ok(OpenMeasure {
                id: r.text("id")?,
                person_id: r.text("person_id")?,
                person_name: r.text("name")?,
                person_status: r.text("status")?,
                snapshot: r.text("snapshot")?,
                org_path: r.text("path")?,
            })
        })
        .collect()
}

/// Persons under a running community measure (detox or rehabilitation),
/// per unit path, in the scope: the caseload the social workers carry.
pub async fn community_by_unit(db: &Db, scope: &[String]) -> StoreResult<Vec<(String, i64)>> {
    let mut q = Q::new(
        "SELECT o.path, COUNT(*) AS n FROM measures m JOIN org_units o ON o.id = m.org_unit_id \
         WHERE m.closed = $1 AND m.kind IN ('community_detox', 'community_rehab')",
    );
    let _ = q.push_arg(false);
    push_scope(&mut q, "o.path", scope);
    q.push_sql(" GROUP BY o.path");
    db.fetch_all(q)
        .await?
        .iter()
        .map(|r| Ok((r.text("path")?, r.i64("n")?)))
        .collect()
}

/// The person and the unit a measure belongs to, inside the writing
/// transaction.
pub async fn owner_tx(tx: &mut Tx, id: &str) -> StoreResult<(String, i64)> {
    let r = tx
        .fetch_one(Q::new("SELECT person_id, org_unit_id FROM measures WHERE id = $1").bind(id))
        .await?;
    Ok((r.text("person_id")?, r.i64("org_unit_id")?))
}

/// A measure's snapshot inside the writing transaction.
pub async fn snapshot_tx(tx: &mut Tx, id: &str) -> StoreResult<String> {
    tx.fetch_one(Q::new("SELECT snapshot FROM measures WHERE id = $1").bind(id))
        .await?
        .text("snapshot")
}
