//! Leave (请假外出, JDTL 19): the written report of a person under a
//! community measure who leaves the county, the decision on it, the
//! departure and return, and absences found without any report. The rules
//! (3 days, overstays, unauthorised days) are `jindu_domain::leave`; this
//! layer scopes, stores, encrypts the destination and audits.
//!
//! Who does what:
//! - the social worker (or the person's township, county or city officer,
//!   or the police) records the request, the departure, the return and an
//!   unreported absence: `PersonCreate` in the capture scope;
//! - the decision is an officer's — township, county or city office:
//!   `LeaveDecide`, which the social worker and the police do not hold —
//!   and never that of the user who filed the request (four eyes). The
//!   console (`cli`, no user id) is not a person and is exempt.
//!
//! Requests and absences attach to the open community measure (community
//! detox or rehabilitation, JDTL 19 via JDTL 38): without one, there is
//! nothing to ask leave from. The destination is encrypted at rest like an
//! address and shown in full only to those who act on the person (capture
//! scope); read-only viewers see it masked.

use jindu_domain::authz::Permission;
use jindu_domain::leave::{LeaveError, LeaveRequest, UnauthorisedAbsence, UnreportedAbsence};
use jindu_domain::mask_text;
use jindu_domain::violations::ViolationStatus;
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;

use super::violations::{counters, domain_absence, domain_request, unauthorised};
use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::crypto::random_bytes;
use crate::leave::{self, AbsenceRow, LeaveRow, NewAbsence, NewLeave};
use crate::measures::{self, MeasureRow};
use crate::{drug_tests, persons};

/// Longest destination and reason accepted, in characters.
const DESTINATION_MAX: usize = 100;
const REASON_MAX: usize = 200;

/// A written leave report as the worker records it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaveInput {
    /// Planned departure. Required; optional here only so that a missing
    /// date is reported after the scope check, like every other field.
    pub from: Option<Date>,
    /// Planned return (required).
    pub to: Option<Date>,
    /// Where to (encrypted at rest).
    #[serde(default)]
    pub destination: String,
    #[serde(default)]
    pub reason: String,
    /// The day the written report was handed in; today by default. It must
    /// come before the planned departure ("事先", JDTL 19).
    pub requested_on: Option<Date>,
}

/// The decision on a request.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaveDecision {
    /// `approve` or `refuse`.
    #[serde(default)]
    pub decision: String,
    /// The day of the decision; today by default.
    pub on: Option<Date>,
}

/// A departure or a return.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaveDate {
    /// The day; today by default.
    pub on: Option<Date>,
}

/// An absence found without any request: left on `from`, back on `to`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbsenceInput {
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// A person's leave: requests, unreported absences, and what counts.
#[derive(Clone, Debug, Serialize)]
pub struct LeaveView {
    /// The open community measure new requests and absences attach to;
    /// `None` when there is none (nothing to ask leave from).
    pub measure_id: Option<String>,
    pub requests: Vec<LeaveRequestView>,
    pub absences: Vec<AbsenceView>,
    /// The unauthorised absences of the open community measure as of
    /// today, each a JDTL 20 "time" with its days.
    pub unauthorised: Vec<UnauthorisedAbsence>,
    /// JDTL 20 counters of the open community measure (tests and
    /// absences together, as on the tests view).
    pub violations: Option<ViolationStatus>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LeaveRequestView {
    pub id: String,
    pub measure_id: String,
    /// Made under the open measure (older measures' requests no longer
    /// count).
    pub current: bool,
    pub requested_on: Date,
    pub from: Date,
    pub to: Date,
    /// Planned days away, the departure day not counted (民法典 Art 201).
    pub planned_days: u32,
    /// 3 days or more: the report was required (JDTL 19).
    pub needs_request: bool,
    /// Full for those who act on the person, masked for read-only viewers.
    pub destination: String,
    pub destination_masked: bool,
    pub reason: String,
    /// requested, approved, refused
    pub state: String,
    pub requested_by: Option<String>,
    pub decided_on: Option<Date>,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub departed: Option<Date>,
    pub returned: Option<Date>,
    /// Days away so far (to the return, or to today while away).
    pub days_away: Option<u32>,
    /// The unauthorised part of the trip as of today.
    pub unauthorised: Option<UnauthorisedAbsence>,
    /// Days past the planned return without a recorded return.
    pub return_overdue_days: Option<u32>,
    /// The caller may decide it now (an officer, not the one who filed it).
    pub may_decide: bool,
    /// The caller may record the departure or the return.
    pub may_record: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct AbsenceView {
    pub id: String,
    pub measure_id: String,
    pub current: bool,
    pub from: Date,
    pub to: Date,
    pub days: u32,
    pub unauthorised: Option<UnauthorisedAbsence>,
    pub recorded_by: Option<String>,
}

fn bad(field: &str, code: &str) -> ServiceError {
    ServiceError::invalid(field, code)
}

/// The stable error code of a domain refusal.
fn leave_code(e: &LeaveError) -> &'static str {
    match e {
        LeaveError::ReturnBeforeDeparture => "leave.return_before_departure",
        LeaveError::ReturnWithoutDeparture => "leave.not_departed",
        LeaveError::ReturnedBeforeDeparted => "leave.returned_before_departure",
        LeaveError::AlreadyDecided => "leave.already_decided",
        LeaveError::AlreadyDeparted => "leave.already_departed",
        LeaveError::AlreadyReturned => "leave.already_returned",
    }
}

fn destination_aad(id: &str) -> String {
    format!("leave/{id}/destination")
}

/// A required free-text field, trimmed, of at most `max` characters.
fn text_field(errors: &mut Vec<(String, String)>, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.push((field.into(), "field.required".into()));
    } else if v.chars().count() > max {
        errors.push((field.into(), "field.too_long".into()));
    }
    v.to_string()
}

fn is_community(m: &MeasureRow) -> bool {
    matches!(m.kind.as_str(), "community_detox" | "community_rehab")
}

impl Ctx {
    /// The person's open community measure, if any.
    async fn open_community_measure(&self, person_id: &str) -> ServiceResult<Option<MeasureRow>> {
        Ok(measures::of_person(&self.db, person_id)
            .await?
            .into_iter()
            .find(|m| !m.closed)
            .filter(is_community))
    }

    /// Records a written leave report of a person in the actor's capture
    /// scope, under the person's open community measure.
    pub async fn leave_request(
        &self,
        actor: &Actor,
        person_id: &str,
        input: &LeaveInput,
    ) -> ServiceResult<String> {
        actor.authorize(Permission::PersonCreate, None)?;
        let person = persons::get(&self.db, actor.scope(Permission::PersonCreate), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let today = self.today();
        let mut errors = Vec::new();
        let destination = text_field(
            &mut errors,
            "destination",
            &input.destination,
            DESTINATION_MAX,
        );
        let reason = text_field(&mut errors, "reason", &input.reason, REASON_MAX);
        let requested_on = input.requested_on.unwrap_or(today);
        if requested_on > today {
            errors.push(("requested_on".into(), "date.future".into()));
        }
        match (input.from, input.to) {
            (Some(from), Some(to)) => {
                if let Err(e) = LeaveRequest::new(from, to) {
                    errors.push(("to".into(), leave_code(&e).into()));
                }
                if requested_on > from {
                    errors.push(("requested_on".into(), "leave.not_beforehand".into()));
                }
            }
            (from, to) => {
                if from.is_none() {
                    errors.push(("from".into(), "field.required".into()));
                }
                if to.is_none() {
                    errors.push(("to".into(), "field.required".into()));
                }
            }
        }
        let (Some(from), Some(to), true) = (input.from, input.to, errors.is_empty()) else {
            return Err(ServiceError::Fields(errors));
        };
        let measure = self
            .open_community_measure(person_id)
            .await?
            .ok_or_else(|| bad("person", "leave.no_community_measure"))?;
        let id = persons::uuid_v4(random_bytes::<16>());
        let destination_enc = self.keys.encrypt(&destination, &destination_aad(&id))?;
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        leave::insert(
            &mut tx,
            NewLeave {
                id: id.clone(),
                person_id: person_id.to_string(),
                measure_id: measure.id.clone(),
                county_code: person.county_code.clone(),
                org_unit_id: person.org_unit_id,
                request_date: requested_on,
                from_date: from,
                to_date: to,
                destination_enc,
                reason,
                requested_by: actor.user_id,
            },
            now,
        )
        .await?;
        let ev = AuditEvent::new("leave.create", "leave", &id).details(json!({
            "person": person_id,
            "measure": measure.id,
            "planned_days": jindu_domain::leave::days_away(from, to),
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(id)
    }

    /// The person a request belongs to, if the request is in the actor's
    /// capture scope (else NotFound).
    pub async fn leave_person(&self, actor: &Actor, leave_id: &str) -> ServiceResult<String> {
        actor.authorize(Permission::PersonCreate, None)?;
        let row = leave::get(&self.db, actor.scope(Permission::PersonCreate), leave_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        Ok(row.person_id)
    }

    /// Approves or refuses a request (an officer's decision, not that of
    /// the user who filed it).
    pub async fn leave_decide(
        &self,
        actor: &Actor,
        leave_id: &str,
        d: &LeaveDecision,
    ) -> ServiceResult<LeaveRequestView> {
        actor.authorize(Permission::LeaveDecide, None)?;
        let row = leave::get(&self.db, actor.scope(Permission::LeaveDecide), leave_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let approve = match d.decision.as_str() {
            "approve" => true,
            "refuse" => false,
            _ => return Err(bad("decision", "field.invalid_code")),
        };
        if actor.user_id.is_some() && actor.user_id == row.requested_by {
            return Err(bad("decision", "leave.own_request"));
        }
        let on = d.on.unwrap_or_else(|| self.today());
        if on > self.today() {
            return Err(bad("on", "date.future"));
        }
        if on < row.request_date {
            return Err(bad("on", "leave.decided_before_request"));
        }
        let mut request = domain_request(&row);
        request
            .decide(approve)
            .map_err(|e| bad("decision", leave_code(&e)))?;
        let state = if approve { "approved" } else { "refused" };
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        if !leave::decide(&mut tx, leave_id, state, on, actor.user_id, now).await? {
            return Err(ServiceError::conflict("leave.already_decided"));
        }
        let ev = AuditEvent::new("leave.decide", "leave", leave_id)
            .details(json!({ "person": row.person_id, "decision": state }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        self.leave_request_view(actor, leave_id).await
    }

    /// Records the departure of a request's trip (approved or not: leaving
    /// without approval is a fact, and counts as unauthorised).
    pub async fn leave_depart(
        &self,
        actor: &Actor,
        leave_id: &str,
        d: &LeaveDate,
    ) -> ServiceResult<LeaveRequestView> {
        self.leave_fact(actor, leave_id, d, false).await
    }

    /// Records the return of a request's trip.
    pub async fn leave_return(
        &self,
        actor: &Actor,
        leave_id: &str,
        d: &LeaveDate,
    ) -> ServiceResult<LeaveRequestView> {
        self.leave_fact(actor, leave_id, d, true).await
    }

    async fn leave_fact(
        &self,
        actor: &Actor,
        leave_id: &str,
        d: &LeaveDate,
        back: bool,
    ) -> ServiceResult<LeaveRequestView> {
        actor.authorize(Permission::PersonCreate, None)?;
        let row = leave::get(&self.db, actor.scope(Permission::PersonCreate), leave_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let on = d.on.unwrap_or_else(|| self.today());
        if on > self.today() {
            return Err(bad("on", "date.future"));
        }
        let mut request = domain_request(&row);
        let checked = if back {
            request.come_back(on)
        } else {
            request.depart(on)
        };
        checked.map_err(|e| bad("on", leave_code(&e)))?;
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        let (stored, event, code) = if back {
            (
                leave::come_back(&mut tx, leave_id, on, now).await?,
                "leave.return",
                "leave.already_returned",
            )
        } else {
            (
                leave::depart(&mut tx, leave_id, on, now).await?,
                "leave.depart",
                "leave.already_departed",
            )
        };
        if !stored {
            return Err(ServiceError::conflict(code));
        }
        let mut details = json!({ "person": row.person_id });
        if back && let Some(a) = request.unauthorised_absence(on) {
            details["unauthorised_days"] = json!(a.days);
        }
        let ev = AuditEvent::new(event, "leave", leave_id).details(details);
        self.commit_audited(tx, &actor.audit(), ev).await?;
        self.leave_request_view(actor, leave_id).await
    }

    /// Records an absence found without any request (擅自离开). Only an
    /// absence of 3 days or more needed a report (JDTL 19), so only such an
    /// absence is recorded.
    pub async fn absence_record(
        &self,
        actor: &Actor,
        person_id: &str,
        input: &AbsenceInput,
    ) -> ServiceResult<String> {
        actor.authorize(Permission::PersonCreate, None)?;
        let person = persons::get(&self.db, actor.scope(Permission::PersonCreate), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let from = input.from.ok_or_else(|| bad("from", "field.required"))?;
        let to = input.to.ok_or_else(|| bad("to", "field.required"))?;
        if to > self.today() {
            return Err(bad("to", "date.future"));
        }
        if to < from {
            return Err(bad("to", "leave.returned_before_departure"));
        }
        let absence = UnreportedAbsence {
            departed: from,
            returned: Some(to),
        };
        let Some(counted) = absence.unauthorised_absence(to) else {
            return Err(bad("to", "leave.absence_too_short"));
        };
        let measure = self
            .open_community_measure(person_id)
            .await?
            .ok_or_else(|| bad("person", "leave.no_community_measure"))?;
        let id = persons::uuid_v4(random_bytes::<16>());
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        leave::insert_absence(
            &mut tx,
            NewAbsence {
                id: id.clone(),
                person_id: person_id.to_string(),
                measure_id: measure.id.clone(),
                county_code: person.county_code.clone(),
                org_unit_id: person.org_unit_id,
                departed_date: from,
                returned_date: to,
                recorded_by: actor.user_id,
            },
            now,
        )
        .await?;
        let ev = AuditEvent::new("absence.create", "absence", &id).details(json!({
            "person": person_id,
            "measure": measure.id,
            "days": counted.days,
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(id)
    }

    /// One request as the actor sees it after a change (`PersonCreate` and
    /// `LeaveDecide` are both checked against the capture scope).
    async fn leave_request_view(
        &self,
        actor: &Actor,
        leave_id: &str,
    ) -> ServiceResult<LeaveRequestView> {
        let row = leave::get(&self.db, actor.scope(Permission::PersonCreate), leave_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let open = self.open_community_measure(&row.person_id).await?;
        self.request_view(actor, &row, open.as_ref().map(|m| m.id.as_str()))
    }

    fn request_view(
        &self,
        actor: &Actor,
        row: &LeaveRow,
        open: Option<&str>,
    ) -> ServiceResult<LeaveRequestView> {
        let today = self.today();
        let may_record = actor
            .authorize(Permission::PersonCreate, Some(&row.org_path))
            .is_ok();
        let may_decide = row.state == "requested"
            && actor
                .authorize(Permission::LeaveDecide, Some(&row.org_path))
                .is_ok()
            && !(actor.user_id.is_some() && actor.user_id == row.requested_by);
        let plain = self
            .keys
            .decrypt(&row.destination_enc, &destination_aad(&row.id))?;
        let (destination, destination_masked) = if may_record {
            (plain, false)
        } else {
            (mask_text(&plain), true)
        };
        let r = domain_request(row);
        Ok(LeaveRequestView {
            id: row.id.clone(),
            measure_id: row.measure_id.clone(),
            current: open == Some(row.measure_id.as_str()),
            requested_on: row.request_date,
            from: row.from_date,
            to: row.to_date,
            planned_days: r.planned_days(),
            needs_request: r.needs_request(),
            destination,
            destination_masked,
            reason: row.reason.clone(),
            state: row.state.clone(),
            requested_by: row.requested_by_name.clone(),
            decided_on: row.decision_date,
            decided_by: row.decided_by_name.clone(),
            decided_at: row.decided_at,
            departed: r.departed,
            returned: r.returned,
            days_away: r
                .departed
                .map(|d| jindu_domain::leave::days_away(d, r.returned.unwrap_or(today).max(d))),
            unauthorised: r.unauthorised_absence(today),
            return_overdue_days: r.return_overdue(today),
            may_decide,
            may_record,
        })
    }

    /// A person's leave requests and unreported absences with what counts
    /// against JDTL 20 (part of viewing the person, which is audited there).
    pub async fn leave_of(&self, actor: &Actor, person_id: &str) -> ServiceResult<LeaveView> {
        actor.authorize(Permission::PersonRead, None)?;
        persons::get(&self.db, actor.scope(Permission::PersonRead), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let today = self.today();
        let rows = leave::of_person(&self.db, person_id).await?;
        let absence_rows = leave::absences_of_person(&self.db, person_id).await?;
        let open = self.open_community_measure(person_id).await?;
        let open_id = open.as_ref().map(|m| m.id.clone());
        let requests = rows
            .iter()
            .map(|r| self.request_view(actor, r, open_id.as_deref()))
            .collect::<ServiceResult<Vec<_>>>()?;
        let absences = absence_rows
            .iter()
            .map(|a: &AbsenceRow| {
                let d = domain_absence(a);
                AbsenceView {
                    id: a.id.clone(),
                    measure_id: a.measure_id.clone(),
                    current: open_id.as_deref() == Some(a.measure_id.as_str()),
                    from: a.departed_date,
                    to: a.returned_date,
                    days: jindu_domain::leave::days_away(a.departed_date, a.returned_date),
                    unauthorised: d.unauthorised_absence(today),
                    recorded_by: a.recorded_by.clone(),
                }
            })
            .collect();
        let (unauthorised_now, violations) = match &open_id {
            Some(mid) => {
                let found = unauthorised(&rows, &absence_rows, mid, today);
                let tests: Vec<_> = drug_tests::of_person(&self.db, person_id)
                    .await?
                    .iter()
                    .filter(|t| t.measure_id.as_deref() == Some(mid.as_str()))
                    .filter_map(super::drug_tests::domain_test)
                    .collect();
                let status = counters(&tests, &found);
                (found, Some(status))
            }
            None => (Vec::new(), None),
        };
        Ok(LeaveView {
            measure_id: open_id,
            requests,
            absences,
            unauthorised: unauthorised_now,
            violations,
        })
    }
}
