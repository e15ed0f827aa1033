//! The JDTL 20 counters of a running community measure, in one place: tests
//! refused or evaded (JDTL 20(1)) and unauthorised absences (JDTL 20(2)) —
//! trips without approval, the days of an approved trip outside its
//! approval, and absences found without any request — as of today. The
//! tests view, the leave view and (through the tests view) the work queue
//! all count through here, so they cannot disagree.

use jindu_domain::drug_tests::DrugTest;
use jindu_domain::leave::{LeaveRequest, UnauthorisedAbsence, UnreportedAbsence};
use jindu_domain::violations::{ViolationEvent, ViolationStatus, assess};
use time::Date;

use crate::leave::{AbsenceRow, LeaveRow};

/// The domain request of a stored one.
pub(crate) fn domain_request(row: &LeaveRow) -> LeaveRequest {
    LeaveRequest {
        from: row.from_date,
        to: row.to_date,
        approved: match row.state.as_str() {
            "approved" => Some(true),
            "refused" => Some(false),
            _ => None,
        },
        departed: row.departed_date,
        returned: row.returned_date,
    }
}

/// The domain absence of a stored one.
pub(crate) fn domain_absence(row: &AbsenceRow) -> UnreportedAbsence {
    UnreportedAbsence {
        departed: row.departed_date,
        returned: Some(row.returned_date),
    }
}

/// The unauthorised absences of one measure as of `today`, oldest first.
pub(crate) fn unauthorised(
    requests: &[LeaveRow],
    absences: &[AbsenceRow],
    measure_id: &str,
    today: Date,
) -> Vec<UnauthorisedAbsence> {
    let mut out: Vec<UnauthorisedAbsence> = requests
        .iter()
        .filter(|r| r.measure_id == measure_id)
        .filter_map(|r| domain_request(r).unauthorised_absence(today))
        .chain(
            absences
                .iter()
                .filter(|a| a.measure_id == measure_id)
                .filter_map(|a| domain_absence(a).unauthorised_absence(today)),
        )
        .collect();
    out.sort_by_key(|a| a.from);
    out
}

/// JDTL 20 over the tests and absences of one measure.
pub(crate) fn counters(tests: &[DrugTest], absences: &[UnauthorisedAbsence]) -> ViolationStatus {
    let events: Vec<ViolationEvent> = tests
        .iter()
        .filter_map(DrugTest::violation_event)
        .chain(absences.iter().copied().map(ViolationEvent::from))
        .collect();
    assess(&events)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jindu_domain::drug_tests::{TestMethod, TestResult, TestSetting};
    use time::macros::date;

    fn row(measure: &str, state: &str, departed: Option<Date>, returned: Option<Date>) -> LeaveRow {
        LeaveRow {
            id: "l".into(),
            person_id: "p".into(),
            measure_id: measure.into(),
            org_path: "/1/".into(),
            request_date: date!(2024 - 04 - 30),
            from_date: date!(2024 - 05 - 06),
            to_date: date!(2024 - 05 - 16),
            destination_enc: Vec::new(),
            reason: String::new(),
            state: state.into(),
            requested_by: None,
            requested_by_name: None,
            decision_date: None,
            decided_by_name: None,
            decided_at: None,
            departed_date: departed,
            returned_date: returned,
        }
    }

    fn absence(measure: &str, from: Date, to: Date) -> AbsenceRow {
        AbsenceRow {
            id: "a".into(),
            measure_id: measure.into(),
            departed_date: from,
            returned_date: to,
            recorded_by: None,
        }
    }

    #[test]
    fn counts_only_the_measure_asked_for_and_tests_with_absences() {
        let today = date!(2024 - 12 - 31);
        let requests = [
            // Approved, back 2 days late: 2 unauthorised days.
            row(
                "m",
                "approved",
                Some(date!(2024 - 05 - 06)),
                Some(date!(2024 - 05 - 18)),
            ),
            // Approved and kept: nothing.
            row(
                "m",
                "approved",
                Some(date!(2024 - 05 - 06)),
                Some(date!(2024 - 05 - 16)),
            ),
            // Refused and gone anyway: every day.
            row(
                "m",
                "refused",
                Some(date!(2024 - 05 - 06)),
                Some(date!(2024 - 05 - 10)),
            ),
            // Another measure's: not counted.
            row(
                "old",
                "requested",
                Some(date!(2024 - 05 - 06)),
                Some(date!(2024 - 06 - 30)),
            ),
        ];
        let absences = [
            absence("m", date!(2024 - 07 - 01), date!(2024 - 07 - 04)),
            // Two days needed no report: no absence.
            absence("m", date!(2024 - 08 - 01), date!(2024 - 08 - 03)),
        ];
        let found = unauthorised(&requests, &absences, "m", today);
        let days: Vec<u32> = found.iter().map(|a| a.days).collect();
        assert_eq!(days, vec![4, 2, 3]);
        let status = counters(&[], &found);
        assert_eq!(status.unauthorised_absences, 3);
        assert_eq!(status.absence_days, 9);
        assert!(status.serious, "3 absences (JDTL 20(2))");
        let evaded = DrugTest {
            on: date!(2024 - 03 - 01),
            method: TestMethod::Urine,
            setting: TestSetting::OnSite,
            result: TestResult::Evaded,
            unannounced: false,
        };
        let status = counters(&[evaded.clone(), evaded], &found[..1]);
        assert_eq!(status.refused_or_evaded_tests, 2);
        assert_eq!(status.unauthorised_absences, 1);
        assert!(!status.serious);
    }
}
