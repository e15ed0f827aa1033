//! Periodic assessments of a person under a measure, and the person's own
//! periodic reports, scheduled and tracked like drug tests.
//!
//! No national text fixes these cycles (issue 3): the `AssessmentSchedule`
//! setting holds them, by default our own choice of a half-yearly review, an
//! annual assessment and a monthly self-report.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::code_enum::code_enum;
use crate::date_math::add_months;
use crate::schedule::{self, DueItem, DueState};
use crate::settings::{SettingHistory, UsedSetting, Versioned};

code_enum! {
    /// What is due.
    pub enum AssessmentKind {
        /// Review by the worker, half-yearly by default.
        Review = ("review", "阶段评估", "Periodic review"),
        /// Annual assessment (年度评估), which also closes the term.
        Annual = ("annual", "年度评估", "Annual assessment"),
        /// The person's own periodic report to the worker.
        SelfReport = ("self_report", "定期报告", "Self-report"),
    }
}

code_enum! {
    /// What an assessment concluded (a self-report is recorded as received
    /// with the worker's reading of it). Our own scale: no national text
    /// fixes one.
    pub enum AssessmentConclusion {
        Stable = ("stable", "稳定", "Stable"),
        NeedsAttention = ("needs_attention", "需关注", "Needs attention"),
        AtRisk = ("at_risk", "有复吸风险", "At risk of relapse"),
    }
}

/// The assessment-schedule setting. An interval of 0 months means the kind
/// is not scheduled at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentSchedule {
    /// Months between reviews.
    pub review_every_months: u32,
    /// Months between annual assessments.
    pub annual_every_months: u32,
    /// Months between the person's own reports.
    pub self_report_every_months: u32,
    /// Days before or after a due date within which it is on time.
    pub tolerance_days: u32,
}

impl AssessmentSchedule {
    /// Jindu default, no published source: review every 6 months, annual
    /// assessment every 12, self-report monthly, 15 days tolerance.
    #[must_use]
    pub fn jindu_default() -> AssessmentSchedule {
        AssessmentSchedule {
            review_every_months: 6,
            annual_every_months: 12,
            self_report_every_months: 1,
            tolerance_days: 15,
        }
    }

    fn every(&self, kind: AssessmentKind) -> u32 {
        match kind {
            AssessmentKind::Review => self.review_every_months,
            AssessmentKind::Annual => self.annual_every_months,
            AssessmentKind::SelfReport => self.self_report_every_months,
        }
    }
}

/// Due dates of `kind` for a measure from `start` to `term_end` (inclusive).
///
/// The first is one interval after `start` (nothing to assess on day one),
/// each counted from `start` with Civil Code month ends (民法典 Art 202). A
/// review that falls on an annual assessment's month is dropped: the annual
/// assessment covers it, so with the defaults reviews fall at months 6, 18,
/// 30 and annual assessments at 12, 24, 36.
#[must_use]
pub fn due_dates(
    kind: AssessmentKind,
    start: Date,
    term_end: Date,
    setting: &AssessmentSchedule,
) -> Vec<Date> {
    let every = setting.every(kind);
    if every == 0 {
        return Vec::new();
    }
    let annual = setting.annual_every_months;
    let mut dates = Vec::new();
    let mut offset = every;
    loop {
        let covered_by_annual =
            kind == AssessmentKind::Review && annual != 0 && offset.is_multiple_of(annual);
        match add_months(start, offset) {
            Some(date) if date <= term_end => {
                if !covered_by_annual {
                    dates.push(date);
                }
            }
            _ => break,
        }
        match offset.checked_add(every) {
            Some(next) => offset = next,
            None => break,
        }
    }
    dates
}

/// One recorded assessment or self-report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentRecord {
    /// Which kind.
    pub kind: AssessmentKind,
    /// When it was done.
    pub on: Date,
}

/// Due dates of one kind under one version of the setting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledAssessments {
    /// Which kind.
    pub kind: AssessmentKind,
    /// Due dates, strictly increasing.
    pub dates: Vec<Date>,
    /// Tolerance of that version.
    pub tolerance_days: u32,
    /// The setting version used.
    pub used: UsedSetting,
}

/// Schedules `kind` under `setting`.
#[must_use]
pub fn schedule_with(
    setting: &Versioned<AssessmentSchedule>,
    kind: AssessmentKind,
    start: Date,
    term_end: Date,
) -> ScheduledAssessments {
    ScheduledAssessments {
        kind,
        dates: due_dates(kind, start, term_end, &setting.value),
        tolerance_days: setting.value.tolerance_days,
        used: setting.used(),
    }
}

/// Schedules `kind` under the version in force on the measure's start,
/// kept for the whole measure as for drug tests.
#[must_use]
pub fn schedule_measure(
    history: &SettingHistory<AssessmentSchedule>,
    kind: AssessmentKind,
    start: Date,
    term_end: Date,
) -> Option<ScheduledAssessments> {
    history
        .in_force_on(start)
        .map(|setting| schedule_with(setting, kind, start, term_end))
}

/// Each due date's state on `today`; only records of the scheduled kind count.
#[must_use]
pub fn track(
    scheduled: &ScheduledAssessments,
    records: &[AssessmentRecord],
    today: Date,
) -> Vec<DueItem> {
    let done: Vec<Date> = records
        .iter()
        .filter(|r| r.kind == scheduled.kind)
        .map(|r| r.on)
        .collect();
    schedule::track(&scheduled.dates, &done, today, scheduled.tolerance_days)
}

/// The next one to do, possibly overdue.
#[must_use]
pub fn next_due(
    scheduled: &ScheduledAssessments,
    records: &[AssessmentRecord],
    today: Date,
) -> Option<DueItem> {
    schedule::next_open(&track(scheduled, records, today))
}

/// Due dates overdue on `today`.
#[must_use]
pub fn overdue(
    scheduled: &ScheduledAssessments,
    records: &[AssessmentRecord],
    today: Date,
) -> Vec<Date> {
    track(scheduled, records, today)
        .into_iter()
        .filter(|item| item.state == DueState::Overdue)
        .map(|item| item.due)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date_math::add_years;
    use crate::settings::{default_assessment_schedule, history_of};
    use proptest::prelude::*;
    use time::macros::date;

    fn defaults(kind: AssessmentKind, start: Date) -> Vec<Date> {
        due_dates(
            kind,
            start,
            add_years(start, 3).unwrap(),
            &AssessmentSchedule::jindu_default(),
        )
    }

    #[test]
    fn reviews_and_annual_assessments_interleave() {
        let start = date!(2024 - 02 - 29);
        assert_eq!(
            defaults(AssessmentKind::Review, start),
            vec![
                date!(2024 - 08 - 29),
                date!(2025 - 08 - 29),
                date!(2026 - 08 - 29)
            ]
        );
        // The last annual assessment falls on the term's last day.
        assert_eq!(
            defaults(AssessmentKind::Annual, start),
            vec![
                date!(2025 - 02 - 28),
                date!(2026 - 02 - 28),
                date!(2027 - 02 - 28)
            ]
        );
        let reports = defaults(AssessmentKind::SelfReport, start);
        assert_eq!(reports.len(), 36);
        assert_eq!(
            &reports[..2],
            &[date!(2024 - 03 - 29), date!(2024 - 04 - 29)]
        );
        assert_eq!(reports[11], date!(2025 - 02 - 28));
        assert_eq!(reports[35], date!(2027 - 02 - 28));
    }

    #[test]
    fn month_end_start() {
        let start = date!(2023 - 08 - 31);
        assert_eq!(
            defaults(AssessmentKind::Review, start),
            vec![
                date!(2024 - 02 - 29),
                date!(2025 - 02 - 28),
                date!(2026 - 02 - 28)
            ]
        );
    }

    #[test]
    fn zero_interval_disables_a_kind_and_reviews_stand_alone_without_annual() {
        let setting = AssessmentSchedule {
            self_report_every_months: 0,
            annual_every_months: 0,
            ..AssessmentSchedule::jindu_default()
        };
        let start = date!(2024 - 01 - 15);
        let end = date!(2025 - 01 - 15);
        assert!(due_dates(AssessmentKind::SelfReport, start, end, &setting).is_empty());
        assert!(due_dates(AssessmentKind::Annual, start, end, &setting).is_empty());
        assert_eq!(
            due_dates(AssessmentKind::Review, start, end, &setting),
            vec![date!(2024 - 07 - 15), date!(2025 - 01 - 15)]
        );
    }

    #[test]
    fn tracking_counts_only_the_same_kind() {
        let history = history_of(default_assessment_schedule());
        let start = date!(2024 - 01 - 10);
        let s = schedule_measure(
            &history,
            AssessmentKind::Review,
            start,
            add_years(start, 3).unwrap(),
        )
        .unwrap();
        assert_eq!(s.used.version, 1);
        assert_eq!(s.dates[0], date!(2024 - 07 - 10));
        let annual_only = [AssessmentRecord {
            kind: AssessmentKind::Annual,
            on: date!(2024 - 07 - 10),
        }];
        // 15 days of tolerance: Jul 25 is still on time, Jul 26 is overdue.
        assert!(overdue(&s, &annual_only, date!(2024 - 07 - 25)).is_empty());
        assert_eq!(
            overdue(&s, &annual_only, date!(2024 - 07 - 26)),
            vec![date!(2024 - 07 - 10)]
        );
        let review = [AssessmentRecord {
            kind: AssessmentKind::Review,
            on: date!(2024 - 07 - 30),
        }];
        assert!(overdue(&s, &review, date!(2024 - 07 - 30)).is_empty());
        assert_eq!(
            next_due(&s, &review, date!(2024 - 07 - 30)).map(|i| i.due),
            Some(date!(2025 - 07 - 10))
        );
        assert_eq!(
            schedule_measure(
                &history,
                AssessmentKind::Review,
                date!(2000 - 01 - 01),
                start
            ),
            None
        );
    }

    #[test]
    fn kinds_are_well_formed() {
        crate::code_enum::assert_well_formed::<AssessmentKind>();
    }

    proptest! {
        #[test]
        fn due_dates_increase_within_the_term(
            days in 0i64..30_000, term_days in 0i64..1500,
            review in 0u32..13, annual in 0u32..25, report in 0u32..4,
        ) {
            let start = date!(2000 - 01 - 01) + time::Duration::days(days);
            let term_end = start + time::Duration::days(term_days);
            let setting = AssessmentSchedule {
                review_every_months: review,
                annual_every_months: annual,
                self_report_every_months: report,
                tolerance_days: 15,
            };
            for kind in AssessmentKind::ALL {
                let dates = due_dates(*kind, start, term_end, &setting);
                prop_assert!(dates.windows(2).all(|p| p[0] < p[1]));
                prop_assert!(dates.iter().all(|d| *d > start && *d <= term_end));
            }
        }
    }
}
