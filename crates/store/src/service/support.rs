//! "四位一体" support: the person's current support plan (一人一策) with
//! a goal per kind of support — treatment, psychological correction,
//! relief, employment — and the anti-drug poverty relief flag (禁毒脱贫),
//! and the records of support given with their outcomes. Goals describe the
//! person's situation: encrypted at rest (AAD `support_plans/{id}/goal/{kind}`).

use jindu_domain::authz::Permission;
use jindu_domain::support::{SupportKind, SupportOutcome, SupportSubKind};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;

use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::crypto::random_bytes;
use crate::persons::{self, PersonRow};
use crate::support::{self, GoalWrite, NewRecord, PlanWrite};

/// Longest goal accepted, in characters.
pub const GOAL_MAX: usize = 200;
/// Longest provider name accepted, in characters.
pub const PROVIDER_MAX: usize = 100;

/// The plan as set by a worker: it replaces the current one.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    /// In the anti-drug poverty relief programme (禁毒脱贫).
    #[serde(default)]
    pub poverty_relief: bool,
    /// At most one goal per kind of support.
    #[serde(default)]
    pub goals: Vec<GoalInput>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalInput {
    /// treatment, psychological, relief, employment
    pub kind: String,
    /// What is planned within the kind (e.g. minimum_allowance, job_referral).
    #[serde(default)]
    pub sub_kinds: Vec<String>,
    /// The goal in words.
    #[serde(default)]
    pub goal: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct PlanView {
    pub id: String,
    pub poverty_relief: bool,
    /// In the order of the four kinds.
    pub goals: Vec<GoalView>,
    pub updated_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct GoalView {
    pub kind: String,
    pub sub_kinds: Vec<String>,
    pub goal: Option<String>,
}

/// Support given, as recorded by a worker.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportInput {
    /// Today when absent.
    pub support_date: Option<Date>,
    /// treatment, psychological, relief, employment
    pub kind: String,
    /// Within the kind (minimum_allowance, job_placement …) or `other`.
    pub sub_kind: String,
    /// The unit or organisation that gave it (civil affairs office,
    /// hospital, employer, training centre …).
    pub provider: String,
    /// provided, applied, granted, not_granted, placed, declined
    pub outcome: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct SupportRecordView {
    pub id: String,
    pub support_date: Date,
    pub kind: String,
    pub sub_kind: String,
    pub provider: String,
    pub outcome: String,
    pub recorded_by: Option<String>,
}

fn goal_aad(plan_id: &str, kind: &str) -> String {
    format!("support_plans/{plan_id}/goal/{kind}")
}

/// A goal checked: (kind, sub-kind codes, goal text).
type CheckedGoal = (SupportKind, Vec<SupportSubKind>, String);

/// Checks a plan; errors name the form fields (`goal_<kind>`, `sub_<kind>`).
fn check_plan(p: &PlanInput) -> Result<Vec<CheckedGoal>, ServiceError> {
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut out: Vec<CheckedGoal> = Vec::new();
    for g in &p.goals {
        let Some(kind) = SupportKind::from_code(&g.kind) else {
            errors.push(("goals".into(), "field.invalid_code".into()));
            continue;
        };
        if out.iter().any(|(k, _, _)| *k == kind) {
            errors.push((
                format!("goal_{}", kind.code()),
                "support.duplicate_kind".into(),
            ));
            continue;
        }
        let mut subs = Vec::new();
        for s in &g.sub_kinds {
            match SupportSubKind::from_code(s) {
                Some(sub) if sub.fits(kind) => {
                    if !subs.contains(&sub) {
                        subs.push(sub);
                    }
                }
                Some(_) => errors.push((
                    format!("sub_{}", kind.code()),
                    "support.sub_kind_mismatch".into(),
                )),
                None => errors.push((format!("sub_{}", kind.code()), "field.invalid_code".into())),
            }
        }
        let text = g.goal.trim().to_string();
        if text.chars().count() > GOAL_MAX {
            errors.push((format!("goal_{}", kind.code()), "field.too_long".into()));
        }
        if text.is_empty() && subs.is_empty() {
            errors.push((format!("goal_{}", kind.code()), "support.goal_empty".into()));
        }
        subs.sort();
        out.push((kind, subs, text));
    }
    if errors.is_empty() {
        out.sort_by_key(|(k, _, _)| *k);
        Ok(out)
    } else {
        Err(ServiceError::Fields(errors))
    }
}

impl Ctx {
    /// The person, if in the actor's scope for `permission` (else 403/404).
    async fn support_person(
        &self,
        actor: &Actor,
        permission: Permission,
        person_id: &str,
    ) -> ServiceResult<PersonRow> {
        actor.authorize(permission, None)?;
        persons::get(&self.db, actor.scope(permission), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)
    }

    /// Sets (creates or replaces) the person's support plan.
    pub async fn support_plan_set(
        &self,
        actor: &Actor,
        person_id: &str,
        p: &PlanInput,
    ) -> ServiceResult<PlanView> {
        let person = self
            .support_person(actor, Permission::PersonCreate, person_id)
            .await?;
        let goals = check_plan(p)?;
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        let existing = support::plan_id_of(&mut tx, person_id).await?;
        let create = existing.is_none();
        let id = existing.unwrap_or_else(|| persons::uuid_v4(random_bytes::<16>()));
        let mut writes = Vec::with_capacity(goals.len());
        for (kind, subs, text) in &goals {
            writes.push(GoalWrite {
                kind: kind.code().to_string(),
                sub_kinds: subs.iter().map(|s| s.code()).collect::<Vec<_>>().join(","),
                goal_enc: if text.is_empty() {
                    None
                } else {
                    Some(self.keys.encrypt(text, &goal_aad(&id, kind.code()))?)
                },
            });
        }
        support::write_plan(
            &mut tx,
            PlanWrite {
                id: &id,
                person_id,
                county_code: &person.county_code,
                org_unit_id: person.org_unit_id,
                poverty_relief: p.poverty_relief,
                updated_by: actor.user_id,
                create,
                goals: writes,
            },
            now,
        )
        .await?;
        // Kinds and sub-kinds only: the goals' words stay out of the trail.
        let ev = AuditEvent::new("support_plan.update", "support_plan", &id).details(json!({
            "person": person_id,
            "created": create,
            "poverty_relief": p.poverty_relief,
            "kinds": goals.iter().map(|(k, _, _)| k.code()).collect::<Vec<_>>(),
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        self.plan_view(person_id)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    async fn plan_view(&self, person_id: &str) -> ServiceResult<Option<PlanView>> {
        let Some((plan, goal_rows)) = support::plan_of(&self.db, person_id).await? else {
            return Ok(None);
        };
        let mut goals = Vec::with_capacity(goal_rows.len());
        for g in goal_rows {
            let goal = match &g.goal_enc {
                Some(enc) => Some(self.keys.decrypt(enc, &goal_aad(&plan.id, &g.kind))?),
                None => None,
            };
            goals.push(GoalView {
                sub_kinds: g
                    .sub_kinds
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                kind: g.kind,
                goal,
            });
        }
        let rank = |code: &str| {
            SupportKind::from_code(code)
                .and_then(|k| SupportKind::ALL.iter().position(|x| *x == k))
                .unwrap_or(usize::MAX)
        };
        goals.sort_by_key(|g| rank(&g.kind));
        Ok(Some(PlanView {
            id: plan.id,
            poverty_relief: plan.poverty_relief,
            goals,
            updated_by: plan.updated_by,
            created_at: plan.created_at,
            updated_at: plan.updated_at,
        }))
    }

    /// The person's current plan, if one was set. Part of the person's
    /// file: the caller audits the view of the person.
    pub async fn support_plan_of(
        &self,
        actor: &Actor,
        person_id: &str,
    ) -> ServiceResult<Option<PlanView>> {
        self.support_person(actor, Permission::PersonRead, person_id)
            .await?;
        self.plan_view(person_id).await
    }

    /// Records support given to a person in the actor's capture scope.
    pub async fn support_record(
        &self,
        actor: &Actor,
        person_id: &str,
        s: &SupportInput,
    ) -> ServiceResult<String> {
        let person = self
            .support_person(actor, Permission::PersonCreate, person_id)
            .await?;
        let date = s.support_date.unwrap_or_else(|| self.today());
        if date > self.today() {
            return Err(ServiceError::invalid("support_date", "date.future"));
        }
        let mut errors: Vec<(String, String)> = Vec::new();
        let kind = SupportKind::from_code(&s.kind);
        let sub_kind = SupportSubKind::from_code(&s.sub_kind);
        let outcome = SupportOutcome::from_code(&s.outcome);
        for (field, ok) in [
            ("kind", kind.is_some()),
            ("sub_kind", sub_kind.is_some()),
            ("outcome", outcome.is_some()),
        ] {
            if !ok {
                errors.push((field.into(), "field.invalid_code".into()));
            }
        }
        if let (Some(k), Some(sub)) = (kind, sub_kind)
            && !sub.fits(k)
        {
            errors.push(("sub_kind".into(), "support.sub_kind_mismatch".into()));
        }
        if let (Some(k), Some(o)) = (kind, outcome)
            && !o.fits(k)
        {
            errors.push(("outcome".into(), "support.outcome_mismatch".into()));
        }
        let provider = s.provider.trim();
        if provider.is_empty() {
            errors.push(("provider".into(), "field.required".into()));
        } else if provider.chars().count() > PROVIDER_MAX {
            errors.push(("provider".into(), "field.too_long".into()));
        }
        let (Some(kind), Some(sub_kind), Some(outcome), true) =
            (kind, sub_kind, outcome, errors.is_empty())
        else {
            return Err(ServiceError::Fields(errors));
        };
        let id = persons::uuid_v4(random_bytes::<16>());
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        support::insert_record(
            &mut tx,
            NewRecord {
                id: id.clone(),
                person_id: person_id.to_string(),
                county_code: person.county_code.clone(),
                org_unit_id: person.org_unit_id,
                support_date: date,
                kind: kind.code().to_string(),
                sub_kind: sub_kind.code().to_string(),
                provider: provider.to_string(),
                outcome: outcome.code().to_string(),
                recorded_by: actor.user_id,
            },
            now,
        )
        .await?;
        let ev = AuditEvent::new("support.create", "support_record", &id).details(json!({
            "person": person_id,
            "kind": kind.code(),
            "sub_kind": sub_kind.code(),
            "outcome": outcome.code(),
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(id)
    }

    /// The person's support records, newest first. Part of the person's
    /// file: the caller audits the view of the person.
    pub async fn support_records_of(
        &self,
        actor: &Actor,
        person_id: &str,
    ) -> ServiceResult<Vec<SupportRecordView>> {
        self.support_person(actor, Permission::PersonRead, person_id)
            .await?;
        Ok(support::records_of(&self.db, person_id)
            .await?
            .into_iter()
            .map(|r| SupportRecordView {
                id: r.id,
                support_date: r.support_date,
                kind: r.kind,
                sub_kind: r.sub_kind,
                provider: r.provider,
                outcome: r.outcome,
                recorded_by: r.recorded_by,
            })
            .collect())
    }
}
