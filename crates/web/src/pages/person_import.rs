//! Import of persons from .xlsx or .csv (see [`super::import`]): the
//! columns of a register sheet, units given by their division codes.

use axum::extract::{Extension, Multipart, State};
use axum::response::Response;
use jindu_store::service::person_import::ImportRow;

use super::import::{self, Cells, Field, Kind};
use crate::error::WebResult;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

/// The fields of a person row and the office's usual headers.
pub const FIELDS: &[Field] = &[
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

pub fn row(c: &Cells) -> ImportRow {
    ImportRow {
        line: c.line(),
        name: c.get("name"),
        id_number: c.get("id_number"),
        phone: c.get("phone"),
        household_unit: c.get("household_unit"),
        household_address: c.get("household_address"),
        residence_unit: c.get("residence_unit"),
        residence_grid: c.get("residence_grid"),
        residence_address: c.get("residence_address"),
        first_reg_unit: c.get("first_reg_unit"),
        first_reg_officer: c.get("first_reg_officer"),
        first_reg_date: c.get("first_reg_date"),
        registration_source: c.get("registration_source"),
        risk_level: c.get("risk_level"),
        drug_types: c.get("drug_types"),
        tags: c.get("tags"),
        read_errors: c.read_errors(),
    }
}

pub async fn form(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
) -> Response {
    import::form(&st, &info, &a, Kind::Persons).await
}

pub async fn submit(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    mp: Multipart,
) -> WebResult<Response> {
    import::submit(&st, &info, &a, Kind::Persons, mp).await
}
