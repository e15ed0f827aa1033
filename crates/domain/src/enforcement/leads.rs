//! Leads (线索): where they came from, how reliable, and their lifecycle
//! from receipt to a filed case or a dismissal, with cooperation between
//! regions (协查).

use thiserror::Error;
use time::{Date, Duration};

use crate::code_enum::code_enum;

code_enum! {
    /// Where a lead came from.
    pub enum LeadSource {
        Intelligence = ("intelligence", "情报研判", "Intelligence"),
        PublicReport = ("public_report", "群众举报", "Public report"),
        Logistics = ("logistics", "物流寄递检查", "Logistics check"),
        Venue = ("venue", "场所检查", "Venue inspection"),
        OtherRegion = ("other_region", "外地通报", "Another region's notice"),
        Superior = ("superior", "上级交办", "Assigned by a superior"),
        Other = ("other", "其他", "Other"),
    }
}

code_enum! {
    /// How far the source is trusted.
    pub enum Reliability {
        Reliable = ("reliable", "可靠", "Reliable"),
        Probable = ("probable", "较可靠", "Probably reliable"),
        Unverified = ("unverified", "待核实", "Unverified"),
    }
}

code_enum! {
    /// Where a lead stands.
    pub enum LeadState {
        New = ("new", "新线索", "New"),
        Verifying = ("verifying", "核查中", "Being verified"),
        Confirmed = ("confirmed", "已查实", "Confirmed"),
        CaseFiled = ("case_filed", "已立案", "Case filed"),
        Dismissed = ("dismissed", "已排除", "Dismissed"),
    }
}

code_enum! {
    /// Cooperation with another region (协查).
    pub enum Cooperation {
        None = ("none", "无", "None"),
        /// We asked another region to verify.
        Outgoing = ("outgoing", "发出协查", "Request sent"),
        /// Another region asked us.
        Incoming = ("incoming", "外地协查请求", "Request received"),
    }
}

/// Days from receipt to the verification deadline when none is set: no
/// national text sets one; a month is our default.
pub const LEAD_DAYS: i64 = 30;

/// The deadline of a lead received on `received`.
#[must_use]
pub fn default_deadline(received: Date) -> Date {
    received + Duration::days(LEAD_DAYS)
}

/// Why a state change was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum LeadError {
    #[error("a lead cannot move from {from:?} to {to:?}")]
    NotAllowed { from: LeadState, to: LeadState },
    /// A dismissal says why (应查尽查: nothing is dropped silently).
    #[error("a dismissal needs its reason")]
    MissingReason,
    /// A lead leading to a case names it.
    #[error("a filed case must be named")]
    MissingCase,
}

impl LeadError {
    /// Stable code for messages and the API.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            LeadError::NotAllowed { .. } => "lead.transition",
            LeadError::MissingReason => "lead.missing_reason",
            LeadError::MissingCase => "lead.missing_case",
        }
    }
}

impl LeadState {
    /// Whether the lead still needs work.
    #[must_use]
    pub fn is_open(self) -> bool {
        !matches!(self, LeadState::CaseFiled | LeadState::Dismissed)
    }

    /// The lifecycle: new → verifying → confirmed → case filed; any open
    /// lead may be dismissed (with a reason); nothing leaves a filed case or
    /// a dismissal. A case is named to file one.
    ///
    /// # Errors
    /// [`LeadError`].
    pub fn advance(self, to: LeadState, reason: &str, case: bool) -> Result<LeadState, LeadError> {
        use LeadState::*;
        let allowed = matches!(
            (self, to),
            (New, Verifying) | (Verifying, Confirmed) | (Confirmed, CaseFiled)
        ) || (self.is_open() && to == Dismissed);
        if !allowed {
            return Err(LeadError::NotAllowed { from: self, to });
        }
        if to == Dismissed && reason.trim().chars().count() < 4 {
            return Err(LeadError::MissingReason);
        }
        if to == CaseFiled && !case {
            return Err(LeadError::MissingCase);
        }
        Ok(to)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_lifecycle_and_its_conditions() {
        use LeadState::*;
        assert_eq!(New.advance(Verifying, "", false), Ok(Verifying));
        assert_eq!(Verifying.advance(Confirmed, "", false), Ok(Confirmed));
        assert_eq!(
            Confirmed.advance(CaseFiled, "", false),
            Err(LeadError::MissingCase)
        );
        assert_eq!(Confirmed.advance(CaseFiled, "", true), Ok(CaseFiled));
        assert_eq!(
            New.advance(Confirmed, "", false).unwrap_err().code(),
            "lead.transition"
        );
        assert_eq!(
            New.advance(Dismissed, "重复", false),
            Err(LeadError::MissingReason)
        );
        assert_eq!(New.advance(Dismissed, "举报内容不实", false), Ok(Dismissed));
        assert!(Dismissed.advance(Verifying, "", false).is_err());
        assert!(CaseFiled.advance(Dismissed, "事后发现不实", false).is_err());
    }

    #[test]
    fn a_lead_is_due_a_month_after_receipt() {
        use time::macros::date;
        assert_eq!(
            default_deadline(date!(2026 - 11 - 30)),
            date!(2026 - 12 - 30)
        );
    }

    proptest! {
        /// Whatever is asked, a closed lead stays closed and an accepted
        /// move never goes back along the lifecycle.
        #[test]
        fn closed_leads_stay_closed(moves in proptest::collection::vec((0..5usize, any::<bool>()), 0..12)) {
            let rank = |s: LeadState| LeadState::ALL.iter().position(|x| *x == s).unwrap();
            let mut at = LeadState::New;
            for (m, case) in moves {
                let to = LeadState::ALL[m];
                if let Ok(next) = at.advance(to, "核查后排除", case) {
                    prop_assert!(at.is_open());
                    prop_assert!(rank(next) > rank(at));
                    at = next;
                }
            }
        }
    }
}
