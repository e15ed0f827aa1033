//! The recorded facts of a measure besides its state: pauses, transfers,
//! escapes, extensions, a deemed refusal, how it ended.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::date_math::days_between;
use crate::periods::Period;

/// Why community detox or rehabilitation was paused (中止, JDTL 24).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PauseCause {
    /// 拘留.
    Detention,
    /// 逮捕.
    Arrest,
}

/// A pause of the term (JDTL 24): the days from `from` to `until` do not
/// count, so the term ends that many days later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    /// Day of detention or arrest.
    pub from: Date,
    /// Why.
    pub cause: PauseCause,
    /// Day of release, once known.
    pub until: Option<Date>,
}

/// A change of execution place (JDTL 22): the person reports to the new
/// township within 15 days; the term continues.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    /// Day the execution place changed.
    pub on: Date,
    /// Day the person reported to the new township.
    pub reported_on: Option<Date>,
}

/// An escape from compulsory isolation (JDTL 32): the days away do not
/// count towards the term. (JDTL 31, just before, is medical treatment
/// outside the centre, whose time does count: no fact is needed for it.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escape {
    /// Day of the escape.
    pub from: Date,
    /// Day back in the centre, once known.
    pub until: Option<Date>,
    /// Brought back by the police (被追回) rather than returning of their
    /// own accord; a recaptured person may not be released early (JDTL 32).
    pub recaptured: bool,
}

/// An extension of compulsory isolation (JDF 47; at most 1 year in total).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// Day of the approval.
    pub decided_on: Date,
    /// Length of the extension.
    pub by: Period,
}

/// A deemed refusal of community detox or rehabilitation (JDTL 14: "无正当
/// 理由逾期不报到的，视为拒绝接受社区戒毒").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    /// The first day after the report-in deadline.
    pub deemed_on: Date,
    /// When the platform recorded it.
    pub recorded_on: Date,
    /// When the social worker reported it to the police (JDTL 21).
    pub reported_to_police_on: Option<Date>,
}

/// Why a measure ended before its term (终止).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndCause {
    /// 收监执行刑罚 (JDTL 24).
    Imprisonment,
    /// 强制性教育措施 (JDTL 24).
    CompulsoryEducation,
    /// Compulsory isolation decided instead (JDF 38).
    CompulsoryIsolationDecided,
    /// Death of the person.
    Death,
    /// Anything else (left voluntary treatment, …); the record says what.
    Other,
}

/// Why compulsory isolation may not be released early.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EarlyReleaseBar {
    /// The person escaped and was recaptured (JDTL 32).
    RecapturedAfterEscape,
    /// The person refused or seriously violated community rehabilitation
    /// and was isolated again after using drugs (JDTL 38).
    AfterRehabRefusal,
}

impl EarlyReleaseBar {
    /// Stable code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            EarlyReleaseBar::RecapturedAfterEscape => "recaptured_after_escape",
            EarlyReleaseBar::AfterRehabRefusal => "after_rehab_refusal",
        }
    }
}

/// Days covered by closed intervals `from..until`: the excluded days of a
/// term. An interval still open contributes nothing yet.
pub(crate) fn closed_days(intervals: impl Iterator<Item = (Date, Option<Date>)>) -> u32 {
    let total: i64 = intervals
        .filter_map(|(from, until)| until.map(|u| i64::from(days_between(from, u))))
        .sum();
    u32::try_from(total).unwrap_or(u32::MAX)
}
