//! Synthetic registered persons living in the demo city.
//!
//! Every identifier is built so it cannot belong to a real person: ID numbers
//! use the unassigned region prefix 99, and phone numbers use the 154 block,
//! which is not allocated to any mobile carrier.

use std::collections::{BTreeMap, HashSet};

use time::macros::date;
use time::{Date, Month};

use super::geography::{DemoUnit, Level, ancestor_at, children_index};
use super::names::person_name;
use super::rng::Rng;

/// Earliest first-registration date: the platform's records start with the
/// 2008 Anti-Drug Law coming into force.
pub const FIRST_REGISTRATION_EPOCH: Date = date!(2008 - 01 - 01);

/// Upper bound on `count`; phone numbers and ID sequences are drawn from
/// finite spaces and this keeps every uniqueness search short.
pub const MAX_PEOPLE: usize = 1_000_000;

const MALE_SHARE: f64 = 0.85;
const MINOR_SHARE: f64 = 0.0015;
const STAY_HOME_SHARE: f64 = 0.90;
const TOWNSHIP_REGISTRATION_SHARE: f64 = 0.75;
const MIN_AGE: i32 = 14;
const ADULT_AGE: i32 = 18;
const MAX_AGE: i32 = 65;
/// 11-digit numbers 154xxxxxxxx: matches 1[3-9]\d{9} but is unallocated.
const PHONE_BASE: u64 = 15_400_000_000;
const PHONE_SPAN: u64 = 100_000_000;

/// Residential compound name parts for urban addresses.
const COMPOUND_PREFIX: &[&str] = &[
    "阳光", "锦绣", "翠湖", "金桥", "碧水", "御景", "华府", "幸福", "和谐", "康乐", "滨江", "江景",
    "香樟", "桂花", "紫薇", "丽景", "怡景", "世纪", "盛世", "东方", "明珠", "星河", "银杏", "绿洲",
    "恒通", "天润", "中天", "龙湖", "凤凰", "电力", "教师", "供销", "粮食", "纺织", "水岸", "书香",
];
const COMPOUND_SUFFIX: &[&str] = &[
    "花园", "家园", "小区", "新村", "苑", "名邸", "公寓", "雅居", "嘉园", "府", "新城", "佳苑",
];

/// One synthetic registered person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoPerson {
    pub name: String,
    pub male: bool,
    pub birth: Date,
    /// 6-digit county code of household registration (first six ID digits).
    pub id_region: String,
    /// GB 11643 sequence code 0..=999: odd for men, even for women.
    pub id_sequence: u16,
    /// 11 digits matching `1[3-9]\d{9}`, unique within one generation.
    pub phone: String,
    /// Index of a `Level::Village` unit.
    pub household_unit: usize,
    pub household_address: String,
    /// Index of a `Level::Village` unit.
    pub residence_unit: usize,
    /// Index of a `Level::Grid` unit whose parent is `residence_unit`.
    pub residence_grid: usize,
    pub residence_address: String,
    pub first_registered: Date,
    /// Index of a `Level::Township` or `Level::County` unit.
    pub first_registration_unit: usize,
    /// Synthetic officer name.
    pub first_registration_officer: String,
}

/// The same calendar day `years` later (or earlier when negative); Feb 29
/// maps to Feb 28 in common years.
pub fn shift_years(date: Date, years: i32) -> Option<Date> {
    let year = date.year().checked_add(years)?;
    date.replace_year(year)
        .or_else(|_| Date::from_calendar_date(year, Month::February, 28))
        .ok()
}

/// A village someone can be registered in or live in.
struct Place {
    village: usize,
    township: usize,
    county: usize,
    grids: Vec<usize>,
}

/// Cumulative-weight sampler: O(log n) per draw, which matters because
/// every person draws from ~2,000 villages.
struct Sampler {
    cumulative: Vec<f64>,
    total: f64,
}

impl Sampler {
    fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut total = 0.0;
        let cumulative = weights
            .into_iter()
            .map(|w| {
                total += w.max(0.0);
                total
            })
            .collect();
        Self { cumulative, total }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        if self.total <= 0.0 {
            return rng.index(self.cumulative.len());
        }
        let x = rng.unit() * self.total;
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len().saturating_sub(1))
    }
}

/// Relative frequency of each age among registered adults: rising through
/// the twenties, a plateau at 30–45, then a long decline to 65.
fn adult_age_weight(age: i32) -> u32 {
    let weight = match age {
        ..30 => 20 + (age - ADULT_AGE) * 80 / 12,
        30..=45 => 100,
        _ => 100 - (age - 45) * 90 / 20,
    };
    u32::try_from(weight.max(1)).unwrap_or(1)
}

/// Julian-day window of birth dates giving exactly `age` on `today`.
///
/// The birthday itself is excluded at both ends: under the Criminal Law a
/// person is "已满 N 周岁" only from the day after the N-th birthday, so a
/// 14-year-old in the register has passed that day, and nobody turns a year
/// older exactly on `today` (keeping the age unambiguous).
fn birth_window(today: Date, age: i32) -> Option<(i32, i32)> {
    let hi = shift_years(today, -age)?.to_julian_day() - 1;
    let lo = shift_years(today, -(age + 1))?.to_julian_day() + 1;
    (lo <= hi).then_some((lo, hi))
}

fn julian_in(rng: &mut Rng, lo: i32, hi: i32) -> Option<Date> {
    let day = rng.range(i64::from(lo), i64::from(hi));
    Date::from_julian_day(i32::try_from(day).ok()?).ok()
}

struct Generator<'a> {
    units: &'a [DemoUnit],
    today: Date,
    places: Vec<Place>,
    home: Sampler,
    away: Sampler,
    age_weights: Vec<u32>,
    identities: HashSet<(usize, i32, u16)>,
    phones: HashSet<u64>,
    compounds: BTreeMap<usize, Vec<String>>,
    officers: BTreeMap<usize, Vec<String>>,
}

impl<'a> Generator<'a> {
    fn new(rng: &mut Rng, units: &'a [DemoUnit], today: Date) -> Self {
        let children = children_index(units);
        let places: Vec<Place> = units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.level == Level::Village)
            .filter_map(|(village, _)| {
                let grids: Vec<usize> = children
                    .get(village)?
                    .iter()
                    .copied()
                    .filter(|&g| units.get(g).is_some_and(|u| u.level == Level::Grid))
                    .collect();
                (!grids.is_empty()).then_some(Place {
                    village,
                    township: ancestor_at(units, village, Level::Township)?,
                    county: ancestor_at(units, village, Level::County)?,
                    grids,
                })
            })
            .collect();

        // County skew: rank counties by size (villages), largest first, and
        // damp each by (rank + 1)^-0.5 on top of its size, so big counties
        // carry more than their proportional share, as case loads do.
        let mut county_sizes: BTreeMap<usize, usize> = BTreeMap::new();
        for p in &places {
            *county_sizes.entry(p.county).or_default() += 1;
        }
        let mut ranked: Vec<(usize, usize)> = county_sizes.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let county_factor: BTreeMap<usize, f64> = ranked
            .iter()
            .enumerate()
            .map(|(rank, &(county, _))| (county, zipf_factor(rank, 0.5)))
            .collect();

        // Township skew: within a county a few townships are hot spots; which
        // ones is drawn per seed rather than tied to code order.
        let mut townships: Vec<usize> = places.iter().map(|p| p.township).collect();
        townships.dedup();
        let mut by_county: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &t in &townships {
            if let Some(c) = ancestor_at(units, t, Level::County) {
                by_county.entry(c).or_default().push(t);
            }
        }
        let mut township_factor: BTreeMap<usize, f64> = BTreeMap::new();
        for list in by_county.values_mut() {
            list.sort_unstable();
            list.dedup();
            rng.shuffle(list);
            for (rank, &t) in list.iter().enumerate() {
                township_factor.insert(t, zipf_factor(rank, 0.6));
            }
        }

        let base: Vec<f64> = places
            .iter()
            .map(|p| {
                let urban = units.get(p.village).is_some_and(|u| u.urban);
                // Urban communities are more densely populated than villages.
                let density = if urban { 1.5 } else { 1.0 };
                density
                    * county_factor.get(&p.county).copied().unwrap_or(1.0)
                    * township_factor.get(&p.township).copied().unwrap_or(1.0)
            })
            .collect();
        let home = Sampler::new(base.iter().copied());
        // People living away from their household village mostly move to
        // town: migrants concentrate in urban communities.
        let away = Sampler::new(places.iter().zip(&base).map(|(p, &w)| {
            let urban = units.get(p.village).is_some_and(|u| u.urban);
            if urban { w * 4.0 } else { w }
        }));

        Self {
            units,
            today,
            places,
            home,
            away,
            age_weights: (ADULT_AGE..=MAX_AGE).map(adult_age_weight).collect(),
            identities: HashSet::new(),
            phones: HashSet::new(),
            compounds: BTreeMap::new(),
            officers: BTreeMap::new(),
        }
    }

    fn unit(&self, index: usize) -> Option<&'a DemoUnit> {
        self.units.get(index)
    }

    fn draw_age(&self, rng: &mut Rng) -> i32 {
        if rng.chance(MINOR_SHARE) {
            let offset = rng.range(0, i64::from(ADULT_AGE - MIN_AGE - 1));
            MIN_AGE + i32::try_from(offset).unwrap_or(0)
        } else {
            ADULT_AGE + i32::try_from(rng.weighted(&self.age_weights)).unwrap_or(0)
        }
    }

    /// Birth date and ID sequence unique for the county, or `None` if the
    /// whole birth window is exhausted (impossible below `MAX_PEOPLE`).
    fn identity(
        &mut self,
        rng: &mut Rng,
        county: usize,
        age: i32,
        male: bool,
    ) -> Option<(Date, u16)> {
        let (lo, hi) = birth_window(self.today, age)?;
        let start = rng.range(i64::from(lo), i64::from(hi));
        let len = i64::from(hi - lo) + 1;
        let parity = u16::from(male);
        for step in 0..len {
            let day = i64::from(lo) + (start - i64::from(lo) + step) % len;
            let day = i32::try_from(day).ok()?;
            // Random draws first so sequences look natural; a full scan only
            // when the day is crowded.
            let random = (0..16).map(|_| {
                let half = u16::try_from(rng.below(500)).unwrap_or(0);
                half * 2 + parity
            });
            let scan = (0..500u16).map(|half| half * 2 + parity);
            let found = random
                .chain(scan)
                .find(|&seq| !self.identities.contains(&(county, day, seq)));
            if let Some(seq) = found {
                self.identities.insert((county, day, seq));
                return Some((Date::from_julian_day(day).ok()?, seq));
            }
        }
        None
    }

    fn phone(&mut self, rng: &mut Rng) -> String {
        let mut offset = rng.below(PHONE_SPAN);
        // Linear probing after a collision terminates because at most
        // MAX_PEOPLE ≪ PHONE_SPAN numbers are ever taken.
        while !self.phones.insert(offset) {
            offset = (offset + 1) % PHONE_SPAN;
        }
        (PHONE_BASE + offset).to_string()
    }

    fn address(&mut self, rng: &mut Rng, place_index: usize) -> String {
        let Some(place) = self.places.get(place_index) else {
            return String::new();
        };
        let (village, township, county) = (place.village, place.township, place.county);
        let name = |i: usize| self.unit(i).map_or("", |u| u.name.as_str());
        let prefix = format!("{}{}{}", name(county), name(township), name(village));
        if self.unit(village).is_some_and(|u| u.urban) {
            let compounds = self.compounds.entry(village).or_insert_with(|| {
                let n = rng.range(1, 4);
                let mut list: Vec<String> = Vec::new();
                while i64::try_from(list.len()).unwrap_or(i64::MAX) < n {
                    let name =
                        format!("{}{}", rng.pick(COMPOUND_PREFIX), rng.pick(COMPOUND_SUFFIX));
                    if !list.contains(&name) {
                        list.push(name);
                    }
                }
                list
            });
            let compound = rng.pick(compounds).clone();
            // Town-seat communities have small walk-up blocks, city
            // sub-districts large high-rise estates.
            let in_city = self.unit(township).is_some_and(|u| u.urban);
            let (buildings, floors) = if in_city { (24, 18) } else { (12, 6) };
            let building = rng.range(1, buildings);
            let unit = rng.range(1, 4);
            let room = rng.range(1, floors) * 100 + rng.range(1, 4);
            format!("{prefix}{compound}{building}栋{unit}单元{room}室")
        } else {
            // 村民小组 numbers and house numbers within a group.
            let group = rng.range(1, 12);
            let number = rng.range(1, 80);
            format!("{prefix}{group}组{number}号")
        }
    }

    fn officer(&mut self, rng: &mut Rng, unit: usize) -> String {
        // A small fixed roster per unit, so the same officers recur across
        // records the way they do in a real register.
        let roster = self.officers.entry(unit).or_insert_with(|| {
            let n = rng.range(3, 6);
            (0..n)
                .map(|_| {
                    let male = rng.chance(0.8);
                    person_name(rng, male)
                })
                .collect()
        });
        rng.pick(roster).clone()
    }

    fn person(&mut self, rng: &mut Rng) -> Option<DemoPerson> {
        let home_index = self.home.sample(rng);
        let home = self.places.get(home_index)?;
        let (household_unit, county) = (home.village, home.county);
        let id_region = self.unit(county)?.code.clone();

        let male = rng.chance(MALE_SHARE);
        let name = person_name(rng, male);
        let age = self.draw_age(rng);
        let (birth, id_sequence) = self.identity(rng, county, age, male)?;
        let phone = self.phone(rng);
        let household_address = self.address(rng, home_index);

        let stays = self.places.len() < 2 || rng.chance(STAY_HOME_SHARE);
        let (residence_index, residence_address) = if stays {
            (home_index, household_address.clone())
        } else {
            let mut other = self.away.sample(rng);
            // Bounded redraw: the household village can carry most of the
            // weight in a tiny custom unit list.
            for _ in 0..64 {
                if other != home_index {
                    break;
                }
                other = self.away.sample(rng);
            }
            if other == home_index {
                other = (home_index + 1) % self.places.len();
            }
            (other, self.address(rng, other))
        };
        let residence = self.places.get(residence_index)?;
        let residence_unit = residence.village;
        let residence_grid = *rng.pick(&residence.grids);
        let first_registration_unit = if rng.chance(TOWNSHIP_REGISTRATION_SHARE) {
            residence.township
        } else {
            residence.county
        };

        let fourteenth = shift_years(birth, MIN_AGE)?.to_julian_day() + 1;
        let hi = self.today.to_julian_day();
        let lo = fourteenth
            .max(FIRST_REGISTRATION_EPOCH.to_julian_day())
            .min(hi);
        let first_registered = julian_in(rng, lo, hi)?;
        let first_registration_officer = self.officer(rng, first_registration_unit);

        Some(DemoPerson {
            name,
            male,
            birth,
            id_region,
            id_sequence,
            phone,
            household_unit,
            household_address,
            residence_unit,
            residence_grid,
            residence_address,
            first_registered,
            first_registration_unit,
            first_registration_officer,
        })
    }
}

fn zipf_factor(rank: usize, s: f64) -> f64 {
    // Ranks are small, so the usize → f64 conversion is exact.
    (rank as f64 + 1.0).powf(-s)
}

/// Generates `count` persons (capped at [`MAX_PEOPLE`]) living in `units`.
///
/// Only villages that have a township, a county and at least one grid can
/// host people; if `units` has none, the result is empty. `today` should be
/// on or after [`FIRST_REGISTRATION_EPOCH`]; otherwise first registrations
/// are clamped to `today`.
pub fn generate_people(
    rng: &mut Rng,
    units: &[DemoUnit],
    count: usize,
    today: Date,
) -> Vec<DemoPerson> {
    let count = count.min(MAX_PEOPLE);
    let mut generator = Generator::new(rng, units, today);
    if generator.places.is_empty() {
        return Vec::new();
    }
    let mut people = Vec::with_capacity(count);
    // A draw only fails if a date computation leaves the calendar's range;
    // the attempt bound keeps even that case from looping forever.
    let mut attempts = count.saturating_mul(2).saturating_add(100);
    while people.len() < count && attempts > 0 {
        attempts -= 1;
        if let Some(person) = generator.person(rng) {
            people.push(person);
        }
    }
    people
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::geography::generate_city;
    use jindu_domain::age::age_on;
    // proptest's prelude exports its own `Rng` trait; ours must win.
    use crate::demo::rng::Rng;
    use proptest::prelude::*;
    use std::collections::BTreeSet;
    use std::sync::OnceLock;

    const TODAY: Date = date!(2025 - 06 - 30);

    fn city() -> &'static [DemoUnit] {
        static CITY: OnceLock<Vec<DemoUnit>> = OnceLock::new();
        CITY.get_or_init(|| generate_city(&mut Rng::new(20_240_101)))
    }

    fn phone_ok(phone: &str) -> bool {
        let b = phone.as_bytes();
        b.len() == 11
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1])
            && b.iter().all(u8::is_ascii_digit)
    }

    /// Every per-person and cross-person invariant the generator promises.
    fn check(units: &[DemoUnit], people: &[DemoPerson], today: Date) {
        let children = children_index(units);
        let mut ids = BTreeSet::new();
        let mut phones = BTreeSet::new();
        for p in people {
            let age = age_on(p.birth, today);
            assert!((MIN_AGE..=MAX_AGE).contains(&age), "age {age}");
            assert_eq!(p.id_sequence % 2 == 1, p.male);
            assert!(p.id_sequence <= 999);
            assert!(
                ids.insert((p.id_region.clone(), p.birth, p.id_sequence)),
                "duplicate ID"
            );
            assert!(phone_ok(&p.phone), "{}", p.phone);
            assert!(phones.insert(p.phone.clone()), "duplicate phone");
            assert!(!p.name.is_empty() && !p.first_registration_officer.is_empty());

            let home = &units[p.household_unit];
            let residence = &units[p.residence_unit];
            assert_eq!(home.level, Level::Village);
            assert_eq!(residence.level, Level::Village);
            let county = ancestor_at(units, p.household_unit, Level::County).unwrap_or(usize::MAX);
            assert_eq!(p.id_region, units[county].code);
            assert_eq!(p.id_region.len(), 6);
            assert_eq!(units[p.residence_grid].level, Level::Grid);
            assert_eq!(units[p.residence_grid].parent, Some(p.residence_unit));
            assert!(children[p.residence_unit].contains(&p.residence_grid));

            for (unit, address) in [
                (p.household_unit, &p.household_address),
                (p.residence_unit, &p.residence_address),
            ] {
                let t = ancestor_at(units, unit, Level::Township).unwrap_or(usize::MAX);
                let c = ancestor_at(units, unit, Level::County).unwrap_or(usize::MAX);
                let prefix = format!("{}{}{}", units[c].name, units[t].name, units[unit].name);
                assert!(address.starts_with(&prefix), "{address}");
                if units[unit].urban {
                    assert!(
                        address.contains('栋')
                            && address.contains("单元")
                            && address.ends_with('室')
                    );
                } else {
                    assert!(
                        address.contains('组') && address.ends_with('号'),
                        "{address}"
                    );
                }
            }
            if p.household_unit == p.residence_unit {
                assert_eq!(p.household_address, p.residence_address);
            }

            assert!(p.first_registered >= FIRST_REGISTRATION_EPOCH);
            assert!(p.first_registered <= today);
            let fourteenth = shift_years(p.birth, 14).unwrap_or(Date::MAX);
            assert!(
                p.first_registered > fourteenth,
                "{} vs {}",
                p.first_registered,
                p.birth
            );
            let reg = &units[p.first_registration_unit];
            let res_township = ancestor_at(units, p.residence_unit, Level::Township);
            let res_county = ancestor_at(units, p.residence_unit, Level::County);
            let ok = match reg.level {
                Level::Township => Some(p.first_registration_unit) == res_township,
                Level::County => Some(p.first_registration_unit) == res_county,
                _ => false,
            };
            assert!(ok, "registration unit {}", reg.name);
        }
    }

    #[test]
    fn deterministic() {
        let a = generate_people(&mut Rng::new(7), city(), 300, TODAY);
        let b = generate_people(&mut Rng::new(7), city(), 300, TODAY);
        assert_eq!(a, b);
        let c = generate_people(&mut Rng::new(8), city(), 300, TODAY);
        assert_ne!(a, c);
    }

    #[test]
    fn exact_count_and_edge_inputs() {
        assert!(generate_people(&mut Rng::new(1), city(), 0, TODAY).is_empty());
        assert!(generate_people(&mut Rng::new(1), &[], 10, TODAY).is_empty());
        assert!(generate_people(&mut Rng::new(1), &city()[..12], 10, TODAY).is_empty());
        assert_eq!(
            generate_people(&mut Rng::new(1), city(), 123, TODAY).len(),
            123
        );
    }

    #[test]
    fn distributions_at_scale() {
        let units = city();
        let today = TODAY;
        let n = 20_000;
        let people = generate_people(&mut Rng::new(99), units, n, today);
        assert_eq!(people.len(), n);
        check(units, &people, today);
        let share = |f: &dyn Fn(&DemoPerson) -> bool| {
            let k = people.iter().filter(|p| f(p)).count();
            k as f64 / n as f64
        };
        let male = share(&|p| p.male);
        assert!((0.83..0.87).contains(&male), "male {male}");
        let stay = share(&|p| p.household_unit == p.residence_unit);
        assert!((0.88..0.92).contains(&stay), "stay {stay}");
        let minors = share(&|p| age_on(p.birth, today) < 18);
        assert!((0.0003..0.0035).contains(&minors), "minors {minors}");
        let prime = share(&|p| (30..=45).contains(&age_on(p.birth, today)));
        let young = share(&|p| (18..=29).contains(&age_on(p.birth, today)));
        let old = share(&|p| (50..=65).contains(&age_on(p.birth, today)));
        assert!(
            prime > 0.4 && prime > young && prime > old,
            "{young} {prime} {old}"
        );
        assert!(people.iter().any(|p| age_on(p.birth, today) == 65));

        // Largest county carries clearly more than the smallest, per village.
        let mut per_county: BTreeMap<&str, usize> = BTreeMap::new();
        for p in &people {
            *per_county.entry(p.id_region.as_str()).or_default() += 1;
        }
        let max = per_county.values().max().copied().unwrap_or(0);
        let min = per_county.values().min().copied().unwrap_or(0);
        assert!(per_county.len() == 11 && max > 5 * min, "{per_county:?}");

        // Officer rosters are small, so names recur.
        let officers: BTreeSet<&str> = people
            .iter()
            .map(|p| p.first_registration_officer.as_str())
            .collect();
        assert!(officers.len() < n / 5);
    }

    #[test]
    fn leap_day_today() {
        let today = date!(2024 - 02 - 29);
        let people = generate_people(&mut Rng::new(3), city(), 2_000, today);
        check(city(), &people, today);
    }

    #[test]
    fn age_helpers() {
        assert_eq!(age_on(date!(2000 - 02 - 29), date!(2018 - 02 - 28)), 17);
        assert_eq!(age_on(date!(2000 - 02 - 29), date!(2018 - 03 - 01)), 18);
        assert_eq!(age_on(date!(2000 - 06 - 30), date!(2025 - 06 - 30)), 25);
        assert_eq!(
            shift_years(date!(2000 - 02 - 29), 1),
            Some(date!(2001 - 02 - 28))
        );
        assert_eq!(
            shift_years(date!(2000 - 02 - 29), 4),
            Some(date!(2004 - 02 - 29))
        );
        for age in [14, 17, 18, 40, 65] {
            let Some((lo, hi)) = birth_window(TODAY, age) else {
                panic!("no window for {age}");
            };
            for day in [lo, hi] {
                let birth = Date::from_julian_day(day).unwrap_or(Date::MIN);
                assert_eq!(age_on(birth, TODAY), age);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn invariants_hold_for_any_seed(
            city_seed in any::<u64>(),
            seed in any::<u64>(),
            count in 0usize..80,
            day_offset in 0i32..7_000,
        ) {
            let units = generate_city(&mut Rng::new(city_seed));
            let today = Date::from_julian_day(date!(2008 - 06 - 01).to_julian_day() + day_offset)
                .unwrap_or(TODAY);
            let people = generate_people(&mut Rng::new(seed), &units, count, today);
            prop_assert_eq!(people.len(), count);
            check(&units, &people, today);
            let again = generate_people(&mut Rng::new(seed), &units, count, today);
            prop_assert_eq!(people, again);
        }
    }
}
