//! Leads (线索): recorded by the police in their capture scope with the
//! narrative encrypted, verified to a filed case or dismissed with a
//! reason, and exchanged with other regions (协查).

use jindu_domain::authz::{Permission, Role, path_within};
use jindu_domain::enforcement::Cooperation;
use jindu_domain::enforcement::leads::{self, LeadSource, LeadState, Reliability};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;

use super::cases::required;
use super::unit_cache::UnitCache;
use super::{Actor, Ctx, Page, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::crypto::random_bytes;
use crate::leads::{self as store, LeadRow, NewLead};
use crate::persons::uuid_v4;
use crate::{cases, org, users};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeadInput {
    pub source: String,
    pub reliability: String,
    /// What lists show: short, without names or numbers.
    pub summary: String,
    /// The narrative, stored encrypted.
    pub content: String,
    /// The holding unit (in the actor's capture scope); the actor's own
    /// unit when left out.
    pub org_unit_id: Option<i64>,
    /// Today when left out.
    pub received_date: Option<Date>,
    /// A month after receipt when left out.
    pub due_date: Option<Date>,
    /// A police officer to verify it.
    pub assignee_id: Option<i64>,
    /// `none` (default), `outgoing` or `incoming`.
    pub cooperation: Option<String>,
    /// The other region's unit of a cooperation.
    #[serde(default)]
    pub partner: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeadStateInput {
    pub state: String,
    /// Why it was dismissed.
    pub reason: Option<String>,
    /// The case it led to.
    pub case_id: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LeadView {
    pub id: String,
    pub org_unit_id: i64,
    pub org_unit_name: String,
    pub source: String,
    pub reliability: String,
    pub summary: String,
    /// The narrative: only on a single lead's read (audited).
    pub content: Option<String>,
    pub state: String,
    pub received_date: Date,
    pub due_date: Date,
    pub overdue: bool,
    pub assignee_name: Option<String>,
    pub case_id: Option<String>,
    pub dismiss_reason: Option<String>,
    pub cooperation: String,
    pub partner: String,
}

fn content_aad(id: &str) -> String {
    format!("leads/{id}/content")
}

impl Ctx {
    fn lead_view(&self, r: LeadRow, content: Option<String>) -> LeadView {
        let open = LeadState::from_code(&r.state).is_some_and(LeadState::is_open);
        LeadView {
            overdue: open && r.due_date < self.today(),
            id: r.id,
            org_unit_id: r.org_unit_id,
            org_unit_name: r.org_unit_name,
            source: r.source,
            reliability: r.reliability,
            summary: r.summary,
            content,
            state: r.state,
            received_date: r.received_date,
            due_date: r.due_date,
            assignee_name: r.assignee_name,
            case_id: r.case_id,
            dismiss_reason: r.dismiss_reason,
            cooperation: r.cooperation,
            partner: r.partner,
        }
    }

    /// Records a lead. Audited as `lead.create` (without its narrative).
    pub async fn lead_create(&self, actor: &Actor, input: &LeadInput) -> ServiceResult<String> {
        actor.authorize(Permission::CaseWrite, None)?;
        let unit_id = input
            .org_unit_id
            .or(actor.org_unit_id)
            .ok_or_else(|| ServiceError::invalid("org_unit_id", "field.required"))?;
        let unit = org::get(&self.db, unit_id)
            .await
            .map_err(|_| ServiceError::invalid("org_unit_id", "org.unknown"))?;
        actor
            .authorize(Permission::CaseWrite, Some(&unit.path))
            .map_err(|_| ServiceError::invalid("org_unit_id", "org.out_of_scope"))?;
        let source = LeadSource::from_code(&input.source)
            .ok_or_else(|| ServiceError::invalid("source", "field.invalid_code"))?;
        let reliability = Reliability::from_code(&input.reliability)
            .ok_or_else(|| ServiceError::invalid("reliability", "field.invalid_code"))?;
        let cooperation = match input.cooperation.as_deref().filter(|c| !c.is_empty()) {
            None => Cooperation::None,
            Some(c) => Cooperation::from_code(c)
                .ok_or_else(|| ServiceError::invalid("cooperation", "field.invalid_code"))?,
        };
        let partner: String = input.partner.trim().chars().take(100).collect();
        if cooperation != Cooperation::None && partner.is_empty() {
            return Err(ServiceError::invalid("partner", "lead.partner_required"));
        }
        let summary = required("summary", &input.summary, 100)?;
        let content = required("content", &input.content, 5_000)?;
        let received = input.received_date.unwrap_or_else(|| self.today());
        if received > self.today() {
            return Err(ServiceError::invalid("received_date", "date.future"));
        }
        let due = input
            .due_date
            .unwrap_or_else(|| leads::default_deadline(received));
        if due < received {
            return Err(ServiceError::invalid(
                "due_date",
                "lead.due_before_received",
            ));
        }
        if let Some(a) = input.assignee_id {
            // Leads are verified by the police of the lead's unit or above.
            let user = users::get(&self.db, a)
                .await
                .map_err(|_| ServiceError::invalid("assignee_id", "lead.assignee"))?;
            let reaches =
                path_within(&unit.path, &user.org_path) || path_within(&user.org_path, &unit.path);
            if user.role != Role::PoliceOfficer || !reaches {
                return Err(ServiceError::invalid("assignee_id", "lead.assignee"));
            }
        }
        let id = uuid_v4(random_bytes::<16>());
        let record = NewLead {
            id: id.clone(),
            county_code: UnitCache::default().county_code(&self.db, &unit).await?,
            org_unit_id: unit.id,
            source: source.code().into(),
            reliability: reliability.code().into(),
            summary,
            content_enc: self.keys.encrypt(&content, &content_aad(&id))?,
            received_date: received,
            due_date: due,
            assignee_id: input.assignee_id,
            cooperation: cooperation.code().into(),
            partner,
            created_by: actor.user_id,
        };
        let mut tx = self.db.begin().await?;
        store::insert(&mut tx, record, self.now_ms()).await?;
        self.track_lead(&mut tx, &id).await?;
        let ev = AuditEvent::new("lead.create", "lead", &id).details(json!({
            "source": source.code(), "cooperation": cooperation.code(),
            "fields": ["summary", "content", "received_date", "due_date", "assignee_id", "partner"]
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(id)
    }

    /// Leads in the actor's search scope, open ones by deadline first,
    /// without their narratives. Audited as `lead.search`.
    pub async fn lead_list(
        &self,
        actor: &Actor,
        state: Option<&str>,
        page: Page,
    ) -> ServiceResult<(Vec<LeadView>, i64)> {
        actor.authorize(Permission::CaseRead, None)?;
        let state = match state.filter(|s| !s.is_empty()) {
            Some(s) => Some(
                LeadState::from_code(s)
                    .ok_or_else(|| ServiceError::invalid("state", "field.invalid_code"))?
                    .code(),
            ),
            None => None,
        };
        let (rows, total) = store::list(
            &self.db,
            actor.scope(Permission::CaseRead),
            state,
            page.offset(),
            page.per_page,
        )
        .await?;
        let views = rows.into_iter().map(|r| self.lead_view(r, None)).collect();
        let ev = AuditEvent::new("lead.search", "lead", "").details(json!({ "results": total }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok((views, total))
    }

    /// One lead with its narrative decrypted. Audited as `lead.view`.
    pub async fn lead_get(&self, actor: &Actor, id: &str) -> ServiceResult<LeadView> {
        actor.authorize(Permission::CaseRead, None)?;
        let row = store::get(&self.db, actor.scope(Permission::CaseRead), id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let content = self.keys.decrypt(&row.content_enc, &content_aad(id))?;
        self.audit_only(&actor.audit(), AuditEvent::new("lead.view", "lead", id))
            .await?;
        Ok(self.lead_view(row, Some(content)))
    }

    /// Whether the actor may move this lead (in their capture scope): pages
    /// check it before reading their form. Not audited: nothing is read.
    pub async fn lead_get_writable(&self, actor: &Actor, id: &str) -> ServiceResult<()> {
        actor.authorize(Permission::CaseWrite, None)?;
        store::get(&self.db, actor.scope(Permission::CaseWrite), id)
            .await
            .map(|_| ())
            .map_err(|_| ServiceError::NotFound)
    }

    /// Moves a lead along its lifecycle (domain::enforcement::leads): a
    /// dismissal with its reason, a filed case naming a case the actor can
    /// see. Audited as `lead.state`.
    pub async fn lead_state(
        &self,
        actor: &Actor,
        id: &str,
        input: &LeadStateInput,
    ) -> ServiceResult<()> {
        actor.authorize(Permission::CaseWrite, None)?;
        let mut tx = self.db.begin().await?;
        let lead = store::get_tx(&mut tx, actor.scope(Permission::CaseWrite), id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let to = LeadState::from_code(&input.state)
            .ok_or_else(|| ServiceError::invalid("state", "field.invalid_code"))?;
        let from = LeadState::from_code(&lead.state)
            .ok_or_else(|| ServiceError::invalid("state", "field.invalid_code"))?;
        let reason = input
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let case = input.case_id.as_deref().filter(|c| !c.is_empty());
        from.advance(to, reason.unwrap_or(""), case.is_some())
            .map_err(|e| ServiceError::invalid("state", e.code()))?;
        if let Some(c) = case {
            cases::get(&self.db, actor.scope(Permission::CaseRead), c)
                .await
                .map_err(|_| ServiceError::invalid("case_id", "lead.unknown_case"))?;
        }
        let reason = (to == LeadState::Dismissed).then_some(reason).flatten();
        let case = (to == LeadState::CaseFiled).then_some(case).flatten();
        if !store::set_state(
            &mut tx,
            id,
            (from.code(), to.code()),
            case,
            reason,
            self.now_ms(),
        )
        .await?
        {
            return Err(ServiceError::conflict("lead.changed"));
        }
        self.track_lead(&mut tx, id).await?;
        let ev = AuditEvent::new("lead.state", "lead", id)
            .details(json!({ "from": from.code(), "to": to.code(), "case_id": case }));
        self.commit_audited(tx, &actor.audit(), ev).await
    }
}
