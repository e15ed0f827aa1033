//! Why an event was refused. Codes are stable for the API and translations.

use thiserror::Error;
use time::Date;

use super::facts::EarlyReleaseBar;
use super::kind::MeasureKind;
use super::state::MeasureState;
use crate::periods::Period;

/// A refused event or order.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TransitionError {
    /// Events are recorded in the order they happened.
    #[error("event dated {on} is before the previous event ({last})")]
    OutOfOrder {
        /// Date of the refused event.
        on: Date,
        /// Date of the latest recorded event.
        last: Date,
    },
    /// The event does not exist for this kind of measure.
    #[error("event {event} does not apply to {kind:?}")]
    NotForKind {
        /// Event code.
        event: &'static str,
        /// Kind of the measure.
        kind: MeasureKind,
    },
    /// The event is not possible in the current state.
    #[error("event {event} is not possible in state {state:?}")]
    NotInState {
        /// Event code.
        event: &'static str,
        /// Current state.
        state: MeasureState,
    },
    /// The decision cannot be received before it was made.
    #[error("decision received before it was made")]
    ServedBeforeDecision,
    /// A term or extension of zero length.
    #[error("a period of zero length")]
    EmptyPeriod,
    /// A term longer than the law allows.
    #[error("term longer than {max:?}")]
    TermTooLong {
        /// The maximum.
        max: Period,
    },
    /// A deemed refusal recorded before the report-in deadline has passed.
    #[error("the report-in deadline {deadline} has not passed")]
    DeadlineNotPassed {
        /// The deadline.
        deadline: Date,
    },
    /// Reporting a refusal that does not exist.
    #[error("no refusal to report")]
    NoRefusal,
    /// Reporting a refusal twice.
    #[error("the refusal was already reported")]
    AlreadyReported,
    /// Completing before the term has been served.
    #[error("the term ends on {term_end}")]
    TermNotServed {
        /// Last day of the term.
        term_end: Date,
    },
    /// Early release before 1 year of execution (JDF 47).
    #[error("early release is possible from {earliest}")]
    EarlyReleaseTooSoon {
        /// First day it is possible.
        earliest: Date,
    },
    /// Early release barred (JDTL 32, 38).
    #[error("early release is barred: {bar:?}")]
    EarlyReleaseBarred {
        /// Why.
        bar: EarlyReleaseBar,
    },
    /// Early release on or after the term's end is a completion.
    #[error("the term ends on {term_end}; record a completion")]
    EarlyReleaseAtTermEnd {
        /// Last day of the term.
        term_end: Date,
    },
    /// Extensions beyond 1 year in total (JDF 47).
    #[error("extensions may not go beyond {latest}")]
    ExtensionTooLong {
        /// Latest possible end.
        latest: Date,
    },
    /// Extension approved after the term expired (JDF 47 "期满前").
    #[error("the term expired on {term_end}")]
    ExtensionAfterTerm {
        /// Last day of the term.
        term_end: Date,
    },
    /// A one-off act recorded twice.
    #[error("already recorded on {on}")]
    AlreadyRecorded {
        /// When it was recorded.
        on: Date,
    },
}

impl TransitionError {
    /// Stable code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            TransitionError::OutOfOrder { .. } => "measure.event_out_of_order",
            TransitionError::NotForKind { .. } => "measure.event_not_for_kind",
            TransitionError::NotInState { .. } => "measure.event_not_in_state",
            TransitionError::ServedBeforeDecision => "measure.served_before_decision",
            TransitionError::EmptyPeriod => "measure.empty_period",
            TransitionError::TermTooLong { .. } => "measure.term_too_long",
            TransitionError::DeadlineNotPassed { .. } => "measure.report_in_deadline_not_passed",
            TransitionError::NoRefusal => "measure.no_refusal",
            TransitionError::AlreadyReported => "measure.refusal_already_reported",
            TransitionError::TermNotServed { .. } => "measure.term_not_served",
            TransitionError::EarlyReleaseTooSoon { .. } => "measure.early_release_too_soon",
            TransitionError::EarlyReleaseBarred { .. } => "measure.early_release_barred",
            TransitionError::EarlyReleaseAtTermEnd { .. } => "measure.early_release_at_term_end",
            TransitionError::ExtensionTooLong { .. } => "measure.extension_too_long",
            TransitionError::ExtensionAfterTerm { .. } => "measure.extension_after_term",
            TransitionError::AlreadyRecorded { .. } => "measure.already_recorded",
        }
    }
}
