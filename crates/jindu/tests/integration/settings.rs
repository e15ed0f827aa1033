//! Local-practice settings over HTTP: the built-in versions, a new version
//! that applies to measures reported in from its date while earlier ones
//! keep theirs, the risk levels in use, and every refusal writing nothing.

use jindu_domain::authz::Role;
use jindu_domain::setting_values::SettingValue;
use jindu_domain::settings::Caseload;
use jindu_store::service::settings::NewSetting;
use jindu_store::service::{Actor, ServiceError};
use serde_json::{Value, json};

use crate::harness::{Client, TestServer};

/// 2026-11-29 12:00 China Standard Time.
const TODAY_MS: i64 = 1_795_924_800_000;

async fn stored_versions(s: &TestServer) -> i64 {
    s.ctx
        .db
        .scalar_i64(jindu_store::Q::new("SELECT COUNT(*) FROM settings"))
        .await
        .unwrap()
}

async fn amend(c: &Client, key: &str, value: Value, from: &str) -> reqwest::Response {
    c.post_json(
        &format!("/api/v1/settings/{key}"),
        json!({ "value": value, "source": "南江市禁毒办〔2026〕12号", "effective_from": from }),
    )
    .await
}

/// Orders community detox for `person`, reported in on `on`; answers the
/// tests view.
async fn reported_in(c: &Client, person: &str, decided: &str, on: &str) -> Value {
    let r = c
        .post_json(
            &format!("/api/v1/persons/{person}/measures"),
            json!({ "kind": "community_detox", "decided_on": decided, "served_on": decided }),
        )
        .await;
    assert_eq!(r.status(), 201);
    let m = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = c
        .post_json(
            &format!("/api/v1/measures/{m}/events"),
            json!({ "event": "report_in", "on": on }),
        )
        .await;
    assert_eq!(r.status(), 200);
    c.get(&format!("/api/v1/persons/{person}/tests"))
        .await
        .json()
        .await
        .unwrap()
}

fn due_dates(v: &Value) -> Vec<&str> {
    v["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .take(4)
        .map(|d| d["due"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn a_new_test_schedule_applies_from_its_date_and_earlier_measures_keep_theirs() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let city = s.login("cityofficer_city").await;
    let worker = s.login("socialworker_a").await;

    // Built-in: five settings, each version 1 from 2008-06-01, none stored.
    let v: Value = worker.get("/api/v1/settings").await.json().await.unwrap();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    for i in items {
        assert_eq!(i["in_force"], 1, "{i}");
        assert_eq!(i["versions"][0]["effective_from"], "2008-06-01");
        assert!(i["versions"][0]["created_by"].is_null());
    }
    assert_eq!(stored_versions(&s).await, 0);

    let before = reported_in(&worker, &s.fx.persons["a0"], "2026-11-01", "2026-11-10").await;
    assert_eq!(before["schedule_setting"]["version"], 1);
    assert_eq!(
        due_dates(&before),
        ["2026-11-10", "2026-12-10", "2027-01-10", "2027-02-10"]
    );

    // Fortnightly is not expressible; every 2 months in year 1, from today.
    let two_monthly = json!({
        "phases": [{ "from_month": 0, "until_month": 12, "every_months": 2 },
                   { "from_month": 12, "until_month": null, "every_months": 3 }],
        "tolerance_days": 5, "unannounced": true
    });
    let r = amend(
        &city,
        "drug_test_schedule",
        two_monthly.clone(),
        "2026-11-29",
    )
    .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let r: Value = r.json().await.unwrap();
    assert_eq!(r["version"], 2);
    // The default it replaces is stored with it.
    assert_eq!(stored_versions(&s).await, 2);

    let after = reported_in(&worker, &s.fx.persons["a1"], "2026-11-20", "2026-11-29").await;
    assert_eq!(after["schedule_setting"]["version"], 2);
    assert_eq!(after["schedule_setting"]["effective_from"], "2026-11-29");
    assert_eq!(
        due_dates(&after),
        ["2026-11-29", "2027-01-29", "2027-03-29", "2027-05-29"]
    );
    // The measure reported in before keeps version 1.
    let again: Value = worker
        .get(&format!("/api/v1/persons/{}/tests", s.fx.persons["a0"]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["schedule_setting"]["version"], 1);
    assert_eq!(due_dates(&again), due_dates(&before));

    // The page shows both versions, the new one in force, who set it.
    let (status, html) = worker.get_text("/settings").await;
    assert_eq!(status, 200);
    assert!(html.contains("社区戒毒康复检测频次") && html.contains("现行"));
    assert!(html.contains("南江市禁毒办〔2026〕12号"));
    assert!(html.contains("第 0–12 个月：每 2 个月检测一次"), "{html}");
    assert!(
        !html.contains("/settings/drug_test_schedule"),
        "no edit link for a worker"
    );

    // The change is audited with the value.
    let n = s
        .ctx
        .db
        .scalar_i64(jindu_store::Q::new(
            "SELECT COUNT(*) FROM audit_log WHERE event = 'setting.amend' AND object_id = 'drug_test_schedule'",
        ))
        .await
        .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn refused_changes_write_nothing() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let city = s.login("cityofficer_city").await;
    let caseload = json!({ "persons_per_worker": 25 });

    // Only the city office may change a setting.
    for user in ["countyofficer_a", "socialworker_a", "leader_city"] {
        let c = s.login(user).await;
        let r = amend(&c, "caseload", caseload.clone(), "2026-12-01").await;
        assert_eq!(r.status(), 403, "{user}");
        let (status, _) = c.get_text("/settings/caseload").await;
        assert_eq!(status, 403, "{user}");
    }
    // The administrators see no settings page at all.
    let (status, _) = s.login("sysadmin_city").await.get_text("/settings").await;
    assert_eq!(status, 403);
    // A city officer whose account covers only one county may not either.
    let county = Actor::cli(Role::CityOfficer, &s.fx.units["county_a"].path);
    let r = s
        .ctx
        .amend_setting(
            &county,
            NewSetting {
                value: SettingValue::Caseload(Caseload {
                    persons_per_worker: 25,
                }),
                source: "x".into(),
                effective_from: s.ctx.today(),
            },
        )
        .await;
    assert!(matches!(r, Err(ServiceError::Forbidden)), "{r:?}");

    let code = |r: Value| r["error"].as_str().unwrap_or_default().to_string();
    // In the past.
    let r = amend(&city, "caseload", caseload.clone(), "2026-11-28").await;
    assert_eq!(r.status(), 422);
    assert_eq!(code(r.json().await.unwrap()), "setting.retroactive");
    // Out of bounds, naming the field.
    let r = amend(
        &city,
        "caseload",
        json!({ "persons_per_worker": 0 }),
        "2026-12-01",
    )
    .await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert!(body.to_string().contains("persons_per_worker"), "{body}");
    // The wrong shape, an unknown key, overlapping phases, no source.
    let r = amend(&city, "caseload", json!({ "persons": 25 }), "2026-12-01").await;
    assert_eq!(code(r.json().await.unwrap()), "setting.invalid_value");
    let r = amend(&city, "no_such_setting", caseload.clone(), "2026-12-01").await;
    assert_eq!(r.status(), 404);
    let overlap = json!({ "phases": [{ "from_month": 0, "until_month": 12, "every_months": 1 }, { "from_month": 6, "until_month": null, "every_months": 2 }], "tolerance_days": 7, "unannounced": false });
    let r = amend(&city, "drug_test_schedule", overlap, "2026-12-01").await;
    assert_eq!(r.status(), 422);
    let r = city
        .post_json(
            "/api/v1/settings/caseload",
            json!({ "value": caseload, "source": "  ", "effective_from": "2026-12-01" }),
        )
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(stored_versions(&s).await, 0, "nothing written");

    // One accepted change; the next must start after it.
    assert_eq!(
        amend(&city, "caseload", caseload.clone(), "2026-12-01")
            .await
            .status(),
        201
    );
    let r = amend(&city, "caseload", caseload.clone(), "2026-12-01").await;
    assert_eq!(code(r.json().await.unwrap()), "setting.not_after_previous");
    assert_eq!(stored_versions(&s).await, 2);

    // Versions are append-only in the database itself.
    let mut tx = s.ctx.db.begin().await.unwrap();
    let r = tx
        .execute(jindu_store::Q::new("UPDATE settings SET source = 'x'"))
        .await;
    assert!(r.is_err(), "update refused");
    drop(tx);
    let mut tx = s.ctx.db.begin().await.unwrap();
    assert!(
        tx.execute(jindu_store::Q::new("DELETE FROM settings"))
            .await
            .is_err()
    );
    drop(tx);
    assert_eq!(stored_versions(&s).await, 2);

    // The form shows errors in place and writes nothing.
    let (_, html) = city.get_text("/settings/visit_cadence").await;
    assert!(
        html.contains("name=\"every_months\" value=\"1\""),
        "prefilled"
    );
    let r = city
        .post_form(
            "/settings/visit_cadence",
            &[
                ("every_months", "x"),
                ("due_soon_days", "7"),
                ("lost_contact_after", "2"),
                ("effective_from", "2026-12-01"),
                ("source", "通知"),
            ],
        )
        .await;
    let html = r.text().await.unwrap();
    assert!(html.contains("请填写整数"), "{html}");
    assert_eq!(stored_versions(&s).await, 2);
}

#[tokio::test]
async fn grading_offers_only_the_risk_levels_in_force() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let city = s.login("cityofficer_city").await;
    let worker = s.login("socialworker_a").await;
    let p = s.fx.persons["a0"].clone();
    let r = amend(
        &city,
        "risk_levels",
        json!({ "levels": ["B", "A"] }),
        "2026-11-29",
    )
    .await;
    assert_eq!(r.status(), 201);
    let grade = |level: &'static str| {
        worker
            .http
            .patch(format!("{}/api/v1/persons/{p}", worker.base))
            .header("x-csrf-token", &worker.csrf)
            .json(&json!({ "status": "registered", "risk_level": level }))
            .send()
    };
    let r = grade("C1").await.unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("setting.risk_level_not_in_use"), "{body}");
    assert_eq!(grade("B").await.unwrap().status(), 200);
    // Stored in canonical order, highest risk first.
    let v: Value = worker.get("/api/v1/settings").await.json().await.unwrap();
    let levels = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "risk_levels")
        .unwrap()["versions"][1]["value"]["value"]["levels"]
        .clone();
    assert_eq!(levels, json!(["A", "B"]));
    // The person's form offers A and B only.
    let (_, html) = worker.get_text(&format!("/persons/{p}")).await;
    assert!(html.contains("value=\"A\"") && html.contains("value=\"B\""));
    assert!(!html.contains("value=\"C1\""));
}
