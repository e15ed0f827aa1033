//! Properties of period computation over 2000–2035 (the shipped calendar
//! covers 2024–2026; other years exercise the weekend-only fallback).

use proptest::prelude::*;
use time::Date;
use time::macros::date;

use super::*;

fn any_date() -> impl Strategy<Value = Date> {
    let lo = date!(2000 - 01 - 01).to_julian_day();
    let hi = date!(2035 - 12 - 31).to_julian_day();
    (lo..=hi).prop_map(|jd| Date::from_julian_day(jd).unwrap())
}

fn any_period() -> impl Strategy<Value = Period> {
    prop_oneof![
        (0u32..2000).prop_map(Period::Days),
        (0u32..60).prop_map(Period::Months),
        (0u32..5).prop_map(Period::Years),
    ]
}

fn with_n(p: Period, n: u32) -> Period {
    match p {
        Period::Days(_) => Period::Days(n),
        Period::Months(_) => Period::Months(n),
        Period::Years(_) => Period::Years(n),
    }
}

proptest! {
    #[test]
    fn period_end_is_monotonic_in_start(a in any_date(), b in any_date(), p in any_period()) {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(period_end(a, p) <= period_end(b, p));
    }

    #[test]
    fn period_end_is_monotonic_in_n(s in any_date(), p in any_period(), m in 0u32..60, k in 0u32..60) {
        let (m, k) = if m <= k { (m, k) } else { (k, m) };
        prop_assert!(period_end(s, with_n(p, m)) <= period_end(s, with_n(p, k)));
        prop_assert!(period_end(s, with_n(p, m)) >= s);
    }

    #[test]
    fn months_end_on_the_corresponding_day_or_the_month_end(s in any_date(), n in 0u32..120) {
        let end = period_end(s, Period::Months(n));
        prop_assert_eq!(end.day(), s.day().min(end.month().length(end.year())));
        prop_assert_eq!(period_end(s, Period::Years(n / 12)), period_end(s, Period::Months(n / 12 * 12)));
    }

    #[test]
    fn act_deadline_is_the_first_working_day_not_before_the_period_end(s in any_date(), p in any_period()) {
        let cal = HolidayCalendar::china_2024_2026();
        let plain = period_end(s, p);
        let c = act_deadline(s, p, &cal);
        prop_assert!(c.date >= plain);
        prop_assert!(!cal.is_rest_day(c.date));
        // Every day skipped over was a rest day (Art 203 moves only past rest days).
        let mut day = plain;
        while day < c.date {
            prop_assert!(cal.is_rest_day(day));
            day = day.next_day().unwrap();
        }
        prop_assert!(!c.steps.is_empty());
    }

    #[test]
    fn term_end_never_moves_for_holidays(s in any_date(), p in any_period()) {
        let cal = HolidayCalendar::china_2024_2026();
        let t = term_end(s, p);
        prop_assert_eq!(t.date, period_end(s, p));
        prop_assert_eq!(t.clone().noting_term_rest_day(&cal).date, t.date);
    }

    #[test]
    fn day_arithmetic_round_trips(d in any_date(), n in 0u32..5000) {
        let later = extend_by_days(d, n);
        prop_assert_eq!(crate::date_math::days_between(d, later), n);
        prop_assert_eq!(days_left(later, d), i64::from(n));
        prop_assert_eq!(days_left(d, later), -i64::from(n));
        prop_assert_eq!(period_end(d, Period::Days(n)), later);
        let excluded = term_end(d, Period::Days(0)).with_excluded_days(n, Exclusion::Paused);
        prop_assert_eq!(excluded.date, later);
    }
}
