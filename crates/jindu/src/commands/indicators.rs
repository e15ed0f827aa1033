//! `jindu indicators rebuild`: recompute the indicator rollups from the raw
//! records (after a restore, a bulk load, or to check them).

use std::process::ExitCode;

use jindu_domain::authz::Role;
use jindu_store::service::Actor;

use crate::cli::IndicatorsCommand;
use crate::failure::CliResult;
use crate::open::{Target, root_unit};

pub async fn run(cmd: IndicatorsCommand) -> CliResult<ExitCode> {
    match cmd {
        IndicatorsCommand::Rebuild(args) => {
            let ctx = Target::resolve(&args)?.open_existing().await?;
            let root = root_unit(&ctx.db).await?;
            let actor = Actor::cli(Role::SysAdmin, &root.path);
            let started = std::time::Instant::now();
            let report = ctx.indicators_rebuild(&actor).await?;
            ctx.db.close().await;
            println!(
                "indicators rebuilt from {} measures and {} persons: {} members in {} ms",
                report.measures,
                report.persons,
                report.members,
                started.elapsed().as_millis()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
