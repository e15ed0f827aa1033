//! Leave over HTTP (JDTL 19–21): a written report, an officer's approval
//! (never the social worker's), departure, a late return whose overstay
//! counts as an unauthorised absence, the work-queue items along the way,
//! and three unreported absences raising the serious-violation flag.

use serde_json::{Value, json};

use crate::harness::{Client, TestServer};

/// 12:00 China Standard Time on the given day, as the server's clock. A
/// jump ends every session (idle timeout): sign in again after it.
fn at(s: &TestServer, day: &str) {
    let d = time::Date::parse(
        day,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    let ms = d.midnight().assume_utc().unix_timestamp() * 1000 + 4 * 3_600_000;
    s.clock.set_ms(ms);
    assert_eq!(s.ctx.today().to_string(), day);
}

async fn json_of(r: reqwest::Response, status: u16) -> Value {
    let got = r.status().as_u16();
    let body = r.text().await.unwrap();
    assert_eq!(got, status, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// A person under community detox, reported in and under agreement.
async fn under_detox(c: &Client, person: &str) {
    let r = c
        .post_json(
            &format!("/api/v1/persons/{person}/measures"),
            json!({ "kind": "community_detox", "decided_on": "2026-06-01", "served_on": "2026-06-02" }),
        )
        .await;
    let m = json_of(r, 201).await["id"].as_str().unwrap().to_string();
    for ev in ["report_in", "sign_agreement"] {
        let r = c
            .post_json(
                &format!("/api/v1/measures/{m}/events"),
                json!({ "event": ev, "on": "2026-06-10" }),
            )
            .await;
        assert_eq!(r.status(), 200);
    }
}

async fn queue_items(c: &Client, person: &str, kind: &str) -> Vec<(String, i64)> {
    let v = json_of(c.get("/api/v1/queue").await, 200).await;
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["person_id"] == person && i["kind"] == kind)
        .map(|i| {
            assert_eq!(i["anchor"], "leave", "{i}");
            (
                i["date"].as_str().unwrap().to_string(),
                i["days_left"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn field_code(v: &Value) -> String {
    v["fields"][0]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn request_approve_depart_return_late_then_unreported_absences_raise_the_flag() {
    let s = TestServer::start().await;
    at(&s, "2026-06-10");
    let worker = s.login("socialworker_a").await;
    let p = s.fx.persons["a0"].clone();
    under_detox(&worker, &p).await;
    let leave_path = format!("/api/v1/persons/{p}/leave");

    // Bad dates are refused with their reason, and nothing is written.
    at(&s, "2026-09-25");
    let worker = s.login("socialworker_a").await;
    let officer = s.login("townshipofficer_a").await;
    let before = s.audit_count().await;
    let bad = [
        (
            json!({ "from": "2026-10-08", "to": "2026-10-01", "destination": "广东省深圳市", "reason": "探望母亲" }),
            "leave.return_before_departure",
        ),
        (
            json!({ "from": "2026-09-20", "to": "2026-09-30", "destination": "广东省深圳市", "reason": "探望母亲", "requested_on": "2026-09-22" }),
            "leave.not_beforehand",
        ),
        (
            json!({ "from": "2026-10-01", "to": "2026-10-08", "destination": "广东省深圳市", "reason": "探望母亲", "requested_on": "2026-09-30" }),
            "date.future",
        ),
        (
            json!({ "to": "2026-10-08", "destination": "广东省深圳市", "reason": "探望母亲" }),
            "field.required",
        ),
    ];
    for (body, code) in bad {
        let v = json_of(worker.post_json(&leave_path, body).await, 422).await;
        assert_eq!(field_code(&v), code, "{v}");
    }
    let r = worker
        .post_json(
            &leave_path,
            json!({ "from": "2026-10-32", "to": "2026-10-08", "destination": "x", "reason": "y" }),
        )
        .await;
    assert_eq!(r.status(), 422, "an impossible date");
    assert_eq!(s.audit_count().await, before, "refusals write nothing");

    // The written report, filed by the social worker.
    let v = json_of(
        worker
            .post_json(
                &leave_path,
                json!({ "from": "2026-10-01", "to": "2026-10-08", "destination": "广东省深圳市", "reason": "探望生病的母亲", "requested_on": "2026-09-25" }),
            )
            .await,
        201,
    )
    .await;
    let id = v["id"].as_str().unwrap().to_string();
    let view = json_of(worker.get(&leave_path).await, 200).await;
    let req = &view["requests"][0];
    assert_eq!(req["state"], "requested");
    assert_eq!(req["planned_days"], 7);
    assert_eq!(req["needs_request"], true);
    assert_eq!(req["destination"], "广东省深圳市");
    assert_eq!(req["may_decide"], false, "the worker does not decide");
    assert_eq!(req["may_record"], true);
    // At rest the destination is ciphertext.
    let row = s
        .ctx
        .db
        .fetch_one(
            jindu_store::Q::new("SELECT destination_enc FROM leave_requests WHERE id = $1")
                .bind(&id),
        )
        .await
        .unwrap();
    let enc = row.bytes("destination_enc").unwrap();
    assert!(!enc.windows(6).any(|w| w == "深圳".as_bytes()));
    // A read-only viewer sees it masked.
    let leader = s.login("leader_a").await;
    let v = json_of(leader.get(&leave_path).await, 200).await;
    assert_eq!(v["requests"][0]["destination_masked"], true);
    assert_ne!(v["requests"][0]["destination"], "广东省深圳市");

    // The officer's queue lists it to decide; the worker's does not.
    assert_eq!(
        queue_items(&officer, &p, "leave_to_approve").await,
        vec![("2026-10-01".to_string(), 6)]
    );
    assert!(
        queue_items(&worker, &p, "leave_to_approve")
            .await
            .is_empty()
    );
    // The social worker cannot approve, by role: refused before anything.
    let decision = format!("/api/v1/leave/{id}/decision");
    let r = worker
        .post_json(&decision, json!({ "decision": "approve" }))
        .await;
    assert_eq!(r.status(), 403);
    let r = worker
        .post_form(&format!("/leave/{id}/decision"), &[("decision", "approve")])
        .await;
    assert_eq!(r.status(), 403);
    // Nor does an officer decide a request they filed themselves.
    let own = json_of(
        officer
            .post_json(
                &leave_path,
                json!({ "from": "2026-12-01", "to": "2026-12-05", "destination": "省城", "reason": "务工" }),
            )
            .await,
        201,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let v = json_of(
        officer
            .post_json(
                &format!("/api/v1/leave/{own}/decision"),
                json!({ "decision": "approve" }),
            )
            .await,
        422,
    )
    .await;
    assert_eq!(field_code(&v), "leave.own_request");
    assert!(
        queue_items(&officer, &p, "leave_to_approve")
            .await
            .iter()
            .all(|(d, _)| d != "2026-12-01"),
        "one's own request is not in one's queue"
    );

    // Approved the next day by the township officer.
    at(&s, "2026-09-26");
    let officer = s.login("townshipofficer_a").await;
    let v = json_of(
        officer
            .post_json(&decision, json!({ "decision": "approve" }))
            .await,
        200,
    )
    .await;
    assert_eq!(v["state"], "approved");
    assert_eq!(v["decided_on"], "2026-09-26");
    assert_eq!(v["decided_by"], "测试townshipofficera");
    let v = json_of(
        officer
            .post_json(&decision, json!({ "decision": "refuse" }))
            .await,
        422,
    )
    .await;
    assert_eq!(field_code(&v), "leave.already_decided");
    assert!(
        queue_items(&officer, &p, "leave_to_approve")
            .await
            .iter()
            .all(|(d, _)| d != "2026-10-01")
    );

    // Leaves on the planned day.
    at(&s, "2026-10-01");
    let worker = s.login("socialworker_a").await;
    let r = worker
        .post_json(
            &format!("/api/v1/leave/{id}/return"),
            json!({ "on": "2026-10-01" }),
        )
        .await;
    assert_eq!(field_code(&json_of(r, 422).await), "leave.not_departed");
    let r = worker
        .post_json(
            &format!("/api/v1/leave/{id}/departure"),
            json!({ "on": "2026-10-02" }),
        )
        .await;
    assert_eq!(field_code(&json_of(r, 422).await), "date.future");
    let v = json_of(
        worker
            .post_json(
                &format!("/api/v1/leave/{id}/departure"),
                json!({ "on": "2026-10-01" }),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(v["departed"], "2026-10-01");
    assert!(v["unauthorised"].is_null());

    // Two days past the planned return: overdue in the queue, the overstay
    // growing day by day.
    at(&s, "2026-10-10");
    let worker = s.login("socialworker_a").await;
    assert_eq!(
        queue_items(&worker, &p, "return_overdue").await,
        vec![("2026-10-08".to_string(), -2)]
    );
    let v = json_of(worker.get(&leave_path).await, 200).await;
    let req = v["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id.as_str())
        .unwrap();
    assert_eq!(req["return_overdue_days"], 2);
    assert_eq!(req["unauthorised"]["days"], 2);

    // Back on 11 October: 3 days beyond the approval (民法典 Art 201).
    at(&s, "2026-10-11");
    let worker = s.login("socialworker_a").await;
    let v = json_of(
        worker
            .post_json(
                &format!("/api/v1/leave/{id}/return"),
                json!({ "on": "2026-10-11" }),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(v["returned"], "2026-10-11");
    assert_eq!(v["days_away"], 10);
    assert_eq!(v["unauthorised"]["days"], 3);
    assert_eq!(v["unauthorised"]["kind"]["kind"], "outside_approval");
    assert_eq!(v["unauthorised"]["kind"]["overstay_days"], 3);
    assert!(v["return_overdue_days"].is_null());
    assert!(queue_items(&worker, &p, "return_overdue").await.is_empty());
    // One unauthorised absence of 3 days, counted with the tests.
    let t = json_of(worker.get(&format!("/api/v1/persons/{p}/tests")).await, 200).await;
    assert_eq!(t["violations"]["unauthorised_absences"], 1);
    assert_eq!(t["violations"]["absence_days"], 3);
    assert_eq!(t["violations"]["serious"], false);

    // The file shows the section.
    let (_, html) = worker.get_text(&format!("/persons/{p}")).await;
    assert!(html.contains("请假外出") && html.contains("广东省深圳市"));
    assert!(html.contains("已批准") && html.contains("2026-10-11"));

    // Exactly the leave events on record, in order.
    let rows = s
        .ctx
        .db
        .fetch_all(jindu_store::Q::new(
            "SELECT event FROM audit_log WHERE event LIKE 'leave.%' OR event LIKE 'absence.%' ORDER BY seq",
        ))
        .await
        .unwrap();
    let events: Vec<String> = rows.iter().map(|r| r.text("event").unwrap()).collect();
    assert_eq!(
        events,
        [
            "leave.create", // county B's fixture request
            "leave.create",
            "leave.create",
            "leave.decide",
            "leave.depart",
            "leave.return"
        ]
    );
}

#[tokio::test]
async fn three_unreported_absences_are_a_serious_violation() {
    let s = TestServer::start().await;
    at(&s, "2026-06-10");
    let worker = s.login("socialworker_a").await;
    let p = s.fx.persons["a1"].clone();
    under_detox(&worker, &p).await;
    at(&s, "2026-11-29");
    let worker = s.login("socialworker_a").await;
    let path = format!("/api/v1/persons/{p}/absences");
    // Refused: under 3 days (no report was due), reversed, in the future.
    for (body, code) in [
        (
            json!({ "from": "2026-07-01", "to": "2026-07-03" }),
            "leave.absence_too_short",
        ),
        (
            json!({ "from": "2026-07-05", "to": "2026-07-01" }),
            "leave.returned_before_departure",
        ),
        (
            json!({ "from": "2026-11-25", "to": "2026-11-30" }),
            "date.future",
        ),
    ] {
        let v = json_of(worker.post_json(&path, body).await, 422).await;
        assert_eq!(field_code(&v), code);
    }
    // No community measure, nothing to be absent from.
    let r = worker
        .post_json(
            &format!("/api/v1/persons/{}/absences", s.fx.persons["a2"]),
            json!({ "from": "2026-07-01", "to": "2026-07-05" }),
        )
        .await;
    assert_eq!(
        field_code(&json_of(r, 422).await),
        "leave.no_community_measure"
    );
    let tests_path = format!("/api/v1/persons/{p}/tests");
    for (i, (from, to)) in [
        ("2026-07-01", "2026-07-04"),
        ("2026-08-01", "2026-08-06"),
        ("2026-09-01", "2026-09-04"),
    ]
    .into_iter()
    .enumerate()
    {
        let r = worker
            .post_json(&path, json!({ "from": from, "to": to }))
            .await;
        assert_eq!(r.status(), 201);
        assert_eq!(s.last_events(1).await, ["absence.create"]);
        let t = json_of(worker.get(&tests_path).await, 200).await;
        assert_eq!(t["violations"]["unauthorised_absences"], i + 1);
        assert_eq!(
            t["violations"]["serious"],
            i == 2,
            "JDTL 20: 3 times is serious"
        );
    }
    let t = json_of(worker.get(&tests_path).await, 200).await;
    assert_eq!(t["violations"]["absence_days"], 11);
    assert_eq!(t["violations"]["reasons"][0]["reason"], "absences");
    let flags: Vec<&str> = t["police_flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["reason"].as_str().unwrap())
        .collect();
    assert_eq!(flags, ["serious_violation"]);
    let v = json_of(worker.get(&format!("/api/v1/persons/{p}/leave")).await, 200).await;
    assert_eq!(v["absences"].as_array().unwrap().len(), 3);
    assert_eq!(v["unauthorised"].as_array().unwrap().len(), 3);
    assert_eq!(v["violations"]["serious"], true);
    // The flag is a work-queue item.
    let q = json_of(worker.get("/api/v1/queue").await, 200).await;
    assert!(
        q["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["person_id"] == p.as_str() && i["kind"] == "police_report"),
        "{q}"
    );
    let (_, html) = worker.get_text(&format!("/persons/{p}")).await;
    assert!(html.contains("已构成严重违反") && html.contains("2026-08-06"));
}

#[tokio::test]
async fn forms_and_other_county() {
    let s = TestServer::start().await;
    at(&s, "2026-06-10");
    let worker = s.login("socialworker_a").await;
    let p = s.fx.persons["a0"].clone();
    under_detox(&worker, &p).await;
    at(&s, "2026-11-20");
    let worker = s.login("socialworker_a").await;
    let officer = s.login("townshipofficer_a").await;
    let (_, html) = worker.get_text(&format!("/persons/{p}")).await;
    let worker = Client {
        csrf: crate::auth::hidden_csrf(&html),
        ..worker
    };
    // A form with an unreadable date comes back with its reason.
    let r = worker
        .post_form(
            &format!("/persons/{p}/leave"),
            &[
                ("from", "2026-12-1x"),
                ("to", "2026-12-09"),
                ("destination", "省城"),
                ("reason", "探亲"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    assert!(loc.ends_with("lerr=date.invalid#leave"), "{loc}");
    let (_, html) = worker.get_text(&loc).await;
    assert!(html.contains("日期格式"), "the reason is shown");
    let r = worker
        .post_form(
            &format!("/persons/{p}/leave"),
            &[
                ("from", "2026-12-01"),
                ("to", "2026-12-09"),
                ("destination", "省城"),
                ("reason", "探亲"),
            ],
        )
        .await;
    assert_eq!(
        r.headers()["location"],
        format!("/persons/{p}?ok=leave_requested#leave")
    );
    let id = s
        .ctx
        .db
        .fetch_one(
            jindu_store::Q::new("SELECT id FROM leave_requests WHERE person_id = $1").bind(&p),
        )
        .await
        .unwrap()
        .text("id")
        .unwrap();
    // The officer sees the decision buttons; the worker does not.
    let (_, html) = worker.get_text(&format!("/persons/{p}")).await;
    assert!(!html.contains(&format!("/leave/{id}/decision")));
    let (_, ohtml) = officer.get_text(&format!("/persons/{p}")).await;
    assert!(ohtml.contains(&format!("/leave/{id}/decision")));
    let officer = Client {
        csrf: crate::auth::hidden_csrf(&ohtml),
        ..officer
    };
    let r = officer
        .post_form(
            &format!("/leave/{id}/decision"),
            &[("decision", "refuse"), ("on", "2026-11-20")],
        )
        .await;
    assert_eq!(
        r.headers()["location"],
        format!("/persons/{p}?ok=leave_decided#leave")
    );
    // Gone anyway: every day away is unauthorised.
    at(&s, "2026-12-05");
    let (worker, officer) = (
        s.login("socialworker_a").await,
        s.login("townshipofficer_a").await,
    );
    let r = worker
        .post_form(&format!("/leave/{id}/departure"), &[("on", "2026-12-01")])
        .await;
    assert_eq!(
        r.headers()["location"],
        format!("/persons/{p}?ok=leave_departed#leave")
    );
    let v = json_of(worker.get(&format!("/api/v1/persons/{p}/leave")).await, 200).await;
    assert_eq!(v["requests"][0]["state"], "refused");
    assert_eq!(v["requests"][0]["unauthorised"]["days"], 4);
    assert_eq!(
        v["requests"][0]["unauthorised"]["kind"]["kind"],
        "unapproved"
    );

    // County B's objects are not found from county A.
    let b = &s.fx.persons["b3"];
    let lb = &s.fx.leave_b;
    assert_eq!(
        worker
            .get(&format!("/api/v1/persons/{b}/leave"))
            .await
            .status(),
        404
    );
    let r = officer
        .post_json(
            &format!("/api/v1/leave/{lb}/decision"),
            json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(r.status(), 404);
    for what in ["departure", "return"] {
        let r = worker
            .post_json(&format!("/api/v1/leave/{lb}/{what}"), json!({}))
            .await;
        assert_eq!(r.status(), 404, "{what}");
    }
    let r = worker
        .post_json(
            &format!("/api/v1/persons/{b}/absences"),
            json!({ "from": "2026-07-01", "to": "2026-07-05" }),
        )
        .await;
    assert_eq!(r.status(), 404);
    let r = worker
        .post_json(
            &format!("/api/v1/persons/{b}/leave"),
            json!({ "from": "2026-12-10", "to": "2026-12-15", "destination": "x", "reason": "y" }),
        )
        .await;
    assert_eq!(r.status(), 404);
    // And county B's request is not in county A's queues.
    let q = json_of(officer.get("/api/v1/queue").await, 200).await;
    assert!(
        q["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["person_id"] != b.as_str())
    );
}
