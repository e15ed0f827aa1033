//! The social worker's morning on the demo city, in Chromium: the work
//! queue the demo's histories produce lists tests due, and recording the
//! test on the person's file removes the item. Runs the real `jindu demo`
//! command, so it also proves the demo starts and serves, on SQLite and
//! (with JINDU_TEST_PG) on PostgreSQL.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::browser::Browser;
use crate::harness::TempDir;

/// The demo's default password (`jindu demo --password`).
const DEMO_PASSWORD: &str = "Jindu-Demo-2026!";

/// The demo server, stopped when the test ends (or fails).
struct Demo {
    child: Child,
    base: String,
    _dir: TempDir,
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Demo {
    async fn start() -> Demo {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = TempDir::new();
        let mut demo = Command::new(env!("CARGO_BIN_EXE_jindu"));
        demo.arg("demo").arg("--data-dir").arg(dir.0.join("demo"));
        // On PostgreSQL too when the run has it: the demo loads there the
        // same way (its keys stay in the data directory).
        if let Some(url) = crate::harness::pg_url().await {
            demo.arg("--database-url").arg(url);
        }
        let child = demo
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let demo = Demo {
            child,
            base: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        };
        // Generating the city and its histories takes a while in a debug
        // build; the health check answers once it serves.
        let http = reqwest::Client::new();
        for _ in 0..600 {
            if let Ok(r) = http.get(format!("{}/healthz", demo.base)).send().await
                && r.status() == 200
            {
                return demo;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        panic!("the demo did not start within 5 minutes");
    }
}

/// The person of the first test item (due or overdue) in a queue page.
fn first_test_item(html: &str) -> Option<String> {
    html.split("<tr").find_map(|row| {
        if !(row.contains("检测逾期") || row.contains("应检测")) {
            return None;
        }
        let at = row.find("/persons/")? + "/persons/".len();
        Some(
            row[at..]
                .chars()
                .take_while(|c| *c != '"' && *c != '#')
                .collect(),
        )
    })
}

fn has_test_item(html: &str, person: &str) -> bool {
    html.split("<tr")
        .any(|row| row.contains(person) && (row.contains("检测逾期") || row.contains("应检测")))
}

#[tokio::test]
async fn the_social_worker_clears_a_demo_test_item_by_recording_the_test() {
    let Some(b) = Browser::start().await else {
        return;
    };
    let demo = Demo::start().await;
    b.size(1366, 900).await;
    b.login_at(&demo.base, "social_worker", DEMO_PASSWORD).await;
    let html = b.wait_for("待办事项").await;
    // The demo's histories give the social worker real work: tests,
    // visits and assessments due or overdue.
    let person = first_test_item(&html).expect("the demo queue lists a test due or overdue");
    assert!(
        html.contains("走访") || html.contains("评估"),
        "more than tests"
    );
    b.screenshot("20-demo-queue-before").await;

    b.goto(&format!("{}/persons/{person}#tests", demo.base))
        .await;
    b.wait_for("检测记录").await;
    b.click("#tests details.edit summary").await;
    b.click("#result option[value='negative']").await;
    b.click("#tests form[action$='/tests'] button[type=submit]")
        .await;
    let html = b.wait_for("检测已记录").await;
    assert!(html.contains("阴性"));
    b.screenshot("21-demo-test-recorded").await;

    b.goto(&format!("{}/queue", demo.base)).await;
    let html = b.wait_for("待办事项").await;
    assert!(
        !has_test_item(&html, &person),
        "recording the test cleared the item"
    );
    b.screenshot("22-demo-queue-after").await;

    // The leader's dashboard of the whole city, and a county officer's of
    // the county alone.
    b.clear_cookies().await;
    b.login_at(&demo.base, "leader", DEMO_PASSWORD).await;
    b.goto(&format!("{}/dashboard", demo.base)).await;
    let html = b.wait_for("禁毒工作驾驶舱").await;
    assert!(html.contains("社区戒毒康复执行率") && html.contains("<svg"));
    assert!(
        html.contains("江城区") && html.contains("桃源县"),
        "all counties ranked"
    );
    b.screenshot("23-demo-dashboard-leader").await;
    b.goto(&format!("{}/reports/monthly", demo.base)).await;
    b.wait_for("环比变化").await;
    b.screenshot("24-demo-monthly-report").await;
    b.clear_cookies().await;
    b.login_at(&demo.base, "county_officer", DEMO_PASSWORD)
        .await;
    b.goto(&format!("{}/dashboard", demo.base)).await;
    let html = b.wait_for("禁毒工作驾驶舱").await;
    assert!(html.contains("驾驶舱 · 江城区"));
    assert!(!html.contains("桃源县"), "another county is not shown");
    b.screenshot("25-demo-dashboard-county").await;
}
