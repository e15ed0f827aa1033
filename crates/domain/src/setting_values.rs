//! The value of a new version of a people-module setting, and the bounds it
//! must respect before the city office may put it in force.
//!
//! The bounds are Jindu's, not the law's: they keep a typo (a test every 0
//! months, a caseload of 3,000) from silently emptying or flooding every
//! worker's queue. Each rejected field names an error code the UI explains.

use serde::{Deserialize, Serialize};

use crate::assessments::AssessmentSchedule;
use crate::drug_tests::TestSchedule;
use crate::register::RiskLevel;
use crate::settings::{Caseload, RiskLevelTable, SettingKey};
use crate::support::VisitCadence;

/// Longest tolerance around a due date: beyond a month, one test or
/// assessment would count for two consecutive monthly due dates.
pub const MAX_TOLERANCE_DAYS: u32 = 31;
/// Longest interval of a test phase or a visit: at least once a year.
pub const MAX_INTERVAL_MONTHS: u32 = 12;
/// Phases may start up to 10 years in: longer than any term (JDF 33, 47, 48).
pub const MAX_PHASE_MONTH: u32 = 120;
/// Assessment cycles up to two years (the annual assessment is yearly by
/// default; a longer cycle would skip a whole community term's review).
pub const MAX_ASSESSMENT_MONTHS: u32 = 24;
/// Caseload bounds: published practice ranges from 1:20 to 1:50.
pub const CASELOAD_RANGE: (u32, u32) = (5, 200);
/// At most this many missed visits before the lost-contact hint.
pub const MAX_LOST_CONTACT_AFTER: u32 = 10;

/// A rejected field of a setting value: its name and an error code.
pub type FieldError = (&'static str, &'static str);

/// A value for one of the settings of [`SettingKey`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "key", content = "value", rename_all = "snake_case")]
pub enum SettingValue {
    DrugTestSchedule(TestSchedule),
    Caseload(Caseload),
    RiskLevels(RiskLevelTable),
    AssessmentSchedule(AssessmentSchedule),
    VisitCadence(VisitCadence),
}

impl SettingValue {
    /// The setting this value belongs to.
    #[must_use]
    pub fn key(&self) -> SettingKey {
        match self {
            SettingValue::DrugTestSchedule(_) => SettingKey::DrugTestSchedule,
            SettingValue::Caseload(_) => SettingKey::Caseload,
            SettingValue::RiskLevels(_) => SettingKey::RiskLevels,
            SettingValue::AssessmentSchedule(_) => SettingKey::AssessmentSchedule,
            SettingValue::VisitCadence(_) => SettingKey::VisitCadence,
        }
    }

    /// The value with its bounds checked and lists put in their canonical
    /// order (risk levels highest first, without repeats).
    ///
    /// # Errors
    /// Every field out of bounds, with its error code.
    pub fn checked(self) -> Result<SettingValue, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut bound = |field: &'static str, value: u32, lo: u32, hi: u32| {
            if !(lo..=hi).contains(&value) {
                errors.push((field, "setting.out_of_range"));
            }
        };
        let value = match self {
            SettingValue::DrugTestSchedule(s) => {
                bound("tolerance_days", s.tolerance_days, 0, MAX_TOLERANCE_DAYS);
                for p in s.phases.phases() {
                    bound("phases", p.every_months, 1, MAX_INTERVAL_MONTHS);
                    bound("phases", p.from_month, 0, MAX_PHASE_MONTH);
                }
                SettingValue::DrugTestSchedule(s)
            }
            SettingValue::Caseload(c) => {
                let (lo, hi) = CASELOAD_RANGE;
                bound("persons_per_worker", c.persons_per_worker, lo, hi);
                SettingValue::Caseload(c)
            }
            SettingValue::RiskLevels(t) => {
                let levels: Vec<RiskLevel> = RiskLevel::ALL
                    .iter()
                    .filter(|l| t.levels.contains(l))
                    .copied()
                    .collect();
                if levels.is_empty() {
                    errors.push(("levels", "setting.risk_levels_empty"));
                }
                SettingValue::RiskLevels(RiskLevelTable { levels })
            }
            SettingValue::AssessmentSchedule(a) => {
                let m = MAX_ASSESSMENT_MONTHS;
                bound("review_every_months", a.review_every_months, 1, m);
                bound("annual_every_months", a.annual_every_months, 1, m);
                bound("self_report_every_months", a.self_report_every_months, 1, m);
                bound("tolerance_days", a.tolerance_days, 0, MAX_TOLERANCE_DAYS);
                SettingValue::AssessmentSchedule(a)
            }
            SettingValue::VisitCadence(v) => {
                bound("every_months", v.every_months, 1, MAX_INTERVAL_MONTHS);
                bound("due_soon_days", v.due_soon_days, 0, MAX_TOLERANCE_DAYS);
                let most = MAX_LOST_CONTACT_AFTER;
                bound("lost_contact_after", v.lost_contact_after, 1, most);
                SettingValue::VisitCadence(v)
            }
        };
        errors.dedup();
        if errors.is_empty() {
            Ok(value)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{Phase, PhaseTable};

    fn schedule(every: u32, tolerance: u32) -> SettingValue {
        SettingValue::DrugTestSchedule(TestSchedule {
            phases: PhaseTable::new(vec![Phase {
                from_month: 0,
                until_month: None,
                every_months: every,
            }])
            .unwrap(),
            tolerance_days: tolerance,
            unannounced: true,
        })
    }

    #[test]
    fn defaults_are_within_bounds() {
        for v in [
            SettingValue::DrugTestSchedule(TestSchedule::xianyou()),
            SettingValue::Caseload(Caseload {
                persons_per_worker: 30,
            }),
            SettingValue::RiskLevels(RiskLevelTable {
                levels: RiskLevel::ALL.to_vec(),
            }),
            SettingValue::AssessmentSchedule(AssessmentSchedule::jindu_default()),
            SettingValue::VisitCadence(VisitCadence::jindu_default()),
        ] {
            assert_eq!(v.clone().checked(), Ok(v));
        }
    }

    #[test]
    fn out_of_range_fields_are_named() {
        assert_eq!(
            schedule(13, 32).checked(),
            Err(vec![
                ("tolerance_days", "setting.out_of_range"),
                ("phases", "setting.out_of_range")
            ])
        );
        assert!(schedule(12, 31).checked().is_ok());
        let c = |n| {
            SettingValue::Caseload(Caseload {
                persons_per_worker: n,
            })
            .checked()
        };
        assert!(c(4).is_err());
        assert!(c(5).is_ok());
        assert!(c(200).is_ok());
        assert!(c(201).is_err());
        let v = SettingValue::VisitCadence(VisitCadence {
            every_months: 0,
            due_soon_days: 7,
            lost_contact_after: 0,
        });
        assert_eq!(
            v.checked(),
            Err(vec![
                ("every_months", "setting.out_of_range"),
                ("lost_contact_after", "setting.out_of_range")
            ])
        );
    }

    #[test]
    fn risk_levels_are_ordered_without_repeats_and_never_empty() {
        let v = SettingValue::RiskLevels(RiskLevelTable {
            levels: vec![RiskLevel::C1, RiskLevel::A, RiskLevel::C1],
        });
        assert_eq!(
            v.checked(),
            Ok(SettingValue::RiskLevels(RiskLevelTable {
                levels: vec![RiskLevel::A, RiskLevel::C1]
            }))
        );
        let empty = SettingValue::RiskLevels(RiskLevelTable { levels: vec![] });
        assert_eq!(
            empty.checked(),
            Err(vec![("levels", "setting.risk_levels_empty")])
        );
    }

    #[test]
    fn a_value_names_its_key() {
        assert_eq!(schedule(1, 7).key(), SettingKey::DrugTestSchedule);
    }
}
