//! `jindu audit verify | checkpoint`.

use std::process::ExitCode;

use jindu_store::audit;

use crate::cli::AuditCommand;
use crate::failure::CliResult;
use crate::open::Target;

/// Exit code of `audit verify` when the chain is broken (1 is for errors
/// that kept the check from running at all).
pub const EXIT_TAMPERED: u8 = 2;

pub async fn run(cmd: AuditCommand) -> CliResult<ExitCode> {
    match cmd {
        AuditCommand::Verify(args) => {
            let ctx = Target::resolve(&args)?.open_existing().await?;
            let report = audit::verify(&ctx.db, &ctx.keys).await?;
            ctx.db.close().await;
            println!(
                "audit chain: {} entries checked, {} signed checkpoints checked",
                report.entries, report.checkpoints
            );
            match report.first_bad {
                None => {
                    println!("intact");
                    Ok(ExitCode::SUCCESS)
                }
                Some((seq, reason)) => {
                    println!("BROKEN at entry {seq}: {reason}");
                    Ok(ExitCode::from(EXIT_TAMPERED))
                }
            }
        }
        AuditCommand::Checkpoint(args) => {
            let ctx = Target::resolve(&args)?.open_existing().await?;
            let written = audit::write_checkpoint(&ctx.db, &ctx.keys, ctx.now_ms()).await?;
            ctx.db.close().await;
            match written {
                Some(cp) => println!(
                    "checkpoint written: entry {} (hash {}…) in {}",
                    cp.seq,
                    cp.hash.get(..16).unwrap_or(&cp.hash),
                    audit::checkpoint_path(ctx.keys.dir()).display()
                ),
                None => println!("no new entries since the last checkpoint"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
