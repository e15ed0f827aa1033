//! The measures of the drug laws (禁毒法 JDF ch. 4; 戒毒条例 JDTL) as a state
//! machine with their legal deadlines.
//!
//! A [`Measure`] is created by its order (community detox, rehabilitation,
//! compulsory isolation) or start (voluntary detox, maintenance therapy)
//! and changed only by [`Event`]s applied with [`Measure::apply`], which
//! refuses impossible or unlawful changes with a [`TransitionError`] code.
//! [`Measure::deadlines`] lists every deadline with how it was computed,
//! [`Measure::status_on`] says where the measure stands on a day. Periods
//! follow [`crate::periods`]: deadlines of acts move past rest days, terms
//! do not.
//!
//! Readings of the law chosen here (each also at its rule):
//! - A late report-in without a good reason is recorded, and so is the
//!   deemed refusal (JDTL 14); a recorded refusal is never undone by a
//!   later report-in: the police decide what follows (JDF 38, JDTL 21).
//! - Pause days (JDTL 24) and escape days (JDTL 32) count as the days from
//!   the event to the release or return.
//! - A recaptured escapee may not be released early (JDTL 32); one who
//!   returned of their own accord may, 1 year plus the days away after the
//!   decision.
//! - The release notice to the police (JDTL 23) is due 7 days after the
//!   term's last day.

mod deadlines;
mod error;
mod event;
mod facts;
mod kind;
mod state;
mod status;
mod terms;
mod transition;
pub mod warnings;

pub use deadlines::{DeadlineName, NamedDeadline};
pub use error::TransitionError;
pub use event::Event;
pub use facts::{
    EarlyReleaseBar, EndCause, Escape, Extension, Pause, PauseCause, Refusal, Transfer,
};
pub use kind::MeasureKind;
pub use state::{Measure, MeasureState};
pub use status::{Due, Status};
pub use warnings::{
    Disposal, Warning, isolation_warnings, replacement_warnings, unmeasured_warning,
};

#[cfg(test)]
mod tests_community;
#[cfg(test)]
mod tests_isolation;
#[cfg(test)]
mod tests_other;
