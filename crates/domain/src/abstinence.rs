//! Candidates for "戒断三年未复吸" (3 years abstinent without relapse), which
//! ends dynamic control (JDTL 7).
//!
//! Three years must have run both since the end of the last measure and since
//! the last evidence of use, with no measure in force. The function only
//! proposes: a person confirms, and the register keeps the record with the
//! new status.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::date_math::add_years;

/// JDTL 7: three years abstinent without relapse.
pub const ABSTINENCE_YEARS: u32 = 3;

/// What the proposal is computed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbstinenceFacts {
    /// End of the last measure (completion, release or termination).
    pub last_measure_end: Option<Date>,
    /// Last positive test, or other evidence of use (a relapse), if any.
    pub last_positive: Option<Date>,
    /// A measure is running now.
    pub measure_in_force: bool,
}

/// Which anchor the 3 years run from: the later of the two.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// End of the last measure (also chosen when both fall on one day).
    MeasureEnd,
    /// Last positive test or other evidence of use.
    LastPositive,
}

/// The proposal, on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AbstinenceCheck {
    /// A measure is running: not abstinent by definition.
    MeasureInForce,
    /// Neither a measure end nor a positive is recorded: nothing to count
    /// from, so nothing is proposed and a person must look at the file.
    NoAnchor,
    /// Not yet: a candidate from `candidate_on`.
    NotYet {
        /// First day the person becomes a candidate.
        candidate_on: Date,
        /// What the 3 years run from.
        anchor: Anchor,
    },
    /// A candidate since `candidate_on`, to be confirmed by a person.
    Candidate {
        /// First day the person was a candidate.
        candidate_on: Date,
        /// What the 3 years run from.
        anchor: Anchor,
    },
}

/// The day the person becomes a candidate, and the anchor it counts from.
///
/// Three years from the later anchor, counted as the Civil Code counts years
/// (民法典 Art 201–202): the period ends on the corresponding day, or the
/// month's last day, so 3 years from 29 Feb 2024 ends on 28 Feb 2027. We
/// propose on that last day: the proposal is only a prompt for a person's
/// confirmation. `None` without an anchor (or past year 9999).
#[must_use]
pub fn candidate_date(facts: &AbstinenceFacts) -> Option<(Date, Anchor)> {
    let (anchor_date, anchor) = match (facts.last_measure_end, facts.last_positive) {
        (Some(end), Some(positive)) if positive > end => (positive, Anchor::LastPositive),
        (Some(end), _) => (end, Anchor::MeasureEnd),
        (None, Some(positive)) => (positive, Anchor::LastPositive),
        (None, None) => return None,
    };
    Some((add_years(anchor_date, ABSTINENCE_YEARS)?, anchor))
}

/// The proposal on `today`.
#[must_use]
pub fn check(facts: &AbstinenceFacts, today: Date) -> AbstinenceCheck {
    if facts.measure_in_force {
        return AbstinenceCheck::MeasureInForce;
    }
    match candidate_date(facts) {
        None => AbstinenceCheck::NoAnchor,
        Some((candidate_on, anchor)) if today >= candidate_on => AbstinenceCheck::Candidate {
            candidate_on,
            anchor,
        },
        Some((candidate_on, anchor)) => AbstinenceCheck::NotYet {
            candidate_on,
            anchor,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn facts(end: Option<Date>, positive: Option<Date>) -> AbstinenceFacts {
        AbstinenceFacts {
            last_measure_end: end,
            last_positive: positive,
            measure_in_force: false,
        }
    }

    #[test]
    fn three_years_from_a_leap_day() {
        let f = facts(Some(date!(2024 - 02 - 29)), None);
        assert_eq!(
            candidate_date(&f),
            Some((date!(2027 - 02 - 28), Anchor::MeasureEnd))
        );
        assert_eq!(
            check(&f, date!(2027 - 02 - 27)),
            AbstinenceCheck::NotYet {
                candidate_on: date!(2027 - 02 - 28),
                anchor: Anchor::MeasureEnd
            }
        );
        assert_eq!(
            check(&f, date!(2027 - 02 - 28)),
            AbstinenceCheck::Candidate {
                candidate_on: date!(2027 - 02 - 28),
                anchor: Anchor::MeasureEnd
            }
        );
    }

    #[test]
    fn the_later_anchor_governs() {
        let end = date!(2021 - 06 - 30);
        let positive = date!(2022 - 01 - 31);
        assert_eq!(
            candidate_date(&facts(Some(end), Some(positive))),
            Some((date!(2025 - 01 - 31), Anchor::LastPositive))
        );
        assert_eq!(
            candidate_date(&facts(Some(positive), Some(end))),
            Some((date!(2025 - 01 - 31), Anchor::MeasureEnd))
        );
        assert_eq!(
            candidate_date(&facts(Some(end), Some(end))),
            Some((date!(2024 - 06 - 30), Anchor::MeasureEnd))
        );
        assert_eq!(
            candidate_date(&facts(None, Some(positive))),
            Some((date!(2025 - 01 - 31), Anchor::LastPositive))
        );
        // A positive during the 3 years restarts the count.
        let relapse = facts(Some(end), Some(date!(2024 - 06 - 29)));
        assert_eq!(
            check(&relapse, date!(2024 - 06 - 30)),
            AbstinenceCheck::NotYet {
                candidate_on: date!(2027 - 06 - 29),
                anchor: Anchor::LastPositive
            }
        );
    }

    #[test]
    fn no_proposal_under_a_measure_or_without_anchor() {
        let mut f = facts(Some(date!(2010 - 01 - 01)), None);
        f.measure_in_force = true;
        assert_eq!(
            check(&f, date!(2024 - 01 - 01)),
            AbstinenceCheck::MeasureInForce
        );
        assert_eq!(
            check(&facts(None, None), date!(2024 - 01 - 01)),
            AbstinenceCheck::NoAnchor
        );
        assert_eq!(candidate_date(&facts(None, None)), None);
    }

    fn any_date() -> impl Strategy<Value = Option<Date>> {
        proptest::option::of(
            (0i64..40_000).prop_map(|d| date!(1990 - 01 - 01) + time::Duration::days(d)),
        )
    }

    proptest! {
        #[test]
        fn never_earlier_than_three_years_after_either_anchor(end in any_date(), positive in any_date()) {
            let f = facts(end, positive);
            match candidate_date(&f) {
                None => prop_assert!(end.is_none() && positive.is_none()),
                Some((candidate, _)) => {
                    for anchor in [end, positive].into_iter().flatten() {
                        prop_assert!(candidate >= add_years(anchor, ABSTINENCE_YEARS).unwrap());
                        prop_assert!(candidate > anchor);
                    }
                }
            }
        }

        #[test]
        fn candidacy_is_monotonic_in_today(end in any_date(), positive in any_date(), a in 0i64..50_000, b in 0i64..50_000) {
            let f = facts(end, positive);
            let base = date!(1990 - 01 - 01);
            let (early, late) = (base + time::Duration::days(a.min(b)), base + time::Duration::days(a.max(b)));
            if matches!(check(&f, early), AbstinenceCheck::Candidate { .. }) {
                prop_assert!(matches!(check(&f, late), AbstinenceCheck::Candidate { .. }), "candidate must stay a candidate");
            }
        }
    }
}
