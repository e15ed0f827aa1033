//! Groups (团伙): the connected components of the link graph, over links
//! of any kind and either direction, largest first.

use crate::graph::LinkGraph;

/// The groups of `g` with at least `min_size` members, each as its nodes
/// in ascending order; largest first, then by their first node.
#[must_use]
pub fn components(g: &LinkGraph, min_size: usize) -> Vec<Vec<u32>> {
    let n = g.nodes();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn root(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            // Path halving keeps the trees flat.
            parent[x as usize] = parent[parent[x as usize] as usize];
            x = parent[x as usize];
        }
        x
    }
    for a in 0..n as u32 {
        for adj in g.outgoing(a) {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, adj.node));
            if ra != rb {
                parent[ra.max(rb) as usize] = ra.min(rb);
            }
        }
    }
    // Each root's members, in ascending order (empty vectors do not
    // allocate).
    let mut by_root: Vec<Vec<u32>> = vec![Vec::new(); n];
    for x in 0..n as u32 {
        let r = root(&mut parent, x);
        by_root[r as usize].push(x);
    }
    let mut groups: Vec<Vec<u32>> = by_root
        .into_iter()
        .filter(|g| !g.is_empty() && g.len() >= min_size)
        .collect();
    groups.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    groups
}

/// The group of `node`: everyone reachable from it over any link, the
/// node first, then in order of discovery.
#[must_use]
pub fn component_of(g: &LinkGraph, node: u32) -> Vec<u32> {
    let mut seen = vec![false; g.nodes()];
    seen[node as usize] = true;
    let mut out = vec![node];
    let mut i = 0;
    while i < out.len() {
        let v = out[i];
        for adj in g.neighbours(v) {
            if !seen[adj.node as usize] {
                seen[adj.node as usize] = true;
                out.push(adj.node);
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use jindu_domain::enforcement::LinkKind;
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Groups partition the nodes (with min size 1), and two nodes
        /// share a group exactly when a path joins them.
        #[test]
        fn groups_partition_the_nodes_by_reachability(
            edges in proptest::collection::vec((0..15usize, 0..15usize), 1..30),
        ) {
            let mut g = LinkGraph::default();
            for (a, b) in &edges {
                g.add(&format!("p{a}"), &format!("p{b}"), LinkKind::Supplied);
            }
            let groups = components(&g, 1);
            let mut seen: Vec<u32> = groups.iter().flatten().copied().collect();
            seen.sort_unstable();
            prop_assert_eq!(seen, (0..g.nodes() as u32).collect::<Vec<_>>());
            for w in groups.windows(2) {
                prop_assert!(w[0].len() >= w[1].len());
            }
            let group_of = |x: u32| groups.iter().position(|gr| gr.contains(&x));
            for a in 0..g.nodes() as u32 {
                for b in 0..g.nodes() as u32 {
                    let joined = crate::paths::shortest_path(&g, g.person(a), g.person(b)).is_some();
                    prop_assert_eq!(joined, group_of(a) == group_of(b));
                }
            }
            prop_assert!(components(&g, 3).iter().all(|gr| gr.len() >= 3));
            for gr in &groups {
                let mut one = component_of(&g, gr[gr.len() - 1]);
                one.sort_unstable();
                prop_assert_eq!(&one, gr);
            }
        }
    }
}
