//! Community detox and rehabilitation against hand-worked dates.

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

fn report_in(on: Date) -> Event {
    Event::ReportIn {
        on,
        late_reason: None,
    }
}

fn detox(served: Date) -> Measure {
    Measure::community_detox(served, served).unwrap()
}

#[test]
fn whole_lifecycle_with_leap_day_transfer_and_pause() {
    // Decided 20 Feb 2024, received 22 Feb; day 15 is Fri 8 Mar 2024.
    let m = Measure::community_detox(date!(2024 - 02 - 20), date!(2024 - 02 - 22)).unwrap();
    assert_eq!(m.state(), MeasureState::Ordered);
    assert_eq!(
        m.report_in_deadline(&cal()).unwrap().date,
        date!(2024 - 03 - 08)
    );

    // Reported in on the leap day: 3 years end 28 Feb 2027 (民法典 Art 202).
    let m = run(m, &[report_in(date!(2024 - 02 - 29))]);
    assert_eq!(m.state(), MeasureState::ReportedIn);
    assert!(m.refusal().is_none());
    assert_eq!(m.term_end(&cal()).unwrap().date, date!(2027 - 02 - 28));

    let m = run(
        m,
        &[
            Event::SignAgreement {
                on: date!(2024 - 03 - 05),
            },
            Event::Transfer {
                on: date!(2025 - 06 - 10),
            },
        ],
    );
    assert_eq!(m.state(), MeasureState::Transferred);
    let transfer = Measure::transfer_report_deadline(&m.transfers()[0], &cal());
    assert_eq!(transfer.date, date!(2025 - 06 - 25));
    // The term continues through a transfer (JDTL 22).
    assert_eq!(m.term_end(&cal()).unwrap().date, date!(2027 - 02 - 28));

    let m = run(
        m,
        &[
            Event::ReportAtNewPlace {
                on: date!(2025 - 06 - 20),
            },
            Event::Pause {
                on: date!(2025 - 08 - 01),
                cause: PauseCause::Detention,
            },
        ],
    );
    assert_eq!(m.state(), MeasureState::Paused);
    let provisional = m.term_end(&cal()).unwrap();
    assert!(
        provisional
            .steps
            .iter()
            .any(|s| matches!(s, Step::StillRunning { .. }))
    );

    // Released after 15 days: the term ends 15 days later (JDTL 24).
    let m = run(
        m,
        &[Event::Resume {
            on: date!(2025 - 08 - 16),
        }],
    );
    assert_eq!(m.state(), MeasureState::UnderAgreement);
    let term = m.term_end(&cal()).unwrap();
    assert_eq!(term.date, date!(2027 - 03 - 15));
    assert!(term.explain_zh().contains("中止15日不计入期限"));

    assert_eq!(
        code(
            &m,
            Event::Complete {
                on: date!(2027 - 03 - 14)
            }
        ),
        "measure.term_not_served"
    );
    let m = run(
        m,
        &[Event::Complete {
            on: date!(2027 - 03 - 15),
        }],
    );
    assert_eq!(m.state(), MeasureState::Completed);

    // Police notified within 7 days of the release (JDTL 23): Mon 22 Mar 2027,
    // computed without a 2027 notice, which the explanation says.
    let notice = m.release_notice_deadline(&cal()).unwrap();
    assert_eq!(notice.date, date!(2027 - 03 - 22));
    assert!(notice.steps.contains(&Step::CalendarMissing { year: 2027 }));
    let status = m.status_on(date!(2027 - 03 - 16), &cal());
    assert_eq!(status.due.len(), 1);
    assert_eq!(status.due[0].name, DeadlineName::ReleaseNotice);
    assert_eq!(status.due[0].days_left, 6);

    let m = run(
        m,
        &[Event::NotifyPoliceOfRelease {
            on: date!(2027 - 03 - 19),
        }],
    );
    let deadlines = m.deadlines(&cal());
    let names: Vec<_> = deadlines.iter().map(|d| d.name).collect();
    assert_eq!(
        names,
        vec![
            DeadlineName::ReportIn,
            DeadlineName::TransferReport,
            DeadlineName::TermEnd,
            DeadlineName::ReleaseNotice
        ]
    );
    assert!(deadlines.iter().all(|d| d.met_on.is_some()));
    assert!(m.status_on(date!(2027 - 03 - 20), &cal()).due.is_empty());
    assert_eq!(
        code(
            &m,
            Event::NotifyPoliceOfRelease {
                on: date!(2027 - 03 - 20)
            }
        ),
        "measure.already_recorded"
    );
}

#[test]
fn report_in_on_day_14_is_on_time_and_day_16_is_a_deemed_refusal() {
    // Received Mon 3 Mar 2025; day 15 is Tue 18 Mar.
    let m = detox(date!(2025 - 03 - 03));
    let on_time = run(m.clone(), &[report_in(date!(2025 - 03 - 17))]);
    assert!(on_time.refusal().is_none());

    let late = run(m, &[report_in(date!(2025 - 03 - 19))]);
    assert_eq!(late.state(), MeasureState::ReportedIn);
    let refusal = late.refusal().unwrap();
    assert_eq!(refusal.deemed_on, date!(2025 - 03 - 19));
    assert_eq!(refusal.reported_to_police_on, None);
    // The term still runs from the actual report-in (JDTL 14).
    assert_eq!(late.term_end(&cal()).unwrap().date, date!(2028 - 03 - 19));
    let status = late.status_on(date!(2025 - 03 - 20), &cal());
    assert!(status.deemed_refused && status.refusal_to_report);
    assert!(!status.refusal_to_record);

    let reported = run(
        late,
        &[Event::ReportRefusalToPolice {
            on: date!(2025 - 03 - 20),
        }],
    );
    assert!(
        !reported
            .status_on(date!(2025 - 03 - 21), &cal())
            .refusal_to_report
    );
}

#[test]
fn report_in_deadline_in_spring_festival_moves_to_the_first_working_day() {
    // Received Thu 5 Feb 2026; day 15 (Fri 20 Feb) is in the Spring Festival.
    let m = detox(date!(2026 - 02 - 05));
    let deadline = m.report_in_deadline(&cal()).unwrap();
    assert_eq!(deadline.date, date!(2026 - 02 - 24));
    assert!(deadline.explain_zh().contains("春节"));
    assert!(
        run(m.clone(), &[report_in(date!(2026 - 02 - 24))])
            .refusal()
            .is_none()
    );
    assert!(
        run(m, &[report_in(date!(2026 - 02 - 25))])
            .refusal()
            .is_some()
    );
}

#[test]
fn report_in_deadline_in_national_day_2025_moves() {
    let m = detox(date!(2025 - 09 - 20));
    assert_eq!(
        m.report_in_deadline(&cal()).unwrap().date,
        date!(2025 - 10 - 09)
    );
}

#[test]
fn report_in_deadline_on_a_make_up_saturday_does_not_move() {
    let m = detox(date!(2026 - 02 - 13));
    assert_eq!(
        m.report_in_deadline(&cal()).unwrap().date,
        date!(2026 - 02 - 28)
    );
    assert!(
        run(m, &[report_in(date!(2026 - 03 - 02))])
            .refusal()
            .is_some()
    );
}

#[test]
fn deemed_refusal_is_recorded_only_after_the_deadline_and_never_undone() {
    let m = detox(date!(2025 - 03 - 03));
    assert_eq!(
        code(
            &m,
            Event::DeemRefused {
                on: date!(2025 - 03 - 18)
            }
        ),
        "measure.report_in_deadline_not_passed"
    );
    // Not yet recorded, but the status already shows it.
    let status = m.status_on(date!(2025 - 03 - 19), &cal());
    assert!(status.deemed_refused && status.refusal_to_record && status.refusal_to_report);
    assert_eq!(status.due[0].days_left, -1);

    let refused = run(
        m,
        &[Event::DeemRefused {
            on: date!(2025 - 03 - 19),
        }],
    );
    assert_eq!(refused.state(), MeasureState::DeemedRefused);
    assert!(
        refused
            .status_on(date!(2025 - 03 - 20), &cal())
            .due
            .is_empty()
    );

    // A later report-in with a reason is recorded; the refusal stays.
    let later = run(
        refused,
        &[
            Event::ReportRefusalToPolice {
                on: date!(2025 - 03 - 20),
            },
            Event::ReportIn {
                on: date!(2025 - 03 - 25),
                late_reason: Some("住院".to_owned()),
            },
        ],
    );
    assert_eq!(later.state(), MeasureState::ReportedIn);
    assert_eq!(later.late_report_reason(), Some("住院"));
    assert_eq!(later.refusal().unwrap().deemed_on, date!(2025 - 03 - 19));
    assert_eq!(
        code(
            &later,
            Event::ReportRefusalToPolice {
                on: date!(2025 - 03 - 26)
            }
        ),
        "measure.refusal_already_reported"
    );
}

#[test]
fn a_good_reason_given_with_a_late_report_in_prevents_the_refusal() {
    let m = detox(date!(2025 - 03 - 03));
    let late = run(
        m,
        &[Event::ReportIn {
            on: date!(2025 - 03 - 25),
            late_reason: Some("拘留期间无法报到".to_owned()),
        }],
    );
    assert!(late.refusal().is_none());
    assert_eq!(late.late_report_reason(), Some("拘留期间无法报到"));
    // A blank reason is no reason.
    let blank = run(
        detox(date!(2025 - 03 - 03)),
        &[Event::ReportIn {
            on: date!(2025 - 03 - 25),
            late_reason: Some("  ".to_owned()),
        }],
    );
    assert!(blank.refusal().is_some());
}

#[test]
fn imprisonment_ends_the_measure_and_closes_the_pause() {
    let m = run(
        detox(date!(2025 - 03 - 03)),
        &[
            report_in(date!(2025 - 03 - 10)),
            Event::SignAgreement {
                on: date!(2025 - 03 - 10),
            },
            Event::Pause {
                on: date!(2025 - 05 - 01),
                cause: PauseCause::Arrest,
            },
            Event::Terminate {
                on: date!(2025 - 09 - 01),
                cause: EndCause::Imprisonment,
            },
        ],
    );
    assert_eq!(m.state(), MeasureState::Ended);
    assert_eq!(m.end_cause(), Some(EndCause::Imprisonment));
    assert_eq!(m.pauses()[0].until, Some(date!(2025 - 09 - 01)));
    let status = m.status_on(date!(2025 - 09 - 02), &cal());
    assert!(status.due.is_empty() && status.term_days_left.is_none() && !status.completion_due);
    assert_eq!(
        code(
            &m,
            Event::Terminate {
                on: date!(2025 - 09 - 02),
                cause: EndCause::Death
            }
        ),
        "measure.event_not_in_state"
    );
}

#[test]
fn a_pause_during_a_transfer_resumes_into_the_transfer() {
    let m = run(
        detox(date!(2025 - 03 - 03)),
        &[
            report_in(date!(2025 - 03 - 10)),
            Event::SignAgreement {
                on: date!(2025 - 03 - 10),
            },
            Event::Transfer {
                on: date!(2025 - 04 - 01),
            },
            Event::Pause {
                on: date!(2025 - 04 - 03),
                cause: PauseCause::Detention,
            },
            Event::Resume {
                on: date!(2025 - 04 - 13),
            },
        ],
    );
    assert_eq!(m.state(), MeasureState::Transferred);
    // Overdue on 2025-04-17 (deadline Wed 16 Apr).
    let status = m.status_on(date!(2025 - 04 - 17), &cal());
    assert_eq!(status.due[0].name, DeadlineName::TransferReport);
    assert_eq!(status.due[0].days_left, -1);
    assert_eq!(m.term_end(&cal()).unwrap().date, date!(2028 - 03 - 20));
}

#[test]
fn invalid_transitions_are_refused_with_codes() {
    let ordered = detox(date!(2025 - 03 - 03));
    let d = date!(2025 - 03 - 05);
    assert_eq!(
        code(&ordered, Event::SignAgreement { on: d }),
        "measure.event_not_in_state"
    );
    assert_eq!(
        code(
            &ordered,
            Event::Pause {
                on: d,
                cause: PauseCause::Detention
            }
        ),
        "measure.event_not_in_state"
    );
    assert_eq!(
        code(&ordered, Event::Complete { on: d }),
        "measure.event_not_in_state"
    );
    assert_eq!(
        code(&ordered, Event::Escape { on: d }),
        "measure.event_not_for_kind"
    );
    assert_eq!(
        code(&ordered, Event::FileWithPolice { on: d }),
        "measure.event_not_for_kind"
    );
    assert_eq!(
        code(&ordered, Event::ReportRefusalToPolice { on: d }),
        "measure.no_refusal"
    );
    assert_eq!(
        code(&ordered, report_in(date!(2025 - 03 - 01))),
        "measure.event_out_of_order"
    );
    assert_eq!(
        Measure::community_detox(date!(2025 - 03 - 03), date!(2025 - 03 - 02))
            .unwrap_err()
            .code(),
        "measure.served_before_decision"
    );

    let running = run(
        ordered,
        &[
            report_in(d),
            Event::SignAgreement { on: d },
            Event::Pause {
                on: date!(2025 - 04 - 01),
                cause: PauseCause::Detention,
            },
        ],
    );
    let later = date!(2028 - 06 - 01);
    assert_eq!(
        code(&running, Event::Complete { on: later }),
        "measure.event_not_in_state"
    );
    assert_eq!(
        code(&running, Event::Transfer { on: later }),
        "measure.event_not_in_state"
    );
    assert_eq!(
        code(&running, report_in(later)),
        "measure.event_not_in_state"
    );
    assert_eq!(
        code(&running, Event::NotifyPoliceOfRelease { on: later }),
        "measure.event_not_in_state"
    );
    assert_eq!(
        code(&running, Event::ReportAtNewPlace { on: later }),
        "measure.event_not_in_state"
    );
    // A refused event leaves the measure as it was.
    assert_eq!(running.state(), MeasureState::Paused);
}

#[test]
fn rehabilitation_term_is_at_most_three_years_from_report_in() {
    let decided = date!(2025 - 09 - 19);
    for (term, ok) in [
        (Period::Years(3), true),
        (Period::Months(36), true),
        (Period::Months(18), true),
        // 19 Sep 2025 + 3 years is 1096 days (29 Feb 2028 falls inside).
        (Period::Days(1096), true),
        (Period::Days(1097), false),
        (Period::Months(37), false),
        (Period::Years(4), false),
    ] {
        let result = Measure::community_rehab(decided, decided, term);
        assert_eq!(result.is_ok(), ok, "{term:?}");
        if let Err(e) = result {
            assert_eq!(e.code(), "measure.term_too_long");
        }
    }
    assert_eq!(
        Measure::community_rehab(decided, decided, Period::Months(0))
            .unwrap_err()
            .code(),
        "measure.empty_period"
    );
}

#[test]
fn rehabilitation_lifecycle() {
    // Released from isolation, rehabilitation for 2 years; received Sat 20
    // Sep 2025, deadline moved past National Day to Thu 9 Oct.
    let m = Measure::community_rehab(
        date!(2025 - 09 - 19),
        date!(2025 - 09 - 20),
        Period::Years(2),
    )
    .unwrap();
    assert_eq!(m.kind(), MeasureKind::CommunityRehab);
    assert_eq!(
        m.report_in_deadline(&cal()).unwrap().date,
        date!(2025 - 10 - 09)
    );
    let m = run(
        m,
        &[
            report_in(date!(2025 - 10 - 09)),
            Event::SignAgreement {
                on: date!(2025 - 10 - 09),
            },
        ],
    );
    assert!(m.refusal().is_none());
    let term = m.term_end(&cal()).unwrap();
    assert_eq!(term.date, date!(2027 - 10 - 09));
    let status = m.status_on(date!(2027 - 10 - 09), &cal());
    assert!(status.completion_due);
    assert_eq!(status.term_days_left, Some(0));
    let m = run(
        m,
        &[Event::Complete {
            on: date!(2027 - 10 - 09),
        }],
    );
    assert_eq!(m.state(), MeasureState::Completed);
    assert_eq!(m.closed_on(), Some(date!(2027 - 10 - 09)));
}

#[test]
fn a_term_ending_on_a_holiday_is_not_lengthened() {
    // Reported in 1 Oct 2023: 3 years end on National Day 2026, unmoved.
    let m = run(
        Measure::community_detox(date!(2023 - 09 - 25), date!(2023 - 09 - 26)).unwrap(),
        &[report_in(date!(2023 - 10 - 01))],
    );
    let term = m.term_end(&cal()).unwrap();
    assert_eq!(term.date, date!(2026 - 10 - 01));
    assert!(matches!(term.steps.last(), Some(Step::TermNotMoved { .. })));
    assert!(term.explain_en().contains("not lengthened"));
}

fn any_date() -> impl Strategy<Value = Date> {
    let lo = date!(2020 - 01 - 01).to_julian_day();
    let hi = date!(2030 - 12 - 31).to_julian_day();
    (lo..=hi).prop_map(|jd| Date::from_julian_day(jd).unwrap())
}

proptest! {
    #[test]
    fn pause_days_extend_the_term_day_for_day(
        served in any_date(), wait in 0u32..15, start in 1u32..900, days in 0u32..400
    ) {
        let reported = extend_by_days(served, wait);
        let paused = extend_by_days(reported, start);
        let m = run(detox(served), &[
            report_in(reported),
            Event::Pause { on: paused, cause: PauseCause::Detention },
            Event::Resume { on: extend_by_days(paused, days) },
        ]);
        let expected = extend_by_days(period_end(reported, Period::Years(3)), days);
        prop_assert_eq!(m.term_end(&cal()).unwrap().date, expected);
    }

    #[test]
    fn report_in_deadline_is_an_act_deadline_on_a_working_day(served in any_date()) {
        let c = cal();
        let deadline = detox(served).report_in_deadline(&c).unwrap().date;
        prop_assert!(deadline >= period_end(served, Period::Days(15)));
        prop_assert!(!c.is_rest_day(deadline));
    }
}
