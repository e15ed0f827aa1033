//! How two persons are connected: the shortest path over any kind of
//! link, in either direction (breadth-first; links are unweighted).

use std::collections::VecDeque;

use crate::graph::LinkGraph;

/// The persons on a shortest path from `a` to `b`, both included; `None`
/// when they are not connected (or either has no link).
#[must_use]
pub fn shortest_path(g: &LinkGraph, a: &str, b: &str) -> Option<Vec<String>> {
    let (s, t) = (g.node(a)?, g.node(b)?);
    let mut prev: Vec<Option<u32>> = vec![None; g.nodes()];
    let mut seen = vec![false; g.nodes()];
    seen[s as usize] = true;
    let mut queue = VecDeque::from([s]);
    while let Some(n) = queue.pop_front() {
        if n == t {
            let mut path = vec![g.person(t).to_string()];
            let mut at = t;
            while let Some(p) = prev[at as usize] {
                path.push(g.person(p).to_string());
                at = p;
            }
            path.reverse();
            return Some(path);
        }
        for adj in g.neighbours(n) {
            if !seen[adj.node as usize] {
                seen[adj.node as usize] = true;
                prev[adj.node as usize] = Some(n);
                queue.push_back(adj.node);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use jindu_domain::enforcement::LinkKind;
    use proptest::prelude::*;

    use super::*;

    /// All-pairs distances by Floyd–Warshall over the undirected links.
    fn floyd(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
        let inf = usize::MAX / 4;
        let mut d = vec![vec![inf; n]; n];
        for (i, row) in d.iter_mut().enumerate() {
            row[i] = 0;
        }
        for (a, b) in edges {
            d[*a][*b] = d[*a][*b].min(1);
            d[*b][*a] = d[*b][*a].min(1);
        }
        for k in 0..n {
            for i in 0..n {
                for j in 0..n {
                    d[i][j] = d[i][j].min(d[i][k] + d[k][j]);
                }
            }
        }
        d
    }

    proptest! {
        /// A found path is a chain of real links from a to b, as short as
        /// Floyd–Warshall says; none is found exactly when they are apart.
        #[test]
        fn paths_are_shortest(
            edges in proptest::collection::vec((0..10usize, 0..10usize), 1..30),
            a in 0..10usize,
            b in 0..10usize,
        ) {
            let mut g = LinkGraph::default();
            for (x, y) in &edges {
                g.add(&format!("p{x}"), &format!("p{y}"), LinkKind::Contact);
            }
            let d = floyd(10, &edges);
            let name = |i: usize| format!("p{i}");
            let linked = |x: usize| edges.iter().any(|(p, q)| *p == x || *q == x);
            match shortest_path(&g, &name(a), &name(b)) {
                Some(path) => {
                    prop_assert_eq!(path.len() - 1, d[a][b]);
                    prop_assert_eq!(path.first(), Some(&name(a)));
                    prop_assert_eq!(path.last(), Some(&name(b)));
                    for w in path.windows(2) {
                        let (x, y): (usize, usize) = (w[0][1..].parse().unwrap(), w[1][1..].parse().unwrap());
                        prop_assert!(edges.iter().any(|e| *e == (x, y) || *e == (y, x)));
                    }
                }
                None => prop_assert!(!linked(a) || !linked(b) || d[a][b] > 100),
            }
        }
    }
}
