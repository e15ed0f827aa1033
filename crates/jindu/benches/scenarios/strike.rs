//! The strike scenarios of performance.md: B6, supply chains from the
//! in-memory graph (alone and over HTTP) against a recursive CTE on the
//! same database; B8, the start-up of a server with the graph loaded
//! against a scan of the link table. B7 is in analysis.rs.

use std::path::Path;
use std::time::Instant;

use jindu_analysis::{Direction, chains};

use crate::analysis::link_graph;
use crate::baseline::{rows, sqlite3, sqlite3_own};
use crate::measure::{median, secs, timed};
use crate::report::Row;
use crate::scenarios::{Bench, ms};
use crate::server::Server;

/// Runs of a CTE in one shell, to time it without the shell's start-up.
const CTE_RUNS: usize = 20;

/// The supply chain of `person` in `direction` to `hops` steps, as a
/// recursive CTE: what a system without the graph runs.
fn chain_cte(person: &str, down: bool, hops: usize) -> String {
    let (start, next) = if down {
        ("from_person", "to_person")
    } else {
        ("to_person", "from_person")
    };
    format!(
        "WITH RECURSIVE chain(p, d) AS (\
         SELECT {next}, 1 FROM person_links WHERE {start} = '{person}' AND kind = 'supplied' \
         UNION SELECT l.{next}, c.d + 1 FROM person_links l JOIN chain c ON l.{start} = c.p \
         WHERE l.kind = 'supplied' AND c.d < {hops}) \
         SELECT p, MIN(d) FROM chain WHERE p <> '{person}' GROUP BY p;"
    )
}

impl Bench {
    /// B6: down-line chains of the biggest hubs and up-line chains of
    /// random buyers, 3 and 6 hops. The hubs' trace in the analysis crate
    /// against the CTE's own run in the `sqlite3` shell (performance.md:
    /// hubs ≤ 0.1× the CTE); then hubs and buyers over HTTP (as the city
    /// office: scope check, names, audit) against the shell's whole run
    /// ("random persons ≤ 1× the CTE including HTTP").
    pub async fn b6_chains(&self) -> Vec<Row> {
        let hubs = rows(
            &self.db,
            "SELECT from_person FROM person_links WHERE kind = 'supplied' GROUP BY from_person ORDER BY COUNT(*) DESC, from_person LIMIT 5",
        );
        let buyers = rows(
            &self.db,
            "SELECT to_person FROM person_links WHERE kind = 'supplied' ORDER BY id LIMIT 5",
        );
        assert!(!hubs.is_empty(), "the tier has no supply links");
        let mut out = self.b6_traces(&hubs);
        for (who, people, down) in [
            ("hubs, down-line", &hubs, true),
            ("random buyers, up-line", &buyers, false),
        ] {
            for hops in [3, 6] {
                let (mut ours, mut cte) = (Vec::new(), Vec::new());
                let mut found = 0;
                for _ in 0..self.rounds {
                    for p in people.iter() {
                        let path = format!(
                            "/api/v1/persons/{}/chain?direction={}&hops={hops}",
                            p[0],
                            if down { "down" } else { "up" }
                        );
                        let (t, v) = secs(self.city.get(&path)).await;
                        ours.push(t);
                        let (c, text) = sqlite3(&self.db, &chain_cte(&p[0], down, hops));
                        cte.push(c);
                        let n = v["persons"].as_array().map_or(0, Vec::len)
                            + v["outside_scope"].as_u64().unwrap_or(0) as usize;
                        assert_eq!(
                            n,
                            text.lines().count(),
                            "the chain and the CTE agree on {}",
                            p[0]
                        );
                        found = found.max(n);
                    }
                }
                let (o, c) = (median(&ours), median(&cte));
                out.push(Row::at_most(
                    "B6",
                    &format!("chain over HTTP, {who}, {hops} hops (up to {found} persons) vs a recursive CTE in the sqlite3 shell"),
                    ms(o),
                    ms(c),
                    o / c,
                    1.0,
                ));
            }
        }
        out
    }

    /// B6's hub rows: the down-line trace on the graph the server keeps
    /// in memory, against the CTE's own run (the shell's start-up left
    /// out), each hub's median.
    fn b6_traces(&self, hubs: &[Vec<String>]) -> Vec<Row> {
        let g = link_graph(&rows(
            &self.db,
            "SELECT from_person, to_person, kind FROM person_links",
        ));
        let mut out = Vec::new();
        for hops in [3, 6] {
            let (mut ours, mut cte) = (Vec::new(), Vec::new());
            let mut found = 0;
            for h in hubs {
                let sql = chain_cte(&h[0], true, hops);
                let (t, steps) = timed(self.rounds * CTE_RUNS, || {
                    chains::chain(&g, &h[0], Direction::Down, hops)
                });
                assert_eq!(
                    steps.len(),
                    sqlite3(&self.db, &sql).1.lines().count(),
                    "the trace and the CTE agree on {}",
                    h[0]
                );
                found = found.max(steps.len());
                ours.push(t);
                let own: Vec<f64> = (0..self.rounds)
                    .map(|_| sqlite3_own(&self.db, &sql, CTE_RUNS))
                    .collect();
                cte.push(median(&own));
            }
            let (o, c) = (median(&ours), median(&cte));
            out.push(Row::at_most(
                "B6",
                &format!("chain trace, hubs, down-line, {hops} hops (up to {found} persons), in memory vs the recursive CTE's own run in sqlite3"),
                ms(o),
                ms(c),
                o / c,
                0.1,
            ));
        }
        out
    }

    /// B8: a second server on the same database, which loads the graph
    /// before it answers: its start-up to the first answer, and with its
    /// first chain, against a scan of the link table in the `sqlite3`
    /// shell.
    pub async fn b8_startup(&self, jindu: &Path, dir: &Path, port: u16) -> Vec<Row> {
        let hub = rows(
            &self.db,
            "SELECT from_person FROM person_links WHERE kind = 'supplied' GROUP BY from_person ORDER BY COUNT(*) DESC LIMIT 1",
        );
        let links = rows(&self.db, "SELECT COUNT(*) FROM person_links");
        let (mut ours, mut starts, mut scan) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..self.rounds {
            // Start-up with the graph loaded, then the first chain; the
            // sign-in between (argon2, slow by design) is left out.
            let t = Instant::now();
            let args = ["--data-dir".into(), dir.as_os_str().to_owned()];
            let server = Server::start(jindu, &args, port + round as u16).await;
            let started = t.elapsed().as_secs_f64();
            let city = server.login("city_officer").await;
            let chain = format!("/api/v1/persons/{}/chain?hops=1", hub[0][0]);
            let (first, _) = secs(city.get(&chain)).await;
            ours.push(started + first);
            starts.push(started);
            drop(server);
            scan.push(
                sqlite3(
                    &self.db,
                    "SELECT from_person, to_person, kind FROM person_links;",
                )
                .0,
            );
        }
        let (o, l, s) = (median(&ours), median(&starts), median(&scan));
        let n = &links[0][0];
        vec![
            Row::at_most(
                "B8",
                &format!(
                    "process start to its first answer, the graph of {n} links loaded, vs scanning the link table"
                ),
                ms(l),
                ms(s),
                l / s,
                3.0,
            ),
            Row::at_most(
                "B8",
                "the same and the biggest hub's first chain over HTTP (sign-in excluded), vs scanning the link table",
                ms(o),
                ms(s),
                o / s,
                3.0,
            ),
        ]
    }
}
