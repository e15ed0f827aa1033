//! B7: the link analyses of the analysis crate (groups, shortest paths,
//! exact betweenness) against networkx and igraph on the identical edge
//! list, each timed without loading the graph, and each checked to find
//! the same answer. The baselines run in bench/b7.py, in the virtual
//! environment bench/run prepares (JINDU_BENCH_PYTHON).

use jindu_analysis::{LinkGraph, centrality, groups, paths};
use jindu_domain::enforcement::LinkKind;
use serde_json::Value;

use crate::baseline::rows;
use crate::measure::timed;
use crate::report::Row;
use crate::scenarios::{Bench, ms};

/// Pairs of persons to find paths between.
const PAIRS: usize = 20;

/// The link graph of `links` rows (from, to, kind), as the server builds it.
pub fn link_graph(links: &[Vec<String>]) -> LinkGraph {
    let mut g = LinkGraph::default();
    for l in links {
        g.add(
            &l[0],
            &l[1],
            LinkKind::from_code(&l[2]).unwrap_or(LinkKind::Contact),
        );
    }
    g
}

impl Bench {
    pub fn b7_analysis(&self) -> Vec<Row> {
        let links = rows(
            &self.db,
            "SELECT from_person, to_person, kind FROM person_links",
        );
        let edges = self.scratch.join("b7-edges.txt");
        let text: String = links
            .iter()
            .map(|l| format!("{}|{}\n", l[0], l[1]))
            .collect();
        std::fs::write(&edges, text).unwrap_or_else(|e| panic!("the edge list: {e}"));
        let g = link_graph(&links);
        // Pairs spread over the list: a link's supplier and the buyer of a
        // link half the list away.
        let n = links.len();
        let pairs: Vec<(String, String)> = (0..PAIRS)
            .map(|i| {
                let a = i * n / PAIRS;
                (links[a][0].clone(), links[(a + n / 2) % n][1].clone())
            })
            .collect();
        let pairs_file = self.scratch.join("b7-pairs.json");
        let json = serde_json::to_string(&pairs).unwrap_or_else(|e| panic!("pairs: {e}"));
        std::fs::write(&pairs_file, json).unwrap_or_else(|e| panic!("the pairs: {e}"));
        let python = std::env::var("JINDU_BENCH_PYTHON").unwrap_or_else(|_| "python3".into());
        let out = std::process::Command::new(&python)
            .arg("bench/b7.py")
            .arg(&edges)
            .arg(&pairs_file)
            .arg(self.rounds.to_string())
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .output()
            .unwrap_or_else(|e| panic!("{python} bench/b7.py: {e}"));
        assert!(
            out.status.success(),
            "b7.py: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let base: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("b7.py prints JSON: {e}"));

        let all: Vec<u32> = (0..g.nodes() as u32).collect();
        let comp = timed(self.rounds, || groups::components(&g, 1).len());
        let path = timed(self.rounds, || {
            pairs
                .iter()
                .map(|(a, b)| paths::shortest_path(&g, a, b).map(|p| p.len() - 1))
                .collect::<Vec<_>>()
        });
        let btw = timed(self.rounds, || {
            centrality::betweenness(&g, &all)
                .into_iter()
                .fold(0.0, f64::max)
        });
        let size = format!("{} persons, {} links", g.nodes(), g.links());
        let mut rows_out = Vec::new();
        for (lib, target) in [("networkx", 20.0), ("igraph", 1.5)] {
            let b = &base[lib];
            let secs = |k: &str| b[k][0].as_f64().unwrap_or(f64::NAN);
            assert_eq!(
                b["components"][1].as_u64(),
                Some(comp.1 as u64),
                "{lib}: groups"
            );
            let theirs: Vec<Option<usize>> = b["paths"][1]
                .as_array()
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(|v| v.as_u64().map(|n| n as usize))
                .collect();
            assert_eq!(theirs, path.1, "{lib}: path lengths");
            let top = b["betweenness"][1].as_f64().unwrap_or(f64::NAN);
            assert!(
                (top - btw.1).abs() <= 1e-6 * top.max(1.0),
                "{lib}: betweenness {top} vs {}",
                btw.1
            );
            let version = base["versions"][lib].as_str().unwrap_or("?");
            for (what, key, ours) in [
                (
                    "groups (connected components)".to_string(),
                    "components",
                    comp.0,
                ),
                (format!("{PAIRS} shortest paths"), "paths", path.0),
                ("exact betweenness".to_string(), "betweenness", btw.0),
            ] {
                let theirs = secs(key);
                let scenario = format!("{what}, {size}, vs {lib} {version}");
                rows_out.push(if lib == "networkx" {
                    Row::at_least("B7", &scenario, ms(ours), ms(theirs), theirs / ours, target)
                } else {
                    Row::at_most("B7", &scenario, ms(ours), ms(theirs), ours / theirs, target)
                });
            }
        }
        rows_out
    }
}
