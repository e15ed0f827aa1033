//! The work queue (待办): what each worker must do next in their scope —
//! report-in deadlines running out, refusals and violations to report to
//! the police, tests, assessments and visits due and overdue, persons who
//! could not be found, terms ending and completions to record, leave
//! requests to decide (for officers who may decide them), returns from leave
//! overdue, and persons three years abstinent to confirm. Each item names
//! the person and the part of the file that clears it. Built from the open
//! measures (indexed by next deadline) with their tests and visits, from the
//! undecided and still-away leave requests and from the candidate day kept
//! on the person (all indexed); never from the whole history.

use jindu_domain::Measure;
use jindu_domain::authz::Permission;
use jindu_domain::schedule::DueState;
use jindu_domain::support::VisitDueState;
use serde::Serialize;
use time::Date;

use super::{Actor, Ctx, ServiceResult};
use crate::{abstinence, leave, measures};

/// How far ahead deadlines enter the queue.
const HORIZON_DAYS: i64 = 15;
/// Terms ending within this many days are listed, to prepare the release.
const TERM_ENDING_DAYS: i64 = 30;
/// The queue is for one worker's caseload; a supervisor's larger scope is
/// capped and sorted by urgency.
const MAX_MEASURES: i64 = 2_000;
/// Likewise for leave requests of each kind.
const MAX_LEAVE: i64 = 500;
/// And for persons to confirm as three years abstinent.
const MAX_CANDIDATES: i64 = 500;

#[derive(Clone, Debug, Serialize)]
pub struct QueueItem {
    /// report_in, report_refusal, police_report, test_overdue, test_due,
    /// visit_overdue, visit_due, lost_contact_hint, term_ending, complete,
    /// deadline, leave_to_approve, return_overdue, abstinence_candidate,
    /// assessment_due, assessment_overdue
    pub kind: &'static str,
    pub person_id: String,
    pub person_name: String,
    pub date: Date,
    pub days_left: i64,
    /// The part of the person's file that clears it (`measures`, `tests`,
    /// `visits`, `leave`, `control`, `assessments`).
    pub anchor: &'static str,
    /// Where the item is handled when not on the person's file (an
    /// incoming transfer, whose person is not yet in the actor's scope).
    pub link: Option<String>,
}

impl Ctx {
    pub async fn work_queue(&self, actor: &Actor) -> ServiceResult<Vec<QueueItem>> {
        actor.authorize(Permission::PersonCreate, None)?;
        let today = self.today();
        let open = measures::open_in_scope(
            &self.db,
            actor.scope(Permission::PersonCreate),
            MAX_MEASURES,
        )
        .await?;
        let settings = self.people_settings().await?;
        let mut items = Vec::new();
        for om in open {
            let Ok(m) = serde_json::from_str::<Measure>(&om.snapshot) else {
                continue;
            };
            let status = m.status_on(today, &self.calendar);
            let mut push = |kind: &'static str, date: Date, anchor: &'static str| {
                items.push(QueueItem {
                    kind,
                    person_id: om.person_id.clone(),
                    person_name: om.person_name.clone(),
                    date,
                    days_left: jindu_domain::periods::days_left(date, today),
                    anchor,
                    link: None,
                })
            };
            if status.refusal_to_report {
                push("report_refusal", today, "measures");
            }
            for d in &status.due {
                if d.days_left <= HORIZON_DAYS {
                    let kind = if d.name.code() == "report_in" {
                        "report_in"
                    } else {
                        "deadline"
                    };
                    push(kind, d.date, "measures");
                }
            }
            if let (Some(end), Some(left)) = (status.term_end, status.term_days_left)
                && (0..=TERM_ENDING_DAYS).contains(&left)
            {
                push("term_ending", end, "measures");
            }
            if status.completion_due {
                push("complete", status.term_end.unwrap_or(today), "measures");
            }
            // Tests of community measures: overdue and due now, and the
            // JDTL 20 threshold.
            if m.reported_in_on().is_some() {
                let tests = self.tests_with(actor, &om.person_id, &settings).await?;
                for d in &tests.schedule {
                    match d.state {
                        DueState::Overdue => push("test_overdue", d.due, "tests"),
                        DueState::Open => push("test_due", d.due, "tests"),
                        _ => {}
                    }
                }
                if !tests.police_flags.is_empty() {
                    push("police_report", tests.police_flags[0].raised_on, "tests");
                }
                // Assessments and self-reports: the oldest one missing or
                // due of each kind (one item per kind, not one per month).
                let done = crate::assessments::of_person(&self.db, &om.person_id).await?;
                for k in self.assessment_schedule(&settings, &m, &om.id, &done).0 {
                    match k
                        .due
                        .iter()
                        .find(|d| matches!(d.state, DueState::Overdue | DueState::Open))
                    {
                        Some(d) if d.state == DueState::Overdue => {
                            push("assessment_overdue", d.due, "assessments")
                        }
                        Some(d) => push("assessment_due", d.due, "assessments"),
                        None => {}
                    }
                }
                // Visits of persons under a community measure (the visit
                // cadence), and persons the last visits could not find.
                let (due, hint) = self
                    .visit_status(&settings, &om.person_id, &m, &om.person_status)
                    .await?;
                match due.map(|d| (d.state, d.due)) {
                    Some((VisitDueState::Overdue, d)) => push("visit_overdue", d, "visits"),
                    Some((VisitDueState::Due, d)) => push("visit_due", d, "visits"),
                    _ => {}
                }
                if hint.is_some() {
                    push("lost_contact_hint", today, "visits");
                }
            }
        }
        // Leave (JDTL 19): requests to decide, for the officers who may
        // (not the one who filed it), dated by the planned departure; and
        // trips whose planned return passed with no return recorded.
        if actor.can(Permission::LeaveDecide) {
            for l in
                leave::undecided_in_scope(&self.db, actor.scope(Permission::LeaveDecide), MAX_LEAVE)
                    .await?
            {
                if actor.user_id.is_some() && l.requested_by == actor.user_id {
                    continue;
                }
                items.push(QueueItem {
                    kind: "leave_to_approve",
                    days_left: jindu_domain::periods::days_left(l.from_date, today),
                    date: l.from_date,
                    person_id: l.person_id,
                    person_name: l.person_name,
                    anchor: "leave",
                    link: None,
                });
            }
        }
        for l in leave::away_past_return_in_scope(
            &self.db,
            actor.scope(Permission::PersonCreate),
            today,
            MAX_LEAVE,
        )
        .await?
        {
            items.push(QueueItem {
                kind: "return_overdue",
                days_left: jindu_domain::periods::days_left(l.to_date, today),
                date: l.to_date,
                person_id: l.person_id,
                person_name: l.person_name,
                anchor: "leave",
                link: None,
            });
        }
        // JDTL 7: persons three years abstinent wait for a person to confirm
        // (read from the candidate day kept on write).
        for a in abstinence::candidates_in_scope(
            &self.db,
            actor.scope(Permission::PersonCreate),
            today,
            MAX_CANDIDATES,
        )
        .await?
        {
            items.push(QueueItem {
                kind: "abstinence_candidate",
                days_left: jindu_domain::periods::days_left(a.candidate_on, today),
                date: a.candidate_on,
                person_id: a.person_id,
                person_name: a.person_name,
                anchor: "control",
                link: None,
            });
        }
        // JDTL 22: persons transferred to a township in scope, expected to
        // report there within 15 days (masked until they do).
        for t in self.transfers_incoming(actor).await? {
            let date = t.deadline.unwrap_or(today);
            items.push(QueueItem {
                kind: "transfer_to_receive",
                days_left: jindu_domain::periods::days_left(date, today),
                date,
                person_name: jindu_domain::mask::mask_name(&t.person_name),
                person_id: t.person_id,
                anchor: "measures",
                link: Some(format!("/transfers/{}", t.measure_id)),
            });
        }
        items.sort_by_key(|i| (i.days_left, i.person_name.clone()));
        // The queue lists persons: reading it is on record like a search.
        let ev = crate::audit::AuditEvent::new("queue.view", "person", "")
            .details(serde_json::json!({ "items": items.len() }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(items)
    }
}
