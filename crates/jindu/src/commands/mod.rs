//! One module per command; each returns the process exit code.

mod audit;
mod backup;
mod demo;
mod indicators;
mod init;
mod migrate;
mod serve;
mod user;

use std::process::ExitCode;

use crate::cli::Command;
use crate::failure::CliResult;

pub async fn run(command: Command) -> CliResult<ExitCode> {
    match command {
        Command::Demo(args) => demo::run(args).await,
        Command::Init(args) => init::run(args).await,
        Command::Serve(args) => serve::run(args).await,
        Command::Migrate(args) => migrate::run(args).await,
        Command::User(cmd) => user::run(cmd).await,
        Command::Backup(args) => backup::run(args).await,
        Command::Audit(cmd) => audit::run(cmd).await,
        Command::Indicators(cmd) => indicators::run(cmd).await,
    }
}
