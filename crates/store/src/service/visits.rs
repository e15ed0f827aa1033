//! Visits (走访): recording interviews, home visits and other contacts, the
//! next visit due under a community measure (from the dated visit-cadence
//! setting) and the "lost contact?" hint. The notes are a narrative about
//! the person: encrypted at rest (AAD `visits/{id}/notes`) and shown only
//! on the person's file.

use jindu_domain::authz::Permission;
use jindu_domain::settings::{UsedSetting, Versioned};
use jindu_domain::support::{
    VisitCadence, VisitDue, VisitKind, VisitOutcome, VisitPlace, VisitRecord, lost_contact_hint,
    next_visit,
};
use jindu_domain::{Measure, MeasureState};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;

use super::settings::PeopleSettings;
use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::crypto::random_bytes;
use crate::visits::{self, NewVisit};
use crate::{measures, persons};

/// Longest notes accepted, in characters.
pub const NOTES_MAX: usize = 500;

/// A visit as recorded by a worker.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitInput {
    /// Today when absent.
    pub visit_date: Option<Date>,
    /// interview, home_visit, phone, other
    pub kind: String,
    /// home, office, workplace, elsewhere
    pub place: String,
    /// normal, situation_changed, not_found
    pub outcome: String,
    /// What was found or discussed; required when the situation changed.
    #[serde(default)]
    pub notes: String,
}

/// A person's visits with what they mean.
#[derive(Clone, Debug, Serialize)]
pub struct VisitsView {
    /// Newest first.
    pub items: Vec<VisitView>,
    pub total: usize,
    /// The next visit due under the running community measure.
    pub next_due: Option<VisitDue>,
    /// Visits in a row that did not find the person, once they reach the
    /// setting's threshold (and the status is not lost contact already).
    pub lost_contact_hint: Option<u32>,
    /// Which version of the visit-cadence setting was used.
    pub cadence_setting: Option<UsedSetting>,
}

#[derive(Clone, Debug, Serialize)]
pub struct VisitView {
    pub id: String,
    pub visit_date: Date,
    pub kind: String,
    pub place: String,
    pub outcome: String,
    /// Decrypted for a reader with the person in their search scope.
    pub notes: Option<String>,
    pub during_measure: bool,
    pub visited_by: Option<String>,
}

fn notes_aad(id: &str) -> String {
    format!("visits/{id}/notes")
}

/// The visit records the cadence needs, dropping unknown codes.
fn records(rows: &[(Date, String, String)]) -> Vec<VisitRecord> {
    rows.iter()
        .filter_map(|(on, kind, outcome)| {
            Some(VisitRecord {
                on: *on,
                kind: VisitKind::from_code(kind)?,
                outcome: VisitOutcome::from_code(outcome)?,
            })
        })
        .collect()
}

impl Ctx {
    /// The next visit due for a person under `m`, if `m` is a community
    /// measure being executed (reported in, not paused or transferred):
    /// the cadence runs from the report-in, where the worker meets the
    /// person, to the end of the term.
    pub(crate) fn visit_due(
        &self,
        cadence: &Versioned<VisitCadence>,
        m: &Measure,
        visits: &[VisitRecord],
        today: Date,
    ) -> Option<VisitDue> {
        let running = matches!(
            m.state(),
            MeasureState::ReportedIn | MeasureState::UnderAgreement
        );
        if !(m.kind().is_community() && running) {
            return None;
        }
        let start = m.reported_in_on()?;
        let until = m.term_end(&self.calendar).map(|c| c.date);
        next_visit(cadence, start, until, visits, today)
    }

    /// The visit status of a person for the work queue: the next visit due
    /// and the lost-contact hint, from the (date, kind, outcome) of their
    /// visits (no notes are read).
    pub(crate) fn visit_status(
        &self,
        settings: &PeopleSettings,
        m: &Measure,
        status: &str,
        visits: &[(Date, String, String)],
    ) -> (Option<VisitDue>, Option<u32>) {
        let today = self.today();
        let Some(cadence) = settings.visit_cadence_on(today) else {
            return (None, None);
        };
        let recs = records(visits);
        let hint = if status == "lost_contact" {
            None
        } else {
            lost_contact_hint(&cadence.value, &recs, today)
        };
        (self.visit_due(&cadence, m, &recs, today), hint)
    }

    /// Records a visit of a person in the actor's capture scope, by the
    /// actor, linked to the measure running on that day.
    pub async fn visit_record(
        &self,
        actor: &Actor,
        person_id: &str,
        v: &VisitInput,
    ) -> ServiceResult<String> {
        actor.authorize(Permission::PersonCreate, None)?;
        let person = persons::get(&self.db, actor.scope(Permission::PersonCreate), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let date = v.visit_date.unwrap_or_else(|| self.today());
        if date > self.today() {
            return Err(ServiceError::invalid("visit_date", "date.future"));
        }
        let mut errors = Vec::new();
        let mut code = |field: &str, ok: bool| {
            if !ok {
                errors.push((field.to_string(), "field.invalid_code".to_string()));
            }
        };
        let kind = VisitKind::from_code(&v.kind);
        let place = VisitPlace::from_code(&v.place);
        let outcome = VisitOutcome::from_code(&v.outcome);
        code("kind", kind.is_some());
        code("place", place.is_some());
        code("outcome", outcome.is_some());
        let notes = v.notes.trim();
        if notes.chars().count() > NOTES_MAX {
            errors.push(("notes".into(), "field.too_long".into()));
        }
        if outcome == Some(VisitOutcome::SituationChanged) && notes.is_empty() {
            errors.push(("notes".into(), "visit.notes_required".into()));
        }
        let (Some(kind), Some(place), Some(outcome), true) =
            (kind, place, outcome, errors.is_empty())
        else {
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
        let measure_id = measures::open_of_person(&mut tx, person_id).await?;
        visits::insert(
            &mut tx,
            NewVisit {
                id: id.clone(),
                person_id: person_id.to_string(),
                measure_id,
                county_code: person.county_code.clone(),
                org_unit_id: person.org_unit_id,
                visit_date: date,
                kind: kind.code().to_string(),
                place: place.code().to_string(),
                outcome: outcome.code().to_string(),
                notes_enc,
                visited_by: actor.user_id,
            },
            now,
        )
        .await?;
        // Codes only: the notes never enter the audit trail.
        let ev = AuditEvent::new("visit.create", "visit", &id).details(json!({
            "person": person_id,
            "kind": kind.code(),
            "outcome": outcome.code(),
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(id)
    }

    /// The person's visits (notes decrypted), the next visit due under the
    /// running community measure and the lost-contact hint. Part of the
    /// person's file: the caller audits the view of the person.
    pub async fn visits_of(&self, actor: &Actor, person_id: &str) -> ServiceResult<VisitsView> {
        actor.authorize(Permission::PersonRead, None)?;
        let person = persons::get(&self.db, actor.scope(Permission::PersonRead), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let rows = visits::of_person(&self.db, person_id).await?;
        let today = self.today();
        let recs = records(
            &rows
                .iter()
                .map(|r| (r.visit_date, r.kind.clone(), r.outcome.clone()))
                .collect::<Vec<_>>(),
        );
        let measure: Option<Measure> = measures::of_person(&self.db, person_id)
            .await?
            .into_iter()
            .find(|m| !m.closed)
            .and_then(|row| serde_json::from_str(&row.snapshot).ok());
        let cadence = self.people_settings().await?.visit_cadence_on(today);
        let next_due = match (&measure, &cadence) {
            (Some(m), Some(c)) => self.visit_due(c, m, &recs, today),
            _ => None,
        };
        let hint = match &cadence {
            Some(c) if person.status != "lost_contact" => lost_contact_hint(&c.value, &recs, today),
            _ => None,
        };
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            let notes = match &r.notes_enc {
                Some(enc) => Some(self.keys.decrypt(enc, &notes_aad(&r.id))?),
                None => None,
            };
            items.push(VisitView {
                id: r.id,
                visit_date: r.visit_date,
                kind: r.kind,
                place: r.place,
                outcome: r.outcome,
                notes,
                during_measure: r.measure_id.is_some(),
                visited_by: r.visited_by,
            });
        }
        Ok(VisitsView {
            total: items.len(),
            items,
            cadence_setting: next_due.map(|d| d.used),
            next_due,
            lost_contact_hint: hint,
        })
    }
}
