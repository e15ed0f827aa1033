//! Change of execution place (JDTL 22) across counties: county A records
//! the transfer, county B's township sees the person (masked) in its work
//! queue, records the report there, and the person and the measure move to
//! county B with the term unchanged.

use serde_json::{Value, json};

use crate::harness::TestServer;

/// 2026-11-29 12:00 China Standard Time.
const TODAY_MS: i64 = 1_795_924_800_000;

fn term_end(m: &Value) -> Value {
    m["status"]["term_end"].clone()
}

#[tokio::test]
async fn a_transferred_person_is_received_by_the_new_township() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let a = s.login("countyofficer_a").await;
    let p = s.fx.persons["a0"].clone();
    let r = a
        .post_json(
            &format!("/api/v1/persons/{p}/measures"),
            json!({ "kind": "community_detox", "decided_on": "2026-09-01", "served_on": "2026-09-01" }),
        )
        .await;
    let mid = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    for ev in [
        json!({ "event": "report_in", "on": "2026-09-10" }),
        json!({ "event": "sign_agreement", "on": "2026-09-10" }),
    ] {
        let r = a
            .post_json(&format!("/api/v1/measures/{mid}/events"), ev)
            .await;
        assert_eq!(r.status(), 200);
    }
    let events = format!("/api/v1/measures/{mid}/events");
    let transfer = format!("/api/v1/measures/{mid}/transfer");
    let before: Value = a
        .get(&format!("/api/v1/persons/{p}/measures"))
        .await
        .json()
        .await
        .unwrap();
    let term_before = term_end(&before["items"][0]);
    assert!(!term_before.is_null(), "{before}");

    // The generic event route does not take a transfer without destination.
    let r = a
        .post_json(&events, json!({ "event": "transfer", "on": "2026-11-20" }))
        .await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("transfer.use_transfer_forms")
    );
    // Unknown unit, the same township.
    for (to, code) in [
        ("990199", "org.unknown"),
        ("990101001001", "transfer.same_township"),
    ] {
        let r = a
            .post_json(&transfer, json!({ "on": "2026-11-20", "to_unit": to }))
            .await;
        assert_eq!(r.status(), 422, "{to}");
        assert!(r.text().await.unwrap().contains(code), "{to}");
    }
    let r = a
        .post_json(
            &transfer,
            json!({ "on": "2026-11-20", "to_unit": "990102001" }),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let m: Value = r.json().await.unwrap();
    assert_eq!(m["state"], "transferred");
    // JDTL 22: 15 days from the change, the first day not counted; 5 Dec
    // 2026 is a Saturday, so the deadline of the act moves to Monday.
    let deadline = m["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "transfer_report")
        .unwrap()["date"]
        .clone();
    assert_eq!(deadline, "2026-12-07");

    // County B's township expects the person, masked, in its queue.
    let b = s.login("townshipofficer_b").await;
    let q: Value = b.get("/api/v1/queue").await.json().await.unwrap();
    let item = q["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "transfer_to_receive")
        .unwrap_or_else(|| panic!("{q}"))
        .clone();
    assert_eq!(item["date"], deadline);
    // Counted for the township itself, not for one of its villages.
    let own = q["by_unit"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["own"] == true)
        .unwrap_or_else(|| panic!("{q}"));
    assert_eq!(own["unit_id"], s.fx.units["town_b"].id);
    assert_eq!(own["total"], 1);
    assert_eq!(item["link"], format!("/transfers/{mid}"));
    assert!(
        !item["person_name"].as_str().unwrap().contains("测一"),
        "masked"
    );
    let (status, html) = b.get_text(&format!("/transfers/{mid}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("2026-12-07") && !html.contains("张测一"));
    // Not yet theirs: the file stays out of reach.
    assert_eq!(b.get(&format!("/persons/{p}")).await.status(), 404);
    // Nobody else sees the incoming transfer: county A's worker, or a
    // receiving-side leader without the capture grant.
    let worker_a = s.login("socialworker_a").await;
    assert_eq!(
        worker_a
            .get(&format!("/api/v1/transfers/{mid}"))
            .await
            .status(),
        404
    );
    let leader_b = s.login("leader_b").await;
    assert_eq!(
        leader_b
            .get(&format!("/api/v1/transfers/{mid}"))
            .await
            .status(),
        403
    );

    // The receiving office records the report, inside its own township.
    let receive = format!("/api/v1/transfers/{mid}/receive");
    let r = b
        .post_json(
            &receive,
            json!({ "on": "2026-12-01", "unit": "990101001001" }),
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("transfer.outside_destination")
    );
    let r = b
        .post_json(
            &receive,
            json!({ "on": "2026-12-01", "unit": "990102001001" }),
        )
        .await;
    assert_eq!(r.status(), 422, "not in the future");
    let r = b
        .post_json(
            &receive,
            json!({ "on": "2026-11-28", "unit": "99010200100101" }),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(r.json::<Value>().await.unwrap()["person_id"], p);

    // The person and the measure are county B's now; county A lost them.
    assert_eq!(b.get(&format!("/persons/{p}")).await.status(), 200);
    assert_eq!(worker_a.get(&format!("/persons/{p}")).await.status(), 404);
    let after: Value = b
        .get(&format!("/api/v1/persons/{p}/measures"))
        .await
        .json()
        .await
        .unwrap();
    let m = &after["items"][0];
    assert_eq!(m["state"], "under_agreement");
    assert_eq!(term_end(m), term_before, "the term continues (JDTL 22)");
    let person: Value = b
        .get(&format!("/api/v1/persons/{p}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(person["residence_unit_id"], s.fx.units["village_b"].id);
    assert_eq!(person["residence_grid_id"], s.fx.units["grid_b"].id);
    assert_eq!(person["org_unit_id"], s.fx.units["grid_b"].id);
    assert!(
        person["assigned_worker_id"].is_null(),
        "the new office assigns"
    );
    // The first registration stays as it was (首次登记责任制).
    assert_eq!(person["first_reg_unit_id"], s.fx.units["town_a"].id);
    let q: Value = b.get("/api/v1/queue").await.json().await.unwrap();
    assert!(
        !q["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "transfer_to_receive"),
        "received: no longer incoming"
    );
    // Received once only.
    assert_eq!(
        b.post_json(&receive, json!({ "unit": "990102001001" }))
            .await
            .status(),
        404
    );
}
