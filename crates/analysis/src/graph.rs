//! A compact adjacency structure: persons are interned to dense indexes,
//! each with its outgoing and incoming links.

use std::collections::HashMap;
use std::sync::Arc;

use jindu_domain::enforcement::LinkKind;

/// One end of a link as seen from a node: the other node and the kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Adj {
    pub node: u32,
    pub kind: LinkKind,
}

/// The links between persons. A link `from → to` of a directed kind
/// (supply) is followed forward as down-line and backward as up-line;
/// undirected kinds are stored once and followed both ways.
#[derive(Clone, Debug, Default)]
pub struct LinkGraph {
    /// Each person's id is allocated once, shared by the index and `ids`.
    index: HashMap<Arc<str>, u32>,
    ids: Vec<Arc<str>>,
    out: Vec<Vec<Adj>>,
    inc: Vec<Vec<Adj>>,
    links: usize,
}

impl LinkGraph {
    /// The node of `person`, if any link touches them.
    #[must_use]
    pub fn node(&self, person: &str) -> Option<u32> {
        self.index.get(person).copied()
    }

    /// The person of a node.
    #[must_use]
    pub fn person(&self, node: u32) -> &str {
        &self.ids[node as usize]
    }

    /// An empty graph with room for about `links` links and as many
    /// persons (a supply network has about one link a person), so loading
    /// it does not regrow its maps link after link (B8).
    #[must_use]
    pub fn with_capacity(links: usize) -> Self {
        LinkGraph {
            index: HashMap::with_capacity(links),
            ids: Vec::with_capacity(links),
            out: Vec::with_capacity(links),
            inc: Vec::with_capacity(links),
            links: 0,
        }
    }

    fn intern(&mut self, person: &str) -> u32 {
        if let Some(n) = self.index.get(person) {
            return *n;
        }
        let n = self.ids.len() as u32;
        let id: Arc<str> = Arc::from(person);
        self.index.insert(id.clone(), n);
        self.ids.push(id);
        self.out.push(Vec::new());
        self.inc.push(Vec::new());
        n
    }

    /// Adds a link; the same link twice is kept once.
    pub fn add(&mut self, from: &str, to: &str, kind: LinkKind) {
        let (f, t) = (self.intern(from), self.intern(to));
        let edge = Adj { node: t, kind };
        if self.out[f as usize].contains(&edge) {
            return;
        }
        self.out[f as usize].push(edge);
        self.inc[t as usize].push(Adj { node: f, kind });
        self.links += 1;
    }

    /// Removes a link (a link retracted as wrong); absent links are ignored.
    pub fn remove(&mut self, from: &str, to: &str, kind: LinkKind) {
        let (Some(f), Some(t)) = (self.node(from), self.node(to)) else {
            return;
        };
        let before = self.out[f as usize].len();
        self.out[f as usize].retain(|a| !(a.node == t && a.kind == kind));
        self.inc[t as usize].retain(|a| !(a.node == f && a.kind == kind));
        if self.out[f as usize].len() < before {
            self.links -= 1;
        }
    }

    /// Links leaving `node`.
    #[must_use]
    pub fn outgoing(&self, node: u32) -> &[Adj] {
        &self.out[node as usize]
    }

    /// Links arriving at `node`.
    #[must_use]
    pub fn incoming(&self, node: u32) -> &[Adj] {
        &self.inc[node as usize]
    }

    /// Neighbours over any link, either way.
    pub fn neighbours(&self, node: u32) -> impl Iterator<Item = Adj> + '_ {
        self.outgoing(node)
            .iter()
            .chain(self.incoming(node))
            .copied()
    }

    /// The graph of `nodes` and the links among them (a group drawn or
    /// split into communities on its own).
    #[must_use]
    pub fn induced(&self, nodes: &[u32]) -> LinkGraph {
        let inside: std::collections::HashSet<u32> = nodes.iter().copied().collect();
        let mut g = LinkGraph::default();
        for &n in nodes {
            g.intern(self.person(n));
        }
        for &n in nodes {
            for adj in self.outgoing(n) {
                if inside.contains(&adj.node) {
                    g.add(self.person(n), self.person(adj.node), adj.kind);
                }
            }
        }
        g
    }

    /// Each node's distinct neighbours over any link, either way, without
    /// itself: the simple undirected graph the analyses measure.
    #[must_use]
    pub fn undirected(&self) -> Vec<Vec<u32>> {
        (0..self.nodes() as u32)
            .map(|v| {
                let mut a: Vec<u32> = self
                    .neighbours(v)
                    .map(|x| x.node)
                    .filter(|&w| w != v)
                    .collect();
                a.sort_unstable();
                a.dedup();
                a
            })
            .collect()
    }

    #[must_use]
    pub fn nodes(&self) -> usize {
        self.ids.len()
    }

    #[must_use]
    pub fn links(&self) -> usize {
        self.links
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_kept_once_and_removed_both_ways() {
        let mut g = LinkGraph::default();
        g.add("a", "b", LinkKind::Supplied);
        g.add("a", "b", LinkKind::Supplied);
        g.add("a", "b", LinkKind::Family);
        assert_eq!(g.links(), 2);
        let (a, b) = (g.node("a").unwrap(), g.node("b").unwrap());
        assert_eq!(g.incoming(b).len(), 2);
        let sub = g.induced(&[b, a]);
        assert_eq!((sub.nodes(), sub.links(), sub.person(0)), (2, 2, "b"));
        g.remove("a", "b", LinkKind::Supplied);
        g.remove("b", "a", LinkKind::Supplied);
        assert_eq!(g.links(), 1);
        assert_eq!(
            g.outgoing(a),
            &[Adj {
                node: b,
                kind: LinkKind::Family
            }]
        );
        assert_eq!(
            g.incoming(b),
            &[Adj {
                node: a,
                kind: LinkKind::Family
            }]
        );
    }
}
