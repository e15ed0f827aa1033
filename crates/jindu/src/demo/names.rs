//! Realistic-looking synthetic Chinese personal names.
//!
//! Names are sampled so that the demo looks like a real case register
//! (common surnames dominate, a few rare ones appear). Any resemblance to a
//! real individual is accidental: identities in the demo are anchored on the
//! fictional region code 99, never on the name.

use super::rng::Rng;

/// Surnames with approximate frequency weights, in people per 100,000.
///
/// The weights follow the rank order of national surname statistics closely
/// enough that a page of records "looks right" to officers; exact figures do
/// not matter for a demo.
pub const SURNAMES: &[(&str, u32)] = &[
    ("王", 7120),
    ("李", 7000),
    ("张", 6740),
    ("刘", 5380),
    ("陈", 4610),
    ("杨", 3080),
    ("黄", 2200),
    ("赵", 2000),
    ("吴", 1830),
    ("周", 1720),
    ("徐", 1240),
    ("孙", 1220),
    ("马", 1120),
    ("朱", 1110),
    ("胡", 1060),
    ("郭", 1000),
    ("何", 950),
    ("林", 930),
    ("罗", 820),
    ("高", 810),
    ("郑", 750),
    ("梁", 700),
    ("谢", 640),
    ("宋", 620),
    ("唐", 610),
    ("许", 540),
    ("韩", 530),
    ("冯", 520),
    ("邓", 510),
    ("曹", 500),
    ("彭", 490),
    ("曾", 480),
    ("肖", 470),
    ("田", 450),
    ("董", 440),
    ("袁", 430),
    ("潘", 420),
    ("于", 410),
    ("蒋", 400),
    ("蔡", 400),
    ("余", 390),
    ("杜", 380),
    ("叶", 380),
    ("程", 370),
    ("苏", 360),
    ("魏", 350),
    ("吕", 340),
    ("丁", 330),
    ("任", 320),
    ("沈", 310),
    ("姚", 300),
    ("卢", 300),
    ("姜", 290),
    ("崔", 290),
    ("钟", 280),
    ("谭", 280),
    ("陆", 270),
    ("汪", 270),
    ("范", 260),
    ("金", 250),
    ("石", 250),
    ("廖", 240),
    ("贾", 240),
    ("夏", 230),
    ("韦", 230),
    ("付", 220),
    ("方", 220),
    ("白", 210),
    ("邹", 210),
    ("孟", 200),
    ("熊", 200),
    ("秦", 200),
    ("邱", 190),
    ("江", 190),
    ("尹", 180),
    ("薛", 180),
    ("闫", 170),
    ("段", 170),
    ("雷", 170),
    ("侯", 160),
    ("龙", 160),
    ("史", 160),
    ("陶", 150),
    ("黎", 150),
    ("贺", 150),
    ("顾", 140),
    ("毛", 140),
    ("郝", 140),
    ("龚", 130),
    ("邵", 130),
    ("万", 130),
    ("钱", 120),
    ("严", 120),
    ("覃", 120),
    ("武", 120),
    ("戴", 110),
    ("莫", 110),
    ("孔", 110),
    ("向", 110),
    ("汤", 100),
    ("常", 100),
    ("温", 90),
    ("康", 90),
    ("施", 90),
    ("文", 90),
    ("牛", 80),
    ("樊", 80),
    ("葛", 80),
    ("邢", 80),
    ("安", 70),
    ("齐", 70),
    ("易", 70),
    ("乔", 70),
    ("伍", 70),
    ("庞", 60),
    ("颜", 60),
    ("倪", 60),
    ("庄", 60),
    ("聂", 60),
    ("章", 50),
    ("鲁", 50),
    ("岳", 50),
    ("翟", 50),
    ("殷", 50),
    ("詹", 40),
    ("申", 40),
    ("耿", 40),
    ("关", 40),
    ("兰", 40),
    ("焦", 40),
    ("俞", 40),
    ("左", 40),
    ("柳", 30),
    ("甘", 30),
    ("祝", 30),
    ("包", 30),
    ("尚", 30),
    ("符", 30),
    ("舒", 30),
    ("阮", 30),
    ("柯", 30),
    ("纪", 30),
    ("梅", 30),
    ("童", 30),
    ("凌", 20),
    ("毕", 20),
    ("单", 20),
    ("季", 20),
    ("裴", 20),
    ("霍", 20),
    ("涂", 20),
    ("成", 20),
    ("苗", 20),
    ("谷", 20),
    ("盛", 20),
    ("曲", 20),
    ("翁", 20),
    ("冉", 20),
    ("骆", 20),
    ("蓝", 20),
    ("路", 20),
    ("游", 20),
    ("辛", 20),
    ("靳", 20),
    ("管", 20),
    ("柴", 20),
    ("蒙", 20),
    ("鲍", 20),
    ("欧阳", 12),
    ("司马", 3),
    ("上官", 3),
    ("诸葛", 2),
];

/// Characters common in men's given names.
pub const MALE_CHARS: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞",
    "鑫", "波", "宁", "建", "国", "志", "文", "俊", "峰", "浩", "宇", "晨", "昊", "轩", "博", "凯",
    "龙", "林", "东", "海", "亮", "健", "成", "永", "江", "兵", "毅", "鸿", "宏", "庆", "福", "贵",
    "德", "生", "祥", "荣", "金", "彬", "旭", "阳", "帅", "坤", "雷", "洋", "锋", "光", "新", "春",
    "胜", "彪", "力", "武", "忠", "山", "泽", "然", "睿", "天", "一", "子", "家", "振", "松", "康",
];

/// Characters common in women's given names.
pub const FEMALE_CHARS: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "桂", "英", "红", "梅", "琳", "婷",
    "雪", "慧", "秀", "兰", "萍", "洁", "莉", "倩", "颖", "佳", "琴", "云", "莲", "凤", "珍", "玉",
    "春", "菊", "月", "翠", "娇", "媛", "晶", "露", "瑶", "怡", "欣", "悦", "璐", "蕾", "薇", "妍",
    "雯", "丹", "茜", "彤", "蓉", "姗", "岚", "璇", "霖", "思", "梦", "诗", "嘉", "晓", "巧", "美",
    "香", "芬", "雅", "淑", "琪", "萱", "涵", "可", "馨", "宁", "青", "小",
];

/// Surname drawn with realistic frequencies.
pub fn surname(rng: &mut Rng) -> &'static str {
    // Inline cumulative walk instead of `Rng::weighted` so that the hot path
    // (one call per generated person) does not allocate a weight vector.
    let total: u64 = SURNAMES.iter().map(|&(_, w)| u64::from(w)).sum();
    let mut target = rng.below(total);
    for &(name, weight) in SURNAMES {
        let weight = u64::from(weight);
        if target < weight {
            return name;
        }
        target -= weight;
    }
    "王"
}

/// Given name of one or two characters (about 70% two).
pub fn given_name(rng: &mut Rng, male: bool) -> String {
    let chars = if male { MALE_CHARS } else { FEMALE_CHARS };
    let first = *rng.pick(chars);
    if !rng.chance(0.7) {
        return first.to_owned();
    }
    let mut second = *rng.pick(chars);
    // Reduplicated names (婷婷, 丽丽) exist but are mostly female and
    // uncommon; without this, a plain uniform draw would overproduce them
    // for men (伟伟) and look odd.
    let allow_double = !male && rng.chance(0.3);
    while second == first && !allow_double {
        second = *rng.pick(chars);
    }
    format!("{first}{second}")
}

/// Full name: surname followed by a given name.
pub fn person_name(rng: &mut Rng, male: bool) -> String {
    let family = surname(rng);
    let given = given_name(rng, male);
    format!("{family}{given}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn tables_are_large_and_distinct() {
        let surnames: BTreeSet<&str> = SURNAMES.iter().map(|&(s, _)| s).collect();
        assert_eq!(surnames.len(), SURNAMES.len(), "duplicate surname");
        assert!(SURNAMES.len() >= 80);
        assert!(SURNAMES.iter().any(|&(s, _)| s.chars().count() == 2));
        assert!(SURNAMES.iter().all(|&(_, w)| w > 0));
        let male: BTreeSet<&str> = MALE_CHARS.iter().copied().collect();
        let female: BTreeSet<&str> = FEMALE_CHARS.iter().copied().collect();
        // Duplicates would silently double a character's weight.
        assert_eq!(male.len(), MALE_CHARS.len());
        assert_eq!(female.len(), FEMALE_CHARS.len());
        assert!(male.len() >= 60, "{}", male.len());
        assert!(female.len() >= 60, "{}", female.len());
        assert!(
            MALE_CHARS
                .iter()
                .chain(FEMALE_CHARS)
                .all(|c| c.chars().count() == 1)
        );
    }

    #[test]
    fn names_have_expected_shape() {
        let mut rng = Rng::new(11);
        let mut two_char_given = 0;
        let n = 10_000;
        for i in 0..n {
            let male = i % 2 == 0;
            let name = person_name(&mut rng, male);
            let len = name.chars().count();
            assert!((2..=4).contains(&len), "{name}");
            assert!(name.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
            let family = SURNAMES
                .iter()
                .filter(|&&(s, _)| name.starts_with(s))
                .map(|&(s, _)| s)
                .max_by_key(|s| s.len());
            let Some(family) = family else {
                panic!("no surname in {name}");
            };
            if name.chars().count() - family.chars().count() == 2 {
                two_char_given += 1;
            }
        }
        let share = f64::from(two_char_given) / f64::from(n);
        assert!((0.65..0.75).contains(&share), "{share}");
    }

    #[test]
    fn common_surnames_dominate() {
        let mut rng = Rng::new(12);
        let wang = (0..20_000).filter(|_| surname(&mut rng) == "王").count();
        let rare = (0..20_000).filter(|_| surname(&mut rng) == "诸葛").count();
        assert!(wang > 1_000, "{wang}");
        assert!(rare < 20, "{rare}");
    }

    #[test]
    fn deterministic() {
        let a: Vec<String> = {
            let mut r = Rng::new(5);
            (0..50).map(|i| person_name(&mut r, i % 3 != 0)).collect()
        };
        let b: Vec<String> = {
            let mut r = Rng::new(5);
            (0..50).map(|i| person_name(&mut r, i % 3 != 0)).collect()
        };
        assert_eq!(a, b);
    }
}
