//! Import of persons from a spreadsheet: every row validated exactly as a
//! registration is (same checks, same errors), duplicates found in the file
//! and in the register, and — only when no row has an error — everything
//! written in one transaction with one audit entry. A dry run writes nothing.

use std::collections::HashMap;

use jindu_domain::IdNumber;
use jindu_domain::authz::{Permission, path_within};
use jindu_domain::register::{DrugType, PersonTag, RegistrationSource, RiskLevel};
use serde_json::json;

use super::import::{IMPORT_MAX_ROWS, ImportReport, RowError, parse_date, split, to_code};
use super::persons::{PersonInput, ValidPerson};
use super::unit_cache::UnitCache;
use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::crypto::random_bytes;
use crate::persons::{self, NewPerson};

/// One row as read from the sheet: unit fields hold division codes.
#[derive(Clone, Debug, Default)]
pub struct ImportRow {
    /// The row number in the sheet, for the report.
    pub line: usize,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub household_unit: String,
    pub household_address: String,
    pub residence_unit: String,
    pub residence_grid: String,
    pub residence_address: String,
    pub first_reg_unit: String,
    pub first_reg_officer: String,
    pub first_reg_date: String,
    /// Codes or labels (Chinese or English) of the register's lists; drugs
    /// and tags may list several, separated by commas or 、.
    pub registration_source: String,
    pub risk_level: String,
    pub drug_types: String,
    pub tags: String,
    /// Errors found while reading the row (a formula, a bad date …).
    pub read_errors: Vec<(String, String)>,
}

impl Ctx {
    pub async fn person_import(
        &self,
        actor: &Actor,
        rows: Vec<ImportRow>,
        apply: bool,
    ) -> ServiceResult<ImportReport> {
        actor.authorize(Permission::PersonCreate, None)?;
        if rows.len() > IMPORT_MAX_ROWS {
            return Err(ServiceError::invalid("file", "import.too_many_rows"));
        }
        let mut cache = UnitCache::default();
        let mut errors = Vec::new();
        let mut valid: Vec<ValidPerson> = Vec::new();
        // ID numbers already seen in this file, with their line.
        let mut seen: HashMap<String, usize> = HashMap::new();
        for row in &rows {
            let before = errors.len();
            let push = |errors: &mut Vec<RowError>, field: &str, code: &str| {
                errors.push(RowError {
                    line: row.line,
                    field: field.to_string(),
                    code: code.to_string(),
                })
            };
            for (f, c) in &row.read_errors {
                push(&mut errors, f, c);
            }
            let mut ids: HashMap<&'static str, Option<i64>> = HashMap::new();
            for (code, field) in [
                (row.household_unit.trim(), "household_unit_id"),
                (row.residence_unit.trim(), "residence_unit_id"),
                (row.residence_grid.trim(), "residence_grid_id"),
                (row.first_reg_unit.trim(), "first_reg_unit_id"),
            ] {
                if code.is_empty() {
                    ids.insert(field, None);
                    continue;
                }
                match cache.by_code(&self.db, code).await? {
                    Some(u) => {
                        ids.insert(field, Some(u.id));
                    }
                    None => push(&mut errors, field, "org.unknown"),
                }
            }
            let input = PersonInput {
                name: row.name.clone(),
                id_number: row.id_number.clone(),
                phone: row.phone.clone(),
                household_unit_id: ids.get("household_unit_id").copied().flatten(),
                household_address: row.household_address.clone(),
                residence_unit_id: ids.get("residence_unit_id").copied().flatten(),
                residence_grid_id: ids.get("residence_grid_id").copied().flatten(),
                residence_address: row.residence_address.clone(),
                first_reg_unit_id: ids.get("first_reg_unit_id").copied().flatten(),
                first_reg_officer: row.first_reg_officer.clone(),
                first_reg_date: None,
                registration_source: to_code::<RegistrationSource>(&row.registration_source),
                risk_level: to_code::<RiskLevel>(&row.risk_level),
                drug_types: split(&row.drug_types).map(to_code::<DrugType>).collect(),
                tags: split(&row.tags).map(to_code::<PersonTag>).collect(),
                assigned_worker_id: None,
            };
            let input = match parse_date(&row.first_reg_date) {
                Ok(d) => PersonInput {
                    first_reg_date: d,
                    ..input
                },
                Err(()) => {
                    push(&mut errors, "first_reg_date", "date.invalid");
                    input
                }
            };
            match self.person_check_with(actor, &input, &mut cache).await {
                Ok(v) => {
                    if errors.len() == before {
                        valid.push(v);
                    }
                }
                Err(ServiceError::Fields(list)) => {
                    for (f, c) in list {
                        // An empty household means "as the residence"; a
                        // residence error already says what is wrong.
                        let follows_residence =
                            f == "household_unit_id" && row.household_unit.trim().is_empty();
                        if !follows_residence && !errors[before..].iter().any(|e| e.field == f) {
                            push(&mut errors, &f, &c);
                        }
                    }
                }
                Err(e) => return Err(e),
            }
            // Duplicates within the file and against the register.
            if let Ok(id) = IdNumber::parse(&row.id_number) {
                if seen.insert(id.as_str().to_string(), row.line).is_some() {
                    push(&mut errors, "id_number", "import.duplicate_in_file");
                }
                let bidx = self.keys.blind_index("id_number", id.as_str());
                if let Some((_, path)) = persons::by_blind_index_read(&self.db, &bidx).await? {
                    let visible = actor
                        .scope(Permission::PersonRead)
                        .iter()
                        .any(|s| path_within(&path, s));
                    push(
                        &mut errors,
                        "id_number",
                        if visible {
                            "person.duplicate_id_number"
                        } else {
                            "person.duplicate_elsewhere"
                        },
                    );
                }
            }
        }
        let mut report = ImportReport::checked(rows.len(), errors);
        if !apply || !report.errors.is_empty() {
            return Ok(report);
        }
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        for v in valid {
            let record = NewPerson::seal(
                &self.keys,
                v.as_plain(persons::uuid_v4(random_bytes::<16>()), actor.user_id),
            )?;
            let (id, unit, first, born) = (
                record.id.clone(),
                record.first_reg_unit_id,
                record.first_reg_date,
                record.birth_date,
            );
            persons::insert(&mut tx, record, now)
                .await
                .map_err(|e| match e {
                    crate::StoreError::Conflict(c) => ServiceError::conflict(&c),
                    e => e.into(),
                })?;
            self.track_person(&mut tx, &id, unit, first, born).await?;
            self.track_person_now(&mut tx, &id).await?;
            self.trace_new_user(&mut tx, &id, first).await?;
        }
        let ev =
            AuditEvent::new("person.import", "person", "").details(json!({ "rows": report.rows }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        report.applied = true;
        Ok(report)
    }
}
