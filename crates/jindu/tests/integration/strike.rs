//! 双逢双查 over the API: a new drug user's source trace, closed by
//! linking the supplier; the supplier's down-line; the trafficking case
//! that opens the supplier's up/down-line trace; and every boundary.

use serde_json::{Value, json};

use crate::harness::{Client, TestServer, id_number};

pub async fn body(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The open traces of `kind` about `person`, as `c` sees them.
async fn traces(c: &Client, kind: &str, person: &str) -> Vec<Value> {
    let (st, v) = body(
        c.get(&format!(
            "/api/v1/trace-tasks?kind={kind}&state=open&person_id={person}"
        ))
        .await,
    )
    .await;
    assert_eq!(st, 200, "{v}");
    v["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_new_user_is_traced_to_a_supplier_whose_case_opens_the_next_trace() {
    let s = TestServer::start().await;
    let police = s.login("police_a").await;
    let today = s.ctx.today().to_string();
    // A newly found user in county A.
    let (st, v) = body(
        police
            .post_json(
                "/api/v1/persons",
                json!({ "name": "新吸毒", "id_number": id_number("990101", 81), "residence_unit_id": s.fx.units["village_a"].id, "first_reg_date": today }),
            )
            .await,
    )
    .await;
    assert_eq!(st, 201, "{v}");
    let user = v["id"].as_str().unwrap().to_string();
    // The source trace appears for the user's unit, due in 30 days.
    let open = traces(&police, "source", &user).await;
    assert_eq!(open.len(), 1, "{open:?}");
    let task = open[0]["id"].as_str().unwrap().to_string();
    assert_eq!(open[0]["org_unit_id"], s.fx.units["village_a"].id);
    assert_eq!(open[0]["opened_date"], today);
    assert_eq!(
        open[0]["due_date"],
        (s.ctx.today() + time::Duration::days(30)).to_string()
    );

    // It waits in the police's work queue, linked to the trace list.
    let queued = |v: Value| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "trace_source" && i["person_id"] == user.as_str())
    };
    let (_, q) = body(police.get("/api/v1/queue").await).await;
    assert!(queued(q), "in the queue");
    // Bad closures are refused and leave the task open.
    let path = format!("/api/v1/trace-tasks/{task}/close");
    let close = |b: Value| police.post_json(&path, b);
    let (st, v) = body(close(json!({ "reason": "不详" })).await).await;
    assert_eq!(
        (st, v["fields"][0]["code"].as_str()),
        (422, Some("trace.missing_reason")),
        "{v}"
    );
    let (st, _) = body(close(json!({ "supplier_id": user })).await).await;
    assert_eq!(st, 422);
    let b0 = s.fx.persons["b3"].clone();
    let (st, v) = body(close(json!({ "supplier_id": b0 })).await).await;
    assert_eq!(
        (st, v["fields"][0]["code"].as_str()),
        (422, Some("trace.unknown_supplier")),
        "{v}"
    );
    let officer = s.login("countyofficer_a").await;
    let (st, _) = body(
        officer
            .post_json(
                &format!("/api/v1/trace-tasks/{task}/close"),
                json!({ "reason": "网上向陌生人购买" }),
            )
            .await,
    )
    .await;
    assert_eq!(st, 403, "a county officer reads but does not close traces");
    let other = s.login("police_b").await;
    let (st, _) = body(
        other
            .post_json(
                &format!("/api/v1/trace-tasks/{task}/close"),
                json!({ "reason": "网上向陌生人购买" }),
            )
            .await,
    )
    .await;
    assert_eq!(st, 404, "county B's police cannot reach county A's task");
    assert_eq!(
        traces(&police, "source", &user).await.len(),
        1,
        "still open"
    );
    let links = "SELECT COUNT(*) FROM person_links";
    assert_eq!(
        s.ctx
            .db
            .scalar_i64(jindu_store::Q::new(links))
            .await
            .unwrap(),
        0
    );

    // Closed by linking the supplier, a person of county A.
    let supplier = s.fx.persons["a0"].clone();
    let (st, v) = body(close(json!({ "supplier_id": supplier })).await).await;
    assert_eq!(st, 200, "{v}");
    assert_eq!(
        (v["outcome"].as_str(), v["closed_date"].as_str()),
        (Some("identified"), Some(today.as_str()))
    );
    assert!(traces(&police, "source", &user).await.is_empty());
    let (_, q) = body(police.get("/api/v1/queue").await).await;
    assert!(!queued(q), "cleared from the queue");
    let (st, _) = body(close(json!({ "reason": "网上向陌生人购买" })).await).await;
    assert_eq!(st, 409, "closed once");

    // The closure counts at once: the source identified, on the dashboard
    // and in its drill-down.
    let leader = s.login("leader_city").await;
    let k = crate::dashboard::card(&leader, "source_identified").await;
    assert_eq!(crate::dashboard::ytd(&k), (1, 1));
    let m = crate::dashboard::members(&leader, "source_identified").await;
    assert!(m.to_string().contains(&user), "{m}");
    // The supplier's down-line now holds the user; the user's up-line the supplier.
    let (st, down) = body(
        police
            .get(&format!(
                "/api/v1/persons/{supplier}/chain?direction=down&hops=2"
            ))
            .await,
    )
    .await;
    assert_eq!(st, 200, "{down}");
    let persons = down["persons"].as_array().unwrap();
    assert_eq!(persons.len(), 1);
    assert_eq!(
        (
            persons[0]["person_id"].as_str(),
            persons[0]["hops"].as_i64()
        ),
        (Some(user.as_str()), Some(1))
    );
    assert_eq!(persons[0]["name"], "新*毒", "masked");
    let (_, up) = body(
        police
            .get(&format!("/api/v1/persons/{user}/chain?direction=up"))
            .await,
    )
    .await;
    assert_eq!(up["persons"][0]["person_id"], supplier);

    // A selling case on the supplier opens their up/down-line trace.
    assert!(traces(&police, "up_down_line", &supplier).await.is_empty());
    let case = json!({ "number": "南公禁毒-2026-018", "case_type": "selling", "title": "贩卖毒品案", "org_unit_id": s.fx.units["county_a"].id, "campaigns": ["两打两控"], "suspects": [{ "person_id": supplier, "role": "seller" }] });
    let (st, v) = body(police.post_json("/api/v1/cases", case.clone()).await).await;
    assert_eq!(st, 201, "{v}");
    let case_id = v["id"].as_str().unwrap().to_string();
    let next = traces(&police, "up_down_line", &supplier).await;
    assert_eq!(next.len(), 1);
    assert_eq!(next[0]["case_id"], case_id);
    let (st, _) = body(police.post_json("/api/v1/cases", case).await).await;
    assert_eq!(st, 409, "case numbers are unique");
    // A buyer added later is linked as a co-offender and opens no trace.
    let (st, _) = body(
        police
            .post_json(
                &format!("/api/v1/cases/{case_id}/suspects"),
                json!({ "person_id": user, "role": "buyer" }),
            )
            .await,
    )
    .await;
    assert_eq!(st, 204);
    assert!(traces(&police, "up_down_line", &user).await.is_empty());
    let (_, c) = body(police.get(&format!("/api/v1/cases/{case_id}")).await).await;
    assert_eq!(c["suspects"].as_array().unwrap().len(), 2);
    assert_eq!(
        (c["trafficking"].as_bool(), c["campaigns"][0].as_str()),
        (Some(true), Some("两打两控"))
    );
    let (st, _) = body(
        police
            .post_json(
                &format!("/api/v1/cases/{case_id}/stage"),
                json!({ "stage": "filed" }),
            )
            .await,
    )
    .await;
    assert_eq!(st, 204);
    let (st, v) = body(
        police
            .post_json(
                &format!("/api/v1/cases/{case_id}/stage"),
                json!({ "stage": "accepted" }),
            )
            .await,
    )
    .await;
    assert_eq!(
        (st, v["fields"][0]["code"].as_str()),
        (422, Some("case.stage_backwards"))
    );
    // Seizures: grams of a drug, kilograms of a precursor, kept exactly.
    let spath = format!("/api/v1/cases/{case_id}/seizures");
    let seize = |b: Value| police.post_json(&spath, b);
    let (st, _) = body(seize(json!({ "kind": "drug", "substance": "methamphetamine", "quantity": 12.345, "place": "出租屋" })).await).await;
    assert_eq!(st, 201);
    let (st, _) =
        body(seize(json!({ "kind": "precursor", "substance": "麻黄碱", "quantity": 3.2 })).await)
            .await;
    assert_eq!(st, 201);
    for (bad, code) in [
        (
            json!({ "kind": "drug", "substance": "methamphetamine", "quantity": 0 }),
            "seizure.quantity",
        ),
        (
            json!({ "kind": "drug", "substance": "sugar", "quantity": 1 }),
            "field.invalid_code",
        ),
        (
            json!({ "kind": "precursor", "substance": "麻黄碱", "quantity": 500000 }),
            "seizure.too_large",
        ),
    ] {
        let (st, v) = body(seize(bad).await).await;
        assert_eq!(
            (st, v["fields"][0]["code"].as_str()),
            (422, Some(code)),
            "{v}"
        );
    }
    let (_, c) = body(police.get(&format!("/api/v1/cases/{case_id}")).await).await;
    let seized = c["seizures"].as_array().unwrap();
    assert_eq!(seized.len(), 2, "nothing of the refused ones");
    let mut got: Vec<(f64, &str)> = seized
        .iter()
        .map(|z| (z["quantity"].as_f64().unwrap(), z["unit"].as_str().unwrap()))
        .collect();
    got.sort_by(|a, b| a.1.cmp(b.1));
    assert_eq!(got, [(12.345, "g"), (3.2, "kg")]);
}

#[tokio::test]
async fn strike_data_stays_inside_roles_and_jurisdictions() {
    let s = TestServer::start().await;
    for who in ["socialworker_a", "leader_a", "townshipofficer_a"] {
        let c = s.login(who).await;
        let (st, _) = body(c.get("/api/v1/trace-tasks").await).await;
        assert_eq!(st, 403, "{who} sees no intelligence");
        let (st, _) = body(c.get("/api/v1/cases").await).await;
        assert_eq!(st, 403, "{who}");
    }
    // The city's police link county B's b0 as supplier of county A's a1.
    let city = s.login("police_city").await;
    let a1 = s.fx.persons["a1"].clone();
    let b0 = s.fx.persons["b3"].clone();
    let case = json!({ "number": "跨县-1", "case_type": "transporting", "title": "跨县运输案", "org_unit_id": s.fx.units["city"].id, "suspects": [{ "person_id": b0, "role": "courier" }, { "person_id": a1, "role": "courier" }] });
    let (st, v) = body(city.post_json("/api/v1/cases", case).await).await;
    assert_eq!(st, 201, "{v}");
    let task = traces(&city, "up_down_line", &a1).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (st, _) = body(
        city.post_json(
            &format!("/api/v1/trace-tasks/{task}/close"),
            json!({ "supplier_id": b0 }),
        )
        .await,
    )
    .await;
    assert_eq!(st, 200);
    // County A's police see a1's up-line only as a count.
    let police = s.login("police_a").await;
    let (st, up) = body(
        police
            .get(&format!("/api/v1/persons/{a1}/chain?direction=up"))
            .await,
    )
    .await;
    assert_eq!(st, 200, "{up}");
    assert_eq!(up["persons"].as_array().unwrap().len(), 0);
    assert_eq!(up["outside_scope"], 1);
    assert!(!up.to_string().contains(&b0), "no out-of-scope identity");
    let (st, _) = body(police.get(&format!("/api/v1/persons/{b0}/chain")).await).await;
    assert_eq!(st, 404);
    // a2 offended with b3 too: a1 and a2 are joined through county B.
    let a2 = s.fx.persons["a2"].clone();
    let case2 = json!({ "number": "跨县-2", "case_type": "possession", "title": "跨县持有案", "org_unit_id": s.fx.units["city"].id, "suspects": [{ "person_id": b0, "role": "other" }, { "person_id": a2, "role": "other" }] });
    assert_eq!(
        body(city.post_json("/api/v1/cases", case2).await).await.0,
        201
    );
    let (st, p) = body(
        police
            .get(&format!("/api/v1/persons/{a1}/path?to={a2}&k=3"))
            .await,
    )
    .await;
    assert_eq!(st, 200, "{p}");
    assert_eq!(p["connected"], true);
    assert_eq!(p["paths"].as_array().unwrap().len(), 1, "one way only");
    let steps = p["paths"][0].as_array().unwrap();
    assert_eq!(steps.len(), 3, "a1 – b3 – a2");
    assert!(
        steps[1]["person_id"].is_null() && steps[1]["name"] == "",
        "the middle is out of scope"
    );
    assert_eq!(steps[2]["person_id"], a2.as_str());
    // The group reaches into county A: its A members named, B counted.
    let (st, g) = body(police.get("/api/v1/analysis/groups?min_size=2").await).await;
    assert_eq!(st, 200, "{g}");
    let group = &g["items"][0];
    assert_eq!(
        (group["size"].as_i64(), group["outside_scope"].as_i64()),
        (Some(3), Some(1))
    );
    assert_eq!(group["members"].as_array().unwrap().len(), 2);
    // Both A members come from county A's village; the cases are the
    // city's, outside county A.
    assert_eq!(group["hometowns"][0]["persons"], 2);
    assert_eq!(
        (group["cases"].as_i64(), group["communities"].as_i64()),
        (Some(0), Some(1))
    );
    let (st, k) = body(police.get("/api/v1/analysis/key-persons?limit=5").await).await;
    assert_eq!(st, 200, "{k}");
    assert_eq!(k["exact"], true);
    assert!(
        k["persons"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["person_id"] != b0.as_str())
    );
    for v in [&p, &g, &k] {
        assert!(!v.to_string().contains(&b0), "no out-of-scope identity");
    }
    // The group drawn for county A: three persons, b3 grey and unnamed.
    let (st, gr) = body(police.get(&format!("/api/v1/persons/{a1}/group")).await).await;
    assert_eq!(st, 200, "{gr}");
    assert_eq!(
        (gr["size"].as_i64(), gr["in_scope"].as_i64()),
        (Some(3), Some(2))
    );
    assert_eq!(gr["nodes"][0]["person_id"], a1.as_str(), "the person first");
    let anonymous = gr["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["person_id"].is_null())
        .count();
    assert_eq!(anonymous, 1);
    assert!(
        gr["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "supplied")
    );
    let html = police
        .get(&format!("/persons/{a1}/group"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<svg") && html.contains("辖区外人员"),
        "drawn"
    );
    for v in [gr.to_string(), html] {
        assert!(!v.contains(&b0), "no out-of-scope identity");
    }
    // The city sees b3 as the key person joining the two.
    let (_, k) = body(city.get("/api/v1/analysis/key-persons?limit=1").await).await;
    assert_eq!(k["persons"][0]["person_id"], b0.as_str());
    let (st, v) = body(police.get("/api/v1/analysis/groups?limit=0").await).await;
    assert_eq!(
        (st, v["fields"][0]["code"].as_str()),
        (422, Some("analysis.limit"))
    );
    let (st, v) = body(
        police
            .get(&format!("/api/v1/persons/{a1}/path?to={a2}&k=11"))
            .await,
    )
    .await;
    assert_eq!(
        (st, v["fields"][0]["code"].as_str()),
        (422, Some("analysis.paths"))
    );
    // County B's police cannot ask how A's persons are connected.
    let police_b = s.login("police_b").await;
    let (st, _) = body(
        police_b
            .get(&format!("/api/v1/persons/{a1}/path?to={a2}"))
            .await,
    )
    .await;
    assert_eq!(st, 404);
    let html = police_b.get(&format!("/persons/{a1}/paths")).await;
    assert_eq!(html.status(), 404);
    // The city's case lies outside county A; its task too.
    let (_, list) = body(police.get("/api/v1/cases").await).await;
    assert_eq!(list["total"], 0);
    let (st, _) = body(police.get("/api/v1/persons/{a1}/chain?hops=9").await).await;
    assert_eq!(
        st, 404,
        "an unknown person is not found before hops are checked"
    );
    let (st, v) = body(
        police
            .get(&format!("/api/v1/persons/{a1}/chain?hops=9"))
            .await,
    )
    .await;
    assert_eq!(
        (st, v["fields"][0]["code"].as_str()),
        (422, Some("chain.hops"))
    );
    let (st, _) = body(police.post_json("/api/v1/cases", json!({ "number": "越权-1", "case_type": "selling", "title": "x", "org_unit_id": s.fx.units["county_b"].id })).await).await;
    assert_eq!(
        st, 422,
        "a case is recorded in the police's own jurisdiction"
    );
    let (st, _) = body(police.post_json("/api/v1/cases", json!({ "number": "坏类型", "case_type": "robbery", "title": "x", "org_unit_id": s.fx.units["county_a"].id })).await).await;
    assert_eq!(st, 422);
    let cases = "SELECT COUNT(*) FROM cases WHERE county_code <> '990102'";
    assert_eq!(
        s.ctx
            .db
            .scalar_i64(jindu_store::Q::new(cases))
            .await
            .unwrap(),
        2,
        "the two cross-county cases, nothing of the refused ones"
    );
}

/// The analysis page, the paths form and the exact run, as the police use
/// them: a selling network of four in county A around a hub.
#[tokio::test]
async fn analysis_page_paths_and_the_exact_run() {
    let s = TestServer::start().await;
    let police = s.login("police_a").await;
    let [a0, a1, a2] = ["a0", "a1", "a2"].map(|k| s.fx.persons[k].clone());
    let case = json!({ "number": "研判-1", "case_type": "selling", "title": "贩卖案", "org_unit_id": s.fx.units["county_a"].id, "suspects": [{ "person_id": a0, "role": "seller" }, { "person_id": a1, "role": "buyer" }, { "person_id": a2, "role": "buyer" }] });
    let (st, v) = body(police.post_json("/api/v1/cases", case).await).await;
    assert_eq!(st, 201, "{v}");
    // Two paths from a1 to a2: through a0, and straight as co-offenders.
    let (st, p) = body(
        police
            .get(&format!("/api/v1/persons/{a1}/path?to={a2}&k=5"))
            .await,
    )
    .await;
    assert_eq!(st, 200, "{p}");
    let hops: Vec<usize> = p["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_array().unwrap().len() - 1)
        .collect();
    assert_eq!(hops, [1, 2]);
    // The same on the page, the other person named by ID number.
    let form = police
        .get(&format!("/persons/{a1}/paths"))
        .await
        .text()
        .await
        .unwrap();
    assert!(form.contains("对方身份证号"), "{form}");
    let html = police
        .post_form(
            &format!("/persons/{a1}/paths"),
            &[
                ("id_number", &crate::harness::id_number("990101", 2)),
                ("k", "5"),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("步数 1") && html.contains("步数 2"), "{html}");
    assert!(html.contains(&format!("/persons/{a2}/network")));
    let bad = police
        .post_form(
            &format!("/persons/{a1}/paths"),
            &[("id_number", "12345"), ("k", "2")],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        bad.contains("role=\"alert\""),
        "a bad ID number is an error on the form"
    );
    // The group page: communities, the case in the profile, a timeline.
    let group = police
        .get(&format!("/persons/{a1}/group"))
        .await
        .text()
        .await
        .unwrap();
    for want in ["紧密团伙", "研判-1", "团伙时间线", "立案受理"] {
        assert!(group.contains(want), "{want}");
    }
    // a2 alone joins a5 to the others.
    let case2 = json!({ "number": "研判-2", "case_type": "possession", "title": "持有案", "org_unit_id": s.fx.units["county_a"].id, "suspects": [{ "person_id": a2, "role": "other" }, { "person_id": s.fx.persons["a5"], "role": "other" }] });
    assert_eq!(
        body(police.post_json("/api/v1/cases", case2).await).await.0,
        201
    );
    // The exact run: started, finished, then stale after a new link.
    let (st, r) = body(
        police
            .post_json("/api/v1/analysis/key-persons/exact", json!({}))
            .await,
    )
    .await;
    assert_eq!(st, 200, "{r}");
    let mut k = json!(null);
    for _ in 0..100 {
        k = body(police.get("/api/v1/analysis/key-persons?limit=3").await)
            .await
            .1;
        if k["exact_run"]["state"] == "done" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(k["exact_run"]["state"], "done", "{k}");
    assert_eq!(k["exact_run"]["done"], k["exact_run"]["total"]);
    assert_eq!(
        k["persons"][0]["person_id"],
        a2.as_str(),
        "the bridge to a5"
    );
    assert!(k["persons"][0]["closeness"].as_f64().unwrap() > 0.0);
    let (_, again) = body(
        police
            .post_json("/api/v1/analysis/key-persons/exact", json!({}))
            .await,
    )
    .await;
    assert_eq!(
        again["started_at"], k["exact_run"]["started_at"],
        "a finished run over the same graph is not repeated"
    );
    let case3 = json!({ "number": "研判-3", "case_type": "possession", "title": "持有案", "org_unit_id": s.fx.units["county_a"].id, "suspects": [{ "person_id": a1, "role": "other" }, { "person_id": s.fx.persons["a5"], "role": "other" }] });
    assert_eq!(
        body(police.post_json("/api/v1/cases", case3).await).await.0,
        201
    );
    let (_, k) = body(police.get("/api/v1/analysis/key-persons?limit=3").await).await;
    assert_eq!(k["exact_run"]["state"], "stale");
    let page = police.get("/analysis").await.text().await.unwrap();
    for want in ["关键人物", "接近中心度", "已过期", "开始精确计算"] {
        assert!(page.contains(want), "{want}");
    }
    // Who may not: a social worker, and county B's police on A's persons.
    let sw = s.login("socialworker_a").await;
    assert_eq!(sw.get("/analysis").await.status(), 403);
    assert_eq!(
        body(
            sw.post_json("/api/v1/analysis/key-persons/exact", json!({}))
                .await
        )
        .await
        .0,
        403
    );
}

/// The strike statistics move with the writes: a campaign case with two
/// suspects (one a minor), a drug and a precursor seizure, and a lead
/// filed as the case; the drill-downs list exactly those records, naming
/// the case to the city office and not to the leader.
#[tokio::test]
async fn strike_statistics_move_on_write_and_drill_down_by_role() {
    use crate::dashboard::{card, members, ytd};
    let s = TestServer::start().await;
    let police = s.login("police_a").await;
    let (leader, city) = (
        s.login("leader_city").await,
        s.login("cityofficer_city").await,
    );
    let codes = [
        "drug_cases",
        "drug_suspects",
        "campaign_cases",
        "seized_drugs",
        "seized_precursors",
        "lead_conversion",
        "minor_share",
    ];
    let mut before = Vec::new();
    for code in codes {
        before.push(ytd(&card(&leader, code).await));
    }
    // A minor on the register in county A, to be a suspect.
    let born = s
        .ctx
        .today()
        .replace_year(s.ctx.today().year() - 16)
        .unwrap();
    let minor_id = jindu_domain::IdNumber::from_parts("990101", born, 777)
        .unwrap()
        .as_str()
        .to_string();
    let (st, v) = body(city.post_json("/api/v1/persons", json!({ "name": "少年测", "id_number": minor_id, "household_unit_id": s.fx.units["village_a"].id, "residence_unit_id": s.fx.units["village_a"].id, "first_reg_unit_id": s.fx.units["town_a"].id, "first_reg_officer": "王警官", "first_reg_date": "2020-05-01" })).await).await;
    assert_eq!(st, 201, "{v}");
    let minor = v["id"].as_str().unwrap().to_string();
    let case = json!({ "number": "统计-1", "case_type": "selling", "title": "统计贩毒案", "org_unit_id": s.fx.units["county_a"].id, "campaigns": ["两打两控"], "suspects": [{ "person_id": s.fx.persons["a1"], "role": "seller" }, { "person_id": minor, "role": "buyer" }] });
    let (st, v) = body(police.post_json("/api/v1/cases", case).await).await;
    assert_eq!(st, 201, "{v}");
    let case_id = v["id"].as_str().unwrap().to_string();
    for z in [
        json!({ "kind": "drug", "substance": "heroin", "quantity": 12.5 }),
        json!({ "kind": "precursor", "substance": "麻黄碱", "quantity": 3.2 }),
    ] {
        let (st, v) = body(
            police
                .post_json(&format!("/api/v1/cases/{case_id}/seizures"), z)
                .await,
        )
        .await;
        assert_eq!(st, 201, "{v}");
    }
    let (st, v) = body(police.post_json("/api/v1/leads", json!({ "source": "intelligence", "reliability": "reliable", "summary": "统计线索", "content": "线索内容" })).await).await;
    assert_eq!(st, 201, "{v}");
    let lead = v["id"].as_str().unwrap().to_string();
    for (state, extra) in [
        ("verifying", json!({})),
        ("confirmed", json!({})),
        ("case_filed", json!({ "case_id": case_id })),
    ] {
        let mut to = json!({ "state": state });
        to.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let (st, v) = body(
            police
                .post_json(&format!("/api/v1/leads/{lead}/state"), to)
                .await,
        )
        .await;
        assert_eq!(st, 204, "{state}: {v}");
    }
    // One case, two suspects, one campaign case, 12.5 g, 3.2 kg, one lead
    // converted, and among the offenders one more minor of two.
    let moved = [
        (1, 1),
        (2, 2),
        (1, 1),
        (12_500, 12_500),
        (3_200_000, 3_200_000),
        (1, 1),
        (1, 2),
    ];
    for ((code, was), by) in codes.iter().zip(&before).zip(moved) {
        let now = ytd(&card(&leader, code).await);
        assert_eq!((now.0 - was.0, now.1 - was.1), by, "{code}");
    }
    let k = card(&leader, "seized_precursors").await;
    assert_eq!(k["year_to_date"]["value"].as_f64(), Some(3.2));
    // The city office is told the case; the leader only that there is one.
    let ours = |m: &Value, key: &str, id: &str| -> Vec<Value> {
        let items = m["items"].as_array().unwrap().iter();
        items.filter(|i| i[key] == id).cloned().collect()
    };
    let m = members(&city, "drug_cases").await;
    assert_eq!(
        m["items"].as_array().unwrap().len() as i64,
        before[0].1 + 1,
        "{m}"
    );
    let mine = ours(&m, "case_id", &case_id);
    assert_eq!((mine.len(), mine[0]["label"].as_str()), (1, Some("统计-1")));
    let m = members(&leader, "drug_cases").await;
    let named = |i: &Value| !i["case_id"].is_null() || i["label"] != "";
    assert!(!m["items"].as_array().unwrap().iter().any(named), "{m}");
    assert!(!m.to_string().contains("统计-1"));
    let m = members(&city, "seized_drugs").await;
    assert_eq!(
        ours(&m, "case_id", &case_id)[0]["amount"].as_f64(),
        Some(12.5)
    );
    let m = members(&city, "lead_conversion").await;
    assert_eq!(ours(&m, "lead_id", &lead)[0]["label"], "统计线索");
    let m = members(&city, "minor_share").await;
    assert!(
        m.to_string().contains(&minor),
        "the minor suspect is in the drill-down"
    );
    let html = leader
        .get("/dashboard/seized_drugs")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("12.5 g") && html.contains("详情仅限打击部门查看"),
        "the page"
    );
}

/// The names kept in memory for chains follow the register: once a5's
/// village moves to county B, county A's police no longer see a5 named
/// on a1's down-line, only counted.
#[tokio::test]
async fn chains_stop_naming_a_person_whose_unit_moves_out_of_scope() {
    let s = TestServer::start().await;
    let city = s.login("police_city").await;
    let (a1, a5) = (s.fx.persons["a1"].clone(), s.fx.persons["a5"].clone());
    let case = json!({ "number": "迁移-1", "case_type": "selling", "title": "贩卖案", "org_unit_id": s.fx.units["county_a"].id, "suspects": [{ "person_id": a5, "role": "seller" }] });
    assert_eq!(
        body(city.post_json("/api/v1/cases", case).await).await.0,
        201
    );
    let task = traces(&city, "up_down_line", &a5).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (st, _) = body(
        city.post_json(
            &format!("/api/v1/trace-tasks/{task}/close"),
            json!({ "supplier_id": a1 }),
        )
        .await,
    )
    .await;
    assert_eq!(st, 200);
    let police = s.login("police_a").await;
    let down = format!("/api/v1/persons/{a1}/chain?direction=down&hops=1");
    let (_, v) = body(police.get(&down).await).await;
    assert_eq!(v["persons"][0]["person_id"], a5.as_str(), "{v}");
    let admin = jindu_store::service::Actor::cli(
        jindu_domain::authz::Role::SysAdmin,
        &s.fx.units["city"].path,
    );
    s.ctx
        .org_move(&admin, s.fx.units["village2_a"].id, s.fx.units["town_b"].id)
        .await
        .unwrap();
    let (_, v) = body(police.get(&down).await).await;
    assert_eq!(
        (
            v["persons"].as_array().unwrap().len(),
            v["outside_scope"].as_i64()
        ),
        (0, Some(1)),
        "{v}"
    );
    assert!(!v.to_string().contains(&a5));
}

/// A suspect who is not on the register: recorded with the ID number
/// encrypted, shown masked on the case, counted among the suspects and, a
/// minor, in the minors' share; someone on the register is refused here.
#[tokio::test]
async fn a_suspect_off_the_register_counts_without_joining_the_graph() {
    use crate::dashboard::{card, ytd};
    let s = TestServer::start().await;
    let police = s.login("police_a").await;
    let leader = s.login("leader_city").await;
    let case = json!({ "number": "非在册-1", "case_type": "transporting", "title": "运输案", "org_unit_id": s.fx.units["county_a"].id });
    let (_, v) = body(police.post_json("/api/v1/cases", case).await).await;
    let case_id = v["id"].as_str().unwrap().to_string();
    let (suspects, minors) = (
        ytd(&card(&leader, "drug_suspects").await),
        ytd(&card(&leader, "minor_share").await),
    );
    let born = s
        .ctx
        .today()
        .replace_year(s.ctx.today().year() - 17)
        .unwrap();
    let minor_id = jindu_domain::IdNumber::from_parts("990101", born, 555)
        .unwrap()
        .as_str()
        .to_string();
    let path = format!("/api/v1/cases/{case_id}/subjects");
    let (st, v) = body(
        police
            .post_json(
                &path,
                json!({ "name": "赵运送", "id_number": minor_id, "role": "courier" }),
            )
            .await,
    )
    .await;
    assert_eq!(st, 201, "{v}");
    assert_eq!(
        ytd(&card(&leader, "drug_suspects").await),
        (suspects.0 + 1, suspects.1 + 1)
    );
    assert_eq!(
        ytd(&card(&leader, "minor_share").await),
        (minors.0 + 1, minors.1 + 1)
    );
    let (_, view) = body(police.get(&format!("/api/v1/cases/{case_id}")).await).await;
    assert_eq!(view["subjects"][0]["name"], "赵*送", "{view}");
    assert!(!view.to_string().contains(&minor_id));
    // Twice: a conflict; a register person: refused; bad input: each field.
    let (st, _) = body(
        police
            .post_json(
                &path,
                json!({ "name": "赵运送", "id_number": minor_id, "role": "courier" }),
            )
            .await,
    )
    .await;
    assert_eq!(st, 409);
    let (st, v) = body(
        police
            .post_json(
                &path,
                json!({ "name": "张测二", "id_number": id_number("990101", 2), "role": "courier" }),
            )
            .await,
    )
    .await;
    assert_eq!(
        (st, v["fields"][0]["code"].as_str()),
        (422, Some("case.on_register"))
    );
    let (st, v) = body(
        police
            .post_json(
                &path,
                json!({ "name": "", "id_number": "1", "role": "boss" }),
            )
            .await,
    )
    .await;
    assert_eq!(
        (st, v["fields"].as_array().map(Vec::len)),
        (422, Some(3)),
        "{v}"
    );
    // County B's police cannot add to county A's case.
    let police_b = s.login("police_b").await;
    let (st, _) = body(
        police_b
            .post_json(
                &path,
                json!({ "name": "钱某", "id_number": id_number("990102", 88), "role": "courier" }),
            )
            .await,
    )
    .await;
    assert_eq!(st, 404);
    let n = "SELECT COUNT(*) FROM case_subjects";
    assert_eq!(
        s.ctx.db.scalar_i64(jindu_store::Q::new(n)).await.unwrap(),
        1,
        "nothing else written"
    );
    // The page: an unknown ID number with a name adds one off the register.
    let r = police
        .post_form(
            &format!("/cases/{case_id}/suspects"),
            &[
                ("id_number", &id_number("990101", 89)),
                ("name", "孙外来"),
                ("role", "seller"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let html = police
        .get(&format!("/cases/{case_id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("孙*来") && html.contains("非在册"), "{html}");
    assert!(!html.contains(&id_number("990101", 89)));
}
