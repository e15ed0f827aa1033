//! Demo addiction determinations (CYRD 4, 6) recorded on the register: most
//! persons who have had a measure were determined addicted; some severely
//! (CYRD 8), most of them under a measure now and a few not (the
//! "应收尽收" warning on their file and the gap on the dashboard).

use jindu_domain::addiction::SevereGround;
use jindu_domain::authz::Role;
use jindu_store::Q;
use jindu_store::org::OrgUnit;
use jindu_store::service::addiction::AddictionInput;
use jindu_store::service::{Actor, Ctx};
use time::Duration;

use super::rng::Rng;
use crate::failure::CliResult;

/// Its own seed stream, so the other histories of a seed stay as they were.
const ADDICTION_STREAM: u64 = 0x6164_6469_6374_2121;

/// Answers how many determinations were recorded and how many severe.
pub async fn load(ctx: &Ctx, seed: u64, root: &OrgUnit) -> CliResult<(usize, usize)> {
    let actor = Actor::cli(Role::CityOfficer, &root.path);
    let mut rng = Rng::new(seed ^ ADDICTION_STREAM);
    let today = ctx.today();
    let rows = ctx
        .db
        .fetch_all(Q::new(
            "SELECT p.id, p.status FROM persons p WHERE EXISTS (SELECT 1 FROM measures m WHERE m.person_id = p.id) ORDER BY p.id",
        ))
        .await?;
    let (mut recorded, mut severe) = (0, 0);
    for row in rows {
        if !rng.chance(0.8) {
            continue;
        }
        let under_measure = row.text("status")? == "under_measure";
        // Severe: one in four under a measure, one in twelve of the others.
        let is_severe = rng.chance(if under_measure { 0.25 } else { 0.08 });
        let grounds = if is_severe {
            let mut g = vec![rng.pick(SevereGround::ALL).code().to_string()];
            if rng.chance(0.3) {
                g.push(SevereGround::RelapseAfterMeasure.code().to_string());
            }
            g
        } else {
            Vec::new()
        };
        let input = AddictionInput {
            level: if is_severe { "severe" } else { "addicted" }.to_string(),
            determined_on: Some(today - Duration::days(rng.range(20, 900))),
            grounds,
        };
        ctx.person_addiction(&actor, &row.text("id")?, &input)
            .await?;
        recorded += 1;
        severe += usize::from(is_severe);
    }
    Ok((recorded, severe))
}
