//! Time-based one-time passwords (RFC 6238) for second-factor login.
//!
//! GB/T 22239-2019 level 3 §8.1.4.1 d) requires two or more combined
//! authentication techniques for administrators; TOTP with HMAC-SHA1,
//! 30-second steps and 6 digits is what every authenticator app supports
//! (RFC 6238 §4, §5.2). HMAC-SHA1 remains sound here: RFC 6238's security
//! rests on HMAC, not on SHA-1 collision resistance.

use data_encoding::BASE32_NOPAD;
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha1::{Digest, Sha1};

/// Time step X in seconds (RFC 6238 §4.1 default).
pub const STEP_SECONDS: i64 = 30;
/// Digits in the codes issued to users.
pub const DIGITS: u32 = 6;
/// Minimum shared-secret length: RFC 4226 §4 R6 requires at least 128 bits.
pub const MIN_SECRET_LEN: usize = 16;
/// SHA-1 block size: HMAC keys are hashed above it and zero-padded below
/// it (RFC 2104 §2).
const SHA1_BLOCK: usize = 64;

/// HOTP value for `step` (RFC 4226 §5.3 dynamic truncation), reduced to
/// `digits` decimal digits. `digits` above 9 yields the full 31-bit value.
#[must_use]
pub fn code_at(secret: &[u8], step: u64, digits: u32) -> u32 {
    let mut mac = <Hmac<Sha1> as KeyInit>::new(&hmac_key(secret).into());
    mac.update(&step.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = usize::from(hash[hash.len() - 1] & 0x0f);
    let binary = u32::from_be_bytes([
        hash[offset] & 0x7f,
        hash[offset + 1],
        hash[offset + 2],
        hash[offset + 3],
    ]);
    match 10u32.checked_pow(digits) {
        Some(modulus) => binary % modulus,
        // 10^digits exceeds u32, so it also exceeds the 31-bit value.
        None => binary,
    }
}

/// Normalises an HMAC key to one block exactly as RFC 2104 §2 does, so
/// that the infallible fixed-size constructor can be used.
fn hmac_key(secret: &[u8]) -> [u8; SHA1_BLOCK] {
    let mut key = [0u8; SHA1_BLOCK];
    if secret.len() > SHA1_BLOCK {
        let digest = Sha1::digest(secret);
        key[..digest.len()].copy_from_slice(&digest);
    } else {
        key[..secret.len()].copy_from_slice(secret);
    }
    key
}

/// The RFC 6238 time step `floor(t / 30)` with T0 = 0. Times before the
/// epoch map to step 0 rather than wrapping around.
#[must_use]
pub fn step_of(unix_seconds: i64) -> u64 {
    u64::try_from(unix_seconds.div_euclid(STEP_SECONDS)).unwrap_or(0)
}

/// Verifies a user-entered 6-digit code and returns the step it matched.
///
/// Accepts the current step and one step either side to absorb clock
/// drift and typing time (RFC 6238 §5.2). A step at or before
/// `last_used_step` is refused so that an observed code cannot be
/// replayed (RFC 6238 §5.2: "MUST NOT accept the second attempt"); the
/// caller stores the returned step. Secrets shorter than
/// [`MIN_SECRET_LEN`] are refused outright (RFC 4226 §4 R6).
#[must_use]
pub fn verify(
    secret: &[u8],
    code: &str,
    unix_seconds: i64,
    last_used_step: Option<u64>,
) -> Option<u64> {
    if secret.len() < MIN_SECRET_LEN {
        return None;
    }
    let entered: Vec<u8> = code.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if entered.len() != DIGITS as usize || !entered.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let now = step_of(unix_seconds);
    let candidates = [Some(now), now.checked_sub(1), now.checked_add(1)];
    candidates
        .into_iter()
        .flatten()
        .filter(|&step| last_used_step.is_none_or(|last| step > last))
        .find(|&step| {
            let expected = format!(
                "{:0width$}",
                code_at(secret, step, DIGITS),
                width = DIGITS as usize
            );
            constant_time_eq(expected.as_bytes(), &entered)
        })
}

/// Compares without an early exit, so response timing does not reveal
/// how many leading digits were right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// Base32 (RFC 4648 §6) without padding, upper case: the form
/// authenticator apps expect in `otpauth://` URIs.
#[must_use]
pub fn encode_secret(secret: &[u8]) -> String {
    BASE32_NOPAD.encode(secret)
}

/// Decodes a Base32 secret as typed by a person: case-insensitive, spaces
/// ignored, optional `=` padding. `None` when invalid or empty (an empty
/// secret is never usable).
#[must_use]
pub fn decode_secret(text: &str) -> Option<Vec<u8>> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let unpadded = cleaned.trim_end_matches('=');
    if unpadded.is_empty() {
        return None;
    }
    BASE32_NOPAD.decode(unpadded.as_bytes()).ok()
}

/// Key URI for QR enrolment, in the Google Authenticator "Key Uri Format":
/// `otpauth://totp/{issuer}:{account}?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30`.
/// Issuer and account are percent-encoded (RFC 3986 §2.1, UTF-8 bytes) so
/// that a `:` or `&` in either cannot change the URI's structure.
#[must_use]
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let issuer = percent_encode(issuer);
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        account = percent_encode(account),
        secret = encode_secret(secret),
    )
}

/// Percent-encodes everything but RFC 3986 §2.3 unreserved characters.
fn percent_encode(s: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc6238_appendix_b_sha1_vectors() {
        let vectors: [(i64, u32); 6] = [
            (59, 94_287_082),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
            (20_000_000_000, 65_353_130),
        ];
        for (time, expected) in vectors {
            assert_eq!(code_at(RFC_SECRET, step_of(time), 8), expected, "t={time}");
        }
    }

    #[test]
    fn rfc4226_appendix_d_hotp_vectors() {
        let expected = [755_224, 287_082, 359_152, 969_429, 338_314];
        for (counter, code) in expected.into_iter().enumerate() {
            assert_eq!(code_at(RFC_SECRET, counter as u64, 6), code);
        }
    }

    #[test]
    fn long_keys_are_hashed_like_hmac() {
        let long = [7u8; 100];
        let hashed = Sha1::digest(long);
        assert_eq!(code_at(&long, 42, 6), code_at(&hashed, 42, 6));
    }

    #[test]
    fn step_of_floors_and_clamps() {
        assert_eq!(step_of(0), 0);
        assert_eq!(step_of(29), 0);
        assert_eq!(step_of(30), 1);
        assert_eq!(step_of(-1), 0);
        assert_eq!(step_of(59), 1);
    }

    fn code6(step: u64) -> String {
        format!("{:06}", code_at(RFC_SECRET, step, 6))
    }

    #[test]
    fn window_is_plus_minus_one_step() {
        let t = 1_700_000_000;
        let now = step_of(t);
        assert_eq!(verify(RFC_SECRET, &code6(now), t, None), Some(now));
        assert_eq!(verify(RFC_SECRET, &code6(now - 1), t, None), Some(now - 1));
        assert_eq!(verify(RFC_SECRET, &code6(now + 1), t, None), Some(now + 1));
        assert_eq!(verify(RFC_SECRET, &code6(now - 2), t, None), None);
        assert_eq!(verify(RFC_SECRET, &code6(now + 2), t, None), None);
    }

    #[test]
    fn replay_is_rejected() {
        let t = 1_700_000_000;
        let now = step_of(t);
        let code = code6(now);
        let used = verify(RFC_SECRET, &code, t, None);
        assert_eq!(used, Some(now));
        assert_eq!(verify(RFC_SECRET, &code, t, used), None);
        assert_eq!(verify(RFC_SECRET, &code, t + 5, used), None);
        // A previous-step code is refused once a later step was used.
        assert_eq!(verify(RFC_SECRET, &code6(now - 1), t, Some(now)), None);
        // The next step is still usable after the current one.
        assert_eq!(
            verify(RFC_SECRET, &code6(now + 1), t, Some(now)),
            Some(now + 1)
        );
    }

    #[test]
    fn malformed_codes_are_rejected() {
        let t = 1_700_000_000;
        let code = code6(step_of(t));
        assert_eq!(verify(RFC_SECRET, &code[..5], t, None), None);
        assert_eq!(verify(RFC_SECRET, &format!("{code}0"), t, None), None);
        assert_eq!(verify(RFC_SECRET, "", t, None), None);
        assert_eq!(verify(RFC_SECRET, "12a456", t, None), None);
        assert_eq!(verify(RFC_SECRET, "１２３４５６", t, None), None);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(verify(RFC_SECRET, &spaced, t, None), Some(step_of(t)));
    }

    #[test]
    fn short_secrets_are_refused() {
        let secret = b"short";
        let t = 1_700_000_000;
        let code = format!("{:06}", code_at(secret, step_of(t), 6));
        assert_eq!(verify(secret, &code, t, None), None);
    }

    #[test]
    fn base32_round_trips_leniently() {
        assert_eq!(
            encode_secret(RFC_SECRET),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
        assert_eq!(encode_secret(b"f"), "MY");
        assert_eq!(
            decode_secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").as_deref(),
            Some(RFC_SECRET)
        );
        assert_eq!(
            decode_secret("gezd gnbv gy3t qojq gezd gnbv gy3t qojq").as_deref(),
            Some(RFC_SECRET)
        );
        assert_eq!(decode_secret("MY======").as_deref(), Some(&b"f"[..]));
        assert_eq!(decode_secret("my").as_deref(), Some(&b"f"[..]));
        assert_eq!(decode_secret(""), None);
        assert_eq!(decode_secret("1!"), None);
    }

    #[test]
    fn otpauth_uri_is_encoded() {
        assert_eq!(
            otpauth_uri("Jindu", "alice", RFC_SECRET),
            "otpauth://totp/Jindu:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Jindu&algorithm=SHA1&digits=6&period=30"
        );
        let uri = otpauth_uri("禁毒 平台", "a:b&c@x", b"f");
        assert!(uri.starts_with("otpauth://totp/%E7%A6%81%E6%AF%92%20%E5%B9%B3%E5%8F%B0:a%3Ab%26c%40x?secret=MY&issuer=%E7%A6%81%E6%AF%92%20%E5%B9%B3%E5%8F%B0&"));
    }
}
