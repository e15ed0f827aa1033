//! Display masking of free-text personal information.
//!
//! Lists and exports show masked names and addresses so that staff see
//! only what their task needs (PIPL art. 6 minimum necessity; GB/T
//! 35273-2020 §3.14 de-identification). Everything works on `char`s, not
//! bytes, because names and addresses are mostly CJK text.

/// Masks a personal name: `张三` → `张*`, `张小三` → `张*三`,
/// `欧阳小明` → `欧**明`; a single character is returned unchanged.
///
/// Keeping the first and last character lets case workers tell records
/// apart without revealing the full name. Surrounding whitespace is
/// trimmed so that it cannot shift what is kept.
#[must_use]
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.as_slice() {
        [] => String::new(),
        [only] => only.to_string(),
        [first, _] => format!("{first}*"),
        [first, middle @ .., last] => {
            let mut out = String::with_capacity(name.len());
            out.push(*first);
            out.extend(std::iter::repeat_n('*', middle.len()));
            out.push(*last);
            out
        }
    }
}

/// Masks free text such as an address: the first two characters followed
/// by `***` (`贵州省遵义市…` → `贵州***`).
///
/// The fixed-length tail hides how long the original was. Text of one or
/// two characters keeps one character fewer, so the output never reveals
/// the whole value; empty text stays empty.
#[must_use]
pub fn mask_text(s: &str) -> String {
    let s = s.trim();
    let count = s.chars().count();
    if count == 0 {
        return String::new();
    }
    let keep = count.saturating_sub(1).min(2);
    let mut out: String = s.chars().take(keep).collect();
    out.push_str("***");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_masked_by_length() {
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_name("张"), "张");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("张小三"), "张*三");
        assert_eq!(mask_name("欧阳小明"), "欧**明");
        assert_eq!(mask_name("阿依古丽·买买提"), "阿******提");
        assert_eq!(mask_name(" 李四 "), "李*");
        assert_eq!(mask_name("Li"), "L*");
    }

    #[test]
    fn text_keeps_two_characters() {
        assert_eq!(mask_text(""), "");
        assert_eq!(mask_text("贵"), "***");
        assert_eq!(mask_text("贵州"), "贵***");
        assert_eq!(mask_text("贵州省遵义市红花岗区"), "贵州***");
        assert_eq!(mask_text("No. 1 Road"), "No***");
    }

    proptest! {
        #[test]
        fn name_mask_preserves_char_count(name in "\\PC{0,12}") {
            let trimmed = name.trim();
            let masked = mask_name(&name);
            prop_assert_eq!(masked.chars().count(), trimmed.chars().count());
            let n = trimmed.chars().count();
            if n >= 2 {
                let hidden_end = if n == 2 { 2 } else { n - 1 };
                prop_assert!(masked.chars().skip(1).take(hidden_end - 1).all(|c| c == '*'));
            }
        }

        #[test]
        fn text_mask_never_reveals_more_than_two_chars(s in "\\PC{0,40}") {
            let masked = mask_text(&s);
            prop_assert!(masked.is_empty() || masked.ends_with("***"));
            prop_assert!(masked.chars().count() <= 5);
        }
    }
}
