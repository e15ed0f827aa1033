//! The closed vocabularies of the drug-user register (吸毒人员登记): status,
//! how a person was first found, drugs used, risk level and tags.
//!
//! Codes are what the database, the API and exported sheets carry; labels are
//! for screens. A code, once shipped, never changes meaning.

use crate::code_enum::code_enum;

code_enum! {
    /// A person's status on the register.
    pub enum RegisterStatus {
        /// On the register under dynamic control (JDTL 3), no measure running.
        Registered = ("registered", "在册", "Registered"),
        /// A measure (community detox, rehabilitation, isolation …) is running.
        UnderMeasure = ("under_measure", "戒毒措施执行中", "Under a measure"),
        /// 3 years abstinent without relapse, confirmed by a person: dynamic
        /// control ends but the record stays (JDTL 7).
        AbstinentThreeYears = ("abstinent_3y", "戒断三年未复吸", "Abstinent 3 years"),
        /// Detained, arrested or imprisoned.
        InCustody = ("in_custody", "羁押", "In custody"),
        /// Whereabouts unknown.
        LostContact = ("lost_contact", "失联", "Lost contact"),
        /// Wanted by the police.
        Fugitive = ("fugitive", "在逃", "Fugitive"),
        /// Control handed over to another city's register.
        TransferredOut = ("transferred_out", "迁出本地", "Transferred out"),
        /// Settled abroad.
        Emigrated = ("emigrated", "出境定居", "Emigrated"),
        /// Deceased.
        Deceased = ("deceased", "死亡", "Deceased"),
    }
}

code_enum! {
    /// How the person first came to the register (首次登记来源).
    pub enum RegistrationSource {
        /// Found by the police using or holding drugs.
        PoliceSeizure = ("police_seizure", "公安查获", "Police seizure"),
        /// Reported themselves, e.g. seeking voluntary treatment (JDTL 9).
        SelfReport = ("self_report", "自报", "Self-report"),
        /// Positive test of a strong suspect (重嫌必检).
        StrongSuspectTest = ("strong_suspect_test", "重嫌必检", "Strong-suspect test"),
        /// Notified by another region's police.
        OtherRegionNotice = ("other_region_notice", "外地通报", "Other region's notice"),
        /// Anything else, described in the record.
        Other = ("other", "其他", "Other"),
    }
}

code_enum! {
    /// Drug classes, to count "two or more classes" (CYRD 8).
    ///
    /// Our grouping of the drug types below by pharmacological class; the
    /// text names no taxonomy.
    pub enum DrugClass {
        /// Opioids (heroin …).
        Opioid = ("opioid", "阿片类", "Opioids"),
        /// Amphetamine-type stimulants (methamphetamine, MDMA).
        AmphetamineType = ("amphetamine_type", "苯丙胺类", "Amphetamine-type stimulants"),
        /// Ketamine.
        Ketamine = ("ketamine", "氯胺酮类", "Ketamine"),
        /// Cannabis.
        Cannabis = ("cannabis", "大麻类", "Cannabis"),
        /// Cocaine.
        Cocaine = ("cocaine", "可卡因类", "Cocaine"),
        /// New psychoactive substances.
        Nps = ("nps", "新精神活性物质类", "New psychoactive substances"),
        /// Unknown or other; not counted as a distinct class.
        Other = ("other", "其他类", "Other"),
    }
}

code_enum! {
    /// Drugs used, as recorded on the register.
    pub enum DrugType {
        /// Heroin.
        Heroin = ("heroin", "海洛因", "Heroin"),
        /// Methamphetamine (冰毒), including tablets (麻古).
        Methamphetamine = ("methamphetamine", "冰毒", "Methamphetamine"),
        /// Ketamine (K粉).
        Ketamine = ("ketamine", "氯胺酮", "Ketamine"),
        /// Cannabis.
        Cannabis = ("cannabis", "大麻", "Cannabis"),
        /// Cocaine.
        Cocaine = ("cocaine", "可卡因", "Cocaine"),
        /// MDMA (摇头丸, ecstasy).
        Mdma = ("mdma", "摇头丸", "MDMA"),
        /// New psychoactive substances.
        Nps = ("nps", "新精神活性物质", "New psychoactive substances"),
        /// Other, described in the record.
        Other = ("other", "其他毒品", "Other"),
    }
}

impl DrugType {
    /// The class this drug belongs to.
    #[must_use]
    pub fn class(self) -> DrugClass {
        match self {
            DrugType::Heroin => DrugClass::Opioid,
            DrugType::Methamphetamine | DrugType::Mdma => DrugClass::AmphetamineType,
            DrugType::Ketamine => DrugClass::Ketamine,
            DrugType::Cannabis => DrugClass::Cannabis,
            DrugType::Cocaine => DrugClass::Cocaine,
            DrugType::Nps => DrugClass::Nps,
            DrugType::Other => DrugClass::Other,
        }
    }
}

/// How many distinct known classes `drugs` span. `Other` is not counted: an
/// unknown drug may belong to a class already listed, and overcounting would
/// raise a severity warning on a guess.
#[must_use]
pub fn distinct_classes(drugs: &[DrugType]) -> usize {
    let mut classes: Vec<DrugClass> = drugs
        .iter()
        .map(|d| d.class())
        .filter(|c| *c != DrugClass::Other)
        .collect();
    classes.sort_unstable();
    classes.dedup();
    classes.len()
}

code_enum! {
    /// Risk level (Zhejiang 2022 grading, the default of domain.md §4).
    pub enum RiskLevel {
        /// High risk.
        A = ("A", "高风险（A类）", "High (A)"),
        /// Medium risk.
        B = ("B", "中风险（B类）", "Medium (B)"),
        /// Ordinary low risk.
        C1 = ("C1", "低风险（C1类，一般）", "Low (C1, ordinary)"),
        /// Long-term low risk.
        C2 = ("C2", "低风险（C2类，长期稳定）", "Low (C2, long-term)"),
    }
}

/// The three bands the levels fall into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RiskBand {
    /// A.
    High,
    /// B.
    Medium,
    /// C1 and C2.
    Low,
}

impl RiskLevel {
    /// The band of this level (C1 and C2 are both low).
    #[must_use]
    pub fn band(self) -> RiskBand {
        match self {
            RiskLevel::A => RiskBand::High,
            RiskLevel::B => RiskBand::Medium,
            RiskLevel::C1 | RiskLevel::C2 => RiskBand::Low,
        }
    }
}

code_enum! {
    /// Tags that change how a person is handled.
    pub enum PersonTag {
        /// Under 18. Minors under 16 may be exempted from compulsory
        /// isolation (JDF 39).
        Minor = ("minor", "未成年", "Minor"),
        /// Pregnant, or breastfeeding her own infant under 1: compulsory
        /// isolation does not apply (JDF 39).
        PregnantOrBreastfeeding = ("pregnant_breastfeeding", "孕哺期", "Pregnant or breastfeeding"),
        /// Living with HIV.
        Hiv = ("hiv", "艾滋病感染者", "HIV"),
        /// Seriously ill or disabled (病残).
        SickOrDisabled = ("sick_disabled", "病残", "Sick or disabled"),
        /// In the anti-drug poverty relief programme (禁毒脱贫).
        Poverty = ("poverty", "禁毒脱贫", "Poverty relief"),
        /// Mental disorder with a risk of incidents (易肇事肇祸).
        IncidentRisk = ("incident_risk", "易肇事肇祸", "Risk of incidents"),
        /// No fixed residence, which matters for where a measure is executed
        /// (JDF 33).
        NoFixedResidence = ("no_fixed_residence", "无固定住所", "No fixed residence"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code_enum::assert_well_formed;

    #[test]
    fn every_vocabulary_is_well_formed() {
        assert_well_formed::<RegisterStatus>();
        assert_well_formed::<RegistrationSource>();
        assert_well_formed::<DrugClass>();
        assert_well_formed::<DrugType>();
        assert_well_formed::<RiskLevel>();
        assert_well_formed::<PersonTag>();
    }

    #[test]
    fn codes_are_fixed() {
        // Stored data depends on these exact strings.
        assert_eq!(RegisterStatus::AbstinentThreeYears.code(), "abstinent_3y");
        assert_eq!(
            RegisterStatus::AbstinentThreeYears.label_zh(),
            "戒断三年未复吸"
        );
        assert_eq!(RegistrationSource::StrongSuspectTest.label_zh(), "重嫌必检");
        assert_eq!(DrugType::Methamphetamine.label_zh(), "冰毒");
        assert_eq!(RiskLevel::from_code("C2"), Some(RiskLevel::C2));
        assert_eq!(RiskLevel::from_code("c2"), None);
        assert_eq!(PersonTag::Poverty.label_zh(), "禁毒脱贫");
        assert_eq!(RegisterStatus::ALL.len(), 9);
        assert_eq!(DrugType::ALL.len(), 8);
    }

    #[test]
    fn risk_bands() {
        assert_eq!(RiskLevel::A.band(), RiskBand::High);
        assert_eq!(RiskLevel::B.band(), RiskBand::Medium);
        assert_eq!(RiskLevel::C1.band(), RiskBand::Low);
        assert_eq!(RiskLevel::C2.band(), RiskBand::Low);
        assert!(RiskLevel::A < RiskLevel::C2);
    }

    #[test]
    fn drug_classes() {
        use DrugType::*;
        assert_eq!(distinct_classes(&[]), 0);
        assert_eq!(distinct_classes(&[Methamphetamine, Mdma]), 1);
        assert_eq!(distinct_classes(&[Methamphetamine, Heroin]), 2);
        assert_eq!(distinct_classes(&[Heroin, Other, Other]), 1);
        assert_eq!(distinct_classes(&[Ketamine, Cannabis, Cocaine, Nps]), 4);
        for drug in DrugType::ALL {
            assert_eq!(drug.class() == DrugClass::Other, *drug == Other);
        }
    }
}
