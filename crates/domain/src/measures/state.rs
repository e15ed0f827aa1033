//! The state of a measure and the value that carries it with its facts.

use serde::{Deserialize, Serialize};
use time::Date;

use super::error::TransitionError;
use super::facts::{EarlyReleaseBar, EndCause, Escape, Extension, Pause, Refusal, Transfer};
use super::kind::MeasureKind;
use crate::periods::{Period, period_end};

/// Where a measure stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureState {
    /// Decision served; the person has not reported in (community kinds).
    Ordered,
    /// The report-in deadline passed without a report-in: deemed refusal
    /// (JDTL 14), to be reported to the police (JDTL 21).
    DeemedRefused,
    /// Reported in; the agreement is not yet signed (JDTL 16).
    ReportedIn,
    /// Agreement signed; the measure runs (JDTL 16).
    UnderAgreement,
    /// Paused by detention or arrest (中止, JDTL 24).
    Paused,
    /// Execution place changed; awaiting report-in at the new township
    /// (JDTL 22). The term continues.
    Transferred,
    /// Compulsory isolation being executed; voluntary detox or maintenance
    /// therapy under way.
    Executing,
    /// Escaped from compulsory isolation (JDTL 32).
    Escaped,
    /// Term served (or treatment finished).
    Completed,
    /// Compulsory isolation released early (JDF 47).
    EarlyReleased,
    /// Terminated before the term (终止, JDTL 24).
    Ended,
}

impl MeasureState {
    /// Stable storage / wire code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            MeasureState::Ordered => "ordered",
            MeasureState::DeemedRefused => "deemed_refused",
            MeasureState::ReportedIn => "reported_in",
            MeasureState::UnderAgreement => "under_agreement",
            MeasureState::Paused => "paused",
            MeasureState::Transferred => "transferred",
            MeasureState::Executing => "executing",
            MeasureState::Escaped => "escaped",
            MeasureState::Completed => "completed",
            MeasureState::EarlyReleased => "early_released",
            MeasureState::Ended => "ended",
        }
    }

    /// Whether no further change of state is possible.
    #[must_use]
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            MeasureState::Completed | MeasureState::EarlyReleased | MeasureState::Ended
        )
    }
}

/// Community detox lasts 3 years (JDF 33; JDTL 14).
pub const COMMUNITY_DETOX_TERM: Period = Period::Years(3);
/// Community rehabilitation lasts at most 3 years (JDF 48; JDTL 37).
pub const COMMUNITY_REHAB_MAX_TERM: Period = Period::Years(3);
/// Compulsory isolation lasts 2 years (JDF 47; JDTL 27).
pub const ISOLATION_TERM: Period = Period::Years(2);
/// Early release only after 1 year of execution (JDF 47).
pub const ISOLATION_MIN_BEFORE_EARLY_RELEASE: Period = Period::Years(1);
/// Extensions total at most 1 year (JDF 47).
pub const ISOLATION_MAX_EXTENSION: Period = Period::Years(1);
/// Report in within 15 days of receiving the decision (JDTL 14, 38) or of
/// the change of execution place (JDTL 22).
pub const REPORT_IN_PERIOD: Period = Period::Days(15);
/// The township notifies the police within 7 days of the release (JDTL 23).
pub const RELEASE_NOTICE_PERIOD: Period = Period::Days(7);

/// A measure imposed on (or chosen by) one person, with every fact the
/// deadlines depend on. Changed only through [`Measure::apply`], which
/// returns a new value, so a stored measure can be replayed from its events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub(super) kind: MeasureKind,
    pub(super) state: MeasureState,
    pub(super) decided_on: Date,
    pub(super) served_on: Option<Date>,
    pub(super) term: Option<Period>,
    pub(super) reported_in_on: Option<Date>,
    pub(super) late_report_reason: Option<String>,
    pub(super) agreement_on: Option<Date>,
    pub(super) refusal: Option<Refusal>,
    pub(super) pauses: Vec<Pause>,
    pub(super) transfers: Vec<Transfer>,
    pub(super) escapes: Vec<Escape>,
    pub(super) extensions: Vec<Extension>,
    pub(super) ordered_bar: Option<EarlyReleaseBar>,
    pub(super) closed_on: Option<Date>,
    pub(super) end_cause: Option<EndCause>,
    pub(super) police_notified_on: Option<Date>,
    pub(super) filed_on: Option<Date>,
    pub(super) last_event_on: Date,
}

impl Measure {
    fn new(kind: MeasureKind, state: MeasureState, decided_on: Date, term: Option<Period>) -> Self {
        Measure {
            kind,
            state,
            decided_on,
            served_on: None,
            term,
            reported_in_on: None,
            late_report_reason: None,
            agreement_on: None,
            refusal: None,
            pauses: Vec::new(),
            transfers: Vec::new(),
            escapes: Vec::new(),
            extensions: Vec::new(),
            ordered_bar: None,
            closed_on: None,
            end_cause: None,
            police_notified_on: None,
            filed_on: None,
            last_event_on: decided_on,
        }
    }

    /// Community detox ordered on `decided_on`, decision received by the
    /// person on `served_on` (JDTL 13); the 15 days run from receipt and
    /// the 3 years from report-in (JDTL 14).
    pub fn community_detox(decided_on: Date, served_on: Date) -> Result<Measure, TransitionError> {
        Self::community(
            MeasureKind::CommunityDetox,
            decided_on,
            served_on,
            COMMUNITY_DETOX_TERM,
        )
    }

    /// Community rehabilitation ordered for `term` (at most 3 years, JDF 48;
    /// JDTL 37); report-in within 15 days of receipt (JDTL 38). The term is
    /// counted from report-in, as for community detox, which rehabilitation
    /// follows (JDF 48 "参照").
    pub fn community_rehab(
        decided_on: Date,
        served_on: Date,
        term: Period,
    ) -> Result<Measure, TransitionError> {
        if term.is_empty() {
            return Err(TransitionError::EmptyPeriod);
        }
        // The maximum is compared from the decision date: the report-in day
        // is not known yet, and 3 years in days differ only by leap days.
        if period_end(decided_on, term) > period_end(decided_on, COMMUNITY_REHAB_MAX_TERM) {
            return Err(TransitionError::TermTooLong {
                max: COMMUNITY_REHAB_MAX_TERM,
            });
        }
        Self::community(MeasureKind::CommunityRehab, decided_on, served_on, term)
    }

    fn community(
        kind: MeasureKind,
        decided_on: Date,
        served_on: Date,
        term: Period,
    ) -> Result<Measure, TransitionError> {
        if served_on < decided_on {
            return Err(TransitionError::ServedBeforeDecision);
        }
        let mut m = Self::new(kind, MeasureState::Ordered, decided_on, Some(term));
        m.served_on = Some(served_on);
        m.last_event_on = served_on;
        Ok(m)
    }

    /// Compulsory isolation decided on `decided_on`, executed from then; the
    /// 2 years run from the decision (JDTL 27). `bar` records a decision
    /// made after a refused rehabilitation, which may not be released early
    /// (JDTL 38).
    #[must_use]
    pub fn compulsory_isolation(decided_on: Date, bar: Option<EarlyReleaseBar>) -> Measure {
        let mut m = Self::new(
            MeasureKind::CompulsoryIsolation,
            MeasureState::Executing,
            decided_on,
            Some(ISOLATION_TERM),
        );
        m.ordered_bar = bar;
        m
    }

    /// Voluntary detox begun on `admitted_on` under an agreement with the
    /// institution (JDTL 9–10). No legal term.
    #[must_use]
    pub fn voluntary_detox(admitted_on: Date) -> Measure {
        Self::new(
            MeasureKind::VoluntaryDetox,
            MeasureState::Executing,
            admitted_on,
            None,
        )
    }

    /// Maintenance therapy registered on `registered_on` (JDTL 12); the
    /// registration must then be filed with the police.
    #[must_use]
    pub fn maintenance_therapy(registered_on: Date) -> Measure {
        Self::new(
            MeasureKind::MaintenanceTherapy,
            MeasureState::Executing,
            registered_on,
            None,
        )
    }

    /// The kind.
    #[must_use]
    pub fn kind(&self) -> MeasureKind {
        self.kind
    }
    /// The state.
    #[must_use]
    pub fn state(&self) -> MeasureState {
        self.state
    }
    /// Decision date (admission or registration for the voluntary kinds).
    #[must_use]
    pub fn decided_on(&self) -> Date {
        self.decided_on
    }
    /// Day the person received the decision (community kinds).
    #[must_use]
    pub fn served_on(&self) -> Option<Date> {
        self.served_on
    }
    /// The term as decided, before exclusions and extensions.
    #[must_use]
    pub fn term(&self) -> Option<Period> {
        self.term
    }
    /// Report-in day (community kinds).
    #[must_use]
    pub fn reported_in_on(&self) -> Option<Date> {
        self.reported_in_on
    }
    /// The reason given for a late report-in.
    #[must_use]
    pub fn late_report_reason(&self) -> Option<&str> {
        self.late_report_reason.as_deref()
    }
    /// Day the agreement was signed (JDTL 16).
    #[must_use]
    pub fn agreement_on(&self) -> Option<Date> {
        self.agreement_on
    }
    /// The deemed refusal, if any (JDTL 14).
    #[must_use]
    pub fn refusal(&self) -> Option<&Refusal> {
        self.refusal.as_ref()
    }
    /// Pauses of the term (JDTL 24).
    #[must_use]
    pub fn pauses(&self) -> &[Pause] {
        &self.pauses
    }
    /// Changes of execution place (JDTL 22).
    #[must_use]
    pub fn transfers(&self) -> &[Transfer] {
        &self.transfers
    }
    /// Escapes (JDTL 32).
    #[must_use]
    pub fn escapes(&self) -> &[Escape] {
        &self.escapes
    }
    /// Extensions (JDF 47).
    #[must_use]
    pub fn extensions(&self) -> &[Extension] {
        &self.extensions
    }
    /// Day the measure closed (completed, released early or ended).
    #[must_use]
    pub fn closed_on(&self) -> Option<Date> {
        self.closed_on
    }
    /// Why it ended, when it ended before its term.
    #[must_use]
    pub fn end_cause(&self) -> Option<EndCause> {
        self.end_cause
    }
    /// Day the police were notified of the release (JDTL 23).
    #[must_use]
    pub fn police_notified_on(&self) -> Option<Date> {
        self.police_notified_on
    }
    /// Day a maintenance-therapy registration was filed with the police
    /// (JDTL 12).
    #[must_use]
    pub fn filed_on(&self) -> Option<Date> {
        self.filed_on
    }
    /// Date of the latest event; later events may not be dated before it.
    #[must_use]
    pub fn last_event_on(&self) -> Date {
        self.last_event_on
    }

    /// Why early release is barred, if it is: a recaptured escape (JDTL 32)
    /// or a decision after refused rehabilitation (JDTL 38).
    #[must_use]
    pub fn early_release_bar(&self) -> Option<EarlyReleaseBar> {
        if self.escapes.iter().any(|e| e.recaptured) {
            return Some(EarlyReleaseBar::RecapturedAfterEscape);
        }
        self.ordered_bar
    }
}
