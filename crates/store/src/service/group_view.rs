//! A group (团伙) as the reader may see it: its members and links for
//! drawing, the communities inside it, its profile (cases, home villages)
//! and a timeline of its events. Everything about members outside the
//! reader's search scope is left out; they appear only as anonymous nodes
//! and in counts.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use jindu_analysis::{LinkGraph, communities, groups};
use jindu_domain::authz::{Permission, path_within};
use jindu_domain::enforcement::{ObjectKind, SeizureKind, objects, seizures};
use jindu_domain::mask_name;
use serde::Serialize;
use serde_json::json;
use time::Date;

use super::analysis::blocking;
use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::{group_facts, persons};

/// Most persons a group drawing holds; a larger group is summarised.
pub const MAX_DRAWN: usize = 500;
/// Most events a group's timeline lists (the latest).
pub const MAX_EVENTS: usize = 60;
/// Most shared objects a group drawing holds (the most shared first).
pub const MAX_OBJECTS: usize = 60;
/// Most home villages a profile lists.
const MAX_HOMETOWNS: usize = 5;

/// A person of a group drawing: named inside the reader's scope,
/// anonymous outside it.
#[derive(Clone, Debug, Serialize)]
pub struct GroupNode {
    pub person_id: Option<String>,
    pub name: String,
    pub degree: usize,
    /// The community (紧密团伙) inside the group, 0 the largest.
    pub community: usize,
    /// The register status's code, inside the reader's scope only.
    pub status: Option<String>,
}

/// An object or location (POLE) tied to two or more members of a drawn
/// group: a shared phone, vehicle, venue or place.
#[derive(Clone, Debug, Serialize)]
pub struct GroupObject {
    pub object_id: String,
    pub kind: String,
    /// Masked (a phone's middle digits, a plate's last three).
    pub label: String,
    /// Indexes of the members tied to it, in `nodes`.
    pub members: Vec<usize>,
}

/// A link of a group drawing, between indexes of `nodes`.
#[derive(Clone, Debug, Serialize)]
pub struct GroupEdge {
    pub from: usize,
    pub to: usize,
    pub kind: &'static str,
}

/// A case of the group the reader may see.
#[derive(Clone, Debug, Serialize)]
pub struct GroupCase {
    pub case_id: String,
    pub number: String,
    pub case_type: String,
    pub stage: String,
    pub accepted_date: Date,
}

/// How many of the visible members come from a village.
#[derive(Clone, Debug, Serialize)]
pub struct Hometown {
    pub village: String,
    pub persons: usize,
}

/// What the visible members have on record.
#[derive(Clone, Debug, Default, Serialize)]
pub struct GroupProfile {
    pub cases: Vec<GroupCase>,
    /// Most members first.
    pub hometowns: Vec<Hometown>,
}

/// An event of a group's timeline.
#[derive(Clone, Debug, Serialize)]
pub struct GroupEvent {
    pub date: Date,
    /// `case`, `seizure`, `trace_opened` or `trace_closed`.
    pub kind: &'static str,
    /// The case number, the seized substance (a drug type's code for a
    /// drug), the trace's kind or its outcome.
    pub label: String,
    /// A seizure's kind and quantity in the kind's unit (g or kg).
    pub seizure: Option<(String, f64)>,
    /// The member it concerns (masked), empty for a seizure.
    pub person: String,
    pub case_id: Option<String>,
}

/// The group a person belongs to.
#[derive(Clone, Debug, Serialize)]
pub struct PersonGroup {
    pub size: usize,
    pub in_scope: usize,
    /// Too large to draw: nodes and edges hold the person only.
    pub summarised: bool,
    /// Communities inside the group (0 when summarised).
    pub communities: usize,
    /// The person first.
    pub nodes: Vec<GroupNode>,
    pub edges: Vec<GroupEdge>,
    /// Objects shared by members, at most [`MAX_OBJECTS`].
    pub objects: Vec<GroupObject>,
    pub profile: GroupProfile,
    /// Latest first.
    pub timeline: Vec<GroupEvent>,
}

/// The community of each node of a group, in the group's order.
fn community_of(g: &LinkGraph, members: &[u32]) -> Vec<usize> {
    let sub = g.induced(members);
    let mut of = vec![0; members.len()];
    for (i, c) in communities::communities(&sub).iter().enumerate() {
        for &n in c {
            of[n as usize] = i;
        }
    }
    of
}

impl Ctx {
    /// The profile of a group from its visible members: the cases the
    /// reader may see and the home villages, with the timeline when asked.
    pub(super) async fn group_profile(
        &self,
        visible: &HashMap<String, String>,
        scope: &[String],
        with_timeline: bool,
    ) -> ServiceResult<(GroupProfile, Vec<GroupEvent>)> {
        let mut ids: Vec<String> = visible.keys().cloned().collect();
        ids.sort_unstable();
        let mut profile = GroupProfile::default();
        let mut events = Vec::new();
        let mut seen = HashSet::new();
        for (person, c) in group_facts::cases_of(&self.db, &ids).await? {
            if !scope.iter().any(|s| path_within(&c.path, s)) {
                continue;
            }
            if with_timeline {
                events.push(GroupEvent {
                    date: c.accepted_date,
                    kind: "case",
                    label: c.number.clone(),
                    person: visible
                        .get(&person)
                        .map(|n| mask_name(n))
                        .unwrap_or_default(),
                    case_id: Some(c.case_id.clone()),
                    seizure: None,
                });
            }
            if seen.insert(c.case_id.clone()) {
                profile.cases.push(GroupCase {
                    case_id: c.case_id,
                    number: c.number,
                    case_type: c.case_type,
                    stage: c.stage,
                    accepted_date: c.accepted_date,
                });
            }
        }
        profile.cases.sort_by(|a, b| {
            b.accepted_date
                .cmp(&a.accepted_date)
                .then(a.number.cmp(&b.number))
        });
        let mut villages: BTreeMap<String, usize> = BTreeMap::new();
        for (_, village) in group_facts::hometowns_of(&self.db, &ids).await? {
            *villages.entry(village).or_default() += 1;
        }
        profile.hometowns = villages
            .into_iter()
            .map(|(village, persons)| Hometown { village, persons })
            .collect();
        profile
            .hometowns
            .sort_by(|a, b| b.persons.cmp(&a.persons).then(a.village.cmp(&b.village)));
        profile.hometowns.truncate(MAX_HOMETOWNS);
        if with_timeline {
            events.extend(
                self.seizure_and_trace_events(&profile, visible, (&ids, scope))
                    .await?,
            );
            events.sort_by(|a, b| b.date.cmp(&a.date).then(a.kind.cmp(b.kind)));
            events.truncate(MAX_EVENTS);
        }
        Ok((profile, events))
    }

    async fn seizure_and_trace_events(
        &self,
        profile: &GroupProfile,
        visible: &HashMap<String, String>,
        (ids, scope): (&[String], &[String]),
    ) -> ServiceResult<Vec<GroupEvent>> {
        let mut events = Vec::new();
        let cases: Vec<String> = profile.cases.iter().map(|c| c.case_id.clone()).collect();
        for (case_id, s) in group_facts::seizures_of(&self.db, &cases).await? {
            let Some(kind) = SeizureKind::from_code(&s.kind) else {
                continue;
            };
            events.push(GroupEvent {
                date: s.seized_date,
                kind: "seizure",
                label: s.substance,
                seizure: Some((s.kind, seizures::from_mg(kind, s.quantity_mg))),
                person: String::new(),
                case_id: Some(case_id),
            });
        }
        for (person, t) in group_facts::traces_of(&self.db, ids).await? {
            if !scope.iter().any(|s| path_within(&t.path, s)) {
                continue;
            }
            let name = visible
                .get(&person)
                .map(|n| mask_name(n))
                .unwrap_or_default();
            events.push(GroupEvent {
                date: t.opened_date,
                kind: "trace_opened",
                label: t.kind.clone(),
                person: name.clone(),
                case_id: None,
                seizure: None,
            });
            if let Some(closed) = t.closed_date {
                events.push(GroupEvent {
                    date: closed,
                    kind: "trace_closed",
                    label: t.outcome.unwrap_or_default(),
                    person: name,
                    case_id: None,
                    seizure: None,
                });
            }
        }
        Ok(events)
    }

    /// The group (connected component) of a person in the actor's scope,
    /// for drawing: up to [`MAX_DRAWN`] persons with their links and
    /// communities, persons outside the scope without identity; with the
    /// group's profile and timeline. Audited as `person.group`.
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
        let mut visible = self.names_in_scope(&ids, scope).await?;
        visible.insert(id.to_string(), start.name.clone());
        let (profile, timeline) = self.group_profile(&visible, scope, true).await?;
        let mut view = PersonGroup {
            size: members.len().max(1),
            in_scope: visible.len(),
            summarised: members.len() > MAX_DRAWN,
            communities: 0,
            nodes: Vec::new(),
            edges: Vec::new(),
            objects: Vec::new(),
            profile,
            timeline,
        };
        if members.is_empty() || view.summarised {
            // Alone, or too many to draw: the person only.
            view.nodes.push(GroupNode {
                person_id: Some(id.to_string()),
                name: mask_name(&start.name),
                degree: members
                    .first()
                    .map_or(0, |&n| g.outgoing(n).len() + g.incoming(n).len()),
                community: 0,
                status: Some(start.status.clone()),
            });
        } else {
            let (snapshot, drawn) = (g.clone(), members.clone());
            let community = blocking(move || community_of(&snapshot, &drawn)).await?;
            view.communities = community.iter().max().map_or(0, |m| m + 1);
            let index: HashMap<u32, usize> =
                members.iter().enumerate().map(|(i, &n)| (n, i)).collect();
            let shown: Vec<String> = visible.keys().cloned().collect();
            let status: HashMap<String, String> = group_facts::statuses_of(&self.db, &shown)
                .await?
                .into_iter()
                .collect();
            for (i, &n) in members.iter().enumerate() {
                let person = g.person(n);
                let (person_id, name) = match visible.get(person) {
                    Some(name) => (Some(person.to_string()), mask_name(name)),
                    None => (None, String::new()),
                };
                view.nodes.push(GroupNode {
                    person_id,
                    name,
                    degree: g.outgoing(n).len() + g.incoming(n).len(),
                    community: community[i],
                    status: status.get(person).cloned(),
                });
                for adj in g.outgoing(n) {
                    if let Some(&to) = index.get(&adj.node) {
                        view.edges.push(GroupEdge {
                            from: i,
                            to,
                            kind: adj.kind.code(),
                        });
                    }
                }
            }
        }
        if view.nodes.len() > 1 {
            view.objects = self.shared_objects(&ids, &view.nodes).await?;
        }
        let ev = AuditEvent::new("person.group", "person", id)
            .details(json!({ "size": view.size, "in_scope": view.in_scope }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(view)
    }

    /// The objects tied to two or more of the drawn members `ids` (in the
    /// order of `nodes`), at least one of them in the reader's scope, the
    /// most shared first.
    async fn shared_objects(
        &self,
        ids: &[String],
        nodes: &[GroupNode],
    ) -> ServiceResult<Vec<GroupObject>> {
        let at: HashMap<&str, usize> = ids
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i))
            .collect();
        let mut tied: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for t in crate::objects::ties_of(&self.db, crate::objects::TiesOf::Persons, ids).await? {
            if let Some(&i) = t.person_id.as_deref().and_then(|p| at.get(p)) {
                tied.entry(t.object_id).or_default().insert(i);
            }
        }
        let mut shared: Vec<(String, Vec<usize>)> = tied
            .into_iter()
            .filter(|(_, m)| m.len() >= 2 && m.iter().any(|&i| nodes[i].person_id.is_some()))
            .map(|(o, m)| (o, m.into_iter().collect()))
            .collect();
        shared.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        shared.truncate(MAX_OBJECTS);
        let ids: Vec<String> = shared.iter().map(|(o, _)| o.clone()).collect();
        let mut labels: HashMap<String, (String, String)> = HashMap::new();
        for o in crate::objects::get_many(&self.db, &ids).await? {
            let label = self
                .keys
                .decrypt(&o.label_enc, &super::objects::aad(&o.id))?;
            let masked = ObjectKind::from_code(&o.kind)
                .map(|k| objects::masked(k, &label))
                .unwrap_or_default();
            labels.insert(o.id, (o.kind, masked));
        }
        Ok(shared
            .into_iter()
            .filter_map(|(object_id, members)| {
                let (kind, label) = labels.remove(&object_id)?;
                Some(GroupObject {
                    object_id,
                    kind,
                    label,
                    members,
                })
            })
            .collect())
    }
}
