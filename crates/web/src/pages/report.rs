//! The monthly report (月报) of an org unit: every indicator this month,
//! last month, the change and the year to date, and the month's figures of
//! the units below; printable, and as .xlsx.

use askama::Template;
use axum::extract::{Extension, Query, State};
use axum::response::Response;
use jindu_domain::indicators::{Figure, Month, Unit};
use jindu_store::audit::AuditEvent;
use jindu_store::service::ServiceError;
use jindu_store::service::indicators::MonthlyReport;
use serde::Deserialize;
use serde_json::json;

use super::charts::shown;
use super::{Chrome, render};
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::middleware::{Auth, ReqInfo};
use crate::sheets::Sheet;
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct ReportQuery {
    unit: Option<i64>,
    month: Option<String>,
}

/// The change from last month: percentage points for a rate, a signed
/// amount in its unit otherwise.
fn change(unit: Unit, this: &Figure, last: &Figure) -> String {
    match (unit, this.value, last.value) {
        (Unit::Rate, Some(a), Some(b)) => format!("{:+.1}", (a - b) * 100.0),
        (Unit::Count, Some(a), Some(b)) => format!("{:+.0}", a - b),
        (Unit::Grams, Some(a), Some(b)) => format!("{:+.1} g", a - b),
        (Unit::Kilograms, Some(a), Some(b)) => format!("{:+.2} kg", a - b),
        _ => "—".into(),
    }
}

struct Line {
    name: &'static str,
    /// Counted over complete months, and this month is not over.
    partial: bool,
    this: String,
    this_nd: String,
    last: String,
    change: String,
    ytd: String,
    target: String,
    rag: &'static str,
}

/// The report as rows of text, for the page and the sheet alike.
fn lines(l: Lang, r: &MonthlyReport, current: Month) -> Vec<Line> {
    r.lines
        .iter()
        .map(|x| {
            let d = &x.definition;
            Line {
                partial: d.complete_months && r.month >= current,
                name: l.label(d.code),
                this: shown(d.unit, &x.this_month),
                this_nd: match d.unit {
                    Unit::Rate => format!("{}/{}", x.this_month.num, x.this_month.den),
                    _ => String::new(),
                },
                last: shown(d.unit, &x.last_month),
                change: change(d.unit, &x.this_month, &x.last_month),
                ytd: shown(d.unit, &x.year_to_date),
                target: super::dashboard::target_text(l, d),
                rag: super::dashboard::rag_class(x.year_to_date.rag),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    c: Chrome,
    title: String,
    month: String,
    prev: String,
    next: Option<String>,
    unit_id: i64,
    lines: Vec<Line>,
    heads: Vec<&'static str>,
    units: Vec<(i64, String, Vec<String>)>,
}

fn month_of(st: &AppState, q: &ReportQuery) -> WebResult<Month> {
    match q.month.as_deref().filter(|m| !m.is_empty()) {
        Some(m) => Month::parse(m).ok_or(WebError(ServiceError::invalid("month", "date.invalid"))),
        None => Ok(Month::of(st.ctx.today())),
    }
}

fn title(l: Lang, r: &MonthlyReport) -> String {
    format!("{} {} {}", r.unit_name, r.month, l.t("report.title"))
}

pub async fn page(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Query(q): Query<ReportQuery>,
) -> WebResult<Response> {
    let l = info.lang;
    let month = month_of(&st, &q)?;
    let r = st.ctx.monthly_report(&a.actor, q.unit, month).await?;
    let now = Month::of(st.ctx.today());
    let c = Chrome::for_user(
        &st,
        &a,
        &info,
        "report.title",
        "nav.report",
        "/reports/monthly",
    )
    .await;
    Ok(render(&ReportPage {
        c,
        title: title(l, &r),
        month: month.to_string(),
        prev: month.minus(1).to_string(),
        next: (month < now).then(|| month.next().to_string()),
        unit_id: r.unit_id,
        lines: lines(l, &r, now),
        heads: r.lines.iter().map(|x| l.label(x.definition.code)).collect(),
        units: r
            .units
            .iter()
            .map(|u| {
                let cells = u
                    .figures
                    .iter()
                    .zip(&r.lines)
                    .map(|(f, x)| shown(x.definition.unit, f))
                    .collect();
                (u.unit_id, u.unit_name.clone(), cells)
            })
            .collect(),
    }))
}

/// The same report as .xlsx, watermarked and audited like every export.
pub async fn xlsx(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Query(q): Query<ReportQuery>,
) -> WebResult<Response> {
    let l = info.lang;
    let month = month_of(&st, &q)?;
    let r = st.ctx.monthly_report(&a.actor, q.unit, month).await?;
    let current = Month::of(st.ctx.today());
    let mut rows: Vec<Vec<String>> = lines(l, &r, current)
        .into_iter()
        .map(|x| {
            let this = if x.partial {
                format!("{} ({})", x.this, l.t("report.in_progress"))
            } else {
                x.this
            };
            vec![
                x.name.to_string(),
                this,
                x.this_nd,
                x.last,
                x.change,
                x.ytd,
                x.target,
            ]
        })
        .collect();
    rows.push(Vec::new());
    for u in &r.units {
        let mut row = vec![u.unit_name.clone()];
        row.extend(u.figures.iter().zip(&r.lines).map(|(f, x)| {
            format!(
                "{}：{}",
                l.label(x.definition.code),
                shown(x.definition.unit, f)
            )
        }));
        rows.push(row);
    }
    let now = st.ctx.now_ms();
    let sheet = Sheet {
        name: r.month.to_string(),
        title: title(l, &r),
        watermark: super::export::watermark(l, &a.actor.display_name, now),
        headers: [
            "report.indicator",
            "report.this_month",
            "dash.num_den",
            "report.last_month",
            "report.change",
            "dash.value",
            "dash.target",
        ]
        .iter()
        .map(|k| l.t(k).to_string())
        .collect(),
        rows,
    };
    let file = super::export::sheet_download(
        &sheet,
        "xlsx",
        &format!("monthly-{}-{}", r.unit_id, r.month),
    )?;
    let ev = AuditEvent::new("report.export", "report", r.unit_id.to_string())
        .details(json!({ "month": r.month.to_string() }));
    st.ctx.audit_only(&a.actor.audit(), ev).await?;
    Ok(file)
}
