//! Drug cases (以打为主): recorded by the police in their capture scope,
//! with suspects from the register. A trafficking case (Criminal Law
//! Art 347) opens an up/down-line trace for each trafficking suspect
//! (逢贩必查上下线), and suspects of one case are linked as co-offenders.

use jindu_domain::authz::Permission;
use jindu_domain::enforcement::seizures::{self, SeizureKind};
use jindu_domain::enforcement::trace::TraceKind;
use jindu_domain::enforcement::{CaseStage, CaseType, LinkKind, SuspectRole};
use jindu_domain::register::DrugType;
use jindu_domain::{IdNumber, mask_name};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;

use super::trace::Opening;
use super::unit_cache::UnitCache;
use super::{Actor, Ctx, Page, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::cases::{self, CaseRow, NewCase};
use crate::crypto::random_bytes;
use crate::db::Tx;
use crate::persons::uuid_v4;
use crate::{links, org, persons};

/// A suspect as entered: a person on the register and their part.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SuspectInput {
    pub person_id: String,
    pub role: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseInput {
    pub number: String,
    pub case_type: String,
    pub title: String,
    /// The unit the case belongs to (in the actor's capture scope).
    pub org_unit_id: i64,
    /// Today when left out.
    pub accepted_date: Option<Date>,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub handling_unit: String,
    /// Campaign tags, e.g. 两打两控.
    #[serde(default)]
    pub campaigns: Vec<String>,
    /// Linked to an organised-crime case (涉黑涉恶).
    #[serde(default)]
    pub organised_crime: bool,
    #[serde(default)]
    pub suspects: Vec<SuspectInput>,
}

/// The case list's filters.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct CaseQuery {
    pub stage: Option<String>,
    pub person_id: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageInput {
    pub stage: String,
    /// Today when left out.
    pub on: Option<Date>,
}

/// A seizure as entered: grams of a drug (register drug type code) or
/// kilograms of a precursor chemical (its name, until the precursor
/// catalogue exists).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeizureInput {
    pub kind: String,
    pub substance: String,
    /// Grams of a drug, kilograms of a precursor.
    pub quantity: f64,
    /// Today when left out.
    pub seized_date: Option<Date>,
    #[serde(default)]
    pub place: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct SeizureView {
    pub id: String,
    pub kind: String,
    pub substance: String,
    pub quantity: f64,
    /// `g` or `kg`.
    pub unit: &'static str,
    pub seized_date: Date,
    pub place: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct SuspectView {
    pub person_id: String,
    pub name: String,
    pub role: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct CaseView {
    pub id: String,
    pub number: String,
    pub case_type: String,
    pub trafficking: bool,
    pub stage: String,
    pub title: String,
    pub org_unit_id: i64,
    pub org_unit_name: String,
    pub accepted_date: Date,
    pub stage_date: Date,
    pub place: String,
    pub handling_unit: String,
    pub campaigns: Vec<String>,
    pub organised_crime: bool,
    pub suspects: Vec<SuspectView>,
    /// Suspects not on the register.
    pub subjects: Vec<super::case_subjects::SubjectView>,
    pub seizures: Vec<SeizureView>,
}

/// A campaign tag: short, and without the list separator.
fn campaign(tag: &str) -> ServiceResult<String> {
    let t = tag.trim();
    if t.is_empty() || t.chars().count() > 20 || t.contains(',') {
        return Err(ServiceError::invalid("campaigns", "case.campaign"));
    }
    Ok(t.to_string())
}

fn seizure_view(r: cases::SeizureRow) -> Option<SeizureView> {
    let kind = SeizureKind::from_code(&r.kind)?;
    Some(SeizureView {
        id: r.id,
        kind: r.kind,
        substance: r.substance,
        quantity: seizures::from_mg(kind, r.quantity_mg),
        unit: match kind {
            SeizureKind::Drug => "g",
            SeizureKind::Precursor => "kg",
        },
        seized_date: r.seized_date,
        place: r.place,
    })
}

pub(super) fn required(field: &str, v: &str, max: usize) -> ServiceResult<String> {
    let t = v.trim();
    if t.is_empty() {
        return Err(ServiceError::invalid(field, "field.required"));
    }
    if t.chars().count() > max {
        return Err(ServiceError::invalid(field, "field.too_long"));
    }
    Ok(t.to_string())
}

impl Ctx {
    fn case_view(&self, r: CaseRow, suspects: Vec<cases::SuspectRow>) -> CaseView {
        CaseView {
            trafficking: CaseType::from_code(&r.case_type).is_some_and(CaseType::is_trafficking),
            id: r.id,
            number: r.number,
            case_type: r.case_type,
            stage: r.stage,
            title: r.title,
            org_unit_id: r.org_unit_id,
            org_unit_name: r.org_unit_name,
            accepted_date: r.accepted_date,
            stage_date: r.stage_date,
            place: r.place,
            handling_unit: r.handling_unit,
            campaigns: r
                .campaigns
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect(),
            organised_crime: r.organised_crime,
            suspects: suspects
                .into_iter()
                .map(|s| SuspectView {
                    person_id: s.person_id,
                    name: mask_name(&s.name),
                    role: s.role,
                })
                .collect(),
            subjects: Vec::new(),
            seizures: Vec::new(),
        }
    }

    /// Records a case in the actor's capture scope with its first
    /// suspects. Audited as `case.create`.
    pub async fn case_create(&self, actor: &Actor, input: &CaseInput) -> ServiceResult<String> {
        actor.authorize(Permission::CaseWrite, None)?;
        let unit = org::get(&self.db, input.org_unit_id)
            .await
            .map_err(|_| ServiceError::invalid("org_unit_id", "org.unknown"))?;
        actor
            .authorize(Permission::CaseWrite, Some(&unit.path))
            .map_err(|_| ServiceError::invalid("org_unit_id", "org.out_of_scope"))?;
        let case_type = CaseType::from_code(&input.case_type)
            .ok_or_else(|| ServiceError::invalid("case_type", "field.invalid_code"))?;
        let accepted = input.accepted_date.unwrap_or_else(|| self.today());
        if accepted > self.today() {
            return Err(ServiceError::invalid("accepted_date", "date.future"));
        }
        let campaigns = input
            .campaigns
            .iter()
            .map(|c| campaign(c))
            .collect::<ServiceResult<Vec<_>>>()?;
        let id = uuid_v4(random_bytes::<16>());
        let record = NewCase {
            id: id.clone(),
            county_code: UnitCache::default().county_code(&self.db, &unit).await?,
            org_unit_id: unit.id,
            number: required("number", &input.number, 40)?,
            case_type: case_type.code().into(),
            stage: CaseStage::Accepted.code().into(),
            title: required("title", &input.title, 200)?,
            accepted_date: accepted,
            place: input.place.trim().chars().take(200).collect(),
            handling_unit: input.handling_unit.trim().chars().take(100).collect(),
            campaigns: campaigns.join(","),
            organised_crime: input.organised_crime,
            created_by: actor.user_id,
        };
        let county = record.county_code.clone();
        let mut tx = self.db.begin().await?;
        cases::insert(&mut tx, record, self.now_ms())
            .await
            .map_err(ServiceError::from_store)?;
        let mut linked = Vec::new();
        for s in &input.suspects {
            linked.extend(
                self.case_suspect_tx(
                    &mut tx,
                    actor,
                    (&id, case_type, &county, unit.id),
                    s,
                    accepted,
                )
                .await?,
            );
        }
        self.track_case(&mut tx, &id).await?;
        let ev = AuditEvent::new("case.create", "case", &id).details(json!({
            "case_type": case_type.code(), "suspects": input.suspects.len(),
            "fields": ["number", "title", "place", "handling_unit", "campaigns", "organised_crime"]
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        for (a, b) in linked {
            self.link_committed(&a, &b, LinkKind::CoOffender).await;
        }
        Ok(id)
    }

    /// Adds one suspect inside the case's transaction: checks the person
    /// and role, links them to the suspects already there as
    /// co-offenders, and opens their up/down-line trace if the case is
    /// trafficking and they had a trafficking part. Answers the links made.
    async fn case_suspect_tx(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        (case_id, case_type, county, unit): (&str, CaseType, &str, i64),
        s: &SuspectInput,
        on: Date,
    ) -> ServiceResult<Vec<(String, String)>> {
        let role = SuspectRole::from_code(&s.role)
            .ok_or_else(|| ServiceError::invalid("role", "field.invalid_code"))?;
        persons::get(&self.db, actor.scope(Permission::CaseRead), &s.person_id)
            .await
            .map_err(|_| ServiceError::invalid("person_id", "case.unknown_person"))?;
        let before = cases::suspect_ids_tx(tx, case_id).await?;
        cases::add_suspect(tx, case_id, &s.person_id, role.code(), self.now_ms())
            .await
            .map_err(ServiceError::from_store)?;
        let mut linked = Vec::new();
        for other in before {
            links::insert(
                tx,
                links::NewLink {
                    id: uuid_v4(random_bytes::<16>()),
                    from_person: &other,
                    to_person: &s.person_id,
                    kind: LinkKind::CoOffender.code(),
                    source_kind: "case",
                    source_id: case_id,
                    created_by: actor.user_id,
                },
                self.now_ms(),
            )
            .await?;
            linked.push((other, s.person_id.clone()));
        }
        if case_type.is_trafficking() && role != SuspectRole::Buyer {
            let opening = Opening {
                kind: TraceKind::UpDownLine,
                person_id: &s.person_id,
                case_id,
                county_code: county,
                org_unit_id: unit,
                opened: on,
            };
            self.trace_open(tx, opening).await?;
        }
        Ok(linked)
    }

    /// Adds a suspect to a case in the actor's capture scope. Audited as
    /// `case.suspect`.
    pub async fn case_add_suspect(
        &self,
        actor: &Actor,
        id: &str,
        s: &SuspectInput,
    ) -> ServiceResult<()> {
        actor.authorize(Permission::CaseWrite, None)?;
        let mut tx = self.db.begin().await?;
        let case = cases::get_tx(&mut tx, actor.scope(Permission::CaseWrite), id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let case_type = CaseType::from_code(&case.case_type)
            .ok_or_else(|| ServiceError::invalid("case_type", "field.invalid_code"))?;
        let county = case.county_code.clone();
        let today = self.today();
        let linked = self
            .case_suspect_tx(
                &mut tx,
                actor,
                (id, case_type, &county, case.org_unit_id),
                s,
                today,
            )
            .await?;
        self.track_case(&mut tx, id).await?;
        let ev = AuditEvent::new("case.suspect", "case", id)
            .details(json!({ "person_id": s.person_id, "role": s.role }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        for (a, b) in linked {
            self.link_committed(&a, &b, LinkKind::CoOffender).await;
        }
        Ok(())
    }

    /// Whether the actor may record on this case (in their capture scope):
    /// pages check it before reading their form, so a case out of reach
    /// is not found whatever the form holds. Not audited: nothing is read.
    pub async fn case_writable(&self, actor: &Actor, id: &str) -> ServiceResult<()> {
        actor.authorize(Permission::CaseWrite, None)?;
        cases::get(&self.db, actor.scope(Permission::CaseWrite), id)
            .await
            .map(|_| ())
            .map_err(|_| ServiceError::NotFound)
    }

    /// The case with this number among those the actor can see: how pages
    /// name a case (officers know numbers, not record ids).
    pub async fn case_id_by_number(&self, actor: &Actor, number: &str) -> ServiceResult<String> {
        actor.authorize(Permission::CaseRead, None)?;
        cases::id_by_number(&self.db, actor.scope(Permission::CaseRead), number.trim())
            .await?
            .ok_or_else(|| ServiceError::invalid("case_id", "lead.unknown_case"))
    }

    /// The person on the register with this ID number, if the actor may
    /// search them: how the pages name suspects and suppliers (officers
    /// know ID numbers, not record ids). The write that follows is audited.
    pub async fn case_person_by_id_number(
        &self,
        actor: &Actor,
        raw: &str,
    ) -> ServiceResult<String> {
        actor.authorize(Permission::CaseRead, None)?;
        let id = IdNumber::parse(raw).map_err(|e| ServiceError::invalid("id_number", e.code()))?;
        let bidx = self.keys.blind_index("id_number", id.as_str());
        match persons::by_blind_index_read(&self.db, &bidx).await? {
            Some((person, path))
                if actor
                    .scope(Permission::CaseRead)
                    .iter()
                    .any(|s| jindu_domain::authz::path_within(&path, s)) =>
            {
                Ok(person)
            }
            _ => Err(ServiceError::invalid("id_number", "case.unknown_person")),
        }
    }

    /// Records what a case in the actor's capture scope seized. Audited as
    /// `case.seizure`.
    pub async fn case_seizure(
        &self,
        actor: &Actor,
        id: &str,
        input: &SeizureInput,
    ) -> ServiceResult<String> {
        actor.authorize(Permission::CaseWrite, None)?;
        let kind = SeizureKind::from_code(&input.kind)
            .ok_or_else(|| ServiceError::invalid("kind", "field.invalid_code"))?;
        let substance = match kind {
            SeizureKind::Drug => DrugType::from_code(&input.substance)
                .ok_or_else(|| ServiceError::invalid("substance", "field.invalid_code"))?
                .code()
                .to_string(),
            SeizureKind::Precursor => required("substance", &input.substance, 40)?,
        };
        let mg = seizures::to_mg(kind, input.quantity)
            .map_err(|e| ServiceError::invalid("quantity", e.code()))?;
        let on = input.seized_date.unwrap_or_else(|| self.today());
        if on > self.today() {
            return Err(ServiceError::invalid("seized_date", "date.future"));
        }
        let mut tx = self.db.begin().await?;
        let case = cases::get_tx(&mut tx, actor.scope(Permission::CaseWrite), id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let county = case.county_code.clone();
        let seizure = uuid_v4(random_bytes::<16>());
        let place: String = input.place.trim().chars().take(200).collect();
        let record = cases::NewSeizure {
            id: seizure.clone(),
            case_id: id,
            county_code: &county,
            org_unit_id: case.org_unit_id,
            kind: kind.code(),
            substance: &substance,
            quantity_mg: mg,
            seized_date: on,
            place: &place,
            recorded_by: actor.user_id,
        };
        cases::insert_seizure(&mut tx, record, self.now_ms()).await?;
        self.track_seizure(&mut tx, &seizure).await?;
        let ev = AuditEvent::new("case.seizure", "case", id).details(json!({
            "seizure": seizure, "kind": kind.code(), "substance": substance, "quantity_mg": mg
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(seizure)
    }

    /// Moves a case to a later stage. Audited as `case.stage`.
    pub async fn case_stage(
        &self,
        actor: &Actor,
        id: &str,
        input: &StageInput,
    ) -> ServiceResult<()> {
        actor.authorize(Permission::CaseWrite, None)?;
        let to = CaseStage::from_code(&input.stage)
            .ok_or_else(|| ServiceError::invalid("stage", "field.invalid_code"))?;
        let on = input.on.unwrap_or_else(|| self.today());
        if on > self.today() {
            return Err(ServiceError::invalid("on", "date.future"));
        }
        let mut tx = self.db.begin().await?;
        let case = cases::get_tx(&mut tx, actor.scope(Permission::CaseWrite), id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let from = CaseStage::from_code(&case.stage)
            .ok_or_else(|| ServiceError::invalid("stage", "field.invalid_code"))?;
        from.advance(to)
            .map_err(|e| ServiceError::invalid("stage", e.code()))?;
        if on < case.stage_date {
            return Err(ServiceError::invalid("on", "case.stage_before_last"));
        }
        cases::set_stage(&mut tx, id, to.code(), on, self.now_ms()).await?;
        let ev = AuditEvent::new("case.stage", "case", id)
            .details(json!({ "from": from.code(), "to": to.code() }));
        self.commit_audited(tx, &actor.audit(), ev).await
    }

    /// One case in the actor's search scope, with its suspects (masked).
    /// Audited as `case.view`.
    pub async fn case_get(&self, actor: &Actor, id: &str) -> ServiceResult<CaseView> {
        actor.authorize(Permission::CaseRead, None)?;
        let row = cases::get(&self.db, actor.scope(Permission::CaseRead), id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let suspects = cases::suspects(&self.db, id).await?;
        let seizures = cases::seizures(&self.db, id).await?;
        let subjects = crate::case_subjects::of_case(&self.db, id).await?;
        self.audit_only(&actor.audit(), AuditEvent::new("case.view", "case", id))
            .await?;
        let mut view = self.case_view(row, suspects);
        view.seizures = seizures.into_iter().filter_map(seizure_view).collect();
        view.subjects = subjects
            .into_iter()
            .map(super::case_subjects::subject_view)
            .collect();
        Ok(view)
    }

    /// A page of cases in the actor's search scope, newest first (without
    /// suspects), of a stage or of a person. Audited as `case.search`.
    pub async fn case_list(
        &self,
        actor: &Actor,
        q: &CaseQuery,
        page: Page,
    ) -> ServiceResult<(Vec<CaseView>, i64)> {
        actor.authorize(Permission::CaseRead, None)?;
        let stage = match q.stage.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => Some(
                CaseStage::from_code(s)
                    .ok_or_else(|| ServiceError::invalid("stage", "field.invalid_code"))?
                    .code(),
            ),
            None => None,
        };
        let f = cases::CaseFilter {
            stage,
            person_id: q.person_id.as_deref().filter(|p| !p.is_empty()),
        };
        let (rows, total) = cases::list(
            &self.db,
            actor.scope(Permission::CaseRead),
            &f,
            page.offset(),
            page.per_page,
        )
        .await?;
        let views = rows
            .into_iter()
            .map(|r| self.case_view(r, Vec::new()))
            .collect();
        let ev = AuditEvent::new("case.search", "case", "").details(json!({ "results": total }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok((views, total))
    }
}
