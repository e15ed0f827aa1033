//! Hand-worked examples. Each date below was counted on a paper calendar:
//! the starting day is not counted (民法典 Art 201), months clamp to the
//! month's end (Art 202), deadlines of acts move past rest days (Art 203).

use time::macros::date;

use super::*;

fn cal() -> HolidayCalendar {
    HolidayCalendar::china_2024_2026()
}

#[test]
fn days_do_not_count_the_starting_day() {
    assert_eq!(
        period_end(date!(2026 - 02 - 10), Period::Days(15)),
        date!(2026 - 02 - 25)
    );
    assert_eq!(
        period_end(date!(2026 - 02 - 10), Period::Days(0)),
        date!(2026 - 02 - 10)
    );
    // Across a leap day: 14 Feb 2024 + 15 days is 29 Feb.
    assert_eq!(
        period_end(date!(2024 - 02 - 14), Period::Days(15)),
        date!(2024 - 02 - 29)
    );
    assert_eq!(
        period_end(date!(2024 - 02 - 29), Period::Days(15)),
        date!(2024 - 03 - 15)
    );
    // Across a year end.
    assert_eq!(
        period_end(date!(2025 - 12 - 20), Period::Days(15)),
        date!(2026 - 01 - 04)
    );
}

#[test]
fn years_from_a_leap_day() {
    assert_eq!(
        period_end(date!(2024 - 02 - 29), Period::Years(3)),
        date!(2027 - 02 - 28)
    );
    assert_eq!(
        period_end(date!(2024 - 02 - 29), Period::Years(4)),
        date!(2028 - 02 - 29)
    );
    assert_eq!(
        period_end(date!(2024 - 02 - 29), Period::Years(1)),
        date!(2025 - 02 - 28)
    );
    assert_eq!(
        period_end(date!(2024 - 02 - 29), Period::Months(1)),
        date!(2024 - 03 - 29)
    );
    assert_eq!(
        period_end(date!(2024 - 02 - 29), Period::Months(12)),
        date!(2025 - 02 - 28)
    );
}

#[test]
fn months_clamp_to_the_final_months_last_day() {
    assert_eq!(
        period_end(date!(2025 - 01 - 31), Period::Months(1)),
        date!(2025 - 02 - 28)
    );
    assert_eq!(
        period_end(date!(2024 - 01 - 31), Period::Months(1)),
        date!(2024 - 02 - 29)
    );
    assert_eq!(
        period_end(date!(2025 - 03 - 31), Period::Months(1)),
        date!(2025 - 04 - 30)
    );
    assert_eq!(
        period_end(date!(2025 - 08 - 31), Period::Months(6)),
        date!(2026 - 02 - 28)
    );
    assert_eq!(
        period_end(date!(2024 - 12 - 31), Period::Months(2)),
        date!(2025 - 02 - 28)
    );
    assert_eq!(
        period_end(date!(2024 - 11 - 30), Period::Months(3)),
        date!(2025 - 02 - 28)
    );
    // A corresponding day exists: no clamping.
    assert_eq!(
        period_end(date!(2025 - 01 - 15), Period::Months(13)),
        date!(2026 - 02 - 15)
    );
}

#[test]
fn month_end_clamping_is_explained() {
    let c = term_end(date!(2024 - 02 - 29), Period::Years(3));
    assert_eq!(c.date, date!(2027 - 02 - 28));
    assert_eq!(
        c.steps,
        vec![
            Step::Counted {
                start: date!(2024 - 02 - 29),
                period: Period::Years(3),
                end: date!(2027 - 02 - 28),
            },
            Step::MonthEnd {
                wanted_day: 29,
                end: date!(2027 - 02 - 28),
            },
        ]
    );
    assert_eq!(
        c.explain_en(),
        "start 2024-02-29 (not counted) + 3 years = 2027-02-28 (Civil Code Art 201-202); \
         the final month has no day 29, so its last day 2027-02-28 ends the period (Civil Code Art 202)."
    );
}

#[test]
fn report_in_deadline_ending_in_spring_festival_2026_moves() {
    // Decision received Thu 5 Feb 2026; day 15 is Fri 20 Feb, inside the
    // Spring Festival run (15–23 Feb); Tue 24 Feb is the first working day.
    let c = act_deadline(date!(2026 - 02 - 05), Period::Days(15), &cal());
    assert_eq!(c.date, date!(2026 - 02 - 24));
    assert_eq!(
        c.steps[1],
        Step::MovedPastRestDay {
            from: date!(2026 - 02 - 20),
            reason: RestReason::Holiday {
                name_zh: "春节".to_owned(),
                name_en: "Spring Festival".to_owned(),
            },
            to: date!(2026 - 02 - 24),
        }
    );
    assert_eq!(
        c.explain_zh(),
        "起算日 2026-02-05 不计入，加15日 = 2026-02-20（民法典第二百零一条）；\
         2026-02-20 是法定节假日（春节），顺延至其后第一个工作日 2026-02-24（民法典第二百零三条）。"
    );
}

#[test]
fn report_in_deadline_ending_in_national_day_2025_moves() {
    // Received Sat 20 Sep 2025; day 15 is Sun 5 Oct, inside 1–8 Oct.
    let c = act_deadline(date!(2025 - 09 - 20), Period::Days(15), &cal());
    assert_eq!(c.date, date!(2025 - 10 - 09));
    assert!(
        c.explain_en()
            .contains("National Day and Mid-Autumn Festival")
    );
}

#[test]
fn deadline_on_a_make_up_working_saturday_stays() {
    // Received Fri 13 Feb 2026; day 15 is Sat 28 Feb, worked for the Spring Festival.
    let c = act_deadline(date!(2026 - 02 - 13), Period::Days(15), &cal());
    assert_eq!(c.date, date!(2026 - 02 - 28));
    assert!(matches!(c.steps[1], Step::MakeUpWorkdayStays { .. }));
    assert!(c.explain_zh().contains("调休上班日"));
}

#[test]
fn deadline_on_an_ordinary_weekend_moves_to_monday() {
    let c = act_deadline(date!(2026 - 03 - 06), Period::Days(15), &cal());
    assert_eq!(c.date, date!(2026 - 03 - 23));
    assert!(c.explain_zh().contains("休息日（星期六）"));
    assert!(c.explain_en().contains("weekend day (Saturday)"));
}

#[test]
fn deadline_on_a_working_day_stays_and_says_only_the_count() {
    let c = act_deadline(date!(2026 - 03 - 02), Period::Days(15), &cal());
    assert_eq!(c.date, date!(2026 - 03 - 17));
    assert_eq!(c.steps.len(), 1);
}

#[test]
fn seven_day_notification_ending_in_national_day_moves() {
    // Term ended Sat 27 Sep 2025; 7 days later is Sat 4 Oct (holiday).
    let c = act_deadline(date!(2025 - 09 - 27), Period::Days(7), &cal());
    assert_eq!(c.date, date!(2025 - 10 - 09));
}

#[test]
fn a_year_without_a_notice_is_flagged() {
    // 1 Jan 2027 is a Friday; without the 2027 notice it is not known as a holiday.
    let c = act_deadline(date!(2026 - 12 - 17), Period::Days(15), &cal());
    assert_eq!(c.date, date!(2027 - 01 - 01));
    assert!(c.steps.contains(&Step::CalendarMissing { year: 2027 }));
    assert!(c.explain_en().contains("no notice for 2027"));
}

#[test]
fn a_term_ending_on_a_holiday_does_not_move() {
    // Reported in 1 Oct 2023; 3 years end on National Day 2026.
    let c = term_end(date!(2023 - 10 - 01), Period::Years(3));
    assert_eq!(c.date, date!(2026 - 10 - 01));
    let noted = c.noting_term_rest_day(&cal());
    assert_eq!(noted.date, date!(2026 - 10 - 01));
    assert!(matches!(
        noted.steps.last(),
        Some(Step::TermNotMoved { .. })
    ));
    assert!(noted.explain_zh().contains("不因休假日延长"));
    // On a working day nothing is noted.
    let plain = term_end(date!(2023 - 10 - 09), Period::Years(3)).noting_term_rest_day(&cal());
    assert_eq!(plain.steps.len(), 1);
}

#[test]
fn excluded_days_and_extensions_are_explained() {
    let c = term_end(date!(2024 - 03 - 10), Period::Years(2))
        .with_excluded_days(5, Exclusion::Escaped)
        .with_extension(Period::Months(6));
    assert_eq!(c.date, date!(2026 - 09 - 15));
    let zh = c.explain_zh();
    assert!(
        zh.contains("脱逃5日不计入期限，2026-03-10 顺延5日 = 2026-03-15（戒毒条例第三十二条）")
    );
    assert!(zh.contains("延长戒毒期限6个月：2026-03-15 → 2026-09-15（禁毒法第四十七条）"));
    // Zero excluded days add no step.
    let same =
        term_end(date!(2024 - 03 - 10), Period::Years(2)).with_excluded_days(0, Exclusion::Paused);
    assert_eq!(same.steps.len(), 1);
}

#[test]
fn day_arithmetic() {
    assert_eq!(days_left(date!(2026 - 02 - 24), date!(2026 - 02 - 20)), 4);
    assert_eq!(days_left(date!(2026 - 02 - 24), date!(2026 - 02 - 24)), 0);
    assert_eq!(days_left(date!(2026 - 02 - 24), date!(2026 - 03 - 01)), -5);
    assert_eq!(
        crate::date_math::days_between(date!(2025 - 01 - 10), date!(2025 - 01 - 15)),
        5
    );
    assert_eq!(
        extend_by_days(date!(2024 - 02 - 28), 1),
        date!(2024 - 02 - 29)
    );
    assert_eq!(extend_by_days(Date::MAX, 1), Date::MAX);
    assert_eq!(period_end(Date::MAX, Period::Years(1)), Date::MAX);
}

#[test]
fn period_texts() {
    assert_eq!(Period::Days(1).text_en(), "1 day");
    assert_eq!(Period::Months(3).text_en(), "3 months");
    assert_eq!(Period::Years(3).text_zh(), "3年");
    assert!(Period::Days(0).is_empty());
    assert!(!Period::Years(1).is_empty());
}
