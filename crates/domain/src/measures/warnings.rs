//! Warnings, not decisions: the platform points out what the law or the
//! speech asks the deciding officer to weigh, and records that it did. The
//! police decide; nothing here blocks a decision.

use serde::{Deserialize, Serialize};

use super::kind::MeasureKind;
use super::state::{Measure, MeasureState};
use crate::sex::Sex;

/// A warning shown before or after a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    /// Compulsory isolation does not apply to a pregnant woman or one
    /// breastfeeding her own infant under 1 year (JDF 39).
    IsolationNotForPregnantOrBreastfeeding,
    /// A minor under 16 may be exempted from compulsory isolation (JDF 39).
    IsolationMinorUnder16MayBeExempted,
    /// A measure of a lesser kind follows a decision of compulsory
    /// isolation that was not carried out ("不得随意变更、降格处理").
    DowngradedFromIsolation,
    /// A fine recorded where compulsory isolation was decided.
    FineInPlaceOfIsolation,
    /// A fine recorded in place of a measure for a severely addicted person
    /// ("应收尽收", no fines in place of treatment).
    FineInPlaceOfTreatment,
    /// A severely addicted person without any measure ("应收尽收").
    SeverelyAddictedWithoutMeasure,
}

impl Warning {
    /// Every warning.
    pub const ALL: [Warning; 6] = [
        Warning::IsolationNotForPregnantOrBreastfeeding,
        Warning::IsolationMinorUnder16MayBeExempted,
        Warning::DowngradedFromIsolation,
        Warning::FineInPlaceOfIsolation,
        Warning::FineInPlaceOfTreatment,
        Warning::SeverelyAddictedWithoutMeasure,
    ];

    /// Inverse of [`Warning::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Warning> {
        Warning::ALL.into_iter().find(|w| w.code() == code)
    }
}

impl Warning {
    /// Stable code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Warning::IsolationNotForPregnantOrBreastfeeding => {
                "measure.isolation_not_for_pregnant_or_breastfeeding"
            }
            Warning::IsolationMinorUnder16MayBeExempted => "measure.isolation_minor_under_16",
            Warning::DowngradedFromIsolation => "measure.downgraded_from_isolation",
            Warning::FineInPlaceOfIsolation => "measure.fine_in_place_of_isolation",
            Warning::FineInPlaceOfTreatment => "measure.fine_in_place_of_treatment",
            Warning::SeverelyAddictedWithoutMeasure => "measure.severely_addicted_without_measure",
        }
    }

    /// What the warning rests on.
    #[must_use]
    pub fn basis(self) -> &'static str {
        match self {
            Warning::IsolationNotForPregnantOrBreastfeeding
            | Warning::IsolationMinorUnder16MayBeExempted => "JDF 39",
            Warning::DowngradedFromIsolation
            | Warning::FineInPlaceOfIsolation
            | Warning::FineInPlaceOfTreatment
            | Warning::SeverelyAddictedWithoutMeasure => "speech: 应收尽收、应戒尽戒",
        }
    }

    /// Message in Chinese.
    #[must_use]
    pub fn message_zh(self) -> &'static str {
        match self {
            Warning::IsolationNotForPregnantOrBreastfeeding => {
                "怀孕或者正在哺乳自己不满一周岁婴儿的妇女，不适用强制隔离戒毒（禁毒法第三十九条）"
            }
            Warning::IsolationMinorUnder16MayBeExempted => {
                "不满十六周岁的未成年人，可以不适用强制隔离戒毒（禁毒法第三十九条）"
            }
            Warning::DowngradedFromIsolation => {
                "已决定强制隔离戒毒，现改为较轻措施：请核实是否降格处理"
            }
            Warning::FineInPlaceOfIsolation => {
                "已决定强制隔离戒毒，现以罚款代替：请核实是否以罚代戒"
            }
            Warning::FineInPlaceOfTreatment => {
                "严重成瘾人员以罚款代替戒毒措施：应收尽收，不得以罚代戒"
            }
            Warning::SeverelyAddictedWithoutMeasure => "严重成瘾人员未落实戒毒措施：应收尽收",
        }
    }

    /// Message in English.
    #[must_use]
    pub fn message_en(self) -> &'static str {
        match self {
            Warning::IsolationNotForPregnantOrBreastfeeding => {
                "Compulsory isolation does not apply to a pregnant woman or one breastfeeding her own infant under 1 year (JDF 39)"
            }
            Warning::IsolationMinorUnder16MayBeExempted => {
                "A minor under 16 may be exempted from compulsory isolation (JDF 39)"
            }
            Warning::DowngradedFromIsolation => {
                "Compulsory isolation was decided; a lesser measure now replaces it: check for a downgrade"
            }
            Warning::FineInPlaceOfIsolation => {
                "Compulsory isolation was decided; a fine now replaces it: check for a fine in place of treatment"
            }
            Warning::FineInPlaceOfTreatment => {
                "A severely addicted person is fined instead of being placed under a measure"
            }
            Warning::SeverelyAddictedWithoutMeasure => {
                "A severely addicted person is under no measure"
            }
        }
    }
}

/// Warnings before deciding compulsory isolation (JDF 39). The flag
/// `pregnant_or_breastfeeding` means pregnant or breastfeeding her own
/// infant under 1 year; it is ignored for men (a data error elsewhere).
#[must_use]
pub fn isolation_warnings(
    sex: Sex,
    pregnant_or_breastfeeding: bool,
    age_on_decision: i32,
) -> Vec<Warning> {
    let mut out = Vec::new();
    if sex == Sex::Female && pregnant_or_breastfeeding {
        out.push(Warning::IsolationNotForPregnantOrBreastfeeding);
    }
    if age_on_decision < 16 {
        out.push(Warning::IsolationMinorUnder16MayBeExempted);
    }
    out
}

/// What is recorded after an earlier measure: a measure of some kind, or a
/// fine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposal {
    /// A measure of this kind.
    Measure(MeasureKind),
    /// A fine (罚款) for drug use.
    Fine,
}

/// Warnings when `next` is recorded after `prior` (the person's latest
/// measure, if any).
///
/// A compulsory isolation is "carried out" once it completed or was
/// released early; community rehabilitation after that is the law's own
/// follow-up (JDF 48), not a downgrade. An isolation still executing, or
/// ended early otherwise, that is followed by a lesser measure or a fine
/// is a downgrade the speech forbids ("不得随意变更、降格处理"). A fine for
/// a severely addicted person is a fine in place of treatment.
#[must_use]
pub fn replacement_warnings(
    prior: Option<&Measure>,
    next: Disposal,
    severely_addicted: bool,
) -> Vec<Warning> {
    let mut out = Vec::new();
    let isolation_not_carried_out = prior.is_some_and(|m| {
        m.kind() == MeasureKind::CompulsoryIsolation
            && !matches!(
                m.state(),
                MeasureState::Completed | MeasureState::EarlyReleased
            )
    });
    match next {
        Disposal::Measure(MeasureKind::CompulsoryIsolation) => {}
        Disposal::Measure(_) if isolation_not_carried_out => {
            out.push(Warning::DowngradedFromIsolation)
        }
        Disposal::Measure(_) => {}
        Disposal::Fine => {
            if isolation_not_carried_out {
                out.push(Warning::FineInPlaceOfIsolation);
            }
            if severely_addicted {
                out.push(Warning::FineInPlaceOfTreatment);
            }
        }
    }
    out
}

/// "应收尽收": a severely addicted person must be under a measure.
#[must_use]
pub fn unmeasured_warning(severely_addicted: bool, has_open_measure: bool) -> Option<Warning> {
    (severely_addicted && !has_open_measure).then_some(Warning::SeverelyAddictedWithoutMeasure)
}
