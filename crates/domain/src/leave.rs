//! Leaving the county during a measure (JDTL 19) and the unauthorised
//! absences that feed the JDTL 20 counters.
//!
//! JDTL 19: leaving the county of execution for 3 days or more ("3日以上",
//! which includes 3) needs a prior written report. We count days as the Civil
//! Code counts a period in days (民法典 Art 201): the day of departure is not
//! counted, so days away = return date − departure date, i.e. nights away.
//! Leaving Monday and returning Wednesday is 2 days and needs no report;
//! returning Thursday is 3 days and does. This reading is also the lenient
//! one, fitting a count that restricts the person.
//!
//! A trip that needs no report can never be an unauthorised absence: the
//! JDTL 20 limb "without approval" only bites where approval was needed.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use time::Date;

use crate::date_math::days_between;
use crate::violations::ViolationEvent;

/// JDTL 19: 3 days or more away need a prior written report.
pub const REQUEST_THRESHOLD_DAYS: u32 = 3;

/// Days away between departure and return, departure day not counted
/// (民法典 Art 201).
#[must_use]
pub fn days_away(departed: Date, returned: Date) -> u32 {
    days_between(departed, returned)
}

/// Whether a trip of `days` days (counted as [`days_away`]) needs a prior
/// written report and approval (JDTL 19).
#[must_use]
pub fn needs_request(days: u32) -> bool {
    days >= REQUEST_THRESHOLD_DAYS
}

/// A written leave report (请假) and what happened on the trip.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaveRequest {
    /// Planned departure.
    pub from: Date,
    /// Planned return.
    pub to: Date,
    /// `None` while undecided, then the township's decision.
    pub approved: Option<bool>,
    /// Actual departure, once recorded.
    pub departed: Option<Date>,
    /// Actual return, once recorded.
    pub returned: Option<Date>,
}

/// An absence the worker found without any leave report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnreportedAbsence {
    /// Departure, as established.
    pub departed: Date,
    /// Return, once it happened.
    pub returned: Option<Date>,
}

/// Why days of a trip are unauthorised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Unauthorised {
    /// Away 3 days or more with no approval (none asked, pending, or refused):
    /// every day away counts.
    Unapproved,
    /// Approved, but left before the approved departure or came back after
    /// the approved return: only the days outside the approval count.
    OutsideApproval {
        /// Days between the actual and the approved departure.
        early_days: u32,
        /// Days between the approved and the actual return (or today).
        overstay_days: u32,
    },
}

/// One unauthorised absence, a JDTL 20 "time", with its days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnauthorisedAbsence {
    /// Start of the unauthorised days (departure, or the approved return
    /// for a plain overstay).
    pub from: Date,
    /// Unauthorised days.
    pub days: u32,
    /// Why.
    pub kind: Unauthorised,
}

impl From<UnauthorisedAbsence> for ViolationEvent {
    fn from(absence: UnauthorisedAbsence) -> ViolationEvent {
        ViolationEvent::UnauthorisedAbsence {
            from: absence.from,
            days: absence.days,
        }
    }
}

/// A leave record that does not make sense.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum LeaveError {
    /// The planned return is before the planned departure.
    #[error("the planned return is before the planned departure")]
    ReturnBeforeDeparture,
    /// A return is recorded without a departure.
    #[error("a return needs a departure")]
    ReturnWithoutDeparture,
    /// The actual return is before the actual departure.
    #[error("the return is before the departure")]
    ReturnedBeforeDeparted,
    /// The request was already decided; a new decision is a new request.
    #[error("the request was already decided")]
    AlreadyDecided,
    /// The departure was already recorded.
    #[error("the departure was already recorded")]
    AlreadyDeparted,
    /// The return was already recorded.
    #[error("the return was already recorded")]
    AlreadyReturned,
}

impl LeaveRequest {
    /// A new, undecided request.
    ///
    /// # Errors
    /// [`LeaveError::ReturnBeforeDeparture`].
    pub fn new(from: Date, to: Date) -> Result<LeaveRequest, LeaveError> {
        let request = LeaveRequest {
            from,
            to,
            approved: None,
            departed: None,
            returned: None,
        };
        request.validate()?;
        Ok(request)
    }

    /// Checks the record's dates, e.g. after loading it.
    ///
    /// # Errors
    /// See [`LeaveError`].
    pub fn validate(&self) -> Result<(), LeaveError> {
        if self.to < self.from {
            return Err(LeaveError::ReturnBeforeDeparture);
        }
        match (self.departed, self.returned) {
            (None, Some(_)) => Err(LeaveError::ReturnWithoutDeparture),
            (Some(d), Some(r)) if r < d => Err(LeaveError::ReturnedBeforeDeparted),
            _ => Ok(()),
        }
    }

    /// Planned days away.
    #[must_use]
    pub fn planned_days(&self) -> u32 {
        days_away(self.from, self.to)
    }

    /// Whether the planned trip needs the report and approval (JDTL 19).
    /// Shorter trips may still be reported; they just need not be.
    #[must_use]
    pub fn needs_request(&self) -> bool {
        needs_request(self.planned_days())
    }

    /// Still waiting for the township's decision: a work-queue item.
    #[must_use]
    pub fn awaiting_decision(&self) -> bool {
        self.approved.is_none()
    }

    /// Records the township's decision.
    ///
    /// # Errors
    /// [`LeaveError::AlreadyDecided`].
    pub fn decide(&mut self, approve: bool) -> Result<(), LeaveError> {
        if self.approved.is_some() {
            return Err(LeaveError::AlreadyDecided);
        }
        self.approved = Some(approve);
        Ok(())
    }

    /// Records the departure.
    ///
    /// # Errors
    /// [`LeaveError::AlreadyDeparted`].
    pub fn depart(&mut self, on: Date) -> Result<(), LeaveError> {
        if self.departed.is_some() {
            return Err(LeaveError::AlreadyDeparted);
        }
        self.departed = Some(on);
        Ok(())
    }

    /// Records the return.
    ///
    /// # Errors
    /// [`LeaveError::ReturnWithoutDeparture`], [`LeaveError::AlreadyReturned`],
    /// [`LeaveError::ReturnedBeforeDeparted`].
    pub fn come_back(&mut self, on: Date) -> Result<(), LeaveError> {
        let departed = self.departed.ok_or(LeaveError::ReturnWithoutDeparture)?;
        if self.returned.is_some() {
            return Err(LeaveError::AlreadyReturned);
        }
        if on < departed {
            return Err(LeaveError::ReturnedBeforeDeparted);
        }
        self.returned = Some(on);
        Ok(())
    }

    /// The unauthorised part of this trip as of `today`, if any. A trip still
    /// under way counts up to `today`, so the days grow until the return.
    #[must_use]
    pub fn unauthorised_absence(&self, today: Date) -> Option<UnauthorisedAbsence> {
        let departed = self.departed?;
        let end = self.returned.unwrap_or(today);
        if !needs_request(days_away(departed, end)) {
            return None;
        }
        if self.approved != Some(true) {
            return Some(UnauthorisedAbsence {
                from: departed,
                days: days_away(departed, end),
                kind: Unauthorised::Unapproved,
            });
        }
        let early_days = days_between(departed, self.from);
        let overstay_days = days_between(self.to, end);
        if early_days == 0 && overstay_days == 0 {
            return None;
        }
        Some(UnauthorisedAbsence {
            from: if early_days > 0 { departed } else { self.to },
            days: early_days.saturating_add(overstay_days),
            kind: Unauthorised::OutsideApproval {
                early_days,
                overstay_days,
            },
        })
    }

    /// Days past the planned return with no return recorded, for the work
    /// queue; `None` when not away or not yet late.
    #[must_use]
    pub fn return_overdue(&self, today: Date) -> Option<u32> {
        if self.departed.is_none() || self.returned.is_some() || today <= self.to {
            return None;
        }
        Some(days_between(self.to, today))
    }
}

impl UnreportedAbsence {
    /// The absence as unauthorised, as of `today`, once it reaches the
    /// 3 days for which a report was required (JDTL 19).
    #[must_use]
    pub fn unauthorised_absence(&self, today: Date) -> Option<UnauthorisedAbsence> {
        let end = self.returned.unwrap_or(today);
        let days = days_away(self.departed, end);
        needs_request(days).then_some(UnauthorisedAbsence {
            from: self.departed,
            days,
            kind: Unauthorised::Unapproved,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::violations::{Reason, assess};
    use time::macros::date;

    fn trip(
        from: Date,
        to: Date,
        approved: Option<bool>,
        departed: Option<Date>,
        returned: Option<Date>,
    ) -> LeaveRequest {
        let request = LeaveRequest {
            from,
            to,
            approved,
            departed,
            returned,
        };
        request.validate().unwrap();
        request
    }

    #[test]
    fn three_days_need_a_request_two_do_not() {
        assert!(!needs_request(2));
        assert!(needs_request(3));
        // Mon 6 May → Wed 8 May is 2 days; → Thu 9 May is 3.
        assert!(
            !LeaveRequest::new(date!(2024 - 05 - 06), date!(2024 - 05 - 08))
                .unwrap()
                .needs_request()
        );
        assert!(
            LeaveRequest::new(date!(2024 - 05 - 06), date!(2024 - 05 - 09))
                .unwrap()
                .needs_request()
        );
        // A leap day is a day away.
        assert_eq!(days_away(date!(2024 - 02 - 27), date!(2024 - 03 - 01)), 3);
        assert_eq!(days_away(date!(2023 - 02 - 27), date!(2023 - 03 - 01)), 2);
        assert_eq!(days_away(date!(2024 - 05 - 06), date!(2024 - 05 - 06)), 0);
    }

    #[test]
    fn dates_are_validated() {
        assert_eq!(
            LeaveRequest::new(date!(2024 - 05 - 06), date!(2024 - 05 - 05)),
            Err(LeaveError::ReturnBeforeDeparture)
        );
        let mut r = LeaveRequest::new(date!(2024 - 05 - 06), date!(2024 - 05 - 10)).unwrap();
        assert_eq!(
            r.come_back(date!(2024 - 05 - 10)),
            Err(LeaveError::ReturnWithoutDeparture)
        );
        r.decide(true).unwrap();
        assert_eq!(r.decide(false), Err(LeaveError::AlreadyDecided));
        r.depart(date!(2024 - 05 - 06)).unwrap();
        assert_eq!(
            r.depart(date!(2024 - 05 - 07)),
            Err(LeaveError::AlreadyDeparted)
        );
        assert_eq!(
            r.come_back(date!(2024 - 05 - 05)),
            Err(LeaveError::ReturnedBeforeDeparted)
        );
        r.come_back(date!(2024 - 05 - 10)).unwrap();
        assert_eq!(
            r.come_back(date!(2024 - 05 - 11)),
            Err(LeaveError::AlreadyReturned)
        );
        let mut bad = r.clone();
        bad.departed = None;
        assert_eq!(bad.validate(), Err(LeaveError::ReturnWithoutDeparture));
        bad.departed = Some(date!(2024 - 05 - 11));
        assert_eq!(bad.validate(), Err(LeaveError::ReturnedBeforeDeparted));
    }

    #[test]
    fn approved_trip_kept_to_plan_is_fine() {
        let r = trip(
            date!(2024 - 05 - 06),
            date!(2024 - 05 - 16),
            Some(true),
            Some(date!(2024 - 05 - 06)),
            Some(date!(2024 - 05 - 16)),
        );
        assert_eq!(r.unauthorised_absence(date!(2024 - 06 - 01)), None);
        // Leaving later or returning earlier stays inside the approval.
        let r = trip(
            date!(2024 - 05 - 06),
            date!(2024 - 05 - 16),
            Some(true),
            Some(date!(2024 - 05 - 07)),
            Some(date!(2024 - 05 - 15)),
        );
        assert_eq!(r.unauthorised_absence(date!(2024 - 06 - 01)), None);
        assert!(!r.awaiting_decision());
    }

    #[test]
    fn overstay_counts_only_the_days_after_the_approved_return() {
        let r = trip(
            date!(2024 - 05 - 06),
            date!(2024 - 05 - 16),
            Some(true),
            Some(date!(2024 - 05 - 06)),
            Some(date!(2024 - 05 - 17)),
        );
        assert_eq!(
            r.unauthorised_absence(date!(2024 - 06 - 01)),
            Some(UnauthorisedAbsence {
                from: date!(2024 - 05 - 16),
                days: 1,
                kind: Unauthorised::OutsideApproval {
                    early_days: 0,
                    overstay_days: 1
                },
            })
        );
        // Still away: the overstay grows with today.
        let away = trip(
            date!(2024 - 05 - 06),
            date!(2024 - 05 - 16),
            Some(true),
            Some(date!(2024 - 05 - 06)),
            None,
        );
        assert_eq!(away.unauthorised_absence(date!(2024 - 05 - 16)), None);
        assert_eq!(
            away.unauthorised_absence(date!(2024 - 05 - 20))
                .map(|a| a.days),
            Some(4)
        );
    }

    #[test]
    fn early_departure_counts_too() {
        let r = trip(
            date!(2024 - 05 - 06),
            date!(2024 - 05 - 16),
            Some(true),
            Some(date!(2024 - 05 - 04)),
            Some(date!(2024 - 05 - 18)),
        );
        assert_eq!(
            r.unauthorised_absence(date!(2024 - 06 - 01)),
            Some(UnauthorisedAbsence {
                from: date!(2024 - 05 - 04),
                days: 4,
                kind: Unauthorised::OutsideApproval {
                    early_days: 2,
                    overstay_days: 2
                },
            })
        );
    }

    #[test]
    fn unapproved_trips_count_every_day_from_the_third() {
        for approved in [None, Some(false)] {
            let r = trip(
                date!(2024 - 05 - 06),
                date!(2024 - 05 - 16),
                approved,
                Some(date!(2024 - 05 - 06)),
                Some(date!(2024 - 05 - 11)),
            );
            assert_eq!(
                r.unauthorised_absence(date!(2024 - 06 - 01)),
                Some(UnauthorisedAbsence {
                    from: date!(2024 - 05 - 06),
                    days: 5,
                    kind: Unauthorised::Unapproved
                })
            );
        }
        // Two days away needed no approval, so it is no violation.
        let short = trip(
            date!(2024 - 05 - 06),
            date!(2024 - 05 - 08),
            Some(false),
            Some(date!(2024 - 05 - 06)),
            Some(date!(2024 - 05 - 08)),
        );
        assert_eq!(short.unauthorised_absence(date!(2024 - 06 - 01)), None);
        // Still away: not yet on day 2, counted from day 3.
        let away = trip(
            date!(2024 - 05 - 06),
            date!(2024 - 05 - 16),
            None,
            Some(date!(2024 - 05 - 06)),
            None,
        );
        assert_eq!(away.unauthorised_absence(date!(2024 - 05 - 08)), None);
        assert_eq!(
            away.unauthorised_absence(date!(2024 - 05 - 09))
                .map(|a| a.days),
            Some(3)
        );
        // Never left: nothing.
        let stayed = trip(
            date!(2024 - 05 - 06),
            date!(2024 - 05 - 16),
            Some(false),
            None,
            None,
        );
        assert_eq!(stayed.unauthorised_absence(date!(2024 - 06 - 01)), None);
        assert!(stayed.needs_request());
    }

    #[test]
    fn an_overstayed_short_approved_trip_stays_short() {
        // Approved for 1 day, back after 2: still under 3 days, no violation.
        let r = trip(
            date!(2024 - 05 - 06),
            date!(2024 - 05 - 07),
            Some(true),
            Some(date!(2024 - 05 - 06)),
            Some(date!(2024 - 05 - 08)),
        );
        assert_eq!(r.unauthorised_absence(date!(2024 - 06 - 01)), None);
        // Back after 3: the overstay day is unauthorised.
        let r = trip(
            date!(2024 - 05 - 06),
            date!(2024 - 05 - 07),
            Some(true),
            Some(date!(2024 - 05 - 06)),
            Some(date!(2024 - 05 - 09)),
        );
        assert_eq!(
            r.unauthorised_absence(date!(2024 - 06 - 01))
                .map(|a| a.days),
            Some(2)
        );
    }

    #[test]
    fn unreported_absences() {
        let a = UnreportedAbsence {
            departed: date!(2024 - 02 - 27),
            returned: Some(date!(2024 - 03 - 01)),
        };
        assert_eq!(
            a.unauthorised_absence(date!(2024 - 04 - 01))
                .map(|a| a.days),
            Some(3)
        );
        let a = UnreportedAbsence {
            departed: date!(2023 - 02 - 27),
            returned: Some(date!(2023 - 03 - 01)),
        };
        assert_eq!(a.unauthorised_absence(date!(2023 - 04 - 01)), None);
        let a = UnreportedAbsence {
            departed: date!(2024 - 01 - 01),
            returned: None,
        };
        assert_eq!(
            a.unauthorised_absence(date!(2024 - 02 - 01))
                .map(|a| a.days),
            Some(31)
        );
    }

    #[test]
    fn return_overdue_from_the_day_after_the_planned_return() {
        let r = trip(
            date!(2024 - 05 - 06),
            date!(2024 - 05 - 10),
            Some(true),
            Some(date!(2024 - 05 - 06)),
            None,
        );
        assert_eq!(r.return_overdue(date!(2024 - 05 - 10)), None);
        assert_eq!(r.return_overdue(date!(2024 - 05 - 11)), Some(1));
        assert_eq!(r.return_overdue(date!(2024 - 06 - 01)), Some(22));
        let back = trip(
            date!(2024 - 05 - 06),
            date!(2024 - 05 - 10),
            Some(true),
            Some(date!(2024 - 05 - 06)),
            Some(date!(2024 - 05 - 12)),
        );
        assert_eq!(back.return_overdue(date!(2024 - 06 - 01)), None);
        let not_left = trip(
            date!(2024 - 05 - 06),
            date!(2024 - 05 - 10),
            Some(true),
            None,
            None,
        );
        assert_eq!(not_left.return_overdue(date!(2024 - 06 - 01)), None);
    }

    #[test]
    fn absences_feed_the_violation_counters() {
        // Three one-day overstays: 3 times (JDTL 20), though only 3 days.
        let overstay = |month| {
            let from = Date::from_calendar_date(2024, month, 1).unwrap();
            let to = from + time::Duration::days(4);
            trip(
                from,
                to,
                Some(true),
                Some(from),
                Some(to + time::Duration::days(1)),
            )
        };
        let events: Vec<ViolationEvent> =
            [time::Month::March, time::Month::April, time::Month::May]
                .into_iter()
                .filter_map(|m| overstay(m).unauthorised_absence(date!(2024 - 12 - 31)))
                .map(ViolationEvent::from)
                .collect();
        let status = assess(&events[..2]);
        assert!(!status.serious);
        let status = assess(&events);
        assert_eq!(status.reasons, vec![Reason::Absences { count: 3 }]);
        assert_eq!(status.absence_days, 3);

        // One unapproved trip of 31 days (Jan 1 → Feb 1) is serious; 30 is not.
        let long = |back| UnreportedAbsence {
            departed: date!(2024 - 01 - 01),
            returned: Some(back),
        };
        let thirty = long(date!(2024 - 01 - 31))
            .unauthorised_absence(date!(2024 - 03 - 01))
            .unwrap();
        assert!(!assess(&[thirty.into()]).serious);
        let thirty_one = long(date!(2024 - 02 - 01))
            .unauthorised_absence(date!(2024 - 03 - 01))
            .unwrap();
        assert_eq!(
            assess(&[thirty_one.into()]).reasons,
            vec![Reason::AbsenceDays { days: 31 }]
        );
    }
}
