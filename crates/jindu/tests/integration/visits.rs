//! Visits and support over HTTP: a visit overdue under community detox is
//! in the work queue and recording it clears the item; two visits in a row
//! without finding the person hint at lost contact; the support plan
//! (一人一策) is set, shown and replaced; support records with their
//! outcomes; bad codes 422, county B 404, the leader 403; notes and goals
//! encrypted at rest and kept out of the audit trail.

use serde_json::{Value, json};

use crate::harness::{Client, TestServer};

/// 2026-11-29 12:00 China Standard Time.
const TODAY_MS: i64 = 1_795_924_800_000;

async fn put_json(c: &Client, path: &str, body: Value) -> reqwest::Response {
    c.http
        .put(format!("{}{path}", c.base))
        .header("x-csrf-token", &c.csrf)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn under_community_detox(c: &Client, p: &str) {
    let r = c
        .post_json(
            &format!("/api/v1/persons/{p}/measures"),
            json!({ "kind": "community_detox", "decided_on": "2026-10-08", "served_on": "2026-10-09" }),
        )
        .await;
    assert_eq!(r.status(), 201);
    let m = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    for ev in ["report_in", "sign_agreement"] {
        let r = c
            .post_json(
                &format!("/api/v1/measures/{m}/events"),
                json!({ "event": ev, "on": "2026-10-15" }),
            )
            .await;
        assert_eq!(r.status(), 200);
    }
}

fn queue_items(v: &Value, person: &str, kind: &str) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["person_id"] == person && i["kind"] == kind)
        .map(|i| {
            assert_eq!(i["anchor"], "visits");
            i["date"].as_str().unwrap().to_string()
        })
        .collect()
}

fn first_field(v: &Value) -> (String, String) {
    let f = &v["fields"][0];
    (
        f["field"].as_str().unwrap_or("").to_string(),
        f["code"].as_str().unwrap_or("").to_string(),
    )
}

async fn no_plaintext(s: &TestServer, sql: &str, col: &str, text: &str) {
    let rows = s.ctx.db.fetch_all(jindu_store::Q::new(sql)).await.unwrap();
    assert!(!rows.is_empty());
    for r in rows {
        let blob = r.opt_bytes(col).unwrap().unwrap_or_default();
        assert!(
            !blob.windows(text.len()).any(|w| w == text.as_bytes()),
            "{col} holds the plaintext"
        );
    }
    let in_audit = s
        .ctx
        .db
        .scalar_i64(
            jindu_store::Q::new("SELECT COUNT(*) FROM audit_log WHERE details LIKE $1")
                .bind(format!("%{text}%")),
        )
        .await
        .unwrap();
    assert_eq!(in_audit, 0, "the audit trail holds codes, not the words");
}

#[tokio::test]
async fn an_overdue_visit_is_queued_and_recording_it_clears_the_item() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let c = s.login("socialworker_a").await;
    let p = s.fx.persons["a2"].clone();
    under_community_detox(&c, &p).await;
    // Monthly from the report-in (visit cadence v1): due 2026-11-15,
    // overdue by the 29th.
    let v: Value = c.get("/api/v1/queue").await.json().await.unwrap();
    assert_eq!(
        queue_items(&v, &p, "visit_overdue"),
        vec!["2026-11-15"],
        "{v}"
    );
    let (_, html) = c.get_text("/queue").await;
    assert!(html.contains("走访逾期") && html.contains(&format!("/persons/{p}#visits")));
    let visits = format!("/api/v1/persons/{p}/visits");
    let v: Value = c.get(&visits).await.json().await.unwrap();
    assert_eq!(v["next_due"]["due"], "2026-11-15");
    assert_eq!(v["next_due"]["state"], "overdue");
    assert_eq!(v["cadence_setting"]["version"], 1);

    // A call keeps in touch but does not count as a visit.
    let r = c
        .post_json(
            &visits,
            json!({ "visit_date": "2026-11-18", "kind": "phone", "place": "elsewhere", "outcome": "normal" }),
        )
        .await;
    assert_eq!(r.status(), 201);
    let v: Value = c.get("/api/v1/queue").await.json().await.unwrap();
    assert_eq!(queue_items(&v, &p, "visit_overdue").len(), 1);

    // The home visit clears it.
    let notes = "在家，情绪稳定，已在小区超市找到临时工作";
    let r = c
        .post_json(
            &visits,
            json!({ "visit_date": "2026-11-20", "kind": "home_visit", "place": "home", "outcome": "situation_changed", "notes": notes }),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let v: Value = c.get("/api/v1/queue").await.json().await.unwrap();
    assert!(queue_items(&v, &p, "visit_overdue").is_empty(), "{v}");
    assert!(queue_items(&v, &p, "visit_due").is_empty(), "{v}");
    let v: Value = c.get(&visits).await.json().await.unwrap();
    assert_eq!(v["total"], 2);
    assert_eq!(v["items"][0]["visit_date"], "2026-11-20");
    assert_eq!(v["items"][0]["notes"], notes);
    assert_eq!(v["items"][0]["visited_by"], "测试socialworkera");
    assert_eq!(v["items"][0]["during_measure"], true);
    assert_eq!(v["next_due"]["due"], "2026-12-20");
    assert_eq!(v["next_due"]["state"], "upcoming");
    assert_eq!(v["lost_contact_hint"], Value::Null);
    no_plaintext(
        &s,
        "SELECT notes_enc FROM visits WHERE notes_enc IS NOT NULL",
        "notes_enc",
        "情绪稳定",
    )
    .await;
    // The file shows the section, the visit and its notes.
    let (_, html) = c.get_text(&format!("/persons/{p}")).await;
    assert!(html.contains("走访帮扶") && html.contains("家访") && html.contains(notes));
    assert!(html.contains(&format!("action=\"/persons/{p}/visits\"")));

    // Two home visits in a row without finding the person: a hint, in the
    // file and in the queue; the cadence still runs from the last visit.
    for d in ["2026-11-25", "2026-11-28"] {
        let r = c
            .post_form(
                &format!("/persons/{p}/visits"),
                &[
                    ("visit_date", d),
                    ("kind", "home_visit"),
                    ("place", "home"),
                    ("outcome", "not_found"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert!(
            r.headers()["location"]
                .to_str()
                .unwrap()
                .ends_with("?ok=visit_recorded#visits")
        );
    }
    let v: Value = c.get(&visits).await.json().await.unwrap();
    assert_eq!(v["lost_contact_hint"], 2);
    assert_eq!(v["next_due"]["due"], "2026-12-20");
    let q: Value = c.get("/api/v1/queue").await.json().await.unwrap();
    assert_eq!(queue_items(&q, &p, "lost_contact_hint").len(), 1, "{q}");
    let (_, html) = c.get_text(&format!("/persons/{p}")).await;
    assert!(html.contains("疑似失联"));
    // Once the status says lost contact, the hint has done its work.
    let r = c
        .http
        .patch(format!("{}/api/v1/persons/{p}", c.base))
        .header("x-csrf-token", &c.csrf)
        .json(&json!({ "status": "lost_contact" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = c.get(&visits).await.json().await.unwrap();
    assert_eq!(v["lost_contact_hint"], Value::Null);
}

#[tokio::test]
async fn visits_refuse_bad_input_other_counties_and_read_only_roles() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let c = s.login("countyofficer_a").await;
    let p = s.fx.persons["a0"].clone();
    let path = format!("/api/v1/persons/{p}/visits");
    for (body, field, code) in [
        (
            json!({ "kind": "walk", "place": "home", "outcome": "normal" }),
            "kind",
            "field.invalid_code",
        ),
        (
            json!({ "kind": "interview", "place": "moon", "outcome": "normal" }),
            "place",
            "field.invalid_code",
        ),
        (
            json!({ "kind": "interview", "place": "office", "outcome": "fine" }),
            "outcome",
            "field.invalid_code",
        ),
        (
            json!({ "kind": "interview", "place": "office", "outcome": "situation_changed" }),
            "notes",
            "visit.notes_required",
        ),
        (
            json!({ "kind": "interview", "place": "office", "outcome": "normal", "notes": "长".repeat(501) }),
            "notes",
            "field.too_long",
        ),
        (
            json!({ "visit_date": "2026-11-30", "kind": "interview", "place": "office", "outcome": "normal" }),
            "visit_date",
            "date.future",
        ),
    ] {
        let r = c.post_json(&path, body.clone()).await;
        assert_eq!(r.status(), 422, "{body}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(
            first_field(&v),
            (field.to_string(), code.to_string()),
            "{body}"
        );
    }
    let r = c
        .post_json(
            &path,
            json!({ "kind": "interview", "place": "office", "outcome": "normal", "mood": "ok" }),
        )
        .await;
    assert_eq!(r.status(), 422, "unknown fields are refused");
    // County B's person is not found, for reading and writing.
    let b = &s.fx.persons["b3"];
    let body = json!({ "kind": "interview", "place": "office", "outcome": "normal" });
    assert_eq!(
        c.get(&format!("/api/v1/persons/{b}/visits")).await.status(),
        404
    );
    assert_eq!(
        c.post_json(&format!("/api/v1/persons/{b}/visits"), body.clone())
            .await
            .status(),
        404
    );
    // The leader reads, never writes, and sees no form.
    let leader = s.login("leader_a").await;
    assert_eq!(leader.post_json(&path, body.clone()).await.status(), 403);
    assert_eq!(c.post_json(&path, body).await.status(), 201);
    assert_eq!(leader.get(&path).await.status(), 200);
    let (status, html) = leader.get_text(&format!("/persons/{p}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("走访帮扶") && !html.contains(&format!("action=\"/persons/{p}/visits\""))
    );
    let visits = s
        .ctx
        .db
        .scalar_i64(jindu_store::Q::new("SELECT COUNT(*) FROM visits"))
        .await
        .unwrap();
    assert_eq!(visits, 1, "only the valid visit was stored");
}

#[tokio::test]
async fn the_support_plan_is_set_shown_and_replaced_and_support_is_recorded() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let c = s.login("countyofficer_a").await;
    let p = s.fx.persons["a1"].clone();
    let plan_path = format!("/api/v1/persons/{p}/support-plan");
    let v: Value = c.get(&plan_path).await.json().await.unwrap();
    assert_eq!(v["plan"], Value::Null);
    let r = put_json(
        &c,
        &plan_path,
        json!({ "poverty_relief": true, "goals": [
            { "kind": "employment", "sub_kinds": ["job_referral", "skills_training"], "goal": "推荐到社区安置就业基地" },
            { "kind": "relief", "sub_kinds": ["minimum_allowance", "medical_aid"], "goal": "申请低保和医疗救助" }
        ] }),
    )
    .await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    let plan_id = v["plan"]["id"].as_str().unwrap().to_string();
    assert_eq!(v["plan"]["poverty_relief"], true);
    // In the order of the four kinds, whatever the order sent.
    assert_eq!(v["plan"]["goals"][0]["kind"], "relief");
    assert_eq!(
        v["plan"]["goals"][0]["sub_kinds"],
        json!(["minimum_allowance", "medical_aid"])
    );
    assert_eq!(v["plan"]["goals"][0]["goal"], "申请低保和医疗救助");
    assert_eq!(v["plan"]["goals"][1]["kind"], "employment");
    assert_eq!(v["plan"]["updated_by"], "测试countyofficera");
    let got: Value = c.get(&plan_path).await.json().await.unwrap();
    assert_eq!(got, v);
    no_plaintext(
        &s,
        "SELECT goal_enc FROM support_plan_goals",
        "goal_enc",
        "医疗救助",
    )
    .await;
    let (_, html) = c.get_text(&format!("/persons/{p}")).await;
    for text in [
        "一人一策",
        "禁毒脱贫",
        "低保",
        "申请低保和医疗救助",
        "推荐就业",
    ] {
        assert!(html.contains(text), "{text}");
    }

    // Bad plans are refused whole.
    for (body, field, code) in [
        (
            json!({ "goals": [{ "kind": "relief", "sub_kinds": ["job_placement"] }] }),
            "sub_relief",
            "support.sub_kind_mismatch",
        ),
        (
            json!({ "goals": [{ "kind": "money", "goal": "x" }] }),
            "goals",
            "field.invalid_code",
        ),
        (
            json!({ "goals": [{ "kind": "relief", "sub_kinds": ["cash"] }] }),
            "sub_relief",
            "field.invalid_code",
        ),
        (
            json!({ "goals": [{ "kind": "treatment" }] }),
            "goal_treatment",
            "support.goal_empty",
        ),
        (
            json!({ "goals": [{ "kind": "treatment", "goal": "a" }, { "kind": "treatment", "goal": "b" }] }),
            "goal_treatment",
            "support.duplicate_kind",
        ),
    ] {
        let r = put_json(&c, &plan_path, body.clone()).await;
        assert_eq!(r.status(), 422, "{body}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(
            first_field(&v),
            (field.to_string(), code.to_string()),
            "{body}"
        );
    }
    // Replacing keeps the plan and swaps its goals (from the page's form).
    let r = c
        .post_form(
            &format!("/persons/{p}/support-plan"),
            &[
                ("sub_treatment", "maintenance"),
                ("goal_treatment", "坚持美沙酮维持治疗"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with("?ok=plan_saved#visits")
    );
    let v: Value = c.get(&plan_path).await.json().await.unwrap();
    assert_eq!(v["plan"]["id"], plan_id.as_str());
    assert_eq!(v["plan"]["poverty_relief"], false);
    assert_eq!(v["plan"]["goals"].as_array().unwrap().len(), 1);
    assert_eq!(v["plan"]["goals"][0]["goal"], "坚持美沙酮维持治疗");

    // Support records: 低保 granted, a job placement; bad combinations 422.
    let support = format!("/api/v1/persons/{p}/support");
    let r = c
        .post_json(
            &support,
            json!({ "support_date": "2026-09-01", "kind": "relief", "sub_kind": "minimum_allowance", "provider": "城关镇民政办", "outcome": "granted" }),
        )
        .await;
    assert_eq!(r.status(), 201);
    let r = c
        .post_json(
            &support,
            json!({ "support_date": "2026-10-10", "kind": "employment", "sub_kind": "job_placement", "provider": "江城区安置就业基地", "outcome": "placed" }),
        )
        .await;
    assert_eq!(r.status(), 201);
    for (body, field, code) in [
        (
            json!({ "kind": "relief", "sub_kind": "minimum_allowance", "provider": "民政办", "outcome": "placed" }),
            "outcome",
            "support.outcome_mismatch",
        ),
        (
            json!({ "kind": "relief", "sub_kind": "job_placement", "provider": "民政办", "outcome": "granted" }),
            "sub_kind",
            "support.sub_kind_mismatch",
        ),
        (
            json!({ "kind": "help", "sub_kind": "other", "provider": "民政办", "outcome": "provided" }),
            "kind",
            "field.invalid_code",
        ),
        (
            json!({ "kind": "treatment", "sub_kind": "other", "provider": " ", "outcome": "provided" }),
            "provider",
            "field.required",
        ),
        (
            json!({ "kind": "treatment", "sub_kind": "other", "provider": "医院", "outcome": "great" }),
            "outcome",
            "field.invalid_code",
        ),
    ] {
        let r = c.post_json(&support, body.clone()).await;
        assert_eq!(r.status(), 422, "{body}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(
            first_field(&v),
            (field.to_string(), code.to_string()),
            "{body}"
        );
    }
    let v: Value = c.get(&support).await.json().await.unwrap();
    assert_eq!(v["total"], 2);
    assert_eq!(v["items"][0]["sub_kind"], "job_placement", "newest first");
    assert_eq!(v["items"][1]["outcome"], "granted");
    let (_, html) = c.get_text(&format!("/persons/{p}")).await;
    assert!(
        html.contains("城关镇民政办")
            && html.contains("tag-ok\">已批准")
            && html.contains("tag-ok\">已安置就业")
    );

    // County B: not found. The leader: forbidden.
    let b = &s.fx.persons["b3"];
    let plan = json!({ "poverty_relief": true, "goals": [] });
    assert_eq!(
        put_json(
            &c,
            &format!("/api/v1/persons/{b}/support-plan"),
            plan.clone()
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        c.get(&format!("/api/v1/persons/{b}/support-plan"))
            .await
            .status(),
        404
    );
    assert_eq!(
        c.get(&format!("/api/v1/persons/{b}/support"))
            .await
            .status(),
        404
    );
    let rec = json!({ "kind": "treatment", "sub_kind": "other", "provider": "医院", "outcome": "provided" });
    assert_eq!(
        c.post_json(&format!("/api/v1/persons/{b}/support"), rec.clone())
            .await
            .status(),
        404
    );
    let leader = s.login("leader_a").await;
    assert_eq!(put_json(&leader, &plan_path, plan).await.status(), 403);
    assert_eq!(leader.post_json(&support, rec).await.status(), 403);
    assert_eq!(leader.get(&support).await.status(), 200);
    assert_eq!(leader.get(&plan_path).await.status(), 200);
}
