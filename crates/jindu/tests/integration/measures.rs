//! Measures over HTTP: community detox reported in on day 14 (on time) and
//! on day 16 (deemed refusal, to be reported to the police), and compulsory
//! isolation whose early release is refused at 11 months and allowed at 12.

use serde_json::{Value, json};

use crate::harness::{Client, TestServer};

/// 2026-11-29 12:00 China Standard Time.
const TODAY_MS: i64 = 1_795_924_800_000;

async fn order(c: &Client, person: &str, body: Value) -> String {
    let r = c
        .post_json(&format!("/api/v1/persons/{person}/measures"), body)
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn event(c: &Client, measure: &str, body: Value) -> reqwest::Response {
    c.post_json(&format!("/api/v1/measures/{measure}/events"), body)
        .await
}

fn deadline<'a>(m: &'a Value, code: &str) -> &'a Value {
    m["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {m}"))
}

#[tokio::test]
async fn community_detox_report_in_on_day_14_and_16() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    assert_eq!(s.ctx.today().to_string(), "2026-11-29");
    let c = s.login("countyofficer_a").await;
    let (p1, p2) = (s.fx.persons["a0"].clone(), s.fx.persons["a1"].clone());
    let m1 = order(
        &c,
        &p1,
        json!({ "kind": "community_detox", "decided_on": "2026-11-01", "served_on": "2026-11-02" }),
    )
    .await;
    // The file shows the deadline and how it was computed (JDTL 14: 15 days
    // from receiving the decision, the first day not counted).
    let (_, html) = c.get_text(&format!("/persons/{p1}")).await;
    assert!(html.contains("社区戒毒") && html.contains("待报到"));
    assert!(html.contains("2026-11-17"), "report-in deadline shown");
    // …and drawn on the measure's timeline: passed on 29 Nov with no
    // report-in yet, so drawn as missed.
    assert!(html.contains("<svg class=\"mtl\""), "timeline drawn");
    assert!(
        html.contains("mtl-dl mtl-missed"),
        "a deadline passed unmet"
    );
    let r = event(&c, &m1, json!({ "event": "report_in", "on": "2026-11-16" })).await;
    assert_eq!(r.status(), 200);
    let m: Value = r.json().await.unwrap();
    assert_eq!(m["state"], "reported_in");
    assert_eq!(deadline(&m, "report_in")["met_on"], "2026-11-16");
    assert_eq!(m["status"]["refusal_to_report"], false);
    // The term (3 years) runs from the report-in day (JDF 33).
    let r = event(
        &c,
        &m1,
        json!({ "event": "sign_agreement", "on": "2026-11-16" }),
    )
    .await;
    let m: Value = r.json().await.unwrap();
    assert_eq!(m["state"], "under_agreement");
    assert_eq!(deadline(&m, "term_end")["date"], "2029-11-16");
    let person: Value = c
        .get(&format!("/api/v1/persons/{p1}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(person["status"], "under_measure");

    // Day 16: late without a good reason — deemed refusal, to be reported.
    let m2 = order(
        &c,
        &p2,
        json!({ "kind": "community_detox", "decided_on": "2026-11-01", "served_on": "2026-11-02" }),
    )
    .await;
    let r = event(&c, &m2, json!({ "event": "report_in", "on": "2026-11-18" })).await;
    assert_eq!(r.status(), 200);
    let m: Value = r.json().await.unwrap();
    assert_eq!(m["status"]["deemed_refused"], true);
    assert_eq!(m["status"]["refusal_to_report"], true);
    let (_, html) = c.get_text(&format!("/persons/{p2}")).await;
    assert!(html.contains("须报告公安机关"));
    let r = event(
        &c,
        &m2,
        json!({ "event": "report_refusal_to_police", "on": "2026-11-19" }),
    )
    .await;
    let m: Value = r.json().await.unwrap();
    assert_eq!(
        m["status"]["refusal_to_report"], false,
        "reported, flag cleared"
    );
    // A second report is refused by the state machine, with its reason.
    let r = event(
        &c,
        &m2,
        json!({ "event": "report_refusal_to_police", "on": "2026-11-20" }),
    )
    .await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.json::<Value>().await.unwrap()["fields"][0]["code"],
        "measure.refusal_already_reported"
    );
    // One measure at a time.
    let r = c
        .post_json(
            &format!("/api/v1/persons/{p1}/measures"),
            json!({ "kind": "voluntary_detox", "decided_on": "2026-11-20" }),
        )
        .await;
    assert_eq!(r.status(), 409);
    // Facts are not recorded ahead of time.
    let r = event(
        &c,
        &m1,
        json!({ "event": "pause", "on": "2026-12-01", "cause": "detention" }),
    )
    .await;
    assert_eq!(r.status(), 422);
}

#[tokio::test]
async fn early_release_from_isolation_is_refused_at_11_months_and_allowed_at_12() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let c = s.login("police_a").await;
    let p = s.fx.persons["a2"].clone();
    let r = c
        .post_json(
            &format!("/api/v1/persons/{p}/measures"),
            json!({ "kind": "compulsory_isolation", "decided_on": "2025-11-01" }),
        )
        .await;
    assert_eq!(r.status(), 201);
    let mid = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = event(
        &c,
        &mid,
        json!({ "event": "early_release", "on": "2026-10-01" }),
    )
    .await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.json::<Value>().await.unwrap()["fields"][0]["code"],
        "measure.early_release_too_soon"
    );
    let r = event(
        &c,
        &mid,
        json!({ "event": "early_release", "on": "2026-11-01" }),
    )
    .await;
    assert_eq!(r.status(), 200);
    let m: Value = r.json().await.unwrap();
    assert_eq!(m["state"], "early_released");
    assert_eq!(m["closed"], true);
    let person: Value = c
        .get(&format!("/api/v1/persons/{p}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(person["status"], "registered");
    // Out of scope: county B's measure is not found.
    let r = event(
        &c,
        &s.fx.measure_b,
        json!({ "event": "report_in", "on": "2026-11-20" }),
    )
    .await;
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn ordering_isolation_for_a_pregnant_woman_warns_without_refusing() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let c = s.login("countyofficer_a").await;
    // a0's ID number has an even sequence: a woman (GB 11643).
    let p = s.fx.persons["a0"].clone();
    let r = c
        .http
        .patch(format!("{}/api/v1/persons/{p}", c.base))
        .header("x-csrf-token", &c.csrf)
        .json(&json!({ "status": "registered", "tags": ["pregnant_breastfeeding"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = c
        .post_json(
            &format!("/api/v1/persons/{p}/measures"),
            json!({ "kind": "compulsory_isolation", "decided_on": "2026-11-20" }),
        )
        .await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    let codes: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert!(codes.iter().any(|c| c.contains("pregnant")), "{codes:?}");
}

#[tokio::test]
async fn tests_follow_the_schedule_and_three_evasions_raise_the_police_flag() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let c = s.login("socialworker_a").await;
    let p = s.fx.persons["a1"].clone();
    let m = order(
        &c,
        &p,
        json!({ "kind": "community_detox", "decided_on": "2026-06-01", "served_on": "2026-06-02" }),
    )
    .await;
    event(&c, &m, json!({ "event": "report_in", "on": "2026-06-10" })).await;
    event(
        &c,
        &m,
        json!({ "event": "sign_agreement", "on": "2026-06-10" }),
    )
    .await;
    let path = format!("/api/v1/persons/{p}/tests");
    let test = |date: &'static str, result: &'static str| {
        c.post_json(
            &path,
            json!({ "test_date": date, "method": "urine", "setting": "on_site", "result": result }),
        )
    };
    assert_eq!(test("2026-06-10", "negative").await.status(), 201);
    assert_eq!(test("2026-07-10", "negative").await.status(), 201);
    let v: Value = c
        .get(&format!("/api/v1/persons/{p}/tests"))
        .await
        .json()
        .await
        .unwrap();
    let states: Vec<&str> = v["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .take(6)
        .map(|d| d["state"]["state"].as_str().unwrap())
        .collect();
    // Monthly in year 1 (setting v1): June and July done; August to
    // October missed or overdue by late November.
    assert_eq!(states.len(), 6, "{states:?}");
    assert_eq!(&states[..2], &["done", "done"]);
    assert!(
        states[2..]
            .iter()
            .all(|s| *s == "missed" || *s == "overdue"),
        "{states:?}"
    );
    assert_eq!(v["schedule_setting"]["version"], 1);
    assert_eq!(v["violations"]["serious"], false);
    for d in ["2026-08-10", "2026-09-10", "2026-10-10"] {
        assert_eq!(test(d, "evaded").await.status(), 201);
    }
    let v: Value = c
        .get(&format!("/api/v1/persons/{p}/tests"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["violations"]["refused_or_evaded_tests"], 3);
    assert_eq!(v["violations"]["serious"], true, "JDTL 20: 3 evaded tests");
    let reasons: Vec<&str> = v["police_flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["reason"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"serious_violation"), "{reasons:?}");
    // A positive test during the measure is flagged too (JDTL 21).
    let r = c.post_json(&format!("/api/v1/persons/{p}/tests"), json!({ "test_date": "2026-11-10", "method": "urine", "setting": "on_site", "result": "positive" })).await;
    assert_eq!(r.status(), 422, "a positive result names the substance");
    let r = c.post_json(&format!("/api/v1/persons/{p}/tests"), json!({ "test_date": "2026-11-10", "method": "urine", "setting": "on_site", "result": "positive", "substances": ["海洛因"] })).await;
    assert_eq!(r.status(), 201);
    let v: Value = c
        .get(&format!("/api/v1/persons/{p}/tests"))
        .await
        .json()
        .await
        .unwrap();
    let reasons: Vec<&str> = v["police_flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["reason"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"drug_use_during_measure"), "{reasons:?}");
    let (_, html) = c.get_text(&format!("/persons/{p}")).await;
    assert!(html.contains("已构成严重违反") && html.contains("戒毒期间吸食、注射毒品"));

    // JDTL 21: the worker records each report; the flag then leaves the
    // file's alerts and the work queue.
    let flags = v["police_flags"].as_array().unwrap().clone();
    let report_path = format!("/api/v1/persons/{p}/police-reports");
    let report = |f: &Value, on: &str, unit: &str| {
        c.post_json(
            &report_path,
            json!({ "reason": f["reason"], "raised_on": f["raised_on"], "reported_on": on, "police_unit": unit }),
        )
    };
    let police_items = || async {
        let q: Value = c.get("/api/v1/queue").await.json().await.unwrap();
        q["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["person_id"] == p.as_str() && i["kind"] == "police_report")
            .count()
    };
    assert_eq!(police_items().await, 1);
    let r = report(&flags[0], "2026-01-01", "城关派出所").await;
    assert_eq!(r.status(), 422, "a report cannot precede its flag");
    assert_eq!(report(&flags[0], "2026-11-28", "  ").await.status(), 422);
    let r = c
        .post_json(
            &format!("/api/v1/persons/{p}/police-reports"),
            json!({ "reason": "serious_violation", "raised_on": "2020-01-01", "police_unit": "城关派出所" }),
        )
        .await;
    assert_eq!(r.status(), 422, "no such flag");
    for f in &flags {
        let r = report(f, "2026-11-28", "城关派出所").await;
        assert_eq!(r.status(), 201, "{f} {}", r.text().await.unwrap());
    }
    assert_eq!(
        report(&flags[0], "2026-11-28", "城关派出所").await.status(),
        422,
        "reported once"
    );
    let v: Value = c
        .get(&format!("/api/v1/persons/{p}/tests"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["police_flags"].as_array().unwrap().len(), 0, "{v}");
    assert_eq!(v["police_reports"].as_array().unwrap().len(), flags.len());
    assert_eq!(police_items().await, 0);
    let (_, html) = c.get_text(&format!("/persons/{p}")).await;
    assert!(html.contains("已报告公安机关") && html.contains("城关派出所"));
}

#[tokio::test]
async fn the_work_queue_lists_overdue_tests_and_recording_the_test_clears_it() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let c = s.login("socialworker_a").await;
    let p = s.fx.persons["a2"].clone();
    let m = order(
        &c,
        &p,
        json!({ "kind": "community_detox", "decided_on": "2026-10-08", "served_on": "2026-10-09" }),
    )
    .await;
    event(&c, &m, json!({ "event": "report_in", "on": "2026-10-15" })).await;
    event(
        &c,
        &m,
        json!({ "event": "sign_agreement", "on": "2026-10-15" }),
    )
    .await;
    let r = c.post_json(&format!("/api/v1/persons/{p}/tests"), json!({ "test_date": "2026-10-15", "method": "urine", "setting": "on_site", "result": "negative" })).await;
    assert_eq!(r.status(), 201);
    let overdue = |v: &Value| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["person_id"] == p.as_str() && i["kind"] == "test_overdue")
            .map(|i| i["date"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let v: Value = c.get("/api/v1/queue").await.json().await.unwrap();
    // Monthly tests from the report-in: 10-15 done, 11-15 overdue (7 days'
    // tolerance), 12-15 not yet open.
    assert_eq!(overdue(&v), vec!["2026-11-15"], "{v}");
    // The page is the social worker's landing page.
    let r = c.get("/").await;
    assert_eq!(r.headers()["location"], "/queue");
    let (_, html) = c.get_text("/queue").await;
    assert!(html.contains("检测逾期") && html.contains(&format!("/persons/{p}#tests")));
    // Recording the test (late) clears the item.
    let r = c.post_json(&format!("/api/v1/persons/{p}/tests"), json!({ "test_date": "2026-11-29", "method": "urine", "setting": "on_site", "result": "negative" })).await;
    assert_eq!(r.status(), 201);
    let v: Value = c.get("/api/v1/queue").await.json().await.unwrap();
    assert!(overdue(&v).is_empty(), "{v}");
}
