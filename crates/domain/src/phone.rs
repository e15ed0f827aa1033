//! Mainland China mobile numbers.
//!
//! Numbering follows the MIIT 电信网码号资源管理办法 plan: 11 digits, leading
//! `1`, second digit `3`–`9` for public mobile networks. Only mobile numbers
//! are accepted because they are used for SMS notification of case workers
//! and of persons under community rehabilitation (禁毒法 art. 33).
//!
//! Phone numbers are personal information (PIPL art. 4), so `Display` and
//! `Debug` are masked and `Serialize` is deliberately not implemented.

use std::fmt;
use std::str::FromStr;

/// Why a string is not an acceptable mobile number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// Not an 11-digit mainland mobile number (optionally prefixed by +86).
    #[error("phone number must be an 11-digit mainland mobile number")]
    Invalid,
}

impl PhoneError {
    /// Stable machine-readable code, safe to expose to clients and logs.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            PhoneError::Invalid => "phone.invalid",
        }
    }
}

/// A validated mainland mobile number, stored as 11 ASCII digits without
/// country code.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Parses user input. Spaces (any whitespace) and hyphens are removed
    /// because people group digits as `138-1234-5678`; a `+86` or `86`
    /// country prefix (ITU-T E.164) is dropped so one subscriber has one
    /// stored form.
    ///
    /// # Errors
    /// [`PhoneError::Invalid`] unless the rest matches `1[3-9]\d{9}`.
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let cleaned: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        let national = if let Some(rest) = cleaned.strip_prefix("+86") {
            rest
        } else if cleaned.len() == 13 {
            // "86" is only a country code when 11 digits follow: a national
            // number itself can never start with 8.
            cleaned.strip_prefix("86").unwrap_or(&cleaned)
        } else {
            &cleaned
        };
        let b = national.as_bytes();
        let valid = b.len() == 11
            && b.iter().all(u8::is_ascii_digit)
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1]);
        if valid {
            Ok(Phone(national.to_owned()))
        } else {
            Err(PhoneError::Invalid)
        }
    }

    /// The full 11-digit number (no country code). Call sites are the audit
    /// points for disclosure, so keep them few.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****1234`: the conventional display mask, hiding the 4 digits
    /// that identify the subscriber within the HLR block (GB/T 35273-2020
    /// §3.14 de-identification).
    #[must_use]
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl FromStr for Phone {
    type Err = PhoneError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Phone::parse(s)
    }
}

/// Masked so that logging or templating never leaks the full number.
impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Masked for the same reason as `Display`.
impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Phone").field(&self.masked()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_and_formatted_numbers_parse() {
        for input in [
            "13812341234",
            "138 1234 1234",
            "138-1234-1234",
            "+8613812341234",
            "+86 138 1234 1234",
            "8613812341234",
            "86-138-1234-1234",
        ] {
            assert_eq!(
                Phone::parse(input).unwrap().as_str(),
                "13812341234",
                "{input}"
            );
        }
    }

    #[test]
    fn invalid_numbers_are_rejected() {
        for input in [
            "",
            "1381234123",
            "138123412345",
            "12812341234",
            "23812341234",
            "1381234123a",
            "+85213812341234",
            "861381234123",
            "0851-8888888",
            "１３８12341234",
        ] {
            assert_eq!(Phone::parse(input), Err(PhoneError::Invalid), "{input}");
        }
    }

    #[test]
    fn formatting_is_masked() {
        let phone = Phone::parse("13812341234").unwrap();
        assert_eq!(phone.masked(), "138****1234");
        assert_eq!(phone.to_string(), "138****1234");
        assert_eq!(format!("{phone:?}"), "Phone(\"138****1234\")");
        assert_eq!(PhoneError::Invalid.code(), "phone.invalid");
    }

    proptest! {
        #[test]
        fn valid_mobiles_round_trip(second in 3u8..=9, rest in 0u64..1_000_000_000, sep in "[ -]?") {
            let digits = format!("1{second}{rest:09}");
            let input = format!("+86{sep}{}{sep}{}", &digits[..3], &digits[3..]);
            let phone = Phone::parse(&input).unwrap();
            prop_assert_eq!(phone.as_str(), digits.as_str());
            let masked = phone.masked();
            prop_assert_eq!(&masked[3..7], "****");
            prop_assert_eq!(&masked[..3], &digits[..3]);
            prop_assert_eq!(&masked[7..], &digits[7..]);
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,20}") {
            let _ = Phone::parse(&s);
        }
    }
}
