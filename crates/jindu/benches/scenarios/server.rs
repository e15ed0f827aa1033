//! The server under test: `jindu serve` on the tier's data directory as a
//! child process, its sessions, and its peak memory.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Password of the demo accounts (`jindu demo`'s default).
pub const PASSWORD: &str = "Jindu-Demo-2026!";

pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    /// Starts `jindu serve` and waits until it answers `/livez`;
    /// `db` are the options that give the database (`--data-dir DIR`, or
    /// `--database-url URL --key-dir DIR`).
    pub async fn start(jindu: &Path, db: &[std::ffi::OsString], port: u16) -> Server {
        let child = Command::new(jindu)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .args(db)
            .env("JINDU_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", jindu.display()));
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        let started = Instant::now();
        while http
            .get(format!("{base}/livez"))
            .send()
            .await
            .map_or(true, |r| !r.status().is_success())
        {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "the server did not start"
            );
            // Polled often: B8 times start-up to the first answer.
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        Server { child, base }
    }

    /// Peak resident memory of the server so far (VmHWM), in bytes.
    pub fn peak_rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    }

    /// Signs in through the JSON API.
    pub async fn login(&self, username: &str) -> Session {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .pool_max_idle_per_host(64)
            .build()
            .unwrap_or_else(|e| panic!("http client: {e}"));
        let r = http
            .post(format!("{}/api/v1/session", self.base))
            .json(&json!({ "username": username, "password": PASSWORD }))
            .send()
            .await
            .unwrap_or_else(|e| panic!("login {username}: {e}"));
        assert_eq!(r.status(), 201, "login of {username}");
        let body: Value = r.json().await.unwrap_or_default();
        Session {
            http,
            csrf: body["csrf_token"].as_str().unwrap_or_default().to_string(),
            base: self.base.clone(),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A signed-in client.
#[derive(Clone)]
pub struct Session {
    pub http: reqwest::Client,
    pub csrf: String,
    pub base: String,
}

impl Session {
    /// GET; panics unless 200, so a benchmark never times error pages.
    pub async fn get(&self, path: &str) -> Value {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        assert_eq!(r.status(), 200, "GET {path}");
        r.json().await.unwrap_or_default()
    }

    /// The trivial handler; panics unless it answers.
    pub async fn livez(&self) {
        let r = self.http.get(format!("{}/livez", self.base)).send().await;
        assert!(r.is_ok_and(|r| r.status().is_success()), "/livez");
    }

    /// POST JSON with the CSRF token; panics unless 2xx.
    pub async fn post(&self, path: &str, body: Value) -> Value {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf)
            .json(&body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        let status = r.status();
        let v: Value = r.json().await.unwrap_or_default();
        assert!(status.is_success(), "POST {path}: {status} {v}");
        v
    }

    /// An import upload (multipart, applied); panics unless every row
    /// was applied.
    pub async fn import(&self, path: &str, name: &str, csv: Vec<u8>) -> Value {
        let form = reqwest::multipart::Form::new()
            .part(
                "file",
                reqwest::multipart::Part::bytes(csv).file_name(name.to_string()),
            )
            .text("mode", "apply");
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf)
            .multipart(form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        let status = r.status();
        let v: Value = r.json().await.unwrap_or_default();
        let errors = v["errors"].as_array().cloned().unwrap_or_default();
        assert!(
            status.is_success() && errors.is_empty(),
            "POST {path}: {status}, {} errors, the first: {:?}",
            errors.len(),
            errors.first()
        );
        v
    }
}
