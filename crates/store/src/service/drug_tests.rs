//! Drug tests: recording them, the schedule a community measure sets
//! (from the dated setting in force when the measure started), overdue
//! detection, the JDTL 20 counters and the police flags of JDTL 21.

use jindu_domain::authz::Permission;
use jindu_domain::drug_tests::{
    DrugTest, TestMethod, TestResult, TestSetting, schedule_with, track,
};
use jindu_domain::police_report::PoliceFlag;
use jindu_domain::schedule::DueItem;
use jindu_domain::settings::UsedSetting;
use jindu_domain::violations::ViolationStatus;
use jindu_domain::{Measure, MeasureKind};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;

use super::indicators::TestsWritten;
use super::settings::PeopleSettings;
use super::violations::{counters, unauthorised};
use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::crypto::random_bytes;
use crate::db::Tx;
use crate::drug_tests::{self, NewTest, TestRow};
use crate::leave::{self, AbsenceRow, LeaveRow};
use crate::measures;
use crate::persons::{self, PersonRow};
use crate::police_reports::ReportRow;

/// A test as recorded by a worker.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestInput {
    pub test_date: Option<Date>,
    /// urine, hair, blood, saliva
    pub method: String,
    /// on_site, lab, retest
    pub setting: String,
    /// negative, positive, refused, evaded
    pub result: String,
    #[serde(default)]
    pub substances: Vec<String>,
    #[serde(default)]
    pub unannounced: bool,
}

/// A person's tests with what they mean.
#[derive(Clone, Debug, Serialize)]
pub struct TestsView {
    pub tests: Vec<TestView>,
    /// The due dates of the running community measure and their state.
    pub schedule: Vec<DueItem>,
    /// Which version of the test-schedule setting made the schedule.
    pub schedule_setting: Option<UsedSetting>,
    /// JDTL 20 counters for the running community measure: tests refused
    /// or evaded and unauthorised absences (see `service::violations`).
    pub violations: Option<ViolationStatus>,
    /// Positive tests during a measure and serious violations not yet
    /// reported: the worker must report them to the police (JDTL 21).
    pub police_flags: Vec<PoliceFlag>,
    /// The reports already made for the running measure.
    pub police_reports: Vec<PoliceReportView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PoliceReportView {
    pub reason: String,
    pub raised_on: Date,
    pub reported_on: Date,
    pub police_unit: String,
    pub recorded_by: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TestView {
    pub id: String,
    pub test_date: Date,
    pub method: String,
    pub setting: String,
    pub result: String,
    pub substances: Vec<String>,
    pub unannounced: bool,
    pub during_measure: bool,
    pub recorded_by: Option<String>,
}

/// A test that passed [`Ctx::test_check`], in storage codes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct ValidTest {
    pub date: Date,
    pub method: String,
    pub setting: String,
    pub result: String,
    /// Comma-separated; empty unless positive.
    pub substances: String,
    pub unannounced: bool,
}

fn bad(field: &str, code: &str) -> ServiceError {
    ServiceError::invalid(field, code)
}

pub(crate) fn domain_test(t: &TestRow) -> Option<DrugTest> {
    let result = match t.result.as_str() {
        "negative" => TestResult::Negative,
        "positive" => TestResult::Positive {
            substances: t.substances.split(',').map(str::to_string).collect(),
        },
        "refused" => TestResult::Refused,
        "evaded" => TestResult::Evaded,
        _ => return None,
    };
    Some(DrugTest {
        on: t.test_date,
        method: TestMethod::from_code(&t.method)?,
        setting: TestSetting::from_code(&t.setting)?,
        result,
        unannounced: t.unannounced,
    })
}

impl Ctx {
    /// Records a test of a person in the actor's capture scope, linked to
    /// the measure running on that day.
    pub async fn test_record(
        &self,
        actor: &Actor,
        person_id: &str,
        t: &TestInput,
    ) -> ServiceResult<String> {
        actor.authorize(Permission::PersonCreate, None)?;
        let person = persons::get(&self.db, actor.scope(Permission::PersonCreate), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let test = self.test_check(t)?;
        let mut tx = self.db.begin().await?;
        let mut written = TestsWritten::default();
        let id = self
            .test_insert(&mut tx, actor, &person, test, &mut written)
            .await?;
        self.track_tests_written(&mut tx, &written).await?;
        self.refresh_abstinence(&mut tx, person_id).await?;
        let ev = AuditEvent::new("test.create", "drug_test", &id)
            .details(json!({ "person": person_id, "result": t.result }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(id)
    }

    /// A test as the worker typed it, checked (recording one, importing
    /// one): no date means today, never a future day; known method and
    /// setting; a positive result names what was found.
    pub(super) fn test_check(&self, t: &TestInput) -> ServiceResult<ValidTest> {
        let date = t.test_date.unwrap_or_else(|| self.today());
        if date > self.today() {
            return Err(bad("test_date", "date.future"));
        }
        let mut errors = Vec::new();
        let method = TestMethod::from_code(&t.method).map(|m| m.code().to_string());
        let setting = TestSetting::from_code(&t.setting).map(|s| s.code().to_string());
        if method.is_none() {
            errors.push(("method".to_string(), "field.invalid_code".to_string()));
        }
        if setting.is_none() {
            errors.push(("setting".to_string(), "field.invalid_code".to_string()));
        }
        let substances: Vec<String> = t
            .substances
            .iter()
            .map(|s| s.trim().replace(',', " "))
            .filter(|s| !s.is_empty())
            .collect();
        match t.result.as_str() {
            "negative" | "refused" | "evaded" => {}
            // A positive result names what was found.
            "positive" if substances.is_empty() => {
                errors.push(("substances".into(), "test.no_substance".into()))
            }
            "positive" => {}
            _ => errors.push(("result".into(), "field.invalid_code".into())),
        }
        let (Some(method), Some(setting), true) = (method, setting, errors.is_empty()) else {
            return Err(ServiceError::Fields(errors));
        };
        Ok(ValidTest {
            date,
            method,
            setting,
            substances: if t.result == "positive" {
                substances.join(",")
            } else {
                String::new()
            },
            result: t.result.clone(),
            unannounced: t.unannounced,
        })
    }

    /// Stores a checked test, linked to the measure running on its day.
    pub(super) async fn test_insert(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        person: &PersonRow,
        t: ValidTest,
        written: &mut TestsWritten,
    ) -> ServiceResult<String> {
        let id = persons::uuid_v4(random_bytes::<16>());
        let measure_id = self.measure_running_on(tx, &person.id, t.date).await?;
        let positive = t.result == "positive";
        drug_tests::insert(
            tx,
            NewTest {
                id: id.clone(),
                person_id: person.id.clone(),
                measure_id: measure_id.clone(),
                county_code: person.county_code.clone(),
                org_unit_id: person.org_unit_id,
                test_date: t.date,
                method: t.method,
                setting: t.setting,
                result: t.result,
                substances: t.substances,
                unannounced: t.unannounced,
                recorded_by: actor.user_id,
            },
            self.now_ms(),
        )
        .await?;
        // The due date it satisfies counts as done (test completion); a
        // positive may make an earlier release a relapse. The caller tracks
        // them once its tests are written.
        written.measures.extend(measure_id);
        if positive {
            written.positive_persons.insert(person.id.clone());
        }
        Ok(id)
    }

    /// The person's tests, the schedule of the running community measure
    /// with overdue items, the violation counters and the police flags.
    pub async fn tests_of(&self, actor: &Actor, person_id: &str) -> ServiceResult<TestsView> {
        actor.authorize(Permission::PersonRead, None)?;
        persons::get(&self.db, actor.scope(Permission::PersonRead), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let rows = drug_tests::of_person(&self.db, person_id).await?;
        let open = measures::of_person(&self.db, person_id)
            .await?
            .into_iter()
            .find(|m| !m.closed);
        let measure: Option<Measure> = match &open {
            Some(row) => serde_json::from_str(&row.snapshot).ok(),
            None => None,
        };
        let mut ob = Obligations::default();
        let mut reports = Vec::new();
        if let (Some(m), Some(row)) = (&measure, &open) {
            let done = crate::police_reports::of_measure(&self.db, &row.id).await?;
            let records = MeasureRecords {
                tests: &rows,
                requests: &leave::of_person(&self.db, person_id).await?,
                absences: &leave::absences_of_person(&self.db, person_id).await?,
                reports: &done,
            };
            ob = self.obligations(&self.people_settings().await?, m, &row.id, &records);
            reports = done
                .into_iter()
                .map(|r| PoliceReportView {
                    reason: r.reason,
                    raised_on: r.raised_date,
                    reported_on: r.reported_date,
                    police_unit: r.police_unit,
                    recorded_by: r.recorded_by,
                })
                .collect();
        }
        let tests = rows
            .iter()
            .map(|t| TestView {
                id: t.id.clone(),
                test_date: t.test_date,
                method: t.method.clone(),
                setting: t.setting.clone(),
                result: t.result.clone(),
                substances: t
                    .substances
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                unannounced: t.unannounced,
                during_measure: t.measure_id.is_some(),
                recorded_by: t.recorded_by.clone(),
            })
            .collect();
        Ok(TestsView {
            tests,
            schedule: ob.schedule,
            schedule_setting: ob.used,
            violations: ob.violations,
            police_flags: ob.flags,
            police_reports: reports,
        })
    }

    /// What a running measure asks of its person today, from the person's
    /// records: the test schedule with its state, the JDTL 20 counters and
    /// the JDTL 21 flags not yet reported. Pure, so the work queue can feed
    /// it records read for many persons at once.
    pub(super) fn obligations(
        &self,
        settings: &PeopleSettings,
        m: &Measure,
        measure_id: &str,
        r: &MeasureRecords<'_>,
    ) -> Obligations {
        let today = self.today();
        let domain: Vec<DrugTest> = r
            .tests
            .iter()
            .filter(|t| t.measure_id.as_deref() == Some(measure_id))
            .filter_map(domain_test)
            .collect();
        let mut ob = Obligations::default();
        let community = matches!(
            m.kind(),
            MeasureKind::CommunityDetox | MeasureKind::CommunityRehab
        );
        if community && let Some(start) = m.reported_in_on() {
            let end = m.term_end(&self.calendar).map(|c| c.date).unwrap_or(start);
            if let Some(setting) = settings.test_schedule_on(start) {
                let scheduled = schedule_with(&setting, start, end);
                ob.schedule = track(&scheduled, &domain, today);
                ob.used = Some(scheduled.used);
            }
        }
        // JDTL 20 counters (tests refused or evaded, and unauthorised
        // absences) and the JDTL 21 flags apply to the community measures;
        // positive tests to any running measure.
        if community {
            let absences = unauthorised(r.requests, r.absences, measure_id, today);
            let status = counters(&domain, &absences);
            if let Some(f) = status.police_flag() {
                ob.flags.push(f);
            }
            ob.violations = Some(status);
        }
        ob.flags.extend(
            domain
                .iter()
                .filter_map(|t| t.police_flag(m.decided_on(), m.closed_on())),
        );
        // JDTL 21: a flag stays until its report is recorded.
        ob.flags.retain(|f| {
            !r.reports
                .iter()
                .any(|x| x.reason == f.reason.code() && x.raised_date == f.raised_on)
        });
        ob
    }
}

/// A person's records a running measure's obligations are computed from.
pub(super) struct MeasureRecords<'a> {
    /// All the person's tests (those of the measure are picked out).
    pub tests: &'a [TestRow],
    pub requests: &'a [LeaveRow],
    pub absences: &'a [AbsenceRow],
    /// The reports already made for the measure's flags.
    pub reports: &'a [ReportRow],
}

/// See [`Ctx::obligations`].
#[derive(Default)]
pub(super) struct Obligations {
    pub schedule: Vec<DueItem>,
    pub used: Option<UsedSetting>,
    pub violations: Option<ViolationStatus>,
    pub flags: Vec<PoliceFlag>,
}
