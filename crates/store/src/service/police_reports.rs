//! Recording that a flag was reported to the police (JDTL 21): the worker
//! names the flag (its ground and date), the day and the receiving unit.
//! Once recorded, the flag leaves the file's alerts and the work queue.

use jindu_domain::authz::Permission;
use jindu_domain::police_report::{ReportError, ReportReason};
use serde::Deserialize;
use serde_json::json;
use time::Date;

use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::crypto::random_bytes;
use crate::police_reports::{self, NewReport};
use crate::{measures, persons};

/// Longest name of a police unit kept.
const UNIT_MAX: usize = 100;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoliceReportInput {
    /// refused_measure, drug_use_during_measure, serious_violation
    pub reason: String,
    /// The flag's date, as shown with it.
    pub raised_on: Option<Date>,
    /// Default today; never in the future.
    pub reported_on: Option<Date>,
    pub police_unit: String,
}

impl Ctx {
    pub async fn police_report_record(
        &self,
        actor: &Actor,
        person_id: &str,
        input: &PoliceReportInput,
    ) -> ServiceResult<String> {
        actor.authorize(Permission::PersonCreate, None)?;
        let person = persons::get(&self.db, actor.scope(Permission::PersonCreate), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let reported_on = input.reported_on.unwrap_or_else(|| self.today());
        if reported_on > self.today() {
            return Err(ServiceError::invalid("reported_on", "date.future"));
        }
        if ReportReason::from_code(&input.reason).is_none() {
            return Err(ServiceError::invalid("reason", "field.invalid_code"));
        }
        if input.police_unit.trim().chars().count() > UNIT_MAX {
            return Err(ServiceError::invalid("police_unit", "field.too_long"));
        }
        // Only a flag the file shows now can be reported.
        let open = self.tests_of(actor, person_id).await?;
        let Some(flag) = open
            .police_flags
            .iter()
            .find(|f| f.reason.code() == input.reason && Some(f.raised_on) == input.raised_on)
        else {
            return Err(ServiceError::invalid(
                "reason",
                "police_report.no_such_flag",
            ));
        };
        let report = flag
            .report(reported_on, &input.police_unit)
            .map_err(|e| match e {
                ReportError::BeforeFlag { .. } => {
                    ServiceError::invalid("reported_on", "police_report.before_flag")
                }
                ReportError::MissingUnit => ServiceError::invalid("police_unit", "field.required"),
            })?;
        let id = persons::uuid_v4(random_bytes::<16>());
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        let Some(measure_id) = measures::open_of_person(&mut tx, person_id).await? else {
            return Err(ServiceError::invalid(
                "reason",
                "police_report.no_such_flag",
            ));
        };
        police_reports::insert(
            &mut tx,
            NewReport {
                id: id.clone(),
                person_id: person_id.to_string(),
                measure_id,
                county_code: person.county_code.clone(),
                org_unit_id: person.org_unit_id,
                reason: report.flag.reason.code().to_string(),
                raised_date: report.flag.raised_on,
                reported_date: report.reported_on,
                police_unit: report.police_unit.clone(),
                recorded_by: actor.user_id,
            },
            now,
        )
        .await?;
        let ev = AuditEvent::new("police_report.create", "police_report", &id).details(json!({
            "person": person_id,
            "reason": report.flag.reason.code(),
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(id)
    }
}
