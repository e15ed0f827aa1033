//! Strong suspects (重嫌必检): recorded, tested, and a positive result with
//! evidence registered in one step; masked and scoped like persons.

use serde_json::{Value, json};

use crate::harness::{TestServer, id_number};

#[tokio::test]
async fn a_positive_suspect_with_evidence_is_registered_in_one_flow() {
    let s = TestServer::start().await;
    let c = s.login("police_a").await;
    let id_no = id_number("990101", 60);
    let r = c.post_json("/api/v1/suspects", json!({ "name": "周嫌疑", "id_number": id_no, "unit_id": s.fx.units["town_a"].id, "circumstances": "娱乐场所检查时发现" })).await;
    assert_eq!(r.status(), 201);
    let sid = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let v: Value = c
        .get(&format!("/api/v1/suspects/{sid}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["result"], "pending");
    assert!(
        v["id_number"].as_str().unwrap().contains("********"),
        "masked"
    );
    // Not positive yet: no registration.
    let r = c
        .post_json(
            &format!("/api/v1/suspects/{sid}/register"),
            json!({ "residence_unit_id": s.fx.units["village_a"].id }),
        )
        .await;
    assert_eq!(r.status(), 422);
    // Positive needs the evidence of use besides the sample.
    let r = c
        .post_json(
            &format!("/api/v1/suspects/{sid}/result"),
            json!({ "result": "positive" }),
        )
        .await;
    assert_eq!(r.status(), 422);
    let r = c
        .post_json(
            &format!("/api/v1/suspects/{sid}/result"),
            json!({ "result": "positive", "evidence": "本人供述吸食冰毒" }),
        )
        .await;
    assert_eq!(r.status(), 200);
    let r = c.post_json(&format!("/api/v1/suspects/{sid}/register"), json!({ "residence_unit_id": s.fx.units["village_a"].id, "drug_types": ["methamphetamine"] })).await;
    assert_eq!(r.status(), 201);
    let pid = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let p: Value = c
        .get(&format!("/api/v1/persons/{pid}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (p["name"].as_str(), p["registration_source"].as_str()),
        (Some("周嫌疑"), Some("strong_suspect_test"))
    );
    let v: Value = c
        .get(&format!("/api/v1/suspects/{sid}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["person_id"], pid);
    // Registering again links the same record.
    let r = c
        .post_json(
            &format!("/api/v1/suspects/{sid}/register"),
            json!({ "residence_unit_id": s.fx.units["village_a"].id }),
        )
        .await;
    assert_eq!(r.json::<Value>().await.unwrap()["id"], pid);
    // The page offers the step and the person form takes the suspect.
    let (_, html) = c.get_text(&format!("/suspects/{sid}")).await;
    assert!(html.contains("查看人员档案"));
    // County B's suspect is out of reach.
    assert_eq!(
        c.get(&format!("/api/v1/suspects/{}", s.fx.suspect_b))
            .await
            .status(),
        404
    );
    let v: Value = c.get("/api/v1/suspects").await.json().await.unwrap();
    assert_eq!(v["total"], 1);
}

#[tokio::test]
async fn the_person_form_registers_a_suspect_without_showing_the_full_id_number() {
    let s = TestServer::start().await;
    let mut c = s.login("countyofficer_a").await;
    let id_no = id_number("990101", 61);
    let r = c
        .post_json(
            "/api/v1/suspects",
            json!({ "name": "吴嫌疑", "id_number": id_no }),
        )
        .await;
    let sid = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    c.post_json(
        &format!("/api/v1/suspects/{sid}/result"),
        json!({ "result": "positive", "evidence": "现场查获" }),
    )
    .await;
    let village = s.fx.units["village_a"].id.to_string();
    let (status, html) = c
        .get_text(&format!("/persons/new?suspect={sid}&residence={village}"))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("吴嫌疑") && html.contains("由重嫌必检登记"));
    assert!(
        !html.contains(&id_no),
        "the full ID number never reaches the page"
    );
    c.csrf = crate::auth::hidden_csrf(&html);
    let r = c
        .post_form(
            "/persons",
            &[
                ("suspect", &sid),
                ("residence", &village),
                ("first_reg_date", "2026-01-05"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let v: Value = c
        .get(&format!("/api/v1/suspects/{sid}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(v["person_id"].as_str().is_some());
}
