//! Calendar arithmetic as the Civil Code counts periods (民法典 Art 201–202).
//!
//! Only the small pieces the schedules and counters of the people module need:
//! adding whole months or years with month-end clamping, and counting days
//! with the starting day excluded. Statutory-holiday shifts of deadlines
//! (Art 203) are not here: schedules and counters never move for holidays.

use time::{Date, Month};

/// `date` plus `months` calendar months.
///
/// 民法典 Art 202: a period in months or years ends on the corresponding day
/// of the final month, or on that month's last day if it has no such day, so
/// Jan 31 + 1 month is Feb 28 (Feb 29 in a leap year). Every result is counted
/// from the original date, never chained, so clamping never drifts
/// (Jan 31 + 2 months is Mar 31, not Mar 28).
///
/// `None` only when the result is outside the years `time` can represent.
#[must_use]
pub fn add_months(date: Date, months: u32) -> Option<Date> {
    let index = i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1;
    let target = index + i64::from(months);
    let year = i32::try_from(target.div_euclid(12)).ok()?;
    let month_number = u8::try_from(target.rem_euclid(12) + 1).ok()?;
    let month = Month::try_from(month_number).ok()?;
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).ok()
}

/// `date` plus `years` calendar years (民法典 Art 202): 29 Feb 2024 + 3 years
/// is 28 Feb 2027.
#[must_use]
pub fn add_years(date: Date, years: u32) -> Option<Date> {
    add_months(date, years.checked_mul(12)?)
}

/// `date` plus `days` days, `None` on overflow.
#[must_use]
pub fn add_days(date: Date, days: u32) -> Option<Date> {
    date.checked_add(time::Duration::days(i64::from(days)))
}

/// `date` minus `days` days, `None` on overflow.
#[must_use]
pub fn sub_days(date: Date, days: u32) -> Option<Date> {
    date.checked_sub(time::Duration::days(i64::from(days)))
}

/// Days from `start` to `end` with the starting day not counted
/// (民法典 Art 201): Mon → Wed is 2 days, the same day is 0. Zero when `end`
/// is before `start`, because a negative length is never a meaningful count.
#[must_use]
pub fn days_between(start: Date, end: Date) -> u32 {
    u32::try_from((end - start).whole_days()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn month_end_clamps_like_the_civil_code() {
        assert_eq!(
            add_months(date!(2023 - 01 - 31), 1),
            Some(date!(2023 - 02 - 28))
        );
        assert_eq!(
            add_months(date!(2024 - 01 - 31), 1),
            Some(date!(2024 - 02 - 29))
        );
        assert_eq!(
            add_months(date!(2024 - 01 - 31), 2),
            Some(date!(2024 - 03 - 31))
        );
        assert_eq!(
            add_months(date!(2024 - 01 - 31), 3),
            Some(date!(2024 - 04 - 30))
        );
        assert_eq!(
            add_months(date!(2024 - 03 - 31), 6),
            Some(date!(2024 - 09 - 30))
        );
    }

    #[test]
    fn months_cross_year_ends() {
        assert_eq!(
            add_months(date!(2024 - 11 - 15), 2),
            Some(date!(2025 - 01 - 15))
        );
        assert_eq!(
            add_months(date!(2024 - 12 - 31), 14),
            Some(date!(2026 - 02 - 28))
        );
        assert_eq!(
            add_months(date!(2024 - 05 - 20), 0),
            Some(date!(2024 - 05 - 20))
        );
    }

    #[test]
    fn years_from_a_leap_day() {
        assert_eq!(
            add_years(date!(2024 - 02 - 29), 3),
            Some(date!(2027 - 02 - 28))
        );
        assert_eq!(
            add_years(date!(2024 - 02 - 29), 4),
            Some(date!(2028 - 02 - 29))
        );
        assert_eq!(
            add_years(date!(2023 - 03 - 01), 1),
            Some(date!(2024 - 03 - 01))
        );
    }

    #[test]
    fn overflow_is_none() {
        assert_eq!(add_years(date!(9999 - 06 - 01), 1), None);
        assert_eq!(add_days(date!(9999 - 12 - 31), 1), None);
        assert_eq!(add_years(date!(2024 - 01 - 01), u32::MAX), None);
    }

    #[test]
    fn days_exclude_the_starting_day() {
        assert_eq!(
            days_between(date!(2024 - 02 - 27), date!(2024 - 03 - 01)),
            3
        );
        assert_eq!(
            days_between(date!(2023 - 02 - 27), date!(2023 - 03 - 01)),
            2
        );
        assert_eq!(
            days_between(date!(2024 - 05 - 01), date!(2024 - 05 - 01)),
            0
        );
        assert_eq!(
            days_between(date!(2024 - 05 - 03), date!(2024 - 05 - 01)),
            0
        );
        assert_eq!(
            add_days(date!(2024 - 02 - 28), 1),
            Some(date!(2024 - 02 - 29))
        );
        assert_eq!(
            sub_days(date!(2024 - 03 - 01), 1),
            Some(date!(2024 - 02 - 29))
        );
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (1990i32..2100, 1u8..=12, 1u8..=31).prop_filter_map("valid date", |(y, m, d)| {
            let month = Month::try_from(m).ok()?;
            Date::from_calendar_date(y, month, d.min(month.length(y))).ok()
        })
    }

    proptest! {
        #[test]
        fn adding_months_is_monotonic(start in any_date(), a in 0u32..240, b in 0u32..240) {
            let (lo, hi) = (a.min(b), a.max(b));
            let x = add_months(start, lo).unwrap();
            let y = add_months(start, hi).unwrap();
            prop_assert!(x <= y);
            if lo < hi { prop_assert!(x < y); }
        }

        #[test]
        fn day_is_kept_or_clamped_to_month_end(start in any_date(), n in 0u32..240) {
            let end = add_months(start, n).unwrap();
            prop_assert!(end.day() == start.day()
                || (end.day() < start.day() && end.day() == end.month().length(end.year())));
        }
    }
}
