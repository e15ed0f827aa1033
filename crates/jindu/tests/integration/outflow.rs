//! Outflow trafficking (外流贩毒): notices recorded at home villages, the
//! family and regional groups they form, their count on the dashboard, and
//! who may see and record them.

use serde_json::{Value, json};

use crate::dashboard::{card, members, ytd};
use crate::harness::{TestServer, id_number};
use crate::strike::body;

fn notice(name: &str, n: u16, village: i64) -> Value {
    json!({ "name": name, "id_number": id_number("990101", n), "org_unit_id": village, "caught_region": "云南省西双版纳州", "caught_date": "2026-10-12", "offence": "transporting", "their_case": format!("滇外流-{n}") })
}

#[tokio::test]
async fn notices_form_family_and_regional_groups_and_count_by_village() {
    let s = TestServer::start().await;
    let police = s.login("police_a").await;
    let leader = s.login("leader_city").await;
    let village = s.fx.units["village_a"].id;
    let before = ytd(&card(&leader, "outflow_traffickers").await);
    // Two of the 张 family and a 王 from county A's village; one of them
    // (id 2) is a2, already on the register.
    for (name, n) in [("张外一", 101), ("张外二", 102), ("王外三", 2)] {
        let (st, v) = body(
            police
                .post_json("/api/v1/outflow", notice(name, n, village))
                .await,
        )
        .await;
        assert_eq!(st, 201, "{v}");
    }
    let (st, list) = body(police.get("/api/v1/outflow").await).await;
    assert_eq!(st, 200);
    assert_eq!(list["total"], 3, "county A sees its three, not county B's");
    let items = list["items"].as_array().unwrap();
    assert!(
        items
            .iter()
            .all(|i| i["name"].as_str().unwrap().contains('*')),
        "names masked"
    );
    let linked: Vec<&Value> = items.iter().filter(|i| !i["person_id"].is_null()).collect();
    assert_eq!(linked.len(), 1);
    assert_eq!(linked[0]["person_id"], s.fx.persons["a2"].as_str());
    assert!(
        !list.to_string().contains(&id_number("990101", 101)),
        "no ID number in the clear"
    );
    // One regional group of three with the 张 family inside.
    let (st, g) = body(police.get("/api/v1/outflow/groups").await).await;
    assert_eq!(st, 200, "{g}");
    let groups = g["items"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{g}");
    assert_eq!(groups[0]["members"].as_array().unwrap().len(), 3);
    assert_eq!(groups[0]["families"][0]["family_name"], "张");
    assert_eq!(
        groups[0]["families"][0]["members"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // Counted at once, at the village, for the county's ranking.
    let k = card(&leader, "outflow_traffickers").await;
    assert_eq!(ytd(&k), (before.0 + 3, before.1 + 3));
    let county_a = k["by_unit"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit_name"] == "江城区")
        .cloned()
        .unwrap_or(Value::Null);
    assert!(county_a["figure"]["num"].as_i64().unwrap_or(0) >= 3, "{k}");
    // The drill-down names them (masked) to the city office only.
    let city = s.login("cityofficer_city").await;
    let m = members(&city, "outflow_traffickers").await;
    assert!(m.to_string().contains("张*一"), "{m}");
    let m = members(&leader, "outflow_traffickers").await;
    assert!(!m.to_string().contains("张*一"), "{m}");
    // The pages.
    let html = police.get("/outflow/groups").await.text().await.unwrap();
    assert!(html.contains("家族：张 2"), "{html}");
    let html = police.get("/outflow").await.text().await.unwrap();
    assert!(html.contains("滇外流-101") && html.contains("录入外地通报"));
}

#[tokio::test]
async fn notices_are_checked_and_stay_inside_jurisdictions() {
    let s = TestServer::start().await;
    let police = s.login("police_a").await;
    let count = "SELECT COUNT(*) FROM outflow_notices";
    let n0 = s
        .ctx
        .db
        .scalar_i64(jindu_store::Q::new(count))
        .await
        .unwrap();
    let code = |v: &Value, f: &str| {
        v["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["field"] == f)
            .map(|x| x["code"].as_str().unwrap().to_string())
    };
    // Bad input: each field named, nothing written.
    let bad = json!({ "name": "", "id_number": "12345", "org_unit_id": s.fx.units["village_a"].id, "caught_region": "", "caught_date": "2099-01-01", "offence": "robbery" });
    let (st, v) = body(police.post_json("/api/v1/outflow", bad).await).await;
    assert_eq!(st, 422, "{v}");
    for f in [
        "name",
        "id_number",
        "caught_region",
        "caught_date",
        "offence",
    ] {
        assert!(code(&v, f).is_some(), "{f}: {v}");
    }
    // A village of county B, or a township, is not a home village here.
    for unit in [s.fx.units["village_b"].id, s.fx.units["town_a"].id] {
        let (st, v) = body(
            police
                .post_json("/api/v1/outflow", notice("赵外", 120, unit))
                .await,
        )
        .await;
        assert_eq!(
            (st, code(&v, "org_unit_id").as_deref()),
            (422, Some("outflow.village")),
            "{v}"
        );
    }
    assert_eq!(
        s.ctx
            .db
            .scalar_i64(jindu_store::Q::new(count))
            .await
            .unwrap(),
        n0,
        "nothing written"
    );
    // Roles: the county office reads but does not record; others neither.
    let county = s.login("countyofficer_a").await;
    assert_eq!(body(county.get("/api/v1/outflow").await).await.0, 200);
    assert_eq!(
        body(
            county
                .post_json(
                    "/api/v1/outflow",
                    notice("赵外", 121, s.fx.units["village_a"].id)
                )
                .await
        )
        .await
        .0,
        403
    );
    for who in ["socialworker_a", "townshipofficer_a", "leader_a"] {
        let c = s.login(who).await;
        assert_eq!(body(c.get("/api/v1/outflow").await).await.0, 403, "{who}");
        assert_eq!(c.get("/outflow/groups").await.status(), 403, "{who}");
    }
    // County B's police see county B's notice only.
    let police_b = s.login("police_b").await;
    let (_, list) = body(police_b.get("/api/v1/outflow").await).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["their_case"], "青溪外流-001");
    // The page form reports a bad village on the field.
    let html = police
        .post_form(
            "/outflow",
            &[
                ("name", "赵外"),
                ("id_number", &id_number("990101", 122)),
                ("village", "不存在的村"),
                ("caught_region", "广东省"),
                ("offence", "selling"),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("has-error"), "{html}");
    assert_eq!(
        s.ctx
            .db
            .scalar_i64(jindu_store::Q::new(count))
            .await
            .unwrap(),
        n0
    );
}
