//! Leave requests (请假外出, JDTL 19) and unreported absences, stored per
//! person and per measure. The destination arrives encrypted from the
//! service; reads of single requests take the actor's scope.

use time::Date;

use crate::batch::by_keys;
use crate::db::{Db, Q, Row, Tx};
use crate::error::{StoreError, StoreResult};
use crate::scope::push_scope;

#[derive(Clone, Debug)]
pub struct LeaveRow {
    pub id: String,
    pub person_id: String,
    pub measure_id: String,
    pub org_path: String,
    pub request_date: Date,
    pub from_date: Date,
    pub to_date: Date,
    pub destination_enc: Vec<u8>,
    pub reason: String,
    /// requested, approved, refused
    pub state: String,
    pub requested_by: Option<i64>,
    pub requested_by_name: Option<String>,
    pub decision_date: Option<Date>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<i64>,
    pub departed_date: Option<Date>,
    pub returned_date: Option<Date>,
}

const SELECT: &str = "SELECT l.id, l.person_id, l.measure_id, o.path AS org_path, l.request_date, l.from_date, l.to_date, \
l.destination_enc, l.reason, l.state, l.requested_by, rq.display_name AS requested_by_name, l.decision_date, \
dc.display_name AS decided_by_name, l.decided_at, l.departed_date, l.returned_date \
FROM leave_requests l JOIN org_units o ON o.id = l.org_unit_id \
LEFT JOIN users rq ON rq.id = l.requested_by LEFT JOIN users dc ON dc.id = l.decided_by";

impl LeaveRow {
    fn from_row(r: &Row) -> StoreResult<LeaveRow> {
        Ok(LeaveRow {
            id: r.text("id")?,
            person_id: r.text("person_id")?,
            measure_id: r.text("measure_id")?,
            org_path: r.text("org_path")?,
            request_date: r.date("request_date")?,
            from_date: r.date("from_date")?,
            to_date: r.date("to_date")?,
            destination_enc: r.bytes("destination_enc")?,
            reason: r.text("reason")?,
            state: r.text("state")?,
            requested_by: r.opt_i64("requested_by")?,
            requested_by_name: r.opt_text("requested_by_name")?,
            decision_date: r.opt_date("decision_date")?,
            decided_by_name: r.opt_text("decided_by_name")?,
            decided_at: r.opt_i64("decided_at")?,
            departed_date: r.opt_date("departed_date")?,
            returned_date: r.opt_date("returned_date")?,
        })
    }
}

pub struct NewLeave {
    pub id: String,
    pub person_id: String,
    pub measure_id: String,
    pub county_code: String,
    pub org_unit_id: i64,
    pub request_date: Date,
    pub from_date: Date,
    pub to_date: Date,
    pub destination_enc: Vec<u8>,
    pub reason: String,
    pub requested_by: Option<i64>,
}

pub async fn insert(tx: &mut Tx, l: NewLeave, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO leave_requests (id, person_id, measure_id, county_code, org_unit_id, request_date, from_date, to_date, destination_enc, reason, state, requested_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,'requested',$11,$12,$12)")
            .bind(l.id)
            .bind(l.person_id)
            .bind(l.measure_id)
            .bind(l.county_code)
            .bind(l.org_unit_id)
            .bind(l.request_date)
            .bind(l.from_date)
            .bind(l.to_date)
            .bind(l.destination_enc)
            .bind(l.reason)
            .bind(l.requested_by)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// One request, only if its unit lies inside the scope.
pub async fn get(db: &Db, scope: &[String], id: &str) -> StoreResult<LeaveRow> {
    let mut q = Q::new(format!("{SELECT} WHERE l.id = $1"));
    let _ = q.push_arg(id);
    push_scope(&mut q, "o.path", scope);
    let r = db.fetch_optional(q).await?.ok_or(StoreError::NotFound)?;
    LeaveRow::from_row(&r)
}

/// A person's requests, newest trip first (the person is checked by the
/// caller).
pub async fn of_person(db: &Db, person_id: &str) -> StoreResult<Vec<LeaveRow>> {
    Ok(of_persons(db, &[person_id.to_string()])
        .await?
        .into_iter()
        .map(|(_, l)| l)
        .collect())
}

/// Requests of each person, newest trip first (checked by the caller).
pub async fn of_persons(db: &Db, ids: &[String]) -> StoreResult<Vec<(String, LeaveRow)>> {
    let order = "ORDER BY l.from_date DESC, l.created_at DESC";
    by_keys(
        db,
        SELECT,
        "l.person_id",
        "person_id",
        order,
        ids,
        LeaveRow::from_row,
    )
    .await
}

/// Records the decision; false when the request was decided meanwhile.
pub async fn decide(
    tx: &mut Tx,
    id: &str,
    state: &str,
    on: Date,
    by: Option<i64>,
    now: i64,
) -> StoreResult<bool> {
    let n = tx
        .execute(
            Q::new("UPDATE leave_requests SET state = $1, decision_date = $2, decided_by = $3, decided_at = $4, updated_at = $4 WHERE id = $5 AND state = 'requested'")
                .bind(state)
                .bind(on)
                .bind(by)
                .bind(now)
                .bind(id),
        )
        .await?;
    Ok(n == 1)
}

/// Records the departure; false when one was recorded meanwhile.
pub async fn depart(tx: &mut Tx, id: &str, on: Date, now: i64) -> StoreResult<bool> {
    let n = tx
        .execute(
            Q::new("UPDATE leave_requests SET departed_date = $1, updated_at = $2 WHERE id = $3 AND departed_date IS NULL")
                .bind(on)
                .bind(now)
                .bind(id),
        )
        .await?;
    Ok(n == 1)
}

/// Records the return; false when one was recorded meanwhile.
pub async fn come_back(tx: &mut Tx, id: &str, on: Date, now: i64) -> StoreResult<bool> {
    let n = tx
        .execute(
            Q::new("UPDATE leave_requests SET returned_date = $1, updated_at = $2 WHERE id = $3 AND departed_date IS NOT NULL AND returned_date IS NULL")
                .bind(on)
                .bind(now)
                .bind(id),
        )
        .await?;
    Ok(n == 1)
}

/// A request for the work queue, with its person's name.
pub struct QueueLeave {
    pub id: String,
    pub person_id: String,
    pub person_name: String,
    pub from_date: Date,
    pub to_date: Date,
    pub requested_by: Option<i64>,
    /// Unit of the request, for the supervisor's counts.
    pub org_path: String,
}

fn queue_rows(rows: &[Row]) -> StoreResult<Vec<QueueLeave>> {
    rows.iter()
        .map(|r| {
            Ok(QueueLeave {
                id: r.text("id")?,
                person_id: r.text("person_id")?,
                person_name: r.text("name")?,
                from_date: r.date("from_date")?,
                to_date: r.date("to_date")?,
                requested_by: r.opt_i64("requested_by")?,
                org_path: r.text("org_path")?,
            })
        })
        .collect()
}

const QUEUE_SELECT: &str = "SELECT l.id, l.person_id, p.name, o.path AS org_path, l.from_date, l.to_date, l.requested_by \
FROM leave_requests l JOIN persons p ON p.id = l.person_id JOIN org_units o ON o.id = l.org_unit_id";

/// Undecided requests in the scope, by planned departure, at most `limit`.
pub async fn undecided_in_scope(
    db: &Db,
    scope: &[String],
    limit: i64,
) -> StoreResult<Vec<QueueLeave>> {
    let mut q = Q::new(format!("{QUEUE_SELECT} WHERE l.state = 'requested'"));
    push_scope(&mut q, "o.path", scope);
    q.and(" ORDER BY l.from_date LIMIT $?", limit);
    queue_rows(&db.fetch_all(q).await?)
}

/// Requests whose person left and is not back after the planned return
/// (before `today`), in the scope, oldest first, at most `limit`.
pub async fn away_past_return_in_scope(
    db: &Db,
    scope: &[String],
    today: Date,
    limit: i64,
) -> StoreResult<Vec<QueueLeave>> {
    let mut q = Q::new(format!(
        "{QUEUE_SELECT} WHERE l.returned_date IS NULL AND l.to_date < $1 AND l.departed_date IS NOT NULL"
    ));
    let _ = q.push_arg(today);
    push_scope(&mut q, "o.path", scope);
    q.and(" ORDER BY l.to_date LIMIT $?", limit);
    queue_rows(&db.fetch_all(q).await?)
}

#[derive(Clone, Debug)]
pub struct AbsenceRow {
    pub id: String,
    pub measure_id: String,
    pub departed_date: Date,
    pub returned_date: Date,
    pub recorded_by: Option<String>,
}

pub struct NewAbsence {
    pub id: String,
    pub person_id: String,
    pub measure_id: String,
    pub county_code: String,
    pub org_unit_id: i64,
    pub departed_date: Date,
    pub returned_date: Date,
    pub recorded_by: Option<i64>,
}

pub async fn insert_absence(tx: &mut Tx, a: NewAbsence, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO leave_absences (id, person_id, measure_id, county_code, org_unit_id, departed_date, returned_date, recorded_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)")
            .bind(a.id)
            .bind(a.person_id)
            .bind(a.measure_id)
            .bind(a.county_code)
            .bind(a.org_unit_id)
            .bind(a.departed_date)
            .bind(a.returned_date)
            .bind(a.recorded_by)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// A person's unreported absences, newest first (the person is checked by
/// the caller).
pub async fn absences_of_person(db: &Db, person_id: &str) -> StoreResult<Vec<AbsenceRow>> {
    Ok(absences_of_persons(db, &[person_id.to_string()])
        .await?
        .into_iter()
        .map(|(_, a)| a)
        .collect())
}

/// Unreported absences of each person, newest first (checked by the caller).
pub async fn absences_of_persons(
    db: &Db,
    ids: &[String],
) -> StoreResult<Vec<(String, AbsenceRow)>> {
    let select = "SELECT a.person_id, a.id, a.measure_id, a.departed_date, a.returned_date, u.display_name FROM leave_absences a LEFT JOIN users u ON u.id = a.recorded_by";
    let order = "ORDER BY a.departed_date DESC, a.created_at DESC";
    by_keys(db, select, "a.person_id", "person_id", order, ids, |r| {
        Ok(AbsenceRow {
            id: r.text("id")?,
            measure_id: r.text("measure_id")?,
            departed_date: r.date("departed_date")?,
            returned_date: r.date("returned_date")?,
            recorded_by: r.opt_text("display_name")?,
        })
    })
    .await
}
