//! Helpers for the addiction determination of 吸毒成瘾认定办法 (CYRD), and
//! the "应收尽收" warning of the speech.
//!
//! The police determine addiction (CYRD 4, 6); these functions only tell a
//! worker which grounds the recorded facts meet, so the platform can warn.

use serde::{Deserialize, Serialize};

use crate::code_enum::code_enum;
use crate::register::{DrugType, distinct_classes};

/// Facts for the addiction test of CYRD 7.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddictionFacts {
    /// A body sample (blood, urine, saliva …) tested positive.
    pub positive_sample: bool,
    /// There is evidence the person used drugs.
    pub evidence_of_use: bool,
    /// Withdrawal symptoms were observed.
    pub withdrawal_symptoms: bool,
    /// Evidence of a history of use: earlier police record of use, or
    /// earlier voluntary treatment.
    pub prior_record: bool,
}

/// CYRD 7: addicted = positive sample AND evidence of use AND (withdrawal
/// symptoms OR evidence of a history of use).
#[must_use]
pub fn is_addicted(facts: &AddictionFacts) -> bool {
    facts.positive_sample
        && facts.evidence_of_use
        && (facts.withdrawal_symptoms || facts.prior_record)
}

/// "Repeated" use of two or more drug classes: at least 3 occasions of use
/// together involving 2 or more classes. The count of 3 is our reading of
/// CYRD 8(2) ("至少三次使用累计涉及两类以上毒品").
pub const REPEATED_USE_OCCASIONS: u32 = 3;

/// Facts for the severity test of CYRD 8.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeverityFacts {
    /// Used drugs again after community detox, compulsory isolation,
    /// community rehabilitation or maintenance therapy.
    pub relapse_after_measure: bool,
    /// Evidence of use by injection.
    pub injection: bool,
    /// Occasions of use on record.
    pub use_occasions: u32,
    /// Drugs used on those occasions.
    pub drugs_used: Vec<DrugType>,
    /// After use, harmed others, endangered public safety or disturbed public
    /// order, or harmed themselves (domain.md §3 summarises this ground as
    /// "violence or self-harm after use"; we take the wider of the two).
    pub harm_after_use: bool,
}

code_enum! {
    /// A ground of severe addiction met (CYRD 8).
    pub enum SevereGround {
        /// CYRD 8(1): relapse after a measure.
        RelapseAfterMeasure = ("relapse_after_measure", "戒毒措施后复吸", "Relapse after a measure"),
        /// CYRD 8(2): injection.
        Injection = ("injection", "注射吸毒", "Injection"),
        /// CYRD 8(2): repeated use of 2+ drug classes.
        MultipleClasses = ("multiple_classes", "多次使用两类以上毒品", "Repeated use of 2+ drug classes"),
        /// CYRD 8(3): harm to others or self, or public danger or disorder,
        /// after use.
        HarmAfterUse = ("harm_after_use", "吸毒后伤害他人、自伤或危害公共安全", "Harm or public danger after use"),
    }
}

code_enum! {
    /// The police's determination as recorded on the register (CYRD 4, 6).
    pub enum AddictionLevel {
        /// CYRD 7.
        Addicted = ("addicted", "吸毒成瘾", "Addicted"),
        /// CYRD 8: severely addicted, a person "应收尽收" asks to be under a measure.
        Severe = ("severe", "吸毒成瘾严重", "Severely addicted"),
    }
}

/// A determination as it may be recorded: a severe one names at least one
/// CYRD 8 ground, and only a severe one names grounds.
pub fn check_determination(
    level: AddictionLevel,
    grounds: &[SevereGround],
) -> Result<(), &'static str> {
    match (level, grounds.is_empty()) {
        (AddictionLevel::Severe, true) => Err("addiction.severe_needs_ground"),
        (AddictionLevel::Addicted, false) => Err("addiction.grounds_only_when_severe"),
        _ => Ok(()),
    }
}

/// Every CYRD 8 ground the facts meet, in the order of the article.
#[must_use]
pub fn severe_grounds(facts: &SeverityFacts) -> Vec<SevereGround> {
    let mut grounds = Vec::new();
    if facts.relapse_after_measure {
        grounds.push(SevereGround::RelapseAfterMeasure);
    }
    if facts.injection {
        grounds.push(SevereGround::Injection);
    }
    if facts.use_occasions >= REPEATED_USE_OCCASIONS && distinct_classes(&facts.drugs_used) >= 2 {
        grounds.push(SevereGround::MultipleClasses);
    }
    if facts.harm_after_use {
        grounds.push(SevereGround::HarmAfterUse);
    }
    grounds
}

/// CYRD 8: severely addicted when any ground is met.
#[must_use]
pub fn is_severely_addicted(facts: &SeverityFacts) -> bool {
    !severe_grounds(facts).is_empty()
}

/// The "应收尽收" warning: the speech asks that every severely addicted person
/// be under a measure. A warning for the worker and the police; whether and
/// which measure follows is theirs to decide (JDF 38).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeWarning {
    /// The grounds that make the person severely addicted.
    pub grounds: Vec<SevereGround>,
}

/// Warns when the facts show severe addiction and no measure is in force.
#[must_use]
pub fn intake_warning(facts: &SeverityFacts, measure_in_force: bool) -> Option<IntakeWarning> {
    let grounds = severe_grounds(facts);
    (!grounds.is_empty() && !measure_in_force).then_some(IntakeWarning { grounds })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_severe_determination_names_its_grounds_and_only_it_does() {
        use AddictionLevel::{Addicted, Severe};
        assert_eq!(
            check_determination(Severe, &[]),
            Err("addiction.severe_needs_ground")
        );
        assert_eq!(
            check_determination(Severe, &[SevereGround::Injection]),
            Ok(())
        );
        assert_eq!(check_determination(Addicted, &[]), Ok(()));
        assert_eq!(
            check_determination(Addicted, &[SevereGround::HarmAfterUse]),
            Err("addiction.grounds_only_when_severe")
        );
    }

    #[test]
    fn addiction_needs_all_three_limbs() {
        let full = AddictionFacts {
            positive_sample: true,
            evidence_of_use: true,
            withdrawal_symptoms: true,
            prior_record: false,
        };
        assert!(is_addicted(&full));
        assert!(is_addicted(&AddictionFacts {
            withdrawal_symptoms: false,
            prior_record: true,
            ..full
        }));
        assert!(!is_addicted(&AddictionFacts {
            withdrawal_symptoms: false,
            prior_record: false,
            ..full
        }));
        assert!(!is_addicted(&AddictionFacts {
            positive_sample: false,
            ..full
        }));
        assert!(!is_addicted(&AddictionFacts {
            evidence_of_use: false,
            ..full
        }));
        assert!(!is_addicted(&AddictionFacts::default()));
    }

    #[test]
    fn each_ground_alone_is_enough() {
        let none = SeverityFacts::default();
        assert!(!is_severely_addicted(&none));
        let relapse = SeverityFacts {
            relapse_after_measure: true,
            ..none.clone()
        };
        assert_eq!(
            severe_grounds(&relapse),
            vec![SevereGround::RelapseAfterMeasure]
        );
        let injection = SeverityFacts {
            injection: true,
            ..none.clone()
        };
        assert_eq!(severe_grounds(&injection), vec![SevereGround::Injection]);
        let harm = SeverityFacts {
            harm_after_use: true,
            ..none.clone()
        };
        assert_eq!(severe_grounds(&harm), vec![SevereGround::HarmAfterUse]);
    }

    #[test]
    fn multiple_classes_needs_three_uses_and_two_classes() {
        use DrugType::*;
        let facts = |uses, drugs: &[DrugType]| SeverityFacts {
            use_occasions: uses,
            drugs_used: drugs.to_vec(),
            ..SeverityFacts::default()
        };
        assert!(is_severely_addicted(&facts(3, &[Heroin, Methamphetamine])));
        assert!(!is_severely_addicted(&facts(2, &[Heroin, Methamphetamine])));
        // Methamphetamine and MDMA are one class.
        assert!(!is_severely_addicted(&facts(5, &[Methamphetamine, Mdma])));
        // An unknown drug is not counted as a second class.
        assert!(!is_severely_addicted(&facts(5, &[Ketamine, Other])));
        assert!(is_severely_addicted(&facts(5, &[Ketamine, Cannabis])));
    }

    #[test]
    fn intake_warning_only_without_a_measure() {
        let severe = SeverityFacts {
            injection: true,
            relapse_after_measure: true,
            ..SeverityFacts::default()
        };
        assert_eq!(
            intake_warning(&severe, false),
            Some(IntakeWarning {
                grounds: vec![SevereGround::RelapseAfterMeasure, SevereGround::Injection]
            })
        );
        assert_eq!(intake_warning(&severe, true), None);
        assert_eq!(intake_warning(&SeverityFacts::default(), false), None);
    }

    #[test]
    fn grounds_are_well_formed() {
        crate::code_enum::assert_well_formed::<SevereGround>();
    }
}
