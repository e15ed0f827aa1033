//! The benchmark runner of performance.md: builds (once) a data tier with
//! `jindu demo --scale`, serves it with `jindu serve`, runs scenarios B1–B8,
//! B10 and B11 side by side with their baselines (B9 at the national-lite
//! tier, on PostgreSQL), prints the table and writes it into
//! docs/performance.md.
//!
//! `bench/run city` (or `province`) runs it; see bench/README.md. Not a
//! test: CI never times anything.

mod analysis;
mod baseline;
mod measure;
mod postgres;
mod report;
mod scenarios;
mod server;
mod strike;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use report::Row;
use scenarios::Bench;
use server::Server;

struct Args {
    tier: String,
    rounds: usize,
    seconds: f64,
    data_root: PathBuf,
    out: PathBuf,
}

fn args(root: &Path) -> Args {
    let mut a = Args {
        tier: "city".into(),
        rounds: 5,
        seconds: 3.0,
        data_root: root.join("target/bench-data"),
        out: root.join("docs/performance.md"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--tier" => a.tier = value(),
            "--rounds" => a.rounds = value().parse().unwrap_or(5).max(5),
            "--seconds" => a.seconds = value().parse().unwrap_or(3.0),
            "--data-root" => a.data_root = value().into(),
            "--out" => a.out = value().into(),
            // `cargo bench` passes --bench.
            _ => {}
        }
    }
    a
}

#[tokio::main]
async fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let a = args(&root);
    let jindu = Path::new(env!("CARGO_BIN_EXE_jindu"));
    let dir = a.data_root.join(&a.tier);
    let db = dir.join("jindu.db");
    let mut context = vec![
        ("tier", a.tier.clone()),
        ("run", now()),
        ("commit", git(&root, &["rev-parse", "--short", "HEAD"])),
        (
            "cores",
            std::thread::available_parallelism()
                .map_or(0, |n| n.get())
                .to_string(),
        ),
        (
            "rounds",
            format!(
                "{} (medians), {} s per throughput round",
                a.rounds, a.seconds
            ),
        ),
    ];
    if a.tier == "national-lite" {
        let rows = national_lite(jindu, &a, &dir, &mut context).await;
        return finish(&a, &context, &rows);
    }
    if !db.exists() {
        let took = generate(jindu, &a.tier, &[OsStr::new("--data-dir"), dir.as_os_str()]);
        context.push(("tier generated in", took));
    }
    let counts = baseline::rows(&db, COUNTS);
    context.extend(data(counts.first()));
    let db_args = ["--data-dir".into(), dir.clone().into_os_string()];
    let server = Server::start(jindu, &db_args, port()).await;
    let (leader, county, city) = (
        server.login("leader").await,
        server.login("county_officer").await,
        server.login("city_officer").await,
    );
    let bench = Bench {
        db: db.clone(),
        scratch: dir.clone(),
        rounds: a.rounds,
        seconds: a.seconds,
        b1_target: if a.tier == "city" { 0.1 } else { 0.05 },
        today: today(),
        leader,
        county,
        city,
        server,
    };
    let mut rows = Vec::new();
    rows.extend(bench.b1_dashboard().await);
    rows.extend(bench.b2_freshness().await);
    rows.extend(bench.b3_list().await);
    rows.extend(bench.b4_import().await);
    rows.extend(bench.b5_writes().await);
    rows.extend(bench.b10_mixed().await);
    rows.extend(bench.b6_chains().await);
    // B7 is a city-graph scenario (performance.md): networkx's exact
    // betweenness, 100–170 s there, would take about half an hour at province.
    if a.tier == "city" {
        rows.extend(bench.b7_analysis());
    }
    rows.extend(bench.b8_startup(jindu, &dir, port() + 100).await);
    rows.extend(bench.b11_memory());
    finish(&a, &context, &rows);
}

/// Prints the tier's table and writes it into docs/performance.md.
fn finish(a: &Args, context: &[(&str, String)], rows: &[Row]) {
    let section = report::section(&a.tier, context, rows);
    println!("{section}");
    report::write(&a.out, &a.tier, &section);
    println!("written to {}", a.out.display());
}

/// The volume of the tier, as the baselines' shell counts it.
const COUNTS: &str = "SELECT (SELECT COUNT(*) FROM persons), (SELECT COUNT(*) FROM measures WHERE NOT closed), (SELECT COUNT(*) FROM drug_tests), (SELECT COUNT(*) FROM indicator_members)";

fn data(counts: Option<&Vec<String>>) -> Option<(&'static str, String)> {
    let c = counts.filter(|c| c.len() == 4)?;
    Some((
        "data",
        format!(
            "{} persons, {} open measures, {} drug tests, {} indicator members",
            c[0], c[1], c[2], c[3]
        ),
    ))
}

fn port() -> u16 {
    18_000 + std::process::id() as u16 % 1_000
}

/// Generates the tier with `jindu demo --load-only`; answers how long it took.
fn generate(jindu: &Path, tier: &str, db: &[&OsStr]) -> String {
    let t = Instant::now();
    let status = Command::new(jindu)
        .args(["demo", "--load-only", "--scale", tier])
        .args(db)
        .status()
        .unwrap_or_else(|e| panic!("jindu demo: {e}"));
    assert!(status.success(), "jindu demo --scale {tier} failed");
    format!("{:.0} s", t.elapsed().as_secs_f64())
}

/// The national-lite tier lives in PostgreSQL database
/// `jindu_bench_national_lite` (its keys in the tier's directory); drop
/// the database to regenerate it. Only B9 runs there.
async fn national_lite(
    jindu: &Path,
    a: &Args,
    dir: &Path,
    context: &mut Vec<(&'static str, String)>,
) -> Vec<Row> {
    let admin = postgres::admin_url();
    let name = "jindu_bench_national_lite";
    let url = postgres::database_url(&admin, name);
    if !postgres::exists(&admin, name) {
        postgres::psql(&admin, &format!("CREATE DATABASE {name}"));
        let db = [
            OsStr::new("--database-url"),
            OsStr::new(&url),
            OsStr::new("--data-dir"),
            dir.as_os_str(),
        ];
        context.push(("tier generated in", generate(jindu, &a.tier, &db)));
    }
    context.push(("database", "PostgreSQL".into()));
    context.extend(data(postgres::rows(&url, COUNTS).first()));
    let db_args = [
        "--database-url".into(),
        url.clone().into(),
        "--key-dir".into(),
        dir.as_os_str().to_owned(),
    ];
    let server = Server::start(jindu, &db_args, port()).await;
    let leader = server.login("leader").await;
    postgres::b9_dashboard(&leader, &url, today(), a.rounds).await
}

/// Today in the office's time zone (UTC+8), as the server counts it.
fn today() -> time::Date {
    time::OffsetDateTime::now_utc()
        .to_offset(time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC))
        .date()
}

fn now() -> String {
    let f = time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::now_utc()
        .format(&f)
        .unwrap_or_default()
}

fn git(root: &Path, args: &[&str]) -> String {
    Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}
