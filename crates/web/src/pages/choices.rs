//! Form helpers for the domain's code lists: options for selects and
//! checkboxes, and reading repeated form keys (checkbox groups).

use jindu_domain::code_enum::Coded;

use crate::i18n::Lang;

/// One option of a select or checkbox group.
pub struct Choice {
    pub code: &'static str,
    pub label: &'static str,
    pub on: bool,
}

/// Every entry of list `C`, marked when its code is in `selected`.
pub fn choices<C: Coded>(l: Lang, selected: &[String]) -> Vec<Choice> {
    C::ALL
        .iter()
        .map(|c| Choice {
            code: c.code(),
            label: l.label(*c),
            on: selected.iter().any(|s| s == c.code()),
        })
        .collect()
}

/// A submitted form as its raw pairs: checkbox groups repeat a key, which
/// the struct-based form extractor cannot hold.
pub struct Pairs(pub Vec<(String, String)>);

impl Pairs {
    pub fn get(&self, key: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    pub fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    }
}
