//! The national-lite tier on PostgreSQL: generated with
//! `jindu demo --database-url`, served with `jindu serve --database-url`,
//! and B9, the dashboard against the same aggregate in `psql`.

use std::process::Command;
use std::time::Instant;

use time::Date;

use crate::measure::{median, secs};
use crate::report::Row;
use crate::scenarios::{first_of_month, ms};
use crate::server::Session;

/// Admin URL of the PostgreSQL server (`JINDU_BENCH_PG`), trust auth on
/// 127.0.0.1 by default.
pub fn admin_url() -> String {
    std::env::var("JINDU_BENCH_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// The URL of database `name` on the admin URL's server.
pub fn database_url(admin: &str, name: &str) -> String {
    match admin.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{name}"),
        None => panic!("JINDU_BENCH_PG is not a URL: {admin}"),
    }
}

/// Runs SQL in `psql`; answers its wall time (start-up included, as for
/// the `sqlite3` shell) and its unaligned output.
pub fn psql(url: &str, sql: &str) -> (f64, String) {
    let t = Instant::now();
    let out = Command::new("psql")
        .args([
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            url,
            "-c",
            sql,
        ])
        .output()
        .unwrap_or_else(|e| panic!("psql (apt-get install postgresql-client): {e}"));
    let secs = t.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "psql failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (secs, String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Rows of `psql` output, split on `|`.
pub fn rows(url: &str, sql: &str) -> Vec<Vec<String>> {
    psql(url, sql)
        .1
        .lines()
        .map(|l| l.split('|').map(str::to_string).collect())
        .collect()
}

/// Whether database `name` exists.
pub fn exists(admin: &str, name: &str) -> bool {
    let sql = format!("SELECT 1 FROM pg_database WHERE datname = '{name}'");
    psql(admin, &sql).1.trim() == "1"
}

/// B1's aggregate in PostgreSQL's dialect: the same figures from the raw
/// tables (and the same flattering omissions).
fn dashboard_sql(from: &str) -> String {
    format!(
        "SELECT to_char(first_reg_date, 'YYYY-MM'), county_code, COUNT(*), COUNT(*) FILTER (WHERE birth_date > first_reg_date - INTERVAL '18 years') FROM persons WHERE first_reg_date >= DATE '{from}' GROUP BY 1,2;\
         SELECT to_char(test_date, 'YYYY-MM'), county_code, COUNT(*), COUNT(*) FILTER (WHERE result = 'negative'), COUNT(*) FILTER (WHERE result = 'positive') FROM drug_tests WHERE test_date >= DATE '{from}' GROUP BY 1,2;\
         SELECT to_char(e.on_date, 'YYYY-MM'), m.county_code, m.kind, e.code, COUNT(*) FROM measure_events e JOIN measures m ON m.id = e.measure_id WHERE e.on_date >= DATE '{from}' GROUP BY 1,2,3,4;\
         SELECT county_code, status, COUNT(*) FROM persons GROUP BY 1,2 ORDER BY 3 DESC;"
    )
}

/// B9: the leader's dashboard on PostgreSQL against the same aggregate in
/// `psql`, interleaved, medians of the rounds; and against `/livez`.
pub async fn b9_dashboard(leader: &Session, url: &str, today: Date, rounds: usize) -> Vec<Row> {
    let sql = dashboard_sql(&first_of_month(today, 13).to_string());
    let _ = leader.get("/api/v1/dashboard").await;
    let (mut ours, mut cli, mut trivial) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        ours.push(secs(leader.get("/api/v1/dashboard")).await.0);
        cli.push(psql(url, &sql).0);
        trivial.push(secs(leader.livez()).await.0);
    }
    let (o, c, t) = (median(&ours), median(&cli), median(&trivial));
    vec![
        Row::at_most(
            "B9",
            "dashboard on PostgreSQL vs the same aggregate in psql",
            ms(o),
            ms(c),
            o / c,
            0.05,
        ),
        Row::at_most(
            "B9",
            "dashboard on PostgreSQL vs a trivial handler (/livez)",
            ms(o),
            ms(t),
            o / t,
            5.0,
        ),
    ]
}
