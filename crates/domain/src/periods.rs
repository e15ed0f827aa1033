//! Computing periods (期间) as the Civil Code does, with an explanation of
//! every step so that pages can show how each date was reached.
//!
//! - 民法典 Art 200: periods are counted in calendar years, months and days.
//! - Art 201: the starting day is not counted; counting begins the next day,
//!   so a period of N days from D ends on D + N.
//! - Art 202: a period in months or years ends on the corresponding day of
//!   the final month, or on that month's last day if it has none.
//! - Art 203: if the last day is a rest day (法定休假日: weekends and
//!   statutory holidays), the period ends on the day after the rest days.
//! - Art 204: these rules apply unless a law provides otherwise; the drug
//!   laws state periods but no counting rule of their own.
//!
//! Two kinds of period are distinguished:
//!
//! - a **deadline for an act** (reporting in, filing, notifying) is moved
//!   past rest days by Art 203 ([`act_deadline`]): the offices that receive
//!   the act are closed, and the deadline exists to give the person time;
//! - the **term of a measure** (3 years of community detox, 2 years of
//!   compulsory isolation) is not lengthened by holidays ([`term_end`]). Our
//!   reading: a term restricts the person and moving its end would extend
//!   the restriction, while Art 203 exists to protect whoever must act.

mod explain;
mod step;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::calendar::{DayKind, HolidayCalendar};

pub use step::{Exclusion, RestReason, Step};

/// A period as the law states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// A number of days.
    Days(u32),
    /// A number of calendar months.
    Months(u32),
    /// A number of calendar years.
    Years(u32),
}

impl Period {
    /// Whether the period has no length (zero days, months or years).
    #[must_use]
    pub fn is_empty(self) -> bool {
        matches!(self, Period::Days(0) | Period::Months(0) | Period::Years(0))
    }
}

/// A computed date and the steps that produced it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Computed {
    /// The resulting date (the last day of the period).
    pub date: Date,
    /// How it was computed, in order.
    pub steps: Vec<Step>,
}

/// The last day of period `p` counted from `start` (民法典 Art 201–202),
/// without any move for rest days.
///
/// Dates beyond the representable range saturate at [`Date::MAX`]; the
/// periods of the drug laws are a few years at most.
#[must_use]
pub fn period_end(start: Date, p: Period) -> Date {
    match p {
        // Art 201: the starting day is not counted, so N days end on D + N.
        Period::Days(n) => extend_by_days(start, n),
        Period::Months(n) => add_months(start, u64::from(n)),
        Period::Years(n) => add_months(start, u64::from(n) * 12),
    }
}

/// `months` calendar months after `start` (民法典 Art 202, in
/// [`crate::date_math::add_months`]), saturating at [`Date::MAX`].
fn add_months(start: Date, months: u64) -> Date {
    u32::try_from(months)
        .ok()
        .and_then(|m| crate::date_math::add_months(start, m))
        .unwrap_or(Date::MAX)
}

/// The plain count: [`Step::Counted`], plus [`Step::MonthEnd`] when Art 202
/// clamped the day.
fn counted(start: Date, p: Period) -> Computed {
    let end = period_end(start, p);
    let mut steps = vec![Step::Counted {
        start,
        period: p,
        end,
    }];
    if !matches!(p, Period::Days(_)) && end.day() != start.day() && end != Date::MAX {
        steps.push(Step::MonthEnd {
            wanted_day: start.day(),
            end,
        });
    }
    Computed { date: end, steps }
}

/// The deadline for an act that must be done within `p` of `start`
/// (reporting in, filing, notifying): the period's last day, moved to the
/// first working day after it when it is a rest day (民法典 Art 203). A
/// make-up working day is a working day and does not move.
#[must_use]
pub fn act_deadline(start: Date, p: Period, cal: &HolidayCalendar) -> Computed {
    let mut computed = counted(start, p);
    let end = computed.date;
    note_missing_year(&mut computed.steps, cal, end.year());
    match cal.day_kind(end) {
        DayKind::MakeUpWorkday(entry) => computed.steps.push(Step::MakeUpWorkdayStays {
            date: end,
            holiday_zh: entry.name_zh.clone(),
            holiday_en: entry.name_en.clone(),
        }),
        kind @ (DayKind::Weekend(_) | DayKind::Holiday(_)) => {
            let to = cal.next_working_day(end);
            computed.steps.push(Step::MovedPastRestDay {
                from: end,
                reason: RestReason::of(&kind),
                to,
            });
            if to.year() != end.year() {
                note_missing_year(&mut computed.steps, cal, to.year());
            }
            computed.date = to;
        }
        DayKind::Working => {}
    }
    computed
}

/// Records that the calendar lacks `year`, so only weekends were used.
fn note_missing_year(steps: &mut Vec<Step>, cal: &HolidayCalendar, year: i32) {
    if !cal.covers_year(year) {
        steps.push(Step::CalendarMissing { year });
    }
}

/// The last day of a measure's term of `p` from `start`: counted like any
/// period (民法典 Art 201–202) but never moved for rest days (see the
/// module documentation for this reading of Art 203).
#[must_use]
pub fn term_end(start: Date, p: Period) -> Computed {
    counted(start, p)
}

impl Computed {
    /// Adds `days` that do not count towards a term (a pause, JDTL 24; an
    /// escape, JDTL 32): the end moves later by as many days.
    #[must_use]
    pub fn with_excluded_days(mut self, days: u32, reason: Exclusion) -> Computed {
        if days > 0 {
            let to = extend_by_days(self.date, days);
            self.steps.push(Step::ExcludedDaysAdded {
                days,
                reason,
                from: self.date,
                to,
            });
            self.date = to;
        }
        self
    }

    /// Adds an extension of `p` to the end (compulsory isolation, JDF 47),
    /// counted like any period from the current end.
    #[must_use]
    pub fn with_extension(mut self, p: Period) -> Computed {
        let to = period_end(self.date, p);
        self.steps.push(Step::Extended {
            from: self.date,
            period: p,
            to,
        });
        self.date = to;
        self
    }

    /// Notes an exclusion still running: the date will move further once it
    /// ends (a pause not yet resumed, an escapee not yet returned).
    #[must_use]
    pub fn with_running_exclusion(mut self, reason: Exclusion, since: Date) -> Computed {
        self.steps.push(Step::StillRunning { reason, since });
        self
    }

    /// For a term: says so when it ends on a rest day, which does not move
    /// it (our reading of 民法典 Art 203, see the module documentation).
    #[must_use]
    pub fn noting_term_rest_day(mut self, cal: &HolidayCalendar) -> Computed {
        let kind = cal.day_kind(self.date);
        if kind.is_rest() {
            self.steps.push(Step::TermNotMoved {
                date: self.date,
                reason: RestReason::of(&kind),
            });
        }
        self
    }
}

/// Days from `today` until `deadline`: 0 when due today, negative when
/// overdue.
#[must_use]
pub fn days_left(deadline: Date, today: Date) -> i64 {
    i64::from(deadline.to_julian_day()) - i64::from(today.to_julian_day())
}

/// `end` moved later by `days` excluded days (escape time is not counted,
/// JDTL 32; a paused period does not count, JDTL 24). Saturates at
/// [`Date::MAX`].
#[must_use]
pub fn extend_by_days(end: Date, days: u32) -> Date {
    i32::try_from(i64::from(end.to_julian_day()) + i64::from(days))
        .ok()
        .and_then(|jd| Date::from_julian_day(jd).ok())
        .unwrap_or(Date::MAX)
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
