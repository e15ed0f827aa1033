//! The State Council's holiday arrangements for 2024, 2025 and 2026, as
//! published in the General Office's yearly notices (国务院办公厅关于
//! 20XX年部分节假日安排的通知). Each run lists every rest day of the notice
//! (statutory days and the weekend days joined to them); runs that only
//! touch a normal weekend ("与周末连休") list the statutory day alone, the
//! weekend being a rest day anyway.
//!
//! The 2025 notice is the first under the revised 全国年节及纪念日放假办法
//! (State Council decision of 2024-11-10), which added 除夕 and 5月2日.

use time::Date;
use time::macros::date;

use super::HolidayEntry;

const SOURCE_2024: &str = "国务院办公厅关于2024年部分节假日安排的通知";
const SOURCE_2025: &str = "国务院办公厅关于2025年部分节假日安排的通知";
const SOURCE_2026: &str = "国务院办公厅关于2026年部分节假日安排的通知";

/// One entry of a notice.
fn entry(
    year: i32,
    names: (&str, &str),
    run: (Date, Date),
    make_up: &[Date],
    source: &str,
) -> HolidayEntry {
    HolidayEntry {
        year,
        name_zh: names.0.to_owned(),
        name_en: names.1.to_owned(),
        first: run.0,
        last: run.1,
        make_up_workdays: make_up.to_vec(),
        source: source.to_owned(),
    }
}

const NEW_YEAR: (&str, &str) = ("元旦", "New Year's Day");
const SPRING: (&str, &str) = ("春节", "Spring Festival");
const QINGMING: (&str, &str) = ("清明节", "Qingming Festival");
const LABOUR: (&str, &str) = ("劳动节", "Labour Day");
const DRAGON_BOAT: (&str, &str) = ("端午节", "Dragon Boat Festival");
const MID_AUTUMN: (&str, &str) = ("中秋节", "Mid-Autumn Festival");
const NATIONAL: (&str, &str) = ("国庆节", "National Day");
const NATIONAL_MID_AUTUMN: (&str, &str) =
    ("国庆节、中秋节", "National Day and Mid-Autumn Festival");

/// All entries of the three notices.
pub(super) fn entries_2024_2026() -> Vec<HolidayEntry> {
    let mut all = entries_2024();
    all.extend(entries_2025());
    all.extend(entries_2026());
    all
}

fn entries_2024() -> Vec<HolidayEntry> {
    let (y, s) = (2024, SOURCE_2024);
    vec![
        entry(
            y,
            NEW_YEAR,
            (date!(2024 - 01 - 01), date!(2024 - 01 - 01)),
            &[],
            s,
        ),
        entry(
            y,
            SPRING,
            (date!(2024 - 02 - 10), date!(2024 - 02 - 17)),
            &[date!(2024 - 02 - 04), date!(2024 - 02 - 18)],
            s,
        ),
        entry(
            y,
            QINGMING,
            (date!(2024 - 04 - 04), date!(2024 - 04 - 06)),
            &[date!(2024 - 04 - 07)],
            s,
        ),
        entry(
            y,
            LABOUR,
            (date!(2024 - 05 - 01), date!(2024 - 05 - 05)),
            &[date!(2024 - 04 - 28), date!(2024 - 05 - 11)],
            s,
        ),
        entry(
            y,
            DRAGON_BOAT,
            (date!(2024 - 06 - 10), date!(2024 - 06 - 10)),
            &[],
            s,
        ),
        entry(
            y,
            MID_AUTUMN,
            (date!(2024 - 09 - 15), date!(2024 - 09 - 17)),
            &[date!(2024 - 09 - 14)],
            s,
        ),
        entry(
            y,
            NATIONAL,
            (date!(2024 - 10 - 01), date!(2024 - 10 - 07)),
            &[date!(2024 - 09 - 29), date!(2024 - 10 - 12)],
            s,
        ),
    ]
}

fn entries_2025() -> Vec<HolidayEntry> {
    let (y, s) = (2025, SOURCE_2025);
    vec![
        entry(
            y,
            NEW_YEAR,
            (date!(2025 - 01 - 01), date!(2025 - 01 - 01)),
            &[],
            s,
        ),
        entry(
            y,
            SPRING,
            (date!(2025 - 01 - 28), date!(2025 - 02 - 04)),
            &[date!(2025 - 01 - 26), date!(2025 - 02 - 08)],
            s,
        ),
        entry(
            y,
            QINGMING,
            (date!(2025 - 04 - 04), date!(2025 - 04 - 06)),
            &[],
            s,
        ),
        entry(
            y,
            LABOUR,
            (date!(2025 - 05 - 01), date!(2025 - 05 - 05)),
            &[date!(2025 - 04 - 27)],
            s,
        ),
        entry(
            y,
            DRAGON_BOAT,
            (date!(2025 - 05 - 31), date!(2025 - 06 - 02)),
            &[],
            s,
        ),
        entry(
            y,
            NATIONAL_MID_AUTUMN,
            (date!(2025 - 10 - 01), date!(2025 - 10 - 08)),
            &[date!(2025 - 09 - 28), date!(2025 - 10 - 11)],
            s,
        ),
    ]
}

fn entries_2026() -> Vec<HolidayEntry> {
    let (y, s) = (2026, SOURCE_2026);
    vec![
        entry(
            y,
            NEW_YEAR,
            (date!(2026 - 01 - 01), date!(2026 - 01 - 03)),
            &[date!(2026 - 01 - 04)],
            s,
        ),
        entry(
            y,
            SPRING,
            (date!(2026 - 02 - 15), date!(2026 - 02 - 23)),
            &[date!(2026 - 02 - 14), date!(2026 - 02 - 28)],
            s,
        ),
        entry(
            y,
            QINGMING,
            (date!(2026 - 04 - 04), date!(2026 - 04 - 06)),
            &[],
            s,
        ),
        entry(
            y,
            LABOUR,
            (date!(2026 - 05 - 01), date!(2026 - 05 - 05)),
            &[date!(2026 - 05 - 09)],
            s,
        ),
        entry(
            y,
            DRAGON_BOAT,
            (date!(2026 - 06 - 19), date!(2026 - 06 - 21)),
            &[],
            s,
        ),
        entry(
            y,
            MID_AUTUMN,
            (date!(2026 - 09 - 25), date!(2026 - 09 - 27)),
            &[],
            s,
        ),
        entry(
            y,
            NATIONAL,
            (date!(2026 - 10 - 01), date!(2026 - 10 - 07)),
            &[date!(2026 - 09 - 20), date!(2026 - 10 - 10)],
            s,
        ),
    ]
}
