//! The strike module's statistics (以打为主) as registry entries: cases
//! accepted, their suspects, campaign cases, drugs and precursor chemicals
//! seized, and how many leads became cases. Counted by the month of the
//! record's own date (acceptance, seizure, receipt) at the record's unit.

use time::Date;

use super::{Definition, IndicatorCode, Membership, Month, Unit};
use crate::enforcement::{LeadState, SeizureKind};

/// A count of records with no target: the speech sets none for them.
fn count(
    code: IndicatorCode,
    unit: Unit,
    (numerator_zh, numerator_en): (&'static str, &'static str),
    formula_source: &'static str,
) -> Definition {
    Definition {
        code,
        unit,
        numerator_zh,
        numerator_en,
        denominator_zh: None,
        denominator_en: None,
        target: None,
        formula_source,
        complete_months: false,
        stock: false,
    }
}

/// The registry entries of the strike statistics.
pub(super) fn definition(code: IndicatorCode) -> Definition {
    use IndicatorCode as C;
    match code {
        C::DrugCases => count(
            code,
            Unit::Count,
            (
                "期内受理的毒品案件（刑法第三百四十七条至第三百五十七条）",
                "drug cases accepted in the period (Criminal Law Art 347–357)",
            ),
            "Jindu: by the month the case was accepted, at the case's unit",
        ),
        C::DrugSuspects => count(
            code,
            Unit::Count,
            (
                "期内受理的毒品案件的犯罪嫌疑人（一人涉多案的按案计）",
                "suspects of drug cases accepted in the period (once per case)",
            ),
            "Jindu: each suspect of each case, by the month the case was accepted, at the case's unit",
        ),
        C::CampaignCases => count(
            code,
            Unit::Count,
            (
                "期内受理、标注专项行动（如两打两控）的毒品案件",
                "drug cases accepted in the period tagged with a campaign (两打两控 …)",
            ),
            "Jindu: cases with at least one campaign tag, by the month the case was accepted",
        ),
        C::SeizedDrugs => count(
            code,
            Unit::Grams,
            (
                "期内缴获的各类毒品（克）",
                "drugs of every kind seized in the period (grams)",
            ),
            "Jindu: the weights recorded on seizures, by the month of the seizure, at the case's unit",
        ),
        C::OutflowTraffickers => count(
            code,
            Unit::Count,
            (
                "期内在外地因贩毒被查获的本地户籍人员（据外地通报）",
                "local people caught trafficking elsewhere in the period (from the other regions' notices)",
            ),
            "Jindu: each notice, by the month the person was caught, at their home village (户籍地), so \
                 counties rank by where outflow traffickers come from",
        ),
        C::SeizedPrecursors => count(
            code,
            Unit::Kilograms,
            (
                "期内缴获的易制毒化学品（千克）",
                "precursor chemicals seized in the period (kilograms)",
            ),
            "Jindu: the weights recorded on seizures, by the month of the seizure, at the case's unit",
        ),
        _ => Definition {
            code,
            unit: Unit::Rate,
            numerator_zh: "其中已立案侦查的",
            numerator_en: "of which a case was filed",
            denominator_zh: Some("期内接收的线索"),
            denominator_en: Some("leads received in the period"),
            target: None,
            formula_source: "Jindu: by the month the lead was received; a lead filed as a case later \
                 moves into the numerator, so recent months are still filling up",
            complete_months: false,
            stock: false,
        },
    }
}

/// How a case counts toward `code`: every case in the month it was
/// accepted; a campaign case when it carries a campaign tag.
#[must_use]
pub fn of_case(code: IndicatorCode, accepted: Date, has_campaign: bool) -> Option<Membership> {
    let m = Membership {
        month: Month::of(accepted),
        numerator: true,
    };
    match code {
        IndicatorCode::DrugCases => Some(m),
        IndicatorCode::CampaignCases if has_campaign => Some(m),
        _ => None,
    }
}

/// How a suspect of a case counts toward `code`, in the month the case
/// was accepted: among the suspects, and among the offenders of the
/// minors' share by their age that day.
#[must_use]
pub fn of_suspect(code: IndicatorCode, accepted: Date, born: Date) -> Option<Membership> {
    let month = Month::of(accepted);
    match code {
        IndicatorCode::DrugSuspects => Some(Membership {
            month,
            numerator: true,
        }),
        IndicatorCode::MinorShare => Some(Membership {
            month,
            numerator: crate::age::age_on(born, accepted) < 18,
        }),
        _ => None,
    }
}

/// How a seizure counts toward `code`, with its weight in milligrams:
/// drugs toward the drugs seized, precursors toward the precursors.
#[must_use]
pub fn of_seizure(
    code: IndicatorCode,
    kind: SeizureKind,
    seized: Date,
    mg: i64,
) -> Option<(Membership, i64)> {
    let m = Membership {
        month: Month::of(seized),
        numerator: true,
    };
    match (code, kind) {
        (IndicatorCode::SeizedDrugs, SeizureKind::Drug)
        | (IndicatorCode::SeizedPrecursors, SeizureKind::Precursor) => Some((m, mg)),
        _ => None,
    }
}

/// How a lead counts toward `code`: in the month it was received, in the
/// numerator once filed as a case.
#[must_use]
pub fn of_lead(code: IndicatorCode, received: Date, state: LeadState) -> Option<Membership> {
    match code {
        IndicatorCode::LeadConversion => Some(Membership {
            month: Month::of(received),
            numerator: state == LeadState::CaseFiled,
        }),
        _ => None,
    }
}

/// How an outflow notice counts: in the month the person was caught.
#[must_use]
pub fn of_outflow(code: IndicatorCode, caught: Date) -> Option<Membership> {
    (code == IndicatorCode::OutflowTraffickers).then(|| Membership {
        month: Month::of(caught),
        numerator: true,
    })
}

/// The indicators a case counts toward.
pub const OF_CASES: &[IndicatorCode] = &[IndicatorCode::DrugCases, IndicatorCode::CampaignCases];
/// The indicators a suspect of a case counts toward.
pub const OF_SUSPECTS: &[IndicatorCode] = &[IndicatorCode::DrugSuspects, IndicatorCode::MinorShare];
/// The indicators a seizure counts toward.
pub const OF_SEIZURES: &[IndicatorCode] =
    &[IndicatorCode::SeizedDrugs, IndicatorCode::SeizedPrecursors];
/// The indicators a lead counts toward.
pub const OF_LEADS: &[IndicatorCode] = &[IndicatorCode::LeadConversion];
/// The indicators an outflow notice counts toward.
pub const OF_OUTFLOW: &[IndicatorCode] = &[IndicatorCode::OutflowTraffickers];

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::macros::date;

    use super::*;

    #[test]
    fn a_case_counts_once_and_as_a_campaign_case_when_tagged() {
        let on = date!(2026 - 03 - 31);
        let m = of_case(IndicatorCode::DrugCases, on, false).unwrap();
        assert_eq!((m.month.to_string(), m.numerator), ("2026-03".into(), true));
        assert_eq!(of_case(IndicatorCode::CampaignCases, on, false), None);
        assert!(of_case(IndicatorCode::CampaignCases, on, true).is_some());
        assert_eq!(of_case(IndicatorCode::NewlyFound, on, true), None);
    }

    #[test]
    fn a_suspect_is_a_minor_by_age_on_the_day_the_case_was_accepted() {
        let born = date!(2008 - 04 - 01);
        // 18 on 2026-04-01 (Civil Code Art 17, age by the birthday).
        let before = of_suspect(IndicatorCode::MinorShare, date!(2026 - 03 - 31), born).unwrap();
        let on = of_suspect(IndicatorCode::MinorShare, date!(2026 - 04 - 01), born).unwrap();
        assert!(before.numerator && !on.numerator);
        assert!(
            of_suspect(IndicatorCode::DrugSuspects, date!(2026 - 04 - 01), born)
                .unwrap()
                .numerator
        );
    }

    #[test]
    fn an_outflow_notice_counts_in_the_month_caught() {
        let m = of_outflow(IndicatorCode::OutflowTraffickers, date!(2026 - 02 - 28)).unwrap();
        assert_eq!((m.month.to_string(), m.numerator), ("2026-02".into(), true));
        assert_eq!(
            of_outflow(IndicatorCode::DrugCases, date!(2026 - 02 - 28)),
            None
        );
    }

    #[test]
    fn seizures_weigh_in_milligrams_each_toward_its_kind() {
        let on = date!(2026 - 05 - 02);
        let drug = of_seizure(IndicatorCode::SeizedDrugs, SeizureKind::Drug, on, 12_345);
        assert_eq!(
            drug.map(|(m, w)| (m.month.to_string(), w)),
            Some(("2026-05".into(), 12_345))
        );
        assert_eq!(
            of_seizure(IndicatorCode::SeizedPrecursors, SeizureKind::Drug, on, 1),
            None
        );
        assert!(
            of_seizure(
                IndicatorCode::SeizedPrecursors,
                SeizureKind::Precursor,
                on,
                1
            )
            .is_some()
        );
        let grams = definition(IndicatorCode::SeizedDrugs).figure(12_345, 12_345);
        assert_eq!(grams.value, Some(12.345));
        let kg = definition(IndicatorCode::SeizedPrecursors).figure(3_200_000, 3_200_000);
        assert_eq!(kg.value, Some(3.2));
    }

    proptest! {
        /// Every lead counts in the month received; only a filed case is
        /// in the numerator, whatever its state.
        #[test]
        fn leads_convert_only_when_filed_as_a_case(day in 0i64..2_000, state in 0usize..5) {
            let received = date!(2022 - 01 - 01) + time::Duration::days(day);
            let state = LeadState::ALL[state % LeadState::ALL.len()];
            let m = of_lead(IndicatorCode::LeadConversion, received, state).unwrap();
            prop_assert_eq!(m.month, Month::of(received));
            prop_assert_eq!(m.numerator, state == LeadState::CaseFiled);
            prop_assert_eq!(of_lead(IndicatorCode::DrugCases, received, state), None);
        }
    }
}
