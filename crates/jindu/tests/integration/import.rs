//! Import of persons: a 10,000-row sheet with 3 bad rows reports exactly
//! those rows and writes nothing; the fixed sheet imports in one go.

use jindu_domain::IdNumber;
use rust_xlsxwriter::Workbook;

use crate::auth::hidden_csrf;
use crate::harness::{Client, TestServer};

fn id_for(i: u32) -> String {
    let birth = time::Date::from_calendar_date(1970, time::Month::January, 1).unwrap()
        + time::Duration::days((i / 400) as i64);
    IdNumber::from_parts("990101", birth, (100 + i % 400) as u16)
        .unwrap()
        .as_str()
        .to_string()
}

/// A sheet with the office's usual Chinese headers; `bad` rows get an
/// invalid checksum, an unknown unit code, or a formula.
fn sheet(rows: u32, bad: &[u32]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in [
        "姓名",
        "身份证号",
        "联系电话",
        "居住地代码",
        "网格代码",
        "现住址",
        "首次登记日期",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for i in 0..rows {
        let r = i + 1;
        let mut id = id_for(i);
        let mut village = "990101001001".to_string();
        if bad.first() == Some(&i) {
            let last = if id.ends_with('1') { "2" } else { "1" };
            id.replace_range(17.., last);
        }
        if bad.get(1) == Some(&i) {
            village = "990199999999".into();
        }
        ws.write_string(r, 0, format!("导入{i}")).unwrap();
        ws.write_string(r, 1, &id).unwrap();
        ws.write_string(r, 2, format!("154{:08}", 10_000_000 + i))
            .unwrap();
        ws.write_string(r, 3, &village).unwrap();
        ws.write_string(r, 4, "99010100100101").unwrap();
        if bad.get(2) == Some(&i) {
            ws.write_formula(r, 5, "=\"江城区\"&\"1号\"").unwrap();
        } else {
            ws.write_string(r, 5, format!("江城区导入路{i}号")).unwrap();
        }
        ws.write_string(r, 6, "2024-06-01").unwrap();
    }
    wb.save_to_buffer().unwrap()
}

async fn upload(c: &Client, bytes: Vec<u8>, mode: &str) -> String {
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name("persons.xlsx"),
        )
        .text("mode", mode.to_string());
    let r = c
        .http
        .post(format!("{}/persons/import?_csrf={}", c.base, c.csrf))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

async fn persons(s: &TestServer) -> i64 {
    s.ctx
        .db
        .scalar_i64(jindu_store::Q::new("SELECT COUNT(*) FROM persons"))
        .await
        .unwrap()
}

#[tokio::test]
async fn ten_thousand_rows_with_three_bad_ones_write_nothing_then_the_fixed_sheet_imports() {
    let s = TestServer::start().await;
    let mut c = s.login("countyofficer_a").await;
    let (_, html) = c.get_text("/persons/import").await;
    assert!(html.contains("批量导入人员"));
    c.csrf = hidden_csrf(&html);
    let (before, audits) = (persons(&s).await, s.audit_count().await);
    let html = upload(&c, sheet(10_000, &[17, 4_242, 9_998]), "apply").await;
    assert!(
        html.contains("存在错误，未写入任何数据"),
        "{}",
        &html[html.len().saturating_sub(3000)..]
    );
    assert_eq!(
        html.matches("class=\"row-error\"").count(),
        3,
        "exactly the 3 bad rows"
    );
    // Line numbers are sheet rows (header is row 1).
    for line in [19, 4_244, 10_000] {
        assert!(
            html.contains(&format!("<td class=\"num\">{line}</td>")),
            "row {line} reported"
        );
    }
    assert!(
        html.contains("校验位不正确")
            && html.contains("单位不存在")
            && html.contains("单元格含公式")
    );
    assert_eq!(
        (persons(&s).await, s.audit_count().await),
        (before, audits),
        "nothing written"
    );

    let html = upload(&c, sheet(10_000, &[]), "dry").await;
    assert!(html.contains("试运行结果") && html.contains("10000"));
    assert_eq!(persons(&s).await, before);
    let html = upload(&c, sheet(10_000, &[]), "apply").await;
    assert!(
        html.contains("导入完成"),
        "{}",
        &html[html.len().saturating_sub(2000)..]
    );
    assert_eq!(persons(&s).await, before + 10_000);
    assert_eq!(s.audit_count().await, audits + 1);
    assert_eq!(s.last_events(1).await, vec!["person.import"]);
    // Importing the same sheet again finds every row a duplicate.
    let html = upload(&c, sheet(3, &[]), "dry").await;
    assert!(html.contains("该身份证号已登记"));
}

#[tokio::test]
async fn an_import_outside_the_capture_scope_is_refused_row_by_row() {
    let s = TestServer::start().await;
    let mut c = s.login("countyofficer_b").await;
    let (_, html) = c.get_text("/persons/import").await;
    c.csrf = hidden_csrf(&html);
    let html = upload(&c, sheet(2, &[]), "apply").await;
    assert_eq!(html.matches("class=\"row-error\"").count(), 2);
    assert!(html.contains("不在您的录入范围内"));
}
