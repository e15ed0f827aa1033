//! Import of persons from .xlsx or .csv: columns mapped by their headers
//! (Chinese or English, adjustable), a dry run, per-row errors, and an
//! all-or-nothing write. Formulas are never evaluated.

use askama::Template;
use axum::extract::{Extension, Multipart, State};
use axum::response::Response;
use jindu_store::service::ServiceError;
use jindu_store::service::person_import::{IMPORT_MAX_ROWS, ImportRow, PersonImportReport};

use super::{Chrome, render};
use crate::error::WebResult;
use crate::i18n::Lang;
use crate::middleware::{Auth, ReqInfo};
use crate::sheets::{self, Table};
use crate::state::AppState;

const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The fields of a row, their label key, whether required, and the header
/// texts recognised for them.
const FIELDS: &[(&str, &str, bool, &[&str])] = &[
    ("name", "person.name", true, &["姓名", "name"]),
    (
        "id_number",
        "person.id_number",
        true,
        &["身份证号", "身份证号码", "公民身份号码", "id_number"],
    ),
    (
        "phone",
        "person.phone",
        false,
        &["联系电话", "电话", "手机", "手机号", "phone"],
    ),
    (
        "residence_unit",
        "import.col.residence_unit",
        true,
        &["居住地代码", "居住地", "村社区代码", "residence_unit"],
    ),
    (
        "residence_grid",
        "import.col.residence_grid",
        false,
        &["网格代码", "网格", "residence_grid"],
    ),
    (
        "residence_address",
        "person.residence_address",
        false,
        &["现住址", "居住地址", "residence_address"],
    ),
    (
        "household_unit",
        "import.col.household_unit",
        false,
        &["户籍地代码", "户籍地", "household_unit"],
    ),
    (
        "household_address",
        "person.household_address",
        false,
        &["户籍地址", "户籍详址", "household_address"],
    ),
    (
        "first_reg_unit",
        "import.col.first_reg_unit",
        false,
        &["首次登记单位代码", "首次登记单位", "first_reg_unit"],
    ),
    (
        "first_reg_officer",
        "person.first_reg_officer",
        false,
        &["首次登记责任人", "登记人", "first_reg_officer"],
    ),
    (
        "first_reg_date",
        "person.first_reg_date",
        false,
        &["首次登记日期", "登记日期", "first_reg_date"],
    ),
    (
        "registration_source",
        "person.registration_source",
        false,
        &["发现来源", "来源", "registration_source"],
    ),
    (
        "risk_level",
        "person.risk_level",
        false,
        &["风险等级", "risk_level"],
    ),
    (
        "drug_types",
        "person.drug_types",
        false,
        &["滥用毒品种类", "毒品种类", "drug_types"],
    ),
    ("tags", "person.tags", false, &["人员标签", "标签", "tags"]),
];

pub struct MapRow {
    pub field: &'static str,
    pub label: &'static str,
    pub required: bool,
    /// The chosen header, if any.
    pub column: String,
}

/// One bad row of the sheet with all its problems.
pub struct ErrorLine {
    pub line: usize,
    pub problems: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "person_import.html")]
struct ImportPage {
    c: Chrome,
    headers: Vec<String>,
    mapping: Vec<MapRow>,
    report: Option<PersonImportReport>,
    errors: Vec<ErrorLine>,
    more_errors: usize,
    error: String,
}

fn field_label(l: Lang, field: &str) -> &'static str {
    FIELDS
        .iter()
        .find(|(f, ..)| *f == field)
        .map(|(_, k, ..)| l.t(k))
        .unwrap_or_else(|| l.t(&format!("person.{field}")))
}

pub async fn form(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
) -> Response {
    let c = Chrome::for_user(
        &st,
        &a,
        &info,
        "import.title",
        "nav.persons",
        "/persons/import",
    )
    .await;
    let mapping = FIELDS
        .iter()
        .map(|(f, k, req, aliases)| MapRow {
            field: f,
            label: info.lang.t(k),
            required: *req,
            column: aliases[0].to_string(),
        })
        .collect();
    render(&ImportPage {
        c,
        headers: Vec::new(),
        mapping,
        report: None,
        errors: Vec::new(),
        more_errors: 0,
        error: String::new(),
    })
}

/// The column of each field: the user's choice, else a recognised header.
fn map_columns(table: &Table, chosen: &[(String, String)]) -> Vec<(&'static str, Option<usize>)> {
    FIELDS
        .iter()
        .map(|(f, _, _, aliases)| {
            let wanted = chosen.iter().find(|(k, _)| k == f).map(|(_, v)| v.as_str());
            let col = match wanted {
                Some("") => None,
                Some(h) => table.headers.iter().position(|x| x == h),
                None => table
                    .headers
                    .iter()
                    .position(|x| aliases.iter().any(|a| a.eq_ignore_ascii_case(x))),
            };
            (*f, col)
        })
        .collect()
}

fn rows_of(table: &Table, cols: &[(&'static str, Option<usize>)]) -> Vec<ImportRow> {
    table
        .rows
        .iter()
        .map(|r| {
            let get = |field: &str| {
                cols.iter()
                    .find(|(f, _)| *f == field)
                    .and_then(|(_, c)| *c)
                    .and_then(|c| r.cells.get(c))
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default()
            };
            let read_errors = r
                .formula_cols
                .iter()
                .filter_map(|c| {
                    cols.iter()
                        .find(|(_, col)| *col == Some(*c))
                        .map(|(f, _)| (f.to_string(), "import.formula".to_string()))
                })
                .collect();
            ImportRow {
                line: r.line,
                name: get("name"),
                id_number: get("id_number"),
                phone: get("phone"),
                household_unit: get("household_unit"),
                household_address: get("household_address"),
                residence_unit: get("residence_unit"),
                residence_grid: get("residence_grid"),
                residence_address: get("residence_address"),
                first_reg_unit: get("first_reg_unit"),
                first_reg_officer: get("first_reg_officer"),
                first_reg_date: get("first_reg_date"),
                registration_source: get("registration_source"),
                risk_level: get("risk_level"),
                drug_types: get("drug_types"),
                tags: get("tags"),
                read_errors,
            }
        })
        .collect()
}

pub async fn submit(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    mut mp: Multipart,
) -> WebResult<Response> {
    let l = info.lang;
    let mut file: Option<Vec<u8>> = None;
    let mut apply = false;
    let mut chosen: Vec<(String, String)> = Vec::new();
    let mut error = String::new();
    while let Ok(Some(field)) = mp.next_field().await {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "file" => match field.bytes().await {
                Ok(b) if b.len() <= MAX_BYTES => file = Some(b.to_vec()),
                _ => error = l.err("import.too_large").to_string(),
            },
            "mode" => apply = field.text().await.is_ok_and(|t| t == "apply"),
            n if n.starts_with("map_") => {
                let v = field.text().await.unwrap_or_default();
                chosen.push((n.trim_start_matches("map_").to_string(), v));
            }
            _ => {}
        }
    }
    let table = match (&file, error.is_empty()) {
        (Some(bytes), true) => match sheets::read_table(bytes, IMPORT_MAX_ROWS) {
            Ok(t) => Some(t),
            Err(code) => {
                error = l.err(code).to_string();
                None
            }
        },
        (None, true) => {
            error = l.err("import.not_csv").to_string();
            None
        }
        _ => None,
    };
    let mut headers = Vec::new();
    let mut mapping = Vec::new();
    let mut report = None;
    let mut errors = Vec::new();
    let mut more_errors = 0;
    if let Some(table) = table {
        let cols = map_columns(&table, &chosen);
        headers = table.headers.clone();
        mapping = FIELDS
            .iter()
            .zip(&cols)
            .map(|((f, k, req, _), (_, c))| MapRow {
                field: f,
                label: l.t(k),
                required: *req,
                column: c
                    .and_then(|c| table.headers.get(c).cloned())
                    .unwrap_or_default(),
            })
            .collect::<Vec<_>>();
        if mapping.iter().any(|m| m.required && m.column.is_empty()) {
            error = l.err("import.mapping").to_string();
        } else {
            match st
                .ctx
                .person_import(&a.actor, rows_of(&table, &cols), apply)
                .await
            {
                Ok(r) => {
                    for e in &r.errors {
                        let problem = (
                            field_label(l, e.field.trim_end_matches("_id")),
                            l.err(&e.code),
                        );
                        match errors.last_mut() {
                            Some(ErrorLine { line, problems }) if *line == e.line => {
                                problems.push(problem)
                            }
                            _ => errors.push(ErrorLine {
                                line: e.line,
                                problems: vec![problem],
                            }),
                        }
                    }
                    more_errors = errors.len().saturating_sub(200);
                    errors.truncate(200);
                    report = Some(r);
                }
                Err(ServiceError::Invalid { code, .. }) => error = l.err(&code).to_string(),
                Err(e) => return Err(e.into()),
            }
        }
    }
    let c = Chrome::for_user(
        &st,
        &a,
        &info,
        "import.title",
        "nav.persons",
        "/persons/import",
    )
    .await;
    Ok(render(&ImportPage {
        c,
        headers,
        mapping,
        report,
        errors,
        more_errors,
        error,
    }))
}
