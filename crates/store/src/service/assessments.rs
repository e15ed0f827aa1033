//! Periodic assessments and the person's own periodic reports (issue 3
//! §3): recorded under the running measure and scheduled like drug tests
//! from the assessment-schedule setting in force when the measure started.

use jindu_domain::Measure;
use jindu_domain::assessments::{
    AssessmentConclusion, AssessmentKind, AssessmentRecord, schedule_with, track,
};
use jindu_domain::authz::Permission;
use jindu_domain::schedule::DueItem;
use jindu_domain::settings::UsedSetting;
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;

use super::settings::PeopleSettings;
use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::assessments::{self, AssessmentRow, NewAssessment};
use crate::audit::AuditEvent;
use crate::crypto::random_bytes;
use crate::{measures, persons};

/// Longest notes kept.
const NOTES_MAX: usize = 500;

fn notes_aad(id: &str) -> String {
    format!("assessments/{id}/notes")
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentInput {
    /// Default today; never in the future.
    pub done_date: Option<Date>,
    /// review, annual, self_report
    pub kind: String,
    /// stable, needs_attention, at_risk
    pub conclusion: String,
    #[serde(default)]
    pub notes: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct AssessmentView {
    pub id: String,
    pub kind: String,
    pub done_date: Date,
    pub conclusion: String,
    pub notes: Option<String>,
    pub during_running_measure: bool,
    pub recorded_by: Option<String>,
}

/// The due dates of one kind under the running measure.
#[derive(Clone, Debug, Serialize)]
pub struct KindSchedule {
    pub kind: &'static str,
    pub due: Vec<DueItem>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AssessmentsView {
    pub items: Vec<AssessmentView>,
    /// Per kind, for a running measure whose start is known.
    pub schedule: Vec<KindSchedule>,
    pub schedule_setting: Option<UsedSetting>,
}

impl Ctx {
    /// Records an assessment or self-report under the person's running
    /// measure (422 `assessment.no_measure` without one).
    pub async fn assessment_record(
        &self,
        actor: &Actor,
        person_id: &str,
        a: &AssessmentInput,
    ) -> ServiceResult<String> {
        actor.authorize(Permission::PersonCreate, None)?;
        let person = persons::get(&self.db, actor.scope(Permission::PersonCreate), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let date = a.done_date.unwrap_or_else(|| self.today());
        let mut errors = Vec::new();
        if date > self.today() {
            errors.push(("done_date".to_string(), "date.future".to_string()));
        }
        let kind = AssessmentKind::from_code(&a.kind);
        let conclusion = AssessmentConclusion::from_code(&a.conclusion);
        if kind.is_none() {
            errors.push(("kind".into(), "field.invalid_code".into()));
        }
        if conclusion.is_none() {
            errors.push(("conclusion".into(), "field.invalid_code".into()));
        }
        let notes = a.notes.trim();
        if notes.chars().count() > NOTES_MAX {
            errors.push(("notes".into(), "field.too_long".into()));
        }
        let (Some(kind), Some(conclusion), true) = (kind, conclusion, errors.is_empty()) else {
            return Err(ServiceError::Fields(errors));
        };
        let id = persons::uuid_v4(random_bytes::<16>());
        let notes_enc = if notes.is_empty() {
            None
        } else {
            Some(self.keys.encrypt(notes, &notes_aad(&id))?)
        };
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        let Some(measure_id) = measures::open_of_person(&mut tx, person_id).await? else {
            return Err(ServiceError::invalid("kind", "assessment.no_measure"));
        };
        assessments::insert(
            &mut tx,
            NewAssessment {
                id: id.clone(),
                person_id: person_id.to_string(),
                measure_id,
                county_code: person.county_code.clone(),
                org_unit_id: person.org_unit_id,
                kind: kind.code().to_string(),
                done_date: date,
                conclusion: conclusion.code().to_string(),
                notes_enc,
                recorded_by: actor.user_id,
            },
            now,
        )
        .await?;
        // Codes only: the notes never enter the audit trail.
        let ev = AuditEvent::new("assessment.create", "assessment", &id).details(json!({
            "person": person_id,
            "kind": kind.code(),
            "conclusion": conclusion.code(),
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(id)
    }

    /// The person's assessments and self-reports (notes decrypted) and, for
    /// a running measure, the due dates of each kind with their state.
    pub async fn assessments_of(
        &self,
        actor: &Actor,
        person_id: &str,
    ) -> ServiceResult<AssessmentsView> {
        actor.authorize(Permission::PersonRead, None)?;
        persons::get(&self.db, actor.scope(Permission::PersonRead), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let rows = assessments::of_person(&self.db, person_id).await?;
        let open = measures::of_person(&self.db, person_id)
            .await?
            .into_iter()
            .find(|m| !m.closed);
        let open_id = open.as_ref().map(|m| m.id.clone());
        let measure: Option<Measure> = open
            .as_ref()
            .and_then(|row| serde_json::from_str(&row.snapshot).ok());
        let (schedule, used) = match (&measure, &open_id) {
            (Some(m), Some(mid)) => {
                let settings = self.people_settings().await?;
                self.assessment_schedule(&settings, m, mid, &rows)
            }
            _ => (Vec::new(), None),
        };
        let mut items = Vec::with_capacity(rows.len());
        for r in &rows {
            let notes = match &r.notes_enc {
                Some(enc) => Some(self.keys.decrypt(enc, &notes_aad(&r.id))?),
                None => None,
            };
            items.push(AssessmentView {
                id: r.id.clone(),
                kind: r.kind.clone(),
                done_date: r.done_date,
                conclusion: r.conclusion.clone(),
                notes,
                during_running_measure: Some(&r.measure_id) == open_id.as_ref(),
                recorded_by: r.recorded_by.clone(),
            });
        }
        Ok(AssessmentsView {
            items,
            schedule,
            schedule_setting: used,
        })
    }

    /// The due dates of each kind under a running measure and their state
    /// on today, given the person's records. The office assesses the
    /// persons it supervises: a community measure, from the report-in to
    /// the end of the term (an isolation centre keeps its own).
    pub(super) fn assessment_schedule(
        &self,
        settings: &PeopleSettings,
        m: &Measure,
        measure_id: &str,
        rows: &[AssessmentRow],
    ) -> (Vec<KindSchedule>, Option<UsedSetting>) {
        let (true, Some(start), Some(end)) = (
            m.kind().is_community(),
            m.reported_in_on(),
            m.term_end(&self.calendar).map(|c| c.date),
        ) else {
            return (Vec::new(), None);
        };
        let records: Vec<AssessmentRecord> = rows
            .iter()
            .filter(|r| r.measure_id == measure_id)
            .filter_map(|r| {
                Some(AssessmentRecord {
                    kind: AssessmentKind::from_code(&r.kind)?,
                    on: r.done_date,
                })
            })
            .collect();
        let Some(setting) = settings.assessment_schedule_on(start) else {
            return (Vec::new(), None);
        };
        let schedule = AssessmentKind::ALL
            .iter()
            .map(|kind| KindSchedule {
                kind: kind.code(),
                due: track(
                    &schedule_with(&setting, *kind, start, end),
                    &records,
                    self.today(),
                ),
            })
            .collect();
        (schedule, Some(setting.used()))
    }
}
