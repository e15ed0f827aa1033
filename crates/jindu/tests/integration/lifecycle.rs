//! One person through the whole people module over HTTP, with the clock
//! moving as the years do: strong-suspect test → registration → community
//! detox ordered → reported in on day 14 (and another person on day 16:
//! deemed refusal, flagged) → tests on schedule → 3 evaded tests → the
//! violation flag → reported to the police → compulsory isolation → early
//! release refused at 11 months, allowed at 12 → community rehabilitation →
//! completion → proposed as three years abstinent, and confirmed.

use serde_json::{Value, json};
use time::macros::date;
use time::{Date, Duration};

use crate::harness::{Client, TestServer, id_number};

/// Noon in China Standard Time on `d`, as the server's clock reads it.
fn noon(d: Date) -> i64 {
    let days = (d - date!(1970 - 01 - 01)).whole_days();
    days * 86_400_000 + 4 * 3_600_000
}

async fn ok(r: reqwest::Response, status: u16) -> Value {
    let code = r.status().as_u16();
    let body = r.text().await.unwrap();
    assert_eq!(code, status, "{body}");
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

async fn event(c: &Client, m: &str, body: Value) -> reqwest::Response {
    c.post_json(&format!("/api/v1/measures/{m}/events"), body)
        .await
}

async fn order(c: &Client, p: &str, body: Value) -> String {
    let v = ok(
        c.post_json(&format!("/api/v1/persons/{p}/measures"), body)
            .await,
        201,
    )
    .await;
    v["id"].as_str().unwrap().to_string()
}

async fn tests_view(c: &Client, p: &str) -> Value {
    ok(c.get(&format!("/api/v1/persons/{p}/tests")).await, 200).await
}

async fn queue_kinds(c: &Client, p: &str) -> Vec<String> {
    let q = ok(c.get("/api/v1/queue").await, 200).await;
    q["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["person_id"] == p)
        .map(|i| i["kind"].as_str().unwrap().to_string())
        .collect()
}

fn deadline(m: &Value, code: &str) -> String {
    m["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {m}"))["date"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The three users of the story, signed in afresh at `d` (sessions end
/// after 15 idle minutes, and the clock moves by months).
struct Users {
    police: Client,
    officer: Client,
    worker: Client,
}

async fn at(s: &TestServer, d: Date) -> Users {
    s.clock.set_ms(noon(d));
    // Years pass: the users have changed their passwords meanwhile, as
    // the 90-day expiry (security.md) makes them.
    let mut tx = s.ctx.db.begin().await.unwrap();
    tx.execute(jindu_store::Q::new("UPDATE users SET password_changed_at = $1").bind(noon(d)))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    Users {
        police: s.login("police_a").await,
        officer: s.login("countyofficer_a").await,
        worker: s.login("socialworker_a").await,
    }
}

#[tokio::test]
async fn a_person_from_strong_suspect_test_to_three_years_abstinent() {
    let s = TestServer::start().await;

    // 2023-03-01: a strong suspect, tested positive with evidence, is
    // registered in one flow.
    let u = at(&s, date!(2023 - 03 - 01)).await;
    let r = u.police.post_json("/api/v1/suspects", json!({ "name": "陈全程", "id_number": id_number("990101", 77), "unit_id": s.fx.units["town_a"].id, "circumstances": "重点场所检查" })).await;
    let sid = ok(r, 201).await["id"].as_str().unwrap().to_string();
    let r = u
        .police
        .post_json(
            &format!("/api/v1/suspects/{sid}/result"),
            json!({ "result": "positive", "evidence": "尿检甲基苯丙胺阳性，本人供述吸食" }),
        )
        .await;
    ok(r, 200).await;
    let r = u.police
        .post_json(
            &format!("/api/v1/suspects/{sid}/register"),
            json!({ "residence_unit_id": s.fx.units["village_a"].id, "residence_grid_id": s.fx.units["grid_a"].id, "drug_types": ["methamphetamine"] }),
        )
        .await;
    let p = ok(r, 201).await["id"].as_str().unwrap().to_string();

    // 2023-03-02: community detox decided and served the same day (JDF 33).
    // JDTL 14: report within 15 days, the first day not counted.
    let u = at(&s, date!(2023 - 03 - 02)).await;
    let m = order(
        &u.officer,
        &p,
        json!({ "kind": "community_detox", "decided_on": "2023-03-02", "served_on": "2023-03-02" }),
    )
    .await;
    let other = s.fx.persons["a1"].clone();
    let m_other = order(
        &u.officer,
        &other,
        json!({ "kind": "community_detox", "decided_on": "2023-03-02", "served_on": "2023-03-02" }),
    )
    .await;
    // Day 14: on time.
    let u = at(&s, date!(2023 - 03 - 16)).await;
    let v = ok(
        event(
            &u.worker,
            &m,
            json!({ "event": "report_in", "on": "2023-03-16" }),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(deadline(&v, "report_in"), "2023-03-17");
    assert_eq!(v["status"]["refusal_to_report"], false);
    ok(
        event(
            &u.worker,
            &m,
            json!({ "event": "sign_agreement", "on": "2023-03-16" }),
        )
        .await,
        200,
    )
    .await;
    // Day 16: the other person is late — deemed refusal, for the u.police.
    let u = at(&s, date!(2023 - 03 - 18)).await;
    let v = ok(
        event(
            &u.worker,
            &m_other,
            json!({ "event": "report_in", "on": "2023-03-18" }),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(v["status"]["deemed_refused"], true);
    assert!(
        queue_kinds(&u.worker, &other)
            .await
            .contains(&"report_refusal".to_string())
    );

    // Tests on schedule (year 1 monthly from the report-in): three done,
    // then three evaded — a serious violation (JDTL 20(1)).
    let u = at(&s, date!(2023 - 09 - 20)).await;
    let due: Vec<String> = tests_view(&u.worker, &p).await["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .take(6)
        .map(|d| d["due"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(due[..3], ["2023-03-16", "2023-04-16", "2023-05-16"]);
    let tests_path = format!("/api/v1/persons/{p}/tests");
    let test = |on: String, result: &'static str| {
        u.worker.post_json(
            &tests_path,
            json!({ "test_date": on, "method": "urine", "setting": "on_site", "result": result }),
        )
    };
    for d in &due[..3] {
        ok(test(d.clone(), "negative").await, 201).await;
    }
    let v = tests_view(&u.worker, &p).await;
    assert_eq!(v["violations"]["serious"], false);
    for d in &due[3..6] {
        ok(test(d.clone(), "evaded").await, 201).await;
    }
    let v = tests_view(&u.worker, &p).await;
    assert_eq!(v["violations"]["refused_or_evaded_tests"], 3);
    assert_eq!(v["violations"]["serious"], true);
    let flag = v["police_flags"][0].clone();
    assert_eq!(flag["reason"], "serious_violation");
    assert_eq!(
        flag["raised_on"],
        due[5].as_str(),
        "dated by the third evasion"
    );
    assert!(
        queue_kinds(&u.worker, &p)
            .await
            .contains(&"police_report".to_string())
    );

    // Reported to the u.police (JDTL 21): the flag leaves the file and queue.
    let r = u.worker
        .post_json(
            &format!("/api/v1/persons/{p}/police-reports"),
            json!({ "reason": "serious_violation", "raised_on": flag["raised_on"], "police_unit": "江城区公安分局城关派出所" }),
        )
        .await;
    ok(r, 201).await;
    assert!(
        tests_view(&u.worker, &p).await["police_flags"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        !queue_kinds(&u.worker, &p)
            .await
            .contains(&"police_report".to_string())
    );

    // 2023-09-20: the u.police decide compulsory isolation (JDF 38); the
    // community measure ends with it.
    ok(
        event(&u.worker, &m, json!({ "event": "terminate", "on": "2023-09-20", "cause": "compulsory_isolation_decided" })).await,
        200,
    )
    .await;
    let iso = order(
        &u.police,
        &p,
        json!({ "kind": "compulsory_isolation", "decided_on": "2023-09-20" }),
    )
    .await;
    // Early release (JDTL 33) only after a year: refused at 11 months,
    // allowed at 12.
    let u = at(&s, date!(2024 - 09 - 25)).await;
    let r = event(
        &u.police,
        &iso,
        json!({ "event": "early_release", "on": "2024-08-20" }),
    )
    .await;
    let v = ok(r, 422).await;
    assert_eq!(v["fields"][0]["code"], "measure.early_release_too_soon");
    let v = ok(
        event(
            &u.police,
            &iso,
            json!({ "event": "early_release", "on": "2024-09-20" }),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(v["state"], "early_released");

    // Community rehabilitation after release (JDF 48), one year here.
    let rehab = order(
        &u.officer,
        &p,
        json!({ "kind": "community_rehab", "decided_on": "2024-09-20", "served_on": "2024-09-20", "term_months": 12 }),
    )
    .await;
    for ev in ["report_in", "sign_agreement"] {
        ok(
            event(
                &u.worker,
                &rehab,
                json!({ "event": ev, "on": "2024-09-25" }),
            )
            .await,
            200,
        )
        .await;
    }
    let v = ok(
        u.officer
            .get(&format!("/api/v1/persons/{p}/measures"))
            .await,
        200,
    )
    .await;
    let term_end = v["items"][0]["status"]["term_end"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(term_end, "2025-09-25");
    // Completion is refused before the term is served, recorded after.
    let u = at(&s, date!(2025 - 09 - 26)).await;
    let r = event(
        &u.worker,
        &rehab,
        json!({ "event": "complete", "on": "2025-09-24" }),
    )
    .await;
    ok(r, 422).await;
    let v = ok(
        event(
            &u.worker,
            &rehab,
            json!({ "event": "complete", "on": "2025-09-25" }),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(v["state"], "completed");
    let person = ok(u.officer.get(&format!("/api/v1/persons/{p}")).await, 200).await;
    assert_eq!(person["status"], "registered");
    // JDTL 7: three years after the end of the last measure (no positive
    // test since) the person is proposed, and a person confirms.
    let candidate = Date::parse(
        person["abstinence_candidate_on"].as_str().unwrap(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    assert_eq!(candidate, date!(2028 - 09 - 25));
    let u = at(&s, candidate - Duration::days(1)).await;
    assert!(
        !queue_kinds(&u.worker, &p)
            .await
            .contains(&"abstinence_candidate".to_string())
    );
    let u = at(&s, candidate).await;
    assert!(
        queue_kinds(&u.worker, &p)
            .await
            .contains(&"abstinence_candidate".to_string())
    );
    let r = u
        .officer
        .http
        .patch(format!("{}/api/v1/persons/{p}", u.officer.base))
        .header("x-csrf-token", &u.officer.csrf)
        .json(&json!({ "status": "abstinent_3y" }))
        .send()
        .await
        .unwrap();
    ok(r, 200).await;
    assert!(queue_kinds(&u.worker, &p).await.is_empty());
    // The confirmation changed the status alone (a partial PATCH), and the
    // file's history says who did it.
    let h = ok(
        u.officer.get(&format!("/api/v1/persons/{p}/history")).await,
        200,
    )
    .await;
    assert_eq!(h["items"][0]["fields"], json!(["status"]), "{h}");
    assert_eq!(h["items"][0]["username"], "countyofficer_a");
    let person = ok(u.officer.get(&format!("/api/v1/persons/{p}")).await, 200).await;
    assert_eq!(person["status"], "abstinent_3y");
    assert_eq!(person["drug_types"], json!(["methamphetamine"]));
    assert_eq!(person["registration_source"], "strong_suspect_test");
}
