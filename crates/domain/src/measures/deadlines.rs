//! The named deadlines of a measure, each with how it was computed, for
//! the person file's timeline and the work queue.

use serde::{Deserialize, Serialize};
use time::Date;

use super::kind::MeasureKind;
use super::state::{Measure, MeasureState};
use crate::calendar::HolidayCalendar;
use crate::periods::Computed;

/// Which deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineName {
    /// Report in within 15 days of receiving the decision (JDTL 14, 38).
    ReportIn,
    /// Last day of the term (JDF 33, 47, 48; JDTL 14, 24, 27, 32).
    TermEnd,
    /// Report to the new township within 15 days (JDTL 22).
    TransferReport,
    /// First day compulsory isolation may be released early (JDF 47).
    EarliestEarlyRelease,
    /// Latest end of compulsory isolation with the full extension (JDF 47).
    LatestEndWithExtension,
    /// Notify the police within 7 days of the release (JDTL 23).
    ReleaseNotice,
}

impl DeadlineName {
    /// Stable code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            DeadlineName::ReportIn => "report_in",
            DeadlineName::TermEnd => "term_end",
            DeadlineName::TransferReport => "transfer_report",
            DeadlineName::EarliestEarlyRelease => "earliest_early_release",
            DeadlineName::LatestEndWithExtension => "latest_end_with_extension",
            DeadlineName::ReleaseNotice => "release_notice",
        }
    }

    /// Label in Chinese.
    #[must_use]
    pub fn label_zh(self) -> &'static str {
        match self {
            DeadlineName::ReportIn => "报到期限",
            DeadlineName::TermEnd => "期满日",
            DeadlineName::TransferReport => "变更执行地报到期限",
            DeadlineName::EarliestEarlyRelease => "最早可提前解除日",
            DeadlineName::LatestEndWithExtension => "延长后最迟期满日",
            DeadlineName::ReleaseNotice => "解除后通知公安机关期限",
        }
    }

    /// Label in English.
    #[must_use]
    pub fn label_en(self) -> &'static str {
        match self {
            DeadlineName::ReportIn => "Report-in deadline",
            DeadlineName::TermEnd => "End of term",
            DeadlineName::TransferReport => "Report to the new township",
            DeadlineName::EarliestEarlyRelease => "Earliest early release",
            DeadlineName::LatestEndWithExtension => "Latest end with extension",
            DeadlineName::ReleaseNotice => "Notify the police of the release",
        }
    }

    /// The article that sets it.
    #[must_use]
    pub fn article(self) -> &'static str {
        match self {
            DeadlineName::ReportIn => "JDTL 14, 38",
            DeadlineName::TermEnd => "JDF 33, 47, 48; JDTL 14, 24, 27, 32",
            DeadlineName::TransferReport => "JDTL 22",
            DeadlineName::EarliestEarlyRelease | DeadlineName::LatestEndWithExtension => "JDF 47",
            DeadlineName::ReleaseNotice => "JDTL 23",
        }
    }

    /// Whether it is a deadline for an act (moved past rest days, 民法典
    /// Art 203) rather than a term (never moved).
    #[must_use]
    pub fn is_act(self) -> bool {
        matches!(
            self,
            DeadlineName::ReportIn | DeadlineName::TransferReport | DeadlineName::ReleaseNotice
        )
    }
}

/// A deadline, how it was computed, and when it was met if it was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedDeadline {
    /// Which deadline.
    pub name: DeadlineName,
    /// The date and its explanation.
    pub computed: Computed,
    /// The day the act was done (report-in, notice) or the term completed.
    pub met_on: Option<Date>,
}

impl NamedDeadline {
    fn new(name: DeadlineName, computed: Computed, met_on: Option<Date>) -> Self {
        NamedDeadline {
            name,
            computed,
            met_on,
        }
    }
}

impl Measure {
    /// Every deadline the facts so far determine, in timeline order of
    /// their kind: report-in, transfers, term end, early-release window,
    /// notice after release.
    #[must_use]
    pub fn deadlines(&self, cal: &HolidayCalendar) -> Vec<NamedDeadline> {
        let mut out = Vec::new();
        if let Some(c) = self.report_in_deadline(cal) {
            out.push(NamedDeadline::new(
                DeadlineName::ReportIn,
                c,
                self.reported_in_on,
            ));
        }
        for transfer in &self.transfers {
            let c = Measure::transfer_report_deadline(transfer, cal);
            out.push(NamedDeadline::new(
                DeadlineName::TransferReport,
                c,
                transfer.reported_on,
            ));
        }
        if self.kind == MeasureKind::CompulsoryIsolation
            && let Some(c) = self.earliest_early_release(cal)
        {
            out.push(NamedDeadline::new(
                DeadlineName::EarliestEarlyRelease,
                c,
                None,
            ));
        }
        if let Some(c) = self.term_end(cal) {
            let met = self
                .closed_on
                .filter(|_| self.state == MeasureState::Completed);
            out.push(NamedDeadline::new(DeadlineName::TermEnd, c, met));
        }
        if let Some(c) = self.latest_end_with_extension(cal) {
            out.push(NamedDeadline::new(
                DeadlineName::LatestEndWithExtension,
                c,
                None,
            ));
        }
        if let Some(c) = self.release_notice_deadline(cal) {
            out.push(NamedDeadline::new(
                DeadlineName::ReleaseNotice,
                c,
                self.police_notified_on,
            ));
        }
        out
    }
}
