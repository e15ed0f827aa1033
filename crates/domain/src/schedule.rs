//! Recurring obligations during a measure: a phase table of cadences turns
//! into due dates, and recorded acts are matched against them to tell what
//! is done, due, overdue or missed.
//!
//! Drug tests and assessments are both scheduled this way; no law fixes
//! either cadence, so the tables come from dated settings (see `settings`).

use serde::{Deserialize, Serialize};
use thiserror::Error;
use time::Date;

use crate::date_math::{add_days, add_months, sub_days};

/// One phase of a schedule: from `from_month` months after the start, one
/// act every `every_months` months, until `until_month` (exclusive) or, if
/// open-ended, until the term ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    /// First offset of the phase, in months from the start of the measure.
    pub from_month: u32,
    /// End of the phase (exclusive), or `None` for "until the term ends".
    pub until_month: Option<u32>,
    /// Months between two acts; at least 1.
    pub every_months: u32,
}

/// Why a phase table was rejected.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum PhaseTableError {
    /// A table with no phase schedules nothing, which is always a mistake.
    #[error("a schedule needs at least one phase")]
    Empty,
    /// A cadence of 0 months would repeat the same date forever.
    #[error("phase {0}: the interval must be at least one month")]
    ZeroInterval(usize),
    /// `until_month` must be after `from_month`.
    #[error("phase {0}: the phase ends before it starts")]
    EmptyPhase(usize),
    /// Phases must be in order and must not overlap, else due dates repeat.
    #[error("phase {0} overlaps or precedes the phase before it")]
    Overlap(usize),
    /// Only the last phase may run until the end of the term.
    #[error("phase {0} is open-ended but is not the last phase")]
    OpenEndedNotLast(usize),
}

/// A validated, ordered list of non-overlapping phases.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Phase>", into = "Vec<Phase>")]
pub struct PhaseTable {
    phases: Vec<Phase>,
}

impl PhaseTable {
    /// Validates and wraps `phases`.
    ///
    /// # Errors
    /// See [`PhaseTableError`].
    pub fn new(phases: Vec<Phase>) -> Result<PhaseTable, PhaseTableError> {
        if phases.is_empty() {
            return Err(PhaseTableError::Empty);
        }
        let mut previous_end: Option<u32> = None;
        for (i, phase) in phases.iter().enumerate() {
            if phase.every_months == 0 {
                return Err(PhaseTableError::ZeroInterval(i));
            }
            if phase
                .until_month
                .is_some_and(|until| until <= phase.from_month)
            {
                return Err(PhaseTableError::EmptyPhase(i));
            }
            if previous_end.is_some_and(|end| phase.from_month < end) {
                return Err(PhaseTableError::Overlap(i));
            }
            match phase.until_month {
                Some(until) => previous_end = Some(until),
                None if i + 1 != phases.len() => return Err(PhaseTableError::OpenEndedNotLast(i)),
                None => {}
            }
        }
        Ok(PhaseTable { phases })
    }

    /// Wraps phases the crate itself wrote (built-in defaults); a unit test
    /// runs each default through [`PhaseTable::new`].
    pub(crate) fn trusted(phases: Vec<Phase>) -> PhaseTable {
        debug_assert!(PhaseTable::new(phases.clone()).is_ok());
        PhaseTable { phases }
    }

    /// The phases, in order.
    #[must_use]
    pub fn phases(&self) -> &[Phase] {
        &self.phases
    }
}

impl TryFrom<Vec<Phase>> for PhaseTable {
    type Error = PhaseTableError;
    fn try_from(phases: Vec<Phase>) -> Result<PhaseTable, PhaseTableError> {
        PhaseTable::new(phases)
    }
}

impl From<PhaseTable> for Vec<Phase> {
    fn from(table: PhaseTable) -> Vec<Phase> {
        table.phases
    }
}

/// Due dates of `table` for a measure running from `start` to `term_end`
/// (both inclusive), strictly increasing.
///
/// Each date is `start` plus a whole number of months, always counted from
/// `start` (民法典 Art 202: the corresponding day, or the month's last day),
/// so clamping never accumulates: a start on Jan 31 gives Feb 29, Mar 31,
/// Apr 30 … Offset 0 is the start date itself. Dates after `term_end` are
/// dropped; a table ending before the term simply schedules nothing more.
#[must_use]
pub fn due_dates(start: Date, term_end: Date, table: &PhaseTable) -> Vec<Date> {
    let mut dates = Vec::new();
    for phase in table.phases() {
        let mut offset = phase.from_month;
        while phase.until_month.is_none_or(|until| offset < until) {
            match add_months(start, offset) {
                Some(date) if date <= term_end => dates.push(date),
                // Later offsets only give later dates: the phase is over.
                _ => break,
            }
            match offset.checked_add(phase.every_months) {
                Some(next) => offset = next,
                None => break,
            }
        }
    }
    dates
}

/// Where one due date stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DueState {
    /// Its window has not opened yet.
    Upcoming,
    /// Inside its window (due date ± tolerance) and not yet done.
    Open,
    /// The window has passed without the act, and the next due date's window
    /// has not opened: this is the item the work queue shows as overdue.
    Overdue,
    /// The next due date's window opened before the act was done; kept for
    /// statistics, no longer actionable.
    Missed,
    /// Done on `on`; `late` when after the window closed.
    Done {
        /// Date of the act that satisfied this due date.
        on: Date,
        /// True when `on` is after the due date plus tolerance.
        late: bool,
    },
}

/// A due date and its state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueItem {
    /// The scheduled date.
    pub due: Date,
    /// Its state on the day asked about.
    pub state: DueState,
}

/// Matches acts done (`done`, any order) against scheduled `due` dates and
/// reports each due date's state on `today`.
///
/// Our rule (no text prescribes one): due date *i* owns the slot from
/// `due[i] − tolerance` up to, not including, `due[i+1] − tolerance` (the last
/// slot never closes). The earliest act in its slot satisfies it, so a late
/// act still clears an overdue item, and one act never satisfies two due
/// dates. Acts dated after `today` are ignored as not yet happened.
#[must_use]
pub fn track(due: &[Date], done: &[Date], today: Date, tolerance_days: u32) -> Vec<DueItem> {
    let mut due = due.to_vec();
    due.sort_unstable();
    due.dedup();
    let mut done: Vec<Date> = done.iter().copied().filter(|d| *d <= today).collect();
    done.sort_unstable();

    let slot_start = |d: Date| sub_days(d, tolerance_days).unwrap_or(Date::MIN);
    let window_end = |d: Date| add_days(d, tolerance_days).unwrap_or(Date::MAX);

    due.iter()
        .enumerate()
        .map(|(i, &d)| {
            let opens = slot_start(d);
            let closes = due.get(i + 1).map(|&next| slot_start(next));
            let in_slot = |x: &Date| *x >= opens && closes.is_none_or(|c| *x < c);
            let state = if let Some(&on) = done.iter().find(|x| in_slot(x)) {
                DueState::Done {
                    on,
                    late: on > window_end(d),
                }
            } else if closes.is_some_and(|c| today >= c) {
                DueState::Missed
            } else if today < opens {
                DueState::Upcoming
            } else if today <= window_end(d) {
                DueState::Open
            } else {
                DueState::Overdue
            };
            DueItem { due: d, state }
        })
        .collect()
}

/// The first due date still to act on (upcoming, open or overdue), if any.
#[must_use]
pub fn next_open(items: &[DueItem]) -> Option<DueItem> {
    items.iter().copied().find(|item| {
        matches!(
            item.state,
            DueState::Upcoming | DueState::Open | DueState::Overdue
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::Month;
    use time::macros::date;

    fn phase(from: u32, until: Option<u32>, every: u32) -> Phase {
        Phase {
            from_month: from,
            until_month: until,
            every_months: every,
        }
    }

    #[test]
    fn tables_are_validated() {
        assert_eq!(PhaseTable::new(vec![]), Err(PhaseTableError::Empty));
        assert_eq!(
            PhaseTable::new(vec![phase(0, Some(12), 0)]),
            Err(PhaseTableError::ZeroInterval(0))
        );
        assert_eq!(
            PhaseTable::new(vec![phase(12, Some(12), 1)]),
            Err(PhaseTableError::EmptyPhase(0))
        );
        assert_eq!(
            PhaseTable::new(vec![phase(0, Some(12), 1), phase(11, Some(24), 2)]),
            Err(PhaseTableError::Overlap(1))
        );
        assert_eq!(
            PhaseTable::new(vec![phase(0, None, 1), phase(12, Some(24), 2)]),
            Err(PhaseTableError::OpenEndedNotLast(0))
        );
        // A gap between phases is allowed: nothing is scheduled in it.
        assert!(PhaseTable::new(vec![phase(0, Some(6), 1), phase(12, None, 3)]).is_ok());
    }

    #[test]
    fn deserialising_goes_through_validation() {
        // serde uses `try_from`, so a stored table is validated on load.
        assert!(PhaseTable::try_from(vec![phase(0, None, 2)]).is_ok());
        assert_eq!(
            PhaseTable::try_from(vec![phase(0, None, 0)]),
            Err(PhaseTableError::ZeroInterval(0))
        );
        let back: Vec<Phase> = PhaseTable::new(vec![phase(0, None, 2)]).unwrap().into();
        assert_eq!(back, vec![phase(0, None, 2)]);
    }

    #[test]
    fn month_end_start_clamps_without_drift() {
        let table = PhaseTable::new(vec![phase(0, Some(4), 1)]).unwrap();
        assert_eq!(
            due_dates(date!(2024 - 01 - 31), date!(2027 - 01 - 31), &table),
            vec![
                date!(2024 - 01 - 31),
                date!(2024 - 02 - 29),
                date!(2024 - 03 - 31),
                date!(2024 - 04 - 30)
            ]
        );
    }

    #[test]
    fn term_end_is_inclusive_and_cuts_off() {
        let table = PhaseTable::new(vec![phase(0, None, 6)]).unwrap();
        assert_eq!(
            due_dates(date!(2024 - 01 - 15), date!(2025 - 01 - 15), &table),
            vec![
                date!(2024 - 01 - 15),
                date!(2024 - 07 - 15),
                date!(2025 - 01 - 15)
            ]
        );
        assert_eq!(
            due_dates(date!(2024 - 01 - 15), date!(2025 - 01 - 14), &table),
            vec![date!(2024 - 01 - 15), date!(2024 - 07 - 15)]
        );
        assert!(due_dates(date!(2024 - 01 - 15), date!(2024 - 01 - 14), &table).is_empty());
    }

    fn d(s: &str) -> Date {
        Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).unwrap()
    }

    fn states(due: &[&str], done: &[&str], today: &str, tol: u32) -> Vec<DueState> {
        let due: Vec<Date> = due.iter().map(|s| d(s)).collect();
        let done: Vec<Date> = done.iter().map(|s| d(s)).collect();
        track(&due, &done, d(today), tol)
            .into_iter()
            .map(|i| i.state)
            .collect()
    }

    #[test]
    fn window_boundaries_with_seven_days_tolerance() {
        let due = ["2024-03-10", "2024-04-10"];
        // Window of Mar 10 opens Mar 3 and closes at the end of Mar 17.
        assert_eq!(
            states(&due, &[], "2024-03-02", 7),
            [DueState::Upcoming, DueState::Upcoming]
        );
        assert_eq!(
            states(&due, &[], "2024-03-03", 7),
            [DueState::Open, DueState::Upcoming]
        );
        assert_eq!(
            states(&due, &[], "2024-03-17", 7),
            [DueState::Open, DueState::Upcoming]
        );
        assert_eq!(
            states(&due, &[], "2024-03-18", 7),
            [DueState::Overdue, DueState::Upcoming]
        );
        // The next window opens Apr 3: the old item becomes missed.
        assert_eq!(
            states(&due, &[], "2024-04-02", 7),
            [DueState::Overdue, DueState::Upcoming]
        );
        assert_eq!(
            states(&due, &[], "2024-04-03", 7),
            [DueState::Missed, DueState::Open]
        );
        // The last slot never closes.
        assert_eq!(
            states(&due, &[], "2025-01-01", 7),
            [DueState::Missed, DueState::Overdue]
        );
    }

    #[test]
    fn acts_satisfy_their_own_slot_only() {
        let due = ["2024-03-10", "2024-04-10"];
        let on = |s: &str, late| DueState::Done { on: d(s), late };
        // Early by exactly the tolerance counts; a day earlier does not.
        assert_eq!(
            states(&due, &["2024-03-03"], "2024-03-05", 7)[0],
            on("2024-03-03", false)
        );
        assert_eq!(
            states(&due, &["2024-03-02"], "2024-03-05", 7)[0],
            DueState::Open
        );
        // Late on the last day of the window is on time; the day after is late.
        assert_eq!(
            states(&due, &["2024-03-17"], "2024-03-20", 7)[0],
            on("2024-03-17", false)
        );
        assert_eq!(
            states(&due, &["2024-03-18"], "2024-03-20", 7)[0],
            on("2024-03-18", true)
        );
        // One act does not satisfy two due dates.
        assert_eq!(
            states(&due, &["2024-03-20"], "2024-04-20", 7),
            [on("2024-03-20", true), DueState::Overdue]
        );
        // An act on Apr 3 belongs to the April slot, not to March.
        assert_eq!(
            states(&due, &["2024-04-03"], "2024-04-20", 7),
            [DueState::Missed, on("2024-04-03", false)]
        );
        // Acts dated in the future are ignored.
        assert_eq!(
            states(&due, &["2024-03-12"], "2024-03-11", 7)[0],
            DueState::Open
        );
    }

    #[test]
    fn zero_tolerance_means_the_day_itself() {
        let due = ["2024-03-10", "2024-04-10"];
        assert_eq!(states(&due, &[], "2024-03-10", 0)[0], DueState::Open);
        assert_eq!(states(&due, &[], "2024-03-11", 0)[0], DueState::Overdue);
        assert_eq!(states(&due, &[], "2024-03-09", 0)[0], DueState::Upcoming);
    }

    #[test]
    fn next_open_skips_done_and_missed() {
        let due = [d("2024-03-10"), d("2024-04-10"), d("2024-05-10")];
        let items = track(&due, &[d("2024-04-11")], d("2024-04-12"), 7);
        assert_eq!(
            next_open(&items),
            Some(DueItem {
                due: d("2024-05-10"),
                state: DueState::Upcoming
            })
        );
        let items = track(&due, &[], d("2024-04-20"), 7);
        assert_eq!(
            next_open(&items),
            Some(DueItem {
                due: d("2024-04-10"),
                state: DueState::Overdue
            })
        );
        let items = track(&due, &[d("2024-05-10")], d("2024-05-10"), 7);
        assert_eq!(next_open(&items), None);
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (2000i32..2090, 1u8..=12, 1u8..=31).prop_filter_map("valid date", |(y, m, day)| {
            let month = Month::try_from(m).ok()?;
            Date::from_calendar_date(y, month, day.min(month.length(y))).ok()
        })
    }

    fn any_table() -> impl Strategy<Value = PhaseTable> {
        proptest::collection::vec((0u32..6, 1u32..8, 1u32..5), 1..5).prop_map(|raw| {
            let mut from = 0;
            let mut phases = Vec::new();
            let n = raw.len();
            for (i, (gap, len, every)) in raw.into_iter().enumerate() {
                let start = from + gap;
                let until = if i + 1 == n { None } else { Some(start + len) };
                phases.push(phase(start, until, every));
                from = start + len;
            }
            PhaseTable::new(phases).unwrap()
        })
    }

    proptest! {
        #[test]
        fn due_dates_increase_within_the_term(
            start in any_date(), term_days in 0i64..2000, table in any_table()
        ) {
            let term_end = start + time::Duration::days(term_days);
            let dates = due_dates(start, term_end, &table);
            for pair in dates.windows(2) {
                prop_assert!(pair[0] < pair[1]);
            }
            for date in &dates {
                prop_assert!(*date >= start && *date <= term_end);
            }
        }

        #[test]
        fn every_due_date_has_exactly_one_state_and_done_acts_are_distinct(
            start in any_date(), table in any_table(),
            acts in proptest::collection::vec(0i64..1200, 0..30),
            today_offset in 0i64..1300, tol in 0u32..20,
        ) {
            let term_end = start + time::Duration::days(1100);
            let due = due_dates(start, term_end, &table);
            let done: Vec<Date> = acts.iter().map(|o| start + time::Duration::days(*o)).collect();
            let today = start + time::Duration::days(today_offset);
            let items = track(&due, &done, today, tol);
            prop_assert_eq!(items.len(), due.len());
            let mut used = Vec::new();
            for item in &items {
                if let DueState::Done { on, .. } = item.state {
                    prop_assert!(!used.contains(&on));
                    prop_assert!(on <= today);
                    used.push(on);
                }
            }
        }
    }
}
