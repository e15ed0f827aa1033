//! API specifics: the OpenAPI document, the health check, input rejection.

use serde_json::json;

use crate::harness::{Client, TestServer};

#[tokio::test]
async fn openapi_and_health_are_served() {
    let s = TestServer::start().await;
    let c = Client::new(&s);
    let v: serde_json::Value = c.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert_eq!(v["openapi"], "3.1.0");
    assert!(v["paths"]["/persons"]["get"].is_object());
    let v: serde_json::Value = c.get("/healthz").await.json().await.unwrap();
    assert_eq!(v["status"], "ok");
    let (status, body) = c.get_text("/livez").await;
    assert_eq!((status, body.as_str()), (200, "ok"));
    // Without a session, the API answers 401 in JSON, never a redirect.
    let r = c.get("/api/v1/persons").await;
    assert_eq!(r.status(), 401);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"], "unauthenticated");
    assert!(v["request_id"].as_str().is_some_and(|s| s.len() == 16));
}

#[tokio::test]
async fn bad_input_gets_a_clear_error_and_changes_nothing() {
    let s = TestServer::start().await;
    let c = s.login("countyofficer_a").await;
    let before = s.audit_count().await;
    let r = c
        .post_json(
            "/api/v1/persons",
            json!({ "name": "多字段", "id_number": "x", "residence_unit_id": 1, "colour": "red" }),
        )
        .await;
    assert_eq!(r.status(), 422);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"], "invalid_input");
    assert!(v["message"].as_str().unwrap().contains("colour"));
    let r = c
        .http
        .post(s.url("/api/v1/persons"))
        .header("x-csrf-token", &c.csrf)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = c.post_json("/api/v1/persons", json!({ "name": "", "id_number": "990101199001011235", "residence_unit_id": s.fx.units["village_a"].id, "phone": "123" })).await;
    assert_eq!(r.status(), 422);
    let v: serde_json::Value = r.json().await.unwrap();
    let fields: Vec<&str> = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"name") && fields.contains(&"phone"),
        "{fields:?}"
    );
    assert_eq!(s.audit_count().await, before, "nothing written");
}
