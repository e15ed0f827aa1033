//! Strong suspects (重嫌必检): recording a suspect, the result of the
//! ordered test, and — for a positive result with evidence — registration
//! on the register in one step (source: strong-suspect test). The ID number
//! and the circumstances are protected like a person's.

use jindu_domain::authz::Permission;
use jindu_domain::{IdNumber, mask_text};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;

use super::persons::PersonInput;
use super::{Actor, Ctx, Page, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::crypto::random_bytes;
use crate::suspects::{self, NewSuspect, SuspectRow};
use crate::{org, persons};

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuspectInput {
    pub name: String,
    pub id_number: String,
    /// Where the suspect was found (defaults to the actor's unit).
    pub unit_id: Option<i64>,
    pub found_date: Option<Date>,
    #[serde(default)]
    pub circumstances: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuspectResult {
    pub test_date: Option<Date>,
    /// negative, positive, refused
    pub result: String,
    /// The evidence of use besides the sample (吸毒成瘾认定办法): required
    /// for a positive result.
    #[serde(default)]
    pub evidence: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct SuspectView {
    pub id: String,
    pub name: String,
    pub id_number: String,
    pub unit: String,
    pub found_date: Date,
    pub test_date: Option<Date>,
    pub result: String,
    pub evidence: String,
    pub circumstances: Option<String>,
    pub person_id: Option<String>,
}

fn aad(id: &str, field: &str) -> String {
    format!("suspects/{id}/{field}")
}

impl Ctx {
    fn suspect_view(&self, s: &SuspectRow) -> ServiceResult<SuspectView> {
        let id_number = self
            .keys
            .decrypt(&s.id_number_enc, &aad(&s.id, "id_number"))?;
        let circumstances = s
            .circumstances_enc
            .as_ref()
            .map(|c| self.keys.decrypt(c, &aad(&s.id, "circumstances")))
            .transpose()?;
        Ok(SuspectView {
            id: s.id.clone(),
            name: s.name.clone(),
            id_number: IdNumber::parse(&id_number)
                .map(|i| i.masked())
                .unwrap_or_else(|_| mask_text(&id_number)),
            unit: s.org_name.clone(),
            found_date: s.found_date,
            test_date: s.test_date,
            result: s.result.clone(),
            evidence: s.evidence.clone(),
            circumstances,
            person_id: s.person_id.clone(),
        })
    }

    pub async fn suspect_create(
        &self,
        actor: &Actor,
        input: &SuspectInput,
    ) -> ServiceResult<String> {
        actor.authorize(Permission::PersonCreate, None)?;
        let mut errors = Vec::new();
        let name = input.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 50 {
            errors.push(("name".to_string(), "field.required".to_string()));
        }
        let id_number = IdNumber::parse(&input.id_number)
            .map_err(|e| errors.push(("id_number".into(), e.code().into())))
            .ok();
        let found = input.found_date.unwrap_or_else(|| self.today());
        if found > self.today() {
            errors.push(("found_date".into(), "date.future".into()));
        }
        let unit = match input.unit_id.or(actor.org_unit_id) {
            Some(u) => org::get(&self.db, u).await.ok(),
            None => None,
        };
        let unit = unit.filter(|u| {
            actor
                .authorize(Permission::PersonCreate, Some(&u.path))
                .is_ok()
        });
        if unit.is_none() {
            errors.push(("unit_id".into(), "org.out_of_scope".into()));
        }
        let (Some(id_number), Some(unit), true) = (id_number, unit, errors.is_empty()) else {
            return Err(ServiceError::Fields(errors));
        };
        let id = persons::uuid_v4(random_bytes::<16>());
        let circumstances = input.circumstances.trim();
        let mut cache = super::unit_cache::UnitCache::default();
        let county_code = cache.county_code(&self.db, &unit).await?;
        let record = NewSuspect {
            id: id.clone(),
            county_code,
            org_unit_id: unit.id,
            name,
            id_number_enc: self
                .keys
                .encrypt(id_number.as_str(), &aad(&id, "id_number"))?,
            id_number_bidx: self.keys.blind_index("id_number", id_number.as_str()),
            circumstances_enc: if circumstances.is_empty() {
                None
            } else {
                Some(
                    self.keys
                        .encrypt(circumstances, &aad(&id, "circumstances"))?,
                )
            },
            found_date: found,
            created_by: actor.user_id,
        };
        let mut tx = self.db.begin().await?;
        suspects::insert(&mut tx, record, self.now_ms()).await?;
        self.commit_audited(
            tx,
            &actor.audit(),
            AuditEvent::new("suspect.create", "suspect", &id),
        )
        .await?;
        Ok(id)
    }

    pub async fn suspect_list(
        &self,
        actor: &Actor,
        pending_only: bool,
        page: Page,
    ) -> ServiceResult<(Vec<SuspectView>, i64)> {
        actor.authorize(Permission::PersonRead, None)?;
        let (rows, total) = suspects::list(
            &self.db,
            actor.scope(Permission::PersonRead),
            pending_only,
            page.offset(),
            page.per_page,
        )
        .await?;
        let views = rows
            .iter()
            .map(|r| self.suspect_view(r))
            .collect::<ServiceResult<Vec<_>>>()?;
        let ev =
            AuditEvent::new("suspect.search", "suspect", "").details(json!({ "results": total }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok((views, total))
    }

    pub async fn suspect_get(&self, actor: &Actor, id: &str) -> ServiceResult<SuspectView> {
        actor.authorize(Permission::PersonRead, None)?;
        let row = suspects::get(&self.db, actor.scope(Permission::PersonRead), id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let view = self.suspect_view(&row)?;
        self.audit_only(
            &actor.audit(),
            AuditEvent::new("suspect.view", "suspect", id),
        )
        .await?;
        Ok(view)
    }

    /// Records the test result. A positive result needs the evidence of use
    /// besides the sample before it can lead to registration (CYRD 7).
    pub async fn suspect_result(
        &self,
        actor: &Actor,
        id: &str,
        r: &SuspectResult,
    ) -> ServiceResult<()> {
        actor.authorize(Permission::PersonCreate, None)?;
        suspects::get(&self.db, actor.scope(Permission::PersonCreate), id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let date = r.test_date.unwrap_or_else(|| self.today());
        if date > self.today() {
            return Err(ServiceError::invalid("test_date", "date.future"));
        }
        if !matches!(r.result.as_str(), "negative" | "positive" | "refused") {
            return Err(ServiceError::invalid("result", "field.invalid_code"));
        }
        let evidence = r.evidence.trim();
        if r.result == "positive" && evidence.is_empty() {
            return Err(ServiceError::invalid(
                "evidence",
                "suspect.evidence_required",
            ));
        }
        let mut tx = self.db.begin().await?;
        suspects::set_result(&mut tx, id, date, &r.result, evidence, self.now_ms()).await?;
        let ev =
            AuditEvent::new("suspect.result", "suspect", id).details(json!({ "result": r.result }));
        self.commit_audited(tx, &actor.audit(), ev).await
    }

    /// Registers a positive suspect: name and ID number come from the
    /// suspect record, the rest from `input`; the source is the strong-
    /// suspect test. If the ID number is already on the register (in
    /// scope), the suspect is linked to that record instead.
    pub async fn suspect_register(
        &self,
        actor: &Actor,
        id: &str,
        input: &PersonInput,
    ) -> ServiceResult<String> {
        actor.authorize(Permission::PersonCreate, None)?;
        let row = suspects::get(&self.db, actor.scope(Permission::PersonCreate), id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        if row.result != "positive" || row.evidence.is_empty() {
            return Err(ServiceError::invalid("result", "suspect.not_positive"));
        }
        if let Some(p) = &row.person_id {
            return Ok(p.clone());
        }
        let id_number = self
            .keys
            .decrypt(&row.id_number_enc, &aad(&row.id, "id_number"))?;
        let person_input = PersonInput {
            name: row.name.clone(),
            id_number,
            registration_source: "strong_suspect_test".into(),
            ..input.clone()
        };
        let person_id = match self.person_register(actor, &person_input).await {
            Ok(p) => p,
            Err(ServiceError::Conflict {
                existing: Some(existing),
                ..
            }) => existing,
            Err(e) => return Err(e),
        };
        let mut tx = self.db.begin().await?;
        suspects::link_person(&mut tx, id, &person_id, self.now_ms()).await?;
        let ev = AuditEvent::new("suspect.register", "suspect", id)
            .details(json!({ "person": person_id }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(person_id)
    }
}
