//! The serious-violation counters of community detox (JDTL 20).
//!
//! JDTL 20 lists serious violation of the agreement exhaustively:
//! (1) evading or refusing drug tests 3 or more times; (2) leaving the county
//! without approval 3 or more times, or for more than 30 days in total.
//! "以上" includes the number and "超过" excludes it, so 3 tests or 3 absences
//! qualify while exactly 30 days does not. JDTL 38 speaks of serious
//! violation of a community *rehabilitation* agreement without defining it;
//! we apply the JDTL 20 limbs to it as well (our reading, domain.md §3:
//! rehabilitation runs "otherwise as community detox").
//!
//! The caller passes the events of one measure; counters start again with
//! each measure because each has its own agreement (JDTL 16).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::police_report::{PoliceFlag, ReportReason};

/// JDTL 20(1): "逃避或者拒绝接受检测3次以上" — 3 or more.
pub const TEST_REFUSALS_THRESHOLD: u32 = 3;
/// JDTL 20(2): "擅自离开 … 3次以上" — 3 or more.
pub const ABSENCES_THRESHOLD: u32 = 3;
/// JDTL 20(2): "累计超过30日" — strictly more than 30 days.
pub const ABSENCE_DAYS_LIMIT: u32 = 30;

/// How a test was not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestAvoidance {
    /// Present but refused to give a sample (拒绝).
    Refused,
    /// Did not come, or could not be found, when notified (逃避).
    Evaded,
}

/// One event that counts toward JDTL 20.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ViolationEvent {
    /// A test refused or evaded; each recorded one counts once.
    TestAvoided {
        /// Date of the test.
        on: Date,
        /// Refused or evaded: the law counts both alike.
        how: TestAvoidance,
    },
    /// An absence from the county without approval, or the part of an
    /// approved absence outside its approval (see `leave`).
    UnauthorisedAbsence {
        /// First unauthorised day's start (departure, or approved return).
        from: Date,
        /// Unauthorised days, the starting day not counted (民法典 Art 201).
        days: u32,
    },
}

impl ViolationEvent {
    /// The date the event starts.
    #[must_use]
    pub fn date(&self) -> Date {
        match self {
            ViolationEvent::TestAvoided { on, .. } => *on,
            ViolationEvent::UnauthorisedAbsence { from, .. } => *from,
        }
    }
}

/// Which limb of JDTL 20 is met.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// JDTL 20(1): tests refused or evaded 3 or more times.
    TestsAvoided {
        /// How many.
        count: u32,
    },
    /// JDTL 20(2): unauthorised absences 3 or more times.
    Absences {
        /// How many.
        count: u32,
    },
    /// JDTL 20(2): unauthorised absences totalling more than 30 days.
    AbsenceDays {
        /// Total days.
        days: u32,
    },
}

/// The counters and whether the violation is serious.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViolationStatus {
    /// Tests refused or evaded.
    pub refused_or_evaded_tests: u32,
    /// Unauthorised absences.
    pub unauthorised_absences: u32,
    /// Their days in total.
    pub absence_days: u32,
    /// Any limb of JDTL 20 met: the worker must report (JDTL 21).
    pub serious: bool,
    /// Every limb met, in the order of JDTL 20.
    pub reasons: Vec<Reason>,
    /// The date of the event that first made the violation serious: the
    /// flag's date, which stays put as later events add to the counters
    /// (so a report recorded against it keeps matching).
    pub serious_since: Option<Date>,
}

/// Counts `events` against JDTL 20.
#[must_use]
pub fn assess(events: &[ViolationEvent]) -> ViolationStatus {
    let mut tests = 0u32;
    let mut absences = 0u32;
    let mut days = 0u32;
    let mut serious_since = None;
    let mut in_order: Vec<&ViolationEvent> = events.iter().collect();
    in_order.sort_by_key(|e| e.date());
    for event in in_order {
        match event {
            ViolationEvent::TestAvoided { .. } => tests = tests.saturating_add(1),
            ViolationEvent::UnauthorisedAbsence { days: d, .. } => {
                absences = absences.saturating_add(1);
                days = days.saturating_add(*d);
            }
        }
        let serious = tests >= TEST_REFUSALS_THRESHOLD
            || absences >= ABSENCES_THRESHOLD
            || days > ABSENCE_DAYS_LIMIT;
        if serious && serious_since.is_none() {
            serious_since = Some(event.date());
        }
    }
    let mut reasons = Vec::new();
    if tests >= TEST_REFUSALS_THRESHOLD {
        reasons.push(Reason::TestsAvoided { count: tests });
    }
    if absences >= ABSENCES_THRESHOLD {
        reasons.push(Reason::Absences { count: absences });
    }
    if days > ABSENCE_DAYS_LIMIT {
        reasons.push(Reason::AbsenceDays { days });
    }
    ViolationStatus {
        refused_or_evaded_tests: tests,
        unauthorised_absences: absences,
        absence_days: days,
        serious: !reasons.is_empty(),
        reasons,
        serious_since,
    }
}

impl ViolationStatus {
    /// The JDTL 21 flag of a serious violation, dated by the event that
    /// made it serious. The platform flags; the police decide (JDTL 25).
    #[must_use]
    pub fn police_flag(&self) -> Option<PoliceFlag> {
        self.serious_since.map(|raised_on| PoliceFlag {
            reason: ReportReason::SeriousViolation,
            raised_on,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn test(how: TestAvoidance) -> ViolationEvent {
        ViolationEvent::TestAvoided {
            on: date!(2024 - 03 - 01),
            how,
        }
    }

    fn absence(days: u32) -> ViolationEvent {
        ViolationEvent::UnauthorisedAbsence {
            from: date!(2024 - 04 - 01),
            days,
        }
    }

    #[test]
    fn nothing_recorded_is_not_serious() {
        let status = assess(&[]);
        assert!(!status.serious);
        assert!(status.reasons.is_empty());
        assert_eq!(status.police_flag(), None);
    }

    #[test]
    fn two_avoided_tests_are_not_serious_three_are() {
        let two = [test(TestAvoidance::Refused), test(TestAvoidance::Evaded)];
        assert!(!assess(&two).serious);
        assert_eq!(assess(&two).refused_or_evaded_tests, 2);
        let three = [
            test(TestAvoidance::Refused),
            test(TestAvoidance::Evaded),
            test(TestAvoidance::Evaded),
        ];
        let status = assess(&three);
        assert!(status.serious);
        assert_eq!(status.reasons, vec![Reason::TestsAvoided { count: 3 }]);
    }

    #[test]
    fn two_absences_are_not_serious_three_are() {
        assert!(!assess(&[absence(3), absence(3)]).serious);
        let status = assess(&[absence(3), absence(3), absence(3)]);
        assert!(status.serious);
        assert_eq!(status.reasons, vec![Reason::Absences { count: 3 }]);
        assert_eq!(status.absence_days, 9);
    }

    #[test]
    fn thirty_days_are_not_serious_thirty_one_are() {
        let status = assess(&[absence(30)]);
        assert!(!status.serious);
        assert_eq!(status.absence_days, 30);
        assert!(!assess(&[absence(14), absence(16)]).serious);
        let status = assess(&[absence(14), absence(17)]);
        assert!(status.serious);
        assert_eq!(status.reasons, vec![Reason::AbsenceDays { days: 31 }]);
    }

    #[test]
    fn all_limbs_are_reported_in_order() {
        let mut events = vec![absence(11), absence(11), absence(11)];
        events.extend([test(TestAvoidance::Evaded); 4]);
        let status = assess(&events);
        assert_eq!(
            status.reasons,
            vec![
                Reason::TestsAvoided { count: 4 },
                Reason::Absences { count: 3 },
                Reason::AbsenceDays { days: 33 }
            ]
        );
        // The tests (1 March) reached the threshold before the absences.
        assert_eq!(
            status.police_flag(),
            Some(PoliceFlag {
                reason: ReportReason::SeriousViolation,
                raised_on: date!(2024 - 03 - 01)
            })
        );
    }

    #[test]
    fn the_flag_is_dated_by_the_third_avoided_test_and_stays_put() {
        let on = |d| ViolationEvent::TestAvoided {
            on: d,
            how: TestAvoidance::Evaded,
        };
        let mut events = vec![
            on(date!(2024 - 07 - 10)),
            on(date!(2024 - 05 - 10)),
            on(date!(2024 - 06 - 10)),
        ];
        let flag = assess(&events).police_flag().unwrap();
        assert_eq!(flag.raised_on, date!(2024 - 07 - 10));
        events.push(on(date!(2024 - 08 - 10)));
        assert_eq!(assess(&events).police_flag(), Some(flag));
    }

    #[test]
    fn event_dates() {
        assert_eq!(test(TestAvoidance::Refused).date(), date!(2024 - 03 - 01));
        assert_eq!(absence(1).date(), date!(2024 - 04 - 01));
    }

    fn any_event() -> impl Strategy<Value = ViolationEvent> {
        prop_oneof![
            (0i64..1000, any::<bool>()).prop_map(|(d, refused)| ViolationEvent::TestAvoided {
                on: date!(2024 - 01 - 01) + time::Duration::days(d),
                how: if refused {
                    TestAvoidance::Refused
                } else {
                    TestAvoidance::Evaded
                },
            }),
            (0i64..1000, 0u32..40).prop_map(|(d, days)| ViolationEvent::UnauthorisedAbsence {
                from: date!(2024 - 01 - 01) + time::Duration::days(d),
                days,
            }),
        ]
    }

    proptest! {
        #[test]
        fn adding_events_never_lowers_the_status(
            events in proptest::collection::vec(any_event(), 0..12),
            extra in any_event(),
        ) {
            let before = assess(&events);
            let mut more = events.clone();
            more.push(extra);
            let after = assess(&more);
            prop_assert!(after.refused_or_evaded_tests >= before.refused_or_evaded_tests);
            prop_assert!(after.unauthorised_absences >= before.unauthorised_absences);
            prop_assert!(after.absence_days >= before.absence_days);
            prop_assert!(!before.serious || after.serious);
            prop_assert!(after.reasons.len() >= before.reasons.len());
        }

        #[test]
        fn order_does_not_matter(events in proptest::collection::vec(any_event(), 0..12)) {
            let mut reversed = events.clone();
            reversed.reverse();
            prop_assert_eq!(assess(&events), assess(&reversed));
        }
    }
}
