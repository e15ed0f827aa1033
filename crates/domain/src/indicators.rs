//! The indicators of the speech (domain.md §5) as a registry: each with its
//! definition (numerator, denominator), unit, target with direction and the
//! source of the target; and, for each kind of record, whether and how the
//! record counts — the one rule the store uses both to keep its rollups on
//! every write and to rebuild them from the raw records, so the two cannot
//! disagree.
//!
//! Rollups are kept by month of the record's own date (the decision of a
//! measure, the first registration of a person); quarters, years and any
//! range add months up.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::{Date, Month as CalMonth};

use crate::addiction::AddictionLevel;
use crate::calendar::HolidayCalendar;
use crate::code_enum::code_enum;
use crate::measures::Measure;
use crate::register::RegisterStatus;
use crate::schedule::{DueItem, DueState};

mod strike;
pub use strike::{
    OF_CASES, OF_LEADS, OF_OUTFLOW, OF_SEIZURES, OF_SUSPECTS, of_case, of_lead, of_outflow,
    of_seizure, of_suspect,
};

code_enum! {
    /// The indicators the data built so far supports.
    pub enum IndicatorCode {
        /// Community detox/rehab execution rate (社区戒毒社区康复执行率).
        ExecutionRate = ("community_execution_rate", "社区戒毒康复执行率", "Community detox/rehab execution rate"),
        /// Community detox/rehab report-in rate (报到率).
        ReportInRate = ("community_report_in_rate", "社区戒毒康复按期报到率", "Community detox/rehab report-in rate"),
        /// Persons registered for the first time (新发现吸毒人员).
        NewlyFound = ("newly_found", "新发现吸毒人员", "Newly found drug users"),
        /// Scheduled drug tests done (检测完成率).
        TestCompletion = ("test_completion", "社区戒毒康复检测完成率", "Drug-test completion rate"),
        /// Released persons who relapsed within a year (复吸率).
        RelapseRate = ("relapse_rate", "解除措施后一年内复吸率", "Relapse within a year of release"),
        /// Persons on the register under control (在控率), as of today.
        ControlRate = ("control_rate", "吸毒人员在控率", "Control rate"),
        /// Minors among them (未成年人占比).
        MinorShare = ("minor_share", "新发现吸毒人员中未成年人占比", "Minors' share of newly found drug users"),
        /// Severely addicted persons under a measure (应收尽收), as of today.
        SevereUnderMeasure = ("severe_under_measure", "严重成瘾人员收治率（应收尽收）", "Severely addicted under a measure"),
        /// 双逢双查 traces closed by their deadline.
        TraceCompletion = ("trace_completion", "双逢双查按期办结率", "Source traces closed on time"),
        /// Closed traces that identified a supplier (来源查明率).
        SourceIdentified = ("source_identified", "毒品来源查明率", "Supply source identified"),
        /// Drug cases accepted (毒品案件).
        DrugCases = ("drug_cases", "受理毒品案件", "Drug cases accepted"),
        /// Suspects of those cases (涉案犯罪嫌疑人).
        DrugSuspects = ("drug_suspects", "毒品案件犯罪嫌疑人", "Suspects of drug cases"),
        /// Cases of a campaign (“两打两控”等专项行动).
        CampaignCases = ("campaign_cases", "专项行动（两打两控等）案件", "Campaign cases (两打两控 …)"),
        /// Drugs seized, in grams (缴获毒品).
        SeizedDrugs = ("seized_drugs", "缴获毒品", "Drugs seized"),
        /// Precursor chemicals seized, in kilograms (缴获易制毒化学品).
        SeizedPrecursors = ("seized_precursors", "缴获易制毒化学品", "Precursor chemicals seized"),
        /// Leads that became a case (线索成案率).
        LeadConversion = ("lead_conversion", "线索成案率", "Leads that led to a case"),
        /// Local people caught trafficking elsewhere (外流贩毒人员).
        OutflowTraffickers = ("outflow_traffickers", "外流贩毒人员", "Outflow traffickers"),
    }
}

/// What a figure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// numerator ÷ denominator, shown as a percentage.
    Rate,
    /// The numerator alone.
    Count,
    /// The numerator alone, a mass kept in milligrams, shown in grams.
    Grams,
    /// The numerator alone, a mass kept in milligrams, shown in kilograms.
    Kilograms,
}

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The value must reach the target (a rate of 100%).
    AtLeast,
    /// The value must stay under the target (minors' share ≤ 0.2%).
    AtMost,
}

/// A target with the authority that set it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Target {
    /// For a rate, a fraction (1.0 = 100%).
    pub value: f64,
    pub direction: Direction,
    pub source_zh: &'static str,
    pub source_en: &'static str,
}

/// An indicator's definition, as shown next to every figure.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Definition {
    pub code: IndicatorCode,
    pub unit: Unit,
    pub numerator_zh: &'static str,
    pub numerator_en: &'static str,
    /// `None` for a count.
    pub denominator_zh: Option<&'static str>,
    pub denominator_en: Option<&'static str>,
    pub target: Option<Target>,
    /// Where the formula comes from (the speech sets targets, not formulas).
    pub formula_source: &'static str,
    /// Counted over complete months only: the current month's due dates
    /// are still open, so including it would understate the rate.
    pub complete_months: bool,
    /// A stock as of today (period [`LIVE`]) rather than monthly flows.
    pub stock: bool,
}

/// The period of a stock indicator's members and sums: the state now.
pub const LIVE: &str = "live";

const SPEECH_ZH: &str = "讲话：2023年社区戒毒社区康复执行率达到100%";
const SPEECH_EN: &str = "The speech: community detox/rehab execution at 100% by 2023";

/// The registry entry of `code`.
#[must_use]
pub fn definition(code: IndicatorCode) -> Definition {
    match code {
        IndicatorCode::ExecutionRate => Definition {
            code,
            unit: Unit::Rate,
            numerator_zh: "其中本人已报到并签订社区戒毒（康复）协议的",
            numerator_en: "of which the person reported in and signed the agreement",
            denominator_zh: Some("期内决定的社区戒毒、社区康复"),
            denominator_en: Some(
                "community detox and rehabilitation measures decided in the period",
            ),
            target: Some(Target {
                value: 1.0,
                direction: Direction::AtLeast,
                source_zh: SPEECH_ZH,
                source_en: SPEECH_EN,
            }),
            formula_source: "domain.md §4: the formula is Jindu's, documented on the indicator",
            complete_months: false,
            stock: false,
        },
        IndicatorCode::ReportInRate => Definition {
            code,
            unit: Unit::Rate,
            numerator_zh: "其中在15日内报到的（《戒毒条例》第十四条、第三十八条）",
            numerator_en: "of which the person reported in within 15 days (JDTL 14, 38)",
            denominator_zh: Some("期内决定的社区戒毒、社区康复"),
            denominator_en: Some(
                "community detox and rehabilitation measures decided in the period",
            ),
            target: Some(Target {
                value: 1.0,
                direction: Direction::AtLeast,
                source_zh: SPEECH_ZH,
                source_en: SPEECH_EN,
            }),
            formula_source: "domain.md §4: reported within 15 days ÷ ordered",
            complete_months: false,
            stock: false,
        },
        IndicatorCode::MinorShare => Definition {
            code,
            unit: Unit::Rate,
            numerator_zh: "其中首次登记时（嫌疑人为案件受理时）未满18周岁的",
            numerator_en: "of whom under 18 when first registered (a suspect: when the case was accepted)",
            denominator_zh: Some("期内首次登记的吸毒人员，及期内受理的毒品案件的犯罪嫌疑人"),
            denominator_en: Some(
                "persons first registered in the period, and the suspects of drug cases accepted in it",
            ),
            target: Some(Target {
                value: 0.002,
                direction: Direction::AtMost,
                source_zh: "讲话：2023年涉毒违法犯罪人员中未成年人占比控制在0.2%以下",
                source_en: "The speech: minors at most 0.2% of drug offenders by 2023",
            }),
            formula_source: "Jindu: counted among persons first registered in the period, by age at \
                 registration (a share of the whole register would change every day as people age \
                 without any record changing), and among the suspects of cases accepted in the \
                 period, by age on the day the case was accepted; a person counts once per \
                 registration and once per case",
            complete_months: false,
            stock: false,
        },
        IndicatorCode::RelapseRate => Definition {
            code,
            unit: Unit::Rate,
            numerator_zh: "其中解除后一年内检测阳性的",
            numerator_en: "of whom tested positive within a year after",
            denominator_zh: Some("期内期满或提前解除的社区戒毒、社区康复、强制隔离戒毒"),
            denominator_en: Some(
                "community detox, rehabilitation and isolation measures served or released early in the period",
            ),
            target: None,
            formula_source: "Jindu: counted in the month of release; a positive test within one year \
                 (Civil Code Art 202: to the same date a year later) moves the release into the \
                 numerator, so the latest twelve months are still filling up",
            complete_months: false,
            stock: false,
        },
        IndicatorCode::ControlRate => Definition {
            code,
            unit: Unit::Rate,
            numerator_zh: "其中未失联、未在逃的",
            numerator_en: "of whom neither out of contact nor a fugitive",
            denominator_zh: Some("应管控的在册吸毒人员（不含戒断三年未复吸、迁出、出境、死亡）"),
            denominator_en: Some(
                "persons on the register to be controlled (not abstinent 3 years, moved away, emigrated or deceased)",
            ),
            target: None,
            formula_source: "Jindu: the register's status today, at the person's unit; past months \
                 are month-end snapshots taken in the first minute of the next month",
            complete_months: false,
            stock: true,
        },
        IndicatorCode::SevereUnderMeasure => Definition {
            code,
            unit: Unit::Rate,
            numerator_zh: "其中正在执行戒毒措施的",
            numerator_en: "of whom under a measure now",
            denominator_zh: Some("经认定吸毒成瘾严重、应管控且未被羁押的在册人员"),
            denominator_en: Some(
                "persons on the register determined severely addicted, to be controlled and not in custody",
            ),
            target: Some(Target {
                value: 1.0,
                direction: Direction::AtLeast,
                source_zh: "讲话：应收尽收、应戒尽戒",
                source_en: "The speech: every severely addicted person under a measure",
            }),
            formula_source: "Jindu: the police's determination recorded on the register (CYRD 8) and \
                 the register's status today; persons in custody wait for release and are left out",
            complete_months: false,
            stock: true,
        },
        IndicatorCode::TestCompletion => Definition {
            code,
            unit: Unit::Rate,
            numerator_zh: "其中已检测（采到样本）的",
            numerator_en: "of which a sample was taken",
            denominator_zh: Some("期内社区戒毒康复检测计划应检次数"),
            denominator_en: Some(
                "scheduled tests of community detox and rehabilitation due in the period",
            ),
            target: None,
            formula_source: "Jindu: the due dates of the test-schedule setting in force at report-in, \
                 matched to the tests as the file does (one test per due date); no published target",
            complete_months: true,
            stock: false,
        },
        IndicatorCode::TraceCompletion => Definition {
            code,
            unit: Unit::Rate,
            numerator_zh: "其中在期限内办结（查明上线或写明原因）的",
            numerator_en: "of which closed by the deadline (supplier identified, or the reason given)",
            denominator_zh: Some(
                "期内到期的双逢双查任务（新发现吸毒人员查来源、贩毒嫌疑人查上下线）",
            ),
            denominator_en: Some(
                "双逢双查 trace tasks due in the period (new users' source traces, trafficking suspects' up/down-line traces)",
            ),
            target: Some(Target {
                value: 1.0,
                direction: Direction::AtLeast,
                source_zh: "讲话：逢吸毒必查来源、逢贩毒必查上下线",
                source_en: "The speech: trace the source of every user, the up- and down-line of every trafficker",
            }),
            formula_source: "Jindu: by the month of each task's deadline (30 days after it opened, our \
                 default), over complete months",
            complete_months: true,
            stock: false,
        },
        IndicatorCode::SourceIdentified => Definition {
            code,
            unit: Unit::Rate,
            numerator_zh: "其中查明上线并建立关系的",
            numerator_en: "of which a supplier was identified and linked",
            denominator_zh: Some("期内办结的双逢双查任务"),
            denominator_en: Some("双逢双查 trace tasks closed in the period"),
            target: None,
            formula_source: "Jindu: by the month each task was closed; no published target",
            complete_months: false,
            stock: false,
        },
        IndicatorCode::DrugCases
        | IndicatorCode::DrugSuspects
        | IndicatorCode::CampaignCases
        | IndicatorCode::SeizedDrugs
        | IndicatorCode::SeizedPrecursors
        | IndicatorCode::LeadConversion
        | IndicatorCode::OutflowTraffickers => strike::definition(code),
        IndicatorCode::NewlyFound => Definition {
            code,
            unit: Unit::Count,
            numerator_zh: "期内首次登记的吸毒人员",
            numerator_en: "persons first registered in the period",
            denominator_zh: None,
            denominator_en: None,
            target: None,
            formula_source: "first registration date (首次登记责任制)",
            complete_months: false,
            stock: false,
        },
    }
}

/// A calendar month, the period rollups are kept by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    /// 1–12.
    pub month: u8,
}

impl Month {
    #[must_use]
    pub fn of(d: Date) -> Month {
        Month {
            year: d.year(),
            month: d.month() as u8,
        }
    }

    /// Parses `YYYY-MM`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.split_once('-')?;
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        (y.len() == 4 && m.len() == 2 && (1..=12).contains(&month)).then_some(Month { year, month })
    }

    /// The month after.
    #[must_use]
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// `n` months before (n ≥ 0).
    #[must_use]
    pub fn minus(self, n: u32) -> Month {
        let total = self.year * 12 + i32::from(self.month) - 1 - n as i32;
        Month {
            year: total.div_euclid(12),
            month: (total.rem_euclid(12) + 1) as u8,
        }
    }

    /// The first day of the month.
    #[must_use]
    pub fn first_day(self) -> Option<Date> {
        let m = CalMonth::try_from(self.month).ok()?;
        Date::from_calendar_date(self.year, m, 1).ok()
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// How one record counts toward one indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Membership {
    /// The month it counts in.
    pub month: Month,
    /// In the numerator too (every member is in the denominator).
    pub numerator: bool,
}

/// How a measure counts toward `code` as it stands now.
#[must_use]
pub fn of_measure(code: IndicatorCode, m: &Measure, cal: &HolidayCalendar) -> Option<Membership> {
    let community = m.kind().is_community();
    let month = Month::of(m.decided_on());
    match code {
        IndicatorCode::ExecutionRate if community => Some(Membership {
            month,
            numerator: m.agreement_on().is_some(),
        }),
        // JDTL 14, 38: reported within 15 days of receiving the decision.
        IndicatorCode::ReportInRate if community => Some(Membership {
            month,
            numerator: match (m.reported_in_on(), m.report_in_deadline(cal)) {
                (Some(on), Some(deadline)) => on <= deadline.date,
                _ => false,
            },
        }),
        _ => None,
    }
}

/// How a measure's release counts toward the relapse rate, given the
/// dates of the person's positive tests: released (term served or early
/// release) from community detox, rehabilitation or isolation, in the
/// month of release; relapsed if a positive test falls after the release
/// and on or before the same date a year later.
#[must_use]
pub fn of_release(m: &Measure, positives: &[Date]) -> Option<Membership> {
    use crate::measures::{MeasureKind, MeasureState};
    let released = matches!(
        m.state(),
        MeasureState::Completed | MeasureState::EarlyReleased
    );
    let kind = m.kind().is_community() || m.kind() == MeasureKind::CompulsoryIsolation;
    let on = m.closed_on().filter(|_| released && kind)?;
    let year_after = crate::date_math::add_months(on, 12)?;
    Some(Membership {
        month: Month::of(on),
        numerator: positives.iter().any(|d| on < *d && *d <= year_after),
    })
}

/// Whether a person with `status` counts toward the control rate: `None`
/// when not to be controlled, else whether under control.
#[must_use]
pub fn of_status(status: RegisterStatus) -> Option<bool> {
    match status {
        RegisterStatus::Registered | RegisterStatus::UnderMeasure | RegisterStatus::InCustody => {
            Some(true)
        }
        RegisterStatus::LostContact | RegisterStatus::Fugitive => Some(false),
        RegisterStatus::AbstinentThreeYears
        | RegisterStatus::TransferredOut
        | RegisterStatus::Emigrated
        | RegisterStatus::Deceased => None,
    }
}

/// Whether a person counts toward 应收尽收: `None` unless determined
/// severely addicted, to be controlled and not in custody (a measure
/// follows release); else whether under a measure now.
#[must_use]
pub fn of_severity(level: Option<AddictionLevel>, status: RegisterStatus) -> Option<bool> {
    if level != Some(AddictionLevel::Severe) || status == RegisterStatus::InCustody {
        return None;
    }
    of_status(status)?;
    Some(status == RegisterStatus::UnderMeasure)
}

/// How a person on the register counts toward `code`.
#[must_use]
pub fn of_person(code: IndicatorCode, first_registered: Date, born: Date) -> Option<Membership> {
    let month = Month::of(first_registered);
    match code {
        IndicatorCode::NewlyFound => Some(Membership {
            month,
            numerator: true,
        }),
        IndicatorCode::MinorShare => Some(Membership {
            month,
            numerator: crate::age::age_on(born, first_registered) < 18,
        }),
        _ => None,
    }
}

/// How a 双逢双查 trace task counts toward `code`: in the month of its
/// deadline for completion (numerator: closed by then), in the month it
/// closed for the identified share.
#[must_use]
pub fn of_trace(
    code: IndicatorCode,
    due: Date,
    closed: Option<Date>,
    identified: bool,
) -> Option<Membership> {
    match code {
        IndicatorCode::TraceCompletion => Some(Membership {
            month: Month::of(due),
            numerator: closed.is_some_and(|c| c <= due),
        }),
        IndicatorCode::SourceIdentified => closed.map(|c| Membership {
            month: Month::of(c),
            numerator: identified,
        }),
        _ => None,
    }
}

/// How the due dates of a measure's test schedule count toward test
/// completion: each due date up to the day the measure closed, in its
/// month, in the numerator once a sample was taken in its slot.
#[must_use]
pub fn of_test_schedule(items: &[DueItem], closed_on: Option<Date>) -> Vec<(Date, Membership)> {
    items
        .iter()
        .filter(|i| closed_on.is_none_or(|c| i.due <= c))
        .map(|i| {
            (
                i.due,
                Membership {
                    month: Month::of(i.due),
                    numerator: matches!(i.state, DueState::Done { .. }),
                },
            )
        })
        .collect()
}

/// The indicators a kind of record can count toward.
pub const OF_MEASURES: &[IndicatorCode] =
    &[IndicatorCode::ExecutionRate, IndicatorCode::ReportInRate];
pub const OF_PERSONS: &[IndicatorCode] = &[IndicatorCode::NewlyFound, IndicatorCode::MinorShare];
/// The indicators a trace task counts toward.
pub const OF_TRACES: &[IndicatorCode] = &[
    IndicatorCode::TraceCompletion,
    IndicatorCode::SourceIdentified,
];

/// Red, amber or green against the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Green,
    Amber,
    Red,
    /// No target, or nothing to measure yet.
    None,
}

/// Within this distance of the target (5 percentage points, or the target
/// itself when smaller: 0.2% for the minors' share) a value is amber: close
/// enough to catch up within the year. Jindu's choice.
pub const AMBER_MARGIN: f64 = 0.05;

/// A figure: numerator, denominator and the value they give.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Figure {
    pub num: i64,
    pub den: i64,
    /// The rate (a fraction) or the count; `None` for a rate over nothing.
    pub value: Option<f64>,
    pub rag: Rag,
}

impl Definition {
    /// The figure of `num` over `den`, graded against the target.
    #[must_use]
    pub fn figure(&self, num: i64, den: i64) -> Figure {
        let value = match self.unit {
            Unit::Rate if den > 0 => Some(num as f64 / den as f64),
            Unit::Rate => None,
            Unit::Count => Some(num as f64),
            Unit::Grams => Some(num as f64 / 1e3),
            Unit::Kilograms => Some(num as f64 / 1e6),
        };
        let rag = match (value, self.target) {
            (Some(v), Some(t)) => {
                let gap = match t.direction {
                    Direction::AtLeast => t.value - v,
                    Direction::AtMost => v - t.value,
                };
                if gap <= 1e-12 {
                    Rag::Green
                } else if gap <= AMBER_MARGIN.min(t.value.abs()) {
                    Rag::Amber
                } else {
                    Rag::Red
                }
            }
            _ => Rag::None,
        };
        Figure {
            num,
            den,
            value,
            rag,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_control_rate_counts_who_is_to_be_controlled_and_who_is_found() {
        assert_eq!(of_status(RegisterStatus::UnderMeasure), Some(true));
        assert_eq!(of_status(RegisterStatus::LostContact), Some(false));
        assert_eq!(of_status(RegisterStatus::Deceased), None);
        assert_eq!(of_status(RegisterStatus::AbstinentThreeYears), None);
        assert!(definition(IndicatorCode::ControlRate).stock);
    }

    #[test]
    fn intake_counts_the_severely_addicted_who_can_be_placed() {
        use RegisterStatus as S;
        let severe = Some(AddictionLevel::Severe);
        assert_eq!(of_severity(severe, S::UnderMeasure), Some(true));
        assert_eq!(of_severity(severe, S::Registered), Some(false));
        assert_eq!(of_severity(severe, S::LostContact), Some(false));
        assert_eq!(
            of_severity(severe, S::InCustody),
            None,
            "placed after release"
        );
        assert_eq!(of_severity(severe, S::Deceased), None);
        assert_eq!(
            of_severity(Some(AddictionLevel::Addicted), S::Registered),
            None
        );
        assert_eq!(of_severity(None, S::UnderMeasure), None);
        let def = definition(IndicatorCode::SevereUnderMeasure);
        assert!(def.stock && def.target.is_some_and(|t| t.value == 1.0));
    }

    #[test]
    fn a_relapse_is_a_positive_test_within_a_year_of_release() {
        let cal = cal();
        let iso = Measure::compulsory_isolation(date!(2024 - 03 - 01), None);
        assert_eq!(of_release(&iso, &[]), None, "not released yet");
        let released = iso
            .apply(
                &Event::EarlyRelease {
                    on: date!(2025 - 03 - 01),
                },
                &cal,
            )
            .unwrap();
        let m = |p: &[Date]| of_release(&released, p).unwrap();
        assert_eq!(m(&[]).month.to_string(), "2025-03");
        assert!(!m(&[]).numerator);
        assert!(
            !m(&[date!(2025 - 03 - 01)]).numerator,
            "the day of release is before it"
        );
        assert!(
            m(&[date!(2026 - 03 - 01)]).numerator,
            "a year later, the last day"
        );
        assert!(!m(&[date!(2026 - 03 - 02)]).numerator, "after the year");
        assert!(!m(&[date!(2024 - 12 - 01)]).numerator, "before the release");
    }
    use crate::measures::Event;
    use time::macros::date;

    fn cal() -> HolidayCalendar {
        HolidayCalendar::china_2024_2026()
    }

    #[test]
    fn months_parse_print_and_step() {
        let m = Month::parse("2026-11").unwrap();
        assert_eq!(m.to_string(), "2026-11");
        assert_eq!(m.next().to_string(), "2026-12");
        assert_eq!(m.next().next().to_string(), "2027-01");
        assert_eq!(m.minus(11).to_string(), "2025-12");
        assert_eq!(m.minus(0), m);
        assert_eq!(Month::parse("2026-13"), None);
        assert_eq!(Month::parse("26-01"), None);
        assert_eq!(m.first_day(), Some(date!(2026 - 11 - 01)));
    }

    #[test]
    fn a_community_measure_counts_by_its_decision_month() {
        let cal = cal();
        let m = Measure::community_detox(date!(2026 - 01 - 30), date!(2026 - 02 - 02)).unwrap();
        let ordered = of_measure(IndicatorCode::ExecutionRate, &m, &cal).unwrap();
        assert_eq!(ordered.month.to_string(), "2026-01");
        assert!(!ordered.numerator);
        // Day 15 after service (2 Feb, not counted): 17 Feb, on time.
        let m = m
            .apply(
                &Event::ReportIn {
                    on: date!(2026 - 02 - 17),
                    late_reason: None,
                },
                &cal,
            )
            .unwrap();
        assert!(
            of_measure(IndicatorCode::ReportInRate, &m, &cal)
                .unwrap()
                .numerator
        );
        assert!(
            !of_measure(IndicatorCode::ExecutionRate, &m, &cal)
                .unwrap()
                .numerator
        );
        let m = m
            .apply(
                &Event::SignAgreement {
                    on: date!(2026 - 02 - 17),
                },
                &cal,
            )
            .unwrap();
        assert!(
            of_measure(IndicatorCode::ExecutionRate, &m, &cal)
                .unwrap()
                .numerator
        );
        // Isolation is not a community measure.
        let iso = Measure::compulsory_isolation(date!(2026 - 01 - 30), None);
        assert_eq!(of_measure(IndicatorCode::ExecutionRate, &iso, &cal), None);
    }

    #[test]
    fn figures_are_graded_against_their_target() {
        let d = definition(IndicatorCode::ExecutionRate);
        assert_eq!(d.figure(10, 10).rag, Rag::Green);
        assert_eq!(d.figure(96, 100).rag, Rag::Amber);
        assert_eq!(d.figure(90, 100).rag, Rag::Red);
        assert_eq!(d.figure(0, 0).value, None);
        assert_eq!(d.figure(0, 0).rag, Rag::None);
        let n = definition(IndicatorCode::NewlyFound);
        assert_eq!(n.figure(7, 0).value, Some(7.0));
        assert_eq!(n.figure(7, 0).rag, Rag::None);
    }

    #[test]
    fn a_trace_counts_by_its_deadline_and_by_its_closing() {
        use time::macros::date;
        let due = date!(2026 - 03 - 02);
        let done = |c, code| of_trace(code, due, c, true);
        let on_time = done(Some(date!(2026 - 03 - 02)), IndicatorCode::TraceCompletion).unwrap();
        assert_eq!(
            (on_time.month.to_string(), on_time.numerator),
            ("2026-03".into(), true)
        );
        let late = done(Some(date!(2026 - 03 - 03)), IndicatorCode::TraceCompletion).unwrap();
        assert!(!late.numerator, "closed a day late");
        assert!(
            !done(None, IndicatorCode::TraceCompletion)
                .unwrap()
                .numerator
        );
        assert_eq!(
            done(None, IndicatorCode::SourceIdentified),
            None,
            "open: not yet"
        );
        let found = done(Some(date!(2026 - 02 - 20)), IndicatorCode::SourceIdentified).unwrap();
        assert_eq!(
            (found.month.to_string(), found.numerator),
            ("2026-02".into(), true)
        );
        let none = of_trace(IndicatorCode::SourceIdentified, due, Some(due), false).unwrap();
        assert!(!none.numerator);
        assert_eq!(
            of_trace(IndicatorCode::NewlyFound, due, Some(due), true),
            None
        );
    }

    #[test]
    fn a_person_counts_in_the_month_first_registered() {
        let born = date!(1990 - 01 - 01);
        let m = of_person(IndicatorCode::NewlyFound, date!(2024 - 12 - 31), born).unwrap();
        assert_eq!((m.month.to_string(), m.numerator), ("2024-12".into(), true));
        assert_eq!(
            of_person(IndicatorCode::ExecutionRate, date!(2024 - 12 - 31), born),
            None
        );
    }

    #[test]
    fn a_minor_is_under_18_on_the_day_of_registration() {
        let born = date!(2008 - 03 - 01);
        let minor = |on| {
            of_person(IndicatorCode::MinorShare, on, born)
                .unwrap()
                .numerator
        };
        assert!(
            minor(date!(2026 - 02 - 28)),
            "the day before the 18th birthday"
        );
        assert!(!minor(date!(2026 - 03 - 01)), "18 on the birthday");
        let d = definition(IndicatorCode::MinorShare);
        assert_eq!(d.figure(2, 1000).rag, Rag::Green, "0.2% is at the target");
        assert_eq!(d.figure(3, 1000).rag, Rag::Amber, "0.3%: within 0.2 points");
        assert_eq!(
            d.figure(5, 1000).rag,
            Rag::Red,
            "0.5%: more than twice the target"
        );
    }
}
