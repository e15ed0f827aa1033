//! Local-practice settings as dated data (domain.md §4).
//!
//! No national text fixes test cadences, caseloads, risk levels or
//! assessment cycles; each is a setting with a default, the document or
//! practice it came from, and the date from which it applies. Changing a
//! setting appends a version and never rewrites history, so a result can name
//! the version it was computed under and stays reproducible.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use time::Date;
use time::macros::date;

use crate::assessments::AssessmentSchedule;
use crate::code_enum::code_enum;
use crate::drug_tests::TestSchedule;
use crate::register::RiskLevel;
use crate::support::VisitCadence;

code_enum! {
    /// The people-module settings the city office maintains.
    pub enum SettingKey {
        /// Drug-test schedule under community detox / rehabilitation.
        DrugTestSchedule = ("drug_test_schedule", "社区戒毒康复检测频次", "Drug-test schedule"),
        /// Persons per community anti-drug social worker.
        Caseload = ("caseload", "禁毒社工配比", "Social-worker caseload"),
        /// Risk levels in use.
        RiskLevels = ("risk_levels", "风险等级", "Risk levels"),
        /// Periodic assessments and self-reports.
        AssessmentSchedule = ("assessment_schedule", "评估与定期报告周期", "Assessment schedule"),
        /// How often persons under a community measure are visited.
        VisitCadence = ("visit_cadence", "走访频次", "Visit cadence"),
    }
}

/// One version of a setting: its value, where it came from, and from when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Versioned<T> {
    /// The setting's value.
    pub value: T,
    /// The document or practice the value came from, shown next to results.
    pub source: String,
    /// First day on which this version applies.
    pub effective_from: Date,
    /// 1 for the first version, then consecutive.
    pub version: u32,
}

/// Which version of a setting a result was computed under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsedSetting {
    /// The version number.
    pub version: u32,
    /// Its first day in force.
    pub effective_from: Date,
}

impl<T> Versioned<T> {
    /// The reference a result stores to say which version it used.
    #[must_use]
    pub fn used(&self) -> UsedSetting {
        UsedSetting {
            version: self.version,
            effective_from: self.effective_from,
        }
    }
}

/// Why a setting history or a new version was rejected.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SettingError {
    /// Every value must say where it came from (domain.md §4).
    #[error("a setting needs a source")]
    MissingSource,
    /// A history has at least its first version.
    #[error("a setting history needs at least one version")]
    NoVersions,
    /// Versions are numbered 1, 2, 3 … without gaps.
    #[error("expected version {expected}, found {found}")]
    VersionOutOfSequence {
        /// The number the next version must carry.
        expected: u32,
        /// The number it carried.
        found: u32,
    },
    /// Each version starts strictly after the one before; otherwise an older
    /// version would silently stop applying to days it already governed.
    #[error("a new version must take effect after {previous}")]
    NotAfterPrevious {
        /// Start of the version before.
        previous: Date,
    },
    /// A change may not take effect in the past: results already computed
    /// for those days would no longer match their setting.
    #[error("a change cannot take effect before today ({today})")]
    Retroactive {
        /// The day the change was made.
        today: Date,
    },
}

/// All versions of one setting, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    try_from = "Vec<Versioned<T>>",
    into = "Vec<Versioned<T>>",
    bound(
        serialize = "T: Serialize + Clone",
        deserialize = "T: Deserialize<'de>"
    )
)]
pub struct SettingHistory<T> {
    versions: Vec<Versioned<T>>,
}

impl<T> SettingHistory<T> {
    /// A history with its first version, which may start at any date (loading
    /// the practice that applied before the platform existed).
    ///
    /// # Errors
    /// [`SettingError::MissingSource`] if `source` is blank.
    pub fn new(
        value: T,
        source: impl Into<String>,
        effective_from: Date,
    ) -> Result<Self, SettingError> {
        let source = checked_source(source.into())?;
        Ok(SettingHistory {
            versions: vec![Versioned {
                value,
                source,
                effective_from,
                version: 1,
            }],
        })
    }

    /// Rebuilds a stored history, checking what `new` and `amend` guarantee.
    ///
    /// # Errors
    /// See [`SettingError`].
    pub fn from_versions(versions: Vec<Versioned<T>>) -> Result<Self, SettingError> {
        if versions.is_empty() {
            return Err(SettingError::NoVersions);
        }
        let mut previous: Option<Date> = None;
        for (expected, v) in (1u32..).zip(&versions) {
            if v.version != expected {
                return Err(SettingError::VersionOutOfSequence {
                    expected,
                    found: v.version,
                });
            }
            if v.source.trim().is_empty() {
                return Err(SettingError::MissingSource);
            }
            if let Some(previous) = previous.filter(|p| v.effective_from <= *p) {
                return Err(SettingError::NotAfterPrevious { previous });
            }
            previous = Some(v.effective_from);
        }
        Ok(SettingHistory { versions })
    }

    /// Appends a new version taking effect on `effective_from`; `today` is
    /// the day of the change. Returns the new version.
    ///
    /// # Errors
    /// [`SettingError::MissingSource`], [`SettingError::Retroactive`] when
    /// `effective_from` is before `today`, [`SettingError::NotAfterPrevious`]
    /// when it is not after the latest version's start.
    pub fn amend(
        &mut self,
        value: T,
        source: impl Into<String>,
        effective_from: Date,
        today: Date,
    ) -> Result<&Versioned<T>, SettingError> {
        let source = checked_source(source.into())?;
        if effective_from < today {
            return Err(SettingError::Retroactive { today });
        }
        let (previous, last_version) = match self.versions.last() {
            Some(last) => (last.effective_from, last.version),
            None => return Err(SettingError::NoVersions),
        };
        if effective_from <= previous {
            return Err(SettingError::NotAfterPrevious { previous });
        }
        self.versions.push(Versioned {
            value,
            source,
            effective_from,
            version: last_version + 1,
        });
        self.versions.last().ok_or(SettingError::NoVersions)
    }

    /// The version in force on `date`: the latest one that started on or
    /// before it. `None` before the first version.
    #[must_use]
    pub fn in_force_on(&self, date: Date) -> Option<&Versioned<T>> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.effective_from <= date)
    }

    /// A version by its number, to re-explain a stored result.
    #[must_use]
    pub fn version(&self, version: u32) -> Option<&Versioned<T>> {
        self.versions.iter().find(|v| v.version == version)
    }

    /// All versions, oldest first.
    #[must_use]
    pub fn versions(&self) -> &[Versioned<T>] {
        &self.versions
    }
}

impl<T> TryFrom<Vec<Versioned<T>>> for SettingHistory<T> {
    type Error = SettingError;
    fn try_from(versions: Vec<Versioned<T>>) -> Result<Self, SettingError> {
        SettingHistory::from_versions(versions)
    }
}

impl<T> From<SettingHistory<T>> for Vec<Versioned<T>> {
    fn from(history: SettingHistory<T>) -> Vec<Versioned<T>> {
        history.versions
    }
}

fn checked_source(source: String) -> Result<String, SettingError> {
    if source.trim().is_empty() {
        Err(SettingError::MissingSource)
    } else {
        Ok(source)
    }
}

/// Persons per community anti-drug social worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caseload {
    /// How many persons one social worker follows; at least 1.
    pub persons_per_worker: u32,
}

impl Caseload {
    /// Social workers needed for `persons` persons (rounded up; no persons,
    /// no worker). A caseload of 0 is treated as 1 rather than dividing by 0.
    #[must_use]
    pub fn workers_needed(self, persons: u32) -> u32 {
        persons.div_ceil(self.persons_per_worker.max(1))
    }
}

/// The risk levels in use, highest risk first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskLevelTable {
    /// Levels offered when grading a person.
    pub levels: Vec<RiskLevel>,
}

/// Date from which the defaults apply: 禁毒法 took effect on 1 June 2008
/// (JDF 71), and no community measure predates it, so every measure the
/// register holds falls under a version.
pub const DEFAULTS_EFFECTIVE_FROM: Date = date!(2008 - 06 - 01);

/// Source of the default drug-test schedule (domain.md §4).
pub const TEST_SCHEDULE_SOURCE: &str = "Fujian county practice (仙游): year 1 monthly, year 2 every 2 months, \
     year 3 quarterly, plus unannounced tests. Overdue tolerance of 7 days: Jindu default, no published source.";
/// Source of the default caseload (domain.md §4).
pub const CASELOAD_SOURCE: &str = "Nanjing and Zhanjiang practice: 1 social worker per 30 persons";
/// Source of the default risk levels (domain.md §4).
pub const RISK_LEVELS_SOURCE: &str =
    "Zhejiang 2022: high / medium / low (A/B/C; C1 ordinary low, C2 long-term low)";
/// Source of the default assessment schedule (issue 3; no national text).
pub const ASSESSMENT_SCHEDULE_SOURCE: &str = "Jindu default, no published source: half-yearly review, \
     annual assessment, monthly self-report, 15 days tolerance; the city office may change it";

/// Source of the default visit cadence (issue 3 §5; no national text).
pub const VISIT_CADENCE_SOURCE: &str = "Jindu default, no published source: a home visit or interview at \
     least monthly for persons under community detox or rehabilitation, shown 7 days ahead; two visits \
     in a row without finding the person hint at lost contact; the city office may change it";

fn first<T>(value: T, source: &str) -> Versioned<T> {
    Versioned {
        value,
        source: source.to_owned(),
        effective_from: DEFAULTS_EFFECTIVE_FROM,
        version: 1,
    }
}

/// Default drug-test schedule, version 1.
#[must_use]
pub fn default_test_schedule() -> Versioned<TestSchedule> {
    first(TestSchedule::xianyou(), TEST_SCHEDULE_SOURCE)
}

/// Default caseload: 30 persons per social worker, version 1.
#[must_use]
pub fn default_caseload() -> Versioned<Caseload> {
    first(
        Caseload {
            persons_per_worker: 30,
        },
        CASELOAD_SOURCE,
    )
}

/// Default risk levels: A, B, C1, C2, version 1.
#[must_use]
pub fn default_risk_levels() -> Versioned<RiskLevelTable> {
    first(
        RiskLevelTable {
            levels: RiskLevel::ALL.to_vec(),
        },
        RISK_LEVELS_SOURCE,
    )
}

/// Default assessment schedule, version 1.
#[must_use]
pub fn default_assessment_schedule() -> Versioned<AssessmentSchedule> {
    first(
        AssessmentSchedule::jindu_default(),
        ASSESSMENT_SCHEDULE_SOURCE,
    )
}

/// Default visit cadence, version 1.
#[must_use]
pub fn default_visit_cadence() -> Versioned<VisitCadence> {
    first(VisitCadence::jindu_default(), VISIT_CADENCE_SOURCE)
}

/// A history holding only `default` as version 1.
#[must_use]
pub fn history_of<T>(default: Versioned<T>) -> SettingHistory<T> {
    SettingHistory {
        versions: vec![default],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history() -> SettingHistory<u32> {
        let mut h = SettingHistory::new(30, "Nanjing", date!(2008 - 06 - 01)).unwrap();
        h.amend(
            25,
            "city office notice 2024-3",
            date!(2024 - 07 - 01),
            date!(2024 - 06 - 15),
        )
        .unwrap();
        h
    }

    #[test]
    fn in_force_on_picks_the_latest_started_version() {
        let h = history();
        assert_eq!(h.in_force_on(date!(2008 - 05 - 31)), None);
        assert_eq!(
            h.in_force_on(date!(2008 - 06 - 01))
                .map(|v| (v.value, v.version)),
            Some((30, 1))
        );
        assert_eq!(
            h.in_force_on(date!(2024 - 06 - 30)).map(|v| v.version),
            Some(1)
        );
        assert_eq!(
            h.in_force_on(date!(2024 - 07 - 01))
                .map(|v| (v.value, v.version)),
            Some((25, 2))
        );
        assert_eq!(
            h.in_force_on(date!(2030 - 01 - 01)).map(|v| v.version),
            Some(2)
        );
        assert_eq!(h.version(1).map(|v| v.value), Some(30));
        assert_eq!(h.version(3), None);
    }

    #[test]
    fn amending_never_rewrites_history() {
        let mut h = history();
        let before = h.in_force_on(date!(2020 - 01 - 01)).cloned();
        assert_eq!(
            h.amend(20, "x", date!(2024 - 06 - 30), date!(2024 - 06 - 30)),
            Err(SettingError::NotAfterPrevious {
                previous: date!(2024 - 07 - 01)
            })
        );
        assert_eq!(
            h.amend(20, "x", date!(2025 - 01 - 01), date!(2025 - 01 - 02)),
            Err(SettingError::Retroactive {
                today: date!(2025 - 01 - 02)
            })
        );
        assert_eq!(
            h.amend(20, "  ", date!(2025 - 01 - 01), date!(2025 - 01 - 01)),
            Err(SettingError::MissingSource)
        );
        let v3 = h
            .amend(20, "x", date!(2025 - 01 - 01), date!(2025 - 01 - 01))
            .unwrap();
        assert_eq!((v3.version, v3.value), (3, 20));
        assert_eq!(h.in_force_on(date!(2020 - 01 - 01)).cloned(), before);
        assert_eq!(h.versions().len(), 3);
    }

    #[test]
    fn stored_histories_are_checked() {
        let v = |version, day| Versioned {
            value: 1,
            source: "s".into(),
            effective_from: day,
            version,
        };
        assert_eq!(
            SettingHistory::<u32>::from_versions(vec![]),
            Err(SettingError::NoVersions)
        );
        assert_eq!(
            SettingHistory::from_versions(vec![v(2, date!(2020 - 01 - 01))]),
            Err(SettingError::VersionOutOfSequence {
                expected: 1,
                found: 2
            })
        );
        assert_eq!(
            SettingHistory::from_versions(vec![
                v(1, date!(2020 - 01 - 01)),
                v(2, date!(2020 - 01 - 01))
            ]),
            Err(SettingError::NotAfterPrevious {
                previous: date!(2020 - 01 - 01)
            })
        );
        let mut blank = v(1, date!(2020 - 01 - 01));
        blank.source = String::new();
        assert_eq!(
            SettingHistory::from_versions(vec![blank]),
            Err(SettingError::MissingSource)
        );
        let ok = SettingHistory::try_from(vec![
            v(1, date!(2020 - 01 - 01)),
            v(2, date!(2021 - 01 - 01)),
        ])
        .unwrap();
        let back: Vec<Versioned<u32>> = ok.clone().into();
        assert_eq!(SettingHistory::from_versions(back), Ok(ok));
        assert_eq!(
            SettingHistory::new(1, "", date!(2020 - 01 - 01)),
            Err(SettingError::MissingSource)
        );
    }

    #[test]
    fn used_names_the_version() {
        let h = history();
        let used = h.in_force_on(date!(2024 - 08 - 01)).unwrap().used();
        assert_eq!(
            used,
            UsedSetting {
                version: 2,
                effective_from: date!(2024 - 07 - 01)
            }
        );
    }

    #[test]
    fn defaults_carry_sources_and_apply_from_the_law() {
        let schedule = default_test_schedule();
        assert_eq!(schedule.version, 1);
        assert_eq!(schedule.effective_from, date!(2008 - 06 - 01));
        assert!(schedule.source.contains("仙游"));
        assert!(default_caseload().source.contains("Nanjing"));
        assert!(default_caseload().source.contains("Zhanjiang"));
        assert!(default_risk_levels().source.contains("Zhejiang 2022"));
        assert!(
            default_assessment_schedule()
                .source
                .contains("Jindu default")
        );
        assert!(default_visit_cadence().source.contains("Jindu default"));
        assert_eq!(default_visit_cadence().value.every_months, 1);
        assert_eq!(
            default_visit_cadence().effective_from,
            date!(2008 - 06 - 01)
        );
        assert_eq!(default_caseload().value.persons_per_worker, 30);
        assert_eq!(
            default_risk_levels().value.levels,
            vec![RiskLevel::A, RiskLevel::B, RiskLevel::C1, RiskLevel::C2]
        );
        let h = history_of(default_caseload());
        assert_eq!(
            h.in_force_on(date!(2024 - 01 - 01))
                .map(|v| v.value.persons_per_worker),
            Some(30)
        );
        assert!(SettingHistory::from_versions(h.versions().to_vec()).is_ok());
    }

    #[test]
    fn caseload_rounds_up() {
        let c = Caseload {
            persons_per_worker: 30,
        };
        assert_eq!(c.workers_needed(0), 0);
        assert_eq!(c.workers_needed(1), 1);
        assert_eq!(c.workers_needed(30), 1);
        assert_eq!(c.workers_needed(31), 2);
        assert_eq!(c.workers_needed(8000), 267);
        assert_eq!(
            Caseload {
                persons_per_worker: 0
            }
            .workers_needed(5),
            5
        );
    }

    #[test]
    fn setting_keys_are_well_formed() {
        crate::code_enum::assert_well_formed::<SettingKey>();
    }
}
