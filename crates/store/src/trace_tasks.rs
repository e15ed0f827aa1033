//! "双逢双查" trace tasks: opened by a new registration or a trafficking
//! case, owned by the person's (or the case's) unit, closed with a result.

use time::Date;

use crate::db::{Db, Q, Row, Tx};
use crate::error::{StoreError, StoreResult};
use crate::scope::push_scope;

#[derive(Clone, Debug)]
pub struct TaskRow {
    pub id: String,
    pub kind: String,
    pub person_id: String,
    pub person_name: String,
    /// The case of an up/down-line trace ('' for a source trace).
    pub case_id: String,
    pub org_unit_id: i64,
    pub org_unit_name: String,
    pub org_path: String,
    pub opened_date: Date,
    pub due_date: Date,
    pub closed_date: Option<Date>,
    pub outcome: Option<String>,
    pub supplier_id: Option<String>,
    pub reason: Option<String>,
}

pub struct NewTask<'a> {
    pub id: String,
    pub kind: &'a str,
    pub person_id: &'a str,
    pub case_id: &'a str,
    pub county_code: &'a str,
    pub org_unit_id: i64,
    pub opened_date: Date,
    pub due_date: Date,
}

const SELECT: &str = "SELECT t.id, t.kind, t.person_id, p.name AS person_name, t.case_id, t.org_unit_id, o.name AS org_unit_name, o.path AS org_path, \
t.opened_date, t.due_date, t.closed_date, t.outcome, t.supplier_id, t.reason \
FROM trace_tasks t JOIN org_units o ON o.id = t.org_unit_id JOIN persons p ON p.id = t.person_id";

impl TaskRow {
    fn from_row(r: &Row) -> StoreResult<TaskRow> {
        Ok(TaskRow {
            id: r.text("id")?,
            kind: r.text("kind")?,
            person_id: r.text("person_id")?,
            person_name: r.text("person_name")?,
            case_id: r.text("case_id")?,
            org_unit_id: r.i64("org_unit_id")?,
            org_unit_name: r.text("org_unit_name")?,
            org_path: r.text("org_path")?,
            opened_date: r.date("opened_date")?,
            due_date: r.date("due_date")?,
            closed_date: r.opt_date("closed_date")?,
            outcome: r.opt_text("outcome")?,
            supplier_id: r.opt_text("supplier_id")?,
            reason: r.opt_text("reason")?,
        })
    }
}

/// Opens a task unless the same trace (kind, person, case) already exists.
pub async fn open(tx: &mut Tx, t: NewTask<'_>, now: i64) -> StoreResult<bool> {
    let n = tx
        .execute(
            Q::new("INSERT INTO trace_tasks (id, kind, person_id, case_id, county_code, org_unit_id, opened_date, due_date, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9) ON CONFLICT (kind, person_id, case_id) DO NOTHING")
                .bind(t.id)
                .bind(t.kind)
                .bind(t.person_id)
                .bind(t.case_id)
                .bind(t.county_code)
                .bind(t.org_unit_id)
                .bind(t.opened_date)
                .bind(t.due_date)
                .bind(now),
        )
        .await?;
    Ok(n == 1)
}

/// One task inside the scope, inside a writing transaction.
pub async fn get_tx(tx: &mut Tx, scope: &[String], id: &str) -> StoreResult<TaskRow> {
    let mut q = Q::new(format!("{SELECT} WHERE t.id = $1"));
    let _ = q.push_arg(id);
    push_scope(&mut q, "o.path", scope);
    let r = tx.fetch_optional(q).await?.ok_or(StoreError::NotFound)?;
    TaskRow::from_row(&r)
}

/// Which tasks a list shows.
#[derive(Clone, Debug, Default)]
pub struct TaskFilter {
    pub kind: Option<String>,
    pub person_id: Option<String>,
    pub case_id: Option<String>,
    /// Only open (true) or only closed (false) tasks.
    pub open: Option<bool>,
}

/// A page of tasks in scope, open ones by deadline first, and the count.
pub async fn list(
    db: &Db,
    scope: &[String],
    f: &TaskFilter,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<TaskRow>, i64)> {
    let filtered = |select: &str| {
        let mut q = Q::new(format!("{select} WHERE 1=1"));
        push_scope(&mut q, "o.path", scope);
        if let Some(k) = &f.kind {
            q.and(" AND t.kind = $?", k.clone());
        }
        if let Some(p) = &f.person_id {
            q.and(" AND t.person_id = $?", p.clone());
        }
        if let Some(c) = &f.case_id {
            q.and(" AND t.case_id = $?", c.clone());
        }
        match f.open {
            Some(true) => q.push_sql(" AND t.closed_date IS NULL"),
            Some(false) => q.push_sql(" AND t.closed_date IS NOT NULL"),
            None => {}
        }
        q
    };
    let total = db
        .scalar_i64(filtered(
            "SELECT COUNT(*) FROM trace_tasks t JOIN org_units o ON o.id = t.org_unit_id",
        ))
        .await?;
    let mut q = filtered(SELECT);
    q.push_sql(" ORDER BY t.closed_date IS NOT NULL, t.due_date, t.id");
    q.and(" LIMIT $?", limit);
    q.and(" OFFSET $?", offset);
    let rows = db.fetch_all(q).await?;
    let rows = rows
        .iter()
        .map(TaskRow::from_row)
        .collect::<StoreResult<_>>()?;
    Ok((rows, total))
}

/// How a task was closed.
pub struct Closure<'a> {
    pub closed_date: Date,
    pub outcome: &'a str,
    pub supplier_id: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub closed_by: Option<i64>,
}

/// Closes an open task; answers false if it was closed meanwhile.
pub async fn close(tx: &mut Tx, id: &str, c: Closure<'_>, now: i64) -> StoreResult<bool> {
    let n = tx
        .execute(
            Q::new("UPDATE trace_tasks SET closed_date = $1, outcome = $2, supplier_id = $3, reason = $4, closed_by = $5, updated_at = $6 WHERE id = $7 AND closed_date IS NULL")
                .bind(c.closed_date)
                .bind(c.outcome)
                .bind(c.supplier_id)
                .bind(c.reason)
                .bind(c.closed_by)
                .bind(now)
                .bind(id),
        )
        .await?;
    Ok(n == 1)
}

/// What a task's indicator memberships depend on, inside the writing
/// transaction.
pub async fn counting_tx(tx: &mut Tx, id: &str) -> StoreResult<Option<Counting>> {
    let r = tx
        .fetch_optional(Q::new(format!("{COUNTING} WHERE id = $1")).bind(id))
        .await?;
    r.as_ref().map(counting).transpose()
}

/// Every task as it counts, for an indicator rebuild.
pub async fn all_counting_tx(tx: &mut Tx) -> StoreResult<Vec<Counting>> {
    tx.fetch_all(Q::new(format!("{COUNTING} ORDER BY id")))
        .await?
        .iter()
        .map(counting)
        .collect()
}

/// What a task's indicator memberships depend on.
#[derive(Clone, Debug)]
pub struct Counting {
    pub id: String,
    pub person_id: String,
    pub org_unit_id: i64,
    pub due: Date,
    pub closed: Option<Date>,
    /// Closed with the source identified.
    pub identified: bool,
}

const COUNTING: &str =
    "SELECT id, person_id, org_unit_id, due_date, closed_date, outcome FROM trace_tasks";

fn counting(r: &Row) -> StoreResult<Counting> {
    Ok(Counting {
        id: r.text("id")?,
        person_id: r.text("person_id")?,
        org_unit_id: r.i64("org_unit_id")?,
        due: r.date("due_date")?,
        closed: r.opt_date("closed_date")?,
        identified: r.opt_text("outcome")?.as_deref() == Some("identified"),
    })
}
