//! Drug tests, stored per person (and per measure when one was running).

use time::Date;

use crate::batch::by_keys;
use crate::db::{Db, Q, Row, Tx};
use crate::error::StoreResult;

#[derive(Clone, Debug)]
pub struct TestRow {
    pub id: String,
    pub measure_id: Option<String>,
    pub test_date: Date,
    pub method: String,
    pub setting: String,
    pub result: String,
    /// Comma-separated substances of a positive result.
    pub substances: String,
    pub unannounced: bool,
    pub recorded_by: Option<String>,
}

pub struct NewTest {
    pub id: String,
    pub person_id: String,
    pub measure_id: Option<String>,
    pub county_code: String,
    pub org_unit_id: i64,
    pub test_date: Date,
    pub method: String,
    pub setting: String,
    pub result: String,
    pub substances: String,
    pub unannounced: bool,
    pub recorded_by: Option<i64>,
}

pub async fn insert(tx: &mut Tx, t: NewTest, now: i64) -> StoreResult<()> {
    insert_many(tx, vec![t], now).await
}

/// Columns of a stored test, in the order `insert_many` binds them.
const COLUMNS: usize = 13;
/// Rows per statement. Few enough: SQLite finds each named parameter
/// (`$n`) by walking the statement's list of names, so the binding costs
/// grow with the square of the parameters of one statement (at 500 rows,
/// 6,500 parameters, binding took 80% of a bulk load); many enough that a
/// bulk load makes one round trip per 25 tests.
const ROWS_PER_STATEMENT: usize = 25;

/// Stores many tests with one multi-row statement per 25.
pub async fn insert_many(tx: &mut Tx, tests: Vec<NewTest>, now: i64) -> StoreResult<()> {
    let mut tests = tests.into_iter().peekable();
    while tests.peek().is_some() {
        let mut q = Q::new(
            "INSERT INTO drug_tests (id, person_id, measure_id, county_code, org_unit_id, test_date, method, setting, result, substances, unannounced, recorded_by, created_at) VALUES ",
        );
        for (row, t) in tests.by_ref().take(ROWS_PER_STATEMENT).enumerate() {
            let first = q.push_arg(t.id);
            q.push_arg(t.person_id);
            q.push_arg(t.measure_id);
            q.push_arg(t.county_code);
            q.push_arg(t.org_unit_id);
            q.push_arg(t.test_date);
            q.push_arg(t.method);
            q.push_arg(t.setting);
            q.push_arg(t.result);
            q.push_arg(t.substances);
            q.push_arg(t.unannounced);
            q.push_arg(t.recorded_by);
            q.push_arg(now);
            let params: Vec<String> = (first..first + COLUMNS).map(|n| format!("${n}")).collect();
            let sep = if row == 0 { "" } else { "," };
            q.push_sql(&format!("{sep}({})", params.join(",")));
        }
        tx.execute(q).await?;
    }
    Ok(())
}

const SELECT: &str = "SELECT t.person_id, t.id, t.measure_id, t.test_date, t.method, t.setting, t.result, t.substances, t.unannounced, u.display_name FROM drug_tests t LEFT JOIN users u ON u.id = t.recorded_by";

fn row(r: &Row) -> StoreResult<TestRow> {
    Ok(TestRow {
        id: r.text("id")?,
        measure_id: r.opt_text("measure_id")?,
        test_date: r.date("test_date")?,
        method: r.text("method")?,
        setting: r.text("setting")?,
        result: r.text("result")?,
        substances: r.text("substances")?,
        unannounced: r.bool("unannounced")?,
        recorded_by: r.opt_text("display_name")?,
    })
}

/// Tests of each person, oldest first (the persons are checked by the
/// caller).
pub async fn of_persons(db: &Db, ids: &[String]) -> StoreResult<Vec<(String, TestRow)>> {
    by_keys(
        db,
        SELECT,
        "t.person_id",
        "person_id",
        "ORDER BY t.test_date, t.created_at",
        ids,
        row,
    )
    .await
}

/// A person's tests, oldest first (the person is checked by the caller).
pub async fn of_person(db: &Db, person_id: &str) -> StoreResult<Vec<TestRow>> {
    Ok(of_persons(db, &[person_id.to_string()])
        .await?
        .into_iter()
        .map(|(_, t)| t)
        .collect())
}

/// The tests of one measure, inside the writing transaction.
pub async fn of_measure_tx(tx: &mut Tx, measure_id: &str) -> StoreResult<Vec<TestRow>> {
    tx.fetch_all(
        Q::new(format!(
            "{SELECT} WHERE t.measure_id = $1 ORDER BY t.test_date, t.created_at"
        ))
        .bind(measure_id),
    )
    .await?
    .iter()
    .map(row)
    .collect()
}

/// Everyone's positive test dates, by person (an indicator rebuild reads
/// them once instead of once per released measure).
pub async fn positive_dates_all_tx(
    tx: &mut Tx,
) -> StoreResult<std::collections::HashMap<String, Vec<Date>>> {
    let mut by_person: std::collections::HashMap<String, Vec<Date>> = Default::default();
    for r in tx
        .fetch_all(Q::new(
            "SELECT person_id, test_date FROM drug_tests WHERE result = 'positive'",
        ))
        .await?
    {
        by_person
            .entry(r.text("person_id")?)
            .or_default()
            .push(r.date("test_date")?);
    }
    Ok(by_person)
}

/// The days a person tested positive, inside the writing transaction.
pub async fn positive_dates_tx(tx: &mut Tx, person_id: &str) -> StoreResult<Vec<Date>> {
    tx.fetch_all(
        Q::new("SELECT test_date FROM drug_tests WHERE person_id = $1 AND result = 'positive'")
            .bind(person_id),
    )
    .await?
    .iter()
    .map(|r| r.date("test_date"))
    .collect()
}
