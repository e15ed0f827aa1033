//! Closed enumerations with stable codes and Chinese/English labels.
//!
//! Register values are stored, exported and exchanged as codes, and shown in
//! Chinese (the default language) or English, so every such enum needs the
//! same five things; one macro keeps them identical and the files short.

/// An enumeration with stable storage codes and bilingual labels.
pub trait Coded: Sized + Copy + 'static {
    /// Every variant, in display order.
    const ALL: &'static [Self];
    /// Stable storage / wire code.
    fn code(self) -> &'static str;
    /// Inverse of [`Coded::code`], exact match only: codes are machine data.
    fn from_code(code: &str) -> Option<Self>;
    /// Chinese label (the default language of every screen).
    fn label_zh(self) -> &'static str;
    /// English label.
    fn label_en(self) -> &'static str;
}

/// Declares an enum whose variants each carry `(code, zh label, en label)`,
/// with inherent `code`/`from_code`/`label_zh`/`label_en`/`ALL`, the
/// [`Coded`] trait, and serde as the code (so JSON and database columns use
/// one and the same representation).
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = ($code:literal, $zh:literal, $en:literal), )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every variant, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Stable storage / wire code.
            #[must_use]
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Inverse of `code`, exact match only: codes are machine data,
            /// so silently accepting variants would hide upstream bugs.
            #[must_use]
            pub fn from_code(code: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }

            /// Chinese label.
            #[must_use]
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            /// English label.
            #[must_use]
            pub fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }
        }

        impl $crate::code_enum::Coded for $name {
            const ALL: &'static [$name] = $name::ALL;
            fn code(self) -> &'static str { $name::code(self) }
            fn from_code(code: &str) -> Option<$name> { $name::from_code(code) }
            fn label_zh(self) -> &'static str { $name::label_zh(self) }
            fn label_en(self) -> &'static str { $name::label_en(self) }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                let code = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                $name::from_code(&code).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "unknown {} code {:?}", stringify!($name), code
                    ))
                })
            }
        }
    };
}

pub(crate) use code_enum;

/// Checks the invariants every coded enum must keep: codes round-trip, and
/// codes and labels are non-empty and unique.
#[cfg(test)]
pub(crate) fn assert_well_formed<T>()
where
    T: Coded + PartialEq + std::fmt::Debug + for<'de> serde::Deserialize<'de>,
{
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error, StrDeserializer};
    use std::collections::HashSet;
    let from_wire = |code: &str| {
        let de: StrDeserializer<'_, Error> = code.into_deserializer();
        T::deserialize(de)
    };
    assert!(!T::ALL.is_empty());
    let mut codes = HashSet::new();
    let mut zh = HashSet::new();
    let mut en = HashSet::new();
    for &v in T::ALL {
        assert_eq!(T::from_code(v.code()), Some(v), "round trip of {v:?}");
        assert_eq!(
            from_wire(v.code()).ok(),
            Some(v),
            "serde reads the code of {v:?}"
        );
        assert!(!v.code().is_empty() && !v.label_zh().is_empty() && !v.label_en().is_empty());
        assert!(codes.insert(v.code()), "duplicate code {}", v.code());
        assert!(
            zh.insert(v.label_zh()),
            "duplicate zh label {}",
            v.label_zh()
        );
        assert!(
            en.insert(v.label_en()),
            "duplicate en label {}",
            v.label_en()
        );
    }
    assert_eq!(T::from_code(""), None);
    assert_eq!(T::from_code("no-such-code"), None);
    assert!(from_wire("no-such-code").is_err());
}
