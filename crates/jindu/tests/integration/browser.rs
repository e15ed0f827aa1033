//! Browser journeys in Debian's Chromium, driven through chromedriver with a
//! small W3C WebDriver client (a few HTTP calls; no extra crate). Screenshots
//! of the main pages go to target/screenshots/. Without chromedriver the
//! tests are skipped, unless JINDU_REQUIRE_BROWSER=1 (CI), where that fails.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::{PASSWORD, TempDir, TestServer};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub(crate) struct Browser {
    driver: Child,
    http: reqwest::Client,
    base: String,
    _profile: TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn find_exe(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

pub(crate) fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

impl Browser {
    pub(crate) async fn start() -> Option<Browser> {
        let required = std::env::var("JINDU_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
        let (Some(driver), Some(chrome)) = (
            find_exe(&["chromedriver"]),
            find_exe(&["chromium", "chromium-browser", "google-chrome"]),
        ) else {
            assert!(
                !required,
                "JINDU_REQUIRE_BROWSER=1 but chromium/chromedriver are not installed"
            );
            eprintln!("browser tests skipped: chromium and chromedriver not found");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let profile = TempDir::new();
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if http.get(format!("{base}/status")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let caps = json!({ "capabilities": { "alwaysMatch": { "browserName": "chrome", "goog:chromeOptions": {
            "binary": chrome.to_string_lossy(),
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--lang=zh-CN",
                     format!("--user-data-dir={}", profile.0.display()), "--window-size=1366,900"]
        } } } });
        let v: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("webdriver session: {v}"))
            .to_string();
        Some(Browser {
            driver: child,
            http,
            base: format!("{base}/session/{session}"),
            _profile: profile,
        })
    }

    pub(crate) async fn cmd(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        let mut req = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let v: Value = req.send().await.unwrap().json().await.unwrap();
        if v["value"].get("error").is_some() {
            panic!("webdriver {path}: {}", v["value"]);
        }
        v["value"].clone()
    }

    pub(crate) async fn goto(&self, url: &str) {
        self.cmd(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await;
    }

    pub(crate) async fn find(&self, css: &str) -> String {
        let v = self
            .cmd(
                reqwest::Method::POST,
                "/element",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await;
        v[ELEMENT].as_str().unwrap().to_string()
    }

    pub(crate) async fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{id}/clear"),
            Some(json!({})),
        )
        .await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        )
        .await;
    }

    pub(crate) async fn click(&self, css: &str) {
        let id = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{id}/click"),
            Some(json!({})),
        )
        .await;
    }

    pub(crate) async fn source(&self) -> String {
        self.cmd(reqwest::Method::GET, "/source", None)
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// Signs out by forgetting the session cookie.
    pub(crate) async fn clear_cookies(&self) {
        self.cmd(reqwest::Method::DELETE, "/cookie", None).await;
    }

    pub(crate) async fn url(&self) -> String {
        self.cmd(reqwest::Method::GET, "/url", None)
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    pub(crate) async fn size(&self, w: u32, h: u32) {
        self.cmd(
            reqwest::Method::POST,
            "/window/rect",
            Some(json!({ "width": w, "height": h })),
        )
        .await;
    }

    pub(crate) async fn screenshot(&self, name: &str) {
        let v = self.cmd(reqwest::Method::GET, "/screenshot", None).await;
        let png = data_encoding::BASE64
            .decode(v.as_str().unwrap().as_bytes())
            .unwrap();
        assert!(png.len() > 1000, "screenshot {name} is empty");
        std::fs::write(screenshot_dir().join(format!("{name}.png")), png).unwrap();
    }

    /// Waits until the page source contains `text`.
    pub(crate) async fn wait_for(&self, text: &str) -> String {
        for _ in 0..50 {
            let s = self.source().await;
            if s.contains(text) {
                return s;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "page at {} never showed {text:?}:\n{}",
            self.url().await,
            self.source().await
        );
    }

    pub(crate) async fn login(&self, s: &TestServer, user: &str) {
        self.login_at(&s.url(""), user, PASSWORD).await;
    }

    /// Signs in on the server at `base` (a test server or the demo).
    pub(crate) async fn login_at(&self, base: &str, user: &str, password: &str) {
        self.goto(&format!("{base}/login")).await;
        self.wait_for("用户登录").await;
        self.type_into("#username", user).await;
        self.type_into("#password", password).await;
        self.click("button[type=submit].btn-primary").await;
        // Until the sign-in has landed, so a next `goto` cannot overtake it.
        for _ in 0..50 {
            if !self.url().await.contains("/login") && self.source().await.contains("signed-in") {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

#[tokio::test]
async fn officer_registers_and_views_a_person_and_switches_language() {
    let Some(b) = Browser::start().await else {
        return;
    };
    let s = TestServer::start().await;
    b.goto(&s.url("/login")).await;
    b.wait_for("用户登录").await;
    b.screenshot("01-login").await;
    b.login(&s, "countyofficer_a").await;
    b.wait_for("工作台").await;
    b.screenshot("02-workbench").await;
    b.click("a[href='/persons']").await;
    b.wait_for("吸毒人员登记").await;
    b.screenshot("03-person-list").await;
    // Register: choose the residence (the script submits on change; the
    // button is the no-script path), then fill the form.
    b.goto(&s.url("/persons/new")).await;
    b.wait_for("请先选择居住地").await;
    b.click(&format!(
        "#residence option[value='{}']",
        s.fx.units["village_a"].id
    ))
    .await;
    b.click("form button[type=submit].btn-primary").await;
    b.wait_for("第一网格").await;
    b.type_into("#name", "周浏览").await;
    b.type_into("#id_number", &crate::harness::id_number("990101", 55))
        .await;
    b.type_into("#phone", "15400005555").await;
    b.click(&format!(
        "#grid option[value='{}']",
        s.fx.units["grid_a"].id
    ))
    .await;
    b.type_into("#residence_address", "江城区浏览路1号").await;
    b.screenshot("04-person-new").await;
    b.click("form button[type=submit].btn-primary").await;
    let html = b.wait_for("登记成功").await;
    assert!(html.contains("周浏览") && html.contains("154****5555"));
    b.screenshot("05-person-view").await;
    // Order community detox from the file: its deadlines appear with how
    // each was computed.
    b.click("#measures details.edit summary").await;
    b.click("#kind option[value='community_detox']").await;
    b.click("#measures form[action$='/measures'] button[type=submit]")
        .await;
    let html = b.wait_for("措施已登记").await;
    assert!(html.contains("报到期限"), "report-in deadline listed");
    b.screenshot("05b-person-measure").await;
    // Language switch, remembered on the account.
    b.click("button[name=lang][value=en]").await;
    b.wait_for("Person file").await;
    b.screenshot("06-person-view-en").await;
    b.goto(&s.url("/persons")).await;
    b.wait_for("Person register").await;
    b.click("button[name=lang][value=zh]").await;
    b.wait_for("吸毒人员登记").await;
    // Import: a CSV with one good and one bad row, dry run.
    let csv = s.scratch_dir().join("import.csv");
    let good = crate::harness::id_number("990101", 66);
    let mut bad = crate::harness::id_number("990101", 67);
    bad.replace_range(17.., if bad.ends_with('1') { "2" } else { "1" });
    std::fs::write(&csv, format!("姓名,身份证号,居住地代码,现住址\n吴导入,{good},990101001001,江城区导入路1号\n郑错误,{bad},990101001001,\n")).unwrap();
    b.goto(&s.url("/persons/import")).await;
    b.wait_for("批量导入人员").await;
    b.type_into("#file", csv.to_str().unwrap()).await;
    b.click("button[name=mode][value=dry]").await;
    let html = b.wait_for("存在错误").await;
    assert!(html.contains("校验位不正确"));
    b.screenshot("14-person-import").await;
    // Phone width (375 px): the work pages stay usable.
    b.size(390, 844).await;
    b.goto(&s.url("/persons")).await;
    b.wait_for("吸毒人员登记").await;
    b.screenshot("07-person-list-phone").await;
}

#[tokio::test]
async fn administrators_sign_in_with_their_second_factor() {
    let Some(b) = Browser::start().await else {
        return;
    };
    let s = TestServer::start().await;
    b.login(&s, "sysadmin_city").await;
    b.wait_for("双因素认证").await;
    b.screenshot("08-mfa").await;
    b.type_into("#code", &s.totp_next()).await;
    b.click("button[type=submit].btn-primary").await;
    b.wait_for("工作台").await;
    b.goto(&s.url(&format!("/orgs?parent={}", s.fx.units["town_a"].id)))
        .await;
    b.wait_for("新增下级单位").await;
    b.screenshot("09-orgs").await;
    b.click("form[action='/logout'] button").await;
    b.wait_for("您已安全退出").await;

    b.login(&s, "auditor_city").await;
    b.wait_for("双因素认证").await;
    b.type_into("#code", &s.totp_next()).await;
    b.click("button[type=submit].btn-primary").await;
    b.wait_for("工作台").await;
    b.click("a[href='/audit']").await;
    b.wait_for("auth.login").await;
    b.screenshot("10-audit").await;
}

#[tokio::test]
async fn a_new_administrator_changes_the_password_and_enrols_a_second_factor() {
    let Some(b) = Browser::start().await else {
        return;
    };
    let s = TestServer::start().await;
    let sec = jindu_store::service::Actor::cli(
        jindu_domain::authz::Role::SecAdmin,
        &s.fx.units["city"].path,
    );
    let (_, one_time) = s
        .ctx
        .user_create(
            &sec,
            "newsec",
            "新安全管理员",
            s.fx.units["city"].id,
            jindu_domain::authz::Role::SecAdmin,
        )
        .await
        .unwrap();
    b.goto(&s.url("/login")).await;
    b.wait_for("用户登录").await;
    b.type_into("#username", "newsec").await;
    b.type_into("#password", &one_time).await;
    b.click("button[type=submit].btn-primary").await;
    b.wait_for("首次登录或密码已过期").await;
    b.type_into("#current", &one_time).await;
    b.type_into("#new", "Lr5$kQw8!zTm").await;
    b.type_into("#confirm", "Lr5$kQw8!zTm").await;
    b.click("button[type=submit].btn-primary").await;
    let html = b.wait_for("设置双因素认证").await;
    assert!(html.contains("<svg"), "QR code drawn on the server");
    b.screenshot("11-enrol").await;
    let secret: String = html
        .split("class=\"secret\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .replace(' ', "");
    let raw = jindu_domain::totp::decode_secret(&secret).unwrap();
    let code = format!(
        "{:06}",
        jindu_domain::totp::code_at(&raw, jindu_domain::totp::step_of(s.clock_ms() / 1000), 6)
    );
    b.type_into("#code", &code).await;
    b.click("button[type=submit].btn-primary").await;
    b.wait_for("恢复码").await;
    b.screenshot("12-recovery-codes").await;
    b.click("a.btn-primary").await;
    b.wait_for("工作台").await;
    b.click("a[href='/users']").await;
    b.wait_for("newsec").await;
    b.screenshot("13-users").await;
}

#[tokio::test]
async fn social_worker_records_an_overdue_visit_on_a_phone() {
    let Some(b) = Browser::start().await else {
        return;
    };
    let s = TestServer::start().await;
    // 2026-11-29: a2 reported in on 2026-10-15, the monthly visit of
    // 2026-11-15 is overdue.
    s.clock.set_ms(1_795_924_800_000);
    let api = s.login("socialworker_a").await;
    let p = s.fx.persons["a2"].clone();
    let r = api
        .post_json(
            &format!("/api/v1/persons/{p}/measures"),
            json!({ "kind": "community_detox", "decided_on": "2026-10-08", "served_on": "2026-10-09" }),
        )
        .await;
    let m = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    for ev in ["report_in", "sign_agreement"] {
        api.post_json(
            &format!("/api/v1/measures/{m}/events"),
            json!({ "event": ev, "on": "2026-10-15" }),
        )
        .await;
    }
    b.size(390, 844).await;
    b.login(&s, "socialworker_a").await;
    let html = b.wait_for("待办事项").await;
    assert!(html.contains("走访逾期"));
    b.screenshot("15-queue-visit-overdue-phone").await;
    b.goto(&s.url(&format!("/persons/{p}#visits"))).await;
    b.wait_for("走访帮扶").await;
    b.click("#visits details.edit summary").await;
    b.click("#visit_kind option[value='home_visit']").await;
    b.click("#visit_outcome option[value='situation_changed']")
        .await;
    b.type_into("#visit_notes", "已找到临时工作，情绪稳定")
        .await;
    b.click("#visits form[action$='/visits'] button[type=submit]")
        .await;
    let html = b.wait_for("走访已记录").await;
    assert!(html.contains("已找到临时工作，情绪稳定") && html.contains("情况有变化"));
    b.screenshot("16-person-visits-phone").await;
    b.goto(&s.url("/queue")).await;
    let html = b.wait_for("待办事项").await;
    assert!(!html.contains("走访逾期"), "the visit cleared the item");
    // The plan and the support given, on a desktop screen.
    let r = api
        .http
        .put(s.url(&format!("/api/v1/persons/{p}/support-plan")))
        .header("x-csrf-token", &api.csrf)
        .json(&json!({ "poverty_relief": true, "goals": [
            { "kind": "relief", "sub_kinds": ["minimum_allowance"], "goal": "协助申请低保" },
            { "kind": "employment", "sub_kinds": ["skills_training", "job_referral"], "goal": "参加技能培训，推荐稳定就业" }
        ] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = api
        .post_json(
            &format!("/api/v1/persons/{p}/support"),
            json!({ "support_date": "2026-11-20", "kind": "relief", "sub_kind": "minimum_allowance", "provider": "城关镇民政办", "outcome": "granted" }),
        )
        .await;
    assert_eq!(r.status(), 201);
    b.size(1366, 900).await;
    b.goto(&s.url(&format!("/persons/{p}#visits"))).await;
    b.wait_for("协助申请低保").await;
    b.screenshot("17-person-visits-support").await;
}
