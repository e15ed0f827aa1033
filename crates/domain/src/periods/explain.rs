//! Rendering computed dates as text in Chinese and English, citing the
//! article behind each step, so that every deadline shown can say how it
//! was computed (domain.md §3).

use time::{Date, Weekday};

use super::{Computed, Exclusion, Period, RestReason, Step};

impl Computed {
    /// The steps in Chinese, one clause each, joined by "；".
    #[must_use]
    pub fn explain_zh(&self) -> String {
        let lines: Vec<String> = self.steps.iter().map(Step::explain_zh).collect();
        format!("{}。", lines.join("；"))
    }

    /// The steps in English, one clause each, joined by "; ".
    #[must_use]
    pub fn explain_en(&self) -> String {
        let lines: Vec<String> = self.steps.iter().map(Step::explain_en).collect();
        format!("{}.", lines.join("; "))
    }
}

impl Period {
    /// "15日", "1个月", "3年".
    #[must_use]
    pub fn text_zh(self) -> String {
        match self {
            Period::Days(n) => format!("{n}日"),
            Period::Months(n) => format!("{n}个月"),
            Period::Years(n) => format!("{n}年"),
        }
    }

    /// "15 days", "1 month", "3 years".
    #[must_use]
    pub fn text_en(self) -> String {
        let (n, unit) = match self {
            Period::Days(n) => (n, "day"),
            Period::Months(n) => (n, "month"),
            Period::Years(n) => (n, "year"),
        };
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    }
}

fn weekday_zh(date: Date) -> &'static str {
    match date.weekday() {
        Weekday::Monday => "星期一",
        Weekday::Tuesday => "星期二",
        Weekday::Wednesday => "星期三",
        Weekday::Thursday => "星期四",
        Weekday::Friday => "星期五",
        Weekday::Saturday => "星期六",
        Weekday::Sunday => "星期日",
    }
}

fn rest_zh(date: Date, reason: &RestReason) -> String {
    match reason {
        RestReason::Weekend => format!("休息日（{}）", weekday_zh(date)),
        RestReason::Holiday { name_zh, .. } => format!("法定节假日（{name_zh}）"),
    }
}

fn rest_en(date: Date, reason: &RestReason) -> String {
    match reason {
        RestReason::Weekend => format!("weekend day ({})", date.weekday()),
        RestReason::Holiday { name_zh, name_en } => {
            format!("statutory holiday ({name_zh}, {name_en})")
        }
    }
}

fn exclusion_zh(reason: Exclusion) -> (&'static str, &'static str) {
    match reason {
        Exclusion::Paused => ("中止", "戒毒条例第二十四条"),
        Exclusion::Escaped => ("脱逃", "戒毒条例第三十二条"),
    }
}

fn exclusion_en(reason: Exclusion) -> (&'static str, &'static str) {
    match reason {
        Exclusion::Paused => ("paused", "JDTL 24"),
        Exclusion::Escaped => ("escaped", "JDTL 32"),
    }
}

impl Step {
    /// One clause in Chinese.
    #[must_use]
    pub fn explain_zh(&self) -> String {
        match self {
            Step::Counted { start, period, end } => {
                let article = match period {
                    Period::Days(_) => "民法典第二百零一条",
                    _ => "民法典第二百零一条、第二百零二条",
                };
                format!(
                    "起算日 {start} 不计入，加{} = {end}（{article}）",
                    period.text_zh()
                )
            }
            Step::MonthEnd { wanted_day, end } => format!(
                "到期月没有{wanted_day}日，以该月末日 {end} 为期间最后一日（民法典第二百零二条）"
            ),
            Step::MovedPastRestDay { from, reason, to } => format!(
                "{from} 是{}，顺延至其后第一个工作日 {to}（民法典第二百零三条）",
                rest_zh(*from, reason)
            ),
            Step::MakeUpWorkdayStays {
                date, holiday_zh, ..
            } => format!("{date} 是{holiday_zh}调休上班日，为工作日，不顺延"),
            Step::TermNotMoved { date, reason } => format!(
                "{date} 是{}，但措施期限不因休假日延长（期限限制当事人，期间顺延是为保护须行为的一方）",
                rest_zh(*date, reason)
            ),
            Step::ExcludedDaysAdded {
                days,
                reason,
                from,
                to,
            } => {
                let (what, article) = exclusion_zh(*reason);
                format!("{what}{days}日不计入期限，{from} 顺延{days}日 = {to}（{article}）")
            }
            Step::Extended { from, period, to } => format!(
                "延长戒毒期限{}：{from} → {to}（禁毒法第四十七条）",
                period.text_zh()
            ),
            Step::StillRunning { reason, since } => {
                let (what, article) = exclusion_zh(*reason);
                format!("自 {since} 起{what}，尚未结束，结束后期限再按{what}天数顺延（{article}）")
            }
            Step::CalendarMissing { year } => {
                format!("节假日表尚无{year}年的安排，该年仅按周六、周日计算休息日")
            }
        }
    }

    /// One clause in English.
    #[must_use]
    pub fn explain_en(&self) -> String {
        match self {
            Step::Counted { start, period, end } => {
                let article = match period {
                    Period::Days(_) => "Civil Code Art 201",
                    _ => "Civil Code Art 201-202",
                };
                format!(
                    "start {start} (not counted) + {} = {end} ({article})",
                    period.text_en()
                )
            }
            Step::MonthEnd { wanted_day, end } => format!(
                "the final month has no day {wanted_day}, so its last day {end} ends the period (Civil Code Art 202)"
            ),
            Step::MovedPastRestDay { from, reason, to } => format!(
                "{from} is a {} → moved to the first working day after it, {to} (Civil Code Art 203)",
                rest_en(*from, reason)
            ),
            Step::MakeUpWorkdayStays {
                date, holiday_en, ..
            } => format!("{date} is a make-up working day ({holiday_en}), so it does not move"),
            Step::TermNotMoved { date, reason } => format!(
                "{date} is a {}, but a term is not lengthened by rest days (a term restricts the person; moving a deadline protects whoever must act)",
                rest_en(*date, reason)
            ),
            Step::ExcludedDaysAdded {
                days,
                reason,
                from,
                to,
            } => {
                let (what, article) = exclusion_en(*reason);
                format!("{days} days {what} do not count: {from} + {days} days = {to} ({article})")
            }
            Step::Extended { from, period, to } => {
                format!("extended by {}: {from} → {to} (JDF 47)", period.text_en())
            }
            Step::StillRunning { reason, since } => {
                let (what, article) = exclusion_en(*reason);
                format!(
                    "{what} since {since} and not yet over: the end moves later by those days ({article})"
                )
            }
            Step::CalendarMissing { year } => format!(
                "the holiday calendar has no notice for {year}; only Saturdays and Sundays were treated as rest days"
            ),
        }
    }
}
