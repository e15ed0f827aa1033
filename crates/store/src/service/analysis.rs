//! Link analysis (研判) for the police and the offices that read strike
//! data: groups, key persons and how two persons are connected, computed on
//! a snapshot of the in-memory graph off the async threads. Persons
//! outside the reader's search scope are counted, never named.

use std::sync::Arc;

use jindu_analysis::{LinkGraph, centrality, communities, groups, paths};
use jindu_domain::authz::Permission;
use jindu_domain::mask_name;
use serde::Serialize;
use serde_json::json;

use super::exact_run::ExactStatus;
use super::group_view::Hometown;
use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::persons;

/// Betweenness is exact up to this many persons in the graph …
pub const EXACT_UP_TO: usize = 2_000;
/// … and estimated from this many sources beyond (a page's worth of work;
/// the exact figure of a large graph is a background job, exact_run.rs).
pub const SAMPLE: usize = 200;
/// Most paths between two persons a request asks for.
pub const MAX_PATHS: usize = 10;
/// Most groups or key persons a request lists.
pub const MAX_LIMIT: usize = 100;

#[derive(Clone, Debug, Serialize)]
pub struct MemberView {
    pub person_id: String,
    pub name: String,
    /// Links at the person, any kind.
    pub degree: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct GroupView {
    pub size: usize,
    /// The members inside the reader's scope, most linked first.
    pub members: Vec<MemberView>,
    pub outside_scope: usize,
    /// Communities (紧密团伙) inside the group.
    pub communities: usize,
    /// Cases of the visible members the reader may see.
    pub cases: usize,
    /// The visible members' home villages, most members first.
    pub hometowns: Vec<Hometown>,
}

#[derive(Clone, Debug, Serialize)]
pub struct KeyPerson {
    pub person_id: String,
    pub name: String,
    pub degree: usize,
    pub betweenness: f64,
    pub closeness: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct KeyPersonsView {
    /// Persons in the whole graph.
    pub nodes: usize,
    /// Sources of the betweenness (all nodes when exact).
    pub sources: usize,
    pub exact: bool,
    pub persons: Vec<KeyPerson>,
    /// The background run of the exact figures.
    pub exact_run: ExactStatus,
}

#[derive(Clone, Debug, Serialize)]
pub struct PathStep {
    /// `None` for a person outside the reader's scope.
    pub person_id: Option<String>,
    pub name: String,
}

/// Runs CPU work on the blocking pool.
pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> ServiceResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ServiceError::Internal(crate::StoreError::Config(format!("analysis: {e}"))))
}

fn limit(n: usize) -> ServiceResult<usize> {
    if (1..=MAX_LIMIT).contains(&n) {
        Ok(n)
    } else {
        Err(ServiceError::invalid("limit", "analysis.limit"))
    }
}

impl Ctx {
    /// The groups (connected components) of at least `min_size` persons
    /// that reach into the actor's scope, largest first. Audited as
    /// `analysis.groups`.
    pub async fn analysis_groups(
        &self,
        actor: &Actor,
        min_size: usize,
        max: usize,
    ) -> ServiceResult<Vec<GroupView>> {
        actor.authorize(Permission::CaseRead, None)?;
        let max = limit(max)?;
        let g = self.graph().await?;
        let snapshot = g.clone();
        let (found, degree) = blocking(move || {
            (
                groups::components(&snapshot, min_size.max(2)),
                centrality::degree(&snapshot),
            )
        })
        .await?;
        let scope = actor.scope(Permission::CaseRead);
        let mut out = Vec::new();
        for members in found {
            if out.len() == max {
                break;
            }
            let ids: Vec<String> = members.iter().map(|&n| g.person(n).to_string()).collect();
            let visible = self.names_in_scope(&ids, scope).await?;
            if visible.is_empty() {
                continue;
            }
            let mut shown: Vec<MemberView> = members
                .iter()
                .filter_map(|&n| {
                    visible.get(g.person(n)).map(|name| MemberView {
                        person_id: g.person(n).to_string(),
                        name: mask_name(name),
                        degree: degree[n as usize],
                    })
                })
                .collect();
            shown.sort_by(|a, b| b.degree.cmp(&a.degree).then(a.person_id.cmp(&b.person_id)));
            let (profile, _) = self.group_profile(&visible, scope, false).await?;
            let snapshot = g.clone();
            let communities =
                blocking(move || communities::communities(&snapshot.induced(&members)).len())
                    .await?;
            out.push(GroupView {
                size: ids.len(),
                outside_scope: ids.len() - shown.len(),
                members: shown,
                communities,
                cases: profile.cases.len(),
                hometowns: profile.hometowns,
            });
        }
        let ev = AuditEvent::new("analysis.groups", "link_graph", "")
            .details(json!({ "min_size": min_size, "results": out.len() }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(out)
    }

    /// The persons in the actor's scope who hold the network together:
    /// ranked by betweenness (exact for a small graph, estimated from a
    /// sample of sources beyond), with their degree. Audited as
    /// `analysis.key_persons`.
    pub async fn analysis_key_persons(
        &self,
        actor: &Actor,
        max: usize,
    ) -> ServiceResult<KeyPersonsView> {
        actor.authorize(Permission::CaseRead, None)?;
        let max = limit(max)?;
        let g = self.graph().await?;
        let nodes = g.nodes();
        let finished = self.links.exact.result_for(&g);
        let k = match (&finished, nodes <= EXACT_UP_TO) {
            (Some(_), _) | (None, true) => nodes,
            (None, false) => SAMPLE,
        };
        let sources = centrality::sample(nodes, k);
        let (k, snapshot) = (sources.len(), g.clone());
        let (cb, degree) = blocking(move || {
            let cb = match finished {
                Some(cb) => cb,
                None => Arc::new(centrality::betweenness(&snapshot, &sources)),
            };
            (cb, centrality::degree(&snapshot))
        })
        .await?;
        let mut ranked: Vec<u32> = (0..nodes as u32).collect();
        ranked.sort_by(|a, b| cb[*b as usize].total_cmp(&cb[*a as usize]).then(a.cmp(b)));
        let scope = actor.scope(Permission::CaseRead);
        let mut persons = Vec::new();
        for chunk in ranked.chunks(500) {
            let ids: Vec<String> = chunk.iter().map(|&n| g.person(n).to_string()).collect();
            let visible = self.names_in_scope(&ids, scope).await?;
            for &n in chunk {
                if let Some(name) = visible.get(g.person(n)) {
                    persons.push(KeyPerson {
                        person_id: g.person(n).to_string(),
                        name: mask_name(name),
                        degree: degree[n as usize],
                        betweenness: cb[n as usize],
                        closeness: 0.0,
                    });
                }
            }
            if persons.len() >= max {
                break;
            }
        }
        persons.truncate(max);
        // Closeness costs a search from each person: the listed ones only.
        let of: Vec<u32> = persons
            .iter()
            .filter_map(|p| g.node(&p.person_id))
            .collect();
        let snapshot = g.clone();
        let closeness = blocking(move || centrality::closeness(&snapshot, &of)).await?;
        for (p, c) in persons.iter_mut().zip(closeness) {
            p.closeness = c;
        }
        let view = KeyPersonsView {
            nodes,
            sources: k,
            exact: k == nodes,
            persons,
            exact_run: self.exact_status().await?,
        };
        let ev = AuditEvent::new("analysis.key_persons", "link_graph", "")
            .details(json!({ "results": view.persons.len(), "exact": view.exact }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(view)
    }

    /// The masked name of a person in the actor's search scope, to head
    /// the form that asks how they are connected to someone. Audited as
    /// `person.paths_form`.
    pub async fn person_paths_form(&self, actor: &Actor, id: &str) -> ServiceResult<String> {
        actor.authorize(Permission::CaseRead, None)?;
        let p = persons::get(&self.db, actor.scope(Permission::CaseRead), id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let ev = AuditEvent::new("person.paths_form", "person", id);
        self.audit_only(&actor.audit(), ev).await?;
        Ok(mask_name(&p.name))
    }

    /// How two persons of the actor's scope are connected: up to `k`
    /// simple paths over links of any kind, shortest first; persons on
    /// them outside the scope are shown without identity. Audited as
    /// `person.path`.
    pub async fn person_paths(
        &self,
        actor: &Actor,
        from: &str,
        to: &str,
        k: usize,
    ) -> ServiceResult<Vec<Vec<PathStep>>> {
        actor.authorize(Permission::CaseRead, None)?;
        if !(1..=MAX_PATHS).contains(&k) {
            return Err(ServiceError::invalid("k", "analysis.paths"));
        }
        let scope = actor.scope(Permission::CaseRead);
        for id in [from, to] {
            persons::get(&self.db, scope, id)
                .await
                .map_err(|_| ServiceError::NotFound)?;
        }
        let g: Arc<LinkGraph> = self.graph().await?;
        let (a, b) = (from.to_string(), to.to_string());
        let found = blocking(move || paths::k_shortest_paths(&g, &a, &b, k)).await?;
        let mut ids: Vec<String> = found.iter().flatten().cloned().collect();
        ids.sort_unstable();
        ids.dedup();
        let visible = self.names_in_scope(&ids, scope).await?;
        let steps: Vec<Vec<PathStep>> = found
            .into_iter()
            .map(|p| {
                p.into_iter()
                    .map(|id| match visible.get(&id) {
                        Some(name) => PathStep {
                            name: mask_name(name),
                            person_id: Some(id),
                        },
                        None => PathStep {
                            person_id: None,
                            name: String::new(),
                        },
                    })
                    .collect()
            })
            .collect();
        let hops: Vec<usize> = steps.iter().map(|p| p.len().saturating_sub(1)).collect();
        let ev = AuditEvent::new("person.path", "person", from)
            .details(json!({ "to": to, "k": k, "hops": hops }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(steps)
    }
}
