//! Import of drug tests from a spreadsheet. Each row names a person on the
//! register by ID number and one test, checked exactly as a test recorded
//! on the file is and linked, like it, to the measure running on its day.
//! The same test twice (in the file, or already recorded) is refused: an
//! import must not count a test twice. Only when no row has an error is
//! everything written, in one transaction with one audit entry; a dry run
//! writes nothing.

use std::collections::{HashMap, HashSet};

use jindu_domain::authz::Permission;
use jindu_domain::drug_tests::{TestMethod, TestSetting};
use serde_json::json;
use time::Date;

use super::drug_tests::{TestInput, ValidTest};
use super::import::{
    IMPORT_MAX_ROWS, ImportReport, PersonsById, RowErrors, from_aliases, parse_date, parse_yes_no,
    split, to_code,
};
use super::indicators::TestsWritten;
use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::drug_tests;
use crate::persons::PersonRow;

/// One row as read from the sheet.
#[derive(Clone, Debug, Default)]
pub struct TestImportRow {
    /// The row number in the sheet, for the report.
    pub line: usize,
    pub id_number: String,
    pub test_date: String,
    /// Codes or labels (Chinese or English).
    pub method: String,
    pub setting: String,
    pub result: String,
    /// Substances found (positive results), separated by commas or 、.
    pub substances: String,
    /// Yes or no.
    pub unannounced: String,
    /// Errors found while reading the row (a formula …).
    pub read_errors: Vec<(String, String)>,
}

/// What the office writes for each result: the code, the labels of the
/// file's screens and the usual short forms.
const RESULTS: &[(&str, &[&str])] = &[
    ("negative", &["negative", "阴性", "Negative"]),
    ("positive", &["positive", "阳性", "Positive"]),
    ("refused", &["refused", "拒绝检测", "拒检", "Refused"]),
    ("evaded", &["evaded", "逃避检测", "Evaded"]),
];

/// Two records of the same test: same person, day, method, setting and
/// result.
type TestKey = (String, Date, String, String, String);

fn key(person_id: &str, t: &ValidTest) -> TestKey {
    (
        person_id.to_string(),
        t.date,
        t.method.clone(),
        t.setting.clone(),
        t.result.clone(),
    )
}

impl Ctx {
    pub async fn test_import(
        &self,
        actor: &Actor,
        rows: Vec<TestImportRow>,
        apply: bool,
    ) -> ServiceResult<ImportReport> {
        actor.authorize(Permission::PersonCreate, None)?;
        if rows.len() > IMPORT_MAX_ROWS {
            return Err(ServiceError::invalid("file", "import.too_many_rows"));
        }
        let mut e = RowErrors::default();
        let mut persons = PersonsById::default();
        // Tests already recorded, per person, and those of the file.
        let mut recorded: HashMap<String, HashSet<TestKey>> = HashMap::new();
        let mut in_file: HashSet<TestKey> = HashSet::new();
        let mut valid: Vec<(PersonRow, ValidTest)> = Vec::new();
        for row in &rows {
            let line = row.line;
            for (f, c) in &row.read_errors {
                e.push(line, f, c);
            }
            let person = match persons.find(self, actor, &row.id_number).await? {
                Ok(p) => Some(p),
                Err(code) => {
                    e.push(line, "id_number", code);
                    None
                }
            };
            let Some(test) = self.test_of_row(&mut e, row)? else {
                continue;
            };
            let Some(person) = person else { continue };
            if e.has(line) {
                continue;
            }
            if !recorded.contains_key(&person.id) {
                let mut keys = HashSet::new();
                for t in drug_tests::of_person(&self.db, &person.id).await? {
                    let stored = ValidTest {
                        date: t.test_date,
                        method: t.method,
                        setting: t.setting,
                        result: t.result,
                        substances: t.substances,
                        unannounced: t.unannounced,
                    };
                    keys.insert(key(&person.id, &stored));
                }
                recorded.insert(person.id.clone(), keys);
            }
            let k = key(&person.id, &test);
            if recorded
                .get(&person.id)
                .is_some_and(|keys| keys.contains(&k))
            {
                e.push(line, "test_date", "test.duplicate");
            } else if !in_file.insert(k) {
                e.push(line, "test_date", "import.test_duplicate_in_file");
            } else {
                valid.push((person, test));
            }
        }
        let mut report = ImportReport::checked(rows.len(), e.0);
        if !apply || !report.errors.is_empty() {
            return Ok(report);
        }
        let mut tx = self.db.begin().await?;
        let mut touched = HashSet::new();
        let mut written = TestsWritten::default();
        for (person, test) in valid {
            self.test_insert(&mut tx, actor, &person, test, &mut written)
                .await?;
            touched.insert(person.id);
        }
        self.track_tests_written(&mut tx, &written).await?;
        for pid in &touched {
            self.refresh_abstinence(&mut tx, pid).await?;
        }
        let ev = AuditEvent::new("test.import", "drug_test", "")
            .details(json!({ "rows": report.rows, "persons": touched.len() }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        report.applied = true;
        Ok(report)
    }

    /// The test a row describes, checked as one recorded on the file;
    /// `None` when refused (errors recorded).
    fn test_of_row(
        &self,
        e: &mut RowErrors,
        row: &TestImportRow,
    ) -> ServiceResult<Option<ValidTest>> {
        let line = row.line;
        // A sheet's test has its day: no default to today here.
        let test_date = match parse_date(&row.test_date) {
            Ok(None) => {
                e.push(line, "test_date", "field.required");
                None
            }
            Ok(d) => d,
            Err(()) => {
                e.push(line, "test_date", "date.invalid");
                None
            }
        };
        for (field, text) in [
            ("method", &row.method),
            ("setting", &row.setting),
            ("result", &row.result),
        ] {
            if text.trim().is_empty() {
                e.push(line, field, "field.required");
            }
        }
        let unannounced = parse_yes_no(&row.unannounced)
            .map_err(|()| e.push(line, "unannounced", "import.yes_no"))
            .unwrap_or(false);
        let input = TestInput {
            test_date,
            method: to_code::<TestMethod>(&row.method),
            setting: to_code::<TestSetting>(&row.setting),
            result: from_aliases(RESULTS, &row.result)
                .map_or_else(|| row.result.trim().to_string(), str::to_string),
            substances: split(&row.substances).map(str::to_string).collect(),
            unannounced,
        };
        match self.test_check(&input) {
            Ok(t) => Ok(Some(t)),
            Err(err) => {
                e.push_refusal(line, err, None)?;
                Ok(None)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_as_typed() {
        assert_eq!(from_aliases(RESULTS, "阳性"), Some("positive"));
        assert_eq!(from_aliases(RESULTS, "拒检"), Some("refused"));
        assert_eq!(from_aliases(RESULTS, "NEGATIVE"), Some("negative"));
        assert_eq!(from_aliases(RESULTS, "弱阳性"), None);
    }
}
