//! Objects and locations of the relation graph (POLE): a phone, vehicle,
//! venue or place tied to persons and cases, each tie with the case, lead
//! or trace task it comes from. An object is found by its kind and label,
//! so the same phone recorded in two counties is one object and joins
//! their networks. Labels are encrypted at rest; persons and cases outside
//! the reader's search scope are counted, never named.

use std::collections::{BTreeSet, HashMap};

use jindu_domain::authz::Permission;
use jindu_domain::enforcement::{ObjectKind, ObjectRole};
use jindu_domain::mask_name;
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;

use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::crypto::random_bytes;
use crate::db::Tx;
use crate::error::StoreError;
use crate::objects::{self, NewObject, NewTie, TieRow, TiesOf};
use crate::persons::uuid_v4;

/// Where a tie of a person comes from.
const SOURCES: [&str; 3] = ["case", "lead", "trace_task"];

/// A person's tie to an object, as posted.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TieInput {
    pub kind: String,
    pub label: String,
    pub role: String,
    /// `case`, `lead` or `trace_task`.
    pub source_kind: String,
    pub source_id: String,
    /// Default today.
    pub on_date: Option<Date>,
}

/// An object used in a case, as posted (the case is the source).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseObjectInput {
    pub kind: String,
    pub label: String,
    pub on_date: Option<Date>,
}

/// A tie as the reader may see it.
#[derive(Clone, Debug, Serialize)]
pub struct TieView {
    pub person_id: Option<String>,
    /// Masked; empty for a case.
    pub person_name: String,
    pub case_id: Option<String>,
    pub case_number: String,
    pub role: String,
    pub source_kind: String,
    pub source_id: String,
    /// The source case's number; empty for a lead or trace task, or a
    /// case outside the reader's scope.
    pub source_number: String,
    pub on_date: Date,
}

/// An object with the ties the reader may see.
#[derive(Clone, Debug, Serialize)]
pub struct ObjectView {
    pub id: String,
    pub kind: String,
    pub label: String,
    pub ties: Vec<TieView>,
    /// Ties to persons or cases outside the reader's scope.
    pub outside_scope: usize,
}

pub(super) fn aad(id: &str) -> String {
    format!("pole_objects/{id}/label")
}

/// The kind and label checked and normalised, or the fields at fault.
fn parse_object(
    kind: &str,
    label: &str,
    errors: &mut Vec<(String, String)>,
) -> Option<(ObjectKind, String)> {
    let Some(kind) = ObjectKind::from_code(kind) else {
        errors.push(("kind".into(), "field.invalid_code".into()));
        return None;
    };
    match kind.normalise(label) {
        Ok(l) => Some((kind, l)),
        Err(e) => {
            errors.push(("label".into(), e.code().into()));
            None
        }
    }
}

impl Ctx {
    /// The object of this kind and label, recorded first if it is new.
    async fn object_in(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        (kind, label): (ObjectKind, &str),
        unit: i64,
    ) -> ServiceResult<String> {
        let bidx = self
            .keys
            .blind_index(&format!("object/{}", kind.code()), label);
        if let Some(id) = objects::find_tx(tx, kind.code(), &bidx).await? {
            return Ok(id);
        }
        let id = uuid_v4(random_bytes::<16>());
        let record = NewObject {
            id: &id,
            kind: kind.code(),
            label_enc: self.keys.encrypt(label, &aad(&id))?,
            label_bidx: bidx,
            org_unit_id: unit,
            created_by: actor.user_id,
        };
        objects::insert_tx(tx, record, self.now_ms()).await?;
        Ok(id)
    }

    fn tie_date(&self, on: Option<Date>) -> ServiceResult<Date> {
        let on = on.unwrap_or_else(|| self.today());
        if on > self.today() {
            return Err(ServiceError::invalid("on_date", "date.future"));
        }
        Ok(on)
    }

    /// Ties a person in the actor's search scope to an object, from a
    /// case, lead or trace task in the actor's capture scope. Answers the
    /// object's id. Audited as `person.object`.
    pub async fn person_tie_object(
        &self,
        actor: &Actor,
        person_id: &str,
        input: &TieInput,
    ) -> ServiceResult<String> {
        actor.authorize(Permission::CaseWrite, None)?;
        let person = crate::persons::get(&self.db, actor.scope(Permission::CaseRead), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let mut errors = Vec::new();
        let object = parse_object(&input.kind, &input.label, &mut errors);
        let role = ObjectRole::from_code(&input.role);
        match (object.as_ref(), role) {
            (_, None) => errors.push(("role".into(), "field.invalid_code".into())),
            (Some((k, _)), Some(r)) if !k.allows(r) => {
                errors.push(("role".into(), "object.role_kind".into()));
            }
            _ => {}
        }
        if !SOURCES.contains(&input.source_kind.as_str()) {
            errors.push(("source_kind".into(), "field.invalid_code".into()));
        }
        let (Some((kind, label)), Some(role), true) = (object, role, errors.is_empty()) else {
            return Err(ServiceError::Fields(errors));
        };
        let on = self.tie_date(input.on_date)?;
        let mut tx = self.db.begin().await?;
        let write = actor.scope(Permission::CaseWrite);
        let source = input.source_id.as_str();
        let found = match input.source_kind.as_str() {
            "case" => crate::cases::get_tx(&mut tx, write, source).await.is_ok(),
            "lead" => crate::leads::get_tx(&mut tx, write, source).await.is_ok(),
            _ => crate::trace_tasks::get_tx(&mut tx, write, source)
                .await
                .is_ok(),
        };
        if !found {
            return Err(ServiceError::invalid("source_id", "object.unknown_source"));
        }
        let object_id = self
            .object_in(&mut tx, actor, (kind, &label), person.org_unit_id)
            .await?;
        let tie = NewTie {
            id: &uuid_v4(random_bytes::<16>()),
            object_id: &object_id,
            person_id: Some(person_id),
            case_id: None,
            role: role.code(),
            source_kind: &input.source_kind,
            source_id: source,
            on_date: on,
            created_by: actor.user_id,
        };
        objects::tie_tx(&mut tx, tie, self.now_ms())
            .await
            .map_err(ServiceError::from_store)?;
        let ev = AuditEvent::new("person.object", "person", person_id).details(json!({
            "object": object_id, "kind": kind.code(), "role": role.code(),
            "source": [input.source_kind, source], "fields": ["label"]
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(object_id)
    }

    /// Ties an object to a case in the actor's capture scope (used in the
    /// offence; the case is the source). Audited as `case.object`.
    pub async fn case_tie_object(
        &self,
        actor: &Actor,
        case_id: &str,
        input: &CaseObjectInput,
    ) -> ServiceResult<String> {
        actor.authorize(Permission::CaseWrite, None)?;
        // A case outside the scope is not found, whatever the input.
        let mut tx = self.db.begin().await?;
        let case = crate::cases::get_tx(&mut tx, actor.scope(Permission::CaseWrite), case_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let mut errors = Vec::new();
        let Some((kind, label)) = parse_object(&input.kind, &input.label, &mut errors) else {
            return Err(ServiceError::Fields(errors));
        };
        let on = self.tie_date(input.on_date)?;
        let object_id = self
            .object_in(&mut tx, actor, (kind, &label), case.org_unit_id)
            .await?;
        let tie = NewTie {
            id: &uuid_v4(random_bytes::<16>()),
            object_id: &object_id,
            person_id: None,
            case_id: Some(case_id),
            role: ObjectRole::UsedInCase.code(),
            source_kind: "case",
            source_id: case_id,
            on_date: on,
            created_by: actor.user_id,
        };
        objects::tie_tx(&mut tx, tie, self.now_ms())
            .await
            .map_err(ServiceError::from_store)?;
        let ev = AuditEvent::new("case.object", "case", case_id).details(json!({
            "object": object_id, "kind": kind.code(), "fields": ["label"]
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(object_id)
    }

    /// The objects tied to a person in the actor's search scope, each with
    /// every tie the actor may see (who else uses the phone, which cases
    /// it was used in). Audited as `person.objects`.
    pub async fn person_objects(
        &self,
        actor: &Actor,
        person_id: &str,
    ) -> ServiceResult<Vec<ObjectView>> {
        actor.authorize(Permission::CaseRead, None)?;
        crate::persons::get(&self.db, actor.scope(Permission::CaseRead), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let own = objects::ties_of(&self.db, TiesOf::Persons, &[person_id.to_string()]).await?;
        let views = self.object_views(actor, &distinct_objects(&own)).await?;
        let ev = AuditEvent::new("person.objects", "person", person_id)
            .details(json!({ "objects": views.len(), "fields": ["label"] }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(views)
    }

    /// The objects used in a case in the actor's search scope, with their
    /// ties. Audited as `case.objects`.
    pub async fn case_objects(
        &self,
        actor: &Actor,
        case_id: &str,
    ) -> ServiceResult<Vec<ObjectView>> {
        actor.authorize(Permission::CaseRead, None)?;
        crate::cases::get(&self.db, actor.scope(Permission::CaseRead), case_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let own = objects::ties_of(&self.db, TiesOf::Cases, &[case_id.to_string()]).await?;
        let views = self.object_views(actor, &distinct_objects(&own)).await?;
        let ev = AuditEvent::new("case.objects", "case", case_id)
            .details(json!({ "objects": views.len(), "fields": ["label"] }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(views)
    }

    /// One object, if the actor may see at least one of its ties. Audited
    /// as `object.read`.
    pub async fn object_get(&self, actor: &Actor, id: &str) -> ServiceResult<ObjectView> {
        actor.authorize(Permission::CaseRead, None)?;
        let view = self
            .object_views(actor, &[id.to_string()])
            .await?
            .into_iter()
            .find(|v| !v.ties.is_empty())
            .ok_or(ServiceError::NotFound)?;
        let ev = AuditEvent::new("object.read", "object", id).details(json!({
            "ties": view.ties.len(), "outside_scope": view.outside_scope, "fields": ["label"]
        }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(view)
    }

    /// The objects with their ties in the actor's search scope, in the
    /// order of `ids`.
    pub(super) async fn object_views(
        &self,
        actor: &Actor,
        ids: &[String],
    ) -> ServiceResult<Vec<ObjectView>> {
        let scope = actor.scope(Permission::CaseRead);
        let ties = objects::ties_of(&self.db, TiesOf::Objects, ids).await?;
        let persons: Vec<String> = ties.iter().filter_map(|t| t.person_id.clone()).collect();
        let names = self.names_in_scope(&persons, scope).await?;
        let mut cases: HashMap<String, Option<String>> = HashMap::new();
        let source_cases = ties
            .iter()
            .filter(|t| t.source_kind == "case")
            .map(|t| t.source_id.as_str());
        for c in ties
            .iter()
            .filter_map(|t| t.case_id.as_deref())
            .chain(source_cases)
        {
            if !cases.contains_key(c) {
                // Not found is a case outside the reader's scope.
                let number = match crate::cases::get(&self.db, scope, c).await {
                    Ok(k) => Some(k.number),
                    Err(StoreError::NotFound) => None,
                    Err(e) => return Err(ServiceError::from_store(e)),
                };
                cases.insert(c.to_string(), number);
            }
        }
        let mut by_id: HashMap<String, ObjectView> = HashMap::new();
        for o in objects::get_many(&self.db, ids).await? {
            let label = self.keys.decrypt(&o.label_enc, &aad(&o.id))?;
            by_id.insert(
                o.id.clone(),
                ObjectView {
                    id: o.id,
                    kind: o.kind,
                    label,
                    ties: Vec::new(),
                    outside_scope: 0,
                },
            );
        }
        for t in ties {
            let Some(view) = by_id.get_mut(&t.object_id) else {
                continue;
            };
            match visible_tie(&t, &names, &cases) {
                Some(v) => view.ties.push(v),
                None => view.outside_scope += 1,
            }
        }
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }
}

/// The objects of these ties, each once, in the order first tied (latest
/// first).
fn distinct_objects(ties: &[TieRow]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    ties.iter()
        .filter(|t| seen.insert(t.object_id.clone()))
        .map(|t| t.object_id.clone())
        .collect()
}

/// A tie named for the reader, or none when its person or case is outside
/// the reader's scope.
fn visible_tie(
    t: &TieRow,
    names: &HashMap<String, String>,
    cases: &HashMap<String, Option<String>>,
) -> Option<TieView> {
    let (person_name, case_number) = match (&t.person_id, &t.case_id) {
        (Some(p), _) => (mask_name(names.get(p)?), String::new()),
        (None, Some(c)) => (String::new(), cases.get(c)?.clone()?),
        (None, None) => return None,
    };
    Some(TieView {
        person_id: t.person_id.clone(),
        person_name,
        case_id: t.case_id.clone(),
        case_number,
        role: t.role.clone(),
        source_kind: t.source_kind.clone(),
        source_id: t.source_id.clone(),
        source_number: match t.source_kind.as_str() {
            "case" => cases
                .get(&t.source_id)
                .cloned()
                .flatten()
                .unwrap_or_default(),
            _ => String::new(),
        },
        on_date: t.on_date,
    })
}
