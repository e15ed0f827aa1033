//! The leadership dashboard (驾驶舱) and the drill-down behind each figure.

use askama::Template;
use axum::extract::{Extension, Path, Query, State};
use axum::response::Response;
use jindu_domain::indicators::{Definition, Figure, IndicatorCode, Month, Rag, Unit};
use jindu_store::service::ServiceError;
use jindu_store::service::indicators::{Card, DrillRow};
use serde::Deserialize;

use super::charts::{Trend, shown, trend};
use super::{Chrome, render};
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

/// A card as the page draws it.
struct CardView {
    code: &'static str,
    /// The months the card covers, for its drill-down link.
    from: String,
    to: String,
    /// Counted over complete months only (up to last month).
    complete_months: bool,
    /// A stock as of today: no monthly trend.
    stock: bool,
    name: &'static str,
    value: String,
    rag: &'static str,
    target: String,
    target_source: String,
    forecast: String,
    definition: String,
    num: i64,
    den: i64,
    rate: bool,
    trend: Trend,
    units: Vec<UnitRow>,
}

struct UnitRow {
    id: i64,
    name: String,
    value: String,
    rag: &'static str,
    num: i64,
    den: i64,
}

/// A unit off target on one indicator, for the alerts.
struct Miss {
    indicator: &'static str,
    value: String,
    target: String,
}

/// A unit with the indicators it misses.
struct Alert {
    unit: String,
    misses: Vec<Miss>,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    c: Chrome,
    unit_name: String,
    as_of: String,
    year_start: String,
    month: String,
    cards: Vec<CardView>,
    alerts: Vec<Alert>,
}

pub fn rag_class(r: Rag) -> &'static str {
    match r {
        Rag::Green => "green",
        Rag::Amber => "amber",
        Rag::Red => "red",
        Rag::None => "none",
    }
}

pub fn target_text(l: Lang, d: &Definition) -> String {
    match d.target {
        Some(t) => {
            let sign = match t.direction {
                jindu_domain::indicators::Direction::AtLeast => "≥",
                jindu_domain::indicators::Direction::AtMost => "≤",
            };
            let v = super::charts::amount(d.unit, t.value);
            format!("{} {sign} {v}", l.t("dash.target"))
        }
        None => l.t("dash.no_target").to_string(),
    }
}

/// "Denominator: numerator" in the reader's language.
fn definition_text(l: Lang, d: &Definition) -> String {
    let (num, den) = match l.code() {
        "zh" => (d.numerator_zh, d.denominator_zh),
        _ => (d.numerator_en, d.denominator_en),
    };
    match den {
        Some(den) => format!("{den}{}{num}", l.t("punct.colon")),
        None => num.to_string(),
    }
}

fn card_view(l: Lang, card: Card, alerts: &mut Vec<Alert>) -> CardView {
    let d = card.definition;
    let zh = l.code() == "zh";
    let target = target_text(l, &d);
    let units = card
        .by_unit
        .iter()
        .map(|u| {
            if u.figure.rag == Rag::Red {
                let miss = Miss {
                    indicator: l.label(d.code),
                    value: shown(d.unit, &u.figure),
                    target: target.clone(),
                };
                match alerts.iter_mut().find(|a| a.unit == u.unit_name) {
                    Some(a) => a.misses.push(miss),
                    None => alerts.push(Alert {
                        unit: u.unit_name.clone(),
                        misses: vec![miss],
                    }),
                }
            }
            UnitRow {
                id: u.unit_id,
                name: u.unit_name.clone(),
                value: shown(d.unit, &u.figure),
                rag: rag_class(u.figure.rag),
                num: u.figure.num,
                den: u.figure.den,
            }
        })
        .collect();
    let definition = definition_text(l, &d);
    let forecast = card
        .forecast
        .map_or_else(|| "—".into(), |v| super::charts::amount(d.unit, v));
    let to = card.last_month.clone();
    CardView {
        from: format!("{}-01", to.get(..4).unwrap_or("")),
        to,
        complete_months: d.complete_months,
        stock: d.stock,
        code: d.code.code(),
        name: l.label(d.code),
        value: shown(d.unit, &card.year_to_date),
        rag: rag_class(card.year_to_date.rag),
        target,
        target_source: d
            .target
            .map(|t| if zh { t.source_zh } else { t.source_en }.to_string())
            .unwrap_or_default(),
        forecast,
        definition,
        num: card.year_to_date.num,
        den: card.year_to_date.den,
        rate: d.unit == Unit::Rate,
        trend: trend(d.unit, &card.months, d.target.map(|t| t.value)),
        units,
    }
}

pub async fn page(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
) -> WebResult<Response> {
    let l = info.lang;
    let d = st.ctx.dashboard(&a.actor).await?;
    let c = Chrome::for_user(&st, &a, &info, "dash.title", "nav.dashboard", "/dashboard").await;
    let now = Month::of(d.as_of);
    let mut alerts = Vec::new();
    let cards = d
        .cards
        .into_iter()
        .map(|card| card_view(l, card, &mut alerts))
        .collect();
    Ok(render(&DashboardPage {
        c,
        unit_name: d.unit_name,
        as_of: d.as_of.to_string(),
        year_start: Month {
            year: now.year,
            month: 1,
        }
        .to_string(),
        month: now.to_string(),
        cards,
        alerts,
    }))
}

#[derive(Deserialize, Default)]
pub struct DrillQuery {
    unit: Option<i64>,
    from: Option<String>,
    to: Option<String>,
    /// `num` for the numerator only.
    part: Option<String>,
}

#[derive(Template)]
#[template(path = "drill.html")]
struct DrillPage {
    c: Chrome,
    name: &'static str,
    definition: String,
    from: String,
    to: String,
    figure: String,
    rows: Vec<DrillRow>,
    numerator_only: bool,
    rate: bool,
    /// The unit of the records' weights ("g", "kg"), for a mass.
    mass_unit: &'static str,
}

/// The months a drill-down covers: the query's, else this year so far.
pub fn period(st: &AppState, from: Option<&str>, to: Option<&str>) -> WebResult<(Month, Month)> {
    let now = Month::of(st.ctx.today());
    let parse = |s: Option<&str>, default: Month| match s.filter(|s| !s.is_empty()) {
        Some(s) => {
            Month::parse(s).ok_or_else(|| WebError(ServiceError::invalid("from", "date.invalid")))
        }
        None => Ok(default),
    };
    Ok((
        parse(
            from,
            Month {
                year: now.year,
                month: 1,
            },
        )?,
        parse(to, now)?,
    ))
}

pub async fn drill(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(code): Path<String>,
    Query(q): Query<DrillQuery>,
) -> WebResult<Response> {
    let l = info.lang;
    let code = IndicatorCode::from_code(&code).ok_or(WebError(ServiceError::NotFound))?;
    let d = jindu_domain::indicators::definition(code);
    let (from, to) = period(&st, q.from.as_deref(), q.to.as_deref())?;
    let mut rows = st
        .ctx
        .indicator_drill(&a.actor, code, q.unit, from, to)
        .await?;
    let num = rows.iter().filter(|r| r.numerator).count() as i64;
    let den = rows.len() as i64;
    let figure: Figure = d.figure(num, den);
    let numerator_only = q.part.as_deref() == Some("num");
    if numerator_only {
        rows.retain(|r| r.numerator);
    }
    let definition = definition_text(l, &d);
    let path = format!("/dashboard/{}", code.code());
    let c = Chrome::for_user(&st, &a, &info, "dash.drill", "nav.dashboard", &path).await;
    Ok(render(&DrillPage {
        c,
        name: l.label(code),
        definition,
        from: from.to_string(),
        to: to.to_string(),
        figure: match d.unit {
            Unit::Rate => format!("{} ({num}/{den})", shown(d.unit, &figure)),
            Unit::Count => num.to_string(),
            // A mass: the weights of the records listed.
            Unit::Grams | Unit::Kilograms => {
                super::charts::amount(d.unit, rows.iter().filter_map(|r| r.amount).sum())
            }
        },
        rows,
        numerator_only,
        rate: d.unit == Unit::Rate,
        mass_unit: match d.unit {
            Unit::Grams => "g",
            Unit::Kilograms => "kg",
            _ => "",
        },
    }))
}
