//! Objects and locations of the relation graph (the O and L of POLE:
//! person, object, location, event): phones, vehicles, venues and places
//! that link persons and cases. The same phone number or plate recorded by
//! two counties is one object, so a shared phone joins two networks.

use crate::code_enum::code_enum;

code_enum! {
    /// What an object of the relation graph is.
    pub enum ObjectKind {
        /// A phone number (手机号).
        Phone = ("phone", "手机号", "Phone"),
        /// A vehicle by its plate (车辆).
        Vehicle = ("vehicle", "车辆", "Vehicle"),
        /// A venue: a bar, hotel, KTV, logistics point (场所).
        Venue = ("venue", "场所", "Venue"),
        /// A place: an address, a stash, a meeting point (地点).
        Place = ("place", "地点", "Place"),
    }
}

code_enum! {
    /// How a person or a case is tied to an object.
    pub enum ObjectRole {
        /// Uses the phone or the vehicle (使用).
        Uses = ("uses", "使用", "Uses"),
        /// Owns or is registered as keeper of it (所有).
        Owns = ("owns", "所有", "Owns"),
        /// Frequents the venue or place (常去).
        Frequents = ("frequents", "常去", "Frequents"),
        /// Lives there (居住).
        LivesAt = ("lives_at", "居住", "Lives at"),
        /// Drugs were sold or handed over there (交易).
        DealsAt = ("deals_at", "交易", "Deals at"),
        /// Drugs were stored or seized there (藏匿/查获).
        StoresAt = ("stores_at", "藏匿", "Stores at"),
        /// The object was used in the case's offence (涉案).
        UsedInCase = ("used_in_case", "涉案", "Used in case"),
    }
}

/// Why a label was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelError {
    /// Empty, or too long for its kind.
    Length,
    /// A phone number that is not 5 to 15 digits, or a plate with
    /// characters a plate does not have.
    Format,
}

impl LabelError {
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            LabelError::Length => "object.label_length",
            LabelError::Format => "object.label_format",
        }
    }
}

/// Longest label of a venue or place.
const MAX_TEXT: usize = 100;

impl ObjectKind {
    /// The label in the one form the object is found by: a phone number
    /// as its digits (with a leading + kept), a plate in capitals without
    /// separators, a venue or place with its spaces collapsed. Two
    /// spellings of one phone or plate are the same object.
    pub fn normalise(self, label: &str) -> Result<String, LabelError> {
        let trimmed = label.trim();
        if trimmed.is_empty() {
            return Err(LabelError::Length);
        }
        match self {
            ObjectKind::Phone => {
                let plus = trimmed.starts_with('+');
                let body = trimmed.trim_start_matches('+');
                if body
                    .chars()
                    .any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')')))
                {
                    return Err(LabelError::Format);
                }
                let digits: String = body.chars().filter(char::is_ascii_digit).collect();
                if !(5..=15).contains(&digits.len()) {
                    return Err(LabelError::Format);
                }
                Ok(if plus { format!("+{digits}") } else { digits })
            }
            ObjectKind::Vehicle => {
                let plate: String = trimmed
                    .chars()
                    .filter(|c| !matches!(c, ' ' | '-' | '·' | '.'))
                    .map(|c| c.to_ascii_uppercase())
                    .collect();
                let count = plate.chars().count();
                if !(5..=10).contains(&count) {
                    return Err(LabelError::Length);
                }
                if plate
                    .chars()
                    .any(|c| !(c.is_ascii_alphanumeric() || is_cjk(c)))
                {
                    return Err(LabelError::Format);
                }
                Ok(plate)
            }
            ObjectKind::Venue | ObjectKind::Place => {
                let text = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
                if text.chars().count() > MAX_TEXT {
                    return Err(LabelError::Length);
                }
                Ok(text)
            }
        }
    }

    /// Whether a person may be tied to this kind of object in `role`
    /// (a case is tied by `UsedInCase` only).
    #[must_use]
    pub fn allows(self, role: ObjectRole) -> bool {
        use ObjectRole::{DealsAt, Frequents, LivesAt, Owns, StoresAt, Uses};
        match self {
            ObjectKind::Phone | ObjectKind::Vehicle => matches!(role, Uses | Owns),
            ObjectKind::Venue => matches!(role, Frequents | Owns | DealsAt | StoresAt),
            ObjectKind::Place => matches!(role, LivesAt | Frequents | DealsAt | StoresAt | Owns),
        }
    }
}

/// A CJK ideograph (a plate's province character, 云, 粤 …).
fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// A label for a list: a phone number's middle digits hidden (as the
/// register's ID numbers are), a plate's last three; venues and places in
/// full.
#[must_use]
pub fn masked(kind: ObjectKind, label: &str) -> String {
    let chars: Vec<char> = label.chars().collect();
    let n = chars.len();
    let hide = |from: usize, to: usize| -> String {
        chars
            .iter()
            .enumerate()
            .map(|(i, c)| if i >= from && i < to { '*' } else { *c })
            .collect()
    };
    match kind {
        // The last four stay when there are enough digits to hide.
        ObjectKind::Phone if n > 7 => hide(3, n - 4),
        ObjectKind::Phone => hide(3.min(n), n),
        ObjectKind::Vehicle => hide(n.saturating_sub(3), n),
        ObjectKind::Venue | ObjectKind::Place => label.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spellings_of_one_phone_or_plate_are_one_object() {
        let p = ObjectKind::Phone;
        assert_eq!(p.normalise("139 9900-1234").unwrap(), "13999001234");
        assert_eq!(p.normalise(" (139)99001234 ").unwrap(), "13999001234");
        assert_eq!(p.normalise("+86 139 9900 1234").unwrap(), "+8613999001234");
        assert_eq!(p.normalise("139x9900"), Err(LabelError::Format));
        assert_eq!(p.normalise("1234"), Err(LabelError::Format));
        assert_eq!(p.normalise("   "), Err(LabelError::Length));
        let v = ObjectKind::Vehicle;
        assert_eq!(v.normalise("云a·12345").unwrap(), "云A12345");
        assert_eq!(v.normalise("云A 12345").unwrap(), "云A12345");
        assert_eq!(v.normalise("云A"), Err(LabelError::Length));
        assert_eq!(v.normalise("云A#1234"), Err(LabelError::Format));
        let place = ObjectKind::Place;
        assert_eq!(
            place.normalise(" 江城区  滨江路 8 号 ").unwrap(),
            "江城区 滨江路 8 号"
        );
        assert_eq!(place.normalise(&"路".repeat(101)), Err(LabelError::Length));
    }

    #[test]
    fn roles_fit_their_kind() {
        assert!(ObjectKind::Phone.allows(ObjectRole::Uses));
        assert!(!ObjectKind::Phone.allows(ObjectRole::LivesAt));
        assert!(ObjectKind::Place.allows(ObjectRole::LivesAt));
        assert!(!ObjectKind::Venue.allows(ObjectRole::LivesAt));
        for k in ObjectKind::ALL {
            assert!(
                !k.allows(ObjectRole::UsedInCase),
                "a person is not used in a case"
            );
        }
    }

    #[test]
    fn masking_hides_the_identifying_part() {
        assert_eq!(masked(ObjectKind::Phone, "13999001234"), "139****1234");
        assert_eq!(masked(ObjectKind::Vehicle, "云A12345"), "云A12***");
        assert_eq!(masked(ObjectKind::Venue, "金沙KTV"), "金沙KTV");
        assert_eq!(masked(ObjectKind::Phone, "12345"), "123**");
    }

    proptest! {
        /// Normalising is idempotent: a stored label finds itself.
        #[test]
        fn normalising_twice_changes_nothing(s in "[0-9 +()-]{0,20}|[a-z0-9云粤·-]{0,12}|\\PC{0,30}") {
            for k in ObjectKind::ALL {
                if let Ok(once) = k.normalise(&s) {
                    prop_assert_eq!(k.normalise(&once), Ok(once.clone()));
                }
            }
        }
    }
}
