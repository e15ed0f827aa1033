//! The holiday calendar the city office maintains.
//!
//! Deadlines for acts move past rest days (民法典 Art 203), so the platform
//! must know which days are rest days. Weekends are rest days by default;
//! each winter the State Council announces the next year's statutory
//! holidays (法定节假日) and the weekend days worked in exchange (调休上班日).
//! Those announcements are data, not code: the office enters each year's
//! entries with the notice as their source, and the demo ships the real
//! 2024–2026 calendars ([`HolidayCalendar::china_2024_2026`]).

mod china;
mod validate;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use time::{Date, Weekday};

pub use validate::CalendarError;

/// One holiday of one year's notice: a run of rest days and the weekend
/// days worked in exchange for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayEntry {
    /// The year whose notice announced it (a 元旦 run may begin on the
    /// previous 30 or 31 December, so the year is stated, not derived).
    pub year: i32,
    /// Name as the notice gives it, e.g. "春节".
    pub name_zh: String,
    /// English name, e.g. "Spring Festival".
    pub name_en: String,
    /// First rest day of the run.
    pub first: Date,
    /// Last rest day of the run (inclusive).
    pub last: Date,
    /// Weekend days that are working days because of this holiday.
    pub make_up_workdays: Vec<Date>,
    /// The notice this entry comes from, e.g. "国务院办公厅关于2026年部分节假日安排的通知".
    pub source: String,
}

/// What kind of day a date is under the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayKind<'a> {
    /// An ordinary working day (Monday to Friday, not a holiday).
    Working,
    /// A weekend day worked in exchange for a holiday (调休上班日).
    MakeUpWorkday(&'a HolidayEntry),
    /// A Saturday or Sunday that is not worked.
    Weekend(Weekday),
    /// A day of an announced holiday run (法定节假日 and the weekend days
    /// joined to it).
    Holiday(&'a HolidayEntry),
}

impl DayKind<'_> {
    /// Whether the day is a rest day (法定休假日 in the sense of 民法典 Art 203,
    /// which covers weekends as well as statutory holidays).
    #[must_use]
    pub fn is_rest(&self) -> bool {
        matches!(self, DayKind::Weekend(_) | DayKind::Holiday(_))
    }
}

/// Statutory holidays and make-up working days, indexed by date.
///
/// Built only through [`HolidayCalendar::new`] (validated) or the shipped
/// calendars, so the indexes always agree with the entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HolidayCalendar {
    entries: Vec<HolidayEntry>,
    rest_days: BTreeMap<Date, usize>,
    make_up_days: BTreeMap<Date, usize>,
    years: BTreeSet<i32>,
}

impl HolidayCalendar {
    /// A calendar from the office's entries, validated: no date may be both
    /// a rest day and a make-up working day, holiday runs may not overlap,
    /// and a make-up day must fall on a weekend (see [`CalendarError`]).
    pub fn new(entries: Vec<HolidayEntry>) -> Result<Self, CalendarError> {
        validate::validate(&entries)?;
        Ok(Self::index(entries))
    }

    /// This calendar plus more entries (the office adding next year's
    /// notice), validated as a whole.
    pub fn with_entries(&self, more: Vec<HolidayEntry>) -> Result<Self, CalendarError> {
        let mut all = self.entries.clone();
        all.extend(more);
        Self::new(all)
    }

    /// The real calendars of the State Council notices for 2024, 2025 and
    /// 2026. The data is checked by [`HolidayCalendar::new`] in the tests.
    #[must_use]
    pub fn china_2024_2026() -> Self {
        Self::index(china::entries_2024_2026())
    }

    /// Builds the date indexes; callers guarantee the entries are valid.
    fn index(entries: Vec<HolidayEntry>) -> Self {
        let mut rest_days = BTreeMap::new();
        let mut make_up_days = BTreeMap::new();
        let mut years = BTreeSet::new();
        for (i, entry) in entries.iter().enumerate() {
            years.insert(entry.year);
            for day in validate::days_of(entry.first, entry.last) {
                rest_days.insert(day, i);
            }
            for day in &entry.make_up_workdays {
                make_up_days.insert(*day, i);
            }
        }
        Self {
            entries,
            rest_days,
            make_up_days,
            years,
        }
    }

    /// The entries as entered.
    #[must_use]
    pub fn entries(&self) -> &[HolidayEntry] {
        &self.entries
    }

    /// Whether a notice for `year` has been entered. Without one, only
    /// weekends count as rest days that year, and computed deadlines say so.
    #[must_use]
    pub fn covers_year(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The years whose notices have been entered, ascending.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// Classifies a date. A make-up working day wins over the weekend; a
    /// holiday day is a rest day even on a weekday.
    #[must_use]
    pub fn day_kind(&self, date: Date) -> DayKind<'_> {
        if let Some(entry) = self
            .make_up_days
            .get(&date)
            .and_then(|&i| self.entries.get(i))
        {
            return DayKind::MakeUpWorkday(entry);
        }
        if let Some(entry) = self.rest_days.get(&date).and_then(|&i| self.entries.get(i)) {
            return DayKind::Holiday(entry);
        }
        match date.weekday() {
            weekday @ (Weekday::Saturday | Weekday::Sunday) => DayKind::Weekend(weekday),
            _ => DayKind::Working,
        }
    }

    /// Whether `date` is a rest day: a statutory holiday, or a Saturday or
    /// Sunday that is not a make-up working day.
    #[must_use]
    pub fn is_rest_day(&self, date: Date) -> bool {
        self.day_kind(date).is_rest()
    }

    /// The first working day strictly after `date`.
    ///
    /// Terminates: past the last entry only weekends remain, so at most two
    /// further days are rest days. At the end of the representable range the
    /// last date is returned rather than panicking.
    #[must_use]
    pub fn next_working_day(&self, date: Date) -> Date {
        let mut day = date;
        while let Some(next) = day.next_day() {
            day = next;
            if !self.is_rest_day(day) {
                return day;
            }
        }
        day
    }
}

#[cfg(test)]
mod tests;
