//! Leads (线索) over the API: the narrative encrypted at rest and shown
//! only on a single, audited read; the lifecycle to a filed case or a
//! dismissal; roles, jurisdiction and bad input.

use serde_json::{Value, json};

use crate::harness::TestServer;
use crate::strike::body;

const NARRATIVE: &str = "线人报告：江滨路仓库夜间有人分装白色晶体";

#[tokio::test]
async fn a_lead_is_verified_to_a_case_with_its_narrative_encrypted() {
    let s = TestServer::start().await;
    let police = s.login("police_a").await;
    let lead = json!({ "source": "intelligence", "reliability": "probable", "summary": "仓库疑似分装毒品", "content": NARRATIVE, "cooperation": "outgoing", "partner": "邻省某市公安局禁毒支队" });
    let (st, v) = body(police.post_json("/api/v1/leads", lead).await).await;
    assert_eq!(st, 201, "{v}");
    let id = v["id"].as_str().unwrap().to_string();
    // Lists show the summary, never the narrative; one read shows it.
    let (_, list) = body(police.get("/api/v1/leads?state=new").await).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["summary"], "仓库疑似分装毒品");
    assert!(list["items"][0]["content"].is_null());
    assert!(!list.to_string().contains(NARRATIVE));
    let (_, one) = body(police.get(&format!("/api/v1/leads/{id}")).await).await;
    assert_eq!(one["content"], NARRATIVE);
    assert_eq!(
        one["due_date"],
        (s.ctx.today() + time::Duration::days(30)).to_string()
    );
    // Encrypted at rest.
    let raw = s
        .ctx
        .db
        .fetch_one(
            jindu_store::Q::new("SELECT content_enc FROM leads WHERE id = $1").bind(id.as_str()),
        )
        .await
        .unwrap()
        .bytes("content_enc")
        .unwrap();
    let needle = "仓库".as_bytes();
    assert!(
        !raw.windows(needle.len()).any(|w| w == needle),
        "narrative in clear"
    );

    // The lifecycle, and what each step needs.
    let path = format!("/api/v1/leads/{id}/state");
    let step = |b: Value| police.post_json(&path, b);
    let code = |v: &Value| v["fields"][0]["code"].as_str().map(str::to_string);
    let (st, v) = body(step(json!({ "state": "confirmed" })).await).await;
    assert_eq!((st, code(&v).as_deref()), (422, Some("lead.transition")));
    assert_eq!(
        body(step(json!({ "state": "verifying" })).await).await.0,
        204
    );
    let (st, v) = body(step(json!({ "state": "dismissed", "reason": "无" })).await).await;
    assert_eq!(
        (st, code(&v).as_deref()),
        (422, Some("lead.missing_reason"))
    );
    assert_eq!(
        body(step(json!({ "state": "confirmed" })).await).await.0,
        204
    );
    let (st, v) = body(step(json!({ "state": "case_filed" })).await).await;
    assert_eq!((st, code(&v).as_deref()), (422, Some("lead.missing_case")));
    let (st, v) = body(step(json!({ "state": "case_filed", "case_id": s.fx.case_b })).await).await;
    assert_eq!(
        (st, code(&v).as_deref()),
        (422, Some("lead.unknown_case")),
        "county B's case"
    );
    let case = json!({ "number": "线索-001", "case_type": "selling", "title": "仓库贩毒案", "org_unit_id": s.fx.units["county_a"].id });
    let (_, c) = body(police.post_json("/api/v1/cases", case).await).await;
    let case_id = c["id"].as_str().unwrap();
    assert_eq!(
        body(step(json!({ "state": "case_filed", "case_id": case_id })).await)
            .await
            .0,
        204
    );
    let (_, one) = body(police.get(&format!("/api/v1/leads/{id}")).await).await;
    assert_eq!(
        (one["state"].as_str(), one["case_id"].as_str()),
        (Some("case_filed"), Some(case_id))
    );
    assert_eq!(
        body(step(json!({ "state": "dismissed", "reason": "事后发现不实" })).await)
            .await
            .0,
        422,
        "final"
    );
}

#[tokio::test]
async fn leads_stay_with_the_police_and_their_jurisdiction() {
    let s = TestServer::start().await;
    let police = s.login("police_a").await;
    let count = "SELECT COUNT(*) FROM leads";
    let before = s
        .ctx
        .db
        .scalar_i64(jindu_store::Q::new(count))
        .await
        .unwrap();
    for (bad, field) in [
        (
            json!({ "source": "rumour", "reliability": "probable", "summary": "x", "content": "y" }),
            "source",
        ),
        (
            json!({ "source": "venue", "reliability": "probable", "summary": " ", "content": "y" }),
            "summary",
        ),
        (
            json!({ "source": "venue", "reliability": "probable", "summary": "x", "content": "y", "cooperation": "incoming" }),
            "partner",
        ),
        (
            json!({ "source": "venue", "reliability": "probable", "summary": "x", "content": "y", "org_unit_id": s.fx.units["county_b"].id }),
            "org_unit_id",
        ),
        (
            json!({ "source": "venue", "reliability": "probable", "summary": "x", "content": "y", "assignee_id": s.fx.user_ids["socialworker_a"] }),
            "assignee_id",
        ),
    ] {
        let (st, v) = body(police.post_json("/api/v1/leads", bad).await).await;
        assert_eq!(
            (st, v["fields"][0]["field"].as_str()),
            (422, Some(field)),
            "{v}"
        );
    }
    assert_eq!(
        s.ctx
            .db
            .scalar_i64(jindu_store::Q::new(count))
            .await
            .unwrap(),
        before,
        "nothing written"
    );
    let lead = json!({ "source": "venue", "reliability": "reliable", "summary": "包厢内发现吸食工具", "content": NARRATIVE, "assignee_id": s.fx.user_ids["police_a"] });
    let (st, v) = body(police.post_json("/api/v1/leads", lead).await).await;
    assert_eq!(st, 201, "{v}");
    let id = v["id"].as_str().unwrap();
    // County and city offices read; only the police write; the others see nothing.
    let officer = s.login("countyofficer_a").await;
    assert_eq!(
        body(officer.get(&format!("/api/v1/leads/{id}")).await)
            .await
            .0,
        200
    );
    let (st, _) = body(
        officer
            .post_json(
                &format!("/api/v1/leads/{id}/state"),
                json!({ "state": "verifying" }),
            )
            .await,
    )
    .await;
    assert_eq!(st, 403);
    for who in ["socialworker_a", "townshipofficer_a", "leader_city"] {
        let c = s.login(who).await;
        assert_eq!(body(c.get("/api/v1/leads").await).await.0, 403, "{who}");
    }
    let other = s.login("police_b").await;
    assert_eq!(
        body(other.get(&format!("/api/v1/leads/{id}")).await)
            .await
            .0,
        404
    );
    let (_, list) = body(other.get("/api/v1/leads").await).await;
    assert!(!list.to_string().contains(id), "not in county B's list");
}
