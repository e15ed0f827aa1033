//! Objects and places of the relation graph (POLE) over the API and the
//! pages: one phone recorded in two spellings by two police units is one
//! object, shared across counties; out-of-scope ties are counted, never
//! named; the group drawing shows objects its members share; every
//! boundary refuses with nothing written.

use serde_json::{Value, json};

use crate::harness::{Client, TestServer};
use crate::strike::body;

async fn count(s: &TestServer, table: &str) -> i64 {
    s.ctx
        .db
        .fetch_one(jindu_store::Q::new(format!(
            "SELECT COUNT(*) AS n FROM {table}"
        )))
        .await
        .unwrap()
        .i64("n")
        .unwrap()
}

async fn case(c: &Client, number: &str, unit: i64, suspects: &[&str]) -> String {
    let suspects: Vec<Value> = suspects
        .iter()
        .map(|p| json!({ "person_id": p, "role": "seller" }))
        .collect();
    let body_ = json!({ "number": number, "case_type": "selling", "title": "贩卖案", "org_unit_id": unit, "suspects": suspects });
    let (st, v) = body(c.post_json("/api/v1/cases", body_).await).await;
    assert_eq!(st, 201, "{v}");
    v["id"].as_str().unwrap().to_string()
}

async fn tie(c: &Client, person: &str, tie: Value) -> (u16, Value) {
    body(
        c.post_json(&format!("/api/v1/persons/{person}/objects"), tie)
            .await,
    )
    .await
}

#[tokio::test]
async fn a_shared_phone_joins_persons_across_counties_without_naming_outsiders() {
    let s = TestServer::start().await;
    let police = s.login("police_a").await;
    let city = s.login("police_city").await;
    let (a1, a2, b3) = (
        s.fx.persons["a1"].clone(),
        s.fx.persons["a2"].clone(),
        s.fx.persons["b3"].clone(),
    );
    let county_case = case(&police, "物品-1", s.fx.units["county_a"].id, &[&a1, &a2]).await;
    let city_case = case(&city, "物品-2", s.fx.units["city"].id, &[&b3]).await;
    let phone = |label: &str, source: &str| json!({ "kind": "phone", "label": label, "role": "uses", "source_kind": "case", "source_id": source });
    let (st, v) = tie(&police, &a1, phone("139 9900-1234", &county_case)).await;
    assert_eq!(st, 201, "{v}");
    let object = v["object_id"].as_str().unwrap().to_string();
    // The city's police record b3 with the same phone, spelled otherwise.
    let (st, v) = tie(&city, &b3, phone("(139)99001234", &city_case)).await;
    assert_eq!(st, 201, "{v}");
    assert_eq!(v["object_id"], object.as_str(), "one phone, one object");
    let (st, v) = tie(&police, &a2, phone("13999001234", &county_case)).await;
    assert_eq!(st, 201, "{v}");

    // County A's police see a1's phone with a1 and a2, b3 only counted.
    let (st, v) = body(police.get(&format!("/api/v1/persons/{a1}/objects")).await).await;
    assert_eq!(st, 200, "{v}");
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{v}");
    assert_eq!(items[0]["label"], "13999001234");
    assert_eq!(items[0]["ties"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(items[0]["outside_scope"], 1);
    assert_eq!(
        items[0]["ties"][0]["source_number"], "物品-1",
        "the source case named"
    );
    assert!(!v.to_string().contains(&b3), "no out-of-scope identity");
    // The city's police see all three.
    let (_, v) = body(city.get(&format!("/api/v1/objects/{object}")).await).await;
    assert_eq!(v["ties"].as_array().unwrap().len(), 3, "{v}");
    assert_eq!(v["outside_scope"], 0);

    // The group drawing holds the phone a1 and a2 share, masked, and the
    // members' register status.
    let (st, g) = body(police.get(&format!("/api/v1/persons/{a1}/group")).await).await;
    assert_eq!(st, 200, "{g}");
    let objects = g["objects"].as_array().unwrap();
    assert_eq!(objects.len(), 1, "{g}");
    assert_eq!(objects[0]["label"], "139****1234");
    assert_eq!(objects[0]["members"].as_array().unwrap().len(), 2);
    assert!(g["nodes"][0]["status"].is_string(), "{g}");
    let (st, html) = police.get_text(&format!("/persons/{a1}/group")).await;
    assert_eq!(st, 200);
    assert!(html.contains("class=\"obj phone\""), "the phone is drawn");
    assert!(
        !html.contains("13999001234"),
        "the drawing masks the number"
    );
    assert!(
        html.contains(&format!("href=\"/objects/{object}\"")),
        "the square links to the object's page"
    );
    // The object's page names a1 and a2 with their source case, counts b3.
    let (st, html) = police.get_text(&format!("/objects/{object}")).await;
    assert_eq!(st, 200);
    assert!(html.contains("13999001234"), "the full number");
    assert!(
        html.contains(&format!("/persons/{a1}/network"))
            && html.contains(&format!("/persons/{a2}/network"))
    );
    assert!(
        html.contains(&format!("href=\"/cases/{county_case}\"")),
        "the source case"
    );
    assert!(
        !html.contains(&b3) && !html.contains(&city_case),
        "no out-of-scope identity or case"
    );
    // The network page lists it in full, with a2 named and b3 counted.
    let (st, html) = police.get_text(&format!("/persons/{a1}/network")).await;
    assert_eq!(st, 200);
    assert!(html.contains("13999001234") && html.contains("id=\"objects\""));

    // A case's vehicle, through the case page's form.
    let before = count(&s, "pole_links").await;
    let r = police
        .post_form(
            &format!("/cases/{county_case}/objects"),
            &[("kind", "vehicle"), ("label", "云a·12345"), ("on_date", "")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let back = r.headers()["location"].to_str().unwrap().to_string();
    assert!(!back.contains("err="), "{back}");
    assert_eq!(count(&s, "pole_links").await, before + 1);
    let (_, html) = police.get_text(&format!("/cases/{county_case}")).await;
    assert!(
        html.contains("云A12345"),
        "normalised plate on the case page"
    );
}

#[tokio::test]
async fn object_ties_refuse_outsiders_and_bad_input_with_nothing_written() {
    let s = TestServer::start().await;
    let police = s.login("police_a").await;
    let city = s.login("police_city").await;
    let (a1, b3) = (s.fx.persons["a1"].clone(), s.fx.persons["b3"].clone());
    let county_case = case(&police, "物品-3", s.fx.units["county_a"].id, &[&a1]).await;
    let city_case = case(&city, "物品-4", s.fx.units["city"].id, &[&b3]).await;
    let good = json!({ "kind": "phone", "label": "13999005678", "role": "uses", "source_kind": "case", "source_id": county_case });
    let (objects, ties) = (
        count(&s, "pole_objects").await,
        count(&s, "pole_links").await,
    );
    // Roles without strike rights: refused outright.
    for who in ["socialworker_a", "leader_a", "townshipofficer_a"] {
        let c = s.login(who).await;
        assert_eq!(tie(&c, &a1, good.clone()).await.0, 403, "{who}");
        let (st, _) = body(c.get(&format!("/api/v1/persons/{a1}/objects")).await).await;
        assert_eq!(st, 403, "{who}");
    }
    // The county office reads strike data but records none.
    let office = s.login("countyofficer_a").await;
    assert_eq!(tie(&office, &a1, good.clone()).await.0, 403);
    let (st, _) = body(office.get(&format!("/api/v1/persons/{a1}/objects")).await).await;
    assert_eq!(st, 200);
    // A person outside the jurisdiction: not found.
    assert_eq!(tie(&police, &b3, good.clone()).await.0, 404);
    // Bad input, each with its code.
    let with = |k: &str, v: Value| {
        let mut t = good.clone();
        t[k] = v;
        t
    };
    for (input, field, code) in [
        (with("kind", json!("boat")), "kind", "field.invalid_code"),
        (with("label", json!("139x")), "label", "object.label_format"),
        (with("label", json!("  ")), "label", "object.label_length"),
        (with("role", json!("lives_at")), "role", "object.role_kind"),
        (
            with("source_kind", json!("rumour")),
            "source_kind",
            "field.invalid_code",
        ),
        (
            with("source_id", json!("nope")),
            "source_id",
            "object.unknown_source",
        ),
        // The city's case is outside county A's capture scope.
        (
            with("source_id", json!(city_case)),
            "source_id",
            "object.unknown_source",
        ),
        (
            with("on_date", json!("2999-01-01")),
            "on_date",
            "date.future",
        ),
    ] {
        let (st, v) = tie(&police, &a1, input).await;
        assert_eq!(st, 422, "{field}: {v}");
        assert!(v.to_string().contains(code), "{field}: {v}");
    }
    assert_eq!(
        count(&s, "pole_objects").await,
        objects,
        "nothing half-written"
    );
    assert_eq!(count(&s, "pole_links").await, ties);
    // Once is enough: the same tie from the same source conflicts.
    assert_eq!(tie(&police, &a1, good.clone()).await.0, 201);
    assert_eq!(tie(&police, &a1, good.clone()).await.0, 409);
    assert_eq!(count(&s, "pole_links").await, ties + 1);
    // An object none of whose ties the reader may see does not exist.
    let (_, v) = tie(
        &city,
        &b3,
        json!({ "kind": "venue", "label": "城南 金沙KTV", "role": "frequents", "source_kind": "case", "source_id": city_case }),
    )
    .await;
    let venue = v["object_id"].as_str().unwrap().to_string();
    assert_eq!(
        police
            .get(&format!("/api/v1/objects/{venue}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        police.get(&format!("/objects/{venue}")).await.status(),
        404,
        "nor its page"
    );
    assert_eq!(
        city.get(&format!("/api/v1/objects/{venue}")).await.status(),
        200
    );
    // A case outside the capture scope takes no object.
    let (st, _) = body(
        police
            .post_json(
                &format!("/api/v1/cases/{city_case}/objects"),
                json!({ "kind": "place", "label": "滨江路8号" }),
            )
            .await,
    )
    .await;
    assert_eq!(st, 404);
}
