//! Demo reports to the police (JDTL 21): most flags older than two weeks
//! were reported within a few days; the rest still wait on the file and in
//! the work queue.

use jindu_domain::authz::Role;
use jindu_store::Q;
use jindu_store::org::OrgUnit;
use jindu_store::service::police_reports::PoliceReportInput;
use jindu_store::service::{Actor, Ctx};
use time::Duration;

use super::rng::Rng;
use crate::failure::CliResult;

/// Its own seed stream, so the other histories of a seed stay as they were.
const POLICE_STREAM: u64 = 0x706f_6c69_6365_2121;
const STATIONS: &[&str] = &["城关派出所", "江滨派出所", "新区派出所", "开发区派出所"];

/// Answers how many reports were recorded.
pub async fn load(ctx: &Ctx, seed: u64, root: &OrgUnit) -> CliResult<usize> {
    let actor = Actor::cli(Role::CityOfficer, &root.path);
    let mut rng = Rng::new(seed ^ POLICE_STREAM);
    let today = ctx.today();
    let rows = ctx
        .db
        .fetch_all(
            Q::new("SELECT DISTINCT person_id FROM measures WHERE closed = $1 ORDER BY person_id")
                .bind(false),
        )
        .await?;
    let mut n = 0;
    for row in rows {
        let person = row.text("person_id")?;
        let flags = ctx.tests_of(&actor, &person).await?.police_flags;
        for f in flags {
            if f.raised_on > today - Duration::days(14) || !rng.chance(0.7) {
                continue;
            }
            let input = PoliceReportInput {
                reason: f.reason.code().to_string(),
                raised_on: Some(f.raised_on),
                reported_on: Some(f.raised_on + Duration::days(rng.range(0, 5))),
                police_unit: rng.pick(STATIONS).to_string(),
            };
            ctx.police_report_record(&actor, &person, &input).await?;
            n += 1;
        }
    }
    Ok(n)
}
