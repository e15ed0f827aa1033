//! The fictional demo city 南江市 and its administrative tree.
//!
//! Codes follow the shape of the national statistical division codes
//! (GB/T 2260 for the city and counties, GB/T 10114 for townships, the
//! statistical-zoning convention for villages) so that code-based logic in
//! the platform (prefix matching, level detection) is exercised exactly as
//! with real data. The region prefix 99 is not assigned to any province, so
//! no demo code can ever collide with a real place or a real ID number.

use std::collections::BTreeSet;

use super::names;
use super::rng::Rng;

/// Name of the demo city.
pub const CITY_NAME: &str = "南江市";
/// Division code of the demo city (fictional region 99).
pub const CITY_CODE: &str = "990100";

/// Administrative level of a [`DemoUnit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// The city (地级市).
    City,
    /// District, county or county-level city (区/县/县级市).
    County,
    /// Sub-district, town or township (街道/镇/乡).
    Township,
    /// Community or administrative village (社区/居委会/村).
    Village,
    /// Grid (网格), the smallest unit of community management.
    Grid,
}

/// One administrative unit of the demo city.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoUnit {
    /// Division code; every child's code starts with its parent's.
    pub code: String,
    /// Official name, unique among siblings.
    pub name: String,
    /// Administrative level.
    pub level: Level,
    /// Index of the parent in the same `Vec`; `None` only for the city.
    pub parent: Option<usize>,
    /// Urban (区, 街道, 社区 and their grids) rather than rural.
    pub urban: bool,
}

/// Counties in code order; the first three are the urban districts.
///
/// 龙泉市 is a county-level city and counts as rural for addressing, like a
/// 县: its townships are towns with villages.
const COUNTIES: [(&str, bool); 11] = [
    ("江城区", true),
    ("南湖区", true),
    ("望江区", true),
    ("青溪县", false),
    ("云岭县", false),
    ("柳塘县", false),
    ("白沙县", false),
    ("龙泉市", false),
    ("凤鸣县", false),
    ("石门县", false),
    ("桃源县", false),
];

/// Rank-size township counts (largest ~45, smallest 6, sum 203).
///
/// A pure Zipf law cannot hit both "largest ≈ 45, smallest ≈ 6" and a total
/// of ≈ 200 with 11 members, so this is a hand-fitted geometric decay, which
/// gives the same visual skew.
const TOWNSHIP_COUNT_BASE: [i64; 11] = [44, 34, 27, 22, 18, 15, 12, 10, 8, 7, 6];
const TOWNSHIP_TOTAL_MIN: i64 = 190;
const TOWNSHIP_TOTAL_MAX: i64 = 212;

/// Weights for villages per township, for counts 4..=18 (mean ≈ 10).
const VILLAGE_COUNT_WEIGHTS: [u32; 15] = [2, 3, 5, 8, 10, 11, 10, 9, 7, 6, 4, 3, 2, 2, 1];
const VILLAGE_COUNT_MIN: i64 = 4;
const VILLAGE_COUNT_MAX: i64 = 18;

/// Classic sub-district names, the kind found in almost every Chinese city.
const STREET_CLASSIC: &[&str] = &[
    "东风", "向阳", "新华", "和平", "解放", "人民", "建设", "胜利", "红旗", "朝阳", "光明", "幸福",
    "团结", "长安", "振兴", "前进", "友谊", "文化", "育才", "中山", "滨江", "江北", "江南", "湖滨",
    "城东", "城西", "城南", "城北", "东门", "西门", "南门", "北门", "府前", "大桥", "沿江", "工农",
    "先锋", "白云", "永安", "太平", "北站", "南站", "金桥", "翠苑", "锦绣", "花园", "丰收", "兴华",
    "东湖", "西湖", "望江", "临江", "江滨", "河西", "河东", "桥东", "桥西", "新城", "老城", "高新",
    "枫林", "桂园", "凤凰", "紫荆", "金山", "银湖",
];
const STREET_A: &[&str] = &[
    "东", "西", "南", "北", "中", "新", "和", "兴", "长", "永", "安", "福", "康", "华", "明", "光",
    "金", "银", "锦", "翠", "桂", "枫", "龙", "凤", "青", "清", "紫", "碧",
];
const STREET_B: &[&str] = &[
    "风", "阳", "华", "安", "兴", "城", "湖", "桥", "山", "江", "门", "苑", "园", "林", "河", "坪",
    "湾", "塘", "州", "坊",
];

const TOWN_A: &[&str] = &[
    "石", "龙", "凤", "马", "牛", "黄", "白", "青", "柳", "杨", "梅", "桃", "李", "高", "大", "小",
    "新", "双", "三", "五", "七", "九", "金", "银", "铜", "河", "溪", "沙", "云", "松", "竹", "樟",
    "枫", "鹤", "狮", "虎", "鹿", "羊", "花", "茶", "芦", "荷", "杉", "岩", "福", "太", "永", "长",
    "安", "兴", "平",
];
const TOWN_B: &[&str] = &[
    "桥", "坪", "溪", "口", "湾", "塘", "岭", "坝", "山", "河", "田", "铺", "寨", "岗", "冲", "渡",
    "湖", "关", "林", "头", "庄", "集", "店", "市", "坡", "洲", "滩", "峪", "源", "阳", "江", "门",
    "埠",
];

const VILLAGE_SURNAME_SUFFIX: &[&str] =
    &["家", "家", "家", "庄", "湾", "坪", "寨", "岗", "屋", "冲"];
const VILLAGE_POSITION: &[&str] = &[
    "上", "下", "中", "前", "后", "东", "西", "南", "北", "大", "小", "新", "老", "高",
];
const VILLAGE_TERRAIN: &[&str] = &[
    "坪", "湾", "河", "岭", "塘", "坝", "冲", "田", "山", "桥", "沟", "坡", "岩", "林", "溪", "洞",
    "源", "岗", "庙", "井", "堰",
];
const VILLAGE_NATURE: &[&str] = &[
    "桃", "柳", "竹", "松", "枫", "梨", "杏", "枣", "茶", "荷", "花", "石", "龙", "凤", "鹤", "牛",
    "马", "羊", "金", "银", "黄", "青", "白",
];
/// Collective-era village names, still very common.
const VILLAGE_IDEAL: &[&str] = &[
    "红星", "新民", "胜利", "光明", "团结", "联合", "民主", "和平", "建新", "五星", "红旗", "先锋",
    "永丰", "丰收", "前进", "群力", "向阳", "东风", "长征", "新农", "友谊", "幸福", "富民", "兴旺",
];

const COMMUNITY_STEMS: &[&str] = &[
    "和平", "建设", "人民", "解放", "幸福", "花园", "翠湖", "锦绣", "文化", "育才", "新华", "长青",
    "金桥", "银杏", "紫荆", "桂花", "丹桂", "枫林", "翠竹", "春晖", "朝阳", "阳光", "滨江", "江景",
    "东湖", "西湖", "南苑", "北苑", "东苑", "西苑", "泰和", "安居", "康乐", "福寿", "振兴", "民主",
    "团结", "友谊", "光华", "复兴", "府前", "中心", "广场", "工人", "电力", "铁路", "学院", "医院",
    "体育", "公园", "清泉", "柳荫", "桃园", "梅园", "兰亭", "竹园", "荷塘", "北站", "南门", "东城",
];
/// Optional road-like infix: 建设路社区, 幸福里社区, or plain 和平社区.
const COMMUNITY_INFIX: &[&str] = &["", "路", "街", "里", "苑", "园", "坊"];
const COMMUNITY_INFIX_WEIGHTS: &[u32] = &[55, 15, 10, 8, 5, 4, 3];

/// Chinese numeral for 1..=99 (一 … 九十九); larger values fall back to
/// Arabic digits, which real grid registers also use.
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: u32| DIGITS.get(d as usize).copied().unwrap_or("");
    match n {
        0..=9 => digit(n).to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", digit(n % 10)),
        20..=99 if n.is_multiple_of(10) => format!("{}十", digit(n / 10)),
        20..=99 => format!("{}十{}", digit(n / 10), digit(n % 10)),
        _ => n.to_string(),
    }
}

/// Name of the `n`-th grid (1-based): 第一网格, 第二网格, ….
pub fn grid_name(n: u32) -> String {
    format!("第{}网格", chinese_number(n))
}

/// Draws names from `make` until one is not yet `taken`, then records it.
///
/// `make` returns a stem and a suffix separately so that, should the syllable
/// tables ever run dry, a numbered variant (石桥二村) can be formed and
/// generation still terminates.
fn unique_name(
    rng: &mut Rng,
    taken: &mut BTreeSet<String>,
    mut make: impl FnMut(&mut Rng) -> (String, &'static str),
) -> String {
    for _ in 0..200 {
        let (stem, suffix) = make(rng);
        let name = format!("{stem}{suffix}");
        if taken.insert(name.clone()) {
            return name;
        }
    }
    let (stem, suffix) = make(rng);
    let mut n = 2u32;
    loop {
        let name = format!("{stem}{}{suffix}", chinese_number(n));
        if taken.insert(name.clone()) {
            return name;
        }
        n = n.saturating_add(1);
    }
}

fn street_stem(rng: &mut Rng) -> String {
    if rng.chance(0.6) {
        (*rng.pick(STREET_CLASSIC)).to_owned()
    } else {
        let a = *rng.pick(STREET_A);
        let b = *rng.pick(STREET_B);
        format!("{a}{b}")
    }
}

fn town_stem(rng: &mut Rng) -> String {
    loop {
        let a = *rng.pick(TOWN_A);
        let b = *rng.pick(TOWN_B);
        // "河河" and similar doubled syllables do not occur as place names.
        if a != b {
            return format!("{a}{b}");
        }
    }
}

fn village_stem(rng: &mut Rng) -> String {
    match rng.weighted(&[35, 30, 20, 15]) {
        0 => format!(
            "{}{}",
            names::surname(rng),
            rng.pick(VILLAGE_SURNAME_SUFFIX)
        ),
        1 => format!(
            "{}{}",
            rng.pick(VILLAGE_POSITION),
            rng.pick(VILLAGE_TERRAIN)
        ),
        2 => format!("{}{}", rng.pick(VILLAGE_NATURE), rng.pick(VILLAGE_TERRAIN)),
        _ => (*rng.pick(VILLAGE_IDEAL)).to_owned(),
    }
}

fn community_stem(rng: &mut Rng) -> String {
    let stem = *rng.pick(COMMUNITY_STEMS);
    let infix = COMMUNITY_INFIX
        .get(rng.weighted(COMMUNITY_INFIX_WEIGHTS))
        .copied()
        .unwrap_or("");
    // Avoid 花园园 / 西苑园: a stem that already ends in a place-type
    // character takes no further infix.
    if stem.ends_with(['苑', '园', '坊', '里', '街', '路']) {
        stem.to_owned()
    } else {
        format!("{stem}{infix}")
    }
}

/// Name without its level suffix: 石桥镇 → 石桥, 东风街道 → 东风.
fn stem_of(name: &str) -> &str {
    ["街道", "镇", "乡"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(name)
}

/// Township counts per county in code order: rank-size base values with a
/// little jitter, shuffled so the largest county differs between seeds.
fn township_counts(rng: &mut Rng) -> Vec<i64> {
    let mut counts: Vec<i64> = TOWNSHIP_COUNT_BASE
        .iter()
        .map(|&base| base + rng.range(-(base / 10), base / 10))
        .collect();
    // Jitter may push the sum out of the documented range; nudge random
    // counties back instead of retrying so the number of RNG draws stays
    // bounded.
    let len = counts.len();
    loop {
        let total: i64 = counts.iter().sum();
        let i = rng.index(len);
        if total < TOWNSHIP_TOTAL_MIN {
            if let Some(c) = counts.get_mut(i) {
                *c += 1;
            }
        } else if total > TOWNSHIP_TOTAL_MAX {
            if let Some(c) = counts.get_mut(i).filter(|c| **c > 6) {
                *c -= 1;
            }
        } else {
            break;
        }
    }
    rng.shuffle(&mut counts);
    counts
}

/// Villages per township: 4..=18 each, total held to 9.5–10.5 per township.
fn village_counts(rng: &mut Rng, townships: usize) -> Vec<i64> {
    let mut counts: Vec<i64> = (0..townships)
        .map(|_| {
            VILLAGE_COUNT_MIN + i64::try_from(rng.weighted(&VILLAGE_COUNT_WEIGHTS)).unwrap_or(0)
        })
        .collect();
    let t = i64::try_from(townships).unwrap_or(i64::MAX);
    let (lo, hi) = (t.saturating_mul(19) / 2, t.saturating_mul(21) / 2);
    loop {
        let total: i64 = counts.iter().sum();
        let i = rng.index(townships);
        let Some(c) = counts.get_mut(i) else { break };
        if total < lo {
            if *c < VILLAGE_COUNT_MAX {
                *c += 1;
            }
        } else if total > hi {
            if *c > VILLAGE_COUNT_MIN {
                *c -= 1;
            }
        } else {
            break;
        }
    }
    counts
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum TownKind {
    Street,
    Town,
    Xiang,
}

/// Generates the whole demo city.
///
/// Units are ordered level by level (city, counties, townships, villages,
/// grids) and by code within a level, so parents always precede children and
/// each level is a contiguous slice.
pub fn generate_city(rng: &mut Rng) -> Vec<DemoUnit> {
    let mut units = vec![DemoUnit {
        code: CITY_CODE.to_owned(),
        name: CITY_NAME.to_owned(),
        level: Level::City,
        parent: None,
        urban: true,
    }];

    for (i, &(name, urban)) in COUNTIES.iter().enumerate() {
        units.push(DemoUnit {
            code: format!("9901{:02}", i + 1),
            name: name.to_owned(),
            level: Level::County,
            parent: Some(0),
            urban,
        });
    }
    let counties = 1..units.len();

    let township_sizes = township_counts(rng);
    for (county, size) in counties.clone().zip(township_sizes) {
        let (county_code, county_urban) = match units.get(county) {
            Some(u) => (u.code.clone(), u.urban),
            None => continue,
        };
        push_townships(rng, &mut units, county, &county_code, county_urban, size);
    }
    let townships = counties.end..units.len();

    let village_sizes = village_counts(rng, townships.len());
    for (township, size) in townships.clone().zip(village_sizes) {
        let Some(t) = units.get(township) else {
            continue;
        };
        let (code, name, kind) = (t.code.clone(), t.name.clone(), township_kind(t));
        push_villages(rng, &mut units, township, &code, &name, kind, size);
    }
    let villages = townships.end..units.len();

    for village in villages {
        let Some(v) = units.get(village) else {
            continue;
        };
        let code = v.code.clone();
        let urban = v.urban;
        let grids = if urban {
            rng.range(2, 5)
        } else {
            rng.range(1, 2)
        };
        for g in 1..=grids {
            let n = u32::try_from(g).unwrap_or(1);
            units.push(DemoUnit {
                code: format!("{code}{g:02}"),
                name: grid_name(n),
                level: Level::Grid,
                parent: Some(village),
                urban,
            });
        }
    }
    units
}

fn township_kind(unit: &DemoUnit) -> TownKind {
    if unit.name.ends_with("街道") {
        TownKind::Street
    } else if unit.name.ends_with('乡') {
        TownKind::Xiang
    } else {
        TownKind::Town
    }
}

fn push_townships(
    rng: &mut Rng,
    units: &mut Vec<DemoUnit>,
    county: usize,
    county_code: &str,
    urban: bool,
    size: i64,
) {
    let mut taken = BTreeSet::new();
    let mut specs: Vec<(TownKind, String)> = Vec::new();
    if urban {
        for _ in 0..size {
            let name = unique_name(rng, &mut taken, |r| (street_stem(r), "街道"));
            specs.push((TownKind::Street, name));
        }
    } else {
        // The county seat is traditionally 城关镇 and always gets the first
        // town code.
        taken.insert("城关镇".to_owned());
        specs.push((TownKind::Town, "城关镇".to_owned()));
        for _ in 1..size {
            let (kind, suffix) = if rng.chance(0.65) {
                (TownKind::Town, "镇")
            } else {
                (TownKind::Xiang, "乡")
            };
            // 城关 is reserved for the seat; a 城关乡 next to 城关镇 would be
            // confusing.
            let name = unique_name(rng, &mut taken, |r| {
                let mut stem = town_stem(r);
                while stem == "城关" {
                    stem = town_stem(r);
                }
                (stem, suffix)
            });
            specs.push((kind, name));
        }
        // Stable sort keeps the seat first among towns and puts all 乡 after
        // all 镇, matching their code ranges.
        specs.sort_by_key(|(kind, _)| *kind);
    }
    // GB/T 10114: 街道 001–099, 镇 100–199, 乡 200–399.
    let (mut street_no, mut town_no, mut xiang_no) = (1u32, 101u32, 201u32);
    for (kind, name) in specs {
        let counter = match kind {
            TownKind::Street => &mut street_no,
            TownKind::Town => &mut town_no,
            TownKind::Xiang => &mut xiang_no,
        };
        let code = format!("{county_code}{:03}", *counter);
        *counter += 1;
        units.push(DemoUnit {
            code,
            name,
            level: Level::Township,
            parent: Some(county),
            urban: kind == TownKind::Street,
        });
    }
}

fn push_villages(
    rng: &mut Rng,
    units: &mut Vec<DemoUnit>,
    township: usize,
    township_code: &str,
    township_name: &str,
    kind: TownKind,
    size: i64,
) {
    let size = usize::try_from(size).unwrap_or(0);
    // How many of the units are residents' communities rather than villages.
    let communities = match kind {
        // A few sub-districts on the urban fringe still contain villages
        // (城中村).
        TownKind::Street if rng.chance(0.25) => {
            size.saturating_sub(usize::try_from(rng.range(1, 2)).unwrap_or(1))
        }
        TownKind::Street => size,
        TownKind::Town if township_name == "城关镇" => {
            usize::try_from(rng.range(2, 4)).unwrap_or(2)
        }
        TownKind::Town => usize::try_from(rng.range(1, 2)).unwrap_or(1),
        TownKind::Xiang => 1,
    }
    .min(size);

    let mut taken = BTreeSet::new();
    let mut names = Vec::with_capacity(size);
    if kind != TownKind::Street && communities > 0 {
        // The town seat's community is named after the town itself;
        // older towns still call it 居委会.
        let stem = stem_of(township_name).to_owned();
        let suffix = if rng.chance(0.3) {
            "居委会"
        } else {
            "社区"
        };
        taken.insert(format!("{stem}{suffix}"));
        names.push((true, format!("{stem}{suffix}")));
    }
    while names.len() < communities {
        let name = unique_name(rng, &mut taken, |r| (community_stem(r), "社区"));
        names.push((true, name));
    }
    while names.len() < size {
        let name = unique_name(rng, &mut taken, |r| (village_stem(r), "村"));
        names.push((false, name));
    }

    // Statistical zoning: 居委会/社区 001–199, 村委会 200–399.
    let (mut community_no, mut village_no) = (1u32, 201u32);
    for (urban, name) in names {
        let counter = if urban {
            &mut community_no
        } else {
            &mut village_no
        };
        let code = format!("{township_code}{:03}", *counter);
        *counter += 1;
        units.push(DemoUnit {
            code,
            name,
            level: Level::Village,
            parent: Some(township),
            urban,
        });
    }
}

/// For each unit, the indices of its direct children (in order).
pub fn children_index(units: &[DemoUnit]) -> Vec<Vec<usize>> {
    let mut children = vec![Vec::new(); units.len()];
    for (i, unit) in units.iter().enumerate() {
        if let Some(list) = unit.parent.and_then(|p| children.get_mut(p)) {
            list.push(i);
        }
    }
    children
}

/// Nearest ancestor of `index` (or `index` itself) at `level`.
///
/// Bounded by the slice length so that a malformed parent cycle cannot hang.
pub fn ancestor_at(units: &[DemoUnit], index: usize, level: Level) -> Option<usize> {
    let mut current = index;
    for _ in 0..=units.len() {
        let unit = units.get(current)?;
        if unit.level == level {
            return Some(current);
        }
        current = unit.parent?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn count(units: &[DemoUnit], level: Level) -> usize {
        units.iter().filter(|u| u.level == level).count()
    }

    #[test]
    fn numerals() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(20), "二十");
        assert_eq!(chinese_number(47), "四十七");
        assert_eq!(chinese_number(100), "100");
        assert_eq!(grid_name(3), "第三网格");
    }

    #[test]
    fn city_root() {
        let units = generate_city(&mut Rng::new(1));
        let city = &units[0];
        assert_eq!(city.name, "南江市");
        assert_eq!(city.code, "990100");
        assert_eq!(city.level, Level::City);
        assert_eq!(city.parent, None);
        assert_eq!(count(&units, Level::City), 1);
    }

    fn check_city(units: &[DemoUnit]) {
        let counties = count(units, Level::County);
        let townships = count(units, Level::Township);
        let villages = count(units, Level::Village);
        assert!((8..=14).contains(&counties), "{counties}");
        assert!((180..=220).contains(&townships), "{townships}");
        // About 2,000: 180–220 townships of 4–18 villages (mean ≈ 10) land
        // within ±20 % for any seed; seed 509327438248216973 gives 2,206.
        assert!((1_700..=2_400).contains(&villages), "{villages}");

        let codes: BTreeSet<&str> = units.iter().map(|u| u.code.as_str()).collect();
        assert_eq!(codes.len(), units.len(), "duplicate codes");

        let mut sibling_names: BTreeMap<Option<usize>, BTreeSet<&str>> = BTreeMap::new();
        for (i, unit) in units.iter().enumerate() {
            assert!(
                sibling_names
                    .entry(unit.parent)
                    .or_default()
                    .insert(&unit.name),
                "duplicate sibling name {}",
                unit.name
            );
            let expected_len = match unit.level {
                Level::City | Level::County => 6,
                Level::Township => 9,
                Level::Village => 12,
                Level::Grid => 14,
            };
            assert_eq!(unit.code.len(), expected_len, "{}", unit.code);
            assert!(unit.code.bytes().all(|b| b.is_ascii_digit()));
            assert!(unit.code.starts_with("99"));
            if let Some(p) = unit.parent {
                assert!(p < i, "parent after child");
                let parent = &units[p];
                // GB/T 2260: a city's own code is its 4-digit prefix padded
                // with "00", so counties extend "9901", not "990100".
                let prefix = match parent.level {
                    Level::City => parent.code.trim_end_matches("00"),
                    _ => parent.code.as_str(),
                };
                assert!(
                    unit.code.starts_with(prefix),
                    "{} / {}",
                    parent.code,
                    unit.code
                );
                let parent_level = match unit.level {
                    Level::City => unreachable!(),
                    Level::County => Level::City,
                    Level::Township => Level::County,
                    Level::Village => Level::Township,
                    Level::Grid => Level::Village,
                };
                assert_eq!(parent.level, parent_level);
                if unit.level == Level::County {
                    assert!(unit.code.starts_with("9901"));
                }
            } else {
                assert_eq!(i, 0);
            }
        }
    }

    #[test]
    fn structure_holds_for_many_seeds() {
        for seed in 0..12 {
            check_city(&generate_city(&mut Rng::new(seed)));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        #[test]
        fn structure_holds_for_any_seed(seed in proptest::prelude::any::<u64>()) {
            let units = generate_city(&mut Rng::new(seed));
            check_city(&units);
            proptest::prop_assert_eq!(units, generate_city(&mut Rng::new(seed)));
        }
    }

    #[test]
    fn deterministic() {
        let a = generate_city(&mut Rng::new(2024));
        let b = generate_city(&mut Rng::new(2024));
        assert_eq!(a, b);
        let c = generate_city(&mut Rng::new(2025));
        assert_ne!(a, c);
    }

    #[test]
    fn sizes_are_skewed() {
        let units = generate_city(&mut Rng::new(3));
        let children = children_index(&units);
        let mut sizes: Vec<usize> = units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.level == Level::County)
            .map(|(i, _)| children[i].len())
            .collect();
        sizes.sort_unstable();
        assert!(sizes[0] <= 8, "{sizes:?}");
        assert!(*sizes.last().unwrap_or(&0) >= 38, "{sizes:?}");
        for (i, unit) in units.iter().enumerate() {
            if unit.level == Level::Township {
                assert!((4..=18).contains(&children[i].len()), "{}", unit.name);
            }
        }
    }

    #[test]
    fn naming_conventions() {
        let units = generate_city(&mut Rng::new(4));
        let children = children_index(&units);
        for (i, unit) in units.iter().enumerate() {
            match unit.level {
                Level::County if i <= 3 => {
                    assert!(unit.urban && unit.name.ends_with('区'));
                }
                Level::County => assert!(!unit.urban && !unit.name.ends_with('区')),
                Level::Township => {
                    let county = &units[unit.parent.unwrap_or(0)];
                    let suffix_ok = if county.urban {
                        unit.name.ends_with("街道")
                    } else {
                        unit.name.ends_with('镇') || unit.name.ends_with('乡')
                    };
                    assert!(suffix_ok, "{} in {}", unit.name, county.name);
                    assert_eq!(unit.urban, unit.name.ends_with("街道"));
                }
                Level::Village => {
                    if unit.urban {
                        assert!(unit.name.ends_with("社区") || unit.name.ends_with("居委会"));
                        let tail = &unit.code[9..];
                        assert!(tail < "200", "{}", unit.code);
                        assert!((2..=5).contains(&children[i].len()));
                    } else {
                        assert!(unit.name.ends_with('村'), "{}", unit.name);
                        assert!(&unit.code[9..] > "200", "{}", unit.code);
                        assert!((1..=2).contains(&children[i].len()));
                    }
                }
                Level::Grid => assert!(unit.name.starts_with('第') && unit.name.ends_with("网格")),
                Level::City => {}
            }
        }
        // Rural townships have a seat community; every county has 城关镇.
        for (i, unit) in units.iter().enumerate() {
            if unit.level == Level::Township && !unit.urban {
                assert!(children[i].iter().any(|&c| units[c].urban), "{}", unit.name);
            }
            if unit.level == Level::County && !unit.urban {
                assert!(children[i].iter().any(|&c| units[c].name == "城关镇"));
            }
        }
    }

    #[test]
    fn helpers() {
        let units = generate_city(&mut Rng::new(5));
        let grid = units.len() - 1;
        let county = ancestor_at(&units, grid, Level::County).unwrap_or(usize::MAX);
        assert_eq!(units[county].level, Level::County);
        assert!(units[grid].code.starts_with(&units[county].code));
        assert_eq!(ancestor_at(&units, grid, Level::City), Some(0));
        assert_eq!(ancestor_at(&units, 0, Level::Grid), None);
        assert_eq!(stem_of("石桥镇"), "石桥");
        assert_eq!(stem_of("东风街道"), "东风");
    }
}
