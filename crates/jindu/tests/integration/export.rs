//! Exports: masked by default, unmasked only with the reveal permission and
//! a reason, watermarked, scoped and audited; files open as spreadsheets.

use std::io::Cursor;

use calamine::{Reader, Xlsx};

use crate::auth::hidden_csrf;
use crate::harness::{TestServer, id_number};

pub fn xlsx_cells(bytes: Vec<u8>) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[tokio::test]
async fn the_masked_export_is_a_scoped_watermarked_spreadsheet() {
    let s = TestServer::start().await;
    let c = s.login("countyofficer_a").await;
    let before = s.audit_count().await;
    let r = c.get("/persons/export").await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".xlsx")
    );
    let cells = xlsx_cells(r.bytes().await.unwrap().to_vec());
    assert!(cells[0][0].contains("吸毒人员登记"));
    assert!(
        cells[1][0].contains("导出人") && cells[1][0].contains("countyofficer_a"),
        "watermark: {:?}",
        cells[1]
    );
    assert_eq!(cells[2][1], "姓名");
    let body: Vec<&Vec<String>> = cells.iter().skip(3).collect();
    assert_eq!(body.len(), 4, "county A's persons only");
    let all = format!("{cells:?}");
    for secret in &s.fx.secrets {
        assert!(
            !all.contains(secret.as_str()),
            "masked export shows {secret}"
        );
    }
    assert!(all.contains(&format!(
        "{}********{}",
        &id_number("990101", 0)[..6],
        &id_number("990101", 0)[14..]
    )));
    assert!(!all.contains("李测"), "no county-B person");
    assert_eq!(s.audit_count().await, before + 1);
    assert_eq!(s.last_events(1).await, vec!["person.export"]);
    // CSV too, with a BOM for Excel/WPS.
    let text = c
        .get("/persons/export?format=csv&name=张")
        .await
        .text()
        .await
        .unwrap();
    assert!(text.starts_with('\u{feff}') && text.contains("张测一"));
}

#[tokio::test]
async fn the_unmasked_export_needs_reveal_permission_and_a_reason() {
    let s = TestServer::start().await;
    let leader = s.login("leader_city").await;
    let r = leader
        .post_form(
            "/persons/export",
            &[("reason", "领导要看"), ("format", "csv")],
        )
        .await;
    assert_eq!(r.status(), 403);
    let mut c = s.login("countyofficer_a").await;
    let (_, html) = c.get_text("/persons").await;
    assert!(html.contains("导出完整信息"));
    c.csrf = hidden_csrf(&html);
    let r = c
        .post_form("/persons/export", &[("reason", "x"), ("format", "csv")])
        .await;
    assert_eq!(r.status(), 422);
    let r = c
        .post_form(
            "/persons/export",
            &[("reason", "移交公安核查名单"), ("format", "xlsx")],
        )
        .await;
    assert_eq!(r.status(), 200);
    let all = format!("{:?}", xlsx_cells(r.bytes().await.unwrap().to_vec()));
    assert!(
        all.contains(&id_number("990101", 0)),
        "full ID number present"
    );
    assert!(all.contains("含完整身份信息"));
    let (entries, _) = jindu_store::audit::search(&s.ctx.db, &Default::default(), 0, 1)
        .await
        .unwrap();
    assert_eq!(entries[0].event, "person.export");
    assert_eq!(entries[0].reason, "移交公安核查名单");
    assert!(
        entries[0].details.contains("\"unmasked\":true")
            && entries[0].details.contains("\"rows\":4")
    );
}
