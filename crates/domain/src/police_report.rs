//! Flags the social worker must report to the police, and the record that
//! they did (JDTL 21).
//!
//! JDTL 21: refusing community detox, using drugs during it, and seriously
//! violating the agreement must be reported to the local police. The
//! platform raises the flag and records the report; the police decide what
//! follows (e.g. compulsory isolation, JDTL 25), never the platform.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use time::Date;

use crate::code_enum::code_enum;

code_enum! {
    /// Why a report to the police is required (JDTL 21).
    pub enum ReportReason {
        /// Refused community detox, including a report-in deemed a refusal
        /// (JDTL 14).
        RefusedMeasure = ("refused_measure", "拒绝接受社区戒毒", "Refused the measure"),
        /// Used drugs during the measure, e.g. a positive test.
        DrugUseDuringMeasure = ("drug_use_during_measure", "戒毒期间吸食、注射毒品", "Drug use during the measure"),
        /// Serious violation of the agreement (JDTL 20).
        SeriousViolation = ("serious_violation", "严重违反社区戒毒协议", "Serious violation of the agreement"),
    }
}

/// A raised flag: the worker must report to the police.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoliceFlag {
    /// The JDTL 21 ground.
    pub reason: ReportReason,
    /// The date of the fact that raised it (test date, refusal date, or the
    /// day the violation counter reached its threshold).
    pub raised_on: Date,
}

/// The record that a flag was reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoliceReport {
    /// The flag reported.
    pub flag: PoliceFlag,
    /// When the report was made.
    pub reported_on: Date,
    /// The police unit it was made to.
    pub police_unit: String,
}

/// Why a report could not be recorded.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ReportError {
    /// A report cannot precede the fact it reports.
    #[error("a report cannot be dated before its flag ({raised_on})")]
    BeforeFlag {
        /// The flag's date.
        raised_on: Date,
    },
    /// The receiving unit must be named for the record to prove anything.
    #[error("the receiving police unit is required")]
    MissingUnit,
}

impl PoliceFlag {
    /// Records that this flag was reported to `police_unit` on `reported_on`.
    ///
    /// # Errors
    /// See [`ReportError`].
    pub fn report(
        &self,
        reported_on: Date,
        police_unit: &str,
    ) -> Result<PoliceReport, ReportError> {
        if reported_on < self.raised_on {
            return Err(ReportError::BeforeFlag {
                raised_on: self.raised_on,
            });
        }
        let police_unit = police_unit.trim();
        if police_unit.is_empty() {
            return Err(ReportError::MissingUnit);
        }
        Ok(PoliceReport {
            flag: self.clone(),
            reported_on,
            police_unit: police_unit.to_owned(),
        })
    }
}

/// Flags with no report yet, for the work queue.
#[must_use]
pub fn unreported<'a>(flags: &'a [PoliceFlag], reports: &[PoliceReport]) -> Vec<&'a PoliceFlag> {
    flags
        .iter()
        .filter(|flag| !reports.iter().any(|r| &r.flag == *flag))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn flag() -> PoliceFlag {
        PoliceFlag {
            reason: ReportReason::SeriousViolation,
            raised_on: date!(2024 - 05 - 10),
        }
    }

    #[test]
    fn report_on_or_after_the_flag() {
        let report = flag()
            .report(date!(2024 - 05 - 10), " 城关派出所 ")
            .unwrap();
        assert_eq!(report.police_unit, "城关派出所");
        assert_eq!(report.reported_on, date!(2024 - 05 - 10));
        assert_eq!(
            flag().report(date!(2024 - 05 - 09), "城关派出所"),
            Err(ReportError::BeforeFlag {
                raised_on: date!(2024 - 05 - 10)
            })
        );
        assert_eq!(
            flag().report(date!(2024 - 05 - 11), " "),
            Err(ReportError::MissingUnit)
        );
    }

    #[test]
    fn unreported_flags_stay_in_the_queue() {
        let other = PoliceFlag {
            reason: ReportReason::DrugUseDuringMeasure,
            raised_on: date!(2024 - 06 - 01),
        };
        let flags = vec![flag(), other.clone()];
        let reports = vec![flag().report(date!(2024 - 05 - 12), "城关派出所").unwrap()];
        assert_eq!(unreported(&flags, &reports), vec![&other]);
        assert_eq!(unreported(&flags, &[]).len(), 2);
    }

    #[test]
    fn reasons_are_well_formed() {
        crate::code_enum::assert_well_formed::<ReportReason>();
    }
}
