//! The person register: register, list, view, reveal. Protected fields are
//! encrypted before they reach the repository and masked on the way out;
//! only `reveal` returns them whole, with a reason, and on the record.

use jindu_domain::age::age_on;
use jindu_domain::authz::{Permission, path_within};
use jindu_domain::org::OrgLevel;
use jindu_domain::{IdNumber, Phone, Sex, mask_text};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;

use super::register::RegisterInput;
use super::unit_cache::UnitCache;
use super::{Actor, Ctx, Page, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::crypto::random_bytes;
use crate::org::{self, OrgUnit};
use crate::persons::{
    self, NewPerson, PersonFilter, PersonRow, PersonSort, PlainPerson, RegisterFields,
};

/// What a registration form or API call submits. Sex and birth date are not
/// entered: they are read from the ID number (GB 11643).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    // Defaulted so a missing field is reported like an empty one, with the
    // form's other errors (and a suspect's registration may omit both).
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub phone: String,
    pub household_unit_id: Option<i64>,
    #[serde(default)]
    pub household_address: String,
    pub residence_unit_id: Option<i64>,
    pub residence_grid_id: Option<i64>,
    #[serde(default)]
    pub residence_address: String,
    pub first_reg_unit_id: Option<i64>,
    #[serde(default)]
    pub first_reg_officer: String,
    pub first_reg_date: Option<Date>,
    /// How the person was first found (a `RegistrationSource` code).
    #[serde(default)]
    pub registration_source: String,
    /// A `RiskLevel` code, or empty.
    #[serde(default)]
    pub risk_level: String,
    /// `DrugType` codes.
    #[serde(default)]
    pub drug_types: Vec<String>,
    /// `PersonTag` codes.
    #[serde(default)]
    pub tags: Vec<String>,
    pub assigned_worker_id: Option<i64>,
}

/// A person as shown by default: protected fields masked.
#[derive(Clone, Debug, Serialize)]
pub struct PersonView {
    pub id: String,
    pub name: String,
    pub sex: String,
    pub birth_date: Date,
    pub age: i32,
    pub id_number: String,
    pub phone: Option<String>,
    pub household_unit_id: i64,
    pub household_unit: String,
    pub household_address: Option<String>,
    pub residence_unit_id: i64,
    pub residence_unit: String,
    pub residence_grid_id: Option<i64>,
    pub residence_grid: Option<String>,
    pub residence_address: Option<String>,
    pub first_reg_unit_id: i64,
    pub first_reg_unit: String,
    pub first_reg_officer: String,
    pub first_reg_date: Date,
    pub org_unit_id: i64,
    pub created_at: i64,
    pub status: String,
    pub registration_source: String,
    pub risk_level: Option<String>,
    pub assigned_worker_id: Option<i64>,
    pub assigned_worker: Option<String>,
    /// First day as a candidate for "戒断三年未复吸" (JDTL 7): a prompt for
    /// a person to confirm, never a status by itself.
    pub abstinence_candidate_on: Option<Date>,
    /// The police's addiction determination (CYRD 4, 6): level code, day
    /// and, when severe, the CYRD 8 grounds (codes).
    pub addiction_level: Option<String>,
    pub addiction_on: Option<Date>,
    pub addiction_grounds: Vec<String>,
    /// Drugs and tags (codes); filled on the single-record view only.
    pub drug_types: Vec<String>,
    pub tags: Vec<String>,
}

/// A registration that passed every check, ready to be written.
pub struct ValidPerson {
    county_code: String,
    register: RegisterFields,
    name: String,
    id_number: IdNumber,
    phone: Option<Phone>,
    household: OrgUnit,
    household_address: String,
    residence: OrgUnit,
    grid: Option<OrgUnit>,
    residence_address: String,
    owner: OrgUnit,
    first_unit: OrgUnit,
    officer: String,
    reg_date: Date,
}

impl ValidPerson {
    /// The plain record to seal, under a new row id.
    pub fn as_plain(&self, id: String, created_by: Option<i64>) -> PlainPerson<'_> {
        PlainPerson {
            id,
            county_code: self.county_code.clone(),
            org_unit_id: self.owner.id,
            name: self.name.clone(),
            id_number: &self.id_number,
            phone: self.phone.as_ref().map(|p| p.as_str()),
            household_unit_id: self.household.id,
            household_address: &self.household_address,
            residence_unit_id: self.residence.id,
            residence_grid_id: self.grid.as_ref().map(|g| g.id),
            residence_address: &self.residence_address,
            first_reg_unit_id: self.first_unit.id,
            first_reg_officer: self.officer.clone(),
            first_reg_date: self.reg_date,
            created_by,
            register: self.register.clone(),
        }
    }
}

/// The protected fields in full, returned by `reveal` only.
#[derive(Clone, Debug, Serialize)]
pub struct Revealed {
    pub id_number: String,
    pub phone: Option<String>,
    pub household_address: Option<String>,
    pub residence_address: Option<String>,
}

/// List filters as the UI and API accept them.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PersonQuery {
    pub name: Option<String>,
    pub id_number: Option<String>,
    pub sex: Option<String>,
    pub unit: Option<i64>,
    pub registered_from: Option<Date>,
    pub registered_to: Option<Date>,
    pub status: Option<String>,
    pub risk_level: Option<String>,
    pub tag: Option<String>,
    pub sort: Option<String>,
}

fn aad(id: &str, field: &str) -> String {
    persons::field_aad(id, field)
}

fn trimmed(s: &str, max: usize, field: &str, errors: &mut Vec<(String, String)>) -> String {
    let t = s.trim().to_string();
    if t.chars().count() > max {
        errors.push((field.into(), "field.too_long".into()));
    }
    t
}

impl Ctx {
    /// The protected fields of a row, decrypted.
    pub(super) fn unmask(&self, row: &PersonRow) -> ServiceResult<Revealed> {
        let dec = |e: &Option<Vec<u8>>, f: &str| -> ServiceResult<Option<String>> {
            Ok(e.as_ref()
                .map(|e| self.keys.decrypt(e, &aad(&row.id, f)))
                .transpose()?)
        };
        Ok(Revealed {
            id_number: self
                .keys
                .decrypt(&row.id_number_enc, &aad(&row.id, "id_number"))?,
            phone: dec(&row.phone_enc, "phone")?,
            household_address: dec(&row.household_address_enc, "household_address")?,
            residence_address: dec(&row.residence_address_enc, "residence_address")?,
        })
    }

    pub(super) fn view(&self, p: &PersonRow) -> ServiceResult<PersonView> {
        let id_number = self
            .keys
            .decrypt(&p.id_number_enc, &aad(&p.id, "id_number"))?;
        let masked_id = IdNumber::parse(&id_number)
            .map(|i| i.masked())
            .unwrap_or_else(|_| mask_text(&id_number));
        let phone = p
            .phone_enc
            .as_ref()
            .map(|e| self.keys.decrypt(e, &aad(&p.id, "phone")))
            .transpose()?
            .map(|ph| {
                Phone::parse(&ph)
                    .map(|x| x.masked())
                    .unwrap_or_else(|_| mask_text(&ph))
            });
        let addr = |e: &Option<Vec<u8>>, f: &str| -> ServiceResult<Option<String>> {
            Ok(e.as_ref()
                .map(|e| self.keys.decrypt(e, &aad(&p.id, f)))
                .transpose()?
                .map(|a| mask_text(&a)))
        };
        Ok(PersonView {
            id: p.id.clone(),
            name: p.name.clone(),
            sex: p.sex.clone(),
            birth_date: p.birth_date,
            age: age_on(p.birth_date, self.today()),
            id_number: masked_id,
            phone,
            household_unit_id: p.household_unit_id,
            household_unit: p.household_unit_name.clone(),
            household_address: addr(&p.household_address_enc, "household_address")?,
            residence_unit_id: p.residence_unit_id,
            residence_unit: p.residence_unit_name.clone(),
            residence_grid_id: p.residence_grid_id,
            residence_grid: p.residence_grid_name.clone(),
            residence_address: addr(&p.residence_address_enc, "residence_address")?,
            first_reg_unit_id: p.first_reg_unit_id,
            first_reg_unit: p.first_reg_unit_name.clone(),
            first_reg_officer: p.first_reg_officer.clone(),
            first_reg_date: p.first_reg_date,
            org_unit_id: p.org_unit_id,
            created_at: p.created_at,
            status: p.status.clone(),
            registration_source: p.registration_source.clone(),
            risk_level: p.risk_level.clone(),
            assigned_worker_id: p.assigned_worker_id,
            assigned_worker: p.assigned_worker_name.clone(),
            abstinence_candidate_on: p.abstinence_date,
            addiction_level: p.addiction_level.clone(),
            addiction_on: p.addiction_on,
            addiction_grounds: super::import::split(&p.addiction_grounds)
                .map(str::to_string)
                .collect(),
            drug_types: Vec::new(),
            tags: Vec::new(),
        })
    }

    /// Validates a registration without writing anything: every field at
    /// once, so a form can show all its errors together.
    pub async fn person_check(
        &self,
        actor: &Actor,
        input: &PersonInput,
    ) -> ServiceResult<ValidPerson> {
        self.person_check_with(actor, input, &mut UnitCache::default())
            .await
    }

    /// An active unit for a form field, or the field's error.
    async fn unit_field(
        &self,
        cache: &mut UnitCache,
        id: Option<i64>,
        field: &str,
    ) -> ServiceResult<Result<OrgUnit, (String, String)>> {
        Ok(match id {
            None => Err((field.to_string(), "field.required".to_string())),
            Some(id) => match cache.get(&self.db, id).await? {
                Some(u) if u.active => Ok(u),
                _ => Err((field.to_string(), "org.unknown".to_string())),
            },
        })
    }

    /// [`Ctx::person_check`] with units looked up through `cache`.
    pub async fn person_check_with(
        &self,
        actor: &Actor,
        input: &PersonInput,
        cache: &mut UnitCache,
    ) -> ServiceResult<ValidPerson> {
        actor.authorize(Permission::PersonCreate, None)?;
        let mut errors: Vec<(String, String)> = Vec::new();
        let name = trimmed(&input.name, 50, "name", &mut errors);
        if name.is_empty() {
            errors.push(("name".into(), "field.required".into()));
        }
        let id_number = match IdNumber::parse(&input.id_number) {
            Ok(i) => Some(i),
            Err(e) => {
                errors.push(("id_number".into(), e.code().into()));
                None
            }
        };
        if let Some(i) = &id_number
            && i.birth_date() > self.today()
        {
            errors.push(("id_number".into(), "id.birth_date".into()));
        }
        let phone = if input.phone.trim().is_empty() {
            None
        } else {
            match Phone::parse(&input.phone) {
                Ok(p) => Some(p),
                Err(e) => {
                    errors.push(("phone".into(), e.code().into()));
                    None
                }
            }
        };
        let household_address = trimmed(
            &input.household_address,
            200,
            "household_address",
            &mut errors,
        );
        let residence_address = trimmed(
            &input.residence_address,
            200,
            "residence_address",
            &mut errors,
        );
        let officer = {
            let o = trimmed(
                &input.first_reg_officer,
                50,
                "first_reg_officer",
                &mut errors,
            );
            if o.is_empty() {
                actor.display_name.clone()
            } else {
                o
            }
        };
        let reg_date = input.first_reg_date.unwrap_or_else(|| self.today());
        if reg_date > self.today() {
            errors.push(("first_reg_date".into(), "date.future".into()));
        }

        // No household unit given: the same as the residence.
        let household = self
            .unit_field(
                cache,
                input.household_unit_id.or(input.residence_unit_id),
                "household_unit_id",
            )
            .await?
            .map_err(|e| errors.push(e))
            .ok();
        let residence = self
            .unit_field(cache, input.residence_unit_id, "residence_unit_id")
            .await?
            .map_err(|e| errors.push(e))
            .ok();
        let grid = match input.residence_grid_id {
            None => None,
            Some(g) => self
                .unit_field(cache, Some(g), "residence_grid_id")
                .await?
                .map_err(|e| errors.push(e))
                .ok(),
        };
        let first_unit = self
            .unit_field(
                cache,
                input.first_reg_unit_id.or(actor.org_unit_id),
                "first_reg_unit_id",
            )
            .await?
            .map_err(|e| errors.push(e))
            .ok();
        if let Some(h) = &household
            && !matches!(h.level, OrgLevel::Village | OrgLevel::Township)
        {
            errors.push(("household_unit_id".into(), "org.level".into()));
        }
        if let Some(r) = &residence
            && r.level != OrgLevel::Village
        {
            errors.push(("residence_unit_id".into(), "org.level".into()));
        }
        if let (Some(g), Some(r)) = (&grid, &residence)
            && (g.level != OrgLevel::Grid || g.parent_id != Some(r.id))
        {
            errors.push((
                "residence_grid_id".into(),
                "org.grid_not_in_residence".into(),
            ));
        }
        if let Some(f) = &first_unit
            && matches!(f.level, OrgLevel::Grid)
        {
            errors.push(("first_reg_unit_id".into(), "org.level".into()));
        }
        // The record belongs to the smallest unit it lives in; the actor
        // must be allowed to write there.
        let owner: Option<&OrgUnit> = grid.as_ref().or(residence.as_ref());
        if let Some(o) = owner
            && actor
                .authorize(Permission::PersonCreate, Some(&o.path))
                .is_err()
        {
            errors.push(("residence_unit_id".into(), "org.out_of_scope".into()));
        }
        let register = self
            .register_fields(
                &RegisterInput {
                    status: "registered",
                    registration_source: &input.registration_source,
                    risk_level: &input.risk_level,
                    drug_types: &input.drug_types,
                    tags: &input.tags,
                    assigned_worker_id: input.assigned_worker_id,
                },
                owner,
                &mut errors,
            )
            .await?;
        let (
            Some(id_number),
            Some(household),
            Some(residence),
            Some(first_unit),
            Some(owner),
            true,
        ) = (
            id_number,
            household.clone(),
            residence.clone(),
            first_unit,
            owner.cloned(),
            errors.is_empty(),
        )
        else {
            return Err(ServiceError::Fields(errors));
        };
        let county_code = cache.county_code(&self.db, &owner).await?;
        Ok(ValidPerson {
            county_code,
            register,
            name,
            id_number,
            phone,
            household,
            household_address,
            residence,
            grid,
            residence_address,
            owner,
            first_unit,
            officer,
            reg_date,
        })
    }

    /// Registers a person: validates (see [`Ctx::person_check`]), refuses a
    /// duplicate ID number with a link to the existing record when the
    /// actor may see it, and writes the record and its audit entry in one
    /// transaction.
    pub async fn person_register(
        &self,
        actor: &Actor,
        input: &PersonInput,
    ) -> ServiceResult<String> {
        let valid = self.person_check(actor, input).await?;
        let id = persons::uuid_v4(random_bytes::<16>());
        let record = NewPerson::seal(&self.keys, valid.as_plain(id.clone(), actor.user_id))?;
        let bidx = record.id_number_bidx.clone();
        let mut tx = self.db.begin().await?;
        if let Some((existing, path)) = persons::by_blind_index(&mut tx, &bidx).await? {
            // Refused with a link when the actor may see the existing
            // record; otherwise only that it exists elsewhere.
            let visible = actor
                .scope(Permission::PersonRead)
                .iter()
                .any(|s| path_within(&path, s))
                && actor.can(Permission::PersonRead);
            return Err(ServiceError::Conflict {
                code: if visible {
                    "person.duplicate_id_number".into()
                } else {
                    "person.duplicate_elsewhere".into()
                },
                existing: visible.then_some(existing),
            });
        }
        let (unit, first, born) = (
            record.first_reg_unit_id,
            record.first_reg_date,
            record.birth_date,
        );
        persons::insert(&mut tx, record, self.now_ms())
            .await
            .map_err(|e| match e {
                crate::StoreError::Conflict(c) => ServiceError::conflict(&c),
                e => e.into(),
            })?;
        self.track_person(&mut tx, &id, unit, first, born).await?;
        self.track_person_now(&mut tx, &id).await?;
        self.trace_new_user(&mut tx, &id, first).await?;
        let ev = AuditEvent::new("person.create", "person", &id).details(json!({
            "fields": ["name", "id_number", "phone", "household_unit_id", "household_address", "residence_unit_id", "residence_grid_id", "residence_address", "first_reg_unit_id", "first_reg_officer",
                "first_reg_date",
                "registration_source",
                "risk_level",
                "drug_types",
                "tags",
                "assigned_worker_id"
            ]
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(id)
    }

    /// A page of persons in the actor's search scope, masked. The search is
    /// audited with the names of the filters used, never their values.
    /// The repository filter and sort for a list query. An unknown or
    /// out-of-scope unit narrows to nothing rather than erroring, so probing
    /// unit ids reveals nothing.
    pub(super) async fn person_filter(
        &self,
        q: &PersonQuery,
    ) -> ServiceResult<(PersonFilter, PersonSort)> {
        let mut f = PersonFilter {
            name: q
                .name
                .clone()
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().to_string()),
            sex: q.sex.clone().filter(|s| Sex::from_code(s).is_some()),
            registered_from: q.registered_from,
            registered_to: q.registered_to,
            status: q.status.clone().filter(|s| !s.is_empty()),
            risk_level: q.risk_level.clone().filter(|s| !s.is_empty()),
            tag: q.tag.clone().filter(|s| !s.is_empty()),
            ..Default::default()
        };
        if let Some(raw) = q.id_number.as_deref().filter(|s| !s.trim().is_empty()) {
            let id =
                IdNumber::parse(raw).map_err(|e| ServiceError::invalid("id_number", e.code()))?;
            f.id_number_bidx = Some(self.keys.blind_index("id_number", id.as_str()));
        }
        if let Some(u) = q.unit {
            f.unit_path = Some(
                org::get(&self.db, u)
                    .await
                    .map(|u| u.path)
                    .unwrap_or_else(|_| "/none/".into()),
            );
        }
        let sort = match q.sort.as_deref() {
            Some("name") => PersonSort::Name,
            Some("registered") => PersonSort::FirstRegistered,
            _ => PersonSort::Newest,
        };
        Ok((f, sort))
    }

    pub async fn person_list(
        &self,
        actor: &Actor,
        q: &PersonQuery,
        page: Page,
    ) -> ServiceResult<(Vec<PersonView>, i64)> {
        actor.authorize(Permission::PersonRead, None)?;
        let (f, sort) = self.person_filter(q).await?;
        let (rows, total) = persons::list(
            &self.db,
            actor.scope(Permission::PersonRead),
            &f,
            sort,
            page.offset(),
            page.per_page,
        )
        .await?;
        let views = rows
            .iter()
            .map(|r| self.view(r))
            .collect::<ServiceResult<Vec<_>>>()?;
        let used = filter_names(&f);
        let ev = AuditEvent::new("person.search", "person", "")
            .details(json!({ "filters": used, "results": total }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok((views, total))
    }

    /// One person, masked; out of scope is NotFound. The view is audited.
    pub async fn person_view(&self, actor: &Actor, id: &str) -> ServiceResult<PersonView> {
        actor.authorize(Permission::PersonRead, None)?;
        let row = persons::get(&self.db, actor.scope(Permission::PersonRead), id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let mut view = self.view(&row)?;
        (view.drug_types, view.tags) = persons::codes_of(&self.db, id).await?;
        self.audit_only(&actor.audit(), AuditEvent::new("person.view", "person", id))
            .await?;
        Ok(view)
    }

    /// How many persons the actor's search scope holds: an aggregate, so
    /// not audited per view (no one's record is read).
    pub async fn person_count(&self, actor: &Actor) -> ServiceResult<i64> {
        actor.authorize(Permission::PersonRead, None)?;
        Ok(persons::count(&self.db, actor.scope(Permission::PersonRead)).await?)
    }

    /// The person (masked view) and their protected fields in full. Needs
    /// the reveal permission and a reason, is rate-limited per user, and is
    /// audited, with the reason, as one event.
    pub async fn person_reveal(
        &self,
        actor: &Actor,
        id: &str,
        reason: &str,
    ) -> ServiceResult<(PersonView, Revealed)> {
        actor.authorize(Permission::PersonReveal, None)?;
        let row = persons::get(&self.db, actor.scope(Permission::PersonReveal), id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let reason = reason.trim();
        if reason.chars().count() < 4 || reason.chars().count() > 200 {
            return Err(ServiceError::invalid("reason", "reveal.reason"));
        }
        let since = self.now_ms() - 3_600_000;
        let recent = self
            .db
            .scalar_i64(
                crate::Q::new("SELECT COUNT(*) FROM audit_log WHERE actor_username = $1 AND at >= $2 AND event = $3")
                    .bind(actor.username.clone())
                    .bind(since)
                    .bind("person.reveal"),
            )
            .await?;
        if recent >= self.policy.reveals_per_hour {
            return Err(ServiceError::RateLimited);
        }
        let revealed = self.unmask(&row)?;
        let ev = AuditEvent::new("person.reveal", "person", id)
            .reason(reason)
            .details(json!({ "fields": ["id_number", "phone", "household_address", "residence_address"] }));
        let mut view = self.view(&row)?;
        (view.drug_types, view.tags) = persons::codes_of(&self.db, id).await?;
        self.audit_only(&actor.audit(), ev).await?;
        Ok((view, revealed))
    }
}

/// The names (never the values) of the filters in use, for the audit trail.
pub(super) fn filter_names(f: &PersonFilter) -> Vec<&'static str> {
    [
        ("name", f.name.is_some()),
        ("id_number", f.id_number_bidx.is_some()),
        ("sex", f.sex.is_some()),
        ("unit", f.unit_path.is_some()),
        ("registered_from", f.registered_from.is_some()),
        ("registered_to", f.registered_to.is_some()),
        ("status", f.status.is_some()),
        ("risk_level", f.risk_level.is_some()),
        ("tag", f.tag.is_some()),
    ]
    .into_iter()
    .filter_map(|(n, on)| on.then_some(n))
    .collect()
}
