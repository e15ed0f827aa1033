//! `jindu`, the one binary of 禁毒综合治理平台: the demo city, set-up,
//! the server, and the operator's console commands (users, migrations,
//! backup, audit verification).
#![forbid(unsafe_code)]
// No unwrap/expect outside tests (architecture.md §3); tests may.

mod cli;
mod commands;
mod demo;
mod failure;
mod logging;
mod open;
mod roles;
mod table;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    logging::init(cli.log_json);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("jindu: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli.command)) {
        Ok(code) => code,
        Err(failure) => {
            eprintln!("jindu: {failure}");
            ExitCode::from(failure.code)
        }
    }
}
