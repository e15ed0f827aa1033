//! The person register over HTTP: registration with validation, duplicates,
//! masking, paging, reveal, and nothing half-written on bad input.

use serde_json::json;

use crate::auth::hidden_csrf;
use crate::harness::{TestServer, id_number};

async fn person_rows(s: &TestServer) -> i64 {
    s.ctx
        .db
        .scalar_i64(jindu_store::Q::new("SELECT COUNT(*) FROM persons"))
        .await
        .unwrap()
}

#[tokio::test]
async fn register_through_the_form_and_view_the_masked_file() {
    let s = TestServer::start().await;
    let mut c = s.login("countyofficer_a").await;
    let village = s.fx.units["village_a"].id.to_string();
    let grid = s.fx.units["grid_a"].id.to_string();
    let (status, html) = c
        .get_text(&format!("/persons/new?residence={village}"))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("第一网格"));
    c.csrf = hidden_csrf(&html);
    let id_no = id_number("990101", 40);
    let spaced = format!("{} {}", &id_no[..6], id_no[6..].to_lowercase());
    let before = s.audit_count().await;
    let r = c
        .post_form(
            "/persons",
            &[
                ("name", "赵新"),
                ("id_number", &spaced),
                ("phone", "154 0000 8888"),
                ("residence", &village),
                ("grid", &grid),
                ("residence_address", "江城区和平路8号"),
                ("household_unit", ""),
                ("household_address", ""),
                ("first_reg_unit", &s.fx.units["town_a"].id.to_string()),
                ("first_reg_officer", "刘警官"),
                ("first_reg_date", "2024-03-01"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    assert_eq!(s.audit_count().await, before + 1);
    assert_eq!(s.last_events(1).await, vec!["person.create"]);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let (status, html) = c.get_text(&loc).await;
    assert_eq!(status, 200);
    assert!(html.contains("赵新") && html.contains("登记成功"));
    assert!(html.contains(&format!("{}********{}", &id_no[..6], &id_no[14..])));
    assert!(!html.contains(&id_no) && !html.contains("15400008888"));
    assert!(html.contains("154****8888"));
}

#[tokio::test]
async fn invalid_input_keeps_the_form_with_inline_errors_and_writes_nothing() {
    let s = TestServer::start().await;
    let mut c = s.login("countyofficer_a").await;
    let village = s.fx.units["village_a"].id.to_string();
    let (_, html) = c
        .get_text(&format!("/persons/new?residence={village}"))
        .await;
    c.csrf = hidden_csrf(&html);
    let mut bad = id_number("990101", 41);
    bad.replace_range(17.., if bad.ends_with('1') { "2" } else { "1" });
    let (rows, audits) = (person_rows(&s).await, s.audit_count().await);
    let r = c
        .post_form(
            "/persons",
            &[
                ("name", "钱七"),
                ("id_number", &bad),
                ("phone", "12345"),
                ("residence", &village),
                ("first_reg_date", "2024-13-01"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("校验位不正确"),
        "ID checksum error shown inline"
    );
    assert!(html.contains("请输入11位手机号码"));
    assert!(html.contains("日期格式应为"));
    assert!(html.contains("value=\"钱七\""), "form kept");
    assert_eq!(person_rows(&s).await, rows);
    assert_eq!(s.audit_count().await, audits);
}

#[tokio::test]
async fn duplicate_id_numbers_are_refused_with_a_link_only_when_visible() {
    let s = TestServer::start().await;
    let a = s.login("countyofficer_a").await;
    let existing = id_number("990101", 0);
    let body = json!({ "name": "重复", "id_number": existing, "residence_unit_id": s.fx.units["village_a"].id });
    let r = a.post_json("/api/v1/persons", body.clone()).await;
    assert_eq!(r.status(), 409);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"], "person.duplicate_id_number");
    assert_eq!(
        v["existing"],
        format!("/api/v1/persons/{}", s.fx.persons["a0"])
    );
    // From county B the record exists but is not theirs to see.
    let b = s.login("countyofficer_b").await;
    let body = json!({ "name": "重复", "id_number": existing, "residence_unit_id": s.fx.units["village_b"].id });
    let r = b.post_json("/api/v1/persons", body).await;
    assert_eq!(r.status(), 409);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"], "person.duplicate_elsewhere");
    assert!(v.get("existing").is_none());
}

#[tokio::test]
async fn api_registration_converts_15_digit_numbers_and_pages_the_list() {
    let s = TestServer::start().await;
    let c = s.login("cityofficer_city").await;
    // 990101 800315 123 → 99010119800315123X-style conversion with check char.
    let r = c
        .post_json("/api/v1/persons", json!({ "name": "孙老", "id_number": "990101800315123", "residence_unit_id": s.fx.units["village2_a"].id }))
        .await;
    assert_eq!(r.status(), 201);
    let id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let v: serde_json::Value = c
        .get(&format!("/api/v1/persons/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["id"], id);
    assert_eq!(v["birth_date"], "1980-03-15");
    assert_eq!(v["sex"], "M");
    assert!(
        v["id_number"]
            .as_str()
            .unwrap()
            .starts_with("990101********")
    );
    let mut seen = Vec::new();
    for page in 1..=4 {
        let v: serde_json::Value = c
            .get(&format!("/api/v1/persons?page={page}&per_page=2"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["total"], 7);
        for it in v["items"].as_array().unwrap() {
            seen.push(it["id"].as_str().unwrap().to_string());
        }
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 7, "pages cover every person once");
    let r = c.get("/api/v1/persons?per_page=2&bogus=1").await;
    assert_eq!(r.status(), 422, "unknown query parameters are refused");
}

#[tokio::test]
async fn reveal_needs_permission_and_reason_and_is_audited_with_it() {
    let s = TestServer::start().await;
    let pid = &s.fx.persons["a0"];
    let leader = s.login("leader_city").await;
    let r = leader
        .post_json(
            &format!("/api/v1/persons/{pid}/reveal"),
            json!({ "reason": "核查身份" }),
        )
        .await;
    assert_eq!(r.status(), 403);
    let c = s.login("countyofficer_a").await;
    let r = c
        .post_json(
            &format!("/api/v1/persons/{pid}/reveal"),
            json!({ "reason": "x" }),
        )
        .await;
    assert_eq!(r.status(), 422);
    let before = s.audit_count().await;
    let r = c
        .post_json(
            &format!("/api/v1/persons/{pid}/reveal"),
            json!({ "reason": "入户走访核对身份" }),
        )
        .await;
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["id_number"], id_number("990101", 0));
    assert_eq!(v["phone"], "15400001000");
    assert_eq!(s.audit_count().await, before + 1);
    let (entries, _) = jindu_store::audit::search(&s.ctx.db, &Default::default(), 0, 1)
        .await
        .unwrap();
    assert_eq!(entries[0].event, "person.reveal");
    assert_eq!(entries[0].reason, "入户走访核对身份");
    assert_eq!(entries[0].object_id, *pid);
    assert!(
        !entries[0].details.contains("15400001000"),
        "values never in the audit trail"
    );
}

#[tokio::test]
async fn control_details_are_updated_in_scope_audited_by_field_and_kept_in_history() {
    let s = TestServer::start().await;
    let pid = s.fx.persons["a0"].clone();
    let c = s.login("countyofficer_a").await;
    let worker = s.fx.user_ids["socialworker_a"];
    let patch = |c: &crate::harness::Client, body: serde_json::Value| {
        c.http
            .patch(format!("{}/api/v1/persons/{pid}", c.base))
            .header("x-csrf-token", &c.csrf)
            .json(&body)
            .send()
    };
    let r = patch(&c, json!({ "status": "lost_contact", "risk_level": "A", "drug_types": ["heroin", "methamphetamine"], "tags": ["hiv"], "assigned_worker_id": worker })).await.unwrap();
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        v["changed"],
        json!([
            "status",
            "risk_level",
            "assigned_worker_id",
            "drug_types",
            "tags"
        ])
    );
    let (entries, _) = jindu_store::audit::search(&s.ctx.db, &Default::default(), 0, 1)
        .await
        .unwrap();
    assert_eq!(entries[0].event, "person.update");
    assert!(
        !entries[0].details.contains("heroin"),
        "field names only, never values"
    );
    // Saving the same again changes nothing and writes nothing.
    let before = s.audit_count().await;
    let r = patch(&c, json!({ "status": "lost_contact", "risk_level": "A", "drug_types": ["methamphetamine", "heroin"], "tags": ["hiv"], "assigned_worker_id": worker })).await.unwrap();
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["changed"],
        json!([])
    );
    assert_eq!(s.audit_count().await, before);
    // The file shows it, in the reader's language, with the history.
    let (_, html) = c.get_text(&format!("/persons/{pid}")).await;
    assert!(
        html.contains("失联")
            && html.contains("高风险（A类）")
            && html.contains("海洛因")
            && html.contains("艾滋病感染者")
    );
    assert!(html.contains("测试socialworkera"));
    assert!(
        html.contains("更新管控信息") && html.contains("登记"),
        "history lists the creation and the update"
    );
    let v: serde_json::Value = c
        .get(&format!("/api/v1/persons/{pid}/history"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["total"], 2);
    // Filters find it.
    let v: serde_json::Value = c
        .get("/api/v1/persons?status=lost_contact&risk_level=A&tag=hiv")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["total"], 1);
    // Bad codes, a worker of another county, other roles and counties.
    let r = patch(&c, json!({ "status": "vanished", "tags": ["alien"] }))
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let v: serde_json::Value = r.json().await.unwrap();
    let fields: Vec<&str> = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["status", "tags"]);
    let r = patch(
        &c,
        json!({ "status": "registered", "assigned_worker_id": s.fx.user_ids["socialworker_b"] }),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    let leader = s.login("leader_city").await;
    assert_eq!(
        patch(&leader, json!({ "status": "deceased" }))
            .await
            .unwrap()
            .status(),
        403
    );
    let b = s.login("countyofficer_b").await;
    assert_eq!(
        patch(&b, json!({ "status": "deceased" }))
            .await
            .unwrap()
            .status(),
        404
    );
    let v: serde_json::Value = c
        .get(&format!("/api/v1/persons/{pid}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        v["status"], "lost_contact",
        "refused changes left nothing behind"
    );
}

#[tokio::test]
async fn registration_takes_the_control_details_too() {
    let s = TestServer::start().await;
    let c = s.login("townshipofficer_a").await;
    let r = c
        .post_json(
            "/api/v1/persons",
            json!({ "name": "管控", "id_number": id_number("990101", 90), "residence_unit_id": s.fx.units["village_a"].id,
                    "registration_source": "strong_suspect_test", "risk_level": "B", "drug_types": ["ketamine"], "tags": ["minor", "poverty"] }),
        )
        .await;
    assert_eq!(r.status(), 201);
    let id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let v: serde_json::Value = c
        .get(&format!("/api/v1/persons/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            v["status"].as_str(),
            v["registration_source"].as_str(),
            v["risk_level"].as_str()
        ),
        (Some("registered"), Some("strong_suspect_test"), Some("B"))
    );
    assert_eq!(v["drug_types"], json!(["ketamine"]));
    assert_eq!(v["tags"], json!(["minor", "poverty"]));
}
