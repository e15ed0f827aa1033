//! Logging to standard error (standard output is for what a command
//! prints): level from `JINDU_LOG` (default `info`), text or JSON lines.

use std::io::IsTerminal as _;

use tracing_subscriber::EnvFilter;

const DEFAULT_FILTER: &str = "info,sqlx=warn";

pub fn init(json: bool) {
    let filter =
        EnvFilter::try_from_env("JINDU_LOG").unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colours only on a terminal, never in files or journals.
        .with_ansi(std::io::stderr().is_terminal());
    let result = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
    if let Err(e) = result {
        eprintln!("jindu: logging not set up: {e}");
    }
}
