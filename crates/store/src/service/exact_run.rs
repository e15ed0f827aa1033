//! The exact key-person figures of a graph too large for a page: Brandes'
//! betweenness over every source, run as a background job with its
//! progress shown, one at a time. The result belongs to the graph it was
//! computed on; once a link is written it is stale, and the key persons
//! fall back to the sampled estimate until the next run.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use jindu_analysis::{LinkGraph, centrality};
use jindu_domain::authz::Permission;
use serde::Serialize;
use serde_json::json;

use super::{Actor, Ctx, ServiceResult};
use crate::audit::AuditEvent;

/// The latest run, if any.
#[derive(Clone, Default)]
pub struct ExactSlot(Arc<Mutex<Option<ExactRun>>>);

struct ExactRun {
    graph: Arc<LinkGraph>,
    done: Arc<AtomicUsize>,
    started_ms: i64,
    finished_ms: Option<i64>,
    result: Option<Arc<Vec<f64>>>,
}

/// Where the exact run stands, for the page and the API.
#[derive(Clone, Debug, Serialize)]
pub struct ExactStatus {
    /// `none`, `running`, `done` (for the graph as it stands) or `stale`
    /// (links were written since).
    pub state: &'static str,
    /// Sources done of all.
    pub done: usize,
    pub total: usize,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
}

impl ExactSlot {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<ExactRun>> {
        // A panic inside the lock cannot leave the run half-written: every
        // write is a single assignment.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn status(&self, current: &Arc<LinkGraph>) -> ExactStatus {
        match self.lock().as_ref() {
            None => ExactStatus {
                state: "none",
                done: 0,
                total: current.nodes(),
                started_at: None,
                finished_at: None,
            },
            Some(run) => ExactStatus {
                state: match (&run.result, Arc::ptr_eq(&run.graph, current)) {
                    (None, _) => "running",
                    (Some(_), true) => "done",
                    (Some(_), false) => "stale",
                },
                done: run.done.load(Ordering::Relaxed),
                total: run.graph.nodes(),
                started_at: Some(run.started_ms),
                finished_at: run.finished_ms,
            },
        }
    }

    /// The exact betweenness of `current`, when a finished run was over it.
    pub(super) fn result_for(&self, current: &Arc<LinkGraph>) -> Option<Arc<Vec<f64>>> {
        self.lock()
            .as_ref()
            .filter(|r| Arc::ptr_eq(&r.graph, current))
            .and_then(|r| r.result.clone())
    }
}

impl Ctx {
    /// Where the exact run stands for the graph as it is now.
    pub(super) async fn exact_status(&self) -> ServiceResult<ExactStatus> {
        let g = self.graph().await?;
        Ok(self.links.exact.status(&g))
    }

    /// Starts the exact key-person run over the graph as it stands, unless
    /// one is running or has finished over this very graph; either way
    /// returns where it stands. Audited as `analysis.exact_start` with
    /// whether this request started it.
    pub async fn analysis_exact_start(&self, actor: &Actor) -> ServiceResult<ExactStatus> {
        actor.authorize(Permission::CaseRead, None)?;
        let g = self.graph().await?;
        // The new run's progress counter, when this request starts one.
        let progress = {
            let mut slot = self.links.exact.lock();
            let busy = slot
                .as_ref()
                .is_some_and(|r| r.result.is_none() || Arc::ptr_eq(&r.graph, &g));
            (!busy).then(|| {
                let done = Arc::new(AtomicUsize::new(0));
                *slot = Some(ExactRun {
                    graph: g.clone(),
                    done: done.clone(),
                    started_ms: self.now_ms(),
                    finished_ms: None,
                    result: None,
                });
                done
            })
        };
        let started = progress.is_some();
        if let Some(done) = progress {
            self.spawn_exact(g.clone(), done);
        }
        let ev = AuditEvent::new("analysis.exact_start", "link_graph", "")
            .details(json!({ "started": started, "nodes": g.nodes() }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(self.links.exact.status(&g))
    }

    fn spawn_exact(&self, g: Arc<LinkGraph>, done: Arc<AtomicUsize>) {
        let (slot, clock) = (self.links.exact.clone(), self.clock.clone());
        tokio::spawn(async move {
            let graph = g.clone();
            let sources: Vec<u32> = (0..graph.nodes() as u32).collect();
            let computed = tokio::task::spawn_blocking(move || {
                centrality::betweenness_counted(&graph, &sources, &done)
            })
            .await;
            let mut run = slot.lock();
            match (computed, run.as_mut()) {
                (Ok(cb), Some(r)) if Arc::ptr_eq(&r.graph, &g) => {
                    r.result = Some(Arc::new(cb));
                    r.finished_ms = Some(clock.now_ms());
                }
                // The job failed: forget it, so the next request may retry.
                (Err(e), _) => {
                    tracing::error!(error = %e, "exact key-person run failed");
                    *run = None;
                }
                _ => {}
            }
        });
    }
}
