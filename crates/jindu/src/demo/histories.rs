//! Realistic histories for the demo city (issue 3 §11): measures in every
//! state, drug tests on schedule with a few positives and evasions, overdue
//! items, deemed refusals and serious violations, so the person files and
//! the work queue show something real. Recorded through the service layer,
//! so every rule and audit entry applies as in daily use.

use jindu_domain::authz::{Role, path_within};
use jindu_domain::{Event, date_math};
use jindu_store::Q;
use jindu_store::org::OrgUnit;
use jindu_store::service::drug_tests::TestInput;
use jindu_store::service::measures::MeasureOrder;
use jindu_store::service::{Actor, Ctx, ServiceError};
use time::{Date, Duration};

use super::rng::Rng;
use crate::failure::CliResult;

/// Share of persons outside the demo community with a history; everyone in
/// the social worker's community has one, so their queue is full.
const SHARE_ELSEWHERE: f64 = 0.15;
/// Stream of the seed used for histories (independent of people and ids).
const HISTORY_STREAM: u64 = 0x6869_7374_6f72_7973;

#[derive(Default, Debug)]
pub struct Loaded {
    pub measures: usize,
    pub tests: usize,
}

fn days_ago(today: Date, n: i64) -> Date {
    today - Duration::days(n)
}

/// Records one person's history through the services.
struct Recorder<'a> {
    ctx: &'a Ctx,
    actor: Actor,
    rng: Rng,
    today: Date,
    loaded: Loaded,
}

impl Recorder<'_> {
    async fn event(&self, measure: &str, e: Event) -> CliResult<()> {
        match self.ctx.measure_record(&self.actor, measure, &e).await {
            // A history the state machine refuses is skipped, not fatal:
            // the generator only proposes, the law disposes.
            Ok(_) | Err(ServiceError::Invalid { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Monthly tests from `start` to today (bi-monthly after a year), each
    /// taken with probability `done`, a few positive or evaded.
    async fn tests(&mut self, person: &str, start: Date, done: f64) -> CliResult<()> {
        let mut month = 0u32;
        while let Some(due) = date_math::add_months(start, month).filter(|d| *d <= self.today) {
            month += if month < 12 { 1 } else { 2 };
            if !self.rng.chance(done) {
                continue;
            }
            let on = (due + Duration::days(self.rng.range(0, 3))).min(self.today);
            let (result, substances) = match self.rng.below(100) {
                0..=3 => ("positive", vec!["甲基苯丙胺".to_string()]),
                4..=6 => ("evaded", Vec::new()),
                7 => ("refused", Vec::new()),
                _ => ("negative", Vec::new()),
            };
            let t = TestInput {
                test_date: Some(on),
                method: if self.rng.chance(0.9) {
                    "urine"
                } else {
                    "hair"
                }
                .to_string(),
                setting: "on_site".to_string(),
                result: result.to_string(),
                substances,
                unannounced: self.rng.chance(0.1),
            };
            self.ctx.test_record(&self.actor, person, &t).await?;
            self.loaded.tests += 1;
        }
        Ok(())
    }
}

/// Gives persons histories: everyone in `community`, and a share elsewhere.
pub async fn load(ctx: &Ctx, seed: u64, root: &OrgUnit, community: &OrgUnit) -> CliResult<Loaded> {
    let mut r = Recorder {
        ctx,
        actor: Actor::cli(Role::CityOfficer, &root.path),
        rng: Rng::new(seed ^ HISTORY_STREAM),
        today: ctx.today(),
        loaded: Loaded::default(),
    };
    let today = r.today;
    let rows = ctx
        .db
        .fetch_all(Q::new("SELECT p.id, o.path FROM persons p JOIN org_units o ON o.id = p.org_unit_id ORDER BY p.id"))
        .await?;
    let order = |kind: &str, decided: Date, served: Option<Date>| MeasureOrder {
        kind: kind.to_string(),
        decided_on: Some(decided),
        served_on: served,
        term_months: None,
        after_rehab_refusal: false,
    };
    for row in rows {
        let (id, path) = (row.text("id")?, row.text("path")?);
        if !path_within(&path, &community.path) && !r.rng.chance(SHARE_ELSEWHERE) {
            continue;
        }
        let actor = r.actor.clone();
        match r.rng.below(100) {
            // Community detox under agreement, tests mostly on time; one in
            // ten stops turning up (overdue tests, violations).
            0..=44 => {
                let report = days_ago(today, r.rng.range(60, 900));
                let decided = report - Duration::days(r.rng.range(3, 12));
                let (m, _) = ctx
                    .measure_order(
                        &actor,
                        &id,
                        &order(
                            "community_detox",
                            decided,
                            Some(decided + Duration::days(1)),
                        ),
                    )
                    .await?;
                r.event(
                    &m,
                    Event::ReportIn {
                        on: report,
                        late_reason: None,
                    },
                )
                .await?;
                r.event(&m, Event::SignAgreement { on: report }).await?;
                let done = if r.rng.chance(0.1) { 0.4 } else { 0.9 };
                r.tests(&id, report, done).await?;
            }
            // Recently ordered; some past the report-in deadline.
            45..=54 => {
                let served = days_ago(today, r.rng.range(3, 25));
                ctx.measure_order(
                    &actor,
                    &id,
                    &order("community_detox", served - Duration::days(1), Some(served)),
                )
                .await?;
            }
            55..=69 => {
                ctx.measure_order(
                    &actor,
                    &id,
                    &order(
                        "compulsory_isolation",
                        days_ago(today, r.rng.range(30, 700)),
                        None,
                    ),
                )
                .await?;
            }
            // Community rehabilitation after isolation.
            70..=84 => {
                let report = days_ago(today, r.rng.range(30, 600));
                let (m, _) = ctx
                    .measure_order(
                        &actor,
                        &id,
                        &order(
                            "community_rehab",
                            report - Duration::days(5),
                            Some(report - Duration::days(4)),
                        ),
                    )
                    .await?;
                r.event(
                    &m,
                    Event::ReportIn {
                        on: report,
                        late_reason: None,
                    },
                )
                .await?;
                r.event(&m, Event::SignAgreement { on: report }).await?;
                r.tests(&id, report, 0.85).await?;
            }
            85..=89 => {
                ctx.measure_order(
                    &actor,
                    &id,
                    &order(
                        "voluntary_detox",
                        days_ago(today, r.rng.range(10, 200)),
                        None,
                    ),
                )
                .await?;
            }
            90..=94 => {
                let on = days_ago(today, r.rng.range(10, 400));
                let (m, _) = ctx
                    .measure_order(&actor, &id, &order("maintenance_therapy", on, None))
                    .await?;
                r.event(&m, Event::FileWithPolice { on }).await?;
            }
            // Community detox served in full: release due or recorded.
            _ => {
                let report = days_ago(today, r.rng.range(3 * 366 + 1, 3 * 366 + 200));
                let (m, _) = ctx
                    .measure_order(
                        &actor,
                        &id,
                        &order(
                            "community_detox",
                            report - Duration::days(7),
                            Some(report - Duration::days(6)),
                        ),
                    )
                    .await?;
                r.event(
                    &m,
                    Event::ReportIn {
                        on: report,
                        late_reason: None,
                    },
                )
                .await?;
                r.event(&m, Event::SignAgreement { on: report }).await?;
                if r.rng.chance(0.5) {
                    r.event(&m, Event::Complete { on: today }).await?;
                }
            }
        }
        r.loaded.measures += 1;
    }
    Ok(r.loaded)
}

#[cfg(test)]
mod tests {
    use jindu_store::Q;
    use time::macros::date;

    use crate::demo::load::{generate, load_people, load_units};

    #[tokio::test]
    async fn histories_cover_every_kind_and_keep_the_chain_intact() {
        let dir = tempfile::tempdir().unwrap();
        let db = jindu_store::Db::open_sqlite(&dir.path().join("jindu.db"))
            .await
            .unwrap();
        jindu_store::migrate::migrate(&db).await.unwrap();
        let keys = jindu_store::crypto::Keys::load_or_create(dir.path()).unwrap();
        let mut ctx = crate::open::context(db, keys);
        ctx.clock = std::sync::Arc::new(jindu_store::service::FixedClock::new(1_795_924_800_000));
        let g = generate(7, 400, date!(2026 - 11 - 29));
        let placement = g.placement().unwrap();
        let stored = load_units(&ctx, &g).await.unwrap();
        load_people(&ctx, &g, &stored).await.unwrap();
        let loaded = super::load(
            &ctx,
            7,
            &stored[placement.city],
            &stored[placement.community],
        )
        .await
        .unwrap();
        assert!(loaded.measures >= 40, "{loaded:?}");
        assert!(loaded.tests >= 100, "{loaded:?}");
        let kinds = ctx
            .db
            .scalar_i64(Q::new("SELECT COUNT(DISTINCT kind) FROM measures"))
            .await
            .unwrap();
        assert_eq!(kinds, 5, "every kind of measure appears");
        let positives = ctx
            .db
            .scalar_i64(Q::new(
                "SELECT COUNT(*) FROM drug_tests WHERE result = 'positive'",
            ))
            .await
            .unwrap();
        let share = positives as f64 / loaded.tests as f64;
        assert!((0.01..=0.08).contains(&share), "positive share {share}");
        let report = jindu_store::audit::verify(&ctx.db, &ctx.keys)
            .await
            .unwrap();
        assert!(report.ok(), "{report:?}");
    }
}
