//! Drug tests during a measure: what was done, when tests are due, what is
//! overdue, and what a result means for the JDTL 20 counters and the JDTL 21
//! report.
//!
//! No law fixes the cadence; it is the dated `DrugTestSchedule` setting
//! (domain.md §4), by default the Fujian 仙游 county practice.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use time::Date;

use crate::code_enum::code_enum;
use crate::police_report::{PoliceFlag, ReportReason};
use crate::schedule::{self, DueItem, DueState, Phase, PhaseTable};
use crate::settings::{SettingHistory, UsedSetting, Versioned};
use crate::violations::{TestAvoidance, ViolationEvent};

code_enum! {
    /// Sample type.
    pub enum TestMethod {
        /// Urine.
        Urine = ("urine", "尿检", "Urine"),
        /// Hair.
        Hair = ("hair", "毛发检测", "Hair"),
        /// Blood.
        Blood = ("blood", "血检", "Blood"),
        /// Saliva.
        Saliva = ("saliva", "唾液检测", "Saliva"),
    }
}

code_enum! {
    /// Where or how the test was run.
    pub enum TestSetting {
        /// Rapid test on site.
        OnSite = ("on_site", "现场检测", "On-site"),
        /// Laboratory test.
        Lab = ("lab", "实验室检测", "Laboratory"),
        /// Re-test of an earlier sample or result.
        Retest = ("retest", "复检", "Re-test"),
    }
}

/// The outcome of a test.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum TestResult {
    /// No drug found.
    Negative,
    /// Drugs found, named.
    Positive {
        /// Substances found, at least one.
        substances: Vec<String>,
    },
    /// The person refused to give a sample (JDTL 20(1)).
    Refused,
    /// The person evaded the test (JDTL 20(1)).
    Evaded,
}

/// One recorded test.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrugTest {
    /// Date of the test (or of the refused/evaded attempt).
    pub on: Date,
    /// Sample type.
    pub method: TestMethod,
    /// On-site, laboratory or re-test.
    pub setting: TestSetting,
    /// Outcome.
    pub result: TestResult,
    /// Run without notice (不定期抽检) rather than for a due date; it still
    /// satisfies a due date whose slot it falls in.
    pub unannounced: bool,
}

/// A test record that does not make sense.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TestError {
    /// "Positive" must say for what.
    #[error("a positive result must name at least one substance")]
    NoSubstance,
}

impl DrugTest {
    /// Checks the record.
    ///
    /// # Errors
    /// [`TestError::NoSubstance`] for a positive without a named substance.
    pub fn validate(&self) -> Result<(), TestError> {
        match &self.result {
            TestResult::Positive { substances }
                if substances.iter().all(|s| s.trim().is_empty()) =>
            {
                Err(TestError::NoSubstance)
            }
            _ => Ok(()),
        }
    }

    /// A sample was taken (negative or positive). Only such a test satisfies
    /// a due date: after a refusal or evasion the sample is still owed, and
    /// the refusal is counted under JDTL 20 instead.
    #[must_use]
    pub fn sample_taken(&self) -> bool {
        matches!(
            self.result,
            TestResult::Negative | TestResult::Positive { .. }
        )
    }

    /// The JDTL 20(1) event of a refused or evaded test.
    #[must_use]
    pub fn violation_event(&self) -> Option<ViolationEvent> {
        let how = match self.result {
            TestResult::Refused => TestAvoidance::Refused,
            TestResult::Evaded => TestAvoidance::Evaded,
            TestResult::Negative | TestResult::Positive { .. } => return None,
        };
        Some(ViolationEvent::TestAvoided { on: self.on, how })
    }

    /// JDTL 21: drug use during the measure must be reported to the police,
    /// so a positive test dated within the measure (`measure_from` to
    /// `measure_until`, inclusive; `None` while it runs) raises a flag. Each
    /// record stands alone: a re-test that overturns a result is recorded by
    /// correcting the earlier record, not inferred here.
    #[must_use]
    pub fn police_flag(
        &self,
        measure_from: Date,
        measure_until: Option<Date>,
    ) -> Option<PoliceFlag> {
        let during = self.on >= measure_from && measure_until.is_none_or(|until| self.on <= until);
        (during && matches!(self.result, TestResult::Positive { .. })).then_some(PoliceFlag {
            reason: ReportReason::DrugUseDuringMeasure,
            raised_on: self.on,
        })
    }
}

/// Our default tolerance around a due date, in days: a test up to 7 days
/// early or late is on time. Jindu default; no published source.
pub const DEFAULT_TOLERANCE_DAYS: u32 = 7;

/// The drug-test schedule setting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestSchedule {
    /// Cadence by phase, in months from the start of the measure.
    pub phases: PhaseTable,
    /// Days before or after a due date within which a test is on time.
    pub tolerance_days: u32,
    /// Whether unannounced tests are also run (they are never scheduled).
    pub unannounced: bool,
}

impl TestSchedule {
    /// Fujian 仙游 county practice (domain.md §4): year 1 monthly, year 2
    /// every 2 months, year 3 quarterly, plus unannounced tests; the first
    /// test is at the start (report-in), a Jindu choice that gives a baseline.
    #[must_use]
    pub fn xianyou() -> TestSchedule {
        TestSchedule {
            phases: PhaseTable::trusted(vec![
                Phase {
                    from_month: 0,
                    until_month: Some(12),
                    every_months: 1,
                },
                Phase {
                    from_month: 12,
                    until_month: Some(24),
                    every_months: 2,
                },
                Phase {
                    from_month: 24,
                    until_month: Some(36),
                    every_months: 3,
                },
            ]),
            tolerance_days: DEFAULT_TOLERANCE_DAYS,
            unannounced: true,
        }
    }
}

/// Due dates of a measure under one version of the schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledTests {
    /// Due dates, strictly increasing, within the term.
    pub dates: Vec<Date>,
    /// Tolerance of that version.
    pub tolerance_days: u32,
    /// The setting version used, shown with the dates.
    pub used: UsedSetting,
}

/// Due dates for a measure from `start` (report-in) to `term_end`, both
/// inclusive, under `table` (see [`schedule::due_dates`] for the month
/// arithmetic: Jan 31 + 1 month is Feb 28/29, always counted from `start`).
#[must_use]
pub fn due_dates(start: Date, term_end: Date, table: &PhaseTable) -> Vec<Date> {
    schedule::due_dates(start, term_end, table)
}

/// Schedules a measure under `setting`.
#[must_use]
pub fn schedule_with(
    setting: &Versioned<TestSchedule>,
    start: Date,
    term_end: Date,
) -> ScheduledTests {
    ScheduledTests {
        dates: due_dates(start, term_end, &setting.value.phases),
        tolerance_days: setting.value.tolerance_days,
        used: setting.used(),
    }
}

/// Schedules a measure under the version in force on its start date. The
/// whole measure keeps that version (our choice): a later change of the
/// setting must not reshuffle a person's running schedule. `None` if no
/// version was in force yet.
#[must_use]
pub fn schedule_measure(
    history: &SettingHistory<TestSchedule>,
    start: Date,
    term_end: Date,
) -> Option<ScheduledTests> {
    history
        .in_force_on(start)
        .map(|setting| schedule_with(setting, start, term_end))
}

/// Each due date's state on `today` given the tests done (see
/// [`schedule::track`] for the matching rule).
#[must_use]
pub fn track(scheduled: &ScheduledTests, tests: &[DrugTest], today: Date) -> Vec<DueItem> {
    let done: Vec<Date> = tests
        .iter()
        .filter(|t| t.sample_taken())
        .map(|t| t.on)
        .collect();
    schedule::track(&scheduled.dates, &done, today, scheduled.tolerance_days)
}

/// The next test to do: the first due date not done or missed, possibly
/// overdue.
#[must_use]
pub fn next_due(scheduled: &ScheduledTests, tests: &[DrugTest], today: Date) -> Option<DueItem> {
    schedule::next_open(&track(scheduled, tests, today))
}

/// Due dates overdue on `today`: past their window with no sample taken.
#[must_use]
pub fn overdue(scheduled: &ScheduledTests, tests: &[DrugTest], today: Date) -> Vec<Date> {
    track(scheduled, tests, today)
        .into_iter()
        .filter(|item| item.state == DueState::Overdue)
        .map(|item| item.due)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date_math::add_years;
    use crate::settings::{default_test_schedule, history_of};
    use crate::violations::assess;
    use proptest::prelude::*;
    use time::macros::date;

    fn test(on: Date, result: TestResult) -> DrugTest {
        DrugTest {
            on,
            method: TestMethod::Urine,
            setting: TestSetting::OnSite,
            result,
            unannounced: false,
        }
    }

    fn positive() -> TestResult {
        TestResult::Positive {
            substances: vec!["甲基苯丙胺".into()],
        }
    }

    #[test]
    fn default_schedule_from_a_month_end_start() {
        let start = date!(2024 - 01 - 31);
        let term_end = add_years(start, 3).unwrap();
        assert_eq!(term_end, date!(2027 - 01 - 31));
        let dates = due_dates(start, term_end, &TestSchedule::xianyou().phases);
        let expected = [
            // Year 1, monthly; Feb clamps to the 29th in 2024.
            date!(2024 - 01 - 31),
            date!(2024 - 02 - 29),
            date!(2024 - 03 - 31),
            date!(2024 - 04 - 30),
            date!(2024 - 05 - 31),
            date!(2024 - 06 - 30),
            date!(2024 - 07 - 31),
            date!(2024 - 08 - 31),
            date!(2024 - 09 - 30),
            date!(2024 - 10 - 31),
            date!(2024 - 11 - 30),
            date!(2024 - 12 - 31),
            // Year 2, every 2 months.
            date!(2025 - 01 - 31),
            date!(2025 - 03 - 31),
            date!(2025 - 05 - 31),
            date!(2025 - 07 - 31),
            date!(2025 - 09 - 30),
            date!(2025 - 11 - 30),
            // Year 3, quarterly.
            date!(2026 - 01 - 31),
            date!(2026 - 04 - 30),
            date!(2026 - 07 - 31),
            date!(2026 - 10 - 31),
        ];
        assert_eq!(dates, expected);
    }

    #[test]
    fn default_schedule_from_a_leap_day() {
        let start = date!(2024 - 02 - 29);
        let term_end = add_years(start, 3).unwrap();
        assert_eq!(term_end, date!(2027 - 02 - 28));
        let dates = due_dates(start, term_end, &TestSchedule::xianyou().phases);
        assert_eq!(dates.len(), 22);
        assert_eq!(
            &dates[..3],
            &[
                date!(2024 - 02 - 29),
                date!(2024 - 03 - 29),
                date!(2024 - 04 - 29)
            ]
        );
        assert_eq!(dates[11], date!(2025 - 01 - 29));
        assert_eq!(dates[12], date!(2025 - 02 - 28));
        assert_eq!(dates[13], date!(2025 - 04 - 29));
        assert_eq!(dates[18], date!(2026 - 02 - 28));
        assert_eq!(dates[21], date!(2026 - 11 - 29));
    }

    #[test]
    fn a_shorter_term_cuts_the_schedule() {
        // Community rehabilitation of 1 year (up to 3 years, JDTL 37).
        let start = date!(2024 - 03 - 15);
        let dates = due_dates(
            start,
            add_years(start, 1).unwrap(),
            &TestSchedule::xianyou().phases,
        );
        // Months 0–11, then month 12 of the second phase falls on the last
        // day of the term, which still counts.
        assert_eq!(dates.len(), 13);
        assert_eq!(dates[11], date!(2025 - 02 - 15));
        assert_eq!(dates.last(), Some(&date!(2025 - 03 - 15)));
    }

    #[test]
    fn the_version_in_force_at_the_start_governs_the_measure() {
        let mut history = history_of(default_test_schedule());
        let quarterly = TestSchedule {
            phases: PhaseTable::new(vec![Phase {
                from_month: 0,
                until_month: None,
                every_months: 3,
            }])
            .unwrap(),
            tolerance_days: 10,
            unannounced: true,
        };
        history
            .amend(
                quarterly,
                "city office notice",
                date!(2025 - 01 - 01),
                date!(2024 - 12 - 01),
            )
            .unwrap();
        let before =
            schedule_measure(&history, date!(2024 - 06 - 01), date!(2027 - 06 - 01)).unwrap();
        assert_eq!(before.used.version, 1);
        assert_eq!(before.dates.len(), 22);
        assert_eq!(before.tolerance_days, 7);
        let after =
            schedule_measure(&history, date!(2025 - 01 - 01), date!(2028 - 01 - 01)).unwrap();
        assert_eq!(after.used.version, 2);
        assert_eq!(after.dates.len(), 13);
        assert_eq!(after.tolerance_days, 10);
        assert_eq!(
            schedule_measure(&history, date!(2008 - 05 - 31), date!(2011 - 05 - 31)),
            None
        );
    }

    fn scheduled() -> ScheduledTests {
        schedule_with(
            &default_test_schedule(),
            date!(2024 - 01 - 31),
            date!(2027 - 01 - 31),
        )
    }

    #[test]
    fn overdue_after_the_tolerance_window() {
        let s = scheduled();
        let done = [test(date!(2024 - 01 - 31), TestResult::Negative)];
        // Feb 29 + 7 days = Mar 7 is the last on-time day.
        assert_eq!(
            overdue(&s, &done, date!(2024 - 03 - 07)),
            Vec::<Date>::new()
        );
        assert_eq!(
            overdue(&s, &done, date!(2024 - 03 - 08)),
            vec![date!(2024 - 02 - 29)]
        );
        assert_eq!(
            next_due(&s, &done, date!(2024 - 03 - 08)),
            Some(DueItem {
                due: date!(2024 - 02 - 29),
                state: DueState::Overdue
            })
        );
        // Recording the late test clears the item.
        let mut done = done.to_vec();
        done.push(test(date!(2024 - 03 - 09), TestResult::Negative));
        assert!(overdue(&s, &done, date!(2024 - 03 - 09)).is_empty());
        assert_eq!(
            next_due(&s, &done, date!(2024 - 03 - 09)),
            Some(DueItem {
                due: date!(2024 - 03 - 31),
                state: DueState::Upcoming
            })
        );
    }

    #[test]
    fn refusals_do_not_satisfy_a_due_date_but_count_under_jdtl_20() {
        let s = scheduled();
        let refused = test(date!(2024 - 01 - 31), TestResult::Refused);
        assert_eq!(
            next_due(&s, std::slice::from_ref(&refused), date!(2024 - 02 - 01)),
            Some(DueItem {
                due: date!(2024 - 01 - 31),
                state: DueState::Open
            })
        );
        let tests = [
            refused,
            test(date!(2024 - 02 - 29), TestResult::Evaded),
            test(date!(2024 - 03 - 31), TestResult::Negative),
            test(date!(2024 - 04 - 30), positive()),
        ];
        let events: Vec<ViolationEvent> =
            tests.iter().filter_map(DrugTest::violation_event).collect();
        assert_eq!(events.len(), 2);
        assert!(!assess(&events).serious);
        let mut more = events.clone();
        more.extend(test(date!(2024 - 05 - 31), TestResult::Evaded).violation_event());
        assert!(assess(&more).serious);
    }

    #[test]
    fn unannounced_tests_count_in_their_slot() {
        let s = scheduled();
        let mut t = test(date!(2024 - 02 - 25), TestResult::Negative);
        t.unannounced = true;
        let items = track(&s, &[t], date!(2024 - 03 - 01));
        assert_eq!(
            items[1].state,
            DueState::Done {
                on: date!(2024 - 02 - 25),
                late: false
            }
        );
    }

    #[test]
    fn positives_during_the_measure_are_flagged() {
        let from = date!(2024 - 01 - 31);
        let until = Some(date!(2027 - 01 - 31));
        let flag = |on| test(on, positive()).police_flag(from, until);
        assert_eq!(
            flag(date!(2024 - 01 - 31)),
            Some(PoliceFlag {
                reason: ReportReason::DrugUseDuringMeasure,
                raised_on: date!(2024 - 01 - 31)
            })
        );
        assert!(flag(date!(2027 - 01 - 31)).is_some());
        assert_eq!(flag(date!(2024 - 01 - 30)), None);
        assert_eq!(flag(date!(2027 - 02 - 01)), None);
        assert!(
            test(date!(2030 - 01 - 01), positive())
                .police_flag(from, None)
                .is_some()
        );
        assert_eq!(
            test(date!(2024 - 06 - 01), TestResult::Negative).police_flag(from, until),
            None
        );
        assert_eq!(
            test(date!(2024 - 06 - 01), TestResult::Refused).police_flag(from, until),
            None
        );
    }

    #[test]
    fn positives_name_substances() {
        assert_eq!(test(date!(2024 - 06 - 01), positive()).validate(), Ok(()));
        let empty = test(
            date!(2024 - 06 - 01),
            TestResult::Positive { substances: vec![] },
        );
        assert_eq!(empty.validate(), Err(TestError::NoSubstance));
        let blank = test(
            date!(2024 - 06 - 01),
            TestResult::Positive {
                substances: vec![" ".into()],
            },
        );
        assert_eq!(blank.validate(), Err(TestError::NoSubstance));
        assert_eq!(
            test(date!(2024 - 06 - 01), TestResult::Evaded).validate(),
            Ok(())
        );
        assert!(!test(date!(2024 - 06 - 01), TestResult::Evaded).sample_taken());
        assert!(test(date!(2024 - 06 - 01), positive()).sample_taken());
    }

    #[test]
    fn vocabularies_are_well_formed() {
        crate::code_enum::assert_well_formed::<TestMethod>();
        crate::code_enum::assert_well_formed::<TestSetting>();
        assert_eq!(
            PhaseTable::new(TestSchedule::xianyou().phases.phases().to_vec()).as_ref(),
            Ok(&TestSchedule::xianyou().phases)
        );
    }

    proptest! {
        #[test]
        fn default_due_dates_increase_within_the_term(days in 0i64..40_000, term_years in 0u32..5) {
            let start = date!(1990 - 01 - 01) + time::Duration::days(days);
            let term_end = add_years(start, term_years).unwrap();
            let dates = due_dates(start, term_end, &TestSchedule::xianyou().phases);
            prop_assert!(dates.windows(2).all(|p| p[0] < p[1]));
            prop_assert!(dates.iter().all(|d| *d >= start && *d <= term_end));
            prop_assert_eq!(dates.first(), Some(&start));
        }
    }
}
