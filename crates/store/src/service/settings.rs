//! The local-practice settings of the people module (domain.md §4): read
//! once per request by the services that schedule and grade, and amended by
//! the city office with a source and a date from which the new version
//! applies. Until the office changes a setting its history is the default
//! version 1, which the first change stores along with version 2.

use jindu_domain::assessments::AssessmentSchedule;
use jindu_domain::authz::{Permission, ScopeKind};
use jindu_domain::drug_tests::TestSchedule;
use jindu_domain::register::RiskLevel;
use jindu_domain::setting_values::SettingValue;
use jindu_domain::settings::{
    Caseload, RiskLevelTable, SettingError, SettingHistory, SettingKey, Versioned,
    default_assessment_schedule, default_caseload, default_risk_levels, default_test_schedule,
    default_visit_cadence,
};
use jindu_domain::support::VisitCadence;
use serde::Serialize;
use serde_json::json;
use time::Date;

use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::error::StoreError;
use crate::settings::{self, NewVersion, SettingRow};

/// Every people-module setting with all its versions.
#[derive(Clone, Debug)]
pub struct PeopleSettings {
    histories: Vec<(SettingKey, SettingHistory<SettingValue>)>,
}

/// One version as shown on the settings page and in the API.
#[derive(Clone, Debug, Serialize)]
pub struct VersionView {
    pub version: u32,
    pub effective_from: Date,
    pub source: String,
    pub value: SettingValue,
    /// Whether it is stored (the built-in default is not, until the first
    /// change stores it along).
    pub stored: bool,
    /// Who put it in force, when a user did (not the console).
    pub created_by: Option<String>,
}

/// A setting with its versions and the one in force today.
#[derive(Clone, Debug, Serialize)]
pub struct SettingView {
    pub key: SettingKey,
    /// `None` only if every version starts in the future, which a stored
    /// history never does (version 1 starts in 2008).
    pub in_force: Option<u32>,
    /// Oldest first.
    pub versions: Vec<VersionView>,
}

/// A new version asked for by the city office.
#[derive(Clone, Debug)]
pub struct NewSetting {
    pub value: SettingValue,
    pub source: String,
    pub effective_from: Date,
}

/// Version 1 of each setting, as shipped.
fn default_of(key: SettingKey) -> Versioned<SettingValue> {
    fn wrap<T>(v: Versioned<T>, f: fn(T) -> SettingValue) -> Versioned<SettingValue> {
        Versioned {
            value: f(v.value),
            source: v.source,
            effective_from: v.effective_from,
            version: v.version,
        }
    }
    match key {
        SettingKey::DrugTestSchedule => {
            wrap(default_test_schedule(), SettingValue::DrugTestSchedule)
        }
        SettingKey::Caseload => wrap(default_caseload(), SettingValue::Caseload),
        SettingKey::RiskLevels => wrap(default_risk_levels(), SettingValue::RiskLevels),
        SettingKey::AssessmentSchedule => wrap(
            default_assessment_schedule(),
            SettingValue::AssessmentSchedule,
        ),
        SettingKey::VisitCadence => wrap(default_visit_cadence(), SettingValue::VisitCadence),
    }
}

fn corrupt(what: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(StoreError::Config(format!("stored settings: {what}")))
}

/// A stored value is the JSON of the key's own type; the tag is the key.
fn parse(key: SettingKey, value: &str) -> ServiceResult<SettingValue> {
    let inner: serde_json::Value = serde_json::from_str(value).map_err(corrupt)?;
    serde_json::from_value(json!({ "key": key.code(), "value": inner })).map_err(corrupt)
}

fn stored_json(value: &SettingValue) -> ServiceResult<String> {
    let tagged = serde_json::to_value(value).map_err(corrupt)?;
    Ok(tagged["value"].to_string())
}

/// The history of `key` from its stored rows, or the default alone.
fn history(key: SettingKey, rows: &[&SettingRow]) -> ServiceResult<SettingHistory<SettingValue>> {
    if rows.is_empty() {
        return SettingHistory::from_versions(vec![default_of(key)]).map_err(corrupt);
    }
    let versions = rows
        .iter()
        .map(|r| {
            Ok(Versioned {
                value: parse(key, &r.value)?,
                source: r.source.clone(),
                effective_from: r.effective_date,
                version: u32::try_from(r.version).map_err(corrupt)?,
            })
        })
        .collect::<ServiceResult<Vec<_>>>()?;
    SettingHistory::from_versions(versions).map_err(corrupt)
}

/// The version of `history` in force on `date`, as its own type.
fn project<T>(
    history: Option<&SettingHistory<SettingValue>>,
    date: Date,
    pick: fn(&SettingValue) -> Option<T>,
) -> Option<Versioned<T>> {
    let v = history?.in_force_on(date)?;
    Some(Versioned {
        value: pick(&v.value)?,
        source: v.source.clone(),
        effective_from: v.effective_from,
        version: v.version,
    })
}

impl PeopleSettings {
    fn from_rows(rows: &[SettingRow]) -> ServiceResult<PeopleSettings> {
        let histories = SettingKey::ALL
            .iter()
            .map(|key| {
                let mine: Vec<&SettingRow> = rows.iter().filter(|r| r.key == key.code()).collect();
                Ok((*key, history(*key, &mine)?))
            })
            .collect::<ServiceResult<Vec<_>>>()?;
        Ok(PeopleSettings { histories })
    }

    fn of(&self, key: SettingKey) -> Option<&SettingHistory<SettingValue>> {
        self.histories
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, h)| h)
    }

    /// The test schedule for a measure reported in on `start`: the version
    /// in force that day governs the whole term.
    pub fn test_schedule_on(&self, start: Date) -> Option<Versioned<TestSchedule>> {
        project(self.of(SettingKey::DrugTestSchedule), start, |v| match v {
            SettingValue::DrugTestSchedule(s) => Some(s.clone()),
            _ => None,
        })
    }

    /// The assessment schedule for a measure reported in on `start`.
    pub fn assessment_schedule_on(&self, start: Date) -> Option<Versioned<AssessmentSchedule>> {
        project(
            self.of(SettingKey::AssessmentSchedule),
            start,
            |v| match v {
                SettingValue::AssessmentSchedule(s) => Some(*s),
                _ => None,
            },
        )
    }

    /// The visit cadence in force on `date` (visits follow the current
    /// cadence: a change applies to the next visit of everyone).
    pub fn visit_cadence_on(&self, date: Date) -> Option<Versioned<VisitCadence>> {
        project(self.of(SettingKey::VisitCadence), date, |v| match v {
            SettingValue::VisitCadence(c) => Some(*c),
            _ => None,
        })
    }

    /// The caseload in force on `date`.
    pub fn caseload_on(&self, date: Date) -> Option<Versioned<Caseload>> {
        project(self.of(SettingKey::Caseload), date, |v| match v {
            SettingValue::Caseload(c) => Some(*c),
            _ => None,
        })
    }

    /// The risk levels offered on `date`.
    pub fn risk_levels_on(&self, date: Date) -> Option<Versioned<RiskLevelTable>> {
        project(self.of(SettingKey::RiskLevels), date, |v| match v {
            SettingValue::RiskLevels(t) => Some(t.clone()),
            _ => None,
        })
    }
}

fn setting_error(e: SettingError) -> ServiceError {
    match e {
        SettingError::MissingSource => ServiceError::invalid("source", "field.required"),
        SettingError::Retroactive { .. } => {
            ServiceError::invalid("effective_from", "setting.retroactive")
        }
        SettingError::NotAfterPrevious { .. } => {
            ServiceError::invalid("effective_from", "setting.not_after_previous")
        }
        other => corrupt(other),
    }
}

impl Ctx {
    /// All people-module settings, for a service computing with them. One
    /// read of a table of a few rows per setting.
    pub async fn people_settings(&self) -> ServiceResult<PeopleSettings> {
        PeopleSettings::from_rows(&settings::all(&self.db).await?)
    }

    /// The risk levels a person may be graded with today.
    pub async fn risk_levels_in_use(&self) -> ServiceResult<Vec<RiskLevel>> {
        Ok(self
            .people_settings()
            .await?
            .risk_levels_on(self.today())
            .map(|t| t.value.levels)
            .unwrap_or_default())
    }

    /// The settings page: every setting with its versions. Everyone who
    /// works with the register may read them, since they explain the dates
    /// on every file.
    pub async fn settings_view(&self, actor: &Actor) -> ServiceResult<Vec<SettingView>> {
        actor.authorize(Permission::PersonRead, None)?;
        let rows = settings::all(&self.db).await?;
        let today = self.today();
        let all = PeopleSettings::from_rows(&rows)?;
        Ok(all
            .histories
            .iter()
            .map(|(key, h)| {
                let stored = |version: u32| {
                    rows.iter()
                        .find(|r| r.key == key.code() && r.version == i64::from(version))
                };
                SettingView {
                    key: *key,
                    in_force: h.in_force_on(today).map(|v| v.version),
                    versions: h
                        .versions()
                        .iter()
                        .map(|v| VersionView {
                            version: v.version,
                            effective_from: v.effective_from,
                            source: v.source.clone(),
                            value: v.value.clone(),
                            stored: stored(v.version).is_some(),
                            created_by: stored(v.version).and_then(|r| r.created_by.clone()),
                        })
                        .collect(),
                }
            })
            .collect())
    }

    /// Whether the actor's capture scope covers the whole org tree: the
    /// settings apply to every unit, so a city officer whose account is
    /// limited to one county may not change them.
    async fn covers_whole_tree(&self, actor: &Actor) -> ServiceResult<bool> {
        let roots = crate::org::children(&self.db, None).await?;
        Ok(!roots.is_empty()
            && roots
                .iter()
                .all(|(u, _)| actor.scopes.contains(ScopeKind::Capture, &u.path)))
    }

    /// Puts a new version of a setting in force from `effective_from`
    /// (today or later, after the latest version), and returns its number.
    pub async fn amend_setting(&self, actor: &Actor, new: NewSetting) -> ServiceResult<u32> {
        actor.authorize(Permission::SettingsManage, None)?;
        if !self.covers_whole_tree(actor).await? {
            return Err(ServiceError::Forbidden);
        }
        let value = new.value.checked().map_err(|errors| {
            ServiceError::Fields(
                errors
                    .into_iter()
                    .map(|(f, c)| (f.to_string(), c.to_string()))
                    .collect(),
            )
        })?;
        let key = value.key();
        let mut tx = self.db.begin().await?;
        let rows = settings::of_key_tx(&mut tx, key.code()).await?;
        let mut h = history(key, &rows.iter().collect::<Vec<_>>())?;
        let added = h
            .amend(value, new.source.trim(), new.effective_from, self.today())
            .map_err(setting_error)?
            .clone();
        let now = self.now_ms();
        // The first change also stores the default it replaces, so the table
        // alone explains every result computed before it.
        let unstored = h.versions().iter().skip(rows.len());
        for v in unstored {
            settings::insert(
                &mut tx,
                NewVersion {
                    key: key.code(),
                    version: i64::from(v.version),
                    value: stored_json(&v.value)?,
                    source: &v.source,
                    effective_date: v.effective_from,
                    created_by: (v.version == added.version)
                        .then_some(actor.user_id)
                        .flatten(),
                },
                now,
            )
            .await
            .map_err(|e| {
                // Two offices amending at once: the second finds its version
                // number taken and must reload.
                if e.is_unique_violation() {
                    ServiceError::conflict("setting.concurrent_change")
                } else {
                    e.into()
                }
            })?;
        }
        let ev = AuditEvent::new("setting.amend", "setting", key.code()).details(json!({
            "version": added.version,
            "effective_from": added.effective_from.to_string(),
            "source": added.source,
            "value": serde_json::from_str::<serde_json::Value>(&stored_json(&added.value)?)
                .unwrap_or_default(),
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(added.version)
    }
}
