//! Password policy for platform accounts.
//!
//! Sources: GB/T 22239-2019 (等保 2.0) level 3, §8.1.4.1 a) requires
//! passwords with complexity rules; OWASP ASVS 4.0 V2.1 requires at least
//! 12 characters (2.1.1), at least 128 allowed (2.1.2), no truncation
//! (2.1.3), any Unicode (2.1.4) and a check against common passwords
//! (2.1.7). The block list below targets the patterns that dominate
//! Chinese password leaks (pinyin surnames, birth years, 520/1314 love
//! numbers, keyboard walks).

/// Minimum length in Unicode scalar values (ASVS 2.1.1).
pub const MIN_LEN: usize = 12;
/// Maximum length (ASVS 2.1.2 requires allowing at least 128).
pub const MAX_LEN: usize = 128;
/// Character classes required out of lower / upper / digit / other.
pub const MIN_CLASSES: usize = 3;
/// Characters that must remain once weak fragments are removed.
const MIN_REMAINDER: usize = 6;

/// Weak fragments, longest first so that e.g. `woaini` goes before `aini`.
const WEAK_FRAGMENTS: &[&str] = &[
    "1q2w3e4r", "iloveyou", "password", "passw0rd", "welcome", "letmein", "5201314", "123456",
    "woaini", "huang", "jindu", "12345", "admin", "qwerty", "zhang", "chen", "1234", "1qaz",
    "2wsx", "aini", "asdf", "qwer", "root", "1314", "wang", "yang", "zhao", "zhou", "zxcv", "000",
    "111", "520", "666", "888", "abc", "guo", "lin", "liu", "luo", "gao", "sun", "zhu", "he", "hu",
    "li", "ma", "qq", "wu", "xu",
];

/// Keyboard rows and columns (US layout, as used on Chinese keyboards),
/// the alphabet and the numeric keypad. Adjacent characters on any line
/// form a "walk"; walks are checked in both directions.
const WALK_LINES: &[&str] = &[
    "`1234567890-=",
    "qwertyuiop[]\\",
    "asdfghjkl;'",
    "zxcvbnm,./",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/-['=]",
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "789456123",
    "147258369",
];

/// Why a password is refused. Messages never echo the password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Fewer than [`MIN_LEN`] characters.
    #[error("password must have at least 12 characters")]
    TooShort,
    /// More than [`MAX_LEN`] characters.
    #[error("password must have at most 128 characters")]
    TooLong,
    /// Fewer than 3 of: lower-case, upper-case, digit, other.
    #[error(
        "password must mix at least three of: lower-case letters, upper-case letters, digits, other characters"
    )]
    TooFewClasses,
    /// Contains the account's user name.
    #[error("password must not contain the user name")]
    ContainsUsername,
    /// Built mostly from common words, names, years or keyboard sequences.
    #[error("password is too common or too predictable")]
    TooCommon,
}

impl PasswordError {
    /// Stable machine-readable code, safe to expose to clients and logs.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            PasswordError::TooShort => "password.too_short",
            PasswordError::TooLong => "password.too_long",
            PasswordError::TooFewClasses => "password.too_few_classes",
            PasswordError::ContainsUsername => "password.contains_username",
            PasswordError::TooCommon => "password.too_common",
        }
    }
}

/// Checks a new password against the policy.
///
/// Length is counted in `char`s and the password is never truncated or
/// otherwise altered (ASVS 2.1.3). The user-name rule applies only to user
/// names of 3+ characters, as shorter ones would match by chance.
///
/// # Errors
/// The first failed rule, in the order of [`PasswordError`]'s variants.
pub fn check_password(password: &str, username: &str) -> Result<(), PasswordError> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return Err(PasswordError::TooShort);
    }
    if len > MAX_LEN {
        return Err(PasswordError::TooLong);
    }
    if class_count(password) < MIN_CLASSES {
        return Err(PasswordError::TooFewClasses);
    }
    let lower = password.to_lowercase();
    let user = username.trim().to_lowercase();
    if user.chars().count() >= 3 && lower.contains(&user) {
        return Err(PasswordError::ContainsUsername);
    }
    if is_too_common(&lower) {
        return Err(PasswordError::TooCommon);
    }
    Ok(())
}

/// Counts the classes lower / upper / digit / other. Letters outside ASCII
/// count as "other": ASVS 2.1.4 allows any Unicode, and CJK has no case.
fn class_count(password: &str) -> usize {
    let (mut lower, mut upper, mut digit, mut other) = (false, false, false, false);
    for c in password.chars() {
        match c {
            'a'..='z' => lower = true,
            'A'..='Z' => upper = true,
            '0'..='9' => digit = true,
            _ => other = true,
        }
    }
    [lower, upper, digit, other]
        .into_iter()
        .filter(|&b| b)
        .count()
}

/// True when the (lower-cased) password is predictable. It is examined in
/// three spellings, because `P@ssw0rd` and `!QAZ2wsx` are the same weak
/// choice as `password` and `1qaz2wsx`.
fn is_too_common(lower: &str) -> bool {
    let mut chars = lower.chars();
    if let Some(first) = chars.next()
        && chars.all(|c| c == first)
    {
        return true;
    }
    let forms = [
        lower.to_owned(),
        lower.chars().map(unshift).collect(),
        lower.chars().map(unleet).collect(),
    ];
    forms
        .iter()
        .any(|form| strip_weak(form).chars().count() < MIN_REMAINDER)
}

/// Removes weak fragments, years, keyboard walks and character repeats
/// until nothing changes, since one removal can join the pieces of another.
fn strip_weak(form: &str) -> String {
    let mut s = form.to_owned();
    loop {
        let before = s.clone();
        for fragment in WEAK_FRAGMENTS {
            s = s.replace(fragment, "");
        }
        s = remove_years(&s);
        s = remove_walks(&s);
        s = collapse_repeats(&s);
        s = shortest_period(&s);
        if s == before {
            return s;
        }
    }
}

/// Removes 4-digit years 1950..=2035 (birth, marriage, graduation years).
fn remove_years(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let year = chars
            .get(i..i + 4)
            .filter(|w| w.iter().all(char::is_ascii_digit))
            .and_then(|w| w.iter().collect::<String>().parse::<u16>().ok());
        if year.is_some_and(|y| (1950..=2035).contains(&y)) {
            i += 4;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Removes every run of 3+ characters in which each neighbour pair is
/// adjacent on a [`WALK_LINES`] line (`qwerty`, `4321`, `1qaz2wsx`).
fn remove_walks(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut start = 0;
    while start < chars.len() {
        let mut end = start + 1;
        while end < chars.len() && adjacent(chars[end - 1], chars[end]) {
            end += 1;
        }
        if end - start < 3 {
            out.extend(&chars[start..end]);
        }
        start = end;
    }
    out
}

fn adjacent(a: char, b: char) -> bool {
    WALK_LINES.iter().any(|line| {
        match (
            line.chars().position(|c| c == a),
            line.chars().position(|c| c == b),
        ) {
            (Some(x), Some(y)) => x.abs_diff(y) == 1,
            _ => false,
        }
    })
}

/// Collapses runs of 3+ identical characters to one: `!!!!!!` adds almost
/// no guessing work over `!`.
fn collapse_repeats(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut start = 0;
    while start < chars.len() {
        let mut end = start + 1;
        while end < chars.len() && chars[end] == chars[start] {
            end += 1;
        }
        let keep = if end - start >= 3 { 1 } else { end - start };
        out.extend(&chars[start..start + keep]);
        start = end;
    }
    out
}

/// Reduces an exact repetition to its unit (`aa1!aa1!aa1!` → `aa1!`):
/// repeating a pattern multiplies length but not guessing work.
fn shortest_period(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    (1..=n / 2)
        .filter(|&p| n.is_multiple_of(p))
        .find(|&p| chars.chunks(p).all(|chunk| chunk == &chars[..p]))
        .map_or_else(|| s.to_owned(), |p| chars[..p].iter().collect())
}

/// Maps a shifted symbol to the key it sits on (US layout).
fn unshift(c: char) -> char {
    match c {
        '!' => '1',
        '@' => '2',
        '#' => '3',
        '$' => '4',
        '%' => '5',
        '^' => '6',
        '&' => '7',
        '*' => '8',
        '(' => '9',
        ')' => '0',
        '_' => '-',
        '+' => '=',
        '{' => '[',
        '}' => ']',
        '|' => '\\',
        ':' => ';',
        '"' => '\'',
        '<' => ',',
        '>' => '.',
        '?' => '/',
        '~' => '`',
        other => other,
    }
}

/// Undoes common "leet" substitutions (`p@ssw0rd` → `password`).
fn unleet(c: char) -> char {
    match c {
        '@' | '4' => 'a',
        '0' => 'o',
        '1' | '!' => 'i',
        '3' => 'e',
        '$' | '5' => 's',
        '7' => 't',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn strong_passwords_are_accepted() {
        assert_eq!(check_password("Tq7#vLp2!mXe", "zhangwei"), Ok(()));
        assert_eq!(
            check_password("correct Horse battery st4ple", "officer1"),
            Ok(())
        );
    }

    #[test]
    fn long_unicode_password_is_accepted() {
        let base = "禁毒工作人人有责Tq7#vLp2";
        let password: String = base.chars().cycle().take(64).collect();
        assert_eq!(password.chars().count(), 64);
        assert_eq!(check_password(&password, "admin01"), Ok(()));
    }

    #[test]
    fn length_limits_count_chars_not_bytes() {
        assert_eq!(
            check_password("Tq7#vLp2!mX", ""),
            Err(PasswordError::TooShort)
        );
        // 11 CJK chars are 33 bytes but still too short.
        assert_eq!(
            check_password("禁毒禁毒禁毒禁毒Aa1", ""),
            Err(PasswordError::TooShort)
        );
        let long: String = "Tq7#vLp2!mXe".chars().cycle().take(129).collect();
        assert_eq!(check_password(&long, ""), Err(PasswordError::TooLong));
        let max: String = "Tq7#vLp2!mXe".chars().cycle().take(128).collect();
        assert_eq!(check_password(&max, ""), Ok(()));
    }

    #[test]
    fn too_few_classes_is_rejected() {
        assert_eq!(
            check_password("tq7vlp2mxekd", ""),
            Err(PasswordError::TooFewClasses)
        );
        assert_eq!(
            check_password("TQVLPMXEKDRG", ""),
            Err(PasswordError::TooFewClasses)
        );
        assert_eq!(
            check_password("禁毒工作人人有责禁毒工作人", ""),
            Err(PasswordError::TooFewClasses)
        );
    }

    #[test]
    fn username_is_rejected_case_insensitively() {
        assert_eq!(
            check_password("xDrugCop#Tq7vLp2", "drugcop"),
            Err(PasswordError::ContainsUsername)
        );
        // Two-character user names would match by chance, so are ignored.
        assert_eq!(check_password("Tq7#vLp2!mXe", "tq"), Ok(()));
    }

    #[test]
    fn common_patterns_are_rejected() {
        for weak in [
            "Woaini1314!!",
            "Zhangsan1990!",
            "P@ssw0rd2024!",
            "1qaz@WSX3edc",
            "!QAZ2wsx#EDC",
            "Qwertyuiop1!",
            "Admin@123456",
            "Jindu2024!!!",
            "Abc123456789!",
            "Aa1!Aa1!Aa1!",
            "Wang5201314.",
            "Liuyang1988@",
            "Asdf!1234567",
            "9876543210Aa!",
        ] {
            assert_eq!(
                check_password(weak, ""),
                Err(PasswordError::TooCommon),
                "{weak}"
            );
        }
    }

    #[test]
    fn helpers_detect_repeats_and_walks() {
        assert!(is_too_common("aaaaaaaaaaaa"));
        assert!(is_too_common("qwertyuiop[]"));
        assert!(is_too_common("0987654321-="));
        assert!(!is_too_common("tq7#vlp2!mxe"));
        assert_eq!(remove_years("a1949b1950c2035d2036"), "a1949bcd2036");
        assert_eq!(collapse_repeats("a!!!!b!!c"), "a!b!!c");
        assert_eq!(remove_walks("xqwez"), "xz");
        assert_eq!(shortest_period("ab1ab1ab1"), "ab1");
        assert_eq!(shortest_period("ab1ab1ab"), "ab1ab1ab");
    }

    #[test]
    fn error_codes_are_stable() {
        assert_eq!(PasswordError::TooShort.code(), "password.too_short");
        assert_eq!(PasswordError::TooLong.code(), "password.too_long");
        assert_eq!(
            PasswordError::TooFewClasses.code(),
            "password.too_few_classes"
        );
        assert_eq!(
            PasswordError::ContainsUsername.code(),
            "password.contains_username"
        );
        assert_eq!(PasswordError::TooCommon.code(), "password.too_common");
    }

    proptest! {
        #[test]
        fn never_panics(password in "\\PC{0,140}", username in "\\PC{0,10}") {
            let _ = check_password(&password, &username);
        }

        #[test]
        fn short_passwords_are_always_rejected(password in "\\PC{0,11}") {
            prop_assert_eq!(check_password(&password, ""), Err(PasswordError::TooShort));
        }
    }
}
