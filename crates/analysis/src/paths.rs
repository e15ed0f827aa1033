//! How two persons are connected: the shortest path over any kind of
//! link, in either direction (breadth-first; links are unweighted), and
//! the k shortest simple paths (Yen's algorithm), since an investigator
//! wants the other ways round too.

use std::collections::{BTreeSet, HashSet, VecDeque};

use crate::graph::LinkGraph;

/// The persons on a shortest path from `a` to `b`, both included; `None`
/// when they are not connected (or either has no link).
#[must_use]
pub fn shortest_path(g: &LinkGraph, a: &str, b: &str) -> Option<Vec<String>> {
    let path = between(g, g.node(a)?, g.node(b)?)?;
    Some(path.into_iter().map(|n| g.person(n).to_string()).collect())
}

/// Not reached yet, in the search arrays of [`between`].
const UNSEEN: u32 = u32::MAX;

/// A shortest path from `s` to `t` as nodes: breadth-first from both ends
/// at once, a whole level of the smaller frontier at a time, so a path
/// through a hub with hundreds of buyers, or a pair in different groups
/// (one side runs out), touches a fraction of what a search from one end
/// would. The first meeting is a shortest path: a node the other side
/// reached at an earlier level would have brought the two sides together
/// at that level already.
fn between(g: &LinkGraph, s: u32, t: u32) -> Option<Vec<u32>> {
    if s == t {
        return Some(vec![s]);
    }
    // Each side's parent of every node it reached (its start its own).
    let mut parent = [vec![UNSEEN; g.nodes()], vec![UNSEEN; g.nodes()]];
    parent[0][s as usize] = s;
    parent[1][t as usize] = t;
    let mut frontier = [vec![s], vec![t]];
    let mut next = Vec::new();
    while !frontier[0].is_empty() && !frontier[1].is_empty() {
        let side = usize::from(frontier[1].len() < frontier[0].len());
        let [first, second] = &mut parent;
        let (mine, theirs) = if side == 0 {
            (first, second)
        } else {
            (second, first)
        };
        next.clear();
        for &u in &frontier[side] {
            for adj in g.neighbours(u) {
                let w = adj.node as usize;
                if mine[w] != UNSEEN {
                    continue;
                }
                mine[w] = u;
                if theirs[w] != UNSEEN {
                    return Some(joined(&parent, adj.node, s, t));
                }
                next.push(adj.node);
            }
        }
        std::mem::swap(&mut frontier[side], &mut next);
    }
    None
}

/// The path through `meet`: back to `s` by the first side's parents, on to
/// `t` by the second's.
fn joined(parent: &[Vec<u32>; 2], meet: u32, s: u32, t: u32) -> Vec<u32> {
    let mut path = vec![meet];
    let mut at = meet;
    while at != s {
        at = parent[0][at as usize];
        path.push(at);
    }
    path.reverse();
    at = meet;
    while at != t {
        at = parent[1][at as usize];
        path.push(at);
    }
    path
}

/// A shortest path from `s` to `t` over `adj` that avoids the `banned`
/// nodes and the `cut` edges (each stored both ways), breadth-first.
fn avoiding(
    adj: &[Vec<u32>],
    s: u32,
    t: u32,
    banned: &[bool],
    cut: &HashSet<(u32, u32)>,
) -> Option<Vec<u32>> {
    let mut prev: Vec<Option<u32>> = vec![None; adj.len()];
    let mut seen = banned.to_vec();
    seen[s as usize] = true;
    let mut queue = VecDeque::from([s]);
    while let Some(v) = queue.pop_front() {
        if v == t {
            let mut path = vec![t];
            while let Some(p) = prev[*path.last()? as usize] {
                path.push(p);
            }
            path.reverse();
            return Some(path);
        }
        for &w in &adj[v as usize] {
            if !seen[w as usize] && !cut.contains(&(v, w)) {
                seen[w as usize] = true;
                prev[w as usize] = Some(v);
                queue.push_back(w);
            }
        }
    }
    None
}

/// Up to `k` simple paths from `a` to `b`, shortest first (ties in the
/// order of their nodes), each as its persons, both ends included. Yen's
/// algorithm: each next path leaves an earlier one at some node (the spur)
/// and rejoins the target by the shortest way that repeats neither that
/// path's edge nor its own earlier nodes.
#[must_use]
pub fn k_shortest_paths(g: &LinkGraph, a: &str, b: &str, k: usize) -> Vec<Vec<String>> {
    let (Some(s), Some(t)) = (g.node(a), g.node(b)) else {
        return Vec::new();
    };
    let Some(first) = between(g, s, t) else {
        return Vec::new();
    };
    let mut found: Vec<Vec<u32>> = vec![first];
    // The spur searches below work on a plain adjacency, built only when
    // more than one path is asked for.
    let adj = if k > 1 { g.undirected() } else { Vec::new() };
    let none = vec![false; adj.len()];
    let mut candidates: BTreeSet<(usize, Vec<u32>)> = BTreeSet::new();
    while found.len() < k {
        let last = found.last().cloned().unwrap_or_default();
        for i in 0..last.len().saturating_sub(1) {
            let root = &last[..=i];
            let mut cut = HashSet::new();
            for p in found.iter().filter(|p| p.len() > i + 1 && p[..=i] == *root) {
                cut.insert((p[i], p[i + 1]));
                cut.insert((p[i + 1], p[i]));
            }
            let mut banned = none.clone();
            for &n in &root[..i] {
                banned[n as usize] = true;
            }
            if let Some(spur) = avoiding(&adj, root[i], t, &banned, &cut) {
                let mut path = root[..i].to_vec();
                path.extend(spur);
                if !found.contains(&path) {
                    candidates.insert((path.len(), path));
                }
            }
        }
        match candidates.pop_first() {
            Some((_, next)) => found.push(next),
            None => break,
        }
    }
    found
        .into_iter()
        .map(|p| p.into_iter().map(|n| g.person(n).to_string()).collect())
        .collect()
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

    /// Every simple path's length from a to b, by depth-first search.
    fn all_simple(
        adj: &[Vec<bool>],
        at: usize,
        b: usize,
        on: &mut Vec<usize>,
        out: &mut Vec<usize>,
    ) {
        if at == b {
            out.push(on.len() - 1);
            return;
        }
        for w in 0..adj.len() {
            if adj[at][w] && !on.contains(&w) {
                on.push(w);
                all_simple(adj, w, b, on, out);
                on.pop();
            }
        }
    }

    #[test]
    fn a_square_has_two_ways_round() {
        let mut g = LinkGraph::default();
        for (x, y) in [("a", "b"), ("b", "d"), ("a", "c"), ("c", "d"), ("d", "e")] {
            g.add(x, y, LinkKind::Supplied);
        }
        let paths = k_shortest_paths(&g, "a", "e", 5);
        assert_eq!(
            paths,
            vec![vec!["a", "b", "d", "e"], vec!["a", "c", "d", "e"]]
        );
        assert!(k_shortest_paths(&g, "a", "zz", 3).is_empty());
    }

    proptest! {
        /// Yen's paths are distinct simple chains of real links, and their
        /// lengths are the k smallest of all simple paths' lengths.
        #[test]
        fn k_paths_are_the_shortest_simple_paths(
            edges in proptest::collection::vec((0..7usize, 0..7usize), 1..16),
            a in 0..7usize,
            b in 0..7usize,
            k in 1..6usize,
        ) {
            prop_assume!(a != b);
            let mut g = LinkGraph::default();
            let mut adj = vec![vec![false; 7]; 7];
            for (x, y) in &edges {
                g.add(&format!("p{x}"), &format!("p{y}"), LinkKind::Contact);
                if x != y {
                    adj[*x][*y] = true;
                    adj[*y][*x] = true;
                }
            }
            let mut lengths = Vec::new();
            all_simple(&adj, a, b, &mut vec![a], &mut lengths);
            lengths.sort_unstable();
            lengths.truncate(k);
            let paths = k_shortest_paths(&g, &format!("p{a}"), &format!("p{b}"), k);
            let got: Vec<usize> = paths.iter().map(|p| p.len() - 1).collect();
            prop_assert_eq!(got, lengths);
            let distinct: std::collections::HashSet<&Vec<String>> = paths.iter().collect();
            prop_assert_eq!(distinct.len(), paths.len());
            for p in &paths {
                let nodes: std::collections::HashSet<&String> = p.iter().collect();
                prop_assert_eq!(nodes.len(), p.len());
                for w in p.windows(2) {
                    let (x, y): (usize, usize) = (w[0][1..].parse().unwrap(), w[1][1..].parse().unwrap());
                    prop_assert!(adj[x][y]);
                }
            }
        }

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
