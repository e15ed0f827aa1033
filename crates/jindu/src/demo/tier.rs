//! Data tiers (performance.md): the demo city at the volume of a city, a
//! province or a tenth of the nation, for the benchmarks. The persons are
//! generated as in the small demo; on top of the histories recorded
//! through the services, this module bulk-loads the volume: open community
//! measures with their report-in and agreement, their drug tests on
//! schedule, and earlier tests of everyone on the register (spot checks,
//! seasonal, 3–5% positive).
//!
//! The rows are written with the store's own insert functions in large
//! transactions, one audit entry per batch, as `load_people` writes the
//! persons; the indicator rollups then come from one rebuild, exactly as
//! the kept rollups would have grown (the property test proves the two
//! equal).

use clap::ValueEnum;
use jindu_domain::{Event, Measure, Period};
use jindu_store::Q;
use jindu_store::audit::AuditEvent;
use jindu_store::drug_tests::{self, NewTest};
use jindu_store::measures::{self, EventWrite, NewMeasure};
use jindu_store::persons;
use jindu_store::service::Ctx;
use jindu_store::service::measures::{next_deadline, person_status};
use serde_json::json;
use time::{Date, Duration};

use super::load::loader_actor;
use super::rng::Rng;
use crate::failure::{CliResult, Failure};

/// The size of a generated city.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Scale {
    /// The small demo: `--persons` persons, histories only.
    Demo,
    /// 50 k persons, 8 k under active control, 1.5 M drug tests.
    City,
    /// 300 k persons, 50 k under active control, 15 M drug tests.
    Province,
    /// A tenth of the nation, for PostgreSQL: 500 k persons, 90 k under
    /// control, 15 M drug tests.
    NationalLite,
}

/// The volume of a tier (performance.md, "Data tiers").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tier {
    pub persons: usize,
    /// Persons under an open community measure.
    pub active: usize,
    /// Drug tests on record.
    pub tests: usize,
}

impl Scale {
    /// The tier's volume; the small demo has none beyond its histories.
    pub fn tier(self) -> Option<Tier> {
        let (persons, active, tests) = match self {
            Scale::Demo => return None,
            Scale::City => (50_000, 8_000, 1_500_000),
            Scale::Province => (300_000, 50_000, 15_000_000),
            Scale::NationalLite => (500_000, 90_000, 15_000_000),
        };
        Some(Tier {
            persons,
            active,
            tests,
        })
    }
}

/// Persons per transaction of the bulk load.
const BATCH: usize = 2_000;
/// Stream of the tier's own draws, apart from the people and histories.
const TIER_STREAM: u64 = 0x7469_6572_7374_726d;
/// Earlier tests go back at most this many days (five years).
const HISTORY_DAYS: i64 = 5 * 365;
/// Tests by month of the year: more around 26 June (the anti-drug day)
/// and before the Spring Festival, fewer in its holiday.
const MONTH_WEIGHTS: [u32; 12] = [11, 6, 8, 8, 9, 13, 9, 8, 8, 7, 8, 10];

/// What the bulk load wrote.
#[derive(Debug, Default)]
pub struct Bulk {
    pub measures: usize,
    pub tests: usize,
}

/// A person the bulk load may give a measure and tests.
struct Candidate {
    id: String,
    county_code: String,
    org_unit_id: i64,
    first_registered: Date,
}

/// Loads the tier's volume on top of the demo: persons without any
/// measure get, in proportion, an open community measure with tests on
/// schedule, and everyone earlier tests up to the tier's total.
pub async fn load(ctx: &Ctx, seed: u64, tier: Tier) -> CliResult<Bulk> {
    let mut rng = Rng::new(seed ^ TIER_STREAM);
    let candidates: Vec<Candidate> = ctx
        .db
        .fetch_all(Q::new(
            "SELECT p.id, p.county_code, p.org_unit_id, p.first_reg_date FROM persons p \
             WHERE NOT EXISTS (SELECT 1 FROM measures m WHERE m.person_id = p.id) ORDER BY p.id",
        ))
        .await?
        .iter()
        .map(|r| {
            Ok(Candidate {
                id: r.text("id")?,
                county_code: r.text("county_code")?,
                org_unit_id: r.i64("org_unit_id")?,
                first_registered: r.date("first_reg_date")?,
            })
        })
        .collect::<Result<_, jindu_store::StoreError>>()?;
    if candidates.is_empty() {
        return Ok(Bulk::default());
    }
    let active_share = tier.active as f64 / candidates.len() as f64;
    // Scheduled tests: about 15 per person under a measure (monthly for a
    // year, then every other month); the rest are earlier spot tests.
    let scheduled = tier.active * 15;
    let per_person = tier.tests.saturating_sub(scheduled) as f64 / candidates.len() as f64;
    let today = ctx.today();
    let mut bulk = Bulk::default();
    let batches = candidates.len().div_ceil(BATCH);
    for (n, chunk) in candidates.chunks(BATCH).enumerate() {
        let mut batch = Batch::default();
        for c in chunk {
            if rng.chance(active_share) {
                batch.measure(ctx, &mut rng, c, today)?;
            }
            let count = rng.range(0, (2.0 * per_person).round() as i64);
            for _ in 0..count {
                let on = spot_test_day(&mut rng, c.first_registered, today);
                batch.test(&mut rng, c, None, on);
            }
        }
        bulk.measures += batch.measures.len();
        bulk.tests += batch.tests.len();
        batch.store(ctx, n + 1, batches).await?;
        tracing::info!(
            batch = n + 1,
            batches,
            measures = bulk.measures,
            tests = bulk.tests,
            "tier loaded"
        );
    }
    Ok(bulk)
}

/// A day of an earlier spot test: after the first registration, within
/// the last five years, in a month drawn by season.
fn spot_test_day(rng: &mut Rng, first_registered: Date, today: Date) -> Date {
    let from = first_registered.max(today - Duration::days(HISTORY_DAYS));
    let span = (today - from).whole_days().max(0);
    let day = from + Duration::days(rng.range(0, span));
    // Move the day into a month drawn by the seasonal weights, keeping its
    // year; a draw after today falls back to the uniform day.
    let month = time::Month::try_from(rng.weighted(&MONTH_WEIGHTS) as u8 + 1)
        .unwrap_or(time::Month::January);
    let dom = day.day().min(28);
    match Date::from_calendar_date(day.year(), month, dom) {
        Ok(d) if d >= from && d <= today => d,
        _ => day,
    }
}

/// One transaction's worth of rows.
#[derive(Default)]
struct Batch {
    measures: Vec<(NewMeasure, Vec<(Event, Measure)>)>,
    tests: Vec<NewTest>,
    /// Register status each measure implies for its person.
    statuses: Vec<(String, &'static str)>,
}

impl Batch {
    /// An open community measure reported in (on time, or for a few a day
    /// or two late with a reason), its agreement and its scheduled tests.
    fn measure(&mut self, ctx: &Ctx, rng: &mut Rng, c: &Candidate, today: Date) -> CliResult<()> {
        let decided = today - Duration::days(rng.range(40, 1_000));
        let served = decided + Duration::days(1);
        let late = rng.chance(0.03);
        let report = served
            + Duration::days(if late {
                rng.range(16, 18)
            } else {
                rng.range(1, 14)
            });
        let ordered = if rng.chance(0.6) {
            Measure::community_detox(decided, served)
        } else {
            Measure::community_rehab(decided, served, Period::Months(36))
        };
        let refused = |e: jindu_domain::measures::TransitionError| {
            Failure::new(format!("tier measure refused: {}", e.code()))
        };
        let mut m = ordered.map_err(refused)?;
        let mut events = Vec::new();
        for e in [
            Event::ReportIn {
                on: report,
                late_reason: late.then(|| "住院治疗，出院后报到".to_string()),
            },
            Event::SignAgreement { on: report },
        ] {
            m = m.apply(&e, &ctx.calendar).map_err(refused)?;
            events.push((e, m.clone()));
        }
        let id = persons::uuid_v4(rng.bytes16());
        let status = m.status_on(today, &ctx.calendar);
        self.measures.push((
            NewMeasure {
                id: id.clone(),
                person_id: c.id.clone(),
                county_code: c.county_code.clone(),
                org_unit_id: c.org_unit_id,
                kind: m.kind().code().to_string(),
                state: m.state().code().to_string(),
                decision_date: decided,
                served_date: Some(served),
                term_months: None,
                early_release_bar: None,
                snapshot: snapshot(&m)?,
                closed: m.state().is_closed(),
                next_deadline_date: next_deadline(&status),
                created_by: None,
            },
            events,
        ));
        self.statuses.push((c.id.clone(), person_status(&m).code()));
        // Monthly for a year, then every other month; one in ten missed.
        let mut month = 0u32;
        while let Some(due) =
            jindu_domain::date_math::add_months(report, month).filter(|d| *d <= today)
        {
            month += if month < 12 { 1 } else { 2 };
            if rng.chance(0.9) {
                let on = (due + Duration::days(rng.range(0, 3))).min(today);
                self.test(rng, c, Some(&id), on);
            }
        }
        Ok(())
    }

    /// A drug test: 4% positive, 3% evaded, 1% refused.
    fn test(&mut self, rng: &mut Rng, c: &Candidate, measure: Option<&str>, on: Date) {
        let (result, substances) = match rng.below(100) {
            0..=3 => ("positive", "甲基苯丙胺"),
            4..=6 => ("evaded", ""),
            7 => ("refused", ""),
            _ => ("negative", ""),
        };
        self.tests.push(NewTest {
            id: persons::uuid_v4(rng.bytes16()),
            person_id: c.id.clone(),
            measure_id: measure.map(str::to_string),
            county_code: c.county_code.clone(),
            org_unit_id: c.org_unit_id,
            test_date: on,
            method: if rng.chance(0.9) { "urine" } else { "hair" }.to_string(),
            setting: "on_site".to_string(),
            result: result.to_string(),
            substances: substances.to_string(),
            unannounced: rng.chance(0.1),
            recorded_by: None,
        });
    }

    /// Writes the batch in one transaction with one audit entry.
    async fn store(self, ctx: &Ctx, n: usize, batches: usize) -> CliResult<()> {
        let now = ctx.now_ms();
        let (measures, tests) = (self.measures.len(), self.tests.len());
        let mut tx = ctx.db.begin().await?;
        for (row, events) in self.measures {
            let id = row.id.clone();
            measures::insert(&mut tx, row, now).await?;
            for (e, after) in events {
                let status = after.status_on(ctx.today(), &ctx.calendar);
                measures::append_event(
                    &mut tx,
                    EventWrite {
                        measure_id: &id,
                        code: e.code(),
                        on: e.on(),
                        payload: serde_json::to_string(&e)
                            .map_err(|e| Failure::new(format!("tier event: {e}")))?,
                        state: after.state().code(),
                        snapshot: snapshot(&after)?,
                        closed: after.state().is_closed(),
                        next_deadline_date: next_deadline(&status),
                        recorded_by: None,
                    },
                    now,
                )
                .await?;
            }
        }
        for (person, status) in self.statuses {
            measures::set_person_status(&mut tx, &person, status, now).await?;
        }
        drug_tests::insert_many(&mut tx, self.tests, now).await?;
        let ev = AuditEvent::new("demo.load", "measure", "").details(
            json!({ "measures": measures, "tests": tests, "batch": n, "batches": batches }),
        );
        ctx.commit_audited(tx, &loader_actor(), ev).await?;
        Ok(())
    }
}

fn snapshot(m: &Measure) -> CliResult<String> {
    serde_json::to_string(m).map_err(|e| Failure::new(format!("tier measure snapshot: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_follow_performance_md() {
        assert_eq!(Scale::Demo.tier(), None);
        let city = Scale::City.tier().unwrap();
        assert_eq!(
            (city.persons, city.active, city.tests),
            (50_000, 8_000, 1_500_000)
        );
        let province = Scale::Province.tier().unwrap();
        assert_eq!(province.tests, 10 * city.tests);
    }

    #[test]
    fn spot_tests_stay_between_registration_and_today() {
        let mut rng = Rng::new(3);
        let today = time::macros::date!(2026 - 11 - 29);
        let registered = time::macros::date!(2025 - 03 - 10);
        for _ in 0..2_000 {
            let d = spot_test_day(&mut rng, registered, today);
            assert!(d >= registered && d <= today, "{d}");
        }
        let old = time::macros::date!(2010 - 01 - 01);
        for _ in 0..2_000 {
            let d = spot_test_day(&mut rng, old, today);
            assert!(d >= today - Duration::days(HISTORY_DAYS), "{d}");
        }
    }
}
