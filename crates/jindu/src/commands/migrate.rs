//! `jindu migrate`: bring the schema up to date and say what was applied.

use std::process::ExitCode;

use crate::cli::DbArgs;
use crate::failure::CliResult;
use crate::open::{Create, Target};

pub async fn run(args: DbArgs) -> CliResult<ExitCode> {
    let target = Target::resolve(&args)?;
    // Migrations need no keys: the schema holds no secrets.
    let (db, applied) = target.open_db(Create::No).await?;
    db.close().await;
    if applied.is_empty() {
        println!("{}: schema up to date, nothing applied", target.describe());
    } else {
        println!("{}: applied {}", target.describe(), applied.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}
