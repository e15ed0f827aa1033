//! Link analysis (研判) for the police and the offices that read strike
//! data: groups, key persons and how two persons are connected, computed on
//! a snapshot of the in-memory graph off the async threads. Persons
//! outside the reader's search scope are counted, never named.

use std::sync::Arc;

use jindu_analysis::{LinkGraph, centrality, groups, paths};
use jindu_domain::authz::Permission;
use jindu_domain::mask_name;
use serde::Serialize;
use serde_json::json;

use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::persons;

/// Betweenness is exact up to this many persons in the graph …
pub const EXACT_UP_TO: usize = 2_000;
/// … and estimated from this many sources beyond (a page's worth of work;
/// the exact figure of a large graph is a background job, not built yet).
pub const SAMPLE: usize = 200;
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
}

#[derive(Clone, Debug, Serialize)]
pub struct KeyPerson {
    pub person_id: String,
    pub name: String,
    pub degree: usize,
    pub betweenness: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct KeyPersonsView {
    /// Persons in the whole graph.
    pub nodes: usize,
    /// Sources of the betweenness (all nodes when exact).
    pub sources: usize,
    pub exact: bool,
    pub persons: Vec<KeyPerson>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PathStep {
    /// `None` for a person outside the reader's scope.
    pub person_id: Option<String>,
    pub name: String,
}

/// Most persons a group drawing holds; a larger group is summarised.
pub const MAX_DRAWN: usize = 500;

/// A person of a group drawing: named inside the reader's scope,
/// anonymous outside it.
#[derive(Clone, Debug, Serialize)]
pub struct GroupNode {
    pub person_id: Option<String>,
    pub name: String,
    pub degree: usize,
}

/// A link of a group drawing, between indexes of `nodes`.
#[derive(Clone, Debug, Serialize)]
pub struct GroupEdge {
    pub from: usize,
    pub to: usize,
    pub kind: &'static str,
}

/// The group a person belongs to.
#[derive(Clone, Debug, Serialize)]
pub struct PersonGroup {
    pub size: usize,
    pub in_scope: usize,
    /// Too large to draw: nodes and edges are left empty.
    pub summarised: bool,
    /// The person first.
    pub nodes: Vec<GroupNode>,
    pub edges: Vec<GroupEdge>,
}

/// Runs CPU work on the blocking pool.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> ServiceResult<T> {
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
            out.push(GroupView {
                size: members.len(),
                outside_scope: members.len() - shown.len(),
                members: shown,
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
        let k = if nodes <= EXACT_UP_TO { nodes } else { SAMPLE };
        let sources = centrality::sample(nodes, k);
        let (k, snapshot) = (sources.len(), g.clone());
        let (cb, degree) = blocking(move || {
            (
                centrality::betweenness(&snapshot, &sources),
                centrality::degree(&snapshot),
            )
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
                    });
                }
            }
            if persons.len() >= max {
                break;
            }
        }
        persons.truncate(max);
        let view = KeyPersonsView {
            nodes,
            sources: k,
            exact: k == nodes,
            persons,
        };
        let ev = AuditEvent::new("analysis.key_persons", "link_graph", "")
            .details(json!({ "results": view.persons.len(), "exact": view.exact }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(view)
    }

    /// The group (connected component) of a person in the actor's scope,
    /// for drawing: up to [`MAX_DRAWN`] persons with their links, persons
    /// outside the scope without identity. Audited as `person.group`.
    pub async fn person_group(&self, actor: &Actor, id: &str) -> ServiceResult<PersonGroup> {
        actor.authorize(Permission::CaseRead, None)?;
        let scope = actor.scope(Permission::CaseRead);
        let start = persons::get(&self.db, scope, id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let g = self.graph().await?;
        let members = match g.node(id) {
            Some(n) => groups::component_of(&g, n),
            None => Vec::new(),
        };
        let ids: Vec<String> = members.iter().map(|&n| g.person(n).to_string()).collect();
        let visible = self.names_in_scope(&ids, scope).await?;
        let mut view = PersonGroup {
            size: members.len().max(1),
            in_scope: visible.len().max(1),
            summarised: members.len() > MAX_DRAWN,
            nodes: Vec::new(),
            edges: Vec::new(),
        };
        if members.is_empty() || view.summarised {
            // Alone, or too many to draw: the person only.
            view.nodes.push(GroupNode {
                person_id: Some(id.to_string()),
                name: mask_name(&start.name),
                degree: members
                    .first()
                    .map_or(0, |&n| g.outgoing(n).len() + g.incoming(n).len()),
            });
        } else {
            let index: std::collections::HashMap<u32, usize> =
                members.iter().enumerate().map(|(i, &n)| (n, i)).collect();
            for &n in &members {
                let person = g.person(n);
                let degree = g.outgoing(n).len() + g.incoming(n).len();
                view.nodes.push(match visible.get(person) {
                    Some(name) => GroupNode {
                        person_id: Some(person.to_string()),
                        name: mask_name(name),
                        degree,
                    },
                    None => GroupNode {
                        person_id: None,
                        name: String::new(),
                        degree,
                    },
                });
                for adj in g.outgoing(n) {
                    if let Some(&to) = index.get(&adj.node) {
                        view.edges.push(GroupEdge {
                            from: index[&n],
                            to,
                            kind: adj.kind.code(),
                        });
                    }
                }
            }
        }
        let ev = AuditEvent::new("person.group", "person", id)
            .details(json!({ "size": view.size, "in_scope": view.in_scope }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(view)
    }

    /// How two persons of the actor's scope are connected: a shortest path
    /// over links of any kind; persons on it outside the scope are shown
    /// without identity. Audited as `person.path`.
    pub async fn person_path(
        &self,
        actor: &Actor,
        from: &str,
        to: &str,
    ) -> ServiceResult<Option<Vec<PathStep>>> {
        actor.authorize(Permission::CaseRead, None)?;
        let scope = actor.scope(Permission::CaseRead);
        for id in [from, to] {
            persons::get(&self.db, scope, id)
                .await
                .map_err(|_| ServiceError::NotFound)?;
        }
        let g: Arc<LinkGraph> = self.graph().await?;
        let path = paths::shortest_path(&g, from, to);
        let steps = match path {
            None => None,
            Some(ids) => {
                let visible = self.names_in_scope(&ids, scope).await?;
                Some(
                    ids.into_iter()
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
                        .collect(),
                )
            }
        };
        let ev = AuditEvent::new("person.path", "person", from)
            .details(json!({ "to": to, "hops": steps.as_ref().map(|s: &Vec<PathStep>| s.len().saturating_sub(1)) }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(steps)
    }
}
