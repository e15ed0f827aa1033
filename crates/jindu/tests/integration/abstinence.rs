//! "戒断三年未复吸" over HTTP (JDTL 7): three years after the last positive
//! test the person enters the work queue for confirmation; the status can
//! be set only then, and a new positive test takes the proposal back.

use serde_json::{Value, json};

use crate::harness::{Client, TestServer};

/// 2026-11-29 12:00 China Standard Time.
const TODAY_MS: i64 = 1_795_924_800_000;

async fn positive(c: &Client, person: &str, day: &str) {
    let r = c
        .post_json(
            &format!("/api/v1/persons/{person}/tests"),
            json!({ "test_date": day, "method": "urine", "setting": "on_site", "result": "positive", "substances": ["甲基苯丙胺"] }),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
}

/// The candidate days the queue lists for the person.
async fn queued(c: &Client, person: &str) -> Vec<String> {
    let v: Value = c.get("/api/v1/queue").await.json().await.unwrap();
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["person_id"] == person && i["kind"] == "abstinence_candidate")
        .map(|i| {
            assert_eq!(i["anchor"], "control", "{i}");
            i["date"].as_str().unwrap().to_string()
        })
        .collect()
}

async fn set_status(c: &Client, person: &str, status: &str) -> reqwest::Response {
    c.http
        .patch(format!("{}/api/v1/persons/{person}", c.base))
        .header("x-csrf-token", &c.csrf)
        .json(&json!({ "status": status }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn three_years_after_the_last_positive_the_person_is_proposed_and_confirmed() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let c = s.login("countyofficer_a").await;
    let (due, early, relapsed) = (
        s.fx.persons["a1"].clone(),
        s.fx.persons["a2"].clone(),
        s.fx.persons["a5"].clone(),
    );
    positive(&c, &due, "2023-11-20").await;
    positive(&c, &early, "2024-01-10").await;
    positive(&c, &relapsed, "2023-10-01").await;

    // Three years from 2023-11-20 end on 2026-11-20 (Civil Code Art 202).
    assert_eq!(queued(&c, &due).await, ["2026-11-20"]);
    assert!(queued(&c, &early).await.is_empty());
    assert_eq!(queued(&c, &relapsed).await, ["2026-10-01"]);

    // Not yet three years: refused with the field's error, nothing written.
    let r = set_status(&c, &early, "abstinent_3y").await;
    assert_eq!(r.status(), 422);
    let v: Value = r.json().await.unwrap();
    assert!(v.to_string().contains("not_abstinence_candidate"), "{v}");
    let v: Value = c
        .get(&format!("/api/v1/persons/{early}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "registered");
    assert_eq!(v["abstinence_candidate_on"], "2027-01-10");

    // A relapse (new positive test) takes the proposal back.
    positive(&c, &relapsed, "2026-11-28").await;
    assert!(queued(&c, &relapsed).await.is_empty());
    assert_eq!(
        set_status(&c, &relapsed, "abstinent_3y").await.status(),
        422
    );

    // The candidate is confirmed by a person and leaves the queue.
    assert_eq!(set_status(&c, &due, "abstinent_3y").await.status(), 200);
    assert!(queued(&c, &due).await.is_empty());
    let v: Value = c
        .get(&format!("/api/v1/persons/{due}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "abstinent_3y");

    // Out of scope: county B's person answers 404, as if it did not exist.
    let other = s.fx.persons["b4"].clone();
    assert_eq!(set_status(&c, &other, "abstinent_3y").await.status(), 404);
}
