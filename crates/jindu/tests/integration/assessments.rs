//! Assessments and self-reports over HTTP: the schedule of a community
//! measure (review at 6 months, annual at 12, self-report monthly by the
//! default setting), the work-queue item and recording that clears it,
//! encrypted notes, and the boundaries (no measure, bad codes, county B,
//! the read-only leader).

use serde_json::{Value, json};

use crate::harness::{Client, TestServer};

/// 2026-11-29 12:00 China Standard Time.
const TODAY_MS: i64 = 1_795_924_800_000;

async fn json_of(r: reqwest::Response, status: u16) -> Value {
    let got = r.status().as_u16();
    let body = r.text().await.unwrap();
    assert_eq!(got, status, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn queued(c: &Client, person: &str) -> Vec<(String, String)> {
    let v = json_of(c.get("/api/v1/queue").await, 200).await;
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["person_id"] == person && i["anchor"] == "assessments")
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_string(),
                i["date"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_review_falls_due_at_six_months_and_recording_it_clears_the_queue() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let c = s.login("socialworker_a").await;
    let p = s.fx.persons["a1"].clone();
    let path = format!("/api/v1/persons/{p}/assessments");

    // No measure: nothing to assess, nothing written.
    let r = c
        .post_json(&path, json!({ "kind": "review", "conclusion": "stable" }))
        .await;
    let v = json_of(r, 422).await;
    assert!(v.to_string().contains("assessment.no_measure"), "{v}");

    // Community detox reported in on 2026-05-20: review due 2026-11-20.
    let m = json_of(
        c.post_json(
            &format!("/api/v1/persons/{p}/measures"),
            json!({ "kind": "community_detox", "decided_on": "2026-05-10", "served_on": "2026-05-11" }),
        )
        .await,
        201,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    for ev in [
        json!({ "event": "report_in", "on": "2026-05-20" }),
        json!({ "event": "sign_agreement", "on": "2026-05-20" }),
    ] {
        json_of(
            c.post_json(&format!("/api/v1/measures/{m}/events"), ev)
                .await,
            200,
        )
        .await;
    }
    let v = json_of(c.get(&path).await, 200).await;
    let review = v["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == "review")
        .unwrap()
        .clone();
    assert_eq!(review["due"][0]["due"], "2026-11-20", "{review}");
    // The review and this month's self-report are open (earlier months'
    // self-reports count as missed, not as work to do now).
    let due = ("assessment_due".to_string(), "2026-11-20".to_string());
    assert_eq!(queued(&c, &p).await, [due.clone(), due.clone()]);

    // Bad codes and a future date: each field named, nothing written.
    let v = json_of(
        c.post_json(
            &path,
            json!({ "kind": "yearly", "conclusion": "fine", "done_date": "2026-12-30" }),
        )
        .await,
        422,
    )
    .await;
    for field in ["kind", "conclusion", "done_date"] {
        assert!(v.to_string().contains(field), "{field}: {v}");
    }

    // Recording the review clears it; the notes come back, encrypted at rest.
    json_of(
        c.post_json(&path, json!({ "kind": "review", "conclusion": "needs_attention", "notes": "近期失业，情绪低落" }))
            .await,
        201,
    )
    .await;
    assert_eq!(queued(&c, &p).await, [due], "the self-report is left");
    let v = json_of(c.get(&path).await, 200).await;
    assert_eq!(v["items"][0]["notes"], "近期失业，情绪低落");
    let plain = s
        .ctx
        .db
        .scalar_i64(jindu_store::Q::new(
            "SELECT COUNT(*) FROM assessments WHERE notes_enc IS NOT NULL",
        ))
        .await
        .unwrap();
    assert_eq!(plain, 1);

    // County B answers 404; the leader reads but cannot write.
    let b = s.fx.persons["b3"].clone();
    let r = c
        .post_json(
            &format!("/api/v1/persons/{b}/assessments"),
            json!({ "kind": "review", "conclusion": "stable" }),
        )
        .await;
    assert_eq!(r.status(), 404);
    let leader = s.login("leader_a").await;
    assert_eq!(leader.get(&path).await.status(), 200);
    let r = leader
        .post_json(&path, json!({ "kind": "review", "conclusion": "stable" }))
        .await;
    assert_eq!(r.status(), 403);
    let n = s
        .ctx
        .db
        .scalar_i64(jindu_store::Q::new("SELECT COUNT(*) FROM assessments"))
        .await
        .unwrap();
    assert_eq!(n, 1, "only the one good record was written");
}
