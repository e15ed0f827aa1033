//! Compulsory isolation against hand-worked dates.

use proptest::prelude::*;
use time::Date;
use time::macros::date;

use super::*;
use crate::calendar::HolidayCalendar;
use crate::periods::{Period, Step, extend_by_days, period_end};

fn cal() -> HolidayCalendar {
    HolidayCalendar::china_2024_2026()
}

fn run(mut m: Measure, events: &[Event]) -> Measure {
    let c = cal();
    for e in events {
        m = m.apply(e, &c).unwrap_or_else(|err| panic!("{e:?}: {err}"));
    }
    m
}

fn code(m: &Measure, e: Event) -> &'static str {
    m.apply(&e, &cal()).unwrap_err().code()
}

/// Decided Sun 10 Mar 2024: 2 years end Tue 10 Mar 2026.
fn isolation() -> Measure {
    Measure::compulsory_isolation(date!(2024 - 03 - 10), None)
}

#[test]
fn term_is_two_years_from_the_decision() {
    let m = isolation();
    assert_eq!(m.state(), MeasureState::Executing);
    assert_eq!(m.term_end(&cal()).unwrap().date, date!(2026 - 03 - 10));
    assert_eq!(
        m.earliest_early_release(&cal()).unwrap().date,
        date!(2025 - 03 - 10)
    );
    assert_eq!(
        m.latest_end_with_extension(&cal()).unwrap().date,
        date!(2027 - 03 - 10)
    );
    let names: Vec<_> = m.deadlines(&cal()).iter().map(|d| d.name).collect();
    assert_eq!(
        names,
        vec![
            DeadlineName::EarliestEarlyRelease,
            DeadlineName::TermEnd,
            DeadlineName::LatestEndWithExtension
        ]
    );
}

#[test]
fn early_release_refused_at_11_months_allowed_at_12() {
    let m = isolation();
    let err = m
        .apply(
            &Event::EarlyRelease {
                on: date!(2025 - 02 - 10),
            },
            &cal(),
        )
        .unwrap_err();
    assert_eq!(err.code(), "measure.early_release_too_soon");
    assert_eq!(
        err,
        TransitionError::EarlyReleaseTooSoon {
            earliest: date!(2025 - 03 - 10)
        }
    );
    assert_eq!(
        code(
            &m,
            Event::EarlyRelease {
                on: date!(2025 - 03 - 09)
            }
        ),
        "measure.early_release_too_soon"
    );
    let released = run(
        m,
        &[Event::EarlyRelease {
            on: date!(2025 - 03 - 10),
        }],
    );
    assert_eq!(released.state(), MeasureState::EarlyReleased);
    assert_eq!(released.closed_on(), Some(date!(2025 - 03 - 10)));
}

#[test]
fn escape_days_extend_the_term_and_the_year_before_early_release() {
    // Escaped 1 Jun 2024, came back of their own accord 11 Jun: 10 days.
    let m = run(
        isolation(),
        &[
            Event::Escape {
                on: date!(2024 - 06 - 01),
            },
            Event::Return {
                on: date!(2024 - 06 - 11),
                recaptured: false,
            },
        ],
    );
    let term = m.term_end(&cal()).unwrap();
    assert_eq!(term.date, date!(2026 - 03 - 20));
    assert!(term.explain_zh().contains("脱逃10日不计入期限"));
    assert_eq!(
        m.earliest_early_release(&cal()).unwrap().date,
        date!(2025 - 03 - 20)
    );
    assert_eq!(
        m.latest_end_with_extension(&cal()).unwrap().date,
        date!(2027 - 03 - 20)
    );
    assert_eq!(
        code(
            &m,
            Event::EarlyRelease {
                on: date!(2025 - 03 - 19)
            }
        ),
        "measure.early_release_too_soon"
    );
    let released = run(
        m,
        &[Event::EarlyRelease {
            on: date!(2025 - 03 - 20),
        }],
    );
    assert_eq!(released.state(), MeasureState::EarlyReleased);
}

#[test]
fn a_recaptured_escapee_may_not_be_released_early() {
    let m = run(
        isolation(),
        &[
            Event::Escape {
                on: date!(2024 - 06 - 01),
            },
            Event::Return {
                on: date!(2024 - 06 - 11),
                recaptured: true,
            },
        ],
    );
    assert_eq!(
        m.early_release_bar(),
        Some(EarlyReleaseBar::RecapturedAfterEscape)
    );
    assert!(m.earliest_early_release(&cal()).is_none());
    assert!(
        !m.deadlines(&cal())
            .iter()
            .any(|d| d.name == DeadlineName::EarliestEarlyRelease)
    );
    assert_eq!(
        code(
            &m,
            Event::EarlyRelease {
                on: date!(2025 - 09 - 01)
            }
        ),
        "measure.early_release_barred"
    );
    // Still completes at the end of the term plus the 10 days away.
    let done = run(
        m,
        &[Event::Complete {
            on: date!(2026 - 03 - 20),
        }],
    );
    assert_eq!(done.state(), MeasureState::Completed);
}

#[test]
fn isolation_after_refused_rehabilitation_may_not_be_released_early() {
    let m = Measure::compulsory_isolation(
        date!(2024 - 03 - 10),
        Some(EarlyReleaseBar::AfterRehabRefusal),
    );
    assert_eq!(
        code(
            &m,
            Event::EarlyRelease {
                on: date!(2025 - 06 - 01)
            }
        ),
        "measure.early_release_barred"
    );
}

#[test]
fn extensions_total_at_most_one_year_and_only_before_expiry() {
    let m = isolation();
    let six = Period::Months(6);
    let once = run(
        m.clone(),
        &[Event::Extend {
            on: date!(2026 - 03 - 01),
            by: six,
        }],
    );
    assert_eq!(once.term_end(&cal()).unwrap().date, date!(2026 - 09 - 10));
    assert!(
        once.term_end(&cal())
            .unwrap()
            .explain_en()
            .contains("extended by 6 months")
    );
    let twice = run(
        once,
        &[Event::Extend {
            on: date!(2026 - 09 - 01),
            by: six,
        }],
    );
    assert_eq!(twice.term_end(&cal()).unwrap().date, date!(2027 - 03 - 10));
    assert_eq!(
        code(
            &twice,
            Event::Extend {
                on: date!(2027 - 01 - 01),
                by: Period::Days(1)
            }
        ),
        "measure.extension_too_long"
    );
    assert_eq!(
        code(
            &m,
            Event::Extend {
                on: date!(2026 - 03 - 01),
                by: Period::Months(13)
            }
        ),
        "measure.extension_too_long"
    );
    assert_eq!(
        code(
            &m,
            Event::Extend {
                on: date!(2026 - 03 - 01),
                by: Period::Days(0)
            }
        ),
        "measure.empty_period"
    );
    // On the last day of the term it is still before expiry; the day after is not.
    assert!(
        m.apply(
            &Event::Extend {
                on: date!(2026 - 03 - 10),
                by: Period::Years(1)
            },
            &cal()
        )
        .is_ok()
    );
    assert_eq!(
        code(
            &m,
            Event::Extend {
                on: date!(2026 - 03 - 11),
                by: six
            }
        ),
        "measure.extension_after_term"
    );
}

#[test]
fn escape_days_also_move_an_extended_term() {
    let m = run(
        isolation(),
        &[
            Event::Escape {
                on: date!(2025 - 01 - 10),
            },
            Event::Return {
                on: date!(2025 - 01 - 15),
                recaptured: true,
            },
            Event::Extend {
                on: date!(2026 - 03 - 01),
                by: Period::Years(1),
            },
        ],
    );
    // 10 Mar 2026 + 1 year = 10 Mar 2027, + 5 days away = 15 Mar 2027.
    assert_eq!(m.term_end(&cal()).unwrap().date, date!(2027 - 03 - 15));
}

#[test]
fn completion_and_its_refusals() {
    let m = isolation();
    assert_eq!(
        code(
            &m,
            Event::Complete {
                on: date!(2026 - 03 - 09)
            }
        ),
        "measure.term_not_served"
    );
    assert_eq!(
        code(
            &m,
            Event::EarlyRelease {
                on: date!(2026 - 03 - 10)
            }
        ),
        "measure.early_release_at_term_end"
    );
    let done = run(
        m,
        &[Event::Complete {
            on: date!(2026 - 03 - 10),
        }],
    );
    assert_eq!(done.state(), MeasureState::Completed);
    assert_eq!(
        code(
            &done,
            Event::Escape {
                on: date!(2026 - 03 - 11)
            }
        ),
        "measure.event_not_in_state"
    );
}

#[test]
fn while_escaped_the_term_waits() {
    let m = run(
        isolation(),
        &[Event::Escape {
            on: date!(2025 - 05 - 01),
        }],
    );
    assert_eq!(m.state(), MeasureState::Escaped);
    let term = m.term_end(&cal()).unwrap();
    assert!(matches!(term.steps.last(), Some(Step::StillRunning { .. })));
    let status = m.status_on(date!(2026 - 04 - 01), &cal());
    assert!(!status.completion_due);
    for e in [
        Event::Escape {
            on: date!(2025 - 05 - 02),
        },
        Event::Complete {
            on: date!(2026 - 04 - 01),
        },
        Event::EarlyRelease {
            on: date!(2025 - 06 - 01),
        },
        Event::Extend {
            on: date!(2025 - 06 - 01),
            by: Period::Months(1),
        },
    ] {
        assert_eq!(code(&m, e), "measure.event_not_in_state");
    }
    assert_eq!(
        code(
            &m,
            Event::ReportIn {
                on: date!(2025 - 06 - 01),
                late_reason: None
            }
        ),
        "measure.event_not_for_kind"
    );
    // Imprisoned while away: the escape closes on the day it ended.
    let ended = run(
        m,
        &[Event::Terminate {
            on: date!(2025 - 07 - 01),
            cause: EndCause::Imprisonment,
        }],
    );
    assert_eq!(ended.escapes()[0].until, Some(date!(2025 - 07 - 01)));
    assert_eq!(ended.state(), MeasureState::Ended);
}

#[test]
fn a_term_ending_on_national_day_is_not_moved() {
    let m = Measure::compulsory_isolation(date!(2024 - 10 - 01), None);
    let term = m.term_end(&cal()).unwrap();
    assert_eq!(term.date, date!(2026 - 10 - 01));
    assert!(matches!(term.steps.last(), Some(Step::TermNotMoved { .. })));
}

fn any_date() -> impl Strategy<Value = Date> {
    let lo = date!(2020 - 01 - 01).to_julian_day();
    let hi = date!(2030 - 12 - 31).to_julian_day();
    (lo..=hi).prop_map(|jd| Date::from_julian_day(jd).unwrap())
}

proptest! {
    #[test]
    fn escape_days_extend_term_and_early_release_day_for_day(
        decided in any_date(), after in 0u32..700, away in 0u32..200
    ) {
        let escaped = extend_by_days(decided, after);
        let m = run(Measure::compulsory_isolation(decided, None), &[
            Event::Escape { on: escaped },
            Event::Return { on: extend_by_days(escaped, away), recaptured: false },
        ]);
        let c = cal();
        prop_assert_eq!(
            m.term_end(&c).unwrap().date,
            extend_by_days(period_end(decided, Period::Years(2)), away)
        );
        prop_assert_eq!(
            m.earliest_early_release(&c).unwrap().date,
            extend_by_days(period_end(decided, Period::Years(1)), away)
        );
    }

    #[test]
    fn early_release_is_refused_before_one_year_and_allowed_from_it(
        decided in any_date(), offset in 1u32..365
    ) {
        let c = cal();
        let m = Measure::compulsory_isolation(decided, None);
        let year = period_end(decided, Period::Years(1));
        let before = Date::from_julian_day(year.to_julian_day() - i32::try_from(offset).unwrap()).unwrap();
        let too_soon = m.apply(&Event::EarlyRelease { on: before }, &c).unwrap_err();
        prop_assert_eq!(too_soon.code(), "measure.early_release_too_soon");
        let ok = m.apply(&Event::EarlyRelease { on: extend_by_days(year, offset) }, &c);
        prop_assert!(ok.is_ok());
    }
}
