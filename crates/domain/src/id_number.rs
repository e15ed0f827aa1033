//! Citizen identification numbers (公民身份号码) per GB 11643-1999.
//!
//! Layout of the 18-character number (GB 11643-1999 §4):
//! 6-digit address (region) code + 8-digit birth date `YYYYMMDD` +
//! 3-digit sequence code (odd = male) + 1 check character computed with
//! ISO 7064 MOD 11-2.
//!
//! The full number is personal information under the PIPL (个人信息保护法
//! art. 28 lists it as sensitive when leaked together with other data), so
//! `Display`/`Debug` only ever show the masked form and `Serialize` is not
//! implemented: persisting or transmitting the full number must go through
//! the explicit [`IdNumber::as_str`].

use std::fmt;
use std::str::FromStr;

use time::{Date, Month};

use crate::sex::Sex;

/// ISO 7064 MOD 11-2 weights, `2^(17-i) mod 11`, GB 11643-1999 §7.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Check characters indexed by `sum mod 11`, GB 11643-1999 §7.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Earliest accepted birth year: no living resident was born before 1900,
/// and the 15-digit legacy format implies the 1900s century.
const MIN_BIRTH_YEAR: i32 = 1900;

/// Why a string is not a valid citizen identification number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    /// Not 18 characters (or 15 for the legacy format) after removing whitespace.
    #[error("ID number must have 18 characters (or 15 digits for the legacy format)")]
    Length,
    /// Contains something other than digits (and a final check `X`).
    #[error("ID number may only contain digits, with an optional final X")]
    Characters,
    /// The embedded birth date is not a real date on or after 1900-01-01.
    #[error("ID number contains an invalid birth date")]
    BirthDate,
    /// The check character does not match (usually a typing error).
    #[error("ID number check character does not match")]
    Checksum,
    /// The region (address) code is not six digits with a non-zero first digit.
    #[error("ID number region code is invalid")]
    Region,
}

impl IdNumberError {
    /// Stable machine-readable code, safe to expose to clients and logs.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            IdNumberError::Length => "id.length",
            IdNumberError::Characters => "id.characters",
            IdNumberError::BirthDate => "id.birth_date",
            IdNumberError::Checksum => "id.checksum",
            IdNumberError::Region => "id.region",
        }
    }
}

/// A validated, normalised 18-character citizen identification number.
///
/// Invariant: exactly 17 ASCII digits followed by an ASCII digit or `X`,
/// with a matching check character and a real birth date (year >= 1900).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

impl IdNumber {
    /// Parses user input.
    ///
    /// All whitespace is removed and a lower-case `x` is accepted because
    /// both are common when numbers are typed or copied from scans. Legacy
    /// 15-digit numbers (issued before GB 11643-1999) are upgraded by
    /// inserting the century `19` and appending the computed check
    /// character, as the standard's conversion rule prescribes.
    ///
    /// Region codes are only checked for shape: GB/T 2260 codes are retired
    /// and renumbered over time while old cards stay valid, so a lookup
    /// table would reject genuine residents.
    ///
    /// # Errors
    /// Returns the first [`IdNumberError`] found, checked in the order
    /// length, characters, region, birth date, checksum.
    pub fn parse(input: &str) -> Result<IdNumber, IdNumberError> {
        let cleaned: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c == 'x' { 'X' } else { c })
            .collect();
        match cleaned.chars().count() {
            18 => Self::parse18(&cleaned),
            15 => Self::parse15(&cleaned),
            _ => Err(IdNumberError::Length),
        }
    }

    fn parse18(s: &str) -> Result<IdNumber, IdNumberError> {
        let bytes = s.as_bytes();
        let (first17, last) = match (bytes.get(..17), bytes.get(17)) {
            (Some(head), Some(&last)) if bytes.len() == 18 => (head, last),
            // Multi-byte characters make the byte length differ from 18.
            _ => return Err(IdNumberError::Characters),
        };
        if !first17.iter().all(u8::is_ascii_digit) || !(last.is_ascii_digit() || last == b'X') {
            return Err(IdNumberError::Characters);
        }
        let digits: [u8; 17] = first17.try_into().map_err(|_| IdNumberError::Length)?;
        check_region(&s[..6])?;
        birth_date_of(&s[6..14])?;
        if check_char(&digits) != char::from(last) {
            return Err(IdNumberError::Checksum);
        }
        Ok(IdNumber(s.to_owned()))
    }

    fn parse15(s: &str) -> Result<IdNumber, IdNumberError> {
        if s.len() != 15 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdNumberError::Characters);
        }
        // GB 11643-1999 conversion: region + "19" + YYMMDD + sequence + check.
        let mut first17 = [0u8; 17];
        first17[..6].copy_from_slice(&s.as_bytes()[..6]);
        first17[6..8].copy_from_slice(b"19");
        first17[8..].copy_from_slice(&s.as_bytes()[6..]);
        Self::assemble(first17)
    }

    /// Builds a number from its parts, e.g. for synthetic test data.
    ///
    /// # Errors
    /// [`IdNumberError::Region`] if `region` is not six ASCII digits with a
    /// non-zero first digit, [`IdNumberError::BirthDate`] if `birth` is
    /// before 1900 or after 9999, and [`IdNumberError::Length`] if
    /// `sequence` does not fit in three digits (> 999).
    pub fn from_parts(region: &str, birth: Date, sequence: u16) -> Result<IdNumber, IdNumberError> {
        check_region(region)?;
        if !(MIN_BIRTH_YEAR..=9999).contains(&birth.year()) {
            return Err(IdNumberError::BirthDate);
        }
        if sequence > 999 {
            return Err(IdNumberError::Length);
        }
        let body = format!(
            "{region}{:04}{:02}{:02}{sequence:03}",
            birth.year(),
            u8::from(birth.month()),
            birth.day()
        );
        let first17: [u8; 17] = body
            .as_bytes()
            .try_into()
            .map_err(|_| IdNumberError::Length)?;
        Self::assemble(first17)
    }

    /// Validates the 17-digit body and appends its check character.
    fn assemble(first17: [u8; 17]) -> Result<IdNumber, IdNumberError> {
        let body = String::from_utf8_lossy(&first17).into_owned();
        check_region(&body[..6])?;
        birth_date_of(&body[6..14])?;
        let mut s = body;
        s.push(check_char(&first17));
        Ok(IdNumber(s))
    }

    /// The full, unmasked number. Call sites are the audit points for
    /// disclosure of this sensitive identifier, so keep them few.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 6-digit GB/T 2260 address code of the place of first registration.
    #[must_use]
    pub fn region_code(&self) -> &str {
        &self.0[..6]
    }

    /// The birth date encoded in characters 7–14.
    #[must_use]
    pub fn birth_date(&self) -> Date {
        // The invariant guarantees a valid date; the fallback is unreachable
        // but keeps this function total without panicking.
        birth_date_of(&self.0[6..14]).unwrap_or(Date::MIN)
    }

    /// Sex from the parity of the sequence code (GB 11643-1999 §5.4).
    #[must_use]
    pub fn sex(&self) -> Sex {
        // ASCII '0' is even, so a digit's byte has the digit's parity.
        let seventeenth = self.0.as_bytes()[16];
        if seventeenth % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// First 6 + eight `*` + last 4, e.g. `990302********1231`: hides the
    /// birth date as recommended for display by GB/T 35273-2020 §3.14
    /// (de-identification) while keeping enough for a person to recognise
    /// the record.
    #[must_use]
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }
}

/// Computes the GB 11643-1999 check character for the first 17 characters.
///
/// `first17` must hold ASCII digits; other bytes give a meaningless (but
/// never panicking) result, so callers validate first.
#[must_use]
pub fn check_char(first17: &[u8; 17]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(&b, w)| u32::from(b.wrapping_sub(b'0')) * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// Shape-only region check: six ASCII digits, first digit non-zero (no
/// GB/T 2260 province code starts with 0).
fn check_region(region: &str) -> Result<(), IdNumberError> {
    let b = region.as_bytes();
    if b.len() == 6 && b.iter().all(u8::is_ascii_digit) && b[0] != b'0' {
        Ok(())
    } else {
        Err(IdNumberError::Region)
    }
}

/// Parses `YYYYMMDD` (ASCII digits already verified by the caller).
fn birth_date_of(yyyymmdd: &str) -> Result<Date, IdNumberError> {
    let field = |range: std::ops::Range<usize>| {
        yyyymmdd
            .get(range)
            .and_then(|s| s.parse::<u16>().ok())
            .ok_or(IdNumberError::BirthDate)
    };
    let year = i32::from(field(0..4)?);
    let month = u8::try_from(field(4..6)?).map_err(|_| IdNumberError::BirthDate)?;
    let day = u8::try_from(field(6..8)?).map_err(|_| IdNumberError::BirthDate)?;
    if year < MIN_BIRTH_YEAR {
        return Err(IdNumberError::BirthDate);
    }
    let month = Month::try_from(month).map_err(|_| IdNumberError::BirthDate)?;
    Date::from_calendar_date(year, month, day).map_err(|_| IdNumberError::BirthDate)
}

impl FromStr for IdNumber {
    type Err = IdNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IdNumber::parse(s)
    }
}

/// Masked on purpose: formatting must never leak the full number into
/// logs or UI by accident.
impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Masked for the same reason as `Display`: `{:?}` ends up in logs.
impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IdNumber").field(&self.masked()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    // Computed with the MOD 11-2 rule; the first is the textbook example
    // from GB 11643-1999 Appendix A (the standard's own test vector), the
    // second in the fictional region 99 every other test number uses.
    const BEIJING: &str = "11010519491231002X";
    const FICTIONAL: &str = "990302199003281231";

    #[test]
    fn known_valid_numbers_parse() {
        let id = IdNumber::parse(BEIJING).unwrap();
        assert_eq!(id.as_str(), BEIJING);
        assert_eq!(id.region_code(), "110105");
        assert_eq!(id.birth_date(), date!(1949 - 12 - 31));
        assert_eq!(id.sex(), Sex::Female);

        let id = IdNumber::parse(FICTIONAL).unwrap();
        assert_eq!(id.region_code(), "990302");
        assert_eq!(id.birth_date(), date!(1990 - 03 - 28));
        assert_eq!(id.sex(), Sex::Male);
    }

    #[test]
    fn check_char_matches_known_values() {
        assert_eq!(check_char(b"11010519491231002"), 'X');
        assert_eq!(check_char(b"99030219900328123"), '1');
    }

    #[test]
    fn lowercase_x_is_normalised() {
        let id = IdNumber::parse("11010519491231002x").unwrap();
        assert_eq!(id.as_str(), BEIJING);
    }

    #[test]
    fn whitespace_anywhere_is_ignored() {
        let id = IdNumber::parse(" 990302 19900328 1231\t\n").unwrap();
        assert_eq!(id.as_str(), FICTIONAL);
        assert_eq!(
            IdNumber::parse("110105 1949\u{3000}1231 002 x")
                .unwrap()
                .as_str(),
            BEIJING
        );
    }

    #[test]
    fn legacy_15_digit_numbers_are_converted() {
        // 110105 491231 002 -> 110105 19 491231 002 + X
        let id = IdNumber::parse("110105491231002").unwrap();
        assert_eq!(id.as_str(), BEIJING);
        assert_eq!(id.birth_date(), date!(1949 - 12 - 31));
    }

    #[test]
    fn bad_checksum_is_rejected() {
        assert_eq!(
            IdNumber::parse("990302199003281235"),
            Err(IdNumberError::Checksum)
        );
        assert_eq!(
            IdNumber::parse("110105194912310021"),
            Err(IdNumberError::Checksum)
        );
    }

    #[test]
    fn impossible_dates_are_rejected() {
        let mut body = *b"99030219900230123";
        let c = check_char(&body);
        let s = format!("{}{c}", String::from_utf8_lossy(&body));
        assert_eq!(IdNumber::parse(&s), Err(IdNumberError::BirthDate));
        // 1899 is before the accepted range.
        body[6..10].copy_from_slice(b"1899");
        body[10..14].copy_from_slice(b"0101");
        let c = check_char(&body);
        let s = format!("{}{c}", String::from_utf8_lossy(&body));
        assert_eq!(IdNumber::parse(&s), Err(IdNumberError::BirthDate));
        // Legacy format with 30 February.
        assert_eq!(
            IdNumber::parse("990302900230123"),
            Err(IdNumberError::BirthDate)
        );
    }

    #[test]
    fn leap_day_is_accepted() {
        let id = IdNumber::from_parts("990302", date!(2000 - 02 - 29), 1).unwrap();
        assert_eq!(
            IdNumber::parse(id.as_str()).unwrap().birth_date(),
            date!(2000 - 02 - 29)
        );
    }

    #[test]
    fn wrong_length_and_characters() {
        assert_eq!(IdNumber::parse(""), Err(IdNumberError::Length));
        assert_eq!(
            IdNumber::parse("99030219900307123"),
            Err(IdNumberError::Length)
        );
        assert_eq!(
            IdNumber::parse("9903021990032812345"),
            Err(IdNumberError::Length)
        );
        assert_eq!(
            IdNumber::parse("9903021990030712X4"),
            Err(IdNumberError::Characters)
        );
        assert_eq!(
            IdNumber::parse("99030219900307123一"),
            Err(IdNumberError::Characters)
        );
        assert_eq!(
            IdNumber::parse("99030290030712X"),
            Err(IdNumberError::Characters)
        );
        assert_eq!(
            IdNumber::parse("０20302199003071234"),
            Err(IdNumberError::Characters)
        );
    }

    #[test]
    fn region_starting_with_zero_is_rejected() {
        assert_eq!(
            IdNumber::from_parts("020302", date!(1990 - 01 - 01), 1),
            Err(IdNumberError::Region)
        );
        assert_eq!(
            IdNumber::from_parts("99030", date!(1990 - 01 - 01), 1),
            Err(IdNumberError::Region)
        );
    }

    #[test]
    fn unknown_but_well_formed_region_is_accepted() {
        let id = IdNumber::from_parts("999999", date!(1990 - 01 - 01), 1).unwrap();
        assert!(IdNumber::parse(id.as_str()).is_ok());
    }

    #[test]
    fn from_parts_limits() {
        assert_eq!(
            IdNumber::from_parts("990302", date!(1990 - 01 - 01), 1000),
            Err(IdNumberError::Length)
        );
        assert_eq!(
            IdNumber::from_parts("990302", date!(1899 - 12 - 31), 1),
            Err(IdNumberError::BirthDate)
        );
    }

    #[test]
    fn sex_follows_sequence_parity() {
        let birth = date!(1985 - 06 - 15);
        for seq in [0u16, 2, 10, 998] {
            assert_eq!(
                IdNumber::from_parts("990302", birth, seq).unwrap().sex(),
                Sex::Female
            );
        }
        for seq in [1u16, 3, 11, 999] {
            assert_eq!(
                IdNumber::from_parts("990302", birth, seq).unwrap().sex(),
                Sex::Male
            );
        }
    }

    #[test]
    fn formatting_is_masked() {
        let id = IdNumber::parse(FICTIONAL).unwrap();
        assert_eq!(id.masked(), "990302********1231");
        assert_eq!(id.to_string(), "990302********1231");
        assert_eq!(format!("{id:?}"), "IdNumber(\"990302********1231\")");
        assert!(!format!("{id} {id:?} {id:#?}").contains("19900328"));
    }

    #[test]
    fn error_codes_are_stable() {
        assert_eq!(IdNumberError::Length.code(), "id.length");
        assert_eq!(IdNumberError::Characters.code(), "id.characters");
        assert_eq!(IdNumberError::BirthDate.code(), "id.birth_date");
        assert_eq!(IdNumberError::Checksum.code(), "id.checksum");
        assert_eq!(IdNumberError::Region.code(), "id.region");
        assert!(!IdNumberError::Checksum.to_string().is_empty());
    }

    fn arb_region() -> impl Strategy<Value = String> {
        (1u32..=9, 0u32..=99_999).prop_map(|(first, rest)| format!("{first}{rest:05}"))
    }

    fn arb_birth() -> impl Strategy<Value = Date> {
        let min = date!(1900 - 01 - 01).to_julian_day();
        let max = date!(2099 - 12 - 31).to_julian_day();
        (min..=max).prop_filter_map("valid julian day", |d| Date::from_julian_day(d).ok())
    }

    fn arb_id() -> impl Strategy<Value = IdNumber> {
        (arb_region(), arb_birth(), 0u16..=999).prop_filter_map("valid parts", |(r, b, s)| {
            IdNumber::from_parts(&r, b, s).ok()
        })
    }

    proptest! {
        #[test]
        fn from_parts_round_trips(region in arb_region(), birth in arb_birth(), seq in 0u16..=999) {
            let id = IdNumber::from_parts(&region, birth, seq).unwrap();
            let parsed = IdNumber::parse(id.as_str()).unwrap();
            prop_assert_eq!(&parsed, &id);
            prop_assert_eq!(parsed.birth_date(), birth);
            prop_assert_eq!(parsed.region_code(), region.as_str());
            let expected = if seq % 2 == 1 { Sex::Male } else { Sex::Female };
            prop_assert_eq!(parsed.sex(), expected);
        }

        #[test]
        fn any_single_character_change_is_rejected(id in arb_id(), pos in 0usize..18, replacement in 0u8..11) {
            let mut bytes = id.as_str().as_bytes().to_vec();
            // Only the last position may legitimately hold X.
            let new = if replacement == 10 { b'X' } else { b'0' + replacement };
            prop_assume!(new != bytes[pos]);
            prop_assume!(pos == 17 || new != b'X');
            bytes[pos] = new;
            let mutated = String::from_utf8(bytes).unwrap();
            prop_assert!(IdNumber::parse(&mutated).is_err(), "accepted {}", mutated);
        }

        #[test]
        fn masked_hides_birth_date_digits(id in arb_id()) {
            let masked = id.masked();
            prop_assert_eq!(masked.chars().count(), 18);
            prop_assert_eq!(&masked[..6], &id.as_str()[..6]);
            prop_assert_eq!(&masked[6..14], "********");
            prop_assert_eq!(&masked[14..], &id.as_str()[14..]);
            prop_assert_eq!(id.to_string(), masked);
        }
    }
}
