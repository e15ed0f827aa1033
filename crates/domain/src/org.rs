//! Administrative levels of the drug-control organisation tree.
//!
//! The platform follows the 禁毒法 art. 4/art. 6 principle of governance
//! through every level of government down to communities, extended by the
//! grid (网格化) management used for community rehabilitation. Codes follow
//! GB/T 2260 (province/prefecture/county, 6 digits) and GB/T 10114 (township
//! adds 3 digits, village/community a further 3 as in the statistical
//! division codes of the National Bureau of Statistics); grids have no
//! national standard and extend the village code locally.

use serde::{Deserialize, Serialize};

/// Level of an organisation unit, ordered from the top (city) down.
///
/// Serialised as its stable code (`"city"`, …) like [`OrgLevel::code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum OrgLevel {
    /// Prefecture-level city (地级市), the platform's root.
    City,
    /// County or district (县/区).
    County,
    /// Township, town or sub-district (乡/镇/街道).
    Township,
    /// Village or residents' community (村/社区).
    Village,
    /// Grid (网格), the smallest management unit.
    Grid,
}

impl OrgLevel {
    /// All levels from top to bottom.
    pub const ALL: [OrgLevel; 5] = [
        OrgLevel::City,
        OrgLevel::County,
        OrgLevel::Township,
        OrgLevel::Village,
        OrgLevel::Grid,
    ];

    /// Stable storage / wire code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            OrgLevel::City => "city",
            OrgLevel::County => "county",
            OrgLevel::Township => "township",
            OrgLevel::Village => "village",
            OrgLevel::Grid => "grid",
        }
    }

    /// Inverse of [`OrgLevel::code`] (exact match).
    #[must_use]
    pub fn from_code(code: &str) -> Option<OrgLevel> {
        OrgLevel::ALL.into_iter().find(|level| level.code() == code)
    }

    /// 1 for city … 5 for grid.
    #[must_use]
    pub fn depth(self) -> u8 {
        match self {
            OrgLevel::City => 1,
            OrgLevel::County => 2,
            OrgLevel::Township => 3,
            OrgLevel::Village => 4,
            OrgLevel::Grid => 5,
        }
    }

    /// The level directly below, if any.
    #[must_use]
    pub fn child(self) -> Option<OrgLevel> {
        match self {
            OrgLevel::City => Some(OrgLevel::County),
            OrgLevel::County => Some(OrgLevel::Township),
            OrgLevel::Township => Some(OrgLevel::Village),
            OrgLevel::Village => Some(OrgLevel::Grid),
            OrgLevel::Grid => None,
        }
    }

    /// The level directly above, if any.
    #[must_use]
    pub fn parent(self) -> Option<OrgLevel> {
        match self {
            OrgLevel::City => None,
            OrgLevel::County => Some(OrgLevel::City),
            OrgLevel::Township => Some(OrgLevel::County),
            OrgLevel::Village => Some(OrgLevel::Township),
            OrgLevel::Grid => Some(OrgLevel::Village),
        }
    }

    /// Chinese name as used in official documents.
    #[must_use]
    pub fn level_name_zh(self) -> &'static str {
        match self {
            OrgLevel::City => "市",
            OrgLevel::County => "县区",
            OrgLevel::Township => "乡镇街道",
            OrgLevel::Village => "村社区",
            OrgLevel::Grid => "网格",
        }
    }

    /// English name.
    #[must_use]
    pub fn level_name_en(self) -> &'static str {
        match self {
            OrgLevel::City => "City",
            OrgLevel::County => "County/District",
            OrgLevel::Township => "Township/Sub-district",
            OrgLevel::Village => "Village/Community",
            OrgLevel::Grid => "Grid",
        }
    }
}

/// Why an organisation code is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OrgCodeError {
    /// Wrong length or characters for the level.
    #[error("organisation code does not have the shape required for its level")]
    Shape,
    /// Does not lie under the given parent code (or the level has no parent).
    #[error("organisation code does not belong to the given parent")]
    Parent,
}

impl OrgCodeError {
    /// Stable machine-readable code, safe to expose to clients and logs.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            OrgCodeError::Shape => "org.code_shape",
            OrgCodeError::Parent => "org.code_parent",
        }
    }
}

/// Checks an organisation code for its level and, when given, its parent.
///
/// * City: 6 digits ending in `00` (GB/T 2260 prefecture-level code).
/// * County: 6 digits, not ending in `00` (that would be the city itself),
///   first 4 digits equal to the parent city's.
/// * Township: 9 digits (GB/T 10114), local part not `000`, starting with
///   the parent county code.
/// * Village: 12 digits, local part not `000`, starting with the parent
///   township code.
/// * Grid: the parent village code plus 1 to 4 digits (13–16 digits).
///
/// With `parent_code == None` only the shape is checked. A parent code
/// that is itself malformed for the parent level, or any parent for the
/// root level (city), is [`OrgCodeError::Parent`].
///
/// # Errors
/// [`OrgCodeError::Shape`] before [`OrgCodeError::Parent`].
pub fn validate_code(
    level: OrgLevel,
    code: &str,
    parent_code: Option<&str>,
) -> Result<(), OrgCodeError> {
    if !has_shape(level, code) {
        return Err(OrgCodeError::Shape);
    }
    let Some(parent) = parent_code else {
        return Ok(());
    };
    let Some(parent_level) = level.parent() else {
        return Err(OrgCodeError::Parent);
    };
    if !has_shape(parent_level, parent) {
        return Err(OrgCodeError::Parent);
    }
    let belongs = match level {
        // Counties share the city's province + prefecture digits.
        OrgLevel::County => code.get(..4) == parent.get(..4),
        // Below county every code extends its parent's code.
        OrgLevel::Township | OrgLevel::Village | OrgLevel::Grid => code.starts_with(parent),
        OrgLevel::City => false,
    };
    if belongs {
        Ok(())
    } else {
        Err(OrgCodeError::Parent)
    }
}

fn has_shape(level: OrgLevel, code: &str) -> bool {
    let digits_only = !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit());
    if !digits_only {
        return false;
    }
    match level {
        OrgLevel::City => code.len() == 6 && code.ends_with("00"),
        OrgLevel::County => code.len() == 6 && !code.ends_with("00"),
        OrgLevel::Township => code.len() == 9 && !code.ends_with("000"),
        OrgLevel::Village => code.len() == 12 && !code.ends_with("000"),
        OrgLevel::Grid => (13..=16).contains(&code.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn level_codes_round_trip_and_navigate() {
        for (i, level) in OrgLevel::ALL.into_iter().enumerate() {
            assert_eq!(OrgLevel::from_code(level.code()), Some(level));
            assert_eq!(usize::from(level.depth()), i + 1);
            if let Some(child) = level.child() {
                assert_eq!(child.parent(), Some(level));
                assert!(child > level);
            }
            assert!(!level.level_name_zh().is_empty());
            assert!(!level.level_name_en().is_empty());
        }
        assert_eq!(OrgLevel::City.parent(), None);
        assert_eq!(OrgLevel::Grid.child(), None);
        assert_eq!(OrgLevel::from_code("City"), None);
        assert_eq!(OrgLevel::Township.level_name_zh(), "乡镇街道");
    }

    #[test]
    fn valid_chain_is_accepted() {
        // 遵义市 > 红花岗区 > 老城街道 > a community > a grid.
        assert_eq!(validate_code(OrgLevel::City, "990300", None), Ok(()));
        assert_eq!(
            validate_code(OrgLevel::County, "990302", Some("990300")),
            Ok(())
        );
        assert_eq!(
            validate_code(OrgLevel::Township, "990302001", Some("990302")),
            Ok(())
        );
        assert_eq!(
            validate_code(OrgLevel::Village, "990302001001", Some("990302001")),
            Ok(())
        );
        assert_eq!(
            validate_code(OrgLevel::Grid, "9903020010010", Some("990302001001")),
            Ok(())
        );
        assert_eq!(
            validate_code(OrgLevel::Grid, "9903020010019999", Some("990302001001")),
            Ok(())
        );
    }

    #[test]
    fn shapes_are_checked() {
        use OrgCodeError::Shape;
        assert_eq!(validate_code(OrgLevel::City, "990302", None), Err(Shape));
        assert_eq!(validate_code(OrgLevel::City, "9903", None), Err(Shape));
        assert_eq!(validate_code(OrgLevel::City, "99030a", None), Err(Shape));
        assert_eq!(validate_code(OrgLevel::County, "990300", None), Err(Shape));
        assert_eq!(
            validate_code(OrgLevel::Township, "990302000", None),
            Err(Shape)
        );
        assert_eq!(
            validate_code(OrgLevel::Township, "9903020011", None),
            Err(Shape)
        );
        assert_eq!(
            validate_code(OrgLevel::Village, "990302001000", None),
            Err(Shape)
        );
        assert_eq!(
            validate_code(OrgLevel::Grid, "990302001001", None),
            Err(Shape)
        );
        assert_eq!(
            validate_code(OrgLevel::Grid, "99030200100112345", None),
            Err(Shape)
        );
        assert_eq!(validate_code(OrgLevel::Grid, "", None), Err(Shape));
        assert_eq!(validate_code(OrgLevel::County, "５20302", None), Err(Shape));
    }

    #[test]
    fn parents_are_checked() {
        use OrgCodeError::Parent;
        assert_eq!(
            validate_code(OrgLevel::County, "990402", Some("990300")),
            Err(Parent)
        );
        assert_eq!(
            validate_code(OrgLevel::Township, "990303001", Some("990302")),
            Err(Parent)
        );
        assert_eq!(
            validate_code(OrgLevel::Village, "990302002001", Some("990302001")),
            Err(Parent)
        );
        assert_eq!(
            validate_code(OrgLevel::Grid, "9903020010021", Some("990302001001")),
            Err(Parent)
        );
        // Malformed parent, and a parent for the root level.
        assert_eq!(
            validate_code(OrgLevel::County, "990302", Some("99")),
            Err(Parent)
        );
        assert_eq!(
            validate_code(OrgLevel::City, "990300", Some("520000")),
            Err(Parent)
        );
    }

    #[test]
    fn error_codes_are_stable() {
        assert_eq!(OrgCodeError::Shape.code(), "org.code_shape");
        assert_eq!(OrgCodeError::Parent.code(), "org.code_parent");
        assert!(!OrgCodeError::Parent.to_string().is_empty());
    }

    /// A random valid chain: city, county, township, village, grid codes.
    fn arb_chain() -> impl Strategy<Value = [String; 5]> {
        (
            10u32..=99,
            1u32..=99,
            1u32..=99,
            1u32..=999,
            1u32..=999,
            1usize..=4,
            0u32..=9999,
        )
            .prop_map(|(prov, pref, county, town, village, grid_len, grid)| {
                let city = format!("{prov:02}{pref:02}00");
                let county = format!("{prov:02}{pref:02}{county:02}");
                let town = format!("{county}{town:03}");
                let village = format!("{town}{village:03}");
                let grid = format!(
                    "{village}{:0width$}",
                    grid % 10u32.pow(grid_len as u32),
                    width = grid_len
                );
                [city, county, town, village, grid]
            })
    }

    proptest! {
        #[test]
        fn generated_chains_validate(chain in arb_chain()) {
            for (i, level) in OrgLevel::ALL.into_iter().enumerate() {
                prop_assert_eq!(validate_code(level, &chain[i], None), Ok(()));
                let parent = i.checked_sub(1).map(|p| chain[p].as_str());
                prop_assert_eq!(validate_code(level, &chain[i], parent), Ok(()));
            }
        }

        #[test]
        fn foreign_parents_are_rejected(a in arb_chain(), b in arb_chain()) {
            for i in 1..5 {
                let own_prefix_len = if i == 1 { 4 } else { a[i - 1].len() };
                if a[i][..own_prefix_len] == b[i - 1][..own_prefix_len] {
                    continue;
                }
                prop_assert_eq!(
                    validate_code(OrgLevel::ALL[i], &a[i], Some(&b[i - 1])),
                    Err(OrgCodeError::Parent)
                );
            }
        }

        #[test]
        fn never_panics(code in "\\PC{0,20}", parent in proptest::option::of("\\PC{0,20}"), level in 0usize..5) {
            let _ = validate_code(OrgLevel::ALL[level], &code, parent.as_deref());
        }
    }
}
