//! Outflow trafficking (外流贩毒): local people caught trafficking in other
//! regions, known here from those regions' notices (协查通报). The speech
//! asks to pursue "家族式、区域性" outflow gangs: people of one home village
//! (区域性), and within it of one family (家族式), read here from the
//! family name.

use std::collections::BTreeMap;

/// Compound family names (复姓) in use; any other name's family name is
/// its first character.
const COMPOUND: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "端木", "呼延", "南宫", "西门", "独孤", "澹台",
];

/// The family name (姓) of a Chinese name.
#[must_use]
pub fn family_name(name: &str) -> &str {
    let name = name.trim();
    if let Some(c) = COMPOUND.iter().find(|c| name.starts_with(**c)) {
        return &name[..c.len()];
    }
    name.char_indices()
        .nth(1)
        .map_or(name, |(end, _)| &name[..end])
}

/// A regional group needs at least this many people of one village.
pub const REGIONAL_MIN: usize = 3;
/// A family group needs at least two of one village and family name.
pub const FAMILY_MIN: usize = 2;

/// Outflow traffickers of one home village (区域性), with the families
/// among them (家族式).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutflowGroup {
    pub village: i64,
    /// Indexes of the notices' people, in the order given.
    pub members: Vec<usize>,
    /// Family name and members, largest first.
    pub families: Vec<(String, Vec<usize>)>,
}

/// Groups people (home village, family name) into the villages with a
/// regional group or a family group, largest first (then by village): a
/// village is listed when it holds a family of two, or three people of
/// any names.
#[must_use]
pub fn groups(people: &[(i64, &str)]) -> Vec<OutflowGroup> {
    let mut villages: BTreeMap<i64, BTreeMap<&str, Vec<usize>>> = BTreeMap::new();
    for (i, (village, family)) in people.iter().enumerate() {
        villages
            .entry(*village)
            .or_default()
            .entry(family)
            .or_default()
            .push(i);
    }
    let mut out: Vec<OutflowGroup> = villages
        .into_iter()
        .map(|(village, families)| {
            let mut members: Vec<usize> = families.values().flatten().copied().collect();
            members.sort_unstable();
            let mut families: Vec<(String, Vec<usize>)> = families
                .into_iter()
                .filter(|(_, m)| m.len() >= FAMILY_MIN)
                .map(|(f, m)| (f.to_string(), m))
                .collect();
            families.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
            OutflowGroup {
                village,
                members,
                families,
            }
        })
        .filter(|g| g.members.len() >= REGIONAL_MIN || !g.families.is_empty())
        .collect();
    out.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then(a.village.cmp(&b.village))
    });
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn family_names_single_and_compound() {
        assert_eq!(family_name("张三"), "张");
        assert_eq!(family_name(" 欧阳明 "), "欧阳");
        assert_eq!(family_name("司马懿"), "司马");
        assert_eq!(family_name("马"), "马");
        assert_eq!(family_name(""), "");
    }

    #[test]
    fn a_village_with_a_family_and_one_with_strangers() {
        let people = [
            (1, "张"),
            (1, "张"),
            (2, "李"),
            (2, "王"),
            (2, "赵"),
            (3, "刘"),
            (1, "陈"),
        ];
        let g = groups(&people);
        assert_eq!(g.len(), 2, "village 3 has one person only");
        assert_eq!(g[0].village, 1, "three members, first by village");
        assert_eq!(g[0].families, vec![("张".to_string(), vec![0, 1])]);
        assert_eq!(g[1].members, vec![2, 3, 4]);
        assert!(g[1].families.is_empty());
    }

    proptest! {
        /// Every listed village holds exactly its people; every family is
        /// exactly the people of its village and name; nobody left out
        /// belongs to a group that should be listed.
        #[test]
        fn groups_hold_exactly_their_village_and_family(
            raw in proptest::collection::vec((0i64..6, 0usize..4), 0..40),
        ) {
            const NAMES: [&str; 4] = ["张", "李", "欧阳", "王"];
            let people: Vec<(i64, &str)> = raw.iter().map(|(v, n)| (*v, NAMES[*n])).collect();
            let found = groups(&people);
            for g in &found {
                let want: Vec<usize> = (0..people.len()).filter(|&i| people[i].0 == g.village).collect();
                prop_assert_eq!(&g.members, &want);
                for (name, members) in &g.families {
                    let want: Vec<usize> = want.iter().copied().filter(|&i| people[i].1 == name).collect();
                    prop_assert_eq!(members, &want);
                    prop_assert!(members.len() >= FAMILY_MIN);
                }
            }
            for v in 0..6 {
                let n = people.iter().filter(|p| p.0 == v).count();
                let family = NAMES.iter().any(|f| people.iter().filter(|p| p.0 == v && p.1 == *f).count() >= 2);
                let listed = found.iter().any(|g| g.village == v);
                prop_assert_eq!(listed, n >= REGIONAL_MIN || family);
            }
            prop_assert!(found.windows(2).all(|w| w[0].members.len() >= w[1].members.len()));
        }
    }
}
