//! Export of the person list as .xlsx or .csv: masked by default (GET),
//! unmasked with the reveal permission and a reason (POST). The service
//! audits every export.

use axum::Form;
use axum::extract::{Extension, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jindu_store::service::ServiceError;
use jindu_store::service::person_export::PersonExport;
use jindu_store::service::persons::PersonQuery;
use serde::Deserialize;

use super::fmt_time;
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::middleware::{Auth, ReqInfo};
use crate::sheets::{self, Sheet};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct ExportParams {
    #[serde(default)]
    name: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    registered_from: String,
    #[serde(default)]
    registered_to: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    risk_level: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    reason: String,
}

impl ExportParams {
    fn query(&self) -> Result<PersonQuery, ServiceError> {
        let date = |s: &str, f: &str| super::parse_date(s).map_err(|c| ServiceError::invalid(f, c));
        Ok(PersonQuery {
            name: Some(self.name.clone()),
            id_number: Some(self.id_number.clone()),
            sex: Some(self.sex.clone()),
            unit: self.unit.parse().ok(),
            registered_from: date(&self.registered_from, "registered_from")?,
            registered_to: date(&self.registered_to, "registered_to")?,
            status: Some(self.status.clone()),
            risk_level: Some(self.risk_level.clone()),
            tag: Some(self.tag.clone()),
            sort: Some(self.sort.clone()),
        })
    }
}

fn sheet(l: Lang, e: &PersonExport) -> Sheet {
    let headers = [
        "common.no",
        "person.name",
        "person.sex",
        "person.birth_date",
        "person.age",
        "person.id_number",
        "person.phone",
        "person.household_unit",
        "person.household_address",
        "person.residence_unit",
        "person.residence_grid",
        "person.residence_address",
        "person.first_reg_unit",
        "person.first_reg_officer",
        "person.first_reg_date",
    ]
    .iter()
    .map(|k| l.t(k).to_string())
    .collect();
    let rows = e
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let v = &r.view;
            let full = r.full.as_ref();
            let opt = |o: &Option<String>| o.clone().unwrap_or_default();
            vec![
                (i + 1).to_string(),
                v.name.clone(),
                l.tf("person.sex", &v.sex).to_string(),
                v.birth_date.to_string(),
                v.age.to_string(),
                full.map(|f| f.id_number.clone())
                    .unwrap_or_else(|| v.id_number.clone()),
                full.map(|f| opt(&f.phone)).unwrap_or_else(|| opt(&v.phone)),
                v.household_unit.clone(),
                full.map(|f| opt(&f.household_address))
                    .unwrap_or_else(|| opt(&v.household_address)),
                v.residence_unit.clone(),
                opt(&v.residence_grid),
                full.map(|f| opt(&f.residence_address))
                    .unwrap_or_else(|| opt(&v.residence_address)),
                v.first_reg_unit.clone(),
                v.first_reg_officer.clone(),
                v.first_reg_date.to_string(),
            ]
        })
        .collect();
    let kind = if e.unmasked {
        l.t("export.unmasked")
    } else {
        l.t("export.masked")
    };
    Sheet {
        name: l.t("person.list_title").to_string(),
        title: format!("{} ({kind})", l.t("person.list_title")),
        watermark: watermark(l, &e.watermark_user, e.exported_at_ms),
        headers,
        rows,
    }
}

/// Who exported a sheet and when, on every sheet and printed page.
pub fn watermark(l: Lang, user: &str, at_ms: i64) -> String {
    format!(
        "{} {user} · {} · {}",
        l.t("export.by"),
        fmt_time(at_ms),
        l.t("export.restricted")
    )
}

/// The file as a download response.
pub fn download(l: Lang, e: &PersonExport, format: &str) -> WebResult<Response> {
    let stamp = fmt_time(e.exported_at_ms).replace([' ', ':', '-'], "");
    sheet_download(&sheet(l, e), format, &format!("persons-{stamp}"))
}

/// A sheet as a download (.csv when asked, else .xlsx) named `stem.ext`.
pub fn sheet_download(s: &Sheet, format: &str, stem: &str) -> WebResult<Response> {
    let (body, mime, ext) = if format == "csv" {
        (sheets::to_csv(s), "text/csv; charset=utf-8", "csv")
    } else {
        let bytes = sheets::to_xlsx(s).map_err(|e| {
            WebError(ServiceError::Internal(jindu_store::StoreError::Io(
                std::io::Error::other(e.to_string()),
            )))
        })?;
        (
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        )
    };
    let disposition = format!("attachment; filename=\"{stem}.{ext}\"");
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

pub async fn masked(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Query(p): Query<ExportParams>,
) -> WebResult<Response> {
    let e = st.ctx.person_export(&a.actor, &p.query()?, None).await?;
    download(info.lang, &e, &p.format)
}

pub async fn unmasked(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Form(p): Form<ExportParams>,
) -> WebResult<Response> {
    let e = st
        .ctx
        .person_export(&a.actor, &p.query()?, Some(&p.reason))
        .await?;
    download(info.lang, &e, &p.format)
}
