//! The indicator rollups kept on every write equal a rebuild from the raw
//! records, for random histories (registrations, measures ordered, reports
//! in on time or late, agreements, transfers across counties and their
//! receipt, terminations), on each backend.

use jindu_domain::authz::Role;
use jindu_domain::org::OrgLevel;
use jindu_domain::{Event, IdNumber};
use time::macros::date;
use time::{Date, Duration};

use super::fixtures::{cli, unit};
use super::harness::{TestCtx, each_backend};
use crate::db::Q;
use crate::indicators;
use crate::org::OrgUnit;
use crate::service::case_subjects::SubjectInput;
use crate::service::cases::{CaseInput, SeizureInput, SuspectInput};
use crate::service::drug_tests::TestInput;
use crate::service::leads::{LeadInput, LeadStateInput};
use crate::service::measures::MeasureOrder;
use crate::service::outflow::OutflowInput;
use crate::service::persons::PersonInput;
use crate::service::register::RegisterPatch;
use crate::service::trace::TraceCloseInput;
use crate::service::transfers::{ReceiveInput, TransferInput};

/// A small deterministic generator (xorshift64*): each seed one history.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }
    fn days(&mut self, lo: i64, hi: i64) -> Duration {
        Duration::days(lo + self.below((hi - lo + 1) as u64) as i64)
    }
}

struct Place {
    township: OrgUnit,
    village: OrgUnit,
}

async fn world(t: &TestCtx) -> (OrgUnit, Vec<Place>) {
    let city = unit(t, None, OrgLevel::City, "990100", "南江市").await;
    let mut places = Vec::new();
    for code in ["990101", "990102"] {
        let county = unit(t, Some(&city), OrgLevel::County, code, "县").await;
        let township = unit(
            t,
            Some(&county),
            OrgLevel::Township,
            &format!("{code}001"),
            "镇",
        )
        .await;
        let village = unit(
            t,
            Some(&township),
            OrgLevel::Village,
            &format!("{code}001001"),
            "村",
        )
        .await;
        places.push(Place { township, village });
    }
    (city, places)
}

async fn determine_severe(ctx: &crate::service::Ctx, actor: &crate::service::Actor, person: &str) {
    let input = crate::service::addiction::AddictionInput {
        level: "severe".into(),
        grounds: vec!["injection".into()],
        ..Default::default()
    };
    ctx.person_addiction(actor, person, &input).await.unwrap();
}

/// 双逢双查 for a new registration, by `roll` (0–5): its source trace (if
/// it opened) left open, closed with a reason or with the person before as
/// supplier; and sometimes a selling case that opens an up/down-line trace.
async fn strike(
    ctx: &crate::service::Ctx,
    city: &OrgUnit,
    person: &str,
    (village, id_number): (i64, &str),
    before: Option<&str>,
    roll: u64,
) {
    let police = cli(Role::PoliceOfficer, city);
    let task = ctx
        .db
        .fetch_optional(Q::new("SELECT id FROM trace_tasks WHERE person_id = $1").bind(person))
        .await
        .unwrap()
        .map(|r| r.text("id").unwrap());
    if let Some(task) = task {
        let input = match (roll % 3, before) {
            (0, _) => None,
            (1, Some(s)) => Some(TraceCloseInput {
                supplier_id: Some(s.into()),
                reason: None,
            }),
            _ => Some(TraceCloseInput {
                supplier_id: None,
                reason: Some("拒不交代毒品来源".into()),
            }),
        };
        if let Some(input) = input {
            ctx.trace_close(&police, &task, &input).await.unwrap();
        }
    }
    // A lead each time, taken as far as the roll says.
    let lead = LeadInput {
        source: "intelligence".into(),
        reliability: "reliable".into(),
        summary: "测试线索".into(),
        content: "测试线索内容".into(),
        org_unit_id: Some(city.id),
        received_date: Some(ctx.today() - time::Duration::days(40 * roll as i64)),
        ..Default::default()
    };
    let lead = ctx.lead_create(&police, &lead).await.unwrap();
    // Sometimes the person was caught trafficking elsewhere as well.
    if roll == 2 {
        let notice = OutflowInput {
            name: "测外流".into(),
            id_number: id_number.into(),
            org_unit_id: village,
            caught_region: "云南省西双版纳州".into(),
            caught_date: Some(ctx.today() - time::Duration::days(35)),
            offence: "selling".into(),
            their_case: String::new(),
        };
        ctx.outflow_create(&police, &notice).await.unwrap();
    }
    if roll >= 4 {
        let case = CaseInput {
            number: format!("T-{person}"),
            case_type: "selling".into(),
            title: "测试贩毒案".into(),
            org_unit_id: city.id,
            accepted_date: Some(ctx.today() - time::Duration::days(20 * roll as i64)),
            campaigns: if roll == 5 {
                vec!["两打两控".into()]
            } else {
                Vec::new()
            },
            suspects: vec![SuspectInput {
                person_id: person.into(),
                role: "seller".into(),
            }],
            ..Default::default()
        };
        let case = ctx.case_create(&police, &case).await.unwrap();
        // A co-offender added later, and what the case seized.
        if let Some(other) = before {
            let s = SuspectInput {
                person_id: other.into(),
                role: "buyer".into(),
            };
            ctx.case_add_suspect(&police, &case, &s).await.unwrap();
        }
        let (kind, substance) = if roll == 5 {
            ("precursor", "麻黄碱")
        } else {
            ("drug", "heroin")
        };
        let seizure = SeizureInput {
            kind: kind.into(),
            substance: substance.into(),
            quantity: 1.5 + roll as f64,
            seized_date: None,
            place: String::new(),
        };
        ctx.case_seizure(&police, &case, &seizure).await.unwrap();
        // And a courier who is not on the register, a minor at times.
        let born = ctx.today() - time::Duration::days(if roll == 5 { 16 * 366 } else { 30 * 366 });
        let courier = SubjectInput {
            name: "非在册".into(),
            id_number: IdNumber::from_parts("990101", born, 900 + roll as u16)
                .unwrap()
                .as_str()
                .to_string(),
            role: "courier".into(),
        };
        ctx.case_add_subject(&police, &case, &courier)
            .await
            .unwrap();
        for state in ["verifying", "confirmed", "case_filed"] {
            let to = LeadStateInput {
                state: state.into(),
                reason: None,
                case_id: Some(case.clone()),
            };
            ctx.lead_state(&police, &lead, &to).await.unwrap();
        }
    } else if roll == 3 {
        let to = LeadStateInput {
            state: "dismissed".into(),
            reason: Some("核查后不属实".into()),
            case_id: None,
        };
        ctx.lead_state(&police, &lead, &to).await.unwrap();
    }
}

/// One random history on top of what the database holds.
/// Answers how many measures it terminated.
async fn history(t: &TestCtx, city: &OrgUnit, places: &[Place], seed: u64) -> usize {
    let mut terminated = 0;
    let ctx = &t.ctx;
    let actor = cli(Role::CityOfficer, city);
    let today = ctx.today();
    let mut r = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut last: Option<String> = None;
    for i in 0..6u16 {
        let home = &places[r.below(2) as usize];
        // One in four a minor when registered.
        let born = if r.below(4) == 0 {
            today - r.days(13 * 366, 17 * 366)
        } else {
            date!(1985 - 05 - 05)
        };
        let id = IdNumber::from_parts("990101", born, (seed as u16) * 10 + i)
            .unwrap()
            .as_str()
            .to_string();
        let person = ctx
            .person_register(
                &actor,
                &PersonInput {
                    name: format!("测{seed}{i}"),
                    id_number: id.clone(),
                    household_unit_id: Some(home.village.id),
                    residence_unit_id: Some(home.village.id),
                    first_reg_unit_id: Some(home.township.id),
                    first_reg_officer: "王警官".into(),
                    // One in three found this month: a source trace opens.
                    first_reg_date: Some(if r.below(3) == 0 {
                        today - r.days(0, 29)
                    } else {
                        today - r.days(0, 700)
                    }),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let home_id = (home.village.id, id.as_str());
        strike(ctx, city, &person, home_id, last.as_deref(), r.below(6)).await;
        last = Some(person.clone());
        // One in three determined severely addicted (应收尽收), before or
        // after what follows happens to them.
        let severe = r.below(3) == 0;
        let determined_first = severe && r.below(2) == 0;
        if determined_first {
            determine_severe(ctx, &actor, &person).await;
        }
        // Some found out of contact, some gone abroad (the control rate).
        if r.below(5) == 0 {
            let status = ["lost_contact", "emigrated", "fugitive"][r.below(3) as usize];
            let patch = RegisterPatch {
                status: Some(status.into()),
                ..Default::default()
            };
            ctx.person_patch_register(&actor, &person, &patch)
                .await
                .unwrap();
            continue;
        }
        let kind =
            ["community_detox", "community_rehab", "compulsory_isolation"][r.below(3) as usize];
        let decided: Date = today - r.days(30, 800);
        let community = kind != "compulsory_isolation";
        let order = MeasureOrder {
            kind: kind.into(),
            decided_on: Some(decided),
            served_on: community.then_some(decided),
            term_months: None,
            after_rehab_refusal: false,
        };
        let (m, _) = ctx.measure_order(&actor, &person, &order).await.unwrap();
        if severe && !determined_first {
            determine_severe(ctx, &actor, &person).await;
        }
        if !community {
            // Released early after a year (JDTL 33), and now and then
            // positive again afterwards: relapses within the year or not.
            if decided < today - Duration::days(380) {
                let out = decided + Duration::days(370);
                ctx.measure_record(&actor, &m, &Event::EarlyRelease { on: out })
                    .await
                    .unwrap();
                if r.below(2) == 0 {
                    let test = TestInput {
                        test_date: Some((out + r.days(1, 500)).min(today)),
                        method: "urine".into(),
                        setting: "on_site".into(),
                        result: "positive".into(),
                        substances: vec!["海洛因".into()],
                        unannounced: false,
                    };
                    ctx.test_record(&actor, &person, &test).await.unwrap();
                }
            }
            continue;
        }
        // Reported in on day 0–20 after service: on time up to day 15.
        if r.below(4) > 0 {
            let on = decided + r.days(0, 20);
            // A late report-in is accepted too (deemed refusal, JDTL 14).
            ctx.measure_record(
                &actor,
                &m,
                &Event::ReportIn {
                    on,
                    late_reason: None,
                },
            )
            .await
            .unwrap();
            if r.below(3) > 0 {
                ctx.measure_record(&actor, &m, &Event::SignAgreement { on })
                    .await
                    .unwrap();
            }
            // Some of the scheduled tests, a few refused or evaded.
            let mut day = on;
            while day < today {
                if r.below(4) > 0 {
                    let result =
                        ["negative", "negative", "positive", "evaded"][r.below(4) as usize];
                    let test = TestInput {
                        test_date: Some(day),
                        method: "urine".into(),
                        setting: "on_site".into(),
                        result: result.into(),
                        substances: if result == "positive" {
                            vec!["海洛因".into()]
                        } else {
                            Vec::new()
                        },
                        unannounced: false,
                    };
                    ctx.test_record(&actor, &person, &test).await.unwrap();
                }
                day += r.days(20, 45);
            }
        }
        // Some move to the other county; most of those are received there.
        if r.below(3) == 0 {
            let other = places
                .iter()
                .find(|p| p.village.id != home.village.id)
                .unwrap();
            let on = today - r.days(5, 20);
            let moved = ctx
                .measure_transfer(
                    &actor,
                    &m,
                    &TransferInput {
                        on: Some(on),
                        to_unit: other.township.code.clone(),
                    },
                )
                .await;
            if moved.is_ok() && r.below(3) > 0 {
                let input = ReceiveInput {
                    on: Some(on + Duration::days(2)),
                    unit: other.village.code.clone(),
                };
                ctx.transfer_receive(&actor, &m, &input).await.unwrap();
            }
        }
        if r.below(6) == 0 {
            let cause = jindu_domain::measures::EndCause::Other;
            // Refused for a measure already closed or on its way elsewhere.
            let ended = ctx
                .measure_record(
                    &actor,
                    &m,
                    &Event::Terminate {
                        on: today - Duration::days(1),
                        cause,
                    },
                )
                .await;
            terminated += usize::from(ended.is_ok());
        }
    }
    terminated
}

/// Every person's `county_unit_id` (which the register's pages walk by) is
/// the county in their unit's path, after registrations, transfers and
/// org moves.
async fn counties_follow_units(t: &TestCtx) {
    let rows = t
        .db()
        .fetch_all(Q::new(
            "SELECT p.county_unit_id, o.path FROM persons p JOIN org_units o ON o.id = p.org_unit_id",
        ))
        .await
        .unwrap();
    assert!(!rows.is_empty());
    for r in rows {
        let path = r.text("path").unwrap();
        let county = crate::org::path_ids(&path).get(1).copied();
        assert_eq!(r.opt_i64("county_unit_id").unwrap(), county, "{path}");
    }
}

#[tokio::test]
async fn incremental_rollups_equal_a_rebuild_for_random_histories() {
    each_backend(async |t| {
        let (city, places) = world(t).await;
        let actor = cli(Role::SysAdmin, &city);
        let mut terminated = 0;
        for seed in 1..=8 {
            terminated += history(t, &city, &places, seed).await;
            let kept = indicators::all_counts(t.db()).await.unwrap();
            let report = t.ctx.indicators_rebuild(&actor).await.unwrap();
            let rebuilt = indicators::all_counts(t.db()).await.unwrap();
            assert_eq!(kept, rebuilt, "seed {seed} on {:?}", t.backend);
            // Every member is counted once in the city's denominators (and
            // again at each unit between it and the city), by its weight: a
            // seizure's milligrams, else 1.
            let den: i64 = rebuilt.iter().filter(|c| c.2 == city.id).map(|c| c.4).sum();
            let weights = "SELECT CAST(COALESCE(SUM(weight), 0) AS BIGINT) FROM indicator_members";
            assert_eq!(den, t.db().scalar_i64(Q::new(weights)).await.unwrap(), "seed {seed}");
            assert!(report.members > 0);
            assert!(rebuilt.iter().all(|c| 0 <= c.3 && c.3 <= c.4));
        }
        assert!(terminated > 0, "some measures terminated");
        let traced = "SELECT COUNT(DISTINCT indicator) FROM indicator_members WHERE indicator IN ('trace_completion', 'source_identified') AND numerator";
        assert_eq!(t.db().scalar_i64(Q::new(traced)).await.unwrap(), 2, "traces were counted");
        let strike = "SELECT COUNT(DISTINCT indicator) FROM indicator_members WHERE indicator IN \
            ('drug_cases', 'drug_suspects', 'campaign_cases', 'seized_drugs', 'seized_precursors', 'lead_conversion', 'outflow_traffickers') AND numerator";
        assert_eq!(t.db().scalar_i64(Q::new(strike)).await.unwrap(), 7, "the strike statistics were counted");
        counties_follow_units(t).await;
        // A village moves to the other county's township: the sums kept
        // above it follow, as a rebuild would count them.
        let county_b = places[1].township.parent_id.unwrap();
        let before: i64 = indicators::all_counts(t.db())
            .await
            .unwrap()
            .iter()
            .filter(|c| c.2 == county_b)
            .map(|c| c.4)
            .sum();
        t.ctx
            .org_move(&actor, places[0].village.id, places[1].township.id)
            .await
            .unwrap();
        let moved = indicators::all_counts(t.db()).await.unwrap();
        let after: i64 = moved.iter().filter(|c| c.2 == county_b).map(|c| c.4).sum();
        assert!(after > before, "{before} → {after}");
        counties_follow_units(t).await;
        t.ctx.indicators_rebuild(&actor).await.unwrap();
        assert_eq!(moved, indicators::all_counts(t.db()).await.unwrap());
        // Last month's values of the stocks are kept once; a rebuild
        // cannot recompute a past day, so it leaves them.
        let snapshots = "SELECT COUNT(*) FROM indicator_snapshots";
        let kept = t.ctx.indicators_snapshot_due().await.unwrap().unwrap();
        assert!(kept > 0);
        assert_eq!(t.ctx.indicators_snapshot_due().await.unwrap(), None);
        t.ctx.indicators_rebuild(&actor).await.unwrap();
        let left = t
            .db()
            .scalar_i64(crate::db::Q::new(snapshots))
            .await
            .unwrap();
        assert_eq!(left as u64, kept);
        // The histories gave every indicator something to count.
        let kept = indicators::all_counts(t.db()).await.unwrap();
        for code in [
            "community_execution_rate",
            "community_report_in_rate",
            "newly_found",
            "minor_share",
            "test_completion",
            "relapse_rate",
            "control_rate",
            "severe_under_measure",
        ] {
            assert!(kept.iter().any(|c| c.0 == code), "{code}");
        }
        assert!(
            kept.iter().any(|c| c.0 == "minor_share" && c.3 > 0),
            "some minors"
        );
        let done: Vec<_> = kept.iter().filter(|c| c.0 == "test_completion").collect();
        assert!(done.iter().any(|c| c.3 > 0), "tests done");
        assert!(done.iter().any(|c| c.3 < c.4), "tests missed");
        assert!(
            kept.iter().any(|c| c.0 == "relapse_rate" && c.3 > 0),
            "some relapses"
        );
        assert!(
            kept.iter().any(|c| c.0 == "control_rate" && c.3 < c.4),
            "some out of contact"
        );
    })
    .await;
}
