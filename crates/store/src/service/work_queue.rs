//! The work queue (待办): what each worker must do next in their scope —
//! report-in deadlines running out, refusals and violations to report to
//! the police, tests, assessments and visits due and overdue, persons who
//! could not be found, terms ending and completions to record, leave
//! requests to decide (for officers who may decide them), returns from leave
//! overdue, transfers to receive, and persons three years abstinent to
//! confirm. Each item names the person and the part of the file that clears
//! it. Built from the open measures in scope (indexed by next deadline),
//! whose persons' tests, leave, reports, assessments and visits are read in
//! a handful of batched queries, never one set per person; from the
//! undecided and still-away leave requests, the incoming transfers and the
//! candidate day kept on the person (all indexed); never from the whole
//! history. Supervisors also get the counts per unit below theirs.

use std::collections::HashMap;

use jindu_domain::Measure;
use jindu_domain::authz::Permission;
use jindu_domain::schedule::DueState;
use jindu_domain::settings::{Caseload, Versioned};
use jindu_domain::support::VisitDueState;
use serde::Serialize;
use time::Date;

use super::drug_tests::MeasureRecords;
use super::{Actor, Ctx, ServiceResult};
use crate::batch::group;
use crate::measures::OpenMeasure;
use crate::{abstinence, assessments, drug_tests, leave, measures, police_reports, visits};

/// How far ahead deadlines enter the queue.
const HORIZON_DAYS: i64 = 15;
/// Terms ending within this many days are listed, to prepare the release.
const TERM_ENDING_DAYS: i64 = 30;
/// Open measures evaluated per request: a whole city's (4,000 persons in
/// the demo) with room to spare; beyond it the most urgent are kept.
const MAX_MEASURES: i64 = 20_000;
/// Leave requests of each kind.
const MAX_LEAVE: i64 = 2_000;
/// Open trace tasks listed at most.
const MAX_TRACES: i64 = 2_000;
/// Persons to confirm as three years abstinent.
const MAX_CANDIDATES: i64 = 2_000;

#[derive(Clone, Debug, Serialize)]
pub struct QueueItem {
    /// report_in, report_refusal, police_report, test_overdue, test_due,
    /// visit_overdue, visit_due, lost_contact_hint, term_ending, complete,
    /// deadline, leave_to_approve, return_overdue, transfer_to_receive,
    /// abstinence_candidate, assessment_due, assessment_overdue,
    /// trace_source, trace_up_down_line
    pub kind: &'static str,
    /// What exactly is due, where the kind covers several (the assessment
    /// kind: review, annual, self_report).
    pub detail: Option<&'static str>,
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
    /// The unit the item belongs to, for the counts per unit.
    #[serde(skip)]
    pub org_path: String,
}

/// The records of the persons under the open measures, read in batches.
struct Batch {
    tests: HashMap<String, Vec<drug_tests::TestRow>>,
    requests: HashMap<String, Vec<leave::LeaveRow>>,
    absences: HashMap<String, Vec<leave::AbsenceRow>>,
    reports: HashMap<String, Vec<police_reports::ReportRow>>,
    assessments: HashMap<String, Vec<assessments::AssessmentRow>>,
    visits: HashMap<String, Vec<(Date, String, String)>>,
}

impl Batch {
    async fn read(ctx: &Ctx, open: &[OpenMeasure]) -> ServiceResult<Batch> {
        let persons: Vec<String> = open.iter().map(|m| m.person_id.clone()).collect();
        let ids: Vec<String> = open.iter().map(|m| m.id.clone()).collect();
        let db = &ctx.db;
        Ok(Batch {
            tests: group(drug_tests::of_persons(db, &persons).await?),
            requests: group(leave::of_persons(db, &persons).await?),
            absences: group(leave::absences_of_persons(db, &persons).await?),
            reports: group(police_reports::of_measures(db, &ids).await?),
            assessments: group(assessments::of_persons(db, &persons).await?),
            visits: group(visits::cadence_of_persons(db, &persons).await?),
        })
    }
}

fn of<'a, T>(m: &'a HashMap<String, Vec<T>>, key: &str) -> &'a [T] {
    m.get(key).map(Vec::as_slice).unwrap_or(&[])
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
        let batch = Batch::read(self, &open).await?;
        let mut items = Vec::new();
        for om in &open {
            let Ok(m) = serde_json::from_str::<Measure>(&om.snapshot) else {
                continue;
            };
            let status = m.status_on(today, &self.calendar);
            let mut push = |kind: &'static str,
                            date: Date,
                            anchor: &'static str,
                            detail: Option<&'static str>| {
                items.push(QueueItem {
                    kind,
                    detail,
                    person_id: om.person_id.clone(),
                    person_name: om.person_name.clone(),
                    date,
                    days_left: jindu_domain::periods::days_left(date, today),
                    anchor,
                    link: None,
                    org_path: om.org_path.clone(),
                })
            };
            if status.refusal_to_report {
                push("report_refusal", today, "measures", None);
            }
            for d in &status.due {
                if d.days_left <= HORIZON_DAYS {
                    let kind = if d.name.code() == "report_in" {
                        "report_in"
                    } else {
                        "deadline"
                    };
                    push(kind, d.date, "measures", None);
                }
            }
            if let (Some(end), Some(left)) = (status.term_end, status.term_days_left)
                && (0..=TERM_ENDING_DAYS).contains(&left)
            {
                push("term_ending", end, "measures", None);
            }
            if status.completion_due {
                push(
                    "complete",
                    status.term_end.unwrap_or(today),
                    "measures",
                    None,
                );
            }
            if m.reported_in_on().is_none() {
                continue;
            }
            // Tests of community measures: overdue and due now, and the
            // JDTL 20 threshold and JDTL 21 flags not yet reported.
            let records = MeasureRecords {
                tests: of(&batch.tests, &om.person_id),
                requests: of(&batch.requests, &om.person_id),
                absences: of(&batch.absences, &om.person_id),
                reports: of(&batch.reports, &om.id),
            };
            let ob = self.obligations(&settings, &m, &om.id, &records);
            for d in &ob.schedule {
                match d.state {
                    DueState::Overdue => push("test_overdue", d.due, "tests", None),
                    DueState::Open => push("test_due", d.due, "tests", None),
                    _ => {}
                }
            }
            if let Some(f) = ob.flags.first() {
                push("police_report", f.raised_on, "tests", None);
            }
            // Assessments and self-reports: the oldest one missing or due
            // of each kind (one item per kind, not one per month).
            let done = of(&batch.assessments, &om.person_id);
            for k in self.assessment_schedule(&settings, &m, &om.id, done).0 {
                match k
                    .due
                    .iter()
                    .find(|d| matches!(d.state, DueState::Overdue | DueState::Open))
                {
                    Some(d) if d.state == DueState::Overdue => {
                        push("assessment_overdue", d.due, "assessments", Some(k.kind))
                    }
                    Some(d) => push("assessment_due", d.due, "assessments", Some(k.kind)),
                    None => {}
                }
            }
            // Visits of persons under a community measure (the visit
            // cadence), and persons the last visits could not find.
            let visits = of(&batch.visits, &om.person_id);
            let (due, hint) = self.visit_status(&settings, &m, &om.person_status, visits);
            match due.map(|d| (d.state, d.due)) {
                Some((VisitDueState::Overdue, d)) => push("visit_overdue", d, "visits", None),
                Some((VisitDueState::Due, d)) => push("visit_due", d, "visits", None),
                _ => {}
            }
            if hint.is_some() {
                push("lost_contact_hint", today, "visits", None);
            }
        }
        self.queue_other_items(actor, today, &mut items).await?;
        items.sort_by_key(|i| (i.days_left, i.person_name.clone()));
        // The queue lists persons: reading it is on record like a search.
        let ev = crate::audit::AuditEvent::new("queue.view", "person", "")
            .details(serde_json::json!({ "items": items.len() }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(items)
    }

    /// The items not tied to a running measure's schedule: leave to decide
    /// and returns overdue, incoming transfers, abstinence candidates.
    async fn queue_other_items(
        &self,
        actor: &Actor,
        today: Date,
        items: &mut Vec<QueueItem>,
    ) -> ServiceResult<()> {
        let mut push = |kind: &'static str,
                        date: Date,
                        person_id: String,
                        person_name: String,
                        anchor: &'static str,
                        link: Option<String>,
                        org_path: String| {
            items.push(QueueItem {
                kind,
                detail: None,
                days_left: jindu_domain::periods::days_left(date, today),
                date,
                person_id,
                person_name,
                anchor,
                link,
                org_path,
            })
        };
        // Leave (JDTL 19): requests to decide, for the officers who may
        // (not the one who filed it), dated by the planned departure; and
        // trips whose planned return passed with no return recorded.
        if actor.can(Permission::LeaveDecide) {
            let scope = actor.scope(Permission::LeaveDecide);
            for l in leave::undecided_in_scope(&self.db, scope, MAX_LEAVE).await? {
                if actor.user_id.is_some() && l.requested_by == actor.user_id {
                    continue;
                }
                let (person_id, name) = (l.person_id, l.person_name);
                push(
                    "leave_to_approve",
                    l.from_date,
                    person_id,
                    name,
                    "leave",
                    None,
                    l.org_path,
                );
            }
        }
        let scope = actor.scope(Permission::PersonCreate);
        for l in leave::away_past_return_in_scope(&self.db, scope, today, MAX_LEAVE).await? {
            let (person_id, name) = (l.person_id, l.person_name);
            push(
                "return_overdue",
                l.to_date,
                person_id,
                name,
                "leave",
                None,
                l.org_path,
            );
        }
        // JDTL 22: persons transferred to a township in scope, expected to
        // report there within 15 days (masked until they do).
        for t in self.transfers_incoming(actor).await? {
            let name = t.person_name;
            let link = Some(format!("/transfers/{}", t.measure_id));
            let date = t.deadline.unwrap_or(today);
            push(
                "transfer_to_receive",
                date,
                t.person_id,
                name,
                "measures",
                link,
                t.to_path,
            );
        }
        // 双逢双查: the police's open traces, by deadline.
        if actor.can(Permission::CaseWrite) {
            let open = crate::trace_tasks::TaskFilter {
                open: Some(true),
                ..Default::default()
            };
            let scope = actor.scope(Permission::CaseWrite);
            let (tasks, _) =
                crate::trace_tasks::list(&self.db, scope, &open, 0, MAX_TRACES).await?;
            for t in tasks {
                let kind = if t.kind == "up_down_line" {
                    "trace_up_down_line"
                } else {
                    "trace_source"
                };
                let link = Some(format!("/trace-tasks?kind={}", t.kind));
                push(
                    kind,
                    t.due_date,
                    t.person_id,
                    t.person_name,
                    "control",
                    link,
                    t.org_path,
                );
            }
        }
        // JDTL 7: persons three years abstinent wait for a person to confirm
        // (read from the candidate day kept on write).
        for a in abstinence::candidates_in_scope(&self.db, scope, today, MAX_CANDIDATES).await? {
            let (person_id, name) = (a.person_id, a.person_name);
            push(
                "abstinence_candidate",
                a.candidate_on,
                person_id,
                name,
                "control",
                None,
                a.org_path,
            );
        }
        Ok(())
    }
}

/// Columns of the supervisor's counts: the queue's kinds by who clears them.
pub const QUEUE_GROUPS: [&str; 8] = [
    "measures",
    "tests",
    "police",
    "visits",
    "assessments",
    "leave",
    "abstinence",
    "traces",
];

/// The column an item's kind is counted in.
pub fn group_of(kind: &str) -> &'static str {
    match kind {
        "test_due" | "test_overdue" => "tests",
        "police_report" | "report_refusal" => "police",
        "visit_due" | "visit_overdue" | "lost_contact_hint" => "visits",
        "assessment_due" | "assessment_overdue" => "assessments",
        "leave_to_approve" | "return_overdue" => "leave",
        "abstinence_candidate" => "abstinence",
        "trace_source" | "trace_up_down_line" => "traces",
        _ => "measures",
    }
}

/// A unit's share of the queue.
#[derive(Clone, Debug, Serialize)]
pub struct UnitCounts {
    pub unit_id: i64,
    pub unit_name: String,
    /// The actor's own unit (items of the unit itself, not below it).
    pub own: bool,
    pub total: usize,
    /// Items past their date.
    pub overdue: usize,
    /// Per column of [`QUEUE_GROUPS`], in that order.
    pub groups: Vec<usize>,
    /// Persons under a community measure (the social workers' caseload).
    pub under_community: i64,
    /// Active social-worker accounts.
    pub social_workers: i64,
    /// Social workers the caseload setting asks for.
    pub workers_needed: i64,
}

/// The supervisor's table: the rows and the caseload setting they used.
#[derive(Clone, Debug, Serialize)]
pub struct QueueByUnit {
    pub rows: Vec<UnitCounts>,
    /// Persons per social worker, and the version of the setting.
    pub caseload: Option<Versioned<Caseload>>,
}

impl Ctx {
    /// The queue counted per unit directly below the actor's (counties for
    /// the city office, townships for a county): where the backlog is.
    /// Items of the actor's unit itself (a person transferred in, expected
    /// at the township) get a row of their own, last; items outside the
    /// actor's unit (an account given a wider scope) stay in the list but
    /// in no row.
    async fn queue_by_unit(
        &self,
        actor: &Actor,
        items: &[QueueItem],
    ) -> ServiceResult<QueueByUnit> {
        let children = crate::org::children(&self.db, actor.org_unit_id).await?;
        let row = |id: i64, name: &str, own: bool| UnitCounts {
            unit_id: id,
            unit_name: name.to_string(),
            own,
            total: 0,
            overdue: 0,
            groups: vec![0; QUEUE_GROUPS.len()],
            under_community: 0,
            social_workers: 0,
            workers_needed: 0,
        };
        let mut rows: Vec<UnitCounts> = children
            .iter()
            .map(|(u, _)| row(u.id, &u.name, false))
            .collect();
        let mut own = match actor.org_unit_id {
            Some(id) => Some(row(id, &crate::org::get(&self.db, id).await?.name, true)),
            None => None,
        };
        for i in items {
            let row = match children
                .iter()
                .position(|(u, _)| jindu_domain::authz::path_within(&i.org_path, &u.path))
            {
                Some(k) => &mut rows[k],
                None if i.org_path == actor.org_path => match own.as_mut() {
                    Some(r) => r,
                    None => continue,
                },
                None => continue,
            };
            row.total += 1;
            if i.days_left < 0 {
                row.overdue += 1;
            }
            if let Some(g) = QUEUE_GROUPS.iter().position(|g| *g == group_of(i.kind)) {
                row.groups[g] += 1;
            }
        }
        // Busiest first; units with nothing to do stay listed (a clean
        // record is worth seeing).
        // The caseload (domain.md §4): persons under a community measure
        // against the social workers each unit has and needs.
        let scope = actor.scope(Permission::PersonCreate);
        let caseload = self.people_settings().await?.caseload_on(self.today());
        let under = crate::measures::community_by_unit(&self.db, scope).await?;
        let workers = crate::users::social_workers_by_unit(&self.db, scope).await?;
        for (k, (u, _)) in children.iter().enumerate() {
            let sum = |counts: &[(String, i64)]| -> i64 {
                counts
                    .iter()
                    .filter(|(p, _)| jindu_domain::authz::path_within(p, &u.path))
                    .map(|(_, n)| n)
                    .sum()
            };
            rows[k].under_community = sum(&under);
            rows[k].social_workers = sum(&workers);
            rows[k].workers_needed = caseload.as_ref().map_or(0, |c| {
                i64::from(
                    c.value
                        .workers_needed(rows[k].under_community.try_into().unwrap_or(u32::MAX)),
                )
            });
        }
        rows.sort_by(|a, b| b.total.cmp(&a.total).then(a.unit_name.cmp(&b.unit_name)));
        rows.extend(own.filter(|r| r.total > 0));
        Ok(QueueByUnit { rows, caseload })
    }
}

/// The work queue as the page and the API show it: the items (narrowed to
/// one unit when asked), and for supervisors the counts per unit below.
#[derive(Clone, Debug)]
pub struct QueueView {
    pub items: Vec<QueueItem>,
    pub by_unit: Option<QueueByUnit>,
    /// The unit the items were narrowed to (empty when unknown).
    pub unit_name: Option<String>,
}

impl Ctx {
    pub async fn queue_view(&self, actor: &Actor, unit: Option<i64>) -> ServiceResult<QueueView> {
        let mut items = self.work_queue(actor).await?;
        // Township offices and above (paths of up to three units) supervise
        // the units below theirs.
        let supervisor = (1..=3).contains(&crate::org::path_ids(&actor.org_path).len());
        let by_unit = match supervisor {
            true => Some(self.queue_by_unit(actor, &items).await?),
            false => None,
        };
        let unit_name = match unit {
            Some(id) => {
                let u = crate::org::get(&self.db, id).await.ok();
                let path = u.as_ref().map(|u| u.path.clone()).unwrap_or_default();
                items.retain(|i| jindu_domain::authz::path_within(&i.org_path, &path));
                Some(u.map(|u| u.name).unwrap_or_default())
            }
            None => None,
        };
        Ok(QueueView {
            items,
            by_unit,
            unit_name,
        })
    }
}
