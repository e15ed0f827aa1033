//! "双逢双查": every newly found drug user opens a task to trace the
//! source (逢吸必查来源), every trafficking case a task to trace its up-
//! and down-line (逢贩必查上下线). A task closes only with a result: the
//! supplier identified and linked, or the reason none was.

use thiserror::Error;
use time::{Date, Duration};

use crate::code_enum::code_enum;

code_enum! {
    /// Which of the two traces a task is.
    pub enum TraceKind {
        /// 逢吸必查来源: where a new drug user got the drugs.
        Source = ("source", "查来源", "Trace the source"),
        /// 逢贩必查上下线: a trafficking suspect's suppliers and buyers.
        UpDownLine = ("up_down_line", "查上下线", "Trace up- and down-line"),
    }
}

/// Days from opening to the task's deadline. No national text sets one;
/// 30 days is our default (a month's investigation), kept here until the
/// settings module carries it as a dated local setting.
pub const TRACE_DAYS: i64 = 30;

/// The deadline of a task opened on `opened`.
#[must_use]
pub fn deadline(opened: Date) -> Date {
    opened + Duration::days(TRACE_DAYS)
}

/// A trace's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TraceOutcome {
    /// The supplier (or, for an up/down-line trace, a supplier or buyer)
    /// was identified: a person on the register or a suspect record.
    Identified { person: String },
    /// Nobody could be identified, and why (e.g. bought from a stranger
    /// online, refuses to say, supplier outside the country).
    NotIdentified { reason: String },
}

/// Why a task could not be closed.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TraceError {
    /// Without a reason the closure proves nothing (应查尽查).
    #[error("a trace closed without a supplier needs the reason")]
    MissingReason,
    /// A person is not their own source.
    #[error("the person traced cannot be their own supplier")]
    SelfLink,
    /// A task is closed once.
    #[error("the trace is already closed")]
    AlreadyClosed,
}

impl TraceError {
    /// Stable code for messages and the API.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            TraceError::MissingReason => "trace.missing_reason",
            TraceError::SelfLink => "trace.self_link",
            TraceError::AlreadyClosed => "trace.closed",
        }
    }
}

/// Checks a closure of a trace about `subject`; answers the outcome to
/// record (the reason trimmed).
///
/// # Errors
/// [`TraceError`].
pub fn close(
    subject: &str,
    closed: bool,
    outcome: TraceOutcome,
) -> Result<TraceOutcome, TraceError> {
    if closed {
        return Err(TraceError::AlreadyClosed);
    }
    match outcome {
        TraceOutcome::Identified { person } if person == subject => Err(TraceError::SelfLink),
        TraceOutcome::NotIdentified { reason } if reason.trim().chars().count() < 4 => {
            Err(TraceError::MissingReason)
        }
        TraceOutcome::NotIdentified { reason } => Ok(TraceOutcome::NotIdentified {
            reason: reason.trim().to_string(),
        }),
        ok => Ok(ok),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn a_task_is_due_thirty_days_after_it_opens() {
        assert_eq!(deadline(date!(2026 - 01 - 31)), date!(2026 - 03 - 02));
        assert_eq!(deadline(date!(2026 - 12 - 15)), date!(2027 - 01 - 14));
    }

    #[test]
    fn a_task_closes_once_with_a_supplier_or_a_reason() {
        let who = |p: &str| TraceOutcome::Identified { person: p.into() };
        let why = |r: &str| TraceOutcome::NotIdentified { reason: r.into() };
        assert_eq!(close("a", false, who("b")), Ok(who("b")));
        assert_eq!(close("a", false, who("a")), Err(TraceError::SelfLink));
        assert_eq!(close("a", true, who("b")), Err(TraceError::AlreadyClosed));
        assert_eq!(close("a", false, why("  ")), Err(TraceError::MissingReason));
        assert_eq!(
            close("a", false, why("不详")),
            Err(TraceError::MissingReason)
        );
        assert_eq!(
            close("a", false, why(" 网上向陌生人购买 ")),
            Ok(why("网上向陌生人购买"))
        );
    }
}
