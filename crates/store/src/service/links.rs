//! The links between persons as the analysis graph: loaded from the
//! database on first use and kept in step by every link written through
//! the services (after its commit). One process per database is assumed;
//! several behind a load balancer would each need the change feed of
//! architecture.md.

use std::sync::Arc;

use jindu_analysis::{ChainStep, Direction, LinkGraph, chains};
use jindu_domain::authz::Permission;
use jindu_domain::enforcement::LinkKind;
use jindu_domain::mask_name;
use serde::Serialize;
use serde_json::json;
use tokio::sync::RwLock;

use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::links;
use crate::persons;

/// The graph, loaded lazily (`None` until first used), and the latest
/// exact key-person run over it.
#[derive(Clone, Default)]
pub struct LinkCache {
    graph: Arc<RwLock<Option<Arc<LinkGraph>>>>,
    pub(super) exact: super::exact_run::ExactSlot,
    pub(super) names: super::link_names::NameCache,
}

/// Most hops a chain may ask for: beyond that a chain is the whole network.
pub const MAX_HOPS: usize = 6;

/// A person on a chain as the actor may see them: identities outside the
/// actor's search scope are left out and only counted.
#[derive(Clone, Debug, Serialize)]
pub struct ChainEntry {
    pub person_id: String,
    pub name: String,
    pub hops: usize,
    pub via: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ChainView {
    /// The person the chain starts from (masked).
    pub person_name: String,
    pub direction: &'static str,
    pub hops: usize,
    pub persons: Vec<ChainEntry>,
    /// Persons on the chain outside the actor's scope (counted, not named).
    pub outside_scope: usize,
}

impl Ctx {
    /// The graph as it stands, loaded first if needed. A snapshot: the
    /// lock is held only to clone the pointer, so analyses run without
    /// blocking writes (a write while a snapshot is out copies the graph).
    pub(super) async fn graph(&self) -> ServiceResult<Arc<LinkGraph>> {
        if let Some(g) = self.links.graph.read().await.as_ref() {
            return Ok(g.clone());
        }
        let mut slot = self.links.graph.write().await;
        if let Some(g) = slot.as_ref() {
            return Ok(g.clone());
        }
        let links = links::all(&self.db).await?;
        let mut g = LinkGraph::with_capacity(links.count());
        for link in links.iter() {
            let (from, to, kind) = link?;
            if let Some(k) = LinkKind::from_code(kind) {
                g.add(from, to, k);
            }
        }
        let g = Arc::new(g);
        *slot = Some(g.clone());
        Ok(g)
    }

    /// Loads the graph and the unit paths chains are scoped by, so the
    /// first analysis after start-up waits for neither (`jindu serve` calls
    /// it before it answers: start-up "with the graph loaded", B8).
    /// Answers the number of links.
    pub async fn links_warm(&self) -> ServiceResult<usize> {
        // One after the other: side by side, the second read opened a
        // connection of its own, whose set-up ran against the first read
        // on the machine's cores and cost more than it saved (B8).
        let links = self.graph().await?.links();
        self.warm_unit_paths().await?;
        Ok(links)
    }

    /// After a link's commit: the loaded graph takes it too (a graph not
    /// loaded yet will read it from the table).
    pub(super) async fn link_committed(&self, from: &str, to: &str, kind: LinkKind) {
        if let Some(g) = self.links.graph.write().await.as_mut() {
            Arc::make_mut(g).add(from, to, kind);
        }
    }

    /// A person's up-line (suppliers) or down-line (buyers) to `hops`
    /// steps. The person must be in the actor's search scope; persons on
    /// the chain outside it are counted only. Audited as `person.chain`.
    pub async fn person_chain(
        &self,
        actor: &Actor,
        person_id: &str,
        down: bool,
        hops: usize,
    ) -> ServiceResult<ChainView> {
        actor.authorize(Permission::CaseRead, None)?;
        let scope = actor.scope(Permission::CaseRead);
        let start = persons::get(&self.db, scope, person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        if !(1..=MAX_HOPS).contains(&hops) {
            return Err(ServiceError::invalid("hops", "chain.hops"));
        }
        let direction = if down { Direction::Down } else { Direction::Up };
        let steps: Vec<ChainStep> =
            chains::chain(&*self.graph().await?, person_id, direction, hops);
        let mut view = ChainView {
            person_name: mask_name(&start.name),
            direction: if down { "down" } else { "up" },
            hops,
            persons: Vec::new(),
            outside_scope: 0,
        };
        let ids: Vec<String> = steps.iter().map(|s| s.person.clone()).collect();
        let visible = self.names_in_scope(&ids, scope).await?;
        for s in steps {
            match visible.get(&s.person) {
                Some(name) => view.persons.push(ChainEntry {
                    person_id: s.person,
                    name: mask_name(name),
                    hops: s.hops,
                    via: s.via,
                }),
                None => view.outside_scope += 1,
            }
        }
        // A step through someone out of scope must not name them either.
        let named: Vec<String> = view.persons.iter().map(|p| p.person_id.clone()).collect();
        for p in &mut view.persons {
            if p.via != person_id && !named.contains(&p.via) {
                p.via = String::new();
            }
        }
        let ev = AuditEvent::new("person.chain", "person", person_id).details(json!({
            "direction": view.direction, "hops": hops, "results": view.persons.len(), "outside_scope": view.outside_scope
        }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(view)
    }
}
