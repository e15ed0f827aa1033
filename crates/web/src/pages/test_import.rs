//! Import of drug tests from .xlsx or .csv (see [`super::import`]): the
//! columns of a test ledger, as the office heads them.

use axum::extract::{Extension, Multipart, State};
use axum::response::Response;
use jindu_store::service::test_import::TestImportRow;

use super::import::{self, Cells, Field, Kind};
use crate::error::WebResult;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

/// The fields of a test row and the office's usual headers.
pub const FIELDS: &[Field] = &[
    (
        "id_number",
        "person.id_number",
        true,
        &["身份证号", "身份证号码", "公民身份号码", "id_number"],
    ),
    (
        "test_date",
        "test.date",
        true,
        &["检测日期", "检测时间", "test_date"],
    ),
    (
        "method",
        "test.method",
        true,
        &["检测方式", "检测方法", "method"],
    ),
    (
        "setting",
        "test.setting",
        true,
        &["检测场所", "检测类型", "setting"],
    ),
    (
        "result",
        "test.result",
        true,
        &["检测结果", "结果", "result"],
    ),
    (
        "substances",
        "test.substances",
        false,
        &["检出物质", "检出毒品", "substances"],
    ),
    (
        "unannounced",
        "test.unannounced",
        false,
        &["突击检测", "是否突击检测", "unannounced"],
    ),
];

pub fn row(c: &Cells) -> TestImportRow {
    TestImportRow {
        line: c.line(),
        id_number: c.get("id_number"),
        test_date: c.get("test_date"),
        method: c.get("method"),
        setting: c.get("setting"),
        result: c.get("result"),
        substances: c.get("substances"),
        unannounced: c.get("unannounced"),
        read_errors: c.read_errors(),
    }
}

pub async fn form(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
) -> Response {
    import::form(&st, &info, &a, Kind::Tests).await
}

pub async fn submit(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    mp: Multipart,
) -> WebResult<Response> {
    import::submit(&st, &info, &a, Kind::Tests, mp).await
}
