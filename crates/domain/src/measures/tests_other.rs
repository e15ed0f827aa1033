//! Voluntary detox, maintenance therapy, codes and warnings.

use time::macros::date;

use super::*;
use crate::calendar::HolidayCalendar;
use crate::sex::Sex;

fn cal() -> HolidayCalendar {
    HolidayCalendar::china_2024_2026()
}

#[test]
fn voluntary_detox_has_no_term_and_finishes_any_day() {
    let m = Measure::voluntary_detox(date!(2025 - 04 - 01));
    assert_eq!(m.state(), MeasureState::Executing);
    assert!(m.term_end(&cal()).is_none());
    assert!(m.deadlines(&cal()).is_empty());
    let done = m
        .apply(
            &Event::Complete {
                on: date!(2025 - 04 - 20),
            },
            &cal(),
        )
        .unwrap();
    assert_eq!(done.state(), MeasureState::Completed);
    let err = m
        .apply(
            &Event::ReportIn {
                on: date!(2025 - 04 - 02),
                late_reason: None,
            },
            &cal(),
        )
        .unwrap_err();
    assert_eq!(err.code(), "measure.event_not_for_kind");
}

#[test]
fn maintenance_therapy_is_filed_with_the_police_once() {
    let m = Measure::maintenance_therapy(date!(2025 - 04 - 01));
    let filed = m
        .apply(
            &Event::FileWithPolice {
                on: date!(2025 - 04 - 03),
            },
            &cal(),
        )
        .unwrap();
    assert_eq!(filed.filed_on(), Some(date!(2025 - 04 - 03)));
    let err = filed
        .apply(
            &Event::FileWithPolice {
                on: date!(2025 - 04 - 04),
            },
            &cal(),
        )
        .unwrap_err();
    assert_eq!(err.code(), "measure.already_recorded");
    let ended = filed
        .apply(
            &Event::Terminate {
                on: date!(2025 - 09 - 01),
                cause: EndCause::Other,
            },
            &cal(),
        )
        .unwrap();
    assert_eq!(ended.state(), MeasureState::Ended);
}

#[test]
fn codes_are_stable_and_round_trip() {
    for kind in MeasureKind::ALL {
        assert_eq!(MeasureKind::from_code(kind.code()), Some(kind));
    }
    assert_eq!(MeasureKind::from_code("isolation"), None);
    assert_eq!(MeasureState::DeemedRefused.code(), "deemed_refused");
    assert_eq!(DeadlineName::ReleaseNotice.article(), "JDTL 23");
    assert!(DeadlineName::ReportIn.is_act() && !DeadlineName::TermEnd.is_act());
    assert_eq!(
        Event::ReportRefusalToPolice {
            on: date!(2025 - 01 - 01)
        }
        .code(),
        "report_refusal_to_police"
    );
}

#[test]
fn isolation_warnings_follow_jdf_39() {
    assert_eq!(
        isolation_warnings(Sex::Female, true, 30),
        vec![Warning::IsolationNotForPregnantOrBreastfeeding]
    );
    assert_eq!(
        isolation_warnings(Sex::Male, false, 15),
        vec![Warning::IsolationMinorUnder16MayBeExempted]
    );
    assert_eq!(isolation_warnings(Sex::Female, true, 15).len(), 2);
    assert!(isolation_warnings(Sex::Male, true, 16).is_empty());
    assert!(isolation_warnings(Sex::Female, false, 16).is_empty());
    assert_eq!(
        Warning::IsolationMinorUnder16MayBeExempted.basis(),
        "JDF 39"
    );
}

#[test]
fn downgrade_and_fine_warnings() {
    let c = cal();
    let executing = Measure::compulsory_isolation(date!(2024 - 03 - 10), None);
    let completed = executing
        .apply(
            &Event::Complete {
                on: date!(2026 - 03 - 10),
            },
            &c,
        )
        .unwrap();

    // Rehabilitation after a served isolation is the law's follow-up (JDF 48).
    assert!(
        replacement_warnings(
            Some(&completed),
            Disposal::Measure(MeasureKind::CommunityRehab),
            true
        )
        .is_empty()
    );
    // A lesser measure instead of an isolation still to be carried out.
    assert_eq!(
        replacement_warnings(
            Some(&executing),
            Disposal::Measure(MeasureKind::CommunityDetox),
            false
        ),
        vec![Warning::DowngradedFromIsolation]
    );
    assert!(
        replacement_warnings(
            Some(&executing),
            Disposal::Measure(MeasureKind::CompulsoryIsolation),
            true
        )
        .is_empty()
    );
    assert_eq!(
        replacement_warnings(Some(&executing), Disposal::Fine, true),
        vec![
            Warning::FineInPlaceOfIsolation,
            Warning::FineInPlaceOfTreatment
        ]
    );
    assert_eq!(
        replacement_warnings(None, Disposal::Fine, true),
        vec![Warning::FineInPlaceOfTreatment]
    );
    assert!(replacement_warnings(None, Disposal::Fine, false).is_empty());

    assert_eq!(
        unmeasured_warning(true, false),
        Some(Warning::SeverelyAddictedWithoutMeasure)
    );
    assert_eq!(unmeasured_warning(true, true), None);
    assert_eq!(unmeasured_warning(false, false), None);
    assert!(
        Warning::FineInPlaceOfTreatment
            .message_zh()
            .contains("不得以罚代戒")
    );
}
