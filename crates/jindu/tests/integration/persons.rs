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
