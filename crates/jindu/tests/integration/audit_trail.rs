//! Exactly one audit entry per auditable event: every route of the router is
//! called and the audit count checked. A route missing from the table below
//! fails the test, so new routes must declare what they audit.

use serde_json::json;

use crate::auth::{hidden_csrf, page_login};
use crate::harness::{Client, PASSWORD, TestServer};

/// Calls (method, pattern) and returns the events it must have written, its
/// status, and how many entries its own set-up wrote (a second user's login).
async fn call(
    s: &TestServer,
    c: &mut Client,
    method: &str,
    pattern: &str,
) -> Option<(Vec<&'static str>, u16, i64)> {
    let pid = s.fx.persons["a0"].clone();
    let unit = s.fx.units["village2_a"].id;
    let town = s.fx.units["town_a"].id;
    let uid = s.fx.user_ids["police_a"];
    let r = match (method, pattern) {
        ("GET", "/healthz") => (vec![], c.get("/healthz").await),
        ("GET", "/livez") => (vec![], c.get("/livez").await),
        ("GET", "/static/{*file}") => (vec![], c.get("/static/app.css").await),
        ("GET", "/login") => (vec![], Client::new(s).get("/login").await),
        ("POST", "/login") => {
            let (_, r) = page_login(s, "cityofficer_city", PASSWORD).await;
            (vec!["auth.login"], r)
        }
        ("POST", "/lang") => (vec![], c.post_form("/lang", &[("lang", "zh")]).await),
        // The login stages are covered step by step in auth.rs; here their
        // GET forms must not audit anything.
        ("GET", "/login/mfa") | ("POST", "/login/mfa") | ("GET", "/login/enrol") | ("POST", "/login/enrol") | ("GET", "/login/password") | ("POST", "/login/password") => return None,
        ("POST", "/logout") => {
            let (mut other, _) = page_login(s, "leader_city", PASSWORD).await;
            let (_, html) = other.get_text("/").await;
            other.csrf = hidden_csrf(&html);
            let r = other.post_form("/logout", &[]).await;
            return Some((vec!["auth.logout"], r.status().as_u16(), 1));
        }
        ("GET", "/") => (vec![], c.get("/").await),
        ("GET", "/queue") => (vec!["queue.view"], c.get("/queue").await),
        ("GET", "/api/v1/queue") => (vec!["queue.view"], c.get("/api/v1/queue").await),
        // JDTL 22: b4 moves to county A (page), a5 to county B (API);
        // the masked incoming view audits nothing, receipt moves the person.
        ("POST", "/measures/{id}/transfer") => {
            let (mid, setup) = running_measure(s, "b4").await;
            let r = c.post_form(&format!("/measures/{mid}/transfer"), &[("on", &day(s, 0)), ("to_unit", "990101001")]).await;
            return Some((vec!["measure.transfer"], r.status().as_u16(), setup));
        }
        ("GET", "/transfers/{id}") => (vec![], c.get(&format!("/transfers/{}", incoming(s).await)).await),
        ("POST", "/transfers/{id}/receive") => {
            let mid = incoming(s).await;
            (vec!["measure.transfer_receive"], c.post_form(&format!("/transfers/{mid}/receive"), &[("on", &day(s, 0)), ("unit", "990101001001")]).await)
        }
        ("POST", "/api/v1/measures/{id}/transfer") => {
            let (mid, setup) = running_measure(s, "a5").await;
            let r = c.post_json(&format!("/api/v1/measures/{mid}/transfer"), json!({ "to_unit": "990102001" })).await;
            return Some((vec!["measure.transfer"], r.status().as_u16(), setup));
        }
        ("GET", "/api/v1/transfers") => (vec![], c.get("/api/v1/transfers").await),
        ("GET", "/api/v1/transfers/{id}") => (vec![], c.get(&format!("/api/v1/transfers/{}", incoming(s).await)).await),
        ("POST", "/api/v1/transfers/{id}/receive") => {
            let mid = incoming(s).await;
            (vec!["measure.transfer_receive"], c.post_json(&format!("/api/v1/transfers/{mid}/receive"), json!({ "unit": "990102001001" })).await)
        }
        // Figures are aggregates; the records behind them list persons.
        ("GET", "/dashboard") => (vec![], c.get("/dashboard").await),
        ("GET", "/dashboard/{code}") => (vec!["indicator.drill"], c.get("/dashboard/newly_found").await),
        ("GET", "/api/v1/dashboard") => (vec![], c.get("/api/v1/dashboard").await),
        ("GET", "/reports/monthly") => (vec![], c.get("/reports/monthly").await),
        ("GET", "/reports/monthly.xlsx") => (vec!["report.export"], c.get("/reports/monthly.xlsx").await),
        ("GET", "/api/v1/indicators/{code}/members") => (vec!["indicator.drill"], c.get("/api/v1/indicators/newly_found/members").await),
        // Settings are not personal data: reading them audits nothing.
        ("GET", "/settings") => (vec![], c.get("/settings").await),
        ("GET", "/settings/{key}") => (vec![], c.get("/settings/caseload").await),
        ("POST", "/settings/{key}") => (
            vec!["setting.amend"],
            c.post_form("/settings/caseload", &[("persons_per_worker", "25"), ("effective_from", &day(s, 10)), ("source", "市禁毒办通知（测试）")]).await,
        ),
        ("GET", "/api/v1/settings") => (vec![], c.get("/api/v1/settings").await),
        ("POST", "/api/v1/settings/{key}") => (
            vec!["setting.amend"],
            c.post_json("/api/v1/settings/visit_cadence", json!({ "value": { "every_months": 2, "due_soon_days": 7, "lost_contact_after": 2 }, "source": "市禁毒办通知（测试）", "effective_from": day(s, 20) })).await,
        ),
        ("GET", "/account") => (vec![], c.get("/account").await),
        ("POST", "/account/password") => {
            let (mut other, _) = page_login(s, "police_city", PASSWORD).await;
            let (_, html) = other.get_text("/account").await;
            other.csrf = hidden_csrf(&html);
            let r = other.post_form("/account/password", &[("current", PASSWORD), ("new", "Zq8!rTm4#wLp"), ("confirm", "Zq8!rTm4#wLp")]).await;
            return Some((vec!["user.password_change"], r.status().as_u16(), 1));
        }
        ("POST", "/account/tokens") => (vec!["token.create"], c.post_form("/account/tokens", &[("name", "t"), ("password", PASSWORD)]).await),
        ("POST", "/account/tokens/{id}/revoke") => {
            let id = s.ctx.db.scalar_i64(jindu_store::Q::new("SELECT MAX(id) FROM api_tokens")).await.unwrap();
            (vec!["token.revoke"], c.post_form(&format!("/account/tokens/{id}/revoke"), &[]).await)
        }
        ("GET", "/persons") => (vec!["person.search"], c.get("/persons?name=张").await),
        ("GET", "/persons/new") => (vec![], c.get(&format!("/persons/new?residence={unit}")).await),
        ("POST", "/persons") => (
            vec!["person.create"],
            c.post_form("/persons", &[("name", "审计"), ("id_number", &crate::harness::id_number("990101", 77)), ("residence", &unit.to_string()), ("first_reg_date", "2024-01-02")]).await,
        ),
        ("GET", "/persons/export") => (vec!["person.export"], c.get("/persons/export?format=csv").await),
        ("POST", "/persons/export") => (vec!["person.export"], c.post_form("/persons/export", &[("reason", "审计测试导出"), ("format", "csv")]).await),
        ("GET", "/api/v1/persons/export") => (vec!["person.export"], c.get("/api/v1/persons/export?format=csv").await),
        ("GET", "/persons/import") => (vec![], c.get("/persons/import").await),
        ("POST", "/persons/import") => {
            let csv = format!("姓名,身份证号,居住地代码\n导入甲,{},990101001001\n", crate::harness::id_number("990101", 79));
            let form = reqwest::multipart::Form::new()
                .part("file", reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("p.csv"))
                .text("mode", "apply");
            (vec!["person.import"], c.http.post(format!("{}/persons/import?_csrf={}", c.base, c.csrf)).multipart(form).send().await.unwrap())
        }
        ("GET", "/measures/import") => (vec![], c.get("/measures/import").await),
        ("GET", "/tests/import") => (vec![], c.get("/tests/import").await),
        // Closed historical measures and old tests of a5, whom no other
        // route touches: each import writes one entry.
        ("POST", "/measures/import") => (vec!["measure.import"], sheet(c, "/measures/import", "身份证号,措施类型,决定日期,解除日期,解除原因\n{a5},自愿戒毒,2020-01-01,2020-06-01,其他\n").await),
        ("POST", "/api/v1/measures/import") => (vec!["measure.import"], sheet(c, "/api/v1/measures/import", "身份证号,措施类型,决定日期,解除日期,解除原因\n{a5},自愿戒毒,2021-01-01,2021-06-01,其他\n").await),
        ("POST", "/tests/import") => (vec!["test.import"], sheet(c, "/tests/import", "身份证号,检测日期,检测方式,检测场所,检测结果\n{a5},2021-03-01,尿检,现场检测,阴性\n").await),
        ("POST", "/api/v1/persons/import") => (vec!["person.import"], sheet(c, "/api/v1/persons/import", &format!("姓名,身份证号,居住地代码\n接口导入,{},990101001001\n", crate::harness::id_number("990101", 80))).await),
        ("POST", "/api/v1/tests/import") => (vec!["test.import"], sheet(c, "/api/v1/tests/import", "身份证号,检测日期,检测方式,检测场所,检测结果\n{a5},2021-04-01,尿检,现场检测,阴性\n").await),
        ("POST", "/persons/{id}/control") => (
            vec!["person.update"],
            c.post_form(&format!("/persons/{pid}/control"), &[("status", "lost_contact"), ("risk_level", "B"), ("drug_types", "heroin"), ("tags", "hiv")]).await,
        ),
        ("PATCH", "/api/v1/persons/{id}") => (
            vec!["person.update"],
            c.http
                .patch(format!("{}/api/v1/persons/{pid}", c.base))
                .header("x-csrf-token", &c.csrf)
                .json(&json!({ "status": "registered", "risk_level": "A" }))
                .send()
                .await
                .unwrap(),
        ),
        ("GET", "/api/v1/persons/{id}/history") => (vec!["person.view"], c.get(&format!("/api/v1/persons/{pid}/history")).await),
        ("POST", "/persons/{id}/measures") => (
            vec!["measure.create"],
            c.post_form(&format!("/persons/{pid}/measures"), &[("kind", "voluntary_detox"), ("decided_on", &s.ctx.today().to_string())]).await,
        ),
        ("POST", "/measures/{id}/events") => {
            let mid = latest_measure(s, &pid, "voluntary_detox").await;
            (
                vec!["measure.event"],
                c.post_form(&format!("/measures/{mid}/events"), &[("event", "complete"), ("on", &s.ctx.today().to_string())])
                    .await,
            )
        }
        ("GET", "/api/v1/persons/{id}/measures") => (vec!["person.view"], c.get(&format!("/api/v1/persons/{pid}/measures")).await),
        ("POST", "/api/v1/persons/{id}/measures") => (
            vec!["measure.create"],
            c.post_json(&format!("/api/v1/persons/{pid}/measures"), json!({ "kind": "maintenance_therapy", "decided_on": s.ctx.today() })).await,
        ),
        ("POST", "/api/v1/measures/{id}/events") => {
            let mid = latest_measure(s, &pid, "maintenance_therapy").await;
            (vec!["measure.event"], c.post_json(&format!("/api/v1/measures/{mid}/events"), json!({ "event": "file_with_police", "on": s.ctx.today() })).await)
        }
        ("POST", "/persons/{id}/tests") => (
            vec!["test.create"],
            c.post_form(&format!("/persons/{pid}/tests"), &[("method", "urine"), ("setting", "on_site"), ("result", "negative")]).await,
        ),
        ("GET", "/api/v1/persons/{id}/tests") => (vec!["person.view"], c.get(&format!("/api/v1/persons/{pid}/tests")).await),
        ("POST", "/api/v1/persons/{id}/tests") => (
            vec!["test.create"],
            c.post_json(&format!("/api/v1/persons/{pid}/tests"), json!({ "method": "hair", "setting": "lab", "result": "positive", "substances": ["甲基苯丙胺"] })).await,
        ),
        ("GET", "/suspects") => (vec!["suspect.search"], c.get("/suspects").await),
        ("POST", "/suspects") => (vec!["suspect.create"], c.post_form("/suspects", &[("name", "审计嫌疑"), ("id_number", &crate::harness::id_number("990101", 81))]).await),
        ("GET", "/suspects/{id}") => (vec!["suspect.view"], c.get(&format!("/suspects/{}", latest_suspect(s).await)).await),
        ("POST", "/suspects/{id}/result") => (
            vec!["suspect.result"],
            c.post_form(&format!("/suspects/{}/result", latest_suspect(s).await), &[("result", "positive"), ("evidence", "本人供述")]).await,
        ),
        ("GET", "/api/v1/suspects") => (vec!["suspect.search"], c.get("/api/v1/suspects").await),
        ("POST", "/api/v1/suspects") => (vec!["suspect.create"], c.post_json("/api/v1/suspects", json!({ "name": "接口嫌疑", "id_number": crate::harness::id_number("990101", 82) })).await),
        ("GET", "/api/v1/suspects/{id}") => (vec!["suspect.view"], c.get(&format!("/api/v1/suspects/{}", latest_suspect(s).await)).await),
        ("POST", "/api/v1/suspects/{id}/result") => (
            vec!["suspect.result"],
            c.post_json(&format!("/api/v1/suspects/{}/result", latest_suspect(s).await), json!({ "result": "positive", "evidence": "现场查获" })).await,
        ),
        ("POST", "/api/v1/suspects/{id}/register") => (
            vec!["person.create", "suspect.register"],
            c.post_json(&format!("/api/v1/suspects/{}/register", latest_suspect(s).await), json!({ "residence_unit_id": s.fx.units["village_a"].id })).await,
        ),
        ("POST", "/persons/{id}/attachments") => (vec!["attachment.create"], upload(c, &format!("/persons/{pid}/attachments?_csrf={}", c.csrf)).await),
        ("GET", "/attachments/{id}") => (vec!["attachment.view"], c.get(&format!("/attachments/{}", latest_attachment(s).await)).await),
        ("GET", "/api/v1/persons/{id}/attachments") => (vec!["person.view"], c.get(&format!("/api/v1/persons/{pid}/attachments")).await),
        ("POST", "/api/v1/persons/{id}/attachments") => (vec!["attachment.create"], upload(c, &format!("/api/v1/persons/{pid}/attachments")).await),
        ("GET", "/api/v1/attachments/{id}") => (vec!["attachment.view"], c.get(&format!("/api/v1/attachments/{}", latest_attachment(s).await)).await),
        ("POST", "/persons/{id}/leave") => {
            let (lp, setup) = leave_person(s).await;
            let r = c.post_form(&format!("/persons/{lp}/leave"), &[("from", &day(s, 1)), ("to", &day(s, 5)), ("destination", "省城"), ("reason", "探亲")]).await;
            return Some((vec!["leave.create"], r.status().as_u16(), setup));
        }
        ("POST", "/persons/{id}/assessments") => {
            let (lp, setup) = leave_person(s).await;
            let r = c.post_form(&format!("/persons/{lp}/assessments"), &[("kind", "review"), ("conclusion", "stable"), ("notes", "情绪稳定")]).await;
            return Some((vec!["assessment.create"], r.status().as_u16(), setup));
        }
        ("GET", "/api/v1/persons/{id}/assessments") => (vec!["person.view"], c.get(&format!("/api/v1/persons/{pid}/assessments")).await),
        ("POST", "/api/v1/persons/{id}/assessments") => {
            let (lp, setup) = leave_person(s).await;
            let r = c.post_json(&format!("/api/v1/persons/{lp}/assessments"), json!({ "kind": "self_report", "conclusion": "needs_attention" })).await;
            return Some((vec!["assessment.create"], r.status().as_u16(), setup));
        }
        ("POST", "/persons/{id}/police-reports") => {
            let (lp, flag, setup) = flagged_person(s, 1).await;
            let r = c.post_form(&format!("/persons/{lp}/police-reports"), &[("reason", "drug_use_during_measure"), ("raised_on", &flag), ("police_unit", "城关派出所")]).await;
            return Some((vec!["police_report.create"], r.status().as_u16(), setup));
        }
        ("POST", "/api/v1/persons/{id}/police-reports") => {
            let (lp, flag, setup) = flagged_person(s, 2).await;
            let r = c.post_json(&format!("/api/v1/persons/{lp}/police-reports"), json!({ "reason": "drug_use_during_measure", "raised_on": flag, "police_unit": "城关派出所" })).await;
            return Some((vec!["police_report.create"], r.status().as_u16(), setup));
        }
        ("POST", "/persons/{id}/addiction") => (vec!["person.addiction"], c.post_form(&format!("/persons/{pid}/addiction"), &[("level", "severe"), ("grounds", "injection")]).await),
        ("POST", "/api/v1/persons/{id}/addiction") => (vec!["person.addiction"], c.post_json(&format!("/api/v1/persons/{pid}/addiction"), json!({ "level": "addicted" })).await),
        ("POST", "/persons/{id}/absences") => {
            let (lp, setup) = leave_person(s).await;
            let r = c.post_form(&format!("/persons/{lp}/absences"), &[("from", &day(s, -10)), ("to", &day(s, -5))]).await;
            return Some((vec!["absence.create"], r.status().as_u16(), setup));
        }
        ("POST", "/leave/{id}/decision") => {
            // Filed by someone else: nobody decides their own request.
            let (lid, setup) = filed_by_worker(s).await;
            let r = c.post_form(&format!("/leave/{lid}/decision"), &[("decision", "approve")]).await;
            return Some((vec!["leave.decide"], r.status().as_u16(), setup));
        }
        ("POST", "/leave/{id}/departure") => {
            let lid = latest_leave(s, "departed_date IS NULL").await;
            (vec!["leave.depart"], c.post_form(&format!("/leave/{lid}/departure"), &[("on", &day(s, 0))]).await)
        }
        ("POST", "/leave/{id}/return") => {
            let lid = latest_leave(s, "departed_date IS NOT NULL AND returned_date IS NULL").await;
            (vec!["leave.return"], c.post_form(&format!("/leave/{lid}/return"), &[("on", &day(s, 0))]).await)
        }
        ("GET", "/api/v1/persons/{id}/leave") => {
            let (lp, setup) = leave_person(s).await;
            let r = c.get(&format!("/api/v1/persons/{lp}/leave")).await;
            return Some((vec!["person.view"], r.status().as_u16(), setup));
        }
        ("POST", "/api/v1/persons/{id}/leave") => {
            let (lp, setup) = leave_person(s).await;
            let r = c.post_json(&format!("/api/v1/persons/{lp}/leave"), json!({ "from": day(s, 2), "to": day(s, 9), "destination": "邻县", "reason": "务工" })).await;
            return Some((vec!["leave.create"], r.status().as_u16(), setup));
        }
        ("POST", "/api/v1/persons/{id}/absences") => {
            let (lp, setup) = leave_person(s).await;
            let r = c.post_json(&format!("/api/v1/persons/{lp}/absences"), json!({ "from": day(s, -20), "to": day(s, -16) })).await;
            return Some((vec!["absence.create"], r.status().as_u16(), setup));
        }
        ("POST", "/api/v1/leave/{id}/decision") => {
            let (lid, setup) = filed_by_worker(s).await;
            let r = c.post_json(&format!("/api/v1/leave/{lid}/decision"), json!({ "decision": "refuse" })).await;
            return Some((vec!["leave.decide"], r.status().as_u16(), setup));
        }
        ("POST", "/api/v1/leave/{id}/departure") => {
            let lid = latest_leave(s, "departed_date IS NULL").await;
            (vec!["leave.depart"], c.post_json(&format!("/api/v1/leave/{lid}/departure"), json!({ "on": day(s, 0) })).await)
        }
        ("POST", "/api/v1/leave/{id}/return") => {
            let lid = latest_leave(s, "departed_date IS NOT NULL AND returned_date IS NULL").await;
            (vec!["leave.return"], c.post_json(&format!("/api/v1/leave/{lid}/return"), json!({ "on": day(s, 0) })).await)
        }
        ("POST", "/persons/{id}/visits") => (
            vec!["visit.create"],
            c.post_form(&format!("/persons/{pid}/visits"), &[("kind", "home_visit"), ("place", "home"), ("outcome", "normal"), ("notes", "在家，情况稳定")]).await,
        ),
        ("POST", "/persons/{id}/support-plan") => (
            vec!["support_plan.update"],
            c.post_form(&format!("/persons/{pid}/support-plan"), &[("poverty_relief", "1"), ("sub_relief", "minimum_allowance"), ("goal_relief", "申请低保")]).await,
        ),
        ("POST", "/persons/{id}/support") => (
            vec!["support.create"],
            c.post_form(&format!("/persons/{pid}/support"), &[("kind", "relief"), ("sub_kind", "minimum_allowance"), ("provider", "街道民政办"), ("outcome", "applied")]).await,
        ),
        ("GET", "/api/v1/persons/{id}/visits") => (vec!["person.view"], c.get(&format!("/api/v1/persons/{pid}/visits")).await),
        ("POST", "/api/v1/persons/{id}/visits") => (
            vec!["visit.create"],
            c.post_json(&format!("/api/v1/persons/{pid}/visits"), json!({ "kind": "interview", "place": "office", "outcome": "normal" })).await,
        ),
        ("GET", "/api/v1/persons/{id}/support-plan") => (vec!["person.view"], c.get(&format!("/api/v1/persons/{pid}/support-plan")).await),
        ("PUT", "/api/v1/persons/{id}/support-plan") => (
            vec!["support_plan.update"],
            c.http
                .put(format!("{}/api/v1/persons/{pid}/support-plan", c.base))
                .header("x-csrf-token", &c.csrf)
                .json(&json!({ "poverty_relief": false, "goals": [{ "kind": "employment", "sub_kinds": ["skills_training"] }] }))
                .send()
                .await
                .unwrap(),
        ),
        ("GET", "/api/v1/persons/{id}/support") => (vec!["person.view"], c.get(&format!("/api/v1/persons/{pid}/support")).await),
        ("POST", "/api/v1/persons/{id}/support") => (
            vec!["support.create"],
            c.post_json(&format!("/api/v1/persons/{pid}/support"), json!({ "kind": "employment", "sub_kind": "skills_training", "provider": "区人社局", "outcome": "provided" })).await,
        ),
        ("GET", "/persons/{id}") => (vec!["person.view"], c.get(&format!("/persons/{pid}")).await),
        ("POST", "/persons/{id}/reveal") => (vec!["person.reveal"], c.post_form(&format!("/persons/{pid}/reveal"), &[("reason", "审计测试核对")]).await),
        ("GET", "/orgs") => (vec![], c.get(&format!("/orgs?parent={town}")).await),
        ("POST", "/orgs") => (vec!["org.create"], c.post_form("/orgs", &[("parent", &town.to_string()), ("code", "990101001009"), ("name", "审计社区")]).await),
        ("POST", "/orgs/{id}/rename") => (vec!["org.update"], c.post_form(&format!("/orgs/{unit}/rename"), &[("name", "改名村")]).await),
        ("POST", "/orgs/{id}/move") => (vec!["org.move"], c.post_form(&format!("/orgs/{unit}/move"), &[("parent_code", "990101001")]).await),
        ("POST", "/orgs/{id}/active") => (vec!["org.deactivate"], c.post_form(&format!("/orgs/{unit}/active"), &[("active", "0")]).await),
        ("GET", "/orgs/import") => (vec![], c.get("/orgs/import").await),
        ("POST", "/orgs/import") => {
            let form = reqwest::multipart::Form::new()
                .part("file", reqwest::multipart::Part::bytes(b"code,name,level,parent_code\n990101005,Test,township,990101\n".to_vec()).file_name("d.csv"))
                .text("mode", "apply");
            (vec!["org.import"], c.http.post(format!("{}/orgs/import?_csrf={}", c.base, c.csrf)).multipart(form).send().await.unwrap())
        }
        ("GET", "/users") => (vec!["user.search"], c.get("/users").await),
        ("GET", "/users/new") => (vec![], c.get("/users/new").await),
        ("POST", "/users") => (vec!["user.create"], c.post_form("/users", &[("username", "audited_new"), ("display_name", "新人"), ("role", "leader"), ("org_code", "990101")]).await),
        ("GET", "/users/{id}") => (vec!["user.view"], c.get(&format!("/users/{uid}")).await),
        ("POST", "/users/{id}/action") => (vec!["user.password_reset"], c.post_form(&format!("/users/{uid}/action"), &[("action", "reset_password")]).await),
        ("POST", "/users/{id}/role") => (vec!["user.role_change"], c.post_form(&format!("/users/{uid}/role"), &[("role", "leader")]).await),
        ("POST", "/users/{id}/scopes") => (vec!["user.scope_change"], c.post_form(&format!("/users/{uid}/scopes"), &[("kind", "search"), ("codes", "990101")]).await),
        ("GET", "/audit") => (vec!["audit.search"], c.get("/audit?event=person.view").await),
        ("GET", "/api/v1/openapi.json") => (vec![], c.get("/api/v1/openapi.json").await),
        ("POST", "/api/v1/session") => (
            vec!["auth.login"],
            Client::new(s).http.post(s.url("/api/v1/session")).json(&json!({ "username": "leader_a", "password": PASSWORD })).send().await.unwrap(),
        ),
        ("DELETE", "/api/v1/session") => {
            let other = s.login("leader_b").await;
            let r = other.http.delete(s.url("/api/v1/session")).header("x-csrf-token", &other.csrf).send().await.unwrap();
            return Some((vec!["auth.logout"], r.status().as_u16(), 1));
        }
        ("GET", "/api/v1/me") => (vec![], c.get("/api/v1/me").await),
        ("GET", "/api/v1/persons") => (vec!["person.search"], c.get("/api/v1/persons").await),
        ("POST", "/api/v1/persons") => (vec!["person.create"], c.post_json("/api/v1/persons", json!({ "name": "接口", "id_number": crate::harness::id_number("990101", 78), "residence_unit_id": s.fx.units["village_a"].id })).await),
        ("GET", "/api/v1/persons/{id}") => (vec!["person.view"], c.get(&format!("/api/v1/persons/{pid}")).await),
        ("POST", "/api/v1/persons/{id}/reveal") => (vec!["person.reveal"], c.post_json(&format!("/api/v1/persons/{pid}/reveal"), json!({ "reason": "接口核对身份" })).await),
        ("GET", "/api/v1/org-units") => (vec![], c.get("/api/v1/org-units").await),
        ("GET", "/api/v1/org-units/{id}") => (vec![], c.get(&format!("/api/v1/org-units/{town}")).await),
        ("GET", "/api/v1/audit") => (vec!["audit.search"], c.get("/api/v1/audit").await),
        ("GET", "/persons/{id}/group") => (vec!["person.group"], c.get(&format!("/persons/{pid}/group")).await),
        ("GET", "/persons/{id}/paths") => (vec!["person.paths_form"], c.get(&format!("/persons/{pid}/paths")).await),
        ("POST", "/persons/{id}/paths") => (
            vec!["person.paths_form", "person.path"],
            c.post_form(&format!("/persons/{pid}/paths"), &[("id_number", &crate::harness::id_number("990101", 1)), ("k", "2")]).await,
        ),
        ("GET", "/analysis") => (vec!["analysis.key_persons", "analysis.groups"], c.get("/analysis").await),
        ("GET", "/outflow") => (vec!["outflow.search"], c.get("/outflow").await),
        ("POST", "/outflow") => (
            vec!["outflow.create"],
            c.post_form("/outflow", &[("name", "王页面"), ("id_number", &crate::harness::id_number("990101", 61)), ("village", &s.fx.units["village_a"].code), ("caught_region", "广东省深圳市"), ("offence", "selling")]).await,
        ),
        ("GET", "/outflow/groups") => (vec!["outflow.groups"], c.get("/outflow/groups").await),
        ("POST", "/analysis/exact") => (vec!["analysis.exact_start"], c.post_form("/analysis/exact", &[]).await),
        ("GET", "/persons/{id}/network") => (
            vec!["person.chain", "person.chain", "trace.search", "case.search", "person.objects"],
            c.get(&format!("/persons/{pid}/network")).await,
        ),
        ("GET", "/cases") => (vec!["case.search"], c.get("/cases").await),
        ("POST", "/cases") => (
            vec!["case.create"],
            c.post_form("/cases", &[("number", "页面-2026-001"), ("case_type", "selling"), ("title", "页面贩毒案"), ("campaigns", "两打两控")]).await,
        ),
        ("POST", "/persons/{id}/objects") => (
            vec!["person.object"],
            c.post_form(&format!("/persons/{pid}/objects"), &[("kind", "phone"), ("label", "139 9900 1234"), ("role", "uses"), ("source", &format!("case:{}", latest(s, "cases WHERE county_code = '990101'").await))]).await,
        ),
        ("POST", "/cases/{id}/objects") => (
            vec!["case.object"],
            c.post_form(&format!("/cases/{}/objects", latest(s, "cases WHERE county_code = '990101'").await), &[("kind", "vehicle"), ("label", "云A·12345")]).await,
        ),
        ("GET", "/api/v1/persons/{id}/objects") => (vec!["person.objects"], c.get(&format!("/api/v1/persons/{pid}/objects")).await),
        ("POST", "/api/v1/persons/{id}/objects") => (
            vec!["person.object"],
            c.post_json(&format!("/api/v1/persons/{pid}/objects"), json!({ "kind": "venue", "label": "金沙KTV", "role": "frequents", "source_kind": "case", "source_id": latest(s, "cases WHERE county_code = '990101'").await })).await,
        ),
        ("POST", "/api/v1/cases/{id}/objects") => (
            vec!["case.object"],
            c.post_json(&format!("/api/v1/cases/{}/objects", latest(s, "cases WHERE county_code = '990101'").await), json!({ "kind": "place", "label": "江城区滨江路8号" })).await,
        ),
        ("GET", "/objects/{id}") => (vec!["object.read"], c.get(&format!("/objects/{}", latest(s, "pole_objects").await)).await),
        ("GET", "/api/v1/objects/{id}") => (vec!["object.read"], c.get(&format!("/api/v1/objects/{}", latest(s, "pole_objects").await)).await),
        ("GET", "/cases/{id}") => (vec!["case.view", "trace.search", "case.objects"], c.get(&format!("/cases/{}", latest(s, "cases WHERE county_code = '990101'").await)).await),
        ("POST", "/cases/{id}/suspects") => (
            vec!["case.suspect"],
            c.post_form(&format!("/cases/{}/suspects", latest(s, "cases WHERE county_code = '990101'").await), &[("id_number", &crate::harness::id_number("990101", 2)), ("role", "seller")]).await,
        ),
        ("POST", "/cases/{id}/seizures") => (
            vec!["case.seizure"],
            c.post_form(&format!("/cases/{}/seizures", latest(s, "cases WHERE county_code = '990101'").await), &[("kind", "precursor"), ("precursor", "麻黄碱"), ("quantity", "2.5")]).await,
        ),
        ("POST", "/cases/{id}/stage") => (
            vec!["case.stage"],
            c.post_form(&format!("/cases/{}/stage", latest(s, "cases WHERE county_code = '990101'").await), &[("stage", "investigation")]).await,
        ),
        ("GET", "/leads") => (vec!["lead.search"], c.get("/leads").await),
        ("POST", "/leads") => (
            vec!["lead.create"],
            c.post_form("/leads", &[("source", "venue"), ("reliability", "reliable"), ("summary", "页面线索"), ("content", "包厢内发现吸食工具")]).await,
        ),
        ("GET", "/leads/{id}") => (vec!["lead.view"], c.get(&format!("/leads/{}", latest(s, "leads WHERE county_code = '990101'").await)).await),
        ("POST", "/leads/{id}/state") => (
            vec!["lead.state"],
            c.post_form(&format!("/leads/{}/state", latest(s, "leads WHERE county_code = '990101'").await), &[("state", "verifying")]).await,
        ),
        ("GET", "/trace-tasks") => (vec!["trace.search"], c.get("/trace-tasks").await),
        ("POST", "/trace-tasks/{id}/close") => (
            vec!["trace.close"],
            c.post_form(&format!("/trace-tasks/{}/close", latest(s, "trace_tasks WHERE closed_date IS NULL AND county_code = '990101'").await), &[("reason", "网上向陌生人购买")]).await,
        ),
        ("GET", "/api/v1/cases") => (vec!["case.search"], c.get("/api/v1/cases").await),
        ("POST", "/api/v1/cases") => (
            vec!["case.create"],
            c.post_json("/api/v1/cases", json!({ "number": "审计-2026-001", "case_type": "selling", "title": "审计贩毒案", "org_unit_id": unit, "suspects": [{ "person_id": pid, "role": "seller" }] })).await,
        ),
        ("GET", "/api/v1/cases/{id}") => (vec!["case.view"], c.get(&format!("/api/v1/cases/{}", latest(s, "cases WHERE county_code = '990101'").await)).await),
        ("POST", "/api/v1/cases/{id}/suspects") => (
            vec!["case.suspect"],
            c.post_json(&format!("/api/v1/cases/{}/suspects", latest(s, "cases WHERE county_code = '990101'").await), json!({ "person_id": s.fx.persons["a1"], "role": "buyer" })).await,
        ),
        ("POST", "/api/v1/cases/{id}/stage") => (
            vec!["case.stage"],
            c.post_json(&format!("/api/v1/cases/{}/stage", latest(s, "cases WHERE county_code = '990101'").await), json!({ "stage": "prosecution" })).await,
        ),
        ("POST", "/api/v1/cases/{id}/seizures") => (
            vec!["case.seizure"],
            c.post_json(&format!("/api/v1/cases/{}/seizures", latest(s, "cases WHERE county_code = '990101'").await), json!({ "kind": "drug", "substance": "methamphetamine", "quantity": 12.5 })).await,
        ),
        ("GET", "/api/v1/leads") => (vec!["lead.search"], c.get("/api/v1/leads").await),
        ("POST", "/api/v1/leads") => (
            vec!["lead.create"],
            c.post_json("/api/v1/leads", json!({ "source": "public_report", "reliability": "unverified", "summary": "举报出租屋内聚众吸毒", "content": "举报人称某小区出租屋夜间人员往来频繁" })).await,
        ),
        ("GET", "/api/v1/leads/{id}") => (vec!["lead.view"], c.get(&format!("/api/v1/leads/{}", latest(s, "leads WHERE county_code = '990101'").await)).await),
        ("POST", "/api/v1/leads/{id}/state") => (
            vec!["lead.state"],
            c.post_json(&format!("/api/v1/leads/{}/state", latest(s, "leads WHERE county_code = '990101'").await), json!({ "state": "dismissed", "reason": "核查后举报不实" })).await,
        ),
        ("GET", "/api/v1/trace-tasks") => (vec!["trace.search"], c.get("/api/v1/trace-tasks").await),
        ("POST", "/api/v1/trace-tasks/{id}/close") => (
            vec!["trace.close"],
            c.post_json(&format!("/api/v1/trace-tasks/{}/close", latest(s, "trace_tasks WHERE closed_date IS NULL AND county_code = '990101'").await), json!({ "reason": "上线已出境，无法查证" })).await,
        ),
        ("GET", "/api/v1/persons/{id}/path") => (vec!["person.path"], c.get(&format!("/api/v1/persons/{pid}/path?to={}", s.fx.persons["a1"])).await),
        ("GET", "/api/v1/persons/{id}/group") => (vec!["person.group"], c.get(&format!("/api/v1/persons/{pid}/group")).await),
        ("GET", "/api/v1/analysis/groups") => (vec!["analysis.groups"], c.get("/api/v1/analysis/groups").await),
        ("GET", "/api/v1/analysis/key-persons") => (vec!["analysis.key_persons"], c.get("/api/v1/analysis/key-persons").await),
        ("GET", "/api/v1/outflow") => (vec!["outflow.search"], c.get("/api/v1/outflow").await),
        ("POST", "/api/v1/cases/{id}/subjects") => (
            vec!["case.subject"],
            c.post_json(&format!("/api/v1/cases/{}/subjects", latest(s, "cases WHERE county_code = '990101'").await), json!({ "name": "非在册", "id_number": crate::harness::id_number("990101", 63), "role": "courier" })).await,
        ),
        ("POST", "/api/v1/outflow") => (
            vec!["outflow.create"],
            c.post_json("/api/v1/outflow", json!({ "name": "王接口", "id_number": crate::harness::id_number("990101", 62), "org_unit_id": s.fx.units["village_a"].id, "caught_region": "广西壮族自治区凭祥市", "offence": "transporting" })).await,
        ),
        ("GET", "/api/v1/outflow/groups") => (vec!["outflow.groups"], c.get("/api/v1/outflow/groups").await),
        ("POST", "/api/v1/analysis/key-persons/exact") => (vec!["analysis.exact_start"], c.post_json("/api/v1/analysis/key-persons/exact", json!({})).await),
        ("GET", "/api/v1/persons/{id}/chain") => (vec!["person.chain"], c.get(&format!("/api/v1/persons/{pid}/chain?direction=up")).await),
        _ => panic!("route {method} {pattern} has no audit expectation in audit_trail.rs"),
    };
    Some((r.0, r.1.status().as_u16(), 0))
}

/// Imports a CSV (`{a5}` stands for a5's ID number), applied.
async fn sheet(c: &Client, path: &str, csv: &str) -> reqwest::Response {
    let csv = csv.replace("{a5}", &crate::harness::id_number("990101", 5));
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("s.csv"),
        )
        .text("mode", "apply");
    c.http
        .post(format!("{}{path}?_csrf={}", c.base, c.csrf))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Uploads a small PDF as a form would.
async fn upload(c: &Client, path: &str) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("kind", "agreement")
        .text("title", "社区戒毒协议")
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"%PDF-1.4\n% agreement\n".to_vec())
                .file_name("agreement.pdf"),
        );
    c.http
        .post(format!("{}{path}", c.base))
        .header("x-csrf-token", &c.csrf)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn latest_attachment(s: &TestServer) -> String {
    let r = s
        .ctx
        .db
        .fetch_one(jindu_store::Q::new("SELECT id FROM attachments WHERE county_code <> '990102' ORDER BY created_at DESC, id LIMIT 1"))
        .await
        .unwrap();
    r.text("id").unwrap()
}

/// The suspect most recently recorded outside county B.
/// The newest row of `table` (cases, trace_tasks) in county A, the
/// police client's jurisdiction; `table` may carry a condition.
async fn latest(s: &TestServer, table: &str) -> String {
    let sql = format!("SELECT id FROM {table} ORDER BY created_at DESC, id LIMIT 1");
    s.ctx
        .db
        .fetch_one(jindu_store::Q::new(sql))
        .await
        .unwrap()
        .text("id")
        .unwrap()
}

async fn latest_suspect(s: &TestServer) -> String {
    let r = s
        .ctx
        .db
        .fetch_one(jindu_store::Q::new("SELECT id FROM suspects WHERE county_code <> '990102' ORDER BY created_at DESC, id LIMIT 1"))
        .await
        .unwrap();
    r.text("id").unwrap()
}

/// A community detox of fixture person `key`, under agreement, ready to be
/// transferred; answers its id and the audit entries set-up wrote.
async fn running_measure(s: &TestServer, key: &str) -> (String, i64) {
    let registrar = jindu_store::service::Actor::cli(
        jindu_domain::authz::Role::CityOfficer,
        &s.fx.units["city"].path,
    );
    let today = s.ctx.today();
    let order = jindu_store::service::measures::MeasureOrder {
        kind: "community_detox".into(),
        decided_on: Some(today - time::Duration::days(20)),
        served_on: Some(today - time::Duration::days(20)),
        term_months: None,
        after_rehab_refusal: false,
    };
    let (mid, _) = s
        .ctx
        .measure_order(&registrar, &s.fx.persons[key], &order)
        .await
        .unwrap();
    let report_in = jindu_domain::Event::ReportIn {
        on: today - time::Duration::days(10),
        late_reason: None,
    };
    s.ctx
        .measure_record(&registrar, &mid, &report_in)
        .await
        .unwrap();
    let agreement = jindu_domain::Event::SignAgreement {
        on: today - time::Duration::days(10),
    };
    s.ctx
        .measure_record(&registrar, &mid, &agreement)
        .await
        .unwrap();
    (mid, 3)
}

/// A measure on its way to another township.
async fn incoming(s: &TestServer) -> String {
    let r = s
        .ctx
        .db
        .fetch_one(jindu_store::Q::new(
            "SELECT id FROM measures WHERE transfer_to_unit_id IS NOT NULL LIMIT 1",
        ))
        .await
        .unwrap();
    r.text("id").unwrap()
}

/// `n` days from today, as a form or JSON date.
fn day(s: &TestServer, n: i64) -> String {
    (s.ctx.today() + time::Duration::days(n)).to_string()
}

/// The person the leave routes act on (a1), put under community detox the
/// first time; answers the audit entries that set-up wrote.
async fn leave_person(s: &TestServer) -> (String, i64) {
    let pid = s.fx.persons["a1"].clone();
    let open = s
        .ctx
        .db
        .scalar_i64(
            jindu_store::Q::new(
                "SELECT COUNT(*) FROM measures WHERE person_id = $1 AND closed = $2",
            )
            .bind(&pid)
            .bind(false),
        )
        .await
        .unwrap();
    if open > 0 {
        return (pid, 0);
    }
    let registrar = jindu_store::service::Actor::cli(
        jindu_domain::authz::Role::CityOfficer,
        &s.fx.units["city"].path,
    );
    let today = s.ctx.today();
    let order = jindu_store::service::measures::MeasureOrder {
        kind: "community_detox".into(),
        decided_on: Some(today - time::Duration::days(30)),
        served_on: Some(today - time::Duration::days(30)),
        term_months: None,
        after_rehab_refusal: false,
    };
    s.ctx.measure_order(&registrar, &pid, &order).await.unwrap();
    (pid, 1)
}

/// The leave person (under community detox) with a positive test `n` days
/// ago: a JDTL 21 flag to report. Answers the person, the flag's date and
/// the audit entries set-up wrote.
async fn flagged_person(s: &TestServer, n: i64) -> (String, String, i64) {
    let (pid, setup) = leave_person(s).await;
    let registrar = jindu_store::service::Actor::cli(
        jindu_domain::authz::Role::CityOfficer,
        &s.fx.units["city"].path,
    );
    let test = jindu_store::service::drug_tests::TestInput {
        test_date: Some(s.ctx.today() - time::Duration::days(n)),
        method: "urine".into(),
        setting: "on_site".into(),
        result: "positive".into(),
        substances: vec!["海洛因".into()],
        unannounced: false,
    };
    s.ctx.test_record(&registrar, &pid, &test).await.unwrap();
    (pid, day(s, -n), setup + 1)
}

/// A request filed by a social worker (through the service), for an
/// officer to decide; answers its id and the audit entries written.
async fn filed_by_worker(s: &TestServer) -> (String, i64) {
    let (pid, setup) = leave_person(s).await;
    let worker = jindu_store::service::Actor::cli(
        jindu_domain::authz::Role::SocialWorker,
        &s.fx.units["village_a"].path,
    );
    let input = jindu_store::service::leave::LeaveInput {
        from: Some(s.ctx.today() + time::Duration::days(3)),
        to: Some(s.ctx.today() + time::Duration::days(6)),
        destination: "市区".into(),
        reason: "就医".into(),
        requested_on: None,
    };
    let id = s.ctx.leave_request(&worker, &pid, &input).await.unwrap();
    (id, setup + 1)
}

async fn latest_leave(s: &TestServer, condition: &str) -> String {
    let r = s
        .ctx
        .db
        .fetch_one(jindu_store::Q::new(format!(
            "SELECT id FROM leave_requests WHERE person_id = $1 AND {condition} ORDER BY created_at DESC LIMIT 1"
        ))
        .bind(&s.fx.persons["a1"]))
        .await
        .unwrap();
    r.text("id").unwrap()
}

async fn latest_measure(s: &TestServer, person: &str, kind: &str) -> String {
    let r = s
        .ctx
        .db
        .fetch_one(
            jindu_store::Q::new("SELECT id FROM measures WHERE person_id = $1 AND kind = $2")
                .bind(person)
                .bind(kind),
        )
        .await
        .unwrap();
    r.text("id").unwrap()
}

#[tokio::test]
async fn every_route_writes_exactly_its_audit_entries() {
    let s = TestServer::start().await;
    // One client per kind of work, so each call is made by a role allowed
    // to make it.
    let mut officer = s.login("cityofficer_city").await;
    let mut sysadmin = s.login("sysadmin_city").await;
    let mut secadmin = s.login("secadmin_city").await;
    let mut auditor = s.login("auditor_city").await;
    let mut police = s.login("police_a").await;
    for (_, c) in [
        ("o", &mut officer),
        ("s", &mut sysadmin),
        ("e", &mut secadmin),
        ("a", &mut auditor),
        ("p", &mut police),
    ] {
        let (_, html) = c.get_text("/account").await;
        c.csrf = hidden_csrf(&html);
    }
    for (method, pattern, _) in jindu_web::policy::ROUTES {
        let c = if pattern.starts_with("/orgs") {
            &mut sysadmin
        } else if pattern.starts_with("/users") {
            &mut secadmin
        } else if [
            "/cases",
            "/trace-tasks",
            "/chain",
            "/leads",
            "/analysis",
            "/path",
            "/outflow",
            "/objects",
        ]
        .iter()
        .any(|p| pattern.contains(p))
        {
            &mut police
        } else if pattern.contains("audit") {
            &mut auditor
        } else {
            &mut officer
        };
        let before = s.audit_count().await;
        let Some((expected, status, setup)) = call(&s, c, method, pattern).await else {
            continue;
        };
        assert!(status < 400, "{method} {pattern} → {status}");
        let written = s.audit_count().await - before - setup;
        assert_eq!(
            written,
            expected.len() as i64,
            "{method} {pattern} wrote {written} entries"
        );
        if !expected.is_empty() {
            let mut got = s.last_events(expected.len() as i64).await;
            got.reverse();
            assert_eq!(got, expected, "{method} {pattern}");
        }
    }
    // The chain is intact after all of that.
    let report = jindu_store::audit::verify(&s.ctx.db, &s.ctx.keys)
        .await
        .unwrap();
    assert!(report.ok(), "{report:?}");
}
