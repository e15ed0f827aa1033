//! Seizures (缴获): drugs weighed in grams, precursor chemicals in
//! kilograms (as the statistics report them), kept exactly in milligrams.

use thiserror::Error;

use crate::code_enum::code_enum;

code_enum! {
    /// What was seized.
    pub enum SeizureKind {
        /// A drug (register::DrugType), weighed in grams.
        Drug = ("drug", "毒品", "Drug"),
        /// A precursor chemical (易制毒化学品), weighed in kilograms.
        Precursor = ("precursor", "易制毒化学品", "Precursor chemical"),
    }
}

/// Why a quantity was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum QuantityError {
    #[error("the quantity must be a positive number")]
    NotPositive,
    /// More than 100 t of anything is a typing error, not a seizure.
    #[error("the quantity is implausibly large")]
    TooLarge,
}

impl QuantityError {
    /// Stable code for messages and the API.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            QuantityError::NotPositive => "seizure.quantity",
            QuantityError::TooLarge => "seizure.too_large",
        }
    }
}

/// Milligrams per unit the kind is entered in (g for drugs, kg for
/// precursors).
fn mg_per_unit(kind: SeizureKind) -> f64 {
    match kind {
        SeizureKind::Drug => 1_000.0,
        SeizureKind::Precursor => 1_000_000.0,
    }
}

/// The entered quantity (grams of a drug, kilograms of a precursor) as
/// whole milligrams, rounded to the nearest.
///
/// # Errors
/// [`QuantityError`].
pub fn to_mg(kind: SeizureKind, entered: f64) -> Result<i64, QuantityError> {
    if !entered.is_finite() || entered <= 0.0 {
        return Err(QuantityError::NotPositive);
    }
    let mg = (entered * mg_per_unit(kind)).round();
    if mg > 1e11 {
        return Err(QuantityError::TooLarge);
    }
    if mg < 1.0 {
        return Err(QuantityError::NotPositive);
    }
    Ok(mg as i64)
}

/// Milligrams back in the kind's unit, for display and the API.
#[must_use]
pub fn from_mg(kind: SeizureKind, mg: i64) -> f64 {
    mg as f64 / mg_per_unit(kind)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn grams_and_kilograms_become_milligrams() {
        assert_eq!(to_mg(SeizureKind::Drug, 12.5), Ok(12_500));
        assert_eq!(
            to_mg(SeizureKind::Drug, 0.0004),
            Err(QuantityError::NotPositive)
        );
        assert_eq!(to_mg(SeizureKind::Precursor, 3.2), Ok(3_200_000));
        assert_eq!(
            to_mg(SeizureKind::Drug, -1.0),
            Err(QuantityError::NotPositive)
        );
        assert_eq!(
            to_mg(SeizureKind::Drug, f64::NAN),
            Err(QuantityError::NotPositive)
        );
        assert_eq!(
            to_mg(SeizureKind::Precursor, 200_000.0),
            Err(QuantityError::TooLarge)
        );
    }

    proptest! {
        /// Any quantity to the milligram survives the round trip.
        #[test]
        fn milligrams_round_trip(mg in 1i64..100_000_000_000) {
            for kind in SeizureKind::ALL {
                prop_assert_eq!(to_mg(*kind, from_mg(*kind, mg)), Ok(mg));
            }
        }
    }
}
