//! Suspects of a case who are not on the drug users' register (非在册涉案
//!人员): a trafficker who does not use drugs is a suspect all the same.
//! They count among the case's suspects and in the minors' share; the link
//! graph and the traces hold persons on the register, so a person who is
//! on it is added as such.

use jindu_domain::authz::Permission;
use jindu_domain::enforcement::SuspectRole;
use jindu_domain::{IdNumber, mask_name};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::case_subjects::{self, NewSubject, SubjectRow};
use crate::crypto::random_bytes;
use crate::persons::{self, uuid_v4};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectInput {
    pub name: String,
    pub id_number: String,
    pub role: String,
}

/// A suspect off the register as the case shows them.
#[derive(Clone, Debug, Serialize)]
pub struct SubjectView {
    pub id: String,
    /// Masked.
    pub name: String,
    pub role: String,
}

pub(super) fn subject_view(s: SubjectRow) -> SubjectView {
    SubjectView {
        id: s.id,
        name: mask_name(&s.name),
        role: s.role,
    }
}

fn aad(id: &str) -> String {
    format!("case_subjects/{id}/id_number")
}

impl Ctx {
    /// Adds a suspect who is not on the register to a case in the actor's
    /// capture scope. Someone on the register is refused here (`422
    /// case.on_register`): they are added as the register's person, so
    /// their links and traces follow. Audited as `case.subject`.
    pub async fn case_add_subject(
        &self,
        actor: &Actor,
        case_id: &str,
        input: &SubjectInput,
    ) -> ServiceResult<String> {
        actor.authorize(Permission::CaseWrite, None)?;
        let mut errors: Vec<(String, String)> = Vec::new();
        let name = input.name.trim();
        if name.is_empty() || name.chars().count() > 50 {
            errors.push(("name".into(), "field.required".into()));
        }
        let id_number = IdNumber::parse(&input.id_number)
            .map_err(|e| errors.push(("id_number".into(), e.code().into())))
            .ok();
        let role = SuspectRole::from_code(&input.role);
        if role.is_none() {
            errors.push(("role".into(), "field.invalid_code".into()));
        }
        let (Some(id_number), Some(role), true) = (id_number, role, errors.is_empty()) else {
            return Err(ServiceError::Fields(errors));
        };
        let bidx = self.keys.blind_index("id_number", id_number.as_str());
        if persons::by_blind_index_read(&self.db, &bidx)
            .await?
            .is_some()
        {
            return Err(ServiceError::invalid("id_number", "case.on_register"));
        }
        let mut tx = self.db.begin().await?;
        crate::cases::get_tx(&mut tx, actor.scope(Permission::CaseWrite), case_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let id = uuid_v4(random_bytes::<16>());
        let record = NewSubject {
            id: &id,
            case_id,
            name,
            id_number_enc: self.keys.encrypt(id_number.as_str(), &aad(&id))?,
            id_number_bidx: bidx,
            birth_date: id_number.birth_date(),
            role: role.code(),
            created_by: actor.user_id,
        };
        case_subjects::insert(&mut tx, record, self.now_ms())
            .await
            .map_err(ServiceError::from_store)?;
        self.track_case(&mut tx, case_id).await?;
        let ev = AuditEvent::new("case.subject", "case", case_id).details(json!({
            "subject": id, "role": role.code(), "fields": ["name", "id_number"]
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(id)
    }
}
