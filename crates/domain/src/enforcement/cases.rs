//! Drug cases: their type under the Criminal Law, and the stages a case
//! moves through from acceptance to closure.

use thiserror::Error;

use crate::code_enum::code_enum;

code_enum! {
    /// The offence a case is about (中华人民共和国刑法 Art 347–355).
    pub enum CaseType {
        /// Art 347 (制造毒品).
        Manufacturing = ("manufacturing", "制造毒品", "Manufacturing drugs"),
        /// Art 347 (贩卖毒品).
        Selling = ("selling", "贩卖毒品", "Selling drugs"),
        /// Art 347 (运输毒品).
        Transporting = ("transporting", "运输毒品", "Transporting drugs"),
        /// Art 347 (走私毒品).
        Smuggling = ("smuggling", "走私毒品", "Smuggling drugs"),
        /// Art 348 (非法持有毒品).
        Possession = ("possession", "非法持有毒品", "Illegal possession"),
        /// Art 354 (容留他人吸毒).
        Harbouring = ("harbouring", "容留他人吸毒", "Harbouring drug use"),
        /// Art 350 (非法生产、买卖、运输制毒物品).
        Precursors = ("precursors", "非法买卖制毒物品", "Trading precursor chemicals"),
        /// Art 351 (非法种植毒品原植物).
        Cultivation = ("cultivation", "非法种植毒品原植物", "Illegal cultivation"),
    }
}

impl CaseType {
    /// The Art 347 offences (走私、贩卖、运输、制造毒品): "逢贩必查上下线",
    /// so each of these cases opens an up- and down-line trace.
    #[must_use]
    pub fn is_trafficking(self) -> bool {
        matches!(
            self,
            CaseType::Manufacturing
                | CaseType::Selling
                | CaseType::Transporting
                | CaseType::Smuggling
        )
    }
}

code_enum! {
    /// Where a case stands, in the order of criminal procedure.
    pub enum CaseStage {
        Accepted = ("accepted", "受案", "Accepted"),
        /// Criminal Procedure Law Art 112 (立案).
        Filed = ("filed", "立案", "Filed"),
        Investigation = ("investigation", "侦查", "Under investigation"),
        /// Criminal Procedure Law Art 162 (移送审查起诉).
        Prosecution = ("prosecution", "移送起诉", "Sent for prosecution"),
        Judged = ("judged", "已判决", "Judged"),
        Closed = ("closed", "结案", "Closed"),
    }
}

/// Why a stage change was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum StageError {
    /// Stages only move forward; a correction is a new note, not a step back.
    #[error("a case cannot go back from {from:?} to {to:?}")]
    Backwards { from: CaseStage, to: CaseStage },
    /// A closed case stays closed.
    #[error("the case is closed")]
    Closed,
}

impl StageError {
    /// Stable code for messages and the API.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            StageError::Backwards { .. } => "case.stage_backwards",
            StageError::Closed => "case.closed",
        }
    }
}

impl CaseStage {
    fn rank(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// Whether a case may move from `self` to `to`. Stages move forward and
    /// may be skipped (a case not filed is closed from acceptance; one
    /// dropped in investigation is closed from there); nothing leaves
    /// `Closed`.
    ///
    /// # Errors
    /// [`StageError`].
    pub fn advance(self, to: CaseStage) -> Result<CaseStage, StageError> {
        if self == CaseStage::Closed {
            return Err(StageError::Closed);
        }
        if to.rank() <= self.rank() {
            return Err(StageError::Backwards { from: self, to });
        }
        Ok(to)
    }

    /// Whether the case is still being worked.
    #[must_use]
    pub fn is_open(self) -> bool {
        self != CaseStage::Closed
    }
}

code_enum! {
    /// A suspect's part in a case.
    pub enum SuspectRole {
        Organiser = ("organiser", "组织者", "Organiser"),
        Manufacturer = ("manufacturer", "制造者", "Manufacturer"),
        Seller = ("seller", "贩卖者", "Seller"),
        Courier = ("courier", "运输者", "Courier"),
        Buyer = ("buyer", "购买者", "Buyer"),
        Harbourer = ("harbourer", "容留者", "Harbourer"),
        Other = ("other", "其他", "Other"),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_art_347_offences_are_trafficking() {
        let t: Vec<_> = CaseType::ALL
            .iter()
            .filter(|t| t.is_trafficking())
            .map(|t| t.code())
            .collect();
        assert_eq!(t, ["manufacturing", "selling", "transporting", "smuggling"]);
    }

    #[test]
    fn stages_move_forward_and_closed_is_final() {
        use CaseStage::*;
        assert_eq!(Accepted.advance(Filed), Ok(Filed));
        assert_eq!(Accepted.advance(Closed), Ok(Closed));
        assert_eq!(
            Investigation.advance(Filed),
            Err(StageError::Backwards {
                from: Investigation,
                to: Filed
            })
        );
        assert!(Filed.advance(Filed).is_err());
        assert_eq!(Closed.advance(Judged), Err(StageError::Closed));
    }

    proptest! {
        /// Any accepted sequence of moves visits stages in strictly
        /// increasing order and ends at most at Closed.
        #[test]
        fn accepted_moves_only_go_forward(moves in proptest::collection::vec(0..6usize, 0..12)) {
            let mut at = CaseStage::Accepted;
            for m in moves {
                let to = CaseStage::ALL[m];
                match at.advance(to) {
                    Ok(next) => { prop_assert!(next.rank() > at.rank()); at = next; }
                    Err(_) => prop_assert!(to.rank() <= at.rank() || at == CaseStage::Closed),
                }
            }
        }
    }
}
