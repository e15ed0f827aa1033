//! Import of measures from .xlsx or .csv (see [`super::import`]): the
//! columns of a measures sheet, as the office's ledgers head them.

use axum::extract::{Extension, Multipart, State};
use axum::response::Response;
use jindu_store::service::measure_import::MeasureImportRow;

use super::import::{self, Cells, Field, Kind};
use crate::error::WebResult;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

/// The fields of a measure row and the office's usual headers.
pub const FIELDS: &[Field] = &[
    (
        "id_number",
        "person.id_number",
        true,
        &["身份证号", "身份证号码", "公民身份号码", "id_number"],
    ),
    (
        "kind",
        "measure.kind",
        true,
        &["措施类型", "戒毒措施", "措施", "kind"],
    ),
    (
        "decided_on",
        "measure.decided_on",
        true,
        &["决定日期", "决定时间", "decided_on"],
    ),
    (
        "served_on",
        "measure.served_on",
        false,
        &["决定书送达日期", "送达日期", "served_on"],
    ),
    (
        "term_months",
        "measure.term_months",
        false,
        &["期限（月）", "期限(月)", "康复期限（月）", "term_months"],
    ),
    (
        "after_rehab_refusal",
        "measure.after_rehab_refusal",
        false,
        &["拒绝社区康复后决定", "after_rehab_refusal"],
    ),
    (
        "reported_in_on",
        "import.col.reported_in_on",
        false,
        &["报到日期", "报到时间", "reported_in_on"],
    ),
    (
        "agreement_on",
        "import.col.agreement_on",
        false,
        &["协议签订日期", "签订协议日期", "agreement_on"],
    ),
    (
        "ended_on",
        "import.col.ended_on",
        false,
        &["解除日期", "结束日期", "终止日期", "ended_on"],
    ),
    (
        "end_reason",
        "import.col.end_reason",
        false,
        &["解除原因", "结束原因", "终止原因", "end_reason"],
    ),
];

pub fn row(c: &Cells) -> MeasureImportRow {
    MeasureImportRow {
        line: c.line(),
        id_number: c.get("id_number"),
        kind: c.get("kind"),
        decided_on: c.get("decided_on"),
        served_on: c.get("served_on"),
        term_months: c.get("term_months"),
        after_rehab_refusal: c.get("after_rehab_refusal"),
        reported_in_on: c.get("reported_in_on"),
        agreement_on: c.get("agreement_on"),
        ended_on: c.get("ended_on"),
        end_reason: c.get("end_reason"),
        read_errors: c.read_errors(),
    }
}

pub async fn form(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
) -> Response {
    import::form(&st, &info, &a, Kind::Measures).await
}

pub async fn submit(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    mp: Multipart,
) -> WebResult<Response> {
    import::submit(&st, &info, &a, Kind::Measures, mp).await
}
