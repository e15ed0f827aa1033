//! Where a measure stands on a given day: what the work queue and the
//! person file show. "Today" is a parameter; the clock lives in the store.

use serde::{Deserialize, Serialize};
use time::Date;

use super::deadlines::DeadlineName;
use super::state::{Measure, MeasureState};
use crate::calendar::HolidayCalendar;
use crate::periods::days_left;

/// An act still to be done, with the days left (negative when overdue).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    /// Which deadline.
    pub name: DeadlineName,
    /// Its date.
    pub date: Date,
    /// Days from today; 0 = due today, negative = overdue.
    pub days_left: i64,
}

/// The status of a measure on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// The recorded state.
    pub state: MeasureState,
    /// Deemed refusal (JDTL 14): recorded, or the deadline has passed
    /// without a report-in even if nobody recorded it yet.
    pub deemed_refused: bool,
    /// The refusal still has to be recorded (deadline passed, state still
    /// `Ordered`).
    pub refusal_to_record: bool,
    /// The refusal still has to be reported to the police (JDTL 21).
    pub refusal_to_report: bool,
    /// Last day of the term, when known.
    pub term_end: Option<Date>,
    /// Days until the term's end (negative once past).
    pub term_days_left: Option<i64>,
    /// The term is over but no completion was recorded.
    pub completion_due: bool,
    /// Acts still to be done: report-in, transfer report, release notice.
    pub due: Vec<Due>,
}

impl Measure {
    /// The status on `today`.
    #[must_use]
    pub fn status_on(&self, today: Date, cal: &HolidayCalendar) -> Status {
        let deadlines = self.deadlines(cal);
        let due: Vec<Due> = deadlines
            .iter()
            .filter(|d| d.name.is_act() && d.met_on.is_none() && self.act_pending(d.name))
            .map(|d| Due {
                name: d.name,
                date: d.computed.date,
                days_left: days_left(d.computed.date, today),
            })
            .collect();
        let report_in_passed = self.state == MeasureState::Ordered
            && due
                .iter()
                .any(|d| d.name == DeadlineName::ReportIn && d.days_left < 0);
        let deemed_refused = self.refusal.is_some() || report_in_passed;
        let reported = self
            .refusal
            .as_ref()
            .is_some_and(|r| r.reported_to_police_on.is_some());
        let term_end = deadlines
            .iter()
            .find(|d| d.name == DeadlineName::TermEnd)
            .map(|d| d.computed.date);
        let open = !self.state.is_closed();
        Status {
            state: self.state,
            deemed_refused,
            refusal_to_record: report_in_passed,
            refusal_to_report: deemed_refused && !reported,
            term_end,
            term_days_left: term_end.filter(|_| open).map(|end| days_left(end, today)),
            completion_due: open
                && self.state != MeasureState::Paused
                && self.state != MeasureState::Escaped
                && term_end.is_some_and(|end| end <= today),
            due,
        }
    }

    /// Whether an unmet act is still expected in the current state: a
    /// report-in only while ordered (afterwards the refusal replaces it), a
    /// transfer report while the measure runs, the release notice once
    /// completed.
    fn act_pending(&self, name: DeadlineName) -> bool {
        match name {
            DeadlineName::ReportIn => self.state == MeasureState::Ordered,
            DeadlineName::TransferReport => !self.state.is_closed(),
            DeadlineName::ReleaseNotice => self.state == MeasureState::Completed,
            _ => false,
        }
    }
}
