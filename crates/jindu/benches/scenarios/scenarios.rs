//! The scenarios of performance.md, each against its baseline in the same
//! run, interleaved A/B/A/B, medians of the rounds.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jindu_domain::IdNumber;
use serde_json::{Value, json};
use time::{Date, Duration};

use crate::baseline::{rows, sqlite3};
use crate::measure::{median, percentile, secs, throughput};
use crate::report::Row;
use crate::server::{Server, Session};

/// Concurrent clients of the throughput scenarios.
const WORKERS: usize = 8;
/// Persons per import round (and two tests each).
const IMPORT_PERSONS: usize = 5_000;
/// Single-record writes per round.
const WRITES: usize = 200;

pub struct Bench {
    pub server: Server,
    pub db: PathBuf,
    pub scratch: PathBuf,
    pub rounds: usize,
    pub seconds: f64,
    /// B1's target against the CLI: 0.05 at province scale, 0.1 at city.
    pub b1_target: f64,
    pub today: Date,
    pub leader: Session,
    pub county: Session,
    pub city: Session,
}

/// The dashboard's figures as plain SQL over the raw tables: newly found
/// (and minors) by county and month, tests by county, month and result,
/// report-ins and releases by county, month and kind, and the register by
/// county and status. It computes less than the dashboard (no schedules,
/// no relapse windows), so it flatters the baseline.
fn dashboard_sql(from: &str) -> String {
    format!(
        "SELECT substr(first_reg_date,1,7), county_code, COUNT(*), SUM(birth_date > date(first_reg_date,'-18 years')) FROM persons WHERE first_reg_date >= '{from}' GROUP BY 1,2;\
         SELECT substr(test_date,1,7), county_code, COUNT(*), SUM(result = 'negative'), SUM(result = 'positive') FROM drug_tests WHERE test_date >= '{from}' GROUP BY 1,2;\
         SELECT substr(e.on_date,1,7), m.county_code, m.kind, e.code, COUNT(*) FROM measure_events e JOIN measures m ON m.id = e.measure_id WHERE e.on_date >= '{from}' GROUP BY 1,2,3,4;\
         SELECT county_code, status, COUNT(*) FROM persons GROUP BY 1,2 ORDER BY 3 DESC;"
    )
}

pub fn first_of_month(d: Date, months_back: i32) -> Date {
    let mut y = d.year();
    let mut m = d.month() as i32 - months_back;
    while m < 1 {
        m += 12;
        y -= 1;
    }
    let month = time::Month::try_from(m as u8).unwrap_or(time::Month::January);
    Date::from_calendar_date(y, month, 1).unwrap_or(d)
}

impl Bench {
    /// B1: the leadership dashboard against the same aggregate in the
    /// `sqlite3` shell, and against the trivial handler.
    pub async fn b1_dashboard(&self) -> Vec<Row> {
        let sql = dashboard_sql(&first_of_month(self.today, 13).to_string());
        let _ = self.leader.get("/api/v1/dashboard").await;
        let (mut ours, mut cli, mut trivial) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..self.rounds {
            ours.push(secs(self.leader.get("/api/v1/dashboard")).await.0);
            cli.push(sqlite3(&self.db, &sql).0);
            trivial.push(secs(self.leader.livez()).await.0);
        }
        let (o, c, t) = (median(&ours), median(&cli), median(&trivial));
        vec![
            Row::at_most(
                "B1",
                "dashboard vs the same aggregate in the sqlite3 CLI",
                ms(o),
                ms(c),
                o / c,
                self.b1_target,
            ),
            Row::at_most(
                "B1",
                "dashboard vs a trivial handler (/livez)",
                ms(o),
                ms(t),
                o / t,
                5.0,
            ),
        ]
    }

    /// B2: a missed due date of last month gets its test; the dashboard
    /// read right after shows it. Baseline: the POST alone.
    pub async fn b2_freshness(&self) -> Vec<Row> {
        let last_month = first_of_month(self.today, 1).to_string();
        let misses = rows(
            &self.db,
            &format!(
                "SELECT person_id, substr(record_id, instr(record_id, ':') + 1) FROM indicator_members \
                 WHERE indicator = 'test_completion' AND NOT numerator AND period = '{}' ORDER BY record_id LIMIT {}",
                &last_month[..7],
                self.rounds
            ),
        );
        assert!(!misses.is_empty(), "no missed due date last month");
        let (mut post, mut visible) = (Vec::new(), Vec::new());
        for m in &misses {
            let before = done_last_month(&self.leader.get("/api/v1/dashboard").await);
            let test = json!({ "test_date": m[1], "method": "urine", "setting": "on_site", "result": "negative", "substances": [], "unannounced": false });
            let (p, _) = secs(
                self.city
                    .post(&format!("/api/v1/persons/{}/tests", m[0]), test),
            )
            .await;
            let (d, v) = secs(self.leader.get("/api/v1/dashboard")).await;
            assert_eq!(done_last_month(&v), before + 1, "the test is counted");
            post.push(p);
            visible.push(p + d);
        }
        let (p, v) = (median(&post), median(&visible));
        vec![Row::at_most(
            "B2",
            "freshness: test recorded → on the dashboard, vs the POST",
            ms(v),
            ms(p),
            v / p,
            2.0,
        )]
    }

    /// B3: a county officer pages through the register (scoped, audited)
    /// against the trivial handler, both at `WORKERS` clients.
    pub async fn b3_list(&self) -> Vec<Row> {
        let (mut ours, mut base) = (Vec::new(), Vec::new());
        for _ in 0..self.rounds {
            let s = self.county.clone();
            ours.push(
                throughput(WORKERS, self.seconds, move |w, n| {
                    let s = s.clone();
                    async move {
                        let page = (w as u64 * 7 + n) % 50 + 1;
                        s.get(&format!("/api/v1/persons?page={page}&per_page=20"))
                            .await;
                        "list"
                    }
                })
                .await
                .per_sec,
            );
            base.push(self.trivial_rate().await);
        }
        let (o, b) = (median(&ours), median(&base));
        vec![Row::at_least(
            "B3",
            "person list (20 a page, scoped, audited) vs a trivial handler",
            per_sec(o),
            per_sec(b),
            o / b,
            0.25,
        )]
    }

    async fn trivial_rate(&self) -> f64 {
        let s = self.county.clone();
        throughput(WORKERS, self.seconds, move |_, _| {
            let s = s.clone();
            async move {
                s.livez().await;
                "livez"
            }
        })
        .await
        .per_sec
    }

    /// B4: imports of persons and of their tests (validation, duplicate
    /// checks, encryption, one transaction) against `.import` of the same
    /// CSV files in the `sqlite3` shell.
    pub async fn b4_import(&self) -> Vec<Row> {
        let units = rows(
            &self.db,
            "SELECT v.code, g.code FROM org_units g JOIN org_units v ON v.id = g.parent_id WHERE g.level = 'grid' AND g.code NOT LIKE '990101%' ORDER BY g.code LIMIT 200",
        );
        let (mut persons, mut persons_cli, mut tests, mut tests_cli) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..self.rounds {
            let (pcsv, tcsv) = import_files(&units, self.next_import_window(), self.today);
            let (t, v) = secs(self.city.import(
                "/api/v1/persons/import",
                "persons.csv",
                pcsv.clone().into_bytes(),
            ))
            .await;
            assert_eq!(v["rows"], IMPORT_PERSONS);
            persons.push(IMPORT_PERSONS as f64 / t);
            persons_cli.push(IMPORT_PERSONS as f64 / self.cli_import(&pcsv, 7));
            let (t, v) = secs(self.city.import(
                "/api/v1/tests/import",
                "tests.csv",
                tcsv.clone().into_bytes(),
            ))
            .await;
            assert_eq!(v["rows"], 2 * IMPORT_PERSONS);
            tests.push(2.0 * IMPORT_PERSONS as f64 / t);
            tests_cli.push(2.0 * IMPORT_PERSONS as f64 / self.cli_import(&tcsv, 5));
        }
        let (p, pc, t, tc) = (
            median(&persons),
            median(&persons_cli),
            median(&tests),
            median(&tests_cli),
        );
        vec![
            Row::at_least(
                "B4",
                "import of persons vs sqlite3 .import of the same CSV",
                per_sec(p),
                per_sec(pc),
                p / pc,
                0.5,
            ),
            Row::at_least(
                "B4",
                "import of drug tests vs sqlite3 .import of the same CSV",
                per_sec(t),
                per_sec(tc),
                t / tc,
                0.5,
            ),
        ]
    }

    /// The next window of birth days for imported ID numbers, kept beside
    /// the database so no run imports an ID number twice.
    fn next_import_window(&self) -> i64 {
        let file = self.db.with_extension("bench-imports");
        let n = std::fs::read_to_string(&file)
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .unwrap_or(0);
        assert!(
            n < IMPORT_WINDOWS,
            "every import window is used: load the tier afresh"
        );
        std::fs::write(&file, (n + 1).to_string())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        n
    }

    /// Seconds `.import` takes to load the CSV into a fresh table of its
    /// `columns` columns in a scratch database.
    fn cli_import(&self, csv: &str, columns: usize) -> f64 {
        let file = self.scratch.join("import.csv");
        let db = self.scratch.join("import.db");
        let _ = std::fs::remove_file(&db);
        std::fs::write(&file, csv).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let cols: Vec<String> = (0..columns).map(|i| format!("c{i} TEXT")).collect();
        sqlite3(
            &db,
            &format!(
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE staging ({});",
                cols.join(", ")
            ),
        );
        sqlite3(
            &db,
            &format!(".import --csv --skip 1 {} staging", file.to_string_lossy()),
        )
        .0
    }

    /// B5: single drug tests through the API, one after another, against a
    /// loop of one-row commits in the `sqlite3` shell, both with WAL and
    /// `synchronous=FULL`.
    pub async fn b5_writes(&self) -> Vec<Row> {
        let persons = rows(
            &self.db,
            &format!(
                "SELECT id FROM persons ORDER BY id LIMIT {}",
                WRITES * self.rounds
            ),
        );
        let db = self.scratch.join("commits.db");
        let (mut ours, mut raw) = (Vec::new(), Vec::new());
        for round in 0..self.rounds {
            let (t, _) = secs(async {
                for p in persons.iter().skip(round * WRITES).take(WRITES) {
                    self.city
                        .post(
                            &format!("/api/v1/persons/{}/tests", p[0]),
                            json!({ "method": "urine", "setting": "on_site", "result": "negative", "substances": [], "unannounced": false }),
                        )
                        .await;
                }
            })
            .await;
            ours.push(WRITES as f64 / t);
            let _ = std::fs::remove_file(&db);
            sqlite3(
                &db,
                "PRAGMA journal_mode=WAL; CREATE TABLE t (id TEXT PRIMARY KEY, person_id TEXT, test_date TEXT, result TEXT, created_at INTEGER);",
            );
            // Each INSERT outside a transaction is its own commit.
            let mut sql = String::from("PRAGMA synchronous=FULL;");
            for i in 0..WRITES {
                let _ = write!(
                    sql,
                    "INSERT INTO t VALUES ('{round}-{i}', 'p{i}', '{}', 'negative', {i});",
                    self.today
                );
            }
            let (t, _) = sqlite3(&db, &sql);
            raw.push(WRITES as f64 / t);
        }
        let (o, r) = (median(&ours), median(&raw));
        vec![Row::at_least(
            "B5",
            "single drug tests (API, audited) vs raw one-row commits, synchronous=FULL",
            per_sec(o),
            per_sec(r),
            o / r,
            0.8,
        )]
    }

    /// B10: 75% lists, 20% dashboards, 5% writes at `WORKERS` clients
    /// against the trivial handler; p99 and the slowest write.
    pub async fn b10_mixed(&self) -> Vec<Row> {
        let writers = Arc::new(rows(
            &self.db,
            "SELECT id FROM persons ORDER BY id DESC LIMIT 5000",
        ));
        let (mut ours, mut base, mut all) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..self.rounds {
            let (county, leader, city) =
                (self.county.clone(), self.leader.clone(), self.city.clone());
            let writers = writers.clone();
            let load = throughput(WORKERS, self.seconds, move |w, n| {
                let (county, leader, city, writers) =
                    (county.clone(), leader.clone(), city.clone(), writers.clone());
                async move {
                    match (w as u64 * 31 + n * 17) % 100 {
                        0..=74 => {
                            county
                                .get(&format!("/api/v1/persons?page={}&per_page=20", n % 50 + 1))
                                .await;
                            "list"
                        }
                        75..=94 => {
                            leader.get("/api/v1/dashboard").await;
                            "dashboard"
                        }
                        _ => {
                            let p = &writers[(w * 997 + n as usize) % writers.len()][0];
                            city.post(
                                &format!("/api/v1/persons/{p}/tests"),
                                json!({ "method": "urine", "setting": "on_site", "result": "negative", "substances": [], "unannounced": false }),
                            )
                            .await;
                            "write"
                        }
                    }
                }
            })
            .await;
            ours.push(load.per_sec);
            all.extend(load.latencies);
            base.push(self.trivial_rate().await);
        }
        let (o, b) = (median(&ours), median(&base));
        let lat: Vec<f64> = all.iter().map(|(_, l)| *l).collect();
        let writes: Vec<f64> = all
            .iter()
            .filter(|(k, _)| *k == "write")
            .map(|(_, l)| *l)
            .collect();
        let p99 = percentile(&lat, 99.0);
        let slowest_write = writes.iter().copied().fold(0.0, f64::max);
        vec![
            Row::at_least(
                "B10",
                "mixed 75/20/5 vs a trivial handler",
                per_sec(o),
                per_sec(b),
                o / b,
                0.15,
            ),
            Row::at_most(
                "B10",
                &format!(
                    "mixed: p99 latency vs 100 ms ({} writes, slowest {})",
                    writes.len(),
                    ms(slowest_write)
                ),
                ms(p99),
                "100 ms".into(),
                p99 / 0.1,
                1.0,
            ),
        ]
    }

    /// B11: the server's peak resident memory against the database file.
    pub fn b11_memory(&self) -> Vec<Row> {
        let size = file_size(&self.db) + file_size(&self.db.with_extension("db-wal"));
        let rss = self.server.peak_rss();
        vec![Row::at_most(
            "B11",
            "server peak RSS vs the SQLite file",
            mib(rss),
            mib(size),
            rss as f64 / size as f64,
            1.5,
        )]
    }
}

/// Test completion's figure for last month on the dashboard.
fn done_last_month(v: &Value) -> i64 {
    let cards = v["cards"].as_array().cloned().unwrap_or_default();
    let card = cards
        .iter()
        .find(|c| c["definition"]["code"] == "test_completion")
        .unwrap_or_else(|| panic!("no test completion card"));
    let months = card["months"].as_array().cloned().unwrap_or_default();
    let last = months
        .iter()
        .rfind(|m| m[0] == card["last_month"])
        .unwrap_or_else(|| panic!("no figure for the last month"));
    last[1]["num"].as_i64().unwrap_or(-1)
}

/// Windows of 10 birth days from 1960 to 2004: 500 ID numbers a day.
const IMPORT_WINDOWS: i64 = 1_600;

/// A persons CSV of new ID numbers (region 990199, which the demo never
/// uses, born in the 10 days of `window`) spread over the given units, and
/// a tests CSV of two tests each.
fn import_files(units: &[Vec<String>], window: i64, today: Date) -> (String, String) {
    let mut persons =
        String::from("姓名,身份证号,联系电话,居住地代码,网格代码,现住址,首次登记日期\n");
    let mut tests = String::from("身份证号,检测日期,检测方式,检测场所,检测结果\n");
    let start = time::macros::date!(1960 - 01 - 01) + Duration::days(window * 10);
    for i in 0..IMPORT_PERSONS {
        let birth = start + Duration::days((i / 500) as i64);
        let id = IdNumber::from_parts("990199", birth, (i % 500) as u16 * 2 + 1)
            .unwrap_or_else(|e| panic!("bench ID number: {}", e.code()));
        let u = &units[i % units.len()];
        let registered = today - Duration::days(30 + (i % 300) as i64);
        let _ = writeln!(
            persons,
            "导入{i},{},154{:08},{},{},幸福路{}号,{registered}",
            id.as_str(),
            (window * 10_000 + i as i64) % 100_000_000,
            u[0],
            u[1],
            i % 200 + 1
        );
        for d in [10, 20] {
            let _ = writeln!(
                tests,
                "{},{},尿检,现场检测,阴性",
                id.as_str(),
                registered + Duration::days(d)
            );
        }
    }
    (persons, tests)
}

fn file_size(p: &Path) -> u64 {
    std::fs::metadata(p).map_or(0, |m| m.len())
}

pub fn ms(secs: f64) -> String {
    format!("{:.2} ms", secs * 1_000.0)
}

fn per_sec(n: f64) -> String {
    format!("{n:.0}/s")
}

fn mib(bytes: u64) -> String {
    format!("{:.0} MiB", bytes as f64 / 1_048_576.0)
}
