//! Jurisdiction: a user scoped to county A cannot see, list, count or export
//! anything of county B — for every route of the router and every role.

use jindu_web::policy::ROUTES;

use crate::harness::{Client, ROLE_USERS, TestServer};

/// Fills a route pattern with ids of county B's objects.
fn fill(s: &TestServer, pattern: &str) -> String {
    let person_b = &s.fx.persons["b3"];
    let unit_b = s.fx.units["village_b"].id.to_string();
    let user_b = s.fx.user_ids["countyofficer_b"].to_string();
    if pattern.starts_with("/persons") || pattern.starts_with("/api/v1/persons") {
        pattern.replace("{id}", person_b)
    } else if pattern.starts_with("/orgs") || pattern.starts_with("/api/v1/org-units") {
        pattern.replace("{id}", &unit_b)
    } else if pattern.starts_with("/attachments") || pattern.starts_with("/api/v1/attachments") {
        pattern.replace("{id}", &s.fx.attachment_b)
    } else if pattern.starts_with("/suspects") || pattern.starts_with("/api/v1/suspects") {
        pattern.replace("{id}", &s.fx.suspect_b)
    } else if pattern.starts_with("/measures") || pattern.starts_with("/api/v1/measures") {
        pattern.replace("{id}", &s.fx.measure_b)
    } else if pattern.starts_with("/leave") || pattern.starts_with("/api/v1/leave") {
        pattern.replace("{id}", &s.fx.leave_b)
    } else if pattern.starts_with("/cases") || pattern.starts_with("/api/v1/cases") {
        pattern.replace("{id}", &s.fx.case_b)
    } else if pattern.starts_with("/leads") || pattern.starts_with("/api/v1/leads") {
        pattern.replace("{id}", &s.fx.lead_b)
    } else if pattern.starts_with("/trace-tasks") || pattern.starts_with("/api/v1/trace-tasks") {
        pattern.replace("{id}", &s.fx.trace_b)
    } else if pattern.starts_with("/users") {
        pattern.replace("{id}", &user_b)
    } else {
        pattern.replace("{id}", "1").replace("{*file}", "app.css")
    }
}

/// Posts to an import route a sheet whose rows name county B's persons
/// (or, for persons, a county B residence), to be applied.
async fn import_b(c: &Client, s: &TestServer, path: &str) -> reqwest::Response {
    let (b3, b4) = (
        crate::harness::id_number("990102", 3),
        crate::harness::id_number("990102", 4),
    );
    let csv = if path.contains("measures") {
        format!("身份证号,措施类型,决定日期,决定书送达日期\n{b4},社区戒毒,2025-01-01,2025-01-02\n")
    } else if path.contains("tests") {
        format!(
            "身份证号,检测日期,检测方式,检测场所,检测结果\n{b3},2025-01-01,尿检,现场检测,阴性\n"
        )
    } else {
        let new = crate::harness::id_number("990102", 60);
        format!("姓名,身份证号,居住地代码\n越权,{new},990102001001\n")
    };
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("b.csv"),
        )
        .text("mode", "apply");
    c.http
        .post(format!("{}{path}?_csrf={}", s.base, c.csrf))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn no_role_of_county_a_reaches_county_b_through_any_route() {
    let s = TestServer::start().await;
    let b_markers: Vec<String> =
        s.fx.names_b
            .iter()
            .cloned()
            .chain([
                s.fx.persons["b3"].clone(),
                s.fx.persons["b4"].clone(),
                "990102********".to_string(),
                // County B's case and its trace.
                "青公禁毒-2026-001".to_string(),
                s.fx.case_b.clone(),
                s.fx.trace_b.clone(),
                // County B's lead.
                s.fx.lead_b.clone(),
                "青溪县线索叙述不得外泄".to_string(),
                "青溪县举报线索".to_string(),
                // County B's outflow notice.
                "李外流".to_string(),
                "青溪外流-001".to_string(),
            ])
            .collect();
    let mut checked = 0;
    for (prefix, _) in ROLE_USERS {
        let c = s.login(&format!("{prefix}_a")).await;
        for (method, pattern, _) in ROUTES {
            if *pattern == "/logout" || (*method == "DELETE" && *pattern == "/api/v1/session") {
                continue;
            }
            let path = fill(&s, pattern);
            // Queries that try to reach B through filters, too.
            let paths = match *pattern {
                // Exports as CSV, so a leak would be readable in the body.
                "/persons/export" | "/api/v1/persons/export" => vec![
                    format!("{path}?format=csv"),
                    format!("{path}?format=csv&unit={}", s.fx.units["county_b"].id),
                ],
                "/persons" | "/api/v1/persons" => vec![
                    path.clone(),
                    format!("{path}?unit={}", s.fx.units["county_b"].id),
                    format!(
                        "{path}?id_number={}",
                        crate::harness::id_number("990102", 3)
                    ),
                ],
                "/orgs" | "/api/v1/org-units" => {
                    vec![format!("{path}?parent={}", s.fx.units["county_b"].id)]
                }
                _ => vec![path],
            };
            for p in paths {
                let r = match *method {
                    "GET" => c.get(&p).await,
                    "POST" if p.starts_with("/persons/export") => {
                        c.post_form(
                            "/persons/export",
                            &[
                                ("reason", "越权测试"),
                                ("format", "csv"),
                                ("unit", &s.fx.units["county_b"].id.to_string()),
                            ],
                        )
                        .await
                    }
                    // Imports naming county B's persons or units.
                    "POST" if p.ends_with("/import") => import_b(&c, &s, &p).await,
                    "POST" if p.starts_with("/api/") => {
                        c.post_json(&p, serde_json::json!({ "reason": "越权测试" }))
                            .await
                    }
                    "POST" => {
                        c.post_form(
                            &p,
                            &[
                                ("reason", "越权测试"),
                                ("name", "越权"),
                                ("action", "disable"),
                                ("role", "leader"),
                                ("kind", "search"),
                                ("codes", "990100"),
                                ("active", "0"),
                                ("parent_code", "990101001"),
                            ],
                        )
                        .await
                    }
                    "PATCH" => c
                        .http
                        .patch(format!("{}{p}", c.base))
                        .header("x-csrf-token", &c.csrf)
                        .json(&serde_json::json!({ "status": "deceased" }))
                        .send()
                        .await
                        .unwrap(),
                    "PUT" => c
                        .http
                        .put(format!("{}{p}", c.base))
                        .header("x-csrf-token", &c.csrf)
                        .json(&serde_json::json!({ "poverty_relief": true, "goals": [] }))
                        .send()
                        .await
                        .unwrap(),
                    _ => continue,
                };
                let status = r.status().as_u16();
                let body = r.text().await.unwrap();
                for m in &b_markers {
                    assert!(
                        !body.contains(m.as_str()),
                        "{prefix}_a {method} {p} → {status} leaks {m}"
                    );
                }
                if pattern.contains("{id}") {
                    // Refused outright: no success, and no redirect that
                    // could hide one. (400: a plain form sent where an
                    // upload is expected is refused before any lookup.)
                    assert!(
                        matches!(status, 400 | 401 | 403 | 404 | 422),
                        "{prefix}_a {method} {p} → {status}"
                    );
                }
                checked += 1;
            }
        }
    }
    // Nothing of B was changed by any of those attempts.
    let b_user = jindu_store::users::get(&s.ctx.db, s.fx.user_ids["countyofficer_b"])
        .await
        .unwrap();
    assert!(!b_user.disabled && b_user.role.code() == "county_officer");
    let b_measure_events = s
        .ctx
        .db
        .scalar_i64(jindu_store::Q::new("SELECT COUNT(*) FROM measure_events"))
        .await
        .unwrap();
    assert_eq!(
        b_measure_events, 0,
        "no event recorded on county B's measure"
    );
    let b_leave = s
        .ctx
        .db
        .fetch_one(
            jindu_store::Q::new(
                "SELECT state, departed_date IS NULL AS not_left FROM leave_requests WHERE id = $1",
            )
            .bind(&s.fx.leave_b),
        )
        .await
        .unwrap();
    assert_eq!(b_leave.text("state").unwrap(), "requested");
    assert!(b_leave.bool("not_left").unwrap(), "no departure recorded");
    let absences = s
        .ctx
        .db
        .scalar_i64(jindu_store::Q::new("SELECT COUNT(*) FROM leave_absences"))
        .await
        .unwrap();
    assert_eq!(absences, 0, "no absence recorded on county B's person");
    for table in ["visits", "support_plans", "support_records"] {
        let n = s
            .ctx
            .db
            .scalar_i64(jindu_store::Q::new(format!(
                "SELECT COUNT(*) FROM {table} WHERE county_code = '990102'"
            )))
            .await
            .unwrap();
        assert_eq!(n, 0, "nothing written to county B's {table}");
    }
    for (table, n) in [("persons", 2), ("measures", 1), ("drug_tests", 0)] {
        let found = s
            .ctx
            .db
            .scalar_i64(jindu_store::Q::new(format!(
                "SELECT COUNT(*) FROM {table} WHERE county_code = '990102'"
            )))
            .await
            .unwrap();
        assert_eq!(found, n, "no import wrote county B's {table}");
    }
    let b_registered = s
        .ctx
        .db
        .scalar_i64(jindu_store::Q::new(
            "SELECT COUNT(*) FROM persons WHERE status = 'registered' AND county_code = '990102'",
        ))
        .await
        .unwrap();
    assert_eq!(
        b_registered, 1,
        "county B's persons unchanged (one is under a measure)"
    );
    let b_unit = jindu_store::org::get(&s.ctx.db, s.fx.units["village_b"].id)
        .await
        .unwrap();
    assert!(b_unit.active && b_unit.name.contains("和平社区"));
    assert_eq!(b_unit.parent_id, Some(s.fx.units["town_b"].id));
    println!("scope: {checked} requests checked, 0 leaks");
    assert!(checked > 300, "checked {checked} requests");
}

#[tokio::test]
async fn list_counts_equal_an_independent_oracle_per_scope() {
    let s = TestServer::start().await;
    for (user, unit_key, expected) in [
        ("countyofficer_a", "county_a", 4),
        ("countyofficer_b", "county_b", 2),
        ("townshipofficer_a", "town_a", 4),
        ("socialworker_a", "village_a", 3),
        ("cityofficer_city", "city", 6),
    ] {
        let c = s.login(user).await;
        let v: serde_json::Value = c
            .get("/api/v1/persons?per_page=100")
            .await
            .json()
            .await
            .unwrap();
        let path = &s.fx.units[unit_key].path;
        let (lo, hi) = jindu_domain::authz::path_range(path);
        let oracle = s
            .ctx
            .db
            .scalar_i64(
                jindu_store::Q::new("SELECT COUNT(*) FROM persons p JOIN org_units o ON o.id = p.org_unit_id WHERE o.path >= $1 AND o.path < $2")
                    .bind(lo)
                    .bind(hi),
            )
            .await
            .unwrap();
        assert_eq!(v["total"], oracle, "{user}");
        assert_eq!(
            oracle, expected,
            "{user}: the fixture's persons in that subtree"
        );
        assert_eq!(v["items"].as_array().unwrap().len() as i64, oracle);
    }
}
