//! The steps of a computed date, as data: pages render them in either
//! language ([`super::Computed::explain_zh`], [`super::Computed::explain_en`])
//! and the API returns them as they are.

use serde::{Deserialize, Serialize};
use time::Date;

use super::Period;
use crate::calendar::DayKind;

/// Why a day is a rest day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RestReason {
    /// A Saturday or Sunday that is not worked (the weekday follows from
    /// the date).
    Weekend,
    /// A day of an announced holiday run.
    Holiday {
        /// Holiday name, e.g. "春节".
        name_zh: String,
        /// English name.
        name_en: String,
    },
}

impl RestReason {
    /// The reason for a rest day; a working day has none, so callers only
    /// pass rest days (anything else reads as a weekend).
    pub(crate) fn of(kind: &DayKind<'_>) -> RestReason {
        match kind {
            DayKind::Holiday(entry) => RestReason::Holiday {
                name_zh: entry.name_zh.clone(),
                name_en: entry.name_en.clone(),
            },
            _ => RestReason::Weekend,
        }
    }
}

/// Days that do not count towards a term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// Detention or arrest paused community detox or rehabilitation
    /// (中止, JDTL 24).
    Paused,
    /// Escape from compulsory isolation (脱逃, JDTL 32).
    Escaped,
}

/// One step of a computation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// The starting day is not counted; `period` later is `end`
    /// (民法典 Art 201, and Art 202 for months and years).
    Counted {
        /// Starting day (not counted).
        start: Date,
        /// The period.
        period: Period,
        /// Last day of the period.
        end: Date,
    },
    /// The final month has no day `wanted_day`; its last day is the end
    /// (民法典 Art 202).
    MonthEnd {
        /// The starting day's day of month.
        wanted_day: u8,
        /// The final month's last day.
        end: Date,
    },
    /// The last day of a deadline is a rest day; moved to the first working
    /// day after it (民法典 Art 203).
    MovedPastRestDay {
        /// The last day before moving.
        from: Date,
        /// Why `from` is a rest day.
        reason: RestReason,
        /// The first working day after it.
        to: Date,
    },
    /// The last day of a deadline is a make-up working day (调休上班日): a
    /// working day, so the deadline stays.
    MakeUpWorkdayStays {
        /// The day.
        date: Date,
        /// The holiday it is worked for.
        holiday_zh: String,
        /// English name of that holiday.
        holiday_en: String,
    },
    /// A term ends on a rest day and is not lengthened (a term restricts the
    /// person; Art 203 protects those who must act).
    TermNotMoved {
        /// The last day of the term.
        date: Date,
        /// Why it is a rest day.
        reason: RestReason,
    },
    /// Days that do not count were added to the end.
    ExcludedDaysAdded {
        /// Number of days excluded.
        days: u32,
        /// Why they do not count.
        reason: Exclusion,
        /// End before.
        from: Date,
        /// End after.
        to: Date,
    },
    /// An extension was added to the end (JDF 47).
    Extended {
        /// End before.
        from: Date,
        /// The extension.
        period: Period,
        /// End after.
        to: Date,
    },
    /// An exclusion is still running, so the date will move later.
    StillRunning {
        /// What is running.
        reason: Exclusion,
        /// Since when.
        since: Date,
    },
    /// The holiday calendar has no notice for `year`; only weekends were
    /// treated as rest days there.
    CalendarMissing {
        /// The year without a notice.
        year: i32,
    },
}
