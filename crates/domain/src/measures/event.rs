//! The events that change a measure. Each carries the day it happened; the
//! platform never reads a clock here.

use serde::{Deserialize, Serialize};
use time::Date;

use super::facts::{EndCause, PauseCause};
use super::kind::MeasureKind;
use crate::periods::Period;

/// Something that happened to a measure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The person reported in at the township (JDTL 14, 38). A late
    /// report-in may give the good reason that excuses it ("无正当理由").
    ReportIn {
        /// Day of the report-in.
        on: Date,
        /// Reason given for reporting in after the deadline.
        late_reason: Option<String>,
    },
    /// Record that the report-in deadline passed without a report-in:
    /// deemed refusal (JDTL 14).
    DeemRefused {
        /// Day of recording (after the deadline).
        on: Date,
    },
    /// The social worker reported the refusal to the police (JDTL 21).
    ReportRefusalToPolice {
        /// Day of the report.
        on: Date,
    },
    /// Agreement signed (JDTL 16, 38).
    SignAgreement {
        /// Day of signing.
        on: Date,
    },
    /// Detention or arrest pauses the term (JDTL 24).
    Pause {
        /// Day of detention or arrest.
        on: Date,
        /// Which.
        cause: PauseCause,
    },
    /// Released from detention: the measure continues (JDTL 24).
    Resume {
        /// Day of release.
        on: Date,
    },
    /// The execution place changed (JDTL 22).
    Transfer {
        /// Day of the change.
        on: Date,
    },
    /// Reported in at the new township (JDTL 22).
    ReportAtNewPlace {
        /// Day of the report-in.
        on: Date,
    },
    /// The term has been served (JDTL 23, JDF 47) or treatment finished.
    Complete {
        /// Day recorded; not before the term's end.
        on: Date,
    },
    /// The township notified the police of the release (JDTL 23).
    NotifyPoliceOfRelease {
        /// Day of the notice.
        on: Date,
    },
    /// Escape from compulsory isolation (JDTL 32).
    Escape {
        /// Day of the escape.
        on: Date,
    },
    /// Back in the centre after an escape (JDTL 32).
    Return {
        /// Day of return.
        on: Date,
        /// Brought back by the police (被追回), which bars early release.
        recaptured: bool,
    },
    /// Extension of compulsory isolation approved (JDF 47).
    Extend {
        /// Day of approval; before the term expires.
        on: Date,
        /// Length.
        by: Period,
    },
    /// Early release approved (JDF 47).
    EarlyRelease {
        /// Day of release.
        on: Date,
    },
    /// Maintenance-therapy registration filed with the police (JDTL 12).
    FileWithPolice {
        /// Day of filing.
        on: Date,
    },
    /// The measure ends before its term (JDTL 24 终止, or otherwise).
    Terminate {
        /// Day it ended.
        on: Date,
        /// Why.
        cause: EndCause,
    },
}

impl Event {
    /// The day the event happened.
    #[must_use]
    pub fn on(&self) -> Date {
        match self {
            Event::ReportIn { on, .. }
            | Event::DeemRefused { on }
            | Event::ReportRefusalToPolice { on }
            | Event::SignAgreement { on }
            | Event::Pause { on, .. }
            | Event::Resume { on }
            | Event::Transfer { on }
            | Event::ReportAtNewPlace { on }
            | Event::Complete { on }
            | Event::NotifyPoliceOfRelease { on }
            | Event::Escape { on }
            | Event::Return { on, .. }
            | Event::Extend { on, .. }
            | Event::EarlyRelease { on }
            | Event::FileWithPolice { on }
            | Event::Terminate { on, .. } => *on,
        }
    }

    /// Stable code, as serialised in the `event` tag.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Event::ReportIn { .. } => "report_in",
            Event::DeemRefused { .. } => "deem_refused",
            Event::ReportRefusalToPolice { .. } => "report_refusal_to_police",
            Event::SignAgreement { .. } => "sign_agreement",
            Event::Pause { .. } => "pause",
            Event::Resume { .. } => "resume",
            Event::Transfer { .. } => "transfer",
            Event::ReportAtNewPlace { .. } => "report_at_new_place",
            Event::Complete { .. } => "complete",
            Event::NotifyPoliceOfRelease { .. } => "notify_police_of_release",
            Event::Escape { .. } => "escape",
            Event::Return { .. } => "return",
            Event::Extend { .. } => "extend",
            Event::EarlyRelease { .. } => "early_release",
            Event::FileWithPolice { .. } => "file_with_police",
            Event::Terminate { .. } => "terminate",
        }
    }

    /// Whether the event exists for a kind of measure at all.
    #[must_use]
    pub fn applies_to(&self, kind: MeasureKind) -> bool {
        match self {
            Event::Complete { .. } | Event::Terminate { .. } => true,
            Event::ReportIn { .. }
            | Event::DeemRefused { .. }
            | Event::ReportRefusalToPolice { .. }
            | Event::SignAgreement { .. }
            | Event::Pause { .. }
            | Event::Resume { .. }
            | Event::Transfer { .. }
            | Event::ReportAtNewPlace { .. }
            | Event::NotifyPoliceOfRelease { .. } => kind.is_community(),
            Event::Escape { .. }
            | Event::Return { .. }
            | Event::Extend { .. }
            | Event::EarlyRelease { .. } => kind == MeasureKind::CompulsoryIsolation,
            Event::FileWithPolice { .. } => kind == MeasureKind::MaintenanceTherapy,
        }
    }
}
