//! Validation of holiday entries before they become a calendar.
//!
//! A wrong calendar silently moves every deadline computed from it, so
//! entries are checked for the mistakes a person typing in a notice makes:
//! a date entered both as a holiday and as a working day, overlapping runs,
//! a "make-up" day that is already a weekday, a run typed with the wrong
//! month or year.

use std::collections::BTreeSet;

use thiserror::Error;
use time::{Date, Weekday};

use super::HolidayEntry;

/// The longest holiday run accepted. The longest run ever announced was the
/// extended 2020 Spring Festival (10 days); anything much longer is a typo
/// that would turn weeks into rest days.
pub const MAX_RUN_DAYS: i32 = 15;

/// Why a set of holiday entries was refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CalendarError {
    /// `last` is before `first`.
    #[error("holiday {name}: last day {last} is before first day {first}")]
    RangeReversed {
        /// Holiday name.
        name: String,
        /// First day as entered.
        first: Date,
        /// Last day as entered.
        last: Date,
    },
    /// The run is longer than [`MAX_RUN_DAYS`].
    #[error("holiday {name}: {days} days is longer than any announced holiday")]
    RangeTooLong {
        /// Holiday name.
        name: String,
        /// Length of the run in days.
        days: i32,
    },
    /// Neither end of the run lies in the notice's year.
    #[error("holiday {name}: {first}..{last} is not in year {year}")]
    YearMismatch {
        /// Holiday name.
        name: String,
        /// Year of the notice.
        year: i32,
        /// First day.
        first: Date,
        /// Last day.
        last: Date,
    },
    /// A date is in two holiday runs.
    #[error("{date} is in two holiday runs")]
    Overlap {
        /// The date.
        date: Date,
    },
    /// A date is both a rest day and a make-up working day.
    #[error("{date} is both a holiday and a make-up working day")]
    HolidayAndWorkday {
        /// The date.
        date: Date,
    },
    /// A make-up working day that is a weekday (already a working day).
    #[error("make-up working day {date} is a weekday")]
    MakeUpOnWeekday {
        /// The date.
        date: Date,
    },
    /// A make-up working day entered twice.
    #[error("make-up working day {date} is entered twice")]
    DuplicateMakeUpDay {
        /// The date.
        date: Date,
    },
}

impl CalendarError {
    /// Stable code for APIs and translations.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            CalendarError::RangeReversed { .. } => "calendar.range_reversed",
            CalendarError::RangeTooLong { .. } => "calendar.range_too_long",
            CalendarError::YearMismatch { .. } => "calendar.year_mismatch",
            CalendarError::Overlap { .. } => "calendar.overlapping_holidays",
            CalendarError::HolidayAndWorkday { .. } => "calendar.holiday_and_workday",
            CalendarError::MakeUpOnWeekday { .. } => "calendar.make_up_on_weekday",
            CalendarError::DuplicateMakeUpDay { .. } => "calendar.duplicate_make_up_day",
        }
    }
}

/// The dates `first..=last` (empty when reversed).
pub(super) fn days_of(first: Date, last: Date) -> impl Iterator<Item = Date> {
    let (a, b) = (first.to_julian_day(), last.to_julian_day());
    (a..=b).filter_map(|jd| Date::from_julian_day(jd).ok())
}

/// Checks entries one by one, then against each other.
pub(super) fn validate(entries: &[HolidayEntry]) -> Result<(), CalendarError> {
    let mut rest: BTreeSet<Date> = BTreeSet::new();
    let mut work: BTreeSet<Date> = BTreeSet::new();
    for entry in entries {
        check_run(entry)?;
        for day in days_of(entry.first, entry.last) {
            if !rest.insert(day) {
                return Err(CalendarError::Overlap { date: day });
            }
        }
        for &day in &entry.make_up_workdays {
            if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
                return Err(CalendarError::MakeUpOnWeekday { date: day });
            }
            if !work.insert(day) {
                return Err(CalendarError::DuplicateMakeUpDay { date: day });
            }
        }
    }
    match work.iter().find(|day| rest.contains(day)) {
        Some(&date) => Err(CalendarError::HolidayAndWorkday { date }),
        None => Ok(()),
    }
}

/// Checks one entry's run of rest days on its own.
fn check_run(entry: &HolidayEntry) -> Result<(), CalendarError> {
    if entry.last < entry.first {
        return Err(CalendarError::RangeReversed {
            name: entry.name_zh.clone(),
            first: entry.first,
            last: entry.last,
        });
    }
    let days = entry.last.to_julian_day() - entry.first.to_julian_day() + 1;
    if days > MAX_RUN_DAYS {
        return Err(CalendarError::RangeTooLong {
            name: entry.name_zh.clone(),
            days,
        });
    }
    if entry.first.year() != entry.year && entry.last.year() != entry.year {
        return Err(CalendarError::YearMismatch {
            name: entry.name_zh.clone(),
            year: entry.year,
            first: entry.first,
            last: entry.last,
        });
    }
    Ok(())
}
