use time::macros::date;

use super::*;

fn cal() -> HolidayCalendar {
    HolidayCalendar::china_2024_2026()
}

fn holiday(year: i32, first: Date, last: Date, make_up: &[Date]) -> HolidayEntry {
    HolidayEntry {
        year,
        name_zh: "测试".to_owned(),
        name_en: "Test".to_owned(),
        first,
        last,
        make_up_workdays: make_up.to_vec(),
        source: "test".to_owned(),
    }
}

#[test]
fn shipped_calendar_passes_validation() {
    let shipped = cal();
    let rebuilt = HolidayCalendar::new(shipped.entries().to_vec()).unwrap();
    assert_eq!(rebuilt, shipped);
    assert_eq!(shipped.years().collect::<Vec<_>>(), vec![2024, 2025, 2026]);
}

#[test]
fn statutory_holidays_are_rest_days() {
    let c = cal();
    for d in [
        date!(2024 - 01 - 01),
        date!(2024 - 02 - 12),
        date!(2024 - 10 - 07),
        date!(2025 - 01 - 28),
        date!(2025 - 10 - 08),
        date!(2026 - 02 - 23),
        date!(2026 - 06 - 19),
        date!(2026 - 10 - 05),
    ] {
        assert!(c.is_rest_day(d), "{d}");
        assert!(matches!(c.day_kind(d), DayKind::Holiday(_)), "{d}");
    }
}

#[test]
fn make_up_working_days_are_not_rest_days() {
    let c = cal();
    for d in [
        date!(2024 - 02 - 04),
        date!(2024 - 05 - 11),
        date!(2025 - 01 - 26),
        date!(2025 - 10 - 11),
        date!(2026 - 01 - 04),
        date!(2026 - 02 - 28),
        date!(2026 - 09 - 20),
    ] {
        assert!(!c.is_rest_day(d), "{d}");
        assert!(matches!(c.day_kind(d), DayKind::MakeUpWorkday(_)), "{d}");
    }
}

#[test]
fn ordinary_weekends_and_weekdays() {
    let c = cal();
    assert_eq!(
        c.day_kind(date!(2026 - 03 - 07)),
        DayKind::Weekend(Weekday::Saturday)
    );
    assert!(c.is_rest_day(date!(2026 - 03 - 08)));
    assert_eq!(c.day_kind(date!(2026 - 03 - 09)), DayKind::Working);
    // A year without a notice still knows its weekends.
    assert!(c.is_rest_day(date!(2027 - 01 - 02)));
    assert!(!c.covers_year(2027));
}

#[test]
fn next_working_day_skips_holidays_and_weekends() {
    let c = cal();
    // 2026 Spring Festival runs Sun 15 to Mon 23 February.
    assert_eq!(
        c.next_working_day(date!(2026 - 02 - 20)),
        date!(2026 - 02 - 24)
    );
    // Friday before the 2026 Spring Festival: Saturday 14 is worked.
    assert_eq!(
        c.next_working_day(date!(2026 - 02 - 13)),
        date!(2026 - 02 - 14)
    );
    // Plain weekend.
    assert_eq!(
        c.next_working_day(date!(2026 - 03 - 06)),
        date!(2026 - 03 - 09)
    );
    // Strictly after: a working day's next working day is the following one.
    assert_eq!(
        c.next_working_day(date!(2026 - 03 - 09)),
        date!(2026 - 03 - 10)
    );
    // Saturation at the end of the range instead of a panic.
    assert_eq!(c.next_working_day(Date::MAX), Date::MAX);
}

#[test]
fn holiday_and_workday_on_same_date_is_refused() {
    let e = holiday(
        2030,
        date!(2030 - 02 - 02),
        date!(2030 - 02 - 05),
        &[date!(2030 - 02 - 03)],
    );
    let err = HolidayCalendar::new(vec![e]).unwrap_err();
    assert_eq!(err.code(), "calendar.holiday_and_workday");
}

#[test]
fn conflicts_across_entries_are_refused() {
    let a = holiday(2030, date!(2030 - 05 - 01), date!(2030 - 05 - 05), &[]);
    let b = holiday(2030, date!(2030 - 05 - 05), date!(2030 - 05 - 06), &[]);
    let err = HolidayCalendar::new(vec![a.clone(), b]).unwrap_err();
    assert_eq!(err.code(), "calendar.overlapping_holidays");

    let c = holiday(
        2030,
        date!(2030 - 06 - 10),
        date!(2030 - 06 - 10),
        &[date!(2030 - 05 - 04)],
    );
    let err = HolidayCalendar::new(vec![a, c]).unwrap_err();
    assert_eq!(err.code(), "calendar.holiday_and_workday");
}

#[test]
fn malformed_entries_are_refused() {
    let cases = [
        (
            holiday(2030, date!(2030 - 05 - 05), date!(2030 - 05 - 01), &[]),
            "calendar.range_reversed",
        ),
        (
            holiday(2030, date!(2030 - 05 - 01), date!(2030 - 06 - 01), &[]),
            "calendar.range_too_long",
        ),
        (
            holiday(2031, date!(2030 - 05 - 01), date!(2030 - 05 - 03), &[]),
            "calendar.year_mismatch",
        ),
        (
            // 2030-05-08 is a Wednesday: already a working day.
            holiday(
                2030,
                date!(2030 - 05 - 01),
                date!(2030 - 05 - 03),
                &[date!(2030 - 05 - 08)],
            ),
            "calendar.make_up_on_weekday",
        ),
        (
            holiday(
                2030,
                date!(2030 - 05 - 01),
                date!(2030 - 05 - 03),
                &[date!(2030 - 05 - 11), date!(2030 - 05 - 11)],
            ),
            "calendar.duplicate_make_up_day",
        ),
    ];
    for (entry, code) in cases {
        assert_eq!(HolidayCalendar::new(vec![entry]).unwrap_err().code(), code);
    }
}

#[test]
fn office_adds_next_year_as_data() {
    // A hypothetical 2027 entry: the office types in the winter notice.
    let next = holiday(
        2027,
        date!(2027 - 10 - 01),
        date!(2027 - 10 - 07),
        &[date!(2027 - 09 - 26)],
    );
    let c = cal().with_entries(vec![next]).unwrap();
    assert!(c.covers_year(2027));
    assert!(c.is_rest_day(date!(2027 - 10 - 04)));
    assert!(!c.is_rest_day(date!(2027 - 09 - 26)));
    // Entering a year twice collides with itself.
    let again = c.with_entries(cal().entries()[..1].to_vec()).unwrap_err();
    assert_eq!(again.code(), "calendar.overlapping_holidays");
}

#[test]
fn a_new_year_run_may_begin_in_december() {
    // 2023's 元旦 ran 2022-12-31 to 2023-01-02.
    let e = holiday(2023, date!(2022 - 12 - 31), date!(2023 - 01 - 02), &[]);
    let c = HolidayCalendar::new(vec![e]).unwrap();
    assert!(c.covers_year(2023));
    assert!(matches!(
        c.day_kind(date!(2022 - 12 - 31)),
        DayKind::Holiday(_)
    ));
}
