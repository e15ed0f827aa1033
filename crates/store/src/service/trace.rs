//! "双逢双查" trace tasks: a new drug user's source trace opens with the
//! registration, a trafficking suspect's up/down-line trace with the case;
//! either closes only with a result (domain::enforcement::trace).

use jindu_domain::authz::Permission;
use jindu_domain::enforcement::LinkKind;
use jindu_domain::enforcement::trace::{self, TraceKind, TraceOutcome};
use jindu_domain::mask_name;
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Date, Duration};

use super::{Actor, Ctx, Page, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::crypto::random_bytes;
use crate::db::Tx;
use crate::persons::uuid_v4;
use crate::trace_tasks::{self, Closure, NewTask, TaskFilter, TaskRow};
use crate::{links, persons};

#[derive(Clone, Debug, Serialize)]
pub struct TraceView {
    pub id: String,
    pub kind: String,
    pub person_id: String,
    pub person_name: String,
    pub case_id: Option<String>,
    pub org_unit_id: i64,
    pub org_unit_name: String,
    pub opened_date: Date,
    pub due_date: Date,
    pub overdue: bool,
    pub closed_date: Option<Date>,
    pub outcome: Option<String>,
    pub supplier_id: Option<String>,
    pub reason: Option<String>,
}

/// How an officer closes a trace: the supplier found, or why none was.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraceCloseInput {
    pub supplier_id: Option<String>,
    pub reason: Option<String>,
}

/// The list's filters, as the API and the page take them.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct TraceQuery {
    pub kind: Option<String>,
    pub person_id: Option<String>,
    pub case_id: Option<String>,
    /// `open` or `closed`; both when left out.
    pub state: Option<String>,
}

/// A task about `person_id` (and `case_id` for an up/down-line trace),
/// owned by `org_unit_id`.
pub(super) struct Opening<'a> {
    pub kind: TraceKind,
    pub person_id: &'a str,
    pub case_id: &'a str,
    pub county_code: &'a str,
    pub org_unit_id: i64,
    pub opened: Date,
}

impl Ctx {
    /// Opens a trace task inside the writing transaction (once per kind,
    /// person and case).
    pub(super) async fn trace_open(&self, tx: &mut Tx, o: Opening<'_>) -> ServiceResult<()> {
        let task = NewTask {
            id: uuid_v4(random_bytes::<16>()),
            kind: o.kind.code(),
            person_id: o.person_id,
            case_id: o.case_id,
            county_code: o.county_code,
            org_unit_id: o.org_unit_id,
            opened_date: o.opened,
            due_date: trace::deadline(o.opened),
        };
        let id = task.id.clone();
        if trace_tasks::open(tx, task, self.now_ms()).await? {
            self.track_trace(tx, &id).await?;
        }
        Ok(())
    }

    /// 逢吸必查来源: a registration whose first registration is recent (at
    /// most the trace period ago) opens the source trace from that day. An
    /// older first registration is a record entered late; its trace
    /// belonged to the time it was found.
    pub(super) async fn trace_new_user(
        &self,
        tx: &mut Tx,
        person_id: &str,
        first_registered: Date,
    ) -> ServiceResult<()> {
        if first_registered < self.today() - Duration::days(trace::TRACE_DAYS) {
            return Ok(());
        }
        let (unit, county) = persons::unit_tx(tx, person_id).await?;
        self.trace_open(
            tx,
            Opening {
                kind: TraceKind::Source,
                person_id,
                case_id: "",
                county_code: &county,
                org_unit_id: unit,
                opened: first_registered,
            },
        )
        .await
    }

    fn trace_view(&self, r: TaskRow) -> TraceView {
        let overdue = r.closed_date.is_none() && r.due_date < self.today();
        TraceView {
            id: r.id,
            kind: r.kind,
            person_id: r.person_id,
            person_name: mask_name(&r.person_name),
            case_id: (!r.case_id.is_empty()).then_some(r.case_id),
            org_unit_id: r.org_unit_id,
            org_unit_name: r.org_unit_name,
            opened_date: r.opened_date,
            due_date: r.due_date,
            overdue,
            closed_date: r.closed_date,
            outcome: r.outcome,
            supplier_id: r.supplier_id,
            reason: r.reason,
        }
    }

    /// Trace tasks in the actor's search scope, open ones by deadline
    /// first. Audited as `trace.search`.
    pub async fn trace_list(
        &self,
        actor: &Actor,
        q: &TraceQuery,
        page: Page,
    ) -> ServiceResult<(Vec<TraceView>, i64)> {
        actor.authorize(Permission::CaseRead, None)?;
        let kind = match q.kind.as_deref().filter(|k| !k.is_empty()) {
            Some(k) => Some(
                TraceKind::from_code(k)
                    .ok_or_else(|| ServiceError::invalid("kind", "field.invalid_code"))?
                    .code()
                    .to_string(),
            ),
            None => None,
        };
        let open = match q.state.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some("open") => Some(true),
            Some("closed") => Some(false),
            Some(_) => return Err(ServiceError::invalid("state", "field.invalid_code")),
        };
        let f = TaskFilter {
            kind,
            person_id: q.person_id.clone().filter(|s| !s.is_empty()),
            case_id: q.case_id.clone().filter(|s| !s.is_empty()),
            open,
        };
        let (rows, total) = trace_tasks::list(
            &self.db,
            actor.scope(Permission::CaseRead),
            &f,
            page.offset(),
            page.per_page,
        )
        .await?;
        let views = rows.into_iter().map(|r| self.trace_view(r)).collect();
        let ev =
            AuditEvent::new("trace.search", "trace_task", "").details(json!({ "results": total }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok((views, total))
    }

    /// Closes a trace in the actor's capture scope, with the supplier
    /// found (then linked: supplier → person, sourced to this task) or the
    /// reason none was. Audited as `trace.close`.
    pub async fn trace_close(
        &self,
        actor: &Actor,
        id: &str,
        input: &TraceCloseInput,
    ) -> ServiceResult<TraceView> {
        actor.authorize(Permission::CaseWrite, None)?;
        let supplier = input
            .supplier_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let outcome = match supplier {
            Some(p) => TraceOutcome::Identified {
                person: p.to_string(),
            },
            None => TraceOutcome::NotIdentified {
                reason: input.reason.clone().unwrap_or_default(),
            },
        };
        let mut tx = self.db.begin().await?;
        let task = trace_tasks::get_tx(&mut tx, actor.scope(Permission::CaseWrite), id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let outcome = trace::close(&task.person_id, task.closed_date.is_some(), outcome).map_err(
            |e| match e {
                trace::TraceError::AlreadyClosed => ServiceError::conflict(e.code()),
                trace::TraceError::SelfLink => ServiceError::invalid("supplier_id", e.code()),
                trace::TraceError::MissingReason => ServiceError::invalid("reason", e.code()),
            },
        )?;
        let today = self.today();
        let (code, supplier, reason) = match &outcome {
            TraceOutcome::Identified { person } => {
                // The supplier must be someone the officer can see.
                persons::get(&self.db, actor.scope(Permission::CaseRead), person)
                    .await
                    .map_err(|_| ServiceError::invalid("supplier_id", "trace.unknown_supplier"))?;
                ("identified", Some(person.as_str()), None)
            }
            TraceOutcome::NotIdentified { reason } => {
                ("not_identified", None, Some(reason.as_str()))
            }
        };
        let closure = Closure {
            closed_date: today,
            outcome: code,
            supplier_id: supplier,
            reason,
            closed_by: actor.user_id,
        };
        if !trace_tasks::close(&mut tx, id, closure, self.now_ms()).await? {
            return Err(ServiceError::conflict("trace.closed"));
        }
        self.track_trace(&mut tx, id).await?;
        if let Some(s) = supplier {
            // Either trace records the up-line it found: supplier → person.
            let link = links::NewLink {
                id: uuid_v4(random_bytes::<16>()),
                from_person: s,
                to_person: &task.person_id,
                kind: LinkKind::Supplied.code(),
                source_kind: "trace_task",
                source_id: id,
                created_by: actor.user_id,
            };
            links::insert(&mut tx, link, self.now_ms()).await?;
        }
        let ev = AuditEvent::new("trace.close", "trace_task", id)
            .details(json!({ "outcome": code, "supplier_id": supplier }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        if let Some(s) = supplier {
            self.link_committed(s, &task.person_id, LinkKind::Supplied)
                .await;
        }
        let mut view = self.trace_view(task);
        view.closed_date = Some(today);
        view.outcome = Some(code.into());
        view.supplier_id = supplier.map(str::to_string);
        view.reason = reason.map(str::to_string);
        Ok(view)
    }
}
