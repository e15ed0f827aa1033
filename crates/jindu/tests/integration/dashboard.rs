//! The leadership dashboard moves with the writes: one registration, one
//! measure ordered and one report-in change the right figures at once, and
//! the drill-downs list exactly the new records; a county officer's
//! dashboard covers only the county.

use serde_json::{Value, json};

use crate::harness::{Client, TestServer, id_number};

/// 2026-11-29 12:00 China Standard Time.
const TODAY_MS: i64 = 1_795_924_800_000;

pub async fn card(c: &Client, code: &str) -> Value {
    let d: Value = c.get("/api/v1/dashboard").await.json().await.unwrap();
    d["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["definition"]["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {d}"))
        .clone()
}

pub fn ytd(k: &Value) -> (i64, i64) {
    (
        k["year_to_date"]["num"].as_i64().unwrap(),
        k["year_to_date"]["den"].as_i64().unwrap(),
    )
}

pub async fn members(c: &Client, code: &str) -> Value {
    let r = c.get(&format!("/api/v1/indicators/{code}/members")).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

#[tokio::test]
async fn writes_move_the_dashboard_at_once_and_drill_downs_list_them() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let leader = s.login("leader_city").await;
    let officer = s.login("countyofficer_a").await;
    let before_found = ytd(&card(&leader, "newly_found").await);
    let before_exec = ytd(&card(&leader, "community_execution_rate").await);
    let before_report = ytd(&card(&leader, "community_report_in_rate").await);

    // A new registration this year.
    let r = officer.post_json("/api/v1/persons", json!({
        "name": "新发现", "id_number": id_number("990101", 88),
        "household_unit_id": s.fx.units["village_a"].id, "residence_unit_id": s.fx.units["village_a"].id,
        "first_reg_unit_id": s.fx.units["town_a"].id, "first_reg_officer": "王警官", "first_reg_date": "2026-11-20"
    })).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let p: Value = r.json().await.unwrap();
    let pid = p["id"].as_str().unwrap().to_string();
    let found = ytd(&card(&leader, "newly_found").await);
    assert_eq!(found.0, before_found.0 + 1);

    // Community detox ordered for them: one more in the denominators.
    let r = officer
        .post_json(
            &format!("/api/v1/persons/{pid}/measures"),
            json!({ "kind": "community_detox", "decided_on": "2026-11-21", "served_on": "2026-11-21" }),
        )
        .await;
    let mid = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let exec = ytd(&card(&leader, "community_execution_rate").await);
    assert_eq!(exec, (before_exec.0, before_exec.1 + 1));
    // Reported in on time: the report-in rate's numerator moves too.
    let r = officer
        .post_json(
            &format!("/api/v1/measures/{mid}/events"),
            json!({ "event": "report_in", "on": "2026-11-25" }),
        )
        .await;
    assert_eq!(r.status(), 200);
    let report = ytd(&card(&leader, "community_report_in_rate").await);
    assert_eq!(report, (before_report.0 + 1, before_report.1 + 1));
    assert_eq!(
        ytd(&card(&leader, "community_execution_rate").await).0,
        before_exec.0,
        "no agreement yet"
    );

    // Test completion counts complete months: a measure reported in on
    // 1 October has its October due date counted; the test done for it
    // moves the numerator at once.
    let a2 = s.fx.persons["a2"].clone();
    let r = officer
        .post_json(
            &format!("/api/v1/persons/{a2}/measures"),
            json!({ "kind": "community_detox", "decided_on": "2026-09-28", "served_on": "2026-09-28" }),
        )
        .await;
    let m2 = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    for ev in ["report_in", "sign_agreement"] {
        let r = officer
            .post_json(
                &format!("/api/v1/measures/{m2}/events"),
                json!({ "event": ev, "on": "2026-10-01" }),
            )
            .await;
        assert_eq!(r.status(), 200);
    }
    let k = card(&leader, "test_completion").await;
    assert_eq!(k["last_month"], "2026-10");
    let due = ytd(&k);
    let r = officer
        .post_json(
            &format!("/api/v1/persons/{a2}/tests"),
            json!({ "test_date": "2026-10-02", "method": "urine", "setting": "on_site", "result": "negative" }),
        )
        .await;
    assert_eq!(r.status(), 201);
    assert_eq!(
        ytd(&card(&leader, "test_completion").await),
        (due.0 + 1, due.1)
    );

    // The control rate is a stock as of today: a person found out of
    // contact leaves its numerator at once.
    let before = ytd(&card(&leader, "control_rate").await);
    let r = officer
        .http
        .patch(format!("{}/api/v1/persons/{pid}", officer.base))
        .header("x-csrf-token", &officer.csrf)
        .json(&json!({ "status": "lost_contact" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        ytd(&card(&leader, "control_rate").await),
        (before.0 - 1, before.1)
    );
    let m = members(&leader, "control_rate").await;
    let me: Vec<&Value> = m["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["person_id"] == pid)
        .collect();
    assert_eq!((me.len(), me[0]["numerator"].clone()), (1, json!(false)));

    // The drill-downs list exactly the new records, masked.
    let m = members(&leader, "community_execution_rate").await;
    let items = m["items"].as_array().unwrap();
    let now = ytd(&card(&leader, "community_execution_rate").await);
    assert_eq!(
        items.len() as i64,
        now.1,
        "one row per measure in the figure"
    );
    assert_eq!(
        items.iter().filter(|i| i["numerator"] == true).count() as i64,
        now.0
    );
    let mine: Vec<&Value> = items
        .iter()
        .filter(|i| i["measure_id"] == mid.as_str())
        .collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["person_id"], pid);
    assert_eq!(mine[0]["numerator"], false);
    assert!(
        !mine[0]["person_name"].as_str().unwrap().contains("发现"),
        "masked"
    );
    let f = members(&leader, "newly_found").await;
    assert!(
        f["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["person_id"] == pid)
    );

    // A county officer of county B sees none of county A's records.
    let b = s.login("countyofficer_b").await;
    let f = members(&b, "newly_found").await;
    assert!(
        !f["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["person_id"] == pid)
    );
    let r = b
        .get(&format!(
            "/api/v1/indicators/newly_found/members?unit={}",
            s.fx.units["county_a"].id
        ))
        .await;
    assert_eq!(r.status(), 404, "another county's unit is not found");
    // The county's ranking lists its own townships only.
    let k = card(&b, "newly_found").await;
    assert!(
        k["by_unit"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["unit_name"].as_str().unwrap().starts_with("青溪县"))
    );
    // Roles without dashboards: 403.
    assert_eq!(
        s.login("socialworker_a")
            .await
            .get("/api/v1/dashboard")
            .await
            .status(),
        403
    );

    // The page draws the cards, the trend and the ranking.
    let (status, html) = leader.get_text("/dashboard").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("社区戒毒康复执行率") && html.contains("<svg") && html.contains("江城区")
    );
    let (status, html) = leader
        .get_text(&format!(
            "/dashboard/community_execution_rate?unit={}",
            s.fx.units["county_a"].id
        ))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("/persons/{pid}")));

    // The monthly report: this month's new registration in the table, and
    // the same as a spreadsheet.
    let (status, html) = leader.get_text("/reports/monthly?month=2026-11").await;
    assert_eq!(status, 200);
    assert!(html.contains("2026-11") && html.contains("环比变化") && html.contains("江城区"));
    let r = leader.get("/reports/monthly.xlsx?month=2026-11").await;
    assert_eq!(r.status(), 200);
    let cells = crate::export::xlsx_cells(r.bytes().await.unwrap().to_vec());
    let found = cells
        .iter()
        .find(|row| row.first().is_some_and(|c| c == "新发现吸毒人员"))
        .unwrap_or_else(|| panic!("{cells:?}"));
    assert!(found[1].parse::<i64>().unwrap() >= 1, "{found:?}");
    assert!(cells[1][0].contains("导出人"), "watermarked");
}

/// 应收尽收: a severe determination puts the person in the denominator at
/// once, a measure ordered moves them into the numerator; bad
/// determinations are refused and change nothing; out of scope is 404 and
/// a leader may not record one.
#[tokio::test]
async fn severe_addiction_counts_until_a_measure_is_ordered() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let leader = s.login("leader_city").await;
    let officer = s.login("countyofficer_a").await;
    let before = ytd(&card(&leader, "severe_under_measure").await);
    let pid = s.fx.persons["a5"].clone();
    let audits = s.audit_count().await;
    let path = format!("/api/v1/persons/{pid}/addiction");
    for (body, field, code) in [
        (
            json!({ "level": "severe" }),
            "grounds",
            "addiction.severe_needs_ground",
        ),
        (
            json!({ "level": "addicted", "grounds": ["injection"] }),
            "grounds",
            "addiction.grounds_only_when_severe",
        ),
        (
            json!({ "level": "severe", "grounds": ["teleportation"] }),
            "grounds",
            "field.invalid_code",
        ),
        (
            json!({ "level": "severe", "grounds": ["injection"], "determined_on": "2027-01-01" }),
            "determined_on",
            "date.future",
        ),
    ] {
        let r = officer.post_json(&path, body.clone()).await;
        assert_eq!(r.status(), 422, "{body}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["fields"][0]["field"], field, "{v}");
        assert_eq!(v["fields"][0]["code"], code, "{v}");
    }
    assert_eq!(s.audit_count().await, audits, "nothing written");
    assert_eq!(ytd(&card(&leader, "severe_under_measure").await), before);

    // The leader reads; recording is not theirs. County B does not see a3.
    let r = leader
        .post_json(&path, json!({ "level": "addicted" }))
        .await;
    assert_eq!(r.status(), 403);
    let b = s.login("countyofficer_b").await;
    let r = b.post_json(&path, json!({ "level": "addicted" })).await;
    assert_eq!(r.status(), 404);

    let r = officer
        .post_json(
            &path,
            json!({ "level": "severe", "grounds": ["injection", "relapse_after_measure"], "determined_on": "2026-11-02" }),
        )
        .await;
    assert_eq!(r.status(), 204, "{}", r.text().await.unwrap());
    assert_eq!(s.last_events(1).await, vec!["person.addiction"]);
    let severe = ytd(&card(&leader, "severe_under_measure").await);
    assert_eq!(severe, (before.0, before.1 + 1));
    let v = members(&leader, "severe_under_measure").await;
    let listed: Vec<&Value> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["person_id"] == pid.as_str())
        .collect();
    assert_eq!(listed.len(), 1, "{v}");
    assert_eq!(listed[0]["numerator"], false);
    let file: Value = officer
        .get(&format!("/api/v1/persons/{pid}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(file["addiction_level"], "severe");
    assert_eq!(
        file["addiction_grounds"],
        json!(["relapse_after_measure", "injection"])
    );
    let (_, html) = officer.get_text(&format!("/persons/{pid}")).await;
    assert!(
        html.contains("应收尽收") && html.contains("注射吸毒"),
        "the file warns"
    );

    // Compulsory isolation ordered: now under a measure, in the numerator.
    let r = officer
        .post_json(
            &format!("/api/v1/persons/{pid}/measures"),
            json!({ "kind": "compulsory_isolation", "decided_on": "2026-11-20" }),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let placed = ytd(&card(&leader, "severe_under_measure").await);
    assert_eq!(placed, (before.0 + 1, before.1 + 1));
    let (_, html) = officer.get_text(&format!("/persons/{pid}")).await;
    assert!(!html.contains("id=\"intake\""), "no warning once placed");
}

/// The stocks' past months are their month-end snapshots: taken once, by
/// the maintenance the server runs every minute, and left as they were
/// when today's state changes.
#[tokio::test]
async fn stock_indicators_keep_their_month_end_values() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let leader = s.login("leader_city").await;
    let officer = s.login("countyofficer_a").await;
    let month = |k: &Value, i: usize| {
        let m = &k["months"][i];
        (
            m[0].as_str().unwrap().to_string(),
            m[1]["num"].as_i64().unwrap(),
            m[1]["den"].as_i64().unwrap(),
        )
    };
    let k = card(&leader, "control_rate").await;
    let live = ytd(&k);
    assert_eq!(month(&k, 10), ("2026-10".into(), 0, 0), "no October yet");
    assert_eq!(
        month(&k, 11),
        ("2026-11".into(), live.0, live.1),
        "today's state"
    );

    let audits = s.audit_count().await;
    s.ctx.maintenance().await.unwrap();
    assert_eq!(s.last_events(1).await, vec!["indicator.snapshot"]);
    s.ctx.maintenance().await.unwrap();
    assert_eq!(s.audit_count().await, audits + 1, "once a month");
    let k = card(&leader, "control_rate").await;
    assert_eq!(month(&k, 10), ("2026-10".into(), live.0, live.1));

    // Someone found out of contact today: today's value moves, October's not.
    let pid = s.fx.persons["a1"].clone();
    let r = officer
        .http
        .patch(format!("{}/api/v1/persons/{pid}", officer.base))
        .header("x-csrf-token", &officer.csrf)
        .json(&json!({ "status": "lost_contact" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let k = card(&leader, "control_rate").await;
    assert_eq!(month(&k, 10), ("2026-10".into(), live.0, live.1));
    assert_eq!(month(&k, 11), ("2026-11".into(), live.0 - 1, live.1));
}
