//! Drug cases and their suspects. Every read takes the actor's scope on
//! the case's org unit.

use time::Date;

use crate::db::{Db, Q, Row, Tx};
use crate::error::{StoreError, StoreResult};
use crate::scope::push_scope;

#[derive(Clone, Debug)]
pub struct CaseRow {
    pub id: String,
    pub county_code: String,
    pub number: String,
    pub case_type: String,
    pub stage: String,
    pub title: String,
    pub org_unit_id: i64,
    pub org_unit_name: String,
    pub org_path: String,
    pub accepted_date: Date,
    pub stage_date: Date,
    pub place: String,
    pub handling_unit: String,
    pub campaigns: String,
    pub organised_crime: bool,
}

pub struct NewCase {
    pub id: String,
    pub county_code: String,
    pub org_unit_id: i64,
    pub number: String,
    pub case_type: String,
    pub stage: String,
    pub title: String,
    pub accepted_date: Date,
    pub place: String,
    pub handling_unit: String,
    pub campaigns: String,
    pub organised_crime: bool,
    pub created_by: Option<i64>,
}

/// A suspect of a case: the person on the register and their part.
#[derive(Clone, Debug)]
pub struct SuspectRow {
    pub person_id: String,
    pub name: String,
    pub role: String,
}

const SELECT: &str = "SELECT c.id, c.county_code, c.number, c.case_type, c.stage, c.title, c.org_unit_id, o.name AS org_unit_name, o.path AS org_path, \
c.accepted_date, c.stage_date, c.place, c.handling_unit, c.campaigns, c.organised_crime \
FROM cases c JOIN org_units o ON o.id = c.org_unit_id";

impl CaseRow {
    fn from_row(r: &Row) -> StoreResult<CaseRow> {
        Ok(CaseRow {
            id: r.text("id")?,
            county_code: r.text("county_code")?,
            number: r.text("number")?,
            case_type: r.text("case_type")?,
            stage: r.text("stage")?,
            title: r.text("title")?,
            org_unit_id: r.i64("org_unit_id")?,
            org_unit_name: r.text("org_unit_name")?,
            org_path: r.text("org_path")?,
            accepted_date: r.date("accepted_date")?,
            stage_date: r.date("stage_date")?,
            place: r.text("place")?,
            handling_unit: r.text("handling_unit")?,
            campaigns: r.text("campaigns")?,
            organised_crime: r.bool("organised_crime")?,
        })
    }
}

pub async fn insert(tx: &mut Tx, c: NewCase, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO cases (id, county_code, org_unit_id, number, case_type, stage, title, accepted_date, stage_date, place, handling_unit, campaigns, organised_crime, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$8,$9,$10,$11,$12,$13,$14,$14)")
            .bind(c.id)
            .bind(c.county_code)
            .bind(c.org_unit_id)
            .bind(c.number)
            .bind(c.case_type)
            .bind(c.stage)
            .bind(c.title)
            .bind(c.accepted_date)
            .bind(c.place)
            .bind(c.handling_unit)
            .bind(c.campaigns)
            .bind(c.organised_crime)
            .bind(c.created_by)
            .bind(now),
    )
    .await
    .map(|_| ())
    .map_err(|e| match e {
        e if e.is_unique_violation() => StoreError::Conflict("case.duplicate_number".into()),
        e => e,
    })
}

/// One case inside the scope (otherwise NotFound).
pub async fn get(db: &Db, scope: &[String], id: &str) -> StoreResult<CaseRow> {
    let mut q = Q::new(format!("{SELECT} WHERE c.id = $1"));
    let _ = q.push_arg(id);
    push_scope(&mut q, "o.path", scope);
    let r = db.fetch_optional(q).await?.ok_or(StoreError::NotFound)?;
    CaseRow::from_row(&r)
}

/// As [`get`], inside a writing transaction.
pub async fn get_tx(tx: &mut Tx, scope: &[String], id: &str) -> StoreResult<CaseRow> {
    let mut q = Q::new(format!("{SELECT} WHERE c.id = $1"));
    let _ = q.push_arg(id);
    push_scope(&mut q, "o.path", scope);
    let r = tx.fetch_optional(q).await?.ok_or(StoreError::NotFound)?;
    CaseRow::from_row(&r)
}

/// Which cases a list shows.
#[derive(Clone, Copy, Debug, Default)]
pub struct CaseFilter<'a> {
    pub stage: Option<&'a str>,
    /// Only the cases with this person among the suspects.
    pub person_id: Option<&'a str>,
}

/// A page of the cases in scope, newest accepted first, and their count.
pub async fn list(
    db: &Db,
    scope: &[String],
    f: &CaseFilter<'_>,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<CaseRow>, i64)> {
    let filtered = |select: &str| {
        let mut q = Q::new(format!("{select} WHERE 1=1"));
        push_scope(&mut q, "o.path", scope);
        if let Some(s) = f.stage {
            q.and(" AND c.stage = $?", s);
        }
        if let Some(p) = f.person_id {
            q.and(
                " AND EXISTS (SELECT 1 FROM case_suspects s WHERE s.case_id = c.id AND s.person_id = $?)",
                p,
            );
        }
        q
    };
    let total = db
        .scalar_i64(filtered(
            "SELECT COUNT(*) FROM cases c JOIN org_units o ON o.id = c.org_unit_id",
        ))
        .await?;
    let mut q = filtered(SELECT);
    q.push_sql(" ORDER BY c.accepted_date DESC, c.id");
    q.and(" LIMIT $?", limit);
    q.and(" OFFSET $?", offset);
    let rows = db.fetch_all(q).await?;
    let rows = rows
        .iter()
        .map(CaseRow::from_row)
        .collect::<StoreResult<_>>()?;
    Ok((rows, total))
}

pub async fn set_stage(tx: &mut Tx, id: &str, stage: &str, on: Date, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("UPDATE cases SET stage = $1, stage_date = $2, updated_at = $3 WHERE id = $4")
            .bind(stage)
            .bind(on)
            .bind(now)
            .bind(id),
    )
    .await?;
    Ok(())
}

/// Adds a suspect; the same person twice in a case is a conflict.
pub async fn add_suspect(
    tx: &mut Tx,
    case_id: &str,
    person_id: &str,
    role: &str,
    now: i64,
) -> StoreResult<()> {
    tx.execute(
        Q::new(
            "INSERT INTO case_suspects (case_id, person_id, role, created_at) VALUES ($1,$2,$3,$4)",
        )
        .bind(case_id)
        .bind(person_id)
        .bind(role)
        .bind(now),
    )
    .await
    .map(|_| ())
    .map_err(|e| match e {
        e if e.is_unique_violation() => StoreError::Conflict("case.suspect_twice".into()),
        e => e,
    })
}

/// The suspects of a case, in the order they were added.
pub async fn suspects(db: &Db, case_id: &str) -> StoreResult<Vec<SuspectRow>> {
    let rows = db
        .fetch_all(
            Q::new("SELECT s.person_id, p.name, s.role FROM case_suspects s JOIN persons p ON p.id = s.person_id WHERE s.case_id = $1 ORDER BY s.created_at, s.person_id")
                .bind(case_id),
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(SuspectRow {
                person_id: r.text("person_id")?,
                name: r.text("name")?,
                role: r.text("role")?,
            })
        })
        .collect()
}

/// The persons already suspects of a case, inside the writing transaction.
pub async fn suspect_ids_tx(tx: &mut Tx, case_id: &str) -> StoreResult<Vec<String>> {
    let rows = tx
        .fetch_all(
            Q::new("SELECT person_id FROM case_suspects WHERE case_id = $1 ORDER BY created_at, person_id")
                .bind(case_id),
        )
        .await?;
    rows.iter().map(|r| r.text("person_id")).collect()
}

/// A seizure of a case.
#[derive(Clone, Debug)]
pub struct SeizureRow {
    pub id: String,
    pub kind: String,
    pub substance: String,
    pub quantity_mg: i64,
    pub seized_date: Date,
    pub place: String,
}

pub struct NewSeizure<'a> {
    pub id: String,
    pub case_id: &'a str,
    pub county_code: &'a str,
    pub org_unit_id: i64,
    pub kind: &'a str,
    pub substance: &'a str,
    pub quantity_mg: i64,
    pub seized_date: Date,
    pub place: &'a str,
    pub recorded_by: Option<i64>,
}

pub async fn insert_seizure(tx: &mut Tx, s: NewSeizure<'_>, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO seizures (id, case_id, county_code, org_unit_id, kind, substance, quantity_mg, seized_date, place, recorded_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)")
            .bind(s.id)
            .bind(s.case_id)
            .bind(s.county_code)
            .bind(s.org_unit_id)
            .bind(s.kind)
            .bind(s.substance)
            .bind(s.quantity_mg)
            .bind(s.seized_date)
            .bind(s.place)
            .bind(s.recorded_by)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// The seizures of a case, by date.
pub async fn seizures(db: &Db, case_id: &str) -> StoreResult<Vec<SeizureRow>> {
    let rows = db
        .fetch_all(
            Q::new("SELECT id, kind, substance, quantity_mg, seized_date, place FROM seizures WHERE case_id = $1 ORDER BY seized_date, created_at, id")
                .bind(case_id),
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(SeizureRow {
                id: r.text("id")?,
                kind: r.text("kind")?,
                substance: r.text("substance")?,
                quantity_mg: r.i64("quantity_mg")?,
                seized_date: r.date("seized_date")?,
                place: r.text("place")?,
            })
        })
        .collect()
}

/// The id of the case with this number, if inside the scope.
pub async fn id_by_number(db: &Db, scope: &[String], number: &str) -> StoreResult<Option<String>> {
    let mut q = Q::new(
        "SELECT c.id FROM cases c JOIN org_units o ON o.id = c.org_unit_id WHERE c.number = $1",
    );
    let _ = q.push_arg(number);
    push_scope(&mut q, "o.path", scope);
    db.fetch_optional(q)
        .await?
        .map(|r| r.text("id"))
        .transpose()
}
