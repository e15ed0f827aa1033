//! Up-line and down-line chains (上下线): who supplied a person, who
//! supplied them, … and whom a person supplied, to `hops` steps.

use std::collections::VecDeque;

use jindu_domain::enforcement::LinkKind;

use crate::graph::LinkGraph;

/// Which way along supply links.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Toward suppliers (上线).
    Up,
    /// Toward buyers (下线).
    Down,
}

/// A person reached by a chain: how many supply steps away, and through
/// whom (the person one step nearer the start).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainStep {
    pub person: String,
    pub hops: usize,
    pub via: String,
}

/// Everyone within `hops` supply steps of `start` in `direction`, each at
/// their least number of steps, nearest first (then in link order). The
/// start is not listed; cycles are followed once.
#[must_use]
pub fn chain(g: &LinkGraph, start: &str, direction: Direction, hops: usize) -> Vec<ChainStep> {
    let Some(s) = g.node(start) else {
        return Vec::new();
    };
    let mut seen = vec![false; g.nodes()];
    seen[s as usize] = true;
    let mut queue = VecDeque::from([(s, 0usize)]);
    let mut out = Vec::new();
    while let Some((n, d)) = queue.pop_front() {
        if d == hops {
            continue;
        }
        let next = match direction {
            Direction::Down => g.outgoing(n),
            Direction::Up => g.incoming(n),
        };
        for a in next.iter().filter(|a| a.kind == LinkKind::Supplied) {
            if !seen[a.node as usize] {
                seen[a.node as usize] = true;
                out.push(ChainStep {
                    person: g.person(a.node).to_string(),
                    hops: d + 1,
                    via: g.person(n).to_string(),
                });
                queue.push_back((a.node, d + 1));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;

    fn graph(edges: &[(usize, usize, bool)]) -> LinkGraph {
        let mut g = LinkGraph::default();
        for (a, b, supply) in edges {
            let kind = if *supply {
                LinkKind::Supplied
            } else {
                LinkKind::Family
            };
            g.add(&format!("p{a}"), &format!("p{b}"), kind);
        }
        g
    }

    #[test]
    fn a_hand_checked_network() {
        // hub supplies s1 and s2; s1 supplies u1, u2; u2 supplies hub (a
        // cycle); s2 is u1's family (not a supply link).
        let mut g = LinkGraph::default();
        for (a, b) in [
            ("hub", "s1"),
            ("hub", "s2"),
            ("s1", "u1"),
            ("s1", "u2"),
            ("u2", "hub"),
        ] {
            g.add(a, b, LinkKind::Supplied);
        }
        g.add("s2", "u1", LinkKind::Family);
        let down = |k| {
            chain(&g, "hub", Direction::Down, k)
                .into_iter()
                .map(|s| (s.person, s.hops))
                .collect::<Vec<_>>()
        };
        assert_eq!(down(1), [("s1".into(), 1), ("s2".into(), 1)]);
        assert_eq!(
            down(5),
            [
                ("s1".into(), 1),
                ("s2".into(), 1),
                ("u1".into(), 2),
                ("u2".into(), 2)
            ]
        );
        let up = chain(&g, "u1", Direction::Up, 3);
        assert_eq!(
            up.iter()
                .map(|s| (s.person.as_str(), s.hops, s.via.as_str()))
                .collect::<Vec<_>>(),
            [("s1", 1, "u1"), ("hub", 2, "s1"), ("u2", 3, "hub")]
        );
        assert!(chain(&g, "nobody", Direction::Up, 3).is_empty());
        assert!(chain(&g, "hub", Direction::Down, 0).is_empty());
    }

    /// Least steps from `start` to each node by supply links in
    /// `direction`, by enumerating every walk of up to `hops` steps.
    fn brute(
        edges: &[(usize, usize, bool)],
        start: usize,
        down: bool,
        hops: usize,
    ) -> BTreeMap<usize, usize> {
        let mut best = BTreeMap::new();
        let mut frontier = vec![start];
        for d in 1..=hops {
            let mut next = Vec::new();
            for n in frontier {
                for (a, b, supply) in edges {
                    let (from, to) = if down { (*a, *b) } else { (*b, *a) };
                    if *supply && from == n {
                        next.push(to);
                        if to != start {
                            best.entry(to).or_insert(d);
                        }
                    }
                }
            }
            frontier = next;
        }
        best
    }

    proptest! {
        /// Chains list exactly the persons within k steps in the chosen
        /// direction, each at their least number of steps, and each step
        /// comes through a person one step nearer.
        #[test]
        fn chains_respect_k_and_direction(
            edges in proptest::collection::vec((0..12usize, 0..12usize, proptest::bool::weighted(0.7)), 0..40),
            start in 0..12usize,
            hops in 0..5usize,
            down in any::<bool>(),
        ) {
            let g = graph(&edges);
            let dir = if down { Direction::Down } else { Direction::Up };
            let got = chain(&g, &format!("p{start}"), dir, hops);
            let mut map = BTreeMap::new();
            for s in &got {
                let n: usize = s.person[1..].parse().unwrap();
                prop_assert!(map.insert(n, s.hops).is_none(), "listed once");
            }
            prop_assert_eq!(&map, &brute(&edges, start, down, hops));
            for s in &got {
                let via: usize = s.via[1..].parse().unwrap();
                let before = if via == start { 0 } else { map[&via] };
                prop_assert_eq!(before + 1, s.hops);
            }
        }
    }
}
