//! Measures (戒毒措施): ordering one, recording what happens to it, and
//! reading it with its legal deadlines and how each was computed. The rules
//! are the domain's state machine; this layer scopes, stores and audits.

use jindu_domain::age::age_on;
use jindu_domain::authz::Permission;
use jindu_domain::measures::{EarlyReleaseBar, Status, Warning, isolation_warnings};
use jindu_domain::periods::Period;
use jindu_domain::register::{PersonTag, RegisterStatus};
use jindu_domain::{Event, Measure, MeasureKind, Sex};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;

use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::crypto::random_bytes;
use crate::db::Tx;
use crate::measures::{self, EventWrite, MeasureRow, NewMeasure};
use crate::persons::{self, PersonRow};

/// An order for a measure (the decision as served on the person).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureOrder {
    /// `community_detox`, `community_rehab`, `compulsory_isolation`,
    /// `voluntary_detox` or `maintenance_therapy`.
    pub kind: String,
    /// Required; optional here only so that a missing date is reported
    /// after the scope check, like every other field.
    pub decided_on: Option<Date>,
    /// When the decision was received (community kinds: the 15 days to
    /// report in run from here, JDTL 14).
    pub served_on: Option<Date>,
    /// Community rehabilitation: the term, at most 36 months (JDF 48).
    pub term_months: Option<u32>,
    /// Compulsory isolation ordered after a refused rehabilitation, which
    /// bars early release (JDTL 38).
    #[serde(default)]
    pub after_rehab_refusal: bool,
}

/// A deadline as shown: its date, days left and how it was computed.
#[derive(Clone, Debug, Serialize)]
pub struct DeadlineView {
    pub code: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub article: &'static str,
    pub date: Date,
    pub days_left: i64,
    pub met_on: Option<Date>,
    pub explain_zh: String,
    pub explain_en: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct EventView {
    pub seq: i64,
    pub code: String,
    pub on: Date,
    pub recorded_by: Option<String>,
    pub recorded_at: i64,
    pub detail: serde_json::Value,
}

#[derive(Clone, Debug, Serialize)]
pub struct MeasureView {
    pub id: String,
    pub person_id: String,
    pub kind: String,
    pub state: String,
    pub decided_on: Date,
    pub closed: bool,
    pub status: Status,
    pub deadlines: Vec<DeadlineView>,
    pub events: Vec<EventView>,
}

fn bad(field: &str, e: impl AsRef<str>) -> ServiceError {
    ServiceError::invalid(field, e.as_ref())
}

/// The earliest deadline still open: what the work queue sorts by.
pub fn next_deadline(status: &Status) -> Option<Date> {
    status.due.iter().map(|d| d.date).min()
}

/// The register status a measure implies for its person.
pub fn person_status(m: &Measure) -> RegisterStatus {
    use jindu_domain::MeasureState as S;
    use jindu_domain::measures::EndCause as E;
    match m.state() {
        S::Paused => RegisterStatus::InCustody,
        S::Ended
            if matches!(
                m.end_cause(),
                Some(E::Imprisonment | E::CompulsoryEducation)
            ) =>
        {
            RegisterStatus::InCustody
        }
        s if s.is_closed() => RegisterStatus::Registered,
        _ => RegisterStatus::UnderMeasure,
    }
}

impl Ctx {
    fn snapshot(&self, m: &Measure) -> ServiceResult<String> {
        serde_json::to_string(m)
            .map_err(|e| ServiceError::Internal(crate::StoreError::Config(e.to_string())))
    }

    pub(super) fn restore(&self, row: &MeasureRow) -> ServiceResult<Measure> {
        serde_json::from_str(&row.snapshot).map_err(|e| {
            ServiceError::Internal(crate::StoreError::Config(format!("measure snapshot: {e}")))
        })
    }

    /// Orders a measure for a person in the actor's capture scope. Returns
    /// the measure's id and the warnings the deciding officer must weigh
    /// (JDF 39): warnings, never refusals.
    pub async fn measure_order(
        &self,
        actor: &Actor,
        person_id: &str,
        o: &MeasureOrder,
    ) -> ServiceResult<(String, Vec<Warning>)> {
        actor.authorize(Permission::PersonCreate, None)?;
        let person = persons::get(&self.db, actor.scope(Permission::PersonCreate), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let (kind, measure) = self.measure_from_order(o)?;
        let decided_on = measure.decided_on();
        let warnings = if kind == MeasureKind::CompulsoryIsolation {
            let (_, tags) = persons::codes_of(&self.db, person_id).await?;
            let pregnant = tags
                .iter()
                .any(|t| t == PersonTag::PregnantOrBreastfeeding.code());
            let sex = Sex::from_code(&person.sex).unwrap_or(Sex::Male);
            isolation_warnings(sex, pregnant, age_on(person.birth_date, decided_on))
        } else {
            Vec::new()
        };
        let id = persons::uuid_v4(random_bytes::<16>());
        let mut tx = self.db.begin().await?;
        if measures::open_of_person(&mut tx, person_id)
            .await?
            .is_some()
        {
            return Err(ServiceError::conflict("measure.already_open"));
        }
        self.measure_insert(&mut tx, actor, &person, &id, o, &measure)
            .await?;
        self.refresh_abstinence(&mut tx, person_id).await?;
        self.set_status_of_measure(&mut tx, person_id, &measure)
            .await?;
        let warning_codes: Vec<&str> = warnings.iter().map(|w| w.code()).collect();
        let ev = AuditEvent::new("measure.create", "measure", &id).details(
            json!({ "person": person_id, "kind": kind.code(), "warnings": warning_codes }),
        );
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok((id, warnings))
    }

    /// The measure an order creates, built by the domain's state machine
    /// with the checks every order passes (ordering one, importing one).
    pub(super) fn measure_from_order(
        &self,
        o: &MeasureOrder,
    ) -> ServiceResult<(MeasureKind, Measure)> {
        let decided_on = o
            .decided_on
            .ok_or_else(|| bad("decided_on", "field.required"))?;
        let today = self.today();
        if decided_on > today || o.served_on.is_some_and(|s| s > today) {
            return Err(bad("decided_on", "date.future"));
        }
        let kind =
            MeasureKind::from_code(&o.kind).ok_or_else(|| bad("kind", "field.invalid_code"))?;
        let measure = match kind {
            MeasureKind::CommunityDetox => {
                let served = o
                    .served_on
                    .ok_or_else(|| bad("served_on", "field.required"))?;
                Measure::community_detox(decided_on, served)
                    .map_err(|e| bad("served_on", e.code()))?
            }
            MeasureKind::CommunityRehab => {
                let served = o
                    .served_on
                    .ok_or_else(|| bad("served_on", "field.required"))?;
                let months = o.term_months.unwrap_or(36);
                Measure::community_rehab(decided_on, served, Period::Months(months))
                    .map_err(|e| bad("term_months", e.code()))?
            }
            MeasureKind::CompulsoryIsolation => Measure::compulsory_isolation(
                decided_on,
                o.after_rehab_refusal
                    .then_some(EarlyReleaseBar::AfterRehabRefusal),
            ),
            MeasureKind::VoluntaryDetox => Measure::voluntary_detox(decided_on),
            MeasureKind::MaintenanceTherapy => Measure::maintenance_therapy(decided_on),
        };
        Ok((kind, measure))
    }

    /// The measure after `event`, if the event is not in the future and
    /// the state machine accepts it (recording one, importing one).
    pub(super) fn measure_after(&self, current: &Measure, event: &Event) -> ServiceResult<Measure> {
        if event.on() > self.today() {
            return Err(bad("on", "date.future"));
        }
        current
            .apply(event, &self.calendar)
            .map_err(|e| bad("event", e.code()))
    }

    /// Stores a new measure as ordered: its snapshot, state and next open
    /// deadline (the work queue's index).
    pub(super) async fn measure_insert(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        person: &PersonRow,
        id: &str,
        o: &MeasureOrder,
        measure: &Measure,
    ) -> ServiceResult<()> {
        let status = measure.status_on(self.today(), &self.calendar);
        measures::insert(
            tx,
            NewMeasure {
                id: id.to_string(),
                person_id: person.id.clone(),
                county_code: person.county_code.clone(),
                org_unit_id: person.org_unit_id,
                kind: measure.kind().code().to_string(),
                state: measure.state().code().to_string(),
                decision_date: measure.decided_on(),
                served_date: o.served_on,
                term_months: o.term_months.map(i64::from),
                early_release_bar: o
                    .after_rehab_refusal
                    .then(|| "after_rehab_refusal".to_string()),
                snapshot: self.snapshot(measure)?,
                closed: measure.state().is_closed(),
                next_deadline_date: next_deadline(&status),
                created_by: actor.user_id,
            },
            self.now_ms(),
        )
        .await?;
        self.track_measure(tx, id, measure).await
    }

    /// Appends an accepted event with the measure after it (snapshot,
    /// state, next open deadline).
    pub(super) async fn measure_append(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        measure_id: &str,
        event: &Event,
        next: &Measure,
    ) -> ServiceResult<()> {
        let status = next.status_on(self.today(), &self.calendar);
        let payload = serde_json::to_string(event)
            .map_err(|e| ServiceError::Internal(crate::StoreError::Config(e.to_string())))?;
        measures::append_event(
            tx,
            EventWrite {
                measure_id,
                code: event.code(),
                on: event.on(),
                payload,
                state: next.state().code(),
                snapshot: self.snapshot(next)?,
                closed: next.state().is_closed(),
                next_deadline_date: next_deadline(&status),
                recorded_by: actor.user_id,
            },
            self.now_ms(),
        )
        .await?;
        self.track_measure(tx, measure_id, next).await
    }

    /// The person's measure running on `day`, from its decision to the day
    /// it closed (both inclusive): the measure a test of that day belongs
    /// to. On the day one measure ends and the next is decided (JDF 38),
    /// the later one.
    pub(super) async fn measure_running_on(
        &self,
        tx: &mut Tx,
        person_id: &str,
        day: Date,
    ) -> ServiceResult<Option<String>> {
        // Newest decision first.
        for row in measures::of_person_in(tx, person_id).await? {
            let m = self.restore(&row)?;
            if m.decided_on() <= day && m.closed_on().is_none_or(|end| day <= end) {
                return Ok(Some(row.id));
            }
        }
        Ok(None)
    }

    /// The person a measure belongs to, if the measure is in the actor's
    /// capture scope (else NotFound).
    pub async fn measure_person(&self, actor: &Actor, measure_id: &str) -> ServiceResult<String> {
        actor.authorize(Permission::PersonCreate, None)?;
        let row = measures::get(&self.db, actor.scope(Permission::PersonCreate), measure_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        Ok(row.person_id)
    }

    /// Records an event of a measure (report-in, agreement, pause, escape,
    /// early release …) after the state machine accepts it.
    pub async fn measure_record(
        &self,
        actor: &Actor,
        measure_id: &str,
        event: &Event,
    ) -> ServiceResult<MeasureView> {
        actor.authorize(Permission::PersonCreate, None)?;
        let row = measures::get(&self.db, actor.scope(Permission::PersonCreate), measure_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        // JDTL 22: a transfer names where the measure goes, and the report
        // there is recorded by the receiving office (the transfer routes).
        if matches!(
            event,
            Event::Transfer { .. } | Event::ReportAtNewPlace { .. }
        ) {
            return Err(bad("event", "transfer.use_transfer_forms"));
        }
        let mut tx = self.db.begin().await?;
        self.write_event(&mut tx, actor, &row, event).await?;
        let ev = AuditEvent::new("measure.event", "measure", measure_id)
            .details(json!({ "event": event.code() }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        let row =
            measures::get(&self.db, actor.scope(Permission::PersonCreate), measure_id).await?;
        self.measure_view(&row).await
    }

    /// Applies `event` through the state machine and stores it with the
    /// new snapshot, the person's status and abstinence day, in `tx`.
    pub(super) async fn write_event(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        row: &MeasureRow,
        event: &Event,
    ) -> ServiceResult<Measure> {
        let next = self.measure_after(&self.restore(row)?, event)?;
        self.measure_append(tx, actor, &row.id, event, &next)
            .await?;
        self.set_status_of_measure(tx, &row.person_id, &next)
            .await?;
        self.refresh_abstinence(tx, &row.person_id).await?;
        Ok(next)
    }

    /// Sets the register status a measure implies for its person, and the
    /// person's place in the control rate with it.
    pub(super) async fn set_status_of_measure(
        &self,
        tx: &mut Tx,
        person_id: &str,
        m: &Measure,
    ) -> ServiceResult<()> {
        measures::set_person_status(tx, person_id, person_status(m).code(), self.now_ms()).await?;
        self.track_person_now(tx, person_id).await
    }

    pub(super) async fn measure_view(&self, row: &MeasureRow) -> ServiceResult<MeasureView> {
        let m = self.restore(row)?;
        let today = self.today();
        let deadlines = m
            .deadlines(&self.calendar)
            .into_iter()
            .map(|d| DeadlineView {
                code: d.name.code(),
                label_zh: d.name.label_zh(),
                label_en: d.name.label_en(),
                article: d.name.article(),
                date: d.computed.date,
                days_left: jindu_domain::periods::days_left(d.computed.date, today),
                met_on: d.met_on,
                explain_zh: d.computed.explain_zh(),
                explain_en: d.computed.explain_en(),
            })
            .collect();
        let events = measures::events(&self.db, &row.id)
            .await?
            .into_iter()
            .map(|e| EventView {
                seq: e.seq,
                code: e.code,
                on: e.on,
                recorded_by: e.recorded_by,
                recorded_at: e.recorded_at,
                detail: serde_json::from_str(&e.payload).unwrap_or_default(),
            })
            .collect();
        Ok(MeasureView {
            id: row.id.clone(),
            person_id: row.person_id.clone(),
            kind: row.kind.clone(),
            state: row.state.clone(),
            decided_on: row.decision_date,
            closed: row.closed,
            status: m.status_on(today, &self.calendar),
            deadlines,
            events,
        })
    }

    /// A person's measures with deadlines and events (part of viewing the
    /// person, which is audited there).
    pub async fn measures_of(
        &self,
        actor: &Actor,
        person_id: &str,
    ) -> ServiceResult<Vec<MeasureView>> {
        actor.authorize(Permission::PersonRead, None)?;
        persons::get(&self.db, actor.scope(Permission::PersonRead), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let mut out = Vec::new();
        for row in measures::of_person(&self.db, person_id).await? {
            out.push(self.measure_view(&row).await?);
        }
        Ok(out)
    }
}
