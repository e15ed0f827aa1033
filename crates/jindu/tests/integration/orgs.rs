//! Org-unit administration pages: add, rename, move, deactivate, import.

use crate::auth::hidden_csrf;
use crate::harness::TestServer;

#[tokio::test]
async fn the_system_admin_adds_renames_moves_and_deactivates_units() {
    let s = TestServer::start().await;
    let mut c = s.login("sysadmin_city").await;
    let town_a = s.fx.units["town_a"].id;
    let (status, html) = c.get_text(&format!("/orgs?parent={town_a}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("和平社区") && html.contains("新增下级单位"));
    c.csrf = hidden_csrf(&html);
    let before = s.audit_count().await;
    let r = c
        .post_form(
            "/orgs",
            &[
                ("parent", &town_a.to_string()),
                ("code", "990101001003"),
                ("name", "新建社区"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(s.audit_count().await, before + 1);
    let unit = jindu_store::org::by_code(&s.ctx.db, "990101001003")
        .await
        .unwrap()
        .unwrap();
    assert!(unit.path.starts_with(&s.fx.units["town_a"].path));
    // A code that does not extend the parent's is refused with a reason.
    let r = c
        .post_form(
            "/orgs",
            &[
                ("parent", &town_a.to_string()),
                ("code", "990102001009"),
                ("name", "错码"),
            ],
        )
        .await;
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    assert!(loc.contains("err=org.code_parent"), "{loc}");
    let (_, html) = c.get_text(&loc).await;
    assert!(html.contains("代码须以上级单位代码开头"));

    let r = c
        .post_form(
            &format!("/orgs/{}/rename", unit.id),
            &[("name", "更名社区")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = c
        .post_form(
            &format!("/orgs/{}/move", unit.id),
            &[("parent_code", "990102001")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let moved = jindu_store::org::get(&s.ctx.db, unit.id).await.unwrap();
    assert_eq!(moved.name, "更名社区");
    assert!(moved.path.starts_with(&s.fx.units["town_b"].path));
    let r = c
        .post_form(&format!("/orgs/{}/active", unit.id), &[("active", "0")])
        .await;
    assert_eq!(r.status(), 303);
    assert!(
        !jindu_store::org::get(&s.ctx.db, unit.id)
            .await
            .unwrap()
            .active
    );
    // A unit with enabled accounts below it cannot be deactivated.
    let r = c
        .post_form(
            &format!("/orgs/{}/active", s.fx.units["county_a"].id),
            &[("active", "0")],
        )
        .await;
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .contains("err=org.has_users")
    );
    assert_eq!(
        s.last_events(4).await,
        vec!["org.deactivate", "org.move", "org.update", "org.create"]
    );
}

async fn upload(c: &crate::harness::Client, csv: &str, mode: &str) -> String {
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("divisions.csv"),
        )
        .text("mode", mode.to_string());
    let r = c
        .http
        .post(format!("{}/orgs/import?_csrf={}", c.base, c.csrf))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

#[tokio::test]
async fn division_import_dry_runs_then_applies_all_or_nothing() {
    let s = TestServer::start().await;
    let mut c = s.login("sysadmin_city").await;
    let (_, html) = c.get_text("/orgs/import").await;
    assert!(html.contains("导入行政区划"));
    c.csrf = hidden_csrf(&html);
    let good = "代码,名称,层级,上级代码\n990101002,新华街道,乡镇街道,990101\n990101002001,向阳社区,village,990101002\n99010100200101,第一网格,grid,990101002001\n";
    let before = (
        s.audit_count().await,
        jindu_store::org::count(&s.ctx.db).await.unwrap(),
    );
    let html = upload(&c, good, "dry").await;
    assert!(html.contains("试运行结果") && html.contains("新增 3 个"));
    assert_eq!(
        (
            s.audit_count().await,
            jindu_store::org::count(&s.ctx.db).await.unwrap()
        ),
        before
    );
    let bad = format!("{good}990101003,坏行,township,999999\n");
    let html = upload(&c, &bad, "apply").await;
    assert!(html.contains("存在错误，未写入任何数据"));
    assert!(html.contains("上级单位不存在"));
    assert_eq!(jindu_store::org::count(&s.ctx.db).await.unwrap(), before.1);
    let html = upload(&c, good, "apply").await;
    assert!(html.contains("导入完成"));
    assert_eq!(
        jindu_store::org::count(&s.ctx.db).await.unwrap(),
        before.1 + 3
    );
    assert_eq!(s.audit_count().await, before.0 + 1);
    assert_eq!(s.last_events(1).await, vec!["org.import"]);
    // GBK-encoded files (Excel on Chinese Windows) are read too.
    let (gbk, _, _) =
        encoding_rs::GBK.encode("代码,名称,层级,上级代码\n990101004,石桥镇,township,990101\n");
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(gbk.into_owned()).file_name("gbk.csv"),
        )
        .text("mode", "dry");
    let html = c
        .http
        .post(format!("{}/orgs/import?_csrf={}", c.base, c.csrf))
        .multipart(form)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("石桥镇") && html.contains("新增 1 个"));
}
