//! Communities (紧密团伙): the tighter circles inside a large group, by the
//! Louvain method — persons move to the neighbouring community that gains
//! the most modularity until none gains, communities fold into single
//! nodes, and again until nothing moves. A community Louvain leaves in
//! pieces is split into its connected pieces, so every community is a set
//! of persons actually linked to each other. Deterministic: nodes are
//! visited in order and ties go to the lowest community.

use std::collections::BTreeMap;

use crate::graph::LinkGraph;

/// A weighted undirected graph: each node's neighbours with the weight
/// between them, and the weight of links inside the node itself (after
/// folding).
struct Weighted {
    adj: Vec<Vec<(u32, f64)>>,
    inner: Vec<f64>,
}

impl Weighted {
    fn of(g: &LinkGraph) -> Weighted {
        let n = g.nodes();
        let mut rows: Vec<BTreeMap<u32, f64>> = vec![BTreeMap::new(); n];
        let mut inner = vec![0.0; n];
        for a in 0..n as u32 {
            for adj in g.outgoing(a) {
                if adj.node == a {
                    inner[a as usize] += 1.0;
                } else {
                    *rows[a as usize].entry(adj.node).or_default() += 1.0;
                    *rows[adj.node as usize].entry(a).or_default() += 1.0;
                }
            }
        }
        Weighted {
            adj: rows.into_iter().map(|r| r.into_iter().collect()).collect(),
            inner,
        }
    }

    /// Each node's weighted degree (a link inside counts at both ends).
    fn degrees(&self) -> Vec<f64> {
        self.adj
            .iter()
            .zip(&self.inner)
            .map(|(row, inner)| row.iter().map(|(_, w)| w).sum::<f64>() + 2.0 * inner)
            .collect()
    }

    /// One pass of local moves; the community of each node, renumbered
    /// 0.., and whether anything moved.
    fn local_moves(&self) -> (Vec<u32>, bool) {
        let n = self.adj.len();
        let k = self.degrees();
        let two_m: f64 = k.iter().sum();
        let mut of: Vec<u32> = (0..n as u32).collect();
        let mut total = k.clone();
        let mut moved_any = false;
        if two_m == 0.0 {
            return (of, false);
        }
        loop {
            let mut moved = false;
            for v in 0..n {
                let own = of[v];
                total[own as usize] -= k[v];
                let mut towards: BTreeMap<u32, f64> = BTreeMap::new();
                towards.insert(own, 0.0);
                for &(w, weight) in &self.adj[v] {
                    *towards.entry(of[w as usize]).or_default() += weight;
                }
                // Gain of joining c, up to a constant: k_v,c − tot_c·k_v/2m.
                let gain = |c: u32, kvc: f64| kvc - total[c as usize] * k[v] / two_m;
                let mut best = (own, gain(own, towards[&own]));
                for (&c, &kvc) in &towards {
                    let g = gain(c, kvc);
                    if g > best.1 + 1e-12 {
                        best = (c, g);
                    }
                }
                of[v] = best.0;
                total[best.0 as usize] += k[v];
                if best.0 != own {
                    moved = true;
                    moved_any = true;
                }
            }
            if !moved {
                break;
            }
        }
        (renumber(&of), moved_any)
    }

    /// The graph whose nodes are the communities of `of`.
    fn fold(&self, of: &[u32]) -> Weighted {
        let size = of.iter().max().map_or(0, |m| *m as usize + 1);
        let mut rows: Vec<BTreeMap<u32, f64>> = vec![BTreeMap::new(); size];
        let mut inner = vec![0.0; size];
        for (v, row) in self.adj.iter().enumerate() {
            let cv = of[v];
            inner[cv as usize] += self.inner[v];
            for &(w, weight) in row {
                let cw = of[w as usize];
                if cv == cw {
                    // Seen from both ends.
                    inner[cv as usize] += weight / 2.0;
                } else {
                    *rows[cv as usize].entry(cw).or_default() += weight;
                }
            }
        }
        Weighted {
            adj: rows.into_iter().map(|r| r.into_iter().collect()).collect(),
            inner,
        }
    }
}

/// Community numbers in order of first appearance, from 0.
fn renumber(of: &[u32]) -> Vec<u32> {
    let mut map: BTreeMap<u32, u32> = BTreeMap::new();
    let mut next = 0;
    of.iter()
        .map(|c| {
            *map.entry(*c).or_insert_with(|| {
                next += 1;
                next - 1
            })
        })
        .collect()
}

/// The communities of `g`, each as its nodes in ascending order, largest
/// first, then by their first node; every node is in exactly one.
#[must_use]
pub fn communities(g: &LinkGraph) -> Vec<Vec<u32>> {
    let n = g.nodes();
    let mut level = Weighted::of(g);
    // The community of each original node.
    let mut of: Vec<u32> = (0..n as u32).collect();
    loop {
        let (moves, moved) = level.local_moves();
        let folded = moves.iter().max().map_or(0, |m| *m as usize + 1);
        // Moves that left as many communities as nodes changed nothing.
        if !moved || folded == level.adj.len() {
            break;
        }
        for c in &mut of {
            *c = moves[*c as usize];
        }
        level = level.fold(&moves);
    }
    connected_pieces(g, &of)
}

/// Splits each community into the pieces its members link within it.
fn connected_pieces(g: &LinkGraph, of: &[u32]) -> Vec<Vec<u32>> {
    let adj = g.undirected();
    let mut seen = vec![false; of.len()];
    let mut out = Vec::new();
    for start in 0..of.len() {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut piece = vec![start as u32];
        let mut i = 0;
        while i < piece.len() {
            let v = piece[i] as usize;
            for &w in &adj[v] {
                if !seen[w as usize] && of[w as usize] == of[v] {
                    seen[w as usize] = true;
                    piece.push(w);
                }
            }
            i += 1;
        }
        piece.sort_unstable();
        out.push(piece);
    }
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    out
}

/// The modularity of a partition of `g`'s nodes: the share of links inside
/// communities less what random links of the same degrees would put there.
#[must_use]
pub fn modularity(g: &LinkGraph, parts: &[Vec<u32>]) -> f64 {
    let w = Weighted::of(g);
    let k = w.degrees();
    let two_m: f64 = k.iter().sum();
    if two_m == 0.0 {
        return 0.0;
    }
    let mut of = vec![0usize; g.nodes()];
    for (i, p) in parts.iter().enumerate() {
        for &v in p {
            of[v as usize] = i;
        }
    }
    let mut inside = vec![0.0; parts.len()];
    let mut total = vec![0.0; parts.len()];
    for (v, row) in w.adj.iter().enumerate() {
        total[of[v]] += k[v];
        inside[of[v]] += 2.0 * w.inner[v];
        for &(u, weight) in row {
            if of[u as usize] == of[v] {
                inside[of[v]] += weight;
            }
        }
    }
    inside
        .iter()
        .zip(&total)
        .map(|(i, t)| i / two_m - (t / two_m).powi(2))
        .sum()
}

#[cfg(test)]
mod tests {
    use jindu_domain::enforcement::LinkKind;
    use proptest::prelude::*;

    use super::*;
    use crate::groups::components;

    fn clique(g: &mut LinkGraph, names: &[&str]) {
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                g.add(a, b, LinkKind::Contact);
            }
        }
    }

    #[test]
    fn two_cliques_joined_by_one_link_are_two_communities() {
        let mut g = LinkGraph::default();
        clique(&mut g, &["a1", "a2", "a3", "a4"]);
        clique(&mut g, &["b1", "b2", "b3", "b4"]);
        g.add("a1", "b1", LinkKind::Supplied);
        let found = communities(&g);
        let names: Vec<Vec<&str>> = found
            .iter()
            .map(|c| c.iter().map(|&n| g.person(n)).collect())
            .collect();
        assert_eq!(
            names,
            vec![vec!["a1", "a2", "a3", "a4"], vec!["b1", "b2", "b3", "b4"]]
        );
        assert!(modularity(&g, &found) > modularity(&g, &components(&g, 1)));
    }

    proptest! {
        /// Communities partition the nodes, each is linked within itself,
        /// none crosses a group, and they score at least as well as every
        /// person alone.
        #[test]
        fn communities_partition_the_nodes(
            edges in proptest::collection::vec((0..14usize, 0..14usize), 1..40),
        ) {
            let mut g = LinkGraph::default();
            for (a, b) in &edges {
                g.add(&format!("p{a}"), &format!("p{b}"), LinkKind::Contact);
            }
            let found = communities(&g);
            let mut all: Vec<u32> = found.iter().flatten().copied().collect();
            all.sort_unstable();
            prop_assert_eq!(all, (0..g.nodes() as u32).collect::<Vec<_>>());
            let groups = components(&g, 1);
            let group_of = |v: u32| groups.iter().position(|c| c.contains(&v));
            for c in &found {
                prop_assert!(c.iter().all(|&v| group_of(v) == group_of(c[0])));
                let inside = components_within(&g, c);
                prop_assert_eq!(inside, 1, "community {:?} is in pieces", c);
            }
            let alone: Vec<Vec<u32>> = (0..g.nodes() as u32).map(|v| vec![v]).collect();
            prop_assert!(modularity(&g, &found) >= modularity(&g, &alone) - 1e-9);
        }
    }

    /// Pieces of the subgraph induced by `c`.
    fn components_within(g: &LinkGraph, c: &[u32]) -> usize {
        let adj = g.undirected();
        let mut seen: Vec<u32> = vec![c[0]];
        let mut i = 0;
        while i < seen.len() {
            for &w in &adj[seen[i] as usize] {
                if c.contains(&w) && !seen.contains(&w) {
                    seen.push(w);
                }
            }
            i += 1;
        }
        if seen.len() == c.len() { 1 } else { 2 }
    }
}
