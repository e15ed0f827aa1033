//! The dates a measure's facts imply: report-in deadline, end of term,
//! window for early release, notification after release. Terms are counted
//! with [`term_end`] (never moved for holidays), deadlines of acts with
//! [`act_deadline`] (moved past rest days, 民法典 Art 203).

use time::Date;

use super::facts::{Transfer, closed_days};
use super::kind::MeasureKind;
use super::state::{
    ISOLATION_MAX_EXTENSION, ISOLATION_MIN_BEFORE_EARLY_RELEASE, ISOLATION_TERM, Measure,
    MeasureState, RELEASE_NOTICE_PERIOD, REPORT_IN_PERIOD,
};
use crate::calendar::HolidayCalendar;
use crate::periods::{Computed, Exclusion, act_deadline, period_end, term_end};

impl Measure {
    /// Report in within 15 days of receiving the decision (JDTL 14 for
    /// community detox, JDTL 38 for rehabilitation): a deadline for an act.
    #[must_use]
    pub fn report_in_deadline(&self, cal: &HolidayCalendar) -> Option<Computed> {
        let served = self.served_on.filter(|_| self.kind.is_community())?;
        Some(act_deadline(served, REPORT_IN_PERIOD, cal))
    }

    /// Last day of the term, with the days that do not count added: pauses
    /// for community measures (JDTL 24), escapes for compulsory isolation
    /// (JDTL 32), plus approved extensions (JDF 47). `None` before a
    /// community measure's report-in (the term runs from it, JDTL 14) and
    /// for the kinds without a legal term.
    #[must_use]
    pub fn term_end(&self, cal: &HolidayCalendar) -> Option<Computed> {
        let computed = match self.kind {
            MeasureKind::CommunityDetox | MeasureKind::CommunityRehab => {
                let term = term_end(self.reported_in_on?, self.term?);
                let paused = closed_days(self.pauses.iter().map(|p| (p.from, p.until)));
                let term = term.with_excluded_days(paused, Exclusion::Paused);
                match self.pauses.iter().find(|p| p.until.is_none()) {
                    Some(open) => term.with_running_exclusion(Exclusion::Paused, open.from),
                    None => term,
                }
            }
            MeasureKind::CompulsoryIsolation => {
                // JDTL 27: 2 years from the decision date.
                let mut term = term_end(self.decided_on, ISOLATION_TERM);
                for extension in &self.extensions {
                    term = term.with_extension(extension.by);
                }
                self.with_escapes(term)
            }
            MeasureKind::VoluntaryDetox | MeasureKind::MaintenanceTherapy => return None,
        };
        Some(computed.noting_term_rest_day(cal))
    }

    /// Adds the days away of closed escapes, and notes an escape still open.
    fn with_escapes(&self, term: Computed) -> Computed {
        let away = closed_days(self.escapes.iter().map(|e| (e.from, e.until)));
        let term = term.with_excluded_days(away, Exclusion::Escaped);
        match self.escapes.iter().find(|e| e.until.is_none()) {
            Some(open) => term.with_running_exclusion(Exclusion::Escaped, open.from),
            None => term,
        }
    }

    /// The isolation term's end with extensions but without escape days:
    /// what the 1-year limit on extensions is measured against.
    pub(super) fn extended_base_end(&self) -> Date {
        let base = period_end(self.decided_on, ISOLATION_TERM);
        self.extensions
            .iter()
            .fold(base, |end, extension| period_end(end, extension.by))
    }

    /// The latest end extensions may reach, before escape days: 2 years
    /// plus at most 1 year (JDF 47).
    pub(super) fn extension_limit(&self) -> Date {
        period_end(
            period_end(self.decided_on, ISOLATION_TERM),
            ISOLATION_MAX_EXTENSION,
        )
    }

    /// First day compulsory isolation may be released early: after 1 year
    /// of execution (JDF 47), not counting escape days (JDTL 32). `None`
    /// when early release is barred (JDTL 32 recapture, JDTL 38) or for
    /// other kinds. The release takes effect on the day the year is
    /// complete, as a term's release does on its last day (JDTL 23
    /// "自期满之日起解除").
    #[must_use]
    pub fn earliest_early_release(&self, cal: &HolidayCalendar) -> Option<Computed> {
        if self.kind != MeasureKind::CompulsoryIsolation || self.early_release_bar().is_some() {
            return None;
        }
        let year = term_end(self.decided_on, ISOLATION_MIN_BEFORE_EARLY_RELEASE);
        Some(self.with_escapes(year).noting_term_rest_day(cal))
    }

    /// The latest possible end of compulsory isolation: 2 years extended by
    /// the full year allowed (JDF 47), plus escape days (JDTL 32).
    #[must_use]
    pub fn latest_end_with_extension(&self, cal: &HolidayCalendar) -> Option<Computed> {
        if self.kind != MeasureKind::CompulsoryIsolation {
            return None;
        }
        let term =
            term_end(self.decided_on, ISOLATION_TERM).with_extension(ISOLATION_MAX_EXTENSION);
        Some(self.with_escapes(term).noting_term_rest_day(cal))
    }

    /// Report at the new township within 15 days of the change of
    /// execution place (JDTL 22): a deadline for an act.
    #[must_use]
    pub fn transfer_report_deadline(transfer: &Transfer, cal: &HolidayCalendar) -> Computed {
        act_deadline(transfer.on, REPORT_IN_PERIOD, cal)
    }

    /// After a community measure's term, the township notifies the police
    /// within 7 days (JDTL 23). Counted from the term's last day, the day
    /// the measure is released by law ("自期满之日起解除"), not from the day
    /// the platform recorded the completion.
    #[must_use]
    pub fn release_notice_deadline(&self, cal: &HolidayCalendar) -> Option<Computed> {
        if !self.kind.is_community() || self.state != MeasureState::Completed {
            return None;
        }
        let released = self.term_end(cal)?.date;
        Some(act_deadline(released, RELEASE_NOTICE_PERIOD, cal))
    }
}
