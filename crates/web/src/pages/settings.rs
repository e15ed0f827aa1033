//! The local-practice settings (domain.md §4): every setting with its
//! versions, the one in force and any version still to come; the city
//! office adds a version with its source and the day it takes effect.

use askama::Template;
use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jindu_domain::assessments::AssessmentSchedule;
use jindu_domain::authz::Permission;
use jindu_domain::drug_tests::TestSchedule;
use jindu_domain::register::RiskLevel;
use jindu_domain::schedule::{Phase, PhaseTable};
use jindu_domain::setting_values::SettingValue;
use jindu_domain::settings::{self, Caseload, RiskLevelTable, SettingKey};
use jindu_domain::support::VisitCadence;
use jindu_store::service::ServiceError;
use jindu_store::service::settings::{NewSetting, SettingView};
use serde::Deserialize;

use super::choices::Pairs;
use super::{Chrome, FieldErrors, parse_date, render};
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

/// Rows offered for the phases of the test schedule.
const PHASE_ROWS: usize = 6;

/// A value in words, one line per part, in the reader's language.
pub fn describe(l: Lang, v: &SettingValue) -> Vec<String> {
    let n = |key: &str, pairs: &[(&str, u32)]| {
        pairs.iter().fold(l.t(key).to_string(), |s, (k, v)| {
            s.replace(k, &v.to_string())
        })
    };
    match v {
        SettingValue::DrugTestSchedule(s) => {
            let mut lines: Vec<String> = s
                .phases
                .phases()
                .iter()
                .map(|p| match p.until_month {
                    Some(u) => n(
                        "setting.phase_line",
                        &[
                            ("{from}", p.from_month),
                            ("{until}", u),
                            ("{every}", p.every_months),
                        ],
                    ),
                    None => n(
                        "setting.phase_open_line",
                        &[("{from}", p.from_month), ("{every}", p.every_months)],
                    ),
                })
                .collect();
            lines.push(n("setting.tolerance_line", &[("{n}", s.tolerance_days)]));
            if s.unannounced {
                lines.push(l.t("setting.unannounced_line").to_string());
            }
            lines
        }
        SettingValue::Caseload(c) => {
            vec![n("setting.caseload_line", &[("{n}", c.persons_per_worker)])]
        }
        SettingValue::RiskLevels(t) => t.levels.iter().map(|r| l.label(*r).to_string()).collect(),
        SettingValue::AssessmentSchedule(a) => vec![
            n("setting.review_line", &[("{n}", a.review_every_months)]),
            n("setting.annual_line", &[("{n}", a.annual_every_months)]),
            n(
                "setting.self_report_line",
                &[("{n}", a.self_report_every_months)],
            ),
            n("setting.tolerance_line", &[("{n}", a.tolerance_days)]),
        ],
        SettingValue::VisitCadence(v) => vec![
            n("setting.visit_line", &[("{n}", v.every_months)]),
            n("setting.due_soon_line", &[("{n}", v.due_soon_days)]),
            n(
                "setting.lost_contact_line",
                &[("{n}", v.lost_contact_after)],
            ),
        ],
    }
}

struct VersionRow {
    version: u32,
    effective_from: String,
    source: String,
    lines: Vec<String>,
    by: String,
    /// `in_force`, `pending` (starts later) or `past`.
    state: &'static str,
}

struct Card {
    key: &'static str,
    name: &'static str,
    rows: Vec<VersionRow>,
}

#[derive(Template)]
#[template(path = "settings.html")]
struct ListPage {
    c: Chrome,
    cards: Vec<Card>,
    can_manage: bool,
}

/// The source of a version in the reader's language: the built-in
/// defaults' sources are known texts with a translation; a source the city
/// office typed is shown as typed.
fn source_text(l: Lang, key: SettingKey, version: u32, source: String) -> String {
    let default = match key {
        SettingKey::DrugTestSchedule => settings::TEST_SCHEDULE_SOURCE,
        SettingKey::Caseload => settings::CASELOAD_SOURCE,
        SettingKey::RiskLevels => settings::RISK_LEVELS_SOURCE,
        SettingKey::AssessmentSchedule => settings::ASSESSMENT_SCHEDULE_SOURCE,
        SettingKey::VisitCadence => settings::VISIT_CADENCE_SOURCE,
    };
    if version == 1 && source == default {
        l.tf("setting.default_source", key.code()).to_string()
    } else {
        source
    }
}

fn card(l: Lang, s: SettingView) -> Card {
    let rows = s
        .versions
        .into_iter()
        .rev()
        .map(|v| VersionRow {
            version: v.version,
            effective_from: v.effective_from.to_string(),
            lines: describe(l, &v.value),
            source: source_text(l, s.key, v.version, v.source),
            by: match (v.stored && v.version > 1, v.created_by) {
                (_, Some(name)) => name,
                (true, None) => l.t("setting.console").to_string(),
                (false, None) => l.t("setting.built_in").to_string(),
            },
            state: match s.in_force {
                Some(f) if f == v.version => "in_force",
                Some(f) if v.version > f => "pending",
                _ => "past",
            },
        })
        .collect();
    Card {
        key: s.key.code(),
        name: l.label(s.key),
        rows,
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    ok: Option<String>,
}

pub async fn list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Query(q): Query<ListQuery>,
) -> WebResult<Response> {
    let l = info.lang;
    let views = st.ctx.settings_view(&a.actor).await?;
    let c = Chrome::for_user(&st, &a, &info, "setting.title", "nav.settings", "/settings")
        .await
        .with_flash(q.ok.as_deref());
    Ok(render(&ListPage {
        c,
        cards: views.into_iter().map(|v| card(l, v)).collect(),
        can_manage: a.actor.can(Permission::SettingsManage),
    }))
}

#[derive(Template)]
#[template(path = "setting_edit.html")]
struct EditPage {
    c: Chrome,
    key: &'static str,
    name: &'static str,
    current: Vec<String>,
    f: Pairs,
    phase_rows: Vec<usize>,
    levels: Vec<(&'static str, &'static str, bool)>,
    errors: FieldErrors,
    error: String,
}

impl EditPage {
    fn v(&self, field: &str) -> String {
        self.f.get(field)
    }
}

/// The form's fields for a value (the current version prefills the form).
fn fields_of(v: &SettingValue) -> Vec<(String, String)> {
    let f = |k: &str, v: u32| (k.to_string(), v.to_string());
    match v {
        SettingValue::DrugTestSchedule(s) => {
            let mut out = vec![f("tolerance_days", s.tolerance_days)];
            if s.unannounced {
                out.push(("unannounced".into(), "on".into()));
            }
            for (i, p) in s.phases.phases().iter().enumerate() {
                out.push(f(&format!("from_{i}"), p.from_month));
                if let Some(u) = p.until_month {
                    out.push(f(&format!("until_{i}"), u));
                }
                out.push(f(&format!("every_{i}"), p.every_months));
            }
            out
        }
        SettingValue::Caseload(c) => vec![f("persons_per_worker", c.persons_per_worker)],
        SettingValue::RiskLevels(t) => t
            .levels
            .iter()
            .map(|r| ("levels".to_string(), r.code().to_string()))
            .collect(),
        SettingValue::AssessmentSchedule(a) => vec![
            f("review_every_months", a.review_every_months),
            f("annual_every_months", a.annual_every_months),
            f("self_report_every_months", a.self_report_every_months),
            f("tolerance_days", a.tolerance_days),
        ],
        SettingValue::VisitCadence(v) => vec![
            f("every_months", v.every_months),
            f("due_soon_days", v.due_soon_days),
            f("lost_contact_after", v.lost_contact_after),
        ],
    }
}

/// The value a form describes, or the fields that are not numbers.
fn value_of(key: SettingKey, f: &Pairs) -> Result<SettingValue, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let mut num = |field: &str| -> u32 {
        f.get(field).trim().parse().unwrap_or_else(|_| {
            errors.push((field.to_string(), "setting.not_a_number".to_string()));
            0
        })
    };
    let value = match key {
        SettingKey::DrugTestSchedule => {
            let mut phases = Vec::new();
            for i in 0..PHASE_ROWS {
                if f.get(&format!("every_{i}")).trim().is_empty() {
                    continue;
                }
                let until = f.get(&format!("until_{i}"));
                phases.push(Phase {
                    from_month: num(&format!("from_{i}")),
                    until_month: if until.trim().is_empty() {
                        None
                    } else {
                        Some(num(&format!("until_{i}")))
                    },
                    every_months: num(&format!("every_{i}")),
                });
            }
            let tolerance_days = num("tolerance_days");
            match PhaseTable::new(phases) {
                Ok(phases) => SettingValue::DrugTestSchedule(TestSchedule {
                    phases,
                    tolerance_days,
                    unannounced: !f.get("unannounced").is_empty(),
                }),
                Err(_) => {
                    errors.push(("phases".into(), "setting.phases_invalid".into()));
                    return Err(errors);
                }
            }
        }
        SettingKey::Caseload => SettingValue::Caseload(Caseload {
            persons_per_worker: num("persons_per_worker"),
        }),
        SettingKey::RiskLevels => SettingValue::RiskLevels(RiskLevelTable {
            levels: f
                .all("levels")
                .iter()
                .filter_map(|c| RiskLevel::from_code(c))
                .collect(),
        }),
        SettingKey::AssessmentSchedule => SettingValue::AssessmentSchedule(AssessmentSchedule {
            review_every_months: num("review_every_months"),
            annual_every_months: num("annual_every_months"),
            self_report_every_months: num("self_report_every_months"),
            tolerance_days: num("tolerance_days"),
        }),
        SettingKey::VisitCadence => SettingValue::VisitCadence(VisitCadence {
            every_months: num("every_months"),
            due_soon_days: num("due_soon_days"),
            lost_contact_after: num("lost_contact_after"),
        }),
    };
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(errors)
    }
}

async fn edit_page(
    st: &AppState,
    info: &ReqInfo,
    a: &Auth,
    key: SettingKey,
    form: Option<Pairs>,
    failure: Option<ServiceError>,
) -> WebResult<Response> {
    let l = info.lang;
    let view = st
        .ctx
        .settings_view(&a.actor)
        .await?
        .into_iter()
        .find(|s| s.key == key)
        .ok_or(WebError(ServiceError::NotFound))?;
    let latest = view
        .versions
        .last()
        .ok_or(WebError(ServiceError::NotFound))?;
    let current = describe(l, &latest.value);
    let f = form.unwrap_or_else(|| {
        let mut pairs = fields_of(&latest.value);
        pairs.push(("effective_from".into(), st.ctx.today().to_string()));
        Pairs(pairs)
    });
    let chosen = f.all("levels");
    let (errors, error) = match &failure {
        Some(e) => match FieldErrors::from_service(l, e) {
            Some(fe) => (fe, String::new()),
            None => (FieldErrors::default(), l.err(&e.code()).to_string()),
        },
        None => (FieldErrors::default(), String::new()),
    };
    let path = format!("/settings/{}", key.code());
    let c = Chrome::for_user(st, a, info, "setting.new_version", "nav.settings", &path).await;
    Ok(render(&EditPage {
        c,
        key: key.code(),
        name: l.label(key),
        current,
        phase_rows: (0..PHASE_ROWS).collect(),
        levels: RiskLevel::ALL
            .iter()
            .map(|r| (r.code(), l.label(*r), chosen.iter().any(|c| c == r.code())))
            .collect(),
        f,
        errors,
        error,
    }))
}

fn key_of(code: &str) -> WebResult<SettingKey> {
    SettingKey::from_code(code).ok_or(WebError(ServiceError::NotFound))
}

pub async fn edit(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(key): Path<String>,
) -> WebResult<Response> {
    let key = key_of(&key)?;
    edit_page(&st, &info, &a, key, None, None).await
}

pub async fn amend(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(key): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let key = key_of(&key)?;
    let f = Pairs(pairs);
    let effective = parse_date(&f.get("effective_from"));
    let outcome = match (value_of(key, &f), effective) {
        (Ok(value), Ok(Some(effective_from))) => {
            st.ctx
                .amend_setting(
                    &a.actor,
                    NewSetting {
                        value,
                        source: f.get("source"),
                        effective_from,
                    },
                )
                .await
        }
        (Err(errors), _) => Err(ServiceError::Fields(errors)),
        (_, Ok(None)) => Err(ServiceError::invalid("effective_from", "field.required")),
        (_, Err(code)) => Err(ServiceError::invalid("effective_from", code)),
    };
    match outcome {
        Ok(_) => {
            Ok(Redirect::to(&format!("/settings?ok=setting_saved#{}", key.code())).into_response())
        }
        Err(
            e @ (ServiceError::Invalid { .. }
            | ServiceError::Fields(_)
            | ServiceError::Conflict { .. }),
        ) => edit_page(&st, &info, &a, key, Some(f), Some(e)).await,
        Err(e) => Err(WebError(e)),
    }
}
