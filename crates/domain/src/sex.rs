//! Sex as recorded on the resident identity card.
//!
//! GB 11643-1999 encodes sex in the parity of the sequence code (odd = male,
//! even = female), and the platform only needs the two values the card can
//! carry, so this is deliberately a closed two-variant enum.

use serde::{Deserialize, Serialize};

/// Sex as derived from, or recorded alongside, an identity document.
///
/// Serialised as its stable code (`"M"` / `"F"`) so that JSON payloads and
/// database columns use one and the same representation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    /// Male (odd sequence code per GB 11643-1999 §5.4).
    #[serde(rename = "M")]
    Male,
    /// Female (even sequence code per GB 11643-1999 §5.4).
    #[serde(rename = "F")]
    Female,
}

impl Sex {
    /// Stable storage / wire code: `"M"` or `"F"`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "M",
            Sex::Female => "F",
        }
    }

    /// Inverse of [`Sex::code`]. Exact match only: codes are machine data,
    /// so silently accepting variants would hide upstream bugs.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Sex> {
        match code {
            "M" => Some(Sex::Male),
            "F" => Some(Sex::Female),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_round_trips() {
        for sex in [Sex::Male, Sex::Female] {
            assert_eq!(Sex::from_code(sex.code()), Some(sex));
        }
    }

    #[test]
    fn unknown_codes_are_rejected() {
        assert_eq!(Sex::from_code("m"), None);
        assert_eq!(Sex::from_code(""), None);
        assert_eq!(Sex::from_code("X"), None);
    }
}
