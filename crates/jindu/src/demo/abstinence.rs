//! Old cases for "戒断三年未复吸" (JDTL 7): a share of the persons without
//! a measure were last found positive years ago. Those past three years are
//! proposed in the work queue; some of them have already been confirmed.
//! Recorded through the service layer, so the candidate day is kept exactly
//! as in daily use.

use jindu_domain::abstinence::{AbstinenceFacts, candidate_date};
use jindu_domain::authz::Role;
use jindu_store::Q;
use jindu_store::org::OrgUnit;
use jindu_store::service::drug_tests::TestInput;
use jindu_store::service::register::RegisterUpdate;
use jindu_store::service::{Actor, Ctx};
use time::Duration;

use super::rng::Rng;
use crate::failure::CliResult;

/// Its own seed stream, so the other histories of a seed stay as they were.
const ABSTINENCE_STREAM: u64 = 0x6162_7374_696e_656e;
/// Share of persons without a measure given an old positive test.
const SHARE_OLD_CASES: f64 = 0.04;
/// Share of candidates already confirmed by their office.
const SHARE_CONFIRMED: f64 = 0.4;

#[derive(Debug, Default, Clone, Copy)]
pub struct Loaded {
    /// Old positive tests recorded.
    pub old_cases: usize,
    /// Persons confirmed as 戒断三年未复吸.
    pub confirmed: usize,
}

pub async fn load(ctx: &Ctx, seed: u64, root: &OrgUnit) -> CliResult<Loaded> {
    let actor = Actor::cli(Role::CityOfficer, &root.path);
    let mut rng = Rng::new(seed ^ ABSTINENCE_STREAM);
    let today = ctx.today();
    let rows = ctx
        .db
        .fetch_all(Q::new(
            "SELECT p.id FROM persons p WHERE NOT EXISTS (SELECT 1 FROM measures m WHERE m.person_id = p.id) ORDER BY p.id",
        ))
        .await?;
    let mut loaded = Loaded::default();
    for row in rows {
        if !rng.chance(SHARE_OLD_CASES) {
            continue;
        }
        let id = row.text("id")?;
        // Between 2½ and 4½ years ago: about half are past three years.
        let on = today - Duration::days(rng.range(913, 1_643));
        let t = TestInput {
            test_date: Some(on),
            method: "urine".into(),
            setting: "on_site".into(),
            result: "positive".into(),
            substances: vec!["海洛因".into()],
            unannounced: false,
        };
        ctx.test_record(&actor, &id, &t).await?;
        loaded.old_cases += 1;
        let facts = AbstinenceFacts {
            last_measure_end: None,
            last_positive: Some(on),
            measure_in_force: false,
        };
        let candidate = candidate_date(&facts).is_some_and(|(d, _)| d <= today);
        if candidate && rng.chance(SHARE_CONFIRMED) {
            let p = ctx.person_view(&actor, &id).await?;
            let update = RegisterUpdate {
                status: "abstinent_3y".into(),
                registration_source: p.registration_source,
                risk_level: p.risk_level.unwrap_or_default(),
                drug_types: p.drug_types,
                tags: p.tags,
                assigned_worker_id: p.assigned_worker_id,
            };
            ctx.person_update_register(&actor, &id, &update).await?;
            loaded.confirmed += 1;
        }
    }
    Ok(loaded)
}
