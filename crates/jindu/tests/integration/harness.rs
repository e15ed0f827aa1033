//! Boots the real server on 127.0.0.1:0 against a fresh database (SQLite in
//! a temp dir; PostgreSQL when JINDU_TEST_PG is set and the test asks for
//! it), with a small fixture city and one user per role.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use jindu_domain::authz::{Role, ScopeKind};
use jindu_domain::org::OrgLevel;
use jindu_domain::{IdNumber, totp};
use jindu_store::crypto::{Keys, random_bytes};
use jindu_store::service::persons::PersonInput;
use jindu_store::service::{Actor, Ctx, FixedClock, Policy, hash_password};
use jindu_store::users::{self, NewUser, UserChange};
use jindu_store::{Db, migrate, org};

pub const PASSWORD: &str = "Test-Passw0rd-Jd!";
pub const TOTP_SECRET: &[u8] = b"jindu-test-totp-secret-20b";

/// The fixture: city 990100 with counties A (990101) and B (990102); each
/// has township 001 with village 001 and grid 01; persons in both.
pub struct Fixture {
    pub units: HashMap<&'static str, org::OrgUnit>,
    /// Person ids by key ("a1", "a2", "b1", …).
    pub persons: HashMap<String, String>,
    /// Full ID numbers and phones of every fixture person (the crawl test
    /// asserts none appears unmasked).
    pub secrets: Vec<String>,
    pub names_b: Vec<String>,
    pub user_ids: HashMap<String, i64>,
    /// A measure of county B.
    pub measure_b: String,
    /// A strong suspect of county B.
    pub suspect_b: String,
    /// A document of county B's first person.
    pub attachment_b: String,
    /// An undecided leave request of county B (under that measure).
    pub leave_b: String,
    /// A selling case of county B with b3 as seller.
    pub case_b: String,
    /// b3's up/down-line trace task, opened by that case.
    pub trace_b: String,
    /// A lead of county B.
    pub lead_b: String,
}

pub struct TestServer {
    pub base: String,
    pub ctx: Ctx,
    pub clock: Arc<FixedClock>,
    pub fx: Fixture,
    _dir: TempDir,
    _task: tokio::task::JoinHandle<()>,
}

pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        let p = std::env::temp_dir().join(format!(
            "jindu-it-{}",
            data_encoding::HEXLOWER.encode(&random_bytes::<8>())
        ));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn password_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| {
        std::thread::spawn(|| {
            tokio::runtime::Runtime::new()
                .unwrap()
                .block_on(hash_password(PASSWORD))
                .unwrap()
        })
        .join()
        .unwrap()
    })
}

pub fn now_ms() -> i64 {
    jindu_store::now_ms()
}

/// The URL of a fresh, empty PostgreSQL database when JINDU_TEST_PG is set.
pub async fn pg_url() -> Option<String> {
    let admin = std::env::var("JINDU_TEST_PG").ok()?;
    let name = format!(
        "jindu_it_{}",
        data_encoding::HEXLOWER.encode(&random_bytes::<6>())
    );
    Some(
        Db::create_pg_database(&admin, &name)
            .await
            .expect("JINDU_TEST_PG reachable"),
    )
}

/// A fresh PostgreSQL database when JINDU_TEST_PG is set.
async fn pg_db() -> Option<Db> {
    Some(Db::open_pg(&pg_url().await?).await.unwrap())
}

impl TestServer {
    /// A server on PostgreSQL when JINDU_TEST_PG is set, else on SQLite.
    pub async fn start() -> TestServer {
        let dir = TempDir::new();
        let db = match pg_db().await {
            Some(db) => db,
            None => Db::open_sqlite(&dir.0.join("jindu.db")).await.unwrap(),
        };
        migrate::migrate(&db).await.unwrap();
        let keys = Arc::new(Keys::load_or_create(&dir.0).unwrap());
        let clock = Arc::new(FixedClock::new(now_ms()));
        let ctx = Ctx {
            db,
            keys,
            clock: clock.clone(),
            policy: Policy::default(),
            calendar: std::sync::Arc::new(jindu_domain::HolidayCalendar::china_2024_2026()),
            group_audit: Default::default(),
            links: Default::default(),
            rebuilding: Default::default(),
        };
        let fx = seed(&ctx).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let served = ctx.clone();
        let task = tokio::spawn(async move {
            let _ = jindu_web::serve(served, jindu_web::WebConfig::default(), listener).await;
        });
        TestServer {
            base: format!("http://{addr}"),
            ctx,
            clock,
            fx,
            _dir: dir,
            _task: task,
        }
    }

    /// A scratch directory removed with the server.
    pub fn scratch_dir(&self) -> &std::path::Path {
        &self._dir.0
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn totp_now(&self) -> String {
        let step = totp::step_of(self.clock_ms() / 1000);
        format!("{:06}", totp::code_at(TOTP_SECRET, step, 6))
    }

    /// A TOTP code of a later step (the previous one cannot be replayed).
    pub fn totp_next(&self) -> String {
        self.clock.advance_ms(30_000);
        self.totp_now()
    }

    pub fn clock_ms(&self) -> i64 {
        use jindu_store::service::Clock as _;
        self.clock.now_ms()
    }

    pub async fn audit_count(&self) -> i64 {
        jindu_store::audit::count(&self.ctx.db).await.unwrap()
    }

    pub async fn last_events(&self, n: i64) -> Vec<String> {
        let (entries, _) = jindu_store::audit::search(&self.ctx.db, &Default::default(), 0, n)
            .await
            .unwrap();
        entries.into_iter().map(|e| e.event).collect()
    }

    /// A client signed in as `username` (through the JSON API, TOTP when
    /// the role needs it), with its CSRF token.
    pub async fn login(&self, username: &str) -> Client {
        let c = Client::new(self);
        let totp = self.fx.user_ids.get(username).and_then(|_| {
            let role = username.split('_').next().unwrap_or("");
            matches!(role, "sysadmin" | "secadmin" | "auditor").then(|| self.totp_next())
        });
        let r = c
            .http
            .post(self.url("/api/v1/session"))
            .json(&serde_json::json!({ "username": username, "password": PASSWORD, "totp": totp }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            201,
            "login of {username}: {}",
            r.text().await.unwrap()
        );
        let body: serde_json::Value = r.json().await.unwrap();
        Client {
            csrf: body["csrf_token"].as_str().unwrap().to_string(),
            ..c
        }
    }
}

pub struct Client {
    pub http: reqwest::Client,
    pub csrf: String,
    pub base: String,
}

impl Client {
    pub fn new(s: &TestServer) -> Client {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Client {
            http,
            csrf: String::new(),
            base: s.base.clone(),
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{}", self.base, path))
            .send()
            .await
            .unwrap()
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let r = self.get(path).await;
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// A form post with the CSRF token, as a browser on our pages sends it.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut f: Vec<(&str, &str)> = fields.to_vec();
        f.push(("_csrf", &self.csrf));
        self.http
            .post(format!("{}{}", self.base, path))
            .form(&f)
            .send()
            .await
            .unwrap()
    }

    pub async fn post_json(&self, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.http
            .post(format!("{}{}", self.base, path))
            .header("x-csrf-token", &self.csrf)
            .json(&body)
            .send()
            .await
            .unwrap()
    }
}

/// The roles of the fixture users; every role exists in county A (and the
/// city-level ones at the city), named `<prefix>_<where>`.
pub const ROLE_USERS: &[(&str, Role)] = &[
    ("sysadmin", Role::SysAdmin),
    ("secadmin", Role::SecAdmin),
    ("auditor", Role::AuditAdmin),
    ("cityofficer", Role::CityOfficer),
    ("countyofficer", Role::CountyOfficer),
    ("townshipofficer", Role::TownshipOfficer),
    ("socialworker", Role::SocialWorker),
    ("police", Role::PoliceOfficer),
    ("leader", Role::Leader),
];

/// Synthetic ID numbers (region prefix 99) for fixture persons.
pub fn id_number(region: &str, n: u16) -> String {
    let birth = time::Date::from_calendar_date(
        1980 + (n % 20) as i32,
        time::Month::March,
        1 + (n % 27) as u8,
    )
    .unwrap();
    IdNumber::from_parts(region, birth, 100 + n)
        .unwrap()
        .as_str()
        .to_string()
}

async fn seed(ctx: &Ctx) -> Fixture {
    let now = now_ms();
    let mut tx = ctx.db.begin().await.unwrap();
    let mut units = HashMap::new();
    let city = org::insert(&mut tx, None, OrgLevel::City, "990100", "南江市", now)
        .await
        .unwrap();
    for (key, code, name) in [("a", "990101", "江城区"), ("b", "990102", "青溪县")] {
        let county = org::insert(&mut tx, Some(&city), OrgLevel::County, code, name, now)
            .await
            .unwrap();
        let town = org::insert(
            &mut tx,
            Some(&county),
            OrgLevel::Township,
            &format!("{code}001"),
            &format!("{name}城关镇"),
            now,
        )
        .await
        .unwrap();
        let village = org::insert(
            &mut tx,
            Some(&town),
            OrgLevel::Village,
            &format!("{code}001001"),
            &format!("{name}和平社区"),
            now,
        )
        .await
        .unwrap();
        let grid = org::insert(
            &mut tx,
            Some(&village),
            OrgLevel::Grid,
            &format!("{code}00100101"),
            "第一网格",
            now,
        )
        .await
        .unwrap();
        let village2 = org::insert(
            &mut tx,
            Some(&town),
            OrgLevel::Village,
            &format!("{code}001002"),
            &format!("{name}李家村"),
            now,
        )
        .await
        .unwrap();
        units.insert(leak(format!("county_{key}")), county);
        units.insert(leak(format!("town_{key}")), town);
        units.insert(leak(format!("village_{key}")), village);
        units.insert(leak(format!("village2_{key}")), village2);
        units.insert(leak(format!("grid_{key}")), grid);
    }
    units.insert("city", city);
    // Users: every role in county A (community-level roles at its village),
    // and a city-level set.
    let mut user_ids = HashMap::new();
    let secret_b32 = totp::encode_secret(TOTP_SECRET);
    for (prefix, role) in ROLE_USERS {
        for place in ["a", "b", "city"] {
            let unit = match (role, place) {
                (Role::TownshipOfficer, "city") | (Role::SocialWorker, "city") => continue,
                (_, "city") => &units["city"],
                (Role::TownshipOfficer, p) => &units[format!("town_{p}").as_str()],
                (Role::SocialWorker, p) => &units[format!("village_{p}").as_str()],
                (_, p) => &units[format!("county_{p}").as_str()],
            };
            let username = format!("{prefix}_{place}");
            let id = users::insert(
                &mut tx,
                &NewUser {
                    username: &username,
                    display_name: &format!("测试{prefix}{place}"),
                    org_unit_id: unit.id,
                    role: *role,
                    password_hash: password_hash(),
                    must_change_password: false,
                },
                now,
            )
            .await
            .unwrap();
            for kind in ScopeKind::ALL {
                users::set_scope(&mut tx, id, kind, &[unit.id])
                    .await
                    .unwrap();
            }
            if role.requires_totp() {
                let enc = ctx
                    .keys
                    .encrypt(&secret_b32, &format!("users/{id}/totp"))
                    .unwrap();
                users::update(&mut tx, id, UserChange::TotpSecret(Some(enc)), now)
                    .await
                    .unwrap();
            }
            user_ids.insert(username, id);
        }
    }
    tx.commit().await.unwrap();

    // Persons, registered through the service as the city officer would.
    let registrar = Actor::cli(Role::CityOfficer, &units["city"].path);
    let mut persons = HashMap::new();
    let mut secrets = Vec::new();
    let mut names_b = Vec::new();
    // a0–a2 live in county A's first community (grid 01), a5 in its second
    // village (no grid): a social worker of the first sees a0–a2 only.
    for (key, region, n, village) in [
        ("a", "990101", 0u16, "village_a"),
        ("a", "990101", 1, "village_a"),
        ("a", "990101", 2, "village_a"),
        ("b", "990102", 3, "village_b"),
        ("b", "990102", 4, "village_b"),
        ("a", "990101", 5, "village2_a"),
    ] {
        let id_no = id_number(region, n);
        let phone = format!("1540000{:04}", 1000 + n);
        let name = format!(
            "{}测{}",
            if key == "a" { "张" } else { "李" },
            ["一", "二", "三", "四", "五", "六"][n as usize]
        );
        let input = PersonInput {
            name: name.clone(),
            id_number: id_no.clone(),
            phone: phone.clone(),
            household_unit_id: Some(units[format!("village_{key}").as_str()].id),
            household_address: format!("{}幸福路{}号", key, n + 1),
            residence_unit_id: Some(units[village].id),
            residence_grid_id: (village != "village2_a")
                .then(|| units[format!("grid_{key}").as_str()].id),
            residence_address: format!("{}和平小区{}栋", key, n + 1),
            first_reg_unit_id: Some(units[format!("town_{key}").as_str()].id),
            first_reg_officer: "王警官".into(),
            first_reg_date: Some(
                time::Date::from_calendar_date(2020, time::Month::May, 1 + n as u8).unwrap(),
            ),
            ..Default::default()
        };
        let pid = ctx.person_register(&registrar, &input).await.unwrap();
        persons.insert(format!("{key}{n}"), pid);
        secrets.push(id_no);
        secrets.push(phone);
        if key == "b" {
            names_b.push(name);
        }
    }
    // County B's first person is under community detox, so there is a
    // measure out of county A's reach.
    let today = ctx.today();
    let order = jindu_store::service::measures::MeasureOrder {
        kind: "community_detox".into(),
        decided_on: Some(today - time::Duration::days(5)),
        served_on: Some(today - time::Duration::days(5)),
        term_months: None,
        after_rehab_refusal: false,
    };
    let (measure_b, _) = ctx
        .measure_order(&registrar, &persons["b3"], &order)
        .await
        .unwrap();
    let suspect_b = ctx
        .suspect_create(
            &registrar,
            &jindu_store::service::suspects::SuspectInput {
                name: "李嫌疑".into(),
                id_number: id_number("990102", 8),
                unit_id: Some(units["village_b"].id),
                found_date: None,
                circumstances: "宾馆房间内查获".into(),
            },
        )
        .await
        .unwrap();
    secrets.push(id_number("990102", 8));
    names_b.push("李嫌疑".into());
    let attachment_b = ctx
        .attachment_add(
            &registrar,
            &persons["b3"],
            "decision",
            "社区戒毒决定书",
            "decision.pdf",
            b"%PDF-1.4\n% county B decision\n",
        )
        .await
        .unwrap();
    let leave = jindu_store::service::leave::LeaveInput {
        from: Some(today + time::Duration::days(3)),
        to: Some(today + time::Duration::days(10)),
        destination: "省城".into(),
        reason: "探亲".into(),
        requested_on: None,
    };
    let leave_b = ctx
        .leave_request(&registrar, &persons["b3"], &leave)
        .await
        .unwrap();
    // A selling case of county B on b3, and the trace it opens.
    let police = Actor::cli(Role::PoliceOfficer, &units["city"].path);
    let case = jindu_store::service::cases::CaseInput {
        number: "青公禁毒-2026-001".into(),
        case_type: "selling".into(),
        title: "李某贩毒案".into(),
        org_unit_id: units["county_b"].id,
        suspects: vec![jindu_store::service::cases::SuspectInput {
            person_id: persons["b3"].clone(),
            role: "seller".into(),
        }],
        ..Default::default()
    };
    let case_b = ctx.case_create(&police, &case).await.unwrap();
    let trace_b = ctx
        .db
        .fetch_one(
            jindu_store::Q::new("SELECT id FROM trace_tasks WHERE case_id = $1")
                .bind(case_b.as_str()),
        )
        .await
        .unwrap()
        .text("id")
        .unwrap();
    let lead = jindu_store::service::leads::LeadInput {
        source: "public_report".into(),
        reliability: "unverified".into(),
        summary: "青溪县举报线索".into(),
        content: "青溪县线索叙述不得外泄".into(),
        org_unit_id: Some(units["county_b"].id),
        ..Default::default()
    };
    let lead_b = ctx.lead_create(&police, &lead).await.unwrap();
    // An outflow notice of a county B villager.
    let notice = jindu_store::service::outflow::OutflowInput {
        name: "李外流".into(),
        id_number: id_number("990102", 41),
        org_unit_id: units["village_b"].id,
        caught_region: "云南省西双版纳州".into(),
        offence: "transporting".into(),
        their_case: "青溪外流-001".into(),
        ..Default::default()
    };
    ctx.outflow_create(&police, &notice).await.unwrap();
    secrets.push(id_number("990102", 41));
    Fixture {
        units,
        persons,
        secrets,
        names_b,
        user_ids,
        measure_b,
        suspect_b,
        attachment_b,
        leave_b,
        case_b,
        trace_b,
        lead_b,
    }
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}
