//! Import of measures and drug tests: a sheet with a few bad rows reports
//! exactly those rows and writes nothing; the fixed sheet imports in one go
//! and the person's file shows what it holds; the same through the API with
//! CSV; and nobody imports for persons outside their capture scope.

use rust_xlsxwriter::Workbook;
use serde_json::{Value, json};

use crate::auth::hidden_csrf;
use crate::harness::{Client, TestServer, id_number};

/// 2026-11-29 12:00 China Standard Time.
const TODAY_MS: i64 = 1_795_924_800_000;

/// A cell of a test sheet: text, or a formula (which must be refused).
enum Cell {
    Text(String),
    Formula(&'static str),
}

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn xlsx(headers: &[&str], rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Cell::Text(s) if s.is_empty() => {}
                Cell::Text(s) => {
                    ws.write_string(r, c, s).unwrap();
                }
                Cell::Formula(f) => {
                    ws.write_formula(r, c, *f).unwrap();
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// Posts a sheet as the upload form does (page or API).
async fn upload(
    c: &Client,
    path: &str,
    file: (&str, Vec<u8>),
    mode: &str,
    map: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(file.1).file_name(file.0.to_string()),
        )
        .text("mode", mode.to_string());
    for (f, h) in map {
        form = form.text(format!("map_{f}"), h.to_string());
    }
    c.http
        .post(format!("{}{path}?_csrf={}", c.base, c.csrf))
        .header("x-csrf-token", &c.csrf)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn page_upload(c: &Client, path: &str, bytes: Vec<u8>, mode: &str) -> String {
    let r = upload(c, path, ("sheet.xlsx", bytes), mode, &[]).await;
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

/// The sheet lines the report marks as bad, in order.
fn bad_lines(html: &str) -> Vec<usize> {
    html.split("<tr class=\"row-error\"><td class=\"num\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().parse().unwrap())
        .collect()
}

async fn count(s: &TestServer, table: &str) -> i64 {
    s.ctx
        .db
        .scalar_i64(jindu_store::Q::new(format!("SELECT COUNT(*) FROM {table}")))
        .await
        .unwrap()
}

/// Rows of the tables an import writes, and audit entries.
async fn written(s: &TestServer) -> [i64; 4] {
    [
        count(s, "measures").await,
        count(s, "measure_events").await,
        count(s, "drug_tests").await,
        s.audit_count().await,
    ]
}

async fn get_json(c: &Client, path: &str) -> Value {
    let r = c.get(path).await;
    assert_eq!(r.status(), 200, "{path}");
    r.json().await.unwrap()
}

/// ID numbers of the fixture persons a0, a1, a2, a5 (county A) and b3
/// (county B), see harness::seed.
fn ids() -> (String, String, String, String, String) {
    (
        id_number("990101", 0),
        id_number("990101", 1),
        id_number("990101", 2),
        id_number("990101", 5),
        id_number("990102", 3),
    )
}

/// The sheet of `rows` (bad ones only when `bad`) and the lines of the bad
/// rows (the header is line 1).
fn sheet(headers: &[&str], rows: Vec<(bool, Vec<Cell>)>, bad: bool) -> (Vec<u8>, Vec<usize>) {
    let rows: Vec<(bool, Vec<Cell>)> = rows.into_iter().filter(|(b, _)| bad || !b).collect();
    let lines = rows
        .iter()
        .enumerate()
        .filter(|(_, (b, _))| *b)
        .map(|(i, _)| i + 2)
        .collect();
    let cells: Vec<Vec<Cell>> = rows.into_iter().map(|(_, r)| r).collect();
    (xlsx(headers, &cells), lines)
}

fn cells<const N: usize>(texts: [&str; N]) -> Vec<Cell> {
    texts.iter().map(|c| t(*c)).collect()
}

const MEASURE_HEADERS: &[&str] = &[
    "身份证号",
    "措施类型",
    "决定日期",
    "决定书送达日期",
    "期限（月）",
    "报到日期",
    "协议签订日期",
    "解除日期",
    "解除原因",
];

/// A measures sheet: valid rows for a0, a1, a2 and a5 and, when `bad`, six
/// bad rows between them.
fn measures_sheet(bad: bool) -> (Vec<u8>, Vec<usize>) {
    let (a0, a1, a2, a5, b3) = ids();
    let unknown = id_number("990101", 50);
    let mut formula = cells([&a2, "自愿戒毒", "", "", "", "", "", "2021-06-01", "其他"]);
    formula[2] = Cell::Formula("=DATE(2021,1,1)");
    let rows = vec![
        // A community detox served in full, then a rehabilitation running.
        (
            false,
            cells([
                &a0,
                "社区戒毒",
                "2020-03-01",
                "2020-03-02",
                "",
                "2020-03-10",
                "2020-03-10",
                "2023-03-20",
                "期满解除",
            ]),
        ),
        // Not on the register; county B's person reads the same.
        (
            true,
            cells([
                &unknown,
                "社区戒毒",
                "2026-10-01",
                "2026-10-02",
                "",
                "",
                "",
                "",
                "",
            ]),
        ),
        (
            true,
            cells([
                &b3,
                "社区戒毒",
                "2026-10-01",
                "2026-10-02",
                "",
                "",
                "",
                "",
                "",
            ]),
        ),
        (
            false,
            cells([
                &a0,
                "community_rehab",
                "2026-01-10",
                "2026-01-12",
                "24",
                "2026-01-20",
                "",
                "",
                "",
            ]),
        ),
        (
            true,
            cells([&a2, "劳动教养戒毒", "2021-01-01", "", "", "", "", "", ""]),
        ),
        // Detox ended the day compulsory isolation was decided (JDF 38).
        (
            false,
            cells([
                &a1,
                "社区戒毒",
                "2025-02-01",
                "2025-02-02",
                "",
                "2025-02-10",
                "2025-02-10",
                "2025-08-01",
                "决定强制隔离戒毒",
            ]),
        ),
        // Reported in before the decision was even made.
        (
            true,
            cells([
                &a2,
                "社区戒毒",
                "2019-05-10",
                "2019-05-10",
                "",
                "2019-05-01",
                "",
                "",
                "",
            ]),
        ),
        (
            false,
            cells([&a1, "强制隔离戒毒", "2025-08-01", "", "", "", "", "", ""]),
        ),
        (
            false,
            cells([
                &a2,
                "自愿戒毒",
                "2022-05-01",
                "",
                "",
                "",
                "",
                "2022-11-01",
                "其他",
            ]),
        ),
        (
            false,
            cells([&a5, "维持治疗", "2026-09-01", "", "", "", "", "", ""]),
        ),
        // A second open measure of a5 in the same file.
        (
            true,
            cells([&a5, "自愿戒毒", "2026-10-01", "", "", "", "", "", ""]),
        ),
        (true, formula),
    ];
    sheet(MEASURE_HEADERS, rows, bad)
}

#[tokio::test]
async fn a_measures_sheet_with_bad_rows_writes_nothing_then_the_fixed_sheet_imports() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let mut c = s.login("countyofficer_a").await;
    let (_, html) = c.get_text("/measures/import").await;
    assert!(html.contains("批量导入戒毒措施") && html.contains("href=\"/tests/import\""));
    c.csrf = hidden_csrf(&html);
    let before = written(&s).await;

    let (sheet, lines) = measures_sheet(true);
    let html = page_upload(&c, "/measures/import", sheet, "apply").await;
    assert!(html.contains("存在错误，未写入任何数据"), "{html}");
    assert_eq!(bad_lines(&html), lines, "exactly the bad rows");
    for message in [
        "未找到该人员：尚未登记，或不在您的录入范围内。",
        "选项无效",
        "事项日期早于上一次记录",
        "文件中该人员已有一项未结束的措施",
        "单元格含公式",
    ] {
        assert!(html.contains(message), "{message}");
    }
    // Not registered and registered in county B read the same.
    assert_eq!(html.matches("不在您的录入范围内").count(), 2);
    assert_eq!(written(&s).await, before, "nothing written");

    let (sheet, _) = measures_sheet(false);
    let html = page_upload(&c, "/measures/import", sheet.clone(), "dry").await;
    assert!(
        html.contains("试运行结果") && bad_lines(&html).is_empty(),
        "{html}"
    );
    assert_eq!(written(&s).await, before);
    let html = page_upload(&c, "/measures/import", sheet.clone(), "apply").await;
    assert!(html.contains("导入完成"), "{html}");
    let [m, e, tests, audits] = before;
    // 6 measures; events: a0 3 + 1, a1 3, a2 1.
    assert_eq!(written(&s).await, [m + 6, e + 8, tests, audits + 1]);
    assert_eq!(s.last_events(1).await, vec!["measure.import"]);

    // The file shows them as if recorded one by one.
    let (a0, a1, a2, a5) = (
        &s.fx.persons["a0"],
        &s.fx.persons["a1"],
        &s.fx.persons["a2"],
        &s.fx.persons["a5"],
    );
    let states = |v: &Value| -> Vec<(String, String)> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["kind"].as_str().unwrap().into(),
                    m["state"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let v = get_json(&c, &format!("/api/v1/persons/{a0}/measures")).await;
    assert_eq!(
        states(&v),
        [
            ("community_rehab".into(), "reported_in".into()),
            ("community_detox".into(), "completed".into())
        ]
    );
    let events: Vec<&str> = v["items"][1]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["report_in", "sign_agreement", "complete"]);
    let v = get_json(&c, &format!("/api/v1/persons/{a1}/measures")).await;
    assert_eq!(
        states(&v),
        [
            ("compulsory_isolation".into(), "executing".into()),
            ("community_detox".into(), "ended".into())
        ]
    );
    let v = get_json(&c, &format!("/api/v1/persons/{a5}/measures")).await;
    assert_eq!(
        states(&v),
        [("maintenance_therapy".into(), "executing".into())]
    );
    // Derived fields as on the file: the status follows the current
    // measure, the JDTL 7 candidate day the last measure's end.
    for (p, status) in [
        (a0, "under_measure"),
        (a1, "under_measure"),
        (a2, "registered"),
        (a5, "under_measure"),
    ] {
        let v = get_json(&c, &format!("/api/v1/persons/{p}")).await;
        assert_eq!(v["status"], status, "{p}");
    }
    let v = get_json(&c, &format!("/api/v1/persons/{a2}")).await;
    assert_eq!(v["abstinence_candidate_on"], "2025-11-01");
    // The work queue's index: each measure's next open deadline is the
    // earliest its status shows.
    let v = get_json(&c, &format!("/api/v1/persons/{a0}/measures")).await;
    for m in v["items"].as_array().unwrap() {
        let stored = s
            .ctx
            .db
            .fetch_one(
                jindu_store::Q::new("SELECT next_deadline_date FROM measures WHERE id = $1")
                    .bind(m["id"].as_str().unwrap()),
            )
            .await
            .unwrap()
            .opt_date("next_deadline_date")
            .unwrap()
            .map(|d| d.to_string());
        let due = m["status"]["due"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["date"].as_str())
            .min()
            .map(str::to_string);
        assert_eq!(stored, due, "{m}");
    }

    // The same sheet again: every row is already there.
    let html = page_upload(&c, "/measures/import", sheet, "dry").await;
    assert_eq!(bad_lines(&html), [2, 3, 4, 5, 6, 7]);
    assert!(html.contains("期间重叠") && html.contains("已有正在执行的措施"));
}

const TEST_HEADERS: &[&str] = &[
    "身份证号",
    "检测日期",
    "检测方式",
    "检测场所",
    "检测结果",
    "检出物质",
    "突击检测",
];

/// A tests sheet: valid rows for a0, a1 and a2 and, when `bad`, six bad
/// rows between them.
fn tests_sheet(bad: bool) -> (Vec<u8>, Vec<usize>) {
    let (a0, a1, a2, a5, b3) = ids();
    let unknown = id_number("990101", 50);
    let mut formula = cells([&a5, "", "尿检", "现场检测", "阴性", "", ""]);
    formula[1] = Cell::Formula("=TODAY()");
    let rows = vec![
        (
            true,
            cells([&unknown, "2026-06-10", "尿检", "现场检测", "阴性", "", ""]),
        ),
        (
            false,
            cells([&a0, "2026-06-10", "尿检", "现场检测", "阴性", "", "否"]),
        ),
        (
            false,
            cells([
                &a0,
                "2026-07-10",
                "urine",
                "on_site",
                "阳性",
                "甲基苯丙胺、氯胺酮",
                "",
            ]),
        ),
        (
            true,
            cells([&b3, "2026-06-10", "尿检", "现场检测", "阴性", "", ""]),
        ),
        // Before the measure: the person's test, not the measure's.
        (
            false,
            cells([&a0, "2026-01-15", "尿检", "现场检测", "negative", "", ""]),
        ),
        (
            true,
            cells([&a2, "2026-06-10", "尿检", "现场检测", "阳性", "", ""]),
        ),
        (
            false,
            cells([
                &a1,
                "2023-05-01",
                "毛发检测",
                "实验室检测",
                "positive",
                "海洛因",
                "",
            ]),
        ),
        // The same test twice.
        (
            true,
            cells([&a0, "2026-06-10", "尿检", "现场检测", "阴性", "", ""]),
        ),
        (
            true,
            cells([&a1, "2026-06-10", "唾沫", "现场检测", "阴性", "", ""]),
        ),
        (
            false,
            cells([&a2, "2026-11-01", "尿检", "现场检测", "拒绝检测", "", "是"]),
        ),
        (true, formula),
    ];
    sheet(TEST_HEADERS, rows, bad)
}

#[tokio::test]
async fn a_tests_sheet_with_bad_rows_writes_nothing_then_the_fixed_sheet_imports() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let mut c = s.login("countyofficer_a").await;
    let a0 = s.fx.persons["a0"].clone();
    // a0 is under community detox from 2026-06-10.
    let r = c
        .post_json(
            &format!("/api/v1/persons/{a0}/measures"),
            json!({ "kind": "community_detox", "decided_on": "2026-06-01", "served_on": "2026-06-02" }),
        )
        .await;
    assert_eq!(r.status(), 201);
    let measure = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = c
        .post_json(
            &format!("/api/v1/measures/{measure}/events"),
            json!({ "event": "report_in", "on": "2026-06-10" }),
        )
        .await;
    assert_eq!(r.status(), 200);
    let (_, html) = c.get_text("/tests/import").await;
    assert!(html.contains("批量导入检测记录"));
    c.csrf = hidden_csrf(&html);
    let before = written(&s).await;

    let (sheet, lines) = tests_sheet(true);
    let html = page_upload(&c, "/tests/import", sheet, "apply").await;
    assert!(html.contains("存在错误，未写入任何数据"), "{html}");
    assert_eq!(bad_lines(&html), lines, "exactly the bad rows");
    for message in [
        "未找到该人员",
        "阳性结果须填写检出物质",
        "文件中同一检测重复",
        "选项无效",
        "单元格含公式",
    ] {
        assert!(html.contains(message), "{message}");
    }
    assert_eq!(written(&s).await, before, "nothing written");

    let (sheet, _) = tests_sheet(false);
    let html = page_upload(&c, "/tests/import", sheet.clone(), "dry").await;
    assert!(html.contains("试运行结果"), "{html}");
    assert_eq!(written(&s).await, before);
    let html = page_upload(&c, "/tests/import", sheet.clone(), "apply").await;
    assert!(html.contains("导入完成"), "{html}");
    let [m, e, tests, audits] = before;
    assert_eq!(written(&s).await, [m, e, tests + 5, audits + 1]);
    assert_eq!(s.last_events(1).await, vec!["test.import"]);

    // On the file: tests during the measure belong to it, the positive one
    // is to be reported to the police (JDTL 21).
    let v = get_json(&c, &format!("/api/v1/persons/{a0}/tests")).await;
    let seen: Vec<(String, bool)> = v["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["test_date"].as_str().unwrap().into(),
                t["during_measure"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("2026-01-15".into(), false),
            ("2026-06-10".into(), true),
            ("2026-07-10".into(), true)
        ]
    );
    assert_eq!(v["tests"][2]["substances"], json!(["甲基苯丙胺", "氯胺酮"]));
    assert!(
        v["police_flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["reason"] == "drug_use_during_measure" && f["raised_on"] == "2026-07-10"),
        "{v}"
    );
    let v = get_json(&c, &format!("/api/v1/persons/{}/tests", s.fx.persons["a2"])).await;
    assert_eq!(v["tests"][0]["result"], "refused");
    assert_eq!(v["tests"][0]["unannounced"], true);
    // The JDTL 7 candidate day moves with the last positive test.
    let v = get_json(&c, &format!("/api/v1/persons/{}", s.fx.persons["a1"])).await;
    assert_eq!(v["abstinence_candidate_on"], "2026-05-01");

    // The same sheet again: every test is already recorded.
    let html = page_upload(&c, "/tests/import", sheet, "dry").await;
    assert_eq!(bad_lines(&html), [2, 3, 4, 5, 6]);
    assert!(html.contains("该检测已有记录"));
}

/// A CSV in GBK, as Excel on Chinese Windows saves it.
fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

#[tokio::test]
async fn csv_imports_through_the_api_answer_the_report() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let c = s.login("townshipofficer_a").await;
    let (a0, a1, _, _, _) = ids();
    let before = written(&s).await;
    // A formula typed into a CSV cell is refused like one in a workbook;
    // an unknown ending too.
    let csv = format!(
        "身份证号,措施类型,决定日期,决定书送达日期,报到日期,解除日期,解除原因\n\
         {a0},社区戒毒,2024-04-01,2024-04-02,2024-04-08,,\n\
         {a1},自愿戒毒,=1+1,,,,\n\
         {a1},强制隔离戒毒,2023-01-01,,,2023-06-01,释放\n"
    );
    let r = upload(
        &c,
        "/api/v1/measures/import",
        ("m.csv", gbk(&csv)),
        "apply",
        &[],
    )
    .await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        (
            v["rows"].as_i64(),
            v["valid"].as_i64(),
            v["applied"].as_bool()
        ),
        (Some(3), Some(1), Some(false))
    );
    let errors: Vec<(i64, &str, &str)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_i64().unwrap(),
                e["field"].as_str().unwrap(),
                e["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (3, "decided_on", "import.formula"),
            (4, "end_reason", "field.invalid_code")
        ]
    );
    assert_eq!(written(&s).await, before);

    // The fixed file; the kind's column has another header, chosen by hand.
    let csv = format!(
        "\u{feff}身份证号,类别,决定日期,决定书送达日期,报到日期\n{a0},社区戒毒,2024-04-01,2024-04-02,2024-04-08\n"
    );
    let r = upload(
        &c,
        "/api/v1/measures/import",
        ("m.csv", csv.clone().into_bytes()),
        "dry",
        &[],
    )
    .await;
    assert_eq!(r.status(), 422, "the kind has no column");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"], "import.mapping");
    let r = upload(
        &c,
        "/api/v1/measures/import",
        ("m.csv", csv.into_bytes()),
        "apply",
        &[("kind", "类别")],
    )
    .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["applied"], true, "{v}");
    assert_eq!(s.last_events(1).await, vec!["measure.import"]);
    let v = get_json(
        &c,
        &format!("/api/v1/persons/{}/measures", s.fx.persons["a0"]),
    )
    .await;
    assert_eq!(v["items"][0]["state"], "reported_in");

    // Tests: the default mode is a dry run.
    let csv = format!(
        "id_number,test_date,method,setting,result,substances\n{a0},2024-05-08,urine,on_site,positive,heroin\n"
    );
    let r = upload(
        &c,
        "/api/v1/tests/import",
        ("t.csv", csv.clone().into_bytes()),
        "",
        &[],
    )
    .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        (v["valid"].as_i64(), v["applied"].as_bool()),
        (Some(1), Some(false))
    );
    assert_eq!(written(&s).await[2], before[2]);
    let r = upload(
        &c,
        "/api/v1/tests/import",
        ("t.csv", csv.into_bytes()),
        "apply",
        &[],
    )
    .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["applied"], true, "{v}");
    assert_eq!(s.last_events(1).await, vec!["test.import"]);
    let v = get_json(&c, &format!("/api/v1/persons/{}/tests", s.fx.persons["a0"])).await;
    assert_eq!(
        v["tests"][0]["during_measure"], true,
        "the measure running that day"
    );
}

#[tokio::test]
async fn imports_need_the_permission_and_stay_in_the_capture_scope() {
    let s = TestServer::start().await;
    s.clock.set_ms(TODAY_MS);
    let (a0, _, _, a5, _) = ids();
    let tests_csv = format!(
        "身份证号,检测日期,检测方式,检测场所,检测结果\n{a0},2026-11-01,尿检,现场检测,阴性\n{a5},2026-11-01,尿检,现场检测,阴性\n"
    );
    let measures_csv = format!("身份证号,措施类型,决定日期\n{a0},自愿戒毒,2026-11-01\n");
    let leader = s.login("leader_a").await;
    let mut other = s.login("countyofficer_b").await;
    let worker = s.login("socialworker_a").await;
    let before = written(&s).await;

    // A role without the permission: refused before anything is read.
    assert_eq!(leader.get("/measures/import").await.status(), 403);
    assert_eq!(leader.get("/tests/import").await.status(), 403);
    let r = upload(
        &leader,
        "/api/v1/tests/import",
        ("t.csv", tests_csv.clone().into_bytes()),
        "apply",
        &[],
    )
    .await;
    assert_eq!(r.status(), 403);
    let r = upload(
        &leader,
        "/measures/import",
        ("m.csv", measures_csv.clone().into_bytes()),
        "apply",
        &[],
    )
    .await;
    assert_eq!(r.status(), 403);

    // County B's officer: county A's persons are not found, row by row.
    let (_, html) = other.get_text("/tests/import").await;
    other.csrf = hidden_csrf(&html);
    for (path, csv) in [
        ("/tests/import", &tests_csv),
        ("/measures/import", &measures_csv),
    ] {
        let r = upload(
            &other,
            path,
            ("x.csv", csv.clone().into_bytes()),
            "apply",
            &[],
        )
        .await;
        let html = r.text().await.unwrap();
        assert!(html.contains("存在错误，未写入任何数据"), "{path}");
        assert_eq!(bad_lines(&html).len(), csv.lines().count() - 1, "{path}");
        assert!(!html.contains("张测"), "no name of county A leaks");
    }
    let r = upload(
        &other,
        "/api/v1/measures/import",
        ("m.csv", measures_csv.into_bytes()),
        "apply",
        &[],
    )
    .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["errors"][0]["code"], "import.person_unknown");

    // A social worker's scope is their community: a5 lives in another.
    let r = upload(
        &worker,
        "/api/v1/tests/import",
        ("t.csv", tests_csv.into_bytes()),
        "apply",
        &[],
    )
    .await;
    let v: Value = r.json().await.unwrap();
    let errors: Vec<(i64, &str)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["line"].as_i64().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(errors, [(3, "import.person_unknown")]);
    assert_eq!(written(&s).await, before, "nothing written by any of them");
}
