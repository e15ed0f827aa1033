//! Key persons (关键人物): degree; betweenness by Brandes' algorithm —
//! exact over every source, or estimated from a sample of sources (scaled
//! up) where the exact figure would take too long for a page; closeness.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::graph::LinkGraph;

/// Links at each node, either direction, any kind.
#[must_use]
pub fn degree(g: &LinkGraph) -> Vec<usize> {
    (0..g.nodes() as u32)
        .map(|n| g.outgoing(n).len() + g.incoming(n).len())
        .collect()
}

/// Betweenness of every node over the undirected graph, from the given
/// sources (all nodes for the exact figure), scaled by nodes ÷ sources so a
/// sample estimates the whole. Each unordered pair counts once.
#[must_use]
pub fn betweenness(g: &LinkGraph, sources: &[u32]) -> Vec<f64> {
    betweenness_counted(g, sources, &AtomicUsize::new(0))
}

/// [`betweenness`], adding one to `done` after each source, so a long
/// exact run can report its progress.
#[must_use]
pub fn betweenness_counted(g: &LinkGraph, sources: &[u32], done: &AtomicUsize) -> Vec<f64> {
    let n = g.nodes();
    let mut cb = vec![0.0; n];
    if sources.is_empty() {
        return cb;
    }
    // Neighbours once each: a pair linked both ways is one edge here.
    let adj = g.undirected();
    let (mut sigma, mut dist, mut delta) = (vec![0f64; n], vec![-1i64; n], vec![0f64; n]);
    let mut preds: Vec<Vec<u32>> = vec![Vec::new(); n];
    for &s in sources {
        let mut order = Vec::with_capacity(n);
        for v in 0..n {
            sigma[v] = 0.0;
            dist[v] = -1;
            delta[v] = 0.0;
            preds[v].clear();
        }
        sigma[s as usize] = 1.0;
        dist[s as usize] = 0;
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for &w in &adj[v as usize] {
                if dist[w as usize] < 0 {
                    dist[w as usize] = dist[v as usize] + 1;
                    queue.push_back(w);
                }
                if dist[w as usize] == dist[v as usize] + 1 {
                    sigma[w as usize] += sigma[v as usize];
                    preds[w as usize].push(v);
                }
            }
        }
        for &w in order.iter().rev() {
            for &v in &preds[w as usize] {
                delta[v as usize] +=
                    sigma[v as usize] / sigma[w as usize] * (1.0 + delta[w as usize]);
            }
            if w != s {
                cb[w as usize] += delta[w as usize];
            }
        }
        done.fetch_add(1, Ordering::Relaxed);
    }
    // Each pair was seen from both ends; a sample stands for all sources.
    let scale = n as f64 / sources.len() as f64 / 2.0;
    cb.iter_mut().for_each(|c| *c *= scale);
    cb
}

/// Closeness of each of `of`: how near a person is to everyone they can
/// reach, scaled by the share of the graph they reach (Wasserman and
/// Faust's form for graphs in several pieces, as networkx computes it):
/// `(r / (n − 1)) · (r / Σ d)` over the `r` persons reachable, 0 alone.
#[must_use]
pub fn closeness(g: &LinkGraph, of: &[u32]) -> Vec<f64> {
    let n = g.nodes();
    let adj = g.undirected();
    let mut dist = vec![usize::MAX; n];
    of.iter()
        .map(|&s| {
            dist.iter_mut().for_each(|d| *d = usize::MAX);
            dist[s as usize] = 0;
            let (mut reached, mut total) = (0usize, 0usize);
            let mut queue = VecDeque::from([s]);
            while let Some(v) = queue.pop_front() {
                for &w in &adj[v as usize] {
                    if dist[w as usize] == usize::MAX {
                        dist[w as usize] = dist[v as usize] + 1;
                        reached += 1;
                        total += dist[w as usize];
                        queue.push_back(w);
                    }
                }
            }
            if total == 0 {
                return 0.0;
            }
            let r = reached as f64;
            (r / (n - 1) as f64) * (r / total as f64)
        })
        .collect()
}

/// `k` sources spread evenly over the nodes (deterministic, so a page
/// shows the same estimate twice).
#[must_use]
pub fn sample(nodes: usize, k: usize) -> Vec<u32> {
    if k >= nodes {
        return (0..nodes as u32).collect();
    }
    (0..k).map(|i| (i * nodes / k) as u32).collect()
}

#[cfg(test)]
mod tests {
    use jindu_domain::enforcement::LinkKind;
    use proptest::prelude::*;

    use super::*;

    /// Betweenness by definition: for every pair s < t, the share of the
    /// shortest s–t paths that pass through v, from all-pairs distances and
    /// path counts.
    fn brute(n: usize, edges: &[(usize, usize)]) -> Vec<f64> {
        let mut adj = vec![vec![false; n]; n];
        for (a, b) in edges {
            if a != b {
                adj[*a][*b] = true;
                adj[*b][*a] = true;
            }
        }
        // dist and number of shortest paths by BFS from each node.
        let mut dist = vec![vec![usize::MAX; n]; n];
        let mut count = vec![vec![0f64; n]; n];
        for s in 0..n {
            dist[s][s] = 0;
            count[s][s] = 1.0;
            let mut q = VecDeque::from([s]);
            while let Some(v) = q.pop_front() {
                for w in 0..n {
                    if adj[v][w] {
                        if dist[s][w] == usize::MAX {
                            dist[s][w] = dist[s][v] + 1;
                            q.push_back(w);
                        }
                        if dist[s][w] == dist[s][v] + 1 {
                            count[s][w] += count[s][v];
                        }
                    }
                }
            }
        }
        let mut cb = vec![0.0; n];
        for s in 0..n {
            for t in s + 1..n {
                if dist[s][t] == usize::MAX {
                    continue;
                }
                for v in 0..n {
                    if v != s
                        && v != t
                        && dist[s][v] != usize::MAX
                        && dist[v][t] != usize::MAX
                        && dist[s][v] + dist[v][t] == dist[s][t]
                    {
                        cb[v] += count[s][v] * count[v][t] / count[s][t];
                    }
                }
            }
        }
        cb
    }

    #[test]
    fn a_star_centre_and_a_path_middle() {
        let mut g = LinkGraph::default();
        for leaf in ["a", "b", "c", "d"] {
            g.add("hub", leaf, LinkKind::Supplied);
        }
        let all = sample(g.nodes(), g.nodes());
        let cb = betweenness(&g, &all);
        // hub lies on the one shortest path of each of the 6 leaf pairs.
        assert!((cb[g.node("hub").unwrap() as usize] - 6.0).abs() < 1e-9);
        assert_eq!(cb[g.node("a").unwrap() as usize], 0.0);
        assert_eq!(degree(&g)[g.node("hub").unwrap() as usize], 4);
    }

    /// Closeness by definition, from all-pairs distances.
    fn brute_closeness(n: usize, edges: &[(usize, usize)], v: usize, nodes: usize) -> f64 {
        let mut adj = vec![vec![false; n]; n];
        for (a, b) in edges {
            if a != b {
                adj[*a][*b] = true;
                adj[*b][*a] = true;
            }
        }
        let mut dist = vec![usize::MAX; n];
        dist[v] = 0;
        let mut q = VecDeque::from([v]);
        while let Some(x) = q.pop_front() {
            for w in 0..n {
                if adj[x][w] && dist[w] == usize::MAX {
                    dist[w] = dist[x] + 1;
                    q.push_back(w);
                }
            }
        }
        let reach: Vec<usize> = (0..n)
            .filter(|&w| w != v && dist[w] != usize::MAX)
            .map(|w| dist[w])
            .collect();
        let sum: usize = reach.iter().sum();
        if sum == 0 {
            return 0.0;
        }
        let r = reach.len() as f64;
        r / (nodes - 1) as f64 * r / sum as f64
    }

    #[test]
    fn closeness_of_a_path_of_three() {
        let mut g = LinkGraph::default();
        g.add("a", "b", LinkKind::Supplied);
        g.add("b", "c", LinkKind::Supplied);
        let of: Vec<u32> = ["a", "b"].iter().map(|p| g.node(p).unwrap()).collect();
        let c = closeness(&g, &of);
        // a reaches 2 at distances 1 + 2; b reaches 2 at 1 + 1.
        assert!((c[0] - 2.0 / 3.0).abs() < 1e-12);
        assert!((c[1] - 1.0).abs() < 1e-12);
    }

    proptest! {
        /// Closeness equals its definition on random graphs in pieces.
        #[test]
        fn closeness_matches_the_definition(
            edges in proptest::collection::vec((0..9usize, 0..9usize), 1..14),
        ) {
            let mut g = LinkGraph::default();
            for (a, b) in &edges {
                g.add(&format!("p{a}"), &format!("p{b}"), LinkKind::Contact);
            }
            let all: Vec<u32> = (0..g.nodes() as u32).collect();
            let ours = closeness(&g, &all);
            for i in 0..9 {
                if let Some(n) = g.node(&format!("p{i}")) {
                    let want = brute_closeness(9, &edges, i, g.nodes());
                    prop_assert!((ours[n as usize] - want).abs() < 1e-9, "p{i}: {} vs {want}", ours[n as usize]);
                }
            }
        }

        /// Brandes over every source equals the definition.
        #[test]
        fn exact_betweenness_matches_the_definition(
            edges in proptest::collection::vec((0..9usize, 0..9usize), 1..20),
        ) {
            let mut g = LinkGraph::default();
            for (a, b) in &edges {
                g.add(&format!("p{a}"), &format!("p{b}"), LinkKind::Contact);
            }
            let ours = betweenness(&g, &sample(g.nodes(), g.nodes()));
            // Map the brute force's indexes (p0…p8) onto the graph's nodes.
            let want = brute(9, &edges);
            for (i, w) in want.iter().enumerate() {
                if let Some(n) = g.node(&format!("p{i}")) {
                    prop_assert!((ours[n as usize] - w).abs() < 1e-6, "p{i}: {} vs {w}", ours[n as usize]);
                }
            }
        }
    }
}
