//! What a group's members have on record, read for many persons at once:
//! their cases, those cases' seizures, their trace tasks and their home
//! villages (户籍地), for a group's profile and timeline.

use time::Date;

use crate::batch::by_keys;
use crate::db::Db;
use crate::error::StoreResult;

/// A case one of the persons is a suspect in.
#[derive(Clone, Debug)]
pub struct MemberCase {
    pub case_id: String,
    pub number: String,
    pub case_type: String,
    pub stage: String,
    pub accepted_date: Date,
    /// The case's unit path, for the reader's scope.
    pub path: String,
}

/// The cases of `persons` (each case once per person).
pub async fn cases_of(db: &Db, persons: &[String]) -> StoreResult<Vec<(String, MemberCase)>> {
    let select = "SELECT cs.person_id, c.id, c.number, c.case_type, c.stage, c.accepted_date, o.path \
FROM case_suspects cs JOIN cases c ON c.id = cs.case_id JOIN org_units o ON o.id = c.org_unit_id";
    by_keys(db, select, "cs.person_id", "person_id", "", persons, |r| {
        Ok(MemberCase {
            case_id: r.text("id")?,
            number: r.text("number")?,
            case_type: r.text("case_type")?,
            stage: r.text("stage")?,
            accepted_date: r.date("accepted_date")?,
            path: r.text("path")?,
        })
    })
    .await
}

/// A seizure of one of the cases.
#[derive(Clone, Debug)]
pub struct CaseSeizure {
    pub kind: String,
    pub substance: String,
    pub quantity_mg: i64,
    pub seized_date: Date,
}

/// The seizures of `cases`, keyed by case.
pub async fn seizures_of(db: &Db, cases: &[String]) -> StoreResult<Vec<(String, CaseSeizure)>> {
    let select = "SELECT case_id, kind, substance, quantity_mg, seized_date FROM seizures";
    by_keys(db, select, "case_id", "case_id", "", cases, |r| {
        Ok(CaseSeizure {
            kind: r.text("kind")?,
            substance: r.text("substance")?,
            quantity_mg: r.i64("quantity_mg")?,
            seized_date: r.date("seized_date")?,
        })
    })
    .await
}

/// A trace task of one of the persons.
#[derive(Clone, Debug)]
pub struct MemberTrace {
    pub kind: String,
    pub opened_date: Date,
    pub closed_date: Option<Date>,
    pub outcome: Option<String>,
    /// The task's unit path, for the reader's scope.
    pub path: String,
}

/// The trace tasks of `persons`, keyed by person.
pub async fn traces_of(db: &Db, persons: &[String]) -> StoreResult<Vec<(String, MemberTrace)>> {
    let select = "SELECT t.person_id, t.kind, t.opened_date, t.closed_date, t.outcome, o.path \
FROM trace_tasks t JOIN org_units o ON o.id = t.org_unit_id";
    by_keys(db, select, "t.person_id", "person_id", "", persons, |r| {
        Ok(MemberTrace {
            kind: r.text("kind")?,
            opened_date: r.date("opened_date")?,
            closed_date: r.opt_date("closed_date")?,
            outcome: r.opt_text("outcome")?,
            path: r.text("path")?,
        })
    })
    .await
}

/// The home village (the unit of the household registration) of each of
/// `persons`, by name.
pub async fn hometowns_of(db: &Db, persons: &[String]) -> StoreResult<Vec<(String, String)>> {
    let select =
        "SELECT p.id, o.name FROM persons p JOIN org_units o ON o.id = p.household_unit_id";
    by_keys(db, select, "p.id", "id", "", persons, |r| r.text("name")).await
}

/// The register status of each of `persons`.
pub async fn statuses_of(db: &Db, persons: &[String]) -> StoreResult<Vec<(String, String)>> {
    let select = "SELECT id, status FROM persons";
    by_keys(db, select, "id", "id", "", persons, |r| r.text("status")).await
}
