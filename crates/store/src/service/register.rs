//! The register's own fields (issue 3 §1): status, how the person was first
//! found, risk level, drugs used, tags and the assigned social worker —
//! validated against the domain's code lists, updated with an audit entry
//! naming the fields that changed, and the change history of a record.

use jindu_domain::authz::{Permission, Role, path_within};
use jindu_domain::code_enum::Coded;
use jindu_domain::register::{DrugType, PersonTag, RegisterStatus, RegistrationSource, RiskLevel};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::{AuditEvent, AuditFilter};
use crate::org::OrgUnit;
use crate::persons::{self, RegisterFields};
use crate::users;

/// Register fields as submitted (codes as text).
pub struct RegisterInput<'a> {
    pub status: &'a str,
    pub registration_source: &'a str,
    pub risk_level: &'a str,
    pub drug_types: &'a [String],
    pub tags: &'a [String],
    pub assigned_worker_id: Option<i64>,
}

/// A change of the register fields (the API's PATCH body).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterUpdate {
    pub status: String,
    #[serde(default)]
    pub registration_source: String,
    #[serde(default)]
    pub risk_level: String,
    #[serde(default)]
    pub drug_types: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub assigned_worker_id: Option<i64>,
}

/// A partial change of the register fields (the API's PATCH body): a field
/// left out keeps its value; `risk_level: ""` and `assigned_worker_id:
/// null` clear theirs.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterPatch {
    pub status: Option<String>,
    pub registration_source: Option<String>,
    pub risk_level: Option<String>,
    pub drug_types: Option<Vec<String>>,
    pub tags: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    pub assigned_worker_id: Option<Option<i64>>,
}

/// Tells a field given as `null` (`Some(None)`) from one left out (`None`).
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// One entry of a record's change history: who, when, which fields (never
/// the values: the audit trail holds none).
#[derive(Clone, Debug, Serialize)]
pub struct HistoryEntry {
    pub at: i64,
    pub username: String,
    pub event: String,
    pub fields: Vec<String>,
}

/// Codes of `C` from the submitted list: unknown codes are an error, repeats
/// are dropped.
fn codes<C: Coded>(raw: &[String], field: &str, errors: &mut Vec<(String, String)>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in raw.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match C::from_code(r) {
            Some(c) if !out.iter().any(|x| x == c.code()) => out.push(c.code().to_string()),
            Some(_) => {}
            None => errors.push((field.to_string(), "field.invalid_code".into())),
        }
    }
    out
}

impl Ctx {
    /// Validates register fields; `owner` is the unit the person belongs to
    /// (the assigned worker must be responsible for it).
    pub(super) async fn register_fields(
        &self,
        input: &RegisterInput<'_>,
        owner: Option<&OrgUnit>,
        errors: &mut Vec<(String, String)>,
    ) -> ServiceResult<RegisterFields> {
        let status = match RegisterStatus::from_code(input.status.trim()) {
            Some(s) => s.code().to_string(),
            None => {
                errors.push(("status".into(), "field.invalid_code".into()));
                String::new()
            }
        };
        let source = input.registration_source.trim();
        let registration_source = if source.is_empty() {
            RegistrationSource::Other.code().to_string()
        } else {
            match RegistrationSource::from_code(source) {
                Some(s) => s.code().to_string(),
                None => {
                    errors.push(("registration_source".into(), "field.invalid_code".into()));
                    String::new()
                }
            }
        };
        let risk = input.risk_level.trim();
        let risk_level = if risk.is_empty() {
            None
        } else {
            // Only the levels of the table in force today may be given
            // (domain.md §4: the city office chooses the grading in use).
            let in_use = self.people_settings().await?.risk_levels_on(self.today());
            match RiskLevel::from_code(risk) {
                Some(r) if in_use.is_some_and(|t| t.value.levels.contains(&r)) => {
                    Some(r.code().to_string())
                }
                Some(_) => {
                    errors.push(("risk_level".into(), "setting.risk_level_not_in_use".into()));
                    None
                }
                None => {
                    errors.push(("risk_level".into(), "field.invalid_code".into()));
                    None
                }
            }
        };
        let drugs = codes::<DrugType>(input.drug_types, "drug_types", errors);
        let tags = codes::<PersonTag>(input.tags, "tags", errors);
        if let Some(w) = input.assigned_worker_id {
            // The worker must be an active social worker or township officer
            // whose unit covers the person's (the one who visits them).
            let ok = match (users::get(&self.db, w).await, owner) {
                (Ok(u), Some(o)) => {
                    !u.disabled
                        && matches!(u.role, Role::SocialWorker | Role::TownshipOfficer)
                        && path_within(&o.path, &u.org_path)
                }
                (Ok(_), None) => true,
                _ => false,
            };
            if !ok {
                errors.push((
                    "assigned_worker_id".into(),
                    "person.worker_not_responsible".into(),
                ));
            }
        }
        Ok(RegisterFields {
            status,
            registration_source,
            risk_level,
            assigned_worker_id: input.assigned_worker_id,
            drugs,
            tags,
        })
    }

    /// Applies a partial change: the fields left out keep the values on
    /// the register, then the change goes through
    /// [`Self::person_update_register`].
    pub async fn person_patch_register(
        &self,
        actor: &Actor,
        id: &str,
        p: &RegisterPatch,
    ) -> ServiceResult<Vec<String>> {
        actor.authorize(Permission::PersonCreate, None)?;
        let row = persons::get(&self.db, actor.scope(Permission::PersonCreate), id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let (drugs, tags) = persons::codes_of(&self.db, id).await?;
        let u = RegisterUpdate {
            status: p.status.clone().unwrap_or(row.status),
            registration_source: p
                .registration_source
                .clone()
                .unwrap_or(row.registration_source),
            risk_level: p
                .risk_level
                .clone()
                .unwrap_or_else(|| row.risk_level.unwrap_or_default()),
            drug_types: p.drug_types.clone().unwrap_or(drugs),
            tags: p.tags.clone().unwrap_or(tags),
            assigned_worker_id: p.assigned_worker_id.unwrap_or(row.assigned_worker_id),
        };
        self.person_update_register(actor, id, &u).await
    }

    /// Changes the register fields of a person in the actor's capture
    /// scope. The identity and the first registration never change here
    /// (首次登记责任制). Audited with the names of the fields that changed;
    /// a submission that changes nothing writes nothing.
    pub async fn person_update_register(
        &self,
        actor: &Actor,
        id: &str,
        u: &RegisterUpdate,
    ) -> ServiceResult<Vec<String>> {
        actor.authorize(Permission::PersonCreate, None)?;
        let row = persons::get(&self.db, actor.scope(Permission::PersonCreate), id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let owner = crate::org::get(&self.db, row.org_unit_id).await?;
        let mut errors = Vec::new();
        let new = self
            .register_fields(
                &RegisterInput {
                    status: &u.status,
                    registration_source: &u.registration_source,
                    risk_level: &u.risk_level,
                    drug_types: &u.drug_types,
                    tags: &u.tags,
                    assigned_worker_id: u.assigned_worker_id,
                },
                Some(&owner),
                &mut errors,
            )
            .await?;
        // JDTL 7: 戒断三年未复吸 is confirmed by a person, and only once the
        // three years have run (the proposal day is kept on write).
        if new.status == RegisterStatus::AbstinentThreeYears.code()
            && row.status != new.status
            && row.abstinence_date.is_none_or(|d| d > self.today())
        {
            errors.push(("status".into(), "person.not_abstinence_candidate".into()));
        }
        if !errors.is_empty() {
            return Err(ServiceError::Fields(errors));
        }
        let (drugs, tags) = persons::codes_of(&self.db, id).await?;
        let sorted = |v: &[String]| {
            let mut v = v.to_vec();
            v.sort();
            v
        };
        let changed: Vec<String> = [
            ("status", row.status != new.status),
            (
                "registration_source",
                row.registration_source != new.registration_source,
            ),
            ("risk_level", row.risk_level != new.risk_level),
            (
                "assigned_worker_id",
                row.assigned_worker_id != new.assigned_worker_id,
            ),
            ("drug_types", sorted(&drugs) != sorted(&new.drugs)),
            ("tags", sorted(&tags) != sorted(&new.tags)),
        ]
        .into_iter()
        .filter(|(_, c)| *c)
        .map(|(f, _)| f.to_string())
        .collect();
        if changed.is_empty() {
            return Ok(changed);
        }
        let mut tx = self.db.begin().await?;
        persons::update_register(&mut tx, id, &new, self.now_ms()).await?;
        self.track_person_now(&mut tx, id).await?;
        let ev =
            AuditEvent::new("person.update", "person", id).details(json!({ "fields": changed }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(changed)
    }

    /// Who created and changed the record, when, and which fields — read
    /// from the audit trail (it holds no values). Part of viewing the
    /// record, which is itself audited.
    pub async fn person_history(
        &self,
        actor: &Actor,
        id: &str,
    ) -> ServiceResult<Vec<HistoryEntry>> {
        actor.authorize(Permission::PersonRead, None)?;
        persons::get(&self.db, actor.scope(Permission::PersonRead), id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let f = AuditFilter {
            object_type: Some("person".into()),
            object_id: Some(id.to_string()),
            ..Default::default()
        };
        let (entries, _) = crate::audit::search(&self.db, &f, 0, 200).await?;
        Ok(entries
            .into_iter()
            .filter(|e| {
                matches!(
                    e.event.as_str(),
                    "person.create" | "person.update" | "person.import"
                )
            })
            .map(|e| {
                let fields = serde_json::from_str::<serde_json::Value>(&e.details)
                    .ok()
                    .and_then(|v| v.get("fields").cloned())
                    .and_then(|v| serde_json::from_value(v).ok())
                    .unwrap_or_default();
                HistoryEntry {
                    at: e.at,
                    username: e.actor_username,
                    event: e.event,
                    fields,
                }
            })
            .collect())
    }
}

impl Ctx {
    /// The materialised path of a unit (for deciding what a page offers;
    /// every change re-checks the scope itself).
    pub async fn org_path(&self, unit_id: i64) -> Option<String> {
        crate::org::get(&self.db, unit_id)
            .await
            .ok()
            .map(|u| u.path)
    }

    /// Social workers and township officers who can be assigned to persons
    /// living in `unit_id`: active accounts whose unit contains it.
    pub async fn responsible_workers(
        &self,
        actor: &Actor,
        unit_id: i64,
    ) -> ServiceResult<Vec<(i64, String)>> {
        actor.authorize(Permission::PersonRead, None)?;
        let unit = crate::org::get(&self.db, unit_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let rows = self
            .db
            .fetch_all(
                crate::Q::new(
                    "SELECT u.id, u.display_name FROM users u JOIN org_units o ON o.id = u.org_unit_id \
                     WHERE u.disabled = $1 AND u.role IN ($2, $3) AND substr($4, 1, length(o.path)) = o.path ORDER BY u.display_name",
                )
                .bind(false)
                .bind(Role::SocialWorker.code())
                .bind(Role::TownshipOfficer.code())
                .bind(unit.path),
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| Ok((r.i64("id")?, r.text("display_name")?)))
            .collect::<crate::StoreResult<_>>()?)
    }
}
